"""Calls: user functions and classes followed into their bodies; library functions by meaning."""

from __future__ import annotations

import ast
import re
from typing import Any

from bpscan.delegation import backward_stem, delegated_kind
from bpscan.rules.vocabulary import (ARRAY_MODULES, BACKWARD_WORD, DTYPE_CASTS, FORWARD_WORD, FUNCTIONS, METHODS,
                                     RANDOM_DRAWS, TARGET_NAME)
from bpscan.runtime import (_Return, _Break, Scope, Frame, _MAX_UNROLL, _MAX_CALL_DEPTH, is_generator, layer_cycle,
                             method_scope, walked_cycle, with_cycle)
from bpscan.terms import (behind, callee_name, clip_bounds, handed_gradient, is_slice, is_zero, leaf_behind, loops_binding,
                          made_by,
                          named_by_target, names_bias_of, read_from_file, rows_of, same_activation, same_forward, same_value,
                          single_target, strip_views, target_text, unscaled, weight_view, zero_started)
from bpscan.values import GRAD, UNKNOWN_SIGN, Adj, Deriv, Leaf, Unit, Val, bias_sign

#: how deep one method may run inside itself for other objects (a Sequential of layers, of Sequentials)
_MAX_COMPOSITE = 3

#: classes whose instances are dicts: their subscripts and dict methods reach the entries
_DICT_BASES = frozenset({"dict", "OrderedDict", "defaultdict", "UserDict", "Counter"})
_DICT_METHODS = frozenset({"get", "setdefault", "pop", "items", "keys", "values", "update", "copy"})


#: a layer's activation by its role, not its kind: `layer.activate(z, deriv=True)`, `self.act_fn(z, True)`
_ACTIVATE_WORD = re.compile(r"^(activate|activation|activation_?f(n|unc|unction)?|act(_?fn|_?func)?|nonlin(earity)?|"
                            r"transfer(_?f(n|unc|unction)?)?)$", re.IGNORECASE)
#: lists of activations, one per layer, by name (`phi[k]`, `acts[l]`, `activations[i]`), and of their derivatives
_LISTED_ACTIVATIONS = re.compile(r"^(phis?|sigmas?|acts|activations|activation_?f(n|unc|unction)?s|nonlinearities)$")
_LISTED_DERIVATIVES = re.compile(r"^(d_?(phis?|sigmas?|acts|activations)|(phi|sigma|act|activation)s?_?(primes?|"
                                 r"derivs?|derivatives?|grads?))$")
_ACTIVATION_NAMES = frozenset({"sigmoid", "softmax", "relu", "tanh", "leaky_relu"})
#: the method of an activation object that gives its derivative: `act.d(z)`, `act.derivative(z)`, `act.prime(z)`
_DERIVATIVE_WORD = re.compile(r"^(d|df|deriv|derivative|derivate|prime|grad|gradient|diff|backward_?local)$",
                              re.IGNORECASE)
#: the same method named with the activation in it: `act.activateGrad(z)`, `act.activation_derivative(z)`
_ACTIVATION_DERIVATIVE_WORD = re.compile(r"^(activat(e|ion)|act|nonlin(earity)?|transfer)_?(d|df|deriv(ative)?|"
                                         r"derivate|prime|grad(ient)?|diff)$|^(d|deriv(ative)?|grad(ient)?)_?"
                                         r"(activat(e|ion)|act|nonlin(earity)?|transfer)$", re.IGNORECASE)
#: the method of an activation object that applies it (`self.activation.run(z)`, `act.forward(z)`)
#: what a handed-in module answers after its forward pass: `derivative()`, `backward()` (see `module_call`)
MODULE_DERIVATIVE = re.compile(r"^(d|deriv|derivative|derivate|prime|grad|gradient|backward)$")
_APPLY_WORD = re.compile(r"^(run|forward|apply|f|fn|func|function|activate|compute|evaluate|call|eval)$", re.IGNORECASE)
#: calls the scan reads as unknown that `bpscan verify` evaluates (a cost's nansum, a mask's cast)
_VERIFY_ONLY = frozenset({"nansum", "int64", "int32", "float64", "float32"})
#: the standard library's `random` functions that draw one number, and NumPy's draw of the same kind
_STDLIB_DRAWS = {"random": "random", "uniform": "uniform", "gauss": "normal", "normalvariate": "normal"}
#: the standard library's `random` functions that pick among choices handed to them
_STDLIB_PICKS = frozenset({"choice", "choices", "sample", "randint", "randrange"})
_CE_NAME = re.compile(r"cross_?entropy|xent|nll|log_?loss|bce", re.IGNORECASE)


#: interpreter steps all calls of one function may take in one pass (a training script's helpers
#: take a few thousand; a generated table's helper called 1,300 times takes millions)
FUNCTION_STEPS = 20_000

_DERIV_NAME = re.compile(r"^(?:d_?|de_?|grad_?|der_?|deriv_?)(sigmoid|tanh|relu|leaky_relu)$|"
                         r"^(sigmoid|tanh|relu|leaky_relu)_?(?:derivative|derivate|deriv|prime|grad|gradient|der|d)$",
                         re.IGNORECASE)


# array makers whose (first) positional arguments are the dimensions of what they make
_SHAPED_BY_ARGS = frozenset({"rand", "randn", "zeros", "ones", "empty"})
#: draws whose size follows the distribution's numbers: its place among the positional arguments
_DRAWN_WITH_SIZE = {"normal": 2, "uniform": 2, "binomial": 2, "randint": 2, "choice": 1, "standard_normal": 0,
                    "random": 0, "random_sample": 0, "laplace": 2, "logistic": 2, "lognormal": 2,
                    "truncnorm": 2, "beta": 2, "gamma": 2, "poisson": 1, "exponential": 1}
_FLAG_NAME = re.compile(r"^(?:deriv\w*|derivative|grad\w*|prime|backward|d)$", re.IGNORECASE)


def _wrapped_op(node: Any, n_args: int) -> ast.expr | None:
    """`def hadamard(a, b): return np.multiply(a, b)`, `def dot(a, b): return a @ b`: a function whose body
    is one array operation on its own parameters, each used once, and nothing else; the expression."""
    if isinstance(node, ast.Lambda) or node.args.vararg or node.args.kwarg or node.args.kwonlyargs or \
            node.args.posonlyargs or node.args.defaults or node.decorator_list or len(node.args.args) != n_args:
        return None
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return None
    expr = body[0].value
    params = [a.arg for a in node.args.args]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Mult, ast.MatMult)):
        operands = [expr.left, expr.right]
    elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and \
            isinstance(expr.func.value, ast.Name) and expr.func.attr in ("multiply", "dot", "matmul") and \
            not expr.keywords:
        operands = list(expr.args)
    else:
        return None
    names = [o.id for o in operands if isinstance(o, ast.Name)]
    return expr if len(names) == len(operands) == len(params) and sorted(names) == sorted(params) else None


def _keyed_activation(node: ast.AST | None) -> bool:
    """A method called on the entry a dict keeps under an activation's role (`layer['activation'].evaluate(z)`)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and
            isinstance(node.func.value, ast.Subscript)):
        return False
    key = node.func.value.slice
    return isinstance(key, ast.Constant) and isinstance(key.value, str) and bool(_ACTIVATE_WORD.match(key.value))


def _flag(rest: list[Val], kwargs: dict[str, Val]) -> bool | None:
    """The one extra argument of `f(x, derivative=True)` / `f(x, False)`: True asks for the derivative, False
    for the value; None when there is no such flag."""
    if len(rest) + len(kwargs) != 1:
        return None
    if rest:
        v = rest[0]
    else:
        (key, v), = kwargs.items()
        if not _FLAG_NAME.match(key):
            return None
    return v.num if v.op == "const" and isinstance(v.num, bool) else None


def _derivative_flag(rest: list[Val], kwargs: dict[str, Val]) -> bool:
    """The one extra argument of `f(x, derivative=True)` / `f(x, True)` asks for the derivative."""
    return _flag(rest, kwargs) is True


def derivative_kind(name: str) -> str | None:
    """The activation whose derivative a function's name says it is: `relu_derivative` -> relu."""
    m = _DERIV_NAME.match(name)
    return (m.group(1) or m.group(2)).lower() if m else None


#: names of configuration arguments (`bn_param`, `config`, `opts`) whose `.get(key, default)` is the default
_SETTINGS = re.compile(r"(param|config|conf|cfg|setting|option|opts|kwargs)", re.IGNORECASE)


def _setting_default(args: list[Val]) -> bool:
    """`.get(key, 1e-5)`: a default that is a plain number or string (a setting, not a flag)."""
    return len(args) > 1 and args[1].op == "const" and isinstance(args[1].num, (int, float, str)) and \
        not isinstance(args[1].num, bool)


def _permutation(args: list[Val]) -> list[int] | None:
    """The axes of `x.transpose(0, 2, 1)` or `np.transpose(x, (0, 2, 1))`, when each is a constant."""
    items = args[0].elems if len(args) == 1 and args[0].kind == "seq" and args[0].summary is None else args
    nums = [a.num if isinstance(a, Val) else None for a in items or []]
    return nums if nums and all(isinstance(n, int) and not isinstance(n, bool) for n in nums) else None


def _layer_object(inst: Val) -> bool:
    """An instance of a class with a forward and a backward method (a layer, a network)."""
    from bpscan.interp_entries import layer_pair

    cls = inst.payload if inst.kind == "inst" else None
    methods = cls.payload.get("methods") if isinstance(cls, Val) and isinstance(cls.payload, dict) else None
    return bool(methods) and None not in layer_pair(methods)


