"""Fixes that paste, and messages in the user's words."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from bpscan.config import OPT_IN
from bpscan.engine import FileTask, check_file
from bpscan.registry import all_rules

from corpus_util import corpus_files

ALL = frozenset(r.code for r in all_rules()) - set(OPT_IN)
PASTING = {r.code for r in all_rules() if getattr(importlib.import_module(r.module), "PASTES", False)}
#: internal terms of the model that must never reach a user (np.matmul written by the user is fine)
INTERNAL = re.compile(r"(?<![\w.])(matmul|transpose|mul|add|sub|div|join|setitem|getitem|neg|unknown)\(|"
                      r"\(an expression\)|layer 0\b")


def _high(path: Path):  # type: ignore[no-untyped-def]
    r = check_file(FileTask(str(path), ALL))
    return [f for f in r.findings if f.confidence == "high"]


CASES = [(p, f) for p in corpus_files() for f in _high(p) if f.code in PASTING]


def test_rules_that_promise_pasteable_fixes_exist() -> None:
    assert {"BP201", "BP304", "BP305", "BP401"} <= PASTING
    assert len(CASES) >= 15


@pytest.mark.parametrize("path,finding", CASES, ids=[f"{p.name}:{f.line}:{f.code}" for p, f in CASES])
def test_expected_statement_pastes_over_the_finding(tmp_path: Path, path: Path, finding) -> None:  # type: ignore[no-untyped-def]
    lines = path.read_text(encoding="utf-8").split("\n")
    assert finding.expected, "a pasteable rule always says what to write"
    first = lines[finding.line - 1]
    indent = first[: len(first) - len(first.lstrip())]
    last = lines[finding.end_line - 1]
    comment = ""
    if "#" in last:  # keep the corpus annotations of the line (the expected finding simply goes away)
        comment = "  " + last[last.index("#"):]
    lines[finding.line - 1: finding.end_line] = [indent + finding.expected + comment]
    pasted = tmp_path / path.name
    pasted.write_text("\n".join(lines), encoding="utf-8")
    before = {(f.code, f.line) for f in _high(path)}
    after = _high(pasted)
    assert not [f for f in after if f.code == finding.code and f.line == finding.line], \
        f"{finding.code} still reported after pasting {finding.expected!r}"
    assert [f"{f.code}:{f.line}" for f in after if (f.code, f.line) not in before] == []


def test_messages_and_fixes_speak_the_users_words() -> None:
    bad = []
    for p in corpus_files():
        for f in check_file(FileTask(str(p), ALL)).findings:
            for text in (f.message, f.expected or "", *(r.message for r in f.related)):
                if INTERNAL.search(text):
                    bad.append(f"{p.name}:{f.line} {f.code}: {text[:120]}")
    assert bad == []
