"""private_customization: gifts tailored to an official's or the family's hobbies, then an approval.

The specification is `detector`'s docstring; this folder holds everything else about
the tactic (see encircle.queries.detection.tactic)."""

from encircle.queries.detection.private_customization import detector, plant
from encircle.queries.detection.tactic import Tactic

__all__ = ["TACTIC"]

TACTIC = Tactic.of(detector, plant=plant.plant, decoy=plant.decoy)
