"""Blank the text inside f-strings so that Python 3.12's f-strings parse on an older Python."""

from __future__ import annotations

_PREFIX = set("rRbBuUfF")


def _string_start(text: str, i: int) -> tuple[int, str, bool, bool] | None:
    """At `i`, a string literal's start: (index of its first quote, its quote, f-string, raw), else None."""
    j = i
    while j < len(text) and j - i < 2 and text[j] in _PREFIX:
        j += 1
    if j >= len(text) or text[j] not in "'\"":
        return None
    if i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_") and j > i:
        return None  # (`elif"x"` is no prefix: the letters belong to a name)
    prefix = text[i:j].lower()
    quote = text[j] * 3 if text.startswith(text[j] * 3, j) else text[j]
    return j, quote, "f" in prefix, "r" in prefix


def _skip_string(text: str, j: int, quote: str) -> int:
    """The index just past a plain string literal whose opening quote is at `j`."""
    k = j + len(quote)
    while k < len(text):
        if text[k] == "\\" and k + 1 < len(text):
            k += 2  # (a raw string's backslash also keeps the quote after it in the string)
            continue
        if text.startswith(quote, k):
            return k + len(quote)
        if len(quote) == 1 and text[k] == "\n":
            return k  # unterminated: the parser reports it
        k += 1
    return k


def _skip_fstring(text: str, j: int, quote: str, raw: bool) -> int:
    """The index just past an f-string whose opening quote is at `j`, nested replacement fields included
    (where Python 3.12 lets strings reuse the outer quote)."""
    k = j + len(quote)
    while k < len(text):
        c = text[k]
        if c == "\\" and k + 1 < len(text) and not (raw and text[k + 1] == "{"):
            k += 2  # (an escaped quote, in a raw string too, does not end it; `rf"\{x}"` still opens a field)
        elif text.startswith(quote, k):
            return k + len(quote)
        elif c == "{" and text.startswith("{{", k) or c == "}" and text.startswith("}}", k):
            k += 2
        elif c == "{":
            k = _skip_field(text, k + 1)
        elif len(quote) == 1 and c == "\n":
            return k
        else:
            k += 1
    return k


def _skip_field(text: str, k: int) -> int:
    """The index just past the `}` closing a replacement field that starts at `k`."""
    depth = 0
    while k < len(text):
        start = _string_start(text, k)
        if start is not None:
            j, quote, is_f, raw = start
            k = _skip_fstring(text, j, quote, raw) if is_f else _skip_string(text, j, quote)
            continue
        c = text[k]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return k + 1
            depth -= 1
        k += 1
    return k


def blank_fstrings(text: str) -> str:
    """The text with every f-string's body replaced by spaces (its line breaks kept), so that lines and
    columns stay put; what an f-string says takes no part in backprop."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            out.append(text[i:end])
            i = end
            continue
        start = _string_start(text, i) if c in _PREFIX or c in "'\"" else None
        if start is None:
            out.append(c)
            i += 1
            continue
        j, quote, is_f, raw = start
        if not is_f:
            end = _skip_string(text, j, quote)
            out.append(text[i:end])
            i = end
            continue
        end = _skip_fstring(text, j, quote, raw)
        closed = text.startswith(quote, end - len(quote)) and end - len(quote) > j
        body_end = end - len(quote) if closed else end
        body = text[j + len(quote):body_end]
        out.append(text[i:j + len(quote)])
        out.append("".join(ch if ch == "\n" else " " for ch in body))
        out.append(text[body_end:end])
        i = end
    return "".join(out)
