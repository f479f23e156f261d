"""Hand-written autograd engines (micrograd's shape): each operation's local backward rule, checked against its forward.

A class whose operators build `out = Value(self.data * other.data, (self, other))` and keep a closure
`def _backward(): self.grad += other.data * out.grad` on `out` is a scalar autograd engine. Each write of an
operand's `.grad` in such a closure is the chain rule for one operand: its local derivative times the
output's gradient. The local derivative is compared with the derivative of the operation's own forward
expression by central differences, evaluated by a small evaluator of our own over arithmetic, comparisons
and the `math` functions (nothing of the file is imported or run). Updates that step `p.data` along
`p.grad` outside torch are read here too, with their direction.
"""

from __future__ import annotations

import ast

from bpscan.engines.closures import _handed_to, _helpers, _Op, _ops_in, _ops_of, _read_ops, _seeds, _stored_on
from bpscan.engines.evaluator import _Eval
from bpscan.engines.facts import DATA_ATTRS, GRAD_ATTRS, EngineModel, OpWrite, Step, _FRAMEWORKS
from bpscan.engines.functions import _function_pair, _read_function
from bpscan.engines.steps import _loops, _steps

__all__ = ["GRAD_ATTRS", "EngineModel", "OpWrite", "Step", "find_engines"]


def find_engines(tree: ast.Module) -> EngineModel:
    """The engine model of one module (empty for a module with none)."""
    model = EngineModel()
    classes: list[ast.ClassDef] = []
    framework = stepped = False
    for n in ast.walk(tree):
        if isinstance(n, ast.ClassDef):
            classes.append(n)
        elif isinstance(n, ast.Import):
            framework = framework or any(a.name.split(".")[0] in _FRAMEWORKS for a in n.names)
        elif isinstance(n, ast.ImportFrom):
            framework = framework or bool(n.module and n.module.split(".")[0] in _FRAMEWORKS)
        elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Attribute) and \
                n.target.attr in DATA_ATTRS:
            stepped = True
        elif isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Attribute) and \
                n.targets[0].attr in DATA_ATTRS:
            stepped = True
    ops: list[_Op] = []
    for c in classes:
        ops.extend(_ops_of(c))
    if ops or classes:
        ops.extend(_ops_in(tree.body, None))
    else:
        # a module of an engine's operations with no class of its own (`from .engine import Tensor`): its free
        # functions' closures count where they are kept on the value they make (`out._backward = _backward`)
        ops.extend(o for o in _ops_in(tree.body, None) if _stored_on(o.method, o.closure.name))
    if framework:
        # beside torch, only closures kept on a value (`out._backward = fn`) or handed to a class of the file
        # (`Tensor(data, backward_function=fn)`) are an engine's: a gradient hook (`p.register_hook(fn)`) edits the
        # framework's own `.grad`
        own = {c.name for c in classes}
        ops = [o for o in ops if _stored_on(o.method, o.closure.name) or _handed_to(o.method, o.closure.name, own)]
    # (torch.autograd.Function and its kin: the interpreter reads them, with the tensors they are handed)
    functions = [c for c in classes if c.bases and _function_pair(c) is not None] if not framework else []
    # (one evaluator for the closures and the operation classes: the file's classes and small helpers, read once)
    ev = _Eval({c.name for c in classes}, _helpers(tree)) if ops or functions else None
    if ev is not None and ops:
        _read_ops(ev, classes, ops, model)
    if ev is not None and functions:
        for c in functions:
            model.writes.extend(_read_function(ev, c))
        # the graph's backward: it hands each operation its output's gradient, `t.made_by.backward(t.grad)`
        for c in classes:
            for m in c.body:
                if isinstance(m, ast.FunctionDef) and m.name == "backward" and any(
                        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "backward"
                        and n.args for n in ast.walk(m)):
                    model.seeds.extend(x for x in _seeds(m) if x not in model.seeds)
    model.framework = framework
    if stepped:
        model.steps = _steps(tree)
        if model.steps:
            _loops(tree, model)
    return model
