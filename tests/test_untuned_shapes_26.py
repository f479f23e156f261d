"""Shapes of real code met in the twenty-sixth untuned probe, in our own words: classical solvers whose
matrix-vector products look like layers, an ascent helper, a GAN's discriminator run on real and on generated
batches, and an LSTM node that keeps its gates on a state object. Each test failed on the checkout before
its fix."""

from __future__ import annotations

import textwrap

from bpscan.analysis import analyze_source


def _result(src: str):  # type: ignore[no-untyped-def]
    return analyze_source(textwrap.dedent(src), "t.py")


def _kinds(src: str) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for t in _result(src).tags:
        out.setdefault(t.line, set()).add(t.kind)
    return out


def test_a_quasi_newton_step_is_no_layer_and_gets_no_transpose_finding() -> None:
    # x - H @ g with H an inverse-Hessian estimate, and u = s - H @ y: no loss, no error, nothing trained
    src = '''
        import numpy as np
        def grad(v):
            return np.array([4.0 * (v[0] - 2.0), 2.0 * (v[1] + 1.0)])
        def minimise(v, steps=30):
            v = np.asarray(v, dtype=float)
            H = np.eye(2)
            for _ in range(steps):
                g = grad(v)
                v_new = v - H @ g
                s = v_new - v
                y = grad(v_new) - g
                u = s - H @ y
                d = u @ y
                if abs(d) > 1e-12:
                    H = H + np.outer(u, u) / d
                v = v_new
            return v
        print(minimise([1.0, 1.0]))
    '''
    r = _result(src)
    assert r.findings == (), r.findings
    assert not any(t.kind in ("F2", "F3", "update") for t in r.tags), r.tags
    assert any("no gradient traced from an output error" in n for n in r.notes), r.notes


def test_conjugate_gradient_on_arrays_bound_at_module_level_gets_no_finding() -> None:
    src = '''
        import numpy as np
        def solve(M, rhs, start, tol=1e-10):
            v = np.array(start, dtype=float)
            res = rhs - M @ v
            p = res.copy()
            for _ in range(50):
                Mp = M @ p
                step = np.dot(res, res) / np.dot(p, Mp)
                v = v + step * p
                new = res - step * Mp
                if np.linalg.norm(new) < tol:
                    break
                p = new + np.dot(new, new) / np.dot(res, res) * p
                res = new
            return v
        M = np.array([[3.0, 1.0], [1.0, 2.0]])
        rhs = np.array([1.0, 1.0])
        print(solve(M, rhs, np.zeros(2)))
    '''
    assert _result(src).findings == ()


def test_a_step_helper_named_for_ascent_is_not_an_ascent_bug() -> None:
    # beside the log-likelihood's gradient X^T (y - p): adding is what the helper is for
    src = '''
        import numpy as np
        def loglik_gradient(X, p, y):
            return X.T @ (y - p)
        def gradient_ascent_step(w, lr, grad):
            return w + lr * grad
    '''
    assert not any(f.code == "BP201" for f in _result(src).findings)


def test_a_gan_discriminator_handed_real_and_fake_batches_takes_them_for_data() -> None:
    # backward_d(self, x_real, ...) of a discriminator run on both batches: the real batch is data, not the
    # upstream gradient a backward method's first argument is by protocol, so no gradient is crossed
    src = '''
        import numpy as np
        class Critic:
            def __init__(self, n_in, n_hid, lr=0.01):
                self.lr = lr
                self.W0 = np.random.randn(n_in, n_hid) * 0.1
                self.W1 = np.random.randn(n_hid, 1) * 0.1
            def forward_d(self, x):
                self.z0 = x @ self.W0
                self.a0 = np.maximum(self.z0, 0)
                self.z1 = self.a0 @ self.W1
                return self.z1, 1.0 / (1.0 + np.exp(-self.z1))
            def backward_d(self, x_real, p_real, x_fake, p_fake):
                d1r = -(1.0 - p_real)
                d0r = (d1r @ self.W1.T) * (self.z0 > 0)
                dW0r = x_real.T @ d0r
                d1f = p_fake
                d0f = (d1f @ self.W1.T) * (self.z0 > 0)
                dW0f = x_fake.T @ d0f
                dW1 = self.a0.T @ (d1r + d1f)
                self.W0 -= self.lr * (dW0r + dW0f)
                self.W1 -= self.lr * dW1
            def train(self, real, fake):
                _, p_real = self.forward_d(real)
                _, p_fake = self.forward_d(fake)
                self.backward_d(real, p_real, fake, p_fake)
    '''
    assert not any(f.code == "BP103" for f in _result(src).findings), _result(src).findings


