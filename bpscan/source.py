"""Read one file into a Python program and parse it, turning every failure into a one-line SourceError."""

from __future__ import annotations

import ast
import codecs
import gc
import os
import re
import stat
import sys
import threading
import warnings
from dataclasses import dataclass
from typing import Callable, TypeVar

from bpscan.results import READ_IN_PART

T = TypeVar("T")

#: Files larger than this are not analysed (hand-written training scripts are far smaller).
MAX_BYTES: int = 20 * 1024 * 1024

#: Deepest syntax tree analysed on an ordinary thread. The standard library and numpy never go
#: past 50; the limit keeps recursive visitors (about 2 frames per level) far from Python's
#: recursion limit of 1000. Deeper trees that CPython parses (a generated sum of 2,000 terms)
#: are analysed on a thread with a larger stack: see `with_stack_for`.
MAX_DEPTH: int = 200

#: The stack and recursion limit of that thread. The deepest tree CPython parses (about 3,000
#: levels) takes under 10,000 frames to analyse; the stack is reserved, used only as touched.
DEEP_STACK_BYTES: int = 256 * 2**20
DEEP_RECURSION_LIMIT: int = 50_000

#: Set on the thread `with_stack_for` starts: `outer_limit`, the recursion limit outside it.
_deep = threading.local()

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:#|$)")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


class SourceError(Exception):
    """A file bpscan cannot read or parse; str() is a one-line diagnostic.

    `line` and `column` (1-based) locate the problem in the program text when known. Errors built
    with `SourceError.at` keep the text around the location, so that `relocated` can restate it in
    notebook cells ("cell 4, line 2, column 7").
    """

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        head: str | None = None,
        tail: str | None = None,
        cell: int | None = None,
    ) -> None:
        message = " ".join(message.split())  # one line, whatever the underlying error said
        # Everything goes into args so that the error survives pickling between worker processes.
        super().__init__(message, line, column, head, tail, cell)
        self.message = message
        self.line = line
        self.column = column
        self.head = head
        self.tail = tail
        self.cell = cell

    def __str__(self) -> str:
        return self.message

    @classmethod
    def at(cls, head: str, line: int | None, column: int | None = None, tail: str = "") -> SourceError:
        """An error reading `{head} at line L, column C{tail}`."""
        return cls(f"{head}{_where(line, column)}{tail}", line, column, head, tail)

    def relocated(self, cell_of_line: tuple[tuple[int, int], ...] | None) -> SourceError:
        """The same error with its program line restated as a notebook cell and line in cell."""
        if (
            cell_of_line is None
            or self.head is None
            or self.line is None
            or not 1 <= self.line <= len(cell_of_line)
        ):
            return self
        cell, line = cell_of_line[self.line - 1]
        col = f", column {self.column}" if self.column else ""
        message = f"{self.head} at cell {cell}, line {line}{col}{self.tail or ''}"
        return SourceError(message, line, self.column, self.head, self.tail, cell)


class NestedTooDeeply(SourceError):
    """A tree CPython parses but too deep to analyse on this thread's stack (see `with_stack_for`)."""


def _where(line: int | None, column: int | None) -> str:
    if not line:
        return ""
    return f" at line {line}, column {column}" if column else f" at line {line}"


@dataclass(frozen=True)
class Program:
    """The Python text of one file; for a notebook, its code cells joined in order.

    `cell_of_line[i - 1]` is (cell, line in cell) for program line i, where cells are numbered
    from 1 among ALL cells of the notebook (markdown included), top to bottom, as a reader
    counts them; None for a plain .py file.
    """

    path: str
    text: str
    notes: tuple[str, ...] = ()
    cell_of_line: tuple[tuple[int, int], ...] | None = None

    def cell_line(self, line: int) -> tuple[int, int] | None:
        """(cell, line in cell) of a program line, or None outside a notebook."""
        if self.cell_of_line is None or not 1 <= line <= len(self.cell_of_line):
            return None
        return self.cell_of_line[line - 1]

    def relocate(self, error: SourceError) -> SourceError:
        """`error` restated in cells for a notebook; unchanged for a plain file."""
        return error.relocated(self.cell_of_line)


