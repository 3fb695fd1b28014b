"""Reads of the surveys app: response rates, a round's results and the figures scorecards and the plan read.

Every read here runs a fixed number of queries, however many partners, responses or answers there are:
answers are fetched once as plain tuples and the figures come from `surveys.scoring`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from partners.models import Contact, Partner
from surveys import scoring
from surveys.models import Answer, Audience, QuestionKind, Response, SurveyRound


def rounds_with_rates(rounds: QuerySet[SurveyRound]) -> QuerySet[SurveyRound]:
    """Rounds with `invited` and `answered` counts (two subquery-free aggregates, one query)."""
    return rounds.select_related("partner", "version__template").annotate(
        invited=Count("invitations", distinct=True), answered=Count("responses", distinct=True)
    )


@dataclass
class Figures:
    """What one group of responses says: NPS and the average rating, each with the answers it rests on."""

    label: str = ""
    responses: int = 0
    recommend: list[int] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)
    minimum: int = 1

    @property
    def nps(self) -> scoring.NPS:
        return scoring.nps(self.recommend)

    @property
    def nps_score(self) -> Decimal | None:
        return scoring.measured(self.nps.score, answers=len(self.recommend), minimum=self.minimum)

    @property
    def average(self) -> Decimal | None:
        return scoring.measured(scoring.average(self.ratings), answers=self.responses, minimum=self.minimum)

    @property
    def csat(self) -> Decimal | None:
        return scoring.measured(scoring.csat(self.ratings), answers=self.responses, minimum=self.minimum)

    @property
    def measured(self) -> bool:
        return self.responses >= self.minimum


@dataclass
class QuestionResult:
    question: object
    scores: list[int] = field(default_factory=list)
    choices: Counter = field(default_factory=Counter)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (partner name, text)

    @property
    def nps(self) -> scoring.NPS:
        return scoring.nps(self.scores)

    @property
    def average(self) -> Decimal | None:
        return scoring.average(self.scores)

    @property
    def distribution(self) -> list[tuple[int, int]]:
        low, high = (0, 10) if self.question.kind == QuestionKind.RECOMMEND else (1, 5)
        counts = Counter(self.scores)
        return [(value, counts[value]) for value in range(low, high + 1)]

    @property
    def choice_rows(self) -> list[tuple[str, int]]:
        return [(label, self.choices[value]) for value, label in self.question.options()]


GROUPS = {
    "partner": "response__partner__name",
    "tier": "response__partner__tier__name",
    "channel_type": "response__partner__channel_type",
    "region": "response__partner__region__name",
}


def group_labels() -> dict[str, str]:
    return {"partner": _("Partner"), "tier": _("Tier"), "channel_type": _("Channel type"), "region": _("Region")}


@dataclass
class RoundResults:
    round: SurveyRound
    invited: int
    overall: Figures
    questions: list[QuestionResult]
    groups: list[Figures]

    @property
    def response_rate(self) -> Decimal | None:
        return scoring.response_rate(self.overall.responses, self.invited)


def round_results(*, survey_round: SurveyRound, group_by: str = "partner", with_comments: bool = True) -> RoundResults:
    """The round's figures overall, per question and per group (partner, tier, channel type or region)."""
    from partners.models import ChannelType

    group_field = GROUPS.get(group_by, GROUPS["partner"])
    minimum = survey_round.version.template.min_answers
    questions = {q.pk: QuestionResult(q) for q in survey_round.version.questions.all()}
    rows = Answer.objects.filter(response__round=survey_round).values_list(
        "response_id",
        "question_id",
        "question__kind",
        "score",
        "choice",
        "text",
        "response__partner__name",
        group_field,
    )
    overall = Figures(label=_("All"), minimum=1)
    groups: dict[str, Figures] = {}
    seen: set[int] = set()
    seen_in_group: set[tuple[str, int]] = set()
    for response_id, question_id, kind, score, choice, text, partner_name, group in rows.order_by("response_id"):
        label = str(ChannelType(group).label) if group_by == "channel_type" and group else (group or "—")
        figures = groups.setdefault(label, Figures(label=label, minimum=minimum))
        if response_id not in seen:
            seen.add(response_id)
            overall.responses += 1
        if (label, response_id) not in seen_in_group:
            seen_in_group.add((label, response_id))
            figures.responses += 1
        result = questions.get(question_id)
        if result is None:
            continue
        if kind == QuestionKind.RECOMMEND and score is not None:
            result.scores.append(score)
            overall.recommend.append(score)
            figures.recommend.append(score)
        elif kind == QuestionKind.RATING and score is not None:
            result.scores.append(score)
            overall.ratings.append(score)
            figures.ratings.append(score)
        elif kind == QuestionKind.CHOICE:
            result.choices[choice] += 1
        elif kind == QuestionKind.TEXT and text and with_comments:
            result.comments.append((partner_name, text))
    # Responses whose every question was skipped still count as answers.
    overall.responses = max(overall.responses, survey_round.responses.count())
    return RoundResults(
        round=survey_round,
        invited=survey_round.invitations.count(),
        overall=overall,
        questions=list(questions.values()),
        groups=sorted(groups.values(), key=lambda f: f.label),
    )


def answer_rows(survey_round: SurveyRound):
    """One row per response for the CSV export: submitted, partner, then each question's answer."""
    questions = list(survey_round.version.questions.all())
    responses = Response.objects.filter(round=survey_round).select_related("partner").order_by("submitted_at", "pk")
    answers: dict[int, dict[int, object]] = defaultdict(dict)
    for response_id, question_id, score, choice, text in Answer.objects.filter(
        response__round=survey_round
    ).values_list("response_id", "question_id", "score", "choice", "text"):
        answers[response_id][question_id] = score if score is not None else (choice or text)
    header = [_("Submitted at"), _("Partner"), *[q.text for q in questions]]

    def rows():
        for response in responses.iterator():
            yield [
                response.submitted_at.isoformat(timespec="seconds"),
                response.partner.name,
                *[answers[response.pk].get(q.pk, "") for q in questions],
            ]

    return header, rows()


