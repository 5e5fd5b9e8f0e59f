"""The one error tree of encircle.

Every failure a user can cause is an :class:`EncircleError`; the CLI turns it into one
line on stderr and a non-zero exit. Anything else escaping is a bug.
"""

from __future__ import annotations

__all__ = ["EncircleError", "LoadError", "QueryError", "SchemaError", "StoreError"]


class EncircleError(Exception):
    """Base of every error encircle raises on purpose."""


class SchemaError(EncircleError):
    """The schema file is inconsistent, or a name is not in the schema."""


class LoadError(EncircleError):
    """Input that cannot be loaded; names the file, line and column when known."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [str(part) for part in (self.file, self.line, self.column) if part is not None]
        return f"{':'.join(where)}: {self.message}" if where else self.message


class StoreError(EncircleError):
    """The store cannot be opened, reached or written."""


class QueryError(EncircleError):
    """A query that cannot be answered as asked (unknown or ambiguous entity, bad filter)."""
