"""Helpers the rules share to read the model and to build findings that explain themselves."""

from __future__ import annotations

import ast
import copy
import re
import os
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Iterable

from bpscan.results import Finding, Related
from bpscan.runtime import StmtInfo
from bpscan.terms import GRADIENT_SLOTS, copy_source, unscaled
from bpscan.values import Leaf, Unit, Val, render

from bpscan.rules.vocabulary import F1_FORMULA


@dataclass(frozen=True, slots=True)
class Place:
    """A line and the project file it is in (`mod`: None for the file analysed), like a StmtInfo's."""

    line: int
    mod: str | None = None


def place(model: Any, line: int | None, *hints: str | None) -> Place:
    """Where a bare line number (a layer's, a parameter's) is: the first hinted file with a statement
    starting on it, else the one file that has such a statement, else the file analysed.

    The model keeps some lines without their file; a line of layers.py must not be shown in train.py.
    """
    if not line:
        return Place(0, None)
    index = getattr(model, "_starts_index", None)
    if index is None:
        index = {}
        for info in model.interp.stmts.values():
            index.setdefault(info.line, set()).add(info.mod)
        model._starts_index = index
    mods = index.get(line, set())
    for hint in hints:
        if hint in mods:
            return Place(line, hint)
    if len(mods) == 1:
        return Place(line, next(iter(mods)))
    return Place(line, None)


def layer_place(lay: Any) -> Place:
    """Where a layer's forward product is (its statement's file)."""
    stmt = getattr(lay, "stmt", None)
    return Place(lay.line, stmt.mod if stmt is not None and stmt.line == lay.line else None)


def activation_place(model: Any, unit: Any) -> Place:
    """Where a unit's activation is applied, else its first forward product."""
    if not unit.act_line:
        return layer_place(unit.layers[0]) if unit.layers else Place(unit.line, None)
    if unit.act_stmt is not None and unit.act_stmt.line == unit.act_line:
        return Place(unit.act_line, unit.act_stmt.mod)
    # the interpreter reports the activation at the call site in the function that made the
    # pre-activation: that function's file
    hints = [unit.preact.stmt.mod] if unit.preact is not None and unit.preact.stmt is not None else []
    hints += [lay.stmt.mod for lay in unit.layers if lay.stmt is not None]
    return place(model, unit.act_line, *hints)


def line_ref(model: Any, where: Any, stmt: Any) -> str:
    """`line 40` for a line in the statement's own file, `line 40 of two_layer.py` for another file's.

    A finding may be reported in another file than the line it cites (engine.rehome): a bare
    `line 40` would then point into the wrong file.
    """
    mod = getattr(where, "mod", None)
    if mod == getattr(stmt, "mod", None):
        return f"line {where.line}"
    name = os.path.basename(mod if mod is not None else model.interp.path or "")
    return f"line {where.line} of {name}" if name else f"line {where.line}"


def syntax_stmt(node: ast.stmt) -> StmtInfo:
    """A statement read from the syntax alone (an autograd engine's), in the form the finding helpers take."""
    return StmtInfo(node, -1, None, ())


def finding(rule: ModuleType, stmt: Any, message: str, expected: str | None = None,
            related: Iterable[tuple[Any, str]] = (), confidence: str = "high",
            insert_after: int | None = None, move_before: int | None = None) -> Finding:
    """A finding of `rule` spanning statement `stmt` (a StmtInfo).

    Each related entry is (where, message): `where` is a StmtInfo or a Place (a line with its
    file), or a bare line of the file analysed. With `insert_after`, `expected` is a statement to add
    after that line rather than to paste over `stmt`.
    """
    places = ((w, msg) if hasattr(w, "line") else (Place(w or 0), msg) for w, msg in related)
    keyed = dict.fromkeys((w.line, getattr(w, "mod", None), msg) for w, msg in places)
    rel = tuple(Related(line, msg, path=mod) for line, mod, msg in keyed if line)
    return Finding(
        code=rule.CODE, name=rule.NAME, severity=rule.SEVERITY,
        line=stmt.line, column=stmt.col, end_line=stmt.end_line, end_column=stmt.end_col,
        message=message, expected=expected, related=rel, confidence=confidence,
        path=getattr(stmt, "mod", None), insert_after=insert_after, move_before=move_before,
    )


