from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pinxiang.customs import (
    InvalidContainerNo,
    check_digit,
    validate_container_no,
    validate_seal_no,
)


@pytest.mark.parametrize("number", ["CSQU3054383", "MSKU9070323", "MSCU6639870", "csqu 305438 3"])
def test_valid_container_numbers_pass_the_iso_6346_check(number: str) -> None:
    assert validate_container_no(number) == number.replace(" ", "").upper()


def test_wrong_check_digit_is_refused_with_the_expected_one() -> None:
    with pytest.raises(InvalidContainerNo, match="check digit is 4, expected 3"):
        validate_container_no("CSQU3054384")


@pytest.mark.parametrize("number", ["CSQ3054383", "CSQX3054383", "1SQU3054383", ""])
def test_malformed_container_numbers_are_refused(number: str) -> None:
    with pytest.raises(InvalidContainerNo, match="3 letters"):
        validate_container_no(number)


def test_letters_skip_multiples_of_eleven() -> None:
    # A=10, B=12 (11 skipped) … U=32 (22 skipped): value × 2^position, mod 11, mod 10
    assert check_digit("AAAU000000") == (10 + 20 + 40 + 32 * 8) % 11 % 10


@given(
    owner=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    category=st.sampled_from("UJZ"),
    serial=st.integers(0, 999_999),
)
def test_a_number_with_its_computed_check_digit_always_validates(
    owner: str, category: str, serial: int
) -> None:
    first10 = f"{owner}{category}{serial:06d}"
    assert validate_container_no(first10 + str(check_digit(first10))) == first10 + str(
        check_digit(first10)
    )


def test_seal_numbers_are_recorded_upper_case() -> None:
    assert validate_seal_no(" yw2026-0042 ") == "YW2026-0042"
    with pytest.raises(InvalidContainerNo, match="seal number"):
        validate_seal_no("x")
