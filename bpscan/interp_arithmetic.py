"""Arithmetic on abstract values: signs, derivative factors, activations written out."""

from __future__ import annotations

import ast
import math
import re

from bpscan.runtime import _MAX_UNROLL, Event, StmtInfo
from bpscan.rules.vocabulary import TARGET_NAME
from bpscan.interp_chain import gated_value
from bpscan.terms import (clip_bounds, count_of, diagonal_of, eval_arith, gradient_of_name, gradient_owner, init_dims,
                          join_chain, kept_as_lists, leaf_behind, made_as_vector, made_by, reachable, repeats, same_activation,
                          same_forward, same_term, same_value, single_target, squared_gradient, strip_views,
                          target_text, unscaled, weight_view, made_by_zeros, is_zero, named_by_target, picks_element,
                          zero_started)
from bpscan.values import GRAD, NEG_GRAD, PARAM_GRADIENT, UNKNOWN_SIGN, Adj, Deriv, LayerRec, Leaf, Unit, Val, render


class ArithmeticMixin:
    """Part of the abstract interpreter (see bpscan.interp.Interp)."""

    # ------------------------------------------------------------------ arithmetic
    def binop(self, op: str, a: Val, b: Val) -> Val:
        if op == "Mult" and (a.payload == "flag") != (b.payload == "flag") and (a.kind == "arr" or b.kind == "arr"):
            # `self.b * self.bias` with `bias=True` a switch the layer's user may turn off: on, the bias itself
            return b if a.payload == "flag" else a
        if a.op == "const" and b.op == "const" and isinstance(a.num, (int, float)) and isinstance(b.num, (int, float)):
            try:
                out = self.const(eval_arith(op, a.num, b.num))
            except Exception:
                pass
            else:
                if "count" in (a.payload, b.payload):
                    out.payload = "count"  # len(layers) - 1: still a position in that list
                return out
        if op in ("Add", "Mod") and "str" in (a.kind, b.kind):
            # "W" + str(l), "W%d" % l: a key, folded when both sides are known
            if a.op == "const" and b.op == "const" and isinstance(a.num, str) and \
                    (isinstance(b.num, str) if op == "Add" else isinstance(b.num, (int, str, tuple))):
                try:
                    return self.const(eval_arith(op, a.num, b.num))
                except (TypeError, ValueError):
                    pass
            return self.unknown(kind="str")
        if op == "Add":
            for held, slot in ((a, b), (b, a)):
                if _bias_slot(slot) and (held.kind == "arr" or held.kind == "seq" and held.summary is not None):
                    # `inputs + [1]`, `outputs + [1]`: the same values with the bias's constant input appended (list
                    # concatenation; nobody adds a one-element list to an array to add 1)
                    return held
            if a.kind == "seq" and b.kind == "seq":
                return self.seq(list(a.elems or []) + list(b.elems or []),
                                self.join_all([x for x in (a.summary, b.summary) if x is not None]) if (a.summary or b.summary) else None)
            return self.add(a, b, 1)
        if op == "Sub":
            return self.add(a, b, -1)
        if op == "Mult":
            for ones, other in ((a, b), (b, a)):
                if ones.op == "init" and made_by(ones, ("ones",)) and other.kind in ("arr", "num") and \
                        other.adj is None and other.op != "const":
                    # `bias[i] * np.ones((h, w))`: the bias spread over a feature map, the bias itself (broadcast)
                    return other
            if a.kind == "seq" or b.kind == "seq":
                lst, n = (a, b) if a.kind == "seq" else (b, a)
                if lst.summary is None and len(lst.elems or []) == 1 and isinstance(lst.elems[0], Val) and \
                        lst.elems[0].op == "const" and lst.elems[0].num == 0 and n.kind == "num":
                    # `[0.0] * n`: a vector of zeros, as np.zeros(n) (a one-hot target is written into one)
                    return self.apply("init", [n], {}, "numpy.zeros")
                times = count_of(n) if lst.summary is None and lst.elems else None
                if times is not None and 0 < times[0] * len(lst.elems) <= _MAX_UNROLL and \
                        all(e.kind == "none" for e in lst.elems):  # type: ignore[union-attr]
                    # `z = [None] * n_layers`: slots filled one per layer (`z[l - 1] = ...`), each kept apart
                    return self.seq(list(lst.elems) * times[0])  # type: ignore[arg-type]
                if n.op == "const" and isinstance(n.num, int) and not isinstance(n.num, bool) and \
                        lst.summary is None and lst.elems and 0 < n.num * len(lst.elems) <= _MAX_UNROLL and \
                        all(e.kind == "inst" for e in lst.elems):
                    # `[Dense(512, 512), LeakyReLU(0.3)] * 2` among the layers: the same objects again, in order
                    return self.seq(list(lst.elems) * n.num)
                return self.seq([], self.seq_any(a) if a.kind == "seq" else self.seq_any(b))
            return self.mul(a, b)
        if op in ("Div", "FloorDiv"):
            return self.div(a, b)
        if op == "Pow":
            return self.power(a, b)
        if op == "MatMult":
            return self.matmul(a, b)
        return self.unknown(a, b, kind="num" if a.kind == "num" and b.kind == "num" else "arr")

    def neg(self, v: Val) -> Val:
        if v.op == "const" and isinstance(v.num, (int, float)):
            return self.const(-v.num)
        out = self.new("neg", (v,), v.kind if v.kind in ("num", "arr") else "arr")
        if v.adj is not None:
            out.adj = self.chain_negated(v) or v.adj.with_sign(-v.adj.sign)
        elif v.op == "div" and len(v.args) == 2 and all(isinstance(x, Val) for x in v.args) and v.stmt is self.cur \
                and v.args[0].adj is None and v.args[1].adj is None:
            # `-(Y_true / Y_pred)`: cross-entropy's derivative by the output, the quotient negated as a whole
            out.adj = self.ce_ratio(self.neg(v.args[0]), v.args[1], out)
        return out

    def sign_of(self, v: Val) -> int:
        """Sign of a factor that carries no gradient: constants by value, everything else positive."""
        if v.op == "const" and isinstance(v.num, (int, float)):
            return (v.num > 0) - (v.num < 0)
        if v.op == "neg":
            return -self.sign_of(v.args[0])
        if v.op == "call" and v.payload == "log" and v.args and _probability(v.args[0]):
            return -1  # log p[a] of a softmax or sigmoid output: never above zero
        if v.op == "mul" and v.factors:
            s = 1
            for f in v.factors:
                s *= self.sign_of(f) if f.adj is None else 1
            return s
        if v.op == "div" and len(v.args) == 2 and all(isinstance(a, Val) and a.adj is None for a in v.args):
            # -sqrt(s + eps) / sqrt(g2 + eps): Adadelta's ratio, negative by its numerator
            return self.sign_of(v.args[0]) * self.sign_of(v.args[1])
        return 1

    def _summed_delta_is_no_bias_gradient(self, v: Val) -> None:
        """`n * g - g.sum(0) - xhat * (g * xhat).sum(0)`: a delta summed over the batch and taken away from that
        delta within one statement is a normalisation's input gradient taking shape, not the bias's gradient;
        nor is one squared within its statement."""
        if v.adj is None or v.adj.pos != "b" or v.stmt is not self.cur:
            return
        parts, todo = set(), [v]
        while todo and len(parts) < 32:  # the sum itself, or scaled: `xc * inv ** 2 * (g * xc).sum(0)`
            x = todo.pop()
            if id(x) in parts or x.adj is None or x.adj.pos != "b" or x.stmt is not self.cur:
                continue
            parts.add(id(x))
            if x.op in ("mul", "div", "neg"):
                todo.extend(a for a in x.args if isinstance(a, Val))
        self.events = [e for e in self.events if not (e.kind == "F3" and e.stmt is self.cur and e.info.get("bias")
                                                      and id(e.info.get("value")) in parts)]

    def add(self, a: Val, b: Val, sign: int) -> Val:
        if sign > 0 and a.adj is None and b.adj is None:
            for r, n in ((a, b), (b, a)):
                if r.act is not None and r.act[0] == "relu" and n.op == "mul" and n.factors and \
                        any(_negative_part(f, r.act[1]) for f in n.factors):
                    # `x.clamp(min=0) + alpha * x.clamp(max=0)`: a leaky ReLU written as its two parts
                    return self.activation("leaky_relu", r.act[1], self.new("add", (a, b), "arr"))
        if sign < 0 and a.op == "mul" and b.op == "mul" and a.adj is not None and a.factors and b.factors:
            split = self._softmax_jvp_split(a, b)
            if split is not None:
                return split
        out = self.new("add" if sign > 0 else "sub", (a, b), "num" if a.kind == "num" and b.kind == "num" else "arr")
        if sign > 0 and a.adj is not None and b.adj is not None and not self.discovery:
            self._leaky_halves(a, b)
        if sign > 0 and (a.adj is not None or b.adj is not None):
            self._summed_gradient(a, b)
            self._penalty_term(a, b)
        elif sign > 0 and a.kind == "arr" and b.kind == "arr" and not self.discovery:
            self._named_penalty_term(a, b)
        if sign < 0 and (a.adj is None) != (b.adj is None):
            err = self._seed_as_target(a, b, out)
            if err is not None:
                out.adj = err
                return out
        if a.adj is not None or b.adj is not None:
            if a.adj is not None and b.adj is not None:
                s_b = b.adj.sign * sign
                sgn = a.adj.sign if a.adj.sign == s_b else UNKNOWN_SIGN
                if b.op == "call" and (b.ev or {}).get("softmax_of") is not None and sign < 0:
                    sgn = a.adj.sign  # g - sum(g * s): g projected, its sign kept
                joined = self.chain_sum(a.adj, b.adj.with_sign(s_b)) if a.adj.chain or b.adj.chain else None
                if joined is not None:
                    out.adj = joined
                elif a.adj.same_place(b.adj) or b.adj.pos == "?":
                    out.adj = a.adj.with_sign(sgn)
                elif a.adj.pos == "?":
                    out.adj = b.adj.with_sign(sgn)
                elif a.adj.pos in PARAM_GRADIENT and b.adj.pos in PARAM_GRADIENT:
                    # b1 * m + (1 - b1) * g with m read from a state slot whose key we could not resolve (it
                    # holds another parameter's moment): the sum of two parameters' gradients is neither's
                    out.adj = Adj(sgn, "?")
                else:
                    # dh = Why.T @ dy + dhnext: the carried gradient arrives at the same tensor by
                    # a path we do not follow (a slice of a concatenation); the direct term says where
                    out.adj = a.adj.with_sign(sgn)
                    if a.adj.pos in ("y", "z"):
                        self._summed_delta_is_no_bias_gradient(b)
            elif a.adj is not None:
                out.adj = a.adj
            else:
                out.adj = b.adj.with_sign(b.adj.sign * sign)
            return out
        # forward: bias added to a linear output, two linear outputs summed (RNN)
        if sign > 0 and a.role is not None and b.role == a.role and a.role[0] == "mm":
            # `s += w[i][j] * x[i]` carried round a loop over i: the one dot product, summed term by term
            out.role = a.role
            return out
        for prod, other in ((a, b), (b, a)):
            if prod.role and prod.role[0] == "mm" and other.role is None and sign > 0 and other.op == "const" and \
                    other.num == 0:
                # `s = 0.0` then `s += w[i] * x[i]`: the number a dot product is summed into, started at zero
                out.role = prod.role
                return out
            if prod.role and prod.role[0] in ("mm", "y") and other.role is None and sign > 0 and \
                    self._accumulator(other):
                # `acc = np.zeros(...)`, `acc += correlate2d(x[c], K[o, c])`: the layer's output summed over its
                # input channels, no bias of it
                out.role = prod.role
                return out
        if a.role and a.role[0] in ("mm", "y") and b.role is None and sign > 0:
            leaf = self._bias_leaf(b)
            if leaf is not None and not self._skip_connection(leaf, a):
                self.add_bias(a.role[1], leaf, b)
                out.role = ("y", a.role[1])
                return out
        if b.role and b.role[0] in ("mm", "y") and a.role is None and sign > 0:
            leaf = self._bias_leaf(a)
            if leaf is not None and not self._skip_connection(leaf, b):
                self.add_bias(b.role[1], leaf, a)
                out.role = ("y", b.role[1])
                return out
        if a.role and a.role[0] in ("mm", "y") and b.role is None and sign < 0:
            leaf = self._bias_leaf(b)
            if leaf is not None and self._subtracted_bias(leaf, a):
                # `sigmoid(x @ W - theta)`: a threshold subtracted, a bias whose gradient is minus the delta's sum
                self.add_bias(a.role[1], leaf, b)
                leaf.subtracted = True
                out.role = ("y", a.role[1])
                return out
        if a.role and b.role and a.role[0] in ("mm", "y") and b.role[0] in ("mm", "y") and sign > 0:
            if id(a) in self.against_forward or id(b) in self.against_forward:
                return out
            unit = self.merge_units(a.role[1], b.role[1])
            out.role = ("y", unit)
            return out
        # binary cross-entropy's derivative written out: -(t / z - (1 - t) / (1 - z))
        bce = self.bce_derivative(a, b, sign)
        if bce is not None:
            grad_sign, unit, z, t = bce
            self.emit("error", unit, None, sign=grad_sign, cancel=False, output=z, target=t, value=out, bce=True)
            out.adj = Adj(grad_sign, "z", unit)
            return out
        # the output error: target - output, or output - target
        if sign > 0:
            # -target + output (softmax-CE from logits: `-y + e / e.sum()`), or output + (-target)
            for neg, other in ((a, b), (b, a)):
                t = self.negated(neg) if neg.op in ("neg", "mul") else None
                err = self.error_of(other, t, out) if t is not None else None
                if err is not None:
                    out.adj = err
                    return out
        if sign < 0:
            err = self.error_of(a, b, out)
            if err is not None:
                out.adj = err
                return out
            err = self._minus_one_target(a, b, out)
            if err is not None:
                out.adj = err
                return out
            jac = self.softmax_jacobian(a, b)
            if jac is not None:
                out.deriv = jac
                return out
            # sigmoid derivative written as s - s**2
            sq = self.square_base(b)
            if sq is not None and same_value(sq, a) and a.kind == "arr":
                out.deriv = Deriv("sigmoid", a, "of" if a.act and a.act[0] == "sigmoid" else "output")
                return out
            # tanh written through the sigmoid: 2 / (1 + exp(-2y)) - 1
            y = self._twice_sigmoid_of_double(a) if b.num == 1 else None
            if y is not None:
                return self.activation("tanh", y, out)
            # tanh derivative written with the output: 1 - z**2
            if a.op == "const" and a.num == 1:
                sq = self.square_base(b)
                if sq is not None:
                    out.deriv = Deriv("tanh", sq, "of" if sq.act and sq.act[0] == "tanh" else "output")
                    return out
        if a.role and (b.op == "const" or not (b.deps - a.deps)) and a.kind == "arr":
            # (z - z.max(axis): the stable softmax's shift, for a layer without a bias too)
            top = b
            for _ in range(2):  # (`np.reshape(np.max(f, axis=1), (n, 1))`, `f.max(axis=1)[:, None]`)
                if top.op in ("reshape", "getitem") and top.args and isinstance(top.args[0], Val):
                    top = top.args[0]
            shift = top.op == "call" and top.payload == "max" and top.role == a.role
            # (`scores - scores[range(n), y][:, None] + 1`: the correct class's score taken from every score, a
            # hinge's margins, for a layer without a bias too)
            out.role = a.role if a.role[0] != "mm" or b.op == "const" or shift or _read_of(b, a) else None
            out.act = a.act
        return out

    def _seed_as_target(self, a: Val, b: Val, out: Val) -> Adj | None:
        """`salida_deseada[i] - salida_red[i]` in `backward(self, salida_deseada)` run as an entry point: the
        argument taken for the upstream gradient is compared with the network's output, so it is the target (a
        gradient minus an output is no quantity backprop forms), and the difference the output error. Compared
        with a value the model does not know as a layer's output (nor a parameter's decay term), as in
        `-2 * (output_values[j] - node.value)` of `back_propagate(self, output_values)`, it may be a target as well:
        the difference keeps the argument's place, with no sign to build on."""
        for k, (seeded, other) in enumerate(((a, b), (b, a))):
            leaf = leaf_behind(seeded)
            if leaf is None or not leaf.data or leaf.key[-1:] != ("seed",) or seeded.adj is None or \
                    seeded.adj.pos not in ("z", "y") or other.adj is not None or other.role is None or \
                    other.role[0] != "z" or self.output_unit(other) is None:
                continue
            plain = self.view(seeded, seeded.home)
            plain.adj = None
            leaf.target = True
            return self.error_of(plain, other, out) if k == 0 else self.error_of(other, plain, out)
        seeded, other = (a, b) if a.adj is not None else (b, a)
        leaf = leaf_behind(seeded)
        if leaf is not None and leaf.key[-1:] == ("seed",) and other.op != "const" and other.role is None and \
                not (other.op in ("leaf", "getitem", "mul") and other.deps and
                     all(self.is_param(d) for d in other.deps)):
            return seeded.adj.with_sign(UNKNOWN_SIGN)  # type: ignore[union-attr]
        return None

    def _ratio(self, v: Val) -> tuple[int, str, Val, Val] | None:
        """(coefficient, form, z, t) for t / z ("t") or (1 - t) / (1 - z) ("1-t"), seen through a minus."""
        coef = 1
        for _ in range(2):
            if v.op == "neg" and v.args:
                coef, v = -coef, v.args[0]
        if v.op != "div" or len(v.args) != 2:
            return None
        num, den = v.args
        den = _without_eps(den)
        if num.op == "neg" and num.args:
            coef, num = -coef, num.args[0]  # np.divide(-Y, AL), -Y / AL
        if den.op == "sub" and den.args[0].num == 1 and num.op == "sub" and num.args[0].num == 1:
            return coef, "1-t", den.args[1], num.args[1]
        return coef, "t", den, num

    def bce_derivative(self, a: Val, b: Val, sign: int) -> tuple[int, object, Val, Val] | None:
        """dL/dz of binary cross-entropy, t/z and (1-t)/(1-z) combined: its sign and the output's layer."""
        ra, rb = self._ratio(a), self._ratio(b)
        if ra is None or rb is None or ra[1] == rb[1]:
            return None
        terms = {ra[1]: ra, rb[1]: (rb[0] * sign,) + rb[1:]}
        tz, one = terms["t"], terms["1-t"]
        if not (same_value(tz[2], one[2]) and same_value(tz[3], one[3])):
            return None
        unit = self.output_unit(tz[2])
        if unit is None and self.opaque_output(tz[2]) and self.is_target(tz[3]):
            # `-y / x + (1 - y) / (1 - x)` of a loss handed the output of a layer it does not show: that layer is
            # presumed
            unit = self.presumed_unit(here=True)
            tz[2].role = ("z", unit)
        if unit is None or not self.is_target(tz[3]):
            return None
        if (tz[0], one[0]) == (-1, 1):
            return 1, unit, tz[2], tz[3]   # -t/z + (1-t)/(1-z) is the gradient
        if (tz[0], one[0]) == (1, -1):
            return -1, unit, tz[2], tz[3]  # t/z - (1-t)/(1-z) is its negative
        return None

    def _bias_leaf(self, v: Val) -> Leaf | None:
        base = v
        while base.op in ("getitem", "reshape", "copy", "matmul") and base.args:
            if base.op == "matmul":
                # c.dot(np.ones((1, m))): the bias, repeated over the batch
                rest = [x for x in base.args if isinstance(x, Val) and not repeats(x, x is base.args[0])]
                if len(rest) != 1 or len(base.args) != 2:
                    break
                base = rest[0]
                continue
            base = base.args[0]
        # (`params['b' + str(l)]` handed to a layer function: the join of a family's members is its bias too)
        if base.leaf is not None and (base.op in ("leaf", "T") or base.op == "join" and base.leaf.family):
            leaf = base.leaf
            if leaf.key in self.know.rebound and leaf.key not in self.know.updated and not leaf.presumed:
                # recurrent state like dhnext, overwritten each step (not `params['b' + str(l)]`, a member of a
                # parameter family made in a local the loop rebinds: `b = np.zeros(n); params['b' + str(l)] = b`)
                return None
            return leaf
        return None

    def _summed_gradient(self, a: Val, b: Val) -> None:
        """`dWx += dWx_t`, `nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]`: a parameter's
        gradient computed elsewhere (a step's backward, one sample's backprop) summed into its running total is
        formula 3 summed over the steps or samples; tagged F3 (an `acc` event, which no rule reads as a product)."""
        if self.cur is None:
            return
        for acc, g in ((a, b), (b, a)):
            if g.op == "mul" and g.stmt is self.cur and g.factors:
                # `delta_w += 1 / n * dw`: the gradient handed in, averaged over the batch as it is summed
                grads = [f for f in g.factors if f.adj is not None]
                if len(grads) == 1 and all(f.kind == "num" for f in g.factors if f is not grads[0]):
                    g = grads[0]
            elif g.op == "div" and g.stmt is self.cur and len(g.args) == 2 and isinstance(g.args[0], Val) and \
                    isinstance(g.args[1], Val) and g.args[1].kind == "num" and g.args[0].adj is not None:
                g = g.args[0]  # (`self.grads['w'] += g_w / m`: the same, divided by the batch's size)
            if g.adj is None or g.kind != "arr" or g.stmt is self.cur or acc.kind != "arr":
                continue
            if g.adj.pos not in ("W", "b") and not (g.adj.pos == "?" and self._f3_value(g)):
                # (`dWx += dWx_t` of an LSTM step whose gates' deltas were written into one array: where the
                # gradient sits is not told, but formula 3 made it)
                continue
            if self._running_total(acc, 0) or self._named_total(acc, g):
                self.emit("acc", g.adj.unit, g.adj.leaf, value=g)
                return

    def _named_total(self, acc: Val, g: Val) -> bool:
        """`self.dUf += dsigmfdUf` into an array the code filled with anything but zeros (`self.dUf = 0.1 *
        np.random.randn(n, 1)`): the statement names its target as the gradient of the very parameter whose
        gradient it adds, and nothing trains the target, so it is that gradient's running total all the same."""
        for _ in range(4):
            if acc.op not in ("add", "join") or acc.stmt is not self.cur and acc.op == "add":
                break
            # (this statement's own sum of an earlier pass of its loop, or either branch's)
            acc = next((x for x in acc.args if isinstance(x, Val) and x.op in ("leaf", "add", "join")), acc)
        # (a drawn array counts as a parameter until shown otherwise - this very sum reads as its step at first -
        # but here it is one no layer uses)
        if acc.op != "leaf" or acc.leaf is None or acc.leaf.role is not None or acc.leaf.layer is not None or \
                acc.leaf.data or g.adj is None or self.cur is None or not isinstance(self.cur.node, ast.AugAssign):
            return False
        param = g.adj.leaf
        if param is None and (made := self._f3_at(g.stmt)) is not None:
            # (a gate's weight gradient, whose place the model does not tell: the parameter its formula 3 named)
            param = made.leaf
        target = self.cur.node.target
        own = gradient_owner(target)
        return param is not None and own is not None and target_text(target) == acc.leaf.name and \
            own == param.name.rpartition(".")[2]

    def _f3_value(self, g: Val) -> bool:
        """`g` was made by a statement that is formula 3 (handed back by the call that ran it)."""
        src = g.leaf.src if g.op == "leaf" and g.leaf is not None and isinstance(g.leaf.src, Val) else g
        return self._f3_at(src.stmt) is not None

    def _f3_at(self, stmt: StmtInfo | None) -> Event | None:
        """The latest formula-3 event of statement `stmt` (among the recent ones), or None."""
        if stmt is None:
            return None
        return next((e for e in reversed(self.events[-200:]) if e.kind == "F3" and e.stmt is stmt), None)

    def _softmax_jvp_split(self, a: Val, b: Val) -> Val | None:
        """`dx = s * g; t = sum(dx, axis); dx -= s * t`: the softmax's Jacobian product s * (g - sum(g * s)) written
        over three statements, read as that product."""
        sm = next((f for f in b.factors if f.op == "call" and (f.ev or {}).get("softmax_of") is not None), None)
        if sm is None or len(b.factors) != 2 or len(a.factors) != 2:
            return None
        s = sm.ev["softmax_of"]
        s_b = [f for f in b.factors if f is not sm]
        s_a = [f for f in a.factors if same_activation(strip_views(f), strip_views(s))]
        g_a = [f for f in a.factors if f.adj is not None and f not in s_a]
        if len(s_b) != 1 or not same_activation(strip_views(s_b[0]), strip_views(s)) or len(s_a) != 1 or \
                len(g_a) != 1:
            return None
        return self.mul(s_a[0], self.add(g_a[0], sm, -1))

    def _penalty_term(self, a: Val, b: Val) -> None:
        """`dW += reg * W`, `grads['W1'] += self.reg * self.params['W1']`, `db += reg * b / np.linalg.norm(b)`: the
        derivative of a penalty added to a parameter's gradient computed elsewhere is part of its formula 3 (an `acc`
        event, read by no rule)."""
        if self.cur is None:
            return
        for g, term in ((a, b), (b, a)):
            while g.op == "add" and g.stmt is self.cur and g.adj is not None and g.args and isinstance(g.args[0], Val) and \
                    g.args[0].adj is not None and g.args[0].adj.leaf is g.adj.leaf:
                # (`grad += wd * param` in a loop's second pass: the array already holds the first pass's penalty)
                g = g.args[0]
            if g.adj is not None and g.adj.leaf is not None and term.op == "div" and len(term.args) == 2 and \
                    isinstance(term.args[1], Val) and term.args[1].adj is None and \
                    (term.args[1].kind == "num" or bool(term.args[1].deps) and term.args[1].deps <= {g.adj.leaf}):
                # `penalty * W / np.linalg.norm(W)`: the derivative of a norm penalty, scaled by a number made
                # of the parameter alone
                term = term.args[0]
            own = _penalised(g)
            made = term.stmt
            # (`drw = reg * W` a few lines before `dW += drw`: the penalty's derivative is made in a statement of its own)
            apart = made is not None and made is not self.cur and made.func is self.cur.func and \
                isinstance(made.node, ast.Assign)
            if own is None or g.stmt is self.cur and not apart or term.adj is not None or term.op != "mul" or \
                    not term.factors:
                continue
            # (`regularization[1] / m` of a setting handed in as a tuple: a coefficient, however it is held)
            arrays = [f for f in term.factors if f.kind != "num" and (f.deps or f.adj is not None)]
            if len(arrays) == 1 and (_one_leaf(arrays[0]) is own or self._sign_of(arrays[0], own)):
                if g.stmt is not self.cur:
                    self.emit("acc", g.adj.unit, own, value=g)  # type: ignore[union-attr]
                if apart:
                    here, self.cur = self.cur, made
                    try:
                        self.emit("acc", g.adj.unit, own, value=term)  # type: ignore[union-attr]
                    finally:
                        self.cur = here
                return
        for g, term in ((a, b), (b, a)):
            if term.op == "div" and len(term.args) == 2 and isinstance(term.args[0], Val) and \
                    isinstance(term.args[1], Val) and term.args[1].kind == "num":
                term = term.args[0]  # (`self.regularizer.backward(self.weights) / m`: averaged over the batch)
            if g.adj is not None and g.adj.pos in ("W", "b") and g.adj.leaf is not None and g.stmt is not self.cur \
                    and term.adj is None and term.op == "unknown" and \
                    any(isinstance(x, Val) and x.leaf is g.adj.leaf for x in term.args) and \
                    _regulariser_gradient(self.cur.node):
                # `gradient += self.regularizer.calculate_gradient(weights)`: a penalty's derivative, worked out by
                # an object the optimiser is handed, added to the weight's gradient
                self.emit("acc", g.adj.unit, g.adj.leaf, value=g)
                return
        self._named_penalty_term(a, b)

    def _sign_of(self, x: Val, leaf: Leaf) -> bool:
        """`np.sign(W)`, or `dL1 = np.ones_like(W); dL1[W < 0] = -1`: the derivative of an L1 penalty on `W`, an
        array made of `W` alone (and of fresh arrays the code fills)."""
        if x.adj is not None or leaf not in x.deps or x.op not in ("setitem", "call") and not (
                x.op == "unknown" and x.ev is not None and x.ev.get("fn") == "sign"):
            return False
        return all(d is leaf or not (d.data or self.is_param(d)) for d in x.deps)

    def _named_penalty_term(self, a: Val, b: Val) -> None:
        """`dW1 += self.reg * W1` where dW1 came from a function this code cannot read (a compiled convolution's
        backward), a gradient of no parameter we know: the statement names what it adds into as the gradient of
        the trained parameter its penalty term multiplies, which is formula 3 all the same."""
        target = single_target(self.cur.node) if self.cur is not None else None
        if target is None:
            return
        for g, term in ((a, b), (b, a)):
            if g.adj is not None and g.adj.leaf is not None or g.kind != "arr" or g.stmt is self.cur or \
                    term.adj is not None or \
                    term.op != "mul" or not term.factors:
                continue
            # (`regularization[1] / m` of a setting handed in as a tuple: a coefficient, made of nothing we trace)
            arrays = [f for f in term.factors if f.kind != "num" and (f.deps or f.adj is not None)]
            if len(arrays) != 1:
                continue
            leaf = _one_leaf(arrays[0]) or _signed_param(self, arrays[0])
            if leaf is None or not self.is_param(leaf):
                continue
            short = _KEYED.sub(r"\1", leaf.name)
            if named_by_target(target, [short]) == 0 or _same_key(target, leaf.name) or \
                    _same_computed_key(self.cur.node, target) or _gradient_of_keyed(self.cur.node, target):
                self.emit("acc", leaf.unit, leaf, value=g)
                return

    def _running_total(self, acc: Val, depth: int) -> bool:
        """`acc` is a sum started at zero: the zeros themselves, or this statement's own sum of an earlier pass
        of its loop (or, after a loop, either)."""
        if acc.op == "leaf" and acc.leaf is not None:
            # (`sum_gradient_W = 0` then `sum_gradient_W += gradient_W` sample by sample: started at the number zero)
            src = acc.leaf.src
            started = zero_started(acc.leaf) or isinstance(src, Val) and src.op == "const" and src.num == 0
            return started and not self.is_param(acc.leaf)
        if acc.op == "init":
            return made_by_zeros(acc)  # (the zeros a comprehension's `np.zeros(w.shape)` started)
        if acc.op == "const":
            return acc.num == 0  # (`grads = [0, 0, 0]`, `dj_da1 = 0`: a sum started at the number zero)
        if depth >= 4:
            return False
        if acc.op == "add":
            # (`f1 + f2 + f3` of two values first summed here is no total kept from a pass before)
            return acc.stmt is self.cur and acc.adj is not None and acc.adj.pos in ("W", "b", "?") and \
                any(isinstance(x, Val) and self._running_total(x, depth + 1) for x in acc.args)
        return acc.op == "join" and bool(acc.args) and \
            all(isinstance(x, Val) and self._running_total(x, depth + 1) for x in acc.args)

    def _accumulator(self, v: Val) -> bool:
        """`acc` of `acc += ...`: the zero-started array this statement adds into."""
        node = self.cur.node if self.cur is not None else None
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Subscript) and v.op == "getitem" and \
                v.args and isinstance(v.args[0], Val):
            # `out[n, f, j, i] += np.sum(window * w[f]) + b[f]`: one entry of a zero-started output, written once
            # (`Z[i][j] += X[i][k] * W[k][j]` too: an entry of a row of it)
            base, held = v.args[0], node.target.value
            while base.op == "getitem" and base.args and isinstance(base.args[0], Val) and \
                    isinstance(held, ast.Subscript):
                base, held = base.args[0], held.value
            if base.leaf is not None and base.leaf.name != target_text(held):
                return False  # (`k[j] += b[j]` with `b = [0.0] * n`: a bias read, not the sum this statement adds into)
            return is_zero(base) or made_by_zeros(base) or base.op == "leaf" and base.leaf is not None and \
                zero_started(base.leaf)
        return isinstance(node, ast.AugAssign) and v.op == "leaf" and v.leaf is not None and \
            zero_started(v.leaf) and target_text(node.target) == v.leaf.name

    def _skip_connection(self, leaf: Leaf, out: Val) -> bool:
        """`x + f(x)`: the array added is what the layer's output was computed from, a residual connection, not
        a bias (a bias, or a trained array, met again through a loop or a family stays one)."""
        return leaf in out.deps and leaf.role is None and not leaf.requires_grad and not leaf.family

    def _subtracted_bias(self, leaf: Leaf, out: Val) -> bool:
        """`x @ W - theta` with theta trained (stepped somewhere, or a bias already) and no target: a threshold."""
        trained = leaf.key in self.know.updated and leaf.key not in self.know.scaled_in_place
        return (trained or leaf.role == "bias") and not (leaf.data or leaf.target) and \
            not TARGET_NAME.match(leaf.name) and not self._skip_connection(leaf, out)

    def _minus_one_target(self, a: Val, b: Val, out: Val) -> Adj | None:
        """`sigmoid(pos_scores) - 1` of a word2vec score whose cost takes the log of that sigmoid (negative
        sampling's positive pair): the output minus its target 1, cross-entropy's derivative cancelling the
        sigmoid's."""
        if b.op != "const" or b.num != 1 or a.adj is not None or a.kind != "arr" or a.role is None or \
                a.role[0] != "z":
            return None
        unit = self.output_unit(a)
        if unit is None or unit.act() != "sigmoid" or not (unit.ce or self.know.sigmoid_ce):
            return None
        if not any(lay.weight.key in self.score_tables for lay in unit.layers):
            return None  # (elsewhere `s - 1` is as likely a derivative's factor, `s * (s - 1)`, as an error)
        return self._error_at(unit, GRAD, a, b, out)

    def add_bias(self, unit: Unit, leaf: Leaf, v: Val) -> None:
        if leaf.role == "weight":
            return
        leaf.role = "bias"
        leaf.unit = unit
        if leaf not in unit.biases:
            unit.biases.append(leaf)
        if leaf.first_use is None and self.cur is not None:
            self.note_use(leaf)

    def square_base(self, v: Val) -> Val | None:
        if v.op == "pow" and v.args[1].num == 2:
            return v.args[0]
        if v.op == "call" and v.payload == "square":
            return v.args[0]
        if v.op == "mul" and v.factors and len(v.factors) == 2 and same_value(v.factors[0], v.factors[1]):
            return v.factors[0]
        return None

    def mul(self, a: Val, b: Val) -> Val:
        for one, x in ((a, b), (b, a)):
            if x.kind == "arr" and x.adj is None and (self.is_param(x.leaf) or init_dims(x.leaf) is not None) and \
                    one.adj is None and (one.kind == "num" and one.num == 1 or _dropout_mask(one)):
                # `self.W * dropout` with the default `dropout=1`, or with a drop-connect mask of zeros and ones
                # (`self.R = np.random.binomial(n=1, p=keep, size=W.shape)`): the weight, as the layer reads it
                return x
        a, b = self.negative_pairs(a, b)
        factors: list[Val] = []
        half = None
        for x in (a, b):
            if x.op == "mul" and x.factors and x.name is None and x.stmt is self.cur and len(x.factors) < 8:
                factors.extend(x.factors)
            elif x.op == "mul" and x.factors and x.adj is None and x.name is not None and x.stmt is not self.cur and \
                    len(x.factors) < 8 and (a.adj is not None or b.adj is not None) and \
                    self.find_deriv(list(x.factors)) is not None:
                # `k = o * (1 - np.tanh(c) ** 2)` then `dc = dh * k`: a derivative kept with another factor in a
                # name of its own is read as if written in the product
                factors.extend(x.factors)
            elif x.op == "mul" and x.factors and x.adj is not None and x.name is not None and \
                    x.stmt is not self.cur and len(x.factors) < 8 and self._completes_deriv(x, b if x is a else a):
                # `x = np.multiply(e, s)` then `d = np.multiply(x, 1 - s)`: a derivative written over two
                # statements, its halves meeting in the second
                factors.extend(x.factors)
                half = x.stmt
            else:
                factors.append(x)
        out = self.new("mul", (a, b), "num" if a.kind == "num" and b.kind == "num" else "arr")
        out.factors = tuple(factors)
        if half is not None:
            out.ev = {"half": half}
        arrays = [f for f in factors if f.kind != "num"]
        if len(arrays) == 1:
            out.tr = arrays[0].tr  # 0.1 * x.T is still x transposed
        adjs = [f for f in factors if f.adj is not None]
        if squared_gradient(adjs):
            return out  # g * g: a squared gradient (Adagrad's memory) is a non-negative scale, not a gradient
        if len(adjs) > 1:
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        # derivative factors among the others
        rest = [f for f in factors if f.adj is None]
        if len(factors) == 2 and len(adjs) <= 1 and any(f.adj is None and _dropout_mask(f) for f in factors):
            # `A2 = A2 * D2` of an inverted dropout (`D2 = np.random.rand(*A2.shape) < keep_prob`): still the
            # layer's output; `dA2 = dA2 * D2` in the backward pass: still the gradient at that output
            kept = factors[0] if _dropout_mask(factors[1]) and factors[1].adj is None else factors[1]
            if kept.adj is not None:
                out.adj = kept.adj
                # (the mask is the derivative of the dropout between the layers: a step of formula 1's kind,
                # tagged as such and checked by no rule; a gradient of neither known place nor known sign, or an
                # activation's output that carries one, is a forward pass read through an update the model
                # missed, not a gradient)
                if (kept.adj.pos != "?" or kept.adj.sign != UNKNOWN_SIGN) and kept.act is None and kept.role is None \
                        and kept.adj.pos not in PARAM_GRADIENT:
                    # (not a weight's gradient masked as a drop-connect mask masked the weight: formula 3's)
                    self.emit("drop", kept.adj.unit)
                return out
            if kept.role is not None or kept.act is not None:
                out.role, out.act = kept.role, kept.act
                return out
        if len(adjs) == 1 and len(rest) == 1:
            back = self.single_unit_f2(adjs[0], rest[0])
            if back is not None:
                return back
        if not adjs and len(factors) == 2:
            # `counts * counts_sum ** -1`: exp(y) times the inverse of its sum, the softmax written as a product
            for e, inv in (factors, factors[::-1]):
                if inv.op == "pow" and len(inv.args) == 2 and inv.args[1].num == -1 and _sums_exp(inv.args[0], e):
                    return self.activation("softmax", self.strip_shift(e.args[0]), out)
        if not adjs:
            # forward: relu written as y * (y > 0); elementwise layer w * x
            act = self.relu_by_mask(rest)
            if act is not None:
                return self.activation("relu", act, out)
        deriv = self.find_deriv(rest) or (_softmax_jvp(adjs[0], rest) or _softmax_column(adjs[0], rest)
                                          if len(adjs) == 1 else
                                          _softmax_jacobian_product(rest) if not adjs else None)
        through_exp = self._softmax_through_exp(adjs[0], rest[0]) if deriv is None and len(adjs) == 1 and \
            len(rest) == 1 else None
        if through_exp is not None:
            deriv = through_exp[0]
        if deriv is None and len(adjs) == 1:
            deriv = self.own_derivative(adjs[0], rest) or _identity_derivative(adjs[0], rest)
        if deriv is None and len(adjs) == 1 and adjs[0].adj.chain:
            moved = self.chain_product(adjs[0], rest)
            if moved is not None:
                out.adj = moved
                return out
        if deriv is not None and deriv.form == "mask" and len(adjs) + len(rest) > 2 and any(
                f.cmp is None and self.mask_operand(f) is None and
                same_value(strip_views(f), strip_views(deriv.operand)) for f in rest):
            # np.sum(g * x * (x <= 0)): the gradient of a PReLU's slope, the input itself times the error where it
            # is negative; formula 1 never multiplies by the pre-activation (x * (x > 0) alone is the ReLU)
            if adjs:
                out.adj = Adj(adjs[0].adj.sign, "?")
            return out
        if not adjs:
            if deriv is not None:
                out.deriv = deriv
                return out
            if len(rest) == 2:
                self.elementwise_forward(rest, out)
            return out
        g = adjs[0]
        sign = g.adj.sign
        if deriv is not None and deriv.negated:
            # s * (s - 1): the sign it turns is reported there (BP310), once; the steps made from this delta
            # are read as the derivative meant, so they do not each report its consequence (BP201)
            rest = [f for f in rest if not _less_one(f, deriv.operand)]
        for f in rest:
            if f.deriv is None and not (f.cmp is not None):
                sign *= self.sign_of(f)
        if through_exp is not None:
            sign = through_exp[1]
        if deriv is not None:
            # the other factors, leaving out the derivative's own (s and 1 - s of s * (1 - s))
            others = [f for f in rest if f.deriv is None and f.num is None and not same_activation(f, deriv.operand)
                      and not (f.op == "sub" and f.args and isinstance(f.args[0], Val) and f.args[0].num == 1)]
            if g.adj.pos == "v" and not others:
                # dc * i * (1 - i) with c = f * c_prev + i: the gate is a term of the sum on its own, its
                # gradient that of the sum, then its derivative
                moved = self.through_term(g, deriv.operand)
                if moved is not None:
                    via = Val("mul", (g,), "arr", self.cur)
                    via.adj = moved
                    via.name = g.name
                    out.adj = self.f1(via, deriv, out, moved.sign * sign * g.adj.sign)
                    return out
            if g.adj.pos == "v" and others:
                # (dh_next * o) * (1 - tanh(c)**2): through the gate product first, then the derivative
                moved = self.through_product(g, others)
                if moved is not None:
                    via = Val("mul", (g,), "arr", self.cur)
                    via.adj = moved
                    # what the message quotes as the error: the gradient times the gate it went through
                    via.name = " * ".join(x.name or (render(x) if x.op in ("leaf", "call", "getitem")
                                                     else f"({render(x)})") for x in [g] + others)
                    out.adj = self.f1(via, deriv, out, moved.sign)
                    return out
            out.adj = self.f1(g, deriv, out, sign)
            return out
        if g.adj.pos == "v":
            moved = self.through_product(g, [f for f in rest if f.num is None])
            if moved is not None and moved.pos == "v" and moved.node is not None and \
                    g.adj.node.op == "mul" and not any(f.act is not None for f in g.adj.node.factors or ()):
                # (a step of a backward pass written node by node, `dxhat * ivar` of a batch norm's: its next steps
                # are read so too; an LSTM's gate products are read by the rules of gates)
                moved.chain = g.adj.chain or "F1"
                self.chain_tag(moved.node, moved.unit, moved.chain)
            elif moved is None:
                moved = self.chain_product(g, rest)
            elif gated_value(g.adj.node):
                # `df = c_prev * dc`, `dprev_c = f * dc`, `do = dh * tanh(c)`: through a gate's product, with no
                # derivative yet - formula 1's first half for a recurrent cell, of no one layer we could name
                self.emit("chain", None, None, tag="F1", node=g.adj.node)
            if moved is not None:
                out.adj = moved
                return out
        if g.adj.pos == "z" and g.adj.unit is not None and g.adj.unit.act() == "softmax" and \
                any(f.num is None and _picked_probability(f) for f in rest):
            # `-p_y * dL_dp_y`, then `p * (...)`: the softmax's Jacobian written out in pieces the model does not
            # put together; its entries carry their own signs, so the gradient's direction is not known here
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        out.adj = g.adj.with_sign(sign)
        gain = next((lay for f in rest if weight_view(f) is None for lay in (_gain_layer(f),) if lay is not None),
                    None) if g.adj.pos in ("y", "z") else None
        if gain is not None:
            # `gamma * inv / n * (...)`: a batch norm's input gradient, its delta times the layer's own gain and
            # the normalisation's scale, is the error of the layer before by a path we do not follow; when the
            # layer whose output was normalised is known, it is the error at that layer's output
            below = next((u for x in reversed(gain.inputs) for u in (_normalised_unit(x, gain.unit),) if u is not None),
                         None)
            if below is None:
                out.adj = Adj(sign, "?")
            else:
                out.adj = Adj(sign, "z" if below.act() is None else "y", below)
            return out
        if g.adj.pos in ("y", "z") and g.adj.unit is not None and g.adj.unit.presumed:
            kind = self._presumed_window(rest)
            if kind is not None:
                f = next(f for f in rest if f.num is None)
                if kind == "F2":
                    out.adj = self.presumed_f2(g, f, out, "mul", False)
                else:
                    out.adj = self.f3(g, f, None, via="mul", out=out).with_sign(sign)
                return out
        # elementwise F2/F3 (convolution windows, per-sample scalar outputs)
        if len(rest) >= 1 and g.adj.pos in ("y", "z"):
            for f in rest:
                if f.num is not None:
                    continue
                if weight_view(f) is not None:
                    if g.adj.pos == "z" and not self._matrix_weight(weight_view(f)):
                        continue  # (a norm's scale `grad * self.gamma`: no formula 2 of a matrix layer)
                    out.adj = self.f2(g, f, out, via="mul")
                    break
                before_deriv = g.adj.pos == "z" and not _axis_added(f)
                if f.adj is None and f.leaf is None or (f.leaf is not None and not self.is_param(f.leaf)):
                    lay = self.layer_for_input(g.adj.unit, f)
                    if lay is None and f.op in ("getitem", "reshape") and f.args and isinstance(f.args[0], Val):
                        # windows[:, :, :, None] * d[..., None, None, None]: the input broadcast to the delta
                        lay = self.layer_for_input(g.adj.unit, f.args[0])
                    if lay is None and _outer_element(g, f):
                        lay = _unfolded_layer(g.adj.unit, f)
                    if lay is not None and not before_deriv and (
                            lay.convention in ("elementwise", "conv") or _outer_element(g, f) or
                            made_as_vector(lay.weight) or kept_as_lists(lay.weight) or _broadcast_outer(g, f, lay) or
                            _axis_added(f)):
                        # (with the sign of every factor: `-(2 / n) * x * (y - pred)` is the gradient)
                        out.adj = self.f3(g, f, lay, via="mul", out=out).with_sign(sign)
                        break
                    if lay is not None:
                        # the delta times its layer's input in a shape we cannot confirm as formula 3 (per-sample
                        # products summed later, an error still before its layer's derivative, which BP309 finds
                        # missing formula 1 where the product is explicit): no longer the delta, and not read
                        # as a bias's gradient when summed over the batch (nor its sign taken as an update's)
                        out.adj = Adj(UNKNOWN_SIGN, "?")
                        break
        return out

    def _presumed_window(self, rest: list[Val]) -> str | None:
        """`W[:, :, :, c] * dZ[i, h, w, c]` and `dW[..., c] += a_slice * dZ[i, h, w, c]` of a convolution's
        backward pass with no forward pass in the file: a window of the kernel unpacked from the cache times
        one entry of the delta is formula 2; a window of the input summed into the kernel's gradient (a
        `dW`-named target) is formula 3."""
        arrays = [f for f in rest if f.num is None]
        if len(arrays) != 1 or arrays[0].adj is not None or self.cur is None:
            return None
        base = leaf_behind(arrays[0])
        if base is not None and (base.data or base.unit is not None and not base.unit.presumed):
            return None  # (a weight of a forward pass the file has is read by the forward's own layer)
        name = base.name.rpartition(".")[2] if base is not None else ""
        owner = gradient_owner(single_target(self.cur.node))
        if owner is not None and _KERNEL_NAME.match(owner) and not _KERNEL_NAME.match(name):
            return "F3"
        if _KERNEL_NAME.match(name) and not (owner is not None and _KERNEL_NAME.match(owner)):
            return "F2"  # (into `dA_prev`, the gradient of the layer's input, or a window of it)
        return None

    def _matrix_weight(self, leaf: Leaf) -> bool:
        """`leaf` is the weight of a layer whose forward is a matrix product (row or column convention)."""
        return any(lay.weight is leaf and lay.convention in ("row", "column") for u in self.units for lay in u.layers)

    def _leaky_halves(self, a: Val, b: Val) -> None:
        """`g * (x > 0) + g * (x <= 0) * slope`: the ReLU mask read on the first term is half of a leaky ReLU's
        derivative, the other half the gradient scaled where x is not positive - formula 1 of a leaky ReLU."""
        for m, n in ((a, b), (b, a)):
            e = next((e for e in reversed(self.events[-50:]) if e.kind == "F1" and e.info.get("value") is m), None)
            deriv = e.info.get("deriv") if e is not None else None
            if isinstance(deriv, Deriv) and deriv.kind == "relu" and deriv.form == "mask" and \
                    deriv.operand is not None and self._masks(n, deriv.operand):
                e.info["deriv"] = Deriv("leaky_relu", deriv.operand, "mask")
                return

    def _masks(self, v: Val, x: Val, depth: int = 3) -> bool:
        """A factor of the product `v` (or of a product among its factors) is a mask of where x is not positive
        (`x <= 0`, `0 > x`): the side a ReLU stops and a leaky one scales."""
        if depth == 0 or v.op != "mul":
            return False
        for f in v.factors or v.args:
            if not isinstance(f, Val):
                continue
            base = _tested(f)
            if base.cmp is not None:
                op, left, right = base.cmp
                if op in ("Lt", "LtE") and right.op == "const" and right.num == 0 and same_value(left, x) or \
                        op in ("Gt", "GtE") and left.op == "const" and left.num == 0 and same_value(right, x):
                    return True
            if self._masks(f, x, depth - 1):
                return True
        return False

    def relu_by_mask(self, factors: list[Val]) -> Val | None:
        if len(factors) != 2:
            return None
        for x, m in (factors, factors[::-1]):
            c = self.mask_operand(m)
            if c is not None and same_value(c, x):
                return x
        return None

    def _completes_deriv(self, x: Val, other: Val) -> bool:
        """`other` and the plain factors of the gradient product `x` make a derivative the factors alone do not."""
        plain = [f for f in x.factors if f.adj is None]
        return bool(plain) and other.adj is None and self.find_deriv(plain) is None and \
            self.find_deriv([other]) is None and self.find_deriv(plain + [other]) is not None

    def find_deriv(self, factors: list[Val]) -> Deriv | None:
        for f in factors:
            if f.deriv is not None:
                return f.deriv
        for f in factors:
            c = self.mask_operand(f)
            if c is not None:
                return Deriv("relu", c, "mask")
        # sigmoid derivative written as s * (1 - s), or s * (-s + 1) (`s.mul(-1).add(1)`)
        for i, f in enumerate(factors):
            for j, g in enumerate(factors):
                if i != j and (g.op == "sub" and g.args[0].num == 1 and same_activation(g.args[1], f) or
                               self._one_minus(g, f)):
                    form = "of" if f.act and f.act[0] == "sigmoid" else "output"
                    return Deriv("sigmoid", f, form)
        # (1 + t) * (1 - t), 1 - t ** 2 factorised: a tanh's derivative at its output t
        for f in factors:
            for g in factors:
                if f is not g and f.op == "add" and len(f.args) == 2 and g.op == "sub" and len(g.args) == 2 and \
                        g.args[0].num == 1 and g.args[1].num is None:
                    t = g.args[1]
                    if any(one.num == 1 and same_activation(other, t) for one, other in (f.args, f.args[::-1])):
                        return Deriv("tanh", t, "of" if t.act and t.act[0] == "tanh" else "output")
        # s * (s - 1) of a sigmoid's output: its derivative with the sign turned
        for i, f in enumerate(factors):
            for j, g in enumerate(factors):
                if i != j and _sigmoid_output(f) and g.op == "sub" and \
                        len(g.args) == 2 and g.args[1].num == 1 and same_activation(g.args[0], f):
                    if not self.discovery:
                        self.emit("negated_deriv", None, None, fn="sigmoid", operand=f)
                    return Deriv("sigmoid", f, "of", negated=True)
        return None

    def mask_operand(self, v: Val) -> Val | None:
        """The tensor a ReLU mask tests: `y > 0`, `(y > 0).astype(float)`, `np.heaviside(y, 0)`.

        Never the targets: `mask = (ts >= 0)` keeps the samples whose label is not ignored.
        """
        c = self._mask_operand(v)
        return None if c is None or self.is_target(c) else c

    def _mask_operand(self, v: Val) -> Val | None:
        base = _tested(v)
        if base.cmp is not None:
            op, l, r = base.cmp
            # (`h == 0` / `h != 0` on a ReLU's output: where it let nothing through, where it passed)
            if r.op == "const" and r.num == 0 and op in ("Gt", "GtE", "Lt", "LtE", "Eq", "NotEq"):
                return l
            if l.op == "const" and l.num == 0 and op in ("Gt", "GtE", "Lt", "LtE", "Eq", "NotEq"):
                return r
        if base.op == "call" and base.payload == "heaviside":
            return base.args[0]
        half_sign = _half_sign_step(base)
        if half_sign is not None:
            return half_sign
        if base.op == "call" and base.payload == "where" and len(base.args) == 3:
            c, x, y = base.args
            if x.num == 1 and y.num == 0:
                return self._mask_operand(c)
        return None

    def masked_relu(self, base: Val, idx: Val, value: Val, out: Val) -> Val | None:
        """`out = y.copy(); out[y <= 0] = 0`, `y.clone().masked_fill_(y < 0, 0)`: ReLU written as a masked copy of the
        pre-activation `base` (`out` the copy written); the activation's output, else None."""
        relu = self.relu_mask_of(idx, value)
        if relu is None or not same_value(strip_views(relu.operand), strip_views(base)):
            return None
        out.role = None
        return self.activation("relu", base, out)

    def relu_mask_of(self, idx: Val, value: Val) -> Deriv | None:
        """`d[y <= 0] = 0` masks a ReLU delta."""
        if value.num != 0:
            return None
        if idx.cmp is not None:
            operand = self.mask_operand(idx)
            if operand is not None:
                return Deriv("relu", operand, "mask")
        return None

    def div(self, a: Val, b: Val) -> Val:
        out = self.new("div", (a, b), "num" if a.kind == "num" and b.kind == "num" else "arr")
        if a.adj is not None and b.adj is None:
            moved = self.chain_quotient(a, b)
            if moved is not None:
                out.adj = moved
                return out
            if a.adj.pos in ("y", "x", "z") and b.op == "leaf" and b.leaf is not None and \
                    _KEEP_NAME.match(b.leaf.name.rpartition(".")[2]):
                # `dA2 = dA2 / keep_prob` after the mask: the rest of an inverted dropout's derivative
                out.adj = a.adj
                self.emit("drop", a.adj.unit)
                return out
            own = self.own_derivative(a, [b]) if a.adj.pos == "z" and b.kind == "arr" else None
            if own is not None:
                # `grad * 1 / (1 + np.exp(-x))` of a softplus of the file's own: divided by an elementwise
                # function of its input, formula 1 with a derivative the rules do not judge
                out.adj = self.f1(a, own, out)
                return out
            out.adj = self.undo_derivative(a, b) or a.adj.with_sign(a.adj.sign * self.sign_of(b))
            return out
        if b.adj is not None:
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        ce = self.ce_ratio(a, b, out)
        if ce is not None:
            out.adj = ce
            return out
        if b.num == 2 and a.op == "add" and len(a.args) == 2:
            for y, mag in (a.args, a.args[::-1]):
                if isinstance(mag, Val) and mag.op == "call" and mag.payload == "abs" and mag.args and \
                        same_value(mag.args[0], y) and y.kind == "arr":
                    # `(y + abs(y)) / 2`: y where it is positive, else 0 - the ReLU written without a comparison
                    return self.activation("relu", y, out)
        # sigmoid: 1 / (1 + exp(-y))
        if a.num == 1 and b.op == "add":
            for one, e in (b.args, b.args[::-1]):
                if one.num == 1 and e.op == "call" and e.payload == "exp":
                    y = self.negated(e.args[0])
                    while y is not None and y.args and isinstance(y.args[0], Val) and (
                            y.op == "copy" or y.op == "call" and y.payload == "clip" and
                            (y.ev or {}).get("fn") in ("clip", "clamp")):
                        # 1 / (1 + exp(-np.clip(y, -50, 50))), exp(-np.asarray(y)): kept from overflowing or cast,
                        # still y's sigmoid
                        y = y.args[0]
                    if y is not None:
                        return self.activation("sigmoid", y, out)
                if one.num == 1 and e.op == "div" and len(e.args) == 2 and e.args[0].num == 1 and \
                        e.args[1].op == "call" and e.args[1].payload == "exp" and e.args[1].args:
                    # 1 / (1 + 1 / exp(y)): exp(-y) written as a reciprocal, still y's sigmoid
                    y = e.args[1].args[0]
                    while y.op == "copy" and y.args and isinstance(y.args[0], Val):
                        y = y.args[0]
                    return self.activation("sigmoid", y, out)
        # tanh written out: (exp(y) - exp(-y)) / (exp(y) + exp(-y))
        y, y_below = self._exp_pair(a, "sub"), self._exp_pair(b, "add")
        if y is not None and y_below is not None and same_term(y, y_below):
            return self.activation("tanh", y, out)
        # softmax: exp(y) / sum(exp(y)); also np.exp(y).T / rows, transposed back after
        if a.op == "T" and a.args and isinstance(a.args[0], Val) and _sums_exp(b, a.args[0]):
            out.tr = True
            return self.activation("softmax", self.strip_shift(a.args[0].args[0]), out)
        if a.op == "call" and a.payload == "exp":
            if _sums_exp(b, a):
                return self.activation("softmax", self.strip_shift(a.args[0]), out)
            if b.op == "add":
                for one, e in (b.args, b.args[::-1]):
                    if one.num == 1 and (e is a or e.op == "call" and e.payload == "exp" and e.args and a.args and
                                         same_value(e.args[0], a.args[0])):
                        # exp(y) / (1 + exp(y)): the sigmoid written for y < 0, kept from overflowing
                        return self.activation("sigmoid", a.args[0], out)
        squared = b.args[0] if b.op == "pow" and len(b.args) == 2 and b.args[1].num == 2 or \
            b.op == "call" and b.payload == "square" and len(b.args) == 1 else None
        if a.num == 4 and isinstance(squared, Val) and (y := self._exp_pair(squared, "add")) is not None:
            # 4 / (exp(y) + exp(-y)) ** 2 = sech(y)**2, tanh's derivative at its pre-activation
            out.deriv = Deriv("tanh", y, "of")
            return out
        if a.num == 1 and isinstance(squared, Val) and squared.op == "call" and squared.payload == "cosh" and \
                squared.args:
            # 1 / cosh(y)**2 = sech(y)**2 (also `1 / np.square(np.cosh(y))`), tanh's derivative at its pre-activation
            out.deriv = Deriv("tanh", squared.args[0], "of")
            return out
        if a.deriv is not None and b.num is not None:
            out.deriv = a.deriv
        if a.role and b.op == "const":
            out.role = a.role
            out.act = a.act
        return out

    def undo_derivative(self, a: Val, b: Val) -> Adj | None:
        """`(q - t) / (q * (1 - q))`: an error that cancelled the sigmoid's derivative, divided by that
        derivative, is dL/dq - the loss's full derivative by the output, which formula 1 still needs."""
        unit = a.adj.unit if a.adj is not None else None
        b = _without_eps(b)  # (q - t) / (q * (1 - q) + 1e-12)
        if unit is None or a.adj.pos != "y":
            return None
        if b.op == "sub" and len(b.args) == 2 and _square_of(b.args[1], b.args[0]):
            # (q - t) / (q - q ** 2): the same derivative, multiplied out
            kind = "sigmoid"
        elif b.op == "mul" and b.factors:
            # (`(q + eps) * (1 - q + eps)`: each factor kept away from zero on its own)
            deriv = self.find_deriv([_without_eps(f) for f in b.factors])
            if deriv is None:
                return None
            kind = deriv.kind
        else:
            return None
        # (or a softmax's output divided by p * (1 - p), its Jacobian's diagonal: multiplied back by the same
        # diagonal, the error is p - t again)
        if kind != unit.act() and not (kind == "sigmoid" and unit.act() == "softmax"):
            return None
        for e in self.events:
            if e.info.get("value") is a and e.info.get("cancel"):
                e.info["cancel"] = False
                e.info["bce"] = True  # still cross-entropy's error, now written in full
        self.events[:] = [e for e in self.events if not (e.kind == "F1" and e.info.get("value") is a)]
        return Adj(a.adj.sign, "z", unit)

    def _softmax_through_exp(self, g: Val, e: Val) -> tuple[Deriv, int] | None:
        """`dexp * self.exp` with `dexp = g / S - sum(g * e) / S ** 2`: the gradient at a softmax's output taken back
        through its quotient e / S to the exponentials, then through them to the pre-activation (the factor e is
        exp's own derivative); formula 1 of the softmax, written in its parts. With it the sign the delta keeps:
        that of the quotient's first term g / S (the Jacobian is positive semi-definite, the direction g's)."""
        if e.op != "call" or e.payload != "exp" or not e.args or not isinstance(e.args[0], Val) or g.adj is None or \
                g.adj.chain or g.op != "add":
            # (a backward pass written node by node, `d_shifted = counts * d_counts`, is read by its own rules)
            return None
        parts = reachable(g, lambda x: x.op in ("add", "sub", "div", "mul", "neg", "call", "pow", "getitem",
                                                 "reshape", "copy"), 8)
        if not any(x.op == "call" and x.payload == "sum" and x.args and isinstance(x.args[0], Val) and
                   same_value(x.args[0], e) for x in parts):
            return None  # (the quotient's denominator, the sum of the same exponentials, must be in it)
        first = next((t for t in g.args if isinstance(t, Val) and t.adj is not None and t.op == "div" and
                      len(t.args) == 2 and _sums_exp(t.args[1], e)), None)
        sign = first.adj.sign if first is not None else UNKNOWN_SIGN
        unit = g.adj.unit
        if unit is not None and unit.act() == "softmax" and unit.output is not None:
            return Deriv("softmax", unit.output, "of"), sign
        # (the exponentials are of the layer's own input by construction: no operand to check)
        return Deriv("softmax", e, "named"), sign

    def ce_ratio(self, a: Val, b: Val, out: Val) -> Adj | None:
        """`t / p` at a softmax output: the negative of cross-entropy's derivative by the output (`-t / p` is it);
        also at a sigmoid's or a tanh's output, where code that writes it means the same loss."""
        sign = NEG_GRAD
        if a.op == "neg" and a.args:
            sign, a = GRAD, a.args[0]
        elif a.op == "mul" and a.factors and len(a.factors) == 2 and any(f.num == -1 for f in a.factors):
            sign, a = GRAD, next(f for f in a.factors if f.num != -1)  # `-1 * t / p`
        z = _without_eps(b)
        if a.op == "const" and a.num == -1:
            sign, a = GRAD, self.const(1)
        if a.op == "const" and a.num == 1 and z.op == "getitem" and len(z.args) == 2 and \
                isinstance(z.args[1], Val) and z.args[1].op != "const" and isinstance(z.args[0], Val):
            # `-1 / p[label]`: the derivative of -log p[label] by that output, the error of cross-entropy at a
            # softmax's output written for the labelled entry only (the others are 0)
            unit = self.output_unit(z.args[0])
            if unit is not None and unit.act() == "softmax":
                if not self.discovery:
                    self.emit("error", unit, None, sign=sign, cancel=False, output=z.args[0], target=z.args[1],
                              value=out, ce_ratio=True)
                return Adj(sign, "z", unit)
        if a.op == "const" and a.num == 1:
            # `-1 / (p + eps)` at a sigmoid output p: the derivative of -log p by p, the error of cross-entropy
            # whose target is 1 (a GAN's "real"); `-1 / (p - 1 + eps)` or `1 / (1 - p)`: of -log(1 - p), target 0
            p, t = z, 1
            if z.op == "sub" and len(z.args) == 2 and all(isinstance(x, Val) for x in z.args):
                if z.args[1].op == "const" and z.args[1].num == 1:
                    p, t = z.args[0], 0
                elif z.args[0].op == "const" and z.args[0].num == 1:
                    p, t, sign = z.args[1], 0, -sign
            unit = self.output_unit(p)
            if unit is None or unit.act() != "sigmoid" or p.role is None and p.op not in ("reshape", "copy", "getitem"):
                return None
            if not self.discovery:
                self.emit("error", unit, None, sign=sign, cancel=False, output=p, target=self.const(t), value=out,
                          ce_ratio=True)
            return Adj(sign, "z", unit)
        unit = self.output_unit(z)
        # `-t / p` in a loss with no forward pass (a loss class's backward): cross-entropy's derivative by
        # whatever output it is handed, written negated - not the `t / p` inside a BCE expression
        free = unit is not None and not unit.layers and unit.activation is None and sign == GRAD
        if unit is None or (unit.act() not in ("softmax", "sigmoid", "tanh") and not free) or not self.is_target(a):
            return None
        if not self.discovery:
            self.emit("error", unit, None, sign=sign, cancel=False, output=z, target=a, value=out, ce_ratio=True)
        return Adj(sign, "z", unit)

    def softmax_jacobian(self, a: Val, b: Val) -> Deriv | None:
        """`np.diagflat(s) - np.outer(s, s)` (or `s @ s.T`): the Jacobian of a softmax output s."""
        d = diagonal_of(a)
        if d is None or b.op not in ("matmul", "outer") or len(b.args) != 2:
            return None
        s = strip_views(d)
        if not (s.act and s.act[0] == "softmax"):
            return None
        if not all(same_value(strip_views(x), s) for x in b.args):
            return None
        return Deriv("softmax", s, "of")

    def single_unit_f2(self, g: Val, w: Val) -> Val | None:
        """`W2.T * dZ2` with W2 of one output unit ((1, n), samples as columns; (n, 1) as rows): the
        broadcast product is the outer product W2^T . dZ2, formula 2 written elementwise. With the
        sizes unknown (`n_y = Y.shape[0]`) it runs only when that is so."""
        leaf = weight_view(w)
        if leaf is None or g.adj is None or g.adj.pos not in ("y", "z") or g.adj.unit is None or \
                g.adj.unit is not leaf.unit or w.op != "T" or leaf.layer is None:
            return None
        conv = leaf.layer.convention
        dims = init_dims(leaf)
        if dims is not None and len(dims) == 2:
            out = dims[0] if conv == "column" else dims[1]
            if out.num is not None and out.num != 1:
                return None  # several output units: the broadcast is no formula 2
        elif dims is not None:
            return None
        if conv == "column":
            return self.matmul(w, g)
        if conv == "row":
            return self.matmul(g, w)
        return None

    def _exp_pair(self, v: Val, op: str) -> Val | None:
        """y when v is exp(y) - exp(-y) (op "sub") or exp(y) + exp(-y) (op "add", either order)."""
        if v.op != op or len(v.args) != 2 or not all(e.op == "call" and e.payload == "exp" for e in v.args):
            return None
        pos, neg = v.args
        for p, n in ((pos, neg), (neg, pos)) if op == "add" else ((pos, neg),):
            y = self.negated(n.args[0])
            if y is not None and same_term(y, p.args[0]):
                return p.args[0]
        return None

    def _twice_sigmoid_of_double(self, v: Val) -> Val | None:
        """y when v is 2 / (1 + exp(-2y)), twice the sigmoid of 2y (with the 1 taken off, y's tanh)."""
        if v.op != "div" or len(v.args) != 2 or v.args[0].num != 2 or v.args[1].op != "add":
            return None
        for one, e in (v.args[1].args, v.args[1].args[::-1]):
            if one.num == 1 and e.op == "call" and e.payload == "exp" and e.args:
                y = _doubled(e.args[0], -2)
                if y is None:
                    neg = self.negated(e.args[0])
                    y = _doubled(neg, 2) if neg is not None else None
                if y is not None:
                    return y
        return None

    def _one_minus(self, g: Val, f: Val) -> bool:
        """`g` is 1 - f written as -f + 1."""
        if g.op != "add" or len(g.args) != 2:
            return False
        for one, rest in (g.args, g.args[::-1]):
            if isinstance(one, Val) and one.num == 1 and isinstance(rest, Val):
                neg = self.negated(rest)
                if neg is not None and same_activation(neg, f):
                    return True
        return False

    def negated(self, v: Val) -> Val | None:
        """y when v is -y, written `-y` or `-a - b` (= -(a + b))."""
        if v.op == "neg":
            return v.args[0]
        if v.op == "sub" and v.args[0].op == "neg":
            return self.add(v.args[0].args[0], v.args[1], 1)
        if v.op == "mul" and v.factors and any(f.num == -1 for f in v.factors) and len(v.factors) == 2:
            return next(f for f in v.factors if f.num != -1)
        return None

    def strip_shift(self, v: Val) -> Val:
        """softmax(y - max(y)) is softmax(y)."""
        if v.op == "sub" and v.role is not None:
            return v.args[0]
        return v

    def power(self, a: Val, b: Val) -> Val:
        if a.op == "const" and isinstance(a.num, float) and a.num == math.e and b.kind == "arr":
            # `1 / (1 + np.e ** (-x))`: e to the power of an array is its exp, the sigmoid numpy.exp would make
            return self.call_library("numpy.exp", [b], {})
        out = self.new("pow", (a, b), a.kind)
        if b.num == -2 and a.adj is None and (y := self._exp_pair(a, "add")) is not None:
            # (exp(y) + exp(-y)) ** -2, a quarter of sech(y)**2 (`4 * (x.exp() + x.mul(-1).exp()).pow(-2)`): tanh's
            # derivative at its pre-activation, the constant aside
            out.deriv = Deriv("tanh", y, "of")
            return out
        if a.adj is not None:
            if b.num == 1:
                return a
            if isinstance(b.num, (int, float)) and b.num % 2 == 0:
                if a.adj.unit is not None and a.adj.pos in ("y", "z"):
                    # `(A - Y) ** 2`: a squared error of this output, beside any cross-entropy of it
                    a.adj.unit.sq = True
                out.adj = None
                # `np.sum(y - out) ** 2`: the summed error squared is a value to print, not a bias's gradient
                self._summed_delta_is_no_bias_gradient(a)
            else:
                out.adj = Adj(UNKNOWN_SIGN, "?")
        return out

    def transpose(self, v: Val) -> Val:
        if v.kind != "arr":
            out = self.unknown(v)
            out.tr = True  # `layer.output.T`: whatever it is, it is written transposed
            return out
        out = self.new("T", (v,))
        out.leaf = v.leaf
        out.tr = not v.tr
        out.adj = v.adj
        out.role = v.role
        out.act = v.act
        out.deriv = v.deriv
        out.name = None
        return out


