# bp-corpus: clean
# bp-style: a small framework trained from a dataset class iterated through `__getitem__` (no `__iter__`); a softmax
# layer whose denominator carries an epsilon and whose backward pass goes through the exponentials (g / S - sum(g e)
# / S^2, then times e); a cross-entropy handed the probabilities (-t / p); an RMSProp optimiser whose `update(layer,
# ...)` hands the layer to a helper stepping `getattr(layer, name)` in place
import numpy as np

np.random.seed(3)


class Batches:
    def __init__(self, X, Y, size):
        self.X, self.Y, self.size = X, Y, size

    def __len__(self):
        return len(self.X) // self.size

    def __getitem__(self, index):
        if index >= len(self):
            raise IndexError(index)
        rows = slice(index * self.size, (index + 1) * self.size)
        return self.X[rows], self.Y[rows]


class Dense:
    def __init__(self, n_in, n_out):
        self.weights = np.random.randn(n_in, n_out) * 0.1
        self.biases = np.zeros((1, n_out))
        self.opt_params = {"weights": np.zeros((n_in, n_out)), "biases": np.zeros((1, n_out))}

    def forward(self, inputs):
        self.inputs = inputs
        return inputs @ self.weights + self.biases

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues  # bp: F3
        self.dbiases = dvalues.sum(axis=0, keepdims=True)  # bp: F3
        return dvalues @ self.weights.T  # bp: F2


class Tanh:
    def forward(self, inputs):
        self.out = np.tanh(inputs)
        return self.out

    def backward(self, dvalues):
        return dvalues * (1 - self.out ** 2)  # bp: F1


class SoftMax:
    def __init__(self):
        self.eps = 1e-20

    def forward(self, inputs):
        self.exp = np.exp(inputs - inputs.max(axis=-1, keepdims=True))
        self.probs = self.exp / (self.exp.sum(axis=-1, keepdims=True) + self.eps)
        return self.probs

    def backward(self, dvalues):
        exp_sum = self.exp.sum(axis=-1, keepdims=True) + self.eps
        first = dvalues / exp_sum
        second = -np.sum(dvalues * self.exp, axis=-1, keepdims=True) / exp_sum ** 2
        dexp = first + second
        return dexp * self.exp  # bp: F1


class CrossEntropy:
    def forward(self, probs, targets):
        return -np.mean(np.sum(targets * np.log(probs + 1e-12), axis=1))

    def backward(self, probs, targets):
        return -targets / (probs + 1e-12) / len(probs)  # bp: error


class RMSProp:
    def __init__(self, learning_rate=0.01, rho=0.9):
        self.learning_rate = learning_rate
        self.rho = rho

    def update(self, layer):
        self._update_variable(layer, "weights", layer.dweights)  # bp: update
        self._update_variable(layer, "biases", layer.dbiases)  # bp: update

    def _update_variable(self, layer, name, grads):
        cache = self.rho * layer.opt_params[name] + (1 - self.rho) * grads ** 2
        layer.opt_params[name] = cache
        variable = getattr(layer, name)
        variable -= self.learning_rate * grads / (np.sqrt(cache) + 1e-8)  # bp: update


X = np.random.randn(120, 4)
labels = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int)
Y = np.eye(2)[labels]
hidden, act, out, soft = Dense(4, 16), Tanh(), Dense(16, 2), SoftMax()
loss_fn, opt = CrossEntropy(), RMSProp(learning_rate=0.01)
loader = Batches(X, Y, 20)
for epoch in range(60):
    total = 0.0
    for step, (a, b) in enumerate(loader):
        probs = soft.forward(out.forward(act.forward(hidden.forward(a))))
        total += loss_fn.forward(probs, b)
        grad = loss_fn.backward(probs, b)  # bp: error
        grad = soft.backward(grad)  # bp: F1
        grad = out.backward(grad)  # bp: F2
        grad = act.backward(grad)  # bp: F1
        hidden.backward(grad)  # bp: F2
        opt.update(out)  # bp: update
        opt.update(hidden)  # bp: update
    if epoch % 20 == 0 or epoch == 59:
        print(f"epoch {epoch} loss {total / len(loader):.4f}")
