"""direct_transaction: a giver's side pays an official who decides in its favour.

The specification is `detector`'s docstring; this folder holds everything else about
the tactic (see encircle.queries.detection.tactic)."""

from encircle.queries.detection.direct_transaction import detector, neo4j, plant
from encircle.queries.detection.tactic import Tactic

__all__ = ["TACTIC"]

TACTIC = Tactic.of(detector, extract=neo4j.extract, plant=plant.plant, decoy=plant.decoy)
