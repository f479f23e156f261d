"""Rewrite the few Python 2 constructs of legacy training scripts into Python 3, keeping every line number.

Only these are rewritten, at the token level: print statements (`print x, y`, `print >>f, x`,
bare `print`), `except E, e:`, `raise E, V` (and `raise E, V, tb`), tuple parameters
(`def f((a, b)):`, `lambda (x, y): ...`), backquotes, `<>`, exec statements (`exec code in ns`),
octal literals (`0777`), long literals (`10L`) and `ur"..."` prefixes; and, when Python 3 rejects
mixed tabs and spaces, indentation tabs are expanded to 8 columns as Python 2 did. `xrange`,
`iteritems`, `raw_input` and the like parse as Python 3 already and are left alone. No edit adds
or removes a newline, so every statement keeps its line; most keep their column too. A tuple
parameter becomes a placeholder name of the same width, unpacked again in the syntax tree by
`unpack_tuple_params`, since Python 3 has no text of the same lines that means the same.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from tokenize import COMMENT, DEDENT, ENDMARKER, ERRORTOKEN, INDENT, NAME, NEWLINE, NL, NUMBER, OP, STRING

PRINT = "print statements"
EXCEPT = "except-comma"
RAISE = "raise-comma"
TUPLE_PARAMS = "tuple parameters"
BACKQUOTES = "backquotes"
NOT_EQUAL = "<> operator"
EXEC = "exec statements"
OCTAL = "octal literals"
LONG = "long literals"
UR_STRINGS = "ur-strings"
TABS = "tab indentation"

#: The order fixes are named in notes.
FIX_ORDER: tuple[str, ...] = (
    PRINT, EXCEPT, RAISE, TUPLE_PARAMS, BACKQUOTES, NOT_EQUAL, EXEC, OCTAL, LONG, UR_STRINGS, TABS,
)

_OPENERS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
_EXPR_START_OPS = {"(", "[", "{", "-", "+", "~"}
_STATEMENT_END = {NEWLINE, ENDMARKER, COMMENT}
_NOT_EXPR_NAMES = {"in", "is", "and", "or", "if", "else", "for", "as", "from", "import"}


@dataclass(frozen=True)
class Rewrite:
    """The rewritten text and the names of the fixes applied (empty when nothing changed).

    `unpack` lists each tuple parameter replaced: (line, placeholder name, the original pattern).
    """

    text: str
    fixes: tuple[str, ...]
    unpack: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    fix: str


def _lines(text: str) -> list[str]:
    """Lines split at LF only, as Python counts them (str.splitlines also splits at \\f and others)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    """Tokens of `text`; where tokenize gives up, it restarts on the next line (positions kept).

    A restart is marked by an empty NEWLINE token so that no statement runs across it.
    """
    lines = _lines(text)
    out: list[tokenize.TokenInfo] = []
    first = 0  # 0-based index of the line the current tokenizer run starts at
    while first < len(lines):
        reader = io.StringIO("".join(lines[first:])).readline
        try:
            for tok in tokenize.generate_tokens(reader):
                if first:
                    tok = tok._replace(
                        start=(tok.start[0] + first, tok.start[1]),
                        end=(tok.end[0] + first, tok.end[1]),
                    )
                out.append(tok)
            break
        except (tokenize.TokenError, SyntaxError) as err:
            # Unterminated string or bracket, bad dedent: carry on after the line that failed.
            failed = getattr(err, "lineno", None)
            if failed is None and isinstance(err, tokenize.TokenError) and len(err.args) > 1:
                failed = err.args[1][0]
            last_line = out[-1].end[0] if out else first
            failed_line = first + failed if failed else last_line
            first = max(failed_line, last_line, first + 1)
            out.append(tokenize.TokenInfo(NEWLINE, "", (first + 1, 0), (first + 1, 0), ""))
    return out


def _is_ws_error(tok: tokenize.TokenInfo) -> bool:
    return tok.type == ERRORTOKEN and tok.string.isspace()


