"""Writes of the surveys app: versions, schedules, rounds, invitations, reminders and responses.

Idempotent by construction: a scheduled round is unique per schedule and opening day (the schedule row is
locked while it is advanced), an invitation per round and contact, a response per invitation (one answer per
contact per round, however many tabs submit at once) and per public submission token; invitation and reminder
emails go through the email log, so a retried task sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import clock, display
from common.emails.models import EmailLog
from common.emails.services import Email, email_send_once
from common.models import JobRun
from common.outbox import outbox_enqueue
from partners.models import Partner
from surveys import selectors
from surveys.models import (
    Answer,
    Audience,
    Invitation,
    Question,
    QuestionKind,
    Response,
    SurveyRound,
    SurveySchedule,
    SurveyTemplate,
    SurveyVersion,
)

REMINDER_AFTER_DAYS = 7
FORM_MAX_AGE_SECONDS = 6 * 60 * 60
_SALT = "surveys.public-form"


# --- templates and versions -------------------------------------------------------------------------


@transaction.atomic
def version_create(*, template: SurveyTemplate, questions: list[dict]) -> SurveyVersion:
    """A new version of `template` holding `questions` (dicts of Question fields); older versions and the
    answers given to them stay as they were."""
    if not questions:
        raise ValidationError(_("A survey needs at least one question."))
    SurveyTemplate.objects.select_for_update().get(pk=template.pk)
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = SurveyVersion.objects.create(template=template, number=number)
    for position, fields in enumerate(questions):
        question = Question(version=version, position=position, **fields)
        question.full_clean()
        if question.kind == QuestionKind.CHOICE and not question.options():
            raise ValidationError(_("A single-choice question needs options."))
        question.save()
    return version


# --- partner rounds: schedule, invitations, reminders ------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def _round_title(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@transaction.atomic
def partner_round_open(
    *, version: SurveyVersion, opens_on: dt.date, closes_on: dt.date, schedule=None, by=None
) -> SurveyRound:
    """Open a partner satisfaction round and invite every contact with an email of every active partner;
    the invitations are emailed by a task the outbox hands to Celery after the commit."""
    survey_round = SurveyRound(
        version=version,
        audience=Audience.PARTNER,
        title=_round_title(opens_on),
        schedule=schedule,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    survey_round.full_clean(exclude=["public_token"])
    survey_round.save()
    contacts = selectors.partner_survey_contacts().values_list("pk", "partner_id")
    Invitation.objects.bulk_create(
        [Invitation(round=survey_round, contact_id=pk, partner_id=partner_id) for pk, partner_id in contacts],
        ignore_conflicts=True,
    )
    outbox_enqueue("surveys.tasks.round_invitations", survey_round.pk, key=f"survey-invitations:{survey_round.pk}")
    return survey_round


def partner_rounds_start_due(*, today: dt.date | None = None) -> list[SurveyRound]:
    """Open the round of every active schedule that is due and move the schedule to its next date.
    Run twice on a day, it opens nothing more."""
    today = today or clock.today()
    opened = []
    for schedule_id in SurveySchedule.objects.filter(active=True, next_on__lte=today).values_list("pk", flat=True):
        with transaction.atomic():
            schedule = SurveySchedule.objects.select_for_update().get(pk=schedule_id)
            if not schedule.active or schedule.next_on > today:
                continue  # another run got here first
            version = schedule.template.current_version()
            if version is None:
                continue
            opens_on = schedule.next_on
            if not SurveyRound.objects.filter(schedule=schedule, opens_on=opens_on).exists():
                opened.append(
                    partner_round_open(
                        version=version,
                        opens_on=opens_on,
                        closes_on=max(today, opens_on) + dt.timedelta(days=schedule.open_days),
                        schedule=schedule,
                    )
                )
            next_on = opens_on
            while next_on <= today:
                next_on = _add_months(next_on, schedule.every_months)
            schedule.next_on = next_on
            schedule.save(update_fields=["next_on"])
    return opened


def partner_round_open_now(*, schedule: SurveySchedule, by=None, today: dt.date | None = None) -> SurveyRound:
    """The director's "send now": a partner round of the schedule's template opening today, outside the
    schedule (which keeps its next date). Refused while another partner round is open."""
    today = today or clock.today()
    version = schedule.template.current_version()
    if version is None:
        raise ValidationError(_("This template has no questions yet."))
    if SurveyRound.objects.filter(
        audience=Audience.PARTNER, status=SurveyRound.Status.OPEN, closes_on__gte=today
    ).exists():
        raise ValidationError(_("A partner satisfaction round is already open."))
    return partner_round_open(
        version=version, opens_on=today, closes_on=today + dt.timedelta(days=schedule.open_days), by=by
    )


@transaction.atomic
def schedule_update(*, schedule: SurveySchedule, **fields) -> SurveySchedule:
    for name, value in fields.items():
        setattr(schedule, name, value)
    schedule.full_clean()
    schedule.save()
    return schedule


def answer_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("surveys_portal:answer", kwargs={"token": invitation.token})


def _invitation_email(invitation: Invitation, *, kind: str) -> Email:
    contact = invitation.contact
    with translation.override(contact.language):
        if kind == EmailLog.Kind.SURVEY_REMINDER:
            subject = _("Reminder: how satisfied are you with us? (%(title)s)") % {"title": invitation.round.title}
        else:
            subject = _("How satisfied are you with us? (%(title)s)") % {"title": invitation.round.title}
    return Email(
        kind=kind,
        recipient=contact.email,
        language=contact.language,
        template="surveys/email/invitation",
        subject=subject,
        context={
            "contact": contact,
            "partner": invitation.partner,
            "round": invitation.round,
            "url": answer_url(invitation),
            "reminder": kind == EmailLog.Kind.SURVEY_REMINDER,
        },
        partner_id=invitation.partner_id,
        about=f"survey-invitation:{invitation.pk}",
    )


def round_invitations_send(*, round_id: int) -> int:
    """Email every invitation of the round not sent yet; returns how many left now."""
    sent = 0
    pending = (
        Invitation.objects.filter(round_id=round_id, sent_at__isnull=True, round__status=SurveyRound.Status.OPEN)
        .select_related("contact", "partner", "round")
        .order_by("pk")
    )
    for invitation in pending:
        sent += email_send_once(_invitation_email(invitation, kind=EmailLog.Kind.SURVEY_INVITATION))
        Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return sent


def round_invitations_resume(*, now: dt.datetime | None = None) -> list[int]:
    """Daily: send what an open round still owes STUCK_RUN_AFTER_MINUTES after it was opened and after its
    last invitation left (its task's whole worker died, or its retries ran out while the mail server was
    down). Only unsent invitations go, each once (the email log); the run is recorded. Returns the rounds."""
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=settings.STUCK_RUN_AFTER_MINUTES)
    stuck = (
        SurveyRound.objects.filter(
            status=SurveyRound.Status.OPEN,
            closes_on__gte=clock.today(now),
            created_at__lt=limit,
            invitations__sent_at__isnull=True,
        )
        .exclude(invitations__sent_at__gte=limit)  # still advancing
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    resumed = list(stuck)
    for round_id in resumed:
        round_invitations_send(round_id=round_id)
    if resumed:
        JobRun.objects.create(
            name="survey_invitations_resume", started_at=now, finished_at=timezone.now(), summary={"resumed": resumed}
        )
    return resumed


def invitation_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind, once, every invited contact who has not answered 7 days after the invitation, while the
    round is still open."""
    now = now or timezone.now()
    today = clock.today(now)
    due = (
        Invitation.objects.filter(
            sent_at__lte=now - dt.timedelta(days=REMINDER_AFTER_DAYS),
            reminded_at__isnull=True,
            response__isnull=True,
            round__status=SurveyRound.Status.OPEN,
            round__closes_on__gte=today,
        )
        .select_related("contact", "partner", "round")
        .order_by("pk")
    )
    sent = 0
    for invitation in due:
        sent += email_send_once(_invitation_email(invitation, kind=EmailLog.Kind.SURVEY_REMINDER))
        Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(reminded_at=now)
    return sent


