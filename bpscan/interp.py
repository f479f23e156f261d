"""Abstract interpreter: runs a parsed script over abstract values (never the real code)."""

from __future__ import annotations

import ast
import os
import re
import sys
import time
from typing import Any, Iterable

from bpscan.interp_arithmetic import ArithmeticMixin
from bpscan.interp_calls import CallsMixin
from bpscan.interp_chain import ChainMixin
from bpscan.interp_expressions import _LAYER_LIST, ExpressionsMixin, _stand_in
from bpscan.interp_imports import ImportsMixin
from bpscan.interp_layers import LayersMixin
from bpscan.interp_statements import StatementsMixin
from bpscan.interp_updates import UpdatesMixin
from bpscan.rules.vocabulary import RANDOM_DRAWS, RATE_NAME, TARGET_NAME
from bpscan.runtime import (_DEBUG, _MAX_DEPS, _MAX_UNROLL, Event, Frame, Knowledge, Scope, StmtInfo, place_of,
                            walked_cycle, _Break, _Return)
from bpscan.terms import (func_node, gradient_of_name, join_chain, made_by, made_fresh, read_from_file,
                          same_value, smoke_test, strip_views, target_text)
from bpscan.values import GRAD, NEG_GRAD, UNKNOWN_SIGN, Adj, Deriv, LayerRec, Leaf, Unit, Val


#: statements run plus expressions evaluated that one pass of the interpreter may spend on a file before it
#: stops following calls and loops (about 2 s here for a notebook of cs231n's), plus WORK_PER_STATEMENT for
#: each statement of the file, so a long file of cheap statements (a generated table) is still read whole.
#: A count, not a clock: the same file gives the same report on a loaded machine, under `-j N` and whatever
#: the hash seed (a CPU-time budget did not)
WORK_BUDGET = 150_000
WORK_PER_STATEMENT = 20
#: seconds of this process's CPU time one pass may spend: only a safety net for work units that cost far
#: more than usual, since where a clock stops the analysis depends on the machine
TIME_BUDGET = 10.0
#: memory (MB) one pass may add to the process before it stops the same way
MEMORY_BUDGET_MB = 200.0


def _resident_mb() -> float:
    """This process's resident memory now (Linux: /proc; elsewhere its peak, which only grows)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE_MB
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


try:
    _PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20
except (AttributeError, ValueError, OSError):
    _PAGE_MB = 4096 / 2**20


def bound_names(tree: ast.AST) -> set[str]:
    """Every name bound anywhere in the module (to tell 'never defined' from 'defined later')."""
    return scan_module(tree)[0]


def scan_module(tree: ast.AST) -> tuple[set[str], int]:
    """One walk over the tree: the names it binds and how many nodes it has.

    The names it calls are kept on the tree for the entry points (`called_names`), which would
    otherwise walk it again in each interpreter pass.
    """
    names: set[str] = set()
    called: set[str] = set()
    count = 0
    smoke = {id(n) for st in getattr(tree, "body", []) if smoke_test(st, tree) for n in ast.walk(st)}
    literal: dict[str, list[ast.Assign]] = {}
    stepped: set[str] = set()
    stores: dict[str, int] = {}
    drawn: dict[str, list[ast.Assign]] = {}
    grad_named: set[str] = set()
    weight_steps = 0
    functions: list[ast.AST] = []
    yields = False
    for node in ast.walk(tree):
        count += 1
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append(node)
        elif isinstance(node, (ast.Yield, ast.YieldFrom)):
            yields = True
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            _note_scalar_step(node, literal, stepped)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if _random_draw(node.value) or _WEIGHT_NAME.match(node.targets[0].id) and _literal_array(node.value):
                drawn.setdefault(node.targets[0].id, []).append(node)
            of = gradient_of_name(node.targets[0].id)
            if of is not None:
                grad_named.add(of)
            elif _WEIGHT_STEP.match(node.targets[0].id) and _rate_times(node.value):
                weight_steps += 1
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
        if isinstance(node, ast.Call) and id(node) not in smoke:
            f = node.func
            if isinstance(f, ast.Name):
                called.add(f.id)
            elif isinstance(f, ast.Attribute):
                called.add(f.attr)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            called.add(node.value.id)
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
    tree._bp_called = called  # type: ignore[attr-defined]
    if not yields:
        for node in functions:
            node._bp_gen = False  # type: ignore[attr-defined]  # (no generator here: runtime.is_generator)
    for name in stepped & set(literal):
        for node in literal[name]:
            node._bp_scalar_weight = True  # type: ignore[attr-defined]
    if weight_steps:
        # `del_w = learnrate * error_term * x` (a lesson's single step, worked out and printed, never applied):
        # the file computes the change of its weights, so the arrays named as weights are trained ones
        grad_named |= {name for name in drawn if _WEIGHT_NAME.match(name)}
    for name in grad_named & set(drawn):
        for node in drawn[name]:
            # `W2 = np.random.randn(2, 1)` with `dL_dW2 = ...` written for it: the file computes its gradient, so
            # it is a weight even where no loop trains it (a single backward pass worked through by hand)
            node._bp_grad_named = True  # type: ignore[attr-defined]
    for name, nodes in literal.items():
        if name not in stepped and stores.get(name) == 1 and TARGET_NAME.match(name):
            # `target = 2.0`, bound once and never changed: the number a toy neuron is trained towards
            nodes[0]._bp_literal_target = True  # type: ignore[attr-defined]
    return names, count


#: names of a weight array (`w`, `W2`, `weights`, `weights_input_hidden`)
_WEIGHT_NAME = re.compile(r"^(w|W|weights?)(\d+|_[A-Za-z]\w*)?$")
#: names of a weight's change (`del_w`, `delta_w_h_o`, `weight_change`, `delta_weights`)
_WEIGHT_STEP = re.compile(r"^(del(ta)?_?(w|W|weights?)(_\w+|\d+)?|weights?_?(change|step|delta|update)s?)$")


def _rate_times(e: ast.expr) -> bool:
    """`learnrate * error_term * x`: a product with a learning rate's name among its factors."""
    todo = [e]
    while todo:
        x = todo.pop()
        if isinstance(x, ast.BinOp) and isinstance(x.op, ast.Mult):
            todo += [x.left, x.right]
        elif isinstance(x, ast.Name) and RATE_NAME.match(x.id):
            return True
    return False


def _literal_array(e: ast.expr) -> bool:
    """`np.array([[0.5, -0.6], [0.1, -0.2]])`: an array written out in numbers."""
    if not (isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.attr == "array" and e.args):
        return False
    todo = [e.args[0]]
    while todo:
        x = todo.pop()
        if isinstance(x, (ast.List, ast.Tuple)):
            todo += x.elts
        elif isinstance(x, ast.UnaryOp) and isinstance(x.operand, ast.Constant):
            continue
        elif not (isinstance(x, ast.Constant) and isinstance(x.value, (int, float))):
            return False
    return True


def _random_draw(e: ast.expr) -> bool:
    """`np.random.randn(2, 2)`, `rng.normal(size=(3, 4)) * 0.1`: an array drawn at random, as weights start."""
    if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Mult, ast.Div)):
        return _random_draw(e.left) or _random_draw(e.right)
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.attr in RANDOM_DRAWS


