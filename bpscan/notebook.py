"""Read a Jupyter notebook as one Python program: its code cells in order, IPython syntax blanked.

Cells are numbered from 1 among ALL cells of the notebook (markdown and raw cells count), top
to bottom, because that is how a reader finds "cell 4" when scrolling; lines are numbered from
1 within each cell. Magics (`%matplotlib inline`, `%%time`), shell escapes (`!pip install x`,
`x = !ls`) and help requests (`?obj`, `obj?`) become `pass` at their indentation (or an empty
line at the left margin), so every other line keeps its place and no block is left empty.
As in IPython, they count only where a logical line starts, and a cell whose first line is
indented is dedented (its columns then count from the dedented text). Nothing in the notebook
is ever executed.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from typing import Any

from bpscan.source import Program, SourceError

#: Cell magics whose body is Python run by IPython: the body is analysed, the magic line blanked.
#: The body of any other cell magic (%%bash, %%writefile, %%html, ...) is not Python and is skipped.
PYTHON_CELL_MAGICS: frozenset[str] = frozenset(
    {"time", "timeit", "capture", "prun", "debug", "memit", "mprun", "pypy", "python", "python3"}
)

_ASSIGN_ESCAPE = re.compile(r"^[\w.\[\]'\", ]+?\s*=\s*[!%]")
_HELP_END = re.compile(r"^%{0,2}[A-Za-z_][\w.]*(?:\[\d+\])*\?{1,2}$")
_TIME_MAGIC = re.compile(r"^%time\s+(?=\S)")


def _source_text(source: Any, where: str) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    raise SourceError(f"malformed notebook: {where} has no readable source")


def _cells_from_json(nb: Any) -> list[dict[str, Any]]:
    """The cells of a notebook dict, format 4 or 3, each as {"cell_type", "source"}."""
    if not isinstance(nb, dict):
        raise SourceError("malformed notebook: the top level is not a JSON object")
    major = nb.get("nbformat")
    if major == 4 or (major is None and "cells" in nb):
        cells = nb.get("cells")
        if not isinstance(cells, list):
            raise SourceError("malformed notebook: no list of cells")
        return cells
    if major == 3:
        worksheets = nb.get("worksheets")
        if not isinstance(worksheets, list):
            raise SourceError("malformed notebook: no list of worksheets")
        out: list[dict[str, Any]] = []
        for sheet in worksheets:
            cells = sheet.get("cells") if isinstance(sheet, dict) else None
            if not isinstance(cells, list):
                raise SourceError("malformed notebook: a worksheet has no list of cells")
            for cell in cells:
                if isinstance(cell, dict) and cell.get("cell_type") == "code":
                    cell = {"cell_type": "code", "source": cell.get("input", "")}
                out.append(cell)
        return out
    raise SourceError(f"unsupported notebook format version {major!r}")


def _read_cells(text: str, use_nbformat: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """The notebook's cells (as format 4) and its kernel language, if it names one.

    Format 4 is read as plain JSON; older formats are converted by nbformat when it is installed
    (format 3 is also understood without it).
    """
    try:
        nb: Any = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise SourceError(f"malformed notebook: not JSON ({_reason(err)})") from None
    if not isinstance(nb, dict):
        raise SourceError("malformed notebook: the top level is not a JSON object")
    if nb.get("nbformat") not in (4, None) and use_nbformat:
        nb = _convert_with_nbformat(nb)
    cells = _cells_from_json(nb)
    language = None
    metadata = nb.get("metadata")
    if isinstance(metadata, dict):
        for key, field in (("language_info", "name"), ("kernelspec", "language")):
            info = metadata.get(key)
            if isinstance(info, dict) and isinstance(info.get(field), str):
                language = info[field]
                break
    return cells, language


def _convert_with_nbformat(nb: dict[str, Any]) -> Any:
    """An older notebook converted to format 4 by nbformat, or unchanged when it is not installed."""
    try:
        import nbformat
        import nbformat.converter
    except ImportError:
        return nb
    major = nb.get("nbformat")
    if not isinstance(major, int) or major not in nbformat.versions:
        raise SourceError(f"unsupported notebook format version {major!r}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # No nbformat.reads: it validates and logs to stderr; we check what we use ourselves.
            return nbformat.converter.convert(nbformat.from_dict(nb), 4)
    except Exception as err:  # nbformat raises many types for one cause: not a notebook
        raise SourceError(f"malformed notebook: {_reason(err)}") from None


def _reason(err: BaseException) -> str:
    if isinstance(err, KeyError) and err.args:
        return f"missing {err.args[0]!r}"
    text = str(err).split("\n")[0].strip()
    return text if text else type(err).__name__


def _dedent(lines: list[str]) -> list[str]:
    """IPython's leading_indent: a cell whose first non-blank line is indented loses that indent.

    Lines that do not start with the same whitespace are left alone, as IPython leaves them.
    """
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    if not indent:
        return lines
    return [line[len(indent) :] if line.startswith(indent) else line for line in lines]


def _after(line: str, depth: int, quote: str | None) -> tuple[int, str | None, bool]:
    """Bracket depth, still-open string quote, and backslash continuation at the end of `line`.

    Enough of Python's tokenizer to tell where a logical line starts, which is the only place
    IPython looks for a magic or shell escape (`% x` inside brackets is the modulo operator).
    """
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quote is not None:
            if c == "\\":
                i += 2
            elif line.startswith(quote, i):
                i += len(quote)
                quote = None
            else:
                i += 1
            continue
        if c == "#":
            return depth, None, False
        if c in "\"'":
            quote = line[i : i + 3] if line[i : i + 3] in ('"""', "'''") else c
            i += len(quote)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        i += 1
    backslash = line.endswith("\\")
    if quote is not None and len(quote) == 1 and not backslash:
        quote = None  # an unterminated one-line string ends with its line
    return depth, quote, backslash and quote is None