class CallsMixin:
    """Part of the abstract interpreter (see bpscan.interp.Interp)."""

    _data_call = False

    # ------------------------------------------------------------------ calls
    def _sizes_are_numbers(self, args: list[Val]) -> None:
        """`np.random.randn(n_out, nx) * np.sqrt(2 / nx)` with `nx` an entry point's argument: what gives an
        array's dimensions is a number, so the scale it makes is no tensor the draw is multiplied by."""
        def size(v: Val, depth: int = 0) -> bool:
            if v.adj is not None or v.kind not in ("arr", "num") or depth > 3:
                return False
            # an argument or an opaque value, or either of two (`tmp = nx if i == 0 else layers[i - 1]`), or an
            # entry of a list of sizes read from outside (`Layer(self.layer[num - 1], self.layer[num])`)
            if not (v.op == "leaf" and v.leaf is not None and not self.is_param(v.leaf) or
                    v.op == "getitem" and bool(v.args) and isinstance(v.args[0], Val) and v.args[0].op == "leaf" and
                    v.args[0].leaf is not None and not self.is_param(v.args[0].leaf) and v.adj is None or
                    v.op == "unknown" and not v.deps or
                    v.op == "join" and all(isinstance(x, Val) and size(x, depth + 1) for x in v.args)):
                return v.kind == "num"
            v.kind, v.deps = "num", frozenset()
            return True

        for a in args:
            for v in (a.elems or []) if a.kind == "seq" and isinstance(a.elems, list) else [a]:
                if isinstance(v, Val):
                    size(v)

    def call_function(self, f: Val, args: list[Val], kwargs: dict[str, Val], standalone: bool = False,
                      self_val: Val | None = None) -> Val:
        node, closure, _ = f.payload
        if not self.func_stack and not args and not kwargs and isinstance(node, ast.FunctionDef) and \
                not node.args.args and _FIXTURE.search(node.name):
            # `AL, Y, caches = L_model_backward_test_case()`: a course's fixture of made-up arrays, which the calls
            # it feeds only exercise - read as the opaque values they are to this file, whose functions stay entry
            # points (their layout is not the fixture's)
            return self.unknown()
        # a top-level call that meets no formula (a notebook's test cell on made-up data, `grads =
        # backward(AL_test, Y_test, caches_test)`) is a smoke test: the function is still read as an entry
        # point of its own
        trial = not self.smoke and not self.func_stack and id(node) not in self.called and not standalone and \
            not self.entry and (self_val is None or _layer_object(self_val))
        called_before = set(self.called) if trial else None
        if not self.smoke:
            self.called.add(id(node))
        met = (self.formulas, len(self.units))
        if node in self.call_stack and not self._composite_call(node, self_val) or \
                len(self.call_stack) >= _MAX_CALL_DEPTH or self.steps > self.budget:
            return self.unknown(*args, *kwargs.values())
        spent = self._fn_steps.get(id(node), 0)
        if spent > FUNCTION_STEPS:
            # generated code calling one large helper a thousand times: each call would be analysed
            # afresh and its state kept; past this share of the budget the calls are not followed
            if id(node) not in self._fn_capped and self.cur is not None:
                self._fn_capped.add(id(node))  # said once, at the first call not followed
                self._stopped(self.cur.node, f"the budget for repeated calls of {getattr(node, 'name', 'a function')}")
            return self.unknown(*args, *kwargs.values())
        scope = Scope(closure, node)
        opaque = trial and _opaque(args, kwargs)
        if not self.entry and not opaque:
            self.last_args[id(node)] = (list(args), dict(kwargs))  # what a twin never called is driven with
        self.call_sites.append(self.cur)
        before = self.steps
        try:
            out = self._call_function(node, scope, args, kwargs, self_val)
        finally:
            self.call_sites.pop()
            if called_before is not None and ((self.formulas, len(self.units)) == met or opaque):
                # nothing it ran met a formula, or it ran on nothing but values the scan cannot see (a notebook's
                # `AL, Y, caches = L_model_backward_test_case()` of a module that is not there): what it called
                # stays to be read as entry points
                self.called = called_before
            elif called_before is not None:
                self.trial_called |= self.called - called_before
            if getattr(node, "_bp_mod", None) is None and BACKWARD_WORD.search(getattr(node, "name", "")):
                # a backward pass the file calls, through which no gradient this run can see flowed (the
                # layer above it is one the model could not read): still read on its own, as an entry
                (self.fruitful if (self.formulas, len(self.units)) != met else self.barren).add(id(node))
            self.last_locals = scope.vars  # what the function computed, for an entry's next call
            if not self.call_stack or node not in self.call_stack:
                self._fn_steps[id(node)] = spent + (self.steps - before)
        return self.read(out)  # the call site uses what the return statement computed

    def _composite_call(self, node: Any, self_val: Val | None) -> bool:
        """A method running again for another object while it runs: `Module.__call__` of a child layer inside a
        Sequential's own `__call__` (its `forward` calls `module(x)`), a container's `backward` over containers.
        Other objects, so no recursion; nested two deep at most."""
        if self_val is None or self_val.kind != "inst":
            return False
        frames = [f for f in self.frames if f.func is node]
        return len(frames) < _MAX_COMPOSITE and all(f.self_val is not self_val for f in frames)

    def _call_function(self, node: Any, scope: Scope, args: list[Val], kwargs: dict[str, Val],
                       self_val: Val | None) -> Val:
        if self_val is not None:
            args = [self_val] + list(args)
        if isinstance(node, ast.Lambda):
            self.bind_params(node, scope, args, kwargs)
            self.call_stack.append(node)
            try:
                return self.eval(node.body, scope)
            finally:
                self.call_stack.pop()
        self.bind_params(node, scope, args, kwargs)
        ng = 1 if any("no_grad" in target_text(d) for d in node.decorator_list) else 0
        self.no_grad += ng
        self.call_stack.append(node)
        self.func_stack.append(node)
        saved_static, saved_ranges = self.static_loops, self.range_vars
        self.static_loops, self.range_vars = [], []
        frame = Frame(node, self.t, self_val)
        if is_generator(node):
            frame.yields, frame.loops = [], (len(self.loop_stack), self.unrolled)
        self.frames.append(frame)
        try:
            self.exec_block(node.body, scope)
        except _Return:
            pass
        except _Break:
            pass
        finally:
            self.frames.pop()
            self.call_stack.pop()
            self.func_stack.pop()
            self.static_loops, self.range_vars = saved_static, saved_ranges
            self.no_grad -= ng
        if frame.yields is not None:
            # `for p, g in layer.params()` over `yield self.W, self.dW`: the values it hands out, in order.
            # Objects handed out, or only values the model cannot read, stay unread (the call's value is what it
            # was before generators were followed): a hand-written autograd's `Variable`s, whose `.grad` its
            # `backward` fills, are then read as autograd's tensors
            if not frame.yields or any(y.kind == "inst" or y.kind == "seq" and isinstance(y.elems, list) and
                                       any(x.kind == "inst" for x in y.elems) for y in frame.yields) or \
                    all(y.op == "unknown" for y in frame.yields):
                return self.const(None)
            if frame.inexact:
                # yielded in a loop the model did not unroll: read only when each value is a named array
                if not all(_named_arrays(y) for y in frame.yields):
                    return self.const(None)
                return self.seq([], self.join_all(frame.yields))
            return self.seq(frame.yields)
        if not frame.returns:
            return self.const(None)
        computed = [r for r in frame.returns if not (r.op == "const" and isinstance(r.num, (int, float)))]
        if len(computed) == 1 and len(frame.returns) > 1 and computed[0].act is not None:
            # `if x < -500: return 0.0` ... `return 1 / (1 + math.exp(-x))`: guards against overflow return the
            # activation's limits, the function is the activation
            return computed[0]
        out = frame.returns[0]
        for r in frame.returns[1:]:
            out = self.join(out, r)
        return out

    def bind_params(self, node: Any, scope: Scope, args: list[Val], kwargs: dict[str, Val]) -> None:
        a = node.args
        params = a.posonlyargs + a.args
        defaults = [None] * (len(params) - len(a.defaults)) + list(a.defaults)
        # (a property's setter is handed what an assignment stores, `self.kernel = init(shape)`: the attribute's value,
        # never data named by the setter's parameter)
        setter = any(isinstance(d, ast.Attribute) and d.attr == "setter" for d in getattr(node, "decorator_list", ()))
        for i, p in enumerate(params):
            if i < len(args) or p.arg in kwargs:
                v = args[i] if i < len(args) else kwargs[p.arg]
                v = v if setter else self._handed_data(v, p.arg)
            elif defaults[i] is not None:
                v = self.eval(defaults[i], scope.parent or scope)
            else:
                v = self.unknown()
            scope.vars[p.arg] = v
        for p, d in zip(a.kwonlyargs, a.kw_defaults):
            if p.arg in kwargs:
                scope.vars[p.arg] = kwargs[p.arg]
            elif d is not None:
                scope.vars[p.arg] = self.eval(d, scope.parent or scope)
            else:
                scope.vars[p.arg] = self.unknown()
        if a.vararg is not None:
            scope.vars[a.vararg.arg] = self.seq(list(args[len(params):]))
        if a.kwarg is not None:
            d = Val("dict", (), "dict", self.cur)
            d.elems = {k: v for k, v in kwargs.items() if k not in {p.arg for p in params}}
            d.payload = ("kwargs",)  # (keywords handed in: a loop over them is no layer's table)
            scope.vars[a.kwarg.arg] = d

    def _handed_data(self, v: Val, name: str) -> Val:
        """`model.train(np.loadtxt("x.csv"), np.loadtxt("y.csv"))`, `fit(np.random.randn(100, 3), ...)`: an array
        read or drawn in the call itself, with no name of its own, is known by the parameter's (a file's
        contents always; a draw only under a name that says data or targets)."""
        if v.op != "init" or v.kind != "arr" or v.leaf is not None or v.deps or v.adj is not None or \
                self.cur is None:
            return v
        from bpscan.interp_entries import _DATA

        if not (read_from_file(v) or made_by(v, RANDOM_DRAWS) and (_DATA.match(name) or TARGET_NAME.match(name)) or
                made_by(v, ("ones", "zeros", "full")) and TARGET_NAME.match(name)):
            # (`bce_grad(d_fake, np.ones((n, 1)))` into `targets`: a GAN's labels, all real or all fake)
            return v
        return self.leafify(v, (id(self.cur.node), "handed", name), name)

    def instantiate(self, cls: Val, args: list[Val], kwargs: dict[str, Val], standalone: bool = False,
                    site: ast.AST | None = None) -> Val:
        inst = Val("inst", (), "inst", self.cur)
        inst.elems = {}
        inst.payload = cls
        # where it was made: two `Dense(...)` calls are two layers; the same call in a loop is one, except in a loop
        # run pass by pass that only builds a list (`for i in range(3): layers.append(Dense(8, 8))`: three)
        # (an object a constructor makes, `self.conv = TransposeConv2d(...)` in `Upsampling.__init__`: one per object
        # being built, though every one is made by the same line)
        self._place_instance(inst, ("new", id(site) if site is not None else id(cls.payload["node"])) +
                             tuple(k for k in self.positions if k >= 0) +
                             ((self.building[-1],) if self.building and site is not None else ()), cls,
                             (getattr(site, "lineno", None) or (self.cur.line if self.cur else 0),
                              getattr(site, "col_offset", 0)))
        for k, v in _lineage_attrs(cls).items():
            if v.kind in ("num", "str", "none"):
                inst.elems[k] = v
            elif v.kind in ("dict", "seq") and not v.elems and v.summary is None:
                # `__weights = {}` in the class body, filled by `self.__weights["W1"] = ...`: the instance's store
                fresh = Val(v.kind, (), v.kind, self.cur)
                fresh.elems = [] if v.kind == "seq" else {}
                inst.elems[k] = fresh
            elif v.kind == "dict" and v.elems and v.summary is None and all(_table_entry(e) for e in v.elems.values()):
                # `ACTIVATIONS = {"relu": {"func": ..., "deriv": ...}}` in the class body: a table of functions the
                # methods look up through `self`, the class's own (an instance does not shadow it)
                inst.elems[k] = v
        init = cls.payload["methods"].get("__init__")
        if init is not None:
            f = Val("func", (), "func")
            f.payload = (init, method_scope(cls, init), cls)
            if standalone:
                from bpscan.interp_entries import constructor_args

                saved = self.cur
                self.cur = self.stmt_info(init)
                args = constructor_args(self, init, cls.payload.get("node"))
                self.cur = saved
            self.building.append(inst.home)
            try:
                self.call_function(f, args, kwargs, self_val=inst)
            finally:
                self.building.pop()
        return inst

    def _place_instance(self, inst: Val, home: tuple, cls: Val, where: tuple[int, int]) -> None:
        """Where an instance was made (a constructor call, a copy): the site names its leaves apart."""
        inst.home = home
        self._instances.setdefault(home, [0])[0] += 1
        self._site_cls[home] = cls
        self._site_line.setdefault(home, where)

    def accessor(self, inst: Val, name: str, kind: str) -> Val | None:
        """The property getter (kind "getters") or setter ("setters") `name` of an instance's class."""
        return _member(inst, kind, name)

    def method_of(self, inst: Val, name: str) -> Val | None:
        return _member(inst, "methods", name)

    # ------------------------------------------------------------------ library calls
    def _tag_error_call(self, adj: Adj, fitted: bool = False) -> None:
        """The statement calling a loss's derivative the file does not show: the output error, by the call (a tag
        only; no rule reads a sign from it), where the loss was fed an output or (`fitted`) the targets."""
        if self.cur is not None and not self.discovery and (adj.pos in ("z", "y") or fitted):
            self.call_sites_tagged.append((self.cur, "error", adj.unit, "protocol"))

    def _loss_and_error(self, called: str, args: list[Val]) -> Val | None:
        """`loss, dscores = softmax_loss(scores, y)`, `loss, grads = loss_fn(predictions, targets)` of a loss we
        cannot read, handed a prediction and the targets, its result unpacked into two: the loss and its gradient at
        the prediction, the output error (which way it points, its code would say)."""
        node = self.cur.node if self.cur is not None else None
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple)
                and len(node.targets[0].elts) == 2) or len(args) != 2 or delegated_kind(called) != "error":
            return None
        fitted = [a for a in args if self._names_targets(a)]
        preds = [a for a in args if a.kind == "arr" and a.adj is None and not self._names_targets(a)]
        if len(fitted) != 1 or len(preds) != 1:
            return None
        err = self.new("call", tuple(args))
        err.payload = called
        err.adj = self.gradient_at(preds[0]).with_sign(UNKNOWN_SIGN)
        self._tag_error_call(err.adj, fitted=True)
        return self.seq([self.unknown(*args, kind="num"), err])

    def _names_targets(self, v: Val) -> bool:
        """The targets a loss is fed: by what they hold, or a leaf named as them (`target`, `y_true`, `labels`)."""
        return v.kind == "arr" and v.adj is None and (self.is_target(v) or v.op == "leaf" and v.leaf is not None and
                                                      v.leaf.data and TARGET_NAME.match(v.leaf.name) is not None)

    def module_call(self, obj: Val, name: str, args: list[Val]) -> Val:
        """A method of a module its user hands in (see `EntryRunner.open_module`): `forward(z)` is an activation of
        a kind left open, `forward(out, y)` a loss; `derivative()` answers for what forward was last fed - the
        activation's derivative at z, or the loss's gradient at `out` (which way it points, its code would say)."""
        fed = self._fed.get(id(obj))
        if name in ("forward", "__call__") and args and all(a.kind == "arr" for a in args[:2]):
            self._fed[id(obj)] = (obj, list(args))
            if len(args) == 1 and args[0].adj is None:
                out = self.new("call", (args[0],))
                out.payload = f"{obj.name}.{name}"
                return self.activation("any", args[0], out)
            return self.unknown(*args)
        given: list[Val] | None = None
        if MODULE_DERIVATIVE.match(name):
            if not args and fed is not None:
                given = fed[1]
            elif len(args) == 2 and args[0].kind == "arr" and args[0].adj is None and self._names_targets(args[1]):
                # `loss.grad(y_pred, y)` of a loss its user hands in: the loss's gradient at the prediction, handed
                # to it directly
                given = list(args)
        if given is not None:
            out = self.new("call", tuple(given))
            out.payload = f"{obj.name}.{name}"
            if len(given) == 1:
                out.deriv = Deriv("any", given[0], "named")
            elif given[0].adj is None:
                out.adj = self.gradient_at(given[0]).with_sign(UNKNOWN_SIGN)
                # (fed a prediction and the targets, `loss_fn(pred, target)`, whatever made the prediction: the
                # loss's gradient at it is the output error)
                self._tag_error_call(out.adj, fitted=self._names_targets(given[1]))
            return out
        return self.call_method(obj, name, args, {})

    def call(self, f: Val, args: list[Val], kwargs: dict[str, Val], node: ast.Call) -> Val:
        if f.op == "loss_gradient" and args and args[0].kind == "arr":
            # `delta = dcost(x[2])` with `dcost` handed in: the loss's derivative at the value it is given (which
            # way it points, its body would say); handed the targets too (`loss_fn_deriv(y, output)`), at the other
            preds = [a for a in args if a.kind == "arr" and a.adj is None and not self._names_targets(a)]
            at = preds[0] if len(args) >= 2 and len(preds) == 1 else args[0]
            out = self.new("call", tuple(args))
            out.payload = f.name
            out.adj = self.gradient_at(at).with_sign(UNKNOWN_SIGN)
            self._tag_error_call(out.adj, fitted=len(args) >= 2 and any(self._names_targets(a) for a in args))
            return out
        if f.op == "choice":
            joined = (f.ev or {}).get("joined")
            if joined is not None:
                self.swapped_helpers(f, args, kwargs)
                return self.call(joined, args, kwargs, node)
            return self.call_choice(f, args, kwargs)
        if f.kind == "func" and not kwargs and (expr := _wrapped_op(f.payload[0], len(args))) is not None:
            # `hadamard(dA, fprime)` with `def hadamard(a, b): return np.multiply(a, b)`: the product is
            # written at the call, which is where its formula is
            inner = Scope(f.payload[1], f.payload[0])
            for p, a in zip(f.payload[0].args.args, args):
                inner.vars[p.arg] = a
            return self.eval(expr, inner)
        if f.kind == "func":
            owner = f.payload[2] if len(f.payload) > 2 else None
            if isinstance(owner, Val) and owner.kind == "cls" and _wants_instance(f.payload[0], len(args), kwargs):
                # `activation=Linear` as a constructor's default, then `self.activation.activate(self.z)`: the
                # class stands where its users pass an instance (called on the class, the method would lack an
                # argument), so the method runs on one
                made = self.instantiate(owner, [], {})
                if made.kind == "inst":
                    return self.call_function(f, args, kwargs, self_val=made)
            out = self.call_function(f, args, kwargs)
            name = getattr(f.payload[0], "name", "")
            if out.kind == "arr" and out.act is None and out.deriv is None and len(args) == 1 and not kwargs \
                    and args[0].kind == "arr":
                # a numerically stable `sigmoid` written with masks, or a derivative through such a
                # helper: the body is beyond us, the function's own name says what it is
                named = self.named_activation(name, args, kwargs)
                if named is not None:
                    return named
                return self.own_activation(name, args[0], out)
            if out.kind == "seq" and out.elems and len(args) == 1 and not kwargs and args[0].kind == "arr" and \
                    out.elems[0].kind == "arr" and out.elems[0].act is None and out.summary is None:
                # `a, cache = gelu_forward(z)`: the output is the first of what it returns
                self.own_activation(FORWARD_WORD.sub("", name), args[0], out.elems[0])
            return out
        if f.kind == "cls" and _array_subclass(f) and len(args) == 1 and args[0].kind == "arr":
            # `Tensor(np.random.randn(n, m) * 0.01)` of `class Tensor(np.ndarray)` (a `grad` slot added in
            # `__new__`): the array itself, viewed as the subclass
            return args[0]
        if f.kind == "cls":
            return self.instantiate(f, args, kwargs, site=node)
        if f.op == "leaf" and isinstance(f.payload, tuple) and f.payload[:1] == ("open-attr",) and \
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                (returned := self._returned_gradients(f.payload[1], node.func.attr)) is not None:
            return returned
        if f.kind == "method":
            obj, name, m = f.payload
            if m is None and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "data":
                self._data_call = True  # p.data.add_(...): a change autograd never sees
                try:
                    return self.call_method(obj, name, args, kwargs)
                finally:
                    self._data_call = False
            if m is not None:
                decos = {target_text(d) for d in getattr(m.payload[0], "decorator_list", [])}
                if "staticmethod" in decos:
                    return self.call_function(m, args, kwargs)
                if "classmethod" in decos:
                    # (`self.linear_forward(...)` of a classmethod: its `cls` is the instance's class, through which
                    # it calls the others, `cls.relu(Z)`)
                    owner_cls = obj if obj.kind == "cls" else _class_of(obj)
                    return self.call_function(m, args, kwargs,
                                              self_val=owner_cls if owner_cls is not None else self.unknown())
                return self.call_function(m, args, kwargs, self_val=obj)
            if m is None and obj.kind == "inst" and isinstance(obj.payload, tuple) and obj.payload[0] == "open-module":
                return self.module_call(obj, name, args)
            if m is None and (obj.kind not in ("arr", "seq", "dict", "mod") and obj.op != "const" and obj.name and
                              _ACTIVATE_WORD.match(obj.name.rsplit(".", 1)[-1]) or
                              obj.op in ("unknown", "getitem") and obj.adj is None and _keyed_activation(node)) and \
                    len(args) == 1 and not kwargs and \
                    args[0].kind == "arr" and args[0].adj is None and \
                    (_DERIVATIVE_WORD.match(name) or _ACTIVATION_DERIVATIVE_WORD.match(name) or
                     _APPLY_WORD.match(name) or _forward_value_backward(name, args[0])):
                # a method of an activation object the layer was handed, of a kind left open:
                # `self.activation.d(self.z)`, `self.act.derivative(z)`, its derivative; `self.activation.run(self.Z)`,
                # the activation applied to the pre-activation (as `self.activation(self.Z)` is)
                return self._open_activation(f"{obj.name}.{name}", name, args[0])
            return self.call_method(obj, name, args, kwargs)
        if f.kind == "arr" and f.leaf is not None and f.adj is None and _keyed_activation(node) and \
                len(args) == 1 and not kwargs and args[0].kind == "arr" and args[0].adj is None and \
                (_DERIVATIVE_WORD.match(node.func.attr) or _APPLY_WORD.match(node.func.attr)):
            # `layer['activation'].derivative(z)`: the activation object a dict of a layer's settings keeps,
            # the layer handed in with settings not known here
            return self._open_activation(f.leaf.name, node.func.attr, args[0])
        if f.kind == "builtin":
            return self.call_builtin(f.payload, args, kwargs)
        if f.kind == "inst" and f.payload == "linear_module" and args:
            # torch.nn.Linear: y = x @ W.T + b, with W a trained parameter
            w = self.model_params(f)[0]
            wv = Val("leaf", (), "arr", self.cur)
            wv.leaf = w
            wv.deps = frozenset((w,))
            out = self.new("matmul", (args[0], wv))
            self.forward_layer(args[0], wv, out, "row")
            return out
        if f.kind == "inst":
            # a class of the user's own with `__call__` runs it (it may keep `self.args`, `self.out` for
            # backward); torch's modules reach `forward` through a `__call__` that is not in the analysed code
            fwd = self.method_of(f, "__call__") or self.method_of(f, "forward") or _call_alias(f)
            if fwd is not None:
                return self.call_function(fwd, args, kwargs, self_val=f)
            if isinstance(f.payload, tuple) and f.payload[0] == "open-module":
                # `loss = loss_fn(pred, target)` of a module handed in: its forward pass, by the call protocol
                return self.module_call(f, "__call__", args)
            out = self.unknown(*args)
            out.deps = out.deps | frozenset(self.model_params(f))
            return out
        if f.kind == "mod":
            return self.call_library(f.payload, args, kwargs)
        if f.undef is not None:
            # `sigmoid(Z)` in a file cut from a notebook whose other cells define it: the name says what it is
            named = self.named_activation(f.undef, args, kwargs)
            if named is not None:
                return named
        called = f.name or (f.leaf.name if f.leaf is not None else "") or f.undef or ""
        flag = _flag(args[1:], kwargs)
        derivative = flag is True
        if called and _ACTIVATE_WORD.match(called.rsplit(".", 1)[-1]) and args and args[0].kind == "arr" and \
                (flag is not None or len(args) == 1 and not kwargs):
            out = self.new("call", (args[0],))
            out.payload = called
            if derivative:
                # `layer.activate(Z, deriv=True)`: the derivative of whichever activation the layer was given
                out.deriv = Deriv("any", args[0], "named")
                return out
            # `layer.activate(Z)`: whichever activation the layer was given, applied to its pre-activation
            return self.activation("any", args[0], out)
        listed = f.args[0] if f.op == "getitem" and f.args and isinstance(f.args[0], Val) and f.args[0].op == "leaf" \
            and f.args[0].leaf is not None and f.args[0].kind == "arr" else None
        if listed is not None and len(args) == 1 and not kwargs and args[0].kind == "arr" and args[0].adj is None:
            # `phi[k](y[k])`, `dphi[k](y[k])` of lists of activations and of their derivatives the caller hands in,
            # one per layer: whichever activation layer k has, applied, or its derivative
            family = listed.leaf.name.rsplit(".", 1)[-1]
            if _LISTED_ACTIVATIONS.match(family) or _LISTED_DERIVATIVES.match(family):
                return self._open_activation(family, "apply" if _LISTED_ACTIVATIONS.match(family) else "d", args[0])
        named = self._unread_by_name(called, args, kwargs) if called and f.kind != "func" else None
        return named if named is not None else self.unknown(f, *args, *kwargs.values())

    def _unread_by_name(self, called: str, args: list[Val], kwargs: dict[str, Val]) -> Val | None:
        """A loss or a layer's backward whose body is not there to read (a name the file never defines, a module
        bpscan cannot find), known by its name and what it is handed; None for any other call."""
        # (`softmax_loss(x=scores, y=y)`: the same two things handed by keyword)
        pair = self._loss_and_error(called, [*args, *kwargs.values()])
        if pair is not None:
            return pair
        stem = backward_stem(called.rsplit(".", 1)[-1])
        g = handed_gradient([*args, *kwargs.values()])  # (`Linear.backward(d_out=dx, cache=cache)`)
        if stem is not None and g is not None:
            # `dA_prev, dW, db = linear_backward(dZ, linear_cache)` of a helpers module that is not there: the
            # gradient handed on through that layer, formula 2 (or 1, `dropout_backward`) by the helper's name
            return self.delegated(delegated_kind(stem or called), g, args)
        return None

    def bias_column(self, parts: tuple[Val, ...], kept: Val, fn: str, kw: dict[str, Val], seq: bool = False) -> Val:
        """A layer's output `kept` with a column of ones beside it: still that layer's output (its role and
        activation), evaluated by `bpscan verify` as the call `fn` makes it."""
        out = self.new("concat", parts)
        out.ev = {"fn": fn, "kw": dict(kw), "seq": seq, "bias_column": True}
        out.role, out.act = kept.role, kept.act
        return out

    def named_activation(self, name: str, args: list[Val], kw: dict[str, Val]) -> Val | None:
        """A function we cannot read known by its name: `sigmoid(z)` the activation, `sigmoid(a,
        derivative=True)` / `tanh(h, True)` / `relu_prime(z)` its derivative; None for any other name."""
        if name in _ACTIVATION_NAMES and len(args) == 1 and not kw:
            out = self.apply(FUNCTIONS[name], args, kw, name)
            node = self.cur.node if self.cur is not None else None
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple) \
                    and len(node.targets[0].elts) == 2 and isinstance(node.value, ast.Call):
                # `A, activation_cache = sigmoid(Z)` of the course's helpers module, which is not there: the
                # activation and the pre-activation it keeps for its backward
                return self.seq([out, args[0]])
            return out
        backward = _HELPER_BACKWARD.match(name)
        if backward is not None and len(args) == 2 and not kw and args[0].adj is not None and args[1].kind == "arr":
            # `dZ = relu_backward(dA, activation_cache)` of that module: the error at the output times the
            # activation's derivative at the kept pre-activation, formula 1
            d = self.new("call", (args[1],))
            d.payload = name
            d.deriv = Deriv(backward.group(1), args[1], "named")
            return self.binop("Mult", args[0], d)
        if name in _ACTIVATION_NAMES and args and args[0].kind == "arr" and _derivative_flag(args[1:], kw):
            out = self.new("call", (args[0],))
            out.payload = name
            out.deriv = Deriv(name, args[0], "named")
            return out
        return self.named_derivative(name, args, kw)

    def named_derivative(self, name: str, args: list[Val], kw: dict[str, Val]) -> Val | None:
        """`relu_derivative(z1)`, `sigmoid_prime(z)`, `dtanh(a)` from a module we cannot read: an
        activation's derivative by its name. Whether it takes the output or the pre-activation the
        name does not say, so the derivative is marked "named" and its operand is not judged."""
        kind = derivative_kind(name)
        if kind is None or len(args) != 1 or kw or args[0].kind != "arr":
            return None
        out = self.new("call", (args[0],))
        out.payload = name
        out.deriv = Deriv(kind, args[0], "named")
        return out

    def call_choice(self, f: Val, args: list[Val], kwargs: dict[str, Val]) -> Val:
        """One of several functions chosen by a key the code does not fix (`self.act = ACTS[mode]`).

        Each is run silently; when every one is an activation (or every one an activation's
        derivative) the call is that, of a kind left open; otherwise nothing is known of it."""
        self.swapped_helpers(f, args, kwargs)
        self.quiet += 1
        try:
            # each on a stand-in for the argument, so that trying one touches no layer
            outs = [self.call_function(c, [self.new("unknown")] + list(args[1:]), dict(kwargs)) for c in f.args]
        finally:
            self.quiet -= 1
        if args and all(o.act is not None for o in outs):
            kinds = {o.act[0] for o in outs}
            out = self.new("call", (args[0],))
            out.payload = "activation"
            return self.activation(kinds.pop() if len(kinds) == 1 else "any", args[0], out)
        derivs = [o.deriv or (Deriv("relu", o, "mask") if self.mask_operand(o) is not None else None) for o in outs]
        if args and all(d is not None for d in derivs):
            kinds = {d.kind for d in derivs}
            out = self.new("call", (args[0],))
            out.payload = "derivative"
            out.deriv = Deriv(kinds.pop() if len(kinds) == 1 else "any", args[0], "named")
            return out
        return self.unknown(*args, *kwargs.values())

    def swapped_helpers(self, f: Val, args: list[Val], kwargs: dict[str, Val]) -> None:
        """`dz = act_backward[name](z, dA)` with `d_relu(z, da)` beside `d_tanh(da, z)`: each helper of the choice
        that is handed the gradient where it takes the layer's tensor."""
        if kwargs:
            return
        for c in f.args:
            swapped = self.swapped_signature(c, args)
            if swapped is not None:
                self.emit("act_of_grad", None, None, fn=None, grad=args[swapped[2]], value=None, swapped=swapped,
                          helper=c.payload[0], among=len(f.args))

    def swapped_signature(self, f: Val, args: list[Val]) -> tuple[str, int, int, str] | None:
        """(signature, position of the gradient parameter, position of the tensor parameter, name) of a derivative
        helper `d_tanh(da, z)` - one parameter named as the gradient and multiplied in, another the tensor its
        derivative is taken at - when this call hands the gradient to the tensor's parameter and something that is
        no gradient to the gradient's; None otherwise."""
        node = f.payload[0] if isinstance(f.payload, tuple) and f.payload else None
        from bpscan.interp_layers import gradient_parameter

        signature = gradient_parameter(node, len(args)) if isinstance(node, ast.FunctionDef) else None
        if signature is None:
            return None
        params, g = signature
        handed = [k for k, a in enumerate(args) if a.adj is not None]
        if args[g].adj is not None or len(handed) != 1:
            return None
        k = handed[0]
        # (the tensor's parameter is where the derivative is taken - an argument of a call, or compared - and the
        # gradient's is multiplied in)
        tensor = any(isinstance(n, ast.Call) and any(isinstance(a, ast.Name) and a.id == params[k] for a in n.args) or
                     isinstance(n, ast.Compare) and isinstance(n.left, ast.Name) and n.left.id == params[k]
                     for n in ast.walk(node))
        product = any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult) and
                      any(isinstance(x, ast.Name) and x.id == params[g] for x in (n.left, n.right))
                      for n in ast.walk(node))
        return (", ".join(params), g, k, node.name) if tensor and product else None

    def model_params(self, model: Val) -> list[Leaf]:
        leaf_val = model.elems.get("__params__") if model.kind == "inst" else None
        if leaf_val is None:
            leaf_val = self.make_leaf((id(model.stmt.node) if model.stmt else 0, "parameters"),
                                      model.name or "model" if model.payload == "linear_module"
                                      else f"{model.name or 'model'}.parameters()")
            leaf_val.leaf.requires_grad = True
            # torch.nn parameters are stepped by an optimiser, often one this file only receives
            leaf_val.leaf.presumed = not any(e.kind == "optimizer" for e in self.events)
            if model.kind == "inst":
                model.elems["__params__"] = leaf_val
        return [leaf_val.leaf]

    def _grow_cycle(self, obj: Val, item: Val) -> None:
        """`self.add(FCLayer(a, b)); self.add(ActivationLayer(f))` in a loop over sizes we cannot count: the
        objects one pass appends, in order, until an object of a class already among them comes round again (a
        summary of instances would keep only the last one appended)."""
        cycle = layer_cycle(obj)
        if item.kind != "inst" or not isinstance(item.payload, Val) or item.payload.kind != "cls" or \
                not self.loop_stack or obj.payload is not None and cycle is None:
            if cycle is not None and obj.summary is not None and item.kind != "inst":
                with_cycle(obj, ())  # (something else appended too: no cycle of layers)
            return
        if self.branch_stores:
            # `if "Conv" in key: append(Conv(...)) elif "Relu" in key: append(Relu())`: the branches are alternatives
            # of one pass, whose order the data decides - no sequence of layers
            with_cycle(obj, ())
            return
        if cycle == ():
            return
        if cycle is None:
            if obj.summary is None:
                with_cycle(obj, (item,))
            return
        if len(cycle) < 8 and all(c.payload is not item.payload for c in cycle) and item not in cycle:
            with_cycle(obj, cycle + (item,))

    def _appended_bias_gradient(self, method: str, item: Val) -> Val:
        """`grad_b.append(grad[-1])`, `nabla_b.insert(0, delta)`: a layer's delta kept in a list named for the bias
        gradients is the bias's gradient, formula 3 with the input 1."""
        node = self.cur.node if self.cur is not None else None
        call = node.value if isinstance(node, ast.Expr) else None
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) or call.func.attr != method:
            return item
        return self._maybe_bias_store(item) if names_bias_of(call.func.value, item) else item

    def _grown_beside(self, obj: Val) -> list[Val]:
        """The elements of the other lists the running method's instance keeps (what `obj` grows beside)."""
        frame = self.frames[-1] if self.frames else None
        inst = frame.self_val if frame is not None else None
        if inst is None or inst.kind != "inst" or not isinstance(inst.elems, dict) or \
                not any(v is obj for v in inst.elems.values()):
            return []
        return [e for v in inst.elems.values() if v is not obj and v.kind == "seq" and isinstance(v.elems, list)
                for e in v.elems]

    def _slot_label(self, obj: Val, method: str, here: bool) -> str:
        """The name of the slot an append fills: `Ws[2]` where the position is known, `Ws[*]` in a loop."""
        exact = obj.summary is None and len(obj.elems) < _MAX_UNROLL and (not self.loop_stack or here)
        return f"{obj.name or _receiver(self.cur.node, method)}[{len(obj.elems) if exact else '*'}]"

    def _scatter_rows(self, buf: Val, g: Val) -> bool:
        """`np.add.at(dW, x, dout)` after `out = W[x]`: the gradient at the rows an embedding looked up, summed
        into those rows of its weight's gradient - formula 3 with a one-hot input (an `acc` event: no rule
        reads it as a product). What the buffer then holds is that weight's gradient."""
        # the value whose gradient this is: a forward node, or the input of the layer the gradient went back through
        looked_up = [g.adj.node] if g.adj.pos == "v" else \
            [x for lay in g.adj.unit.layers for x in lay.inputs] if g.adj.pos == "x" and g.adj.unit is not None else []
        weight = next((w for w in map(_gathered_weight, looked_up) if w is not None), None)
        lay = g.adj.leaf.layer if g.adj.pos == "W" and g.adj.leaf is not None else None
        if lay is not None and lay.convention == "elementwise" and any(rows_of(x) is not None for x in lay.inputs):
            # `np.add.at(grad_w_out, context_ids, grad_pos_out)`: the gradient of the rows a word2vec score
            # picked from its output table, summed into those rows
            weight = g.adj.leaf
        if weight is None or buf.leaf is weight or \
                buf.op == "leaf" and buf.leaf is not None and self.is_param(buf.leaf):
            return False
        if not (self.is_param(weight) or weight.key in self.know.updated or weight.key in self.score_tables or
                weight.key in self.input_tables or not weight.data and _TABLE_NAME.match(weight.name)):
            return False  # (`x[idx]` of a gather layer's input: its gradient scattered back is no weight's)
        self.emit("acc", g.adj.unit, weight, value=g)
        summed = self.new("add", (buf, g))
        summed.adj = Adj(g.adj.sign, "W", g.adj.unit, weight)
        self._in_place(buf, summed)
        return True

    def call_library(self, qual: str, args: list[Val], kw: dict[str, Val]) -> Val:
        parts = qual.split(".")
        last = parts[-1]
        if last == "vectorize" and args and args[0].kind == "func" and \
                any(qual.startswith(m + ".") for m in ARRAY_MODULES):
            return args[0]  # np.vectorize(lambda x: x * (x > 0)): the function, applied elementwise
        if last == "append" and len(args) >= 2 and any(qual.startswith(m + ".") for m in ARRAY_MODULES) and \
                (kept := _beside_ones(args[:2])) is not None:
            # `np.append(np.ones((m, 1)), a2, axis=1)`: the activation with a bias column, as `np.hstack` makes it
            return self.bias_column(tuple(args[:2]), kept, "append", kw)
        if last == "insert" and len(args) >= 3 and any(qual.startswith(m + ".") for m in ARRAY_MODULES) and \
                args[1].op == "const" and args[1].num == 0 and args[2].op == "const" and args[2].num == 1 and \
                args[0].adj is None and _layer_output(args[0]):
            # `np.insert(a2, 0, 1, axis=1)`: a column of ones put before the activation for the next layer's bias
            return self.bias_column((args[0],), args[0], "insert", kw)
        if parts[0] == "torch" and last in ("Tensor", "FloatTensor", "DoubleTensor") and args and not kw and \
                (all(a.kind == "num" for a in args) or len(args) == 1 and args[0].op == "attr" and
                 args[0].kind == "seq" and bool(args[0].ev) and args[0].ev.get("attr") == "shape"):
            # (also `Tensor(w.size())`, `Tensor(w.shape)`: a tensor of w's size)
            # `FloatTensor(out_dim, in_dim)`: a tensor of that size, its values not yet drawn (torch.empty)
            return self.apply("init", args, kw, "empty")
        if last in ("get_array_module", "array_namespace") and any(qual.startswith(m + ".") for m in ARRAY_MODULES):
            # xp = cp.get_array_module(x): numpy or cupy, whichever holds x - the same operations either way
            return self.module(parts[0] if parts[0] in ARRAY_MODULES else "numpy")
        if last in ("svd", "qr") and "linalg" in parts and args and \
                (_fresh_draw(args[0]) or _drawn_value(args[0])):
            # `u, _, v = np.linalg.svd(np.random.normal(0, 1, (n, m)))`: an orthogonal initialisation, whose
            # factors are random numbers still - a weight being made, not data
            made = []
            for _ in range(3 if last == "svd" else 2):
                part = self.new("init", ())
                part.ev = {"fn": "orthogonal", "args": [], "kw": {}}
                part.deps = frozenset()
                made.append(part)
            return self.seq(made)
        if qual in ("collections.OrderedDict", "collections.defaultdict") and not kw and (
                not args or qual == "collections.defaultdict" and len(args) == 1):
            # `self.layers = OrderedDict()` (the book's networks keep their layers in one, walked by `.values()`):
            # a dict, its insertion order the layers' order (a defaultdict's factory only fills missing keys)
            return self.call_builtin("dict", [], {})
        if qual in ("copy.deepcopy", "copy.copy") and len(args) == 1 and args[0].kind == "arr":
            # the same array: a step taken on the copy and handed back (`W1 = copy.deepcopy(params["W1"])`,
            # `W1 = W1 - lr * dW1`, `return {"W1": W1}`) is the step of that parameter
            return args[0]
        if qual in ("copy.deepcopy", "copy.copy") and len(args) == 1 and args[0].kind in ("dict", "seq"):
            # `parameters = copy.deepcopy(params)`: a new container holding the same arrays under the same
            # keys (what is stored into it later, `self.dh = copy.deepcopy(self.h)`, is not the original's)
            src = args[0]
            out = Val(src.kind, (), src.kind, self.cur)
            out.elems = dict(src.elems or {}) if src.kind == "dict" else list(src.elems or [])
            out.summary, out.payload, out.name = src.summary, src.payload, src.name
            out.born = (len(self.loop_stack), self.unrolled)
            return out
        if qual in ("copy.deepcopy", "copy.copy") and len(args) == 1 and args[0].kind == "inst" and \
                isinstance(args[0].payload, Val) and args[0].payload.kind == "cls":
            # `self.W_opt = copy.copy(optimizer)` per parameter: an instance of its own, whose state (a
            # momentum buffer) is no other parameter's
            src = args[0]
            out = Val("inst", (), "inst", self.cur)
            out.elems = dict(src.elems or {})
            out.payload, out.name = src.payload, src.name
            self._place_instance(out, ("copy", id(self.cur.node) if self.cur is not None else 0), src.payload,
                                 (self.cur.line if self.cur else 0, 0))
            return out
        scatter = last == "at" and len(parts) == 3 and parts[0] in ARRAY_MODULES and len(args) >= 3 and \
            args[0].kind == "arr" and self.cur is not None
        if scatter and parts[1] == "add" and args[2].adj is not None and self._scatter_rows(args[0], args[2]):
            return self.const(None)
        if scatter and parts[1] in ("add", "subtract") and args[0].op == "leaf" and \
                isinstance(self.cur.node, ast.Expr) and isinstance(self.cur.node.value, ast.Call):
            # `np.add.at(self.embeddings, ids, -lr * grads)`: the picked rows of a table stepped in place
            call = self.cur.node.value
            if self.row_step(args[0], args[2], 1 if parts[1] == "add" else -1, call.args[0] if call.args else call):
                return self.const(None)
        if scatter and parts[1] == "add" and args[2].adj is not None:
            done = self.const(None)
            done.ev = {"scatter": True}  # a gradient scattered into a buffer: the caller writes it as `buf[idx] +=`
            return done
        if last == "logaddexp" and len(args) == 2 and args[0].op == "const" and args[0].num == 0 and \
                any(qual.startswith(m + ".") for m in ARRAY_MODULES):
            # `np.logaddexp(0, -s)`: -log(sigmoid(s)) written stably, a cross-entropy on the sigmoid of a
            # layer's output (its derivative then cancels the sigmoid's)
            s = args[1].args[0] if args[1].op == "neg" and args[1].args else args[1]
            unit = self.output_unit(s) if isinstance(s, Val) else None
            before = None
            if unit is not None and s.role is not None and s.role[0] in ("mm", "y"):
                before = (unit, unit.ce, self.know.sigmoid_ce)
                unit.ce = True
                self.know.sigmoid_ce = True
            out = self.new("call", tuple(args))
            out.payload = "logaddexp"  # (kept, so that `np.exp(-np.logaddexp(0, -z))` reads as the sigmoid of z)
            out.ev = {"ce_before": before}
            return out
        if not any(qual.startswith(m + ".") or qual == m for m in ARRAY_MODULES):
            if len(parts) == 2 and parts[0] == "random" and last in _STDLIB_DRAWS and \
                    all(a.kind == "num" for a in (*args, *kw.values())):
                # `random.uniform(-1, 1)` (the standard library's): one number drawn, as NumPy's would be - a
                # weight filled in entry by entry
                return self.call_library("numpy.random." + _STDLIB_DRAWS[last], [], {})
            if len(parts) == 2 and parts[0] == "random" and last in _STDLIB_PICKS:
                # `random.choices(range(n), weights=probs)`: an action sampled from the output's probabilities is
                # a draw, as NumPy's `np.random.choice(n, p=probs)` is - data, through which no gradient flows
                return self.call_library("numpy.random.choice", [], {})
            if parts[0] == "math" and len(parts) == 2 and all(a.kind == "num" for a in args):
                # `s = 1 / math.sqrt(n_in)`: a number, which scales an initialiser without making it data
                return self.unknown(*args, kind="num")
            if parts[0] == "math" and last in ("exp", "tanh", "log", "sqrt") and len(args) == 1:
                # `1 / (1 + math.exp(-s))` of a neuron's summed input: the activation NumPy's would be
                return self.call_library("numpy." + last, args, kw)
            if last in ("Linear", "Sequential", "Conv2d", "Module") and parts[0] == "torch":
                inst = Val("inst", (), "inst", self.cur)
                inst.elems = {}
                inst.payload = "linear_module" if last == "Linear" else None
                return inst
            if last in ("no_grad", "enable_grad", "inference_mode"):
                return self.unknown()
            if last in ("SGD", "Adam", "RMSprop", "Adagrad", "AdamW"):
                inst = Val("inst", (), "inst", self.cur)
                inst.elems = {}
                inst.payload = "optimizer"
                return inst
            # `from common.functions import softmax`: a module we cannot read; its name says what it is
            named = self.named_activation(last, args, kw)
            if named is not None:
                return named
            if _CE_NAME.search(last) and args:
                self.note_log(args[0])
            if not self.discovery and self.cur is not None and self.cur.mod is None:
                self.opaque_calls.setdefault(qual, self.cur.line)  # said in the note when nothing is understood
            if self.func_stack and getattr(self.func_stack[-1], "name", None) == "__init__" and \
                    (args or kw) and all(_size_like(a) for a in (*args, *kw.values())):
                # `self.ws.append(uniform((n_in, n_out)))` in a constructor, of an initialiser we cannot read: an
                # array made from sizes alone, as `np.random.uniform(...)` would be (what the layer then trains)
                self._sizes_are_numbers(list(args))
                out = self.new("init", ())
                out.ev = {"fn": last, "args": list(args), "kw": dict(kw), "opaque": True}
                out.deps = frozenset()
                out.payload = self.size_of(args, kw)
                return out
            # (`Linear.backward(dout, cache)` of a module bpscan cannot read: the class names the layer)
            named = self._unread_by_name(".".join(parts[-2:]), args, kw)
            if named is not None:
                return named
            return self.unknown(*args, *kw.values())
        if qual.startswith("torch.nn.functional") and last == "linear" and len(args) + len(kw) >= 2:
            # F.linear(x, W, b) is x @ W.T + b: a layer whose weight is laid out (out, in)
            x = args[0] if args else kw.get("input", self.unknown())
            w = args[1] if len(args) > 1 else kw.get("weight", self.unknown())
            b = args[2] if len(args) > 2 else kw.get("bias")
            out = self.matmul(x, self.transpose(w))
            if b is not None and b.kind == "arr":
                out = self.add(out, b, 1)
            return out
        if qual.startswith("torch.nn.functional") and last in ("conv1d", "conv2d", "conv3d") and len(args) >= 2:
            # F.conv2d(x, K, b, ...): the kernel's correlation, then its bias (a bias of the layer, as `+ b` is)
            b = args[2] if len(args) > 2 else kw.get("bias")
            out = self.apply("correlate", list(args[:2]), {k: v for k, v in kw.items() if k != "bias"}, qual)
            if b is not None and b.kind == "arr" and b.op != "const":
                out = self.add(out, b, 1)
            return out
        if qual.startswith("torch.nn.grad.") and \
                last in ("conv1d_input", "conv2d_input", "conv3d_input", "conv1d_weight", "conv2d_weight",
                         "conv3d_weight"):
            # torch.nn.grad.conv2d_input(input.shape, weight, grad_output): the error sent back through the
            # kernel (formula 2); conv2d_weight(input, weight.shape, grad_output): the kernel's gradient (formula 3)
            names = ("input_size", "weight", "grad_output") if last.endswith("_input") else \
                ("input", "weight_size", "grad_output")
            got = [args[i] if i < len(args) else kw.get(n) for i, n in enumerate(names)]
            if all(v is not None for v in got):
                if last.endswith("_input") and weight_view(got[1]) is None and got[2].adj is not None:
                    # through a kernel that is not the forward's (feedback alignment's fixed random one): an
                    # input gradient, but not formula 2 of any layer here
                    out = self.new("convolve", (got[2], got[1]))
                    out.adj = Adj(got[2].adj.sign, "?")
                elif last.endswith("_input"):
                    out = self.matmul_like(got[2], got[1], "convolve")
                else:
                    out = self.matmul_like(got[0], got[2], "correlate")
                out.ev = {"fn": last}
                return out
        if qual.startswith("torch.nn.functional") or qual.startswith("torch.nn"):
            if last in ("Linear", "Sequential", "Conv2d", "ReLU", "Sigmoid", "Tanh", "Module"):
                inst = Val("inst", (), "inst", self.cur)
                inst.elems = {}
                inst.payload = "linear_module" if last == "Linear" else None
                return inst
        if last in ("default_rng", "RandomState", "Generator", "PRNGKey", "manual_seed"):
            return self.module("numpy.random")
        if last == "Parameter":
            v = args[0] if args else self.unknown()
            out = self.new("init", (), "arr")
            while v.op in ("mul", "div", "add", "sub") and v.args:
                v = next((a for a in v.args if isinstance(a, Val) and a.op != "const"), v.args[0])
            out.payload = v.payload if isinstance(v.payload, int) else None
            out.deps = frozenset()
            out.rg = True
            return out
        canon = FUNCTIONS.get(last)
        if canon is None and last in DTYPE_CASTS and len(args) == 1 and not kw and args[0].kind == "arr":
            # np.int64(a2 > 0): the mask as numbers, still a ReLU's derivative
            out = self.apply("copy", [args[0]], {}, qual)
            out.ev = {"fn": last}
            return out
        if canon is None:
            out = self.unknown(*args, *kw.values())
            if last in _VERIFY_ONLY and len(args) == 1 and not kw:
                out.ev = {"fn": last}  # for `bpscan verify` only (np.nansum of a cost, np.int64(A > 0))
            return out
        written = kw.get("out", args[2] if canon in ("maximum", "minimum") and len(args) > 2 else None)
        if written is not None and canon in ("add", "sub") and len(args) == 2 and written.leaf is not None and \
                args[0].leaf is written.leaf and args[0].op == "leaf" and written.op == "leaf":
            # `np.add(param, -lr * grad, out=param)`: the parameter stepped in place, as `param += -lr * grad`
            if self.try_update_inplace(written, args[1], 1 if canon == "add" else -1,
                                       ast.Name(id=written.leaf.name), None):
                return written
        if written is not None and written.kind == "arr":
            # np.maximum(z, 0, z): the array itself now holds the result, whatever name it was stored under
            self.overwritten.add(strip_views(written))
        return self.apply(canon, args, kw, qual)

    def _stepped_target(self, obj: Val) -> ast.expr:
        """What an in-place tensor step (`p.sub_(...)`, `p.data.add_(...)`) writes, as the update's target."""
        target: ast.expr = ast.Name(id=obj.leaf.name if obj.leaf is not None else "_")
        node = self.cur.node if self.cur is not None else None
        if obj.leaf is None and isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
                isinstance(node.value.func, ast.Attribute) and isinstance(node.value.func.value, ast.Name):
            target = ast.Name(id=node.value.func.value.id)  # `p.add_(-lr * g)` with p any of several parameters
        return ast.Attribute(value=target, attr="data") if self._data_call else target

    def dict_items(self, obj: Val) -> Val | None:
        """The entries of an instance of a class derived from dict (`class LayerContext(dict)`), kept apart from
        its attributes; None for any other value."""
        if obj.kind != "inst" or not isinstance(obj.payload, Val) or obj.payload.kind != "cls" or obj.elems is None:
            return None
        bases = obj.payload.payload.get("bases", []) if isinstance(obj.payload.payload, dict) else []
        if not any(b.rsplit(".", 1)[-1] in _DICT_BASES for b in bases):
            return None
        items = obj.elems.get("<items>")
        if items is None:
            items = Val("dict", (), "dict", self.cur)
            items.elems = {}
            obj.elems["<items>"] = items
        return items

    def _returned_gradients(self, node_id: int, name: str) -> Val | None:
        """`loss, grads = self.model.loss(X_batch, y_batch)` of a model handed in (a solver's, whose methods are not
        read here): what the call hands back under a gradient table's name holds the gradients of the model's
        parameters, by their keys."""
        from bpscan.interp_entries import _GRAD_CONTAINERS

        node = self.cur.node if self.cur is not None else None
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple) and
                isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute) and
                node.value.func.attr == name):
            return None
        names = [e.id if isinstance(e, ast.Name) else None for e in node.targets[0].elts]
        if not any(n is not None and _GRAD_CONTAINERS.match(n) for n in names):
            return None
        self.forward_work += 1  # (the model ran its forward pass to get them: a call of this one is a whole step)
        parts = []
        for n in names:
            if n is not None and _GRAD_CONTAINERS.match(n):
                seed = self.make_leaf((node_id, name, n, "seed"), f"{n}[*]")
                seed.leaf.data = True
                seed.adj = Adj(GRAD, "?")
                parts.append(self.open_params(node_id, n, self._empty_params(), seed))
            else:
                parts.append(self.unknown())
        return self.seq(parts)

    def stored_parameters(self, store: tuple) -> Val:
        """The one presumed family of parameters a layer's `parameters` store (see `parameter_store`) holds."""
        param = self.make_leaf(store + ("<values>",), f"{store[1]}[*]")
        param.leaf.presumed = param.leaf.family = True
        return param

    def _open_activation(self, called: str, method: str, z: Val) -> Val:
        """A method of an activation object of a kind left open, on the pre-activation: its derivative there
        (`act.d(z)`, `act.derivative(z)`, a backward of a forward value) or the activation applied."""
        out = self.new("call", (z,))
        out.payload = called
        if not _APPLY_WORD.match(method):
            out.deriv = Deriv("any", z, "named")
            return out
        return self.activation("any", z, out)

    def call_method(self, obj: Val, name: str, args: list[Val], kw: dict[str, Val]) -> Val:
        if name in ("get", "pop") and _setting_default(args) and (
                obj.op == "unknown" and obj.name and _SETTINGS.search(obj.name) or obj.kind == "none"):
            # `bn_param.get('eps', 1e-5)` of a config argument we know nothing of (or `config.pop('reg', 1e-2)` of
            # one left at its default None, which its caller fills): its default
            return args[1]
        items = self.dict_items(obj) if name in _DICT_METHODS else None
        if items is not None:
            obj = items  # `self.ctx.get('vW', 0)` of a class derived from dict: its entries, not its attributes
        store = parameter_store(obj) if name in ("items", "values") else None
        if store is not None:
            # `for key, value in layer.parameters.items(): value += step` in an optimiser: each value one
            # of the layer's parameters, stepped in place
            param = self.stored_parameters(store)
            return self.seq([], self.seq([self.unknown(kind="str"), param]) if name == "items" else param)
        if obj.kind == "seq":
            if name in ("append", "insert") and args and args[-1].adj is not None:
                args = [*args[:-1], self._appended_bias_gradient(name, args[-1])]
            if name == "append" and args and args[0].op == "const" and obj.payload is None and obj.summary is None \
                    and self.func_stack and any(e.kind == "inst" or e.leaf is not None for e in self._grown_beside(obj)):
                # `self.layer_type += [0]` in `add_Dense(self, n)` beside `self.weight += [W]`: one entry per layer
                # added, so the list's length counts layers (a list of sizes handed in stays symbolic)
                obj.payload = "per-layer"
            if name == "append" and args:
                # (a list made in this very pass of the loop, `layer = []` then its appends: exact positions)
                here = obj.summary is None and len(obj.elems) < _MAX_UNROLL and bool(self.loop_stack) and \
                    self.exact_here(obj)
                if args[0].kind == "arr" and args[0].leaf is None and not args[0].deps and self.cur is not None:
                    # `self.Ws.append(np.random.randn(a, b) * 0.1)`: a fresh array kept in a list is a leaf
                    # (a weight once a forward pass multiplies it), as it would be under a name
                    label = self._slot_label(obj, name, here)
                    args = [self.leafify(args[0], (id(self.cur.node), "append", label), label)] + args[1:]
                    if here and args[0].leaf is not None:
                        args[0].leaf.family = True  # one such list per pass: the leaf stands for each list's
                elif args[0].kind == "seq" and args[0].summary is None and args[0].elems and self.cur is not None \
                        and all(e.kind == "arr" and e.leaf is None and not e.deps and e.adj is None
                                for e in args[0].elems):
                    # `ps.append([np.zeros((n, 1)), np.random.randn(n, m)])`: a layer's parameters made as a pair,
                    # each a leaf (one for every layer when the loop makes them)
                    label = self._slot_label(obj, name, False)
                    made = self.seq([self.leafify(e, (id(self.cur.node), "append", label, k), f"{label}[{k}]")
                                     for k, e in enumerate(args[0].elems)])
                    if self.loop_stack:
                        for e in made.elems:
                            if e.leaf is not None:
                                e.leaf.family = True
                    args = [made] + args[1:]
                if obj.summary is None and len(obj.elems) < _MAX_UNROLL and (
                        not self.loop_stack or self.exact_here(obj) and (
                            _computed(args[0]) or args[0].kind == "inst" or
                            # (`params.append(module.param())` of each module: its (parameter, gradient) pairs)
                            args[0].kind == "seq" and args[0].summary is None and args[0].elems is not None or
                            # (`outputs.append([neuron_output(n, x) for n in layer])`: a layer's outputs as a list)
                            args[0].kind == "seq" and not args[0].elems and args[0].summary is not None and
                            _computed(args[0].summary) or
                            # (`x.append(None)` once per layer: a slot filled later, `x[1] = ...`)
                            here and (_fresh_draw(args[0]) or _fresh_made(args[0]) or args[0].kind == "none") or
                            # (`cache.append(x)` of the input before the layers' outputs: the first activation)
                            here and args[0].kind == "arr" and args[0].leaf is not None and args[0].adj is None)):
                    # `acts.append(x)` once per layer of a list we know: acts[-1] is the last layer's output
                    obj.elems.append(args[0])
                elif obj.summary is not None and (_fresh_draw(obj.summary) and _fresh_draw(args[0]) or
                                                  _fresh_made(obj.summary) and _fresh_made(args[0])):
                    # one more weight drawn (or bias zeroed) after the loop that made the others: the same family
                    pass
                else:
                    if self.loop_stack and (_fresh_draw(args[0]) or _fresh_made(args[0])):
                        # weights drawn (and biases zeroed) in a loop: one leaf stands for each
                        args[0].leaf.family = True
                    self._grow_cycle(obj, args[0])
                    obj.summary = args[0] if obj.summary is None else self.join(obj.summary, args[0])
                    obj.tail = args[0]
                return self.const(None)
            if name in ("insert", "appendleft") and args:
                item = args[-1]
                at = 0 if name == "appendleft" else \
                    args[0].num if len(args) == 2 and args[0].op == "const" and isinstance(args[0].num, int) else None
                if at is not None and obj.summary is None and len(obj.elems) < _MAX_UNROLL and \
                        self.exact_here(obj) and (_computed(item) or item.kind in ("seq", "inst")):
                    # `grads.insert(0, g)` once per layer walked backwards: the list ends in layer order (and
                    # `self.modules.insert(self.size, module)` of a container's `add`: the layers in order)
                    obj.elems.insert(at, item)
                else:
                    obj.summary = item if obj.summary is None else self.join(obj.summary, item)
                    if at != 0:
                        obj.tail = None
                return self.const(None)
            if name in ("extend",) and args:
                src = args[0]
                if src.kind == "seq" and src.summary is None and isinstance(src.elems, list) and \
                        obj.summary is None and len(obj.elems) + len(src.elems) <= _MAX_UNROLL and \
                        (not self.loop_stack or self.exact_here(obj)):
                    # `dims.extend(hidden_dims)` of two lists we know: the sizes stay known one by one
                    obj.elems.extend(src.elems)
                    return self.const(None)
                e = self.seq_any(args[0]) if args[0].kind == "seq" else args[0]
                if e is not None:
                    obj.summary = e if obj.summary is None else self.join(obj.summary, e)
                    obj.tail = None
                return self.const(None)
            if name in ("pop",):
                at = args[0].num if args and args[0].op == "const" and isinstance(args[0].num, int) else \
                    None if args else -1
                if at is not None and obj.summary is None and obj.elems and -len(obj.elems) <= at < len(obj.elems):
                    if self.exact_here(obj):
                        # `Y = activations.pop()` once per layer of a list we know: the last entry goes
                        return obj.elems.pop(at)
                    # popped in a loop we run as a summary: which entry is left at the end is not known
                    obj.summary = self.seq_any(obj)
                obj.tail = None
                return self.seq_any(obj) or self.unknown()
            if name in ("copy",):
                return self.seq(list(obj.elems or []), obj.summary)  # (a string or list handed in: elements unknown)
            if name == "reverse" and not args:
                if obj.summary is None and isinstance(obj.elems, list) and self.exact_here(obj):
                    # `mods = self.modules(); mods.reverse()` then `for m in mods: g = m.backward(g)`: the layers
                    # walked from the output back
                    obj.elems.reverse()
                elif obj.elems:
                    obj.summary = self.seq_any(obj)  # reversed where we cannot tell how often: order unknown
                    obj.elems = []
                    obj.tail = None
                return self.const(None)
            if name in ("index", "count"):
                return self.unknown(kind="num")
            return self.unknown(obj)
        if obj.kind == "dict":
            name = {"iteritems": "items", "itervalues": "values", "iterkeys": "keys", "viewitems": "items"}.get(name, name)
            if name in ("items", "keys", "values"):
                if name == "items":
                    view = self.seq([self.seq([self.const(k), v]) for k, v in obj.elems.items()],
                                    None if obj.summary is None else self.seq([self.unknown(kind="str"), obj.summary]))
                elif name == "keys":
                    view = self.seq([self.const(k) for k in obj.elems],
                                    None if obj.summary is None else self.unknown(kind="str"))
                else:
                    view = self.seq(list(obj.elems.values()), obj.summary)
                if not obj.elems and obj.summary is None and obj.payload in (None, ("kwargs",)):
                    view.payload = "empty-view"  # (`self.params = {}` of a layer with none: nothing to walk)
                return view
            if name in ("get", "setdefault", "pop"):
                if args and args[0].op == "const" and args[0].num in obj.elems:
                    return obj.elems[args[0].num]
                if name == "setdefault" and len(args) > 1 and args[0].op == "const" and \
                        isinstance(args[0].num, (str, int)) and (obj.summary is None or obj.summary.adj is None):
                    # `config.setdefault("beta1", 0.9)`: the entry is made (or, among entries copied under keys
                    # not known, kept), and `config["beta1"]` reads it back - not another entry, Adam's moment
                    # `config["m"]`
                    got = args[1] if obj.summary is None else self.join(obj.summary, args[1])
                    obj.elems[args[0].num] = got
                    return got
                if obj.payload == ("state",) and _setting_default(args):
                    # `bn_param.get('eps', 1e-5)` of a config nobody in the file fills: its default
                    # (a setting, so that `bpscan verify` can evaluate the layer with it)
                    return args[1]
                if name == "get" and args and args[0].op == "const" and obj.summary is None and \
                        not any(isinstance(k, tuple) for k in obj.elems) and obj.payload in (None, ("kwargs",)):
                    # `mem.get('vb', 0)` of a dict whose every key is known and 'vb' not yet among them: the
                    # default, not another entry (`mem['vW']`)
                    return args[1] if len(args) > 1 else self.const(None)
                funcs = list(obj.elems.values())
                if name == "get" and obj.summary is None and len(funcs) > 1 and all(f.kind == "func" for f in funcs):
                    # `table.get(activation, d_relu)` of a table of functions, the key not known here: one of them
                    # (as `table[activation]` is), the default among them or beside them
                    if len(args) > 1 and args[1].kind == "func" and \
                            not any(f.payload == args[1].payload for f in funcs):
                        funcs.append(args[1])
                    chosen = self._choice(funcs)
                    # (called, it is read as it always was: the table's entries joined; the choice only lets the
                    # call see each entry's signature)
                    chosen.ev = {"joined": self.dict_any(obj)}
                    return chosen
                return self.dict_any(obj) or (args[1] if len(args) > 1 else self.unknown())
            if name == "update" and args and args[0].kind == "dict":
                obj.elems.update(args[0].elems)
                if args[0].summary is not None:
                    # grads.update({f"blk{j}_{k}": v for ...}): keys we cannot spell, values that are there
                    obj.summary = args[0].summary if obj.summary is None else self.join(obj.summary, args[0].summary)
                return self.const(None)
            if name == "copy":
                d = Val("dict", (), "dict", self.cur)
                d.elems = dict(obj.elems)
                d.summary = obj.summary
                d.ev = {"copied_at": self.t}
                if isinstance(obj.payload, tuple) and obj.payload and obj.payload[0] == "open":
                    # `parameters = params.copy()` of a parameter dict handed in: its entries are still the
                    # parameters, read and stepped by key as in the original
                    d.payload, d.name = obj.payload, obj.name
                return d
            return self.unknown(obj)
        if obj.kind == "inst":
            if obj.payload == "ctx" and name == "save_for_backward":
                obj.elems["saved_tensors"] = self.seq(list(args))
                obj.elems["saved_variables"] = obj.elems["saved_tensors"]
                return self.const(None)
            if name in ("parameters", "named_parameters"):
                own = [v for v in obj.elems.values() if v.kind == "arr" and v.leaf is not None and
                       (v.leaf.requires_grad or v.leaf.role is not None)]
                if own and len(own) <= _MAX_UNROLL:
                    return self.seq(own)
                leaves = self.model_params(obj)
                v = self.make_leaf(leaves[0].key, leaves[0].name)
                return self.seq([], v)
            if METHODS.get(name) == "zero_grad" and self.method_of(obj, name) is None:
                self.zero_grad(None)
                return self.const(None)
            if name == "step" and obj.payload == "optimizer":
                self.emit("optimizer", None, None)
                return self.const(None)
            return self.unknown(obj, *args)
        if obj.kind == "none" and args:
            # `self.optimizer.calculate_update(self.W, dW)` on an object the constructor left None and
            # its owner sets later: a call we cannot read, made with these arguments
            return self.unknown(*args, *kw.values())
        if obj.kind == "str" and obj.op == "const" and name == "format" and not kw and \
                all(a.op == "const" and isinstance(a.num, (int, str)) for a in args):
            try:
                return self.const(str(obj.num).format(*(a.num for a in args)))  # "W{}".format(2): "W2"
            except (IndexError, KeyError, ValueError):
                return self.unknown(kind="str")
        if obj.kind == "builtin" and obj.payload == "str" and len(args) == 1 and not kw and \
                args[0].kind == "str" and args[0].op == "const":
            obj, args = args[0], []  # `str.lower(activation)`: the method of the string it is handed
        if obj.kind == "str" and obj.op == "const" and isinstance(obj.num, str) and not args and not kw and \
                name in ("lower", "upper", "strip", "casefold"):
            return self.const(getattr(obj.num, name)())  # `alg.lower() == "zeros"`: a setting compared as text
        if obj.kind in ("str", "none"):
            return self.unknown(kind="str")
        if name in ("addcdiv_", "addcmul_") and obj.leaf is not None and len(args) >= 2:
            # `p.data.addcdiv_(exp_avg, denom, value=-step_size)` (or the older `addcdiv_(-step_size, exp_avg,
            # denom)`): the parameter stepped in place by value * t1 / t2
            tensors, numbers = (args[1:3], args[:1]) if len(args) == 3 else (args[:2], [])
            if len(tensors) == 2:
                value = kw.get("value") or (numbers[0] if numbers else self.const(1))
                part = self.div(*tensors) if name == "addcdiv_" else self.mul(*tensors)
                if self.try_update_inplace(obj, self.mul(value, part), 1, self._stepped_target(obj), None):
                    return obj
        if name in ("scatter", "scatter_") and len(args) == 3 and obj.kind == "arr" and obj.adj is None and \
                args[2].op == "const":
            # `t = torch.zeros_like(p); t.scatter_(1, y.unsqueeze(1), 1)`: the labels written as a one-hot
            # target, as `t[range(n), y] = 1` writes them (by `scatter_` into the tensor itself)
            written = self.new("setitem", (obj, args[1], args[2]))
            if name == "scatter":
                return written
            self._in_place(obj, written)
            return obj
        if name == "mul_" and obj.leaf is not None and self.discovery:
            self.know.scaled_in_place.add(obj.leaf.key)
        canon = METHODS.get(name)
        if canon is None and name in ("masked_fill", "masked_fill_"):
            canon = "masked_fill"
        if canon is None and name in ("new_zeros", "new_ones", "new_empty", "new_full"):
            # `self.dW = self.weight.new_zeros(self.weight.size())`: a fresh tensor the weight only lends its dtype
            # and device to, as `torch.zeros(...)` makes it
            return self.apply("init", args, kw, name[len("new_"):])
        if canon is None:
            if FUNCTIONS.get(name) == "init" and obj.leaf is None and obj.adj is None:
                return self.apply("init", args, kw, name)
            if name in RANDOM_DRAWS and name.endswith("_") and obj.leaf is not None and obj.adj is None:
                return obj  # `tensor.normal_(0, std)` in an initialiser handed the tensor: drawn in place, the same one
            if name in RANDOM_DRAWS and name.endswith("_") and obj.op == "init" and obj.adj is None and obj.ev:
                # `empty(n, m).uniform_(-k, k)`: a tensor of that size drawn at random in place, whatever its bounds
                # are computed from - a weight being made (no longer the empty or zeroed buffer it was made as)
                drawn = self.new("init", ())
                drawn.ev = {**obj.ev, "fn": "randn" if name.startswith("normal") else "rand"}
                drawn.deps = frozenset()
                drawn.payload = obj.payload
                return drawn
            return self.unknown(obj, *args, *kw.values())
        if canon in ("isub", "iadd"):
            arg = args[0] if args else self.unknown()
            if len(args) == 2 and args[0].kind == "num" and args[1].kind != "num":
                arg = self.mul(args[0], args[1])  # `p.data.add_(-lr, grad)`: torch's older (value, tensor) order
            sign = -1 if canon == "isub" else 1
            alpha = kw.get("alpha")
            if alpha is not None:
                arg = self.mul(alpha, arg)
            # (`m.mul_(beta1).add_(g, alpha=1 - beta1)`: the new share of a moving average, no step)
            share = sign > 0 and alpha is not None and self.cur is not None and _complement_alpha(self.cur.node, name)
            if (obj.leaf is not None or obj.op == "join") and not share and \
                    self.try_update_inplace(obj, arg, sign, self._stepped_target(obj), None):
                return obj
            new = self.add(obj, arg, sign)
            if name.endswith("_") and self.sums_in_place(obj, new):
                # `dl_dw.add_(dl_ds.view(-1, 1).mm(x.view(1, -1)))` into a buffer the caller handed in: the
                # tensor itself now holds the sum, for every name bound to it (as `dW += ...` does); a delta
                # summed as it is (`dl_db.add_(dl_ds)`) is its layer's bias gradient
                if sign > 0 and not (obj.adj is not None and obj.adj.chain):
                    self._maybe_bias_store(arg)
                self._in_place(obj, new)
                return obj
            return new
        if canon == "icopy" and args:
            if obj.leaf is not None:
                terms = self.linear_terms(args[0], 1, 0)
                if any(t.leaf is obj.leaf for _, t in terms):
                    self.try_update_rebind(obj, args[0], ast.Attribute(value=ast.Name(id="_"), attr="data"), None, data_view=True)
            return obj
        if canon == "izero":
            if obj.leaf is None and obj.adj is None and obj.op in ("unknown", "init") and obj.kind in ("arr", "unknown") \
                    and (name != "fill" and name != "fill_" or args and is_zero(args[0])):
                # `Tensor(n, m).zero_()`, `torch.empty(n, m).zero_()`: an array made to start at zero
                made = self.new("init", ())
                made.ev = {"fn": "zeros", "args": list((obj.ev or {}).get("args") or []) if obj.op == "init" else [],
                           "kw": {}}
                made.deps = frozenset()
                made.payload = obj.payload if obj.op == "init" else None
                return made
            if obj.op == "grad":
                # (`param.grad.data.zero_()` over `for param in params` of a list the model cannot tell apart: the
                # gradients reset all the same, whichever parameters the list holds)
                self.zero_grad(obj.grad_of)
            elif obj.leaf is not None and obj.leaf.name.rpartition(".")[2] == "grad" and (
                    name != "fill" or (args and is_zero(args[0]))):
                self.zero_grad(None)  # p.grad.fill(0) in a hand-written framework's zero_grad()
            return obj
        if canon == "imul" or canon == "idiv" or canon == "iaddc":
            return obj
        if canon == "backward":
            self.autograd = True
            self.forward_work += 1
            # what is differentiated: a loss to descend, or a network output (a class score) to climb
            self.backward_roots.append(obj)
            return self.const(None)
        if canon in ("zero_grad",):
            self.zero_grad(None)
            return self.const(None)
        if canon == "opt_step":
            if len(args) >= 2:
                # `opt.step(self.W, dW)`: not torch's step of its own parameters, a rule handing back the new value
                return self.unknown(obj, *args, *kw.values())
            return self.const(None)
        if canon == "parameters":
            return self.seq([], self.unknown())
        if name in ("masked_fill", "masked_fill_") and len(args) >= 2:
            out = self.new("setitem", (obj, args[0], args[1]))
            self._copy_facets(out, obj)
            if obj.adj is not None:
                relu = self.relu_mask_of(args[0], args[1])
                out.adj = self.f1(obj, relu, out) if relu is not None else obj.adj
            elif obj.role is not None and obj.role[0] in ("mm", "y", "in"):
                return self.masked_relu(obj, args[0], args[1], out) or out
            return out
        if name == "requires_grad_" and obj.leaf is not None:
            obj.leaf.requires_grad = True
            self.know.requires_grad.add(obj.leaf.key)
            return obj
        if name == "astype" or name == "type":
            return self.apply("copy", [obj], {}, name)
        return self.apply(canon, [obj] + list(args), kw, name)

    def call_builtin(self, name: str, args: list[Val], kw: dict[str, Val]) -> Val:
        if name == "type" and len(args) == 1 and not kw and (cls := _class_of(args[0])) is not None:
            return cls  # `isinstance(obj, type(val))` over a table of the file's activation objects
        if name == "str" and len(args) == 1 and not kw:
            a = args[0]
            return self.const(str(a.num)) if a.op == "const" and isinstance(a.num, (int, str)) \
                else self.unknown(kind="str")
        if name in ("range", "xrange"):
            bounds = [a.num for a in args]
            if args and all(a.op == "const" and isinstance(a.num, int) for a in args) and \
                    any(a.payload == "count" for a in args) and (len(bounds) < 3 or bounds[2] != 0):
                # range(len(self.layers) - 1, -1, -1): the positions of a list we know element by element,
                # so that self.layers[i] is that element on each pass, not any of them
                positions = range(*bounds)
                if len(positions) <= _MAX_UNROLL:
                    return self.seq([self.const(i) for i in positions])
            v = self.new("range", tuple(args), "range")
            v.deps = frozenset()
            return v
        if name == "len":
            a = args[0] if args else None
            if a is not None and a.kind == "seq" and a.summary is None and a.elems is not None and \
                    0 < len(a.elems) <= _MAX_UNROLL and a.op != "join" and \
                    (all(e.kind in ("inst", "seq", "arr") for e in a.elems) or a.payload == "per-layer"):
                # a list of layers (not of sizes: `layer_dims` keeps its loops symbolic, and its keys a family)
                out = self.const(len(a.elems))
                out.payload = "count"
                return out
            out = self.new("len", tuple(args[:1]), "num")
            out.deps = frozenset()
            return out
        if name == "zip":
            if all(a.kind == "seq" and a.summary is None and a.elems for a in args) and \
                    len({len(a.elems) for a in args}) == 1:
                return self.seq([self.seq(list(t)) for t in zip(*(a.elems for a in args))])
            precise = {len(a.elems) for a in args if a.kind == "seq" and a.summary is None and a.elems}
            parts = [self.seq_any(a) if a.kind == "seq" else self.iter_summary(a) for a in args]
            if len(precise) == 1:
                n = precise.pop()
                rows = []
                for i in range(n):
                    row = [a.elems[i] if a.kind == "seq" and a.summary is None and a.elems else
                           (self.merged(p) or self.unknown()) for a, p in zip(args, parts)]
                    rows.append(self.seq(row))
                return self.seq(rows)
            return self.seq([], self.seq([p or self.unknown() for p in parts]))
        if name == "enumerate" and args:
            a = args[0]
            start = kw.get("start", args[1] if len(args) > 1 else None)
            first = start.num if start is not None and start.op == "const" and isinstance(start.num, int) else 0
            if a.kind == "seq" and a.summary is None and a.elems and (start is None or start.op == "const"):
                return self.seq([self.seq([self.const(i), e]) for i, e in enumerate(a.elems, first)])
            return self.seq([], self.seq([self.new("loopvar", (), "num"), self.iter_summary(a)]))
        if name in ("list", "tuple") and not args and not kw:
            return self.seq([])  # `network = list()`: an empty list, filled by append as `[]` is
        if name in ("reversed", "list", "tuple", "sorted", "iter", "set", "frozenset") and args:
            a = args[0]
            if a.kind == "seq" and (cycle := walked_cycle(a)) is not None:
                # (the layers one pass of the loop made, walked in the order asked for)
                whole = tuple(a.elems or ()) + cycle
                return with_cycle(self.seq([], a.summary), whole[::-1] if name == "reversed" else whole)
            if a.kind == "seq":
                return self.seq(list(a.elems or [])[::-1] if name == "reversed" and a.summary is None else list(a.elems or []), a.summary)
            if a.kind == "dict":
                keys = [self.const(k) for k in a.elems]
                return self.seq(keys[::-1] if name == "reversed" else keys, a.summary and self.unknown(kind="str"))
            return a if a.kind == "range" else self.seq([], self.iter_summary(a))
        if name == "dict":
            d = Val("dict", (), "dict", self.cur)
            d.elems = dict(kw)
            if args and args[0].kind == "dict":
                d.elems.update(args[0].elems)
            elif args and args[0].kind == "seq" and args[0].summary is None and args[0].elems and all(
                    p.kind == "seq" and p.elems and len(p.elems) == 2 and p.elems[0].op == "const"
                    for p in args[0].elems):
                # dict(zip(['sigmoid', 'relu'], [sigmoid, relu])): the pairs, keyed by their constants
                d.elems.update({p.elems[0].num: p.elems[1] for p in args[0].elems})
            elif args:
                # `dict(option, t=1)` of a mapping the model cannot read: its other keys are a config's settings,
                # unknown, not absent
                d.payload = ("state",)
                d.summary = self.unknown()
            return d
        if name in ("float", "int", "abs", "round", "bool") and args:
            a = args[0]
            if a.op == "const" and isinstance(a.num, (int, float)):
                try:
                    return self.const({"float": float, "int": int, "abs": abs, "round": round, "bool": bool}[name](a.num))
                except Exception:
                    return self.unknown(kind="num")
            if name == "float" and a.kind == "arr" and a.adj is None:
                # float(b[:, :, :, c]): the one number a slice of the array holds, still that array's
                return self.new("copy", (a,), "num")
            out = self.new("call", (a,), "num")
            out.payload = name
            return out
        if name == "sum" and args:
            a = args[0]
            if a.kind == "seq":
                return self.seq_any(a) or self.unknown()
            return self.apply("sum", [a], {}, "sum")
        if name == "max" and len(args) == 2 and not kw and all(a.kind in ("num", "arr") for a in args) and \
                any(a.op == "const" and a.num == 0 for a in args):
            # `max(0, x)` of one number of a layer written without NumPy: the ReLU, as np.maximum(0, x) is
            return self.clip_like("maximum", args, {})
        if name in ("max", "min") and args:
            return self.unknown(*args, kind="num")
        if name == "print":
            return self.const(None)
        if name == "next" and args:
            a = args[0]
            return (self.seq_any(a) if a.kind == "seq" else None) or self.unknown(a)
        if name == "super" and (not args or len(args) == 2 and args[1].kind == "inst"):
            return self.super_view()  # super() and the older super(Cls, self)
        if name == "getattr":
            obj = args[0] if args else None
            if obj is not None and len(args) == 2 and args[1].op != "const" and obj.kind == "inst" and \
                    isinstance(obj.payload, tuple) and obj.payload[0] == "open-obj":
                # `p = getattr(layer, name)` in an optimiser walking a layer's names: one of its parameters;
                # by another name (`getattr(layer, name + "_m")`) the optimiser's state kept on the layer.
                # One array per name expression.
                slot = f"<{_arg_text(self.cur, 1)}>"
                v = obj.elems.get(slot)
                if v is None:
                    v = self.make_leaf((obj.payload[1], obj.name, slot), f"{obj.name}.{slot}")
                    if _walked_key(self.func_stack[-1] if self.func_stack else None, self.cur):
                        v.leaf.presumed = v.leaf.family = True
                    else:
                        v.leaf.data = True
                    obj.elems[slot] = v
                return v
            return self.getattr_const(args)
        if name in ("map", "filter"):
            return self.seq([], self.unknown(*args))
        if name == "isinstance" and len(args) == 2 and args[0].kind == "seq" and args[0].op != "join" and \
                args[1].op == "builtin" and args[1].payload in ("int", "float"):
            return self.const(False)  # `isinstance(shape, int)` of a shape given as a tuple
        if name == "isinstance" and len(args) == 2 and args[1].op == "builtin" and args[1].payload == "list" and \
                isinstance(args[0].payload, tuple) and args[0].payload[:1] == ("open-attr",):
            # `if not isinstance(layers, list): layers = [layers]` of an optimiser handed the layers it walks: the
            # list it is read as
            return self.const(True)
        if name in ("isinstance", "issubclass") and len(args) == 2 and not kw:
            known = _class_test(args[0] if name == "issubclass" else _class_of(args[0]), args[1])
            if known is None and name == "isinstance" and (args[0].kind == "num" or args[0].op == "const" and
                                                           args[0].kind in ("str", "none")) and \
                    args[1].kind == "cls" and not args[1].payload.get("bases"):
                # `if isinstance(n, Matrix): ... else:` handed a number: the number's branch (`isinstance(obj,
                # type(val))` of an activation named by a string, against the file's activation classes: never)
                known = False
            if known is not None:
                # `if isinstance(layer, Dense)`, `issubclass(op.__class__, ParamOperation)` over the file's own
                # classes: the branch the object takes, so a list built under it keeps each element
                return self.const(known)
        if name == "hasattr" and len(args) == 2 and not kw and args[1].op == "const" and isinstance(args[1].num, str):
            known = _has_attribute(args[0], args[1].num)
            if known is not None:
                # `if hasattr(self, 'weights')` in a base class's `param()`: a Linear has them, a ReLU never sets
                # them - the branch the object takes, so the parameters it hands out stay known
                return self.const(known)
        if name in ("isinstance", "hasattr", "callable", "issubclass"):
            return self.unknown(kind="num")
        return self.unknown(*args, *kw.values())

    def super_view(self) -> Val:
        """`super()` in a method: the same instance (its attributes shared) seen as the class the method's
        class derives from, so that `super().__init__()` makes the base's state on it."""
        frame = self.frames[-1] if self.frames else None
        inst = frame.self_val if frame is not None else None
        if inst is None or inst.kind != "inst" or not isinstance(inst.payload, Val) or inst.elems is None:
            return self.unknown()
        owner = _defining_class(inst.payload, frame.func)
        bases = owner.payload.get("base_classes", []) if owner is not None else []
        if not bases:
            return self.unknown()
        view = Val("inst", (), "inst", self.cur)
        view.elems = inst.elems  # one object: what the base's __init__ sets, the subclass reads
        view.payload = bases[0]
        view.home = inst.home
        view.name = inst.name
        return view

    def getattr_const(self, args: list[Val]) -> Val:
        """`getattr(optim, "sgd")` (a solver's `update_rule` named by a string), `getattr(self, "W1")`: the
        attribute, when its name is a constant; otherwise nothing is known."""
        if len(args) < 2 or args[1].op != "const" or not isinstance(args[1].num, str) or \
                not args[1].num.isidentifier() or args[0].kind not in ("mod", "pmod", "inst", "cls"):
            return self.unknown(*args)
        obj, attr = args[0], args[1].num
        if obj.kind == "inst" and attr not in obj.elems and self.method_of(obj, attr) is None:
            return self.unknown(*args)  # getattr(layer, "bias", None): an attribute that may not exist
        if obj.kind == "pmod" and attr not in obj.payload.vars:
            return self.unknown(*args)
        node = ast.Attribute(value=ast.Name(id="_", ctx=ast.Load()), attr=attr, ctx=ast.Load())
        return self.attribute(obj, node)

    def apply(self, canon: str, args: list[Val], kw: dict[str, Val], qual: str) -> Val:
        if not args and (first := next((k for k in _FIRST_ARRAY if k in kw), None)) is not None:
            # `np.pad(array=x, pad_width=...)`, `F.pad(input=x, pad=...)`: the array it works on, handed by keyword
            args = [kw[first]]
            kw = {k: v for k, v in kw.items() if k != first}
        a0 = args[0] if args else self.unknown()
        if canon == "matmul":
            if len(args) >= 2:
                return self.matmul(args[0], args[1])
            return self.unknown(*args)
        if canon == "T" and len(args) == 3 and {args[1].num, args[2].num} == {-2, -1}:
            # x.swapaxes(-2, -1), torch's `w.transpose(-1, -2)`: each matrix of a batch (or the one matrix)
            # transposed
            out = self.transpose(a0)
            out.ev = {"swap": True}
            return out
        if canon == "T" and qual.rsplit(".", 1)[-1] == "swapaxes":
            return self.apply("reshape", args, kw, qual)  # other axes: as np.swapaxes(x, 1, 2) reads
        if canon == "T":
            perm = _permutation(args[1:])
            if len(args) == 1 or perm == [1, 0] or (len(args) == 3 and {args[1].num, args[2].num} == {0, 1}):
                return self.transpose(a0)
            if perm is not None and len(perm) > 2 and perm == list(range(len(perm) - 2)) + [len(perm) - 1, len(perm) - 2]:
                # x.transpose(0, 2, 1): each matrix of a batch transposed, which is what formula 3 wants of it
                out = self.transpose(a0)
                out.ev = {"perm": perm}
                return out
            # any other permutation of a batch of maps: the same tensor, laid out differently
            out = self.apply("reshape", [a0], {}, qual)
            out.ev = {"fn": "transpose", "args": list(args[1:]) if perm is None or len(args) > 2
                      else list(args[1].elems or []), "kw": {}}
            return out
        if canon == "outer" and len(args) >= 2:
            return self.outer(args[0], args[1])
        if canon in ("einsum", "tensordot"):
            ops = [x for x in args if x.kind == "arr" and x.op != "const"]
            spec = args[0].num if args and args[0].op == "const" and isinstance(args[0].num, str) else None
            plan = einsum_as_matmul(spec) if canon == "einsum" and spec and len(ops) == 2 else None
            if plan is not None:
                # 'ij,bjk->bik': a (batched) matrix product, read as one - a layer, formula 2 or 3
                a, b = ops
                parts = []
                for v, perm in ((a, plan[0]), (b, plan[1])):
                    if perm is not None:
                        v = self.transpose(v)
                        v.ev = {"perm": perm}
                    parts.append(v)
                return self.matmul(parts[0], parts[1])
            if len(ops) == 2:
                out = self.matmul_like(ops[0], ops[1], canon)
                out.ev = {"spec": args[0].num if args and args[0].op == "const" else None,
                          "order": [x for x in args if x.kind == "arr" and x.op != "const"], "kw": dict(kw)}
                return out
            spec = args[0].num if args and args[0].op == "const" and isinstance(args[0].num, str) else None
            if len(ops) == 1 and spec and "->" in spec:
                ins, out_idx = spec.replace(" ", "").split("->")
                if len(out_idx) < len(ins):
                    return self.reduce("sum", ops[0], [], {"axis": self.const(0 if out_idx else None)})
            return self.unknown(*args)
        if canon in ("correlate", "convolve"):
            ops = [x for x in args if x.kind == "arr" and x.op != "const"]
            if len(ops) >= 2:
                out = self.matmul_like(ops[0], ops[1], canon)
                mode = kw.get("mode", args[2] if len(args) > 2 else None)
                out.ev = {"fn": qual.rsplit(".", 1)[-1], "order": ops[:2],
                          "mode": mode.num if mode is not None and mode.op == "const" else "full"}
                return out
            return self.unknown(*args)
        if canon == "exp" and a0.op == "neg" and a0.adj is None and a0.args and isinstance(a0.args[0], Val) and \
                a0.args[0].op == "call" and a0.args[0].payload == "logaddexp" and len(a0.args[0].args) == 2:
            # `np.exp(-np.logaddexp(0, -z))`: 1 / (1 + exp(-z)) written stably, the sigmoid of z
            inner = a0.args[0].args[1]
            if isinstance(inner, Val) and inner.op == "neg" and inner.args and isinstance(inner.args[0], Val):
                before = (a0.args[0].ev or {}).get("ce_before")
                if before is not None:
                    # (the logaddexp was no cross-entropy after all: what it marked is put back)
                    before[0].ce, self.know.sigmoid_ce = before[1], before[2]
                out = self.new("call", (a0,))
                out.payload = "exp"
                return self.activation("sigmoid", inner.args[0], out)
        if canon == "exp" and a0.op == "sub" and a0.adj is None:
            shifted, lse = a0.args
            inner = lse.args[0] if lse.op == "call" and lse.payload == "log" and lse.args else None
            if inner is not None and inner.op == "add" and len(inner.args) == 2 and \
                    any(isinstance(x, Val) and (x.op == "const" or x.kind == "num") for x in inner.args):
                # (`np.log(Z + eps)`: kept off zero, still the sum's log)
                inner = next(x for x in inner.args if isinstance(x, Val) and not (x.op == "const" or x.kind == "num"))
            if inner is not None and inner.op == "call" and inner.payload == "sum" and inner.args:
                e = inner.args[0]
                if e.op == "call" and e.payload == "exp" and e.args and same_value(e.args[0], shifted):
                    out = self.new("call", (a0,))
                    out.payload = "exp"
                    out = self.activation("softmax", self.strip_shift(shifted), out)  # exp(log_softmax)
                    if out.role is None and a0.role is not None and a0.role[0] == "z" and \
                            a0.role[1].act() == "softmax":
                        out.role = a0.role  # (the log-probabilities were already read as that softmax's output)
                    return out
        if canon in ("exp", "log", "sqrt", "abs", "square", "rsqrt", "norm", "cosh"):
            # np.sqrt(2.0 / fan_in) is a number (an initialisation scale), not a tensor
            out = self.new("call", (a0,), "num" if a0.kind == "num" and canon != "norm" else "arr")
            out.payload = canon
            if a0.adj is not None:
                if canon in ("abs", "square", "norm"):
                    if canon == "square" and a0.adj.unit is not None and a0.adj.pos in ("y", "z"):
                        a0.adj.unit.sq = True  # (`np.square(A - Y)`, as `(A - Y) ** 2`: a squared error of it)
                    out.adj = None
                else:
                    out.adj = Adj(UNKNOWN_SIGN, "?")
            if canon == "log":
                self.note_log(a0)
                act = strip_views(a0).act
                if act is not None and act[0] == "softmax":
                    self.log_probs = out
            return out
        if canon == "diag":
            # np.diagflat(s): a matrix with s on its diagonal (half of a softmax's Jacobian)
            out = self.new("call", (a0,))
            out.payload = canon
            out.ev = {"fn": qual.rsplit(".", 1)[-1]}
            if a0.adj is not None:
                out.adj = Adj(UNKNOWN_SIGN, "?")
            return out
        if canon in ("tanh", "sigmoid", "relu", "softmax", "log_softmax", "leaky_relu"):
            out = self.new("call", (a0,))
            out.payload = canon
            out.ev = {"kw": dict(kw), "args": list(args[1:])}
            if canon == "log_softmax":
                self.note_log(a0, softmax=True)
                return out
            return self.activation(canon, a0, out)
        if canon in ("maximum", "clip", "clip_min") or canon == "minimum" and len(args) == 2 and \
                any(is_zero(a) for a in args):
            return self.clip_like(canon, args, kw)
        if canon == "max" and qual.split(".")[0] == "torch" and len(args) == 2 and not kw and \
                all(a.kind == "arr" for a in args) and any(is_zero(a) for a in args):
            # `torch.max(x, torch.zeros(x.size()))`: handed a second tensor, torch's max is the elementwise maximum
            return self.clip_like("maximum", args, kw)
        numbers = [a for a in args if a.op == "const" and a.kind == "num"]
        if canon == "minimum" and len(args) == 2 and not kw and len(numbers) == 1 and \
                next(a for a in args if a is not numbers[0]).kind == "arr":
            # `np.minimum(c, w)`: w bounded above by a number (weight clipping, `np.maximum(-c, np.minimum(c, w))`)
            x, bound = (args[1], args[0]) if args[0] is numbers[0] else (args[0], args[1])
            out = self.new("call", (x, bound))
            out.payload = "clip"
            out.ev = {"fn": "clip", "kw": {"max": bound}}
            return out
        if canon == "where" and len(args) == 3:
            return self.where(*args)
        if canon == "where" and len(args) == 1 and a0.cmp is not None:
            # `dx[np.where(x <= 0)] = 0`, `x.nonzero()`: the positions where a condition holds select, as an
            # index, what the condition's mask selects
            return a0
        if canon == "heaviside":
            out = self.new("call", tuple(args))
            out.payload = "heaviside"
            out.deriv = Deriv("relu", a0, "mask")
            return out
        if canon in ("sum", "mean", "max"):
            return self.reduce(canon, a0, args[1:], kw)
        if canon in ("var", "std") and a0.kind == "arr" and a0.adj is None:
            # a norm's statistics: the same call on the same array in the backward pass is the same tensor
            out = self.new("call", (a0,))
            out.payload = canon
            out.ev = {"kw": {k: v for k, v in kw.items() if k != "out"}, "args": list(args[1:])}
            return out
        if canon in ("copy", "array", "reshape", "flip", "item"):
            if canon == "item" and a0.adj is not None and self.cur is not None and a0.stmt is self.cur:
                # `grads[3].mean().item()` appended to a log: a number read out of a gradient this statement
                # reduced, for a report - no bias's gradient, and no formula
                self.events[:] = [e for e in self.events if not (e.stmt is self.cur and e.info.get("value") is a0)]
                return self.unknown()
            if canon == "array" and a0.op == "const" and a0.num is not None:
                return a0  # `torch.tensor(0.)`, `np.array(1.0)`: the number itself
            if a0.kind == "seq" and canon == "array" and a0.summary is None and a0.elems and len(a0.elems) > 1 and \
                    all(e.kind == "arr" and e.op == "leaf" and e.leaf is not None and not e.leaf.data for e in a0.elems):
                # `self.Weights = np.asarray(self.Weights)` of one weight array per layer (an array of arrays):
                # still each layer's own weight at its position, `weights[3]` the fourth layer's
                return a0
            if a0.kind == "seq" and canon == "array":
                out = self.new("array", tuple(a0.elems or ()))
                elem: Val | None = a0
                for _ in range(4):
                    if elem is None or elem.kind != "seq":
                        break
                    elem = self.seq_any(elem)
                if elem is not None and elem.kind == "arr":
                    # np.array([[conv(x, K[f]) + b[f] for f ...] for s ...]): the stacked layer output
                    out.role, out.adj, out.act = elem.role, elem.adj, elem.act
                    if not a0.elems:
                        # a comprehension's one element stands for all: what its gradient came through
                        out.args = (elem,)
                        out.ev = {"summary": True}
                return out
            out = self.new("copy" if canon in ("copy", "array") else canon, (a0,), a0.kind if a0.kind in ("arr", "num") else "arr")
            out.ev = {"fn": qual.rsplit(".", 1)[-1], "args": list(args[1:]), "kw": dict(kw)}
            out.adj = a0.adj
            if canon == "copy" and a0.adj is not None and a0.adj.chain and a0.adj.pos == "v" and a0.adj.node is not None:
                # `dlogits = dnorm_logits.clone()`, then added to: the first part of the node's gradient (a copy of the
                # input's gradient, `ig = x.g.clone()`, is kept for a test, no step)
                self.chain_tag(a0.adj.node, a0.adj.unit, a0.adj.chain)
            out.role = a0.role
            out.act = a0.act
            out.deriv = a0.deriv
            out.cmp = a0.cmp
            out.num = a0.num if canon != "flip" else None
            out.leaf = a0.leaf if canon in ("reshape", "item") else None
            if a0.op == "leaf" and a0.leaf is not None and a0.adj is None and not self.discovery and \
                    not a0.leaf.data:
                # W_col = W.reshape(...) kept in forward: the array of this moment (a step may rebind W)
                self._alias_at[id(out)] = (self.t, out)
            out.tr = a0.tr
            if canon == "copy" and "requires_grad" in kw:
                out.rg = True
            return out
        if canon == "init":
            fn = qual.rsplit(".", 1)[-1]
            if fn in _SHAPED_BY_ARGS:
                self._sizes_are_numbers(args if fn in ("rand", "randn") else args[:1])
            out = self.new("init", ())
            out.ev = {"fn": fn, "args": list(args), "kw": dict(kw)}
            out.deps = frozenset()
            out.payload = self.size_of(args, kw, fn)
            rg = kw.get("requires_grad")
            if rg is not None and rg.num:
                out.rg = True
            if qual.endswith("_like") and args:
                out.deps = frozenset()
            return out
        if canon == "split":
            return self.split_gates(args, kw)
        if canon == "concat":
            # (`np.vstack(dlogps)` of a list appended once per step of an episode: each step's value, stacked)
            stacked = a0.kind == "seq" and not a0.elems and a0.summary is not None and len(args) == 1
            parts = a0.elems if a0.kind == "seq" and a0.elems else [a0.summary] if stacked else args
            kept = _beside_ones(parts)
            if kept is not None:
                # `np.hstack((ones, a2))`, `np.c_[ones, a2]`: the activation with a column of ones for the next
                # layer's bias (the course's ex4 layout), still that layer's output
                return self.bias_column(tuple(parts), kept, qual.rsplit(".", 1)[-1], kw, seq=a0.kind == "seq")
            out = self.new("concat", tuple(parts))
            out.ev = {"fn": qual.rsplit(".", 1)[-1], "kw": dict(kw), "seq": a0.kind == "seq"}
            if stacked and parts[0].adj is None:
                out.role = parts[0].role  # the steps' hidden states stacked: that layer's output, for the batch
            if len(parts) == 1 and parts[0].kind == "arr" and parts[0].adj is not None:
                # `np.concatenate(d_out, axis=1)` of one array: its slices laid side by side, the same gradient
                out.adj = parts[0].adj
            elif any(p.adj is not None for p in parts):
                out.adj = self.packed_gradient(parts) or self.gate_deltas(parts) or _one_error(parts) or \
                    Adj(UNKNOWN_SIGN, "?")
            return out
        if canon in ("mul", "add", "sub", "div") and len(args) >= 2:
            return self.binop({"mul": "Mult", "add": "Add", "sub": "Sub", "div": "Div"}[canon], args[0], args[1])
        if canon == "neg":
            return self.neg(a0)
        if canon == "pow" and len(args) >= 2:
            return self.power(args[0], args[1])
        if canon in ("loss_ce", "loss_mse"):
            self.autograd = True
            out = self.unknown(*args)
            out.payload = "loss"  # F.cross_entropy(...): a loss, to be descended
            return out
        if canon == "argmax" or canon == "cmpfn" or canon == "sign":
            out = self.unknown(*args)
            if canon == "sign" and len(args) == 1:
                out.ev = {"fn": "sign"}  # for `bpscan verify` only: an L1 penalty's derivative, np.sign(W)
                if a0.adj is not None and a0.adj.pos in ("z", "y"):
                    out.adj = a0.adj  # np.sign(pred - y) of an absolute error: the gradient's direction, kept
                    for e in self.events:
                        if e.kind == "error" and e.info.get("value") is a0:
                            e.info["absolute"] = True  # for `bpscan verify`: the loss is |pred - y|
            return out
        return self.unknown(*args, *kw.values())

    def split_gates(self, args: list[Val], kw: dict[str, Val]) -> Val:
        """np.split(A, 4, axis=1), A.chunk(4, 1): the gates of one pre-activation (or of its activated
        output), each a tensor of its own, as the slices A[:, :H], A[:, H:2*H] ... are."""
        base = args[0] if args else self.unknown()
        count = args[1] if len(args) > 1 else kw.get("indices_or_sections", kw.get("chunks"))
        n = count.num if count is not None and count.op == "const" else None
        if base.kind == "arr" and (base.adj is not None and base.adj.pos != "?" or
                                   base.role is not None and count is not None and count.op != "const"):
            # `np.vsplit(d_out, N)` of a gradient, `np.hsplit(out, N)` of a layer's output into its samples: pieces
            # of that tensor, to be stacked again in another layout (a convolution's columns)
            piece = self.new("getitem", (base, self.unknown()), "arr")
            piece.adj, piece.role, piece.act = base.adj, base.role, base.act
            return self.seq(None, piece)
        if not (isinstance(n, int) and not isinstance(n, bool) and 2 <= n <= 8) or base.kind != "arr" or \
                base.adj is not None or base.role is None or not (
                    base.role[0] in ("mm", "y") or (base.role[0] == "z" and base.act is not None)) or \
                _activated_in_place(base):
            # (`ifog[:, 3*H:] = np.tanh(ifog[:, 3*H:])` before the split: which part holds an activation and which
            # a pre-activation is a matter of slice bounds not followed here)
            return self.unknown(*args, *kw.values())
        parts = []
        for i in range(n):
            part = self.new("getitem", (base, self.const(i)), "arr")
            part.role, part.act = base.role, base.act
            parts.append(self.view(part, (id(base), f"split {i} of {n}")))
        return self.seq(parts)

    def gate_deltas(self, parts: list[Val]) -> Adj | None:
        """np.hstack((df, dg, di, do)): the deltas of each gate slice of one pre-activation, stacked
        back in its layout, are that layer's delta."""
        units, signs, homes, where = set(), set(), set(), set()
        for p in parts:
            a = p.adj
            node = a.node if a is not None else None
            if node is None or a.pos != "v" or not is_slice(node) or node.role is None or \
                    node.role[0] not in ("y", "mm", "z"):
                return None
            units.add(id(node.role[1]))
            signs.add(a.sign)
            homes.add(node.home)
            # slices of the pre-activation give the delta; slices of the activated gates (a GRU's
            # sigmoid(Z) split into reset and update gates) give the gradient of the layer's output
            where.add("z" if node.role[0] == "z" else "y")
        if len(units) != 1 or len(homes) != len(parts) or len(parts) < 2 or len(where) != 1:
            return None
        unit = parts[0].adj.node.role[1]
        return Adj(signs.pop() if len(signs) == 1 else UNKNOWN_SIGN, where.pop(), unit)

    def packed_gradient(self, parts: list[Val]) -> Adj | None:
        """np.concatenate([dW1.ravel(), db1.ravel(), ...]): the gradient of the flat vector they slice."""
        whole, signs = None, set()
        for p in parts:
            a = p.adj
            if a is None:
                continue
            leaf = a.leaf if a.pos == "W" else (a.unit.biases[0] if a.pos == "b" and a.unit is not None
                                                 and a.unit.biases else None)
            if leaf is None or leaf.packed is None or (whole is not None and leaf.packed is not whole):
                return None
            whole = leaf.packed
            signs.add(a.sign)
        if whole is None or len(signs) != 1:
            return None
        return Adj(signs.pop(), "W", whole.unit, whole)

    def size_of(self, args: list[Val], kw: dict[str, Val], fn: str | None = None) -> int | None:
        dims: list[Val] = []
        shape = kw.get("size", kw.get("shape"))
        if fn in _DRAWN_WITH_SIZE:
            # `np.random.normal(0, 1, (3, 4))`, `normal(size=(10, 1))`: the size comes after the distribution's
            # numbers, never among them
            shape = shape if shape is not None else args[_DRAWN_WITH_SIZE[fn]] if len(args) > _DRAWN_WITH_SIZE[fn] \
                else None
            if shape is None:
                return None
            args = [shape]
        elif shape is not None and not args:
            args = [shape]
        if args and args[0].kind == "seq" and args[0].elems is not None and args[0].summary is None:
            dims = list(args[0].elems)
        else:
            dims = [a for a in args if a.kind == "num"]
        if not dims:
            return None
        n = 1
        for d in dims:
            if d.op != "const" or not isinstance(d.num, int):
                return None
            n *= d.num
        return n

    def note_log(self, v: Val, softmax: bool = False) -> None:
        base = v
        for _ in range(5):
            if base.act is not None and base.act[0] in ("softmax", "sigmoid"):
                break
            if base.op in ("add", "sub") and base.args:
                base = base.args[0] if base.args[0].kind == "arr" else base.args[1]
            elif base.op in ("getitem", "copy", "reshape", "clip", "join") and base.args:
                base = base.args[0]
            elif base.op == "call" and base.payload == "clip" and base.args:
                base = base.args[0]
            else:
                break
        if softmax or (base.act is not None and base.act[0] in ("softmax", "sigmoid")):
            unit = self.output_unit(base) if not softmax else self.output_unit(v)
            if unit is not None:
                unit.ce = True
            if not softmax and base.act is not None and base.act[0] == "sigmoid":
                self.know.sigmoid_ce = True
            if base.stmt is not None:
                self.know.ce_sites.add(base.stmt.idx)

    def _in_loss_function(self) -> bool:
        """The code runs in a function named as a cross-entropy (`bce_with_logits_loss_and_grad`)."""
        func = self.func_stack[-1] if self.func_stack else None
        return bool(_CE_NAME.search(getattr(func, "name", "") or ""))

    def clip_like(self, canon: str, args: list[Val], kw: dict[str, Val]) -> Val:
        a0 = args[0] if args else self.unknown()
        out = self.new("call", tuple(args))
        out.payload = "clip"
        out.ev = {"fn": canon, "kw": dict(kw)}
        if canon == "maximum" and len(args) >= 2 and self._in_loss_function():
            # `max_val = np.maximum(0, logits)` of a loss written stably (log-sum-exp, BCE with logits): a shift
            # of the loss's arithmetic, no ReLU of the network
            return out
        if canon == "maximum" and len(args) >= 2:
            x, y = args[0], args[1]
            if (x.num == 0 or x.kind == "arr" and is_zero(x)) and y.num is None:
                return self.activation("relu", y, out)
            if (y.num == 0 or y.kind == "arr" and is_zero(y)) and x.num is None:
                return self.activation("relu", x, out)
            for p, q in ((x, y), (y, x)):
                if p.op == "mul" and p.factors and any(same_value(f, q) for f in p.factors):
                    # (`np.maximum(z * slope, z)` called with slope 0 is a plain ReLU)
                    zero = any(f.op == "const" and f.num == 0 for f in p.factors)
                    return self.activation("relu" if zero else "leaky_relu", q, out)
            return out
        if canon == "minimum":
            # `np.minimum(x, 0)`: x's negative part (a leaky ReLU adds a multiple of it to the ReLU)
            x = args[1] if is_zero(args[0]) else args[0]
            out.ev = {"fn": "clip", "kw": {"max": self.const(0)}}
            out.args = (x,)
            return out
        lo, hi = clip_bounds(args, kw)
        if canon == "clip_min":
            lo, hi = (args[1] if len(args) > 1 else kw.get("min")), None
        if lo is not None and lo.num == 0 and (hi is None or hi.kind == "none") and a0.ev and \
                a0.ev.get("fn") == "sign" and a0.args and isinstance(a0.args[0], Val) and a0.adj is None:
            # `x.sign().clamp(min=0)`: 1 where x > 0, else 0 - the ReLU's derivative, not a ReLU
            out.deriv = Deriv("relu", a0.args[0], "mask")
            return out
        if lo is not None and lo.num == 0 and (hi is None or hi.kind == "none"):
            return self.activation("relu", a0, out)
        out.adj = a0.adj
        out.role = a0.role
        out.act = a0.act
        out.leaf = None
        return out

    def where(self, c: Val, x: Val, y: Val) -> Val:
        out = self.new("call", (c, x, y))
        out.payload = "where"
        operand = self.mask_operand(c)
        if x.adj is not None or y.adj is not None:
            g = x if x.adj is not None else y
            if operand is not None:
                other = y if g is x else x
                kind = "relu" if is_zero(other) else "leaky_relu"
                out.adj = self.f1(g, Deriv(kind, operand, "mask"), out)
            else:
                out.adj = g.adj
            return out
        if operand is not None and x.num == 1 and is_zero(y):
            out.deriv = Deriv("relu", operand, "mask")
            return out
        if operand is not None and x.num == 1 and (y.num is not None and y.num != 0 or
                                                   y.kind == "num" and y.op != "const"):
            # (`np.where(x > 0, 1, self.alpha)`: the slope a number handed in, not known here)
            out.deriv = Deriv("leaky_relu", operand, "mask")
            return out
        if operand is not None and y.num == 1 and (x.num is not None or x.kind == "num"):
            # np.where(x <= 0, slope, 1): the condition picks the negative side
            out.deriv = Deriv("relu" if is_zero(x) else "leaky_relu", operand, "mask")
            return out
        if operand is not None and same_value(operand, x):
            if is_zero(y):
                return self.activation("relu", x, out)
            if y.op == "mul" and y.factors and any(same_value(f, x) for f in y.factors):
                # (`np.where(x > 0, x, x * self.alpha)` with the default `alpha=0`: a plain ReLU, as its backward's
                # `np.where(mask, 1, self.alpha)` reads too)
                return self.activation("relu" if any(is_zero(f) for f in y.factors) else "leaky_relu", x, out)
        if operand is not None and same_value(operand, y):
            # np.where(x <= 0, slope * x, x)
            if is_zero(x):
                return self.activation("relu", y, out)
            if x.op == "mul" and x.factors and any(same_value(f, y) for f in x.factors):
                return self.activation("relu" if any(is_zero(f) for f in x.factors) else "leaky_relu", y, out)
        if x.act is not None and y.act is not None and x.act[0] == y.act[0] and same_value(x.act[1], y.act[1]):
            # np.where(z < 0, exp(z) / (1 + exp(z)), 1 / (1 + exp(-z))): one activation written two ways, each
            # for the side where it cannot overflow
            return self.activation(x.act[0], x.act[1], out)
        if c.cmp is not None and operand is None:
            tested = [v for v in c.cmp[1:] if v.op != "const"]
            for keep, floor in ((x, y), (y, x)):
                if floor.op == "const" and len(tested) == 1 and same_value(tested[0], keep) and keep.act is not None:
                    # np.where(p > 1e-10, p, 1e-10): the probabilities kept off zero for the log, still the
                    # softmax's output
                    out.role, out.act = keep.role, keep.act
                    return out
        return out

    def _whole_sum(self) -> bool:
        """The statement assigns a (scaled) sum of one named tensor: `db = 1 / m * np.sum(dZ, axis=1)`."""
        node = self.cur.node if self.cur is not None else None
        value = getattr(node, "value", None) if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) else None
        while isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Mult, ast.Div)):
            calls = [s for s in (value.left, value.right) if isinstance(s, ast.Call)]
            if len(calls) != 1:
                return False
            value = calls[0]
        if not isinstance(value, ast.Call):
            return False
        while callee_name(value.func) in _SHAPE_ONLY and len(value.args) == 1 and isinstance(value.args[0], ast.Call):
            value = value.args[0]  # np.squeeze(np.sum(dZ, axis=1, keepdims=True)): the same sum, reshaped
        f = value.func
        operand = f.value if isinstance(f, ast.Attribute) and not value.args else (value.args[0] if value.args else None)
        return callee_name(f) in ("sum", "mean") and isinstance(operand, ast.Name)

    def _foreign_factor(self, a: Val) -> Val | None:
        """The factor of a product with a gradient that makes it no longer the delta itself: an array the
        model could not place as a constant, a derivative or a parameter (or a normalisation's input)."""
        unit = a.adj.unit if a.adj is not None else None
        for f in a.factors or a.args:
            if not isinstance(f, Val) or f.adj is not None or f.kind != "arr" or f.num is not None:
                continue
            if unit is not None and any(lay.convention == "elementwise" for lay in unit.layers) and \
                    self.layer_for_input(unit, f) is not None:
                return f  # (grad * x_hat).sum(axis=0): a normalisation's scale gradient, not its shift's
            if f.deriv is not None or f.act is not None or self.mask_operand(f) is not None or f.cmp is not None:
                continue
            base = strip_views(f)
            filled = False
            while base.op == "setitem" and base.args and isinstance(base.args[0], Val):
                base, filled = base.args[0], True
            if filled and base.adj is None and (base.op == "init" or base.op == "leaf" and base.leaf is not None
                                                and zero_started(base.leaf)):
                return f  # a fresh buffer filled from the input, seen through its reshapes
            if base.op == "unknown" and base.adj is None and not any(
                    isinstance(x, Val) and x.role is not None and x.role[0] in ("y", "z", "mm") for x in base.args):
                # an array from code the model could not read (an input window, most likely) - not one computed
                # from a layer's own pre-activation or output (`self.activation.derivative(self.z)` of an activation
                # object not known here: formula 1's factor)
                return f
            if base.op == "getitem" and base.adj is None and is_slice(base) and base.args and \
                    isinstance(base.args[0], Val) and _window_of_input(base.args[0], unit):
                # `a_prev_pad[:, h:h + k, w:w + k].unsqueeze(4) * d[:, i:i + 1, j:j + 1]`: a window of what the
                # layer was handed, padded again in the backward pass
                return f
        return None

    def _normalised_factor(self, a: Val) -> bool:
        """A factor of the product is what an elementwise layer (a normalisation's gain) multiplies."""
        scaled = [u for u in self.units if any(lay.convention == "elementwise" for lay in u.layers)]
        return any(isinstance(f, Val) and f.adj is None and f.kind == "arr" and
                   any(self.layer_for_input(u, f) is not None for u in scaled) for f in a.factors or a.args)

    def _derivative_ahead(self, unit: Unit) -> bool:
        """An error at the output of `unit` that formula 1 later multiplies by the activation's derivative is
        not yet a delta: summed over the batch it is no bias's gradient (`np.mean(pred - t, axis=1)` of a
        loss object). Without such an F1 (a sigmoid with cross-entropy) the error is the delta."""
        act = unit.activation
        if act is None or act in ("linear", "softmax", "identity") or unit.presumed or not unit.layers:
            return False
        # (the discovery pass keeps the error as it is, so that the F1 that may follow can be seen)
        return self.discovery or unit.weights_key() in self.know.derived

    def reduce(self, canon: str, a: Val, rest: list[Val], kw: dict[str, Val]) -> Val:
        out = self.new("call", (a,))
        out.payload = canon
        axis = kw.get("axis", kw.get("dim", rest[0] if rest else None))
        keep = kw.get("keepdims", kw.get("keepdim", rest[1] if len(rest) > 1 else None))
        out.ev = {"axis": axis, "keepdims": keep}
        if a.adj is not None:
            if canon == "max":
                out.adj = Adj(UNKNOWN_SIGN, "?")
                return out
            if a.adj.chain and a.adj.pos in ("v", "x"):
                # (a node's gradient summed over the axes the node was broadcast along: still that node's)
                out.adj = a.adj
                return out
            all_axes = axis is None or axis.kind == "none"
            if self.discovery and a.adj.unit is not None and a.adj.unit.presumed and axis is not None and \
                    axis.num in (0, 1):
                self.know.bias_votes["column" if axis.num == 1 else "row"] += 1
            presumed = a.adj.unit is not None and a.adj.unit.presumed
            bare = a.adj.unit is not None and not (a.adj.unit.layers or a.adj.unit.biases or presumed)
            s_out = _softmax_weighted(a) if canon == "sum" and not all_axes else None
            if s_out is not None:
                # sum(g * s, axis): half of the product with a softmax's Jacobian, s * (g - sum(g * s)) (also in a
                # softmax layer of its own, with no weight behind it)
                out.ev["softmax_of"] = s_out
                out.adj = a.adj
                return out
            if canon == "sum" and not all_axes and a.op == "mul" and a.adj.pos != "y" and \
                    any(f.adj is None and f.op == "call" and f.payload == "exp" for f in a.factors or ()):
                # sum(g * e, axis) of a softmax's exponentials: the second half of its quotient's derivative, taken
                # through e / S in its parts (see `_softmax_through_exp`), no bias's gradient
                out.adj = a.adj
                return out
            if (presumed and not self._whole_sum()) or bare:
                # a loss's gradient summed (no layer behind the output it was given): no bias to be had
                out.adj = a.adj if a.adj.pos in ("W", "b") else Adj(a.adj.sign, "?")
                return out  # with no forward pass, only `db = delta.sum(axis)` reads as a bias's gradient
            if canon == "sum" and not all_axes and (
                    a.op == "mul" and any(f.adj is None and weight_view(f) is not None for f in a.factors or ()) or
                    a.op == "matmul" and a.stmt is self.cur and
                    any(isinstance(f, Val) and f.adj is None and weight_view(f) is not None for f in a.args)):
                # np.sum(w2 * d2, axis=1): formula 2 written elementwise, finished by the sum; np.sum(W1 @ d.T,
                # axis=1): formula 2's product reshaped - no bias's gradient either way
                out.adj = a.adj
                return out
            x = self._foreign_factor(a) if a.op == "mul" and a.adj.pos in ("y", "z") else None
            if x is not None:
                # (delta * windows).mean(axis=0): the delta times an array the model could not place (a
                # convolution's input windows copied into a buffer) - the gradient of the layer's one weight
                # when it has only one, never the bias's
                unit = a.adj.unit
                g = next((f for f in (a.factors or a.args) if isinstance(f, Val) and f.adj is not None), None)
                if a.adj.pos == "y" and unit is not None and len(unit.layers) == 1 and g is not None:
                    out.adj = self.f3(g, x, unit.layers[0], via="reduce", out=out)
                else:
                    out.adj = Adj(a.adj.sign, "?")
                return out
            if a.op == "mul" and a.adj.pos in ("y", "z") and self._normalised_factor(a):
                # (error * x_hat).sum(0) with the error arriving from another instance of the layer's class (a
                # stack of blocks walked as one): a scale's gradient of some normalisation, never a shift's
                out.adj = Adj(a.adj.sign, "?")
                return out
            if a.adj.pos == "y" and not (a.tr or a.op == "T") and _across_units(a.adj.unit, axis):
                # np.sum(t - y, axis=1) with rows for samples: summed over the output's units, not over the
                # batch - still the loss's error, no bias's gradient
                out.adj = a.adj
                return out
            if a.adj.pos == "y" or (a.adj.pos == "z" and a.adj.unit is not None and
                                    (a.adj.unit.biases or a.adj.unit.presumed) and
                                    not self._derivative_ahead(a.adj.unit)):
                unit = a.adj.unit
                bias = unit.biases[0] if unit is not None and unit.biases else None
                if unit is not None and len(unit.biases) > 1 and self.cur is not None:
                    # `self.db_hh += dz.sum(axis=0)` of a pre-activation with two biases: the one the target names
                    i = named_by_target(single_target(self.cur.node), [b.name for b in unit.biases])
                    bias = unit.biases[i] if i is not None else bias
                self.emit("F3", unit, bias, bias=True, all_axes=all_axes, axis=axis, delta=a, value=out)
                out.adj = Adj(a.adj.sign * bias_sign(bias), "b", unit)
                return out
            if canon == "sum" and a.adj.pos == "W" and not all_axes and a.stmt is not None and a.stmt is not self.cur:
                self._move_elementwise_f3(a, out)
            out.adj = a.adj
            return out
        if canon == "sum" and a.op == "call" and a.payload == "exp":
            out.payload = "sum"
        if a.role is not None and (canon == "max" or a.role[0] == "mm"):
            out.role = a.role  # max for a stable softmax; a window sum finishes a convolution
        return out

    def _move_elementwise_f3(self, a: Val, out: Val) -> None:
        """`dxg = dout * x_hat` then `dgamma = np.sum(dxg, axis=0)`: the weight's gradient is the sum, and
        formula 3's statement is the one that sums the per-sample products over the batch."""
        moved = [e for e in self.events if e.kind == "F3" and e.info.get("value") is a and e.info.get("via") == "mul"
                 and getattr(e.info.get("layer"), "convention", None) == "elementwise"]
        if not moved:
            return
        self.events[:] = [e for e in self.events if not any(e is m for m in moved)]
        info = dict(moved[-1].info)
        info["value"] = out
        self.emit("F3", moved[-1].unit, moved[-1].leaf, **info)

    def outer(self, a: Val, b: Val) -> Val:
        return self.matmul_like(a, b, "outer")


