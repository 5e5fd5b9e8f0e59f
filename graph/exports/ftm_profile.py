"""encircle's profile of FollowTheMoney, shared by the FtM export and the FtM loader.

FtM has a property for most of what encircle records (names, dates, amounts, kinship,
shares, roles, contract authorities) and the export uses those. For the rest (a gift's
kind, the evidential status, a tender's planned procedure and bidders, hobbies, roles
FtM has no topic for, extra properties) it writes one *carrier* value in the FtM
`description` of the entity or link: ``encircle:`` followed by a JSON object of encircle
field names and their values. The FtM loader reads it back, so an export loads as the
same records; any other FtM tool shows it as text.

Ids: an encircle id FtM accepts (letters, digits, '.' and '-', at most 200 characters)
is kept; any other becomes ``encircle-<sha1>`` with the original in the carrier. Ids
containing ``encircle-`` are reserved for that and for the entities the export adds
(a Position per post title and body, a Contract per approval, a Sanction per blacklist
period), whose ids end in ``.encircle-<what>``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "BLACKLIST_PROGRAM",
    "CARRIER",
    "CLOSE_ASSOCIATE",
    "COUNTRIES",
    "DEBARRED",
    "MAX_ID",
    "MAX_LENGTH",
    "PEP",
    "PREFIX",
    "RESERVED",
    "aux_id",
    "carrier",
    "fits",
    "ftm_id",
    "is_carrier",
    "read_carrier",
]

PREFIX = "encircle:"
CARRIER = "description"  # the FtM property holding the carrier, on every schema the export writes
RESERVED = "encircle-"
MAX_ID = 200
_FTM_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$")

PEP = "role.pep"  # FtM topic of an official (the loader also reads role.pol)
CLOSE_ASSOCIATE = "role.rca"  # FtM topic of relatives and close associates of a PEP
DEBARRED = "debarment"  # FtM topic of an entity barred from public contracts: the blacklist
BLACKLIST_PROGRAM = "bribe-giver blacklist"

# Longest value FtM accepts per property type (followthemoney.types, max_length).
MAX_LENGTH = {"name": 384, "string": 1024, "text": 65000, "identifier": 64, "date": 32}
# The country codes FtM accepts (ISO 3166-1 alpha-2 and a few more), lower case.
_CODES = """ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv bw
    by bz ca cc cd cf cg ch ci ck cl cm cn co cp cq cr cu cv cw cx cy cz dd de dg dj dk dm do dz ec ee eg eh er es
    et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu ic id ie il
    im in io ip iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md
    me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg
    ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st sv sx sy sz
    ta tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug um un us uy uz va vc ve vg vi vn vu wf ws xk ye yt za
    zm zr zw zz"""
COUNTRIES = frozenset(_CODES.split())


def fits(ftm_type: str, value: str) -> bool:
    """Whether FtM accepts `value` for a property of `ftm_type` (as far as the export
    uses them: length limits, and country codes)."""
    if ftm_type == "country":
        return value.lower() in COUNTRIES
    return 0 < len(value) <= MAX_LENGTH.get(ftm_type, 1024)


def ftm_id(record_id: str, salt: str = "", force: bool = False) -> str:
    """The FtM id of an encircle id: itself when FtM accepts it, else a hash (`salt`
    tells apart a relation that shares its id with an entity)."""
    if not force and len(record_id) <= MAX_ID and _FTM_ID.match(record_id) and RESERVED not in record_id:
        return record_id
    return RESERVED + hashlib.sha1(f"{salt}\0{record_id}".encode()).hexdigest()


def aux_id(base: str, what: str) -> str:
    """The id of an entity the export adds for `base` (an FtM id): `base.encircle-what`."""
    text = f"{base}.{RESERVED}{what}"
    return text if len(text) <= MAX_ID else RESERVED + hashlib.sha1(f"aux\0{text}".encode()).hexdigest()


def carrier(fields: Mapping[str, Any]) -> str:
    """The carrier text for encircle fields FtM has no property for."""
    return PREFIX + json.dumps(dict(fields), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def is_carrier(value: str) -> bool:
    """Whether an FtM property value is an encircle carrier (the JSON of what FtM has no property for)."""
    return value.startswith(PREFIX + "{")


def read_carrier(values: Iterable[str]) -> dict[str, Any] | None:
    """The fields of the first carrier among a property's values; None when there is
    none. Raises ValueError for a carrier that is not a JSON object."""
    for value in values:
        if is_carrier(value):
            fields = json.loads(value[len(PREFIX) :])
            if not isinstance(fields, dict):
                raise ValueError("the encircle carrier must be a JSON object")
            return fields
    return None
