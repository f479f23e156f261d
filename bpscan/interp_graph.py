"""Graph-node classes (MiniFlow's shape): each node keeps its input nodes, and its backward reads the gradient of
its own value from the nodes it feeds.

    class Linear(Node):
        def __init__(self, X, W, b): Node.__init__(self, [X, W, b])
        def forward(self): self.value = self.inbound_nodes[0].value @ self.inbound_nodes[1].value + ...
        def backward(self):
            for n in self.outbound_nodes:
                grad = n.gradients[self]
                self.gradients[self.inbound_nodes[1]] += self.inbound_nodes[0].value.T @ grad

Neither pass takes an argument: the layer's input and parameters are the values of the nodes it was built
from, and the upstream gradient is what each consumer keeps under this node's key. Driven as an entry, the
constructor is handed input nodes (data, or a parameter when its name says weight or bias) and the backward
pass one consumer whose gradient store holds the gradient at this node's value.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

#: a node's name that says it holds a trained parameter (`W`, `b`, `weights`, `bias`, `kernel`)
_PARAM_NODE = re.compile(r"^(B|[wWb]_?\d*|weights?|bias(es)?|kernel|theta|gamma|beta)$")


@dataclass(frozen=True)
class GraphProtocol:
    """The attribute names of one graph-node class family."""

    inputs: str     # the list of input nodes (`self.inbound_nodes`); "" when each has an attribute of its own
    value: str      # the attribute a node's value sits in (`.value`)
    consumers: str  # the list of nodes fed by this one (`self.outbound_nodes`); "" when gradients are pushed
    store: str      # the dict of gradients keyed by node (`.gradients`), or the attribute each node's own
    #                 gradient is pushed into by the nodes it feeds (`.delta`)
    named: tuple[str, ...] = ()  # the attributes holding one input node each (`self.x`, `self.W`), when `inputs` is ""


def _self_attr(e: ast.AST) -> str | None:
    return e.attr if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "self" \
        else None


def _element_reads(func: ast.FunctionDef) -> dict[str, set[str]]:
    """{list attribute: attributes read on its elements}: `self.L[0].value`, `for n in self.L: n.value`."""
    out: dict[str, set[str]] = {}
    bound: dict[str, str] = {}
    for n in ast.walk(func):
        gens = n.generators if isinstance(n, (ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp)) else \
            [n] if isinstance(n, ast.For) else []
        for g in gens:
            src = _self_attr(g.iter)
            if src is not None and isinstance(g.target, ast.Name):
                bound[g.target.id] = src
    for n in ast.walk(func):
        if not isinstance(n, ast.Attribute):
            continue
        v = n.value
        if isinstance(v, ast.Subscript) and _self_attr(v.value) is not None:
            out.setdefault(_self_attr(v.value) or "", set()).add(n.attr)
        elif isinstance(v, ast.Name) and v.id in bound:
            out.setdefault(bound[v.id], set()).add(n.attr)
    return out


def _keyed_by_self(func: ast.FunctionDef) -> dict[str, str]:
    """{list attribute: store attribute} for `for n in self.L: ... n.S[self]` (the gradient a consumer keeps under
    this node's key)."""
    out: dict[str, str] = {}
    for loop in ast.walk(func):
        if not (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name) and _self_attr(loop.iter)):
            continue
        var = loop.target.id
        for n in ast.walk(loop):
            if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Name) and n.slice.id == "self" and \
                    isinstance(n.value, ast.Attribute) and isinstance(n.value.value, ast.Name) and \
                    n.value.value.id == var:
                out[_self_attr(loop.iter) or ""] = n.value.attr
    return out


