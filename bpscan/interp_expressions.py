"""Expressions: names, attributes, subscripts, literals, comprehensions."""

from __future__ import annotations

import ast
import math
import re
from typing import Any

from bpscan.delegation import backward_stem, delegated_kind
from bpscan.entrywise import entry_axis, summed_product
from bpscan.runtime import Scope, _BUILTINS, _MAX_UNROLL, method_scope, walked_cycle, with_cycle
from bpscan.rules.vocabulary import ARRAY_ALIASES, RATE_NAME, TARGET_NAME, array_member
from bpscan.terms import (behind, count_of, GRADIENT_SLOTS, carried_family, eval_cmp, family_key, func_node,
                          gradient_of_name, handed_gradient, imports, loop_bound, made_fresh, squared_gradient,
                          stacked_step, stepped_whole, target_text, writes_gradient_slot, zero_started)
from bpscan.values import GRAD, UNKNOWN_SIGN, Adj, Unit, Val

#: the numbers a numerical module names (`np.pi`, `math.e`)
_MATH_CONSTANTS = {"pi": math.pi, "e": math.e, "tau": math.tau, "euler_gamma": 0.5772156649015329}


def _unseen_layer_method(f: Val) -> str | None:
    """`layer.backward` of a layer the file does not show: "listed" for an open object's attribute (a layer its
    user adds) or a method of an element of a list handed in (`for module in self.modules[::-1]`); "stand-in" for an
    attribute or loop variable that stands for one (`for layer in reversed(layers)`, `self.criterion` kept from a
    constructor's argument: an array has no backward pass, so a leaf that is no data is such a stand-in)."""
    if isinstance(f.payload, tuple) and f.payload[:1] == ("open-attr",):
        return "listed"
    if f.op != "method" or not (isinstance(f.payload, tuple) and len(f.payload) == 3) or f.payload[2] is not None:
        return None
    obj = f.payload[0]
    if _stand_in(obj):
        return "stand-in"
    if not isinstance(obj, Val) or obj.kind != "arr" or obj.adj is not None or obj.role is not None:
        return None
    return "listed" if obj.op == "getitem" and not any(leaf.data for leaf in obj.deps) else None


def _stand_in(obj: Any) -> bool:
    """A value standing for an object the file does not show: `self.criterion` kept from a constructor's argument
    nothing in the file hands in, `layer` of `for i, layer in enumerate(reversed(self.layers))` over a list the file
    never fills (an argument or attribute nothing made here), or a leaf that is no data (an array has no backward
    pass; `layer.next` of a layer object its user adds)."""
    if not isinstance(obj, Val) or obj.adj is not None:
        return False
    if obj.op == "method" and isinstance(obj.payload, tuple) and len(obj.payload) == 3 and obj.payload[2] is None \
            and isinstance(obj.payload[0], Val) and obj.payload[0].op != "method":
        # `self.model.loss` of a model handed in: an object the stand-in holds, which the file does not show either
        return _stand_in(obj.payload[0])
    if obj.op in ("arg", "unknown"):
        return not obj.deps
    return obj.op == "leaf" and obj.kind == "arr" and obj.role is None and len(obj.deps) == 1 and \
        obj.leaf is not None and not obj.leaf.data


#: the gradient a layer object keeps for the one below it (`dinputs` of "Neural Networks from Scratch", `grad_input`)
_HANDED_GRADIENT = re.compile(r"^(d_?inputs?|d_?values|grad_?inputs?|input_?grad(ient)?s?)$")
#: a forward pass by its method's name, on an object handed in
_FORWARD_CALLS = frozenset({"forward", "feedforward", "feed_forward", "forward_pass", "forward_propagation"})
#: what a layer object keeps of its forward pass under the protocol's usual names (`layer.output`)
_HELD_OUTPUT = re.compile(r"^(outputs?|out|y_?pred|y_?hat|predictions?)$")


def _carries_gradient(v: Val) -> bool:
    """A gradient comes out of a call: the value returned, or one of the values a tuple of them holds."""
    if v.kind == "arr":
        return v.adj is not None
    return v.kind == "seq" and isinstance(v.elems, list) and any(
        isinstance(x, Val) and x.kind == "arr" and x.adj is not None for x in v.elems)


def _made_family(base: Val) -> Val | None:
    """The member a loop appended to a list (its summary) when the list's every other element is also an array an
    initialiser made, as the member is (`[w_in] + [w_h for each hidden layer] + [w_out]`): None otherwise."""
    fam = base.summary
    if fam is None or fam.op != "leaf" or fam.leaf is None or not made_fresh(fam.leaf) or fam.leaf.data or \
            fam.adj is not None:
        return None
    rest = list(base.elems or []) + ([base.tail] if base.tail is not None else [])
    if not rest or not all(isinstance(e, Val) and e.op == "leaf" and e.leaf is not None and made_fresh(e.leaf) and
                           not e.leaf.data and e.adj is None and e.kind == fam.kind for e in rest):
        return None
    return fam


#: the name of a list of layer objects (`layers`, `self.modules`, `net.blocks`)
_LAYER_LIST = re.compile(r"^_*(layers?|modules?|blocks?|layer_?list|network|net)$", re.IGNORECASE)

#: a method that hands a layer's incoming gradient back to its input, by the module protocol's names
_PASSES_BACK = re.compile(r"^_*(?:backward|backprop(?:agate)?|back_?propagation|bprop|backward_pass)$")


#: the name of an optimiser object (`optimizer`, `self.optim`, `sgd`, `adam_opt`)
#: an optimiser's step by its method's name (`step()`, `update(layer)`, `update_params(layer)` of nnfs's optimisers)
_STEP_WORD = re.compile(r"^(step|update|update_?(layer_?|model_?)?(param(eter)?s?|weights))$")
_OPTIMISER_WORD = re.compile(r"^_*(opt|optim|optimi[sz]er|solver|updater|sgd|adam|rmsprop|momentum)(_\w*)?$",
                             re.IGNORECASE)


#: aliases that name one array library by convention, whatever star import brought them in
#: (and the standard library's `copy`, `math`: a notebook exported cell by cell may lose their imports)
_CONVENTIONAL = {**ARRAY_ALIASES, "torch": "torch", "copy": "copy", "math": "math"}


#: a constant key of a family member: "W1", "dW2", "b10"
_MEMBER = re.compile(r"^(\D+)(\d+)$")
#: a name for a data set's samples (`images`, `X_train`): read where nothing in the file defines it, loaded elsewhere
_DATA_NAME = re.compile(r"^(images?|imgs?|x|X|xs|[xX]_?(train|batch|data)|inputs?|data|features|samples)$")
#: the arrays of a data set object by its splits (`data.x_test`, `ds.train_images`, `ds.test_labels`)
_SPLIT_DATA = re.compile(r"^([xXyY]_?(train|test|val|valid|dev)|(train|test|val|valid|dev)_?(x|X|y|Y|images?|labels?|"
                         r"targets?|inputs?|data))$")
_SPLIT_TARGET = re.compile(r"^([yY]_?(train|test|val|valid|dev)|(train|test|val|valid|dev)_?(y|Y|labels?|targets?))$")


def _truth(v: Val) -> bool | None:
    """Whether a value is true, when it is known: a constant, or a list or dict whose entries are known
    (`inputs or []` of the list a constructor was handed is that list)."""
    if v.op == "const" and not isinstance(v.num, Val):
        return bool(v.num)
    if v.kind in ("seq", "dict") and v.summary is None and isinstance(v.elems, (list, dict)) and v.op != "join" \
            and v.elems:
        return True
    return None


def _covered_entries(text: str, key: tuple, stepped: set) -> bool:
    """`neuron_3[1:3]` read by the forward pass of a vector whose entries `neuron_3[1]` and `neuron_3[2]` are
    stepped one by one: a part of it made of stepped parts."""
    m = re.fullmatch(r"(\d+):(\d+)", text.replace(" ", ""))
    if m is None or int(m.group(2)) - int(m.group(1)) < 1 or int(m.group(2)) - int(m.group(1)) > 64:
        return False
    return all((key, str(k)) in stepped for k in range(int(m.group(1)), int(m.group(2))))


def _step_slot(base: Val, idx: Val) -> Val | None:
    """`c[t]` or `c[t - 1]` of an array a time loop fills one row per step (`c[t] = f[t] * c[t - 1] + ...`):
    the value written at that step, whose structure (a gate product, an activation) formula 1 follows.

    Inside the loop that fills it, `c[t - 1]` is read before this step's row is written: the last row written.
    From another loop (the backward pass), `c[t]` is the last row written and `c[t - 1]` the one before."""
    read = _step_part(idx)
    if base.op != "setitem" or len(base.args) != 3 or read is None:
        return None
    written = _step_part(base.args[1]) if isinstance(base.args[1], Val) else None
    if written is None or written[0] != read[0]:
        return None
    idx, key = read[1], written[1]
    var = _loopvar(idx)
    back = _offset(idx)
    if back > 0 and var is _loopvar(key):
        back = 0  # the previous step's row, read before this step writes its own
    b = base
    for _ in range(back):
        inner = b.args[0] if b.op == "setitem" and len(b.args) == 3 else None
        if not (isinstance(inner, Val) and inner.op == "setitem" and len(inner.args) == 3 and
                isinstance(inner.args[1], Val) and _step_part(inner.args[1]) is not None):
            return None
        b = inner
    v = b.args[2]
    if not isinstance(v, Val) or v.kind != "arr" or v.adj is not None:
        return None
    return v if v.role is not None or v.act is not None or v.op in ("mul", "add") else None


def _step_part(idx: Val) -> tuple[int, Val] | None:
    """Where a step index sits: `c[t]` (0, t); `buf[:, t]` (1, t), the other axes taken whole."""
    if _stepped(idx):
        return 0, idx
    if idx.kind != "seq" or not idx.elems or idx.summary is not None:
        return None
    steps = [(i, e) for i, e in enumerate(idx.elems) if isinstance(e, Val) and _stepped(e)]
    whole = all(isinstance(e, Val) and e.op == "slice" and isinstance(e.payload, slice) and
                e.payload == slice(None) for i, e in enumerate(idx.elems) if not steps or i != steps[0][0])
    return steps[0] if len(steps) == 1 and whole else None


def _loopvar(idx: Val) -> Val | None:
    if idx.op == "loopvar":
        return idx
    return next((a for a in idx.args if isinstance(a, Val) and a.op == "loopvar"), None)


def _offset(idx: Val) -> int:
    """k of `t - k` (0 for `t`, and for anything else)."""
    if idx.op == "sub" and len(idx.args) == 2 and isinstance(idx.args[1], Val) and idx.args[1].op == "const" \
            and isinstance(idx.args[1].num, int) and idx.args[1].num > 0:
        return idx.args[1].num
    return 0


def _from_end(idx: Val, base: Val) -> int | None:
    """-k for an index written `len(base) - k` (k a whole number from 1): the list's k-th element from its end."""
    if idx.op != "sub" or len(idx.args) != 2 or not all(isinstance(a, Val) for a in idx.args):
        return None
    length, k = idx.args
    if length.op != "len" or not length.args or length.args[0] is not base:
        return None
    if k.op != "const" or type(k.num) is not int or k.num < 1:
        return None
    return -k.num


def _stepped(idx: Val) -> bool:
    """An index that moves with a loop: `t`, `t - 1`."""
    if idx.op == "loopvar":
        return True
    return idx.op in ("add", "sub") and any(isinstance(a, Val) and a.op == "loopvar" for a in idx.args) and \
        all(isinstance(a, Val) and a.op in ("loopvar", "const") for a in idx.args)


#: an object's attribute holding its parameters' gradients by name (`layer.grads["W"]`)
_GRADIENT_STORE = re.compile(r"^(grads|gradients|dparams|d_?params|derivatives)$")


#: what a layer object keeps of its backward pass as its delta (`layer.deltas`, `layer.dZ`, `layer.local_grad`)
_DELTA_ATTR = re.compile(r"^(deltas?|d_?[zZ]|local_?grad(ient)?s?)$")


