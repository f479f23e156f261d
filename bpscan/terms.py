"""Comparing abstract terms: the same value, the same forward tensor, a weight seen through a view."""

from __future__ import annotations

import ast
import re
from typing import Any, Callable, Iterator

from bpscan.rules.vocabulary import RANDOM_DRAWS
from bpscan.values import Leaf, Unit, Val

#: array constructors that read a file: what they make is no computation's value
FILE_READS = frozenset({"load", "loadtxt", "genfromtxt", "fromfile"})


def behind(v: Val, ops: tuple[str, ...], depth: int = 4) -> Val:
    """The value behind names bound to it and views of it (`ops`: "copy", "reshape", "getitem"), stopping
    at a gradient: `bias = np.ones(n).reshape(n, 1)`, `arrays = np.load(path)` then `arrays["w0"]`."""
    for _ in range(depth):
        if v.adj is not None:
            break
        if v.op == "leaf" and v.leaf is not None and isinstance(v.leaf.src, Val):
            v = v.leaf.src
        elif v.op in ops and v.args and isinstance(v.args[0], Val):
            v = v.args[0]
        else:
            break
    return v


def stacked_step(v: Val) -> Val | None:
    """`np.stack(steps, axis=1)` of a list a loop read once appended one value to per pass: that step's value (the
    one value that stands for every pass), else None."""
    if v.op == "concat" and len(v.args) == 1 and isinstance(v.args[0], Val) and v.args[0].kind == "arr" and \
            (v.ev or {}).get("seq"):
        return v.args[0]
    return None


def read_from_file(v: Val) -> bool:
    """An array read from a file (`np.load(path)`, an entry of it, a copy of one, also through the name that holds
    it: `param_list = np.load(f)` then `param_list[index]`): no computation's value."""
    v = behind(v, ("getitem", "copy", "reshape"))
    if v.op == "leaf" and v.leaf is not None and isinstance(v.leaf.src, Val):
        v = behind(v.leaf.src, ("getitem", "copy", "reshape"))
    return v.op == "init" and (v.ev or {}).get("fn") in FILE_READS and not v.deps


def loaded_array(v: Val) -> bool:
    """An array read from a file, or the leaf a store made of one (`self.weights = np.load(path)`)."""
    return v.kind == "arr" and read_from_file(v)


def squared_gradient(grads: list[Val]) -> bool:
    """`g * g`: the factors carrying a gradient are one gradient twice (a non-negative scale, not a gradient)."""
    return len(grads) == 2 and same_value(grads[0], grads[1])


def made_by(v: Val, fns: tuple[str, ...] | frozenset[str]) -> bool:
    """An array made by one of these initialisers (`np.ones`, ...), or a name that holds one as its leaf."""
    if v.op == "leaf" and v.leaf is not None and isinstance(v.leaf.src, Val):
        v = v.leaf.src
    for _ in range(4):
        # (`np.zeros(shape).astype(np.float64)`, `np.zeros(n).copy()`: a cast or copy of what the initialiser made)
        if v.op != "copy" or not v.args or not isinstance(v.args[0], Val):
            break
        v = v.args[0]
    return v.op == "init" and bool(v.ev) and v.ev.get("fn") in fns


def stepped_whole(v: Val) -> Leaf | None:
    """The array behind `w_` after any in-place writes into it (`w_[1:] += ...` leaves the same array)."""
    for _ in range(16):
        if v.op != "setitem" or not v.args or not isinstance(v.args[0], Val):
            break
        v = v.args[0]
    return v.leaf if v.op == "leaf" and v.adj is None else None


def step_sized(v: Val, any_number: bool = False) -> bool:
    """`lr * db`, `(2 / n) * g`, `g / n`: a value times a number the code sets (a step size), not a product
    of two things it reads (`x[i] * w[i]`, whose numbers come from the data). With `any_number`, times any
    number at all (`-lr * g` with a rate handed in): a step, not the bare gradient a sum adds."""
    if v.op == "neg" and v.args and isinstance(v.args[0], Val):
        return step_sized(v.args[0], any_number)
    if v.op == "div" and len(v.args) == 2 and isinstance(v.args[1], Val):
        if v.args[1].kind == "num" if any_number else v.args[1].op == "const":
            return True
        # (`lr * g / np.sqrt(s + eps)` of RMSProp: a sized step, divided entry by entry by its own scale)
        return any_number and isinstance(v.args[0], Val) and step_sized(v.args[0], any_number)
    return v.op == "mul" and any(f.kind == "num" and (any_number or f.op == "const") for f in (v.factors or ()))


def made_by_zeros(v: Val) -> bool:
    """An array made by np.zeros / np.zeros_like, or a name that holds one as its leaf."""
    return made_by(v, ("zeros", "zeros_like"))


def handed_gradient(args: list[Val]) -> Val | None:
    """The first argument of a call that is an array carrying a gradient (what a backward pass is handed)."""
    return next((a for a in args if a.adj is not None and a.kind == "arr"), None)


def zero_started(leaf: Leaf) -> bool:
    """The array a name holds was made by np.zeros (or left unfilled by np.empty / torch.empty, which the code
    zeroes or writes before reading): a sum or buffer that starts empty."""
    return isinstance(leaf.src, Val) and made_by(leaf.src, ("zeros", "zeros_like", "empty", "empty_like"))


def is_zero(v: Val) -> bool:
    """0, 0.0, or an array of zeros made for the purpose (`zero = torch.zeros(())`)."""
    if v.num == 0 and v.op == "const":
        return True
    src = v.leaf.src if v.leaf is not None and v.op == "leaf" and v.leaf.role is None else v
    return isinstance(src, Val) and src.op == "init" and bool(src.ev) and \
        src.ev.get("fn") in ("zeros", "zeros_like", "zeros_") and src.rg is False


