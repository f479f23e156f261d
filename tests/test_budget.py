"""Bounded cost per file: repeated calls of one helper, memory, and what the report says when a budget stops the analysis."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from bpscan.analysis import analyze_source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synth_generated import generated_table_source  # noqa: E402


def test_a_helper_called_a_thousand_times_is_followed_until_its_budget_then_noted() -> None:
    r = analyze_source(generated_table_source(), "generated_table.py")
    stopped = [n for n in r.notes if "repeated calls of points" in n]
    # said once (not once per call), at a call of points() in build()
    assert len(stopped) == 1, r.notes
    line = int(stopped[0].split("line ")[1].split(":")[0])
    src_line = generated_table_source().splitlines()[line - 1]
    assert "points(" in src_line and "g, start" in src_line


def test_budget_for_repeated_calls_leaves_ordinary_training_code_alone() -> None:
    # a helper called from several places inside doubled loops stays well inside the budget
    src = textwrap.dedent('''
        import numpy as np
        def sigmoid(z):
            return 1 / (1 + np.exp(-z))
        rng = np.random.default_rng(0)
        x, t = rng.normal(size=(8, 3)), rng.uniform(size=(8, 1))
        w1, w2 = rng.normal(size=(3, 4)), rng.normal(size=(4, 1))
        for epoch in range(10):
            for i in range(8):
                h = sigmoid(x @ w1)
                o = sigmoid(h @ w2)
                e = t - o
                d2 = e * o * (1 - o)
                d1 = d2 @ w2.T * h * (1 - h)
                w2 += 0.1 * h.T @ d2
                w1 += 0.1 * x.T @ d1
    ''')
    r = analyze_source(src, "train.py")
    assert not any("budget" in n for n in r.notes), r.notes
    assert {t.kind for t in r.tags} >= {"error", "F1", "F2", "F3", "update"}


def test_a_pass_over_its_memory_budget_stops_and_says_so(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bpscan.interp as interp

    monkeypatch.setattr(interp, "MEMORY_BUDGET_MB", -1.0)  # any growth at all is over it
    calls = "\n".join(f"    w, t = step(w, t, {i})" for i in range(3000))
    src = ("import numpy as np\n\ndef step(w, t, i):\n    for k in range(3):\n        w = w * 1.0\n"
           "    return w, t + 1\n\ndef main():\n    w, t = np.zeros(3), 0\n" + calls + "\n")
    r = analyze_source(src, "big.py")
    assert any(n.startswith("analysis stopped at line ") and "memory budget" in n for n in r.notes), r.notes


def test_rules_that_claim_an_absence_stay_silent_after_a_budget_stop() -> None:
    # w2 is updated after the generated block: the analysis never gets there, so "never updated"
    # (BP101) must not be claimed
    body = generated_table_source(calls=400).replace('TABLE = build(0.0, 1.0, 0.5)\n', '')
    src = body + textwrap.dedent('''
        rng = np.random.default_rng(0)
        x, t = rng.normal(size=(8, 3)), rng.uniform(size=(8, 1))
        w1 = rng.normal(size=(3, 1))
        for epoch in range(10):
            TABLE = build(0.0, 1.0, 0.5)
            o = 1 / (1 + np.exp(-(x @ w1)))
            d = (t - o) * o * (1 - o)
            w1 += 0.1 * x.T @ d
    ''')
    r = analyze_source(src, "mixed.py")
    assert any("budget" in n for n in r.notes), r.notes
    assert not [f for f in r.findings if f.code in ("BP101", "BP102", "BP501")]
