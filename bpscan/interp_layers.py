"""The forward model and the three formulas: layers, errors, F1, F2, F3."""

from __future__ import annotations

import ast
import re
from typing import Any, Callable

from bpscan.rules.vocabulary import (BACKWARD_WORD, INPUT_TABLE, KNOWN_ACTIVATIONS, NOT_ACTIVATION, OUTPUT_TABLE,
                                     RANDOM_DRAWS, TARGET_NAME)
from bpscan.terms import (view_source, FILE_READS, along_gradient, diagonal_of, elementwise_of, feeds, is_slice,
                          is_zero, join_chain, leaf_behind, made_as_vector, made_by, named_by_target, reads_forward,
                          repeats, rows_of, same_activation, same_forward, same_term, same_value, single_target,
                          stacked_step, strip_views, unscaled, weight_view, zero_started)
from bpscan.values import GRAD, NEG_GRAD, PARAM_GRADIENT, UNKNOWN_SIGN, Adj, Deriv, LayerRec, Leaf, Unit, Val, render

_NOT_ACTIVATION = re.compile(NOT_ACTIVATION, re.IGNORECASE)
#: an attribute named as the layer's input (`self.x`, `self.inputs`)
_INPUT_NAME = re.compile(r"^_*(x|X|xs|inputs?|inp)$")
#: a backward pass by its name, and the gradient it is handed by its name (`d_y`, `dout`, `grad`, `delta`)
_BACKWARD_NAME = re.compile(r"^_?(backward|backprop|bprop|backward_pass|grad|gradient)$")
_HANDED_GRADIENT_ARG = re.compile(r"^(d_\w+|d[A-Z]\w*|d[a-z]|d[a-z]_\w+|dout\w*|grads?|gradients?|grad_\w+|deltas?|delta_\w+|"
                                  r"upstream\w*)$")
#: what names an error or a delta being sent back (`delta`, `deltas[k]`, `err_out`, `grad_h`)
_BACKWARD_VALUE = re.compile(r"(^|_)(deltas?|errors?|errs?|grads?|gradients?)(_|\d|\[|$)", re.IGNORECASE)


#: names of a normalisation's statistics (`running_mean`, `bngain_std_running`, `moving_var`, `mu`)
_STATISTIC = re.compile(r"(^|_)(mean|means|std|var|variance|running|moving|avg|average|mu|sigma)(_|\d|$)",
                        re.IGNORECASE)


def _logits(y: Val, kind: str) -> bool:
    """`softmax_with_cross_entropy(preds, target)`: the argument a loss takes for the network's output,
    normalised there, was the logits; the loss's softmax (or sigmoid) is the output layer's activation."""
    unit = y.role[1] if y.role is not None and y.role[0] == "z" else None
    # (or already so normalised in another branch: `if x.ndim == 2: ... softmax of the rows ... else: of the one row`)
    return unit is not None and not unit.layers and kind in ("softmax", "log_softmax", "sigmoid") and (
        unit.activation is None or unit.activation == kind and unit.preact is not None and unit.output is not None and
        y.act is None and strip_views(y) is not strip_views(unit.output) and
        same_value(strip_views(y), strip_views(unit.preact)))


def softmax_over(v: Val) -> Unit | None:
    """The layer whose activated output a softmax was applied to (`softmax_loss(relu(h @ W2), y)`): a network's
    scores already through an activation of their own. The loss's error is at that layer's output, ahead of its
    own activation's derivative."""
    if v.act is None or v.act[0] != "softmax" or v.role is not None:
        return None
    y = v.act[1]
    if y.role is None or y.role[0] != "z" or y.role[1].activation in (None, "softmax", "linear"):
        return None
    return y.role[1]


def _entry_index(v: Val) -> int | None:
    """`x[1]`: the constant position of one entry of an array, else None."""
    if v.op == "getitem" and len(v.args) >= 2 and isinstance(v.args[1], Val) and v.args[1].op == "const" and \
            type(v.args[1].num) is int:
        return v.args[1].num
    return None


def _through_product(g: Val) -> bool:
    """The gradient went through a matrix product on its way here (a shared multiply gate's `W.T @ dz` the
    model could not pin on one weight), or was handed in as an argument (a leaf, whose place is presumed):
    formula 2 may well have been applied, so none is called missing."""
    return any(v.op in ("matmul", "outer", "einsum", "tensordot", "part", "leaf") for v in along_gradient(g, 24))


def gradient_parameter(func: ast.FunctionDef, n_args: int | None = None) -> tuple[list[str], int] | None:
    """(its parameters - those a call of `n_args` arguments fills, when given - and the position of the one named as
    the gradient) of a derivative helper of two or more parameters with exactly one so named (`d_tanh(da, z)`);
    None otherwise."""
    params = [a.arg for a in func.args.args if a.arg not in ("self", "cls")]
    if n_args is not None:
        # (`d_leaky_relu(da, z, alpha=0.01)` called with two)
        if not len(params) - len(func.args.defaults) <= n_args <= len(params):
            return None
        params = params[:n_args]
    grads = [i for i, p in enumerate(params) if _HANDED_GRADIENT_ARG.match(p)]
    return (params, grads[0]) if len(params) >= 2 and len(grads) == 1 else None


