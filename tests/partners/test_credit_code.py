import pytest
from django.core.exceptions import ValidationError

from partners.credit_code import check_character, problem_with
from partners.validators import validate_credit_code

# Published codes of well-known companies (public business registration records).
VALID = ["91350100M000100Y43", "91110000802100433B", "914403001922038216"]


@pytest.mark.parametrize("code", VALID)
def test_real_codes_are_valid(code):
    assert problem_with(code) is None
    validate_credit_code(code)


def test_a_wrong_check_character_is_refused():
    code = VALID[0][:17] + ("0" if VALID[0][17] != "0" else "1")
    assert problem_with(code) == "check"
    with pytest.raises(ValidationError, match="check digit"):
        validate_credit_code(code)


@pytest.mark.parametrize(("code", "problem"), [("9135010", "length"), ("91350100M000100I43", "characters")])
def test_length_and_alphabet(code, problem):
    assert problem_with(code) == problem


def test_check_character_of_zero_remainder_is_zero():
    # A body whose weighted sum is a multiple of 31 gets "0", not the 32nd character.
    assert check_character("00000000000000000") == "0"
