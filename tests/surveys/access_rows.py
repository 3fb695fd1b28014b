import datetime as dt

from common import clock
from surveys.models import SurveySchedule
from tests.access import DIRECTOR, MANAGER, internal, portal, public
from tests.surveys.factories import CustomerRoundFactory, InvitationFactory, SurveyRoundFactory, standard_version

READERS = (DIRECTOR, MANAGER)
PUBLIC_TOKEN = "world-customer-survey"


def populate(world):
    """An open partner round with an invitation of partner A's contact, and partner A's open customer round."""
    today = clock.today()
    opens, closes = today - dt.timedelta(days=1), today + dt.timedelta(days=20)
    partner_round = SurveyRoundFactory(version=standard_version(), opens_on=opens, closes_on=closes)
    world.surveys_invitation_a = InvitationFactory(round=partner_round, contact=world.contact_a)
    SurveySchedule.objects.create(template=partner_round.version.template, next_on=today + dt.timedelta(days=30))
    world.surveys_customer_round_a = CustomerRoundFactory(
        partner=world.partner_a,
        version=standard_version(audience="customer"),
        opens_on=opens,
        closes_on=closes,
        public_token=PUBLIC_TOKEN,
    )


def _round(w):
    return {"pk": w.surveys_customer_round_a.pk}


ROWS = [
    internal("surveys:rounds", roles=READERS),
    internal("surveys:round-create", roles=READERS),
    internal("surveys:round", roles=READERS, kwargs=_round),
    internal("surveys:round-export", roles=READERS, kwargs=_round),
    internal("surveys:round-qr", roles=READERS, kwargs=_round),
    internal("surveys:round-close", roles=READERS, kwargs=_round, method="post", ok=302),
    internal("surveys:schedule", roles=(DIRECTOR,)),
    internal("surveys:schedule-open-now", roles=(DIRECTOR,), method="post", ok=302),
    portal("surveys_portal:home"),
    portal("surveys_portal:answer", kwargs=lambda w: {"token": w.surveys_invitation_a.token}),
    portal("surveys_portal:round-create"),
    portal("surveys_portal:round", kwargs=_round),
    portal("surveys_portal:round-qr", kwargs=_round),
    # The customer survey is public: anyone with the link answers it, logged in or not.
    public("surveys_public:answer", kwargs=lambda w: {"token": PUBLIC_TOKEN}),
]
