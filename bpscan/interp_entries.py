"""Entry points: code nothing in the file calls, driven the way a gradient-check test would drive it.

A layer library (`affine_forward`/`affine_backward(dout, cache)`), a layer class (`forward` keeps
`self.x`, `backward(dout)` sets `self.dW`), a `torch.autograd.Function`, an optimiser
(`sgd(w, dw, config)`, `class SGD: update(params, grads)`) and a network class whose `loss(X, y)`
nobody in the file calls are each run here with abstract arguments: the data as data, the
parameters as parameters trained by code we do not see, and the upstream gradient as a gradient at
the output of the forward call. The tags then fall on the library's own lines.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Any, Callable, Iterable

from bpscan.interp_calls import MODULE_DERIVATIVE, derivative_kind
from bpscan.interp_graph import GraphProtocol, graph_protocol, named_graph_protocol, node_stem, param_node
from bpscan.interp_statements import property_kind, restores_state, returned_attr, self_attr_under
from bpscan.rules.vocabulary import FORWARD_WORD, HANDED_OUTPUTS, TARGET_NAME, array_member
from bpscan.runtime import Scope, method_scope
from bpscan.terms import DL_D_NAME, DL_D_HEAD, code_body, family_key, gradient_of_name, target_text, zero_started
from bpscan.values import GRAD, Adj, LayerPair, Unit, Val

if TYPE_CHECKING:
    from bpscan.interp import Interp

_FWD = re.compile(r"^(?:(?P<a>.*?)_?)(?:forward|fwd|fprop)(?:_?(?P<b>.*))$", re.IGNORECASE)
_BWD = re.compile(r"^(?:(?P<a>.*?)_?)(?:backward|bwd|bprop|backprop)(?:_?(?P<b>.*))$", re.IGNORECASE)
FORWARD_METHODS = ("forward", "__call__", "forward_pass", "fprop", "forward_propagation", "feedforward",
                   "feed_forward", "predict_proba")
BACKWARD_METHODS = ("backward", "backward_pass", "bprop", "backprop", "backward_propagation",
                    "top_diff_is", "gradient", "grad")

#: the training set a model's constructor may be handed and keep (`NeuralNetwork(X, y)`)
_HELD_DATA = re.compile(r"^(x|X|xs|Xs|[xX]_?train|inputs?|input_?data|train(ing)?_?data|data|features|images?)$")
#: names of arguments that are data or targets, never parameters
_DATA = re.compile(r"^(x|X|x0|X0|xs|Xs|x_?batch|X_?batch|inp|inputs?|data|a_?prev|A_?prev|a|A|A0|h|h_?prev|prev_?h|"
                   # a recurrent cell's incoming states: h0, h_tm1, c_prev, prev_c, hidden
                   r"[hcs]_?(0|t|tm1|prev|in)|prev_?[cs]|hidden|states?|"
                   # a batch by where it came from: x_real, x_fake of a GAN, X_test, x_noisy
                   r"x_?t|X_?train|[xX]_(?:real|fake|gen|train|test|val|valid|noisy|clean|in|input|orig|data)|"
                   # an input by the kind of array it is: input_vector, input_batch, inputs_data
                   r"inputs?_?(?:vec(?:tor)?s?|batch(?:es)?|data|matri(?:x|ces)|arrays?|samples?|features?)|"
                   # data by its split (`trainData`, `batch_data`, `test_data`)
                   r"(?:[Tt]rain(?:ing)?|[Tt]est|[Vv]al(?:id)?|[Bb]atch|[Ss]ample|[Ii]nput)_?[Dd]ata|"
                   # the previous layer's output a layer (or an optimiser) is handed: prev_layer_output
                   r"(?:prev(?:ious)?|last)_?(?:layer_?)?(?:outputs?|activations?|out|acts?)|"
                   r"features|img|images?|seq|sequence|z|Z|out|output|AL|yhat|y_?hat|y_?pred|"
                   r"pred|preds|probs?|scores|logits|activations?|masks?|keep|drop_?mask|weights_?mask|lengths?|seq_?len|"
                   # the projected queries, keys and values an attention is handed
                   r"(q|k|v|query|key|value)_?(proj(ection)?s?|states?|inputs?)|quer(y|ies)|keys?|values?)$")
#: arguments that configure a call: hyper-parameters, caches, modes
_CONFIG = re.compile(r"(param|config|conf|cfg|mode|cache|caches|eps|epsilon|momentum|stride|pad|lr|"
                     r"learning_rate|rate|reg|lamb|^lam$|^lam_|lmbda|activation|train|dropout|seed|axis|dim|"
                     # a dropout layer's keep (or drop) probability
                     r"(keep|drop)_?prob|probability|^prob$|^p_?(drop|keep)$|"
                     r"dtype|verbose|shape|size|num|^n_|^n$|^m$|^k$|^i$|^j$|^l$|^L$|print|name|step|epoch|iter|"
                     r"alpha|beta|decay|mu|rho|gamma_?lr|ctx|kind|type|func|fn|loss|opt)", re.IGNORECASE)
#: a regularisation strength (`reg`, `lambd`, `l2`, `weight_decay`), off by default in many signatures
_PENALTY_STRENGTH = re.compile(r"(reg|lamb|lmbda|^lam$|^lam_|l2|weight_?decay)", re.IGNORECASE)
#: settings that are one number: step sizes, penalty coefficients, decay rates, dropout's keep probability
_COEFFICIENT = re.compile(r"^(lr|learning_?rate|alpha|eta|lamb\w*|lam|lmbda|reg|reg_?(strength|lambda|coef)|"
                          r"l[12]_?(reg|lambda|coef)?|weight_?decay|decay(_?rate)?|momentum|mu|rho|beta[12]?|"
                          r"eps(ilon)?|keep_?prob)$", re.IGNORECASE)
#: an argument that is the object stepping the parameters (`backward(self, optimizer, grad)`)
_OPTIMISER_ARG = re.compile(r"^(opt|optim|optimi[sz]er|solver|updater|rule)$", re.IGNORECASE)
_PARAM_CONTAINERS = re.compile(r"^(params|parameters|weights|model_params|theta|thetas|Theta|W|w|Ws|"
                               r"variables|vars|net_params)$")
#: names of functions that compute a loss's gradient or step parameters when run on their own
_TRAINING = re.compile(r"(backward|backprop|bprop|grad|deriv|prime|loss|cost|train|step|update|fit|sgd|adam|rmsprop|"
                       r"adagrad|momentum|optimi[sz]e|descent|bptt|propagat|xent|entropy|nll|mse|criterion|"
                       r"objective)", re.IGNORECASE)
#: names of the code that steps parameters: an optimiser, by its function's or its class's name
OPTIMISER_NAME = re.compile(r"(sgd|adam|rmsprop|adagrad|adadelta|momentum|nesterov|optimi[sz]|update_param|"
                            r"apply_grad|gradient_descent|^update$|^step$|^_?update_weights?$)", re.IGNORECASE)
_GRAD_CONTAINERS = re.compile(r"^(grads|gradients|grad|dparams|d_?params|derivatives|dtheta|nabla|d_?weights|dW|dw|"
                              r"(w|weights?|params?|model)_grads?|grads?_(w|weights?|params?))$")


_OUTPUT = re.compile(r"^(pred|preds|y_?pred|predicted|y_?predicted|yhat|y_?hat|output|outputs|out|AL|a_?L|probs?|"
                     r"p|predictions?|activations?|a_?out|h_?out|o)(_tensor)?$")
#: names of an upstream gradient argument: dout, dA, dZ, grad_output, delta, accum_grad, top_diff_h
_SEED = re.compile(r"^d[A-Z_]|^d(out|x|y|z|a|h|s|c|o|e|l|w|b|p|prev|next|in)(_|\d|$)|grad|Grad|delta|Delta|"
                   rf"diff|upstream|accum|^g$|^g_|^[eE]rr|^[eE]$|^back|^{DL_D_HEAD}")


#: a pre-activation handed to an activation's forward (`forward(self, pre_activation)`): data, though it names an
#: activation
_PREACT_ARG = re.compile(r"^(pre_?activations?|preacts?|pre_?act)$", re.IGNORECASE)
_PACKED = re.compile(r"(theta|param|weight|^w$|^x0$|flat)", re.IGNORECASE)


def _per_node(fact: Any) -> Any:
    """A fact about a function's argument, computed once per function and name (each walks the body;
    the entry runner asks in both interpreter passes, for every argument)."""
    def cached(node: Any, name: str) -> Any:
        memo = node.__dict__.setdefault("_bp_facts", {})
        key = (fact.__name__, name)
        if key not in memo:
            memo[key] = fact(node, name)
        return memo[key]
    cached.__name__ = fact.__name__
    cached.__doc__ = fact.__doc__
    return cached


def _assigns_self(n: ast.AST, attr: str) -> bool:
    """`self.<attr> = ...`."""
    return isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == attr and
                                             isinstance(t.value, ast.Name) and t.value.id == "self" for t in n.targets)


@_per_node
def sets_under_if(func: Any, attr: str) -> bool:
    """The method sets `self.<attr> = ...` only under an `if` (`if isinstance(self.layers[-1], Softmax) and ...:`)."""
    return any(isinstance(n, ast.If) and any(_assigns_self(a, attr) for b in n.body for a in ast.walk(b))
               for n in ast.walk(func))


@_per_node
def sets_from_argument(init: Any, attr: str) -> bool:
    """The constructor sets `self.<attr>` from one of its parameters that has no default (`self.l2 = l2`, annotated
    or not): what it holds, None too, is what the caller chose (a parameter defaulting to None is left for other
    callers to set)."""
    a = init.args
    positional = a.posonlyargs + a.args
    required = positional[:len(positional) - len(a.defaults)] + \
        [k for k, d in zip(a.kwonlyargs, a.kw_defaults) if d is None]
    params = {p.arg for p in required}
    return any(isinstance(n, (ast.Assign, ast.AnnAssign)) and isinstance(n.value, ast.Name) and n.value.id in params
               and any(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self" and
                       t.attr == attr for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))
               for n in ast.walk(init))


@_per_node
def sets_none(init: Any, attr: str) -> bool:
    """The constructor sets `self.<attr> = None`."""
    return any(isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and n.value.value is None and
               _assigns_self(n, attr) for n in ast.walk(init))


@_per_node
def _sliced(node: Any, name: str) -> bool:
    """`theta[:n]`, `nn_params[a:b]`: the argument is cut into contiguous runs."""
    return any(isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == name
               and isinstance(sub.slice, ast.Slice) for sub in ast.walk(node))


def _sliced_through(node: Any, name: str, tree: Any, depth: int = 2) -> bool:
    """The argument is sliced here, or by a function of the module it is handed to (`cost(self, nn_params,
    X, Y)` returning `self.backprop(nn_params, X, Y)`, which cuts it into the weights)."""
    return _holds_through(_sliced, node, name, tree, depth)


def _holds_through(fact: Callable[[Any, str], bool], node: Any, name: str, tree: Any, depth: int = 2) -> bool:
    """`fact` holds of the argument here, or in a function of the module it is handed to by position. Asked in
    both passes for every entry's argument: computed once per function, fact and name."""
    if fact(node, name):
        return True
    if depth <= 0:
        return False
    memo = node.__dict__.setdefault("_bp_facts", {})
    key = ("_holds_through", fact.__name__, name, depth)
    if key not in memo:
        memo[key] = False
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            at = [i for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == name]
            callee = call.func.attr if isinstance(call.func, ast.Attribute) else \
                call.func.id if isinstance(call.func, ast.Name) else None
            if not at or callee is None:
                continue
            for f in _defs_named(tree).get(callee, ()):
                params = _params(f)
                if isinstance(call.func, ast.Attribute) and params and params[0] in ("self", "cls"):
                    params = params[1:]
                if f is not node and at[0] < len(params) and \
                        _holds_through(fact, f, params[at[0]], tree, depth - 1):
                    memo[key] = True
                    break
            if memo[key]:
                break
    return memo[key]


def _defs_named(tree: Any) -> dict[str, list[Any]]:
    """The module's functions and methods by name, indexed once per tree."""
    index = getattr(tree, "_bp_defs", None)
    if index is None:
        index = {}
        for f in ast.walk(tree):
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)):
                index.setdefault(f.name, []).append(f)
        tree._bp_defs = index
    return index


def _zipped(node: Any, a: str, b: str) -> bool:
    """`zip(params, grads)` or `params[i] ... grads[i]` in the function: two lists walked side by side."""
    index: dict[str, set[str]] = {a: set(), b: set()}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "zip":
            names = [x.id for x in sub.args if isinstance(x, ast.Name)]
            if a in names and b in names:
                return True
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id in index and \
                isinstance(sub.slice, ast.Name):
            index[sub.value.id].add(sub.slice.id)
    return bool(index[a] & index[b])


#: what scales an update: a learning rate, a momentum, an optimiser's state
_STEP_SIZE = re.compile(r"(^lr|_lr$|learning_rate|rate$|^eta|alpha|^step|momentum|^mu$|beta|decay|velocity|^v$)",
                        re.IGNORECASE)


@_per_node
def _accumulates_into(node: Any, name: str) -> bool:
    """The function sums into its argument in place (`buf += upstream.reshape(shape)`) with no step size
    anywhere: what a backward kernel does to the gradient buffer it is handed. An update would scale the
    gradient (`w += -lr * g`, `w += 0.1 * g`) or take it from an optimiser's state."""
    adds = [sub for sub in ast.walk(node) if isinstance(sub, ast.AugAssign) and isinstance(sub.target, ast.Name)
            and sub.target.id == name]
    if not adds or not all(isinstance(a.op, ast.Add) for a in adds):
        return False
    for a in adds:
        for sub in ast.walk(a.value):
            if isinstance(sub, ast.UnaryOp) and isinstance(sub.op, ast.USub) or \
                    isinstance(sub, ast.BinOp) and isinstance(sub.op, (ast.Mult, ast.Div)) and any(
                        isinstance(x, ast.Constant) for x in (sub.left, sub.right)):
                return False
            named = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else None
            if named is not None and _STEP_SIZE.search(named):
                return False
    return True


#: entry keys of a parameter dict: "W1", "W" + str(l), f"w{i}", "b2", "bias_1", "gamma1"
_WEIGHT_WORDS = r"W|w|Wt|weights?|Weights?|kernel|theta|Theta"
#: (a recurrent cell's gate weights and biases: `Wf`, `bf`, `Wax`, `Waa`, `by`)
_GATE_WEIGHT, _GATE_BIAS = r"W[a-z]{1,3}", r"b[a-z]{1,2}"
_WEIGHT_KEY = re.compile(rf"^({_WEIGHT_WORDS}|{_GATE_WEIGHT})(_?\d*$|_$)")
_PARAM_KEY = re.compile(rf"^({_WEIGHT_WORDS}|{_GATE_WEIGHT}|b|B|bias|biases|gamma|beta|{_GATE_BIAS})(_?\d*$|_$)")


@_per_node
def reads_weights(node: Any, name: str) -> bool:
    """`prm["W" + str(i)] @ a + prm["b" + str(i)]`: every key the function uses names a weight or a bias,
    one at least a weight, so the argument holds parameters whatever it is called (a cache also holds
    activations, "A" + str(l), "Z1")."""
    weight = False
    for sub in ast.walk(node):
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == name:
            key = sub.slice
            prefix = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
            fam = family_key(key) if prefix is None else None
            prefix = fam[1] if fam is not None else prefix
            if prefix is None or not _PARAM_KEY.match(prefix):
                return False
            weight = weight or bool(_WEIGHT_KEY.match(prefix))
    return weight


@_per_node
def _called(node: Any, name: str) -> bool:
    """`name(...)`: the argument is called as a function."""
    return any(isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == name
               for sub in ast.walk(node))


#: a function argument named as the loss's derivative: `dcost`, `gradErrorFunc`, `loss_grad`, `cost_derivative`
_LOSS_GRADIENT_FN = re.compile(r"^d_?(cost|loss|error|err)$|(?=.*(cost|loss|error|err))(?=.*(grad|deriv|prime))",
                               re.IGNORECASE)

#: names of a list holding one parameter per layer
_LAYER_LIST = re.compile(r"^([Ww]eights|[Bb]iases|Ws|Bs|bs|[Tt]hetas|params|parameters|kernels|weight_list|"
                         r"bias_list|w_list|b_list)$")


#: a list of weight matrices by a short name (`w[k]`, `W[1]`), as a paper's notation writes it
_SHORT_WEIGHTS = re.compile(r"^([wW]|[wW]s|thetas?|Thetas?)$")


def _counted_and_indexed(node: Any, name: str) -> bool:
    """`m = len(w) - 1` then `w[1]`, `w[k]`: a sequence whose length counts something (the layers), read by
    position - not one weight array (whose rows would be read the same way, but never counted)."""
    counted = any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "len" and
                  len(c.args) == 1 and isinstance(c.args[0], ast.Name) and c.args[0].id == name
                  for c in ast.walk(node))
    indexed = any(isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == name and
                  isinstance(sub.slice, (ast.Name, ast.BinOp, ast.Constant)) and
                  not (isinstance(sub.slice, ast.Constant) and not isinstance(sub.slice.value, int))
                  for sub in ast.walk(node))
    return counted and indexed


@_per_node
def indexed_by_position(node: Any, name: str) -> bool:
    """`name[l - 1]`, `name[i]`: read at a position a variable gives (never by a string key or a constant)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == name:
            idx = sub.slice
            if isinstance(idx, ast.Name) or isinstance(idx, ast.BinOp) and isinstance(idx.left, ast.Name) and \
                    isinstance(idx.right, ast.Constant) and type(idx.right.value) is int:
                return True
    return False


@_per_node
def used_as_dict(node: Any, name: str) -> bool:
    """`parameters['W' + str(l)]`, `params["W1"]`, `weights[f"W{l}"]`, `weights["W{}".format(l)]`: the
    argument holds named entries (also read through its copy, `training_params = copy.deepcopy(params)`)."""
    return _keyed(node, name) or any(_keyed(node, alias) for alias in _copies_of(node, name))


def _keyed(node: Any, name: str) -> bool:
    """`name` holds named entries in the function `node` (see `used_as_dict`)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == name:
            key = sub.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                return True
            if isinstance(key, (ast.JoinedStr, ast.BinOp)) and any(
                    isinstance(c, ast.Constant) and isinstance(c.value, str) for c in ast.walk(key)) or \
                    family_key(key) is not None:
                return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr in (
                "items", "keys", "values") and isinstance(sub.func.value, ast.Name) and sub.func.value.id == name:
            return True
        # for key in params: params[key] -= ...
        if isinstance(sub, ast.For) and isinstance(sub.iter, ast.Name) and sub.iter.id == name and \
                isinstance(sub.target, ast.Name) and _PARAM_CONTAINERS.match(name) or \
                isinstance(sub, ast.For) and isinstance(sub.iter, ast.Name) and sub.iter.id == name and \
                isinstance(sub.target, ast.Name) and _GRAD_CONTAINERS.match(name):
            return True
    return False


def _copies_of(node: Any, name: str) -> list[str]:
    """Names the function binds to a copy of `name`: `copy.deepcopy(name)`, `copy.copy(name)`, `name.copy()`,
    `dict(name)`."""
    out = []
    for sub in ast.walk(node):
        if not (isinstance(sub, ast.Assign) and len(sub.targets) == 1 and isinstance(sub.targets[0], ast.Name) and
                isinstance(sub.value, ast.Call)):
            continue
        call = sub.value
        args = call.args
        if isinstance(call.func, ast.Attribute) and call.func.attr == "copy" and not args and \
                isinstance(call.func.value, ast.Name) and call.func.value.id == name:
            out.append(sub.targets[0].id)
        elif len(args) == 1 and isinstance(args[0], ast.Name) and args[0].id == name and (
                isinstance(call.func, ast.Attribute) and call.func.attr in ("deepcopy", "copy") or
                isinstance(call.func, ast.Name) and call.func.id in ("deepcopy", "dict")):
            out.append(sub.targets[0].id)
    return out


