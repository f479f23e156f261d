"""Optimisers: calculate_update(weight_tensor, gradient_tensor) returns the stepped weights."""
# bp-corpus: buggy
# bp-style: optimiser object whose calculate_update returns a new array, the layer rebinding its weights to it


class Sgd:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def calculate_update(self, weight_tensor, gradient_tensor):
        return weight_tensor - self.learning_rate * gradient_tensor  # bp: update
