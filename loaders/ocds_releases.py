"""Reading OCDS (Open Contracting Data Standard 1.1): the releases of release packages,
record packages, JSON Lines and folders of them, each reduced as it is read to the few
facts encircle maps (a :class:`Release`; :mod:`encircle.loaders.ocds` merges them per
contracting process).

Packages are streamed (:mod:`encircle.loaders.jsonstream`), JSON Lines read a line at a
time: what is held is the reduced releases, not the documents. A value that cannot be
read (a malformed date, a negative amount) is an error at its file, line and column,
found when its release is read; the position is worked out only then.

The same release read twice (a release file beside the package holding it) counts once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from encircle.graph.errors import ErrorLog, LoadError
from encircle.graph.values import is_blank, parse_amount, parse_count, parse_currency, parse_date, parse_string
from encircle.loaders.jsonpos import JsonText, limit_problem
from encircle.loaders.jsonstream import JsonStream
from encircle.loaders.limits import MAX_CELL, value_problem

__all__ = ["Award", "PackageArrays", "Party", "Release", "ReleaseReader", "looks_like_ocds_file", "ocds_files"]

PackageArrays = ("releases", "records")
Path_ = tuple[str | int, ...]  # where a value is inside a release: keys and indexes


@dataclass(frozen=True, slots=True)
class Party:
    """An organization as a release names it (in `parties`, or in a reference)."""

    id: str  # the party id, unique within its process
    name: str | None = None
    legal_names: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    scheme: str | None = None
    identifier: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Award:
    """An award as a release states it: its id, date, value, status, title and supplier
    party ids."""

    id: str
    date: str | None = None
    amount: float | None = None
    currency: str | None = None
    status: str | None = None
    title: str | None = None
    suppliers: tuple[str, ...] = ()  # party ids


@dataclass(frozen=True, slots=True)
class Release:
    """What encircle reads of one release."""

    ocid: str
    key: str  # the release id (or the record's, for a compiled release): read twice, counted once
    date: str  # as published: ISO 8601 sorts in time order
    line: int  # where it starts in `file`
    file: str
    compiled: bool = False  # a record's compiled release: the process's last word
    planning: bool = False  # a planning release, or a tender still planned
    method: str | None = None  # tender.procurementMethod
    tenderer_count: int | None = None  # tender.numberOfTenderers
    title: str | None = None
    buyer: str | None = None  # party ids
    procuring: str | None = None
    tenderers: tuple[str, ...] = ()
    parties: Mapping[str, Party] = field(default_factory=dict)
    awards: Mapping[str, Award] = field(default_factory=dict)


# --- reading -------------------------------------------------------------------------


class ReleaseReader:
    """Releases of one input (a file, or a folder of files), errors into `errors`, what
    was left out counted in `skipped` (reason -> count)."""

    def __init__(self, errors: ErrorLog) -> None:
        self.errors = errors
        self.skipped: Counter[str] = Counter()
        self.seen: set[tuple[str, str]] = set()

    def read(self, path: Path) -> Iterator[Release]:
        for file in ocds_files(path) if path.is_dir() else [path]:
            lines = file.suffix.lower() == ".jsonl"
            yield from self._json_lines(file) if lines else self._package(file)

    def _package(self, file: Path) -> Iterator[Release]:
        stream = JsonStream(file, PackageArrays)
        held: dict[str, list[Any]] = {}  # the arrays of a bare record (its `ocid` came first)
        with self.errors.collect():  # a syntax error ends the file
            for item in stream.items():
                if "ocid" in stream.others:
                    held.setdefault(item.key, []).append(item.value)
                    continue
                where = _Where(str(file), item.line, item.column, item.text)
                if problem := _text_problem(item.value, item.text):
                    self.errors.add(LoadError(problem, where.file, where.line, where.column))
                    continue
                yield from self._document(item.value, where, "record" if item.key == "records" else "release")
            if "ocid" in stream.others:  # a bare release or record, no package around it: a small file
                text = file.read_text(encoding="utf-8-sig")
                yield from self._document({**stream.others, **held}, _Where(str(file), 1, 1, text), None)

    def _json_lines(self, file: Path) -> Iterator[Release]:
        try:
            handle = file.open("rb")
        except OSError as error:
            raise LoadError(f"cannot read: {error.strerror}", str(file)) from None
        with handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                    value = _parse_line(text, str(file), number)
                except UnicodeDecodeError as error:
                    self.errors.add(LoadError(f"not UTF-8 (byte 0x{raw[error.start]:02x})", str(file), number))
                    continue
                except LoadError as error:
                    self.errors.add(error)
                    continue
                if value is None:
                    continue
                if problem := _text_problem(value, text):
                    self.errors.add(LoadError(problem, str(file), number, 1))
                    continue
                yield from self._document(value, _Where(str(file), number, 1, text), None)

    def _document(self, value: Any, where: _Where, kind: str | None) -> Iterator[Release]:
        """A release, a record or (on a line of JSON Lines) a whole package."""
        if isinstance(value, dict) and "ocid" not in value and any(k in value for k in PackageArrays):
            for key in PackageArrays:
                for n, item in enumerate(value.get(key) or ()):
                    yield from self._document(item, where.inside(key, n), key[:-1])
            return
        if not isinstance(value, dict) or not isinstance(value.get("ocid"), str):
            self.errors.add(where.error(f"an OCDS {kind or 'release'} must be an object with an 'ocid'"))
            return
        if kind == "record" or (kind is None and ("compiledRelease" in value or "releases" in value)):
            yield from self._record(value, where)
        else:
            yield from self._release(value, where, compiled=False)

    def _record(self, record: dict[str, Any], where: _Where) -> Iterator[Release]:
        embedded = [
            (n, r) for n, r in enumerate(_list(record.get("releases"))) if isinstance(r, dict) and "url" not in r
        ]
        compiled = record.get("compiledRelease")
        if not embedded and not isinstance(compiled, dict):
            self.skipped["records without a compiled release or embedded releases"] += 1
            return
        for n, release in embedded:
            yield from self._release({"ocid": record["ocid"], **release}, where.inside("releases", n), compiled=False)
        if isinstance(compiled, dict):
            full = {"ocid": record["ocid"], **compiled}
            yield from self._release(full, where.inside("compiledRelease"), compiled=True)

    def _release(self, data: dict[str, Any], where: _Where, compiled: bool) -> Iterator[Release]:
        ocid = data["ocid"]
        if not isinstance(ocid, str):  # a record's release may carry an ocid of its own
            self.errors.add(where.error("an OCDS release's 'ocid' must be a string"))
            return
        where_read = f"{where.file}:{where.line}:{where.path}"  # a release without an id: only here
        key = ("compiled:" if compiled else "") + str(data.get("id") or where_read)
        if (ocid, key) in self.seen:
            return  # the same release in two files
        self.seen.add((ocid, key))
        try:
            yield _reduce(data, where, compiled, key, self.errors)
        except LoadError as error:
            self.errors.add(error)


def _parse_line(text: str, file: str, number: int) -> Any:
    """A line of JSON Lines parsed (None when blank), within loaders.limits' depth and
    number bounds (json itself would recurse past Python's limit, or take seconds
    converting a number of 100,000 digits)."""
    if not text.strip():
        return None
    problem = limit_problem(text)
    if problem:
        raise LoadError(f"invalid JSON: {problem[0]}", file, number, problem[1] + 1)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(f"invalid JSON: {error.msg}", file, number, error.colno) from None
    except (ValueError, RecursionError) as error:  # what limit_problem does not foresee
        raise LoadError(f"invalid JSON: {' '.join(str(error).split())}", file, number) from None


# An escaped UTF-16 surrogate in JSON text: it may decode to half a pair, not a character.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _text_problem(value: Any, text: str) -> str | None:
    """loaders.limits.value_problem of a parsed document (a lone surrogate, a value longer
    than a cell may be), walked only when its text could hold one: most releases cannot."""
    if len(text) <= MAX_CELL and not _SURROGATE_ESCAPE.search(text):
        return None
    problem = limit_problem(text)  # value_problem recurses: not into a document nested too deep
    return f"invalid JSON: {problem[0]}" if problem else value_problem(value)


def ocds_files(folder: Path) -> list[Path]:
    """The OCDS files of a folder, by name (other files are left alone)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and looks_like_ocds_file(p))


