"""A container that runs its layers in order and backpropagates through them in reverse."""
# bp-corpus: clean
# bp-style: container class beside its layer module (from layers import ...), forward loops self.layers, backward starts at the criterion and loops reversed(self.layers); no backward arithmetic of its own
from layers import SoftmaxCrossEntropy


class Sequential:
    def __init__(self, layers, criterion=None):
        self.layers = list(layers)
        self.criterion = criterion if criterion is not None else SoftmaxCrossEntropy()

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, labels):
        return self.criterion.forward(self.forward(x), labels)

    def backward(self):
        grad = self.criterion.backward()  # bp: F1 error
        for layer in reversed(self.layers):
            grad = layer.backward(grad)  # bp: F1 F2
        return grad
