"""Cell parsing: dates keep their precision, amounts are strict, lists are trimmed."""

from __future__ import annotations

import datetime as dt

import pytest

from encircle.graph.values import (
    date_precision,
    parse_amount,
    parse_count,
    parse_date,
    parse_fraction,
    parse_list,
    parse_tag_list,
    parse_vocab,
)


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("2016", "2016", "year"),
        ("2016-03", "2016-03", "month"),
        (" 2016-03-05 ", "2016-03-05", "day"),
        ("2016-03-05T10:00:00", "2016-03-05", "day"),
        (dt.datetime(2016, 3, 5, 9, 30), "2016-03-05", "day"),
        (dt.date(2016, 3, 5), "2016-03-05", "day"),
        (2016, "2016", "year"),
    ],
)
def test_dates_keep_their_precision(raw: object, value: str, precision: str) -> None:
    assert parse_date(raw) == value
    assert date_precision(value) == precision


@pytest.mark.parametrize("raw", ["2016-13", "2016-02-30", "16-03-05", "2016/03/05", "March 2016", "2016-3"])
def test_malformed_dates_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="malformed date"):
        parse_date(raw)


def test_a_malformed_date_fails_every_time() -> None:
    messages = []
    for _ in range(2):
        with pytest.raises(ValueError) as caught:
            parse_date(" 2016-02-30 ")
        messages.append(str(caught.value))
    assert messages == ["malformed date '2016-02-30': day is out of range for month"] * 2
    assert parse_date("2016-02-29") == parse_date("2016-02-29 ") == "2016-02-29"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("12000", 12000.0), ("12000.50", 12000.5), ("1,200,000", 1200000.0), (3000, 3000.0), (2.5, 2.5), ("0", 0.0)],
)
def test_amounts(raw: object, value: float) -> None:
    assert parse_amount(raw) == value


@pytest.mark.parametrize("raw", ["12k", "-5", "1,20", "NaN", "inf", "", True])
def test_malformed_amounts_are_refused(raw: object) -> None:
    with pytest.raises(ValueError, match="malformed amount"):
        parse_amount(raw)


def test_fraction_count_and_lists() -> None:
    assert parse_fraction("0.35") == 0.35
    with pytest.raises(ValueError, match="out of range"):
        parse_fraction("35")
    assert parse_count("3") == 3
    with pytest.raises(ValueError, match="whole number"):
        parse_count("2.5")
    assert parse_list(" Li Wei ; 李伟;;Li Wei") == ("Li Wei", "李伟")
    assert parse_tag_list("Golf; TRAVEL ;golf") == ("golf", "travel")
    assert parse_vocab("  Party   Secretary ") == "party secretary"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0000", "malformed date '0000': year 0 is out of range"),
        ("0000-01-01", "malformed date '0000-01-01': year 0 is out of range"),
        ("2016-00", "malformed date '2016-00': month must be in 1..12"),
        ("2016-00-01", "malformed date '2016-00-01': month must be in 1..12"),
        ("2016-01-00", "malformed date '2016-01-00': day is out of range for month"),
        ("٢٠١٦", "malformed date '٢٠١٦': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("２０１６-０１", "malformed date '２０１６-０１': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2016-０１", "malformed date '2016-０１': expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("9" * 200, "malformed date '" + "9" * 56 + "...: expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_zero_and_non_ascii_dates_are_refused(raw: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize("raw", ["0001", "0001-01", "0001-01-01", "9999", "9999-12", "9999-12-31"])
def test_dates_at_the_edges_are_valid(raw: str) -> None:
    assert parse_date(raw) == raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1e309", "amount '1e309' out of range: expected at most 1e+24"),
        ("1e400", "amount '1e400' out of range: expected at most 1e+24"),
        (1e300, "amount 1e+300 out of range: expected at most 1e+24"),
        (10**400, "amount of 401 digits out of range: expected at most 1e+24"),
        (float("inf"), "malformed amount inf: expected a non-negative number"),
        (float("nan"), "malformed amount nan: expected a non-negative number"),
    ],
)
def test_amounts_out_of_range_are_refused(raw: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_amount(raw)
    assert str(caught.value) == message


def test_amounts_in_range() -> None:
    assert parse_amount("1e24") == 1e24
    assert parse_amount("-0") == 0.0 and str(parse_amount("-0")) == "0.0"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1e20", "count '1e20' out of range: expected at most 9223372036854775807"),
        (1e20, "count 1e+20 out of range: expected at most 9223372036854775807"),
        (2**63, "count 9223372036854775808 out of range: expected at most 9223372036854775807"),
        ("1e309", "count '1e309' out of range: expected at most 9223372036854775807"),
        ("-1", "malformed count '-1': expected a non-negative number"),
    ],
)
def test_counts_fit_64_bits(raw: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_count(raw)
    assert str(caught.value) == message
    assert parse_count(2**63 - 1) == parse_count("9223372036854775807") == 2**63 - 1