def _softmax_jvp(g: Val, rest: list[Val]) -> Deriv | None:
    """`s * (g - sum(g * s, axis))`: g through a softmax's Jacobian, the factor s among `rest`."""
    if g.op != "sub" or len(g.args) != 2 or not isinstance(g.args[1], Val):
        return None
    s = (g.args[1].ev or {}).get("softmax_of") if g.args[1].op == "call" else None
    if s is None:
        return None
    for f in rest:
        if same_activation(strip_views(f), strip_views(s)):
            return Deriv("softmax", f, "of")
    return None


def _softmax_column(g: Val, rest: list[Val]) -> Deriv | None:
    """`g * d_soft` with `d_soft = -e[k] * e / S ** 2` and `d_soft[k] = e[k] * (S - e[k]) / S ** 2`: one entry
    of the error at a softmax's output times the Jacobian's column for that entry, built by hand from the
    exponentials of the layer's pre-activation (or from its output) with the diagonal entry written in."""
    unit = g.adj.unit if g.adj is not None and g.adj.pos == "z" else None
    if unit is None or unit.act() != "softmax":
        return None
    for f in rest:
        if f.op == "setitem" and len(f.args) == 3 and f.adj is None and f.deriv is None and \
                all(isinstance(a, Val) and _softmax_made(a, unit) for a in (f.args[0], f.args[2])):
            # (of the layer's own output, as `s * (g - sum(g * s))` is: the softmax's Jacobian in another form)
            return Deriv("softmax", unit.output if unit.output is not None else f, "of")
    return None


