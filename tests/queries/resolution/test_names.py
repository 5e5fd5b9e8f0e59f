"""Folding and reading names."""

from __future__ import annotations

import pytest

from encircle.queries.resolution.names import fold, registration_digits, registration_key


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Earthcott Ltd", "earthcott"),
        ("EARTHCOTT LIMITED", "earthcott"),
        ("The National  Liberal Club", "national liberal club"),
        ("TRUMP ORGANIZATION LLC", "trump organization"),
        ("THE TRUMP ORGANIZATION, INC.", "trump organization"),
        ("Adolf Würth GmbH & Co. KG", "adolf würth"),
        ("Herr Prof. Dr. Hermann Schnabel", "hermann schnabel"),
        ("Dr. Rath Health Programs B.V.", "rath health programs"),
        ("AG", "ag"),  # only a legal form: kept whole
        ("磊鑫新能源有限责任公司", "磊鑫新能源"),
        ("磊鑫新能源股份有限公司", "磊鑫新能源"),
        ("（磊鑫）新能源有限公司", "磊鑫新能源"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw).folded == folded


def test_readings() -> None:
    assert fold("王建国", person=True).latin_words == ("wang", "jianguo")
    assert fold("欧阳修", person=True).latin_words == ("ouyang", "xiu")
    assert fold("单田芳", person=True).latin_words == ("shan", "tianfang")
    assert fold("磊鑫新能源有限公司").latin == fold("Leixin Xinnengyuan Co., Ltd.").latin == "leixinxinnengyuan"
    assert fold("Würth").latin == "wurth"


def test_registration_numbers() -> None:
    assert registration_key("01234567") == registration_key("1234567") == registration_key(" 12-34-567 ")
    assert registration_key("91440300 ma5d8kxl1x") == "91440300MA5D8KXL1X"
    assert registration_key("SC012345") == "SC12345"
    assert registration_digits("GB 01234567") == "1234567"
