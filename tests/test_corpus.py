"""Every corpus script, both ways: each expected tag and finding is reported, and nothing else."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bpscan import annotations
from bpscan.config import OPT_IN
from bpscan.registry import all_rules

from corpus_util import ROOT, check_corpus_file, corpus_files, name_to_code

FILES = corpus_files()
# the default selection: every rule but the opt-in numeric check (BP601, tested in test_verify.py)
ALL = frozenset(r.code for r in all_rules()) - set(OPT_IN)


def test_corpus_is_big_enough() -> None:
    assert len(FILES) >= 40
    statuses = [annotations.parse(p.read_text(encoding="utf-8")).status for p in FILES]
    assert statuses.count("clean") >= 15 and statuses.count("buggy") >= 15


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_both_ways(path) -> None:  # type: ignore[no-untyped-def]
    exp = annotations.parse(path.read_text(encoding="utf-8"), name_to_code())
    assert exp.status in ("clean", "buggy"), "every corpus file says whether it is clean or buggy"
    result = check_corpus_file(path, ALL)
    assert result.error is None, result.error
    # what a user sees by default: findings of high confidence (medium ones need --show-uncertain)
    result = replace(result, findings=tuple(f for f in result.findings if f.confidence == "high"))
    problems = annotations.compare(result, exp)
    assert problems == [], "\n".join(problems)
    if exp.status == "clean":
        assert result.findings == ()
    else:
        assert exp.findings, "a buggy corpus file names at least one finding"


def test_each_rule_has_three_corpus_cases() -> None:
    counts: dict[str, set[str]] = {}
    for path in FILES:
        exp = annotations.parse(path.read_text(encoding="utf-8"), name_to_code())
        for codes in exp.findings.values():
            for code in codes:
                counts.setdefault(code, set()).add(path.name)
    for rule in all_rules():
        if rule.code in ("BP001", "BP601"):
            continue
        assert len(counts.get(rule.code, ())) >= 3, f"{rule.code} has corpus cases {sorted(counts.get(rule.code, ()))}"


def test_article_numpy_example_tags_on_the_right_lines() -> None:
    """The background file's tag list for the article's NumPy example, statement by statement."""
    path = ROOT / "corpus" / "article_numpy_published.py"
    text = path.read_text(encoding="utf-8")
    result = check_corpus_file(path, ALL)
    by_text: dict[str, set[str]] = {}
    lines = text.splitlines()
    for tag in result.tags:
        code = lines[tag.line - 1].split("#")[0].strip()
        by_text.setdefault(code, set()).add(tag.kind)
    assert by_text["error = t - oz"] >= {"error"}
    assert "F1" in by_text["delta = oz * (1 - oz) * error"]
    assert "F3" in by_text["dw2 = hz.T.dot(delta)"]
    assert "F2" in by_text["error_h = delta.dot(w2.T)"]
    assert "F1" in by_text["delta_h = error_h.copy()"]
    assert "F1" in by_text["delta_h[h < 0] = 0"]
    assert "F3" in by_text["dw1 = x.T.dot(delta_h)"]
    assert "update" in by_text["w1 += learning_rate * dw1"]
    assert "update" in by_text["w2 += learning_rate * dw2"]
    codes = {(lines[f.line - 1].split("#")[0].strip(), f.code) for f in result.findings}
    assert codes == {("delta_h[h < 0] = 0", "BP302")}
