"""Steps along an engine's `.grad` (`p.data -= lr * p.grad`), their direction, and the loops that reset the
gradients."""

from __future__ import annotations

import ast
import re

from bpscan.engines.facts import DATA_ATTRS, EngineModel, GRAD_ATTRS, Step, _is_zero
from bpscan.terms import callee_name


def _steps(tree: ast.Module) -> list[Step]:
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    negative = _negative_names(tree)
    out = []
    for st in ast.walk(tree):
        step = _step_of(st, negative)
        if step is None:
            continue
        param, direction = step
        loops = []
        cur = parents.get(id(st))
        while cur is not None and not isinstance(cur, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            if isinstance(cur, (ast.For, ast.While)):
                loops.append(cur)
            cur = parents.get(id(cur))
        in_function = cur is not None and not isinstance(cur, ast.Module)
        out.append(Step(st, param, direction, tuple(loops), in_function,
                        in_function and _differentiates_output(cur, st)))
    return out


#: names that say a value is a loss (what a training step differentiates)
_LOSS_NAME = re.compile(r"(loss|cost|err|nll|objective|risk|energy|criterion)", re.IGNORECASE)


def _differentiates_output(func: ast.AST, step: ast.stmt) -> bool:
    """The last `.backward()` before `step` in `func` is of a value the function took straight from a forward call
    (`out = outputs(net(x))[0]`, `net(x).backward()`): no target, no comparison, no loss-named callee, so what is
    differentiated is the output itself, and a step along its gradient raises it on purpose."""
    calls = [n for n in ast.walk(func) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
             n.func.attr == "backward" and not n.args and not n.keywords and n.lineno < step.lineno]
    if not calls:
        return False
    root = max(calls, key=lambda n: (n.lineno, n.col_offset)).func.value
    if isinstance(root, ast.Name):
        if _LOSS_NAME.search(root.id):
            return False
        defs = [st for st in ast.walk(func) if isinstance(st, ast.Assign) and st.lineno < step.lineno and
                any(isinstance(t, ast.Name) and t.id == root.id for t in st.targets)]
        if len(defs) != 1 or len(defs[0].targets) != 1:
            return False
        root = defs[0].value
    return _raw_output(root) and not any(
        _LOSS_NAME.search(n.id if isinstance(n, ast.Name) else n.attr)
        for n in ast.walk(root) if isinstance(n, (ast.Name, ast.Attribute)))


def _raw_output(v: ast.AST) -> bool:
    """A chain of calls of one argument and of picks (`outputs(net(x))[0]`) ending in a forward call."""
    seen_call = False
    while True:
        if isinstance(v, ast.Subscript):
            v = v.value
        elif isinstance(v, ast.Call) and len(v.args) <= 1 and not v.keywords:
            name = callee_name(v.func) or ""
            if _LOSS_NAME.search(name):
                return False
            seen_call = True
            if not v.args:
                return True
            v = v.args[0]
        else:
            return seen_call and isinstance(v, (ast.Name, ast.List, ast.Tuple, ast.Attribute))


def _step_of(st: ast.AST, negative: set[str]) -> tuple[str, int | None] | None:
    """`p.data += -lr * p.grad`, `p.data -= lr * p.grad`, `p.data = p.data - lr * p.grad`."""
    if isinstance(st, ast.AugAssign) and isinstance(st.op, (ast.Add, ast.Sub)):
        t, value, op_sign = st.target, st.value, 1 if isinstance(st.op, ast.Add) else -1
    elif isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.value, ast.BinOp) and \
            isinstance(st.value.op, (ast.Add, ast.Sub)) and ast.unparse(st.value.left) == ast.unparse(st.targets[0]):
        t, value, op_sign = st.targets[0], st.value.right, 1 if isinstance(st.value.op, ast.Add) else -1
    else:
        return None
    if not (isinstance(t, ast.Attribute) and t.attr in DATA_ATTRS):
        return None
    base = ast.unparse(t.value)
    grads = [n for n in ast.walk(value) if isinstance(n, ast.Attribute) and n.attr in GRAD_ATTRS and
             ast.unparse(n.value) == base]
    if len(grads) != 1:
        return None
    s = _sign_of(value, grads[0], negative)
    return base, (op_sign * s if s is not None else None)


