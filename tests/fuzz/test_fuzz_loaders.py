"""Property-based tests of every loader (see fuzzing.py): a mutated valid input either
loads with valid values only, or fails with one error line and leaves the store as it
was. A few hundred inputs per format here; benchmarks/fuzz_benchmark.py runs thousands."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_spec = importlib.util.spec_from_file_location("encircle_fuzzing", Path(__file__).with_name("fuzzing.py"))
assert _spec is not None and _spec.loader is not None
fuzzing = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = fuzzing
_spec.loader.exec_module(fuzzing)

EXAMPLES = {"csv": 250, "yaml": 200, "json": 250, "ftm": 250, "xlsx": 120, "ocds": 250}


@pytest.mark.parametrize("kind", fuzzing.FORMATS)
def test_a_mutated_input_loads_valid_values_or_fails_with_one_line(kind: str) -> None:
    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        database=None,
        derandomize=True,  # the same inputs every run: a failure here reproduces
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(fuzzing.INPUTS[kind]())
    def loads_or_fails_cleanly(item: fuzzing.Input) -> None:
        with tempfile.TemporaryDirectory() as folder:
            fuzzing.check(item, Path(folder))

    loads_or_fails_cleanly()


@given(st.data())
@settings(max_examples=5, deadline=None, database=None)
def test_the_property_can_fail(data: st.DataObject) -> None:
    """The check is not vacuous: a record with an invalid value is reported."""
    from encircle.graph.records import Relation

    bad = Relation("r", "GIFT", "a", "b", date=data.draw(st.sampled_from(["0000", "2016-00", "٢٠١٦"])))
    assert fuzzing.invalid(bad) is not None
    assert fuzzing.invalid(Relation("r", "GIFT", "a", "b", date="2016", amount=float("inf"))) is not None
