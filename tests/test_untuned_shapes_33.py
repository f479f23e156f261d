"""Shapes of real code met in the thirty-third untuned probe, in our own words, and the false alarms it found.
Each test failed on the checkout before its fix (the tests of what must stay silent or unchanged passed on it
too)."""

from __future__ import annotations

from shape_util import kinds as _kinds, line_of as _line, result as _result

# A notebook's two versions of one class, the second summing the rows of a zero-started input table that the
# document's word indices pick (and stepping only those rows), then scoring documents with an inference method.
_TWO_VERSIONS = '''
    import numpy as np


    class Polarity:
        def __init__(self, n_words, n_hidden=6, rate=0.1):
            self.w_in = np.zeros((n_words, n_hidden))
            self.w_out = np.random.normal(0.0, n_hidden ** -0.5, (n_hidden, 1))
            self.layer_in = np.zeros((1, n_words))
            self.rate = rate

        def squash(self, x):
            return 1 / (1 + np.exp(-x))

        def target(self, label):
            if label == "POS":
                return 1
            else:
                return 0

        def fit(self, docs, labels):
            for i in range(len(docs)):
                self.layer_in *= 0
                for k in docs[i]:
                    self.layer_in[0][k] += 1
                hidden = self.layer_in.dot(self.w_in)
                out = self.squash(hidden.dot(self.w_out))
                out_err = out - self.target(labels[i])
                out_delta = out_err * out * (1 - out)
                hid_delta = out_delta.dot(self.w_out.T)
                self.w_out -= hidden.T.dot(out_delta) * self.rate
                self.w_in -= self.layer_in.T.dot(hid_delta) * self.rate


    docs = [list(map(int, line.split())) for line in open("docs.txt")]
    labels = [line.strip() for line in open("labels.txt")]
    net = Polarity(5000)
    net.fit(docs, labels)


    class Polarity:
        def __init__(self, n_words, n_hidden=6, rate=0.1):
            self.w_in = np.zeros((n_words, n_hidden))
            self.w_out = np.random.normal(0.0, n_hidden ** -0.5, (n_hidden, 1))
            self.hidden = np.zeros((1, n_hidden))
            self.rate = rate

        def squash(self, x):
            return 1 / (1 + np.exp(-x))

        def target(self, label):
            if label == "POS":
                return 1
            else:
                return 0

        def fit(self, docs, labels):
            for i in range(len(docs)):
                self.hidden *= 0
                for k in docs[i]:
                    self.hidden += self.w_in[k]
                out = self.squash(self.hidden.dot(self.w_out))
                out_err = out - self.target(labels[i])
                out_delta = out_err * out * (1 - out)
                hid_delta = out_delta.dot(self.w_out.T)
                self.w_out -= self.hidden.T.dot(out_delta) * self.rate
                for k in docs[i]:
                    self.w_in[k] -= hid_delta[0] * self.rate

        def classify(self, doc):
            self.hidden *= 0
            for k in doc:
                self.hidden += self.w_in[k]
            out = self.squash(self.hidden.dot(self.w_out))
            return "POS" if out[0] >= 0.5 else "NEG"

        def score(self, docs, labels):
            hits = 0
            for i in range(len(docs)):
                if self.classify(docs[i]) == labels[i]:
                    hits += 1
            return hits / len(docs)


    net = Polarity(5000)
    net.fit(docs, labels)
    print(net.score(docs, labels))
'''


def test_a_zero_started_table_stepped_row_by_row_with_a_rate_is_trained_and_its_inference_is_no_formula() -> None:
    # the rows were read as a gradient buffer: the second version's training went untagged, and its inference
    # pass `out = self.squash(self.hidden.dot(self.w_out))` was read as formula 2 (false BP304 and BP306, high)
    res = _result(_TWO_VERSIONS)
    assert not res.findings, res.findings
    kinds = _kinds(_TWO_VERSIONS)
    assert kinds.get(_line(_TWO_VERSIONS, "self.w_in[k] -= hid_delta[0] * self.rate")) == {"update"}, kinds
    second = [i for i, s in enumerate(_TWO_VERSIONS.splitlines(), 1)
              if s.strip() == "out_err = out - self.target(labels[i])"]
    assert len(second) == 2 and all("error" in kinds.get(i, set()) for i in second), kinds
    inference = _line(_TWO_VERSIONS, "return \"POS\" if out[0] >= 0.5 else \"NEG\"") - 1
    assert not kinds.get(inference, set()) & {"F1", "F2", "F3", "update"}, kinds