class LayersMixin:
    """Part of the abstract interpreter (see bpscan.interp.Interp)."""

    def negative_pairs(self, a: Val, b: Val) -> tuple[Val, Val]:
        """`np.outer(sigmoid(neg_scores), v_c)`, `p_neg @ u_n`: a word2vec score's sigmoid output times rows of
        its tables in a step is the negative pairs' error (the output minus its target 0, under a log-sigmoid
        cost), read as such; anything else is returned as it is."""
        if not self.score_tables or a.adj is not None and b.adj is not None:
            return a, b
        tables = self.score_tables | self.input_tables

        def as_error(p: Val, other: Val) -> Val:
            if p.adj is not None or p.kind != "arr" or other.adj is not None:
                return p
            rows = rows_of(other)
            if rows is None or rows.key not in tables:
                return p
            base = p
            for _ in range(3):
                if base.role is not None or base.op not in ("getitem", "reshape", "copy") or not base.args or \
                        not isinstance(base.args[0], Val):
                    break
                base = base.args[0]  # (`d_neg[:, :, None]`: a view of the sigmoid's output)
            unit = base.role[1] if base.role is not None and base.role[0] == "z" else None
            if unit is None or unit.act() != "sigmoid" or not (unit.ce or self.know.sigmoid_ce) or \
                    not any(lay.weight.key in self.score_tables for lay in unit.layers):
                return p
            err = self.new("copy", (p,), "arr")
            err.adj = Adj(GRAD, "y", unit)
            err.name = p.name
            return err

        return as_error(a, b), as_error(b, a)

    def bilinear_score(self, a: Val, b: Val, out: Val, convention: str) -> bool:
        """`np.sum(v_c * W_out[ctx], axis=1)`, `W_out[o] @ W_in[c]`: word2vec's score, a product of rows picked
        from two trained tables. The table its name calls the output (context) one is the layer's weight, the
        other's rows its input (the centre word's embedding); when the names do not say, no layer is made."""
        ta, tb = rows_of(a), rows_of(b)
        if ta is None and tb is None and (picked := _row_times_column(a, b)) is not None and self.in_training_code():
            # `np.dot(P[i, :], Q[:, j])` of a matrix factorisation: one row of one trained table times one column of
            # the other (or of its transpose), the entry (i, j) of P @ Q: the row is the layer's input, the other
            # table its weight
            row, col = picked
            if not all(t.key in self.know.updated and t.role != "bias" and not t.data for t in (row, col)):
                return False
            self.input_tables.add(row.key)
            view = Val("leaf", (), "arr", self.cur)
            view.leaf = col
            view.deps = frozenset((col,))
            self.forward_layer(a if leaf_behind(a) is row else b, view, out, "row")
            return True
        if ta is None or tb is None or ta is tb or not self.in_training_code():
            return False
        out_a, out_b = bool(OUTPUT_TABLE.search(ta.name)), bool(OUTPUT_TABLE.search(tb.name))
        in_a, in_b = bool(INPUT_TABLE.search(ta.name)), bool(INPUT_TABLE.search(tb.name))
        # (both tables trained - stepped, or weights already - or, when a step the model cannot read trains them,
        # named as the two tables of word vectors, one for centre words and one for their contexts)
        named = out_a != out_b and (in_a if out_b else in_b)
        if not all(t.role != "bias" and not t.data and (
                t.key in self.know.updated or t.requires_grad or t.role == "weight" or named) for t in (ta, tb)):
            return False
        if out_a != out_b:
            weight_first = out_a
        elif in_a != in_b:
            weight_first = in_b
        else:
            return False
        x = b if weight_first else a
        leaf = ta if weight_first else tb
        # (the other table's rows are this layer's input: no later product makes that table a weight)
        self.input_tables.add((tb if weight_first else ta).key)
        self.score_tables.add(leaf.key)
        view = Val("leaf", (), "arr", self.cur)
        view.leaf = leaf
        view.deps = frozenset((leaf,))
        self.forward_layer(x, view, out, convention)
        return True

    def output_unit(self, v: Val, depth: int = 0) -> Unit | None:
        base = v
        for _ in range(4):
            if base.role is not None and base.role[0] in ("z", "y", "mm"):
                return base.role[1]
            over = softmax_over(base)
            if over is not None:
                return over
            if base.op == "join" and base.args and depth < 3:
                # `outs[-1]` of a list filled in a loop joins every layer's output: it is one unit's
                # output only when the alternatives agree (or are one family's weight, `params['W' + str(l)]`);
                # the loop's own input (had it run no pass) is no layer's output and does not count
                units = [u for a in base.args if isinstance(a, Val)
                         for u in (self.output_unit(a, depth + 1),) if u is not None]
                if not units or len({u.weights_key() for u in units}) > 1:
                    return None
                return units[0]
            if base.op in ("getitem", "copy", "reshape") and base.args:
                base = base.args[0]
            else:
                break
        return None

    def is_target(self, v: Val) -> bool:
        if v.op == "join" and v.kind == "num" and v.adj is None and not self.standalone and _constant_labels(v):
            return True  # `y = labels[i]` of labels appended as 1 or 0 by a test on the data (`1.0 if c else 0.0`)
        if v.kind == "num" and v.adj is None and v.role is None and v.op != "const" and v.deps and \
                all(leaf.data and not self.is_param(leaf) for leaf in v.deps) and not self.standalone:
            return True  # `target = 2.0` that a single neuron is fitted to
        if v.kind == "num" and v.op == "copy" and v.args and isinstance(v.args[0], Val) and v.args[0].kind == "arr":
            # `float(np.load(...))`: the one number an array holds, read from a file or the program's data
            a = v.args[0]
            if a.op == "init" and (a.ev or {}).get("fn") in FILE_READS:
                return not self.standalone
            return self.is_target(a)
        if v.kind == "seq" and v.op == "seq" and v.summary is None and v.elems and not self.standalone and \
                all(e.op == "const" and type(e.num) in (int, float) for e in v.elems):
            # `output_state - y[t]` with `y = [[0.5, 0], [0, 1]]` written out in the script: one sample's targets
            return True
        if v.kind != "arr" or v.adj is not None or v.role is not None or v.op == "const":
            return False
        if made_by(v, ("eye", "identity")) and not (v.op == "leaf" and TARGET_NAME.match(v.leaf.name)):
            # softmax's Jacobian s * (I - s.T): the identity matrix, no labels (np.eye(k)[y] is, and so is
            # `Y = np.eye(3)`, a class per sample of a toy set, by its name)
            return False
        if not v.deps:
            # `Y = np.random.randn(1, m) > 0`: labels drawn for a test run, thresholded to booleans
            return not self.standalone and _drawn_labels(v)
        if any(_STATISTIC.search(leaf.name.rpartition(".")[2]) and not TARGET_NAME.match(leaf.name) for leaf in v.deps):
            # `hidden - bn_mean_running`: a normalisation's running statistic, no target
            return False
        if self.standalone and not any(TARGET_NAME.match(leaf.name) or leaf.target for leaf in v.deps) and \
                not self.one_hot(v) and \
                not (v.op == "getitem" and v.args and isinstance(v.args[0], Val) and self.one_hot(v.args[0])):
            # in code driven as an entry point the targets are known: the arguments named y, t, labels (and
            # those it was handed as targets, `outputs` beside `inputs`), and labels encoded one-hot (or entries
            # of them, `onehot[i, j]` in loops over samples and classes)
            return False
        return not any(self.is_param(leaf) for leaf in v.deps)

    def gradient_at(self, out: Val | None) -> Adj:
        """Where dL/d(out) sits: at a unit's output or pre-activation, at a forward value of its own, else unknown."""
        role = out.role if out is not None else None
        if role is not None and role[0] == "z":
            return Adj(GRAD, "z", role[1])
        if role is not None and role[0] in ("y", "mm"):
            return Adj(GRAD, "y", role[1])
        if out is not None and out.adj is not None:
            return out.adj.with_sign(GRAD)
        if out is not None and out.kind in ("dict", "seq") and (out.elems or out.summary is not None):
            # `return self.outputs` of a dict (or list) that holds one layer's output per time step: the
            # gradient handed back holds that layer's output gradient per step
            members = list(out.elems.values()) if isinstance(out.elems, dict) else list(out.elems or ())
            members += [out.summary] if out.summary is not None else []
            roles = {(m.role[0] == "z", id(m.role[1])): m.role for m in members
                     if isinstance(m, Val) and m.role is not None and m.role[0] in ("z", "y", "mm")}
            if len(roles) == 1 and all(isinstance(m, Val) and m.role is not None for m in members):
                role = next(iter(roles.values()))
                return Adj(GRAD, "z" if role[0] == "z" else "y", role[1])
        step = stacked_step(out) if out is not None else None
        if step is not None:
            # `np.stack(self.hidden_states, axis=1)` of the value each time step appended: the gradient handed back
            # holds that value's gradient, step by step
            inner = self.gradient_at(step)
            if inner.pos != "?":
                return inner
        if out is not None and out.kind == "arr" and any(self.is_param(leaf) for leaf in out.deps):
            # h_next = o * tanh(c_next): a forward value that is no layer's output (a gate product); returned
            # squeezed or reshaped (`h_t = np.squeeze(h_t)`), the gradient is still that of the value itself
            return Adj(GRAD, "v", None, node=strip_views(out))
        return Adj(GRAD, "?")

    def presumed_unit(self, here: bool = False) -> Unit:
        """A layer of a backward pass whose forward pass the file does not have; with `here`, the one this
        statement presumed before in this run (an output error met again by each pass over a loop)."""
        key = (self.entry_run, self.cur.idx if self.cur else 0)
        if here and key in self.presumed_here:
            return self.presumed_here[key]
        unit = Unit(0, self.cur.line if self.cur else 0, self.presumed_conv() or "column")
        unit.run = self.entry_run
        unit.presumed = True
        if here:
            self.presumed_here[key] = unit
        return unit

    def presumed_conv(self) -> str | None:
        """The layout of code with no forward pass: how it reduces a delta for the bias (axis 1: samples
        are columns), else how the file's own forward products multiply."""
        for votes in (self.know.bias_votes, self.know.conv_votes):
            if votes["row"] != votes["column"]:
                return "row" if votes["row"] > votes["column"] else "column"
        return None

    def opaque_output(self, v: Val) -> bool:
        """A tensor read from a cache or a state whose forward pass we do not have (`A2 = cache["A2"]`)."""
        if self.standalone == 0 or v.kind != "arr" or v.adj is not None or v.role is not None:
            return False
        if v.op == "leaf" and v.leaf is not None:
            return not v.leaf.data and not self.is_param(v.leaf)  # bound by name from such a read
        return v.op == "unknown" and not v.deps

    def one_hot(self, v: Val) -> bool:
        """`t = np.zeros((n, k)); t[np.arange(n), labels] = 1`: labels encoded as a target."""
        base = strip_views(v)
        if base.op != "setitem" or len(base.args) != 3:
            return False
        idx, value = base.args[1], base.args[2]
        if not (isinstance(value, Val) and value.op == "const" and value.num == 1 and isinstance(idx, Val)):
            return False
        parts = [idx] + [e for e in (idx.elems or []) if isinstance(e, Val)] if idx.kind == "seq" else [idx]
        return any(not self.is_param(leaf) for p in parts for leaf in p.deps)

    def error_of(self, a: Val, b: Val, value: Val | None = None) -> Adj | None:
        """`t - z` (negative gradient) or `z - t` (gradient) at a layer's output."""
        ua, ub = self.output_unit(a), self.output_unit(b)
        if ua is not None and ub is None and self._reconstructed(b):
            # an autoencoder: the network's own input is the target of its output
            return self._error_at(ua, GRAD, a, b, value)
        if ub is not None and ua is None and self._reconstructed(a):
            return self._error_at(ub, NEG_GRAD, b, a, value)
        if ua is None and ub is None:
            # driven code with no forward pass: the output the target is compared with is presumed
            if self.opaque_output(a) and self.is_target(b):
                ua = self.presumed_unit(here=True)
                a.role = ("z", ua)
            elif self.opaque_output(b) and self.is_target(a):
                ub = self.presumed_unit(here=True)
                b.role = ("z", ub)
        if ua is None and ub is None:
            for out_val, other, sign in ((a, b, GRAD), (b, a, NEG_GRAD)):
                node = self.gate_product(out_val)
                # (the target as the data holds it, `y[t]`, not a sum of terms: `n * g - g.sum(0) - xc * s * ...` of a
                # normalisation's backward is no comparison with a target)
                if node is not None and self.is_target(other) and (
                        strip_views(other).op not in ("add", "sub", "mul", "div", "matmul", "neg", "pow") or
                        bool(other.deps) and all(TARGET_NAME.match(leaf.name) for leaf in other.deps)):
                    # h = s * o of an LSTM cell compared with its target directly: the error of a forward value
                    # that is no layer's output, carried back through the product
                    if not self.discovery:
                        self.emit("error", None, None, sign=sign, cancel=False, output=out_val, target=other,
                                  value=value)
                    return Adj(sign, "v", None, node=node)
        ua, ub = self.softmax_member(ua), self.softmax_member(ub)
        if ua is not None and ub is None and self.is_target(b):
            unit, sign = ua, GRAD
        elif ub is not None and ua is None and self.is_target(a):
            unit, sign = ub, NEG_GRAD
        else:
            return None
        out_val = a if ua is not None else b
        return self._error_at(unit, sign, out_val, b if ua is not None else a, value)

    def gate_product(self, v: Val) -> Val | None:
        """The product of a layer's activated output with another forward value (`h = s * o`, a gate times a
        cell state) behind indexing and copies; a buffer's zero start joined with it is passed over."""
        base = v
        for _ in range(6):
            if base.op in ("getitem", "copy", "reshape") and base.args and isinstance(base.args[0], Val):
                base = base.args[0]
            elif base.op == "setitem" and len(base.args) == 3 and isinstance(base.args[2], Val):
                # (`hidden_states[:, t, :] = o_t * np.tanh(c_t)` of a buffer filled step by step: the last step's)
                base = base.args[2]
            elif base.op == "join" and base.kind == "arr":
                # (the cells of an unrolled chain, each its own product: any of them stands for the others; or the
                # whole buffer of them beside its last step's, `hidden_states` or `hidden_states[:, -1, :]`)
                live = [_written(m) for m in join_chain(base, 8) if m.op != "join" and not is_zero(m)]
                if not live or not all(self._gated(m) for m in live):
                    return None
                base = live[-1]
            else:
                break
        return base if self._gated(base) else None

    def _gated(self, v: Val) -> bool:
        """A forward product with an activated factor, made from parameters (`s * o` of a cell)."""
        return v.op == "mul" and v.adj is None and v.role is None and len(v.factors or ()) >= 2 and \
            any(f.act is not None for f in v.factors) and any(self.is_param(leaf) for leaf in v.deps)

    def softmax_member(self, unit: Unit | None) -> Unit | None:
        """The member of a family of layers (`params['W' + str(l)]`) that applies softmax, if one does:
        `if l == L: A = softmax(Z) else: A = np.tanh(Z)` keeps one output under one key, and the error of
        that output (`cache['A' + str(L)] - Y`) is the softmax's."""
        if unit is None or unit.activation == "softmax" or not any(lay.weight.family for lay in unit.layers):
            return unit
        key = unit.weights_key()
        soft = [u for u in self.units if u.activation == "softmax" and u.weights_key() == key]
        # (the family's members are shared by the runs that drive it: its softmax may be an earlier run's)
        here = [u for u in soft if u.run == unit.run]
        return here[0] if len(here) == 1 else soft[0] if len(soft) == 1 else unit

    def _reconstructed(self, v: Val) -> bool:
        """The data the network was fed (`output_layer - input` of an autoencoder), seen through views."""
        base = strip_views(v)
        if base.leaf is not None and base.leaf.data and base.role is not None and base.role[0] == "in" \
                and v.adj is None and not TARGET_NAME.match(base.leaf.name):
            return True
        # `train(data, data)`: the batch compared with the output is cut from the very array the first layer's
        # batch was cut from (`x[i:i + n]` and `y[i:i + n]` of one array handed twice)
        if v.adj is not None or v.role is not None:
            return False
        root = _data_root(v)
        if root is None:
            # `delta2 = 2 * (self.s2 - x)` of a `fit(x)`: the very array the first layer multiplies, alone
            # (a recurrent cell's `prev_h - c` compares a state that a layer multiplies beside its input)
            if base.kind != "arr" or base.op == "const" or \
                    any(leaf.role is not None or leaf.presumed for leaf in base.deps):
                return False
            return any(len(u.layers) == 1 and strip_views(lay.input) is base and self.output_unit(lay.input) is None
                       for u in self.units for lay in u.layers if lay.input is not None)
        return any(_data_root(lay.input) is root and self.output_unit(lay.input) is None
                   for u in self.units for lay in u.layers if lay.input is not None)

    def _error_at(self, unit: Unit, sign: int, out_val: Val, target: Val, value: Val | None) -> Adj:
        # a sigmoid output whose cost is cross-entropy, here or in the file's separate cost function
        # (compute_cost(a3, Y) with np.log(a3)): its derivative cancels, the error is the delta
        cancel = unit.act() == "softmax" or (unit.act() == "sigmoid" and (unit.ce or
                                                                         (self.know.sigmoid_ce and not unit.layers[1:])))
        if softmax_over(strip_views(out_val)) is not None:
            cancel = False  # (a softmax over the layer's activated output: the error is at that output)
        if not cancel and unit.presumed and self.cur is not None and _names_preactivation_gradient(self.cur.node):
            # `dZ2 = A2 - Y` with the forward pass in another file: the author names the result the gradient of
            # the pre-activation, so the output's derivative has cancelled (sigmoid or softmax with
            # cross-entropy): the error is the delta
            cancel = True
        if self.discovery:
            return Adj(sign, "z", unit)
        if cancel:
            self.emit("error", unit, None, sign=sign, cancel=True, output=out_val, target=target, value=value)
            self.emit("F1", unit, None, deriv=None, cancel=True, value=value)
            return Adj(sign, "y", unit)
        self.emit("error", unit, None, sign=sign, cancel=False, output=out_val, target=target, value=value)
        if unit.act() == "linear":
            return Adj(sign, "y", unit)
        return Adj(sign, "z", unit)

    def elementwise_forward(self, rest: list[Val], out: Val) -> None:
        """`np.sum(window * K[f])`: a convolution (or a scalar weight) written elementwise."""
        if len(rest) == 2 and self.bilinear_score(rest[0], rest[1], out, "elementwise"):
            return
        w = [f for f in rest if self.param_view(f) is not None]
        # (a number read from the data, `inputs[i]` of a row of floats, times one weight of a neuron's list)
        # (or one number read from a file, `p = float(cols[0])`, times a weight of its own: a neuron written by name;
        # or an entry of a table of samples written out, `xs[i]` of `[[0, 0], [0, 1], ...]`, which takes different
        # numbers on different passes)
        x = [f for f in rest if f not in w and f.num is None and (
            f.kind == "arr" or f.kind == "num" and any(leaf.data for leaf in f.deps) and
            (any(made_as_vector(self.param_view(v)) for v in w) or f.deps and all(leaf.data for leaf in f.deps)) or
            f.kind == "num" and f.op == "join" and w and _constant_labels(f))]
        if any((z := _held_zeros(f)) is not None and not self._zero_started_weight(z) for f in w + x):
            return  # `b1 * v + (1 - b1) * d`: sums that start at zero are an optimiser's state, not a layer
        # (a weight written as a named number, `w1 = 1.0` then `new_w1 = w1 - lmb * dL_w1`, is trained by the
        # script's one step even outside any loop)
        if len(w) == 1 and len(x) == 1 and (x[0].role or x[0].deps or x[0].kind == "num") and (
                self.in_training_code() or any(named_number(self.param_view(f)) for f in w)):
            leaf = self.param_view(w[0])
            if leaf is not None and leaf.key in self.score_tables:
                return  # (a word2vec table's rows times an error: a gradient being formed, not another layer)
            if leaf is not None and leaf.size == 1 and x[0].role is not None and x[0].role[0] in ("mm", "y"):
                return  # `self.slope * x` of a pre-activation: a PReLU's learnt slope, no layer of its own
            if leaf is not None and leaf.key not in self.layers and x[0].role is None and self._backward_side(x[0]):
                # `s += w[k][j] * deltas[-1][k]` in `backward()`, run before the forward pass made the layer: formula
                # 2 written number by number with a delta not traced here, no layer of the forward pass
                return
            view = Val("leaf", (), "arr", self.cur)
            view.leaf = leaf
            view.deps = frozenset((leaf,))
            self.forward_layer(x[0], view, out, "elementwise")

    def _zero_started_weight(self, leaf: Leaf) -> bool:
        """`W = np.zeros((n, m))` stepped down a gradient by a rate (`W[k][j] -= lr * G[k][j]`): a weight that
        starts at zero (a logistic regression's), not a sum an optimiser keeps."""
        return leaf.key in self.know.updated and leaf.key not in self.know.velocity and not leaf.data

    def _backward_side(self, x: Val) -> bool:
        """`x` is named as an error or a delta, or is read in a function named as a backward pass."""
        func = self.func_stack[-1] if self.func_stack else None
        return bool(_BACKWARD_VALUE.search(x.name or "")) or \
            bool(func is not None and BACKWARD_WORD.search(getattr(func, "name", "")))

    def param_view(self, v: Val) -> Leaf | None:
        """A trained parameter behind `K[f]`, `W.reshape(...)`: updated, requires grad, or a known weight."""
        for _ in range(4):
            if v.leaf is not None:
                leaf = v.leaf
                if leaf.role != "bias" and (leaf.key in self.know.updated or leaf.requires_grad or leaf.role == "weight"
                                             or leaf.presumed):
                    return leaf
                return None
            if v.op in ("getitem", "reshape", "copy", "T", "flip") and v.args and v.adj is None:
                v = v.args[0]
            else:
                return None
        return None

    def f1(self, g: Val, deriv: Deriv, out: Val, sign: int | None = None) -> Adj:
        adj = g.adj
        sign = adj.sign if sign is None else sign
        unit = adj.unit
        if adj.pos in ("z", "y") and unit is not None and deriv.operand is not None:
            own = strip_views(deriv.operand).role
            if own is not None and own[0] in ("y", "mm", "z") and self._feeds(own[1], unit) and \
                    not self._folds_weight(out, unit) and not _through_product(g):
                # `delta_h = d_out * (h > 0)`: the derivative of the layer below, on the error of the layer
                # above that never went back through that layer's weight (formula 2 is missing); read as
                # the delta the code means, of the layer whose derivative it takes
                self.emit("F1", own[1], None, deriv=deriv, pos=adj.pos, cancel=False, error=g, value=out,
                          skipped=unit)
                return Adj(sign, "y", own[1])
            w = self._folded_weight(out, unit) if own is not None and own[0] in ("y", "mm", "z") and \
                self._feeds(own[1], unit) and not _through_product(g) else None
            if w is not None:
                # `g1 = g2 * u * h * (1 - h)` with u the one-output layer's weight vector: formula 2 written
                # elementwise (one delta per sample times the weight), then the derivative of the layer below
                self.f2(g, w, out, via="mul")
                self.emit("F1", own[1], None, deriv=deriv, pos="z", cancel=False, error=g, value=out)
                return Adj(sign, "y", own[1])
            if (own is None and not (unit.presumed and deriv.kind == "any") or own is not None and own[1] is not unit) \
                    and (deriv.form == "named" or (unit.act() == "linear" and not unit.presumed)):
                # `de_tanh(c)` by its name only, or an activation's derivative reaching a layer that has
                # none, of a value that is not this layer's (a hidden state merged across a time loop
                # with the linear layer that started it): whose delta this is, we cannot tell
                if unit.presumed and own is None:
                    # (`relu_backward(dA, activation_cache)` with no forward pass in the file: formula 1 all the
                    # same, of a layer left open)
                    self.emit("F1", None, None, deriv=deriv, pos=adj.pos, cancel=False, error=g, value=out)
                return Adj(sign, "?")
        if adj.pos in ("z", "y"):
            if self.discovery and adj.pos == "z" and unit is not None:
                self.know.derived.add(unit.weights_key())
            self.emit("F1", unit, None, deriv=deriv, pos=adj.pos, cancel=False, error=g, value=out)
            return Adj(sign, "y", unit)
        if adj.pos == "v" and adj.node is not None and adj.node.act is not None:
            # through an activation that is no layer's output: tanh(c) of an LSTM cell
            self.emit("F1", None, None, deriv=deriv, pos=adj.pos, cancel=False, error=g, node=adj.node)
            return self.grad_wrt(sign, adj.node.act[1], unit)
        if adj.pos == "v" and adj.node is not None and adj.node.op == "mul" and deriv.operand is not None:
            # `tanh_layer.backward(dh)` with dh the gradient of h = o * tanh(c): the derivative taken before the
            # product is undone (the factors commute: o * tanh'(c) * dh either way); read as the gradient at c,
            # the gate's factor o still to come (it changes no sign: a sigmoid's output)
            factors = list(adj.node.factors or ())
            hit = next((f for f in factors if f.act is not None and
                        (same_activation(f, deriv.operand) or same_value(strip_views(f), strip_views(deriv.operand)))),
                       None)
            if hit is None:
                # (the activation object's output read back through a list of per-step objects: the one factor
                # made by the activation whose derivative this is)
                kin = [f for f in factors if f.act is not None and f.act[0] == deriv.kind]
                hit = kin[0] if len(kin) == 1 and deriv.kind != "sigmoid" else None
            others = [f for f in factors if f is not hit]
            if hit is not None and others and all(f.act is not None and f.act[0] == "sigmoid" for f in others):
                self.emit("F1", None, None, deriv=deriv, pos=adj.pos, cancel=False, error=g, node=hit)
                return self.grad_wrt(sign, hit.act[1], unit)
        if adj.pos == "v":
            # `tanh_layer.backward(dh)` with dh the gradient of o * tanh(c) where the factor is not found: the
            # value is no longer the gradient of that node, nor yet of another one
            return Adj(sign, "?")
        return adj.with_sign(sign)

    def _folded_weight(self, product: Val, above: Unit) -> Val | None:
        """The factor of `product` that is a one-output layer's weight vector of `above` itself (u of
        `g2 * u * h * (1 - h)`), or None."""
        for a in product.factors or ():
            if not isinstance(a, Val) or a.adj is not None:
                continue
            leaf = weight_view(a)
            # (or one weight of a layer written number by number, `delta_out * w21[0] * (z11 > 0)`: the weight that
            # joins this hidden neuron to the output, formula 2 for it)
            if leaf is not None and any(lay.weight is leaf and (made_as_vector(leaf) or lay.convention == "elementwise")
                                        for lay in above.layers):
                return a
            whole = a.leaf.packed if leaf is None and a.op == "leaf" and a.leaf is not None else None
            if isinstance(whole, Leaf):
                # (`err[2] * w3[1] * ...` of a weight vector whose entries are stepped one by one: that entry, of
                # the layer's weight - the vector, or the run of entries the forward pass reads, `w3[1:3]`)
                lay = next((lay for lay in above.layers if lay.weight is whole or lay.weight.packed is whole), None)
                if lay is not None and (made_as_vector(lay.weight) or made_as_vector(whole) or
                                        lay.convention == "elementwise"):
                    return self.make_leaf(lay.weight.key, lay.weight.name)
        return None

    @staticmethod
    def _folds_weight(product: Val, above: Unit) -> bool:
        """A factor besides the error reads a weight of `above`: `err * (Q.T @ ones) * slope(z)` has formula 2
        folded into the slope (valid with one output per sample), so nothing is missing."""
        weights = {lay.weight for lay in above.layers}
        # (or an entry of one stepped on its own, `w3[1]`: a part of that weight, or of the vector it is part of)
        wholes = weights | {w.packed for w in weights if w.packed is not None}
        return any(isinstance(a, Val) and a.adj is None and (a.deps & weights or a.op == "leaf" and a.leaf is not None
                                                             and a.leaf.packed in wholes)
                   for a in (product.factors or product.args))

    @staticmethod
    def _feeds(below: Unit, above: Unit) -> bool:
        """`below`'s output is the input of a layer of `above` (two plain layers, one after the other)."""
        if below is above or not below.layers or not above.layers or below.presumed or \
                above.presumed or any(lay.weight.family for lay in below.layers + above.layers):
            return False
        return feeds(below, above)

    # ------------------------------------------------------------------ layers
    def in_training_code(self) -> bool:
        """Inside a loop: where a training step runs (targets made by a fixed matrix are not)."""
        return bool(self.loop_stack) or self.entry > 0

    def weight_score(self, v: Val) -> int:
        if v.leaf is None or v.adj is not None or v.kind != "arr":
            return 0
        leaf = v.leaf
        if leaf.role == "bias" or leaf.data:
            return 0
        if leaf.key in self.know.updated or leaf.requires_grad or leaf.key in self.know.grad_kept or (
                leaf.packed is not None and leaf.packed.key in self.know.updated):
            return 3
        if leaf.presumed and leaf.role != "weight" and zero_started(leaf) and \
                _INPUT_NAME.match(leaf.name.rpartition(".")[2]):
            # `self.x = np.zeros(n)` in a cell's constructor, filled with each step's input: the data a weight
            # multiplies, beside the drawn gates (`np.dot(self.forget_gate, self.x)`)
            return 1
        if leaf.role == "weight" or leaf.presumed or (leaf.packed is not None and leaf.packed.presumed):
            return 2
        if TARGET_NAME.match(leaf.name):
            return 0  # `Y @ np.log(P).T` of a cross-entropy written as a product: the labels, never a weight
        if isinstance(leaf.src, Val) and _stacked_outputs(leaf.src):
            return 0  # `h = np.stack(hs, axis=1)` of an RNN's steps: the layer's outputs, never a weight
        return 1

    def as_vector(self, v: Val) -> Val | None:
        """A list of numbers as the array NumPy would make of it: the one element that stands for all of them (the
        constant slots appended for a bias's weight, `inputs + [1]`, left out); an array as it is; else None."""
        if v.kind == "arr":
            return v
        if v.kind != "seq" or v.payload is not None:
            return None
        every = ([v.summary] if v.summary is not None else []) + list(v.elems or [])
        if every and all(x.kind == "num" and x.adj is None and x.role is None for x in every):
            # `[0.0, 1.0] + [1]`: numbers, one sample's input
            return self.apply("array", [v], {}, "numpy.array")
        parts = [x for x in every if x.op != "const"]
        if not parts or any(x.kind not in ("arr", "num") for x in parts):
            return None
        return self.join_all(parts) if len(parts) > 1 else parts[0]

    def _weight_row(self, v: Val) -> bool:
        """`W[j]`: one row of a weight matrix picked by an index (a neuron's incoming weights), not a slice."""
        if v.op != "getitem" or v.leaf is not None or v.adj is not None or is_slice(v) or len(v.args) < 2:
            return False
        base, idx = v.args[0], v.args[1]
        return isinstance(base, Val) and base.op == "leaf" and base.kind == "arr" and base.leaf is not None and \
            self.weight_score(base) >= 1 and isinstance(idx, Val) and idx.kind == "num"

    def _trained_view(self, v: Val) -> bool:
        """`coef[k]`: one row of an array that could be a parameter, picked by an index (not a slice, which
        is a gate of a packed weight), multiplied by another array that could be one too."""
        if v.op != "getitem" or v.leaf is not None or v.adj is not None or is_slice(v) or not v.args:
            return False
        base = v.args[0]
        while isinstance(base, Val) and base.op == "setitem" and base.args:
            base = base.args[0]  # theta after `theta[k] -= lr * g`: the same array
        return isinstance(base, Val) and base.op == "leaf" and self.weight_score(base) >= 1 and \
            isinstance(v.args[1], Val) and v.args[1].kind == "num"

    def matmul(self, a: Val, b: Val, how: str = "matmul") -> Val:
        if a.kind == "seq" or b.kind == "seq":
            # `dot(deltas, [n[i] for n in layer])` of lists of numbers: the product of the arrays they stand for
            va, vb = self.as_vector(a), self.as_vector(b)
            if va is not None and vb is not None:
                a, b = va, vb
        for m, n in ((a, b), (b, a)):
            if m.op == "neg" and m.args and isinstance(m.args[0], Val) and m.adj is None and n.adj is None and \
                    m.args[0].adj is None and m.args[0].kind == "arr":
                # `np.exp(-X @ W)`, which Python reads as `(-X) @ W`: the product negated, -(X @ W)
                inner = m.args[0]
                return self.neg(self.matmul(inner, n, how) if m is a else self.matmul(n, inner, how))
        a, b = self.negative_pairs(a, b)
        out = self.new("matmul", (a, b))
        if a.adj is not None and b.adj is not None and same_term(strip_views(a), strip_views(b)):
            return out  # np.dot(e, e): a squared norm (a loss), not a gradient
        if a.adj is not None and b.adj is not None:
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        if (a.adj is not None) != (b.adj is not None) and _added_axis(a) in (2, -1) and _added_axis(b) in (1, -2):
            # torch.bmm(x.unsqueeze(2), d.unsqueeze(1)): one outer product per sample, x_i d_i^T
            return self.matmul_like(a.args[0], b.args[0], "outer")
        if a.adj is not None or b.adj is not None:
            g, o = (a, b) if a.adj is not None else (b, a)
            through = self._through_diagonal(g, o, g is a)
            if through is not None:
                return through
            # (`np.ones((n, 1)).T @ delta`: the transposed ones, whose contracted dimension is its first)
            ones = o.args[0] if o.op == "T" and o.args and isinstance(o.args[0], Val) and \
                made_by(o.args[0], ("ones", "ones_like")) else o
            if made_by(ones, ("ones", "ones_like")) and (ones.leaf is None or not self.is_param(ones.leaf)):
                # (a weight that starts as ones, `self.weights = np.ones(...)`, is no sum)
                if repeats(ones, (o is a) == (ones is o)):
                    # np.ones((n, 1)) @ d: the row repeated n times (a broadcast written out), not a sum
                    out.adj = g.adj
                    return out
                # np.ones(N) @ delta, dZ @ np.ones(m): the delta summed over the batch - a bias's gradient
                return self.reduce("sum", g, [], {"axis": self.const(0 if o is a else 1)})
            if o.op == "neg" and o.args and isinstance(o.args[0], Val) and g.adj.sign != UNKNOWN_SIGN:
                # -X.T @ (y - p): the product of the negated operand, its sign turned
                inner = self.matmul(g, o.args[0], how) if g is a else self.matmul(o.args[0], g, how)
                return self.neg(inner)
            g_left = g is a
            if o.deriv is not None and o.deriv.kind == "softmax":
                if g.adj.pos == "z":
                    # J @ dL/dp: the error through the softmax's Jacobian is the layer's delta (formula 1)
                    out.adj = self.f1(g, o.deriv, out)
                else:
                    # the Jacobian applied to an error read as already through it (`2 * (p - t)`, a squared
                    # error at a softmax): which of the two readings is right, the model cannot tell
                    out.adj = Adj(g.adj.sign, "?")
                return out
            if weight_view(o) is not None:
                out.adj = self.f2(g, o, out, via=how, g_left=g_left)
                return out
            if g.adj.pos in ("y", "z") and g.adj.unit is not None and g.adj.unit.presumed:
                kind = self.presumed_kind(o, g_left)
                if kind == "F2":
                    out.adj = self.presumed_f2(g, o, out, how, g_left)
                elif kind == "F3":
                    out.adj = self.f3(g, o, None, via=how, g_left=g_left, out=out)
                else:
                    out.adj = Adj(g.adj.sign, "?")
                return out
            alternatives = _join_members(o) if g.adj.pos in ("y", "z") else []
            if _mixes_a_weight(alternatives):
                # `x, w = cache` of caches popped from one list (an affine's, a ReLU's, a norm's): w may be the
                # weight or an activation; formula 2 with the delta's own layer's weight when that is among
                # them, else neither formula is claimed
                own = _own_weight(alternatives, g.adj.unit)
                lay = own.leaf.layer if own is not None and own.leaf is not None else None
                conv = lay.convention if lay is not None else None
                if own is not None and conv in ("row", "column") and \
                        (g_left and conv == "column" or not g_left and conv == "row") and o.tr:
                    # `dZ @ A_prev.T` with `A_prev, W, b = cache` blurred across the caches of a family of layers:
                    # the arrangement of formula 3 for this layer's convention, never formula 2's
                    out.adj = Adj(g.adj.sign, "?")
                elif own is not None:
                    out.adj = self.f2(g, self.transpose(own) if _flips(o) else own, out, via=how, g_left=g_left)
                else:
                    out.adj = Adj(g.adj.sign, "?")
                return out
            if g.adj.pos in ("y", "z") and g.adj.unit is not None and _added_axis(o) in ((0, -2) if g_left else (1, -1)) \
                    and isinstance(o.args[0], Val) and self.layer_for_input(g.adj.unit, o.args[0]) is not None:
                # `delta @ x.unsqueeze(-2)` of one sample's input vector: the vector made a row, its transpose
                t = self.transpose(o.args[0])
                return self.matmul(g, t, how) if g_left else self.matmul(t, g, how)
            if g.adj.pos in ("y", "z") and (o.leaf is None or not self.is_param(o.leaf)):
                lay = self.layer_for_input(g.adj.unit, o)
                # a delta with the layer's input is formula 3; an error that skipped formula 1 too,
                # when it meets exactly that layer's input (the derivative is then missing or unrecognised)
                if g.adj.pos == "y" or lay is not None or self._own_output_in_f3(g, o, g_left):
                    out.adj = self.f3(g, o, lay, via=how, g_left=g_left, out=out)
                    return out
            if g.adj.pos == "b" and g.adj.unit is not None and self.layer_for_input(g.adj.unit, o) is not None:
                # `x.T @ err` with err summed over all its axes (`-np.sum(t - y)`, read as a bias's gradient): the
                # product with the layer's input is a weight's gradient made from it, no bias's; left open
                out.adj = Adj(g.adj.sign, "?")
                return out
            out.adj = g.adj.with_sign(g.adj.sign * self.sign_of(o)) if g.adj.pos in PARAM_GRADIENT else \
                Adj(g.adj.sign, "?")
            return out
        if repeats(a, True) or repeats(b, False) or diagonal_of(a) is not None or diagonal_of(b) is not None:
            # c.dot(np.ones((1, m))): a bias repeated over the batch; W @ np.diag(d): columns scaled - no layer
            return out
        if self._weight_row(a) and (x := self.as_vector(b)) is not None and x.adj is None and \
                self.weight_score(x) < self.weight_score(a.args[0]) and self.in_training_code():
            # `dot(neuron, inputs)` for each neuron of a layer kept as a list of weight rows (`np.dot(W[j], x)` in
            # a loop over the units): the unit's entry of the layer's product W @ x, which stands for the whole
            # product as a list's one element stands for all of them
            return self.matmul(a.args[0], x, how)
        sa, sb = self.weight_score(a), self.weight_score(b)
        if sa == 0 and sb == 0 and self.bilinear_score(a, b, out, "elementwise"):
            return out
        if sa == 0 and sb == 0 or a.unset or b.unset:
            return out
        if (sa == 1 and sb == 0 and self._trained_view(b)) or (sb == 1 and sa == 0 and self._trained_view(a)):
            # X.dot(coef[k]) with coef stepped and X never: a row of the parameter, not X, is the weight;
            # what the layer is cannot be read from here, so no layer is made of the wrong operand
            return out
        if sa == sb:
            if sa == 1 and not self.in_training_code():
                return out
            votes = self.know.conv_votes
            w_right = votes["row"] >= votes["column"]
        else:
            w_right = sb > sa
        if sa == 1 and sb == 1 and not self.in_training_code():
            return out
        if self.discovery:
            if (sa == 0) != (sb == 0):
                self.know.conv_votes["row" if sb else "column"] += 1
        w, x = (b, a) if w_right else (a, b)
        if _still_zeros(x, self.know.grad_written):
            return out  # W.T @ dpre[t + 1] before any delta is written: a gradient buffer, not data
        if self.weight_score(w) == 1 and (w.tr or x.op == "unknown" or not self.in_training_code()
                                          or (not x.deps and x.role is None)):
            # a transposed constant, an unknown or constant operand, or a product outside any training
            # loop (data made with a fixed matrix): not a layer we can vouch for
            return out
        self.forward_layer(x, w, out, "row" if w_right else "column")
        return out

    def _own_output_in_f3(self, g: Val, o: Val, g_left: bool) -> bool:
        """`dw2 = np.dot(dz2, a2.T)`: a layer's delta times its OWN output transposed, in formula 3's
        arrangement for the layer's convention (column: delta . a^T; row: a^T . delta). With one output unit
        the shapes still fit, so the slip trains silently; it is formula 3 with the wrong operand."""
        unit = g.adj.unit if g.adj is not None else None
        if unit is None or g.adj.pos != "z" or not unit.layers or not (o.op == "T" or o.tr):
            return False
        conv = unit.layers[0].convention
        if conv not in ("row", "column") or (conv == "column") != g_left:
            return False
        base = strip_views(o)
        if base.op == "join" or base.role is None or base.role[0] != "z" or base.role[1] is not unit or \
                base.act is None or len(unit.layers) != 1 or unit.layers[0].weight.family:
            return False
        # (only the network's last output, which feeds no layer: a layer's output that is the next one's input may be
        # that layer's delta read against the wrong unit, as in a loop over a list of layer objects)
        return not any(same_forward(i, base) for u in self.units for lay in u.layers for i in lay.inputs)

    def _through_diagonal(self, g: Val, o: Val, g_left: bool) -> Val | None:
        """A gradient times a diagonal matrix, np.diag(d) @ g, is the elementwise product d * g (formula 1
        when d is a derivative); times W @ np.diag(d) (or np.diag(d) @ W), the product with W and with d; times a
        product of two weights, the product with one and then the other."""
        d = diagonal_of(o)
        if d is not None:
            return self.binop("Mult", g, d)
        if o.op != "matmul" or o.adj is not None or len(o.args) != 2:
            return None
        first, second = o.args
        if isinstance(first, Val) and isinstance(second, Val) and weight_view(first) is not None and \
                weight_view(second) is not None:
            # np.dot(np.dot(Whx.T, Woh.T), dZ): the error sent back through two layers' weights at once, one
            # product after the other
            return self.matmul(first, self.matmul(second, g)) if not g_left else self.matmul(self.matmul(g, first),
                                                                                                 second)
        if (d := diagonal_of(first)) is not None and weight_view(second) is not None:
            w, d_first = second, True
        elif (d := diagonal_of(second)) is not None and weight_view(first) is not None:
            w, d_first = first, False
        else:
            return None
        if g_left:
            # g @ (diag(d) @ W) = (g * d) @ W;  g @ (W @ diag(d)) = (g @ W) * d
            return self.matmul(self.binop("Mult", g, d), w) if d_first else self.binop("Mult", self.matmul(g, w), d)
        # (diag(d) @ W) @ g = d * (W @ g);  (W @ diag(d)) @ g = W @ (d * g)
        return self.binop("Mult", d, self.matmul(w, g)) if d_first else self.matmul(w, self.binop("Mult", d, g))

    def forward_layer(self, x: Val, w: Val, out: Val, convention: str) -> None:
        self.forward_work += 1
        leaf = w.leaf
        if leaf.key in self.input_tables:
            return
        lay = self.layers.get(leaf.key)
        if lay is None:
            unit = Unit(len(self.units) + 1, self.cur.line if self.cur else 0, convention)
            unit.run = self.entry_run
            self.units.append(unit)
            lay = LayerRec(leaf, x, unit, unit.line, convention)
            lay.stmt = self.cur
            lay.site = self.call_sites[-1] if self.call_sites else None
            lay.stmt_tr = bool(w.tr)
            lay.weight_right = convention == "row"
            unit.layers.append(lay)
            self.layers[leaf.key] = lay
            leaf.role = "weight"
            leaf.unit = unit
            leaf.layer = lay
            self.note_use(leaf)
        else:
            against = lay.stmt is not self.cur and lay.stmt_tr != bool(w.tr) and x.role is None and \
                x.act is None and not any(same_forward(i, x) for i in lay.inputs)
            if against:
                # `self.Wy.T @ dy` where the forward pass multiplied by Wy: most likely formula 2's product with
                # a gradient that reached here unseeded (handed in by a caller driven as an entry): not the
                # layer's input, and a sum of such products (`Wy.T @ dy + Wh.T @ dh_next`) joins no layers
                self.against_forward[id(out)] = out
            elif not any(same_forward(i, x) for i in lay.inputs) or (
                    x.role is not None and all(i.role is None for i in lay.inputs)):
                lay.inputs = (lay.inputs + [x])[-4:]
            if not against and (x.role is not None or lay.input.role is None):
                lay.input = x  # the latest forward pass is the one the backward pass follows
        if lay.stmt is not self.cur and (lay.wtr != w.tr or lay.convention != convention):
            lay.mixed = True  # aeq @ x here, aeq.T @ v there: the convention is not the layer's own
        lay.wtr = w.tr  # type: ignore[attr-defined]
        out.role = ("mm", lay.unit)
        self._forward_use[leaf] = self.t

    def user_line(self, operand: Val) -> int | None:
        """The line in the caller's code for an operation done in a helper (`hz = relu(hy)`)."""
        st = self.user_stmt(operand)
        return st.line if st is not None else None

    def user_stmt(self, operand: Val) -> Any:
        """The statement of the caller's code for an operation done in a helper (its file with its line)."""
        func = operand.stmt.func if operand.stmt is not None else None
        if operand.stmt is None and self.entry:
            # (an argument the entry runner handed a method, `__call__(self, X)` passing X on to `forward`: made by
            # no statement of the user's, so the operation is where it is done)
            return self.cur
        for st in reversed(self.call_sites + [self.cur]):
            if st is not None and st.func is func:
                return st
        return self.cur

    def note_use(self, leaf: Leaf) -> None:
        """Where the user's code uses a parameter: the outermost call site that names it."""
        chain = self.call_sites + [self.cur]
        for st in chain:
            if st is not None and st.idx in leaf.reads:
                leaf.use_stmt = st
                break
        else:
            leaf.use_stmt = self.cur
        leaf.first_use = leaf.use_stmt.line if leaf.use_stmt is not None else 0

    def merge_units(self, u1: Unit, u2: Unit) -> Unit:
        if u1 is u2:
            return u1
        keep, drop = (u1, u2) if u1.index <= u2.index else (u2, u1)
        for lay in drop.layers:
            lay.unit = keep
            lay.weight.unit = keep
            keep.layers.append(lay)
        for b in drop.biases:
            b.unit = keep
            keep.biases.append(b)
        drop.layers = []
        drop.biases = []
        if drop in self.units:
            self.units.remove(drop)
        return keep

    def _activation_of_gradient(self, kind: str, y: Val, out: Val) -> None:
        """`1 - np.tanh(dA) ** 2`: the activation applied to a gradient, which formula 1 multiplies by the
        activation's derivative at the forward pass's tensor instead; inside a function of that one argument
        (`dtanh(x)`, right for its input) the fault is where the gradient is handed to it, and inside a helper
        handed its arguments the other way round (`d_tanh(da, z)` called as `d_tanh(z1, da1)`), the call."""
        saved = self.cur
        swapped = None
        try:
            for site in reversed(self.call_sites):
                func = self.cur.func if self.cur is not None else None
                handed = [a.arg for a in func.args.args if a.arg not in ("self", "cls")] \
                    if isinstance(func, (ast.FunctionDef, ast.Lambda)) else []
                swapped = self._swapped_arguments(kind, site)
                if swapped is not None:
                    self.cur = site
                    break
                if len(handed) != 1 or site is None:
                    break
                if isinstance(func, ast.FunctionDef) and (_HANDED_GRADIENT_ARG.match(handed[0]) or
                                                          _BACKWARD_NAME.match(func.name)):
                    # `def backward(self, d_y): return 1 - np.tanh(d_y) ** 2`: a backward pass handed the
                    # gradient, wrong in itself - the fault is here, not where it is called
                    break
                self.cur = site
            if swapped is not None or y.adj.pos in ("z", "y") and y.adj.unit is not None:
                self.emit("act_of_grad", y.adj.unit, None, fn=kind, grad=y, value=out, swapped=swapped)
        finally:
            self.cur = saved

    def _swapped_arguments(self, kind: str, site: Any) -> tuple[str, int, int, str] | None:
        """(the function's signature, the positions of its gradient parameter and of the parameter its activation is
        applied to, the function's name) when a derivative helper of two or more arguments (`def d_tanh(da, z):
        return da * (1 - tanh(z) ** 2)`), called at `site`, applies its activation (here, or through a helper of
        one argument) to the parameter that is not named as the gradient, and a gradient came in through it: the
        caller handed the arguments in the wrong order. None otherwise."""
        func = self.cur.func if self.cur is not None else None
        signature = gradient_parameter(func) if isinstance(func, ast.FunctionDef) and site is not None else None
        if signature is None:
            return None
        handed, g = signature
        applied = {a.id for c in ast.walk(self.cur.node) if isinstance(c, ast.Call)
                   for a in c.args if isinstance(a, ast.Name) and a.id in handed and a.id != handed[g]}
        if len(applied) != 1:
            return None
        return ", ".join(handed), g, handed.index(applied.pop()), func.name

    def activation(self, kind: str, y: Val, out: Val) -> Val:
        if y.adj is not None and kind in ("tanh", "sigmoid", "relu"):
            self._activation_of_gradient(kind, y, out)
        out.act = (kind, y)
        if kind == "softmax" and y.role is None and self.opaque_output(y):
            # `y_hat = softmax(x)` in a loss handed the scores of a layer it does not show: that layer is presumed
            y.role = ("y", self.presumed_unit(here=True))
        if (is_slice(y) or _gate_sum(y)) and y.role is not None and y.role[0] in ("mm", "y") and \
                not any(lay.weight.key in self.score_tables for lay in y.role[1].layers):
            # a gate: sigmoid(A[:, :H]) is one slice's activation, not the layer's output (a word2vec score's
            # slices are its positive and negative pairs' scores, each the layer's output)
            return out
        if y.role is not None and (y.role[0] in ("mm", "y", "in") or _logits(y, kind)):
            unit = y.role[1]
            if unit.activation is not None and unit.activation != kind:
                first = unit
                unit = self.family_member(unit, kind, y) or unit
                if first.preact is y:
                    # one set shared by every member the dispatch made: each knows all the alternatives
                    first.dispatch |= {first.activation, kind}
                    unit.dispatch = first.dispatch
                elif unit is first and not self.discovery:
                    # the same weight's product through another activation elsewhere (a notebook training it
                    # again with tanh after sigmoid): either derivative may be the one meant where it is taken
                    first.dispatch |= {first.activation, kind}
            if unit.activation is None:
                unit.activation = kind
                unit.act_stmt = self.user_stmt(y)
                unit.act_line = unit.act_stmt.line if unit.act_stmt is not None else None
                unit.choice = tuple(self.choice_path)
            if unit.activation == kind:
                unit.preact = y
                unit.output = out
                if unit.named is None:
                    unit.named = (y, out)
                out.role = ("z", unit)
        return out

    def own_activation(self, name: str, y: Val, out: Val, chosen: bool = False) -> Val:
        """`h = elu(z)` with `elu` a function of the file's own that is elementwise and not linear in the
        pre-activation `z` (`np.where(z > 0, z, a * (np.exp(z) - 1))`, `z / (1 + np.exp(-z))`): the layer's
        activation, known by that function's name. Its derivative is not one the rules know, so F1 is tagged
        and never judged."""
        unit = y.role[1] if y.role is not None and y.role[0] in ("mm", "y", "in") else None
        kind = name.lower().strip("_")
        # (a choice's branch (`chosen`) names one of the activations its layer may apply beside the others)
        if unit is None or unit.activation not in (None, kind) and not (chosen and unit.preact in (None, y)) or \
                out.role is not None or out.adj is not None or \
                out.act is not None or not name or _NOT_ACTIVATION.search(name) or is_slice(y):
            return out
        if not elementwise_of(out, y)[1]:
            return out
        return self.activation(kind, y, out)

    def own_derivative(self, g: Val, rest: list[Val]) -> Deriv | None:
        """`dz = dh * elu_grad(z)`: the error at the output of a layer whose activation is a function of the
        file's own, times an elementwise function of that layer's pre-activation or output."""
        unit = g.adj.unit if g.adj is not None and g.adj.pos == "z" else None
        act = unit.activation if unit is not None else None
        if unit is not None and self.chosen_names and self.chosen_names[-1] in unit.dispatch:
            act = self.chosen_names[-1]  # (`elif self.activation == 'elu': return g * ...`: that choice's derivative)
        if unit is None or act is None or act in KNOWN_ACTIVATIONS:
            return None
        for f in rest:
            if f.kind != "arr" or f.adj is not None or f.deriv is not None:
                continue
            for operand, form in ((unit.preact, "of"), (unit.output, "output")):
                if operand is not None and elementwise_of(f, operand)[0]:
                    return Deriv(act, operand, form)
            # (`np.where(x > 0, 1, self.out + a)` of an ELU reads both, its output maybe as any choice made it)
            if unit.preact is not None and elementwise_of(f, unit.preact, also=lambda n: n.role == ("z", unit))[0]:
                return Deriv(act, unit.preact, "of")
        return None

    def family_member(self, unit: Unit, kind: str, y: Val) -> Unit | None:
        """The layers of a weight family (`params['W' + str(l)]`) that apply activation `kind`.

        One leaf stands for every W of an L-layer model; the hidden layers' loop and the output
        layer differ by their activation, so each activation gets a unit of its own.
        """
        if not unit.layers or not all(lay.weight.family for lay in unit.layers):
            return None
        key = (tuple(id(lay.weight) for lay in unit.layers), kind, self.entry_run)
        member = self._members.get(key)
        mm = self._product_of(y, unit)
        x = None
        if mm is not None:
            x = next((a for a in mm.args if isinstance(a, Val) and weight_view(a) is None), None)
        if member is None:
            # the member's layer is where its product is, not where its activation is applied (a `sigmoid`
            # helper's return, maybe in another project file)
            src = mm.stmt if mm is not None and mm.stmt is not None else None
            line = src.line if src is not None else self.cur.line if self.cur else unit.line
            member = Unit(len(self.units) + 1, line, unit.convention)
            member.run = self.entry_run
            self.units.append(member)
            for lay in unit.layers:
                rec = LayerRec(lay.weight, x if x is not None else lay.input, member, member.line, lay.convention)
                rec.stmt = mm.stmt if mm is not None else lay.stmt
                rec.weight_right = lay.weight_right
                rec.wtr = lay.wtr
                rec.stmt_tr = lay.stmt_tr
                member.layers.append(rec)
            member.biases = list(unit.biases)
            self._members[key] = member
        elif x is not None:
            for lay in member.layers:
                if not any(same_forward(i, x) for i in lay.inputs):
                    lay.inputs = (lay.inputs + [x])[-4:]
                lay.input = x
        self._re_role(y, unit, member, 0)
        return member

    def _product_of(self, y: Val, unit: Unit, depth: int = 0) -> Val | None:
        """The forward product W . x inside a pre-activation `W @ x + b` of `unit`."""
        if y.role is not None and y.role[0] == "mm" and y.role[1] is unit:
            return y
        if depth < 3 and y.op in ("add", "join") and y.role is not None:
            for a in y.args:
                if isinstance(a, Val):
                    found = self._product_of(a, unit, depth + 1)
                    if found is not None:
                        return found
        return None

    def _re_role(self, y: Val, old: Unit, new: Unit, depth: int) -> None:
        if y.role is not None and y.role[1] is old:
            y.role = (y.role[0], new)
            if depth < 3 and y.op in ("add", "join"):
                for a in y.args:
                    if isinstance(a, Val):
                        self._re_role(a, old, new, depth + 1)

    def layer_of(self, leaf: Leaf, unit: Unit | None) -> LayerRec | None:
        """A weight's layer as seen from `unit`: a family's member layer, else the weight's own."""
        if unit is not None and leaf.family:
            for lay in unit.layers:
                if lay.weight is leaf:
                    return lay
        return leaf.layer

    def layer_for_input(self, unit: Unit | None, a: Val) -> LayerRec | None:
        if unit is None:
            return None
        # (or one of the entries written into the array the layer reads a run of: `out[0]` of `w3 @ out[0:2]`)
        hits = [(lay, i) for lay in unit.layers for i in lay.inputs if reads_forward(i, a)]
        k = _entry_index(a)
        if len({id(lay) for lay, _ in hits}) > 1 and k is not None:
            # `z = w[0] * x[0] + w[1] * x[1] + b`: entries of one input row, each with a weight of its own; the
            # gradient `delta * x[1]` is the one of the weight the same entry met
            exact = [lay for lay, i in hits if _entry_index(i) == k]
            if exact:
                return exact[0]
        return hits[0][0] if hits else None

    def presumed_kind(self, o: Val, g_left: bool) -> str | None:
        """Formula 2 or 3 for a delta of a presumed layer times `o`: by the layout the code shows (column:
        dW = delta . a^T, error = W^T . delta; row: dW = a^T . delta, error = delta . W^T), and by what
        `o` is (a parameter, the data); None when neither tells."""
        base = strip_views(o)
        transposed = o.op == "T" or o.tr
        param = base.leaf is not None and self.is_param(base.leaf) and not base.leaf.data
        data = base.leaf is not None and base.leaf.data
        conv = self.presumed_conv()
        if conv is None or not transposed:
            # (data left of a delta, `np.dot(prev_output, layer.deltas)` with the transpose at the caller: no
            # layout puts anything but a layer's input there)
            return "F2" if param else "F3" if data and (transposed or not g_left) else None
        f2 = (conv == "column") != g_left
        if (f2 and data) or (not f2 and param):
            return None  # the layout and the operand disagree: say nothing
        return "F2" if f2 else "F3"

    def presumed_f2(self, g: Val, o: Val, out: Val, via: str, g_left: bool) -> Adj:
        """error_prev = W^T . delta through a weight of a presumed layer: the layer below is presumed too."""
        adj = g.adj
        unit = adj.unit
        base = strip_views(o)
        leaf = base.leaf
        if leaf is None and via == "mul":
            leaf = leaf_behind(o)  # W[:, :, :, c] of a kernel unpacked from the cache: that kernel
        if leaf is None:
            name = base.name or render(base)
            leaf = self.make_leaf(("presumed", self.cur.idx if self.cur else 0, name), name).leaf
            leaf.presumed = True
        lay = next((lay for lay in unit.layers if lay.weight is leaf), None)
        if lay is None:
            # `weights['W' + str(i)].T @ dz` in a loop over the layers: the layer below is of the same family
            below = unit if leaf.family else self.presumed_unit()
            inp = self.new("unknown")
            inp.role = ("z", below)
            lay = LayerRec(leaf, inp, unit, self.cur.line if self.cur else 0, unit.convention)
            lay.mixed = True  # no forward product: no convention of its own to hold the backward pass to
            lay.stmt = self.cur
            unit.layers.append(lay)
            if leaf.layer is None:
                leaf.role = "weight"
                leaf.layer = lay
                leaf.unit = unit
        self.emit("F2", unit, leaf, weight=o, layer=lay, via=via, g_left=g_left, pos=adj.pos, stale=False,
                  delta=g, value=out)
        below_unit = lay.input.role[1] if lay.input.role is not None else self.presumed_unit()
        return Adj(adj.sign, "z", below_unit)

    def _held_before(self, w: Val, t: int, copy_only: bool = False) -> bool:
        """`W = self.W` or `W_col = W.reshape(...)` taken before clock t: the array the forward pass used,
        which a step that rebinds the parameter (`self.W = self.W - lr * dW`) leaves unchanged. With
        copy_only, just `W_old = self.W.copy()`: a copy keeps the forward's weight whatever the step does to
        the parameter, in place or not."""
        for _ in range(6):
            if copy_only and w.op == "leaf" and w.leaf is not None and isinstance(w.leaf.src, Val):
                w = w.leaf.src
            if not copy_only or w.op == "copy":
                seen = self._alias_at.get(id(w))
                if seen is not None and seen[0] < t:
                    return True
                if copy_only:
                    return False
            src = view_source(w)
            if src is None:
                return False
            w = src
        return False

    def _stepped_later_in_loop(self, leaf: Leaf) -> bool:
        """The last step of `leaf` is written after the running statement, in the loop both are in."""
        if not self.loop_stack or self.cur is None:
            return False
        t = self._last_update.get(leaf)
        last = next((e for e in reversed(self.events) if e.kind == "update" and e.t == t), None)
        if last is None or self.loop_stack[-1] not in last.loops:
            return False
        # (the running statement, or the call that led to it from the loop's own function: `dW, dX =
        # gate.backward(W[i - 1], x, d)` above `W[i - 1] += -eps * dW`)
        here = next((st for st in [self.cur, *reversed(self.call_sites)]
                     if st is not None and st.func is last.stmt.func), None)
        return here is not None and last.stmt.line > here.line

    def f2(self, g: Val, w: Val, out: Val, via: str, g_left: bool = True) -> Adj:
        leaf = weight_view(w)
        adj = g.adj
        lay = self.layer_of(leaf, adj.unit)
        unit = lay.unit
        if lay.stmt is self.cur and self.cur is not None and not unit.presumed and \
                (lay.site is None or not self.call_sites or self.call_sites[-1] is lay.site):
            # the layer's own forward product met a value carrying a gradient (an input computed
            # from one, or merged with one across calls): not formula 2 (a layer presumed from the backward
            # pass was made by this very statement's formula 2, on an earlier pass of its loop; a helper's product
            # `total += a[i][k] * b[k][j]` called from another line than the forward's is the backward's own)
            return Adj(UNKNOWN_SIGN, "?")
        if adj.unit is not None and adj.unit.run != unit.run:
            return Adj(UNKNOWN_SIGN, "?")  # a value left over from another driven entry point: no F2
        frame = self.frames[-1] if self.frames else None
        if frame is not None and any(f is frame.func for f in self._last_update_in.get(leaf, ())) and \
                self._last_update.get(leaf, -1) < frame.start:
            # updated by an earlier call of this same function (the previous layer of a list sharing
            # one model, or the previous step), not before this F2 in this call: not stale
            stale = False
        elif leaf is not None and leaf.family and self.peel_phases and \
                self.peel_phases[-1][0] <= self._last_update.get(leaf, -1) < self.peel_phases[-1][1]:
            # the output layer's member stepped in its own iteration of the loop, apart from the others (see
            # _run_peeled): the member this iteration sends the error through is another one, not yet stepped
            stale = False
        elif self.entry and self.frames and self._last_update.get(leaf, -1) <= self.frames[0].start:
            # an entry point driven after the script ran: the script's own steps are not this call's
            stale = False
        elif leaf is not None and leaf.family and self._stepped_later_in_loop(leaf):
            # `dZ = W{l}.T @ dZ` then `W{l} -= ...` in a loop down a family of layers: the step met first is an
            # earlier pass's, of the member above - not the one this pass sends the error through
            stale = False
        elif self._last_update.get(leaf, -1) > self._forward_use.get(leaf, -1):
            # `W = self.W` kept before `self.W = self.W - lr * dW` still holds the forward's weight
            t = self._last_update[leaf]
            slot = self._slot_step.get(leaf)
            if slot is not None and slot[0] == t and self._rebind_step.get(leaf):
                # stepped into a list's slot: only what that slot now holds is the updated weight
                stale = _reads_value(w, slot[1])
            else:
                stale = not ((self._rebind_step.get(leaf) and self._held_before(w, t))
                             or self._held_before(w, t, copy_only=True))
        else:
            stale = False
        self.emit("F2", adj.unit if adj.unit is not None else unit, leaf, weight=w, layer=lay, via=via,
                  g_left=g_left, pos=adj.pos, stale=stale, delta=g, value=out)
        src = lay.input
        if adj.pos == "y" and adj.unit is not None and adj.unit is not unit and adj.unit.layers:
            # the wrong weight (BP303): follow what the author meant, this delta's own layer
            src = adj.unit.layers[0].input
            unit = adj.unit
        prev = self.output_unit(src) if src is not None else None
        if prev is not None:
            return Adj(adj.sign, "z", prev)
        return self.grad_wrt(adj.sign, src, unit)

    def grad_wrt(self, sign: int, node: Val | None, unit: Unit | None) -> Adj:
        """The gradient with respect to a forward value: a layer output, a data input, or a node."""
        if node is None:
            return Adj(sign, "x", unit)
        node = strip_views(node)
        if node.op == "concat":
            # pad(a) = [a, 1]: the gradient reaching the padded input belongs to the layer output in it
            outs = [p for p in node.args if isinstance(p, Val) and p.role is not None and p.role[0] == "z"]
            rest = [p for p in node.args if isinstance(p, Val) and p not in outs]
            if len(outs) == 1 and not any(self.is_param(leaf) for p in rest for leaf in p.deps):
                node = outs[0]
        owner = self.output_unit(node)
        if owner is not None and node.role is not None and node.role[0] == "z":
            if is_slice(node) and node.op == "getitem":
                # one gate sliced from the activated output (a GRU's reset and update gates):
                # the gradient of that slice, whole once the slices are written back together
                return Adj(sign, "v", owner, node=node)
            return Adj(sign, "z", owner)
        if not any(self.is_param(leaf) for leaf in node.deps):
            adj = Adj(sign, "x", unit)  # the network's input: nothing to train below
            if node.op in ("mul", "div", "sub", "add", "pow", "call") and node.kind == "arr":
                # (x normalised in the layer's own forward pass, `xhat = (x - mu) * ivar`: its steps back
                # are a backward pass written node by node)
                adj.node, adj.chain = node, "F1"
            return adj
        return Adj(sign, "v", unit, node=node)

    def through_product(self, g: Val, factors: list[Val]) -> Adj | None:
        """dL/d(A) = dL/d(A * B) * B: the gradient of a gate product (h = o * tanh(c)) to one factor."""
        node = g.adj.node
        if node is None or not factors:
            return None
        # (`self.cs[t]` of cells kept in a dict by time step: any cell's product is that product)
        for sign, term in (st for n in _alternatives(node) for st in self.linear_terms_of(n)):
            if term.op != "mul" or not term.factors:
                continue
            rest = list(term.factors)
            for f in factors:
                hit = next((r for r in rest if _same_factor(r, f)), None)
                if hit is None:
                    break
                rest.remove(hit)
            else:
                if len(rest) == 1:
                    s = g.adj.sign * sign
                    for f in factors:
                        s *= self.sign_of(f) if f.deriv is None else 1
                    return self.grad_wrt(s, rest[0], g.adj.unit)
        return self.through_coefficient(g, factors)

    def through_term(self, g: Val, operand: Val | None) -> Adj | None:
        """dL/d(i) = dL/d(c) for c = f * c_prev + i: `operand` is an additive term of the node on its own."""
        node = g.adj.node
        if node is None or operand is None:
            return None
        for n in _alternatives(node):
            terms = self.linear_terms_of(n)
            if len(terms) < 2:
                continue
            for sign, term in terms:
                if term.op != "mul" and _same_factor(term, operand):
                    return self.grad_wrt(g.adj.sign * sign, term, g.adj.unit)
        return None

    def through_coefficient(self, g: Val, factors: list[Val]) -> Adj | None:
        """dL/du = dL/dh * (t - p) for h = (1 - u) * p + u * t: the factor is the sum of what multiplies
        `u` in every term once the products are multiplied out (a GRU's update-gate interpolation)."""
        node = g.adj.node
        want = _expand_product(factors)
        h_terms = _expand(node)
        if not want or not h_terms:
            return None
        candidates = [f for _, fs in h_terms for f in fs if f.kind == "arr"]
        for u in candidates:
            coef = []
            for sign, fs in h_terms:
                hits = [i for i, f in enumerate(fs) if same_value(f, u)]
                if len(hits) == 1:
                    coef.append((sign, fs[:hits[0]] + fs[hits[0] + 1:]))
            if len(coef) >= 2 and _same_sum(coef, want):
                return self.grad_wrt(g.adj.sign, u, g.adj.unit)
        return None

    def linear_terms_of(self, v: Val, depth: int = 0) -> list[tuple[int, Val]]:
        """Additive terms of a forward value across statements (c = f * c_prev + i * g)."""
        if depth < 4 and v.op in ("add", "sub") and len(v.args) == 2:
            b_sign = 1 if v.op == "add" else -1
            return self.linear_terms_of(v.args[0], depth + 1) + \
                [(s * b_sign, t) for s, t in self.linear_terms_of(v.args[1], depth + 1)]
        return [(1, v)]

    def f3(self, g: Val, a: Val, lay: LayerRec | None, via: str, g_left: bool = False,
           out: Val | None = None) -> Adj:
        adj = g.adj
        unit = adj.unit
        if lay is None and unit is not None and len(unit.layers) == 1:
            lay = unit.layers[0]
        if lay is None and unit is not None and len(unit.layers) > 1 and self.cur is not None:
            # `self.dW_ih += dz.T @ h_prev_l` with the input handed in under a name of its own: the layer whose
            # weight the target names the gradient of (W_ih, not W_hh, of the same pre-activation)
            i = named_by_target(single_target(self.cur.node), [lay2.weight.name for lay2 in unit.layers])
            lay = unit.layers[i] if i is not None else None
        leaf = lay.weight if lay is not None else None
        self.emit("F3", unit, leaf, input=a, layer=lay, via=via, g_left=g_left, pos=adj.pos, delta=g,
                  bias=False, value=out, overwritten=strip_views(a) in self.overwritten)
        sign = adj.sign
        base = strip_views(a)
        if lay is not None and sign in (1, -1) and any(
                i.op == "neg" and i.args and same_value(strip_views(i.args[0]), base) for i in lay.inputs):
            # `Z = -X @ W`, then `X.T @ (Y - P)`: the layer's input is -X, so the product with X itself is the
            # gradient negated once more than the error says (and of no known sign where X itself is also
            # multiplied by the weight, `np.trace(X @ W @ Y.T)` of the loss)
            sign = UNKNOWN_SIGN if any(same_value(strip_views(i), base) for i in lay.inputs) else -sign
        return Adj(sign, "W", unit, leaf)

    def matmul_like(self, a: Val, b: Val, how: str) -> Val:
        """einsum / outer / correlate: classify by which operand carries the gradient."""
        a, b = self.negative_pairs(a, b)
        out = self.new(how, (a, b))
        if a.adj is not None and b.adj is not None:
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        if a.adj is not None or b.adj is not None:
            g, o = (a, b) if a.adj is not None else (b, a)
            if weight_view(o) is not None:
                out.adj = self.f2(g, o, out, via=how)
                return out
            if g.adj.pos in ("y", "z"):
                # (as for a matrix product: an error still before its derivative makes formula 3 only with
                # exactly its layer's input, `np.outer(x, p - y)` of a sigmoid unit trained sample by sample)
                lay = self.layer_for_input(g.adj.unit, o)
                if g.adj.pos == "y" or lay is not None:
                    out.adj = self.f3(g, o, lay, via=how, out=out)
                    return out
            if g.adj.pos == "v" and g.adj.unit is None and how in ("correlate", "convolve") and o.role is not None \
                    and o.role[0] == "in" and (lay := self._input_layer(o)) is not None:
                # `correlate2d(self.input[j], output_gradient[i])` in a conv layer's backward handed the gradient at
                # its output: the layer's input met by that gradient, formula 3 of the kernel
                out.adj = self.f3(g, o, lay, via=how, out=out)
                return out
            out.adj = g.adj if g.adj.pos in ("W", "b") else Adj(g.adj.sign, "?")
            return out
        sa, sb = self.view_score(a), self.view_score(b)
        if (sa or sb) and sa != sb and self.in_training_code() or (sa == sb and sa >= 2):
            w, x = (a, b) if sa > sb else (b, a)
            leaf = self.param_view(w) or w.leaf
            if leaf is not None:
                view = Val("leaf", (), "arr", self.cur)
                view.leaf = leaf
                view.deps = frozenset((leaf,))
                self.forward_layer(x, view, out, "conv" if how in ("correlate", "convolve") else "elementwise")
        return out

    def _input_layer(self, o: Val) -> LayerRec | None:
        """The one layer whose input `o` is, or an entry of (`self.input[j]` of a conv's channel loop)."""
        base = leaf_behind(o)
        if base is None or not base.data and base.role is not None:
            return None
        found = {id(lay): lay for u in self.units for lay in u.layers for i in lay.inputs if leaf_behind(i) is base}
        return next(iter(found.values())) if len(found) == 1 else None

    def view_score(self, v: Val) -> int:
        """weight_score for a parameter seen through an index or reshape (K[f] in a conv loop)."""
        if v.leaf is not None:
            return self.weight_score(v)
        leaf = self.param_view(v)
        if leaf is None:
            return 0
        return 3 if leaf.key in self.know.updated or leaf.requires_grad else 2


