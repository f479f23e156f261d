"""Fixes: the edits that turn a finding's `expected` statement into the file, and `bpscan --fix`.

A rule says in its docstring whether its fix is certain: a line `Fix: always` (every finding carries
the statement), `Fix: when offered` (a finding carries one only when the right statement is
certain) or `Fix: never`. A finding's fix is *applicable* when its rule's fix is certain, the finding
is of high confidence, it carries `expected`, and `expected` is a rewrite of the flagged statement (the
same kind of statement, assigning the same targets) or, for a fix that adds a statement
(`insert_after`), a statement of its own.

The edits are as small as the change: the flagged statement's syntax tree is compared with the
expected one and only the differing sub-expressions (or the operator token) are replaced, so the
user's spacing, quotes and parentheses stay (`W2 -= vel["W2"]` becomes `W2 += vel["W2"]`, not
`W2 += vel['W2']`). Everything outside the edits stays byte for byte (CRLF, tabs, comments, the
encoding). Positions follow the findings': lines 1-based, columns 1-based in UTF-8 bytes of the line,
`end_column` one past the end.

`bpscan --fix` applies the applicable fixes of each file, checks them by analysing the fixed file
again (a fix whose own finding stays, or after which a new finding appears, is not applied) and writes
the file; libcst parses each new statement (and the fixed module, when it read the original) to
validate it. libcst is imported only on that path. A notebook is fixed cell by cell: a finding's positions
are lines of its cell, its edits are written into that cell's source (only on lines the analysis read as
written) and the notebook is written back by bpscan.notebook.with_sources.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterable, Sequence

from bpscan.results import FileResult, Finding

#: The values of a rule docstring's `Fix:` line; the first two are certain.
POLICIES = ("always", "when offered", "never")
CERTAIN = frozenset({"always", "when offered"})
_POLICY_LINE = re.compile(r"^Fix:[ \t]*(always|when offered|never)[ \t]*$", re.MULTILINE)

_BINOP = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.MatMult: "@", ast.FloorDiv: "//",
          ast.Mod: "%", ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^",
          ast.BitAnd: "&"}
_OPERATOR = re.compile(r"[-+*/@%<>&|^=!]+")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from (line, column) to (end_line, end_column) with `content` (an insertion when
    the two positions are equal). Positions as in a Finding."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


def edit_to_dict(e: Edit) -> dict[str, Any]:
    return {"line": e.line, "column": e.column, "end_line": e.end_line, "end_column": e.end_column,
            "content": e.content}


@lru_cache(maxsize=None)
def fix_policy(code: str) -> str:
    """`always`, `when offered` or `never`: what the rule's docstring says of its fixes (never if silent)."""
    from bpscan.registry import find_rule

    info = find_rule(code)
    m = _POLICY_LINE.search(info.doc) if info is not None else None
    return m.group(1) if m else "never"


def certain(f: Finding) -> bool:
    """The finding's rule marks its fix certain, the finding is of high confidence and offers a statement
    in the file it was reported in (a notebook's cell included; not another file of the project)."""
    return (f.expected is not None and f.confidence == "high" and f.path is None
            and fix_policy(f.code) in CERTAIN)


# --- positions ---------------------------------------------------------------------------------------


class _Text:
    """A text and its lines (split on \\n only, so \\r stays with its line), positions by UTF-8 byte column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for ln in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(ln) + 1)

    def offset(self, line: int, col0: int) -> int:
        """Character offset of 1-based `line`, 0-based byte column `col0`."""
        if not 1 <= line <= len(self.lines):
            raise ValueError("line out of range")
        raw = self.lines[line - 1].encode("utf-8")
        if col0 > len(raw):
            raise ValueError("column out of range")
        return self.starts[line - 1] + len(raw[:col0].decode("utf-8", errors="ignore"))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and 0-based byte column of a character offset."""
        import bisect

        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, len(self.lines[i][: offset - self.starts[i]].encode("utf-8"))


