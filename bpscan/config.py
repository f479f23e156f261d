"""Read `[tool.bpscan]` from pyproject.toml, validate it, and merge it with command-line flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from bpscan.results import SEVERITIES

OUTPUT_FORMATS: tuple[str, ...] = ("concise", "full", "json", "sarif", "github", "html")

#: Every key `[tool.bpscan]` accepts, with the type it must have (for the error message).
KEYS: dict[str, str] = {
    "select": "a list of rule codes or names",
    "ignore": "a list of rule codes or names",
    "extend-select": "a list of rule codes or names",
    "per-file-ignores": "a table of glob = [rule codes]",
    "exclude": "a list of gitignore-style patterns",
    "fail-on": "one of " + ", ".join(SEVERITIES),
    "format": "one of " + ", ".join(OUTPUT_FORMATS),
    "cache": "true or false",
    "src": "a list of directories where the project's own modules live",
    "annotate-style": "\"trailing\" or \"above\"",
    "annotate-line-length": "a whole number of columns (at least 20)",
}
#: The tag comment's line-length limit when neither [tool.bpscan] nor [tool.ruff] sets one (ruff's default).
DEFAULT_LINE_LENGTH = 88


class ConfigError(Exception):
    """A configuration or selection problem; str(e) is one line naming the file and key."""


def did_you_mean(word: str, candidates: Iterable[str], *, fold_case: bool = True) -> str:
    """` (did you mean 'x'?)` for the closest candidate to a mistyped word, or ``.

    Uses difflib; a letter O typed for a zero (`BP2O1`) or `_` for `-` is close enough.
    """
    import difflib

    pool = list(dict.fromkeys(candidates))
    if not pool:
        return ""
    key = word.strip()
    if fold_case:
        folded = {c.lower(): c for c in pool}
        matches = difflib.get_close_matches(key.lower().replace("_", "-"), list(folded), n=1, cutoff=0.6)
        best = folded[matches[0]] if matches else None
    else:
        matches = difflib.get_close_matches(key, pool, n=1, cutoff=0.6)
        best = matches[0] if matches else None
    return f" (did you mean {best!r}?)" if best else ""


def rule_suggestion(word: str) -> str:
    """` (did you mean 'BP201'?)` for a mistyped rule code or name, or ``."""
    from bpscan.registry import all_rules

    import difflib

    # every code, name and name tail (`update` of `ascent-update`), each standing for its rule
    aliases: dict[str, str] = {}
    word_of: dict[str, set[str]] = {}
    for r in all_rules():
        aliases.setdefault(r.code.lower(), r.code)
        words = r.name.split("-")
        for i in range(len(words)):
            aliases.setdefault("-".join(words[i:]), r.name)
        for w in words:
            word_of.setdefault(w, set()).add(r.name)
    for w, names in word_of.items():  # a word of one rule's name only (`ascent`, `stale`)
        if len(names) == 1:
            aliases.setdefault(w, next(iter(names)))
    key = word.strip().lower().replace("_", "-")
    matches = difflib.get_close_matches(key, list(aliases), n=1, cutoff=0.6)
    return f" (did you mean {aliases[matches[0]]!r}?)" if matches else ""


@dataclass(frozen=True)
class RuleSelection:
    """One layer of rule selection (the config file, or the command line), as written."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    where: str = "command line"


@dataclass(frozen=True)
class Config:
    """The validated `[tool.bpscan]` table; `root` anchors its relative patterns."""

    path: str | None = None
    root: str = "."
    rules: RuleSelection = field(default_factory=RuleSelection)
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str | None = None
    format: str | None = None
    cache: bool | None = None
    src: tuple[str, ...] = ()  # absolute directories searched for project imports
    annotate_style: str | None = None  # "trailing" (tags after the code, above when too long) or "above"
    line_length: int | None = None  # annotate-line-length, else [tool.ruff] line-length


