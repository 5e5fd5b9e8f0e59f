"""interest_group: givers and officials bound together by benefit loops.

The specification is `detector`'s docstring; this folder holds everything else about
the tactic (see encircle.queries.detection.tactic)."""

from encircle.queries.detection.interest_group import detector, plant
from encircle.queries.detection.tactic import Tactic

__all__ = ["TACTIC"]

TACTIC = Tactic.of(detector, plant=plant.plant, decoy=plant.decoy)