def _span(node: ast.AST) -> tuple[int, int, int, int]:
    return node.lineno, node.col_offset, node.end_lineno, node.end_col_offset  # type: ignore[attr-defined,return-value]


# --- the smallest edits between two statements --------------------------------------------------------


class _Whole(Exception):
    """The two trees differ where no smaller edit can express it."""


def _quoted(original: str, value: str) -> str:
    """A string literal for `value` in the quotes of the literal `original`, where that is plain."""
    text = repr(value)
    body = original.lstrip("rRbBuUfF")
    if body[:1] == '"' and text[:1] == "'" and '"' not in value and not body.startswith('"""'):
        return '"' + text[1:-1].replace("\\'", "'") + '"'
    return text


def _diff(a: ast.AST, b: ast.AST, seg: _Text, out: list[tuple[tuple[int, int, int, int], str]]) -> None:
    """Append (span in seg, new text) edits that turn a into b; raise _Whole when a must go whole."""
    if type(a) is not type(b):
        raise _Whole
    if ast.dump(a) == ast.dump(b):
        return
    if isinstance(a, ast.Constant):
        raise _Whole
    fields_a, fields_b = dict(ast.iter_fields(a)), dict(ast.iter_fields(b))
    differing = 0
    for name, va in fields_a.items():
        vb = fields_b.get(name)
        if isinstance(va, list) and isinstance(vb, list) and len(va) == len(vb):
            differing += sum(1 for xa, xb in zip(va, vb) if _dump(xa) != _dump(xb))
        elif _dump(va) != _dump(vb):
            differing += 1
    if differing > 1:  # more than one part changes: the node is rewritten, not edited
        raise _Whole
    op_changed = False
    for name, va in fields_a.items():
        vb = fields_b.get(name)
        if isinstance(va, ast.AST) and isinstance(vb, ast.AST):
            if ast.dump(va) == ast.dump(vb):
                continue
            if isinstance(va, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.expr_context)):
                if name == "op" and isinstance(a, (ast.BinOp, ast.AugAssign)) and type(vb) in _BINOP:
                    op_changed = True
                    continue
                raise _Whole
            _child(va, vb, seg, out)
        elif isinstance(va, list) and isinstance(vb, list):
            if len(va) != len(vb):
                raise _Whole
            for xa, xb in zip(va, vb):
                if isinstance(xa, ast.AST) and isinstance(xb, ast.AST):
                    if ast.dump(xa) != ast.dump(xb):
                        _child(xa, xb, seg, out)
                elif xa != xb:
                    raise _Whole
        elif va != vb:
            raise _Whole
    if op_changed:
        left, right = (a.target, a.value) if isinstance(a, ast.AugAssign) else (a.left, a.right)  # type: ignore[attr-defined]
        start = seg.offset(left.end_lineno, left.end_col_offset)
        end = seg.offset(right.lineno, right.col_offset)
        gap = seg.text[start:end]
        old = _BINOP[type(a.op)] + ("=" if isinstance(a, ast.AugAssign) else "")  # type: ignore[attr-defined]
        new = _BINOP[type(b.op)] + ("=" if isinstance(a, ast.AugAssign) else "")  # type: ignore[attr-defined]
        code = gap.split("#", 1)[0]
        m = _OPERATOR.search(code)
        if m is None or m.group(0) != old:
            raise _Whole
        line, col = seg.position(start + m.start())
        out.append(((line, col, line, col + len(old)), new))


def _dump(v: Any) -> Any:
    return ast.dump(v) if isinstance(v, ast.AST) else v