class _Rewriter:
    """Collects edits over one token list; character offsets index the original text."""

    def __init__(self, text: str, toks: list[tokenize.TokenInfo]) -> None:
        self.text = text
        self.toks = [t for t in toks if not _is_ws_error(t)]
        self.edits: list[_Edit] = []
        self.patterns: dict[int, tuple[str, str]] = {}  # offset of a tuple parameter -> (name, pattern)
        self.line_start = [0]
        for line in _lines(text):
            self.line_start.append(self.line_start[-1] + len(line))

    def off(self, pos: tuple[int, int]) -> int:
        row, col = pos
        if row - 1 >= len(self.line_start):
            return len(self.text)
        return self.line_start[row - 1] + col

    def edit(self, start: tuple[int, int], end: tuple[int, int], text: str, fix: str) -> None:
        self.edits.append(_Edit(self.off(start), self.off(end), text, fix))

    def statement_end(self, i: int) -> int:
        """Index of the first token after i that ends the statement (NEWLINE, `;`, comment, EOF)."""
        depth = 0
        toks = self.toks
        j = i
        while j < len(toks):
            tok = toks[j]
            if tok.type == OP and tok.string in _OPENERS:
                depth = max(0, depth + _OPENERS[tok.string])
            elif depth == 0 and (tok.type in _STATEMENT_END or (tok.type == OP and tok.string == ";")):
                return j
            j += 1
        return len(toks)

    def last_significant(self, start: int, end: int) -> int | None:
        for k in range(end - 1, start - 1, -1):
            if self.toks[k].type not in (NL, COMMENT, INDENT, DEDENT):
                return k
        return None

    def matching_close(self, i: int) -> int | None:
        depth = 0
        for j in range(i, len(self.toks)):
            tok = self.toks[j]
            if tok.type == OP and tok.string in _OPENERS:
                depth += _OPENERS[tok.string]
                if depth == 0:
                    return j
            elif tok.type in (NEWLINE, ENDMARKER):
                return None
        return None

    def starts_expression(self, j: int) -> bool:
        tok = self.toks[j]
        if tok.type in (NUMBER, STRING):
            return True
        if tok.type == NAME:
            return tok.string not in _NOT_EXPR_NAMES
        if tok.type == ERRORTOKEN and tok.string == "`":
            return True
        return tok.type == OP and tok.string in _EXPR_START_OPS

    def open_call(self, keyword: tokenize.TokenInfo, first: tokenize.TokenInfo, fix: str) -> None:
        """Turn `kw expr` into `kw(expr`: the space after the keyword becomes the parenthesis."""
        gap = self.text[self.off(keyword.end) : self.off(first.start)]
        if gap[:1] in (" ", "\t"):
            self.edit(keyword.end, (keyword.end[0], keyword.end[1] + 1), "(", fix)
        else:
            self.edit(keyword.end, keyword.end, "(", fix)

    def paren_closes_statement(self, j: int) -> bool:
        close = self.matching_close(j)
        if close is None:
            return False
        nxt = close + 1
        return nxt >= len(self.toks) or self.toks[nxt].type in _STATEMENT_END or (
            self.toks[nxt].type == OP and self.toks[nxt].string == ";"
        )

    def fix_print(self, i: int) -> None:
        kw = self.toks[i]
        j = i + 1
        if j >= len(self.toks):
            return
        nxt = self.toks[j]
        end = self.statement_end(j)
        if nxt.type in _STATEMENT_END or (nxt.type == OP and nxt.string == ";"):
            self.edit(kw.end, kw.end, "()", PRINT)
            return
        if nxt.type == OP and nxt.string == ">>":
            self.fix_chevron(i, j, end)
            return
        if nxt.type == OP and nxt.string == "(" and self.paren_closes_statement(j):
            return  # `print (x)` means the same in both languages
        if not self.starts_expression(j):
            return  # `print = ...`, `print.x`: a name, not a statement
        last = self.last_significant(j, end)
        if last is None:
            return
        self.open_call(kw, nxt, PRINT)
        self.edit(self.toks[last].end, self.toks[last].end, ")", PRINT)

    def fix_chevron(self, i: int, chevron: int, end: int) -> None:
        """`print >>f, x, y` becomes `print(     x, y, file=f)`: x and y keep their columns."""
        kw = self.toks[i]
        depth = 0
        comma = None
        for k in range(chevron + 1, end):
            tok = self.toks[k]
            if tok.type == OP and tok.string in _OPENERS:
                depth += _OPENERS[tok.string]
            elif depth == 0 and tok.type == OP and tok.string == ",":
                comma = k
                break
        target_end = comma if comma is not None else end
        target_last = self.last_significant(chevron + 1, target_end)
        last = self.last_significant(chevron + 1, end)
        if target_last is None or last is None:
            return
        start_off = self.off(self.toks[chevron].start)
        target = self.text[self.off(self.toks[chevron + 1].start) : self.off(self.toks[target_last].end)]
        target = " ".join(target.replace("\\\n", " ").split())
        blank_end = self.toks[comma].end if comma is not None else self.toks[target_last].end
        blanked = self.text[start_off : self.off(blank_end)]
        self.edits.append(
            _Edit(start_off, self.off(blank_end), "".join(c if c == "\n" else " " for c in blanked), PRINT)
        )
        self.open_call(kw, self.toks[chevron], PRINT)
        rest_empty = comma is None or last == comma
        trailing_comma = not rest_empty and self.toks[last].string == ","
        sep = "" if rest_empty else (" " if trailing_comma else ", ")
        self.edit(self.toks[last].end, self.toks[last].end, f"{sep}file={target})", PRINT)

    def fix_exec(self, i: int) -> None:
        kw = self.toks[i]
        j = i + 1
        if j >= len(self.toks) or not self.starts_expression(j):
            return
        nxt = self.toks[j]
        end = self.statement_end(j)
        if nxt.type == OP and nxt.string == "(" and self.paren_closes_statement(j):
            return
        last = self.last_significant(j, end)
        if last is None:
            return
        self.open_call(kw, nxt, EXEC)
        depth = 0
        for k in range(j, end):
            tok = self.toks[k]
            if tok.type == OP and tok.string in _OPENERS:
                depth += _OPENERS[tok.string]
            elif depth == 0 and tok.type == NAME and tok.string == "in":
                self.edit(tok.start, tok.end, ", ", EXEC)  # same width: columns stay
                break
        self.edit(self.toks[last].end, self.toks[last].end, ")", EXEC)

    def fix_except(self, i: int) -> None:
        depth = 0
        for k in range(i + 1, len(self.toks)):
            tok = self.toks[k]
            if tok.type in (NEWLINE, ENDMARKER):
                return
            if tok.type == OP and tok.string in _OPENERS:
                depth += _OPENERS[tok.string]
            elif depth == 0 and tok.type == OP and tok.string == ":":
                return
            elif depth == 0 and tok.type == OP and tok.string == ",":
                self.edit(tok.start, tok.end, " as", EXCEPT)
                return

    def fix_raise(self, i: int) -> None:
        """`raise E, V` becomes `raise E( V)`, `raise E, V, tb` `raise E( V).with_traceback( tb)`."""
        end = self.statement_end(i + 1)
        commas = []
        depth = 0
        for k in range(i + 1, end):
            tok = self.toks[k]
            if tok.type == OP and tok.string in _OPENERS:
                depth += _OPENERS[tok.string]
            elif depth == 0 and tok.type == OP and tok.string == ",":
                commas.append(k)
            elif depth == 0 and tok.type == NAME and (tok.string == "from" or (
                not commas and tok.string in ("lambda", "if")
            )):
                return  # Python 3 already, or E would need parentheses that move columns
        last = self.last_significant(i + 1, end)
        if not 1 <= len(commas) <= 2 or last is None or last == commas[-1]:
            return
        self.edit(self.toks[commas[0]].start, self.toks[commas[0]].end, "(", RAISE)  # same width
        if len(commas) == 2:
            self.edit(self.toks[commas[1]].start, self.toks[commas[1]].end, ").with_traceback(", RAISE)
        self.edit(self.toks[last].end, self.toks[last].end, ")", RAISE)

    def fix_tuple_params(self, i: int) -> None:
        """Each `(a, b)` among the parameters of the `def` or `lambda` at i becomes a placeholder."""
        toks = self.toks
        if toks[i].string == "def":
            if i + 2 >= len(toks) or toks[i + 2].string != "(":
                return
            k, base, prev, starts = i + 3, 1, "(", ("(", ",")
        else:
            k, base, prev, starts = i + 1, 0, "lambda", ("lambda", ",")
        depth = base
        while k < len(toks):
            tok = toks[k]
            if tok.type in (NEWLINE, ENDMARKER):
                return
            k += 1
            if tok.type in (NL, COMMENT):
                continue
            s = tok.string
            if tok.type == OP and s == "(" and depth == base and prev in starts:
                close = self.matching_close(k - 1)
                if close is None:
                    return
                self.tuple_param(tok, toks[close])
                k, prev = close + 1, ")"
                continue
            if tok.type == OP and s in _OPENERS:
                depth += _OPENERS[s]
            if depth < base or (depth == base and s == ":" and base == 0):
                return  # the end of the parameters
            prev = s

    def tuple_param(self, opener: tokenize.TokenInfo, closer: tokenize.TokenInfo) -> None:
        start, end = self.off(opener.start), self.off(closer.end)
        pattern = self.text[start:end]
        try:
            node = ast.parse(pattern, mode="eval").body
        except (SyntaxError, ValueError):
            return
        if isinstance(node, ast.Name):
            word = node.id  # `def f((a)):` is `def f(a):`
        elif isinstance(node, ast.Tuple) and _is_pattern(node):
            word = f"_t{len(self.patterns) + 1}"
            self.patterns[start] = (word, pattern)
        else:
            return
        # The word, then the rest of the pattern blanked but for its newlines: lines and the
        # columns after it stay put.
        cut = len(word) if "\n" not in pattern[: len(word)] else pattern.index("\n")
        if "\n" not in pattern and len(word) > len(pattern):
            return
        blank = "".join(c if c == "\n" else " " for c in pattern[cut:])
        self.edits.append(_Edit(start, end, word + blank, TUPLE_PARAMS))

    def run(self) -> None:
        toks = self.toks
        at_start = True
        depth = 0
        backquote_open = False
        for i, tok in enumerate(toks):
            kind, s = tok.type, tok.string
            prev = toks[i - 1] if i else None
            if kind == NAME and at_start and depth == 0:
                if s == "print":
                    self.fix_print(i)
                elif s == "exec":
                    self.fix_exec(i)
                elif s == "except":
                    self.fix_except(i)
                elif s == "raise":
                    self.fix_raise(i)
            if kind == NAME and s in ("def", "lambda"):
                self.fix_tuple_params(i)
            if kind == ERRORTOKEN and s == "`":
                self.edit(tok.start, tok.end, ")" if backquote_open else "repr(", BACKQUOTES)
                backquote_open = not backquote_open
            elif (
                kind == OP and s == ">" and prev is not None and prev.type == OP
                and prev.string == "<" and prev.end == tok.start
            ):
                self.edit(prev.start, tok.end, "!=", NOT_EQUAL)
            elif (
                kind == NUMBER and prev is not None and prev.type == NUMBER and prev.end == tok.start
                and prev.string.strip("0") == "" and s.isdigit()
            ):
                digits = (prev.string + s).lstrip("0") or "0"
                if not set(digits) & {"8", "9"}:
                    self.edit(prev.start, tok.end, "0o" + digits, OCTAL)
            elif (
                kind == NAME and s in ("L", "l") and prev is not None and prev.type == NUMBER
                and prev.end == tok.start
            ):
                self.edit(tok.start, tok.end, " ", LONG)
            elif (
                kind == STRING and prev is not None and prev.type == NAME
                and prev.string.lower() == "ur" and prev.end == tok.start
            ):
                self.edit(prev.start, prev.end, " r", UR_STRINGS)
            # Where may the next token begin a statement?
            if kind == OP and s in _OPENERS:
                depth = max(0, depth + _OPENERS[s])
            if kind in (NEWLINE, INDENT, DEDENT):
                at_start, depth, backquote_open = True, 0, False
            elif kind == OP and s in (";", ":") and depth == 0:
                at_start = True
            elif kind not in (NL, COMMENT):
                at_start = False

    def apply(self) -> Rewrite:
        # Earlier-starting edits win; an edit overlapping one already kept is dropped.
        kept: list[_Edit] = []
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end)):
            if kept and edit.start < kept[-1].end:
                continue
            kept.append(edit)
        pieces = []
        pos = 0
        for edit in kept:
            pieces.append(self.text[pos : edit.start])
            pieces.append(edit.text)
            pos = edit.end
        pieces.append(self.text[pos:])
        fixes = {e.fix for e in kept}
        unpack = tuple(
            (self.text.count("\n", 0, e.start) + 1, *self.patterns[e.start])
            for e in kept
            if e.fix == TUPLE_PARAMS and e.start in self.patterns
        )
        return Rewrite("".join(pieces), tuple(f for f in FIX_ORDER if f in fixes), unpack)


