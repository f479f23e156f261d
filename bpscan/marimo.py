"""Read a marimo notebook (a `.py` file of `@app.cell` functions) as the script its cells make when run."""

from __future__ import annotations

import ast


def is_marimo(tree: ast.Module) -> bool:
    """`app = marimo.App(...)` at the top level and at least one `@app.cell` function."""
    app = _app_name(tree)
    return app is not None and any(_cell_kind(st, app) == "cell" for st in tree.body)


def as_script(tree: ast.Module) -> ast.Module:
    """The notebook's statements in the order marimo runs them: each cell's body (its trailing `return` of the
    names it defines dropped) after the cells defining the names it takes as parameters; `with app.setup:` first;
    `@app.function` and `@app.class_definition` definitions kept as plain ones. Nodes keep their lines, so tags and
    findings fall on the notebook's own lines."""
    app = _app_name(tree)
    assert app is not None
    setup: list[ast.stmt] = []
    cells: list[tuple[list[ast.stmt], set[str], set[str]]] = []  # (body, names taken, names given)
    for st in tree.body:
        kind = _cell_kind(st, app)
        if kind == "setup":
            setup.extend(st.body)  # type: ignore[attr-defined]
        elif kind == "cell":
            assert isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef))
            body = list(st.body)
            given: set[str] = set()
            if body and isinstance(body[-1], ast.Return):
                given = _returned_names(body.pop())
            taken = {a.arg for a in st.args.posonlyargs + st.args.args + st.args.kwonlyargs}
            cells.append((body or [ast.Pass(lineno=st.lineno, col_offset=0)], taken, given))
        elif kind == "definition":
            assert isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            st.decorator_list = [d for d in st.decorator_list if not _is_app_attr(d, app)]
            setup.append(st)
        elif not _scaffolding(st, app):
            setup.append(st)
    body = setup + [s for i in _run_order(cells) for s in cells[i][0]]
    return ast.Module(body=body, type_ignores=tree.type_ignores)


def _run_order(cells: list[tuple[list[ast.stmt], set[str], set[str]]]) -> list[int]:
    """Cells after the cells that give the names they take, otherwise in file order; a cycle (which marimo refuses
    to run) is broken where it closes."""
    giver: dict[str, int] = {}
    for i, (_, _, given) in enumerate(cells):
        for name in given:
            giver.setdefault(name, i)
    deps = [sorted({giver[n] for n in taken if n in giver and giver[n] != i}) for i, (_, taken, _) in enumerate(cells)]
    order: list[int] = []
    seen = [False] * len(cells)
    for first in range(len(cells)):
        if seen[first]:
            continue
        # depth first with an explicit stack: a notebook may hold hundreds of chained cells
        seen[first] = True
        stack = [(first, iter(deps[first]))]
        while stack:
            j, rest = stack[-1]
            nxt = next(rest, None)
            if nxt is None:
                stack.pop()
                order.append(j)
            elif not seen[nxt]:
                seen[nxt] = True
                stack.append((nxt, iter(deps[nxt])))
    return order


def _returned_names(ret: ast.stmt) -> set[str]:
    v = ret.value if isinstance(ret, ast.Return) else None
    elts = v.elts if isinstance(v, ast.Tuple) else [v] if v is not None else []
    return {e.id for e in elts if isinstance(e, ast.Name)}


def _app_name(tree: ast.Module) -> str | None:
    for st in tree.body:
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
                isinstance(st.value, ast.Call) and isinstance(st.value.func, ast.Attribute) and \
                st.value.func.attr == "App" and isinstance(st.value.func.value, ast.Name) and \
                st.value.func.value.id == "marimo":
            return st.targets[0].id
    return None


def _is_app_attr(d: ast.expr, app: str, attrs: tuple[str, ...] = ("cell", "function", "class_definition")) -> bool:
    """`@app.cell`, `@app.cell(hide_code=True)`, `@app.function`..."""
    if isinstance(d, ast.Call):
        d = d.func
    return isinstance(d, ast.Attribute) and d.attr in attrs and isinstance(d.value, ast.Name) and d.value.id == app


def _cell_kind(st: ast.stmt, app: str) -> str | None:
    if isinstance(st, ast.With) and len(st.items) == 1 and \
            _is_app_attr(st.items[0].context_expr, app, ("setup",)):
        return "setup"
    if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        if any(_is_app_attr(d, app, ("cell",)) for d in st.decorator_list) and not isinstance(st, ast.ClassDef):
            return "cell"
        if any(_is_app_attr(d, app) for d in st.decorator_list):
            return "definition"
    return None


def _scaffolding(st: ast.stmt, app: str) -> bool:
    """`import marimo`, `__generated_with = ...`, `app = marimo.App(...)` and `if __name__ == "__main__": app.run()`:
    the notebook's frame, nothing of the program its cells make."""
    if isinstance(st, ast.Import):
        return all(a.name == "marimo" for a in st.names)
    if isinstance(st, ast.Assign):
        names = [t.id for t in st.targets if isinstance(t, ast.Name)]
        return names in (["__generated_with"], [app])
    return isinstance(st, ast.If) and any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "run" and
        isinstance(n.func.value, ast.Name) and n.func.value.id == app for n in ast.walk(st))
