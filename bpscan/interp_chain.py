"""The chain rule written one forward node at a time: `dprobs = (1 / probs) * dlogprobs`, `dcounts = ... * dprobs`.

A backward pass written out node by node (the "backprop ninja" exercise, a batch norm's staged backward)
carries the loss's gradient through each forward operation in turn: each statement multiplies the gradient
of a node `y` by the local derivative of `y` with respect to one of its operands `x`, and the result is the
gradient of `x`. This part of the interpreter places each such gradient at the node it belongs to, so that
the statements are tagged (as the error while the node lies between the output layer and the loss, as
formula 1 inside a layer) and the gradient reaches the layers' pre-activations, where formulas 2 and 3 take
over. It never judges a local derivative: a statement it cannot place keeps the gradient where it was.
"""

from __future__ import annotations

import ast

from bpscan.rules.vocabulary import RATE_NAME
from bpscan.terms import made_by, same_term, same_value, strip_views
from bpscan.values import GRAD, UNKNOWN_SIGN, Adj, Unit, Val

#: elementwise functions whose gradient is the upstream one times a function of their operand alone
_UNARY = frozenset({"log", "exp", "sqrt", "rsqrt", "tanh", "sigmoid", "abs", "square"})
#: operations by which a statement computes a new gradient from a chain's gradient (not copies, views or picks)
_STEP_OPS = frozenset({"mul", "div", "add", "sub", "neg", "call", "matmul", "pow"})
#: how far a node's operands are searched for the layer it belongs to
_REGION_DEPTH = 8


