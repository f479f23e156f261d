"""Python 2 training scripts are read with every statement on its original line, or get a one-line diagnostic."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpscan import py2
from bpscan.source import SourceError, load_program, parse_python

# In the style of the classic Python 2 network.py: a class, xrange, izip, print statements,
# print >>sys.stderr, except-comma, iteritems. Nothing else is Python 2.
NIELSEN_STYLE = '''\
"""network.py: a feedforward network trained by SGD (Python 2)."""
import sys
import random
from itertools import izip

import numpy as np


class Network(object):

    def __init__(self, sizes):
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.biases = [np.random.randn(y, 1) for y in sizes[1:]]
        self.weights = [np.random.randn(y, x)
                        for x, y in izip(sizes[:-1], sizes[1:])]

    def feedforward(self, a):
        for b, w in izip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a)+b)
        return a

    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None):
        if test_data: n_test = len(test_data)
        n = len(training_data)
        for j in xrange(epochs):
            random.shuffle(training_data)
            mini_batches = [
                training_data[k:k+mini_batch_size]
                for k in xrange(0, n, mini_batch_size)]
            for mini_batch in mini_batches:
                self.update_mini_batch(mini_batch, eta)
            if test_data:
                print "Epoch {0}: {1} / {2}".format(
                    j, self.evaluate(test_data), n_test)
            else:
                print "Epoch {0} complete".format(j)

    def update_mini_batch(self, mini_batch, eta):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb+dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw+dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w-(eta/len(mini_batch))*nw
                        for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b-(eta/len(mini_batch))*nb
                       for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        activation = x
        activations = [x]
        zs = []
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation)+b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        delta = self.cost_derivative(activations[-1], y) * \\
            sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in xrange(2, self.num_layers):
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l+1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l-1].transpose())
        return (nabla_b, nabla_w)

    def evaluate(self, test_data):
        test_results = [(np.argmax(self.feedforward(x)), y)
                        for (x, y) in test_data]
        return sum(int(x == y) for (x, y) in test_results)

    def cost_derivative(self, output_activations, y):
        return (output_activations-y)

    def save(self, filename):
        try:
            f = open(filename, "w")
        except IOError, e:
            print >>sys.stderr, "cannot save:", e
            return
        for key, value in {"sizes": self.sizes}.iteritems():
            print >>f, key, value
        f.close()


def sigmoid(z):
    return 1.0/(1.0+np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z)*(1-sigmoid(z))


if __name__ == "__main__":
    name = raw_input("name? ")
    net = Network([2, 3, 1])
    print
    print "done", name,
'''

# Every rewritten construct at once, in a small script that trains a perceptron.
ALL_CONSTRUCTS = '''\
import numpy as np
MODE = 0644
SEED = 1234567890123L
pattern = ur"\\d+"
w = np.zeros(2); lr = 0.1
code = "w = w * 1"
exec code in globals()
exec "lr = lr * 1"
for i in xrange(10):
    x = np.array([1.0, float(i % 2)])
    t = float(i % 2)
    y = 1.0 if np.dot(w, x) > 0 else 0.0
    if y <> t: w += lr * (t - y) * x
    print "step", `i`, "w", w
try:
    np.log(-1)
except (ValueError, FloatingPointError), err:
    print >>sys.stderr, "oops", err
'''


def _logical_line_starts(text: str) -> set[int]:
    """Lines where a statement begins in the ORIGINAL text (Python 3's tokenize reads Python 2 too)."""
    starts: set[int] = set()
    at_start = True
    depth = 0
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        if tok.type == tokenize.NEWLINE:
            at_start = True
            continue
        if tok.type == tokenize.ERRORTOKEN and tok.string.isspace():
            continue
        # Decorators and clause headers (else:, except:, finally:) are not statements of their own.
        if at_start and tok.string not in ("@", "else", "except", "finally"):
            starts.add(tok.start[0])
        at_start = False
        if tok.string in "([{":
            depth += 1
        elif tok.string in ")]}":
            depth -= 1
        elif tok.string == ";" or (tok.string == ":" and depth == 0 and tok.line.lstrip().split()[0] in {
            "if", "else:", "elif", "for", "while", "try:", "except", "with", "def", "class", "finally:",
        }):
            at_start = True
    return starts


def _statement_lines(tree: ast.AST) -> set[int]:
    return {node.lineno for node in ast.walk(tree) if isinstance(node, ast.stmt)}


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (NIELSEN_STYLE, "read as Python 2 (print statements, except-comma)"),
        (
            ALL_CONSTRUCTS,
            "read as Python 2 (print statements, except-comma, backquotes, <> operator, "
            "exec statements, octal literals, long literals, ur-strings)",
        ),
    ],
    ids=["nielsen-style", "all-constructs"],
)
def test_python2_script_keeps_every_statement_on_its_line(text: str, note: str) -> None:
    with pytest.raises(SyntaxError):
        ast.parse(text)
    tree, notes = parse_python(text)
    assert notes == (note,)
    assert _statement_lines(tree) == _logical_line_starts(text)