def _softmax_made(v: Val, unit: Unit) -> bool:
    """`v` is arithmetic on the exponentials of the unit's pre-activation, or on its output."""
    for x in reachable(v, lambda x: x.op in ("mul", "div", "add", "sub", "neg", "pow", "getitem", "copy", "call",
                                             "reshape"), 8, keep=lambda a: a.adj is None):
        if x.op == "call" and x.payload == "exp" and x.args and isinstance(x.args[0], Val) and unit.preact is not None:
            arg = x.args[0]
            if arg.op == "sub" and isinstance(arg.args[0], Val):
                arg = arg.args[0]  # (np.exp(z - z.max()): shifted for stability, the same softmax)
            if same_value(strip_views(arg), strip_views(unit.preact)):
                return True
        if unit.output is not None and x is unit.output:
            return True
    return False


def _broadcast_outer(g: Val, f: Val, lay: LayerRec) -> bool:
    """`x.T * d` (row convention) or `d * x.T` (column): one sample's input turned across its delta,
    broadcast into their outer product - formula 3 for that sample."""
    return f.op == "T" and g.adj is not None and g.adj.pos == "y" and lay.convention in ("row", "column")


def _picked_probability(v: Val) -> bool:
    """`-p[range(n), y]`: the probability of each sample's labelled class, an entry of the softmax's Jacobian."""
    if v.op == "neg" and v.args and isinstance(v.args[0], Val):
        v = v.args[0]
    return v.op == "getitem" and len(v.args) == 2 and isinstance(v.args[0], Val) and _probability(v.args[0]) and \
        isinstance(v.args[1], Val) and v.args[1].op != "slice" and v.args[1].kind != "seq" or \
        v.op == "getitem" and len(v.args) == 2 and isinstance(v.args[1], Val) and v.args[1].kind == "seq" and \
        isinstance(v.args[0], Val) and _probability(v.args[0]) and \
        not any(isinstance(e, Val) and e.op == "slice" for e in v.args[1].elems or [])


