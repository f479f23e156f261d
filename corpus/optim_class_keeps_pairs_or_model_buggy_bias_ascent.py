# bp-corpus: buggy
# bp-driver: drivers/optim_class_keeps_pairs_or_model_clean_driver.py
# bp-style: the optimisers of optim_class_keeps_pairs_or_model_clean.py with LayerSGD adding the bias step (`layer.b += self.lr * layer.db`: ascent); otherwise the same: optimiser classes handed what they train once, in the constructor, and stepping with no arguments: `Momentum(pairs)` keeps a list of (parameter, gradient) pairs and `update()` walks it (`param -= self.lr * v`, a velocity per parameter keyed by its id); `LayerSGD(model)` keeps the network and `step()` walks `self.model.layers`, `layer.W -= self.lr * layer.dW`; the pairs' gradients are filled in place by the driver's backward pass
"""Optimisers that keep what they train from their constructor and step it with no arguments."""


class Momentum:
    def __init__(self, pairs, lr=0.05, beta=0.9):
        self.pairs = pairs
        self.lr = lr
        self.beta = beta
        self.vel = {}

    def update(self):
        for param, grad in self.pairs:
            v = self.beta * self.vel.get(id(param), 0.0) + grad
            self.vel[id(param)] = v
            param -= self.lr * v  # bp: update[param]


class LayerSGD:
    def __init__(self, model, lr=0.05):
        self.model = model
        self.lr = lr

    def step(self):
        for layer in self.model.layers:
            layer.W -= self.lr * layer.dW  # bp: update
            layer.b += self.lr * layer.db  # bp: update BP201
