"""Hostile names never reach a terminal, a page or a file as they are: a right-to-left
override (U+202E), a terminal escape or a NUL is shown as an escape everywhere, and JSON
keeps the exact value as a JSON escape."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.loaders.demo import demo_bundle

# What must never be written raw: C0 controls but newline and tab, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NAME = "钱\u202e磊\x00\x1b[31m\r\nX\u2066"
SHOWN = "钱\\u202e磊\\x00\\x1b[31m\\x0d\\x0aX\\u2066"
SOURCE = "LS\x00-06\u202e §7"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo case with a hostile name for Qian Lei and a hostile source on his gifts."""
    folder = tmp_path_factory.mktemp("hostile")
    case = folder / "case"
    case.mkdir()
    for name in ("entities.csv", "relations.csv"):
        with (demo_bundle() / name).open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source))
        for row in rows:
            if name == "entities.csv" and row[0] == "p-qian":
                row[2] = NAME
            if name == "relations.csv" and row[-1] == "LS-06 §7":
                row[-1] = SOURCE
        with (case / name).open("w", encoding="utf-8", newline="") as target:
            csv.writer(target).writerows(rows)
    db = str(folder / "hostile.db")
    result = CliRunner().invoke(cli, ["load", str(case), "--store", db])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["detect"],
        ["detect", "--all"],
        ["paths", "p-qian", "p-zhou", "--all"],
        ["neighbors", "p-qian"],
        ["connect", "p-qian", "p-zhou", "p-xu"],
        ["groups"],
        ["brokers"],
    ],
)
def test_terminal_output_shows_escapes(hostile_db: str, command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--store", hostile_db])

    assert result.exit_code == 0, result.output
    assert not RAW.search(result.stdout)
    assert SHOWN in result.stdout


def test_a_path_line_exactly(hostile_db: str) -> None:
    result = CliRunner().invoke(cli, ["paths", "p-qian", "p-xu", "--type", "GIFT", "--store", hostile_db])
    assert f"  1. {SHOWN} (p-qian) -[GIFT cash 2016-09 200,000 CNY]-> 徐涛 (p-xu)  [confirmed; " in result.stdout
    assert "LS\\x00-06\\u202e §7; gift-qian-xu-1]" in result.stdout


@pytest.mark.parametrize("command", [["detect", "--json"], ["paths", "p-qian", "p-zhou", "--json"]])
def test_json_output_keeps_the_value_as_json_escapes(hostile_db: str, command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--store", hostile_db])

    assert result.exit_code == 0
    assert not RAW.search(result.stdout)
    assert any(NAME in text for text in _strings(json.loads(result.stdout)))  # the exact value


def test_report_and_views_show_escapes(hostile_db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "--store", hostile_db, "-o", str(tmp_path)])
    assert result.exit_code == 0

    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    findings = (tmp_path / "findings.json").read_text(encoding="utf-8")
    for text in (markdown, html, findings):
        assert not RAW.search(text)
    assert "LS\\\\x00-06\\\\u202e §7" in markdown  # the escape, its backslash escaped for Markdown
    assert "LS\\x00-06\\u202e §7" in html
    assert SOURCE in _strings(json.loads(findings))  # JSON keeps the value
    for view in (tmp_path / "views").glob("*.html"):
        data = view.read_text(encoding="utf-8").split('type="application/json"', 1)[1].split("</script>", 1)[0]
        assert not RAW.search(data)


def test_a_view_shows_escapes(hostile_db: str, tmp_path: Path) -> None:
    path = tmp_path / "qian.html"
    result = CliRunner().invoke(cli, ["view", "--around", "p-qian", "--store", hostile_db, "-o", str(path)])
    assert result.exit_code == 0
    data = path.read_text(encoding="utf-8").split('type="application/json"', 1)[1].split("</script>", 1)[0]
    assert not RAW.search(data)
    assert json.loads(data.split(">", 1)[1])["title"] == "Around 钱\\u202e磊\\x00\\x1b[31m\\x0d\nX\\u2066 (1 hop)"


def test_an_error_line_stays_one_line(tmp_path: Path) -> None:
    bundle = tmp_path / "case"
    bundle.mkdir()
    (bundle / "entities.csv").write_text('id,type,name\np1,"Per\nson\u202e",Li\n', encoding="utf-8")
    (bundle / "relations.csv").write_text("type,source_id,target_id\n", encoding="utf-8")

    result = CliRunner().invoke(cli, ["load", str(bundle), "--store", str(tmp_path / "x.db")])

    assert result.stderr.count("\n") == 1 and not RAW.search(result.stderr)
    assert "unknown entity type 'Per\\nson\\u202e'" in result.stderr
