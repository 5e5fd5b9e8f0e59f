"""Mutated inputs of every format, and the property every load must keep.

Shared by the fuzz tests (a few hundred inputs per format in `make test`) and the long
run, benchmarks/fuzz_benchmark.py (thousands). Each input starts from a valid fixture
and is changed by hypothesis-drawn mutations: structured ones (a cell, a field, a JSON
value, a workbook cell replaced by a hostile value; rows, columns, lines, keys added,
dropped or duplicated) and byte-level ones (bytes flipped, inserted, deleted; the file
truncated; a zip member's XML damaged).

The property (:func:`check`): loading the input into a store either succeeds and every
stored record holds only valid values, or raises one EncircleError whose message is one
line per error (a load reports every error it finds: LoadErrors, each error one line),
and the store is exactly as it was. Anything else is a violation.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import IllegalCharacterError

from encircle.graph.errors import EncircleError, LoadErrors
from encircle.graph.records import Entity, Relation, to_properties
from encircle.graph.schema import SCHEMA
from encircle.graph.stores import Store, open_store
from encircle.graph.text import json_text
from encircle.graph.values import MAX_AMOUNT, MAX_COUNT, parse_date
from encircle.loaders import load
from encircle.loaders.limits import MAX_CELL

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FORMATS = ("csv", "yaml", "json", "ftm", "xlsx", "ocds")

# --- hostile values ------------------------------------------------------------------

TEXT = [
    "",
    " ",
    "0000-01-01",
    "2016-00",
    "2016-01-00",
    "2019-02-29",
    "2016-13-01",
    "9999-12-31",
    "0001-01-01",
    "٢٠١٦",
    "２０１６-01",
    "2016-03-05T10:00:00",
    "1e309",
    "1e24",
    "1e25",
    "-1",
    "NaN",
    "inf",
    "1,200,000",
    "0.5",
    "1e20",
    str(2**63),
    "9" * 5000,
    "x" * (MAX_CELL + 1),
    "\x00",
    "a\x1b[31mb",
    "Li\u202eWei",
    "\ud800",
    "\udc00x",
    "\r\n",
    "p1",
    "c1",
    "b1",
    "Person",
    "Company",
    "PublicBody",
    "Organization",
    "official",
    "GIFT",
    "APPROVED",
    "HOLDS_POST",
    "OWNS",
    "confirmed",
    "alleged",
    "open",
    "invited",
    "unknown",
    "a;b;;c",
    "<script>alert(1)</script>",
    "'; DROP TABLE entity; --",
    "MATCH (n) DETACH DELETE n",
    "${jndi:x}",
    "%s%n",
]
NUMBERS: list[Any] = [0, -1, 1, 2**63 - 1, 2**63, 10**30, 0.5, 1e24, 1e300, -0.0, True, False, None]
BYTES = [
    b'"',
    b",",
    b"\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"\xed\xa0\x80",  # a UTF-8-encoded surrogate: not UTF-8
    b"\xe2\x80\xae",  # U+202E
    b"[",
    b"{",
    b"]",
    b"}",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!python/object/apply:os.system ['true'] ",
    b"!!binary ",
    b"\t",
    b"\\ud800",
    b"\\u0000",
    b"---\n",
    b"...\n",
    b"? ",
    b": ",
    b"- ",
    b"#",
    b"1e400",
    b"9" * 4500,
    b"[" * 3000,
    b"NaN",
    b"Infinity",
    b"\xef\xbb\xbf",
    b"<x>",
    b"</sheetData>",
    b"&amp;",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
]

text = st.sampled_from(TEXT) | st.text(max_size=12)
position = st.floats(0, 1)


def _at(size: int, where: float) -> int:
    return min(size, int(where * (size + 1)))


# --- byte-level mutations ------------------------------------------------------------

byte_mutation = st.one_of(
    st.tuples(st.just("flip"), position, st.integers(0, 255)),
    st.tuples(st.just("insert"), position, st.sampled_from(BYTES) | st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), position, st.integers(1, 64)),
    st.tuples(st.just("truncate"), position, st.just(0)),
    st.tuples(st.just("repeat"), position, st.integers(1, 200)),
)


def mutate_bytes(data: bytes, mutation: tuple[str, float, Any]) -> bytes:
    op, where, arg = mutation
    i = _at(len(data), where)
    if op == "flip" and data:
        i = min(i, len(data) - 1)
        return data[:i] + bytes([arg]) + data[i + 1 :]
    if op == "insert":
        return data[:i] + arg + data[i:]
    if op == "delete":
        return data[:i] + data[i + arg :]
    if op == "truncate":
        return data[:i]
    if op == "repeat":
        return data[:i] + data[i : i + arg] * 3 + data[i:]
    return data


# --- tables (CSV bundles and workbooks) ----------------------------------------------

Table = list[list[Any]]

table_mutation = st.one_of(
    st.tuples(st.just("cell"), position, position, text | st.sampled_from(NUMBERS)),
    st.tuples(st.just("header"), position, position, text),
    st.tuples(st.just("add_column"), position, position, text),
    st.tuples(st.just("drop_column"), position, position, st.just(None)),
    st.tuples(st.just("duplicate_row"), position, position, st.just(None)),
    st.tuples(st.just("drop_row"), position, position, st.just(None)),
    st.tuples(st.just("swap"), position, position, st.just(None)),
    st.tuples(st.just("long_row"), position, position, st.integers(1, 20)),
)


def mutate_table(table: Table, mutation: tuple[str, float, float, Any]) -> Table:
    op, row_at, column_at, value = mutation
    rows = [list(row) for row in table]
    if not rows:
        return rows
    r = min(_at(len(rows) - 1, row_at), len(rows) - 1) if op != "header" else 0
    width = max(len(row) for row in rows) or 1
    c = min(_at(width - 1, column_at), width - 1)
    row = rows[r]
    if op in ("cell", "header"):
        row.extend([""] * (c + 1 - len(row)))
        row[c] = value
    elif op == "add_column":
        for i, each in enumerate(rows):
            each.insert(c, value if i == 0 else "")
    elif op == "drop_column":
        for each in rows:
            if c < len(each):
                del each[c]
    elif op == "duplicate_row":
        rows.insert(r, list(row))
    elif op == "drop_row":
        del rows[r]
    elif op == "swap" and len(row) > 1:
        row[0], row[-1] = row[-1], row[0]
    elif op == "long_row":
        row.extend(["x"] * value)
    return rows


def csv_bytes(table: Table, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["" if v is None else str(v) for v in row] for row in table])
    return out.getvalue().encode(encoding, errors="surrogatepass")


def read_csv_table(path: Path) -> Table:
    with path.open(encoding="utf-8", newline="") as handle:
        return [list(row) for row in csv.reader(handle)]


# --- JSON values (case files, FtM lines) ---------------------------------------------

json_value = st.one_of(
    text,
    st.sampled_from(NUMBERS),
    st.just(float("nan")),
    st.just(float("inf")),
    st.just([]),
    st.just({}),
    st.lists(text, max_size=3),
    st.dictionaries(text, text, max_size=2),
    st.integers(1, 120).map(lambda n: json.loads("[" * n + "]" * n)),
)
json_mutation = st.one_of(
    st.tuples(st.just("replace"), st.lists(position, min_size=1, max_size=5), json_value),
    st.tuples(st.just("add_key"), st.lists(position, min_size=1, max_size=4), st.tuples(text, json_value)),
    st.tuples(st.just("drop"), st.lists(position, min_size=1, max_size=5), st.just(None)),
    st.tuples(st.just("duplicate"), st.lists(position, min_size=1, max_size=4), st.just(None)),
)


def mutate_json(value: Any, mutation: tuple[str, list[float], Any]) -> Any:
    """The document with the value at a drawn path replaced, removed, duplicated, or a key added."""
    op, path, new = mutation
    if not isinstance(value, (dict, list)) or not value:
        return new if op == "replace" else value
    keys = list(value) if isinstance(value, dict) else list(range(len(value)))
    key = keys[min(_at(len(keys) - 1, path[0]), len(keys) - 1)]
    copy: Any = dict(value) if isinstance(value, dict) else list(value)
    if len(path) > 1 and isinstance(copy[key], (dict, list)) and copy[key]:
        copy[key] = mutate_json(copy[key], (op, path[1:], new))
    elif op == "replace":
        copy[key] = new
    elif op == "drop":
        del copy[key]
    elif op == "duplicate" and isinstance(copy, list):
        copy.insert(key, copy[key])
    elif op == "add_key" and isinstance(copy[key], dict):
        copy[key] = {**copy[key], new[0]: new[1]}
    return copy


def json_bytes(value: Any) -> bytes:
    # ensure_ascii: a lone surrogate becomes the escape \ud800, as a hostile file holds it
    return json.dumps(value).encode()


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """One mutated input: files to write under a folder, and the path to load."""

    files: dict[str, bytes]
    load: str

    def write(self, folder: Path) -> Path:
        for name, data in self.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        return folder / self.load


@st.composite
def csv_inputs(draw: st.DrawFn) -> Input:
    folder = FIXTURES / "csv" / draw(st.sampled_from(["case-a", "case-b"]))
    files = {}
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    for name in ("entities.csv", "relations.csv"):
        table = read_csv_table(folder / name)
        for mutation in draw(st.lists(table_mutation, max_size=3)):
            table = mutate_table(table, mutation)
        try:
            data = csv_bytes(table, encoding)
        except UnicodeEncodeError:
            data = csv_bytes(table, "utf-8")
        for mutation in draw(st.lists(byte_mutation, max_size=2)):
            data = mutate_bytes(data, mutation)
        files[f"bundle/{name}"] = data
    return Input(files, "bundle")


@st.composite
def json_inputs(draw: st.DrawFn) -> Input:
    document = json.loads((FIXTURES / "case" / "case-a.json").read_text(encoding="utf-8"))
    for mutation in draw(st.lists(json_mutation, max_size=3)):
        document = mutate_json(document, mutation)
    data = json_bytes(document)
    for mutation in draw(st.lists(byte_mutation, max_size=2)):
        data = mutate_bytes(data, mutation)
    return Input({"case.json": data}, "case.json")


def _yaml_text(document: Any) -> bytes:
    try:
        text = yaml.safe_dump(document, allow_unicode=True)
    except yaml.YAMLError:
        return (FIXTURES / "case" / "case-a.yaml").read_bytes()
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def yaml_inputs(draw: st.DrawFn) -> Input:
    if draw(st.booleans()):
        data = (FIXTURES / "case" / "case-a.yaml").read_bytes()  # as written, comments and all
    else:
        document = yaml.safe_load((FIXTURES / "case" / "case-a.yaml").read_text(encoding="utf-8"))
        for mutation in draw(st.lists(json_mutation, max_size=3)):
            document = mutate_json(document, mutation)
        data = _yaml_text(document)
    for mutation in draw(st.lists(byte_mutation, min_size=0, max_size=3)):
        data = mutate_bytes(data, mutation)
    return Input({"case.yaml": data}, "case.yaml")


SCHEMATA = ["Payment", "Person", "PublicBody", "Company", "Thing", "LegalEntity", "Occupancy", "Nope"]


@st.composite
def ftm_inputs(draw: st.DrawFn) -> Input:
    lines = (FIXTURES / "ftm" / "small.ftm.jsonl").read_bytes().splitlines()
    for _ in range(draw(st.integers(0, 3))):
        i = min(_at(len(lines) - 1, draw(position)), len(lines) - 1)
        op = draw(st.sampled_from(["mutate", "mutate", "drop", "duplicate", "blank", "schema"]))
        if op in ("mutate", "schema") and not lines[i].strip():
            continue  # a blank line inserted before
        if op == "mutate":
            lines[i] = json_bytes(mutate_json(json.loads(lines[i]), draw(json_mutation)))
        elif op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), lines[i])
        elif op == "blank":
            lines.insert(i, b"   ")
        else:
            entity = json.loads(lines[i])
            entity["schema"] = draw(st.sampled_from(SCHEMATA))
            lines[i] = json_bytes(entity)
        if not lines:
            break
    data = b"\n".join(lines) + b"\n"
    for mutation in draw(st.lists(byte_mutation, max_size=2)):
        data = mutate_bytes(data, mutation)
    return Input({"stream.ftm.jsonl": data}, "stream.ftm.jsonl")


XLSX_VALUES: list[Any] = [
    *NUMBERS,
    dt.datetime(1, 1, 1),
    dt.datetime(9999, 12, 31, 23, 59),
    dt.date(2016, 2, 29),
    dt.time(12, 0),
    dt.timedelta(days=3),
    float("nan"),
    1e308,
    "=1/0",
    "#N/A",
]


def _workbook(tables: dict[str, Table]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in tables.items():
        sheet = book.create_sheet(title)
        for row in rows:
            try:
                sheet.append(row)
            except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses control characters
                sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(v)) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MEMBERS = ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/workbook.xml", "[Content_Types].xml"]
xml_mutation = st.tuples(st.sampled_from(MEMBERS), byte_mutation)


def mutate_member(data: bytes, member: str, mutation: tuple[str, float, Any]) -> bytes:
    """The workbook with one zip member's content mutated (and recompressed: the damage
    is in the XML, as a broken writer makes it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, mutate_bytes(content, mutation) if info.filename == member else content)
    return out.getvalue()


