"""Linear regression trained by hand with MSE; the residual is written target-minus-prediction, so the update adds."""
# bp-corpus: clean
# bp-layers: theta:linear
# bp-style: single linear layer, error as (y - yhat), gradient computed inside the += update
import numpy as np

np.random.seed(3)

N, D = 256, 4
X = np.random.uniform(-1.0, 1.0, size=(N, D))
theta_true = np.array([[2.0], [-1.0], [0.5], [3.0]])
y = X @ theta_true + 0.7 + 0.05 * np.random.randn(N, 1)

theta = np.random.randn(D, 1) * 0.01
beta = np.zeros(1)
step_size = 0.1


def mean_sq(a, b):
    return float(np.mean((a - b) ** 2))


history = []
for sweep in range(200):
    yhat = X @ theta + beta
    history.append(mean_sq(y, yhat))
    if sweep % 40 == 0:
        print("sweep %3d  loss %.6f" % (sweep, history[-1]))

    miss = y - yhat                                      # bp: error
    # 2/N is the MSE derivative's constant, kept so step_size means the same for any N
    theta += step_size * (2.0 / N) * X.T @ miss          # bp: F3[theta] update[theta]
    beta += step_size * 2.0 * miss.mean(axis=0)          # bp: F3[beta] update[beta]

print("sweep %3d  loss %.6f" % (sweep + 1, mean_sq(y, X @ theta + beta)))
print("theta", np.round(theta.ravel(), 3), "beta", np.round(beta, 3))

# sanity check against the closed-form least-squares fit on the same data
design = np.hstack([X, np.ones((N, 1))])
exact, *_ = np.linalg.lstsq(design, y, rcond=None)
gap = np.abs(exact.ravel() - np.concatenate([theta.ravel(), beta])).max()
print("largest coefficient gap to lstsq: %.2e" % gap)

X_new = np.random.uniform(-1.0, 1.0, size=(64, D))
y_new = X_new @ theta_true + 0.7
print("fresh-sample error %.6f" % mean_sq(y_new, X_new @ theta + beta))
