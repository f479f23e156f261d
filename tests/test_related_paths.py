"""A finding's related line in another project file names that file in every output format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan.serialize import results_from_json

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).with_name("data")
PROJECTS = REPO / "corpus" / "projects"

# A forward pass in model.py (sigmoid applied on line 11) and a backward pass in train.py whose
# F1 (line 15) uses tanh's derivative: the finding is in train.py, the line it contradicts in model.py.
MODEL = '''"""Forward pass of a two-layer network."""
import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def forward(X, W1, W2):
    h = np.tanh(X @ W1)
    out = sigmoid(h @ W2)
    return h, out
'''
TRAIN = '''"""Train the network of model.py."""
import numpy as np

from model import forward

rng = np.random.RandomState(0)
X = rng.randn(64, 3)
y = rng.rand(64, 1)
W1 = rng.randn(3, 8) * 0.1
W2 = rng.randn(8, 1) * 0.1
lr = 0.1
for step in range(100):
    h, out = forward(X, W1, W2)
    error = y - out
    delta2 = error * (1 - out ** 2)
    delta1 = delta2.dot(W2.T) * (1 - h ** 2)
    W2 += lr * h.T.dot(delta2)
    W1 += lr * X.T.dot(delta1)
'''
SIGMOID_LINE = 11  # of MODEL
F1_LINE = 15  # of TRAIN


def bpscan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    run = subprocess.run([sys.executable, "-m", "bpscan", *args], cwd=cwd, capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode in (0, 1), run.stderr
    return run


def _copy(name: str, tmp_path: Path) -> Path:
    dest = tmp_path / name
    shutil.copytree(PROJECTS / name, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture
def split(tmp_path: Path) -> Path:
    """train.py and model.py, side by side."""
    (tmp_path / "model.py").write_text(MODEL, encoding="utf-8")
    (tmp_path / "train.py").write_text(TRAIN, encoding="utf-8")
    assert "sigmoid(h @ W2)" in MODEL.splitlines()[SIGMOID_LINE - 1]
    assert "(1 - out ** 2)" in TRAIN.splitlines()[F1_LINE - 1]
    return tmp_path


@pytest.fixture(scope="module")
def json_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads((DATA / "bpscan-output.schema.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def sarif_validator():
    from jsonschema.validators import validator_for

    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return validator_for(schema)(schema)


def _file(doc: dict, path: str) -> dict:
    return next(f for f in doc["files"] if f["path"] == path)


def _finding(doc: dict, path: str, code: str) -> dict:
    return next(f for f in _file(doc, path)["findings"] if f["code"] == code)


# --------------------------------------------------------------------------- json


def test_json_rehomed_finding_names_the_driver_file_of_its_related_line(tmp_path: Path, json_validator) -> None:
    # dlai: sigmoid_backward in dnn_utils.py is found wrong through two_layer.py, whose line 40
    # applies the sigmoid; dnn_utils.py has no line 40 at all
    project = _copy("dlai_utils_buggy", tmp_path)
    assert "sigmoid(Z2)" in (project / "two_layer.py").read_text(encoding="utf-8").splitlines()[39]
    doc = json.loads(bpscan("--format", "json", "--no-cache", ".", cwd=project).stdout)
    assert list(json_validator.iter_errors(doc)) == []
    f = _finding(doc, "dnn_utils.py", "BP301")
    assert f["line"] == 32
    assert f["related"] == [{"line": 40, "message": "the forward pass applies sigmoid here", "cell": None,
                             "path": "two_layer.py"}]
    assert "(line 40 of two_layer.py)" in f["message"]
    # the tags stay with their statements: the F1 helpers are dnn_utils.py's; the driver's F1 tags are its own
    # calls of them (`dZ2 = sigmoid_backward(dA2, cache2)`), which hand on what the helpers computed
    assert {t["line"] for t in _file(doc, "dnn_utils.py")["tags"] if t["kind"] == "F1"} == {25, 32}
    driver = (project / "two_layer.py").read_text(encoding="utf-8").splitlines()
    called = [driver[t["line"] - 1].split("  #")[0].strip() for t in _file(doc, "two_layer.py")["tags"]
              if t["kind"] == "F1"]
    assert called == ["dZ2 = sigmoid_backward(dA2, cache2)", "dZ1 = relu_backward(dA1, cache1)"]


LOSSES = '''"""Loss derivatives."""


def squared_error_grad(labels, predictions):
    """d/dpred of 0.5 * (labels - predictions) ** 2, written the other way round."""
    return labels - predictions
'''
ASCENT = '''"""A linear model stepped along the loss's derivative from losses.py."""
import numpy as np

from losses import squared_error_grad

rng = np.random.default_rng(0)
X = rng.normal(size=(32, 3))
y = X @ np.array([[1.0], [-2.0], [0.5]])
W = np.zeros((3, 1))
for step in range(100):
    pred = X @ W
    g = squared_error_grad(y, pred)
    W -= 0.1 * X.T @ g / len(X)
