"""Statements: how each kind of statement changes the abstract state."""

from __future__ import annotations

import ast
import re
from typing import Any

from bpscan.entrywise import entry_indices, whole_statement
from bpscan.interp_arithmetic import _dropout_mask, _setting
from bpscan.interp_calls import parameter_store
from bpscan.interp_updates import _square, rate_scaled_step
from bpscan.literal_net import literal_roles, unsaved_steps
from bpscan.rules.vocabulary import ARRAY_ALIASES, KNOWN_LIBRARIES, METHODS, RANDOM_DRAWS, TARGET_NAME
from bpscan.runtime import _Return, _Break, Scope, _MAX_DOUBLE_DEPTH, method_scope
from bpscan.terms import (count_of, elementwise_of, init_dims, GRADIENT_SLOTS, carried_family, code_body, family_key,
                          gradient_of_name,
                          gradient_owner, initialised, is_family_key, is_zero, join_chain, leaf_behind, loaded_array,
                          made_as_vector, made_by,
                          made_by_zeros, made_fresh, names_bias_of, picks_element, same_value, sign_flipped, smoke_test,
                          read_from_file, step_sized, stepped_whole, strip_views, target_text, unscaled,
                          zero_started)
from bpscan.results import DELEGATED_KINDS
from bpscan.values import GRAD, NEG_GRAD, PARAM_GRADIENT, UNKNOWN_SIGN, Adj, Deriv, Leaf, Unit, Val, bias_sign

#: a loop variable that names a parameter beside a plain `grad` (`for wb, grad in layer`)
_PARAM_LIKE = re.compile(r"^(w|p|param|weight|theta|var|tensor)", re.IGNORECASE)

#: names an assignment of a loss goes by (`loss`, `data_loss`, `cost`, `J`): recorded for `bpscan verify`
_LOSS_TARGET = re.compile(r"(loss|cost|objective)|^J$", re.IGNORECASE)
#: how many positions a loop over list positions is run once each for (`for i in range(self.num_layers)`)
_MAX_POSITIONS = 8