@_per_node
def _refers(e: Any, name: str) -> bool:
    """`e` is the name `name`, or the attribute chain it spells (`self.model`)."""
    if isinstance(e, ast.Name):
        return e.id == name
    return isinstance(e, ast.Attribute) and "." in name and target_text(e) == name


#: a key of a layer object's dict that names a parameter: W, b, U, V, Wx, Uo, bo, gamma
_LAYER_PARAM_KEY = re.compile(r"^(W|U|V|w|b|B|bias|biases|weights?|kernel|gamma|beta)[a-z0-9_]{0,3}$")
#: a function named for the gradients it computes (`compute_bn_gradients`, `conv_grad`), not for checking them
_GRADIENTS_OF = re.compile(r"^(?!.*(check|numeric|clip|norm_of|test|plot|print|show|log))\w*_grad(ient)?s?$",
                           re.IGNORECASE)
_SHORT_GRADIENT = re.compile(r"^d_?[A-Za-z]{1,2}_?\d*$")
_LAYER_WEIGHT_KEY = re.compile(r"^(W|U|V|w|weights?|kernel)[a-z0-9_]{0,3}$")


@_per_node
def _attr_subscripts(node: Any, name: str) -> dict[str, tuple[set[str], bool, bool]]:
    """For each dict attribute `name.attr[...]` the function subscripts: its constant keys, whether one of its
    entries is stepped (`name.attr[k] -= ...`), whether it is read inside such a step's right-hand side."""
    out: dict[str, tuple[set[str], bool, bool]] = {}
    steps = [st for st in ast.walk(node) if isinstance(st, ast.AugAssign)]
    targets = {id(st.target) for st in steps}
    in_steps = {id(n) for st in steps for n in ast.walk(st.value)}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Attribute) and \
                isinstance(sub.value.value, ast.Name) and sub.value.value.id == name and \
                not isinstance(sub.slice, ast.Slice):  # (`model.layers[::-1]`: a list walked backwards, no dict)
            keys, stepped, in_step = out.get(sub.value.attr, (set(), False, False))
            if isinstance(sub.slice, ast.Constant) and isinstance(sub.slice.value, str):
                keys.add(sub.slice.value)
            out[sub.value.attr] = (keys, stepped or id(sub) in targets, in_step or id(sub) in in_steps)
    return out


@_per_node
def _cancels_at_targets(node: Any, name: str) -> bool:
    """`d = name.copy()` (or `name` itself) then `d[range(n), y] -= 1` with `y` an argument named as targets: the
    argument is a softmax's probabilities whose cross-entropy error is formed in place."""
    params = set(_params(node))
    targets = {n for n in params if TARGET_NAME.match(n)}
    if not targets or name not in params or name in targets:
        return False
    copies = {name}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign) and len(sub.targets) == 1 and isinstance(sub.value, ast.Call) and \
                isinstance(sub.value.func, ast.Attribute) and sub.value.func.attr == "copy" and \
                isinstance(sub.value.func.value, ast.Name) and sub.value.func.value.id == name:
            copies.add(ast.unparse(sub.targets[0]))
    for sub in ast.walk(node):
        if isinstance(sub, ast.AugAssign) and isinstance(sub.op, ast.Sub) and isinstance(sub.value, ast.Constant) \
                and sub.value.value == 1 and isinstance(sub.target, ast.Subscript) and \
                ast.unparse(sub.target.value) in copies and isinstance(sub.target.slice, ast.Tuple) and \
                len(sub.target.slice.elts) == 2 and isinstance(sub.target.slice.elts[1], ast.Name) and \
                sub.target.slice.elts[1].id in targets:
            return True
    return False


def _gradient_of_key(key: str) -> str:
    """The parameter key a gradient key names: `dW` -> `W`, `dbo` -> `bo`, `grad_U` -> `U`; else ""."""
    return gradient_of_name(key) or (key[1:].lstrip("_") if key[:1] == "d" else "")


def _is_open_obj(v: Val | None) -> bool:
    return v is not None and isinstance(v.payload, tuple) and bool(v.payload) and v.payload[0] == "open-obj"


def gradient_key(key: str) -> bool:
    """`dW`, `dZ`, `dA_prev`, `grad_W`: a key naming a gradient."""
    # (`dg_`, `di_`, `dh1`: the gradient at a gate or a state, by its one-letter name)
    return gradient_of_name(key) is not None or bool(_SEED.search(key)) or bool(_SHORT_GRADIENT.match(key))


@_per_node
def _attribute_reads(node: Any, name: str) -> list[ast.Attribute] | None:
    """Every `name.attr` in `node`, when the name occurs only so (never bare); None otherwise, or when it never
    occurs."""
    reads = [n for n in ast.walk(node) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
             and n.value.id == name]
    bare = sum(1 for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == name)
    return reads if reads and bare == len(reads) else None


def _value_holder(node: Any, name: str) -> bool:
    """An argument read only by attribute (`inpt.array`, `inpt.model`), never as an array itself nor changed: an
    object that holds the values, as a tensor class of the file's own does."""
    reads = _attribute_reads(node, name)
    return reads is not None and not any(isinstance(n.ctx, ast.Store) for n in reads) and \
        not all(array_member(r.attr) for r in reads)


def holder_attrs(node: Any, name: str, allow: frozenset[str] = frozenset()) -> set[str]:
    """`forward(self, x)` reading `x.value`, `backward(self, x, y)` reading `y.grad`: the attributes under which an
    argument read only by attribute (never as an array itself, never called) holds its arrays - a tensor object of
    a framework's own; empty for any other argument."""
    reads = _attribute_reads(node, name)
    called = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    # (`allow`: what a tensor object of the framework's holds though an array has it too - torch's `grad`)
    if reads is None or any(array_member(r.attr) and r.attr not in allow or id(r) in called for r in reads):
        return set()
    return {r.attr for r in reads}


@_per_node
def layer_state(node: Any, name: str) -> bool:
    """`layer.p['W']`, `layer.bc['dZ']`, `layer.g['dW']`: an argument whose dict attributes hold a layer's
    parameters, caches and gradients (a layer library whose functions take the layer object, not self),
    read by keys that name a parameter or a parameter's gradient, next to a gradient."""
    if name == "self":
        return False
    keys = {k for ks, _, _ in _attr_subscripts(node, name).values() for k in ks}
    named = any(_LAYER_PARAM_KEY.match(k) or _LAYER_PARAM_KEY.match(_gradient_of_key(k)) for k in keys)
    # (a forward pass names its weight: `X @ layer.p['W']`)
    weight = any(_LAYER_WEIGHT_KEY.match(k) for k in keys)
    return named and (weight or any(gradient_key(k) for k in keys) or bool(_TRAINING.search(node.name)))


def attr_dict_role(node: Any, name: str, attr: str) -> str | None:
    """What the dict attribute `name.attr` of a layer object holds, read off how the function uses it:
    "params" (stepped, or keyed by parameter names), "grads" (keyed by their gradients' names, or read in a
    step), "cache" (anything else: forward values, and gradients under gradient-like keys); None when the
    function does not subscript it."""
    found = _attr_subscripts(node, name).get(attr)
    if found is None:
        return None
    keys, stepped, in_step = found
    # (`layer.g['dU'] += X.T @ dh`: gradients summed over time steps, not a parameter stepped)
    if _GRAD_CONTAINERS.match(attr) or (keys and all(_LAYER_PARAM_KEY.match(_gradient_of_key(k)) for k in keys)):
        return "grads"
    if stepped or _PARAM_CONTAINERS.match(attr) or any(_LAYER_PARAM_KEY.match(k) for k in keys):
        return "params"
    if not keys and in_step:
        return "grads"
    return "cache"


@_per_node
def _kept_in_list(node: Any, name: str) -> bool:
    """`self.layers.append(name)` (or `self.layers.insert(i, name)`): the argument is kept in a list attribute of
    the instance."""
    return any(isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and
               len(sub.args) == {"append": 1, "insert": 2}.get(sub.func.attr) and
               isinstance(sub.func.value, ast.Attribute) and isinstance(sub.func.value.value, ast.Name) and
               sub.func.value.value.id == "self" and isinstance(sub.args[-1], ast.Name) and
               sub.args[-1].id == name for sub in ast.walk(node))


def _reached_from(node: Any, name: str) -> set[str]:
    """Names bound, in the function, to what an argument's attributes hold: `params, grads = layer.params,
    layer.grads` then `for i, (p, g) in enumerate(zip(params, grads))` reaches `params`, `grads`, `p` and `g`."""
    reached: set[str] = set()

    def held(e: Any) -> bool:
        # `layer.params`, `params`, and those walked by zip/enumerate/reversed/list (`layer.shape` is no holding)
        if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in ("zip", "enumerate",
                                                                                      "reversed", "list"):
            return bool(e.args) and all(held(a) for a in e.args)
        return isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == name and \
            e.attr not in ("shape", "size", "ndim", "dtype", "T") or isinstance(e, ast.Name) and e.id in reached

    def bind(t: Any, v: Any) -> None:
        if isinstance(t, (ast.Tuple, ast.List)) and isinstance(v, (ast.Tuple, ast.List)) and \
                len(t.elts) == len(v.elts):
            for a, b in zip(t.elts, v.elts):
                bind(a, b)
        elif held(v):
            reached.update(x.id for x in ast.walk(t) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store))
    for _ in range(2):  # (a loop over names bound after it in the walk's order)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Assign) and len(sub.targets) == 1 and \
                    isinstance(sub.targets[0], (ast.Name, ast.Tuple, ast.List)):
                bind(sub.targets[0], sub.value)
            elif isinstance(sub, ast.For):
                bind(sub.target, sub.iter)
    reached.discard(name)
    return reached


@_per_node
def stepped_object(node: Any, name: str) -> bool:
    """`layer.weights -= lr * g`, `net.W = net.W - lr * net.dW`: an argument (or `self.model`, what the
    constructor kept) whose attributes are stepped."""
    # `p = getattr(layer, key)` then `p -= lr * g`: the attribute fetched by name, changed in place
    fetched = {sub.targets[0].id for sub in ast.walk(node) if isinstance(sub, ast.Assign) and len(sub.targets) == 1
               and isinstance(sub.targets[0], ast.Name) and isinstance(sub.value, ast.Call)
               and isinstance(sub.value.func, ast.Name) and sub.value.func.id == "getattr" and sub.value.args
               and _refers(sub.value.args[0], name)}
    # `for key, p in layer.parameters.items(): p += step`: the values walked, changed in place
    for sub in ast.walk(node):
        if isinstance(sub, ast.For) and isinstance(sub.iter, ast.Call) and isinstance(sub.iter.func, ast.Attribute) \
                and sub.iter.func.attr in ("items", "values") and isinstance(sub.iter.func.value, ast.Attribute) \
                and _refers(sub.iter.func.value.value, name):
            last = sub.target.elts[-1] if isinstance(sub.target, ast.Tuple) and sub.target.elts else sub.target
            if isinstance(last, ast.Name):
                fetched.add(last.id)

    reached = _reached_from(node, name)
    # (and what is computed from them: `step = -lr * grad`)
    derived = reached | {t.id for sub in ast.walk(node) if isinstance(sub, ast.Assign) and reached and
                         any(isinstance(x, ast.Name) and x.id in reached for x in ast.walk(sub.value))
                         for t in sub.targets if isinstance(t, ast.Name)}

    def owner(t: Any) -> bool:
        t = _base_of(t)
        return isinstance(t, ast.Attribute) and _refers(t.value, name) or isinstance(t, ast.Name) and t.id in fetched
    for sub in ast.walk(node):
        if isinstance(sub, ast.AugAssign) and isinstance(sub.op, (ast.Sub, ast.Add)) and (
                owner(sub.target) or isinstance(sub.target, ast.Name) and sub.target.id in reached and
                # (`p += step` with the step made from what the argument holds too: its gradient, its velocity)
                any(isinstance(x, ast.Name) and x.id in derived for x in ast.walk(sub.value))):
            return True
        if isinstance(sub, ast.Assign) and len(sub.targets) == 1 and owner(sub.targets[0]) and \
                isinstance(sub.value, ast.BinOp) and isinstance(sub.value.op, (ast.Sub, ast.Add)):
            return True
        if isinstance(sub, ast.Assign) and len(sub.targets) == 1 and owner(sub.targets[0]) and \
                isinstance(sub.value, ast.Name) and sub.value.id in _ruled(node, fetched):
            # `next_w, next_config = self.update_rule(w, dw, config)` then `self.model.params[p] = next_w`, `w`
            # walked from `self.model.params.items()`: a step through an update rule, stored back
            return True
        # for layer in model.layers: layer.W -= lr * layer.dW (also `for i, layer in enumerate(model.layers)`)
        if isinstance(sub, ast.For):
            it, target = _walked(sub)
            if isinstance(target, ast.Name) and target.id != name and isinstance(it, ast.Attribute) and \
                    _refers(it.value, name) and stepped_object(sub, target.id):
                return True
    return False


def _ruled(node: Any, walked: set[str]) -> set[str]:
    """The names bound (first, or alone) to what a call returns when it is handed one of `walked`:
    `next_w` of `next_w, next_config = self.update_rule(w, dw, config)`."""
    out: set[str] = set()
    for sub in ast.walk(node):
        if not (isinstance(sub, ast.Assign) and len(sub.targets) == 1 and isinstance(sub.value, ast.Call) and
                any(isinstance(a, ast.Name) and a.id in walked for a in sub.value.args)):
            continue
        t = sub.targets[0]
        first = t.elts[0] if isinstance(t, ast.Tuple) and t.elts else t
        if isinstance(first, ast.Name):
            out.add(first.id)
    return out


def _walked(loop: ast.For) -> tuple[ast.expr, ast.expr | None]:
    """What a loop walks and the name each element is bound to, through `enumerate(xs)` and `reversed(xs)`."""
    it, target = loop.iter, loop.target
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id in ("enumerate", "reversed") \
            and len(it.args) == 1:
        if it.func.id == "enumerate":
            target = target.elts[1] if isinstance(target, ast.Tuple) and len(target.elts) == 2 else None
        it = it.args[0]
    return it, target


@_per_node
def stepped_elements(node: Any, name: str) -> bool:
    """`for layer in layers: layer.W -= lr * layer.dW`: a list argument whose elements are stepped objects (also
    walked as `for i, layer in enumerate(layers)` or `reversed(layers)`)."""
    for sub in ast.walk(node):
        if not isinstance(sub, ast.For):
            continue
        it, target = _walked(sub)
        if isinstance(target, ast.Name) and _refers(it, name) and stepped_object(sub, target.id):
            return True
    return False


@_per_node
def stepped_by_index(node: Any, name: str) -> bool:
    """`for i in range(n): self.l[i].W -= lr * self.l[i].dW`: a list whose elements, read by position, are
    stepped objects."""
    for sub in ast.walk(node):
        target = sub.target if isinstance(sub, ast.AugAssign) and isinstance(sub.op, (ast.Sub, ast.Add)) else \
            sub.targets[0] if isinstance(sub, ast.Assign) and len(sub.targets) == 1 and \
            isinstance(sub.value, ast.BinOp) and isinstance(sub.value.op, (ast.Sub, ast.Add)) else None
        target = _base_of(target)
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Subscript) and \
                _refers(target.value.value, name):
            return True
    return False


@_per_node
def stepped_pairs(node: Any, name: str) -> bool:
    """`for param, grad in self.pairs: param -= lr * grad`: a list of (parameter, gradient) pairs."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.For) and _refers(sub.iter, name) and isinstance(sub.target, ast.Tuple) and \
                len(sub.target.elts) == 2 and all(isinstance(e, ast.Name) for e in sub.target.elts):
            p = sub.target.elts[0].id
            for st in ast.walk(sub):
                if isinstance(st, ast.AugAssign) and isinstance(st.op, (ast.Sub, ast.Add)) and \
                        _refers(_base_of(st.target), p):
                    return True
    return False


def _base_of(t: Any) -> Any:
    while isinstance(t, ast.Subscript):
        t = t.value
    return t


def derived_module(node: Any, ref: str, listed: bool) -> bool:
    """`self.act.derivative()` (or `self.acts[i].derivative()` with `listed`): a method of the attribute `ref`
    that takes no argument and answers for what its forward pass was last fed (the protocol of a course's MLP:
    `forward(x)` keeps the state, `derivative()` reads it)."""
    for sub in ast.walk(node):
        if not (isinstance(sub, ast.Call) and not sub.keywords and isinstance(sub.func, ast.Attribute) and
                MODULE_DERIVATIVE.match(sub.func.attr) and (not sub.args or _prediction_and_targets(sub.args))):
            continue
        holder = sub.func.value
        if listed:
            if not isinstance(holder, ast.Subscript):
                continue
            holder = holder.value
        if target_text(holder) == ref:
            return True
    return False


def _runs_passes_of(node: Any, name: str) -> bool:
    """`net.forward(X)` and `net.backward(grad)` in the function: the argument `name` is an object with both
    passes, a model or a layer."""
    called = _calls_on(node, name)
    return any(FORWARD_WORD.search(a) for a in called) and any(_BWD_WORDS.match(a) for a in called)


def _prediction_and_targets(args: list[Any]) -> bool:
    """`loss.grad(y_pred, y)`: a loss's gradient handed a prediction and then the targets, by their names."""
    return len(args) == 2 and all(isinstance(a, ast.Name) for a in args) and \
        TARGET_NAME.match(args[1].id) is not None and TARGET_NAME.match(args[0].id) is None


def _kept_by_self(init: Any, kept: Callable[[Any], bool]) -> list[str]:
    """The attributes a constructor sets (`self.a = v`) to a value `kept` accepts."""
    return [f"self.{t.attr}" for st in ast.walk(init) if isinstance(st, ast.Assign) and kept(st.value)
            for t in st.targets
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"]


def _kept_as(init: Any, name: str) -> list[str]:
    """`self.model = model` in a constructor: the attributes that keep the argument `name` (or its elements in
    another order, `self.layers = layers[::-1]`, `list(reversed(layers))`)."""
    def keeps(v: Any) -> bool:
        while isinstance(v, ast.Subscript) or isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and \
                v.func.id in ("list", "reversed", "tuple") and len(v.args) == 1:
            v = v.value if isinstance(v, ast.Subscript) else v.args[0]
        return isinstance(v, ast.Name) and v.id == name
    return _kept_by_self(init, keeps)


def _kept_by_base(cls: Val, init: Any, name: str) -> list[str]:
    """`super().__init__(layers)` in a constructor whose base class keeps `self.layers = layers`: the attributes
    the base's constructor keeps the argument `name` in (handed on by position or by keyword)."""
    for call in ast.walk(init):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "__init__"
                and isinstance(call.func.value, ast.Call) and isinstance(call.func.value.func, ast.Name)
                and call.func.value.func.id == "super"):
            continue
        for base in cls.payload.get("base_classes", []):
            base_init = base.payload["methods"].get("__init__")
            if base_init is None:
                continue
            params = _params(base_init)[1:]
            handed = [params[i] for i, a in enumerate(call.args) if i < len(params) and
                      isinstance(a, ast.Name) and a.id == name]
            handed += [k.arg for k in call.keywords if k.arg in params and isinstance(k.value, ast.Name) and
                       k.value.id == name]
            kept = [r for p in handed for r in _kept_as(base_init, p)]
            if kept:
                return kept
    return []


