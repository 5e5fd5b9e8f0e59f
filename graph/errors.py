"""The one error tree of encircle.

Every failure a user can cause is an :class:`EncircleError`; the CLI turns it into one
line on stderr and a non-zero exit. Anything else escaping is a bug.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

__all__ = [
    "EncircleError",
    "ErrorLog",
    "LoadError",
    "LoadErrors",
    "QueryError",
    "SchemaError",
    "StoreError",
]


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


class LoadErrors(LoadError):
    """Every error a load found (the first `KEEP`, and how many there were), in the order
    found: one per line, so a user fixes them all before loading again.

    >>> errors = LoadErrors([LoadError("bad date", "r.csv", 2, 5), LoadError("bad id", "r.csv", 3, 3)], total=5)
    >>> print(errors)
    r.csv:2:5: bad date
    r.csv:3:3: bad id
    and 3 more errors
    >>> print(errors.limited(1))
    r.csv:2:5: bad date
    and 4 more errors
    """

    def __init__(self, errors: Sequence[LoadError], total: int | None = None) -> None:
        self.errors = tuple(errors)
        self.total = len(self.errors) if total is None else total
        first = self.errors[0]
        super().__init__(first.message, first.file, first.line, first.column)

    def limited(self, most: int) -> LoadErrors:
        """The same errors, showing only the first `most`."""
        return LoadErrors(self.errors[:most], self.total)

    def lines(self) -> list[str]:
        """One line per error, then 'and N more errors' when some are not shown. A line
        is one error's text: a newline a message quotes from the input is not a break."""
        lines = [LoadError.__str__(error) for error in self.errors]
        more = self.total - len(self.errors)
        return lines + [f"and {more:,} more error{'s' if more != 1 else ''}"] * bool(more)

    def __str__(self) -> str:
        return "\n".join(self.lines())


class ErrorLog:
    """Load errors gathered instead of raised at the first: a loader adds each and goes on
    with the next record, then :meth:`raise_any` raises them together. Keeps the first
    `KEEP` and counts the rest, so a file of a million bad rows costs a bounded list."""

    KEEP = 10_000

    def __init__(self) -> None:
        self.errors: list[LoadError] = []
        self.total = 0

    def __bool__(self) -> bool:
        return self.total > 0

    def add(self, error: LoadError) -> None:
        found = error.errors if isinstance(error, LoadErrors) else (error,)
        self.errors += found[: self.KEEP - len(self.errors)]
        self.total += error.total if isinstance(error, LoadErrors) else 1

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Add a LoadError raised inside the block instead of letting it out."""
        try:
            yield
        except LoadError as error:
            self.add(error)

    def raise_any(self) -> None:
        """Raise what was gathered: the one error itself, or all of them as LoadErrors."""
        if self.total == 1:
            raise self.errors[0]
        if self.total:
            raise LoadErrors(self.errors, self.total)


class StoreError(EncircleError):
    """The store cannot be opened, reached or written."""


class QueryError(EncircleError):
    """A query that cannot be answered as asked (unknown or ambiguous entity, bad filter)."""
