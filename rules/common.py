"""Helpers the rules share to read the model and to build findings that explain themselves."""

from __future__ import annotations

import ast
from types import ModuleType
from typing import Any, Iterable

from bpscan.results import Finding, Related
from bpscan.values import Leaf, Unit, Val, render

from bpscan.rules.vocabulary import F1_FORMULA


def finding(rule: ModuleType, stmt: Any, message: str, expected: str | None = None,
            related: Iterable[tuple[int, str]] = (), confidence: str = "high") -> Finding:
    """A finding of `rule` spanning statement `stmt` (a StmtInfo)."""
    rel = tuple(Related(line, msg) for line, msg in dict.fromkeys(related) if line)
    return Finding(
        code=rule.CODE, name=rule.NAME, severity=rule.SEVERITY,
        line=stmt.line, column=stmt.col, end_line=stmt.end_line, end_column=stmt.end_col,
        message=message, expected=expected, related=rel, confidence=confidence,
        path=getattr(stmt, "mod", None),
    )


def name_of(v: Val | None) -> str:
    """How the user's code names a value: its variable, else its canonical expression."""
    if v is None:
        return "?"
    if v.undef:
        return v.undef
    if v.leaf is not None:
        return v.leaf.name + (".T" if v.tr else "")
    if v.name:
        return v.name
    return render(v)


def role_of(v: Val) -> tuple[str, Unit] | None:
    """Which layer tensor a value is ("y"/"mm": pre-activation, "z": output), seen through views."""
    base = v
    for _ in range(4):
        if base.role is not None:
            return base.role
        if base.op in ("copy", "getitem", "reshape", "T") and base.args:
            base = base.args[0]
        else:
            return None
    return None


def unit_desc(unit: Unit | None) -> str:
    if unit is None:
        return "this layer"
    weights = ", ".join(lay.weight.name for lay in unit.layers)
    return f"layer {unit.index} ({weights}, {unit.act()})"


def f1_formula(unit: Unit, delta: str = "delta", error: str = "error") -> str:
    z = unit.output.name if unit.output is not None and unit.output.name else "z"
    y = unit.preact.name if unit.preact is not None and unit.preact.name else "y"
    return F1_FORMULA.get(unit.act(), F1_FORMULA["linear"]).format(d=delta, z=z, y=y, e=error)


def error_events(model: Any) -> list[Any]:
    return [e for e in model.events if e.kind == "error"]


def grad_val(term: Val) -> Val:
    """The gradient variable inside an update's term: dw2 in `learning_rate * dw2`."""
    for _ in range(6):
        if term.name and term.stmt is not None:
            return term
        inner = [a for a in (term.factors or term.args) if isinstance(a, Val) and a.adj is not None]
        if len(inner) != 1:
            break
        term = inner[0]
    return term


def grad_name(term: Val) -> str:
    """How the code names the gradient an update applies."""
    return name_of(grad_val(term))


def error_name(err: Val | None) -> str:
    """The error a delta is made from; for `d = e.copy(); d[m] = 0` that is e."""
    if err is None:
        return "error"
    if err.op == "copy" and err.args and isinstance(err.args[0], Val):
        return name_of(err.args[0])
    return name_of(err)


def target_of(stmt: Any) -> str:
    node = stmt.node
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        while isinstance(target, ast.Subscript):
            target = target.value
        return ast.unparse(target)
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return ast.unparse(node.target)
    return "delta"


def stmt_at(model: Any, line: int) -> Any:
    """The simple statement that starts on `line` (indexed once per model)."""
    index = getattr(model, "_stmt_index", None)
    if index is None:
        index = {}
        for info in model.interp.stmts.values():
            if isinstance(info.node, (ast.For, ast.While, ast.If, ast.With, ast.FunctionDef, ast.ClassDef)) \
                    or info.mod is not None:
                continue
            best = index.get(info.line)
            if best is None or info.end_line - info.line < best.end_line - best.line:
                index[info.line] = info
        model._stmt_index = index
    return index.get(line)


def leaf_stmt(model: Any, leaf: Leaf) -> Any:
    """The forward statement that first uses a parameter."""
    if leaf.use_stmt is not None:
        return leaf.use_stmt
    return stmt_at(model, leaf.first_use or leaf.line)


def expected_flip(stmt: Any) -> str | None:
    """The update statement with its direction reversed."""
    node = stmt.node
    if isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Sub)):
        flipped = ast.AugAssign(target=node.target, op=ast.Sub() if isinstance(node.op, ast.Add) else ast.Add(),
                                value=node.value)
        value = node.value
        if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
            flipped = ast.AugAssign(target=node.target, op=node.op, value=value.operand)
        elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult) and \
                isinstance(value.left, ast.UnaryOp) and isinstance(value.left.op, ast.USub):
            flipped = ast.AugAssign(target=node.target, op=node.op,
                                    value=ast.BinOp(left=value.left.operand, op=ast.Mult(), right=value.right))
        return ast.unparse(flipped)
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.BinOp) and \
            isinstance(node.value.op, (ast.Add, ast.Sub)):
        v = node.value
        op = ast.Sub() if isinstance(v.op, ast.Add) else ast.Add()
        return ast.unparse(ast.Assign(targets=node.targets, value=ast.BinOp(left=v.left, op=op, right=v.right),
                                      lineno=0))
    return None


_INIT_FUNCTIONS = frozenset({"zeros", "zeros_like", "ones", "ones_like", "full", "empty", "randn", "rand", "normal",
                             "uniform", "random", "standard_normal", "random_sample", "randint", "glorot_uniform",
                             "xavier_uniform_", "kaiming_normal_", "eye", "tensor", "Parameter", "array",
                             "asarray", "truncated_normal", "randn_like", "rand_like"})


def fresh_parameter(model: Any, leaf: Leaf) -> bool:
    """A parameter made to be trained: a fresh array (initialiser, random draw), not a copy or a buffer.

    Leaves whose making we did not see (arguments, attributes) count as fresh; an array the
    backward pass writes gradients into (`input_gradient[j] += ...`) is a buffer.
    """
    if leaf.key in model.interp.know.grad_written or leaf.key in model.interp.know.rebound:
        return False
    src = leaf.src
    for _ in range(6):
        if not isinstance(src, Val):
            return True
        if src.op == "init" or src.rg or src.op == "const":
            return True
        if src.op == "copy" and src.args and isinstance(src.args[0], Val) and src.args[0].op == "leaf":
            return False  # out = np.copy(self.biases)
        if src.op in ("mul", "div", "add", "sub", "neg") and src.args:
            src = next((a for a in src.args if isinstance(a, Val) and a.op != "const"), src.args[0])
            continue
        return True
    return True