class StatementsMixin:
    """Part of the abstract interpreter (see bpscan.interp.Interp)."""

    # ---- simple statements
    def s_Expr(self, st: ast.Expr, scope: Scope) -> None:
        items = _dict_update(st.value)
        if items is not None and self.eval(st.value.func.value, scope).kind == "dict":  # type: ignore[attr-defined]
            # `params.update({"W" + str(l): W})`, `cache.update(A1=A1)`: each entry stored as `params[k] = v`
            receiver = st.value.func.value  # type: ignore[attr-defined]
            for key, value in items:
                target = ast.Subscript(value=receiver, slice=key, ctx=ast.Store())
                ast.copy_location(target, st)
                self.assign(target, self.eval(value, scope), scope, value)
            return
        n_events, n_work, n_sites = len(self.events), self.forward_work, len(self.call_sites_tagged)
        self._last_value = v = self.eval(st.value, scope)
        if isinstance(st.value, ast.Call):
            self._delegating_call(n_events, n_work, n_sites=n_sites)
            if len(self.events) == n_events and len(self.call_sites_tagged) == n_sites and \
                    isinstance(st.value.func, ast.Attribute) and self.cur is not None:
                kind = self._protocol_call(st.value, st.value.func, scope)
                if kind is not None:
                    self.call_sites_tagged.append((self.cur, kind, None, "fallback"))
        if isinstance(st.value, ast.Call) and isinstance(st.value.func, ast.Attribute) and len(self.events) > n_events \
                and st.value.args and all(isinstance(a, (ast.Name, ast.Attribute)) for a in st.value.args):
            receiver = self.eval(st.value.func.value, scope)
            # an operation between two values of one class of the file's (`gradients.scale(errors)`, `W.add(dW)` of
            # a matrix class), one of them carrying a gradient; not `layer.backward(g)` nor `sgd.step(layer)`,
            # whose results stay the callee's statements
            if any(_hands_gradient(arg) and _same_class(arg, receiver)
                   for arg in (self.eval(a, scope) for a in st.value.args)):
                self._in_place_call(receiver, n_events)
        if v.adj is not None and v.adj.pos in ("y", "W", "b") and isinstance(st.value, ast.BinOp):
            # `dbh + dhraw` on a line of its own: a gradient computed and thrown away
            self.emit("discarded", v.adj.unit, v.adj.leaf, value=v)

    def _whole_of_entry(self, st: ast.Assign | ast.AugAssign, scope: Scope) -> ast.stmt | None:
        """`C[i][j] = A[i][j] - B[i][j]` in loops over `range` binding i and j: the statement `C = A - B`
        (made once per statement and set of loop names, and kept on it, so both passes see the same node) -
        when C, A and B hold arrays: `ys[t] = W @ hs[t]` over the steps of a list (or a dict) stays a step's."""
        walked = frozenset(n for n, _, _ in self.range_vars if n is not None)
        if not walked:
            return None
        made = st.__dict__.setdefault("_bp_entrywise", {})
        if walked not in made:
            made[walked] = whole_statement(st, walked, self.range_vars[-1][2])
        found = made[walked]
        if found is None or any(self.eval(root, scope).kind != "arr" for root in found[1]):
            return None
        return found[0]

    def _run_whole(self, st: ast.Assign | ast.AugAssign, whole: ast.stmt, scope: Scope) -> None:
        """Run the whole-array statement once per run of the loops it stands for: a loop is read twice (and a
        nest of them more often), and `C = sigmoid(C)` or `C += B` run again would apply twice over - so each
        time after the first, the array is put back as it was before the loops began."""
        target = whole.targets[0] if isinstance(whole, ast.Assign) else whole.target
        found = entry_indices(st.targets[0] if isinstance(st, ast.Assign) else st.target)
        names = set(found[1]) if found is not None else set()
        run = next((token for n, token, _ in self.range_vars if n in names), None)
        key = (id(st), run)
        before = self._entry_runs.get(key)
        if before is None:
            self._entry_runs[key] = self.eval(target, scope)
        else:
            self.assign(target, before, scope, None, rebind=True)
        self._exec(whole, scope)

    def s_Assign(self, st: ast.Assign, scope: Scope) -> None:
        whole = self._whole_of_entry(st, scope)
        if whole is not None:
            self._run_whole(st, whole, scope)
            return
        step = _whole_step(st)
        if step is not None:  # `W[:] = W - lr * dW`, `p[...] = p - lr * g`: the array stepped in place
            self.s_AugAssign(step, scope)
            return
        n_events, n_work = len(self.events), self.forward_work
        value = self.eval(st.value, scope)
        self.unplaced_step(value, n_events)
        # (`dx, dw, db = affine_relu_backward(...) if i != last else affine_backward(...)`: one of two calls, or a
        # call and a value handed on as it is)
        called = isinstance(st.value, ast.Call) or isinstance(st.value, ast.IfExp) and \
            (isinstance(st.value.body, ast.Call) or isinstance(st.value.orelse, ast.Call))
        if called and len(self.events) > n_events and self.cur is not None:
            n_sites = len(self.call_sites_tagged)
            self._call_site(st.targets[0], value, n_events)
            if len(self.call_sites_tagged) == n_sites:
                # (an assigned call hands on what it returns: a step or a whole backward pass is read off its
                # callee, the output error only when what it returns is a gradient - `grad = loss.gradient(out, y)`,
                # not `probs = softmax(targets)` of a helper that also has a derivative branch)
                self._delegating_call(n_events, n_work, kinds=("F2", "update", "error") if value.adj is not None
                                      else ("F2", "update"))
        if getattr(st, "_bp_scalar_weight", False) and isinstance(st.targets[0], ast.Name):
            # `w_a = 0.5`, later stepped by `w_a = w_a + x.T.dot(d)`: the weight, started as a number
            value = self.make_leaf((id(st), st.targets[0].id), st.targets[0].id, None, value)
        elif getattr(st, "_bp_literal_target", False) and isinstance(st.targets[0], ast.Name):
            # `target = 2.0`: a number given as the data to fit, not a constant of the arithmetic
            value = self.make_leaf((id(st), st.targets[0].id), st.targets[0].id, None, value)
            if value.leaf is not None:
                value.leaf.data = True
        self._last_value = value
        if value.adj is None and _indicator(value) and (scored := self.hinge_unit(value)) is not None:
            # mask = (margins > 0).astype(float): where the hinge's margins are positive, its gradient by the
            # scores before the correct class's part is written in
            self._hinge_error(value, scored)
        if self.loop_stack and isinstance(st.value, ast.Name) and value.adj is not None and \
                value.adj.pos in ("W", "b") and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            # dWx = dWx_t in a loop over time steps: a weight gradient handed on, not computed here
            self.emit("gcopy", value.adj.unit, value.adj.leaf, value=value)
        if id(st) in self.bias_sums and value.op == "add" and len(value.args) == 2 and \
                isinstance(term := value.args[1], Val):
            self._summed_delta(term)  # `_gradient_b = _gradient_b + err`
        if _named_or_its_view(st.value) and len(st.targets) == 1 and names_bias_of(st.targets[0], value):
            # db = dz: one sample's delta is its bias gradient (formula 3 with a = 1)
            value = self._maybe_bias_store(value)
        elif len(st.targets) == 1 and value.op == "mul":
            # db = dz * dz_db with dz_db = 1: the bias's own local derivative written out, which only the
            # gradient of a layer's one bias multiplies by
            value = self._bias_times_one(st.targets[0], st.value, value)
        elif len(st.targets) == 1 and isinstance(st.targets[0], ast.Tuple) and isinstance(st.value, ast.Tuple) and \
                value.kind == "seq" and isinstance(value.elems, list) and \
                len(value.elems) == len(st.value.elts) == len(st.targets[0].elts):
            # `b1b, b2b = 1 * h1b, 1 * h2b`: the same, one bias after the other
            value = self.seq([self._bias_times_one(t, e, v) for t, e, v in
                              zip(st.targets[0].elts, st.value.elts, value.elems)])
        for t in st.targets:
            self.assign(t, value, scope, st.value)
        if self._inst_rebound is self.cur and len(st.targets) == 1 and len(self.events) > n_events:
            self._stepped_through_call(st.targets[0], scope, n_events)
        if self.discovery and getattr(st, "_bp_grad_named", False) and isinstance(st.targets[0], ast.Name):
            bound = scope.vars.get(st.targets[0].id)
            if bound is not None and bound.leaf is not None:
                self.know.grad_kept.add(bound.leaf.key)

    def _bias_times_one(self, target: ast.expr, e: ast.expr, v: Val) -> Val:
        """`v`, or the delta it multiplies by 1 when that product is the gradient of the delta's layer's bias."""
        if v.op != "mul" or len(v.args) != 2 or not _times_one(e, v.args):
            return v
        delta = next((a for a in v.args if a.num != 1 and a.adj is not None), None)
        if delta is None or not (_delta_of_one_bias(delta) or names_bias_of(target, delta)):
            return v
        return self._maybe_bias_store(delta)

    def s_AnnAssign(self, st: ast.AnnAssign, scope: Scope) -> None:
        if st.value is not None:
            self.assign(st.target, self.eval(st.value, scope), scope, st.value)

    def s_AugAssign(self, st: ast.AugAssign, scope: Scope) -> None:
        whole = self._whole_of_entry(st, scope)
        if whole is not None:
            self._run_whole(st, whole, scope)
            return
        if isinstance(st.op, ast.Add) and isinstance(st.value, ast.List) and \
                not any(isinstance(e, ast.Starred) for e in st.value.elts):
            held = self.eval(st.target, scope)
            if held.kind == "seq" and held.op == "seq" and isinstance(held.elems, list):
                # `self.weight += [np.random.rand(n_in, n)]` grows the list in place, as `append` does
                if held.name is None:
                    held.name = target_text(st.target)
                for e in st.value.elts:
                    self.call_method(held, "append", [self.eval(e, scope)], {})
                return
        step = _whole_step(st)
        if step is not None:  # `W[...] -= lr * dW` is `W -= lr * dW`
            st = step
        rhs = self.eval(st.value, scope)
        old = self.eval(st.target, scope)
        op = type(st.op).__name__
        if self.discovery and op in ("Add", "Sub") and isinstance(st.target, ast.Subscript) and rhs.deps:
            self._learn_stepped_part(st.target, scope)
        if op in ("Add", "Sub") and not self.discovery and rhs.kind == "arr" and rhs.deps and \
                (rhs.adj is None or rhs.adj.sign == UNKNOWN_SIGN) and (root := leaf_behind(old)) is not None:
            self.stepped_unread.add(root)
        if op in ("Add", "Sub"):
            sign = 1 if op == "Add" else -1
            if self.hinge_active:
                rhs = self._hinge_term(st, rhs, sign)
            elif rhs.adj is None and isinstance(st.target, ast.Subscript):
                rhs = self.class_column_term(st, rhs, sign, scope)
            if old.op == "const" and isinstance(old.num, (int, float)) and rhs.adj is not None and \
                    rhs.adj.pos in ("W", "b", "y", "z") and isinstance(st.target, (ast.Name, ast.Attribute)) and \
                    step_sized(rhs, any_number=True) and not self._restarted_in_loop(old) and \
                    (sign < 0 or _negated(rhs) and rhs.adj.pos in ("W", "b") and rhs.adj.leaf is None):
                # (`g0 += -(2 / n) * (y - pred)`, `g1 += -(2 / n) * x * (y - pred)`: an error, or another
                # parameter's gradient, summed into a gradient - no step of this name)
                # `self.b = 0.0` ... `self.b -= lr * r.sum()`: a scalar parameter, stepped down by its scaled
                # gradient (`sum_gb = 0; sum_gb += 2 * e` sums one instead); from here on the name holds the
                # parameter, not the step's arithmetic
                text = target_text(st.target)
                old = self.make_leaf((id(st), text), text, None, old)
                if old.leaf is not None:
                    old.leaf.presumed = True
                self.assign(st.target, old, scope, None, rebind=True)
            if old.op == "const" and isinstance(old.num, (int, float)) and not isinstance(old.num, bool) and \
                    sign < 0 and rhs.adj is not None and rhs.adj.pos in ("W", "b", "y", "z") and \
                    isinstance(st.target, ast.Subscript) and rate_scaled_step(st):
                old = self._scalar_slot_param(st.target, old, scope) or old
            if isinstance(st.target, ast.Subscript) and _row_index(st.target.slice) and \
                    self.row_step(self.eval(st.target.value, scope), rhs, sign, st.target):
                return  # `w_in[t] -= lr * dh`: an embedding's row stepped
            if isinstance(st.target, ast.Subscript) and sign > 0 and rhs.adj is not None and \
                    rhs.adj.pos in ("x", "v") and _row_index(st.target.slice):
                base = self.eval(st.target.value, scope)
                if base.kind == "arr" and (base.adj is None or base.adj.pos == "W") and self._scatter_rows(base, rhs):
                    # `dC[ix] += demb[k, j]` one looked-up row at a time: np.add.at written as a loop
                    self.assign(st.target.value, base, scope, None, rebind=True)
                    return
            if isinstance(st.target, ast.Subscript) and rhs.adj is not None:
                base = self.eval(st.target.value, scope)
                idx = self.eval(st.target.slice, scope)
                if base.op == "leaf" and base.leaf is not None and made_as_vector(base.leaf) and \
                        (self.is_param(base.leaf) or _stepped_zero_vector(base.leaf, sign, st)) and \
                        idx.kind == "num" and idx.op != "slice":
                    # `w[k] += lr * e * x[k]`: a vector of weights stepped one weight at a time (`w[-1]`, a
                    # part stepped on its own, the bias); the vector stays the parameter either way
                    self.try_update_inplace(old if _literal_index(st.target.slice) else base, rhs, sign, st.target,
                                            scope)
                    return
                table = _walked_table(st.target, base)
                if table is not None and (self.is_param(table.leaf) or table.leaf.key in self.input_tables) and \
                        idx.kind == "num" and idx.op != "slice":
                    # `w[j][k] -= lr * g[j][k]`: a table of weights stepped one weight at a time; it stays the
                    # parameter
                    self.try_update_inplace(table, rhs, sign, st.target, scope)
                    return
            if isinstance(st.target, ast.Subscript) and sign > 0 and rhs.adj is not None and \
                    rhs.adj.unit is not None and (rhs.adj.pos == "y" or rhs.adj.pos == "z" and rhs.adj.unit.presumed) \
                    and _bias_gradient_target(st.target) and not self.discovery:
                # `db[f] += dout[n, f, i, j]`, `db[:, :, :, c] += dZ[i, h, w, c]`: a convolution's bias gradient
                # summed one entry of the delta at a time
                self._bias_f3(rhs)
            if id(st) in self.bias_sums and sign > 0:
                self._summed_delta(rhs)  # `gb += err`
            if isinstance(st.target, ast.Name) and (_scalar_copy(old) or old.op == "leaf" and old.leaf is not None and
                                                    init_dims(old.leaf) == [] and
                                                    self.cur is not None and
                                                    _element_bound(self.cur.func, st.target.id)):
                # `s = w[-1]` then `s += w[k] * x[k]`: a neuron's input summed in a number, w left as it was
                self._last_value = self.binop(op, old, rhs)
                self.bind(scope, st.target.id, self._last_value)
                return
            if self.try_update_inplace(old, rhs, sign, st.target, scope):
                return
            if isinstance(st.target, ast.Subscript) and rhs.op == "const" and isinstance(rhs.num, (int, float)) \
                    and rhs.num < 0:
                # dscores[range(N), y] += -1 is dscores[range(N), y] -= 1
                sign, rhs = -sign, self.const(-rhs.num)
            if isinstance(st.target, ast.Subscript) and sign < 0 and rhs.op == "const" and rhs.num == 1 and \
                    self._negated_onehot(st, scope):
                return
            if isinstance(st.target, ast.Subscript) and self.softmax_onehot(st, old, rhs, sign, scope):
                return
            if isinstance(st.target, ast.Subscript) and sign < 0 and self.hinge_correct_class(st, rhs, scope):
                return
        if op == "Mult" and _grad_slot_target(st.target) and rhs.op == "const" and rhs.num == 0:
            self.zero_grad(None)  # p.grad *= 0
        if op == "Mult" and isinstance(st.target, ast.Subscript) and rhs.adj is None and \
                (rhs.kind == "num" or _setting(rhs)) and self._leaky_in_place(st.target, rhs, scope):
            return
        if op in ("Mult", "Div") and isinstance(st.target, (ast.Name, ast.Attribute, ast.Subscript)) and \
                old.op == "leaf" and old.leaf is not None and self.is_param(old.leaf) and rhs.adj is None and \
                not rhs.uses_grad and rhs.kind == "num":
            # W *= 1 - lr * lam / n: weight decay in place, the same parameter (its step follows);
            # `self.params['W_proj'] /= np.sqrt(input_dim)`: a parameter scaled where it is made
            self._last_value = old
            return
        if op == "Sub" and isinstance(st.target, (ast.Name, ast.Attribute)) and old.op == "leaf" and \
                old.leaf is not None and old.adj is None and rhs.adj is not None and not zero_started(old.leaf) and \
                not old.leaf.data and unscaled(rhs) is not rhs:
            # self.h0 -= lr * dh of a state the step did not take for a parameter: still that state, not a
            # gradient (a sampler starting from it later runs the forward recurrence, not formula 2)
            self._last_value = old
            return
        new = self.binop(op, old, rhs)
        self._last_value = new
        if op == "Add" and not (old.adj is not None and old.adj.chain):
            # (`self.dLdBf += delta_f[t]`: one step's delta, kept in an array by step, read back here and summed
            # into the bias's gradient, is stored as surely as a name holding it; `dlogits += d_from_max` adds
            # the other part of a node's gradient written node by node, no bias's)
            kept = rhs.op == "getitem" and bool(rhs.args) and isinstance(rhs.args[0], Val) and \
                rhs.args[0].stmt is not self.cur and names_bias_of(st.target, rhs)
            self._maybe_bias_store(rhs, kept)
        if isinstance(st.target, ast.Name) and self.sums_in_place(old, new):
            self._in_place(old, new)
            return
        if isinstance(st.target, ast.Subscript):
            base = self.eval(st.target.value, scope)
            if self.discovery and base.leaf is not None and (rhs.adj is not None or rhs.uses_grad):
                self.know.grad_written.add(base.leaf.key)
            if base.kind == "arr" and base.op == "leaf" and base.leaf is not None and self.is_param(base.leaf) \
                    and rhs.adj is None and new.adj is None and not rhs.uses_grad:
                # W[i, j] += eps of a gradient check: the same parameter, nudged in place
                return
            if base.kind == "arr":
                merged = self.new("setitem", (base, new))
                self._copy_facets(merged, base)
                if merged.role is None and new.role is not None and new.adj is None and new.role[0] in ("y", "mm"):
                    merged.role = new.role  # `out[n, f, i, j] += np.sum(window * w[f]) + b[f]` into a zeroed output
                if new.adj is not None:
                    merged.adj = new.adj if base.adj is None else self.chain_in_place(base, new) or \
                        self.join(base, new).adj
                self.assign(st.target.value, merged, scope, None, rebind=True)
                return
        if isinstance(st.target, ast.Attribute) and op in ("Add", "Sub") and old.kind == "arr" and new.adj is not None:
            # `self._dw += g` on the array that `self.state_dict["weight"] = {"value": self.weight, "grad": self._dw}`
            # also holds: the sum is made in place, so what the object's dicts and lists hold is the sum too
            _alias_in_place(self.eval(st.target.value, scope), old, new)
            root = old
            for _ in range(4):
                if root.op not in ("add", "sub", "mul") or not root.args or not isinstance(root.args[0], Val):
                    break
                root = root.args[0]  # (through `self.dw *= 0` and the sums of earlier passes)
            if root.op == "leaf" and root.leaf is not None and zero_started(root.leaf) and not self.is_param(root.leaf):
                # and so does any other holder (an optimiser's list of (parameter, gradient) pairs made before the
                # backward pass): it reads the sum through `read`
                self._written[id(root)] = (root, new)
        self.assign(st.target, new, scope, None, rebind=True)

    def _leaky_in_place(self, target: ast.Subscript, slope: Val, scope: Scope) -> bool:
        """`dout[self.mask] *= self.alpha` with `self.mask = x <= 0` (or `g[x < 0] *= alpha`): a gradient scaled
        where the input was negative, a leaky ReLU's derivative applied in place (formula 1)."""
        base = self.eval(target.value, scope)
        idx = self.eval(target.slice, scope)
        if base.kind != "arr" or idx.cmp is None or not _negative_side(idx):
            return False
        if base.adj is None and (base.role is None or base.role[0] == "in") and \
                same_value(strip_views(base), strip_views(idx.cmp[1])):
            # `out = x.copy(); out[self.mask] *= self.alpha` in the forward pass: the leaky ReLU of x itself
            out = self.activation("leaky_relu", idx.cmp[1], self.new("setitem", (base, idx, slope)))
            self._last_value = out
            self.assign(target.value, out, scope, None, rebind=True)
            return True
        if base.adj is None:
            return False
        d = self.new("setitem", (idx, slope))
        d.deriv = Deriv("leaky_relu", idx.cmp[1], "mask")
        new = self.mul(base, d)
        self._last_value = new
        self.assign(target.value, new, scope, None, rebind=True)
        return True

    def _restarted_in_loop(self, old: Val) -> bool:
        """`total = 0.0` set inside a loop that also runs this statement: a sum started afresh on each of its
        passes (`total += a[i][k] * b[k][j]` of a product written out), never a parameter stepped across them."""
        made = old.stmt
        return made is not None and self.cur is not None and made.func is self.cur.func and \
            bool(set(made.loops) & set(self.cur.loops))

    def _scalar_slot_param(self, target: ast.Subscript, old: Val, scope: Scope) -> Val | None:
        """`b = [0.0, 0.0]` ... `b[j] -= lr * delta[j]`: numbers in a list the code wrote out, stepped down their
        gradient by a rate - a bias kept number by number. The list's numbers become that parameter (one for the
        slot a constant index names, one for all of them under a computed index), so the forward pass reads it."""
        holder = self.eval(target.value, scope)
        if holder.kind != "seq" or holder.op != "seq" or holder.elems is None or holder.summary is not None or \
                not holder.elems or not all(e.op == "const" and isinstance(e.num, (int, float)) for e in holder.elems):
            return None
        idx = self.eval(target.slice, scope)
        text = target_text(target.value)
        self.pinned.append(holder)
        if idx.op == "const" and isinstance(idx.num, int) and -len(holder.elems) <= idx.num < len(holder.elems):
            label = f"{text}[{idx.num}]"
            param = self.make_leaf((id(holder), label), label, 1, old)
            param.leaf.presumed = True
            holder.elems[idx.num] = param
            return param
        if idx.kind != "num":
            return None
        label = f"{text}[*]"
        param = self.make_leaf((id(holder), label), label, 1, old)
        param.leaf.presumed = param.leaf.family = True
        holder.elems = [param] * len(holder.elems)
        return param

    def sums_in_place(self, old: Val, new: Val) -> bool:
        """`dW += g` (or `dW.add_(g)`) of a gradient into an array that is no parameter: a sum kept in the array
        itself, which every name bound to it then holds."""
        return old.kind == "arr" and new.kind == "arr" and not old.tr and not self.is_param(old.leaf) and \
            old.role is None and old.op in ("init", "unknown", "add", "sub", "join", "copy", "leaf", "setitem") and \
            new.adj is not None

    def _in_place(self, old: Val, new: Val) -> None:
        """`dW += ...` on an array changes the object itself: every alias sees the new value."""
        snap = old.snapshot()
        new.args = tuple(snap if a is old else a for a in new.args)
        for slot in Val.__slots__:
            setattr(old, slot, getattr(new, slot))

    def s_Return(self, st: ast.Return, scope: Scope) -> None:
        v = self.eval(st.value, scope) if st.value is not None else self.const(None)
        if v.kind == "arr" and v.adj is None and v.op in ("mul", "call", "unknown") and self.func_stack and \
                _penalty_derivative_method(self.func_stack[-1], self.lookup(scope, "self")):
            self._returned_penalty(v)
        pair = _penalty_pair(v) if v.kind == "seq" and self.func_stack else None
        if pair is not None and (self.is_param(pair[1]) and not pair[1].data or
                                 pair[1].name in _params_of(self.func_stack[-1])):
            # `return loss, grad` of `l2_regularization(W, reg)`: a penalty and its derivative, whatever the name
            self._emit_penalty(pair[1], pair[0])
        if self.frames and v.op != "leaf" and v.kind == "arr" and _made_from_local_draws(v, scope):
            # `q = u if u.shape == size else v; return gain * q` of an initialiser (factors of a drawn matrix):
            # a fresh random array each call, which the caller's name makes a weight
            fresh = self.new("init", ())
            fresh.ev = {"fn": "orthogonal", "args": [], "kw": {}}
            fresh.deps = frozenset()
            v = fresh
        if self.frames:
            v = self.chain_returned(v)
        self._last_value = v
        if self.frames:
            self.frames[-1].returns.append(v)
            if self.standalone and len(self.frames) == 1 and v.adj is not None:
                self.escapes.add(self.cur.idx)
            raise _Return()

    def _returned_penalty(self, v: Val) -> None:
        """`return 2 * self.lamda * weights` of an L2 regulariser's `gradient(self, weights)`: the derivative of
        the penalty on the parameter it is handed, its share of that parameter's formula 3."""
        from bpscan.interp_arithmetic import _one_leaf, _signed_param

        # (the coefficient the regulariser keeps, `self.lamda`, is a number whatever the model made of it)
        arrays = [f for f in (v.factors or ()) if f.kind != "num" and not (
            f.deps and all(d.name.startswith("self.") for d in f.deps))] if v.op == "mul" else [v]
        if len(arrays) != 1:
            return
        handed = set(_params_of(self.func_stack[-1]))
        leaf = _one_leaf(arrays[0])
        if leaf is None:
            # `self.lamda * np.sign(weights)` of an L1 penalty: the sign of what it is handed
            x = arrays[0]
            inner = x.args[0] if x.op in ("call", "unknown") and len(x.args) == 1 and isinstance(x.args[0], Val) \
                else None
            signed = (x.ev or {}).get("fn") == "sign" or x.payload == "sign"
            leaf = _signed_param(self, x) or (_one_leaf(inner) if inner is not None and signed else None)
        if leaf is None or not (self.is_param(leaf) and not leaf.data or leaf.name in handed):
            return
        self._emit_penalty(leaf, v)

    def _emit_penalty(self, leaf: Leaf, v: Val) -> None:
        """The penalty's derivative `v` on `leaf`, at the statement that makes it: its share of formula 3."""
        here, made = self.cur, v.stmt
        if made is not None and here is not None and made is not here and made.func is here.func and \
                isinstance(made.node, ast.Assign):
            self.cur = made  # (`penalty_grad = 2 * lam * w` then `return penalty_grad`: where it is made)
        try:
            self.emit("acc", leaf.unit, leaf, value=v)
        finally:
            self.cur = here

    def s_Delete(self, st: ast.Delete, scope: Scope) -> None:
        return

    def s_Global(self, st: ast.Global, scope: Scope) -> None:
        scope.globals_decl.update(st.names)

    def s_Nonlocal(self, st: ast.Nonlocal, scope: Scope) -> None:
        return

    def s_Break(self, st: ast.Break, scope: Scope) -> None:
        raise _Break()

    def s_Continue(self, st: ast.Continue, scope: Scope) -> None:
        raise _Break()

    def s_Import(self, st: ast.Import, scope: Scope) -> None:
        for a in st.names:
            own = self.project_module(a.name, 0) if a.asname or "." not in a.name else None
            if own is not None:
                self.bind(scope, a.asname or a.name, own)
            elif a.asname:
                self.bind(scope, a.asname, self.module(a.name))
            else:
                root = a.name.split(".")[0]
                self.bind(scope, root, self.module(root))

    def s_ImportFrom(self, st: ast.ImportFrom, scope: Scope) -> None:
        if st.module in ("builtins", "__builtin__", "past.builtins", "six.moves") and not st.level:
            # `from builtins import range` (the future package's Python 2 shims): the built-ins themselves
            return
        base = st.module or ""
        if not st.module and st.level and all(a.name != "*" for a in st.names):
            # `from . import main` in a package's submodule: in Python the package is imported already (its
            # `__init__` ran before this submodule did), so the names that are submodules are loaded as they are,
            # not through an `__init__` that would import back into this very module (a cycle Python never makes)
            subs = [self.project_module(a.name, st.level, quiet=True) for a in st.names]
            if all(sub is not None for sub in subs):
                pkg = self.loaded_package(st.level)
                for a, sub in zip(st.names, subs):
                    # (`from .activations import activations` in the `__init__` rebinds the package's name to the
                    # submodule's dict: `from . import activations` then gets the dict, as in Python)
                    held = pkg.payload.vars.get(a.name) if pkg is not None else None
                    self.bind(scope, a.asname or a.name, held if held is not None else sub)  # type: ignore[arg-type]
                return
        # (`from .. import cost_functions` in a namespace package, its folder with no `__init__.py`: the names are
        # its submodules, found below; no note that the package itself has no module)
        own = self.project_module(st.module, st.level, quiet=not st.module) if st.module or st.level else None
        if own is not None:
            self.bind_from(scope, own, st.names)
        for a in st.names:
            if a.name == "*" or (own is not None and a.name in own.payload.vars):
                continue
            # `from . import optim`, `from netlib import layers`: a submodule of the project (also from a package
            # whose `__init__` is still running: `from . import utils` there is how it loads its submodules)
            qual = f"{base}.{a.name}" if base else a.name
            sub = self.project_module(qual, st.level, quiet=own is not None and self.partial(own))
            if sub is not None:
                self.bind(scope, a.asname or a.name, sub)
            elif own is not None and self.partial(own):
                # a name the module has not defined yet: in Python an ImportError, here unknown
                if self.still_loading(own):
                    self.notes.append(f"{self.place()}: import cycle through {own.name}; {a.name} is not yet "
                                      f"defined there and is unknown")
            elif own is None and st.level == 0 and base and base.split(".")[0] not in KNOWN_LIBRARIES and \
                    (_DATA_NAME.match(a.name) or TARGET_NAME.match(a.name)) and \
                    a.name not in self._called_in_module(st):
                # `from data_prep import features, targets` of the user's module that is not here: arrays loaded
                # there, the data (names of settings - `from config import lr` - stay unknown)
                v = self.make_leaf(("import", base, a.name), a.asname or a.name)
                v.leaf.data = True
                self.bind(scope, a.asname or a.name, v)
            else:
                self.bind(scope, a.asname or a.name, self.module(qual))
        for a in st.names:
            if a.asname in ARRAY_ALIASES and (held := scope.vars.get(a.asname)) is not None and (
                    held.kind != "mod" or held.payload == f"{base}.{a.name}"):
                # `from tinyml.core import Backend as np`: a backend chosen at run time (numpy or cupy), named
                # as the array library it stands for
                self.bind(scope, a.asname, self.module(ARRAY_ALIASES[a.asname]))

    def _called_in_module(self, st: ast.stmt) -> set[str]:
        """The names the module holding `st` calls (this file's, or an imported project file's)."""
        from bpscan.interp_entries import called_names
        from bpscan.interp_imports import parsed_tree

        path = getattr(st, "_bp_mod", None)
        tree = parsed_tree(path) if path else self.tree
        return called_names(tree) if tree is not None else set()

    def module(self, qual: str) -> Val:
        v = Val("mod", (), "mod", self.cur)
        v.payload = qual
        return v

    def s_FunctionDef(self, st: ast.FunctionDef, scope: Scope) -> None:
        v = Val("func", (), "func", self.cur)
        v.payload = (st, scope, None)
        v.name = st.name
        self.bind(scope, st.name, v)

    def s_ClassDef(self, st: ast.ClassDef, scope: Scope) -> None:
        cls = Val("cls", (), "cls", self.cur)
        body_scope = Scope(scope)
        methods: dict[str, Any] = {}
        # `@property def weights(self)` and its `@weights.setter`: attributes computed by methods
        getters: dict[str, Any] = {}
        setters: dict[str, Any] = {}
        for item in st.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                kind = property_kind(item)
                if kind == "getter":
                    getters[item.name] = item
                elif kind == "setter":
                    setters[item.name] = item
                elif kind is None:
                    methods[item.name] = item
                    # (a plain `def` after a property of the same name rebinds the name: no property any more)
                    getters.pop(item.name, None)
                    setters.pop(item.name, None)
            else:
                self.exec_stmt(item, body_scope)
        bases = [target_text(b) for b in st.bases]
        base_classes = []
        # the module whose names each inherited method reads: its own class's (a base class of another file
        # calls what that file imports, `Parameter(tensor)` of `from tinyml.core import Parameter`)
        scopes: dict[int, Scope] = {}
        for b in st.bases:
            bv = self.eval(b, scope)
            if bv.kind == "cls":
                base_classes.append(bv)
                for own, inherited in ((methods, bv.payload["methods"]), (getters, bv.payload.get("getters", {})),
                                       (setters, bv.payload.get("setters", {}))):
                    for k, m in inherited.items():
                        if k not in own:
                            own[k] = m
                            scopes[id(m)] = method_scope(bv, m)
        made = dataclass_init(st, [b.payload["node"] for b in base_classes])
        if made is not None and not any(isinstance(item, ast.FunctionDef) and item.name == "__init__"
                                        for item in st.body):
            methods["__init__"] = made  # (written over an inherited one, as @dataclass does)
        cls.payload = {"node": st, "methods": methods, "attrs": body_scope.vars, "scope": scope,
                       "bases": bases, "base_classes": base_classes, "getters": getters, "setters": setters,
                       "scopes": scopes}
        cls.name = st.name
        self.classes_made[id(st)] = cls
        self.flipped_rates |= sign_flipped(st)
        self.bind(scope, st.name, cls)

    # ---- compound statements
    def s_If(self, st: ast.If, scope: Scope) -> None:
        if not self.func_stack and getattr(st, "_bp_mod", None) is None and smoke_test(st, self.tree):
            # a library's smoke test on made-up data: read like the entry points it exercises
            self.smoke += 1
            try:
                self.exec_block(st.body, scope)
            finally:
                self.smoke -= 1
            return
        forced = self.forced_if.get(id(st))
        if forced is not None:
            # the loop's special iteration (the output layer) or one of the others: see _run_peeled
            self.exec_block(st.body if forced else st.orelse, scope)
            return
        unset = self._unset_argument(st, scope)
        if unset is not None:
            # `if w is None: w = init(...)` with w left at its default None: only that branch is taken
            self.exec_block(st.body if unset else st.orelse, scope)
            return
        cond = self.eval(st.test, scope)
        # (`if self.weight_limit:` with None handed for it: a test of None is false, as one of 0 is)
        taken, other = (st.body, st.orelse) if cond.num else (st.orelse, st.body)
        if cond.op == "const" and (cond.num is not None or cond.kind == "none") and \
                not self._promised(st.test, scope) and not _restores(taken, other):
            if not self.func_stack and other and _reads_module_name(st.test) and \
                    all(isinstance(x, (ast.Import, ast.ImportFrom)) for x in other):
                # `if __name__ == "__main__": from Base import ... else: from Layers.Helpers import f`: a module
                # run both as a script and from its package; the names the other way imports are its names too
                self.exec_block(other, scope)
            before = len(self.events)
            self.exec_block(taken, scope)
            made = self.events[before:] if other and not self.discovery and not self.quiet else []
            if made and all(e.kind == "update" for e in made) and not self._tests_loop_target(st.test):
                # `if self.optimizer == "sgd": ... elif self.optimizer == "momentum": ...` with one setting
                # chosen here: the other update rules are the same code's other settings, read for their tags
                # and findings, and leave nothing behind
                self._aside(other, scope)
            return
        # `if margin > 0: dW[:, j] += X[i]; dW[:, y[i]] -= X[i]`: the input row is the gradient's term
        hinged = self._hinge_margin(cond) if not st.orelse else None
        if hinged is not None:
            self.hinge_active.append(hinged)
        named = _names_a_choice(st.test)
        self.undecided_choice += named
        try:
            # (a choice is known by its test's text: the forward's `if self.cell == "lstm":` and the backward's
            # are one choice)
            self.branches([st.body, st.orelse], scope, cond, choice=_choice_text(st) if named else None,
                          chosen=_chosen_name(st.test) if named else None)
        finally:
            self.undecided_choice -= named
            if hinged is not None:
                self.hinge_active.pop()

    def _tests_loop_target(self, test: ast.expr) -> bool:
        """`if name == "weights":` inside `for name, g in (("weights", dW), ("biases", db))`: the test picks each
        pass's own step, and the other branch is another pass's, not another setting of the code."""
        bound = frozenset().union(*self.loop_targets) if self.loop_targets else frozenset()
        return any(isinstance(n, ast.Name) and n.id in bound for n in ast.walk(test))

    def _aside(self, block: list, scope: Scope) -> None:
        """Run a branch for its events only: the names, attributes and steps it changes are put back."""
        if len(block) == 1 and isinstance(block[0], ast.If):
            # the rest of an `elif` chain: every other setting, whatever its test says here
            for part in (block[0].body, block[0].orelse):
                if part:
                    self._aside(part, scope)
            return
        saved_vars = dict(scope.vars)
        saved_steps = (dict(self._last_update), dict(self._last_update_in), dict(self._rebind_step))
        self.branch_stores.append({})
        try:
            self.exec_block(block, scope)
        except (_Return, _Break):
            pass
        finally:
            for (_, attr), (obj, before) in self.branch_stores.pop().items():
                if before is None:
                    obj.elems.pop(attr, None)
                else:
                    obj.elems[attr] = before
            scope.vars = saved_vars
            self._last_update, self._last_update_in, self._rebind_step = saved_steps

    def _unset_argument(self, st: ast.If, scope: Scope) -> bool | None:
        """Whether `name is None` (`is not None`, `== None`) holds, for a plain name that holds None (an
        argument left at its default) or an array computed in the program (not made up for an entry point);
        None when that is not known, or when the branch taken would leave the function."""
        test = st.test
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and
                isinstance(test.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq))
                and isinstance(test.left, ast.Name) and isinstance(test.comparators[0], ast.Constant)
                and test.comparators[0].value is None):
            return None
        v = self.lookup(scope, test.left.id)
        if v is None:
            return None
        if v.kind == "none":
            holds = True
        elif v.kind == "arr" and (v.op not in ("leaf", "unknown", "join") and v.deps or
                                  v.op == "leaf" and v.leaf is not None and v.leaf.layer is not None):
            holds = False  # `backward(d, W_next)` of a hidden layer: the weight it was handed is there
        else:
            return None
        holds = holds == isinstance(test.ops[0], (ast.Is, ast.Eq))
        taken = st.body if holds else st.orelse
        if any(isinstance(n, (ast.Return, ast.Raise)) for s in taken for n in ast.walk(s)):
            return None
        return holds

    def _promised(self, test: ast.expr, scope: Scope) -> bool:
        """`if self.optimizer:` on an attribute the constructor left None: whoever owns the object sets it
        (`layer.optimizer = Sgd(...)`), so both branches are run, not only the one for None - and so they are where
        a set-up method has set it since (`if self.softmax_classifier_output is not None:` after `finalize()` chose
        it for one pairing of loss and output layer: the other pairing runs the other branch)."""
        from bpscan.interp_calls import _class_of
        from bpscan.interp_entries import sets_from_argument, sets_none, sets_under_if

        for node in ast.walk(test):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                obj = self.lookup(scope, "self")
                if obj is not None and obj.kind == "inst" and (self.entry or self.standalone):
                    v = obj.elems.get(node.attr)
                    getter = self.accessor(obj, node.attr, "getters") if v is None else None
                    if getter is not None:
                        stored = returned_attr(getter.payload[0])
                        v = obj.elems.get(stored) if stored is not None else None
                    cls = _class_of(obj)
                    methods = cls.payload["methods"] if cls is not None else {}
                    init = methods.get("__init__")
                    if v is not None and v.kind == "none" and not (init is not None and
                                                                  sets_from_argument(init, node.attr)):
                        # (`self.weight_limit = weight_limit` handed None by its caller: a setting chosen, off)
                        return True
                    if v is not None and (init is not None and sets_none(init, node.attr) or any(
                            sets_under_if(m, node.attr) for m in methods.values() if m is not init)):
                        return True
        return False

    def branches(self, blocks: list[list], scope: Scope, cond: Val | None = None, choice: str | None = None,
                 chosen: str | None = None) -> None:
        start = dict(scope.vars)
        results: list[dict | None] = []
        stored: list[dict[tuple[int, str], tuple[Val, Val | None]]] = []
        for i, block in enumerate(blocks):
            scope.vars = dict(start)
            self.branch_stores.append({})
            self.branch_depths.append(len(self.frames))
            if choice is not None:
                self.choice_path.append((choice, i))
            named_here = chosen is not None and i == 0
            if named_here:
                self.chosen_names.append(chosen)
            try:
                self.exec_block(block, scope)
                if named_here:
                    self._chosen_activation(chosen, start, scope)  # type: ignore[arg-type]
                results.append(scope.vars)
            except _Return:
                results.append(None)
            except _Break:
                results.append(scope.vars)
            finally:
                self.branch_depths.pop()
                if choice is not None:
                    self.choice_path.pop()
                if named_here:
                    self.chosen_names.pop()
                ends = self._branch_end(len(blocks) > 1 and block is not blocks[-1])
                # (`else: raise ValueError(...)` after the choices: no object leaves that branch, so what it did
                # not store does not stand against what the others did)
                if not (block and isinstance(block[-1], ast.Raise)):
                    stored.append(ends)
        self._merge_branch_stores(stored)
        live = [r for r in results if r is not None]
        if not live:
            scope.vars = start
            raise _Return()
        merged = dict(live[0])
        for other in live[1:]:
            for k, v in other.items():
                if k in merged and merged[k] is not v:
                    before = merged[k]
                    merged[k] = self.join(before, v)
                    j = merged[k]
                    if cond is not None and len(blocks) == 2 and j.op == "join" and j.ev is None and \
                            j.args == (before, v):
                        # `if mode == 'train': ... else: ...`: which branch each side came from, so that
                        # `bpscan verify` can follow one consistently (the if-body's value first)
                        j.ev = {"cond": cond}
                else:
                    merged.setdefault(k, v)
        scope.vars = merged

    def _chosen_activation(self, name: str, start: dict[str, Val], scope: Scope) -> None:
        """`elif self.activation == 'elu': self.out = np.where(x > 0, x, a * (np.exp(x) - 1))`: an elementwise,
        non-linear function of a layer's input or pre-activation made in the branch its choice names is that
        layer's activation, known by the chosen name (its derivative is then tagged, never judged)."""
        if self.discovery:
            return
        stores = self.branch_stores[-1]  # (object, attribute) -> (object, value before) of what the branch stored
        fresh = [v for k, v in scope.vars.items() if start.get(k) is not v]
        arrays = [o for o in [obj.elems.get(attr) for (_, attr), (obj, _) in stores.items()] + fresh
                  if o is not None and o.kind == "arr" and o.deps]
        outs = [o for o in arrays if o.role is None and o.act is None and o.adj is None]
        if not outs:
            return
        inputs = [v for v in list(start.values()) + [obj for obj, _ in stores.values()] for v in _role_values(v)]
        for y in inputs:
            # (everything the branch makes is elementwise in that input: `carre = xmu ** 2` of a normalisation's
            # 'train' branch is, its output, divided by a mean, is not)
            if not all(o is y or elementwise_of(o, y)[0] for o in arrays):
                continue
            # (the last made first: `self._cdf = ...; self.out = x * self._cdf` keeps its factor before its output)
            out = next((o for o in reversed(outs) if elementwise_of(o, y)[1]), None)
            if out is not None:
                self.own_activation(name, y, out, chosen=True)
                return

    def _branch_end(self, undo: bool) -> dict[tuple[int, str], tuple[Val, Val | None]]:
        """Close the stores of one branch: what each stored attribute holds at its end, put back as it was
        before the branch for the next one (`undo`) when its value is a computed array."""
        stores = self.branch_stores.pop()
        ends = {}
        for key, (obj, before) in stores.items():
            now = obj.elems.get(key[1])
            if now is None:
                continue
            if before is not None and before.kind == "seq" and loaded_array(now):
                # `self.weights = np.load(path)` here, `self.weights.append(np.random.randn(...))` in the other
                # branch: the file holds saved values of the list the network builds, and that list is kept
                obj.elems[key[1]] = before
                continue
            ends[key] = (obj, now)
            if undo and _merged_kind(now) and before is not None:
                obj.elems[key[1]] = before
        return ends

    def _merge_branch_stores(self, stored: list[dict[tuple[int, str], tuple[Val, Val | None]]]) -> None:
        """`if cond: self.d = e * f(z) else: self.d = y - t`: an attribute every branch sets to a computed
        array holds either afterwards (parameters and other objects keep the last branch's, as names do not)."""
        if len(stored) < 2:
            return
        for key in dict.fromkeys(k for s in stored for k in s):
            vals = [s.get(key) for s in stored]
            obj = next(x[0] for x in vals if x is not None)
            if all(x is not None and (_merged_kind(x[1]) or _data_leaf(x[1])) for x in vals) and \
                    any(_merged_kind(x[1]) for x in vals):  # type: ignore[index]
                merged = vals[0][1]
                for _, v in vals[1:]:
                    merged = merged if merged is v else self.join(merged, v)
                obj.elems[key[1]] = merged
            else:
                # set in some branches only: the last store stands, as when the branches ran one after another
                obj.elems[key[1]] = next(x[1] for x in reversed(vals) if x is not None)

    def s_For(self, st: ast.For, scope: Scope) -> None:
        it = self.eval(st.iter, scope)
        items = self.iter_items(it)
        if items is None and it.op == "range":
            items = self._positions(st, it, scope)
        sized: Val | None = None
        if items is not None and _over_sizes(items) and _keys_family(st):
            # `for x, n in enumerate(sizes[1:], start=1): self.weights["W{}".format(x)] = ...`: a family of
            # parameters made over a list of sizes, which the passes that read it walk by a count of layers left
            # symbolic (`range(1, self.L + 1)`, see `len`): made as one family too, not as members apart
            first = items[0]
            sized = self.seq([self.new("loopvar", (), "num") for _ in first.elems or []]) if first.kind == "seq" \
                else self.new("loopvar", (), "num")
            items = None
        self.loop_stack.append(id(st))
        self.loop_targets.append(frozenset(n.id for n in ast.walk(st.target) if isinstance(n, ast.Name)))
        self.static_loops.append(id(st))
        self.loop_runs += 1
        self.range_vars.append((st.target.id if isinstance(st.target, ast.Name) and _range_ends(st.iter) else None,
                                self.loop_runs, st.body))
        try:
            if items is not None:
                self.unrolled += 1
                # (a loop that only appends, `for i in range(3): layers.append(Linear(8, 8))`, builds a list of
                # as many objects as it runs passes; a loop over settings, `for lr in rates: model = Net(lr)`, keeps
                # reading the one model each pass makes)
                building = self._builds_list(st, scope)
                self.positions.append(0)
                try:
                    for k, item in enumerate(items):
                        self.positions[-1] = k if building else -1
                        self.assign(st.target, item, scope, None)
                        if self._loop_body(st.body, scope):
                            break
                finally:
                    self.unrolled -= 1
                    self.positions.pop()
            else:
                elem = self.iter_summary(it) if sized is None else sized
                if elem.op in ("unknown", "getitem") and elem.kind != "seq" and elem.leaf is None and \
                        elem.adj is None and it.adj is None and it.role is None and (it.leaf is None or it.leaf.role is None):
                    # (pairs the file made, `zip(self.params, self.grads)`, keep what they hold)
                    elem = self._step_pair(st, elem)
                elif elem.kind == "seq" and isinstance(elem.elems, list) and 2 <= len(elem.elems) <= 4 and \
                        it.adj is None and all(self._unseen(e) for e in elem.elems[:2]):
                    # `zip(module.parameters(), module.parameters_grad())` of a module we cannot see: pairs all the same
                    elem = self._step_pair(st, elem)
                if isinstance(st.target, ast.Name) and elem.op in ("unknown", "getitem") and elem.kind != "seq" and \
                        it.adj is None and self._unseen(elem):
                    elem = self._stepped_parameter(st, elem)
                if self.standalone and elem.kind != "seq" and elem.leaf is None and elem.adj is None and \
                        it.adj is None and (it.leaf is None or it.leaf.data or it.leaf.role is None):
                    elem = self._sample_pair(st, elem)
                peel = _peeled_branch(st)
                if peel is None:
                    self.run_doubled(lambda: (self.assign(st.target, elem, scope, None),
                                              self._loop_body(st.body, scope)))
                else:
                    self._run_peeled(st, elem, scope, *peel)
                self._rows_written(st, it, scope)
        finally:
            self.loop_stack.pop()
            self.loop_targets.pop()
            self.static_loops.pop()
            self.range_vars.pop()
        self.exec_block(st.orelse, scope)

    def _rows_written(self, st: ast.For, it: Val, scope: Scope) -> None:
        """`for i, row in enumerate(probs): row[y[i]] -= 1`: each row of an array written in place through the loop's
        name for it (a view): the array itself now holds what the rows were made, the output error."""
        src, target = st.iter, st.target
        if isinstance(src, ast.Call) and isinstance(src.func, ast.Name) and src.func.id == "enumerate" and \
                len(src.args) == 1 and isinstance(target, ast.Tuple) and len(target.elts) == 2:
            src, target = src.args[0], target.elts[1]
        if not (isinstance(src, ast.Name) and isinstance(target, ast.Name)):
            return
        arr, row = scope.vars.get(src.id), scope.vars.get(target.id)
        if arr is None or row is None or arr.kind != "arr" or arr.adj is not None or row.kind != "arr" or \
                row.adj is None or row.op != "setitem" or not any(
                    isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Subscript) and
                    isinstance(n.target.value, ast.Name) and n.target.value.id == target.id for n in st.body):
            return
        self._in_place(arr, row)

    def _run_peeled(self, st: ast.For, elem: Val, scope: Scope, node: ast.If | ast.IfExp, special_body: bool,
                    last: bool) -> None:
        """`for l in range(self.num_layers): if l < self.num_layers - 1: <hidden layer> else: <output layer>`:
        the loop's other iterations take one branch and its last (or, counting down, its first) the other, so
        after the loop its names hold the output layer's values, not a blur of both layers."""
        def general() -> None:
            self.run_doubled(lambda: (self.assign(st.target, elem, scope, None), self._loop_body(st.body, scope)))

        def special() -> None:
            try:
                self.assign(st.target, elem, scope, None)
                self._loop_body(st.body, scope)
            except _Return:
                pass

        phases = [self.t, self.t]
        self.peel_phases.append(phases)
        try:
            parts = [(general, not special_body), (special, special_body)]
            if not last:
                parts.reverse()  # counting down: the special pass (the output layer) is the first
            for part, forced in parts:
                phases[1] = self.t
                self.forced_if[id(node)] = forced
                try:
                    part()
                finally:
                    self.forced_if.pop(id(node), None)
        finally:
            self.peel_phases.pop()

    def _step_pair(self, st: ast.For, elem: Val) -> Val:
        """`for p, grad_p in self.params: p.sub_(self.lr * grad_p)` in an optimiser's step, over pairs the
        file cannot see being made: each pair a parameter and its gradient, by their names."""
        from bpscan.interp_entries import OPTIMISER_NAME, gradient_pairs

        t = st.target
        func = self.func_stack[-1] if self.func_stack else None
        name = getattr(func, "name", "")
        if name == "__call__":
            # `class SGD(Optimizer): def __call__(self, params, gradients)`: an optimiser called, named by its class
            inst = self.frames[-1].self_val if self.frames else None
            cls = inst.payload if inst is not None and inst.kind == "inst" and isinstance(inst.payload, Val) else None
            name = cls.name or "" if cls is not None else ""
        if not (isinstance(t, (ast.Tuple, ast.List)) and 2 <= len(t.elts) <= 4 and
                all(isinstance(e, ast.Name) for e in t.elts)) or func is None or not OPTIMISER_NAME.search(name):
            return elem
        p, g = (e.id for e in t.elts[:2])  # type: ignore[attr-defined]
        if (p, g) not in gradient_pairs([p, g]) and not (
                g.lower() in ("grad", "g", "gradient") and _PARAM_LIKE.match(p)):
            return elem  # (`for key, grad in grads.items()`: a key, not a parameter)
        # (`for param, grad, m, v in zip(params, grads, state['m'], state['v'])`: the optimiser's state after the pair,
        # what the file made of it where it did)
        rest = [elem.elems[i] if elem.kind == "seq" and isinstance(elem.elems, list) and i < len(elem.elems)
                else self.unknown() for i in range(2, len(t.elts))]
        param = self.make_leaf((id(st), p), p)
        param.leaf.presumed = param.leaf.family = True
        grad = self.make_leaf((id(st), g, "seed"), g)
        grad.leaf.data = True
        grad.adj = Adj(GRAD, "W", None, param.leaf)
        grad.grad_of = param.leaf
        return self.seq([param, grad, *rest])

    def _stepped_parameter(self, st: ast.For, elem: Val) -> Val:
        """`for p in group["params"]: p.data.add_(p.grad, alpha=-lr)` in an optimiser's step over parameters the
        file cannot see: each a parameter, its `.grad` its gradient."""
        from bpscan.interp_entries import OPTIMISER_NAME

        func = self.func_stack[-1] if self.func_stack else None
        name = st.target.id  # type: ignore[attr-defined]
        if func is None or not OPTIMISER_NAME.search(getattr(func, "name", "")) or not any(
                isinstance(n, ast.Attribute) and n.attr == "grad" and isinstance(n.value, ast.Name) and
                n.value.id == name for n in ast.walk(st)):
            return elem
        param = self.make_leaf((id(st), name), name)
        param.leaf.presumed = param.leaf.family = True
        return param

    def _unseen(self, v: Val) -> bool:
        """A value of code we cannot see: unknown, or an element of a list nobody here made (no parameter, no data)."""
        if v.adj is not None or v.kind == "seq":
            return False
        if v.leaf is None:
            return v.op in ("unknown", "getitem") and v.role is None
        return v.op in ("leaf", "getitem") and not v.leaf.presumed and not v.leaf.data and not self.is_param(v.leaf)

    def _positions(self, st: ast.For, it: Val, scope: Scope) -> list[Val] | None:
        """`for i in range(self.num_layers)` with the count a known small number: run once per position when
        the loop builds lists (`self.w.append(...)` and nothing else) or reads lists we know element by element
        at its index (`self.w[i]`), so each pass sees its own layer's weight, not a merge of all of them. A loop
        that does neither (over epochs, over samples) keeps one pass over any count."""
        if not isinstance(st.target, ast.Name) or not it.args:
            return None
        counted = [count_of(a) if isinstance(a, Val) else None for a in it.args]
        if any(c is None for c in counted):
            return None
        bounds = [c for c, _ in counted]  # type: ignore[misc]
        # (`range(1, len(sizes) + 1)`, sizes a list of numbers: run by position only for reading arrays a list
        # keeps by layer; a loop that makes them keeps them a family, as `params['W' + str(l)]`)
        sized = any(by_len for _, by_len in counted)  # type: ignore[misc]
        if len(bounds) == 3 and bounds[2] == 0:
            return None
        positions = range(*bounds)
        if not positions or len(positions) > _MAX_POSITIONS:
            return None
        var = st.target.id
        appends = self._builds_list(st, scope)
        last = max(positions[0], positions[-1])
        keyed = self._reads_known_entries(st, var, scope)
        if sized and not self._indexes_known_lists(st, var, scope, last) and not keyed and \
                not (appends and self._appends_objects(st, scope)):
            return None
        if not appends and not self._indexes_known_lists(st, var, scope, last) and not keyed and \
                not self._hands_index_to_method(st, var, scope, last):
            return None
        return [self.const(i) for i in positions]

    def _reads_known_entries(self, st: ast.For, var: str, scope: Scope) -> bool:
        """The loop body reads `self.params['conv_W%d' % (i + 1)]` of a dict whose entries under that prefix are known
        one by one (made by calls that counted them, `conv_W1`, `conv_W2`), none a family standing for them all."""
        for sub in ast.walk(st):
            fam = _family_keyed_by(sub, {var}) if isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Load) \
                else None
            if fam is None:
                continue
            d = self._peek(sub.value, scope)
            if d is None or d.kind != "dict" or not isinstance(d.elems, dict) or fam in d.elems:
                continue
            if any(isinstance(k, str) and k.startswith(fam[1]) and k[len(fam[1]):].isdigit() for k in d.elems):
                return True
        return False

    def _builds_list(self, st: ast.For, scope: Scope) -> bool:
        """The loop's body only appends to lists, itself or through a method that does (`model.add(Dense(8))`), after
        naming what it appends (`n_out = sizes[i + 1]`: plain names the pass binds for its appends)."""
        appends = [c for c in _method_calls(st.body)
                   if c.func.attr == "append" or self._appends_its_argument(c, scope)]  # type: ignore[attr-defined]
        named = [b for b in st.body if _names_only([b])]
        return bool(appends) and len(appends) + len(named) == len(st.body)

    def _appends_objects(self, st: ast.For, scope: Scope) -> bool:
        """Each append of the loop makes an object of a class (`layers.append(Dense(sizes[i], sizes[i + 1]))`,
        `layers.append(Sigmoid())`): a pass per position gives each layer its own object, where a family of
        arrays (`params['W' + str(l)]`) stands for them all."""
        made = [c.args[0] for c in _method_calls(st.body)
                if c.func.attr == "append" and len(c.args) == 1]  # type: ignore[attr-defined]
        for arg in made:
            cls = self._peek(arg.func, scope) if isinstance(arg, ast.Call) else None
            if cls is None or cls.kind != "cls":
                return False
        return bool(made)

    def _appends_its_argument(self, call: ast.Call, scope: Scope) -> bool:
        """`model.addModule(Linear(...))`: a method of the file's own class (or of a module it imports) that appends
        what it is handed to a list, as `append` itself does - a loop of such calls builds a list of layers."""
        from bpscan.interp_entries import _kept_in_list

        node = self._own_method(call.func, scope) if isinstance(call.func, ast.Attribute) and call.args else None
        return node is not None and any(_kept_in_list(node, a.arg) for a in node.args.args[1:])

    def _hands_index_to_method(self, st: ast.For, var: str, scope: Scope, last: int) -> bool:
        """`for ii in range(len(self.layers)): self.forward_dense(ii)`: the loop hands its index to a method of the
        instance that reads the instance's known lists at it (`self.weight[ii]`)."""
        inst = self._peek(ast.Name(id="self"), scope)
        if inst is None or inst.kind != "inst" or not isinstance(inst.elems, dict):
            return False
        for sub in ast.walk(st):
            if not (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and
                    isinstance(sub.func.value, ast.Name) and sub.func.value.id == "self"):
                continue
            at = [i for i, a in enumerate(sub.args) if isinstance(a, ast.Name) and a.id == var]
            m = self.method_of(inst, sub.func.attr) if at else None
            node = m.payload[0] if m is not None and isinstance(m.payload, tuple) else None
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            params = [a.arg for a in node.args.args[1:]]
            if at[0] >= len(params):
                continue
            name = params[at[0]]
            for s2 in ast.walk(node):
                if isinstance(s2, ast.Subscript) and isinstance(s2.slice, ast.Name) and s2.slice.id == name and \
                        isinstance(s2.value, ast.Attribute) and isinstance(s2.value.value, ast.Name) and \
                        s2.value.value.id == "self":
                    if _known_arrays(inst.elems.get(s2.value.attr), last):
                        return True
        return False

    def _indexes_known_lists(self, st: ast.For, var: str, scope: Scope, last: int) -> bool:
        """The loop body reads `xs[var]` (or `self.xs[var]`) of a list of arrays known element by element (its
        weights, its stored activations), long enough for every position the loop visits."""
        for sub in ast.walk(st):
            shift = _index_shift(sub.slice, var) if isinstance(sub, ast.Subscript) else None
            if shift is None:
                continue
            if _known_arrays(self._peek(sub.value, scope), last + shift):
                return True
        return False

    def _peek(self, e: ast.expr, scope: Scope) -> Val | None:
        """What a name or an attribute of a name holds now, read without evaluating anything."""
        if isinstance(e, ast.Name):
            return self.lookup(scope, e.id)
        if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name):
            obj = self._peek(e.value, scope)
            if obj is not None and obj.kind == "inst" and isinstance(obj.elems, dict):
                return obj.elems.get(e.attr)
        return None

    def _sample_pair(self, st: ast.For, elem: Val) -> Val:
        """`for x, y in mini_batch:` in a method driven with no caller in the file: the batch it walks is not
        seen, its pairs are a sample and its target by their names, as the arguments of an entry point are."""
        from bpscan.interp_entries import _DATA

        t = st.target
        if not (isinstance(t, (ast.Tuple, ast.List)) and len(t.elts) == 2 and
                all(isinstance(e, ast.Name) for e in t.elts)):
            return elem
        x, y = (e.id for e in t.elts)  # type: ignore[attr-defined]
        if not (_DATA.match(x) and TARGET_NAME.match(y)):
            return elem
        pair = []
        for name in (x, y):
            v = self.make_leaf((id(st), name), name)
            v.leaf.data = True
            pair.append(v)
        return self.seq(pair)

    def _loop_body(self, body: list, scope: Scope) -> bool:
        try:
            self.exec_block(body, scope)
        except _Break:
            return False
        return False

    def run_doubled(self, fn: Any) -> None:
        # inside the silent first pass of an outer loop a loop runs once: that pass only carries
        # values round to the loop's start, and the outer loop's second pass runs this one twice
        # (discovery learns facts, not formulas: only a function's outermost loop is run twice there)
        depth = 1 if self.discovery else _MAX_DOUBLE_DEPTH
        if self.double_depth < depth and self.steps < self.budget and not self._seeding:
            self.double_depth += 1
            self.quiet += 1
            self._seeding += 1
            try:
                fn()
            except _Return:
                pass  # (`for k, g in enumerate(d): ... return dx` returns in its first pass: the loud one still runs)
            finally:
                self.quiet -= 1
                self._seeding -= 1
            try:
                fn()
            finally:
                self.double_depth -= 1
        else:
            fn()

    def s_While(self, st: ast.While, scope: Scope) -> None:
        self.loop_stack.append(id(st))
        self.static_loops.append(id(st))
        self.loop_runs += 1
        self.range_vars.append((None, self.loop_runs, st.body))
        try:
            self.run_doubled(lambda: (self.eval(st.test, scope), self._loop_body(st.body, scope)))
        finally:
            self.loop_stack.pop()
            self.static_loops.pop()
            self.range_vars.pop()
        self.exec_block(st.orelse, scope)

    def s_With(self, st: ast.With, scope: Scope) -> None:
        ng = 0
        for item in st.items:
            v = self.eval(item.context_expr, scope)
            text = target_text(item.context_expr)
            if "no_grad" in text or "inference_mode" in text:
                ng += 1
            if item.optional_vars is not None and _opens_file(item.context_expr) and \
                    isinstance(item.optional_vars, ast.Name) and _reads_lines(st, item.optional_vars.id):
                # `with open('y.csv') as f: for line in f: ...`: what the file's lines hold is the program's data
                # (parsed into the samples and their labels), no value the code computes (a checkpoint handed to
                # `json.load(f)` is not read so: its numbers may be the parameters, loaded back)
                held = self.make_leaf((id(st), item.optional_vars.id), item.optional_vars.id)
                held.leaf.data = True
                self.assign(item.optional_vars, held, scope, None)
            elif item.optional_vars is not None:
                self.assign(item.optional_vars, self.unknown(v), scope, None)
        self.no_grad += ng
        try:
            self.exec_block(st.body, scope)
        finally:
            self.no_grad -= ng

    def s_Try(self, st: ast.Try, scope: Scope) -> None:
        blocks = [st.body + st.orelse] + [h.body for h in st.handlers]
        self.branches(blocks, scope)
        self.exec_block(st.finalbody, scope)

    def s_Match(self, st: Any, scope: Scope) -> None:
        subject = self.eval(st.subject, scope)
        known = subject.op == "const" and subject.num is not None
        for case in st.cases:
            pattern = case.pattern
            if case.guard is not None:
                break
            if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
                # `case _:` or `case name:` reached: it takes whatever is left
                if pattern.name:
                    self.assign(ast.Name(id=pattern.name, ctx=ast.Store()), subject, scope, None)
                self.exec_block(case.body, scope)
                return
            if not (known and isinstance(pattern, ast.MatchValue) and isinstance(pattern.value, ast.Constant)):
                break
            if pattern.value.value == subject.num:
                # `match self.init_method: case "He": ...` with the setting known: that case alone runs, as an
                # `if`/`elif` chain on a known setting does
                self.exec_block(case.body, scope)
                return
        # (a subject not known, or patterns beyond literals: any case may run; none may when no case is `_`)
        irrefutable = any(isinstance(c.pattern, ast.MatchAs) and c.pattern.pattern is None and c.guard is None
                          for c in st.cases)
        self.branches([c.body for c in st.cases] + ([] if irrefutable else [[]]), scope)

    @staticmethod
    def _initialised(leaf: Any) -> bool:
        """A leaf made by an initialiser (a random draw, zeros), possibly scaled."""
        return isinstance(leaf.src, Val) and unscaled(leaf.src, ("reshape", "copy")).op == "init"

    def _from_local_draws(self, v: Val) -> bool:
        """`He_val1 = np.random.randn(n, m); He_val3 = He_val1 * np.sqrt(2 / m)`: an array scaled from draws kept
        under names of their own a moment before, read by nothing else - still a fresh initial value."""
        # (its scale too may be kept apart, `He_val2 = np.sqrt(2 / layers[lay - 1])`, read from sizes)
        return v.op in ("mul", "div") and any(self._initialised(d) for d in v.deps) and all(
            d.first_use is None and not d.data and d.role is None and not self.is_param(d) for d in v.deps)

    def packed_part(self, v: Val, name: str) -> Val:
        """`W1 = theta[:s1].reshape(n_hid, n_in)`: a slice of a trained flat vector is a parameter of its own."""
        if v.kind != "arr" or v.adj is not None or v.role is not None or v.leaf is not None and v.op == "leaf":
            return v
        base, sliced = v, False
        for _ in range(4):
            if base.op == "getitem" and len(base.args) >= 2 and isinstance(base.args[1], Val):
                idx = base.args[1]
                # theta[a:b]: one contiguous run of a flat vector (not a flip K[:, ::-1] or a gate W[:, :H])
                sliced = sliced or _one_run(idx) or (
                    # W[:, :H], W[:, H:2*H]: one gate's columns of a packed gate matrix (GRU, LSTM)
                    idx.kind == "seq" and idx.elems is not None and len(idx.elems) == 2
                    and all(e.op == "slice" for e in idx.elems) and sum(map(_one_run, idx.elems)) == 1)
            if base.op in ("getitem", "reshape", "copy") and base.args and isinstance(base.args[0], Val):
                base = base.args[0]
            else:
                break
        whole = base.leaf if base.op == "leaf" else None
        if not sliced or whole is None or whole.packed is not None or not (
                whole.key in self.know.updated or whole.requires_grad or whole.presumed):
            return v
        self.know.packed.add(whole.key)
        part = self.make_leaf(whole.key + ("part", name), name, src=v)  # verify evaluates the slice
        part.leaf.packed = whole
        return part

    def _own_copy(self, v: Val, home: Any) -> Val:
        """`W = np.random.randn(n_in, n_out); self.W = W` in a constructor: the array a local name drew in this very
        call, kept on an instance, is that instance's own (a fresh array again, made a leaf by the store), not one
        weight shared by every object of the class."""
        if not (isinstance(home, tuple) and home[:1] == ("new",)) or v.op != "leaf" or v.leaf is None or \
                v.adj is not None or v.leaf.data or v.leaf.role is not None or v.leaf.first_use is not None or \
                self.is_param(v.leaf) or not isinstance(v.leaf.key[1:2] and v.leaf.key[1], str) or \
                "." in v.leaf.key[1] or not isinstance(v.leaf.src, Val) or not self.func_stack:
            return v
        func = self.func_stack[-1]
        if not (getattr(func, "lineno", 0) <= v.leaf.line <= getattr(func, "end_lineno", 0)):
            return v
        return v.leaf.src

    def _dict_home(self, t: ast.Subscript, scope: Scope) -> tuple:
        """`self.weights['W'] = ...` in a constructor: the instance the dict is kept on, so that each layer object
        has its own weight (named `Dense[2].weights['W']` when there are several); () for other dicts."""
        if not (isinstance(t.value, ast.Attribute) and isinstance(t.value.value, ast.Name)):
            return ()
        obj = self.lookup(scope, t.value.value.id)
        home = obj.home if obj is not None and obj.kind == "inst" else None
        return (home,) if isinstance(home, tuple) and home[:1] == ("new",) else ()

    def leafify(self, v: Val, key: tuple, name: str) -> Val:
        """A fresh array that depends on nothing we track becomes a leaf (data or parameter)."""
        if v.kind == "seq" and v.elems is not None:
            v.elems = [self.leafify(e, key + (i,), f"{name}[{i}]") for i, e in enumerate(v.elems)]
            if v.summary is not None:
                v.summary = self.leafify(v.summary, key + ("*",), f"{name}[*]")
                if v.summary.leaf is not None:
                    v.summary.leaf.family = True
            return v
        if v.kind == "dict" and v.elems is not None:
            for k in list(v.elems):
                if is_family_key(k):
                    # the members of `params['W' + str(i)]`: one leaf stands for each, a family
                    v.elems[k] = self.leafify(v.elems[k], key + (k,), f"{name}['{k[1]}*']")
                    if v.elems[k].leaf is not None:
                        v.elems[k].leaf.family = True
                    continue
                v.elems[k] = self.leafify(v.elems[k], key + (k,), f"{name}[{k!r}]")
            if v.summary is not None:
                v.summary = self.leafify(v.summary, key + ("*",), f"{name}[*]")
            return v
        if v.kind != "arr" or v.leaf is not None or v.adj is not None or v.role is not None:
            return v
        if v.op == "copy" and v.args and isinstance(v.args[0], Val) and v.args[0].op == "leaf" \
                and len(v.deps) == 1 and v.args[0].leaf is not None and v.args[0].leaf.data:
            return v  # `self.y_true = y_true.astype(float)`: a copy of the data is the data
        if v.op == "copy" and v.args and isinstance(v.args[0], Val) and v.args[0].op in ("leaf", "reshape") and \
                v.args[0].leaf is not None and len(v.deps) == 1:
            # `w_before = self.W.copy()`: a copy of this parameter, whichever instance runs the statement (or of
            # it laid out again: `self.W = self.W.reshape(n, m)` then `self.W = self.W.astype("float32")`)
            return self.make_leaf(key + (v.args[0].leaf.key,), name, v.args[0].leaf.size, v)
        if v.deps and v.op == "concat" and all(self._initialised(d) for d in v.deps):
            pass  # np.concatenate([W1.ravel(), W2.ravel(), np.zeros(n)]): a fresh flat parameter vector
        elif v.deps and v.op in ("add", "sub", "mul", "div") and not self.loop_stack and \
                all(self._initialised(d) and d.first_use is None and d.role is None and not self.is_param(d)
                    for d in v.deps):
            pass  # `W = np.zeros(shape); W = W + np.random.randn(*shape); W = W / np.sqrt(n)`: still being made
        elif v.op == "join" and not v.deps and all(m.op == "join" or initialised(m) for m in join_chain(v, 8)):
            pass  # `init_weights(n, m, kind)` drawing with xavier, he or plain randn by a setting: one weight
        elif v.deps and v.op in ("mul", "div") and _scaled_draw(v) and \
                all(not d.data and d.role is None and d.first_use is None and not self.is_param(d) for d in v.deps):
            pass  # `np.sqrt(2.0 / sizes[i]) * np.random.randn(sizes[i], sizes[i + 1])`: a draw scaled by its sizes
        elif v.deps and v.op == "unknown" and self.func_stack and name.startswith("self.") and \
                all(not d.data and d.role is None and d.first_use is None and not self.is_param(d) and
                    getattr(d.src, "op", None) in (None, "inst", "unknown") for d in v.deps):
            # `self.params["W"] = self.initializer[kind](**config)(shape)` in a layer's set-up, through objects of a
            # module bpscan could not read: an array made by code it cannot see, as a draw it cannot see is
            # (its sizes too may be what bpscan cannot read: `fan_in = self.input_shape[0]` of a layer not yet linked)
            pass
        elif v.deps or v.op in ("const", "join", "cmp") or v.act is not None or v.deriv is not None:
            return v
        init = unscaled(v, ("reshape", "copy"))  # (a view or a copy of a fresh array has its size)
        size = init.payload if isinstance(init.payload, int) and init.op == "init" else None
        v.rg = v.rg or init.rg
        out = self.make_leaf(key, name, size, v)
        if self.entry and self.func_stack and name.startswith("self.") and init.op == "init" and init.ev and \
                init.ev.get("fn") in RANDOM_DRAWS and out.leaf is not None:
            # `if self.W["val"] is None: self.W["val"] = np.random.randn(...)` in a layer's own method:
            # a weight made on first use, trained like one the constructor made
            out.leaf.presumed = True
        return out

    def assign(self, t: ast.AST, v: Val, scope: Scope, src: ast.AST | None, rebind: bool = False) -> None:
        if v.kind == "inst" and isinstance(t, ast.Attribute) and isinstance(v.home, tuple) and \
                v.home[:1] == ("new",) and isinstance(src, ast.Call):
            # `self.weights_ho = Matrix(n_out, n_hidden)`: the attribute that first holds an instance names it
            # (where it is made: not `self.prev_layer = prev_layer` of a layer handed its neighbour later)
            self._site_holder.setdefault(v.home, target_text(t))
        if _grad_slot_target(t) and _zero_like(v) and (self._has_grad(t, scope) or v.kind == "none" and not (
                self.func_stack and getattr(self.func_stack[-1], "name", "") == "__init__")):
            # p.grad = np.zeros_like(p.grad), p.grad[...] = 0: a hand-written framework's reset of .grad; and
            # `q.grad = None` outside a constructor even before the first backward() (a step written once clears
            # it there; a framework's `__init__` setting `self.grad = None` only makes room for it)
            self.zero_grad(None)
        if isinstance(t, ast.Name) and isinstance(src, (ast.Attribute, ast.Subscript)) and self.func_stack and \
                v.op == "leaf" and v.leaf is not None and v.adj is None and self.is_param(v.leaf) and \
                not self.discovery:
            # W = self.W: this name keeps the array it took, even if a step then rebinds self.W
            v = self.held_at(v, self.t)
        if isinstance(t, ast.Name):
            old = self.lookup(scope, t.id)
            if self._scalar_param(t.id, old, v) and not rebind:
                v = self.make_leaf((id(self.cur.node), t.id), t.id, 1, v)
            elif not rebind and (v.op == "const" and type(v.num) in (int, float) or _written_numbers(v) is not None):
                v = self._named_number(t.id, v)
            if not rebind and old is not None and self.try_update_rebind(old, v, t, scope):
                return
            if not rebind:
                self._unsaved_step(t, v, scope)
            if not rebind and self._reloaded(old, v):
                return
            if self.discovery and old is not None and old.leaf is not None and old.op == "leaf" \
                    and self.loop_stack and old is not v and old.leaf.name == t.id and self.cur.kind == "Assign":
                self.know.rebound.add(old.leaf.key)
            if not rebind and _literal_data(v, t.id):
                # `dataset = [[2.78, 2.55, 0], ...]`, `y = [0, 1, 1, 0]`: samples written out in the script, as
                # much the data as a file read would be (each number is no constant of the computation)
                v = self.seq([], self.unknown())
            if not rebind:
                v = self.packed_part(v, t.id)
                # (`W1 = np.random.randn(...)` in a helper that two layers' constructors call: each call site
                # makes its own array)
                site = self.call_sites[-1] if self.call_sites and self.func_stack and initialised(v) else None
                key = (id(self.cur.node), t.id) if site is None else (id(self.cur.node), t.id, id(site.node))
                me = scope.vars.get("self") if site is not None else None
                if me is not None and me.kind == "inst" and me.home is not None:
                    # (`w = FloatTensor(n, m)` in the constructor of each of the layers one statement makes:
                    # each instance its own array)
                    key += (me.home,)
                elif site is not None and self.building:
                    # (`w = empty(n, m).uniform_(-k, k); return w, b` in an initialiser the constructors of several
                    # layers call from one line: each layer being built its own array)
                    key += (self.building[-1],)
                if isinstance(src, ast.Subscript) and isinstance(src.slice, ast.Name):
                    at = self.lookup(scope, src.slice.id)
                    if at is not None and at.op == "const" and isinstance(at.num, (str, int)):
                        # (`m = self.m[key][name]` for name in ("weights", "biases"): each entry its own array)
                        key += ("at", at.num)
                v = self.leafify(v, key, t.id)
                if v.op == "leaf" and v.leaf.name.endswith("]") and v.leaf.name[:-1].rsplit("[", 1)[-1].isdigit():
                    v.leaf.name = t.id  # `W1, b1 = params`: the author's name for a packed parameter
            if v.name is None and v.kind in ("arr", "num", "seq", "dict", "inst"):
                v.name = t.id
            if v.kind in ("arr", "num") and _LOSS_TARGET.search(t.id) and self.cur is not None:
                # for `bpscan verify` only: a loss as written, its regularisation with it (read, never acted on)
                self.loss_values.append((self.cur, v, self.t))
            if v.op in ("add", "sub") and v.kind == "arr" and self.cur is not None:
                # for `bpscan verify` only: `dW = X.T @ d / m + lambd / m * W`, a gradient with its decay
                self.assigned_sums[self.cur.idx] = v
            self.bind(scope, t.id, v)
        elif isinstance(t, (ast.Tuple, ast.List)):
            parts = self.unpack(v, len(t.elts), exact=not any(isinstance(e, ast.Starred) for e in t.elts))
            for sub, part in zip(t.elts, parts):
                # (`for (p, g) in pairs`: a gradient array a pair holds reads as what was summed into it since)
                self.assign(sub, self.read(part) if part.kind == "arr" else part, scope, None, rebind)
        elif isinstance(t, ast.Starred):
            self.assign(t.value, self.seq([], self.unknown(v)), scope, None, rebind)
        elif isinstance(t, ast.Attribute) and t.attr == "shape" and isinstance(t.value, (ast.Name, ast.Subscript)) \
                and self.cur is not None and isinstance(self.cur.node, ast.Assign) and self.cur.node.targets == [t]:
            # `a.shape = (n, 1)`: the array reshaped in place (a row made a column), read as `a = a.reshape(n, 1)`
            obj = self.eval(t.value, scope)
            if obj.kind == "arr" and obj.leaf is None:
                source = ast.parse(ast.unparse(t.value), mode="eval").body
                call = ast.Call(func=ast.Attribute(value=source, attr="reshape", ctx=ast.Load()),
                                args=[self.cur.node.value], keywords=[])
                self.assign(t.value, self.eval(call, scope), scope, None, rebind=True)
        elif isinstance(t, ast.Attribute):
            obj = self.eval(t.value, scope)
            obj = self.elem_object(obj) or obj  # `param.params = ...` of a parameter object (see `attribute`)
            setter = self.accessor(obj, t.attr, "setters") if obj.kind == "inst" else None
            stored = _stored_by(setter.payload[0]) if setter is not None else None
            if stored is not None:
                # `self._w = value`: the statement that assigns the property updates what it stores
                t = ast.Attribute(value=t.value, attr=stored, ctx=ast.Store())
                setter = None
            if setter is not None:
                self.call_function(setter, [v], {}, self_val=obj)
            elif obj.kind == "inst":
                old = obj.elems.get(t.attr)
                if self._scalar_param(target_text(t), old, v) and not rebind:
                    # `self.b2 = 0` in a constructor, later stepped by a gradient: the layer's scalar bias
                    v = self.make_leaf((id(self.cur.node), target_text(t), obj.home), self.attr_name(obj, t), 1, v)
                if not rebind and old is not None and self.try_update_rebind(old, v, t, scope):
                    return
                if not rebind and self._reloaded(old, v):
                    return
                if not rebind:
                    v = self._own_copy(v, obj.home)
                    v = self.leafify(v, (id(self.cur.node), target_text(t), obj.home), self.attr_name(obj, t))
                    if v.op == "leaf" and v.leaf is not None and not v.leaf.presumed and \
                            self._layer_draw(obj, t.attr, v):
                        v.leaf.presumed = True
                if v.name is None and v.kind == "arr":
                    v.name = target_text(t)
                for stores in self.branch_stores:
                    stores.setdefault((id(obj), t.attr), (obj, obj.elems.get(t.attr)))
                obj.elems[t.attr] = v
                if v.adj is not None and t.attr in ("grad", "g", "gradient") and \
                        not (isinstance(t.value, ast.Name) and t.value.id == "self") and not self.discovery and \
                        self.cur is not None:
                    # `self.weight.grad += grad_weight` of a parameter object: kept for whatever steps the
                    # parameters (an optimiser walking registries BP102 cannot follow), not lost
                    self.escapes.add(self.cur.idx)
                hook = self.method_of(obj, "__setattr__")
                if hook is not None and isinstance(hook.payload, tuple) and \
                        hook.payload[0] not in self.call_stack and v.kind in ("inst", "seq", "dict"):
                    # `class Module: def __setattr__(self, key, value): ...; self._layers.append(value)`: a
                    # framework that registers each layer an attribute is given, as torch's nn.Module does;
                    # its own store (`super().__setattr__(key, value)`) is the one just made
                    self.call_function(hook, [self.const(t.attr), v], {}, self_val=obj)
            elif obj.kind == "cls" and v.kind == "func" and isinstance(v.payload, tuple) and \
                    isinstance(v.payload[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
                # `Net.bptt = bptt`: a function written outside the class, attached to it as a method
                obj.payload["methods"][t.attr] = v.payload[0]
            elif obj.kind == "cls":
                obj.payload["attrs"][t.attr] = v
            elif obj.kind == "arr" and t.attr in GRADIENT_SLOTS:
                if v.name is None and v.kind == "arr":
                    v.name = target_text(t)
                self.keep_slot(obj, t.attr, v)
            elif t.attr == "grad" and v.kind == "none" and obj.leaf is not None:
                self.zero_grad(obj.leaf)
            elif t.attr == "data" and obj.leaf is not None:
                self.try_update_rebind(obj, v, t, scope, data_view=True)
        elif isinstance(t, ast.Subscript):
            self.store_item(t, v, scope, rebind)

    def _learn_stepped_part(self, t: ast.Subscript, scope: Scope) -> None:
        """`self.w_[1:] += eta * X.T.dot(e)`, `self.w_[0] += eta * e.sum()`: one array holding the weights
        and the bias, each part stepped on its own; from now on each part reads as a parameter of its own."""
        held = self.eval(t.value, scope)
        whole = stepped_whole(held)
        table = _walked_table(t, held)
        if whole is None and table is not None and not table.leaf.data:
            # `w[j][k] -= lr * g[j][k]` over the j and k of loops: each weight of a table in turn, the table trained
            self.know.updated.add(table.leaf.key)
            return
        if whole is None or whole.data:
            return
        if zero_started(whole) and _bare_product(self.cur.node if self.cur is not None else None):
            # `layer_grad[0] += np.dot(delta, self.W.T)` into zeros made for the sum: a gradient summed, no step
            # (a weight vector started at zeros is stepped by a scaled amount, `self.w_[1:] += eta * X.T.dot(e)`)
            return
        if not _literal_index(t.slice) and made_as_vector(whole):
            # `w[k] -= lr * d * x[k]` over the k of a loop: each weight in turn, the whole vector trained
            self.know.updated.add(whole.key)
            return
        idx = self.eval(t.slice, scope)
        if not _row_index(t.slice) and idx.op == "const" and isinstance(idx.num, int) and \
                not isinstance(idx.num, bool) or \
                _one_run(idx) and isinstance(idx.payload, slice) and all(
                    x is None or isinstance(x, int) for x in (idx.payload.start, idx.payload.stop)):
            self.know.stepped_parts.add((whole.key, target_text(t.slice)))
            self.know.updated.add(whole.key)  # the whole array is trained, part by part

    def _call_site(self, target: ast.expr, value: Val, n_events: int) -> None:
        """`grads = layer.backward(grads)`, `dv = softmax_backward(y, t)`: a call whose callee computed, and
        returned, an output error or a formula's result hands that value on under the caller's name; the call
        carries the callee's formula (the statement a reader tags where the backward pass is composed)."""
        elems = list(value.elems) if value.kind == "seq" and isinstance(value.elems, list) else []
        if isinstance(target, (ast.Tuple, ast.List)) and len(target.elts) == len(elems):
            # (`full_loss, _ = softmax_loss(...)`: a part the caller throws away is handed on to nothing)
            parts = [p for p, t in zip(elems, target.elts) if not (isinstance(t, ast.Name) and t.id == "_")]
        else:
            # (`gradients = rnn_cell_backward(da, cache)` returning a dict of them: each entry is handed on)
            kept = list(value.elems.values()) if value.kind == "dict" and isinstance(value.elems, dict) else []
            # (`errors = Matrix.subtract(targets, outputs)`: an object of the file's own class holding the result)
            kept += _held_arrays(value)
            parts = [value] + elems + [v for v in kept if isinstance(v, Val)]
        here = self.cur
        for e in self.events[n_events:]:
            v = e.info.get("value")
            if e.kind in ("error", "F1", "F2", "F3") and isinstance(v, Val) and e.stmt.node is not here.node and \
                    any(p.adj is not None and _carries(p, v) for p in parts):
                self.call_sites_tagged.append((here, e.kind, e.unit, "callee"))

    def _delegating_call(self, n_events: int, n_work: int, kinds: tuple[str, ...] = DELEGATED_KINDS,
                         n_sites: int | None = None) -> None:
        """`net.backward(x, y)`, `layer.update(lr)`, `params = update_parameters(params, grads, lr)`: a call whose
        callee took a backward step (and ran no forward product nor a library's backward() - a whole training step
        is not one statement of the backward pass) is where the caller composes its backward pass; it carries the
        callee's strongest step: formula 2 over an update over the output error over formulas 1 and 3, if that is
        one of `kinds` (tagged only where nothing else tags the line, see `Model._call_sites`)."""
        here = self.cur
        if here is None or self.forward_work != n_work:
            return
        found: dict[str, Unit | None] = {}
        for e in self.events[n_events:]:
            if e.kind in DELEGATED_KINDS and e.stmt.node is not here.node and e.kind not in found:
                found[e.kind] = e.unit
        kind = next((k for k in DELEGATED_KINDS if k in found), None)
        if kind is not None and kind in kinds:
            self.call_sites_tagged.append((here, kind, found[kind], "delegated"))
        elif kind is None and n_sites is not None:
            # `self._backward(y)` of a model whose backward pass only calls layers, a loss and an optimiser the file
            # does not show (`self.loss_function.backward(self.output, y)`, `layer.backward(...)`): the callee's
            # calls were read off the protocol, and so is this one, by the strongest of them
            inner = {k for st, k, _, source in self.call_sites_tagged[n_sites:]
                     if source in ("protocol", "fallback") and st.node is not here.node}
            kind = next((k for k in DELEGATED_KINDS if k in inner), None)
            if kind is not None and kind in kinds:
                self.call_sites_tagged.append((here, kind, None, "fallback"))

    def _protocol_call(self, call: ast.Call, func: ast.Attribute, scope: Scope) -> str | None:
        """A call on a line of its own whose callee, one of the file's classes, met no formula here, read off the
        protocol as a stand-in's is (`Interp._stand_in_step`): `self.softmax_classifier_output.backward(output, y)`,
        a backward pass handed a prediction and the targets, starts the backward pass with the output error (the
        model's output comes from layers its user adds); `optimizer.step(net)`, the file's own optimiser whose step
        writes into the network it is handed (`layer.W -= self.lr * layer.grad_w` over `net.layers`), the network
        one the file does not show, steps its parameters."""
        from bpscan.interp_expressions import _stand_in

        handed = [self._peek(a, scope) for a in call.args]
        if not call.keywords and all(a is not None for a in handed) and \
                self.loss_handed_targets(func, handed):  # type: ignore[arg-type]
            return "error"
        if not (self.own_optimiser_step(func) and any(_stand_in(a) for a in handed)):
            return None
        node = self._own_method(func, scope)
        if node is not None and any(
                isinstance(n, ast.AugAssign) and isinstance(n.op, (ast.Sub, ast.Add)) and
                isinstance(n.target, (ast.Attribute, ast.Subscript)) for n in ast.walk(node)):
            return "update"
        return None

    def _own_method(self, func: ast.Attribute, scope: Scope) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The definition a call `obj.name(...)` runs, where `obj` holds an object of the file's own classes (or of
        a module it imports) now, read without evaluating anything; else None."""
        receiver = self._peek(func.value, scope)
        method = self.method_of(receiver, func.attr) if receiver is not None and receiver.kind == "inst" else None
        node = method.payload[0] if method is not None and isinstance(method.payload, tuple) else None
        return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None

    def _stepped_through_call(self, target: ast.expr, scope: Scope, n_events: int) -> None:
        """`self.w = Matrix.add(self.w, dw)`: the step a helper of a matrix class took (on its own line, which
        adds any two matrices) is this statement's, where the name keeps the object holding the parameter."""
        self._steps_are_callers(_held_arrays(self.eval(target, scope)), n_events)

    def _steps_are_callers(self, held: list[Val], n_events: int) -> None:
        """The steps a callee took, since event `n_events`, of the arrays `held` are this statement's: a finding
        on them belongs on the caller's line, the helper's line steps whatever it is handed."""
        for e in self.events[n_events:]:
            if e.kind == "update" and e.leaf is not None and e.stmt.func is not self.cur.func and \
                    any(h.leaf is e.leaf for h in held):
                e.stmt = self.cur

    def _in_place_call(self, receiver: Val, n_events: int) -> None:
        """`gradients.scale(errors)`, `self.weights.add(deltas)`: a method of the file's own class that computes a
        formula (or takes a step) into the object it is called on; the call carries that formula, as a call whose
        result is assigned does (see `_call_site`)."""
        held = _held_arrays(receiver)
        if not held:
            return
        here = self.cur
        for e in self.events[n_events:]:
            v = e.info.get("value")
            if e.stmt.node is not here.node and e.kind in ("error", "F1", "F2", "F3") and isinstance(v, Val) and \
                    any(_carries(h, v) for h in held):
                self.call_sites_tagged.append((here, e.kind, e.unit, "callee"))
        self._steps_are_callers(held, n_events)

    def _scalar_param(self, text: str, old: Val | None, v: Val, entry: str | None = None) -> bool:
        """`b = 0.0` (or `self.b = 0`) whose later rebinding adds gradient terms to it is a scalar parameter:
        discovery learns the name from the step, the main pass makes the number a parameter where it is set.
        An attribute is known by its name on any object: `act.slope -= lr * act.slope_grad` outside the class
        makes its constructor's `self.slope = slope` the parameter; so is a dict's entry by its key (`entry`,
        `['b2']`: `net["b2"]` in the function handed the dict as well as in the one that fills it)."""
        attr = entry if entry is not None else "." + text.rsplit(".", 1)[1] if "." in text else None
        if self.discovery and old is not None and old.op == "const" and isinstance(old.num, (int, float)) \
                and v.kind == "arr" and gradient_of_name(text.rsplit(".", 1)[-1]) is None and \
                not _average_share(self.cur.node if self.cur is not None else None) and \
                not self._restarted_in_loop(old):
            # (`dw4 = 0.0; dw4 += (a2 - y[k]) * a0`: a gradient summed over the samples, by its name - no step)
            terms = [term for _, term in self.step_terms(v)[0]]
            # (`total = 0; total += x[i] * w[i]` grows by products of what it reads: a sum being formed)
            # (`e = 0.0; e += w[j] * delta` sums formula 2 over the layer above: a weight times a delta, no step)
            own = entry[2:-2] if entry is not None else text.rsplit(".", 1)[-1]
            if any(term is old for term in terms) and any(
                    term.deps and (term.adj is not None or term.uses_grad or step_sized(term) or
                                   _names_gradient_of(term, own)) and
                    not any(self.param_view(f) is not None for f in (term.factors or ()) if f.adj is None) and
                    not any(self._stepped_param_read(f) for f in (term.factors or ()))
                    for term in terms):
                self.know.scalar_params.add(text)
                if attr is not None:
                    self.know.scalar_params.add(attr)
        return v.op == "const" and isinstance(v.num, (int, float)) and not isinstance(v.num, bool) \
            and (text in self.know.scalar_params or attr is not None and attr in self.know.scalar_params)

    def _stepped_param_read(self, v: Val) -> bool:
        """`weights[i]` read after `weights[i] -= alpha * weight_deltas[i]` in an earlier pass of discovery's loop:
        still an entry of the parameter, whatever the step wrote into it."""
        if v.op != "getitem" or not v.args or not isinstance(v.args[0], Val):
            return False
        base = v.args[0]
        for _ in range(8):
            if base.op != "setitem" or not base.args or not isinstance(base.args[0], Val):
                break
            base = base.args[0]
        return base.op == "leaf" and self.is_param(base.leaf) and not base.leaf.data

    def _named_number(self, name: str, v: Val) -> Val:
        """`w1 = .15`, `i1 = .05` of a network written in named numbers (`literal_net`): the number a step
        changes is a parameter, the numbers it multiplies and the targets the outputs are compared with are the
        data; any other number stays the constant it is."""
        where = self.cur.func if self.cur is not None and self.cur.func is not None else self.tree
        roles = self._literal_roles.get(id(where))
        if roles is None:
            roles = self._literal_roles[id(where)] = literal_roles(where)
        role = roles.get(name)
        if role is None:
            return v
        # (`weights = [0.1, 0.2, -.1]`: one array, as a list drawn number by number would be)
        out = self.make_leaf((id(where), "number", name), name, 1 if v.kind != "seq" else None, v)
        if role == "param":
            out.leaf.presumed = True
        else:
            out.leaf.data = True
        return out

    def _unsaved_step(self, t: ast.Name, v: Val, scope: Scope) -> None:
        """`n_w2 = w2 - alpha * s2 * a1.T` of a worked example (`literal_net.unsaved_steps`): the one step the
        example takes, written into a new name; an update of `w2` at this statement, the name taking the new value."""
        if self.cur is None:
            return
        where = self.cur.func if self.cur.func is not None else self.tree
        steps = self._unsaved_steps.get(id(where))
        if steps is None:
            steps = self._unsaved_steps[id(where)] = unsaved_steps(where)
        base = steps.get(id(self.cur.node))
        if base is None:
            return
        old = self.lookup(scope, base)
        if old is not None and old.op == "leaf" and old.leaf is not None and old.kind == "arr":
            self.try_update_rebind(old, v, ast.Name(id=base, ctx=ast.Store()), scope)

    def _reloaded(self, old: Val | None, v: Val) -> bool:
        """`layer.weights = np.array(saved["weights"])` over a weight the constructor drew: saved values loaded
        into the parameter (a warm start), which stays the parameter it was. Only values the file cannot trace
        to anything it trains or reads as data: a copy of another weight or of the inputs is a new array."""
        if old is None or old.op != "leaf" or old.leaf is None or old.kind != "arr" or old.leaf.data or \
                not made_fresh(old.leaf):
            return False
        if v.kind != "arr" or v.leaf is not None or v.adj is not None or v.role is not None or v.act is not None or \
                v.deriv is not None or initialised(v):
            return False

        return read_from_file(v) or v.op in ("copy", "unknown") and all(
            not d.data and not self.is_param(d) and not made_fresh(d) for d in v.deps)

    def _has_grad(self, t: ast.AST, scope: Scope) -> bool:
        """The object of `p.grad = ...` already holds a .grad: a reset, not a constructor's first value."""
        attr = t.value if isinstance(t, ast.Subscript) else t
        holder = self.eval(attr.value, scope)  # type: ignore[attr-defined]
        return holder.kind != "inst" or "grad" in (holder.elems or {})

    def _branch_store(self, obj: Val, key: Any) -> None:
        """Note what a dict entry held before a branch of an undecided `if` stores into it: `if l == last:
        grads['W' + str(l + 1)] = a.T @ d else: ... grads['W' + str(l + 1)] = dw` sets a member in each branch,
        and the entry holds either afterwards, as a name would."""
        for stores in self.branch_stores:
            stores.setdefault((id(obj), key), (obj, obj.elems.get(key)))

    def _slot_stepped(self, old: Val) -> Val | None:
        """After `new_w[i] = w[i] - lr * dw[i]` stepped the parameter `old` into a list's slot by rebinding: what
        the slot now holds, a value of its own. The list it was copied from (`new_w = w[:]`), and any name bound
        to the old array, still hold the forward's weight (see `f2`)."""
        leaf = old.leaf if old.op == "leaf" else None
        if leaf is None or not self._rebind_step.get(leaf) or self._last_update.get(leaf) != self.t:
            return None
        fresh = self.view(old, old.home)
        self._slot_step[leaf] = (self.t, fresh)
        return fresh

    def _layer_draw(self, obj: Val, attr: str, v: Val) -> bool:
        """`self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)` in the constructor of a layer class (one with
        a forward and a backward pass) whose forward pass reads it, in a file that steps nothing: a weight all
        the same (a book chapter's forward-and-backward demo, no step yet). Where the file does step parameters,
        what it steps says which they are, and one it never steps is reported as such."""
        from bpscan.interp_calls import _class_of
        from bpscan.interp_entries import _self_reads, layer_pair

        func = self.func_stack[-1] if self.func_stack else None
        cls = _class_of(obj)
        src = v.leaf.src if v.leaf is not None else None
        if self.discovery or self.know.updated or getattr(func, "name", None) != "__init__" or cls is None or \
                not isinstance(src, Val) or not initialised(src):
            return False
        fwd, bwd = layer_pair(cls.payload["methods"])
        return fwd is not None and bwd is not None and attr in _self_reads([fwd])

    def store_item(self, t: ast.Subscript, v: Val, scope: Scope, rebind: bool) -> None:
        node = self.cur.node if self.cur is not None else None
        if isinstance(node, ast.Assign) and _converted_in_place(t, node.value):
            return  # `param[key] = param[key].asnumpy()`: the entry's own numbers, moved between libraries
        base = self.eval(t.value, scope)
        idx = self.eval(t.slice, scope)
        if base.kind == "inst":
            base = self.dict_items(base) or base  # (`self.ctx['vW'] = ...` of a class derived from dict)
        if base.kind == "dict":
            key = idx.num if idx.op == "const" else self.symbolic_key(t.slice, base, idx)
            # (`for k, v in self.params.items(): self.params[k] = v.astype(dtype)` over a family's entries: the
            # key walked is the family's, and the entry stays a family)
            walked = key if is_family_key(key) else None
            if walked is not None:
                key = None
            old = base.elems.get(key) if key is not None else None
            if not rebind and old is not None and self.try_update_rebind(old, v, t, scope):
                return
            if not rebind and self._reloaded(old, v):
                return
            home = self._dict_home(t, scope)
            if key is not None:
                label = f"{target_text(t.value)}[{key[1] if isinstance(key, tuple) else repr(key)}]"
                if isinstance(key, str) and self._scalar_param(label, old, v, entry=f"[{key!r}]") and not rebind:
                    # `net["b2"] = 0.0`, later `net["b2"] = net["b2"] - eta * db2 / m`: a scalar bias in a dict
                    v = self.make_leaf((id(self.cur.node), label) + home, label, 1, v)
                if not rebind:
                    v = self._own_copy(v, home[0] if home else None)
                    v = self.leafify(v, (id(self.cur.node), label) + home, label)
                if v.name is None and v.kind == "arr":
                    v.name = label
                if not (isinstance(base.payload, tuple) and base.payload[0] == "open-cache"):
                    v = self._maybe_bias_store(v)  # (`layer.bc['dZ'] = dZ` keeps a delta, it sums nothing)
                self._branch_store(base, key)
                base.elems[key] = v
            else:
                fam = family_key(t.slice) or carried_family(idx) or walked
                opened = isinstance(base.payload, tuple) and base.payload[0] == "open"
                if fam is not None and opened and base.payload[3] is None and not rebind and \
                        self.try_update_rebind(base.elems.get(fam) or self.open_member(base, fam), v, t, scope):
                    return  # `parameters["W" + str(l)] = parameters["W" + str(l)] - lr * ...` of a dict handed in
                if fam is not None and not opened:
                    # parameters['W' + str(l)]: the family of W's, apart from the b's
                    old = base.elems.get(fam)
                    if walked is not None and old is not None and old.leaf is not None and \
                            strip_views(v).leaf is old.leaf and v.adj is None:
                        return  # `self.params[k] = v.astype(dtype)`: the same members, cast
                    if not rebind and old is not None and old.leaf is not None and \
                            self.try_update_rebind(old, v, t, scope):
                        return
                    if old is not None and old.leaf is not None and old.leaf.family and v.adj is None and \
                            v.kind == "arr" and (not v.deps or (_scaled_draw(v) or self._from_local_draws(v)) and
                                                 not any(self.is_param(d) or d.role is not None for d in v.deps)):
                        # the loop initialises the next member of the same family (a draw scaled by sizes it was
                        # handed, `np.random.randn(n, layers[x - 1]) * np.sqrt(2 / layers[x - 1])`, too)
                        return
                    if not rebind and old is None:
                        label = f"{target_text(t.value)}['{fam[1]}*']"
                        v = self.leafify(v, (id(self.cur.node), label) + home, label)
                        if v.op == "leaf" and v.leaf is not None:
                            v.leaf.family = True
                    v = self._maybe_bias_store(v)
                    self._branch_store(base, fam)
                    # (while a loop runs its special iteration apart, the family's other members are not replaced)
                    base.elems[fam] = v if old is None or rebind is False and old.leaf is None and not self.peel_phases \
                        else self.join(old, v)
                    return
                old = base.summary
                if not rebind and old is not None and old.leaf is not None and \
                        self.try_update_rebind(old, v, t, scope):
                    return  # parameters["W" + str(l)] = parameters["W" + str(l)] - lr * grads[...]
                if not rebind and v.kind == "arr" and v.adj is None and initialised(v) and base.payload is None:
                    # `self.W[layer] = np.random.normal(...)` for each layer of a loop the model runs as a
                    # summary: one leaf stands for every member, a family, as `params['W' + str(l)]` does
                    if old is None:
                        label = f"{target_text(t.value)}[*]"
                        v = self.leafify(v, (id(self.cur.node), label), label)
                        if v.op == "leaf" and v.leaf is not None:
                            v.leaf.family = True
                            base.summary = v
                            return
                    elif old.op == "leaf" and old.leaf is not None and old.leaf.family:
                        return  # the loop initialises the next member of the same family
                v = self._maybe_bias_store(v)
                if v.name is None and v.kind == "arr" and v.adj is None and v.op != "const":
                    v.name = target_text(t)  # (each step's own value too: a layer's output is named as stored)
                base.summary = v if base.summary is None else self.join(base.summary, v)
                if base.summary.name is None and v.kind == "arr" and v.adj is None:
                    # `outs[t] = sigmoid(...)` kept by time step: read back as `outs[t]`, the user's own words
                    base.summary.name = target_text(t)
            return
        if base.kind == "seq":
            if idx.op == "slice" and isinstance(idx.payload, slice) and v.kind == "seq" and \
                    isinstance(base.elems, list) and base.summary is None and \
                    isinstance(v.elems, list) and v.summary is None:
                # `dims[1:1] = hidden_dims`: the list spliced, its sizes still known one by one
                base.elems[idx.payload] = list(v.elems)
                return
            v = self._maybe_bias_store(v)
            key = idx.num if idx.op == "const" and isinstance(idx.num, int) else None
            if key is None and (at := count_of(idx)) is not None:
                key = at[0]  # `delta[n_layers] = ...`, n_layers = len(sizes): that slot
            if key is not None and base.elems is not None and -len(base.elems) <= key < len(base.elems) \
                    and base.summary is None:
                old = base.elems[key]
                if not rebind and self.try_update_rebind(old, v, t, scope):
                    fresh = self._slot_stepped(old)
                    if fresh is not None:
                        base.elems[key] = fresh
                    return
                if not rebind and old.kind == "none" and isinstance(t.value, ast.Attribute):
                    # `self.weights[0] = value` filling the slot a constructor left (`self.weights = [None]`),
                    # often through a property's setter: a fresh array there is what the layer keeps, as
                    # `self.W = value` would be
                    label = f"{target_text(t.value)}[{key}]"
                    v = self.leafify(v, (id(self.cur.node), label) + self._dict_home(t, scope), label)
                base.elems[key] = v
            elif v.kind == "arr" and base.elems and base.summary is None and isinstance(t.value, ast.Name) and \
                    all(isinstance(e, Val) and e.op == "const" and e.num == 0 for e in base.elems):
                # `m = [0, 0]` then `m[j] += v[i][j] * h[i]` over every j: zeros that start each entry's sum, the
                # `[0] * n` (np.zeros(n)) written out
                zeros = self.apply("init", [self.const(len(base.elems))], {}, "numpy.zeros")
                self.assign(t.value, zeros, scope, None)
                if v.op == "add" and len(v.args) == 2 and isinstance(v.args[0], Val) and v.args[0].num == 0 and \
                        v.args[0].kind == "num" and isinstance(v.args[1], Val):
                    v = v.args[1]  # (the first term, 0 + w[i][j] * x[i], is the product alone)
                self.store_item(t, v, scope, rebind)
                return
            else:
                old = self.seq_any(base)
                if not rebind and old is not None and old.leaf is not None and \
                        self.try_update_rebind(old, v, t, scope):
                    fresh = self._slot_stepped(old) if base.summary is old and not base.elems else None
                    if fresh is not None:
                        base.summary = fresh
                    return
                # (`delta = [None] * n_layers` then `delta[l] = ...`: the placeholders are never read as values)
                base.summary = v if base.summary is None or base.summary.kind == "none" else \
                    self.join(base.summary, v)
                if not (key == -1 and base.tail is not None):
                    base.tail = None
                else:
                    base.tail = v  # `outs[-1] = act(outs[-1])`: the last entry rewritten
            return
        store = parameter_store(base)
        if store is not None:
            # `self.model.params[p] = next_w` of a model handed in, `p` walked from its `params.items()`: the
            # parameter written back after its step; the table stays the model's parameters
            if rebind:
                return
            family = self.stored_parameters(store)
            n_events = len(self.events)
            # (`next_w, config = sgd(w, dw, config)` stepped `w` in place and handed it back, or handed back `w + v`
            # of a momentum rule: written back, it is the statement that changes the model's parameter)
            if (strip_views(v).leaf is family.leaf and family.leaf in self._last_update or
                    self.try_update_rebind(family, v, t, scope) and len(self.events) > n_events) and \
                    self.cur is not None:
                self.call_sites_tagged.append((self.cur, "update", None, "delegated"))
            return
        whole = _row_of(base)
        if whole.op == "leaf" and whole.leaf is not None and not whole.leaf.data and v.adj is None and \
                v.role is None and v.act is None and made_fresh(whole.leaf) and initialised(v) and idx.cmp is None:
            # `self.weights[-1] = init.initialize(...)`: part of a fresh array drawn anew (a bias row kept in the
            # weight matrix); the array is still the one parameter - also `W[i][j] = random.uniform(-1, 1)`,
            # a weight drawn entry by entry
            return
        if base.op == "leaf" and _row_index(t.slice) and self._row_rebound(base, idx, v, t):
            return
        if not rebind and v.op == "sub" and v.adj is None and len(v.args) == 2 and isinstance(v.args[1], Val) and \
                v.args[1].op == "const" and v.args[1].num == 1 and isinstance(v.args[0], Val) and \
                v.args[0].op == "getitem" and v.args[0].args and v.args[0].args[0] is base and \
                _same_entry(t, self.cur.node):
            # `d[range(n), y] = d[range(n), y] - 1` is `d[range(n), y] -= 1`: read by the same rule, which keeps the
            # labels `y` as the error's target (`_onehot_entry` below would name only the constant 1, and verify
            # needs the labels)
            step = ast.AugAssign(target=t, op=ast.Sub(), value=ast.Constant(value=1))
            if self.softmax_onehot(step, v.args[0], self.const(1), -1, scope):
                self._last_value = self.eval(t.value, scope)  # (the error written, not a loss it reduced)
                return
        if v.op == "sub" and v.adj is None and base.kind == "arr" and (base.adj is None or base.adj.pos == "y"):
            # (written one class at a time in a loop: from its second pass on, the array holds the error already)
            v = self._onehot_entry(v)
        # An array written in place: d[mask] = 0, dx[i:j] = ..., W[k] = ...
        if self.discovery and base.leaf is not None and v.adj is not None:
            self.know.grad_written.add(base.leaf.key)
        if v.name is None and v.kind == "arr" and v.op != "const" and \
                isinstance(t.slice, (ast.Name, ast.BinOp, ast.Constant)):
            # `c_curr[t] = sigmoid(...)`: read back as `c_curr[t]` in a message, the user's own words
            v.name = target_text(t)
        new = self.new("setitem", (base, idx, v))
        self._copy_facets(new, base)
        # (the part written before this one, when the array is being filled part by part)
        before = base.args[2] if base.op == "setitem" and len(base.args) == 3 and isinstance(base.args[2], Val) \
            else None
        if v.role is not None and v.adj is None and base.adj is None and (
                new.role is not None and new.role[1] is not v.role[1] or
                before is not None and before.adj is None and before.kind == "arr" and
                (before.role is None or before.role[1] is not v.role[1])):
            # `y[:n] = head_a(x); y[n:] = head_b(x)`: the outputs of two computations side by side, neither's
            new.role = None
            new.act = None
        elif new.role is None and v.role is not None and v.adj is None:
            new.role = v.role  # a forward result written into a preallocated array
        if base.adj is not None:
            relu = self.relu_mask_of(idx, v)
            if relu is not None:
                new.adj = self.f1(base, relu, new)
            elif v.op == "const" and v.num == 0 and _dropout_mask(idx):
                # `dx[self._drop] = 0` with `drop = np.random.rand(*x.shape) > p`: the dropout's mask on the
                # gradient, a step of formula 1's kind (as `dx * mask` is)
                new.adj = base.adj
                if (base.adj.pos != "?" or base.adj.sign != UNKNOWN_SIGN) and base.adj.pos not in PARAM_GRADIENT:
                    self.emit("drop", base.adj.unit)
            elif base in self.hinge_errors and v.adj is not None and v.adj.unit is base.adj.unit:
                # `d[range(n), y] = -d.sum(axis=1)`: the correct class's part of the hinge's gradient
                self._hinge_error(new, base.adj.unit)
            elif (part := self.chain_in_place(base, v)) is not None:
                new.adj = part
            elif v.adj is not None:
                # dZ[:, :H] = di * ...; dZ[:, H:2*H] = df * ...: gate deltas written slice by slice
                parts, b = [v], base
                while b.op == "setitem" and len(b.args) == 3 and isinstance(b.args[2], Val) and len(parts) < 8:
                    if b.args[2].adj is not None:
                        parts.append(b.args[2])
                    b = b.args[0]
                whole = self.gate_deltas(parts)
                if whole is not None:
                    new.adj = whole
        elif v.op == "const" and isinstance(v.num, (int, float)) and not isinstance(v.num, bool) and \
                (_positive_side(idx) and v.num == 1 or _negative_side(idx) and 0 <= v.num < 1) and \
                _root(idx.cmp[1]) is _root(base) and \
                self._half_mask(base, new, "pos" if _positive_side(idx) else "neg", float(v.num)):
            pass  # `t = z.clone(); t[t > 0] = 1; t[t < 0] = 0`: a derivative mask, written side by side
        elif v.adj is None and base.role is not None and base.role[0] in ("mm", "y", "in"):
            new = self.masked_relu(base, idx, v, new) or new
        elif v.adj is not None and made_by_zeros(base) and _positive_side(idx) and v.op == "getitem" and \
                len(v.args) == 2 and v.args[1] is idx and isinstance(v.args[0], Val) and v.args[0].adj is not None \
                and (operand := self.mask_operand(idx)) is not None:
            # d = np.zeros_like(g); d[x > 0] = g[x > 0]: the gradient kept where the ReLU passed, formula 1
            new.adj = self.f1(v.args[0], Deriv("relu", operand, "mask"), new)
        elif v.adj is not None:
            new.adj = self.chain_scatter(base, v) or v.adj
        elif base.adj is None and (seed := self.loss_seed(base, v)) is not None:
            new.adj = seed
        elif made_by_zeros(base) and _positive_side(idx) and v.op == "getitem" and v.args and \
                same_value(strip_views(v.args[0]), strip_views(idx.cmp[1])) and v.args[0].role is not None:
            # out = np.zeros(x.shape); out[x > 0] = x[x > 0]: ReLU written as a masked write
            new = self.activation("relu", v.args[0], new)
        elif v.num == 1 and (made_by_zeros(base) or _root(base) is _root(self.mask_operand(idx))) and \
                _positive_side(idx) and (scored := self.hinge_unit(idx)) is not None:
            # (also `binary = margins; binary[margins > 0] = 1`: the margins turned into their own indicator)
            # d = np.zeros_like(scores); d[margins > 0] = 1 with margins = max(0, scores - correct + 1):
            # the multiclass hinge loss's gradient by the scores, the output error
            self._hinge_error(new, scored)
        elif v.num == 1 and made_by_zeros(base) and _positive_side(idx):
            # d = np.zeros(x.shape); d[x > 0] = 1: the step (x > 0) itself, a ReLU derivative
            new.cmp = idx.cmp
        elif v.op == "const" and isinstance(v.num, (int, float)) and 0 <= v.num < 1 and \
                made_by(base, ("ones", "ones_like")) and _negative_side(idx):
            # dx = np.ones_like(x); dx[x < 0] = alpha: the derivative of a leaky ReLU (a ReLU's with 0), as a mask
            new.deriv = Deriv("leaky_relu" if v.num else "relu", idx.cmp[1], "mask")
        in_slot = isinstance(t.value, ast.Subscript)  # the array is held in a list's or a dict's slot
        if base.kind == "arr" and (in_slot or v.adj is not None):
            # (kept only where another holder may read it: an array in a list's slot, or a gradient; a table
            # filled element by element under one name would keep every intermediate value alive)
            self._written[id(base)] = (base, new)
            if in_slot and v.adj is not None and not self.discovery and self.cur is not None:
                # `self.grads[0][...] = dW`: a gradient handed over in a container's array, to whatever walks
                # the container (an optimiser over lists gathered from every layer): BP102 cannot claim it lost
                self.escapes.add(self.cur.idx)
            if base.op == "join" and in_slot:
                # `self.grads[i][...] = g` with i not known: any one of the arrays the list holds may be
                # the one written, so each holder reads either its old contents or the new
                for m in join_chain(base, 64):
                    if m.op != "join" and m.kind == "arr" and id(m) not in self._written:
                        self._written[id(m)] = (m, self.join(m, new))
        if new.adj is not None and base.op == "reshape" and base.args and isinstance(base.args[0], Val) and \
                base.args[0].adj is None and base.args[0].kind == "arr" and made_by_zeros(base.args[0]):
            # `dx_r = dx.reshape(n, c, h, s, w, s)` then `dx_r[...] = d_out[...]`: a view, so the zeros it was
            # made from (`dx`, which the backward returns) now hold the gradient too
            root = base.args[0]
            whole = self.new("setitem", (root, idx, v))
            self._copy_facets(whole, root)
            whole.adj = new.adj
            self._in_place(root, whole)
        self.assign(t.value, new, _holder_scope(scope, t.value), None, rebind=True)

    def _half_mask(self, base: Val, new: Val, side: str, num: float) -> bool:
        """`t = z.clone(); t[t > 0] = 1; t[t < 0] = 0` (either order, a slope for the negative side): a ReLU's
        (a leaky one's) derivative at z, written into a copy of z side by side. True when this write is read so
        (a first write of the negative side is left to be read as a ReLU's forward, `out[out < 0] = 0`)."""
        kept = self._half_masks.get(id(base))
        half = kept[1:] if kept is not None and kept[0] is base else None
        if half is not None and half[1] != side:
            x, slope = half[0], (num if side == "neg" else half[2])
            new.role, new.act = None, None
            new.deriv = Deriv("leaky_relu" if slope else "relu", x, "mask")
            return True
        if side == "pos" and base.op == "setitem" and base.act is not None and base.act[0] == "relu" and \
                len(base.args) == 3 and isinstance(base.args[1], Val) and _negative_side(base.args[1]):
            # `t = z.copy(); t[t < 0] = 0` made the ReLU's output; its positive side set to 1 makes the derivative
            new.role, new.act = None, None
            new.deriv = Deriv("relu", base.act[1], "mask")
            return True
        src = base
        for _ in range(3):
            if src.op == "copy" and src.args and isinstance(src.args[0], Val):
                src = src.args[0]
            elif src.op == "leaf" and src.leaf is not None and isinstance(src.leaf.src, Val) and \
                    src.leaf.src.op == "copy":
                src = src.leaf.src
            else:
                break
        # (a copy of any forward value: a ReLU class driven alone keeps its input `self.z`, whose role it does
        # not know; never the targets)
        if src is base or side != "pos" or src.kind != "arr" or src.adj is not None or self.is_target(src):
            return False
        if src.act is not None and src.act[0] == "relu" and num == 1:
            # `g = out.copy(); g[g > 0] = 1` of a ReLU's output, whose negative side is zero already: the derivative
            new.role, new.act = None, None
            new.deriv = Deriv("relu", src.act[1], "mask")
            return True
        self._half_masks[id(new)] = (new, src, side, num)  # (the value kept, so that its id is not reused)
        new.role, new.act = None, None
        return True

    def _row_rebound(self, base: Val, idx: Val, v: Val, t: ast.Subscript) -> bool:
        """`w_in[t] = w_in[t] - lr * dh`: the row a computed index picks, rebound to its step."""
        terms, _ = self.step_terms(v)
        own = [(s, term) for s, term in terms if s == 1 and term.op == "getitem" and term.args[0] is base and
               same_value(term.args[1], idx)]
        rest = [(s, term) for s, term in terms if term is not (own[0][1] if own else None)]
        return len(own) == 1 and len(rest) == 1 and self.row_step(base, rest[0][1], rest[0][0], t)

    def _bias_f3(self, delta: Val) -> Unit | None:
        """Formula 3 of the bias of the delta's layer, the delta itself summed or stored as it is; that layer."""
        unit = delta.adj.unit if delta.adj is not None else None
        self.emit("F3", unit, unit.biases[0] if unit and unit.biases else None, bias=True, all_axes=False,
                  value=delta, delta=delta)
        return unit

    def _summed_delta(self, term: Val) -> None:
        """A delta (or an error a derivative has not met) added to a running sum that a bias of its layer is
        later stepped with (`gb += err` sample by sample, then `b -= lr * gb`): formula 3 of that bias."""
        if term.adj is not None and term.adj.pos in ("y", "z") and term.adj.unit is not None and \
                term.adj.unit.biases and term.stmt is not self.cur and not self.discovery:
            # (a delta formed earlier and summed as it is: a product formed here is another formula)
            self._bias_f3(term)

    def _maybe_bias_store(self, v: Val, kept: bool = False) -> Val:
        """`nabla_b[-1] = delta`: a stored delta (one made before this statement, or `kept` in a container and
        read back here) is the bias gradient (F3) for one sample."""
        made = v
        while made.op in ("reshape", "copy") and made.stmt is self.cur and made.args and \
                isinstance(made.args[0], Val) and made.args[0].adj is not None:
            made = made.args[0]  # `self.db += dz.flatten()`, `db = dout.copy()`: the delta, reshaped or copied
        if v.adj is not None and v.adj.pos == "y" and (kept or made.stmt is not self.cur):
            unit = self._bias_f3(v)
            out = self.view(v, v.home) if v.home else self.view(v, None)
            out.stmt = self.cur
            out.name = None
            out.adj = Adj(v.adj.sign * bias_sign(unit.biases[0] if unit and unit.biases else None), "b", unit)
            return out
        return v

    def hinge_correct_class(self, st: ast.AugAssign, rhs: Val, scope: Scope) -> bool:
        """`d[range(N), y] -= count` on the hinge loss's error: the correct class's part of that error."""
        base = self.eval(st.target.value, scope)  # type: ignore[attr-defined]
        if base not in self.hinge_errors or rhs.adj is not None or base.adj is None:
            return False
        new, _ = self.subtracted_at(st, base, rhs, scope)
        self._hinge_error(new, base.adj.unit)
        self.assign(st.target.value, new, scope, None, rebind=True)  # type: ignore[attr-defined]
        return True

    def _hinge_error(self, new: Val, unit: Unit | None) -> None:
        """`new` is (part of) the multiclass hinge loss's gradient by the scores of `unit`: the output error."""
        new.adj = Adj(GRAD, "y", unit)
        self.emit("error", unit, None, sign=GRAD, cancel=False, output=None, target=None, value=new, hinge=True)
        self._last_value = new  # the error array itself, not a loss reduced from it
        self.hinge_errors.add(new)

    def _negated_onehot(self, st: ast.AugAssign, scope: Scope) -> bool:
        """`d = np.zeros_like(p); d[range(N), y] -= 1`: minus the one-hot target, so that `d += p` then
        reads as p - Y, the error of a softmax with cross-entropy written in three statements."""
        base = self.eval(st.target.value, scope)  # type: ignore[attr-defined]
        if base.adj is not None or not (is_zero(base) or base.op == "leaf" and base.leaf is not None and
                                        zero_started(base.leaf)):
            return False
        self.assign(st.target, self.const(1), scope, None)
        self.assign(st.target.value, self.neg(self.eval(st.target.value, scope)), scope, None,  # type: ignore[attr-defined]
                    rebind=True)
        return True

    def _onehot_entry(self, v: Val) -> Val:
        """`e[i] = probs[i] - 1` (under `if target[i] == 1:`): the error of softmax or sigmoid with cross-entropy
        at the target's class, written one entry at a time."""
        if len(v.args) != 2 or not all(isinstance(a, Val) for a in v.args):
            return v
        picked, one = v.args
        if one.op != "const" or one.num != 1 or picked.op != "getitem" or not picked.args:
            return v
        unit = self.output_unit(picked)
        if unit is None or unit.act() not in ("softmax", "sigmoid"):
            return v
        out = self.new("sub", (picked, one))
        out.adj = Adj(GRAD, "y", unit)
        self.emit("error", unit, None, sign=GRAD, cancel=True, output=picked.args[0], target=one, value=out,
                  onehot=True)
        self.emit("F1", unit, None, deriv=None, cancel=True, value=out)
        self._last_value = out  # (the statement's value is this error, not a loss it reduced)
        return out

    def subtracted_at(self, st: ast.AugAssign, base: Val, rhs: Val, scope: Scope) -> tuple[Val, Val]:
        """The array `base` after `base[idx] -= rhs`, and the index."""
        idx = self.eval(st.target.slice, scope)  # type: ignore[attr-defined]
        return self.new("setitem", (base, idx, self.add(self.getitem(base, idx), rhs, -1))), idx

    def _hinge_margin(self, cond: Val) -> Unit | None:
        """The layer whose scores `margin > 0` tests, for margin = scores[j] - scores[y[i]] + delta."""
        if cond.cmp is None or not _positive_side(cond):
            return None
        op, left, right = cond.cmp
        margin = left if op in ("Gt", "GtE") else right
        terms = self.linear_terms_of(margin)
        scored = [t for sign, t in terms if sign > 0 and t.role is not None and t.role[0] in ("mm", "y")]
        picked = [t for sign, t in terms if sign < 0 and t.op == "getitem" and t.role is not None and
                  scored and t.role[1] is scored[0].role[1]]
        delta = [t for sign, t in terms if sign > 0 and t.op == "const" and isinstance(t.num, (int, float)) and t.num > 0]
        return scored[0].role[1] if len(scored) == 1 and len(picked) == 1 and delta else None

    def _hinge_term(self, st: ast.AugAssign, rhs: Val, sign: int) -> Val:
        """`dW[:, j] += X[i]` under `if margin > 0:`: the input row, one term of formula 3 with the error 1
        (-1 for the correct class, which is subtracted or added negated). What is added is a part of the
        gradient, what is subtracted a part of its negative."""
        unit = self.hinge_active[-1]
        row = rhs
        if row.op == "neg" and row.args and isinstance(row.args[0], Val):
            row = row.args[0]  # dW[:, y[i]] += -X[i]
        lay = self.layer_for_input(unit, row) if row.op == "getitem" and row.adj is None else None
        if lay is None or not isinstance(st.target, ast.Subscript):
            return rhs
        term = self.new("copy", (rhs,))
        term.adj = Adj(GRAD if sign > 0 else NEG_GRAD, "W", unit, lay.weight)
        self.emit("F3", unit, lay.weight, input=row, layer=lay, via="hinge", g_left=False, pos="y", delta=None,
                  bias=False, value=term, overwritten=False)
        return term

    def class_column_term(self, st: ast.AugAssign, rhs: Val, sign: int, scope: Scope) -> Val:
        """One class's column of a linear classifier's weight gradient, one sample at a time: `dW[:, j] +=
        probs[j] * X[i]` (or `(p - 1) * X[i]` for the correct class) of a softmax with cross-entropy, and the
        target's part `dW[:, y[i]] -= X[i]` (or `count * X[i]`, a multiclass hinge's count of violated margins)
        written on its own. Each is a term of formula 3, the error entry times the layer's input row."""
        if gradient_owner(st.target) is None:
            return rhs
        factors = list(rhs.factors) if rhs.op == "mul" and rhs.factors else [rhs]
        neg = len(factors) == 1 and rhs.op == "neg" and rhs.args and isinstance(rhs.args[0], Val)
        if neg:
            factors = [rhs.args[0]]  # dW[:, y[i]] += -X[i]
        for row in factors:
            if row.op != "getitem" or row.adj is not None or row.kind != "arr":
                continue
            found = next(((u, lay) for u in reversed(self.units) for lay in (self.layer_for_input(u, row),)
                          if lay is not None), None)
            if found is None:
                continue
            unit, lay = found
            others = [f for f in factors if f is not row]
            if all(f.kind == "num" and f.adj is None and f.role is None for f in others):
                # the target's part: the correct class's column, picked by the label, takes the row away (a count of
                # it, never negative, or its negative added: `dW[:, y[i]] += -count * X[i]`)
                down = (sign < 0) != (neg or sum(f.op == "neg" for f in others) % 2 == 1)
                if not down or not self._label_picked(st.target.slice, scope):  # type: ignore[attr-defined]
                    return rhs
            elif len(others) != 1 or _class_probability(others[0], unit) is None:
                return rhs
            elif others[0].op == "sub":
                # (p - 1) * X[i]: the correct class's error, the probability minus its target
                err = self.new("sub", others[0].args)
                err.adj = Adj(GRAD, "y", unit)
                self.emit("error", unit, None, sign=GRAD, cancel=True, output=others[0].args[0], target=None,
                          value=err, onehot=True)
                self.emit("F1", unit, None, deriv=None, cancel=True, value=err)
            term = self.new("copy", (rhs,))
            term.adj = Adj(GRAD if sign > 0 else NEG_GRAD, "W", unit, lay.weight)
            self.emit("F3", unit, lay.weight, input=row, layer=lay, via="class", g_left=False, pos="y", delta=None,
                      bias=False, value=term, overwritten=False)
            return term
        return rhs

    def _label_picked(self, index: ast.expr, scope: Scope) -> bool:
        """An index one of whose parts is a label (`dW[:, y[i]]`): a value read from the data's targets alone."""
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        for part in parts:
            if isinstance(part, ast.Slice):
                continue
            v = self.eval(part, scope)
            if v.adj is not None or v.role is not None:
                continue
            if v.deps and all(leaf.data for leaf in v.deps) or \
                    v.op == "getitem" and v.args and isinstance(v.args[0], Val) and self.is_target(v.args[0]):
                return True
        return False

    def hinge_unit(self, idx: Val) -> Unit | None:
        """The layer whose scores a mask `margins > 0` tests, when margins = max(0, scores - correct + delta)."""
        m = _root(self.mask_operand(idx), 3)  # (margins after `margins[range(N), y] = 0`)
        if m is None or not (m.act and m.act[0] == "relu") or m.role is None or m.role[0] != "z":
            return None
        pre = m.act[1] if len(m.act) > 1 and isinstance(m.act[1], Val) else None
        terms = self.linear_terms_of(pre) if pre is not None else []
        # scores minus the correct class's score (a read of the same scores), plus a positive margin
        picked = [t for sign, t in terms if sign < 0 and (t.op == "getitem" or (
            t.op in ("reshape", "getitem") and t.args and isinstance(t.args[0], Val) and t.args[0].op == "getitem"))]
        margin = [t for sign, t in terms if sign > 0 and t.op == "const" and isinstance(t.num, (int, float))
                  and t.num > 0]
        scores = [t for sign, t in terms if sign > 0 and t.op != "const"]
        return m.role[1] if len(picked) == 1 and margin and scores else None

    def _alternatives(self, v: Val, depth: int = 0) -> list[Val]:
        if v.op == "join" and depth < 6:
            return [x for a in v.args for x in self._alternatives(a, depth + 1)]
        return [v]

    def _copy_facets(self, new: Val, old: Val) -> None:
        new.role = old.role
        new.act = old.act
        new.adj = old.adj
        new.tr = old.tr
        new.name = None

    def unpack(self, v: Val, n: int, exact: bool = False) -> list[Val]:
        if v.op == "attr" and v.ev and v.ev.get("attr") == "shape":
            return [self.dim(v.ev["obj"], i) for i in range(n)]
        if v.kind == "seq" and v.elems is not None and v.summary is None and len(v.elems) == n:
            return list(v.elems)
        if exact and v.kind == "seq" and v.op != "join" and v.elems and v.summary is None:
            if self.branch_depths and self.branch_depths[-1] == len(self.frames):
                # `if keep_prob == 1: A, W, b = cache` / `else: A, D, W, b = cache` handed a cache of three: the
                # branch that unpacks it into four raises, so none of what it computes reaches the other's
                raise _Return()
            # a 14-slot cache unpacked into 12 names raises at run time: a pairing of two code paths that
            # never meet (the dropout forward's cache, the plain backward), whose slots say nothing
            return [self.unknown(v) for _ in range(n)]
        if v.op == "join":
            # `if y is None: return scores` ... `return loss, grads`: only a tuple of n unpacks into n names
            alts = [a for a in self._alternatives(v) if a.kind == "seq" and a.elems is not None
                    and a.summary is None and len(a.elems) == n]
            if alts:
                return [self.join_all([a.elems[i] for a in alts]) for i in range(n)]
        if v.kind == "seq":
            e = self.seq_any(v) or self.unknown(v)
            return [e] * n
        out = []
        for i in range(n):
            p = self.new("part", (v,), "arr")
            p.adj = Adj(v.adj.sign, "?") if v.adj else None
            p.payload = i
            out.append(p)
        return out

    s_AsyncFunctionDef = s_FunctionDef
    s_AsyncFor = s_For
    s_AsyncWith = s_With
    s_TryStar = s_Try


def _dict_update(e: ast.expr) -> list[tuple[ast.expr, ast.expr]] | None:
    """The (key, value) pairs of `d.update({k: v, ...})` or `d.update(k=v)` on a name or an attribute, or None."""
    if not (isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.attr == "update"
            and isinstance(e.func.value, (ast.Name, ast.Attribute))):
        return None
    if len(e.args) == 1 and not e.keywords and isinstance(e.args[0], ast.Dict) and None not in e.args[0].keys:
        return list(zip(e.args[0].keys, e.args[0].values))  # type: ignore[arg-type]
    if not e.args and e.keywords and all(k.arg for k in e.keywords):
        return [(ast.Constant(value=k.arg), k.value) for k in e.keywords]
    return None


def _root(v: Val | None, bound: int = 6) -> Val | None:
    """The array a chain of in-place writes started from (`margins` of `margins[range(n), y] = 0`)."""
    for _ in range(bound):
        if v is None or v.op != "setitem" or not v.args or not isinstance(v.args[0], Val):
            break
        v = v.args[0]
    return v


def _walked_table(target: ast.Subscript, row: Val) -> Val | None:
    """The table behind `w[j][k]` (`row` is `w[j]`, evaluated), both indices computed ones (not a literal part
    such as `w[0][k]`), else None."""
    table = _row_of(row)
    if table is row or table.op != "leaf" or table.leaf is None or _literal_index(target.slice):
        return None
    if isinstance(target.value, ast.Subscript) and not _literal_index(target.value.slice):
        return table
    # `for i, neuron in enumerate(layer): neuron[j] -= ...`: the row a loop walks, named by its variable
    picked = row.args[1] if row.op == "getitem" and len(row.args) > 1 else None
    return table if isinstance(target.value, ast.Name) and isinstance(picked, Val) and picked.op == "loopvar" else None


def _row_of(v: Val) -> Val:
    """The array whose row `v` is read from (`W` of `W[i]`, of `W[i][j]`; `Q` of `Q[k][j]` after `Q = Q.T`), else
    `v` itself."""
    for _ in range(3):
        if v.op != "getitem" or not v.args or not isinstance(v.args[0], Val) or v.args[0].kind != "arr":
            break
        v = v.args[0]
    if v.op == "T" and v.args and isinstance(v.args[0], Val) and v.args[0].op == "leaf":
        return v.args[0]
    return v


def _indicator(v: Val) -> bool:
    """`(x > 0)`, `(x > 0).astype(float)`, `(x > 0) * 1.0`: ones where x is positive, zeros elsewhere."""
    if v.op == "copy" and v.args and isinstance(v.args[0], Val):
        v = v.args[0]
    elif v.op == "mul" and len(v.args) == 2 and any(isinstance(a, Val) and a.num == 1 for a in v.args):
        v = next(a for a in v.args if isinstance(a, Val) and a.num != 1)
    return v.cmp is not None and _positive_side(v)


def _holder_scope(scope: Scope, target: ast.expr) -> Scope:
    """Where the array `out` of `out[0] = ...` lives: a function writing into a module's array (`neuron_out[2] =
    sigmoid(...)` in `def forward(i):`, read by `def back(y):`) changes that array, not a name of its own."""
    if not isinstance(target, ast.Name) or target.id in scope.vars or target.id in scope.globals_decl:
        return scope
    s = scope.parent
    while s is not None:
        if target.id in s.vars:
            return s
        s = s.parent
    return scope


def _choice_text(st: ast.If) -> str:
    text = getattr(st, "_bp_choice", None)
    if text is None:
        text = st._bp_choice = ast.unparse(st.test)  # type: ignore[attr-defined]
    return text


def _over_sizes(items: list[Val]) -> bool:
    """The passes of a loop over a list of sizes (`[784, 30, 10]`), or over its positions and sizes."""
    def size(v: Val) -> bool:
        return v.op == "const" and isinstance(v.num, int) and not isinstance(v.num, bool)
    return len(items) >= 2 and all(size(v) or v.kind == "seq" and v.summary is None and bool(v.elems) and
                                   all(size(e) for e in v.elems or []) for v in items)


def _family_keyed_by(sub: ast.AST, names: set[str]) -> tuple[str, str] | None:
    """The family of `d["W{}".format(x)]` (a subscript keyed by a computed key that reads one of `names`), or None."""
    if not isinstance(sub, ast.Subscript):
        return None
    fam = family_key(sub.slice)
    return fam if fam is not None and any(isinstance(x, ast.Name) and x.id in names for x in ast.walk(sub.slice)) \
        else None


def _keys_family(st: ast.For) -> bool:
    """The loop's body stores dict entries under keys made from its own target (`"W{}".format(x)`)."""
    bound = {n.id for n in ast.walk(st.target) if isinstance(n, ast.Name)}
    return any(isinstance(n, (ast.Assign, ast.AugAssign)) and any(
        _family_keyed_by(t, bound) is not None for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))
        for b in st.body for n in ast.walk(b))