def test_only_lines_with_python2_constructs_change() -> None:
    # Every other line is byte for byte the same, so its statements keep line AND column.
    fixed = py2.rewrite(NIELSEN_STYLE).text
    changed = {
        n for n, (a, b) in enumerate(zip(NIELSEN_STYLE.split("\n"), fixed.split("\n")), start=1) if a != b
    }
    expected = {
        n for n, line in enumerate(NIELSEN_STYLE.split("\n"), start=1)
        if line.lstrip().startswith(("print", "except"))
    }
    # ... and the last line of the two-line print statement, which gets its closing parenthesis.
    expected.add(NIELSEN_STYLE.split("\n").index("                    j, self.evaluate(test_data), n_test)") + 1)
    assert changed == expected
    assert len(fixed.split("\n")) == len(NIELSEN_STYLE.split("\n"))


def test_print_arguments_keep_their_columns() -> None:
    text = 'loss = 0.5\nprint "loss %.3f" % loss, loss\nprint >>sys.stderr, "done", loss\n'
    tree, _ = parse_python(text)
    lines = text.split("\n")
    segments = []
    for stmt in tree.body[1:]:
        for arg in stmt.value.args:  # type: ignore[attr-defined]
            segments.append(lines[arg.lineno - 1][arg.col_offset : arg.end_col_offset])
    assert segments == ['"loss %.3f" % loss', "loss", '"done"', "loss"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("print x, y", "print(x, y)"),
        ("print", "print()"),
        ("print x,", "print(x)"),
        ("print x  # the loss", "print(x)"),
        ("print >>f, x", "print(x, file=f)"),
        ("print >>f, x,", "print(x, file=f)"),
        ("print >>f", "print(file=f)"),
        ("print (a), b", "print(a, b)"),
        ("print -1", "print(-1)"),
        ("print [1, 2]", "print([1, 2])"),
        ("print 'a' % (1,)", "print('a' % (1,))"),
        ("if x: print x; print", "if x:\n    print(x)\n    print()"),
        ("exec code", "exec(code)"),
        ("exec code in g, l", "exec(code, g, l)"),
        ("x = `a + 1`", "x = repr(a + 1)"),
        ("x = a <> b", "x = a != b"),
        ("x = 0777", "x = 511"),
        ("x = 0777L", "x = 511"),
        ("x = 0xffL", "x = 255"),
        ("x = ur'\\d'", "x = '\\\\d'"),
        ("try:\n    pass\nexcept (A, B), e:\n    pass", "try:\n    pass\nexcept (A, B) as e:\n    pass"),
        ("raise ValueError, 'bad'", "raise ValueError('bad')"),
        ("raise ValueError, 'bad %d' % n  # why", "raise ValueError('bad %d' % n)"),
        ("raise E, V, tb", "raise E(V).with_traceback(tb)"),
        ("raise E, 'a' if c else 'b'", "raise E('a' if c else 'b')"),
        ("raise errors[k], (a, b)", "raise errors[k]((a, b))"),
        ("raise E", "raise E"),
    ],
)
def test_each_rewrite_means_what_python2_meant(before: str, after: str) -> None:
    fixed = py2.rewrite(before + "\n").text
    assert fixed.count("\n") == before.count("\n") + 1
    assert ast.unparse(ast.parse(fixed)) == after


