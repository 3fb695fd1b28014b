"""Pages that pick or filter by a partner take its code or name in a box: none lists every partner, whose page
would grow with the register (half a megabyte and a second of rendering at 10,000 partners)."""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.urls import reverse

from common.roles import CHANNEL_MANAGER, FINANCE
from deals.models import ConflictCase
from partners.forms import PartnerCodeField, PartnerCodesField
from tests.common.factories import UserFactory
from tests.partners.factories import PartnerFactory
from tests.surveys.factories import CustomerRoundFactory

pytestmark = pytest.mark.django_db


class PickOne(forms.Form):
    partner = PartnerCodeField(label="Partner")


class PickSeveral(forms.Form):
    partners = PartnerCodesField(label="Partners")


def test_a_partner_is_picked_by_its_code():
    partner = PartnerFactory(code="P-0042")

    form = PickOne({"partner": " P-0042 "})
    assert form.is_valid() and form.cleaned_data["partner"] == partner
    form = PickOne({"partner": "P-9999"})
    assert not form.is_valid()
    assert form.errors["partner"] == ["No partner has the code P-9999."]
    assert 'value="P-0042"' in str(PickOne(initial={"partner": partner})["partner"])


def test_several_partners_are_picked_by_their_codes():
    first, second = PartnerFactory(code="P-1"), PartnerFactory(code="P-2")

    form = PickSeveral({"partners": "P-1, P-2"})
    assert form.is_valid() and set(form.cleaned_data["partners"]) == {first, second}
    assert PickSeveral({"partners": "P-1 P-2"}).is_valid()
    form = PickSeveral({"partners": "P-1, P-3"})
    assert not form.is_valid() and form.errors["partners"] == ["No partner has the code P-3."]
    assert not PickSeveral({"partners": ""}).is_valid()
    assert 'value="P-1, P-2"' in str(PickSeveral(initial={"partners": [first, second]})["partners"])


@pytest.fixture
def staff(client):
    user = UserFactory()
    user.groups.add(*Group.objects.filter(name__in=(CHANNEL_MANAGER, FINANCE)))
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "url_name",
    [
        "incentives:adjustment-create",
        "incentives:fund-create",
        "incentives:accruals",
        "incentives:statements",
        "deals:case-create",
        "surveys:round-create",
        "surveys:rounds",
        "channelrules:violations",
    ],
)
def test_no_page_lists_every_partner(client, staff, url_name):
    partners = PartnerFactory.create_batch(30)

    page = client.get(reverse(url_name))

    assert page.status_code == 200
    html = page.content.decode()
    assert '<select name="partner' not in html
    assert not [partner.name for partner in partners if partner.name in html]


def test_a_conflict_case_names_its_partners_by_code(client, staff):
    first, second = PartnerFactory(code="P-1"), PartnerFactory(code="P-2")
    data = {"subject": ConflictCase.Subject.CUSTOMER, "customer_name": "X", "description": "Both visited."}

    refused = client.post(reverse("deals:case-create"), data | {"partners": "P-1, P-9"})
    assert refused.status_code == 200 and "No partner has the code P-9." in refused.content.decode()
    assert not ConflictCase.objects.exists()

    client.post(reverse("deals:case-create"), data | {"partners": "P-1, P-2"})
    assert set(ConflictCase.objects.get().partners.all()) == {first, second}


def test_the_rounds_list_searches_by_partner_code_or_name(client, staff):
    wanted, other = PartnerFactory(code="P-7", name="Seven Stars"), PartnerFactory(name="Other")
    CustomerRoundFactory(partner=wanted, title="Wanted round")
    CustomerRoundFactory(partner=other, title="Other round")

    for query in ("P-7", "seven"):
        html = client.get(reverse("surveys:rounds"), {"partner": query}).content.decode()
        assert "Wanted round" in html and "Other round" not in html