def _sign_of(node: ast.AST, grad: ast.AST, negative: set[str]) -> int | None:
    """The sign with which `grad` enters `node` (names are positive unless the file gives them a negative value)."""
    if node is grad:
        return 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        s = _sign_of(node.operand, grad, negative)
        return -s if s is not None else None
    if isinstance(node, ast.BinOp):
        left_has = any(n is grad for n in ast.walk(node.left))
        inner, other = (node.left, node.right) if left_has else (node.right, node.left)
        s = _sign_of(inner, grad, negative)
        if s is None:
            return None
        if isinstance(node.op, (ast.Mult, ast.Div)):
            if isinstance(node.op, ast.Div) and not left_has:
                return None
            o = _factor_sign(other, negative)
            return s * o if o is not None else None
        if isinstance(node.op, ast.Add):
            return s
        if isinstance(node.op, ast.Sub):
            return s if left_has else -s
    return None


def _factor_sign(node: ast.AST, negative: set[str]) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return (node.value > 0) - (node.value < 0) or None
    if isinstance(node, ast.Name):
        return -1 if node.id in negative else 1
    if isinstance(node, ast.Attribute):
        return 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        s = _factor_sign(node.operand, negative)
        return -s if s is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        a, b = _factor_sign(node.left, negative), _factor_sign(node.right, negative)
        return a * b if a is not None and b is not None else None
    return None


def _negative_names(tree: ast.Module) -> set[str]:
    """Names the file gives a negative constant (`lr = -0.01`): a step rate that is negative."""
    out = set()
    for st in ast.walk(tree):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            v = st.value
            if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub) and isinstance(v.operand, ast.Constant):
                out.add(st.targets[0].id)
            elif isinstance(v, ast.Constant) and isinstance(v.value, (int, float)) and v.value < 0:
                out.add(st.targets[0].id)
    return out


def _loops(tree: ast.Module, model: EngineModel) -> None:
    """Each step's training loop (the innermost loop around it that calls `.backward()` with no argument), and
    whether anything in that loop resets the gradients."""
    # functions and methods of the module that reset gradients: a loop calling one (`train_step()`) resets them
    resetters = {f.name for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and
                 any(_resets(n) for n in ast.walk(f))}
    for s in model.steps:
        for loop in s.loops:
            inner = list(ast.walk(loop))
            if not any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and
                       n.func.attr == "backward" and not n.args and not n.keywords for n in inner):
                continue
            if not any(_resets(n) or isinstance(n, ast.Call) and callee_name(n.func) in resetters for n in inner):
                model.unreset.append((s, loop))
            break


def _resets(n: ast.AST) -> bool:
    return isinstance(n, ast.Assign) and _zeroes_grad(n) or isinstance(n, ast.Call) and _reset_call(n)


def _zeroes_grad(st: ast.Assign) -> bool:
    """`p.grad = 0.0`, `p.grad = np.zeros_like(p.data)`, `p.grad *= 0`-like products, `w.grad, b.grad = 0.0, 0.0`."""
    if len(st.targets) == 1 and isinstance(st.targets[0], ast.Tuple) and isinstance(st.value, ast.Tuple) and \
            len(st.targets[0].elts) == len(st.value.elts):
        return any(isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS and _is_zero(v)
                   for t, v in zip(st.targets[0].elts, st.value.elts))
    return _zeroes_one(st)


def _zeroes_one(st: ast.Assign) -> bool:
    if not any(isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS for t in st.targets):
        return False
    v = st.value
    return _is_zero(v) or isinstance(v, ast.BinOp) and isinstance(v.op, ast.Mult) and \
        any(_is_zero(x) for x in (v.left, v.right))


def _reset_call(n: ast.Call) -> bool:
    name = callee_name(n.func) or ""
    low = name.lower()
    return "zero" in low or "reset" in low or "clear" in low or (name == "fill" and n.args and _is_zero(n.args[0]))
