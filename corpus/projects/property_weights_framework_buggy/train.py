"""Trains a two-layer regression network built from the framework's layers."""
# bp-corpus: buggy
# bp-style: driver beside its package, layers in a list walked forward and then in reverse, each given the optimiser, initialised by the framework's initialisers
import numpy as np

from framework.initializers import He, UniformRandom
from framework.layers import FullyConnected, L2Loss, ReLU
from framework.optimizers import Sgd

np.random.seed(3)
x = np.random.uniform(-1.0, 1.0, (64, 2))
y = (x[:, :1] * x[:, 1:] + 0.5 * x[:, :1])
layers = [FullyConnected(2, 16), ReLU(), FullyConnected(16, 1)]
for layer in layers:
    if layer.trainable:
        layer.initialize(He(), UniformRandom())
        layer.optimizer = Sgd(0.1)
loss_layer = L2Loss()

for epoch in range(601):
    out = x
    for layer in layers:
        out = layer.forward(out)
    loss = loss_layer.forward(out, y)
    error = loss_layer.backward(y)  # bp: error
    for layer in reversed(layers):
        error = layer.backward(error)  # bp: F1 F2
    if epoch % 150 == 0:
        print("epoch", epoch, "loss", round(float(loss), 6))