_MAX_TERMS = 8


def _reads_value(w: Val, v: Val) -> bool:
    """`w` is `v` or a view of it (`v.T`, `v.reshape(...)`, `v[i]`)."""
    seen: Val | None = w
    for _ in range(6):
        if seen is None:
            return False
        if seen is v:
            return True
        seen = view_source(seen)
    return False


def _held_zeros(v: Val, gradient_free: bool = False) -> Leaf | None:
    """The zero-started leaf `v` is (a view of), or None; `gradient_free`: only through views that
    carry no gradient yet."""
    for _ in range(4):
        if v.op in ("getitem", "reshape", "copy", "T") and v.args and isinstance(v.args[0], Val) and \
                not (gradient_free and v.adj is not None):
            v = v.args[0]
    if v.op != "leaf" or v.leaf is None or not zero_started(v.leaf) or gradient_free and v.adj is not None:
        return None
    return v.leaf


def _still_zeros(v: Val, grad_written: set) -> bool:
    """`v` is (a view of) an array made by np.zeros, not written since, that the backward pass fills
    with gradients: a buffer read before its first delta."""
    leaf = _held_zeros(v, gradient_free=True)
    return leaf is not None and leaf.key in grad_written


def _stacked_outputs(v: Val) -> bool:
    """A concatenation or stack of values computed from others (each step's hidden state, an LSTM's gate
    product `o * tanh(c)` too), not of arrays made whole (drawn, loaded, a parameter's own)."""
    if v.op != "concat":
        return False
    parts = [e for a in v.args if isinstance(a, Val) and a.kind == "seq"
             for e in [*(a.elems or []), *([a.summary] if a.summary is not None else [])] if isinstance(e, Val)]
    return bool(parts) and all(_computed(e) for e in parts)


