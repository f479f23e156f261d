"""Clean: a one-hidden-layer regression net built from layer objects whose activation is chosen by name
when the layer is made (lambdas bound to private methods), whose forward pass multiplies the weight by a
drop-connect mask (all ones when the rate is 0) or by a default factor of 1, and whose update lives in
the layer class."""
# bp-corpus: clean
# bp-layers: Hidden[1].W:sigmoid Output[2].W:linear
# bp-style: layer objects with act_fn/act_der lambdas picked by an activation string, name-mangled private activation methods, fwd(scale=1) multiplying self.W by its argument, a drop-connect mask drawn with np.random.binomial, update_params(lr, dW, db) in the class, the training loop in a function taking the layers, row convention
import numpy as np


class Layer:
    def __init__(self, n_in, n_out, activation, seed):
        rng = np.random.default_rng(seed)
        self.W = rng.uniform(-0.5, 0.5, size=(n_in, n_out))
        self.b = np.zeros(n_out)
        self.X = None
        if activation == "sigmoid":
            self.act_fn = lambda z: self.__sigmoid(z)
            self.act_der = lambda a: self.__sigmoid_der(a)
        elif activation == "linear":
            self.act_fn = lambda z: self.__identity(z)
            self.act_der = lambda a: self.__identity_der(a)
        else:
            raise ValueError(activation)

    def __sigmoid(self, z):
        return 1 / (1 + np.exp(-z))

    def __sigmoid_der(self, a):
        return a * (1 - a)

    def __identity(self, z):
        return z

    def __identity_der(self, a):
        return np.ones_like(a)

    def fwd(self, scale=1):
        return np.dot(self.X, self.W * scale) + self.b

    def update_params(self, lr, dW, db):
        self.W = self.W - lr * dW  # bp: update
        self.b = self.b - lr * db  # bp: update


class Hidden(Layer):
    def __init__(self, n_in, n_out, drop_rate=0.0, activation="sigmoid", seed=0):
        Layer.__init__(self, n_in, n_out, activation, seed)
        self.mask = np.random.binomial(n=1, p=1 - drop_rate, size=(n_in, n_out))

    def output(self, X_in):
        self.X = X_in
        return self.act_fn(self.fwd(scale=self.mask))


class Output(Layer):
    def __init__(self, n_in, n_out, activation="linear", seed=0):
        Layer.__init__(self, n_in, n_out, activation, seed)

    def output(self, X_in):
        self.X = X_in
        return self.act_fn(self.fwd())


def train(X, y, hidden, out, epochs, lr):
    n = X.shape[0]
    for epoch in range(epochs):
        h = hidden.output(X)
        y_hat = out.output(h)
        err = (y_hat - y) / n  # bp: error
        d_out = err * out.act_der(y_hat)  # bp: F1
        dW_out = np.dot(h.T, d_out)  # bp: F3
        db_out = d_out.sum(axis=0)  # bp: F3
        d_hidden = np.dot(d_out, out.W.T) * hidden.act_der(h)  # bp: F2 F1
        dW_hidden = np.dot(X.T, d_hidden) * hidden.mask  # bp: F3
        db_hidden = d_hidden.sum(axis=0)  # bp: F3
        out.update_params(lr, dW_out, db_out)                       # bp: update
        hidden.update_params(lr, dW_hidden, db_hidden)              # bp: update
        if epoch % 500 == 0:
            print(f"epoch {epoch} loss {np.mean((y_hat - y) ** 2):.5f}")


if __name__ == "__main__":
    np.random.seed(3)
    X = np.linspace(-2, 2, 64).reshape(-1, 1)
    y = 0.5 * X ** 2 - X + 0.3
    hidden = Hidden(1, 12, drop_rate=0.0, seed=1)
    out = Output(12, 1, seed=2)
    train(X, y, hidden, out, 3001, 0.5)