def rounds_close_due(*, today: dt.date | None = None) -> int:
    """Close the rounds whose last day has passed."""
    today = today or clock.today()
    return SurveyRound.objects.filter(status=SurveyRound.Status.OPEN, closes_on__lt=today).update(
        status=SurveyRound.Status.CLOSED
    )


@transaction.atomic
def round_close(*, survey_round: SurveyRound, today: dt.date | None = None) -> SurveyRound:
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.status != SurveyRound.Status.CLOSED:
        today = today or clock.today()
        survey_round.status = SurveyRound.Status.CLOSED
        survey_round.closes_on = max(min(survey_round.closes_on, today), survey_round.opens_on)
        survey_round.save(update_fields=["status", "closes_on"])
    return survey_round


# --- customer rounds ---------------------------------------------------------------------------------


@transaction.atomic
def customer_round_create(
    *, partner: Partner, template: SurveyTemplate, title: str, opens_on: dt.date, closes_on: dt.date, by=None
) -> SurveyRound:
    if template.audience != Audience.CUSTOMER:
        raise ValidationError({"template": _("Choose a customer satisfaction template.")})
    version = template.current_version()
    if version is None:
        raise ValidationError({"template": _("This template has no questions yet.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The round cannot close before it opens.")})
    survey_round = SurveyRound(
        version=version,
        audience=Audience.CUSTOMER,
        partner=partner,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    survey_round.full_clean(exclude=["public_token"])
    survey_round.save()
    return survey_round


def public_url(survey_round: SurveyRound) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("surveys_public:answer", kwargs={"token": survey_round.public_token})


def form_token_issue(survey_round: SurveyRound) -> str:
    """A signed one-time token for one public form: it expires, and a response may use it once."""
    return signing.dumps(secrets.token_hex(16), salt=f"{_SALT}:{survey_round.pk}")


def form_token_check(survey_round: SurveyRound, token: str) -> str:
    try:
        return signing.loads(token, salt=f"{_SALT}:{survey_round.pk}", max_age=FORM_MAX_AGE_SECONDS)
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This form has expired. Open the survey link again to answer."), code="expired"
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This form is not valid. Open the survey link again to answer."), code="bad") from error


# --- answering ---------------------------------------------------------------------------------------


def round_refusal(survey_round: SurveyRound, *, today: dt.date | None = None) -> str | None:
    """Why the round takes no answer today, or None when it does."""
    today = today or clock.today()
    if survey_round.status == SurveyRound.Status.CLOSED or today > survey_round.closes_on:
        return _("This survey closed on %(date)s and no longer takes answers.") % {
            "date": display.day(survey_round.closes_on)
        }
    if today < survey_round.opens_on:
        return _("This survey opens on %(date)s.") % {"date": display.day(survey_round.opens_on)}
    return None


def invitation_refusal(invitation: Invitation, *, today: dt.date | None = None) -> str | None:
    if hasattr(invitation, "response"):
        return _("This link was already used: the answer was received on %(date)s. Thank you.") % {
            "date": display.day(invitation.response.submitted_at)
        }
    return round_refusal(invitation.round, today=today)


def _clean_answers(version: SurveyVersion, data: dict) -> list[Answer]:
    """Answers for every question of the version from raw form values (question pk → text)."""
    answers, errors = [], {}
    for question in version.questions.all():
        raw = (data.get(question.pk) or "").strip()
        if not raw:
            if question.required:
                errors[f"q{question.pk}"] = _("Please answer this question.")
            continue
        answer = Answer(question=question)
        if question.kind in (QuestionKind.RECOMMEND, QuestionKind.RATING):
            low, high = (0, 10) if question.kind == QuestionKind.RECOMMEND else (1, 5)
            try:
                answer.score = int(raw)
            except ValueError:
                answer.score = None
            if answer.score is None or not low <= answer.score <= high:
                errors[f"q{question.pk}"] = _("Choose a value from %(low)s to %(high)s.") % {"low": low, "high": high}
                continue
        elif question.kind == QuestionKind.CHOICE:
            if raw not in {value for value, _label in question.options()}:
                errors[f"q{question.pk}"] = _("Choose one of the options.")
                continue
            answer.choice = raw
        else:
            answer.text = raw[:4000]
        answers.append(answer)
    if errors:
        raise ValidationError(errors)
    return answers


def response_submit(
    *,
    survey_round: SurveyRound,
    data: dict,
    invitation: Invitation | None = None,
    submission_token: str = "",
    user=None,
    today: dt.date | None = None,
) -> Response:
    """Record one response. The partner it counts for comes from the invitation or the round, never from
    the submitted data. A second response on the same invitation or token is refused."""
    if survey_round.audience == Audience.PARTNER:
        if invitation is None or invitation.round_id != survey_round.pk:
            raise ValidationError(_("Answer the partner survey from your personal link."))
        partner_id = invitation.partner_id
    else:
        partner_id = survey_round.partner_id
        if not submission_token:
            raise ValidationError(_("This form is not valid. Open the survey link again to answer."))
    refusal = round_refusal(survey_round, today=today)
    if refusal:
        raise ValidationError(refusal, code="closed")
    answers = _clean_answers(survey_round.version, data)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                round=survey_round,
                version=survey_round.version,
                partner_id=partner_id,
                invitation=invitation,
                submission_token=submission_token,
                answered_by=user if getattr(user, "is_authenticated", False) else None,
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError as error:
        raise ValidationError(
            _("This survey was already answered with this link. Only one answer counts."), code="used"
        ) from error
    return response