def rewrite(text: str) -> Rewrite:
    """Python 2 constructs of `text` rewritten as Python 3; `fixes` names what was changed."""
    rewriter = _Rewriter(text, _tokens(text))
    rewriter.run()
    result = rewriter.apply()
    if result.text.count("\n") != text.count("\n"):  # never shift lines, whatever went wrong
        return Rewrite(text, ())
    return result


def _is_pattern(node: ast.expr) -> bool:
    """Whether an expression is a Python 2 parameter pattern: names in (nested) tuples."""
    if isinstance(node, ast.Tuple):
        return all(_is_pattern(elt) for elt in node.elts)
    return isinstance(node, ast.Name)


def _target(pattern: str, line: int, col: int) -> ast.expr:
    """The tuple parameter `pattern`, which starts at (line, col), as an assignment target."""
    node = ast.parse(pattern, mode="eval").body
    for sub in ast.walk(node):
        if isinstance(sub, (ast.Name, ast.Tuple)):
            sub.ctx = ast.Store()
        if isinstance(sub, ast.expr):
            for field, shift in (("lineno", "col_offset"), ("end_lineno", "end_col_offset")):
                first_line = getattr(sub, field) == 1
                setattr(sub, field, getattr(sub, field) + line - 1)
                if first_line:
                    setattr(sub, shift, getattr(sub, shift) + col)
    return node