def same_term(a: Val, b: Val, depth: int = 0) -> bool:
    """Structurally equal small terms: `np.exp(y - y.max())` computed twice."""
    if a is b:
        return True
    if depth > 4 or a.op != b.op or a.payload != b.payload or len(a.args) != len(b.args):
        return False
    if a.op == "const":
        return a.num == b.num
    if a.op in ("leaf", "unknown", "join", "init") or not a.args:
        return False
    return all(same_value(x, y) or same_term(x, y, depth + 1)
               for x, y in zip(a.args, b.args) if isinstance(x, Val) and isinstance(y, Val))


def same_value(a: Val, b: Val) -> bool:
    if a is b:
        return True
    if a.home is not None and a.home == b.home:
        return True
    if a.leaf is not None and a.leaf is b.leaf and a.tr == b.tr and a.op == b.op == "leaf":
        return True
    if a.role is not None and a.role == b.role and a.op == b.op and a.role[0] == "z":
        return True
    if a.op in ("copy", "getitem", "reshape") and a.args and a.cmp is None and a.adj is None:
        return same_value(a.args[0], b)
    if b.op in ("copy", "getitem", "reshape") and b.args and b.cmp is None and b.adj is None:
        return same_value(a, b.args[0])
    return False


def same_activation(a: Val, b: Val) -> bool:
    """The same value, or the same activation of the same tensor computed twice: the sigmoid(Z) and
    1 - sigmoid(Z) of a derivative written out, a gate the backward pass recomputes from the cache (not
    for telling gates apart by `same_value`: slices of one matrix read as the whole of it)."""
    if same_value(a, b):
        return True
    return a.act is not None and b.act is not None and a.act[0] == b.act[0] and \
        (a.act[1] is b.act[1] or same_computation(a.act[1], b.act[1]))


def _same_facts(x: Any, y: Any, depth: int, budget: list[int]) -> bool:
    if isinstance(x, Val) and isinstance(y, Val):
        return _same_computation(x, y, depth, budget)
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_same_facts(x[k], y[k], depth, budget) for k in x)
    if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
        return len(x) == len(y) and all(_same_facts(p, q, depth, budget) for p, q in zip(x, y))
    return x is y or (isinstance(x, (str, int, float, type(None))) and x == y)


def same_computation(a: Val, b: Val) -> bool:
    """The same operations on the same leaves, slice for slice: a forward tensor computed twice (in the
    forward pass, and again in a backward pass from the cached inputs). Gives up (False) past a few
    hundred nodes, so shared sub-terms cannot make it exponential."""
    return _same_computation(a, b, 0, [300])


def _same_computation(a: Val, b: Val, depth: int, budget: list[int]) -> bool:
    if a is b:
        return True
    budget[0] -= 1
    if budget[0] < 0 or depth > 12 or a.op != b.op or a.kind != b.kind or a.tr != b.tr or len(a.args) != len(b.args):
        return False
    if a.op == "leaf":
        return a.leaf is not None and a.leaf is b.leaf
    if a.op == "const":
        return type(a.num) is type(b.num) and a.num == b.num
    if a.op in ("unknown", "join", "init", "loopvar"):
        return False
    if not a.args and a.ev and b.ev:
        # `pre[:, H:2 * H]` with `H = h.shape[1]`: a slice's bounds, a dimension's array and axis
        return _same_facts(a.ev, b.ev, depth + 1, budget)
    if a.payload is not b.payload and not (isinstance(a.payload, (str, int, float, tuple, slice)) and
                                            a.payload == b.payload):
        return False
    if a.kind == "seq":
        ea, eb = a.elems or [], b.elems or []
        if a.summary is not None or b.summary is not None or len(ea) != len(eb) or not (ea or a.args):
            return False
        if not all(isinstance(x, Val) and isinstance(y, Val) and _same_computation(x, y, depth + 1, budget)
                   for x, y in zip(ea, eb)):
            return False
    elif not a.args and not isinstance(a.payload, (str, int, float, tuple, slice)):
        return False  # an opaque value made twice is not known to be the same
    for x, y in zip(a.args, b.args):
        if isinstance(x, Val) and isinstance(y, Val):
            if not _same_computation(x, y, depth + 1, budget):
                return False
        elif x is not y and x != y:
            return False
    return True


def is_slice(v: Val) -> bool:
    """A part of one array read by a slice (`A[:, :H]`, a gate of a packed pre-activation), not an element
    of a container read by a computed index (`zs[t]`, which is that step's whole tensor)."""
    return v.home is not None and v.home[0] != "elem"


def join_chain(v: Val, bound: int) -> list[Val]:
    """Every value below the join `v`, the joins between included: a merge of many values is a chain of joins
    (`seq_any` of a list of 18 gradients). At most `bound` of them, walked, not recursed."""
    out: list[Val] = []
    todo = [a for a in v.args if isinstance(a, Val)]
    while todo and len(out) < bound:
        n = todo.pop()
        out.append(n)
        if n.op == "join":
            todo.extend(a for a in n.args if isinstance(a, Val))
    return out


def _quotient(v: Val) -> tuple[Val, Val] | None:
    """(n, d) of `n / d` or `n * (1 / d)`, else None."""
    if v.op == "div" and len(v.args) == 2 and all(isinstance(x, Val) for x in v.args):
        return v.args[0], v.args[1]
    if v.op == "mul" and len(v.args) == 2 and all(isinstance(x, Val) for x in v.args):
        for n, r in (v.args, v.args[::-1]):
            if r.op == "div" and len(r.args) == 2 and isinstance(r.args[0], Val) and r.args[0].op == "const" and \
                    r.args[0].num == 1 and isinstance(r.args[1], Val):
                return n, r.args[1]
    return None