def _has_product(node: ast.AST) -> bool:
    """The expression holds a matrix product (`x.T.dot(d)`, `x @ d`, `np.matmul(x, d)`)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.MatMult):
            return True
        if isinstance(sub, ast.Call):
            f = sub.func
            if (isinstance(f, ast.Attribute) and f.attr in ("dot", "matmul")) or \
                    (isinstance(f, ast.Name) and f.id in ("dot", "matmul")):
                return True
    return False


def _note_scalar_step(node: ast.Assign | ast.AugAssign, literal: dict[str, list[ast.Assign]],
                      stepped: set[str]) -> None:
    """`w = 0.5` ... `w = w + x.T.dot(d)`: a weight that starts as a Python number and becomes a matrix
    through its steps. Collects the number's bindings and the names so stepped; scan_module marks the
    bindings, which are then read as a parameter's array."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        name = node.targets[0].id
        v = node.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "array" and \
                len(v.args) == 1 and not v.keywords:
            v = v.args[0]  # `y = np.array(0.5)`: the number
        if isinstance(v, ast.Constant) and isinstance(v.value, (int, float)) and not isinstance(v.value, bool):
            literal.setdefault(name, []).append(node)
        elif isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Sub)) and _has_product(v) and any(
                isinstance(side, ast.Name) and side.id == name for side in (v.left, v.right)):
            stepped.add(name)
    elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and \
            isinstance(node.op, (ast.Add, ast.Sub)) and _has_product(node.value):
        stepped.add(node.target.id)


