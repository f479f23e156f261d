"""`bpscan annotate`: write the backward formula tags into the source as trailing comments, via libcst.

Each line that starts a tagged backward statement gets one comment naming its kinds, their formulas
and the layer/parameter, e.g.::

    delta = oz * (1 - oz) * error  # bp-tag: F1: delta = f'(z) * error  [layer 2]
    w1 += learning_rate * dw1  # bp-tag: update: W -= lr * dW  [layer 1, w1]

Rules (documented in `bpscan annotate --help`):

* The comment always starts with ``# bp-tag:``; that marker is how `--strip` and a second run find
  what bpscan wrote. A line without a comment gets two spaces and the tag comment; a line that
  already has a comment keeps it, and the tag comment is appended after two spaces
  (``x = 1  # note  # bp-tag: ...``), so that `# noqa`, `# type: ignore` and `# bp:` stay first.
* The comment goes on the statement's first line; when that line cannot hold a comment (it ends in
  a backslash continuation) it goes on the first line of the statement that can.
* A statement with a finding (high confidence, not suppressed) gets a comment naming the finding and
  its expected statement, never the formula's claim; an update's "sign agrees with the error" is
  written only where the model found its layer descending.
* A comment that would pass the line-length limit goes on a comment line above the statement
  (``annotate-style = "above"`` puts every one there); `--strip` removes those lines too.
* Statements sharing a line share one comment. Running annotate again first removes every
  ``# bp-tag:`` comment, then writes the current tags, so a second run changes nothing.
* Everything else in the file is kept byte for byte: libcst round-trips the rest of the module.
* A notebook is annotated cell by cell: each code cell goes through libcst on its own, its magics and
  shell escapes standing aside as placeholder comments, and only cell sources are written back
  (bpscan.notebook.with_sources).
"""

from __future__ import annotations

import argparse
import bisect
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from bpscan.results import BACKWARD_KINDS, KIND_FORMULA, READ_IN_PART, Tag, read_in_part_note

#: The text every comment written by annotate starts with (after `# `).
MARKER = "bp-tag:"
#: What separates code, or an existing comment, from the tag comment.
SEPARATOR = "  "
_WHOLE = "# " + MARKER
_APPENDED = SEPARATOR + _WHOLE
# The formula without its explanation: "error = t - z (or z - t): the output error" -> "error = t - z (or z - t)".
_GLOSS = re.compile(r": ")

DESCRIPTION = "Write bpscan's backward formula tags into Python files as trailing comments."

EPILOG = f"""\
Every comment written starts with `# {MARKER}`, for example
    delta = oz * (1 - oz) * error  # {MARKER} F1: delta = f'(z) * error  [layer 2]
A line that already has a comment keeps it; the tag comment is appended after it
(`x = f(y)  # note  # {MARKER} ...`). The comment goes on the first line of the statement
(the first one that can hold a comment when the line ends in a backslash).

A statement with a finding says so instead of giving the formula, so a tag never contradicts
the report:
    w3 += lr * grad_w3  # {MARKER} update [layer 3, w3] — BP201 ascent-update: expected w3 -= lr * grad_w3
An update's sign is said to agree with the error only where bpscan established that its layer
descends. A tag that would make its line longer than the limit (annotate-line-length in
[tool.bpscan], else ruff's line-length, else 88) goes on a comment line above the statement;
annotate-style = "above" (or --style above) puts every tag there.

Only the comments are added: everything else stays byte for byte. Running annotate again
replaces the earlier `# {MARKER}` comments instead of adding more; --strip removes them.
Notebooks (.ipynb) are annotated cell by cell: only code cells' sources change (magics stay as
they are; outputs, metadata and the file's JSON layout are kept); --diff shows each changed cell.
Rewriting a notebook needs nbformat (pip install 'bpscan[notebooks]').

exit status:
  0  done (files that could not be analysed are reported on stderr and left unchanged)
  2  usage error: bad options, a path that does not exist or is not a file, or a notebook
     when nbformat is not installed"""


class AnnotateError(Exception):
    """A file that cannot be annotated; str() is a one-line diagnostic."""


def short_formula(kind: str) -> str:
    """The formula of a backward kind, without the explanation that follows it in KIND_FORMULA."""
    return _GLOSS.split(KIND_FORMULA[kind], 1)[0].strip()


def _place(tag: Tag) -> str | None:
    if tag.layer is not None and tag.param is not None:
        return f"layer {tag.layer}, {tag.param}"
    if tag.layer is not None:
        return f"layer {tag.layer}"
    return tag.param


