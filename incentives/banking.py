"""Bank account numbers on screen: only the last four digits are shown, so a page, an email or a screenshot
never carries a whole account; and the checks a submitted account passes (digits, length, holder's name).
Pure: text in, text out."""

import unicodedata

SHOWN_DIGITS = 4


def masked(number: str) -> str:
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    if not digits:
        return ""
    return "•••• " + digits[-SHOWN_DIGITS:]


# A mainland account number (对公账号 or card) runs from 8 to 30 digits; anything outside is a typing slip.
ACCOUNT_DIGITS_MIN = 8
ACCOUNT_DIGITS_MAX = 30


def account_digits(text: str) -> str:
    """The account number as typed, with full-width digits made ASCII and spaces or dashes between groups
    dropped ("6225 8801-1234" → "622588011234"). Any other character is kept, so the caller can refuse it."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace() and ch != "-")


def account_number_fits(digits: str) -> bool:
    """Digits only, of a plausible length."""
    return digits.isascii() and digits.isdigit() and ACCOUNT_DIGITS_MIN <= len(digits) <= ACCOUNT_DIGITS_MAX


def name_key(name: str) -> str:
    """A company name compared as the bank compares it: width, case and spaces ignored (full-width and
    half-width brackets in a Chinese name are one name)."""
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def names_match(account_name: str, legal_name: str) -> bool:
    """Whether the account holder is the partner itself: payments to another name are a fraud warning."""
    return bool(name_key(account_name)) and name_key(account_name) == name_key(legal_name)
