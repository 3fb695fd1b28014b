# ruff: noqa: RUF001  (the demo data is Chinese text with Chinese punctuation)
"""Demo surveys: the two standard templates, the quarterly partner survey schedule, and one closed round of
each kind (last quarter's partner satisfaction round, and a customer round per some partners), so results,
NPS and the survey KPIs have figures to show. Its own random generator keeps `ctx.rng` untouched for the
apps seeded after this one; a second run finds everything by its natural key and adds nothing."""

from __future__ import annotations

import datetime as dt
import random

from partners.models import Contact, Partner
from surveys.models import Answer, Audience, Invitation, Question, Response, SurveyRound, SurveySchedule, SurveyTemplate
from surveys.models import SurveyVersion as Version

PARTNER_QUESTIONS = [
    (
        "recommend",
        "您向其他企业推荐成为我们渠道合作伙伴的可能性有多大",
        "How likely are you to recommend partnering with us?",
        "",
        "",
    ),
    ("rating", "您对我们渠道经理的支持满意吗", "How satisfied are you with your channel manager's support?", "", ""),
    (
        "rating",
        "您对激励政策与返利结算满意吗",
        "How satisfied are you with our incentives and rebate settlement?",
        "",
        "",
    ),
    (
        "choice",
        "您最希望我们改进哪一方面",
        "What should we improve first?",
        "培训\n市场支持\n供货\n返利结算",
        "Training\nMarketing support\nSupply\nRebate settlement",
    ),
    ("text", "其他意见和建议", "Other comments and suggestions", "", ""),
]
CUSTOMER_QUESTIONS = [
    ("rating", "您对本次购买体验满意吗", "How satisfied are you with your purchase?", "", ""),
    ("rating", "您对售后服务满意吗", "How satisfied are you with the after-sales service?", "", ""),
    ("recommend", "您向亲友推荐本店的可能性有多大", "How likely are you to recommend this store to friends?", "", ""),
    ("text", "您的意见", "Your comments", "", ""),
]
COMMENTS = ["返利到账再快一些就好了。", "培训很实用，希望多安排线下场次。", "渠道经理响应及时。", "物料支持不够。", ""]


def _template(name: str, audience: str, questions, min_answers: int) -> Version:
    template, _created = SurveyTemplate.objects.get_or_create(
        name=name, defaults={"audience": audience, "min_answers": min_answers}
    )
    version, created = Version.objects.get_or_create(template=template, number=1)
    if created:
        Question.objects.bulk_create(
            Question(
                version=version,
                position=i,
                kind=kind,
                text_zh=zh,
                text_en=en,
                choices_zh=czh,
                choices_en=cen,
                required=kind in ("recommend", "rating"),
            )
            for i, (kind, zh, en, czh, cen) in enumerate(questions)
        )
    return version


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _answer(rng, question, response) -> Answer | None:
    if question.kind == "recommend":
        return Answer(response=response, question=question, score=rng.choice([5, 6, 7, 8, 8, 9, 9, 9, 10, 10]))
    if question.kind == "rating":
        return Answer(response=response, question=question, score=rng.choice([2, 3, 4, 4, 4, 5, 5]))
    if question.kind == "choice":
        return Answer(response=response, question=question, choice=rng.choice([v for v, _l in question.options()]))
    text = rng.choice(COMMENTS)
    return Answer(response=response, question=question, text=text) if text else None


def _responses(rng, survey_round, rows) -> None:
    """rows: (partner id, invitation or None) for each response to store."""
    questions = list(survey_round.version.questions.all())
    answers = []
    for partner_id, invitation in rows:
        response = Response.objects.create(
            round=survey_round,
            version=survey_round.version,
            partner_id=partner_id,
            invitation=invitation,
            submission_token="" if invitation else f"demo-{rng.getrandbits(64):x}",
        )
        answers += [a for q in questions if (a := _answer(rng, q, response))]
    Answer.objects.bulk_create(answers)


def seed(ctx) -> None:
    rng = random.Random(20261212)
    partner_version = _template("合作伙伴满意度调查", Audience.PARTNER, PARTNER_QUESTIONS, 1)
    customer_version = _template("终端客户满意度调查", Audience.CUSTOMER, CUSTOMER_QUESTIONS, 5)
    this_quarter = _quarter_start(ctx.today)
    next_quarter = _quarter_start(this_quarter + dt.timedelta(days=95))
    SurveySchedule.objects.get_or_create(
        template=partner_version.template, defaults={"every_months": 3, "next_on": next_quarter, "open_days": 21}
    )
    opens = _quarter_start(this_quarter - dt.timedelta(days=1))
    partner_round, created = SurveyRound.objects.get_or_create(
        audience=Audience.PARTNER,
        title=f"{opens.year} Q{(opens.month - 1) // 3 + 1}",
        defaults={
            "version": partner_version,
            "opens_on": opens,
            "closes_on": opens + dt.timedelta(days=21),
            "status": SurveyRound.Status.CLOSED,
        },
    )
    if created:
        contacts = Contact.objects.filter(partner__status=Partner.Status.ACTIVE).exclude(email="").order_by("pk")
        invitations = Invitation.objects.bulk_create(
            Invitation(round=partner_round, contact=c, partner_id=c.partner_id, sent_at=None) for c in contacts
        )
        _responses(rng, partner_round, [(i.partner_id, i) for i in invitations if rng.random() < 0.7])
    partners = list(Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("pk")[:12])
    for partner in partners:
        customer_round, created = SurveyRound.objects.get_or_create(
            audience=Audience.CUSTOMER,
            partner=partner,
            title="门店顾客满意度调查",
            defaults={
                "version": customer_version,
                "opens_on": opens,
                "closes_on": opens + dt.timedelta(days=30),
                "status": SurveyRound.Status.CLOSED,
            },
        )
        if created:
            _responses(rng, customer_round, [(partner.pk, None)] * rng.randint(3, 12))