def _computed(v: Val, depth: int = 0) -> bool:
    """An array a statement computed from others (or any of such, joined over a loop's passes)."""
    if v.kind != "arr" or depth > 4:
        return False
    if v.op == "join":
        return all(isinstance(a, Val) and _computed(a, depth + 1) for a in v.args)
    return v.role is not None or v.act is not None or \
        v.op not in ("leaf", "init", "const", "unknown") and bool(v.deps)


def _expand(v: Val, depth: int = 0) -> list[tuple[int, list[Val]]]:
    """A forward value as a sum of signed products, products of sums multiplied out; [] when too big."""
    if depth > 5:
        return [(1, [v])]
    if v.op in ("add", "sub") and len(v.args) == 2 and all(isinstance(a, Val) for a in v.args):
        left, right = _expand(v.args[0], depth + 1), _expand(v.args[1], depth + 1)
        sign = 1 if v.op == "add" else -1
        out = left + [(s * sign, fs) for s, fs in right]
        return out if len(out) <= _MAX_TERMS else []
    if v.op == "neg" and v.args and isinstance(v.args[0], Val):
        return [(-s, fs) for s, fs in _expand(v.args[0], depth + 1)]
    if v.op == "const" and v.num == 1:
        return [(1, [])]
    if v.op == "mul" and len(v.args) == 2 and all(isinstance(a, Val) for a in v.args):
        return _expand_product(list(v.args), depth + 1)
    return [(1, [v])]