def other_branch(e: Any, unit: Unit | None) -> bool:
    """The statement runs in one branch of an undecided choice (`if cell == "rnn": ... elif cell == "lstm":`)
    and the unit its delta is matched with was made in another branch of it: they never meet at run time."""
    if unit is None:
        return False
    made = dict(unit.choice)
    return any(s in made and made[s] != i for s, i in e.info.get("choice", ()))


def shape_guarded(model: Any, stmt: Any) -> bool:
    """The statement sits in a branch chosen by the operands' shapes (`if len(x) == len(dLdy[0]):
    dLdW = dLdy @ x else: dLdW = dLdy @ x.T`): its author lays the operands out by what they are at run time, so
    how each stands is not fixed by the forward pass."""
    if getattr(stmt, "mod", None) is not None:
        return False
    scope = stmt.func if stmt.func is not None else model.tree
    for node in ast.walk(scope):
        if isinstance(node, ast.If) and any(stmt.node is s for part in (node.body, node.orelse) for s in part) and \
                any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "len" or
                    isinstance(n, ast.Attribute) and n.attr in ("shape", "ndim") for n in ast.walk(node.test)):
            return True
    return False


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
    if not unit.layers:
        return f"the {unit.act()} layer"  # an activation layer of its own (relu_forward, class Tanh)
    weights = ", ".join(lay.weight.name for lay in unit.layers)
    return f"layer {unit.index} ({weights}, {unit.act()})"


def f1_formula(unit: Unit, delta: str = "delta", error: str = "error", output: str | None = None) -> str:
    """Formula 1 for the unit, in the code's names (`output`: the layer's output as the statement writes it)."""
    pre, post = unit.names()
    z, y = output or post or "z", pre or "y"
    # an activation of the file's own (`elu`): its derivative by name, applied to the pre-activation
    form = F1_FORMULA.get(unit.act(), "{d} = " + unit.act() + "'({y}) * {e}")
    return form.format(d=delta, z=z, y=y, e=error)


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
        if term.adj is not None and term.adj.pos == "b" and inner[0].adj.pos != "b" and \
                inner[0].adj.sign != term.adj.sign:
            break  # `np.sum(e)` of a threshold the forward subtracts: the sum is its gradient, e the opposite
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
    text = name_of(err)
    # (a name, an attribute, or an entry a string key names, `batch['e2']`, needs no parentheses)
    plain = re.sub(r"\[('|\")\w+\1\]", "", text)
    return text if plain.replace(".", "").replace("_", "").isalnum() else f"({text})"


def target_of(stmt: Any) -> str:
    node = stmt.node
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        # (`dW[:, j] = ...` is dW's; `batch["d2"] = ...` stays the entry the code names)
        while isinstance(target, ast.Subscript) and _entry_text(target) is None:
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


#: torch's in-place steps of a parameter: p.data.add_(g, alpha=-lr), p.addcdiv_(m, d, value=-lr)
_INPLACE_STEPS = frozenset({"add_", "sub_", "addcdiv_", "addcmul_"})


def negated(v: ast.expr) -> ast.expr:
    """`-x` of `x`, `x` of `-x`; a product's leading factor negated (`-lr * g`, not `-(lr * g)`)."""
    if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub):
        return v.operand
    if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Mult, ast.Div)):
        return ast.BinOp(left=negated(v.left), op=v.op, right=v.right)
    return ast.UnaryOp(ast.USub(), v)


