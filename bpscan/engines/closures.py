"""Operations that keep a closure adding each operand's share to its `.grad` (micrograd's shape): found, tagged and
checked against their own forward."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cached_property

from bpscan.engines.evaluator import EVAL_ERRORS, _Eval, _Obj, _UNBOUND, _Unknown, _close
from bpscan.engines.facts import (DATA_ATTRS, GRAD_ATTRS, EngineModel, OpWrite, _base, _docstring, _grad_reads,
                                  _grad_target, _is_one, _is_zero, _names)

_POINTS = ((0.7, -0.6), (-0.45, 1.8), (1.3, 0.55), (0.25, -1.2))
_NUM_OTHER = (2, 3, 2, 3)
_H = 1e-6


@dataclass
class _Op:
    cls: str
    method: ast.FunctionDef
    closure: ast.FunctionDef
    out: str | None          # the name of the op's output value
    upstream_param: str | None  # the closure's own parameter, when it is handed the upstream gradient
    writes: list[ast.stmt]
    terminal: bool = False   # no share reads an upstream gradient: a loss's closure, where the backward starts

    @cached_property
    def forward(self) -> ast.expr | None:
        """The expression the operation's output is made from (read once; every write of the op asks for it)."""
        return _forward_node(self)


def _ops_of(cls: ast.ClassDef) -> list[_Op]:
    return _ops_in(cls.body, cls.name)


def _ops_in(body: list[ast.stmt], owner: str | None) -> list[_Op]:
    """The operations defined by the functions of `body`: methods of a class (`owner` its name), or a module's
    free functions (`def add(a, b): def back(dy): a.grad += dy ...; return Tensor(..., backward=back)`)."""
    ops = []
    for m in body:
        if not isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for f in ast.walk(m):
            if f is m or not isinstance(f, ast.FunctionDef):
                continue
            param = f.args.args[0].arg if f.args.args else None
            writes, outs, loose = [], [], []
            for st in ast.walk(f):
                if not isinstance(st, (ast.Assign, ast.AugAssign)):
                    continue
                t = _grad_target(st)
                if t is None or isinstance(st, ast.Assign) and (_is_zero(st.value) or _is_one(st.value)):
                    continue  # (a reset, `v.grad = np.zeros_like(v.data)`, or the seed: no operand's share)
                if isinstance(st, ast.AugAssign) and _split(st) is None:
                    continue  # (`x.grad *= mask`, `x.grad /= n`: a share scaled in place, not a share)
                part = _split(st) if isinstance(st, ast.Assign) else None
                if part is not None and not part[2] and _base(t) in _grad_reads(st.value):
                    continue  # (`x.grad = x.grad.reshape(shape)`: the same gradient reshaped, no new share)
                reads = _grad_reads(st.value) - {_base(t)}
                if reads:
                    outs.extend(sorted(reads))
                    writes.append(st)
                elif param is not None and param in _names(st.value):
                    writes.append(st)
                else:
                    loose.append(st)  # a share that reads no upstream gradient: kept when the closure is an op's
            attached = _attached_to(m, f.name)
            if not writes and (not loose or not _stored_on(m, f.name)):
                continue
            # (the output is the value every share reads the gradient of: `out.grad` in `self.grad += other.grad *
            # out.grad` and `other.grad += self.grad * out.grad`, not the operand a faulty share reads; the most read
            # name, then the first by name, so the choice never rests on a set's order)
            out = max(sorted(set(outs)), key=outs.count) if outs else attached
            upstream = None if outs or param is None else param
            ops.append(_Op(owner or m.name, m, f, out, upstream,  # type: ignore[arg-type]
                           sorted(writes + loose, key=lambda s: s.lineno), terminal=not writes))
    return ops


#: a value's setter of its backward function
_SETTER = re.compile(r"^_?(set|register|add|attach)_?(backward|grad_?fn|backprop|backward_fn)$", re.IGNORECASE)


