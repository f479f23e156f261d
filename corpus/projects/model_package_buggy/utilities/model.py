"""A model built from layer objects, trained with mini-batch gradient descent."""
# bp-corpus: buggy
# bp-style: package container class Model(*layers) with set_loss(loss) taking a loss class, train(data, labels, epochs, lr) looping epochs and shuffled mini-batches of columns, forward over self.layers with save_cache=True, backward over reversed(self.layers) starting from loss.compute_derivative, then update_params(lr) on every layer that has params; no backward arithmetic of its own
import numpy as np


class Model:
    def __init__(self, *layers):
        self.layers = list(layers)
        self.loss = None

    def set_loss(self, loss):
        self.loss = loss

    def predict(self, data):
        A = data
        for layer in self.layers:
            A = layer.forward_propagate(A)
        return A

    def train(self, data, labels, epochs, lr, batch_size=32):
        m = data.shape[1]
        for epoch in range(epochs):
            if epoch % 10 == 0:
                print(f"epoch {epoch} loss {self.loss.compute_loss(labels, self.predict(data)):.4f}")
            order = np.random.permutation(m)
            for start in range(0, m, batch_size):
                cols = order[start:start + batch_size]
                A = data[:, cols]
                batch_labels = labels[:, cols]
                for layer in self.layers:
                    A = layer.forward_propagate(A, save_cache=True)
                dA = self.loss.compute_derivative(batch_labels, A)  # bp: F1 error
                for layer in reversed(self.layers):
                    dA = layer.back_propagate(dA)  # bp: F1 F2
                for layer in self.layers:
                    if hasattr(layer, 'params'):
                        layer.update_params(lr)                     # bp: update
        print(f"epoch {epochs} loss {self.loss.compute_loss(labels, self.predict(data)):.4f}")