@pytest.mark.parametrize(
    "text",
    [
        "print(x, file=sys.stderr)\n",
        "print (x)\n",
        "print = logger.info\n",
        "x.print(3)\n",
        "for k, v in d.iteritems():\n    s = raw_input(k)\n    r = xrange(3)\n",
        "exec(code)\n",
        "x = 0o777 + 10 + 0.5\n",
    ],
)
def test_python3_code_is_left_alone(text: str) -> None:
    assert py2.rewrite(text) == py2.Rewrite(text, ())


def test_print_function_file_with_except_comma() -> None:
    text = (
        "from __future__ import print_function\nimport sys\ntry:\n    pass\nexcept IOError, e:\n"
        "    print('failed', e, file=sys.stderr)\n"
    )
    tree, notes = parse_python(text)
    assert notes == ("read as Python 2 (except-comma)",)
    call = tree.body[2].handlers[0].body[0].value  # type: ignore[attr-defined]
    assert [kw.arg for kw in call.keywords] == ["file"]


def test_mixed_tab_and_space_indentation_reads_as_python2_did() -> None:
    text = "for i in range(3):\n\tif i:\n\t\tw = 1\n        else:\n\t    w = 2\nprint w\n"
    tree, notes = parse_python(text)
    assert notes == ("read as Python 2 (print statements, tab indentation)",)
    assert _statement_lines(tree) == {1, 2, 3, 5, 6}
    loop = tree.body[0]
    assert isinstance(loop, ast.For) and len(loop.body) == 1 and loop.body[0].orelse  # type: ignore[attr-defined]


def test_crlf_python2_file_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "legacy.py"
    path.write_bytes(ALL_CONSTRUCTS.replace("\n", "\r\n").encode())
    tree, notes = parse_python(load_program(str(path)).text)
    assert notes and notes[0].startswith("read as Python 2")
    assert _statement_lines(tree) == _logical_line_starts(ALL_CONSTRUCTS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            # The exception is a conditional expression: not rewritten, since parentheses would move columns.
            "import sys\nif len(sys.argv) < 2:\n    raise SystemExit if x else KeyError, 'usage: train.py DATA'\n",
            "Python 2 file: `raise E, V` at line 3 cannot be read as Python 3",
        ),
        (
            "for i in xrange(3):\n    print i\nw = = 1\n",
            "syntax error at line 3, column 5: invalid syntax (in a Python 2 file)",
        ),
    ],
)
def test_python2_that_cannot_be_read_gets_one_line(text: str, message: str) -> None:
    with pytest.raises(SourceError) as info:
        parse_python(text)
    assert str(info.value) == message


def test_plain_python3_mistake_keeps_the_original_error() -> None:
    with pytest.raises(SourceError) as info:
        parse_python("w = 1\nw -= lr * * dw\n")
    assert str(info.value) == "syntax error at line 2, column 11: invalid syntax"


def test_tokenize_failure_midway_still_rewrites_what_it_read() -> None:
    # The unterminated string stops tokenize; the print statements before it are still found.
    text = 'print "a"\nprint "b"\ns = """never closed\nprint "c"\n'
    result = py2.rewrite(text)
    assert result.text.startswith('print("a")\nprint("b")\n')
    assert result.text.count("\n") == text.count("\n")
    with pytest.raises(SourceError, match="line 3"):
        parse_python(text)


