# bp-corpus: clean
# bp-layers: W1:sigmoid W2:softmax
# bp-style: "from scratch, part 2" layer classes, row convention: self.params = [W, b], self.grads = [zeros_like(W), zeros_like(b)]
# written in place by backward (self.grads[0][...] = dW); the model concatenates every layer's lists (self.params += layer.params)
# and an SGD object steps the parallel lists in place (for p, g in zip(params, grads): p -= self.lr * g)
import numpy as np


class Affine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]

    def forward(self, x):
        self.x = x
        return np.dot(x, self.params[0]) + self.params[1]

    def backward(self, dout):
        W, b = self.params
        dx = np.dot(dout, W.T)  # bp: F2
        dW = np.dot(self.x.T, dout)  # bp: F3
        db = np.sum(dout, axis=0)  # bp: F3
        self.grads[0][...] = dW
        self.grads[1][...] = db
        return dx


class Sigmoid:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, x):
        self.out = out = 1.0 / (1.0 + np.exp(-x))
        return out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out  # bp: F1


class SoftmaxCrossEntropy:
    def forward(self, scores, t):
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        self.y, self.t = e / e.sum(axis=1, keepdims=True), t
        return -np.mean(np.log(self.y[np.arange(len(t)), t] + 1e-7))

    def backward(self, dout=1.0):
        dx = self.y.copy()  # bp: error
        dx[np.arange(len(self.t)), self.t] -= 1  # bp: error F1
        return dx * dout / len(self.t)


class TwoLayerNet:
    def __init__(self, n_in, n_hidden, n_out, rng):
        W1, W2 = 0.5 * rng.standard_normal((n_in, n_hidden)), 0.5 * rng.standard_normal((n_hidden, n_out))
        self.layers = [Affine(W1, np.zeros(n_hidden)), Sigmoid(), Affine(W2, np.zeros(n_out))]
        self.loss_layer, self.params, self.grads = SoftmaxCrossEntropy(), [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, x, t):
        for layer in self.layers:
            x = layer.forward(x)
        return self.loss_layer.forward(x, t)

    def backward(self, dout=1.0):
        dout = self.loss_layer.backward(dout)  # bp: F1 error
        for layer in reversed(self.layers):
            dout = layer.backward(dout)  # bp: F1 F2


class SGD:
    def __init__(self, lr=0.1):
        self.lr = lr

    def update(self, params, grads):
        for p, g in zip(params, grads):
            p -= self.lr * g  # bp: update


rng = np.random.default_rng(5)
labels = np.repeat(np.arange(3), 60)
data = np.array([[0.0, 1.5], [1.3, -0.8], [-1.3, -0.8]])[labels] + 0.6 * rng.standard_normal((180, 2))
model, optimizer = TwoLayerNet(2, 12, 3, rng), SGD(lr=1.0)
for epoch in range(301):
    loss = model.forward(data, labels)
    model.backward()                                                # bp: F2
    optimizer.update(model.params, model.grads)                     # bp: update
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss:.4f}")
