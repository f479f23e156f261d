"""`--format json` output validates against the documented schema, and the schema has teeth."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bpscan.reporters import ReportContext, get_reporter
from bpscan.results import SEVERITIES, TAG_KINDS

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


@pytest.fixture(scope="module")
def validator():
    from jsonschema import Draft202012Validator

    schema = json.loads((DATA / "bpscan-output.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _doc(results) -> dict:
    return json.loads(get_reporter("json")(results, ReportContext()))


def _errors(validator, doc) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


@pytest.mark.parametrize(
    "results",
    [ALL, [EX.NOTEBOOK_RESULT], [EX.ERROR_RESULT], [EX.CLEAN_RESULT], []],
    ids=["all", "notebook", "unreadable", "empty-result", "no-files"],
)
def test_output_validates(validator, results) -> None:
    assert _errors(validator, _doc(results)) == []


def test_schema_rejects_what_it_should(validator) -> None:
    good = _doc(ALL)
    broken = []
    doc = copy.deepcopy(good)
    doc["files"][0]["tags"][0]["kind"] = "F4"
    broken.append(doc)
    doc = copy.deepcopy(good)
    del doc["files"][0]["findings"][0]["end_column"]
    broken.append(doc)
    doc = copy.deepcopy(good)
    doc["files"][0]["findings"][0]["line"] = 0
    broken.append(doc)
    doc = copy.deepcopy(good)
    doc["files"][0]["layers"][0]["direction"] = "sideways"
    broken.append(doc)
    doc = copy.deepcopy(good)
    doc["version"] = 1  # the previous version is another schema
    broken.append(doc)
    doc = copy.deepcopy(good)
    doc["files"][0]["surprise"] = True
    broken.append(doc)
    doc = copy.deepcopy(good)
    doc["files"][0]["findings"][0]["fix"]["applicable"] = "yes"
    broken.append(doc)
    doc = copy.deepcopy(good)
    doc["files"][0]["findings"][0]["fix"]["edits"] = [{"line": 3, "column": 1, "content": "x"}]
    broken.append(doc)
    for doc in broken:
        assert _errors(validator, doc), doc


def test_schema_and_serializer_name_the_same_fields(validator) -> None:
    defs = validator.schema["$defs"]
    file_obj = _doc([EX.ARTICLE_RESULT])["files"][0]
    assert set(defs["file"]["properties"]) == set(file_obj)
    assert set(defs["finding"]["properties"]) == set(file_obj["findings"][0])
    assert set(defs["related"]["properties"]) == set(file_obj["findings"][0]["related"][0])
    assert set(defs["finding"]["properties"]["fix"]["properties"]) == set(file_obj["findings"][0]["fix"])
    assert set(defs["tag"]["properties"]) == set(file_obj["tags"][0])
    assert set(defs["layer"]["properties"]) == set(file_obj["layers"][0])
    assert tuple(defs["tag"]["properties"]["kind"]["enum"]) == TAG_KINDS
    assert set(defs["finding"]["properties"]["severity"]["enum"]) == set(SEVERITIES)


def test_what_bpscan_really_prints_on_the_corpus_validates(validator) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bpscan", "--format", "json", "--no-cache", "corpus"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    doc = json.loads(run.stdout)
    assert len(doc["files"]) >= 15
    assert _errors(validator, doc) == []
    fixes = [f["fix"] for file in doc["files"] for f in file["findings"]]
    assert sum(1 for x in fixes if x["applicable"]) >= 30 and all(x["edits"] for x in fixes if x["applicable"])


def test_documents_without_fix_objects_still_validate_and_read(validator) -> None:
    from bpscan.serialize import results_from_json

    doc = _doc(ALL)
    for file in doc["files"]:
        for f in file["findings"]:
            del f["fix"]
    assert _errors(validator, doc) == []
    assert results_from_json(doc) == results_from_json(_doc(ALL))
