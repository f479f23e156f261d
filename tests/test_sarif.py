"""`--format sarif` validates against the official SARIF 2.1.0 schema and carries what viewers show."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bpscan.registry import RuleInfo
from bpscan.reporters import ReportContext, get_reporter
from bpscan.results import FileResult, Finding

DATA = Path(__file__).with_name("data")
ROOT = Path(__file__).resolve().parent.parent


def _examples():  # the hand-built results live with the reporter tests
    spec = importlib.util.spec_from_file_location("_bpscan_report_examples",
                                                  Path(__file__).with_name("test_reporters.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


EX = _examples()
ALL = [EX.ARTICLE_RESULT, EX.MISSING_RESULT, EX.CLEAN_RESULT, EX.ERROR_RESULT, EX.NOTEBOOK_RESULT]

MISSING_RULE = EX.missing_rule()
NOTE_RULE = RuleInfo("BP401", "bias-reduction", "info", "Bias gradient summed over every axis.",
                     "Bias gradient summed over every axis.", "bpscan.rules.bp401", lambda m: ())


@pytest.fixture
def rules(monkeypatch):
    infos = [MISSING_RULE, EX.article_rule(), NOTE_RULE]
    monkeypatch.setattr("bpscan.registry.all_rules", lambda: infos)
    return infos


@pytest.fixture(scope="module")
def validator():
    from jsonschema.validators import validator_for

    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = validator_for(schema)  # draft-04, as the schema's $schema says
    assert cls.__name__ == "Draft4Validator"
    cls.check_schema(schema)
    return cls(schema)


def _sarif(results, **ctx) -> dict:
    return json.loads(get_reporter("sarif")(results, ReportContext(**ctx)))


def _errors(validator, log) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def test_validates_against_the_official_schema(validator, rules) -> None:
    log = _sarif(ALL)
    assert _errors(validator, log) == []
    assert log["version"] == "2.1.0"


def test_validates_with_the_real_registry_and_no_files(validator) -> None:
    # Whatever rules are registered today, their metadata must be valid SARIF too.
    assert _errors(validator, _sarif(ALL)) == []
    assert _errors(validator, _sarif([])) == []


def test_the_schema_has_teeth(validator, rules) -> None:
    log = _sarif([EX.ARTICLE_RESULT])
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert _errors(validator, log)
    log = _sarif([EX.ARTICLE_RESULT])
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert _errors(validator, log)


def test_driver_describes_every_registered_rule(rules) -> None:
    driver = _sarif([], version="9.8.7")["runs"][0]["tool"]["driver"]
    assert driver["name"] == "bpscan" and driver["version"] == "9.8.7"
    assert urlparse(driver["informationUri"]).scheme == "https"
    assert [r["id"] for r in driver["rules"]] == ["BP101", "BP201", "BP401"]
    ascent = driver["rules"][1]
    assert ascent["name"] == "ascent-update"
    assert ascent["shortDescription"]["text"] == "Update that ascends the loss."
    assert "## Why is this bad" in ascent["fullDescription"]["text"]
    assert "## Use instead" in ascent["help"]["text"] and "bpscan rule BP201" in ascent["help"]["text"]
    # The docstring's `Example:` section reaches code-scanning viewers as a Markdown code block.
    missing = driver["rules"][0]
    assert missing["fullDescription"]["text"] == EX.INDENTED_DOC.strip()
    assert "## Example\n\n```python\nfor step in range(10):" in missing["help"]["markdown"]
    assert missing["help"]["markdown"].rstrip().endswith("`bpscan rule BP101`")
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels == {"BP101": "error", "BP201": "error", "BP401": "note"}


def test_result_has_rule_level_message_location_and_related_locations(rules) -> None:
    run = _sarif([EX.ARTICLE_RESULT])["runs"][0]
    (res,) = run["results"]
    assert res["ruleId"] == "BP201"
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "BP201"
    assert res["level"] == "error"
    text = res["message"]["text"]
    assert text.startswith("`w2 -= learning_rate * dw2` ascends the loss")
    assert "\nexpected: w2 += learning_rate * dw2, because error = t - oz" in text
    (loc,) = res["locations"]
    physical = loc["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "examples/article_numpy.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {
        "startLine": EX.L["up2"], "startColumn": 5,
        "endLine": EX.L["up2"], "endColumn": EX.ASCENT.end_column,
    }
    related = res["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2]
    assert [r["physicalLocation"]["region"]["startLine"] for r in related] == [EX.L["error"], EX.L["dw2"]]
    assert related[0]["message"]["text"] == "the output error is target minus output (t - oz)"
    assert related[0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/article_numpy.py"


def test_unanalysable_files_become_tool_notifications(rules) -> None:
    (invocation,) = _sarif([EX.ARTICLE_RESULT, EX.ERROR_RESULT])["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "examples/broken.py" in note["message"]["text"]
    assert "invalid syntax at line 3, column 9" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/broken.py"
    crashed = FileResult("x.py", error="internal error: KeyError: 'w' (please report this)")
    assert _sarif([crashed])["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert "toolExecutionNotifications" not in _sarif([EX.ARTICLE_RESULT])["runs"][0]["invocations"][0]


def test_notebook_findings_name_the_cell_instead_of_a_file_line(validator, rules) -> None:
    log = _sarif([EX.NOTEBOOK_RESULT])
    (res,) = log["runs"][0]["results"]
    assert res["message"]["text"].startswith("cell 4, line 4: `W -= lr * dW` ascends the loss")
    assert "region" not in res["locations"][0]["physicalLocation"]
    assert res["properties"]["cell"] == 4 and res["properties"]["cellLine"] == 4
    assert res["relatedLocations"][0]["message"]["text"] == "cell 4, line 2: error = y - out"
    assert _errors(validator, log) == []


def test_findings_outside_the_registry_still_get_a_rule(validator, rules) -> None:
    unused = Finding("BP001", "unused-suppression", "warning", 3, 20, 3, 34,
                     "unused suppression `# noqa: BP201`: no BP201 finding on this line")
    log = _sarif([FileResult("a.py", findings=(unused,))])
    run = log["runs"][0]
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert (rule["id"], rule["name"], rule["defaultConfiguration"]["level"]) == (
        "BP001", "unused-suppression", "warning")
    assert _errors(validator, log) == []


def test_paths_become_uris(tmp_path, monkeypatch, validator, rules) -> None:
    monkeypatch.chdir(tmp_path)
    inside = os.path.join(str(tmp_path), "my scripts", "train.py")
    outside = os.path.join(os.path.dirname(str(tmp_path)), "elsewhere.py")
    f = replace(EX.ASCENT, related=())
    log = _sarif([FileResult(inside, findings=(f,)), FileResult(outside, findings=(f,))])
    first, second = (r["locations"][0]["physicalLocation"]["artifactLocation"]
                     for r in log["runs"][0]["results"])
    assert first == {"uri": "my%20scripts/train.py", "uriBaseId": "%SRCROOT%"}
    assert second == {"uri": Path(outside).as_uri()}
    assert _errors(validator, log) == []


def test_what_bpscan_really_prints_on_the_corpus_validates(validator) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bpscan", "--format", "sarif", "--no-cache", "corpus"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    log = json.loads(run.stdout)
    assert _errors(validator, log) == []
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]}
    assert all(u.startswith("corpus/") for u in uris)
