"""Run the analysis over many files: load, analyse, filter, suppress, map notebook cells, in parallel."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable, Sequence

from bpscan.results import BACKWARD_KINDS, NOT_UNDERSTOOD, FileResult, Finding, Related, Tag

if TYPE_CHECKING:
    from bpscan.cache import Cache

#: Where users should send internal errors (shown with every internal error).
REPORT_HINT = "please report this at the bpscan issue tracker, with the file that caused it"
INTERNAL_PREFIX = "internal error: "

#: Below this many files to analyse, a process pool costs more than it saves.
MIN_FILES_PER_JOB = 4


@dataclass(frozen=True)
class FileTask:
    """One file to check and the rule codes reported for it (selection and per-file ignores applied)."""

    path: str
    enabled: frozenset[str]
    src: tuple[str, ...] = ()  # extra directories where the project's own modules are looked up
    data: bytes | None = None  # the file's bytes when they do not come from `path` (stdin)


def one_line(text: str) -> str:
    """Collapse a message onto one line (diagnostics are one line each)."""
    return " ".join(str(text).split())


def internal_error(path: str, exc: BaseException) -> FileResult:
    """The result for a file whose analysis hit a bug in bpscan."""
    message = one_line(f"{type(exc).__name__}: {exc}") if str(exc) else type(exc).__name__
    return FileResult(path=path, error=f"{INTERNAL_PREFIX}{message} ({REPORT_HINT})")


def is_internal_error(result: FileResult) -> bool:
    """Whether the file failed because of bpscan itself rather than its input."""
    return bool(result.error and result.error.startswith(INTERNAL_PREFIX))


def _map_line(line: int, cells: Sequence[tuple[int, int]]) -> tuple[int, int | None]:
    if 1 <= line <= len(cells):
        cell, in_cell = cells[line - 1]
        return in_cell, cell
    return line, None


def _map_span(line: int, end_line: int, cells: Sequence[tuple[int, int]]) -> tuple[int, int, int | None]:
    start, cell = _map_line(line, cells)
    end, end_cell = _map_line(max(end_line, line), cells)
    if end_cell != cell:  # a span never crosses cells; keep it inside the first one
        end = start
    return start, end, cell


def _related_to_cells(related: tuple[Related, ...], cells: Sequence[tuple[int, int]]) -> tuple[Related, ...]:
    out = []
    for r in related:
        if r.path is not None:  # a line of another project file: not a line of the notebook
            out.append(r)
            continue
        rline, rcell = _map_line(r.line, cells)
        out.append(replace(r, line=rline, cell=rcell))
    return tuple(out)


def map_to_cells(result: FileResult, cells: Sequence[tuple[int, int]]) -> FileResult:
    """Rewrite program lines as (cell, line in cell) on tags, findings and related lines.

    The notebook's lines that its faults in other files cite (`foreign`) are mapped too: they
    are shown beside those files' findings (see `rehome`).
    """
    tags = []
    for t in result.tags:
        line, end, cell = _map_span(t.line, t.end_line, cells)
        tags.append(replace(t, line=line, end_line=end, cell=cell))
    findings = []
    for f in result.findings:
        line, end, cell = _map_span(f.line, f.end_line, cells)
        expected = _cell_lines(f.expected, cells) if f.expected else f.expected
        after = f.insert_after
        if after is not None:
            after, after_cell = _map_line(after, cells)
            if after_cell != cell and expected:  # the insertion lies in another cell: say where, in words
                expected, after = f"{expected}  (after cell {after_cell}, line {after})", None
        before = f.move_before
        if before is not None:
            before, before_cell = _map_line(before, cells)
            if before_cell != cell:
                expected, before = None, None  # a move across cells: not a statement to write here
        findings.append(replace(f, line=line, end_line=end, cell=cell, related=_related_to_cells(f.related, cells),
                                message=_cell_lines(f.message, cells), expected=expected, insert_after=after,
                                move_before=before))
    name = re.escape(os.path.basename(result.path))
    foreign = [replace(f, related=_related_to_cells(f.related, cells),
                       message=_cell_lines(f.message, cells, rf" of {name}\b"))
               for f in result.foreign]
    return replace(result, tags=tuple(tags), findings=tuple(findings), foreign=tuple(foreign))


def _cell_lines(text: str, cells: Sequence[tuple[int, int]], suffix: str = r"(?! of \S)") -> str:
    """`(line 41)` in a message about a notebook becomes `(cell 3, line 12)`.

    `line 41 of helpers.py` is another file's line and stays; a fault in helpers.py cites the
    notebook's lines as `line 15 of train.ipynb` (`suffix` then names the notebook).
    """
    def sub(m: re.Match[str]) -> str:
        line, cell = _map_line(int(m.group(1)), cells)
        return f"cell {cell}, line {line}{m.group(2)}" if cell is not None else m.group(0)

    return re.sub(rf"\bline (\d+)\b({suffix})", sub, text)


def _finding_key(f: Finding) -> tuple:
    return (f.line, f.column, f.code, f.end_line, f.end_column, f.message)


def finalize(raw: FileResult, path: str, text: str, notes: Sequence[str],
             cells: Sequence[tuple[int, int]] | None, enabled: frozenset[str]) -> FileResult:
    """Apply rule selection and suppressions to one analysis result, then map notebook cells."""
    from bpscan import suppress

    detected = raw.findings
    selected = [f for f in detected if f.code in enabled]
    directives = suppress.find_directives(text)
    if directives:
        kept, unused = suppress.apply(selected, directives, detected=detected, lines=text.split("\n"))
        if suppress.UNUSED_CODE in enabled:
            kept.extend(unused)
    else:
        kept = selected
    merged_notes = tuple(dict.fromkeys([*notes, *raw.notes]))
    result = replace(
        raw,
        path=path,
        findings=tuple(sorted(kept, key=_finding_key)),
        notes=merged_notes,
        source=raw.source if raw.source is not None else text,
    )
    if cells:
        result = map_to_cells(result, cells)
    return result


def check_file(task: FileTask) -> FileResult:
    """Load, analyse and post-process one file. Never raises: problems become `error`."""
    # Imported here so that a run served entirely from the cache never loads the analysis.
    from bpscan.analysis import analyze_source
    from bpscan.source import SourceError, load_program, program_from_bytes, with_stack_for

    path = task.path
    try:
        program = load_program(path) if task.data is None else program_from_bytes(path, task.data)
    except SourceError as exc:
        return FileResult(path=path, error=one_line(str(exc)) or "cannot read file")
    except OSError as exc:
        return FileResult(path=path, error=one_line(f"cannot read file: {exc.strerror or exc}"))
    except Exception as exc:  # a bug in bpscan: report it for this file, go on with the others
        return internal_error(path, exc)
    try:
        # with_stack_for: a tree nested deeper than the stack allows is analysed on a larger one.
        # (a notebook also hands its cells: which statement ends one, what the notebook shows)
        if "BP601" in task.enabled:  # the numeric check runs only when asked for
            raw = with_stack_for(analyze_source, program.text, path, verify=True, cells=program.cell_of_line)
        else:
            raw = with_stack_for(analyze_source, program.text, path, cells=program.cell_of_line)
        return finalize(raw, path, program.text, program.notes, program.cell_of_line, task.enabled)
    except SourceError as exc:
        from bpscan.notebook import without_broken_cells

        salvaged = without_broken_cells(program) if program.cell_of_line else None
        if salvaged is not None:
            try:
                raw = with_stack_for(analyze_source, salvaged.text, path, verify="BP601" in task.enabled,
                                     cells=salvaged.cell_of_line)
                return finalize(raw, path, salvaged.text, salvaged.notes, salvaged.cell_of_line, task.enabled)
            except SourceError:
                pass
        relocate = getattr(program, "relocate", None)  # a notebook restates the line as cell, line
        if relocate is not None:
            try:
                exc = relocate(exc)
            except Exception:
                pass
        return FileResult(path=path, error=one_line(str(exc)) or "cannot analyse file",
                          notes=tuple(program.notes))
    except Exception as exc:
        return internal_error(path, exc)


def _check_file_guarded(task: FileTask) -> FileResult:
    try:
        return check_file(task)
    except BaseException as exc:  # e.g. an import failure in the worker: stay per-file
        if isinstance(exc, KeyboardInterrupt):
            raise
        return internal_error(task.path, exc)


def _pool_context():  # type: ignore[no-untyped-def]
    import multiprocessing

    # fork lets workers inherit the already-imported analysis instead of importing it again.
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _run_parallel(tasks: Sequence[FileTask], jobs: int) -> dict[str, FileResult]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Import the analysis before forking so that every worker starts with it loaded.
    import bpscan.analysis  # noqa: F401

    # Largest files first: a big file started last would leave the other workers idle.
    ordered = sorted(tasks, key=lambda t: -_file_size(t.path))
    done: dict[str, FileResult] = {}
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context()) as pool:
            for task, result in zip(ordered, pool.map(_check_file_guarded, ordered, chunksize=1)):
                done[task.path] = result
    except (BrokenProcessPool, OSError):
        # A worker died (or no process could be started): finish the rest in this process.
        for task in ordered:
            if task.path not in done:
                done[task.path] = _check_file_guarded(task)
    return done


def run(
    tasks: Iterable[FileTask],
    *,
    jobs: int = 1,
    cache: Cache | None = None,
    min_files_per_job: int = MIN_FILES_PER_JOB,
) -> list[FileResult]:
    """Check every file and return results sorted by path; identical whatever `jobs` is."""
    tasks = list(tasks)
    results: dict[str, FileResult] = {}
    todo: list[FileTask] = []
    for task in tasks:
        hit = cache.get(task.path, task.enabled, task.src) if cache is not None else None
        if hit is not None:
            results[task.path] = hit
        else:
            todo.append(task)

    workers = min(jobs, len(todo) // max(1, min_files_per_job))
    if workers >= 2:
        fresh = _run_parallel(todo, workers)
    else:
        fresh = {t.path: _check_file_guarded(t) for t in todo}

    for task in todo:
        result = fresh[task.path]
        results[task.path] = result
        if cache is not None and not is_internal_error(result):
            cache.put(task.path, task.enabled, result, task.src)
    if cache is not None:
        cache.finish()
    rehome(results, {t.path: t.enabled for t in tasks})
    return [results[p] for p in sorted(results, key=lambda p: tuple(p.split(os.sep)))]


def rehome(results: dict[str, FileResult], enabled: dict[str, frozenset[str]]) -> None:
    """Findings one file's analysis made in another scanned file join that file's result.

    A cross-file fault (an optimiser's sign seen through the model that feeds it) is found while
    analysing the driver but belongs where the faulty statement is. Deterministic: results are
    visited in path order.
    """
    from bpscan import suppress

    by_real = {os.path.realpath(p): p for p in results}
    real: dict[str, str] = {}  # each project file's real path, resolved once however many tags name it

    def scanned(p: str | None) -> str | None:
        key = p or ""
        if key not in real:
            real[key] = os.path.realpath(key)
        return by_real.get(real[key])

    extra_tags: dict[str, list[Tag]] = {}
    seen_tags: set[tuple] = set()
    for path in sorted(results):
        for t in results[path].foreign_tags:
            target = scanned(t.path)
            if target is not None and target != path and (target, t) not in seen_tags:
                seen_tags.add((target, t))  # many importers tag the same library line alike
                extra_tags.setdefault(target, []).append(replace(t, path=None))
    for target, found_tags in extra_tags.items():
        r = results[target]
        if r.error is not None or target.endswith(".ipynb"):
            continue
        have_tags = {(t.line, t.kind) for t in r.tags}
        add: dict[tuple, Tag] = {}
        for t in sorted(found_tags, key=lambda t: (t.line, t.kind, t.param or "", t.layer or "")):
            if (t.line, t.kind) not in have_tags:
                add.setdefault((t.line, t.kind), t)
        if add:
            notes = r.notes
            if any(t.kind in BACKWARD_KINDS for t in add.values()):
                # the file alone built no model, but a file using it read its backward statements: it was understood
                notes = tuple(n for n in notes if not n.startswith(NOT_UNDERSTOOD))
            results[target] = replace(r, tags=tuple(sorted([*r.tags, *add.values()], key=lambda t: (t.line, t.kind))),
                                      notes=notes)
    extra: dict[str, list[Finding]] = {}
    for path in sorted(results):
        for f in results[path].foreign:
            target = scanned(f.path)
            if target is None or target == path or f.code not in enabled.get(target, frozenset()):
                continue
            # its related lines in the analysed file are that file's, not the target's
            related = tuple(replace(x, path=path) if x.path is None else x for x in f.related)
            extra.setdefault(target, []).append(replace(f, path=None, related=related))
    for target, found in extra.items():
        r = results[target]
        if r.error is not None or target.endswith(".ipynb"):
            continue
        have = {(f.code, f.line) for f in r.findings}
        new = [f for f in found if (f.code, f.line) not in have]
        # the same fault seen through a file that uses this one: the user's file knows what this one
        # alone must presume (a bias's size, the layer's activation), so its reading is the one shown
        seen: dict[tuple, Finding] = {}
        for f in sorted(found, key=_finding_key):
            if (f.code, f.line) in have:
                seen.setdefault((f.code, f.line), f)
        text = r.source or ""
        if seen:
            r = replace(r, findings=tuple(_reading(f, seen.get((f.code, f.line)), text) for f in r.findings))
            results[target] = r
        directives = suppress.find_directives(text)
        if directives and new:
            new, _ = suppress.apply(new, directives, detected=new, lines=text.split("\n"))
        unique: dict[tuple, Finding] = {}
        for f in sorted(new, key=_finding_key):
            unique.setdefault((f.code, f.line), f)
        if unique:
            results[target] = replace(r, findings=tuple(sorted([*r.findings, *unique.values()], key=_finding_key)))
    for path in results:
        results[path] = _name_related_files(results[path], by_real)


def _reading(own: Finding, driver: Finding | None, text: str) -> Finding:
    """The finding shown for a fault seen both in its file and through a file that uses it: the user's
    file's reading, except that a statement to write worded in that file's variables (`dZ1.sum(axis=0)`
    for a library's `db = np.sum(dZ)`) gives way to this file's own (`db = np.sum(dZ, axis=0)`)."""
    if driver is None:
        return own
    from bpscan.fix import foreign_names

    if driver.expected and own.expected and foreign_names(driver.expected, text):
        return replace(driver, expected=own.expected, insert_after=own.insert_after, move_before=own.move_before)
    return driver


def _name_related_files(r: FileResult, by_real: dict[str, str]) -> FileResult:
    """Related lines in other files name them as the report names files, and never the finding's own.

    A scanned file is named as it was scanned; another project file relative to the working
    directory (absolute when the scanned file was given so).
    """
    if not any(x.path is not None for f in r.findings for x in f.related):
        return r
    own = os.path.realpath(r.path)

    def shown(p: str | None) -> str | None:
        if p is None or os.path.realpath(p) == own:
            return None
        scanned = by_real.get(os.path.realpath(p))
        if scanned is not None:
            return scanned
        if os.path.isabs(r.path):
            return os.path.abspath(p)
        try:
            return os.path.relpath(p)
        except ValueError:  # another drive (Windows)
            return os.path.abspath(p)

    findings = tuple(replace(f, related=tuple(replace(x, path=shown(x.path)) for x in f.related))
                     if any(x.path is not None for x in f.related) else f for f in r.findings)
    return replace(r, findings=findings)