def _kept_part_of(init: Any, name: str) -> list[str]:
    """`self.l = model.layers` (or `model.layers[::2]`) in a constructor: the attributes that keep a part of the
    argument `name`."""
    def part(v: Any) -> bool:
        while isinstance(v, ast.Subscript):
            v = v.value
        return isinstance(v, ast.Attribute) and isinstance(v.value, ast.Name) and v.value.id == name
    return _kept_by_self(init, part)


def _gradient_of(name: str, returned: str, capitalised: bool = True) -> bool:
    """`dnext_h`, `grad_h`, `h_grad` (and `dH` when `capitalised`): a backward argument named as the
    gradient of what forward returns."""
    r = returned
    forms = (f"d{r}", f"d_{r}", f"grad_{r}", f"{r}_grad") + ((f"d{r[:1].upper()}{r[1:]}",) if capitalised else ())
    return bool(r) and name in forms


def _parts(ret: Val) -> list[Val]:
    """What a call returned, part by part: `return h, c` gives [h, c]; anything else is one part."""
    return list(ret.elems) if ret.kind == "seq" and ret.elems and ret.summary is None else [ret]


def _keeps_arrays(inst: Val) -> bool:
    """The instance keeps arrays of its own (its weights): what its methods are handed is data."""
    return any(isinstance(v, Val) and v.kind == "arr" for v in (inst.elems or {}).values())


def _bind_forward_values(names: list[str], computed: dict[str, Val], given: dict[str, Val]) -> None:
    """`backward(self, x, h_prev, c_prev, f, i, o, ...)`: arguments named as forward's own activated values
    (its gate values, which the caller keeps) are bound to them."""
    for n in names:
        v = computed.get(n)
        if n not in given and isinstance(v, Val) and v.kind == "arr" and (v.role is not None or v.act is not None):
            given[n] = v


def _seeds(name: str, returned: str) -> bool:
    """`d_h_next`, `dh_next`, `dh`, `d_y` name the gradient of a returned `h` (`y`) for the next step."""
    core = re.sub(r"_?(next|prev)$", "", name)
    return _gradient_of(core, returned) or _gradient_of(core, re.sub(r"_?(next|prev)$", "", returned))


@_per_node
def _const_keys(node: Any, name: str) -> set[str]:
    """The constant string keys the function reads from its argument `name` (`fd["h"]`, `next_gd["da"]`)."""
    return {sub.slice.value for sub in ast.walk(node) if isinstance(sub, ast.Subscript) and
            isinstance(sub.value, ast.Name) and sub.value.id == name and isinstance(sub.slice, ast.Constant) and
            isinstance(sub.slice.value, str)}


def _reads_keys_of(node: Any, name: str, keys: Iterable[str]) -> bool:
    """The function reads its argument `name` by constant keys, all of them among `keys` (a dict's)."""
    read = _const_keys(node, name)
    return bool(read) and read <= set(keys)


def _returned_dict_keys(node: Any) -> set[str]:
    """The constant keys of the dict literal the function returns (`return {"dc": dc, "dWa": dWa}`)."""
    return {k.value for r in ast.walk(node) if isinstance(r, ast.Return) and isinstance(r.value, ast.Dict)
            for k in r.value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def _params(node: Any) -> list[str]:
    a = node.args
    names = [p.arg for p in a.posonlyargs + a.args]
    if names == ["self"] and a.vararg is not None:
        # `forward(self, *input)` reading `input[0]`, `backward(self, *gradwrtoutput)`: a module protocol whose
        # one argument comes packed; driven, it is handed that one value
        names.append(a.vararg.arg)
    return names


def _decorated(node: Any, name: str) -> bool:
    """`@staticmethod`, `@classmethod` on a method."""
    return any(isinstance(d, ast.Name) and d.id == name for d in node.decorator_list)


def _takes_self(node: Any) -> bool:
    """A method called on an instance is handed it first; a static method is not."""
    return not _decorated(node, "staticmethod")


def _method_params(node: Any) -> list[str]:
    """A method's parameters after `self` (all of a static method's)."""
    names = _params(node)
    return names[1:] if _takes_self(node) else names


#: a layer's passes named in other words: `propagate`/`backpropagate`, `_forwards`/`_backwards`
_FWD_WORDS = re.compile(r"^_*(?:feed_?)?(?:forwards?|fwd|fprop|propagate|forward_?prop(?:agation)?)(?:_\w*)?$",
                        re.IGNORECASE)
_BWD_WORDS = re.compile(r"^_*(?:backwards?|back|bwd|bprop|back_?prop(?:agate|agation)?|"
                        r"(?:compute|calc|calculate|get)_?grad(?:ient)?s?)(?:_\w*)?$", re.IGNORECASE)


def _twin(f: Any, every: list[Any], it: "Interp") -> Any:
    """The function the file calls whose parameters are `f`'s, name for name (letter case aside, three or more),
    and whose call met the formulas: `f` is another version of it, left uncalled."""
    names = [n.lower() for n in _params(f)]
    if len(names) < 3:
        return None
    # (a call that met no formula, a notebook's test cell on data it cannot see, is no reading to copy)
    return next((g for g in every if g is not f and id(g) in it.last_args and id(g) in it.called and
                 [n.lower() for n in _params(g)] == names), None)


def _misspelt(name: str, word: str) -> bool:
    """`foward`, `forwad_pass`, `backwrad`: the word with one letter dropped, added, changed or two swapped -
    a typo the author kept consistently, since every caller spells it the same way."""
    head = name.strip("_").split("_", 1)[0].lower()
    if head == word or abs(len(head) - len(word)) > 1 or len(head) < 5:
        return False
    if len(head) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(head, word)) if a != b]
        return len(diff) == 1 or len(diff) == 2 and diff[1] == diff[0] + 1 and \
            head[diff[0]] == word[diff[1]] and head[diff[1]] == word[diff[0]]
    short, long = sorted((head, word), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


#: methods of a layer class that do something other than the backward pass, whatever they read
_OTHER_ROLE = re.compile(r"loss|cost|predict|infer|eval|acc|score|metric|update|step|train|fit|init|reset|zero|"
                         r"save|load|print|plot|show|draw|log|summary|repr|str|^get|^set|param|shape|size|copy|clone|"
                         r"call|apply|run|test|check|forward|fwd|fprop|propagate", re.IGNORECASE)


#: a backward method's first argument called after the loss (`back_propagation(self, loss)`): by the layer
#: protocol it is still the gradient of the output, however the author named it
#: an argument that is the loss's gradient by its name (`dloss`, `loss_grad`, `partial_loss_derivative`): a layer's
#: upstream gradient, not its loss setting
_LOSS_ARG = re.compile(r"^(loss|d_?loss\w*|(?=\w*loss)(?=\w*(grad|deriv|partial))\w+)$", re.IGNORECASE)


_REDUCTIONS = {"sum", "mean", "average", "nansum", "nanmean"}


def _reduces(func: Any) -> bool:
    """A method that returns a sum or an average of what it computed (or what a returned name was made of): a
    scalar, such as a loss. Computed once per function (layer_pair asks on every call of a method)."""
    memo = func.__dict__.setdefault("_bp_facts", {})
    if "_reduces" not in memo:
        memo["_reduces"] = _returns_reduction(func)
    return memo["_reduces"]


def _returns_reduction(func: Any) -> bool:
    rets = [r.value for r in ast.walk(func) if isinstance(r, ast.Return) and r.value is not None]
    # (what a returned name was last made of counts: `loss = diff.T @ diff` then `return loss / 2`)
    made = {t.id: st.value for st in ast.walk(func) if isinstance(st, ast.Assign) for t in st.targets
            if isinstance(t, ast.Name)}
    rets += [made[n.id] for r in list(rets) for n in ast.walk(r) if isinstance(n, ast.Name) and n.id in made]

    def reduced(e: Any) -> bool:
        for c in ast.walk(e):
            if isinstance(c, ast.Call) and (isinstance(c.func, ast.Attribute) and c.func.attr in _REDUCTIONS or
                                            isinstance(c.func, ast.Name) and c.func.id in _REDUCTIONS):
                return True
            # `diff.T @ diff`, `np.dot(d, d)`: an array's products with itself, summed
            pair = [c.left, c.right] if isinstance(c, ast.BinOp) and isinstance(c.op, ast.MatMult) else \
                list(c.args) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and \
                c.func.attr in ("dot", "inner", "vdot") and len(c.args) == 2 else []
            texts = {ast.unparse(x).removesuffix(".T") for x in pair}
            if len(pair) == 2 and len(texts) == 1:
                return True
        return False
    return bool(rets) and any(reduced(r) for r in rets)


#: a loss's settings beside its prediction and target: `epsilon=1e-8`, `reduction="mean"`, `axis=-1`
_LOSS_SETTING = re.compile(r"^(eps|epsilon|tol|clip|reduction|reduce|axis|dim|size_average|average)$", re.IGNORECASE)


def prediction_param(names: list[str]) -> str | None:
    """Of a loss's two arguments, the one that is the network's output: by its own name, or beside a target
    (a numerical setting beside them, `epsilon=1e-8`, is neither)."""
    names = [n for n in names if not _LOSS_SETTING.match(n)]
    if len(names) != 2:
        return None
    out = [n for n in names if _OUTPUT.match(n)]
    if len(out) == 1:
        return out[0]
    rest = [n for n in names if not TARGET_NAME.match(n)]
    if len(rest) == 1:
        return rest[0]
    # `forward(self, y, t)`: beside a name that only ever means the target, `y` is the output (the convention of
    # books that write t for the teacher's labels)
    strong = [n for n in names if _TEACHER.match(n)]
    return next(n for n in names if n not in strong) if len(strong) == 1 else None


#: names that only ever mean the targets (where `y` may also be the network's output)
_TEACHER = re.compile(r"^(t|T|targets?|labels?|y_?true|Y_?true|gt|ground_?truth|answers?|expected)$")


def _differences_target(func: Any) -> bool:
    """`return softmax(x) - Y`: the function takes a target and another array and returns what one minus the
    other is (the error of an output it computes from its argument), whatever it is called."""
    names = _params(func)
    targets = [n for n in names if TARGET_NAME.match(n)]
    others = [n for n in names if n not in targets and n != "self"]
    if len(targets) != 1 or not others:
        return False
    t = targets[0]
    for ret in ast.walk(func):
        if not (isinstance(ret, ast.Return) and isinstance(ret.value, ast.BinOp) and isinstance(ret.value.op, ast.Sub)):
            continue
        left, right = ret.value.left, ret.value.right
        for out, tgt in ((left, right), (right, left)):
            # (the output computed here from the argument, `softmax(x)`: a bare `outputs - labels` is read as it was)
            if isinstance(tgt, ast.Name) and tgt.id == t and isinstance(out, ast.Call) and \
                    set(others) & {n.id for n in ast.walk(out) if isinstance(n, ast.Name)}:
                return True
    return False


def _meets(func: Any, a: str, b: str) -> bool:
    """`a - b`, `(b - a) / n`, `a > b`: the two names met directly by one operator (not through a call)."""
    def bare(e: Any) -> set[str]:
        todo, out = [e], set()
        while todo:
            x = todo.pop()
            if isinstance(x, ast.Name):
                out.add(x.id)
            elif not isinstance(x, ast.Call):
                todo.extend(ast.iter_child_nodes(x))
        return out
    for sub in ast.walk(func):
        sides = [sub.left, sub.right] if isinstance(sub, ast.BinOp) else \
            [sub.left, *sub.comparators] if isinstance(sub, ast.Compare) else []
        if len(sides) == 2 and ({a, b} <= bare(sides[0]) | bare(sides[1])) and \
                (a in bare(sides[0])) != (a in bare(sides[1])):
            return True
    return False


def loss_pair(methods: dict[str, Any]) -> tuple[Any, Any]:
    """A loss class's value and derivative, whatever they are called (`cost`/`delta`, `__call__`/`d`): two methods
    handed the same prediction and target, one reducing them to a number and the other not."""
    cands = [m for n, m in methods.items() if n != "__init__" and not _trivial(m) and
             prediction_param(_method_params(m)) is not None]
    for lo in cands:
        if not _reduces(lo):
            continue
        ds = [d for d in cands if d is not lo and _method_params(d) == _method_params(lo) and not _reduces(d)]
        if len(ds) == 1:
            return lo, ds[0]
    # `loss(self, y, t)` returning the loss per entry (a caller averages it) beside `derivative(self, y, t)`: the
    # pair by their names, handed the same prediction and target
    named = [m for m in cands if _LOSS_NAME.search(m.name)]
    ds = [d for d in cands if MODULE_DERIVATIVE.match(d.name) and
          any(_method_params(d) == _method_params(lo) for lo in named)]
    if len(named) == 1 and len(ds) == 1 and named[0] is not ds[0]:
        return named[0], ds[0]
    return None, None


def layer_pair(methods: dict[str, Any]) -> tuple[Any, Any]:
    """A layer class's forward and backward methods (either may be None): by the usual names, else by
    names that say the direction in other words when the backward reads what the forward kept on self."""
    def first(names: Iterable[str]) -> Any:
        return next((methods[m] for m in names if m in methods and not _trivial(methods[m])), None)

    # (`foward`, spelled so by every caller too, is still the forward pass)
    fwd = first(FORWARD_METHODS) or first(sorted(m for m in methods if _misspelt(m, "forward")))
    bwd = first(BACKWARD_METHODS) or first(sorted(m for m in methods if _misspelt(m, "backward")))
    if fwd is not None and bwd is not None:
        reads = _self_reads([bwd])
        if not _kept(fwd) & reads:
            # `__call__(self, y_pred, y_true)` of a base class keeping both before it calls `self.forward`, which
            # keeps nothing: the pass that stores what backward reads is the one to run before it
            fwd = next((methods[m] for m in FORWARD_METHODS if m in methods and _kept(methods[m]) & reads and
                        not _trivial(methods[m])), fwd)
        return fwd, bwd
    if fwd is not None and any(TARGET_NAME.match(n) for n in _method_params(fwd)):
        # a loss's `forward(self, x, y)` keeping both, and its `derivative(self)` reading them: the error
        d = first(n for n in ("derivative", "deriv", "prime", "delta") if n in methods and
                  not _method_params(methods[n]) and _kept(fwd) & _self_reads([methods[n]]))
        if d is not None:
            return fwd, d
    lo, d = loss_pair(methods)
    if lo is not None:
        return lo, d
    f2 = fwd or first(sorted(m for m in methods if _FWD_WORDS.match(m)))
    b2 = bwd or first(sorted(m for m in methods if _BWD_WORDS.match(m)))
    if f2 is None and b2 is not None and len(_params(b2)) >= 2:
        # predict(self, X) keeping self.Z1, self.A1 that back_propagation(self, loss) reads: whatever it is
        # called, the method that stores what the backward pass reads is the forward pass
        # (what the constructor sets is the layer's parameters: a method rebinding those is a step, not forward)
        # (`self.state.g` counts as state of its own: an LSTM node's forward fills the state object the
        # constructor was handed, `bottom_data_is` keeping what `top_diff_is` reads)
        reads = _self_reads([b2]) | _self_paths(b2, ast.Load)
        # what the helpers it calls on self read is read too (`self.act_prime()` reading self.out)
        reads |= _self_reads([methods[r] for r in reads if r in methods and not r.startswith("__")])
        reads -= _kept(methods["__init__"]) if "__init__" in methods else set()
        scored = sorted((len((_kept(m) | _self_paths(m, ast.Store)) & reads), name) for name, m in methods.items()
                        if m is not b2 and not name.startswith("__") and len(_params(m)) >= 2 and not _trivial(m))
        if scored and scored[-1][0] >= 2:
            f2 = methods[scored[-1][1]]
    if f2 is None and b2 is not None and len(_params(b2)) >= 3:
        # activate(self, x) beside backward(self, z, grads): the one other method of a class, when the backward
        # is handed its input again beside the gradient (or computes it again, `s = self.activate(z)`), is the
        # forward pass by another name
        others = [m for name, m in methods.items() if m is not b2 and not name.startswith("_") and not _trivial(m)]
        if len(others) == 1 and len(_params(others[0])) >= 2 and (
                len(_params(b2)) == len(_params(others[0])) + 1 or others[0].name in _self_calls(b2)):
            return others[0], b2
    if f2 is None and b2 is None:
        # `f(self, x)` beside `df(self, outputs, gradients)` of an activation class: a function and its
        # derivative by name, the derivative handed a gradient to carry back (formula 1)
        for name, m in methods.items():
            d = next((methods[n] for n in (f"d{name}", f"d_{name}", f"{name}_prime", f"{name}_derivative",
                                           f"{name}_deriv", f"{name}_grad") if n in methods), None)
            if d is not None and len(_params(m)) == 2 and len(_params(d)) >= 3 and not _trivial(m) and \
                    not _trivial(d) and any(_SEED.search(n) for n in _params(d)[2:]):
                return m, d
    if f2 is not None and b2 is None and len(_params(f2)) >= 2:
        # forward(self, x) keeping self.x, self.mask and a `backword(self, g)` that reads them: whatever it is
        # called, the one other method that reads what the forward pass kept is the backward pass
        # (what the constructor gives a value is a parameter; `self.mask = None` only makes room)
        init = methods.get("__init__")
        kept = _kept(f2) - ((_kept(init) - _set_to_none(init)) if init is not None else set())
        scored = sorted((len(kept & _self_reads([m])), name) for name, m in methods.items()
                        if m is not f2 and not name.startswith("_") and not _OTHER_ROLE.search(name)
                        and len(_params(m)) >= 2 and not _trivial(m))
        if scored and scored[-1][0] >= 1 and (len(scored) == 1 or scored[-2][0] < scored[-1][0]):
            b2 = methods[scored[-1][1]]
    if f2 is None or b2 is None or f2 is b2 or len(_params(f2)) < 2 or len(_params(b2)) < 2:
        return fwd, bwd
    # (a layer's `backward_delta(self, input, delta)` reading only the weight its `forward(self, X)` multiplies
    # by: the module protocol that hands backward the input again)
    shared = _self_reads([f2]) & _self_reads([b2]) if fwd is not None and _BWD_WORDS.match(b2.name) else set()
    # (what the backward's own helpers read counts too: `backpropagate` calling `self.__adjust_weights(delta)`,
    # which reads the `self.__x` that `propagate` kept)
    reads = _self_reads([b2])
    reads |= _self_reads([methods[r] for r in reads if r in methods and not (r.startswith("__") and r.endswith("__"))
                          and methods[r] is not f2])
    return (f2, b2) if _kept(f2) & reads or shared or _hands_input_back(f2, b2) else (fwd, bwd)


#: a base class's method that steps whatever parameters the module it is inherited by keeps
_INHERITED_STEP = re.compile(r"^(update(_?(parameters|params|weights))?|step|apply_gradients?|sgd_step)$")


def _hands_input_back(fwd: Any, bwd: Any) -> bool:
    """forward(self, X) beside backward_delta(self, input, delta): a module protocol that hands the backward the
    forward's input again with the gradient, so a module keeps nothing (an activation recomputes `self(input)`)."""
    f, b = _method_params(fwd), _method_params(bwd)
    return len(f) == 1 and len(b) == 2 and bool(_DATA.match(b[0])) and bool(_SEED.search(b[1])) and \
        not TARGET_NAME.match(f[0])


def _promised_slots(v: Val) -> bool:
    """`{"Wq": None, "bq": None}`, `[None]`: a dict or a list whose every entry is still None (filled by a later
    method); or `{}`, filled entry by entry (`self.params["W"] = ...` in `build(self, input_dim)`). An empty list
    is no promise here: `self.weight = []` is grown by a builder (see `_empty_list`)."""
    if v.summary is not None:
        return False
    if v.kind == "dict" and isinstance(v.elems, dict):
        entries = list(v.elems.values())
    elif v.kind == "seq" and isinstance(v.elems, list) and v.elems:
        entries = v.elems
    else:
        return False
    return all(isinstance(e, Val) and e.kind == "none" for e in entries)


def _setter_attrs(setter: Any) -> set[str]:
    """The attributes of self a property setter stores into (`self.weights[0] = value` -> {"weights"})."""
    return {a for n in ast.walk(setter) if isinstance(n, ast.Assign) for t in n.targets
            for a in [self_attr_under(t)] if a is not None}


def _kept(func: Any) -> set[str]:
    """The attributes of `self` a method assigns (`self.Z1 = ...`, `self.cache[k] = ...`)."""
    return {t.attr for n in ast.walk(func) if isinstance(n, (ast.Assign, ast.AugAssign))
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
            for t in ([t.value] if isinstance(t, ast.Subscript) else [t])
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}


def _set_to_none(func: Any) -> set[str]:
    """The attributes of `self` a method only ever sets to None (`self.mask = None`)."""
    values: dict[str, set[bool]] = {}
    for n in ast.walk(func):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                    values.setdefault(t.attr, set()).add(isinstance(n.value, ast.Constant) and n.value.value is None)
    return {a for a, kinds in values.items() if kinds == {True}}


def _kept_values(inst: Val) -> list[Val]:
    """The arrays an instance keeps, and those kept on the objects it keeps (`self.state.h`)."""
    out = []
    for v in (inst.elems or {}).values():
        if isinstance(v, Val) and v.kind == "arr":
            out.append(v)
        elif isinstance(v, Val) and v.kind == "inst" and v is not inst:
            out.extend(w for w in (v.elems or {}).values() if isinstance(w, Val) and w.kind == "arr")
    return out


def _self_paths(func: Any, ctx: type) -> set[str]:
    """`state.g` of each `self.state.g` a method reads (ctx ast.Load) or assigns (ast.Store)."""
    return {f"{n.value.attr}.{n.attr}" for n in ast.walk(func) if isinstance(n, ast.Attribute)
            and isinstance(n.ctx, ctx) and isinstance(n.value, ast.Attribute)
            and isinstance(n.value.value, ast.Name) and n.value.value.id == "self"}


def _calls_on(func: Any, name: str) -> set[str]:
    """The methods the function calls on the name `name` (`net.forward(x)` -> {"forward"} for "net")."""
    return {n.func.attr for n in ast.walk(func) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name) and n.func.value.id == name}