'''


def test_finding_quotes_an_imported_files_statement_from_that_file(tmp_path: Path) -> None:
    # the error's orientation is fixed in losses.py: the message quotes that file's line 6, not line 6
    # of the script under review
    (tmp_path / "losses.py").write_text(LOSSES, encoding="utf-8")
    (tmp_path / "train.py").write_text(ASCENT, encoding="utf-8")
    doc = json.loads(bpscan("--format", "json", "--no-cache", ".", cwd=tmp_path).stdout)
    f = _finding(doc, "train.py", "BP201")
    assert "`return labels - predictions` (line 6 of losses.py)" in f["message"]


LEAKY = '''"""Activation objects."""
import numpy as np


class Leaky:
    def forward(self, z):
        self.z = z
        return np.where(z > 0, z, 0.01 * z)

    def backward(self, grad):
        return grad * (self.z > 0)
'''
DENSE = '''"""A dense layer."""
import numpy as np


class Dense:
    def __init__(self, n_in, n_out, rng):
        self.x = None
        self.W = rng.randn(n_in, n_out) * 0.1

    def forward(self, x):
        self.x = x
        return x @ self.W

    def backward(self, delta, lr):
        dx = delta @ self.W.T
        self.W -= lr * self.x.T @ delta
        return dx
'''
LEAKY_TRAIN = '''"""A dense layer and a leaky activation, each from its own module."""
import numpy as np
from layers import Dense
from activations import Leaky

rng = np.random.RandomState(0)
X = rng.randn(64, 3)
y = rng.rand(64, 1)
dense, act = Dense(3, 1, rng), Leaky()
for step in range(100):
    out = act.forward(dense.forward(X))
    dense.backward(act.backward(out - y), 0.1)
