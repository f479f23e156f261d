"""The `bpscan verify` command line: find the files like the scan does, check them, print the report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from typing import Sequence

from bpscan.verify.results import FileReport, LayerCheck, ParamCheck

NEEDS_NUMPY = "bpscan verify needs numpy: pip install 'bpscan[verify]'"
#: seconds of evaluation one file may take before what is left is reported as not verified
DEFAULT_BUDGET = 10.0

EPILOG = """\
what is checked:
  networks   each trained parameter's hand-written gradient against central finite differences
             of the loss the file computes; `ok` means it matches and the update descends.
             A loss written with a penalty (L2 `0.5 * reg * np.sum(W * W)`, L1 with np.abs) is
             checked whole: the gradient must carry the penalty's derivative (`dW += reg * W`, or
             decay in the update, `W -= lr * (dW + reg * W)`) and no decay the loss lacks
  lists      networks kept in lists built from a list of sizes (self.weights = [... for x, y in
             zip(sizes[:-1], sizes[1:])]): built with sizes verify chooses (said in the report),
             one row per list element against the loss of the forward method's output
  layers     each output of a layer's backward (layer function pairs with a cache, layer classes
             with forward/backward, torch.autograd.Function) against finite differences of its
             forward contracted with a random upstream gradient
  Nothing in the file is run: its arithmetic is evaluated by bpscan's own evaluator with NumPy.

exit status:
  0  no mismatch
  1  a gradient does not match; with --strict also files that could not be read or checked
  2  usage error, a path that does not exist, or NumPy is not installed"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `bpscan verify`."""
    p = argparse.ArgumentParser(
        prog="bpscan verify",
        description="Check hand-written gradients numerically, without running the file.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files and directories to check (directories are walked like the scan walks them)")
    p.add_argument("--format", choices=("full", "concise", "json"), default="full",
                   help="full: a table per file (default); concise: one line per parameter or layer "
                        "output; json: the same as JSON")
    p.add_argument("--seed", type=int, default=0,
                   help="seed of the random data, parameters and upstream gradients (default 0)")
    p.add_argument("--budget", type=float, default=DEFAULT_BUDGET, metavar="SECONDS",
                   help=f"evaluation time per file; what is left when it runs out is reported as not "
                        f"verified (default {DEFAULT_BUDGET:g})")
    p.add_argument("--strict", action="store_true",
                   help="files that could not be read or parsed count as failures (exit 1)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when a gradient does not match")
    return p


def _err(message: str) -> None:
    print(f"bpscan: {message}", file=sys.stderr)


def check_path(path: str, seed: int = 0, budget: float = DEFAULT_BUDGET) -> FileReport:
    """Read, model and check one file; a file that cannot be read gets the scan's diagnostic."""
    from bpscan.analysis import build_model
    from bpscan.engine import one_line
    from bpscan.source import SourceError, load_program
    from bpscan.verify.evaluator import time_budget
    from bpscan.verify.layers import verify_layers
    from bpscan.verify.lists import merge_rows, verify_list_networks
    from bpscan.verify.network import verify_model

    try:
        program = load_program(path)
        model = build_model(program.text, path)
    except SourceError as exc:
        return FileReport(path, error=one_line(str(exc)) or "cannot read file")
    except OSError as exc:
        return FileReport(path, error=one_line(f"cannot read file: {exc.strerror or exc}"))
    with time_budget(budget):
        params = tuple(verify_model(model, seed))
        layers = tuple(verify_layers(model, seed))
        nets = verify_list_networks(model, seed)
    params, layers = merge_rows(params, layers, nets)
    built = tuple(n.note for n in nets if n.note)
    if layers:
        # a layer library's parameters are arguments of its layers: the layer rows check them, and the
        # network rows could only say that their values come from outside the file
        params = tuple(c for c in params if c.verdict != "not verified")
    note = None
    if not params and not layers:
        note = "no network found: nothing in this file trains parameters or pairs a layer's forward with its backward"
    return FileReport(path, params=params, layers=layers, note=note, built=built)


def _rel(x: float | None) -> str:
    return f"{x:.1e}" if x is not None else "-"


def _param_verdict(c: ParamCheck) -> str:
    if c.verdict == "ok":
        return f"ok ({c.reason})" if c.reason else "ok"
    if c.verdict == "mismatch":
        return f"MISMATCH (first departs at line {c.culprit_line}{'; ' + c.reason if c.reason else ''})"
    if c.verdict == "ascent":
        return f"ASCENT ({c.reason})"
    return f"not verified: {c.reason}"


