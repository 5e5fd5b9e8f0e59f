"""OCDS procurement data -> encircle records (the mapping table is in docs/input-formats.md).

Reads release packages, record packages (compiled releases), JSON Lines of releases (or
of packages), a single release or record, and folders of such files, which are one input:
the releases of one process (ocid) merge across its files. Reading is in
:mod:`encircle.loaders.ocds_releases`; this module merges the releases of each process
and maps it.

Merging is OCDS's, in a simple form: a process's releases are taken in date order (a
record's compiled release last), and a later release's value for a field replaces an
earlier one; parties and awards are merged by id, field by field; tenderers and suppliers
are united. The mapping:

- buyer and procuring entity -> PublicBody; tenderers and suppliers -> Company, with
  their identifier (``scheme-id``, e.g. ``GB-COH-09506232``) as registration number and
  their legal names as aliases. Entity ids are those identifiers, so the same firm in two
  processes (or beside a case bundle) is one entity; a party without one keeps its party
  id, made unique by its process: ``<ocid>/<party id>``;
- each award (not cancelled or unsuccessful) -> an APPROVED from the procuring entity
  (else the buyer) to each supplier, `kind` contract, with the award's date, value and
  currency; `body_id` the buyer (else the procuring entity), the body it was made for;
- tender.procurementMethod -> `procedure`: open -> open, selective -> invited, limited ->
  negotiated, direct -> single_source (another value is kept as `procurement_method`);
  the planned method (a planning release's, or the first stated when a later release
  changed it) -> `planned_procedure`; numberOfTenderers (else the number of tenderers
  listed) -> `bidders`.

What the mapping leaves out is counted in warnings, never dropped silently.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from encircle.graph.build import build_entity, build_relation
from encircle.graph.errors import ErrorLog
from encircle.graph.records import Entity, Origin, Relation
from encircle.loaders.bundle import Bundle
from encircle.loaders.ocds_releases import Award, Party, Release, ReleaseReader, looks_like_ocds_file, ocds_files

PROCEDURES = {"open": "open", "selective": "invited", "limited": "negotiated", "direct": "single_source"}
BODY_ROLES = ("buyer", "procuringEntity")
FIRM_ROLES = ("tenderer", "supplier")
NOT_DECIDED = ("cancelled", "unsuccessful")  # award statuses that are no decision


@dataclass(frozen=True)
class Process:
    """A contracting process: its releases merged."""

    ocid: str
    file: str
    line: int
    method: str | None
    planned_method: str | None
    tenderer_count: int | None
    title: str | None
    buyer: str | None
    procuring: str | None
    tenderers: tuple[str, ...]
    parties: Mapping[str, Party]
    awards: Mapping[str, Award]


def merge_releases(releases: list[Release]) -> Process:
    """One process from its releases (see the module docstring). The planned method is the
    one a planning release stated, else the first stated when a later release changed it."""
    ordered = sorted(enumerate(releases), key=lambda p: (p[1].compiled, p[1].date, p[0]))
    parties: dict[str, Party] = {}
    awards: dict[str, Award] = {}
    facts: dict[str, Any] = {}
    tenderers: dict[str, None] = {}
    for _, r in ordered:
        for key in ("method", "tenderer_count", "title", "buyer", "procuring"):
            if getattr(r, key) is not None:
                facts[key] = getattr(r, key)
        tenderers.update(dict.fromkeys(r.tenderers))
        for party in r.parties.values():
            parties[party.id] = parties[party.id].merged(party) if party.id in parties else party
        for award in r.awards.values():
            awards[award.id] = awards[award.id].merged(award) if award.id in awards else award
    stated = [r for _, r in ordered if r.method]
    planned = next((r.method for r in stated if r.planning), None)
    if planned is None and stated and stated[0].method != facts.get("method"):
        planned = stated[0].method
    first = releases[0]  # in input order: the process's first release read
    return Process(
        first.ocid,
        first.file,
        first.line,
        facts.get("method"),
        planned,
        facts.get("tenderer_count"),
        facts.get("title"),
        facts.get("buyer"),
        facts.get("procuring"),
        tuple(tenderers),
        parties,
        awards,
    )


def looks_like_ocds(path: Path) -> bool:
    """An OCDS file (see ocds_releases.looks_like_ocds_file), or a folder holding some."""
    if path.is_dir():
        return bool(ocds_files(path))
    return path.is_file() and looks_like_ocds_file(path)


def read_ocds(path: Path) -> Bundle:
    """The records of an OCDS file or folder; every error in it raised together."""
    errors = ErrorLog()
    reader = ReleaseReader(errors)
    by_ocid: dict[str, list[Release]] = defaultdict(list)
    for release in reader.read(path):
        by_ocid[release.ocid].append(release)
    errors.raise_any()
    mapper = _Mapper(str(path), reader.skipped)
    for releases in by_ocid.values():
        mapper.add(merge_releases(releases), errors)
    errors.raise_any()
    return mapper.bundle(errors)


@dataclass
class _Organization:
    """An entity being gathered from every process that names it."""

    id: str
    origin: Origin
    source: str
    names: dict[str, None] = field(default_factory=dict)  # latest last
    body: bool = False
    registration: str | None = None
    country: str | None = None

    def row(self) -> dict[str, Any]:
        *aliases, name = self.names or {self.id: None}
        return {
            "id": self.id,
            "type": "PublicBody" if self.body else "Company",
            "name": name,
            "aliases": [a for a in aliases if a != name],
            "registration_number": self.registration,
            "country": self.country,
            "source": self.source,
        }


def _with_role(process: Process, role: str) -> str | None:
    return next((p.id for p in process.parties.values() if role in p.roles), None)


class _Mapper:
    def __init__(self, file: str, skipped: Counter[str]) -> None:
        self.file = file
        self.skipped = skipped
        self.organizations: dict[str, _Organization] = {}
        self.relations: list[Relation] = []
        self.ignored_roles: Counter[str] = Counter()

    def add(self, process: Process, errors: ErrorLog) -> None:
        ids = {pid: self._organization(process, party) for pid, party in process.parties.items()}
        # the references name them; without one, the party in that role does
        procuring, buyer = (
            ids.get(ref or _with_role(process, role) or "")
            for ref, role in ((process.procuring, "procuringEntity"), (process.buyer, "buyer"))
        )
        decider = procuring or buyer
        body = buyer or decider
        for award in process.awards.values():
            if award.status in NOT_DECIDED:
                self.skipped[f"awards with status {award.status}"] += 1
            elif decider is None:
                self.skipped["awards without a buyer or procuring entity"] += 1
            else:
                for supplier in award.suppliers:
                    with errors.collect():
                        self._approval(process, award, decider, body, ids.get(supplier))

    def _organization(self, process: Process, party: Party) -> str | None:
        roles = set(party.roles)
        roles.update(
            r for r, pid in (("buyer", process.buyer), ("procuringEntity", process.procuring)) if pid == party.id
        )
        roles.update(("tenderer",) if party.id in process.tenderers else ())
        roles.update("supplier" for a in process.awards.values() if party.id in a.suppliers)
        if not roles & {*BODY_ROLES, *FIRM_ROLES}:
            self.ignored_roles.update(party.roles or ("no role",))
            return None
        entity_id = f"{party.scheme}-{party.identifier}" if party.scheme and party.identifier else None
        entity_id = entity_id or f"{process.ocid}/{party.id}"
        found = self.organizations.get(entity_id)
        if found is None:
            origin = Origin(process.file, process.line)
            found = self.organizations[entity_id] = _Organization(entity_id, origin, f"OCDS {process.ocid}")
        for name in (*party.legal_names, party.name):  # the name last: it is the one shown
            if name:
                found.names.pop(name, None)
                found.names[name] = None
        found.body = found.body or bool(roles & set(BODY_ROLES))
        found.registration = entity_id if party.scheme and party.identifier else found.registration
        found.country = party.country or found.country
        return entity_id

    def _approval(self, process: Process, award: Award, decider: str, body: str | None, supplier: str | None) -> None:
        if supplier is None:
            self.skipped["award suppliers that are no organization"] += 1
            return
        method = process.method
        bidders = process.tenderer_count
        row: dict[str, Any] = {
            "id": f"ocds:{process.ocid}:{award.id}:{supplier}",
            "type": "APPROVED",
            "source_id": decider,
            "target_id": supplier,
            "date": award.date,
            "amount": award.amount,
            "currency": award.currency,
            "kind": "contract",
            "body_id": body,
            "procedure": PROCEDURES.get(method or ""),
            "planned_procedure": PROCEDURES.get(process.planned_method or ""),
            "bidders": bidders if bidders is not None else len(process.tenderers) or None,
            "source": f"OCDS {process.ocid}",
            "ocid": process.ocid,
            "award_id": award.id,
            "title": award.title or process.title,
        }
        if method and method not in PROCEDURES:
            row["procurement_method"] = method
            self.skipped[f"procurement methods kept as procurement_method, not mapped: {method}"] += 1
        self.relations.append(build_relation(row, Origin(process.file, process.line)))

    def bundle(self, errors: ErrorLog) -> Bundle:
        entities: list[Entity] = []
        for organization in self.organizations.values():
            with errors.collect():
                entities.append(build_entity(organization.row(), organization.origin))
        errors.raise_any()
        # A supplier that is a public body cannot be APPROVED's beneficiary (the schema's rule).
        bodies = {e.id for e in entities if e.type == "PublicBody"}
        relations = [r for r in self.relations if r.target_id not in bodies]
        if len(relations) < len(self.relations):
            self.skipped["awards to a public body (a beneficiary is a firm or a person)"] += len(self.relations) - len(
                relations
            )
        return Bundle(tuple(entities), tuple(relations), tuple(self._warnings()))

    def _warnings(self) -> Iterator[str]:
        for why, n in sorted(self.skipped.items()):
            yield f"{self.file}: skipped {n} {why}"
        if self.ignored_roles:
            roles = ", ".join(f"{role} {n}" for role, n in sorted(self.ignored_roles.items()))
            yield f"{self.file}: skipped parties with roles encircle does not map ({roles})"
