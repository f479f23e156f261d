# bp-corpus: buggy
# bp-style: module_softmax_delta_clean.py with Softmax.backward_delta returning s * (1 - s) * delta (s recomputed
# from the input), the Jacobian's diagonal only; otherwise the same: course-style Module classes, row convention,
# forward(X), backward_update_gradient(input, delta) adding into self._gradient (reset by zero_grad()),
# backward_delta(input, delta), update_parameters(gradient_step); Linear, TanH and Softmax modules, a Sequential
# keeping each module's input, a cross-entropy loss object whose backward(y, yhat) is -y / yhat
"""Buggy: the softmax module's backward_delta multiplies the loss's gradient by s * (1 - s), the diagonal of its
Jacobian; the terms -s_i s_j that couple the classes are lost.

Three spirals' arms in the plane, one class each, learned by Linear - TanH - Linear - Softmax with the
cross-entropy taken on the softmax's probabilities (not fused with it)."""
import numpy as np


class Module:
    def __init__(self):
        self._parameters = None
        self._gradient = None

    def zero_grad(self):
        pass

    def forward(self, X):
        raise NotImplementedError

    def update_parameters(self, gradient_step=1e-3):
        pass

    def backward_update_gradient(self, input, delta):
        pass

    def backward_delta(self, input, delta):
        raise NotImplementedError


class Linear(Module):
    def __init__(self, input, output, rng):
        super().__init__()
        self._parameters = rng.normal(0.0, 1.0 / np.sqrt(input), (input, output))
        self._bias = np.zeros((1, output))
        self.zero_grad()

    def zero_grad(self):
        self._gradient = np.zeros_like(self._parameters)
        self._gradient_bias = np.zeros_like(self._bias)

    def forward(self, X):
        return X @ self._parameters + self._bias

    def backward_update_gradient(self, input, delta):
        self._gradient += input.T @ delta  # bp: F3
        self._gradient_bias += np.sum(delta, axis=0, keepdims=True)  # bp: F3

    def backward_delta(self, input, delta):
        return delta @ self._parameters.T  # bp: F2

    def update_parameters(self, gradient_step=1e-3):
        self._parameters -= gradient_step * self._gradient  # bp: update
        self._bias -= gradient_step * self._gradient_bias  # bp: update


class TanH(Module):
    def forward(self, X):
        return np.tanh(X)

    def backward_delta(self, input, delta):
        return (1 - np.tanh(input) ** 2) * delta  # bp: F1


class Softmax(Module):
    def forward(self, X):
        e = np.exp(X - np.max(X, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)

    def backward_delta(self, input, delta):
        s = self.forward(input)
        return s * (1 - s) * delta  # bp: F1 BP313


class Sequential:
    def __init__(self, *modules):
        self.modules = list(modules)

    def forward(self, X):
        self.inputs = [X]
        for m in self.modules:
            X = m.forward(X)
            self.inputs.append(X)
        return X

    def backward(self, delta):
        for i in range(len(self.modules) - 1, -1, -1):
            m = self.modules[i]
            m.backward_update_gradient(self.inputs[i], delta)  # bp: F3
            delta = m.backward_delta(self.inputs[i], delta)  # bp: F1 F2
        return delta

    def zero_grad(self):
        for m in self.modules:
            m.zero_grad()

    def update_parameters(self, gradient_step=1e-3):
        for m in self.modules:
            m.update_parameters(gradient_step)  # bp: update


class CELoss:
    def forward(self, y, yhat):
        return -np.sum(y * np.log(np.clip(yhat, 1e-12, 1.0)), axis=1)

    def backward(self, y, yhat):
        return -y / np.clip(yhat, 1e-12, 1.0)  # bp: error


def spirals(n_per_class, rng):
    X, labels = [], []
    for k in range(3):
        r = np.linspace(0.1, 1.0, n_per_class)
        theta = np.linspace(k * 4.0, (k + 1) * 4.0, n_per_class) + rng.normal(0.0, 0.2, n_per_class)
        X.append(np.stack([r * np.sin(theta), r * np.cos(theta)], axis=1))
        labels.append(np.full(n_per_class, k))
    return np.vstack(X), np.eye(3)[np.concatenate(labels)]


rng = np.random.default_rng(0)
X, Y = spirals(50, rng)
net = Sequential(Linear(2, 32, rng), TanH(), Linear(32, 3, rng), Softmax())
loss_fn = CELoss()
step = 0.5 / len(X)
for it in range(1501):
    yhat = net.forward(X)
    loss = np.mean(loss_fn.forward(Y, yhat))
    if it % 300 == 0:
        print(f"iter {it} loss {loss:.4f}")
    net.zero_grad()
    delta = loss_fn.backward(Y, yhat)  # bp: error
    net.backward(delta)  # bp: F2
    net.update_parameters(step)  # bp: update
