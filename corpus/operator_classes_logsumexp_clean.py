# bp-corpus: clean
# bp-driver: drivers/operator_classes_logsumexp_clean_driver.py
# bp-style: operator classes in the shape of a NumPy framework: `forward(self, input, ...)` / `backward(self,
# out_grad, input, ...)` handed the layer's input again, derivatives wrapped in `np.nan_to_num(...)`; a softmax
# cross-entropy whose backward recomputes the probabilities as `np.exp(shift - np.log(Z + eps))` (the log-softmax,
# kept off log(0)) before the error `probs.copy(); in_grad[np.arange(batch), labels] -= 1; in_grad /= batch`;
# nothing in this file trains (its driver does)
import numpy as np


class Linear:
    def forward(self, input, weights, bias):
        return input @ weights + bias

    def backward(self, out_grad, input, weights):
        in_grad = out_grad @ weights.T  # bp: F2
        w_grad = input.T @ out_grad  # bp: F3
        b_grad = np.sum(out_grad, axis=0)  # bp: F3
        return in_grad, w_grad, b_grad


class Tanh:
    def forward(self, input):
        return np.tanh(input)

    def backward(self, out_grad, input):
        return np.nan_to_num(out_grad * (1 - np.square(np.tanh(input))))  # bp: F1


class SoftmaxCrossEntropy:
    def forward(self, input, labels):
        shift = input - np.max(input, axis=1, keepdims=True)
        log_probs = shift - np.log(np.sum(np.exp(shift), axis=1, keepdims=True) + 1e-12)
        return -np.mean(log_probs[np.arange(len(labels)), labels])

    def backward(self, input, labels):
        eps = 1e-12
        batch = len(labels)
        input_shift = input - np.max(input, axis=1, keepdims=True)
        Z = np.sum(np.exp(input_shift), axis=1, keepdims=True)
        log_probs = input_shift - np.log(Z + eps)
        probs = np.exp(log_probs)
        in_grad = probs.copy()  # bp: error
        in_grad[np.arange(batch), labels] -= 1  # bp: error F1
        in_grad /= batch  # bp: error
        return in_grad