def same_forward(a: Val | None, b: Val | None) -> bool:
    """Two values denote the same forward tensor (the layer input the gradient needs)."""
    if a is None or b is None:
        return False
    a, b = strip_views(a), strip_views(b)
    if a is b:
        return True
    if a.home is not None and b.home is not None:
        return a.home == b.home
    if a.role is not None and b.role is not None:
        return a.role == b.role
    la = leaf_behind(a)
    lb = leaf_behind(b)
    if la is not None and la is lb:
        return True
    if a.op == "join":
        return any(same_forward(x, b) for x in a.args)
    if b.op == "join":
        return any(same_forward(a, x) for x in b.args)
    if a.op == b.op and a.op in ("getitem", "copy", "reshape", "T") and a.args and b.args:
        if same_forward(a.args[0], b.args[0]):
            return True
        if a.op == "getitem" and a.adj is None and b.adj is None:
            # `x[k][j]` read in the forward's loops and `x_t[i][k]` of `x_t = x.T` made in the backward's, with
            # x filled in entry by entry: entries of the one array the model holds under different writes
            root = _written_root(a)
            return root is not None and root is _written_root(b)
        return False
    if a.op == b.op == "concat":
        # [x, ones] built twice: the same tensor when the parts that carry data are the same
        pa = [p for p in a.args if isinstance(p, Val) and p.deps]
        pb = [p for p in b.args if isinstance(p, Val) and p.deps]
        return len(pa) == len(pb) > 0 and all(same_forward(x, y) for x, y in zip(pa, pb))
    if a.op == b.op and a.op in ("pow", "call", "mul") and a.adj is None and b.adj is None:
        return same_term(a, b)  # x**2 written again in the backward pass: the same input
    qa, qb = _quotient(a), _quotient(b)
    if qa is not None and qb is not None and a.adj is None and b.adj is None:
        # a norm's (x - mean) / sqrt(var + eps) recomputed from the cached x, maybe as (x - mean) * inv with
        # inv = 1 / sqrt(var + eps)
        return same_computation(qa[0], qb[0]) and same_computation(qa[1], qb[1])
    return False


def feeds(below: Unit, above: Unit) -> bool:
    """`below`'s output is an input of a layer of `above`: one layer after the other in the forward pass."""
    return below.output is not None and any(reads_forward(i, below.output) for lay in above.layers for i in lay.inputs)


def reads_forward(i: Val, x: Val) -> bool:
    """A layer's input `i` is the forward tensor `x`, or reads a run of an array `x` was written into entry by entry
    (`w3 @ out[0:2]` after `out[0] = sigmoid(...)`)."""
    return same_forward(i, x) or any(same_forward(w, x) for w in written_into(i)) or \
        x.kind == "num" and any(same_forward(e, x) for e in listed_numbers(i))


def listed_numbers(v: Val) -> list[Val]:
    """The numbers a list made into an array holds (`x + [1]` of one sample's numbers, read as an input vector)."""
    return [e for e in v.args if isinstance(e, Val)] if v.op == "array" else []


def written_into(v: Val) -> list[Val]:
    """What was written entry by entry into the array `v` reads part of (`out[0:2]` after `out[0] = sigmoid(...)`,
    `out[1] = sigmoid(...)`): the values of those writes, most recent first."""
    if v.op == "getitem" and v.args and isinstance(v.args[0], Val):
        v = v.args[0]
    found: list[Val] = []
    for _ in range(16):
        if v.op != "setitem" or len(v.args) != 3 or not isinstance(v.args[0], Val):
            break
        if isinstance(v.args[2], Val):
            found.append(v.args[2])
        v = v.args[0]
    return found


def along_gradient(v: Val, limit: int) -> Iterator[Val]:
    """`v` and the values its gradient came through (the arguments that carry one), `limit` at the most."""
    todo, seen = [v], 0
    while todo and seen < limit:
        x = todo.pop()
        seen += 1
        yield x
        todo.extend(a for a in x.args if isinstance(a, Val) and a.adj is not None)


def view_source(v: Val) -> Val | None:
    """The array a view reads (`W` of `W.T`, `W.reshape(...)`, `W[i]`, `np.flip(W)`, `W.copy()`), else None."""
    if v.op in ("T", "copy", "reshape", "flip", "getitem") and v.args and isinstance(v.args[0], Val):
        return v.args[0]
    return None


def weight_view(v: Val) -> Leaf | None:
    """The trained weight behind a view of it: W.T, W.reshape(...), W[:, ::-1, ::-1], np.flip(W)."""
    for _ in range(6):
        if v.leaf is not None and v.leaf.role == "weight" and v.leaf.layer is not None:
            return v.leaf
        if v.op in ("T", "copy", "reshape", "flip", "getitem") and v.args and v.adj is None:
            v = v.args[0]
        elif v.op == "leaf" and v.leaf is not None and isinstance(v.leaf.src, Val) and v.leaf.src.op == "copy" and \
                v.leaf.src.args and v.adj is None:
            v = v.leaf.src.args[0]  # `W_old = self.W.copy()` before the step: the forward's weight
        else:
            return None
    return None


def _written_root(v: Val) -> Leaf | None:
    """The array whose entries `v` reads, through views and the entry writes made into it, else None."""
    for _ in range(8):
        if v.op == "leaf" and v.leaf is not None:
            return v.leaf
        if v.op not in ("getitem", "T", "copy", "reshape", "setitem") or not v.args or not isinstance(v.args[0], Val):
            return None
        v = v.args[0]
    return None


