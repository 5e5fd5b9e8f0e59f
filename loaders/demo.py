"""The demo case shipped with encircle: fictional records with one instance of each
capture tactic and innocent decoys (see demo_case/README.md)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["demo_bundle"]


def demo_bundle() -> Path:
    """Folder of the demo CSV bundle (entities.csv, relations.csv, README.md)."""
    return Path(str(files("encircle.loaders").joinpath("demo_case")))
