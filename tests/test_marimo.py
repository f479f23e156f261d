"""A marimo notebook is read as the program its cells make: bodies in dataflow order, on the notebook's own lines."""

from __future__ import annotations

import ast
import textwrap

from bpscan.analysis import analyze_source
from bpscan.marimo import as_script, is_marimo

NOTEBOOK = textwrap.dedent('''\
    import marimo

    __generated_with = "0.19.0"
    app = marimo.App()

    with app.setup:
        import numpy as np


    @app.cell
    def _(W, x, y):
        for step in range(50):
            a = np.tanh(x @ W)
            err = a - y
            delta = err * (1 - a ** 2)
            W -= 0.1 * x.T @ delta
        return


    @app.function
    def make_data(n):
        return np.ones((n, 3)), np.zeros((n, 1))


    @app.cell
    def _():
        x, y = make_data(8)
        return x, y


    @app.cell(hide_code=True)
    def _(x):
        W = np.full((x.shape[1], 1), 0.1)
        return (W,)


    if __name__ == "__main__":
        app.run()
    ''')


def _lines(tree: ast.Module) -> list[int]:
    return [st.lineno for st in tree.body]


def test_cells_run_after_the_cells_that_give_their_names() -> None:
    tree = ast.parse(NOTEBOOK)
    assert is_marimo(tree)
    script = as_script(tree)
    text = ast.unparse(script)
    # setup and the app's functions first, then data, weights, and the training cell that takes both
    assert text.index("import numpy") < text.index("x, y = make_data(8)") < text.index("W = np.full") < \
        text.index("for step in range(50)")
    assert "marimo" not in text and "app.run" not in text and "@app" not in text
    # statements keep the notebook's lines
    assert NOTEBOOK.splitlines()[_lines(script)[-1] - 1].strip() == "for step in range(50):"


def test_a_notebook_is_checked_on_its_own_lines() -> None:
    bad = NOTEBOOK.replace("delta = err * (1 - a ** 2)", "delta = err * a * (1 - a)")
    res = analyze_source(bad, "nb.py")
    line = bad.splitlines().index("        delta = err * a * (1 - a)") + 1
    assert [(f.code, f.line) for f in res.findings] == [("BP301", line)]
    tags = {t.line: t.kind for t in analyze_source(NOTEBOOK, "nb.py").tags}
    assert tags[line] == "F1" and tags[line + 1] == "update"


def test_a_cycle_between_cells_ends_with_every_cell_once() -> None:
    cyc = textwrap.dedent('''\
        import marimo
        app = marimo.App()

        @app.cell
        def _(b):
            a = b + 1
            return (a,)

        @app.cell
        def _(a):
            b = a + 1
            return (b,)
        ''')
    script = as_script(ast.parse(cyc))
    assert sorted(ast.unparse(s) for s in script.body) == ["a = b + 1", "b = a + 1"]


def test_a_module_that_only_imports_marimo_is_read_as_it_is() -> None:
    plain = "import marimo\n\ndef f(app):\n    return app.cell\n"
    assert not is_marimo(ast.parse(plain))
