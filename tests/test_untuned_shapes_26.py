"""Shapes of real code met in the twenty-sixth untuned probe, in our own words: classical solvers whose
matrix-vector products look like layers, an ascent helper, a GAN's discriminator run on real and on generated
batches, and an LSTM node that keeps its gates on a state object. Each test failed on the checkout before
its fix."""

from __future__ import annotations

from shape_util import kinds as _kinds, result as _result


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
    # named after maximum likelihood: the same purpose
    mle = src.replace("gradient_ascent_step", "update_weight_mle")
    assert not any(f.code == "BP201" for f in _result(mle).findings)


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


def test_a_network_object_handed_to_free_functions_is_read_through_the_function_that_steps_it() -> None:
    # `train(net, x, y)` calls `forward(net, x)` and `backprop(net, y, lr)`, which steps `net.W2 -= ...`:
    # net is the network whose attributes are its parameters, in every function it is handed to
    src = '''
        import numpy as np
        def sig(v):
            return 1.0 / (1.0 + np.exp(-v))
        def forward(net, x):
            net.x = x
            net.h = sig(x @ net.W1)
            net.out = sig(net.h @ net.W2)
            return net.out
        def backprop(net, y, lr):
            d2 = (net.out - y) * net.out * (1 - net.out)
            d1 = (d2 @ net.W2.T) * net.h * (1 - net.h)
            net.W2 -= lr * net.h.T @ d2
            net.W1 -= lr * net.x.T @ d1
        def train(net, x, y, epochs, lr):
            for _ in range(epochs):
                forward(net, x)
                backprop(net, y, lr)
            return net
    '''
    kinds = _kinds(src)
    assert {"error", "F1"} <= kinds.get(11, set()) and {"F2", "F1"} <= kinds.get(12, set()), kinds
    assert {"F3", "update"} <= kinds.get(13, set()) and {"F3", "update"} <= kinds.get(14, set()), kinds


def test_an_output_delta_named_dz_with_the_forward_in_another_file_is_error_and_f1() -> None:
    # `dZ2 = A2 - Y`: the author names it the gradient of the pre-activation, so the sigmoid (or softmax)
    # derivative has cancelled against cross-entropy
    src = '''
        import numpy as np
        def backward_propagation(parameters, cache, X, Y):
            m = X.shape[1]
            W2 = parameters["W2"]
            A1 = cache["A1"]
            A2 = cache["A2"]
            dZ2 = A2 - Y
            dW2 = np.dot(dZ2, A1.T) / m
            db2 = np.sum(dZ2, axis=1, keepdims=True) / m
            dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))
            dW1 = np.dot(dZ1, X.T) / m
            return {"dW1": dW1, "dW2": dW2, "db2": db2}
    '''
    kinds = _kinds(src)
    assert {"error", "F1"} <= kinds.get(8, set()), kinds
    assert "F3" in kinds.get(9, set()) and {"F2", "F1"} <= kinds.get(11, set()), kinds


def test_a_convolution_backward_with_its_forward_in_another_file_is_read_window_by_window() -> None:
    # the kernel and the input come from the cache; one entry of dZ at a time meets a window of each
    src = '''
        import numpy as np
        def conv_backward(dZ, cache):
            (A_prev, W, b, hp) = cache
            (m, n_H, n_W, n_C) = dZ.shape
            f = W.shape[0]
            s = hp["stride"]
            dA_prev = np.zeros(A_prev.shape)
            dW = np.zeros(W.shape)
            db = np.zeros(b.shape)
            for i in range(m):
                for h in range(n_H):
                    for w in range(n_W):
                        for c in range(n_C):
                            win = A_prev[i, h * s:h * s + f, w * s:w * s + f, :]
                            dA_prev[i, h * s:h * s + f, w * s:w * s + f, :] += W[:, :, :, c] * dZ[i, h, w, c]
                            dW[:, :, :, c] += win * dZ[i, h, w, c]
                            db[:, :, :, c] += dZ[i, h, w, c]
            return dA_prev, dW, db
    '''
    kinds = _kinds(src)
    assert "F2" in kinds.get(16, set()), kinds
    assert "F3" in kinds.get(17, set()) and "F3" in kinds.get(18, set()), kinds


