"""Frozen result records shared by the model, the rules and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

BACKWARD_KINDS: tuple[str, ...] = ("error", "F1", "F2", "F3", "update")
#: how a file's note begins when the file looks like backprop but no model was built of it
NOT_UNDERSTOOD = "not understood: "
# what a call that delegates the backward pass (`net.backward(x, y)`) is tagged with, strongest first
DELEGATED_KINDS: tuple[str, ...] = ("F2", "update", "error", "F1", "F3")
FORWARD_KINDS: tuple[str, ...] = ("linear", "activation", "loss")
TAG_KINDS: tuple[str, ...] = BACKWARD_KINDS + FORWARD_KINDS
#: a note's start saying the file was analysed without the lines a syntax error stopped at
READ_IN_PART = "read in part: "


def read_in_part_note(notes: Sequence[str]) -> str | None:
    """The note saying a file was analysed without the lines its syntax error stopped at, or None."""
    return next((n for n in notes if n.startswith(READ_IN_PART)), None)

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")

#: What each kind means, in the article's words; used by reports and `annotate`.
KIND_FORMULA: dict[str, str] = {
    "error": "error = t - z (or z - t): the output error",
    "F1": "delta = f'(z) * error",
    "F2": "error_prev = delta . W^T",
    "F3": "dW = a^T . delta",
    "update": "W -= lr * dW (sign agrees with the error)",
    "linear": "y = a . W + b",
    "activation": "z = f(y)",
    "loss": "L = loss(t, z)",
}


@dataclass(frozen=True, slots=True)
class Tag:
    """One formula kind on one statement (a statement may carry several tags)."""

    line: int
    end_line: int
    kind: str
    layer: str | None = None
    param: str | None = None
    confidence: str = "high"
    cell: int | None = None
    path: str | None = None  # the project file the statement is in, when not the file analysed


@dataclass(frozen=True, slots=True)
class Related:
    """A line that explains a finding (where the error's sign was fixed, where dW was computed)."""

    line: int
    message: str
    cell: int | None = None
    # the file the line is in, when not the finding's own: an absolute project path as the analysis
    # finds it, the path as reported (scanned or relative to the working directory) after engine.run
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by one rule, with the statement it concerns and why."""

    code: str
    name: str
    severity: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    expected: str | None = None
    related: tuple[Related, ...] = ()
    confidence: str = "high"
    cell: int | None = None
    path: str | None = None  # the project file the finding is in, when not the file analysed
    #: where `expected` goes: None, it replaces lines line..end_line; a line number, it is a new statement
    #: to insert after that line, at its indentation (the flagged lines stay: a missing update, a missing reset)
    insert_after: int | None = None
    #: a line number: `expected` is the flagged statement itself, to be moved above that line (a statement
    #: that comes too late: formula 2 after the update of its weight)
    move_before: int | None = None

    @property
    def fix_label(self) -> str:
        """How a report introduces `expected`: what to write instead, or what to add or move and where."""
        if self.move_before is not None:
            return f"move before line {self.move_before}"
        return "expected" if self.insert_after is None else f"add after line {self.insert_after}"


@dataclass(frozen=True, slots=True)
class Layer:
    """One dense (or convolution) layer of the forward pass and its backward ledger."""

    name: str
    weight: str
    bias: str | None
    input: str
    preact: str | None
    activation: str | None
    output: str | None
    convention: str  # "row" (a @ W) or "column" (W @ a)
    line: int
    f1: tuple[int, ...] = ()
    f2: tuple[int, ...] = ()
    f3: tuple[int, ...] = ()
    update: tuple[int, ...] = ()
    direction: str | None = None  # "descent", "ascent", "unknown" or None when never updated
    #: the weight stands for every element of a container (`params['W' + str(l)]` in an L-layer loop):
    #: the layer is a family of layers, drawn as one
    family: bool = False


@dataclass(frozen=True, slots=True)
class Check:
    """`--verify`'s verdict on one trained parameter: its hand-written gradient against finite differences."""

    param: str
    verdict: str  # "ok", "mismatch" or "not verified"
    line: int | None = None  # where its gradient is computed, a line of the analysed program
    rel_error: float | None = None
    reason: str | None = None  # why it was not verified


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything bpscan learned about one file; `error` is set when it could not be analysed."""

    path: str
    error: str | None = None
    layers: tuple[Layer, ...] = ()
    tags: tuple[Tag, ...] = ()
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()  # what the model was unsure of, shown in the report
    deps: tuple[str, ...] = field(default=(), compare=False)  # project files the analysis read
    foreign: tuple[Finding, ...] = field(default=(), compare=False)  # faults found in those files (path set)
    foreign_tags: tuple[Tag, ...] = field(default=(), compare=False)  # their statements' tags (path set)
    checks: tuple[Check, ...] = field(default=(), compare=False)  # with --verify: the verdict per parameter
    source: str | None = field(default=None, compare=False, repr=False)
