"""Bounds on what a loader reads: far above any real case, low enough that a hostile or
broken file fails with one error line instead of exhausting memory, the stack or a server.

A case table has a few dozen columns, a case file nests four levels deep and a cell holds
a name, a date or a paragraph of a judgment; the limits below are orders of magnitude
beyond that. Each is reported with what was found and where (see docs/reliability.md).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_CELL", "MAX_COLUMNS", "MAX_DEPTH", "MAX_DIGITS", "MAX_WIDTH", "text_problem", "value_problem"]

MAX_COLUMNS = 500  # named columns of a table, or distinct field names of a case file section
MAX_WIDTH = 16_384  # cells in one row, named or not (Excel's own limit)
MAX_CELL = 131_072  # characters in one cell (the csv module's own default field limit)
MAX_DEPTH = 100  # nesting of JSON arrays/objects and YAML collections (Python's parsers recurse)
MAX_DIGITS = 4_000  # digits of a JSON number (Python refuses integers over 4,300 digits)

_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why a string read from a file cannot be stored as text, or None."""
    if len(text) > MAX_CELL:
        return f"a value of {len(text):,} characters (at most {MAX_CELL:,})"
    found = _SURROGATE.search(text)
    if found:
        # A "\ud800" escape in JSON or YAML decodes to half a UTF-16 pair: not a character.
        return f"lone surrogate {found.group()!r} in a value: not valid Unicode"
    return None


def value_problem(value: Any) -> str | None:
    """text_problem for a decoded JSON/YAML value: a string, or a list or mapping of them."""
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, (list, tuple)):
        return next((p for p in map(value_problem, value) if p), None)
    if isinstance(value, dict):
        return next((p for k, v in value.items() for p in (value_problem(k), value_problem(v)) if p), None)
    return None
