import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common import display
from common.periods import local_date
from partners.models import Partner
from tests.common.factories import DirectorFactory, ManagerFactory, TrainerFactory
from tests.partners.factories import (
    AgreementFactory,
    ComplianceIncidentFactory,
    ContactFactory,
    InteractionFactory,
    PartnerFactory,
    PartnerStatusChangeFactory,
    PartnerUserFactory,
    RegionFactory,
    SalesRecordFactory,
    TierFactory,
    credit_code,
)

pytestmark = pytest.mark.django_db


def _fill(count: int, *, children: int = 2) -> list[Partner]:
    """`count` partners, each with `children` of everything the list and the tabs show."""
    tier = TierFactory()
    partners = PartnerFactory.create_batch(count, tier=tier)
    for partner in partners:
        ContactFactory.create_batch(children, partner=partner)
        AgreementFactory.create_batch(children, partner=partner)
        SalesRecordFactory.create_batch(children, partner=partner)
        InteractionFactory.create_batch(children, partner=partner)
        ComplianceIncidentFactory.create_batch(children, partner=partner)
        PartnerStatusChangeFactory.create_batch(children, partner=partner)
    return partners


TABS = ("overview", "contacts", "agreements", "sales", "interactions", "incidents", "history")


def _query_counts(client, partner) -> dict[str, int]:
    urls = {
        "list": reverse("partners:list"),
        "list filtered and sorted": reverse("partners:list") + "?sort=-tier&q=%E4%BC%99%E4%BC%B4&status=active",
        "export": reverse("partners:export"),
        "agreements": reverse("partners:agreements"),
    }
    detail = reverse("partners:detail", kwargs={"pk": partner.pk})
    urls |= {f"detail {tab}": f"{detail}?tab={tab}" for tab in TABS}
    counts = {}
    for label, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if label == "export":
                b"".join(response.streaming_content)  # the export's queries run while it streams
        assert response.status_code == 200, label
        counts[label] = len(queries)
    return counts


def test_list_export_and_detail_use_the_same_queries_for_5_and_50_partners(client):
    client.force_login(DirectorFactory())
    first = _fill(5)[0]
    with_5 = _query_counts(client, first)
    _fill(45)
    assert Partner.objects.count() == 50
    with_50 = _query_counts(client, first)
    assert with_5 == with_50


def test_the_lists_count_of_every_partner_is_taken_again_only_after_a_partner_is_written(client):
    client.force_login(DirectorFactory())
    PartnerFactory.create_batch(3, status=Partner.Status.ACTIVE)
    url = reverse("partners:list")

    def counted(query=""):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url + query).context["page_obj"]
        reads = [q for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "partners_partner"')]
        return page.paginator.count, len(reads)

    assert counted() == (3, 1)
    assert counted() == (3, 0)  # kept
    assert counted("?status=suspended") == (0, 1)  # each filter on its own
    partner = Partner.objects.first()
    partner.status = Partner.Status.SUSPENDED  # any partner write (a history row) moves the version
    partner.save()
    assert counted("?status=suspended") == (1, 1)
    PartnerFactory()
    assert counted() == (4, 1)


def test_detail_tabs_use_the_same_queries_for_few_and_many_rows(client):
    client.force_login(DirectorFactory())
    few, many = _fill(1, children=2)[0], _fill(1, children=12)[0]

    def tabs(partner):  # the lists' counts are kept from the first call: the same pages, nothing written between
        return {label: n for label, n in _query_counts(client, partner).items() if label.startswith("detail")}

    assert tabs(few) == tabs(many)


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _partner_post(**overrides):
    region = RegionFactory()
    data = {
        "code": "p7001",
        "name": "成都锦程商贸",
        "legal_name": "成都锦程商贸有限公司",
        "credit_code": credit_code(7001).lower(),
        "channel_type": "retailer",
        "region": region.pk,
        "status": "onboarding",
        "joined_on": "",
    }
    return data | overrides


def test_create_partner_through_the_form(client):
    manager = ManagerFactory()
    client.force_login(manager)
    response = client.post(reverse("partners:create"), _partner_post(manager=manager.pk))
    partner = Partner.objects.get(code="P7001")  # codes are stored in capitals
    assert response.status_code == 302
    assert response.url == reverse("partners:detail", kwargs={"pk": partner.pk})
    assert partner.credit_code == credit_code(7001)
    assert partner.status == "onboarding"
    assert partner.status_changes.get().changed_by == manager


@pytest.mark.parametrize(
    ("credit", "message"),
    [
        ("91440101MA5000001", "exactly 18 characters"),
        ("91440101MA50000O1X", "only digits and the capital letters"),
        (credit_code(1)[:-1] + ("0" if credit_code(1)[-1] != "0" else "1"), "does not match its check digit"),
    ],
)
def test_create_form_shows_credit_code_errors(client, credit, message):
    client.force_login(ManagerFactory())
    response = client.post(reverse("partners:create"), _partner_post(credit_code=credit))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Partner.objects.filter(code="P7001").exists()


def test_create_form_refuses_a_duplicate_credit_code(client):
    PartnerFactory(credit_code=credit_code(7001))
    client.force_login(ManagerFactory())
    response = client.post(reverse("partners:create"), _partner_post())
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_edit_keeps_status_out_of_the_form(client):
    partner = PartnerFactory(status="active")
    client.force_login(ManagerFactory())
    data = _partner_post(code=partner.code, credit_code=partner.credit_code, status="prospect", name="改名公司")
    response = client.post(reverse("partners:edit", kwargs={"pk": partner.pk}), data)
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.status) == ("改名公司", "active")


