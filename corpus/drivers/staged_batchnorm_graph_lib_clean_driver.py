"""Trains affine -> batch norm -> relu -> affine -> softmax with the graph-walking batch norm backward."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import staged_batchnorm_graph_lib_clean as lib  # noqa: E402

rng = np.random.default_rng(11)
n_in, n_hid, n_cls, n_all, n_batch = 5, 20, 3, 240, 40
means = rng.normal(0.0, 2.0, (n_cls, n_in))
labels = rng.integers(0, n_cls, n_all)
inputs = means[labels] + rng.normal(0.0, 1.0, (n_all, n_in))

w1 = rng.normal(0.0, 1.0, (n_in, n_hid)) / np.sqrt(n_in)
b1 = np.zeros(n_hid)
gamma = np.ones(n_hid)
beta = np.zeros(n_hid)
w2 = rng.normal(0.0, 0.1, (n_hid, n_cls))
b2 = np.zeros(n_cls)
step = 0.1


def forward(x):
    a, c_aff = lib.affine_forward(x, w1, b1)
    bn, c_bn = lib.batchnorm_forward(a, gamma, beta)
    h, c_relu = lib.relu_forward(bn)
    s, c_out = lib.affine_forward(h, w2, b2)
    return s, (c_aff, c_bn, c_relu, c_out)


print("epoch 0 loss %.4f" % lib.softmax_loss(forward(inputs)[0], labels)[0])
for epoch in range(1, 21):
    order = rng.permutation(n_all)
    for start in range(0, n_all, n_batch):
        pick = order[start:start + n_batch]
        scores, (c_aff, c_bn, c_relu, c_out) = forward(inputs[pick])
        _, ds = lib.softmax_loss(scores, labels[pick])
        dh, dw2, db2 = lib.affine_backward(ds, c_out)
        dbn = lib.relu_backward(dh, c_relu)
        da, dgamma, dbeta = lib.batchnorm_backward(dbn, c_bn)
        _, dw1, db1 = lib.affine_backward(da, c_aff)
        for p, g in ((w1, dw1), (b1, db1), (gamma, dgamma), (beta, dbeta), (w2, dw2), (b2, db2)):
            p -= step * g
    if epoch % 5 == 0:
        print("epoch %d loss %.4f" % (epoch, lib.softmax_loss(forward(inputs)[0], labels)[0]))