def _self_calls(func: Any) -> set[str]:
    """The methods of `self` a method calls (`self.activate(z)` -> {"activate"})."""
    return _calls_on(func, "self")


def _self_reads(funcs: Iterable[Any]) -> set[str]:
    """The attributes of `self` these methods read."""
    return {n.attr for f in funcs for n in ast.walk(f) if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name) and n.value.id == "self" and isinstance(n.ctx, ast.Load)}


def _returned_names(func: Any) -> list[str | None]:
    """The names a function's last `return a, b` hands back (`return hs, ps` -> ["hs", "ps"]; what it kept
    on self by that attribute's name: `return self.cache["A2"], self.__cache` -> [None, "cache"]), or []."""
    rets = [n for n in ast.walk(func) if isinstance(n, ast.Return) and n.value is not None]
    if not rets:
        return []
    v = rets[-1].value
    elts = v.elts if isinstance(v, ast.Tuple) else [v]
    # (`return x` of `forward(self, x)` looping `x = layer.forward(x)`: the name is the input's too, and a
    # method taking `x` - `predict(self, x)` - is handed an input, not what the forward pass returned)
    own = set(_params(func))
    names = [e.id if isinstance(e, ast.Name) and e.id not in own else
             e.attr.lstrip("_") if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name)
             and e.value.id == "self" else None for e in elts]
    return names if any(names) else []


def _takes_all_returned(kept: list[str | None], m: Any) -> bool:
    """`learn(self, xs, ys, hs, ps)` of forward's `return hs, ps`: every returned name is an argument of `m`."""
    return bool(kept) and all(kept) and set(kept) <= set(_params(m)[1:])


def _takes_returned(kept: list[str | None], m: Any) -> bool:
    """`learn(self, xs, ys, hs, ps)` of forward's `return hs, ps`, `gradient_descent(self, Y, cache)` of
    forward's `return A, self.cache`: the method is handed what the forward pass returned."""
    params = set(_params(m)[1:])
    return _takes_all_returned(kept, m) or any(k is not None and k in params and not _DATA.match(k) for k in kept)


def _buffer_name(leaf: Any) -> bool:
    """A zero-started array named as a gradient (`self.dz8`, `self.grad_W`, `self.W_grad`)."""
    attr = leaf.name.rpartition(".")[2]
    return zero_started(leaf) and (attr[:1] == "d" and len(attr) > 1 or "grad" in attr.lower())


def _named_gradient_buffer(leaf: Any) -> bool:
    """A zero-started array named as the gradient of a parameter (`self._dw`, `self.dW`): where the backward pass
    sums the gradient, not a parameter (as a zero-started bias is)."""
    attr = leaf.name.rpartition(".")[2].lstrip("_")
    # (or an entry of a table the class keeps its gradients in, `self.grads['w1'] = np.zeros_like(...)`)
    return zero_started(leaf) and (gradient_of_name(attr) is not None or
                                   "[" in attr and bool(_GRAD_CONTAINERS.match(attr.partition("[")[0])))


def _empty_list(v: Val | None) -> bool:
    """A list the constructor left empty (`self.weight = []`)."""
    return v is not None and v.kind == "seq" and v.elems == [] and v.summary is None and v.op != "join"


def _grown_lists(m: Any) -> set[str]:
    """The attributes of self a method grows: `self.weight += [W]`, `self.weight.append(W)`."""
    out: set[str] = set()
    for n in ast.walk(m):
        if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and isinstance(n.value, ast.List):
            t = n.target
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "append":
            t = n.func.value
        else:
            continue
        if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
            out.add(t.attr)
    return out


def _trivial(node: Any) -> bool:
    """A body that only passes, raises or returns a constant: an abstract method."""
    body = code_body(node)
    return all(isinstance(s, (ast.Pass, ast.Raise)) or
               (isinstance(s, ast.Return) and (s.value is None or isinstance(s.value, ast.Constant)))
               for s in body)


def _settable_nones(it: Any, cls: Val, inst: Val) -> None:
    """`self.regularizer = None` in a constructor and `def add_regularizer(self, r): self.regularizer = r`: on an
    instance driven as an entry, what a method may store there later is not known (None or a regulariser object):
    `if self.regularizer:` then runs either way."""
    if not isinstance(inst.elems, dict):
        return
    stored: set[str] = set()
    todo, seen = [cls], 0
    while todo and seen < 8:
        c = todo.pop()
        seen += 1
        if c.kind != "cls" or not isinstance(c.payload, dict):
            continue
        for name, m in c.payload.get("methods", {}).items():
            if name == "__init__" or not isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            params = set(_params(m)[1:])
            stored.update(a for st in ast.walk(m) if (a := _stored_argument(st, params)) is not None)
        todo.extend(c.payload.get("base_classes", []))
    for attr in stored:
        v = inst.elems.get(attr)
        if v is not None and v.op == "const" and v.kind == "none":
            inst.elems[attr] = it.unknown()


def _stored_argument(st: ast.AST, params: set[str]) -> str | None:
    """The attribute `st` stores one of the method's arguments in (`self.W = W`), else None."""
    if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Attribute) and \
            isinstance(st.targets[0].value, ast.Name) and st.targets[0].value.id == "self" and \
            isinstance(st.value, ast.Name) and st.value.id in params:
        return st.targets[0].attr
    return None


def _setter(node: Any) -> bool:
    """`def setWeights(self, W): self.W = W`: a body that only stores its arguments on the instance. Driven as an
    entry it would replace the weights the constructor drew (and that the other methods train) by an argument."""
    params = set(_params(node)[1:])
    body = code_body(node)
    return bool(body) and bool(params) and all(_stored_argument(s, params) is not None for s in body)


def called_names(tree: ast.Module) -> set[str]:
    """Every function or method name the file calls, or hands on as a value (`Net.bptt = bptt`)."""
    known = getattr(tree, "_bp_called", None)  # computed by the module scan's one walk
    if known is None:
        from bpscan.interp import scan_module

        scan_module(tree)
        known = tree._bp_called  # type: ignore[attr-defined]
    return known


def _stem(name: str, pat: re.Pattern) -> str | None:
    m = pat.match(name)
    if m is None:
        # `linear_backword` beside `linear_forward`: the direction's word misspelt, the stem the same
        word = "forward" if pat is _FWD else "backward"
        parts = name.split("_")
        for i, part in enumerate(parts):
            if part and _misspelt(part, word):
                return f"{'_'.join(parts[:i])}|{'_'.join(parts[i + 1:])}".lower()
        return None
    return f"{m.group('a') or ''}|{m.group('b') or ''}".lower()


def _unpack_width(node: Any, names: Iterable[str]) -> int | None:
    """How many names the first tuple assignment from one of `names` unpacks into (`x, w, b = cache`)."""
    wanted = set(names)
    for st in ast.walk(node):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Tuple) \
                and isinstance(st.value, ast.Name) and st.value.id in wanted and \
                not any(isinstance(t, ast.Name) and t.id == st.value.id for t in st.targets[0].elts):
            # (`dout, dW, db = dout` when a layer handed back a tuple: the name split and kept, not a cache)
            return len(st.targets[0].elts)
    return None


#: a dict of the step before this one (`prev_fd`, `fd_prev`, `cache_prev`)
_PREVIOUS = re.compile(r"(^|_)prev(ious)?(_|$)", re.IGNORECASE)
_PLURAL = re.compile(r"(_s|s|_list|_lst|_seq|_hist|_history|_all)$")


def _singular(name: str) -> str:
    """`z_s`, `zs`, `z_list` -> `z`: what one element of a per-step list is called."""
    return _PLURAL.sub("", name) or name


#: names a list of parameters is unpacked into: `W_f, W_i, W_v, b_f, b_v = p`
_UNPACKED_PARAM = re.compile(r"^(W|w|U|V|weights?|kernel|b|B|bias|biases)(_?[A-Za-z0-9]{1,3})?$")


def unpacked_params(node: Any, name: str) -> list[str] | None:
    """The names an argument is unpacked into when each names a weight or a bias (one a weight at least):
    a list of parameters handed in as one (`W_f, W_i, ..., b_v = p`)."""
    for st in ast.walk(node):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Tuple) \
                and isinstance(st.value, ast.Name) and st.value.id == name:
            names = [e.id if isinstance(e, ast.Name) else "" for e in st.targets[0].elts]
            if len(names) >= 2 and all(_UNPACKED_PARAM.match(n) for n in names) and \
                    any(n[:1] in "WwUVk" for n in names):
                return names
            return None
    return None


def _unpacked(node: Any, name: str) -> bool:
    """`rate, decay = hyper`: the argument is a tuple of settings, not an array of gradients."""
    return _unpack_width(node, (name,)) is not None


def _cache_width(node: Any) -> int | None:
    """How many names a backward unpacks its cache argument into (`x, w, b = cache`), or None."""
    return _unpack_width(node, (n for n in _params(node) if "cache" in n.lower()))


#: generic gradient names that also name their own parameter (dw is w's, dx is x's)
_NAMED_BY = {"dw": ("w",), "dx": ("x",), "dtheta": ("theta",), "dp": ("p",), "dparam": ("param",),
             "grad_param": ("param",)}


def _names_activation_backward(name: str) -> bool:
    """`relu_backward_dropout`, `sigmoid_grad`, `drelu`: the name of an activation's backward pass or derivative."""
    stem = _stem(name, _BWD)
    head = stem.split("|", 1)[0] if stem is not None else None
    return derivative_kind(name.lstrip("_")) is not None or \
        bool(head) and derivative_kind(f"{head.strip('_')}_derivative") is not None


def _activation_backward(node: Any) -> bool:
    """`_drelu(x, dloss_dout)`: a function named as an activation's derivative that is handed the pre-activation
    and the gradient of the activation's output - the activation's backward pass."""
    names = _params(node)
    return len(names) == 2 and derivative_kind(node.name.lstrip("_")) is not None and \
        bool(_SEED.search(names[1])) and not _SEED.search(names[0])


def _attention_triple(names: list[str], name: str) -> bool:
    """`name` is one of the queries, keys and values an attention's signature takes together (`q, k, v`)."""
    return name.lower() in ("q", "k", "v") and {n.lower() for n in names} >= {"q", "k", "v"}


def _weights_before_data(name: str, names: list[str]) -> bool:
    """`svm_loss_naive(W, X, y, reg)`: the weights first, then the data they multiply."""
    return bool(_WEIGHT_KEY.match(name)) and any(_DATA.match(o) for o in names[1:])


def gradient_pairs(names: list[str]) -> list[tuple[str, str]]:
    """(parameter, its gradient) among a signature: (w, dw), (x, dx), (theta, grad), (params, grads)."""
    pairs: list[tuple[str, str]] = []
    for p in names:
        for g in names:
            if g == p:
                continue
            low, gl = p.lower(), g.lower()
            if gl in ("d" + low, "d_" + low, "grad_" + low, low + "_grad", "grad" + low, "g" + low,
                      "g_" + low, low + "_gradient", "delta_" + low, "dl_d" + low):
                pairs.append((p, g))
            elif (spelt := DL_D_NAME.match(g)) is not None and spelt.group(1).lower() == low:
                pairs.append((p, g))  # (w, dJ_dw), (W, dLoss_dW): the loss's derivative by it, written as a fraction
            elif _PARAM_CONTAINERS.match(p) and _GRAD_CONTAINERS.match(g):
                pairs.append((p, g))
            elif low in ("param", "p", "w", "weight", "weights", "x", "theta", "var", "variable") and \
                    gl in ("grad", "g", "gradient", "dparam", "dp", "dx", "dtheta", "dw", "grad_param") and \
                    not any(o != p and o.lower() in _NAMED_BY.get(gl, ()) for o in names):
                # (p, dw) only when no `w` claims dw by name (`step(w, dw, opts=None, p=0)`)
                pairs.append((p, g))
            elif "_" in low and "_" in gl and low.split("_", 1)[1] == gl.split("_", 1)[1] and \
                    low.split("_", 1)[0] in ("weight", "weights", "param", "params", "parameter", "w", "theta") and \
                    gl.split("_", 1)[0] in ("grad", "grads", "gradient", "gradients", "g", "d"):
                pairs.append((p, g))  # calculate_update(weight_tensor, gradient_tensor)
    return pairs


#: a loss function (or its derivative) by its name: its non-target array argument is the network's output
#: a function that says it is a derivative (`MSEDerivative`, `mse_prime`, `loss_grad`)
_DERIVATIVE_NAME = re.compile(r"(deriv|prime|grad)", re.IGNORECASE)
_LOSS_NAME = re.compile(r"(loss|cost|mse|entropy|xent|nll|criterion|objective)", re.IGNORECASE)
_TRAINING_FLAG = re.compile(r"^(is_)?train(ing)?(_mode)?$", re.IGNORECASE)
_RNG = re.compile(r"^(rng|random_?state|generator|prng|random|rs|np_?rng)$", re.IGNORECASE)
_SIZE = re.compile(r"(size|dim|num|^n_|_n$|^n$|units|shape|count|depth|width|height|len|classes|"
                   r"features|hidden|layers|sizes|channels|filters|heads|steps)", re.IGNORECASE)


def _batchnorm_shift(name: str, names: list[str]) -> bool:
    """`beta` beside `gamma` (batchnorm_forward(x, gamma, beta, bn_param)): the trained shift, not
    Adam's or a moving average's `beta`."""
    return name == "beta" and "gamma" in names


def _arithmetic(e: ast.expr) -> bool:
    """`3 * 32 * 32`, `-1`, `2 ** 10`: a number written as arithmetic on numbers."""
    def number(x: ast.expr) -> bool:
        return isinstance(x, ast.Constant) and isinstance(x.value, (int, float)) and not isinstance(x.value, bool) \
            or _arithmetic(x)
    return isinstance(e, ast.UnaryOp) and number(e.operand) or \
        isinstance(e, ast.BinOp) and number(e.left) and number(e.right)


def _penalty_off(name: str, default: ast.expr) -> bool:
    """A penalty's strength off by default (`weight_decay=0.0`, `reg=0`)."""
    return bool(_PENALTY_STRENGTH.search(name)) and isinstance(default, ast.Constant) and \
        isinstance(default.value, (int, float)) and not isinstance(default.value, bool) and default.value == 0


def _object_slot(init: Any, name: str, default: ast.expr, cls_node: Any) -> bool:
    """`Model(layers=None, loss_function=None, optimizer=None)` keeping each on self, its other methods calling
    methods on them (`self.loss_function.backward(self.output, y)`, `self.layers[-1].backward(...)`): objects
    its user hands in, left None only until then."""
    if not (isinstance(default, ast.Constant) and default.value is None) or cls_node is None:
        return False
    attrs = {r[5:] for r in _kept_as(init, name)}
    if not attrs:
        return False
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and self_attr_under(n.func.value) in attrs
               for m in cls_node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and m is not init
               for n in ast.walk(m))


def _string_choice(name: str, default: ast.expr, cls_node: Any) -> bool:
    """`activation="sig"` tested in the class (`if self.activation == "tanh":`): a constructor parameter
    choosing among behaviours by name (not one handed to a lookup, `activations.get(activation)`)."""
    return isinstance(default, ast.Constant) and isinstance(default.value, str) and cls_node is not None \
        and _compared_with_strings(cls_node, name.strip("_"))


@_per_node
def _compared_with_strings(node: Any, name: str) -> bool:
    """`name == "tanh"`, `self.__name != 'sig'`, `self.name in ("a", "b")` somewhere in `node`."""
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Compare):
            continue
        sides = [sub.left, *sub.comparators]
        strs = any(isinstance(x, ast.Constant) and isinstance(x.value, str) or
                   isinstance(x, (ast.List, ast.Tuple, ast.Set)) and x.elts and
                   all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in x.elts) for x in sides)
        # (`activation.lower() == "relu"`: the name compared, whatever its case)
        bare = [x.func.value if isinstance(x, ast.Call) and isinstance(x.func, ast.Attribute) and not x.args and
                x.func.attr in ("lower", "upper", "strip", "casefold") else x for x in sides]
        named = any(isinstance(x, ast.Name) and x.id == name or
                    isinstance(x, ast.Attribute) and x.attr.strip("_") == name for x in bare)
        if strs and named:
            return True
    return False


def _flag_choice(name: str, default: ast.expr, cls_node: Any) -> bool:
    """`momentum=0.0` tested in the class (`if self.momentum:`, `if self.beta > 0`): a constructor parameter that
    switches a behaviour on, whose default is only one of the caller's choices."""
    # (not `weights=None` tested `if weights is None`: left out, the class makes its own)
    return isinstance(default, ast.Constant) and isinstance(default.value, (int, float)) and cls_node is not None \
        and _tested_as_flag(cls_node, name.strip("_"))


@_per_node
def _tested_as_flag(node: Any, name: str) -> bool:
    """`if self.momentum:`, `if not momentum`, `if self.beta > 0 and ...`, `x if self.decay else y` in `node`."""
    def names(e: Any) -> bool:
        return isinstance(e, ast.Name) and e.id == name or isinstance(e, ast.Attribute) and e.attr.strip("_") == name

    def flag(e: Any) -> bool:
        if names(e):
            return True
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
            return flag(e.operand)
        if isinstance(e, ast.BoolOp):
            return any(flag(v) for v in e.values)
        if isinstance(e, ast.Compare) and len(e.comparators) == 1:
            other = e.comparators[0] if names(e.left) else e.left if names(e.comparators[0]) else None
            return isinstance(other, ast.Constant) and not isinstance(other.value, str)
        return False
    return any(isinstance(sub, (ast.If, ast.IfExp, ast.While)) and flag(sub.test) for sub in ast.walk(node))