class ExpressionsMixin:
    """Part of the abstract interpreter (see bpscan.interp.Interp)."""

    # ------------------------------------------------------------------ expressions
    def eval(self, e: ast.expr | None, scope: Scope) -> Val:
        self.work += 1
        if e is None:
            return self.const(None)
        m = getattr(self, "e_" + type(e).__name__, None)
        if m is None:
            return self.unknown()
        v = m(e, scope)
        if v.kind == "str" and v.op != "const" and v.payload is None and isinstance(e, (ast.BinOp, ast.JoinedStr,
                                                                                        ast.Call)):
            # `W_key = "W" + str(i)`: the key keeps its family for `weights[W_key]`
            v.payload = family_key(e)
        return v

    def e_Constant(self, e: ast.Constant, scope: Scope) -> Val:
        return self.const(e.value)

    def e_Name(self, e: ast.Name, scope: Scope) -> Val:
        v = self.lookup(scope, e.id)
        if v is not None:
            return self.read(v)
        axis = entry_axis(e.id)
        if axis is not None:
            # every index of one axis, handed to a function applied entry by entry (bpscan.entrywise)
            walked = self.new("entries", (), "num")
            walked.payload = axis
            return walked
        if e.id in ("True", "False", "None"):
            return self.const({"True": True, "False": False, "None": None}[e.id])
        if e.id in _BUILTINS:
            b = Val("builtin", (), "builtin", self.cur)
            b.payload = e.id
            return b
        if e.id not in self.bound and e.id in _CONVENTIONAL:
            # `from common.np import *` re-exports NumPy as np: the conventional alias means that library
            return self.module(_CONVENTIONAL[e.id])
        if e.id not in self.bound and (TARGET_NAME.match(e.id) or _DATA_NAME.match(e.id)):
            # `labels[batch_start:batch_end]` in a script cut from a notebook whose earlier cells load them: the
            # data (or the targets) the name says
            v = self.make_leaf(("undefined", e.id), e.id)
            if v.leaf is not None:
                v.leaf.data = True
            v.undef = e.id
            return v
        v = self.unknown()
        if e.id not in self.bound:
            v.undef = e.id
        elif self.loop_stack:
            v.unset = True
        return v

    def e_Attribute(self, e: ast.Attribute, scope: Scope) -> Val:
        return self.attribute(self.eval(e.value, scope), e)

    def attribute(self, obj: Val, e: ast.Attribute) -> Val:
        """`obj.attr` with the object already evaluated."""
        a = e.attr
        if obj.kind == "none" and isinstance(e.value, ast.Attribute) and isinstance(e.value.value, ast.Name) and \
                e.value.value.id == "self" and not a.startswith("__"):
            # `self.loss_layer.backward(y)` where the constructor left `self.loss_layer = None`: a slot its user fills
            # (`net.loss_layer = CrossEntropyLoss()`), as None has no attributes - an object the file does not show
            obj = self.unknown()
            obj.name = target_text(e.value)
        if obj.kind == "mod" and a in _MATH_CONSTANTS and isinstance(obj.payload, str) and \
                obj.payload.split(".")[0] in ("numpy", "math", "cupy", "torch"):
            return self.const(_MATH_CONSTANTS[a])  # (`np.sqrt(2 / np.pi)` of a GELU is a number, no array)
        if obj.kind == "mod":
            return self.module(f"{obj.payload}.{a}")
        if a == "value" and obj.op == "const" and isinstance(obj.num, (str, int)) and not isinstance(obj.num, bool) \
                and isinstance(e.value, ast.Attribute):
            # `Activation.RELU.value` of `class Activation(Enum): RELU = "relu"`: a member is read as its value
            # (a number or a string has no `.value` of its own), so a dispatch on it picks its branch
            return obj
        if obj.kind == "pmod":
            v = obj.payload.vars.get(a)
            return self.read(v) if v is not None else self.unknown()
        if _HANDED_GRADIENT.match(a) or _HELD_OUTPUT.match(a):
            # (`layer.next`, read as a method of a stand-in, stands for what the stand-in holds)
            held = obj.payload[0] if obj.kind == "method" and isinstance(obj.payload, tuple) and \
                len(obj.payload) == 3 and obj.payload[2] is None else obj
            # (or an element of a list of them, `self.layers[idx + 1]` of a list handed in)
            listed = held.op == "getitem" and held.role is None and held.adj is None and bool(held.args) and \
                _stand_in(held.args[0])
            if (_stand_in(held) or listed) and held.role is None and \
                    (held.op in ("leaf", "getitem") or held.kind in ("arr", "num", "unknown")):
                # `layer.next.dinputs` of layers the file does not show (linked by `next`/`prev`): the gradient the
                # next one handed back, by the protocol's name for it - no sign known; `self.layers[-1].output`:
                # what the last one computed, an array (not a method to call)
                out = self.unknown()
                if _HANDED_GRADIENT.match(a):
                    out.adj = Adj(UNKNOWN_SIGN, "?")
                out.name = target_text(e)
                return out
        if obj.kind == "inst" and a == "__class__" and isinstance(obj.payload, Val) and obj.payload.kind == "cls":
            return obj.payload  # `issubclass(op.__class__, ParamOp)`: the object's own class
        if obj.kind == "inst":
            # a property of the class wins over what the instance holds under its name (`self.weights = None` in
            # a base class's constructor, before the subclass's property is ever read)
            v = obj.elems.get(a) if self.accessor(obj, a, "getters") is None else None
            if a == "xp" and (v is None or v.kind == "none" or v.op == "unknown"):
                # `self.xp = None` until a device manager picks NumPy or CuPy at run time: the array module by the
                # array API's conventional name, the same operations either way
                return self.module("numpy")
            if v is not None:
                return self.read(v)
            if obj.payload == "ctx" and a in ("save_for_backward", "mark_dirty", "mark_non_differentiable"):
                bm = Val("method", (), "method", self.cur)
                bm.payload = (obj, a, None)
                return bm
            if obj.payload == "ctx" and a in ("saved_tensors", "saved_variables"):
                return self.unknown(kind="seq")
            getter = self.accessor(obj, a, "getters")
            if getter is not None:
                got = self.call_function(getter, [], {}, self_val=obj)
                if got.kind == "arr" and isinstance(e.value, ast.Name):
                    # spelt as the code outside the property spells it (`self.weights`, not `self._w`),
                    # so that a fix pastes over the statement as written
                    got.name = f"{e.value.id}.{a}"
                return got
            m = self.method_of(obj, a)
            if m is not None:
                bm = Val("method", (), "method", self.cur)
                bm.payload = (obj, a, m)
                return bm
            if a in ("parameters", "named_parameters", "zero_grad", "forward", "step", "train", "eval") or \
                    isinstance(obj.payload, tuple) and obj.payload[0] == "open-module":
                bm = Val("method", (), "method", self.cur)
                bm.payload = (obj, a, None)
                return bm
            if isinstance(obj.payload, tuple) and obj.payload[0] == "open-obj":
                return self.open_attr(obj, a)
            if isinstance(obj.payload, tuple) and obj.payload[0] == "open-holder":
                # `inpt.array` of an object holding a loss's prediction: an array read through it
                v = self.make_leaf((obj.payload[1], obj.name, a), f"{obj.name}.{a}")
                obj.elems[a] = v
                return v
            nested = _class_attribute(obj.payload, a) if isinstance(obj.payload, Val) else None
            if nested is not None:
                return nested  # `self.Dense(3, 1)` of a class defined inside the instance's class
            self.pinned.append(obj)
            v = self.make_leaf((id(obj), a), f"{obj.name or 'self'}.{a}")
            obj.elems[a] = v
            return v
        if obj.kind == "cls":
            v = obj.payload["attrs"].get(a)
            if v is not None:
                return v
            node = obj.payload["methods"].get(a)
            if node is not None:
                f = Val("func", (), "func")
                f.payload = (node, method_scope(obj, node), obj)
                if any(isinstance(d, ast.Name) and d.id == "classmethod" for d in node.decorator_list):
                    # `Loss.diff(pred, label)` of a classmethod: the class is its first argument
                    bm = Val("method", (), "method", self.cur)
                    bm.payload = (obj, a, f)
                    return bm
                return f
            return self.unknown()
        if a == "T" or a == "mT":
            return self.transpose(obj)
        if a == "data":
            return obj
        if obj.kind == "arr" and a in GRADIENT_SLOTS:
            kept = self.slots.get(id(obj))
            if kept is not None and a in kept[1]:
                v = self.read(kept[1][a])
                if v.name and v.name.rpartition(".")[2] in GRADIENT_SLOTS:
                    # named as the function reading it names it (`out.g`), not as the one that stored it
                    v.name = target_text(e)
                return v
            if self._in_slot_writer():
                return self.slot_seed(obj, a, e)
        if a == "grad":
            v = self.grad_of(obj)
            node = self.cur.node if self.cur is not None else None
            if obj.leaf is None and isinstance(e.value, ast.Name) and isinstance(node, ast.Assign) and node.value is e:
                # `dhpreact = hpreact.grad` of a retained pre-activation: the layer's delta, as autograd computed it
                # (read into a name of its own, not printed as a statistic)
                v.adj = self.autograd_delta(obj)
            return v
        if obj.kind == "arr" and obj.op == "call" and obj.payload in ("max", "min") and a in ("values", "indices"):
            # torch's `x.max(1).values` is the reduction itself; its `.indices` are positions, not a tensor of x's
            return obj if a == "values" else self.unknown(kind="arr")
        if a in ("shape", "size", "ndim", "dtype", "device", "requires_grad", "is_leaf"):
            return self.array_attr(obj, a)
        if not array_member(a) and (holder := self.listed_layer(obj)) is not None:
            # `layers[i].W -= lr * dW[k]` in an optimiser handed the network's list of layers: one of them, whose
            # attributes are its parameters (as `for layer in layers` reads them)
            return self.open_attr(holder, a)
        if not array_member(a) and (holder := self.elem_object(obj, make=True)) is not None:
            # `param.params`, `param.grads` of an element of the parameter list an optimiser is handed: a parameter
            # object (its array and its gradient), not an array with a method of that name
            return self.open_attr(holder, a)
        if obj.op == "leaf" and obj.leaf is not None and obj.leaf.data and not array_member(a) and \
                (TARGET_NAME.match(a) or _DATA_NAME.match(a) or _SPLIT_DATA.match(a)):
            # `self.data.y_train[index]` of the data set object a network was handed: its arrays, by their names
            v = self.make_leaf((obj.leaf.key, a), f"{obj.name or obj.leaf.name}.{a}")
            v.leaf.data = True
            v.leaf.target = bool(TARGET_NAME.match(a) or _SPLIT_TARGET.match(a))
            return v
        if obj.kind == "num" and obj.op == "arg" and self._used_as_number(e):
            # `-0.5 / config.emb_dim`, `size=(config.vocab_size, config.emb_dim)` of a settings object handed in:
            # one of its settings, a number (a stand-in's other attributes, `model.layers`, stay what they stand for)
            return self.unknown(kind="num")
        bm = Val("method", (), "method", self.cur)
        bm.payload = (obj, a, None)
        return bm

    def _used_as_number(self, e: ast.Attribute) -> bool:
        """The statement being run computes with the attribute (an operand of arithmetic) or writes it into a shape
        (an element of a tuple), rather than calling it or walking it."""
        node = self.cur.node if self.cur is not None else None
        if node is None:
            return False
        for n in ast.walk(node):
            if isinstance(n, ast.BinOp) and (n.left is e or n.right is e) or \
                    isinstance(n, ast.UnaryOp) and n.operand is e or \
                    isinstance(n, ast.Tuple) and any(x is e for x in n.elts):
                return True
        return False

    def array_attr(self, obj: Val, a: str) -> Val:
        """`x.shape` (its dims, one by one), `x.size`, `x.ndim`, `x.dtype`: a property of the array, no data."""
        v = self.new("attr", (obj,), "num" if a != "shape" else "seq")
        v.ev = {"obj": obj, "attr": a}
        if a == "shape":
            v.elems = []
            v.summary = self.dim(obj, None)
        v.deps = frozenset()
        return v

    def _read_by_protocol(self, e: ast.Call, args: list[Val]) -> None:
        """`dy = self.pool2.backward(dy)`, `dA_prev, dW, db = linear_activation_backward(dA, cache, "relu")`: a
        backward pass of the file's own, handed a gradient and handing one back, whose formulas the model could not
        read on the way (an average pool's loops, a cache it cannot open): the call hands the gradient on all the
        same - formula 2, or 1 by the name of what it passes through - tagged only where no formula of the
        callee's reaches the call (see `Model._call_sites`)."""
        name = e.func.attr if isinstance(e.func, ast.Attribute) else e.func.id if isinstance(e.func, ast.Name) else ""
        stem = backward_stem(name)
        if stem is None or self.cur is None or handed_gradient(args) is None:
            return
        owner = target_text(e.func.value) if not stem and isinstance(e.func, ast.Attribute) else stem or name
        kind = delegated_kind(owner)
        if kind is not None and kind != "error":
            self.call_sites_tagged.append((self.cur, kind, None, "fallback"))

    def _stand_in_step(self, func: ast.Attribute, args: list[Val]) -> str | None:
        """A call on a line of its own, of a model or optimiser handed in, that composes the backward pass (tagged
        where nothing else tags the line, of a layer or optimiser the file does not show): `model.backward(grad)`
        hands the gradient on (its kind by the receiver's name); `optimizer.step()`, where no imported library has
        optimisers, is the user's own optimiser stepping the parameters. None for any other call."""
        if _STEP_WORD.match(func.attr):
            return "update" if self.own_optimiser_step(func) or self._rated_step() else None
        if _PASSES_BACK.match(func.attr) and handed_gradient(args) is not None:
            return delegated_kind(target_text(func.value))
        if self.loss_handed_targets(func, args):
            return "error"
        return None

    def _rated_step(self) -> bool:
        """`layer.update(self.lr)` on a line of its own, of a layer the file does not show, handed the learning rate:
        the layer's own step of its parameters (where no imported library steps them)."""
        call = self.cur.node.value if self.cur is not None and isinstance(self.cur.node, ast.Expr) else None
        return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
            bool(_STEP_WORD.match(call.func.attr)) and any(
                RATE_NAME.match(target_text(a).rsplit(".", 1)[-1]) for a in list(call.args) +
                [k.value for k in call.keywords]) and not self.autograd and not self.training_library()

    def _steps_its_target(self, call: ast.Call) -> bool:
        """The statement stores the call's result where one of its arguments was read (`w = opt.update(w, dw)`)."""
        node = self.cur.node if self.cur is not None else None
        if not isinstance(node, ast.Assign) or len(node.targets) != 1 or node.value is not call or \
                not isinstance(node.targets[0], (ast.Name, ast.Attribute, ast.Subscript)):
            return False
        target = target_text(node.targets[0])
        return len(call.args) >= 2 and any(target_text(a) == target for a in call.args)

    def own_optimiser_step(self, func: ast.Attribute) -> bool:
        """`optimizer.step(...)`, `self.optim.update_params(layer)`: an optimiser's step by the names of the object and
        the method, where no imported library has optimisers (so the step is the file's user's own)."""
        return bool(_STEP_WORD.match(func.attr)) and \
            bool(_OPTIMISER_WORD.match(target_text(func.value).rsplit(".", 1)[-1])) and not self.autograd and \
            not self.training_library()

    def loss_handed_targets(self, func: ast.Attribute, args: list[Val]) -> bool:
        """`self.loss.backward(output, y)`: a backward pass handed a prediction and the targets, a loss's - it starts
        the backward pass with the output error."""
        return bool(_PASSES_BACK.match(func.attr)) and len(args) == 2 and args[0].kind == "arr" and \
            args[0].adj is None and self._names_targets(args[1])

    def training_library(self) -> bool:
        """The module imports a library with optimisers of its own (torch.optim, torch.nn, tensorflow, keras, optax)."""
        if self._training_library is None:
            self._training_library = any(
                (n.split(".")[0] in ("tensorflow", "keras", "optax", "flax", "mxnet") or
                 n.startswith(("torch.optim", "torch.nn")) or n == "torch" and names & {"optim", "nn"})
                for n, names in imports(self.tree))
        return self._training_library

    def _bare_call(self) -> bool:
        """The statement being run is a call on a line of its own, its result thrown away."""
        return self.cur is not None and isinstance(self.cur.node, ast.Expr)

    def delegated(self, kind: str | None, g: Val | None, args: list[Val]) -> Val:
        """What a backward pass we cannot read hands back: a gradient at a place left open (of the sign of the one
        it was handed, `g`; of no known sign when it starts at a loss), its call tagged with `kind`."""
        out = self.unknown(*args)
        out.adj = Adj(g.adj.sign if g is not None and g.adj is not None and kind != "error" else UNKNOWN_SIGN, "?")
        unit = g.adj.unit if g is not None and g.adj is not None and g.adj.pos in ("z", "y") else None
        weights = {lay.weight for lay in unit.layers} if unit is not None else set()
        if kind in ("F1", "F2") and unit is not None and not unit.presumed and any(
                a is not g and a.role is not None and a.role[0] in ("z", "y") and a.role[1] is unit for a in args) \
                and not any(a.op == "leaf" and not weights.isdisjoint(a.deps) for a in args):
            # `grad = mapper.backward(kind, self.output, grad)`: handed the layer's own output and the gradient there,
            # not its weight, it is the derivative of the layer's activation, taking the error to its pre-activation
            kind = "F1"
            out.adj = Adj(g.adj.sign, "y", unit)  # type: ignore[union-attr]
        if self.cur is not None and kind is not None:
            self.call_sites_tagged.append((self.cur, kind, None, "protocol"))
        return out

    def listed_layer(self, obj: Val) -> Val | None:
        """The layer object behind `layers[i]` of a list of layers handed in (an argument or attribute the file
        fills nowhere), one open object per list; None for any other value."""
        # (driven on its own, the method was handed a made-up array for the list: named as layers, it is none)
        if obj.op != "getitem" or obj.kind != "arr" or obj.adj is not None or len(obj.args) != 2 or \
                obj.role is not None and obj.role[0] != "in" or not all(isinstance(a, Val) for a in obj.args):
            return None
        base, idx = obj.args
        leaf = base.leaf if base.op == "leaf" else None
        if leaf is None or self.is_param(leaf) or idx.op == "slice" or idx.kind == "seq" or \
                not _LAYER_LIST.match(leaf.name.rsplit(".", 1)[-1]):
            return None
        return self._open_object(leaf.key + ("layer",), leaf.key, f"{leaf.name}[*]")

    def _open_object(self, key: tuple, node_id: object, name: str) -> Val:
        """The open object kept under `key` (made on first use): an object the file does not show, whose
        attributes are read as a layer's (see `open_attr`)."""
        holder = self.elem_objects.get(key)
        if holder is None:
            holder = self.elem_objects[key] = Val("inst", (), "inst", self.cur)
            holder.elems = {}
            holder.payload = ("open-obj", node_id)
            holder.name = name
        return holder

    def elem_object(self, obj: Val, make: bool = False) -> Val | None:
        """The object behind an element of an optimiser's parameter list (`p` of `for p in params`) once it is read
        by attribute (`p.params`, `p.grads`); None for any other value, or before such a read unless `make`."""
        if not (isinstance(obj.payload, tuple) and obj.payload[:1] == ("open-elem",) and obj.leaf is not None):
            return None
        if not make:
            return self.elem_objects.get(obj.leaf.key)
        return self._open_object(obj.leaf.key, obj.payload[1], obj.leaf.name)

    def dim(self, obj: Val, index: int | None) -> Val:
        """`x.shape[0]`: a size we do not know, remembered so that `bpscan verify` can evaluate it."""
        d = self.new("dim", (), "num")
        d.deps = frozenset()
        d.ev = {"obj": obj, "index": index}
        return d

    def _in_slot_writer(self) -> bool:
        func = self.func_stack[-1] if self.func_stack else None
        if func is None:
            return False
        known = self._slot_writers.get(id(func))
        if known is None:
            known = self._slot_writers[id(func)] = writes_gradient_slot(func)
        return known

    def slot_seed(self, obj: Val, attr: str, e: ast.Attribute) -> Val:
        """`out.g` read in a backward pass before anything stored it: the upstream gradient dL/d(out), at the
        layer whose output `out` is, or at a presumed layer for an output handed in from outside."""
        adj = self.gradient_at(obj)
        if adj.pos == "?" and obj.op == "leaf" and obj.leaf is not None and not self.is_param(obj.leaf):
            adj = Adj(GRAD, "z", self.presumed_unit(here=True))
        name = target_text(e)
        v = self.make_leaf((id(self.cur.node) if self.cur is not None else 0, name, "seed"), name)
        v.leaf.data = True
        v.adj = adj
        self.keep_slot(obj, attr, v)
        return v

    def keep_slot(self, obj: Val, attr: str, v: Val) -> None:
        """`obj.g = v`: the gradient kept on the value it differentiates."""
        if self.discovery and obj.op == "leaf" and obj.leaf is not None and not obj.leaf.data and \
                made_fresh(obj.leaf):
            self.know.grad_kept.add(obj.leaf.key)
        kept = self.slots.get(id(obj))
        if kept is None:
            kept = self.slots[id(obj)] = (obj, {})
        kept[1][attr] = v

    def grad_of(self, obj: Val) -> Val:
        leaf = obj.leaf
        v = self.new("grad", (obj,))
        v.deps = frozenset()
        if leaf is not None:
            if self.discovery:
                leaf.requires_grad = True
                self.know.requires_grad.add(leaf.key)
            v.adj = Adj(GRAD, "P", leaf.unit, leaf)
            v.grad_of = leaf
            v.uses_grad = True
            self.autograd = True
        return v

    def e_Subscript(self, e: ast.Subscript, scope: Scope) -> Val:
        base = self.eval(e.value, scope)
        if base.kind == "mod" and isinstance(base.payload, str) and base.payload.rsplit(".", 1)[-1] == "c_" and \
                isinstance(e.slice, ast.Tuple):
            # `np.c_[np.ones((m, 1)), X]`: the columns side by side, as `np.hstack` puts them
            return self.call_library(base.payload.rsplit(".", 1)[0] + ".hstack",
                                     [self.seq([self.eval(x, scope) for x in e.slice.elts])], {})
        idx = self.eval(e.slice, scope)
        if idx.op == "entries":
            return self._every_entry(base, idx)
        held = e.value.id if isinstance(e.value, ast.Name) else e.value.attr if isinstance(e.value, ast.Attribute) \
            else ""
        if base.kind == "seq" and base.summary is None and idx.kind == "num" and _sample_numbers(base) and \
                (_INPUT_LIST.match(held) or TARGET_NAME.match(held)) and self.in_training_code():
            # `self.inputs[i]`, `targets[o]` of `net.train([0.05, 0.1], [0.01, 0.99])`'s numbers: one entry of a
            # sample (or of its target) written out, data - not a constant a weight is scaled by
            self.pinned.append(base)
            at = idx.num if idx.op == "const" else "*"
            v = self.make_leaf((id(base), "entry", at), f"{target_text(e.value)}[{at}]")
            if v.leaf is not None:
                v.leaf.data = True
                v.leaf.target = bool(TARGET_NAME.match(held))
            return v
        if isinstance(base.payload, tuple) and base.payload[:1] == ("open-attr",) and isinstance(e.slice, ast.Slice):
            return base  # `layers[::-1]` of the layers an optimiser is handed: the same open layers, in another order
        if isinstance(base.payload, tuple) and base.payload[:1] == ("open-attr",) and idx.op == "loopvar":
            # `self.l[i]` over the positions of the layers an optimiser is handed: one open layer, the same one
            # each time the position is read (`self.l[i].W -= lr * self.l[i].dW`)
            key = (id(base), target_text(e.slice))
            if key not in self.open_elems:
                self.open_elems[key] = self.iter_summary(base)
            return self.open_elems[key]
        item = self._subscript(e, base, idx)
        copied = base.ev.get("copied_at") if base.kind == "dict" and base.ev else None
        if copied is not None and item.leaf is not None and item.adj is None and not item.leaf.data and \
                not self.discovery:
            # `old = params.copy()` then `old['W2']`: the array of the moment of the copy, which a step
            # rebinding `params['W2']` since leaves unchanged
            return self.held_at(item, copied)
        return item

    def symbolic_key(self, key: ast.AST, base: Val, idx: Val) -> tuple[str, str] | None:
        """`self.a[self.layer_nums]`, `A[L - 1]` of a dict: an entry at a number the file does not know but that
        no loop of the function changes, kept apart from the entries a loop writes at `layer` (which stay one
        summary): the output layer's activation, apart from the hidden layers'."""
        if base.kind != "dict" or base.payload is not None or idx.op == "const" or idx.kind != "num":
            return None
        root = key.left if isinstance(key, ast.BinOp) and isinstance(key.op, (ast.Add, ast.Sub)) and \
            isinstance(key.right, ast.Constant) else key
        if not (isinstance(root, ast.Name) or isinstance(root, ast.Attribute) and isinstance(root.value, ast.Name)):
            return None
        func = self.func_stack[-1] if self.func_stack else self.tree
        variant = self._variant.get(id(func))
        if variant is None:
            variant = self._variant[id(func)] = loop_bound(func)
        text = ast.unparse(key)
        return None if (text if root is key else ast.unparse(root)) in variant else ("at", text)

    def _subscript(self, e: ast.Subscript, base: Val, idx: Val) -> Val:
        if base.kind == "inst":
            base = self.dict_items(base) or base  # (`self.ctx['vW']` of a class derived from dict)
        if base.kind == "dict" and base.elems:
            at = self.symbolic_key(e.slice, base, idx)
            if at is not None and at in base.elems:
                return self.read(base.elems[at])
            if at is None and idx.op == "loopvar" and base.summary is not None and \
                    all(isinstance(k, tuple) and k[:1] == ("at",) for k in base.elems):
                # `caches[i]` in a loop over the hidden layers, of a dict also holding `caches[self.num_layers]`
                # (the output layer's, kept apart): one of the entries the loop wrote
                return self.read(base.summary)
        if base.kind == "dict" and idx.op != "const" and base.elems:
            fam = family_key(e.slice) or carried_family(idx)
            if fam is not None and fam in base.elems:
                return self.read(base.elems[fam])
        if base.kind == "dict" and idx.op != "const" and isinstance(base.payload, tuple) and \
                base.payload[0] == "open" and base.payload[3] is None and (fam := family_key(e.slice)) is not None:
            # `weights["W{}".format(l)]` and `weights["b{}".format(l)]` of a parameter dict handed in: a family of
            # weights and a family of biases, not one blur of both
            return self.read(self.open_member(base, fam))
        if base.kind == "dict" and idx.op == "const" and isinstance(idx.num, str) and base.elems is not None \
                and idx.num not in base.elems:
            member = _MEMBER.match(idx.num)
            fam = ("family", member.group(1)) if member else None
            if fam is not None and fam in base.elems:
                # params["W1"] of a dict filled as params["W" + str(l)]: a member of that family
                return self.read(base.elems[fam])
        out = self.getitem(base, idx)
        whole = stepped_whole(base) if self.know.stepped_parts else None
        text = target_text(e.slice) if whole is not None else ""
        if whole is not None and ((whole.key, text) in self.know.stepped_parts or
                                  _covered_entries(text, whole.key, self.know.stepped_parts)):
            # w_[1:] and w_[0] of a vector whose parts are stepped apart: the weights and the bias
            part = self.make_leaf(whole.key + ("part", text), f"{whole.name}[{text}]", src=out)
            part.leaf.packed = whole
            return part
        if base.kind in ("seq", "dict") and idx.op != "const" and out.kind == "arr":
            out = self.view(out, ("elem", id(base), target_text(e.slice)))
            if out.name is None and out.leaf is None and base.kind == "seq" and isinstance(e.value, ast.Name):
                out.name = target_text(e)  # `i[t]` of gates appended one per step: a message names it so
        elif base.kind == "seq" and idx.op == "const" and isinstance(idx.num, int) and base.summary is not None and \
                out.kind == "arr" and out.leaf is None and out.adj is None and out.role is None:
            # `x1 = row[0]; x2 = row[1]` of a row of numbers read from a file: two inputs, not one value twice
            out = self.view(out, ("elem", id(base), idx.num))
        elif base.kind == "arr" and base.role is not None and (base.role[0] in ("mm", "y") or (
                base.role[0] == "z" and base.act is not None)) and \
                base.adj is None and out.kind == "arr" and isinstance(e.slice, (ast.Slice, ast.Tuple)) and \
                any(isinstance(s, ast.Slice) and (s.lower or s.upper or s.step) for s in ast.walk(e.slice)):
            # A[:, :H], A[:, H:2*H]: the gates of one pre-activation (or of its activated output, as a
            # GRU splits sigmoid(A) into reset and update gates), each a tensor of its own (not `z[b, :]`, one
            # sample's whole row)
            out = self.view(out, (id(base), target_text(e.slice)))
        return out

    def open_attr(self, obj: Val, attr: str) -> Val:
        """`layer.W` of a layer object an optimiser is handed: a parameter trained here; `layer.dW`
        (`grad_W`, `W_grad`) the gradient of `layer.W`."""
        node_id = obj.payload[1]
        own = gradient_of_name(attr)
        kept = self._layer_dict(obj, attr)
        if kept is not None:
            obj.elems[attr] = kept
            return kept
        if _GRADIENT_STORE.match(attr):
            # `layer.grads[name]`: the gradients of the parameters the step names by key
            v = self.make_leaf((node_id, obj.name, attr, "seed"), f"{obj.name}.{attr}")
            v.leaf.data = True
            v.adj = Adj(GRAD, "?")
        elif _DELTA_ATTR.match(attr):
            # `np.dot(prev_output, layer.deltas)` in an optimiser handed the layer: the delta its backward pass
            # kept, the gradient at the layer's pre-activation
            v = self.make_leaf((node_id, obj.name, attr, "seed"), f"{obj.name}.{attr}")
            v.leaf.data = True
            v.adj = Adj(GRAD, "y", self._object_unit(obj))
        elif own is not None:
            param = obj.elems.get(own)
            # (`unit.dweights` of a layer whose weight is `unit.kernel_matrix`: no `weights` is opened for it)
            if (param is None or param.leaf is None) and (own in obj.elems or self._names_attr(own)):
                param = self.open_attr(obj, own)
            v = self.make_leaf((node_id, obj.name, attr, "seed"), f"{obj.name}.{attr}")
            v.leaf.data = True
            if param is not None and param.leaf is not None:
                v.adj = Adj(GRAD, "W", param.leaf.unit, param.leaf)
                v.grad_of = param.leaf
            else:
                v.adj = Adj(GRAD, "?")  # the gradient of a parameter the step never names
        else:
            v = self.make_leaf((node_id, obj.name, attr), f"{obj.name}.{attr}")
            v.leaf.presumed = True
            v.payload = ("open-attr", node_id)  # `model.layers`: iterated, each element an open object too
        obj.elems[attr] = v
        return v

    def _layer_dict(self, obj: Val, attr: str) -> Val | None:
        """`layer.p`, `layer.g`, `layer.fc` of a layer object whose state lives in dicts: a dict of its
        parameters, of their gradients, or a cache whose gradient-named entries (`dZ`) are upstream
        gradients and whose other entries (`X`, `Z`) forward values; None for an attribute the running
        function does not subscript."""
        from bpscan.interp_entries import attr_dict_role

        func = self.func_stack[-1] if self.func_stack else None
        role = attr_dict_role(func, obj.name or "", attr) if func is not None and obj.name else None
        if role is None:
            return None
        label = f"{obj.name}.{attr}"
        node_id = obj.payload[1]
        if role == "params":
            return self.open_params(node_id, label)
        if role == "grads":
            params = next((v for v in obj.elems.values() if v.kind == "dict" and isinstance(v.payload, tuple)
                           and v.payload[0] == "open" and v.payload[3] is None), None)
            seed = self.make_leaf((node_id, f"{label}[*]", "seed"), f"{label}[*]")
            seed.leaf.data = True
            seed.adj = Adj(GRAD, "?")
            return self.open_params(node_id, label, params if params is not None else self._empty_params(), seed)
        d = Val("dict", (), "dict", self.cur)
        d.elems = {}
        d.name = label
        d.payload = ("open-cache", node_id, label, self._object_unit(obj))
        d.summary = self.unknown()
        return d

    def open_params(self, node_id: int, name: str, grads_of: Val | None = None, summary: Val | None = None) -> Val:
        """`parameters` (with `grads_of`, the dict of their gradients): a dict whose constant keys are entries
        of their own, made on first read (`open_item`); a computed key reads `summary`, by default a presumed
        family of parameters."""
        d = Val("dict", (), "dict", self.cur)
        d.elems = {}
        d.payload = ("open", node_id, name, grads_of)
        d.name = name
        if summary is None:
            summary = self.make_leaf((node_id, f"{name}[*]"), f"{name}[*]")
            summary.leaf.presumed = True
            summary.leaf.family = True
        d.summary = summary
        return d

    def _object_unit(self, obj: Val) -> Unit:
        """The one presumed layer a layer object's cached gradients belong to, whichever cache holds them."""
        kept = self.object_units.get(id(obj))
        if kept is None:
            # (the object is kept beside its unit, so that its id is not reused while the analysis runs)
            kept = self.object_units[id(obj)] = (obj, self.presumed_unit())
        return kept[1]

    def _empty_params(self) -> Val:
        """A parameter dict with nothing read from it yet: gradients by key, of parameters not named here."""
        d = Val("dict", (), "dict", self.cur)
        d.elems = {}
        return d

    def cache_item(self, base: Val, key: str) -> Val:
        """`layer.bc['dZ']` of a layer object's cache: an upstream gradient by its key's name; `layer.fc['X']`
        a forward value, data."""
        from bpscan.interp_entries import gradient_key

        _, node_id, label, unit = base.payload
        name = f"{label}[{key!r}]"
        if gradient_key(key):
            v = self.make_leaf((node_id, name, "seed"), name)
            # dZ: the delta at the layer's pre-activation; dA, dX, dh: the gradient at an output
            stem = key[1:].lstrip("_") if key[:1] == "d" else ""
            v.adj = Adj(GRAD, "y" if stem[:1] in ("Z", "z") else "z", unit)
        else:
            v = self.make_leaf((node_id, name), name)
        v.leaf.data = True
        base.elems[key] = v
        return v

    def _names_attr(self, attr: str) -> bool:
        """The function being run reads or writes some `x.attr`."""
        func = self.func_stack[-1] if self.func_stack else None
        return func is not None and any(isinstance(n, ast.Attribute) and n.attr == attr for n in ast.walk(func))

    def open_member(self, base: Val, fam: tuple[str, str]) -> Val:
        """The family of entries under one prefix of a parameter dict handed in (the same leaf in any copy of it,
        `w_copy = weights.copy()`), made on first use."""
        member = self.make_leaf((base.payload[1], base.payload[2], fam), f"{base.payload[2]}['{fam[1]}*']")
        member.leaf.presumed = True
        member.leaf.family = True
        base.elems[fam] = member
        return member

    def open_item(self, base: Val, key: object) -> Val:
        """`parameters['W1']` of an entry's parameter dict: a parameter of its own, made on first read."""
        _, node_id, name, grads_of = base.payload
        label = f"{name}[{key!r}]"
        if grads_of is None and self.func_stack and _indexed_entry(self.func_stack[-1], key):
            # `params["W"][k]`, `W = params["W"]; W[k]`: the entry is a list of the layers' weights, one family
            member = self.make_leaf((node_id, label, "[*]"), f"{label}[*]")
            member.leaf.presumed = True
            member.leaf.family = True
            v = self.seq([], member)
        elif grads_of is None:
            v = self.make_leaf((node_id, label), label)
            v.leaf.presumed = True
        else:
            pkey = key[1:] if isinstance(key, str) and key[:1] == "d" and key[1:] in grads_of.elems else key
            param = grads_of.elems.get(pkey) if grads_of.elems is not None else None
            v = self.make_leaf((node_id, label, "seed"), label)
            v.leaf.data = True
            if param is not None and param.leaf is not None:
                v.adj = Adj(GRAD, "W", param.leaf.unit, param.leaf)
            else:
                v.adj = Adj(GRAD, "?")
        base.elems[key] = v
        return v

    def held_at(self, v: Val, t: int) -> Val:
        """`v` as a name or a snapshot took it at clock `t`: a step that later rebinds the parameter leaves it
        unchanged (see `_held_before`)."""
        alias = self.view(v, v.home)
        self._alias_at[id(alias)] = (t, alias)
        return alias

    def view(self, v: Val, home: tuple) -> Val:
        """An element read through a non-constant index: the same value, remembered by its place."""
        out = Val(v.op, v.args, v.kind, v.stmt)
        for slot in ("num", "leaf", "deps", "adj", "deriv", "act", "role", "tr", "cmp", "elems", "summary",
                     "payload", "grad_of", "undef", "factors", "uses_grad", "name", "rg", "vague"):
            setattr(out, slot, getattr(v, slot))
        out.home = home
        return out

    def _every_entry(self, base: Val, idx: Val) -> Val:
        """`n.data[i][j]` in a function applied entry by entry, i and j every index of their axes: the whole
        array (transposed when the axes come swapped, `m.data[j][i]`); `arr[i]` of a list or of the data handed
        in, all of it."""
        if base.op == "entryrow" and base.args and isinstance(base.args[0], Val):
            whole = base.args[0]
            return whole if base.payload < idx.payload else self.transpose(whole) if base.payload > idx.payload \
                else self.unknown(whole)
        if base.kind != "arr" or base.leaf is not None and base.leaf.data:
            return base
        row = self.new("entryrow", (base,), base.kind)
        row.payload = idx.payload
        return row

    def getitem(self, base: Val, idx: Val) -> Val:
        step = stacked_step(base)
        if step is not None and step.adj is None and idx.kind == "seq" and isinstance(idx.elems, list) and \
                any(x.kind == "num" and x.op != "slice" for x in idx.elems):
            # `self.cell_states[:, t, :]` of `np.stack(self.cell_states, axis=1)`, one value appended per time step
            # of a loop read once: the step's value itself, as the forward pass computed it
            return step
        if base.kind == "dict":
            if idx.op == "const" and idx.num in base.elems:
                return self.read(base.elems[idx.num])
            if isinstance(base.payload, tuple) and base.payload[0] == "open":
                if idx.op == "const":
                    return self.read(self.open_item(base, idx.num))
                return self.read(base.summary)
            if isinstance(base.payload, tuple) and base.payload[0] == "open-cache":
                if idx.op == "const" and isinstance(idx.num, str):
                    return self.read(self.cache_item(base, idx.num))
                return self.read(base.summary)
            if base.payload == ("state",) and idx.op == "const" and isinstance(idx.num, str):
                # cache["A1"], cache["A2"]: each entry a tensor of its own, though we do not know which
                item = self.unknown()
                item.name = f"{base.name}[{idx.num!r}]"
                base.elems[idx.num] = item
                return self.read(item)
            funcs = list((base.elems or {}).values())
            if base.summary is None and len(funcs) > 1 and all(f.kind == "func" for f in funcs):
                # ACTIVATIONS[mode]: one of these functions, which one the code does not say
                return self._choice(funcs)
            tables = self._choice_of_tables(funcs) if base.summary is None and len(funcs) > 1 else None
            if tables is not None:
                return tables
            out = self.dict_any(base)
            return self.read(out) if out is not None else self.unknown(base)
        if base.kind == "seq":
            if base.op == "attr" and base.ev and base.ev.get("attr") == "shape" and idx.op == "const" \
                    and isinstance(idx.num, int):
                return self.dim(base.ev["obj"], idx.num)
            if idx.op == "const" and isinstance(idx.num, int) and base.summary is None and base.elems \
                    and -len(base.elems) <= idx.num < len(base.elems):
                return self.read(base.elems[idx.num])
            at = count_of(idx) if idx.op != "const" and base.summary is None and base.elems else None
            if at is not None and -len(base.elems) <= at[0] < len(base.elems):  # type: ignore[arg-type]
                return self.read(base.elems[at[0]])  # type: ignore[index]  # `z[n_layers - 1]`, n_layers = len(sizes)
            if idx.kind == "seq" and any(e.op == "slice" for e in idx.elems or []):
                return base
            if idx.op == "slice":
                if isinstance(idx.payload, slice) and base.summary is None and base.elems is not None:
                    return self.seq(list(base.elems[idx.payload]))
                cycle = walked_cycle(base)
                if cycle is not None and isinstance(idx.payload, slice) and idx.payload == slice(None, None, -1):
                    # `for layer in self.layers[::-1]` over the layers one pass of a loop made: walked backwards
                    return with_cycle(self.seq([], base.summary), (tuple(base.elems or ()) + cycle)[::-1])
                return base
            back = _from_end(idx, base) if base.summary is not None else None
            if back is not None:
                # `acts[len(acts) - 1]` of a list grown in a loop: counted from its end, as `acts[-1]` is
                idx = self.const(back)
            if idx.op == "const" and isinstance(idx.num, int) and base.summary is not None:
                # appended in a loop after a known prefix: the end of the list is what the loop added
                if idx.num == -1 and base.tail is not None:
                    return self.read(base.tail)
                if idx.num < 0:
                    return self.read(base.summary)
                if base.elems and idx.num < len(base.elems):
                    return self.read(base.elems[idx.num])
            if base.elems == [] and base.summary is None and base.op != "join" and idx.kind == "num" and \
                    self.entry and self.cur is not None:
                # `self.layers[l].W` in a method read as an entry point, the list as the constructor left it
                # (empty): the layers its user hands in, each an open object (as `for layer in self.layers` reads)
                return self.iter_summary(base)
            family = _made_family(base) if idx.kind == "num" else None
            if family is not None:
                # `self.weights[i]` of a list made as the first layer's weight, then the hidden layers' in a loop,
                # then the output layer's: every one a fresh draw the loop reads in turn - the family's member,
                # not a blur of the three that is no one's weight
                return self.read(family)
            out = self.seq_any(base)
            return self.read(out) if out is not None else self.unknown(base)
        if base.kind == "inst" and base.elems is not None and isinstance(base.payload, Val) and \
                (getter := self.method_of(base, "__getitem__")) is not None:
            # `self[name]` of a class whose `__getitem__` returns `getattr(self, name)`: what that method returns
            return self.call_function(getter, [idx], {}, self_val=base)
        if base.kind != "arr":
            return self.unknown(base, idx)
        written = _step_slot(base, idx)
        if written is not None:
            return self.read(written)
        if idx.op == "const" and isinstance(idx.num, (str, int)) and not isinstance(idx.num, bool):
            # `self.grads = pickle.load(fh)['grads']` then `self.grads['db'] = ...`: a dict we could not
            # see made, filled by key - an entry is what was stored under that key, never another's; and
            # `out[3] = h @ w; out[3] = sigmoid(out[3])`: the row last written under that number
            b = base
            for _ in range(16):
                key = b.args[1] if b.op == "setitem" and len(b.args) == 3 else None
                if not (isinstance(key, Val) and key.op == "const" and type(key.num) is type(idx.num)) or \
                        isinstance(key.num, int) and (key.num < 0) != (idx.num < 0):
                    break  # (`out[-1]` may be `out[5]`: counted from either end, the rows may be one)
                if key.num == idx.num:
                    return self.read(b.args[2])
                b = b.args[0]
            base = b
        stepped = self._step_written(base, idx) if _slot_index(idx) else None
        if stepped is not None:
            return self.read(stepped)
        v = self.new("getitem", (base, idx))
        v.adj = base.adj
        v.role = base.role
        v.act = base.act
        v.deriv = base.deriv
        v.tr = base.tr
        if base.leaf is not None and idx.op != "slice":
            v.deps = base.deps | idx.deps
        return v

    def _step_written(self, base: Val, idx: Val) -> Val | None:
        """`self.o[:, t, :]` of an array of forward values written one time step at a time
        (`self.o[:, t, :] = sigmoid(...)`): whichever step it is, what the steps wrote there; None when the
        array is not one of those."""
        written, b = [], base
        for _ in range(16):
            if b.op == "setitem" and len(b.args) == 3 and isinstance(b.args[1], Val) and \
                    isinstance(b.args[2], Val) and _same_slot_shape(b.args[1], idx):
                w = b.args[2]
            elif b.op == "setitem" and len(b.args) == 2 and isinstance(b.args[1], Val) and \
                    b.args[1].op in ("add", "sub"):
                w = b.args[1]  # `d[:, t, :] += g`: a step's slot, with what was added to it
            else:
                break
            if not any(x is w for x in written):
                written.append(w)
            b = b.args[0]
        # (forward values only: a gradient array's steps keep the reading they had, their errors not merged)
        if not written or any(w.adj is not None for w in written) or b.adj is not None or \
                not (b.op == "init" or b.op == "leaf" and b.leaf is not None and zero_started(b.leaf) and
                     not self.is_param(b.leaf)):
            return None
        out = written[0]
        for w in written[1:]:
            out = self.join(out, w)
        return out

    def e_Slice(self, e: ast.Slice, scope: Scope) -> Val:
        bounds: list[Any] = []
        values: list[Val | None] = []
        known = True
        for part in (e.lower, e.upper, e.step):
            if part is None:
                bounds.append(None)
                values.append(None)
                continue
            v = self.eval(part, scope)
            values.append(v)
            if v.op == "const" and isinstance(v.num, int):
                bounds.append(v.num)
            else:
                known = False
        v = self.new("slice", (), "num")
        v.payload = slice(*bounds) if known else None
        if not known:
            v.ev = {"bounds": values}  # `temp[:, H:2*H]`: `bpscan verify` evaluates the bounds
        return v

    def e_Index(self, e: Any, scope: Scope) -> Val:  # pragma: no cover - Python < 3.9
        return self.eval(e.value, scope)

    def e_Yield(self, e: ast.Yield, scope: Scope) -> Val:
        v = self.eval(e.value, scope) if e.value is not None else self.const(None)
        self._yielded(v, None)
        return self.unknown()  # what the consumer sends back

    def e_YieldFrom(self, e: ast.YieldFrom, scope: Scope) -> Val:
        v = self.eval(e.value, scope)
        if v.kind == "seq" and isinstance(v.elems, list) and v.summary is None:
            for x in v.elems:
                self._yielded(x, None)
        else:
            self._yielded(self.unknown(v), True)
        return self.unknown()

    def _yielded(self, v: Val, inexact: bool | None) -> None:
        frame = self.frames[-1] if self.frames else None
        if frame is None or frame.yields is None:
            return
        loops, unrolled = frame.loops
        # a yield in a loop that is not unrolled element by element stands for any number of values
        if inexact or len(self.loop_stack) - loops != self.unrolled - unrolled:
            frame.inexact = True
        frame.yields.append(v)

    def e_Tuple(self, e: ast.Tuple, scope: Scope) -> Val:
        elems = [self.eval(x, scope) for x in e.elts]
        if any(isinstance(x, ast.Starred) for x in e.elts):
            return self.seq([], self.join_all(elems))
        return self.seq(elems)

    def e_Dict(self, e: ast.Dict, scope: Scope) -> Val:
        d = Val("dict", (), "dict", self.cur)
        d.elems = {}
        for k, val in zip(e.keys, e.values):
            vv = self.eval(val, scope)
            if k is None:
                continue
            kv = self.eval(k, scope)
            if kv.op == "const":
                d.elems[kv.num] = vv
            else:
                d.summary = vv if d.summary is None else self.join(d.summary, vv)
        return d

    def e_Starred(self, e: ast.Starred, scope: Scope) -> Val:
        return self.eval(e.value, scope)

    def e_JoinedStr(self, e: ast.JoinedStr, scope: Scope) -> Val:
        parts: list[str] | None = []
        for v in e.values:
            if isinstance(v, ast.FormattedValue):
                x = self.eval(v.value, scope)
                if parts is not None and x.op == "const" and v.format_spec is None and v.conversion == -1 \
                        and isinstance(x.num, (int, str)):
                    parts.append(str(x.num))
                else:
                    parts = None
            elif isinstance(v, ast.Constant) and parts is not None:
                parts.append(str(v.value))
        if parts is None:
            return self.unknown(kind="str")
        return self.const("".join(parts))

    def e_NamedExpr(self, e: ast.NamedExpr, scope: Scope) -> Val:
        v = self.eval(e.value, scope)
        self.assign(e.target, v, scope, None)
        return v

    def e_IfExp(self, e: ast.IfExp, scope: Scope) -> Val:
        forced = self.forced_if.get(id(e))
        if forced is not None:
            # the loop's special iteration (the output layer) or one of the others: see _run_peeled
            return self.eval(e.body if forced else e.orelse, scope)
        c = self.eval(e.test, scope)
        if c.op == "const":
            return self.eval(e.body if c.num else e.orelse, scope)
        if c.cmp is not None and c.kind == "arr" and any(x.op == "const" for x in c.cmp[1:]) and \
                any(x.kind == "arr" and x.op != "const" for x in c.cmp[1:]):
            # `1 if y > 0 else 0` of a function np.vectorize applies to an array: np.where's choice, entry by entry
            # (the ReLU's mask, or with `y if y > 0 else 0` the ReLU itself)
            return self.where(c, self.eval(e.body, scope), self.eval(e.orelse, scope))
        body, orelse = self.eval(e.body, scope), self.eval(e.orelse, scope)
        for present, absent in ((body, orelse), (orelse, body)):
            if present.kind == "arr" and (absent.op == "const" and absent.num == 0 or absent.kind == "none"):
                # `self.output += self.b if self._bias else 0` of a setting not known here: the optional term
                # where it is there (where it is not, it adds nothing the model reads)
                return present
        return self.join(body, orelse)

    def e_BoolOp(self, e: ast.BoolOp, scope: Scope) -> Val:
        vals = [self.eval(x, scope) for x in e.values]
        # `training and self.keep_prob < 1` with keep_prob 1.0: false whatever `training` is; `x or y` with x a
        # known truthy number: x. A known operand that decides the whole decides it
        stop = isinstance(e.op, ast.And)  # an and stops at its first falsy operand, an or at its first truthy
        for i, v in enumerate(vals):
            truth = _truth(v)
            if truth is None:
                if any(w.op == "const" and bool(w.num) != stop for w in vals[i + 1:]):
                    return self.const(not stop)  # (its value unknown, but its truth decided)
                break
            if truth != stop or i == len(vals) - 1:
                return v
        return self.unknown(*vals, kind="num")

    def e_Lambda(self, e: ast.Lambda, scope: Scope) -> Val:
        v = Val("func", (), "func", self.cur)
        v.payload = (e, scope, None)
        return v

    def e_Await(self, e: ast.Await, scope: Scope) -> Val:
        return self.eval(e.value, scope)

    def _comprehension(self, gens: list, scope: Scope, body: Any,
                       unroll: bool = False) -> tuple[list[Val] | None, Val]:
        inner = Scope(scope)
        inner.globals_decl = scope.globals_decl
        first = gens[0]
        it = self.eval(first.iter, scope)
        items = self.iter_items(it) if unroll else None
        if items is not None and len(gens) > 1 and not (len(gens) == 2 and _objects(items)):
            items = None
        if unroll and len(gens) == 1 and it.kind == "seq" and it.summary is None and it.elems == [] and it.op == "seq":
            return [], self.unknown()  # (an activation layer's `parameters()`: none)
        if items is not None and len(gens) == 2:
            # `[p for layer in layers for p in layer.parameters()]` over a known list of layer objects: each layer's
            # own parameters, in order, as long as each layer's list is known too
            outs = []
            for item in items:
                self.assign(first.target, item, inner, None)
                if self._filtered_out(first.ifs, inner):
                    continue  # `for layer in self.layers if not isinstance(layer, Dropout)`: a layer left out
                sub, _ = self._comprehension(gens[1:], inner, body, unroll=True)
                if sub is None:
                    break
                outs.extend(sub)
            else:
                return outs, self.join_all(outs) if outs else self.unknown()
            inner = Scope(scope)
            inner.globals_decl = scope.globals_decl
        elif items is not None:
            outs = []
            for item in items:
                self.assign(first.target, item, inner, None)
                if self._filtered_out(first.ifs, inner):
                    continue
                outs.append(body(inner))
            return outs, self.join_all(outs) if outs else self.unknown()
        self.assign(first.target, self.iter_summary(it), inner, None)
        for g in gens[1:]:
            self.assign(g.target, self.iter_summary(self.eval(g.iter, inner)), inner, None)
        for g in gens:
            for cond in g.ifs:
                self.eval(cond, inner)
        out = body(inner)
        return None, out

    def _filtered_out(self, ifs: list[ast.expr], scope: Scope) -> bool:
        """The comprehension's conditions, read for this element: one known to be false leaves it out."""
        out = False
        for cond in ifs:
            c = self.eval(cond, scope)
            out = out or c.op == "const" and c.num is False
        return out

    def e_ListComp(self, e: ast.ListComp, scope: Scope) -> Val:
        # unrolled only over a known list of arrays (parameters being updated one by one); a list built
        # from sizes stays one summary element, so that negative indices in a backward loop still work
        first = e.generators[0]
        call = _scaled_call(e.elt)
        drawn = _drawn_numbers(e, call, self.eval(call.func, scope) if call is not None else None)
        if drawn is not None:
            # `[random.uniform(-1, 1) for _ in range(n + 1)]`: a neuron's weights in a plain list, made as
            # np.random.rand(n + 1) would make them
            return _as_lists(self.apply("init", [self.eval(drawn, scope)], {}, "numpy.random.rand"))
        grid = _number_grid(e)
        if grid is not None and len(grid[1]) > 1:
            made, sizes = grid
            if made == "zeros":
                # `[[0.0 for _ in range(m)] for _ in range(n)]`: a table of zeros, as np.zeros((n, m)) makes it
                # (a matrix class's storage, filled entry by entry)
                return _as_lists(self.apply("init", [self.seq([self.eval(n, scope) for n in sizes])], {}, "numpy.zeros"))
            inner = _scaled_call(made)
            if inner is not None and _draws_a_number(inner, self.eval(inner.func, scope)):
                # `[[random.uniform(-1, 1) for _ in range(m)] for _ in range(n)]`: np.random.rand(n, m), kept as
                # lists of numbers (each product of the backward pass is then one entry of a matrix's)
                return _as_lists(self.apply("init", [self.eval(n, scope) for n in sizes], {}, "numpy.random.rand"))
        zeros = _zeros_length(e)
        if zeros is not None:
            # `[0 for i in range(n_outputs)]`: a vector of zeros, as np.zeros(n) (a one-hot target's start)
            return self.apply("init", [self.eval(zeros, scope)], {}, "numpy.zeros")
        it = self.eval(first.iter, scope)
        items0 = self.iter_items(it)
        if len(e.generators) == 1 and not first.ifs and _empty_container(e.elt):
            n = len(items0) if items0 is not None else len(range(*[a.num for a in it.args])) \
                if it.op == "range" and all(isinstance(a, Val) and a.op == "const" and type(a.num) is int
                                            for a in it.args) and it.args and it.args[-1].num != 0 else None
            if n is not None and 0 < n <= _MAX_UNROLL:
                # `[OrderedDict() for _ in range(9)]`: nine containers, each filled by its position later
                # (`layers[1]["type"] = "conv"`), not one standing for all
                return self.seq([self.eval(e.elt, scope) for _ in range(n)])
        unroll = len(e.generators) == 1 and items0 is not None and any(
            (x.leaf is not None) or (x.kind == "seq" and any(y.leaf is not None for y in (x.elems or [])))
            for x in items0) or len(e.generators) <= 2 and _objects(items0)
        items, summary = self._comprehension(e.generators, scope, lambda s: self.eval(e.elt, s), unroll=unroll)
        if items is not None:
            return self.seq(items)
        if summary.kind == "inst" and isinstance(summary.elems, dict) and summary.stmt is self.cur:
            # `[Dense(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]` of sizes not known here: the one
            # object made stands for every layer, so its weights are a family (the hidden layers and the output
            # layer may differ by their activation, each then a member of its own)
            for held in summary.elems.values():
                if isinstance(held, Val) and held.op == "leaf" and held.kind == "arr" and held.leaf is not None and \
                        not held.leaf.data:
                    held.leaf.family = True
        return self.seq([], summary)

    def e_DictComp(self, e: ast.DictComp, scope: Scope) -> Val:
        keys: list[Val] = []

        def body(s: Scope) -> Val:
            keys.append(self.eval(e.key, s))
            return self.eval(e.value, s)

        items, summary = self._comprehension(e.generators, scope, body, unroll=True)
        d = Val("dict", (), "dict", self.cur)
        d.elems = {}
        if items is not None and all(k.op == "const" for k in keys):
            for k, v in zip(keys, items):
                d.elems[k.num] = v
        else:
            d.summary = summary
        return d

    def e_UnaryOp(self, e: ast.UnaryOp, scope: Scope) -> Val:
        v = self.eval(e.operand, scope)
        op = type(e.op).__name__
        if op == "USub":
            return self.neg(v)
        if op == "UAdd":
            return v
        if op == "Not" and v.op == "const":
            return self.const(not v.num)
        return self.unknown(v, kind="num" if v.kind == "num" else "arr")

    def e_Compare(self, e: ast.Compare, scope: Scope) -> Val:
        left = self.eval(e.left, scope)
        rights = [self.eval(c, scope) for c in e.comparators]
        if len(rights) == 1:
            r = rights[0]
            op = type(e.ops[0]).__name__
            if left.op == "len" and r.op == "const" and isinstance(r.num, int) and left.args and \
                    (n := _known_length(left.args[0])) is not None:
                # `if len(shape) == 1:` of a shape written out at the call: the rank is known, the branch decided
                # (a count kept symbolic for loops, `range(len(layer_dims))`, is still exact in a test)
                left = self.const(n)
            if left.op == "const" and r.op == "const":
                try:
                    return self.const(bool(eval_cmp(op, left.num, r.num)))
                except Exception:
                    pass
            if op in ("In", "NotIn") and left.op == "const" and isinstance(left.num, (str, int)) and \
                    r.kind == "seq" and r.summary is None and r.elems is not None and \
                    all(x.op == "const" for x in r.elems):
                # `if name in ['zero', 'Zero']:` of a factory handed a literal name: the branch decided
                return self.const((left.num in [x.num for x in r.elems]) == (op == "In"))
            if op in ("Eq", "NotEq", "Is", "IsNot") and left.kind == r.kind == "func" and \
                    not (left.ev or {}).get("either") and not (r.ev or {}).get("either") and \
                    func_node(left) is not None and func_node(r) is not None:
                # `if self.act == sigmoid:` with the instance's activation function known
                return self.const((func_node(left) is func_node(r)) == (op in ("Eq", "Is")))
            if op in ("Is", "IsNot") and r.op == "const" and r.num is None and left.op not in ("unknown", "join") and (
                    left.kind in ("seq", "dict") or left.kind == "inst" and isinstance(left.payload, tuple) and
                    left.payload[:1] == ("open-obj",) or
                    left.kind == "inst" and isinstance(left.payload, Val) and left.payload.kind == "cls"):
                # `sources if sources is not None else []` handed a list: the list (`self.bias is None` of a
                # bias the constructor made an instance of the file's own class: it is one)
                return self.const(op == "IsNot")
            v = self.new("cmp", (left, r), "arr" if left.kind == "arr" or r.kind == "arr" else "num")
            v.cmp = (op, left, r)
            return v
        return self.unknown(left, *rights, kind="num")

    def e_BinOp(self, e: ast.BinOp, scope: Scope) -> Val:
        if isinstance(e.op, ast.Mult) and isinstance(e.left, ast.BinOp) and isinstance(e.left.op, ast.Mult):
            return self._product(e, scope)
        a = self.eval(e.left, scope)
        b = self.eval(e.right, scope)
        return self.binop(type(e.op).__name__, a, b)

    def _product(self, e: ast.BinOp, scope: Scope) -> Val:
        """`a * b * c * d`, its factors read first: a product of two gradients (`o * (1 - tanh(c) ** 2) * dft *
        da_next`, the gate's gradient where its value belongs) is no formula, and no part of it is read as one."""
        nodes: list[ast.expr] = []
        left: ast.expr = e
        while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Mult) and len(nodes) < 16:
            nodes.append(left.right)
            left = left.left
        nodes.append(left)
        vals = [self.eval(n, scope) for n in reversed(nodes)]
        grads = [v for v in vals if v.adj is not None]
        if len(grads) > 1 and not squared_gradient(grads):
            out = self.new("mul", tuple(vals), "num" if all(v.kind == "num" for v in vals) else "arr")
            out.factors = tuple(vals)
            out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        if len(grads) == 1:
            for i, f in enumerate(vals):
                if f.op == "T" and f.adj is None and (back := self.single_unit_f2(grads[0], f)) is not None:
                    # `a1 * (1 - a1) * w2.T * s2` with w2 of one output unit: the error carried back through the
                    # weight (formula 2, written elementwise), then met by the derivative - whatever the order
                    # the factors are written in
                    vals = [back] + [v for j, v in enumerate(vals) if j != i and v is not grads[0]]
                    break
        acc = vals[0]
        for v in vals[1:]:
            acc = self.binop("Mult", acc, v)
        return acc

    def e_Call(self, e: ast.Call, scope: Scope) -> Val:
        entry = e.__dict__.get("_bp_summed_product", False)
        if entry is False:
            entry = e._bp_summed_product = summed_product(e)  # type: ignore[attr-defined]
        if entry is not None and self.lookup(scope, "sum") is None:
            # `sum(a[i][k] * b[k][j] for k in range(n))`: the entry (a @ b)[i][j] of the product it writes out
            return self.eval(entry, scope)
        if isinstance(e.func, ast.Name) and e.func.id == "eval" and len(e.args) == 1 and not e.keywords and \
                self.lookup(scope, "eval") is None and (written := self._evaluated_text(e, scope)) is not None:
            # `eval(f"Act.{self.activation}(Z = self.Z)")` with the name known: the call the string spells, read
            # as if written here (never run)
            return self.eval(written, scope)
        if isinstance(e.func, ast.Attribute) and e.func.attr == "grad":
            obj = self.eval(e.func.value, scope)
            if obj.kind not in ("mod", "inst", "cls"):
                # self.regularization.grad(w): a method that happens to be called grad, not the
                # gradient autograd keeps on a tensor
                return self.unknown(obj, *(self.eval(x, scope) for x in e.args))
            f = self.attribute(obj, e.func)
        else:
            f = self._named_function(e.func, scope) or self.eval(e.func, scope)
        args: list[Val] = []
        for x in e.args:
            v = self.eval(x, scope)
            if isinstance(x, ast.Starred) and v.kind == "seq" and v.summary is None:
                args.extend(v.elems)
            else:
                args.append(v)
        kwargs: dict[str, Val] = {}
        for k in e.keywords:
            v = self.eval(k.value, scope)
            if k.arg:
                kwargs[k.arg] = v
            elif v.kind == "dict" and isinstance(v.elems, dict) and v.summary is None:
                # f(**config) with a literal dict: its string keys are keyword arguments
                kwargs.update({key: val for key, val in v.elems.items() if isinstance(key, str)})
        if f.op == "attr" and f.ev and f.ev.get("attr") == "size" and not args and not kwargs:
            return self.array_attr(f.ev["obj"], "shape")  # torch's `x.size()`: the tensor's shape
        if f.kind == "builtin" and f.payload == "setattr" and len(e.args) == 3 and not kwargs and \
                args[1].op == "const" and isinstance(args[1].num, str) and args[1].num.isidentifier():
            # `setattr(self.optim, 'net', self.net)`: the attribute store it spells out, so the optimiser
            # steps the network's own parameters
            target = ast.copy_location(ast.Attribute(value=e.args[0], attr=args[1].num, ctx=ast.Store()), e)
            self.assign(target, args[2], scope, None)
            return self.const(None)
        unseen = _unseen_layer_method(f) if isinstance(e.func, ast.Attribute) and _PASSES_BACK.match(e.func.attr) \
            else None
        if isinstance(e.func, ast.Attribute) and e.func.attr in _FORWARD_CALLS and len(args) == 1 and not kwargs and \
                _fed_data(args[0]) and not self._bare_call() and _unseen_layer_method(f) == "stand-in":
            # `predicted = net.forward(batch_inputs)` of a network handed in (`train(net, inputs, targets, loss=MSE())`):
            # whatever its layers, what it returns for the data is the network's output, of a layer not shown here
            out = self.unknown(*args)
            out.role = ("z", self.presumed_unit(here=True))
            return out
        if isinstance(e.func, ast.Attribute) and self._bare_call() and _unseen_layer_method(f) == "stand-in" and \
                (kind := self._stand_in_step(e.func, args)) is not None:
            self.call_sites_tagged.append((self.cur, kind, None, "fallback"))  # type: ignore[arg-type]
            # (a stand-in's backward called for nothing, `model.backward(grad)` on a line of its own, hands nothing
            # on: no value comes of it here - its line is tagged - and it is no autograd's `loss.backward()`)
            return self.const(None)
        if isinstance(e.func, ast.Attribute) and self._bare_call() and _unseen_layer_method(f) == "listed" and \
                self._rated_step():
            # (`layer.update_weights(self.lr)` for each of a model's layers the file does not show)
            self.call_sites_tagged.append((self.cur, "update", None, "fallback"))  # type: ignore[arg-type]
            return self.const(None)
        if isinstance(e.func, ast.Attribute) and _unseen_layer_method(f) == "stand-in" and \
                self.own_optimiser_step(e.func) and self._steps_its_target(e):
            # `layer.weights = self.optimizer.update(layer.weights, dw, "w0")`: an optimiser handed in, given the
            # parameter and its gradient, returns the stepped parameter, which the statement stores back
            self.call_sites_tagged.append((self.cur, "update", None, "fallback"))  # type: ignore[arg-type]
            return self.unknown(*args)
        if unseen == "listed" or unseen == "stand-in" and not self._bare_call():
            g = handed_gradient(args)
            kind = delegated_kind(target_text(e.func.value)) if unseen == "stand-in" else "F2"
            if unseen == "stand-in" and any(isinstance(a, ast.Name) and TARGET_NAME.match(a.id) for a in e.args):
                kind = "error"  # (`layer.activation.backward(predictions, labels)`: handed the targets, a loss's)
            if g is not None or kind == "error":
                # `grad = layer.backward(grad)` over layers its user adds (`for layer in reversed(self.layers)`):
                # whatever each layer is, it hands back the gradient at its input - formula 2 by the protocol, or
                # formula 1 by the layer's name (`self.pool`); a loss's (`criterion.backward()`) is the output error
                return self.delegated(kind, g, args)
        out = self.call(f, args, kwargs, e)
        if (f.op == "method" or f.kind == "func") and self.cur is not None and \
                isinstance(self.cur.node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and _carries_gradient(out):
            self._read_by_protocol(e, args)
        if out.ev and out.ev.get("scatter") and len(e.args) == 3 and not e.keywords and \
                not any(isinstance(a, ast.Starred) for a in e.args):
            # `np.add.at(dX, (k, i, j), dcols)` of no looked-up rows: dX[k, i, j] += dcols, each index as often as it
            # occurs (the scatter of col2im, of a max-pool's winners)
            target = ast.copy_location(ast.Subscript(value=e.args[0], slice=e.args[1], ctx=ast.Store()), e)
            self.s_AugAssign(ast.copy_location(ast.AugAssign(target=target, op=ast.Add(), value=e.args[2]), e),
                             scope)
        return out

    def _evaluated_text(self, e: ast.Call, scope: Scope) -> ast.expr | None:
        """The expression `eval`'s one string spells, when the code fixes the string and it is more than a name
        (a name alone is a function looked up, see `_named_function`)."""
        texts = _string_values(self.eval(e.args[0], scope))
        if texts is None or len(texts) != 1:
            return None
        text = next(iter(texts))
        if text.isidentifier() or len(text) > 400:
            return None
        # (parsed once per call site and string: the same nodes each run, as a written expression's are)
        cache = e.__dict__.setdefault("_bp_eval", {})
        if text not in cache:
            try:
                parsed: ast.expr | None = ast.parse(text.strip(), mode="eval").body
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                parsed = None
            for node in ast.walk(parsed) if parsed is not None else ():
                # (only nodes with positions: `Load()` and the other contexts are objects the parser shares
                # between every tree it makes, and must stay without one)
                if "lineno" in node._attributes:
                    ast.copy_location(node, e)
                    node.end_lineno, node.end_col_offset = e.end_lineno, e.end_col_offset  # type: ignore[attr-defined]
            cache[text] = parsed
        return cache[text]

    def _named_function(self, e: ast.expr, scope: Scope) -> Val | None:
        """`eval(activation + "_backward")`, `globals()[kind + "_forward"]`: a function of the file's own looked up
        by a name the code builds from strings it knows (each one the code may build: a choice of them)."""
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "eval" and len(e.args) == 1 \
                and not e.keywords:
            builtin, text = e.func.id, e.args[0]
        elif isinstance(e, ast.Subscript) and isinstance(e.value, ast.Call) and isinstance(e.value.func, ast.Name) \
                and e.value.func.id in ("globals", "locals") and not e.value.args:
            builtin, text = e.value.func.id, e.slice
        else:
            return None
        if self.lookup(scope, builtin) is not None:
            return None  # a name of the file's own, not the built-in
        names = _string_values(self.eval(text, scope))
        if not names or len(names) > 8:
            return None
        funcs = [self.lookup(scope, n) for n in sorted(names)]
        if not all(f is not None and f.kind == "func" for f in funcs):
            return None
        return funcs[0] if len(funcs) == 1 else self._choice(funcs)

    def _choice_of_tables(self, tables: list[Val]) -> Val | None:
        """`ACTIVATIONS[self.activation]['deriv']` of `{"relu": {"func": ..., "deriv": ...}, "sigmoid": {...}}`: one of
        several tables of functions, which one the code does not say - a table whose every entry is the choice of
        that entry's functions (the forward function one of the activations, the derivative one of theirs)."""
        if not all(t.kind == "dict" and t.summary is None and t.elems for t in tables):
            return None
        keys = [k for k in tables[0].elems if all(k in t.elems and t.elems[k].kind == "func" for t in tables)]
        if not keys:
            return None
        out = Val("dict", (), "dict", self.cur)
        out.elems = {k: self._choice([t.elems[k] for t in tables]) for k in keys}
        return out

    def _choice(self, funcs: list[Val]) -> Val:
        """One of several functions of the file's own, which one the code does not say (called: each is run)."""
        choice = Val("choice", tuple(funcs), "func", self.cur)
        choice.payload = funcs[-1].payload
        return choice

    def e_List(self, e: ast.List, scope: Scope) -> Val:
        v = self.e_Tuple(e, scope)  # type: ignore[arg-type]
        if v.elems and len(v.elems) >= 2 and self.cur is not None:
            pairs = self._sample_pairs(v, e)
            if pairs is not None:
                return pairs
        return self._samples_labelled(v) if v.elems and len(v.elems) >= 3 else v

    def _sample_pairs(self, v: Val, e: ast.List) -> Val | None:
        """`[([0, 0], [0]), ([0, 1], [1]), ...]`: a data set written out as (inputs, targets) pairs of plain
        numbers. A number that differs from pair to pair is the data (an input, a target) whatever the pass over
        the list, not the constant written in one pair; None for any other list."""
        rows = v.elems or []
        if any(r.kind != "seq" or r.summary is not None or len(r.elems or []) != 2 for r in rows) or \
                not any(x.kind == "seq" for x in rows[0].elems or []):
            return None  # (`[[0, 1], [1, 0]]`: rows of two numbers are inputs, not (input, target) pairs)

        def numbers(x: Val) -> list[Val] | None:
            items = [x] if x.kind == "num" else x.elems if x.kind == "seq" and x.summary is None else None
            if not items or not all(i.op == "const" and isinstance(i.num, (int, float)) and
                                    not isinstance(i.num, bool) for i in items):
                return None
            return items

        cols = []
        for c in range(2):
            shapes = [numbers(r.elems[c]) for r in rows]
            if any(s is None for s in shapes) or len({(len(s), rows[i].elems[c].kind)  # type: ignore[arg-type]
                                                     for i, s in enumerate(shapes)}) != 1:
                return None
            cols.append(shapes)
        if not any(len({s[k].num for s in shapes}) >= 2 for shapes in cols for k in range(len(shapes[0]))):
            return None
        made = []
        for c, shapes in enumerate(cols):
            parts = []
            for k in range(len(shapes[0])):
                if len({s[k].num for s in shapes}) < 2:
                    parts.append(shapes[0][k])
                    continue
                leaf = self.make_leaf((id(e), "sample", c, k), f"{'targets' if c else 'inputs'}[{k}]")
                leaf.leaf.data = True
                leaf.kind = "num"
                parts.append(leaf)
            made.append(parts[0] if rows[0].elems[c].kind == "num" else self.seq(parts))
        return self.seq([self.seq(list(made)) for _ in rows])

    def _samples_labelled(self, v: Val) -> Val:
        """`[(np.array([0.7, 0.8]), 1), (np.array([0.2, 0.5]), 0), ...]`: a data set written out sample by sample;
        a number that differs from sample to sample beside an array is a label, any of them on each pass over
        the list, not the one constant written there."""
        rows = v.elems or []
        width = len(rows[0].elems or []) if rows[0].kind == "seq" else 0
        if width < 2 or any(r.kind != "seq" or r.summary is not None or len(r.elems or []) != width for r in rows):
            return v
        cols = list(zip(*(r.elems for r in rows)))
        if not any(all(x.kind == "arr" for x in col) for col in cols):
            return v
        labels = {i for i, col in enumerate(cols) if all(x.op == "const" and isinstance(x.num, (int, float)) and
                                                         not isinstance(x.num, bool) for x in col) and
                  len({x.num for x in col}) >= 2}
        if not labels:
            return v
        joined = {i: self.join_all(list(cols[i])) for i in labels}
        return self.seq([self.seq([joined.get(i, x) for i, x in enumerate(r.elems or [])]) for r in rows])

    e_GeneratorExp = e_ListComp
    e_Set = e_Tuple
    e_SetComp = e_ListComp


#: functions of Python's `random` that draw one number
_NUMBER_DRAWS = frozenset({"random", "uniform", "gauss", "normalvariate", "triangular"})


def _objects(items: list[Val] | None) -> bool:
    """A short known list of objects of the file's own classes (layers walked for their parameters)."""
    return items is not None and 0 < len(items) <= 16 and all(x.kind == "inst" and isinstance(x.payload, Val)
                                                                  for x in items)


#: a list that holds one sample's input values
_INPUT_LIST = re.compile(r"^(x|xs|inputs?|samples?|features?|training_inputs?|input_(values|vector|list)|in_?vals?)$",
                         re.IGNORECASE)


def _sample_numbers(v: Val) -> bool:
    """A list of numbers written out, some with a fraction (`[0.05, 0.1]`): a sample's values, not sizes."""
    nums = [x.num for x in v.elems or [] if isinstance(x, Val) and x.op == "const"]
    return len(nums) == len(v.elems or []) >= 2 and all(
        isinstance(n, (int, float)) and not isinstance(n, bool) for n in nums) and \
        any(isinstance(n, float) and not n.is_integer() for n in nums)


def _as_lists(v: Val) -> Val:
    """Mark an array the program keeps as (nested) lists of numbers."""
    v.ev = dict(v.ev or {}, lists=True)
    return v


def _range_length(e: ast.ListComp) -> ast.expr | None:
    """n of a comprehension over `range(n)` alone, else None."""
    it = e.generators[0].iter if len(e.generators) == 1 and not e.generators[0].ifs else None
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and \
            len(it.args) == 1 and not it.keywords:
        return it.args[0]
    return None


def _string_values(v: Val, depth: int = 0) -> set[str] | None:
    """Every string `v` may be (a constant, a concatenation of such, either of two branches), else None."""
    if v.op == "const":
        return {v.num} if isinstance(v.num, str) else None
    if depth > 4:
        return None
    if v.op == "join":
        parts = [_string_values(a, depth + 1) for a in v.args if isinstance(a, Val)]
        return set().union(*parts) if parts and all(p is not None for p in parts) else None
    if v.op == "add" and len(v.args) == 2 and all(isinstance(a, Val) for a in v.args):
        left, right = _string_values(v.args[0], depth + 1), _string_values(v.args[1], depth + 1)
        if left is None or right is None or len(left) * len(right) > 8:
            return None
        return {a + b for a in left for b in right}
    return None


def _zeros_length(e: ast.ListComp) -> ast.expr | None:
    """n of `[0 for _ in range(n)]` (or 0.0), else None."""
    if isinstance(e.elt, ast.Constant) and e.elt.value == 0 and not isinstance(e.elt.value, bool):
        return _range_length(e)
    return None


def _scaled_call(elt: ast.expr) -> ast.Call | None:
    """The call of `random()`, `random() - 0.5`, `2 * random.random() - 1`, `random.gauss(0, 1) * scale`: a call
    scaled or shifted by numbers or names, else None."""
    for _ in range(3):
        if isinstance(elt, ast.Call):
            return elt
        if not isinstance(elt, ast.BinOp) or not isinstance(elt.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            return None
        plain = (ast.Constant, ast.Name, ast.Attribute)
        if isinstance(elt.right, plain):
            elt = elt.left
        elif isinstance(elt.left, plain) and not isinstance(elt.op, ast.Div):
            elt = elt.right
        else:
            return None
    return elt if isinstance(elt, ast.Call) else None


def _number_grid(e: ast.expr) -> tuple[Any, list[ast.expr]] | None:
    """What fills a table of numbers built by nested comprehensions over ranges, and its sizes outermost first:
    `[[0.0 for _ in range(m)] for _ in range(n)]` -> ("zeros", [n, m]); `[[0] * m for _ in range(n)]` too;
    `[[random.uniform(-1, 1) for _ in range(m)] for _ in range(n)]` -> (the call's expression, [n, m]).
    None when a size depends on the comprehension's own variables (a ragged table) or the entries are other."""
    sizes: list[ast.expr] = []
    bound: set[str] = set()
    for _ in range(4):
        if isinstance(e, ast.ListComp) and (n := _range_length(e)) is not None:
            bound |= {x.id for x in ast.walk(e.generators[0].target) if isinstance(x, ast.Name)}
            sizes.append(n)
            e = e.elt
        elif isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult) and isinstance(e.left, ast.List) and \
                len(e.left.elts) == 1:
            sizes.append(e.right)
            e = e.left.elts[0]
        else:
            break
    if any(isinstance(x, ast.Name) and x.id in bound for n in sizes for x in ast.walk(n)):
        return None
    if isinstance(e, ast.Constant) and e.value == 0 and not isinstance(e.value, bool):
        return "zeros", sizes
    if _scaled_call(e) is not None and not any(isinstance(x, ast.Name) and x.id in bound for x in ast.walk(e)):
        return e, sizes
    return None


def _drawn_numbers(e: ast.ListComp, call: ast.Call | None, func: Val | None) -> ast.expr | None:
    """n of `[random.random() for _ in range(n)]` (or `rnd.gauss(0, 1)` of a `random.Random`, `random()`
    imported from `random`, each maybe scaled or shifted: `random() - 0.5`), else None."""
    return _range_length(e) if _draws_a_number(call, func) else None


def _draws_a_number(call: ast.Call | None, func: Val | None) -> bool:
    """`random.random()`, `rnd.gauss(0, 1)`: a call (whose function is `func`) that draws one number."""
    if call is None or func is None:
        return False
    if func.kind == "mod":
        qual = str(func.payload)
        return qual.startswith("random.") and qual.rsplit(".", 1)[-1] in _NUMBER_DRAWS
    return func.kind == "method" and isinstance(call.func, ast.Attribute) and call.func.attr in _NUMBER_DRAWS


def _indexed_entry(func: ast.AST, key: object) -> bool:
    """The function reads the entry `key` of a dict it is handed (`params`, or its copy `training_params`) by a
    number, not a slice: `params["W"][k]`, or through a name bound to it (`W = params["W"]` ... `W[k]`) - the entry
    is a list."""
    def entry(e: ast.AST) -> bool:
        return isinstance(e, ast.Subscript) and isinstance(e.value, ast.Name) and \
            isinstance(e.slice, ast.Constant) and e.slice.value == key

    def by_number(e: ast.Subscript) -> bool:
        return not isinstance(e.slice, (ast.Slice, ast.Tuple)) and not (
            isinstance(e.slice, ast.Constant) and isinstance(e.slice.value, str))

    aliases = {t.id for n in ast.walk(func) if isinstance(n, ast.Assign) and entry(n.value)
               for t in n.targets if isinstance(t, ast.Name)}
    return any(isinstance(n, ast.Subscript) and by_number(n) and
               (entry(n.value) or isinstance(n.value, ast.Name) and n.value.id in aliases) for n in ast.walk(func))


def _empty_container(e: ast.expr) -> bool:
    """`{}`, `[]`, `dict()`, `OrderedDict()`: a fresh empty container (`[OrderedDict() for _ in range(9)]` makes nine,
    each filled by its position later: `layers[1]["type"] = "conv"`)."""
    if isinstance(e, (ast.Dict, ast.List)):
        return not (e.keys if isinstance(e, ast.Dict) else e.elts)
    return isinstance(e, ast.Call) and not e.args and not e.keywords and \
        (isinstance(e.func, ast.Name) and e.func.id in ("dict", "list", "OrderedDict", "defaultdict") or
         isinstance(e.func, ast.Attribute) and e.func.attr == "OrderedDict")


def _known_length(v: Val) -> int | None:
    """How many elements a list or tuple of known elements holds (None for one built in a loop)."""
    if isinstance(v, Val) and v.kind == "seq" and v.summary is None and v.elems is not None and v.op != "join" \
            and isinstance(v.elems, list):
        return len(v.elems)
    return None


def _class_attribute(cls: Val, name: str, depth: int = 0) -> Val | None:
    """A class defined in the body of `cls` (or of a class it derives from), read through an instance."""
    if cls.kind != "cls" or not isinstance(cls.payload, dict) or depth > 8:
        return None
    v = cls.payload["attrs"].get(name)
    if v is not None and v.kind == "cls":
        return v
    for base in cls.payload.get("base_classes", []):
        found = _class_attribute(base, name, depth + 1)
        if found is not None:
            return found
    return None


def _slot_parts(idx: Val) -> list[Val] | None:
    parts = list(idx.elems or []) if idx.kind == "seq" and idx.summary is None else [idx]
    if not parts or any(not isinstance(p, Val) for p in parts):
        return None
    return parts


def _slot_index(idx: Val) -> bool:
    """`[t]`, `[t - 1]`, `[:, t, :]`, `[:, T - 1, :]`: an index that picks one step of an array kept step by step:
    a loop's variable (give or take a number), or a computed position beside slices. Not a mask, not an entry
    picked by data (`t[y[i]] = 1` of a one-hot target), not a row written as a literal number (`W[0, :] = w0`,
    an initial value, read for `W[n - 1, :]` only through the steps that follow it)."""
    parts = _slot_parts(idx)
    if parts is None:
        return False
    steps = [p for p in parts if p.op != "slice"]
    if not steps or any(p.kind != "num" or p.cmp is not None or isinstance(p.num, bool) for p in steps):
        return False
    if all(_stepped(p) for p in steps):
        return True
    return len(parts) > 1 and len(steps) < len(parts) and any(p.op != "const" for p in steps) and \
        all(p.op in ("const", "sub", "add", "attr", "dim", "leaf", "loopvar") for p in steps)


def _same_slot_shape(key: Val, idx: Val) -> bool:
    """A write's index of the same shape as a step index: positions in the same places, the same slices."""
    pa, pb = _slot_parts(key), _slot_parts(idx)
    return pa is not None and pb is not None and len(pa) == len(pb) and _slot_index(key) and \
        all((x.op == "slice") == (y.op == "slice") for x, y in zip(pa, pb))


def _fed_data(v: Val) -> bool:
    """The data a network is run on: a data leaf (or the input role of one), or a slice or reshape of it."""
    v = behind(v, ("getitem", "reshape", "copy", "T"))
    return v.adj is None and (v.leaf is not None and v.leaf.data or v.role is not None and v.role[0] == "in")