def _expand_product(factors: list[Val], depth: int = 0) -> list[tuple[int, list[Val]]]:
    out: list[tuple[int, list[Val]]] = [(1, [])]
    for f in factors:
        parts = _expand(f, depth)
        if not parts:
            return []
        out = [(s1 * s2, fs1 + fs2) for s1, fs1 in out for s2, fs2 in parts]
        if len(out) > _MAX_TERMS:
            return []
    return out


def _same_sum(a: list[tuple[int, list[Val]]], b: list[tuple[int, list[Val]]]) -> bool:
    """Two sums of signed products with the same terms, in any order (constants of 1 cancelled)."""
    def norm(terms: list[tuple[int, list[Val]]]) -> list[tuple[int, list[Val]]]:
        kept: list[tuple[int, list[Val]]] = []
        for s, fs in terms:
            twin = next((k for k in kept if k[0] == -s and _same_factors(k[1], fs)), None)
            if twin is not None:
                kept.remove(twin)  # p - u*p + u*t: terms that cancel
            else:
                kept.append((s, fs))
        return kept
    return _same_multiset(norm(a), norm(b), lambda x, y: x[0] == y[0] and _same_factors(x[1], y[1]))


def _same_factors(a: list[Val], b: list[Val]) -> bool:
    return _same_multiset(a, b, same_activation)


