"""Every input a probe of the loaders found ending in a traceback, or accepted with an
invalid value, is one exact error line, and nothing is written (issue 18).

Each case is a file (or a bundle folder) built here; the expected line is what
`encircle load` prints after ``error:``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.errors import LoadError
from encircle.graph.records import Entity
from encircle.graph.stores import Store
from encircle.loaders import load, read

FIXTURES = Path(__file__).parents[1] / "fixtures"
PERSON = "entities:\n  - {id: p1, type: Person, name: Li, birth_date: %s}\n"
TWO = '"entities": [{"id": "p1", "type": "Person", "name": "Li"}, {"id": "c1", "type": "Company", "name": "C"}]'


def _yaml_bomb(used: bool) -> str:
    """Nine levels of nine aliases: 9^9 = 387,420,489 values once expanded, from 475 bytes."""
    levels = "".join(f"l{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    if used:
        return "entities:\n  - &a0 {id: p1, type: Person, name: Li}\n  - " + levels.replace("\n", "\n    ")
    return "unused: &a0 [x]\n" + levels + "entities:\n  - {id: p1, type: Person, name: Li}\n"


def _ftm(properties: str, extra: str = "") -> str:
    return '{"id": "p1", "schema": "Person", "properties": {"name": ' + properties + "}" + extra + "}\n"


def _workbook(member: str, change: Callable[[bytes], bytes]) -> bytes:
    """The fixture workbook with one zip member changed (its CRC is recomputed: the
    corruption is in the content, as when a tool writes a broken file)."""
    source = zipfile.ZipFile(FIXTURES / "xlsx" / "case.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == member else data)
    return out.getvalue()


def _deflate_damaged() -> bytes:
    """The fixture with bytes inside a compressed sheet zeroed: zlib fails to inflate it."""
    data = bytearray((FIXTURES / "xlsx" / "case.xlsx").read_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + 60
    data[start : start + 40] = bytes(40)
    return bytes(data)


def _wide_header(columns: int) -> dict[str, str]:
    header = "id,type,name," + ",".join(f"c{i}" for i in range(columns))
    return {"entities.csv": header + "\np1,Person,Li\n", "relations.csv": "type,source_id,target_id\n"}


Content = str | bytes | dict[str, str]
CASES: dict[str, tuple[str, Callable[[], Content], str]] = {
    # YAML: date-like scalars that are not dates are read as the text they are, then refused
    "yaml date 29 Feb": (
        "c.yaml",
        lambda: PERSON % "2019-02-29",
        "c.yaml:2:50: malformed date '2019-02-29': day is out of range for month",
    ),
    "yaml month 13": (
        "c.yaml",
        lambda: PERSON % "2016-13-01",
        "c.yaml:2:50: malformed date '2016-13-01': month must be in 1..12",
    ),
    "yaml year 0": (
        "c.yaml",
        lambda: PERSON % "0000-01-01",
        "c.yaml:2:50: malformed date '0000-01-01': year 0 is out of range",
    ),
    "yaml control character": (
        "c.yaml",
        lambda: 'entities:\n  - {id: p1, type: Person, name: "Li\x01"}\n',
        "c.yaml:2:37: invalid YAML: character '\\x01' is not allowed",
    ),
    "yaml recursive alias": (
        "c.yaml",
        lambda: "entities: &a\n  - *a\n",
        "c.yaml:1:11: recursive YAML alias: a collection contains itself",
    ),
    "yaml record holding itself": (
        "c.yaml",
        lambda: "entities:\n  - &r {id: p1, type: Person, name: Li, x: *r}\n",
        "c.yaml:2:5: recursive YAML alias: a collection contains itself",
    ),
    "yaml nested 5,000 deep": (
        "c.yaml",
        lambda: "entities: " + "[" * 5000 + "]" * 5000 + "\n",
        "c.yaml:1:111: invalid YAML: nested more than 100 levels deep",
    ),
    "yaml alias bomb": (
        "c.yaml",
        lambda: _yaml_bomb(used=True),
        "c.yaml:2:24: YAML aliases expand to more than twice the written document",
    ),
    "yaml lone surrogate": (
        "c.yaml",
        lambda: 'entities:\n  - {id: p1, type: Person, name: "\\ud800"}\n',
        "c.yaml:2:34: lone surrogate '\\ud800' in a value: not valid Unicode",
    ),
    "yaml amount 1e309": (
        "c.yaml",
        lambda: (
            "entities: [{id: p1, type: Person, name: Li}, {id: c1, type: Company, name: C}]\n"
            'relations: [{type: GIFT, source_id: c1, target_id: p1, date: "2016", amount: 1e309}]\n'
        ),
        "c.yaml:2:78: amount '1e309' out of range: expected at most 1e+24",
    ),
    # JSON case files
    "json nested 1,100 deep": (
        "c.json",
        lambda: '{"entities": ' + "[" * 1100 + "]" * 1100 + "}",
        "c.json:1:113: invalid JSON: nested more than 100 levels deep",
    ),
    "json nested from the first byte": (
        "c.json",
        lambda: "[" * 5000 + "]" * 5000,
        "c.json:1:101: invalid JSON: nested more than 100 levels deep",
    ),
    "json integer of 4,400 digits": (
        "c.json",
        lambda: '{"entities": [{"id": "p1", "type": "Person", "name": "Li", "x": ' + "1" * 4400 + "}]}",
        "c.json:1:65: invalid JSON: a number of 4,400 digits (at most 4,000)",
    ),
    "json lone surrogate": (
        "c.json",
        lambda: '{"entities": [{"id": "p1", "type": "Person", "name": "\\ud800"}]}',
        "c.json:1:54: lone surrogate '\\ud800' in a value: not valid Unicode",
    ),
    "json lone surrogate in a field name": (
        "c.json",
        lambda: '{"entities": [{"id": "p1", "type": "Person", "name": "Li", "\\udc00": 1}]}',
        "c.json:1:70: field name: lone surrogate '\\udc00' in a value: not valid Unicode",
    ),
    "json amount 1e400": (
        "c.json",
        lambda: (
            "{"
            + TWO
            + ', "relations": [{"type": "GIFT", "source_id": "c1", "target_id": "p1", "date": "2016", '
            + '"amount": 1e400}]}'
        ),
        "c.json:1:203: malformed amount inf: expected a non-negative number",
    ),
    "json bidders 1e20": (
        "c.json",
        lambda: (
            "{"
            + TWO
            + ', "relations": [{"type": "APPROVED", "source_id": "p1", "target_id": "c1", "date": "2016", '
            + '"bidders": 1e20}]}'
        ),
        "c.json:1:208: count 1e+20 out of range: expected at most 9223372036854775807",
    ),
    "json Arabic-Indic digits": (
        "c.json",
        lambda: '{"entities": [{"id": "p1", "type": "Person", "name": "Li", "birth_date": "٢٠١٦-٠١-٠١"}]}',
        "c.json:1:74: malformed date '٢٠١٦-٠١-٠١': expected YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "json fullwidth digits": (
        "c.json",
        lambda: '{"entities": [{"id": "p1", "type": "Person", "name": "Li", "birth_date": "２０１６"}]}',
        "c.json:1:74: malformed date '２０１６': expected YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "json month 00": (
        "c.json",
        lambda: '{"entities": [{"id": "p1", "type": "Person", "name": "Li", "birth_date": "2016-00"}]}',
        "c.json:1:74: malformed date '2016-00': month must be in 1..12",
    ),
    "json day 00": (
        "c.json",
        lambda: '{"entities": [{"id": "p1", "type": "Person", "name": "Li", "birth_date": "2016-01-00"}]}',
        "c.json:1:74: malformed date '2016-01-00': day is out of range for month",
    ),
    # FollowTheMoney streams
    "ftm datasets 5": (
        "s.ftm.jsonl",
        lambda: _ftm('["Li"]', ', "datasets": 5'),
        "s.ftm.jsonl:1:66: 'datasets' must be a list of dataset names",
    ),
    "ftm nested 1,100 deep": (
        "s.ftm.jsonl",
        lambda: _ftm("[" * 1100 + "]" * 1100),
        "s.ftm.jsonl:1:155: invalid JSON: nested more than 100 levels deep",
    ),
    "ftm number of 4,400 digits": (
        "s.ftm.jsonl",
        lambda: _ftm("[" + "9" * 4400 + "]"),
        "s.ftm.jsonl:1:58: invalid JSON: a number of 4,400 digits (at most 4,000)",
    ),
    "ftm lone surrogate": (
        "s.ftm.jsonl",
        lambda: _ftm('["\\ud800"]'),
        "s.ftm.jsonl:1:1: lone surrogate '\\ud800' in a value: not valid Unicode",
    ),
    "ftm id not a string": (
        "s.ftm.jsonl",
        lambda: '{"id": {"a": 1}, "schema": "Person"}\n',
        "s.ftm.jsonl:1:2: 'id' must be a string",
    ),
    # Workbooks
    "xlsx truncated": (
        "book.xlsx",
        lambda: (FIXTURES / "xlsx" / "case.xlsx").read_bytes()[:3000],
        "book.xlsx: not a readable .xlsx workbook (BadZipFile: File is not a zip file)",
    ),
    "xlsx deflate error": (
        "book.xlsx",
        _deflate_damaged,
        "book.xlsx: not a readable .xlsx workbook (zlib.error: Error -3 while decompressing data: "
        "invalid literal/lengths set)",
    ),
    "xlsx sheet XML unclosed": (
        "book.xlsx",
        lambda: _workbook("xl/worksheets/sheet1.xml", lambda data: data[:-40]),
        "book.xlsx[Entities]:9: not a readable .xlsx workbook (ParseError: unclosed token: line 1, column 3164)",
    ),
    "xlsx workbook XML unclosed": (
        "book.xlsx",
        lambda: _workbook("xl/workbook.xml", lambda data: data[:-30]),
        "book.xlsx: not a readable .xlsx workbook (ParseError: unclosed token: line 1, column 627)",
    ),
    # CSV bundles
    "csv header of 100,000 columns": (
        "wide",
        lambda: _wide_header(100_000),
        "wide/entities.csv:1:16385: a row of 100,003 cells (at most 16,384)",
    ),
    "csv header of 600 named columns": (
        "wide",
        lambda: _wide_header(600),
        "wide/entities.csv:1:501: more than 500 named columns: a case table has a few dozen",
    ),
}


def _make(folder: Path, name: str, content: Content) -> Path:
    path = folder / name
    if isinstance(content, dict):
        path.mkdir()
        for member, text in content.items():
            (path / member).write_text(text, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return path


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_exact_error_line(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name, content, expected = CASES[case]
    monkeypatch.chdir(tmp_path)
    _make(tmp_path, name, content())

    with pytest.raises(LoadError) as caught:
        read(name)

    assert str(caught.value) == expected


def test_an_unused_alias_bomb_is_never_expanded(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(_yaml_bomb(used=False), encoding="utf-8")
    assert len(path.read_bytes()) < 500
    assert read(path).entities == (Entity("p1", "Person", "Li"),)


@pytest.mark.parametrize("case", ["yaml date 29 Feb", "json nested 1,100 deep", "ftm datasets 5", "xlsx deflate error"])
def test_the_cli_prints_the_line(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name, content, expected = CASES[case]
    monkeypatch.chdir(tmp_path)
    _make(tmp_path, name, content())

    result = CliRunner().invoke(cli, ["load", name, "--store", "case.db"])

    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {expected}\n")
    assert not Path("case.db").exists()


def test_bad_input_writes_nothing(store: Store, tmp_path: Path) -> None:
    load([FIXTURES / "csv" / "case-a"], store)
    before = (list(store.entities()), list(store.relations()))
    for number, (name, content, _) in enumerate(CASES.values()):
        folder = tmp_path / str(number)
        folder.mkdir()
        with pytest.raises(LoadError):
            load([FIXTURES / "csv" / "case-b", _make(folder, name, content())], store)
        assert (list(store.entities()), list(store.relations())) == before
