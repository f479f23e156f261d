# bp-corpus: clean
# bp-style: a small layer framework whose dense layer keeps its weight behind a property (`kernel`, stored in the
# list slot `self.weights = [None]` the constructor leaves), filled by `initialize()` when the network links the
# layers, from an initialiser object and sizes known only then; the passes are named `propagate`/`backpropagate`,
# and each layer steps its own weight with the network's learning rate; one sample at a time, vectors
import numpy as np

np.random.seed(11)


class Glorot:
    def __call__(self, shape, fan_in, fan_out):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return np.random.uniform(-limit, limit, size=shape)


class Layer:
    def __init__(self):
        self.net = None
        self.prev_layer = None
        self.output_shape = None
        self.weights = []

    @property
    def input_shape(self):
        return self.prev_layer.output_shape if self.prev_layer else None

    def connect(self, net, prev_layer):
        self.net = net
        self.prev_layer = prev_layer
        self.output_shape = self.get_output_shape()
        self.initialize()

    def initialize(self):
        pass

    def get_output_shape(self):
        return self.input_shape


class InputLayer(Layer):
    def __init__(self, size):
        super().__init__()
        self.size = size

    def get_output_shape(self):
        return (self.size,)

    def propagate(self, x):
        return x

    def backpropagate(self, delta):
        return delta


class Dense(Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units
        self.initializer = Glorot()
        self.weights = [None]
        self.x = None

    @property
    def kernel(self):
        return self.weights[0]

    @kernel.setter
    def kernel(self, value):
        self.weights[0] = value

    def get_output_shape(self):
        return (self.units,)

    def initialize(self):
        fan_in = self.input_shape[0]
        self.kernel = self.initializer((self.units, fan_in), fan_in=fan_in, fan_out=self.units)

    def propagate(self, x):
        self.x = x
        return x @ self.kernel.T

    def backpropagate(self, delta):
        grad_in = delta @ self.kernel  # bp: F2
        step = self.net.learning_rate * np.outer(delta, self.x)  # bp: F3
        self.kernel -= step  # bp: update
        return grad_in


class Tanh(Layer):
    def propagate(self, x):
        self.y = np.tanh(x)
        return self.y

    def backpropagate(self, delta):
        return delta * (1 - self.y ** 2)  # bp: F1


class Network:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate
        self.layers = []

    def add(self, layer):
        self.layers.append(layer)

    def build(self):
        prev = None
        for layer in self.layers:
            layer.connect(self, prev)
            prev = layer

    def fit(self, xs, ys, epochs):
        for epoch in range(epochs):
            total = 0.0
            for x, y in zip(xs, ys):
                out = x
                for layer in self.layers:
                    out = layer.propagate(out)
                total += np.sum((out - y) ** 2)
                delta = 2 * (out - y)  # bp: error
                for layer in reversed(self.layers):
                    delta = layer.backpropagate(delta)  # bp: F1 F2
            if epoch % 50 == 0 or epoch == epochs - 1:
                print(f"epoch {epoch} loss {total / len(xs):.5f}")


xs = np.random.randn(40, 3)
ys = np.stack([np.sin(xs[:, 0]), xs[:, 1] * xs[:, 2] * 0.5], axis=1)
net = Network(learning_rate=0.01)
net.add(InputLayer(3))
net.add(Dense(10))
net.add(Tanh())
net.add(Dense(2))
net.build()
net.fit(xs, ys, epochs=200)
