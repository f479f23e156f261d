"""A suppression comment (`# noqa: BP201`, `# bpscan: ignore[...]`) that suppresses nothing.

Fix: never

## What it does
Reports a `# noqa: BPxxx` or `# bpscan: ignore[code-or-name]` comment when no finding of the
rules it names sits on that line (or on the statement that line belongs to). When a comment
names several rules and only some of them are silent, the finding names those.

A bare `# noqa` is never reported, and `# noqa` codes that are not bpscan's (`E501`) are left
alone: other linters share that comment.

## Why is this bad
A stale suppression hides the next real bug on that line. Once the update was fixed, the
`# noqa: BP201` that silenced it would also silence a sign error introduced later — exactly the
bug bpscan exists to catch. Like ruff's RUF100, this keeps suppressions honest.

## Example
```python
import numpy as np

x = np.random.randn(8, 3)
t = np.random.randn(8, 1)
w = np.random.randn(3, 1)
learning_rate = 0.01
for step in range(100):
    z = x.dot(w)
    error = t - z  # bp: error
    dw = x.T.dot(error)  # bp: F3[w]
    w += learning_rate * dw  # noqa: BP201  # bp: update[w] BP001
```

## Use instead
```python
import numpy as np

x = np.random.randn(8, 3)
t = np.random.randn(8, 1)
w = np.random.randn(3, 1)
learning_rate = 0.01
for step in range(100):
    z = x.dot(w)
    error = t - z  # bp: error
    dw = x.T.dot(error)  # bp: F3[w]
    w += learning_rate * dw  # bp: update[w]
```
"""

from __future__ import annotations

from typing import Any, Iterator

CODE = "BP001"
NAME = "unused-suppression"
SEVERITY = "warning"


def check(model: Any) -> Iterator[Any]:
    """Yield nothing: the engine (bpscan.suppress) implements this rule.

    Whether a suppression is used depends on every other rule's findings, which a single rule
    never sees; bpscan.engine reports BP001 after all rules have run and suppressions applied.
    """
    return iter(())
