"""Shapes met in the later untuned probes of public code (the nineteenth and twentieth, 2026-12-03), written
again in our own words: what a careful reader tags there, and silence where the code is right."""

from __future__ import annotations

import textwrap

from bpscan.analysis import analyze_source


def _line(src: str, needle: str) -> int:
    return next(i for i, text in enumerate(src.splitlines(), 1) if needle in text)


def _kinds(result, line: int) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.kind for t in result.tags if t.line == line}


#: a hidden layer normalised by a batch norm with a learnt gain and shift, written out by hand in torch
#: tensors, and every parameter stepped from one list of gradients in the same order
BATCHNORM_BY_HAND = textwrap.dedent('''
    import torch
    import torch.nn.functional as F

    n_batch, n_in, n_hid, n_cls = 32, 8, 24, 4
    W1 = torch.randn((n_in, n_hid)) * 0.2
    c1 = torch.zeros(n_hid)
    W2 = torch.randn((n_hid, n_cls)) * 0.1
    c2 = torch.zeros(n_cls)
    gain = torch.ones((1, n_hid))
    shift = torch.zeros((1, n_hid))
    weights = [W1, c1, W2, c2, gain, shift]
    data = torch.randn(500, n_in)
    labels = torch.randint(0, n_cls, (500,))

    with torch.no_grad():
        for step in range(2000):
            pick = torch.randint(0, 500, (n_batch,))
            xb, yb = data[pick], labels[pick]
            hpre = xb @ W1 + c1
            mean = hpre.mean(0, keepdim=True)
            var = hpre.var(0, keepdim=True, unbiased=True)
            rstd = (var + 1e-5) ** -0.5
            hnorm = (hpre - mean) * rstd
            hbn = gain * hnorm + shift
            hact = torch.tanh(hbn)
            logits = hact @ W2 + c2
            dlogits = F.softmax(logits, 1)
            dlogits[range(n_batch), yb] -= 1
            dlogits /= n_batch
            dhact = dlogits @ W2.T
            dW2 = hact.T @ dlogits
            dc2 = dlogits.sum(0)
            dhbn = (1.0 - hact ** 2) * dhact
            dgain = (hnorm * dhbn).sum(0, keepdim=True)
            dshift = dhbn.sum(0, keepdim=True)
            dhpre = gain * rstd / n_batch * (n_batch * dhbn - dhbn.sum(0)
                                             - n_batch / (n_batch - 1) * hnorm * (dhbn * hnorm).sum(0))
            dW1 = xb.T @ dhpre
            dc1 = dhpre.sum(0)
            grads = [dW1, dc1, dW2, dc2, dgain, dshift]
            for p, g in zip(weights, grads):
                p.data += -0.05 * g
''')


def test_a_batch_norm_input_gradient_scaled_by_the_gain_is_not_the_gradient_of_the_gain() -> None:
    """`dhpre = gain * rstd / n * (...)`: the error of the layer before the batch norm, through the gain and
    the normalisation. Before, it kept the place of the norm's delta, so `dW1 = xb.T @ dhpre` was taken
    for the gain's gradient and the zip update of W1 was reported as applying the gradient of `gain`
    (BP103, high, a false alarm in the nineteenth probe)."""
    src = BATCHNORM_BY_HAND
    result = analyze_source(src, "bn.py")
    assert [(f.code, f.line) for f in result.findings] == []
    assert not any(t.param == "gain" for t in result.tags if t.line == _line(src, "dW1 = xb.T @ dhpre"))
    assert "F3" in _kinds(result, _line(src, "dgain = (hnorm * dhbn)"))
    assert "F3" in _kinds(result, _line(src, "dW2 = hact.T @ dlogits"))


