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
from typing import Any

__all__ = ["UNSAFE", "has_unsafe", "json_text", "visible"]

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
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, indent=indent, sort_keys=sort_keys)
    # Outside strings JSON has only ASCII punctuation and whitespace, so every character
    # matched here is inside a string, where \\uXXXX means the same character.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
