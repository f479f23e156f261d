"""Plain stochastic gradient descent over a list of layers."""
# bp-corpus: buggy
# bp-style: optimiser class beside the script, SGD.step(self, layers) looping over layers and updating in place layer.W -= lr * layer.dW for layers that have weights
class SGD:
    def __init__(self, lr=0.1):
        self.lr = lr

    def step(self, layers):
        for layer in layers:
            if not hasattr(layer, "W"):
                continue
            layer.W -= self.lr * layer.dW  # bp: update
            layer.b -= self.lr * layer.db  # bp: update