@st.composite
def xlsx_inputs(draw: st.DrawFn) -> Input:
    tables = {name: read_csv_table(FIXTURES / "csv" / "case-a" / f"{name}.csv") for name in ("entities", "relations")}
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(["entities", "relations"]))
        tables[name] = mutate_table(tables[name], draw(table_mutation))
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(["entities", "relations"]))
        op = ("cell", draw(position), draw(position), draw(st.sampled_from(XLSX_VALUES)))
        tables[name] = mutate_table(tables[name], op)
    data = _workbook(tables)
    for member, mutation in draw(st.lists(xml_mutation, max_size=2)):
        data = mutate_member(data, member, mutation)
    for mutation in draw(st.lists(byte_mutation, max_size=1)):
        data = mutate_bytes(data, mutation)
    return Input({"book.xlsx": data}, "book.xlsx")


@st.composite
def ocds_inputs(draw: st.DrawFn) -> Input:
    """A release or record package, or a JSON Lines file of releases, mutated as JSON and
    as bytes (a mutation that removes every `ocid` makes it read as a case file)."""
    name = draw(st.sampled_from(["release-package.json", "record-package.json", "releases.jsonl"]))
    source = FIXTURES / "ocds" / name
    if name.endswith(".jsonl"):
        lines = source.read_bytes().splitlines()
        for _ in range(draw(st.integers(0, 3))):
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = json_bytes(mutate_json(json.loads(lines[i]), draw(json_mutation)))
        data = b"\n".join(lines) + b"\n"
    else:
        document = json.loads(source.read_text(encoding="utf-8"))
        for mutation in draw(st.lists(json_mutation, max_size=3)):
            document = mutate_json(document, mutation)
        data = json_bytes(document)
    for mutation in draw(st.lists(byte_mutation, max_size=2)):
        data = mutate_bytes(data, mutation)
    return Input({name: data}, name)


