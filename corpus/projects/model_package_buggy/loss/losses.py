"""Loss classes: compute_loss(labels, preds) and compute_derivative(labels, preds), labels one-hot columns."""
# bp-corpus: buggy
# bp-style: package loss class with static methods, categorical cross-entropy on softmax outputs (column convention), compute_derivative returning the combined softmax + cross-entropy gradient preds - labels (the batch mean is taken by the dense layers)
import numpy as np


class CrossEntropy:
    @staticmethod
    def compute_loss(labels, preds):
        m = labels.shape[1]
        return -np.sum(labels * np.log(preds + 1e-12)) / m

    @staticmethod
    def compute_derivative(labels, preds):
        return preds - labels  # bp: error F1
