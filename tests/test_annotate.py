"""`bpscan annotate`: tag comments written through libcst, idempotent, diffable and strippable."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan import annotate
from bpscan.analysis import analyze_source
from bpscan.results import BACKWARD_KINDS, Tag
from bpscan.source import decode_source

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
ARTICLE = "article_numpy_corrected.py"


def run(*args: str, cwd: Path, wide: bool = True) -> subprocess.CompletedProcess[str]:
    """`bpscan annotate`; `wide`: a line-length limit no tag reaches (every tag trailing)."""
    return subprocess.run(
        [sys.executable, "-m", "bpscan", "annotate", *(("--line-length", "1000") if wide else ()), *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


def backward_lines(data: bytes) -> dict[int, set[str]]:
    """Line -> backward kinds that bpscan tags on the statement starting there."""
    out: dict[int, set[str]] = {}
    for t in analyze_source(decode_source(data)).tags:
        if t.kind in BACKWARD_KINDS:
            out.setdefault(t.line, set()).add(t.kind)
    return out


def tag_part(line: bytes) -> str:
    text = line.decode()
    return text[text.index("# bp-tag:"):].rstrip("\r\n")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    target = tmp_path / ARTICLE
    shutil.copyfile(CORPUS / ARTICLE, target)
    return target


def test_annotate_tags_every_backward_line_and_changes_nothing_else(article: Path) -> None:
    original = article.read_bytes()
    expected = backward_lines(original)
    assert len(expected) >= 9  # the article's error, F1, F2, F3 and update statements

    proc = run(article.name, cwd=article.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"{article.name}: {len(expected)} lines tagged"

    new = article.read_bytes()
    old_lines, new_lines = original.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    for number, (old, line) in enumerate(zip(old_lines, new_lines), 1):
        if number not in expected:
            assert line == old, f"line {number} changed"
            continue
        # The user's line (code and `# bp:` comment) is kept whole; the tag comment follows it.
        assert line.startswith(old.rstrip(b"\n") + b"  # bp-tag: "), line
        written = tag_part(line)
        kinds = written[len("# bp-tag: "):].split(":", 1)[0].split()
        assert set(kinds) == expected[number], (number, written)
    # One example spelled out, as a user would read it.
    delta_line = next(ln for ln in new_lines if ln.startswith(b"    delta = oz"))
    assert tag_part(delta_line) == "# bp-tag: F1: delta = f'(z) * error  [layer 2]"
    update_line = next(ln for ln in new_lines if ln.startswith(b"    w1 +="))
    assert tag_part(update_line).endswith("[layer 1, w1]")

    # Still Python, and bpscan sees exactly what it saw before.
    ast.parse(new)
    before, after = analyze_source(decode_source(original)), analyze_source(decode_source(new))
    assert after.tags == before.tags
    assert after.findings == before.findings


def test_second_run_changes_nothing(article: Path) -> None:
    assert run(article.name, cwd=article.parent).returncode == 0
    once = article.read_bytes()
    proc = run(article.name, cwd=article.parent)
    assert proc.returncode == 0
    assert article.read_bytes() == once
    assert "unchanged" in proc.stdout
    assert once.count(b"# bp-tag:") == len(backward_lines(once))


def test_diff_writes_nothing_and_shows_the_additions(article: Path) -> None:
    original = article.read_bytes()
    proc = run("--diff", article.name, cwd=article.parent)
    assert proc.returncode == 0, proc.stderr
    assert article.read_bytes() == original

    diff = proc.stdout.splitlines()
    assert diff[0] == f"--- a/{article.name}" and diff[1] == f"+++ b/{article.name}"
    added = [ln[1:] for ln in diff[2:] if ln.startswith("+")]
    removed = [ln[1:] for ln in diff[2:] if ln.startswith("-")]
    assert len(added) == len(removed) == len(backward_lines(original))
    for old, new in zip(removed, added):
        assert new.startswith(old + "  # bp-tag: ")

    # The diff is exactly what a real write would do.
    assert run(article.name, cwd=article.parent).returncode == 0
    written = article.read_text().splitlines()
    assert all(line in written for line in added)


def test_strip_restores_the_original_bytes(article: Path) -> None:
    original = article.read_bytes()
    assert run(article.name, cwd=article.parent).returncode == 0
    assert article.read_bytes() != original

    diff = run("--strip", "--diff", article.name, cwd=article.parent)
    assert diff.returncode == 0 and diff.stdout.count("\n-") == len(backward_lines(original))

    proc = run("--strip", article.name, cwd=article.parent)
    assert proc.returncode == 0, proc.stderr
    assert article.read_bytes() == original
    assert "tag comments removed" in proc.stdout
    # Stripping a file without tag comments changes nothing.
    assert run("--strip", article.name, cwd=article.parent).returncode == 0
    assert article.read_bytes() == original


def test_crlf_tabs_and_no_final_newline_round_trip(tmp_path: Path) -> None:
    names = ["more_np_outer_xor_crlf_tabs_clean.py", "more_np_einsum_formulas_no_final_newline_clean.py"]
    for name in names:
        shutil.copyfile(CORPUS / name, tmp_path / name)
    proc = run(*names, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in names:
        original, new = (CORPUS / name).read_bytes(), (tmp_path / name).read_bytes()
        assert new.count(b"# bp-tag:") == len(backward_lines(original)) > 0
        assert new.count(b"\r\n") == original.count(b"\r\n")
        assert new.endswith(b"\n") == original.endswith(b"\n")
    assert run("--strip", *names, cwd=tmp_path).returncode == 0
    for name in names:
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes()


SCRIPT = """\
import numpy as np
x = np.random.randn(8, 3); t = np.random.randn(8, 1)
w1 = np.random.randn(3, 4)
w2 = np.random.randn(4, 1)
lr = 0.1
for i in range(10):
    h = np.tanh(x @ w1)
    y = h @ w2
    err = y - t{trailing}
    dw2 = (h.T
           @ err)
    dh = (err @ w2.T) * \\
        (1 - h ** 2)
    dw1 = x.T @ dh  # noqa: E501
    w1 -= lr * dw1; w2 -= lr * dw2
