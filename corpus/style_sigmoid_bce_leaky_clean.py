"""Binary classifier: leaky-ReLU hidden layer, sigmoid output with binary cross-entropy, y_hat - t."""
# bp-corpus: clean
# bp-layers: self.W1:leaky_relu self.W2:sigmoid
# bp-style: row convention, class with self.W1/self.W2 attributes, sigmoid + binary cross-entropy output delta y_hat - t, leaky ReLU via np.where, -= updates in a method
import numpy as np

ALPHA = 0.05


class BinaryClassifier:
    def __init__(self, n_features, n_hidden, lr=0.1, seed=0):
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(0, np.sqrt(2.0 / n_features), (n_features, n_hidden))
        self.b1 = np.zeros(n_hidden)
        self.W2 = rng.normal(0, np.sqrt(1.0 / n_hidden), (n_hidden, 1))
        self.b2 = np.zeros(1)
        self.lr = lr

    @staticmethod
    def _sigmoid(x):
        return 1.0 / (1.0 + np.exp(-x))

    def predict_proba(self, X):
        self.X = X
        self.z1 = X @ self.W1 + self.b1
        self.a1 = np.where(self.z1 > 0, self.z1, ALPHA * self.z1)
        self.z2 = self.a1 @ self.W2 + self.b2
        self.y_hat = self._sigmoid(self.z2)
        return self.y_hat

    @staticmethod
    def bce(y_hat, t):
        y_hat = np.clip(y_hat, 1e-10, 1 - 1e-10)
        return float(np.mean(-(t * np.log(y_hat) + (1 - t) * np.log(1 - y_hat))))

    def fit_batch(self, X, t):
        y_hat = self.predict_proba(X)
        m = X.shape[0]
        dz2 = (y_hat - t) / m  # bp: error F1
        dW2 = self.a1.T @ dz2  # bp: F3[self.W2]
        db2 = np.sum(dz2, axis=0)  # bp: F3[self.b2]
        da1 = dz2 @ self.W2.T  # bp: F2
        dz1 = np.where(self.z1 > 0, da1, ALPHA * da1)  # bp: F1
        dW1 = self.X.T @ dz1  # bp: F3[self.W1]
        db1 = np.sum(dz1, axis=0)  # bp: F3[self.b1]
        self.W2 -= self.lr * dW2  # bp: update[self.W2]
        self.b2 -= self.lr * db2  # bp: update[self.b2]
        self.W1 -= self.lr * dW1  # bp: update[self.W1]
        self.b1 -= self.lr * db1  # bp: update[self.b1]
        return self.bce(y_hat, t)


def two_spirals(n, rng):
    t = np.sqrt(rng.uniform(0.05, 1, n)) * 3 * np.pi
    arm_a = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / 10
    arm_b = -arm_a
    X = np.vstack([arm_a, arm_b]) + rng.normal(0, 0.03, (2 * n, 2))
    y = np.concatenate([np.zeros(n), np.ones(n)]).reshape(-1, 1)
    return X, y


if __name__ == "__main__":
    rng = np.random.default_rng(99)
    X, y = two_spirals(150, rng)
    clf = BinaryClassifier(2, 48, lr=0.5, seed=1)
    print("epoch    0 loss %.4f" % clf.bce(clf.predict_proba(X), y))
    for epoch in range(1, 1501):
        perm = rng.permutation(len(X))
        for start in range(0, len(X), 60):
            rows = perm[start:start + 60]
            clf.fit_batch(X[rows], y[rows])
        if epoch % 300 == 0:
            print("epoch %4d loss %.4f" % (epoch, clf.bce(clf.predict_proba(X), y)))
