# bp-corpus: clean
# bp-style: a small Keras-like module: weights and biases in lists indexed from 1 (a placeholder at 0),
# gradients in dicts keyed "dW" + str(l), column convention (W @ A, samples as columns); optimisers are
# factories returning a closure `update_weights(params_W, params_b, grads_W, grads_b)` that keeps its running
# averages in dicts of the enclosing call (`S_dW.get(key, 0)`); the model trains with the momentum closure;
# the RMSProp closure, whose step is divided entry by entry by the root of its running average, is never
# used by the model (read as an entry point)
"""A two-hidden-layer classifier of two interleaved half-moons, trained with momentum."""
import numpy as np


def sgd(learning_rate=0.1):
    def update_weights(params_W, params_b, grads_W, grads_b):
        for l in range(1, len(params_W)):
            params_W[l] = params_W[l] - learning_rate * grads_W["dW" + str(l)]  # bp: update
            params_b[l] = params_b[l] - learning_rate * grads_b["db" + str(l)]  # bp: update
        return params_W, params_b
    return update_weights


def momentum(learning_rate=0.05, beta=0.9):
    vel_W, vel_b = {}, {}

    def update_weights(params_W, params_b, grads_W, grads_b):
        for l in range(1, len(params_W)):
            key_W, key_b = "dW" + str(l), "db" + str(l)
            vel_W[key_W] = beta * vel_W.get(key_W, 0) + (1 - beta) * grads_W[key_W]
            vel_b[key_b] = beta * vel_b.get(key_b, 0) + (1 - beta) * grads_b[key_b]
            params_W[l] = params_W[l] - learning_rate * vel_W[key_W]  # bp: update
            params_b[l] = params_b[l] - learning_rate * vel_b[key_b]  # bp: update
        return params_W, params_b
    return update_weights


def rmsprop(learning_rate=0.01, rho=0.9, epsilon=1e-8):
    S_dW, S_db = {}, {}

    def update_weights(params_W, params_b, grads_W, grads_b):
        for l in range(1, len(params_W)):
            key_W, key_b = "dW" + str(l), "db" + str(l)
            S_dW[key_W] = rho * S_dW.get(key_W, 0) + (1 - rho) * np.power(grads_W[key_W], 2)
            S_db[key_b] = rho * S_db.get(key_b, 0) + (1 - rho) * np.power(grads_b[key_b], 2)
            params_W[l] = params_W[l] - learning_rate * grads_W[key_W] / np.sqrt(S_dW[key_W] + epsilon)  # bp: update
            params_b[l] = params_b[l] - learning_rate * grads_b[key_b] / np.sqrt(S_db[key_b] + epsilon)  # bp: update
        return params_W, params_b
    return update_weights


def moons(n, seed):
    rng = np.random.RandomState(seed)
    t = rng.rand(n) * np.pi
    upper = rng.rand(n) < 0.5
    x = np.where(upper, np.cos(t), 1 - np.cos(t))
    y = np.where(upper, np.sin(t), 0.5 - np.sin(t))
    X = np.stack([x, y]) + 0.1 * rng.randn(2, n)
    return X, upper.astype(float).reshape(1, n)


def train(X, Y, sizes, optimizer, epochs, seed=0):
    rng = np.random.RandomState(seed)
    params_W, params_b = [None], [None]
    for l in range(1, len(sizes)):
        params_W.append(rng.randn(sizes[l], sizes[l - 1]) * np.sqrt(1.0 / sizes[l - 1]))
        params_b.append(np.zeros((sizes[l], 1)))
    L = len(sizes) - 1
    m = X.shape[1]
    for epoch in range(epochs):
        acts = [X]
        for l in range(1, L):
            acts.append(np.tanh(params_W[l] @ acts[-1] + params_b[l]))
        out = 1 / (1 + np.exp(-(params_W[L] @ acts[-1] + params_b[L])))
        loss = -np.mean(Y * np.log(out + 1e-9) + (1 - Y) * np.log(1 - out + 1e-9))
        grads_W, grads_b = {}, {}
        dZ = (out - Y) / m  # bp: error F1
        for l in range(L, 0, -1):
            grads_W["dW" + str(l)] = dZ @ acts[l - 1].T  # bp: F3
            grads_b["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True)  # bp: F3
            if l > 1:
                dZ = (params_W[l].T @ dZ) * (1 - acts[l - 1] ** 2)  # bp: F2 F1
        params_W, params_b = optimizer(params_W, params_b, grads_W, grads_b) # bp: update
        if epoch % 100 == 0 or epoch == epochs - 1:
            print("epoch", epoch, "loss", round(float(loss), 4))
    return params_W, params_b


if __name__ == "__main__":
    X, Y = moons(400, 3)
    train(X, Y, [2, 16, 16, 1], momentum(learning_rate=0.5), 400)
