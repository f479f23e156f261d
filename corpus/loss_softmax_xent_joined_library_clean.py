"""A loss module with no driver in the file: a softmax joined to its cross-entropy, whose backward is handed the
probabilities its forward made (as the layers' training loop calls it) and forms the cancelled error in place."""
# bp-corpus: clean
# bp-style: loss class with no driver in the file, forward(self, logits, y_true) applying a softmax object kept in __init__, backward(self, dvalues, y_true) copying dvalues, lowering it by one at the targets (labels or one-hot turned to labels) and dividing by the batch
# bp-driver: drivers/loss_softmax_xent_joined_library_clean_driver.py
import numpy as np


class Softmax:
    def forward(self, inputs):
        shifted = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = shifted / shifted.sum(axis=1, keepdims=True)
        return self.output


class SoftmaxWithCrossEntropy:
    def __init__(self):
        self.softmax = Softmax()

    def forward(self, logits, y_true):
        self.output = self.softmax.forward(logits)
        picked = self.output[np.arange(len(logits)), y_true]
        return -np.mean(np.log(np.clip(picked, 1e-12, 1.0)))

    def backward(self, dvalues, y_true):
        n = len(dvalues)
        if y_true.ndim == 2:
            y_true = y_true.argmax(axis=1)
        self.dinputs = dvalues.copy()  # bp: error
        self.dinputs[np.arange(n), y_true] -= 1  # bp: error F1
        self.dinputs = self.dinputs / n  # bp: error
        return self.dinputs