"""


def test_placement_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = SCRIPT.format(trailing="   ")
    path = tmp_path / "train.py"
    path.write_text(source)
    assert annotate.main(["--line-length", "1000", str(path)]) == 0
    lines = path.read_text().splitlines()
    comments = {i: ln[ln.index("# bp-tag:"):] for i, ln in enumerate(lines, 1) if "# bp-tag:" in ln}
    # err: after the user's trailing spaces; dw2: on the first line of a bracketed statement;
    # dh: the first line ends in a backslash, so the tag goes on the next one.
    assert sorted(comments) == [9, 10, 13, 14, 15]
    assert lines[8] == "    err = y - t     # bp-tag: error: error = t - z (or z - t)  [layer 2]"
    assert lines[9].startswith("    dw2 = (h.T  # bp-tag: F3:") and lines[10] == "           @ err)"
    assert comments[13].startswith("# bp-tag: F1 F2:") and comments[13].endswith("[F1 layer 1; F2 layer 2]")
    # An existing comment stays first, so `# noqa` and friends keep working.
    assert lines[13].startswith("    dw1 = x.T @ dh  # noqa: E501  # bp-tag: F3:")
    # Two statements on one line share one comment naming both parameters.
    assert comments[15].startswith("# bp-tag: update:") and comments[15].endswith("[layer 1, w1; layer 2, w2]")
    ast.parse(path.read_text())

    assert annotate.main(["--strip", str(path)]) == 0
    assert path.read_text() == source


def test_stale_and_hand_edited_tag_comments_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(SCRIPT.format(trailing=""))
    assert annotate.main(["--line-length", "1000", str(path)]) == 0
    good = path.read_text()
    # A tag comment left on a line that no longer starts a backward statement, and a tampered one.
    stale = good.replace("lr = 0.1\n", "lr = 0.1  # bp-tag: update: old\n").replace(
        "# bp-tag: F3: dW = a^T . delta  [layer 1, w1]", "# bp-tag: F9: nonsense")
    path.write_text(stale)
    assert annotate.main(["--line-length", "1000", str(path)]) == 0
    assert path.read_text() == good


def test_unanalysable_files_are_reported_and_left_alone(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("def f(:\n    pass\n")
    py2 = tmp_path / "py2.py"
    shutil.copyfile(CORPUS / "more_py2_script_dict_tanh_bce_clean.py", py2)
    good = tmp_path / ARTICLE
    shutil.copyfile(CORPUS / ARTICLE, good)

    proc = run(broken.name, py2.name, good.name, cwd=tmp_path)
    assert proc.returncode == 0
    errors = proc.stderr.splitlines()
    assert len(errors) == 2, proc.stderr
    assert errors[0].startswith("bpscan annotate: broken.py: not annotated: syntax error at line 1")
    assert errors[1].startswith("bpscan annotate: py2.py: not annotated: libcst cannot parse it")
    assert "Traceback" not in proc.stderr
    assert broken.read_text() == "def f(:\n    pass\n"
    assert py2.read_bytes() == (CORPUS / "more_py2_script_dict_tanh_bce_clean.py").read_bytes()
    assert b"# bp-tag:" in good.read_bytes()  # the other files are still annotated


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(cwd=tmp_path).returncode == 2
    missing = run("nope.py", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.py: no such file" in missing.stderr
    assert run("--bogus", "x.py", cwd=tmp_path).returncode == 2
    assert run(".", cwd=tmp_path).returncode == 2


def test_help_documents_the_marker(tmp_path: Path) -> None:
    proc = run("--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert "# bp-tag:" in proc.stdout and "--strip" in proc.stdout and "--diff" in proc.stdout


def test_import_does_not_load_libcst() -> None:
    code = "import sys, bpscan.annotate; print('libcst' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"


def test_comment_text_merges_kinds_in_formula_order() -> None:
    tags = [Tag(5, 5, "update", "1", "w1"), Tag(5, 5, "F3", "1", "w1")]
    # the sign is claimed only where the model established that the layer descends
    assert "sign agrees" not in annotate.tag_comment(tags)
    assert annotate.tag_comment(tags, descending=lambda t: True) == (
        "# bp-tag: F3 update: dW = a^T . delta; W -= lr * dW (sign agrees with the error)  [layer 1, w1]"
    )
    assert annotate.tag_comment([Tag(3, 3, "F1", None, None, "low")]) == (
        "# bp-tag: F1: delta = f'(z) * error  [unsure]"
    )


BP201_FILE = "upd_bug_np_row_t_minus_y_descent_sign.py"


def test_a_statement_with_a_finding_says_so_and_never_claims_the_sign(tmp_path: Path) -> None:
    target = tmp_path / BP201_FILE
    shutil.copyfile(CORPUS / BP201_FILE, target)
    proc = run(target.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = target.read_text().splitlines()
    update = next(ln for ln in lines if ln.startswith("    w1 -= lr * dw1"))
    tag = update[update.index("# bp-tag:"):]
    assert tag == "# bp-tag: update [layer 1, w1] — BP201 ascent-update: expected w1 += lr * dw1"
    assert "sign agrees" not in target.read_text()
    # the clean twin of the article: its updates descend, and the tag says what was checked
    article = tmp_path / ARTICLE
    shutil.copyfile(CORPUS / ARTICLE, article)
    assert run(article.name, cwd=tmp_path).returncode == 0
    assert "update: W -= lr * dW (sign agrees with the error)  [layer 1, w1]" in article.read_text()


def test_every_finding_line_is_tagged_with_its_code(tmp_path: Path) -> None:
    for name in ("article_numpy_prose_updates.py", "article_torch_published.py", BP201_FILE):
        target = tmp_path / name
        shutil.copyfile(CORPUS / name, target)
        assert run(name, cwd=tmp_path).returncode == 0
        lines = target.read_text().splitlines()
        for f in analyze_source(decode_source((CORPUS / name).read_bytes())).findings:
            if f.confidence != "high":
                continue
            line = lines[f.line - 1]
            assert f"{f.code} {f.name}" in line, (name, f.line, line)
            assert "sign agrees" not in line


def test_long_tags_go_above_and_style_above_puts_all_there(tmp_path: Path) -> None:
    target = tmp_path / BP201_FILE
    original = (CORPUS / BP201_FILE).read_bytes()
    target.write_bytes(original)
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 79\n")
    assert run(target.name, cwd=tmp_path, wide=False).returncode == 0
    lines = target.read_text().splitlines()
    assert all(len(ln) <= 79 for ln in lines if "# bp-tag:" in ln and not ln.lstrip().startswith("#"))
    above = [i for i, ln in enumerate(lines) if ln.lstrip().startswith("# bp-tag: update [layer 1, w1]")]
    assert above and lines[above[0] + 1].startswith("    w1 -= lr * dw1")
    assert lines[above[0]].startswith("    # bp-tag:")  # at the statement's indentation
    once = target.read_bytes()
    assert run(target.name, cwd=tmp_path, wide=False).returncode == 0
    assert target.read_bytes() == once  # idempotent
    assert run("--strip", target.name, cwd=tmp_path).returncode == 0
    assert target.read_bytes() == original

    (tmp_path / "pyproject.toml").write_text('[tool.bpscan]\nannotate-style = "above"\n')
    assert run(target.name, cwd=tmp_path, wide=False).returncode == 0
    lines = target.read_text().splitlines()
    assert not [ln for ln in lines if "# bp-tag:" in ln and not ln.lstrip().startswith("# bp-tag:")]
    assert sum("# bp-tag:" in ln for ln in lines) >= 10
    assert run("--strip", target.name, cwd=tmp_path).returncode == 0
    assert target.read_bytes() == original


def test_above_keeps_crlf_and_tabs(tmp_path: Path) -> None:
    name = "more_np_outer_xor_crlf_tabs_clean.py"
    shutil.copyfile(CORPUS / name, tmp_path / name)
    assert run("--style", "above", name, cwd=tmp_path).returncode == 0
    new = (tmp_path / name).read_bytes()
    tags = [ln for ln in new.split(b"\r\n") if b"# bp-tag:" in ln]
    assert tags and all(ln.lstrip(b"\t").startswith(b"# bp-tag:") and ln.startswith(b"\t") for ln in tags)
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert run("--strip", name, cwd=tmp_path).returncode == 0
    assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes()


def test_annotate_settings_are_validated(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.bpscan]\nannotate-style = "sideways"\n')
    shutil.copyfile(CORPUS / ARTICLE, tmp_path / ARTICLE)
    proc = run(ARTICLE, cwd=tmp_path, wide=False)
    assert "annotate-style" in proc.stderr
    assert (tmp_path / ARTICLE).read_bytes() == (CORPUS / ARTICLE).read_bytes()