#: an object's attribute holding its parameters by name (`layer.parameters`, `module.params`)
_PARAMS_ATTR = re.compile(r"\.(params|parameters|weights|_params|_parameters)$")


def _activated_in_place(v: Val) -> bool:
    """An array some slice of which was overwritten by an activation of it (`a[:, :k] = sigmoid(a[:, :k])`)."""
    for _ in range(8):
        if v.op != "setitem" or len(v.args) < 3 or not isinstance(v.args[0], Val):
            return False
        if isinstance(v.args[2], Val) and v.args[2].act is not None:
            return True
        v = v.args[0]
    return False


def parameter_store(obj: Val) -> tuple | None:
    """(node id, name) of `layer.parameters` / `layer.params` of a layer an optimiser is handed (read as
    an attribute, or as the bound method a torch-like name resolves to), else None."""
    if isinstance(obj.payload, tuple) and obj.payload[0] == "open-attr" and obj.leaf is not None and \
            _PARAMS_ATTR.search(obj.leaf.name):
        return (obj.payload[1], obj.leaf.name)
    if obj.op == "method" and isinstance(obj.payload, tuple) and len(obj.payload) == 3:
        inst, attr = obj.payload[0], obj.payload[1]
        if isinstance(inst, Val) and inst.kind == "inst" and isinstance(inst.payload, tuple) and \
                inst.payload[0] == "open-obj" and isinstance(attr, str) and _PARAMS_ATTR.search("." + attr):
            return (inst.payload[1], f"{inst.name}.{attr}")
    return None


