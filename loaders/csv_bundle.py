"""The CSV bundle: a folder holding entities.csv and relations.csv (the input contract).

Files are UTF-8 (with or without BOM) or GB18030 (what Excel writes on a Chinese
Windows); an encoding is tried strictly, never guessed leniently, so a wrong byte is
reported instead of loaded as mojibake.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from encircle.graph.errors import LoadError
from encircle.loaders.bundle import Bundle
from encircle.loaders.tables import Row, Table, read_entities, read_relations

__all__ = ["ENTITIES", "RELATIONS", "bundle_files", "csv_table", "decode", "is_csv_bundle", "read_csv_bundle"]

ENTITIES = "entities.csv"
RELATIONS = "relations.csv"
ENCODINGS = ("utf-8-sig", "gb18030")
BLOCK = 1 << 20  # bytes decoded at a time when finding the encoding


def is_csv_bundle(path: Path) -> bool:
    """True for a folder holding an entities.csv (the name in any case)."""
    return path.is_dir() and _member(path, ENTITIES) is not None


def read_csv_bundle(folder: Path) -> Bundle:
    """Records of a bundle folder; both files must be there (relations.csv may be a header only)."""
    entities_csv, relations_csv = bundle_files(folder)
    entities, entity_warnings = read_entities(csv_table(entities_csv))
    relations, relation_warnings = read_relations(csv_table(relations_csv))
    return Bundle(tuple(entities), tuple(relations), entity_warnings + relation_warnings)


def bundle_files(folder: Path) -> tuple[Path, Path]:
    """The entities and relations files of a bundle folder."""
    paths = []
    for name in (ENTITIES, RELATIONS):
        found = _member(folder, name)
        if found is None:
            raise LoadError(f"case bundle folder has no {name}", str(folder))
        paths.append(found)
    return paths[0], paths[1]


def _member(folder: Path, name: str) -> Path | None:
    # Case-insensitive: bundles made on Windows or macOS arrive as Entities.csv.
    exact = folder / name
    if exact.is_file():
        return exact
    return next((p for p in sorted(folder.iterdir()) if p.name.lower() == name and p.is_file()), None)


def csv_table(path: Path) -> Table:
    """The rows of a CSV file, decoded as they are read: the file's text is never held
    whole (a relations.csv of millions of rows is hundreds of MB as a str)."""
    file = str(path)
    return Table(file, _rows(path, _encoding(path, file), file))


def _encoding(path: Path, file: str) -> str:
    """The first encoding that decodes the whole file strictly, tried block by block."""
    try:
        for encoding in ENCODINGS:
            if _decodes(path, encoding):
                return encoding
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror}", file) from None
    raise _undecodable(data, file)


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as data:
        try:
            while block := data.read(BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def decode(data: bytes, file: str) -> str:
    """The text of a file in the first encoding that decodes it strictly."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _undecodable(data, file)


def _undecodable(data: bytes, file: str) -> LoadError:
    """The error for bytes no encoding decodes: the bad byte of the encoding that got
    furthest, which is most likely the file's real encoding and the byte to fix."""
    errors: list[UnicodeDecodeError] = []
    for encoding in ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            errors.append(error)
    worst = max(errors, key=lambda e: e.start)
    line_start = data.rfind(b"\n", 0, worst.start) + 1
    line = data.count(b"\n", 0, worst.start) + 1
    column = len(data[line_start : worst.start].decode(worst.encoding, errors="replace")) + 1
    return LoadError(f"not UTF-8 or GB18030 (byte 0x{data[worst.start]:02x})", file, line, column)


def _rows(path: Path, encoding: str, file: str) -> Iterator[Row]:
    with path.open(encoding=encoding, newline="") as text:
        reader = csv.reader(text, strict=True)
        start = 1
        try:
            for cells in reader:
                yield start, cells  # a quoted field may span lines: the record starts at `start`
                start = reader.line_num + 1
        except csv.Error as error:
            raise LoadError(f"malformed CSV: {error}", file, reader.line_num) from None
