"""Mini-batch training of a column-major fc-relu-fc softmax classifier built from the helpers.

Batch size, input width and hidden width are all 16 (the helpers do not care; it keeps the
driver identical for every variant of the library).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import lib_col_fc_fwd_bwd_matmul_buggy_dW_no_transpose as nn  # noqa: E402

rng = np.random.RandomState(21)
D, H, C, N, B = 16, 16, 3, 480, 16
centers = rng.randn(C, D) * 1.2
labels_all = rng.randint(0, C, size=N)
X_all = (centers[labels_all] + rng.randn(N, D)).T  # (D, N)

W1 = rng.randn(H, D) * np.sqrt(2.0 / D)
b1 = np.zeros((H, 1))
W2 = rng.randn(C, H) * 0.1
b2 = np.zeros((C, 1))
lr = 0.1


def full_loss():
    a, _ = nn.fc_relu_fwd(X_all, W1, b1)
    s, _ = nn.fc_fwd(a, W2, b2)
    return nn.softmax_xent(s, labels_all)[0]


print("epoch 0 loss %.4f" % full_loss())
for epoch in range(1, 21):
    order = rng.permutation(N)
    for start in range(0, N, B):
        idx = order[start:start + B]
        xb, yb = X_all[:, idx], labels_all[idx]
        a1, c1 = nn.fc_relu_fwd(xb, W1, b1)
        s, c2 = nn.fc_fwd(a1, W2, b2)
        _, ds = nn.softmax_xent(s, yb)
        da1, dW2, db2 = nn.fc_bwd(ds, c2)
        _, dW1, db1 = nn.fc_relu_bwd(da1, c1)
        W2 -= lr * dW2
        b2 -= lr * db2
        W1 -= lr * dW1
        b1 -= lr * db1
    if epoch % 5 == 0:
        print("epoch %d loss %.4f" % (epoch, full_loss()))