def _load_toml(path: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 ({exc.reason})") from None


def _has_bpscan_table(path: str) -> bool:
    # A cheap text test first: most pyproject.toml files never mention bpscan.
    try:
        with open(path, "rb") as fh:
            if b"bpscan" not in fh.read():
                return False
    except OSError:
        return False
    tool = _load_toml(path).get("tool")
    return isinstance(tool, dict) and "bpscan" in tool


def _ancestors(start: str) -> Iterable[str]:
    cur = os.path.abspath(start)
    while True:
        yield cur
        parent = os.path.dirname(cur)
        if parent == cur:
            return
        cur = parent


def common_directory(paths: Sequence[str]) -> str:
    """The deepest directory containing every given path (files count as their directory)."""
    dirs = []
    for p in paths:
        ap = os.path.abspath(p)
        dirs.append(ap if os.path.isdir(ap) else os.path.dirname(ap))
    if not dirs:
        return os.getcwd()
    try:
        return os.path.commonpath(dirs)
    except ValueError:  # different drives on Windows
        return os.getcwd()


def find_config(paths: Sequence[str]) -> str | None:
    """The nearest pyproject.toml with a `[tool.bpscan]` table, upward from the scanned paths.

    Like ruff, a pyproject.toml without the table is passed over. One configuration governs
    the whole run: it is searched from the deepest directory that contains every path.
    """
    for d in _ancestors(common_directory(paths)):
        candidate = os.path.join(d, "pyproject.toml")
        if os.path.isfile(candidate) and _has_bpscan_table(candidate):
            return candidate
    return None


def find_project_root(paths: Sequence[str]) -> str | None:
    """The directory of the nearest pyproject.toml (with or without a bpscan table), or None."""
    for d in _ancestors(common_directory(paths)):
        if os.path.isfile(os.path.join(d, "pyproject.toml")):
            return d
    return None


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key}: expected {KEYS[key]}, got {_describe(value)}")
    return tuple(value)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, list):
        return "a list containing " + ", ".join(sorted({type(v).__name__ for v in value}))
    return type(value).__name__


def expand_codes(selectors: Iterable[str], where: str) -> frozenset[str]:
    """Rule codes for selectors (codes, names, prefixes like `BP2`, `ALL`); unknown → ConfigError."""
    from bpscan.registry import rule_codes

    out: set[str] = set()
    for sel in selectors:
        try:
            out |= rule_codes([sel])
        except KeyError:
            raise ConfigError(f"{where}: unknown rule {sel.strip()!r}{rule_suggestion(sel)}") from None
    return frozenset(out)


def parse_table(table: Any, path: str, section: str | None = "tool.bpscan") -> Config:
    """Validate a `[tool.bpscan]` table read from `path`; raise ConfigError on the first problem."""
    where = f"{path}: [{section}]" if section else path
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table, got {_describe(table)}")
    for key in table:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS)
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")

    lists: dict[str, tuple[str, ...]] = {}
    for key in ("select", "ignore", "extend-select"):
        if key in table:
            lists[key] = _str_list(table[key], where, key)
            expand_codes(lists[key], f"{where} {key}")

    pfi: list[tuple[str, frozenset[str]]] = []
    if "per-file-ignores" in table:
        value = table["per-file-ignores"]
        if not isinstance(value, dict):
            raise ConfigError(
                f"{where}: per-file-ignores: expected {KEYS['per-file-ignores']}, got {_describe(value)}"
            )
        for pattern, codes in value.items():
            sub = f"per-file-ignores {pattern!r}"
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise ConfigError(f"{where}: {sub}: expected a list of rule codes, got {_describe(codes)}")
            pfi.append((pattern, expand_codes(codes, f"{where} {sub}")))

    exclude = _str_list(table["exclude"], where, "exclude") if "exclude" in table else ()

    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise ConfigError(f"{where}: fail-on: expected {KEYS['fail-on']}, got {_describe(fail_on)}")
    fmt = table.get("format")
    if fmt is not None and fmt not in OUTPUT_FORMATS:
        raise ConfigError(f"{where}: format: expected {KEYS['format']}, got {_describe(fmt)}")
    cache = table.get("cache")
    if cache is not None and not isinstance(cache, bool):
        raise ConfigError(f"{where}: cache: expected {KEYS['cache']}, got {_describe(cache)}")

    style = table.get("annotate-style")
    if style is not None and style not in ("trailing", "above"):
        raise ConfigError(f"{where}: annotate-style: expected {KEYS['annotate-style']}, got {_describe(style)}")
    length = table.get("annotate-line-length")
    if length is not None and (isinstance(length, bool) or not isinstance(length, int) or length < 20):
        raise ConfigError(f"{where}: annotate-line-length: expected {KEYS['annotate-line-length']}, "
                          f"got {_describe(length)}")

    root = os.path.dirname(os.path.abspath(path))
    src = tuple(os.path.normpath(os.path.join(root, d)) for d in _str_list(table["src"], where, "src")) \
        if "src" in table else ()
    return Config(
        path=path,
        root=root,
        src=src,
        rules=RuleSelection(
            select=lists.get("select"),
            extend_select=lists.get("extend-select", ()),
            ignore=lists.get("ignore", ()),
            where=where,
        ),
        per_file_ignores=tuple(pfi),
        exclude=exclude,
        fail_on=fail_on,
        format=fmt,
        cache=cache,
        annotate_style=style,
        line_length=length,
    )


