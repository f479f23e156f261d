# bp-corpus: buggy
# bp-style: a layer written as a class of static methods, in the shape of a widely copied gist: `init` draws one
# matrix that holds the weights and, in its first row, the biases; `forward(X, W)` prepends a column of ones to its
# input, keeps what the backward pass needs in a cache dict and returns the output with it; `backward(dY, cache)`
# returns the input's and the matrix's gradients; nothing in this file calls them; the matrix's gradient lacks the transpose
import numpy as np


class TanhLayer:

    @staticmethod
    def init(n_in, n_out, rng):
        W = rng.standard_normal((n_in + 1, n_out)) / np.sqrt(n_in + 1)
        W[0, :] = 0.0
        return W

    @staticmethod
    def forward(X, W):
        n = X.shape[0]
        Xb = np.hstack([np.ones((n, 1)), X])
        Y = np.tanh(Xb.dot(W))
        cache = {'Xb': Xb, 'Y': Y, 'W': W}
        return Y, cache

    @staticmethod
    def backward(dY, cache):
        Xb, Y, W = cache['Xb'], cache['Y'], cache['W']
        dA = (1 - Y ** 2) * dY  # bp: F1
        dW = Xb.dot(dA)  # bp: F3 BP304
        dXb = dA.dot(W.T)  # bp: F2
        dX = dXb[:, 1:]
        return dX, dW
