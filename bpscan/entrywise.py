"""Array code written entry by entry, read as the whole-array code it spells (`C[i][j] = A[i][j] - B[j][i]` over
every i and j is `C = A - B.T`; `sum(a[i][k] * b[k][j] for k in ...)` is `(a @ b)[i][j]`)."""

from __future__ import annotations

import ast
import copy

#: the operators of an in-place entry write that act on the whole array alike, one entry at a time
_ELEMENTWISE_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div)


def entry_indices(target: ast.expr) -> tuple[ast.expr, tuple[str, ...]] | None:
    """The array and its indices of `X[i][j]`, `X[i, j]` or `X[i][0]` (names, each once, and whole numbers, a
    number written `#0`), else None."""
    names: list[str] = []
    e = target
    while isinstance(e, ast.Subscript):
        parts = e.slice.elts if isinstance(e.slice, ast.Tuple) else [e.slice]
        if not all(isinstance(p, ast.Name) or isinstance(p, ast.Constant) and type(p.value) is int for p in parts):
            return None
        names[:0] = [p.id if isinstance(p, ast.Name) else f"#{p.value}" for p in parts]  # type: ignore[union-attr]
        e = e.value
    walked = [n for n in names if not n.startswith("#")]
    if not walked or len(set(walked)) != len(walked) or not isinstance(e, (ast.Name, ast.Attribute)):
        return None
    return e, tuple(names)


#: the name an index a loop walks is handed on as, to a function applied entry by entry (`func(val, i, j)`)
ENTRY_AXIS = "__bp_entries_{}__"


def entry_axis(name: str) -> int | None:
    """The axis a name made by ENTRY_AXIS stands for every index of, else None."""
    head, _, tail = ENTRY_AXIS.partition("{}")
    if not (name.startswith(head) and name.endswith(tail)):
        return None
    digits = name[len(head):len(name) - len(tail)]
    return int(digits) if digits.isdigit() else None


def whole_statement(st: ast.Assign | ast.AugAssign, walked: frozenset[str],
                    body: list[ast.stmt] | None = None) -> tuple[ast.stmt, list[ast.expr]] | None:
    """The whole-table statement an entry write spells inside loops over `range` binding `walked`, with the
    arrays it reads whole (the caller checks they, and the target, hold arrays, not lists of them), or None.

    Every entry of the right side read at the target's own indices (or, for a table, at the two swapped)
    becomes the whole array (or its transpose); a right side that names a walked index any other way (a
    product summed over `k`, an outer product) is not rewritten. A plain write is rewritten only when it reads
    such an entry (`W[i][j] = random.uniform(-1, 1)` fills the array one draw at a time, which the caller
    reads as it is); an in-place one also when it reads no index (`G[i][j] *= lr` scales the whole array).

    `body`, the innermost loop's statements: a name bound there to the entry before (`val = self.data[i][j]`)
    is the entry too; and an index handed to a function as it is (`self.data[i][j] = func(val, i, j)`) is
    handed on as the axis it walks (ENTRY_AXIS), which the interpreter reads back in the function's subscripts.
    """
    if isinstance(st, ast.Assign):
        if len(st.targets) != 1:
            return None
        target = st.targets[0]
    elif isinstance(st.op, _ELEMENTWISE_OPS):
        target = st.target
    else:
        return None
    found = entry_indices(target)
    # (one index is a row, `z[t] = g(z_[t])` of a recurrence over time steps, which the model reads step by step)
    if found is None or len(found[1]) < 2 or not {n for n in found[1] if not n.startswith("#")} <= walked:
        return None
    root, names = found
    swapped = names[::-1] if len(names) == 2 else None
    lifted: list[ast.expr] = []
    aliases = _entry_aliases(body or [], st, names)
    axes = {n: i for i, n in enumerate(names) if not n.startswith("#")}

    class _Lift(ast.NodeTransformer):
        def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
            got = entry_indices(node)
            if got is not None and got[1] == names:
                lifted.append(got[0])
                return copy.deepcopy(got[0])
            if got is not None and swapped is not None and got[1] == swapped:
                lifted.append(got[0])
                return ast.Attribute(value=copy.deepcopy(got[0]), attr="T", ctx=ast.Load())
            return self.generic_visit(node)

        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id in aliases:
                lifted.append(aliases[node.id])
                return copy.deepcopy(aliases[node.id])
            return node

        def visit_Call(self, node: ast.Call) -> ast.AST:
            self.generic_visit(node)
            node.args = [ast.Name(id=ENTRY_AXIS.format(axes[a.id]), ctx=ast.Load())
                         if isinstance(a, ast.Name) and a.id in axes else a for a in node.args]
            return node

    value = _Lift().visit(copy.deepcopy(st.value))
    if any(isinstance(x, ast.Name) and x.id in found[1] for x in ast.walk(value)):
        return None  # (an index read any other way: a sum over k, an outer product, a position-dependent value)
    if isinstance(st, ast.Assign) and not lifted:
        return None
    whole_target = copy.deepcopy(root)
    whole_target.ctx = ast.Store()
    out: ast.stmt = ast.Assign(targets=[whole_target], value=value) if isinstance(st, ast.Assign) else \
        ast.AugAssign(target=whole_target, op=st.op, value=value)
    ast.copy_location(out, st)
    ast.fix_missing_locations(out)
    out.end_lineno, out.end_col_offset = st.end_lineno, st.end_col_offset
    if hasattr(st, "_bp_mod"):
        out._bp_mod = st._bp_mod  # type: ignore[attr-defined]  # (a statement of another project file)
    return out, [root] + lifted


