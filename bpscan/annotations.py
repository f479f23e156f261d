"""The inline expectation grammar (`# bp: F1 update[w2] BP201`) shared by the corpus and rule examples."""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

from bpscan.results import BACKWARD_KINDS, FileResult

_ITEM = re.compile(r"([A-Za-z0-9_-]+)(?:\[(.*)\])?$")
_CODE = re.compile(r"BP\d{3}$")


@dataclass
class Expectations:
    """What a file says bpscan must report on it."""

    tags: dict[int, list[tuple[str, str | None]]] = field(default_factory=dict)
    findings: dict[int, list[str]] = field(default_factory=dict)
    status: str | None = None  # "clean" or "buggy"
    layers: list[tuple[str, str]] | None = None
    requires: list[str] = field(default_factory=list)
    style: str = ""
    driver: str | None = None  # a library with no training run of its own: the script that trains with it


def _split_items(text: str) -> list[str]:
    items, depth, cur = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if depth == 0 and (ch.isspace() or ch == ","):
            if cur:
                items.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        items.append(cur)
    return items


def comments(text: str) -> list[tuple[int, str]]:
    """(line, comment text) for every comment; falls back to a line scan if tokenising fails."""
    out: list[tuple[int, str]] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out.append((tok.start[0], tok.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        out = [(i, line[line.index("#"):]) for i, line in enumerate(text.splitlines(), 1) if "#" in line]
    return out


def parse(text: str, name_to_code: dict[str, str] | None = None) -> Expectations:
    """Read every `# bp:` annotation and `# bp-...:` header of a file."""
    exp = Expectations()
    names = name_to_code or {}
    for line, com in comments(text):
        body = com.lstrip("#").strip()
        if body.startswith("bp-corpus:"):
            exp.status = body.split(":", 1)[1].strip().split()[0]
        elif body.startswith("bp-layers:"):
            exp.layers = []
            for item in body.split(":", 1)[1].split():
                w, _, act = item.rpartition(":")
                exp.layers.append((w, act))
        elif body.startswith("bp-requires:"):
            exp.requires = [x.strip() for x in body.split(":", 1)[1].replace(",", " ").split()]
        elif body.startswith("bp-style:"):
            exp.style = body.split(":", 1)[1].strip()
        elif body.startswith("bp-driver:"):
            exp.driver = body.split(":", 1)[1].strip()
        elif body.startswith("bp:"):
            # stop at a following comment (`# bp: F1  # bp-tag: ...` written by `bpscan annotate`)
            for item in _split_items(body[3:].split("#", 1)[0]):
                m = _ITEM.match(item)
                if not m:
                    raise ValueError(f"line {line}: cannot read annotation item {item!r}")
                word, param = m.group(1), m.group(2)
                if word in BACKWARD_KINDS:
                    exp.tags.setdefault(line, []).append((word, param))
                elif _CODE.match(word):
                    exp.findings.setdefault(line, []).append(word)
                elif word in names:
                    exp.findings.setdefault(line, []).append(names[word])
                else:
                    raise ValueError(f"line {line}: unknown annotation item {item!r}")
    return exp


def compare(result: FileResult, exp: Expectations) -> list[str]:
    """Every difference between what bpscan reported and what the file expects, both ways."""
    problems: list[str] = []
    tags = [t for t in result.tags if t.kind in BACKWARD_KINDS]
    for line, items in sorted(exp.tags.items()):
        for kind, param in items:
            ok = any(t.line <= line <= t.end_line and t.kind == kind and (param is None or t.param == param)
                     for t in tags)
            if not ok:
                got = [f"{t.kind}[{t.param}]" for t in tags if t.line <= line <= t.end_line]
                problems.append(f"line {line}: missing tag {kind}{f'[{param}]' if param else ''} (got {got})")
    for t in tags:
        ok = any(t.line <= line <= t.end_line and any(k == t.kind for k, _ in items)
                 for line, items in exp.tags.items())
        if not ok:
            problems.append(f"line {t.line}: unexpected tag {t.kind} (layer {t.layer}, param {t.param})")
    for line, codes in sorted(exp.findings.items()):
        for code in codes:
            if not any(f.line <= line <= f.end_line and f.code == code for f in result.findings):
                problems.append(f"line {line}: missing finding {code}")
    for f in result.findings:
        if not any(f.line <= line <= f.end_line and f.code in codes for line, codes in exp.findings.items()):
            problems.append(f"line {f.line}: unexpected finding {f.code} {f.name}: {f.message}")
    if exp.layers is not None:
        got = [(lay.weight.replace("[*]", ""), lay.activation) for lay in result.layers]
        want = [(w.replace("[*]", ""), a) for w, a in exp.layers]
        if got != want:
            problems.append(f"layers: expected {want}, got {got}")
    return problems
