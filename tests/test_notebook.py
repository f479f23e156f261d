"""Notebooks are read as one program of their code cells, IPython syntax blanked, lines mapped back to cells."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from bpscan.notebook import blank_ipython, notebook_from_text
from bpscan.source import Program, SourceError, load_program, parse_python

REPO = Path(__file__).resolve().parents[1]

TRAINING_CELLS = [
    ("markdown", "# A two-layer network\nTrained by hand."),
    ("code", "%matplotlib inline\nimport numpy as np\n!pip install tqdm\nnp.random.seed(0)"),
    ("code", "X = np.random.randn(8, 2)\nT = (X[:, :1] > 0).astype(float)\nW1 = np.random.randn(2, 4)\nW2 = np.random.randn(4, 1)\n"),
    ("markdown", "Now the loop."),
    (
        "code",
        "%%time\n"
        "for step in range(100):\n"
        "    H = np.tanh(X @ W1)\n"
        "    Y = 1 / (1 + np.exp(-H @ W2))\n"
        "    !echo step\n"
        "    E = T - Y\n"
        "    D2 = Y * (1 - Y) * E\n"
        "    D1 = (1 - H ** 2) * (D2 @ W2.T)\n"
        "    W2 += 0.1 * H.T @ D2\n"
        "    W1 += 0.1 * X.T @ D1",
    ),
    ("raw", "not code"),
    ("code", "files = !ls\nnp.dot?\n?np.dot\n%time loss = float(((T - Y) ** 2).mean())\nprint(loss)"),
]


def _notebook(cells: list[tuple[str, str]], **metadata: object) -> str:
    nb = nbformat.v4.new_notebook()
    makers = {
        "code": nbformat.v4.new_code_cell,
        "markdown": nbformat.v4.new_markdown_cell,
        "raw": nbformat.v4.new_raw_cell,
    }
    nb.cells = [makers[kind](source) for kind, source in cells]
    nb.metadata.update(metadata)
    return nbformat.writes(nb)


def _write(tmp_path: Path, text: str, name: str = "train.ipynb") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _line_of(program: Program, needle: str) -> int:
    return program.text.split("\n").index(needle) + 1


def test_code_cells_become_one_program_with_cell_lines(tmp_path: Path) -> None:
    program = load_program(_write(tmp_path, _notebook(TRAINING_CELLS)))
    tree, notes = parse_python(program.text)
    assert notes == ()
    # Cells are counted among ALL cells: markdown cell 1, code cells 2, 3, 5 and 7.
    assert program.cell_line(_line_of(program, "import numpy as np")) == (2, 2)
    assert program.cell_line(_line_of(program, "W2 = np.random.randn(4, 1)")) == (3, 4)
    assert program.cell_line(_line_of(program, "    W1 += 0.1 * X.T @ D1")) == (5, 10)
    assert program.cell_line(_line_of(program, "print(loss)")) == (7, 5)
    assert program.cell_of_line is not None and len(program.cell_of_line) == len(program.text.split("\n")) - 1
    assert {cell for cell, _ in program.cell_of_line} == {2, 3, 5, 7}
    # Each statement's line maps to the cell line that holds its text.
    cells = {i: src.split("\n") for i, (kind, src) in enumerate(TRAINING_CELLS, start=1)}
    for node in ast.walk(tree):
        if isinstance(node, ast.AugAssign):
            cell, line = program.cell_line(node.lineno)  # type: ignore[misc]
            assert cells[cell][line - 1].strip() == ast.get_source_segment(program.text, node)


def test_magics_and_shell_escapes_are_blanked_line_for_line(tmp_path: Path) -> None:
    program = load_program(_write(tmp_path, _notebook(TRAINING_CELLS)))
    lines = program.text.split("\n")
    assert "%" not in program.text.replace("% ", "") and "!" not in program.text and "?" not in program.text
    assert lines[0] == ""  # %matplotlib inline
    assert lines[_line_of(program, "import numpy as np")] == ""  # !pip install tqdm
    assert "    pass" in lines  # the indented !echo keeps the loop body well-formed
    assert "loss = float(((T - Y) ** 2).mean())" in lines  # %time keeps its statement


def test_non_python_cell_magic_body_is_skipped() -> None:
    cells = [("code", "%%bash\nrm -rf build\nfor f in *; do echo $f; done"), ("code", "x = 1")]
    program = notebook_from_text("nb.ipynb", _notebook(cells))
    assert program.text == "\n\n\nx = 1\n"
    assert program.cell_line(4) == (2, 1)


@pytest.mark.parametrize(
    ("line", "blanked"),
    [
        ("%matplotlib inline", ""),
        ("!pip install numpy", ""),
        ("x = !ls -la", ""),
        ("files, other = %sx ls", ""),
        ("np.dot?", ""),
        ("np.linalg.norm??", ""),
        ("?np.dot", ""),
        ("    %timeit f()", ""),  # a cell's indented first line is dedented, as IPython does
        ("%time w -= lr * dw", "w -= lr * dw"),
        ("x = 5 % 3", "x = 5 % 3"),
        ("ok = a != b", "ok = a != b"),
        ("# what is this?", "# what is this?"),
        ("print('why?')", "print('why?')"),
    ],
)
def test_blank_ipython_line(line: str, blanked: str) -> None:
    assert blank_ipython([line]) == [blanked]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # `%` starting a continuation line inside brackets is the modulo operator, not a magic.
        (["print('x is %d'", "      % x)", "%who"], ["print('x is %d'", "      % x)", ""]),
        (["y = {'a': 1,", "     'b': 2}", "!ls"], ["y = {'a': 1,", "     'b': 2}", ""]),
        # ... after a backslash, or inside a triple-quoted string, too.
        (["s = 'x is %d' \\", "    % x", "%pwd"], ["s = 'x is %d' \\", "    % x", ""]),
        (['doc = """', "%not a magic", '"""', "%pwd"], ['doc = """', "%not a magic", '"""', ""]),
        # A bracket inside a string or a comment opens nothing.
        (["a = '(' # [", "%pwd"], ["a = '(' # [", ""]),
        # The statement kept from `%time` is followed like any other.
        (["%time w = f(a,", "  % b)"], ["w = f(a,", "  % b)"]),
        # A cell pasted with its indentation is dedented; an inner block keeps its relative indent.
        (
            ["    for i in range(3):", "        !echo $i", "        y = i"],
            ["for i in range(3):", "    pass", "    y = i"],
        ),
        (["", "  %matplotlib inline", "  x = 1"], ["", "", "x = 1"]),
        # A cell magic's body is a cell of its own to IPython: dedented and transformed again.
        (["%%time", "  %pwd", "  z = (1", "       % 2)"], ["", "", "z = (1", "     % 2)"]),
        (["", "%%capture out", "!ls", "x = 1"], ["", "", "", "x = 1"]),
        # `%%` after the first line is not a cell magic: a line magic, blanked alone.
        (["x = 1", "%%time", "y = 2"], ["x = 1", "", "y = 2"]),
    ],
)
def test_magics_only_where_ipython_sees_them(cell: list[str], expected: list[str]) -> None:
    assert blank_ipython(cell) == expected


def test_continued_shell_line_is_blanked_whole() -> None:
    assert blank_ipython(["!pip install \\", "    numpy \\", "    scipy", "x = 1"]) == ["", "", "", "x = 1"]


def test_empty_cells_and_trailing_newlines_keep_mapping() -> None:
    cells = [("code", ""), ("code", "a = 1\n\n"), ("code", "b = 2")]
    program = notebook_from_text("nb.ipynb", _notebook(cells))
    assert program.text == "a = 1\n\nb = 2\n"
    assert program.cell_of_line == ((2, 1), (2, 2), (3, 1))


def test_source_as_list_of_strings_and_crlf_without_nbformat(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [{"cell_type": "code", "metadata": {}, "source": ["a = 1\r\n", "b = 2"], "outputs": []}],
    }
    monkeypatch.setitem(sys.modules, "nbformat", None)  # `import nbformat` now fails
    program = notebook_from_text("nb.ipynb", json.dumps(doc))
    assert program.text == "a = 1\nb = 2\n"


def _v3_notebook() -> str:
    nb3 = nbformat.v3.new_notebook(
        worksheets=[
            nbformat.v3.new_worksheet(
                cells=[
                    nbformat.v3.new_text_cell("markdown", source="intro"),
                    nbformat.v3.new_code_cell(input="import numpy as np\n!ls\nw = np.zeros(2)"),
                ]
            )
        ]
    )
    return nbformat.writes(nb3, version=3)


@pytest.mark.parametrize("nbformat_installed", [True, False])
def test_format_3_notebook(nbformat_installed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _v3_notebook()
    if not nbformat_installed:
        monkeypatch.setitem(sys.modules, "nbformat", None)
    program = notebook_from_text("old.ipynb", text)
    assert program.text == "import numpy as np\n\nw = np.zeros(2)\n"
    assert program.cell_of_line == ((2, 1), (2, 2), (2, 3))


def test_non_python_kernel_is_not_analysed() -> None:
    text = _notebook([("code", "x <- c(1, 2)")], language_info={"name": "R"})
    program = notebook_from_text("r.ipynb", text)
    assert program.text == ""
    assert program.notes == ("not a Python notebook (kernel language 'R'); nothing analysed",)


def test_empty_notebook_file_is_not_an_error(tmp_path: Path) -> None:
    program = load_program(_write(tmp_path, ""))
    assert program.text == "" and program.cell_of_line == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"^malformed notebook: not JSON \(Expecting property name"),
        ("[1, 2]", r"^malformed notebook: the top level is not a JSON object$"),
        ('{"nbformat": 4, "metadata": {}}', r"^malformed notebook: no list of cells$"),
        ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]}', r"^malformed notebook: cell 1 has no readable source$"),
        ('{"nbformat": 4, "cells": ["x = 1"]}', r"^malformed notebook: cell 1 is not an object$"),
        ('{"nbformat": 99, "cells": []}', r"^unsupported notebook format version 99$"),
        ("[" * 100_000, r"^malformed notebook: not JSON"),
    ],
)
def test_malformed_notebook(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        load_program(_write(tmp_path, text))


def test_notebook_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_bytes(b'{"cells": [\n"\xff"]}')
    with pytest.raises(SourceError, match=r"^malformed notebook: cannot decode as utf-8 \(byte 0xff at line 2\)$"):
        load_program(str(path))


def test_syntax_error_is_reported_in_cell_coordinates(tmp_path: Path) -> None:
    cells = [("markdown", "m"), ("code", "import numpy as np"), ("code", "w = np.zeros(2)\nw -= = 1")]
    program = load_program(_write(tmp_path, _notebook(cells)))
    with pytest.raises(SourceError) as info:
        parse_python(program.text)
    assert str(program.relocate(info.value)) == "syntax error at cell 3, line 2, column 6: invalid syntax"


def test_python2_notebook_is_read_with_a_note(tmp_path: Path) -> None:
    cells = [("code", "import numpy as np\nw = np.zeros(2)"), ("code", "for i in xrange(3):\n    print i, w")]
    program = load_program(_write(tmp_path, _notebook(cells)))
    tree, notes = parse_python(program.text)
    assert notes == ("read as Python 2 (print statements)",)
    loop = tree.body[-1]
    assert program.cell_line(loop.body[0].lineno) == (2, 2)  # type: ignore[attr-defined]


def _run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "bpscan", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


needs_cli = pytest.mark.skipif(not (REPO / "bpscan" / "cli.py").exists(), reason="the CLI is not written yet")


@needs_cli
def test_cli_reports_a_notebook_syntax_error_by_cell(tmp_path: Path) -> None:
    # a notebook whose only code cell does not parse is a file that cannot be read, said in cell coordinates
    cells = [("markdown", "m"), ("code", "w = np.zeros(2)\nw -= = 1")]
    _write(tmp_path, _notebook(cells), "broken.ipynb")
    _write(tmp_path, _notebook([("code", "!pip install numpy\nimport numpy as np\nx = np.ones(3)")]), "fine.ipynb")
    proc = _run_cli("--format", "json", "--no-cache", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert files["broken.ipynb"]["error"] == "syntax error at cell 2, line 2, column 6: invalid syntax"
    assert files["fine.ipynb"]["error"] is None


@needs_cli
def test_a_cell_that_is_not_python_is_skipped_with_a_note_and_the_others_are_checked(tmp_path: Path) -> None:
    # Colab notebooks run shell commands as automagics (`ls -l drive/data/` with no `!`): the cell runs one
    # by one, so the rest of the notebook is still read and its fault still found
    net = ("import numpy as np\nX = np.random.randn(8, 3)\nT = np.random.randn(8, 2)\nW = np.random.randn(3, 2)\n"
           "for _ in range(10):\n    Y = X @ W\n    E = Y - T\n    W += 0.1 * X.T @ E")
    cells = [("markdown", "m"), ("code", "ls -l drive/data/"), ("code", net)]
    _write(tmp_path, _notebook(cells), "colab.ipynb")
    proc = _run_cli("--format", "json", "--no-cache", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    (f,) = json.loads(proc.stdout)["files"]
    assert f["error"] is None
    assert [(x["code"], x["cell"]) for x in f["findings"]] == [("BP201", 3)]
    assert f["notes"] == ["cell 2 is not Python (syntax error at line 1, column 7: invalid syntax); it was skipped "
                          "and the other cells analysed"]


def test_line_references_inside_messages_are_restated_as_cells(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A finding in a notebook names its related lines as `cell C, line L`, not program lines."""
    import json as _json
    import subprocess as _sp
    import sys as _sys
    from pathlib import Path as _Path

    src = (_Path(__file__).resolve().parents[1] / "corpus" / "article_numpy_prose_updates.py").read_text()
    lines = src.split("\n")
    cells = [["%matplotlib inline\n"], lines[:26], lines[26:]]
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": [x + "\n" for x in c]} for c in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "train.ipynb"
    path.write_text(_json.dumps(nb))
    out = _sp.run([_sys.executable, "-m", "bpscan", "--no-cache", "--format", "json", str(path)],
                  capture_output=True, text=True).stdout
    findings = _json.loads(out)["files"][0]["findings"]
    bp201 = [f for f in findings if f["code"] == "BP201"]
    assert bp201 and all(f["cell"] == 3 for f in bp201)
    in_cell = next(i for i, x in enumerate(lines[26:], 1) if x.strip().startswith("error = t - oz"))
    assert all(f"(cell 3, line {in_cell})" in f["message"] for f in bp201), [f["message"] for f in bp201]


