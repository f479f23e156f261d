# bp-corpus: clean
# bp-layers: W1:tanh W2:softmax
# bp-requires: jax
# bp-style: jax.numpy, a jax.jit-compiled pure train_step(params, x, onehot) -> new params with hand-written backprop (no jax.grad), row convention with jnp.dot, tanh hidden, softmax (jax.nn.softmax) + cross-entropy with one-hot targets, functional updates W = W - lr * dW inside the step
"""A pure, jitted SGD step for a tanh/softmax classifier, gradients derived by hand in jax.numpy."""
import jax
import jax.numpy as jnp
import numpy as onp

LR = 0.5


def forward(params, x):
    W1, b1, W2, b2 = params
    h = jnp.tanh(jnp.dot(x, W1) + b1)
    p = jax.nn.softmax(jnp.dot(h, W2) + b2, axis=-1)
    return h, p


def cross_entropy(p, onehot):
    return -jnp.mean(jnp.sum(onehot * jnp.log(p + 1e-9), axis=-1))


@jax.jit
def train_step(params, x, onehot):
    W1, b1, W2, b2 = params
    h, p = forward(params, x)
    batch = x.shape[0]
    g = (p - onehot) / batch  # bp: error F1
    dW2 = jnp.dot(h.T, g)  # bp: F3[W2]
    db2 = jnp.sum(g, axis=0)  # bp: F3[b2]
    gh = jnp.dot(g, W2.T) * (1.0 - h * h)  # bp: F2 F1
    dW1 = jnp.dot(x.T, gh)  # bp: F3[W1]
    db1 = jnp.sum(gh, axis=0)  # bp: F3[b1]
    W1 = W1 - LR * dW1  # bp: update[W1]
    b1 = b1 - LR * db1  # bp: update[b1]
    W2 = W2 - LR * dW2  # bp: update[W2]
    b2 = b2 - LR * db2  # bp: update[b2]
    return W1, b1, W2, b2


# data built with NumPy's seeded generator, then moved to jax arrays
rng = onp.random.default_rng(4)
n_cls = 3
cls = rng.integers(0, n_cls, size=240)
angles = cls * (2 * onp.pi / n_cls) + rng.normal(0, 0.35, size=cls.size)
pts = onp.stack([onp.cos(angles), onp.sin(angles)], axis=1) * rng.uniform(0.5, 1.5, (cls.size, 1))
x = jnp.asarray(pts, dtype=jnp.float32)
onehot = jax.nn.one_hot(jnp.asarray(cls), n_cls)

params = (
    jnp.asarray(rng.normal(0, 1.0, (2, 16)), dtype=jnp.float32),
    jnp.zeros(16),
    jnp.asarray(rng.normal(0, 0.3, (16, n_cls)), dtype=jnp.float32),
    jnp.zeros(n_cls),
)
for epoch in range(201):
    if epoch % 50 == 0:
        _, p = forward(params, x)
        print("epoch %3d loss %.4f" % (epoch, float(cross_entropy(p, onehot))))
    params = train_step(params, x, onehot)
