"""What people decide about pairs of entities: same, different, unsure, and undo.

Judgements are entries of kind "judgement" in the store's ledger (graph/ledger.py):
append-only, each with its reviewer, time and note, and kept apart from the loaded
records, so loading more records never touches them. One shape for every writer (`encircle
judge`, `merge`, `xref --review`, `judgements import` and the workbench's duplicates page,
docs/workbench.md): key the two ids sorted and joined by ``|``, body ``{"a", "b",
"verdict", "note"}`` with ``a < b`` and `verdict` one of ``same``, ``different``,
``unsure`` or ``undo``. A pair's judgement in force is
its latest one not undone: an undo entry withdraws the pair's latest judgement still in
force (undo twice withdraws two). Export and import move a team's ledger as JSON lines.

>>> from encircle.graph.stores import open_store
>>> from encircle.graph.records import Entity
>>> with open_store(":memory:") as store:
...     _ = store.write([Entity("a", "Company", "Earthcott Ltd"), Entity("b", "Company", "Earthcott Limited")], [])
...     _ = judge(store, "b", "a", "same", "ana", note="same company number")
...     _ = judge(store, "a", "b", "unsure", "ben")
...     _ = undo(store, "a", "b", "ben")
...     [(j.pair, j.verdict, j.author, j.note) for j in in_force(store)]
[(('a', 'b'), 'same', 'ana', 'same company number')]
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from encircle.graph.errors import QueryError, StoreError
from encircle.graph.ledger import Entry
from encircle.graph.stores import Store
from encircle.queries.reviews import MAX_NOTE, default_reviewer

__all__ = [
    "KIND",
    "VERDICTS",
    "Judgement",
    "default_reviewer",
    "export_judgements",
    "history",
    "ids_judged",
    "import_judgements",
    "in_force",
    "in_force_of",
    "judge",
    "key_of",
    "pair_of",
    "undo",
]

KIND = "judgement"
VERDICTS = ("same", "different", "unsure")
# Between the two ids of a pair's ledger key. An id holding "|" could make two pairs share
# a key; the key only narrows a ledger read, and each entry's pair is read from its body.
SEPARATOR = "|"


@dataclass(frozen=True)
class Judgement:
    """One judgement in force about a pair (ids in order)."""

    pair: tuple[str, str]
    verdict: str
    author: str
    at: str
    note: str
    seq: int

    @classmethod
    def of(cls, entry: Entry) -> Judgement:
        """The judgement a ledger entry records (its ids in order, whatever order the
        body gives them in)."""
        body = entry.body
        a, b = str(body["a"]), str(body["b"])
        pair = (a, b) if a <= b else (b, a)
        return cls(pair, str(body["verdict"]), entry.author, entry.at, str(body.get("note") or ""), entry.seq)

    def to_dict(self) -> dict[str, Any]:
        """As `encircle judgements list --json` and the export show it."""
        return {
            "entities": list(self.pair),
            "verdict": self.verdict,
            "author": self.author,
            "at": self.at,
            "note": self.note,
        }


def pair_of(a: str, b: str) -> tuple[str, str]:
    """The pair's ids in order; a QueryError for an id against itself."""
    if a == b:
        raise QueryError(f"cannot judge {a!r} against itself")
    return (a, b) if a < b else (b, a)


def key_of(pair: tuple[str, str]) -> str:
    """The ledger key of a pair: its ids in order, joined by `|`."""
    return SEPARATOR.join(pair)


def _entry(pair: tuple[str, str], verdict: str, author: str, note: str, at: str | None = None) -> Entry:
    body = {"a": pair[0], "b": pair[1], "verdict": verdict, "note": note}
    return Entry(KIND, key_of(pair), author, body) if at is None else Entry(KIND, key_of(pair), author, body, at)


def judge(store: Store, a: str, b: str, verdict: str, author: str, note: str = "") -> Judgement:
    """Record `verdict` ("same", "different" or "unsure") about entity ids `a` and `b`."""
    if verdict not in VERDICTS:
        raise QueryError(f"a judgement is one of {', '.join(VERDICTS)}, not {verdict!r}")
    pair = pair_of(a, b)
    _check_note(note)
    store.append([_entry(pair, verdict, author, note)])
    return _current(store, pair) or Judgement(pair, verdict, author, "", note, 0)


def undo(store: Store, a: str, b: str, author: str, note: str = "") -> Judgement:
    """Withdraw the pair's judgement in force; returns the judgement withdrawn."""
    pair = pair_of(a, b)
    withdrawn = _current(store, pair)
    if withdrawn is None:
        raise QueryError(f"no judgement about {pair[0]} and {pair[1]} to undo")
    _check_note(note)
    store.append([_entry(pair, "undo", author, note)])
    return withdrawn


def _check_note(note: str) -> None:
    if len(note) > MAX_NOTE:
        raise QueryError(f"a note holds at most {MAX_NOTE:,} characters")