def copy_source(v: Any) -> Leaf | None:
    """The leaf `v` is a copy of (`np.copy(self.biases)`, `p.copy()`), or None."""
    if isinstance(v, Val) and v.op == "copy" and v.args and isinstance(v.args[0], Val) and v.args[0].op == "leaf":
        return v.args[0].leaf
    return None


def strip_views(v: Val) -> Val:
    # (`inputs = np.array(batch / 255).reshape(n).T`, then `inputs.T`: views can stack up that deep)
    for _ in range(8):
        if v.op in ("T", "copy", "reshape") and v.args and v.home is None:
            v = v.args[0]
        elif v.op == "mul" and v.factors and v.adj is None and \
                len([f for f in v.factors if f.kind != "num"]) == 1:
            v = next(f for f in v.factors if f.kind != "num")
        else:
            break
    return v


def leaf_behind(v: Val) -> Leaf | None:
    base = v
    for _ in range(4):
        if base.leaf is not None:
            return base.leaf
        if base.op in ("T", "copy", "reshape", "getitem") and base.args:
            base = base.args[0]
        else:
            return None
    return None


def eval_cmp(op: str, a: Any, b: Any) -> bool:
    if op in ("Is", "IsNot") and isinstance(a, (str, int)) and type(a) is type(b):
        # `optimizer is 'SGD'`, `i is 0`: literals Python interns, so the test holds when the values match
        same = a == b
        return same if op == "Is" else not same
    return {"Eq": a == b, "NotEq": a != b, "Lt": a < b, "LtE": a <= b, "Gt": a > b, "GtE": a >= b,
            "Is": a is b, "IsNot": a is not b}[op]


def eval_arith(op: str, a: Any, b: Any) -> Any:
    if op == "Add":
        return a + b
    if op == "Sub":
        return a - b
    if op == "Mult":
        return a * b
    if op == "Div":
        return a / b
    if op == "FloorDiv":
        return a // b
    if op == "Pow":
        if abs(b) > 64:
            raise ValueError
        return a ** b
    if op == "Mod":
        return a % b
    raise ValueError(op)


def target_text(t: ast.AST) -> str:
    try:
        return ast.unparse(t)
    except Exception:  # pragma: no cover - unparse handles every expression node
        return "?"


def is_family_key(k: object) -> bool:
    """`("family", "W")`: the one key a dict keeps for all of `params['W' + str(l)]`."""
    return isinstance(k, tuple) and len(k) == 2 and k[0] == "family"


def carried_family(key: Val) -> tuple[str, str] | None:
    """The family a computed key was built for, when it was built apart (`W_key = "W" + str(i)`)."""
    p = key.payload if key.kind == "str" and key.op != "const" else None
    return p if is_family_key(p) else None


def loop_bound(func: ast.AST) -> frozenset[str]:
    """The names and attributes (`t`, `self.t`) a loop of `func` binds or rebinds: its targets and what its
    body assigns (nested functions and classes are their own)."""
    out: set[str] = set()

    def targets(node: ast.AST) -> Iterator[ast.AST]:
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            yield node.target
        elif isinstance(node, ast.Assign):
            yield from node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            yield node.target

    def walk(root: ast.AST) -> None:
        # (iterative: a generated expression thousands of operators deep must not exhaust the stack)
        todo: list[tuple[ast.AST, bool]] = [(root, False)]
        while todo:
            node, in_loop = todo.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                    continue
                loop = in_loop or isinstance(child, (ast.For, ast.AsyncFor, ast.While, ast.comprehension))
                if loop:
                    for t in targets(child):
                        bound(t)
                todo.append((child, loop))

    def bound(t: ast.AST) -> None:
        # (`x[i] = ...` writes into x and binds nothing)
        if isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                bound(e)
        elif isinstance(t, ast.Starred):
            bound(t.value)
        elif isinstance(t, (ast.Name, ast.Attribute)):
            out.add(ast.unparse(t))

    walk(func)
    return frozenset(out)


def rows_of(v: Val) -> Leaf | None:
    """The table whose rows `v` picks by computed indices (`W_out[ctx]`, `W_in[c][:, None, :]`), or None."""
    for _ in range(5):
        if v.adj is not None:
            return None
        if v.op in ("reshape", "copy") and v.args and isinstance(v.args[0], Val):
            v = v.args[0]
            continue
        if v.op == "call" and v.payload in ("mean", "sum") and len(v.args) == 1 and isinstance(v.args[0], Val) and \
                v.args[0].op == "getitem":
            # `W_in[context_idxs].mean(axis=0)`: CBOW's context words' rows averaged, rows of that table still
            v = v.args[0]
            continue
        if v.op == "concat" and v.args:
            # (`np.concatenate((pos_rows, neg_rows), axis=-2)`: rows of one table side by side)
            tables = {id(t): t for t in (rows_of(a) if isinstance(a, Val) else None for a in v.args)}
            one = list(tables.values())
            return one[0] if len(one) == 1 else None
        if v.op != "getitem" or len(v.args) < 2 or not isinstance(v.args[0], Val) or not isinstance(v.args[1], Val):
            return None
        base, idx = v.args[0], v.args[1]
        if base.op == "leaf" and base.leaf is not None:
            ok = idx.kind in ("arr", "num") and idx.op not in ("const", "slice") and not idx.cmp
            return base.leaf if ok else None
        v = base  # a view of picked rows (`rows[:, None, :]`)
    return None