def blank_ipython(lines: list[str]) -> list[str]:
    """One cell's lines with IPython-only syntax replaced, line for line, as IPython reads them.

    The cell is dedented when its first line is indented; a cell magic counts on the first
    non-blank line only; line magics, shell escapes and help requests only where a logical line
    starts, never on a continuation line inside brackets, strings or after a backslash.
    """
    out = _dedent(list(lines))
    first = next((i for i, line in enumerate(out) if line.strip()), None)
    if first is not None and out[first].startswith("%%"):
        name = out[first][2:].split(maxsplit=1)[0] if out[first][2:].strip() else ""
        if name not in PYTHON_CELL_MAGICS:
            return ["" for _ in out]  # %%bash, %%writefile ...: the body is not Python
        # IPython runs the body as a cell of its own: dedented and transformed again.
        return ["" for _ in out[: first + 1]] + blank_ipython(out[first + 1 :])
    continued = False
    depth, quote, backslash = 0, None, False
    for i, line in enumerate(out):
        if continued:  # the backslash-continued tail of a magic or shell line
            continued = line.rstrip().endswith("\\")
            out[i] = ""
            continue
        if depth or quote is not None or backslash:  # inside a logical line: plain Python
            depth, quote, backslash = _after(line, depth, quote)
            continue
        body = line.lstrip()
        indent = line[: len(line) - len(body)]
        stripped = body.rstrip()
        if not stripped or stripped.startswith("#"):
            continue
        time_magic = _TIME_MAGIC.match(stripped)
        if time_magic:
            # `%time stmt` runs stmt: keep it (shifted left), so the analysis still sees it.
            out[i] = indent + stripped[time_magic.end() :]
        elif (
            stripped[0] in "%!?"
            or _ASSIGN_ESCAPE.match(stripped)
            or _HELP_END.match(stripped)
        ):
            out[i] = indent + "pass" if indent else ""
            continued = stripped.endswith("\\")
            continue
        depth, quote, backslash = _after(out[i], depth, quote)
    return out


def notebook_program(path: str, data: bytes) -> Program:
    """The Program of a .ipynb file's bytes; a file that is not a readable notebook is a SourceError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SourceError(
            f"malformed notebook: cannot decode as utf-8 (byte 0x{data[err.start]:02x} at line {line})"
        ) from None
    return notebook_from_text(path, text)


@dataclass(frozen=True)
class CodeCell:
    """One code cell: its number among all cells, its source as written, its lines as analysed."""

    index: int
    source: str
    lines: tuple[str, ...]  # blank_ipython's lines: what the analysis reads, line for line

    def as_written(self, line: int) -> bool:
        """Whether 1-based `line` of the cell is analysed as written (not blanked, shifted or dedented),
        so that a position the analysis reports on it is a position in the cell's source."""
        written = self.source.split("\n")
        return 1 <= line <= len(self.lines) and written[line - 1].rstrip("\r") == self.lines[line - 1]