def _flipped_inplace(call: ast.Call) -> str | None:
    """`p.data.add_(g, alpha=lr)` turned round: its scale (`alpha=`, `value=`, or the older leading number) negated,
    or add_ and sub_ swapped when nothing scales the step."""
    import copy

    new = copy.deepcopy(call)
    kw = next((k for k in new.keywords if k.arg in ("alpha", "value")), None)
    name = new.func.attr  # type: ignore[attr-defined]
    if kw is not None:
        kw.value = negated(kw.value)
    elif name in ("add_", "sub_") and len(new.args) == 1:
        new.func.attr = "sub_" if name == "add_" else "add_"  # type: ignore[attr-defined]
    elif name in ("add_", "sub_") and len(new.args) == 2 or name in ("addcdiv_", "addcmul_") and len(new.args) == 3:
        new.args[0] = negated(new.args[0])
    else:
        return None
    return ast.unparse(new)


def expected_flip(stmt: Any) -> str | None:
    """The update statement with its direction reversed."""
    node = stmt.node
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Sub) and \
            _text(node.target) in {_text(n) for n in ast.walk(node.value) if isinstance(n, (ast.Name, ast.Attribute,
                                                                                            ast.Subscript))}:
        # `b -= np.subtract(b, lr * db)`: the new value written out in full, then taken away - the step meant
        # is the plain assignment, not the other direction
        return ast.unparse(ast.Assign(targets=[node.target], value=node.value, lineno=0))
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
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute) \
            and node.value.func.attr in _INPLACE_STEPS:
        return _flipped_inplace(node.value)
    if isinstance(node, ast.Assign) and isinstance(node.value, (ast.ListComp, ast.GeneratorExp)) and \
            isinstance(node.value.elt, ast.BinOp) and isinstance(node.value.elt.op, (ast.Add, ast.Sub)):
        # self.weights = [w - eta * nw for w, nw in zip(...)]: flip the step inside the comprehension
        import copy

        flipped = copy.deepcopy(node)
        elt = flipped.value.elt  # type: ignore[attr-defined]
        elt.op = ast.Sub() if isinstance(elt.op, ast.Add) else ast.Add()
        return ast.unparse(flipped)
    if isinstance(node, (ast.Assign, ast.Return)) and isinstance(node.value, ast.BinOp) and \
            isinstance(node.value.op, (ast.Add, ast.Sub)):
        # `W = W + lr * dW`, or `return weight_tensor + lr * gradient_tensor` of an update rule that
        # returns the new weights: the same statement with the step's sign turned
        v = node.value
        op = ast.Sub() if isinstance(v.op, ast.Add) else ast.Add()
        flipped = ast.BinOp(left=v.left, op=op, right=v.right)
        if isinstance(node, ast.Return):
            return ast.unparse(ast.Return(value=flipped))
        return ast.unparse(ast.Assign(targets=node.targets, value=flipped, lineno=0))
    return None


def fresh_parameter(model: Any, leaf: Leaf) -> bool:
    """A parameter made to be trained: a fresh array (initialiser, random draw), not a copy or a buffer.

    Leaves whose making we did not see (arguments, attributes) count as fresh; an array the
    backward pass writes gradients into (`input_gradient[j] += ...`) is a buffer.
    """
    if leaf.key in model.interp.know.grad_written or leaf.key in model.interp.know.rebound:
        return False
    if not isinstance(leaf.src, Val):
        return True
    # out = np.copy(self.biases): a copy of another array
    return copy_source(unscaled(leaf.src)) is None


def _text(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:
        return ""


def rewrite(stmt: Any, change: Any) -> str | None:
    """The flagged statement with `change` applied to a copy of its syntax tree: a whole statement in the
    file's own names and library, ready to paste over the old one; None when `change` finds nothing.
    """
    node = stmt.node
    if not isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return)):
        return None
    import copy

    tree = copy.deepcopy(node)
    if not change(tree):
        return None
    text = _text(tree)
    return text or None