def _loaded_roots(st: ast.AST) -> set[str]:
    """What an assignment stores a value read from a file into (`model` of `model = pickle.load(f)`, `self.params`
    of `self.params = np.load(p)`); empty for any other statement."""
    if not (isinstance(st, (ast.Assign, ast.AnnAssign)) and st.value is not None and any(
            isinstance(c, ast.Call) and loader(c.func) for c in ast.walk(st.value))):
        return set()
    return {_bound_root(t) for t in (st.targets if isinstance(st, ast.Assign) else [st.target])} - {None}


def _restores(taken: list, other: list) -> bool:
    """`if resume: model = pickle.load(f) else: model = {...}`: the branch taken reads from a file what the other
    makes; a checkpoint holds the same parameters, so both branches are read (the made ones name the layers)."""
    loaded = set().union(*(_loaded_roots(st) for st in taken))
    if not loaded:
        return False
    made = {_bound_root(t) for st in other for n in ast.walk(st) if isinstance(n, (ast.Assign, ast.AnnAssign))
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])}
    return loaded <= made


def restores_state(func: ast.AST) -> bool:
    """`def load_parameters(self): self.parameters = pickle.load(f)`: a method that puts back from a file what the
    constructor made. Driven as an entry it would only hide the instance's parameters behind an opaque value."""
    return any(r.startswith("self.") for n in ast.walk(func) if isinstance(n, ast.Assign) for r in _loaded_roots(n))