def _current(store: Store, pair: tuple[str, str]) -> Judgement | None:
    return in_force_of(store.ledger(KIND, [key_of(pair)])).get(pair)


def in_force_of(entries: Iterable[Entry]) -> dict[tuple[str, str], Judgement]:
    """The judgement in force of each pair, from ledger entries in the order written."""
    stacks: dict[tuple[str, str], list[Judgement]] = {}
    for entry in entries:
        judgement = Judgement.of(entry)
        stack = stacks.setdefault(judgement.pair, [])
        if judgement.verdict == "undo":
            if stack:
                stack.pop()
        elif judgement.verdict in VERDICTS:
            stack.append(judgement)
    return {pair: stack[-1] for pair, stack in stacks.items() if stack}


def in_force(store: Store) -> list[Judgement]:
    """Every judgement in force, in the order written."""
    return sorted(in_force_of(store.ledger(KIND)).values(), key=lambda j: j.seq)


def history(store: Store) -> list[Entry]:
    """Every judgement entry, undos too, in the order written."""
    return store.ledger(KIND)


# -- sharing -----------------------------------------------------------------------------


def export_judgements(store: Store, path: str | os.PathLike[str]) -> int:
    """Write the whole judgement ledger (undos too) to `path` as JSON lines; returns the
    number of entries."""
    entries = history(store)
    lines = [json.dumps(_exported(e), ensure_ascii=False, sort_keys=True) for e in entries]
    try:
        Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as error:
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None
    return len(lines)


def _exported(entry: Entry) -> dict[str, Any]:
    body = entry.body
    return {
        "entities": [body["a"], body["b"]],
        "verdict": body["verdict"],
        "author": entry.author,
        "at": entry.at,
        "note": body.get("note") or "",
    }


def import_judgements(store: Store, path: str | os.PathLike[str]) -> tuple[int, int]:
    """Append the entries of an exported file that the ledger lacks (the same pair,
    verdict, author, time and note); importing a file twice adds nothing. Returns
    (added, already there). The file is what `export_judgements` writes, the
    judgements.csv of a CSV export, or an FtM export's stream (its judgement Notes;
    graph/exports)."""
    read = list(_read(Path(path)))
    have = {_identity(_exported(e)) for e in history(store)}
    new = []
    for row in read:
        if _identity(row) not in have:
            have.add(_identity(row))
            a, b = row["entities"]
            new.append(_entry(pair_of(a, b), row["verdict"], row["author"], row["note"], row["at"]))
    store.append(new)
    return len(new), len(read) - len(new)


def _identity(row: dict[str, Any]) -> tuple[str, ...]:
    a, b = sorted(row["entities"])
    return (a, b, row["verdict"], row["author"], row["at"], row["note"])


def _read(path: Path) -> Iterator[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None
    rows = _csv_rows(text) if path.suffix.lower() == ".csv" else _json_rows(text, path)
    for number, row in rows:
        try:
            entities = row["entities"]
            if not (isinstance(entities, list) and len(entities) == 2 and all(isinstance(x, str) for x in entities)):
                raise ValueError("'entities' must be two ids")
            if row["verdict"] not in (*VERDICTS, "undo"):
                raise ValueError(f"unknown verdict {row['verdict']!r}")
            yield {
                "entities": entities,
                "verdict": row["verdict"],
                "author": str(row["author"]),
                "at": str(row["at"]),
                "note": str(row.get("note") or ""),
            }
        except (ValueError, KeyError, TypeError) as error:
            raise QueryError(f"{path}:{number}: not a judgement: {error}") from None


def _json_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of JSON lines: `export_judgements`' own, or the judgement Notes of an FtM
    stream (their carrier holds the ledger entry; every other FtM entity is skipped)."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            entry = _note_entry(row) if isinstance(row, dict) and "schema" in row else None
        except ValueError as error:
            raise QueryError(f"{path}:{number}: not a judgement: {error}") from None
        if isinstance(row, dict) and "schema" in row:
            if entry is None:
                continue
            row = {"entities": [entry["body"].get("a"), entry["body"].get("b")], **entry["body"], **entry}
        yield number, row


def _note_entry(entity: dict[str, Any]) -> dict[str, Any] | None:
    """The ledger entry an FtM Note of encircle's export carries, if it is a judgement."""
    if entity.get("schema") != "Note":
        return None
    for value in entity.get("properties", {}).get("description", []):
        if isinstance(value, str) and value.startswith("encircle:{"):
            carried = json.loads(value[len("encircle:") :])
            entry = carried.get("ledger") if isinstance(carried, dict) else None
            if isinstance(entry, dict) and entry.get("kind") == KIND and isinstance(entry.get("body"), dict):
                return entry
    return None


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV export's judgements.csv (`a,b,verdict,author,at,note`)."""
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
        yield number, {**row, "entities": [row.get("a"), row.get("b")]}


def ids_judged(judgements: Sequence[Judgement]) -> set[str]:
    """Every id some of `judgements` names."""
    return {i for j in judgements for i in j.pair}