def _same_multiset(a: list[Any], b: list[Any], same: Callable[[Any, Any], bool]) -> bool:
    """Each element of `a` paired with its own element of `b` that `same` accepts, none left over."""
    if len(a) != len(b):
        return False
    rest = list(b)
    for x in a:
        twin = next((y for y in rest if same(x, y)), None)
        if twin is None:
            return False
        rest.remove(twin)
    return True


def _drawn_labels(v: Val) -> bool:
    """A comparison of a fresh random draw with a number (`np.random.randn(1, 4) > 0`), cast or not."""
    base = strip_views(v)
    if base.op == "call" and base.payload == "astype" and base.args:
        base = strip_views(base.args[0])
    if base.op != "cmp" or len(base.args) != 2:
        return False
    drawn, bound = base.args
    return isinstance(drawn, Val) and isinstance(bound, Val) and bound.op == "const" and \
        unscaled(drawn).op == "init" and bool(unscaled(drawn).ev) and unscaled(drawn).ev.get("fn") in RANDOM_DRAWS


def _added_axis(v: Val) -> int | None:
    """The axis `x.unsqueeze(k)` / `np.expand_dims(x, k)` adds to a 2-D array, or None."""
    if v.op != "reshape" or not v.ev or v.ev.get("fn") not in ("unsqueeze", "expand_dims") or not v.args:
        return None
    axis = v.ev.get("kw", {}).get("axis", v.ev.get("kw", {}).get("dim"))
    if axis is None and v.ev.get("args"):
        axis = v.ev["args"][0]
    return axis.num if isinstance(axis, Val) and axis.op == "const" and isinstance(axis.num, int) else None


