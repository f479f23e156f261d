"""Shapes of real code met in the thirty-fourth untuned probe, in our own words, and the false alarm it found.
Each test failed on the checkout before its fix (the guards of what must stay as it was passed on it too)."""

from __future__ import annotations

import textwrap

from shape_util import kinds as _kinds, line_of as _line, result as _result

from bpscan.config import enabled_codes
from bpscan.engine import FileTask, run

# A sequence loss layer that ignores the samples whose label is negative: its backward multiplies the error by
# the mask of kept labels. Driven by a model and a training script in other files.
_SEQ_LAYERS = '''
    import numpy as np


    def softmax(x):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


    class StepAffine:
        def __init__(self, W, b):
            self.params = [W, b]
            self.grads = [np.zeros_like(W), np.zeros_like(b)]

        def forward(self, x):
            n, steps, _ = x.shape
            W, b = self.params
            self.x = x
            return (x.reshape(n * steps, -1) @ W + b).reshape(n, steps, -1)

        def backward(self, dout):
            n, steps, d = self.x.shape
            W, b = self.params
            flat = dout.reshape(n * steps, -1)
            self.grads[0][...] = self.x.reshape(n * steps, -1).T @ flat
            self.grads[1][...] = flat.sum(axis=0)
            return (flat @ W.T).reshape(n, steps, d)


    class MaskedStepLoss:
        def __init__(self):
            self.params, self.grads = [], []

        def forward(self, scores, labels):
            n, steps, k = scores.shape
            scores = scores.reshape(n * steps, k)
            labels = labels.reshape(n * steps)
            keep = labels >= 0
            probs = softmax(scores)
            picked = np.log(probs[np.arange(n * steps), labels] + 1e-9) * keep
            self.saved = (labels, probs, keep, (n, steps, k))
            return -picked.sum() / keep.sum()

        def backward(self, dout=1.0):
            labels, probs, keep, (n, steps, k) = self.saved
            dx = probs.copy()
            dx[np.arange(n * steps), labels] -= 1
            dx *= dout
            dx /= keep.sum()
            dx *= keep[:, None]
            return dx.reshape(n, steps, k)
'''

_SEQ_MODEL = '''
    import numpy as np
    from steplayers import StepAffine, MaskedStepLoss


    class Tagger:
        def __init__(self, d, h, k):
            rng = np.random.default_rng(0)
            self.layers = [StepAffine(rng.normal(0, 0.1, (d, h)), np.zeros(h)),
                           StepAffine(rng.normal(0, 0.1, (h, k)), np.zeros(k))]
            self.loss_layer = MaskedStepLoss()
            self.params, self.grads = [], []
            for layer in self.layers:
                self.params += layer.params
                self.grads += layer.grads

        def forward(self, xs, ts):
            for layer in self.layers:
                xs = layer.forward(xs)
            return self.loss_layer.forward(xs, ts)

        def backward(self, dout=1.0):
            dout = self.loss_layer.backward(dout)
            for layer in reversed(self.layers):
                dout = layer.backward(dout)
            return dout
'''

_SEQ_TRAIN = '''
    import numpy as np
    from tagger import Tagger

    rng = np.random.default_rng(1)
    xs = rng.normal(size=(8, 5, 4))
    ts = rng.integers(-1, 3, size=(8, 5))
    net = Tagger(4, 6, 3)
    for it in range(100):
        loss = net.forward(xs, ts)
        net.backward()
        for p, g in zip(net.params, net.grads):
            p -= 0.1 * g
'''


def _project(tmp_path, layers: str) -> dict:  # type: ignore[no-untyped-def]
    for name, text in (("steplayers.py", layers), ("tagger.py", _SEQ_MODEL), ("train.py", _SEQ_TRAIN)):
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    tasks = [FileTask(str(tmp_path / n), enabled_codes([])) for n in ("steplayers.py", "tagger.py", "train.py")]
    return {r.path.rsplit("/", 1)[-1]: r for r in run(tasks)}


