"""OCDS: release packages, record packages, JSON Lines and folders -> exact records, errors
at file:line:col, and loads on both stores. The OCDS fictional example (BSD-3, Open
Contracting Partnership) is read from ../shared/data/, never copied here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from encircle.graph.errors import LoadError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.loaders import Bundle, load, read
from encircle.loaders.ftm import read_ftm
from encircle.loaders.ocds import read_ocds
from encircle.loaders.registry import reader_for
from encircle.queries.detection import detect

OCID = "ocds-213czf-000-00001"


@pytest.fixture
def fictional(shared_data: Callable[[str], Path]) -> Path:
    """The OCDS fictional example (outside the repository, in ../shared/data)."""
    return shared_data("ocds-fictional-example")


BARNET = Entity(
    "GB-LAC-E09000003",
    "PublicBody",
    "London Borough of Barnet",
    country="United Kingdom",
    registration_number="GB-LAC-E09000003",
    source=f"OCDS {OCID}",
)
ANYCORP = Entity(
    "GB-COH-11111111.0",
    "Company",
    "AnyCorp Cycle Provision",
    aliases=("AnyCorp Ltd",),
    country="United Kingdom",
    registration_number="GB-COH-11111111.0",
    source=f"OCDS {OCID}",
)
BETA = Entity(
    "GB-COH-22222222.0",
    "Company",
    "Beta Corp Construction",
    aliases=("Beta Corp Ltd",),
    country="United Kingdom",
    registration_number="GB-COH-22222222.0",
    source=f"OCDS {OCID}",
)
CYCLE_LANES = Relation(
    f"ocds:{OCID}:{OCID}-award-01:GB-COH-11111111.0",
    "APPROVED",
    "GB-LAC-E09000003",
    "GB-COH-11111111.0",
    date="2010-05-10",
    amount=11000000.0,
    currency="GBP",
    kind="contract",
    body_id="GB-LAC-E09000003",
    procedure="open",  # stated by the tender releases; the award releases leave it out: merged
    planned_procedure="open",  # the planning release's
    bidders=2,
    source=f"OCDS {OCID}",
    extra={
        "ocid": OCID,
        "award_id": f"{OCID}-award-01",
        "title": "Award of contract to build new cycle lanes in the centre of town.",
    },
)


def test_the_fictional_example_gives_its_bodies_firms_and_decision(fictional: Path) -> None:
    expected = Bundle((BARNET, ANYCORP, BETA), (CYCLE_LANES,))
    assert read(fictional) == expected  # the folder: six release files and the package of all six
    assert read(fictional / f"{OCID}.json") == expected  # the package alone
    # the award release alone: no planning release, no stated method (it is in the tender release)
    award = read(fictional / f"{OCID}-04-award.json")
    assert [(r.date, r.procedure, r.planned_procedure, r.bidders) for r in award.relations] == [
        ("2010-05-10", None, None, 2)
    ]


def test_the_fictional_example_loads_on_both_stores_and_twice_changes_nothing(fictional: Path, store: Store) -> None:
    summary, _ = load([fictional], store)
    assert (summary.entities, summary.new_entities, summary.relations, summary.new_relations) == (3, 3, 1, 1)
    assert (tuple(store.entities()), tuple(store.relations())) == ((ANYCORP, BETA, BARNET), (CYCLE_LANES,))
    summary, _ = load([fictional / f"{OCID}.json"], store)
    assert (summary.new_entities, summary.new_relations) == (0, 0)
    assert tuple(store.relations()) == (CYCLE_LANES,)


def test_json_lines_an_open_tender_switched_to_limited_and_a_direct_award(fixtures: Path) -> None:
    bundle = read(fixtures / "ocds" / "releases.jsonl")
    file = str(fixtures / "ocds" / "releases.jsonl")
    body = dict(type="PublicBody", source="OCDS ocds-test-002")
    firm = dict(type="Company", source="OCDS ocds-test-002")
    assert bundle.entities == (
        Entity(
            "XX-GOV-B12",
            "PublicBody",
            "Bureau 12",
            aliases=("Municipal Bureau No. 12",),
            country="Lanshan",
            registration_number="XX-GOV-B12",
            source="OCDS ocds-test-001",
        ),
        Entity(
            "XX-REG-91000001",
            "Company",
            "Guangming Lighting",
            aliases=("Guangming Lighting Co. Ltd.",),
            registration_number="XX-REG-91000001",
            source="OCDS ocds-test-001",
        ),
        Entity("ocds-test-002/ministry", name="Health Ministry", **body),  # no identifier: the party id, per process
        Entity("XX-GOV-CPA", name="Central Purchasing Agency", registration_number="XX-GOV-CPA", **body),
        Entity("XX-REG-91000002", name="Alpha Medical", registration_number="XX-REG-91000002", **firm),
        Entity("XX-REG-91000003", name="Beta Pharma", registration_number="XX-REG-91000003", **firm),
    )
    masks = dict(
        type="APPROVED",
        source_id="XX-GOV-CPA",  # the procuring entity decides ...
        date="2020-02-01",
        amount=120000.5,
        currency="EUR",
        kind="contract",
        body_id="ocds-test-002/ministry",  # ... for the buyer
        procedure="single_source",
        bidders=2,  # no numberOfTenderers: the tenderers listed
        source="OCDS ocds-test-002",
    )
    assert bundle.relations == (
        Relation(
            "ocds:ocds-test-001:a1:XX-REG-91000001",
            "APPROVED",
            "XX-GOV-B12",
            "XX-REG-91000001",
            date="2019-05-20",
            amount=8000000.0,
            currency="CNY",
            kind="contract",
            body_id="XX-GOV-B12",
            procedure="negotiated",  # limited, after the amendment
            planned_procedure="open",  # the planning release said open
            bidders=1,
            source="OCDS ocds-test-001",
            extra={"ocid": "ocds-test-001", "award_id": "a1", "title": "Lighting contract"},
        ),
        Relation(
            "ocds:ocds-test-002:a1:XX-REG-91000002",
            target_id="XX-REG-91000002",
            extra={"ocid": "ocds-test-002", "award_id": "a1", "title": "Masks"},
            **masks,
        ),
        Relation(
            "ocds:ocds-test-002:a1:XX-REG-91000003",
            target_id="XX-REG-91000003",
            extra={"ocid": "ocds-test-002", "award_id": "a1", "title": "Masks"},
            **masks,
        ),
    )
    assert bundle.warnings == (
        f"{file}: skipped 1 awards with status cancelled",
        f"{file}: skipped parties with roles encircle does not map (payer 1)",
    )
    origin = bundle.relations[0].origin
    assert origin is not None and (origin.file, origin.line) == (file, 1)  # the process's first release


def test_a_record_package_uses_the_compiled_release_and_plans_from_embedded_releases(fixtures: Path) -> None:
    file = fixtures / "ocds" / "record-package.json"
    bundle = read(file)
    assert [(e.id, e.type, e.name) for e in bundle.entities] == [
        ("XX-GOV-WB", "PublicBody", "Water Board"),
        ("ocds-test-003/w", "Company", "Clearwater Ltd"),
    ]
    [pipes] = bundle.relations
    assert (pipes.date, pipes.amount, pipes.currency, pipes.procedure, pipes.planned_procedure, pipes.bidders) == (
        "2021-03-01",
        450000.0,
        "USD",
        "invited",  # selective
        "open",  # the embedded planning release
        3,
    )
    assert bundle.warnings == (f"{file}: skipped 1 records without a compiled release or embedded releases",)


def test_a_release_package_of_ocds_1_0_references_and_an_undated_award(fixtures: Path) -> None:
    bundle = read(fixtures / "ocds" / "release-package.json")
    assert [(e.id, e.type, e.name, e.aliases) for e in bundle.entities] == [
        ("XX-GOV-ROADS", "PublicBody", "Roads Department", ()),
        ("XX-REG-91000009", "Company", "Asphalt Company", ("Asphalt Co.",)),
    ]
    [award] = bundle.relations
    assert (award.source_id, award.target_id, award.date, award.procedure, award.bidders) == (
        "XX-GOV-ROADS",
        "XX-REG-91000009",
        None,  # no award date: the decision loads, its date unknown
        "open",
        4,
    )


def test_ocds_beside_a_case_bundle_links_posts_and_gifts_to_its_bodies_and_firms(
    fixtures: Path, write_bundle, store: Store
) -> None:
    case = write_bundle("case", "li,Person,Li Hong,official,,case\nboss,Person,Boss Wang,businessperson,,case\n")
    (case / "relations.csv").write_text(
        "id,type,source_id,target_id,date,start_date,role,amount\n"
        "post-li,HOLDS_POST,li,XX-GOV-B12,,2015,director,\n"
        "own-boss,OWNS,boss,XX-REG-91000001,,,,\n"
        "gift-1,GIFT,boss,li,2019-02,,,500000\n",
        encoding="utf-8",
    )
    summary, _ = load([fixtures / "ocds" / "releases.jsonl", case], store)
    assert (summary.new_entities, summary.new_relations) == (8, 6)
    linked = {r.id: (r.source_id, r.target_id) for r in store.relations() if r.type != "APPROVED"}
    assert linked == {
        "gift-1": ("boss", "li"),
        "own-boss": ("boss", "XX-REG-91000001"),
        "post-li": ("li", "XX-GOV-B12"),
    }
    # The detectors run on decisions made by bodies, alike on both stores: Bureau 12's award
    # is attributed to Li Hong, who led it on 2019-05-20, so the switch from open to limited
    # with one bidder, after Boss Wang's gift to him, is bid rigging.
    assert [(f.tactic, f.verdict, f.score, f.relations) for f in detect(store)] == [
        ("bid_rigging", "flagged", 0.64, ("post-li", "ocds:ocds-test-001:a1:XX-REG-91000001", "gift-1")),
        ("direct_transaction", "flagged", 0.6922, ("gift-1", "post-li", "ocds:ocds-test-001:a1:XX-REG-91000001")),
        (
            "interest_group",
            "not_flagged",
            0.4586,
            ("gift-1", "post-li", "ocds:ocds-test-001:a1:XX-REG-91000001", "own-boss"),
        ),
    ]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_lines(path: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        read(path)
    return str(caught.value).splitlines()


def test_every_bad_value_of_json_lines_at_its_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.jsonl",
        '{"ocid": "x-1", "id": "r1", "awards": [{"id": "a", "date": "2019-13-01", "value": {"amount": -5}}]}\n'
        '{"ocid": "x-1", "id": "r2",, }\n'
        '{"id": "r3"}\n'
        '{"ocid": "x-2", "tender": {"numberOfTenderers": 1.5}}\n',
    )
    assert error_lines(path) == [
        f"{path}:1:60: malformed date '2019-13-01': month must be in 1..12",
        f"{path}:1:94: malformed amount -5: expected a non-negative number",
        f"{path}:2:28: invalid JSON: Expecting property name enclosed in double quotes",
        f"{path}:3:1: an OCDS release must be an object with an 'ocid'",
        f"{path}:4:49: malformed count 1.5: expected a whole number",
    ]


def test_every_bad_value_of_a_package_at_its_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.json",
        '{"uri": "x",\n'
        ' "releases": [\n'
        '  {"ocid": "x-3", "id": "r1",\n'
        '   "awards": [\n'
        '     {"id": "a1", "date": "2019-01-01"},\n'
        '     {"id": "a2",\n'
        '      "date": "yesterday"}]},\n'
        '  {"ocid": "x-3", "id": "r2", "awards": {"id": "a3"}}\n'
        " ]}\n",
    )
    assert error_lines(path) == [
        f"{path}:7:15: malformed date 'yesterday': expected YYYY, YYYY-MM or YYYY-MM-DD",
        f"{path}:8:41: 'awards' must be a list",
    ]
    broken = write(tmp_path, "broken.json", '{"releases": [\n  {"ocid": "x"},\n  {"ocid": "y"\n')
    assert error_lines(broken) == [f"{broken}:4:1: invalid JSON: Expecting ',' delimiter"]


def test_a_compiled_release_with_an_ocid_of_its_own_that_is_no_string(tmp_path: Path) -> None:
    # Found by the fuzz long run: it ended in a traceback (an unhashable ocid).
    path = write(
        tmp_path,
        "record.json",
        '{"records": [{"ocid": "x-1", "compiledRelease": {"ocid": {"a": 1}, "id": "c1"}}]}\n',
    )
    assert error_lines(path) == [f"{path}:1:49: an OCDS release's 'ocid' must be a string"]


def test_inputs_beyond_the_limits_are_one_error_line_each(tmp_path: Path) -> None:
    """As every loader (loaders/limits.py): JSON nested more than 100 levels deep, a
    number of more than 4,000 digits, a lone surrogate; the other lines are still read."""
    deep = "[" * 101 + "]" * 101
    bad_date = '{"ocid": "x-1", "awards": [{"id": "a", "date": "yesterday"}]}'
    column = bad_date.index('"yesterday"') + 1
    lines = write(
        tmp_path,
        "limits.jsonl",
        f'{{"ocid": "x-1", "tag": {deep}}}\n'
        f'{{"ocid": "x-1", "tender": {{"numberOfTenderers": {"9" * 4001}}}}}\n'
        '{"ocid": "x-1", "parties": [{"id": "p", "name": "\\ud800"}]}\n'
        f"{bad_date}\n",
    )
    assert error_lines(lines) == [
        f"{lines}:1:123: invalid JSON: nested more than 100 levels deep",  # the object is the first level
        f"{lines}:2:49: invalid JSON: a number of 4,001 digits (at most 4,000)",
        f"{lines}:3:1: lone surrogate '\\ud800' in a value: not valid Unicode",
        f"{lines}:4:{column}: malformed date 'yesterday': expected YYYY, YYYY-MM or YYYY-MM-DD",
    ]
    # in a package, a release nested deeper than Python's parser recurses ends the file
    package = write(tmp_path, "deep.json", '{"releases": [{"ocid": "x", "tag": ' + "[" * 5000 + "]" * 5000 + "}]}")
    assert error_lines(package) == [f"{package}:1:135: invalid JSON: nested more than 100 levels deep"]
    surrogate = write(tmp_path, "s.json", '{"releases": [\n {"ocid": "x", "parties": [{"id": "\\udc00"}]}]}')
    assert error_lines(surrogate) == [f"{surrogate}:2:2: lone surrogate '\\udc00' in a value: not valid Unicode"]


def test_a_package_is_read_a_block_at_a_time_with_the_same_records_and_positions(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def release(n: int, award_date: str = "2020-02-01") -> str:
        parties = f'[{{"id": "b", "name": "Body", "roles": ["buyer"]}}, {{"id": "s{n}", "name": "Firm {n}"}}]'
        award = f'{{"id": "a{n}", "date": "{award_date}", "value": {{"amount": {n}}}, "suppliers": [{{"id": "s{n}"}}]}}'
        return (
            f'{{"ocid": "big-{n % 50}", "id": "r{n}", "date": "2020-01-01", "parties": {parties}, "awards": [{award}]}}'
        )

    def package(releases: list[str]) -> str:
        return '{"publisher": {"name": "x"}, "releases": [\n' + ",\n".join(releases) + '\n], "version": "1.1"}'

    big = write(tmp_path, "big.json", package([release(n) for n in range(2000)]))  # release n on line n + 2
    whole = read(big)
    assert (len(whole.entities), len(whole.relations)) == (2050, 2000)  # 50 bodies (one per process), 2000 firms
    assert [r.origin.line for r in whole.relations if r.origin and r.target_id.endswith(("/s0", "/s1"))] == [2, 3]
    records = fixtures / "ocds" / "record-package.json"
    record_bundle = read(records)
    monkeypatch.setattr("encircle.loaders.jsonstream.BLOCK", 64)  # a window far smaller than a release
    assert read(big) == whole
    assert read(records) == record_bundle
    bad = write(tmp_path, "bad.json", package([*map(release, range(1999)), release(1999, "2020-02-31")]))
    column = release(1999).index('"2020-02-01"') + 1
    assert error_lines(bad) == [f"{bad}:2001:{column}: malformed date '2020-02-31': day is out of range for month"]


def test_a_line_of_json_lines_may_hold_a_package_of_releases_without_ids(tmp_path: Path) -> None:
    buyer = '"buyer": {"id": "b", "name": "Board"}'
    tender = '{"ocid": "p-1", "date": "2020-01", ' + buyer + ', "tender": {"procurementMethod": "open"}}'
    award = '{"ocid": "p-1", "date": "2020-02", "awards": [{"id": "a", "suppliers": [{"id": "s", "name": "Firm"}]}]}'
    path = write(tmp_path, "packages.jsonl", f'{{"releases": [{tender}, {award}]}}\n')
    # two releases of one process on one line, neither with an id: both are read, and merge
    assert [(r.source_id, r.target_id, r.procedure) for r in read(path).relations] == [("p-1/b", "p-1/s", "open")]


def test_which_reader_takes_which_file(fixtures: Path, tmp_path: Path) -> None:
    assert reader_for(fixtures / "ocds" / "releases.jsonl") is read_ocds
    assert reader_for(fixtures / "ocds") is read_ocds  # a folder of OCDS files is one input
    assert reader_for(fixtures / "ftm" / "small.ftm.jsonl") is read_ftm  # JSON lines without an ocid
    case = write(tmp_path, "case.json", '{"entities": [{"id": "p", "type": "Person", "name": "P"}]}')
    assert read(case).entities == (Entity("p", "Person", "P"),)