#: an LSTM cell whose gates are activation objects, each with its own backward; the cell tanh's backward
#: is applied to the hidden gradient before the output gate multiplies it (the same value either way)
LSTM_FROM_ACTIVATION_OBJECTS = textwrap.dedent('''
    import numpy as np


    class TanhAct:
        def forward(self, x):
            self.y = np.tanh(x)
            return self.y

        def backward(self, grad):
            return grad * (1 - self.y ** 2)


    class SigmoidAct:
        def forward(self, x):
            self.s = 1 / (1 + np.exp(-x))
            return self.s

        def backward(self, grad):
            return grad * self.s * (1 - self.s)


    class GateCell:
        def __init__(self, Wrec, Win, bias):
            self.n = Wrec.shape[0]
            self.Wrec, self.Win, self.bias = Wrec, Win, bias
            self.forget, self.cand, self.inp, self.outg, self.squash = (
                SigmoidAct(), TanhAct(), SigmoidAct(), SigmoidAct(), TanhAct())

        def forward(self, x, h_prev, c_prev):
            n = self.n
            self.x, self.h_prev, self.c_prev = x, h_prev, c_prev
            a = x @ self.Win + h_prev @ self.Wrec + self.bias
            self.f = self.forget.forward(a[:, :n])
            self.g = self.cand.forward(a[:, n:2 * n])
            self.i = self.inp.forward(a[:, 2 * n:3 * n])
            self.o = self.outg.forward(a[:, 3 * n:])
            self.cell = self.f * c_prev + self.g * self.i
            self.tc = self.squash.forward(self.cell)
            return self.o * self.tc, self.cell

        def backward(self, dh, dcell):
            do = dh * self.tc
            dcell += self.o * self.squash.backward(dh)
            dc_prev = self.f * dcell
            df = self.c_prev * dcell
            dg = self.i * dcell
            di = self.g * dcell
            df *= self.forget.backward(1)
            dg *= self.cand.backward(1)
            di *= self.inp.backward(1)
            do *= self.outg.backward(1)
            da = np.hstack((df, dg, di, do))
            self.dWin = self.x.T @ da
            self.dWrec = self.h_prev.T @ da
            self.dbias = da.sum(axis=0)
            return dc_prev, da @ self.Wrec.T, da @ self.Win.T
''')


def test_a_tanh_backward_taken_before_the_output_gate_is_not_a_sigmoid_derivative_on_a_tanh_gate() -> None:
    """`dcell += self.o * self.squash.backward(dh)`: the derivative is taken on dh before the output gate
    multiplies it. Before, the product kept the place of the cell's tanh, so the forget and input gates'
    own sigmoid derivatives were reported as applied to a tanh gate (BP301, high, twice, in the nineteenth
    probe). Now the place is left open, the cell gradient handed in (`dcell`, named after `self.cell` that
    forward returns) carries the chain, and the weight gradients are tagged."""
    src = LSTM_FROM_ACTIVATION_OBJECTS
    result = analyze_source(src, "cell.py")
    assert [(f.code, f.line) for f in result.findings] == []
    assert "F1" in _kinds(result, _line(src, "df *= self.forget.backward(1)"))
    assert "F3" in _kinds(result, _line(src, "self.dWin = self.x.T @ da"))
    assert "F3" in _kinds(result, _line(src, "self.dWrec = self.h_prev.T @ da"))


def _findings(src: str, name: str = "net.py") -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in analyze_source(src, name).findings]


#: an Adam whose per-parameter state is kept under names it makes from a count of what is registered
NAMED_SLOT_ADAM = textwrap.dedent('''
    import numpy as np


    class NamedAdam:
        def __init__(self, lr=0.01, b1=0.9, b2=0.999, eps=1e-8):
            self.lr, self.b1, self.b2, self.eps = lr, b1, b2, eps
            self.slots = {}

        def count(self, prefix):
            n = 0
            for key in self.slots.keys():
                if key.startswith(prefix):
                    n += 1
            return n

        def register(self, prefix, param):
            name = "{}_{}".format(prefix, self.count(prefix))
            self.slots[name] = {"t": 0, "m": np.zeros_like(param), "v": np.zeros_like(param)}
            return name

        def update(self, param, grad, name):
            slot = self.slots[name]
            t = slot["t"] + 1
            m = self.b1 * slot["m"] + (1 - self.b1) * grad
            v = self.b2 * slot["v"] + (1 - self.b2) * grad ** 2
            self.slots[name] = {"t": t, "m": m, "v": v}
            step = self.lr * (m / (1 - self.b1 ** t)) / (np.sqrt(v / (1 - self.b2 ** t)) + self.eps)
            return param - step


    class Dense:
        def __init__(self, opt, n_in, n_out):
            self.opt = opt
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)
            self.w_name = opt.register("dense.W", self.W)
            self.b_name = opt.register("dense.b", self.b)

        def forward(self, x):
            self.x = x
            return x @ self.W + self.b

        def backward(self, g):
            self.gW = self.x.T @ g
            self.gb = g.sum(axis=0)
            return g @ self.W.T

        def step(self):
            self.W = self.opt.update(self.W, self.gW, self.w_name)
            self.b = self.opt.update(self.b, self.gb, self.b_name)


    opt = NamedAdam()
    l1, l2 = Dense(opt, 3, 8), Dense(opt, 8, 2)
    X = np.random.randn(16, 3)
    Y = np.random.randn(16, 2)
    for _ in range(100):
        h = np.tanh(l1.forward(X))
        out = l2.forward(h)
        d = (out - Y) / len(X)
        dh = l2.backward(d)
        l1.backward(dh * (1 - h ** 2))
        l2.step()
        l1.step()
''')


