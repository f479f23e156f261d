"""Fit a smooth curve with Dense-Tanh-Dense registered as attributes of a Module, and print the loss."""
# bp-corpus: clean
# bp-style: script beside its modules, `class Net(Module)` whose constructor assigns its layers as attributes (the framework's __setattr__ registers them), mean squared error written out, net.backward(error) and net.step(lr)
import numpy as np

from layers import Dense, Tanh
from module import Module


class Net(Module):
    def __init__(self, rng):
        super().__init__()
        self.fc1 = Dense(1, 16, rng)
        self.act = Tanh()
        self.fc2 = Dense(16, 1, rng)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


rng = np.random.RandomState(0)
X = np.linspace(-2.0, 2.0, 64).reshape(-1, 1)
Y = np.sin(1.5 * X)
net = Net(rng)
for step in range(1501):
    out = net(X)
    loss = np.mean((out - Y) ** 2)
    if step % 300 == 0:
        print(f"step {step} loss {loss:.4f}")
    net.backward(2 * (out - Y) / len(X))  # bp: error
    net.step(0.1)