def constructor_args(it: "Interp", init: Any, cls_node: Any = None) -> list[Val]:
    """Arguments for a constructor nobody calls: arrays for array-like names, sizes and settings unknown.

    Parameters with a default keep it (a scale `std=1e-4` stays a number, not a tensor), except a choice
    named by a string (`activation='sig'`): the caller may pick any, so it stays open and each branch on it
    is read.
    """
    names = _params(init)[1:]
    n_default = len(init.args.defaults)
    first_default = len(names) - n_default
    defaults = dict(zip(names[first_default:], init.args.defaults))
    objects = {n for n, d in defaults.items() if _object_slot(init, n, d, cls_node)}
    # how far a default must be overridden: up to the last choice named by a string
    open_to = max((i for i, n in enumerate(names)
                   if i >= first_default and (_string_choice(n, defaults[n], cls_node) or
                                              _flag_choice(n, defaults[n], cls_node) or _penalty_off(n, defaults[n]) or
                                              n in objects)),
                  default=first_default - 1)
    out: list[Val] = []
    for i, n in enumerate(names):
        if i >= first_default:
            d = defaults[n]
            if i <= open_to and _arithmetic(d):
                # (`input_dim=3 * 32 * 32` before `reg=0.0`: a number, whichever, so the choices after it are read)
                v = it.new("arg", (), "num")
                v.name = n
                out.append(v)
                continue
            if i > open_to or not isinstance(d, ast.Constant):
                break
            if n in objects:
                # (`loss_function=None` of a model whose methods call `self.loss_function.backward(...)`)
                out.append(it.make_leaf((id(init), n), n))
            elif _string_choice(n, d, cls_node):
                v = it.unknown(kind="str")
                v.name = n
                out.append(v)
            elif _penalty_off(n, d):
                # (`weight_decay=0.0`: a penalty its user turns on; what it adds to a gradient is read)
                v = it.new("arg", (), "num")
                v.name = n
                out.append(v)
            elif _flag_choice(n, d, cls_node):
                # (`if self.momentum:` on `momentum=0.0`: both the plain step and the momentum step are read)
                v = it.new("arg", (), "num")
                v.name = n
                if isinstance(d.value, bool):
                    v.payload = "flag"  # (`bias=True`: a switch, `self.b * self.bias` the bias when it is on)
                out.append(v)
            else:
                out.append(it.const(d.value))
            continue
        if _RNG.match(n):
            out.append(it.module("numpy.random"))  # Dense(n_in, n_out, rng): a random generator
        elif cls_node is not None and _compared_with_strings(cls_node, n.strip("_")):
            # `Layer(n_in, n_out, activation)` tested `if activation.lower() == "relu":`: a choice among behaviours
            # by name the caller makes; each branch on it is read
            v = it.unknown(kind="str")
            v.name = n
            out.append(v)
        elif _SIZE.search(n) or (_CONFIG.search(n) and not _batchnorm_shift(n, names)):
            # (`BatchNormalization(gamma, beta)`: beta beside gamma is the shift, not a momentum's rate)
            v = it.new("arg", (), "num")
            v.name = n
            out.append(v)
        else:
            v = it.make_leaf((id(init), n), n)
            if _HELD_DATA.match(n) or TARGET_NAME.match(n):
                # `DeepNeuralNetwork(X, Y, layers_dims, ...)` keeping the training set it is built for: the data
                # and the labels, never parameters the constructor was handed
                v.leaf.data = True
                v.leaf.target = bool(TARGET_NAME.match(n))
            out.append(v)
    return out


