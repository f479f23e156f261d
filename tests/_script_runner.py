"""Run training scripts as `python SCRIPT` would, without paying Python's and NumPy's start-up for
each one: this process imports NumPy once, then forks a child per script.

Protocol: one JSON request per line on stdin, {"script": path, "timeout": seconds}; one JSON
reply per line on stdout, {"returncode": int, "stdout": str, "stderr": str}. The child runs the
script as `__main__` in the script's directory, with that directory first on sys.path and
sys.argv == [script]; its stdin is /dev/null. A timeout kills it (returncode -9).
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import tempfile
import time
import traceback

try:  # what every corpus script imports; the reason this runner exists
    import numpy  # noqa: F401
except ImportError:
    pass


def _child(script: str, out_path: str, err_path: str) -> None:
    code = 1
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        for fd, path in ((1, out_path), (2, err_path)):
            os.dup2(os.open(path, os.O_WRONLY | os.O_TRUNC), fd)
        sys.stdin = open(0, encoding="utf-8", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
        directory = os.path.dirname(os.path.abspath(script))
        os.chdir(directory)
        sys.argv = [script]
        sys.path[0] = directory
        try:
            runpy.run_path(script, run_name="__main__")
            code = 0
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:  # noqa: BLE001 - reported like the interpreter would
            traceback.print_exc()
            code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code & 0xFF)


def _run(script: str, timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bpscan-run-") as tmp:
        out_path, err_path = os.path.join(tmp, "stdout"), os.path.join(tmp, "stderr")
        for path in (out_path, err_path):
            open(path, "w").close()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(script, out_path, err_path)
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                returncode = -9
                break
            time.sleep(delay)
            delay = min(delay * 2, 0.02)
        with open(out_path, encoding="utf-8", errors="replace") as fh:
            stdout = fh.read()
        with open(err_path, encoding="utf-8", errors="replace") as fh:
            stderr = fh.read()
    return {"returncode": returncode, "stdout": stdout, "stderr": stderr}


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        reply = _run(request["script"], float(request.get("timeout", 300)))
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