class Interp(StatementsMixin, UpdatesMixin, ExpressionsMixin, ArithmeticMixin, LayersMixin,
             CallsMixin, ImportsMixin, ChainMixin):
    """Interprets a module twice: a discovery pass, then the pass that records events."""

    def __init__(self, tree: ast.Module, know: Knowledge | None, n_stmts: int,
                 bound: set[str] | None = None, path: str | None = None, src: tuple[str, ...] = ()) -> None:
        self.tree = tree
        self.path = path if path and not path.startswith("<") else None  # None: imports are not followed
        self.src = src
        self.loaded: dict[str, Val | None] = {}
        self.loading: list[str] = []
        self.module_scope: Scope | None = None  # the analysed module's own top level, once run() starts it
        self.deps: list[str] = []  # the project files this analysis read
        self.dep_lines = 0
        self.opaque_calls: dict[str, int] = {}  # functions of modules we could not read, and a line
        self.backward_roots: list[Val] = []  # the values `.backward()` was called on
        self.last_locals: dict[str, Val] = {}  # the variables of the function call that ended last
        # the arguments of each function's last call by the file's own code (not by an entry point's drive)
        self.last_args: dict[int, tuple[list[Val], dict[str, Val]]] = {}
        self.loss_values: list[tuple[StmtInfo, Val, int]] = []  # `loss = ...` as assigned (bpscan verify)
        self.assigned_sums: dict[int, Val] = {}  # a statement's last sum assigned to a name (bpscan verify)
        self.discovery = know is None
        self.know = know or Knowledge()
        self.bound = set(bound) if bound is not None else bound_names(tree)
        self.stmts: dict[int, StmtInfo] = {}
        self.cur: StmtInfo | None = None
        self.events: list[Event] = []
        self.formulas = 0  # formula events met, also in the discovery and the quiet passes
        self.edges: set[tuple[int, int]] = set()
        self.units: list[Unit] = []
        # weight products of a forward pass, and a library's backward() runs, so far: a call that runs one is a whole
        # training step, not a statement of the backward pass
        self.forward_work = 0
        self.layers: dict[tuple, LayerRec] = {}
        self._members: dict[tuple, Unit] = {}  # a weight family's units, one per activation
        self._variant: dict[int, frozenset[str]] = {}  # per function: what its loops bind (symbolic_key)
        self._literal_roles: dict[int, dict[str, str]] = {}  # per function: its named numbers' roles (literal_net)
        self._unsaved_steps: dict[int, dict[int, str]] = {}  # per function: steps written into new names
        self.input_tables: set[tuple] = set()  # tables whose picked rows are a word2vec score's input
        self.score_tables: set[tuple] = set()  # tables whose picked rows are a word2vec score's weight
        # the last log of a softmax's output taken (`logprobs = probs.log()`): what a loss's seed buffer differentiates
        self.log_probs: Val | None = None
        self.leaves: dict[tuple, Leaf] = {}
        self.open_elems: dict[tuple[int, str], Val] = {}  # `self.l[i]` of open layers, by list and position
        self.quiet = 0
        # every class statement's value by the statement: a notebook's earlier definition of a class it later
        # redefines under the same name is still read as an entry point
        self.classes_made: dict[int, Val] = {}
        self.trial_called: set[int] = set()  # functions first called by a top-level call that made layers
        # backward passes the file calls: those whose calls met a formula, and those whose calls met none
        self.fruitful: set[int] = set()
        self.barren: set[int] = set()
        self.object_units: dict[int, tuple[Val, Unit]] = {}  # a layer object's presumed layer, by the object
        self.loop_stack: list[int] = []
        # the names each enclosing `for` binds (`for name, g in (("W", dW), ("b", db))`): a test of them picks
        # a pass's own statement, no setting of the code
        self.loop_targets: list[frozenset[str]] = []
        self.static_loops: list[int] = []
        # the names loops over `range(...)` bind (None for other loops), innermost last, each with its run's number
        self.range_vars: list[tuple[str | None, int, list]] = []
        self.loop_runs = 0
        self._entry_runs: dict[tuple[int, int | None], Val] = {}  # an entry write's array before its loops began
        # loops run once per element of a list known element by element (not twice over a summary)
        self.unrolled = 0
        # the pass of each loop run item by item, outermost first: a constructor called in such a loop makes one
        # object per pass, as Python does (`for i in range(3): layers.append(Linear(8, 8))` is three layers)
        self.positions: list[int] = []
        self.call_stack: list[Any] = []
        self.call_sites: list[StmtInfo | None] = []
        self.building: list[Any] = []  # the homes of the instances whose constructors are running, innermost last
        # values whose id keys a leaf (`(id(obj), "w")`): kept alive, so that no later value takes their id and,
        # with it, their leaf - what a file's report says must not depend on when memory is reused
        self.pinned: list[Val] = []
        self.frames: list[Frame] = []
        self.no_grad = 0
        self.t = 0
        self.budget = 60 * n_stmts + 4000
        self.steps = 0
        self.work = 0  # statements run and expressions evaluated: what WORK_BUDGET counts
        self.work_budget = WORK_BUDGET + WORK_PER_STATEMENT * n_stmts
        self.started = time.process_time()
        self.start_mb = _resident_mb()
        self.truncated = False
        self.double_depth = 0
        self.undecided_choice = 0  # inside `if kind == "tanh":` branches whose choice is not known
        self.choice_path: list[tuple[str, int]] = []  # which branch of each such choice is running
        self.chosen_names: list[str] = []  # `'elu'` inside `if self.activation == 'elu':`, innermost last
        self.hinge_active: list[Unit] = []  # inside `if margin > 0:` of a multiclass hinge loss written per class
        self.hinge_errors: set[Val] = set()  # the arrays a multiclass hinge loss's gradient is built in
        # per if/else branch being run: (object, attribute) -> the attribute's value before the branch stored it
        self.branch_stores: list[dict[tuple[int, str], tuple[Val, Val | None]]] = []
        #: for each branch of an `if` being run, how many calls deep it is (a branch of the running function's own)
        self.branch_depths: list[int] = []
        # `if` statements whose branch is fixed while a loop runs its special iteration apart (_run_peeled)
        self.forced_if: dict[int, bool] = {}
        # per loop running its special iteration apart: (the loop's start, the start of the phase running now)
        self.peel_phases: list[list[int]] = []
        self.overwritten: set[Val] = set()  # arrays a numpy function wrote its result into (`out=`)
        # parameters (by leaf) some statement adds to or takes from in place with arrays the model could not read as
        # a step (`neuron[j] -= deltas[i] * x` with `deltas` made by a function the file never defines)
        self.stepped_unread: set[Leaf] = set()
        self._seeding = 0  # inside the silent first pass of a loop
        self._fn_steps: dict[int, int] = {}  # interpreter steps spent in each function's calls
        self._fn_capped: set[int] = set()  # functions whose further calls are not followed
        # whether each parameter's last step made a new array (`W = W - lr * dW`) or changed it in place
        self._rebind_step: dict[Leaf, bool] = {}
        #: a parameter's last step stored in one list's slot (`new_w[i] = w[i] - lr * dw[i]`): when, and the value
        #: that slot now holds; other holders of the array still hold the forward's weight
        self._slot_step: dict[Leaf, tuple[int, Val]] = {}
        #: what each module a class's user hands in was last fed by its forward pass (see `module_call`)
        self._fed: dict[int, tuple[Val, list[Val]]] = {}
        # `W = self.W` in a function: the array the name took, and when (the step may replace it)
        self._alias_at: dict[int, tuple[int, Val]] = {}
        # arrays written in place where another holder may read them (`self.grads[0][...] = dW`, a gradient):
        # the array, and what it holds since; every other holder of the same array (a list of all gradients
        # gathered from it earlier) reads the new contents
        self._written: dict[int, tuple[Val, Val]] = {}
        # gradients kept on the values they differentiate (`inp.g = out.g @ w.t()`): the value, then its slots
        self.slots: dict[int, tuple[Val, dict[str, Val]]] = {}
        # the objects behind elements of an optimiser's parameter list read by attribute (`p.params`, `p.grads`)
        self.elem_objects: dict[Any, Val] = {}
        self._joining: set[tuple[int, int]] = set()  # pairs of dicts being joined (one may hold itself)
        self._slot_writers: dict[int, bool] = {}  # functions by node: does it store a gradient on a value
        # a copy of a forward value with one side of zero set to a number (`t = z.clone(); t[t > 0] = 1`): the
        # value, the side written and the number, until the other side makes it a derivative mask
        self._half_masks: dict[int, tuple[Val, Val, str, float]] = {}
        self.called: set[int] = set()
        # products with a weight turned the other way from its forward pass, of an operand with no forward
        # history (`Wy.T @ dy` with dy handed in unseeded): kept alive here so their ids stay theirs
        self.against_forward: dict[int, Val] = {}
        self.smoke = 0  # inside a module's smoke test: its calls leave the functions entry points
        self.standalone_self: dict[int, Val] = {}
        # forward/backward pairs the entry runner drove, for `bpscan verify`'s layer checks (the last
        # pass's record of each pair wins)
        self.layer_pairs: dict[tuple[int, int], Any] = {}
        self.func_stack: list[Any] = []
        self.escapes: set[int] = set()
        self.zeroed: list[Event] = []
        self.notes: list[str] = []
        self.autograd = False
        self._training_library: bool | None = None  # see `training_library`
        # attributes an optimiser negates to choose its direction (`self.lr *= -1` in `minimize`)
        self.flipped_rates: set[str] = set()
        # calls that hand on a gradient: (the calling statement, kind, unit, what it is read from - "callee", the
        # callee's own formula; "protocol", a dispatch to a layer or loss the file does not show; "fallback", a
        # backward of the file's own whose formulas were not read, tagged only where nothing else is; "delegated",
        # a call that hands nothing on but whose callee took a backward step, likewise)
        self.call_sites_tagged: list[tuple[StmtInfo, str, Unit | None, str]] = []
        self.standalone = 0
        self.entry = 0  # inside an entry point driven as a training step (bpscan.interp_entries)
        self.entry_run = 0  # which entry point is being driven: layers of two runs never meet
        self.presumed_here: dict[tuple[int, int], Unit] = {}  # (run, statement) -> the output it presumed
        self._instances: dict[tuple, list[int]] = {}
        self._site_cls: dict[tuple, Val] = {}
        self._site_line: dict[tuple, tuple[int, int]] = {}
        self._site_holder: dict[tuple, str] = {}  # the attribute an instance made at a site was first stored in
        self._inst_rebound: Any = None  # the statement that last rebound a name to a new object stepping its array
        # statement clock of each parameter's last update and last forward use (BP306)
        self._last_update: dict[Leaf, int] = {}
        # statements summing what a bias is stepped with (`gb += err` per sample, then `b -= lr * gb`): seen at
        # the step in a loop's first pass, read where the sum is formed in its second
        self.bias_sums: set[int] = set()
        self._last_update_in: dict[Leaf, tuple] = {}  # the functions running when that update was made
        self._forward_use: dict[Leaf, int] = {}

    # ------------------------------------------------------------------ values
    def new(self, op: str, args: tuple = (), kind: str = "arr") -> Val:
        v = Val(op, args, kind, self.cur)
        deps: frozenset = frozenset()
        ug = False
        for a in args:
            if isinstance(a, Val):
                if a.deps:
                    deps = deps | a.deps if len(deps) < _MAX_DEPS else deps
                ug = ug or a.uses_grad
        v.deps = deps
        v.uses_grad = ug
        return v

    def const(self, value: Any) -> Val:
        kind = "num"
        if isinstance(value, str):
            kind = "str"
        elif value is None:
            kind = "none"
        v = Val("const", (), kind, self.cur)
        v.num = value
        return v

    def unknown(self, *args: Val, kind: str = "arr") -> Val:
        v = self.new("unknown", tuple(a for a in args if isinstance(a, Val)), kind)
        if any(isinstance(a, Val) and a.adj is not None for a in args):
            v.adj = Adj(UNKNOWN_SIGN, "?")  # still a gradient, though we cannot tell which
        return v

    def make_leaf(self, key: tuple, name: str, size: int | None = None, src: Val | None = None) -> Val:
        leaf = self.leaves.get(key)
        if leaf is None:
            leaf = Leaf(key, name, self.cur.line if self.cur else 0, size)
            self.leaves[key] = leaf
            if key in self.know.requires_grad:
                leaf.requires_grad = True
        if src is not None and src.rg:
            leaf.requires_grad = True
            self.know.requires_grad.add(key)
        if src is not None and leaf.src is None:
            leaf.src = src
        v = Val("leaf", (), "arr", self.cur)
        v.leaf = leaf
        v.deps = frozenset((leaf,))
        return v

    def is_param(self, leaf: Leaf | None) -> bool:
        if leaf is None:
            return False
        return leaf.requires_grad or leaf.role is not None or leaf.presumed or leaf.packed is not None or \
            leaf.key in self.know.packed

    def read(self, v: Val) -> Val:
        if self._written:
            for _ in range(8):
                w = self._written.get(id(v))
                if w is None or w[0] is not v:
                    break
                v = w[1]
        if not self.discovery and self.cur is not None:
            self._flow(v, 3)
        return v

    def _flow(self, v: Val, depth: int) -> None:
        """Record data flow from where `v` (and what a container or a join holds) was made."""
        if v.leaf is not None and depth == 3:
            v.leaf.reads.add(self.cur.idx)
        if v.stmt is not None and v.stmt is not self.cur:
            self.edges.add((v.stmt.idx, self.cur.idx))
        if depth <= 0:
            return
        if v.op == "join":
            # each member of a chain of joins flows here, however deep in the chain
            for a in join_chain(v, 256):
                if a.op != "join":
                    self._flow(a, depth - 1)
                elif a.stmt is not None and a.stmt is not self.cur:
                    self.edges.add((a.stmt.idx, self.cur.idx))
        elif v.kind == "seq":
            for e in (v.elems or [])[:_MAX_UNROLL]:
                self._flow(e, depth - 1)
            if v.summary is not None:
                self._flow(v.summary, depth - 1)
        elif v.kind == "dict" and v.elems is not None:
            for e in list(v.elems.values())[:_MAX_UNROLL]:
                self._flow(e, depth - 1)
            if v.summary is not None:
                self._flow(v.summary, depth - 1)

    def emit(self, kind: str, unit: Unit | None = None, leaf: Leaf | None = None, **info: Any) -> None:
        self.formulas += 1
        if self.discovery or self.quiet or self.cur is None:
            return
        if kind in ("F1", "F2", "F3", "update") and _reports(self.cur.node):
            # (`print(f"{name}: mean={np.mean(grad)}")`, an assert: read, not computed for the step; an error
            # reduced there is the loss shown, which the model tells from its error events)
            return
        if self.standalone or self.smoke:
            info["entry"] = True  # seen while driving code nothing in the file calls, or its smoke test
        if kind in ("F1", "F2") and self.call_sites:
            info["site"] = self.call_sites[-1]  # the call of the helper this formula is written in
            info["sites"] = tuple(self.call_sites)  # and the calls that led there, outermost first
        if self.loop_stack and self.unrolled >= len(self.loop_stack):
            info["exact_loops"] = True  # every loop around it runs over items known one by one, none a summary
        if self.undecided_choice:
            info["undecided"] = True  # in one branch of `if act == "relu":` run with the choice unknown
            info["choice"] = tuple(self.choice_path)
        self.events.append(Event(kind, self.cur, unit, leaf, info, tuple(self.loop_stack), self.t,
                                 self.no_grad > 0))

    # ------------------------------------------------------------------ joins
    def join(self, a: Val, b: Val) -> Val:
        if a is b:
            return a
        if a.kind in ("none", "unknown") and b.kind != "none":
            return b
        if b.kind in ("none",):
            return a
        if a.op == "unknown" and not a.adj and not a.deps:
            return b
        if b.op == "unknown" and not b.adj and not b.deps:
            return a
        # `if args.pretrained: parameters = load_model()`, `params, hyper, loss = pickle.load(f)` beside the
        # dict or object built here: a part of what an opaque call returned says nothing the built value does not
        if a.kind in ("dict", "seq", "inst") and _opaque_part(b):
            return a
        if b.kind in ("dict", "seq", "inst") and _opaque_part(a):
            return b
        # `self.values = LayerData(...) if values is None else values`, `values` read off an object left open:
        # the attribute is no bound method of a value we know, and the instance built here is what it holds
        if a.kind == "inst" and _open_method(b):
            return a
        if b.kind == "inst" and _open_method(a):
            return b
        # `if load_from: self.load(path)` writing `self.weights[i] = data['w0']`: saved values of the parameter
        if a.op == "leaf" and a.leaf is not None and read_from_file(b):
            return a
        if b.op == "leaf" and b.leaf is not None and read_from_file(a):
            return b
        if a.kind == b.kind == "seq" and a.elems is not None and b.elems is not None and \
                len(a.elems) != len(b.elems) and a.summary is None and b.summary is None and a.elems and b.elems:
            # `cache = (mode, x, xn, gamma)` here, `cache = (mode, x, gamma, xc, std, xn)` there: keep both,
            # so that unpacking takes the alternative of its own length
            v = self.new("join", (a, b), "seq")
            v.summary = self.join_all([self.seq_any(a), self.seq_any(b)])
            return v
        if a.kind == b.kind == "seq" and a.elems and b.elems and len(a.elems) == len(b.elems) <= 8 and \
                a.summary is None and b.summary is None and \
                any(x is not y and x.role is not None and y.role is not None and x.role != y.role
                    for x, y in zip(a.elems, b.elems)):
            # two caches `(A_prev, W, Z)` of different layers: each slot may hold either layer's tensor
            return self.seq([self.join(x, y) for x, y in zip(a.elems, b.elems)])
        if a.kind == b.kind == "seq" and a.elems and b.elems and len(a.elems) == len(b.elems) <= 8 and \
                a.summary is None and b.summary is None and a.op == b.op == "seq" and \
                any((x.kind == "none") != (y.kind == "none") for x, y in zip(a.elems, b.elems)):
            # `caches.append((fc_cache, bn_cache, relu_cache, None))` in the loop, then `(cache, None, None, None)`
            # for the output layer: each slot either tuple's, a part one of them lacks read as the other's
            return self.seq([self.join(x, y) for x, y in zip(a.elems, b.elems)])
        if a.kind == b.kind == "seq" and a.elems and b.elems and len(a.elems) == len(b.elems) <= 4 and \
                a.summary is None and b.summary is None and a.op == b.op == "seq" and _holds_other_params(a, b):
            # the (parameter, gradient) pairs of `zip(params, grads)` walked as one: each slot any of them
            return self.seq([self.join(x, y) for x, y in zip(a.elems, b.elems)])
        if a.kind == b.kind == "func" and func_node(a) is not func_node(b):
            # either of two functions: called as the last one, but no test of which it is can be decided
            either = Val("func", (), "func")
            either.payload, either.ev = b.payload, {"either": True}
            return either
        if a.kind == b.kind == "dict" and a.summary is not None and b.summary is not None and \
                a.payload is None and b.payload is None and isinstance(a.elems, dict) and isinstance(b.elems, dict):
            # `cache[t] = rnn_step_forward(...)` in one branch, `cache[t] = lstm_step_forward(...)` in the other:
            # a step's backward unpacking `cache[t]` finds its own forward's tuple among both
            pair = (id(a), id(b))
            if pair in self._joining:
                return b  # a dict that holds itself (a layer's `__setattr__` routing `_p` into its own `_p`)
            self._joining.add(pair)
            try:
                d = Val("dict", (), "dict", self.cur)
                d.elems = {k: self.join(a.elems[k], b.elems[k]) if k in a.elems and k in b.elems else
                           a.elems.get(k) or b.elems[k] for k in {**a.elems, **b.elems}}
                d.summary = self.join(a.summary, b.summary)
            finally:
                self._joining.discard(pair)
            return d
        if a.kind == b.kind == "dict" and a.payload is None and b.payload is None and \
                isinstance(a.elems, dict) and isinstance(b.elems, dict):
            # `self.direct[i]` over a ReLU's empty dict and a Linear's filled one: a key read from either is the filled
            # one's (the empty one has none to give)
            if not a.elems and a.summary is None and (b.elems or b.summary is not None):
                return b
            if not b.elems and b.summary is None and (a.elems or a.summary is not None):
                return a
        if a.kind in ("seq", "dict", "inst", "func", "cls", "mod", "pmod", "method") and a.kind == b.kind:
            return b
        v = self.new("join", (a, b), a.kind if a.kind == b.kind else "arr")
        if a.adj and b.adj:
            sign = a.adj.sign if a.adj.sign == b.adj.sign else UNKNOWN_SIGN
            if a.adj.same_place(b.adj):
                v.adj = a.adj.with_sign(sign)
            elif sign != UNKNOWN_SIGN and "y" in (a.adj.pos, b.adj.pos) and {a.adj.pos, b.adj.pos} <= {"z", "y"} \
                    and a.adj.unit is not None and a.adj.unit.same_family(b.adj.unit):
                # `if i == L: dz = A - Y else: dz = (W.T @ dz) * A * (1 - A)` in one loop over a family of
                # layers: the output's error taken as its delta, or a hidden layer's delta; a delta either way
                v.adj = a.adj if a.adj.pos == "y" else b.adj
            elif sign != UNKNOWN_SIGN and "x" in (a.adj.pos, b.adj.pos) and {a.adj.pos, b.adj.pos} <= {"x", "z", "y"} \
                    and a.adj.unit is not None and a.adj.unit.family_member() and a.adj.unit.same_family(b.adj.unit):
                # `if i == last: da = loss'(y, a) else: da = dz_next @ w_next.T` in a loop over a family of layers:
                # the output's error, or what the layer above sent back - the gradient at a member's output
                # either way (the input of one member is the output of the one below)
                side = b.adj if a.adj.pos == "x" else a.adj
                v.adj = Adj(sign, "y", side.unit)
            elif {a.adj.pos, b.adj.pos} == {"z", "y"} and a.adj.unit is not None and a.adj.unit is b.adj.unit and \
                    a.adj.unit.dispatch:
                # `if self.kind == 'linear': return dA` beside the activations' `dZ = dA * f'(Z)`: the identity's
                # derivative is 1, and either branch hands back the gradient at the pre-activation
                v.adj = (a.adj if a.adj.pos == "y" else b.adj).with_sign(sign)
            elif {a.adj.pos, b.adj.pos} == {"y", "?"} and (a.adj.unit or b.adj.unit) is not None and \
                    (a.adj.unit or b.adj.unit).dispatch and None in (a.adj.unit, b.adj.unit) and sign != UNKNOWN_SIGN:
                # `elif activation == "softmax": dZ = softmax_backward(dA, cache, mask)` beside the choices read as
                # formula 1: one more choice of the layer's activation, whose derivative the model did not read -
                # the gradient at the pre-activation whichever the layer uses
                v.adj = (a.adj if a.adj.pos == "y" else b.adj).with_sign(sign)
            else:
                v.adj = Adj(sign, "?")
        else:
            v.adj = a.adj or b.adj
        if a.leaf is not None and a.leaf is b.leaf:
            v.leaf = a.leaf
        if a.role and b.role and a.role == b.role:
            v.role = a.role
        elif a.role and b.role and a.role[1] is b.role[1] and {a.role[0], b.role[0]} == {"mm", "y"}:
            # `if bias is not None: out += bias`: the layer's output with or without its bias
            v.role = ("y", a.role[1])
        elif a.role and b.role and a.role[1] is b.role[1] and {a.role[0], b.role[0]} in ({"z", "in"}, {"z", "y"}) \
                and (a.role[1].dispatch or {a.role[0], b.role[0]} == {"z", "y"} and _activated_or_not(a, b)):
            # `elif self.activation == 'linear': self.out = x` (or `return Z`) beside the branches choosing an
            # activation: the identity is one more of the choices, and the layer's output still; so is
            # `h = layer.forward(h); if i < len(self.acts): h = self.acts[i].forward(h)` over a family of layers,
            # the member's output with its activation or without (the last member's is the identity)
            v.role = ("z", a.role[1])
        elif _dispatched(a, b) or _dispatched(b, a):
            # `if self.activation == 'relu': ... elif ...: self.out = sigmoid(x)`: the output of either choice
            v.role = a.role or b.role
        elif (a.role is None) != (b.role is None):
            # a layer output joined with an initial state (h_prev = zeros, hs[-1]) is still that output
            r, other = (a, b) if a.role is not None else (b, a)
            if other.adj is None and other.role is None and other.act is None:
                v.role = r.role
                v.act = r.act
        if v.act is None and a.act and b.act and a.act[0] == b.act[0] and v.role == a.role == b.role:
            # `h_new[t] = np.tanh(cs[t])` kept per step in a dict: each step's value is tanh of the cell state
            v.act = (a.act[0], a.act[1] if a.act[1] is b.act[1] else self.join(a.act[1], b.act[1]))
        if a.num is not None and a.num == b.num:
            v.num = a.num
        if a.deriv and b.deriv and a.deriv.kind == b.deriv.kind:
            v.deriv = a.deriv
        elif (either := _either_derivative(a, b)) is not None:
            # `if kind == "tanh": return 1 - a * a elif kind == "sigmoid": return a * (1 - a) else: ones_like(a)`:
            # the derivative of whichever activation a string chose, at the one tensor - never judged for its kind
            v.deriv = either
        v.uses_grad = a.uses_grad or b.uses_grad
        return v

    # ------------------------------------------------------------------ running
    def run(self) -> None:
        module_scope = Scope(None)
        main = self.const("__main__")
        module_scope.vars["__name__"] = main
        self.module_scope = module_scope
        self.exec_block(self.tree.body, module_scope)
        if self.formulas == 0 and self.trial_called and not self.discovery:
            # the module's own run met no formula at all (a forward and a backward on made-up arrays that
            # never meet, `a, caches = lstm_forward(x, a0, params)` then `lstm_backward(da, caches)`): its
            # calls were smoke tests, the layers they made are dropped, and what they called is read as entries
            self.called -= self.trial_called
            dropped = {id(u) for u in self.units}
            self.events = [e for e in self.events if e.unit is None or id(e.unit) not in dropped]
            self.units.clear()
        self.called -= self.barren - self.fruitful
        # Layer APIs, layer classes and optimisers nobody in the file calls are driven as a test would.
        from bpscan.interp_entries import EntryRunner

        self.name_instances()
        self.standalone += 1
        EntryRunner(self, module_scope).run()
        # The other functions and methods nobody in the file calls are analysed on their own, in order.
        for node, owner in self._all_functions(self.tree.body, None):
            if id(node) in self.called or self.steps > self.budget:
                continue
            self._run_standalone(node, owner, module_scope)
        self.standalone -= 1

    def _all_functions(self, body: list, owner: Any) -> Iterable[tuple[Any, Any]]:
        for st in body:
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield st, owner
            elif isinstance(st, ast.ClassDef):
                yield from self._all_functions(st.body, st)
            elif isinstance(st, (ast.If, ast.Try, ast.With)):
                yield from self._all_functions(getattr(st, "body", []), owner)
                yield from self._all_functions(getattr(st, "orelse", []), owner)

    def _run_standalone(self, node: Any, owner: Any, module_scope: Scope) -> None:
        fval = None
        if owner is None:
            fval = module_scope.vars.get(node.name)
        args: list[Val] = []
        self_val = None
        if owner is not None:
            cls = module_scope.vars.get(owner.name)
            if cls is None or cls.kind != "cls":
                return
            self_val = self.standalone_self.get(id(owner))
            if self_val is None:
                self_val = self.instantiate(cls, [], {}, standalone=True)
                self.standalone_self[id(owner)] = self_val
        if fval is None or fval.kind != "func":
            fval = Val("func", (), "func")
            fval.payload = (node, module_scope, None)
        params = node.args.posonlyargs + node.args.args
        if self_val is not None and params and not any(
            isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list
        ):
            args.append(self_val)
            params = params[1:]
        args.extend(self._leaf_args(node, params))
        out = self.call_function(fval, args, {}, standalone=True)
        if owner is None:
            self._run_returned(out)

    def _run_returned(self, out: Val) -> None:
        """The closures a factory nobody calls returns (`def sgd(lr): def update(params, grads): ...; return
        update`), run as entries of their own in the scope the factory's run made for them."""
        funcs = [out] if out.kind == "func" else list(out.elems or ()) if out.kind == "seq" else []
        for f in funcs[:8]:
            if f.kind != "func" or not isinstance(f.payload, tuple) or len(f.payload) < 2:
                continue
            node = f.payload[0]
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or id(node) in self.called or \
                    self.steps > self.budget:
                continue
            if not any(isinstance(n, ast.AugAssign) or isinstance(n, ast.Assign) and isinstance(n.value, ast.BinOp)
                       for n in ast.walk(node)):
                continue  # (a decorator's wrapper, `return func(*args)`: no arithmetic, nothing to step)
            self.call_function(f, self._leaf_args(node, node.args.posonlyargs + node.args.args), {}, standalone=True)

    def _leaf_args(self, node: Any, params: list[ast.arg]) -> list[Val]:
        """A fresh leaf for each parameter of a function run on its own, made at its `def` line."""
        saved = self.cur
        self.cur = self.stmt_info(node)
        try:
            return [self.make_leaf((id(node), p.arg), p.arg) for p in params]
        finally:
            self.cur = saved

    def _check_budget(self, st: ast.stmt) -> None:
        """The safety nets behind the work budget: past them, calls and loop re-runs stop and what was found so
        far stands."""
        if self.steps <= self.budget and time.process_time() - self.started > TIME_BUDGET:
            self._stopped(st, f"its time budget ({TIME_BUDGET:g} s)")
            self.steps = self.budget + 2
        elif self.steps <= self.budget and _resident_mb() - self.start_mb > MEMORY_BUDGET_MB:
            self._stopped(st, f"its memory budget ({MEMORY_BUDGET_MB:g} MB)")
            self.steps = self.budget + 2

    def place(self, node: ast.AST | None = None) -> str:
        """`line 12`, or `layers.py line 12` for a statement of an imported project module: a note on the
        analysed file names the file its line is in."""
        node = node if node is not None else (self.cur.node if self.cur is not None else None)
        return place_of(getattr(node, "_bp_mod", None), getattr(node, "lineno", 0))

    def _stopped(self, st: ast.stmt, what: str) -> None:
        self.truncated = True  # rules that claim an absence (never updated, never zeroed) stay silent
        note = f"analysis stopped at {self.place(st)}: {what} was spent; what follows was not checked"
        if note not in self.notes:
            self.notes.append(note)

    def stmt_info(self, node: ast.AST) -> StmtInfo:
        info = self.stmts.get(id(node))
        if info is None:
            info = StmtInfo(node, len(self.stmts), self.func_stack[-1] if self.func_stack else None,
                            tuple(self.static_loops))
            self.stmts[id(node)] = info
        return info

    def exec_block(self, body: list, scope: Scope) -> None:
        for st in body:
            self.exec_stmt(st, scope)

    def exec_stmt(self, st: ast.stmt, scope: Scope) -> None:
        self.steps += 1
        self.work += 1
        if self.work > self.work_budget and self.steps <= self.budget:
            self._stopped(st, "its work budget")
            self.steps = self.budget + 2
        elif self.steps & 1023 == 0:
            self._check_budget(st)
        elif self.steps == self.budget + 1:
            self._stopped(st, "its step budget")
        self.t += 1
        saved = self.cur
        self.cur = self.stmt_info(st)
        n_events = len(self.events)
        self._last_value = None
        try:
            self._exec(st, scope)
            self._settle_statement(n_events)
        except _Return:
            self._settle_statement(n_events)
            raise
        except _Break:
            raise
        except RecursionError:
            self.notes.append(f"{self.place()}: statement nested too deeply; skipped")
        except Exception:
            if _DEBUG:
                raise
            self.notes.append(f"{self.place()}: statement not understood; skipped")
        finally:
            self.cur = saved

    def _settle_statement(self, start: int) -> None:
        """What a statement's events mean once its value is known: an error that ends reduced to a scalar is the
        loss (`L = np.square(t - oz).sum()`); a cross-entropy ratio's error (`t / p`) takes the sign of the value
        the statement makes of it; F3s of another layer inside a statement that makes an error are dropped."""
        if len(self.events) <= start or self._last_value is None:
            return
        held = self._last_value.adj
        if held is not None and held.sign in (GRAD, NEG_GRAD):
            for e in self.events[start:]:
                if e.kind == "error" and e.stmt is self.cur and e.info.get("ce_ratio"):
                    # `dAL = -(np.divide(Y, AL) - ...)`: the error is what the statement makes of the ratio, negated
                    # after it was read
                    e.info["sign"] = held.sign
        if held is not None and held.pos in ("y", "z") and held.unit is not None and self._last_value.kind == "arr":
            # `dx = gamma * inv / n * (n * d - d.sum(0) - x_hat * (d * x_hat).sum(0))`: the sums inside are parts
            # of a normalisation's Jacobian, not the gain's and shift's gradients, when what the statement makes
            # is the error at another layer
            inner = {id(e) for e in self.events[start:] if e.kind == "F3" and e.stmt is self.cur and
                     e.unit is not None and e.unit is not held.unit and e.info.get("value") is not self._last_value}
            if inner:
                self.events[start:] = [e for e in self.events[start:] if id(e) not in inner]
        if held is not None:
            return
        last = self._last_value
        if last.kind == "seq" and any(m is not None and m.adj is not None for m in [last.summary, *(last.elems or ())]):
            return  # `dys = [2 * (y - t) for y, t in zip(ys, ts)]`: the errors kept one per step, not reduced
        if isinstance(self.cur.node, ast.Expr) and \
                any(e.stmt is not self.cur and e.kind in ("F1", "F2", "F3", "update") for e in self.events[start:]):
            return  # `net.backward(out - y, lr)`: the error handed to a backward pass, not reduced to a loss
        node = self.cur.node.value if isinstance(self.cur.node, ast.Expr) else None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("append", "extend", "insert", "appendleft"):
            return  # `errors.append(out[j] - expected[j])`: each neuron's error kept in a list, not reduced
        for e in self.events[start:]:
            if e.stmt is self.cur and (e.kind == "error" or (e.kind == "F1" and e.info.get("cancel"))):
                e.kind = "loss"

    _last_value: Val | None = None

    def _exec(self, st: ast.stmt, scope: Scope) -> None:
        m = getattr(self, "s_" + type(st).__name__, None)
        if m is not None:
            m(st, scope)


    # ------------------------------------------------------------------ binding
    def lookup(self, scope: Scope, name: str) -> Val | None:
        s: Scope | None = scope
        if name in scope.globals_decl:
            s = self.module_scope
        while s is not None:
            v = s.vars.get(name)
            if v is not None:
                return v
            s = s.parent
        return None

    def bind(self, scope: Scope, name: str, v: Val) -> None:
        if name in scope.globals_decl:
            scope = self.module_scope
        scope.vars[name] = v


    # ------------------------------------------------------------------ containers
    def seq(self, elems: list[Val] | None, summary: Val | None = None) -> Val:
        v = Val("seq", (), "seq", self.cur)
        v.elems = elems if elems is not None else []
        v.summary = summary
        v.born = (len(self.loop_stack), self.unrolled)
        return v

    def exact_here(self, v: Val) -> bool:
        """Every loop entered since list `v` was made runs once per element of a list we know (none runs
        twice over a summary): appending to it or popping from it here happens once, in order."""
        loops, unrolled = v.born if v.born is not None else (0, 0)
        return len(self.loop_stack) - loops == self.unrolled - unrolled

    def seq_any(self, v: Val) -> Val | None:
        out = v.summary
        for e in v.elems or []:
            out = e if out is None else self.join(out, e)
        return out

    def _joined_rows(self, rows: list[Val]) -> Val:
        """Rows of the same shape joined place by place: `[0, 1]`, `[1, 1]` read as one row of two numbers, each
        either value (nested one level, `([0, 1], [1])`)."""
        if all(r.kind == "seq" and r.summary is None and r.elems is not None for r in rows) and \
                len({len(r.elems) for r in rows}) == 1:  # type: ignore[arg-type]
            return self.seq([self._joined_rows([r.elems[k] for r in rows])  # type: ignore[index]
                             for k in range(len(rows[0].elems))])  # type: ignore[arg-type]
        return self.join_all(rows)

    def dict_any(self, v: Val) -> Val | None:
        out = v.summary
        for e in (v.elems or {}).values():
            out = e if out is None else self.join(out, e)
        return out

    def iter_items(self, it: Val) -> list[Val] | None:
        if it.kind == "seq" and it.payload == "empty-view" and it.elems == [] and it.summary is None and \
                not self.entry:
            # `for name, p in layer.params.items()` of an activation layer whose dict the file never fills: the
            # loop does not run (a layer driven as an entry point may be filled by its user, so it still does)
            return []
        if it.kind == "seq" and it.summary is None and it.elems is not None and 0 < len(it.elems) <= _MAX_UNROLL:
            if _sample_rows(it.elems):
                # `for xs, t in zip([[0, 0], [0, 1], ...], [0, 1, ...])`: a pass over samples written out, read as
                # any sample (their numbers joined), as a loop over data is; unrolled, each pass would see constants
                return None
            return list(it.elems)
        cycle = walked_cycle(it)
        if cycle is not None and len(it.elems or ()) + len(cycle) <= _MAX_UNROLL:
            # `for layer in self.layers` of layers a loop we cannot count appended: one pass of that loop's
            # objects, in order, stands for every pass (a summary would keep only the last one)
            return list(it.elems or ()) + list(cycle)
        if it.kind == "dict" and it.summary is None and it.elems and len(it.elems) <= _MAX_UNROLL:
            return [self.const(k) for k in it.elems]
        if it.kind == "dict" and it.op == "dict" and it.summary is None and it.elems == {} and it.payload is None and \
                not self.entry:
            # `for p_key in layer.params` of a pooling layer whose `self.params = OrderedDict()` stays empty: the loop
            # does not run (as for a list the file never fills; `**kwargs` is marked, see `bind_params`)
            return []
        return None

    def merged(self, v: Val | None) -> Val | None:
        """An element of a container whose elements were merged: mark that we cannot tell which."""
        if v is None or v.kind != "arr" or v.vague:
            return v
        out = self.view(v, v.home)
        out.vague = True
        return out

    def _open_element(self, node_id: object, name: str) -> Val:
        """An element of a list of layers the file does not show: an open object, whose attributes are read as a
        layer's (see `open_attr`)."""
        elem = Val("inst", (), "inst", self.cur)
        elem.elems = {}
        elem.payload = ("open-obj", node_id)
        elem.name = name
        return elem

    def iter_summary(self, it: Val) -> Val:
        if it.kind == "method" and isinstance(it.payload, tuple) and len(it.payload) == 3 and it.payload[2] is None \
                and isinstance(it.payload[1], str) and _LAYER_LIST.match(it.payload[1]) and _stand_in(it.payload[0]):
            # `for layer in model.layers` (or `[l for l in model.layers if hasattr(l, "W")]`) of a model handed in as
            # an argument the file never fills: each layer an open object, as of a model handed to an optimiser
            return self._open_element(id(it.payload[0]), f"{it.payload[0].name or 'model'}.{it.payload[1]}[*]")
        if isinstance(it.payload, tuple) and it.payload[0] == "open-attr":
            name = it.name or (it.leaf.name if it.leaf is not None else "layers")
            if _PARAM_LIST.match(name.rsplit(".", 1)[-1]):
                # `for p in layer.params` of a layer handed to an optimiser: each element a parameter
                elem = self.make_leaf((it.payload[1], name, "elem"), f"{name}[*]")
                elem.leaf.presumed = True
                # (or a parameter object, `p.params -= lr * p.grads`: its attributes are read as such - see
                # `attribute`)
                elem.payload = ("open-elem", it.payload[1])
                return elem
            # `for layer in model.layers` of an object handed to an optimiser: each layer an open object
            return self._open_element(it.payload[1], f"{name}[*]")
        if it.kind == "seq" and self.entry and it.elems == [] and it.summary is None and it.op != "join" and \
                self.cur is not None:
            # `for layer in self.layers` in a method read as an entry point, the list still as the constructor
            # left it (empty): filled by the class's user (`net.add(Dense(...))`), each element an open object
            return self._open_element(id(self.cur.node), f"{it.name or 'layers'}[*]")
        if it.kind == "seq":
            if it.summary is not None and not it.elems:
                return it.summary if it.summary.kind != "arr" else self.merged(it.summary)
            if it.summary is None and it.elems and _sample_rows(it.elems):
                return self._joined_rows(it.elems)
            return self.merged(self.seq_any(it)) or self.unknown(it)
        if it.kind == "dict":
            return self.unknown(it, kind="str")
        counted = it.args[0] if it.op == "getitem" and len(it.args) == 2 and isinstance(it.args[1], Val) and \
            it.args[1].op == "slice" and isinstance(it.args[0], Val) else it
        if it.op == "range" or counted.op == "init" and (counted.ev or {}).get("fn") == "arange":
            # (`for t in np.arange(T)[::-1]` counts like `for t in reversed(range(T))`)
            v = self.new("loopvar", (), "num")
            return v
        if it.kind == "arr" and it.op != "unknown":
            # `for row, g in zip(out, grad)`: a row of the array, with what is known of the array
            return self.getitem(it, self.new("loopvar", (), "num"))
        if it.kind == "inst" and (elem := self._iterated(it)) is not None:
            return elem
        return self.unknown(it)

    def _iterated(self, it: Val) -> Val | None:
        """`for batch, label in loader` over an object of the file's own class: what its `__iter__` yields, or by
        the older protocol, what its `__getitem__` returns for any index (a dataset of batches)."""
        it_method = self.method_of(it, "__iter__")
        if it_method is not None:
            out = self.call_function(it_method, [], {}, self_val=it)
            if out.kind == "seq" and (out.elems or out.summary is not None):
                return self.merged(self.seq_any(out))
            if out.kind == "inst" and out is not it and (nxt := self.method_of(out, "__next__")) is not None:
                return self.call_function(nxt, [], {}, self_val=out)
            if out is it and (nxt := self.method_of(it, "__next__")) is not None:
                return self.call_function(nxt, [], {}, self_val=it)
            return None
        getter = self.method_of(it, "__getitem__")
        if getter is None:
            return None
        return self.call_function(getter, [self.new("loopvar", (), "num")], {}, self_val=it)


    def attr_name(self, obj: Val, t: ast.Attribute) -> str:
        """`self.W`; renamed `Dense[2].W` at the end of the run when a class has several instances."""
        return target_text(t)

    def name_instances(self) -> None:
        """Leaves of instance attributes made at several call sites get the site's ordinal."""
        by_text: dict[tuple, list[Leaf]] = {}
        for key, leaf in self.leaves.items():
            if len(key) == 3 and isinstance(key[2], tuple) and key[2][:1] == ("new",):
                by_text.setdefault((key[0], key[1]), []).append(leaf)
        for (_, text), leaves in by_text.items():
            # (sites on one line - the same constructor call reached from two classes - in the order they were
            # first made: a set's order would name them by memory addresses, differently on each run)
            made = {h: i for i, h in enumerate(self._instances)}
            homes = sorted({leaf.key[2] for leaf in leaves},
                           key=lambda h: (self._site_line.get(h) or (0, 0), made.get(h, len(made))))
            if len(homes) < 2:
                continue
            holders = [self._site_holder.get(h) for h in homes]
            for leaf in leaves:
                cls = self._site_cls.get(leaf.key[2])
                attr = text.split(".", 1)[1] if "." in text else text
                holder = self._site_holder.get(leaf.key[2])
                # (`self.weights_ho.data` for an instance first stored under an attribute no other one was)
                leaf.name = f"{holder}.{attr}" if holder is not None and holders.count(holder) == 1 else \
                    f"{cls.name if cls is not None else 'obj'}[{homes.index(leaf.key[2]) + 1}].{attr}"


    def join_all(self, vals: list[Val]) -> Val:
        if not vals:
            return self.unknown()
        out = vals[0]
        for x in vals[1:]:
            out = self.join(out, x)
        return out


