"""Where things are in a JSON text: the line and column of array items and object members.

The text is first parsed by :mod:`json` (so syntax errors are json's own, with its line
and column); this walker then re-reads only the structure it is asked about, using
json's own scanner for every value, so it never disagrees with the parse.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from encircle.loaders.limits import MAX_DEPTH, MAX_DIGITS

__all__ = ["JsonText", "Located"]

_SPACE = re.compile(r"[ \t\n\r]*")
_scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[attr-defined]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # public but not in typeshed


# Strings (skipped whole: unrolled and possessive, so a long or unterminated string costs
# one pass), brackets, and runs of digits.
_TOKEN = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{}]|[0-9]+')
_LONG_NUMBER = re.compile(f"[0-9]{{{MAX_DIGITS + 1}}}")


def limit_problem(text: str) -> tuple[str, int] | None:
    """(what, index) when a JSON text nests deeper than MAX_DEPTH or has a number of more
    than MAX_DIGITS digits: json.loads would raise RecursionError or ValueError (or take
    seconds converting the number). Checked before parsing, with two C-speed scans
    first: a text with few brackets and no long digit run needs no token walk."""
    if text.count("[") + text.count("{") <= MAX_DEPTH and not _LONG_NUMBER.search(text):
        return None
    depth = 0
    for token in _TOKEN.finditer(text):
        first = token.group()[0]
        if first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return f"nested more than {MAX_DEPTH} levels deep", token.start()
        elif first in "]}":
            depth -= 1
        elif first != '"' and token.end() - token.start() > MAX_DIGITS:
            return f"a number of {token.end() - token.start():,} digits (at most {MAX_DIGITS:,})", token.start()
    return None


@dataclass(frozen=True)
class Located:
    """A JSON value and where it starts (1-based line and column)."""

    value: Any
    index: int
    end: int
    line: int
    column: int


class JsonText:
    """A JSON text that :mod:`json` parses, walked on demand: :meth:`root`, then the
    :meth:`members` of an object or the :meth:`items` of an array, each value as a
    :class:`Located`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1

    def root(self) -> Located:
        return self._at(self._skip(0))

    def members(self, obj: Located) -> Iterator[tuple[str, Located]]:
        """The members of an object value, each with where its value starts."""
        index = self._skip(obj.index + 1)
        while self.text[index] != "}":
            key, index = _scanstring(self.text, index + 1)
            index = self._skip(self._skip(index) + 1)  # past ':'
            value = self._at(index)
            yield key, value
            index = self._next(value)

    def items(self, array: Located) -> Iterator[Located]:
        """The items of an array value, each with where it starts."""
        index = self._skip(array.index + 1)
        while self.text[index] != "]":
            value = self._at(index)
            yield value
            index = self._next(value)

    def _at(self, index: int) -> Located:
        value, end = _scan(self.text, index)
        return Located(value, index, end, *self.position(index))

    def _next(self, value: Located) -> int:
        index = self._skip(value.end)
        return self._skip(index + 1) if self.text[index] == "," else index

    def _skip(self, index: int) -> int:
        match = _SPACE.match(self.text, index)
        assert match is not None  # the pattern matches the empty string
        return match.end()