def looks_like_ocds_file(path: Path) -> bool:
    """A .json or .jsonl file with an `ocid` in its first 64 KB (case files and FtM have none)."""
    if path.suffix.lower() not in (".json", ".jsonl"):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return False
    return b'"ocid"' in head


def _reduce(data: dict[str, Any], where: _Where, compiled: bool, key: str, errors: ErrorLog) -> Release:
    read = _Fields(where, errors)
    tender = read.object(data, "tender")
    tags = [str(t) for t in _list(data.get("tag"))]
    parties = {}
    for n, raw in enumerate(read.list(data, "parties")):
        party = _party(raw)
        if party is None:
            errors.add(where.error("a party must be an object with an 'id'", "parties", n))
        else:
            parties[party.id] = party
    refs = {
        "buyer": _ref(data.get("buyer"), parties),
        "procuring": _ref(tender.get("procuringEntity"), parties),
    }
    tenderers = tuple(t for t in (_ref(x, parties) for x in read.list(tender, "tenderers", ("tender",))) if t)
    awards = {}
    for n, raw in enumerate(read.list(data, "awards")):
        award = _award(raw, n, read, parties)
        awards[award.id] = award
    method = tender.get("procurementMethod")
    return Release(
        ocid=data["ocid"],
        key=key,
        date=str(data.get("date") or ""),
        line=where.line,
        file=where.file,
        compiled=compiled,
        planning="planning" in tags or tender.get("status") == "planned",
        method=parse_string(method).lower() if isinstance(method, str) and method.strip() else None,
        tenderer_count=read.value(tender, "numberOfTenderers", parse_count, ("tender",)),
        title=_text(tender.get("title")),
        buyer=refs["buyer"],
        procuring=refs["procuring"],
        tenderers=tenderers,
        parties=parties,
        awards=awards,
    )


