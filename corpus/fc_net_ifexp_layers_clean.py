# bp-corpus: clean
# bp-style: cs231n layer library and a FullyConnectedNet class, row convention: affine_forward/affine_backward (inputs
# flattened with x.reshape(x.shape[0], -1), dw = x_flat.T @ dout), relu_forward/relu_backward, the sandwich
# affine_relu_forward/affine_relu_backward, softmax_loss(x, y) returning (loss, dx); the net's loss(X, y) picks each
# layer's forward and backward with a conditional expression (`affine_relu_forward(...) if i != self.num_layers - 1
# else affine_forward(...)`), self.num_layers counting the input layer too (weights W1 ... W{num_layers - 1}), and
# stores `grads['W' + str(i)], grads['b' + str(i)] = dw + self.reg * w, db`; a tiny SGD loop over the params dict
"""A fully connected net of two hidden ReLU layers on a three-class problem with sixteen features, trained with
mini-batches of sixteen samples and L2 regularisation."""
import numpy as np


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)  # bp: F2
    dw = x.reshape(x.shape[0], -1).T @ dout  # bp: F3
    db = np.sum(dout, axis=0)  # bp: F3
    return dx, dw, db


def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = (x > 0) * dout  # bp: F1
    return dx


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    cache = (fc_cache, relu_cache)
    return out, cache


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)  # bp: F1
    dx, dw, db = affine_backward(da, fc_cache)  # bp: F2 F3
    return dx, dw, db


def softmax_loss(x, y):
    shifted_logits = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted_logits), axis=1, keepdims=True)
    log_probs = shifted_logits - np.log(Z)
    probs = np.exp(log_probs)
    N = x.shape[0]
    loss = -np.sum(log_probs[np.arange(N), y]) / N
    dx = probs.copy()  # bp: error
    dx[np.arange(N), y] -= 1  # bp: error F1
    dx /= N  # bp: error
    return loss, dx


class FullyConnectedNet:
    def __init__(self, hidden_dims, input_dim, num_classes, reg=0.0, weight_scale=1e-2, seed=0):
        self.reg = reg
        self.num_layers = len(hidden_dims) + 2
        self.params = {}
        dims = [input_dim] + hidden_dims + [num_classes]
        rng = np.random.RandomState(seed)
        for i in range(1, self.num_layers):
            self.params['W' + str(i)] = weight_scale * rng.randn(dims[i - 1], dims[i])
            self.params['b' + str(i)] = np.zeros(dims[i])

    def loss(self, X, y=None):
        caches = []
        inp = X
        for i in range(1, self.num_layers):
            w, b = self.params['W' + str(i)], self.params['b' + str(i)]
            out, cache = affine_relu_forward(inp, w, b) if i != self.num_layers - 1 else affine_forward(inp, w, b)
            caches.append(cache)
            inp = out
        scores = out
        if y is None:
            return scores

        loss, dout = softmax_loss(scores, y)  # bp: error F1
        grads = {}
        for i in range(self.num_layers - 1, 0, -1):
            w = self.params['W' + str(i)]
            loss += 0.5 * self.reg * np.sum(w * w)
            dx, dw, db = affine_relu_backward(dout, caches[i - 1]) if i != self.num_layers - 1 else affine_backward(dout, caches[i - 1])  # bp: F2 F3
            grads['W' + str(i)], grads['b' + str(i)] = dw + self.reg * w, db  # bp: F3
            dout = dx
        return loss, grads


rng = np.random.RandomState(1)
teacher = rng.randn(16, 3)
X_all = rng.randn(480, 16)
y_all = np.argmax(np.tanh(X_all @ teacher) + 0.3 * rng.randn(480, 3), axis=1)

model = FullyConnectedNet([16, 16], input_dim=16, num_classes=3, reg=1e-3, weight_scale=0.3, seed=2)
learning_rate = 0.1
batch_size = 16
for it in range(1201):
    if it % 300 == 0:
        full_loss, _ = softmax_loss(model.loss(X_all), y_all)
        print("iteration %d loss %.4f" % (it, full_loss))
    batch = rng.choice(len(X_all), batch_size, replace=False)
    loss, grads = model.loss(X_all[batch], y_all[batch])
    for k in model.params:
        model.params[k] -= learning_rate * grads[k]  # bp: update