def _child(a: ast.AST, b: ast.AST, seg: _Text, out: list[tuple[tuple[int, int, int, int], str]]) -> None:
    try:
        _diff(a, b, seg, out)
    except _Whole:
        if not hasattr(a, "lineno") or not isinstance(a, ast.expr):
            raise
        old = seg.text[seg.offset(a.lineno, a.col_offset):seg.offset(a.end_lineno, a.end_col_offset)]  # type: ignore[arg-type]
        if isinstance(a, ast.Constant) and isinstance(b, ast.Constant) and isinstance(a.value, str) \
                and isinstance(b.value, str) and not isinstance(a.value, bytes):
            out.append((_span(a), _quoted(old, b.value)))
        elif isinstance(b, ast.Attribute) and ast.dump(b.value) == ast.dump(a):
            # `w` -> `w.T`: the operand as the file spells it (its quotes, its line breaks), then the attribute
            out.append((_span(a), (old if isinstance(a, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))
                                   else f"({old})") + "." + b.attr))
        elif isinstance(a, ast.Attribute) and ast.dump(a.value) == ast.dump(b):
            inner = a.value
            start = seg.offset(inner.lineno, inner.col_offset)
            end = seg.offset(inner.end_lineno, inner.end_col_offset)  # type: ignore[arg-type]
            out.append((_span(a), seg.text[start:end]))
        else:
            out.append((_span(a), ast.unparse(b)))


def _apply(seg: _Text, edits: Sequence[tuple[tuple[int, int, int, int], str]], wrap: bool) -> str:
    text = seg.text
    for (l1, c1, l2, c2), new in sorted(edits, key=lambda e: e[0], reverse=True):
        if wrap and not _OPERATOR.fullmatch(new):
            new = f"({new})"
        text = text[:seg.offset(l1, c1)] + new + text[seg.offset(l2, c2):]
    return text


def _same(text: str, want: ast.stmt) -> bool:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    return len(tree.body) == 1 and ast.dump(tree.body[0]) == ast.dump(want)


def _root(target: ast.expr) -> str:
    """What an assignment target writes, whatever elements: `d[mask]` writes d."""
    while isinstance(target, ast.Subscript):
        target = target.value
    return ast.dump(target)


def _targets(node: ast.stmt) -> list[str] | None:
    if isinstance(node, ast.Assign):
        return [_root(t) for t in node.targets]
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return [_root(node.target)]
    return None


class NotApplicable(Exception):
    """Why a finding's fix cannot be written (str(): one short reason)."""


def _statement(text: str) -> ast.stmt:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        raise NotApplicable("the offered fix is not a statement") from None
    if len(tree.body) != 1:
        raise NotApplicable("the offered fix is not one statement")
    return tree.body[0]


