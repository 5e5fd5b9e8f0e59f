"""Safe text out: case data shown in a terminal, a page or a file cannot hide or reorder text.

Names, sources and explanations are input. A control character (NUL, ESC starting a
terminal escape sequence, a carriage return) or a bidirectional override (U+202E makes
``gpj.exe`` display as ``exe.jpg``) in a name would be printed as is, and could spoof
what a reader sees. Every output shows such characters visibly, as an escape:

>>> visible("Li\\u202eWei\\x00")
'Li\\\\u202eWei\\\\x00'
>>> visible("two\\nlines", keep="\\n")
'two\\nlines'

JSON output stays exact data: :func:`json_text` writes the same characters as
``\\uXXXX`` escapes, which any JSON reader decodes back to the original value, and
refuses NaN and infinities (they are not JSON).

>>> json_text({"name": "a\\u202eb", "amount": 1.5})
'{"name": "a\\\\u202eb", "amount": 1.5}'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from types import GeneratorType
from typing import Any

__all__ = ["UNSAFE", "has_unsafe", "json_chunks", "json_text", "visible"]

# C0 and C1 controls, DEL, the bidirectional embeddings, overrides, isolates and marks,
# line and paragraph separators, and lone surrogates (not text at all).
_WIDE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = re.compile(f"[\x00-\x1f{_WIDE}]")
_JSON_UNSAFE = re.compile(f"[{_WIDE}]")  # json.dumps escapes the C0 controls itself


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """`text` with control characters and bidi controls shown as escapes (`\\u202e`);
    the characters in `keep` (such as a newline in multi-line output) stay as they are."""
    if text.isascii() and text.isprintable():
        return text  # the usual case, first: names are printed by the thousand
    return UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def has_unsafe(text: str) -> bool:
    """Whether `text` holds a control character or a bidirectional override (see `visible`)."""
    return UNSAFE.search(text) is not None


def json_text(value: Any, indent: int | None = None, sort_keys: bool = False) -> str:
    """Strict JSON (no NaN or Infinity: ValueError), readable non-ASCII text, and every
    character :func:`visible` escapes written as a JSON escape instead."""
    if indent is None and not sort_keys:
        text = _COMPACT(value)  # one encoder for every call: json_chunks makes millions
    else:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, indent=indent, sort_keys=sort_keys)
    # Outside strings JSON has only ASCII punctuation and whitespace, so every character
    # matched here is inside a string, where \\uXXXX means the same character.
    return _JSON_UNSAFE.sub(_json_escape, text) if _JSON_UNSAFE.search(text) else text


_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_chunks(value: Any, indent: int = 2) -> Iterator[str]:
    """`json_text(value, indent)` in pieces, for writing as they come (a generator counts
    as an array). A hundred thousand findings as one indented string took 2 GB: json's
    pure-Python encoder, which indenting needs, lists every token before joining them,
    and makes a cycle of closures per call, which only the cycle collector frees. Here
    every array and object is walked in Python, a scalar at a time.

    >>> value = {"findings": [{"id": "a", "steps": [1, 2]}, {"id": "b"}], "empty": []}
    >>> "".join(json_chunks(value)) == json_text(value, indent=2)
    True
    """
    yield from _chunks(value, " " * indent, "\n")


def _chunks(value: Any, step: str, line: str) -> Iterator[str]:
    leaf = _leaf(value, step, line)
    if leaf is not None:
        yield leaf
        return
    inner = line + step  # a line break and the indentation of the items inside
    if isinstance(value, dict):
        for n, (key, item) in enumerate(value.items()):
            head = f"{',' if n else '{'}{inner}{json_text(key)}: "
            text = _leaf(item, step, inner)
            if text is None:
                yield head
                yield from _chunks(item, step, inner)
            else:
                yield head + text
        yield f"{line}}}"
        return
    empty = True
    for item in value:
        head = f"{'[' if empty else ','}{inner}"
        empty = False
        text = _leaf(item, step, inner)
        if text is None:
            yield head
            yield from _chunks(item, step, inner)
        else:
            yield head + text
    yield "[]" if empty else f"{line}]"


def _leaf(value: Any, step: str, line: str) -> str | None:
    """The text of a value written in one piece, or None for an array or object to walk."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        if all(isinstance(key, str) for key in value):
            return _flat(value, value.values(), step, line)
        return json_text(value, len(step)).replace("\n", line)  # keys json.dumps turns into strings
    if isinstance(value, (list, tuple)):
        return _flat(value, value, step, line) if value else "[]"
    if isinstance(value, GeneratorType):
        return None
    return json_text(value)  # a scalar: the same text indented or not


_NESTED = (dict, list, tuple, GeneratorType)
# json's C encoder, items separated by a raw line break: JSON writes a line break inside
# a string as \n, so every raw one in its text is a separator.
_SPREAD = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",\n", ": ")).encode


def _flat(value: Any, items: Iterable[Any], step: str, line: str) -> str | None:
    """The indented text of a non-empty array or object of scalars, or None when it holds
    an array or object. Made at C speed (json indents only in pure Python, at 5 MB/s)
    and indented after: the line breaks between its items get the inner indentation."""
    for item in items:
        if isinstance(item, _NESTED):
            return None
    text = _SPREAD(value)
    inner = line + step
    text = f"{text[0]}{inner}{text[1:-1].replace(chr(10), inner)}{line}{text[-1]}"
    return _JSON_UNSAFE.sub(_json_escape, text) if _JSON_UNSAFE.search(text) else text
