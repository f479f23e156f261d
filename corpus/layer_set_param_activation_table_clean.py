# bp-corpus: clean
# bp-driver: drivers/layer_set_param_activation_table_clean_driver.py
# bp-style: a layer-class library with no training run of its own: activation layers as objects with forward/backward (`Identity`, `SigmoidLayer`, `TanhLayer`, each keeping its output), an `ActivationLookup` that builds a dict of those objects in a method, picks one by its string (or, handed an activation object, by a loop `for layer in table.values(): if isinstance(name, type(layer))`), raises ValueError when nothing matched and exposes the choice through a property first declared with `pass` and then redefined by `@func.getter`; `Dense.__init__(self, units, activation='linear')` keeps `self.act = ActivationLookup(activation).func` and gets its weights only later, from whoever owns it, through `set_param(self, W, b)`; forward keeps `self.X` and returns `self.act.forward(X @ self.W + self.b)`, backward runs the activation's backward, then dx, self.dW, self.db; row convention; the network and its optimiser live in the driver
"""Dense layers whose activation is looked up in a table of activation objects, and whose weights are set from outside."""
import numpy as np


class Identity:
    def forward(self, x):
        return x

    def backward(self, delta):
        return delta


class SigmoidLayer:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out

    def backward(self, delta):
        return delta * self.out * (1.0 - self.out)  # bp: F1


class TanhLayer:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, delta):
        return delta * (1.0 - self.out ** 2)  # bp: F1


class ActivationLookup:
    """Turns 'tanh' (or a TanhLayer() already made) into a fresh activation layer object."""

    def __init__(self, name):
        self.__chosen = None
        self.__resolve(name)

    def __table(self):
        return {'linear': Identity(), 'sigmoid': SigmoidLayer(), 'tanh': TanhLayer()}

    def __resolve(self, name):
        table = self.__table()
        chosen = None
        if isinstance(name, str):
            chosen = table.get(name.lower())
        else:
            for layer in table.values():
                if isinstance(name, type(layer)):
                    chosen = name
        if chosen is None:
            raise ValueError(f"no activation called {name!r}; known: {sorted(table)}")
        self.__chosen = chosen

    @property
    def func(self):
        pass

    @func.getter
    def func(self):
        return self.__chosen


class Dense:
    def __init__(self, units, activation='linear'):
        self.units = units
        self.act = ActivationLookup(activation).func
        self.W = None
        self.b = None
        self.n_param = 0

    def set_param(self, W, b):
        self.W = W
        self.b = b
        self.n_param = W.size + b.size

    def forward(self, X):
        self.X = X
        return self.act.forward(X @ self.W + self.b)

    def backward(self, delta):
        delta = self.act.backward(delta)  # bp: F1
        dx = delta @ self.W.T  # bp: F2
        self.dW = self.X.T @ delta  # bp: F3[self.W]
        self.db = np.sum(delta, axis=0)  # bp: F3[self.b]
        return dx
