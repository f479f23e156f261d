# bp-corpus: clean
# bp-layers: weights_ih:sigmoid weights_ho:sigmoid
# bp-style: numpy, column convention (np.dot(weights_ih, inputs), samples as columns), sigmoid/sigmoid, error written target-minus-output with += updates, merged F3+update statements, "Make Your Own Neural Network" naming
"""Sigmoid network in the MYONN style: errors are targets minus outputs, so the weights move with +=."""
import numpy as np

np.random.seed(5)

input_nodes, hidden_nodes, output_nodes = 4, 9, 2
learning_rate = 0.05

# each column is one sample
inputs = np.random.uniform(-1.0, 1.0, size=(input_nodes, 120))
targets = np.vstack([
    (inputs[0] * inputs[1] > 0),
    (inputs[2] + inputs[3] > 0.3),
]).astype(float) * 0.98 + 0.01  # keep targets inside (0, 1), as MYONN does

# link weights, sampled around zero with 1/sqrt(fan-in) spread
weights_ih = np.random.normal(0.0, pow(input_nodes, -0.5), (hidden_nodes, input_nodes))
weights_ho = np.random.normal(0.0, pow(hidden_nodes, -0.5), (output_nodes, hidden_nodes))


def activation_function(v):
    return 1.0 / (1.0 + np.exp(-v))


for epoch in range(1500):
    hidden_inputs = np.dot(weights_ih, inputs)
    hidden_outputs = activation_function(hidden_inputs)
    final_inputs = np.dot(weights_ho, hidden_outputs)
    final_outputs = activation_function(final_inputs)

    output_errors = targets - final_outputs  # bp: error
    if epoch % 300 == 0 or epoch == 1499:
        print("epoch", epoch, "loss", np.sum(output_errors ** 2))

    output_delta = output_errors * final_outputs * (1.0 - final_outputs)  # bp: F1
    # hidden layer error is the output delta, split by the weights, recombined at the hidden nodes
    hidden_errors = np.dot(weights_ho.T, output_delta)  # bp: F2
    hidden_delta = hidden_errors * hidden_outputs * (1.0 - hidden_outputs)  # bp: F1

    # errors are target - output, so these products point downhill already
    weights_ho += learning_rate * np.dot(output_delta, hidden_outputs.T)  # bp: F3 update[weights_ho]
    weights_ih += learning_rate * np.dot(hidden_delta, inputs.T)  # bp: F3 update[weights_ih]
