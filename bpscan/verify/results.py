"""The verdicts `bpscan verify` reports: frozen records, made by the checks, printed by the command."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParamCheck:
    """The verdict for one trained parameter of a network the file trains."""

    param: str
    line: int | None
    # "ok" (gradient matches and the update, if any, descends), "ascent" (gradient matches, the update
    # climbs), "mismatch", "not verified"
    verdict: str
    rel_error: float | None = None
    sign: str | None = None  # "gradient" or "negative gradient"
    update: str | None = None  # "descent", "ascent", "unknown"
    reason: str | None = None
    culprit_line: int | None = None


@dataclass(frozen=True)
class LayerCheck:
    """The verdict for one output of one layer's backward (dx, dw, db) against its forward."""

    layer: str  # `affine_forward/affine_backward`, `class Affine`, `class Exp(Function)`
    output: str  # the gradient as backward names it (`dw`, `self.dW`, or its position)
    wrt: str  # the forward argument it is the gradient of
    line: int | None  # where backward makes it
    verdict: str  # "ok", "mismatch", "not verified"
    rel_error: float | None = None
    reason: str | None = None


@dataclass(frozen=True)
class FileReport:
    """What `bpscan verify` found in one file."""

    path: str
    error: str | None = None  # the file could not be read or parsed (the scan's diagnostic)
    params: tuple[ParamCheck, ...] = ()
    layers: tuple[LayerCheck, ...] = ()
    note: str | None = None  # nothing to check, and why
    # how the check built what it evaluated (`class Network built with sizes=[3, 5, 4, 2] ...`)
    built: tuple[str, ...] = ()

    @property
    def mismatch(self) -> bool:
        return any(c.verdict == "mismatch" for c in (*self.params, *self.layers))
