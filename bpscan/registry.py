"""The rule registry: which rules exist, their codes, names, severities and docs."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterable

from bpscan.rules import RULE_MODULES


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule's identity and documentation; `check` reads the model and yields findings."""

    code: str
    name: str
    severity: str
    summary: str
    doc: str
    module: str
    check: Callable[..., Iterable]


_CACHE: list[RuleInfo] | None = None


def all_rules() -> list[RuleInfo]:
    """Every rule, ordered by code."""
    global _CACHE
    if _CACHE is None:
        infos = []
        for modname in RULE_MODULES:
            mod = importlib.import_module(f"bpscan.rules.{modname}")
            doc = (mod.__doc__ or "").strip()
            summary = doc.splitlines()[0] if doc else ""
            infos.append(
                RuleInfo(mod.CODE, mod.NAME, mod.SEVERITY, summary, doc, mod.__name__, mod.check)
            )
        _CACHE = sorted(infos, key=lambda r: r.code)
    return _CACHE


def find_rule(code_or_name: str) -> RuleInfo | None:
    """Look a rule up by code (`BP201`, any case) or kebab-case name (`ascent-update`)."""
    key = code_or_name.strip()
    for info in all_rules():
        if info.code.lower() == key.lower() or info.name == key.lower():
            return info
    return None


def rule_codes(selectors: Iterable[str]) -> set[str]:
    """Expand selectors (codes, names, or code prefixes like `BP2`, `ALL`) into rule codes."""
    out: set[str] = set()
    for sel in selectors:
        s = sel.strip()
        if not s:
            continue
        if s.upper() == "ALL":
            out.update(r.code for r in all_rules())
            continue
        info = find_rule(s)
        if info is not None:
            out.add(info.code)
            continue
        matched = [r.code for r in all_rules() if r.code.upper().startswith(s.upper())]
        if not matched:
            raise KeyError(s)
        out.update(matched)
    return out
