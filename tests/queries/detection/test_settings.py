"""The settings a finding records (findings.settings): asdict of the tactic's Parameters,
worked out once per set of parameters, a fresh dict for each finding."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from encircle.queries.detection.direct_transaction.detector import Parameters
from encircle.queries.detection.findings import settings


def test_settings_are_asdict_and_each_finding_gets_its_own_dict() -> None:
    chosen = Parameters(before_days=30)
    first, second = settings(chosen), settings(Parameters(before_days=30))
    assert first == second == asdict(chosen) == {"before_days": 30, "after_days": 365, "threshold": 0.5}
    first["threshold"] = 0.9  # one finding's dict changed: not the next one's
    assert settings(chosen)["threshold"] == 0.5
    assert settings(Parameters(before_days=31))["before_days"] == 31


@dataclass(frozen=True)
class Listed:
    kinds: list[str] = field(default_factory=lambda: ["cash"])


def test_parameters_that_cannot_be_hashed_are_copied_each_time() -> None:
    chosen = Listed()
    first = settings(chosen)
    first["kinds"].append("card")
    assert settings(chosen) == {"kinds": ["cash"]}
