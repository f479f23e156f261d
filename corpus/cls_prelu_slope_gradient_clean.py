"""Layer classes with a parametric activation: a Dense layer and a PReLU whose negative-side slope is
a setting. PReLU.backward also makes the slope's gradient (the incoming gradient times the input where
the input is not positive), kept for inspection, and passes the gradient on through the two slopes;
the training loop steps the weights and the biases. Fits a small 1-D regression."""
# bp-corpus: clean
# bp-layers: Dense[1].W:leaky_relu Dense[2].W:linear
# bp-style: layer classes, row convention (x @ W), forward/backward methods storing self.x, gradients kept as layer attributes (self.dW, self.db, self.slope_grad), PReLU with a scalar learnable slope: dx = np.where(self.x > 0, g, self.slope * g), slope_grad = np.sum(g * self.x * (self.x <= 0)), mean-squared error, the slope's gradient is computed but the slope is not trained
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, g):
        self.dW = self.x.T @ g  # bp: F3
        self.db = g.sum(axis=0)  # bp: F3
        return g @ self.W.T  # bp: F2


class PReLU:
    def __init__(self, slope=0.25):
        self.slope = slope
        self.slope_grad = 0.0

    def forward(self, x):
        self.x = x
        return np.where(x > 0, x, self.slope * x)

    def backward(self, g):
        # the slope's gradient, not formula 1 (the mask times the input itself); no tag: the slope is a setting
        self.slope_grad = np.sum(g * self.x * (self.x <= 0))
        dx = np.where(self.x > 0, g, self.slope * g)  # bp: F1
        return dx


def make_data(n, rng):
    x = rng.uniform(-2.0, 2.0, (n, 1))
    y = np.abs(x) - 0.6 * x + 0.05 * rng.normal(size=(n, 1))
    return x, y


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    X, Y = make_data(256, rng)
    dense1, act, dense2 = Dense(1, 16, rng), PReLU(), Dense(16, 1, rng)
    lr = 0.05
    for epoch in range(401):
        pred = dense2.forward(act.forward(dense1.forward(X)))
        loss = np.mean((pred - Y) ** 2)
        if epoch % 100 == 0:
            print(f"epoch {epoch} loss {loss:.5f} slope {act.slope:.3f}")
        g = 2.0 * (pred - Y) / len(X)  # bp: error
        dense1.backward(act.backward(dense2.backward(g)))           # bp: F2
        for layer in (dense1, dense2):
            layer.W -= lr * layer.dW  # bp: update
            layer.b -= lr * layer.db  # bp: update
