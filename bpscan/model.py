"""The semantic model of a script: forward layers, formula events, tags; computed once, read by rules."""

from __future__ import annotations

import ast
import functools
import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterable

from bpscan.engines import EngineModel, find_engines
from bpscan.interp import Event, Interp, Knowledge, StmtInfo, scan_module
from bpscan.rules.vocabulary import KNOWN_LIBRARIES
from bpscan.interp_updates import rate_scaled_step
from bpscan.results import BACKWARD_KINDS, DELEGATED_KINDS, NOT_UNDERSTOOD, Layer, Tag
from bpscan.runtime import place_of
from bpscan.terms import callee_name, imports
from bpscan.values import PARAM_GRADIENT, LayerRec, Leaf, Unit, Val, render


#: what `.backward()` is called on, named as a loss ("objective", "likelihood", "reward", "score" are
#: climbed as often as descended, so they are no loss by name)
_LOSS_NAME = re.compile(r"(loss|cost|err|^J$|nll|neg_?log|energy|risk)", re.IGNORECASE)
_ARRAY_ROOTS = frozenset({"numpy", "torch", "cupy", "jax", "autograd", "mxnet", "minpy"})
_GRADIENT_NAME = re.compile(r"^(d[A-Z_]\w*|d(out|x|w|b|z|a|h|y|W|theta|params)\b\w*|grad\w*|delta\w*|"
                            r"nabla\w*|backward\w*|backprop\w*|bprop\w*)$")

#: rules whose premise is which weight, which input, which derivative a statement uses
_STRUCTURE = frozenset({"BP302", "BP303", "BP304", "BP305", "BP306", "BP308", "BP309"})
#: rules whose premise is which parameter meets which gradient
_PAIRING = frozenset({"BP101", "BP103", "BP202", "BP303", "BP305", "BP306"})
_ALL = frozenset({"BP101", "BP102", "BP103", "BP201", "BP202", "BP301", "BP302", "BP303", "BP304", "BP305", "BP306",
                  "BP307", "BP308", "BP309", "BP401", "BP402", "BP501", "BP502"})


def _siblings(tree: ast.Module) -> dict[int, tuple[list[ast.stmt], int]]:
    """Each statement's block and its place in it."""
    out: dict[int, tuple[list[ast.stmt], int]] = {}
    todo: list[list[ast.stmt]] = [tree.body]
    while todo:
        block = todo.pop()
        for i, st in enumerate(block):
            out[id(st)] = (block, i)
            for name in ("body", "orelse", "finalbody"):
                inner = getattr(st, name, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    todo.append(inner)
            for h in getattr(st, "handlers", ()) or ():
                todo.append(h.body)
    return out


def _edits_in_place(node: ast.AST) -> bool:
    """`d[range(n), y] -= 1`, `dx[x <= 0] = 0`, `d /= n`: a statement that changes an array it does not make."""
    if isinstance(node, ast.AugAssign):
        return True
    return isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript) for t in node.targets)