def _probability(v: Val) -> bool:
    """A softmax or sigmoid output, or an element of one (`p[a]`): a value between 0 and 1."""
    for _ in range(4):
        if v.act is not None:
            return v.act[0] in ("softmax", "sigmoid")
        if v.op in ("getitem", "copy") and v.args and isinstance(v.args[0], Val) and v.adj is None:
            v = v.args[0]
        else:
            return False
    return False


def _gain_layer(v: Val) -> LayerRec | None:
    """`gamma * inv / n`: the elementwise layer (a norm's scale) whose gain is among the factors of a product or
    quotient, or None."""
    todo, seen = [v], 0
    while todo and seen < 12:
        x = todo.pop()
        seen += 1
        leaf = weight_view(x)
        if leaf is not None and leaf.layer is not None and leaf.layer.convention == "elementwise":
            return leaf.layer
        if x.adj is None and x.op == "mul" and x.factors:
            todo.extend(x.factors)
        elif x.adj is None and x.op == "div" and x.args and isinstance(x.args[0], Val):
            todo.append(x.args[0])
    return None


def _normalised_unit(x: Val, own: Unit | None) -> Unit | None:
    """The layer whose output a normalisation standardised into `x` (`x_hat = (h - mean) * inv`): the one
    layer whose output the arithmetic that made `x` starts from."""
    todo, seen = [x], 0
    units: dict[int, Unit] = {}
    while todo and seen < 16:
        v = todo.pop()
        seen += 1
        if v.role is not None and v.role[0] in ("mm", "y", "z") and isinstance(v.role[1], Unit) and \
                v.role[1] is not own:
            units.setdefault(id(v.role[1]), v.role[1])
            continue
        if v.op in ("mul", "div", "sub", "add", "getitem", "copy", "reshape", "pow") and v.adj is None:
            todo.extend(a for a in v.args if isinstance(a, Val) and a.op != "const")
    return next(iter(units.values())) if len(units) == 1 else None


