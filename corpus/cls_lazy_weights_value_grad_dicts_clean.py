# bp-corpus: clean
# bp-driver: drivers/cls_lazy_weights_value_grad_dicts_clean_driver.py
# bp-style: dense layer class whose weights are made on first use - the constructor leaves `{"val": None, "grad": 0}` and forward draws `self.W["val"]` once it sees the input width - row convention with the weight stored (out, in) and used transposed, gradients kept beside the values (`self.W["grad"] = ...`); a layer library trained by its driver
"""A dense layer that sizes its weights from the first input it sees."""
import numpy as np


class LazyDense:
    def __init__(self, out_features):
        self.out_features = out_features
        self.W = {"val": None, "grad": 0}
        self.b = {"val": None, "grad": 0}

    def forward(self, x):
        if self.W["val"] is None:
            n_in = x.shape[1]
            self.W["val"] = np.random.randn(self.out_features, n_in) * np.sqrt(1.0 / n_in)
            self.b["val"] = np.zeros((1, self.out_features))
        self.x = x
        return x @ self.W["val"].T + self.b["val"]

    def backward(self, d_out):
        n = self.x.shape[0]
        self.W["grad"] = d_out.T @ self.x / n  # bp: F3[self.W['val']]
        self.b["grad"] = np.sum(d_out, axis=0, keepdims=True) / n  # bp: F3[self.b['val']]
        return d_out @ self.W["val"]  # bp: F2