def _closure_stores(st: ast.AST, fname: str) -> list[ast.Attribute]:
    """The attributes statement `st` keeps the closure `fname` in (`out._backward = fn`, or through the value's
    setter, `out.set_backward(fn)`)."""
    if isinstance(st, ast.Assign) and isinstance(st.value, ast.Name) and st.value.id == fname:
        return [t for t in st.targets if isinstance(t, ast.Attribute)]
    if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) and isinstance(st.value.func, ast.Attribute) and \
            _SETTER.match(st.value.func.attr) and len(st.value.args) == 1 and not st.value.keywords and \
            isinstance(st.value.args[0], ast.Name) and st.value.args[0].id == fname:
        return [ast.Attribute(value=st.value.func.value, attr="_backward", ctx=ast.Store())]
    return []


def _stored_on(m: ast.FunctionDef, fname: str) -> bool:
    """`out._backward = fn`: the closure is kept on a value, as an operation's backward is."""
    return any(_closure_stores(st, fname) for st in ast.walk(m))


def _handed_to(m: ast.FunctionDef, fname: str, classes: set[str]) -> bool:
    """`Tensor(data, backward_function=fn)` of a class in `classes`: the closure handed to the value it makes."""
    return any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in classes and
               fname in _names(c) for c in ast.walk(m))


def _attached_to(m: ast.FunctionDef, fname: str) -> str | None:
    """The value a closure that is handed its upstream gradient is kept on: `out._backward = fn`,
    `out = Value(d, (self,), backward=fn)`."""
    for st in ast.walk(m):
        stored = _closure_stores(st, fname)
        if stored and isinstance(stored[0].value, ast.Name) and \
                not (isinstance(st, ast.Assign) and len(st.targets) > 1):
            return stored[0].value.id  # `out._backward = fn`, `out.set_backward(fn)`
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            t = st.targets[0]
            if isinstance(t, ast.Name) and isinstance(st.value, ast.Call) and fname in _names(st.value):
                return t.id
        if isinstance(st, ast.Return) and isinstance(st.value, ast.Call) and fname in _names(st.value):
            return _RETURNED  # `return T(a.data * b.data, backward=back)`
    return None


#: the name the value an operator returns directly is known by
_RETURNED = "<returned>"


def _prefix_env(ev: _Eval, op: _Op, a: float, b: object) -> tuple[dict[str, object], _Obj, object] | None:
    """Run the operator method's statements before its closure with `self.data = a` and the other operand
    `b`; the environment, self, and the other operand."""
    m = op.method
    params = [x.arg for x in m.args.args]
    if not params:
        return None
    me = _Obj(a)
    env: dict[str, object] = {params[0]: me}
    other: object = None
    rest = params[1:]
    defaults = m.args.defaults
    for i, p in enumerate(rest):
        if i == 0:
            other = _Obj(b) if not isinstance(b, int) or isinstance(b, bool) else b
            env[p] = other
            continue
        d_idx = i - (len(rest) - len(defaults))
        env[p] = ev._lenient(defaults[d_idx], env) if d_idx >= 0 else _UNBOUND
    for st in m.body:
        if isinstance(st, ast.Return):
            if op.out == _RETURNED and st.value is not None:
                env[_RETURNED] = ev.bound(st.value, env)
            break  # (the closure runs later: what the method binds after defining it, `out = V(...)`, it sees)
        if _docstring(st) or isinstance(st, (ast.Assert, ast.FunctionDef, ast.AsyncFunctionDef, ast.Pass)):
            continue
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            t = st.targets[0]
            v = ev.bound(st.value, env)
            if isinstance(t, ast.Name):
                env[t.id] = v
            elif isinstance(t, ast.Tuple) and all(isinstance(e, ast.Name) for e in t.elts):
                for e in t.elts:
                    env[e.id] = v[t.elts.index(e)] if isinstance(v, tuple) and len(v) == len(t.elts) \
                        else _UNBOUND  # type: ignore[attr-defined]
            continue
        if isinstance(st, ast.If):
            # `if isinstance(other, (int, float)): other = Value(other)`: the branch the values take
            try:
                taken = st.body if ev.expr(st.test, env) else st.orelse
            except EVAL_ERRORS:
                return None
            for s in taken:
                if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
                    env[s.targets[0].id] = ev.bound(s.value, env)
            continue
        # an unmodelled statement may bind names the closure reads: they stay unbound
        for n in ast.walk(st):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                env[n.id] = _UNBOUND
    return env, me, other


