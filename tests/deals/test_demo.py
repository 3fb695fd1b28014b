from django.core.management import call_command

from deals.models import ConflictCase, DealRegistration, Lead, LeadOffer


def test_seed_demo_adds_registrations_in_every_status_leads_and_cases(db):
    call_command("seed_demo")
    statuses = set(DealRegistration.objects.values_list("status", flat=True))
    assert statuses == set(DealRegistration.Status.values)
    assert DealRegistration.objects.filter(conflict="protected").exists()
    assert DealRegistration.objects.filter(conflict="reserved").exists()
    assert DealRegistration.objects.filter(extended=True).exists()
    assert LeadOffer.objects.filter(status="accepted").exists()
    assert LeadOffer.objects.filter(status="offered").exists()
    assert Lead.objects.filter(status="accepted").exists()
    assert set(ConflictCase.objects.values_list("status", flat=True)) == set(ConflictCase.Status.values)
    count = DealRegistration.objects.count()
    call_command("seed_demo")
    assert DealRegistration.objects.count() == count