class ChainMixin:
    """Part of the abstract interpreter (see bpscan.interp.Interp)."""

    # ------------------------------------------------------------------ seeds
    def loss_seed(self, base: Val, value: Val) -> Adj | None:
        """`d = zeros_like(logprobs); d[range(n), y] = -1 / n`: the gradient of the mean negative log-likelihood
        with respect to the log-probabilities it picks, written into a buffer shaped like them."""
        shaped_like = made_by(base, ("zeros_like",))
        # (`-1.0 / n` with n a batch size the file reads from a shape: a negative number all the same)
        if value.kind != "num" or value.adj is not None or self.sign_of(value) >= 0 or \
                not (shaped_like or made_by(base, ("zeros",))):
            return None
        if shaped_like:
            src = base.leaf.src if base.op == "leaf" and base.leaf is not None else base
            args = (src.ev or {}).get("args") if isinstance(src, Val) else None
            logp = args[0] if args and isinstance(args[0], Val) else None
        else:
            # `torch.zeros((n, vocab))`: shaped by numbers, the buffer of the log-probabilities the loss last took
            logp = self.log_probs
        if logp is None or logp.op != "call" or logp.payload != "log" or not logp.args:
            return None
        probs = strip_views(logp.args[0])
        if probs.act is None or probs.act[0] != "softmax":
            return None
        adj = Adj(GRAD, "v", None, node=logp)
        adj.chain = "error"
        self.chain_tag(logp, None, adj.chain)
        return adj

    def autograd_delta(self, v: Val) -> Adj | None:
        """`z.grad` of a layer's pre-activation (kept with `retain_grad()`): that layer's delta."""
        unit = _summed_in(strip_views(v))
        return Adj(GRAD, "y", unit) if unit is not None else None

    # ------------------------------------------------------------------ steps
    def chain_product(self, g: Val, rest: list[Val]) -> Adj | None:
        """`g * f1 * ... ` with g the gradient of a node y: the gradient of the operand x of y that the other
        factors differentiate y by (its partner in a product, or a function of x for log, exp, powers, sums and
        maxima)."""
        y = g.adj.node
        if y is None or g.adj.pos not in ("v", "x"):
            return None
        ones = [f for f in rest if _ones(f)]
        factors = [f for f in rest if f.kind != "num" and not _ones(f)]
        scale = 1
        for f in rest:
            if f.kind == "num":
                scale *= self.sign_of(f)
        if not factors and scale < 0 and _without_offset(y).op == "sub":
            # `-1 * np.sum(dxmu, axis=0)` for xmu = x - mu: the gradient of mu
            return self.chain_negated(g)
        if not factors and not ones and (any(_rate(f) for f in rest) or self._in_step()):
            return None  # `-lr * g`: the gradient scaled by the step size, a step to take - no link of the chain
        x = _operand_by(y, factors)
        if x is None:
            return None
        # (`ones_like(h) * d_sum`: the gradient of a sum spread back over what it summed)
        x = _spread(x, ones)
        return self.chain_place(g.adj.sign, x, g.adj.unit, g.adj.chain or "F1")

    def _in_step(self) -> bool:
        """The statement steps a parameter in place by scattering into its rows (`np.add.at(W, ids, -lr * g)`):
        numbers multiplying a gradient there scale the step."""
        node = self.cur.node if self.cur is not None else None
        call = node.value if isinstance(node, ast.Expr) else None
        return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "at"

    def chain_quotient(self, g: Val, d: Val) -> Adj | None:
        """`d_y / x` for y = log(x) (or `d_y / y` for y = sqrt(x)): the gradient of y's operand. A product's gradient
        is never divided by its partner, so products are left to `chain_product`."""
        y = g.adj.node if g.adj.pos in ("v", "x") and g.adj.chain else None
        if y is None or _without_offset(y).op == "mul" or d.kind == "num":
            return None
        x = _operand_by(y, [d])
        return self.chain_place(g.adj.sign, x, g.adj.unit, g.adj.chain) if x is not None else None

    def chain_scatter(self, base: Val, v: Val) -> Adj | None:
        """`d = zeros_like(x); d[range(n), x.argmax(1)] = d_m` for m = x.max(1): the maximum's gradient put back at
        the positions it was taken from, the gradient of x."""
        y = strip_views(v).adj.node if v.adj is not None and v.adj.chain else None
        if y is None or y.op != "call" or y.payload not in ("max", "min") or not y.args or \
                not made_by(base, ("zeros_like",)):
            return None
        src = base.leaf.src if base.op == "leaf" and base.leaf is not None else base
        args = (src.ev or {}).get("args") if isinstance(src, Val) else None
        x = y.args[0]
        if not args or not isinstance(args[0], Val) or not _same_node(strip_views(args[0]), strip_views(x)):
            return None
        return self.chain_place(v.adj.sign, x, v.adj.unit, v.adj.chain)

    def chain_in_place(self, base: Val, v: Val) -> Adj | None:
        """`d[rows, arg] += d_max[:, 0]` (or `d[i] = d[i] + g`) into a node's gradient: the sum decided where the
        whole goes (`chain_sum` saw both parts), so the array's gradient is the sum's."""
        if base.adj is None or not base.adj.chain or v.adj is None or v.op != "add" or not any(
                isinstance(a, Val) and a.op == "getitem" and a.args and a.args[0] is base for a in v.args):
            return None
        return v.adj

    def chain_negated(self, g: Val) -> Adj | None:
        """`-d_y` for y = a - b: the gradient of b."""
        y = _without_offset(g.adj.node) if g.adj is not None and g.adj.pos in ("v", "x") and g.adj.chain and \
            g.adj.node is not None else None
        if y is None or y.op != "sub" or len(y.args) != 2 or not isinstance(y.args[1], Val) or \
                y.args[1].kind != "arr":
            return None
        return self.chain_place(g.adj.sign, y.args[1], g.adj.unit, g.adj.chain)

    def chain_sum(self, a: Adj, b: Adj) -> Adj | None:
        """`d_a += d_y` pieces meeting: the gradient of y = a - b (or a + b) and one of a's own are both a's."""
        for one, other in ((a, b), (b, a)):
            y = one.node if one.pos in ("v", "x") and one.chain else None
            if y is None or y.op not in ("add", "sub") or len(y.args) != 2 or not isinstance(y.args[0], Val):
                continue
            first = strip_views(y.args[0])
            sign = one.sign if one.sign == other.sign else UNKNOWN_SIGN
            if other.pos == "v" and other.node is not None and _same_node(strip_views(other.node), first) or \
                    other.pos == "y" and other.unit is not None and first.role is not None and \
                    first.role[1] is other.unit and _layer_sum(first, other.unit):
                out = other.with_sign(sign)
                self.chain_tag(other.node if other.pos == "v" and other.node is not None else first, out.unit,
                               one.chain)
                return out
            taken = strip_views(other.node) if other.pos == "v" and other.node is not None else None
            if taken is not None and taken.op == "call" and taken.payload in ("max", "min") and taken.args and \
                    _same_node(strip_views(taken.args[0]), first) and y.op == "sub":
                # `dlogits[rows, argmax] += d_max` for y = x - max(x): the maximum's part of x's gradient joins
                # the difference's
                return self.chain_place(sign, first, one.unit, one.chain)
        if a.pos in ("v", "x") and b.pos in ("v", "x") and a.node is not None and b.node is not None and \
                _same_node(strip_views(a.node), strip_views(b.node)) and not gated_value(a.node) and \
                ("v" in (a.pos, b.pos) or _normalised(a.node)):
            # `dx1 = dxmu1 + dxmu2`: the two paths' parts of one node's gradient
            out = a.with_sign(a.sign if a.sign == b.sign else UNKNOWN_SIGN)
            out.chain = a.chain or b.chain or "F1"
            self.chain_tag(a.node, out.unit, out.chain)
            return out
        return None

    def chain_place(self, sign: int, node: Val, unit: Unit | None, kind: str) -> Adj:
        """The gradient of `node` as the rest of the model knows it: at a layer's pre-activation, the layer's
        delta; elsewhere, at the node itself (in the layer `unit` the gradient came through, when the node's own
        operands name none). The statement is tagged `kind`: the error while the chain has come from the loss's
        seed without reaching a layer, formula 1 inside one."""
        node = _without_offset(strip_views(node))
        layer = _summed_in(node)
        if layer is not None:
            adj = Adj(sign, "y", layer)
        else:
            adj = Adj(sign, "v", unit or _region(node), node=node)
            adj.chain = kind
        self.chain_tag(node, adj.unit, kind)
        return adj

    def unplaced_step(self, value: Val, n_events: int) -> None:
        """`dvar = dinvstd * (-1 / (var + eps))` computed here from a gradient of the chain that this part of the
        interpreter could not place at a forward node (the backward recomputes `x - mean` instead of reading the
        forward's): a step of the chain all the same, tagged as one when its result flows on into a tagged
        statement (the model keeps it only then, see `Model._tags`)."""
        a = value.adj
        if a is None or not (a.chain or a.pos == "v" and a.node is not None) or a.pos not in ("v", "x") or \
                a.node is not None and (a.node.act is not None or gated_value(a.node)) or value.stmt is not self.cur or \
                self.discovery or self.quiet or value.op not in _STEP_OPS or _optimiser_state(value):
            return
        if any(e.stmt is self.cur for e in self.events[n_events:]):
            return
        # (a forward node's gradient that no chain from the loss's seed placed - a batch norm's `dx_norm = dout *
        # gamma` below the output layer - is inside a layer; the gradients of a recurrent cell's gates and of the
        # states they make, `do = dh * tanh(c)`, follow the rules of recurrent layers instead)
        self.emit("chain", a.unit, None, tag=a.chain or "F1", unplaced=True)

    def chain_returned(self, v: Val) -> Val:
        """`return dx, dgamma, dbeta` of a normalisation's backward pass, called on a layer's pre-activation: the
        gradient that reached the normalised node, summed over its paths by the function's last steps (which the
        chain could not place one by one), is handed back as the gradient of the normalised input - that layer's
        delta, for the formulas that read it next. Whether the steps sum to it is `bpscan verify`'s to check."""
        if v.kind == "seq" and v.elems and v.summary is None:
            new = [self._at_normalised_input(e) for e in v.elems]
            return self.seq(new) if any(n is not e for n, e in zip(new, v.elems)) else v
        return self._at_normalised_input(v)

    def _at_normalised_input(self, v: Val) -> Val:
        a = v.adj
        if a is None or a.pos != "v" or a.node is None or v.kind != "arr":
            return v
        unit = _normalised_preact(a.node)
        if unit is None:
            return v
        out = v.snapshot()
        out.adj = Adj(a.sign, "y", unit)
        return out

    def chain_tag(self, node: Val, unit: Unit | None, kind: str) -> None:
        """Tag this statement a step of the chain, for the layer the gradient came through or the node's own."""
        self.emit("chain", unit or _region(node), None, tag=kind, node=node)