def _out_data(env: dict[str, object], out: str | None) -> object:
    v = env.get(out) if out else None
    if not isinstance(v, _Obj):
        raise _Unknown
    return v.data


def _split(st: ast.stmt) -> tuple[ast.expr, int, bool] | None:
    """The contribution a write adds to the operand's gradient, its sign, and whether it accumulates."""
    t = _grad_target(st)
    if t is None:
        return None
    text = ast.unparse(t)
    if isinstance(st, ast.AugAssign):
        if isinstance(st.op, ast.Add):
            return st.value, 1, True
        if isinstance(st.op, ast.Sub):
            return st.value, -1, True
        return None
    v = st.value  # type: ignore[union-attr]
    if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Sub)):
        if ast.unparse(v.left) == text:
            return v.right, 1 if isinstance(v.op, ast.Add) else -1, True
        if isinstance(v.op, ast.Add) and ast.unparse(v.right) == text:
            return v.left, 1, True
    return v, 1, False


def _check_write(ev: _Eval, op: _Op, st: ast.stmt, numeric_other: bool) -> tuple[str, tuple[str, ...],
                                                                                  str | None, int, bool]:
    """(verdict, kinds, a matching local derivative, sign, accumulates) of one write."""
    part = _split(st)
    t = _grad_target(st)
    assert part is not None and t is not None
    value, sign, acc = part
    who = _base(t)
    got_all: list[float | None] = []
    want_all: list[float] = []
    envs: list[dict[str, object]] = []
    # `if np.any(x > 0): other.grad += ... else: other.grad += 0`: a write under a test holds where the test
    # sends the values, and is checked only at the points that go its way
    guards = [(node.test, any(x is st for y in node.body for x in ast.walk(y)))
              for node in ast.walk(op.closure) if isinstance(node, ast.If) and
              any(x is st for b in (node.body, node.orelse) for y in b for x in ast.walk(y))]
    for (a, b), bn in zip(_POINTS, _NUM_OTHER):
        b_used: object = bn if numeric_other else b
        try:
            base = _prefix_env(ev, op, a, b_used)
            if base is None:
                raise _Unknown
            env, me, other = base
            target = env.get(who)
            if target is me:
                perturb_self = True
            elif target is other and isinstance(other, _Obj):
                perturb_self = False
            else:
                raise _Unknown
            for test, in_body in guards:
                if bool(ev.expr(test, env)) != in_body:
                    raise _Unknown
            g_vals = []
            for g in (1.0, -2.5):
                if op.upstream_param is not None:
                    env[op.upstream_param] = g
                else:
                    o = env.get(op.out) if op.out else None
                    if not isinstance(o, _Obj):
                        raise _Unknown
                    o.grad = g
                _run_temps(ev, op, st, env)
                g_vals.append(sign * float(ev.expr(value, env)) / g)  # type: ignore[arg-type]
            # the derivative of the op's output with respect to this operand's data, by central differences
            x0 = a if perturb_self else b
            h = _H * max(1.0, abs(x0))
            ys = []
            for dv in (h, -h):
                rerun = _prefix_env(ev, op, a + dv, b_used) if perturb_self else _prefix_env(ev, op, a, b + dv)
                if rerun is None:
                    raise _Unknown
                ys.append(float(_out_data(rerun[0], op.out)))  # type: ignore[arg-type]
            want = (ys[0] - ys[1]) / (2 * h)
        except EVAL_ERRORS:
            continue
        if abs(g_vals[0] - g_vals[1]) > 1e-6 * max(1.0, abs(g_vals[0])):
            got_all.append(None)
        else:
            got_all.append(g_vals[0])
        want_all.append(want)
        envs.append(env)
    kinds = _kinds(op, st, want_all, who, numeric_other)
    if len(want_all) < 2:
        return "unknown", kinds, None, sign, acc
    if all(g is None for g in got_all):
        return "unchained", kinds, _matching(ev, op, envs, want_all), sign, acc
    if any(g is None for g in got_all):
        return "unknown", kinds, None, sign, acc
    close = [_close(g, w) for g, w in zip(got_all, want_all)]  # type: ignore[arg-type]
    if all(close):
        return "ok", kinds, None, sign, acc
    # (the points keep clear of kinks, so one point where the share and the forward disagree is enough:
    # `np.ones_like(x)` for abs's derivative is right for x > 0 only)
    return "wrong", kinds, _matching(ev, op, envs, want_all), sign, acc


