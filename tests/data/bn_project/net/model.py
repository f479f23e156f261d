import numpy as np
from net.layers import *


class DeepNet:
    def __init__(self, dims, d_in=20, n_cls=5, use_bn=True):
        self.use_bn = use_bn
        self.L = len(dims) + 1
        self.params = {}
        sizes = [d_in] + dims + [n_cls]
        for i in range(1, self.L + 1):
            self.params['W' + str(i)] = 0.01 * np.random.randn(sizes[i - 1], sizes[i])
            self.params['b' + str(i)] = np.zeros(sizes[i])
            if i < self.L:
                self.params['gamma' + str(i)] = np.ones(sizes[i])
                self.params['beta' + str(i)] = np.zeros(sizes[i])

    def loss(self, X, y):
        cache = {}
        h = X
        for i in range(1, self.L):
            h, cache['af' + str(i)] = affine_fwd(h, self.params['W' + str(i)], self.params['b' + str(i)])
            if self.use_bn:
                h, cache['bn' + str(i)] = bn_fwd(h, self.params['gamma' + str(i)], self.params['beta' + str(i)])
            h, cache['rl' + str(i)] = np.maximum(h, 0), h
        i = self.L
        scores, cache['af' + str(i)] = affine_fwd(h, self.params['W' + str(i)], self.params['b' + str(i)])
        loss, d = xent(scores, y)
        grads = {}
        d, grads['W' + str(i)], grads['b' + str(i)] = affine_bwd(d, cache['af' + str(i)])
        for i in range(self.L - 1, 0, -1):
            d = d * (cache['rl' + str(i)] > 0)
            if self.use_bn:
                d, grads['gamma' + str(i)], grads['beta' + str(i)] = bn_bwd(d, cache['bn' + str(i)])
            d, grads['W' + str(i)], grads['b' + str(i)] = affine_bwd(d, cache['af' + str(i)])
        return loss, grads