def _operands(tree: ast.AST) -> Iterable[tuple[ast.AST, str, ast.AST]]:
    """(parent, field, operand) for each operand of a matrix product in a tree: a @ b, np.dot(a, b), a.dot(b)."""
    for parent in ast.walk(tree):
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.MatMult):
            yield parent, "left", parent.left
            yield parent, "right", parent.right
        elif isinstance(parent, ast.Call):
            f = parent.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in ("dot", "matmul", "mm", "outer", "tensordot"):
                if isinstance(f, ast.Attribute) and len(parent.args) == 1:
                    yield f, "value", f.value
                for i, a in enumerate(parent.args[:2]):
                    yield parent, f"args[{i}]", a


def _replace(parent: ast.AST, field: str, new: ast.AST) -> None:
    if field.startswith("args["):
        parent.args[int(field[5:-1])] = new  # type: ignore[attr-defined]
    else:
        setattr(parent, field, new)


def _is_transposed(node: ast.AST) -> ast.AST | None:
    """`x.T`, `x.t()`, `x.transpose()`, `np.transpose(x)`: the x inside, else None."""
    if isinstance(node, ast.Attribute) and node.attr in ("T", "mT"):
        return node.value
    if isinstance(node, ast.Call) and not node.args and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("t", "transpose"):
        return node.func.value
    if isinstance(node, ast.Call) and len(node.args) == 1 and _text(node.func) in ("np.transpose", "numpy.transpose"):
        return node.args[0]
    if isinstance(node, ast.Call) and _batch_transpose(node):
        return node.args[0]  # np.transpose(x, [0, 2, 1]): a batch of matrices, each transposed
    return None


def _batch_transpose(node: ast.AST) -> bool:
    """`np.transpose(x, [0, 2, 1])`: every matrix of a batch transposed, the batch axes kept."""
    return isinstance(node, ast.Call) and len(node.args) == 2 and \
        _text(node.func) in ("np.transpose", "numpy.transpose") and _last_two_swapped(node.args[1])


def _last_two_swapped(axes: ast.AST) -> bool:
    """`[0, 2, 1]`, `(0, 1, 3, 2)`: an axis order that swaps the last two axes and keeps the others."""
    if not isinstance(axes, (ast.List, ast.Tuple)) or len(axes.elts) < 3 or \
            not all(isinstance(e, ast.Constant) and isinstance(e.value, int) for e in axes.elts):
        return False
    order = [e.value for e in axes.elts]  # type: ignore[attr-defined]
    n = len(order)
    return order == list(range(n - 2)) + [n - 1, n - 2]


def batch_transpose_idiom(func: ast.AST | None) -> str | None:
    """How a function transposes its batches of matrices, when it does (`np.transpose(x, [0, 2, 1])`): a template
    for the transpose a fix adds, so that it is spelt as the file spells its others (a `.T` would reverse every axis
    of a 3-D array)."""
    for node in ast.walk(func) if func is not None else ():
        if isinstance(node, ast.Call) and _batch_transpose(node):
            return f"{_text(node.func)}({{}}, {ast.unparse(node.args[1])})"
    return None


def _toggle(parent: ast.AST, field: str, op: ast.AST, transposed: bool, name: str | None = None,
            idiom: str | None = None) -> bool:
    """Drop the `.T` of a transposed operand, or add one to a plain operand (spelt `name`, when given; as `idiom`
    spells a transpose, when given)."""
    inner = _is_transposed(op)
    if transposed and inner is not None and (name is None or _text(inner) == name):
        _replace(parent, field, inner)
        return True
    if not transposed and inner is None and (name is None or _text(op) == name):
        new = ast.parse(idiom.format(_text(op)), mode="eval").body if idiom else \
            ast.Attribute(value=op, attr="T", ctx=ast.Load())
        _replace(parent, field, new)
        return True
    return False


def toggle_transpose(name: str, transposed: bool = False, idiom: str | None = None) -> Any:
    """A change for `rewrite`: the operand `name` of a matrix product gets `.T` (or `idiom`'s spelling) or loses it."""
    def change(tree: ast.AST) -> bool:
        return any(_toggle(parent, field, op, transposed, name, idiom) for parent, field, op in list(_operands(tree)))
    return change


