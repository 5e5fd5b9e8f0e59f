"""Judgements and reviews in a FollowTheMoney stream: one `Note` per ledger entry.

FtM has no schema for a reviewer's decision (`Similar` holds a matcher's score, not who
decided what and when), so each entry of the ledger's history (graph/ledger.py), undos
too, becomes a Note, the FtM annotation of entities:

- `name`: ``judgement: same`` or ``review: confirmed`` (the kind and the verdict);
- `entity`: the two entities of a judgement, those of them the stream holds;
- `summary`: the entry in words; `createdAt`: when it was made;
- `description`: the carrier (ftm_profile) with the whole entry, ``{"ledger": {"kind",
  "key", "author", "at", "body"}}``, which `encircle judgements import` reads back.

Ids are ``ledger.encircle-<kind>-<n>``, n counting each kind's entries from 1 in the order
written. The FtM loader skips Notes (with a warning): they are not records.

>>> from encircle.graph.ledger import Entry
>>> body = {"a": "c1", "b": "c2", "verdict": "same", "note": ""}
>>> note = json.loads(note_line(Entry("judgement", "c1|c2", "ana", body, "2026-12-03T20:31:05Z"), 1, ["c1"]))
>>> note["id"], note["schema"], note["properties"]["name"], note["properties"]["entity"]
('ledger.encircle-judgement-1', 'Note', ['judgement: same'], ['c1'])
>>> note["properties"]["summary"]
['c1 and c2 judged same by ana at 2026-12-03T20:31:05Z']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from encircle.graph.exports.base import JUDGEMENT
from encircle.graph.exports.ftm_profile import CARRIER, MAX_LENGTH, aux_id, carrier, fits, ftm_id
from encircle.graph.ledger import Entry

__all__ = ["LEDGER_BASE", "judged_ids", "note_line", "summary"]

LEDGER_BASE = "ledger"  # the Notes' ids are aux ids of this base: ledger.encircle-<kind>-<n>


def note_line(entry: Entry, number: int, present: Iterable[str]) -> str:
    """The Note of ledger `entry`, the `number`th of its kind; `present`: the entity ids
    of the entry the stream holds (the Note refers to those only)."""
    body = entry.body
    verdict = str(body.get("verdict" if entry.kind == JUDGEMENT else "status", ""))
    props: dict[str, list[str]] = {"name": [f"{entry.kind}: {verdict}"[: MAX_LENGTH["name"]]]}
    if entry.kind == JUDGEMENT:
        held = set(present)
        ends = [str(body.get(end, "")) for end in ("a", "b")]
        if refs := [ftm_id(i) for i in ends if i in held]:
            props["entity"] = refs
    props["summary"] = [summary(entry)[: MAX_LENGTH["text"]]]
    if fits("date", entry.at):
        props["createdAt"] = [entry.at]
    props[CARRIER] = [carrier({"ledger": entry.to_dict()})]
    note = {"id": aux_id(LEDGER_BASE, f"{entry.kind}-{number}"), "schema": "Note", "properties": props}
    return json.dumps(note, ensure_ascii=False) + "\n"


def summary(entry: Entry) -> str:
    """The entry in words: `c1 and c2 judged same by ana at 2026-...: note`."""
    body = entry.body
    if entry.kind == JUDGEMENT:
        verdict = str(body.get("verdict", ""))
        what = "judgement withdrawn" if verdict == "undo" else f"judged {verdict}"
        text = f"{body.get('a')} and {body.get('b')} {what} by {entry.author} at {entry.at}"
    else:
        text = f"finding {entry.key} reviewed {body.get('status')} by {entry.author} at {entry.at}"
    note = str(body.get("note") or "")
    return f"{text}: {note}" if note else text


def judged_ids(entries: Sequence[Entry]) -> list[str]:
    """Every entity id the judgement entries name, once each, in order."""
    return list(dict.fromkeys(str(e.body.get(end, "")) for e in entries for end in ("a", "b")))
