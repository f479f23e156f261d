"""Benchmark bpscan against libcst's own parse cost and print every target as MET or MISSED.

Usage: python benchmarks/run.py [--files N] [--repeat R] [--quick] [--profile]

All figures are medians of R runs measured in this one run, so the ratios compare like with like
on whatever machine runs the script. Nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
sys.path.insert(0, str(REPO))

#: Targets of issue 8.
ANALYSIS_VS_PARSE_MAX = 2.0
ONE_FILE_PROCESS_MAX = 1.3
PARALLEL_SPEEDUP_MIN = 1.7
LINEAR_GROWTH_MAX = 2.0
PEAK_MEMORY_MAX_MB = 300.0

SCALING_SIZES: tuple[int, ...] = (100, 1_000, 10_000)


@dataclass(frozen=True)
class Target:
    """One line of the final table."""

    name: str
    measured: str
    goal: str
    met: bool


def env() -> dict[str, str]:
    """The environment of every child process: this checkout first on the path, no colour."""
    out = dict(os.environ)
    out["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    out["NO_COLOR"] = "1"
    out.pop("BPSCAN_DEBUG", None)
    return out


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of `repeat` calls of fn."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_process(argv: Sequence[str], cwd: Path, ok: Sequence[int] = (0,)) -> float:
    """Seconds one child process takes from start to exit."""
    start = time.perf_counter()
    proc = subprocess.run(list(argv), cwd=cwd, env=env(), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{proc.stderr}")
    return took


def median_processes(commands: Sequence[Sequence[str]], cwd: Path, repeat: int,
                     ok: Sequence[int] = (0,)) -> list[float]:
    """Median seconds of each command; runs are interleaved so that a burst of load elsewhere
    on the machine hits every command alike instead of skewing one of them."""
    for argv in commands:
        run_process(argv, cwd, ok)  # warm the page cache and .pyc files
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for i, argv in enumerate(commands):
            times[i].append(run_process(argv, cwd, ok))
    return [statistics.median(t) for t in times]


_SPIN = "import time; t = time.perf_counter(); sum(i * i for i in range(3_000_000)); print(time.perf_counter() - t)"


def machine_parallel_ceiling(repeat: int) -> float:
    """Throughput of 2 simultaneous pure-Python processes over 1: what -j 2 could hope for right now."""
    def spin(n: int) -> float:
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.DEVNULL) for _ in range(n)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - start

    ratios = []
    for _ in range(max(3, repeat)):
        one, two = spin(1), spin(2)
        ratios.append(2 * one / two)
    return statistics.median(ratios)


def busy_cpus(seconds: float = 1.0) -> float | None:
    """How many CPUs other processes kept busy over the last `seconds` (Linux /proc/stat), or None."""
    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    if total1 <= total0:
        return None
    return (1 - (idle1 - idle0) / (total1 - total0)) * (os.cpu_count() or 1)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def mark(met: bool) -> str:
    return "MET" if met else "MISSED"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


# --------------------------------------------------------------------------- inputs


def training_scripts() -> list[tuple[str, str]]:
    """(name, text) of the corpus scripts that both libcst and bpscan's analysis accept."""
    import libcst

    from bpscan.analysis import analyze_source
    from bpscan.source import SourceError, decode_source

    out = []
    for path in sorted(CORPUS.glob("*.py")):
        data = path.read_bytes()
        try:
            text = decode_source(data)
            libcst.parse_module(text)
            analyze_source(text, path.name)
        except (libcst.ParserSyntaxError, SourceError):
            continue
        out.append((path.name, text))
    return out


def replicate(scripts: list[tuple[str, str]], n: int, directory: Path) -> list[Path]:
    """Write n files cycling over the scripts (file_0000_<name>.py, ...)."""
    paths = []
    for i in range(n):
        name, text = scripts[i % len(scripts)]
        path = directory / f"file_{i:04d}_{name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


_DEF = re.compile(r"^(\s*)(def|class) (\w+)", re.M)


def wrapped_body(name: str, text: str, copy: int) -> str:
    """A script as the body of its own function `copy_<n>`, its own defs renamed to stay unique."""
    lines = [ln for ln in text.splitlines() if not ln.startswith("from __future__")]
    body = "\n".join(lines)
    # Each copy's helper functions get the copy's suffix, so no two copies define the same name.
    names = set(m.group(3) for m in _DEF.finditer(body))
    for old in sorted(names, key=len, reverse=True):
        body = re.sub(rf"\b{re.escape(old)}\b", f"{old}_{copy}", body)
    return f"def copy_{copy}():  # from {name}\n" + textwrap.indent(body, "    ", lambda ln: True) + "\n\n\n"