def test_status_change_page_moves_the_partner_and_shows_it_in_history(client):
    partner = PartnerFactory(status="active")
    client.force_login(ManagerFactory())
    url = reverse("partners:status", kwargs={"pk": partner.pk})
    response = client.post(url, {"status": "suspended", "reason": "窜货 暂停供货"})
    assert response.status_code == 302
    history = client.get(reverse("partners:detail", kwargs={"pk": partner.pk}) + "?tab=history")
    assert "窜货 暂停供货" in history.content.decode()
    partner.refresh_from_db()
    assert partner.status == "suspended"


def test_status_change_page_offers_only_legal_moves(client):
    partner = PartnerFactory(status="prospect")
    client.force_login(ManagerFactory())
    url = reverse("partners:status", kwargs={"pk": partner.pk})
    response = client.post(url, {"status": "active", "reason": "skip onboarding"})
    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    partner.refresh_from_db()
    assert partner.status == "prospect"


def test_list_filters_by_province_text_and_status(client):
    guangdong_city = RegionFactory()
    match = PartnerFactory(name="深圳前海数码", region=guangdong_city, status="active")
    PartnerFactory(name="深圳前海数码二", region=guangdong_city, status="suspended")
    PartnerFactory(name="其他公司", region=guangdong_city, status="active")
    client.force_login(ManagerFactory())
    response = client.get(
        reverse("partners:list"), {"province": guangdong_city.parent_id, "q": "前海", "status": "active"}
    )
    assert list(response.context["partners"]) == [match]
    by_code = client.get(reverse("partners:list"), {"q": match.credit_code[:12]})
    assert match in by_code.context["partners"]


def test_list_sorts_by_name_descending(client):
    PartnerFactory(name="A公司")
    PartnerFactory(name="B公司")
    client.force_login(ManagerFactory())
    response = client.get(reverse("partners:list"), {"sort": "-name"})
    assert [p.name for p in response.context["partners"]] == ["B公司", "A公司"]


def test_csv_export_neutralises_formulas_and_follows_filters(client):
    PartnerFactory(code="P1", name='=HYPERLINK("http://evil")', legal_name="+SUM(A1)", status="active")
    PartnerFactory(code="P2", name="@cmd", legal_name="-2+3", status="active")
    PartnerFactory(code="P3", name="Hidden", legal_name="x", status="terminated")
    client.force_login(DirectorFactory())
    rows = _csv(client.get(reverse("partners:export"), {"status": "active", "sort": "code"}))
    assert rows[0][:3] == ["Partner code", "Name", "Legal name"]
    assert [row[:3] for row in rows[1:]] == [
        ["P1", '\'=HYPERLINK("http://evil")', "'+SUM(A1)"],
        ["P2", "'@cmd", "'-2+3"],
    ]


def test_trainer_sees_only_the_tabs_of_its_permissions(client):
    partner = PartnerFactory()
    client.force_login(TrainerFactory())
    url = reverse("partners:detail", kwargs={"pk": partner.pk})
    tabs = [tab.key for tab in client.get(url).context["tabs"]]
    assert tabs == ["overview", "contacts", "training", "history"]
    assert client.get(url + "?tab=sales").status_code == 404


