"""`bpscan --fix`: certain fixes are written, checked and minimal; everything else stays byte for byte."""

from __future__ import annotations

import difflib
import importlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan import cli, fix
from bpscan.config import OPT_IN
from bpscan.engine import FileTask, check_file
from bpscan.registry import all_rules

from corpus_util import corpus_files, code_part

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
ALL = frozenset(r.code for r in all_rules()) - set(OPT_IN)


def _high(path: Path):  # type: ignore[no-untyped-def]
    return [f for f in check_file(FileTask(str(path), ALL)).findings if f.confidence == "high"]


FILES = [p for p in corpus_files() if p.parent == CORPUS]
CERTAIN = {p: [f for f in _high(p) if fix.certain(f)] for p in FILES}
FIXABLE = [p for p in FILES if CERTAIN[p]]
UNFIXABLE = [p for p in FILES if not CERTAIN[p]]
#: certain fixes --fix rightly declines, and why
DECLINED = {
    # BP305 offers an expression (`self.h.T.dot(dout)`) where the statement assigns self.dW2
    ("cls_two_layer_net_self_grads_buggy_wrong_input.py", 22, "BP305"),
}

#: clean twins that write the fixed statement in other words (the fix keeps the buggy file's own words):
#: the statement --fix writes there
TWIN_WORDS_IT_OTHERWISE = {
    ("autograd_fn_outin_tanh_buggy_sigmoid_deriv.py", 35): "return grad_out * (1 - out ** 2)",  # out * out
    ("lib_affine_relu_softmax_dot_buggy_relu_mask_dout.py", 35): "dx[x < 0] = 0",  # x <= 0
    ("lib_linear_tanh_sigmoid_npdot_buggy_tanh_sigmoid_deriv.py", 28): "return dout * (1 - out ** 2)",  # 1.0 - ...
    ("opt_functional_rules_buggy_sgd_ascent.py", 17): 'next_w = w - config["learning_rate"] * dw',  # w -= ...
    ("marimo_manual_backprop_buggy_tanh_slope.py", 41): "dpre = (h * (1 - h)) * dh",  # the factor replaced in place
}


def _run_fix(*args: str) -> int:
    return cli.main(["--fix", "--no-cache", "-q", "--color", "never", *args])


def _twin(path: Path) -> Path | None:
    if "_buggy" not in path.stem:
        return None
    twin = path.with_name(path.stem[: path.stem.index("_buggy")] + "_clean.py")
    return twin if twin.exists() else None


def test_every_rule_states_its_fix_policy_consistently_with_pastes() -> None:
    for r in all_rules():
        lines = re.findall(r"^Fix: .*$", r.doc, re.MULTILINE)
        assert len(lines) == 1, r.code
        assert lines[0][len("Fix: "):] in fix.POLICIES, lines[0]
        pastes = getattr(importlib.import_module(r.module), "PASTES", False)
        assert (fix.fix_policy(r.code) in fix.CERTAIN) == pastes, r.code
    assert fix.fix_policy("BP201") == "when offered" and fix.fix_policy("BP303") == "never"


def test_always_rules_always_offer_a_statement() -> None:
    always = {r.code for r in all_rules() if fix.fix_policy(r.code) == "always"}
    for p in FILES:
        for f in _high(p):
            assert f.code not in always or f.expected is not None, (p.name, f.line, f.code)


def test_the_corpus_has_certain_fixes_to_make() -> None:
    assert len(FIXABLE) >= 40
    assert {f.code for p in FIXABLE for f in CERTAIN[p]} >= {"BP101", "BP103", "BP201", "BP301", "BP302",
                                                             "BP304", "BP305", "BP307", "BP308", "BP401", "BP501"}


@pytest.mark.parametrize("path", FIXABLE, ids=[p.name for p in FIXABLE])
def test_fix_removes_each_certain_finding_and_matches_the_clean_twin(tmp_path: Path, path: Path) -> None:
    target = tmp_path / path.name
    shutil.copyfile(path, target)
    before = CERTAIN[path]
    _run_fix(str(target))
    after = {(f.code, f.message) for f in _high(target)}
    # a fix that adds a line moves the lines below it; messages are compared without numbers
    plain = lambda m: re.sub(r"\d+", "#", m)  # noqa: E731
    left = {(c, plain(m)) for c, m in after}
    declined = {(path.name, f.line, f.code) for f in before} & DECLINED
    for f in before:
        if (path.name, f.line, f.code) in DECLINED:
            continue
        assert (f.code, plain(f.message)) not in left, f"{f.code} at line {f.line} still reported after --fix"
    if not declined:
        assert target.read_bytes() != path.read_bytes()

    twin = _twin(path)
    if twin is None:
        return
    fixed_lines = target.read_text(encoding="utf-8").split("\n")
    twin_lines = twin.read_text(encoding="utf-8").split("\n")
    a, b = [code_part(ln) for ln in fixed_lines], [code_part(ln) for ln in twin_lines]
    aligned: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            aligned.update({i: j for i, j in zip(range(i1, i2), range(j1, j2))})
    for f in before:
        if f.insert_after is not None or f.move_before is not None or (path.name, f.line, f.code) in DECLINED:
            continue
        if (path.name, f.line) in TWIN_WORDS_IT_OTHERWISE:
            assert code_part(fixed_lines[f.line - 1]) == TWIN_WORDS_IT_OTHERWISE[path.name, f.line]
            continue
        assert f.line - 1 in aligned, (
            f"line {f.line} after --fix: {fixed_lines[f.line - 1].strip()!r} is not the clean twin's statement")


