"""Writes of the recruitment app: campaigns, submitted applications, the pipeline, onboarding, emails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from common.emails import Email, email_send_once
from common.history import changed_by
from common.models import EmailLog
from common.outbox import outbox_enqueue
from common.roles import CHANNEL_MANAGER
from partners import services as partner_services
from partners.models import Agreement, Partner, PartnerMembership, Region
from recruitment import screening
from recruitment.models import Application, Campaign, CampaignGoal, ScreeningCriterion, StageChange
from recruitment.pipeline import Stage, can_move
from recruitment.selectors import duplicates_of, recruiters

AGREEMENT_TERM_DAYS = 365


# --- campaigns -------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    name: str,
    slug: str,
    starts_on: dt.date,
    ends_on: dt.date,
    owner=None,
    description: str = "",
    published_on: str = "",
) -> Campaign:
    """A new campaign starts with the default screening weights, which its owner can then tune."""
    campaign = Campaign(
        name=name,
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
        owner=owner,
        description=description,
        published_on=published_on,
    )
    campaign.full_clean()
    campaign.save()
    ScreeningCriterion.objects.bulk_create(
        ScreeningCriterion(campaign=campaign, kind=kind, weight=weight)
        for kind, weight in screening.DEFAULT_WEIGHTS.items()
    )
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, **fields) -> Campaign:
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_set_goals(*, campaign: Campaign, goals: Iterable[dict]) -> list[CampaignGoal]:
    """Replace the campaign's goals with `goals` ({channel_type, region, target}) and rescore open applications."""
    campaign.goals.all().delete()
    created = []
    for values in goals:
        goal = CampaignGoal(campaign=campaign, **values)
        goal.full_clean()
        goal.save()
        created.append(goal)
    _rescore_open(campaign)
    return created


@transaction.atomic
def campaign_set_weights(*, campaign: Campaign, weights: dict[str, int]) -> None:
    """Set the weight of each criterion (0 drops it) and rescore the campaign's open applications."""
    for kind, weight in weights.items():
        screening.Criterion(kind)  # refuses unknown criteria
        if weight:
            criterion, _created = ScreeningCriterion.objects.get_or_create(
                campaign=campaign, kind=kind, defaults={"weight": weight}
            )
            criterion.weight = weight
            criterion.full_clean()
            criterion.save()
        else:
            ScreeningCriterion.objects.filter(campaign=campaign, kind=kind).delete()
    _rescore_open(campaign)


def _rescore_open(campaign: Campaign) -> None:
    weights, goals = _screening_inputs(campaign)
    for application in campaign.applications.filter(stage__in=Stage.open_stages()).prefetch_related("regions"):
        _apply_score(application, weights, goals)
        application.save(update_fields=["match_score", "score", "score_breakdown"])


# --- scoring ---------------------------------------------------------------------------------------


def _screening_inputs(campaign: Campaign | None) -> tuple[dict[str, int], screening.Goals]:
    if campaign is None:
        return dict(screening.DEFAULT_WEIGHTS), screening.Goals()
    weights = dict(campaign.criteria.values_list("kind", "weight"))
    goals = list(campaign.goals.select_related("region"))
    return weights, screening.Goals(
        channel_types=frozenset(g.channel_type for g in goals if g.channel_type),
        provinces=frozenset(g.region.code for g in goals if g.region),
    )


def candidate_of(application: Application) -> screening.Candidate:
    return screening.Candidate(
        revenue_band=application.revenue_band,
        team_size=application.team_size,
        channel_type=application.channel_type,
        provinces=frozenset(_province_code(region) for region in application.regions.all()),
        brands=screening.count_items(application.brands),
        stores=screening.count_items(application.ecommerce_stores),
    )


def _province_code(region: Region) -> str:
    # Region codes are GB/T 2260: a city's province shares its first two digits.
    return region.code[:2] + "0000"


def _apply_score(application: Application, weights: dict[str, int], goals: screening.Goals) -> None:
    result = screening.match_score(candidate=candidate_of(application), goals=goals, weights=weights)
    application.match_score = result.score
    application.score = screening.adjusted_score(result.score, application.adjustment)
    application.score_breakdown = {kind: [weight, str(points)] for kind, (weight, points) in result.lines.items()}


# --- the public form -------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    campaign: Campaign | None,
    data: dict,
    regions: Iterable[Region],
    ip: str | None = None,
    language: str = "zh-hans",
) -> Application:
    """Save an application from the public form, score it, flag duplicates and acknowledge it.

    Duplicates (same credit code or email as an open application, a partner or a contact) are
    only flagged for the manager; the applicant is not told.
    """
    application = Application(
        campaign=campaign,
        submitted_ip=ip,
        language=language,
        owner=application_owner_for(campaign),
        **data,
    )
    application.credit_code = application.credit_code.strip().upper()
    application.email = application.email.strip()
    application.full_clean()
    _refuse_resubmission(application)
    application.save()
    application.regions.set(regions)
    _apply_score(application, *_screening_inputs(campaign))
    found = duplicates_of(credit_code=application.credit_code, email=application.email, exclude_pk=application.pk)
    application.duplicates = found
    application.is_possible_duplicate = bool(found)
    application.save(update_fields=["match_score", "score", "score_breakdown", "duplicates", "is_possible_duplicate"])
    _flag_earlier_applications(application, found)
    StageChange.objects.create(
        application=application,
        to_stage=Stage.APPLIED,
        changed_at=application.submitted_at,
        note=_("Submitted on the public form."),
    )
    outbox_enqueue("recruitment.tasks.send_acknowledgement", application.pk)
    if application.owner_id:
        outbox_enqueue("recruitment.tasks.notify_owner", application.pk)
    return application


