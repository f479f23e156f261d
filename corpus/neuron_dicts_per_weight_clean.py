# bp-corpus: clean
# bp-style: per-neuron dicts in plain Python (the "backprop from scratch" tutorial shape): each layer a list of `{'weights': [...]}` with the bias in the last slot, weights drawn with `random()`, the neuron's input summed weight by weight, the outputs and deltas kept in the dicts, the target a list of zeros with the label's slot set, formula 2 summed over the neurons above, every weight stepped on its own
# bp-layers: hidden[*]['weights']:sigmoid net[1][*]['weights']:sigmoid
"""Which of two numbers is larger, learned by a network of per-neuron dicts."""
from math import exp
from random import random, randrange, seed


def build(n_in, n_hid, n_out):
    net = list()
    hidden = [{'weights': [random() for i in range(n_in + 1)]} for i in range(n_hid)]
    net.append(hidden)
    net.append([{'weights': [random() for i in range(n_hid + 1)]} for i in range(n_out)])
    return net


def neuron_input(weights, inputs):
    total = weights[-1]
    for i in range(len(weights) - 1):
        total += weights[i] * inputs[i]
    return total


def squash(total):
    return 1.0 / (1.0 + exp(-total))


def squash_slope(output):
    return output * (1.0 - output)


def forward(net, row):
    inputs = row
    for layer in net:
        outs = []
        for neuron in layer:
            neuron['output'] = squash(neuron_input(neuron['weights'], inputs))
            outs.append(neuron['output'])
        inputs = outs
    return inputs


def backward(net, expected):
    for i in reversed(range(len(net))):
        layer = net[i]
        errors = list()
        if i != len(net) - 1:
            for j in range(len(layer)):
                err = 0.0
                for neuron in net[i + 1]:
                    err += neuron['weights'][j] * neuron['delta']  # bp: F2
                errors.append(err)
        else:
            for j in range(len(layer)):
                neuron = layer[j]
                errors.append(neuron['output'] - expected[j])  # bp: error
        for j in range(len(layer)):
            neuron = layer[j]
            neuron['delta'] = errors[j] * squash_slope(neuron['output'])  # bp: F1


def step(net, row, rate):
    for i in range(len(net)):
        inputs = row[:-1]
        if i != 0:
            inputs = [neuron['output'] for neuron in net[i - 1]]
        for neuron in net[i]:
            for j in range(len(inputs)):
                neuron['weights'][j] -= rate * neuron['delta'] * inputs[j]  # bp: F3 update
            neuron['weights'][-1] -= rate * neuron['delta']  # bp: update


def mean_loss(net, rows, n_out):
    total = 0.0
    for row in rows:
        outs = forward(net, row)
        total += sum((outs[k] - (1.0 if k == row[-1] else 0.0)) ** 2 for k in range(n_out))
    return total / len(rows)


def train(net, rows, rate, epochs, n_out):
    for epoch in range(epochs):
        if epoch % 25 == 0:
            print("epoch %d loss %.5f" % (epoch, mean_loss(net, rows, n_out)))
        for row in rows:
            forward(net, row)
            expected = [0 for i in range(n_out)]
            expected[row[-1]] = 1
            backward(net, expected)                                 # bp: F2
            step(net, row, rate)                                    # bp: update


seed(3)
rows = []
for _ in range(60):
    a, b = random(), random()
    rows.append([a, b, 1 if a > b else 0])
net = build(2, 4, 2)
train(net, rows, 0.5, 200, 2)
print("epoch %d loss %.5f" % (200, mean_loss(net, rows, 2)))
