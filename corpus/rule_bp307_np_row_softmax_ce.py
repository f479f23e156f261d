# bp-corpus: buggy
# bp-layers: W1:relu W2:softmax
# bp-style: numpy row convention (X.dot(W)), cs231n-style spiral data, biases, softmax + cross-entropy, in-place ReLU mask
"""Softmax + cross-entropy output whose delta multiplies (probs - onehot) by probs*(1-probs) again."""
import numpy as np

np.random.seed(0)
N, K, D, H = 40, 3, 2, 16
X = np.zeros((N * K, D))
y = np.zeros(N * K, dtype=int)
for j in range(K):
    ix = range(N * j, N * (j + 1))
    r = np.linspace(0.0, 1, N)
    th = np.linspace(j * 4, (j + 1) * 4, N) + np.random.randn(N) * 0.2
    X[ix] = np.c_[r * np.sin(th), r * np.cos(th)]
    y[ix] = j
num_examples = X.shape[0]
onehot = np.eye(K)[y]
W1 = 0.5 * np.random.randn(D, H)
b1 = np.zeros((1, H))
W2 = 0.5 * np.random.randn(H, K)
b2 = np.zeros((1, K))
step_size = 1.0

iterations = 800
for i in range(iterations):
    hidden_pre = X.dot(W1) + b1
    hidden_layer = np.maximum(0, hidden_pre)
    scores = hidden_layer.dot(W2) + b2
    exp_scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    data_loss = -np.mean(np.log(probs[range(num_examples), y]))
    if i == 0 or i == iterations - 1:
        print(f"iteration {i}: loss {data_loss:.4f}")

    dscores = (probs - onehot) * probs * (1 - probs) / num_examples     # bp: error F1 BP307
    dW2 = hidden_layer.T.dot(dscores)                                   # bp: F3[W2]
    db2 = np.sum(dscores, axis=0, keepdims=True)                        # bp: F3[b2]
    dhidden = dscores.dot(W2.T)                                         # bp: F2
    dhidden[hidden_pre <= 0] = 0                                        # bp: F1
    dW1 = X.T.dot(dhidden)                                              # bp: F3[W1]
    db1 = np.sum(dhidden, axis=0, keepdims=True)                        # bp: F3[b1]

    W1 += -step_size * dW1                                              # bp: update[W1]
    b1 += -step_size * db1                                              # bp: update[b1]
    W2 += -step_size * dW2                                              # bp: update[W2]
    b2 += -step_size * db2                                              # bp: update[b2]
