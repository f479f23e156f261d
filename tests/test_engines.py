"""Hand-written autograd engines (micrograd's shape): operation shares are tagged and checked against each
operation's own forward, steps along an engine's `.grad` are read, and nothing of the file is run."""

from __future__ import annotations

import textwrap
from pathlib import Path

from bpscan.analysis import analyze_source


def _engine(ops: str, extra: str = "") -> str:
    head = '''
    import math


    class V:
        def __init__(self, data, parents=()):
            self.data = data
            self.grad = 0.0
            self._backward = lambda: None
            self._parents = parents
    '''
    return textwrap.dedent(head) + textwrap.indent(textwrap.dedent(ops), "    ") + textwrap.dedent(extra)


def _codes(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in analyze_source(text).findings if f.confidence == "high"]


def _tags(text: str) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for t in analyze_source(text).tags:
        out.setdefault(t.line, set()).add(t.kind)
    return out


def _line(text: str, needle: str) -> int:
    return next(i for i, s in enumerate(text.splitlines(), 1) if needle in s)


DIV = '''
def __truediv__(self, other):
    out = V(self.data / other.data, (self, other))

    def _backward():
        self.grad += (1 / other.data) * out.grad
        other.grad += {share} * out.grad
    out._backward = _backward
    return out
'''


def test_a_quotient_is_checked_against_its_own_forward() -> None:
    good = _engine(DIV.format(share="(-self.data / other.data ** 2)"))
    assert _codes(good) == []
    tags = _tags(good)
    assert tags[_line(good, "self.grad += (1 / other.data)")] == {"F1"}
    bad = _engine(DIV.format(share="(-self.data / other.data)"))
    found = analyze_source(bad).findings
    assert [(f.code, f.line) for f in found] == [("BP311", _line(bad, "other.grad +="))]
    # the fix is written with the operator's own names, and it is the derivative of the forward
    assert found[0].expected == "other.grad += (-self.data / other.data ** 2) * out.grad"


def test_a_number_operand_is_told_from_a_value_by_isinstance() -> None:
    ops = '''
    def __mul__(self, other):
        if isinstance(other, (int, float)):
            other = V(other)
        out = V(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    '''
    text = _engine(ops)
    assert _tags(text)[_line(text, "self.grad += other.data")] == {"F2", "F3"}
    assert _codes(text) == []


def test_a_closure_handed_the_upstream_gradient_and_a_temporary() -> None:
    ops = '''
    def exp(self):
        e = math.exp(self.data)
        out = V(e, (self,))

        def back(g):
            local = e * g
            self.grad += local
        out._backward = back
        return out
    '''
    text = _engine(ops)
    tags = _tags(text)
    assert tags[_line(text, "local = e * g")] == {"F1"}
    assert tags[_line(text, "self.grad += local")] == {"F1"}
    assert _codes(text) == []
    wrong = text.replace("local = e * g", "local = e")
    assert _codes(wrong) == [("BP311", _line(wrong, "self.grad += local"))]


def test_resets_and_seeds_are_not_shares() -> None:
    ops = '''
    def relu(self):
        out = V(max(self.data, 0.0), (self,))

        def _backward():
            if self.grad is None:
                self.grad = 0.0
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order = []

        def visit(v):
            v.grad = 0.0
            order.append(v)
            for p in v._parents:
                visit(p)
        visit(self)
        self.grad = 1.0
        for v in order:
            v._backward()
    '''
    text = _engine(ops)
    assert _codes(text) == []
    tags = _tags(text)
    assert tags[_line(text, "self.grad = 1.0")] == {"error"}
    assert _line(text, "self.grad = 0.0") not in tags


TRAIN = '''

def train(params, loss_of, steps=10, lr=0.1):
    for step in range(steps):
        loss = loss_of()
        {reset}
        loss.backward()
        for p in params:
            p.data {op} lr * p.grad
'''


def test_engine_steps_their_direction_and_their_resets() -> None:
    ops = '''
    def __mul__(self, other):
        out = V(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    '''
    good = _engine(ops, TRAIN.format(reset="for p in params: p.grad = 0.0", op="-="))
    assert _codes(good) == []
    assert "update" in _tags(good)[_line(good, "p.data -= lr * p.grad")]
    climbing = _engine(ops, TRAIN.format(reset="for p in params: p.grad = 0.0", op="+="))
    assert _codes(climbing) == [("BP201", _line(climbing, "p.data += lr * p.grad"))]
    unreset = _engine(ops, TRAIN.format(reset="pass", op="-="))
    found = [f for f in analyze_source(unreset).findings if f.code == "BP501"]
    assert [f.line for f in found] == [_line(unreset, "p.data -= lr * p.grad")]
    assert found[0].expected == "p.grad = 0.0" and found[0].insert_after == found[0].line


