"""Reading a FollowTheMoney entity stream: JSON lines of {"id", "schema", "properties"}.

Fragments of one entity (the same id on several lines, as FtM tools emit them) are
merged here: properties united, the first line kept as the entity's origin.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from encircle.graph.errors import LoadError
from encircle.loaders.jsonpos import limit_problem
from encircle.loaders.limits import value_problem

__all__ = ["FtmEntity", "looks_like_ftm", "read_stream"]

SUFFIXES = (".jsonl", ".ftm", ".ijson")
GENERIC = ("Thing", "LegalEntity")  # schemata a fragment may refine into a more specific one


@dataclass(frozen=True)
class FtmEntity:
    """One entity of an FtM stream, its fragments merged: id, schema, property values as
    strings, the line it first appears on (with the column of each property there) and its
    datasets."""

    id: str
    schema: str
    properties: dict[str, tuple[str, ...]]
    line: int
    columns: dict[str, int] = field(default_factory=dict)  # property (and "id") -> column on `line`
    datasets: tuple[str, ...] = ()

    def first(self, *names: str) -> str | None:
        """The first value of the first property (in the order given) that has one."""
        return next((v for name in names for v in self.properties.get(name, ()) if v.strip()), None)

    def all(self, *names: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for name in names for v in self.properties.get(name, ()) if v.strip()))


def looks_like_ftm(path: Path) -> bool:
    """An FtM file by its name, or any file whose first line is a JSON object with "schema"."""
    if not path.is_file():
        return False
    if path.suffix.lower() in SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 20)
        data = json.loads(first)
    except (OSError, ValueError, RecursionError):
        return False  # not FtM; the case file reader says what is wrong with it
    return isinstance(data, dict) and "schema" in data


def read_stream(path: Path) -> dict[str, FtmEntity]:
    """Every entity of the stream by id, in order of first appearance, fragments merged."""
    entities: dict[str, FtmEntity] = {}
    for entity in _entities(path):
        old = entities.get(entity.id)
        entities[entity.id] = entity if old is None else _merge(old, entity)
    return entities


def _entities(path: Path) -> Iterator[FtmEntity]:
    file = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror}", file) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            text = _decode(raw, file, number)
            if text.strip():
                yield _entity(text, file, number)


def _decode(raw: bytes, file: str, line: int) -> str:
    try:
        return raw.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as error:
        column = len(raw[: error.start].decode("utf-8", errors="replace")) + 1
        raise LoadError(f"not UTF-8 (byte 0x{raw[error.start]:02x})", file, line, column) from None


def _entity(text: str, file: str, line: int) -> FtmEntity:
    data = _parse(text, file, line)
    if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
        raise LoadError("expected a FollowTheMoney entity with 'id' and 'schema'", file, line, 1)
    for key in ("id", "schema"):
        if not isinstance(data[key], (str, int)) or isinstance(data[key], bool):
            raise LoadError(f"'{key}' must be a string", file, line, _find(text, key))
    raw_props = data.get("properties") or {}
    if not isinstance(raw_props, dict):
        raise LoadError("'properties' must be a mapping of name: [values]", file, line, _find(text, "properties"))
    properties = {name: _values(values) for name, values in raw_props.items()}
    columns = {name: col for name in ("id", *properties) if (col := _find(text, name))}
    datasets = _datasets(data, text, file, line)
    entity = FtmEntity(str(data["id"]), str(data["schema"]), properties, line, columns, datasets)
    problem = value_problem([entity.id, entity.schema, datasets, entity.properties])
    if problem:
        raise LoadError(problem, file, line, 1)
    return entity


def _parse(text: str, file: str, line: int) -> Any:
    problem = limit_problem(text)
    if problem:
        raise LoadError(f"invalid JSON: {problem[0]}", file, line, problem[1] + 1)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(f"invalid JSON: {error.msg}", file, line, error.colno) from None
    except (ValueError, RecursionError) as error:  # what limit_problem does not foresee
        raise LoadError(f"invalid JSON: {' '.join(str(error).split())}", file, line) from None


def _datasets(data: dict[str, Any], text: str, file: str, line: int) -> tuple[str, ...]:
    datasets = data.get("datasets") or ([data["dataset"]] if data.get("dataset") else [])
    if isinstance(datasets, str):
        datasets = [datasets]
    if not isinstance(datasets, list) or not all(isinstance(d, (str, int)) for d in datasets):
        key = "datasets" if "datasets" in data else "dataset"
        raise LoadError(f"'{key}' must be a list of dataset names", file, line, _find(text, key))
    return tuple(map(str, datasets))


def _values(values: Any) -> tuple[str, ...]:
    # Aleph's "nested" exports put whole entities where an id is expected: keep the id.
    items = values if isinstance(values, list) else [values]
    return tuple(str(v["id"]) if isinstance(v, dict) and "id" in v else str(v) for v in items if v is not None)


def _find(text: str, key: str) -> int | None:
    index = text.find(json.dumps(key))
    return index + 1 if index >= 0 else None


def _merge(old: FtmEntity, new: FtmEntity) -> FtmEntity:
    properties = dict(old.properties)
    for name, values in new.properties.items():
        properties[name] = tuple(dict.fromkeys((*properties.get(name, ()), *values)))
    schema = new.schema if old.schema in GENERIC and new.schema not in GENERIC else old.schema
    datasets = tuple(dict.fromkeys((*old.datasets, *new.datasets)))
    return replace(old, schema=schema, properties=properties, datasets=datasets)