def _temps(op: _Op, st: ast.stmt) -> list[ast.Assign]:
    """The closure's assignments before a write that it reads: `grad_self = other.data * out.grad` before
    `self.grad += grad_self`."""
    out: list[ast.Assign] = []
    before = [x for x in op.closure.body if x.lineno < st.lineno]
    # only what carries the upstream gradient (`dout = out.grad.copy()`, `g = dout @ w`), not shapes and sizes
    carrying: set[str] = set()
    upstream = op.upstream_param
    for x in before:
        if isinstance(x, ast.Assign) and len(x.targets) == 1 and isinstance(x.targets[0], ast.Name) and (
                _names(x.value) & carrying or upstream is not None and upstream in _names(x.value) or
                op.out is not None and op.out in _grad_reads(x.value)):
            carrying.add(x.targets[0].id)
    wanted = _names(st.value) if isinstance(st, (ast.Assign, ast.AugAssign)) else set()
    for x in reversed(before):
        if isinstance(x, ast.Assign) and len(x.targets) == 1 and isinstance(x.targets[0], ast.Name) and \
                x.targets[0].id in wanted and x.targets[0].id in carrying:
            out.append(x)
            wanted |= _names(x.value)
    return out[::-1]


def _run_temps(ev: _Eval, op: _Op, st: ast.stmt, env: dict[str, object]) -> None:
    """Evaluate the closure's assignments before a write (all of them: a share may read a plain local)."""
    for x in [x for x in op.closure.body if x.lineno < st.lineno and isinstance(x, ast.Assign) and
              len(x.targets) == 1 and isinstance(x.targets[0], ast.Name)]:
        env[x.targets[0].id] = ev.bound(x.value, env)  # type: ignore[attr-defined]


_UNARY = ("{a}", "(1 - {a} ** 2)", "{a} * (1 - {a})", "({a} > 0)", "(1 / {a})", "-{a}")
_BINARY = ("{b} * {a} ** ({b} - 1)", "(1 / {b})", "(-{a} / {b} ** 2)")


def _matching(ev: _Eval, op: _Op, envs: list[dict[str, object]], want: list[float]) -> str | None:
    """The first local derivative, written with the operator's own names, that matches at every point."""
    if not envs:
        return None
    attr = "data"
    fwd = op.forward
    if fwd is not None:
        attr = next((n.attr for n in ast.walk(fwd) if isinstance(n, ast.Attribute) and
                     n.attr in DATA_ATTRS), "data")
    params = [a.arg for a in op.method.args.args]
    read = _names(op.closure)
    atoms: list[str] = []
    for name, v in envs[0].items():
        if name in read and name not in params and isinstance(v, (int, float)) and not isinstance(v, bool):
            atoms.append(name)
    for p in params[:2]:
        v = envs[0].get(p)
        if isinstance(v, _Obj):
            atoms.append(f"{p}.{attr}")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            atoms.append(p)
    if op.out:
        atoms.append(f"{op.out}.{attr}")
    texts = ["1", "-1"] + [t.format(a=a) for t in _UNARY for a in atoms]
    texts += [t.format(a=a, b=b) for t in _BINARY for a in atoms for b in atoms if a != b]
    for text in texts:
        node = ast.parse(text, mode="eval").body
        try:
            if all(_close(float(ev.expr(node, env)), w) for env, w in zip(envs, want)):  # type: ignore[arg-type]
                return text
        except EVAL_ERRORS:
            continue
    return None