def test_dashboard_panel_counts_partners_by_status_and_expiring_agreements(client):
    PartnerFactory.create_batch(2, status="active")
    PartnerFactory(status="suspended")
    AgreementFactory(start_on=dt.date(2025, 1, 1), end_on=dt.date.today() + dt.timedelta(days=20))
    client.force_login(DirectorFactory())
    response = client.get(reverse("home"))
    panel = response.content.decode().split('id="partners-panel"')[1]
    assert "1 agreement expires within 60 days" in panel
    assert f'href="{reverse("partners:list")}?status=suspended"' in panel


def test_portal_home_shows_the_company_sales_panel(client):
    user = PartnerUserFactory()
    today = local_date(timezone.now())  # the panel's "this year" is in the installation's time zone
    SalesRecordFactory(partner=user.partner_membership.partner, date=today, amount="1500.00")
    client.force_login(user)
    response = client.get(reverse("portal-home"))
    panel = response.content.decode().split('id="partners-portal-panel"')[1]
    assert "1,500.00" in panel


def test_list_dropdowns_are_kept_until_written_and_still_filter(client):
    # given tiers, cities and channel staff beyond the migrated provinces
    gold, silver = TierFactory(name="Gold", rank=1), TierFactory(name="Silver", rank=2)
    city = RegionFactory(name="前海市")
    owner = ManagerFactory(first_name="Wei", last_name="Wang")
    mine = PartnerFactory(tier=silver, region=city, manager=owner)
    PartnerFactory(tier=gold, region=city)
    client.force_login(DirectorFactory())
    url = reverse("partners:list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    new_tiers = TierFactory.create_batch(3)
    RegionFactory.create_batch(3)
    new_staff = ManagerFactory.create_batch(3)

    # when the list is shown again, and filtered on every dropdown
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    filtered = client.get(url, {"tier": silver.pk, "province": city.parent_id, "region": city.pk, "manager": owner.pk})

    # then the options come from as many queries whatever their number, in their order, named as people are
    assert len(many) == len(few)
    # and the tiers and regions are not read again until one of them is written (the staff are, every time)
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert not [q for q in again if 'FROM "partners_tier"' in q["sql"] or 'FROM "partners_region"' in q["sql"]]
    assert [q for q in again if '"auth_user_groups"' in q["sql"]]
    tiers = page.context["filter"].form.fields["tier"].choices
    assert [label for _, label in tiers][1:3] == ["Gold", "Silver"]
    body = page.content.decode()
    assert "前海市" in body and f">{display.person(owner)}</option>" in body
    # the rendered options follow a new tier and a new manager at once, kept as they are otherwise
    assert f">{new_tiers[0].name}</option>" in body and f">{display.person(new_staff[0])}</option>" in body
    assert list(filtered.context["partners"]) == [mine]
    assert f'<option value="{silver.pk}" selected>Silver</option>' in filtered.content.decode()


def test_list_rows_are_kept_until_a_partner_or_a_managers_name_changes(client):
    # given a page of partners, one managed by channel staff and one by a trainer (not channel staff)
    owner = ManagerFactory(first_name="Wei", last_name="Wang")
    outsider = TrainerFactory(first_name="Lan", last_name="Li")
    staffed = PartnerFactory(code="P1", name="Staffed Co", manager=owner)
    PartnerFactory(code="P2", name="Other Co", manager=owner)
    client.force_login(DirectorFactory())
    url = reverse("partners:list")

    def rows(query=None):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url, query or {}).content.decode()
        reads = [q for q in ctx.captured_queries if 'FROM "partners_partner"' in q["sql"] and "LIMIT" in q["sql"]]
        return html.split("<tbody>")[1].split("</tbody>")[0], len(reads)

    body, reads = rows()
    assert "Staffed Co" in body and display.person(owner) in body and reads == 1
    # then the page's partners are not read again until something they show is written
    assert rows() == (body, 0)
    assert "Other Co" not in rows({"q": "Staffed"})[0]  # each filter's page has rows of its own

    # when a partner is renamed, a manager renamed, a partner given a manager outside the staff
    staffed.name = "Renamed Co"
    staffed.save()
    assert "Renamed Co" in rows()[0]
    owner.first_name = "Jun"
    owner.save()
    assert display.person(owner) in rows()[0]
    staffed.manager = outsider
    staffed.save()
    assert display.person(outsider) in rows()[0]
    # then a page showing a manager whose name keeps no version is read every time, and shows their new name
    outsider.first_name = "Mei"
    outsider.save()
    body, reads = rows()
    assert display.person(outsider) in body and reads == 1
    # and each language has rows of its own (a Latin name is family name first in Chinese)
    assert "Jun Wang" in body
    client.cookies["django_language"] = "zh-hans"
    assert "Wang Jun" in rows()[0]
