"""Operation classes with `forward(self, *inputs)` and `backward(self, grad)` (tinygrad's and DeZero's shape), checked
against their own forward."""

from __future__ import annotations

import ast

from bpscan.engines.closures import _H
from bpscan.engines.evaluator import EVAL_ERRORS, _Eval, _Obj, _Unknown, _close
from bpscan.engines.facts import OpWrite, _docstring, _names

class _Ctx:
    """What an operation's forward keeps for its backward: attributes and saved values."""

    __slots__ = ("attrs", "saved")

    def __init__(self) -> None:
        self.attrs: dict[str, object] = {}
        self.saved: tuple[object, ...] | None = None


def _function_pair(c: ast.ClassDef) -> tuple[ast.FunctionDef, ast.FunctionDef] | None:
    """`forward(self, a, b)` returning the output and `backward(self, grad)` returning each input's gradient."""
    methods = {m.name: m for m in c.body if isinstance(m, ast.FunctionDef)}
    fwd, bwd = methods.get("forward"), methods.get("backward")
    if fwd is None or bwd is None or "__init__" in methods:
        return None  # (a class that builds state of its own, weights, is a layer: the interpreter's)
    if len(fwd.args.args) < 2 or len(bwd.args.args) != 2:
        return None
    if not any(isinstance(st, ast.Return) and st.value is not None for st in ast.walk(bwd)):
        return None
    return fwd, bwd


def _run_body(ev: _Eval, body: list[ast.stmt], env: dict[str, object], ctx_name: str) -> object:
    """Run a forward's or backward's straight-line statements; the value it returns."""
    for st in body:
        if _docstring(st) or isinstance(st, (ast.Pass, ast.Assert)):
            continue
        if isinstance(st, ast.Return):
            if st.value is None:
                raise _Unknown
            return ev.expr(st.value, env)
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) and isinstance(st.value.func, ast.Attribute) \
                and isinstance(st.value.func.value, ast.Name) and st.value.func.value.id == ctx_name and \
                "save" in st.value.func.attr:
            ctx = env[ctx_name]
            assert isinstance(ctx, _Ctx)
            ctx.saved = tuple(ev.expr(a, env) for a in st.value.args)
            continue
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            t = st.targets[0]
            value = ev.expr(st.value, env)
            if isinstance(t, ast.Name):
                env[t.id] = value
            elif isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == ctx_name:
                ctx = env[ctx_name]
                assert isinstance(ctx, _Ctx)
                ctx.attrs[t.attr] = value
            elif isinstance(t, (ast.Tuple, ast.List)) and isinstance(value, tuple) and len(value) == len(t.elts):
                for e, v in zip(t.elts, value):
                    if not isinstance(e, ast.Name):
                        raise _Unknown
                    env[e.id] = v
            else:
                raise _Unknown
            continue
        raise _Unknown
    raise _Unknown


class _CtxEval(_Eval):
    """The evaluator, reading what the forward kept on `self`/`ctx`."""

    def __init__(self, base: _Eval, ctx_name: str) -> None:
        super().__init__(base.classes, base.helpers)
        self.ctx_name = ctx_name

    def expr(self, node: ast.AST, env: dict[str, object]) -> object:
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == self.ctx_name:
            ctx = env.get(self.ctx_name)
            if isinstance(ctx, _Ctx):
                if node.attr in ctx.attrs:
                    return ctx.attrs[node.attr]
                if "saved" in node.attr and ctx.saved is not None:
                    return ctx.saved
            raise _Unknown
        if isinstance(node, ast.Subscript):
            base = self.expr(node.value, env)
            index = self.expr(node.slice, env)
            if isinstance(base, tuple) and isinstance(index, int) and not isinstance(index, bool):
                return base[index]
            raise _Unknown
        return super().expr(node, env)