def family_key(key: ast.AST) -> tuple[str, str] | None:
    """`'W' + str(l)`, `f"W{l}"`, `'W%d' % l`, `"W{}".format(l)`: one family of entries per constant prefix
    (W, b, dW)."""
    prefix = None
    if isinstance(key, ast.BinOp) and isinstance(key.op, ast.Add) and isinstance(key.left, ast.Constant) \
            and isinstance(key.left.value, str):
        prefix = key.left.value
    elif isinstance(key, ast.BinOp) and isinstance(key.op, ast.Mod) and isinstance(key.left, ast.Constant) \
            and isinstance(key.left.value, str):
        prefix = key.left.value.split("%", 1)[0]
    elif isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant):
        prefix = str(key.values[0].value)
    elif isinstance(key, ast.Call) and isinstance(key.func, ast.Attribute) and key.func.attr == "format" and \
            isinstance(key.func.value, ast.Constant) and isinstance(key.func.value.value, str):
        prefix = key.func.value.value.split("{", 1)[0]  # "W{}".format(l)
    return ("family", prefix) if prefix else None


_SCALINGS = ("mul", "div", "add", "sub", "neg")


def initialised(v: Val, depth: int = 0) -> bool:
    """A fresh array of random numbers, scaled (`np.random.randn(n, m) * np.sqrt(2 / n)`): an initial weight."""
    if v.op == "init":
        # (or a bias of a given shape, `np.zeros((n, 1))`; not `np.zeros_like(h)`, a state shaped like another)
        # (or made in a constructor by an initialiser of a module we cannot read, from sizes alone)
        # (`np.empty(...)`/`FloatTensor(n, m)` too: a tensor of a given size, its values filled in next)
        return bool(v.ev) and (v.ev.get("fn") in RANDOM_DRAWS or
                               v.ev.get("fn") in ("zeros", "ones", "empty") and not v.deps
                               or bool(v.ev.get("opaque")))
    if depth < 3 and v.op in ("mul", "div", "add", "sub") and v.kind == "arr" and not v.deps:
        return any(isinstance(a, Val) and initialised(a, depth + 1) for a in v.args)
    if depth < 3 and v.op == "copy" and len(v.args) == 1 and isinstance(v.args[0], Val) and not v.deps:
        # (`np.random.normal(0, 1, (n, m)).astype(dtype)`: the draw, cast; zeros cast, `np.array(np.zeros(shape),
        # dtype=d)`, stay room for sums, as a cast's copy of them always was)
        drawn = unscaled(v.args[0])
        return drawn.op == "init" and bool(drawn.ev) and drawn.ev.get("fn") in RANDOM_DRAWS and \
            initialised(v.args[0], depth + 1)
    return False


def made_fresh(leaf: Leaf) -> bool:
    """A leaf made by an initialiser (`initialised`): a random draw, zeros of a given shape, a framework's tensor of
    a given size."""
    return isinstance(leaf.src, Val) and initialised(leaf.src)


def unscaled(v: Val, through: tuple[str, ...] = ()) -> Val:
    """What a value scales: `np.random.randn(n, m) * 0.01` -> the draw (also through the ops in `through`)."""
    for _ in range(8):
        if v.op in _SCALINGS + through and v.args:
            parts = [a for a in v.args if isinstance(a, Val) and a.op != "const"]
            # `scale * np.random.randn(n, m)` with a computed scale: the draw, not the scale
            # (`np.random.randn(n, m).astype(dtype) * std`: the draw behind a view or copy, before the scale)
            v = next((a for a in parts if a.op == "init"),
                     next((a for a in parts if a.op in through), parts[0] if parts else v.args[0]))
        else:
            break
    return v


_PARAM_WORD = re.compile(r"^(w|b|W|B|weights?|bias(es)?|gamma|beta|kernel|theta|params?)\d*$")


#: `dL_d`, `dloss_d`, `dJd`: the head of a name that writes the loss's derivative out as a fraction
DL_D_HEAD = r"d(?:L|l|J|E|C|loss|cost|err|error)_?d"
#: `dLdW`, `dL_dW`, `dl_dw1`, `dloss_dw`, `dJ_db`, `dE_dWo`: the loss's derivative by a parameter, the fraction written out
DL_D_NAME = re.compile(rf"^{DL_D_HEAD}_?([A-Za-z]\w*)$")


#: attributes a hand-written framework keeps a tensor's own gradient in (`out.g`, `inp.g = out.g @ w.t()`):
#: the gradient travels on the value it differentiates instead of under a name of its own
GRADIENT_SLOTS = frozenset({"g", "gradient"})


def writes_gradient_slot(func: Any) -> bool:
    """The function stores a gradient on a value (`inp.g = ...`): it is a backward pass that reads its upstream
    gradient from the output it was handed (`out.g`)."""
    for node in ast.walk(func):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr in GRADIENT_SLOTS for t in targets):
                return True
    return False


def gradient_of_name(name: str) -> str | None:
    """The parameter an attribute name says it is the gradient of: `dW` -> `W`, `grad_weights` ->
    `weights`, `bias_grad` -> `bias`, `dLdWf` / `dloss_dw` (dL/dW written out) -> `Wf` / `w`; None for other
    names (`data`, `decay`, `dim`)."""
    spelt = DL_D_NAME.match(name)
    if spelt is not None:
        rest = spelt.group(1)
        return rest if rest[:1].isupper() or _PARAM_WORD.match(rest) else None
    for pre in ("grad_", "d_", "grad", "d"):
        if name.startswith(pre) and len(name) > len(pre):
            rest = name[len(pre):]
            if rest[:1].isupper() or _PARAM_WORD.match(rest):
                return rest
    for post in ("_grad", "_gradient", "Grad"):
        if name.endswith(post) and len(name) > len(post) and _PARAM_WORD.match(name[:-len(post)]):
            return name[:-len(post)]
    return None


