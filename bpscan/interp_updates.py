"""Parameter updates: in place, rebound, through optimisers; and autograd bookkeeping."""

from __future__ import annotations

import ast
import re

from bpscan.interp_layers import softmax_over
from bpscan.runtime import Event, Scope
from bpscan.terms import (gradient_of_name, join_chain, leaf_behind, loops_binding, made_as_vector, made_fresh,
                          reachable, same_term, self_attrs_read, step_sized, strip_views, target_text, zero_started)
from bpscan.values import GRAD, NEG_GRAD, PARAM_GRADIENT, UNKNOWN_SIGN, Adj, Leaf, Val


def _seeded(v: Val, depth: int = 0) -> bool:
    """The gradient rests on an entry point's argument taken for a gradient by its name (sgd(w, dw))."""
    if v.leaf is not None and v.leaf.data and v.adj is not None and v.adj.pos == "W":
        return True
    if depth < 6:
        return any(isinstance(a, Val) and a.adj is not None and _seeded(a, depth + 1) for a in v.args)
    return False


def _from_gradients(v: Val, depth: int = 0) -> bool:
    """Computed from a gradient-bearing value (somewhere among its operands)."""
    if v.adj is not None:
        return True
    return depth < 6 and any(isinstance(a, Val) and _from_gradients(a, depth + 1) for a in v.args)


def _holds(v: Val, part: Val, depth: int = 0) -> bool:
    """`v` multiplies `part` by a matrix product somewhere inside (`p @ A @ p`, `np.dot(d.T, np.dot(M, d))`)."""
    if v.op == "matmul" and any(isinstance(a, Val) and (a is part or a.op in ("T", "reshape") and a.args and
                                                        a.args[0] is part) for a in v.args):
        return True
    return depth < 6 and any(isinstance(a, Val) and _holds(a, part, depth + 1) for a in v.args)


def _length_along(f: Val, term: Val) -> bool:
    """`alpha * p` with `alpha = (r @ r) / (p @ A @ p)`: a step length whose denominator is a quadratic form of
    the very direction it scales (an exact line search). (Adam's `m / (sqrt(v) + eps)` and Adagrad's
    `eta / sqrt(s) * g` divide by no product of the direction with a matrix.)"""
    if f.op != "div" or len(f.args) != 2 or not isinstance(f.args[1], Val):
        return False
    others = [g for g in (term.factors or ()) if g is not f and g.num is None]
    return len(others) == 1 and others[0].kind == "arr" and _holds(f.args[1], others[0])


_ARITHMETIC = ("mul", "div", "add", "sub", "neg", "pow", "getitem", "copy", "reshape", "T", "join")


def _square(x: Val, calls: tuple[str, ...]) -> bool:
    """`x ** 2`, or a call of one of `calls` (`np.square(e)`, `np.abs(e)`)."""
    return x.op == "call" and x.payload in calls or \
        x.op == "pow" and len(x.args) == 2 and isinstance(x.args[1], Val) and x.args[1].num == 2


def _squared(v: Val) -> bool:
    """`0.5 * np.square(y - t)`, `(y - t) ** 2`, `np.abs(e)`: a quantity never below zero (a loss term), as
    a step never is - a step moves either way with its gradient."""
    parts = [f for f in (v.factors or ()) if f.op != "const"] if v.op == "mul" else [v]
    return len(parts) == 1 and _square(parts[0], ("square", "abs", "absolute"))


def _scaled_square(v: Val) -> bool:
    """`(1 - beta2) * g ** 2`, `rho * np.square(g)`: a square times numbers."""
    parts = [f for f in (v.factors or ()) if f.kind != "num"] if v.op == "mul" else [v]
    return len(parts) == 1 and _square(parts[0], ("square",))


def _complement_scaled(t: Val, scales: list[Val]) -> bool:
    """`(1 - beta1) * p.grad` beside `beta1 * v`: the new share of a moving average, weighted by what the old
    value's weight leaves."""
    return t.op == "mul" and any(
        f.op == "sub" and len(f.args) == 2 and isinstance(f.args[0], Val) and f.args[0].op == "const" and
        f.args[0].num == 1 and any(f.args[1] is c or same_term(f.args[1], c) for c in scales)
        for f in (t.factors or ()))


def _clipped(v: Val) -> Val | None:
    """The value `np.clip(v, lo, hi)` (or `np.maximum(lo, np.minimum(hi, v))`) bounds by numbers, else None."""
    seen = False
    for _ in range(3):
        if v.op != "call" or v.payload != "clip" or not v.args:
            break
        rest = [a for a in v.args if isinstance(a, Val) and a.kind != "num"]
        if len(rest) != 1:
            return None
        v, seen = rest[0], True
    return v if seen else None


def _gradient_buffer(leaf: Leaf, rhs: Val, sign: int) -> bool:
    """`self.dW += np.dot(delta, x.T)` into a zero-started array no forward product uses: it sums the
    gradient of another parameter, the weight the forward pass multiplies; it is not trained itself. So does
    any gradient added there unscaled (`self.dl_dw.add_(dl_dw)`): a step is sized by a rate."""
    a = rhs.adj
    if a is None or leaf.role is not None or not zero_started(leaf):
        return False
    if sign > 0 and not step_sized(rhs):
        return True
    if a.pos in ("W", "b") and a.leaf is not None:
        return a.leaf is not leaf  # the gradient of another array, summed into a zero-started one
    unit = a.unit
    return a.pos in ("y", "b") and unit is not None and bool(unit.layers) and not unit.presumed and \
        bool(unit.biases) and leaf not in unit.biases


#: attributes that hold a gradient by name: `node.grad += local * consumer.grad` sums one, it steps nothing
_GRADIENT_SLOTS = frozenset({"grad", "grads", "gradient", "gradients"})