def edits_for(f: Finding, source: str) -> tuple[Edit, ...]:
    """The edits of a finding's fix in `source` (the text the finding's positions refer to).

    Raises NotApplicable when the expected statement is not a rewrite of the flagged one or the flagged
    text cannot be read back.
    """
    if f.expected is None:
        raise NotApplicable("no statement offered")
    want = _statement(f.expected)
    text = _Text(source)
    if f.move_before is not None:
        return _move(f, text)
    if f.insert_after is not None:
        if not 1 <= f.insert_after <= len(text.lines):
            raise NotApplicable("the line to add after is not in the file")
        anchor = text.lines[f.insert_after - 1]
        indent = anchor[: len(anchor) - len(anchor.lstrip(" \t"))]
        eol = "\r\n" if anchor.endswith("\r") else "\n"
        if f.insert_after == len(text.lines):  # the last line, without a final newline
            end = len(anchor.encode("utf-8")) + 1
            return (Edit(f.insert_after, end, f.insert_after, end, eol + indent + f.expected),)
        return (Edit(f.insert_after + 1, 1, f.insert_after + 1, 1, indent + f.expected + eol),)
    try:
        start = text.offset(f.line, f.column - 1)
        end = text.offset(f.end_line, f.end_column - 1)
    except ValueError:
        raise NotApplicable("the flagged statement is not where the finding says") from None
    seg = _Text(source[start:end])
    try:
        tree = ast.parse(seg.text)
    except SyntaxError:
        raise NotApplicable("the flagged statement cannot be read back on its own") from None
    if len(tree.body) != 1:
        raise NotApplicable("the flagged span is not one statement")
    have = tree.body[0]
    # (`x = v` becoming `x += v`, of one target, rewrites the same statement: an assignment that must add; and
    # `x += v` becoming `x = v`, one that must not)
    added = isinstance(have, ast.Assign) and isinstance(want, ast.AugAssign) and len(have.targets) == 1 or \
        isinstance(have, ast.AugAssign) and isinstance(want, ast.Assign) and len(want.targets) == 1
    if type(have) is not type(want) and not added or _targets(have) != _targets(want):
        raise NotApplicable("the offered statement does not rewrite the flagged one")
    pieces: list[tuple[tuple[int, int, int, int], str]] = []
    try:
        _diff(have, want, seg, pieces)
    except (_Whole, ValueError):
        pieces = []
    new = None
    if pieces:
        for wrap in (False, True):
            candidate = _apply(seg, pieces, wrap)
            if _same(candidate, want):
                new = pieces if not wrap else [(s, t if _OPERATOR.fullmatch(t) else f"({t})") for s, t in pieces]
                break
    if not new:  # the whole statement, as offered
        return (Edit(f.line, f.column, f.end_line, f.end_column, f.expected),)
    out = []
    for (l1, c1, l2, c2), content in sorted(new):
        # segment positions to file positions: the segment's first line starts at the finding's column
        out.append(Edit(f.line + l1 - 1, (c1 + f.column - 1 if l1 == 1 else c1) + 1,
                        f.line + l2 - 1, (c2 + f.column - 1 if l2 == 1 else c2) + 1, content))
    return tuple(out)


def _move(f: Finding, text: "_Text") -> tuple[Edit, ...]:
    """The flagged statement's whole lines moved above line `move_before`, at that line's indentation."""
    n = len(text.lines)
    if not (1 <= f.move_before < f.line <= f.end_line <= n):
        raise NotApplicable("the line to move above is not before the statement")
    block = text.lines[f.line - 1:f.end_line]
    first = block[0]
    own = first[: len(first) - len(first.lstrip(" \t"))]
    if len(own.encode("utf-8")) + 1 != f.column:
        raise NotApplicable("the statement does not start its line")
    anchor = text.lines[f.move_before - 1]
    indent = anchor[: len(anchor) - len(anchor.lstrip(" \t"))]
    if indent != own:
        raise NotApplicable("the statement and the line to move above are not in the same block")
    eol = "\r\n" if first.endswith("\r") else "\n"
    if f.end_line == n:
        raise NotApplicable("the statement ends the file")  # no line break to carry with it
    moved = "".join(line.rstrip("\r") + eol for line in block)
    return (Edit(f.move_before, 1, f.move_before, 1, moved), Edit(f.line, 1, f.end_line + 1, 1, ""))


def foreign_names(expected: str, source: str) -> list[str]:
    """The names `expected` reads that `source` never mentions: a statement worded in another file's names
    (a library's fault found through the script that calls it names the script's variables)."""
    try:
        tree = ast.parse(expected)
    except SyntaxError:
        return []
    known = set(re.findall(r"[A-Za-z_]\w*", source))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return sorted(n for n in names if n not in known and not hasattr(builtins, n))


def cell_source(f: Finding, cells: dict[int, Any]) -> str:
    """The source of the notebook cell a finding is in, where its fix can be written: the flagged lines
    (or the line to add after) are analysed as written, not a magic, a `%time` line or an indented cell.
    Raises NotApplicable otherwise."""
    cell = cells.get(f.cell) if f.cell is not None else None
    if cell is None:
        raise NotApplicable("the statement is not in a code cell")
    lines = list(range(f.line, f.end_line + 1)) if f.insert_after is None else [f.insert_after]
    if f.move_before is not None:
        lines.append(f.move_before)
    if not all(cell.as_written(n) for n in lines):
        raise NotApplicable("the statement is on a line IPython rewrites")
    return str(cell.source)


