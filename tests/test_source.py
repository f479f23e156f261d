"""Reading and parsing one file: encodings, newlines, parse errors, nesting, the SourceError contract."""

from __future__ import annotations

import ast
import os
import pickle
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from bpscan.source import (
    MAX_DEPTH,
    NestedTooDeeply,
    Program,
    SourceError,
    decode_source,
    load_program,
    nesting_too_deep,
    parse_python,
    with_stack_for,
)

REPO = Path(__file__).resolve().parents[1]

SCRIPT = "import numpy as np\nw = np.zeros(3)\ndw = np.ones(3)\nw -= 0.1 * dw\n"


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _stmt_lines(text: str) -> list[int]:
    tree, _ = parse_python(text)
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.stmt)]


# --- load_program: bytes to text -------------------------------------------------------------


def test_plain_utf8_file_round_trips(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.py", SCRIPT.encode())
    program = load_program(path)
    assert program == Program(path=path, text=SCRIPT)
    assert program.cell_of_line is None and program.notes == ()


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_crlf_and_lone_cr_become_lf_with_the_same_line_numbers(tmp_path: Path, newline: bytes) -> None:
    path = _write(tmp_path, "a.py", SCRIPT.encode().replace(b"\n", newline))
    program = load_program(path)
    assert program.text == SCRIPT
    assert _stmt_lines(program.text) == [1, 2, 3, 4]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_parse_python_counts_cr_and_crlf_as_python_does(newline: str) -> None:
    text = "w = (1 +\n     2)\nw -= 1\n".replace("\n", newline)
    tree, _ = parse_python(text)
    assert [(s.lineno, s.col_offset) for s in tree.body] == [(1, 0), (3, 0)]


def test_utf8_bom_is_dropped_and_columns_on_line_one_are_unchanged(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.py", b"\xef\xbb\xbfw = 1\n")
    text = load_program(path).text
    assert text == "w = 1\n"
    tree, _ = parse_python(text)
    assert tree.body[0].col_offset == 0  # type: ignore[attr-defined]


def test_bom_left_in_text_is_still_parsed() -> None:
    tree, _ = parse_python("\ufeffw = 1\n")
    assert isinstance(tree.body[0], ast.Assign)


def test_coding_cookie_is_honoured(tmp_path: Path) -> None:
    data = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1")
    text = load_program(_write(tmp_path, "a.py", data)).text
    assert "café" in text


def test_cookie_on_line_two_after_a_shebang(tmp_path: Path) -> None:
    data = "#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\ns = '\u20ac'\n".encode("cp1252")
    assert "€" in load_program(_write(tmp_path, "a.py", data)).text


def test_cookie_after_code_on_line_one_is_ignored() -> None:
    # CPython reads a cookie on line 2 only when line 1 is blank or a comment.
    data = "x = 1\n# coding: latin-1\ns = 'caf\xe9'\n".encode("latin-1")
    with pytest.raises(SourceError, match=r"cannot decode as utf-8 \(byte 0xe9 at line 3\)"):
        decode_source(data)


def test_non_utf8_bytes_name_the_byte_and_the_line() -> None:
    with pytest.raises(SourceError) as info:
        decode_source(b"a = 1\nb = 2\nc = 3\nd = '\xff'\n")
    assert str(info.value) == "cannot decode as utf-8 (byte 0xff at line 4)"


def test_unknown_encoding_in_cookie() -> None:
    with pytest.raises(SourceError) as info:
        decode_source(b"# coding: foo\nx = 1\n")
    assert str(info.value) == "unknown encoding 'foo' in coding cookie"


def test_cookie_that_disagrees_with_the_content() -> None:
    with pytest.raises(SourceError, match=r"^cannot decode as ascii, as the coding cookie says \(byte 0xc3 at line 2\)$"):
        decode_source("# coding: ascii\ns = 'é'\n".encode())


@pytest.mark.parametrize("name", ["hex", "rot13", "utf-16", "utf-32"])
def test_cookie_naming_an_unusable_codec(name: str) -> None:
    with pytest.raises(SourceError, match=f"encoding '{name}' in coding cookie is not"):
        decode_source(f"# coding: {name}\nx = 1\n".encode())


def test_cookie_conflicting_with_bom() -> None:
    with pytest.raises(SourceError, match="conflicts with the UTF-8 byte-order mark"):
        decode_source(b"\xef\xbb\xbf# coding: latin-1\nx = 1\n")


def test_nul_byte_means_not_a_text_file() -> None:
    with pytest.raises(SourceError) as info:
        decode_source(b"x = 1\n" + b"\x00" * 4 + b"y = 2\n")
    assert str(info.value) == "not a text file (NUL byte at offset 6)"


def test_empty_file_is_an_empty_module(tmp_path: Path) -> None:
    program = load_program(_write(tmp_path, "empty.py", b""))
    assert program.text == ""
    tree, notes = parse_python(program.text)
    assert tree.body == [] and notes == ()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as info:
        load_program(str(tmp_path / "nope.py"))
    assert str(info.value) == "cannot read file: No such file or directory"


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "pkg.py").mkdir()
    with pytest.raises(SourceError, match="^is a directory, not a file$"):
        load_program(str(tmp_path / "pkg.py"))


def test_symlink_loop(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b.py", tmp_path / "a.py")
    os.symlink(tmp_path / "a.py", tmp_path / "b.py")
    with pytest.raises(SourceError, match="^cannot read file: Too many levels of symbolic links$"):
        load_program(str(tmp_path / "a.py"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    with pytest.raises(SourceError, match="^not a regular file$"):
        load_program(str(tmp_path / "pipe.py"))


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bpscan.source as source

    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    path = _write(tmp_path, "big.py", b"x = 1\n" * 200)
    with pytest.raises(SourceError, match=r"^file too large to analyse \(0\.0 MB; the limit is 0 MB\)$"):
        load_program(path)


# --- parse_python -----------------------------------------------------------------------------


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(SourceError) as info:
        parse_python("w = 1\n\nw -= = 2\n")
    err = info.value
    assert str(err) == "syntax error at line 3, column 6: invalid syntax"
    assert (err.line, err.column) == (3, 6)


def test_unclosed_bracket_points_at_the_bracket() -> None:
    with pytest.raises(SourceError, match=r"^syntax error at line 2, column 11: '\(' was never closed$"):
        parse_python("import numpy as np\nx = np.dot(a,\n")


def test_indentation_error_is_a_syntax_error_where_cpython_puts_it() -> None:
    text = "x = 1\n    y = 2\n"
    with pytest.raises(IndentationError) as cpython:
        compile(text, "<string>", "exec")
    with pytest.raises(SourceError) as info:
        parse_python(text)
    assert str(info.value) == f"syntax error at line 2, column {cpython.value.offset}: unexpected indent"


def test_tabs_and_missing_final_newline_just_work() -> None:
    text = "def train(w, dw):\n\tfor i in range(3):\n\t\tw -= 0.1 * dw\n\treturn w"
    tree, notes = parse_python(text)
    assert notes == ()
    assert _stmt_lines(text) == [1, 2, 4, 3]


def test_nul_character_in_text() -> None:
    with pytest.raises(SourceError, match=r"^not a text file \(NUL byte at offset 5\)$"):
        parse_python("x = 1\0\n")


def test_valid_python3_gets_no_note_and_the_same_tree_as_ast_parse() -> None:
    tree, notes = parse_python(SCRIPT)
    assert notes == ()
    assert ast.dump(tree, include_attributes=True) == ast.dump(ast.parse(SCRIPT), include_attributes=True)


def test_python2_script_is_read_with_a_note() -> None:
    tree, notes = parse_python("w = 1\nprint 'loss', w\n")
    assert notes == ("read as Python 2 (print statements)",)
    call = tree.body[1].value  # type: ignore[attr-defined]
    assert isinstance(call, ast.Call) and call.func.id == "print" and call.lineno == 2


def test_invalid_escape_sequences_print_no_warning(capfd: pytest.CaptureFixture[str]) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning leaking out of parse_python would raise here
        parse_python('import re\npat = re.compile("\\d+")\n')
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "-" * 100_000 + "1\n",
        "x = " + "not " * 50_000 + "a\n",
        "x = " + "+".join(["a"] * 100_000) + "\n",
        "x = a" + ".b" * 50_000 + "\n",
        "x = f" + "()" * 50_000 + "\n",
        "f = " + "lambda: " * 20_000 + "1\n",
        "if a:\n    pass\n" + "elif a:\n    pass\n" * 10_000,
    ],
    ids=["unary", "not", "binop", "attribute", "call", "lambda", "elif"],
)
def test_extreme_nesting_is_a_one_line_error(text: str) -> None:
    with pytest.raises((RecursionError, MemoryError)):
        compile(text, "deep.py", "exec")  # CPython itself refuses these ...
    for parse in (parse_python, lambda text: with_stack_for(parse_python, text)):  # ... and so do we
        with pytest.raises(SourceError) as info:
            parse(text)
        assert str(info.value).startswith("expression nested too deeply to analyse")


def test_nesting_that_parses_but_would_break_recursive_visitors_is_refused_on_an_ordinary_stack() -> None:
    text = "w = 0\nx = " + "+".join(["a"] * (MAX_DEPTH + 50)) + "\n"
    ast.parse(text)  # CPython itself accepts this ...
    with pytest.raises(NestedTooDeeply) as info:
        parse_python(text)
    assert str(info.value) == "expression nested too deeply to analyse at line 2"
    tree, _ = with_stack_for(parse_python, text)  # ... and so does the deep stack
    assert len(tree.body) == 2


def _sympy_like(terms: int) -> str:
    """A generated polynomial as sympy's code printers write them: one sum of `terms` products."""
    poly = " + ".join(f"{(i % 7) - 3}*x**{i % 5}*y**{i % 3}*(z - {i % 4})" for i in range(terms))
    return f"def poly(x, y, z):\n    return ({poly})\n"


def test_deep_nesting_that_cpython_accepts_is_analysed() -> None:
    from bpscan.analysis import analyze_source

    training = (REPO / "corpus" / "article_numpy_prose_updates.py").read_text()
    # The generated function goes at the end, so that every finding keeps its line.
    deep = training + "\n\n" + _sympy_like(2_000)
    compile(deep, "generated.py", "exec")  # CPython parses it (its sum is 2,000 levels deep)
    assert nesting_too_deep(ast.parse(deep), deep, 1_900) is not None
    plain, result = analyze_source(training), with_stack_for(analyze_source, deep, "generated.py")
    assert result.error is None and not result.notes, result.notes
    assert plain.findings and result.findings == plain.findings
    assert result.tags == plain.tags


def test_a_deep_file_is_analysed_by_a_scan(tmp_path: Path) -> None:
    from bpscan.engine import FileTask, check_file

    path = _write(tmp_path, "generated.py", (SCRIPT + _sympy_like(2_500)).encode())
    result = check_file(FileTask(path, frozenset({"BP201"})))
    assert result.error is None and not [n for n in result.notes if "nested" in n], (result.error, result.notes)
    # On this thread, still the one-line refusal, so that a caller without the deep stack is safe.
    with pytest.raises(NestedTooDeeply):
        parse_python(load_program(path).text)


#: Generated files of n levels in each shape of deep nesting, as source for a fresh interpreter too.
DEEP_SHAPES = {
    "sum": "lambda n: 'x = ' + ' + '.join(['a'] * n) + '\\n'",
    "method-chain": "lambda n: 'x = a' + '.c()' * (n // 2) + '\\n'",
    "elif": "lambda n: 'if a:\\n    x = 0\\n' + 'elif a:\\n    x = 1\\n' * n",
    "unary": "lambda n: 'x = ' + '-' * n + '1\\n'",
}

_DEEPEST = """
make = {make}
lo, hi = 100, 10_000
while lo < hi:
    mid = (lo + hi + 1) // 2
    try:
        compile(make(mid), "deep.py", "exec")
        lo = mid
    except (RecursionError, MemoryError):
        hi = mid - 1
print(lo)
"""


@pytest.mark.parametrize("shape", DEEP_SHAPES)
def test_as_deep_as_cpython_goes(shape: str) -> None:
    from bpscan.analysis import analyze_source

    # The deepest of these that CPython compiles, in a fresh interpreter, is analysed.
    probe = subprocess.run(
        [sys.executable, "-c", _DEEPEST.format(make=DEEP_SHAPES[shape])], capture_output=True, text=True, timeout=120
    )
    deepest = int(probe.stdout)
    assert deepest > 1_000
    make = eval(DEEP_SHAPES[shape])
    result = with_stack_for(analyze_source, make(deepest), "deep.py")
    assert result.error is None and not result.notes, result.notes


# --- SourceError -------------------------------------------------------------------------------


def test_source_error_survives_pickling_between_processes() -> None:
    err = SourceError.at("syntax error", 3, 7, ": invalid syntax")
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == "syntax error at line 3, column 7: invalid syntax"
    assert (back.line, back.column) == (3, 7)


def test_error_relocated_into_notebook_cells() -> None:
    program = Program("nb.ipynb", "a = 1\nb = 2\nc = = 3\n", cell_of_line=((2, 1), (4, 1), (4, 2)))
    with pytest.raises(SourceError) as info:
        parse_python(program.text)
    moved = program.relocate(info.value)
    assert str(moved) == "syntax error at cell 4, line 2, column 5: invalid syntax"
    assert moved.cell == 4
    assert program.cell_line(3) == (4, 2) and program.cell_line(4) is None


def test_relocation_leaves_plain_files_and_lineless_errors_alone() -> None:
    err = SourceError.at("syntax error", 3, 7, ": invalid syntax")
    assert Program("a.py", "").relocate(err) is err
    lineless = SourceError("not a text file (NUL byte at offset 0)")
    assert lineless.relocated(((1, 1),)) is lineless


def test_messages_are_one_line() -> None:
    assert str(SourceError("first\nsecond  third")) == "first second third"