def gradient_names(name: str) -> set[str]:
    """What a name may say it holds the gradient of: `dW_ih` -> W_ih; `db`, `d_b`, `grad_b`, `b_grad`,
    `gradient_b` -> b."""
    return {gradient_of_name(name), name[2:] if name.startswith("d_") else None,
            name[1:] if name.startswith("d") else None, name[5:] if name.startswith("grad_") else None,
            name[:-5] if name.endswith("_grad") else None,
            # (`gradient_b3`, `b3_gradient`)
            name[9:] if name.startswith("gradient_") else None,
            name[:-9] if name.endswith("_gradient") else None} - {None, ""}


def named_by_target(target: ast.expr | None, params: list[str]) -> int | None:
    """The one of `params` (the weights or biases of one pre-activation) an assignment target is named as the
    gradient of (`self.db_hh` of `self.b_hh`, `dW_ih` of `W_ih`), by its index; None unless exactly one. For telling
    apart a layer's own parameters, not for finding any."""
    while isinstance(target, ast.Subscript):
        target = target.value
    name = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else ""
    if not name:
        return None
    owns = gradient_names(name)
    hits = [i for i, p in enumerate(params)
            if p.rpartition(".")[2] in owns or name == f"g_{p.rpartition('.')[2]}"]
    return hits[0] if len(hits) == 1 else None