def _award(raw: Any, n: int, read: _Fields, parties: dict[str, Party]) -> Award:
    at: Path_ = ("awards", n)
    award = raw if isinstance(raw, dict) else {}
    if not isinstance(raw, dict):
        read.errors.add(read.where.error("an award must be an object", *at))
    value = read.object(award, "value", at)
    return Award(
        id=_text(award.get("id")) or f"#{n + 1}",
        date=read.value(award, "date", parse_date, at),
        amount=read.value(value, "amount", parse_amount, (*at, "value")),
        currency=read.value(value, "currency", parse_currency, (*at, "value")),
        status=_text(award.get("status")),
        title=_text(award.get("title")),
        suppliers=tuple(s for s in (_ref(x, parties) for x in read.list(award, "suppliers", at)) if s),
    )


def _party(raw: Any) -> Party | None:
    if not isinstance(raw, dict) or is_blank(raw.get("id")) or isinstance(raw.get("id"), (dict, list)):
        return None
    identifier, address = _object(raw.get("identifier")), _object(raw.get("address"))
    others = [i for i in _list(raw.get("additionalIdentifiers")) if isinstance(i, dict)]
    legal = (_text(i.get("legalName")) for i in (identifier, *others))
    return Party(
        id=parse_string(raw["id"]),
        name=_text(raw.get("name")),
        legal_names=tuple(dict.fromkeys(n for n in legal if n)),
        roles=tuple(str(r) for r in _list(raw.get("roles"))),
        scheme=_text(identifier.get("scheme")),
        identifier=_text(identifier.get("id")),
        country=_text(address.get("countryName")),
    )


def _ref(raw: Any, parties: dict[str, Party]) -> str | None:
    """The party id an organization reference names; a reference to a party the release
    does not list (OCDS 1.0 has no `parties`) adds it from what the reference says."""
    if not isinstance(raw, dict):
        return None
    listed = raw.get("id")
    if isinstance(listed, (str, int)) and not isinstance(listed, bool) and str(listed).strip() in parties:
        return str(listed).strip()  # the usual case, and the cheap one: a party the release lists
    party = _party(raw)
    if party is None:  # 1.0: no id; the identifier, else the name, stands for one
        identifier = _object(raw.get("identifier"))
        scheme, ident = _text(identifier.get("scheme")), _text(identifier.get("id"))
        name = _text(raw.get("name"))
        key = f"{scheme}-{ident}" if scheme and ident else name
        if key is None:
            return None
        party = _party({**raw, "id": key})
    assert party is not None
    if party.id not in parties:
        parties[party.id] = party
    return party.id


@dataclass(frozen=True)
class _Where:
    """A document in a file (its text, where it starts) and a path inside it; positions
    are worked out (jsonpos) only for an error."""

    file: str
    line: int
    column: int
    text: str
    path: Path_ = ()

    def inside(self, *path: str | int) -> _Where:
        return replace(self, path=(*self.path, *path))

    def error(self, message: str, *path: str | int) -> LoadError:
        line, column = self._position((*self.path, *path))
        return LoadError(message, self.file, line, column)

    def _position(self, path: Path_) -> tuple[int, int]:
        doc = JsonText(self.text)
        at = doc.root()
        for step in path:
            inner = dict(doc.members(at)) if isinstance(at.value, dict) else dict(enumerate(doc.items(at)))
            if step not in inner:
                break
            at = inner[step]  # type: ignore[index]
        column = at.column + (self.column - 1 if at.line == 1 else 0)
        return self.line + at.line - 1, column


@dataclass(frozen=True)
class _Fields:
    """Reads values out of a release, each parsed by a schema value type; one that cannot
    be parsed is an error at its position, and reads as absent."""

    where: _Where
    errors: ErrorLog

    def value(self, obj: dict[str, Any], key: str, parse: Callable[[Any], Any], at: Path_ = ()) -> Any:
        raw = obj.get(key)
        if is_blank(raw):
            return None
        try:
            if isinstance(raw, (dict, list)):
                raise ValueError(f"'{key}' must be a value, not {'an object' if isinstance(raw, dict) else 'a list'}")
            return parse(raw)
        except ValueError as error:
            self.errors.add(self.where.error(str(error), *at, key))
            return None

    def object(self, obj: dict[str, Any], key: str, at: Path_ = ()) -> dict[str, Any]:
        raw = obj.get(key)
        if raw is None or isinstance(raw, dict):
            return raw or {}
        self.errors.add(self.where.error(f"'{key}' must be an object", *at, key))
        return {}

    def list(self, obj: dict[str, Any], key: str, at: Path_ = ()) -> list[Any]:
        raw = obj.get(key)
        if raw is None or isinstance(raw, list):
            return raw or []
        self.errors.add(self.where.error(f"'{key}' must be a list", *at, key))
        return []


def _object(raw: Any) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else {}


def _list(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else []


def _text(raw: Any) -> str | None:
    return parse_string(raw) or None if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) else None
