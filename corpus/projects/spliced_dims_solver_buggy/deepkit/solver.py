"""A minibatch solver: samples a batch, asks the model for (loss, grads), applies the update rule per parameter."""
# bp-corpus: buggy
# bp-style: solver over a data dict, update rule looked up by name on a module imported as `import deepkit.optim as optim`, one config per parameter kept between steps
import numpy as np

import deepkit.optim as optim


class Solver(object):
    def __init__(self, model, data, update_rule="adam", optim_config=None, batch_size=50, num_epochs=5,
                 print_every=20):
        self.model = model
        self.X_train = data["X_train"]
        self.y_train = data["y_train"]
        self.update_rule = getattr(optim, update_rule)
        self.optim_config = optim_config or {}
        self.batch_size = batch_size
        self.num_epochs = num_epochs
        self.print_every = print_every
        self.optim_configs = {}
        for p in self.model.params:
            self.optim_configs[p] = {k: v for k, v in self.optim_config.items()}
        self.loss_history = []

    def _step(self):
        num_train = self.X_train.shape[0]
        batch_mask = np.random.choice(num_train, self.batch_size)
        X_batch = self.X_train[batch_mask]
        y_batch = self.y_train[batch_mask]
        loss, grads = self.model.loss(X_batch, y_batch)
        self.loss_history.append(loss)
        for p, w in self.model.params.items():
            dw = grads[p]
            next_w, next_config = self.update_rule(w, dw, self.optim_configs[p])
            self.model.params[p] = next_w  # bp: update
            self.optim_configs[p] = next_config

    def train(self):
        iterations = self.num_epochs * max(self.X_train.shape[0] // self.batch_size, 1)
        for t in range(iterations):
            self._step()
            if t % self.print_every == 0:
                print("iteration %d / %d loss %f" % (t + 1, iterations, self.loss_history[-1]))
