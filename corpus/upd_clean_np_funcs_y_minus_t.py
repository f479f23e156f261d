# bp-corpus: clean
# bp-layers: w_hidden:tanh w_out:sigmoid
# bp-style: numpy, row convention, forward/backward/sgd_step functions, tanh hidden, sigmoid output with SSE, error written y - t with -= updates, derivative kept in its own variable
"""A small MLP split into forward / backward / step functions; the error is prediction minus target."""
import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def forward(inp, w_hidden, w_out):
    hidden = np.tanh(inp.dot(w_hidden))
    pred = sigmoid(hidden.dot(w_out))
    return hidden, pred


def backward(inp, target, hidden, pred, w_out):
    err = pred - target  # bp: error
    dsig = pred * (1.0 - pred)
    delta_out = err * dsig  # bp: F1
    grad_out = hidden.T.dot(delta_out)  # bp: F3[w_out]

    back = delta_out.dot(w_out.T)  # bp: F2
    dtanh = 1.0 - hidden ** 2
    delta_hidden = back * dtanh  # bp: F1
    grad_hidden = inp.T.dot(delta_hidden)  # bp: F3[w_hidden]
    return grad_hidden, grad_out


def sgd_step(w_hidden, w_out, grad_hidden, grad_out, lr):
    # in place, so the caller's arrays move
    w_hidden -= lr * grad_hidden  # bp: update[w_hidden]
    w_out -= lr * grad_out  # bp: update[w_out]


def main():
    rs = np.random.RandomState(11)
    n, n_in, n_hid, n_out = 150, 6, 10, 3
    inp = rs.randn(n, n_in)
    proj = rs.randn(n_in, n_out)
    target = (inp.dot(proj) > 0.2).astype(float)  # three independent binary labels
    # a constant column plays the role of a bias
    inp[:, -1] = 1.0

    w_hidden = rs.randn(n_in, n_hid) * 0.4
    w_out = rs.randn(n_hid, n_out) * 0.4
    lr = 0.01

    for epoch in range(600):
        hidden, pred = forward(inp, w_hidden, w_out)
        sse = float(((pred - target) ** 2).sum())
        if epoch % 150 == 0 or epoch == 599:
            print(f"epoch {epoch} loss {sse:.4f}")
        grad_hidden, grad_out = backward(inp, target, hidden, pred, w_out)  # bp: F3
        sgd_step(w_hidden, w_out, grad_hidden, grad_out, lr)        # bp: update


if __name__ == "__main__":
    main()
