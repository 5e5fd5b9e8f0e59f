"""Input formats -> validated records, and loading them into a store.

>>> from encircle.loaders import Bundle, read_all
>>> read_all([]) == Bundle()
True

Every format (see docs/input-formats.md) is read into a :class:`Bundle` of validated
entities and relations; :func:`load` writes one or several inputs to a store in a single
transaction, so an error anywhere leaves the store as it was (or, with `commit_every`,
in several after checking all of it: see :meth:`encircle.graph.stores.Store.write`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from encircle.graph.stores.base import Progress, Store, WriteSummary
from encircle.graph.stores.chunked import write_in_chunks
from encircle.loaders.bundle import Bundle, concat, read_each
from encircle.loaders.registry import reader_for
from encircle.loaders.stream import stream

__all__ = ["Bundle", "load", "read", "read_all", "stream"]


def read(path: str | Path) -> Bundle:
    """The records of one input: a bundle folder, an .xlsx, a JSON/YAML case file or an FtM stream."""
    path = Path(path)
    return reader_for(path)(path)


def read_all(paths: Iterable[str | Path]) -> Bundle:
    """Several inputs as one bundle (in order); all are read before anything is written."""
    return concat(read_each(paths, read))  # every input's errors, not the first input's only


def load(
    paths: Iterable[str | Path],
    store: Store,
    progress: Progress | None = None,
    commit_every: int | None = None,
) -> tuple[WriteSummary, Bundle]:
    """Read every input, then write them all in one store transaction (all or nothing).

    Ids are checked against the inputs and the store inside that transaction; loading the
    same inputs twice changes nothing.

    With `commit_every=N` the records are written in transactions of at most N records,
    entities first, so a server's transaction memory only has to hold N of them. Bad
    input still writes nothing: everything is checked against the store before the first
    commit. A failure after that leaves the committed transactions and raises
    :class:`~encircle.graph.stores.PartialWriteError`; loading the same inputs again
    completes the load. The inputs are then streamed (see :mod:`encircle.loaders.stream`):
    a CSV bundle is read several times and never held whole, and the returned bundle
    holds the warnings only.
    """
    if commit_every is None:
        bundle = read_all(paths)
        return store.write(bundle.entities, bundle.relations, progress), bundle
    inputs = stream(paths)
    return write_in_chunks(store, inputs, inputs.ids, progress, commit_every), Bundle(warnings=inputs.warnings)