def _kinds_text(kinds: Sequence[str], ascent_free: bool) -> str:
    parts = []
    for k in kinds:
        text = short_formula(k)
        if k == "update":
            # the sign claim only where the model established it (the layer descends)
            text = "W -= lr * dW (sign agrees with the error)" if ascent_free else "W -= lr * dW (direction not established)"
        parts.append(text)
    return "; ".join(parts)


def tag_comment(tags: Sequence[Tag], findings: Sequence[Any] = (), descending: Any = None) -> str:
    """The comment for the tags and findings of one line.

    Without a finding: `# bp-tag: F3 update: dW = ...; W -= ...  [layer 1, w1]` (the update's sign is
    claimed only when `descending(tag)` says the model established it). With findings, the comment names
    them instead of the formulas, so it never contradicts the report:
    `# bp-tag: update [layer 3, w3] — BP201 ascent-update: expected w3 -= lr * grad_w3`.
    """
    kinds = [k for k in BACKWARD_KINDS if any(t.kind == k for t in tags)]
    per_kind = {k: list(dict.fromkeys(p for t in tags if t.kind == k for p in [_place(t)] if p)) for k in kinds}
    if len({tuple(v) for v in per_kind.values()}) <= 1:
        places = per_kind[kinds[0]] if kinds else []
    else:  # the kinds concern different layers: say which is which
        places = [f"{k} {p}" for k in kinds for p in per_kind[k]]
    if any(t.confidence != "high" for t in tags):
        places.append("unsure")
    if findings:
        said = []
        for f in findings:
            text = f"{f.code} {f.name}"
            if f.expected:
                text += f": {f.fix_label} {f.expected}"
            said.append(text)
        head = f"{_WHOLE} {' '.join(kinds)}" if kinds else _WHOLE
        if places:
            head += f" [{'; '.join(places)}]"
        return f"{head} — {'; '.join(said)}"
    updates = [t for t in tags if t.kind == "update"]
    ascent_free = bool(updates) and descending is not None and all(descending(t) for t in updates)
    text = f"{_WHOLE} {' '.join(kinds)}: {_kinds_text(kinds, ascent_free)}"
    if places:
        text += f"  [{'; '.join(places)}]"
    return text


def strip_tag(whitespace: str, comment: str | None) -> tuple[str, str | None]:
    """A line's trailing whitespace and comment with the tag comment removed (the inverse of add_tag)."""
    if comment is None:
        return whitespace, None
    if comment.startswith(_WHOLE):
        if whitespace.endswith(SEPARATOR):
            return whitespace[: -len(SEPARATOR)], None
        return whitespace.rstrip(" \t"), None
    cut = comment.find(_APPENDED)
    if cut >= 0:
        return whitespace, comment[:cut]
    return whitespace, comment


def add_tag(whitespace: str, comment: str | None, tag: str) -> tuple[str, str]:
    """A line's trailing whitespace and comment with the tag comment `tag` added after the code or comment."""
    if comment is None:
        return whitespace + SEPARATOR, tag
    return whitespace, comment + SEPARATOR + tag


def _backward(tags: Iterable[Tag]) -> list[Tag]:
    return [t for t in tags if t.kind in BACKWARD_KINDS]