INPUTS = {
    "csv": csv_inputs,
    "yaml": yaml_inputs,
    "json": json_inputs,
    "ftm": ftm_inputs,
    "xlsx": xlsx_inputs,
    "ocds": ocds_inputs,
}


# --- the property ----------------------------------------------------------------------

BASE = FIXTURES / "csv" / "case-b"  # in the store before every load: ids the inputs share
Contents = tuple[list[Entity], list[Relation]]
_base: Contents | None = None


def base_store() -> tuple[Store, Contents]:
    global _base
    store = open_store(":memory:")
    if _base is None:
        load([BASE], store)
        _base = (list(store.entities()), list(store.relations()))
    else:
        store.write(*_base)
    return store, _base


def check(item: Input, folder: Path) -> str:
    """'loaded' or 'refused'; raises AssertionError on a violation of the property."""
    path = item.write(folder)
    store, before = base_store()
    try:
        try:
            load([path], store)
        except EncircleError as error:
            message = str(error)
            for line in error.lines() if isinstance(error, LoadErrors) else [message]:
                assert line and "\n" not in line and "\r" not in line, f"not one line: {line!r}"
            after = (list(store.entities()), list(store.relations()))
            assert after == before, f"the store changed on a failed load: {message}"
            return "refused"
        for record in (*store.entities(), *store.relations()):
            problem = invalid(record)
            assert problem is None, f"invalid value stored: {problem} in {record!r}"[:2000]
        store.stats()
        return "loaded"
    finally:
        store.close()


