"""The demo case end to end: every planted instance is flagged by its tactic, no rule-based
tactic flags a decoy, and detection is deterministic (loaders/demo_case/README.md)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from encircle.graph.stores import Store, open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle
from encircle.queries.detection import detect
from encircle.queries.detection.findings import Finding

PLANTED = {  # tactic -> the decisive relation of each planted instance
    "direct_transaction": {"appr-wang-desheng"},
    "friendship_investment": {"appr-aduo-shaowen"},
    "private_customization": {"appr-yu-weiye"},
    "roundabout": {"appr-zhou-leixin"},
    "bid_rigging": {"appr-chen-hengda"},
    "collective_capture": {"appr-xue-bank", "appr-song-bank", "appr-liu-bank"},
    "blacklist_evasion": {"appr-chen-xinyuan"},
}
DECOYS = {"gift-he-guo", "gift-fang-lin", "gift-tang-guo", "appr-chen-tang", "appr-wang-huiyuan", "gift-zhao-guo"}


@pytest.fixture(scope="module")
def findings() -> Iterator[list[Finding]]:
    with open_store(":memory:") as store:
        load([demo_bundle()], store)
        yield detect(store)


def flagged(findings: list[Finding], tactic: str) -> list[Finding]:
    return [f for f in findings if f.tactic == tactic and f.verdict == "flagged"]


@pytest.mark.parametrize("tactic", sorted(PLANTED))
def test_every_planted_instance_is_flagged(findings: list[Finding], tactic: str) -> None:
    hit = {r for f in flagged(findings, tactic) for r in f.relations}
    assert PLANTED[tactic] <= hit


def test_no_tactic_flags_a_decoy(findings: list[Finding]) -> None:
    for finding in findings:
        if finding.verdict == "flagged":
            assert not DECOYS & set(finding.relations), (finding.tactic, finding.relations)


def test_the_unreached_leader_is_not_in_the_collective_capture(findings: list[Finding]) -> None:
    [capture] = flagged(findings, "collective_capture")
    assert "p-hu" not in capture.entities and "胡静" in capture.explanation


def test_the_one_interest_group_is_the_bank_and_the_regulators_it_bought(findings: list[Finding]) -> None:
    [group] = flagged(findings, "interest_group")
    assert set(group.entities) == {"p-li", "co-bank", "p-xue", "p-song", "p-liu"}
    # every other planted ring is one official and one side: a loop reported, not a group
    rings = [set(f.entities) for f in findings if f.tactic == "interest_group" and f.verdict == "not_flagged"]
    for ring in ({"p-qian", "p-xu", "p-zhou"}, {"p-ma", "p-aduo"}, {"p-zhao", "p-wang"}):
        assert any(ring <= r for r in rings), ring


def test_detection_is_deterministic(findings: list[Finding], tmp_path_factory: pytest.TempPathFactory) -> None:
    store: Store = open_store(str(tmp_path_factory.mktemp("again") / "encircle.db"))
    load([demo_bundle()], store)
    assert [f.to_dict() for f in detect(store)] == [f.to_dict() for f in findings]
    store.close()
