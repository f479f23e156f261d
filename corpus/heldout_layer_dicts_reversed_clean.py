"""An MLP kept as a list of layer dicts, run forward in order and backward in reversed(); tanh hidden, sigmoid out, MSE."""
# bp-corpus: clean
# bp-style: row convention, list of dicts {'W', 'b', 'kind'}, forward loop and reversed() backward loop
import numpy as np

rng = np.random.default_rng(2024)


def make_layer(n_in, n_out, kind):
    scale = 1.0 / np.sqrt(n_in)
    return {'W': rng.uniform(-scale, scale, (n_in, n_out)), 'b': np.zeros(n_out), 'kind': kind}


def activate(kind, y):
    if kind == 'tanh':
        return np.tanh(y)
    return 1.0 / (1.0 + np.exp(-y))


layers = [make_layer(2, 10, 'tanh'), make_layer(10, 10, 'tanh'), make_layer(10, 1, 'sigmoid')]

# two interleaved half-moons squashed into a 0/1 target
n = 200
angle = rng.uniform(0, np.pi, n)
upper = rng.random(n) < 0.5
X = np.where(upper[:, None],
             np.stack([np.cos(angle), np.sin(angle)], 1),
             np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], 1))
X = X + 0.1 * rng.standard_normal(X.shape)
T = upper.astype(float)[:, None]

lr = 0.5
for epoch in range(1500):
    signal = X
    for layer in layers:
        layer['input'] = signal
        layer['output'] = activate(layer['kind'], signal @ layer['W'] + layer['b'])
        signal = layer['output']
    mse = np.mean((signal - T) ** 2)
    if epoch % 300 == 0 or epoch == 1499:
        print(f"epoch {epoch:5d}  loss {mse:.5f}")

    upstream = (signal - T) * (2.0 / n)                                   # bp: error
    for layer in reversed(layers):
        out = layer['output']
        if layer['kind'] == 'tanh':
            local = upstream * (1.0 - out * out)                          # bp: F1
        else:
            local = upstream * out * (1.0 - out)                          # bp: F1
        layer['dW'] = layer['input'].T @ local                            # bp: F3
        layer['db'] = local.sum(axis=0)                                   # bp: F3
        upstream = local @ layer['W'].T                                   # bp: F2

    for layer in layers:
        layer['W'] -= lr * layer['dW']                                    # bp: update
        layer['b'] -= lr * layer['db']                                    # bp: update
