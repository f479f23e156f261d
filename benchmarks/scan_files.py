"""Child process of benchmarks/run.py: time one checker on files named on stdin, one file at a time.

Usage: python benchmarks/scan_files.py bpscan|pyflakes

Prints one JSON line when ready ({"ready": ..., "module": where the checker was imported from}),
then reads paths one per line from stdin and answers each with one JSON line
{"t": seconds, "error": bool, "findings": n, "tags": n, "deps": n, "foreign_tags": n}; at end of input it prints
{"peak_mb": the process's own high-water mark}. Driven in lockstep (one checker works while the
others wait), so that several checkers see the same machine load file by file.

bpscan: `bpscan.engine.check_file` - the function the command line runs per file - with the
rules the command line enables by default and no cache; whichever bpscan is first on
PYTHONPATH (the checkout, or an older one given as the baseline). pyflakes: `pyflakes.api.checkPath`
with its messages discarded. Only the call is timed: not start-up, not the pipe.
"""

from __future__ import annotations

import json
import sys
import time


def peak_mb() -> float:
    """VmHWM (this process alone; ru_maxrss would include the forking parent's peak on Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 2**20 if sys.platform == "darwin" else kib / 1024


def bpscan_checker():  # type: ignore[no-untyped-def]
    import bpscan
    from bpscan import engine
    from bpscan.config import enabled_codes

    enabled = enabled_codes([])

    def check(path: str) -> dict[str, object]:
        start = time.perf_counter()
        r = engine.check_file(engine.FileTask(path, enabled))
        took = time.perf_counter() - start
        return {"t": took, "error": r.error is not None, "findings": len(r.findings),
                "tags": len(r.tags), "deps": len(getattr(r, "deps", ()) or ()),
                "foreign_tags": len(getattr(r, "foreign_tags", ()) or ())}

    return bpscan.__file__, check


def pyflakes_checker():  # type: ignore[no-untyped-def]
    import io

    import pyflakes
    from pyflakes.api import checkPath
    from pyflakes.reporter import Reporter

    def check(path: str) -> dict[str, object]:
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        n = checkPath(path, Reporter(out, err))
        took = time.perf_counter() - start
        return {"t": took, "error": bool(err.getvalue()), "findings": n, "tags": 0, "deps": 0, "foreign_tags": 0}

    return pyflakes.__file__, check


WARM_UP = '''import numpy as np
X, y = np.ones((4, 3)), np.ones((4, 2))
W = np.random.randn(3, 2)
for step in range(10):
    h = np.maximum(0, X @ W)
    dW = X.T @ (h - y)
    W -= 0.1 * dW
'''


def main() -> int:
    tool = sys.argv[1]
    module, check = {"bpscan": bpscan_checker, "pyflakes": pyflakes_checker}[tool]()
    # One untimed call: imports of the rules and first-use set-up are not per file.
    import os
    import tempfile

    fd, warm = tempfile.mkstemp(suffix=".py")
    with os.fdopen(fd, "w") as fh:
        fh.write(WARM_UP)
    try:
        check(warm)
    finally:
        os.remove(warm)
    print(json.dumps({"ready": True, "module": module}), flush=True)
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path:
            print(json.dumps(check(path)), flush=True)
    print(json.dumps({"peak_mb": peak_mb()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