def _optimiser_state(v: Val, depth: int = 0) -> bool:
    """`m = beta * m + (1 - beta) * g`, `v = mu * v - lr * g`, and `m / (1 - beta ** t)` of one: an optimiser's
    running average of the gradient (each term scaled by a number), not a step of the chain."""
    args = [a for a in v.args if isinstance(a, Val)]
    if v.op in ("div", "mul") and len(args) == 2 and depth < 2:
        nums = [a for a in args if a.kind == "num"]
        return len(nums) == 1 and _optimiser_state(next(a for a in args if a.kind != "num"), depth + 1)
    return v.op in ("add", "sub") and len(args) == 2 and all(
        a.op == "mul" and any(isinstance(f, Val) and f.kind == "num" for f in (a.factors or a.args)) for a in args)


def _same_node(a: Val, b: Val) -> bool:
    """The same forward value, also as made by the same statement on another pass over a loop (a buffer made
    once, `d = zeros_like(logprobs)`, remembers the first pass's `logprobs`)."""
    return same_value(a, b) or a.stmt is not None and a.stmt is b.stmt and a.name is not None and \
        a.name == b.name and a.op == b.op and a.payload == b.payload


def _summed_in(node: Val) -> Unit | None:
    """The layer whose pre-activation `node` is, or None."""
    role = node.role
    return role[1] if role is not None and role[0] in ("y", "mm") and _layer_sum(node, role[1]) else None


