"""`--format html`: one self-contained page, the layer diagram of each file beside its annotated source."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from typing import Callable, Sequence

from bpscan.reporters import (ReportContext, finding_order, location, not_understood, plural, read_in_part,
                              summary_line)
from bpscan.reporters.html_diagram import Diagram, build, svg
from bpscan.results import FileResult, Finding, Related, Tag

_TAG_ORDER = ("linear", "activation", "loss", "error", "F1", "F2", "F3", "update")


# ------------------------------------------------------------------------------------ source text

def _split(text: str) -> list[str]:
    # Only \n, \r\n and \r end a line for Python (str.splitlines would also split on \f and others).
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _uses_cells(r: FileResult) -> bool:
    return any(t.cell is not None for t in r.tags) or any(
        f.cell is not None or any(x.cell is not None for x in f.related) for f in r.findings)


def _program(r: FileResult) -> tuple[list[str], list[tuple[int, int]] | None]:
    """The lines shown for a file and, for a notebook, each shown line's (cell, line in cell).

    A notebook's tags and findings count lines within cells; the page shows the program the cells were
    joined into, so positions are mapped onto it. Any failure to read leaves the file without code.
    """
    text, cells = r.source, None
    if _uses_cells(r) or r.path.lower().endswith(".ipynb") or text is None:
        try:
            from bpscan.source import load_program

            program = load_program(r.path)
            text = program.text
            found = getattr(program, "cell_of_line", None)
            cells = [(int(c), int(n)) for c, n in found] if found else None
        except Exception:  # moved, unreadable or not a file (stdin): show what the result holds
            cells = None
    return (_split(text) if text is not None else []), cells


def _to_program(r: FileResult, cells: list[tuple[int, int]]) -> FileResult:
    """The result with every (cell, line) position of this file turned into a line of the joined program."""
    where = {pair: i for i, pair in enumerate(cells, start=1)}

    def at(cell: int | None, line: int) -> int:
        return where.get((cell, line), 0) if cell is not None else line

    def rel(x: Related) -> Related:
        return x if x.path is not None else replace(x, line=at(x.cell, x.line), cell=None)

    def tag(t: Tag) -> Tag:
        start = at(t.cell, t.line)
        return replace(t, line=start, end_line=start + max(0, t.end_line - t.line), cell=None)

    def finding(f: Finding) -> Finding:
        start = at(f.cell, f.line)
        return replace(f, line=start, end_line=start + max(0, f.end_line - f.line), cell=None,
                       related=tuple(rel(x) for x in f.related))

    return replace(r, tags=tuple(tag(t) if t.path is None else t for t in r.tags),
                   findings=tuple(finding(f) if f.path is None else f for f in r.findings))


# ------------------------------------------------------------------------------------------- page

def _chip(t: Tag) -> str:
    text = t.kind + (f"·{t.layer}" if t.layer else "") + (f" {t.param}" if t.param else "")
    short = text if len(text) <= 18 else text[:17] + "…"
    return f'<span class="chip k-{escape(t.kind)}" title="{escape(text)}">{escape(short)}</span>'


def _related(fid: str, x: Related, label: Callable[[int], str]) -> str:
    if x.path is not None:
        where = location(x.path, x.line, None, x.cell)
        return (f'<li><a href="#" data-ext="{escape(x.path)}:{x.line}">{escape(where)}</a> '
                f'{escape(x.message)}</li>')
    return f'<li><a href="#{fid}-l{x.line}">{escape(label(x.line))}</a> {escape(x.message)}</li>'


def _finding(fid: str, k: int, f: Finding, label: Callable[[int], str]) -> str:
    out = [f'<div class="finding sev-{escape(f.severity)}" id="{fid}-x{k}" data-line="{f.line}">'
           f'<span class="code">{escape(f.code)}</span> <span class="name">{escape(f.name)}</span> '
           f'<span class="sev">{escape(f.severity)}</span>']
    if f.confidence != "high":
        out.append(f' <span class="conf">{escape(f.confidence)} confidence</span>')
    out.append(f'<div class="msg">{escape(f.message)}</div>')
    if f.expected is not None:
        out.append(f'<div class="exp"><span>{escape(f.fix_label)}</span> <code>{escape(f.expected)}</code></div>')
    if f.related:
        out.append('<ul class="rel">' + "".join(_related(fid, x, label) for x in f.related) + "</ul>")
    out.append("</div>")
    return "".join(out)


def _labeller(cells: list[tuple[int, int]] | None) -> Callable[[int], str]:
    """How a reader numbers a shown line: `line 12`, or `cell 5, line 13` in a notebook."""
    def label(n: int) -> str:
        if cells is not None and 1 <= n <= len(cells):
            return f"cell {cells[n - 1][0]}, line {cells[n - 1][1]}"
        return f"line {n}"
    return label


_ERROR_LINE = re.compile(r"\bline (\d+)")


def _source(fid: str, r: FileResult, lines: list[str], cells: list[tuple[int, int]] | None) -> str:
    """The annotated source: tag gutter, line numbers (cell and line for a notebook), findings under their lines."""
    label = _labeller(cells)

    chips: dict[int, list[Tag]] = {}
    for t in r.tags:
        if t.path is None:
            chips.setdefault(t.line, []).append(t)
    local = sorted((f for f in r.findings if f.path is None), key=finding_order)
    below: dict[int, list[str]] = {}
    bad: set[int] = set()
    for k, f in enumerate(local):
        end = max(f.line, f.end_line, f.insert_after or 0, f.move_before or 0)
        below.setdefault(min(end, len(lines)) if lines else 0, []).append(_finding(fid, k, f, label))
        bad.update(range(f.line, max(f.line, f.end_line) + 1))
    failed = _ERROR_LINE.search(r.error or read_in_part(r) or "")
    if failed and cells is None:  # the syntax error's line, so a broken file still points at its fault
        bad.add(int(failed.group(1)))
    out = ['<div class="src">']
    last_cell = None
    for n, text in enumerate(lines, start=1):
        number = str(n)
        if cells is not None and n <= len(cells):
            cell, number = cells[n - 1][0], str(cells[n - 1][1])
            if cell != last_cell:
                out.append(f'<div class="cell">cell {cell}</div>')
                last_cell = cell
        gutter = "".join(_chip(t) for t in sorted(chips.get(n, ()), key=lambda t: _TAG_ORDER.index(t.kind)
                                                   if t.kind in _TAG_ORDER else 99))
        cls = "ln bad" if n in bad else "ln"
        out.append(f'<div class="{cls}" id="{fid}-l{n}" data-line="{n}"><span class="g">{gutter}</span>'
                   f'<span class="no">{number}</span><code>{escape(text) or " "}</code></div>')
        out.extend(below.get(n, ()))
    if not lines:
        out.append('<p class="empty">(the source is not available)</p>')
    out.extend(below.get(0, ()))  # findings of a file whose text could not be shown
    out.append("</div>")
    return "".join(out)


def _diagram(fid: str, r: FileResult, d: Diagram) -> str:
    out = ['<div class="diag">']
    drawing = svg(d)
    if drawing:
        out.append(f'<div class="svgwrap">{drawing}</div>')
        out.append('<div class="legend"><span class="st-ok">present</span><span class="st-finding">finding</span>'
                   '<span class="st-missing">missing</span><span class="st-untraced">not traced</span></div>')
        out.append('<div class="info" aria-live="polite">Click a box or an arrow to see its lines; click a line '
                   'to see its place in the network.</div>')
    elif r.error is None:
        out.append('<p class="nolayers">No layer was found in this file: nothing to draw.</p>')
    else:
        out.append('<p class="nolayers">The file could not be analysed: nothing to draw.</p>')
    if r.checks:
        out.append(_checks(fid, r))
    if d.loose:
        out.append('<div class="loose"><b>Findings outside the diagram</b><ul>' + "".join(
            f'<li><a href="#{fid}-l{f.line}">line {f.line}</a> {escape(f.code)} {escape(f.message)}</li>'
            for f in d.loose) + "</ul></div>")
    others = [f for f in r.findings if f.path is not None and f.path != r.path]
    if others:
        out.append('<div class="loose"><b>Findings in other files</b><ul>' + "".join(
            f'<li><a href="#" data-ext="{escape(f.path or "")}:{f.line}">{escape(location(f.path or "", f.line))}</a> '
            f'{escape(f.code)} {escape(f.message)}</li>' for f in others) + "</ul></div>")
    out.append("</div>")
    return "".join(out)


def _checks(fid: str, r: FileResult) -> str:
    """`--verify`'s verdicts, one row per parameter (its line: where its gradient is computed)."""
    rows = []
    for c in r.checks:
        where = f'<a href="#{fid}-l{c.line}">{c.line}</a>' if c.line else ""
        rel = f"{c.rel_error:.2g}" if c.rel_error is not None else ""
        rows.append(f'<tr class="v-{escape(c.verdict.split()[0])}"><td><code>{escape(c.param)}</code></td>'
                    f'<td>{escape(c.verdict)}</td><td>{rel}</td><td>{where}</td><td>{escape(c.reason or "")}</td></tr>')
    return ('<div class="checks"><b>Gradients checked numerically (--verify)</b><table><thead><tr><th>parameter</th>'
            '<th>verdict</th><th>relative error</th><th>line</th><th>why</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _status(r: FileResult) -> tuple[str, str]:
    """A file's state for the summary table: (css class, text)."""
    if r.error is not None:
        return "st-error", "could not be analysed"
    if not_understood(r) is not None:
        return "st-lost", "not understood"
    if r.findings:
        return "st-finding", plural(len(r.findings), "finding")
    if r.layers:
        return "st-ok", "no findings"
    return "st-none", "no backprop found"


def _file(k: int, r: FileResult) -> str:
    fid = f"f{k}"
    lines, cells = _program(r)
    shown = _to_program(r, cells) if cells is not None else r
    cls, status = _status(r)
    out = [f'<section class="file" id="{fid}" data-path="{escape(r.path)}">'
           f'<h2>{escape(r.path)} <span class="badge {cls}">{escape(status)}</span></h2>']
    if r.error is not None:
        out.append(f'<p class="error">{escape(r.error)}</p>')
    if r.notes:
        out.append('<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in r.notes) + "</ul>")
    try:
        diagram = _diagram(fid, shown, build(shown, fid, lines, _labeller(cells)))
    except Exception as exc:  # a drawing problem must not cost the reader the findings and the code
        diagram = (f'<div class="diag"><p class="error">the diagram could not be drawn: '
                   f'{escape(type(exc).__name__)}</p></div>')
    out.append('<div class="panes">')
    out.append(diagram)
    out.append(_source(fid, shown, lines, cells))
    out.append("</div></section>")
    return "".join(out)


def _summary(results: Sequence[FileResult], names: Sequence[str]) -> str:
    rows = []
    for k, (r, name) in enumerate(zip(results, names)):
        cls, status = _status(r)
        weights = ", ".join(dict.fromkeys(lay.weight for lay in r.layers))
        sev = {s: sum(1 for f in r.findings if f.severity == s) for s in ("error", "warning", "info")}
        rows.append(f'<tr><td><a href="#f{k}" title="{escape(r.path)}">{escape(name)}</a></td>'
                    f'<td>{len({lay.name for lay in r.layers})}</td>'
                    f'<td class="w">{escape(weights)}</td><td>{sev["error"]}</td><td>{sev["warning"]}</td>'
                    f'<td>{sev["info"]}</td><td><span class="badge {cls}">{escape(status)}</span></td></tr>')
    return ('<section class="overview" id="overview"><h2>Files</h2><table class="summary"><thead><tr><th>file</th>'
            '<th>layers</th><th>weights</th><th>errors</th><th>warnings</th><th>info</th><th>status</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def _short_paths(results: Sequence[FileResult]) -> list[str]:
    """The paths without the directory they all share, for the file list and the table."""
    paths = [r.path.replace("\\", "/") for r in results]
    if len(paths) < 2:
        return paths
    parts = [p.split("/")[:-1] for p in paths]
    common = 0
    while all(len(x) > common for x in parts) and len({x[common] for x in parts}) == 1:
        common += 1
    return ["/".join(p.split("/")[common:]) for p in paths]


def render(results: Sequence[FileResult], ctx: ReportContext | None = None) -> str:
    """The whole page: a header, for several files a summary table and file list, then each file."""
    ctx = ctx or ReportContext()
    many = len(results) > 1
    body = [f'<header><h1>bpscan report</h1><p class="sum">{escape(summary_line(results, ctx.missing))}</p>'
            f'<p class="ver">bpscan {escape(ctx.version)}</p></header>']
    names = _short_paths(results)
    if many:
        body.append('<nav aria-label="files"><ul>' + "".join(
            f'<li><a href="#f{k}" class="{_status(r)[0]}" title="{escape(r.path)}">{escape(name)}</a></li>'
            for k, (r, name) in enumerate(zip(results, names))) + "</ul></nav>")
    body.append(f'<main class="{"many" if many else "one"}">')
    if many:
        body.append(_summary(results, names))
    body.extend(_file(k, r) for k, r in enumerate(results))
    if not results:
        body.append("<p>No files were analysed.</p>")
    body.append("</main>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            # the page loads nothing: a report opened from a CI artifact stays offline and inert
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>bpscan report</title><style>{_CSS}</style></head><body>{''.join(body)}"
            f"<script>{_JS}</script></body></html>\n")


_CSS = """
:root{--ok:#2e7d32;--finding:#c62828;--missing:#e65100;--untraced:#9e9e9e;--plain:#546e7a;--hl:#fff3b0;
--bg:#fafafa;--fg:#1b1b1b;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);
background:var(--bg)}
header{padding:10px 18px;background:#263238;color:#fff;display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
header h1{font-size:18px;margin:0}header p{margin:0}.ver{opacity:.7;font-size:12px}
nav{position:fixed;top:52px;left:0;bottom:0;width:230px;overflow:auto;border-right:1px solid #ddd;background:#fff}
nav ul{list-style:none;margin:0;padding:6px}nav li a{display:block;padding:3px 6px;border-radius:4px;
text-decoration:none;color:#333;font:12px var(--mono);overflow-wrap:anywhere}
nav li a.cur{background:#e3f2fd;font-weight:bold}
nav a.st-finding::before,nav a.st-error::before{content:"● ";color:var(--finding)}
nav a.st-ok::before{content:"● ";color:var(--ok)}nav a.st-lost::before{content:"● ";color:var(--missing)}
nav a.st-none::before{content:"● ";color:#bbb}
main{padding:10px 18px}main.many{margin-left:230px}
h2{font:bold 15px var(--mono);margin:8px 0;overflow-wrap:anywhere}
.badge{font:12px system-ui,sans-serif;padding:1px 7px;border-radius:9px;color:#fff;background:var(--plain);
vertical-align:middle}
.badge.st-finding,.badge.st-error{background:var(--finding)}.badge.st-ok{background:var(--ok)}
.badge.st-lost{background:var(--missing)}
table.summary{border-collapse:collapse;background:#fff}table.summary td,table.summary th{border:1px solid #ddd;
padding:3px 8px;text-align:left}table.summary td.w{font:12px var(--mono)}
.error{color:var(--finding);font-weight:bold}.notes{color:#555;font-size:13px}
.panes{display:grid;grid-template-columns:minmax(0,auto) minmax(0,1fr);gap:14px;align-items:start}
.diag{position:sticky;top:8px;max-width:46vw;max-height:calc(100vh - 16px);overflow:auto;background:#fff;
border:1px solid #ddd;border-radius:6px;padding:8px}
.svgwrap{overflow-x:auto}svg.net{max-width:100%;height:auto;min-width:420px}
svg.net text{font:11px var(--mono);fill:#222}svg.net text.b{font-weight:bold}
svg.net text.lbl{font:bold 11px system-ui,sans-serif}
svg.net rect,svg.net circle{fill:#eceff1;stroke:var(--plain);stroke-width:1.3}
svg.net rect.stack{fill:#cfd8dc}
svg.net g.layer rect{fill:#e3f2fd}svg.net g.delta circle{fill:#fff8e1}svg.net g.grad rect{fill:#f3e5f5}
svg.net g.param rect{fill:#e8f5e9}
svg.net .fwd{stroke:#90a4ae;stroke-width:2;fill:none}
svg.net .mark{cursor:pointer}svg.net .mark:focus{outline:none}
svg.net path.line{fill:none;stroke-width:2.2}svg.net path.hit{fill:none;stroke:transparent;stroke-width:12}
.st-ok path.line{stroke:var(--ok)}.st-ok text.lbl{fill:var(--ok)}
.st-finding path.line{stroke:var(--finding);stroke-width:3}.st-finding text.lbl{fill:var(--finding)}
.st-missing path.line{stroke:var(--missing);stroke-dasharray:6 4}.st-missing text.lbl{fill:var(--missing)}
.st-untraced path.line{stroke:var(--untraced);stroke-dasharray:2 3}.st-untraced text.lbl{fill:#777}
path.ah.st-ok{fill:var(--ok)}path.ah.st-finding{fill:var(--finding)}path.ah.st-missing{fill:var(--missing)}
path.ah.st-untraced{fill:var(--untraced)}path.ah.st-plain{fill:#90a4ae}
svg.net .mark.sel rect,svg.net .mark.sel circle{stroke:#f9a825;stroke-width:3.5}
svg.net .mark.sel path.line{stroke-width:4.5;filter:drop-shadow(0 0 2px #f9a825)}
.legend{display:flex;gap:12px;font-size:12px;margin:4px 0}.legend span::before{content:"";display:inline-block;
width:18px;height:0;border-top:3px solid;margin-right:4px;vertical-align:middle}
.legend .st-ok{color:var(--ok)}.legend .st-finding{color:var(--finding)}
.legend .st-missing{color:var(--missing)}.legend .st-missing::before{border-top-style:dashed}
.legend .st-untraced{color:#777}.legend .st-untraced::before{border-top-style:dotted}
.info{font-size:13px;background:#f5f5f5;border-radius:4px;padding:6px;min-height:2.4em;max-width:640px}
.checks{font-size:13px;margin-top:8px}.checks table{border-collapse:collapse;margin-top:3px}
.checks td,.checks th{border:1px solid #ddd;padding:2px 6px;text-align:left}
.checks tr.v-ok td:nth-child(2){color:var(--ok)}.checks tr.v-mismatch td:nth-child(2){color:var(--finding);
font-weight:bold}.checks tr.v-not td:nth-child(2){color:#777}
svg.net g.param.v-ok rect{stroke:var(--ok);stroke-width:2}svg.net g.param.v-mismatch rect{stroke:var(--finding);
stroke-width:2.5;fill:#ffebee}svg.net g.param.v-not rect{stroke-dasharray:3 2}
.loose{font-size:13px;margin-top:8px}.loose ul{margin:4px 0;padding-left:18px}
.src{background:#fff;border:1px solid #ddd;border-radius:6px;font:12.5px/1.45 var(--mono);overflow-x:auto;
padding:4px 0}
.ln{display:flex;white-space:pre;cursor:pointer}.ln:hover{background:#f1f8ff}
.ln .g{flex:0 0 11em;display:flex;gap:2px;justify-content:flex-end;overflow:hidden;padding-right:4px}
.ln .no{flex:0 0 3.5em;text-align:right;padding-right:10px;color:#999;user-select:none}
.ln code{font:inherit}.ln.bad .no{color:#fff;background:var(--finding)}
.ln.hl{background:var(--hl)}
.chip{font:10.5px/1.5 system-ui,sans-serif;padding:0 4px;border-radius:3px;background:#eceff1;color:#333}
.chip.k-error{background:#ffe0b2}.chip.k-F1{background:#fff8e1}.chip.k-F2{background:#e1f5fe}
.chip.k-F3{background:#f3e5f5}.chip.k-update{background:#e8f5e9}.chip.k-loss{background:#fce4ec}
.cell{font:bold 12px system-ui,sans-serif;color:#555;padding:6px 10px 2px;border-top:1px dashed #ccc}
.finding{margin:2px 8px 6px 15em;padding:6px 10px;border-left:4px solid var(--finding);background:#ffebee;
font:13px system-ui,sans-serif;white-space:normal}
.finding.sev-warning{border-color:var(--missing);background:#fff3e0}.finding.sev-info{border-color:var(--plain);
background:#eceff1}
.finding .code{font-weight:bold}.finding .name{color:#555}.finding .sev,.finding .conf{font-size:11px;color:#777}
.finding .exp code{font:12.5px var(--mono);background:#fff;padding:1px 5px;border:1px solid #c8e6c9;
border-radius:3px}.finding .exp span{color:var(--ok);font-weight:bold}
.finding ul.rel{margin:3px 0 0;padding-left:18px;font-size:12px}
@media (max-width:1000px){.panes{grid-template-columns:1fr}.diag{position:static;max-width:none}
main.many{margin-left:0}nav{position:static;width:auto}}
"""

_JS = """
(function () {
  'use strict';
  var all = function (sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); };
  var files = all('section.file');
  var many = files.length > 1;
  function clear(sec) {
    all('.hl', sec).forEach(function (e) { e.classList.remove('hl'); });
    all('.sel', sec).forEach(function (e) { e.classList.remove('sel'); });
  }
  function showFile(sec) {
    if (!many || !sec) { return; }
    files.forEach(function (s) { s.hidden = s !== sec; });
    all('nav a').forEach(function (a) { a.classList.toggle('cur', a.getAttribute('href') === '#' + sec.id); });
  }
  function lineEl(sec, n) { return document.getElementById(sec.id + '-l' + n); }
  function say(sec, text, ext) {
    var info = sec.querySelector('.info');
    if (!info) { return; }
    info.textContent = text;
    (ext || '').split(' ').filter(Boolean).forEach(function (pl) {
      var a = document.createElement('a');
      a.href = '#';
      a.setAttribute('data-ext', pl);
      a.textContent = pl;
      info.appendChild(document.createTextNode(' '));
      info.appendChild(a);
    });
  }
  function selectMark(mark) {
    var sec = mark.closest('section.file');
    clear(sec);
    mark.classList.add('sel');
    var first = null;
    (mark.getAttribute('data-lines') || '').split(' ').filter(Boolean).forEach(function (n) {
      var el = lineEl(sec, n);
      if (el) { el.classList.add('hl'); first = first || el; }
    });
    say(sec, mark.getAttribute('data-info') || '', mark.getAttribute('data-ext'));
    if (first) { first.scrollIntoView({block: 'center'}); }
  }
  function selectLine(sec, n, scroll) {
    clear(sec);
    var el = lineEl(sec, n);
    if (!el) { return; }
    el.classList.add('hl');
    var hits = all('.mark', sec).filter(function (m) {
      return (m.getAttribute('data-lines') || '').split(' ').indexOf(String(n)) >= 0;
    });
    hits.forEach(function (m) { m.classList.add('sel'); });
    say(sec, hits.length ? hits.map(function (m) { return m.getAttribute('data-info'); }).join(' | ')
                         : 'line ' + n + ': no part of the diagram');
    if (scroll) { el.scrollIntoView({block: 'center'}); }
  }
  function go(hash) {
    var m = /^#(f\\d+)(?:-l(\\d+))?$/.exec(hash || '');
    if (!m) { return false; }
    var sec = document.getElementById(m[1]);
    if (!sec) { return false; }
    showFile(sec);
    if (m[2]) { selectLine(sec, m[2], true); } else { sec.scrollIntoView(); }
    return true;
  }
  function goExt(pl) {
    var i = pl.lastIndexOf(':');
    var path = pl.slice(0, i), n = pl.slice(i + 1);
    var sec = files.filter(function (s) {
      var p = s.getAttribute('data-path');
      return p === path || path.slice(-p.length - 1) === '/' + p || p.slice(-path.length - 1) === '/' + path;
    })[0];
    if (sec) { go('#' + sec.id + '-l' + n); }
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    var ext = t.closest('[data-ext]');
    if (ext && ext.tagName === 'A') { ev.preventDefault(); goExt(ext.getAttribute('data-ext')); return; }
    var a = t.closest('a[href^="#"]');
    if (a) {
      if (go(a.getAttribute('href'))) { ev.preventDefault(); history.replaceState(null, '', a.getAttribute('href')); }
      return;
    }
    var mark = t.closest('.mark');
    if (mark) { selectMark(mark); return; }
    var ln = t.closest('.ln');
    if (ln) { selectLine(ln.closest('section.file'), ln.getAttribute('data-line'), false); }
  });
  document.addEventListener('keydown', function (ev) {
    var mark = ev.target.closest && ev.target.closest('.mark');
    if (mark && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); selectMark(mark); }
  });
  window.addEventListener('hashchange', function () { go(location.hash); });
  if (!go(location.hash) && many) {
    var first = files.filter(function (s) { return s.querySelector('.finding'); })[0] ||
                files.filter(function (s) { return s.querySelector('svg'); })[0] || files[0];
    showFile(first);
  }
})();
"""