_ISO = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def invalid(record: Entity | Relation) -> str | None:
    """Why a stored record holds a value the contract does not allow, or None."""
    values = {f.name: getattr(record, f.name) for f in fields(record) if f.name != "origin"}
    for name in ("birth_date", "blacklisted_from", "blacklisted_until", "date", "start_date", "end_date"):
        date = values.get(name)
        if date is not None and not _valid_date(date):
            return f"{name} {date!r}"
    for name in ("amount", "share"):
        number = values.get(name)
        if number is not None and not (math.isfinite(number) and 0 <= number <= float(MAX_AMOUNT)):
            return f"{name} {number!r}"
    if values.get("share") is not None and values["share"] > 1:
        return f"share {values['share']!r}"
    bidders = values.get("bidders")
    if bidders is not None and not (type(bidders) is int and 0 <= bidders <= MAX_COUNT):
        return f"bidders {bidders!r}"
    if record.type not in (SCHEMA.entity_types if isinstance(record, Entity) else SCHEMA.relation_types):
        return f"type {record.type!r}"
    for text in _strings(values):
        if _SURROGATE.search(text) or len(text) > MAX_CELL:
            return f"text {text[:40]!r}"
    try:
        json_text(to_properties(record))
    except ValueError as error:
        return f"not strict JSON: {error}"
    return None


def _valid_date(date: Any) -> bool:
    try:
        return isinstance(date, str) and bool(_ISO.match(date)) and parse_date(date) == date
    except ValueError:
        return False


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
