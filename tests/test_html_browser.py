"""`--format html` in a real browser: Debian's headless chromium driven by Playwright (skipped without them)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from bpscan.reporters import ReportContext, get_reporter

from corpus_util import CORPUS
from test_html import results_of

CHROMIUM = "/usr/bin/chromium"
# No network, no updates, no sandbox (containers): the page must need none of them.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return "chromium is not installed (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = _missing()
    if why is not None:
        if os.environ.get("BPSCAN_REQUIRE_BROWSER") == "1":  # CI installs both: skipping there hides a failure
            pytest.fail(f"browser tests required but {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    exe = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS)
        try:
            yield b
        finally:
            b.close()


class Page:
    """One report opened in the browser, with every console error and uncaught exception it produced."""

    def __init__(self, browser: Any, html_file: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.errors.append("request " + r.url)
                     if not r.url.startswith("file://") else None)
        self.page.goto(html_file.as_uri())

    def highlighted(self) -> list[int]:
        return [int(n) for n in self.page.eval_on_selector_all(".ln.hl", "els => els.map(e => e.dataset.line)")]

    def selected(self) -> list[str]:
        return self.page.eval_on_selector_all(".mark.sel", "els => els.map(e => e.id)")

    def visible_files(self) -> list[str]:
        return self.page.eval_on_selector_all("section.file", "els => els.filter(e => !e.hidden).map(e => e.id)")


def _open(browser: Any, tmp_path: Path, paths: list[Path]) -> Page:
    out = tmp_path / "report.html"
    out.write_text(get_reporter("html")(results_of(*paths), ReportContext()), encoding="utf-8")
    return Page(browser, out)


def test_the_articles_example_in_the_browser(browser: Any, tmp_path: Path) -> None:
    p = _open(browser, tmp_path, [CORPUS / "article_numpy_published.py"])
    page = p.page
    assert page.locator("svg.net").count() == 1
    boxes = page.locator("svg.net g.layer")
    assert boxes.count() == 2
    assert [boxes.nth(0).text_content(), boxes.nth(1).text_content()] == [
        "layer 1: w1; relulayer 1w1relu", "layer 2: w2; sigmoidlayer 2w2sigmoid"]  # the title, then the lines
    assert page.locator("svg.net g.param text").all_text_contents() == ["w1", "w2"]
    wrong = page.locator("svg.net .mark.st-finding")
    assert wrong.count() == 1 and "F1 BP302" in wrong.text_content()

    # the wrong arrow (the ReLU mask on an undefined h), clicked on its line: a vertical path has an empty
    # box, which Playwright calls invisible, so the click is forced (at the middle of the line)
    page.locator("#f0-F1-0 path.hit").click(force=True)
    assert p.highlighted() == [43, 44]
    assert page.eval_on_selector("#f0-l44", "e => { const r = e.getBoundingClientRect(); "
                                            "return r.top >= 0 && r.bottom <= innerHeight; }")  # scrolled to
    assert "BP302" in page.locator("#f0 .info").inner_text()

    page.locator("#f0-layer0").click()  # the layer box: its forward statements
    assert p.highlighted() == [28, 29]

    page.locator("#f0-l48 code").click()  # a line: its arrow in the network
    assert p.selected() == ["f0-update-0-w1"] and p.highlighted() == [48]
    page.locator("#f0-l40 code").click()
    assert p.selected() == ["f0-F1-1"]

    page.locator("#f0-x0 a[href='#f0-l28']").click()  # a related line of the finding
    assert p.highlighted() == [28]

    shot = tmp_path / "article.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert p.errors == []


def test_a_project_in_the_browser(browser: Any, tmp_path: Path) -> None:
    p = _open(browser, tmp_path, [CORPUS / "projects" / "layer_framework_buggy"])
    page = p.page
    names = page.locator("nav a").all_inner_texts()
    assert names == ["layers.py", "net.py", "optim.py", "train.py"]
    assert p.visible_files() == ["f0"]  # the first file with a finding
    assert page.locator("table.summary tbody tr").count() == 4

    page.locator("nav a", has_text="train.py").click()
    assert p.visible_files() == ["f3"]
    layers = page.locator("#f3 svg.net g.layer")
    assert layers.count() == 3
    assert ["Dense[1].W" in layers.nth(0).text_content(), "Dense[3].W" in layers.nth(2).text_content()] == [True, True]

    page.locator("#f3-error text").click()  # its label; the output error is computed in layers.py
    link = page.locator("#f3 .info a", has_text="layers.py")
    assert link.inner_text().endswith("layers.py:58")
    link.click()
    assert p.visible_files() == ["f0"] and p.highlighted() == [58]
    assert "f0-error" in p.selected()

    page.locator("table.summary a", has_text="optim.py").click()
    assert p.visible_files() == ["f2"]
    page.screenshot(path=str(tmp_path / "project.png"))
    assert p.errors == []
