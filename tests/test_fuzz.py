"""Fuzzing (issue 7, item 2): random and mutated programs never crash bpscan, give the same result twice, fit the schema."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpscan.analysis import analyze_source
from bpscan.results import FileResult
from bpscan.source import SourceError

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "tests" / "data" / "bpscan-output.schema.json"
CORPUS = sorted((REPO / "corpus").glob("*.py"))

#: Fixed seed (derandomize), bounded examples, no example database written into the checkout.
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# A classic two-layer network, so that the mutation fuzzing has a seed even without a corpus.
BUILTIN_SEED = """\
import numpy as np
np.random.seed(0)
X = np.random.randn(16, 3)
T = (X[:, :1] > 0).astype(float)
w1 = np.random.randn(3, 5) * 0.5
w2 = np.random.randn(5, 1) * 0.5
lr = 0.5
for epoch in range(200):
    hz = 1 / (1 + np.exp(-X.dot(w1)))
    oz = 1 / (1 + np.exp(-hz.dot(w2)))
    error = T - oz
    delta = oz * (1 - oz) * error
    error_h = delta.dot(w2.T)
    delta_h = hz * (1 - hz) * error_h
    dw2 = hz.T.dot(delta)
    dw1 = X.T.dot(delta_h)
    w2 += lr * dw2
    w1 += lr * dw1
    lr -= lr * 0.001
print("loss", float((error ** 2).mean()))
"""


@lru_cache(maxsize=None)
def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.exists():
        pytest.skip("no JSON schema yet (tests/data/bpscan-output.schema.json)")
    schema = json.loads(SCHEMA.read_text())
    return jsonschema.validators.validator_for(schema)(schema)


def _to_json(result: FileResult) -> Any:
    try:
        from bpscan.serialize import results_to_json
    except ImportError:
        pytest.skip("bpscan.serialize is not written yet")
    doc = results_to_json([result])
    return json.loads(doc) if isinstance(doc, str) else doc


def _check(text: str, path: str = "fuzz.py") -> FileResult | None:
    """The properties every input must have; returns the result, or None for a SourceError."""
    try:
        first = analyze_source(text, path)
    except SourceError as err:
        assert "\n" not in str(err) and str(err)
        again: Exception | None = None
        try:
            analyze_source(text, path)
        except SourceError as err2:
            again = err2
        assert again is not None and str(again) == str(err)  # deterministic failures too
        return None
    second = analyze_source(text, path)
    assert first == second
    assert first.findings == second.findings and first.tags == second.tags and first.notes == second.notes
    n_lines = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    for item in (*first.tags, *first.findings):
        assert 1 <= item.line <= item.end_line <= n_lines, item
    for finding in first.findings:
        for related in finding.related:
            assert 1 <= related.line <= n_lines, related
    doc = _to_json(first)
    errors = sorted(_validator().iter_errors(doc), key=str)
    assert not errors, errors[0].message
    assert json.dumps(doc) == json.dumps(_to_json(second))
    return first


def _hypothesmith() -> Any:
    """Imported, and its grammar built, when a test draws from it, not at collection (every
    pytest-xdist worker collects every module)."""
    import hypothesmith

    return hypothesmith


# hypothesmith compiles what it generates; CPython's warnings about that code are not ours.
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(FUZZ, max_examples=120)
@given(st.deferred(lambda: _hypothesmith().from_grammar()))
def test_random_programs_from_the_grammar(source: str) -> None:
    _check(source)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(FUZZ, max_examples=25)
@given(st.deferred(lambda: _hypothesmith().from_node()))
def test_random_programs_from_syntax_trees(source: str) -> None:
    _check(source)


# --- mutations of the corpus scripts ---------------------------------------------------------

_STATEMENT = re.compile(r"^\s*[A-Za-z_][\w.\[\]'\", ]*\s*(?:[-+*/@]?=)|^\s*(?:return|print|for|if)\b")
_FLIPS = {"+=": "-=", "-=": "+=", " + ": " - ", " - ": " + ", " * ": " / ", " / ": " * "}


def _mutate(text: str, op: str, where: int) -> str:
    lines = text.split("\n")
    if op == "delete":
        candidates = [i for i, line in enumerate(lines) if _STATEMENT.match(line)]
        if candidates:
            del lines[candidates[where % len(candidates)]]
    elif op == "swap":
        if len(lines) > 2:
            i = where % (len(lines) - 2)
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
    else:
        old = op
        hits = [i for i, line in enumerate(lines) if old in line.split("#")[0]]
        if hits:
            i = hits[where % len(hits)]
            code, sep, comment = lines[i].partition("#")
            k = [m.start() for m in re.finditer(re.escape(old), code)]
            at = k[(where // 7) % len(k)]
            lines[i] = code[:at] + _FLIPS[old] + code[at + len(old) :] + sep + comment
    return "\n".join(lines)


_SEEDS = [path.name for path in CORPUS] or ["<builtin>"]


def _seed_text(name: str) -> str:
    if name == "<builtin>":
        return BUILTIN_SEED
    return (REPO / "corpus" / name).read_text(encoding="utf-8")


@settings(FUZZ, max_examples=150)
@given(
    st.sampled_from(_SEEDS + ["<builtin>"]),
    st.lists(
        st.tuples(st.sampled_from(["delete", "swap", *_FLIPS]), st.integers(min_value=0, max_value=10_000)),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_training_scripts(seed: str, mutations: list[tuple[str, int]]) -> None:
    text = _seed_text(seed)
    for op, where in mutations:
        text = _mutate(text, op, where)
    _check(text, seed)


@pytest.mark.parametrize("name", _SEEDS)
def test_unmutated_corpus_scripts_are_analysed(name: str) -> None:
    # The baseline of the mutation fuzzing: every seed itself is readable and analysed.
    assert _check(_seed_text(name), name) is not None


def test_mutations_really_change_the_script() -> None:
    # Guards the fuzzer itself: each operator changes the seed script.
    for op in ["delete", "swap", *_FLIPS]:
        assert _mutate(BUILTIN_SEED, op, 3) != BUILTIN_SEED, op