def _kinds(op: _Op, st: ast.stmt, want: list[float], who: str, numeric_other: bool) -> tuple[str, ...]:
    """F2 for a sum's pass-through (the local derivative is ±1), F2 and F3 for a product's operand (its
    derivative is the other factor), F1 for a nonlinearity's."""
    # a layer that keeps its parameters on itself (`self.w.grad += x.T @ out.grad`): formula 3 for them, formula 2
    # for the input's share
    t = _grad_target(st)
    if t is not None and isinstance(t.value, ast.Attribute) and ast.unparse(t.value.value) == "self":
        return ("F3",)
    if any(isinstance(g.value, ast.Attribute) for g in map(_grad_target, op.writes) if g is not None):
        return ("F2",)
    # an operation with two operands hands both a share (`mse(self, target)` of a plain array has one)
    written = {_base(t) for t in map(_grad_target, op.writes) if t is not None}
    binary = len(written) >= 2 and not numeric_other
    if want and all(abs(abs(w) - 1.0) < 1e-6 for w in want):
        return ("F2",)
    if binary and len(want) >= 2:
        fwd = op.forward
        if fwd is not None and _product_of_operands(fwd):
            return ("F2", "F3")
        return ("F1",)
    if not want:
        # unevaluated (array engines): by the shape of the forward
        fwd = op.forward
        if fwd is not None and _product_of_operands(fwd):
            return ("F2", "F3")
        value = _split(st)
        if value is not None and isinstance(value[0], ast.Attribute) and value[0].attr in GRAD_ATTRS:
            return ("F2",)
        if fwd is not None and _structural(fwd):
            return ("F2",)  # (a sum, a mean, a reshape: the gradient is handed on, spread or gathered)
        if value is not None and isinstance(value[0], ast.Name) and value[0].id == op.upstream_param:
            return ("F2",)
        return ("F1",) if not binary else ("F2",)
    return ("F1",)


def _forward_node(op: _Op) -> ast.expr | None:
    if op.out is None:
        return None
    if op.out == _RETURNED:
        ret = next((st for st in ast.walk(op.method) if isinstance(st, ast.Return) and
                    isinstance(st.value, ast.Call) and op.closure.name in _names(st.value)), None)
        return ret.value.args[0] if ret is not None and ret.value.args else None  # type: ignore[union-attr]
    for st in ast.walk(op.method):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
                st.targets[0].id == op.out and isinstance(st.value, ast.Call) and st.value.args:
            return st.value.args[0]
    return None


def _starts_sum(closure: ast.AST, st: ast.stmt) -> bool:
    """An assignment of an operand's gradient that only starts its sum: under a test of that gradient (`if
    self.grad is None:`, `if not self.requires_grad ...`), or beside an addition to it in the same closure."""
    t = _grad_target(st)
    if t is None:
        return False
    text = ast.unparse(t)
    for node in ast.walk(closure):
        if isinstance(node, ast.If) and any(x is st for b in (node.body, node.orelse) for y in b for x in ast.walk(y)):
            if text in ast.unparse(node.test) or "grad" in ast.unparse(node.test):
                return True
        if isinstance(node, ast.AugAssign) and ast.unparse(node.target) == text:
            return True
    return False


def _forward_text(op: _Op) -> str:
    """The forward as a reader finds it: `t = math.tanh(self.data)` when the value is built from a local."""
    fwd = op.forward
    if fwd is None:
        return ""
    if isinstance(fwd, ast.Name):
        for st in op.method.body:
            if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
                    st.targets[0].id == fwd.id:
                return f"{fwd.id} = {ast.unparse(st.value)}"
    return ast.unparse(fwd)


