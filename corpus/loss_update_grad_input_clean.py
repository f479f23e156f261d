# bp-corpus: clean
# bp-style: Lua-torch-style modules in NumPy, row convention with the weight stored (out, in) (inpt @ weight.T +
# bias, so the input's gradient is grad_output @ weight): Linear and Tanh modules with update_output(inpt),
# update_grad_input(inpt, grad_output) and acc_grad_parameters(inpt, grad_output) adding into grad_weight/grad_bias
# (reset by zero_grad_parameters()); an MSE criterion with update_output(self, inpt, target) and
# update_grad_input(self, inpt, target); a manual SGD loop calling each module in turn
"""A two-input regression fitted by Linear - Tanh - Linear modules in the style of Lua torch's nn package; the loop
calls every module's passes by hand and steps the weights itself."""
import numpy as np


class Module:
    def __init__(self):
        self.output = None
        self.grad_input = None

    def update_output(self, inpt):
        raise NotImplementedError

    def update_grad_input(self, inpt, grad_output):
        raise NotImplementedError

    def acc_grad_parameters(self, inpt, grad_output):
        pass

    def zero_grad_parameters(self):
        pass


class Linear(Module):
    def __init__(self, input_size, output_size, rng):
        super().__init__()
        stdv = 1.0 / np.sqrt(input_size)
        self.weight = rng.uniform(-stdv, stdv, (output_size, input_size))
        self.bias = rng.uniform(-stdv, stdv, output_size)
        self.grad_weight = np.zeros_like(self.weight)
        self.grad_bias = np.zeros_like(self.bias)

    def update_output(self, inpt):
        self.output = inpt @ self.weight.T + self.bias
        return self.output

    def update_grad_input(self, inpt, grad_output):
        self.grad_input = grad_output @ self.weight  # bp: F2
        return self.grad_input

    def acc_grad_parameters(self, inpt, grad_output):
        self.grad_weight += grad_output.T @ inpt  # bp: F3
        self.grad_bias += grad_output.sum(axis=0)  # bp: F3

    def zero_grad_parameters(self):
        self.grad_weight.fill(0)
        self.grad_bias.fill(0)


class Tanh(Module):
    def update_output(self, inpt):
        self.output = np.tanh(inpt)
        return self.output

    def update_grad_input(self, inpt, grad_output):
        self.grad_input = grad_output * (1 - self.output ** 2)  # bp: F1
        return self.grad_input


class MSECriterion:
    def __init__(self):
        self.output = None
        self.grad_input = None

    def update_output(self, inpt, target):
        self.output = np.mean((inpt - target) ** 2)
        return self.output

    def update_grad_input(self, inpt, target):
        self.grad_input = 2 * (inpt - target) / inpt.size  # bp: error
        return self.grad_input


rng = np.random.default_rng(21)
X = rng.uniform(-2, 2, (250, 2))
Y = (np.tanh(X[:, 0] - X[:, 1]) + 0.3 * X[:, 0] * X[:, 1])[:, None]

lin1 = Linear(2, 20, rng)
act = Tanh()
lin2 = Linear(20, 1, rng)
criterion = MSECriterion()
learning_rate = 0.1
for it in range(1001):
    z = lin1.update_output(X)
    h = act.update_output(z)
    y = lin2.update_output(h)
    err = criterion.update_output(y, Y)
    if it % 200 == 0:
        print(f"iter {it} loss {err:.5f}")

    lin1.zero_grad_parameters()
    lin2.zero_grad_parameters()
    grad_y = criterion.update_grad_input(y, Y)  # bp: error
    lin2.acc_grad_parameters(h, grad_y)  # bp: F3
    grad_h = lin2.update_grad_input(h, grad_y)  # bp: F2
    grad_z = act.update_grad_input(z, grad_h)  # bp: F1
    lin1.acc_grad_parameters(X, grad_z)  # bp: F3

    for module in (lin1, lin2):
        module.weight -= learning_rate * module.grad_weight  # bp: update
        module.bias -= learning_rate * module.grad_bias  # bp: update