def test_a_convolution_bias_gradient_summed_one_entry_at_a_time_is_formula_3() -> None:
    src = '''
        import numpy as np
        def conv_forward(x, w, b):
            N, C, H, W = x.shape
            F, _, k, _ = w.shape
            out = np.zeros((N, F, H - k + 1, W - k + 1))
            for n in range(N):
                for f in range(F):
                    for i in range(H - k + 1):
                        for j in range(W - k + 1):
                            out[n, f, i, j] = np.sum(x[n, :, i:i + k, j:j + k] * w[f]) + b[f]
            return out, (x, w, b)
        def conv_backward(dout, cache):
            x, w, b = cache
            N, F, Ho, Wo = dout.shape
            k = w.shape[2]
            dx, dw, db = np.zeros_like(x), np.zeros_like(w), np.zeros_like(b)
            for n in range(N):
                for f in range(F):
                    for i in range(Ho):
                        for j in range(Wo):
                            dx[n, :, i:i + k, j:j + k] += dout[n, f, i, j] * w[f]
                            dw[f] += dout[n, f, i, j] * x[n, :, i:i + k, j:j + k]
                            db[f] += dout[n, f, i, j]
            return dx, dw, db
    '''
    kinds = _kinds(src)
    assert "F2" in kinds.get(22, set()) and "F3" in kinds.get(23, set()), kinds
    assert "F3" in kinds.get(24, set()), kinds


def test_an_autoencoder_whose_layers_draw_their_weights_from_one_helper_has_two_layers() -> None:
    # `init(n_in, n_out)` called by the encoder's and the decoder's constructors makes two weights, and the
    # batch compared with the reconstruction is cut from the array the encoder's batch was cut from
    src = '''
        import numpy as np
        def init(n_in, n_out):
            W = np.random.randn(n_out, n_in) * 0.1
            b = np.zeros((n_out, 1))
            return W, b
        def sig(z):
            return 1 / (1 + np.exp(-z))
        class Enc:
            def __init__(self, n_in, n_hid):
                self.W, self.b = init(n_in, n_hid)
            def forward(self, x):
                self.x = x
                self.a = np.maximum(0, x @ self.W.T + self.b.T)
                return self.a
        class Dec:
            def __init__(self, n_hid, n_out):
                self.W, self.b = init(n_hid, n_out)
            def forward(self, h):
                self.h = h
                self.a = sig(h @ self.W.T + self.b.T)
                return self.a
            def backward(self, y, lr):
                dz = self.a - y
                self.W -= lr * dz.T @ self.h / len(y)
                self.b -= lr * dz.sum(axis=0, keepdims=True).T / len(y)
        def train(x, y, epochs=10, bs=8):
            enc, dec = Enc(16, 4), Dec(4, 16)
            for _ in range(epochs):
                for i in range(0, len(x), bs):
                    xb, yb = x[i:i + bs], y[i:i + bs]
                    dec.forward(enc.forward(xb))
                    dec.backward(yb, 0.1)
        data = np.random.rand(64, 16)
        train(data, data)
    '''
    r = _result(src)
    # (the encoder has no backward pass, so only the decoder is a trained layer: its input is the encoder's output)
    assert [(lay.weight, lay.input) for lay in r.layers] == [("W", "self.a")], r.layers
    kinds = _kinds(src)
    assert "error" in kinds.get(24, set()), kinds
    assert {"F3", "update"} <= kinds.get(25, set()) and {"F3", "update"} <= kinds.get(26, set()), kinds


