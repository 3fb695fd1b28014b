"""Versions of tables whose every write adds a history row: read together in one query, moved by any write,
and what is kept under them read again only after such a write."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.versions import kept_under, version_of, versions
from partners.models import Partner
from tests.partners.factories import PartnerFactory, TierFactory


def test_every_tracked_table_is_read_in_one_query_once_a_request(db):
    memo = {}
    with CaptureQueriesContext(connection) as queries:
        known = versions(memo=memo)
        version_of("partners", "targets", "payouts", memo=memo)
    assert len(queries) == 1
    assert {"partners", "tiers", "regions", "targets", "payouts"} <= set(known)


def test_a_write_to_a_tracked_table_moves_its_version_and_no_other(db):
    before = versions()
    TierFactory()
    after = versions()
    assert after["tiers"] != before["tiers"]
    assert after["partners"] == before["partners"] and after["payouts"] == before["payouts"]


def test_what_is_kept_under_a_version_is_read_again_only_after_a_write(db):
    PartnerFactory()
    partners = Partner.objects.all()

    def count():
        with CaptureQueriesContext(connection) as queries:
            n = kept_under("partners-counted", ("partners",), partners, partners.count)
        return n, sum('FROM "partners_partner"' in q["sql"] for q in queries)

    assert count() == (1, 1)
    assert count() == (1, 0)  # kept
    PartnerFactory()
    assert count() == (2, 1)
    assert kept_under("none", ("partners",), Partner.objects.none(), lambda: 0) == 0  # nothing to key: computed
