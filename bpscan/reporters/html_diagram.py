"""The layer diagram of `--format html`: the network and its backward arrows, as marks and as SVG."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html import escape
from typing import Callable, Iterable, Sequence

from bpscan.results import Check, FileResult, Finding, Layer, Tag

#: The arrow kinds a rule's findings concern, so a finding on a line carrying F3 and update (`w -= lr * x.T @ d`)
#: marks the right one; a code not listed marks every arrow on its lines.
CODE_KINDS: dict[str, frozenset[str]] = {
    "BP101": frozenset({"update"}),
    "BP102": frozenset({"F3", "update"}),
    "BP103": frozenset({"update"}),
    "BP201": frozenset({"update"}),
    "BP202": frozenset({"update"}),
    "BP301": frozenset({"F1"}),
    "BP302": frozenset({"F1"}),
    "BP303": frozenset({"F2"}),
    "BP304": frozenset({"F2", "F3"}),
    "BP305": frozenset({"F3"}),
    "BP306": frozenset({"F2", "F3"}),
    "BP307": frozenset({"F1", "error"}),
    "BP308": frozenset({"F1", "F2"}),
    "BP309": frozenset({"F3", "F1"}),
    "BP401": frozenset({"F3"}),
    "BP402": frozenset({"F3"}),
    "BP501": frozenset({"update"}),
    "BP502": frozenset({"update"}),
}
#: Rules that say an arrow is absent: their finding sits on another line (the forward pass, the gradient)
#: and names the parameter whose arrow is missing.
_ABSENCE_CODES = frozenset({"BP101", "BP102", "BP103"})

ARROW_KINDS: tuple[str, ...] = ("error", "F1", "F2", "F3", "update")
_IDENTITY = frozenset({"linear", "identity", "none"})
STATES: tuple[str, ...] = ("ok", "finding", "missing", "untraced", "plain")


@dataclass(frozen=True, slots=True)
class Mark:
    """One clickable element of the diagram: a node (input, layer, loss, delta, gradient, parameter) or an arrow.

    `lines` are lines of the file shown (program lines for a notebook are mapped by the page); `elsewhere`
    are (path, line) pairs in other project files; `codes` the findings it carries.
    """

    id: str
    kind: str
    label: str
    state: str
    lines: tuple[int, ...] = ()
    elsewhere: tuple[tuple[str, int], ...] = ()
    codes: tuple[str, ...] = ()
    info: str = ""
    verdict: str | None = None  # a parameter's `--verify` verdict: "ok", "mismatch", "not verified"


@dataclass(frozen=True, slots=True)
class Group:
    """The layers of one forward unit (one box): usually one weight, several for a gated or merged unit."""

    name: str
    weights: tuple[str, ...]
    biases: tuple[str, ...]
    activation: str | None
    family: bool
    layers: tuple[Layer, ...]


@dataclass(frozen=True, slots=True)
class Diagram:
    """Everything the SVG shows, with where each piece is in the source."""

    groups: tuple[Group, ...]
    marks: dict[str, Mark]
    loose: tuple[Finding, ...]  # findings of this file no mark carries


def _order(name: str) -> tuple[int, str]:
    return (int(name), "") if name.isdigit() else (1 << 30, name)


def groups_of(layers: Sequence[Layer]) -> tuple[Group, ...]:
    """Layers grouped by unit, in forward order."""
    by_name: dict[str, list[Layer]] = {}
    for lay in layers:
        by_name.setdefault(lay.name, []).append(lay)
    out = []
    for name in sorted(by_name, key=_order):
        lays = by_name[name]
        acts = list(dict.fromkeys(lay.activation for lay in lays if lay.activation))
        out.append(Group(name, tuple(dict.fromkeys(lay.weight for lay in lays)),
                         tuple(dict.fromkeys(lay.bias for lay in lays if lay.bias)),
                         "/".join(acts) if acts else None, any(lay.family for lay in lays), tuple(lays)))
    return tuple(out)


class _Where:
    """Which file a line named by the model is in: the file's own tags say it is here, a followed import's
    tags say it is there (a layer's lines may be in the module that defines it)."""

    def __init__(self, r: FileResult) -> None:
        self.local: dict[str, set[int]] = {}
        self.foreign: dict[tuple[str, int], str] = {}
        for t in r.tags:
            if t.path is None:
                self.local.setdefault(t.kind, set()).update(range(t.line, max(t.line, t.end_line) + 1))
        for t in r.foreign_tags:
            if t.path is not None:
                self.foreign.setdefault((t.kind, t.line), shown_path(t.path, r.path))

    def split(self, kinds: Iterable[str], lines: Iterable[int]) -> tuple[set[int], set[tuple[str, int]]]:
        here: set[int] = set()
        there: set[tuple[str, int]] = set()
        kinds = tuple(kinds)
        for n in lines:
            if any(n in self.local.get(k, ()) for k in kinds):
                here.add(n)
                continue
            path = next((self.foreign[(k, n)] for k in kinds if (k, n) in self.foreign), None)
            if path is not None:
                there.add((path, n))
        return here, there


def shown_path(path: str, own: str) -> str:
    """A followed import's path as the report names files (the analysis keeps them absolute): relative to the
    working directory unless the file analysed was given by an absolute path (as the engine names related files)."""
    if os.path.isabs(own) or not os.path.isabs(path):
        return path
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path


def verdict_text(c: Check) -> str:
    """`ok (relative error 4.8e-10)`, `mismatch (relative error 0.95)`, `not verified: why`."""
    if c.verdict == "not verified":
        return f"not verified: {c.reason}" if c.reason else "not verified"
    return c.verdict + (f" (relative error {c.rel_error:.2g})" if c.rel_error is not None else "") + (
        f"; {c.reason}" if c.reason else "")


def _tag_lines(tags: Iterable[Tag]) -> set[int]:
    return {n for t in tags for n in range(t.line, max(t.line, t.end_line) + 1)}


def _mentions(text: str, name: str) -> bool:
    return re.search(r"(?<![\w'\"])" + re.escape(name) + r"(?![\w'\"])", text) is not None


_ASSIGNED = re.compile(r"\s*([A-Za-z_][\w.]*)\s*(?::[^=]*)?=[^=]")


def build(r: FileResult, prefix: str, lines: Sequence[str] = (),
          label: Callable[[int], str] = lambda n: f"line {n}") -> Diagram:
    """The diagram's marks for one file; ids start with `prefix` (unique per file in the page).

    `lines`: the file's text, to name the loss by the variable it is assigned to; `label`: how a reader
    numbers a line (`cell 5, line 13` in a notebook).
    """
    groups = groups_of(r.layers)
    where = _Where(r)
    local_tags = [t for t in r.tags if t.path is None]
    own = [f for f in r.findings if f.path is None or f.path == r.path]
    marks: dict[str, Mark] = {}
    verdicts = {c.param: c for c in r.checks}
    arrows: list[tuple[str, str, set[int], set[tuple[str, int]], str | None]] = []  # id, kind, lines, there, param

    def tags(kind: str, layer: str | None = None, param: str | None = None) -> list[Tag]:
        return [t for t in local_tags if t.kind == kind and (layer is None or t.layer == layer)
                and (param is None or t.param == param)]

    def lines_of(kind: str, named: Iterable[int], extra: Iterable[Tag]) -> tuple[set[int], set[tuple[str, int]]]:
        here, there = where.split((kind,), named)
        return here | _tag_lines(extra), there

    first_input = groups[0].layers[0].input if groups else "input"
    marks["input"] = Mark(f"{prefix}-input", "input", first_input, "plain", info=f"input {first_input}")
    loss_lines = _tag_lines(tags("loss"))
    named = _ASSIGNED.match(lines[min(loss_lines) - 1]) if loss_lines and min(loss_lines) <= len(lines) else None
    marks["loss"] = Mark(f"{prefix}-loss", "loss", named.group(1) if named else "", "plain", tuple(sorted(loss_lines)),
                         info="loss" + (f" ({label(min(loss_lines))})" if loss_lines else ": not found in this file"))
    for i, g in enumerate(groups):
        fwd_here, fwd_there = lines_of("linear", [lay.line for lay in g.layers],
                                       tags("linear", g.name) + tags("activation", g.name))
        act = g.activation or "activation unknown"
        marks[f"layer{i}"] = Mark(f"{prefix}-layer{i}", "layer", f"layer {g.name}", "plain",
                                  tuple(sorted(fwd_here)), tuple(sorted(fwd_there)),
                                  info=f"layer {g.name}{' (a family of layers)' if g.family else ''}: "
                                       f"{', '.join(g.weights + g.biases)}; {act}")
        marks[f"delta{i}"] = Mark(f"{prefix}-delta{i}", "delta", f"δ{g.name}", "plain",
                                  info=f"delta of layer {g.name}")
        here, there = lines_of("F1", [n for lay in g.layers for n in lay.f1], tags("F1", g.name))
        arrows.append((f"F1-{i}", "F1", here, there, None))
        here, there = lines_of("F2", [n for lay in g.layers for n in lay.f2], tags("F2", g.name))
        if i > 0 or here or there:
            arrows.append((f"F2-{i}", "F2", here, there, None))
        by_param = {lay.weight: lay for lay in g.layers}
        for p in g.weights + g.biases:
            lay = by_param.get(p)
            marks[f"grad{i}-{p}"] = Mark(f"{prefix}-grad{i}-{len(marks)}", "grad", f"∇ {p}", "plain",
                                         info=f"gradient of {p}")
            check = verdicts.get(p)
            marks[f"param{i}-{p}"] = Mark(f"{prefix}-param{i}-{len(marks)}", "param", p, "plain",
                                          (check.line,) if check is not None and check.line else (),
                                          info=f"parameter {p}" + (f", update {lay.direction}"
                                                                   if lay is not None and lay.direction else "")
                                          + (f"; --verify: {verdict_text(check)}" if check is not None else ""),
                                          verdict=check.verdict if check is not None else None)
            here, there = lines_of("F3", lay.f3 if lay else (), tags("F3", None, p))
            arrows.append((f"F3-{i}-{p}", "F3", here, there, p))
            here, there = lines_of("update", lay.update if lay else (), tags("update", None, p))
            arrows.append((f"update-{i}-{p}", "update", here, there, p))
    if groups:
        last = groups[-1].name
        err = tags("error", last) or tags("error")
        # the loss may be computed in a followed import (a loss class beside the layers)
        err_there = set() if err else {(shown_path(t.path, r.path), t.line) for t in r.foreign_tags
                                       if t.kind == "error" and t.path}
        arrows.append(("error", "error", _tag_lines(err), err_there, None))

    # which findings each arrow carries: by line, preferring the arrows of the kind the rule is about
    carried: dict[str, list[Finding]] = {key: [] for key, *_ in arrows}
    loose = []
    for f in own:
        span = set(range(f.line, max(f.line, f.end_line) + 1))
        hit = [(key, kind) for key, kind, here, _, _ in arrows if here & span]
        wanted = CODE_KINDS.get(f.code)
        chosen = [key for key, kind in hit if wanted is None or kind in wanted] or [key for key, _ in hit]
        if f.code in _ABSENCE_CODES:  # `bias b2 ... is never updated`, flagged where b2 is used
            chosen += [key for key, kind, here, there, p in arrows if p is not None and not here and not there
                       and kind in CODE_KINDS[f.code] and _mentions(f.message, p)]
        for key in dict.fromkeys(chosen):
            carried[key].append(f)
        if not chosen:
            loose.append(f)
    # An absent arrow is called missing only where the file shows the formula elsewhere in the same
    # network: no hand-written backward statement at all is autograd or another module's work, an
    # error computed outside comes in as an argument, and a parameter of a packed vector is updated
    # through it. BP101 names a missing update itself.
    present = {kind for _, kind, here, there, _ in arrows if here or there}
    hand = bool(present & {"error", "F1", "F2", "F3"})
    identity = {f"F1-{i}" for i, g in enumerate(groups) if (g.activation or "").lower() in _IDENTITY}
    weights = {lay.weight for lay in r.layers}
    for key, kind, here, there, param in arrows:
        found = carried[key]
        if found:
            state = "finding"
        elif here or there:
            state = "ok"
        elif kind == "error" or key in identity:
            state = "untraced"
        elif kind in ("F1", "F2"):
            state = "missing" if hand else "untraced"
        else:  # F3 and update of a weight; a bias the model did not tie to its statements is no fault
            state = "missing" if kind in present and param in weights else "untraced"
        codes = tuple(dict.fromkeys(f.code for f in found))
        caption = kind + (" " + " ".join(codes) if codes else "") + (" missing" if state == "missing" else "")
        where_txt = ", ".join([label(n) for n in sorted(here)] + [f"{p}:{n}" for p, n in sorted(there)])
        if where_txt:
            status = where_txt
        elif state == "missing":
            status = "missing"
        elif key in identity:
            status = "not needed (identity activation: delta = error)"
        elif not hand and kind != "update":
            status = "no hand-written backward statement in this file (autograd, or another module)"
        else:
            status = "not traced to a statement of this file"
        info = f"{kind}{' of ' + param if param else ''}: {status}"
        info += "".join(f" · {f.code} {label(f.line)}: {f.message}" for f in found)
        marks[key] = Mark(f"{prefix}-{key.replace(' ', '_')}", kind, caption, state, tuple(sorted(here)),
                          tuple(sorted(there)), codes, info)
    return Diagram(groups, marks, tuple(loose))


# ----------------------------------------------------------------------------------------------- SVG

_COL = 200  # horizontal distance between columns
_BOX_W, _BOX_H, _BOX_Y = 156, 64, 20
_DELTA_Y, _GRAD_Y, _PARAM_Y = 160, 240, 320
_CHIP_W, _CHIP_H, _GAP = 84, 28, 16


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _tail(text: str, n: int = 12) -> str:
    """The end of a long name: `…arams['W1']` tells the parameters apart, `self.param…` does not."""
    return text if len(text) <= n else "…" + text[1 - n:]


_GLYPH = {"ok": " ✓", "mismatch": " ✗", "not verified": " ?"}


def _attrs(m: Mark) -> str:
    ext = " ".join(f"{p}:{n}" for p, n in m.elsewhere)
    verdict = f" v-{m.verdict.split()[0]}" if m.verdict else ""
    return (f'id="{escape(m.id)}" class="mark {m.kind} st-{m.state}{verdict}" data-mark="{escape(m.kind)}" '
            f'data-lines="{" ".join(map(str, m.lines))}" data-ext="{escape(ext)}" data-info="{escape(m.info)}" '
            f'tabindex="0"')


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "middle") -> str:
    return f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" class="{cls}">{escape(text)}</text>'