'''


def test_activation_applied_in_a_third_file_is_cited_in_that_file(tmp_path: Path) -> None:
    # the pre-activation is made in layers.py, the leaky ReLU applied on line 8 of activations.py, and the
    # backward's plain ReLU mask is found in activations.py: its related line is activations.py's own
    # line 8, not line 8 of layers.py (`self.W = ...`), where the pre-activation's file would point
    (tmp_path / "activations.py").write_text(LEAKY, encoding="utf-8")
    (tmp_path / "layers.py").write_text(DENSE, encoding="utf-8")
    (tmp_path / "train.py").write_text(LEAKY_TRAIN, encoding="utf-8")
    assert "self.W" in DENSE.splitlines()[7] and "np.where" in LEAKY.splitlines()[7]
    doc = json.loads(bpscan("--format", "json", "--no-cache", ".", cwd=tmp_path).stdout)
    f = _finding(doc, "activations.py", "BP301")
    assert f["line"] == 11
    assert f["related"] == [{"line": 8, "message": "the forward pass applies leaky_relu here", "cell": None,
                             "path": None}]


def test_json_finding_in_the_scanned_file_names_the_imported_file(split: Path, json_validator) -> None:
    doc = json.loads(bpscan("--format", "json", "--no-cache", "train.py", cwd=split).stdout)
    assert list(json_validator.iter_errors(doc)) == []
    f = _finding(doc, "train.py", "BP301")
    assert f["line"] == F1_LINE
    assert f["related"] == [{"line": SIGMOID_LINE, "message": "the forward pass applies sigmoid here",
                             "cell": None, "path": "model.py"}]
    assert f"(line {SIGMOID_LINE} of model.py)" in f["message"]
    assert results_from_json(doc)[0].findings[0].related[0].path == "model.py"


def test_json_related_path_follows_how_the_file_was_named(split: Path) -> None:
    # from the parent directory: relative to the working directory, like the file's own path
    doc = json.loads(bpscan("--format", "json", "--no-cache", f"{split.name}/train.py", cwd=split.parent).stdout)
    assert _finding(doc, f"{split.name}/train.py", "BP301")["related"][0]["path"] == f"{split.name}/model.py"
    # an absolute path to scan: an absolute related path
    doc = json.loads(bpscan("--format", "json", "--no-cache", str(split / "train.py"), cwd=split.parent).stdout)
    rel = _finding(doc, str(split / "train.py"), "BP301")["related"][0]
    assert (rel["path"], rel["line"]) == (str(split / "model.py"), SIGMOID_LINE)
    # both files scanned: the other file is named as it was scanned (here absolute, unlike train.py)
    doc = json.loads(bpscan("--format", "json", "--no-cache", "train.py", str(split / "model.py"), cwd=split).stdout)
    assert _finding(doc, "train.py", "BP301")["related"][0]["path"] == str(split / "model.py")


def test_json_related_path_survives_the_cache(split: Path) -> None:
    first = bpscan("--format", "json", ".", cwd=split).stdout
    assert (split / ".bpscan_cache").is_dir()
    second = bpscan("--format", "json", ".", cwd=split).stdout
    assert first == second
    assert _finding(json.loads(second), "train.py", "BP301")["related"][0]["path"] == "model.py"


def test_notebook_line_cited_by_a_helper_module_names_the_notebook_and_cell(tmp_path: Path) -> None:
    # helpers.py sums the bias gradient over all axes; the bias b1 is made in cell 3, line 10 of
    # train.ipynb (program line 15, which in helpers.py is a blank line)
    project = _copy("notebook_local_buggy", tmp_path)
    doc = json.loads(bpscan("--format", "json", "--no-cache", ".", cwd=project).stdout)
    f = _finding(doc, "helpers.py", "BP401")
    assert f["line"] == 19
    assert f["related"] == [{"line": 10, "message": "b1 is created here with 16 elements", "cell": 3,
                             "path": "train.ipynb"}]
    concise = bpscan("--format", "concise", "--no-cache", ".", cwd=project).stdout
    assert "(see train.ipynb:cell 3:line 10: b1 is created here with 16 elements)" in concise


def test_version_1_documents_are_still_read() -> None:
    doc = {"version": 1, "files": [{"path": "a.py", "error": None, "layers": [], "tags": [], "notes": [],
                                    "findings": [{"code": "BP201", "name": "ascent-update", "severity": "error",
                                                  "line": 3, "column": 1, "end_line": 3, "end_column": 9,
                                                  "message": "m", "expected": None, "confidence": "high",
                                                  "cell": None,
                                                  "related": [{"line": 1, "message": "r", "cell": None}]}]}]}
    (result,) = results_from_json(doc)
    assert result.findings[0].related[0].path is None
    with pytest.raises(ValueError):
        results_from_json(dict(doc, version=3))


# --------------------------------------------------------------------------- sarif


def test_sarif_related_location_has_its_own_artifact(tmp_path: Path, sarif_validator) -> None:
    project = _copy("dlai_utils_buggy", tmp_path)
    log = json.loads(bpscan("--format", "sarif", "--no-cache", ".", cwd=project).stdout)
    assert list(sarif_validator.iter_errors(log)) == []
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "BP301"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "dnn_utils.py", "uriBaseId": "%SRCROOT%"}
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 32
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"] == {"artifactLocation": {"uri": "two_layer.py", "uriBaseId": "%SRCROOT%"},
                                           "region": {"startLine": 40}}


def test_sarif_related_location_in_the_imported_file(split: Path, sarif_validator) -> None:
    log = json.loads(bpscan("--format", "sarif", "--no-cache", "train.py", cwd=split).stdout)
    assert list(sarif_validator.iter_errors(log)) == []
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "train.py"
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"] == {"uri": "model.py", "uriBaseId": "%SRCROOT%"}
    assert related["physicalLocation"]["region"] == {"startLine": SIGMOID_LINE}


# --------------------------------------------------------------------------- terminal


def test_concise_names_the_other_file(split: Path) -> None:
    out = bpscan("--format", "concise", "--no-cache", "train.py", cwd=split).stdout
    (line,) = [x for x in out.splitlines() if "BP301" in x]
    assert line.startswith(f"train.py:{F1_LINE}:5: BP301 derivative-mismatch ")
    assert line.endswith(f"(see model.py:{SIGMOID_LINE}: the forward pass applies sigmoid here)")


def test_full_names_the_other_file_and_marks_nothing_in_this_one(split: Path) -> None:
    out = bpscan("--format", "full", "--no-cache", "--color", "never", "train.py", cwd=split).stdout
    assert f"• model.py:{SIGMOID_LINE}: the forward pass applies sigmoid here" in out
    assert f"• line {SIGMOID_LINE}:" not in out
    # train.py's own line 11 (`lr = 0.1`) is not the related line: it must not be marked
    rows = [x.strip() for x in out.splitlines() if "lr = 0.1" in x]
    assert rows and not any(r.startswith("•") for r in rows), rows
    assert any(r.startswith(f"❱ {F1_LINE} │") for r in (x.strip() for x in out.splitlines()))


def test_github_names_the_other_file(split: Path) -> None:
    out = bpscan("--format", "github", "--no-cache", "train.py", cwd=split).stdout
    assert f"%0Amodel.py:{SIGMOID_LINE}: the forward pass applies sigmoid here%0A" in out


def test_same_file_related_lines_keep_their_short_form(tmp_path: Path) -> None:
    # functions.py's BP304 cites its own line 16: no file name, as before
    project = _copy("torch_functions_buggy", tmp_path)
    doc = json.loads(bpscan("--format", "json", "--no-cache", ".", cwd=project).stdout)
    f = _finding(doc, "functions.py", "BP304")
    assert f["related"][0]["line"] == 16 and f["related"][0]["path"] is None
    out = bpscan("--format", "full", "--no-cache", "--color", "never", "functions.py", cwd=project).stdout
    assert "• line 16: the forward product that fixes the convention" in out
    concise = bpscan("--format", "concise", "--no-cache", "functions.py", cwd=project).stdout
    assert "(see " not in concise
