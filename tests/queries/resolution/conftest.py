"""Hand-built resolution cases: `earthcott` (an MP, her spouse's firm "Earthcott Limited",
and "Earthcott Ltd" with the same company number giving her a gift) and `leixin` (a
Chinese firm in three spellings, an official in Chinese and in pinyin, homophones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from encircle.graph.stores import Store
from encircle.loaders import load

CASES = Path(__file__).parents[2] / "fixtures" / "resolution"


@pytest.fixture
def earthcott(store: Store) -> Store:
    load([CASES / "earthcott"], store)
    return store


@pytest.fixture
def leixin(store: Store) -> Store:
    load([CASES / "leixin"], store)
    return store
