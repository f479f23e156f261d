"""A fully connected net of any depth defined beside its experiment, trained through deepkit's Solver."""
# bp-corpus: clean
# bp-layers: self.params['W*']:relu self.params['W*']:softmax
# bp-style: model class in the driver script: layer sizes spliced into a list (`dims[1:1] = hidden_dims`), parameters in a dict under 'W' + str(l + 1) keys drawn uniformly and cast in a second loop, the backward loop branching on `l == self.num_layers - 1` and storing into grads under computed keys in both branches; data read from an .npz when it is there
import os

import numpy as np

from deepkit.layers import *
from deepkit.solver import Solver


class FullyConnectedNet(object):
    def __init__(self, hidden_dims, input_dim=5, num_classes=3, reg=0.0, weight_scale=1.0, dtype=np.float64):
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}
        self.dims = [input_dim, num_classes]
        self.dims[1:1] = hidden_dims
        for l in range(self.num_layers):
            bound = np.sqrt(6.0 / (self.dims[l] + self.dims[l + 1]))
            self.params['W' + str(l + 1)] = 2 * weight_scale * bound * (np.random.rand(self.dims[l], self.dims[l + 1]) - 0.5)
            self.params['b' + str(l + 1)] = np.zeros(self.dims[l + 1])
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y=None):
        X = X.astype(self.dtype)
        outs = []
        caches = []
        out = X
        for l in range(self.num_layers):
            if l < self.num_layers - 1:
                out, cache = affine_relu_forward(out, self.params['W' + str(l + 1)], self.params['b' + str(l + 1)])
                caches.append(cache)
            else:
                out = np.dot(out, self.params['W' + str(l + 1)]) + self.params['b' + str(l + 1)]
            outs.append(out)
        if y is None:
            return out

        loss, dscores = softmax_loss(outs[-1], y)  # bp: F1 error
        for l in range(self.num_layers):
            loss += 0.5 * self.reg * np.sum(self.params['W' + str(l + 1)] ** 2)

        grads = {}
        for k, v in self.params.items():
            grads[k] = np.zeros(v.shape)
        for l in range(self.num_layers - 1, -1, -1):
            if l == self.num_layers - 1:
                grads['b' + str(l + 1)] = np.sum(dscores, 0)  # bp: F3
                grads['W' + str(l + 1)] = np.dot(outs[l - 1].T, dscores)  # bp: F3
                dx = np.dot(dscores, self.params['W' + str(l + 1)].T)  # bp: F2
            else:
                dx, dw, db = affine_relu_backward(dx, caches[l])  # bp: F2 F3
                grads['b' + str(l + 1)] = db
                grads['W' + str(l + 1)] = dw
            grads['W' + str(l + 1)] += self.reg * self.params['W' + str(l + 1)]  # bp: F3
        return loss, grads


def load_data(path="blobs.npz"):
    if os.path.exists(path):
        with np.load(path) as f:
            return {"X_train": f["X"], "y_train": f["y"]}
    rng = np.random.RandomState(3)
    centres = rng.randn(3, 5) * 2.5
    y = np.repeat(np.arange(3), 60)
    X = centres[y] + rng.randn(180, 5)
    return {"X_train": X, "y_train": y}


def main():
    np.random.seed(0)
    data = load_data()
    for hidden in ([16], [16, 12]):
        model = FullyConnectedNet(hidden, reg=1e-3)
        solver = Solver(model, data, update_rule="adam", optim_config={"learning_rate": 5e-3},
                        batch_size=30, num_epochs=12, print_every=18)
        solver.train()


if __name__ == "__main__":
    main()
