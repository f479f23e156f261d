# bp-corpus: clean
# bp-layers: self.W1:relu self.W2:softmax
# bp-requires: python2
# bp-style: legacy Python 2 (old-style class, print statements, print >>sys.stderr, xrange, dict.iteritems(), `except ValueError, e:`), numpy, row convention, class with self.W1/self.W2, ReLU hidden with copy + mask, softmax cross-entropy via probs.copy() and index-subtract, explicit per-parameter -= updates
"""A Python 2 era classifier class: ReLU hidden layer, softmax output, plain SGD."""
import os
import sys

import numpy as np


class SoftmaxMLP:
    def __init__(self, n_in, n_hidden, n_classes, lr=0.5, seed=0):
        rs = np.random.RandomState(seed)
        self.W1 = rs.randn(n_in, n_hidden) * np.sqrt(2.0 / n_in)
        self.b1 = np.zeros(n_hidden)
        self.W2 = rs.randn(n_hidden, n_classes) * 0.01
        self.b2 = np.zeros(n_classes)
        self.lr = lr

    def train_step(self, X, y):
        n = X.shape[0]
        z = np.dot(X, self.W1) + self.b1
        h = np.maximum(z, 0)
        s = np.dot(h, self.W2) + self.b2
        s = s - s.max(axis=1)[:, None]
        p = np.exp(s) / np.exp(s).sum(axis=1)[:, None]
        loss = -np.log(p[np.arange(n), y]).mean()

        ds = p.copy()  # bp: error
        ds[np.arange(n), y] -= 1  # bp: error F1
        ds /= n  # bp: error
        dW2 = np.dot(h.T, ds)  # bp: F3[self.W2]
        db2 = ds.sum(axis=0)  # bp: F3[self.b2]
        dh = np.dot(ds, self.W2.T)  # bp: F2
        dz = dh.copy()  # bp: F1
        dz[z <= 0] = 0  # bp: F1
        dW1 = np.dot(X.T, dz)  # bp: F3[self.W1]
        db1 = dz.sum(axis=0)  # bp: F3[self.b1]

        self.W1 -= self.lr * dW1  # bp: update[self.W1]
        self.b1 -= self.lr * db1  # bp: update[self.b1]
        self.W2 -= self.lr * dW2  # bp: update[self.W2]
        self.b2 -= self.lr * db2  # bp: update[self.b2]
        return loss


try:
    n_epochs = int(os.environ.get("BP_EPOCHS", "300"))
except ValueError, e:
    print >>sys.stderr, "ignoring BP_EPOCHS:", e
    n_epochs = 300

config = {'n_in': 2, 'n_hidden': 40, 'n_classes': 3, 'lr': 1.0, 'seed': 6}
for key, value in sorted(config.iteritems()):
    print "%-10s %s" % (key, value)

np.random.seed(6)
y = np.repeat(np.arange(3), 60)
angle = y * 2.1 + np.tile(np.linspace(0, 2.5, 60), 3) + np.random.randn(180) * 0.15  # three spiral arms
radius = np.tile(np.linspace(0.1, 1.0, 60), 3)
X = np.c_[radius * np.cos(angle), radius * np.sin(angle)]

net = SoftmaxMLP(**config)
for epoch in xrange(n_epochs):
    loss = net.train_step(X, y)
    if epoch % 75 == 0 or epoch == n_epochs - 1:
        print "epoch %3d loss %.4f" % (epoch, loss)
