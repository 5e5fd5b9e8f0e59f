"""Facts of unknown date in detection: gifts and approvals a case records without a date.

A tactic whose rule reads timing (a gift before an approval, a gift while a post was held,
an award inside a blacklist period) cannot decide a candidate on a fact whose date is
unknown: it neither drops the fact nor lets it flag. The candidate gets the verdict
`insufficient_data` and its explanation names the missing fact ("the gift g12 from Boss
to Official has no date"). Each tactic documents its rule under *Unknown dates*.

The detectors' index keeps these facts apart (CaseIndex `dated_only`), so every dated
judgement is what it would be without them; :class:`Undated` is their index, read for a
second look once the dated findings are made, and :func:`undecided` turns a finding the
dated facts did not flag into one that says what is missing.

>>> from encircle.graph.records import Entity, Relation
>>> from encircle.queries.detection.case import CaseIndex
>>> index = CaseIndex([Entity("b", "Person", "Boss"), Entity("o", "Person", "Official")],
...                   [Relation("g1", "GIFT", "b", "o", amount=5000.0)], dated_only=True)
>>> [g.id for g in index.undated.gifts_into("o")], index.relations
(['g1'], [])
>>> no_date(index, index.undated.gifts_into("o")[0])
'the gift g1 from Boss to Official has no date'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property

from encircle.graph.records import RELATION_FIELDS, Relation
from encircle.queries.detection.case import Attributed, CaseIndex, period, when
from encircle.queries.detection.findings import Chain, Finding

__all__ = [
    "Undated",
    "approval_undated",
    "fact_id",
    "granted",
    "no_date",
    "no_dates",
    "pronoun",
    "sentence",
    "side_approvals",
    "undecided",
]


class Undated:
    """The gifts and approvals of unknown date of a case, by receiver and by giver or
    approver, in id order. A body's decision of unknown date is attributed to every leader
    who ever held a post at the body (who led it that day cannot be told): each such
    approval is an `Attributed`, as a dated one is for the leaders of its day."""

    def __init__(self, index: CaseIndex, relations: Iterable[Relation]) -> None:
        self.index = index
        self.relations = sorted(relations, key=lambda r: r.id)
        self._into: dict[tuple[str, str], list[Relation]] = {}
        self._out: dict[tuple[str, str], list[Relation]] = {}
        for relation in self.relations:
            self._into.setdefault((relation.target_id, relation.type), []).append(relation)
            self._out.setdefault((relation.source_id, relation.type), []).append(relation)
        for approval in self.attributed:
            self._out.setdefault((approval.source_id, "APPROVED"), []).append(approval)

    def __bool__(self) -> bool:
        return bool(self.relations)

    def gifts_into(self, node: str) -> list[Relation]:
        """Gifts of unknown date to `node`."""
        return list(self._into.get((node, "GIFT"), ()))

    def gifts_from(self, node: str) -> list[Relation]:
        """Gifts of unknown date from `node`."""
        return list(self._out.get((node, "GIFT"), ()))

    def gifts_around(self, official: str) -> list[Relation]:
        """Gifts of unknown date to `official` and his relatives, as CaseIndex.gifts_by_side
        takes the dated ones: none from the family, none within it."""
        index = self.index
        own = {official} | index.family_view(official)
        return [
            g
            for r in sorted(own)
            for g in self.gifts_into(r)
            if g.source_id not in own and not index.are_relatives(g.target_id, g.source_id)
        ]

    def approvals_by(self, official: str) -> list[Relation]:
        """Approvals of unknown date `official` signed, and decisions of unknown date of the
        bodies he ever held a post at, attributed to him."""
        return list(self._out.get((official, "APPROVED"), ()))

    def decisions_for(self, beneficiary: str) -> list[Relation]:
        """Approvals and body decisions of unknown date in favour of `beneficiary`, as recorded."""
        return list(self._into.get((beneficiary, "APPROVED"), ()))

    @cached_property
    def approvals(self) -> list[Relation]:
        """Every approval of unknown date an official signed, and every body decision of
        unknown date once per leader it is attributed to, by id."""
        signed = [r for r in self.relations if r.type == "APPROVED" and not self._by_body(r)]
        return sorted([*signed, *self.attributed], key=lambda r: r.id)

    @cached_property
    def attributed(self) -> list[Attributed]:
        """Each body decision of unknown date, once per leader who held a post at the body
        on some known day (his first such post, by id), by decision then leader."""
        found = []
        for decision in self.relations:
            if decision.type != "APPROVED" or not self._by_body(decision):
                continue
            held: dict[str, Relation] = {}  # leader -> his first post there by id, held on some known day
            for post in sorted(self.index.into(decision.source_id, "HOLDS_POST"), key=lambda r: r.id):
                low, high = period(post)
                if low <= high:
                    held.setdefault(post.source_id, post)
            for leader in sorted(held):
                fields = {f: getattr(decision, f) for f in RELATION_FIELDS}
                fields |= {"id": f"{decision.id}@{leader}", "source_id": leader}
                fields["body_id"] = decision.body_id or decision.source_id
                found.append(Attributed(**fields, decision=decision, post=held[leader]))
        return found

    def _by_body(self, relation: Relation) -> bool:
        entity = self.index.entities.get(relation.source_id)
        return entity is not None and entity.type == "PublicBody"


def no_date(index: CaseIndex, relation: Relation) -> str:
    """'the gift g1 from Boss to Official has no date', 'the approval a1 by Official for
    Firm has no date', 'the decision d1 of Bureau for Firm has no date'."""
    name = index.name
    decision = getattr(relation, "decision", None)
    if relation.type == "GIFT":
        what = f"the gift {relation.id} from {name(relation.source_id)} to {name(relation.target_id)}"
    elif decision is not None:
        what = f"the decision {decision.id} of {name(decision.source_id)} for {name(relation.target_id)}"
    else:
        what = f"the approval {relation.id} by {name(relation.source_id)} for {name(relation.target_id)}"
    return f"{what} has no date"