def test_bad_dedent_in_python2_file() -> None:
    text = "if x:\n        print 'a'\n    print 'b'\n"
    with pytest.raises(SourceError, match=r"^syntax error at line 3"):
        parse_python(text)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=st.sampled_from(list("print exec `<>0L7ur'\"()[],:;#\\\n\t x=e1")), max_size=80))
def test_rewrite_never_raises_and_never_moves_a_line(text: str) -> None:
    result = py2.rewrite(text)
    assert result.text.count("\n") == text.count("\n")
    assert set(result.fixes) <= set(py2.FIX_ORDER)


# One script per Python 2 construct: the construct sits after line 1 and other statements follow
# it, so that a shifted line would show. `check` names the node the construct becomes and its line.
CONSTRUCTS = {
    "raise-comma": (
        "import sys\n"
        "def load(path):\n"
        "    if not path:\n"
        "        raise IOError, \\\n"
        "            'no data file'\n"
        "    return open(path)\n"
        "x = load(sys.argv[1])\n",
        "raise-comma",
    ),
    "raise-traceback": (
        "import sys\ntry:\n    x = 1 / 0\nexcept ZeroDivisionError:\n"
        "    raise ValueError, 'bad', sys.exc_info()[2]\ny = 2\n",
        "raise-comma",
    ),
    "tuple-parameters": (
        "import numpy as np\n"
        "def dist((x1, y1),\n"
        "         (x2, (y2, z2))=(0, (0, 0))):\n"
        "    \"Distance of two points.\"\n"
        "    return np.hypot(x2 - x1, y2 - y1)\n"
        "d = dist((1, 2), (3, (4, 5)))\n",
        "tuple parameters",
    ),
    "tuple-lambda": (
        "pairs = zip([1, 2], [3, 4])\n"
        "total = sum(map(lambda (a, b): a * b,\n"
        "                pairs))\n"
        "best = max([(1, (2, 3)), (0, (5, 6))], key=lambda (a, (b, c)): b)\n",
        "tuple parameters",
    ),
    "backquotes": ("n = 3\nlabel = 'epoch ' + `n` + \\\n    `n + 1`\nm = 4\n", "backquotes"),
    "not-equal": ("a, b = 1, 2\nif a <> b:\n    c = (a <>\n         b)\nd = 0\n", "<> operator"),
    "print-chevron": (
        # `print >>f, x` alone parses as Python 3 (a tuple); the last print statement makes it Python 2.
        "import sys\nlog = open('log.txt', 'w')\nprint >>log, 'loss', \\\n    0.5\nprint >>sys.stderr, 'done'\n"
        "print 'closing'\nlog.close()\n",
        "print statements",
    ),
    "exec-statement": (
        "ns = {}\nexec \"w = 1\" in ns\nexec 'b = 2'\nif ns:\n"
        "    exec compile('c = 3', 'f', 'exec') in ns, ns\nw = ns['w']\n",
        "exec statements",
    ),
}


