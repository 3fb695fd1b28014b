import datetime as dt

import factory

from surveys import models
from tests.partners.factories import ContactFactory, PartnerFactory


class SurveyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SurveyTemplate

    name = factory.Sequence(lambda n: f"Survey template {n}")
    audience = models.Audience.PARTNER
    min_answers = 1


class SurveyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SurveyVersion

    template = factory.SubFactory(SurveyTemplateFactory)
    number = 1


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Question

    version = factory.SubFactory(SurveyVersionFactory)
    kind = models.QuestionKind.RATING
    text_zh = factory.Sequence(lambda n: f"问题{n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")


def standard_version(audience=models.Audience.PARTNER, min_answers=1):
    """A version with one question of each kind: recommend, rating, choice, text (in that order)."""
    version = SurveyVersionFactory(template__audience=audience, template__min_answers=min_answers)
    QuestionFactory(
        version=version,
        position=0,
        kind="recommend",
        text_en="How likely are you to recommend us?",
        text_zh="您向他人推荐我们的可能性有多大",
    )
    QuestionFactory(version=version, position=1, kind="rating", text_en="How satisfied are you?", text_zh="您满意吗")
    QuestionFactory(
        version=version,
        position=2,
        kind="choice",
        text_en="What matters most?",
        text_zh="什么最重要",
        choices_en="Price\nService",
        choices_zh="价格\n服务",
        required=False,
    )
    QuestionFactory(version=version, position=3, kind="text", text_en="Comments", text_zh="意见", required=False)
    return version


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SurveyRound

    version = factory.SubFactory(SurveyVersionFactory)
    audience = models.Audience.PARTNER
    title = factory.Sequence(lambda n: f"Round {n}")
    opens_on = dt.date(2026, 10, 1)
    closes_on = dt.date(2026, 10, 31)


class CustomerRoundFactory(SurveyRoundFactory):
    audience = models.Audience.CUSTOMER
    version = factory.SubFactory(SurveyVersionFactory, template__audience=models.Audience.CUSTOMER)
    partner = factory.SubFactory(PartnerFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Invitation

    round = factory.SubFactory(SurveyRoundFactory)
    contact = factory.SubFactory(ContactFactory)
    partner = factory.LazyAttribute(lambda i: i.contact.partner)
