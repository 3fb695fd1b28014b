from tests.access import DIRECTOR, FINANCE, MANAGER, internal, portal
from tests.partners import import_access_rows
from tests.partners.factories import AgreementFactory, ComplianceIncidentFactory, InteractionFactory

EDITORS = (DIRECTOR, MANAGER)


def populate(world):
    """Partner A's agreement (with a signed file), interaction and incident."""
    world.agreement_a = AgreementFactory(partner=world.partner_a)
    world.interaction_a = InteractionFactory(partner=world.partner_a)
    world.incident_a = ComplianceIncidentFactory(partner=world.partner_a)
    import_access_rows.populate(world)


def _partner(w):
    return {"pk": w.partner_a.pk}


ROWS = [
    internal("partners:list"),
    internal("partners:export"),
    internal("partners:create", roles=EDITORS),
    internal("partners:detail", kwargs=_partner),
    internal("partners:edit", roles=EDITORS, kwargs=_partner),
    internal("partners:status", roles=EDITORS, kwargs=_partner),
    internal("partners:contact-create", roles=EDITORS, kwargs=_partner),
    internal("partners:contact-edit", roles=EDITORS, kwargs=lambda w: {"pk": w.contact_a.pk}),
    internal("partners:agreements", roles=(*EDITORS, FINANCE)),
    internal("partners:agreement-create", roles=EDITORS, kwargs=_partner),
    internal("partners:agreement-edit", roles=EDITORS, kwargs=lambda w: {"pk": w.agreement_a.pk}),
    internal("partners:agreement-file", roles=(*EDITORS, FINANCE), kwargs=lambda w: {"pk": w.agreement_a.pk}),
    internal("partners:interaction-create", roles=EDITORS, kwargs=_partner),
    internal("partners:interaction-edit", roles=EDITORS, kwargs=lambda w: {"pk": w.interaction_a.pk}),
    internal("partners:follow-ups", roles=EDITORS),
    internal("partners:incident-create", roles=EDITORS, kwargs=_partner),
    internal("partners:incident-edit", roles=EDITORS, kwargs=lambda w: {"pk": w.incident_a.pk}),
    portal("partners_portal:profile"),
    portal("partners_portal:contacts"),
    portal("partners_portal:contact-create"),
    portal("partners_portal:contact-edit", kwargs=lambda w: {"pk": w.contact_a.pk}),
    portal("partners_portal:agreements"),
    portal("partners_portal:agreement-file", kwargs=lambda w: {"pk": w.agreement_a.pk}),
    portal("partners_portal:sales"),
]
ROWS += import_access_rows.ROWS
