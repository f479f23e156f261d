import numpy as np


def sgd(w, dw, config):
    return w - config['lr'] * dw, config


class Trainer:
    def __init__(self, model, data, lr=1e-2, batch=50, epochs=5):
        self.model, self.data = model, data
        self.update_rule = sgd
        self.config = {'lr': lr}
        self.batch, self.epochs = batch, epochs

    def _step(self):
        n = self.data['X'].shape[0]
        idx = np.random.choice(n, self.batch)
        X_batch, y_batch = self.data['X'][idx], self.data['y'][idx]
        loss, grads = self.model.loss(X_batch, y_batch)
        for p, w in self.model.params.items():
            dw = grads[p]
            next_w, self.config = self.update_rule(w, dw, self.config)
            self.model.params[p] = next_w

    def train(self):
        for _ in range(self.epochs * 10):
            self._step()
