"""Cypher text from the package's ``.cypher`` files, with one placeholder scheme.

A placeholder is ``__NAME__`` (capitals, digits, underscores). Only package file text,
schema names and checked integers fill one; every value is a ``$parameter``. A query
that still holds a placeholder after filling is a programming error and never runs.

>>> fill("MATCH (n:__LABELS__) RETURN n LIMIT __N__", LABELS="Person", N="3")
'MATCH (n:Person) RETURN n LIMIT 3'
>>> fill("MATCH (n:__LABELS__) RETURN n")
Traceback (most recent call last):
...
ValueError: unfilled Cypher placeholder __LABELS__
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import LiteralString

__all__ = ["PLACEHOLDER", "fill", "read_cypher"]

PLACEHOLDER = re.compile(r"__([A-Z][A-Z0-9_]*)__")


@cache
def read_cypher(package: str, name: str) -> str:
    """The text of ``name.cypher`` in `package` (an importable package name)."""
    return files(package).joinpath(f"{name}.cypher").read_text(encoding="utf-8")


def fill(template: str, **parts: str) -> LiteralString:
    """`template` with each ``__KEY__`` replaced by ``parts[KEY]``; raises ValueError
    when a placeholder is left over. Parts that the template lacks are ignored, so a
    caller can offer every fragment it knows."""
    result = PLACEHOLDER.sub(lambda m: parts.get(m.group(1), m.group(0)), template)
    left = PLACEHOLDER.search(result)
    if left:
        raise ValueError(f"unfilled Cypher placeholder {left.group(0)}")
    return result  # package text and checked names only
