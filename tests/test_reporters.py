"""What each output format shows a user, on hand-built results for the article's NumPy example."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bpscan.registry import RuleInfo
from bpscan.reporters import FORMATS, ReportContext, get_reporter
from bpscan.results import FileResult, Finding, Layer, Related, Tag
from bpscan.serialize import result_from_dict, result_to_dict, results_from_json

# The seed article's two-layer NumPy net, with the second update written as the prose has it.
ARTICLE = """\
import numpy as np


def relu(x):
    return np.maximum(x, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


x = np.random.randn(64, 10)
t = (x[:, :1] > 0).astype(float)
w1 = np.random.randn(10, 16) * 0.3
w2 = np.random.randn(16, 1) * 0.3
learning_rate = 1e-2

for i in range(500):
    hy = x.dot(w1)
    hz = relu(hy)
    oy = hz.dot(w2)
    oz = sigmoid(oy)
    L = np.square(t - oz).sum()

    error = t - oz
    delta = oz * (1 - oz) * error
    dw2 = hz.T.dot(delta)
    error_h = delta.dot(w2.T)
    delta_h = error_h.copy()
    delta_h[hy < 0] = 0
    dw1 = x.T.dot(delta_h)

    w1 += learning_rate * dw1
    w2 -= learning_rate * dw2
"""


def line_of(snippet: str, source: str = ARTICLE) -> int:
    """1-based line of the only line containing `snippet`."""
    hits = [i for i, text in enumerate(source.splitlines(), start=1) if snippet in text]
    assert len(hits) == 1, (snippet, hits)
    return hits[0]


def _span(snippet: str) -> tuple[int, int, int]:
    """(line, first column, column after the end), 1-based, of the statement on that line."""
    n = line_of(snippet)
    text = ARTICLE.splitlines()[n - 1]
    start = len(text) - len(text.lstrip()) + 1
    return n, start, len(text) + 1


L = {
    "hy": line_of("hy = x.dot(w1)"),
    "hz": line_of("hz = relu(hy)"),
    "oy": line_of("oy = hz.dot(w2)"),
    "oz": line_of("oz = sigmoid(oy)"),
    "loss": line_of("L = np.square"),
    "error": line_of("error = t - oz"),
    "delta": line_of("delta = oz *"),
    "dw2": line_of("dw2 = hz.T"),
    "error_h": line_of("error_h = delta.dot"),
    "copy": line_of("delta_h = error_h.copy()"),
    "mask": line_of("delta_h[hy < 0] = 0"),
    "dw1": line_of("dw1 = x.T"),
    "up1": line_of("w1 += learning_rate"),
    "up2": line_of("w2 -= learning_rate"),
}

TAGS = (
    Tag(L["hy"], L["hy"], "linear", "layer 1", "w1"),
    Tag(L["hz"], L["hz"], "activation", "layer 1"),
    Tag(L["oy"], L["oy"], "linear", "layer 2", "w2"),
    Tag(L["oz"], L["oz"], "activation", "layer 2"),
    Tag(L["loss"], L["loss"], "loss"),
    Tag(L["error"], L["error"], "error", "layer 2"),
    Tag(L["delta"], L["delta"], "F1", "layer 2"),
    Tag(L["dw2"], L["dw2"], "F3", "layer 2", "w2"),
    Tag(L["error_h"], L["error_h"], "F2", "layer 2", "w2"),
    Tag(L["copy"], L["copy"], "F1", "layer 1"),
    Tag(L["mask"], L["mask"], "F1", "layer 1"),
    Tag(L["dw1"], L["dw1"], "F3", "layer 1", "w1"),
    Tag(L["up1"], L["up1"], "update", "layer 1", "w1"),
    Tag(L["up2"], L["up2"], "update", "layer 2", "w2"),
)

LAYERS = (
    Layer("layer 1", "w1", None, "x", "hy", "relu", "hz", "row", L["hy"],
          f1=(L["copy"], L["mask"]), f2=(), f3=(L["dw1"],), update=(L["up1"],), direction="descent"),
    Layer("layer 2", "w2", None, "hz", "oy", "sigmoid", "oz", "row", L["oy"],
          f1=(L["delta"],), f2=(L["error_h"],), f3=(L["dw2"],), update=(L["up2"],), direction="ascent"),
)

_line, _col, _end = _span("w2 -= learning_rate")
ASCENT = Finding(
    code="BP201",
    name="ascent-update",
    severity="error",
    line=_line,
    column=_col,
    end_line=_line,
    end_column=_end,
    message="`w2 -= learning_rate * dw2` ascends the loss: dw2 is already the negative gradient",
    expected=f"w2 += learning_rate * dw2, because error = t - oz (line {L['error']}) "
             "makes dw2 the negative gradient",
    related=(
        Related(L["error"], "the output error is target minus output (t - oz)"),
        Related(L["dw2"], "dw2 is built from that error"),
    ),
)

NOTE = "could not tell whether `learning_rate` is positive; assumed it is"

ARTICLE_RESULT = FileResult(
    path="examples/article_numpy.py",
    layers=LAYERS,
    tags=TAGS,
    findings=(ASCENT,),
    notes=(NOTE,),
    source=ARTICLE,
)

# The same script with w1's update deleted: the reviewer must see a missing update.
_NO_UP1 = "\n".join(line for line in ARTICLE.splitlines() if "w1 += learning_rate" not in line) + "\n"
_hy_text = ARTICLE.splitlines()[L["hy"] - 1]
MISSING = Finding(
    code="BP101",
    name="missing-update",
    severity="error",
    line=L["hy"],
    column=len(_hy_text) - len(_hy_text.lstrip()) + 1,
    end_line=L["hy"],
    end_column=len(_hy_text) + 1,
    message="w1 is used in the forward pass but never updated",
    expected="w1 += learning_rate * dw1",
    related=(Related(L["dw1"], "its gradient dw1 is computed here"),),
)
MISSING_RESULT = FileResult(
    path="examples/article_no_w1_update.py",
    layers=(replace(LAYERS[0], update=(), direction=None), LAYERS[1]),
    tags=tuple(t for t in TAGS if t.line != L["up1"]),
    findings=(MISSING,),
    source=_NO_UP1,
)

CLEAN_RESULT = FileResult(path="examples/data_loading.py", source="import csv\n")
ERROR_RESULT = FileResult(path="examples/broken.py",
                          error="invalid syntax at line 3, column 9: `def f(:`")

# A notebook: lines are numbered within cells, cells from 1 among all cells.
NOTEBOOK_RESULT = FileResult(
    path="notebooks/train.ipynb",
    tags=(
        Tag(2, 2, "error", "layer 1", None, "high", 4),
        Tag(3, 3, "F3", "layer 1", "W", "low", 4),
        Tag(4, 4, "update", "layer 1", "W", "high", 4),
    ),
    findings=(
        Finding("BP201", "ascent-update", "error", 4, 1, 4, 16, "`W -= lr * dW` ascends the loss",
                expected="W += lr * dW", related=(Related(2, "error = y - out", 4),), cell=4),
    ),
)


def article_rule() -> RuleInfo:
    doc = (
        "Update that ascends the loss.\n\n"
        "## What it does\nChecks that each update's sign agrees with the output error's orientation.\n\n"
        "## Why is this bad\nWith `error = t - y` the gradients are negative gradients; `-=` climbs.\n\n"
        "## Example\n```python\nerror = t - y\nw -= lr * dw\n```\n\n"
        "## Use instead\n```python\nerror = t - y\nw += lr * dw\n```\n"
    )
    return RuleInfo("BP201", "ascent-update", "error", "Update that ascends the loss.", doc,
                    "bpscan.rules.bp201", lambda model: ())


# The layout the rule modules' docstrings use: `Title:` then an indented body.
INDENTED_DOC = """A trained parameter is used in the forward pass but never updated.

What it does:
    Finds weights used in the forward pass that no statement
    of the training step changes.

Example:
    for step in range(10):
        out = x @ w1 @ w2
        w2 -= lr * x.T @ (out - t)

Use instead:
    for step in range(10):
        out = x @ w1 @ w2
        w1 -= lr * dw1
        w2 -= lr * dw2
"""


def missing_rule() -> RuleInfo:
    return RuleInfo("BP101", "missing-update", "error",
                    "A trained parameter is used in the forward pass but never updated.",
                    INDENTED_DOC, "bpscan.rules.bp101", lambda model: ())


def render(fmt: str, results, **ctx) -> str:
    return get_reporter(fmt)(results, ReportContext(**ctx))


# --------------------------------------------------------------------------- registry of formats


def test_every_format_is_available_and_unknown_ones_are_refused() -> None:
    assert FORMATS == ("concise", "full", "json", "sarif", "github", "html")
    for fmt in FORMATS:
        assert callable(get_reporter(fmt))
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        get_reporter("xml")


# --------------------------------------------------------------------------- concise


def test_concise_prints_one_line_per_finding_and_error_then_a_summary() -> None:
    out = render("concise", [ARTICLE_RESULT, CLEAN_RESULT, ERROR_RESULT])
    assert out.splitlines() == [
        f"examples/article_numpy.py:{L['up2']}:5: BP201 ascent-update "
        "`w2 -= learning_rate * dw2` ascends the loss: dw2 is already the negative gradient",
        "examples/broken.py: error: invalid syntax at line 3, column 9: `def f(:`",
        "Found 1 finding in 3 files (1 could not be analysed).",
    ]


def test_concise_names_notebook_cells() -> None:
    out = render("concise", [NOTEBOOK_RESULT])
    assert out.splitlines()[0] == (
        "notebooks/train.ipynb:cell 4:line 4:1: BP201 ascent-update `W -= lr * dW` ascends the loss"
    )


def test_concise_summary_when_everything_is_clean() -> None:
    assert render("concise", [CLEAN_RESULT, CLEAN_RESULT]) == "All checked: no findings in 2 files.\n"


def test_concise_keeps_a_multiline_message_on_one_line() -> None:
    odd = replace(ARTICLE_RESULT, findings=(replace(ASCENT, message="first\nsecond"),))
    assert render("concise", [odd]).splitlines()[0].endswith("BP201 ascent-update first second")


def test_concise_colours_only_when_asked() -> None:
    assert "\033[" not in render("concise", [ARTICLE_RESULT])
    coloured = render("concise", [ARTICLE_RESULT], color=True)
    assert "\033[31m" in coloured  # the error code in red
    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == render("concise", [ARTICLE_RESULT])


def test_concise_does_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from bpscan.reporters import get_reporter, ReportContext\n"
        "from bpscan.results import FileResult, Finding\n"
        "f = Finding('BP201', 'ascent-update', 'error', 3, 5, 3, 9, 'm')\n"
        "print(get_reporter('concise')([FileResult('a.py', findings=(f,))], ReportContext()), end='')\n"
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["a.py:3:5: BP201 ascent-update m", "Found 1 finding in 1 file.", "[]"]


# --------------------------------------------------------------------------- full


def _full(results, **ctx) -> str:
    ctx.setdefault("width", 120)
    return render("full", results, **ctx)


def _row(out: str, number: int, mark: str = "") -> str:
    """The listing row of line `number` that starts with `mark` (after indentation)."""
    pattern = re.compile(rf"^\s*{re.escape(mark)}\s*{number} │ ")
    rows = [line for line in out.splitlines() if pattern.match(line)]
    assert rows, f"no row {mark!r} {number} in:\n{out}"
    return rows[0]


def test_full_shows_the_finding_with_its_code_marked_expected_related_and_rule_pointer() -> None:
    out = _full([ARTICLE_RESULT])
    assert f"BP201 ascent-update  error  examples/article_numpy.py:{L['up2']}:5" in out
    assert "ascends the loss: dw2 is already the negative gradient" in out
    # The offending line is marked ❱, the related lines •, the context lines not at all.
    assert _row(out, L["up2"], "❱").endswith("w2 -= learning_rate * dw2")
    assert _row(out, L["error"], "•").endswith("error = t - oz")
    assert _row(out, L["dw2"], "•").endswith("dw2 = hz.T.dot(delta)")
    assert _row(out, L["up1"]).endswith("w1 += learning_rate * dw1")
    assert not re.search(rf"[❱•]\s*{L['up1']} │", out)
    assert f"expected: w2 += learning_rate * dw2, because error = t - oz (line {L['error']})" in out
    assert f"• line {L['error']}: the output error is target minus output (t - oz)" in out
    assert "bpscan rule BP201" in out


def test_full_source_gutter_shows_each_statements_tags() -> None:
    out = _full([ARTICLE_RESULT])
    listing = out[out.index("source with formula tags"):]
    assert re.search(rf"update \[w2\]\s+BP201\s+{L['up2']} │ +w2 -= learning_rate", listing)
    assert re.search(rf"F3 \[w2\]\s+{L['dw2']} │ +dw2 = hz.T.dot\(delta\)", listing)
    assert re.search(rf"F2 \[w2\]\s+{L['error_h']} │ +error_h = ", listing)
    assert re.search(rf"error \[layer 2\]\s+{L['error']} │ +error = t - oz", listing)
    assert re.search(rf"F1 \[layer 1\]\s+{L['mask']} │ +delta_h\[hy < 0\] = 0", listing)
    # Untagged helper definitions far from the training code are elided, not listed.
    assert "lines without tags" in listing
    assert "def relu" not in listing


def test_full_source_listing_can_be_turned_off() -> None:
    out = _full([ARTICLE_RESULT], show_source=False)
    assert "source with formula tags" not in out
    assert "❱" in out  # the finding's own excerpt stays


def _ledger_row(out: str, layer: str) -> str:
    ledger = out[out.index("layers (forward order"):]
    return next(line for line in ledger.splitlines() if line.strip().startswith(layer))


def test_full_ledger_shows_lines_per_formula_and_the_update_direction() -> None:
    out = _full([ARTICLE_RESULT])
    header = next(line for line in out.splitlines() if "activation" in line and "direction" in line)
    # every layer is row convention: said once in the title, not in a column
    assert "layers (forward order, row convention)" in out
    assert header.split() == ["layer", "weight", "input", "activation",
                              "F1", "F2", "F3", "update", "direction"]
    row2 = _ledger_row(out, "layer 2")
    assert f"✓ {L['delta']}" in row2 and f"✓ {L['error_h']}" in row2
    assert f"✗ BP201 {L['up2']}" in row2  # the update is there, but it is the flagged one
    assert row2.rstrip().endswith("ascent")
    row1 = _ledger_row(out, "layer 1")
    assert f"✓ {L['copy']}, {L['mask']}" in row1
    assert row1.rstrip().endswith("descent")
    # Layer 1 reads the data x: no error needs sending back through w1, so no ✗ for its F2.
    assert "–" in row1 and "✗" not in row1


def test_full_ledger_marks_a_missing_update() -> None:
    out = _full([MISSING_RESULT])
    row1 = _ledger_row(out, "layer 1")
    assert "✗" in row1
    assert row1.rstrip().endswith("never updated")
    assert "BP101 missing-update" in out
    assert "✗" not in _ledger_row(out, "layer 2")


def test_full_ledger_marks_a_missing_f2_on_a_hidden_layer() -> None:
    # The model may give a layer's input as an expression; F2 is still owed by every layer but the first.
    layer2 = replace(LAYERS[1], input="clip(hy, 0)", f2=())
    out = _full([replace(ARTICLE_RESULT, layers=(LAYERS[0], layer2))])
    row2 = _ledger_row(out, "layer 2")
    assert re.search(rf"✓ {L['delta']}\s+✗\s+✓ {L['dw2']}", row2), row2  # F1, F2 missing, F3
    assert "✗" not in _ledger_row(out, "layer 1")


def test_full_shows_what_the_model_was_unsure_of() -> None:
    out = _full([ARTICLE_RESULT, NOTEBOOK_RESULT], detail=True)
    assert "uncertain" in out
    assert NOTE in out
    # A low-confidence tag is flagged as a guess.
    assert "notebooks/train.ipynb:cell 4:line 3: the F3 tag is a guess (confidence: low)" in out


def test_full_reports_unreadable_and_empty_files_and_summarises() -> None:
    out = _full([ARTICLE_RESULT, CLEAN_RESULT, ERROR_RESULT], detail=True)
    assert "examples/broken.py  could not be analysed" in out
    assert "error: invalid syntax at line 3, column 9" in out
    assert "examples/data_loading.py  no findings" in out
    assert "no training code found" in out
    assert "1 × BP201 ascent-update" in out
    assert out.rstrip().endswith("Found 1 finding in 3 files (1 could not be analysed).")


def test_full_plain_has_no_escape_codes_and_colour_has_them() -> None:
    plain = _full([ARTICLE_RESULT])
    assert "\033[" not in plain
    coloured = _full([ARTICLE_RESULT], color=True)
    assert "\033[" in coloured
    assert re.sub(r"\033\[[0-9;]*m", "", coloured).count("❱") == plain.count("❱")


def test_full_respects_the_width() -> None:
    out = _full([ARTICLE_RESULT], width=60)
    assert max(len(line) for line in out.splitlines()) <= 60


def test_full_notebook_excerpt_uses_cell_numbers(tmp_path, monkeypatch) -> None:
    nb = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Training"},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": "import numpy as np\n%matplotlib inline"},
            {"cell_type": "markdown", "metadata": {}, "source": "Backward pass:"},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": "out = x @ W\nerror = y - out\ndW = x.T @ error\nW -= lr * dW"},
        ],
    }
    # a short relative path, so the location line fits the width whatever the temporary
    # directory is called (pytest-xdist workers add a level)
    monkeypatch.chdir(tmp_path)
    path = Path("train.ipynb")
    path.write_text(json.dumps(nb), encoding="utf-8")
    from bpscan.source import load_program

    program = load_program(str(path))
    result = replace(NOTEBOOK_RESULT, path=str(path), source=program.text)
    out = _full([result])
    assert "cell 4" in out
    assert _row(out, 4, "❱").endswith("W -= lr * dW")
    assert _row(out, 2, "•").endswith("error = y - out")
    assert f"{path}:cell 4:line 4:1" in out


def test_full_without_source_still_reports_the_finding() -> None:
    out = _full([replace(ARTICLE_RESULT, source=None)])
    assert "BP201 ascent-update" in out and "expected: w2 += learning_rate" in out
    assert "❱" not in out


# --------------------------------------------------------------------------- json


def test_json_round_trips_every_result() -> None:
    results = [ARTICLE_RESULT, MISSING_RESULT, CLEAN_RESULT, ERROR_RESULT, NOTEBOOK_RESULT]
    doc = json.loads(render("json", results))
    assert doc["version"] == 2
    assert [f["path"] for f in doc["files"]] == [r.path for r in results]
    assert results_from_json(doc) == results
    for r in results:
        assert result_from_dict(json.loads(json.dumps(result_to_dict(r)))) == r


def test_json_finding_carries_span_expected_related_and_cell() -> None:
    doc = json.loads(render("json", [ARTICLE_RESULT, NOTEBOOK_RESULT]))
    f = doc["files"][0]["findings"][0]
    assert (f["code"], f["name"], f["severity"], f["line"], f["column"]) == (
        "BP201", "ascent-update", "error", L["up2"], 5)
    assert f["expected"].startswith("w2 += learning_rate * dw2")
    assert f["related"][0] == {"line": L["error"], "message": ASCENT.related[0].message, "cell": None,
                               "path": None}
    assert doc["files"][1]["findings"][0]["cell"] == 4
    layer = doc["files"][0]["layers"][1]
    assert layer["update"] == [L["up2"]] and layer["direction"] == "ascent"


# --------------------------------------------------------------------------- github


def test_github_annotation_format() -> None:
    out = render("github", [ARTICLE_RESULT, ERROR_RESULT])
    lines = out.splitlines()
    assert lines[0].startswith(
        f"::error file=examples/article_numpy.py,line={L['up2']},col=5,endLine={L['up2']},"
        f"endColumn={ASCENT.end_column},title=BP201 ascent-update::"
    )
    message = lines[0].split("::", 2)[2]
    assert message.startswith("`w2 -= learning_rate * dw2` ascends the loss")
    assert "%0Aexpected: w2 += learning_rate * dw2" in message
    assert f"%0Aline {L['error']}%3A" not in message  # ':' is escaped only in properties
    assert f"%0Aline {L['error']}: the output error" in message
    assert message.endswith("%0A(bpscan rule BP201)")
    assert lines[1] == ("::error file=examples/broken.py,title=bpscan::could not be analysed: "
                        "invalid syntax at line 3, column 9: `def f(:`")
    assert lines[-1] == "Found 1 finding in 2 files (1 could not be analysed)."


def test_github_escapes_data_and_properties() -> None:
    from bpscan.reporters.github import command, escape_data, escape_property

    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    cmd = command("warning", "ratio 3:1, 50%", file="dir,1/we:ird.py", title="BP102 unused-gradient")
    assert cmd == "::warning file=dir%2C1/we%3Aird.py,title=BP102 unused-gradient::ratio 3:1, 50%25"


def test_github_severity_and_notebook_cells() -> None:
    info = replace(ASCENT, severity="info", code="BP999", name="some-note")
    warn = replace(ASCENT, severity="warning", line=ASCENT.line + 1, end_line=ASCENT.line + 1)
    out = render("github", [replace(ARTICLE_RESULT, findings=(info, warn)), NOTEBOOK_RESULT])
    lines = out.splitlines()
    assert lines[0].startswith("::notice ") and lines[1].startswith("::warning ")
    nb = lines[2]
    # A cell's line is not a line of the .ipynb file: no line= but the cell named in the message.
    assert nb.startswith("::error file=notebooks/train.ipynb,title=BP201 ascent-update::cell 4, line 4: ")
    assert "line=" not in nb.split("::")[1]


# --------------------------------------------------------------------------- rule docs


def test_rule_doc_plain_and_coloured() -> None:
    from bpscan.reporters.ruledoc import render_rule

    info = article_rule()
    plain = render_rule(info, color=False)
    assert plain.startswith("BP201 ascent-update (error)\n")
    assert "## Why is this bad" in plain and "w += lr * dw" in plain
    coloured = render_rule(info, color=True)
    assert "\033[" in coloured
    stripped = re.sub(r"\033\[[0-9;]*m", "", coloured)
    assert "BP201 ascent-update (error)" in stripped
    assert "Why is this bad" in stripped and "## Why" not in stripped  # rendered, not raw
    assert "w += lr * dw" in stripped


def test_rule_doc_sections_become_markdown_headings_and_code_blocks() -> None:
    from bpscan.reporters.ruledoc import doc_to_markdown, render_rule

    md = doc_to_markdown(INDENTED_DOC)
    assert "## What it does\n\nFinds weights used in the forward pass that no statement\n" in md
    assert "## Example\n\n```python\nfor step in range(10):\n    out = x @ w1 @ w2\n" in md
    assert md.count("```python") == 2
    assert doc_to_markdown(article_rule().doc) == article_rule().doc  # Markdown already

    stripped = re.sub(r"\033\[[0-9;]*m", "", render_rule(missing_rule(), color=True, width=80))
    lines = [line.strip() for line in stripped.splitlines()]
    # The example's statements stay one per line (as code), not run together as prose.
    assert "out = x @ w1 @ w2" in lines and "w2 -= lr * x.T @ (out - t)" in lines
    assert "What it does" in lines and "What it does:" not in stripped
    # Without colour the docstring is shown as written.
    assert render_rule(missing_rule(), color=False).endswith(INDENTED_DOC.strip() + "\n")


def test_rule_list_aligns_codes_names_and_summaries() -> None:
    from bpscan.reporters.ruledoc import render_rule_list

    other = RuleInfo("BP101", "missing-update", "error", "A trained parameter is never updated.",
                     "A trained parameter is never updated.", "bpscan.rules.bp101", lambda m: ())
    out = render_rule_list([other, article_rule()])
    lines = out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "SUMMARY"]
    assert lines[1] == "BP101  missing-update  error     A trained parameter is never updated."
    assert lines[2] == "BP201  ascent-update   error     Update that ascends the loss."
    assert "bpscan rule CODE" in out
    assert render_rule_list([]) == "No rules are registered.\n"


# --------------------------------------------------------------------------- issue 18: ledger, compact view


def _real(name: str):
    from bpscan import engine
    from bpscan.config import enabled_codes

    return engine.run([engine.FileTask(str(Path(__file__).resolve().parents[1] / "corpus" / name),
                                       enabled_codes([]))])[0]


def test_ledger_shows_the_code_of_a_finding_on_a_formula_not_a_check() -> None:
    # the article's script with the prose's updates: BP302 on layer 1's F1 mask, BP201 on both updates
    r = _real("article_numpy_prose_updates.py")
    lines = {f.code: [g.line for g in r.findings if g.code == f.code] for f in r.findings}
    out = _full([r], width=80)
    row1, row2 = _ledger_row(out, "1 "), _ledger_row(out, "2 ")
    assert f"✗ BP302 {lines['BP302'][0]}" in row1
    assert "✗ BP201" in row1 and "✗ BP201" in row2
    for n in lines["BP201"] + lines["BP302"]:
        assert f"✓ {n}" not in out[out.index("layers (forward order"):]
    assert "✓ 45" in row1  # F3 of w1 is present and nothing sits on it


def test_ledger_fits_80_columns_without_breaking_words() -> None:
    for name in ("article_numpy_prose_updates.py", "cls_two_layer_net_self_grads_buggy_wrong_input.py",
                 "dictL_tanh_softmax_fstring_keys_buggy_dW_no_transpose.py"):
        out = _full([_real(name)], width=80)
        ledger = out[out.index("layers (forward order"):out.index("summary")]
        assert max(len(line) for line in ledger.splitlines()) <= 80
        header = next(line for line in ledger.splitlines() if line.strip().startswith("layer "))
        assert header.split()[:3] == ["layer", "weight", "input"] and header.split()[-1] in ("direction", "dir.")
        # what a mid-word break leaves behind ("weigh/t", "desce/nt", "self./W1")
        fragments = {"weigh", "desce", "descen", "ascen", "directio", "direct", "activatio", "updat",
                     "self.", "self.W", "nt", "t", "n"}
        tokens = {token for line in ledger.splitlines() for token in line.split()}
        assert not tokens & fragments, (tokens & fragments, ledger)


def test_ledger_names_a_layer_input_by_the_users_name() -> None:
    layer2 = replace(LAYERS[1], input="clip(add(matmul(x, w1), b1), 0.0)")
    out = _full([replace(ARTICLE_RESULT, layers=(LAYERS[0], layer2))])
    row2 = _ledger_row(out, "layer 2") if "layer 2" in out else _ledger_row(out, "2 ")
    assert "matmul" not in out and "clip(" not in out
    assert f" {LAYERS[0].output} " in row2


def test_full_view_is_compact_for_several_files_unless_asked() -> None:
    other = replace(ARTICLE_RESULT, path="examples/other.py")
    compact = _full([ARTICLE_RESULT, other, CLEAN_RESULT, ERROR_RESULT])
    assert "source with formula tags" not in compact and "layers (forward order" not in compact
    assert "examples/data_loading.py" not in compact  # a clean file takes no line
    assert "examples/broken.py: could not be analysed: invalid syntax" in compact
    assert compact.count("❱") == 2 and compact.count(" │ ") == 2
    detailed = _full([ARTICLE_RESULT, other], detail=True)
    assert detailed.count("source with formula tags") == 2
    single = _full([ARTICLE_RESULT])
    assert "source with formula tags" in single
    quiet = _full([ARTICLE_RESULT, other], quiet=True)
    assert "Found" not in quiet and "summary" not in quiet and quiet.count("BP201 ascent-update") == 2
