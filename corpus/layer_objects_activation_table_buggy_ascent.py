# bp-corpus: buggy
# bp-style: layer objects with a class-level activation table (see layer_objects_activation_table_clean.py); the
# weights step up the gradient
import numpy as np

np.random.seed(3)


class DenseLayer:
    ACTIVATIONS = {
        "relu": {"func": lambda z: np.maximum(0, z), "deriv": lambda z: (z > 0).astype(float)},
        "sigmoid": {"func": lambda z: 1 / (1 + np.e ** (-z)),
                    "deriv": lambda z: (1 / (1 + np.e ** (-z))) * (1 - 1 / (1 + np.e ** (-z)))},
    }

    def __init__(self, n_in, n_out, activation):
        self.activation = activation
        self.weights = np.random.randn(n_out, n_in) * np.sqrt(2.0 / n_in)
        self.biases = np.zeros((n_out, 1))

    def forward(self, input_vector):
        self.z_s = self.weights @ input_vector + self.biases
        func = self.ACTIVATIONS[self.activation]["func"]
        self.a_s = func(self.z_s)
        return self.a_s

    def compute_derivatives(self):
        deriv = self.ACTIVATIONS[self.activation]["deriv"]
        self.derivs = deriv(self.z_s)


class Network:
    def __init__(self, sizes):
        self.layers = []
        for i in range(len(sizes) - 1):
            act = "sigmoid" if i == len(sizes) - 2 else "relu"
            self.layers.append(DenseLayer(sizes[i], sizes[i + 1], act))

    def predict(self, input_batch):
        x = input_batch
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def compute_deltas(self, y):
        out = self.layers[-1]
        out.compute_derivatives()
        out.delta = (out.a_s - y) * out.derivs  # bp: error F1
        for i in range(len(self.layers) - 2, -1, -1):
            layer, above = self.layers[i], self.layers[i + 1]
            layer.compute_derivatives()
            layer.delta = np.dot(above.weights.T, above.delta) * layer.derivs  # bp: F2 F1

    def compute_gradients(self, input_batch, targets):
        m = input_batch.shape[1]
        self.predict(input_batch)
        self.compute_deltas(targets)  # bp: F2
        for i, layer in enumerate(self.layers):
            prev = input_batch if i == 0 else self.layers[i - 1].a_s
            layer.dweights = np.dot(layer.delta, prev.T) / m  # bp: F3
            layer.dbiases = layer.delta.sum(axis=1, keepdims=True) / m  # bp: F3

    def train(self, X, Y, learning_rate=0.5, epochs=400):
        for epoch in range(epochs):
            self.compute_gradients(X, Y)
            for layer in self.layers:
                layer.weights += learning_rate * layer.dweights  # bp: update BP201
                layer.biases -= learning_rate * layer.dbiases  # bp: update
            if epoch % 100 == 0 or epoch == epochs - 1:
                p = self.predict(X)
                print(f"epoch {epoch} loss {np.mean((p - Y) ** 2) / 2:.5f}")


X = np.random.randn(2, 64)
Y = (X[0:1] * X[1:2] > 0).astype(float)
net = Network([2, 8, 1])
net.train(X, Y)