def _pick(pool: list[tuple[str, str]], target_lines: int) -> list[tuple[str, str]]:
    """Scripts taken in turn from the pool, skipping those that would pass target_lines."""
    chosen: list[tuple[str, str]] = []
    total = 0
    for i in range(len(pool) * (target_lines // 20 + 1)):
        name, text = pool[i % len(pool)]
        size = wrapped_body(name, text, 0).count("\n")
        if total + size <= target_lines:
            chosen.append((name, text))
            total += size
        elif total + min(wrapped_body(n, t, 0).count("\n") for n, t in pool) > target_lines:
            break
    return chosen


def scaling_script(scripts: list[tuple[str, str]], target_lines: int, block: int = 1_000) -> str:
    """About target_lines lines (never more) of training-script bodies, each wrapped in its own function.

    Sizes of `block` lines or more repeat the same block of scripts, so that every size has the
    same mix of code and only the size differs.
    """
    import ast

    pool = [(name, text) for name, text in scripts
            # tabs would mix with the added indentation; global/nonlocal change meaning in a function
            if "\t" not in text and "global " not in text and "nonlocal " not in text]
    if target_lines >= block:
        chosen = _pick(pool, block) * (target_lines // block)
    else:
        chosen = _pick(pool, target_lines)
    source = "".join(wrapped_body(name, text, copy) for copy, (name, text) in enumerate(chosen))
    ast.parse(source)  # the generator must produce a valid script
    return source


# --------------------------------------------------------------------------- measurements


def in_process(texts: list[tuple[str, str]], repeat: int) -> tuple[float, float]:
    """(bare libcst.parse_module, bpscan analyze_source) over all texts, median seconds."""
    import libcst

    from bpscan.analysis import analyze_source

    # One untimed pass each: imports of the rules and libcst's first-use set-up are not per file.
    libcst.parse_module(texts[0][1])
    analyze_source(texts[0][1], texts[0][0])

    def parse_all() -> None:
        for _, text in texts:
            libcst.parse_module(text)

    def analyse_all() -> None:
        for name, text in texts:
            analyze_source(text, name)

    # Interleaved, like the process timings: load elsewhere on the machine hits both alike.
    parse_times, analyse_times = [], []
    for _ in range(repeat):
        gc.collect()
        parse_times.append(median_time(parse_all, 1))
        gc.collect()
        analyse_times.append(median_time(analyse_all, 1))
    return statistics.median(parse_times), statistics.median(analyse_times)


def pick_one_file(scripts: list[tuple[str, str]]) -> tuple[str, str]:
    """A clean corpus script of about 100-150 lines (the one closest to 150)."""
    from bpscan.analysis import analyze_source

    best = None
    for name, text in scripts:
        lines = text.count("\n")
        if not 100 <= lines <= 150 or analyze_source(text, name).findings:
            continue
        if best is None or abs(lines - 150) < abs(best[1].count("\n") - 150):
            best = (name, text)
    if best is None:  # fall back to the longest clean script
        best = max(scripts, key=lambda s: s[1].count("\n"))
    return best


# The child's own high-water mark. On Linux ru_maxrss is not enough: execve keeps the maximum
# of the forking parent's memory, so a child of this (large) benchmark process would report at
# least the parent's size. VmHWM belongs to the child's fresh address space alone.
_REPORT_PEAK = (
    "def _peak_kib():\n"
    "    try:\n"
    "        with open('/proc/self/status') as fh:\n"
    "            for line in fh:\n"
    "                if line.startswith('VmHWM:'):\n"
    "                    return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    import resource\n"
    "    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    return kib // 1024 if sys.platform == 'darwin' else kib\n"
    "print('PEAK', _peak_kib(), file=sys.stderr)\n"
)


def peak_memory_mb(path: Path, cwd: Path) -> tuple[float, float]:
    """Peak RSS (MB) of a child running the whole bpscan command on path; and of a bare libcst parse."""
    bpscan_code = (
        "import sys\n"
        "from bpscan.cli import main\n"
        "status = main(['--no-cache', '--format', 'concise', '-j', '1', sys.argv[1]])\n"
        "sys.stdout.flush()\n"
    ) + _REPORT_PEAK
    libcst_code = (
        "import sys, libcst\n"
        "libcst.parse_module(open(sys.argv[1], encoding='utf-8').read())\n"
    ) + _REPORT_PEAK
    out = []
    for code in (bpscan_code, libcst_code):
        proc = subprocess.run([sys.executable, "-c", code, str(path)], cwd=cwd, env=env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        found = re.search(r"PEAK (\d+)", proc.stderr)
        if not found:
            raise SystemExit(f"peak-memory child failed:\n{proc.stderr}")
        out.append(int(found.group(1)) / 1024)
    return out[0], out[1]


def machine() -> list[tuple[str, str]]:
    from importlib.metadata import version

    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    memory = ""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages * size / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    import bpscan

    return [
        ("date", datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("platform", platform.platform()),
        ("CPU", f"{cpu or 'unknown'}; {os.cpu_count()} logical CPUs, {usable} usable"),
        ("memory", memory or "unknown"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("libcst", version("libcst")),
        ("bpscan", bpscan.__version__),
    ]


def profile(label: str, texts: list[tuple[str, str]], top: int = 25) -> None:
    """cProfile of analyze_source over the texts, by cumulative and by own time."""
    import cProfile
    import pstats

    from bpscan.analysis import analyze_source

    analyze_source(texts[0][1], texts[0][0])
    prof = cProfile.Profile()
    prof.enable()
    for name, text in texts:
        analyze_source(text, name)
    prof.disable()
    for order in ("cumulative", "tottime"):
        print(f"\n## profile: analyze_source over {label}, top {top} by {order} time\n")
        pstats.Stats(prof, stream=sys.stdout).strip_dirs().sort_stats(order).print_stats(top)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=300, help="files in the replicated corpus (default 300)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; medians are shown (default 3)")
    p.add_argument("--quick", action="store_true", help="60 files, 1 run per measurement: a smoke test")
    p.add_argument("--profile", action="store_true", help="also print a cProfile of the analysis")
    args = p.parse_args(argv)
    if args.quick:
        args.files, args.repeat = min(args.files, 60), 1
    n, repeat = max(1, args.files), max(1, args.repeat)
    targets: list[Target] = []
    py = sys.executable

    print("# bpscan benchmark")
    print(f"\nfiles: {n}, repeat: {repeat} (medians){' [--quick]' if args.quick else ''}")
    print("\n## h. machine\n")
    for key, value in machine():
        print(f"  {key:<9} {value}")
    busy = busy_cpus()
    print(f"  load avg  {load_average()} (1, 5, 15 min) at the start"
          + ("" if busy is None else f"; CPUs busy with other work: {busy:.2f}"))
    if busy is not None and busy > 0.25:
        print("  WARNING: other processes are using the CPU; timings, above all -j 2, are unreliable")

    scripts = training_scripts()
    work = Path(tempfile.mkdtemp(prefix="bpscan-bench-"))
    try:
        files_dir = work / "files"
        files_dir.mkdir()
        paths = replicate(scripts, n, files_dir)
        texts = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
        lines = sum(t.count("\n") for _, t in texts)
        print(f"\ninput: {len(scripts)} corpus scripts that libcst and bpscan both read, replicated to "
              f"{n} files ({lines:,} lines) in a temporary directory")

        # a-c
        parse, analyse = in_process(texts, repeat)
        ratio = analyse / parse
        print("\n## a-c. single process, in-process timing\n")
        print(f"  a. libcst.parse_module, {n} files:      {ms(parse):>9}  ({parse / n * 1000:.2f} ms/file)")
        print(f"  b. bpscan analyze_source, {n} files:    {ms(analyse):>9}  ({analyse / n * 1000:.2f} ms/file)")
        print(f"  c. b / a = {ratio:.2f}x   target <= {ANALYSIS_VS_PARSE_MAX:g}x: {mark(ratio <= ANALYSIS_VS_PARSE_MAX)}")
        targets.append(Target("analysis vs bare libcst parse (1 process)", f"{ratio:.2f}x",
                              f"<= {ANALYSIS_VS_PARSE_MAX:g}x", ratio <= ANALYSIS_VS_PARSE_MAX))

        # d
        name, text = pick_one_file(scripts)
        one = work / name
        one.write_text(text, encoding="utf-8")
        reps = max(repeat, 5)
        t_pass, t_parse, t_bpscan = median_processes([
            [py, "-c", "pass"],
            [py, "-c", "import sys, libcst; libcst.parse_module(open(sys.argv[1]).read())", str(one)],
            [py, "-m", "bpscan", "--no-cache", "--format", "concise", str(one)],
        ], work, reps)
        one_ratio = t_bpscan / t_parse
        print(f"\n## d. whole process, one file ({name}, {text.count(chr(10))} lines), median of {reps}\n")
        print(f"  python -c pass:                               {ms(t_pass):>8}")
        print(f"  python -c 'import libcst; parse_module(f)':   {ms(t_parse):>8}")
        print(f"  python -m bpscan --no-cache --format concise: {ms(t_bpscan):>8}")
        print(f"  ratio {one_ratio:.2f}x   target <= {ONE_FILE_PROCESS_MAX:g}x: "
              f"{mark(one_ratio <= ONE_FILE_PROCESS_MAX)}")
        targets.append(Target("one file, whole process vs import+parse", f"{one_ratio:.2f}x",
                              f"<= {ONE_FILE_PROCESS_MAX:g}x", one_ratio <= ONE_FILE_PROCESS_MAX))

        # e
        base = [py, "-m", "bpscan", "--no-cache", "--format", "concise"]
        t_j1, t_j2 = median_processes([[*base, "-j", "1", str(files_dir)], [*base, "-j", "2", str(files_dir)]],
                                      work, repeat, ok=(0, 1))
        speedup = t_j1 / t_j2
        ceiling = machine_parallel_ceiling(repeat)
        print(f"\n## e. parallel, {n} files, whole process\n")
        print(f"  -j 1: {ms(t_j1):>8}  ({n / t_j1:.0f} files/s)")
        print(f"  -j 2: {ms(t_j2):>8}  ({n / t_j2:.0f} files/s)")
        print(f"  throughput ratio {speedup:.2f}x   target >= {PARALLEL_SPEEDUP_MIN:g}x: "
              f"{mark(speedup >= PARALLEL_SPEEDUP_MIN)}")
        print(f"  for reference, 2 pure-Python processes vs 1 on this machine right now: {ceiling:.2f}x")
        targets.append(Target(f"-j 2 vs -j 1 throughput ({n} files)", f"{speedup:.2f}x",
                              f">= {PARALLEL_SPEEDUP_MIN:g}x", speedup >= PARALLEL_SPEEDUP_MIN))

        # f
        import libcst

        from bpscan.analysis import analyze_source
        from bpscan.results import BACKWARD_KINDS

        print("\n## f. scaling: one script of growing size (copies of corpus bodies, each in its own function)\n")
        print(f"  {'lines':>7}  {'libcst parse':>12}  {'bpscan analysis':>15}  {'analysis / 1k lines':>19}  "
              f"{'backward tags':>13}")
        per_k: dict[int, float] = {}
        big: Path | None = None
        for size in SCALING_SIZES:
            source = scaling_script(scripts, size)
            actual = source.count("\n")
            path = work / f"scaling_{size}.py"
            path.write_text(source, encoding="utf-8")
            big = path
            t_cst = median_time(lambda: libcst.parse_module(source), repeat)
            result = analyze_source(source, path.name)
            t_an = median_time(lambda: analyze_source(source, path.name), repeat)
            per_k[size] = t_an / actual * 1000
            tags = sum(1 for t in result.tags if t.kind in BACKWARD_KINDS)
            print(f"  {actual:>7,}  {ms(t_cst):>12}  {ms(t_an):>15}  {ms(per_k[size]):>19}  {tags:>13}")
        growth = per_k[SCALING_SIZES[-1]] / per_k[SCALING_SIZES[-2]]
        print(f"  per-line cost, 10,000 vs 1,000 lines: {growth:.2f}x   linear (<= {LINEAR_GROWTH_MAX:g}x): "
              f"{mark(growth <= LINEAR_GROWTH_MAX)}")
        targets.append(Target("linear growth (per-line cost 10k vs 1k lines)", f"{growth:.2f}x",
                              f"<= {LINEAR_GROWTH_MAX:g}x", growth <= LINEAR_GROWTH_MAX))

        # g
        assert big is not None
        peak, peak_cst = peak_memory_mb(big, work)
        print(f"\n## g. peak memory of a child process (VmHWM; ru_maxrss off Linux), {big.name}\n")
        print(f"  bpscan (whole command, -j 1): {peak:.0f} MB   target < {PEAK_MEMORY_MAX_MB:g} MB: "
              f"{mark(peak < PEAK_MEMORY_MAX_MB)}")
        print(f"  for reference, import libcst + parse_module: {peak_cst:.0f} MB")
        targets.append(Target("peak memory, 10,000-line file", f"{peak:.0f} MB",
                              f"< {PEAK_MEMORY_MAX_MB:g} MB", peak < PEAK_MEMORY_MAX_MB))

        print("\n## targets\n")
        width = max(len(t.name) for t in targets)
        print(f"  {'target':<{width}}  {'measured':>9}  {'goal':>9}  result")
        for t in targets:
            print(f"  {t.name:<{width}}  {t.measured:>9}  {t.goal:>9}  {mark(t.met)}")
        busy = busy_cpus()
        print(f"\n{sum(t.met for t in targets)} of {len(targets)} targets met. Load average at the end: "
              f"{load_average()}" + ("" if busy is None else f"; CPUs busy with other work: {busy:.2f}") + ".")

        if args.profile:
            subset = texts[: len(scripts)]
            profile(f"{len(subset)} of the replicated files", subset)
            profile(big.name, [(big.name, big.read_text(encoding="utf-8"))])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
