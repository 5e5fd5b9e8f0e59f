"""Names folded for comparison: case, width, whitespace, punctuation, articles, legal
forms and titles removed, and a Latin reading of each (pinyin for Chinese names).

Folding keeps what tells two names apart and drops what only says the same thing
another way: "Earthcott Ltd" and "EARTHCOTT LIMITED" fold to `earthcott`, "磊鑫新能源有限公司"
and "磊鑫新能源股份有限公司" to `磊鑫新能源`, "Herr Dr. Hermann Schnabel" to `hermann schnabel`.

>>> fold("The Earthcott Co., Ltd.").folded, fold("The Earthcott Co., Ltd.").dropped
('earthcott', ('the', 'co', 'ltd'))
>>> fold("磊鑫新能源股份有限公司").folded, fold("磊鑫新能源股份有限公司").latin
('磊鑫新能源', 'leixinxinnengyuan')
>>> fold("王建国", person=True).latin_words, fold("Jianguo Wang", person=True).latin_words
(('wang', 'jianguo'), ('jianguo', 'wang'))
>>> registration_key("GB 01234567"), registration_key("1234567")
('GB1234567', '1234567')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from encircle.graph.search import has_cjk, pinyin
from encircle.graph.values import name_key

__all__ = ["Name", "fold", "registration_digits", "registration_key"]

# Folded (lower-case, dots removed) legal forms, any language; multi-word forms are
# dropped word by word ("gmbh & co. kg" -> gmbh, co, kg).
LEGAL_FORMS = frozenset(
    (
        *("ltd", "limited", "inc", "incorporated", "llc", "llp", "lp", "plc", "corp", "corporation"),
        *("co", "company", "cos", "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "ug", "se", "ev", "eg", "gbr"),
        *("aktiengesellschaft", "gesellschaft", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as"),
        *("asa", "oy", "oyj", "aps", "pty", "pte", "bhd", "sdn", "kk"),
    )
)
ARTICLES = frozenset(("the", "a", "an", "and", "of", "und", "der", "die", "das", "des", "le", "la", "les", "el", "de"))
# Honorifics and academic titles (people, and firms named after them: "Dr. Rath ...").
TITLES = frozenset(("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "hon", "rev", "ing"))
# Chinese legal forms, longest first: they end a firm's name.
CJK_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "责任公司", "集团公司", "公司")
_DROP_CHARS = str.maketrans("", "", ".'’`´")  # "B.V." -> "bv", "Victor's" -> "victors"
_NON_WORD = re.compile(r"[^\w]+")
_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "慕容",
        "夏侯",
        "皇甫",
        "令狐",
        "东方",
        "公孙",
        "尉迟",
        "长孙",
        "宇文",
        "司徒",
        "端木",
    ]
)


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity, in the forms the comparisons use."""

    raw: str
    key: str  # values.name_key: NFKC, case-folded, single spaces
    folded: str  # words without punctuation, articles, legal forms and titles
    dropped: tuple[str, ...]  # what folding removed, for the reasons
    latin: str  # a Latin reading without spaces: pinyin for Chinese, accents removed elsewhere
    latin_words: tuple[str, ...]  # the reading's words (a Chinese person: surname, given name)
    cjk: bool

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.folded.split())


@lru_cache(maxsize=200_000)
def fold(raw: str, person: bool = False) -> Name:
    """`raw` folded; `person` reads a Chinese name as surname + given name."""
    key = name_key(raw)
    if has_cjk(key):
        return _fold_cjk(raw, key, person)
    words = _NON_WORD.sub(" ", key.translate(_DROP_CHARS).replace("_", " ")).split()
    kept = [w for w in words if w not in LEGAL_FORMS and w not in ARTICLES and w not in TITLES]
    if not kept:  # a name that is only a legal form or title ("AG"): keep it whole
        kept = words
    dropped = tuple(w for w in words if w not in kept)
    latin_words = tuple(_ascii(w) for w in kept)
    return Name(raw, key, " ".join(kept), dropped, "".join(latin_words), latin_words, False)


def _fold_cjk(raw: str, key: str, person: bool) -> Name:
    text = _NON_WORD.sub("", key.translate(_DROP_CHARS))
    dropped = []
    for suffix in CJK_LEGAL:
        if text.endswith(suffix) and len(text) > len(suffix):
            text, dropped = text[: -len(suffix)], [suffix]
            break
    if person and len(text) >= 2:
        surname = text[:2] if text[:2] in _COMPOUND_SURNAMES else text[:1]
        words: tuple[str, ...] = (
            pinyin(surname, person=True).replace(" ", ""),
            pinyin(text[len(surname) :]).replace(" ", ""),
        )
    else:
        words = tuple(pinyin(text).split())
    latin_words = tuple(w for w in words if w)
    return Name(raw, key, text, tuple(dropped), "".join(latin_words), latin_words, True)


def _ascii(word: str) -> str:
    """`würth` -> `wurth`: accents removed (a Latin reading to compare across spellings)."""
    decomposed = unicodedata.normalize("NFKD", word.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_REG_JUNK = re.compile(r"[^0-9A-Z]")
_REG_PARTS = re.compile(r"^([A-Z]*)0*(\d.*)$")


def registration_key(raw: str) -> str:
    """A registration number compared: upper case, no spaces or punctuation, and the
    leading zeros of its number dropped (`GB 01234567` -> `GB1234567`)."""
    text = _REG_JUNK.sub("", unicodedata.normalize("NFKC", raw).upper())
    match = _REG_PARTS.match(text)
    return match.group(1) + match.group(2) if match else text


def registration_digits(raw: str) -> str:
    """The number without a letter prefix (`GB1234567` -> `1234567`), to match a number
    written with its register's prefix and without."""
    key = registration_key(raw)
    match = _REG_PARTS.match(key)
    return match.group(2) if match else key