def _either_derivative(a: Val, b: Val) -> Deriv | None:
    """Two derivative factors of different activations (or one beside the identity's `ones_like`) written with the
    same tensor, as the branches of a dispatch on the activation's name return them."""
    da, db = a.deriv, b.deriv
    if da is not None and db is None and made_by(b, ("ones", "ones_like")):
        return da if da.kind == "either" else Deriv("either", da.operand, da.form)
    if db is not None and da is None and made_by(a, ("ones", "ones_like")):
        return db if db.kind == "either" else Deriv("either", db.operand, db.form)
    if da is None or db is None or da.kind == db.kind or da.form != db.form or \
            not (da.operand is db.operand or same_value(da.operand, db.operand)):
        return None
    return Deriv("either", da.operand, da.form)


def _activated_or_not(a: Val, b: Val) -> bool:
    """One of `a`, `b` is a layer's pre-activation, the other the activation applied to it."""
    z, y = (a, b) if a.role is not None and a.role[0] == "z" else (b, a)
    return z.act is not None and strip_views(z.act[1]) is strip_views(y)


def _dispatched(out: Val, other: Val) -> bool:
    """`other` is the same input through another of the activations its layer dispatches on, `out` that layer's
    output."""
    if out.role is None or out.role[0] != "z" or other.role is not None or other.act is None:
        return False
    unit = out.role[1]
    return other.act[0] in unit.dispatch and unit.preact is not None and other.act[1] is unit.preact