def _layer_verdict(c: LayerCheck) -> str:
    if c.verdict == "ok":
        return f"ok ({c.reason})" if c.reason else "ok"
    if c.verdict == "mismatch":
        return f"MISMATCH (line {c.line}{': ' + c.reason if c.reason else ''})"
    return f"not verified: {c.reason}"


def render_full(reports: Sequence[FileReport]) -> str:
    """A table per file: parameters, then layers."""
    out: list[str] = []
    for r in reports:
        out.append(r.path)
        if r.error:
            out.append(f"  error: {r.error}")
            continue
        if r.note:
            out.append(f"  {r.note}")
            continue
        for b in r.built:
            out.append(f"  {b}")
        if r.params:
            pw = max(24, max(len(c.param) for c in r.params) + 2)
            out.append(f"  {'parameter':<{pw}}{'rel. error':<12}{'sign':<19}{'update':<9}verdict")
            for c in r.params:
                out.append(f"  {c.param:<{pw}}{_rel(c.rel_error):<12}{c.sign or '-':<19}{c.update or '-':<9}"
                           f"{_param_verdict(c)}")
        if r.layers:
            width = max(24, max(len(c.layer) for c in r.layers) + 2)
            out.append(f"  {'layer':<{width}}{'gradient':<14}{'of':<10}{'rel. error':<12}verdict")
            for lc in r.layers:
                out.append(f"  {lc.layer:<{width}}{lc.output:<14}{lc.wrt:<10}{_rel(lc.rel_error):<12}"
                           f"{_layer_verdict(lc)}")
    return "\n".join(out) + "\n" if out else ""


def render_concise(reports: Sequence[FileReport]) -> str:
    """One line per parameter or layer output, `path:line: ...` like the scan's concise format."""
    out: list[str] = []
    for r in reports:
        if r.error:
            out.append(f"{r.path}: error: {r.error}")
        elif r.note:
            out.append(f"{r.path}: {r.note}")
        for b in r.built:
            out.append(f"{r.path}: {b}")
        for c in r.params:
            extra = ", ".join(x for x in (f"rel. error {_rel(c.rel_error)}" if c.rel_error is not None else "",
                                          c.sign or "", c.update or "") if x)
            out.append(f"{r.path}:{c.line or 0}: {c.param}: {_param_verdict(c)}" + (f" [{extra}]" if extra else ""))
        for lc in r.layers:
            extra = f" [rel. error {_rel(lc.rel_error)}]" if lc.rel_error is not None else ""
            out.append(f"{r.path}:{lc.line or 0}: {lc.layer}: {lc.output} (of {lc.wrt}): {_layer_verdict(lc)}{extra}")
    return "\n".join(out) + "\n" if out else ""


def render_json(reports: Sequence[FileReport]) -> str:
    """The same as JSON (version 2: `layers`, `note` and `built` beside `params`)."""
    files = [{"path": r.path, "error": r.error, "note": r.note, "built": list(r.built),
              "params": [asdict(c) for c in r.params], "layers": [asdict(c) for c in r.layers]}
             for r in reports]
    return json.dumps({"version": 2, "files": files}, indent=2) + "\n"


def main(argv: Sequence[str]) -> int:
    """`bpscan verify PATH...`; returns the exit status."""
    args = build_parser().parse_args(list(argv))
    try:
        import numpy  # noqa: F401  (the evaluator's arithmetic; an optional extra)
    except ImportError:
        _err(NEEDS_NUMPY)
        return 2
    from bpscan.config import Config, ConfigError, find_config, load_config
    from bpscan.discovery import discover

    try:
        config_path = find_config(args.paths)
        config = load_config(config_path) if config_path else Config(root=os.getcwd())
    except ConfigError as exc:
        _err(f"error: {exc}")
        return 2
    found = discover(args.paths, exclude=config.exclude, root=config.root)
    for given, reason in found.missing:
        _err(f"error: {given}: {reason}")
    for warning in found.warnings:
        _err(f"warning: {warning}")
    if not found.files:
        if not found.missing:
            _err("warning: no Python files found under the given paths")
            return 0
        return 2
    reports = [check_path(p, args.seed, args.budget) for p in found.files]
    render = {"full": render_full, "concise": render_concise, "json": render_json}[args.format]
    from bpscan.cli import _write_stdout

    _write_stdout(render(reports))
    if found.missing:
        return 2
    if args.exit_zero:
        return 0
    if any(r.mismatch for r in reports) or (args.strict and any(r.error for r in reports)):
        return 1
    return 0