#: what a loss is summed into (`loss`, `self.total_loss`, `epoch_cost`)
_LOSS_SUM = re.compile(r"^(\w+_)?(loss|cost)(es|s)?(_\w+)?$", re.IGNORECASE)
#: `bias_acc`, `W_accum`: a zero-started sum of the named parameter's gradients (accumulated over calls)
_ACCUMULATOR = re.compile(r"_(acc|accum|accumulator|accumulated)$")
_GRAD_SUFFIX = re.compile(r"_(grad|grads|gradient|diff)$")


def _gradient_slot(leaf: Leaf) -> bool:
    """`self.grad` of a hand-written value-graph node, an entry of `self.gradients["W"]`: where a
    gradient is summed, never a parameter."""
    base, bracket, rest = leaf.name.partition("[")
    prefix, dot, attr = base.rpartition(".")
    if bracket and dot and rest[:1] in "'\"" and rest[1:].partition(rest[:1])[1]:
        from bpscan.interp_entries import gradient_key

        # `layer.g['dUo'] += X.T @ do_`: an entry a layer object keeps a gradient under, summed over steps
        if gradient_key(rest[1:].partition(rest[:1])[0]):
            return True
    if dot and not bracket and leaf.role is None and _GRAD_SUFFIX.search(attr):
        return True  # `param.wi_diff += np.outer(di, xc)` on an object we do not see made: a sum, by its name
    return bool(dot or bracket) and attr in _GRADIENT_SLOTS


