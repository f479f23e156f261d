"""Minibatch training loop that applies one update rule from netlib.optim to every parameter."""
# bp-corpus: clean
# bp-style: package solver class, update rule looked up by name with getattr on a module imported as `from . import optim`, one config dict per parameter, step() looping over model.params.items() and storing the rule's next_w back
import numpy as np

from . import optim


class Solver:
    def __init__(self, model, X, y, update_rule="sgd", optim_config=None, batch_size=32, seed=0):
        self.model = model
        self.X = X
        self.y = y
        self.batch_size = batch_size
        self.update_rule = getattr(optim, update_rule)
        base = optim_config or {}
        self.optim_configs = {p: dict(base) for p in self.model.params}
        self.rng = np.random.RandomState(seed)
        self.loss_history = []

    def step(self):
        idx = self.rng.choice(self.X.shape[0], self.batch_size, replace=False)
        loss, grads = self.model.loss(self.X[idx], self.y[idx])
        self.loss_history.append(loss)
        for p, w in self.model.params.items():
            next_w, cfg = self.update_rule(w, grads[p], self.optim_configs[p])
            self.model.params[p] = next_w  # bp: update
            self.optim_configs[p] = cfg

    def train(self, num_steps):
        for _ in range(num_steps):
            self.step()
        return self.loss_history[-1]
