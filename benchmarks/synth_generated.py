"""A generated quadrature-table module for benchmarks/run.py and the budget tests (issue 16).

The shape seen in a real 5,400-line generated file: one large helper (a `match` over cases, each
writing `g.x[start + i] = ...`) called some 1,300 times in a row with the table object threaded
through (`g, start = points(k, start, a, b, v, g)`). Nothing in it is backprop; what matters is that
each call would otherwise be analysed afresh. Our own code, deterministic.
"""

from __future__ import annotations

CASES = 80
PER_CASE = 7
CALLS = 1287


def generated_table_source(cases: int = CASES, calls: int = CALLS) -> str:
    lines = ['"""Generated nodes and weights of a quadrature rule (synthetic benchmark input)."""',
             "import numpy as np", "", "",
             "class Table:", "    def __init__(self, n):", "        self.x = np.zeros(n)",
             "        self.w = np.zeros(n)", "", "",
             "def points(k, start, a, b, v, g):", "    match k:"]
    for c in range(cases):
        lines.append(f"        case {c}:")
        for i in range(PER_CASE):
            lines.append(f"            g.x[start + {i}] = a * {c * 0.01 + i * 0.001!r} + b * v")
            lines.append(f"            g.w[start + {i}] = {c * 0.02 + i!r} * v")
    lines += [f"    return g, start + {PER_CASE}", "", "", "def build(a, b, v):",
              f"    g = Table({calls * PER_CASE})", "    start = 0"]
    lines += [f"    g, start = points({j % cases}, start, a, b, v, g)" for j in range(calls)]
    lines += ["    return g", "", "", "TABLE = build(0.0, 1.0, 0.5)", ""]
    return "\n".join(lines)