def test_notebook_read_as_ipython_reads_it_keeps_findings_and_tags_on_their_lines(tmp_path: Path) -> None:
    """Each case of issue 16 in one notebook of our own; its findings and tags land on the cell lines
    that hold the same code as in the plain script."""
    from bpscan.analysis import analyze_source
    from bpscan.engine import FileTask, check_file
    from bpscan.registry import all_rules

    script = (REPO / "corpus" / "article_numpy_prose_updates.py").read_text().split("\n")
    loop = script.index("for i in range(500):")
    setup, training = script[4:loop], script[loop:]
    at = training.index('        print(i, "loss", L)')
    training[at : at + 1] = ['        print(i, "loss %.3f"', "              % L)"]  # `%` continuation
    cells = [
        ("markdown", "# The network"),
        # a cell pasted with its indentation: IPython dedents it
        ("code", "\n".join("    " + line if line else "" for line in setup)),
        ("code", "%matplotlib inline\nprint('%d samples'\n      % n_samples)\n!nvidia-smi"),
        ("code", "%%time\n" + "\n".join(training[:-3] + ["    !echo step"] + training[-3:])),
    ]
    path = _write(tmp_path, _notebook(cells))
    enabled = frozenset(rule.code for rule in all_rules())
    result = check_file(FileTask(path, enabled))
    assert result.error is None and not result.notes, (result.error, result.notes)

    plain = analyze_source("\n".join(script))
    cell_lines = {i: src.split("\n") for i, (_, src) in enumerate(cells, start=1)}

    def text_at(cell: int | None, line: int) -> str:
        assert cell is not None
        return cell_lines[cell][line - 1].strip()

    assert plain.findings and plain.tags
    assert sorted((f.code, text_at(f.cell, f.line)) for f in result.findings) == sorted(
        (f.code, script[f.line - 1].strip()) for f in plain.findings if f.code in enabled
    )
    assert sorted((t.kind, text_at(t.cell, t.line)) for t in result.tags) == sorted(
        (t.kind, script[t.line - 1].strip()) for t in plain.tags
    )
    assert {f.cell for f in result.findings} == {4}