def _transform(data: bytes, tags: Sequence[Tag], findings: Sequence[Any] = (), layers: Sequence[Any] = (),
               style: str = "trailing", limit: int | None = None) -> tuple[bytes, int, str]:
    """The file's bytes with old tag comments removed and `tags` written (with what `findings` say of
    their statements); also lines tagged and encoding. A comment goes above its statement with style
    "above", or when the line with it would pass `limit` columns."""
    import libcst as cst

    try:
        module = cst.parse_module(data)
    except cst.ParserSyntaxError as exc:
        # libcst's message lists every token it expected: too long for a one-line diagnostic.
        raise AnnotateError(f"libcst cannot parse it (line {exc.editor_line}, column {exc.editor_column}); "
                            "annotate needs Python 3 syntax that libcst reads") from None
    except (RecursionError, MemoryError):
        raise AnnotateError("libcst cannot parse this file (nested too deeply)") from None

    line_of: dict[Any, int] = {}
    stmt_line: dict[Any, int] = {}
    wanted: dict[int, list[Tag]] = {}
    noted: dict[int, list[Any]] = {}
    backward = _backward(tags)
    if backward or findings:
        from libcst.metadata import MetadataWrapper, PositionProvider

        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        line_of = {node: pos.start.line for node, pos in positions.items()
                   if isinstance(node, cst.TrailingWhitespace)}
        stmt_line = {node: pos.start.line for node, pos in positions.items()
                     if isinstance(node, cst.SimpleStatementLine)}
        spans = {node: (pos.start.line, pos.end.line) for node, pos in positions.items()
                 if isinstance(node, cst.BaseSmallStatement)}
        commentable = sorted(set(line_of.values()))

        def home(first: int, last: int) -> int | None:
            i = bisect.bisect_left(commentable, first)
            return commentable[i] if i < len(commentable) and commentable[i] <= last else None

        by_statement: dict[tuple[int, int], list[Tag]] = {}
        for t in backward:
            by_statement.setdefault((t.line, max(t.end_line, t.line)), []).append(t)
        for (first, last), group in by_statement.items():
            line = home(first, last)
            if line is not None:
                wanted.setdefault(line, []).extend(group)
        for f in findings:
            span = next(((a, b) for a, b in spans.values() if a == f.line), (f.line, max(f.end_line, f.line)))
            line = home(*span)
            if line is not None:
                noted.setdefault(line, []).append(f)
                wanted.setdefault(line, [])
        module = wrapper.module

    directions = {lay.name: lay.direction for lay in layers}

    def descending(t: Tag) -> bool:
        return t.layer is not None and directions.get(t.layer) == "descent"

    comments = {line: tag_comment(group, noted.get(line, ()), descending) for line, group in wanted.items()}
    source_lines = data.decode(module.encoding, errors="replace").splitlines()
    starts = set(stmt_line.values())
    above: set[int] = set()
    for line, text in comments.items():
        if line not in starts:
            continue  # the statement starts elsewhere (a backslash): only a trailing comment fits
        code = source_lines[line - 1] if line <= len(source_lines) else ""
        if style == "above" or (limit is not None and len(code.rstrip()) + len(SEPARATOR) + len(text) > limit):
            above.add(line)

    class Writer(cst.CSTTransformer):
        """Removes every tag comment, then writes the wanted ones."""

        def leave_EmptyLine(  # noqa: N802 (libcst's naming)
            self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine
        ) -> Any:
            if updated_node.comment is not None and updated_node.comment.value.startswith(_WHOLE):
                return cst.RemoveFromParent()
            return updated_node

        def leave_SimpleStatementLine(  # noqa: N802 (libcst's naming)
            self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
        ) -> cst.SimpleStatementLine:
            line = stmt_line.get(original_node)
            if line is None or line not in above:
                return updated_node
            tag = cst.EmptyLine(indent=True, whitespace=cst.SimpleWhitespace(""), comment=cst.Comment(comments[line]))
            return updated_node.with_changes(leading_lines=[*updated_node.leading_lines, tag])

        def leave_TrailingWhitespace(  # noqa: N802 (libcst's naming)
            self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
        ) -> cst.TrailingWhitespace:
            old_ws = updated_node.whitespace.value
            old_comment = updated_node.comment.value if updated_node.comment is not None else None
            ws, comment = strip_tag(old_ws, old_comment)
            line = line_of.get(original_node)
            if line is not None and line in comments and line not in above:
                ws, comment = add_tag(ws, comment, comments[line])
            if (ws, comment) == (old_ws, old_comment):
                return updated_node
            return updated_node.with_changes(
                whitespace=cst.SimpleWhitespace(ws),
                comment=cst.Comment(comment) if comment is not None else None,
            )

    new = module.visit(Writer())
    return new.bytes, len(comments), module.encoding


@dataclass(frozen=True)
class Outcome:
    """What annotate did (or would do) to one file."""

    path: str
    before: bytes
    after: bytes
    encoding: str
    lines_tagged: int
    notes: tuple[str, ...] = ()  # what was left alone and why (a notebook cell libcst cannot read)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def settings(path: str) -> tuple[str, int]:
    """annotate-style and the line-length limit for `path`: [tool.bpscan] of the nearest pyproject.toml
    that has one (annotate-style, annotate-line-length), else ruff's `line-length` from the nearest
    pyproject.toml, ruff.toml or .ruff.toml, else trailing and 88."""
    from bpscan.config import DEFAULT_LINE_LENGTH, _load_toml, find_config, load_config

    style, limit = "trailing", None
    config_path = find_config([path])
    if config_path:
        config = load_config(config_path)  # ConfigError: the caller reports it
        style = config.annotate_style or style
        limit = config.line_length
    if limit is None:
        here = os.path.dirname(os.path.abspath(path))
        while limit is None:
            for name in ("pyproject.toml", "ruff.toml", ".ruff.toml"):
                candidate = os.path.join(here, name)
                if not os.path.isfile(candidate):
                    continue
                try:
                    table = _load_toml(candidate)
                except Exception:
                    continue
                if name == "pyproject.toml":
                    table = table.get("tool", {}).get("ruff", {}) if isinstance(table.get("tool"), dict) else {}
                value = table.get("line-length") if isinstance(table, dict) else None
                if isinstance(value, int) and not isinstance(value, bool):
                    limit = value
                    break
            parent = os.path.dirname(here)
            if parent == here:
                break
            here = parent
    return style, limit or DEFAULT_LINE_LENGTH


