"""An update applies the gradient of a different parameter.

Fix: when offered

What it does:
    Knows, from formula 3, which parameter each gradient belongs to (the weight whose layer input
    it multiplies, the bias whose delta it sums) and reports an update that applies another
    parameter's gradient: `w1 -= lr * dw2`, a bias updated with another layer's delta.

    The fix replaces the flagged update: the other parameter's gradient becomes this parameter's own,
    by its name (`dw2` -> `dw1`), or, for a bias summed from another layer's delta, that delta becomes
    this layer's (`d2.sum(axis=0)` -> `d1.sum(axis=0)`). It is offered only when the own gradient (or
    delta) is a plain variable the update can see; otherwise the message names it.

Why is this bad:
    When the shapes happen to agree the script runs, but each parameter follows a direction that
    has nothing to do with its own effect on the loss; training wanders or diverges.

Example:
    import numpy as np
    x, t = np.random.randn(8, 4), np.random.randn(8, 4)
    w1, w2 = np.random.randn(4, 4), np.random.randn(4, 4)
    for step in range(100):
        h = np.tanh(x.dot(w1))
        out = h.dot(w2)
        err = out - t                        # bp: error
        dw2 = h.T.dot(err)                   # bp: F3[w2]
        dh = err.dot(w2.T) * (1 - h ** 2)    # bp: F2 F1
        dw1 = x.T.dot(dh)                    # bp: F3[w1]
        w1 -= 0.01 * dw2                     # bp: update[w1] BP103
        w2 -= 0.01 * dw1                     # bp: update[w2] BP103

Use instead:
    import numpy as np
    x, t = np.random.randn(8, 4), np.random.randn(8, 4)
    w1, w2 = np.random.randn(4, 4), np.random.randn(4, 4)
    for step in range(100):
        h = np.tanh(x.dot(w1))
        out = h.dot(w2)
        err = out - t                        # bp: error
        dw2 = h.T.dot(err)                   # bp: F3[w2]
        dh = err.dot(w2.T) * (1 - h ** 2)    # bp: F2 F1
        dw1 = x.T.dot(dh)                    # bp: F3[w1]
        w1 -= 0.01 * dw1                     # bp: update[w1]
        w2 -= 0.01 * dw2                     # bp: update[w2]
"""

from __future__ import annotations

import ast
import re
import sys
from typing import Any, Iterator

from bpscan.results import Finding
from bpscan.rules import common
from bpscan.terms import gradient_of_name

CODE = "BP103"
#: its `expected`, when given, is the whole statement to paste over the flagged one
PASTES = True
NAME = "crossed-update"
SEVERITY = "error"


def _owner(adj: Any, leaf: Any) -> str | None:
    """The parameter a gradient belongs to, when it is not `leaf` (nor a copy of it that the forward used)."""
    # (a copy the forward used, `RNN(*[p.copy() for p in self.params])`, is the same parameter)
    if adj.leaf is not None and (common.copy_source(adj.leaf.src) is leaf or common.copy_source(leaf.src) is adj.leaf):
        return None
    if adj.pos == "W" and adj.leaf is not None and adj.leaf is not leaf:
        if leaf.role == "bias" and adj.leaf.unit is leaf.unit:
            return adj.leaf.name
        return adj.leaf.name
    if adj.pos == "P" and adj.leaf is not None and adj.leaf is not leaf and not adj.leaf.name.endswith("parameters()"):
        return adj.leaf.name
    if adj.pos in ("b", "y") and leaf.role == "bias" and adj.unit is not None and adj.unit is not leaf.unit:
        if any(lay.convention == "elementwise" for u in (adj.unit, leaf.unit) if u is not None for lay in u.layers):
            # the delta below a normalisation: its backward may return it by a path the model misses (and the sum
            # of the gradient at a normalisation's output is its shift's own, `d_beta = np.sum(dy)`)
            return None
        biases = adj.unit.biases
        return biases[0].name if biases else f"layer {adj.unit.index}'s bias"
    if adj.pos == "b" and leaf.role == "weight" and adj.unit is not None:
        biases = adj.unit.biases
        # a layer with no bias has no bias gradient: a weight's gradient read so (a product with an input
        # the model could not follow, `np.concatenate((x, h), axis=1).T @ d`) is no evidence of a crossed update
        return biases[0].name if biases else None
    return None


