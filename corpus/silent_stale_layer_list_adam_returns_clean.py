"""Dense layers in a list, each stepping its own weights through an Adam object after sending the error back."""
# bp-corpus: clean
# bp-style: layer classes held in a list and walked in reverse, backward(self, grad, lr) computes the input gradient first and then steps its own W and b through an optimiser object that returns the new arrays (W, b = opt.step(W, b, dW, db)), tanh activation objects, mean squared error
import numpy as np


class Adam:
    def __init__(self, shape_w, shape_b, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.mw, self.vw = np.zeros(shape_w), np.zeros(shape_w)
        self.mb, self.vb = np.zeros(shape_b), np.zeros(shape_b)
        self.t = 0

    def step(self, W, b, dW, db, lr):
        self.t += 1
        self.mw = self.beta1 * self.mw + (1 - self.beta1) * dW
        self.vw = self.beta2 * self.vw + (1 - self.beta2) * dW ** 2
        self.mb = self.beta1 * self.mb + (1 - self.beta1) * db
        self.vb = self.beta2 * self.vb + (1 - self.beta2) * db ** 2
        c1, c2 = 1 - self.beta1 ** self.t, 1 - self.beta2 ** self.t
        W_new = W - lr * (self.mw / c1) / (np.sqrt(self.vw / c2) + self.eps)  # bp: update
        b_new = b - lr * (self.mb / c1) / (np.sqrt(self.vb / c2) + self.eps)  # bp: update
        return W_new, b_new


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.randn(n_in, n_out) * np.sqrt(1.0 / n_in)
        self.b = np.zeros((1, n_out))
        self.opt = Adam(self.W.shape, self.b.shape)

    def forward(self, x):
        self.x = x
        return x.dot(self.W) + self.b

    def backward(self, grad, lr):
        dW = self.x.T.dot(grad)  # bp: F3
        db = grad.sum(axis=0, keepdims=True)  # bp: F3
        dx = grad.dot(self.W.T)  # bp: F2
        self.W, self.b = self.opt.step(self.W, self.b, dW, db, lr)
        return dx


class Tanh:
    def forward(self, x):
        self.y = np.tanh(x)
        return self.y

    def backward(self, grad, lr):
        return grad * (1 - self.y ** 2)  # bp: F1


rng = np.random.RandomState(5)
X = rng.randn(128, 4)
T = np.sin(X[:, :1] * 1.5) + 0.3 * X[:, 1:2]
net = [Dense(4, 16, rng), Tanh(), Dense(16, 16, rng), Tanh(), Dense(16, 1, rng)]
for epoch in range(301):
    out = X
    for layer in net:
        out = layer.forward(out)
    err = out - T  # bp: error
    if epoch % 100 == 0:
        print("epoch %d loss %.5f" % (epoch, np.mean(err ** 2)))
    grad = 2 * err / len(X)
    for layer in reversed(net):
        grad = layer.backward(grad, 0.01)  # bp: F1 F2