def _walked_key(func: Any, stmt: Any) -> bool:
    """The statement's `getattr(obj, key)` names the attribute by a loop's own variable (`for key in
    layer.grads:`): the parameters walked, not state named after them (`getattr(layer, key + "_m")`)."""
    node = getattr(stmt, "node", None)
    if func is None or node is None:
        return False
    keys = {n.args[1].id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id == "getattr" and len(n.args) == 2 and isinstance(n.args[1], ast.Name)}
    return bool(keys) and bool(loops_binding(func, node, keys))


def _arg_text(stmt: Any, pos: int) -> str:
    """The source text of argument `pos` of the one getattr call in the statement, or `name`."""
    node = getattr(stmt, "node", None)
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and
             n.func.id == "getattr" and len(n.args) > pos] if node is not None else []
    return target_text(calls[0].args[pos]) if len(calls) == 1 else "name"


def _receiver(stmt: ast.AST, method: str) -> str:
    """The text of the object a statement calls `method` on (`self.Ws` of `self.Ws.append(w)`)."""
    found = {target_text(n.func.value) for n in ast.walk(stmt) if isinstance(n, ast.Call) and
             isinstance(n.func, ast.Attribute) and n.func.attr == method}
    return found.pop() if len(found) == 1 else "list"


def _computed(v: Val) -> bool:
    """An array the code computed (an activation, a layer's output), not a weight being drawn or a name."""
    return v.kind == "arr" and v.op not in ("init", "leaf", "const", "unknown", "join") and \
        unscaled(v).op != "init"