def loader(func: ast.expr) -> bool:
    """A call that reads a saved object: `pickle.load`, `np.load`, `json.loads`, `load_model`."""
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in ("load", "loads") or name.startswith("load_")


def _bound_root(target: ast.expr) -> str | None:
    """The name a store binds or writes into: `model` of `model`, `model['W1']` and `self.model`."""
    while isinstance(target, (ast.Subscript, ast.Attribute)):
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            return "self." + target.attr
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def _reads_module_name(test: ast.expr) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "__name__" for n in ast.walk(test))


def _names_a_choice(test: ast.expr) -> int:
    """1 for `if kind == "relu":` (a choice named by a string; or several, `kind == "a" or kind == "b"`), else 0."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and test.values:
        return int(all(_names_a_choice(v) for v in test.values))
    return int(isinstance(test, ast.Compare) and any(
        isinstance(x, ast.Constant) and isinstance(x.value, str) for x in [test.left, *test.comparators]))


def _positive_side(idx: Val) -> bool:
    """`x > 0` or `x >= 0` (or `0 < x`): where a ReLU passes its gradient."""
    if idx.cmp is None:
        return False
    op, left, right = idx.cmp
    return (op in ("Gt", "GtE") and right.op == "const" and right.num == 0) or \
        (op in ("Lt", "LtE") and left.op == "const" and left.num == 0)


def _negative_side(idx: Val) -> bool:
    """`x < 0` or `x <= 0`: where a ReLU stops (a leaky one scales) its gradient."""
    if idx.cmp is None:
        return False
    op, left, right = idx.cmp
    return op in ("Lt", "LtE") and right.op == "const" and right.num == 0


def _one_run(idx: Val) -> bool:
    """`a:b` of an index: one contiguous run (not `:` and not a flip `::-1`)."""
    step = idx.payload.step if isinstance(idx.payload, slice) else None
    return idx.op == "slice" and step is None and not (
        idx.payload is not None and idx.payload.start is None and idx.payload.stop is None)


def property_kind(node: Any) -> str | None:
    """"getter" for `@property`, "setter" for `@name.setter`, "other" for `@name.deleter`, None otherwise."""
    for d in node.decorator_list:
        if isinstance(d, ast.Name) and d.id in ("property", "cached_property"):
            return "getter"
        if isinstance(d, ast.Attribute) and d.attr == "cached_property":
            return "getter"
        if isinstance(d, ast.Attribute) and isinstance(d.value, ast.Name) and d.value.id == node.name:
            # (`@func.getter` after a placeholder `@property def func(self): pass` replaces what it reads)
            return {"setter": "setter", "getter": "getter"}.get(d.attr, "other")
    return None


def _stored_by(setter: Any) -> str | None:
    """The attribute a plain property setter stores its value in (`self._w = value`), or None."""
    body = code_body(setter)
    params = [p.arg for p in setter.args.args]
    if len(body) != 1 or len(params) != 2 or not isinstance(body[0], ast.Assign) or len(body[0].targets) != 1:
        return None
    t, v = body[0].targets[0], body[0].value
    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == params[0] and \
            isinstance(v, ast.Name) and v.id == params[1]:
        return t.attr
    return None


def returned_attr(getter: Any) -> str | None:
    """The attribute a plain property getter returns (`_optimizer` of `return self._optimizer`; `weights` of
    `return self.weights[0]`, an entry of it), or None."""
    body = code_body(getter)
    if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
        return self_attr_under(body[0].value)
    return None


def self_attr_under(e: ast.expr) -> str | None:
    """The attribute of self an expression reads, through any subscripts: `weights` of `self.weights[0]`."""
    while isinstance(e, ast.Subscript):
        e = e.value
    return e.attr if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "self" else None


def _times_one(e: ast.expr, factors: tuple) -> bool:
    """`d * 1` or `d * d_by_db` (a name holding 1): a product with a factor of 1 written as a number or a
    name (not the value of a call, `act.derivative(z) * d`, an identity activation's derivative)."""
    if not (isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult)):
        return False
    # (`dz_db = np.ones_like(dh_dz)`, then `g * dz_db`: the bias's local derivative written as an array of ones)
    return any(isinstance(f, Val) and (f.op == "const" and f.num == 1 or made_by(f, ("ones", "ones_like")) and
                                       not _trained_leaf(f))
               and isinstance(side, (ast.Constant, ast.Name)) for f, side in zip(factors, (e.left, e.right)))


