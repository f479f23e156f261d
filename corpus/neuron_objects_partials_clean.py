# bp-corpus: clean
# bp-style: neuron objects in plain Python (the "step by step backpropagation example" shape): a `Unit` keeps a list of weights (appended one by one with `random.random()` by the network's constructor) and one bias, sums its input weight by weight in a method, squashes it with a logistic written with `math.exp`, and answers the partial derivatives by name (`d_error_d_out`, `d_out_d_net`, `d_net_d_weight`); the network's `train` collects the output deltas in a list of zeros, sums the hidden error weight by weight over the output units, and steps every weight of every unit in nested index loops; the sample is written out in the call, `net.train([0.05, 0.1], [0.01, 0.99])`
# bp-layers: self.hidden.units[h].weights[0]:sigmoid self.hidden.units[h].weights[1]:sigmoid self.output.units[o].weights[0]:sigmoid self.output.units[o].weights[1]:sigmoid
"""One sample, two targets: a 2-2-2 network of neuron objects fits them."""
import math
import random

random.seed(4)


class Unit:
    def __init__(self, bias):
        self.bias = bias
        self.weights = []

    def output_for(self, inputs):
        self.inputs = inputs
        self.out = self.squash(self.net_input())
        return self.out

    def net_input(self):
        total = 0
        for i in range(len(self.inputs)):
            total += self.inputs[i] * self.weights[i]
        return total + self.bias

    def squash(self, net):
        return 1 / (1 + math.exp(-net))

    def d_error_d_net(self, target):
        return self.d_error_d_out(target) * self.d_out_d_net()  # bp: F1

    def d_error_d_out(self, target):
        return -(target - self.out)  # bp: error

    def d_out_d_net(self):
        return self.out * (1 - self.out)

    def d_net_d_weight(self, index):
        return self.inputs[index]


class Layer:
    def __init__(self, n, bias):
        self.bias = bias if bias else random.random()
        self.units = []
        for i in range(n):
            self.units.append(Unit(self.bias))

    def forward(self, inputs):
        outputs = []
        for unit in self.units:
            outputs.append(unit.output_for(inputs))
        return outputs


class Network:
    RATE = 0.5

    def __init__(self, n_in, n_hidden, n_out):
        self.n_in = n_in
        self.hidden = Layer(n_hidden, None)
        self.output = Layer(n_out, None)
        for h in range(len(self.hidden.units)):
            for i in range(self.n_in):
                self.hidden.units[h].weights.append(random.random())
        for o in range(len(self.output.units)):
            for h in range(len(self.hidden.units)):
                self.output.units[o].weights.append(random.random())

    def forward(self, inputs):
        return self.output.forward(self.hidden.forward(inputs))

    def train(self, inputs, targets):
        self.forward(inputs)
        out_deltas = [0] * len(self.output.units)
        for o in range(len(self.output.units)):
            out_deltas[o] = self.output.units[o].d_error_d_net(targets[o])  # bp: error F1
        hid_deltas = [0] * len(self.hidden.units)
        for h in range(len(self.hidden.units)):
            d_out = 0
            for o in range(len(self.output.units)):
                d_out += out_deltas[o] * self.output.units[o].weights[h]  # bp: F2
            hid_deltas[h] = d_out * self.hidden.units[h].d_out_d_net()  # bp: F1
        for o in range(len(self.output.units)):
            for w in range(len(self.output.units[o].weights)):
                grad = out_deltas[o] * self.output.units[o].d_net_d_weight(w)  # bp: F3
                self.output.units[o].weights[w] -= self.RATE * grad  # bp: update
        for h in range(len(self.hidden.units)):
            for w in range(len(self.hidden.units[h].weights)):
                grad = hid_deltas[h] * self.hidden.units[h].d_net_d_weight(w)  # bp: F3
                self.hidden.units[h].weights[w] -= self.RATE * grad  # bp: update

    def total_error(self, data):
        total = 0
        for inputs, targets in data:
            outs = self.forward(inputs)
            for o in range(len(targets)):
                total += 0.5 * (targets[o] - outs[o]) ** 2
        return total


net = Network(2, 2, 2)
for i in range(2000):
    net.train([0.05, 0.1], [0.01, 0.99])
    if i % 500 == 0:
        print(i, "loss", net.total_error([([0.05, 0.1], [0.01, 0.99])]))
