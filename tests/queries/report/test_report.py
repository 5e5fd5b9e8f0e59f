"""The findings report on the demo case: its files, their content, escaping, determinism,
and the `encircle report` command."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.errors import EncircleError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection import TACTICS, detect
from encircle.queries.report import NOTICE, ReportFiles, write_report

ROUNDABOUT = "roundabout-92718fffd6"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "encircle.db"
    with open_store(str(db)) as store:
        load([demo_bundle()], store)
    return db


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Store]:
    with open_store(str(demo_db)) as store:
        yield store


@pytest.fixture(scope="module")
def written(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    with open_store(str(demo_db)) as store:
        return write_report(store, tmp_path_factory.mktemp("report"))


def test_writes_the_three_files_and_a_view_per_flagged_finding(written: ReportFiles) -> None:
    folder = written.folder
    assert (written.json, written.markdown, written.html) == (
        folder / "findings.json",
        folder / "report.md",
        folder / "report.html",
    )
    assert all(p.is_file() for p in (written.json, written.markdown, written.html))
    flagged = sorted(f.id for f in written.findings if f.verdict == "flagged")
    assert len(flagged) == 16
    assert [p.name for p in written.views] == [f"{i}.html" for i in flagged]
    shared = ["encircle-view.js", "vis-network.css", "vis-network.min.js"]
    assert sorted(p.name for p in (folder / "views").iterdir()) == sorted([f"{i}.html" for i in flagged] + shared)
    sizes = [p.stat().st_size for p in written.views]
    assert max(sizes) < 60_000  # vis-network (700 KB) is not in each view
    page = written.views[0].read_text(encoding="utf-8")
    assert '<script nonce="' in page and 'src="vis-network.min.js"></script>' in page


def test_findings_json_is_every_finding_in_detect_order(written: ReportFiles, demo: Store) -> None:
    document = json.loads(written.json.read_text(encoding="utf-8"))
    assert list(document) == ["generated_from", "confirmed_only", "notice", "coverage", "findings"]
    assert (document["generated_from"], document["confirmed_only"], document["notice"]) == (
        demo.location,
        False,
        NOTICE,
    )
    expected = json.loads(json.dumps([{**f.to_dict(), "reviews": []} for f in detect(demo)]))
    assert document["findings"] == expected
    assert {f["verdict"] for f in document["findings"]} == {"flagged", "not_flagged"}


def test_html_has_the_notice_every_tactic_and_every_flagged_finding(written: ReportFiles) -> None:
    page = written.html.read_text(encoding="utf-8")
    assert html.escape(NOTICE) in page
    for tactic in TACTICS:
        assert f'<section class="tactic" id="tactic-{tactic}">' in page
        assert f'<a href="#tactic-{tactic}">{tactic}</a>' in page
    for finding in written.findings:
        assert f'id="{finding.id}"' in page
    assert "Why it is a red flag." in page
    assert "interest groups &#34;first capture people around leading cadres" in page  # roundabout's why


def test_html_is_self_contained(written: ReportFiles) -> None:
    page = written.html.read_text(encoding="utf-8")
    assert 'src="http' not in page and 'href="http' not in page
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page and "<link" not in page
    assert "<style>" in page


def test_html_links_each_flagged_finding_to_its_view_on_disk(written: ReportFiles) -> None:
    page = written.html.read_text(encoding="utf-8")
    links = re.findall(r'href="(views/[^"]+)"', page)
    assert sorted(links) == sorted(f"views/{f.id}.html" for f in written.findings if f.verdict == "flagged")
    assert all((written.folder / link).is_file() for link in links)


def test_html_marks_alleged_steps(written: ReportFiles) -> None:
    page = written.html.read_text(encoding="utf-8")
    row = re.search(r'<tr class="alleged">.*?gift-leixin-longteng.*?</tr>', page)
    assert row is not None
    assert '<span class="status alleged">alleged</span>' in row.group()


def test_markdown_shows_the_roundabout_timeline(written: ReportFiles) -> None:
    lines = written.markdown.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"### {ROUNDABOUT}: flagged, score 0.68")
    table = lines.index("| date | who | what | amount | to whom | status | source | record id |", start)
    assert lines[start + 4] == (
        "Score 0.6819 = channel +0.3, breadth +0.1, value +0.2, exclusivity +0.2, timing +0.1741, "
        "evidence_status -0.2922"
    )
    assert lines[table + 2 : table + 10] == [
        "| 2016-01 | 徐涛 (p-xu) | EMPLOYED_BY secretary |  | 周平 (p-zhou) | confirmed | LS-06 §3 | emp-xu |",
        "| 2016-09 | 钱磊 (p-qian) | GIFT cash | 200,000 CNY | 徐涛 (p-xu) | confirmed | LS-06 §7 | gift-qian-xu-1 |",
        "| 2016-11 | 周小龙 (p-zhou-son) | DIRECTS legal representative |  | 龙腾咨询有限公司 (co-longteng) "
        "| confirmed | LS-06 §4 | dir-zhou-son |",
        "| 2016-11 | 周小龙 (p-zhou-son) | OWNS |  | 龙腾咨询有限公司 (co-longteng) "
        "| confirmed | LS-06 §4 | own-zhou-son |",
        "| 2017-02 | 钱磊 (p-qian) | GIFT shopping card | 50,000 CNY | 徐涛 (p-xu) "
        "| confirmed | LS-06 §7 | gift-qian-xu-2 |",
        "| 2017-04-10 | 磊鑫新能源有限公司 (co-leixin) | GIFT consulting fee | 3,000,000 CNY "
        "| 龙腾咨询有限公司 (co-longteng) | **alleged** | LS-06 §8 (consulting fee for no work) "
        "| gift-leixin-longteng |",
        "| 2017-08-30 | 周平 (p-zhou) | APPROVED subsidy | 45,000,000 CNY | 磊鑫新能源有限公司 (co-leixin) "
        "| confirmed | LS-06 §5 | appr-zhou-leixin |",
        "|  | 周小龙 (p-zhou-son) | RELATIVE_OF child |  | 周平 (p-zhou) | confirmed | LS-06 §4 | kin-zhou-son |",
    ]
    assert lines[table + 10] == ""
    assert f"Interactive view: [views/{ROUNDABOUT}.html](views/{ROUNDABOUT}.html)" in lines


def test_markdown_counts_by_tactic_and_verdict(written: ReportFiles) -> None:
    text = written.markdown.read_text(encoding="utf-8")
    assert text.startswith(f"# encircle report\n\n> {NOTICE}\n")
    assert "| roundabout | 1 | 0 | 1 | 2 |" in text
    assert "| **all** | 16 | 0 | 9 | 25 |" in text
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Summary",
        *(f"## {t}" for t in TACTICS),
    ]


def test_same_store_gives_the_same_bytes(demo: Store, tmp_path: Path) -> None:
    first, second = write_report(demo, tmp_path / "a"), write_report(demo, tmp_path / "b")
    for name in ("findings.json", "report.md", "report.html"):
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name
    for a, b in zip(first.views, second.views, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_the_report_files_are_synced_to_disk_and_the_views_are_not(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or real_fsync(fd))
    written = write_report(demo, tmp_path)
    targets = {re.sub(r"^\.(.*)\.[^.]+\.tmp$", r"\1", Path(name).name) for name in synced}  # ".report.md.x1y2.tmp"
    assets = {path.name for path in (tmp_path / "views").iterdir() if not path.name.endswith(".html")}
    assert targets == {"findings.json", "report.md", "report.html"} | assets
    assert written.views and all(view.is_file() for view in written.views)


def test_rewriting_keeps_unchanged_views_and_redraws_the_others(demo: Store, tmp_path: Path) -> None:
    first = write_report(demo, tmp_path)
    kept, spoiled = first.views[0], first.views[-1]
    before = kept.stat()
    drawn = spoiled.read_bytes()
    spoiled.write_text("edited by hand", encoding="utf-8")

    second = write_report(demo, tmp_path)

    assert second.views == first.views
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert spoiled.read_bytes() == drawn


def test_rewriting_removes_views_of_findings_no_longer_flagged(demo: Store, tmp_path: Path) -> None:
    stale = tmp_path / "views" / "roundabout-0000000000.html"
    keep = tmp_path / "views" / "notes.html"
    stale.parent.mkdir()
    stale.write_text("old", encoding="utf-8")
    keep.write_text("mine", encoding="utf-8")
    write_report(demo, tmp_path)
    assert not stale.exists() and keep.exists()


def test_confirmed_only_drops_alleged_steps(demo: Store, tmp_path: Path) -> None:
    files = write_report(demo, tmp_path, confirmed_only=True)
    document = json.loads(files.json.read_text(encoding="utf-8"))
    assert document["confirmed_only"] is True
    statuses = {s["status"] for f in document["findings"] for c in f["evidence"] for s in c["steps"]}
    assert statuses == {"confirmed"}
    text = files.markdown.read_text(encoding="utf-8")
    assert "(confirmed relations only)" in text
    assert "gift-leixin-longteng" not in text and "**alleged**" not in text
    assert '<tr class="alleged">' not in files.html.read_text(encoding="utf-8")


def test_reviews_show_in_all_three_files_and_survive_detection(demo_db: Path, tmp_path: Path) -> None:
    from encircle.queries.reviews import add_review

    db = tmp_path / "reviewed.db"
    db.write_bytes(demo_db.read_bytes())
    with open_store(str(db)) as store:
        add_review(store, ROUNDABOUT, "needs_more", "ask the bank", reviewer="ana")
        add_review(store, ROUNDABOUT, "confirmed", f"records match {HOSTILE_IMG}", reviewer="bo")
        files = write_report(store, tmp_path / "report", views=False)
    document = json.loads(files.json.read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in document["findings"]}
    reviews = by_id[ROUNDABOUT]["reviews"]
    assert [(r["status"], r["note"], r["reviewer"]) for r in reviews] == [
        ("needs_more", "ask the bank", "ana"),
        ("confirmed", f"records match {HOSTILE_IMG}", "bo"),
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", reviews[0]["at"])
    assert all(f["reviews"] == [] for i, f in by_id.items() if i != ROUNDABOUT)
    text = files.markdown.read_text(encoding="utf-8")
    assert f"- {reviews[0]['at']} ana: needs more work (ask the bank)" in text
    assert f"- {reviews[1]['at']} bo: confirmed (records match \\<img src=x onerror=alert(1)\\>)" in text
    page = files.html.read_text(encoding="utf-8")
    assert '<h4>Reviews <span class="review confirmed">confirmed</span></h4>' in page
    assert "records match &lt;img src=x onerror=alert(1)&gt;" in page and HOSTILE_IMG not in page


def hostile_store(path: Path) -> Store:
    store = open_store(str(path))
    store.write(
        [
            Entity("giver", "Person", HOSTILE_IMG, roles=("businessperson",)),
            Entity("firm", "Company", "Firm | Co\nLtd"),
            Entity("official", "Person", HOSTILE_SCRIPT, roles=("official",)),
        ],
        [
            Relation("own", "OWNS", "giver", "firm"),
            Relation(
                "g1",
                "GIFT",
                "giver",
                "official",
                date="2017-02-10",
                amount=500000.0,
                source="<b>case</b> | §7\nnext",
                status="alleged",
            ),
            Relation("a1", "APPROVED", "official", "firm", date="2017-09-15", kind="land"),
        ],
    )
    return store


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    with hostile_store(tmp_path / "hostile.db") as store:
        files = write_report(store, tmp_path / "report")
    assert [f.verdict for f in files.findings if f.tactic == "direct_transaction"] == ["flagged"]
    page = files.html.read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script" not in page and "<b>case" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;case&lt;/b&gt; | §7\nnext" in page
    text = files.markdown.read_text(encoding="utf-8")
    assert re.search(r"(?<!\\)<", text) is None  # every "<" is backslash-escaped: no raw HTML
    row = next(line for line in text.splitlines() if line.endswith("| g1 |"))
    assert row == (
        "| 2017-02-10 | \\<img src=x onerror=alert(1)\\> (giver) | GIFT | 500,000 "
        "| \\</script\\>\\<script\\>alert(1)\\</script\\> (official) | **alleged** "
        "| \\<b\\>case\\</b\\> \\| §7 next | g1 |"
    )
    assert "Firm \\| Co Ltd (firm)" in text


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_command_writes_and_says_where(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("report", "--store", str(demo_db), "-o", str(out))
    assert (code, stderr) == (0, "")
    lines = stdout.splitlines()
    assert lines[0] == "25 findings, 16 flagged (leads, not verdicts):"
    assert "  roundabout               1 flagged (1 not flagged)" in lines
    assert "  interest_group           1 flagged (5 not flagged)" in lines
    assert lines[-4:] == [
        f"wrote {out / 'report.html'}",
        f"      {out / 'report.md'}",
        f"      {out / 'findings.json'}",
        f"      {out / 'views'}/ (16 interactive views)",
    ]
    assert (out / "report.html").is_file()


def test_report_command_confirmed_only(demo_db: Path, tmp_path: Path) -> None:
    code, _, _ = run("report", "--store", str(demo_db), "--confirmed-only", "-o", str(tmp_path))
    assert code == 0
    assert json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))["confirmed_only"] is True


def test_report_command_help_has_an_example() -> None:
    code, stdout, _ = run("report", "--help")
    assert code == 0 and "Example:" in stdout and "encircle report --store case.db -o case-report" in stdout


def test_report_command_on_a_bad_store_is_one_line_and_exit_1(tmp_path: Path) -> None:
    code, stdout, stderr = run("report", "--store", str(tmp_path), "-o", str(tmp_path / "out"))
    assert (code, stdout) == (1, "")
    assert stderr.count("\n") == 1 and stderr.startswith("error: cannot open SQLite store")
    assert not (tmp_path / "out").exists()


def test_report_command_refuses_a_file_as_output(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("", encoding="utf-8")
    code, stdout, stderr = run("report", "--store", str(demo_db), "-o", str(target))
    assert (code, stdout) == (2, "")
    assert f"Directory '{target}' is a file" in stderr


def test_write_report_into_a_file_is_an_encircle_error(demo: Store, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("", encoding="utf-8")
    with pytest.raises(EncircleError, match=f"^cannot write {re.escape(str(target))}: File exists$"):
        write_report(demo, target)
