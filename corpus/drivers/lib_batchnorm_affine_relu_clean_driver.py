"""Mini-batch training of an affine-batchnorm-relu-affine softmax classifier built from the helpers."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_batchnorm_affine_relu_clean as nn  # noqa: E402

rng = np.random.RandomState(7)
D, H, C, N, B = 6, 16, 3, 300, 30
centers = rng.randn(C, D) * 1.5
labels = rng.randint(0, C, size=N)
X = centers[labels] + rng.randn(N, D)

W1 = rng.randn(D, H) * np.sqrt(2.0 / D)
b1 = np.zeros(H)
gamma = np.ones(H)
beta = np.zeros(H)
W2 = rng.randn(H, C) * 0.1
b2 = np.zeros(C)
bn_param = {"mode": "train"}
lr = 0.1


def full_loss():
    h, _ = nn.affine_bn_relu_forward(X, W1, b1, gamma, beta, dict(bn_param, mode="train"))
    s, _ = nn.affine_forward(h, W2, b2)
    return nn.softmax_loss(s, labels)[0]


print("epoch 0 loss %.4f" % full_loss())
for epoch in range(1, 16):
    order = rng.permutation(N)
    for start in range(0, N, B):
        idx = order[start:start + B]
        h, c1 = nn.affine_bn_relu_forward(X[idx], W1, b1, gamma, beta, bn_param)
        s, c2 = nn.affine_forward(h, W2, b2)
        _, ds = nn.softmax_loss(s, labels[idx])
        dh, dW2, db2 = nn.affine_backward(ds, c2)
        _, dW1, db1, dgamma, dbeta = nn.affine_bn_relu_backward(dh, c1)
        W2 -= lr * dW2
        b2 -= lr * db2
        W1 -= lr * dW1
        b1 -= lr * db1
        gamma -= lr * dgamma
        beta -= lr * dbeta
    if epoch % 5 == 0:
        print("epoch %d loss %.4f" % (epoch, full_loss()))
