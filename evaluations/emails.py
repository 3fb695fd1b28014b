"""The emails of a published cycle: each partner contact's scorecard and each manager's summary.

Sent once through the email log (common/emails), one per partner and recipient: a contact of two
partners gets both scorecards. A cycle reopened, corrected and published again sends a "corrected
scorecard" to the contacts of the partners whose card changed: the card's version is one more than
the version last emailed when its figures differ from what that email reported, and the email says
what changed.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy

from common.emails import Email, email_send_once
from common.models import EmailLog
from common.periods import Period
from evaluations.models import EvaluationCycle, PeriodEvaluation, PeriodScorecard, Scorecard
from partners.models import Contact

Kind = EmailLog.Kind
# The figures a scorecard email reports, and how a correction names them.
REPORTED = {
    "total": gettext_lazy("Total"),
    "grade": gettext_lazy("Grade"),
    "rank": gettext_lazy("Rank"),
    "sales": gettext_lazy("Sales"),
    "target": gettext_lazy("Target"),
}


def cycle_emails_send(*, cycle_id: int) -> int:
    """Send what is still unsent for a published cycle; returns how many messages left now."""
    cycle = EvaluationCycle.objects.get(pk=cycle_id)
    if not cycle.is_published:
        return 0
    period = str(Period(cycle.period))
    scorecards = list(
        Scorecard.objects.filter(cycle=cycle)
        .select_related("partner", "partner__manager")
        .prefetch_related("lines", Prefetch("partner__contacts", queryset=Contact.objects.exclude(email="")))
        .order_by("partner__code")
    )
    emailed = _emailed_versions(period)
    url = _absolute(reverse("evaluations_portal:scorecard", kwargs={"period": period}))
    sent = 0
    with get_connection() as connection:
        for card in scorecards:
            facts = card_facts(card)
            version, changes = _version(emailed.get(card.partner_id, {}), facts)
            for contact in card.partner.contacts.all():
                context = {"card": card, "contact": contact, "partner": card.partner, "cycle": cycle, "url": url}
                context["changes"] = changes
                email = Email(
                    kind=Kind.SCORECARD,
                    recipient=contact.email,
                    language=contact.language,
                    template="evaluations/email/scorecard",
                    context=context,
                    partner_id=card.partner_id,
                    period=period,
                    version=version,
                    facts=facts,
                )
                sent += email_send_once(email, connection=connection)
        by_manager = defaultdict(list)
        for card in scorecards:
            if card.partner.manager and card.partner.manager.email:
                by_manager[card.partner.manager].append(card)
        summary_url = _absolute(reverse("evaluations:cycle", kwargs={"period": period}))
        for manager, cards in by_manager.items():
            context = {"manager": manager, "cards": cards, "cycle": cycle, "url": summary_url}
            context["grades"] = _grade_counts(cards)
            email = Email(
                kind=Kind.MANAGER_SUMMARY,
                recipient=manager.email,
                language=settings.LANGUAGE_CODE,
                template="evaluations/email/manager_summary",
                context=context,
                period=period,
            )
            sent += email_send_once(email, connection=connection)
    return sent


def card_facts(card: Scorecard) -> dict[str, str]:
    """What a scorecard email reports, as text, so it can be stored and compared."""
    return {
        "total": str(card.total),
        "grade": card.grade,
        "rank": f"{card.rank} / {card.ranked_among}",
        "sales": str(card.sales),
        "target": str(card.target) if card.target is not None else "",
    }


def _emailed_versions(period: str) -> dict[int, dict[int, dict]]:
    """Per partner, the figures each version of its scorecard email reported (one query)."""
    versions: dict[int, dict[int, dict]] = defaultdict(dict)
    rows = EmailLog.objects.filter(kind=Kind.SCORECARD, period=period).values_list("partner_id", "version", "facts")
    for partner_id, version, facts in rows:
        versions[partner_id][version] = facts
    return versions


def _version(emailed: dict[int, dict], facts: dict) -> tuple[int, list[tuple]]:
    """The card's version and, for a correction, what changed: [(label, before, after), ...].

    Rows carried over from before the email log kept figures have none: never a correction.
    """
    if not emailed:
        return 1, []
    last = max(emailed)
    if emailed[last] and emailed[last] != facts:
        return last + 1, _diff(emailed[last], facts)
    # Unchanged: the same version again (a retry, or a contact added since), saying what it said.
    return last, _diff(emailed.get(last - 1) or facts, facts)


def _diff(before: dict, after: dict) -> list[tuple]:
    return [
        (label, before.get(name, ""), after[name])
        for name, label in REPORTED.items()
        if before.get(name) != after[name]
    ]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _grade_counts(cards) -> list[tuple[str, int]]:
    counts = defaultdict(int)
    for card in cards:
        counts[card.grade] += 1
    return sorted(counts.items())


def period_emails_send(*, evaluation_id: int) -> int:
    """A published quarter's or year's card to each contact of its partner, once; a republished correction
    goes again to the partners whose card changed, saying what changed (as the monthly emails do)."""
    evaluation = PeriodEvaluation.objects.get(pk=evaluation_id)
    if not evaluation.is_published:
        return 0
    key = evaluation.label  # 2026-Q4 or 2026: never a month's key
    cards = (
        PeriodScorecard.objects.filter(evaluation=evaluation)
        .select_related("partner")
        .prefetch_related("lines", Prefetch("partner__contacts", queryset=Contact.objects.exclude(email="")))
        .order_by("partner__code")
    )
    emailed = _emailed_versions(key)
    url = _absolute(reverse("evaluations_portal:period-scorecard", kwargs={"label": key}))
    sent = 0
    with get_connection() as connection:
        for card in cards:
            facts = card_facts(card)
            version, changes = _version(emailed.get(card.partner_id, {}), facts)
            for contact in card.partner.contacts.all():
                context = {"card": card, "contact": contact, "partner": card.partner, "evaluation": evaluation}
                context |= {"url": url, "changes": changes}
                email = Email(
                    kind=Kind.SCORECARD,
                    recipient=contact.email,
                    language=contact.language,
                    template="evaluations/email/period_scorecard",
                    context=context,
                    partner_id=card.partner_id,
                    period=key,
                    version=version,
                    facts=facts,
                )
                sent += email_send_once(email, connection=connection)
    return sent
