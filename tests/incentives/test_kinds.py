"""Each incentive kind is one class in the registry, and the policy form is built from it."""

import pytest
from django.urls import reverse

from incentives.kinds import KINDS, kind_for
from incentives.models import PolicyKind
from tests.common.factories import ManagerFactory
from tests.incentives.factories import PolicyFactory

# Rules as the form saves them (decimals as strings, every grade and severity present).
RULES = {
    PolicyKind.COMMISSION: {"rate": "2", "category_rates": {"PHONE": "5"}},
    PolicyKind.VOLUME_REBATE: {"mode": "incremental", "brackets": [["0", "0"], ["100000", "2"]]},
    PolicyKind.TARGET_BONUS: {
        "attainment_pct": "90",
        "fixed_amount": "1000",
        "sales_pct": None,
        "accelerator_pct": "1",
    },
    PolicyKind.GRADE_BONUS: {"amounts": {"A": "800", "B": "300", "C": "0", "D": "0"}},
    PolicyKind.PENALTY: {"amounts": {"low": "0", "medium": "200", "high": "1000"}},
}


def test_every_policy_kind_has_exactly_one_class():
    assert sorted(KINDS) == sorted(PolicyKind.values)
    assert all(kind_for(code).code == code for code in PolicyKind.values)


def posted(form) -> dict:
    """What a browser sends back for the form as it was shown."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value if isinstance(value, list) else str(value)
    return data


@pytest.mark.parametrize("kind", PolicyKind.values)
def test_the_edit_form_shows_each_kinds_rules_and_saving_them_unchanged_keeps_the_version(client, db, kind):
    policy = PolicyFactory(kind=kind, rules=RULES[kind])
    client.force_login(ManagerFactory())
    url = reverse("incentives:policy-edit", args=[policy.pk])
    form = client.get(url).context["form"]
    assert set(kind_for(kind).form_fields()) <= set(form.fields)

    response = client.post(url, posted(form))

    assert response.status_code == 302
    assert list(policy.versions.values_list("number", "rules")) == [(1, RULES[kind])]