def test_a_feature_map_summed_over_input_channels_is_no_bias_and_no_update() -> None:
    # `acc = np.zeros(...)`, `acc += correlate2d(x[i, c], K[o, c])`: the layer's output being formed; its
    # bias is what is added afterwards
    src = '''
        import numpy as np
        from scipy.signal import correlate2d, convolve2d
        class Conv:
            def __init__(self, c_in, c_out, k):
                self.K = np.random.randn(c_out, c_in, k, k) * 0.1
                self.b = np.zeros(c_out)
            def forward(self, x):
                self.x = x
                n, c_in, h, w = x.shape
                c_out, _, k, _ = self.K.shape
                out = np.zeros((n, c_out, h - k + 1, w - k + 1))
                for i in range(n):
                    for o in range(c_out):
                        acc = np.zeros((h - k + 1, w - k + 1))
                        for c in range(c_in):
                            acc += correlate2d(x[i, c], self.K[o, c], mode="valid")
                        out[i, o] = acc + self.b[o]
                return out
            def backward(self, g, lr):
                dK = np.zeros_like(self.K)
                dx = np.zeros_like(self.x)
                for i in range(g.shape[0]):
                    for o in range(self.K.shape[0]):
                        for c in range(self.K.shape[1]):
                            dK[o, c] += correlate2d(self.x[i, c], g[i, o], mode="valid")
                            dx[i, c] += convolve2d(g[i, o], self.K[o, c], mode="full")
                self.K -= lr * dK
                self.b -= lr * g.sum(axis=(0, 2, 3))
                return dx
    '''
    r = _result(src)
    assert [(lay.weight, lay.bias) for lay in r.layers] == [("self.K", "self.b")], r.layers
    kinds = _kinds(src)
    assert kinds.get(17, set()) <= {"linear"}, kinds
    assert "F3" in kinds.get(26, set()) and {"F3", "update"} <= kinds.get(29, set()), kinds


def test_a_bias_gradient_squeezed_after_the_sum_is_still_formula_3() -> None:
    src = '''
        import numpy as np
        def linear_backward(dZ, cache):
            A_prev, W, b = cache
            m = A_prev.shape[1]
            dW = np.dot(dZ, A_prev.T) / m
            db = np.squeeze(np.sum(dZ, axis=1, keepdims=True)) / m
            dA_prev = np.dot(W.T, dZ)
            return dA_prev, dW, db
    '''
    kinds = _kinds(src)
    assert "F3" in kinds.get(6, set()) and "F3" in kinds.get(7, set()) and "F2" in kinds.get(8, set()), kinds


def test_conjugate_gradients_whose_step_length_is_a_line_search_are_no_layer_even_when_driven() -> None:
    # `step = trace(r^T r) / trace(d^T M d)`: a step length found from the residual, the mark of a solver
    src = '''
        import numpy as np
        def solve_cg(M, rhs, Z, tol, steps):
            res = np.dot(M, Z) - rhs
            d = -res
            k = 0
            while np.linalg.norm(res) > tol and k < steps:
                step = np.trace(np.dot(res.T, res)) / np.trace(np.dot(d.T, np.dot(M, d)))
                Z = Z + step * d
                res_new = res + step * np.dot(M, d)
                gamma = np.trace(np.dot(res_new.T, res_new)) / np.trace(np.dot(res.T, res))
                d = -res_new + gamma * d
                res = res_new
                k += 1
            return Z, k
        G = np.random.rand(6, 6)
        M = G @ G.T + 6 * np.eye(6)
        truth = np.random.rand(6, 2)
        print(solve_cg(M, M @ truth, np.zeros((6, 2)), 1e-10, 100)[0])
    '''
    r = _result(src)
    assert r.findings == () and r.layers == (), (r.findings, r.layers)
    assert not any(t.kind in ("error", "F3", "update") for t in r.tags), r.tags


