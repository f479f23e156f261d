# bp-corpus: buggy
# bp-style: pure Python, one dict per neuron (weights, output, delta), the samples written out as rows
#   whose last entry is the class; per-neuron loops for the error, the deltas and the step
# bp-layers: network[0][*]['weights']:sigmoid network[1][*]['weights']:sigmoid
"""A two-layer network of neuron dicts trained on a small table of samples typed into the script."""
from math import exp
from random import random, seed


def weighted_sum(weights, inputs):
    total = weights[-1]
    for i in range(len(weights) - 1):
        total += weights[i] * inputs[i]
    return total


def forward(network, row):
    inputs = row[:-1]
    for layer in network:
        outputs = []
        for neuron in layer:
            neuron['output'] = 1.0 / (1.0 + exp(-weighted_sum(neuron['weights'], inputs)))
            outputs.append(neuron['output'])
        inputs = outputs
    return inputs


def backward(network, expected):
    for i in reversed(range(len(network))):
        layer = network[i]
        errors = []
        if i == len(network) - 1:
            for j in range(len(layer)):
                errors.append(layer[j]['output'] - expected[j])  # bp: error
        else:
            for j in range(len(layer)):
                total = 0.0
                for neuron in network[i + 1]:
                    total += neuron['weights'][j] * neuron['delta']  # bp: F2
                errors.append(total)
        for j in range(len(layer)):
            neuron = layer[j]
            neuron['delta'] = errors[j] * neuron['output'] * (1.0 - neuron['output'])  # bp: F1


def step(network, row, rate):
    for i in range(len(network)):
        inputs = row[:-1]
        if i != 0:
            inputs = [neuron['output'] for neuron in network[i - 1]]
        for neuron in network[i]:
            for j in range(len(inputs)):
                neuron['weights'][j] -= rate * neuron['delta'] * inputs[j]  # bp: F3 update
            neuron['weights'][-1] += rate * neuron['delta']  # bp: update BP201


seed(3)
dataset = [[2.78, 2.55, 0], [1.47, 2.36, 0], [3.40, 4.40, 0], [1.39, 1.85, 0], [3.06, 3.01, 0],
           [7.63, 2.76, 1], [5.33, 2.09, 1], [6.92, 1.77, 1], [8.68, -0.24, 1], [7.67, 3.51, 1]]
network = [[{'weights': [random() - 0.5 for _ in range(3)]} for _ in range(3)],
           [{'weights': [random() - 0.5 for _ in range(4)]} for _ in range(2)]]
for epoch in range(60):
    total_loss = 0.0
    for row in dataset:
        outputs = forward(network, row)
        expected = [0, 0]
        expected[row[-1]] = 1
        total_loss += sum((expected[k] - outputs[k]) ** 2 for k in range(2))
        backward(network, expected)                                 # bp: F2
        step(network, row, 0.5)                                     # bp: update
    if epoch % 10 == 0 or epoch == 59:
        print(f"epoch {epoch} loss {total_loss:.4f}")
