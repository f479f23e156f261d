# bp-corpus: clean
# bp-layers: W_in:tanh W_out:softmax
# bp-style: numpy, row convention, np.matmul and @ mixed, tanh hidden, softmax + cross-entropy with one-hot targets (delta = probs - onehot), biases, training loop inside a function
"""Gaussian-blob classifier with a tanh hidden layer; forward uses np.matmul, backward uses @."""
import numpy as np


def softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def make_blobs(rng, per_class=80, n_classes=4):
    centres = rng.normal(0, 2.5, size=(n_classes, 2))
    pts = np.concatenate([c + rng.normal(0, 0.8, size=(per_class, 2)) for c in centres])
    labels = np.repeat(np.arange(n_classes), per_class)
    return pts, labels


def train(steps=400, lr=0.3):
    rng = np.random.default_rng(123)
    pts, labels = make_blobs(rng)
    n, n_cls = len(pts), labels.max() + 1
    onehot = np.eye(n_cls)[labels]

    W_in = rng.normal(0, 0.5, size=(2, 16))
    b_in = np.zeros(16)
    W_out = rng.normal(0, 0.5, size=(16, n_cls))
    b_out = np.zeros(n_cls)

    for step in range(steps):
        hid = np.tanh(np.matmul(pts, W_in) + b_in)
        probs = softmax(np.matmul(hid, W_out) + b_out)
        xent = -np.mean(np.log(probs[np.arange(n), labels] + 1e-12))
        if step % 100 == 0 or step == steps - 1:
            print(f"step {step} loss {xent:.4f}")

        delta_out = (probs - onehot) / n  # bp: error F1
        gW_out = hid.T @ delta_out  # bp: F3[W_out]
        gb_out = delta_out.sum(axis=0)  # bp: F3[b_out]
        delta_hid = (delta_out @ W_out.T) * (1.0 - hid * hid)  # bp: F2 F1
        gW_in = np.matmul(pts.T, delta_hid)  # bp: F3[W_in]
        gb_in = delta_hid.sum(axis=0)  # bp: F3[b_in]

        W_out -= lr * gW_out  # bp: update[W_out]
        b_out -= lr * gb_out  # bp: update[b_out]
        W_in -= lr * gW_in  # bp: update[W_in]
        b_in -= lr * gb_in  # bp: update[b_in]


if __name__ == "__main__":
    train()
