"""collective_capture on Neo4j, in steps small enough for a server's transaction memory
(a ministry can have 20,000 posts): the bodies with two leaders or more
(``bodies.cypher``); a batch of bodies at a time, those with two reached leaders, ids
only (``reached.cypher``); their posts, a row each (``posts.cypher``); then each reached
leader's circle, counting gifts and approvals (``candidates.cypher``). An unreached
leader's relations are not needed: no gift into him or his circle can count, on the
server's superset test or, so, in the detector. Last, the sides of receivers and givers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from encircle.graph.records import Relation
from encircle.queries.detection.collective_capture.detector import reaches

if TYPE_CHECKING:
    from encircle.queries.detection.server import Extraction

__all__ = ["extract"]

BODY_BATCH = 100  # bodies per query: the server walks every leader's circle
BATCH = 1_000  # (body, leader) pairs per query, as the shared follow-up queries batch ids


def extract(job: Extraction, parameters: Any) -> None:
    """Fetch from the server what the detector reads, in small steps (see the module
    docstring): bodies with two reached leaders, their posts, each reached leader's circle,
    gifts and approvals, then the sides of receivers and givers (`parameters` is not used)."""
    bodies = [row["body"] for row in job.read("bodies")]
    reached = list(job.read_ids("reached", bodies, batch=BODY_BATCH))
    posts = job.read_ids("posts", (row["body"] for row in reached), batch=BODY_BATCH)
    job.add(row["relation"] for row in posts)
    pairs = sorted(({"body": row["body"], "leader": leader} for row in reached for leader in row["reached"]), key=_pair)
    job.add_rows(job.read_batches("candidates", pairs, BATCH))
    _add_sides(job)


def _pair(pair: Mapping[str, str]) -> tuple[str, str]:
    return pair["body"], pair["leader"]


def _add_sides(job: Extraction) -> None:
    """The side of every gift's receiver (a present from his own side is not capture),
    then the side of every giver whose gift reached a leader (givers are grouped into
    sides; approvals must be for the side). Which gifts reach a leader is the detector's
    own `reaches`, run on what is fetched so far: posts, circles, gifts and receivers'
    sides are all it reads, so its answer is already the whole case's."""
    gifts = [p for p in job.relations.values() if p["type"] == "GIFT"]
    job.add_sides({p["target_id"] for p in gifts})
    index = job.index(job.confirmed_only, with_entities=False)
    givers: set[str] = set()
    for body in {r.target_id for r in index.by_type.get("HOLDS_POST", [])}:
        posts: dict[str, list[Relation]] = {}
        for post in index.into(body, "HOLDS_POST"):
            posts.setdefault(post.source_id, []).append(post)
        givers.update(reach.gift.source_id for reach in reaches(index, posts))
    job.add_sides(givers)