def test_labels_written_into_a_cross_entropy_product_are_no_weight() -> None:
    # `Y @ np.log(P).T` of a toy check with literal labels: Y is the target, and the float bias stepped with
    # `b -= lr * gb` and handed back in a dict is trained
    src = '''
        import numpy as np
        def squash(t):
            return 1.0 / (1.0 + np.exp(-t))
        def grads(w, b, X, Y):
            n = X.shape[1]
            P = squash(w.T @ X + b)
            loss = -(Y @ np.log(P).T + (1 - Y) @ np.log(1 - P).T) / n
            return X @ (P - Y).T / n, (P - Y).sum() / n, loss
        def descend(w, b, X, Y, steps, lr):
            for _ in range(steps):
                gw, gb, loss = grads(w, b, X, Y)
                w -= lr * gw
                b -= lr * gb
            return {"w": w, "b": b}
        w, b = np.array([[0.5], [-1.0]]), 1.0
        X, Y = np.array([[2.0, 0.0, -1.0], [1.0, 3.0, -2.0]]), np.array([[0, 1, 1]])
        fit = descend(w, b, X, Y, 50, 0.05)
        print(fit["b"])
    '''
    r = _result(src)
    assert not any(f.code == "BP101" for f in r.findings), r.findings
    assert [lay.weight for lay in r.layers] == ["w"], r.layers


def test_adaptive_steps_that_divide_by_a_gradient_norm_are_no_line_search() -> None:
    # Adagrad's `eta / sqrt(s + eps) * g` and Adam's `lr * m_hat / (sqrt(v_hat) + eps)` stay updates: their
    # denominators multiply no direction by a matrix, as a conjugate-gradient step length does
    src = '''
        import math
        import numpy as np
        eta = 0.4
        def adagrad_2d(x1, x2, s1, s2):
            g1, g2, eps = 0.2 * x1, 4 * x2, 1e-6
            s1 += g1 ** 2
            s2 += g2 ** 2
            x1 -= eta / math.sqrt(s1 + eps) * g1
            x2 -= eta / math.sqrt(s2 + eps) * g2
            return x1, x2, s1, s2
        def adam(objective_grad, x, w_init, lr=0.1, epochs=50, b1=0.9, b2=0.999, eps=1e-8):
            w, m, v = w_init, 0.0, 0.0
            for t in range(1, epochs + 1):
                grad = objective_grad(x, w)
                m = b1 * m + (1 - b1) * grad
                v = b2 * v + (1 - b2) * grad ** 2
                w = w - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
            return w
    '''
    r = _result(src)
    assert not any("line search" in n for n in r.notes), r.notes
    kinds = _kinds(src)
    assert "update" in kinds.get(10, set()) and "update" in kinds.get(18, set()), kinds


def test_the_module_protocol_with_two_backward_methods_is_driven_after_forward() -> None:
    # forward(X); backward_update_gradient(input, delta) sums the parameter gradients, backward_delta(input,
    # delta) returns the input's: each is handed the forward's input again and the gradient of its output; the
    # weight drawn by a helper under a setting (xavier, he or plain) is one weight
    src = '''
        import numpy as np
        class Module:
            def zero_grad(self):
                pass
        class Linear(Module):
            def __init__(self, n_in, n_out, init="plain"):
                self._parameters = self.init_weights(n_in, n_out, init)
                self._bias = np.zeros((1, n_out))
                self._gradient = np.zeros_like(self._parameters)
                self._gradient_bias = np.zeros_like(self._bias)
            def init_weights(self, n_in, n_out, init):
                if init == "xavier":
                    return np.random.normal(0, 1, (n_in, n_out)) * np.sqrt(2 / (n_in + n_out))
                return np.random.randn(n_in, n_out)
            def forward(self, X):
                return X @ self._parameters + self._bias
            def backward_update_gradient(self, input, delta):
                self._gradient += input.T @ delta
                self._gradient_bias += np.sum(delta, axis=0, keepdims=True)
            def backward_delta(self, input, delta):
                return delta @ self._parameters.T
            def update_parameters(self, gradient_step=1e-3):
                self._parameters -= gradient_step * self._gradient
                self._bias -= gradient_step * self._gradient_bias
        class Tanh(Module):
            def forward(self, X):
                self.output = np.tanh(X)
                return self.output
            def backward_delta(self, input, delta):
                return (1 - self.output ** 2) * delta
    '''
    kinds = _kinds(src)
    assert "F3" in kinds.get(19, set()) and "F3" in kinds.get(20, set()), kinds
    assert "F2" in kinds.get(22, set()), kinds
    assert "update" in kinds.get(24, set()) and "update" in kinds.get(25, set()), kinds
    assert "F1" in kinds.get(31, set()), kinds