@pytest.mark.parametrize(("text", "fix"), list(CONSTRUCTS.values()), ids=list(CONSTRUCTS))
def test_each_python2_construct_is_read_with_line_numbers_unchanged(text: str, fix: str) -> None:
    with pytest.raises(SyntaxError):
        ast.parse(text)
    tree, notes = parse_python(text)
    assert len(notes) == 1 and fix in notes[0]
    statements = {
        node.lineno for node in ast.walk(tree) if isinstance(node, ast.stmt) and not _unpacks_a_parameter(node)
    }
    assert statements == _logical_line_starts(text)
    compile(tree, "legacy.py", "exec")  # a tree Python 3 itself would run
    # Every name read or written is on the line where the original has it (but for the names the
    # rewrite adds, and the `file=f` of `print >>f, x`, which moves to the end of the statement).
    lines = text.split("\n")
    moved = {id(kw.value) for kw in ast.walk(tree) if isinstance(kw, ast.keyword) and kw.arg == "file"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not node.id.startswith("_t") and node.id != "repr" and id(node) not in moved:
            assert re.search(rf"\b{node.id}\b", lines[node.lineno - 1]), (node.id, node.lineno)


def _unpacks_a_parameter(node: ast.AST) -> bool:
    """A `(a, b) = _t1` statement put in the tree for a tuple parameter (at the parameter's place)."""
    return isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id.startswith("_t")


def test_raise_comma_becomes_a_call_on_its_own_line() -> None:
    tree, _ = parse_python(CONSTRUCTS["raise-comma"][0])
    raise_ = next(node for node in ast.walk(tree) if isinstance(node, ast.Raise))
    assert raise_.lineno == 4 and ast.unparse(raise_) == "raise IOError('no data file')"


def test_tuple_parameters_are_unpacked_where_they_were_written() -> None:
    tree, _ = parse_python(CONSTRUCTS["tuple-parameters"][0])
    func = tree.body[1]
    assert isinstance(func, ast.FunctionDef)
    assert ast.get_docstring(func) == "Distance of two points."
    assert [ast.unparse(stmt) for stmt in func.body[1:3]] == ["x1, y1 = _t1", "x2, (y2, z2) = _t2"]
    assert [(stmt.lineno, stmt.end_lineno) for stmt in func.body[1:3]] == [(2, 2), (3, 3)]
    assert ast.unparse(func.args.defaults[0]) == "(0, (0, 0))"
    # It means what Python 2 meant.
    scope: dict[str, object] = {}
    exec(compile(tree, "legacy.py", "exec"), scope)
    assert scope["d"] == pytest.approx(2 ** 0.5 * 2)


def test_tuple_parameters_of_a_lambda_mean_what_python2_meant() -> None:
    tree, _ = parse_python(CONSTRUCTS["tuple-lambda"][0].replace("zip(", "list(zip("). replace("4])", "4]))"))
    scope: dict[str, object] = {}
    exec(compile(tree, "legacy.py", "exec"), scope)
    assert scope["total"] == 11 and scope["best"] == (0, (5, 6))


def test_tuple_parameters_in_a_training_script_keep_their_findings_lines() -> None:
    from bpscan.analysis import analyze_source

    py3 = (
        "import numpy as np\n"
        "def step(w, x, t):\n"
        "    y = x.dot(w)\n"
        "    dw = x.T.dot(t - y)\n"
        "    w -= 0.1 * dw\n"
        "    return w\n"
        "w = np.zeros((3, 1))\n"
        "x = np.random.randn(8, 3)\n"
        "t = np.random.randn(8, 1)\n"
        "for i in range(10):\n"
        "    w = step(w, x, t)\n"
        "    print('loss', ((t - x.dot(w)) ** 2).sum())\n"
    )
    py2_text = py3.replace("def step(w, x, t):", "def step(w, (x, t)):").replace(
        "step(w, x, t)\n", "step(w, (x, t))\n").replace("print('loss', ((t - x.dot(w)) ** 2).sum())",
                                                       "print 'loss', ((t - x.dot(w)) ** 2).sum()")
    before, after = analyze_source(py3), analyze_source(py2_text)
    assert [(f.code, f.line) for f in after.findings] == [(f.code, f.line) for f in before.findings]
    assert [(t.kind, t.line) for t in after.tags] == [(t.kind, t.line) for t in before.tags]
    assert after.tags


_WORDS = ["raise", "def", "lambda", "f", "E", "V", "(", ")", "(a, b)", ",", ":", "=", "\n", "    ", "print", "`", "#"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_raise_and_tuple_parameter_rewrites_never_raise_nor_move_a_line(words: list[str]) -> None:
    text = " ".join(words)
    result = py2.rewrite(text)
    assert result.text.count("\n") == text.count("\n")
    try:
        parse_python(text)
    except SourceError:
        pass
