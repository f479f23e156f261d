"""Train netlib's TwoLayerNet on three seeded Gaussian clusters and print the full-data loss."""
# bp-corpus: clean
# bp-style: top-level script beside its package, absolute imports `from netlib.model import TwoLayerNet` and `from netlib.solver import Solver`, plain sgd through the solver; no backward code of its own
import numpy as np

from netlib.model import TwoLayerNet
from netlib.solver import Solver


def clusters(n_per_class, rng):
    centres = np.array([[2.0, 0.0, 0.0, 1.0], [-1.0, 1.5, 0.0, -1.0], [0.0, -1.5, 1.0, 0.5]])
    X = np.concatenate([c + 0.9 * rng.randn(n_per_class, 4) for c in centres])
    y = np.repeat(np.arange(len(centres)), n_per_class)
    return X, y


rng = np.random.RandomState(0)
X, y = clusters(80, rng)
model = TwoLayerNet(input_dim=4, hidden_dim=24, num_classes=3, weight_scale=0.1, seed=1)
solver = Solver(model, X, y, update_rule="sgd", optim_config={"learning_rate": 0.2}, batch_size=40, seed=2)

for epoch in range(6):
    full_loss, _ = model.loss(X, y)
    print(f"epoch {epoch} loss {full_loss:.4f}")
    solver.train(30)
full_loss, _ = model.loss(X, y)
print(f"final loss {full_loss:.4f}")