def _layer_sum(node: Val, unit: Unit) -> bool:
    """`x @ W + b` (or `x @ W`) itself: the layer's pre-activation, not a value computed from it."""
    if unit.preact is not None and _same_node(strip_views(unit.preact), node):
        return True
    if node.role is not None and node.role[0] == "mm":
        return True
    return node.op == "add" and any(isinstance(a, Val) and a.op == "leaf" and a.leaf in unit.biases
                                    for a in node.args)


def _ones(f: Val) -> bool:
    """`ones_like(x)`, `np.ones((N, D))`: spreading a gradient over what a sum summed."""
    return made_by(f, ("ones", "ones_like"))


def _operand_by(y: Val, factors: list[Val]) -> Val | None:
    """The operand x of the forward node y whose local derivative `factors` are."""
    y = _without_offset(y)
    if y.op == "mul" and y.factors:
        # y = a * b: d_y * b is a's gradient (the numbers that scale y change nothing of where it goes)
        left = [f for f in y.factors if f.kind != "num"]
        for f in factors:
            hit = next((r for r in left if _same_node(r, f) or same_term(r, f)), None)
            if hit is None:
                return None
            left.remove(hit)
        return left[0] if len(left) == 1 else None
    if y.op == "call" and y.args and isinstance(y.args[0], Val):
        x = y.args[0]
        if y.payload in ("sum", "mean"):
            return x if all(_local(f, x, y) for f in factors) else None  # (broadcast back: maybe no factor)
        if y.payload in _UNARY:
            return x if factors and all(_local(f, x, y) for f in factors) else None
        if y.payload == "max":
            # the one-hot of the maxima's positions: a mask of no parameter's
            return x if all(not f.deps or _local(f, x, y) for f in factors) and factors else None
    if y.op == "div" and len(y.args) == 2 and isinstance(y.args[0], Val) and y.args[0].op == "const" and \
            isinstance(y.args[1], Val):
        # y = 1 / x (an inverse standard deviation)
        x = y.args[1]
        return x if factors and all(_local(f, x, y) for f in factors) else None
    if y.op == "pow" and len(y.args) == 2 and isinstance(y.args[0], Val) and isinstance(y.args[1].num, (int, float)):
        x = y.args[0]
        return x if factors and all(_local(f, x, y) for f in factors) else None
    return None


