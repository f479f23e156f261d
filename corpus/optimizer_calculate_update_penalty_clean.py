"""A course framework's optimiser module: `calculate_update(weight, gradient)` returns the new weight, and when a
regulariser has been added it takes a second step on the penalty's gradient, in a statement of its own. Beside it a
fully connected layer that folds its bias into the weight (a column of ones on the input) and keeps the gradient
of that weight for its user to step. The module has no training run: its driver trains a two-layer regressor.
"""
# bp-corpus: clean
# bp-style: optimiser module with no driver in the file, `calculate_update(weight_tensor, gradient_tensor)` returning the stepped weight, a penalty step taken after the plain one, `add_regularizer` setting what the constructor left None, layer classes whose user steps their weights
# bp-driver: drivers/optimizer_calculate_update_penalty_clean_driver.py
import numpy as np


class Optimizer:
    def __init__(self):
        self.regularizer = None

    def add_regularizer(self, regularizer):
        self.regularizer = regularizer


class Sgd(Optimizer):
    def __init__(self, learning_rate):
        super().__init__()
        self.learning_rate = learning_rate

    def calculate_update(self, weight_tensor, gradient_tensor):
        original = np.copy(weight_tensor)
        updated = weight_tensor - self.learning_rate * gradient_tensor  # bp: update
        if self.regularizer:
            penalty = self.regularizer.calculate_gradient(original)
            updated -= self.learning_rate * penalty                     # bp: update
        return updated


class L2:
    def __init__(self, alpha):
        self.alpha = alpha

    def calculate_gradient(self, weights):
        return self.alpha * weights  # bp: F3


class FullyConnected:
    def __init__(self, input_size, output_size, seed):
        rng = np.random.default_rng(seed)
        self.weights = rng.uniform(-0.5, 0.5, (input_size + 1, output_size))

    def forward(self, input_tensor):
        self.input_tensor = np.hstack([input_tensor, np.ones((input_tensor.shape[0], 1))])
        return self.input_tensor @ self.weights

    def backward(self, error_tensor):
        self.gradient_weights = self.input_tensor.T @ error_tensor     # bp: F3
        return error_tensor @ self.weights[:-1].T                       # bp: F2


class ReLU:
    def forward(self, input_tensor):
        self.mask = input_tensor > 0
        return input_tensor * self.mask

    def backward(self, error_tensor):
        return error_tensor * self.mask                                 # bp: F1