#: a list attribute of a layer whose elements are its parameters, not objects
_PARAM_LIST = re.compile(r"^(params|parameters|weights|trainable_(params|weights|variables)|variables)$")


def _holds_other_params(a: Val, b: Val, depth: int = 0) -> bool:
    """Two tuples of one shape whose slots hold different parameters (`(W1, dW1)` and `(b2, db2)`, or
    `(0, (W1, dW1))` of an enumerate)."""
    for x, y in zip(a.elems or (), b.elems or ()):
        if x is y:
            continue
        if x.kind == y.kind == "arr" and (x.leaf is not y.leaf or x.leaf is None) and \
                (_param_slot(x) or _param_slot(y)):
            return True
        if depth < 2 and x.kind == y.kind == "seq" and x.summary is None and y.summary is None and x.elems and \
                y.elems and len(x.elems) == len(y.elems) and _holds_other_params(x, y, depth + 1):
            return True
    return False


def _sample_rows(rows: list[Val]) -> bool:
    """Three or more rows of plain numbers, not all the same, each number 0, 1 or a fraction: samples written out
    (`[0, 1]`, `([0.5, 0.2], [1])`), not sizes (`(784, 128)`) a loop builds layers from."""
    if len(rows) < 3:
        return False
    seen = set()
    for r in rows:
        if r.kind != "seq" or r.summary is not None or not r.elems:
            return False
        flat: list[Val] = []
        for e in r.elems:
            flat.extend(e.elems if e.kind == "seq" and e.summary is None and e.elems is not None else [e])
        if not all(x.op == "const" and isinstance(x.num, (int, float)) and not isinstance(x.num, bool) and
                   (x.num in (0, 1) or isinstance(x.num, float)) for x in flat):
            return False
        seen.add(tuple(x.num for x in flat))
    return len(seen) >= 2