def _trained_leaf(v: Val) -> bool:
    """A parameter, however it was made (a batch norm's gain starts as `np.ones(n)`)."""
    leaf = v.leaf
    return leaf is not None and (leaf.role is not None or leaf.presumed or leaf.requires_grad or leaf.unit is not None)


#: what a user's data module exports by name: `features`, `X_train`, `test_images`, `inputs`
_DATA_NAME = re.compile(r"^(x|X|features?|inputs?|data|dataset|samples?|images?|examples?)(_?(train|test|val|valid|"
                        r"dev|all))?$|^(train|test|val|valid|dev)_?(x|X|features?|inputs?|data|images?|y|Y|labels?|"
                        r"targets?)$")


def _index_shift(e: ast.expr, var: str) -> int | None:
    """0 for `xs[l]`, -1 for `xs[l - 1]`, 1 for `xs[l + 1]`: how far from the loop's position an index reads
    (None for any other index)."""
    if isinstance(e, ast.Name):
        return 0 if e.id == var else None
    if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Sub)) and isinstance(e.left, ast.Name) and \
            e.left.id == var and isinstance(e.right, ast.Constant) and type(e.right.value) is int:
        return e.right.value if isinstance(e.op, ast.Add) else -e.right.value
    return None


def _known_arrays(held: Val | None, last: int) -> bool:
    """A list of arrays known element by element (weights, stored activations), with a position `last`."""
    return held is not None and held.kind == "seq" and held.summary is None and bool(held.elems) and \
        len(held.elems) > last and all(e.kind == "arr" and e.leaf is not None for e in held.elems)


