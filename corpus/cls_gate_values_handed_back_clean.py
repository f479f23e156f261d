# bp-corpus: clean
# bp-driver: drivers/cls_gate_values_handed_back_clean_driver.py
# bp-style: class, column vectors; an output gate whose forward returns the gate's value and whose
# backward takes the forward values back as arguments (no cache), returning the weight gradients
# for a separate step method
import numpy as np


class OutputGate:
    def __init__(self, n_in, n_hid, rng):
        self.U = rng.normal(0.0, 0.3, (n_hid, n_in))
        self.bias = np.zeros((n_hid, 1))

    def forward(self, x, cell):
        gate = 1.0 / (1.0 + np.exp(-(self.U @ x + self.bias)))
        hid = gate * np.tanh(cell)
        return hid, gate

    def backward(self, x, cell, gate, dhid):
        d_gate = dhid * np.tanh(cell) * gate * (1 - gate)    # bp: F1
        dU = d_gate @ x.T                                    # bp: F3[self.U]
        dbias = d_gate.sum(axis=1, keepdims=True)            # bp: F3[self.bias]
        dx = self.U.T @ d_gate                               # bp: F2
        return dx, dU, dbias

    def step(self, dU, dbias, lr):
        self.U -= lr * dU                                    # bp: update[self.U]
        self.bias -= lr * dbias                              # bp: update[self.bias]
