from recruitment.pipeline import Stage
from tests.access import MANAGER, internal, public
from tests.recruitment.factories import ApplicationFactory, CampaignFactory

RECRUITERS = ("director", "manager")


def populate(world):
    """An open campaign and one application in screening (recruitment data is internal, never a partner's)."""
    world.campaign = CampaignFactory(slug="spring-drive", owner=world.users[MANAGER])
    world.application = ApplicationFactory(campaign=world.campaign, stage=Stage.SCREENING)


def _campaign(w):
    return {"pk": w.campaign.pk}


def _application(w):
    return {"pk": w.application.pk}


ROWS = [
    # The public form is the only anonymous page of the project.
    public("apply:form"),
    public("apply:campaign", kwargs=lambda w: {"slug": "spring-drive"}),
    public("apply:thanks"),
    internal("recruitment:board", roles=RECRUITERS),
    internal("recruitment:application-list", roles=RECRUITERS),
    internal("recruitment:application-detail", roles=RECRUITERS, kwargs=_application),
    # POSTs answer with a redirect back; the second recruiter's move is refused as illegal (also a redirect).
    internal(
        "recruitment:application-move",
        roles=RECRUITERS,
        kwargs=_application,
        method="post",
        data=lambda w: {"to_stage": Stage.QUALIFIED},
        ok=302,
    ),
    # The confirmation page of a closing move: GET shows it, POST closes the application (a redirect back).
    internal(
        "recruitment:application-move-confirm",
        roles=RECRUITERS,
        kwargs=lambda w: {**_application(w), "stage": Stage.REJECTED},
    ),
    internal(
        "recruitment:application-move-confirm",
        roles=RECRUITERS,
        kwargs=lambda w: {**_application(w), "stage": Stage.WITHDRAWN},
        method="post",
        ok=302,
    ),
    internal(
        "recruitment:application-assign",
        roles=RECRUITERS,
        kwargs=_application,
        method="post",
        data=lambda w: {"owner": w.users[MANAGER].pk},
        ok=302,
    ),
    internal(
        "recruitment:application-assess",
        roles=RECRUITERS,
        kwargs=_application,
        method="post",
        data=lambda w: {"adjustment": 5, "reason": "Strong references"},
        ok=302,
    ),
    internal("recruitment:campaign-list", roles=RECRUITERS),
    internal("recruitment:campaign-create", roles=RECRUITERS),
    internal("recruitment:campaign-detail", roles=RECRUITERS, kwargs=_campaign),
    internal("recruitment:campaign-update", roles=RECRUITERS, kwargs=_campaign),
    internal("recruitment:campaign-criteria", roles=RECRUITERS, kwargs=_campaign),
    internal("recruitment:campaign-funnel", roles=RECRUITERS, kwargs=_campaign),
]