def notebook_cells(path: str, analysed: str | None) -> dict[int, Any] | None:
    """The code cells of the notebook at `path` by number (bpscan.notebook.CodeCell), or None when it
    cannot be read now or is not the notebook whose program is `analysed` (stdin, or changed since)."""
    try:
        from bpscan.notebook import notebook_from_text

        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8-sig")
        if notebook_from_text(path, text).text != analysed:
            return None
        from bpscan.notebook import code_cells

        return {c.index: c for c in code_cells(text)[0]}
    except Exception:  # moved or unreadable since the analysis: its fixes are not offered
        return None


def fix_of(f: Finding, source: str | None, cells: dict[int, Any] | None = None) -> dict[str, Any]:
    """The JSON `fix` object of a finding: {"applicable": bool, "edits": [...]} (ruff's shape). `source` is
    the analysed text; for a notebook finding `cells` (notebook_cells) gives its cell's source, and the
    edits' lines are lines of that cell, as the finding's are."""
    if f.expected is None or source is None or f.path is not None or (f.cell is not None and cells is None):
        # another file's finding has no source here
        return {"applicable": False, "edits": []}
    try:
        edits = edits_for(f, cell_source(f, cells) if f.cell is not None and cells is not None else source)
        strange = foreign_names(f.expected, source)
    except NotApplicable:
        return {"applicable": False, "edits": []}
    except Exception:  # never let a fix break a report
        return {"applicable": False, "edits": []}
    return {"applicable": certain(f) and not strange, "edits": [edit_to_dict(e) for e in edits]}


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """`source` with the edits written in (they must not overlap)."""
    text = _Text(source)
    ordered = sorted(edits, key=lambda e: (e.line, e.column, e.end_line, e.end_column))
    for a, b in zip(ordered, ordered[1:]):
        if (b.line, b.column) < (a.end_line, a.end_column):
            raise NotApplicable("two fixes overlap")
    out = source
    for e in reversed(ordered):
        out = out[:text.offset(e.line, e.column - 1)] + e.content + out[text.offset(e.end_line, e.end_column - 1):]
    return out


# --- bpscan --fix ------------------------------------------------------------------------------------


@dataclass
class FileFix:
    """What --fix did (or, with --diff, would do) to one file."""

    path: str
    before: bytes
    after: bytes
    encoding: str
    fixed: list[Finding]
    declined: list[tuple[Finding, str]]
    result: FileResult  # the analysis of `after` (the original result when nothing changed)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _key(f: Finding, shift: Any) -> tuple[str, int | None, int, str]:
    # messages cite lines, which an added statement moves: compare them without the numbers
    return f.code, f.cell, shift(f.cell, f.line), re.sub(r"\d+", "#", f.message)


def _lines_added(edits: Iterable[Edit]) -> list[int]:
    """The lines before which an insertion adds one line (insertions add exactly one)."""
    return sorted(e.line for e in edits if (e.line, e.column) == (e.end_line, e.end_column)
                  and "\n" in e.content)


def _check(task: Any, data: bytes) -> FileResult:
    from bpscan.engine import FileTask, check_file

    return check_file(FileTask(task.path, task.enabled, task.src, data))


def _high(r: FileResult) -> list[Finding]:
    return [f for f in r.findings if f.confidence == "high"]


def _validate(statement: str) -> str | None:
    import libcst as cst

    try:
        cst.parse_statement(statement)
    except Exception:
        return "libcst does not read the offered statement"
    return None


def _is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


#: A planned fix: the finding, the cell its edits are in (None in a .py file), and the edits.
_Plan = tuple[Finding, int | None, tuple[Edit, ...]]