class UpdatesMixin:
    """Part of the abstract interpreter (see bpscan.interp.Interp)."""

    # ------------------------------------------------------------------ updates
    def try_update_inplace(self, old: Val, rhs: Val, sign: int, target: ast.AST, scope: Scope,
                           method: str | None = None) -> bool:
        """`W -= lr * dW`, `p.data.sub_(...)`: an in-place change of a parameter."""
        leaf = old.leaf if old.leaf is not None and not old.tr else None
        if leaf is None and old.op == "join" and not old.tr and (rhs.adj is not None or rhs.uses_grad or rhs.deps) and \
                self._walked_variable(target):
            # `for p, g in zip(params, grads): p -= lr * g` over a list whose elements could not be told
            # apart: the step of each parameter it holds
            leaves = {m.leaf for m in join_chain(old, 255) if m.op != "join" and m.leaf is not None}
            members = [m for m in leaves if m.key in self.know.updated or self.is_param(m)]
            # (beside them, arrays made fresh that no forward pass this run drove reads: another model's parameters,
            # gathered by the same code; stepped alike, nothing is known of them)
            fresh = [m for m in leaves if m not in members and not m.data and made_fresh(m)]
            if members and len(members) + len(fresh) == len(leaves):
                own = self._paired_steps(old, rhs)
                for m in sorted(members, key=lambda m: m.name):
                    if self.discovery:
                        self.know.updated.add(m.key)
                    else:
                        self.record_update(m, [(sign, own.get(m.key, rhs))], rebind=False, target=target)
                return True
        if leaf is None or _gradient_buffer(leaf, rhs, sign) and not self._forward_input(leaf) or \
                self._named_buffer(leaf) or _gradient_slot(leaf):
            return False
        if zero_started(leaf) and sign > 0 and rhs.adj is None and self._penalty_of_param(rhs):
            # `grads = np.zeros(...)` then `grads += alpha2 * param`: a penalty's derivative put into a gradient's
            # buffer before the gradient itself, not a step of the buffer (nor is the parameter its velocity)
            return False
        if leaf.data and old.adj is not None and old.adj.pos in PARAM_GRADIENT:
            # `grad += weight_decay * param` of the gradient an optimiser is handed: a penalty's share added to the
            # gradient, which is no parameter (nor is the parameter the velocity of it)
            return False
        if isinstance(leaf.src, Val) and leaf.src.op == "const" and rhs.adj is None and not rhs.uses_grad:
            # `total = 0` then `total += inputs[i] * weights[i]`: a sum being formed, not a parameter stepped
            return False
        if rhs.adj is None and not rhs.uses_grad and zero_started(leaf) and sign > 0 and _squared(rhs):
            # `self.total += 0.5 * np.square(x - t)`: a loss summed up, not a parameter stepped
            return False
        if rhs.adj is None and not rhs.uses_grad and zero_started(leaf) and rhs.op in ("call", "unknown", "matmul") \
                and not _from_gradients(rhs) and any(d is not leaf and d.role == "weight" for d in rhs.deps):
            # `acc = np.zeros(...)` then `acc += correlate2d(x[c], K[o, c])`: a layer's output summed over its
            # input channels, not a parameter stepped
            return False
        if self.discovery:
            if rhs.deps - {leaf}:
                self.know.updated.add(leaf.key)
                self._velocity_of(rhs, leaf)
            return leaf.key in self.know.updated
        # (a stepped array the forward reads only through copies, `LSTM(*[p.copy() for p in params])`: still
        # the parameter its optimiser steps with a gradient)
        trained_state = rhs.adj is not None and leaf.key in self.know.updated and (
            self._forward_input(leaf) or sign < 0 and leaf.role is None and not leaf.data and
            (rhs.adj.pos == "?" or rhs.adj.pos in PARAM_GRADIENT) and
            not (isinstance(leaf.src, Val) and leaf.src.op == "const"))
        if not (self.is_param(leaf) or trained_state) or leaf.key in self.know.velocity:
            return False
        self.record_update(leaf, [(sign, rhs)], rebind=False, target=target)
        return True

    def _paired_steps(self, params: Val, rhs: Val) -> dict[tuple, Val]:
        """`p -= lr * g` over `(p, g)` pairs merged slot by slot (`pairs.extend(layer.pairs())` of each layer): the
        merge of the gradients in `rhs` has the shape of the merge of the parameters, member for member, so each
        parameter's step is `lr *` its own gradient - read now, after the backward pass summed into it in place."""
        grads = rhs
        for _ in range(4):
            if grads.op == "join":
                break
            if grads.op in ("mul", "div", "neg") and grads.args:
                grads = next((a for a in grads.args if isinstance(a, Val) and a.op != "const"), grads)
            else:
                return {}
        if grads.op != "join":
            return {}
        pairs: list[tuple[Val, Val]] = []
        todo = [(params, grads)]
        while todo and len(pairs) < 64:
            p, g = todo.pop()
            if p.op == "join" and g.op == "join" and len(p.args) == len(g.args):
                todo.extend(zip(p.args, g.args))  # type: ignore[arg-type]
            elif p.op != "join" and g.op != "join":
                pairs.append((p, g))
            else:
                return {}  # the two merges were made differently: no member is known to meet its own
        out: dict[tuple, Val] = {}
        for p, g in pairs:
            if p.leaf is not None and isinstance(g, Val):
                out[p.leaf.key] = self._replaced(rhs, grads, g)
        return out

    def _replaced(self, v: Val, old: Val, new: Val) -> Val:
        """`v` with the value `old` in it replaced by `new`, through products, quotients and negations."""
        if v is old:
            return new
        if v.op == "neg" and v.args and isinstance(v.args[0], Val):
            return self.neg(self._replaced(v.args[0], old, new))  # type: ignore[attr-defined]
        if v.op in ("mul", "div") and len(v.args) == 2 and all(isinstance(a, Val) for a in v.args):
            a, b = (self._replaced(x, old, new) for x in v.args)  # type: ignore[arg-type]
            return self.binop("Mult" if v.op == "mul" else "Div", a, b)  # type: ignore[attr-defined]
        return v

    def row_step(self, base: Val, step: Val, sign: int, target: ast.AST) -> bool:
        """`w_in[t] -= lr * dh` (or `w_in[t] = w_in[t] - lr * dh`) with `h = w_in[t]` an embedding's row: the
        row a computed index picks, stepped with its gradient, is an update of the whole table, which stays the
        parameter (its row read back in the next pass is the parameter's, not a value carrying that gradient)."""
        leaf = base.leaf
        # `for param, grad in zip(params, grads): for i in range(len(grad)): param[i] -= lr * grad[i]`: a part of
        # one of the parameters a list holds (each layer's weight and bias), stepped as the list's own
        walked = base.op == "getitem" and isinstance(target, ast.Subscript) and self._walked_variable(target.value)
        if walked:
            leaf = leaf_behind(base)
        rated = _rate_scaled(step, self.cur.node if self.cur else None)
        # (a table made by np.zeros is a gradient's buffer, `dW[i] += dh`, unless a rate scales its step:
        # `weights_0_1[index] -= delta[0] * self.learning_rate` trains an embedding that starts at zero)
        if not (base.op == "leaf" or walked) or base.kind != "arr" or leaf is None or base.tr or leaf.data or \
                zero_started(leaf) and not rated or made_as_vector(leaf):
            return False
        # (`x1 = x0.copy(); x1[i] -= x0[i] * eps`: a finite difference's nudge, made of the array itself)
        own = {leaf} | ({src_leaf} if isinstance(leaf.src, Val) and leaf.src.op == "copy" and
                        (src_leaf := leaf_behind(leaf.src)) is not None else set())
        # (a step of a gradient the model did not trace is still an update when scaled by a rate named as one:
        # `v[i] = v[i] - 2 * dot * n` of a reflection is physics, not training)
        untraced = step.adj is None and bool(step.deps - own) and step_sized(step, any_number=True) and rated
        if self.discovery:
            if step.deps - own and step_sized(step, any_number=True):
                self.know.updated.add(leaf.key)
            return False  # (the statement is still read the usual way: what it learns besides is kept)
        if leaf.key not in self.know.updated or leaf.key in self.know.velocity or step.adj is None and not untraced:
            return False  # (a step of a gradient the model did not trace is an update all the same, its way unknown)
        self.record_update(leaf, [(sign, step)], rebind=False, target=target, row=True)
        return True

    def _walked_variable(self, target: ast.AST) -> bool:
        """`p` of `for p, g in zip(params, grads):` around this statement: a name a loop binds."""
        func = self.cur.func if self.cur is not None else None
        if not isinstance(target, ast.Name) or func is None:
            return False
        if loops_binding(func, self.cur.node, {target.id}):
            return True
        # (`for tup in self.params: weight, grad = tup`: the pair unpacked at the top of the loop's body)
        unpacked = {st.value.id for loop in ast.walk(func) if isinstance(loop, ast.For) for st in loop.body
                    if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Tuple)
                    and isinstance(st.value, ast.Name) and
                    any(isinstance(t, ast.Name) and t.id == target.id for t in st.targets[0].elts)}
        return bool(unpacked) and bool(loops_binding(func, self.cur.node, unpacked))

    def _rebind_container(self, target: ast.AST, new: Val, scope: Scope) -> None:
        """The name or attribute a list or dict of stepped parameters is stored under now holds the new container
        (whose elements still denote the parameters)."""
        if isinstance(target, ast.Name):
            self.bind(scope, target.id, new)
        elif isinstance(target, ast.Attribute):
            obj = self.eval(target.value, scope)
            if obj.kind == "inst":
                obj.elems[target.attr] = new

    def try_update_rebind(self, old: Val, new: Val, target: ast.AST, scope: Scope,
                          data_view: bool = False) -> bool:
        """`W = W - lr * dW`, `self.w = [w - eta*nw for ...]`: a parameter rebound to its new value."""
        if old.op == "leaf" and old.leaf is not None and not old.leaf.data and _clipped(new) is old and \
                (old.leaf.key in self.know.updated or self.is_param(old.leaf) or made_fresh(old.leaf)):
            # `self.w1 = np.maximum(-c, np.minimum(c, self.w1))`, `w = np.clip(w, -c, c)` after the step: weight
            # clipping (a WGAN's), which keeps the parameter within bounds; the name still holds the parameter
            return True
        if old.kind == new.kind == "inst" and old is not new and isinstance(old.payload, Val) and \
                old.payload.kind == "cls" and old.payload is new.payload and isinstance(old.elems, dict) and \
                isinstance(new.elems, dict):
            # `self.w = Matrix.add(self.w, dw)` of a matrix class: a new object holding the parameter stepped;
            # the name keeps the object that holds the parameter
            stepped = False
            for name, held in old.elems.items():
                now = new.elems.get(name)
                if isinstance(held, Val) and isinstance(now, Val) and now is not held and held.op == "leaf" and \
                        held.leaf is not None and not held.leaf.data and held.kind == "arr" and \
                        self.try_update_rebind(held, now, ast.Attribute(value=target, attr=name)
                                               if isinstance(target, ast.expr) else target, scope):
                    stepped = True
            if stepped:
                self._inst_rebound = self.cur  # (the helper's step is tagged at this statement: see s_Assign)
            return stepped
        if old.kind == "seq" and new.kind == "seq":
            if old.summary is None and new.summary is None and old.elems and new.elems and \
                    len(old.elems) == len(new.elems):
                done = [self.try_update_rebind(o, n, ast.Name(id="_"), scope) for o, n in zip(old.elems, new.elems)]
                if all(done):
                    new.elems = list(old.elems)  # each name keeps denoting its parameter
                    self._rebind_container(target, new, scope)
                    return True
            o = self.seq_any(old)
            # (`self.weights = [w - rate * g for w, g in zip(self.weights, grads)]` over a list of gradients of
            # known length: one element per layer, all made by the one statement, each the stepped summary)
            one_statement = old.summary is not None and not old.elems and new.summary is None and new.elems and \
                len({id(e.stmt) for e in new.elems}) == 1 and new.elems[0].stmt is not None
            n = new.elems[0] if one_statement else self.seq_any(new)
            if o is None or n is None or o.leaf is None:
                return False
            if self.try_update_rebind(o, n, target, scope):
                self._keep_leaf_in_seq(new, o)
                self._rebind_container(target, new, scope)
                return True
            return False
        if old.kind == "dict" and new.kind == "dict":
            common = [k for k in (old.elems or {}) if k in (new.elems or {}) and isinstance(old.elems[k], Val) and
                      old.elems[k].leaf is not None and old.elems[k] is not new.elems[k]]
            if len(common) >= 2:
                # `new_weights["W{}".format(l)] = self.weights["W{}".format(l)] - alpha * dW` for each entry, then
                # `self.weights = new_weights`: each entry stepped apart (a blur of all of them steps none)
                done = [self.try_update_rebind(old.elems[k], new.elems[k], ast.Name(id="_"), scope) for k in common]
                if all(done):
                    for k in common:
                        new.elems[k] = old.elems[k]  # each key keeps denoting its parameter
                    self._rebind_container(target, new, scope)
                    return True
            o = self.dict_any(old)
            n = self.dict_any(new)
            if o is None or n is None or o.leaf is None:
                return False
            if self.try_update_rebind(o, n, target, scope):
                if isinstance(target, ast.Name):
                    self.bind(scope, target.id, old)
                return True
            return False
        leaf = old.leaf
        if leaf is None or old.tr or new.kind != "arr" or _gradient_slot(leaf):
            return False
        call = new.args[0] if new.op in ("unknown", "part") and len(new.args) == 1 and \
            isinstance(new.args[0], Val) and new.args[0].op == "unknown" else new
        if call.op == "unknown" and any(a is old for a in call.args):
            # self.W = self.W_opt.update(self.W, dW): an optimiser we cannot read steps W with its
            # gradient (also `self.W, state = opt.optimize(self.W, dW, state)`); an update, though in
            # which direction it cannot be told
            grads = [a for a in call.args if isinstance(a, Val) and a.adj is not None and a.adj.leaf is leaf] or \
                [a for a in call.args if isinstance(a, Val) and a.adj is not None and a.adj.pos in ("y", "b", "?")]
            if not self.discovery and leaf.role is None and zero_started(leaf) and \
                    not any(isinstance(a, Val) and a.adj is not None and a.adj.leaf is leaf for a in call.args):
                # `self.vW = vW_new` of `w_new, b_new, vW_new, vB_new = opt.minimize(w, b, dW, dB, vW, vB)`: the
                # optimiser's state handed back with the weights, no parameter (nothing uses it forward)
                grads = []
            if len(grads) == 1 and not self.discovery and self.is_param(leaf):
                step = Val("opaque_step", (grads[0],), "arr", self.cur)
                step.adj = grads[0].adj.with_sign(UNKNOWN_SIGN)
                self.record_update(leaf, [(1, step)], rebind=True, target=target)
                return True
            if len(grads) == 1 and self.discovery:
                self.know.updated.add(leaf.key)
                return True
        if leaf.data and old.adj is not None and old.adj.pos in PARAM_GRADIENT:
            # `g = self.regularization * p + g` of the gradient an optimiser is handed: a penalty's share added to
            # the gradient (as `grad += weight_decay * param`), which is no parameter (nor is the parameter its
            # velocity)
            return False
        terms, written_before = self.step_terms(new)
        keep = [s for s, t in terms if _own_term(t, leaf) or self._scaled_leaf(t, leaf)]
        change = [(s, t) for s, t in terms if not _own_term(t, leaf) and not self._scaled_leaf(t, leaf)]
        if not keep and change and isinstance(target, (ast.Name, ast.Attribute)) and self._step_alone(old, change):
            # `W = -eta * grad_W`: the step written where the stepped weight belongs, so the weight is lost; the name
            # is still read as the parameter (a step, though a broken one), in every pass alike
            if self.discovery:
                self.know.updated.add(leaf.key)
            elif self._drops_parameter(old, change):
                self.record_update(leaf, change, rebind=True, target=target, dropped=True)
            if isinstance(target, ast.Name):
                self.bind(scope, target.id, old)
            return True
        if not keep or not change:
            return False
        scales = [f for s, t in terms if self._scaled_leaf(t, leaf) for f in t.factors if f.leaf is not leaf]
        decay = any(f.op == "sub" and f.args and isinstance(f.args[0], Val) and f.args[0].num == 1 for f in scales)
        grads = [(s, t) for s, t in change if t.adj is not None]
        if scales and not decay and leaf.role is None and grads and \
                all(t.adj.sign == UNKNOWN_SIGN or s * t.adj.sign > 0 for s, t in grads):
            # v = beta * v + (1 - beta) * g (or g ** 2) on something no forward product uses: a moving
            # average of the gradient (momentum, Adam's moments), not a parameter. A decayed parameter keeps
            # 1 - lr * lam of itself; a weight the forward pass uses is a parameter however written.
            return False
        if scales and not decay and leaf.role is None and not grads and (
                not any(t.uses_grad for _, t in change) or all(_scaled_square(t) for _, t in change) or
                all(_complement_scaled(t, scales) for _, t in change)):
            # run_mu = m * run_mu + (1 - m) * batch_mean: a moving average of a statistic, nothing stepped; and
            # `v = beta2 * v + (1 - beta2) * g ** 2`, Adam's average of the squared gradient
            return False
        if self.discovery:
            others = frozenset().union(*(t.deps for _, t in change)) - {leaf}
            if not others:
                return False
            self.know.updated.add(leaf.key)
            for _, t in change:
                self._velocity_of(t, leaf)
        elif not self.is_param(leaf) or leaf.key in self.know.velocity:
            return False
        elif self._from_callee(new) or written_before:
            # `next_w = w + v` of an update rule, bound back by its caller: the step is the rule's
            # statement, where the rule read on its own puts it too (one update, one place); and the
            # statement that wrote `new_V = V - rate * gV` before it was copied back
            saved, self.cur = self.cur, new.stmt
            try:
                self.record_update(leaf, change, rebind=not data_view, target=target)
            finally:
                self.cur = saved
        else:
            # `W = (1 - lr * lam) * W - lr * dW`: the decay kept in the parameter's own term, for `bpscan verify`
            kept = [(s, t) for s, t in terms if self._scaled_leaf(t, leaf)]
            self.record_update(leaf, change, rebind=not data_view, target=target, kept=kept)
        # The name keeps denoting the same parameter after the update.
        if isinstance(target, ast.Name):
            self.bind(scope, target.id, old)
        elif isinstance(target, ast.Attribute) and not data_view:
            obj = self.eval(target.value, scope)
            if obj.kind == "inst":
                obj.elems[target.attr] = old
        elif isinstance(target, ast.Subscript):
            pass
        return True

    def _step_alone(self, old: Val, change: list[tuple[int, Val]]) -> bool:
        """`W = -eta * g` over a weight or bias the forward pass uses: a gradient times a rate, made here, assigned
        where the parameter's new value belongs."""
        leaf = old.leaf
        return old.op == "leaf" and leaf is not None and not leaf.data and \
            (leaf.role in ("weight", "bias") or leaf.role is None and made_fresh(leaf)) and \
            all(t.adj is not None and step_sized(t, any_number=True) and t.stmt is self.cur for _, t in change)

    def _drops_parameter(self, old: Val, change: list[tuple[int, Val]]) -> bool:
        """The step alone is made of nothing but this very parameter's own gradient, of a known sign, of a layer
        of the forward pass: the parameter's own term is missing (BP202's premise)."""
        leaf = old.leaf
        return leaf is not None and leaf.layer is not None and all(
            t.adj is not None and t.adj.pos in ("W", "b") and t.adj.leaf is leaf and t.adj.sign != UNKNOWN_SIGN
            for _, t in change)

    def _penalty_of_param(self, v: Val) -> bool:
        """`alpha2 * param`, `alpha1 * np.sign(param)`: a coefficient times a trained parameter (or its sign)."""
        if v.op != "mul" or not v.factors:
            return False
        arrays = [f for f in v.factors if f.kind not in ("num", "none")]
        if len(arrays) != 1:
            return False
        a = arrays[0]
        if a.op == "call" and a.payload == "sign" and a.args and isinstance(a.args[0], Val):
            a = a.args[0]
        return a.op == "leaf" and a.leaf is not None and self.is_param(a.leaf)

    def _forward_input(self, leaf: Leaf) -> bool:
        """A layer of the forward pass multiplies `leaf` (an RNN's learned initial state `self.s0`, made by
        np.zeros): stepped with its gradient, it is trained, not a buffer that sums one."""
        todo = [i for u in self.units for lay in u.layers for i in lay.inputs]
        for _ in range(64):
            if not todo:
                break
            v = todo.pop()
            if v.op == "join":
                todo.extend(a for a in v.args if isinstance(a, Val))
            elif leaf_behind(v) is leaf:
                return True
        return False

    def _named_buffer(self, leaf: Leaf) -> bool:
        """`self.dWnx += ...` where `self.dWnx = np.zeros(...)` and `self.Wnx` is a weight of the forward
        pass: the zero-started array its name says is that weight's gradient (whatever optimiser
        arithmetic it later meets), not a parameter. Started with small random numbers instead of zeros
        (`self.gUg = 0.1 * np.random.rand(n, 1)` beside `self.Ug`), it is still a buffer when no forward
        product uses it."""
        if not zero_started(leaf) and leaf.role is not None:
            return False
        prefix, _, attr = leaf.name.rpartition(".")
        # dWnx -> Wnx by the naming rule; dbnx -> bnx (gUg -> Ug) only when such a weight or bias exists
        core = attr.lstrip("_")
        lead = attr[:len(attr) - len(core)]  # self._bias_grad names self._bias
        # the names it may be the gradient of (only a parameter that exists under that name counts)
        owns = {lead + own for own in (gradient_of_name(core), core[1:] if core[:1] in ("d", "g") and len(core) > 1
                                       else None, _ACCUMULATOR.sub("", core), _GRAD_SUFFIX.sub("", core))
                if own and own != core}
        wants = {f"{prefix}.{own}" if prefix else own for own in owns}
        return any(other.name in wants and (other.role is not None or other.presumed) and other is not leaf
                   for other in self.leaves.values())

    def _velocity_of(self, step: Val, leaf: Leaf) -> None:
        """`params[k] += v[k]` after `v[k] = mu * v[k] - lr * grads[k]`: v, stepped itself, is the
        step of another parameter: a velocity, not a parameter (its own step is no update)."""
        base = step
        for _ in range(4):
            if base.op in ("getitem", "copy", "reshape", "T", "mul", "neg") and base.args and base.leaf is None:
                # `lr * self.g_W` with lr an argument: the array, not the rate, is what is stepped
                vals = [a for a in base.args if isinstance(a, Val) and a.op != "const"]
                base = next((a for a in vals if a.kind == "arr" and (a.leaf is not None or a.deps)),
                            vals[0] if vals else base.args[0])
            else:
                break
        if base.leaf is not None and base.leaf is not leaf and base.leaf.key in self.know.updated and \
                base.leaf.role is None:
            self.know.velocity.add(base.leaf.key)
        # `e -= lr * v / np.sqrt(s + eps)` after `v = b1 * v + (1 - b1) * d / n` and `d += g`: the
        # zero-started sums the step is made of are buffers of the gradient, not parameters
        for v in reachable(step, lambda x: x.op in _ARITHMETIC or x.op == "call" and
                           x.payload in ("sqrt", "square", "abs"), 8):
            if v.op == "leaf" and v.leaf is not None and v.leaf is not leaf and v.leaf.role is None and \
                    v.leaf.key in self.know.updated and zero_started(v.leaf):
                self.know.velocity.add(v.leaf.key)

    def _bias_sums(self, step: Val, leaf: Leaf) -> None:
        """The sums a bias's step is made of (`b -= lr * gb / n` after `gb += err` sample by sample): the
        statements where the deltas are summed into its gradient, formula 3 of a bias."""
        if leaf.unit is None or leaf not in leaf.unit.biases:
            return
        # (not back through formula 1: the sum of the errors above a neuron is no bias's gradient)
        for v in reachable(step, lambda x: x.op in _ARITHMETIC and not (
                x.op == "mul" and any(isinstance(a, Val) and a.deriv is not None for a in x.args)), 6):
            node = v.stmt.node if v.stmt is not None else None
            if v.op == "add" and _running_sum(node):
                self.bias_sums.add(id(node))

    def _flipped_rate(self) -> bool:
        """`param.value += self.learning_rate * param.grad` in an optimiser whose `minimize` first makes the rate
        negative (`self.learning_rate *= -1`) and whose `maximize` makes it positive: the step's sign is the
        caller's choice, not the statement's."""
        return self.cur is not None and bool(self_attrs_read(self.cur.node) & self.flipped_rates)

    def _keep_leaf_in_seq(self, new: Val, old_elem: Val) -> None:
        if new.summary is not None:
            new.summary = old_elem
        if new.elems:
            new.elems = [old_elem] * len(new.elems)

    def _scaled_leaf(self, t: Val, leaf: Leaf) -> bool:
        if t.op == "mul" and t.factors:
            leaves = [f for f in t.factors if f.leaf is leaf and not f.tr]
            others = [f for f in t.factors if not (f.leaf is leaf)]
            # (`(1 - eta * (lmbda / n)) * w` with the rates handed in: a number made of settings, no parameter)
            return len(leaves) == 1 and all(f.adj is None and (not (f.deps - {leaf}) or _settings(f) and not any(
                d.role is not None or d.requires_grad for d in f.deps)) for f in others)
        return False

    def step_terms(self, new: Val) -> tuple[list[tuple[int, Val]], bool]:
        """The signed terms of a parameter's new value, and whether they were written by an earlier statement:
        `new_V = V - rate * gV` ... `V, c = new_V, new_c`, the step written into a new name first, then copied
        back (every parameter's new value computed from the old ones before any is replaced)."""
        if new.op == "mul" and len(new.args) == 2 and (new.stmt is self.cur or self._from_callee(new)):
            # `(1 - weight_decay) * (W - step)`: the step taken, then the whole new value shrunk by a decay factor -
            # the terms keep their signs (the shrinking is no step along any gradient)
            for c, rest in ((new.args[0], new.args[1]), (new.args[1], new.args[0])):
                if isinstance(c, Val) and isinstance(rest, Val) and _decay_factor(c) and rest.op in ("add", "sub"):
                    new = rest
                    break
        terms = self.linear_terms(new, 1, 0)
        # (or `w = m.w - lr * m.dw; m.set_weights(w, b)`: the new value handed down by a caller to the setter that
        # stores it, the step written where the caller computed it)
        if len(terms) == 1 and terms[0][1] is new and new.op in ("add", "sub") and new.stmt is not None and \
                self.cur is not None and new.stmt is not self.cur and (
                    new.stmt.func is self.cur.func or bool(self.func_stack) and (
                        new.stmt.func is None or new.stmt.func in self.func_stack)):
            return (self.linear_terms(new.args[0], 1, 1) +
                    self.linear_terms(new.args[1], 1 if new.op == "add" else -1, 1)), True
        # (`new_weights[k] = weights[k] - alpha * dW` for each key, then `self.weights = new_weights`: the step is
        # where the entry was written)
        before = len(terms) > 1 and new.op in ("add", "sub") and new.stmt is not None and self.cur is not None and \
            new.stmt is not self.cur and new.stmt.func is self.cur.func and new.stmt.func is not None and \
            isinstance(new.stmt.node, ast.Assign) and isinstance(new.stmt.node.targets[0], ast.Subscript)
        return terms, before

    def linear_terms(self, v: Val, sign: int, depth: int) -> list[tuple[int, Val]]:
        """Split a value into signed additive terms (through +, -, unary minus) made in this statement, or
        in a function this statement called (`W, config = sgd_momentum(W, dW, config)` whose body
        computed `next_w = w + v`)."""
        if depth < 8 and (v.name is None or v.stmt is self.cur or self._from_callee(v)):
            if v.op == "add":
                return self.linear_terms(v.args[0], sign, depth + 1) + self.linear_terms(v.args[1], sign, depth + 1)
            if v.op == "sub":
                return self.linear_terms(v.args[0], sign, depth + 1) + self.linear_terms(v.args[1], -sign, depth + 1)
            if v.op == "neg":
                return self.linear_terms(v.args[0], -sign, depth + 1)
        return [(sign, v)]

    def _from_callee(self, v: Val) -> bool:
        """Made inside a function that has returned it (`next_w = w + v` of an update rule), which the
        caller binds (`next_w, config = rule(w, dw, config)`, then `params[k] = next_w`)."""
        born = v.stmt
        return born is not None and self.cur is not None and born.func is not None and \
            born.func is not self.cur.func and born.func not in self.func_stack

    def record_update(self, leaf: Leaf, change: list[tuple[int, Val]], rebind: bool, target: ast.AST,
                      kept: list[tuple[int, Val]] | None = None, row: bool = False, dropped: bool = False) -> None:
        if isinstance(leaf.src, Val) and leaf.src.op == "const" and "grad" in (leaf.name or "").lower():
            return  # `w_grad = 0` then `w_grad += ...`: a gradient summed up, no parameter stepped
        if _LOSS_SUM.match((leaf.name or "").rpartition(".")[2]):
            return  # `self.loss += -t * np.log(x)`: a loss layer summing its loss, no parameter stepped
        direction = 0
        known = True
        adjs: list[Adj] = []
        grad_read = False
        for s, term in change:
            if term.adj is None:
                continue
            adjs.append(term.adj)
            grad_read = grad_read or term.uses_grad
            if term.adj.sign == UNKNOWN_SIGN:
                known = False
                continue
            d = s * term.adj.sign
            if direction == 0:
                direction = d
            elif direction != d:
                known = False
        if not adjs or known and self._flipped_rate():
            known = False
        # `if momentum: step = mu * v + lr * g` / `else: step = -lr * g`, then `w += step`: the direction is mixed
        # only because one branch climbs; that branch's statement is where the fault is
        branch_climb = None
        if not known:
            for s, term in change:
                alts = [a for a in term.args if isinstance(a, Val)] if term.op == "join" else []
                dirs = [(a, s * a.adj.sign) for a in alts if a.adj is not None and a.adj.sign in (GRAD, NEG_GRAD)]
                up = [a for a, d in dirs if d == 1]
                if len(dirs) == len(alts) >= 2 and len(up) == 1 and up[0].stmt is not None and up[0].stmt is not self.cur:
                    branch_climb = up[0].stmt
        seeded = any(t.adj is not None and _seeded(t) for _, t in change)
        # `x = x + alpha * p` with `alpha = r @ r / (p @ A @ p)`: a step length found by a line search over the
        # residual, the mark of a solver (conjugate gradients), not of a learning rate
        searched = any(any(_length_along(f, t) for f in (t.factors or ())) for _, t in change)
        self.emit("update", leaf.unit, leaf, direction=direction if known else 0, adjs=adjs, seeded=seeded,
                  line_search=searched, **({"branch_climb": branch_climb} if branch_climb is not None else {}),
                  change=change, rebind=rebind, grad_read=grad_read,
                  target=target_text(target), uses_data=isinstance(target, ast.Attribute) and target.attr == "data",
                  **({"kept": kept} if kept else {}), **({"row": True} if row else {}),
                  **({"dropped": True} if dropped else {}))
        for _, t in change:
            self._bias_sums(t, leaf)
        if not self.quiet:
            leaf_t = self.t
            self._last_update[leaf] = leaf_t
            self._last_update_in[leaf] = tuple(self.func_stack)  # the functions running when it was made
            # a rebinding step makes a new array: names bound to the old one (`W = self.W` before
            # the step) still hold the forward's weight; an in-place step changes them too
            self._rebind_step[leaf] = rebind

    def zero_grad(self, leaf: Leaf | None) -> None:
        if self.discovery:
            return
        self.zeroed.append(Event("zero", self.cur, None, leaf, {}, tuple(self.loop_stack), self.t, False))

    def softmax_onehot(self, st: ast.AugAssign, old: Val, rhs: Val, sign: int, scope: Scope) -> bool:
        """`d = probs.copy(); d[range(N), y] -= 1`: delta of softmax + cross-entropy."""
        base = self.eval(st.target.value, scope)  # type: ignore[attr-defined]
        if sign != -1 or rhs.num != 1 or base.adj is not None:
            return False
        unit = self.output_unit(base)
        over = softmax_over(strip_views(base)) is not None
        # (a loss layer's `backward(y_true, y_pred)` driven on its own: the output it is handed comes from no layer
        # the file has, its activation is not known, and this idiom is the softmax's with cross-entropy)
        if unit is None or unit.act() not in ("softmax", "sigmoid") and not over and not (
                (unit.presumed or not unit.layers) and unit.act() in (None, "linear")):
            return False
        new, idx = self.subtracted_at(st, base, rhs, scope)
        # (a softmax over scores already activated, `relu(h @ W2)`: the error is at that activation's output, its
        # derivative still ahead; otherwise the loss cancels the output's derivative and the error is the delta)
        new.adj = Adj(GRAD, "z" if over else "y", unit)
        self.emit("error", unit, None, sign=GRAD, cancel=not over, output=base, target=idx, value=new, onehot=True)
        if not over:
            self.emit("F1", unit, None, deriv=None, cancel=True, value=new)
        self.assign(st.target.value, new, scope, None, rebind=True)  # type: ignore[attr-defined]
        return True