def load_config(path: str) -> Config:
    """Read and validate a config file: a pyproject.toml's `[tool.bpscan]`, or a bare TOML table."""
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: config file not found")
    data = _load_toml(path)
    tool = data.get("tool")
    if isinstance(tool, dict) and "bpscan" in tool:
        config = parse_table(tool["bpscan"], path)
        ruff = tool.get("ruff")
        if config.line_length is None and isinstance(ruff, dict) and isinstance(ruff.get("line-length"), int) \
                and not isinstance(ruff.get("line-length"), bool):
            from dataclasses import replace

            config = replace(config, line_length=ruff["line-length"])
        return config
    if os.path.basename(path) == "pyproject.toml":
        # An explicit pyproject.toml without the table: defaults, anchored at its directory.
        return Config(path=path, root=os.path.dirname(os.path.abspath(path)))
    return parse_table(data, path, section=None)


#: Rules that run only when selected explicitly (or, for BP601, with --verify).
OPT_IN: tuple[str, ...] = ("BP601",)


def enabled_codes(layers: Sequence[RuleSelection]) -> frozenset[str]:
    """The rules in force after applying each layer in turn (config first, then command line).

    Like ruff: a layer's `select` replaces what came before, `extend-select` adds, `ignore`
    removes (within one layer, ignore wins). With no `select` anywhere every rule is on.
    """
    # opt-in rules (BP601 evaluates the gradients numerically) run only when selected or with --verify
    enabled = set(expand_codes(["ALL"], "rules")) - set(OPT_IN)
    for layer in layers:
        if layer.select is not None:
            enabled = set(expand_codes(layer.select, f"{layer.where} select"))
        enabled |= expand_codes(layer.extend_select, f"{layer.where} extend-select")
        enabled -= expand_codes(layer.ignore, f"{layer.where} ignore")
    return frozenset(enabled)


class PerFileIgnores:
    """Matches files against `per-file-ignores` globs (gitignore-style, relative to the config)."""

    def __init__(self, config: Config) -> None:
        self._root = config.root
        self._entries: list[tuple[Any, frozenset[str]]] = []
        if config.per_file_ignores:
            import pathspec  # lazy: costs ~30 ms to import

            for pattern, codes in config.per_file_ignores:
                spec = pathspec.GitIgnoreSpec.from_lines([pattern])
                self._entries.append((spec, codes))

    def codes_for(self, path: str) -> frozenset[str]:
        """The rule codes to drop for this file."""
        if not self._entries:
            return frozenset()
        rel = os.path.relpath(os.path.abspath(path), self._root).replace(os.sep, "/")
        out: set[str] = set()
        for spec, codes in self._entries:
            if spec.match_file(rel) or spec.match_file(os.path.basename(path)):
                out |= codes
        return frozenset(out)