def unpack_tuple_params(tree: ast.AST, unpack: tuple[tuple[int, str, str], ...]) -> None:
    """Give back, in the tree, what each tuple parameter meant: its names bound from the placeholder.

    A function's body starts with `(a, b) = _t1` (after its docstring), at the parameter's place;
    a lambda's body `e` becomes `[e for (a, b) in [_t1]][0]`.
    """
    if not unpack:
        return
    wanted = {(line, name): pattern for line, name, pattern in unpack}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        found = []
        for arg in node.args.posonlyargs + node.args.args:
            pattern = wanted.get((arg.lineno, arg.arg))
            if pattern is not None:
                found.append((arg, _target(pattern, arg.lineno, arg.col_offset)))
        if not found:
            continue
        if isinstance(node, ast.Lambda):
            body = node.body
            generators = [
                ast.comprehension(target, ast.List([ast.Name(arg.arg, ast.Load())], ast.Load()), [], 0)
                for arg, target in found
            ]
            comp = ast.Subscript(ast.ListComp(body, generators), ast.Constant(0), ast.Load())
            # The new nodes sit where the body is.
            node.body = ast.fix_missing_locations(ast.copy_location(comp, body))
            continue
        assigns: list[ast.stmt] = []
        for arg, target in found:
            value = ast.copy_location(ast.Name(arg.arg, ast.Load()), arg)
            assigns.append(ast.copy_location(ast.Assign([target], value), target))
        docstring = ast.get_docstring(node, clean=False) is not None
        node.body[docstring:docstring] = assigns