#: the names of a convolution's kernel (or a layer's weight) by the usual spellings
_KERNEL_NAME = re.compile(r"^(W|w|weights?|kernels?|filters?|K|F)\d*$")


def _axis_added(v: Val) -> bool:
    """`x[:, None]`, `x.reshape(-1, 1)`, `np.reshape(a, (n, k, 1))`, `np.expand_dims(a, -1)`: the layer's input
    given an axis of length one, so that times the delta it broadcasts into their outer product (formula 3
    for one sample, or one per sample)."""
    if v.op == "reshape" and v.ev:
        fn = v.ev.get("fn")
        if fn in ("expand_dims", "unsqueeze"):
            return True
        if fn in ("reshape", "view"):
            dims = [d for d in v.ev.get("args") or [] if isinstance(d, Val)]
            if len(dims) == 1 and dims[0].kind == "seq" and dims[0].summary is None:
                dims = list(dims[0].elems or [])
            return len(dims) >= 2 and dims[-1].op == "const" and dims[-1].num == 1
        return False
    if v.op == "getitem" and len(v.args) == 2 and isinstance(v.args[1], Val):
        idx = v.args[1]
        parts = list(idx.elems or []) if idx.kind == "seq" else [idx]
        return len(parts) >= 2 and parts[-1].kind == "none" and parts[0].op == "slice"
    return False