def test_a_zero_started_table_bumped_by_index_without_a_rate_stays_a_buffer() -> None:
    # the same network with its row step written as a plain number: a tally, not an update
    src = _TWO_VERSIONS.replace("self.w_in[k] -= hid_delta[0] * self.rate", "self.w_in[k] -= hid_delta[0] * 0.1")
    kinds = _kinds(src)
    assert "update" not in kinds.get(_line(src, "self.w_in[k] -= hid_delta[0] * 0.1"), set()), kinds


# A synapse model nobody in the file drives: resources and conductances integrated with Euler steps.
_SIMULATION = '''
    # bp-corpus: clean
    # bp-style: no training at all: a network of rate neurons whose synaptic resources and conductances are
    # integrated with Euler steps (`self.x -= release`, `self.g += release @ self.weights.T`, `v += dv * dt`);
    # a weight matrix multiplies activity, but nothing is a gradient, an error or a learning rate
    """Short-term synaptic depression in a small recurrent network of rate neurons, integrated with Euler steps."""
    import numpy as np


    class DepressingNetwork:
        def __init__(self, n, dt=0.1, tau=5.0, tau_rec=40.0, u=0.3, seed=2):
            rng = np.random.default_rng(seed)
            self.weights = rng.uniform(0.0, 0.5, (n, n))
            self.dt = dt
            self.tau = tau
            self.tau_rec = tau_rec
            self.u = u
            self.v = np.zeros((1, n))
            self.x = np.ones((1, n))
            self.g = np.zeros((1, n))

        def rates(self):
            return np.tanh(np.maximum(self.v, 0.0))

        def release(self, drive):
            release = self.u * self.x * self.rates() * self.dt
            self.x -= release
            self.x += (1.0 - self.x) / self.tau_rec * self.dt
            self.g += release @ self.weights.T
            self.g -= self.g / self.tau * self.dt
            dv = (-self.v + self.g + drive) / self.tau
            self.v += dv * self.dt

        def run(self, drive, steps):
            trace = []
            for _ in range(steps):
                self.release(drive)
                trace.append(self.rates().mean())
            return trace
'''


def test_state_integrated_over_time_with_no_gradient_error_or_rate_is_not_tagged_as_updates() -> None:
    # `self.x -= release`, `self.g += release @ self.weights.T`, `self.v += dv * self.dt` were tagged as updates
    # of parameters whose direction "could not be established"
    res = _result(_SIMULATION)
    assert not [t for t in res.tags if t.kind in ("update", "F1", "F2", "F3", "error")], res.tags
    assert any("apply nothing that is a gradient" in n for n in res.notes), res.notes
    assert not res.findings


def test_the_same_steps_scaled_by_a_learning_rate_stay_updates() -> None:
    # a step scaled by a factor its name calls a learning rate is training, whatever the model traced
    src = _SIMULATION.replace("self.g += release @ self.weights.T",
                              "self.weights -= self.learning_rate * (release.T @ self.g)")
    src = src.replace("self.u = u", "self.u = u\n            self.learning_rate = 0.01")
    kinds = _kinds(src)
    assert "update" in kinds.get(_line(src, "self.weights -= self.learning_rate * (release.T @ self.g)"), set()), kinds


# A GAN's generator step: the loss -log D(G(z)) differentiated by hand at the discriminator's sigmoid output,
# sent back through the discriminator's weights into the generator's; then the discriminator's own step on the
# same fake samples (target 0).
_GENERATOR_STEP = '''
    import numpy as np
    eps = 1e-8
    lr = 0.01
    g_w = np.random.randn(4, 8) * 0.1
    d_w = np.random.randn(8, 1) * 0.1
    def sigmoid(x):
        return 1.0 / (1.0 + np.exp(-x))
    for step in range(100):
        z = np.random.uniform(-1, 1, (16, 4))
        fake_pre = z @ g_w
        fake = np.tanh(fake_pre)
        p = sigmoid(fake @ d_w)
        {error}
        d_logit = d_p * p * (1 - p)
        d_fake = d_logit @ d_w.T
        d_fake_pre = d_fake * (1 - fake ** 2)
        grad_g = z.T @ d_fake_pre
        g_w -= lr * grad_g
        p_again = sigmoid(np.tanh(z @ g_w) @ d_w)
        d_again = (1.0 / (1.0 - p_again + eps)) * p_again * (1 - p_again)
        d_w -= lr * (np.tanh(z @ g_w).T @ d_again)
'''


