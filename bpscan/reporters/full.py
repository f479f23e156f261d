"""`--format full`: the reviewer report (findings with their code, tagged source, layer ledger)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from io import StringIO
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from bpscan.reporters import (
    ReportContext,
    finding_order,
    location,
    not_understood,
    plural,
    related_location,
    summary_line,
)
from bpscan.results import BACKWARD_KINDS, TAG_KINDS, FileResult, Finding, Layer, Tag

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

#: Lines of code shown above and below each line a finding concerns.
CONTEXT = 2
#: Untagged stretches of the annotated source longer than this are elided.
MAX_UNTAGGED_RUN = 6

OFFENDING_MARK = "❱"
RELATED_MARK = "•"
PRESENT = "✓"
MISSING = "✗"
NOT_NEEDED = "–"

_KIND_STYLE = {
    "error": "bold magenta",
    "F1": "bold cyan",
    "F2": "bold blue",
    "F3": "bold green",
    "update": "bold yellow",
    "linear": "dim",
    "activation": "dim",
    "loss": "dim",
}
_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
_DIRECTION_STYLE = {"descent": "green", "ascent": "bold red", "unknown": "yellow"}
# Markers and bold, not backgrounds: a background is unreadable on half of the 16-colour palettes.
_OFFENDING_STYLE = "bold"
_NO_ACTIVATION = (None, "", "linear", "identity", "none")


# --------------------------------------------------------------------------- source listing


@dataclass
class _Listing:
    """The analysed text, highlighted line by line, and how file/cell lines map onto it.

    For a plain file, a line number is a line of `source`. For a notebook, `source` is the
    program the cells were joined into, while tags and findings say (cell, line in cell);
    `cell_of_line` (from `bpscan.source.load_program`) maps each program line to that pair.
    """

    lines: list[str]
    code: list[Text]
    cell_of_line: list[tuple[int, int]] | None = None
    _to_program: dict[tuple[int, int], int] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if self.cell_of_line is not None:
            self._to_program = {pair: i for i, pair in enumerate(self.cell_of_line, start=1)}

    def program_line(self, cell: int | None, line: int) -> int | None:
        """The 1-based index into `lines` of a (cell, line) position, or None when unknown."""
        if cell is None:
            if self.cell_of_line is not None:
                return None
            return line if 1 <= line <= len(self.lines) else None
        return self._to_program.get((cell, line))

    def label(self, pline: int) -> tuple[int | None, int]:
        """How a user numbers program line `pline`: (cell or None, line)."""
        if self.cell_of_line is not None and 1 <= pline <= len(self.cell_of_line):
            cell, line = self.cell_of_line[pline - 1]
            return cell, line
        return None, pline


def _split_source(source: str) -> list[str]:
    # Only \n, \r\n and \r end a line for Python; str.splitlines would also split on \f etc.
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _program_cells(path: str) -> tuple[str, list[tuple[int, int]]] | None:
    """The joined program and its line -> (cell, line) map for a notebook, or None."""
    try:
        from bpscan.source import load_program

        program = load_program(path)
        cells = getattr(program, "cell_of_line", None)
        if not cells:
            return None
        return program.text, [(int(c), int(n)) for c, n in cells]
    except Exception:  # the notebook moved or cannot be read: report without its code
        return None


def _uses_cells(r: FileResult) -> bool:
    if any(t.cell is not None for t in r.tags):
        return True
    return any(f.cell is not None or any(x.cell is not None for x in f.related) for f in r.findings)


def _listing(r: FileResult, color: bool) -> _Listing | None:
    source = r.source
    cell_of_line = None
    if _uses_cells(r):
        loaded = _program_cells(r.path)
        if loaded is None:
            return None
        program, cell_of_line = loaded
        if source is None or len(_split_source(source)) != len(cell_of_line):
            source = program  # the map must describe the text we show
    if source is None:
        return None
    lines = _split_source(source)
    code = _highlight(lines, color)
    return _Listing(lines, code, cell_of_line)


def _highlight(lines: list[str], color: bool) -> list[Text]:
    from rich.syntax import Syntax
    from rich.text import Text

    if not color:
        return [Text(line) for line in lines]
    joined = "\n".join(lines)
    highlighted = Syntax(joined, "python", theme="ansi_dark", background_color="default").highlight(joined)
    parts = list(highlighted.split("\n", allow_blank=True))
    parts += [Text("")] * (len(lines) - len(parts))
    return parts[: len(lines)]


def _number_width(listing: _Listing) -> int:
    if listing.cell_of_line:
        return max(len(str(n)) for _, n in listing.cell_of_line)
    return len(str(len(listing.lines)))


def _code_row(listing: _Listing, pline: int, width: int, prefix: Text, style: str | None,
              number_style: str = "dim") -> Text:
    from rich.text import Text

    _, number = listing.label(pline)
    row = Text()
    row.append_text(prefix)
    row.append(f"{number:>{width}}", style=number_style)
    row.append(" │ ", style="dim")
    code = listing.code[pline - 1].copy()
    if style:
        code.stylize(style)
    row.append_text(code)
    return row


def _cell_header(cell: int | None) -> Text | None:
    from rich.text import Text

    return None if cell is None else Text(f"cell {cell}", style="bold underline")


def _windows(lines: Iterable[int], total: int, context: int) -> list[tuple[int, int]]:
    """Merge `line ± context` ranges into sorted, disjoint windows within 1..total."""
    spans: list[tuple[int, int]] = []
    for n in sorted(set(lines)):
        lo, hi = max(1, n - context), min(total, n + context)
        if spans and lo <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


# --------------------------------------------------------------------------- findings


def _finding_header(path: str, f: Finding) -> Text:
    from rich.text import Text

    head = Text()
    head.append(f"{f.code} {f.name}", style=_SEVERITY_STYLE.get(f.severity, "bold"))
    head.append(f"  {f.severity}", style=_SEVERITY_STYLE.get(f.severity, ""))
    if f.confidence != "high":
        head.append(f" (confidence: {f.confidence})", style="yellow")
    head.append("  " + location(path, f.line, f.column, f.cell), style="bold")
    return head


def _excerpt(listing: _Listing, f: Finding) -> list[Text]:
    """The code around the finding; its lines marked ❱, the related lines marked •."""
    from rich.text import Text

    offending: set[int] = set()
    for n in range(f.line, max(f.line, f.end_line) + 1):
        p = listing.program_line(f.cell, n)
        if p is not None:
            offending.add(p)
    # only this file's related lines are marked in its listing; another file's are named below
    related = {p for r in f.related
               if r.path is None and (p := listing.program_line(r.cell, r.line)) is not None}
    related -= offending
    if not offending and not related:
        return []
    width = _number_width(listing)
    rows: list[Text] = []
    last_cell: object = object()
    windows = _windows(offending | related, len(listing.lines), CONTEXT)
    # Context stays inside the cells concerned: a neighbouring cell is another story.
    cells = {listing.label(p)[0] for p in offending | related}
    for i, (lo, hi) in enumerate(windows):
        if i:
            rows.append(Text(" " * (width + 2) + "⋮", style="dim"))
        for p in range(lo, hi + 1):
            cell, _ = listing.label(p)
            if cell not in cells:
                continue
            if cell != last_cell:
                header = _cell_header(cell)
                if header is not None:
                    rows.append(header)
                last_cell = cell
            if p in offending:
                rows.append(_code_row(listing, p, width, Text(OFFENDING_MARK + " ", style="bold red"),
                                      _OFFENDING_STYLE, "bold red"))
            elif p in related:
                rows.append(_code_row(listing, p, width, Text(RELATED_MARK + " ", style="bold yellow"),
                                      None, "bold yellow"))
            else:
                rows.append(_code_row(listing, p, width, Text("  "), None))
    return rows


def _print_finding(console: Console, path: str, f: Finding, listing: _Listing | None) -> None:
    from rich.padding import Padding
    from rich.text import Text

    console.print(_finding_header(path, f))
    console.print(Padding(Text(f.message), (0, 0, 0, 2), expand=False))
    excerpt = _excerpt(listing, f) if listing is not None else []
    for row in excerpt:
        console.print(Padding(row, (0, 0, 0, 2), expand=False), soft_wrap=False)
    if f.expected:
        expected = Text()
        expected.append(f"{f.fix_label}: ", style="bold green")
        expected.append(f.expected, style="green")
        console.print(Padding(expected, (0, 0, 0, 2), expand=False))
    for rel in f.related:
        where = related_location(rel)
        item = Text()
        item.append(f"{RELATED_MARK} ", style="bold yellow")
        item.append(f"{where}: ", style="bold")
        item.append(rel.message)
        console.print(Padding(item, (0, 0, 0, 2), expand=False))
    console.print(Padding(Text(f"→ rule: bpscan rule {f.code}", style="dim"), (0, 0, 0, 2), expand=False))
    console.print()


def _print_compact_finding(console: Console, path: str, f: Finding, listing: _Listing | None) -> None:
    """A finding in at most a handful of lines: where, what, the statement, what to write instead."""
    from rich.padding import Padding
    from rich.text import Text

    console.print(_finding_header(path, f))
    console.print(Padding(Text(f.message), (0, 0, 0, 2), expand=False))
    p = listing.program_line(f.cell, f.line) if listing is not None else None
    if listing is not None and p is not None:
        _, number = listing.label(p)
        row = _code_row(listing, p, len(str(number)), Text(OFFENDING_MARK + " ", style="bold red"),
                        _OFFENDING_STYLE, "bold red")
        row.no_wrap = True
        row.overflow = "ellipsis"  # one line: a long statement is cut, never folded
        console.print(Padding(row, (0, 0, 0, 2), expand=False))
    if f.expected:
        expected = Text()
        expected.append(f"{f.fix_label}: ", style="bold green")
        expected.append(f.expected, style="green")
        console.print(Padding(expected, (0, 0, 0, 2), expand=False))
    elsewhere = [rel for rel in f.related if rel.path is not None]
    if elsewhere:  # a line in another file cannot be guessed; this file's lines are in the message
        rel = elsewhere[0]
        console.print(Padding(Text.assemble((f"{RELATED_MARK} ", "bold yellow"), (f"{related_location(rel)}: ", "bold"),
                                            rel.message), (0, 0, 0, 2), expand=False))
    console.print()


# --------------------------------------------------------------------------- tagged source


def _layer_label(name: str | None) -> str:
    """`layer 2` for a layer named by its number, else the name as it is."""
    return f"layer {name}" if name and name.isdigit() else (name or "")


def _gutter_text(tags: Sequence[Tag]) -> Text:
    """`F3 update [w2]` for the tags of one statement; `?` after a kind that is a guess."""
    from rich.text import Text

    order = {k: i for i, k in enumerate(TAG_KINDS)}
    text = Text()
    seen: list[str] = []
    for t in sorted(tags, key=lambda t: order.get(t.kind, len(order))):
        label = t.kind + ("" if t.confidence == "high" else "?")
        if label in seen:
            continue
        if seen:
            text.append(" ")
        seen.append(label)
        text.append(label, style=_KIND_STYLE.get(t.kind, ""))
    targets = list(dict.fromkeys(t.param or _layer_label(t.layer) for t in tags if (t.param or t.layer)))
    if targets:
        text.append(f" [{', '.join(targets)}]", style="dim")
    return text


def _print_tagged_source(console: Console, r: FileResult, listing: _Listing) -> None:
    from rich.text import Text

    starts: dict[int, list[Tag]] = {}
    inside: set[int] = set()
    for t in r.tags:
        p = listing.program_line(t.cell, t.line)
        if p is None:
            continue
        starts.setdefault(p, []).append(t)
        for n in range(t.line + 1, max(t.line, t.end_line) + 1):
            q = listing.program_line(t.cell, n)
            if q is not None:
                inside.add(q)
    flagged: dict[int, list[str]] = {}
    for f in r.findings:
        p = listing.program_line(f.cell, f.line)
        if p is not None:
            flagged.setdefault(p, []).append(f.code)
    gutters = {p: _gutter_text(tags) for p, tags in starts.items()}
    gutter_width = max((len(g.plain) for g in gutters.values()), default=0)
    flag_width = max((len(" ".join(c)) for c in flagged.values()), default=0)
    width = _number_width(listing)

    interesting = set(starts) | inside | set(flagged)
    if not interesting:
        return
    keep = _windows(interesting, len(listing.lines), MAX_UNTAGGED_RUN // 2)
    console.print(Text("source with formula tags", style="bold"))

    def elided(count: int) -> None:
        if count > 0:
            console.print(Text(f"{'':>{gutter_width}} ⋮ {plural(count, 'line')} without tags", style="dim"))

    last_cell: object = object()
    for i, (lo, hi) in enumerate(keep):
        elided(lo - (keep[i - 1][1] if i else 0) - 1)
        for p in range(lo, hi + 1):
            cell, _ = listing.label(p)
            if cell != last_cell:
                header = _cell_header(cell)
                if header is not None:
                    console.print(header)
                last_cell = cell
            prefix = Text()
            gutter = gutters.get(p)
            if gutter is not None:
                prefix.append(" " * (gutter_width - len(gutter.plain)))
                prefix.append_text(gutter)
            elif p in inside:
                prefix.append(f"{'│':>{gutter_width}}", style="dim")
            else:
                prefix.append(" " * gutter_width)
            prefix.append(" ")
            if flag_width:
                codes = " ".join(flagged.get(p, []))
                prefix.append(f"{codes:<{flag_width}} ", style="bold red")
            console.print(_code_row(listing, p, width, prefix, None), soft_wrap=False)
    elided(len(listing.lines) - keep[-1][1])
    console.print()


# --------------------------------------------------------------------------- ledger


def _layer_lines(listing: _Listing | None, lines: Sequence[int]) -> str:
    if listing is None or listing.cell_of_line is None:
        return ", ".join(str(n) for n in lines)
    labels = []
    for n in lines:
        cell, line = listing.label(n)
        labels.append(str(n) if cell is None else f"{cell}:{line}")
    return ", ".join(labels)


def _needs_f2(index: int, layers: Sequence[Layer]) -> bool:
    """F2 (sending the error back through W) is needed by every layer but the one reading the data.

    Layers come in forward order, so that is the first one, unless its input is visibly another
    layer's output.
    """
    layer = layers[index]
    produced = {x for other in layers if other is not layer for x in (other.output, other.preact) if x}
    return index > 0 or layer.input in produced


def _flagged_lines(r: FileResult, listing: _Listing | None) -> dict[int, list[str]]:
    """Program line -> codes of the findings whose statement covers it."""
    flagged: dict[int, list[str]] = {}
    for f in r.findings:
        for n in range(f.line, max(f.line, f.end_line) + 1):
            p = listing.program_line(f.cell, n) if listing is not None else (n if f.cell is None else None)
            if p is not None and f.code not in flagged.setdefault(p, []):
                flagged[p].append(f.code)
    return flagged


def _ledger_cell(lines: Sequence[int], needed: bool, listing: _Listing | None,
                 flagged: dict[int, list[str]] | None = None) -> Text:
    """✓ and the lines where the formula is and nothing is wrong with it; ✗ and the codes where a
    finding sits on one of its statements (or ✗ alone where it is missing); – where not needed."""
    from rich.text import Text

    codes = list(dict.fromkeys(c for n in lines for c in (flagged or {}).get(n, ())))
    if codes:
        return Text(f"{MISSING} {' '.join(codes)} {_layer_lines(listing, lines)}", style="bold red")
    if lines:
        return Text(f"{PRESENT} {_layer_lines(listing, lines)}", style="green")
    if not needed:
        return Text(NOT_NEEDED, style="dim")
    return Text(MISSING, style="bold red")


_SIMPLE_NAME = re.compile(r"^[A-Za-z_][\w.]*(\[[^\[\]()]*\])*$")
_WORD = re.compile(r"[A-Za-z_]\w*")


def _user_input(index: int, layers: Sequence[Layer]) -> str:
    """A layer's input as the user names it, never as a term of the model (`clip(add(...))`).

    A term is named by the layer whose output it is: the nearest earlier layer whose weight,
    pre-activation or output the term mentions; else it is shown as an expression.
    """
    text = layers[index].input or ""
    if not text or _SIMPLE_NAME.match(text):
        return text
    words = set(_WORD.findall(text))
    for other in reversed(layers[:index]):
        if {other.weight, other.preact, other.output} & words:
            if other.output and _SIMPLE_NAME.match(other.output):
                return other.output
            return f"{_layer_label(other.name)} output"
    for other in layers[index + 1:]:
        if {other.weight, other.preact, other.output} & words and other.output and _SIMPLE_NAME.match(other.output):
            return other.output
    return "(expression)"


def _ledger_lines(title: str, names: Sequence[str], rows: Sequence[Sequence[Text]]) -> Any:
    """The ledger for a terminal too narrow for its table: one paragraph per layer, wrapped
    between words (`layer 1  w1  x  relu  F1 ✓ 44  F2 –  F3 ✓ 45  update ✓ 48  descent`)."""
    from rich.console import Group
    from rich.text import Text

    items: list[Text] = [Text(title, style="bold")]
    for row in rows:
        line = Text()
        line.append(f"layer {row[0].plain}", style="bold")
        for name, cell in zip(names[1:], row[1:]):
            line.append("  ")
            if name in ("F1", "F2", "F3", "update"):
                line.append(f"{name} ")
            line.append_text(cell)
        items.append(line)
    return Group(*items)


def _ledger(r: FileResult, listing: _Listing | None, width: int = 100) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    flagged = _flagged_lines(r, listing)
    conventions = {layer.convention for layer in r.layers}
    uniform = len(conventions) == 1
    title = "layers (forward order" + (f", {next(iter(conventions))} convention)" if uniform else ")")
    names = ["layer", "weight", "input", "activation"] + ([] if uniform else ["convention"]) + \
        ["F1", "F2", "F3", "update", "direction"]
    rows: list[list[Text]] = []
    for index, layer in enumerate(r.layers):
        direction = layer.direction
        if direction is None:
            dir_text = Text(NOT_NEEDED if layer.update else "never updated",
                            style="dim" if layer.update else "bold red")
        else:
            dir_text = Text(direction, style=_DIRECTION_STYLE.get(direction, ""))
        row = [Text(layer.name), Text(layer.weight), Text(_user_input(index, r.layers)),
               Text(layer.activation or "linear")]
        if not uniform:
            row.append(Text(layer.convention))
        row += [
            _ledger_cell(layer.f1, layer.activation not in _NO_ACTIVATION, listing, flagged),
            _ledger_cell(layer.f2, _needs_f2(index, r.layers), listing, flagged),
            _ledger_cell(layer.f3, True, listing, flagged),
            _ledger_cell(layer.update, True, listing, flagged),
            dir_text,
        ]
        rows.append(row)

    def words(text: str) -> list[str]:
        parts = text.split()
        if parts and parts[0] in (PRESENT, MISSING) and len(parts) > 1:
            parts[:2] = [f"{parts[0]} {parts[1]}"]  # `✓ 38`, `✗ BP201`: the mark stays with its word
        return parts

    def longest(c: int, header: str) -> int:
        return min(24, max([len(header)] + [len(w) for row in rows for w in words(row[c].plain)]))

    def needed(headers: Sequence[str]) -> int:  # two spaces between columns, one at each edge
        return sum(longest(c, h) for c, h in enumerate(headers)) + 2 * (len(headers) - 1) + 2

    # No word is broken inside: a column is at least as wide as its longest word (a name, a code,
    # `✓ 44,`) and wraps only between words. When that does not fit, the biases go first (one
    # line under the table), then the long headers are shortened.
    with_bias = [layer.bias for layer in r.layers]
    if any(with_bias):
        wide = [Text(f"{row[1].plain} (+{bias})") if bias else row[1] for row, bias in zip(rows, with_bias)]
        if needed(names) + max(len(w) for t in wide for w in t.plain.split()) - longest(1, "weight") <= width:
            for row, text in zip(rows, wide):
                row[1] = text
            with_bias = []
    if needed(names) > width:
        names = [{"activation": "act.", "convention": "conv.", "direction": "dir."}.get(n, n) for n in names]
    if sum(longest(c, name) for c, name in enumerate(names)) + 2 * len(names) > width:
        return _ledger_lines(title, names, rows)
    # The widths are ours, not rich's: its collapsing would crop the last column or fold a name.
    widths = [max([len(name)] + [len(row[c].plain) for row in rows]) for c, name in enumerate(names)]
    floors = [longest(c, name) for c, name in enumerate(names)]
    while sum(widths) + 2 * len(widths) > width:
        shrinkable = [c for c in range(len(widths)) if widths[c] > floors[c]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda c: (widths[c] - floors[c], c))
        widths[widest] -= 1
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold",
                  padding=(0, 1), collapse_padding=True, pad_edge=False)
    for c, name in enumerate(names):
        table.add_column(name, overflow="fold", width=widths[c])
    for row in rows:
        table.add_row(*row)
    if any(with_bias):
        biases = ", ".join(f"{_layer_label(layer.name)} {layer.bias}" for layer in r.layers if layer.bias)
        table.caption = f"biases: {biases}"
        table.caption_justify = "left"
    return table


# --------------------------------------------------------------------------- uncertainty, summary


def _uncertain_items(r: FileResult) -> list[str]:
    items = list(r.notes)
    for t in r.tags:
        if t.confidence != "high" and t.kind in BACKWARD_KINDS:
            items.append(f"{location(r.path, t.line, None, t.cell)}: the {t.kind} tag is a guess "
                         f"(confidence: {t.confidence})")
    for f in r.findings:
        if f.confidence != "high":
            items.append(f"{location(r.path, f.line, f.column, f.cell)}: {f.code} {f.name} "
                         f"may be wrong (confidence: {f.confidence})")
    return items


def _print_uncertain(console: Console, r: FileResult) -> None:
    from rich.panel import Panel
    from rich.text import Text

    items = _uncertain_items(r)
    if not items:
        return
    body = Text()
    for i, item in enumerate(items):
        if i:
            body.append("\n")
        body.append("? ", style="bold yellow")
        body.append(item)
    console.print(Panel(body, title="uncertain: what bpscan could not decide", title_align="left",
                        border_style="yellow", expand=True))
    console.print()


def _file_heading(r: FileResult) -> Text:
    from rich.text import Text

    head = Text()
    head.append(r.path, style="bold")
    if r.error is not None:
        head.append("  could not be analysed", style="bold red")
    elif r.findings:
        head.append("  " + plural(len(r.findings), "finding"), style="bold red")
    else:
        head.append("  no findings", style="green")
    return head


def _print_file_compact(console: Console, r: FileResult, ctx: ReportContext) -> None:
    """A file in the compact view: nothing for a clean file, one line for an unreadable or not
    understood one, its findings in a few lines each."""
    from rich.rule import Rule
    from rich.text import Text

    if r.error is not None:
        console.print(Text.assemble((r.path, "bold"), ": ", ("could not be analysed: ", "bold red"), r.error))
        return
    lost = not_understood(r)
    if lost is not None and not r.findings:
        if not ctx.quiet:
            console.print(Text.assemble((r.path, "bold"), ": ", ("note: ", "yellow"), lost))
        return
    if not r.findings:
        return
    if not ctx.quiet:
        console.print(Rule(_file_heading(r), align="left"))
    listing = _listing(r, ctx.color)
    for f in sorted(r.findings, key=finding_order):
        _print_compact_finding(console, r.path, f, listing)


def _print_file(console: Console, r: FileResult, ctx: ReportContext) -> None:
    from rich.rule import Rule
    from rich.text import Text

    if ctx.quiet:  # the findings and nothing else
        if r.error is not None:
            console.print(Text.assemble((r.path, "bold"), ": ", ("could not be analysed: ", "bold red"), r.error))
            return
        listing = _listing(r, ctx.color) if r.findings else None
        for f in sorted(r.findings, key=finding_order):
            _print_finding(console, r.path, f, listing)
        return

    console.print(Rule(_file_heading(r), align="left"))
    if r.error is not None:
        console.print(Text.assemble(("error: ", "bold red"), r.error))
        console.print()
        _print_uncertain(console, r)
        return
    if not (r.findings or r.tags or r.layers):
        console.print(Text("no training code found: no layers, no backward statements", style="dim"))
        console.print()
        _print_uncertain(console, r)
        return
    listing = _listing(r, ctx.color)
    for f in sorted(r.findings, key=finding_order):
        _print_finding(console, r.path, f, listing)
    if ctx.show_source and listing is not None:
        _print_tagged_source(console, r, listing)
    if r.layers:
        console.print(_ledger(r, listing, console.width))
        console.print()
    _print_uncertain(console, r)


def _print_summary(console: Console, results: Sequence[FileResult], ctx: ReportContext,
                   compact: bool = False) -> None:
    from rich.rule import Rule
    from rich.text import Text

    console.print(Rule("summary", align="left"))
    counts = Counter((f.code, f.name) for r in results for f in r.findings)
    for (code, name), n in sorted(counts.items()):
        console.print(Text.assemble(f"  {n:>3} × ", (f"{code} {name}", "bold")))
    if compact and counts:
        console.print(Text("Compact view: --show-source (or one file at a time) adds the code around "
                           "each finding, the tagged source and the layer ledger.", style="dim"))
    style = "bold red" if counts else ("bold yellow" if any(r.error for r in results) or ctx.missing else "bold green")
    console.print(Text(summary_line(results, ctx.missing), style=style))


def make_console(ctx: ReportContext) -> tuple[Console, StringIO]:
    """A console that records into a string, coloured only when the context asks for it."""
    from rich.console import Console

    out = StringIO()
    console = Console(
        file=out,
        force_terminal=ctx.color,
        no_color=not ctx.color,
        color_system="auto" if ctx.color else None,
        width=ctx.width or 100,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    return console, out


def render(results: Sequence[FileResult], ctx: ReportContext | None = None) -> str:
    """The reviewer report, then the summary.

    One file gets the detailed view (each finding with the code around it, the tagged source,
    the layer ledger); several get the compact one (a few lines per finding) unless `ctx.detail`
    says otherwise (`--show-source`). `ctx.quiet` prints the findings only.
    """
    ctx = ctx or ReportContext()
    console, out = make_console(ctx)
    detailed = ctx.detail if ctx.detail is not None else len(results) == 1
    for r in results:
        if detailed:
            _print_file(console, r, ctx)
        else:
            _print_file_compact(console, r, ctx)
    if not ctx.quiet:
        _print_summary(console, results, ctx, compact=not detailed)
    text = out.getvalue()
    if not ctx.color:  # tables and rules pad to the full width; plain text keeps no trailing blanks
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text