def _size_like(v: Val) -> bool:
    """A number, a setting, or a tuple of them (`(n_in, n_out)`, `dims[i + 1]` of a list of sizes): what an
    initialiser is given, never data."""
    if v.kind == "seq" and isinstance(v.elems, list):
        return all(isinstance(e, Val) and _size_like(e) for e in v.elems)
    return v.kind in ("num", "str", "none") or v.kind == "arr" and v.adj is None and v.role is None and \
        v.act is None and v.op in ("unknown", "const", "getitem", "leaf", "add", "sub", "mul") and \
        (v.leaf is None or bool(v.leaf.data))


def _made_by(v: Val, fns: frozenset[str] | tuple[str, ...]) -> bool:
    """Made by one of these initialisers as it is (`np.random.normal(0, 1, (n, m))`), scaled or not."""
    # (`np.random.randn(n).reshape(1, n)`: drawn, then shaped as a row)
    src = unscaled(behind(unscaled(v), ("reshape", "copy")))
    # (an initialiser of a module we cannot read, given sizes alone in a constructor: either kind)
    return src.op == "init" and bool(src.ev) and (src.ev.get("fn") in fns or bool(src.ev.get("opaque")))


def _drawn_value(v: Val) -> bool:
    """A random draw as it is made (`np.random.normal(0, 1, (n, m))`), scaled or not."""
    return _made_by(v, RANDOM_DRAWS)


