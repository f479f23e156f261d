# bp-corpus: clean
# bp-style: a logistic-regression library in columns (features x samples): `gradients(X, Y, w, b)` takes the data first and the parameters as arguments, one output unit (w is a column, b a scalar), so `db = np.sum(A - Y) / m` over every axis is right; the driver trains it
# bp-driver: drivers/silent_logistic_unit_args_allsum_clean_driver.py
"""Logistic regression as functions of the data and the parameters: one sigmoid unit."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def gradients(X, Y, w, b):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.mean(Y * np.log(A + 1e-12) + (1 - Y) * np.log(1 - A + 1e-12))
    dw = np.dot(X, (A - Y).T) / m  # bp: error F1 F3[w]
    db = np.sum(A - Y) / m  # bp: error F1 F3[b]
    return dw, db, cost


def predict(X, w, b):
    return (sigmoid(np.dot(w.T, X) + b) > 0.5).astype(float)