def _named_or_its_view(e: ast.expr) -> bool:
    """`dz`, or `dz.copy()` / `dz.flatten()` / `dz.reshape(-1)`: a name's array as it is, or only reshaped."""
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and \
            e.func.attr in ("copy", "flatten", "ravel", "reshape", "squeeze") and not e.keywords:
        e = e.func.value
    return isinstance(e, ast.Name)


def _delta_of_one_bias(v: Val) -> bool:
    """v is the delta of a layer with exactly one bias."""
    return isinstance(v, Val) and v.adj is not None and v.adj.pos == "y" and v.adj.unit is not None and \
        len(v.adj.unit.biases) == 1


def _grad_slot_target(t: ast.AST) -> bool:
    """`p.grad`, `p.grad[...]` or `p.grad.data` as an assignment target."""
    if isinstance(t, ast.Subscript):
        t = t.value
    if isinstance(t, ast.Attribute) and t.attr == "data" and isinstance(t.value, ast.Attribute):
        t = t.value
    return isinstance(t, ast.Attribute) and t.attr == "grad"


def _zero_like(v: Val) -> bool:
    """None, 0, or an array of zeros."""
    return v.kind == "none" or is_zero(v) or made_by_zeros(v) or (v.op == "const" and v.num == 0)


def _negated(v: Val) -> bool:
    """`-lr * g`, `-(lr * g)`: a step written with its minus inside (`self.b += -lr * g`)."""
    if v.op == "neg":
        return True
    return v.op == "mul" and any(f.op == "neg" or (f.op == "const" and isinstance(f.num, (int, float)) and f.num < 0)
                                 for f in (v.factors or ()))