def _softmax_jacobian_product(factors: list[Val]) -> Deriv | None:
    """`(np.identity(n) - s.T) * s`: the Jacobian of a softmax output s, written by broadcasting."""
    if len(factors) != 2:
        return None
    for s, m in (factors, factors[::-1]):
        if s.act and s.act[0] == "softmax" and m.op == "sub" and len(m.args) == 2 and \
                made_by(m.args[0], ("eye", "identity")) and same_activation(strip_views(m.args[1]), s):
            return Deriv("softmax", s, "of")
    return None


def _square_of(sq: Val, q: Val) -> bool:
    """`q ** 2` or `q * q` of the value q."""
    if sq.op == "pow" and len(sq.args) == 2 and isinstance(sq.args[1], Val) and sq.args[1].num == 2:
        return same_value(sq.args[0], q)
    return sq.op == "mul" and bool(sq.factors) and len(sq.factors) == 2 and \
        all(same_value(f, q) for f in sq.factors)


def _without_eps(v: Val) -> Val:
    """`z + 1e-7`: the value a small constant keeps away from zero before a division or a log."""
    if v.op == "add" and len(v.args) == 2:
        for keep, eps in ((v.args[0], v.args[1]), (v.args[1], v.args[0])):
            # a literal 1e-7, or a name bound to one (`epsilon = 1e-7`)
            if isinstance(eps, Val) and eps.op in ("const", "leaf") and isinstance(eps.num, float) and \
                    0 < eps.num < 1e-2:
                return keep
    return v


