"""`bpscan verify` on the command line: the scan's contract for paths, formats, numpy, and honest verdicts."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from corpus_util import CORPUS

GOOD = CORPUS / "article_numpy_corrected.py"

TRAIN = (
    "import numpy as np\n"
    "X, T = np.random.randn(10, 3), np.random.randn(10, 1)\n"
    "W1, W2 = np.random.randn(3, 6), np.random.randn(6, 1)\n"
    "for i in range(100):\n"
    "    h = np.tanh(X @ W1)\n"
    "    y = h @ W2\n"
    "    e = y - T\n"
    "    d1 = (e @ W2.T) * (1 - h ** 2)\n"
    "    W2 -= 0.01 * h.T @ e\n"
    "    W1 -= 0.01 * X.T @ d1\n"
)


def _verify(*args: str, cwd: Path | None = None, pre: str = "") -> subprocess.CompletedProcess[str]:
    code = f"{pre}import sys; from bpscan.cli import main; sys.exit(main(['verify', *sys.argv[1:]]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd)


def test_without_numpy_verify_says_how_to_install_it_and_exits_2(tmp_path: Path) -> None:
    hide = "import sys; sys.modules['numpy'] = None; "  # what `import numpy` sees when it is not installed
    proc = _verify(str(GOOD), pre=hide)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "bpscan: bpscan verify needs numpy: pip install 'bpscan[verify]'"
    assert "internal error" not in proc.stderr and proc.stdout == ""
    # the scan's --verify needs it too; the scan without it does not
    code = (hide + "from bpscan.cli import main; sys.exit(main(sys.argv[1:]))")
    scan = subprocess.run([sys.executable, "-c", code, "--verify", str(GOOD)], capture_output=True, text=True)
    assert scan.returncode == 2 and "pip install 'bpscan[verify]'" in scan.stderr
    plain = subprocess.run([sys.executable, "-c", code, "--no-cache", str(GOOD)], capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    # -h needs no numpy
    assert _verify("-h", pre=hide).returncode == 0


def test_with_numpy_verify_runs() -> None:
    proc = _verify(str(GOOD))
    assert proc.returncode == 0, proc.stderr
    assert "ok" in proc.stdout and proc.stderr == ""


def test_a_missing_path_exits_2_with_the_scans_diagnostic(tmp_path: Path) -> None:
    proc = _verify(str(tmp_path / "missing.py"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"bpscan: error: {tmp_path / 'missing.py'}: no such file or directory"
    # with a file that exists as well: that one is still checked, the status is still 2
    proc = _verify(str(tmp_path / "missing.py"), str(GOOD))
    assert proc.returncode == 2 and "w1" in proc.stdout


def test_a_directory_is_walked_like_the_scan_walks_it(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "train.py").write_text(TRAIN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not python", encoding="utf-8")
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")  # a venv: skipped
    (tmp_path / "env" / "hidden.py").write_text(TRAIN, encoding="utf-8")
    proc = _verify("--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    paths = [Path(f["path"]).as_posix() for f in json.loads(proc.stdout)["files"]]
    assert paths == ["pkg/train.py"]


def test_a_syntax_error_gets_the_scans_diagnostic_and_status(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f(:\n", encoding="utf-8")
    proc = _verify("--format", "concise", str(bad))
    assert proc.stdout.strip() == f"{bad}: error: syntax error at line 1, column 7: invalid syntax"
    assert proc.returncode == 0  # as the scan: a file that cannot be analysed is not a finding...
    assert _verify("--strict", str(bad)).returncode == 1  # ...unless --strict


def test_a_file_without_a_network_says_so_in_one_line(tmp_path: Path) -> None:
    plain = tmp_path / "util.py"
    plain.write_text("def add(a, b):\n    return a + b\nprint(add(1, 2) % 2)\n", encoding="utf-8")
    proc = _verify(str(plain))
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines == [str(plain), "  no network found: nothing in this file trains parameters or pairs a "
                                 "layer's forward with its backward"]
    concise = _verify("--format", "concise", str(plain)).stdout.splitlines()
    assert len(concise) == 1 and concise[0].startswith(f"{plain}: no network found")


def test_every_format_and_option_is_documented_in_help() -> None:
    proc = _verify("-h")
    assert proc.returncode == 0
    for option in ("--format", "full", "concise", "json", "--seed", "--budget", "--strict", "--exit-zero",
                   "PATH", "exit status"):
        assert option in proc.stdout, option


def test_concise_and_json_formats(tmp_path: Path) -> None:
    concise = _verify("--format", "concise", str(GOOD)).stdout.splitlines()
    assert len(concise) == 2 and all(line.startswith(f"{GOOD}:") and ": ok [" in line for line in concise)
    data = json.loads(_verify("--format", "json", str(GOOD)).stdout)
    entry = data["files"][0]
    assert entry["error"] is None and entry["note"] is None and entry["layers"] == []
    assert {p["verdict"] for p in entry["params"]} == {"ok"}


def test_a_matching_gradient_with_an_ascending_update_is_not_ok(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(TRAIN.replace("W2 -= 0.01", "W2 += 0.01"), encoding="utf-8")
    data = json.loads(_verify("--format", "json", str(path)).stdout)
    rows = {p["param"]: p for p in data["files"][0]["params"]}
    assert rows["W1"]["verdict"] == "ok" and rows["W1"]["update"] == "descent"
    assert rows["W2"]["update"] == "ascent" and rows["W2"]["verdict"] == "ascent"
    assert "climbs" in rows["W2"]["reason"]
    assert "ASCENT" in _verify(str(path)).stdout


def test_data_dependent_shapes_are_drawn_once_and_fixed(tmp_path: Path) -> None:
    # randn(*X.shape) noise and a dropout mask rng.random(h.shape): drawn once, the same in every evaluation
    path = tmp_path / "drop.py"
    path.write_text(
        "import numpy as np\n"
        "rng = np.random.default_rng(0)\n"
        "X, T = np.random.randn(10, 3), np.random.randn(10, 1)\n"
        "noise = np.random.randn(*X.shape) * 0.1\n"
        "W1, W2 = np.random.randn(3, 6), np.random.randn(6, 1)\n"
        "for i in range(100):\n"
        "    Xn = X + noise\n"
        "    h = np.tanh(Xn @ W1)\n"
        "    mask = (rng.random(h.shape) > 0.5) / 0.5\n"
        "    hd = h * mask\n"
        "    y = hd @ W2\n"
        "    e = y - T\n"
        "    d1 = (e @ W2.T) * mask * (1 - h ** 2)\n"
        "    W2 -= 0.01 * hd.T @ e\n"
        "    W1 -= 0.01 * Xn.T @ d1\n"
        "    if i % 10 == 0:\n"
        "        print('loss %.3f' % np.mean(e ** 2), 'acc', np.mean((y > 0) == (T > 0)) * 100 % 7)\n",
        encoding="utf-8")
    rows = json.loads(_verify("--format", "json", str(path)).stdout)["files"][0]["params"]
    assert {r["verdict"] for r in rows} == {"ok"}, rows
    # dW2 taken from the activations before the mask: a mismatch, since the mask is one fixed draw
    path.write_text(path.read_text(encoding="utf-8").replace("0.01 * hd.T @ e", "0.01 * h.T @ e"), encoding="utf-8")
    rows = {r["param"]: r for r in json.loads(_verify("--format", "json", str(path)).stdout)["files"][0]["params"]}
    assert rows["W2"]["verdict"] == "mismatch" and rows["W2"]["culprit_line"] == 14
    assert rows["W1"]["verdict"] == "ok"


def test_not_verified_names_the_line_and_its_code() -> None:
    path = CORPUS / "style_rnn_char_adagrad_clean.py"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = json.loads(_verify("--format", "json", str(path)).stdout)["files"][0]["params"]
    assert rows and all(r["verdict"] == "not verified" for r in rows)
    for r in rows:
        m = re.search(r"\(line (\d+): `(.+)`\)$", r["reason"])
        assert m, r["reason"]
        assert " ".join(lines[int(m.group(1)) - 1].split()).startswith(m.group(2).rstrip("."))


LAYER_FILES = sorted(p for p in CORPUS.glob("*.py") if p.name.startswith(("lib_", "cls_", "autograd_fn_")))


def _layer_rows(path: Path) -> list[dict[str, object]]:
    proc = _verify("--format", "json", str(path))
    return json.loads(proc.stdout)["files"][0]["layers"]


def test_correct_layers_verify_and_buggy_twins_mismatch_on_the_buggy_output() -> None:
    from bpscan import annotations

    caught = 0
    for path in LAYER_FILES:
        text = path.read_text(encoding="utf-8")
        rows = _layer_rows(path)
        mismatched = {r["line"] for r in rows if r["verdict"] == "mismatch"}
        if annotations.parse(text).status == "clean":
            assert not mismatched, path.name  # never a false alarm on a correct layer
            continue
        bug_lines = {i for i, ln in enumerate(text.splitlines(), 1) if re.search(r"# bp:.*\bBP\d{3}", ln)}
        if mismatched:
            assert mismatched & bug_lines, (path.name, mismatched, bug_lines)
            caught += 1
    assert caught >= 8


def test_layer_rows_name_the_layer_the_output_and_its_input() -> None:
    rows = _layer_rows(CORPUS / "lib_affine_relu_softmax_dot_clean.py")
    assert {(r["layer"], r["output"], r["wrt"], r["verdict"]) for r in rows if r["layer"].startswith("affine_forward")} \
        == {("affine_forward/affine_backward", "dx", "x", "ok"), ("affine_forward/affine_backward", "dw", "w", "ok"),
            ("affine_forward/affine_backward", "db", "b", "ok")}
    # a class keeps its gradients on self; torch.autograd.Function returns one per input (no torch needed)
    cls = {(r["output"], r["wrt"]): r["verdict"] for r in _layer_rows(CORPUS / "cls_affine_relu_sigmoid_softmax_layers_clean.py")}
    assert cls[("self.dW", "self.W")] == cls[("self.db", "self.b")] == "ok"
    fn = {(r["output"], r["wrt"]): r["verdict"] for r in _layer_rows(CORPUS / "autograd_fn_linear_relu_clean.py")}
    assert fn == {("grad_x", "x"): "ok", ("grad_w", "w"): "ok", ("grad_b", "b"): "ok", ("grad_input", "x"): "ok"}
    # the buggy twin's bias gradient sums over every axis: that output, and only that one, mismatches
    bad = _layer_rows(CORPUS / "lib_affine_relu_softmax_dot_buggy_bias_allsum.py")
    assert {(r["layer"], r["output"]) for r in bad if r["verdict"] == "mismatch"} == {
        ("affine_forward/affine_backward", "db"), ("affine_relu_forward/affine_relu_backward", "db")}


def test_a_loop_through_time_in_a_layer_is_not_verified_rather_than_guessed() -> None:
    rows = _layer_rows(CORPUS / "lib_rnn_step_time_loop_clean.py")
    step = [r for r in rows if r["layer"] == "rnn_step_forward/rnn_step_backward"]
    whole = [r for r in rows if r["layer"] == "rnn_forward/rnn_backward"]
    assert step and all(r["verdict"] == "ok" for r in step)
    assert whole and all(r["verdict"] == "not verified" and "single iteration" in r["reason"] for r in whole)


def _deep_network(layers: int) -> str:
    """A generated chain of ReLU layers and a linear output, some 5 lines a layer: deeper than any
    recursion would reach (ReLU keeps the signal alive through the depth; tanh would let it vanish)."""
    lines = ["import numpy as np", "X, T = np.random.randn(8, 6), np.random.randn(8, 6)"]
    lines += [f"W{i} = np.random.randn(6, 6) * 0.5" for i in range(1, layers + 1)]
    lines += ["for step in range(10):", "    h0 = X"]
    lines += [f"    h{i} = np.maximum(h{i - 1} @ W{i}, 0)" for i in range(1, layers)]
    lines += [f"    h{layers} = h{layers - 1} @ W{layers}", f"    d{layers} = h{layers} - T"]
    for i in range(layers, 0, -1):
        lines.append(f"    dW{i} = h{i - 1}.T @ d{i}")
        if i > 1:
            lines.append(f"    d{i - 1} = (d{i} @ W{i}.T) * (h{i - 1} > 0)")
    lines += [f"    W{i} -= 0.01 * dW{i}" for i in range(1, layers + 1)]
    return "\n".join(lines) + "\n"


def test_a_deep_network_is_evaluated_without_recursion_failures(tmp_path: Path) -> None:
    path = tmp_path / "deep.py"
    path.write_text(_deep_network(130), encoding="utf-8")  # deeper than the evaluator's recursion
    # (a budget far above the ~25 s it takes alone: a loaded machine must not turn its verdicts into "out of time")
    rows = json.loads(_verify("--format", "json", "--budget", "300", str(path)).stdout)["files"][0]["params"]
    assert not [r for r in rows if "too deep" in (r["reason"] or "") or "Recursion" in (r["reason"] or "")]
    assert not [r for r in rows if r["verdict"] == "mismatch"]
    # every gradient and its reference were evaluated through all the layers: what stops a verdict is
    # numerical (random weights through 130 layers leave a gradient finite differences cannot resolve)
    assert all(r["verdict"] == "ok" or "reference gradient" in r["reason"] for r in rows), rows[-3:]


def test_a_4000_line_network_stays_within_the_time_budget(tmp_path: Path) -> None:
    import time

    path = tmp_path / "generated.py"
    path.write_text(_deep_network(800), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8").splitlines()) >= 4000
    start = time.monotonic()
    proc = _verify("--format", "json", "--budget", "3", str(path))
    took = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["files"][0]["params"]
    assert len(rows) == 800
    # reading the file takes a few seconds; evaluation stops at the budget, and what is left says so
    assert took < 45, took
    assert all(r["verdict"] == "ok" or r["reason"] for r in rows)
    assert any("time budget" in (r["reason"] or "") for r in rows)
    assert not [r for r in rows if "too deep" in (r["reason"] or "")]


def test_code_off_the_gradients_path_never_blocks_a_verdict(tmp_path: Path) -> None:
    # a `%` in a print, an accuracy, and a learning rate decayed in that branch
    path = tmp_path / "train.py"
    path.write_text(
        "import numpy as np\n"
        "X, T = np.random.randn(10, 3), np.random.randn(10, 1)\n"
        "W1, W2 = np.random.randn(3, 6), np.random.randn(6, 1)\n"
        "lr = 0.01\n"
        "for i in range(100):\n"
        "    h = np.tanh(X @ W1)\n"
        "    y = h @ W2\n"
        "    e = y - T\n"
        "    if i % 10 == 0:\n"
        "        acc = np.mean((y > 0) == (T > 0))\n"
        "        print('step %d loss %.3f acc %.2f' % (i, np.mean(e ** 2), acc))\n"
        "        lr = lr * 0.9\n"
        "    d1 = (e @ W2.T) * (1 - h ** 2)\n"
        "    W2 -= lr * h.T @ e\n"
        "    W1 -= lr * X.T @ d1\n", encoding="utf-8")
    rows = json.loads(_verify("--format", "json", str(path)).stdout)["files"][0]["params"]
    assert {r["verdict"] for r in rows} == {"ok"}, rows


BRANCHED_LAYER = '''import numpy as np

def layer_forward(x, w, b, activation):
    z = x @ w + b
    if activation == "sigmoid":
        a = 1 / (1 + np.exp(-z))
    elif activation == "relu":
        a = np.maximum(0, z)
    cache = (x, w, z, a)
    return a, cache

def layer_backward(da, cache, activation):
    x, w, z, a = cache
    if activation == "relu":
        dz = da * (z > 0)
    elif activation == "sigmoid":
        dz = da * a * (1 - a)
    dx = dz @ w.T
    dw = x.T @ dz
    db = dz.sum(axis=0)
    return dx, dw, db
'''


def test_a_layer_branching_on_a_setting_follows_one_branch_in_forward_and_backward(tmp_path: Path) -> None:
    # the backward tests the settings in the other order: both follow the same one, by the setting's name
    path = tmp_path / "layers.py"
    path.write_text(BRANCHED_LAYER, encoding="utf-8")
    rows = _layer_rows(path)
    assert {(r["output"], r["verdict"]) for r in rows} == {("dx", "ok"), ("dw", "ok"), ("db", "ok")}, rows
    path.write_text(BRANCHED_LAYER.replace("a * (1 - a)", "a * (1 + a)"), encoding="utf-8")
    rows = _layer_rows(path)
    assert {r["verdict"] for r in rows} == {"mismatch"}, rows  # the sigmoid branch is the one followed


def test_weight_decay_in_the_gradient_is_named_as_not_checked(tmp_path: Path) -> None:
    # the loss's L2 penalty is not modelled yet: an ok must say that the decay term was left out
    path = tmp_path / "reg.py"
    path.write_text(TRAIN.replace("    W2 -= 0.01 * h.T @ e\n", "    W2 -= 0.01 * (h.T @ e + 0.1 * W2)\n"),
                    encoding="utf-8")
    rows = {r["param"]: r for r in json.loads(_verify("--format", "json", str(path)).stdout)["files"][0]["params"]}
    assert rows["W2"]["verdict"] == "ok" and "weight decay, line 9" in rows["W2"]["reason"]
    assert "not checked" in rows["W2"]["reason"]
    assert rows["W1"]["reason"] is None


LSTM_STEP = '''import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x.dot(Wx) + prev_h.dot(Wh) + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)
    return next_h, next_c, cache

def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    H = prev_h.shape[1]
    dc = dnext_c + dnext_h * o * (1 - np.tanh(next_c) ** 2)
    da = np.zeros((x.shape[0], 4 * H))
    da[:, :H] = dc * g * i * (1 - i)
    da[:, H:2 * H] = dc * prev_c * f * (1 - f)
    da[:, 2 * H:3 * H] = dnext_h * np.tanh(next_c) * o * (1 - o)
    da[:, 3 * H:] = dc * i * (1 - g ** 2)
    dx = da.dot(Wx.T)
    dprev_h = da.dot(Wh.T)
    dprev_c = dc * f
    dWx = x.T.dot(da)
    dWh = prev_h.T.dot(da)
    db = da.sum(axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db
'''


def test_an_lstm_step_with_two_outputs_and_gate_slices_verifies(tmp_path: Path) -> None:
    # both upstream gradients (dnext_h, dnext_c) are drawn, and the gate slices keep their bounds
    path = tmp_path / "lstm.py"
    path.write_text(LSTM_STEP, encoding="utf-8")
    rows = _layer_rows(path)
    assert {r["output"]: r["verdict"] for r in rows} == {
        "dx": "ok", "dprev_h": "ok", "dprev_c": "ok", "dWx": "ok", "dWh": "ok", "db": "ok"}, rows
    path.write_text(LSTM_STEP.replace("dc * prev_c * f * (1 - f)", "dc * prev_c * f * (1 + f)"), encoding="utf-8")
    bad = {r["output"] for r in _layer_rows(path) if r["verdict"] == "mismatch"}
    assert "dWx" in bad and "dprev_c" not in bad


BATCHNORM = '''import numpy as np

def batchnorm_forward(x, gamma, beta, bn_param):
    eps = bn_param.get('eps', 1e-5)
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    std = np.sqrt(var + eps)
    xn = xc / std
    out = gamma * xn + beta
    cache = (xn, gamma, std)
    return out, cache

def batchnorm_backward(dout, cache):
    xn, gamma, std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xn).sum(axis=0)
    dxn = dout * gamma
    dx = (N * dxn - dxn.sum(axis=0) - xn * (dxn * xn).sum(axis=0)) / (N * std)
    return dx, dgamma, dbeta
'''


def test_a_batchnorm_layer_with_a_config_default_and_beta_verifies(tmp_path: Path) -> None:
    # eps from the config's default; beta (a name the scan reads as a setting) is drawn like gamma
    path = tmp_path / "bn.py"
    path.write_text(BATCHNORM, encoding="utf-8")
    rows = _layer_rows(path)
    assert {r["output"]: r["verdict"] for r in rows} == {"dx": "ok", "dgamma": "ok", "dbeta": "ok"}, rows
    path.write_text(BATCHNORM.replace("- dxn.sum(axis=0) -", "-"), encoding="utf-8")
    assert {r["output"]: r["verdict"] for r in _layer_rows(path)}["dx"] == "mismatch"


def test_an_is_not_none_test_in_a_layer_is_no_internal_error(tmp_path: Path) -> None:
    path = tmp_path / "linear.py"
    path.write_text(
        "import numpy as np\n"
        "def linear_forward(x, w, b):\n"
        "    out = x @ w\n"
        "    if b is not None:\n"
        "        out = out + b\n"
        "    return out, (x, w)\n"
        "def linear_backward(dout, cache):\n"
        "    x, w = cache\n"
        "    return dout @ w.T, x.T @ dout, dout.sum(axis=0)\n", encoding="utf-8")
    proc = _verify("--format", "json", str(path))
    assert proc.returncode == 0 and "internal error" not in proc.stderr, proc.stderr
    rows = json.loads(proc.stdout)["files"][0]["layers"]
    assert rows and all(r["verdict"] in ("ok", "not verified") for r in rows), rows


GATED = '''import numpy as np

class Gated:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        H = self.W.shape[1] // 2
        Wa, Wb = self.W[:, :H], self.W[:, H:]
        self.x = x
        self.a = np.tanh(x @ Wa)
        self.b = x @ Wb
        return self.a * self.b

    def backward(self, dout):
        H = self.W.shape[1] // 2
        Wa, Wb = self.W[:, :H], self.W[:, H:]
        da = dout * self.b * (1 - self.a ** 2)
        db = dout * self.a
        self.dW = np.hstack((self.x.T @ da, self.x.T @ db))
        return da @ Wa.T + db @ Wb.T
'''


def test_a_layer_reading_slices_of_its_weight_is_checked_in_the_whole_weight(tmp_path: Path) -> None:
    # Wa, Wb = self.W[:, :H], self.W[:, H:]: views of the weight the check perturbs (a GRU's gates)
    path = tmp_path / "gated.py"
    path.write_text(GATED, encoding="utf-8")
    rows = {r["output"]: r for r in _layer_rows(path)}
    assert rows["self.dW"]["verdict"] == "ok" and rows["return"]["verdict"] == "ok", rows


def test_a_gradient_summed_in_loops_is_not_verified_and_says_why_and_where() -> None:
    # an im2col convolution whose backward loops over windows, trained by a driver in another file:
    # the kernel's row names the loop-summed statement in the library, not a bare shape clash
    driver = CORPUS / "drivers" / "silent_conv_im2col_forward_loop_backward_clean_driver.py"
    doc = json.loads(_verify("--format", "json", str(driver)).stdout)
    rows = {r["param"]: r for f in doc["files"] for r in f["params"]}
    reason = rows["self.params['kern']"]["reason"]
    assert rows["self.params['kern']"]["verdict"] == "not verified"
    assert "summed element by element inside loops" in reason
    assert "silent_conv_im2col_forward_loop_backward_clean.py:" in reason
    assert rows["read_w"]["verdict"] == "ok"


def test_a_layer_class_sized_by_its_constructor_is_driven_with_small_sizes() -> None:
    # UnfoldConv(n_out, n_in, k, rng) nobody calls in its file: its sizes get small values, so the
    # layer check runs as far as the loops over windows, and names the loop that stops it
    doc = json.loads(_verify("--format", "json", str(CORPUS / "silent_conv_im2col_forward_loop_backward_clean.py")).stdout)
    (row,) = [r for f in doc["files"] for r in f["layers"]]
    assert row["verdict"] == "not verified"
    assert "loop over `s`" in row["reason"] and "is not modelled" not in row["reason"]


DROPOUT = '''"""A dropout layer whose rate comes from its constructor."""
import numpy as np


class Dropout:
    def __init__(self, drop_rate):
        self.drop_rate = drop_rate

    def forward(self, x, training=False):
        if training:
            self.mask = (np.random.rand(*x.shape) >= self.drop_rate).astype(float)
            return x * self.mask / (1 - self.drop_rate)
        return x

    def backward(self, dout, training=False):
        if training:
            return dout * self.mask / (1 - self.drop_rate)
        return dout
'''


def test_a_dropout_layer_is_checked_in_training_mode_with_a_rate_of_its_own(tmp_path: Path) -> None:
    # forward(x, training=False) is driven for its backward in training mode, and the rate the
    # constructor takes gets a value, so the masked branch itself is checked
    path = tmp_path / "dropout.py"
    path.write_text(DROPOUT, encoding="utf-8")
    doc = json.loads(_verify("--format", "json", str(path)).stdout)
    (row,) = [r for f in doc["files"] for r in f["layers"]]
    assert row["verdict"] == "ok" and row["rel_error"] < 1e-6
