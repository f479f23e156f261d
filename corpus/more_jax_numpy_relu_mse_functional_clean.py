# bp-corpus: clean
# bp-layers: W1:relu W2:linear
# bp-requires: jax
# bp-style: jax.numpy with hand-written backprop (no jax.grad) in a jax.jit-compiled forward_backward function returning the gradients, row convention with the @ operator, ReLU hidden masked by multiplying with (pre > 0), linear output with MSE, immutable arrays so every update rebinds at module level (W = W - lr * dW), data from NumPy moved over with jnp.asarray
"""Manual backprop in jax.numpy: arrays are immutable, so each parameter is rebound after its step."""
import jax
import jax.numpy as jnp
import numpy as np

# data and initial weights from a seeded NumPy generator, handed to jax once
rng = np.random.RandomState(0)
n, d_in, d_hid = 200, 3, 32
x_np = rng.randn(n, d_in)
# target: a bumpy function of the first two inputs, the third is a distractor
y_np = (np.abs(x_np[:, 0]) - np.maximum(x_np[:, 1], 0.0))[:, None] + 0.05 * rng.randn(n, 1)
x, y = jnp.asarray(x_np), jnp.asarray(y_np)

W1 = jnp.asarray(rng.randn(d_in, d_hid) * np.sqrt(2.0 / d_in))
b1 = jnp.zeros(d_hid)
W2 = jnp.asarray(rng.randn(d_hid, 1) * 0.1)
b2 = jnp.zeros(1)
lr = 0.1


@jax.jit
def forward_backward(W1, b1, W2, b2):
    """Loss and hand-derived gradients; jit compiles the whole body once instead of op by op."""
    pre = x @ W1 + b1
    hid = jnp.maximum(pre, 0.0)
    out = hid @ W2 + b2
    mse = jnp.mean((out - y) ** 2)
    # gradients of the mean squared error, by the three formulas
    e_out = 2.0 * (out - y) / n  # bp: error
    dW2 = hid.T @ e_out  # bp: F3[W2]
    db2 = e_out.sum(axis=0)  # bp: F3[b2]
    e_hid = e_out @ W2.T  # bp: F2
    d_hid = e_hid * (pre > 0)  # bp: F1
    dW1 = x.T @ d_hid  # bp: F3[W1]
    db1 = d_hid.sum(axis=0)  # bp: F3[b1]
    return mse, dW1, db1, dW2, db2


for step in range(300):
    mse, dW1, db1, dW2, db2 = forward_backward(W1, b1, W2, b2)  # bp: F3
    if step % 60 == 0 or step == 299:
        print(f"step {step:3d} loss {float(mse):.5f}")

    # no in-place ops on jax arrays: rebind each name to the stepped value
    W1 = W1 - lr * dW1  # bp: update[W1]
    b1 = b1 - lr * db1  # bp: update[b1]
    W2 = W2 - lr * dW2  # bp: update[W2]
    b2 = b2 - lr * db2  # bp: update[b2]
