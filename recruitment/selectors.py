"""Reads for the recruitment pages, set-wise (no query per row); who may see what is in recruitment/access.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common import display
from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER
from partners.models import Contact, Partner
from recruitment import funnel
from recruitment.models import Application, Campaign, CampaignGoal, StageChange
from recruitment.pipeline import Stage, stage_durations


def open_campaigns(*, today: dt.date) -> QuerySet[Campaign]:
    """Campaigns taking applications today (what the public form offers)."""
    return Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("ends_on", "name")


def recruiters() -> QuerySet:
    """Users who can own applications: active channel managers and directors."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=(CHANNEL_MANAGER, CHANNEL_DIRECTOR))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def duplicates_of(*, credit_code: str, email: str, exclude_pk: int | None = None) -> list[dict]:
    """Open applications, partners and contacts with the same credit code or email (case-insensitive)."""
    found = []
    applications = Application.objects.filter(
        Q(credit_code=credit_code) | Q(email__iexact=email), stage__in=Stage.open_stages()
    ).exclude(pk=exclude_pk)
    for app in applications.only("pk", "company_name", "credit_code", "email"):
        found.append(_match("application", app.pk, app.company_name, app.credit_code == credit_code))
    for partner in Partner.objects.filter(credit_code=credit_code).only("pk", "name"):
        found.append(_match("partner", partner.pk, partner.name, True))
    contacts = Contact.objects.filter(email__iexact=email).select_related("partner").only("pk", "partner__name")
    for contact in contacts:
        found.append(_match("contact", contact.partner_id, contact.partner.name, False))
    return found


def _match(kind: str, pk: int, label: str, by_credit_code: bool) -> dict:
    return {"kind": kind, "id": pk, "label": label, "field": "credit_code" if by_credit_code else "email"}


def application_timeline(application: Application, *, now: dt.datetime | None = None):
    """The stage changes (oldest first) and the time spent in each stage visited."""
    changes = list(application.stage_changes.select_related("changed_by"))
    spans = stage_durations([(c.to_stage, c.changed_at) for c in changes], now=now or timezone.now())
    return changes, spans


def board_columns(queryset: QuerySet[Application], *, per_column: int = 50) -> list[dict]:
    """One column per stage with its cards (the most recent `per_column`) and its full count."""
    counts = dict(queryset.order_by().values_list("stage").annotate(n=Count("pk")))
    cards = defaultdict(list)
    # One query for all cards; columns are cut in Python so the count of queries stays fixed.
    for application in queryset.order_by("-stage_entered_at", "-pk"):
        if len(cards[application.stage]) < per_column:
            cards[application.stage].append(application)
    return [
        {"stage": stage, "label": stage.label, "count": counts.get(stage, 0), "cards": cards[stage]} for stage in Stage
    ]


@dataclass
class GoalProgress:
    goal: CampaignGoal
    onboarded: int
    in_pipeline: int

    @property
    def percent(self) -> int:
        return min(100, round(self.onboarded * 100 / self.goal.target)) if self.goal.target else 0


def campaign_progress(campaign: Campaign) -> list[GoalProgress]:
    """Each goal with the onboarded and still-open applications that count towards it."""
    goals = list(campaign.goals.select_related("region"))
    applications = campaign.applications.filter(stage__in=[*Stage.open_stages(), Stage.ONBOARDED]).prefetch_related(
        Prefetch("regions")
    )
    facts = [(a.stage, a.channel_type, {r.parent_id or r.pk for r in a.regions.all()}) for a in applications]
    progress = []
    for goal in goals:
        matching = [
            stage
            for stage, channel_type, provinces in facts
            if (not goal.channel_type or goal.channel_type == channel_type)
            and (goal.region_id is None or goal.region_id in provinces)
        ]
        onboarded = sum(1 for stage in matching if stage == Stage.ONBOARDED)
        progress.append(GoalProgress(goal, onboarded, len(matching) - onboarded))
    return progress


def campaign_funnel(campaign: Campaign, *, now: dt.datetime | None = None) -> dict:
    """Counts and conversion per stage, median days per stage and the sources of one campaign."""
    changes = StageChange.objects.filter(application__campaign=campaign).values_list(
        "application_id", "to_stage", "changed_at"
    )
    stages = dict(campaign.applications.values_list("pk", "stage"))
    sources = campaign.applications.values_list("source", "stage")
    source_rows = Counter()
    source_onboarded = Counter()
    for source, stage in sources:
        source_rows[source] += 1
        source_onboarded[source] += stage == Stage.ONBOARDED
    labels = dict(Application.Source.choices)
    return {
        "stages": funnel.funnel_rows(list(changes), stages, now=now or timezone.now()),
        "total": len(stages),
        "sources": [
            {"source": labels.get(source, source), "count": count, "onboarded": source_onboarded[source]}
            for source, count in source_rows.most_common()
        ],
    }


def move_consequences(*, application: Application, to_stage: str) -> list[str]:
    """What moving the application to a closing stage does, in the words the confirmation page shows."""
    if to_stage == Stage.ONBOARDED:
        return [
            _("create the partner “%(name)s” (status onboarding), owned by %(owner)s;")
            % {"name": application.company_name, "owner": display.person(application.owner) or _("you")},
            _("add %(contact)s as its primary contact and a draft agreement for its %(regions)s region(s);")
            % {"contact": application.contact_name, "regions": application.regions.count()},
            _("create a portal account for %(email)s and email the invitation to that address;")
            % {"email": application.email},
            _("close the application as onboarded."),
        ]
    closing = {
        Stage.REJECTED: _("close the application of %(name)s as rejected; it cannot be reopened;"),
        Stage.WITHDRAWN: _("close the application of %(name)s as withdrawn by the applicant; it cannot be reopened;"),
    }
    return [
        closing[Stage(to_stage)] % {"name": application.company_name},
        _("send no email: tell %(contact)s (%(email)s) yourself if you wish.")
        % {"contact": application.contact_name, "email": application.email},
    ]
