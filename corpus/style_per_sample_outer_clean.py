"""Per-sample backprop inside a mini-batch loop: 1-D vectors, np.outer gradients summed over the batch."""
# bp-corpus: clean
# bp-layers: W1:tanh W2:softmax
# bp-style: column convention on 1-D vectors, explicit loop over samples, dW += np.outer(delta, x) accumulation, single-sample softmax dy = np.copy(p); dy[label] -= 1, averaged update after the batch
import numpy as np

rng = np.random.RandomState(40)

n_in, n_hid, n_out = 4, 10, 3


def make_dataset(n):
    # class = which of three fixed directions the 4-D point leans towards most
    dirs = rng.randn(n_out, n_in)
    X = rng.randn(n, n_in)
    labels = np.argmax(X.dot(dirs.T), axis=1)
    return X, labels


def softmax(v):
    e = np.exp(v - v.max())
    return e / e.sum()


W1 = rng.randn(n_hid, n_in) * 0.4
b1 = np.zeros(n_hid)
W2 = rng.randn(n_out, n_hid) * 0.4
b2 = np.zeros(n_out)


def predict(x):
    h = np.tanh(W1.dot(x) + b1)
    return h, softmax(W2.dot(h) + b2)


def mean_loss(X, labels):
    return float(np.mean([-np.log(predict(x)[1][k]) for x, k in zip(X, labels)]))


X, labels = make_dataset(240)
lr = 0.2
batch_size = 16

print("epoch 0 loss %.4f" % mean_loss(X, labels))
for epoch in range(1, 41):
    order = rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        idx = order[start:start + batch_size]
        dW1 = np.zeros_like(W1)
        db1 = np.zeros_like(b1)
        dW2 = np.zeros_like(W2)
        db2 = np.zeros_like(b2)
        for x, label in zip(X[idx], labels[idx]):
            h, p = predict(x)
            dy = np.copy(p)  # bp: error
            dy[label] -= 1  # bp: error F1
            dW2 += np.outer(dy, h)  # bp: F3[W2]
            db2 += dy  # bp: F3[b2]
            dh = W2.T.dot(dy)  # bp: F2
            delta = (1 - h * h) * dh  # bp: F1
            dW1 += np.outer(delta, x)  # bp: F3[W1]
            db1 += delta  # bp: F3[b1]
        scale = lr / len(idx)
        W1 -= scale * dW1  # bp: update[W1]
        b1 -= scale * db1  # bp: update[b1]
        W2 -= scale * dW2  # bp: update[W2]
        b2 -= scale * db2  # bp: update[b2]
    if epoch % 10 == 0:
        print("epoch %d loss %.4f" % (epoch, mean_loss(X, labels)))

correct = sum(int(np.argmax(predict(x)[1]) == k) for x, k in zip(X, labels))
print("accuracy %.3f" % (correct / len(X)))
