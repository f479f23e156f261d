# bp-corpus: clean
# bp-style: the "data science from scratch" shape in plain Python: the network a list of layers, each layer a list of neurons, each neuron a list of weights with the bias's weight in the last slot (drawn with `random.random()` in nested comprehensions); a neuron's input is `sum(w_i * x_i for w_i, x_i in zip(weights, inputs))` in a helper `dot`, the input extended by `inputs + [1]`, the layer's outputs a list comprehension over its neurons; the output deltas and the hidden deltas (their weighted sum taken with `dot` over a column picked by `[n[i] for n in output_layer]`) are both made before any weight moves, then each neuron's weights are stepped one by one in nested `enumerate` loops
# bp-layers: hidden_layer:sigmoid output_layer:sigmoid
"""Exclusive or of two bits, learned by a 2-3-1 network of lists of neurons."""
import math
import random

random.seed(3)


def dot(v, w):
    return sum(v_i * w_i for v_i, w_i in zip(v, w))


def sigmoid(t):
    return 1 / (1 + math.exp(-t))


def neuron_output(weights, inputs):
    return sigmoid(dot(weights, inputs))


def feed_forward(neural_network, input_vector):
    outputs = []
    for layer in neural_network:
        input_with_bias = input_vector + [1]
        output = [neuron_output(neuron, input_with_bias) for neuron in layer]
        outputs.append(output)
        input_vector = output
    return outputs


def backpropagate(network, input_vector, targets, rate):
    hidden_outputs, outputs = feed_forward(network, input_vector)
    output_deltas = [output * (1 - output) * (output - target)  # bp: error F1
                     for output, target in zip(outputs, targets)]
    hidden_deltas = [hidden_output * (1 - hidden_output) *  # bp: F2 F1
                     dot(output_deltas, [n[i] for n in network[-1]])
                     for i, hidden_output in enumerate(hidden_outputs)]
    for i, output_neuron in enumerate(network[-1]):
        for j, hidden_output in enumerate(hidden_outputs + [1]):
            output_neuron[j] -= rate * output_deltas[i] * hidden_output  # bp: F3 update
    for i, hidden_neuron in enumerate(network[0]):
        for j, input_value in enumerate(input_vector + [1]):
            hidden_neuron[j] -= rate * hidden_deltas[i] * input_value  # bp: F3 update


def mean_loss(network, inputs, targets):
    total = 0.0
    for x, t in zip(inputs, targets):
        y = feed_forward(network, x)[-1]
        total += sum((y_i - t_i) ** 2 for y_i, t_i in zip(y, t)) / 2
    return total / len(inputs)


input_size, num_hidden, output_size = 2, 3, 1
hidden_layer = [[random.random() - 0.5 for _ in range(input_size + 1)] for _ in range(num_hidden)]
output_layer = [[random.random() - 0.5 for _ in range(num_hidden + 1)] for _ in range(output_size)]
network = [hidden_layer, output_layer]
inputs = [[0, 0], [0, 1], [1, 0], [1, 1]]
targets = [[0], [1], [1], [0]]
print("epoch 0 loss %.5f" % mean_loss(network, inputs, targets))
for epoch in range(1, 3001):
    for input_vector, target_vector in zip(inputs, targets):
        backpropagate(network, input_vector, target_vector, 2.0)
    if epoch % 1000 == 0:
        print("epoch %d loss %.5f" % (epoch, mean_loss(network, inputs, targets)))