def toggle_partner(other: str, transposed: bool = False) -> Any:
    """A change for `rewrite`: in the matrix product of `other` with one more operand, that operand gets `.T`
    (or loses it) - the weight of `np.matmul(weights["W{}".format(i + 1)], dz)`, however it is spelt."""
    def change(tree: ast.AST) -> bool:
        ops = list(_operands(tree))
        for (pa, fa, a), (pb, fb, b) in zip(ops, ops[1:]):
            if not (pa is pb or isinstance(pa, ast.Attribute) and getattr(pb, "func", None) is pa):
                continue  # two operands of one product: its left and right
            for (parent, field, op), partner in (((pa, fa, a), b), ((pb, fb, b), a)):
                if _text(partner) == other and _toggle(parent, field, op, transposed):
                    return True
        return False
    return change


def swap_operand(old: str, new: str) -> Any:
    """A change for `rewrite`: the operand named `old` of a matrix product becomes `new` (keeping a `.T`)."""
    def change(tree: ast.AST) -> bool:
        for parent, field, op in list(_operands(tree)):
            inner = _is_transposed(op)
            target = inner if inner is not None else op
            if _text(target) == old:
                try:
                    repl = ast.parse(new, mode="eval").body
                except SyntaxError:
                    return False  # `new` is no expression the file could hold: offer no rewrite
                if inner is not None:
                    for p2 in ast.walk(op):
                        for f2, v2 in ast.iter_fields(p2):
                            if v2 is inner:
                                setattr(p2, f2, repl)
                                return True
                _replace(parent, field, repl)
                return True
        return False
    return change


def add_axis(delta: str | None, axis: int, keepdims: bool) -> Any:
    """A change for `rewrite`: `d.sum()` / `np.sum(d)` over the batch axis only (with delta None, the sum of
    whatever the statement sums: `np.sum(d)` after `d /= n`, where the delta's value reads `d / n`)."""
    def change(tree: ast.AST) -> bool:
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or any(k.arg in ("axis", "dim") for k in call.keywords):
                continue
            f = call.func
            method = isinstance(f, ast.Attribute) and f.attr == "sum" and not call.args and \
                delta in (None, _text(f.value))
            function = isinstance(f, ast.Attribute) and f.attr == "sum" and len(call.args) == 1 and \
                delta in (None, _text(call.args[0])) and _text(f.value) in ("np", "numpy", "torch", "cp", "jnp")
            if method or function:
                call.keywords.append(ast.keyword(arg="axis", value=ast.Constant(axis)))
                if keepdims:
                    call.keywords.append(ast.keyword(arg="keepdims", value=ast.Constant(True)))
                return True
        return False
    return change


def base_name(v: Val | None) -> str:
    """How the code names a value seen through a transpose: X for X.T."""
    if v is not None and v.op == "T" and v.args and isinstance(v.args[0], Val):
        v = v.args[0]
    return name_of(v).removesuffix(".T")


def rate_name(model: Any) -> str:
    """The script's own learning-rate name, read off its other updates (`lr`, `eta`, `alpha`, `0.1`)."""
    for e in model.of_kind("update"):
        for _, term in e.info.get("change", []):
            for f in term.factors or ():
                if isinstance(f, Val) and f.adj is None and f.kind == "num" or (
                        isinstance(f, Val) and f.adj is None and f.op == "const"):
                    return f.name or (f.leaf.name if f.leaf is not None else repr(f.num))
                if isinstance(f, Val) and f.adj is None and f.leaf is not None and f.leaf.size == 1:
                    return f.leaf.name
    return "learning_rate"


# --- fixes that keep the user's own statement: visibility of names, derivative factors -----------------


