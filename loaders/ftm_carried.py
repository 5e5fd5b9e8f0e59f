"""What an FtM stream says beyond the plain mapping: the carrier of encircle's own FtM
export (see encircle.graph.exports.ftm_profile) and debarment Sanctions (blacklists).

A carrier's fields replace what the plain mapping reads for that record, and its
presence switches off the guesses the mapping makes for other streams: a person with
carried roles is not made an official for holding a public post, and a carried
`extra` replaces the link's purpose, summary, description and contract title.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from encircle.graph.errors import LoadError
from encircle.graph.exports.ftm_profile import CARRIER, DEBARRED, read_carrier
from encircle.loaders.ftm_stream import FtmEntity

__all__ = ["REPLACED_EXTRAS", "apply", "blacklists", "carriers"]

REPLACED_EXTRAS = ("purpose", "summary", "description", "contract", "percentage")


def carriers(stream: Mapping[str, FtmEntity], file: str) -> dict[str, dict[str, Any]]:
    """The carried fields of every entity and link that has a carrier, by FtM id."""
    found = {}
    for entity in stream.values():
        try:
            fields = read_carrier(entity.properties.get(CARRIER, ()))
        except ValueError as error:
            raise LoadError(f"bad encircle carrier: {error}", file, entity.line, entity.columns.get(CARRIER)) from None
        if fields is not None:
            found[entity.id] = fields
    return found


def apply(row: dict[str, Any], fields: Mapping[str, Any]) -> None:
    """Carried fields over a row the plain mapping built."""
    for name, value in fields.items():
        if name == "extra":
            for key in REPLACED_EXTRAS:
                row.pop(key, None)
            row.update(value if isinstance(value, dict) else {})
        else:
            row[name] = value


def blacklists(stream: Mapping[str, FtmEntity], entity_types: Mapping[str, str], used: set[str]) -> dict[str, Any]:
    """Blacklist periods by entity FtM id: the first Sanction of each entity that FtM
    tags as debarred (barred from public contracts, which is what the blacklist does).
    Sanctions read here are added to `used`."""
    periods: dict[str, Any] = {}
    for sanction in stream.values():
        if sanction.schema != "Sanction":
            continue
        target = stream.get(sanction.first("entity") or "")
        if target is None or target.id not in entity_types or DEBARRED not in target.all("topics"):
            continue
        used.add(sanction.id)
        periods.setdefault(
            target.id, {"blacklisted_from": sanction.first("startDate"), "blacklisted_until": sanction.first("endDate")}
        )
    return periods