def fix_file(task: Any, result: FileResult) -> FileFix:
    """Apply the certain fixes of one analysed file (a .py file, or a notebook's code cells); nothing is
    written here."""
    import tokenize
    import io

    with open(task.path, "rb") as fh:
        data = fh.read()
    notebook = _is_notebook(task.path)
    cells: dict[int, Any] = {}
    if notebook:
        from bpscan.notebook import code_cells

        # positions in a notebook finding are lines of its cell: each cell's source is edited on its own
        encoding = "utf-8"
        cells = {c.index: c for c in code_cells(data.decode("utf-8-sig"))[0]}
        texts: dict[int | None, str] = {i: c.source for i, c in cells.items()}
    else:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        texts = {None: data.decode(encoding)}
    declined: list[tuple[Finding, str]] = []
    planned: list[_Plan] = []
    program = result.source if result.source is not None else "\n".join(texts.values())  # every cell
    for f in _high(result):
        if not certain(f):
            continue
        try:
            edits = edits_for(f, cell_source(f, cells) if notebook else texts[None])
            strange = foreign_names(f.expected or "", program)
            if strange:
                raise NotApplicable(f"the offered statement names {', '.join(strange)}, which this file does not "
                                    "(it is worded in the names of a file that calls it)")
            if not notebook and result.source is not None and f.insert_after is None:
                # the analysis read a rewritten text (Python 2): the statement must be the same in both
                if edits_for(f, result.source) != edits:
                    raise NotApplicable("the flagged statement differs from the analysed one")
        except NotApplicable as exc:
            declined.append((f, str(exc)))
            continue
        problem = _validate(f.expected or "")
        if problem:
            declined.append((f, problem))
            continue
        planned.append((f, f.cell if notebook else None, edits))

    import libcst as cst

    cst_reads = False
    if not notebook:  # a notebook is not one module; the re-analysis reads every cell
        try:
            cst.parse_module(data)
            cst_reads = True
        except Exception:
            pass

    def attempt(chosen: list[_Plan]) -> tuple[bytes, FileResult] | str:
        by_unit: dict[int | None, list[Edit]] = {}
        for _, unit, es in chosen:
            by_unit.setdefault(unit, []).extend(es)
        try:
            fixed = {unit: apply_edits(texts[unit], edits) for unit, edits in by_unit.items()}
        except NotApplicable as exc:
            return str(exc)
        if notebook:
            from bpscan.notebook import NotebookWriteError, with_sources

            try:
                new = with_sources(data, {unit: text for unit, text in fixed.items() if unit is not None})
            except NotebookWriteError as exc:
                return str(exc)
        else:
            try:
                new = fixed[None].encode(encoding)
            except UnicodeEncodeError:
                return f"the fixed text cannot be written in {encoding}"
        if cst_reads:
            try:
                module = cst.parse_module(new)
                if module.bytes != new:
                    return "libcst does not round-trip the fixed file"
            except Exception:
                return "libcst cannot parse the fixed file"
        added = {unit: _lines_added(edits) for unit, edits in by_unit.items()}

        def shift(unit: int | None, line: int) -> int:
            return line + sum(1 for a in added.get(unit, ()) if a <= line)

        after = _check(task, new)
        if after.error:
            return f"the fixed file cannot be analysed: {after.error}"
        counts: dict[tuple[str, int | None, int, str], int] = {}
        for f in _high(after):
            k = (f.code, f.cell, f.line, re.sub(r"\d+", "#", f.message))
            counts[k] = counts.get(k, 0) + 1
        expect: dict[tuple[str, int | None, int, str], int] = {}
        for f in _high(result):
            k = _key(f, shift)
            expect[k] = expect.get(k, 0) + 1
        for f, _, _ in chosen:
            expect[_key(f, shift)] -= 1
        for k, n in counts.items():
            if n > expect.get(k, 0):
                own = any(_key(f, shift) == k for f, _, _ in chosen)
                where = f"line {k[2]}" if k[1] is None else f"cell {k[1]}, line {k[2]}"
                return "its finding stays after the fix" if own else f"it would introduce {k[0]} at {where}"
        return new, after

    accepted: list[_Plan] = []
    outcome: tuple[bytes, FileResult] | None = None
    if planned:
        whole = attempt(planned)
        if not isinstance(whole, str):
            accepted, outcome = list(planned), whole
        else:
            # rule by rule (a crossed pair is one mistake written twice), then one at a time
            groups: dict[str, list[_Plan]] = {}
            for item in planned:
                groups.setdefault(item[0].code, []).append(item)
            for group in groups.values():
                tried = attempt(accepted + group)
                if not isinstance(tried, str):
                    accepted, outcome = accepted + group, tried
                    continue
                for item in group:
                    tried = attempt(accepted + [item])
                    if isinstance(tried, str):
                        declined.append((item[0], tried))
                    else:
                        accepted, outcome = accepted + [item], tried
    if outcome is None:
        return FileFix(task.path, data, data, encoding, [], declined, result)
    new, after = outcome
    return FileFix(task.path, data, new, encoding, [f for f, _, _ in accepted], declined,
                   replace(after, path=result.path))


