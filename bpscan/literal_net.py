"""Worked examples: networks written in named numbers (`w1 = .15`, `i1 = .05`), which names are stepped parameters and
which the data; and the one step of gradient descent a worked example writes into new names (`n_w2 = w2 - alpha * g`)."""

from __future__ import annotations

import ast
import re

#: a learning rate by its name (`lr`, `eta`, `lmb`, `learning_rate`)
_RATE = re.compile(r"^(lr|eta|alpha|lmb|lambda_?|rate|step(_size)?|learning_?rate|l_?rate)\d*$", re.IGNORECASE)


def _number(e: ast.expr) -> bool:
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
        e = e.operand
    return isinstance(e, ast.Constant) and type(e.value) in (int, float)


def _numbers(e: ast.expr) -> bool:
    """A list or tuple written out in numbers, or in rows of numbers: `[0.1, 0.2, -.1]`, `[[.1, .2], [.3, .4]]`."""
    if not isinstance(e, (ast.List, ast.Tuple)) or not e.elts:
        return False
    return all(_number(x) for x in e.elts) or all(isinstance(x, (ast.List, ast.Tuple)) and x.elts and
                                                   all(_number(y) for y in x.elts) for x in e.elts)


def _zeros(e: ast.expr) -> bool:
    """`[0, 0, 0]`: room for sums to come, no values of anything."""
    return all(isinstance(n, ast.Constant) and n.value == 0 for n in ast.walk(e) if isinstance(n, ast.Constant))


def _root(e: ast.expr) -> str | None:
    """`w` of `w[i][j]`."""
    while isinstance(e, ast.Subscript):
        e = e.value
    return e.id if isinstance(e, ast.Name) else None


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


def _subscript_pairs(st: ast.stmt) -> list[tuple[ast.expr, ast.expr]]:
    """(target, value) of `w[i] = w[i] - ...`."""
    if not isinstance(st, ast.Assign):
        return []
    return [(t, st.value) for t in st.targets if isinstance(t, ast.Subscript)]


def _scaled(e: ast.expr) -> bool:
    """A product or quotient somewhere in `e`: a step's size times its gradient."""
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Mult, ast.Div)) for n in ast.walk(e))


def _body(scope: ast.AST) -> list[ast.stmt]:
    """The statements of `scope` itself, not those of the functions and classes it defines."""
    return [n for n in ast.walk(scope) if isinstance(n, ast.stmt) and
            not (n is not scope and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))]


def literal_roles(scope: ast.AST) -> dict[str, str]:
    """Names of `scope`'s own statements bound to a plain number, or to a list written out in numbers: "param"
    for one the code steps by a scaled amount (`w1 = w1 - lr * w1b`, `new_w3 = w3 - lmb * dL_w3`, `b -= lr * db`,
    `weights[i] -= alpha * weight_deltas[i]`; the amount may be a name bound to a product, `weight_delta = delta *
    input; weight = weight - weight_delta`), "data" for one such a parameter multiplies (`i1 * w1`), one taken
    from a computed value (`o1 - t1`, a target), and any other list of numbers beside a stepped list (the samples
    written out). Empty unless something is stepped: numbers elsewhere stay numbers."""
    body = _body(scope)
    literal: set[str] = set()
    lists: set[str] = set()
    products: set[str] = set()
    for st in body:
        for name, value in _pairs(st):
            if _number(value):
                literal.add(name)
            elif _numbers(value) and not _zeros(value):
                lists.add(name)
            elif _scaled(value):
                products.add(name)
    if not literal and not lists:
        return {}

    def scaled(e: ast.expr) -> bool:
        return _scaled(e) or isinstance(e, ast.Name) and e.id in products

    def step(value: ast.expr) -> ast.expr | None:
        """`x` of `x - <scaled>`: what a step is taken from."""
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub) and scaled(value.right):
            return value.left
        return None

    stepped: set[str] = set()
    for st in body:
        for _, value in _pairs(st):
            base = step(value)
            if isinstance(base, ast.Name) and base.id in literal:
                stepped.add(base.id)
        for target, value in _subscript_pairs(st):
            base = step(value)
            if base is not None and ast.dump(base) == ast.dump(target) and _root(target) in lists:
                stepped.add(_root(target))  # type: ignore[arg-type]
        if isinstance(st, ast.AugAssign) and isinstance(st.op, ast.Sub) and scaled(st.value):
            if isinstance(st.target, ast.Name) and st.target.id in literal:
                stepped.add(st.target.id)
            elif isinstance(st.target, ast.Subscript) and _root(st.target) in lists:
                stepped.add(_root(st.target))
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
    if stepped & lists:
        data.update(lists)
    roles = {n: "data" for n in data - stepped if not _RATE.match(n)}
    roles.update({n: "param" for n in stepped})
    return roles


def _rate_scaled(e: ast.expr) -> bool:
    """`alpha * s2 * a1.T`, `lr * dw / m`: a product one of whose factors is a learning rate, by its name or as a
    small number written out."""
    if not (isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Mult, ast.Div))):
        return False
    for n in ast.walk(e):
        if isinstance(n, ast.Name) and _RATE.match(n.id):
            return True
        if isinstance(n, ast.Constant) and type(n.value) is float and 0 < n.value < 1:
            return True
    return False


def unsaved_steps(scope: ast.AST) -> dict[int, str]:
    """`n_w2 = w2 - alpha * s2 * a1.T` of a worked example: the one step of gradient descent it takes, written into
    a new name outside any loop, never copied back into the parameter (nor returned, nor stored), the parameter
    never rebound. Maps the id of each such statement to the name it steps. A step copied back (`w = w_new`) is
    tagged where it lands; one inside a loop that never lands is a parameter never trained, which BP101 reports."""
    body = _body(scope)
    bound: dict[str, int] = {}
    for st in body:
        targets: list[ast.expr] = []
        if isinstance(st, ast.Assign):
            targets = st.targets
        elif isinstance(st, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
            targets = [st.target]
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            targets = [i.optional_vars for i in st.items if i.optional_vars is not None]
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    bound[n.id] = bound.get(n.id, 0) + 1
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for a in scope.args.posonlyargs + scope.args.args + scope.args.kwonlyargs:
            bound[a.arg] = bound.get(a.arg, 0) + 1
    in_loop = {id(n) for st in body if isinstance(st, (ast.For, ast.AsyncFor, ast.While))
               for n in ast.walk(st) if isinstance(n, ast.stmt) and n is not st}
    kept: set[str] = set()  # names handed on: returned, yielded, stored, or copied into another name
    for st in body:
        value = st.value if isinstance(st, (ast.Return, ast.Assign, ast.AnnAssign)) else None
        if isinstance(st, ast.Expr) and isinstance(st.value, (ast.Yield, ast.YieldFrom)):
            value = st.value.value
        if value is None:
            continue
        parts = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
        kept.update(p.id for p in parts if isinstance(p, ast.Name))
    out: dict[int, str] = {}
    for st in body:
        if not isinstance(st, ast.Assign) or len(st.targets) != 1 or not isinstance(st.targets[0], ast.Name) or \
                id(st) in in_loop:
            continue
        name, value = st.targets[0].id, st.value
        if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub) and isinstance(value.left, ast.Name)):
            continue
        base = value.left.id
        if base == name or bound.get(name) != 1 or name in kept or bound.get(base, 0) > 1 or _RATE.match(base) or \
                not _rate_scaled(value.right):
            continue
        out[id(st)] = base
    return out
