"""`--format html` without a browser: a self-contained page, the user's code escaped, the right arrows drawn."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bpscan.config import OPT_IN
from bpscan.engine import FileTask, run
from bpscan.registry import all_rules
from bpscan.reporters import ReportContext, get_reporter
from bpscan.reporters.html_diagram import build
from bpscan.results import FileResult, Layer, Tag

from corpus_util import CORPUS, ROOT, check_corpus_file, corpus_files

ALL = frozenset(r.code for r in all_rules()) - set(OPT_IN)
ARTICLE = CORPUS / "article_numpy_published.py"


def results_of(*paths: Path | str) -> list[FileResult]:
    tasks = []
    for p in paths:
        p = Path(p)
        files = sorted(p.rglob("*.py")) + sorted(p.rglob("*.ipynb")) if p.is_dir() else [p]
        tasks += [FileTask(str(f), ALL) for f in files]
    return run(tasks, jobs=1)


def page(results: list[FileResult]) -> str:
    return get_reporter("html")(results, ReportContext())


class Elements(HTMLParser):
    """Every start tag with its attributes, the text of each `<code>` line, and the script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.code: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("code", "script", "style"):
            self._in = tag
            {"code": self.code, "script": self.scripts, "style": self.styles}[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            target = {"code": self.code, "script": self.scripts, "style": self.styles}[self._in]
            target[-1] += data


def parsed(text: str) -> Elements:
    p = Elements()
    p.feed(text)
    p.close()
    return p


def by_id(doc: Elements, ident: str) -> dict[str, str | None]:
    hits = [a for _, a in doc.tags if a.get("id") == ident]
    assert len(hits) == 1, f"{len(hits)} elements with id {ident}"
    return hits[0]


# ------------------------------------------------------------------------------------ self-contained


def test_the_page_loads_nothing_from_outside() -> None:
    text = page([check_corpus_file(ARTICLE, ALL)])
    doc = parsed(text)
    assert text.startswith("<!DOCTYPE html>")
    names = [t for t, _ in doc.tags]
    for forbidden in ("link", "iframe", "object", "embed", "img", "base", "form"):
        assert forbidden not in names
    assert len(doc.scripts) == 1 and all("src" not in a for t, a in doc.tags if t == "script")
    for tag, attrs in doc.tags:
        for key in ("href", "src", "xlink:href", "action"):
            value = attrs.get(key)
            assert value is None or value.startswith("#"), (tag, key, value)
    css = "".join(doc.styles) + "".join(a.get("style") or "" for _, a in doc.tags)
    assert "@import" not in css and "@font-face" not in css
    assert "url(" not in css.replace("url(#", "")
    for _, attrs in doc.tags:  # SVG markers are referenced inside the page only
        for key in ("marker-end", "fill", "filter"):
            assert "url(" not in (attrs.get(key) or "").replace("url(#", "")
    assert "http://" not in text and "https://" not in text
    csp = [a for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_the_users_code_and_file_name_are_escaped(tmp_path: Path) -> None:
    evil = tmp_path / "a<b>&'\".py"
    source = ("# </script><script>alert(1)</script> <b>bold</b> &amp;\n"
              "import numpy as np\n"
              "x = np.ones((3, 2)); t = np.ones((3, 1)); w = np.ones((2, 1))\n"
              "for i in range(3):\n"
              "    z = x.dot(w)  # \"<img src=x onerror=alert(1)>\"\n"
              "    e = t - z\n"
              "    w -= 0.1 * x.T.dot(e)  # '</div><p>'\n")
    evil.write_text(source, encoding="utf-8")
    [result] = results_of(evil)
    assert result.findings, "the ascent update is flagged: its message and expected statement are shown too"
    text = page([result])
    doc = parsed(text)
    assert [t for t, _ in doc.tags].count("script") == 1
    assert "img" not in [t for t, _ in doc.tags] and "b" not in [t for t, _ in doc.tags]
    assert doc.code[:len(source.splitlines())] == source.splitlines()  # shown exactly as written
    assert [a.get("data-path") for t, a in doc.tags if t == "section"] == [str(evil)]
    assert "<b>bold</b>" not in text and "&lt;b&gt;bold&lt;/b&gt;" in text


def test_the_html_reporter_imports_neither_rich_nor_networkx() -> None:
    code = ("import sys\n"
            "from bpscan.reporters import get_reporter, ReportContext\n"
            "from bpscan.results import FileResult, Finding, Layer, Tag\n"
            "lay = Layer('1', 'w', None, 'x', 'y', 'relu', 'z', 'row', 2, f1=(3,), f3=(4,), update=(5,))\n"
            "r = FileResult('a.py', layers=(lay,), tags=(Tag(3, 3, 'F1', '1'),), source='a\\nb\\nc\\nd\\ne\\n',\n"
            "               findings=(Finding('BP201', 'ascent-update', 'error', 5, 1, 5, 9, 'm'),))\n"
            "out = get_reporter('html')([r], ReportContext())\n"
            "assert 'BP201' in out and '<svg' in out\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'networkx', 'libcst')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT))).stdout
    assert out.strip() == "[]"


def test_the_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.html"
    proc = subprocess.run([sys.executable, "-m", "bpscan", "--no-cache", "--format", "html", "-o", str(out),
                           str(ARTICLE)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr  # the article's example has a finding
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "BP302" in text and text.endswith("</html>\n")


def test_statistics_are_not_written_as_a_page(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "bpscan", "--no-cache", "--statistics", "--format", "html",
                           "-o", str(tmp_path / "r.html"), str(ARTICLE)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "not as html" in proc.stderr and not (tmp_path / "r.html").exists()


# ---------------------------------------------------------------------------------------- the diagram


def test_the_article_network_and_its_wrong_arrow() -> None:
    r = check_corpus_file(ARTICLE, ALL)
    d = build(r, "f0")
    assert [(g.name, g.weights, g.activation) for g in d.groups] == [("1", ("w1",), "relu"), ("2", ("w2",), "sigmoid")]
    m = d.marks
    assert m["input"].label == "x" and m["loss"].lines == (34,)
    assert (m["F1-0"].state, m["F1-0"].codes, m["F1-0"].lines) == ("finding", ("BP302",), (43, 44))
    assert (m["F1-1"].state, m["F1-1"].lines) == ("ok", (40,))
    assert (m["F2-1"].state, m["F2-1"].lines) == ("ok", (42,))
    assert "F2-0" not in m  # nothing is sent back past the first layer
    assert (m["F3-0-w1"].lines, m["F3-1-w2"].lines) == ((45,), (41,))
    assert (m["update-0-w1"].lines, m["update-1-w2"].lines) == ((48,), (49,))
    assert (m["error"].state, m["error"].lines) == ("ok", (39,))
    assert not d.loose
    doc = parsed(page([r]))
    f1 = by_id(doc, "f0-F1-0")
    assert f1["data-lines"] == "43 44" and "st-finding" in (f1["class"] or "")
    assert "line 44" in (f1["data-info"] or "") and "BP302" in (f1["data-info"] or "")
    assert by_id(doc, "f0-l44")["class"] == "ln bad"


def test_the_torch_versions_bias_sums_are_the_red_arrows() -> None:
    d = build(check_corpus_file(CORPUS / "article_torch_published.py", ALL), "f0")
    wrong = {k: m.codes for k, m in d.marks.items() if m.state == "finding"}
    assert wrong == {"F3-0-b1": ("BP401",), "F3-1-b2": ("BP401",)}


def test_a_parameter_never_updated_is_marked_with_its_finding() -> None:
    d = build(check_corpus_file(CORPUS / "upd_bug_torch_missing_b1.py", ALL), "f0")
    assert (d.marks["update-0-B1"].state, d.marks["update-0-B1"].codes) == ("finding", ("BP101",))
    assert d.marks["update-0-W1"].state == "ok"


def test_an_absent_formula_is_missing_unless_the_training_step_is_elsewhere() -> None:
    layers = (Layer("1", "w1", None, "x", "h", "relu", "a", "row", 1, f1=(7,), f3=(8,), update=(9,)),
              Layer("2", "w2", None, "a", "o", "sigmoid", "z", "row", 2, f1=(5,), f2=(), f3=(6,), update=()))
    tags = (Tag(4, 4, "error", "2"), Tag(5, 5, "F1", "2"), Tag(6, 6, "F3", "2", "w2"), Tag(7, 7, "F1", "1"),
            Tag(8, 8, "F3", "1", "w1"), Tag(9, 9, "update", "1", "w1"))
    m = build(FileResult("a.py", layers=layers, tags=tags), "f0").marks
    assert m["F2-1"].state == "missing" and m["F2-1"].label == "F2 missing"
    assert m["update-1-w2"].state == "missing"
    assert m["update-0-w1"].state == "ok"
    # a module of layer classes: backward code but no update anywhere in it
    lib_layers = tuple(replace(lay, update=()) for lay in layers)
    lib = build(FileResult("a.py", layers=lib_layers, tags=tags[:-1]), "f0").marks
    assert lib["update-0-w1"].state == lib["update-1-w2"].state == "untraced"
    # an identity layer needs no F1
    ident = (replace(layers[0], activation="linear", f1=()), layers[1])
    assert build(FileResult("a.py", layers=ident, tags=tags[:3]), "f0").marks["F1-0"].state == "untraced"
    assert build(FileResult("a.py", layers=(replace(layers[0], f1=()), layers[1]), tags=tags[:3]),
                 "f0").marks["F1-0"].state == "missing"


@pytest.mark.parametrize("name", ["more_torch_autograd_nograd_zero_clean.py", "packed_theta_sigmoid_softmax_clean.py",
                                  "autograd_fn_linear_relu_clean.py"])
def test_no_arrow_is_called_missing_where_autograd_or_a_packed_vector_does_the_work(name: str) -> None:
    d = build(check_corpus_file(CORPUS / name, ALL), "f0")
    assert d.groups and not [k for k, m in d.marks.items() if m.state == "missing"]


def test_a_solver_whose_steps_apply_no_traced_gradient_draws_no_layer() -> None:
    # Newton steps `x -= np.linalg.solve(H, g)`: `Q @ x` is no layer, and nothing is said to be missing
    d = build(check_corpus_file(CORPUS / "silent_linalg_newton_interior_clean.py", ALL), "f0")
    assert not d.groups and not [k for k, m in d.marks.items() if m.state == "missing"]


def test_autograd_gradients_are_said_to_be_computed_elsewhere() -> None:
    m = build(check_corpus_file(CORPUS / "more_torch_autograd_nograd_zero_clean.py", ALL), "f0").marks
    assert m["F1-0"].state == "untraced" and "autograd" in m["F1-0"].info
    assert m["update-0-w1"].state == "ok"


def test_an_l_layer_loop_is_drawn_as_a_family() -> None:
    r = check_corpus_file(CORPUS / "dictL_relu_sigmoid_str_keys_clean.py", ALL)
    assert all(lay.family for lay in r.layers)
    d = build(r, "f0")
    assert len(d.groups) == 2 and all(g.family for g in d.groups)
    doc = parsed(page([r]))
    assert sum(1 for t, a in doc.tags if t == "rect" and a.get("class") == "stack") == 4  # two boxes behind each


def test_every_corpus_file_gets_its_diagram() -> None:
    results = [check_corpus_file(p, ALL) for p in corpus_files()]
    text = page(results)
    assert "could not be drawn" not in text
    assert text.count('<section class="file"') == len(results)


# ------------------------------------------------------------------------------------- odd input


def test_a_file_that_failed_still_appears_with_its_diagnostic(tmp_path: Path) -> None:
    # (more lines than a slip: no part of it is read)
    (tmp_path / "broken.py").write_text("import numpy as np\n" + "def f(:\n    pass\n" * 7, encoding="utf-8")
    (tmp_path / "binary.py").write_bytes(b"\x00\xff\xfe\x00 not python")
    (tmp_path / "empty.py").write_text("", encoding="utf-8")
    results = results_of(tmp_path)
    assert [Path(r.path).name for r in results] == ["binary.py", "broken.py", "empty.py"]
    text = page(results)
    doc = parsed(text)
    assert text.count('<section class="file"') == 3
    broken = next(r for r in results if r.path.endswith("broken.py"))
    assert broken.error and broken.error in text
    k = [Path(r.path).name for r in results].index("broken.py")
    assert by_id(doc, f"f{k}-l2")["class"] == "ln bad"  # the syntax error's line
    assert "could not be analysed" in text


def test_a_file_read_in_part_points_at_the_line_its_syntax_error_is_on(tmp_path: Path) -> None:
    lines = ["import numpy as np", "W = np.zeros(3) +"] + [f"b{i} = np.zeros(3)" for i in range(24)]
    (tmp_path / "slip.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = results_of(tmp_path)
    assert results[0].error is None
    text = page(results)
    doc = parsed(text)
    assert by_id(doc, "f0-l2")["class"] == "ln bad"
    assert by_id(doc, "f0-l3")["class"] != "ln bad"
    assert "read in part: syntax error at line 2" in text


def test_results_without_source_and_with_foreign_lines_render() -> None:
    lay = Layer("1", "w", "b", "x", None, None, None, "row", 999, f1=(1000,), f3=(1001,), update=(1002,))
    r = FileResult("gone.py", layers=(lay,), tags=(Tag(3, 3, "F1", "1", path="/elsewhere/lib.py"),),
                   foreign_tags=(Tag(1001, 1001, "F3", "1", "w", path="/elsewhere/lib.py"),))
    text = page([r])
    assert "the source is not available" in text and "lib.py:1001" in text


def test_a_diagram_that_cannot_be_drawn_leaves_the_findings_and_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import bpscan.reporters.html as html_reporter

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError

    monkeypatch.setattr(html_reporter, "build", broken)
    text = page([check_corpus_file(ARTICLE, ALL)])
    assert "the diagram could not be drawn: RecursionError" in text
    assert "BP302" in text and "delta_h[hy &lt; 0] = 0" in text and 'id="f0-l44"' in text


def test_no_results_and_an_empty_report() -> None:
    assert "No files were analysed" in page([])


# ------------------------------------------------------------------------------------------ projects


def test_a_project_has_a_file_list_a_summary_table_and_links_across_files() -> None:
    project = CORPUS / "projects" / "layer_framework_buggy"
    results = results_of(project)
    doc = parsed(page(results))
    nav = [a["href"] for t, a in doc.tags if t == "a" and (a.get("href") or "").startswith("#f") and a.get("title")]
    assert len(nav) == 2 * len(results) == 8  # the file list and the table
    rows = sum(1 for t, _ in doc.tags if t == "tr")
    assert rows == len(results) + 1
    k = [Path(r.path).name for r in results].index("train.py")
    weights = [a["data-info"] for t, a in doc.tags if t == "g" and a.get("id", "").startswith(f"f{k}-layer")]
    assert len(weights) == 3 and "Dense[1].W" in (weights[0] or "")
    error = by_id(doc, f"f{k}-error")
    # the loss class is in the module beside; the network's call of it (`dout = loss.backward(...)`, which
    # hands its error on) is the other place the error is tagged
    assert sorted(Path(x).name for x in (error["data-ext"] or "").split()) == ["layers.py:58", "net.py:21"]


def test_a_notebook_names_its_lines_by_cell() -> None:
    results = results_of(CORPUS / "projects" / "notebook_local_buggy" / "train.ipynb")
    doc = parsed(page(results))
    update = by_id(doc, "f0-update-0-W1")
    assert "cell 5, line 13" in (update["data-info"] or "")
    assert by_id(doc, f"f0-l{update['data-lines']}")  # the program line it highlights exists


# --------------------------------------------------------------------------------------------- --verify


VERIFIED = CORPUS / "heldout_matmul_square_buggy_no_transpose.py"


def test_verify_verdicts_are_shown_per_parameter(tmp_path: Path) -> None:
    [r] = run([FileTask(str(VERIFIED), ALL | {"BP601"})], jobs=1)
    verdicts = {c.param: c.verdict for c in r.checks}
    assert verdicts == {"A": "mismatch", "a": "mismatch", "B": "ok", "b": "ok", "C": "ok", "c": "ok"}
    assert sum(1 for f in r.findings if f.code == "BP601") == 1  # the rule reports from the same verdicts
    doc = parsed(page([r]))
    rows = [a.get("class") for t, a in doc.tags if t == "tr" and (a.get("class") or "").startswith("v-")]
    assert rows == ["v-mismatch", "v-mismatch", "v-ok", "v-ok", "v-ok", "v-ok"]
    params = {a["id"]: a["class"] for t, a in doc.tags if t == "g" and "param" in (a.get("class") or "").split()}
    assert sorted(c.split()[-1] for c in params.values()) == ["v-mismatch"] * 2 + ["v-ok"] * 4
    # without --verify: no verdicts, no table
    assert not check_corpus_file(VERIFIED, ALL).checks
    assert "checked numerically" not in page([check_corpus_file(VERIFIED, ALL)])


def test_verify_verdicts_survive_the_cache(tmp_path: Path) -> None:
    from bpscan.cache import Cache

    script = tmp_path / "net.py"
    script.write_text(VERIFIED.read_text(encoding="utf-8"), encoding="utf-8")
    enabled = ALL | {"BP601"}
    [fresh] = run([FileTask(str(script), enabled)], jobs=1)
    first = Cache(str(tmp_path))
    assert first.get(str(script), enabled) is None
    first.put(str(script), enabled, fresh)
    cached = Cache(str(tmp_path)).get(str(script), enabled)
    assert cached is not None and cached.checks == fresh.checks and len(cached.checks) == 6