_PREACT_GRADIENT = re.compile(r"^d_?[zZ]\d*(_?\w{0,6})?$")


def _names_preactivation_gradient(node: Any) -> bool:
    """`dZ2 = A2 - Y`, `dz_out = a - y`: a statement that binds one name, the gradient of a pre-activation by
    the dZ naming, to the difference of an activation (A, not Z) and a target."""
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
        return False
    if not _PREACT_GRADIENT.match(node.targets[0].id):
        return False
    value = node.value
    while isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Div, ast.Mult)) and \
            isinstance(value.left, ast.BinOp):
        value = value.left  # (A2 - Y) / m
    return isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub) and \
        isinstance(value.left, ast.Name) and value.left.id[:1] in "aA"


def _data_root(v: Val) -> Val | None:
    """The array a batch is cut from (through slices, copies, reshapes), when it holds no parameter."""
    base = v
    for _ in range(6):
        if base.op in ("getitem", "copy", "reshape", "T") and base.args and isinstance(base.args[0], Val):
            base = base.args[0]
        else:
            break
    if base is v or base.kind != "arr" or base.adj is not None or base.role is not None or \
            any(leaf.role is not None or leaf.presumed for leaf in base.deps):
        return None
    return base


def _alternatives(v: Val) -> list[Val]:
    """The values a join holds (up to 8 deep), or `v` itself when it is no join; each as the product it is a
    view of (`h[t][0]` of `h[t] = np.atleast_2d(o * np.tanh(c))` is that product)."""
    if v.op == "getitem" and len(v.args) == 2 and isinstance(v.args[1], Val) and v.args[1].op == "const" and \
            v.args[1].num == 0 and isinstance(v.args[0], Val) and any(
                m.op == "reshape" for m in _members(v.args[0])):
        v = v.args[0]  # `h[t][0]` of states kept 2-D (`h[t] = np.atleast_2d(...)`): the states themselves
    return [_unwrapped(m) for m in _members(v)]


