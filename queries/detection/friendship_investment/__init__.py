"""friendship_investment: years of rising, festive gifts, then a large approval ("boiled frog").

The specification is `detector`'s docstring; this folder holds everything else about
the tactic (see encircle.queries.detection.tactic)."""

from encircle.queries.detection.friendship_investment import detector, plant
from encircle.queries.detection.tactic import Tactic

__all__ = ["TACTIC"]

TACTIC = Tactic.of(detector, plant=plant.plant, decoy=plant.decoy)
