"""What the stores index for `encircle search`: each entity's names and aliases, their
pinyin readings, and the character pairs of Chinese names.

The stores keep this text beside the records (SQLite: FTS5 tables; Neo4j: `:EntitySearch`
nodes under a full-text index), written with the entities and built once for a store
loaded before it existed. Ranking is the query layer's (queries/resolution/search.py).

Pinyin comes from pypinyin's character table, one reading per character (the first,
toneless), with the usual readings of polyphonic surnames: pypinyin's phrase
segmentation gives better readings of running text but costs ~0.4 ms a name, which is
minutes at a million entities.

>>> pinyin("习近平")
'xi jin ping'
>>> pinyin("单雄信", person=True), pinyin("Lanshan 建设")
('shan xiong xin', 'lanshan jian she')
>>> search_text("习近平", ("Xi Jinping",))
'习近平\\nxi jin ping\\nxijinping\\nxi jinping'
>>> cjk_grams("习近平")
['习近', '近平']
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from encircle.graph.values import name_key

__all__ = ["cjk_grams", "has_cjk", "lucene_query", "pinyin", "search_text"]

# CJK Unified Ideographs (with extension A) and the compatibility block.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Surnames read otherwise than their character's first reading in the table.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "盖": "ge",
    "缪": "miao",
    "乐": "yue",
    "种": "chong",
    "覃": "qin",
    "尉": "yu",
    "翟": "zhai",
    "繁": "po",
    "长": "chang",
    "重": "chong",
    "柏": "bai",
    "秘": "bi",
    "沈": "shen",
    "员": "yun",
}


def has_cjk(text: str) -> bool:
    """Whether `text` holds a Chinese character (CJK ideograph)."""
    return _CJK.search(text) is not None


@cache
def _table() -> dict[str, str]:
    """pypinyin's character table (code point -> readings), read from its JSON file:
    importing the package also builds its phrase segmenter, seconds we do not need."""
    spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
    if spec is None or spec.origin is None:
        raise ImportError("pypinyin is not installed")
    table: dict[str, str] = json.loads((Path(spec.origin).parent / "pinyin_dict.json").read_text(encoding="utf-8"))
    return table


@cache
def _reading(char: str) -> str:
    readings = _table().get(str(ord(char)))
    if not readings:
        return char
    # Toneless, and ü as u ("lǚ" -> "lu"): how passports and most registers write it.
    toneless = unicodedata.normalize("NFKD", readings.split(",")[0])
    return "".join(c for c in toneless if not unicodedata.combining(c))


def pinyin(text: str, person: bool = False) -> str:
    """`text` with each Chinese character replaced by its toneless reading, space
    separated; other text is kept (case-folded). `person` reads the first character as
    a surname."""
    words: list[str] = []
    for part in _split(name_key(text)):
        if _CJK.match(part):
            for i, char in enumerate(part):
                first = person and not words and i == 0
                words.append(SURNAME_READINGS.get(char, "") if first and char in SURNAME_READINGS else _reading(char))
        else:
            words.extend(part.split())
    return " ".join(w for w in words if w)


def _split(text: str) -> list[str]:
    """Runs of Chinese characters and the text between them."""
    parts, last = [], 0
    for match in _CJK_RUN.finditer(text):
        parts += [text[last : match.start()], match.group()]
        last = match.end()
    parts.append(text[last:])
    return [p for p in parts if p.strip()]


def search_text(name: str, aliases: Iterable[str] = (), person: bool = False) -> str:
    """The text a store indexes for an entity: each name key, and for names in Chinese
    their pinyin spaced and run together ('xi jin ping', 'xijinping'), one per line."""
    lines: list[str] = []
    for each in (name, *aliases):
        key = name_key(each)
        lines.append(key)
        if has_cjk(key):
            reading = pinyin(key, person)
            lines += [reading, reading.replace(" ", "")]
    return "\n".join(dict.fromkeys(line for line in lines if line))


def cjk_grams(*names: str) -> list[str]:
    """The pairs of adjacent Chinese characters in `names` (what a two-character query
    such as '习近' is looked up by: too short for a trigram index)."""
    grams: dict[str, None] = {}
    for name in names:
        for run in _CJK_RUN.findall(name_key(name)):
            grams.update((run[i : i + 2], None) for i in range(len(run) - 1))
    return list(grams)


_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def lucene_query(text: str) -> str:
    """A Lucene query for what someone typed: escaped words, each as itself, a prefix
    and (four letters or more, outside Chinese) a fuzzy term; Chinese characters as a
    prefix (the index holds pairs of them, so a single one matches as the first of a pair)."""
    terms = []
    for word in name_key(text).split():
        escaped = _LUCENE_SPECIAL.sub(r"\\\1", word)
        if has_cjk(word):
            terms.append(f'"{escaped}"' if len(word) > 1 else f"{escaped}*")
            continue
        terms += [escaped, f"{escaped}*"] + ([f"{escaped}~"] if len(word) >= 4 else [])
    return " OR ".join(terms)