def read_source_bytes(path: str) -> bytes:
    """The bytes of a regular file, at most MAX_BYTES; anything else is a SourceError."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        # Non-blocking open, then fstat: a FIFO or device swapped in after a check cannot hang us.
        fd = os.open(path, flags)
    except OSError as err:
        if isinstance(err, IsADirectoryError):
            raise SourceError("is a directory, not a file") from None
        raise SourceError(f"cannot read file: {err.strerror or err}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError("not a regular file")
        if info.st_size > MAX_BYTES:
            raise SourceError(_too_large(info.st_size))
        chunks = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as err:
        raise SourceError(f"cannot read file: {err.strerror or err}") from None
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        raise SourceError(_too_large(size))
    return b"".join(chunks)


def _too_large(size: int) -> str:
    return f"file too large to analyse ({size / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB)"


def _coding_cookie(data: bytes) -> str | None:
    """The PEP 263 encoding named on line 1 or 2, as written, or None."""
    lines = _LINE_BREAK.split(data, 2)[:2]
    for i, line in enumerate(lines):
        match = _COOKIE.match(line)
        if match:
            return match.group(1).decode("ascii")
        # Like CPython: line 2 counts only when line 1 is blank or a comment.
        if i == 0 and not _BLANK_OR_COMMENT.match(line):
            return None
    return None


def decode_source(data: bytes) -> str:
    """Decode Python source bytes as CPython would (BOM, PEP 263 cookie, else UTF-8), newlines as LF."""
    nul = data.find(b"\0")
    if nul >= 0:
        raise SourceError(f"not a text file (NUL byte at offset {nul})")
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    cookie = _coding_cookie(data)
    encoding = "utf-8"
    if cookie is not None:
        try:
            info = codecs.lookup(cookie)
        except LookupError:
            raise SourceError(f"unknown encoding {cookie!r} in coding cookie") from None
        if not getattr(info, "_is_text_encoding", True):
            raise SourceError(f"encoding {cookie!r} in coding cookie is not a text encoding")
        try:
            ascii_compatible = "# coding\n".encode(info.name) == b"# coding\n"
        except (UnicodeError, ValueError):
            ascii_compatible = False
        if not ascii_compatible:
            raise SourceError(f"encoding {cookie!r} in coding cookie is not ASCII-compatible")
        encoding = info.name
    if bom and encoding != "utf-8":
        raise SourceError(f"coding cookie {cookie!r} conflicts with the UTF-8 byte-order mark")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = len(_LINE_BREAK.findall(data, 0, err.start)) + 1
        said = f"{cookie}, as the coding cookie says" if cookie else "utf-8"
        raise SourceError(f"cannot decode as {said} (byte 0x{data[err.start]:02x} at line {line})") from None
    except (UnicodeError, LookupError, ValueError) as err:
        raise SourceError(f"cannot decode as {cookie or 'utf-8'}: {err}") from None
    # Python counts lines the same way for CRLF, CR and LF; only LF keeps our line splitting simple.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_program(path: str) -> Program:
    """Read a .py file or a .ipynb notebook into a Program; any failure is a SourceError."""
    return program_from_bytes(path, read_source_bytes(path))


def program_from_bytes(path: str, data: bytes) -> Program:
    """The Program of a file's bytes read elsewhere (`bpscan -` reads stdin); `path` names it."""
    if len(data) > MAX_BYTES:
        raise SourceError(_too_large(len(data)))
    if path.lower().endswith(".ipynb"):
        from bpscan.notebook import notebook_program

        return notebook_program(path, data)
    return Program(path=path, text=decode_source(data))


def _parse(text: str, filename: str) -> ast.Module:
    """ast.parse, with every non-syntax failure turned into a SourceError."""
    gc_was_enabled = gc.isenabled()
    outer_limit = getattr(_deep, "outer_limit", None)
    deep_limit = sys.getrecursionlimit()
    try:
        if outer_limit is not None:
            # On the deep stack, parse as deep as CPython parses a script with its own recursion
            # limit: the frames below this one do not count against a script.
            sys.setrecursionlimit(outer_limit + _frames())
        with warnings.catch_warnings():
            # Invalid escapes and the like are the user's business, not ours to print.
            warnings.simplefilter("ignore")
            # Syntax trees hold no cycles; collecting while millions of nodes are created only
            # slows big files down (a 10 MB file parses 2.5 times faster without it).
            gc.disable()
            return ast.parse(text, filename)
    except (RecursionError, MemoryError) as err:
        # The C parser reports extreme nesting as RecursionError or (for unary chains) MemoryError.
        # The recursion limit left depends on how deep this call is: on the deep stack, the
        # parse is tried again with as much room as CPython gives a script.
        error = NestedTooDeeply if isinstance(err, RecursionError) and outer_limit is None else SourceError
        raise error("expression nested too deeply to analyse") from None
    except ValueError as err:
        raise SourceError(f"cannot parse: {err}") from None
    finally:
        if outer_limit is not None:
            sys.setrecursionlimit(deep_limit)
        if gc_was_enabled:
            gc.enable()


