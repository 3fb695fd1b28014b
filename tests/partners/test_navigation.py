"""Navigation between related things (issue 18): the partner page's scorecard, statement and rebate tabs, the
follow-ups page the dashboard links to, and a manager's "my partners" first on the home page."""

import datetime as dt

from django.urls import reverse

from tests.common.factories import DirectorFactory, FinanceFactory, ManagerFactory, TrainerFactory
from tests.evaluations.factories import ScorecardFactory
from tests.incentives.factories import StatementFactory
from tests.partners.factories import InteractionFactory, PartnerFactory


def _tab_keys(client, user, partner):
    client.force_login(user)
    response = client.get(reverse("partners:detail", kwargs={"pk": partner.pk}))
    return [tab.key for tab in response.context["tabs"]]


def test_partner_page_shows_scorecard_statement_and_rebate_tabs_by_permission(db, client):
    partner = PartnerFactory()
    assert {"scorecards", "statements", "rebate"} <= set(_tab_keys(client, DirectorFactory(), partner))
    assert {"scorecards", "statements", "rebate"} <= set(_tab_keys(client, FinanceFactory(), partner))
    # A trainer sees the partner but neither its scorecards nor its money.
    assert not {"scorecards", "statements", "rebate"} & set(_tab_keys(client, TrainerFactory(), partner))


def test_scorecards_tab_lists_the_partners_cards_linking_to_each(db, client):
    card = ScorecardFactory(grade="A")
    ScorecardFactory(cycle=card.cycle)  # another partner's
    client.force_login(ManagerFactory())
    response = client.get(reverse("partners:detail", kwargs={"pk": card.partner_id}) + "?tab=scorecards")
    assert list(response.context["partner_scorecards"]) == [card]
    assert reverse("evaluations:scorecard", kwargs={"pk": card.pk}) in response.content.decode()


def test_statements_tab_lists_the_partners_statements(db, client):
    statement = StatementFactory()
    StatementFactory()  # another partner's
    client.force_login(FinanceFactory())
    response = client.get(reverse("partners:detail", kwargs={"pk": statement.partner_id}) + "?tab=statements")
    assert list(response.context["partner_statements"]) == [statement]
    assert reverse("incentives:statement-detail", kwargs={"pk": statement.pk}) in response.content.decode()


def test_rebate_tab_links_to_the_rebate_account(db, client):
    partner = PartnerFactory()
    client.force_login(FinanceFactory())
    response = client.get(reverse("partners:detail", kwargs={"pk": partner.pk}) + "?tab=rebate")
    assert reverse("incentives:rebate-account", kwargs={"pk": partner.pk}) in response.content.decode()


def test_internal_scorecard_links_to_the_partner(db, client):
    card = ScorecardFactory()
    client.force_login(DirectorFactory())
    response = client.get(reverse("evaluations:scorecard", kwargs={"pk": card.pk}))
    assert reverse("partners:detail", kwargs={"pk": card.partner_id}) in response.content.decode()


def test_follow_ups_page_lists_my_due_follow_ups_by_default_and_everyones_on_request(db, client, monkeypatch):
    monkeypatch.setattr("common.clock.today", lambda now=None: dt.date(2026, 11, 1))
    manager = ManagerFactory()
    mine_due = InteractionFactory(partner__manager=manager, due_on=dt.date(2026, 10, 20))
    InteractionFactory(partner__manager=manager, due_on=dt.date(2026, 10, 20), done=True)
    mine_later = InteractionFactory(partner__manager=manager, due_on=dt.date(2026, 12, 1))
    someone_elses = InteractionFactory(due_on=dt.date(2026, 10, 1))
    client.force_login(manager)
    url = reverse("partners:follow-ups")

    assert list(client.get(url).context["follow_ups"]) == [mine_due]
    assert list(client.get(url + "?scope=mine").context["follow_ups"]) == [mine_due, mine_later]
    assert list(client.get(url + "?scope=all").context["follow_ups"]) == [someone_elses, mine_due, mine_later]


def test_dashboard_links_the_due_follow_ups_count_to_the_follow_ups_page(db, client, monkeypatch):
    monkeypatch.setattr("common.clock.today", lambda now=None: dt.date(2026, 11, 1))
    manager = ManagerFactory()
    InteractionFactory(partner__manager=manager, due_on=dt.date(2026, 10, 20))
    client.force_login(manager)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("partners:follow-ups")}" id="due-follow-ups-link">1 of your follow-ups is due' in html


def test_managers_home_shows_their_own_partners_before_company_panels(db, client):
    manager = ManagerFactory()
    mine = PartnerFactory(manager=manager, name="我的伙伴")
    PartnerFactory(name="别人的伙伴")
    client.force_login(manager)
    html = client.get(reverse("home")).content.decode()
    panel = html.index('id="my-partners-panel"')
    assert panel < html.index('id="partners-panel"')
    assert "我的伙伴" in html[panel : html.index('id="partners-panel"')]
    assert "别人的伙伴" not in html
    assert reverse("partners:detail", kwargs={"pk": mine.pk}) in html


def test_home_of_someone_who_manages_no_partner_has_no_my_partners_panel(db, client):
    PartnerFactory()
    client.force_login(FinanceFactory())
    assert 'id="my-partners-panel"' not in client.get(reverse("home")).content.decode()


def test_my_partners_rows_are_kept_until_a_partner_is_written(db, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = ManagerFactory()
    mine = PartnerFactory(manager=manager, name="我的伙伴")
    client.force_login(manager)

    def panel():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("home")).content.decode()
        listed = [q for q in queries if 'FROM "partners_partner"' in q["sql"] and "LIMIT" in q["sql"]]
        return html[html.index('id="my-partners"') : html.index("</table>", html.index('id="my-partners"'))], listed

    first, listed = panel()
    assert "我的伙伴" in first and listed
    assert panel() == (first, [])  # the rows kept: the list is not read again
    mine.name = "改名的伙伴"
    mine.save()
    PartnerFactory(manager=manager, name="新伙伴")
    renamed, _listed = panel()
    assert "改名的伙伴" in renamed and "新伙伴" in renamed and "我的伙伴" not in renamed