def test_a_mask_of_kept_labels_is_no_activation_derivative(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # `dx *= keep[:, None]` with `keep = labels >= 0`: the samples whose label counts, not a ReLU's mask (it
    # was a false BP307, "the derivative taken twice", and a false F1 on that line)
    results = _project(tmp_path, _SEQ_LAYERS)
    layers = results["steplayers.py"]
    assert [f.code for r in results.values() for f in r.findings] == []
    mask_line = _line(_SEQ_LAYERS, "dx *= keep[:, None]")
    assert not {t.kind for t in layers.tags if t.line == mask_line} & {"F1"}
    # the layers' own gradients are still read through the model (guard)
    assert {t.kind for t in layers.tags if t.line == _line(_SEQ_LAYERS, "self.grads[0][...] = self.x.reshape("
                                                                     "n * steps, -1).T @ flat")} == {"F3"}


def test_a_relu_mask_in_the_same_place_is_still_a_derivative(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # guard: a mask of the scores' own sign is a ReLU's derivative, whatever the loss around it
    relu = _SEQ_LAYERS.replace("dx *= keep[:, None]", "dx *= (self.scores > 0)").replace(
        "scores = scores.reshape(n * steps, k)", "scores = scores.reshape(n * steps, k)\n"
        "            self.scores = scores")
    layers = _project(tmp_path, relu)["steplayers.py"]
    assert "F1" in {t.kind for t in layers.tags if t.line == _line(relu, "dx *= (self.scores > 0)")}


# Nielsen's network2 shape: an L2-regularised step written as one list comprehension with the rates handed in.
_DECAYED = '''
    import numpy as np


    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))


    class Net:
        def __init__(self, sizes):
            self.sizes = sizes
            self.biases = [np.random.randn(y, 1) for y in sizes[1:]]
            self.weights = [np.random.randn(y, x) / np.sqrt(x) for x, y in zip(sizes[:-1], sizes[1:])]

        def train_batch(self, batch, eta, lmbda, n):
            total_b = [np.zeros(b.shape) for b in self.biases]
            total_w = [np.zeros(w.shape) for w in self.weights]
            for x, y in batch:
                gb, gw = self.gradients(x, y)
                total_b = [tb + g for tb, g in zip(total_b, gb)]
                total_w = [tw + g for tw, g in zip(total_w, gw)]
            self.weights = [(1 - eta * (lmbda / n)) * w - (eta / len(batch)) * tw
                            for w, tw in zip(self.weights, total_w)]
            self.biases = [b - (eta / len(batch)) * tb for b, tb in zip(self.biases, total_b)]

        def gradients(self, x, y):
            gb = [np.zeros(b.shape) for b in self.biases]
            gw = [np.zeros(w.shape) for w in self.weights]
            a, acts, zs = x, [x], []
            for b, w in zip(self.biases, self.weights):
                z = np.dot(w, a) + b
                zs.append(z)
                a = sigmoid(z)
                acts.append(a)
            delta = acts[-1] - y
            gb[-1] = delta
            gw[-1] = np.dot(delta, acts[-2].transpose())
            for l in range(2, len(self.sizes)):
                s = sigmoid(zs[-l])
                delta = np.dot(self.weights[-l + 1].transpose(), delta) * s * (1 - s)
                gb[-l] = delta
                gw[-l] = np.dot(delta, acts[-l - 1].transpose())
            return gb, gw
'''


def test_a_decayed_step_with_the_rates_handed_in_is_an_update() -> None:
    k = _kinds(_DECAYED)
    assert k.get(_line(_DECAYED, "self.weights = [(1 - eta * (lmbda / n)) * w - (eta / len(batch)) * tw")) == \
        {"update"}
    assert k.get(_line(_DECAYED, "self.biases = [b - (eta / len(batch)) * tb for b, tb in zip(self.biases, "
                                 "total_b)]")) == {"update"}
    assert not _result(_DECAYED).findings


# Saved weights restored by the constructor when a file is named: the weights are still the parameters.
_RESTORED = '''
    import numpy as np


    def sigmoid(z):
        return 1 / (1 + np.exp(-z))


    class Net:
        def __init__(self, sizes, saved=None):
            self.weights = [np.random.randn(n, m) * 0.1 for m, n in zip(sizes[:-1], sizes[1:])]
            self.biases = [np.zeros((n, 1)) for n in sizes[1:]]
            if saved:
                self.restore(saved)

        def restore(self, path):
            arrays = np.load(path)
            for i in range(len(self.weights)):
                self.weights[i] = arrays["w%d" % i]
                self.biases[i] = arrays["b%d" % i]

        def forward(self, x):
            self.acts = [x]
            for w, b in zip(self.weights, self.biases):
                x = sigmoid(w @ x + b)
                self.acts.append(x)
            return x

        def backward(self, y):
            gw = [None] * len(self.weights)
            gb = [None] * len(self.biases)
            delta = (self.acts[-1] - y) * self.acts[-1] * (1 - self.acts[-1])
            for i in reversed(range(len(self.weights))):
                gw[i] = delta @ self.acts[i].T
                gb[i] = delta.sum(axis=1, keepdims=True)
                if i > 0:
                    delta = (self.weights[i].T @ delta) * self.acts[i] * (1 - self.acts[i])
            return gw, gb

        def step(self, x, y, lr):
            self.forward(x)
            gw, gb = self.backward(y)
            self.weights = [w - lr * g for w, g in zip(self.weights, gw)]
            self.biases = [b - lr * g for b, g in zip(self.biases, gb)]
'''


def test_weights_restored_from_a_file_stay_the_parameters() -> None:
    r = _result(_RESTORED)
    assert not any("not understood" in n for n in r.notes)
    k = _kinds(_RESTORED)
    assert k.get(_line(_RESTORED, "self.weights = [w - lr * g for w, g in zip(self.weights, gw)]")) == {"update"}
    assert "F2" in k.get(_line(_RESTORED, "delta = (self.weights[i].T @ delta) * self.acts[i] * (1 - self.acts[i])"),
                         set())
    assert not r.findings


def test_restored_weights_still_show_a_bug() -> None:
    buggy = _RESTORED.replace("self.weights = [w - lr * g", "self.weights = [w + lr * g")
    assert [f.code for f in _result(buggy).findings] == ["BP201"]


# An autoencoder whose weights are made by `fit(x)`, its error the output minus that same input, its tanh
# derivative written as sech squared.
_FIT_AE = '''
    import numpy as np


    class Compressor:
        def __init__(self, hidden, rate=0.01, epochs=100):
            self.hidden = hidden
            self.rate = rate
            self.epochs = epochs

        def forward(self, x):
            self.pre = x @ self.w1
            self.code = np.tanh(self.pre)
            self.out = self.code @ self.w2
            return self.out

        def backward(self, x):
            d_out = 2 * (self.out - x)
            sech_sq = 1 / np.square(np.cosh(self.pre))
            d_code = (d_out @ self.w2.T) * sech_sq
            self.w2 -= self.rate * self.code.T @ d_out
            self.w1 -= self.rate * x.T @ d_code

        def fit(self, x):
            self.w1 = np.random.randn(x.shape[1], self.hidden) * 0.1
            self.w2 = np.random.randn(self.hidden, x.shape[1]) * 0.1
            for _ in range(self.epochs):
                self.forward(x)
                self.backward(x)
            return self
'''


def test_an_autoencoder_fitted_to_its_own_input_has_an_error_and_a_sech_squared_derivative() -> None:
    k = _kinds(_FIT_AE)
    assert k.get(_line(_FIT_AE, "d_out = 2 * (self.out - x)")) == {"error"}
    assert k.get(_line(_FIT_AE, "d_code = (d_out @ self.w2.T) * sech_sq")) == {"F1", "F2"}
    assert not _result(_FIT_AE).findings


def test_an_autoencoder_climbing_its_reconstruction_error_is_reported() -> None:
    buggy = _FIT_AE.replace("self.w2 -= self.rate", "self.w2 += self.rate")
    assert [f.code for f in _result(buggy).findings] == ["BP201"]


# A layer library whose backward's name is misspelt: it is still the forward's pair, and its rules fire.
_MISSPELT = '''
    import numpy as np


    def linear_forward(A, W, b):
        Z = np.dot(W, A) + b
        return Z, (A, W, b)


    def linear_backword(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = np.dot(dZ, A_prev.T) / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA_prev = np.dot(W.T, dZ)
        return dA_prev, dW, db
'''


def test_a_misspelt_backward_is_still_its_forwards_pair() -> None:
    k = _kinds(_MISSPELT)
    assert k.get(_line(_MISSPELT, "dW = np.dot(dZ, A_prev.T) / m")) == {"F3"}
    assert k.get(_line(_MISSPELT, "dA_prev = np.dot(W.T, dZ)")) == {"F2"}
    assert not _result(_MISSPELT).findings
    whole = _MISSPELT.replace("np.sum(dZ, axis=1, keepdims=True)", "np.sum(dZ)")
    assert [f.code for f in _result(whole).findings] == ["BP401"]


# An LSTM cell's backward in the course's style; the real code sent the cell's gradient back through the forget
# gate's gradient `dft` where the gate's value `ft` belongs.
_CELL = '''
    import numpy as np


    def sigmoid(x):
        return 1 / (1 + np.exp(-x))


    def cell_forward(xt, a_prev, c_prev, p):
        stacked = np.concatenate((a_prev, xt), axis=0)
        ft = sigmoid(p["Wf"] @ stacked + p["bf"])
        it = sigmoid(p["Wi"] @ stacked + p["bi"])
        cct = np.tanh(p["Wc"] @ stacked + p["bc"])
        c_next = ft * c_prev + it * cct
        ot = sigmoid(p["Wo"] @ stacked + p["bo"])
        a_next = ot * np.tanh(c_next)
        return a_next, c_next, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p)


    def cell_backward(da_next, dc_next, cache):
        a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p = cache
        dot = da_next * np.tanh(c_next) * ot * (1 - ot)
        dcct = (dc_next * it + ot * (1 - np.tanh(c_next) ** 2) * it * da_next) * (1 - cct ** 2)
        dit = (dc_next * cct + ot * (1 - np.tanh(c_next) ** 2) * cct * da_next) * it * (1 - it)
        dft = (dc_next * c_prev + ot * (1 - np.tanh(c_next) ** 2) * c_prev * da_next) * ft * (1 - ft)
        stacked = np.concatenate((a_prev, xt), axis=0)
        dWf = dft @ stacked.T
        dWi = dit @ stacked.T
        dWc = dcct @ stacked.T
        dWo = dot @ stacked.T
        dbf = np.sum(dft, axis=1, keepdims=True)
        dbi = np.sum(dit, axis=1, keepdims=True)
        dbc = np.sum(dcct, axis=1, keepdims=True)
        dbo = np.sum(dot, axis=1, keepdims=True)
        d_stacked = p["Wf"].T @ dft + p["Wi"].T @ dit + p["Wc"].T @ dcct + p["Wo"].T @ dot
        n_a = a_prev.shape[0]
        dc_prev = dc_next * ft + ot * (1 - np.tanh(c_next) ** 2) * ft * da_next
        return d_stacked[:n_a], dc_prev, d_stacked[n_a:], dWf, dWi, dWc, dWo, dbf, dbi, dbc, dbo
'''


def test_a_product_of_two_gradients_is_no_derivative_mismatch() -> None:
    # `... * dft * da_next`: two gradients multiplied is no formula 1, so the tanh derivative beside them says
    # nothing of the forget gate's layer (it was a BP301 whose "expected" was wrong too); the clean cell is silent
    assert not _result(_CELL).findings
    assert "F1" in _kinds(_CELL).get(_line(_CELL, "dot = da_next * np.tanh(c_next) * ot * (1 - ot)"), set())
    swapped = _CELL.replace("dc_prev = dc_next * ft + ot * (1 - np.tanh(c_next) ** 2) * ft * da_next",
                            "dc_prev = dc_next * dft + ot * (1 - np.tanh(c_next) ** 2) * dft * da_next")
    assert swapped != _CELL
    assert "BP301" not in [f.code for f in _result(swapped).findings]


def test_a_tanh_derivative_on_a_sigmoid_gate_is_still_reported() -> None:
    # guard: the gate's own delta with the wrong derivative stays a BP301
    wrong = _CELL.replace("c_prev * da_next) * ft * (1 - ft)", "c_prev * da_next) * (1 - ft ** 2)")
    assert wrong != _CELL
    assert [f.code for f in _result(wrong).findings] == ["BP301"]


def test_a_folder_importing_itself_by_name_is_found_beside_its_own_setup_py(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # `import utils.optim as optim` in utils/solver.py, with a utils/setup.py that builds an extension: the
    # module is utils/optim.py, read (it was "a module bpscan could not read")
    utils = tmp_path / "utils"
    utils.mkdir()
    (utils / "setup.py").write_text("from distutils.core import setup\nsetup(name='ext')\n", encoding="utf-8")
    (utils / "optim.py").write_text(textwrap.dedent('''
        def sgd(w, dw, config=None):
            w -= config.get("learning_rate", 1e-2) * dw
            return w, config
    '''), encoding="utf-8")
    (utils / "solver.py").write_text(textwrap.dedent('''
        import utils.optim as optim


        class Solver:
            def __init__(self, model, rule="sgd"):
                self.model = model
                self.rule = getattr(optim, rule)
                self.configs = {p: {"learning_rate": 0.1} for p in model.params}

            def step(self, X, y):
                loss, grads = self.model.loss(X, y)
                for p, w in self.model.params.items():
                    self.model.params[p], self.configs[p] = optim.sgd(w, grads[p], self.configs[p])
                return loss
    '''), encoding="utf-8")
    (result,) = run([FileTask(str(utils / "solver.py"), enabled_codes([]))])
    assert str(utils / "optim.py") in result.deps
    assert not any("could not read" in n for n in result.notes)