def imports(tree: ast.AST) -> list[tuple[str, set[str]]]:
    """Every absolute import in a tree: the module's dotted name, with the names taken from it (none for `import m`)."""
    out: list[tuple[str, set[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((a.name, set()) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.module, {a.name for a in node.names}))
    return out


def callee_name(f: ast.expr) -> str | None:
    """`sum` of `np.sum(...)` or of `sum(...)`: the name a call's function is written with."""
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def single_target(node: Any) -> ast.expr | None:
    """What a statement assigns to: the target of `x += ...`, `x: T = ...`, or the one target of `x = ...`."""
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return node.target
    return node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None


def gradient_owner(target: ast.expr | None) -> str | None:
    """The parameter whose gradient an assignment target says it holds, through subscripts: `dW[..., c]` -> `W`,
    `self.db[f]` -> `b`; None for other names."""
    while isinstance(target, ast.Subscript):
        target = target.value
    name = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else ""
    return gradient_of_name(name)


def code_body(node: Any) -> list[ast.stmt]:
    """A function's statements without its docstring or other bare constants."""
    return [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]


_TRAIN_CALL = re.compile(r"^(train|fit)(_|$)", re.IGNORECASE)


def smoke_test(st: ast.stmt, module: ast.AST) -> bool:
    """`if __name__ == "__main__":` with no loop, in it or in the module's functions it calls (not
    `main()` running a training loop): a library's smoke test, one call of each method on made-up data.
    What it calls is still analysed as code nothing here trains with (entry points)."""
    if not isinstance(st, ast.If) or st.orelse:
        return False
    known = getattr(st, "_bp_smoke", None)  # decided once: the module scan and both passes ask
    if known is None:
        known = st._bp_smoke = _smoke_test(st, module)  # type: ignore[attr-defined]
    return known


def _walks_names(loop: ast.AST) -> bool:
    """`for CLS in [SGD, Momentum, Adam]`, `for key in params.keys()`: a loop over the entries of a list written
    out or of a dict, which repeats no training step."""
    it = loop.iter if isinstance(loop, (ast.For, ast.AsyncFor)) else None
    if isinstance(it, (ast.List, ast.Tuple, ast.Set)):
        return True
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and \
        it.func.attr in ("keys", "items", "values") and not it.args


def _smoke_test(st: ast.If, module: ast.AST) -> bool:
    t = st.test
    main = isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq) and \
        {ast.unparse(t.left), ast.unparse(t.comparators[0])} in ({"__name__", "'__main__'"}, {"__name__", '"__main__"'})
    if not main:
        return False
    # the module's functions and methods by name: a call reaches every definition of that name
    defs: dict[str, list[ast.AST]] = {}
    for d in ast.walk(module):
        if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs.setdefault(d.name, []).append(d)
    todo, seen = [st], set()
    while todo:
        part = todo.pop()
        for n in ast.walk(part):
            if isinstance(n, (ast.For, ast.While, ast.AsyncFor, ast.ListComp)) and not _walks_names(n):
                return False  # a training loop, here or in what it calls: a driver, not a smoke test
            if isinstance(n, ast.Call):
                name = n.func.id if isinstance(n.func, ast.Name) else n.func.attr if \
                    isinstance(n.func, ast.Attribute) else None
                if name is not None and name not in defs and _TRAIN_CALL.match(name):
                    return False  # `model.train(X, y)` of a class another file defines: its loop is there
                for d in defs.get(name or "", []):
                    if id(d) not in seen:
                        seen.add(id(d))
                        todo.append(d)
    return True


def kept_as_lists(leaf: Leaf | None) -> bool:
    """A weight made as lists of numbers (`[[random.random() for _ in range(n)] for _ in range(m)]`): every
    product the backward pass writes with it is of single numbers, one entry of a matrix product's."""
    src = leaf.src if leaf is not None else None
    return isinstance(src, Val) and bool((src.ev or {}).get("lists"))


def made_as_vector(leaf: Leaf | None) -> bool:
    """A weight made 1-D (`np.random.rand(4)`, `np.zeros((n,))`, `rng.normal(0, 1, n) * 0.1`): one output
    unit, whose transpose is itself."""
    dims = init_dims(leaf)
    if dims is None and leaf is not None and leaf.packed is not None and isinstance(leaf.src, Val) and \
            leaf.src.op == "getitem" and len(leaf.src.args) == 2 and isinstance(leaf.src.args[1], Val) and \
            leaf.src.args[1].op == "slice":
        return made_as_vector(leaf.packed)  # w_[1:] of a 1-D w_: 1-D too
    src = leaf.src if leaf is not None else None
    if dims is None and isinstance(src, Val) and src.op == "array" and src.args and \
            all(isinstance(a, Val) and a.kind == "num" for a in src.args):
        return True  # np.array([0.5, -0.6]): written out as one row of numbers
    return dims is not None and len(dims) == 1 and isinstance(dims[0], Val) and dims[0].kind == "num"


def init_dims(leaf: Leaf | None) -> list[Val] | None:
    """The dimensions a weight was made with (`np.random.randn(1, 4) * 0.01` -> [1, 4]), or None."""
    src = leaf.src if leaf is not None else None
    for _ in range(3):
        if isinstance(src, Val) and src.op in ("mul", "div") and src.args:
            src = next((a for a in src.args if isinstance(a, Val) and a.op == "init"), src.args[0])
    if not isinstance(src, Val) or src.op != "init" or not src.ev:
        return None
    fn, args, kw = src.ev.get("fn"), src.ev.get("args") or [], src.ev.get("kw") or {}
    if fn in ("normal", "uniform"):
        size = kw.get("size", args[2] if len(args) > 2 else None)
        dims = [size] if size is not None else []
    elif fn in ("rand", "randn", "zeros", "ones", "empty", "random", "standard_normal", "random_sample"):
        dims = list(args) if "size" not in kw and "shape" not in kw else [kw.get("size", kw.get("shape"))]
    else:
        return None
    if len(dims) == 1 and isinstance(dims[0], Val) and dims[0].kind == "seq" and dims[0].summary is None:
        dims = list(dims[0].elems or [])
    return dims


def repeats(o: Val, left: bool) -> bool:
    """`np.ones((n, 1)) @ d` (left), `c @ np.ones((1, m))` (right): a ones-matrix whose dimension the product
    contracts over has size 1, so the product repeats the other operand instead of summing it."""
    if not made_by(o, ("ones",)):
        return False
    v = o.leaf.src if o.op == "leaf" and o.leaf is not None and isinstance(o.leaf.src, Val) else o
    args = (v.ev or {}).get("args") or []
    shape = ((v.ev or {}).get("kw") or {}).get("shape")
    if not args and isinstance(shape, Val):
        args = [shape]  # (`np.ones(shape=(n, 1))`)
    if len(args) != 1 or not isinstance(args[0], Val) or args[0].kind != "seq" or not args[0].elems:
        return False
    d = args[0].elems[-1] if left else args[0].elems[0]
    return d.op == "const" and d.num == 1


def func_node(f: Val) -> object:
    """The definition a function value runs (its `def` or lambda node), or None."""
    return f.payload[0] if isinstance(f.payload, tuple) and f.payload else None


def diagonal_of(v: Val) -> Val | None:
    """d when v is np.diag(d) (np.diagflat(d)) of an array that carries no gradient, else None."""
    if v.op == "call" and v.payload == "diag" and v.args and isinstance(v.args[0], Val) and v.adj is None and \
            v.args[0].kind == "arr" and v.args[0].adj is None:
        return v.args[0]
    return None


def loops_binding(func: Any, node: ast.AST, names: set[str]) -> list[ast.For]:
    """The `for` loops of `func` around statement `node` whose target binds one of `names` (`for k in
    layer.params:` around `layer.params[k] += v[k]`): the statement walks what the loop walks."""
    return [loop for loop in ast.walk(func) if isinstance(loop, ast.For)
            and any(isinstance(t, ast.Name) and t.id in names for t in ast.walk(loop.target))
            and any(n is node for s in loop.body for n in ast.walk(s))]


#: elementwise library functions (canonical names) that an activation of the file's own is built from
_ELEMENTWISE_CALLS = frozenset({"exp", "log", "tanh", "sqrt", "where", "maximum", "minimum", "clip", "abs", "sign",
                                "square", "heaviside", "sigmoid", "power", "erf", "log1p", "expm1", "cosh", "sinh",
                                "reciprocal"})
#: (a copy: `.astype(x.dtype)`, `np.array(v)`)
_ELEMENTWISE_OPS = frozenset({"mul", "add", "sub", "div", "pow", "neg", "cmp", "copy"})


def elementwise_of(v: Val, x: Val | tuple[Val, ...], budget: int = 120,
                   also: Callable[[Val], bool] | None = None) -> tuple[bool, bool]:
    """Whether `v` is made from `x` by elementwise arithmetic and numbers alone, and whether some step of
    it is not linear: `np.where(z > 0, z, a * (np.exp(z) - 1))` of `z` is (True, True); `2 * z` is (True,
    False); anything reading another array, reducing or multiplying matrices is (False, False)."""
    depends = nonlinear = False
    xs = x if isinstance(x, tuple) else (x,)  # (several: `np.where(z > 0, 1, out + a)` of an ELU reads both)
    stack, seen = [v], set()
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        budget -= 1
        if budget < 0:
            return False, False
        if any(n is o or (n.op == o.op and same_value(n, o)) for o in xs) or also is not None and also(n):
            depends = True
            continue
        if n.kind == "num" or n.op == "const" or _named_constant(n):
            continue
        if n.op == "call" and n.payload in _ELEMENTWISE_CALLS:
            nonlinear = True
        elif n.op not in _ELEMENTWISE_OPS:
            return False, False
        args = [a for a in n.args if isinstance(a, Val)]
        if n.op == "cmp" or (n.op == "div" and len(args) == 2 and args[1].kind != "num") or \
                (n.op == "pow" and len(args) == 2 and args[1].num not in (1, 1.0)):
            nonlinear = True
        stack.extend(args)
    return depends, depends and nonlinear


def _named_constant(v: Val) -> bool:
    """`c = np.sqrt(2 / np.pi)`: a name holding a number computed from numbers, no array and no draw."""
    src = v.leaf.src if v.op == "leaf" and v.leaf is not None else None
    return isinstance(src, Val) and v.leaf.role is None and not v.leaf.data and src.op not in ("init", "leaf") \
        and not src.deps


def reachable(v: Val, descend: Callable[[Val], bool], depth: int,
              keep: Callable[[Val], bool] = lambda a: True) -> Iterator[Val]:
    """`v` and the values it is computed from, each once, at most `depth` steps back: through the arguments
    (those `keep` accepts) of each value `descend` accepts."""
    todo, seen = [(v, 0)], set()
    while todo:
        x, d = todo.pop()
        if id(x) in seen or d > depth:
            continue
        seen.add(id(x))
        yield x
        if descend(x):
            todo.extend((a, d + 1) for a in x.args if isinstance(a, Val) and keep(a))


def picks_element(v: Val, depth: int = 0) -> bool:
    """One element of an array, or a number made from one (`p[j]`, `np.exp(scores[j]) / denom`)."""
    if v.op == "getitem":
        return True
    return depth < 3 and v.op in ("div", "mul", "call", "sub") and \
        any(isinstance(a, Val) and a.kind != "num" and picks_element(a, depth + 1) for a in v.args)


#: a name's last part when it is a string key: `self.weights['b']` -> b
_KEPT_UNDER = re.compile(r"\[['\"](\w+)['\"]\]$")


def names_bias_of(target: ast.expr, v: Val) -> bool:
    """`db`, `self.grad_b1`: a name that says it holds the gradient of the bias of v's layer (v a delta)."""
    if v.adj is None or v.adj.pos != "y" or v.adj.unit is None or not v.adj.unit.biases:
        return False
    name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else None
    if not name:
        return False
    # d_by, db, grad_b, b_grad: what the name says it is the gradient of (the layer's own bias decides)
    owns = gradient_names(name)
    # (`self.weights['b']`: the key it is kept under)
    biases = [m.group(1) if (m := _KEPT_UNDER.search(b.name)) else b.name.rsplit(".", 1)[-1].strip("'[]\"")
              for b in v.adj.unit.biases]
    # `d_b` of a layer whose bias is `bh`: the short name of the one bias it has; `grad_b1`, `grad_real_b1` of a
    # bias `self.g_b1`: the same last part of the name, the other parts saying which network or which samples
    return any(own == b or own.replace("_", "").lower() == b.replace("_", "").lower() or
               (len(biases) == 1 and b.startswith(own) and own[:1] == "b") or
               ("_" in own or "_" in b) and own.rsplit("_", 1)[-1] == b.rsplit("_", 1)[-1] and
               own.rsplit("_", 1)[-1][:1] == "b" for own in owns for b in biases)


def self_attrs_read(node: ast.AST) -> set[str]:
    """The attributes of `self` a statement reads or writes (`lr` of `p.value += self.lr * p.grad`)."""
    return {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and
            n.value.id == "self"}


def sign_flipped(cls_node: ast.ClassDef) -> set[str]:
    """The attributes a method of the class negates - `self.lr *= -1`, `self.lr = -self.lr`,
    `self.lr = -abs(self.lr)` - as an optimiser's `minimize`/`maximize` do to pick the step's direction."""
    out: set[str] = set()
    for n in ast.walk(cls_node):
        t = n.target if isinstance(n, ast.AugAssign) else n.targets[0] if isinstance(n, ast.Assign) and \
            len(n.targets) == 1 else None
        if not (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"):
            continue
        v = n.value  # type: ignore[union-attr]
        negated = isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.USub)
        if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Mult) and negated and \
                isinstance(v.operand, ast.Constant) or isinstance(n, ast.Assign) and negated and \
                any(isinstance(x, ast.Attribute) and x.attr == t.attr for x in ast.walk(v.operand)):
            out.add(t.attr)
    return out