def _vague(v: Any, depth: int = 0) -> bool:
    """Read through a container whose elements we merged: which gradient it is, we cannot tell."""
    if v.vague:
        return True
    if depth > 3:
        return False
    return any(_vague(a, depth + 1) for a in v.args if hasattr(a, "vague"))


def check(model: Any) -> Iterator[Finding]:
    rule = sys.modules[__name__]
    for e in model.of_kind("update"):
        leaf = e.leaf
        if leaf is not None and leaf.family:
            continue  # params[k] for every k: which element meets which gradient is not known
        if _same_key_both_sides(e.stmt.node):
            continue  # params[k] += v[k], k walking the keys: each entry meets its own by construction
        for sign, term in e.info.get("change", []):
            if term.adj is None or _vague(term):
                continue
            owner = _owner(term.adj, leaf)
            if owner is None or owner == leaf.name or common.same_attribute_of_instances(owner, leaf.name):
                continue  # layer.W with layer.gW of one class's instances, or two leaves spelt alike: a merge
            if _own_instance(e.stmt.node, owner, leaf.name):
                # `self.weights -= lr * self.dW` in a layer class, read as `self.k.weights` stepped with the gradient
                # of `self.q.weights`: one statement of one instance, two instances merged by the reading
                continue
            if leaf.name.startswith(owner + "."):
                continue  # p.value stepped with p.grad: a parameter object holding its value and its gradient
            if _named_as_own(term, leaf):
                # `self.weight.add_(-lr * self.dweight)`: the code keeps the value as this parameter's gradient
                # (`dweight`), though the reading took it for another's - the name is the better witness
                continue
            theirs = term.adj.leaf
            if leaf.packed is not None and (leaf.packed.name == owner or theirs is not None and
                                            theirs.packed is leaf.packed and _covers(theirs.name, leaf.name)):
                # `w1[0] -= lr * err[0] * x[0]`: one entry of w1, stepped with its share of w1's gradient (or of the
                # run of entries the forward pass reads, `w3[1:3]`)
                continue
            if _untrained_gain(model, term.adj.leaf):
                # `gamma * x_hat + beta` after the weight's product, with no step of gamma anywhere: a normalisation
                # the backward pass leaves out (or never runs), not a layer whose gradient this step took
                continue
            if _member_of(leaf.name, owner):
                continue  # params['W1'] stepped with the gradient of params['W' + str(k)] (k == 1): one of them
            if e.info.get("entry") and leaf.role is None and leaf.unit is None and leaf.name.startswith("self.") and \
                    term.adj.leaf is not None and term.adj.leaf.presumed and "." not in term.adj.leaf.name:
                # `self.velocity = prev * mu - lr * gradient_tensor` in an optimiser handed (weight, gradient): its
                # own state, used in no forward pass, stepped with the gradient it is handed - a velocity
                continue
            own = [f for f in model.of_kind("F3") if f.leaf is leaf and f.stmt is not e.stmt]
            related = [(f.stmt, f"the gradient of {owner} is computed here")
                       for f in model.of_kind("F3") if f.leaf is not None and f.leaf.name == owner]
            related += [(f.stmt, f"the gradient of {leaf.name} is computed here") for f in own]
            yield common.finding(
                rule, e.stmt,
                f"update of {leaf.name} applies {common.name_of(term)}, the gradient of {owner}",
                expected=_fix(model, e, term, own),
                related=related,
            )
            break


def _covers(run: str, entry: str) -> bool:
    """`w3[1:3]` covers `w3[2]`: a run of a vector's entries that holds the one entry named."""
    r = re.search(r"\[(\d+):(\d+)\]$", run)
    k = re.search(r"\[(\d+)\]$", entry)
    return r is not None and k is not None and int(r.group(1)) <= int(k.group(1)) < int(r.group(2))


def _named_as_own(term: Any, leaf: Any) -> bool:
    """The gradient the step applies is kept under a name that says it is `leaf`'s (`self.dweight` of
    `self.weight`, `dW1` of `W1`)."""
    names = {common.name_of(v) for v in (common.grad_val(term), term)}
    own = leaf.name.rpartition(".")[2]
    return any(gradient_of_name(n.rpartition(".")[2]) == own for n in names if n and n.replace(".", "").isidentifier())


def _untrained_gain(model: Any, owner: Any) -> bool:
    """`owner` is an elementwise gain (a normalisation's scale) that no step of the file trains."""
    lay = getattr(owner, "layer", None) if owner is not None else None
    return lay is not None and lay.convention == "elementwise" and \
        not any(u.leaf is owner for u in model.of_kind("update"))