def _read_function(base_ev: _Eval, c: ast.ClassDef) -> list[OpWrite]:
    pair = _function_pair(c)
    assert pair is not None
    fwd, bwd = pair
    ctx_name = fwd.args.args[0].arg
    inputs = [a.arg for a in fwd.args.args[1:]]
    grad = bwd.args.args[1].arg
    ret = next(st for st in bwd.body[::-1] if isinstance(st, ast.Return)) if any(
        isinstance(st, ast.Return) for st in bwd.body) else None
    if ret is None or ret.value is None:
        return []
    ev = _CtxEval(base_ev, ctx_name)
    bctx = bwd.args.args[0].arg

    def forward_at(xs: tuple[float, ...]) -> tuple[object, _Ctx]:
        ctx = _Ctx()
        # what a framework's base class keeps when it calls forward (DeZero's `self.inputs`, `self.input`)
        ctx.attrs["inputs"] = tuple(_Obj(x) for x in xs)
        ctx.attrs["input"] = _Obj(xs[0])
        env: dict[str, object] = {ctx_name: ctx, **dict(zip(inputs, xs))}
        return _run_body(ev, fwd.body, env, ctx_name), ctx

    def backward_at(ctx: _Ctx, g: float) -> tuple[object, ...]:
        env: dict[str, object] = {bctx: ctx, grad: g}
        bev = _CtxEval(base_ev, bctx)
        out = _run_body(bev, bwd.body, env, bctx)
        return out if isinstance(out, tuple) else (out,)

    n = len(inputs)
    shapes = ([0.7, -0.6, 1.3][:n], [-0.45, 1.8, 0.4][:n], [1.3, 0.55, -0.8][:n], [0.25, -1.2, 0.9][:n])
    verdicts: list[list[str]] = [[] for _ in range(n)]
    wants: list[list[float]] = [[] for _ in range(n)]
    for xs in shapes:
        try:
            y, ctx = forward_at(tuple(xs))
            float(y)  # type: ignore[arg-type]
            b1, b2 = backward_at(ctx, 1.0), backward_at(ctx, -2.5)
            if len(b1) != n:
                raise _Unknown
            for i in range(n):
                h = _H * max(1.0, abs(xs[i]))
                hi = list(xs)
                lo = list(xs)
                hi[i] += h
                lo[i] -= h
                want = (float(forward_at(tuple(hi))[0]) - float(forward_at(tuple(lo))[0])) / (2 * h)  # type: ignore
                got1, got2 = float(b1[i]), float(b2[i]) / -2.5  # type: ignore[arg-type]
                wants[i].append(want)
                if not _close(got1, got2):
                    # a share that ignores the gradient forgot the chain rule's factor; one that is no multiple of
                    # it is handed no gradient at all: `backward(self, A)` returning `A * (1 - A)` is the local
                    # derivative its caller multiplies by the error (`delta *= act.backward(out)`)
                    verdicts[i].append("unchained" if _close(float(b1[i]), float(b2[i])) else "nonlinear")
                else:
                    verdicts[i].append("ok" if _close(got1, want) else "wrong")
        except (*EVAL_ERRORS, AssertionError, IndexError):
            continue
    out = []
    elts = ret.value.elts if isinstance(ret.value, ast.Tuple) and len(ret.value.elts) == n else [ret.value] * n
    for i, name in enumerate(inputs):
        v = verdicts[i]
        verdict = "unknown" if len(v) < 2 or "nonlinear" in v or "unchained" in v and len(set(v)) > 1 else \
            "wrong" if "wrong" in v else v[0]
        w = wants[i]
        if w and all(abs(abs(x) - 1.0) < 1e-6 for x in w):
            kinds: tuple[str, ...] = ("F2",)
        elif n >= 2 and isinstance(elts[i], ast.AST) and _product_of(fwd, inputs):
            kinds = ("F2", "F3")
        elif w:
            kinds = ("F1",)
        else:
            kinds = ("F2", "F3") if _product_of(fwd, inputs) else ("F1",) if n == 1 else ("F2",)
        # the statement that computes a returned name (`gx = c * x ** (c - 1) * gy; return gx`) shares its tags
        temps = tuple(st for st in bwd.body if isinstance(st, ast.Assign) and len(st.targets) == 1 and
                      isinstance(st.targets[0], ast.Name) and isinstance(elts[i], ast.Name) and
                      st.targets[0].id == elts[i].id)  # type: ignore[attr-defined]
        out.append(OpWrite(ret, "backward", c.name, name, kinds, True, verdict, _returned(fwd),
                           ast.unparse(elts[i]), grad, temps=temps[-1:]))
    return out


def _returned(fn: ast.FunctionDef) -> str:
    ret = next((st for st in fn.body[::-1] if isinstance(st, ast.Return) and st.value is not None), None)
    return ast.unparse(ret.value) if ret is not None else ""  # type: ignore[union-attr]


def _product_of(fwd: ast.FunctionDef, inputs: list[str]) -> bool:
    """The forward returns a product of two of its inputs (`a * b`, `a @ b`, `np.dot(a, b)`)."""
    ret = next((st for st in fwd.body[::-1] if isinstance(st, ast.Return) and st.value is not None), None)
    if ret is None:
        return False
    v = ret.value
    if isinstance(v, ast.Name):  # `y = x0 * x1; return y`
        v = next((st.value for st in fwd.body[::-1] if isinstance(st, ast.Assign) and len(st.targets) == 1 and
                  isinstance(st.targets[0], ast.Name) and st.targets[0].id == v.id), v)
    if isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Mult, ast.MatMult)):
        return bool(_names(v.left) & set(inputs)) and bool(_names(v.right) & set(inputs))
    if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr in ("dot", "matmul") and \
            len(v.args) == 2:
        return all(_names(a) & set(inputs) for a in v.args)
    return False