def _sums_exp(total: Val, e: Val) -> bool:
    """`total` is the sum of `e = np.exp(y)` (seen through an index or a reshape): a softmax's denominator."""
    if e.op != "call" or e.payload != "exp":
        return False
    total = _without_eps(total)  # (`e / (e.sum(axis=-1, keepdims=True) + 1e-20)`, kept from dividing by zero)
    for _ in range(3):
        if total.op in ("getitem", "reshape", "copy") and total.args:
            total = total.args[0]
    return total.op == "call" and total.payload == "sum" and bool(total.args) and (
        same_value(total.args[0], e) or same_term(total.args[0], e))


def _outer_element(g: Val, f: Val) -> bool:
    """`dW[k] += d[n, k, i, j] * x[n, :, i:i+h, j:j+w]`: one element of the delta times a window of the
    layer's input, inside loops over positions - a term of formula 3's sum whatever the forward's layout.
    Also an error made from one output element, `(p[j] - (j == y[i])) * X[i]` in a loop over classes."""
    if g.op == "neg" and g.args and isinstance(g.args[0], Val) and g.args[0].adj is not None:
        g = g.args[0]  # -(t[i, j] - p[i, j]) * X[i]
    if g.op in ("sub", "add") and g.adj is not None and g.adj.pos == "y" and \
            any(isinstance(x, Val) and x.adj is None and picks_element(x) for x in g.args):
        return f.op == "getitem" and f.kind == "arr"
    return g.op == "getitem" and f.op == "getitem" and g.kind == "arr" and f.kind == "arr"


def _unfolded_layer(unit: Unit | None, f: Val) -> LayerRec | None:
    """The layer of `unit` whose input is an array filled, window by window, from the tensor `f` is a
    window of (im2col: `cols[:, k] = x[n, :, i:i+h, j:j+w].ravel()`), or None."""
    if unit is None:
        return None
    for lay in unit.layers:
        for given in lay.inputs:
            todo, seen = [strip_views(given)], 0
            while todo and seen < 16:
                v = todo.pop()
                seen += 1
                if v.op == "join":
                    todo.extend(a for a in v.args if isinstance(a, Val))
                elif v.op == "setitem" and len(v.args) == 3 and isinstance(v.args[2], Val):
                    stored = strip_views(v.args[2])
                    if stored.op == "getitem" and same_forward(stored, f):
                        return lay
                    todo.append(strip_views(v.args[0]))
    return None


