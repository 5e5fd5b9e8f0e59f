"""FollowTheMoney entity streams -> encircle records (mapping table in docs/input-formats.md).

FtM is broader than the encircle contract, so the mapping is lossy on purpose and says
so: every entity or link it leaves out is counted in one warning per reason
("skipped 89 Address entities"), never dropped silently. Relations are mapped only after
the whole stream is read, because streams reference entities defined later.

- Person, Company, PublicBody, Organization keep their type; LegalEntity -> Organization.
- A person is an `official` when FtM tags them as a PEP (topic role.pep / role.pol) or
  when the stream shows them holding a post in a PublicBody.
- A Sanction of an entity FtM tags `debarment` gives its blacklist period.
- encircle's own FtM export carries what FtM has no property for in a `description`
  value (see encircle.graph.exports.ftm_profile and ftm_carried): read back, it gives
  the exported records exactly.
- Relation ids are the FtM ids of the interval entities, so reloading changes nothing.
- A link whose end is in the stream with a type encircle does not allow there (an
  Ownership of an Organization, a Payment to an Address) is skipped with a warning; an
  end absent from the stream is kept, and the store reports it if it does not know it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from encircle.graph.build import build_entity, build_relation
from encircle.graph.exports.ftm_profile import is_carrier
from encircle.graph.records import Entity, Origin, Relation
from encircle.graph.schema import SCHEMA
from encircle.graph.values import parse_vocab
from encircle.loaders.bundle import Bundle
from encircle.loaders.ftm_carried import apply, blacklists, carriers
from encircle.loaders.ftm_stream import FtmEntity, read_stream

__all__ = ["Link", "read_ftm"]

ENTITY_TYPES = {
    "Person": "Person",
    "Company": "Company",
    "PublicBody": "PublicBody",
    "Organization": "Organization",
    "LegalEntity": "Organization",
}
PEP_TOPICS = ("role.pep", "role.pol")
MAPPED = ("Occupancy", "ContractAward")  # links mapped by code, not by the LINKS table
EXTRA = ("purpose", "summary", "description")  # kept as text on the relation


@dataclass(frozen=True)
class Link:
    """How a plain FtM interval schema becomes a relation: its two ends and vocabularies."""

    type: str
    source: str
    target: str
    kind: str | None = None
    role: str | None = None


LINKS = {
    "Payment": Link("GIFT", "payer", "beneficiary"),
    "Family": Link("RELATIVE_OF", "person", "relative", kind="relationship"),
    "Associate": Link("ASSOCIATE_OF", "person", "associate", kind="relationship"),
    "Ownership": Link("OWNS", "owner", "asset", kind="ownershipType", role="role"),
    "Directorship": Link("DIRECTS", "director", "organization", role="role"),
    "Employment": Link("EMPLOYED_BY", "employee", "employer", role="role"),
    "Membership": Link("HOLDS_POST", "member", "organization", role="role"),
}


@dataclass
class _Draft:
    """A relation row being assembled, with the column each field came from."""

    row: dict[str, Any]
    line: int
    columns: dict[str, int] = field(default_factory=dict)

    def take(self, name: str, entity: FtmEntity, *props: str) -> None:
        prop = next((p for p in props if entity.first(p)), None)
        if prop is not None:
            self.row[name] = entity.first(prop)
            if prop in entity.columns:
                self.columns[name] = entity.columns[prop]


def read_ftm(path: Path) -> Bundle:
    """The records of a FollowTheMoney entity stream, mapped as the module docstring says;
    what the mapping leaves out is counted in the bundle's warnings."""
    return _Mapper(path, read_stream(path)).bundle()