# --- the figures scorecards and the plan read ---------------------------------------------------------


@dataclass(frozen=True)
class PartnerSatisfaction:
    customer_csat: Decimal | None = None  # % of customers' 1-5 ratings that are 4 or 5, in the latest closed round
    customer_answers: int = 0
    partner_nps: Decimal | None = None  # NPS of the partner's contacts in the latest closed partner round
    partner_answers: int = 0


def _closed_by(as_of: dt.date) -> Q:
    return Q(status=SurveyRound.Status.CLOSED, closes_on__lte=as_of)


def latest_partner_round(*, as_of: dt.date) -> SurveyRound | None:
    return (
        SurveyRound.objects.filter(_closed_by(as_of), audience=Audience.PARTNER)
        .select_related("version__template")
        .order_by("-closes_on", "-pk")
        .first()
    )


def satisfaction_by_partner(*, as_of: dt.date) -> dict[int, PartnerSatisfaction]:
    """Per partner: customer satisfaction from its latest customer round closed by `as_of`, and partner NPS
    from the latest partner round closed by then. Below the template's minimum number of answers a figure is
    None ("not measured"), never zero. Four queries, whatever the number of partners."""
    latest_customer: dict[int, tuple[int, int]] = {}  # partner → (round, minimum)
    for partner_id, round_id, minimum in (
        SurveyRound.objects.filter(_closed_by(as_of), audience=Audience.CUSTOMER)
        .order_by("partner_id", "-closes_on", "-pk")
        .values_list("partner_id", "pk", "version__template__min_answers")
    ):
        latest_customer.setdefault(partner_id, (round_id, minimum))
    partner_round = latest_partner_round(as_of=as_of)
    round_ids = [round_id for round_id, _minimum in latest_customer.values()]
    if partner_round:
        round_ids.append(partner_round.pk)
    responses: Counter = Counter()
    recommend: dict[int, list[int]] = defaultdict(list)
    ratings: dict[int, list[int]] = defaultdict(list)
    for partner_id, round_id in Response.objects.filter(round_id__in=round_ids).values_list("partner_id", "round_id"):
        responses[partner_id, round_id] += 1
    for partner_id, round_id, kind, score in Answer.objects.filter(
        response__round_id__in=round_ids,
        question__kind__in=[QuestionKind.RECOMMEND, QuestionKind.RATING],
        score__isnull=False,
    ).values_list("response__partner_id", "response__round_id", "question__kind", "score"):
        if partner_round and round_id == partner_round.pk:
            if kind == QuestionKind.RECOMMEND:
                recommend[partner_id].append(score)
        elif latest_customer.get(partner_id, (None,))[0] == round_id and kind == QuestionKind.RATING:
            ratings[partner_id].append(score)
    partner_ids = set(latest_customer) | {pid for pid, rid in responses if partner_round and rid == partner_round.pk}
    result = {}
    for partner_id in partner_ids:
        customer_round, customer_min = latest_customer.get(partner_id, (None, 1))
        customer_count = responses[partner_id, customer_round] if customer_round else 0
        partner_count = responses[partner_id, partner_round.pk] if partner_round else 0
        result[partner_id] = PartnerSatisfaction(
            customer_csat=scoring.measured(
                scoring.csat(ratings[partner_id]), answers=customer_count, minimum=customer_min
            ),
            customer_answers=customer_count,
            partner_nps=scoring.measured(
                scoring.nps(recommend[partner_id]).score,
                answers=partner_count,
                minimum=partner_round.version.template.min_answers if partner_round else 1,
            ),
            partner_answers=partner_count,
        )
    return result


@dataclass(frozen=True)
class SatisfactionSummary:
    """Company-wide figures for the plan's 渠道满意度 and 客户满意度 goals."""

    partner_nps: Decimal | None
    partner_answers: int
    customer_csat: Decimal | None
    customer_answers: int


def satisfaction_summary(*, as_of: dt.date) -> SatisfactionSummary:
    """Partner NPS over every answer of the latest closed partner round; customer satisfaction over every
    partner's latest closed customer round (the same rounds the scorecards read)."""
    partner_round = latest_partner_round(as_of=as_of)
    recommend = []
    if partner_round:
        recommend = list(
            Answer.objects.filter(
                response__round=partner_round, question__kind=QuestionKind.RECOMMEND, score__isnull=False
            ).values_list("score", flat=True)
        )
    latest: dict[int, int] = {}
    for partner_id, round_id in (
        SurveyRound.objects.filter(_closed_by(as_of), audience=Audience.CUSTOMER)
        .order_by("partner_id", "-closes_on", "-pk")
        .values_list("partner_id", "pk")
    ):
        latest.setdefault(partner_id, round_id)
    ratings = list(
        Answer.objects.filter(
            response__round_id__in=latest.values(), question__kind=QuestionKind.RATING, score__isnull=False
        ).values_list("score", flat=True)
    )
    return SatisfactionSummary(
        partner_nps=scoring.nps(recommend).score,
        partner_answers=len(recommend),
        customer_csat=scoring.csat(ratings),
        customer_answers=len(ratings),
    )


def partner_survey_contacts() -> QuerySet[Contact]:
    """Who a partner satisfaction round invites: every contact with an address at an active partner."""
    return Contact.objects.filter(partner__status=Partner.Status.ACTIVE).exclude(email="")