def refs(node: ast.AST) -> set[str]:
    """The variables an expression reads: plain names and `self.x`, not the functions it calls."""
    out: set[str] = set()
    called = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}

    def visit(n: ast.AST) -> None:
        if id(n) in called:
            if isinstance(n, ast.Attribute):
                visit(n.value)  # dout.sum(): dout is read
            for child in ast.iter_child_nodes(n) if not isinstance(n, (ast.Name, ast.Attribute)) else ():
                visit(child)
            return
        if isinstance(n, ast.Name):
            if not isinstance(n.ctx, ast.Store):  # what a statement assigns it need not see
                out.add(n.id)
            return
        if isinstance(n, ast.Attribute) and (isinstance(n.value, ast.Name) and n.value.id == "self" or
                                             n.attr in GRADIENT_SLOTS):
            # (`out.g`, `self.out.g`: a gradient kept on a value is a variable of its own, not a read of `out`)
            if not isinstance(n.ctx, ast.Store):
                out.add(_text(n))
            return
        for child in ast.iter_child_nodes(n):
            visit(child)

    visit(node)
    return out


def _bound(scope: ast.AST, before: int) -> set[str]:
    """Names a function (or the module) binds before line `before`: parameters, assignments, loops, imports."""
    names: set[str] = set()
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = scope.args
        names |= {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
        names |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            if getattr(n, "lineno", before) < before and not isinstance(n, ast.Lambda):
                names.add(n.name)
            continue  # a nested scope's names are its own
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.lineno < before:
            names.add(n.id)
        elif isinstance(n, (ast.Import, ast.ImportFrom)) and n.lineno < before:
            names |= {(al.asname or al.name).split(".")[0] for al in n.names}
        stack.extend(ast.iter_child_nodes(n))
    return names


def enclosing_class(tree: ast.AST | None, func: Any) -> ast.ClassDef | None:
    """The class of `tree` whose body defines `func` (a method), else None."""
    if tree is None or func is None:
        return None
    return next((c for c in ast.walk(tree) if isinstance(c, ast.ClassDef) and func in c.body), None)


def visible(model: Any, stmt: Any, name: str) -> bool:
    """Whether `name` (a variable or `self.x`) can be written at `stmt`: bound earlier in its function, a global
    the function does not bind, or an attribute the enclosing class assigns. A name we cannot place is not."""
    if stmt is None or getattr(stmt, "mod", None) is not None:
        return False
    func = stmt.func
    holder, _, attr = name.rpartition(".")
    if holder and attr in GRADIENT_SLOTS:
        return visible(model, stmt, holder)  # `out.g`: the gradient another function stored on a value it can see
    if name.startswith("self."):
        if func is None or not func.args.args or func.args.args[0].arg != "self":
            return False
        cls = enclosing_class(model.tree, func)
        return cls is not None and any(
            isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store) and _text(n) == name for n in ast.walk(cls))
    if not name.isidentifier():
        try:
            node = ast.parse(name, mode="eval").body
        except SyntaxError:
            return False
        # `cand[t]`, `hs[t - 1]`: an entry the statement can write when its container and index can be
        return isinstance(node, ast.Subscript) and bool(refs(node)) and \
            all(visible(model, stmt, n) for n in refs(node))
    if func is not None:
        if name in _bound(func, stmt.line):
            return True
        if any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id == name for n in ast.walk(func)):
            return False  # bound in the function, but only later: here it is unbound
    return name in _bound(model.tree, stmt.line if func is None else 10**9)