def _frames() -> int:
    frame, count = sys._getframe(), 0
    while frame is not None:
        frame, count = frame.f_back, count + 1
    return count


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def nesting_too_deep(tree: ast.AST, text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line of a node nested more than `limit` levels deep, or None when the tree is shallower.

    A node spanning n characters cannot hold more than about 3n levels below it (each level
    consumes at least one token, with at most two position-less levels such as `arguments` or
    an operator in between), so short subtrees are skipped without being walked.
    """
    starts: list[int] | None = None
    iter_children = ast.iter_child_nodes
    stack: list[tuple[ast.AST, int, int]] = [(tree, 0, 1)]
    while stack:
        node, depth, line = stack.pop()
        child_depth = depth + 1
        for child in iter_children(node):
            child_line = getattr(child, "lineno", None) or line
            if child_depth > limit:
                return child_line
            end_line = getattr(child, "end_lineno", None)
            if end_line is not None:
                if end_line == child_line:
                    span = child.end_col_offset - child.col_offset  # type: ignore[attr-defined]
                else:
                    if starts is None:
                        starts = _line_starts(text)
                    if end_line <= len(starts):
                        span = starts[end_line - 1] + child.end_col_offset - starts[child_line - 1]  # type: ignore[attr-defined]
                    else:
                        span = -1
                if 0 <= span and child_depth + 3 * span + 16 <= limit:
                    continue
            stack.append((child, child_depth, child_line))
    return None


def _plain_lines(text: str) -> str:
    """The text without a byte-order mark, every line break a plain newline."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:  # Python counts CR and CRLF as line breaks too; lines and columns stay put
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse_python(text: str, filename: str = "<string>") -> tuple[ast.Module, tuple[str, ...]]:
    """Parse program text; Python 2 scripts are read through py2's rewrite, with a note saying so.

    Raises SourceError with a one-line diagnostic: the original syntax error's line and column,
    a Python 2 construct that cannot be rewritten, NUL characters, or nesting too deep to analyse.
    """
    text = _plain_lines(text)
    nul = text.find("\0")
    if nul >= 0:
        raise SourceError(f"not a text file (NUL byte at offset {nul})")
    try:
        tree = _parse(text, filename)
    except SyntaxError as err:
        original = err
    else:
        _check_depth(tree, text)
        if "marimo" in text:
            from bpscan.marimo import as_script, is_marimo

            if is_marimo(tree):
                tree = as_script(tree)
        return tree, ()
    ipython = _parse_as_ipython(text, filename)
    if ipython is not None:
        tree, fixed, notes = ipython
        _check_depth(tree, fixed)
        return tree, notes
    newer = _parse_newer_fstrings(text, filename, original)
    if newer is not None:
        tree, fixed, notes = newer
        _check_depth(tree, fixed)
        return tree, notes
    tree, fixed, notes = _parse_as_python2(text, filename, original)
    _check_depth(tree, fixed)
    return tree, notes


#: at most this many lines are put aside: more is not a slip in a script but text that is no Python at all
_MAX_SKIPPED = 6


def parse_in_part(text: str, refused: SourceError,
                  filename: str = "<string>") -> tuple[ast.Module, tuple[str, ...]] | None:
    """After parse_python refused `text` for a syntax error: a slip in a line (`def Layer:`, a quote left open,
    output pasted under a notebook's cell) costs that line, not the file. Each line Python stops at is put
    aside - a block's header kept as a block that always runs, any other line blanked - until the file parses.
    The tree and a note saying so; None when it still does not parse, when more than a few lines (or more than
    a twentieth of the file's) would go, or when the refusal is no slip (a limit of the parser, newer Python's
    syntax, a Python 2 construct, an unreadable file)."""
    said = str(refused)
    if not said.startswith("syntax error") or "nested" in said or "Python 3.12 syntax" in said or "Python 2" in said:
        return None
    from bpscan.notebook import blank_ipython

    lines = _plain_lines(text).split("\n")
    blanked = blank_ipython(lines)
    magics = sum(1 for a, b in zip(lines, blanked) if a != b)
    lines = blanked
    code = sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))
    most = min(_MAX_SKIPPED, code // 20)
    skipped: list[int] = []
    first: SyntaxError | None = None
    while True:
        try:
            tree = _parse("\n".join(lines), filename)
            break
        except SyntaxError as err:
            line = err.lineno
            if len(skipped) >= most or line is None or not 0 < line <= len(lines) or not lines[line - 1].strip() \
                    or line in skipped:
                return None
            first = first or err
            lines[line - 1] = _put_aside(lines, line - 1)
            skipped.append(line)
    if first is None:
        return None  # (IPython lines alone are _parse_as_ipython's to note)
    _check_depth(tree, "\n".join(lines))
    where = ", ".join(str(n) for n in sorted(skipped))
    also = f", its IPython line{'s' if magics > 1 else ''} blanked" if magics else ""
    return tree, (f"{READ_IN_PART}{_syntax_error(first)}; analysed without line{'s' if len(skipped) > 1 else ''} "
                  f"{where}{also}, so no finding says that something is missing",)


def _put_aside(lines: list[str], i: int) -> str:
    """What replaces a line Python cannot read: a header whose block is below kept as a block that always runs
    (`class Name:` when the block's functions take `self`: `def Affine:` over methods), else nothing."""
    line = lines[i]
    indent = len(line) - len(line.lstrip())
    block = []
    for below in lines[i + 1:]:
        if not below.strip() or below.lstrip().startswith("#"):
            continue
        if len(below) - len(below.lstrip()) <= indent:
            break
        block.append(below)
    if not line.rstrip().endswith(":") or not block:
        return ""
    named = _HEADER_NAME.match(line)
    if named and any(_METHOD.match(b) for b in block):
        return f"{line[:indent]}class {named.group(1)}:"
    return line[:indent] + "if True:"


_HEADER_NAME = re.compile(r"\s*(?:def|class)\s+(\w+)")
_METHOD = re.compile(r"\s*def\s+\w+\s*\(\s*self\b")


def _parse_as_ipython(text: str, filename: str) -> tuple[ast.Module, str, tuple[str, ...]] | None:
    """Second try after a syntax error: a script saved from a notebook keeps its IPython lines (`%matplotlib
    inline`, `!pip install ...`); blanked line for line, as IPython reads them, the rest may be Python. None when
    there are none, or the file still does not parse without them."""
    if "%" not in text and "!" not in text and "?" not in text:
        return None
    from bpscan.notebook import blank_ipython

    lines = text.split("\n")
    blanked = blank_ipython(lines)
    changed = [i + 1 for i, (a, b) in enumerate(zip(lines, blanked)) if a != b]
    if not changed:
        return None
    fixed = "\n".join(blanked)
    try:
        tree = _parse(fixed, filename)
    except SyntaxError:
        return None
    where = ", ".join(str(n) for n in changed[:3]) + (" ..." if len(changed) > 3 else "")
    return tree, fixed, (f"read with its IPython lines blanked (line{'s' if len(changed) > 1 else ''} {where})",)


def _parse_newer_fstrings(
    text: str, filename: str, original: SyntaxError
) -> tuple[ast.Module, str, tuple[str, ...]] | None:
    """Second try after an f-string's syntax error on a Python before 3.12: Python 3.12 lets an f-string's
    fields reuse its quotes (`f"{d["k"]}"`); read with every f-string's text blanked, the rest may parse."""
    if sys.version_info >= (3, 12) or not (original.msg or "").startswith("f-string"):
        return None
    from bpscan.fstrings import blank_fstrings

    fixed = blank_fstrings(text)
    try:
        tree = _parse(fixed, filename)
    except SyntaxError:
        return None
    return tree, fixed, (f"read with its f-strings blanked (Python 3.12 f-string syntax at line {original.lineno}; "
                         f"bpscan runs on Python {sys.version_info[0]}.{sys.version_info[1]})",)


def _check_depth(tree: ast.AST, text: str) -> None:
    if getattr(_deep, "outer_limit", None) is not None:
        return  # on the deep stack: whatever CPython parses can be analysed
    line = nesting_too_deep(tree, text)
    if line is not None:
        raise NestedTooDeeply.at("expression nested too deeply to analyse", line)


def with_stack_for(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """fn(*args, **kwargs), run again on a thread with a large stack when the tree it parses is too deep.

    `fn` parses with parse_python. A tree deeper than MAX_DEPTH would overflow this thread's
    stack in the recursive analysis, so parse_python refuses it (NestedTooDeeply); the second run,
    on the deep stack, accepts every tree CPython itself parses.
    """
    try:
        return fn(*args, **kwargs)
    except NestedTooDeeply:
        if getattr(_deep, "outer_limit", None) is not None:
            raise
    return _on_deep_stack(fn, *args, **kwargs)


def _on_deep_stack(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    outcome: dict[str, object] = {}
    outer_limit = sys.getrecursionlimit()

    def run() -> None:
        _deep.outer_limit = outer_limit
        try:
            outcome["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the calling thread
            outcome["error"] = exc

    old_size = threading.stack_size()
    try:
        threading.stack_size(DEEP_STACK_BYTES)
        worker = threading.Thread(target=run, name="bpscan-deep-stack", daemon=True)
        # The limit is interpreter-wide; the calling thread only waits meanwhile.
        sys.setrecursionlimit(max(outer_limit, DEEP_RECURSION_LIMIT))
        try:
            worker.start()
            worker.join()
        finally:
            sys.setrecursionlimit(outer_limit)
    except (ValueError, RuntimeError, MemoryError):
        # No thread with such a stack here (a 32-bit build, a memory limit): the file stays refused.
        return fn(*args, **kwargs)
    finally:
        threading.stack_size(old_size)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _parse_as_python2(
    text: str, filename: str, original: SyntaxError
) -> tuple[ast.Module, str, tuple[str, ...]]:
    """Second try after a syntax error: rewrite Python 2 constructs, keeping every line in place.

    Returns the tree, the rewritten text it was parsed from, and the note naming the rewrites.
    """
    from bpscan import py2  # only files that fail to parse pay for tokenize

    line = original.lineno
    lines = text.split("\n")
    nearby = "\n".join(lines[max(0, (line or 1) - 3) : line or 0])
    if not isinstance(original, TabError) and not py2.may_be_python2(nearby):
        # Nothing Python 2 where Python 3 stopped: no need to tokenize the whole file.
        raise _syntax_error(original, _newer_syntax(text, line))
    rewrite = py2.rewrite(text)
    fixed, fixes = rewrite.text, list(rewrite.fixes)
    if isinstance(original, TabError) and not fixes:
        fixed, fixes = py2.expand_indent_tabs(text), [py2.TABS]
    failure: SyntaxError = original
    while fixes:
        try:
            tree = _parse(fixed, filename)
        except TabError as err:
            failure = err
            if py2.TABS in fixes:
                break
            fixed, fixes = py2.expand_indent_tabs(fixed), fixes + [py2.TABS]
        except SyntaxError as err:
            failure = err
            break
        else:
            py2.unpack_tuple_params(tree, rewrite.unpack)
            return tree, fixed, (f"read as Python 2 ({', '.join(fixes)})",)
    if fixes and fixes != [py2.TABS]:
        # A Python 2 file: what stops it is at the fixed text's error line, which is the user's line.
        line = failure.lineno
        what = py2.unfixable_construct(fixed, line) if line else None
        if what is None:
            raise _syntax_error(failure, " (in a Python 2 file)")
    else:
        what = py2.unfixable_construct(text, line) if line else None
        if what is None:
            raise _syntax_error(original, _newer_syntax(text, line))
    raise SourceError.at(f"Python 2 file: {what}", line, None, " cannot be read as Python 3")


#: statements only Python 3.12 and later parse: `type X = ...`, `def f[T](...)`, `class C[T]:`
_PY312 = re.compile(r"^\s*(type\s+\w+\s*(\[[^\]]*\])?\s*=|(async\s+)?def\s+\w+\s*\[|class\s+\w+\s*\[)")


def _newer_syntax(text: str, lineno: int | None) -> str:
    """A hint when the failing line is syntax of a newer Python than the one bpscan runs on."""
    if sys.version_info >= (3, 12) or not lineno:
        return ""
    lines = text.split("\n")
    if lineno <= len(lines) and _PY312.match(lines[lineno - 1]):
        return f" (Python 3.12 syntax; bpscan runs on Python {sys.version_info[0]}.{sys.version_info[1]})"
    return ""


def _syntax_error(err: SyntaxError, suffix: str = "") -> SourceError:
    return SourceError.at("syntax error", err.lineno, err.offset or None, f": {_message(err)}{suffix}")


def _message(err: SyntaxError) -> str:
    return err.msg or "invalid syntax"


def change_diff(path: str, before: bytes, after: bytes, encoding: str) -> str:
    """A `diff -u` of a file's change (annotate --diff, --fix --diff), with git's marker for a missing
    final newline."""
    import difflib

    old = before.decode(encoding, errors="replace").splitlines(keepends=True)
    new = after.decode(encoding, errors="replace").splitlines(keepends=True)
    name = path.replace(os.sep, "/").lstrip("/")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"))
