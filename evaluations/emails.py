"""The monthly emails of a published cycle: each partner contact's scorecard and each manager's summary.

Every message is recorded (cycle, kind, recipient — unique) before it leaves. Only the run that
inserted the record sends, so a retried or concurrent task never sends twice; a send that fails
removes its record again, so the retry sends it.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from common.periods import Period
from evaluations.models import EvaluationCycle, EvaluationEmail, Scorecard
from partners.models import Contact

Kind = EvaluationEmail.Kind


def cycle_emails_send(*, cycle_id: int) -> int:
    """Send what is still unsent for a published cycle; returns how many messages left now."""
    cycle = EvaluationCycle.objects.get(pk=cycle_id)
    if not cycle.is_published:
        return 0
    done = set(EvaluationEmail.objects.filter(cycle=cycle).values_list("kind", "recipient"))
    scorecards = list(
        Scorecard.objects.filter(cycle=cycle)
        .select_related("partner", "partner__manager")
        .prefetch_related("lines", Prefetch("partner__contacts", queryset=Contact.objects.exclude(email="")))
        .order_by("partner__code")
    )
    sent = 0
    with get_connection() as connection:
        for card in scorecards:
            for contact in card.partner.contacts.all():
                if (Kind.SCORECARD, contact.email) in done:
                    continue
                context = {"card": card, "contact": contact, "partner": card.partner, "cycle": cycle}
                context["url"] = _absolute(
                    reverse("evaluations_portal:scorecard", kwargs={"period": str(_period(cycle))})
                )
                sent += _send_once(
                    connection,
                    cycle,
                    Kind.SCORECARD,
                    contact.email,
                    contact.language,
                    "scorecard",
                    context,
                    partner=card.partner,
                )
        by_manager = defaultdict(list)
        for card in scorecards:
            if card.partner.manager and card.partner.manager.email:
                by_manager[card.partner.manager].append(card)
        for manager, cards in by_manager.items():
            if (Kind.MANAGER_SUMMARY, manager.email) in done:
                continue
            context = {"manager": manager, "cards": cards, "cycle": cycle}
            context["url"] = _absolute(reverse("evaluations:cycle", kwargs={"period": str(_period(cycle))}))
            context["grades"] = _grade_counts(cards)
            sent += _send_once(
                connection,
                cycle,
                Kind.MANAGER_SUMMARY,
                manager.email,
                settings.LANGUAGE_CODE,
                "manager_summary",
                context,
            )
    return sent


def _period(cycle: EvaluationCycle) -> Period:
    return Period(cycle.period)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _grade_counts(cards) -> list[tuple[str, int]]:
    counts = defaultdict(int)
    for card in cards:
        counts[card.grade] += 1
    return sorted(counts.items())


def _send_once(connection, cycle, kind, recipient, language, template, context, *, partner=None) -> int:
    try:
        with transaction.atomic():
            record = EvaluationEmail.objects.create(
                cycle=cycle, kind=kind, recipient=recipient, language=language, partner=partner
            )
    except IntegrityError:
        return 0  # another run recorded (and sends) this one
    try:
        with translation.override(language):
            subject = render_to_string(f"evaluations/email/{template}_subject.txt", context).strip()
            text = render_to_string(f"evaluations/email/{template}.txt", context)
            html = render_to_string(f"evaluations/email/{template}.html", context)
        message = EmailMultiAlternatives(subject, text, to=[recipient], connection=connection)
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception:
        record.delete()  # not sent: let the retry send it
        raise
    EvaluationEmail.objects.filter(pk=record.pk).update(sent_at=timezone.now())
    return 1
