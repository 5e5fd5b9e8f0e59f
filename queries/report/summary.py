"""What keeps a report readable on a large case: how many of each list it shows.

findings.json always holds every finding in full; report.md and report.html show

- every flagged and insufficient_data finding, and the `NOT_FLAGGED_SHOWN` not-flagged
  candidates of each tactic with the highest scores (the rest are counted);
- in a finding, at most `ROWS_SHOWN` timeline rows, `CHAINS_SHOWN` evidence chains and
  `ENTITIES_SHOWN` entities, and no list of more than `NAMES_SHOWN` names in an
  explanation: the rest is said as "and 380 more".

A list is cut only when it is longer than its limit plus `SLACK`, so "and 1 more" never
replaces the one name it would take to say.

>>> cap_names("unreached: " + ", ".join(f"MP{i}" for i in range(30)) + ". Not collective.", 3)
'unreached: MP0, MP1, MP2 and 27 more. Not collective.'
>>> cap_names("A, B and C.", 1)
'A, B and C.'
"""

from __future__ import annotations

__all__ = [
    "CHAINS_SHOWN",
    "ENTITIES_SHOWN",
    "NAMES_SHOWN",
    "NOT_FLAGGED_SHOWN",
    "ROWS_SHOWN",
    "SLACK",
    "cap_names",
    "shown",
]

NOT_FLAGGED_SHOWN = 20
NAMES_SHOWN = 20
ROWS_SHOWN = 60
CHAINS_SHOWN = 30
ENTITIES_SHOWN = 60
SLACK = 5
SEPARATOR = ", "
# Characters that end a list item: detectors write lists as "a, b, c" inside sentences
# ("...: a, b, c. Not ..."), so the first item follows the last of these in its piece and
# the last item runs up to the first.
_ENDS = frozenset(";:.()\n")


def shown(count: int, limit: int) -> int:
    """How many of `count` items to show under `limit` (all when within the slack)."""
    return count if count <= limit + SLACK else limit


def cap_names(text: str, limit: int = NAMES_SHOWN) -> str:
    """`text` with every run of more than `limit` (+ slack) comma-separated names cut to
    its first `limit`, followed by "and N more". A name that itself holds ", " counts as
    two; one that holds a full stop, a colon, a semicolon or a parenthesis ends a run."""
    pieces = text.split(SEPARATOR)
    if len(pieces) <= limit + SLACK:
        return text
    plain = [not _ENDS.intersection(piece) for piece in pieces]
    blocks, k = [], 0  # maximal stretches of plain pieces: the middles of runs
    while k < len(pieces):
        if plain[k]:
            start = k
            while k + 1 < len(pieces) and plain[k + 1]:
                k += 1
            blocks.append((start, k))
        k += 1
    for start, stop in reversed(blocks):  # from the end: a cut does not move earlier pieces
        first = start - 1 if start > 0 else start  # the piece holding the run's first item
        last = stop + 1 if stop + 1 < len(pieces) else stop  # ... and its last
        items = last - first + 1
        if shown(items, limit) == items:
            continue
        after = ""
        if last > stop:  # the last item runs up to the piece's first end character
            closing = pieces[last]
            after = closing[min(closing.index(c) for c in _ENDS if c in closing) :]
        pieces[first : last + 1] = [SEPARATOR.join(pieces[first : first + limit]) + f" and {items - limit} more{after}"]
    return SEPARATOR.join(pieces)