def _param_slot(v: Val) -> bool:
    """A parameter, or the join of several that an earlier merge of tuples left in this slot (or an array made
    fresh, `FloatTensor(n, m)`, before any forward pass has told it a parameter: `(self.w, self.gradW)`)."""
    return (v.leaf is not None and (v.leaf.role is not None or not v.leaf.data and made_fresh(v.leaf))) or \
        v.op == "join"


#: what a statement hands its values to when it only shows or logs them
_REPORTERS = frozenset({"print", "pprint", "log", "info", "debug", "warning", "warn", "write", "set_description",
                        "set_postfix", "add_scalar", "add_scalars", "add_histogram", "display"})


def _reports(node: ast.AST) -> bool:
    """A statement that only shows, logs or asserts what it computes: `print(...)`, `logger.info(...)`,
    `assert np.allclose(...)`."""
    if isinstance(node, ast.Assert):
        return True
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return False
    f = node.value.func
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
    return name in _REPORTERS


def _open_method(v: Val) -> bool:
    """An attribute read off a value that is no instance of ours (`declaration.values` of a handed-in object)."""
    if v.kind != "method" or not isinstance(v.payload, tuple) or len(v.payload) != 3:
        return False
    obj, _name, m = v.payload
    return m is None and isinstance(obj, Val) and obj.kind not in ("inst", "cls", "mod")


def _opaque_part(v: Val) -> bool:
    """One of the values an opaque call returned, unpacked (`params, hyper, loss = pickle.load(f)`), or all of
    it as a store kept it (`model = pickle.load(f)`)."""
    if v.op == "leaf" and v.leaf is not None and not v.adj and isinstance(v.leaf.src, Val):
        # (not `params = next(params)`: a value made from the very name it replaces is one of its values)
        src = v.leaf.src
        node = src.stmt.node if src.stmt is not None else None
        if isinstance(node, ast.Assign):
            stored = {target_text(t) for t in node.targets}
            if any(target_text(n) in stored for n in ast.walk(node.value) if isinstance(n, (ast.Name, ast.Attribute))):
                return False
        return src.op == "unknown" and not src.adj and not src.deps
    return v.op == "part" and not v.adj and bool(v.args) and v.args[0].op == "unknown" and not v.args[0].adj
