"""Reviews of findings: someone confirms a lead, dismisses it, or says it needs more work.

A review is an entry of the store's append-only ledger (graph/ledger.py): kind
``review``, key the finding id, author the reviewer, body ``{"status", "note"}``. Nothing
is updated or deleted: a finding's history is its reviews in the order written, and its
current status is the last one's. Finding ids hash the tactic, the entities and the
evidence (detection/findings.py), so a review still applies when detection runs again on
the same records. Reviews are annotations (ledger.ANNOTATIONS): writing one does not
invalidate what was computed from the graph.

>>> from encircle.graph.stores import open_store
>>> store = open_store(":memory:")
>>> _ = add_review(store, "roundabout-92718fffd6", "needs_more", "ask for LS-06 §7", reviewer="ana")
>>> _ = add_review(store, "roundabout-92718fffd6", "confirmed", "bank records match", reviewer="bo")
>>> [(r.status, r.reviewer) for r in reviews_of(store)["roundabout-92718fffd6"]]
[('needs_more', 'ana'), ('confirmed', 'bo')]
>>> current_status(reviews_of(store)["roundabout-92718fffd6"])
'confirmed'
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from encircle.graph.errors import QueryError
from encircle.graph.ledger import Entry
from encircle.graph.stores import Store

__all__ = [
    "KIND",
    "MAX_NOTE",
    "STATUSES",
    "STATUS_LABELS",
    "Review",
    "add_review",
    "check_review",
    "current_status",
    "default_reviewer",
    "reviews_of",
    "with_reviews",
]

KIND = "review"
STATUSES = ("confirmed", "dismissed", "needs_more")
STATUS_LABELS = {"confirmed": "confirmed", "dismissed": "dismissed", "needs_more": "needs more work"}
MAX_NOTE = 10_000  # characters; a note is a remark, not a document


@dataclass(frozen=True)
class Review:
    """One review of a finding: its status, the reviewer's note, who and when."""

    finding: str
    status: str
    note: str
    reviewer: str
    at: str  # UTC, ISO 8601 to the second

    def to_dict(self) -> dict[str, Any]:
        """The review as the JSON API and findings.json show it."""
        return {"status": self.status, "note": self.note, "reviewer": self.reviewer, "at": self.at}

    @classmethod
    def of(cls, entry: Entry) -> Review:
        """The review a ledger entry of kind ``review`` records."""
        body = entry.body
        return cls(entry.key, str(body.get("status", "")), str(body.get("note", "")), entry.author, entry.at)


def default_reviewer() -> str:
    """The operating-system user, as `--reviewer` defaults to."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown"


def check_review(status: str, note: str) -> None:
    """QueryError unless `status` is a review status and `note` is short enough."""
    if status not in STATUSES:
        raise QueryError(f"review status must be one of {', '.join(STATUSES)}, not {status!r}")
    if len(note) > MAX_NOTE:
        raise QueryError(f"a review note holds at most {MAX_NOTE:,} characters, not {len(note):,}")


def add_review(store: Store, finding_id: str, status: str, note: str = "", reviewer: str | None = None) -> Review:
    """Append a review of `finding_id` to the store and return it."""
    check_review(status, note)
    if not finding_id:
        raise QueryError("a review needs a finding id")
    entry = Entry(KIND, finding_id, reviewer or default_reviewer(), {"status": status, "note": note})
    store.append([entry])
    return Review.of(entry)


def reviews_of(store: Store, finding_ids: Sequence[str] | None = None) -> dict[str, list[Review]]:
    """Finding id -> its reviews, oldest first (every reviewed finding when no ids are given)."""
    found: dict[str, list[Review]] = {}
    for entry in store.ledger(KIND, finding_ids):
        found.setdefault(entry.key, []).append(Review.of(entry))
    return found


def current_status(reviews: Sequence[Review]) -> str | None:
    """The status of the last review, None if there is none."""
    return reviews[-1].status if reviews else None


def with_reviews(finding: Mapping[str, Any], reviews: Sequence[Review]) -> dict[str, Any]:
    """A finding's JSON (`Finding.to_dict()`) with its `reviews` list added, as
    findings.json and the workbench's API give it."""
    return {**finding, "reviews": [r.to_dict() for r in reviews]}
