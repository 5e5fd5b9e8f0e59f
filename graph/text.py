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
from collections.abc import Callable, Iterator
from functools import cache
from itertools import islice
from types import GeneratorType
from typing import Any

__all__ = ["UNSAFE", "has_unsafe", "json_bytes", "json_text", "may_hide_json", "visible"]

# C0 and C1 controls, DEL, the bidirectional embeddings, overrides, isolates and marks,
# line and paragraph separators, and lone surrogates (not text at all).
_WIDE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = re.compile(f"[\x00-\x1f{_WIDE}]")
_JSON_UNSAFE = re.compile(f"[{_WIDE}]")  # json.dumps escapes the C0 controls itself
_JSON_CONTROL = re.compile(r"\\[bfrtu]")
_UNSAFE_LEADS = (b"\x7f", b"\xc2", b"\xd8", b"\xe2")  # the first UTF-8 byte of each in _WIDE


def may_hide_json(text: str) -> bool:
    """Whether json.dumps(ensure_ascii=False) text may hold a character `visible`
    escapes: a C0 control is written as an escape (\\b \\f \\r \\t \\u00XX; \\n is kept by
    callers who keep line breaks), the others as they are. A backslash in a text matches
    too: look closer. Two searches: one pattern with both took twice as long."""
    return _JSON_CONTROL.search(text) is not None or _JSON_UNSAFE.search(text) is not None


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
        text = _COMPACT(value)  # one encoder for every call: json_bytes makes millions
    else:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, indent=indent, sort_keys=sort_keys)
    # Outside strings JSON has only ASCII punctuation and whitespace, so every character
    # matched here is inside a string, where \\uXXXX means the same character.
    return _JSON_UNSAFE.sub(_json_escape, text) if _JSON_UNSAFE.search(text) else text


# Without the check for circular references, which costs a tenth of the time on findings:
# what we write is trees, and a cycle would still fail (RecursionError) instead of looping.
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False).encode


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_bytes(value: Any, indent: int = 2) -> Iterator[bytes]:
    """`json_text(value, indent)` as UTF-8, in pieces, for writing as they come (a
    generator counts as an array). A hundred thousand findings as one indented string
    took 2 GB, and json's encoder indents only in pure Python (5 MB/s). Here the value
    itself and the arrays in it (a document, its list of findings) are walked, and every
    other value is written whole at C speed: an array's objects a batch at a time,
    encoded and indented by msgspec (see `_whole`: numbers may be spelled its way, and it
    also writes a set or a dataclass, which json refuses), anything else as json's
    compact text indented by msgspec, which keeps every token as it is.

    >>> value = {"findings": [{"id": "a", "steps": [1, 2]}, {"id": "b"}], "empty": []}
    >>> b"".join(json_bytes(value)).decode() == json_text(value, indent=2)
    True
    """
    yield from _chunks(value, " " * indent, "\n", 0)


def _chunks(value: Any, step: str, line: str, depth: int) -> Iterator[bytes]:
    text = _text(value, step, line, depth)
    if text is not None:
        yield text
        return
    inner = line + step  # a line break and the indentation of the items inside
    if isinstance(value, dict):
        for n, (key, item) in enumerate(value.items()):
            yield from _member(f"{',' if n else '{'}{inner}{json_text(key)}: ".encode(), item, step, inner, depth + 1)
        yield f"{line}}}".encode()
        return
    empty = True
    items = iter(value)
    while batch := list(islice(items, _BATCH)):
        whole = _whole(batch, len(step), depth + 1)
        if whole is not None:
            yield (b"[\n" if empty else b",\n") + whole
            empty = False
            continue
        for item in batch:
            yield from _member(f"{'[' if empty else ','}{inner}".encode(), item, step, inner, depth + 1)
            empty = False
    yield b"[]" if empty else f"{line}]".encode()