def _merged_kind(v: Val) -> bool:
    """A computed array (no parameter, no object): what two branches' stores are merged for."""
    return v.kind == "arr" and v.leaf is None and v.op != "leaf"


def _chosen_name(test: ast.expr) -> str | None:
    """`'elu'` of `if self.activation == 'elu':` (a name or attribute compared with one string; the first of
    `== 'silu' or ... == 'swish'`)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and test.values:
        return _chosen_name(test.values[0])
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return None
    sides = [test.left, test.comparators[0]]
    strs = [x.value for x in sides if isinstance(x, ast.Constant) and isinstance(x.value, str)]
    named = [x for x in sides if isinstance(x, (ast.Name, ast.Attribute))]
    return strs[0] if len(strs) == 1 and len(named) == 1 and strs[0].isidentifier() else None


def _role_values(v: Val) -> list[Val]:
    """`v` itself, or the arrays an object holds, that are some layer's input or pre-activation."""
    vals = list(v.elems.values()) if v.kind == "inst" and isinstance(v.elems, dict) else [v]
    return [x for x in vals if isinstance(x, Val) and x.kind == "arr" and x.role is not None and
            x.role[0] in ("mm", "y", "in")]


def _data_leaf(v: Val) -> bool:
    """An array the program was handed (`self.out = x` of an identity branch), no parameter."""
    return v.kind == "arr" and v.op == "leaf" and v.leaf is not None and v.leaf.data


def _element_bound(func: Any, name: str) -> bool:
    """`activation = weights[-1]` in this function: the name holds what a list holds at a written position (when
    that is a number drawn alone, augmenting the name rebinds it; the list is left as it was - an array would be
    changed in place)."""
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for sub in ast.walk(func):
        if isinstance(sub, ast.Assign) and len(sub.targets) == 1 and isinstance(sub.targets[0], ast.Name) and \
                sub.targets[0].id == name and isinstance(sub.value, ast.Subscript):
            idx = sub.value.slice
            if isinstance(idx, ast.UnaryOp) and isinstance(idx.op, ast.USub):
                idx = idx.operand
            if isinstance(idx, ast.Constant) and type(idx.value) is int:
                return True
    return False


def _scalar_copy(v: Val) -> bool:
    """`s = w[-1]` of a vector (1-D, or a Python list of numbers): a number copied out of it, so `s += w[k] *
    x[k]` sums a neuron's input and steps nothing in w."""
    if v.op == "leaf" and v.leaf is not None and v.leaf.packed is not None and v.leaf.name.endswith("]"):
        # the part `w[-1]` of a vector stepped part by part, read as the bias it is
        return ":" not in v.leaf.name.rpartition("[")[2] and made_as_vector(v.leaf.packed)
    if v.op != "getitem" or len(v.args) != 2 or not all(isinstance(a, Val) for a in v.args):
        return False
    base, idx = v.args
    if idx.kind != "num" or idx.op == "slice":
        return False
    return base.kind == "seq" or made_as_vector(base.leaf)


def _penalty_pair(v: Val) -> tuple[Val, Leaf] | None:
    """(the gradient, the parameter) of a returned pair `(reg * np.sum(W * W), 2 * reg * W)`: a penalty summed over
    a parameter's squares (or absolute values) and, beside it, that parameter scaled by the penalty's coefficients."""
    if v.summary is not None or not v.elems or len(v.elems) != 2:
        return None
    for value, grad in (v.elems, v.elems[::-1]):
        if grad.kind != "arr" or grad.adj is not None or grad.op != "mul":
            continue
        leaf = _summed_square(value)
        if leaf is None or leaf not in grad.deps or grad.deps != value.deps:
            continue
        if sum(1 for f in grad.factors if f.leaf is leaf) == 1:
            return grad, leaf
    return None


def _summed_square(v: Val, depth: int = 0) -> Leaf | None:
    """W of `c * np.sum(np.square(W))`, `0.5 * reg * (W ** 2).sum()`, `lam * np.sum(np.abs(W))`: the parameter whose
    squares (or absolute values) a scaled sum adds up."""
    if depth > 3:
        return None
    if v.op in ("mul", "div") and v.args:
        found = {x for a in v.args if isinstance(a, Val) for x in [_summed_square(a, depth + 1)] if x is not None}
        return found.pop() if len(found) == 1 else None
    if v.op != "call" or v.payload != "sum" or not v.args or not isinstance(v.args[0], Val):
        return None
    inner = v.args[0]
    # (`np.square(W)`, `W ** 2`, `np.abs(W)`, or `W * W`)
    squared = _square(inner, ("square", "abs")) or inner.op == "mul" and len(inner.args) == 2 and \
        inner.args[0] is inner.args[1]
    return inner.args[0].leaf if squared and inner.args and isinstance(inner.args[0], Val) else None


def _made_from_local_draws(v: Val, scope: Scope) -> bool:
    """Scaled, reshaped, cast or chosen (`u if c else v`) from names this function bound to random draws and
    nothing else: an array the function draws afresh (its names die with it). Also the factors of a
    decomposition of such a draw (`q, r = np.linalg.qr(a); q *= np.sign(np.diag(r))`, an orthogonal init)."""
    local: set[int] | None = None  # gathered when the walk first meets a leaf (every array a function returns
    # comes here, few of them are draws)
    todo, seen, drawn = [v], set(), False
    while todo:
        x = todo.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if len(seen) > 24:
            return False
        if x.op == "leaf":
            if local is None:
                local = {id(y.leaf) for y in scope.vars.values() if isinstance(y, Val) and y.leaf is not None}
                # (a draw the function has since rebound, `a = a.T`, is still its own)
                local |= {id(d) for y in scope.vars.values() if isinstance(y, Val) for d in y.deps}
            if not (_drawn_leaf(x) and id(x.leaf) in local):
                return False
            drawn = True
        elif x.op in ("mul", "div", "join", "reshape", "copy", "T") or \
                x.op in ("part", "unknown", "call") and x.args and x.adj is None and x.role is None:
            todo.extend(a for a in x.args if isinstance(a, Val) and a.kind != "num")
        elif x.kind != "num":
            return False
    return drawn