def test_moments_read_from_a_slot_keyed_by_an_unresolved_name_are_no_other_parameters_gradient() -> None:
    """`m = b1 * slot["m"] + (1 - b1) * grad` with the slot found by a name made from a count: the slot read
    stands for every parameter's, so the sum is neither's gradient. Before, the first term's place won and
    ten bias and gain updates of a transformer were reported as applying a weight's gradient (BP103, high,
    twentieth probe)."""
    result = analyze_source(NAMED_SLOT_ADAM, "adam.py")
    assert list(result.findings) == []
    layers = {lay.weight: lay for lay in result.layers}
    assert layers and all(lay.direction == "descent" for lay in layers.values())
    # a wrong sign in the shared step is still seen
    climbing = NAMED_SLOT_ADAM.replace("return param - step", "return param + step")
    assert "BP201" in {f.code for f in analyze_source(climbing, "adam.py").findings}


def test_a_step_weighted_by_a_log_probability_descends() -> None:
    """`W += lr * R * logp * g` with g the gradient of -log p[a] and logp = log p[a] <= 0: a descent (the
    log of a softmax output is never above zero). Before, the factor counted as positive and the update
    was reported as an ascent (BP201, high, a REINFORCE notebook of the twentieth probe)."""
    src = textwrap.dedent('''
        import numpy as np

        def softmax(z):
            e = np.exp(z - z.max())
            return e / e.sum()

        W = np.random.randn(4, 2) * 0.1
        lr = 0.01
        for episode in range(50):
            s = np.random.randn(4)
            p = softmax(s @ W)
            a = np.random.choice(len(p), p=p)
            g = np.outer(s, p - (a == np.arange(len(p))))
            R = 1.0 if a == int(s[0] > 0) else 0.0
            logp = np.log(p[a])
            W += lr * R * logp * g
    ''')
    assert _findings(src) == []
    assert "BP201" in {code for code, _ in _findings(src.replace("W += lr * R * logp * g",
                                                                 "W -= lr * R * logp * g"))}


#: residual blocks (x + f(x)) of layers keeping params/grads lists, written into in place and gathered by the
#: network into one list that the training loop walks with zip
RESIDUAL_LISTS = textwrap.dedent('''
    import numpy as np


    class Gain:
        def __init__(self, d):
            self.g = np.ones(d)
            self.params = [self.g]
            self.grads = [np.zeros_like(self.g)]

        def forward(self, x):
            self.x = x
            return x * self.g

        def backward(self, d):
            self.grads[0][...] = (d * self.x).sum(axis=0)
            return d * self.g


    class TwoLayer:
        def __init__(self, d):
            self.P = np.random.randn(d, 2 * d) * 0.1
            self.Q = np.random.randn(2 * d, d) * 0.1
            self.params = [self.P, self.Q]
            self.grads = [np.zeros_like(self.P), np.zeros_like(self.Q)]

        def forward(self, x):
            self.x = x
            self.h = np.maximum(0, x @ self.P)
            return self.h @ self.Q

        def backward(self, d):
            gQ = self.h.T @ d
            dh = d @ self.Q.T
            dh[self.h == 0] = 0
            self.grads[0][...] = self.x.T @ dh
            self.grads[1][...] = gQ
            return dh @ self.P.T


    class Residual:
        def __init__(self, d):
            self.gain = Gain(d)
            self.inner = TwoLayer(d)
            self.params = self.gain.params + self.inner.params
            self.grads = self.gain.grads + self.inner.grads

        def forward(self, x):
            return x + self.inner.forward(self.gain.forward(x))

        def backward(self, d):
            return d + self.gain.backward(self.inner.backward(d))


    class Net:
        def __init__(self, d, k):
            self.H = np.random.randn(d, k) * 0.1
            self.params = [self.H]
            self.grads = [np.zeros_like(self.H)]
            self.blocks = [Residual(d) for _ in range(2)]
            for blk in self.blocks:
                self.params += blk.params
                self.grads += blk.grads

        def forward(self, x, y):
            for blk in self.blocks:
                x = blk.forward(x)
            self.z = x
            o = x @ self.H
            e = np.exp(o - o.max(axis=1, keepdims=True))
            self.p, self.y = e / e.sum(axis=1, keepdims=True), y

        def backward(self):
            d = self.p.copy()
            d[np.arange(len(self.y)), self.y] -= 1
            self.grads[0][...] = self.z.T @ d
            d = d @ self.H.T
            for blk in reversed(self.blocks):
                d = blk.backward(d)


    net = Net(4, 3)
    X = np.random.randn(8, 4)
    Y = np.random.randint(0, 3, 8)
    for _ in range(10):
        net.forward(X, Y)
        net.backward()
        for p, g in zip(net.params, net.grads):
            p -= 0.05 * g
''')