class _Mapper:
    def __init__(self, path: Path, stream: dict[str, FtmEntity]) -> None:
        self.file = str(path)
        self.default_source = path.name  # not the full path: the same file from elsewhere is the same source
        self.stream = stream
        self.types = {e.id: ENTITY_TYPES[e.schema] for e in stream.values() if e.schema in ENTITY_TYPES}
        self.bodies: dict[str, Entity] = {}  # PublicBodies synthesized from Positions
        self.used: set[str] = set()  # auxiliary entities some link read
        self.skipped: Counter[str] = Counter()
        self.carried = carriers(stream, self.file)  # encircle's own export: see ftm_carried
        self.renamed = {fid: str(fields["id"]) for fid, fields in self.carried.items() if "id" in fields}
        self.blacklists = blacklists(stream, self.types, self.used)

    def bundle(self) -> Bundle:
        drafts = [d for e in self.stream.values() for d in self._drafts(e)]
        officials = {d.row["source_id"] for d in drafts if self._is_public_post(d)}
        entities = [self._entity(e, officials) for e in self.stream.values() if e.schema in ENTITY_TYPES]
        relations = [self._relation(d) for d in drafts]
        for entity in self.stream.values():
            if entity.schema not in (*ENTITY_TYPES, *LINKS, *MAPPED) and entity.id not in self.used:
                self.skipped[f"{entity.schema} entities"] += 1
        warnings = tuple(f"{self.file}: skipped {n} {why}" for why, n in sorted(self.skipped.items()))
        return Bundle((*entities, *self.bodies.values()), tuple(relations), warnings)

    def _is_public_post(self, draft: _Draft) -> bool:
        target = draft.row["target_id"]
        return draft.row["type"] == "HOLDS_POST" and (self.types.get(target) or "") == "PublicBody"

    # --- entities -------------------------------------------------------------

    def _entity(self, entity: FtmEntity, officials: set[str]) -> Entity:
        names = entity.all("name") or (" ".join(entity.all("firstName", "lastName")),)
        pep = any(t in PEP_TOPICS for t in entity.all("topics"))
        row = {
            "id": entity.id,
            "type": ENTITY_TYPES[entity.schema],
            "name": names[0] or entity.id,  # a nameless FtM entity is still linkable by id
            "aliases": [*names[1:], *entity.all("alias", "previousName", "weakAlias")],
            "roles": ["official"] if pep or entity.id in officials else [],
            "birth_date": entity.first("birthDate", "incorporationDate"),
            "country": entity.first("country", "nationality", "citizenship", "jurisdiction"),
            "registration_number": entity.first("registrationNumber", "taxNumber"),
            "source": self._source(entity),
            **self.blacklists.get(entity.id, {}),
        }
        apply(row, self.carried.get(entity.id, {}))
        return build_entity(row, self._origin(entity))

    def _origin(self, entity: FtmEntity, columns: dict[str, int] | None = None) -> Origin:
        return Origin(self.file, entity.line, columns if columns is not None else {"id": entity.columns.get("id", 1)})

    def _source(self, entity: FtmEntity) -> str:
        return entity.first("sourceUrl", "publisher") or next(iter(entity.datasets), self.default_source)

    # --- relations ------------------------------------------------------------

    def _drafts(self, entity: FtmEntity) -> Iterator[_Draft]:
        if entity.schema in LINKS:
            yield from self._link(entity, LINKS[entity.schema])
        elif entity.schema == "Occupancy":
            yield from self._occupancy(entity)
        elif entity.schema == "ContractAward":
            yield from self._award(entity)

    def _link(self, entity: FtmEntity, link: Link) -> Iterator[_Draft]:
        draft = self._draft(entity, link.type)
        if link.kind:
            draft.take("kind", entity, link.kind)
        if link.role:
            draft.take("role", entity, link.role)
        if entity.schema == "Ownership":
            _share(draft, entity)
        ends = (entity.all(link.source), entity.all(link.target))
        yield from self._ends(entity, draft, ends, (link.source, link.target))

    def _occupancy(self, entity: FtmEntity) -> Iterator[_Draft]:
        post = self.stream.get(entity.first("post") or "")
        if post is None or post.schema != "Position":
            self.skipped["Occupancy links: post not in the stream"] += 1
            return
        self.used.add(post.id)
        draft = self._draft(entity, "HOLDS_POST")
        draft.row["role"] = post.first("name")
        organization = post.first("organization") or ""
        if organization not in self.types:
            organization = self._body_from(post)
        yield from self._ends(entity, draft, (entity.all("holder"), (organization,)), ("holder", "post"))

    def _body_from(self, post: FtmEntity) -> str:
        # A post is held in some public body; when the stream does not name it, the
        # Position itself stands for it (OpenSanctions PEP data is shaped this way).
        if post.id not in self.bodies:
            row = {
                "id": post.id,
                "type": "PublicBody",
                "name": post.first("name") or post.id,
                "country": post.first("country"),
                "source": self._source(post),
            }
            self.bodies[post.id] = build_entity(row, self._origin(post))
            self.types[post.id] = "PublicBody"
        body_id: str = post.id
        return body_id

    def _award(self, entity: FtmEntity) -> Iterator[_Draft]:
        contract = self.stream.get(entity.first("contract") or "")
        if contract is not None:
            self.used.add(contract.id)
        approvers = tuple(a for a in (contract.all("authority") if contract else ()) if self.types.get(a) == "Person")
        if contract is None or not approvers:
            # Awards are made by bodies; only a named official makes it an APPROVED link.
            self.skipped["ContractAward links: no official known as approver"] += 1
            return
        draft = self._draft(entity, "APPROVED")
        draft.row["kind"] = "contract"
        if "date" not in draft.row:
            draft.take("date", contract, "contractDate", "date", "startDate")
        if "amount" not in draft.row:
            _amount(draft, contract)
        if contract.first("title"):
            draft.row["contract"] = contract.first("title")
        bodies = [a for a in contract.all("authority") if self.types.get(a) == "PublicBody"]
        if bodies:
            draft.row["body_id"] = bodies[0]  # the body the official decided for
        procedure = contract.first("procedure")
        if procedure and parse_vocab(procedure) in SCHEMA.procedures:
            draft.row["procedure"] = procedure
        yield from self._ends(entity, draft, (approvers, entity.all("supplier")), ("contract", "supplier"))

    def _draft(self, entity: FtmEntity, relation_type: str) -> _Draft:
        draft = _Draft({"id": entity.id, "type": relation_type, "source": self._source(entity)}, entity.line)
        draft.columns["id"] = entity.columns.get("id", 1)
        draft.take("date", entity, "date")
        if relation_type in ("GIFT", "APPROVED") and "date" not in draft.row:
            draft.take("date", entity, "startDate")  # these need a date: the start of the interval will do
        draft.take("start_date", entity, "startDate")
        draft.take("end_date", entity, "endDate")
        _amount(draft, entity)
        for name in EXTRA:
            texts = [text for text in entity.all(name) if not is_carrier(text)]
            if texts:
                draft.row[name] = "; ".join(texts)
        return draft

    def _ends(
        self, entity: FtmEntity, draft: _Draft, ends: tuple[tuple[str, ...], tuple[str, ...]], props: tuple[str, str]
    ) -> Iterator[_Draft]:
        """One relation per (source, target) pair the interval names, each checked against
        the direction rules it can be checked against here."""
        (sources, targets), (sprop, tprop) = ends, props
        apply(draft.row, self.carried.get(entity.id, {}))  # last: it overrides the plain mapping
        pairs = [(s, t) for s in sources for t in targets]
        if not pairs:
            self.skipped[f"{entity.schema} links: no {tprop if sources else sprop}"] += 1
        for n, (source, target) in enumerate(pairs, start=1):
            relation_type = self._retype(entity.schema, draft.row["type"], target)
            if relation_type is None:
                reason: str | None = "organization is not a PublicBody"
            else:
                reason = self._misfit(relation_type, source, target) or _missing(draft, relation_type)
            if reason or relation_type is None:
                self.skipped[f"{entity.schema} links: {reason}"] += 1
                continue
            row = {**draft.row, "type": relation_type, "source_id": source, "target_id": target}
            if len(pairs) > 1:
                row["id"] = f"{entity.id}:{n}"
            columns = {"source_id": entity.columns.get(sprop, 1), "target_id": entity.columns.get(tprop, 1)}
            yield _Draft(row, draft.line, {**draft.columns, **columns})

    def _retype(self, schema: str, relation_type: str, target: str) -> str | None:
        """The relation type for this target, or None when the link has no encircle meaning."""
        is_body = self.types.get(target) == "PublicBody"
        if schema == "Directorship" and is_body:
            return "HOLDS_POST"  # directing a public body is holding a post in it
        if schema == "Membership" and not is_body:
            return None  # membership of a party or club is not a post
        return relation_type

    def _misfit(self, relation_type: str, source: str, target: str) -> str | None:
        spec = SCHEMA.relation_type(relation_type)
        for end, ref, allowed in (("source", source, spec.sources), ("target", target, spec.targets)):
            ftm = self.stream.get(ref)
            if ftm is None or ref in self.bodies:
                continue  # not in this stream: the store checks it
            mapped = self.types.get(ref)
            if mapped not in allowed:
                return f"{end} is {_a(mapped or ftm.schema)}, not {_a(' or '.join(allowed))}"
        return None

    def _relation(self, draft: _Draft) -> Relation:
        row = dict(draft.row)
        for name in ("source_id", "target_id", "body_id"):
            if row.get(name) in self.renamed:
                row[name] = self.renamed[row[name]]  # an id FtM does not accept, carried
        return build_relation(row, Origin(self.file, draft.line, draft.columns))


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'AEIOU' else 'a'} {noun}"


def _missing(draft: _Draft, relation_type: str) -> str | None:
    missing = [name for name in SCHEMA.relation_type(relation_type).requires if name not in draft.row]
    return f"no {missing[0]}" if missing else None


def _amount(draft: _Draft, entity: FtmEntity) -> None:
    if entity.first("amountEur"):
        draft.take("amount", entity, "amountEur")
        draft.row["currency"] = "EUR"
    elif entity.first("amount"):
        draft.take("amount", entity, "amount")
        draft.take("currency", entity, "currency")


def _share(draft: _Draft, entity: FtmEntity) -> None:
    # FtM percentages are free text ("51", "51.0%", "51,5"); one that is not a number in
    # 0..100 stays as text in `percentage` rather than failing the load.
    text = entity.first("percentage")
    if text is None:
        return
    try:
        value = Decimal(text.replace("%", "").replace(",", ".").strip())
    except InvalidOperation:
        value = Decimal(-1)
    if value.is_finite() and 0 <= value <= 100:
        draft.row["share"] = float(value / 100)  # in decimal: '29' is 0.29 exactly as written
        draft.columns["share"] = entity.columns.get("percentage", 1)
    else:
        draft.row["percentage"] = text