# The same company applying again this soon is a double submit (or an impatient applicant), not news.
RESUBMISSION_WINDOW = dt.timedelta(hours=24)


def _refuse_resubmission(application: Application) -> None:
    """Refuse an application for the same campaign with the same credit code, email or phone as one
    submitted within the window; the campaign row lock taken by application_owner_for serialises them."""
    recent = Application.objects.filter(
        campaign=application.campaign, submitted_at__gte=timezone.now() - RESUBMISSION_WINDOW
    ).filter(Q(credit_code=application.credit_code) | Q(email__iexact=application.email) | Q(phone=application.phone))
    if recent.exists():
        raise ValidationError(
            _(
                "We already received an application from this company or contact in the last 24 hours; "
                "we will be in touch, so there is no need to apply again."
            ),
            code="resubmitted",
        )


def application_owner_for(campaign: Campaign | None):
    """Who owns a new application: the campaign's owner; else the channel managers take turns
    (round-robin in a fixed order, continuing after the owner of the latest application of the same
    campaign); directors only when there is no channel manager. Locks the campaign row so that two
    applications submitted together go to two managers."""
    if campaign is not None:
        campaign = Campaign.objects.select_for_update(of=("self",)).select_related("owner").get(pk=campaign.pk)
        if campaign.owner is not None and campaign.owner.is_active:
            return campaign.owner
    managers = list(recruiters().filter(groups__name=CHANNEL_MANAGER).order_by("pk")) or list(
        recruiters().order_by("pk")
    )
    if not managers:
        return None
    last_owner = (
        Application.objects.filter(campaign=campaign, owner__in=managers)
        .order_by("-submitted_at", "-pk")
        .values_list("owner_id", flat=True)
        .first()
    )
    ids = [m.pk for m in managers]
    if last_owner not in ids:
        return managers[0]
    return managers[(ids.index(last_owner) + 1) % len(managers)]


def _flag_earlier_applications(application: Application, found: list[dict]) -> None:
    """The earlier open applications matched now point back at the new one too."""
    earlier = [match["id"] for match in found if match["kind"] == "application"]
    for other in Application.objects.select_for_update().filter(pk__in=earlier):
        field = "credit_code" if other.credit_code == application.credit_code else "email"
        other.duplicates = [
            *other.duplicates,
            {"kind": "application", "id": application.pk, "label": application.company_name, "field": field},
        ]
        other.is_possible_duplicate = True
        other.save(update_fields=["duplicates", "is_possible_duplicate"])


# --- the pipeline ----------------------------------------------------------------------------------


@transaction.atomic
def application_move(*, application: Application, to_stage: str, by, note: str = "") -> Application:
    """Move an application one step along the pipeline (see pipeline.TRANSITIONS).

    The row is locked first, so two clicks or two requests cannot both move it: the second sees the
    new stage and is refused as an illegal move. Moving to onboarded creates the partner.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not can_move(locked.stage, to_stage):
        raise ValidationError(
            _("An application in stage “%(from)s” cannot move to “%(to)s”.")
            % {"from": Stage(locked.stage).label, "to": Stage(to_stage).label},
            code="illegal_move",
        )
    now = timezone.now()
    if to_stage == Stage.ONBOARDED:
        _onboard(locked, by=by, today=timezone.localdate(now))
    StageChange.objects.create(
        application=locked, from_stage=locked.stage, to_stage=to_stage, note=note, changed_by=by, changed_at=now
    )
    locked.stage = to_stage
    locked.stage_entered_at = now
    changed_by(locked, by, reason=note)
    locked.save(update_fields=["stage", "stage_entered_at", "partner"])
    application.refresh_from_db()
    return locked


@transaction.atomic
def application_assign(*, application: Application, owner, by) -> Application:
    application.owner = owner
    changed_by(application, by, reason=_("Owner assigned"))
    application.save(update_fields=["owner"])
    return application


@transaction.atomic
def application_assess(*, application: Application, adjustment: int, reason: str, by) -> Application:
    """A manager's assessment moves the score up or down from the match score; a reason is required."""
    if not reason.strip():
        raise ValidationError({"adjustment_reason": _("Say why the score is adjusted.")}, code="reason_required")
    application.adjustment = adjustment
    application.adjustment_reason = reason.strip()
    application.score = screening.adjusted_score(application.match_score, adjustment)
    application.full_clean()
    changed_by(application, by, reason=reason)
    application.save(update_fields=["adjustment", "adjustment_reason", "score"])
    return application