def test_a_residual_connection_is_not_a_bias_and_gradients_written_into_gathered_lists_are_applied() -> None:
    """`return x + self.inner.forward(self.gain.forward(x))`: the array added is what the block's output was
    computed from, a skip connection; before, it was taken for the bias of the inner layer and the return
    statement was tagged as an update of it. And `self.grads[0][...] = ...` writes into the very arrays
    the network's gathered list holds, so the zip step applies them: before, the list kept the zeros it
    was made with and BP102 said a gradient was never used (high, six times in the twentieth probe)."""
    src = RESIDUAL_LISTS
    result = analyze_source(src, "res.py")
    line = _line(src, "return x + self.inner.forward")
    assert not any(t.line == line and t.kind == "update" for t in result.tags)
    assert not any(lay.bias for lay in result.layers)
    assert list(result.findings) == []
    assert {lay.direction for lay in result.layers} == {"descent"}
    assert "BP201" in {f.code for f in analyze_source(src.replace("p -= 0.05 * g", "p += 0.05 * g"), "res.py").findings}


#: eighteen arrays gathered from nine layers and stepped by an Adam that walks enumerate(zip(params, grads))
LONG_PARAM_LIST = textwrap.dedent('''
    import numpy as np


    class Dense:
        def __init__(self, n_in, n_out):
            self.W = np.random.randn(n_in, n_out) * 0.1
            self.b = np.zeros(n_out)
            self.params = [self.W, self.b]
            self.grads = [np.zeros_like(self.W), np.zeros_like(self.b)]

        def forward(self, x):
            self.x = x
            self.out = np.tanh(x @ self.W + self.b)
            return self.out

        def backward(self, g):
            g = g * (1 - self.out ** 2)
            self.grads[0][...] = self.x.T @ g
            self.grads[1][...] = g.sum(axis=0)
            return g @ self.W.T


    class Adam:
        def __init__(self, lr=0.01, b1=0.9, b2=0.999):
            self.lr, self.b1, self.b2 = lr, b1, b2
            self.m = None
            self.v = None

        def update(self, params, grads):
            if self.m is None:
                self.m = [np.zeros_like(p) for p in params]
                self.v = [np.zeros_like(p) for p in params]
            for i, (p, g) in enumerate(zip(params, grads)):
                self.m[i] = self.b1 * self.m[i] + (1 - self.b1) * g
                self.v[i] = self.b2 * self.v[i] + (1 - self.b2) * g ** 2
                p -= self.lr * self.m[i] / (np.sqrt(self.v[i]) + 1e-8)


    class Deep:
        def __init__(self, sizes):
            self.layers = [Dense(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
            self.params, self.grads = [], []
            for layer in self.layers:
                self.params += layer.params
                self.grads += layer.grads

        def forward(self, x):
            for layer in self.layers:
                x = layer.forward(x)
            return x

        def backward(self, g):
            for layer in reversed(self.layers):
                g = layer.backward(g)


    net = Deep([3, 6, 6, 6, 6, 6, 6, 6, 6, 2])
    opt = Adam()
    X = np.random.randn(32, 3)
    T = np.random.randn(32, 2) * 0.5
    for _ in range(200):
        out = net.forward(X)
        net.backward((out - T) / len(X))
        opt.update(net.params, net.grads)
''')


def test_a_list_of_parameters_too_long_to_unroll_is_stepped_whole() -> None:
    """An Adam walking `enumerate(zip(params, grads))` over eighteen arrays (more than are unrolled): each
    (parameter, gradient) slot stands for any of them, and the step of that slot steps each. Before, the last
    pair stood for all (in a transformer of the twentieth probe only the last bias was stepped, and every
    other weight was reported never updated, BP101 high six times); here the step's direction was unknown."""
    result = analyze_source(LONG_PARAM_LIST, "deep.py")
    assert list(result.findings) == []
    assert result.layers and {lay.direction for lay in result.layers} == {"descent"}
    climbing = LONG_PARAM_LIST.replace("p -= self.lr * self.m[i]", "p += self.lr * self.m[i]")
    assert "BP201" in {f.code for f in analyze_source(climbing, "deep.py").findings}


