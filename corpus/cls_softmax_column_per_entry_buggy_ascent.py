# bp-corpus: buggy
# bp-layers: self.kernel:softmax
# bp-style: (the kernel climbs: its step adds the gradient) a softmax layer class trained one image at a time (the CNN-tutorial shape): the driver writes
# cross-entropy's derivative for the labelled entry only (-1 / p[label]) into zeros; backward walks the upstream
# gradient entry by entry, skips the zeros, builds that entry's column of the softmax Jacobian by hand from the
# exponentials it kept, steps its own weights and returns the input gradient from inside the loop
"""Which quadrant a noisy 4x4 patch is brightest in, by one softmax layer: the kernel's step climbs."""
import numpy as np


class SoftmaxLayer:
    def __init__(self, n_in, n_classes, rng):
        self.kernel = rng.standard_normal((n_in, n_classes)) / n_in
        self.shift = np.zeros(n_classes)

    def forward(self, patch):
        self.patch_shape = patch.shape
        flat = patch.flatten()
        self.flat = flat
        scores = flat @ self.kernel + self.shift
        self.scores = scores
        ex = np.exp(scores - scores.max())
        return ex / np.sum(ex)

    def backward(self, grad_probs, step):
        for k, gk in enumerate(grad_probs):
            if gk == 0:
                continue
            ex = np.exp(self.scores - self.scores.max())
            s = np.sum(ex)
            col = -ex[k] * ex / (s ** 2)
            col[k] = ex[k] * (s - ex[k]) / (s ** 2)
            grad_scores = gk * col                                        # bp: F1
            grad_kernel = self.flat[np.newaxis].T @ grad_scores[np.newaxis]  # bp: F3[self.kernel]
            grad_shift = grad_scores * 1                                  # bp: F3[self.shift]
            grad_flat = self.kernel @ grad_scores                          # bp: F2
            self.kernel += step * grad_kernel                              # bp: update[self.kernel] BP201
            self.shift -= step * grad_shift                                # bp: update[self.shift]
            return grad_flat.reshape(self.patch_shape)


def make_patch(rng):
    label = int(rng.integers(4))
    patch = rng.normal(0.0, 0.3, (4, 4))
    r, c = divmod(label, 2)
    patch[2 * r:2 * r + 2, 2 * c:2 * c + 2] += 1.0
    return patch, label


def train_one(layer, patch, label, step):
    probs = layer.forward(patch)
    loss = -np.log(probs[label])
    grad = np.zeros(4)
    grad[label] = -1 / probs[label]                                       # bp: error
    layer.backward(grad, step)                                      # bp: F2
    return loss


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    layer = SoftmaxLayer(16, 4, rng)
    data = [make_patch(rng) for _ in range(200)]
    for epoch in range(5):
        total = 0.0
        for patch, label in data:
            total += train_one(layer, patch, label, 0.05)
        print(f"epoch {epoch} loss {total / len(data):.4f}")
