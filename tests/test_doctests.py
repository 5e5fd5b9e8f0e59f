"""The runnable examples in the installed modules' docstrings."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import encircle.cli
import encircle.graph
import encircle.loaders
import encircle.queries
import encircle.web


def _modules() -> list[str]:
    names = []
    for package in (encircle.graph, encircle.loaders, encircle.queries, encircle.web, encircle.cli):
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return names


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
