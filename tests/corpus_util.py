"""Shared helpers for the tests that read the corpus and the rule examples."""

from __future__ import annotations

import importlib.util
import io
import tokenize
import textwrap
from functools import lru_cache
from pathlib import Path

from bpscan import annotations
from bpscan.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.py"))


@lru_cache(maxsize=None)
def check_corpus_file(path: Path, select: frozenset[str]):  # type: ignore[no-untyped-def]
    """`check_file` on a corpus script, once per process and selection: several test modules
    read the same analysis of the corpus (results are frozen dataclasses, safe to share)."""
    from bpscan.engine import FileTask, check_file

    path = Path(path)
    assert path.parent == CORPUS, f"only corpus files are shared: {path}"
    return check_file(FileTask(str(path), select))


def name_to_code() -> dict[str, str]:
    return {r.name: r.code for r in all_rules()}


def have(module: str) -> bool:
    if module == "python2":
        return False
    return importlib.util.find_spec(module) is not None


def rule_examples(doc: str) -> dict[str, str]:
    """The `Example:` and `Use instead:` code blocks of a rule docstring, dedented."""
    out: dict[str, str] = {}
    lines = doc.splitlines()
    current = None
    block: list[str] = []
    for line in lines + ["END:"]:
        stripped = line.strip()
        if stripped in ("Example:", "Use instead:", "What it does:", "Why is this bad:", "END:"):
            if current is not None:
                out[current] = textwrap.dedent("\n".join(block)).strip("\n") + "\n"
            current = stripped[:-1] if stripped in ("Example:", "Use instead:") else None
            block = []
        elif current is not None:
            block.append(line)
    return out


def code_part(line: str) -> str:
    """A line without its comment and outer whitespace (tokenize finds the comment, not a `#` in a string)."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline):
            if tok.type == tokenize.COMMENT:
                return line.strip()[: tok.start[1]].rstrip()
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return line.strip()
