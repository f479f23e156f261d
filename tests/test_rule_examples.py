"""Every rule's documented Example and Use instead blocks run through bpscan, both ways."""

from __future__ import annotations

import pytest

from bpscan import annotations
from bpscan.engine import FileTask, check_file
from bpscan.registry import all_rules

from corpus_util import name_to_code, rule_examples

RULES = [r for r in all_rules()]
SECTIONS = ("What it does:", "Why is this bad:", "Example:", "Use instead:")


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_doc_has_every_section(rule) -> None:  # type: ignore[no-untyped-def]
    for section in SECTIONS:
        assert section in rule.doc or section.rstrip(":") in rule.doc, f"{rule.code} lacks {section}"
    assert rule.summary and rule.name == rule.name.lower() and "-" in rule.name


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
@pytest.mark.parametrize("which", ["Example", "Use instead"])
def test_rule_examples_both_ways(rule, which, tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocks = rule_examples(rule.doc)
    if rule.code == "BP001":
        pytest.skip("BP001's examples are checked by tests/test_suppress.py through the engine")
    code = blocks[which]
    path = tmp_path / f"{rule.code.lower()}_{which.replace(' ', '_').lower()}.py"
    path.write_text(code, encoding="utf-8")
    exp = annotations.parse(code, name_to_code())
    enabled = frozenset(r.code for r in RULES) - ({"BP601"} if rule.code != "BP601" else set())
    result = check_file(FileTask(str(path), enabled))
    assert result.error is None
    problems = annotations.compare(result, exp)
    assert problems == [], "\n".join(problems)
    found = {f.code for f in result.findings}
    if which == "Example":
        assert rule.code in found, f"the bad example of {rule.code} must trigger it"
    else:
        assert rule.code not in found and not found, f"the good example of {rule.code} must be clean"
