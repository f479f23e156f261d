"""The `bpscan` command: scan paths and report, plus the `rule`, `annotate` and `verify` subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Mapping, Sequence, TextIO

from bpscan import __version__
from bpscan.config import OUTPUT_FORMATS

SEVERITY_ORDER: tuple[str, ...] = ("info", "warning", "error")
DELEGATED: tuple[str, ...] = ("annotate", "verify")

USAGE = "bpscan [OPTIONS] PATH...\n       bpscan [OPTIONS] - [--stdin-filename NAME]\n       bpscan rule CODE|NAME | --all\n       bpscan annotate|verify ..."

EPILOG = """\
subcommands:
  bpscan rule CODE|NAME   show a rule's documentation (e.g. `bpscan rule BP201`)
  bpscan rule --all       list every rule
  bpscan annotate FILE    write the formula tags into FILE as comments (see `bpscan annotate -h`)
  bpscan verify ...       see `bpscan verify -h`

To scan a path literally named like a subcommand, write it as ./rule.

exit status:
  0  no findings (at or above --fail-on)
  1  findings; with --strict also files that could not be analysed, or only in part
  2  usage or configuration error, a path that does not exist, or an internal error
  With --fix the status is that of the findings that remain after fixing (0 when every
  finding was fixed, 1 when some remain); with --fix --diff, 1 when a file would change.

Settings are read from [tool.bpscan] in the nearest pyproject.toml above the scanned paths;
command-line flags override them."""


class _Usage(Exception):
    """A usage error found after argument parsing (exit status 2)."""


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the scanning command."""
    p = argparse.ArgumentParser(
        prog="bpscan",
        usage=USAGE,
        description="Check hand-written backpropagation: tag the three formulas and flag "
        "missing or sign-inconsistent updates.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files and directories to scan (default: the current directory); "
                        "`-` reads one program from standard input")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="with `-`: the path the program on stdin is reported under (a name ending "
                        "in .ipynb is read as a notebook; its directory is where imports and the "
                        "configuration are looked up)")
    out = p.add_argument_group("output")
    out.add_argument("--format", choices=OUTPUT_FORMATS,
                     help="report format (default: full on a terminal, else concise); html writes one "
                          "self-contained page, the layer diagram of each file beside its annotated source "
                          "(with -o report.html)")
    out.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE")
    out.add_argument("--show-source", action="store_true",
                     help="full format: the detailed view (code around each finding, tagged source, "
                          "layer ledger) for every file; by default only a single file gets it")
    out.add_argument("-q", "--quiet", action="store_true",
                     help="print the findings only: no summary, notes or headings")
    out.add_argument("--statistics", action="store_true",
                     help="print how many findings of each rule instead of the findings")
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour the report (auto: on a terminal unless NO_COLOR is set)")
    rules = p.add_argument_group("rule selection (codes, names or prefixes such as BP2; comma-separated)")
    rules.add_argument("--select", type=_comma_list, action="append", metavar="RULES",
                       help="report only these rules (replaces the configured selection)")
    rules.add_argument("--extend-select", type=_comma_list, action="append", metavar="RULES",
                       help="report these rules in addition")
    rules.add_argument("--ignore", type=_comma_list, action="append", metavar="RULES",
                       help="do not report these rules")
    out.add_argument("--show-uncertain", action="store_true",
                     help="also report findings of confidence medium or low (the model could not "
                          "establish every premise); hidden by default")
    status = p.add_argument_group("exit status")
    status.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings")
    status.add_argument("--strict", action="store_true",
                        help="files that could not be analysed count as findings (exit 1)")
    status.add_argument("--fail-on", choices=SEVERITY_ORDER,
                        help="lowest severity that makes the exit status 1 (default: info)")
    fixing = p.add_argument_group("fixes")
    fixing.add_argument("--fix", action="store_true",
                        help="apply the fixes that are certain (rules whose doc says `Fix: always` or "
                             "`Fix: when offered`, high-confidence findings), check each by analysing "
                             "the file again, write the files and report what remains")
    fixing.add_argument("--diff", action="store_true",
                        help="with --fix: print a unified diff of the fixes instead of writing the files")
    run = p.add_argument_group("run")
    run.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                     help="files analysed in parallel (default: the number of CPUs)")
    run.add_argument("--no-cache", action="store_true", help="neither read nor write .bpscan_cache/")
    run.add_argument("--verify", action="store_true",
                     help="also check each hand-written gradient numerically (rule BP601; slower)")
    run.add_argument("--config", metavar="FILE",
                     help="read settings from FILE instead of the nearest pyproject.toml")
    run.add_argument("--force-exclude", action="store_true",
                     help="apply `exclude` to explicitly named files too (useful in pre-commit)")
    p.add_argument("--version", action="version", version=f"bpscan {__version__}")
    return p


