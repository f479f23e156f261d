# bp-corpus: clean
# bp-driver: drivers/cls_layer_file_with_smoke_test_driver.py
# bp-style: a layer library that ends with the usual smoke test - `if __name__ == "__main__":` building one layer and calling forward, backward and step once on made-up arrays (a constant upstream gradient, no error, no loop) - the smoke test trains nothing, so the layer's own methods are still read the way a gradient check drives them: formula 3 and 2 in backward, the steps in `step`; row convention; its driver trains it
"""A dense layer with its gradient buffers, and a smoke test that runs it once."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out):
        self.W = np.random.randn(n_in, n_out) * np.sqrt(1.0 / n_in)
        self.b = np.zeros(n_out)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        self.gW = self.x.T @ grad  # bp: F3[self.W]
        self.gb = grad.sum(axis=0)  # bp: F3[self.b]
        return grad @ self.W.T  # bp: F2

    def step(self, lr=0.05):
        self.W -= lr * self.gW  # bp: update[self.W]
        self.b -= lr * self.gb  # bp: update[self.b]


if __name__ == "__main__":
    layer = Dense(4, 2)
    out = layer.forward(np.ones((3, 4)))
    print(out.shape, layer.backward(np.ones((3, 2))).shape)
    layer.step()                                                    # bp: update