#: names of a table of samples written out in a script
_SAMPLES_NAME = re.compile(r"^(x|X|xs|Xs|[xX]_?train|inputs?|data|data_?set|training_?(data|set)|train(_?data|_?set)?|"
                           r"samples|examples|patterns|points|features)$")


def _literal_data(v: Val, name: str) -> bool:
    """A list of at least two numbers, or of rows of numbers, written out under a name that says samples (a
    table) or targets (a table or a flat list)."""
    shape = _written_numbers(v)
    if shape is None or len(v.elems) < 2:  # type: ignore[arg-type]
        return False
    target = bool(TARGET_NAME.match(name))
    return shape == "rows" and (target or bool(_SAMPLES_NAME.match(name))) or shape == "flat" and target


def _bare_product(stmt: ast.AST | None) -> bool:
    """The value a statement adds is a matrix product and nothing more (`np.dot(delta, self.W.T)`, `g @ W.T`): no
    step size scales it."""
    value = getattr(stmt, "value", None)
    return isinstance(value, ast.BinOp) and isinstance(value.op, ast.MatMult) or \
        isinstance(value, ast.Call) and (isinstance(value.func, ast.Attribute) and value.func.attr in ("dot", "matmul")
                                         or isinstance(value.func, ast.Name) and value.func.id in ("dot", "matmul"))


def _names_only(body: list[ast.stmt]) -> bool:
    """Statements that only bind plain names: `n_out = sizes[i + 1]`, or a dispatch choosing what a name holds
    (`if kind == "conv": new_layer = ConvLayer(**cfg) elif ...: ... else: raise ValueError(kind)`)."""
    for b in body:
        if isinstance(b, ast.Assign):
            if not all(isinstance(t, ast.Name) or isinstance(t, ast.Tuple) and all(isinstance(e, ast.Name)
                                                                                   for e in t.elts)
                       for t in b.targets):
                return False
        elif isinstance(b, ast.If):
            if not _names_only(b.body) or not _names_only(b.orelse):
                return False
        elif not isinstance(b, (ast.Raise, ast.Pass)):
            return False
    return True


def _written_numbers(v: Val) -> str | None:
    """"flat" for `[0.1, 0.2, -.1]`, "rows" for `[[.1, .2], [.3, .4]]`: a list written out in numbers (or in rows
    of numbers); None for any other value."""
    def number(x: Any) -> bool:
        return isinstance(x, Val) and x.op == "const" and type(x.num) in (int, float)

    if v.kind != "seq" or not isinstance(v.elems, list) or not v.elems or v.summary is not None:
        return None
    if all(number(e) for e in v.elems):
        return "flat"
    if all(isinstance(e, Val) and e.kind == "seq" and isinstance(e.elems, list) and e.elems and
           all(number(x) for x in e.elems) for e in v.elems):
        return "rows"
    return None


def _drawn_leaf(v: Val) -> bool:
    """A name a helper bound to a random draw (`u, _, v = np.linalg.svd(a)` of a drawn `a`), handed back."""
    return v.op == "leaf" and v.leaf is not None and not v.leaf.data and v.adj is None and \
        made_fresh(v.leaf)


def _bias_gradient_target(t: ast.Subscript) -> bool:
    """`db[f]`, `self.db[:, c]`: an entry of an array named as a bias's gradient."""
    own = gradient_owner(t)
    return own is not None and _BIAS_NAME.match(own) is not None


_BIAS_NAME = re.compile(r"^(b|bias|biases|beta)\d*$")


def _same_entry(t: ast.Subscript, stmt: ast.AST) -> bool:
    """`d[i, y] = d[i, y] - 1`: the statement's value subtracts from the very entry it writes."""
    value = getattr(stmt, "value", None)
    return isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub) and isinstance(value.left, ast.Subscript) \
        and target_text(value.left) == target_text(t)


def _row_index(node: ast.AST) -> bool:
    """`w[t]`, `E[ids[i]]`: one computed position along the first axis - no number, slice, mask or tuple, and
    no key written as text (`params['W' + str(l)]`, `params[f"W{l}"]`: an entry of a dict, whatever it holds)."""
    if isinstance(node, ast.JoinedStr) or isinstance(node, ast.BinOp) and any(
            isinstance(n, ast.Constant) and isinstance(n.value, str) or
            isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "str" for n in ast.walk(node)):
        return False
    return not isinstance(node, (ast.Slice, ast.Tuple, ast.Compare, ast.Constant)) and not _literal_index(node)


def _literal_index(node: ast.AST) -> bool:
    """`0`, `-1`, `1:`, `:-1`: an index written as numbers, naming one fixed part of an array."""
    if isinstance(node, ast.Slice):
        return all(b is None or _literal_index(b) for b in (node.lower, node.upper)) and node.step is None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)


def _whole(target: ast.expr) -> bool:
    """`x[:]`, `x[...]`, `x[:, :]`: every element of the array, written in place."""
    if not isinstance(target, ast.Subscript):
        return False
    parts = target.slice.elts if isinstance(target.slice, ast.Tuple) else [target.slice]
    return all(isinstance(p, ast.Slice) and p.lower is None and p.upper is None and p.step is None or
               isinstance(p, ast.Constant) and p.value is Ellipsis for p in parts)


def _average_share(node: ast.AST | None) -> bool:
    """`self.m += (1 - beta1) * g`: the statement adds the new share of a moving average (an optimiser's moment,
    which keeps `beta1` of itself), not a step of a parameter."""
    value = getattr(node, "value", None)
    return isinstance(value, ast.AST) and any(
        isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) and isinstance(n.left, ast.Constant) and
        n.left.value == 1 and isinstance(n.right, (ast.Name, ast.Attribute)) for n in ast.walk(value))


def _reads_lines(st: ast.With, name: str) -> bool:
    """The body walks the file `name` line by line (`for line in f`, `f.readlines()`, `csv.reader(f)`)."""
    for n in ast.walk(st):
        if isinstance(n, (ast.For, ast.comprehension)) and isinstance(n.iter, ast.Name) and n.iter.id == name:
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) and \
                n.func.value.id == name and n.func.attr in ("readlines", "readline", "read"):
            return True
        if isinstance(n, ast.Call) and (isinstance(n.func, ast.Attribute) and n.func.attr in ("reader", "DictReader")
                                        or isinstance(n.func, ast.Name) and n.func.id in ("reader", "DictReader")) \
                and any(isinstance(a, ast.Name) and a.id == name for a in n.args):
            return True
    return False


def _converted_in_place(t: ast.Subscript, value: ast.expr) -> bool:
    """`x[k] = x[k].asnumpy()`, `p[k] = p[k].astype(np.float32)`: an entry replaced by itself, converted."""
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and \
        METHODS.get(value.func.attr) == "copy" and ast.unparse(value.func.value) == ast.unparse(t)


def _opens_file(e: ast.expr) -> bool:
    """`open(path)`, `gzip.open(path, 'rt')`: a call that opens a file to read."""
    return isinstance(e, ast.Call) and (isinstance(e.func, ast.Name) and e.func.id == "open" or
                                        isinstance(e.func, ast.Attribute) and e.func.attr == "open")


def _stepped_zero_vector(leaf: Leaf, sign: int, st: ast.AugAssign) -> bool:
    """`b = [0.0] * n` then `b[j] -= lr * delta[j]`: a bias started at zero, stepped one entry at a time down its
    gradient scaled by a learning rate (a gradient's buffer is summed into, never scaled by a rate)."""
    return zero_started(leaf) and sign < 0 and not leaf.data and rate_scaled_step(st)


def _whole_step(st: ast.Assign | ast.AugAssign) -> ast.AugAssign | None:
    """The in-place step a whole-array write spells: `W[:] = W - t` and `W[...] -= t` are `W -= t`.

    Made once per statement and kept on it, so both passes see the same node.
    """
    hit = getattr(st, "_bp_whole_step", False)
    if hit is not False:
        return hit
    step = None
    if isinstance(st, ast.AugAssign) and _whole(st.target):
        step = ast.AugAssign(target=st.target.value, op=st.op, value=st.value)
    elif isinstance(st, ast.Assign) and len(st.targets) == 1 and _whole(st.targets[0]) and \
            isinstance(st.value, ast.BinOp) and isinstance(st.value.op, (ast.Add, ast.Sub)) and \
            ast.dump(st.value.left) == ast.dump(st.targets[0].value):
        step = ast.AugAssign(target=st.targets[0].value, op=st.value.op, value=st.value.right)
    elif isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Subscript) and \
            isinstance(st.targets[0].value, ast.Subscript) and isinstance(st.value, ast.BinOp) and \
            isinstance(st.value.op, (ast.Add, ast.Sub)) and ast.unparse(st.value.left) == ast.unparse(st.targets[0]):
        # `P[i][k] = P[i][k] + alpha * (...)`: one entry of a table stepped, as `P[i][k] += alpha * (...)` steps it
        step = ast.AugAssign(target=st.targets[0], op=st.value.op, value=st.value.right)
    if step is not None:
        ast.copy_location(step, st)
        step.end_lineno, step.end_col_offset = st.end_lineno, st.end_col_offset
        if hasattr(st, "_bp_mod"):
            step._bp_mod = st._bp_mod  # type: ignore[attr-defined]  # (a statement of another project file)
    st._bp_whole_step = step  # type: ignore[union-attr]
    return step


def _range_ends(it: ast.expr) -> tuple[str, str] | None:
    """The first and last values, as text, of `range(n)`, `range(n - 1, -1, -1)` or `reversed(range(n))`."""
    rev = False
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "reversed" and len(it.args) == 1:
        rev, it = True, it.args[0]
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and not it.keywords):
        return None
    a = it.args
    if len(a) == 1:
        first, last = "0", ast.unparse(ast.BinOp(a[0], ast.Sub(), ast.Constant(1)))
    elif len(a) == 2 and ast.unparse(a[0]) in ("0", "1"):
        first, last = ast.unparse(a[0]), ast.unparse(ast.BinOp(a[1], ast.Sub(), ast.Constant(1)))
    elif len(a) == 3 and ast.unparse(a[2]) == "-1":
        # counting down to `stop` (not included): the last value is one above it
        stop = a[1]
        last = str(stop.value + 1) if isinstance(stop, ast.Constant) and isinstance(stop.value, int) else \
            ast.unparse(ast.BinOp(stop, ast.Add(), ast.Constant(1)))
        first = ast.unparse(a[0])
    else:
        return None
    return (last, first) if rev else (first, last)


def _peeled_branch(st: ast.For) -> tuple[ast.If | ast.IfExp, bool, bool] | None:
    """An `if` at the top of a loop over a range (or a conditional expression in one of its assignments) whose test
    singles out the loop's last (or first) value, as (the if, whether its body is that iteration's, whether that
    iteration is the last): `if l == L - 1:`,
    `if l < L - 1: ... else:`, `if i != n - 1:` over `range(L)`; `if l == L - 1:` over `range(L - 1, -1, -1)`."""
    if not isinstance(st.target, ast.Name):
        return None
    ends = _range_ends(st.iter)
    if ends is None:
        return None
    first, last = ends
    var = st.target.id
    # (`out, cache = relu_layer(x, w, b) if i != L - 1 else affine(x, w, b)`: the same choice as an expression)
    choices = [n for n in st.body if isinstance(n, ast.If)] + \
        [n for b in st.body if isinstance(b, (ast.Assign, ast.AugAssign, ast.Expr)) for n in ast.walk(b)
         if isinstance(n, ast.IfExp)]
    for node in choices:
        t = node.test
        if not (isinstance(t, ast.Compare) and len(t.ops) == 1):
            continue
        left, op, right = t.left, t.ops[0], t.comparators[0]
        if isinstance(right, ast.Name) and right.id == var and not (isinstance(left, ast.Name) and left.id == var):
            left, right = right, left
            op = {ast.Lt: ast.Gt(), ast.Gt: ast.Lt(), ast.LtE: ast.GtE(), ast.GtE: ast.LtE()}.get(type(op), op)
        if not (isinstance(left, ast.Name) and left.id == var):
            continue
        other = ast.unparse(right)
        ascending = first == "0" or first == "1"
        for value, is_last in ((last, True), (first, False)):
            if other != value or value in ("0", "1") and not is_last and ascending:
                continue
            if isinstance(op, ast.Eq):
                return node, True, is_last
            if isinstance(op, ast.NotEq):
                return node, False, is_last
            if ascending == is_last and isinstance(op, ast.Lt):
                return node, False, is_last  # `l < L - 1` counting up: every iteration but the last
            if ascending == is_last and isinstance(op, ast.GtE):
                return node, True, is_last
            if ascending != is_last and isinstance(op, ast.Gt):
                return node, False, is_last  # `l > 0` counting down: every iteration but the last
            if ascending != is_last and isinstance(op, ast.LtE):
                return node, True, is_last
    return None


def _class_probability(p: Val, unit: Unit) -> Unit | None:
    """`probs[j]`, `np.exp(s[j]) / denom`, or that minus 1 (or minus `j == y[i]`): one class's probability of the
    softmax layer `unit`, or its error; None otherwise."""
    if p.op == "sub" and len(p.args) == 2 and isinstance(p.args[1], Val) and isinstance(p.args[0], Val) and \
            (p.args[1].op == "const" and p.args[1].num == 1 or p.args[1].cmp is not None):
        p = p.args[0]
    role = p.role
    if role is None or role[0] != "z" or role[1] is not unit or unit.act() != "softmax":
        return None
    return unit if p.op == "getitem" or p.kind == "num" or picks_element(p) else None


def _same_class(a: Val, b: Val) -> bool:
    """Two instances of the same class of the file's own."""
    return a.kind == b.kind == "inst" and isinstance(a.payload, Val) and a.payload.kind == "cls" and \
        a.payload is b.payload


def _hands_gradient(v: Val) -> bool:
    """`deltas` of `weights.add(deltas)`: a value carrying a gradient, or an object of the file's own class holding
    one."""
    return v.adj is not None or any(a.adj is not None for a in _held_arrays(v))


def _held_arrays(v: Val) -> list[Val]:
    """The arrays an instance of the file's own class holds in its attributes (a matrix class's `data`)."""
    if v.kind != "inst" or not isinstance(v.payload, Val) or v.payload.kind != "cls" or not isinstance(v.elems, dict):
        return []
    return [a for a in v.elems.values() if isinstance(a, Val) and a.kind == "arr"]


#: what a value still carries a gradient through (`setitem`: `g = np.zeros_like(p); g[0] = 2 * (p[0] - y)`)
_CARRYING = frozenset({"mul", "div", "neg", "copy", "reshape", "T", "add", "sub", "getitem", "join", "setitem"})


def _alias_in_place(obj: Val, old: Val, new: Val) -> None:
    """Where the dicts and lists an object holds (two levels deep) hold `old`, or the array it was summed into in
    place from (`self._dw -= self._dw` then `self._dw += g`: still the array made in the constructor), they hold
    `new` now."""
    if obj.kind != "inst" or not isinstance(obj.elems, dict):
        return
    roots = {id(old)}
    summed = old
    for _ in range(4):
        if summed.op not in ("add", "sub") or not summed.args or not isinstance(summed.args[0], Val):
            break
        summed = summed.args[0]
        roots.add(id(summed))
    stack = [(box, 0) for box in obj.elems.values() if isinstance(box, Val) and box.kind in ("dict", "seq")]
    while stack:
        box, depth = stack.pop()
        items = box.elems.items() if isinstance(box.elems, dict) else enumerate(box.elems or [])
        for key, held in list(items):
            if id(held) in roots:
                box.elems[key] = new  # type: ignore[index]
            elif isinstance(held, Val) and held.kind in ("dict", "seq") and depth < 1:
                stack.append((held, depth + 1))


def _carries(p: Val, v: Val, depth: int = 3) -> bool:
    """`p` is `v`, or `v` scaled, reshaped or summed with another term (`return 2 * (pred - y) / n` of the error
    `pred - y`): the value a callee returned still carries the gradient its formula computed."""
    if p is v:
        return True
    if depth == 0 or p.op not in _CARRYING:
        return False
    return any(isinstance(a, Val) and _carries(a, v, depth - 1) for a in p.args)


def _names_gradient_of(term: Val, own: str, depth: int = 0) -> bool:
    """`eta * db2 / m` stepping `net["b2"]`: the step scales a value named as the gradient of that very name."""
    if term.name is not None and gradient_of_name(term.name.rsplit(".", 1)[-1]) == own:
        return True
    return depth < 3 and any(isinstance(a, Val) and _names_gradient_of(a, own, depth + 1) for a in term.args)


def _scaled_draw(v: Val) -> bool:
    """`scale * np.random.randn(n, m)`: random numbers times a factor (the factor read from sizes, He's or Xavier's)."""
    init = unscaled(v, ("copy", "reshape"))  # (also through `.astype(np.float32)`)
    return init is not v and init.op == "init" and bool(init.ev) and init.ev.get("fn") in RANDOM_DRAWS


def _is_dataclass(st: ast.ClassDef) -> bool:
    """Decorated `@dataclass` (or `@dataclasses.dataclass(...)`) without `init=False`."""
    for d in st.decorator_list:
        if target_text(d.func if isinstance(d, ast.Call) else d).split(".")[-1] == "dataclass":
            return not (isinstance(d, ast.Call) and any(
                k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False for k in d.keywords))
    return False


def _fields(st: ast.ClassDef) -> list[ast.AnnAssign]:
    """A dataclass's own fields: its annotated names, in order (not `ClassVar`s)."""
    return [item for item in st.body if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            and item.simple and "ClassVar" not in ast.unparse(item.annotation)]


def dataclass_init(st: ast.ClassDef, bases: list[Any]) -> ast.FunctionDef | None:
    """The `__init__` that `@dataclass` writes for a class: each field (a dataclass base's first) set from its
    argument (its default where the class gives one), then `__post_init__` called when the class has it. Made
    once per class (its statements are keys of what the analysis learns), None for other classes."""
    made = getattr(st, "_bp_dataclass_init", None)
    if made is not None or not _is_dataclass(st):
        return made
    fields = [f for b in bases if isinstance(b, ast.ClassDef) and _is_dataclass(b) for f in _fields(b)] + _fields(st)
    defaults = [f.value for f in fields if f.value is not None]
    if any(f.value is not None for f in fields[:len(fields) - len(defaults)]):
        return None  # (a field without a default after one with it: no __init__ Python would accept)
    names = [f.target.id for f in fields]  # type: ignore[union-attr]
    body: list[ast.stmt] = [
        ast.Assign(targets=[ast.Attribute(value=ast.Name(id="self", ctx=ast.Load()), attr=n, ctx=ast.Store())],
                   value=ast.Name(id=n, ctx=ast.Load()))
        for n in names]
    if any(isinstance(item, ast.FunctionDef) and item.name == "__post_init__"
           for node in (st, *bases) if isinstance(node, ast.ClassDef) for item in node.body):
        body.append(ast.Expr(value=ast.Call(func=ast.Attribute(value=ast.Name(id="self", ctx=ast.Load()),
                                                               attr="__post_init__", ctx=ast.Load()),
                                            args=[], keywords=[])))
    args = [ast.arg(arg="self")] + [ast.arg(arg=n) for n in names]
    func = ast.FunctionDef(name="__init__", args=ast.arguments(posonlyargs=[], args=args, vararg=None,
                                                               kwonlyargs=[], kw_defaults=[], kwarg=None,
                                                               defaults=defaults),
                           body=body or [ast.Pass()], decorator_list=[], returns=None, type_params=[])
    kept = {id(n) for d in defaults for n in ast.walk(d)}  # (the class's own default expressions keep their place)
    for node in ast.walk(func):
        if id(node) not in kept and "lineno" in node._attributes:
            node.lineno = node.end_lineno = st.lineno  # type: ignore[attr-defined]
            node.col_offset = node.end_col_offset = st.col_offset  # type: ignore[attr-defined]
    st._bp_dataclass_init = func  # type: ignore[attr-defined]
    return func


def _method_calls(body: list[ast.stmt]) -> list[ast.Call]:
    """The statements of `body` that are a method call and nothing else (`layers.append(Dense(8))`)."""
    return [b.value for b in body if isinstance(b, ast.Expr) and isinstance(b.value, ast.Call) and
            isinstance(b.value.func, ast.Attribute)]


#: a regulariser by its class's name (`L2`, `L1L2`, `WeightDecay`, `Regularizer`, `ElasticNet`)
_PENALTY_CLASS = re.compile(r"^(L[12](_?L[12])?|L[12]_?(Reg\w*|Penalty|Norm)|\w*Regulari[sz]\w*|WeightDecay|Penalty|"
                            r"ElasticNet|Ridge|Lasso)$", re.IGNORECASE)
#: its derivative by the method's name (`gradient`, `grad`, `derivative`, `backward`, `prime`)
_PENALTY_DERIVATIVE = re.compile(r"^(d|diff)$|grad|deriv|delta|backward|prime", re.IGNORECASE)
#: or a free function named for both (`l2_regularization_gradient`, `l1_grad`, `reg_backward`)
_PENALTY_FUNCTION = re.compile(r"^(l[12]|reg|regulari[sz]ation|penalty|weight_?decay)_?(reg\w*_?)?"
                               r"(grad(ient)?|deriv(ative)?|backward|prime)$", re.IGNORECASE)


def _params_of(func: Any) -> list[str]:
    """The names a function's signature binds (positional and keyword-only)."""
    args = getattr(func, "args", None)
    return [a.arg for a in (args.posonlyargs + args.args + args.kwonlyargs)] if args is not None else []


def _penalty_derivative_method(func: Any, self_val: Val | None) -> bool:
    """The function is a regulariser's derivative: a `gradient`-like method of a class named as a regulariser, or
    a free function named for both."""
    name = getattr(func, "name", "")
    if _PENALTY_FUNCTION.match(name):
        return True
    if not _PENALTY_DERIVATIVE.search(name) or self_val is None or self_val.kind != "inst":
        return False
    cls = self_val.payload if isinstance(self_val.payload, Val) and self_val.payload.kind == "cls" else None
    return cls is not None and bool(_PENALTY_CLASS.match(cls.name or ""))
