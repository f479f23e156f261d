"""Tiny per-sample ReLU net in the "grokking" tutorial style: relu2deriv on the output, -= updates."""
# bp-corpus: clean
# bp-layers: weights_0_1:relu weights_1_2:linear
# bp-style: row convention, one sample per step sliced as X[i:i+1], relu2deriv(output) mask helper, error written output - goal, F3 merged into -= alpha * update
import numpy as np

np.random.seed(6)


def relu(x):
    return (x > 0) * x


def relu2deriv(output):
    # 1 where the unit fired, 0 elsewhere; takes the ReLU output
    return output > 0


# four switches; the lamp is on when exactly one of switch 0 and switch 2 is up
switches = np.array([[1, 0, 1, 0],
                     [0, 1, 1, 1],
                     [0, 0, 1, 0],
                     [1, 1, 1, 1],
                     [1, 0, 0, 1],
                     [0, 1, 0, 0],
                     [1, 1, 0, 0],
                     [0, 0, 0, 1]])
lamp_on = np.array([[0, 1, 1, 0, 1, 0, 1, 0]]).T

alpha = 0.05
hidden_size = 8

weights_0_1 = 2 * np.random.random((4, hidden_size)) - 1
weights_1_2 = 2 * np.random.random((hidden_size, 1)) - 1

for iteration in range(301):
    layer_2_error = 0
    for i in range(len(switches)):
        layer_0 = switches[i:i + 1]
        layer_1 = relu(np.dot(layer_0, weights_0_1))
        layer_2 = np.dot(layer_1, weights_1_2)

        layer_2_error += np.sum((layer_2 - lamp_on[i:i + 1]) ** 2)

        layer_2_delta = layer_2 - lamp_on[i:i + 1]  # bp: error
        layer_1_delta = layer_2_delta.dot(weights_1_2.T) * relu2deriv(layer_1)  # bp: F2 F1

        weights_1_2 -= alpha * layer_1.T.dot(layer_2_delta)  # bp: F3[weights_1_2] update[weights_1_2]
        weights_0_1 -= alpha * layer_0.T.dot(layer_1_delta)  # bp: F3[weights_0_1] update[weights_0_1]

    if iteration % 60 == 0:
        # summed over the epoch while the weights were still moving
        print("iteration %3d loss %.5f" % (iteration, layer_2_error / len(switches)))

print("predictions:", np.round(np.dot(relu(np.dot(switches, weights_0_1)), weights_1_2).ravel(), 2))