def _member(head: bytes, value: Any, step: str, line: str, depth: int) -> Iterator[bytes]:
    """An object's or array's member after its `head` (comma or bracket, line break, key):
    written whole, or walked."""
    text = _text(value, step, line, depth)
    if text is None:
        yield head
        yield from _chunks(value, step, line, depth)
    else:
        yield head + text


_BATCH = 256  # array items encoded and indented together: findings, a few hundred KB


def _whole(items: list[Any], indent: int, depth: int) -> bytes | None:
    """Objects and arrays at `depth`, each indented as on its own lines and joined by
    ",\n", encoded and indented by msgspec in one call; None when one of them must be
    walked or written by json (a generator, a lone surrogate, a value msgspec refuses).

    The items are nested in depth - 1 more arrays so that msgspec indents them where they
    stand, and the nest's brackets are cut off. msgspec spells some numbers differently
    from json (1e-5 for 1e-05, 1e16 for 1e+16): the same JSON numbers. It writes NaN and
    infinities as null, so a batch holding null is checked by json's encoder, which
    refuses them."""
    if not indent or any(not _written_whole(item, depth) for item in items):
        return None
    nest: Any = items
    for _ in range(depth - 1):
        nest = [nest]
    try:
        data = _encode()(nest)
    except (TypeError, UnicodeEncodeError):
        return None
    if b"null" in data:
        _COMPACT(items)  # ValueError for NaN or an infinity
    if any(byte in data for byte in _UNSAFE_LEADS):  # see _indented
        data = _JSON_UNSAFE.sub(_json_escape, data.decode()).encode()
    brackets = sum(level * indent + 2 for level in range(depth))  # "[\n" at each level
    return _format()(data, indent=indent)[brackets:-brackets]


def _written_whole(item: Any, depth: int) -> bool:
    """Whether `_text` writes this item in one piece with msgspec's indentation."""
    if isinstance(item, dict):
        return bool(item) and depth >= 1
    return isinstance(item, (list, tuple)) and bool(item) and depth >= 2


def _text(value: Any, step: str, line: str, depth: int) -> bytes | None:
    """The text of a value written in one piece, or None for an array or object to walk."""
    if isinstance(value, GeneratorType):
        return None
    if not isinstance(value, (dict, list, tuple)):
        return json_text(value).encode()  # a scalar: the same text indented or not
    if not value:
        return b"{}" if isinstance(value, dict) else b"[]"
    walked = depth == 0 or (depth == 1 and not isinstance(value, dict))
    if walked and (not isinstance(value, dict) or all(isinstance(key, str) for key in value)):
        return None  # keys json turns into strings (1 -> "1") are written whole
    try:
        text = _indented(value, len(step))
    except TypeError:  # a generator inside, or something JSON cannot hold: walking it says which
        return None
    return text.replace(b"\n", line.encode())


@cache
def _format() -> Callable[..., bytes]:
    import msgspec  # 26 ms: only when JSON is written

    formatted: Callable[..., bytes] = msgspec.json.format
    return formatted


@cache
def _encode() -> Callable[[Any], bytes]:
    import msgspec

    encode: Callable[[Any], bytes] = msgspec.json.Encoder().encode
    return encode


def _indented(value: Any, indent: int) -> bytes:
    """`json_text(value, indent)` as UTF-8, at C speed. Line breaks in it are msgspec's
    only: JSON writes one inside a string as \\n."""
    if not indent:
        return json_text(value, 0).encode()  # msgspec's indent 0 means no whitespace at all
    text = _COMPACT(value)
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a lone surrogate, which msgspec refuses even escaped
        return json_text(value, indent).encode()
    # Every character json_text escapes starts with one of these bytes in UTF-8; a search
    # for a byte runs at memory speed, a regular expression over the text at 200 MB/s.
    if any(byte in data for byte in _UNSAFE_LEADS):
        data = _JSON_UNSAFE.sub(_json_escape, text).encode()
    return _format()(data, indent=indent)
