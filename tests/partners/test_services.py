import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from partners import services
from partners.models import Contact, Partner, PartnerStatusChange
from tests.common.factories import ManagerFactory
from tests.partners.factories import ContactFactory, PartnerFactory, RegionFactory, TierFactory, credit_code

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "code": "P90001",
        "name": "广州星河贸易",
        "legal_name": "广州星河贸易有限公司",
        "credit_code": credit_code(9001),
        "channel_type": "distributor",
        "region": RegionFactory(),
        "tier": TierFactory(),
        "manager": None,
        "joined_on": None,
    }
    return data | overrides


def test_partner_create_records_the_first_status_and_history():
    manager = ManagerFactory()
    partner = services.partner_create(data=_data(manager=manager), by=manager)
    assert partner.status == Partner.Status.PROSPECT
    change = partner.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("", "prospect", manager)
    assert partner.history.get().history_user == manager


def test_partner_create_as_active_sets_joined_on():
    partner = services.partner_create(data=_data(), status="active", by=None, today=dt.date(2026, 5, 4))
    assert partner.joined_on == dt.date(2026, 5, 4)


def test_partner_create_rejects_a_bad_credit_code_and_writes_nothing():
    with pytest.raises(ValidationError) as error:
        services.partner_create(data=_data(credit_code="91440101MA5000001X"), by=None)
    assert "credit_code" in error.value.message_dict
    assert not Partner.objects.exists()
    assert not PartnerStatusChange.objects.exists()


def test_partner_create_cannot_start_terminated():
    with pytest.raises(ValidationError):
        services.partner_create(data=_data(), status="terminated", by=None)


def test_partner_update_refuses_the_status_field():
    partner = PartnerFactory()
    with pytest.raises(ValueError):
        services.partner_update(partner=partner, data={"status": "terminated"}, by=None)


def test_partner_update_keeps_history_with_the_user():
    partner = PartnerFactory(name="Old name")
    manager = ManagerFactory()
    services.partner_update(partner=partner, data={"name": "New name"}, by=manager)
    latest = partner.history.first()
    assert (latest.name, latest.history_user) == ("New name", manager)
    assert latest.prev_record.name == "Old name"


def test_full_lifecycle_with_reinstatement():
    manager = ManagerFactory()
    partner = PartnerFactory(status="prospect", joined_on=None)
    for status in ("onboarding", "active", "suspended", "active", "terminated"):
        services.partner_change_status(
            partner=partner, status=status, reason=f"to {status}", by=manager, today=dt.date(2026, 3, 2)
        )
    partner.refresh_from_db()
    assert partner.status == "terminated"
    assert partner.joined_on == dt.date(2026, 3, 2)
    moves = list(partner.status_changes.order_by("pk").values_list("from_status", "to_status", "reason"))
    assert moves == [
        ("prospect", "onboarding", "to onboarding"),
        ("onboarding", "active", "to active"),
        ("active", "suspended", "to suspended"),
        ("suspended", "active", "to active"),
        ("active", "terminated", "to terminated"),
    ]
    assert partner.history.filter(status="suspended").exists()


@pytest.mark.parametrize(("before", "after"), [("prospect", "active"), ("terminated", "active"), ("active", "active")])
def test_illegal_transition_is_refused_and_changes_nothing(before, after):
    partner = PartnerFactory(status=before)
    with pytest.raises(ValidationError) as error:
        services.partner_change_status(partner=partner, status=after, reason="try", by=None)
    assert "status" in error.value.message_dict
    partner.refresh_from_db()
    assert partner.status == before
    assert not partner.status_changes.exists()


def test_status_change_needs_a_reason():
    partner = PartnerFactory(status="active")
    with pytest.raises(ValidationError) as error:
        services.partner_change_status(partner=partner, status="suspended", reason="  ", by=None)
    assert "reason" in error.value.message_dict
    partner.refresh_from_db()
    assert partner.status == "active"


def test_status_change_rereads_the_current_status():
    """A stale in-memory partner cannot make an illegal move (another manager terminated it meanwhile)."""
    partner = PartnerFactory(status="active")
    stale = Partner.objects.get(pk=partner.pk)
    services.partner_change_status(partner=partner, status="terminated", reason="contract ended", by=None)
    with pytest.raises(ValidationError):
        services.partner_change_status(partner=stale, status="suspended", reason="late", by=None)


def test_a_new_primary_contact_demotes_the_old_one():
    old = ContactFactory(is_primary=True)
    new = services.contact_create(partner=old.partner, data={"name": "王芳", "is_primary": True}, by=None)
    old.refresh_from_db()
    assert new.is_primary and not old.is_primary
    assert Contact.objects.filter(partner=old.partner, is_primary=True).count() == 1


def test_contact_update_validates_email():
    contact = ContactFactory()
    with pytest.raises(ValidationError):
        services.contact_update(contact=contact, data={"email": "not-an-email"}, by=None)
