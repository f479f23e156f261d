"""A small framework: a Module registers every Layer it is given as an attribute, as torch's nn.Module does."""
# bp-corpus: clean
# bp-style: framework module beside its layers, Module.__setattr__ appending each Layer value to self._layers (the registry is the only list of layers), backward walks reversed(self._layers), step(lr) calls each layer's update(lr); no backward arithmetic of its own


class Layer:
    def __call__(self, x):
        return self.forward(x)

    def backward(self, grad):
        return grad

    def update(self, lr):
        pass


class Module:
    def __init__(self):
        self._layers = []

    def __setattr__(self, key, value):
        super().__setattr__(key, value)
        if isinstance(value, Layer):
            self._layers.append(value)

    def __call__(self, x):
        return self.forward(x)

    def backward(self, grad):
        for layer in reversed(self._layers):
            grad = layer.backward(grad)  # bp: F1 F2
        return grad

    def step(self, lr):
        for layer in self._layers:
            layer.update(lr)
