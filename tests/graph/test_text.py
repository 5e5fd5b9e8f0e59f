"""Safe text out: control and bidi characters shown as escapes; JSON strict and exact."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from encircle.graph.text import has_unsafe, json_bytes, json_text, may_hide_json, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("周平", "周平"),
        ("Li\u202eieW", "Li\\u202eieW"),  # right-to-left override
        ("a\u2066b\u2069c", "a\\u2066b\\u2069c"),  # isolates
        ("\x1b[31mred", "\\x1b[31mred"),  # a terminal escape sequence
        ("nul\x00", "nul\\x00"),
        ("two\nlines\r", "two\\x0alines\\x0d"),
        ("c1\x85", "c1\\x85"),
        ("half \ud800", "half \\ud800"),
        ("ZWNJ in Persian: \u200c", "ZWNJ in Persian: \u200c"),  # a joiner is text, kept
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert not has_unsafe(visible(text))


def test_visible_keeps_what_it_is_told() -> None:
    assert visible("a\nb\u202e", keep="\n") == "a\nb\\u202e"


def test_json_text_is_strict_and_exact() -> None:
    value = {"name": "Li\u202e\x00\x85", "n": [1, 2.5]}
    text = json_text(value, indent=2)
    assert json.loads(text) == value
    assert not has_unsafe(text.replace("\n", ""))
    for bad in (float("inf"), float("nan"), -float("inf")):
        with pytest.raises(ValueError):
            json_text({"amount": bad})


def joined(chunks: Iterable[bytes]) -> str:
    """The text json_bytes writes, pieced together and read back as UTF-8 (strictly)."""
    return b"".join(chunks).decode("utf-8")


JSON_VALUES = [
    [],
    {},
    "x",
    1.5,
    None,
    [[]],
    {"a": {}},
    {"findings": [{"id": "a", "steps": [{"n": 1, "note": "two\nlines \u202e"}], "empty": []}, {"id": "b"}]},
    [1, [2, [3, [4, {"deep": [5]}]]], {"k": ("t", "u")}],
    {1: "a non-string key", "b": 2},  # json.dumps writes the key as "1": done in one piece
    {"名前": "钱磊", "amount": -0.0, "nested": {"x": [True, False, None]}},
]


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*')


def python_numbers(text: str) -> str:
    """JSON text with every number spelled as Python spells it (1e-05, not msgspec's
    1e-5): json_bytes writes arrays' items with msgspec, the same numbers spelled its way."""

    def spelled(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith('"') or not any(c in token for c in ".eE"):
            return token
        return repr(float(token))

    return _TOKEN.sub(spelled, text)


@pytest.mark.parametrize("value", JSON_VALUES)
@pytest.mark.parametrize("indent", [0, 2, 4])
def test_json_bytes_join_to_json_text(value: object, indent: int) -> None:
    assert joined(json_bytes(value, indent=indent)) == json_text(value, indent=indent)


def test_json_bytes_spell_some_numbers_as_msgspec_does() -> None:
    value = {"findings": [{"tiny": 1e-05, "huge": 1e16, "score": 0.25, "amount": 11393000.0, "whole": 10**20}]}
    text = joined(json_bytes(value))
    assert '"tiny": 0.00001' in text and '"huge": 1e16' in text and '"score": 0.25' in text
    assert json.loads(text) == value
    assert python_numbers(text) == json_text(value, indent=2)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(
        # bidi and C1 controls, DEL, a lone surrogate, and text sharing their first UTF-8 byte
        alphabet=st.sampled_from(list('a\n,"\\\u202e\x00\u2028钱 :{]\x85\x7f\u061c\ud800\u00b7\u2192\u0627'))
    )
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=20,
)


@given(value=_VALUES, indent=st.sampled_from([0, 1, 2]))
def test_json_bytes_are_json_text_for_any_value(value: object, indent: int) -> None:
    """Arrays and objects of scalars are written in one piece by json's C encoder (with
    raw line breaks as separators, indented after): strings holding line breaks, commas
    and brackets, any number, any depth still give json.dumps' indented text."""
    assert python_numbers(joined(json_bytes(value, indent=indent))) == json_text(value, indent=indent)


@given(items=st.lists(_VALUES, min_size=1, max_size=600), indent=st.sampled_from([1, 2]))
def test_json_bytes_batches_are_json_text(items: list[object], indent: int) -> None:
    """An array's items are encoded a batch at a time (objects and arrays together, other
    items one by one): any mix, across batch ends, gives json.dumps' indented text."""
    expected = json_text(items, indent=indent), json_text({"findings": items}, indent=indent)
    assert python_numbers(joined(json_bytes(items, indent=indent))) == expected[0]
    for value in ({"findings": items}, {"findings": (item for item in items)}):
        assert python_numbers(joined(json_bytes(value, indent=indent))) == expected[1]


def test_json_bytes_take_a_generator_as_an_array() -> None:
    items = [{"id": i, "tags": ["a", "b"]} for i in range(3)]
    assert joined(json_bytes(item for item in items)) == json_text(items, indent=2)
    assert joined(json_bytes(item for item in [])) == "[]"


def test_json_bytes_write_a_batch_of_items_at_a_time() -> None:
    items = [{"id": i} for i in range(1000)]
    chunks = list(json_bytes(items))
    assert len(chunks) == 5  # four batches of at most 256 items and the closing bracket
    assert max(len(c) for c in chunks) < len(joined(chunks)) / 3
    assert joined(chunks) == json_text(items, indent=2)


def test_json_bytes_refuse_nan_and_infinities_inside_a_batch() -> None:
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError):
            b"".join(json_bytes({"findings": [{"id": "a", "figures": {"trend": None}}, {"score": bad}]}))


def test_a_cycle_is_an_error_not_a_hang() -> None:
    cycle: list[object] = []
    cycle.append(cycle)
    with pytest.raises((ValueError, RecursionError)):
        json_text(cycle)
    with pytest.raises((ValueError, RecursionError)):
        b"".join(json_bytes({"findings": [cycle]}))


@pytest.mark.parametrize(
    "char", ["\x00", "\t", "\r", "\x08", "\x0c", "\x1b", "\x7f", "\x85", "\u061c", "\u202e", "\ud800"]
)
def test_json_that_may_hide_a_character_is_looked_at(char: str) -> None:
    text = json.dumps({"label": f"Li{char}Wei"}, ensure_ascii=False)
    assert visible(char) != char and may_hide_json(text)


def test_json_without_such_characters_is_not() -> None:
    assert not may_hide_json(json.dumps({"label": "Li \\ Wei\n钱 \u00b7 \u2192 <&>"}, ensure_ascii=False))