def _running_sum(node: ast.AST | None) -> bool:
    """`g += e` or `g = g + e` with g a name or an attribute: a sum formed term by term."""
    if isinstance(node, ast.AugAssign):
        return isinstance(node.op, ast.Add) and isinstance(node.target, (ast.Name, ast.Attribute))
    return isinstance(node, ast.Assign) and len(node.targets) == 1 and \
        isinstance(node.targets[0], (ast.Name, ast.Attribute)) and isinstance(node.value, ast.BinOp) and \
        isinstance(node.value.op, ast.Add) and target_text(node.value.left) == target_text(node.targets[0])


#: the name of a learning rate: `lr`, `self.lr`, `learning_rate`, `config.learning_rate`, `eta`, `alpha`
_RATE = re.compile(r"(^|[._])(lr|learning_rate|eta|alpha|step_size|rate)$", re.IGNORECASE)


def _rate_scaled(step: Val, stmt: ast.AST | None = None) -> bool:
    """`lr * g`, `self.lr * grads["w"]`: one factor of the step is a number named as a learning rate (in the
    value, or in the statement's own product when the value is a constant that lost its name)."""
    factors = step.factors if step.op == "mul" and step.factors else (step.args[0].factors or ()) \
        if step.op == "neg" and step.args and isinstance(step.args[0], Val) else ()
    if any(_RATE.search(f.name or (f.leaf.name if f.leaf is not None else "")) for f in factors):
        return True
    return rate_scaled_step(stmt)