def _target_text(node: ast.AST) -> str | None:
    """What a statement writes: `dscores` of `dscores = ...`, `dscores /= N` or `dscores[i, y] -= 1`."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        t = node.targets[0]
    elif isinstance(node, ast.AugAssign):
        t = node.target
    else:
        return None
    while isinstance(t, ast.Subscript):
        t = t.value
    return ast.unparse(t) if isinstance(t, (ast.Name, ast.Attribute)) else None


class Model:
    """Facts about one module: what each statement computes in terms of the three formulas."""

    def __init__(self, tree: ast.Module, text: str, path: str | None = None, src: tuple[str, ...] = ()) -> None:
        self.tree = tree
        # a notebook's (cell, line in cell) per program line, when the analysed file is one
        self.cells: tuple[tuple[int, int], ...] | None = None
        self.lines = text.splitlines()
        bound, count = scan_module(tree)
        n = count // 4 + 10
        first = Interp(tree, None, n, bound, path, src)
        first.run()
        know = first.know
        # leaves are keyed by syntax, so the main pass recognises what discovery found
        for key, leaf in first.leaves.items():
            if leaf.requires_grad:
                know.requires_grad.add(key)
        self.interp = Interp(tree, know, n, bound, path, src)
        self.interp.run()
        it = self.interp
        self.deps: tuple[str, ...] = tuple(dict.fromkeys(it.deps))
        self.notes: list[str] = list(dict.fromkeys(it.notes))
        self.units: list[Unit] = self._confirmed([u for u in it.units if u.layers], know)
        self.events: list[Event] = self._dedupe(it.events)
        self.zeroed = it.zeroed
        self.autograd = it.autograd
        self.escapes = it.escapes
        self.flipped_rates = frozenset(it.flipped_rates)
        self._graph = None
        self._into: dict[int, list[int]] | None = None  # data-flow edges by their target
        self._outof: dict[int, list[int]] | None = None  # and by their source
        self._onward: set[int] = set()  # statements of formulas 1 and 2 (handed_on_as_error)
        self._steps: set[int] = set()  # statements of updates (handed_on_as_error)
        self._established: list[Event] | None = None
        self._class_of: dict[int, str] | None = None  # method -> its class's name, when a rule asks
        self.guessed = self._set_aside_guesses()
        for i, u in enumerate(self.units, 1):
            u.index = i
        self.stmt_tags = self._tags()
        # hand-written autograd engines (micrograd's shape) are read from the syntax, beside the interpreter
        self.engine: EngineModel = find_engines(tree)
        self.notes.extend(self._uncertainty())

    @functools.cached_property
    def imported_roots(self) -> frozenset[str]:
        """The top-level packages the module imports (`torch` of `import torch.nn as nn`)."""
        return frozenset(name.split(".")[0] for name, _ in imports(self.tree))

    def displayed(self, stmt: StmtInfo) -> bool:
        """A bare expression a notebook shows: the last statement of its cell, at the cell's top level."""
        node = stmt.node
        if not self.cells or stmt.func is not None or stmt.mod is not None or not isinstance(node, ast.Expr) or \
                node.col_offset != 0:
            return False
        end = getattr(node, "end_lineno", None) or node.lineno
        if not 1 <= end <= len(self.cells):
            return False
        cell = self.cells[end - 1][0]
        for i in range(end, len(self.cells)):  # the cell's later lines hold nothing but blanks and comments
            if self.cells[i][0] != cell:
                break
            text = self.lines[i].strip() if i < len(self.lines) else ""
            if text and not text.startswith("#"):
                return False
        return True

    def _set_aside_guesses(self) -> bool:
        """Drop the events (and the layers only they name) that would be guesses, and say why; True when the
        script's own updates apply nothing traced from an output error."""
        # a script whose updates apply nothing traced from an output error (x += alpha * p in a solver) is
        # not read as backprop: its formula tags would be guesses, and so would any finding resting on them
        script_ups = [e for e in self.of_kind("update") if not e.info.get("entry")]
        # (a script whose output error reaches a layer's weight gradient is backprop, whatever its one driven step
        # applies - `w -= adam_step * dW`, a gradient scaled by another: its formulas are still read)
        # (or whose step applies it through what the model cannot read - `clip_gradients(grads)` before an
        # optimiser's step: the error reaches the weight's formula 3 and the weight is stepped)
        traced = any(e.kind == "error" and e.unit is not None and not e.info.get("entry") for e in self.events) and \
            any(e.kind == "F3" and e.unit is not None and e.leaf is not None and not e.info.get("entry") and
                any(u.leaf is e.leaf and not u.info.get("line_search") and
                    (u.info.get("adjs") or e.unit.layers and not e.leaf.data) for u in script_ups)
                for e in self.events)
        guessed = bool(script_ups) and not traced and \
            not any(not e.info.get("entry") for e in self.established_updates())
        # a function whose step length is found by a line search over a residual (conjugate gradients) solves
        # an equation: nothing in it is read as a layer, a formula or a step
        solvers = {id(e.stmt.func) for e in self.of_kind("update")
                   if e.info.get("line_search") and not e.info.get("direction") and e.stmt.func is not None}
        if solvers:
            self.notes.append("steps whose length a line search over a residual finds (an iterative solver) are "
                              "not read as backprop")
        if guessed:
            self.notes.append("the updates in this script apply no gradient traced from an output error: "
                              "its statements are not tagged as backprop")
        # gradients with no source: the script has no output error, no update and no autograd, and the formula
        # it seems to meet is not in a backward pass with its forward elsewhere (`x = (b - R @ x) / D`, a
        # fixed-point iteration, is no formula 3)
        script = [e for e in self.events if not e.info.get("entry")]
        orphans = not script_ups and not self.interp.backward_roots and not self.autograd and \
            not any(e.kind == "error" for e in script) and \
            any(e.kind in ("F1", "F2", "F3") for e in script) and \
            not any(e.unit is not None and e.unit.presumed for e in script if e.kind in ("F1", "F2", "F3"))
        if orphans:
            self.notes.append("no output error, gradient or update is in this script: what looks like a formula "
                              "of backprop in it is not tagged")
            guessed = True
        # a file whose steps apply nothing that is a gradient, beside no error, formula or autograd anywhere
        # (`self.V += dv * self.dt` of a neuron simulation, its methods driven as entries): state integrated
        # over time, not trained - unless a step is scaled by a factor named as a learning rate
        ups = self.of_kind("update")
        ungrounded = bool(ups) and not self.autograd and not self.interp.backward_roots and \
            not any(e.kind in ("error", "F1", "F2", "F3") for e in self.events) and \
            not any(e.info.get("adjs") or e.info.get("grad_read") or rate_scaled_step(e.stmt.node) for e in ups)
        if ungrounded:
            self.notes.append("the steps in this file apply nothing that is a gradient and no output error or "
                              "formula of backprop is in it: they are not tagged as updates")
        if guessed or solvers or ungrounded:
            self.events = [e for e in self.events if (e.info.get("entry") or not guessed) and
                           id(e.stmt.func) not in solvers and not (ungrounded and e.kind == "update")]
            self._established = None
            kept = {id(u) for e in self.events for u in (e.unit, e.leaf.unit if e.leaf is not None else None)
                    if u is not None}
            self.units = [u for u in self.units if id(u) in kept]
        return guessed or ungrounded

    def _not_understood(self) -> str | None:
        """Why a file that looks like hand-written backprop got no model, or None."""
        if any(e.kind in ("error", "F1", "F2", "F3", "update") for e in self.events) or self.engine.active:
            return None
        numeric = gradient_like = stepped = False
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mods = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                numeric = numeric or any(m.split(".")[0] in _ARRAY_ROOTS for m in mods)
            elif isinstance(node, (ast.Name, ast.arg, ast.Attribute)):
                name = getattr(node, "id", None) or getattr(node, "arg", None) or getattr(node, "attr", "")
                gradient_like = gradient_like or bool(_GRADIENT_NAME.match(name))
            elif isinstance(node, (ast.AugAssign, ast.Assign)):
                # (a network in plain Python lists imports no array library: a step scaled by a learning rate,
                # `self.w2[i][j] -= lr * dw2[i][j]`, says it trains all the same)
                stepped = stepped or rate_scaled_step(node)
            if (numeric or stepped) and gradient_like:
                break
        if not ((numeric or stepped) and gradient_like):
            return None
        it = self.interp
        if not self.units:
            why = "no layer was found (no trained parameter multiplies data on the way to an output)"
        else:
            names = ", ".join([lay.weight.name for u in self.units for lay in u.layers][:4])
            why = f"layers were found ({names}) but no output error or upstream gradient reaches them"
        opaque = [q for q in it.opaque_calls if q.split(".")[0] not in KNOWN_LIBRARIES][:4]
        if opaque:
            why += "; it calls functions of modules bpscan could not read: " + ", ".join(
                f"{q} (line {it.opaque_calls[q]})" for q in opaque)
        return f"{NOT_UNDERSTOOD}{why}. Nothing in this file was checked"

    def _uncertainty(self) -> list[str]:
        """What the model could not decide, so the report can say why a rule stayed silent."""
        notes: list[str] = []
        lost = None if self.guessed else self._not_understood()
        if lost is not None:
            notes.append(lost)
        ups = self.of_kind("update")
        if ups and not self.of_kind("error") and not any(e.info.get("grad_read") or e.info.get("direction")
                                                         for e in ups):
            notes.append("no output error (target vs output) was found: update directions are not checked")
        undecided = list(dict.fromkeys((_place(e.stmt), e.leaf.name) for e in ups
                                       if e.info.get("direction") == 0 and e.info.get("adjs")
                                       and not e.info.get("branch_climb")))
        if len(undecided) == 1:
            line, name = undecided[0]
            notes.append(f"{line}: the direction of the update of {name} could not be "
                         f"decided (its gradient's sign is mixed or unknown): BP201 stays silent")
        elif undecided:
            # one line for an optimiser's every step rather than one per parameter
            where = ", ".join(f"{name} ({line})" for line, name in undecided[:6])
            more = f" and {len(undecided) - 6} more" if len(undecided) > 6 else ""
            notes.append(f"the directions of the updates of {where}{more} could not be decided (their "
                         f"gradients' signs are mixed or unknown): BP201 stays silent there")
        for u in self.units:
            if u.activation is None and any(e.kind == "F1" and e.unit is u and e.info.get("deriv") for e in self.events):
                notes.append(f"layer {u.index}: its activation was not recognised, so its derivative is not checked")
        return list(dict.fromkeys(notes))

    def _confirmed(self, units: list[Unit], know: Knowledge) -> list[Unit]:
        """Layers the training step really trains: a weight is updated, or backprop reaches them.

        A product of two constant matrices outside any training (a teacher network making the
        targets) is not a layer.
        """
        touched = {id(e.unit) for e in self.interp.events if e.unit is not None}
        touched |= {id(e.leaf.unit) for e in self.interp.events if e.leaf is not None and e.leaf.unit is not None}
        ok = {id(u) for u in units if id(u) in touched or any(
            lay.weight.key in know.updated or lay.weight.requires_grad for lay in u.layers)}
        feeds: dict[int, list[Unit]] = defaultdict(list)  # unit -> units whose input it is
        for other in units:
            for lay in other.layers:
                if lay.input is not None and lay.input.role is not None:
                    feeds[id(other)].append(lay.input.role[1])
        todo = [u for u in units if id(u) in ok]
        while todo:
            for src in feeds.get(id(todo.pop()), []):
                if id(src) not in ok:
                    ok.add(id(src))
                    todo.append(src)
        return [u for u in units if id(u) in ok]

    @staticmethod
    def _dedupe(events: list[Event]) -> list[Event]:
        seen: dict[tuple, int] = {}
        out = []
        for e in events:
            # (one call picking among derivative helpers: each helper handed its arguments in the wrong order apart)
            key = (e.kind, e.stmt.idx, id(e.unit), id(e.leaf), e.info.get("bias"), e.info.get("deriv") is None,
                   e.info.get("pos"), id(e.info.get("helper")))
            at = seen.get(key)
            if at is not None:
                kept = out[at]
                if e.kind == "update" and not kept.info.get("direction") and e.info.get("direction") and \
                        e.info.get("adjs") and not kept.info.get("adjs") and bool(kept.info.get("entry")) == \
                        bool(e.info.get("entry")):
                    # an optimiser's step first met before any gradient reached it (the solver's first call on
                    # data it cannot see), later with the model's gradient: the informed reading stands
                    out[at] = e
                continue
            seen[key] = len(out)
            out.append(e)
        return out

    def established_updates(self) -> list[Event]:
        """Updates that apply a gradient the model traced (dW, db, a .grad), with a known direction."""
        if self._established is not None:
            return self._established  # asked by the tags, the doubts and two rules
        out = []
        for e in self.of_kind("update"):
            adjs = e.info.get("adjs") or []
            if e.info.get("line_search") and not e.info.get("direction"):
                continue  # a solver's step along a direction, its length found by a line search
            if e.info.get("grad_read") or e.info.get("direction") or any(a.pos in PARAM_GRADIENT for a in adjs):
                out.append(e)
        self._established = out
        return out

    def climbs_outputs(self) -> bool:
        """`scores[0, y].backward()` then `img += lr * img.grad`: what is differentiated is not shown to be a
        loss (a class score may be climbed on purpose), so the direction of its updates is not established."""
        for v in self.interp.backward_roots:
            named_loss = bool(v.name and _LOSS_NAME.search(v.name)) or v.payload == "loss"
            base = v
            picked = False  # scores[0, y]: one entry picked out of an output, a class's score
            for _ in range(4):
                if base.op in ("getitem", "copy", "call") and base.args and isinstance(base.args[0], Val) and \
                        base.payload in (None, "sum", "max", "mean"):
                    picked = picked or base.op == "getitem"
                    base = base.args[0]
                elif base.op in ("add", "sub") and base.args and isinstance(base.args[0], Val):
                    base = base.args[0]  # score - reg * ||img||^2: the score, with a penalty
                else:
                    break
            score = picked and base.payload != "loss" and base.adj is None
            # a class's score picked out of the model's output (`scores[:, y].sum() - reg * ...`) is climbed
            # on purpose even when it is called `loss`; a value of no such shape is a loss by its name
            if score and (base.role is not None or base.op == "unknown"):
                return True
            if named_loss:
                continue
            if base.role is not None or base.op == "unknown" and base.payload != "loss" or score:
                return True
        return False

    def handed_orientation(self, seed: Leaf) -> int | None:
        """How this module's own callers build the upstream argument `seed` of a backward method it drives
        as an entry point: -1 when a call hands it target minus output (`d = y - net(x)` then
        `layer.backprop(d)`), +1 output minus target, None when no call says. Read from the syntax alone,
        for callers the analysis could not follow (the layers are added in another file)."""
        key = seed.key
        if not (isinstance(key, tuple) and len(key) == 3 and key[2] == "seed"):
            return None
        func = next((n for n in ast.walk(self.tree) if id(n) == key[0] and
                     isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
        if func is None:
            return None
        params = [a.arg for a in func.args.posonlyargs + func.args.args]
        if params and params[0] in ("self", "cls"):
            params = params[1:]
        if seed.name not in params:
            return None
        pos = params.index(seed.name)
        signs: set[int] = set()
        for caller in ast.walk(self.tree):
            if not isinstance(caller, (ast.FunctionDef, ast.AsyncFunctionDef)) or caller is func:
                continue
            built = _subtractions(caller)
            for call in ast.walk(caller):
                if not (isinstance(call, ast.Call) and callee_name(call.func) == func.name):
                    continue
                arg = next((k.value for k in call.keywords if k.arg == seed.name), None)
                if arg is None and len(call.args) > pos:
                    arg = call.args[pos]
                exprs = built.get(arg.id, []) if isinstance(arg, ast.Name) else [arg] if arg is not None else []
                signs.update(x for x in (_target_side(e) for e in exprs) if x is not None)
        return signs.pop() if len(signs) == 1 else None

    def _optimiser_code(self, e: Event) -> bool:
        """The update is in an optimiser by name: `sgd_momentum`, `Adam.update`, `class SGD: def step`."""
        from bpscan.interp_entries import OPTIMISER_NAME

        func = e.stmt.func
        if func is not None and OPTIMISER_NAME.search(getattr(func, "name", "")):
            return True
        if self._class_of is None:
            self._class_of = {id(m): c.name for c in ast.walk(self.tree) if isinstance(c, ast.ClassDef)
                              for m in c.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
        owner = self._class_of.get(id(func)) if func is not None else None
        return owner is not None and bool(OPTIMISER_NAME.search(owner))

    def doubts(self) -> dict[tuple[str | None, int], tuple[str, frozenset[str]]]:
        """Lines whose formula events rest on a reading the model cannot fully establish: why, and the
        rules whose premise that reading is.

        A finding of one of those rules on such a line is reported with confidence "medium" (shown
        with --show-uncertain). Keyed by (the other project file the line is in, or None for this one; line).
        """
        out: dict[tuple[str | None, int], tuple[str, frozenset[str]]] = {}
        # the functions (per driven run) that compute an output error with a known sign
        signed = {(id(x.stmt.func), x.unit.run) for x in self.events
                  if x.kind == "error" and x.unit is not None and x.info.get("sign") in (-1, 1)}
        applied = {e.leaf for e in self.established_updates()}
        trained = self._trained_weights()
        # statements a driver in the file (or the project) reaches too: read there with their real values
        driven = {(e.stmt.mod, e.stmt.line, e.kind) for e in self.events if not e.info.get("entry")}
        # statements an entry run also reads outside any loop (a layer's backward driven once after its
        # forward, besides the bptt method that calls it step by step): read there with plain values
        plain = driven | {(e.stmt.mod, e.stmt.line, e.kind) for e in self.events
                          if e.info.get("entry") and not e.loops}
        # the statements of the forward products: a layer's forward reused to compute a gradient (a convolution
        # object whose kernels are set to the upstream gradient, then called forward) reads its own product
        # as formula 3 too
        products = {(lay.stmt.mod, lay.line) for u in self.units for lay in u.layers if lay.stmt is not None}
        # no output error and no formula anywhere: a step's direction then rests on values the model could not follow
        # back to a loss (layers of several classes walked as one list, each read as the last)
        formulas = any(x.kind in ("error", "F1", "F2", "F3") for x in self.events)
        for e in self.events:
            why, codes = None, _STRUCTURE
            if e.kind in ("F2", "F3") and (e.stmt.mod, e.stmt.line) in products:
                why, codes = "the statement is also a layer's forward product", _ALL
            elif e.kind == "update" and not formulas and e.info.get("direction") and not e.info.get("entry") and \
                    not e.info.get("grad_read") and not e.info.get("seeded"):
                why, codes = "no output error and no formula of backprop was found to orient the step", _ALL
            elif e.unit is not None and len(e.unit.layers) > 1:
                why = "the layer merges several weights (a recurrent or gated unit)"
            elif e.unit is not None and e.unit.presumed:
                why, codes = "the forward pass is not in the file: its layers are presumed from the backward pass", _ALL
                if e.kind == "update" and (id(e.stmt.func), e.unit.run) in signed:
                    # `dz = cache["A" + str(L)] - Y` in the same function: which way the step goes rests on
                    # that error's sign, not on the layers the model had to presume
                    codes = _ALL - {"BP201"}
            elif e.leaf is not None and e.leaf.family and not self._same_member_stepped(e):
                why, codes = f"{e.leaf.name} stands for every element of a container", _PAIRING
            elif e.info.get("entry") and e.loops and not e.info.get("exact_loops") and \
                    (e.stmt.mod, e.stmt.line, e.kind) not in plain and \
                    not (e.kind == "update" and self._optimiser_code(e)):
                # (an optimiser's step over its list of parameters is the one loop whose elements are
                # all alike: each a parameter and its own gradient)
                why, codes = "values in a loop of code that nothing in the file calls", _ALL
            elif isinstance(e.info.get("layer"), LayerRec) and e.info["layer"].mixed:
                why = f"{e.info['layer'].weight.name} is used both as W and as W^T in forward products"
            elif e.kind == "update" and e.info.get("grad_read") and self.climbs_outputs():
                why, codes = "what .backward() differentiates is a network output, not a loss", _ALL
            elif e.kind == "update" and e.info.get("entry") and e.info.get("seeded") and not self._optimiser_code(e):
                why, codes = "the step direction is taken for a gradient by its name only", _ALL
            elif e.kind == "F3" and e.leaf is not None and not e.leaf.presumed and e.leaf not in applied and \
                    e.leaf.packed not in applied:
                why = f"no update of {e.leaf.name} applies a gradient the model traced"
            elif any(isinstance(v, Val) and v.vague for v in (e.info.get("delta"), e.info.get("error"),
                                                                e.info.get("weight"), e.info.get("input"))):
                why = "a value read from a container whose elements could not be told apart"
            elif e.kind in ("F2", "F3") and isinstance(e.info.get("layer"), LayerRec) and \
                    e.info["layer"].weight not in trained:
                why = (f"{e.info['layer'].weight.name} is never trained (no update, no gradient required, "
                       f"not a layer's argument): no network is established")
            if why is not None and (e.stmt.mod, e.stmt.line) not in out:
                out[(e.stmt.mod, e.stmt.line)] = (why, codes)
        # a step of a hand-written engine read in this file (its `.grad` accumulated by the engine's own
        # closures) rests on that reading, not on the interpreter's
        if self.engine.writes:
            for st in self.engine.steps:
                out.pop((None, st.node.lineno), None)
        return out

    def _same_member_stepped(self, e: Event) -> bool:
        """Formula 2 through `params['W%d' % k]` just after `params['W%d' % k] = ...` in the same pass of the
        same loop: the very member the step rebound, whichever member that is (BP306 certain)."""
        if e.kind != "F2" or not e.info.get("stale"):
            return False
        ups = [u for u in self.updates_of(e.leaf) if u.t < e.t and u.loops == e.loops and u.stmt.func is e.stmt.func]
        if not ups:
            return False
        node = ups[-1].stmt.node
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else \
            node.target if isinstance(node, ast.AugAssign) else None
        if not isinstance(target, ast.Subscript):
            return False
        key = (ast.unparse(target.value), ast.unparse(target.slice))
        read = {(ast.unparse(n.value), ast.unparse(n.slice))
                for n in ast.walk(e.stmt.node) if isinstance(n, ast.Subscript)}
        return key in read

    def _trained_weights(self) -> set[Leaf]:
        """Weights something trains: updated (here or, by the discovery pass, anywhere), requiring a gradient,
        presumed from a backward pass, a member of a family, or handed to a layer API driven as an entry."""
        out = {e.leaf for e in self.of_kind("update") if e.leaf is not None}
        know = self.interp.know
        for u in self.units:
            for lay in u.layers:
                w = lay.weight
                if w.key in know.updated or w.requires_grad or w.presumed or w.family or u.presumed or \
                        (w.packed is not None and w.packed.key in know.updated):
                    out.add(w)
        out |= {e.info["layer"].weight for e in self.events
                if e.info.get("entry") and isinstance(e.info.get("layer"), LayerRec)}
        return out

    # ------------------------------------------------------------------ queries
    def of_kind(self, *kinds: str) -> list[Event]:
        return [e for e in self.events if e.kind in kinds]

    def params(self) -> list[Leaf]:
        """Trained parameters: the weights and biases the forward pass uses."""
        out: list[Leaf] = []
        for u in self.units:
            for lay in u.layers:
                out.append(lay.weight)
            out.extend(u.biases)
        return out

    def updates_of(self, leaf: Leaf) -> list[Event]:
        return [e for e in self.events if e.kind == "update" and e.leaf is leaf]

    def source_line(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1].strip()
        return ""

    def module_tree(self, path: str) -> ast.Module | None:
        """The tree of an imported project module this analysis read (None if it read none by that path)."""
        from bpscan.interp_imports import parsed_tree

        return parsed_tree(path)

    def stmt_text(self, stmt: StmtInfo) -> str:
        """The statement's source on one line (sliced from the lines we keep: no re-split of the file;
        a statement of an imported project module from that module's own lines)."""
        node = stmt.node
        lines = self.lines if getattr(stmt, "mod", None) is None else _module_lines(stmt.mod)
        first, last = node.lineno, getattr(node, "end_lineno", None) or node.lineno
        if not 1 <= first <= last <= len(lines):
            return self.source_line(stmt.line) if lines is self.lines else ""
        # ast columns are UTF-8 byte offsets
        parts = [ln.encode("utf-8") for ln in lines[first - 1:last]]
        end_col = getattr(node, "end_col_offset", None)
        if end_col is not None:
            parts[-1] = parts[-1][:end_col]
        parts[0] = parts[0][node.col_offset:]
        text = b"\n".join(parts).decode("utf-8", "replace")
        if len(parts) > 1 and "#" in text:
            text = _without_comments(text)
        return " ".join(text.split()) or self.source_line(stmt.line)

    def feeding(self, targets: set[int]) -> set[int]:
        """The statements whose values flow into any of `targets` (statement indices), and those.

        A walk back along the data-flow edges: what BP102 needs on most training files, so it does
        not pay for importing networkx (more than the analysis of a small file costs).
        """
        if self._into is None:
            into: dict[int, list[int]] = {}
            for src, dst in self.interp.edges:
                into.setdefault(dst, []).append(src)
            self._into = into
        seen = set(targets)
        todo = list(targets)
        while todo:
            for src in self._into.get(todo.pop(), ()):
                if src not in seen:
                    seen.add(src)
                    todo.append(src)
        return seen

    def handed_on_as_error(self, stmt: StmtInfo) -> bool:
        """The statement's value flows, through no update, into a formula 1 or 2 of another statement: it is the
        error a backward pass carries on (`dy_dscores = g @ v.T` handed to a softmax's backward), not a
        parameter's gradient."""
        if self._outof is None:
            # (built once: the edges by their source, the statements of formulas 1 and 2, the steps)
            self._outof = {}
            for src, dst in self.interp.edges:
                self._outof.setdefault(src, []).append(dst)
            self._onward = {x.stmt.idx for x in self.events if x.kind in ("F1", "F2")}
            self._steps = {x.stmt.idx for x in self.events if x.kind == "update"}
        outof, onward, steps = self._outof, self._onward, self._steps
        seen, todo = {stmt.idx}, [stmt.idx]
        while todo:
            for nxt in outof.get(todo.pop(), ()):
                if nxt in onward and nxt != stmt.idx:
                    return True
                if nxt not in seen and nxt not in steps:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    def graph(self) -> Any:
        """Data flow between statements (statement index -> statement index), as a networkx DiGraph."""
        if self._graph is None:
            import networkx as nx

            g = nx.DiGraph()
            for info in self.interp.stmts.values():
                g.add_node(info.idx, line=info.line)
            g.add_edges_from(self.interp.edges)
            self._graph = g
        return self._graph

    def _tags(self) -> dict[int, dict[str, set]]:
        """Per statement index: kind -> set of (layer, param)."""
        tags: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        self._stmt_of: dict[int, StmtInfo] = {}
        placed: list[Event] = []
        unplaced: list[Event] = []
        for e in self.events:
            (unplaced if e.kind == "chain" and e.info.get("unplaced") else placed).append(e)
        # `return sum(v_i * w_i for v_i, w_i in zip(v, w))` of a `dot` helper the forward pass calls too: a formula
        # it computes for the backward pass is tagged where the backward pass calls it, not in the shared helper
        shared = {lay.stmt.idx for u in self.units for lay in u.layers
                  if lay.stmt is not None and isinstance(lay.stmt.node, ast.Return)}
        for e in [*placed, *_flowing_on(unplaced, self.events, self.interp.edges)]:
            if e.kind not in BACKWARD_KINDS and e.kind not in ("linear", "activation", "loss", "acc", "drop", "chain"):
                continue
            site = e.info.get("site")
            if e.kind in ("F1", "F2") and e.stmt.idx in shared and site is not None and site.mod == e.stmt.mod:
                e = Event(e.kind, site, e.unit, e.leaf, e.info, e.loops, e.t, e.no_grad)
            # a gradient summed over steps or samples; a dropout mask applied to the error; a step of the chain
            # rule written node by node, tagged for the part of the network it is in
            kind = "F3" if e.kind == "acc" else "F1" if e.kind == "drop" else e.info["tag"] if e.kind == "chain" \
                else e.kind
            unit = e.unit
            if kind in ("F3", "update") and e.leaf is not None and e.leaf.unit is not None:
                unit = e.leaf.unit
            # a presumed layer (no forward pass in the file) has no index a reader could look up
            known = unit is not None and unit.layers and not unit.presumed
            tags[e.stmt.idx][kind].add((unit.index if known else None,
                                        e.leaf.name if e.leaf is not None and kind in ("F3", "update") else None))
            self._stmt_of[e.stmt.idx] = e.stmt
            # the first half of a derivative written over two statements is part of the same F1
            value = e.info.get("value")
            half = (value.ev or {}).get("half") if kind == "F1" and isinstance(value, Val) else None
            if half is not None and half.mod == e.stmt.mod:
                tags[half.idx]["F1"].add((unit.index if known else None, None))
                self._stmt_of[half.idx] = half
            # the copy that a ReLU mask then edits is part of the same F1, the copy of the probabilities that a
            # softmax error then edits (`d = probs.copy(); d[range(N), y] -= 1`) part of the same error
            started = e.info.get("error") if kind == "F1" else e.info.get("output") if kind == "error" else None
            # (so is a softmax computed again for the purpose, `dlogits = F.softmax(logits, 1)`, apart from the
            # forward pass's own)
            again = kind == "error" and isinstance(started, Val) and started.op == "call" and \
                started.payload == "softmax" and unit is not None and unit.named is not None and \
                unit.named[1].stmt is not None and started.stmt is not unit.named[1].stmt and \
                started.stmt is not None and started.stmt.func is e.stmt.func
            # (and so is a gate's product written on a line of its own, `di = ds * g` then `di *= i * (1 - i)`: the
            # gradient at the gate's output, which the derivative then carries to its input)
            gated = kind == "F1" and isinstance(started, Val) and started.op == "mul" and \
                started.adj is not None and started.stmt is not None and started.stmt.func is e.stmt.func and \
                any(isinstance(x, Val) and x.adj is None and x.kind == "arr" for x in started.args)
            # (a copy only when this statement edits it in place: `y = np.asarray(y)` before `return 2 * (y - t)`
            # is the output, converted, not part of the error)
            if isinstance(started, Val) and (started.op == "copy" and _edits_in_place(e.stmt.node) or again or
                                             gated) and started.stmt is not None and \
                    started.stmt is not e.stmt and started.stmt.mod == e.stmt.mod:
                tags[started.stmt.idx][kind].add((unit.index if known else None, None))
                self._stmt_of[started.stmt.idx] = started.stmt
        return tags

    def tags(self) -> list[Tag]:
        out: list[Tag] = []
        for idx, kinds in self.stmt_tags.items():
            st = self._stmt_of[idx]
            for kind, places in kinds.items():
                layers = {p[0] for p in places if p[0] is not None}
                params = {p[1] for p in places if p[1] is not None}
                layer = str(next(iter(layers))) if len(layers) == 1 else None
                param = next(iter(params)) if len(params) == 1 else None
                out.append(Tag(st.line, st.end_line, kind, layer, param,
                               "high" if layers or kind == "update" else "low", path=st.mod))
        at = {(t.line, t.kind, t.path): i for i, t in enumerate(out)}
        for t in self._engine_tags({t.line for t in out if t.kind == "update"}):
            i = at.get((t.line, t.kind, t.path))
            if i is None:
                out.append(t)
            elif t.confidence == "high":
                # (an activation class read both as a layer and as an engine's operation whose local derivative
                # matches its forward: one tag per line and kind, as sure as the surer reading)
                out[i] = replace(out[i], confidence="high")
        out.extend(self._call_sites(out))
        out.extend(self._continuations(out))
        out.extend(self._alias_starts(out))
        out.extend(self._pooling_tags(out))
        out.sort(key=lambda t: (t.line, BACKWARD_KINDS.index(t.kind) if t.kind in BACKWARD_KINDS else 9, t.kind))
        return out

    def _call_sites(self, tags: list[Tag]) -> list[Tag]:
        """`grads = layer.backward(grads)`: a call that hands on its callee's output error or formula, tagged with
        that formula's kind (as sure as the callee's own tag: its layer known or not)."""
        have = {(t.line, t.kind, t.path) for t in tags}
        tagged = {(t.line, t.path) for t in tags if t.kind in BACKWARD_KINDS}
        out: list[Tag] = []
        # (a backward read off the protocol alone, its callee's formulas unread, only where no formula is tagged)
        # (a call that only delegates - `net.backward(x, y)` on its own line - is tagged last, where nothing else
        # tags its line, with the strongest kind any of its runs carried)
        ordered = sorted(self.interp.call_sites_tagged, key=lambda c: (
            {"fallback": 1, "delegated": 2}.get(c[3], 0),
            DELEGATED_KINDS.index(c[1]) if c[3] == "delegated" else 0))
        for st, kind, unit, source in ordered:
            # (a callee's formula counts while the model keeps the callee's events; a dispatch by the module
            # protocol is read off the call itself)
            if source in ("callee", "delegated") and not self.events or (st.line, kind, st.mod) in have or \
                    source in ("fallback", "delegated") and (st.line, st.mod) in tagged:
                continue
            tagged.add((st.line, st.mod))
            have.add((st.line, kind, st.mod))
            known = unit is not None and unit in self.units
            out.append(Tag(st.line, st.end_line, kind, str(unit.index) if known else None, None,
                           "high" if known else "low", path=st.mod))
        return out

    def _alias_starts(self, tags: list[Tag]) -> list[Tag]:
        """`d = probs` then `d[target] -= 1`: the name bound to the probabilities (not a copy of them, so the
        probabilities change too) starts the same error as the copy a softmax error edits; `dx = dout` then
        `dx[x <= 0] = 0` likewise starts the ReLU's formula 1, as the copy it masks would."""
        have = {(t.line, t.kind) for t in tags if t.path is None}
        out: list[Tag] = []
        for idx, kinds in self.stmt_tags.items():
            st = self._stmt_of[idx]
            node = st.node
            if st.mod is not None:
                continue
            if "error" in kinds and isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Sub) and \
                    isinstance(node.target, ast.Subscript) and isinstance(node.target.value, ast.Name):
                kind, edited = "error", node.target
            elif "F1" in kinds and isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Subscript) and isinstance(node.targets[0].value, ast.Name) and \
                    isinstance(node.value, ast.Constant) and node.value.value == 0:
                kind, edited = "F1", node.targets[0]
            else:
                continue
            name = edited.value.id
            scope = st.func if st.func is not None else self.tree
            binds = [b for b in ast.walk(scope) if isinstance(b, ast.Assign) and len(b.targets) == 1 and
                     isinstance(b.targets[0], ast.Name) and b.targets[0].id == name and b.lineno < node.lineno]
            if not binds:
                continue
            last = max(binds, key=lambda b: b.lineno)
            if isinstance(last.value, (ast.Name, ast.Attribute)) and (last.lineno, kind) not in have:
                have.add((last.lineno, kind))
                out.append(Tag(last.lineno, last.end_lineno or last.lineno, kind, None, None, "low"))
        return out

    def _pooling_tags(self, tags: list[Tag]) -> list[Tag]:
        """A pooling layer's backward, routing the upstream gradient to its input (formula 1 with no weight), read
        off its syntax (bpscan.pooling); low confidence, and only on lines nothing else tagged."""
        if not any("pool" in ln.lower() or "backward" in ln for ln in self.lines):
            return []
        from bpscan.pooling import pooling_f1_lines

        tagged = {line for t in tags if t.path is None and t.kind in BACKWARD_KINDS
                  for line in range(t.line, t.end_line + 1)}
        return [Tag(a, b, "F1", None, None, "low") for a, b in pooling_f1_lines(self.tree)
                if not any(line in tagged for line in range(a, b + 1))]

    def _continuations(self, tags: list[Tag]) -> list[Tag]:
        """Statements that finish a tagged value in place: `dscores /= N`, `dWhh /= len(X)` or `d = d / n` after it
        (the same value, scaled)."""
        kinds_at: dict[int, set[str]] = defaultdict(set)
        for t in tags:
            if t.path is None and t.kind in ("error", "F1", "F3"):
                kinds_at[t.line].add(t.kind)
        if not kinds_at:
            return []
        sibling = _siblings(self.tree)
        have = {(t.line, t.kind) for t in tags if t.path is None}
        out: list[Tag] = []
        for idx, st in self._stmt_of.items():
            if st.mod is not None or st.line not in kinds_at or id(st.node) not in sibling:
                continue
            target = _target_text(st.node)
            if target is None:
                continue
            block, i = sibling[id(st.node)]
            # (the output's delta of a cancelling loss, tagged error and F1, continues as the error)
            kinds = {next(k for k in ("error", "F3", "F1") if k in kinds_at[st.line])}
            for nxt in block[i + 1:i + 4]:
                if _rescaled(nxt, target):
                    out.extend(Tag(nxt.lineno, nxt.end_lineno or nxt.lineno, k, None, None, "low")
                               for k in kinds if (nxt.lineno, k) not in have)
                    continue
                if "error" in kinds and _divided_into(nxt, target):
                    # `dx = scores / N` after `scores[range(N), y] -= 1`: the error, averaged, under the name the
                    # function hands back
                    if (nxt.lineno, "error") not in have:
                        out.append(Tag(nxt.lineno, nxt.end_lineno or nxt.lineno, "error", None, None, "low"))
                    break
                # (a statement that writes the value otherwise, or reads it, ends what finishes it)
                if _target_text(nxt) == target or target in {ast.unparse(n) for n in ast.walk(nxt)
                                                             if isinstance(n, (ast.Name, ast.Attribute))}:
                    break
        return list({(t.line, t.kind): t for t in out}.values())

    def _engine_tags(self, updated: set[int]) -> list[Tag]:
        """An engine's operation writes (by the kind of their local derivative), its seed and its steps."""
        eng = self.engine
        out: list[Tag] = []
        for w in eng.writes:
            line, end = w.node.lineno, w.node.end_lineno or w.node.lineno
            for kind in w.kinds:
                out.append(Tag(line, end, kind, None, None, "low" if w.verdict == "unknown" else "high"))
                for t in w.temps:
                    temp = Tag(t.lineno, t.end_lineno or t.lineno, kind, None, None, "low")
                    if temp not in out:
                        out.append(temp)
        for st in eng.seeds:
            out.append(Tag(st.lineno, st.end_lineno or st.lineno, "error", None, None, "high"))
        for s in eng.steps:
            if s.node.lineno not in updated:
                out.append(Tag(s.node.lineno, s.node.end_lineno or s.node.lineno, "update", None, s.param,
                               "high" if s.direction is not None else "low"))
        # (one tag per line and kind: an operation class's return statement carries every input's share)
        return list({(t.line, t.kind): t for t in out}.values())

    def forward_tags(self) -> list[Tag]:
        out: list[Tag] = []
        for u in self.units:
            local = True
            for lay in u.layers:
                if lay.stmt is not None and lay.stmt.mod is not None:
                    local = False
                    continue
                out.append(Tag(lay.line, lay.line, "linear", str(u.index), lay.weight.name))
            if u.act_line and local and (u.act_stmt is None or u.act_stmt.mod is None):
                # (an activation applied in another project file, `self.softmax(s)` of a base class imported from
                # it: its line is that file's, not this one's)
                out.append(Tag(u.act_line, u.act_line, "activation", str(u.index), None))
        return out

    # ------------------------------------------------------------------ layers
    def layers(self) -> list[Layer]:
        out: list[Layer] = []
        by_unit: dict[tuple, list[Event]] = defaultdict(list)
        by_leaf: dict[tuple, list[Event]] = defaultdict(list)
        for e in self.events:
            if e.unit is not None:
                by_unit[(e.kind, id(e.unit))].append(e)
            if e.leaf is not None:
                by_leaf[(e.kind, id(e.leaf))].append(e)
                if e.leaf.unit is not None:
                    by_unit[(e.kind + "/w", id(e.leaf.unit))].append(e)
        for u in self.units:
            f1 = self._lines(by_unit[("F1", id(u))])
            f2 = self._lines(by_unit[("F2/w", id(u))])
            for lay in u.layers:
                f3 = self._lines(by_leaf[("F3", id(lay.weight))])
                ups = by_leaf[("update", id(lay.weight))]
                dirs = {e.info.get("direction", 0) for e in ups}
                if not ups:
                    direction = None
                elif dirs == {-1}:
                    direction = "descent"
                elif 1 in dirs:
                    direction = "ascent"
                else:
                    direction = "unknown"
                out.append(Layer(
                    name=str(u.index), weight=lay.weight.name,
                    bias=u.biases[0].name if u.biases else None,
                    input=(lay.input.name or render(lay.input)) if lay.input is not None else "?",
                    preact=u.names()[0], activation=u.act(), output=u.names()[1],
                    convention=lay.convention, line=lay.line, f1=f1,
                    f2=self._lines(by_leaf[("F2", id(lay.weight))]) or f2,
                    f3=f3, update=self._lines(ups), direction=direction, family=lay.weight.family,
                ))
        return _one_row_per_layer(out)

    @staticmethod
    def _lines(events: Iterable[Event]) -> tuple[int, ...]:
        return tuple(sorted({e.stmt.line for e in events}))


#: which of two runs' verdicts on one layer's steps the row shows: a step seen to climb in either, then one
#: seen to descend, then one whose direction could not be told
_DIRECTION_RANK = {"ascent": 3, "descent": 2, "unknown": 1, None: 0}


def _one_row_per_layer(rows: list[Layer]) -> list[Layer]:
    """One row per layer of the code: the same weight multiplied on the same line with the same activation,
    met by several entry runs (a layer class driven on its own, then again through the network that holds one),
    is one layer; its formula lines are those of every run."""
    first: dict[tuple, int] = {}
    out: list[Layer] = []
    for row in rows:
        key = (row.weight, row.line, row.activation, row.convention)
        at = first.get(key)
        if at is None:
            first[key] = len(out)
            out.append(row)
            continue
        old = out[at]
        union = {name: tuple(sorted(set(getattr(old, name)) | set(getattr(row, name))))
                 for name in ("f1", "f2", "f3", "update")}
        direction = max((old.direction, row.direction), key=lambda d: _DIRECTION_RANK.get(d, 0))
        out[at] = replace(old, bias=old.bias or row.bias, direction=direction, **union)
    return out


def _place(stmt: StmtInfo) -> str:
    """`line 24`, or `solver.py line 24` for a statement of an imported project module."""
    return place_of(stmt.mod, stmt.line)


@lru_cache(maxsize=64)
def _module_lines(path: str) -> list[str]:
    """An imported project module's lines, for quoting its statements in a finding."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read().splitlines()
    except OSError:
        return []


def _subtractions(func: ast.AST) -> dict[str, list[ast.expr]]:
    """The differences each name of a function is bound to (`d = y - out`)."""
    out: dict[str, list[ast.expr]] = defaultdict(list)
    for st in ast.walk(func):
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
                isinstance(st.value, ast.BinOp) and isinstance(st.value.op, ast.Sub):
            out[st.targets[0].id].append(st.value)
    return out


def _target_side(e: ast.expr) -> int | None:
    """-1 for `target - x`, +1 for `x - target`, None for any other expression."""
    from bpscan.rules.vocabulary import TARGET_NAME

    if not (isinstance(e, ast.BinOp) and isinstance(e.op, ast.Sub)):
        return None

    def named_target(x: ast.expr) -> bool:
        while isinstance(x, (ast.Subscript, ast.Attribute)) and not (
                isinstance(x, ast.Attribute) and isinstance(x.value, ast.Name) and x.value.id == "self"):
            x = x.value
        text = x.id if isinstance(x, ast.Name) else \
            f"self.{x.attr}" if isinstance(x, ast.Attribute) and isinstance(x.value, ast.Name) else ""
        return bool(text) and bool(TARGET_NAME.match(text))

    left, right = named_target(e.left), named_target(e.right)
    if left == right:
        return None
    return -1 if left else 1


def _divided_into(st: ast.stmt, target: str) -> bool:
    """`dx = scores / N`: the value divided by a count that does not read it, stored under another name, or
    handed back so (`return loss, dx / batch_size`)."""
    if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name) and \
            st.targets[0].id != target:
        values = [st.value]
    elif isinstance(st, ast.Return) and st.value is not None:
        values = list(st.value.elts) if isinstance(st.value, ast.Tuple) else [st.value]
    else:
        return False
    return any(isinstance(v, ast.BinOp) and isinstance(v.op, ast.Div) and ast.unparse(v.left) == target and
               target not in ast.unparse(v.right) for v in values)


def _rescaled(st: ast.stmt, target: str) -> bool:
    """`dscores /= N` or `self.dinputs = self.dinputs / samples`: the value scaled and stored back under its own
    name."""
    if isinstance(st, ast.AugAssign):
        return isinstance(st.op, (ast.Div, ast.Mult)) and ast.unparse(st.target) == target
    if not (isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.value, ast.BinOp) and
            isinstance(st.value.op, (ast.Div, ast.Mult)) and ast.unparse(st.targets[0]) == target):
        return False
    # (`self.dinputs = dvalues * self.dinputs / samples`: one factor of a product or a quotient's numerator is the
    # value itself, no other factor reads it)
    factors: list[ast.expr] = []
    stack: list[ast.expr] = [st.value]
    while stack:
        e = stack.pop()
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult):
            stack += [e.left, e.right]
        elif isinstance(e, ast.BinOp) and isinstance(e.op, ast.Div):
            stack.append(e.left)
            if target in ast.unparse(e.right):
                return False  # (the divisor: never the value itself)
        else:
            factors.append(e)
    texts = [ast.unparse(f) for f in factors]
    return texts.count(target) == 1 and not any(target in t for t in texts if t != target)


def _flowing_on(steps: list[Event], events: list[Event], edges: set[tuple[int, int]]) -> list[Event]:
    """The chain's unplaced steps whose result a tagged statement reads, directly or through other such steps:
    a gradient computed for logging (`print(np.abs(dvar).max())`) or left unused is no step of the pass."""
    if not steps:
        return []
    tagged = {e.stmt.idx for e in events if e.kind in BACKWARD_KINDS or e.kind == "chain" and
              not e.info.get("unplaced")}
    reads: dict[int, set[int]] = defaultdict(set)
    for a, b in edges:
        reads[a].add(b)
    kept: list[Event] = []
    # (a fallback: a statement placed by another of its runs - formula 2 through the scale in one call - is that)
    pending = [e for e in steps if e.stmt.idx not in tagged]
    while True:
        more = [e for e in pending if any(b in tagged and b != e.stmt.idx for b in reads.get(e.stmt.idx, ()))]
        if not more:
            return kept
        kept.extend(more)
        tagged.update(e.stmt.idx for e in more)
        pending = [e for e in pending if e not in more]


def _without_comments(text: str) -> str:
    """A statement's source spread over lines with the comments between them taken out (`[a *  # note` then `b]`)."""
    import io
    import tokenize

    try:
        comments = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return text
    lines = text.split("\n")
    for t in reversed(comments):
        row, col = t.start
        lines[row - 1] = lines[row - 1][:col]
    return "\n".join(lines)