def _arrow(m: Mark, path: str, lx: float, ly: float, anchor: str = "middle") -> str:
    return (f'<g {_attrs(m)}><title>{escape(m.info)}</title><path class="hit" d="{path}"/>'
            f'<path class="line" d="{path}" marker-end="url(#ah-{m.state})"/>'
            f'{_text(lx, ly, m.label, "lbl", anchor)}</g>')


def _box(m: Mark, x: float, y: float, w: float, h: float, lines: Sequence[str], family: bool = False) -> str:
    back = ""
    if family:  # a stack of boxes: one drawing for every layer of the loop
        back = "".join(f'<rect class="stack" x="{x - w / 2 + d:.0f}" y="{y - d:.0f}" width="{w:.0f}" height="{h:.0f}" '
                       f'rx="6"/>' for d in (8, 4))
    body = "".join(_text(x, y + 17 + 15 * k, _short(t), "b" if k == 0 else "") for k, t in enumerate(lines))
    return (f'<g {_attrs(m)}><title>{escape(m.info)}</title>{back}<rect x="{x - w / 2:.0f}" y="{y:.0f}" '
            f'width="{w:.0f}" height="{h:.0f}" rx="6"/>{body}</g>')


def _params_of(g: Group) -> tuple[str, ...]:
    return g.weights + g.biases