def test_a_single_nudge_at_the_top_level_is_no_training_step() -> None:
    ops = '''
    def __add__(self, other):
        out = V(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out
    '''
    text = _engine(ops, "\na, b = V(2.0), V(3.0)\nc = a + b\nc.grad = 1.0\nc._backward()\na.data += 0.01 * a.grad\n")
    assert _codes(text) == []
    assert "update" in _tags(text)[_line(text, "a.data += 0.01 * a.grad")]


def test_torch_steps_stay_the_interpreters() -> None:
    text = textwrap.dedent('''
    import torch
    x, y = torch.randn(8, 3), torch.randn(8, 1)
    w = torch.randn(3, 1, requires_grad=True)
    for step in range(10):
        score = (x @ w).sum()
        score.backward()
        w.data += 0.1 * w.grad
        w.grad.zero_()
    ''')
    # climbing a score is what saliency and adversarial code does: the engine reading adds nothing here
    assert [f for f in analyze_source(text).findings if "engine" in f.message] == []


def test_the_evaluator_never_runs_the_files_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    ops = '''
    def odd(self):
        out = V(side_effect(self.data), (self,))

        def _backward():
            self.grad += 2.0 * out.grad
        out._backward = _backward
        return out
    '''
    helper = f'''

def side_effect(x):
    return open({str(marker)!r}, "w").write("x") and x
'''
    text = _engine(ops, helper)
    result = analyze_source(text)
    assert not marker.exists()
    assert [f.code for f in result.findings] == []  # its forward could not be evaluated: nothing is claimed
    assert {t.confidence for t in result.tags if t.line == _line(text, "self.grad += 2.0")} == {"low"}


def test_an_assignment_that_starts_the_sum_is_no_overwrite() -> None:
    ops = '''
    def __add__(self, other):
        out = V(self.data + other.data, (self, other))

        def _backward():
            if self.grad is None:
                self.grad = out.grad
            else:
                self.grad += out.grad
            other.grad = out.grad
        out._backward = _backward
        return out
    '''
    text = _engine(ops)
    assert _codes(text) == [("BP312", _line(text, "other.grad = out.grad"))]


def test_a_reset_made_by_a_helper_the_loop_calls_counts() -> None:
    ops = '''
    def __mul__(self, other):
        out = V(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    '''
    helper = '''

def clear(params):
    for p in params:
        p.grad = 0.0
'''
    text = _engine(ops, helper + TRAIN.format(reset="clear(params)", op="-="))
    assert [f for f in analyze_source(text).findings if f.code == "BP501"] == []


FUNCTION_OPS = '''
import math


class Function:
    def __init__(self, *parents):
        self.parents = parents

    def save(self, *values):
        self.saved = values


class Mul(Function):
    def forward(self, a, b):
        self.save(a, b)
        return a * b

    def backward(self, grad):
        a, b = self.saved
        return {mul}


class Exp(Function):
    def forward(self, a):
        self.e = math.exp(a)
        return self.e

    def backward(self, grad):
        return {exp}
'''


def test_operation_classes_return_each_inputs_share() -> None:
    good = FUNCTION_OPS.format(mul="grad * b, grad * a", exp="grad * self.e")
    assert _codes(good) == []
    tags = _tags(good)
    assert tags[_line(good, "return grad * b, grad * a")] == {"F2", "F3"}
    assert tags[_line(good, "return grad * self.e")] == {"F1"}
    swapped = FUNCTION_OPS.format(mul="grad * a, grad * b", exp="grad * self.e")
    found = analyze_source(swapped).findings
    assert [(f.code, f.line) for f in found] == [("BP311", _line(swapped, "return grad * a, grad * b"))]
    assert "for a," in found[0].message and "for b," in found[0].message
    unchained = FUNCTION_OPS.format(mul="grad * b, grad * a", exp="self.e")
    assert [f.code for f in analyze_source(unchained).findings] == ["BP311"]


def test_a_gradient_reshaped_in_place_is_no_new_share() -> None:
    ops = '''
    def flatten(self):
        out = V(self.data, (self,))

        def _backward():
            self.grad = out.grad * 1.0
            self.grad = self.grad.reshape(-1)
        out._backward = _backward
        return out
    '''
    text = _engine(ops)
    assert _codes(text) == [("BP312", _line(text, "self.grad = out.grad * 1.0"))]


def test_a_share_wrong_on_one_side_of_zero_is_wrong() -> None:
    ops = '''
    def abs(self):
        out = V(math.fabs(self.data), (self,))

        def _backward():
            self.grad += {share} * out.grad
        out._backward = _backward
        return out
    '''
    wrong = _engine(ops.format(share="1.0"))
    assert _codes(wrong) == [("BP311", _line(wrong, "self.grad += 1.0"))]
    right = _engine(ops.format(share="(1.0 if self.data > 0 else -1.0)"))
    assert _codes(right) == []


