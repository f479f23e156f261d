# bp-corpus: buggy
# bp-layers: layer.p['W']:any
# bp-style: numpy, row convention, a layer library of module-level functions over a layer object that keeps its state in dicts (layer.p parameters, layer.g gradients, layer.fc forward cache, layer.bc backward cache), the activation whichever the object was given (`layer.activate(Z)`, its derivative with deriv=True), update walking the gradient dict's keys
"""Dense layer stages as functions over a layer object: forward, backward, gradients, update."""
import numpy as np


def dense_forward(layer, A):
    X = layer.fc['X'] = A
    Z = layer.fc['Z'] = np.dot(X, layer.p['W']) + layer.p['b']
    A = layer.fc['A'] = layer.activate(Z)
    return A


def dense_backward(layer, dX):
    dA = layer.bc['dA'] = dX
    dZ = layer.bc['dZ'] = dA * layer.activate(layer.fc['Z'], deriv=True)  # bp: F1
    dX = layer.bc['dX'] = np.dot(dZ, layer.p['W'])  # bp: F2 BP304
    return dX


def dense_gradients(layer):
    X = layer.fc['X']
    dZ = layer.bc['dZ']
    layer.g['dW'] = np.dot(X.T, dZ)  # bp: F3
    layer.g['db'] = np.sum(dZ, axis=0, keepdims=True)  # bp: F3


def dense_update(layer):
    for gradient in layer.g.keys():
        parameter = gradient[1:]
        layer.p[parameter] -= layer.lrate * layer.g[gradient]  # bp: update