def code_cells(text: str, use_nbformat: bool = True) -> tuple[list[CodeCell], str | None]:
    """The code cells of a notebook's JSON text, and its kernel language when it names one."""
    cells, language = _read_cells(text, use_nbformat)
    out: list[CodeCell] = []
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise SourceError(f"malformed notebook: cell {index} is not an object")
        if cell.get("cell_type") != "code":
            continue
        source = _source_text(cell.get("source", ""), f"cell {index}")
        if "\0" in source:
            raise SourceError(f"malformed notebook: cell {index} contains a NUL character")
        cell_lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if cell_lines[-1] == "":
            cell_lines.pop()
        out.append(CodeCell(index, source, tuple(blank_ipython(cell_lines))))
    return out, language


def notebook_from_text(path: str, text: str, use_nbformat: bool = True) -> Program:
    """The Program of a notebook's JSON text (nbformat is used when installed, else plain json)."""
    if not text.strip():
        return Program(path=path, text="", cell_of_line=())  # an empty file, like an empty .py
    cells, language = code_cells(text, use_nbformat)
    if language is not None and not language.lower().startswith(("python", "ipython")):
        return Program(
            path=path,
            text="",
            notes=(f"not a Python notebook (kernel language {language!r}); nothing analysed",),
            cell_of_line=(),
        )
    lines: list[str] = []
    cell_of_line: list[tuple[int, int]] = []
    for cell in cells:
        for number, line in enumerate(cell.lines, start=1):
            lines.append(line)
            cell_of_line.append((cell.index, number))
    program_text = "\n".join(lines) + "\n" if lines else ""
    return Program(path=path, text=program_text, cell_of_line=tuple(cell_of_line))


def without_broken_cells(program: Program) -> Program | None:
    """A notebook that does not parse as a whole, with each cell that does not parse alone blanked line for
    line (a Colab shell command written without `!`, a typo) and a note for it: cells run one by one, so the
    others are still read. None when no cell parses, or the fault is not in one cell."""
    from bpscan.source import parse_python

    if not program.cell_of_line:
        return None
    lines = program.text.split("\n")
    spans: dict[int, list[int]] = {}
    for i, (cell, _) in enumerate(program.cell_of_line):
        spans.setdefault(cell, []).append(i)
    notes: list[str] = []
    for cell, rows in spans.items():
        try:
            parse_python("\n".join(lines[i] for i in rows) + "\n")
        except SourceError as err:
            for i in rows:
                lines[i] = ""
            notes.append(f"cell {cell} is not Python ({err}); it was skipped and the other cells analysed")
    if not notes or len(notes) == len(spans):
        return None
    return Program(path=program.path, text="\n".join(lines), notes=program.notes + tuple(notes),
                   cell_of_line=program.cell_of_line)


# --- writing cells back (annotate, --fix) ---------------------------------------------------------------

#: What annotate and --fix say when a notebook is to be rewritten and nbformat is missing.
NEEDS_NBFORMAT = "rewriting a notebook needs nbformat: pip install 'bpscan[notebooks]'"


class NotebookWriteError(Exception):
    """A notebook that cannot be rewritten; str() is a one-line reason."""


def nbformat_missing() -> bool:
    """Whether nbformat, which annotate and --fix need to rewrite a notebook, cannot be imported."""
    try:
        import nbformat  # noqa: F401
    except ImportError:
        return True
    return False


def _layouts(text: str) -> list[dict[str, Any]]:
    """json.dumps settings that may have written `text`, most likely first: nbformat's (indent 1,
    unescaped), then the indentation the file shows (2 spaces in Colab's), escaped or not, or compact."""
    m = re.match(r"\{\r?\n([ \t]*)\S", text)
    indents: list[Any] = [1]
    if m:
        found = m.group(1)
        indent: Any = len(found) if set(found) <= {" "} else found
        indents = [indent] + [i for i in indents if i != indent]
    out = [{"indent": i, "ensure_ascii": a} for i in indents for a in (False, True)]
    if not m:
        out += [{"indent": None, "separators": s, "ensure_ascii": a}
                for s in ((", ", ": "), (",", ":")) for a in (False, True)]
    return out