def svg(d: Diagram) -> str:
    """The diagram as an inline SVG element (no external references: markers are defined inside)."""
    if not d.groups:
        return ""
    m = d.marks
    widths = [max(1, len(_params_of(g))) * (_CHIP_W + _GAP) for g in d.groups]
    cols = []  # x of each layer column
    x = 20 + _BOX_W / 2
    input_x = x
    for w in widths:
        step = max(_COL, w / 2 + _BOX_W / 2 + 44)
        x += step
        cols.append(x)
        x += max(0, w / 2 - _BOX_W / 2)
    loss_x = x + _COL
    width = loss_x + _BOX_W / 2 + 20
    height = _PARAM_Y + _CHIP_H + 24
    out = [f'<svg class="net" width="{width:.0f}" height="{height}" viewBox="0 0 {width:.0f} {height}" '
           f'role="img" aria-label="layer diagram">', "<defs>"]
    for st in STATES:
        out.append(f'<marker id="ah-{st}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
                   f'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
                   f'<path class="ah st-{st}" d="M0,0L10,5L0,10z"/></marker>')
    out.append("</defs>")
    mid = _BOX_Y + _BOX_H / 2
    # forward pass, left to right
    xs = [input_x] + cols + [loss_x]
    for a, b in zip(xs, xs[1:]):
        out.append(f'<path class="fwd" d="M{a + _BOX_W / 2:.0f},{mid:.0f}H{b - _BOX_W / 2 - 2:.0f}" '
                   f'marker-end="url(#ah-plain)"/>')
    out.append(_box(m["input"], input_x, _BOX_Y + 10, _BOX_W - 40, _BOX_H - 20, ["input", m["input"].label]))
    loss = m["loss"]
    out.append(_box(loss, loss_x, _BOX_Y + 10, _BOX_W - 40, _BOX_H - 20,
                    ["loss", loss.label or (f"line {loss.lines[0]}" if loss.lines else "no statement")]))
    for i, (g, cx) in enumerate(zip(d.groups, cols)):
        w = ", ".join(g.weights + g.biases)
        third = (g.activation or "activation ?") + ("  × L" if g.family else "")
        out.append(_box(m[f"layer{i}"], cx, _BOX_Y, _BOX_W, _BOX_H, [f"layer {g.name}", w, third], g.family))
        dm = m[f"delta{i}"]
        out.append(f'<g {_attrs(dm)}><title>{escape(dm.info)}</title><circle cx="{cx:.0f}" cy="{_DELTA_Y}" r="17"/>'
                   f'{_text(cx, _DELTA_Y + 5, _short(dm.label, 8), "b")}</g>')
        f1 = m[f"F1-{i}"]
        out.append(_arrow(f1, f"M{cx:.0f},{_BOX_Y + _BOX_H + 2}V{_DELTA_Y - 19}", cx + 8,
                          (_BOX_Y + _BOX_H + _DELTA_Y) / 2 + 4, "start"))
        f2 = m.get(f"F2-{i}")
        if f2 is not None:
            to = cols[i - 1] + 19 if i > 0 else input_x
            end_y = _DELTA_Y if i > 0 else _BOX_Y + _BOX_H - 8
            path = f"M{cx - 19:.0f},{_DELTA_Y}H{to + 30:.0f}" + (f"L{to:.0f},{end_y}" if i == 0 else f"H{to:.0f}")
            out.append(_arrow(f2, path, (cx + to) / 2, _DELTA_Y - 8))
        params = _params_of(g)
        for k, p in enumerate(params):
            px = cx + (k - (len(params) - 1) / 2) * (_CHIP_W + _GAP)
            f3 = m[f"F3-{i}-{p}"]
            left = len(params) > 1 and k < (len(params) - 1) / 2  # labels outside, away from the neighbour's
            lx, anchor = (px - 6, "end") if left else (px + 6, "start")
            out.append(_arrow(f3, f"M{cx:.0f},{_DELTA_Y + 19}L{px:.0f},{_GRAD_Y - 2}", lx, _GRAD_Y - 14, anchor))
            gm, pm = m[f"grad{i}-{p}"], m[f"param{i}-{p}"]
            out.append(_box(gm, px, _GRAD_Y, _CHIP_W, _CHIP_H, ["∇ " + _tail(p, 10)]))
            up = m[f"update-{i}-{p}"]
            out.append(_arrow(up, f"M{px:.0f},{_GRAD_Y + _CHIP_H + 2}V{_PARAM_Y - 2}", lx,
                              (_GRAD_Y + _CHIP_H + _PARAM_Y) / 2 + 4, anchor))
            glyph = _GLYPH.get(pm.verdict or "", "")
            out.append(_box(pm, px, _PARAM_Y, _CHIP_W, _CHIP_H, [_tail(p, 12 - len(glyph)) + glyph]))
    if "error" in m:
        lx = cols[-1]
        path = f"M{loss_x:.0f},{_BOX_Y + _BOX_H - 8}V{_DELTA_Y}H{lx + 19:.0f}"
        out.append(_arrow(m["error"], path, (loss_x + lx) / 2 + 10, _DELTA_Y - 8))
    out.append("</svg>")
    return "".join(out)