def test_an_lstm_node_keeping_its_gates_on_a_state_object_is_driven_forward_then_backward() -> None:
    # `load` has no forward name; it fills the state object that `backward(self, dh, dc)` reads, and the
    # error of h = c * o arrives through the product
    src = '''
        import numpy as np
        def sig(v):
            return 1.0 / (1.0 + np.exp(-v))
        class Node:
            def __init__(self, p, st):
                self.p = p
                self.st = st
            def load(self, x, c_prev, h_prev):
                self.c_prev = c_prev
                self.cat = np.hstack((x, h_prev))
                self.st.g = np.tanh(self.cat @ self.p.Wg)
                self.st.i = sig(self.cat @ self.p.Wi)
                self.st.o = sig(self.cat @ self.p.Wo)
                self.st.c = self.st.g * self.st.i + c_prev
                self.st.h = self.st.c * self.st.o
            def backward(self, dh, dc_next):
                dc = self.st.o * dh + dc_next
                do = self.st.c * dh
                dg = self.st.i * dc
                do_raw = self.st.o * (1.0 - self.st.o) * do
                dg_raw = (1.0 - self.st.g ** 2) * dg
                self.p.dWo += self.cat.T @ do_raw
                self.p.dWg += self.cat.T @ dg_raw
                return do_raw @ self.p.Wo.T + dg_raw @ self.p.Wg.T
    '''
    kinds = _kinds(src)
    assert "F1" in kinds.get(21, set()) and "F1" in kinds.get(22, set()), kinds
    assert "F3" in kinds.get(23, set()) and "F3" in kinds.get(24, set()), kinds
    assert "F2" in kinds.get(25, set()), kinds


def test_a_loss_object_of_classmethods_gets_its_arguments_in_place() -> None:
    # `Scorer.diff(pred, label)` of a classmethod: cls is the class, pred the prediction, label the target
    src = '''
        import numpy as np
        class Scorer:
            @classmethod
            def diff(cls, pred, label):
                return 2.0 * (pred - label)
        X = np.random.randn(20, 3)
        Y = np.random.randn(20, 1)
        W = np.random.randn(3, 1) * 0.1
        for _ in range(100):
            out = X @ W
            g = Scorer.diff(out, Y)
            W -= 0.01 * X.T @ g
    '''
    kinds = _kinds(src)
    assert "error" in kinds.get(6, set()), kinds
    assert {"F3", "update"} <= kinds.get(13, set()), kinds


def test_a_bias_broadcast_to_the_targets_shape_keeps_the_targets_out_of_the_output() -> None:
    # `b.expand_as(y)` lends y's shape only: the output does not depend on the target
    src = '''
        import torch
        w = torch.rand(1, 1)
        b = torch.zeros(1, 1)
        for _ in range(500):
            x = torch.rand(16, 1) * 10
            y = 3 * x + 1
            pred = x.mm(w) + b.expand_as(y)
            g = pred - y
            dw = x.t().mm(g)
            db = g.sum()
            w.sub_(0.001 * dw)
            b.sub_(0.001 * db)
    '''
    kinds = _kinds(src)
    assert "error" in kinds.get(9, set()) and "F3" in kinds.get(10, set()), kinds
    assert "update" in kinds.get(12, set()) and "update" in kinds.get(13, set()), kinds


def test_an_exported_notebook_cell_that_lost_its_import_of_copy_still_steps_its_parameters() -> None:
    src = '''
        def update_parameters(params, grads, learning_rate):
            parameters = copy.deepcopy(params)
            for l in range(len(parameters) // 2):
                parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
                parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
            return parameters
    '''
    kinds = _kinds(src)
    assert "update" in kinds.get(5, set()) and "update" in kinds.get(6, set()), kinds


_LOOSE_METHODS = '''
    import numpy as np
    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))
    class Net:
        def __init__(self, n_in, n_hid, n_out):
            self.W1 = np.random.randn(n_in, n_hid) * 0.1
            self.W2 = np.random.randn(n_hid, n_out) * 0.1
    def forward(self, X):
        self.h = sigmoid(X @ self.W1)
        self.out = sigmoid(self.h @ self.W2)
        return self.out
    def train_step(self, X, Y, lr):
        out = self.forward(X)
        d2 = (out - Y) * out * (1 - out)
        d1 = (d2 @ self.W2.T) * self.h * (1 - self.h)
        self.W2 -= lr * self.h.T @ d2
        self.W1 -= lr * X.T @ d1
'''


def test_methods_written_outside_their_class_and_attached_to_it_are_read_as_its_methods() -> None:
    src = _LOOSE_METHODS + '''
    Net.forward = forward
    Net.train_step = train_step
    X = np.random.randn(32, 3)
    Y = (X[:, :1] > 0).astype(float)
    net = Net(3, 5, 1)
    for _ in range(100):
        net.train_step(X, Y, 0.5)
    '''
    kinds = _kinds(src)
    assert {"error", "F1"} <= kinds.get(15, set()) and {"F2", "F1"} <= kinds.get(16, set()), kinds
    assert {"F3", "update"} <= kinds.get(17, set()) and {"F3", "update"} <= kinds.get(18, set()), kinds


def test_methods_that_lost_their_indentation_are_read_as_the_methods_of_the_class_they_use() -> None:
    # a notebook's `def train_step(self, X, Y, lr)` at module level beside `class Net`: never attached, but
    # what it reads on self is what Net's constructor keeps
    kinds = _kinds(_LOOSE_METHODS)
    assert {"error", "F1"} <= kinds.get(15, set()) and {"F2", "F1"} <= kinds.get(16, set()), kinds
    assert {"F3", "update"} <= kinds.get(17, set()) and {"F3", "update"} <= kinds.get(18, set()), kinds
