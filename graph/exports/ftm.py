"""FollowTheMoney entity stream (JSON lines): the inverse of the FtM loader.

- Person, Company, PublicBody, Organization: the same schemata, with name, alias,
  birthDate (incorporationDate for organizations), country, registrationNumber,
  publisher (the source) and topics role.pep (official), role.rca (relative) and
  debarment (blacklisted); a blacklist period is a Sanction of the entity.
- GIFT: Payment (payer, beneficiary, date, amount, currency).
- RELATIVE_OF, ASSOCIATE_OF: Family, Associate (relationship = kind).
- OWNS: Ownership (percentage = share x 100, ownershipType = kind, role).
- DIRECTS: Directorship (role).
- EMPLOYED_BY: Employment (role); by a person, Associate (relationship = kind), since
  an FtM employer is an Organization.
- HOLDS_POST: Occupancy of a Position (its name is the role) in the body.
- APPROVED: ContractAward (supplier = the beneficiary, date, amount, currency) of a
  Contract whose authority is the official and the public body (body_id), with the
  procedure, and the `contract` property or else the kind as its title.
- Every link: date, startDate, endDate, publisher (the source).

Every record keeps its id (see ftm_profile for ids FtM does not accept); what FtM has no
property for rides in the carrier (ftm_profile), so loading the export gives the same
records. Entities come first, each followed by its Sanction; then each relation,
preceded by the Position or Contract it needs; then the judgements and the reviews of
the ledger, with their history, as Notes (ftm_ledger).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import IO, Any

from encircle.graph.exports.base import JUDGEMENT, REVIEW, ExportSummary, Source, cell, ledger_of, replacing, text_file
from encircle.graph.exports.ftm_ledger import judged_ids, note_line
from encircle.graph.exports.ftm_profile import (
    BLACKLIST_PROGRAM,
    CARRIER,
    CLOSE_ASSOCIATE,
    DEBARRED,
    MAX_LENGTH,
    PEP,
    aux_id,
    carrier,
    fits,
    ftm_id,
)
from encircle.graph.records import RELATION_FIELDS, Entity, Relation
from encircle.graph.values import UNKNOWN_END

__all__ = [
    "BATCH",
    "LINKS",
    "NATIVE_EXTRAS",
    "PERSON_EMPLOYER",
    "WRITTEN",
    "entity_lines",
    "relation_lines",
    "write_ftm",
]

# relation type -> FtM schema, the property naming the source, the one naming the target
LINKS = {
    "GIFT": ("Payment", "payer", "beneficiary"),
    "RELATIVE_OF": ("Family", "person", "relative"),
    "ASSOCIATE_OF": ("Associate", "person", "associate"),
    "OWNS": ("Ownership", "owner", "asset"),
    "DIRECTS": ("Directorship", "director", "organization"),
    "EMPLOYED_BY": ("Employment", "employee", "employer"),
    "HOLDS_POST": ("Occupancy", "holder", "post"),
    "APPROVED": ("ContractAward", "contract", "supplier"),
}
PERSON_EMPLOYER = ("Associate", "person", "associate")
# the fields every link writes itself (ends, dates, value, source, status, id)
WRITTEN = frozenset(
    {"id", "type", "source_id", "target_id", "date", "start_date", "end_date", "amount", "currency", "source", "status"}
)
NATIVE_EXTRAS = ("purpose", "summary", "description")  # extra properties FtM links also show as such
BATCH = 2_000  # relations looked up together (their ids, and employers' types)


def write_ftm(source: Source, path: Path) -> ExportSummary:
    """Write `source` as a FollowTheMoney entity stream."""
    with replacing(path) as (temp,), text_file(temp) as out:
        entities = _write_all(out, map(entity_lines, source.entities()))
        posts: set[str] = set()  # Positions written: several people hold the same post
        relations = 0
        for batch in _batches(source.relations()):
            wanted = [r.id for r in batch] + [r.target_id for r in batch if r.type == "EMPLOYED_BY"]
            wanted += [r.source_id for r in batch if r.type == "APPROVED"]
            known = source.get_entities(list(dict.fromkeys(wanted)))
            for relation in batch:
                employer = known.get(relation.target_id) if relation.type == "EMPLOYED_BY" else None
                by_person = employer is not None and employer.type == "Person"
                decider = known.get(relation.source_id) if relation.type == "APPROVED" else None
                by_body = decider is not None and decider.type == "PublicBody"
                out.writelines(relation_lines(relation, by_person, relation.id in known, posts, by_body))
                relations += 1
        judgements, reviews = ledger_of(source, JUDGEMENT), ledger_of(source, REVIEW)
        present = source.get_entities(judged_ids(judgements)) if judgements else {}
        for entries in (judgements, reviews):
            out.writelines(note_line(entry, n, present) for n, entry in enumerate(entries, 1))
    return ExportSummary("ftm", path, entities, relations, (), len(judgements), len(reviews))


def _write_all(out: IO[str], groups: Iterable[list[str]]) -> int:
    count = 0
    for lines in groups:
        out.writelines(lines)
        count += 1
    return count


def _batches(relations: Iterable[Relation]) -> Iterator[list[Relation]]:
    iterator = iter(relations)
    while batch := list(islice(iterator, BATCH)):
        yield batch


class _Builder:
    """One FtM entity being written: its properties, and the carrier of what FtM has no
    property for."""

    def __init__(self, fid: str, schema: str, record_id: str) -> None:
        self.fid, self.schema = fid, schema
        self.props: dict[str, list[str]] = {}
        self.carried: dict[str, Any] = {} if fid == record_id else {"id": record_id}

    def put(self, prop: str, ftm_type: str, field: str, value: Any) -> None:
        """`value` of encircle `field` into FtM `prop`, or into the carrier when FtM
        would not accept it there (too long, not a country code)."""
        if value is None or value == ():
            return
        values = list(value) if isinstance(value, tuple) else [cell(value)]
        if all(fits(ftm_type, v) for v in values):
            self.props.setdefault(prop, []).extend(values)
        else:
            self.carry(field, value)

    def carry(self, field: str, value: Any) -> None:
        self.carried[field] = list(value) if isinstance(value, tuple) else value

    def source(self, value: str | None) -> None:
        if value:
            self.put("publisher", "string", "source", value)
        else:  # no publisher would make the loader name the file as the source: say there is none
            self.carry("source", None)

    def line(self) -> str:
        props = dict(self.props)
        if self.carried:
            props[CARRIER] = [*props.get(CARRIER, []), carrier(self.carried)]
        return json.dumps({"id": self.fid, "schema": self.schema, "properties": props}, ensure_ascii=False) + "\n"


def _line(fid: str, schema: str, props: dict[str, list[str]]) -> str:
    return json.dumps({"id": fid, "schema": schema, "properties": props}, ensure_ascii=False) + "\n"


# -- entities -----------------------------------------------------------------------------


def entity_lines(entity: Entity) -> list[str]:
    """An entity, and the Sanction holding its blacklist period."""
    b = _Builder(ftm_id(entity.id), entity.type, entity.id)
    b.props["name"] = [entity.name[: MAX_LENGTH["name"]]]
    if len(entity.name) > MAX_LENGTH["name"]:
        b.carry("name", entity.name)
    b.put("alias", "name", "aliases", entity.aliases)
    blacklisted = bool(entity.blacklisted_from or entity.blacklisted_until)
    topics = [topic for role, topic in (("official", PEP), ("relative", CLOSE_ASSOCIATE)) if role in entity.roles]
    if topics or blacklisted:
        b.props["topics"] = [*topics, *([DEBARRED] if blacklisted else [])]
    # The loader reads role.pep as the one role, and makes anyone holding a post in a
    # public body an official: roles are carried unless that gives them exactly.
    natural = ("official",) if "official" in entity.roles else ()
    if entity.roles != natural or (entity.type == "Person" and not entity.roles):
        b.carry("roles", entity.roles)
    if entity.interests:
        b.carry("interests", entity.interests)
    b.put("birthDate" if entity.type == "Person" else "incorporationDate", "date", "birth_date", entity.birth_date)
    b.put("country", "country", "country", entity.country)
    b.put("registrationNumber", "identifier", "registration_number", entity.registration_number)
    b.source(entity.source)
    if entity.extra:
        b.carry("extra", dict(entity.extra))
    lines = [b.line()]
    if blacklisted:
        period = {"startDate": entity.blacklisted_from, "endDate": entity.blacklisted_until}
        props = {"entity": [b.fid], **{k: [v] for k, v in period.items() if v}, "program": [BLACKLIST_PROGRAM]}
        lines.append(_line(aux_id(b.fid, "blacklist"), "Sanction", props))
    return lines


# -- relations ----------------------------------------------------------------------------


def relation_lines(
    relation: Relation,
    employer_is_person: bool = False,
    id_taken: bool = False,
    posts: set[str] | None = None,
    decided_by_body: bool = False,
) -> list[str]:
    """A relation as an FtM link, preceded by the Position or Contract it needs.

    `employer_is_person`: an EMPLOYED_BY whose employer is a Person (an FtM Employment
    cannot say so); `id_taken`: an entity has the relation's id (one id space in FtM);
    `posts`: the Positions already written, which are not written again (it is updated);
    `decided_by_body`: an APPROVED whose source is a PublicBody (a body's decision: FtM
    readers take a contract authority that is a body for the body it was made for).
    """
    r = relation
    person_employer = r.type == "EMPLOYED_BY" and employer_is_person
    schema, source_prop, target_prop = PERSON_EMPLOYER if person_employer else LINKS[r.type]
    b = _Builder(ftm_id(r.id, "relation", force=id_taken), schema, r.id)
    if person_employer:
        b.carry("type", r.type)
    _interval(b, r)
    b.props[source_prop] = [ftm_id(r.source_id)]
    lines: list[str] = []
    if r.type == "HOLDS_POST":
        position, line = _post(b, r)
        if posts is None or position not in posts:
            lines.append(line)
        if posts is not None:
            posts.add(position)
    elif r.type == "APPROVED":
        lines.append(_contract(b, r))
        b.props["supplier"] = [ftm_id(r.target_id)]
        if decided_by_body:  # the body decided: carried, or the loader would see no decider
            b.carry("source_id", ftm_id(r.source_id))
            if r.body_id is None:
                b.carry("body_id", None)  # the authority would read as the body decided for
    else:
        b.props[target_prop] = [ftm_id(r.target_id)]
    covered = _typed(b, r, schema)
    for field in RELATION_FIELDS:
        value = getattr(r, field)
        if field not in WRITTEN and field not in covered and value is not None and value != ():
            b.carry(field, value)
    return [*lines, b.line()]


def _interval(b: _Builder, r: Relation) -> None:
    b.put("date", "date", "date", r.date)
    b.put("startDate", "date", "start_date", r.start_date)
    if r.end_date == UNKNOWN_END:  # ended at an unknown time: no FtM date says that
        b.carry("end_date", UNKNOWN_END)
    else:
        b.put("endDate", "date", "end_date", r.end_date)
    b.put("amount", "number", "amount", r.amount)
    b.put("currency", "string", "currency", r.currency)
    b.source(r.source)
    if r.status != "confirmed":
        b.carry("status", r.status)
    if r.extra:
        b.carry("extra", dict(r.extra))
        for key in NATIVE_EXTRAS if b.schema == "Payment" else NATIVE_EXTRAS[1:]:
            if key in r.extra:
                b.put(key, "text", "extra", r.extra[key])


def _typed(b: _Builder, r: Relation, schema: str) -> set[str]:
    """The properties of each FtM schema; returns the encircle fields they hold."""
    if schema in ("Family", "Associate"):
        b.put("relationship", "string", "kind", r.kind)
        return {"kind"}
    if schema == "Ownership":
        if r.share is not None:
            b.props["percentage"] = [format((Decimal(repr(r.share)) * 100).normalize(), "f")]
        b.put("ownershipType", "string", "kind", r.kind)
        b.put("role", "string", "role", r.role)
        return {"share", "kind", "role"}
    if schema in ("Directorship", "Employment"):
        b.put("role", "string", "role", r.role)
        return {"role"}
    if schema == "Occupancy":
        return {"role"}  # the Position's name (_post)
    if schema == "ContractAward":
        if r.kind != "contract":
            b.carry("kind", r.kind)  # the loader reads a ContractAward as kind 'contract'
        return {"kind", "body_id", "procedure"}  # the Contract's (_contract)
    return set()


def _post(b: _Builder, r: Relation) -> tuple[str, str]:
    """The Position a HOLDS_POST is an Occupancy of: one per title and body."""
    body = ftm_id(r.target_id)
    title = hashlib.sha1((r.role or "").encode()).hexdigest()[:12]
    position = aux_id(body, f"post-{title}")
    name = r.role or "post"
    if r.role is None or not fits("name", r.role):
        b.carry("role", r.role)
        name = (r.role or "post")[: MAX_LENGTH["name"]]
    b.props["post"] = [position]
    return position, _line(position, "Position", {"name": [name], "organization": [body]})


def _contract(b: _Builder, r: Relation) -> str:
    """The Contract an APPROVED is the award of: the official (and the body) as its
    authority; its title is the `contract` extra property, which the loader keeps."""
    contract = aux_id(b.fid, "contract")
    title = (r.extra.get("contract") or r.kind or "approval")[: MAX_LENGTH["string"]]
    if dict(r.extra) != {"contract": title}:
        b.carry("extra", dict(r.extra))
    props = {"title": [title], "authority": [ftm_id(r.source_id), *([ftm_id(r.body_id)] if r.body_id else [])]}
    if r.date:
        props["contractDate"] = [r.date]
    if r.procedure:
        props["procedure"] = [r.procedure]
    b.props["contract"] = [contract]
    return _line(contract, "Contract", props)
