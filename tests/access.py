"""The vocabulary of the access matrix (tests/test_access_matrix.py).

Every URL name of the project needs a `Row` saying what each kind of user gets. Each app keeps its
rows in `tests/<app>/access_rows.py` (ROWS, and `populate(world)` to add the objects its URLs need).
Object URLs are requested with partner A's objects, so partner B must get 404 on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

ANON = "anonymous"
PARTNER_A = "partner A"
PARTNER_B = "partner B"
DIRECTOR = "director"
MANAGER = "manager"
FINANCE = "finance"
TRAINER = "trainer"

INTERNAL = (DIRECTOR, MANAGER, FINANCE, TRAINER)
PARTNERS = (PARTNER_A, PARTNER_B)
USERS = (ANON, *PARTNERS, *INTERNAL)

World = SimpleNamespace


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, int]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[World], dict] = field(default=lambda w: {})
    query: str = ""

    def __post_init__(self):
        missing = set(USERS) - set(self.expect)
        assert not missing, f"{self.name}: no expectation for {sorted(missing)}"

    def __str__(self):
        return self.name


def internal(name, *, roles=INTERNAL, kwargs=None, method="get", data=None, ok=200, query="") -> Row:
    """An internal page: login first, partner users and other roles are refused."""
    expect = {ANON: 302, PARTNER_A: 403, PARTNER_B: 403}
    expect |= {role: (ok if role in roles else 403) for role in INTERNAL}
    return Row(name, expect, kwargs or (lambda w: {}), method, data or (lambda w: {}), query)


def portal(name, *, kwargs=None, method="get", data=None, ok=200, other=None, query="") -> Row:
    """A portal page. With `kwargs` it shows one of partner A's objects, so partner B gets 404."""
    other = other if other is not None else (404 if kwargs else ok)
    expect = {ANON: 302, PARTNER_A: ok, PARTNER_B: other} | dict.fromkeys(INTERNAL, 403)
    return Row(name, expect, kwargs or (lambda w: {}), method, data or (lambda w: {}), query)


def public(name, *, kwargs=None, method="get", data=None, ok=200, query="") -> Row:
    return Row(name, dict.fromkeys(USERS, ok), kwargs or (lambda w: {}), method, data or (lambda w: {}), query)
