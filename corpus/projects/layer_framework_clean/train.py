"""Train Dense-ReLU-Dense-ReLU-Dense on two seeded interleaved spirals and print the loss."""
# bp-corpus: clean
# bp-style: script beside its modules, `from layers import Dense, ReLU`, `from net import Sequential`, `import optim`, full-batch training loop net.loss / net.backward / opt.step(net.layers); no backward arithmetic of its own
import numpy as np

import optim
from layers import Dense, ReLU
from net import Sequential


def two_spirals(n, rng):
    t = np.sqrt(rng.rand(n)) * 3.0 * np.pi
    arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3.0 * np.pi)
    X = np.concatenate([arm, -arm]) + 0.03 * rng.randn(2 * n, 2)
    y = np.concatenate([np.zeros(n, dtype=int), np.ones(n, dtype=int)])
    return X, y


rng = np.random.RandomState(4)
X, y = two_spirals(100, rng)
net = Sequential([Dense(2, 32, rng), ReLU(), Dense(32, 32, rng), ReLU(), Dense(32, 2, rng)])
opt = optim.SGD(lr=0.3)

for step in range(401):
    loss = net.loss(X, y)
    if step % 80 == 0:
        print(f"step {step} loss {loss:.4f}")
    net.backward()                                                  # bp: F2
    opt.step(net.layers)                                            # bp: update
