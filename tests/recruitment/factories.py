import datetime as dt

import factory
from django.utils import timezone

from partners.models import ChannelType, Region
from recruitment import services
from recruitment.models import Application, Campaign, CampaignGoal
from recruitment.pipeline import Stage
from recruitment.screening import RevenueBand
from tests.common.factories import ManagerFactory
from tests.partners.factories import credit_code


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign open around today, with the default screening weights (as campaign_create gives)."""

    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"招募计划 {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    owner = factory.SubFactory(ManagerFactory)
    published_on = "官网, 微信公众号"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.campaign_create(**kwargs)


class CampaignGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignGoal

    campaign = factory.SubFactory(CampaignFactory)
    channel_type = ChannelType.DISTRIBUTOR
    region = factory.LazyFunction(lambda: Region.objects.get(code="330000"))
    target = 5


def application_data(n: int = 0, **overrides) -> dict:
    """What the public form's cleaned data holds (regions apart)."""
    return {
        "company_name": f"申请公司{n}",
        "legal_name": f"申请公司{n}有限公司",
        "credit_code": credit_code(10_000 + n),
        "channel_type": ChannelType.DISTRIBUTOR,
        "revenue_band": RevenueBand.FROM_5M,
        "team_size": 25,
        "brands": "品牌甲, 品牌乙",
        "ecommerce_stores": "天猫旗舰店",
        "contact_name": f"联系人{n}",
        "contact_title": "总经理",
        "email": f"applicant{n}@example.com",
        "phone": f"139{n:08d}",
        "source": Application.Source.WEBSITE,
        "consent": True,
        **overrides,
    }


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application submitted through the service (scored, with its first stage change).

    `stage=` walks it along the pipeline as `by` (its campaign's owner unless given).
    """

    class Meta:
        model = Application

    campaign = factory.SubFactory(CampaignFactory)
    n = factory.Sequence(lambda n: n)
    region_codes = ("330100",)

    @classmethod
    def _create(cls, model_class, *, campaign, n, region_codes, stage=Stage.APPLIED, by=None, **overrides):
        application = services.application_submit(
            campaign=campaign,
            data=application_data(n, **overrides),
            regions=Region.objects.filter(code__in=region_codes),
            ip="203.0.113.9",
        )
        by = by or (campaign.owner if campaign else ManagerFactory())
        return walk(application, stage, by=by)


def walk(application: Application, stage: str, *, by) -> Application:
    """Move an application forward (and out, for rejected/withdrawn) until it reaches `stage`."""
    line = Stage.main_line()
    target = Stage(stage)
    last = line.index(target) if target in line else line.index(Stage.QUALIFIED)
    for step in line[line.index(Stage(application.stage)) + 1 : last + 1]:
        application = services.application_move(application=application, to_stage=step, by=by)
    if target not in line:
        application = services.application_move(application=application, to_stage=target, by=by)
    return application