def _dumps(nb: Any, layout: dict[str, Any], newline: str, tail: str) -> str:
    text = json.dumps(nb, **layout)
    # JSON strings hold no raw newline, so every "\n" of the output is layout
    return (text.replace("\n", newline) if newline != "\n" else text) + tail


def with_sources(data: bytes, sources: dict[int, str]) -> bytes:
    """The notebook `data` with the code cells numbered in `sources` given those sources.

    Only those cells' "source" values change: the file is written back as json.dumps wrote it (nbformat
    writes with indent 1, keys in the file's order, non-ASCII unescaped; a file with another indentation
    keeps it), after checking that this reproduces the unchanged file byte for byte: a file that it does
    not reproduce is not rewritten (NotebookWriteError). A source kept as a list of lines stays a list of
    lines. nbformat then validates the result when it validated the original.
    """
    import nbformat

    nb, layout, newline, tail = _writable(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbformat warns of missing cell ids and the like
        try:
            nbformat.validate(nbformat.from_dict(nb))
            valid = True
        except Exception:
            valid = False
    cells = nb["cells"]
    for index, source in sources.items():
        cell = cells[index - 1]
        # as nbformat's split_lines writes it, when the file keeps a source as a list of lines
        cell["source"] = source.splitlines(keepends=True) if isinstance(cell.get("source"), list) else source
    if valid:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                nbformat.validate(nbformat.from_dict(nb))
            except Exception as err:
                raise NotebookWriteError(f"the result would not be a valid notebook: {_reason(err)}") from None
    out = _dumps(nb, layout, newline, tail).encode("utf-8")
    return b"\xef\xbb\xbf" + out if data.startswith(b"\xef\xbb\xbf") else out


def _writable(data: bytes) -> tuple[dict[str, Any], dict[str, Any], str, str]:
    """The notebook's JSON, the json.dumps settings that reproduce it, its newline and what follows the
    JSON; NotebookWriteError when it is not format 4 or no settings reproduce it byte for byte."""
    text = data.decode("utf-8-sig")
    nb = json.loads(text)
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise NotebookWriteError(f"only format 4 notebooks are rewritten (this one is format "
                                 f"{nb.get('nbformat') if isinstance(nb, dict) else None!r})")
    body = text.rstrip()
    newline = "\r\n" if "\r\n" in body else "\n"
    layout = next((lay for lay in _layouts(body) if _dumps(nb, lay, newline, "") == body), None)
    if layout is None:
        raise NotebookWriteError("its JSON layout is not one bpscan can write back unchanged "
                                 "(saving it once in Jupyter gives nbformat's)")
    return nb, layout, newline, text[len(body):]


def unwritable(data: bytes) -> str | None:
    """Why the notebook `data` cannot be written back unchanged but for its cells' sources, or None."""
    try:
        _writable(data)
    except NotebookWriteError as err:
        return str(err)
    except ValueError as err:  # not JSON (the scan has said so already)
        return _reason(err)
    return None


def cell_sources(data: bytes) -> dict[int, str]:
    """The source of each code cell of a notebook's bytes, by cell number."""
    cells, _ = code_cells(data.decode("utf-8-sig"))
    return {cell.index: cell.source for cell in cells}


def cells_diff(path: str, before: bytes, after: bytes) -> str:
    """A unified diff per changed code cell, headed `a/nb.ipynb:cell 3` (as ruff shows notebooks)."""
    from bpscan.source import change_diff

    old, new = cell_sources(before), cell_sources(after)
    out = []
    for index in sorted(old.keys() & new.keys()):
        if old[index] != new[index]:
            # a cell's last line has no newline; that is no news in a cell, so the diff does not say it
            a, b = old[index], new[index]
            if not a.endswith("\n") and not b.endswith("\n"):
                a, b = a + "\n", b + "\n"
            out.append(change_diff(f"{path}:cell {index}", a.encode("utf-8"), b.encode("utf-8"), "utf-8"))
    return "".join(out)