def test_an_autograd_function_in_torch_2_style_is_driven_through_setup_context() -> None:
    """`forward(x, w, b)` with no ctx, `setup_context(ctx, inputs, output)` saving the tensors, then
    `backward(ctx, grad)`: driven as torch runs it. Before, the forward's first argument was taken for ctx
    and the file was "not understood" (twentieth probe, recall)."""
    src = textwrap.dedent('''
        import torch
        from torch.autograd import Function


        class Linear(Function):
            @staticmethod
            def forward(x, w, b):
                return x.mm(w.t()) + b

            @staticmethod
            def setup_context(ctx, inputs, output):
                x, w, b = inputs
                ctx.save_for_backward(x, w)

            @staticmethod
            def backward(ctx, grad):
                x, w = ctx.saved_tensors
                grad_x = grad.mm(w)
                grad_w = grad.t().mm(x)
                grad_b = grad.sum(0)
                return grad_x, grad_w, grad_b
    ''')
    result = analyze_source(src, "fn.py")
    assert "F2" in _kinds(result, _line(src, "grad_x = grad.mm(w)"))
    assert "F3" in _kinds(result, _line(src, "grad_w = grad.t().mm(x)"))
    assert list(result.findings) == []
    wrong = src.replace("grad_x = grad.mm(w)", "grad_x = grad.mm(w.t())")
    assert "BP304" in {f.code for f in analyze_source(wrong, "fn.py").findings}


def test_an_ascent_explains_an_error_negated_in_its_own_statement() -> None:
    """`g2 = -(t - out) * out * (1 - out)`: the difference is target minus output, the statement's value output
    minus target; the message says both instead of calling the gradient target minus output."""
    src = textwrap.dedent('''
        import numpy as np

        X = np.random.rand(20, 3)
        T = np.random.rand(20, 1)
        W = np.random.randn(3, 1) * 0.1
        for epoch in range(100):
            for x, t in zip(X, T):
                out = 1 / (1 + np.exp(-(x @ W)))
                g = -(t - out) * out * (1 - out)
                W += 0.5 * np.outer(x, g)
    ''')
    found = [f for f in analyze_source(src, "neg.py").findings if f.code == "BP201"]
    assert found and "negated (so output minus target)" in found[0].message


def test_entries_of_a_class_derived_from_dict_are_not_its_attributes() -> None:
    """A layer keeping its momentum in `self.state`, an instance of `class State(dict)` that also has attributes
    (`self.state.x_in`): `self.state.get('vb', 0)` is the bias's own velocity. Before, the instance's entries
    and attributes were one blur and the bias's step was reported as applying the weight's gradient (BP103,
    high, twice in the nineteenth probe)."""
    src = textwrap.dedent('''
        import numpy as np


        class State(dict):
            def __init__(self):
                super().__init__()
                self.x_in = None
                self.g_out = None


        class Dense:
            def __init__(self, n_in, n_out):
                self.W = np.random.randn(n_out, n_in) * 0.1
                self.b = np.zeros((n_out, 1))
                self.state = State()

            def forward(self, x):
                self.state.x_in = x
                return self.W @ x + self.b

            def backward(self, g):
                self.state.g_out = g
                return self.W.T @ g

            def step(self, lr, mu):
                n = self.state.g_out.shape[-1]
                dW = self.state.g_out @ self.state.x_in.T / n
                db = np.sum(self.state.g_out, axis=1, keepdims=True) / n
                self.state['vW'] = mu * self.state.get('vW', 0) - lr * dW
                self.state['vb'] = mu * self.state.get('vb', 0) - lr * db
                self.W += self.state['vW']
                self.b += self.state['vb']


        layer = Dense(3, 2)
        X = np.random.randn(3, 40)
        T = np.random.randn(2, 40)
        for _ in range(100):
            out = layer.forward(X)
            layer.backward(out - T)
            layer.step(0.1, 0.9)
    ''')
    result = analyze_source(src, "state.py")
    assert list(result.findings) == []
    crossed = src.replace("self.b += self.state['vb']", "self.b += self.state['vW']")
    assert "BP103" in {f.code for f in analyze_source(crossed, "state.py").findings}