def _fresh_leaf(v: Val, fns: frozenset[str] | tuple[str, ...]) -> bool:
    """A name holding an array one of these initialisers made, no gradient in it."""
    return v.op == "leaf" and v.leaf is not None and v.adj is None and isinstance(v.leaf.src, Val) and \
        _made_by(v.leaf.src, fns)


def _fresh_made(v: Val) -> bool:
    """A name holding a freshly made array (`np.zeros(n)`, `np.ones(n)`) that a list keeps."""
    # (`self.v.append(np.zeros_like(p))` too: an optimiser's state, one per parameter)
    return _fresh_leaf(v, ("zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like", "full_like"))


def _fresh_draw(v: Val) -> bool:
    """A name holding a freshly drawn array (`r = 2 * np.random.random((m, n)) - 1`): a weight being made."""
    return _fresh_leaf(v, RANDOM_DRAWS)


def _softmax_weighted(a: Val) -> Val | None:
    """The softmax output s of `g * s`, g the error at that softmax's output."""
    if a.op != "mul" or not a.factors or len(a.factors) != 2 or a.adj is None or a.adj.pos != "z":
        return None
    unit = a.adj.unit
    if unit is None or unit.act() != "softmax" or unit.output is None:
        return None
    for f in a.factors:
        if f.adj is None and same_activation(strip_views(f), unit.output):
            return f
    return None


