# bp-corpus: clean
# bp-layers: parameters['W1']:tanh parameters['W2']:sigmoid
# bp-style: deeplearning.ai helpers: each activation's forward returns (A, Z) and its backward takes (dA, Z),
# a tanh hidden layer and a sigmoid output, parameters in a dict keyed 'W1', 'b1', ...
"""Two moons, by a tanh hidden layer: the activation helpers of the course."""
import numpy as np


def tanh(Z):
    return np.tanh(Z), Z


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def tanh_backward(dA, Z):
    return dA * (1 - np.tanh(Z) ** 2)                       # bp: F1


def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)                                 # bp: F1


def moons(n, rng):
    t = rng.uniform(0, np.pi, n)
    upper = np.stack([np.cos(t), np.sin(t)])
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)])
    X = np.concatenate([upper, lower], axis=1) + rng.normal(0, 0.1, (2, 2 * n))
    Y = np.concatenate([np.zeros(n), np.ones(n)])[None, :]
    return X, Y


def train(X, Y, n_h=8, rate=1.0, steps=1500, seed=0):
    rng = np.random.default_rng(seed)
    parameters = {'W1': rng.normal(0, 0.5, (n_h, 2)), 'b1': np.zeros((n_h, 1)),
                  'W2': rng.normal(0, 0.5, (1, n_h)), 'b2': np.zeros((1, 1))}
    m = X.shape[1]
    for i in range(steps):
        A1, Z1 = tanh(parameters['W1'] @ X + parameters['b1'])
        A2, Z2 = sigmoid(parameters['W2'] @ A1 + parameters['b2'])
        cost = -np.mean(Y * np.log(A2 + 1e-12) + (1 - Y) * np.log(1 - A2 + 1e-12))
        dA2 = -(Y / (A2 + 1e-12) - (1 - Y) / (1 - A2 + 1e-12))   # bp: error
        dZ2 = sigmoid_backward(dA2, Z2)  # bp: F1
        dW2 = dZ2 @ A1.T / m                                    # bp: F3[parameters['W2']]
        db2 = dZ2.sum(axis=1, keepdims=True) / m                # bp: F3[parameters['b2']]
        dA1 = parameters['W2'].T @ dZ2                          # bp: F2
        dZ1 = tanh_backward(dA1, Z1)  # bp: F1
        dW1 = dZ1 @ X.T / m                                     # bp: F3[parameters['W1']]
        db1 = dZ1.sum(axis=1, keepdims=True) / m                # bp: F3[parameters['b1']]
        parameters['W1'] = parameters['W1'] - rate * dW1        # bp: update[parameters['W1']]
        parameters['b1'] = parameters['b1'] - rate * db1        # bp: update[parameters['b1']]
        parameters['W2'] = parameters['W2'] - rate * dW2        # bp: update[parameters['W2']]
        parameters['b2'] = parameters['b2'] - rate * db2        # bp: update[parameters['b2']]
        if i % 500 == 0 or i == steps - 1:
            print(f"step {i} loss {cost:.4f}")
    return parameters


if __name__ == "__main__":
    X, Y = moons(100, np.random.default_rng(1))
    train(X, Y)