class EntryRunner:
    """Plans and runs the entry points of one module on an interpreter."""

    def __init__(self, it: "Interp", module_scope: Scope) -> None:
        self.it = it
        self.scope = module_scope
        self.called = called_names(it.tree)
        self.done: set[int] = set()
        self.free: set[int] = set()  # module-level functions, some of them methods attached to a class

    # ------------------------------------------------------------------ abstract arguments
    def data(self, node: Any, name: str, target: bool = False, unit: Unit | None = None) -> Val:
        """Data (or a target) entering the entry: never a parameter; an input may feed an activation."""
        it = self.it
        v = it.make_leaf((id(node), name), name)
        v.leaf.data = True
        v.leaf.target = target
        if unit is not None and not target:
            v.role = ("in", unit)
        return v

    def param(self, node: Any, name: str) -> Val:
        """A parameter trained by code we do not see (the optimiser, the solver, another file)."""
        v = self.it.make_leaf((id(node), name), name)
        v.leaf.presumed = True
        return v

    def loss_gradient_fn(self, name: str) -> Val:
        """A function handed in that computes the loss's derivative at the value it is called with."""
        f = Val("loss_gradient", (), "func", self.it.cur)
        f.name = name
        return f

    def param_list(self, node: Any, name: str) -> Val:
        """`weights`: a list of parameters, one per layer, read by a computed position (a family)."""
        member = self.it.make_leaf((id(node), f"{name}[*]"), f"{name}[*]")
        member.leaf.presumed = True
        member.leaf.family = True
        out = self.it.seq([], member)
        out.name = name
        return out

    def open_dict(self, node: Any, name: str, grads_of: Val | None = None) -> Val:
        """`parameters`: a dict whose constant keys are separate parameters; computed keys a family."""
        if grads_of is None:
            return self.it.open_params(id(node), name)
        base = grads_of.summary
        return self.it.open_params(id(node), name, grads_of, self.seed(base, node, f"{name}[*]", weight=base))

    def named_unknown(self, name: str) -> Val:
        """A setting we know nothing of (`learning_rate`), by its name so messages can say it; a number when
        the name says it is a step size or a coefficient (`lambtha / m * W` is a penalty, not a layer)."""
        v = self.it.unknown(kind="num" if _COEFFICIENT.match(name) else "arr")
        v.name = name
        return v

    def open_constructor_args(self, cls: Val, init: Any) -> list[Val]:
        """Arguments for a constructor nobody calls (see `constructor_args`); a model, a list of layers or
        of (parameter, gradient) pairs that the class keeps and steps in another method
        (`self.model = model` ... `for layer in self.model.layers: layer.W -= lr * layer.dW`) are open:
        what they hold is trained here."""
        out = constructor_args(self.it, init, cls.payload.get("node"))
        proto = graph_protocol(*layer_pair(cls.payload["methods"])) or \
            named_graph_protocol(init, *layer_pair(cls.payload["methods"]))
        if proto is not None:
            # Linear(X, W, b) of a graph of nodes: each argument is a node, its value data or a parameter
            # (`Linear(x_layer, W_layer, b_layer)` keeping each under an attribute of its own: those arguments)
            nodes = {n for n in _params(init)[1:] if {r[5:] for r in _kept_as(init, n)} & set(proto.named)} \
                if proto.named else None
            return [self.graph_node(init, n, proto.value) if v.op == "leaf" and (nodes is None or n in nodes) else v
                    for n, v in zip(_params(init)[1:], out)]
        methods = [m for m in cls.payload["methods"].values() if m is not init]
        for i, n in enumerate(_params(init)[1:len(out) + 1]):
            refs = _kept_as(init, n) or _kept_by_base(cls, init, n)
            if not refs:
                # `self.l = model.layers` then `self.l[i].W -= lr * self.l[i].dW`: the model's layers, stepped
                parts = _kept_part_of(init, n)
                if any(stepped_elements(m, r) or stepped_by_index(m, r) for m in methods for r in parts):
                    out[i] = self.open_obj(init, n)
                continue
            if any(stepped_object(m, r) for m in methods for r in refs):
                out[i] = self.open_obj(init, n)
            elif any(stepped_elements(m, r) for m in methods for r in refs):
                layers = self.it.make_leaf((id(init), n, "layers"), n)
                layers.payload = ("open-attr", id(init))
                out[i] = layers
            elif any(stepped_pairs(m, r) for m in methods for r in refs):
                p = self.param(init, "param")
                g = self.gradient_arg(init, "grad", Adj(GRAD, "W", p.leaf.unit, p.leaf))
                out[i] = self.it.seq([], self.it.seq([p, g]))
            elif any(derived_module(m, r, listed=False) for m in methods for r in refs):
                # `self.criterion.forward(out, y)` then `self.criterion.derivative()`: a module of its user's
                out[i] = self.open_module(init, n)
            elif any(derived_module(m, r, listed=True) for m in methods for r in refs):
                # `self.activations[i].forward(z)`, later `self.activations[i].derivative()`: a list of them
                out[i] = self.it.seq([], self.open_module(init, f"{n}[*]"))
        return out

    def open_module(self, node: Any, name: str) -> Val:
        """A module the class's user hands in (an activation, a loss), whose code is not here: its `forward`
        is fed values, its `derivative()` answers for the last of them (see `Interp.module_call`)."""
        inst = Val("inst", (), "inst", self.it.cur)
        inst.elems = {}
        inst.payload = ("open-module", id(node), name)
        inst.name = name
        return inst

    def _handed_to_stepper(self, node: Any, name: str) -> bool:
        """`train(net, x, y)` calling `backprop(net)`, which steps `net.W[k] -= ...`: the argument is handed
        on, by position, to a function of this module that steps its attributes."""
        for sub in ast.walk(node):
            if not (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name)):
                continue
            callee = self.scope.vars.get(sub.func.id)
            if callee is None or callee.kind != "func" or not isinstance(callee.payload, tuple) or \
                    callee.payload[0] is node or not isinstance(callee.payload[0], ast.FunctionDef):
                continue
            params = _params(callee.payload[0])
            for i, a in enumerate(sub.args):
                if isinstance(a, ast.Name) and a.id == name and i < len(params) and \
                        stepped_object(callee.payload[0], params[i]):
                    return True
        return False

    def open_obj(self, node: Any, name: str) -> Val:
        """A layer or network object handed to an optimiser: its attributes are parameters (and their
        gradients, by name), made on first read."""
        inst = Val("inst", (), "inst", self.it.cur)
        inst.elems = {}
        inst.payload = ("open-obj", id(node))
        inst.name = name
        return inst

    def graph_node(self, node: Any, name: str, attr: str) -> Val:
        """An input node of a graph-node class (`interp_graph`): an open object whose value (under `attr`) is a
        parameter when its name says so, else data (the targets by their name)."""
        obj = self.open_obj(node, name)
        obj.elems[attr] = self.param(node, name) if param_node(name) else \
            self.data(node, name, target=bool(TARGET_NAME.match(node_stem(name))))
        return obj

    def graph_inputs(self, inst: Val, graph: GraphProtocol, unit: Unit, lossy: bool) -> None:
        """The values of a graph node's input nodes enter its layer: the input data as the layer's input, or, in a
        loss's node, as the prediction the loss compares with the targets."""
        nodes = inst.elems.get(graph.inputs) if inst.elems and graph.inputs else None
        if graph.named and inst.elems:
            # (`self.x`, `self.W`: one node under each attribute)
            nodes = self.it.seq([inst.elems[a] for a in graph.named if isinstance(inst.elems.get(a), Val)])
        if not (isinstance(nodes, Val) and nodes.kind == "seq" and isinstance(nodes.elems, list)):
            return
        values = [node.elems.get(graph.value) if node.kind == "inst" and isinstance(node.elems, dict) else None
                  for node in nodes.elems]
        # (`L2Loss(pred_layer, true_layer)`: a node beside the targets' node is a loss's, its other input the prediction)
        lossy = lossy or graph.named != () and any(isinstance(v, Val) and v.leaf is not None and v.leaf.target
                                                   for v in values)
        for node, v in zip(nodes.elems, values):
            if isinstance(v, Val) and v.leaf is not None and v.leaf.data and v.role is None and \
                    not v.leaf.target and not TARGET_NAME.match(node.name or ""):
                v.role = ("z", unit) if lossy else ("in", unit)

    def value_holder(self, node: Any, name: str) -> Val:
        """An object that holds values handed to a loss (`inpt.array`) or a layer (`x.value`, `y.grad`): what it
        holds, unless put in by the caller, is read as the file's own arrays read through it, no parameter and no
        data of a known role."""
        obj = self.open_obj(node, name)
        obj.payload = ("open-holder", id(node))
        return obj

    def state_dict(self, node: Any, name: str) -> Val:
        """A dict argument that is neither parameters nor gradients: optimiser state, a config, a cache."""
        d = Val("dict", (), "dict", self.it.cur)
        d.elems = {}
        d.name = name
        d.payload = ("state",)
        d.summary = self.it.unknown()
        return d

    def gradient_arg(self, node: Any, name: str, adj: Adj) -> Val:
        """An argument that is a gradient (`adj` says of what): data, never a parameter."""
        v = self.it.make_leaf((id(node), name, "seed"), name)
        v.leaf.data = True
        v.adj = adj
        return v

    def seed(self, out: Val | None, node: Any, name: str, weight: Val | None = None) -> Val:
        """The upstream gradient: dL/d(out) for a forward output, or dL/dW for a parameter `weight`."""
        if weight is not None and weight.leaf is not None:
            return self.gradient_arg(node, name, Adj(GRAD, "W", weight.leaf.unit, weight.leaf))
        return self.gradient_arg(node, name, self.adj_at(out))

    def presumed_probs(self, node: Any, name: str) -> Val:
        """The softmax probabilities of a presumed output layer, handed in as `name`."""
        unit = self.it.presumed_unit()
        z = self.it.make_leaf((id(node), name, "logits"), f"{name}.logits")
        z.leaf.data = True
        z.role = ("y", unit)
        out = Val("call", (z,), "arr", self.it.cur)
        out.payload = "softmax"
        out.name = name
        return self.it.activation("softmax", z, out)

    def presumed_seed(self, node: Any, name: str) -> Val:
        """`relu_backward(dA, cache)` with no forward in the file: the gradient at a presumed layer."""
        return self.gradient_arg(node, name, Adj(GRAD, "z", self.it.presumed_unit()))

    def adj_at(self, out: Val | None) -> Adj:
        return self.it.gradient_at(out)

    def args_for(self, node: Any, skip_self: bool, given: dict[str, Val], unit: Unit | None,
                 seed_first: Val | None = None, lossy: bool = False, kept: bool = False) -> list[Val]:
        """Abstract arguments by each parameter's role in the signature. `kept`: the method's object keeps
        its weights, so what it is handed is data."""
        names = _params(node)
        if skip_self:
            names = names[1:]
        defaults = len(names) - len(node.args.defaults)
        out: list[Val] = []
        first_data = True
        for i, n in enumerate(names):
            if n in given:
                out.append(given[n])
                continue
            if _cancels_at_targets(node, n):
                # backward(self, dvalues, y_true) of a softmax joined to its cross-entropy: `dvalues.copy()` lowered
                # by one at the targets is the probabilities' cancelled error, so what it is handed is the
                # softmax's output (whatever its name), of a layer this code does not show
                out.append(self.presumed_probs(node, n))
                continue
            if i == 0 and seed_first is not None:
                out.append(seed_first)
                continue
            if i == 0 and n == "self" and not skip_self:
                # `def train(self, inputs, targets)` written at module level (a method cut out of its class, a
                # book's excerpt): the network object it is handed, whose attributes are its weights
                out.append(self.open_obj(node, "self"))
                continue
            if _RNG.match(n):
                out.append(self.it.module("numpy.random"))
                continue
            if _called(node, n):
                d = self.it.eval(node.args.defaults[i - defaults], self.scope) if i >= defaults else None
                if d is not None and d.kind == "func":
                    # train(..., grad_fn=loss.mse_grad) calling `grad_fn(out, y)`: the function it runs unless told
                    # otherwise
                    out.append(d)
                    continue
                if _LOSS_GRADIENT_FN.search(n):
                    # train(x0, w, cost, dcost) calling `dcost(out)`: the loss's derivative, handed in
                    out.append(self.loss_gradient_fn(n))
                    continue
            if n != "self" and _runs_passes_of(node, n):
                # fit(net, loss, optimizer, X, y) calling `net.forward(X)` and `net.backward(grad)`: a model its user
                # hands in, whose passes are not shown here - no data, whatever its place
                out.append(self.it.make_leaf((id(node), n), n))
                continue
            if _attention_triple(names, n):
                # `forward(self, Q, K, V)` of an attention: all three are what its callers projected, not settings
                # (`k`) nor weights
                out.append(self.data(node, n, unit=unit if first_data else None))
                first_data = False
                continue
            if _TRAINING_FLAG.match(n):
                # forward(x, training=False) driven for its backward: the pass that trains, whatever the
                # default (the inference branch keeps no cache for backward to read)
                out.append(self.it.const(True))
                continue
            if i >= defaults and _CONFIG.search(n):
                d = self.it.eval(node.args.defaults[i - defaults], self.scope)
                if _PENALTY_STRENGTH.search(n) and d.op == "const" and not d.num:
                    # backward(..., lambd=0.0) with `if lambd != 0: dW += lambd / m * W`: a penalty the caller
                    # turns on; its branch is read as one that may run, not cut away by the default
                    d = self.named_unknown(n)
                out.append(d)
                continue
            if n != "self" and (stepped_object(node, n) or self._handed_to_stepper(node, n) or
                                _holds_through(stepped_object, node, n, self.it.tree, depth=1)):
                out.append(self.open_obj(node, n))  # update(layer, grad_w): the layer's parameters step here
                continue
            if _LOSS_NAME.search(node.name) and _value_holder(node, n):
                # mse_loss(inpt, target) reading `inpt.array`: an object holding the prediction, read by attribute
                out.append(self.value_holder(node, n))
                continue
            if layer_state(node, n):
                # dense_backward(layer, dX) reading layer.p['W'], layer.fc['Z']: the layer's state, by its dicts
                out.append(self.open_obj(node, n))
                continue
            if n != "self" and _kept_in_list(node, n):
                # `def add(self, layer): self.layers.append(layer)`: a layer object of the class's user, which
                # the class's other methods walk (forward, backward, steps)
                out.append(self.open_obj(node, n))
                continue
            if stepped_elements(node, n):
                layers = self.it.make_leaf((id(node), n, "layers"), n)
                layers.payload = ("open-attr", id(node))
                out.append(layers)
                continue
            if OPTIMISER_NAME.search(node.name) and _SEED.search(n) and not gradient_pairs([n] + _params(node)):
                # update_parameters(self, dJ_dW, dJ_db, optimizer): gradients of parameters it names
                # in its body, by their role in the signature
                out.append(self.gradient_arg(node, n, Adj(GRAD, "?")))
                continue
            owner = next((o for o in out if isinstance(o.payload, tuple) and o.payload[0] == "open-obj"), None)
            own = gradient_of_name(n)
            if owner is not None and own is not None:
                # update_bias(self, layer, grad_bias): the gradient of layer.bias
                param = self.it.open_attr(owner, own)
                out.append(self.seed(None, node, n, weight=param))
                continue
            if _accumulates_into(node, n):
                # `grad_buf += upstream.reshape(shape)` in an autograd kernel: a gradient buffer the caller
                # hands in to be summed into, never a parameter
                out.append(self.data(node, n))
                continue
            if n != "self" and derived_module(node, n, listed=False):
                # train(model, criterion, ...) calling `criterion.forward(out, y)`, then `criterion.backward()`: a
                # module its caller hands in, answering for what its forward pass was fed
                out.append(self.open_module(node, n))
                continue
            if (_LAYER_LIST.match(n) and _holds_through(indexed_by_position, node, n, self.it.tree) or
                    _SHORT_WEIGHTS.match(n) and _counted_and_indexed(node, n)) and not used_as_dict(node, n):
                # forward_feed(x, weights, biases) reading `weights[l - 1]` in a loop over layers: a list of
                # parameters, one per layer, that the caller keeps and steps; any one of them is a family member
                out.append(self.param_list(node, n))
                continue
            unpacked = unpacked_params(node, n)
            if unpacked is not None:
                # forward_pass(x, h_prev, c_prev, p) unpacking `W_f, ..., b_v = p`: each a parameter by its name
                out.append(self.it.seq([self.param(node, u) for u in unpacked]))
                continue
            if _PACKED.search(n) and _sliced_through(node, n, self.it.tree):
                out.append(self.param(node, n))  # cost(theta, X, y): a flat parameter vector cut into weights
            elif first_data and unit is not None and lossy and len(names) == 2 and prediction_param(names) == n and \
                    TARGET_NAME.match(n) and _TEACHER.match(names[1 - names.index(n)]):
                # a loss's `forward(self, y, t)`: y, beside t, is the network's output
                v = self.data(node, n)
                v.role = ("z", unit)
                out.append(v)
                first_data = False
            elif TARGET_NAME.match(n) or HANDED_OUTPUTS.match(n) and not first_data:
                out.append(self.data(node, n, target=True))
            elif used_as_dict(node, n) and (_PARAM_CONTAINERS.match(n) or reads_weights(node, n)):
                out.append(self.open_dict(node, n))
            elif used_as_dict(node, n) and not _GRAD_CONTAINERS.match(n):
                out.append(self.state_dict(node, n))  # v, s, config, cache: state, not parameters
            elif _GRAD_CONTAINERS.match(n) and used_as_dict(node, n):
                pv = next((v for v in out if v.kind == "dict"), None)
                out.append(self.open_dict(node, n, grads_of=pv) if pv is not None else self.it.unknown())
            elif first_data and unit is not None and (lossy or _TRAINING.search(node.name)) and (
                    _OUTPUT.match(n) or any(TARGET_NAME.match(o) for o in names) and (
                        lossy and n in ("input", "inputs", "inp", "a", "A", "x", "input_tensor") or
                        # (`update_grad_input(self, inpt, target)`: of a loss's two arguments, the one beside the
                        # target is the prediction, whatever its name)
                        lossy and prediction_param(names) == n or
                        # cost(A, Y): an activation beside a target (scores, `x`, may still meet a softmax); the
                        # first argument of a function named as a loss, beside its target (`MSEDerivative(value,
                        # trueValue, n)`)
                        _LOSS_NAME.search(node.name) and (n in ("a", "A") or i == 0 and
                                                           _DERIVATIVE_NAME.search(node.name) and
                                                           not _weights_before_data(n, names)))):
                # (`backward(self, input, target)` of a loss class: its input is the network's output)
                # loss(pred, target): the network's output, whose error the loss computes
                v = self.data(node, n)
                v.role = ("z", unit)
                out.append(v)
                first_data = False
            elif first_data and (_DATA.match(n) or i == 0 and not _weights_before_data(n, names)) and \
                    (not _CONFIG.search(n) or _PREACT_ARG.match(n)):
                out.append(self.data(node, n, unit=unit))
                first_data = False
            elif (_CONFIG.search(n) and not _batchnorm_shift(n, names)) or _DATA.match(n):
                out.append(self.data(node, n) if _DATA.match(n) else self.named_unknown(n))
            elif i > 0 and _SEED.search(n) and _SEED.search(names[0]) and gradient_of_name(n) is None and (
                    _BWD_WORDS.match(node.name) or node.name in BACKWARD_METHODS):
                # backward(self, dh, dc): a second upstream gradient (the cell state's) after the first, never
                # a parameter
                out.append(self.gradient_arg(node, n, Adj(GRAD, "?")))
            else:
                out.append(self.data(node, n) if kept else self.param(node, n))
        return out

    # ------------------------------------------------------------------ running
    def func_val(self, node: Any, owner: Val | None) -> Val:
        v = self.scope.vars.get(node.name) if owner is None else None
        if v is None or v.kind != "func" or v.payload[0] is not node:
            v = Val("func", (), "func")
            v.payload = (node, method_scope(owner, node) if owner is not None else self.scope, owner)
        return v

    def call(self, node: Any, args: list[Val], self_val: Val | None = None, owner: Val | None = None,
             kwargs: dict[str, Val] | None = None) -> Val:
        it = self.it
        self.done.add(id(node))
        if self_val is not None and not _takes_self(node):
            self_val = None
        f = self.func_val(node, owner)
        saved = it.cur
        it.cur = it.stmt_info(node)
        try:
            out = it.call_function(f, args, kwargs or {}, standalone=True, self_val=self_val)
        finally:
            it.cur = saved
        if self_val is None and owner is None:
            it._run_returned(out)
        return out

    def synthetic_unit(self, node: Any) -> Unit:
        """The layer whose pre-activation an entry's input is; each call starts a new driven run."""
        self.it.entry_run += 1
        unit = Unit(0, getattr(node, "lineno", 0), "row")
        unit.run = self.it.entry_run
        return unit

    def returned_parts(self, ret: Val) -> tuple[Val, Val | None]:
        """`return out, cache`: the output and what the backward pass gets back."""
        if ret.kind == "seq" and ret.elems and ret.summary is None:
            if len(ret.elems) == 1:
                return ret.elems[0], None
            rest = ret.elems[1:]
            if len(rest) > 1 and rest[-1].kind == "seq":
                # `return next_h, next_c, (x, prev_h, ...)`: the tuple written last is the cache
                return ret.elems[0], rest[-1]
            return ret.elems[0], rest[0] if len(rest) == 1 else self.it.seq(list(rest))
        return ret, None

    def seed_name(self, name: str, fwd: Any) -> bool:
        """An upstream gradient by its name: dout, grad_output, delta; or d<what forward returns> (dnext_h)."""
        return bool(_SEED.search(name)) or any(_gradient_of(name, r) for r in self.return_names(fwd))

    def seed_arg(self, name: str, given: dict[str, Val], fwd: Any, bwd: Any) -> bool:
        """`bwd`'s argument `name`, not yet bound, is the upstream gradient (by its name), not a cache it unpacks."""
        return name not in given and self.seed_name(name, fwd) and not _unpacked(bwd, name)

    def return_names(self, node: Any, attrs: bool = False) -> list[str]:
        """The names a function returns: `return AL, caches` -> [AL, caches]; with `attrs`, `return h, self.c`
        -> [h, c] (an attribute of self by its own name)."""
        for st in ast.walk(node):
            if isinstance(st, ast.Return) and st.value is not None:
                elts = st.value.elts if isinstance(st.value, ast.Tuple) else [st.value]
                return [e.id if isinstance(e, ast.Name) else
                        e.attr.lstrip("_") if attrs and isinstance(e, ast.Attribute) and
                        isinstance(e.value, ast.Name) and e.value.id == "self" else "" for e in elts]
        return []

    def run_pair(self, fwd: Any, bwd: Any, inst: Val | None = None, cls: Val | None = None) -> None:
        """forward(x, w, b) -> (out, cache); backward(dout, cache): a layer function pair, or the same
        pair written as methods of a class that keeps the weights (`step_forward(self, x, h_prev)`)."""
        method = inst is not None
        unit = self.synthetic_unit(fwd)
        fargs = self.args_for(fwd, method, {}, unit, kept=method and _keeps_arrays(inst))
        fnames = _params(fwd)[1:] if method else _params(fwd)
        ret = self.call(fwd, fargs, inst, cls) if method else self.call(fwd, fargs)
        out, cache = self.returned_parts(ret)
        inp = [a for a in fargs if a.role is not None and a.role[0] == "in" and a.role[1] is unit]
        if len(inp) == 1 and out.kind == "arr":
            # gelu_forward(x) -> out, cache, or class Swish's forward: an activation of the file's own
            own = cls.name if method and cls is not None else FORWARD_WORD.sub("", fwd.name)
            self.it.own_activation(own, inp[0], out)
        given: dict[str, Val] = dict(zip(fnames, fargs))
        rnames = self.return_names(fwd)
        parts = _parts(ret)
        bnames = _params(bwd)[1:] if method else _params(bwd)
        for n, p in zip(rnames, parts):
            if n:
                given[n] = p
                # forward -> (z_s, f_s, outputs_list), backward(z, f, outputs): the lists by their singular
                same = [b for b in bnames if b not in given and b != n and _singular(b) == _singular(n)]
                if len(same) == 1:
                    given[same[0]] = p
        seed_name = bnames[0] if bnames else "dout"
        first_is_seed = bool(bnames) and self.seed_arg(seed_name, given, fwd, bwd)
        if cache is not None:
            _hand_cache(bnames, cache, given)
            if len(bnames) == 2 and first_is_seed and bnames[1] not in given:
                given[bnames[1]] = cache
        seed = self.seed(out, bwd, seed_name) if first_is_seed else None
        if seed is None and len(bnames) > 1 and bnames[1] not in given and _is_open_obj(given.get(bnames[0])) and \
                self.seed_name(bnames[1], fwd):
            # dense_backward(layer, dX) after dense_forward(layer, A): the layer object, then the gradient
            given[bnames[1]] = self.seed(out, bwd, bnames[1])
        seeded = self.seed_returned(bwd, bnames, self.return_names(fwd, attrs=True), parts, given)
        if cache is not None and cache.kind == "seq" and cache.elems and not any(v is cache for v in given.values()):
            # backward(dh, dc, store) unpacking `x, h, c, Wx, Wh, b = store`: whatever its name, the argument
            # unpacked as wide as the cache forward returned is that cache
            rest = [n for n in bnames[1 if first_is_seed else 0:] if n not in given]
            width = [n for n in rest if _unpack_width(bwd, (n,)) == len(cache.elems)]
            if len(width) == 1:
                given[width[0]] = cache
        bargs = self.args_for(bwd, method, given, None, seed_first=seed)
        bret = self.call(bwd, bargs, inst, cls) if method else self.call(bwd, bargs)
        inputs = list(zip(fnames, fargs))
        if method:
            # the weights the instance keeps are the layer's inputs too
            inputs += [(f"self.{a}", v) for a, v in (inst.elems or {}).items() if isinstance(v, Val)
                       and v.kind == "arr" and (v.op == "init" or v.op == "leaf" and v.leaf is not None
                                                 and not v.leaf.data)]
        name = f"{cls.name}.{fwd.name}/{bwd.name}" if method and cls is not None else f"{fwd.name}/{bwd.name}"
        pair = LayerPair(name, "functions", bwd.lineno, inputs, out, seed,
                         [(n, v, None) for n, v in self.named_returns(bwd, bret)])
        # the other outputs' seeds, for `bpscan verify` to contract each output with its own
        pair.extra.extend((part, given[n]) for part, n in seeded if part is not parts[0])
        self.it.layer_pairs[(id(fwd), id(bwd))] = pair

    def seed_returned(self, bwd: Any, bnames: list[str], rnames: list[str], parts: list[Val],
                      given: dict[str, Val]) -> list[tuple[Val, str]]:
        """backward(dnext_h, dnext_c, cache) of forward -> (next_h, next_c, cache): each argument after
        the first named as the gradient of a value forward returns is that value's gradient. Binds them
        in `given`; returns (the value, the argument's name) of each."""
        seeded: list[tuple[Val, str]] = []
        for r, part in zip(rnames, parts):
            for n in bnames[1:]:
                if n not in given and _gradient_of(n, r, capitalised=False):
                    given[n] = self.seed(part, bwd, n)
                    seeded.append((part, n))
        return seeded

    def named_returns(self, node: Any, ret: Val) -> list[tuple[str, Val]]:
        """What a backward returns, each part by the name it has in the return statement (or its position)."""
        parts = _parts(ret)
        names = self.return_names(node)
        if ret.kind == "none":
            return []
        return [(names[i] if i < len(names) and names[i] else f"return[{i}]" if len(parts) > 1 else "return", p)
                for i, p in enumerate(parts)]

    def run_function(self, node: Any) -> None:
        """A free function on its own: an optimiser step, a loss with its gradient, a whole step."""
        it = self.it
        names = _params(node)
        pairs, given = self.paired(node, names)
        unit = self.synthetic_unit(node)
        seed = None
        if names and names[0] not in given and (_stem(node.name, _BWD) is not None or _GRADIENTS_OF.match(node.name)) \
                and _SEED.search(names[0]) and not _GRAD_CONTAINERS.match(names[0]):
            seed = self.presumed_seed(node, names[0])
        elif len(names) > 1 and names[1] not in given and _stem(node.name, _BWD) is not None and \
                _SEED.search(names[1]) and layer_state(node, names[0]):
            # dense_backward(layer, dX): the layer object first, then the gradient from the layer above
            given[names[1]] = self.presumed_seed(node, names[1])
        elif len(names) == 2 and names[0] not in given and derivative_kind(node.name.lstrip("_")) is not None and \
                _SEED.search(names[0]) and not _SEED.search(names[1]):
            # `tanh_derivative(dA, a)`: an activation's derivative handed the gradient of its output first, then the
            # output (or pre-activation) - its backward pass
            given[names[0]] = self.presumed_seed(node, names[0])
        elif names[1:2] and names[1] not in given and _activation_backward(node):
            # `_drelu(x, dloss_dout)`: an activation's derivative handed the gradient of its output as well, its
            # backward pass - the pre-activation first, then the gradient from the layer above
            given[names[1]] = self.presumed_seed(node, names[1])
        args = self.args_for(node, False, given, unit, seed_first=seed)
        it.entry += 1
        try:
            ret = self.call(node, args)
        finally:
            it.entry -= 1
        if pairs:
            self.returned_updates(ret)

    def paired(self, node: Any, names: list[str]) -> tuple[list[tuple[str, str]], dict[str, Val]]:
        """Each (parameter, gradient) pair of a signature, bound: a parameter and its true gradient."""
        # (`errorFunc, gradErrorFunc` called in the body: a loss and its derivative, functions, not a pair of arrays)
        pairs = [(p, g) for p, g in gradient_pairs(names) if not (_called(node, p) or _called(node, g))]
        if pairs and _names_activation_backward(getattr(node, "name", "")):
            # `relu_backward(dA, A)`: an activation's backward handed the gradient of its output and that output,
            # not a parameter and its gradient
            pairs = []
        given: dict[str, Val] = {}
        for p, g in pairs:
            if p in given:
                continue
            if (used_as_dict(node, p) or used_as_dict(node, g)) and not (_PARAM_CONTAINERS.match(p) or
                                                                         _GRAD_CONTAINERS.match(g)):
                continue  # (v, dv) as dicts of state: not a parameter and its gradient
            if used_as_dict(node, p) or used_as_dict(node, g):
                given[p] = self.open_dict(node, p)
                given[g] = self.open_dict(node, g, grads_of=given[p])
            elif _PARAM_CONTAINERS.match(p) and _GRAD_CONTAINERS.match(g) and _zipped(node, p, g):
                # update(self, params, grads): `for p, g in zip(params, grads): p -= lr * g`, lists of
                # parameters and their gradients, element by element
                param = self.param(node, p)
                given[p] = self.it.seq([], param)
                given[g] = self.it.seq([], self.seed(None, node, g, weight=param))
            else:
                given[p] = self.param(node, p)
                given[g] = self.seed(None, node, g, weight=given[p])
        return pairs, given

    def returned_updates(self, ret: Val) -> None:
        """`next_w = w - lr * dw; return next_w, config`: the new value of a parameter, returned."""
        it = self.it
        vals = ret.elems if ret.kind == "seq" and ret.elems else [ret]
        if ret.kind == "dict":
            # `fresh[k] = params[k] - lr * grads[k]; return fresh`: new values of the parameters, by key
            vals = [v for v in [*(ret.elems or {}).values(), ret.summary] if isinstance(v, Val)]
        # (`if self.regularizer: return w - lr * reg(w) - lr * g` / `else: return w - lr * g`: each return's own)
        vals = [a for v in vals for a in (v.args if v.op == "join" else (v,)) if isinstance(a, Val)]
        # (`new = w - lr * g` then `new -= lr * reg(w)`, returned: each statement that makes the new value steps it)
        vals += [e for v in vals[:8] for e in _earlier_steps(v)]
        for v in vals[:12]:
            if v.kind != "arr" or v.stmt is None:
                continue
            saved_cur = it.cur
            it.cur = v.stmt
            try:
                own = it.linear_terms(v, 1, 0)
                terms = [t for s, u in own
                         for t in (_same_function_terms(u, s, v.stmt.func) if u is not v else [(s, u)])]
            finally:
                it.cur = saved_cur
            keep = [t for _, t in terms if t.leaf is not None and getattr(t.leaf, "presumed", False) and t.op == "leaf"]
            earlier = _earlier_step(v)
            # (`new -= lr * reg(w)` after `new = w - lr * g`: this statement's own step is its new terms; the earlier
            # statement answers for its own, so a climbing `+ lr * g` there is not this line's fault)
            change = [(s, t) for s, t in (own if earlier is not None else terms) if t.adj is not None and
                      t is not earlier]
            if len(keep) == 1 and (change or earlier is not None):
                saved = it.cur
                it.cur = v.stmt
                try:
                    it.record_update(keep[0].leaf, change, rebind=True, target=ast.Name(id=keep[0].leaf.name))
                finally:
                    it.cur = saved

    def run_class(self, cls: Val, node: ast.ClassDef) -> None:
        """A layer class: forward on an input, then backward from its output; then the other methods."""
        it = self.it
        methods: dict[str, Any] = cls.payload["methods"]
        if all(id(m) in it.called or _trivial(m) for m in self._own_methods(node)):
            return
        fwd, bwd = layer_pair(methods)
        # (torch's `autograd.Function` or a framework's own `Function`; a `LossFunction` or `ActivationFunction`
        # base is an interface of the file's, its subclasses' methods taking self)
        function_like = any(b.split(".")[-1] == "Function" for b in cls.payload.get("bases", []))
        it.entry += 1
        try:
            if function_like and fwd is not None and bwd is not None:
                ctx = Val("inst", (), "inst", it.cur)
                ctx.elems = {}
                ctx.payload = "ctx"
                ctx.name = "ctx"
                self.run_ctx_pair(cls, fwd, bwd, ctx)
            else:
                inst = self.instance(cls, node)
                if inst is None:
                    return
                # a forward pass by other words (`forward_prop`) with no backward by name still hands its
                # results to the method that takes them (`gradient_descent(self, Y, cache)`)
                fwd_like = fwd or next((m for n, m in methods.items() if _FWD_WORDS.match(n) and not _trivial(m)
                                        and len(_params(m)) >= 2 and m in self._own_methods(node)), None)
                kept = _returned_names(fwd_like) if fwd_like is not None else []
                # (a base class's `backward(self, x, g)` calling `self.update_grad_input(x, g)`, which this class
                # overrides: the template's run on the base, or on a sibling, read none of this class's formulas)
                template = fwd is not None and bwd is not None and bool(
                    (_self_calls(fwd) | _self_calls(bwd)) & {m.name for m in self._own_methods(node)}) and \
                    not (fwd in self._own_methods(node) and bwd in self._own_methods(node))
                if fwd is not None and bwd is not None and (
                        not (id(fwd) in it.called and id(bwd) in it.called) or template):
                    if _takes_all_returned(kept, bwd):
                        # backward(self, xs, ys, hs, ps) handed what forward returned (`return hs, ps`)
                        self.run_after_forward(cls, inst, fwd, bwd, kept)
                    else:
                        self.run_pair_method(cls, inst, fwd, bwd)
                # `backward_update_gradient(self, input, delta)` beside `backward_delta(self, input, delta)`:
                # each backward-named method of a module is driven after its forward pass
                for name, m in list(methods.items()):
                    if fwd is not None and bwd is not None and m is not bwd and m is not fwd and \
                            _BWD_WORDS.match(name) and m in self._own_methods(node) and len(_params(m)) >= 2 and \
                            not _trivial(m) and id(m) not in it.called and it.steps <= it.budget and \
                            fwd.name not in _self_calls(m):
                        # (`compute_gradients(self, x, y)` running `self.forward(x)` itself is a whole step, handed
                        # data: it is read as an entry of its own, not as a backward handed the output's gradient)
                        self.run_pair_method(cls, inst, fwd, m)
                if fwd is not None and bwd is None and fwd in self._own_methods(node):
                    # `get_delta(self, d_out)`, `get_d_inputs(self, delta)`, `update(self, optimizer, delta)`: a
                    # backward pass split into methods a model calls in turn, none named backward; each one handed
                    # a gradient is driven after the forward pass, as the model would
                    for name, m in list(methods.items()):
                        if m is not fwd and not name.startswith("__") and not _trivial(m) and \
                                id(m) not in it.called and it.steps <= it.budget and \
                                any(_SEED.search(n) for n in _method_params(m)) and \
                                _self_reads([m]) & (_kept(fwd) | _self_reads([fwd])):
                            self.run_pair_method(cls, inst, fwd, m)
                # step_forward/step_backward, rnn_cell_forward/rnn_cell_backward: the function protocol
                for f, b in self.stem_pairs(list(methods.values())):
                    if f is not fwd and b is not bwd and not (id(f) in it.called and id(b) in it.called) \
                            and f in self._own_methods(node) and it.steps <= it.budget:
                        self.run_pair(f, b, inst, cls)
                for name, m in list(methods.items()):
                    # a method called by name somewhere is read through that call, unless the call never reached
                    # it: an optimiser's `update(self, params, grads)` picked from a table by a trainer
                    # (`self.opt = table[kind](...)`) is still driven as an entry
                    # (or handed on as a callback, `self.model.update_weights(self.update_weights)` of a model that
                    # is None until its user sets it: a step that takes a layer object is driven too)
                    by_name = name in self.called and not (id(m) not in it.called and (
                        gradient_pairs(_params(m)[1:]) or any(stepped_object(m, n) or stepped_elements(m, n)
                                                              for n in _params(m)[1:])))
                    # (an update rule `get_updates(self, w, b, dw, db)` that its caller reached only with what it
                    # could not read - the layers of a network handed in from elsewhere - stepped nothing there: it
                    # is driven on its own, as a gradient check of the optimiser would)
                    unread_rule = id(m) in it.called and id(m) not in self.done and gradient_pairs(_params(m)[1:]) \
                        and not any(e.kind == "update" and e.stmt.func is m for e in it.events)
                    # (a dunder is Python's, not the class's user's - but `__call__` of a class with no backward,
                    # handed the targets, is the loss itself: `CrossEntropy.__call__(self, preds, labels)`; and
                    # `__call__(self, params, gradients)` of an optimiser class is its step, called)
                    dunder = name.startswith("__") and not (name == "__call__" and (bwd is None and any(
                        TARGET_NAME.match(n) for n in _method_params(m)) or bool(gradient_pairs(_params(m)[1:]))))
                    if id(m) in self.done or id(m) in it.called and not unread_rule or by_name and not unread_rule \
                            or dunder or _trivial(m) or _setter(m) or restores_state(m):
                        continue
                    if m in self._own_methods(node):
                        if kept and m is not fwd_like and _takes_returned(kept, m):
                            self.run_after_forward(cls, inst, fwd_like, m, kept)
                        else:
                            self.run_method(cls, inst, m)
                own = self._own_methods(node)
                for name, m in list(methods.items()):
                    if fwd is not None and bwd is not None and m not in own and _INHERITED_STEP.match(name) and \
                            not _trivial(m) and it.steps <= it.budget:
                        # `update_parameters(self, gradient_step)` of the base class every module shares (in
                        # another file): the step of this module's own parameters, after its backward pass
                        self.run_method(cls, inst, m)
        finally:
            it.entry -= 1

    def _own_methods(self, node: ast.ClassDef) -> list[Any]:
        """The class's own methods; its properties' getters and setters are attributes, not methods. A
        function written at module level and attached to the class (`Net.bptt = bptt`) is one of them."""
        own = [s for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
               and property_kind(s) is None]
        cls = self.scope.vars.get(node.name)
        if self.free and cls is not None and cls.kind == "cls" and cls.payload["node"] is node:
            own += [m for m in cls.payload["methods"].values() if id(m) in self.free and m not in own]
        return own

    def attach_free_methods(self, every: list[Any]) -> None:
        """`def backprop(self, x, y):` at module level beside `class Network` (a notebook's methods that
        lost their indentation): the methods of the class whose constructor keeps what they read on self."""
        loose = [f for f in every if _params(f)[:1] == ["self"]]
        if not loose:
            return
        reads = _self_reads(loose)
        best: tuple[int, Any] | None = None
        for cnode in self.definitions(self.it.tree.body, (ast.ClassDef,)):
            cls = self.scope.vars.get(cnode.name)
            if cls is None or cls.kind != "cls" or cls.payload["node"] is not cnode:
                continue
            init = cls.payload["methods"].get("__init__")
            score = len(_kept(init) & reads) if init is not None else 0
            if score >= 2 and (best is None or score > best[0]):
                best = (score, cls)
        if best is None:
            return
        methods = best[1].payload["methods"]
        for f in loose:
            methods.setdefault(f.name, f)

    def instance(self, cls: Val, node: ast.ClassDef) -> Val | None:
        it = self.it
        inst = it.standalone_self.get(id(node))
        if inst is None:
            before = set(it.leaves)
            saved = it.cur
            it.cur = it.stmt_info(node)
            try:
                init = cls.payload["methods"].get("__init__")
                if init is None:
                    inst = it.instantiate(cls, [], {})
                else:
                    it.cur = it.stmt_info(init)
                    inst = it.instantiate(cls, self.open_constructor_args(cls, init), {})
            finally:
                it.cur = saved
            it.standalone_self[id(node)] = inst
            made = set(it.leaves)
            self.set_up(cls, inst, node)
            _settable_nones(it, cls, inst)
            self._scalar_defaults_trained(cls, inst, node)
            # what the constructor made (or was given), or the set-up that stands in for it
            # (`build(self, n_in)`), is what the layer trains - not the zeroed gradient buffers a
            # set-up may also make (`self.dz8 = np.zeros(...)` in `init_deriv`)
            for key, leaf in it.leaves.items():
                if key not in before and not leaf.data and not _named_gradient_buffer(leaf) and \
                        (key in made or not _buffer_name(leaf)):
                    leaf.presumed = True
            for attr, v in (inst.elems or {}).items():
                if v.kind == "arr" and v.op == "leaf" and v.leaf is not None and "." not in v.leaf.name:
                    v.leaf.name = f"self.{attr}"  # Affine(W, b) keeps them as self.W, self.b
        return inst

    def _scalar_defaults_trained(self, cls: Val, inst: Val, node: ast.ClassDef) -> None:
        """`BatchNorm(gamma=1., beta=0.)` keeping the numbers, and a backward that computes `self.dgamma`: what the
        class trains (a scale and a shift per feature, set by its owner later), not the constants it starts from."""
        init = cls.payload["methods"].get("__init__")
        if not isinstance(inst.elems, dict) or not isinstance(init, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return
        handed = set(_params(init)[1:])
        stored = {a for st in ast.walk(init) for a in [_stored_argument(st, handed)] if a is not None}
        graded = {g for m in cls.payload["methods"].values() if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                  for a in _kept(m) for g in [gradient_of_name(a)] if g is not None}
        for attr in graded & stored:
            v = inst.elems.get(attr)
            if v is not None and v.op == "const" and v.kind == "num" and type(v.num) in (int, float):
                inst.elems[attr] = self.param(node, f"self.{attr}")

    def _step_before(self, fwd: Any, bwd: Any, fargs: list[Val], ret: Val) -> Val | None:
        """The forward dict of the step before, when backward is handed one (`prev_fd`) beside this step's and
        forward's inputs are among what it returns (`forward(self, x, c, h)` -> {"c": c, "h": h, ...})."""
        if ret.kind != "dict" or not ret.elems:
            return None
        wanted = [n for n in _method_params(bwd) if _PREVIOUS.search(n) and _reads_keys_of(bwd, n, ret.elems)]
        carried = [n for n in _method_params(fwd) if isinstance(ret.elems.get(n), Val) and ret.elems[n].kind == "arr"]
        return ret if wanted and carried and len(fargs) == len(_method_params(fwd)) else None

    def set_up(self, cls: Val, inst: Val, node: ast.ClassDef) -> None:
        """Run the methods that give the instance what its forward and backward read and its
        constructor did not (`initialize(self, optimizer)`, `build(self, input_shape)`), as the
        framework that owns the layer would before the first forward."""
        methods: dict[str, Any] = cls.payload["methods"]
        passes = [m for m in layer_pair(methods) if m is not None]
        read = _self_reads(passes)
        getters = cls.payload.get("getters", {})
        # `self.weights` through a property: what the getter returns is what the passes read
        read |= {r for a in read if a in getters for r in [returned_attr(getters[a])] if r is not None}
        setters = cls.payload.get("setters", {})
        have = inst.elems or {}
        # `self.W = None` in the constructor is a promise that another method keeps
        # (a property is read through its getter, whatever the instance holds under the same name)
        # (or `self.params = {"Wq": None, ...}`, a table of promises that `build` fills entry by entry)
        missing = {a for a in read if a not in getters and (
            a not in have or isinstance(have.get(a), Val) and (have[a].kind == "none" or _promised_slots(have[a])))}
        # `self.weight = []` in the constructor, grown by `add_Dense(self, n)` (`self.weight += [W]`): the
        # network its user builds layer by layer before training it
        empty = {a for a in read if a not in getters and _empty_list(have.get(a))}
        if not missing and not empty:
            return
        for m in self._own_methods(node):
            # called by name elsewhere (`layer.initialize(opt)` in a model) or not: this instance needs it
            if m in passes or m.name.startswith("__"):
                continue
            sets = {t.attr for n in ast.walk(m) if isinstance(n, (ast.Assign, ast.AnnAssign))
                    for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
                    for t in (t.elts if isinstance(t, ast.Tuple) else [t])
                    for t in ([t.value] if isinstance(t, ast.Subscript) else [t])
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}
            # (`self.connections = init(...)` of a property whose setter stores `self.weights[0] = value`)
            sets |= {a for s in sets if s in setters for a in _setter_attrs(setters[s])}
            if sets & missing:
                # `set_param(self, W, b)` storing what it is handed as the weights the passes read: those are
                # the layer's parameters (drawn by whoever builds the network), not data
                params = set(_params(m)[1:])
                given = {p: self.param(m, p) for st in ast.walk(m) if _stored_argument(st, params) in missing
                         for p in [st.value.id] if not _DATA.match(p) and not TARGET_NAME.match(p)}
                self.call(m, self.args_for(m, True, given, None), inst, cls)
                missing -= sets
                continue
            grown = _grown_lists(m) if empty else set()
            if empty & grown and len(grown) >= 2 and id(m) not in self.it.called:
                # (a builder grows several lists at once: a layer's weight, bias, activation; `record(self, l)`
                # appending to one list keeps no layer. Run twice: two layers, so that an error is handed from
                # one to the other)
                for _ in range(2):
                    self.call(m, self.args_for(m, True, {}, None), inst, cls)
                empty -= grown

    def run_pair_method(self, cls: Val, inst: Val, fwd: Any, bwd: Any) -> None:
        unit = self.synthetic_unit(fwd)
        # a forward that takes the targets (`__call__(self, predictions, labels)`) computes a loss
        lossy = bool(_TRAINING.search(cls.name or "")) or any(TARGET_NAME.match(n) for n in _method_params(fwd))
        graph = graph_protocol(fwd, bwd) or named_graph_protocol(cls.payload["methods"].get("__init__"), fwd, bwd)
        if graph is not None:
            self.graph_inputs(inst, graph, unit, lossy)
            reads = _self_reads([fwd, bwd])
            for attr, v in list((inst.elems or {}).items()):
                if isinstance(v, Val) and v.kind == "none" and attr in reads and TARGET_NAME.match(attr):
                    # `loss.target = y` set by the graph's user before the pass: the targets
                    inst.elems[attr] = self.data(fwd, attr, target=True)
        # an instance that keeps its weights is handed data (`forward(self, x, c_prev)`), as in run_pair
        # (a static method - `LSTM.forward(X, WLSTM, c0, h0)` of a gist - has no self)
        fargs = self.args_for(fwd, _takes_self(fwd), {}, unit, lossy=lossy, kept=_keeps_arrays(inst))
        if _method_params(bwd) == _method_params(fwd) and _reduces(fwd):
            # cost(self, y_pred, y_act) beside delta(self, y_pred, y_act): whatever the names, the loss's
            # prediction is the network's output, and its derivative is handed the same two
            # (not logits that meet the targets only through a softmax the loss applies: their role stays)
            pred = prediction_param(_method_params(fwd))
            i = _method_params(fwd).index(pred) if pred is not None else -1
            if 0 <= i < len(fargs) and not (fargs[i].role is not None and fargs[i].role[0] == "z") and \
                    any(_meets(bwd, pred, t) for t in _method_params(fwd) if t != pred):
                fargs[i] = self.data(fwd, pred)
                fargs[i].role = ("z", unit)
                for j, t in enumerate(_method_params(fwd)):
                    # (`forward(self, Y_true, Y_pred)`: the other one is the target, wherever it stands)
                    if t != pred and j < len(fargs) and not _LOSS_SETTING.match(t) and _meets(bwd, pred, t) and \
                            fargs[j].role is not None and fargs[j].role[0] == "in":
                        fargs[j] = self.data(fwd, t, target=True)
        fnames = _method_params(fwd)
        value_attr = self.hold_input(fwd, fargs) if graph is None else None
        ret = self.call(fwd, fargs, inst, cls)
        computed = dict(self.it.last_locals)
        prev_ret = self._step_before(fwd, bwd, fargs, ret)
        if prev_ret is not None:
            # backward(self, dy, fd, prev_fd, ...) of a cell: this step's forward runs from the state the step
            # before left (its `c`, `h`), so `prev_fd["c"]` is this step's input, not its output
            fargs = [prev_ret.elems[n] if isinstance(prev_ret.elems.get(n), Val) and prev_ret.elems[n].kind == "arr"
                     else a for n, a in zip(_method_params(fwd), fargs)]
            ret = self.call(fwd, fargs, inst, cls)
            computed = dict(self.it.last_locals)
        out, cache = self.returned_parts(ret) if ret.kind == "seq" else (ret, None)
        returned_holder = out if value_attr is not None and out.kind == "inst" else None
        if returned_holder is not None:
            out = self.held_value(returned_holder, value_attr)  # type: ignore[arg-type]
            returned_holder = returned_holder if out.kind == "arr" else None
        if out.kind == "none":
            # forward(self, inputs) keeping `self.output = ...` and returning nothing: that is its output
            kept = [v for v in (inst.elems or {}).values()
                    if isinstance(v, Val) and v.role is not None and v.role[0] in ("z", "y", "mm")]
            made = [u for u in self.it.units if u.run == unit.run and u.layers]
            # (or a gate product kept on the state object it was handed: `self.state.h = self.state.s *
            # self.state.o` of an LSTM node)
            gated = list({id(g): g for v in _kept_values(inst) for g in (self.it.gate_product(v),)
                          if g is not None}.values())
            if len(gated) == 1 and {id(f.role[1]) for f in gated[0].factors or () if f.role is not None} & \
                    {id(k.role[1]) for k in kept}:
                # (`hidden_states[:, t, :] = o_t * np.tanh(c_t)` beside each gate's states kept too: the output is
                # the product, not the last gate stored)
                out = gated[0]
            elif kept:
                out = kept[-1]
            elif len(gated) == 1:
                out = gated[0]
            elif len(made) == 1:
                # its activation applied by objects we cannot read: the gradient reaches what we can see
                out = Val("unknown", (), "arr", self.it.cur)
                out.role = ("z" if made[0].activation else "y", made[0])
        loss_target: Val | None = None
        if all(TARGET_NAME.match(n) for n in _method_params(bwd)) and out.kind == "arr":
            # forward(self, x), compute_loss(self, logits, labels), backward(self): the loss a module of the class
            # keeps (`self.loss_fn.forward(logits, labels)`) is computed between the two, as its trainer does
            # (or `backward(self, y)` reading the `self.probs` that compute_loss kept: the same targets again)
            loss_m = next((m for name, m in cls.payload["methods"].items() if _LOSS_NAME.search(name) and
                           len(_method_params(m)) == 2 and TARGET_NAME.match(_method_params(m)[1]) and
                           not _trivial(m)), None)
            if loss_m is not None:
                loss_target = self.data(loss_m, _method_params(loss_m)[1], target=True)
                self.call(loss_m, [out, loss_target], inst, cls)
        inp = [a for a in fargs if a.role is not None and a.role[0] == "in" and a.role[1] is unit]
        if len(inp) == 1 and out.kind == "arr" and out.act is None and cls.name:
            # class Softplus: forward(self, x) -> np.log(1 + np.exp(x)): an activation of the file's own
            self.it.own_activation(cls.name, inp[0], out)
        bnames = _method_params(bwd)
        given = dict(zip(fnames, fargs))
        if loss_target is not None and len(bnames) == 1:
            given[bnames[0]] = loss_target
        holder_seed = self.hold_output(bwd, given, out, value_attr) if returned_holder is not None else None
        # backward(self, z, cell, g, dh) of forward -> (hid, g): what forward returned, handed back by name
        parts = _parts(ret)
        for n, p in zip(self.return_names(fwd), parts):
            if n and n not in given and n in bnames[1:]:
                given[n] = p
        _bind_forward_values(bnames[1:], computed, given)
        if cache is not None:
            # forward(self, x, param) -> (y, (x, W)), backward(self, dy, cache): the cache it returned, handed back
            # (as the function protocol's `run_pair` hands it)
            _hand_cache(bnames[1:], cache, given)
        if _hands_input_back(fwd, bwd) and bnames[0] not in given:
            # forward(self, X) beside backward_delta(self, input, delta): the module protocol hands the backward
            # the input again (an activation recomputes `self(input)` from it)
            given[bnames[0]] = fargs[0]
        if len(bnames) == len(fnames) and any(TARGET_NAME.match(n) for n in fnames) and \
                any(b == f for b, f in zip(bnames, fnames)):
            # forward(self, y_true, y_pred) beside backward(self, y_true, dx): the same arguments in the same
            # places, one of them renamed - still the prediction, whatever the backward calls it
            for b, f in zip(bnames, fnames):
                if b not in given and f in given and f not in bnames and _OUTPUT.match(f):
                    given[b] = given[f]
        if any(TARGET_NAME.match(n) for n in bnames):
            # backward(self, y_pred, y_true) of a loss: the prediction is what forward returned
            for n in bnames:
                if n not in given and _OUTPUT.match(n) and not _cancels_at_targets(bwd, n):
                    # (not `y_pred.copy()` lowered by one at the targets: a softmax's probabilities, whatever the
                    # forward of a softmax joined to its loss returned - the loss)
                    given[n] = out
                    break
            pred = fargs[0] if fargs and fargs[0].role is not None and fargs[0].role[0] == "z" and \
                fnames and _OUTPUT.match(fnames[0]) else None
            handed = [n for n in bnames if not TARGET_NAME.match(n)]
            if lossy and pred is not None and len(handed) == 1 and handed[0] not in given and \
                    (handed[0] == bnames[0] or len(bnames) == 2):
                # backward(self, dvalues, y_true) of a loss whose forward(self, y_pred, y_true) computed the
                # loss (or `backward(self, y_true, dvalues)`, the targets first): what it is handed beside the
                # targets is that prediction again, whatever its name
                # (not a forward that applies its own softmax to `inputs` first: its backward gets the softmax)
                given[handed[0]] = pred
        if len(bnames) == 1 and bnames[0] in given and {k[5:] for k in _kept_as(fwd, bnames[0])} & _self_reads([bwd]):
            # forward(self, inputs) keeping `self.inputs = inputs` and backward(self, inputs) reading
            # `self.inputs.T`: the input is on self already, so what backward is handed is the gradient
            del given[bnames[0]]
            renamed_seed = True
        else:
            renamed_seed = False
        first = bnames[0] if bnames else None
        if first is not None and (_OPTIMISER_ARG.match(first) or _COEFFICIENT.match(first)) and len(bnames) > 1 \
                and _SEED.search(bnames[1]) and bnames[1] not in given and not _unpacked(bwd, bnames[1]):
            # backward(self, optimizer, grad): the object that steps the weights first, then the gradient (or
            # `backwards_pass(self, learning_rate, d_a)`: the step size first)
            given[bnames[1]] = self.seed(out, bwd, bnames[1])
            first = None
        # the first argument of a layer's backward is, by the protocol, the gradient of its output
        # (dout, grad_output, output_error, dvalues) unless forward's names or the targets claim it
        by_protocol = first is not None and first not in given and not TARGET_NAME.match(first) and \
            (not _DATA.match(first) or renamed_seed) and (not _CONFIG.search(first) or _LOSS_ARG.match(first)) and \
            not _unpacked(bwd, first) and not used_as_dict(bwd, first)
        if first is not None and out.kind == "dict" and out.elems:
            # forward -> {"h": h, "y": y, ...}, backward(self, dy, fd, ...): the gradient of the entry it names
            # (`dy`, `deltay`, `grad_y`), else of the output by its usual key
            stem = re.sub(r"^(d_?|delta_?|grad_?|g_)", "", first)
            key = stem if stem in out.elems and stem != first else next(
                (k for k in ("y", "out", "output", "logits", "scores", "y_hat") if k in out.elems), None)
            if key is not None and isinstance(out.elems[key], Val) and out.elems[key].kind == "arr":
                out = out.elems[key]
        if first is not None and len(parts) > 1:
            # forward -> (y, hid), backward(self, dh): the gradient of the part its name abbreviates
            named = [p for n, p in zip(self.return_names(fwd), parts) if n and first in (f"d{n[0]}", f"d_{n[0]}")]
            if len(named) == 1 and named[0].kind == "arr":
                out = named[0]
        if first is not None and first not in given and _OUTPUT.match(first) and out.kind == "arr" and \
                len(bnames) >= 2 and not self.seed_name(first, fwd) and any(_SEED.search(n) for n in bnames[1:]):
            # df(self, outputs, gradients) of an activation: its own output handed back, then the gradient
            given[first] = out
        seed = self.seed(out, bwd, first) if first is not None and first not in given and \
            (self.seed_name(first, fwd) or by_protocol) and not _unpacked(bwd, first) else holder_seed
        if seed is None and first is not None and first not in given and _DATA.match(first) and \
                len(fnames) == 1 and fargs and any(self.seed_name(n, fwd) for n in bnames[1:]):
            # backward_delta(self, input, delta) of forward(self, X): the module protocol hands the layer's input
            # again, then the gradient of its output
            given[first] = fargs[0]
        if seed is None and first is not None and first in given:
            # backward(self, W, x, dz) of forward(self, W, x): forward's inputs again, then the gradient
            late = next((n for n in bnames[1:] if n not in given and self.seed_name(n, fwd)
                         and not _unpacked(bwd, n)), None)
            if late is None:
                # backward(self, X, V) of forward(self, X): forward's input again, then one more argument whatever
                # its name - by elimination the gradient of the output
                rest = [n for n in bnames[1:] if n not in given and not TARGET_NAME.match(n) and
                        not _CONFIG.search(n) and not _DATA.match(n) and not _unpacked(bwd, n) and
                        not used_as_dict(bwd, n)]
                late = rest[0] if len(rest) == 1 and len(bnames) == len(fnames) + 1 else None
            if late is not None:
                given[late] = self.seed(out, bwd, late)
        # backward(self, dh_next, dc_next) of forward(...) -> (h_next, c_next): each gradient of its output
        self.seed_returned(bwd, bnames, self.return_names(fwd, attrs=True), parts, given)
        if ret.kind == "dict" and ret.elems:
            # backward(self, dy, fd, prev_fd, next_fd, next_gd) of forward -> {"x": x, "c": c, ...}: the dicts
            # the forward pass returned (at this time step and its neighbours), by the keys backward reads
            for n in bnames:
                if n not in given and _reads_keys_of(bwd, n, ret.elems):
                    given[n] = prev_ret if prev_ret is not None and _PREVIOUS.search(n) else ret
        if graph is not None and seed is None and not graph.consumers:
            # a node of a graph whose consumers push it its gradient (`self.delta`), as it pushes its inputs theirs
            seed = self.seed(out, bwd, f"self.{graph.store}")
            inst.elems[graph.store] = seed
        elif graph is not None and seed is None:
            # a node of a graph: the gradient of its value is what the node it feeds keeps under its key
            seed = self.seed(out, bwd, f"{graph.consumers}[*].{graph.store}[self]")
            consumer = self.open_obj(bwd, graph.consumers)
            store = Val("dict", (), "dict", self.it.cur)
            store.elems = {}
            store.summary = seed
            consumer.elems[graph.store] = store
            inst.elems[graph.consumers] = self.it.seq([consumer])
        # (a layer that keeps its weights is handed data by its backward too: `backward(self, delta, h, h_prev_l,
        # h_prev_t)` of a recurrent cell takes the states its forward saw, not parameters)
        bargs = self.args_for(bwd, _takes_self(bwd), given, None, seed_first=seed, kept=_keeps_arrays(inst))
        before = dict(inst.elems or {})
        bret = self.call(bwd, bargs, inst, cls)
        returned = _returned_dict_keys(bwd)
        later = [i for i, n in enumerate(bnames) if n not in given and _reads_keys_of(bwd, n, returned)]
        if bret.kind == "dict" and bret.elems and later:
            # backward(..., next_gd) handed the dict it returned one time step later: unrolled once more, with
            # the gradients of the first step as the next step's
            bargs = list(bargs)
            for i in later:
                if i < len(bargs):
                    bargs[i] = bret
            bret = self.call(bwd, bargs, inst, cls)
        # what the layer keeps and trains (self.W, made by the constructor or handed to it)
        kept = [(f"self.{a}", v) for a, v in before.items() if isinstance(v, Val)
                and (v.op == "init" and v.kind == "arr" or v.op == "leaf" and v.leaf is not None and not v.leaf.data)]
        grads: list[tuple[str, Val, str | None]] = [
            (n, v, fnames[0] if fnames and len(fnames) == 1 else None) for n, v in self.named_returns(bwd, bret)]
        for a, v in (inst.elems or {}).items():
            if isinstance(v, Val) and v is not before.get(a) and v.kind == "arr" and v.adj is not None:
                grads.append((f"self.{a}", v, None))  # self.dW = ...: a gradient backward keeps
        self.it.layer_pairs[(id(fwd), id(bwd))] = LayerPair(
            f"class {cls.name}", "class", bwd.lineno, list(zip(fnames, fargs)) + kept, out, seed, grads)

    def run_ctx_pair(self, cls: Val, fwd: Any, bwd: Any, ctx: Val) -> None:
        unit = self.synthetic_unit(fwd)
        setup = cls.payload["methods"].get("setup_context")
        names = _params(fwd)
        if setup is not None and not (names and names[0] == "ctx"):
            # torch 2's style: forward(x, w, b) with no ctx, then setup_context(ctx, inputs, output) saves
            fargs = self.args_for(fwd, False, {}, unit)
            ret = self.call(fwd, fargs, None, cls)
            self.call(setup, [ctx, self.it.seq(list(fargs)), ret], None, cls)
            fnames = names
        else:
            fargs = self.args_for(fwd, True, {}, unit)
            ret = self.call(fwd, [ctx] + fargs, None, cls)
            fnames = names[1:]
        out, _ = self.returned_parts(ret) if ret.kind == "seq" else (ret, None)
        bnames = _params(bwd)[1:]
        seed = self.seed(out, bwd, bnames[0]) if bnames and self.seed_name(bnames[0], fwd) else None
        bargs = self.args_for(bwd, True, {}, None, seed_first=seed)
        bret = self.call(bwd, [ctx] + bargs, None, cls)
        # torch's protocol: backward returns one gradient per forward input, in order
        grads = [(n, v, fnames[i] if i < len(fnames) else None)
                 for i, (n, v) in enumerate(self.named_returns(bwd, bret))]
        self.it.layer_pairs[(id(fwd), id(bwd))] = LayerPair(
            f"class {cls.name}(Function)", "autograd", bwd.lineno, list(zip(fnames, fargs)), out, seed, grads)

    def hold_input(self, fwd: Any, fargs: list[Val]) -> str | None:
        """forward(self, x) reading only `x.value`: the input is a tensor object of the framework's, its value the
        layer's input - `fargs[0]` becomes that object; the attribute it holds the value under, or None."""
        names = _method_params(fwd)
        if not names or not fargs or fargs[0].op != "leaf" or fargs[0].leaf is None or not fargs[0].leaf.data:
            return None
        held = holder_attrs(fwd, names[0])
        if len(held) != 1:
            return None
        value_attr = next(iter(held))
        holder = self.value_holder(fwd, names[0])
        holder.elems[value_attr] = fargs[0]
        fargs[0] = holder
        return value_attr

    def held_value(self, obj: Val, value_attr: str) -> Val:
        """What a tensor object forward returned holds under `value_attr` (through its property, if it has one)."""
        return self.it.attribute(obj, ast.Attribute(value=ast.Name(id="out", ctx=ast.Load()), attr=value_attr,
                                                    ctx=ast.Load()))

    def hold_output(self, bwd: Any, given: dict[str, Val], out: Val, value_attr: str) -> Val | None:
        """backward(self, x, y) reading `y.grad`: the tensor forward returned, handed back holding its value and the
        gradient of it under the attribute backward reads (the input tensor comes again by its name); the seed."""
        for n in _method_params(bwd):
            grads = holder_attrs(bwd, n, frozenset({"grad", value_attr})) - {value_attr}
            if n not in given and len(grads) == 1:
                g_attr = next(iter(grads))
                seed = self.seed(out, bwd, f"{n}.{g_attr}")
                given[n] = self.value_holder(bwd, n)
                given[n].elems.update({value_attr: out, g_attr: seed})
                return seed
        return None

    def run_after_forward(self, cls: Val, inst: Val, fwd: Any, m: Any, kept: list[str | None]) -> None:
        """`learn(self, xs, ys, hs, ps)` of a class whose forward ends `return hs, ps`: its caller hands it
        what forward returned, so forward runs first and its results (and its input) are the arguments."""
        unit = self.synthetic_unit(fwd)
        fargs = self.args_for(fwd, _takes_self(fwd), {}, unit, kept=_keeps_arrays(inst))
        value_attr = self.hold_input(fwd, fargs)
        ret = self.call(fwd, fargs, inst, cls)
        computed = dict(self.it.last_locals)
        given = dict(zip(_method_params(fwd), fargs))
        if ret.kind == "seq" and ret.elems is not None and ret.summary is None and len(ret.elems) == len(kept):
            given.update((k, v) for k, v in zip(kept, ret.elems) if k is not None)
        elif len(kept) == 1 and kept[0] is not None:
            given[kept[0]] = ret
        if value_attr is not None and ret.kind == "inst" and (held := self.held_value(ret, value_attr)).kind == "arr":
            # forward(self, x) -> y, backward(self, x, y) of tensor objects: y holds the gradient of its value
            given.pop(kept[0] if len(kept) == 1 and kept[0] is not None else "", None)
            self.hold_output(m, given, held, value_attr)
        _bind_forward_values(_method_params(m), computed, given)
        returned = list(zip(self.return_names(fwd), _parts(ret)))
        for n in _method_params(m):
            part = next((p for r, p in returned if r and _seeds(n, r)), None)
            if n not in given and part is not None and part.kind == "arr":
                given[n] = self.seed(part, m, n)  # d_h_next of forward's returned h
        first = _params(m)[1:2]
        out = returned[0][1] if returned else ret
        if first and self.seed_arg(first[0], given, fwd, m) and out.kind == "arr":
            # `backward(self, delta, h_t, h_prev_l, h_prev_t)` of a cell whose forward returns h_t: the gradient
            # first, at what forward returned, then forward's own values by their names
            given[first[0]] = self.seed(out, m, first[0])
        last = out if out.kind == "arr" else out.elems[-1] if out.kind == "seq" and out.elems else None
        for n in _method_params(m):
            if last is not None and last.kind == "arr" and self.seed_arg(n, given, fwd, m):
                # `backward(self, activations, pre_activations, grad_output)` of a forward returning the list of
                # activations: the gradient, named as such after them, is the network's at the list's last
                given[n] = self.seed(last, m, n)
        args = self.args_for(m, _takes_self(m), given, unit)
        self.call(m, args, inst, cls)

    def run_method(self, cls: Val, inst: Val, m: Any) -> None:
        static = not _takes_self(m)
        pairs, given = self.paired(m, _method_params(m))
        # `CrossEntropy.__call__(self, preds, labels)`: a loss class's one method computes the loss (and its
        # derivative) of the prediction it is handed beside the targets
        lossy = bool(_LOSS_NAME.search(cls.name or "")) and any(TARGET_NAME.match(n) for n in _method_params(m))
        args = self.args_for(m, not static, given, self.synthetic_unit(m), lossy=lossy)
        if _decorated(m, "classmethod"):
            ret = self.call(m, [cls] + args, None, cls)  # loss(cls, y_true, y_pred): the class first
        else:
            ret = self.call(m, args, None if static else inst, cls)
        if pairs:
            self.returned_updates(ret)

    # ------------------------------------------------------------------ planning
    def _classes(self, body: list, names: dict[str, Val], depth: int = 0) -> Iterable[tuple[Val, Any]]:
        """The classes defined at the top level, and those defined in their bodies (a framework's layers
        written inside one outer class), each with its value."""
        for cnode in self.definitions(body, (ast.ClassDef,)):
            cls = names.get(cnode.name)
            if cls is None or cls.kind != "cls" or cls.payload["node"] is not cnode:
                cls = self.it.classes_made.get(id(cnode))  # (defined again later under the same name)
            if cls is None or cls.kind != "cls" or cls.payload["node"] is not cnode:
                continue
            yield cls, cnode
            if depth < 2:
                yield from self._classes(cnode.body, cls.payload["attrs"], depth + 1)

    def definitions(self, body: list, kinds: tuple[type, ...]) -> Iterable[Any]:
        """Top-level definitions of these kinds, also under `if`, `try` and `with`."""
        for st in body:
            if isinstance(st, kinds):
                yield st
            elif isinstance(st, (ast.If, ast.Try, ast.With)):
                yield from self.definitions(getattr(st, "body", []), kinds)
                yield from self.definitions(getattr(st, "orelse", []), kinds)

    def stem_pairs(self, defs: list[Any]) -> list[tuple[Any, Any]]:
        """(forward, backward) definitions named as one pair: affine_forward/affine_backward."""
        fwd_by_stem: dict[str, Any] = {}
        for f in defs:
            stem = _stem(f.name, _FWD)
            if stem is not None:
                fwd_by_stem.setdefault(stem, f)
        pairs = []
        bwd_by_stem = {_stem(f.name, _BWD): f for f in defs if _stem(f.name, _BWD) is not None}
        for f in defs:
            stem = _stem(f.name, _BWD)
            fwd = fwd_by_stem.get(stem) if stem is not None else None
            if fwd is None and stem is not None and not stem.endswith("|"):
                # batchnorm_backward_alt(dout, cache): another backward of batchnorm_forward, when it
                # unpacks the cache as batchnorm_backward does
                base = stem.split("|", 1)[0] + "|"
                own = bwd_by_stem.get(base)
                width = _cache_width(own) if own is not None else None
                if width is not None and width == _cache_width(f):
                    fwd = fwd_by_stem.get(base)
            if fwd is not None and not _trivial(f) and not _trivial(fwd):
                pairs.append((fwd, f))
        return pairs

    def run(self) -> None:
        it = self.it
        tree = it.tree
        every = list(self.definitions(tree.body, (ast.FunctionDef, ast.AsyncFunctionDef)))
        funcs = [f for f in every if id(f) not in it.called]
        self.free = {id(f) for f in every}
        self.attach_free_methods(funcs)
        by_name = {f.name: f for f in every}
        for fwd, f in self.stem_pairs([f for f in by_name.values()]):
            if it.steps > it.budget:
                break
            if id(f) in self.done or id(f) in it.called:
                continue
            it.entry += 1
            try:
                self.run_pair(fwd, f)
            finally:
                it.entry -= 1
        for cls, cnode in self._classes(tree.body, self.scope.vars):
            if it.steps > it.budget:
                break
            self.run_class(cls, cnode)
        for f in funcs:
            if it.steps > it.budget:
                break
            if id(f) in self.done or id(f) in it.called or _trivial(f):
                continue
            twin = _twin(f, every, it)
            met = it.formulas
            if twin is not None:
                # `backward2(target, dh_next, dC_next, ...)` beside the `backward` the loop calls with the same
                # arguments: another version of that function, read with what the loop hands the first
                args, kwargs = it.last_args[id(twin)]
                it.entry += 1
                try:
                    self.call(f, args, kwargs=kwargs)
                finally:
                    it.entry -= 1
            # (read on its own when no twin is called, or the twin's arguments met no formula here)
            if it.formulas == met and (_TRAINING.search(f.name) or
                                       any("grad" in g.lower() for _, g in gradient_pairs(_params(f))) or
                                       _activation_backward(f) or
                                       # `def iterative(sequence, learning_rate)` stepping `obj.weights` of each
                                       # object it is handed: an optimiser by what it does, whatever its name
                                       any(stepped_elements(f, n) for n in _params(f)) or
                                       # `def softmax_delta(x, Y): return softmax(x) - Y`: an output's error
                                       _differences_target(f)):
                self.run_function(f)


def _same_function_terms(v: Val, sign: int, func: Any, depth: int = 0) -> list[tuple[int, Val]]:
    """The signed additive terms of `v`, through the names the function `func` bound on the way (`new = w - lr * g`,
    then `new - lr * reg`)."""
    if depth < 6 and v.stmt is not None and v.stmt.func is func and v.op in ("add", "sub", "neg") and v.args and \
            all(isinstance(a, Val) for a in v.args):
        if v.op == "neg":
            return _same_function_terms(v.args[0], -sign, func, depth + 1)
        if len(v.args) == 2:
            return _same_function_terms(v.args[0], sign, func, depth + 1) + \
                _same_function_terms(v.args[1], -sign if v.op == "sub" else sign, func, depth + 1)
    return [(sign, v)]


def _earlier_step(v: Val) -> Val | None:
    """`new = w - lr * g` before `new -= lr * reg` of the same function: the value an earlier statement made, that
    this step is built on; None when `v` builds on no such step."""
    first = v.args[0] if v.op in ("add", "sub") and len(v.args) == 2 else None
    if isinstance(first, Val) and first.kind == "arr" and first.op in ("add", "sub") and first.stmt is not None and \
            v.stmt is not None and first.stmt is not v.stmt and first.stmt.func is v.stmt.func:
        return first
    return None


def _earlier_steps(v: Val) -> list[Val]:
    """The earlier statements, nearest first (at most 4), that made the value a returned step is built on."""
    out: list[Val] = []
    while len(out) < 4 and (v := _earlier_step(v)) is not None:  # type: ignore[assignment]
        out.append(v)
    return out


def _hand_cache(names: list[str], cache: Val, given: dict[str, Val]) -> None:
    """A backward's argument named as a cache, not yet bound, is handed the cache its forward returned."""
    for n in names:
        if "cache" in n.lower() and n not in given:
            given[n] = cache