#: calls that only reshape what they are given
_SHAPE_ONLY = frozenset({"squeeze", "ravel", "flatten", "reshape", "array", "asarray"})


def _window_of_input(whole: Val, unit: Unit | None) -> bool:
    """`whole` (windows are cut from it) is the array a layer of `unit` cut its input windows from, or the data."""
    root = strip_views(whole)
    if root.deps and all(d.data and not d.target for d in root.deps):
        return True
    return unit is not None and any(
        same_forward(root, strip_views(i.args[0] if i.op == "getitem" and i.args and isinstance(i.args[0], Val) else i))
        for lay in unit.layers for i in lay.inputs)


#: the keyword NumPy's and torch's functions take their first array by (`np.pad(array=...)`, `F.pad(input=...)`)
_FIRST_ARRAY = ("array", "a", "input")


def _member(inst: Val, table: str, name: str) -> Val | None:
    """The function `name` of an instance's class from one of its tables ("methods", "getters", "setters")."""
    cls = inst.payload
    if not isinstance(cls, Val) or cls.kind != "cls":
        return None
    node = cls.payload.get(table, {}).get(name)
    if node is None:
        return None
    f = Val("func", (), "func")
    f.payload = (node, method_scope(cls, node), cls)
    return f


def _forward_value_backward(name: str, arg: Val) -> bool:
    """`self.activation.backward(self.out)`: an activation's backward handed a value of the forward pass (its
    output or pre-activation), not a gradient - its derivative there."""
    return name == "backward" and arg.adj is None and (arg.act is not None or arg.role is not None and
                                                        arg.role[0] in ("z", "y", "mm"))


