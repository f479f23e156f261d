"""Networks written in named numbers (`w1 = .15`, `i1 = .05`): which names are stepped parameters, which the data."""

from __future__ import annotations

import ast
import re

#: a learning rate by its name (`lr`, `eta`, `lmb`, `learning_rate`)
_RATE = re.compile(r"^(lr|eta|alpha|lmb|lambda_?|rate|step(_size)?|learning_?rate|l_?rate)\d*$", re.IGNORECASE)


def _number(e: ast.expr) -> bool:
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
        e = e.operand
    return isinstance(e, ast.Constant) and type(e.value) in (int, float)


def _pairs(st: ast.stmt) -> list[tuple[str, ast.expr]]:
    """(name, value) of each name an assignment binds one value to: `a = 1`, `a, b = 1, 2`."""
    if not isinstance(st, ast.Assign):
        return []
    out = []
    for t in st.targets:
        if isinstance(t, ast.Name):
            out.append((t.id, st.value))
        elif isinstance(t, ast.Tuple) and isinstance(st.value, ast.Tuple) and len(t.elts) == len(st.value.elts):
            out.extend((x.id, v) for x, v in zip(t.elts, st.value.elts) if isinstance(x, ast.Name))
    return out


def _scaled(e: ast.expr) -> bool:
    """A product or quotient somewhere in `e`: a step's size times its gradient."""
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Mult, ast.Div)) for n in ast.walk(e))


def literal_roles(scope: ast.AST) -> dict[str, str]:
    """Names of `scope`'s own statements bound to a plain number: "param" for one the code steps by a scaled
    amount (`w1 = w1 - lr * w1b`, `new_w3 = w3 - lmb * dL_w3`, `b -= lr * db`), "data" for one such a parameter
    multiplies (`i1 * w1`) or one taken from a computed value (`o1 - t1`, a target). Empty unless something is
    stepped: numbers elsewhere stay numbers."""
    body = [n for n in ast.walk(scope) if isinstance(n, ast.stmt) and
            not (n is not scope and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))]
    literal: set[str] = set()
    for st in body:
        for name, value in _pairs(st):
            if _number(value):
                literal.add(name)
    if not literal:
        return {}
    stepped: set[str] = set()
    for st in body:
        for _, value in _pairs(st):
            if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub) and isinstance(value.left, ast.Name) \
                    and value.left.id in literal and _scaled(value.right):
                stepped.add(value.left.id)
        if isinstance(st, ast.AugAssign) and isinstance(st.op, ast.Sub) and isinstance(st.target, ast.Name) and \
                st.target.id in literal and _scaled(st.value):
            stepped.add(st.target.id)
    stepped = {n for n in stepped if not _RATE.match(n)}
    if not stepped:
        return {}
    data: set[str] = set()
    for n in ast.walk(scope):
        if not isinstance(n, ast.BinOp) or not isinstance(n.left, ast.Name) or not isinstance(n.right, ast.Name):
            continue
        a, b = n.left.id, n.right.id
        if isinstance(n.op, ast.Mult):
            # `i1 * w1`: the number a parameter multiplies is an input
            data.update(x for x, y in ((a, b), (b, a)) if y in stepped and x in literal)
        elif isinstance(n.op, ast.Sub):
            # `o1 - t1`, `yhat - y`: a number compared with a computed value is a target
            data.update(x for x, y in ((a, b), (b, a)) if x in literal and y not in literal)
    roles = {n: "data" for n in data - stepped if not _RATE.match(n)}
    roles.update({n: "param" for n in stepped})
    return roles
