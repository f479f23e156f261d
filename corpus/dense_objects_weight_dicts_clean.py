# bp-corpus: clean
# bp-driver: drivers/dense_objects_weight_dicts_clean_driver.py
# bp-style: layer objects in the shape of a research repository's NumPy layers: each dense layer keeps its weight and
# bias in a dict attribute (`self.weights['W']`), made in the constructor through a local name
# (`W = np.zeros(...); W = W + np.random.randn(...); W = W / np.sqrt(n_in)`), inputs as column vectors with a leading
# batch axis (`np.matmul(W, x)` with W shaped (1, out, in)), the transposes written `np.transpose(a, [0, 2, 1])`,
# the bias gradient `1*delta`; a backward method returning a dict of the weight, bias and input gradients, a
# numerically stable sigmoid (`np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))`), a ReLU
# object; its driver trains them with updates averaged over the batch
import numpy as np


class CrossEntropyCost:
    def forward(self, label, out):
        return np.mean(-label * np.log(out + 1e-8) - (1 - label) * np.log(1 - out + 1e-8))

    def backward(self, label, out):
        return out - label  # bp: error


class DenseLayer:
    def __init__(self, n_in, n_out, rng):
        self.weights = {}
        W = np.zeros([1, n_out, n_in])
        W = W + rng.standard_normal((1, n_out, n_in))
        W = W / np.sqrt(n_in)
        self.weights['W'] = W
        self.weights['b'] = np.zeros([1, n_out, 1])

    def forward(self, inputs):
        return np.matmul(self.weights['W'], inputs) + self.weights['b']

    def backward(self, inputs, delta):
        dx = np.matmul(np.transpose(self.weights['W'], [0, 2, 1]), delta)  # bp: F2
        dw = np.matmul(delta, np.transpose(inputs, [0, 2, 1]))  # bp: F3
        db = 1*delta  # bp: F3
        return {'W': dw, 'b': db, 'x': dx}


class ReLU:
    def forward(self, inputs):
        return np.maximum(inputs, 0.0)

    def backward(self, inputs, delta):
        return delta * (inputs > 0)  # bp: F1


class Sigmoid:
    def sigmoid(self, inputs):
        return np.where(inputs >= 0, 1 / (1 + np.exp(-inputs)), np.exp(inputs) / (1 + np.exp(inputs)))

    def forward(self, inputs):
        return self.sigmoid(inputs)