def _entry_aliases(body: list[ast.stmt], st: ast.stmt, names: tuple[str, ...]) -> dict[str, ast.expr]:
    """Names bound, earlier in the loop's body, to an entry read at `names` (`val = self.data[i][j]`)."""
    out: dict[str, ast.expr] = {}
    for node in body:
        if node is st:
            break
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            got = entry_indices(node.value)
            if got is not None and got[1] == names:
                out[node.targets[0].id] = got[0]
            else:
                out.pop(node.targets[0].id, None)
    return out


def summed_product(call: ast.Call) -> ast.expr | None:
    """`sum(a[i][k] * b[k][j] for k in range(n))` (or a list of them): the entry `(a @ b)[i][j]` of the product
    it sums, a dot product written out; None for any other call."""
    if not (isinstance(call.func, ast.Name) and call.func.id == "sum" and len(call.args) == 1 and not call.keywords
            and isinstance(call.args[0], (ast.ListComp, ast.GeneratorExp))):
        return None
    comp = call.args[0]
    if len(comp.generators) == 1 and not comp.generators[0].ifs and (pair := _zipped_pair(comp)) is not None:
        # `sum(w_i * x_i for w_i, x_i in zip(w, x))`, `sum(w[k] * x[k] for k in range(n))`: the dot product w @ x
        out = ast.BinOp(left=copy.deepcopy(pair[0]), op=ast.MatMult(), right=copy.deepcopy(pair[1]))
        ast.copy_location(out, call)
        return ast.fix_missing_locations(out)
    if len(comp.generators) != 1 or comp.generators[0].ifs or not isinstance(comp.generators[0].target, ast.Name):
        return None
    it = comp.generators[0].iter
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range"):
        return None
    k = comp.generators[0].target.id
    elt = comp.elt
    if not (isinstance(elt, ast.BinOp) and isinstance(elt.op, ast.Mult)):
        return None
    left, right = _two_indices(elt.left), _two_indices(elt.right)
    if left is None or right is None or left[2] != k or right[1] != k or k in (left[1], right[2]) or \
            any(isinstance(n, ast.Name) and n.id == k for x in (left[0], right[0]) for n in ast.walk(x)):
        return None
    product = ast.BinOp(left=copy.deepcopy(left[0]), op=ast.MatMult(), right=copy.deepcopy(right[0]))
    row = ast.Subscript(value=product, slice=ast.Name(id=left[1], ctx=ast.Load()), ctx=ast.Load())
    out = ast.Subscript(value=row, slice=ast.Name(id=right[2], ctx=ast.Load()), ctx=ast.Load())
    ast.copy_location(out, call)
    return ast.fix_missing_locations(out)


def _zipped_pair(comp: ast.ListComp | ast.GeneratorExp) -> tuple[ast.expr, ast.expr] | None:
    """The two vectors whose elements the comprehension multiplies pairwise, or None."""
    gen, elt = comp.generators[0], comp.elt
    if not (isinstance(elt, ast.BinOp) and isinstance(elt.op, ast.Mult)):
        return None
    it, target = gen.iter, gen.target
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "zip" and len(it.args) == 2 and \
            not it.keywords and isinstance(target, ast.Tuple) and len(target.elts) == 2 and \
            all(isinstance(t, ast.Name) for t in target.elts):
        names = [t.id for t in target.elts]  # type: ignore[attr-defined]
        sides = [elt.left.id if isinstance(elt.left, ast.Name) else None,
                 elt.right.id if isinstance(elt.right, ast.Name) else None]
        if sorted(names) == sorted(s for s in sides if s is not None) and names[0] != names[1]:
            return (it.args[0], it.args[1]) if sides[0] == names[0] else (it.args[1], it.args[0])
        return None
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and \
            isinstance(target, ast.Name):
        k = target.id
        ends = [e.value if isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Name) and e.slice.id == k else None
                for e in (elt.left, elt.right)]
        if all(e is not None for e in ends) and not any(
                isinstance(n, ast.Name) and n.id == k for e in ends for n in ast.walk(e)):  # type: ignore[arg-type]
            return ends[0], ends[1]  # type: ignore[return-value]
    return None


def _two_indices(e: ast.expr) -> tuple[ast.expr, str, str] | None:
    """`x[a][b]` or `x[a, b]` with two names: (x, a, b), else None."""
    if isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Tuple) and len(e.slice.elts) == 2 and \
            all(isinstance(p, ast.Name) for p in e.slice.elts):
        return e.value, e.slice.elts[0].id, e.slice.elts[1].id  # type: ignore[attr-defined]
    if isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Name) and isinstance(e.value, ast.Subscript) and \
            isinstance(e.value.slice, ast.Name):
        return e.value.value, e.value.slice.id, e.slice.id
    return None