def _read_of(v: Val, x: Val) -> bool:
    """`v` is entries of `x` itself, picked and reshaped: `x[np.arange(n), y][:, np.newaxis]`."""
    for _ in range(4):
        if v.op not in ("getitem", "reshape") or not v.args or not isinstance(v.args[0], Val):
            return False
        v = v.args[0]
        if v is x:
            return True
    return False


def _less_one(f: Val, s: Val) -> bool:
    """`s - 1`."""
    return f.op == "sub" and len(f.args) == 2 and isinstance(f.args[1], Val) and f.args[1].num == 1 and \
        isinstance(f.args[0], Val) and same_activation(f.args[0], s)


def _sigmoid_output(f: Val) -> bool:
    """A sigmoid's output, or any of the sigmoid outputs a list or dict kept by time step holds."""
    members = [m for m in join_chain(f, 16) if m.op != "join"] if f.op == "join" else [f]
    return bool(members) and all(m.act is not None and m.act[0] == "sigmoid" for m in members)


def _identity_derivative(g: Val, rest: list[Val]) -> Deriv | None:
    """`err * np.ones_like(a)` with err the gradient at `a`, the output of a layer with no activation: the
    identity's derivative, as code that picks activations by name ('linear' among them) writes it."""
    unit = g.adj.unit
    if g.adj.pos not in ("y", "z") or unit is None or unit.activation is not None or not unit.layers or \
            unit.presumed:
        return None
    for f in rest:
        ones = f.leaf.src if f.op == "leaf" and f.leaf is not None and isinstance(f.leaf.src, Val) else f
        arg = (ones.ev.get("args") or [None])[0] if made_by(ones, ("ones_like",)) else None
        if isinstance(arg, Val) and arg.role is not None and arg.role[0] in ("y", "z") and arg.role[1] is unit:
            return Deriv("linear", arg, "output")
    return None


#: a dropout's mask and its keep probability, by their names
_MASK_NAME = re.compile(r"^(D\d+|d\d+_?mask|(drop(out)?_?)?mask\d*)$")
_KEEP_NAME = re.compile(r"^(keep_?prob(ability)?|p_?keep|retain_?prob|keep_?rate)$", re.IGNORECASE)


def _dropout_mask(v: Val) -> bool:
    """An inverted dropout's mask: a fresh random draw compared with a keep probability (`np.random.rand(*a.shape) <
    keep_prob`), cast, or already scaled by that probability (`(np.random.rand(n, m) < p) / p`)."""
    from bpscan.rules.vocabulary import RANDOM_DRAWS

    base = v
    for _ in range(4):
        if base.op in ("copy", "reshape") and base.args and isinstance(base.args[0], Val):
            base = base.args[0]
        elif base.op == "div" and len(base.args) == 2 and isinstance(base.args[1], Val) and _keep_scale(base.args[1]):
            base = base.args[0]
        elif base.op == "call" and base.payload == "astype" and base.args:
            base = base.args[0]
        elif base.op == "leaf" and base.leaf is not None and isinstance(base.leaf.src, Val):
            base = base.leaf.src
        else:
            break
    if base.op == "init" and made_by(base, ("binomial", "bernoulli")):
        return True  # `np.random.binomial(1, keep, size=h.shape)`: the mask drawn as zeros and ones directly
    if base.op in ("unknown", "part") and not base.deps or base.op == "leaf" and base.leaf is not None and \
            not isinstance(base.leaf.src, Val) and base.leaf.role is None and not base.leaf.presumed:
        # `(Z1, D1, A1, W1, b1, ...) = cache` with the forward pass in another file: the mask it drew, by the
        # name a course gives it
        name = v.leaf.name if v.op == "leaf" and v.leaf is not None else v.name or ""
        return bool(_MASK_NAME.match(name.rpartition(".")[2]))
    if base.op != "cmp" or len(base.args) != 2 or not all(isinstance(a, Val) for a in base.args):
        return False
    drawn, bound = base.args
    src = unscaled(drawn)
    if src.op == "leaf" and src.leaf is not None and isinstance(src.leaf.src, Val):
        src = unscaled(src.leaf.src)  # `D1 = np.random.rand(*A1.shape)` kept under a name first
    # (`torch.rand_like(x) > p`: a draw the shape of x)
    return (bound.kind == "num" or _setting(bound)) and src.op == "init" and made_by(src, RANDOM_DRAWS | {"rand_like"})


def _keep_scale(v: Val, depth: int = 0) -> bool:
    """What an inverted dropout's mask is divided by: a number, a keep probability handed in, or arithmetic on
    them (`1 - p` of a drop probability)."""
    if v.kind == "num" or _setting(v):
        return True
    return depth < 3 and v.op in ("sub", "add") and len(v.args) == 2 and \
        all(isinstance(a, Val) and _keep_scale(a, depth + 1) for a in v.args)


_REGULARISER = re.compile(r"(regulari[sz]\w*|penalty|constraint|^reg$|^_?reg_\w*)$", re.IGNORECASE)


def _regulariser_gradient(node: ast.AST) -> bool:
    """The statement calls a regulariser object's gradient (`self.regularizer.calculate_gradient(w)`,
    `reg.gradient(w)`)."""
    for c in ast.walk(node):
        if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and \
                re.search(r"grad|deriv", c.func.attr, re.IGNORECASE):
            holder = c.func.value
            name = holder.attr if isinstance(holder, ast.Attribute) else holder.id if isinstance(holder, ast.Name) \
                else ""
            if _REGULARISER.search(name):
                return True
    return False


def _setting(v: Val) -> bool:
    """A value handed in that is no parameter nor gradient: `dropout_param["p"]`, a keep probability."""
    return v.adj is None and v.op == "leaf" and v.leaf is not None and v.leaf.role is None and not v.leaf.presumed


#: a parameter kept under a key (`self.params['W1']`), read as the key
_KEYED = re.compile(r"^.*\[['\"](.+)['\"]\]$")


def _same_key(target: ast.expr, param: str) -> bool:
    """`grads['W1']` of the parameter `params['W1']`: a gradient dict's entry under the parameter's own key."""
    if not isinstance(target, ast.Subscript) or not isinstance(target.slice, ast.Constant) or \
            not isinstance(target.slice.value, str):
        return False
    return param.endswith(f"[{target.slice.value!r}]") or param.endswith(f'["{target.slice.value}"]') or \
        param.rpartition(".")[2] == target.slice.value


def _gradient_of_keyed(node: ast.AST, target: ast.expr) -> bool:
    """`dW += lambd / m * parameters[f"W{l}"]`: the name says it is the gradient of `W`, and the penalty reads the
    parameter under a key computed from that same name (`f"W{l}"`, `"W" + str(l)`)."""
    own = gradient_of_name(target.id) if isinstance(target, ast.Name) else None
    value = getattr(node, "value", None)
    if own is None or not isinstance(value, ast.AST):
        return False
    for n in ast.walk(value):
        if not isinstance(n, ast.Subscript):
            continue
        key = n.slice
        head = key.values[0] if isinstance(key, ast.JoinedStr) and len(key.values) > 1 else \
            key.left if isinstance(key, ast.BinOp) and isinstance(key.op, ast.Add) else None
        if isinstance(head, ast.Constant) and head.value == own:
            return True
    return False


def _same_computed_key(node: ast.AST, target: ast.expr) -> bool:
    """`grads['W' + str(i)] += reg * params['W' + str(i)]`: the penalty's parameter read under the very key the
    gradient is stored under, in another dict."""
    if not isinstance(target, ast.Subscript) or isinstance(target.slice, ast.Constant):
        return False
    key, base = ast.unparse(target.slice), ast.unparse(target.value)
    value = getattr(node, "value", None)
    return isinstance(value, ast.AST) and any(
        isinstance(n, ast.Subscript) and ast.unparse(n.slice) == key and ast.unparse(n.value) != base
        for n in ast.walk(value))


def _doubled(v: Val, k: int) -> Val | None:
    """y when v is k * y (either order)."""
    if v.op != "mul" or not v.factors or len(v.factors) != 2:
        return None
    for c, y in (v.factors, v.factors[::-1]):
        if c.num == k and y.num is None:
            return y
    return None


def _one_leaf(x: Val) -> Leaf | None:
    """The array x reads, whichever pass of a loop it was read on (`self.params[f'W{layer}']` over a count of
    layers not known: the same family member either way), or None."""
    if x.op == "leaf":
        return x.leaf
    if x.op != "join" or not x.args:
        return None
    leaves = {a.leaf for a in x.args if isinstance(a, Val) and a.op == "leaf"}
    return next(iter(leaves)) if len(leaves) == 1 and all(isinstance(a, Val) and a.op == "leaf" for a in x.args) \
        else None


def _signed_param(it: "ArithmeticMixin", x: Val) -> Leaf | None:
    """The parameter an L1 penalty's derivative is the sign of (`np.sign(self.W)`), or None."""
    params = [d for d in x.deps if it.is_param(d)]
    return params[0] if len(params) == 1 and it._sign_of(x, params[0]) else None


def _penalised(g: Val) -> Leaf | None:
    """The parameter whose gradient `g` is, for a penalty's derivative added to it: the weight its formula 3 names,
    or the one bias of its layer (`db = d.sum(axis=0)` names none: the layer has one)."""
    if g.adj is None or g.adj.pos not in ("W", "b"):
        return None
    if g.adj.leaf is not None:
        return g.adj.leaf
    unit = g.adj.unit
    return unit.biases[0] if g.adj.pos == "b" and unit is not None and len(unit.biases) == 1 else None


def _negative_part(v: Val, x: Val) -> bool:
    """`x.clamp(max=0)`, `np.clip(x, None, 0)`, `np.minimum(x, 0)`: the part of x below zero."""
    if v.op != "call" or v.payload != "clip" or not v.ev or not v.args or not isinstance(v.args[0], Val):
        return False
    lo, hi = clip_bounds(v.args, v.ev.get("kw") or {})
    return isinstance(hi, Val) and is_zero(hi) and (lo is None or lo.kind == "none") and same_value(v.args[0], x)


def _half_sign_step(v: Val) -> Val | None:
    """`x` of `0.5 * (x.sign() + 1)` or `(np.sign(x) + 1) / 2`: the step function of `x` written with its sign (1
    where x > 0, 0 where x < 0), a ReLU's derivative."""
    def sign_plus_one(a: object) -> Val | None:
        if not (isinstance(a, Val) and a.op == "add" and len(a.args) == 2):
            return None
        for sg, one in (a.args, a.args[::-1]):
            if isinstance(one, Val) and one.num == 1 and isinstance(sg, Val) and sg.op == "unknown" and \
                    (sg.ev or {}).get("fn") == "sign" and sg.args and isinstance(sg.args[0], Val):
                return sg.args[0]
        return None

    if v.op == "mul" and len(v.args) == 2:
        for half, rest in (v.args, v.args[::-1]):
            if isinstance(half, Val) and half.num == 0.5:
                return sign_plus_one(rest)
    if v.op == "div" and len(v.args) == 2 and isinstance(v.args[1], Val) and v.args[1].num == 2:
        return sign_plus_one(v.args[0])
    return None


def _tested(v: Val) -> Val:
    """The comparison behind a mask copied or indexed (`(x > 0).copy()`, `(x > 0)[i]`), else the value itself."""
    for _ in range(3):
        if v.op in ("copy", "getitem") and v.args and v.cmp is None:
            v = v.args[0]
    return v


def _bias_slot(v: Val) -> bool:
    """`[1]` or `[1.0]` written out: the constant input a bias's weight multiplies, appended to a list."""
    return v.kind == "seq" and v.summary is None and isinstance(v.elems, list) and len(v.elems) == 1 and \
        v.elems[0].op == "const" and v.elems[0].num in (1, -1) and not isinstance(v.elems[0].num, bool)