def annotate_file(path: str, *, strip: bool = False, style: str | None = None, limit: int | None = None) -> Outcome:
    """The new contents of `path` (not written): tags added, or with `strip` only removed.

    A statement with a (high-confidence, unsuppressed) finding gets a comment naming it; `style` and
    `limit` default to the file's configuration (`settings`)."""
    from bpscan.config import OPT_IN, ConfigError
    from bpscan.source import SourceError, read_source_bytes

    try:
        data = read_source_bytes(path)
    except SourceError as exc:
        raise AnnotateError(str(exc)) from None
    tags: tuple[Tag, ...] = ()
    findings: tuple[Any, ...] = ()
    layers: tuple[Any, ...] = ()
    if not strip:
        from bpscan.engine import FileTask, check_file
        from bpscan.registry import all_rules

        result = check_file(FileTask(path, frozenset(r.code for r in all_rules()) - set(OPT_IN), (), data))
        if result.error:
            raise AnnotateError(result.error)
        partly = read_in_part_note(result.notes)
        if partly is not None:
            # (tags written around lines the analysis put aside would read as if those lines were checked)
            raise AnnotateError(partly[len(READ_IN_PART):].split(";")[0])
        # a notebook's tags and findings carry their cell; those of other project files are not written here
        tags = tuple(t for t in result.tags if t.path is None)
        findings = tuple(f for f in result.findings if f.confidence == "high" and f.path is None)
        layers = result.layers
        if style is None or limit is None:
            try:
                configured = settings(path)
            except ConfigError as exc:
                raise AnnotateError(str(exc)) from None
            style = style or configured[0]
            limit = limit or configured[1]
    if path.lower().endswith(".ipynb"):
        return _annotate_notebook(path, data, tags, findings, layers, style or "trailing", limit)
    after, count, encoding = _transform(data, tags, findings, layers, style or "trailing", limit)
    return Outcome(path, data, after, encoding, count)


#: Stands in, as a comment, for a line the analysis does not read as written (a magic, a shell escape),
#: so that libcst reads the cell; the line is put back as it was afterwards.
_KEEP = "bpscan-keep-line:"
_KEPT = re.compile(r"#\s*" + re.escape(_KEEP) + r"(\d+)\s*$")


def _annotate_notebook(path: str, data: bytes, tags: Sequence[Tag], findings: Sequence[Any],
                       layers: Sequence[Any], style: str, limit: int | None) -> Outcome:
    """A notebook annotated cell by cell: each code cell's source goes through `_transform` with its own
    tags, magics and shell escapes standing aside as placeholder comments; only cell sources change."""
    from bpscan.notebook import NotebookWriteError, code_cells, with_sources
    from bpscan.source import SourceError

    try:
        cells, _ = code_cells(data.decode("utf-8-sig"))
    except (SourceError, UnicodeDecodeError) as exc:  # --strip reads the notebook without an analysis
        raise AnnotateError(str(exc)) from None
    sources: dict[int, str] = {}
    count = 0
    notes: list[str] = []
    for cell in cells:
        written = cell.source.split("\n")
        if _KEEP in cell.source or len(written) < len(cell.lines):
            notes.append(f"cell {cell.index}: not annotated: its lines cannot be told apart")
            continue
        placeholder = []
        for number, line in enumerate(written, start=1):
            if number > len(cell.lines) or cell.as_written(number):
                placeholder.append(line)
            else:  # a blank line at the margin can hold a comment anywhere; `pass` keeps a block's body
                code = cell.lines[number - 1]
                indent = code[: len(code) - len(code.lstrip(" \t"))]
                placeholder.append(f"{indent}pass  # {_KEEP}{number}" if code.strip() else f"# {_KEEP}{number}")
        # a statement on a line IPython rewrites (`%time w -= ...`) stands aside with the line: no tag
        own_tags = [t for t in tags if t.cell == cell.index and cell.as_written(t.line)]
        own_findings = [f for f in findings if f.cell == cell.index and cell.as_written(f.line)]
        text = "\n".join(placeholder)
        try:
            new, tagged, _ = _transform(text.encode("utf-8"), own_tags, own_findings, layers, style, limit)
        except AnnotateError as exc:
            if own_tags or own_findings or _WHOLE in cell.source:
                notes.append(f"cell {cell.index}: not annotated: {exc}")
            continue
        out = []
        for line in new.decode("utf-8").split("\n"):
            m = _KEPT.search(line)
            out.append(written[int(m.group(1)) - 1] if m else line)
        source = "\n".join(out)
        if source != cell.source:
            sources[cell.index] = source
        count += tagged
    try:
        after = with_sources(data, sources) if sources else data
    except NotebookWriteError as exc:
        raise AnnotateError(str(exc)) from None
    return Outcome(path, data, after, "utf-8", count, tuple(notes))


