"""The abstract values the interpreter computes: a DAG of canonical terms carrying backprop facts."""

from __future__ import annotations

import itertools
from typing import Any

#: Sign of a gradient-bearing value relative to the true gradient dL/d(.)
GRAD, NEG_GRAD, UNKNOWN_SIGN = 1, -1, 0
#: the places (Adj.pos) of a parameter's own gradient: dW, db, an autograd .grad
PARAM_GRADIENT = ("W", "b", "P")

#: serial numbers of this analysis's values, in the order they were made (see `Serial`)
_serials = itertools.count()


def reset_serials() -> None:
    """Number the next analysis's values from 0 again: a file's report must not depend on what this process
    analysed before it (a worker of `-j N` analyses some other files first)."""
    global _serials
    _serials = itertools.count()


class Serial:
    """Hashed by the order it was made in, not by its address: sets of values (a term's leaves, the units a
    gradient reaches) are then iterated in the same order on every run, so the report is the same whatever the
    memory layout of the process (an address-keyed set picked a different first member from run to run)."""

    __slots__ = ("_sn",)

    def __hash__(self) -> int:
        return self._sn


class Leaf(Serial):
    """A value that enters the computation from outside it: data, a parameter, a hyper-parameter."""

    __slots__ = ("key", "name", "line", "role", "requires_grad", "size", "unit", "layer", "first_use", "reads",
                 "use_stmt", "src", "data", "target", "presumed", "family", "packed", "subtracted")

    def __init__(self, key: tuple, name: str, line: int, size: int | None = None) -> None:
        self._sn = next(_serials)
        self.key = key
        self.name = name
        self.line = line
        self.role: str | None = None  # "weight" or "bias" once the forward pass uses it so
        self.requires_grad = False
        self.size = size  # number of elements when the initialiser makes it known
        self.unit: Unit | None = None
        self.layer: LayerRec | None = None
        self.first_use: int | None = None  # line of the forward statement that uses it
        self.reads: set[int] = set()  # statements that read it by name
        self.use_stmt: object = None  # the statement of the user's code where the forward pass uses it
        self.src: object = None  # the initialiser it was made from, for `bpscan verify`
        self.data = False  # an entry point's data, target or upstream gradient: never a parameter
        self.target = False  # an entry point's targets, however named (`outputs` handed beside `inputs`)
        self.presumed = False  # an entry point's parameter, trained by code we do not see
        self.family = False  # stands for every element of a container (params['W' + str(l)], weights[*])
        self.packed: Leaf | None = None  # W1 = theta[:n].reshape(...): the flat vector this is a view of
        # a bias the forward pass subtracts (`x @ W - theta`, a threshold): its gradient is minus the delta's sum
        self.subtracted = False

    def __repr__(self) -> str:
        return f"Leaf({self.name})"


class Unit(Serial):
    """One activation node of the forward pass: pre-activation y = sum(W_i . a_i) + b, z = f(y)."""

    __slots__ = ("index", "layers", "biases", "activation", "preact", "output", "line", "convention",
                 "act_line", "act_stmt", "ce", "sq", "run", "presumed", "dispatch", "choice", "named")

    def __init__(self, index: int, line: int, convention: str) -> None:
        self._sn = next(_serials)
        self.index = index
        self.layers: list[LayerRec] = []
        self.biases: list[Leaf] = []
        self.activation: str | None = None
        self.preact: Val | None = None
        self.output: Val | None = None
        self.line = line
        self.convention = convention
        self.act_line: int | None = None
        self.act_stmt: Any = None  # the statement applying it, which knows its file (project mode)
        self.ce = False  # output of a cross-entropy loss: its derivative cancels
        self.sq = False  # output of a squared error too: which loss trains it is the file's choice
        self.run = 0  # which driven entry point made it (0: the module's own run)
        # a layer whose forward pass is not in the file, known only by what its backward pass does
        self.presumed = False
        # other activations applied to the very same pre-activation in alternative branches
        # (`if kind == 'tanh': a = tanh(z) elif kind == 'relu': ...`): which one runs is decided at run time
        self.dispatch: set[str] = set()
        # the branches of undecided choices (`if cell == "rnn": ... elif cell == "lstm": ...`) its activation
        # was applied in: (the if statement's test, which branch)
        self.choice: tuple[tuple[str, int], ...] = ()
        # the first pre-activation and output (the training code's, before an evaluation after the loop
        # computes them again): how messages name them
        self.named: tuple[Val, Val] | None = None

    @property
    def name(self) -> str:
        return str(self.index)

    def first_preact(self) -> "Val | None":
        """The pre-activation where it was first computed (the training code's), else the last one."""
        return self.named[0] if self.named is not None else self.preact

    def first_output(self) -> "Val | None":
        """The output where it was first computed, else the last one."""
        return self.named[1] if self.named is not None else self.output

    def names(self) -> tuple[str | None, str | None]:
        """How the code names the pre-activation and the output: as where they were first computed, else as
        where last."""
        out: list[str | None] = []
        for first, last in zip(self.named or (None, None), (self.preact, self.output)):
            out.append(first.name if first is not None and first.name else
                       last.name if last is not None and last.name else None)
        return out[0], out[1]

    def weights_key(self) -> tuple:
        """The unit by its weights' keys: the same in the discovery pass and the main pass."""
        return tuple(lay.weight.key for lay in self.layers)

    def family_member(self) -> bool:
        """Its weights stand for a family of entries (`params['W' + str(l)]`), one unit per activation."""
        return bool(self.layers) and all(lay.weight.family for lay in self.layers)

    def same_family(self, other: "Unit | None") -> bool:
        """This very layer, or another member of its family of layers."""
        return other is self or other is not None and self.family_member() and \
            self.weights_key() == other.weights_key()

    def act(self) -> str:
        return self.activation or "linear"