def test_files_without_certain_fixes_are_untouched(tmp_path: Path) -> None:
    names = [p.name for p in UNFIXABLE]
    assert len(names) >= 40
    for p in UNFIXABLE:
        shutil.copyfile(p, tmp_path / p.name)
    _run_fix(*[str(tmp_path / n) for n in names])
    changed = [n for n in names if (tmp_path / n).read_bytes() != (CORPUS / n).read_bytes()]
    assert changed == []


def test_crlf_tabs_and_comments_change_only_the_fixed_statements(tmp_path: Path) -> None:
    src = (CORPUS / "upd_bug_np_row_t_minus_y_descent_sign.py").read_text(encoding="utf-8")
    lines = []
    for ln in src.split("\n"):
        body = ln.lstrip(" ")
        depth = (len(ln) - len(body)) // 4
        lines.append("\t" * depth + body)
    text = "# -*- coding: utf-8 -*-  ünïcode comment\n" + "\n".join(lines)
    text = text.replace("w1 -= lr * dw1", "w1 -= lr*dw1   # keep this comment: -= is wrong here")
    data = text.replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "crlf_tabs.py"
    path.write_bytes(data)
    assert len([f for f in _high(path) if f.code == "BP201"]) == 4

    assert _run_fix(str(path)) == 0  # every finding fixed
    new = path.read_bytes()
    old_lines, new_lines = data.split(b"\r\n"), new.split(b"\r\n")
    assert len(old_lines) == len(new_lines) and new.count(b"\r\n") == data.count(b"\r\n")
    changed = [(o, n) for o, n in zip(old_lines, new_lines) if o != n]
    assert len(changed) == 4
    for o, n in changed:
        assert o.replace(b"-=", b"+=", 1) == n, (o, n)
    assert b"\tw1 += lr*dw1   # keep this comment: -= is wrong here" in new
    assert [f for f in _high(path)] == []


