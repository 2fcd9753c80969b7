from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.validators import (
    bsn_is_valid,
    normalize_postcode,
    validate_bsn,
    validate_not_in_future,
    validate_postcode,
)

# --- BSN (11-proef) -------------------------------------------------------------------------


@pytest.mark.parametrize("bsn", ["111222333", "123456782"])
def test_valid_bsn_passes_the_elfproef(bsn):
    assert bsn_is_valid(bsn)
    validate_bsn(bsn)


def test_bsn_with_wrong_checksum_is_refused():
    assert not bsn_is_valid("123456789")
    with pytest.raises(ValidationError) as exc:
        validate_bsn("123456789")
    assert exc.value.code == "bsn_checksum"


@pytest.mark.parametrize("bsn", ["12345678", "1234567820", ""], ids=["8", "10", "empty"])
def test_bsn_of_wrong_length_is_refused(bsn):
    assert not bsn_is_valid(bsn)
    with pytest.raises(ValidationError) as exc:
        validate_bsn(bsn)
    assert exc.value.code == "bsn_format"


@pytest.mark.parametrize("bsn", ["11122233a", "abcdefghi", "111 222 333"])
def test_bsn_with_other_characters_than_digits_is_refused(bsn):
    assert not bsn_is_valid(bsn)
    with pytest.raises(ValidationError) as exc:
        validate_bsn(bsn)
    assert exc.value.code == "bsn_format"


def test_bsn_of_only_zeros_is_refused_although_it_passes_the_sum():
    assert not bsn_is_valid("000000000")
    with pytest.raises(ValidationError):
        validate_bsn("000000000")


# --- Postcode -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1234ab", "1234 AB", " 1234  ab ", "1234AB"])
def test_postcode_is_normalised_to_four_digits_space_two_capitals(typed):
    assert normalize_postcode(typed) == "1234 AB"


def test_postcode_that_is_not_dutch_is_returned_as_typed_without_outer_spaces():
    assert normalize_postcode(" B-1000 ") == "B-1000"


def test_normalised_postcode_is_accepted():
    validate_postcode("1234 AB")


@pytest.mark.parametrize("letters", ["SA", "SD", "SS"])
def test_postcode_letters_that_are_never_issued_are_refused(letters):
    with pytest.raises(ValidationError) as exc:
        validate_postcode(f"1234 {letters}")
    assert exc.value.code == "postcode"


@pytest.mark.parametrize(
    "postcode", ["0123 AB", "123 AB", "12345 AB", "1234 A", "1234 ab", "", "B-1000"]
)
def test_postcode_that_is_not_dutch_is_refused(postcode):
    with pytest.raises(ValidationError) as exc:
        validate_postcode(postcode)
    assert exc.value.code == "postcode"


# --- Dates ----------------------------------------------------------------------------------


def test_today_and_now_are_not_in_the_future():
    validate_not_in_future(timezone.localdate())
    validate_not_in_future(timezone.now())


def test_date_in_the_future_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_not_in_future(timezone.localdate() + timedelta(days=1))
    assert exc.value.code == "future"


def test_moment_in_the_future_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_not_in_future(timezone.now() + timedelta(minutes=5))
    assert exc.value.code == "future"