def _call_alias(inst: Val) -> Val | None:
    """The method a constructor makes the instance's call (`self.__class__.__call__ = self.apply`)."""
    init = _member(inst, "methods", "__init__")
    if init is None:
        return None
    for st in init.payload[0].body:
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Attribute) and \
                st.targets[0].attr == "__call__" and isinstance(st.value, ast.Attribute) and \
                isinstance(st.value.value, ast.Name) and st.value.value.id == "self":
            return _member(inst, "methods", st.value.attr)
    return None


def _wants_instance(node: Any, n_args: int, kwargs: dict[str, Val]) -> bool:
    """A plain method (`def activate(self, x)`) called on its class with one argument too few for `self` to be one
    of them: written for an instance."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.decorator_list or kwargs or \
            node.args.vararg is not None:
        return False
    params = node.args.posonlyargs + node.args.args
    required = len(params) - len(node.args.defaults)
    return bool(params) and params[0].arg == "self" and n_args == required - 1


def _array_subclass(cls: Val) -> bool:
    """The class derives from NumPy's (or CuPy's) array type: `class Tensor(np.ndarray)`."""
    bases = cls.payload.get("bases", []) if isinstance(cls.payload, dict) else []
    return any(b.rsplit(".", 1)[-1] == "ndarray" for b in bases)


def _class_of(v: Val) -> Val | None:
    """The file's class an instance was made from, when the model knows it."""
    if v.kind == "inst" and isinstance(v.payload, Val) and v.payload.kind == "cls":
        return v.payload
    return None


def _class_test(cls: Val | None, against: Val) -> bool | None:
    """Whether the file's class `cls` is (or derives from) `against`, or any class of a tuple of them; None when
    either side is not a class of the file's own (a library's base may derive from anything)."""
    wanted = against.elems if against.kind == "seq" and isinstance(against.elems, list) and \
        against.summary is None else [against]
    if cls is None or cls.kind != "cls" or not wanted or any(w.kind != "cls" for w in wanted):
        return None
    seen: list[Val] = []
    todo = [cls]
    while todo and len(seen) < 32:
        c = todo.pop()
        if any(c is w for w in wanted):
            return True
        if any(c is s for s in seen):
            continue
        seen.append(c)
        bases = c.payload.get("base_classes", [])
        if len(bases) != len([b for b in c.payload.get("bases", []) if b != "object"]):
            return None  # a base the model could not resolve
        todo.extend(b for b in bases if b.kind == "cls")
    return False


def _has_attribute(obj: Val, name: str) -> bool | None:
    """`hasattr(obj, name)` for an object of the file's own classes: True when its class (or a base) defines it, or
    a constructor of its lineage sets it and the object holds it; False when no class of its lineage (all of them
    read) ever sets it on an instance; else None (`if not hasattr(self, "optimizer"): self.optimizer = ...`, set
    on first use, depends on what ran before)."""
    cls = obj.payload
    if obj.kind != "inst" or not isinstance(obj.elems, dict) or not isinstance(cls, Val) or cls.kind != "cls":
        return None
    todo, seen = [cls], []
    stored = in_init = False
    while todo and len(seen) < 16:
        c = todo.pop()
        if any(c is x for x in seen):
            continue
        seen.append(c)
        if any(name in c.payload.get(table, {}) for table in ("methods", "attrs", "getters", "setters")):
            return True  # (a method, a class attribute or a property)
        bases = c.payload.get("base_classes", [])
        if len(bases) != len([b for b in c.payload.get("bases", []) if b != "object"]):
            return None  # a base the model could not resolve
        for item in c.payload["node"].body:
            for n in ast.walk(item):
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("setattr", "vars") or \
                        isinstance(n, ast.Attribute) and n.attr == "__dict__":
                    return None  # attributes set by a name we cannot read
                if isinstance(n, ast.Attribute) and n.attr == name and isinstance(n.ctx, ast.Store):
                    stored = True
                    in_init = in_init or isinstance(item, ast.FunctionDef) and item.name == "__init__"
        todo.extend(b for b in bases if b.kind == "cls")
    if todo:
        return None
    if in_init and name in obj.elems:
        return True
    return False if not stored else None


def _defining_class(cls: Val, func: Any, depth: int = 0) -> Val | None:
    """The class among `cls` and its bases whose body defines the method `func`."""
    if depth > 8 or cls.kind != "cls":
        return None
    if any(item is func for item in cls.payload["node"].body):
        return cls
    for base in cls.payload.get("base_classes", []):
        found = _defining_class(base, func, depth + 1)
        if found is not None:
            return found
    return None


def einsum_as_matmul(spec: str) -> tuple[list[int] | None, list[int] | None] | None:
    """'ij,bjk->bik' is matmul(a, b); 'bij,bkj->bik' matmul(a, b with its last two axes swapped): for each
    operand the axes of the transpose it needs (None: as it is), when the einsum is a matrix product over
    the last two axes (batch axes the same on both sides and in the output); else None."""
    spec = spec.replace(" ", "")
    if "->" not in spec or "." in spec:
        return None
    ins, out = spec.split("->")
    parts = ins.split(",")
    if len(parts) != 2 or any(len(p) < 2 for p in parts) or len(out) < 2 or \
            any(len(set(p)) != len(p) for p in (*parts, out)):
        return None
    a, b = parts
    shared = [c for c in a if c in b and c not in out]
    if len(shared) != 1:
        return None
    k = shared[0]
    batch = out[:-2]
    if a[:-2] not in ("", batch) or b[:-2] not in ("", batch) or not (a[:-2] or b[:-2]) and batch:
        return None
    a2, b2 = a[-2:], b[-2:]
    if k not in a2 or k not in b2:
        return None
    ta, tb = a2[1] != k, b2[0] != k
    rows, cols = a2[0] if not ta else a2[1], b2[1] if not tb else b2[0]
    if out[-2:] != rows + cols:
        return None
    def swap(n: int) -> list[int]:
        return list(range(n - 2)) + [n - 1, n - 2]
    return swap(len(a)) if ta else None, swap(len(b)) if tb else None


def _across_units(unit: Unit | None, axis: Val | None) -> bool:
    """A sum along the axis that holds a layer's units, for a unit whose every layer says which: the last axis
    when samples are rows (`a @ W`; axis 1 of the usual 2-D batch), the one before it when they are columns
    (`W @ a`; not axis 0, which is the batch's in a stack of column vectors)."""
    if unit is None or not unit.layers or axis is None or axis.num not in (1, -1, -2):
        return False
    conventions = {lay.convention for lay in unit.layers}
    return conventions == {"row"} and axis.num in (1, -1) or conventions == {"column"} and axis.num == -2


def _one_error(parts: list[Val]) -> Adj | None:
    """np.vstack([d_real, d_fake]): the errors (or deltas) of one layer's output for two sets of samples,
    stacked into one batch; still that layer's error, when every part is and their signs agree."""
    adjs = [p.adj for p in parts if p.adj is not None and p.adj.pos in ("y", "z") and p.adj.unit is not None]
    if len(parts) < 2 or len(adjs) != len(parts) or len({(id(a.unit), a.pos, a.sign) for a in adjs}) != 1:
        return None
    return Adj(adjs[0].sign, adjs[0].pos, adjs[0].unit)


def _named_arrays(v: Val) -> bool:
    """An array bound to a name (`self.W`), or a tuple of such (`self.W, self.dW`); also a window of one handed out
    with its position (`yield image[i:i + 3, j:j + 3], i, j` of a convolution's regions)."""
    if v.kind == "seq" and isinstance(v.elems, list) and v.summary is None:
        arrays = [x for x in v.elems if x.kind != "num"]
        return bool(arrays) and all(_named_arrays(x) or _window(x) for x in arrays)
    return v.kind == "arr" and v.op == "leaf" and v.leaf is not None


def _window(v: Val) -> bool:
    """A part of a named array read by an index or a slice (`image[i:i + 3, j:j + 3]`)."""
    return v.kind == "arr" and v.op == "getitem" and v.adj is None and leaf_behind(v) is not None


def _beside_ones(parts: list[Val] | tuple[Val, ...]) -> Val | None:
    """The one array joined to a block of ones (a bias column): the array, or None."""
    if len(parts) != 2 or any(not isinstance(p, Val) or p.adj is not None for p in parts):
        return None
    # (`np.append(h, 1)`: a one-dimensional activation with the bias's 1 appended)
    ones = [p for p in parts if _ones(p) or p.op == "const" and p.num == 1]
    rest = [p for p in parts if not (_ones(p) or p.op == "const" and p.num == 1)]
    a = rest[0] if len(ones) == 1 and len(rest) == 1 else None
    return a if a is not None and _layer_output(a) else None


def _layer_output(a: Val) -> bool:
    """A layer's output or pre-activation (not the data: the input's own column of ones changes nothing the
    model reads)."""
    return a.kind == "arr" and (a.act is not None or a.role is not None and a.role[0] in ("mm", "y", "z"))


def _ones(v: Val) -> bool:
    """An array of ones, also reshaped or named first (`bias = np.ones(len(A)).reshape(len(A), 1)`)."""
    return made_by(behind(v, ("reshape", "copy")), ("ones", "ones_like"))


#: a helper of a course's utilities module taking the upstream gradient and the activation's cache
_HELPER_BACKWARD = re.compile(r"^(sigmoid|relu|tanh|leaky_relu)_backward$")


#: a function that makes a test's inputs, by its name (`linear_backward_test_case`, `make_testcase`)
_FIXTURE = re.compile(r"test_?cases?($|_)|_test_?(inputs?|data)$", re.IGNORECASE)


def _opaque(args: list[Val], kwargs: dict[str, Val]) -> bool:
    """Every array handed to a call is a value made where the scan cannot see (an unresolved module's test
    case), none of it data, a parameter or a gradient the file made."""
    arrays = [a for a in [*args, *kwargs.values()] if a.kind in ("arr", "seq", "dict", "unknown")]
    return bool(arrays) and all(a.adj is None and a.role is None and _unseen(a) for a in arrays)


#: what a table of trainable rows goes by when nothing in the file trains it (a layer library's `W[x]`)
_TABLE_NAME = re.compile(r"^(w|weight|emb|embed|table|lookup|theta|param)", re.IGNORECASE)


def _gathered_weight(v: Val | None) -> Leaf | None:
    """The array whose rows `v` looked up (`h = W_embed[words]`: W_embed), or None."""
    for _ in range(6):  # (`x[:, t, :]` of the looked-up rows: a view of them)
        if v is not None and v.op == "leaf" and v.leaf is not None and isinstance(v.leaf.src, Val):
            v = v.leaf.src
        if v is not None and v.op in ("reshape", "copy") and v.args and isinstance(v.args[0], Val):
            v = v.args[0]  # (`emb.view(n, -1)`: the looked-up rows side by side, one input of the next layer)
            continue
        if v is not None and v.op == "setitem" and len(v.args) == 3 and isinstance(v.args[2], Val):
            v = v.args[2]  # (`out[:, :, :] = W[x, :]`: the rows written into an array made for them)
        if v is None or v.op != "getitem" or len(v.args) < 2 or not isinstance(v.args[0], Val):
            return None
        table, index = v.args[0], v.args[1]
        if isinstance(index, Val) and index.kind == "seq" and index.elems:
            index = index.elems[0]  # (`W[x, :]`: the rows picked by x, every column)
        if isinstance(index, Val) and index.kind == "arr":
            return table.leaf if table.op == "leaf" else None
        v = table
    return None


def _unseen(v: Val) -> bool:
    """A value an opaque call returned, or a name bound to it (`AL, Y, caches = test_case()`)."""
    if v.op == "unknown" and not v.deps and v.leaf is None:
        return True
    if v.op == "leaf" and v.leaf is not None and v.leaf.role is None and not v.leaf.presumed and \
            isinstance(v.leaf.src, Val):
        src = v.leaf.src
        while src.op in ("part", "getitem") and src.args and isinstance(src.args[0], Val):
            src = src.args[0]
        return src.op == "unknown" and not src.deps
    return False


def _complement_alpha(stmt: ast.AST, method: str) -> bool:
    """`m.mul_(beta1).add_(g, alpha=1 - beta1)` in this statement: the method's `alpha` written as one minus a
    rate, the weight of a moving average's new share (read off the source: the rate is often a known number)."""
    for sub in ast.walk(stmt):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == method:
            for k in sub.keywords:
                v = k.value
                if k.arg == "alpha" and isinstance(v, ast.BinOp) and isinstance(v.op, ast.Sub) and \
                        isinstance(v.left, ast.Constant) and v.left.value == 1:
                    return True
    return False


def _table_entry(v: Val) -> bool:
    """A function or a class, or a table of functions by name: an entry of a lookup table of activations, losses or
    optimisers (`registry_opt = {"sgd": SGD}`)."""
    return v.kind in ("func", "cls") or v.kind == "dict" and bool(v.elems) and v.summary is None and \
        all(e.kind == "func" for e in v.elems.values())


def _lineage_attrs(cls: Val) -> dict[str, Val]:
    """The class-body names an instance of `cls` reads through `self`: its bases' (the farthest first), then its
    own, which shadow them."""
    chain: list[Val] = []
    todo = [cls]
    while todo and len(chain) < 16:
        c = todo.pop(0)
        if c.kind != "cls" or not isinstance(c.payload, dict) or any(c is x for x in chain):
            continue
        chain.append(c)
        todo.extend(c.payload.get("base_classes", []))
    out: dict[str, Val] = {}
    for c in reversed(chain):
        out.update(c.payload["attrs"])
    return out