def bias_sign(bias: Leaf | None) -> int:
    """-1 for a bias the forward pass subtracts: the sign its gradient takes from the delta summed for it."""
    return -1 if bias is not None and bias.subtracted else 1


class LayerRec(Serial):
    """One weight's place in the forward pass."""

    __slots__ = ("weight", "input", "inputs", "unit", "line", "convention", "weight_right", "wtr", "stmt",
                 "stmt_tr", "mixed", "site")

    def __init__(self, weight: Leaf, inp: "Val", unit: Unit, line: int, convention: str) -> None:
        self._sn = next(_serials)
        self.weight = weight
        self.input = inp
        self.inputs: list[Val] = [inp]  # every tensor the forward pass multiplied by this weight
        self.unit = unit
        self.line = line
        self.convention = convention  # "row" (a @ W), "column" (W @ a), "elementwise", "conv"
        self.weight_right = convention == "row"
        self.wtr = False  # the forward pass used the weight transposed (a @ W.T)
        self.stmt: Any = None  # the statement of the forward product
        self.stmt_tr = False  # the weight was transposed in that statement's product (wtr is the latest one's)
        self.mixed = False  # forward products use both W and W.T (or both sides): no one convention
        self.site: Any = None  # the call that ran the forward product's statement, when a helper holds it


class Adj(Serial):
    """What a gradient-bearing value is: its sign and where in the network it sits."""

    __slots__ = ("sign", "pos", "unit", "leaf", "node", "chain")

    def __init__(self, sign: int, pos: str, unit: Unit | None = None, leaf: Leaf | None = None,
                 node: "Val | None" = None) -> None:
        self._sn = next(_serials)
        self.sign = sign
        # placed by the chain rule written node by node (bpscan.interp_chain), its next steps read so too: "error"
        # while it comes from the loss's seed, "F1" inside a layer; "" otherwise
        self.chain = ""
        # "z": dL/d(output of unit), "y": delta of unit, "x": dL/d(network input),
        # "W": gradient of weight `leaf`, "b": gradient of unit's bias, "P": autograd grad of leaf,
        # "v": dL/d(node), a forward value that is no layer's output (a gate product, a cell state),
        # "?": somewhere we cannot tell.
        self.pos = pos
        self.unit = unit
        self.leaf = leaf
        self.node = node

    def with_sign(self, sign: int) -> "Adj":
        out = Adj(sign, self.pos, self.unit, self.leaf, self.node)
        out.chain = self.chain
        return out

    def same_place(self, other: "Adj") -> bool:
        return self.pos == other.pos and self.unit is other.unit and self.leaf is other.leaf and \
            (self.node is other.node or self.pos == "x")


class Deriv(Serial):
    """An activation derivative factor f'(.) and the tensor it was written with."""

    __slots__ = ("kind", "operand", "form", "negated")

    def __init__(self, kind: str, operand: "Val", form: str, negated: bool = False) -> None:
        self._sn = next(_serials)
        self.kind = kind  # sigmoid, tanh, relu, leaky_relu
        self.operand = operand
        self.form = form  # "output" (z*(1-z), 1-z**2), "of" (s=f(y); s*(1-s)), "mask" (y > 0)
        self.negated = negated  # written with its sign turned: s * (s - 1)