def expand_indent_tabs(text: str) -> str:
    """Leading tabs expanded to 8-column stops, as Python 2 read mixed tab and space indentation."""
    out = []
    for line in text.split("\n"):
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        out.append(indent.expandtabs(8) + body if "\t" in indent else line)
    return "\n".join(out)


#: Something on a line that one of the rewrites (or a named unfixable construct) concerns.
_MARKERS = re.compile(
    r"\b(?:print|exec|except|def|lambda|raise)\b|`|<>|\b0\d|\d[lL]\b|\b[uU][rR][\"']"
)


def may_be_python2(line_text: str) -> bool:
    """Whether a line that Python 3 rejects holds anything this module rewrites or names."""
    return _MARKERS.search(line_text) is not None


def unfixable_construct(text: str, line: int, context: int = 40) -> str | None:
    """Name the Python 2 construct that stops the statement at `line` from parsing, if it is one.

    Only `context` lines either side are tokenized, so that a huge file costs no more than a small one.
    """
    lines = _lines(text)
    first = max(0, line - 1 - context)
    window = "".join(lines[first : line + context])
    line -= first
    toks = [t for t in _tokens(window) if not _is_ws_error(t)]
    logical: list[list[tokenize.TokenInfo]] = [[]]
    for tok in toks:
        if tok.type in (NL, COMMENT, INDENT, DEDENT):
            continue
        if tok.type in (NEWLINE, ENDMARKER):
            logical.append([])
            continue
        logical[-1].append(tok)
    for stmt in logical:
        if stmt and stmt[0].start[0] <= line <= stmt[-1].end[0]:
            return _describe(stmt)
    return None


def _describe(stmt: list[tokenize.TokenInfo]) -> str | None:
    strings = [t.string for t in stmt]
    for k, s in enumerate(strings):
        if s in ("def", "lambda"):
            opener = k + 2 if s == "def" else k
            depth = 0
            for m in range(opener, len(strings)):
                t = strings[m]
                if t == ":" and depth == 0:
                    break
                if t in _OPENERS:
                    if t == "(" and strings[m - 1] in ("(", ",", "lambda") and depth == (1 if s == "def" else 0):
                        return "tuple parameters"
                    depth += _OPENERS[t]
        if s == "raise":
            depth = 0
            for t in strings[k + 1 :]:
                if t in _OPENERS:
                    depth += _OPENERS[t]
                elif depth == 0 and t == ",":
                    return "`raise E, V`"
                elif t in (";", "from"):
                    break
    if "`" in strings:
        return "backquotes"
    return None
