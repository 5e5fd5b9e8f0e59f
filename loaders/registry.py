"""Which reader an input path goes to: decided by what the path is, not by a flag."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from encircle.graph.errors import LoadError
from encircle.loaders.bundle import Bundle
from encircle.loaders.case_file import is_case_file, read_case_file
from encircle.loaders.csv_bundle import ENTITIES, is_csv_bundle, read_csv_bundle
from encircle.loaders.ftm import read_ftm
from encircle.loaders.ftm_stream import looks_like_ftm
from encircle.loaders.xlsx import is_workbook, read_workbook

__all__ = ["READERS", "Reader", "reader_for"]

Reader = Callable[[Path], Bundle]

# In order: a .json whose first line is an FtM entity is a stream, any other .json a case file.
READERS: tuple[tuple[Callable[[Path], bool], Reader], ...] = (
    (is_csv_bundle, read_csv_bundle),
    (is_workbook, read_workbook),
    (looks_like_ftm, read_ftm),
    (is_case_file, read_case_file),
)

EXPECTED = (
    "expected a case bundle folder (entities.csv + relations.csv), an .xlsx workbook, "
    "a .json/.yaml case file or a FollowTheMoney .jsonl stream"
)


def reader_for(path: Path) -> Reader:
    """The reader for an input path, the first in READERS that accepts it; a
    :class:`LoadError` saying what was expected when none does."""
    for accepts, reader in READERS:
        if accepts(path):
            return reader
    raise LoadError(_why_not(path), str(path))


def _why_not(path: Path) -> str:
    if not path.exists():
        return "no such file or folder"
    if path.is_dir():
        return f"folder has no {ENTITIES}; {EXPECTED}"
    if path.suffix.lower() == ".csv":
        return f"give the folder holding entities.csv and relations.csv, not one CSV file; {EXPECTED}"
    return f"unsupported input; {EXPECTED}"
