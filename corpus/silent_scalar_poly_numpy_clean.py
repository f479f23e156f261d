# bp-corpus: clean
# bp-style: scalar parameters (pattern 6): a cubic `y_pred = a + b * x + c * x ** 2 + d * x ** 3` with four scalar coefficients drawn at random, summed squared error, the output gradient `grad_y_pred = 2.0 * (y_pred - y)`, one hand-written reduction per coefficient `grad_a ... grad_d` and updates `a -= learning_rate * grad_a`; NumPy
"""Fit a cubic to exp(x) on [-1, 1] with four scalar coefficients and hand-written gradients."""
import numpy as np

rng = np.random.default_rng(9)

x = np.linspace(-1.0, 1.0, 400)
y = np.exp(x)

a, b, c, d = rng.standard_normal(4)

learning_rate = 1e-3
for t in range(1500):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = np.square(y_pred - y).sum()
    if t % 300 == 0 or t == 1499:
        print(t, "loss", loss)

    grad_y_pred = 2.0 * (y_pred - y)  # bp: error
    grad_a = grad_y_pred.sum()  # bp: F3[a]
    grad_b = (grad_y_pred * x).sum()  # bp: F3[b]
    grad_c = (grad_y_pred * x ** 2).sum()  # bp: F3[c]
    grad_d = (grad_y_pred * x ** 3).sum()  # bp: F3[d]

    a -= learning_rate * grad_a  # bp: update[a]
    b -= learning_rate * grad_b  # bp: update[b]
    c -= learning_rate * grad_c  # bp: update[c]
    d -= learning_rate * grad_d  # bp: update[d]

print(f"y = {a:.4f} + {b:.4f} x + {c:.4f} x^2 + {d:.4f} x^3")
