"""Buggy: the dict-style two-layer net whose update loop lists its keys by hand and forgets b2."""
# bp-corpus: buggy
# bp-layers: self.params['W1']:relu self.params['W2']:softmax
# bp-style: row convention, affine/relu/softmax helper functions returning caches and gradient tuples, params and grads dicts, class with forward/backward/update methods; the update walks a hand-written key tuple that misses b2
import numpy as np


def affine_forward(x, w, b):
    out = x.dot(w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T)  # bp: F2
    dw = x.T.dot(dout)  # bp: F3
    db = np.sum(dout, axis=0)  # bp: F3
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    return out, x


def relu_backward(dout, cache):
    x = cache
    dx = dout.copy()  # bp: F1
    dx[x <= 0] = 0  # bp: F1
    return dx


def softmax_loss(scores, y):
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= np.sum(probs, axis=1, keepdims=True)
    n = scores.shape[0]
    loss = -np.sum(np.log(probs[np.arange(n), y])) / n
    dscores = probs.copy()  # bp: error
    dscores[np.arange(n), y] -= 1  # bp: error F1
    dscores /= n  # bp: error
    return loss, dscores


class TwoLayerNet:
    def __init__(self, input_dim, hidden_dim, num_classes, weight_scale=0.1, seed=0):
        rng = np.random.RandomState(seed)
        self.params = {}
        self.params['W1'] = weight_scale * rng.randn(input_dim, hidden_dim)
        self.params['b1'] = np.zeros(hidden_dim)
        self.params['W2'] = weight_scale * rng.randn(hidden_dim, num_classes)
        self.params['b2'] = np.zeros(num_classes)
        self.cache = {}

    def forward(self, X):
        h, self.cache['fc1'] = affine_forward(X, self.params['W1'], self.params['b1'])
        a, self.cache['relu'] = relu_forward(h)
        scores, self.cache['fc2'] = affine_forward(a, self.params['W2'], self.params['b2'])  # bp: BP101
        return scores

    def backward(self, dscores):
        grads = {}
        da, grads['W2'], grads['b2'] = affine_backward(dscores, self.cache['fc2'])  # bp: F2 F3
        dh = relu_backward(da, self.cache['relu'])  # bp: F1
        _, grads['W1'], grads['b1'] = affine_backward(dh, self.cache['fc1'])  # bp: F3
        return grads

    def update(self, grads, learning_rate):
        for k in ('W1', 'b1', 'W2'):
            self.params[k] -= learning_rate * grads[k]  # bp: update


def make_moons(n, rng):
    # two interleaving half circles, the classic toy for a two-layer net
    t = rng.uniform(0, np.pi, size=n)
    upper = np.stack([np.cos(t), np.sin(t)], axis=1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=1)
    X = np.vstack([upper, lower]) + rng.normal(0, 0.1, size=(2 * n, 2))
    y = np.concatenate([np.zeros(n, dtype=int), np.ones(n, dtype=int)])
    return X, y


if __name__ == "__main__":
    rng = np.random.RandomState(1)
    X, y = make_moons(100, rng)
    model = TwoLayerNet(input_dim=2, hidden_dim=32, num_classes=2, seed=2)
    for it in range(1001):
        if it % 200 == 0:
            full_loss, _ = softmax_loss(model.forward(X), y)
            print("iter %4d loss %.4f" % (it, full_loss))
        batch = rng.choice(len(X), 50, replace=False)
        scores = model.forward(X[batch])
        loss, dscores = softmax_loss(scores, y[batch])  # bp: F1 error
        grads = model.backward(dscores)  # bp: F3
        model.update(grads, learning_rate=0.5)                      # bp: update
