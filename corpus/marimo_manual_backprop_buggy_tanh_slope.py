"""A marimo notebook backpropagates a sigmoid MLP by hand in a cell of its own, on the values the forward cell
returned; that cell multiplies by the tanh derivative (1 - h**2) where the forward cell applied a sigmoid, whose
derivative is h * (1 - h)."""
# bp-corpus: buggy
# bp-style: marimo notebook, cells as functions with parameters and returned names, manual backprop in its own cell on the forward cell's values, softmax cross-entropy, sigmoid hidden layer, cells out of run order

import marimo

__generated_with = "0.19.0"
app = marimo.App(width="medium")


@app.cell
def _():
    import numpy as np
    return (np,)


@app.cell
def _(W1, W2, b1, b2, np, xs, ys):
    # one forward pass, every intermediate kept for the manual backward cell
    n = len(ys)
    pre = xs @ W1 + b1
    h = 1.0 / (1.0 + np.exp(-pre))
    logits = h @ W2 + b2
    counts = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = counts / counts.sum(axis=1, keepdims=True)
    loss0 = -np.log(probs[np.arange(n), ys]).mean()
    print(f"first loss {loss0:.4f}")
    return h, n, pre, probs


@app.cell
def _(W2, h, n, np, probs, xs, ys):
    dlogits = probs.copy()  # bp: error
    dlogits[np.arange(n), ys] -= 1.0  # bp: error F1
    dlogits /= n  # bp: error
    dW2 = h.T @ dlogits  # bp: F3
    db2 = dlogits.sum(axis=0)  # bp: F3
    dh = dlogits @ W2.T  # bp: F2
    dpre = (1 - h ** 2) * dh  # bp: F1 BP301
    dW1 = xs.T @ dpre  # bp: F3
    db1 = dpre.sum(axis=0)  # bp: F3
    return dW1, dW2, db1, db2


@app.cell
def _(W1, W2, b1, b2, dW1, dW2, db1, db2, grads_of, xs, ys):
    lr = 1.0
    # the hand-written step above first, then the same formulas from grads_of
    W1 -= lr * dW1  # bp: update
    b1 -= lr * db1  # bp: update
    W2 -= lr * dW2  # bp: update
    b2 -= lr * db2  # bp: update
    for step in range(200):
        loss, g = grads_of(W1, b1, W2, b2, xs, ys)
        W1 -= lr * g["W1"]  # bp: update
        b1 -= lr * g["b1"]  # bp: update
        W2 -= lr * g["W2"]  # bp: update
        b2 -= lr * g["b2"]  # bp: update
        if step % 50 == 0:
            print(f"step {step} loss {loss:.4f}")
    print(f"final loss {loss:.4f}")
    return


@app.cell
def _(np):
    def grads_of(W1, b1, W2, b2, xs, ys):
        m = len(ys)
        a = 1.0 / (1.0 + np.exp(-(xs @ W1 + b1)))
        z = a @ W2 + b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        loss = -np.log(p[np.arange(m), ys]).mean()
        d2 = p.copy()  # bp: error
        d2[np.arange(m), ys] -= 1.0  # bp: error F1
        d2 /= m  # bp: error
        d1 = (d2 @ W2.T) * a * (1.0 - a)  # bp: F2 F1
        return loss, {"W1": xs.T @ d1, "b1": d1.sum(axis=0), "W2": a.T @ d2, "b2": d2.sum(axis=0)}  # bp: F3
    return (grads_of,)


@app.cell
def _(np):
    rng = np.random.default_rng(7)
    xs = rng.normal(size=(64, 4))
    ys = (xs[:, 0] * xs[:, 1] > 0).astype(int) + (xs[:, 2] > 0.5).astype(int)
    return xs, ys


@app.cell
def _(np):
    gen = np.random.default_rng(11)
    W1 = gen.normal(scale=0.5, size=(4, 16))
    b1 = np.zeros(16)
    W2 = gen.normal(scale=0.5, size=(16, 3))
    b2 = np.zeros(3)
    return W1, W2, b1, b2


if __name__ == "__main__":
    app.run()
