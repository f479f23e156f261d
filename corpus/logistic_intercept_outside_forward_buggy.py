# bp-corpus: buggy
# bp-style: logistic regression by batch gradient descent, weights a vector; the intercept `bias0` is stepped each iteration by the summed error, but the forward pass computes the logits from the weights alone, so the intercept is trained for nothing (twenty-fourth probe: a real defect, reported before as an unused gradient with a wrong fix)
# bp-layers: coef:sigmoid
"""Pass/fail from two study measures: the intercept is updated but never used."""
import numpy as np

rng = np.random.default_rng(7)
hours = rng.uniform(0, 10, (150, 2))
passed = (hours[:, 0] + 0.4 * hours[:, 1] + rng.normal(0, 1, 150) > 6.5).astype(float)
hours = (hours - hours.mean(axis=0)) / hours.std(axis=0)

coef = np.zeros(2)
bias0 = 0.0
step_size = 0.3
count = len(passed)

for it in range(400):
    prob = 1.0 / (1.0 + np.exp(-(hours @ coef)))
    nll = -np.mean(passed * np.log(prob) + (1 - passed) * np.log(1 - prob))
    bias0 -= step_size * np.sum(prob - passed) / count  # bp: error F1 F3 update[bias0] BP102
    coef -= step_size * hours.T @ (prob - passed) / count  # bp: error F1 F3[coef] update[coef]
    if it % 100 == 0:
        print("iteration %d loss %.5f" % (it, nll))
print("intercept", bias0, "weights", coef)
