"""On-disk cache of per-file results, keyed by content, bpscan's own code and the settings."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import replace
from typing import Any

from bpscan.results import Check, FileResult, Layer, Tag

CACHE_DIR_NAME = ".bpscan_cache"
_PACK = "pack.json"  # not an entry's name: entries are named by a sha256
_FORMAT = 7  # bump when the entry layout changes (3: related lines carry their file; 4: insert_after; 5: move_before;
# 6: a source that is the file's own text is not stored; 7: tags as rows, the other files' tags grouped by file)

_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by bpscan.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def code_fingerprint() -> str:
    """bpscan's version plus the size and mtime of its own modules and rules.

    The version alone is not enough in a source checkout, where the analysis changes without
    a version bump; a stale cache would then hide the change.
    """
    import bpscan
    import bpscan.rules

    parts = [bpscan.__version__, str(_FORMAT)]
    dirs = [os.path.dirname(bpscan.__file__), *list(bpscan.rules.__path__)]
    for d in dirs:
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for name in names:
            if name.endswith(".py"):
                try:
                    st = os.stat(os.path.join(d, name))
                except OSError:
                    continue
                parts.append(f"{d}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _content_hash(path: str) -> str | None:
    data = _read(path)
    return None if data is None else _digest(data)


def _own_text(path: str, data: bytes) -> str | None:
    """The text bpscan analyses for a .py file's bytes, or None (a notebook's program is its cells)."""
    if not path.lower().endswith(".py"):
        return None
    from bpscan.source import decode_source

    try:
        return decode_source(data)
    except Exception:
        return None


#: a tag's fields in the order a cached row lists them (the path is where the row is filed)
_TAG_FIELDS = tuple(f for f in Tag.__dataclass_fields__ if f != "path")


#: a layer's fields in their order; those holding line tuples are stored as lists
_LAYER_FIELDS = tuple(Layer.__dataclass_fields__)
_LINE_AT = tuple(i for i, f in enumerate(_LAYER_FIELDS) if f in ("f1", "f2", "f3", "update"))


def _layer_row(layer: Layer) -> list[Any]:
    return [getattr(layer, f) for f in _LAYER_FIELDS]  # (json writes the line tuples as lists)


def _layer_of_row(row: list[Any]) -> Layer:
    for i in _LINE_AT:
        row[i] = tuple(row[i])
    return Layer(*row)


def _tag_rows(tags: tuple[Tag, ...]) -> list[list[Any]]:
    return [[getattr(t, f) for f in _TAG_FIELDS] for t in tags]


def _entry_of(result: FileResult, path: str, data: bytes) -> dict[str, Any]:
    """A result as a cache entry: tags and layers as rows, most of a result's size and of its reading time."""
    from bpscan.serialize import finding_to_dict

    by_file: dict[str, list[Tag]] = {}
    for t in result.foreign_tags:
        by_file.setdefault(t.path or "", []).append(t)
    entry: dict[str, Any] = {
        "error": result.error,
        "layers": [_layer_row(layer) for layer in result.layers],
        "tags": _tag_rows(result.tags),
        "findings": [finding_to_dict(f) for f in result.findings],
        "notes": list(result.notes),
        "foreign": [dict(finding_to_dict(f), path=f.path) for f in result.foreign],
        "foreign_tags": {p: _tag_rows(tuple(ts)) for p, ts in by_file.items()},
        "checks": [{"param": c.param, "verdict": c.verdict, "line": c.line, "rel_error": c.rel_error,
                    "reason": c.reason} for c in result.checks],
    }
    if result.source is not None and result.source == _own_text(path, data):
        entry["source_is_file"] = True
    else:
        entry["source"] = result.source
    return entry


def _result_from_entry(entry: dict[str, Any], path: str, data: bytes) -> FileResult:
    from bpscan.serialize import finding_from_dict

    foreign_tags = tuple(Tag(*row, path=p or None) for p, rows in (entry.get("foreign_tags") or {}).items()
                         for row in rows)
    # most entries leave the source out: it is the file's own text, whose bytes were just read
    source = _own_text(path, data) if entry.get("source_is_file") else entry.get("source")
    return FileResult(
        path=path,
        error=entry.get("error"),
        layers=tuple(_layer_of_row(row) for row in entry.get("layers") or ()),
        tags=tuple(Tag(*row) for row in entry.get("tags") or ()),
        findings=tuple(finding_from_dict(x) for x in entry.get("findings") or ()),
        notes=tuple(entry.get("notes") or ()),
        deps=tuple(entry.get("deps") or ()),
        foreign=tuple(replace(finding_from_dict(d), path=d.get("path")) for d in entry.get("foreign") or ()),
        foreign_tags=foreign_tags,
        checks=tuple(Check(**d) for d in entry.get("checks") or ()),
        source=source,
    )