def _local(f: Val, x: Val, y: Val) -> bool:
    """`f` is made of x, y (or what x is made of) and numbers only (1 / x, y, 2 * x, -0.5 * (v + eps) ** -1.5 for
    x = v + eps)."""
    allowed = [x, y]
    for a in x.args[:2] if x.op in ("add", "sub", "mul") else ():
        if isinstance(a, Val) and a.kind == "arr":
            allowed.append(a)
    todo, seen = [f], 0
    while todo:
        v = todo.pop()
        seen += 1
        if seen > 32:
            return False
        if any(_same_node(v, a) for a in allowed) or v.kind == "num" or v.op == "const":
            continue
        if v.op in ("leaf", "unknown", "init", "join") or not v.args or v.adj is not None:
            return False
        todo.extend(a for a in v.args if isinstance(a, Val))
    return True


def _spread(x: Val, ones: list[Val]) -> Val:
    """Through a sum whose gradient `ones_like(t) * d_sum` spreads back over t."""
    s = strip_views(x)
    if ones and s.op == "call" and s.payload in ("sum", "mean") and s.args and isinstance(s.args[0], Val):
        return s.args[0]
    return x


def _without_offset(v: Val) -> Val:
    """`var + eps`: a number added changes nothing of the gradient."""
    if v.op == "add" and len(v.args) == 2:
        a, b = v.args
        if isinstance(b, Val) and (b.kind == "num" or b.op == "const") and isinstance(a, Val):
            return a
        if isinstance(a, Val) and (a.kind == "num" or a.op == "const") and isinstance(b, Val):
            return b
    return v


def gated_value(node: Val) -> bool:
    """A value made with an activation's output among its operands (an RNN's gated state `(1 - z) * h + z * n`):
    the paths meeting there are read by the rules of recurrent layers, not as one node's gradient."""
    todo = [(node, 0)]
    while todo:
        v, depth = todo.pop()
        if v.act is not None and depth > 0:
            return True
        if depth < 3:
            todo.extend((a, depth + 1) for a in (v.factors or v.args) if isinstance(a, Val))
    return False


def _normalised(node: Val) -> bool:
    """An input centred or scaled by its own statistics (`(x - mu) * inv_std`): the layer's input gradient
    gathered from its paths is a normalisation's backward pass, formula 1's part."""
    todo = [(node, 0)]
    while todo:
        v, depth = todo.pop()
        if v.op == "call" and v.payload in ("sum", "mean", "var", "std", "sqrt", "rsqrt"):
            return True
        if depth < 3:
            todo.extend((a, depth + 1) for a in v.args if isinstance(a, Val))
    return False


def _normalised_preact(node: Val) -> Unit | None:
    """The layer whose pre-activation `node` normalises (`(a - a.mean(0)) / np.sqrt(a.var(0) + eps)`), or None."""
    node = _without_offset(strip_views(node))
    if not _normalised(node) or gated_value(node):
        return None
    todo = [(node, 0)]
    while todo:
        v, depth = todo.pop()
        layer = _summed_in(v)
        if layer is not None and depth > 0:
            return layer
        if depth < 3 and v.op in ("sub", "div", "mul", "add"):
            todo.extend((a, depth + 1) for a in v.args if isinstance(a, Val) and a.kind == "arr")
    return None


def _region(node: Val) -> Unit | None:
    """The layer a forward node belongs to: the first layer output met among its operands."""
    todo, seen = [(node, 0)], set()
    while todo:
        v, depth = todo.pop(0)
        if id(v) in seen or depth > _REGION_DEPTH:
            continue
        seen.add(id(v))
        if v.role is not None and v.role[0] in ("y", "mm", "z") and isinstance(v.role[1], Unit):
            return v.role[1]
        if v.act is not None and isinstance(v.act[1], Val) and v.act[1].role is not None:
            return v.act[1].role[1]
        todo.extend((a, depth + 1) for a in v.args if isinstance(a, Val))
    return None


def _rate(v: Val) -> bool:
    """A learning rate by its name (`lr`, `-lr`, `self.learning_rate`)."""
    for _ in range(3):
        if v.op == "neg" and v.args and isinstance(v.args[0], Val):
            v = v.args[0]
            continue
        break
    return bool(v.name) and bool(RATE_NAME.match(v.name.rsplit(".", 1)[-1]))
