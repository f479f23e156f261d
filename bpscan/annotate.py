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
* Statements sharing a line share one comment. Running annotate again first removes every
  ``# bp-tag:`` comment, then writes the current tags, so a second run changes nothing.
* Everything else in the file is kept byte for byte: libcst round-trips the rest of the module.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from bpscan.results import BACKWARD_KINDS, KIND_FORMULA, Tag

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

Only the comments are added: everything else stays byte for byte. Running annotate again
replaces the earlier `# {MARKER}` comments instead of adding more; --strip removes them.
Notebooks (.ipynb) are not supported yet and are skipped.

exit status:
  0  done (files that could not be analysed are reported on stderr and left unchanged)
  2  usage error: bad options, or a path that does not exist or is not a file"""


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


def tag_comment(tags: Sequence[Tag]) -> str:
    """The comment for the backward tags of one line: `# bp-tag: F3 update: dW = ...; W -= ...  [layer 1, w1]`."""
    kinds = [k for k in BACKWARD_KINDS if any(t.kind == k for t in tags)]
    per_kind = {k: list(dict.fromkeys(p for t in tags if t.kind == k for p in [_place(t)] if p)) for k in kinds}
    if len({tuple(v) for v in per_kind.values()}) <= 1:
        places = per_kind[kinds[0]] if kinds else []
    else:  # the kinds concern different layers: say which is which
        places = [f"{k} {p}" for k in kinds for p in per_kind[k]]
    if any(t.confidence != "high" for t in tags):
        places.append("unsure")
    text = f"{_WHOLE} {' '.join(kinds)}: {'; '.join(short_formula(k) for k in kinds)}"
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


def _transform(data: bytes, tags: Sequence[Tag]) -> tuple[bytes, int, str]:
    """The file's bytes with old tag comments removed and `tags` written; also lines tagged and encoding."""
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
    wanted: dict[int, list[Tag]] = {}
    backward = _backward(tags)
    if backward:
        from libcst.metadata import MetadataWrapper, PositionProvider

        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        line_of = {node: pos.start.line for node, pos in positions.items()
                   if isinstance(node, cst.TrailingWhitespace)}
        commentable = sorted(set(line_of.values()))
        by_statement: dict[tuple[int, int], list[Tag]] = {}
        for t in backward:
            by_statement.setdefault((t.line, max(t.end_line, t.line)), []).append(t)
        for (first, last), group in by_statement.items():
            i = bisect.bisect_left(commentable, first)
            if i < len(commentable) and commentable[i] <= last:
                wanted.setdefault(commentable[i], []).extend(group)
        module = wrapper.module

    comments = {line: tag_comment(group) for line, group in wanted.items()}

    class Writer(cst.CSTTransformer):
        """Removes every tag comment, then writes the wanted ones."""

        def leave_TrailingWhitespace(  # noqa: N802 (libcst's naming)
            self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
        ) -> cst.TrailingWhitespace:
            old_ws = updated_node.whitespace.value
            old_comment = updated_node.comment.value if updated_node.comment is not None else None
            ws, comment = strip_tag(old_ws, old_comment)
            line = line_of.get(original_node)
            if line is not None and line in comments:
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

    @property
    def changed(self) -> bool:
        return self.before != self.after


def annotate_file(path: str, *, strip: bool = False) -> Outcome:
    """The new contents of `path` (not written): tags added, or with `strip` only removed."""
    from bpscan.analysis import analyze_source
    from bpscan.source import SourceError, decode_source, read_source_bytes

    try:
        data = read_source_bytes(path)
        tags: tuple[Tag, ...] = ()
        if not strip:
            tags = analyze_source(decode_source(data), path).tags
    except SourceError as exc:
        raise AnnotateError(str(exc)) from None
    after, count, encoding = _transform(data, tags)
    return Outcome(path, data, after, encoding, count)


def unified_diff(outcome: Outcome) -> str:
    """A `diff -u` of the change, with git's marker for a missing final newline."""
    before = outcome.before.decode(outcome.encoding, errors="replace").splitlines(keepends=True)
    after = outcome.after.decode(outcome.encoding, errors="replace").splitlines(keepends=True)
    out: list[str] = []
    name = outcome.path.replace(os.sep, "/").lstrip("/")
    for line in difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `bpscan annotate`."""
    p = argparse.ArgumentParser(
        prog="bpscan annotate",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="Python files to annotate in place")
    p.add_argument("--diff", action="store_true",
                   help="print a unified diff of the change instead of writing the files")
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
            _err(f"{path}: skipped: annotate does not support notebooks yet")
            continue
        try:
            outcome = annotate_file(path, strip=args.strip)
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