def all_visible(model: Any, stmt: Any, text: str) -> bool:
    """Every variable an expression (or statement) reads can be written at `stmt`."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    return all(visible(model, stmt, n) for n in refs(tree))


def _product(tree: ast.AST) -> tuple[ast.AST, str, list[ast.expr]] | None:
    """The product a statement computes, as (parent, field, factors): `d = e * z * (1 - z) / n` gives the
    factors e, z, (1 - z) of the numerator; `return e * f` and `d *= f` too."""
    if not isinstance(tree, (ast.Assign, ast.AugAssign, ast.Return)) or tree.value is None:
        return None
    parent: ast.AST = tree
    field = "value"
    node = tree.value
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        parent, field, node = node, "left", node.left  # divided by a count: the numerator holds the factors
    factors: list[ast.expr] = []

    def flat(n: ast.expr) -> None:
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult):
            flat(n.left)
            flat(n.right)
        else:
            factors.append(n)

    flat(node)  # type: ignore[arg-type]
    if isinstance(tree, ast.AugAssign) and isinstance(tree.op, ast.Mult):
        factors.insert(0, ast.Name(id=_text(tree.target), ctx=ast.Load()))
    return parent, field, factors


def _join(factors: list[ast.expr]) -> ast.expr:
    out = factors[0]
    for f in factors[1:]:
        out = ast.BinOp(left=out, op=ast.Mult(), right=f)
    return out


def reads_only(node: ast.AST, operand: str) -> bool:
    """Whether an expression reads `operand` and nothing else: a variable (`z`, `self.z`) or an entry
    written as such (`cand[t]`, every read of `cand` and `t` in it being that entry)."""
    if operand.isidentifier() or operand.startswith("self."):
        return bool(refs(node)) and refs(node) <= {operand}
    seen = []

    class _Out(ast.NodeTransformer):
        def visit_Subscript(self, n: ast.Subscript) -> ast.AST:
            if ast.unparse(n) == operand:
                seen.append(n)
                return ast.Constant(1)
            return self.generic_visit(n)

    rest = _Out().visit(copy.deepcopy(node))
    return bool(seen) and not refs(rest)


def replace_factors(operand: str, new: str | None) -> Any:
    """A change for `rewrite`: the factors of a product that read only `operand` (the derivative, as in
    `e * z * (1 - z)` or `e * dsigmoid(z)`) become `new`, or go when `new` is None. Finds nothing unless
    some factor is the derivative and some other factor remains (the error)."""
    def change(tree: ast.AST) -> bool:
        found = _product(tree)
        if found is None:
            return False
        parent, field, factors = found
        deriv = [i for i, f in enumerate(factors) if reads_only(f, operand)]
        rest = [f for i, f in enumerate(factors) if i not in deriv]
        if not deriv or not rest:
            return False
        if new is not None:
            spliced = _product(ast.parse(f"_ = {new}").body[0])
            rest[deriv[0]:deriv[0]] = spliced[2] if spliced is not None else []
        if isinstance(tree, ast.AugAssign) and isinstance(tree.op, ast.Mult):
            tree.__class__ = ast.Assign  # d *= f becomes d = d * f'
            tree.targets = [tree.target]  # type: ignore[attr-defined]
            tree.lineno = 0
        setattr(parent, field, _join(rest))
        return True
    return change


class _Swap(ast.NodeTransformer):
    def __init__(self, old: str, new: str) -> None:
        self.old, self.new, self.done = old, new, False

    def _sub(self, node: ast.AST) -> ast.AST:
        if _text(node) == self.old:
            self.done = True
            return ast.parse(self.new, mode="eval").body
        return self.generic_visit(node)

    visit_Name = _sub
    visit_Attribute = _sub


#: array libraries by the names their functions are called through
_MODULES = frozenset({"np", "numpy", "cp", "cupy", "torch", "math", "jnp"})


def swap_name(old: str, new: str, derivative_only: bool = False) -> Any:
    """A change for `rewrite`: the variable `old` becomes `new`. With `derivative_only`, only where the
    statement writes the derivative: a mask's index (`d[old > 0] = 0`), `np.where`'s condition, or the
    factors of a product that read only `old` (the error, which may read it too, stays)."""
    def change(tree: ast.AST) -> bool:
        swap = _Swap(old, new)
        if not derivative_only:
            swap.visit(tree)
            return swap.done
        if isinstance(tree, ast.Assign) and len(tree.targets) == 1 and isinstance(tree.targets[0], ast.Subscript):
            tree.targets[0].slice = swap.visit(tree.targets[0].slice)
            return swap.done
        value = getattr(tree, "value", None)
        if isinstance(value, ast.Call) and _text(value.func).endswith("where") and value.args:
            value.args[0] = swap.visit(value.args[0])
            return swap.done
        if isinstance(value, ast.Call) and _text(value.func).endswith("multiply") and len(value.args) == 2:
            # `np.multiply(dA1, np.int64(dA1 > 0))`: the mask's comparison, not the bare error beside it
            for a in value.args:
                for n in ast.walk(a):
                    if isinstance(n, ast.Compare) and refs(n) and refs(n) <= {old}:
                        swap.visit(n)
            return swap.done
        found = _product(tree)
        if found is None:
            return False
        parent, field, factors = found
        if isinstance(tree, ast.AugAssign):
            return False
        # (`1 - np.power(Z, 2)` reads Z alone: the module a function is called through is no variable)
        out = [swap.visit(f) if refs(f) - _MODULES and refs(f) - _MODULES <= {old} else f for f in factors]
        if swap.done:
            setattr(parent, field, _join(out))
        return swap.done
    return change


def only_bare_factor(stmt: Any, name: str) -> bool:
    """The statement's product reads `name` only as a factor of its own (`dz * d`): no derivative written at it."""
    found = _product(stmt.node) if isinstance(stmt.node, (ast.Assign, ast.AugAssign, ast.Return)) else None
    if found is None or isinstance(stmt.node, ast.Assign) and isinstance(stmt.node.targets[0], ast.Subscript):
        return False
    reading = [f for f in found[2] if name in refs(f)]
    return bool(reading) and all(_text(f) == name for f in reading)


