import pytest

from pinxiang.domain import HsCode, InvalidHsCode


def test_an_eight_digit_tariff_code_is_padded_to_ten() -> None:
    assert HsCode.parse("9503.00.89").code == "9503008900"


def test_spaces_and_dots_are_ignored() -> None:
    assert HsCode.parse("9503 0089 00").code == "9503008900"


def test_a_code_stored_as_a_float_by_a_spreadsheet_is_read() -> None:
    assert HsCode.parse("9503008900.0").code == "9503008900"


@pytest.mark.parametrize("bad", ["95030", "95030089001", "ABCD008900", ""])
def test_codes_that_are_not_ten_digits_are_refused(bad: str) -> None:
    with pytest.raises(InvalidHsCode, match="exactly 10 digits"):
        HsCode.parse(bad)


def test_chapter_heading_and_subheading_are_prefixes() -> None:
    hs = HsCode("9503008900")
    assert (hs.chapter, hs.heading, hs.subheading, hs.tariff8) == (
        "95",
        "9503",
        "950300",
        "95030089",
    )


def test_a_leading_zero_lost_by_a_spreadsheet_is_restored() -> None:
    assert HsCode.parse("101210000").code == "0101210000"