def test_the_derivative_of_minus_log_at_a_sigmoid_output_is_an_output_error() -> None:
    # `-1 / (p + eps)` (target 1) and `-1 / (p - 1 + eps)` (the derivative of -log(1 - p), target 0) were no
    # error: the whole GAN step went untagged ("the updates apply no gradient traced from an output error")
    for error in ("d_p = -1.0 / (p + eps)", "d_p = -1.0 / (p - 1.0 + eps)", "d_p = 1.0 / (1.0 - p + eps)"):
        src = _GENERATOR_STEP.format(error=error)
        res = _result(src)
        assert not res.findings, (error, res.findings)
        kinds = _kinds(src)
        assert kinds.get(_line(src, error)) == {"error"}, (error, kinds)
        assert "F1" in kinds.get(_line(src, "d_logit = d_p * p * (1 - p)"), set()), kinds
        assert "F2" in kinds.get(_line(src, "d_fake = d_logit @ d_w.T"), set()), kinds
        assert kinds.get(_line(src, "grad_g = z.T @ d_fake_pre")) == {"F3"}, kinds
        assert kinds.get(_line(src, "g_w -= lr * grad_g")) == {"update"}, kinds


def test_the_same_ratio_at_an_output_that_is_no_sigmoid_is_no_error() -> None:
    # `1 / (q + eps)` of a linear output (a rate, a normalisation) says nothing about a loss
    src = _GENERATOR_STEP.format(error="d_p = -1.0 / (p + eps)").replace(
        "p = sigmoid(fake @ d_w)", "p = fake @ d_w").replace("p_again = sigmoid(np.tanh(z @ g_w) @ d_w)",
                                                               "p_again = np.tanh(z @ g_w) @ d_w")
    kinds = _kinds(src)
    assert "error" not in kinds.get(_line(src, "d_p = -1.0 / (p + eps)"), set()), kinds


def test_verify_sums_the_losses_of_the_errors_written_for_real_and_fake_samples() -> None:
    # the reference loss took the last error alone (-log(1 - D(fake))) with its target drawn at random
    from bpscan.analysis import build_model
    from bpscan.source import load_program
    from bpscan.verify import verify_model

    from corpus_util import CORPUS

    for name, want in (("discriminator_log_ratio_errors_clean.py", {"ok"}),
                       ("discriminator_log_ratio_errors_buggy_tanh_derivative.py", {"mismatch", "ok"})):
        path = str(CORPUS / name)
        checks = verify_model(build_model(load_program(path).text, path))
        verdicts = {c.param: c.verdict for c in checks}
        assert set(verdicts.values()) <= want and verdicts, (name, verdicts)
        if "mismatch" in want:
            assert verdicts["w_out"] == "mismatch" and verdicts["w_hid"] == "mismatch", verdicts


_LEAKY = '''
    import numpy as np
    def lrelu(x, alpha=0.01, derivative=False):
        if derivative:
            dx = np.ones_like(x)
            dx[x < 0] = {value}
            return dx
        return np.maximum(x, x * alpha)
    X = np.random.randn(64, 3)
    Y = np.random.randn(64, 1)
    W1 = np.random.randn(3, 8) * 0.1
    W2 = np.random.randn(8, 1) * 0.1
    for step in range(100):
        z1 = X @ W1
        h = {act}
        out = h @ W2
        err = out - Y
        g2 = h.T @ err
        d1 = (err @ W2.T) * lrelu(z1, derivative=True)
        g1 = X.T @ d1
        W2 -= 0.01 * g2
        W1 -= 0.01 * g1
'''


def test_a_leaky_relu_derivative_written_as_ones_with_the_negative_side_set_is_formula_1() -> None:
    # `dx = np.ones_like(x); dx[x < 0] = alpha` was no derivative: the hidden delta lost its F1 tag
    src = _LEAKY.format(value="alpha", act="lrelu(z1)")
    assert not _result(src).findings
    assert _kinds(src).get(_line(src, "d1 = (err @ W2.T) * lrelu(z1, derivative=True)")) == {"F1", "F2"}


def test_that_derivative_on_a_sigmoid_layer_is_reported() -> None:
    src = _LEAKY.format(value="alpha", act="1 / (1 + np.exp(-z1))")
    found = [(f.code, f.line) for f in _result(src).findings]
    assert found == [("BP301", _line(src, "d1 = (err @ W2.T) * lrelu(z1, derivative=True)"))], found


def test_a_leaky_relu_called_with_slope_zero_is_a_relu() -> None:
    # `np.maximum(z * ns, z)` of a layer helper called with ns=0 is a ReLU: its ReLU mask was reported as the
    # wrong derivative of a leaky ReLU (false BP301 on a GAN's generator)
    src = _LEAKY.format(value="0", act="np.maximum(z1 * 0, z1)")
    assert not _result(src).findings, _result(src).findings
    assert _kinds(src).get(_line(src, "d1 = (err @ W2.T) * lrelu(z1, derivative=True)")) == {"F1", "F2"}


