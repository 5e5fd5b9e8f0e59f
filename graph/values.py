"""Parsing of single cell values into the value types named in schema.yaml.

Each parser takes the raw cell (a string, or a number/date from a spreadsheet) and
returns the normalized value, raising ValueError with a message fit for a user; the
loaders add the file, line and column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "MAX_AMOUNT",
    "MAX_COUNT",
    "PARSERS",
    "date_precision",
    "is_blank",
    "name_key",
    "parse_amount",
    "parse_count",
    "parse_currency",
    "parse_date",
    "parse_fraction",
    "parse_list",
    "parse_string",
    "parse_tag_list",
    "parse_vocab",
]

# ASCII digits only: `\d` would also match Arabic-Indic or fullwidth digits.
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
MAX_COUNT = 2**63 - 1  # counts are stored as 64-bit integers (Neo4j, SQLite)
# Amounts up to 10^24 (a million times the world's yearly output, in any currency unit):
# far above any real gift or contract, and low enough that the sums, ratios and scores
# computed from millions of them stay finite numbers (1e308 + 1e308 is infinity).
MAX_AMOUNT = Decimal("1e24")


def is_blank(raw: Any) -> bool:
    """True for an empty cell: None, or a string of whitespace only."""
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def parse_string(raw: Any) -> str:
    """The cell as trimmed text; a float holding a whole number (a numeric id from a
    spreadsheet) loses its '.0'."""
    if isinstance(raw, str):
        return raw.strip()  # the usual cell, first: this runs millions of times in a load
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # spreadsheets turn numeric ids into floats
    return str(raw).strip()


def parse_date(raw: Any) -> str:
    """An ISO date keeping its precision: '2016', '2016-03' or '2016-03-05'."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, int) and 1000 <= raw <= 9999:
        return str(raw)  # a spreadsheet year cell
    text = parse_string(raw)
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]  # a timestamp: keep the day
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"malformed date {_short(text)}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g is not None else None for g in match.groups())
    try:
        # 0 is not "not given": year 0000, month 00 and day 00 are errors like month 13.
        dt.date(year or 0, 1 if month is None else month, 1 if day is None else day)
    except ValueError as error:
        raise ValueError(f"malformed date {_short(text)}: {error}") from None
    return text


def date_precision(value: str) -> str:
    """'year', 'month' or 'day' for a date produced by :func:`parse_date`."""
    return {4: "year", 7: "month", 10: "day"}[len(value)]


def parse_amount(raw: Any) -> float:
    """A finite non-negative number as a float; text may hold spaces and comma thousands
    separators ('12,000.50'). A boolean is not an amount."""
    number = _number(raw, "amount")
    if number > MAX_AMOUNT:  # compared exactly: 1e309 is a finite Decimal but an infinite float
        raise ValueError(f"amount {_short(raw)} out of range: expected at most {MAX_AMOUNT:g}")
    return float(number) + 0.0  # -0 is 0


def parse_fraction(raw: Any) -> float:
    """An amount between 0 and 1 (a share)."""
    value = parse_amount(raw)
    if value > 1:
        raise ValueError(f"share {_short(raw)} out of range: expected a fraction 0..1")
    return value


def parse_count(raw: Any) -> int:
    """A whole non-negative number, as an int ('3' or 3.0, not 2.5)."""
    number = _number(raw, "count")
    if number != number.to_integral_value():
        raise ValueError(f"malformed count {_short(raw)}: expected a whole number")
    if number > MAX_COUNT:
        raise ValueError(f"count {_short(raw)} out of range: expected at most {MAX_COUNT}")
    return int(number)


def _number(raw: Any, what: str) -> Decimal:
    """A finite, non-negative number, exactly as written."""
    if isinstance(raw, bool):
        raise ValueError(f"malformed {what} {raw!r}")
    if isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    else:
        text = parse_string(raw).replace(" ", "")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"malformed {what} {_short(text)}: expected a number like 12000.50") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"malformed {what} {_short(raw)}: expected a non-negative number")
    return number


def _short(raw: Any) -> str:
    """A cell for a message, cut when long (a 5,000-digit number, a 100 KB cell)."""
    if isinstance(raw, int) and raw.bit_length() > 200:
        return f"of {int(raw.bit_length() * math.log10(2)) + 1} digits"  # repr() refuses ints over 4,300 digits
    text = repr(raw)
    return text if len(text) <= 60 else f"{text[:57]}..."


def parse_list(raw: Any) -> tuple[str, ...]:
    """A ';'-separated cell, or a list as JSON/YAML case files and FtM streams give it
    (items of a list are not split again: a name may hold a ';')."""
    items = raw if isinstance(raw, (list, tuple)) else parse_string(raw).split(";")
    parts = (parse_string(item) for item in items if not is_blank(item))
    return tuple(dict.fromkeys(part for part in parts if part))


def parse_tag_list(raw: Any) -> tuple[str, ...]:
    """:func:`parse_list` lower-cased, duplicates dropped."""
    return tuple(dict.fromkeys(part.lower() for part in parse_list(raw)))


def parse_vocab(raw: Any) -> str:
    """A term of an open vocabulary (`kind`, `role`): lower-cased, runs of whitespace made
    one space."""
    return " ".join(parse_string(raw).lower().split())


def parse_currency(raw: Any) -> str:
    """A currency code, trimmed and upper-cased."""
    return parse_string(raw).upper()


def name_key(text: str) -> str:
    """The form names are matched in: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


PARSERS: dict[str, Callable[[Any], Any]] = {
    "string": parse_string,
    "text_list": parse_list,
    "tag_list": parse_tag_list,
    "date": parse_date,
    "amount": parse_amount,
    "fraction": parse_fraction,
    "count": parse_count,
    "currency": parse_currency,
    "vocab": parse_vocab,
    "entity_ref": parse_string,
    "entity_refs": parse_list,
}