def _product_of_operands(node: ast.expr) -> bool:
    """`self.data * other.data`, `self.data @ other.data`, `np.dot(self.data, other.data)`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.MatMult)):
        return _reads_data(node.left) and _reads_data(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("dot", "matmul", "multiply", "mm", "bmm") and len(node.args) >= 1:
        parts = node.args if len(node.args) == 2 else [node.func.value, node.args[0]]
        return all(_reads_data(p) for p in parts)
    return False


#: operations that move or gather values without a derivative of their own: their backward hands the gradient on
_STRUCTURAL = frozenset({"sum", "mean", "reshape", "transpose", "broadcast_to", "expand_dims", "squeeze", "flatten",
                         "concatenate", "repeat", "tile", "swapaxes", "permute", "view", "stack", "ravel"})


def _structural(node: ast.AST) -> bool:
    """`np.sum(a.data)`, `self.data.reshape(shape)`, `self.data.T`: an operand's data moved or gathered as it is."""
    def operand_data(x: ast.AST | None) -> bool:
        return isinstance(x, ast.Attribute) and x.attr in DATA_ATTRS and isinstance(x.value, ast.Name)

    if isinstance(node, ast.Attribute) and node.attr == "T":
        return operand_data(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _STRUCTURAL:
        return operand_data(node.func.value) or bool(node.args) and operand_data(node.args[0])
    return False


def _reads_data(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in DATA_ATTRS for n in ast.walk(node))


def _helpers(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    out = {}
    for st in tree.body:
        if isinstance(st, ast.FunctionDef) and len([s for s in st.body if not _docstring(s)]) <= 3:
            out[st.name] = st
    return out


def _numeric_other(ev: _Eval, op: _Op) -> bool:
    """The operator's second argument is a number (`__pow__(self, k)`), not a value of the engine."""
    params = [a.arg for a in op.method.args.args]
    if len(params) < 2:
        return False
    for st in ast.walk(op.method):
        if isinstance(st, ast.Assert) and params[1] in _names(st.test) and "isinstance" in _names(st.test):
            return True
    try:
        pe = _prefix_env(ev, op, 0.7, -0.6)
        if pe is not None:
            _out_data(pe[0], op.out)
            return False
    except EVAL_ERRORS:
        pass
    try:
        pe = _prefix_env(ev, op, 0.7, 2)
        if pe is not None:
            _out_data(pe[0], op.out)
            return True
    except EVAL_ERRORS:
        pass
    return False


def _read_ops(ev: _Eval, classes: list[ast.ClassDef], ops: list[_Op], model: EngineModel) -> None:
    eng_classes = sorted({o.cls for o in ops})
    model.classes = eng_classes
    store_attrs = set()
    for op in ops:
        numeric = _numeric_other(ev, op)
        forward = _forward_text(op)
        for st in op.writes:
            verdict, kinds, expected, sign, acc = _check_write(ev, op, st, numeric)
            t = _grad_target(st)
            part = _split(st)
            model.writes.append(OpWrite(
                st, op.method.name, op.cls, _base(t) if t is not None else "?",
                kinds, acc, verdict, forward,
                ast.unparse(part[0]) if part else "", op.upstream_param or f"{op.out}.grad", expected, sign,
                tuple(_temps(op, st)), not acc and _starts_sum(op.closure, st), op.terminal))
        for st in ast.walk(op.method):
            store_attrs.update(t.attr for t in _closure_stores(st, op.closure.name))
    for c in classes:
        if c.name not in eng_classes:
            continue
        for m in c.body:
            if isinstance(m, ast.FunctionDef) and _runs_closures(m, store_attrs):
                model.seeds.extend(_seeds(m))
                if _resets_nodes(m):
                    model.self_resetting = True


def _runs_closures(m: ast.FunctionDef, attrs: set[str]) -> bool:
    """`node._backward()` called in a method: the engine's backward pass."""
    for n in ast.walk(m):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                (n.func.attr in attrs or n.func.attr in ("_backward", "backward_fn", "grad_fn", "_backward_fn")) \
                and not (isinstance(n.func.value, ast.Name) and n.func.value.id == "self"):
            return True
    return False


def _seeds(m: ast.FunctionDef) -> list[ast.stmt]:
    """`self.grad = 1.0` (or ones like the data) in the backward pass: dL/dL, the error it starts from."""
    out = []
    for st in m.body:
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            t = st.targets[0]
            if isinstance(t, ast.Attribute) and t.attr in GRAD_ATTRS and isinstance(t.value, ast.Name) and \
                    t.value.id == "self" and _is_one(st.value):
                out.append(st)
    return out


def _resets_nodes(m: ast.FunctionDef) -> bool:
    """The backward pass sets every node's gradient to zero before it starts (`for v in topo: v.grad = 0`)."""
    for loop in ast.walk(m):
        if isinstance(loop, ast.For):
            for st in ast.walk(loop):
                if isinstance(st, ast.Assign) and _grad_target(st) is not None and _is_zero(st.value) and \
                        _base(_grad_target(st)) != "self":  # type: ignore[arg-type]
                    return True
    return False
