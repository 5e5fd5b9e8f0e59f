"""`xref` on real records: the German party donations as a FollowTheMoney stream, read
from ../shared/data (never copied into the repository)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.queries.resolution import xref

DONATIONS = "de-party-donations-ftm/donations.ftm.jsonl"  # outside data: ../shared/data


@pytest.fixture
def donations(shared_data: Callable[[str], Path]) -> Path:
    return shared_data(DONATIONS)


def test_xref_proposes_the_same_donor_spelled_twice(donations: Path, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "de.db")) as store:
        load([donations], store)
        found = xref(store)
    assert [(c.names, c.score) for c in found.candidates] == [
        (("Dr. Rath Health Programms B.V.", "Dr. Rath Health Programs B.V."), 0.7829),
        (("Bayerische Motorenwerke (BMW) AG", "Bayerische Motorenwerke AG"), 0.7),
        (("Frau Johanna Quandt", "Johanna Quandt"), 0.7),
    ]
    assert found.candidates[2].reasons == (
        "same name once 'frau' is set aside: 'Frau Johanna Quandt', 'Johanna Quandt'",
    )