def rate_scaled_step(stmt: ast.AST | None) -> bool:
    """The value a statement assigns multiplies by a name that says learning rate (`... * self.learning_rate`,
    `(rate / len(batch)) * g`)."""
    value = getattr(stmt, "value", None)
    if not isinstance(value, ast.AST):
        return False

    def named_rate(side: ast.AST) -> bool:
        if isinstance(side, ast.BinOp) and isinstance(side.op, (ast.Mult, ast.Div)):
            return named_rate(side.left) or isinstance(side.op, ast.Mult) and named_rate(side.right)
        if isinstance(side, ast.UnaryOp):
            return named_rate(side.operand)
        name = side.id if isinstance(side, ast.Name) else side.attr if isinstance(side, ast.Attribute) else ""
        return bool(_RATE.search(name))

    return any(isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and
               (named_rate(node.left) or named_rate(node.right)) for node in ast.walk(value))


def _settings(f: Val) -> bool:
    """A number, or one minus a number (`1 - eta * (lmbda / n)`): a factor made of the step's settings."""
    return f.kind == "num" or f.op == "sub" and bool(f.args) and isinstance(f.args[0], Val) and f.args[0].num == 1


def _decay_factor(c: Val) -> bool:
    """`1 - weight_decay`, `(1 - lr * wd)`, `0.999`: a positive factor just below one that shrinks a parameter."""
    if c.adj is not None or c.deps and any(d.data for d in c.deps):
        return False
    if c.op == "const":
        return isinstance(c.num, (int, float)) and not isinstance(c.num, bool) and 0 < c.num <= 1
    return c.op == "sub" and len(c.args) == 2 and isinstance(c.args[0], Val) and c.args[0].op == "const" and \
        c.args[0].num == 1 and isinstance(c.args[1], Val) and c.args[1].adj is None and c.args[1].kind == "num"


def _own_term(t: Val, leaf: Leaf) -> bool:
    """A term of a step that is the parameter itself, or a plain copy of it (`ret = m.matrix.copy(); ret + g` of a
    matrix class's `add`, handed back as the parameter's new value)."""
    if t.leaf is leaf and not t.tr:
        return True
    if t.op == "leaf" and t.leaf is not None and not t.tr and t.adj is None and isinstance(t.leaf.src, Val):
        t = t.leaf.src  # (`_m = m.matrix.copy(); ret.matrix = _m`: the copy kept under a name of its own)
    return t.op == "copy" and len(t.args) == 1 and isinstance(t.args[0], Val) and t.args[0].leaf is leaf and \
        not t.args[0].tr and t.adj is None
