"""What a hand-written autograd engine holds (its operations' shares, its seed, its steps) and the syntax that
names them."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from bpscan.terms import callee_name

#: attributes an engine keeps a value's gradient in
GRAD_ATTRS = frozenset({"grad"})
#: attributes an engine keeps a value's data in
DATA_ATTRS = frozenset({"data", "value", "val"})
#: the frameworks whose `.grad` the interpreter reads (autograd): their updates are not an engine's
_FRAMEWORKS = ("torch", "tensorflow", "jax", "mxnet", "chainer", "paddle", "mindspore")


@dataclass(frozen=True, slots=True)
class OpWrite:
    """One `operand.grad (+)= local * out.grad` statement in an operation's backward closure."""

    node: ast.stmt
    op: str                      # the operator method: `__mul__`, `tanh`
    cls: str
    operand: str                 # as written: `self`, `other`
    kinds: tuple[str, ...]       # formula tags: F1 for a nonlinearity, F2 (+F3) for a sum (product)
    accumulates: bool            # `+=` (or `g = g + ...`): a value used twice gets both gradients
    verdict: str                 # ok | wrong | unchained | unknown
    forward: str                 # the forward expression, as written
    written: str                 # the write's right-hand side, as written
    upstream: str                # `out.grad`, or the closure's parameter
    expected: str | None = None  # a local derivative from the op's own names that matches, when one does
    sign: int = 1                # -1 for `-=`
    temps: tuple[ast.stmt, ...] = ()  # the closure's assignments the write reads (`grad_self = ...`)
    # `if self.grad is None: self.grad = g` (else `+=`): an assignment that starts the sum, not one replacing it
    starts_sum: bool = False
    # the operation's closure reads no upstream gradient (`input.grad = probs - onehot` of a cross-entropy node):
    # where the backward starts, its operand the logits
    terminal: bool = False

    @property
    def where(self) -> str:
        """`Value.__mul__`, or `mul` for an operation written as a free function."""
        return self.op if self.cls == self.op else f"{self.cls}.{self.op}"


@dataclass(frozen=True, slots=True)
class Step:
    """`p.data += -lr * p.grad`: a parameter stepped along its engine gradient."""

    node: ast.stmt
    param: str
    direction: int | None        # -1 descends, +1 climbs, None unknown
    loops: tuple[ast.AST, ...]   # the loops around it, innermost first
    in_function: bool = False    # written in a function (a training step), not at a module's top level
    # the `.backward()` before it in its function is of the network's raw output (`net(x)[0].backward()`), not of
    # a loss: which way the step moves that output is the function's purpose, not a sign error
    climbs_output: bool = False


@dataclass
class EngineModel:
    """What the engines of one module hold: classes, operation writes, seeds and steps."""

    classes: list[str] = field(default_factory=list)
    writes: list[OpWrite] = field(default_factory=list)
    seeds: list[ast.stmt] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    # the engine's own backward resets every node's gradient before it runs (no zeroing needed in the loop)
    self_resetting: bool = False
    # the module imports an autograd framework (torch...): a `.grad` there may be its, not an engine's
    framework: bool = False
    # steps in a training loop (one that calls `.backward()`) where nothing resets the gradients
    unreset: list[tuple[Step, ast.AST]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.writes or self.steps and not self.framework)

    @property
    def own_steps(self) -> bool:
        """The steps' `.grad` is an engine's read here, not a framework's the interpreter reads."""
        return bool(self.writes) or not self.framework


def _docstring(st: ast.stmt) -> bool:
    return isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant)


def _grad_target(st: ast.stmt) -> ast.Attribute | None:
    """The `.grad` a statement writes: of a name (`self.grad`) or of a name's attribute (`self.w.grad`); added into
    part of it (`a.grad[a.data > 0] += dy[a.data > 0]`, `other.grad[:] += g`) too."""
    t = st.target if isinstance(st, ast.AugAssign) else st.targets[0] if isinstance(st, ast.Assign) and \
        len(st.targets) == 1 else None
    if isinstance(st, ast.AugAssign) and isinstance(t, ast.Subscript):
        t = t.value
    if isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS and (
            isinstance(t.value, ast.Name) or
            isinstance(t.value, ast.Attribute) and isinstance(t.value.value, ast.Name)):
        return t
    return None


def _base(t: ast.Attribute) -> str:
    """Whose gradient a target is: `self` of `self.grad`, `self.w` of `self.w.grad`."""
    return ast.unparse(t.value)


def _grad_reads(node: ast.AST) -> set[str]:
    return {n.value.id for n in ast.walk(node) if isinstance(n, ast.Attribute) and n.attr in GRAD_ATTRS and
            isinstance(n.value, ast.Name) and isinstance(n.ctx, ast.Load)}


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _is_one(v: ast.AST) -> bool:
    if isinstance(v, ast.Constant) and v.value in (1, 1.0) and not isinstance(v.value, bool):
        return True
    if isinstance(v, ast.Call):
        name = callee_name(v.func)
        if name in ("ones_like", "ones"):
            return True
        if name == "float" and v.args and _is_one(v.args[0]):
            return True
    return False


def _is_zero(v: ast.AST) -> bool:
    if isinstance(v, ast.Constant) and (v.value is None or (v.value == 0 and not isinstance(v.value, bool))):
        return True
    if isinstance(v, ast.Call):
        return callee_name(v.func) in ("zeros_like", "zeros")
    return False