def graph_protocol(fwd: Any, bwd: Any) -> GraphProtocol | None:
    """The graph-node protocol of a class whose forward and backward take nothing but self, when its forward reads
    its input nodes' values and keeps its own under the same attribute, and its backward reads the gradient its
    consumers keep under its key."""
    if not (isinstance(fwd, ast.FunctionDef) and isinstance(bwd, ast.FunctionDef)):
        return None
    if [a.arg for a in fwd.args.args] != ["self"] or [a.arg for a in bwd.args.args] != ["self"]:
        return None
    kept = {_self_attr(t) for n in ast.walk(fwd) if isinstance(n, ast.Assign) for t in n.targets}
    consumers = _keyed_by_self(bwd)
    pushed = _element_writes(bwd)
    own = {n.attr for n in ast.walk(bwd) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load) and
           _self_attr(n) is not None}
    for lst, attrs in sorted(_element_reads(fwd).items()):
        value = next((a for a in sorted(attrs) if a in kept), None)
        if value is None:
            continue
        for other, store in sorted(consumers.items()):
            if other != lst:
                return GraphProtocol(lst, value, other, store)
        # `self.parents[0].delta = self.delta @ W.T`: each node hands its input nodes their gradient, under the
        # attribute its own gradient was handed to it by the nodes it feeds
        # (or a loss node, the graph's root, which pushes its input the first gradient and is pushed none)
        pushes = sorted(a for a in pushed.get(lst, ()) if a != value)
        store = next((a for a in pushes if a in own), pushes[0] if len(pushes) == 1 else None)
        if store is not None:
            return GraphProtocol(lst, value, "", store)
    return None


def named_graph_protocol(init: Any, fwd: Any, bwd: Any) -> GraphProtocol | None:
    """The graph-node protocol of a class that keeps each input node under an attribute of its own (`self.x =
    x_layer; self.W = W_layer`): forward reads their values (`self.W.output @ self.x.output`) and keeps its own
    under the same attribute, backward reads its own gradient (`self.grad`, which the nodes it feeds accumulate)
    and hands each input its share (`self.x.accumulate_grad(dx)`, `self.W.grad += dW`)."""
    if not (isinstance(init, ast.FunctionDef) and isinstance(fwd, ast.FunctionDef) and
            isinstance(bwd, ast.FunctionDef)):
        return None
    if [a.arg for a in fwd.args.args] != ["self"] or [a.arg for a in bwd.args.args] != ["self"]:
        return None
    params = {a.arg for a in init.args.args[1:]}
    holders = {_self_attr(t) for n in ast.walk(init) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name)
               and n.value.id in params for t in n.targets} - {None}
    reads: dict[str, set[str]] = {}
    for n in ast.walk(fwd):
        if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load) and _self_attr(n.value) in holders:
            reads.setdefault(n.attr, set()).add(_self_attr(n.value) or "")
    kept = {_self_attr(t) for n in ast.walk(fwd) if isinstance(n, ast.Assign) for t in n.targets} - {None}
    value = next((v for v in sorted(reads) if v in kept), None)
    if value is None:
        return None
    nodes = tuple(sorted(reads[value]))
    pushed = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and _self_attr(n.func.value) in nodes
                 for n in ast.walk(bwd)) or any(
        isinstance(t, ast.Attribute) and _self_attr(t.value) in nodes
        for n in ast.walk(bwd) if isinstance(n, (ast.Assign, ast.AugAssign))
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))
    own = sorted({n.attr for n in ast.walk(bwd) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Load) and
                  _self_attr(n) is not None} - kept - holders - {value})
    grad = [a for a in own if _GRADIENT_ATTR.match(a)]
    if not pushed or len(grad) != 1:
        return None
    return GraphProtocol("", value, "", grad[0], nodes)


#: the attribute a node keeps its own gradient in (`self.grad`, `self.delta`, `self.dout`)
_GRADIENT_ATTR = re.compile(r"^(grads?|gradients?|delta|deltas|d_?out|error|err)$")


def _element_writes(func: ast.FunctionDef) -> dict[str, set[str]]:
    """{list attribute: attributes stored on its elements}: `self.L[0].delta = ...`, `self.L[i].delta += ...`."""
    out: dict[str, set[str]] = {}
    for n in ast.walk(func):
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AugAssign) else []
        for t in targets:
            while isinstance(t, ast.Subscript):
                t = t.value  # (`self.parents[0].delta[i, :] = ...`: a part of it)
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Subscript) and \
                    _self_attr(t.value.value) is not None:
                out.setdefault(_self_attr(t.value.value) or "", set()).add(t.attr)
    return out


def param_node(name: str) -> bool:
    """A constructor argument that is a node holding a trained parameter, by its name (`W`, `W_layer`)."""
    return bool(_PARAM_NODE.match(node_stem(name)))


def node_stem(name: str) -> str:
    """`W` of `W_layer`, `true` of `true_node`: the name of a node without the word that says it is one."""
    return re.sub(r"_?(layer|node)$", "", name) or name
