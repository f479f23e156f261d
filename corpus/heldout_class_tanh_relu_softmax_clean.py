"""Three-layer classifier kept as a small class: tanh, ReLU, softmax; learn() stores grads, step() applies them."""
# bp-corpus: clean
# bp-layers: self.kernel_a:tanh self.kernel_b:relu self.kernel_c:softmax
# bp-style: row convention, class with infer/learn/step, gradients kept on the instance between calls
import numpy as np


class TinyClassifier:
    def __init__(self, widths, rng):
        n_in, n_a, n_b, n_out = widths
        self.kernel_a = rng.normal(0.0, 1.0 / np.sqrt(n_in), (n_in, n_a))
        self.shift_a = np.zeros(n_a)
        self.kernel_b = rng.normal(0.0, np.sqrt(2.0 / n_a), (n_a, n_b))
        self.shift_b = np.zeros(n_b)
        self.kernel_c = rng.normal(0.0, 1.0 / np.sqrt(n_b), (n_b, n_out))
        self.shift_c = np.zeros(n_out)

    def infer(self, X):
        self.pre_a = X @ self.kernel_a + self.shift_a
        self.act_a = np.tanh(self.pre_a)
        self.pre_b = self.act_a @ self.kernel_b + self.shift_b
        self.act_b = np.maximum(self.pre_b, 0.0)
        logits = self.act_b @ self.kernel_c + self.shift_c
        logits = logits - logits.max(axis=1, keepdims=True)
        expd = np.exp(logits)
        self.prob = expd / expd.sum(axis=1, keepdims=True)
        return self.prob

    def learn(self, X, labels):
        prob = self.infer(X)
        n = X.shape[0]
        nll = -np.log(prob[np.arange(n), labels] + 1e-12).mean()
        g = prob.copy()  # bp: error
        g[np.arange(n), labels] -= 1.0                   # bp: error F1
        g /= n  # bp: error
        self.g_kernel_c = self.act_b.T @ g               # bp: F3[self.kernel_c]
        self.g_shift_c = g.sum(axis=0)                   # bp: F3[self.shift_c]
        back_b = g @ self.kernel_c.T                     # bp: F2
        back_b = back_b * (self.pre_b > 0)               # bp: F1
        self.g_kernel_b = self.act_a.T @ back_b          # bp: F3[self.kernel_b]
        self.g_shift_b = back_b.sum(axis=0)              # bp: F3[self.shift_b]
        back_a = (back_b @ self.kernel_b.T) * (1.0 - self.act_a ** 2)  # bp: F2 F1
        self.g_kernel_a = X.T @ back_a                   # bp: F3[self.kernel_a]
        self.g_shift_a = back_a.sum(axis=0)              # bp: F3[self.shift_a]
        return nll

    def step(self, lr):
        self.kernel_c -= lr * self.g_kernel_c            # bp: update[self.kernel_c]
        self.shift_c -= lr * self.g_shift_c              # bp: update[self.shift_c]
        self.kernel_b -= lr * self.g_kernel_b            # bp: update[self.kernel_b]
        self.shift_b -= lr * self.g_shift_b              # bp: update[self.shift_b]
        self.kernel_a -= lr * self.g_kernel_a            # bp: update[self.kernel_a]
        self.shift_a -= lr * self.g_shift_a              # bp: update[self.shift_a]


def three_blobs(rng, per_class=60):
    centres = np.array([[0.0, 2.0], [-1.8, -1.0], [1.8, -1.0]])
    X = np.concatenate([c + 0.7 * rng.standard_normal((per_class, 2)) for c in centres])
    labels = np.repeat(np.arange(3), per_class)
    return X, labels


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    X, labels = three_blobs(rng)
    net = TinyClassifier((2, 16, 12, 3), rng)
    for it in range(400):
        nll = net.learn(X, labels)
        net.step(0.2)                                               # bp: update
        if it % 100 == 0:
            print(f"iter {it:3d} loss {nll:.4f}")
    final = -np.log(net.infer(X)[np.arange(len(labels)), labels]).mean()
    acc = (net.infer(X).argmax(axis=1) == labels).mean()
    print(f"final loss {final:.4f} (accuracy {acc:.2f})")
