"""A JSON file read a piece at a time: the items of its top-level arrays one by one, each
with its line, column and text, so a file of a million records is never parsed whole.

Built for data packages (an OCDS release package is ``{"uri": ..., "releases": [...]}``):
the members of the top-level object are read in order; the arrays named by the caller
are yielded item by item, every other member is parsed whole and kept in
:attr:`JsonStream.others` (a package's metadata, or all of a file that is no package).
Each value is parsed by :mod:`json` itself (``raw_decode``) on a window of the text that
grows until the value is complete, so syntax errors are json's own, with the line and
column in the whole file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from encircle.graph.errors import LoadError
from encircle.loaders.jsonpos import limit_problem

__all__ = ["BLOCK", "Item", "JsonStream"]

BLOCK = 1 << 20  # characters read at a time
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # public but not in typeshed


@dataclass(frozen=True)
class Item:
    """An item of a top-level array: its value, where its text starts, and the text."""

    key: str  # the top-level member whose array holds it
    value: Any
    line: int
    column: int
    text: str


@dataclass
class JsonStream:
    """The items of the top-level arrays `arrays` of the JSON object in `path`."""

    path: Path
    arrays: tuple[str, ...]
    others: dict[str, Any] = field(default_factory=dict)  # the other top-level members, once read

    def items(self) -> Iterator[Item]:
        file = str(self.path)
        try:
            handle = self.path.open(encoding="utf-8-sig", newline="")
        except OSError as error:
            raise LoadError(f"cannot read: {error.strerror}", file) from None
        with handle:
            try:
                yield from _Reader(handle, file).members(self.arrays, self.others)
            except UnicodeDecodeError as error:
                raise LoadError(f"not UTF-8 (byte 0x{error.object[error.start]:02x})", file) from None


class _Reader:
    """A window `text` on the file, from absolute offset `base`; `at` indexes `text`."""

    def __init__(self, handle: IO[str], file: str) -> None:
        self.handle = handle
        self.file = file
        self.text = ""
        self.base = 0
        self.at = 0
        self.eof = False
        self.line = 1  # line of `counted`, an absolute offset up to which newlines are counted
        self.line_start = 0  # absolute offset where that line starts
        self.counted = 0

    # --- the document ---------------------------------------------------------------

    def members(self, arrays: tuple[str, ...], others: dict[str, Any]) -> Iterator[Item]:
        if self._peek() != "{":
            raise self._error("expected a JSON object", self.at)
        self.at += 1
        if self._peek() == "}":
            return
        while True:
            key = self._key()
            if key in arrays and self._peek() == "[":
                yield from self._items(key)
            else:
                others[key] = self._value()[0]
            separator = self._peek()
            self.at += 1
            if separator == "}":
                break
            if separator != ",":
                raise self._error("Expecting ',' delimiter", self.at - 1)
        if self._peek() != "":
            raise self._error("Extra data", self.at)

    def _key(self) -> str:
        if self._peek() != '"':
            raise self._error("Expecting property name enclosed in double quotes", self.at)
        while True:
            try:
                key, end = _scanstring(self.text, self.at + 1)
                break
            except json.JSONDecodeError as error:
                if self.eof:
                    raise self._error(error.msg, error.pos) from None
                self._read()
        self.at = end
        if self._peek() != ":":
            raise self._error("Expecting ':' delimiter", self.at)
        self.at += 1
        self._peek()
        return str(key)

    def _items(self, key: str) -> Iterator[Item]:
        self.at += 1  # past '['
        if self._peek() == "]":
            self.at += 1
            self._peek()
            return
        while True:
            value, start, end = self._value()
            line, column = self._position(start)
            yield Item(key, value, line, column, self.text[start:end])
            separator = self._peek()
            self.at += 1
            if separator == "]":
                self._peek()
                return
            if separator != ",":
                raise self._error("Expecting ',' delimiter", self.at - 1)
            self._peek()

    def _value(self) -> tuple[Any, int, int]:
        """The value at `at` (read on until it is complete), its start and end in `text`."""
        self._compact()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
                if end < len(self.text) or self.eof:  # a number may go on in the next block
                    break
            except json.JSONDecodeError as error:
                if self.eof:
                    raise self._error(error.msg, error.pos) from None
            except (ValueError, RecursionError) as error:  # nested too deep, a number too long
                problem = limit_problem(self.text[self.at :])
                if problem:
                    raise self._error(problem[0], self.at + problem[1]) from None
                raise self._error(" ".join(str(error).split()), self.at) from None
            self._read()
        start, self.at = self.at, end
        return value, start, end

    # --- the window -------------------------------------------------------------------

    def _peek(self) -> str:
        """The next character that is not white space ("" at the end), `at` on it."""
        while True:
            match = _SPACE.match(self.text, self.at)
            self.at = match.end() if match else self.at
            if self.at < len(self.text) or self.eof:
                return self.text[self.at : self.at + 1]
            self._read()

    def _read(self) -> None:
        block = self.handle.read(max(BLOCK, len(self.text) - self.at))  # doubles for a large value
        self.eof = not block
        self.text += block

    def _compact(self) -> None:
        """Drop what is read, counting its newlines first, so the window stays small."""
        if self.at > BLOCK:
            self._count(self.base + self.at)
            self.text, self.base, self.at = self.text[self.at :], self.base + self.at, 0

    def _count(self, until: int) -> None:
        part = self.text[self.counted - self.base : until - self.base]
        newlines = part.count("\n")
        if newlines:
            self.line += newlines
            self.line_start = self.counted + part.rindex("\n") + 1
        self.counted = until

    def _position(self, index: int) -> tuple[int, int]:
        """1-based line and column of `text[index]` in the file."""
        self._count(self.base + index)
        return self.line, self.base + index - self.line_start + 1

    def _error(self, message: str, index: int) -> LoadError:
        line, column = self._position(index)
        return LoadError(f"invalid JSON: {message}", self.file, line, column)