def test_fix_diff_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "upd_bug_np_momentum_ascent.py"
    path = tmp_path / name
    shutil.copyfile(CORPUS / name, path)
    status = cli.main(["--fix", "--diff", "--no-cache", str(path)])
    out = capsys.readouterr()
    assert status == 1
    assert path.read_bytes() == (CORPUS / name).read_bytes()
    added = [ln for ln in out.out.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    # the user's quotes stay: only the operator changes
    assert '+    W2 -= vel["W2"]  # bp: update[W2] BP201' in added and len(added) == 4
    assert "would fix 4 findings in 1 file" in out.err
    # and the diff is what --fix then writes
    _run_fix(str(path))
    assert all(ln[1:] in path.read_text(encoding="utf-8").split("\n") for ln in added)


def test_diff_alone_is_a_usage_error(tmp_path: Path) -> None:
    assert cli.main(["--diff", str(tmp_path)]) == 2


def test_the_article_versions_after_fix(tmp_path: Path) -> None:
    for name in ("article_numpy_published.py", "article_numpy_prose_updates.py"):
        shutil.copyfile(CORPUS / name, tmp_path / name)
    assert _run_fix(str(tmp_path / "article_numpy_published.py"), str(tmp_path / "article_numpy_prose_updates.py")) == 0
    assert not [f for f in _high(tmp_path / "article_numpy_published.py") if f.code == "BP201"]
    # the prose version becomes the corrected one, statement for statement
    fixed = (tmp_path / "article_numpy_prose_updates.py").read_text(encoding="utf-8").split("\n")
    correct = (CORPUS / "article_numpy_corrected.py").read_text(encoding="utf-8").split("\n")
    assert [code_part(ln) for ln in fixed[5:]] == [code_part(ln) for ln in correct[5:]]


def test_fix_is_not_applied_when_it_would_add_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the crossed pair is one mistake written twice: fixed together; alone, one half would leave dW2 unused
    name = "upd_bug_np_col_swapped_weights.py"
    path = tmp_path / name
    shutil.copyfile(CORPUS / name, path)
    _run_fix(str(path))
    assert not [f for f in _high(path) if f.code in ("BP103", "BP102")]


def test_json_fix_objects(tmp_path: Path) -> None:
    import json

    proc = subprocess.run([sys.executable, "-m", "bpscan", "--format", "json", "--no-cache",
                           "corpus/upd_bug_np_momentum_ascent.py", "corpus/rule_bp303_np_row_wrong_weight.py"],
                          cwd=REPO, capture_output=True, text=True)
    doc = json.loads(proc.stdout)
    findings = [f for file in doc["files"] for f in file["findings"]]
    bp201 = [f for f in findings if f["code"] == "BP201"]
    assert bp201 and all(f["fix"]["applicable"] for f in bp201)
    edit = bp201[0]["fix"]["edits"][0]
    assert edit == {"line": 40, "column": 8, "end_line": 40, "end_column": 10, "content": "-="}
    assert all(not f["fix"]["applicable"] for f in findings if f["code"] == "BP303")


def test_python2_constructs_stay_and_the_fix_goes_in(tmp_path: Path) -> None:
    source = ("import numpy as np\nx = np.random.randn(8, 3); t = np.random.randn(8, 1)\n"
              "w1 = np.random.randn(3, 1)\nlr = 0.1\nfor i in xrange(10):\n    y = x.dot(w1)\n    err = y - t\n"
              "    print \"loss\", (err ** 2).sum()\n    dw1 = x.T.dot(err)\n    w1 += lr * dw1\n")
    path = tmp_path / "py2.py"
    path.write_text(source)
    assert [f.code for f in _high(path)] == ["BP201"]
    assert _run_fix(str(path)) == 0
    assert path.read_text() == source.replace("w1 += lr * dw1", "w1 -= lr * dw1")


def test_a_library_fixed_with_its_caller_keeps_its_own_names(tmp_path: Path) -> None:
    # helpers.py's bias sum is found through the notebook that calls it; that reading words the sum in
    # the notebook's names (dZ1): the fix writes helpers.py's own statement, in its own names
    project = tmp_path / "notebook_local_buggy"
    shutil.copytree(CORPUS / "projects" / "notebook_local_buggy", project)
    proc = subprocess.run([sys.executable, "-m", "bpscan", "--format", "json", "--no-cache", str(project)],
                          cwd=REPO, capture_output=True, text=True)
    import json

    findings = {f["code"]: f for file in json.loads(proc.stdout)["files"] for f in file["findings"]}
    assert "dZ1" in findings["BP401"]["message"]  # the caller's reading: the size of b1 is the notebook's
    assert findings["BP401"]["expected"] == "db = np.sum(dZ, axis=0)"
    assert findings["BP401"]["fix"]["applicable"]
    assert _run_fix(str(project)) == 0
    helpers = (project / "helpers.py").read_text(encoding="utf-8")
    assert "    db = np.sum(dZ, axis=0)  # bp: F3[b] BP401\n" in helpers
    assert helpers.replace("np.sum(dZ, axis=0)", "np.sum(dZ)") == (
        CORPUS / "projects" / "notebook_local_buggy" / "helpers.py").read_text(encoding="utf-8")


def test_a_statement_worded_in_names_the_file_lacks_is_not_applicable() -> None:
    from bpscan.results import Finding

    source = "import numpy as np\n\ndef backward(dZ):\n    db = np.sum(dZ)\n    return db\n"
    finding = Finding("BP401", "bias-reduction", "error", 4, 5, 4, 20, "m", expected="db = np.sum(dZ1, axis=0)")
    assert fix.foreign_names(finding.expected or "", source) == ["dZ1"]
    assert fix.fix_of(finding, source)["applicable"] is False
    own = Finding("BP401", "bias-reduction", "error", 4, 5, 4, 20, "m", expected="db = np.sum(dZ, axis=0)")
    assert fix.fix_of(own, source)["applicable"] is True


STALE = '''import numpy as np
x, t = np.random.randn(8, 3), np.random.randn(8, 1)
w1, w2 = np.random.randn(3, 4), np.random.randn(4, 1)
for step in range(100):
    h = np.tanh(x.dot(w1))
    out = h.dot(w2)
    delta = out - t
    w2 -= 0.01 * h.T.dot(delta)
    error_h = delta.dot(w2.T)
    delta_h = error_h * (1 - h ** 2)
    w1 -= 0.01 * x.T.dot(delta_h)
'''


def test_formula_2_after_the_update_is_moved_above_it(tmp_path: Path) -> None:
    f = tmp_path / "stale.py"
    f.write_text(STALE)
    assert _run_fix(str(f)) == 0
    lines = f.read_text().splitlines()
    assert lines[7:9] == ["    error_h = delta.dot(w2.T)", "    w2 -= 0.01 * h.T.dot(delta)"]
    assert sorted(lines) == sorted(STALE.splitlines())  # moved, nothing else changed


def test_no_move_when_a_statement_between_changes_what_it_reads(tmp_path: Path) -> None:
    # `delta` is rescaled between the update and formula 2: moving formula 2 up would read the old delta
    src = STALE.replace("    w2 -= 0.01 * h.T.dot(delta)\n", "    w2 -= 0.01 * h.T.dot(delta)\n    delta = delta / 2\n")
    f = tmp_path / "stale.py"
    f.write_text(src)
    r = check_file(FileTask(str(f), ALL))
    stale = [x for x in r.findings if x.code == "BP306"]
    assert stale and stale[0].expected is None and stale[0].move_before is None
    assert _run_fix(str(f)) == 1 and f.read_text() == src
