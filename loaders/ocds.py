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

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from encircle.graph.build import build_entity, build_relation
from encircle.graph.errors import ErrorLog
from encircle.graph.records import Entity, Origin, Relation
from encircle.loaders.bundle import Bundle
from encircle.loaders.ocds_releases import Award, Party, Release, ReleaseReader, looks_like_ocds_file, ocds_files

__all__ = [
    "BODY_ROLES",
    "FIRM_ROLES",
    "NOT_DECIDED",
    "PROCEDURES",
    "Process",
    "ProcessDraft",
    "looks_like_ocds",
    "merge_releases",
    "read_ocds",
]

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


Key = tuple[bool, str, int]  # (a compiled release, release date, order read): the greater wins


class ProcessDraft:
    """A process merged release by release, in whatever order its releases come: each
    field keeps the value of the latest release that gives one (see Key), so what is held
    is one draft per process, not its releases. The planned method is the one the first
    planning release stated, else the first stated when a later release changed it."""

    def __init__(self, first: Release) -> None:
        self.ocid, self.file, self.line = first.ocid, first.file, first.line
        self.facts: dict[str, tuple[Key, Any]] = {}
        self.parties: dict[str, dict[str, tuple[Key, Any]]] = {}
        self.legal_names: dict[str, dict[str, None]] = {}
        self.awards: dict[str, dict[str, tuple[Key, Any]]] = {}
        self.suppliers: dict[str, dict[str, None]] = {}
        self.tenderers: dict[str, None] = {}
        self.stated: tuple[Key, str] | None = None
        self.planned: tuple[Key, str] | None = None
        self.releases = 0

    def add(self, r: Release) -> None:
        key: Key = (r.compiled, r.date, self.releases)
        self.releases += 1
        facts = {"method": r.method, "tenderer_count": r.tenderer_count, "title": r.title}
        _latest(self.facts, key, {**facts, "buyer": r.buyer, "procuring": r.procuring})
        self.tenderers.update(dict.fromkeys(r.tenderers))
        for p in r.parties.values():
            party: dict[str, Any] = {"name": p.name, "roles": p.roles or None, "scheme": p.scheme}
            _latest(self.parties.setdefault(p.id, {}), key, {**party, "identifier": p.identifier, "country": p.country})
            self.legal_names.setdefault(p.id, {}).update(dict.fromkeys(p.legal_names))
        for a in r.awards.values():
            award: dict[str, Any] = {"date": a.date, "amount": a.amount, "currency": a.currency, "status": a.status}
            _latest(self.awards.setdefault(a.id, {}), key, {**award, "title": a.title})
            self.suppliers.setdefault(a.id, {}).update(dict.fromkeys(a.suppliers))
        if r.method:
            self.stated = min(self.stated or (key, r.method), (key, r.method))
            if r.planning:
                self.planned = min(self.planned or (key, r.method), (key, r.method))

    def process(self) -> Process:
        facts = _values(self.facts)
        planned = self.planned[1] if self.planned else None
        if planned is None and self.stated and self.stated[1] != facts.get("method"):
            planned = self.stated[1]
        parties = {
            pid: Party(pid, legal_names=tuple(self.legal_names[pid]), **_values(fields))
            for pid, fields in self.parties.items()
        }
        awards = {
            aid: Award(aid, suppliers=tuple(self.suppliers[aid]), **_values(fields))
            for aid, fields in self.awards.items()
        }
        return Process(
            self.ocid,
            self.file,
            self.line,
            facts.get("method"),
            planned,
            facts.get("tenderer_count"),
            facts.get("title"),
            facts.get("buyer"),
            facts.get("procuring"),
            tuple(self.tenderers),
            parties,
            awards,
        )


def _latest(held: dict[str, tuple[Key, Any]], key: Key, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value is not None and (name not in held or held[name][0] < key):
            held[name] = (key, value)


def _values(held: dict[str, tuple[Key, Any]]) -> dict[str, Any]:
    return {name: value for name, (_, value) in held.items()}


def merge_releases(releases: list[Release]) -> Process:
    """One process from its releases (see ProcessDraft)."""
    draft = ProcessDraft(releases[0])
    for release in releases:
        draft.add(release)
    return draft.process()


def looks_like_ocds(path: Path) -> bool:
    """An OCDS file (see ocds_releases.looks_like_ocds_file), or a folder holding some."""
    if path.is_dir():
        return bool(ocds_files(path))
    return path.is_file() and looks_like_ocds_file(path)


def read_ocds(path: Path) -> Bundle:
    """The records of an OCDS file or folder; every error in it raised together."""
    errors = ErrorLog()
    reader = ReleaseReader(errors)
    drafts: dict[str, ProcessDraft] = {}
    for release in reader.read(path):
        draft = drafts.get(release.ocid) or drafts.setdefault(release.ocid, ProcessDraft(release))
        draft.add(release)
    errors.raise_any()
    mapper = _Mapper(str(path), reader.skipped)
    for draft in drafts.values():
        mapper.add(draft.process(), errors)
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