#: the longest list whose length counts as a known number (`len(sizes)`): as many positions as a loop is unrolled for
_MAX_COUNTED = 16


def count_of(v: Val, depth: int = 0) -> tuple[int, bool] | None:
    """A whole number known from the model: a constant, or the length of a list known element by element
    (`len(sizes)`, `len(sizes) - 1`); and whether a length went into it (such a count is kept symbolic
    elsewhere, so a layer-size list's loops stay a family)."""
    if v.kind == "num" and type(v.num) is int:
        return v.num, False
    if depth > 3:
        return None
    if v.op == "len" and v.args and isinstance(v.args[0], Val):
        lst = v.args[0]
        if lst.kind == "seq" and lst.summary is None and lst.elems is not None and lst.op != "join" and \
                len(lst.elems) <= _MAX_COUNTED:
            return len(lst.elems), True
        return None
    if v.op in ("add", "sub") and len(v.args) == 2 and all(isinstance(a, Val) for a in v.args):
        a, b = count_of(v.args[0], depth + 1), count_of(v.args[1], depth + 1)
        if a is None or b is None:
            return None
        return (a[0] + b[0] if v.op == "add" else a[0] - b[0]), a[1] or b[1]
    if v.op == "neg" and v.args and isinstance(v.args[0], Val):
        a = count_of(v.args[0], depth + 1)
        return None if a is None else (-a[0], a[1])
    return None


def clip_bounds(args: list[Val] | tuple, kw: dict[str, Val]) -> tuple[Val | None, Val | None]:
    """(lower, upper) of `np.clip(x, lo, hi)` / `x.clamp(min=lo, max=hi)` from its arguments, None where not given."""
    lo = kw.get("min", kw.get("a_min", args[1] if len(args) > 1 else None))
    hi = kw.get("max", kw.get("a_max", args[2] if len(args) > 2 else None))
    return lo, hi