def derivative_operand(stmt: Any, name: str, error: str) -> str | None:
    """How the flagged statement writes the tensor its derivative reads, known to the model as `name`: that
    name, or (the same array held under another name, `self.x` for `x`) the one variable the statement's
    derivative factors read besides the error `error`; None when that is not one variable."""
    found = _product(stmt.node) if isinstance(stmt.node, (ast.Assign, ast.AugAssign, ast.Return)) else None
    written = refs(stmt.node)
    if not name.isidentifier() and not name.startswith("self.") and \
            any(isinstance(n, ast.Subscript) and ast.unparse(n) == name for n in ast.walk(stmt.node)):
        return name  # `cand[t]`: an entry, written as the model names it
    if name in written or found is None:
        return name if name in written else None
    factors = [refs(f) for f in found[2]]
    others = set().union(*[r for r in factors if error not in r]) if factors else set()
    return others.pop() if len(others) == 1 and any(error in r for r in factors) else None


def written_error(stmt: Any, error: str, operand: str) -> str:
    """The error as the flagged statement names it: `g` of `dz = z * (1 - z) * g` after `g = g_out`, where the
    model knows the array by its first name; `error` itself when the statement uses it or it is not clear."""
    found = _product(stmt.node) if isinstance(stmt.node, (ast.Assign, ast.AugAssign, ast.Return)) else None
    if found is None or error in refs(stmt.node):
        return error
    plain = {_entry_text(f) or r.pop() for f, r in ((f, refs(f)) for f in found[2]) if len(r) == 1} - {operand}
    return plain.pop() if len(plain) == 1 else error


def _entry_text(node: Any) -> str | None:
    """`batch["e2"]`: an entry a string key names, as written; None for anything else."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and \
            isinstance(node.slice.value, str):
        return ast.unparse(node)
    return None


_INSTANCE = re.compile(r"\[\d+\]")


def same_attribute_of_instances(a: str, b: str) -> bool:
    """`Affine[1].W` and `Affine[3].W`: one attribute of two instances of the same class."""
    return a != b and "." in a and _INSTANCE.search(a) is not None and _INSTANCE.sub("", a) == _INSTANCE.sub("", b)