# --- onboarding ------------------------------------------------------------------------------------


def partner_code_for(application: Application) -> str:
    """Recruited partners get "R" and the application number: unique and the same on every attempt."""
    return f"R{application.pk:06d}"


def _onboard(application: Application, *, by, today: dt.date) -> Partner:
    """Create the partner (status onboarding), its primary contact, a draft agreement and a portal admin.

    Unique constraints (credit code, partner code, one partner per application) make a second attempt
    fail rather than create a second partner; the invitation email goes out after the commit.
    """
    if application.partner_id:
        raise ValidationError(_("This application already has a partner."), code="already_onboarded")
    existing = Partner.objects.filter(credit_code=application.credit_code).first()
    if existing:
        raise ValidationError(
            _("A partner with this unified social credit code already exists: %(partner)s.") % {"partner": existing},
            code="partner_exists",
        )
    regions = sorted(application.regions.all(), key=lambda r: (r.level != Region.Level.CITY, r.code))
    if not regions:
        raise ValidationError(_("The application names no region."), code="no_region")
    # The partner register's own services: they validate, record the first status and keep history.
    partner = partner_services.partner_create(
        data={
            "code": partner_code_for(application),
            "name": application.company_name,
            "legal_name": application.legal_name,
            "credit_code": application.credit_code,
            "channel_type": application.channel_type,
            "region": regions[0],
            "manager": application.owner or by,
        },
        by=by,
        status=Partner.Status.ONBOARDING,
        reason=_("Onboarded from recruitment application %(number)s.") % {"number": application.pk},
        today=today,
    )
    partner_services.contact_create(
        partner=partner,
        data={
            "name": application.contact_name,
            "title": application.contact_title,
            "email": application.email,
            "phone": application.phone,
            "is_primary": True,
            "language": application.language,
        },
        by=by,
    )
    partner_services.agreement_create(
        partner=partner,
        data={
            "number": f"AG-{partner.code}",
            "status": Agreement.Status.DRAFT,
            "start_on": today,
            "end_on": today + dt.timedelta(days=AGREEMENT_TERM_DAYS - 1),
        },
        territory=application.regions.all(),
        by=by,
    )
    _portal_admin(application, partner)
    application.partner = partner
    outbox_enqueue("recruitment.tasks.send_invitation", application.pk)
    return partner


def _portal_admin(application: Application, partner: Partner):
    """The applicant's contact becomes the partner's portal admin; the invitation sets the password."""
    User = get_user_model()
    email = application.email.lower()
    username = email if not User.objects.filter(username__iexact=email).exists() else f"{partner.code.lower()}-{email}"
    user = User(
        username=username[:150],
        email=application.email,
        first_name=application.contact_name[:150],
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    PartnerMembership.objects.create(user=user, partner=partner, role=PartnerMembership.Role.ADMIN)
    return user


# --- emails ----------------------------------------------------------------------------------------


def application_acknowledge(*, application_id: int) -> bool:
    """Thank the applicant once for the application."""
    application = Application.objects.select_related("campaign").get(pk=application_id)
    return email_send_once(
        Email(
            kind=EmailLog.Kind.ACKNOWLEDGEMENT,
            recipient=application.email,
            language=application.language,
            template="recruitment/email/acknowledgement",
            context={"application": application},
            about=application_email_about(application.pk),
        )
    )


def application_notify_owner(*, application_id: int) -> bool:
    """Tell the application's owner, once, that a new application is theirs to review."""
    application = Application.objects.select_related("campaign", "owner").get(pk=application_id)
    owner = application.owner
    if owner is None or not owner.email:
        return False
    return email_send_once(
        Email(
            kind=EmailLog.Kind.APPLICATION_OWNER,
            recipient=owner.email,
            language=settings.LANGUAGE_CODE,
            template="recruitment/email/owner_notice",
            context={
                "application": application,
                "owner": owner,
                "link": settings.SITE_URL.rstrip("/")
                + reverse("recruitment:application-detail", kwargs={"pk": application.pk}),
            },
            about=application_email_about(application.pk),
        )
    )


def application_invite(*, application_id: int) -> bool:
    """Invite the new partner's portal admin once, with a link to set a password."""
    application = Application.objects.select_related("partner").get(pk=application_id)
    membership = (
        PartnerMembership.objects.select_related("user")
        .filter(partner=application.partner, role=PartnerMembership.Role.ADMIN)
        .order_by("pk")
        .first()
    )
    if membership is None:
        return False
    user = membership.user
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return email_send_once(
        Email(
            kind=EmailLog.Kind.INVITATION,
            recipient=user.email,
            language=application.language,
            template="recruitment/email/invitation",
            context={
                "application": application,
                "partner": application.partner,
                "user": user,
                "link": settings.SITE_URL.rstrip("/") + path,
                "login_link": settings.SITE_URL.rstrip("/") + reverse("login"),
            },
            partner_id=application.partner_id,
            about=application_email_about(application.pk),
        )
    )


def application_email_about(application_id: int) -> str:
    """How the email log names an application (the key of its acknowledgement and invitation)."""
    return f"application:{application_id}"
