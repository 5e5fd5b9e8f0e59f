"""blacklist_evasion: a blacklisted briber keeps winning through a firm around it.

The specification is `detector`'s docstring; this folder holds everything else about
the tactic (see encircle.queries.detection.tactic)."""

from encircle.queries.detection.blacklist_evasion import detector, neo4j, plant
from encircle.queries.detection.tactic import Tactic

__all__ = ["TACTIC"]

TACTIC = Tactic.of(detector, extract=neo4j.extract, plant=plant.plant, decoy=plant.decoy)