def unified_diff(outcome: Outcome) -> str:
    """A `diff -u` of the change, with git's marker for a missing final newline."""
    from bpscan.source import change_diff

    if outcome.path.lower().endswith(".ipynb"):
        from bpscan.notebook import cells_diff

        return cells_diff(outcome.path, outcome.before, outcome.after)
    return change_diff(outcome.path, outcome.before, outcome.after, outcome.encoding)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `bpscan annotate`."""
    p = argparse.ArgumentParser(
        prog="bpscan annotate",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="Python files or notebooks to annotate in place")
    p.add_argument("--diff", action="store_true",
                   help="print a unified diff of the change instead of writing the files")
    p.add_argument("--style", choices=("trailing", "above"),
                   help="where tag comments go: after the code, or on a comment line above the statement "
                        "(default: annotate-style in [tool.bpscan], else trailing; a trailing tag that would "
                        "pass the line-length limit goes above anyway)")
    p.add_argument("--line-length", type=int, metavar="N",
                   help="the limit for trailing tags (default: annotate-line-length in [tool.bpscan], "
                        "else ruff's line-length, else 88)")
    p.add_argument("--strip", action="store_true",
                   help=f"remove the `# {MARKER}` comments instead of writing them")
    return p


def _err(message: str) -> None:
    print(f"bpscan annotate: {message}", file=sys.stderr)


def _write(path: str, data: bytes) -> None:
    # In place (not a rename) so that the file keeps its inode, mode, owner and hard links.
    with open(path, "r+b") as fh:
        fh.write(data)
        fh.truncate()


def _usage_problem(path: str) -> str | None:
    if not os.path.lexists(path):
        return "no such file"
    if os.path.isdir(path):
        return "is a directory; annotate takes files"
    return None


def main(argv: Sequence[str]) -> int:
    """Entry point of `bpscan annotate`; returns the exit status."""
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)

    status = 0
    for path in args.files:
        problem = _usage_problem(path)
        if problem is not None:
            _err(f"error: {path}: {problem}")
            status = 2
            continue
        if path.lower().endswith(".ipynb"):
            from bpscan.notebook import NEEDS_NBFORMAT, nbformat_missing

            if nbformat_missing():
                _err(f"error: {path}: {NEEDS_NBFORMAT}")
                status = 2
                continue
        try:
            outcome = annotate_file(path, strip=args.strip, style=args.style, limit=args.line_length)
        except AnnotateError as exc:
            _err(f"{path}: not annotated: {exc}")
            continue
        except Exception as exc:  # a bug in bpscan: say so for this file, go on with the others
            from bpscan.engine import REPORT_HINT, one_line

            _err(f"{path}: not annotated: internal error: {one_line(f'{type(exc).__name__}: {exc}')} "
                 f"({REPORT_HINT})")
            if os.environ.get("BPSCAN_DEBUG"):
                raise
            continue
        for note in outcome.notes:
            _err(f"{path}: {note}")
        if args.diff:
            sys.stdout.write(unified_diff(outcome))
            continue
        if outcome.changed:
            try:
                _write(path, outcome.after)
            except OSError as exc:
                _err(f"{path}: cannot write: {exc.strerror or exc}")
                continue
        if args.strip:
            what = "tag comments removed" if outcome.changed else "no tag comments"
        else:
            n = outcome.lines_tagged
            what = f"{n} line{'s' if n != 1 else ''} tagged" + ("" if outcome.changed else ", unchanged")
        print(f"{path}: {what}")
    return status