def test_inputs_kept_by_the_frameworks_base_class() -> None:
    text = textwrap.dedent('''
    class Function:
        def __call__(self, *inputs):
            self.inputs = inputs
            return self.forward(*[x.data for x in inputs])


    class Div(Function):
        def forward(self, x0, x1):
            y = x0 / x1
            return y

        def backward(self, gy):
            x0, x1 = self.inputs[0].data, self.inputs[1].data
            gx0 = gy / x1
            gx1 = gy * (-x0 / x1 ** {power})
            return gx0, gx1
    ''')
    good = text.replace("{power}", "2")
    assert _codes(good) == []
    assert _tags(good)[_line(good, "gx1 = gy *")] == {"F1"}
    bad = text.replace("{power}", "3")
    assert [(f.code, "for x1" in f.message) for f in analyze_source(bad).findings] == [("BP311", True)]


def test_free_functions_and_layers_that_keep_closures() -> None:
    text = textwrap.dedent('''
    import numpy as np


    class T:
        def __init__(self, data, backward=None):
            self.data = data
            self.grad = 0.0
            self.backward_function = backward


    def mul(a, b):
        def back(dy):
            a.grad += dy * {share}
            b.grad += dy * a.data
        return T(a.data * b.data, backward=back)


    class Linear:
        def __init__(self, n_in, n_out):
            self.w = T(np.random.randn(n_in, n_out))
            self.b = T(np.zeros(n_out))

        def forward(self, x):
            out = T(x.data @ self.w.data + self.b.data)

            def _backward():
                self.w.grad += x.data.T @ out.grad
                self.b.grad = out.grad.sum(axis=0)
                x.grad += out.grad @ self.w.data.T
            out._backward = _backward
            return out
    ''')
    good = text.replace("{share}", "b.data")
    tags = _tags(good)
    assert tags[_line(good, "a.grad += dy * b.data")] == {"F2", "F3"}
    assert tags[_line(good, "self.w.grad +=")] == {"F3"}
    assert tags[_line(good, "x.grad += out.grad @ self.w.data.T")] == {"F2"}
    assert _codes(good) == [("BP312", _line(good, "self.b.grad = out.grad.sum(axis=0)"))]
    bad = text.replace("{share}", "a.data")
    assert ("BP311", _line(bad, "a.grad += dy * a.data")) in _codes(bad)


def test_a_torch_gradient_hook_is_no_engine() -> None:
    text = textwrap.dedent('''
    import torch


    class Pruner:
        def __init__(self, mask):
            self.mask = mask


    def masked(p, mask):
        def hook(grad):
            p.grad = grad * mask
        handle = p.register_hook(hook)
        return handle
    ''')
    assert analyze_source(text).findings == ()
    assert analyze_source(text).tags == ()


def test_an_engine_beside_an_unused_torch_import_is_still_read() -> None:
    text = textwrap.dedent('''
    import torch


    class T:
        def __init__(self, data, backward_function=None):
            self.data = data
            self.grad = 0.0
            self.backward_function = backward_function


    def add(a, b):
        def back(dy):
            a.grad += dy
            b.grad += dy
        return T(a.data + b.data, backward_function=back)
    ''')
    assert _tags(text)[_line(text, "a.grad += dy")] == {"F2"}


def test_a_share_added_into_part_of_a_gradient() -> None:
    text = textwrap.dedent('''
    import numpy as np


    class T:
        def __init__(self, data, backward_function=None):
            self.data = data
            self.grad = np.zeros_like(data)
            self.backward_function = backward_function


    def relu(a):
        def back(dy):
            a.grad[a.data > 0] += dy[a.data > 0]
        return T(np.maximum(a.data, 0), backward_function=back)
    ''')
    assert _tags(text)[_line(text, "a.grad[a.data > 0] += dy[a.data > 0]")] == {"F1"}
    assert analyze_source(text).findings == ()


def test_a_faulty_product_share_is_read_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    # `self.grad += other.grad * out.grad`: the op's output is the value every share reads the gradient of (`out`),
    # never the operand one faulty share reads; before, a set's order picked either, so the finding came and went
    import os
    import subprocess
    import sys

    f = tmp_path / "engine.py"
    f.write_text(textwrap.dedent('''\
        class Scalar:
            def __init__(self, data, parents=()):
                self.data = data
                self.grad = 0.0
                self._back = lambda: None
                self._parents = parents

            def __mul__(self, other):
                out = Scalar(self.data * other.data, (self, other))

                def _back():
                    self.grad += other.grad * out.grad
                    other.grad += self.data * out.grad
                out._back = _back
                return out
        '''), encoding="utf-8")
    outputs = set()
    for seed in ("0", "1", "4", "6", "17", "23"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-m", "bpscan", "--no-cache", "--show-uncertain", "--format", "concise",
                            str(f)], capture_output=True, text=True, env=env)
        outputs.add(r.stdout)
    assert len(outputs) == 1, outputs
    line = next((ln for ln in outputs.pop().splitlines() if "BP311" in ln), "")
    assert "engine.py:12:" in line, line