def _members(v: Val) -> list[Val]:
    return [m for m in join_chain(v, 8) if m.op != "join"] if v.op == "join" else [v]


def _unwrapped(v: Val) -> Val:
    """`np.atleast_2d(p)[0]`, `p.reshape(1, -1)`: the values of `p`, an axis added and taken off again."""
    for _ in range(4):
        if v.op == "getitem" and len(v.args) == 2 and isinstance(v.args[1], Val) and v.args[1].op == "const" and \
                v.args[1].num == 0 and isinstance(v.args[0], Val) and v.args[0].op == "reshape":
            v = v.args[0]
        elif v.op == "reshape" and v.args and isinstance(v.args[0], Val) and v.home is None and v.adj is None:
            v = v.args[0]
        else:
            break
    return v


def _same_factor(r: Val, f: Val) -> bool:
    """A factor of a forward product met again in the backward pass; read through a list of cells merged
    into one (`self.cells[k].gate`) or an array kept by time step (`c[t - 1]`), any cell's gate is that gate."""
    if same_activation(r, f):
        return True
    # (a step of an array kept by time step, `c[t - 1]`, read as what the steps wrote there: any of them)
    rs = _alternatives(r) if r.kind == "arr" else [r]
    fs = _alternatives(f) if f.kind == "arr" and f.adj is None else [f]
    if (len(rs) > 1 or len(fs) > 1) and any(same_activation(a, b) for a in rs for b in fs):
        return True
    if r.act is not None and f.act is not None and r.act[0] == f.act[0] and f.adj is None:
        # `np.tanh(s[t])` recomputed from the states kept by time step: the tanh of any of them
        ra, fa = _alternatives(r.act[1]), _alternatives(f.act[1])
        return (len(ra) > 1 or len(fa) > 1) and any(same_activation(a, b) for a in ra for b in fa)
    return False


def named_number(leaf: Leaf | None) -> bool:
    """A parameter written as a named number of the script's own (`literal_net`)."""
    return leaf is not None and leaf.key[1:2] == ("number",)


def _constant_labels(v: Val) -> bool:
    """Two or more different numbers, one of which a value is (`1 if label == 'positive' else 0`)."""
    nums = set()
    for m in join_chain(v, 16):
        if m.op == "join":
            continue
        if m.op != "const" or not isinstance(m.num, (int, float)) or isinstance(m.num, bool):
            return False
        nums.add(m.num)
    return len(nums) >= 2


def _join_behind(v: Val) -> tuple[Val, int | None, int]:
    """The value behind transposes, copies and one constant index of `v`, that index, and how many
    transposes were passed (`w.T` of `x, w = cache`)."""
    base, k, flips = v, None, 0
    for _ in range(4):
        if base.op == "getitem" and len(base.args) == 2 and isinstance(base.args[0], Val) and \
                isinstance(base.args[1], Val) and base.args[1].op == "const" and isinstance(base.args[1].num, int):
            base, k = base.args[0], base.args[1].num
        elif base.op in ("T", "copy", "reshape") and base.args and isinstance(base.args[0], Val):
            flips += base.op == "T"
            base = base.args[0]
        else:
            break
    return base, k, flips


def _join_members(v: Val) -> list[Val]:
    """The alternatives a join behind `v` holds (the k-th item of each tuple among them)."""
    base, k, _ = _join_behind(v)
    if base.op != "join":
        return []
    out = []
    for m in join_chain(base, 32):
        if m.op == "join":
            continue
        if k is not None and m.kind == "seq":
            items = m.elems or []
            m = items[k] if -len(items) <= k < len(items) and isinstance(items[k], Val) else None
        if m is not None:
            out.append(m)
    return out


def _whole_weight(v: Val) -> Leaf | None:
    """The weight `v` is, seen through transposes and reshapes only (`W_embed[captions]` picks rows: data)."""
    for _ in range(4):
        if v.op in ("T", "copy", "reshape") and v.args and isinstance(v.args[0], Val) and v.adj is None:
            v = v.args[0]
        else:
            break
    return weight_view(v) if v.op == "leaf" else None


def _flips(v: Val) -> bool:
    """The join behind `v` is met transposed (`w.T`)."""
    return _join_behind(v)[2] % 2 == 1


def _own_weight(alternatives: list[Val], unit: Unit | None) -> Val | None:
    """Among the alternatives, the one weight of `unit`'s layers, if exactly one."""
    if unit is None:
        return None
    mine: dict[int, Val] = {}
    for m in alternatives:
        leaf = _whole_weight(m)
        if leaf is not None and any(lay.weight is leaf for lay in unit.layers):
            mine.setdefault(id(leaf), m)
    return next(iter(mine.values())) if len(mine) == 1 else None


def _mixes_a_weight(alternatives: list[Val]) -> bool:
    """The alternatives a join holds (`_join_members`) are a layer's weight and something else or another
    weight: also the k-th items of a join of tuples (`x, w = cache` of caches of several kinds)."""
    weights = sum(_whole_weight(m) is not None for m in alternatives)
    # (two layers' weights met by one backward function whose caches were popped from one list: which, not known)
    return weights > 0 and (weights < len(alternatives) or weights > 1)


def _gate_sum(y: Val) -> bool:
    """`A[:, 2 * H:] + r * (h @ U)`: a gate's slice of a packed pre-activation with another term added (a GRU's
    candidate), still that one gate's input, not the layer's output."""
    return y.op in ("add", "sub") and any(isinstance(a, Val) and is_slice(a) and a.role is not None and
                                          a.role[0] in ("mm", "y") for a in y.args)


def _written(v: Val) -> Val:
    """What a buffer last had written into it, behind views of it (`hidden_states[:, -1, :]` of
    `hidden_states[:, t, :] = h_t`); any other value itself."""
    for _ in range(4):
        if v.op in ("getitem", "copy", "reshape") and v.args and isinstance(v.args[0], Val) and \
                v.args[0].op == "setitem":
            v = v.args[0]
        if v.op == "setitem" and len(v.args) == 3 and isinstance(v.args[2], Val):
            v = v.args[2]
        else:
            break
    return v


def _row_times_column(a: Val, b: Val) -> tuple[Leaf, Leaf] | None:
    """(P, Q) for `P[i, :]` and `Q[:, j]` (in either order, Q's table possibly read transposed, `Q = Q.T`): a row
    picked from one table and a column from another, each by a computed index; else None."""
    def pick(v: Val) -> tuple[Leaf, int] | None:
        if v.op != "getitem" or len(v.args) < 2 or not isinstance(v.args[0], Val) or not isinstance(v.args[1], Val) \
                or v.args[1].kind != "seq" or v.args[1].summary is not None:
            return None
        base = v.args[0]
        if base.op == "T" and base.args and isinstance(base.args[0], Val):
            base = base.args[0]
        if base.op != "leaf" or base.leaf is None:
            return None
        parts = v.args[1].elems or []
        if len(parts) != 2:
            return None
        whole = [isinstance(p, Val) and p.op == "slice" and all(  # (`:`)
            isinstance(x, Val) and x.op == "const" and x.num is None for x in p.args) for p in parts]
        index = [isinstance(p, Val) and p.kind == "num" and p.op not in ("const", "slice") for p in parts]
        if index[0] and whole[1]:
            return base.leaf, 0
        if whole[0] and index[1]:
            return base.leaf, 1
        return None
    pa, pb = pick(a), pick(b)
    if pa is None or pb is None or pa[0] is pb[0] or pa[1] == pb[1]:
        return None
    return (pa[0], pb[0]) if pa[1] == 0 else (pb[0], pa[0])