def _flatten(values: list[list[str]] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v for group in values for v in group)


def use_color(mode: str, stream: TextIO | None, environ: Mapping[str, str]) -> bool:
    """Whether to colour: --color always/never win; auto follows NO_COLOR, FORCE_COLOR and the tty."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb" or stream is None:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _report_context(color: bool, to_terminal: bool, **options: Any) -> object:
    from bpscan.reporters import ReportContext

    width = None
    if to_terminal:
        import shutil

        width = shutil.get_terminal_size().columns
    return ReportContext(color=color, width=width, **options)


def exit_status(results: Sequence[object], *, fail_on: str, strict: bool, exit_zero: bool) -> int:
    """0, or 1 when a finding at or above `fail_on` exists (or, with strict, a file failed or was read only in
    part)."""
    if exit_zero:
        return 0
    from bpscan.results import read_in_part_note

    threshold = SEVERITY_ORDER.index(fail_on)
    for r in results:
        if strict and (getattr(r, "error", None) or read_in_part_note(getattr(r, "notes", ()))):
            return 1
        for f in getattr(r, "findings", ()):
            rank = SEVERITY_ORDER.index(f.severity) if f.severity in SEVERITY_ORDER else len(SEVERITY_ORDER)
            if rank >= threshold:
                return 1
    return 0


def _err(message: str) -> None:
    print(f"bpscan: {message}", file=sys.stderr)


def check_main(argv: Sequence[str]) -> int:
    """Scan the paths in argv and print the report; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(list(argv))

    from bpscan.config import (
        Config,
        ConfigError,
        RuleSelection,
        enabled_codes,
        expand_codes,
        find_config,
        find_project_root,
        load_config,
    )

    if args.verify:
        try:
            import numpy  # noqa: F401  (BP601 evaluates the gradients with it; an optional extra)
        except ImportError:
            from bpscan.verify.command import NEEDS_NUMPY

            _err(NEEDS_NUMPY.replace("bpscan verify", "bpscan --verify"))
            return 2
    stdin = "-" in args.paths
    if stdin and len(args.paths) > 1:
        _err("error: `-` (read the program from stdin) cannot be combined with other paths")
        return 2
    if args.stdin_filename is not None and not stdin:
        _err("error: --stdin-filename needs `-` among the paths (the program is read from stdin)")
        return 2
    if args.diff and not args.fix:
        _err("error: --diff previews the fixes: use it with --fix")
        return 2
    if args.fix and stdin:
        _err("error: --fix rewrites files; it cannot be used with `-` (stdin)")
        return 2
    stdin_name = args.stdin_filename or "<stdin>"
    if stdin:
        # configuration and project imports are looked up from the named file's directory
        paths = [os.path.dirname(stdin_name) or os.curdir if args.stdin_filename else os.curdir]
    else:
        paths = args.paths or [os.curdir]
    select, extend, ignore = _flatten(args.select), _flatten(args.extend_select), _flatten(args.ignore)
    try:
        for option, values in (("--select", select), ("--extend-select", extend), ("--ignore", ignore)):
            expand_codes(values or (), option)
        config_path = args.config or find_config(paths)
        config = load_config(config_path) if config_path else Config(root=os.getcwd())
        cli_rules = RuleSelection(select=select,
                                  extend_select=tuple(extend or ()) + (("BP601",) if args.verify else ()),
                                  ignore=ignore or (), where="command line")
        enabled = enabled_codes([config.rules, cli_rules])
    except ConfigError as exc:
        _err(f"error: {exc}")
        return 2

    fmt = args.format or config.format or (
        "full" if args.output_file is None and _stdout_is_terminal() else "concise"
    )
    if args.statistics and fmt in ("sarif", "github", "html"):
        _err(f"error: --statistics prints counts as text or JSON, not as {fmt}")
        return 2
    fail_on = args.fail_on or config.fail_on or "info"
    caching = not args.no_cache and config.cache is not False
    jobs = args.jobs or default_jobs()

    from bpscan import engine
    from bpscan.config import PerFileIgnores
    from bpscan.discovery import discover

    per_file = PerFileIgnores(config)
    if stdin:
        data = _read_stdin()
        if data is None:
            return 2
        missing: list[tuple[str, str]] = []
        tasks = [engine.FileTask(stdin_name, enabled - per_file.codes_for(stdin_name), config.src, data)]
        caching = False  # the cache is keyed by files on disk
        jobs = 1
    else:
        found = discover(paths, exclude=config.exclude, root=config.root, force_exclude=args.force_exclude)
        missing = list(found.missing)
        for given, reason in missing:
            _err(f"error: {given}: {reason}")
        for warning in found.warnings:
            _err(f"warning: {warning}")
        if not found.files:
            if not missing:
                _err("warning: no Python files found under the given paths")
            else:  # nothing to scan: the error says it all, no report and no summary line
                return 2
        tasks = [engine.FileTask(p, enabled - per_file.codes_for(p), config.src) for p in found.files]
    cache = None
    if caching and tasks:
        from bpscan.cache import Cache, cache_root

        cache = Cache(cache_root(config.path, find_project_root(paths)))
    results = engine.run(tasks, jobs=jobs, cache=cache)
    fix_errors: list[str] = []
    if args.fix:
        from bpscan import fix

        results, done, messages, fix_errors = fix.run(tasks, results, write_files=not args.diff)
        for message in messages:
            _err(message)
        for message in fix_errors:  # like a missing path: the rest is fixed and reported, the exit is 2
            _err(f"error: {message}")
        fixed = sum(len(d.fixed) for d in done)
        files = sum(1 for d in done if d.changed)
        if args.diff:
            _write_stdout("".join(fix.unified_diff(d) for d in done if d.changed))
            _err(f"would fix {fixed} finding{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''}")
            return 2 if fix_errors else 1 if files else 0
        if not args.quiet:
            _err(f"fixed {fixed} finding{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''}")
    if not args.show_uncertain:
        results, hidden = hide_uncertain(results)
        if hidden and not args.quiet:
            _err(f"note: {hidden} uncertain finding{'s' if hidden != 1 else ''} not shown "
                 f"(--show-uncertain shows them)")

    destination = None if args.output_file is None else args.output_file
    color = use_color(args.color, sys.stdout if destination is None else None, os.environ)
    from bpscan.reporters import get_reporter

    render = get_reporter(fmt)
    if args.statistics:
        from bpscan.reporters import statistics

        render = statistics.render_json if fmt == "json" else statistics.render
    text = render(results, _report_context(color, destination is None and _stdout_is_terminal(),
                                           missing=len(missing), quiet=args.quiet,
                                           detail=True if args.show_source else None))
    if destination is not None:
        try:
            parent = os.path.dirname(os.path.abspath(destination))
            os.makedirs(parent, exist_ok=True)
            with open(destination, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            _err(f"error: cannot write {destination}: {exc.strerror or exc}")
            return 2
    else:
        _write_stdout(text)

    internal = [r for r in results if engine.is_internal_error(r)]
    for r in internal:
        _err(f"{r.path}: {r.error}")
    if missing or internal or fix_errors:
        return 2
    return exit_status(results, fail_on=fail_on, strict=args.strict, exit_zero=args.exit_zero)


def _read_stdin() -> bytes | None:
    """The bytes on standard input, or None (after a one-line error) when there are none to read."""
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    if stream is None:
        _err("error: `-` reads the program from stdin, but there is no standard input")
        return None
    try:
        if sys.stdin.isatty():
            _err("note: reading the program from stdin (end with Ctrl-D)")
    except (AttributeError, ValueError):
        pass
    try:
        data = stream.read()
    except OSError as exc:
        _err(f"error: cannot read stdin: {exc.strerror or exc}")
        return None
    return data.encode("utf-8") if isinstance(data, str) else data


def hide_uncertain(results: Sequence[Any]) -> tuple[list[Any], int]:
    """Results without their findings of confidence below high, and how many were left out."""
    from dataclasses import replace

    out, hidden = [], 0
    for r in results:
        keep = tuple(f for f in r.findings if f.confidence == "high")
        hidden += len(r.findings) - len(keep)
        out.append(r if len(keep) == len(r.findings) else replace(r, findings=keep))
    return out, hidden


def _write_stdout(text: str) -> None:
    stream = sys.stdout
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:  # a report must not die on a terminal that cannot show ✓ or a non-ASCII path
            reconfigure(errors="replace")
        except (ValueError, OSError):
            pass
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # `bpscan ... | head`: the reader left; silence the rest instead of a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def rule_main(argv: Sequence[str]) -> int:
    """`bpscan rule CODE|NAME` prints a rule's documentation; `bpscan rule --all` lists rules."""
    p = argparse.ArgumentParser(prog="bpscan rule", description="Show the documentation of a rule.")
    p.add_argument("rule", nargs="?", metavar="CODE|NAME", help="a rule code (BP201) or name (ascent-update)")
    p.add_argument("--all", action="store_true", help="list every rule")
    args = p.parse_args(list(argv))
    if args.all == (args.rule is not None):
        p.error("give either a rule code or name, or --all")

    from bpscan.registry import all_rules

    try:
        from bpscan.reporters import ruledoc
    except ImportError:
        ruledoc = None  # type: ignore[assignment]

    if args.all:
        rules = all_rules()
        if ruledoc is not None:
            _write_stdout(ruledoc.render_rule_list(rules))
            return 0
        if not rules:
            print("No rules are registered.")
            return 0
        widths = [max(len(getattr(r, a)) for r in rules) for a in ("code", "name", "severity")]
        for r in rules:
            print(f"{r.code:<{widths[0]}}  {r.name:<{widths[1]}}  {r.severity:<{widths[2]}}  {r.summary}".rstrip())
        return 0
    info, candidates = lookup_rule(args.rule)
    if info is None and candidates:
        listed = ", ".join(f"{r.code} {r.name}" for r in candidates)
        _err(f"error: {args.rule!r} matches several rules: {listed}")
        return 2
    if info is None:
        from bpscan.config import rule_suggestion

        hint = rule_suggestion(args.rule)
        _err(f"error: unknown rule {args.rule!r}{hint} (see `bpscan rule --all`)")
        return 2
    if ruledoc is not None:
        # Plain text for now; passing color=use_color(...) would switch on the rich rendering.
        _write_stdout(ruledoc.render_rule(info, color=False))
        return 0
    print(f"{info.code} {info.name} ({info.severity})\n")
    print(info.doc)
    return 0


def lookup_rule(word: str) -> tuple[Any, list[Any]]:
    """The rule a user means by `word`, and, when it is ambiguous, the rules it could mean.

    A code or a name, exactly (any case); else a unique prefix of a code (`BP20`) or of a name
    or of one of its later words (`ascent` -> ascent-update, `transpose` -> missing-transpose).
    """
    from bpscan.registry import all_rules, find_rule

    info = find_rule(word)
    if info is not None:
        return info, []
    key = word.strip().lower().replace("_", "-")
    if not key:
        return None, []
    matches = []
    for r in all_rules():
        words = r.name.split("-")
        tails = ["-".join(words[i:]) for i in range(len(words))]
        if r.code.lower().startswith(key) or any(t.startswith(key) for t in tails):
            matches.append(r)
    if len(matches) == 1:
        return matches[0], []
    return None, matches


def _delegate(name: str, argv: Sequence[str]) -> int:
    import importlib

    module_name = f"bpscan.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        _err(f"error: `bpscan {name}` is not available in this installation ({module_name} is missing)")
        return 2
    status = module.main(list(argv))
    return int(status or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `bpscan` console script and `python -m bpscan`; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "rule":
            return rule_main(args[1:])
        if args and args[0] in DELEGATED:
            return _delegate(args[0], args[1:])
        return check_main(args)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as exc:  # a bug in bpscan: one line and a hint, not a traceback
        from bpscan.engine import REPORT_HINT, one_line

        _err(f"internal error: {one_line(f'{type(exc).__name__}: {exc}')} ({REPORT_HINT})")
        if os.environ.get("BPSCAN_DEBUG"):
            raise
        return 2
