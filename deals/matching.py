# ruff: noqa: RUF002 -- the examples are Chinese company names with full-width characters
"""Who may claim an end customer: pure rules, plain data in and out, no ORM.

The plan asks for "clear channel rules that prevent conflicts between partners" (渠道冲突的预防). A deal
registration (报备) claims a customer; the same customer is recognised

- by the unified social credit code, when both sides give one (spaces and case do not matter), and
- by the normalised name: full-width characters become half-width (ＡＢＣ１２３ → abc123, （ → (), case and
  every space and punctuation mark are dropped, and company suffixes (有限公司, 股份有限公司, 集团, Co., Ltd. ...)
  are removed from the end, so 「华为技术有限公司」, 「华为技术 有限公司」 and 「华为技术（集团）」 are one customer.

A claim protects its customer while it is pending (first come, first served) or approved and its protection
has not passed its last day. A customer on the direct-sales list is nobody's to register.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Longest first: 股份有限公司 must go before 有限公司 leaves 股份 behind.
CHINESE_SUFFIXES = sorted(
    {"股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "集团", "分公司", "公司"},
    key=len,
    reverse=True,
)
# Latin suffixes are whole words: "Acme Co" loses "co", "Taco" does not.
LATIN_SUFFIXES = {
    "co",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "company",
    "llc",
    "gmbh",
    "group",
}
_PUNCTUATION = re.compile(r"[^\w]+")


def normalise_name(name: str) -> str:
    """The key two spellings of one company share: 「 ＡＢＣ 科技（集团）有限公司 」 → "abc科技"."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _PUNCTUATION.sub(" ", text).strip()
    changed = True
    while changed and text:
        changed = False
        for suffix in CHINESE_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)].rstrip(), True
                break
        else:
            head, _space, last = text.rpartition(" ")
            if head and last in LATIN_SUFFIXES:
                text, changed = head.rstrip(), True
    return text.replace(" ", "").replace("_", "")


def normalise_code(code: str) -> str:
    """A credit code (or another id) as compared: half-width, upper case, without spaces or dashes."""
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", code or "")).upper()


@dataclass(frozen=True)
class Claim:
    """A registration that may protect a customer."""

    partner_id: int
    name_key: str
    code_key: str
    status: str  # "pending" or "approved"
    protected_until: dt.date | None  # None while pending


@dataclass(frozen=True)
class Candidate:
    partner_id: int
    name_key: str
    code_key: str


PROTECTED = "protected"  # another partner holds (or first claimed) the customer
OWN = "own"  # the partner already registered it
RESERVED = "reserved"  # on the direct-sales list
OUTSIDE_TERRITORY = "territory"


def same_customer(a_name: str, a_code: str, b_name: str, b_code: str) -> bool:
    """The same customer when the codes match, or the normalised names do. Two different codes mean two
    companies even with the same name (a branch and its head office register separately)."""
    if a_code and b_code:
        return a_code == b_code
    return bool(a_name) and a_name == b_name


def is_live(claim: Claim, *, today: dt.date) -> bool:
    """A claim protects while pending, or approved until the end of its last protected day."""
    if claim.status == "pending":
        return True
    return claim.status == "approved" and claim.protected_until is not None and claim.protected_until >= today


def conflict_for(
    candidate: Candidate,
    *,
    claims: Iterable[Claim],
    reserved: Iterable[tuple[str, str]] = (),
    today: dt.date,
) -> str | None:
    """Why `candidate` may not claim its customer (PROTECTED, OWN, RESERVED), or None when it may."""
    for name_key, code_key in reserved:
        if same_customer(candidate.name_key, candidate.code_key, name_key, code_key):
            return RESERVED
    for claim in claims:
        if not is_live(claim, today=today):
            continue
        if same_customer(candidate.name_key, candidate.code_key, claim.name_key, claim.code_key):
            return OWN if claim.partner_id == candidate.partner_id else PROTECTED
    return None


def in_territory(*, region_id: int, province_id: int | None, territory_ids: Iterable[int]) -> bool:
    """A customer's city lies in the authorised territory when the city or its province is listed."""
    territory = set(territory_ids)
    return region_id in territory or (province_id is not None and province_id in territory)


def protection_end(*, approved_on: dt.date, days: int) -> dt.date:
    """The last protected day: approved on the 1st for 90 days protects up to and including the 90th day."""
    return approved_on + dt.timedelta(days=days - 1)


def reminder_due(*, protected_until: dt.date, today: dt.date, days_before: int) -> bool:
    return today <= protected_until <= today + dt.timedelta(days=days_before)