def no_dates(index: CaseIndex, relations: Sequence[Relation], cap: int = 3) -> str:
    """:func:`no_date` of the first `cap` records, joined, then how many more lack one (a
    body's decision attributed to several leaders is one record)."""
    records = list({fact_id(r): r for r in relations}.values())
    said = "; ".join(no_date(index, r) for r in records[:cap])
    more = len(records) - cap
    return said + (f" (and {more} more without a date)" if more > 0 else "")


def undecided(
    finding: Finding, why: str, relations: Sequence[Relation], label: str = "facts of unknown date"
) -> Finding:
    """`finding`, which the dated facts did not flag, as `insufficient_data`: `why` (one
    sentence naming the missing fact, without its full stop) ends the explanation, and
    `relations` (the facts of unknown date) are cited as one more chain. Its id is derived
    anew, since it rests on more records."""
    chains = finding.evidence + ((Chain.of(label, relations),) if relations else ())
    entities = tuple(dict.fromkeys([*finding.entities, *(n for r in relations for n in _ends(r))]))
    explanation = f"{finding.explanation} {sentence(why)}."
    return replace(
        finding, verdict="insufficient_data", evidence=chains, entities=entities, explanation=explanation, id=""
    )


def _ends(relation: Relation) -> tuple[str, ...]:
    decision = getattr(relation, "decision", None)
    body = (decision.source_id,) if decision is not None else ()
    return (relation.source_id, relation.target_id, *body)


def pronoun(relations: Sequence[Relation]) -> str:
    """'it' for one record, 'they' for more (a decision attributed to several leaders is
    one record)."""
    return "it" if len({fact_id(r) for r in relations}) == 1 else "they"


def sentence(text: str) -> str:
    """`text` with its first letter upper-cased, to open a sentence."""
    return text[:1].upper() + text[1:]


def fact_id(relation: Relation) -> str:
    """The id of the record a relation stands for: a body's decision attributed to a
    leader (`d1@li`) is the decision `d1`."""
    decision = getattr(relation, "decision", None)
    return decision.id if decision is not None else relation.id


def granted(index: CaseIndex, approval: Relation) -> str:
    """'the license Official granted Firm on 2017-09-15' (or 'on an unknown date'); for a
    body's decision, the body granted it."""
    when = f"on {approval.date}" if approval.date else "on an unknown date"
    decision = getattr(approval, "decision", None)
    who = index.name(decision.source_id if decision is not None else approval.source_id)
    return f"the {approval.kind or 'approval'} {who} granted {index.name(approval.target_id)} {when}"


def approval_undated(index: CaseIndex, approval: Relation, question: str = "") -> str:
    """Why an approval of unknown date decides nothing: 'the approval a1 by O for F has no
    date: cannot tell <question>' ('whether the gifts came before it'); for a body's
    decision, also that who led the body that day is not known."""
    decision = getattr(approval, "decision", None)
    said = no_date(index, approval)
    if decision is None:
        return f"{said}: cannot tell {question}"
    leader, body = index.name(approval.source_id), index.name(decision.source_id)
    led = f"cannot tell whether {leader} led {body} then"
    return f"{said}: {led}, nor {question}" if question else f"{said}: {led}"


def side_approvals(
    index: CaseIndex, official: str, gifts: Sequence[Relation]
) -> tuple[list[Relation], tuple[str, ...]]:
    """The official's approvals (dated or not) for the givers' side, by date, and the
    entities a finding on those gifts and approvals involves (givers, receivers, the
    official, the approved and the deciding bodies), in that order."""
    side = set().union(*(index.side_view(g.source_id) for g in gifts))
    approvals = sorted(
        [a for a in [*index.out(official, "APPROVED"), *index.undated.approvals_by(official)] if a.target_id in side],
        key=when,
    )
    entities = (
        *(g.source_id for g in gifts),
        *(g.target_id for g in gifts),
        official,
        *(a.target_id for a in approvals),
        *(a.body_id for a in approvals if a.body_id),
    )
    return approvals, tuple(dict.fromkeys(entities))
