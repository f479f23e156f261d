# bp-corpus: buggy
# bp-style: softmax_act_object_diag_clean.py with the softmax treated like the other activation objects: its
# gradient(x) returns p * (1 - p), the Jacobian's diagonal only, and ActivationLayer.backward multiplies every
# activation's gradient(self.x) into accum_grad; otherwise the same: a small layer framework in one file, row
# convention (x @ W + b), a Dense layer returning grad @ self.W.T, activation objects looked up by name in a dict
# ({'relu': ReLU, 'softmax': Softmax}), a CrossEntropy loss object whose gradient(y, p) is -y / p (p clipped), an SGD
# object stepping the Dense layers of a Net (a list of layers)
"""Buggy: the softmax's gradient(x) is p * (1 - p), as if each output depended on its own input only; the
off-diagonal terms -p_i p_j of its Jacobian are dropped, so every gradient below the softmax is wrong.

A three-class toy problem (three Gaussian blobs in the plane) learned by Dense - ReLU - Dense - Softmax, where the
softmax is an activation layer of its own and the cross-entropy hands it dL/dp = -y / p."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        limit = 1 / np.sqrt(n_in)
        self.W = rng.uniform(-limit, limit, (n_in, n_out))
        self.b = np.zeros((1, n_out))

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.dW = self.x.T @ grad  # bp: F3
        self.db = np.sum(grad, axis=0, keepdims=True)  # bp: F3
        return grad @ self.W.T  # bp: F2


class ReLU:
    def __call__(self, x):
        return np.where(x >= 0, x, 0)

    def gradient(self, x):
        return np.where(x >= 0, 1, 0)


class Softmax:
    def __call__(self, x):
        e_x = np.exp(x - np.max(x, axis=-1, keepdims=True))
        self.p = e_x / np.sum(e_x, axis=-1, keepdims=True)
        return self.p

    def gradient(self, x):
        p = self.__call__(x)
        return p * (1 - p)  # bp: BP313


activation_functions = {'relu': ReLU, 'softmax': Softmax}


class ActivationLayer:
    def __init__(self, name):
        self.name = name
        self.act = activation_functions[name]()

    def forward(self, x):
        self.x = x
        return self.act(x)

    def backward(self, accum_grad):
        return accum_grad * self.act.gradient(self.x)  # bp: F1


class CrossEntropy:
    def loss(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return np.mean(-np.sum(y * np.log(p), axis=1))

    def gradient(self, y, p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -y / p  # bp: error


class SGD:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def step(self, layers):
        for layer in layers:
            if isinstance(layer, Dense):
                layer.W -= self.learning_rate * layer.dW  # bp: update
                layer.b -= self.learning_rate * layer.db  # bp: update


class Net:
    def __init__(self, loss, optimizer):
        self.layers = []
        self.loss_function = loss
        self.optimizer = optimizer

    def add(self, layer):
        self.layers.append(layer)

    def forward(self, X):
        out = X
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)  # bp: F1 F2

    def train_on_batch(self, X, y):
        p = self.forward(X)
        loss = self.loss_function.loss(y, p)
        grad = self.loss_function.gradient(y, p)  # bp: error
        self.backward(grad)  # bp: F2
        self.optimizer.step(self.layers)  # bp: update
        return loss


def make_blobs(n_per_class, rng):
    centres = np.array([[0.0, 2.0], [-1.8, -1.0], [1.8, -1.0]])
    X = np.vstack([c + rng.normal(0.0, 0.9, (n_per_class, 2)) for c in centres])
    labels = np.repeat(np.arange(3), n_per_class)
    return X, np.eye(3)[labels]


rng = np.random.default_rng(4)
X, Y = make_blobs(60, rng)
net = Net(CrossEntropy(), SGD(learning_rate=0.002))
net.add(Dense(2, 16, rng))
net.add(ActivationLayer('relu'))
net.add(Dense(16, 3, rng))
net.add(ActivationLayer('softmax'))
for epoch in range(301):
    loss = net.train_on_batch(X, Y)
    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")