# A cs231n-style net in a project: layer functions in one module; in another, a model whose parameters are made
# in locals rebound on each pass (`b = np.zeros(...)`) and stored in a dict under computed keys (`"b" + str(l)`,
# and a batch norm's `"beta" + str(l)` when asked for), then handed to those functions; nothing calls its loss.
_LAYERS = '''import numpy as np


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b.reshape(1, -1)
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def softmax_loss(x, y):
    probs = np.exp(x - np.max(x, axis=1, keepdims=True))
    probs /= np.sum(probs, axis=1, keepdims=True)
    n = x.shape[0]
    loss = -np.sum(np.log(probs[np.arange(n), y])) / n
    dx = probs.copy()
    dx[np.arange(n), y] -= 1
    dx /= n
    return loss, dx
'''

_NET = '''import numpy as np

from layers import *


class Net(object):
    def __init__(self, dims, normalization=None, dtype=np.float32):
        self.params = {}
        self.num_layers = len(dims) - 1
        for i in range(self.num_layers):
            W = np.random.normal(0, 0.01, (dims[i], dims[i + 1]))
            b = np.zeros(dims[i + 1])
            self.params["W" + str(i + 1)] = W
            self.params["b" + str(i + 1)] = b
        if normalization is not None:
            for i in range(self.num_layers - 1):
                gamma = np.ones(dims[i + 1])
                beta = np.zeros(dims[i + 1])
                self.params["gamma" + str(i + 1)] = gamma
                self.params["beta" + str(i + 1)] = beta
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y):
        W = self.params["W" + str(self.num_layers)]
        b = self.params["b" + str(self.num_layers)]
        scores, cache = affine_forward(X, W, b)
        loss, dout = softmax_loss(scores, y)
        dx, dW, db = affine_backward(dout, cache)
        return loss, {"W" + str(self.num_layers): dW, "b" + str(self.num_layers): db}
'''


def test_a_family_bias_made_in_a_rebound_local_is_still_the_layers_bias(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # the bias read back from the dict is the join of its members, made in a local the loop rebinds: the bias test
    # took neither for the family's bias, `x @ w + b.reshape(1, -1)` lost its layer, the softmax's error had no
    # output to belong to, and the model was "not understood"
    from bpscan.config import enabled_codes
    from bpscan.engine import FileTask, run

    (tmp_path / "layers.py").write_text(_LAYERS, encoding="utf-8")
    (tmp_path / "net.py").write_text(_NET, encoding="utf-8")
    (result,) = run([FileTask(str(tmp_path / "net.py"), enabled_codes([]))])
    assert not result.findings, result.findings
    assert not any("not understood" in n for n in result.notes), result.notes
    lines = _LAYERS.splitlines()
    error = next(i for i, t in enumerate(lines, 1) if t.strip() == "dx[np.arange(n), y] -= 1")
    weight = next(i for i, t in enumerate(lines, 1) if t.strip() == "dw = x.reshape(x.shape[0], -1).T @ dout")
    read = {(t.line, t.kind) for t in result.foreign_tags}
    assert (error, "error") in read and (weight, "F3") in read, sorted(read)


_PREFIXED_BIASES = '''
    import numpy as np
    class Gen:
        def __init__(self):
            self.g_W0 = np.random.randn(3, 6) * 0.1
            self.g_b0 = np.zeros(6)
            self.g_W1 = np.random.randn(6, 2) * 0.1
            self.g_b1 = np.zeros(2)
        def step(self, z, y, lr=0.01):
            h_pre = z.dot(self.g_W0) + self.g_b0
            h = np.tanh(h_pre)
            out = h.dot(self.g_W1) + self.g_b1
            delta = out - y
            grad_W1 = h.T.dot(delta)
            {copy}
            d_h = delta.dot(self.g_W1.T) * (1 - h ** 2)
            grad_W0 = z.T.dot(d_h)
            grad_b0 = d_h.sum(axis=0)
            self.g_W1 -= lr * grad_W1
            self.g_b1 -= lr * grad_b1.sum(axis=0)
            self.g_W0 -= lr * grad_W0
            self.g_b0 -= lr * grad_b0
'''


def test_a_bias_gradient_named_by_the_last_part_of_a_prefixed_bias_is_its_formula_3() -> None:
    # `grad_b1 = loss_deriv` of a bias `self.g_b1` (a GAN's generator; `grad_real_b1` of a discriminator's
    # `self.d_b1`): the name said whose gradient it is, but the match wanted the bias's whole short name
    src = _PREFIXED_BIASES.format(copy="grad_b1 = delta")
    assert not _result(src).findings
    assert _kinds(src).get(_line(src, "grad_b1 = delta")) == {"F3"}, _kinds(src)


def test_a_copy_named_for_another_layers_bias_is_not_its_formula_3() -> None:
    src = _PREFIXED_BIASES.format(copy="grad_b1 = delta\n            grad_b0_copy = delta")
    assert "F3" not in _kinds(src).get(_line(src, "grad_b0_copy = delta"), set()), _kinds(src)