class Cache:
    """Results of earlier runs under `<root>/.bpscan_cache/`; every failure is a silent miss."""

    def __init__(self, root: str) -> None:
        import bpscan

        self.directory = os.path.join(root, CACHE_DIR_NAME)
        self._entries = os.path.join(self.directory, bpscan.__version__)
        self._fingerprint = code_fingerprint()
        self._hashes: dict[str, str] = {}
        self._dep_hashes: dict[str, str | None] = {}
        # every entry of the last full run in one file, read once: a run with few changed files opens one
        # file instead of one per scanned file (each entry is still checked as a file's own would be)
        self._pack: dict[str, Any] | None = None
        self._seen: dict[str, Any] = {}  # this run's valid entries by key, for the next pack
        self._unpacked = 0  # lookups the pack did not answer
        self._writable = True
        self.hits = 0

    def _dep_hash(self, path: str) -> str | None:
        """A project module's content hash, read once per run however many files import it."""
        if path not in self._dep_hashes:
            self._dep_hashes[path] = _content_hash(path)
        return self._dep_hashes[path]

    def _key(self, path: str, enabled: frozenset[str], src: tuple[str, ...] = ()) -> str:
        material = "\0".join([self._fingerprint, ",".join(sorted(enabled)), os.path.abspath(path), *src])
        return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, path: str, enabled: frozenset[str], src: tuple[str, ...] = ()) -> FileResult | None:
        """The stored result for this file's current content and settings, or None."""
        data = _read(path)
        if data is None:
            return None
        digest = _digest(data)
        self._hashes[path] = digest
        key = self._key(path, enabled, src)
        entry = self._packed().get(key)
        if entry is None or not self._valid(entry, digest):
            self._unpacked += 1
            try:
                with open(os.path.join(self._entries, key + ".json"), encoding="utf-8") as fh:
                    entry = json.load(fh)
            except Exception:  # missing, unreadable or corrupt
                return None
            if not self._valid(entry, digest):
                return None
        try:
            result = _result_from_entry(entry, path, data)
        except Exception:  # from an incompatible serializer
            return None
        self._seen[key] = entry
        self.hits += 1
        return result

    def _valid(self, entry: Any, digest: str) -> bool:
        """The entry is of this content, and the project files it imported are unchanged (editing layers.py
        re-checks train.py)."""
        try:
            return entry.get("content") == digest and all(
                self._dep_hash(dep) == dep_digest for dep, dep_digest in (entry.get("deps") or {}).items())
        except Exception:
            return False

    def _packed(self) -> dict[str, Any]:
        if self._pack is None:
            self._pack = {}
            try:
                with open(os.path.join(self._entries, _PACK), encoding="utf-8") as fh:
                    pack = json.load(fh)
                if isinstance(pack, dict) and pack.get("fingerprint") == self._fingerprint and \
                        isinstance(pack.get("entries"), dict):
                    self._pack = pack["entries"]
            except Exception:
                pass
        return self._pack

    def finish(self) -> None:
        """After a run: write the pack anew when it answered too few of this run's lookups (a first run, many
        files changed); a run that changed a file or two leaves it, their own entries answer for them."""
        if not self._writable or not self._seen or self._unpacked <= max(8, len(self._seen) // 10):
            return
        entries = dict(self._packed())
        entries.update(self._seen)
        try:
            text = json.dumps({"fingerprint": self._fingerprint, "entries": entries}, ensure_ascii=False)
            self._prepare()
            fd, tmp = tempfile.mkstemp(dir=self._entries, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, os.path.join(self._entries, _PACK))  # atomic, as an entry
            except BaseException:
                _silently_remove(tmp)
                raise
        except (OSError, UnicodeError, TypeError, ValueError):
            pass

    def put(self, path: str, enabled: frozenset[str], result: FileResult, src: tuple[str, ...] = ()) -> None:
        """Store a fresh result, unless the file changed while it was analysed."""
        digest = self._hashes.get(path)
        data = _read(path) if self._writable and digest is not None else None
        if data is None or _digest(data) != digest:
            return
        try:
            deps = {dep: self._dep_hash(dep) for dep in result.deps}
            if any(h is None for h in deps.values()):
                return
            entry = _entry_of(result, path, data)
            entry["content"] = digest
            entry["deps"] = deps
            self._seen[self._key(path, enabled, src)] = entry
            data = json.dumps(entry, ensure_ascii=False)
        except Exception:
            return
        try:
            self._prepare()
            fd, tmp = tempfile.mkstemp(dir=self._entries, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(data)
                # Atomic: concurrent bpscan processes (pre-commit runs several) never see half a file.
                os.replace(tmp, os.path.join(self._entries, self._key(path, enabled, src) + ".json"))
            except BaseException:
                _silently_remove(tmp)
                raise
        except (OSError, UnicodeError):
            self._writable = False  # read-only checkout, full disk: run on without caching

    def _prepare(self) -> None:
        if os.path.isdir(self._entries):
            return
        os.makedirs(self._entries, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", _CACHEDIR_TAG), (".gitignore", "# Created by bpscan.\n*\n")):
            target = os.path.join(self.directory, name)
            if not os.path.exists(target):
                with open(target, "w", encoding="utf-8") as fh:
                    fh.write(text)


def _silently_remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def cache_root(config_path: str | None, project_root: str | None) -> str:
    """Where `.bpscan_cache/` goes: beside the config, else the nearest pyproject.toml, else cwd."""
    if config_path:
        return os.path.dirname(os.path.abspath(config_path))
    return project_root or os.getcwd()