_FAMILY = re.compile(r"^(?P<base>.+)\[(?:\*|'(?P<prefix>[^'*]*)\*')\]$")
_LITERAL = re.compile(r"^(?P<base>.+)\['(?P<key>[^']*)'\]$")


def _member_of(name: str, family: str) -> bool:
    """`params['W1']` is a member of the family `params['W*']` (or `params[*]`) of the same container."""
    fam, lit = _FAMILY.match(family), _LITERAL.match(name)
    if fam is None or lit is None or fam.group("base") != lit.group("base"):
        return False
    prefix = fam.group("prefix")
    return prefix is None or (lit.group("key").startswith(prefix) and lit.group("key")[len(prefix):].isdigit())


def _same_key_both_sides(node: Any) -> bool:
    """`params[k] -= lr * grads["d" + k]`: the target's key is a name the step's entries are read with
    too (a loop walking the keys), so the gradient read is the one stored under that parameter's key."""
    if isinstance(node, ast.AugAssign):
        target, value = node.target, node.value
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    else:
        return False
    if not (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Name)):
        return False
    key = target.slice.id
    return any(isinstance(n, ast.Subscript) and any(isinstance(m, ast.Name) and m.id == key
                                                    for m in ast.walk(n.slice))
               for n in ast.walk(value))


def _fix(model: Any, e: Any, term: Any, own: list[Any]) -> str | None:
    """The update with the parameter's own gradient (or its layer's delta) in place of the other one."""
    theirs = common.grad_val(term)
    old = common.name_of(theirs)
    if own and len({common.target_of(f.stmt) for f in own}) == 1:
        new = common.target_of(own[0].stmt)
    elif _key(old) is not None and _key(e.leaf.name) is not None and term.adj.leaf is not None and \
            _key(term.adj.leaf.name) is not None:
        # grads['dW1'] stepping parameters['W2']: the key of W2's own gradient, spelt the same way
        theirs_key, own_key, owner_key = _key(old), _key(e.leaf.name), _key(term.adj.leaf.name)
        prefix = theirs_key[:len(theirs_key) - len(owner_key)] if theirs_key.endswith(owner_key) else None
        if prefix is None:
            return None
        return common.rewrite(e.stmt, lambda tree: _swap_key(tree, theirs_key, prefix + own_key))
    elif e.leaf.role == "bias" and term.adj.pos in ("b", "y") and term.adj.unit is not None:
        # a bias summed from another layer's delta: the delta of its own layer, summed the same way
        def delta(unit: Any) -> set[str]:
            return {common.target_of(f.stmt) for f in model.of_kind("F1", "error") if f.unit is unit}
        mine, other = delta(e.leaf.unit), delta(term.adj.unit)
        written = common.refs(e.stmt.node)
        old_names = other & written
        if len(mine) != 1 or len(old_names) != 1:
            return None
        old, new = old_names.pop(), mine.pop()
    else:
        return None
    if not new.isidentifier() or new == old or not common.visible(model, e.stmt, new):
        return None
    node = e.stmt.node
    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Tuple) for t in node.targets) and \
            sum(isinstance(n, ast.Name) and n.id == old for n in ast.walk(node.value)) > 1:
        return None  # (`w1, w3 = w1 - lr * w1b, w3 - lr * w1b`: renaming would change w1's own step too)
    return common.rewrite(e.stmt, common.swap_name(old, new))


_KEY = re.compile(r"\[(['\"])(.+)\1\]$")


def _key(name: str) -> str | None:
    """`grads['dW1']` -> `dW1`: the constant key of a dict entry's name."""
    m = _KEY.search(name)
    return m.group(2) if m else None


def _swap_key(tree: ast.AST, old: str, new: str) -> bool:
    done = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value == old:
            node.slice.value = new
            done = True
    return done


def _own_instance(node: ast.AST, owner: str, name: str) -> bool:
    """The step is written on `self` (`self.weights -= lr * self.dW`) and the two parameters are the same attribute
    of two instances (`self.q.weights`, `self.k.weights`): the statement steps its own instance's parameter."""
    target = node.target if isinstance(node, ast.AugAssign) else node.targets[0] if isinstance(node, ast.Assign) and \
        len(node.targets) == 1 else None
    while isinstance(target, ast.Subscript):
        target = target.value
    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
        return False
    head_a, _, last_a = owner.rpartition(".")
    head_b, _, last_b = name.rpartition(".")
    return last_a == last_b and head_a != head_b and target.attr == last_b