class Val(Serial):
    """A node of the term DAG: an operation on other values, with the facts known about it."""

    __slots__ = ("op", "args", "kind", "name", "stmt", "num", "leaf", "deps", "adj", "deriv",
                 "act", "role", "tr", "cmp", "elems", "summary", "payload", "grad_of", "undef",
                 "factors", "uses_grad", "home", "rg", "vague", "ev", "born", "unset", "tail")

    def __init__(self, op: str, args: tuple = (), kind: str = "arr", stmt: Any = None) -> None:
        self._sn = next(_serials)
        self.op = op
        self.args = args
        self.kind = kind
        self.name: str | None = None
        self.stmt = stmt
        self.num: Any = None
        self.leaf: Leaf | None = None
        self.deps: frozenset = frozenset()
        self.adj: Adj | None = None
        self.deriv: Deriv | None = None
        self.act: tuple[str, Val] | None = None
        self.role: tuple[str, Unit] | None = None  # ("mm"|"y"|"z", unit)
        self.tr = False
        self.cmp: tuple[str, Val, Val] | None = None
        self.elems: Any = None
        self.summary: Val | None = None
        self.payload: Any = None
        self.grad_of: Leaf | None = None
        self.undef: str | None = None
        self.factors: tuple | None = None
        self.uses_grad = False
        self.home: tuple | None = None  # (container, index text) for xs[t], hs[t - 1]
        self.rg = False  # created with requires_grad=True / as nn.Parameter
        self.vague = False  # read from a container whose elements we merged: its identity is uncertain
        self.ev: dict | None = None  # what `bpscan verify` needs to evaluate this node (axis, spec, dims)
        self.born: tuple[int, int] | None = None  # a list's loop depth when made: (loops, loops run unrolled)
        # a name the function sets later, read before that in a loop: what an earlier pass left (`dz` of the
        # layer above), not a tensor of its own
        self.unset = False
        # a list appended to in a loop run as a summary: the value its last append added (`outs[-1]` after
        # `for l in range(L): ... outs.append(out)` is the output layer's, not a blur of every layer's)
        self.tail: Val | None = None

    def __repr__(self) -> str:
        return f"Val({self.op}, {self.name or ''})"

    def snapshot(self) -> "Val":
        """A copy of every fact of this value as it stands now: later changes to either leave the other be."""
        out = Val(self.op, self.args, self.kind, self.stmt)
        for slot in Val.__slots__:
            setattr(out, slot, getattr(self, slot))
        return out


_INFIX = {"matmul": "@", "mul": "*", "add": "+", "sub": "-", "div": "/", "pow": "**"}


def render(v: Val, depth: int = 0) -> str:
    """The value as Python the user could have written: `lr * dW2`, `delta @ W2.T`, named sub-values by name."""
    if depth > 0 and v.name:
        return v.name
    if depth > 6:
        return "..."
    if v.leaf is not None and v.op == "leaf":
        return v.leaf.name
    if v.op == "const":
        return repr(v.num)
    args = [a for a in v.args if isinstance(a, Val)]
    if v.op == "T" and args:
        return f"{_operand(args[0], depth)}.T"
    if v.op in _INFIX and len(args) == 2:
        return f"{_operand(args[0], depth)} {_INFIX[v.op]} {_operand(args[1], depth)}"
    if v.op == "neg" and args:
        return f"-{_operand(args[0], depth)}"
    if v.op in ("sum", "mean") and args:
        return f"{_operand(args[0], depth)}.{v.op}()"
    if v.op == "call" and v.payload in ("sum", "mean", "max") and args:
        return f"{_operand(args[0], depth)}.{v.payload}()"
    if v.op == "outer" and len(args) == 2:
        return f"np.outer({render(args[0], depth + 1)}, {render(args[1], depth + 1)})"
    if v.op == "call" and v.payload:
        return f"{v.payload}({', '.join(render(a, depth + 1) for a in args)})"
    if v.op == "grad" and args:
        return f"{_operand(args[0], depth)}.grad"
    if v.op in ("copy", "reshape", "join", "setitem") and args:
        return render(args[0], depth + 1) if depth > 0 or not v.name else v.name
    if v.op == "getitem" and args:
        return f"{_operand(args[0], depth)}[...]"
    if v.undef:
        return v.undef
    return v.name or "(an expression)"


def _operand(v: Val, depth: int) -> str:
    text = render(v, depth + 1)
    # (a named value reads as its name; one rendered through a view or a join of it may still be a sum)
    simple = text == v.name or v.op in ("leaf", "const", "T") or (v.op == "call" and v.payload not in _INFIX)
    return text if simple or text.isidentifier() else f"({text})"


class LayerPair:
    """A forward/backward pair the entry runner drove: what `bpscan verify` gradient-checks per layer.

    `inputs` are forward's arrays by name (its arguments, and for a class the parameters it keeps:
    `self.W`); `grads` what backward produced by name (`dx`, `self.dW`, a position for an unnamed
    return) with the input each is the gradient of, when the pair says so (`wrt`, else None).
    """

    __slots__ = ("name", "kind", "line", "inputs", "out", "seed", "grads", "extra")

    def __init__(self, name: str, kind: str, line: int, inputs: list[tuple[str, Val]], out: Val,
                 seed: Val | None, grads: list[tuple[str, Val, str | None]]) -> None:
        self.name = name
        self.kind = kind  # "functions", "class", "autograd"
        self.line = line
        self.inputs = inputs
        self.out = out
        self.seed = seed
        self.grads = grads
        # further outputs of forward with the upstream gradient backward takes for each (`next_c`, `dnext_c`)
        self.extra: list[tuple[Val, Val]] = []