def unified_diff(fix: FileFix) -> str:
    """A `diff -u` of the change, with git's marker for a missing final newline."""
    from bpscan.source import change_diff

    if _is_notebook(fix.path):
        from bpscan.notebook import cells_diff

        return cells_diff(fix.path, fix.before, fix.after)
    return change_diff(fix.path, fix.before, fix.after, fix.encoding)


def write(path: str, data: bytes) -> None:
    """In place (not a rename), so the file keeps its inode, mode, owner and hard links."""
    with open(path, "r+b") as fh:
        fh.write(data)
        fh.truncate()


def where(f: Finding) -> str:
    """`path:`-relative place of a finding in a message: `40` in a file, `cell 4:line 22` in a notebook."""
    return str(f.line) if f.cell is None else f"cell {f.cell}:line {f.line}"


def run(tasks: Sequence[Any], results: Sequence[FileResult], *,
        write_files: bool) -> tuple[list[FileResult], list[FileFix], list[str], list[str]]:
    """--fix over analysed files: the results after fixing, what was done per file, messages, and errors
    (a notebook to fix when nbformat is missing: the run then exits 2, as for a missing path)."""
    by_path = {t.path: t for t in tasks}
    out: list[FileResult] = []
    fixes: list[FileFix] = []
    messages: list[str] = []
    errors: list[str] = []
    for r in results:
        task = by_path.get(r.path)
        if task is None or r.error or not any(certain(f) for f in r.findings):
            out.append(r)
            continue
        if _is_notebook(r.path):
            from bpscan.notebook import NEEDS_NBFORMAT, nbformat_missing, unwritable

            if nbformat_missing():
                errors.append(f"{r.path}: {NEEDS_NBFORMAT}")
                out.append(r)
                continue
            try:
                with open(r.path, "rb") as fh:
                    problem = unwritable(fh.read())
            except OSError as exc:
                problem = exc.strerror or str(exc)
            if problem:  # said once for the file, not once per finding
                messages.append(f"{r.path}: not fixed: {problem}")
                out.append(r)
                continue
        try:
            done = fix_file(task, r)
        except OSError as exc:
            messages.append(f"{r.path}: not fixed: {exc.strerror or exc}")
            out.append(r)
            continue
        for f, why in done.declined:
            messages.append(f"{r.path}:{where(f)}: {f.code} not fixed: {why}")
        if done.changed and write_files:
            try:
                write(r.path, done.after)
            except OSError as exc:
                messages.append(f"{r.path}: cannot write: {exc.strerror or exc}")
                out.append(r)
                continue
        fixes.append(done)
        out.append(done.result if write_files else r)
    return out, fixes, messages, errors
