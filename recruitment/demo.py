"""Demo recruitment: an East China campaign with goals and applications in every stage of the pipeline.

Applications go through the same services as real ones (scored, duplicates flagged, moves recorded,
onboarding creating partners); afterwards their stage changes are dated back over the past weeks so the
funnel report and the time-in-stage figures look like a campaign in progress.
"""

import datetime as dt

from django.utils import timezone

from common.demo import DEMO_PASSWORD
from partners.credit_code import with_check_character
from partners.models import ChannelType, Partner, PartnerMembership, Region
from recruitment import services
from recruitment.models import Application, Campaign, StageChange
from recruitment.pipeline import Stage
from recruitment.screening import RevenueBand

SLUG = "east-china-2026"

GOALS = [
    (ChannelType.DISTRIBUTOR, "330000", 4),
    (ChannelType.AGENT, "320000", 3),
    (ChannelType.ECOMMERCE, None, 3),
    (ChannelType.SOCIAL, "310000", 2),
]

# company, contact, city codes, channel type, revenue band, team, brands, stores, source, stage
APPLICATIONS = [
    (
        "杭州星河商贸",
        "周丽",
        ["330100"],
        ChannelType.DISTRIBUTOR,
        RevenueBand.FROM_20M,
        60,
        "美的, 九阳, 苏泊尔",
        "",
        "trade_fair",
        Stage.ONBOARDED,
    ),
    (
        "苏州锦程电子",
        "吴强",
        ["320500", "320200"],
        ChannelType.AGENT,
        RevenueBand.FROM_5M,
        28,
        "华为, 小米",
        "京东专营店",
        "website",
        Stage.ONBOARDED,
    ),
    (
        "宁波海湾供应链",
        "郑浩",
        ["330200"],
        ChannelType.DISTRIBUTOR,
        RevenueBand.FROM_20M,
        45,
        "格力, 海尔",
        "",
        "referral",
        Stage.SIGNED,
    ),
    (
        "上海潮流直播",
        "孙悦",
        ["310100"],
        ChannelType.SOCIAL,
        RevenueBand.FROM_1M,
        12,
        "",
        "抖音小店, 快手小店",
        "wechat",
        Stage.SIGNED,
    ),
    (
        "南京信达科技",
        "朱明",
        ["320100"],
        ChannelType.AGENT,
        RevenueBand.FROM_5M,
        18,
        "联想",
        "",
        "sales_rep",
        Stage.NEGOTIATION,
    ),
    (
        "金华优选电商",
        "何静",
        ["330700"],
        ChannelType.ECOMMERCE,
        RevenueBand.FROM_5M,
        22,
        "",
        "天猫旗舰店, 拼多多店铺",
        "website",
        Stage.NEGOTIATION,
    ),
    (
        "无锡恒通贸易",
        "高峰",
        ["320200"],
        ChannelType.DISTRIBUTOR,
        RevenueBand.FROM_1M,
        9,
        "方太",
        "",
        "trade_fair",
        Stage.QUALIFIED,
    ),
    (
        "合肥云端网络",
        "林峰",
        ["340100"],
        ChannelType.ECOMMERCE,
        RevenueBand.FROM_1M,
        15,
        "",
        "京东店铺",
        "website",
        Stage.QUALIFIED,
    ),
    (
        "杭州青禾零售",
        "罗敏",
        ["330100"],
        ChannelType.RETAILER,
        RevenueBand.UNDER_1M,
        6,
        "本地品牌",
        "",
        "wechat",
        Stage.SCREENING,
    ),
    (
        "上海申联实业",
        "梁伟",
        ["310100"],
        ChannelType.DISTRIBUTOR,
        RevenueBand.OVER_100M,
        120,
        "西门子, 博世, 松下",
        "天猫店",
        "referral",
        Stage.SCREENING,
    ),
    (
        "宁波东方小家电",
        "宋涛",
        ["330200"],
        ChannelType.AGENT,
        RevenueBand.FROM_5M,
        30,
        "九阳",
        "",
        "website",
        Stage.APPLIED,
    ),
    (
        "苏州慧购电商",
        "谢娜",
        ["320500"],
        ChannelType.ECOMMERCE,
        RevenueBand.FROM_1M,
        8,
        "",
        "淘宝店, 抖音小店",
        "wechat",
        Stage.APPLIED,
    ),
    (
        "华南智联科技(华东)",
        "韩雪",
        ["330100"],
        ChannelType.DISTRIBUTOR,
        RevenueBand.FROM_20M,
        50,
        "美的",
        "",
        "sales_rep",
        Stage.APPLIED,
    ),
    (
        "温州速达物流贸易",
        "唐杰",
        ["330000"],
        ChannelType.RETAILER,
        RevenueBand.UNDER_1M,
        3,
        "",
        "",
        "other",
        Stage.REJECTED,
    ),
    ("常州新锐数码", "冯刚", ["320000"], ChannelType.AGENT, RevenueBand.FROM_1M, 7, "", "", "website", Stage.REJECTED),
    (
        "嘉兴佳品生活馆",
        "曹颖",
        ["330000"],
        ChannelType.RETAILER,
        RevenueBand.FROM_1M,
        11,
        "宜家",
        "",
        "trade_fair",
        Stage.WITHDRAWN,
    ),
]
DUPLICATE_OF_DEMO_PARTNER = "华南智联科技(华东)"
DUPLICATE_PARTNER_CODE = "P0001"


def seed(ctx) -> None:
    if Campaign.objects.filter(slug=SLUG).exists():
        return
    manager, manager2 = ctx.users["manager"], ctx.users["manager2"]
    campaign = services.campaign_create(
        name="2026 华东区渠道招募计划",
        slug=SLUG,
        starts_on=ctx.today - dt.timedelta(days=60),
        ends_on=ctx.today + dt.timedelta(days=120),
        owner=manager,
        description="诚邀浙江、江苏、上海的经销商、代理商、电商与直播电商伙伴加入。",
        published_on="官网、微信公众号、华东区经销商大会",
    )
    provinces = {region.code: region for region in Region.objects.filter(level=Region.Level.PROVINCE)}
    services.campaign_set_goals(
        campaign=campaign,
        goals=[
            {"channel_type": channel_type, "region": provinces.get(code), "target": target}
            for channel_type, code, target in GOALS
        ],
    )
    regions = {region.code: region for region in Region.objects.all()}
    now = timezone.now()
    # One applicant is an existing demo partner under another name: the board flags it as a duplicate.
    known_code = Partner.objects.filter(code=DUPLICATE_PARTNER_CODE).values_list("credit_code", flat=True).first()
    for index, row in enumerate(APPLICATIONS):
        company, contact, cities, channel_type, band, team, brands, stores, source, stage = row
        code = with_check_character(f"91330100MA2{index:06d}")
        if company == DUPLICATE_OF_DEMO_PARTNER and known_code:
            code = known_code
        submitted = now - dt.timedelta(days=50 - index * 2, hours=ctx.rng.randint(0, 8))
        application = services.application_submit(
            campaign=campaign,
            data={
                "company_name": company,
                "legal_name": f"{company}有限公司",
                "credit_code": code,
                "channel_type": channel_type,
                "revenue_band": band,
                "team_size": team,
                "brands": brands,
                "ecommerce_stores": stores,
                "contact_name": contact,
                "contact_title": "总经理",
                "email": f"apply{index + 1:02d}@applicant.example.com",
                "phone": f"139{index:08d}",
                "source": source,
                "consent": True,
                "submitted_at": submitted,
            },
            regions=[regions[code] for code in cities],
            language="zh-hans",
        )
        owner = manager if index % 2 == 0 else manager2
        services.application_assign(application=application, owner=owner, by=manager)
        _walk(application, Stage(stage), by=owner)
        _date_back(application, start=submitted, ctx=ctx)
        if stage == Stage.ONBOARDED:
            _demo_login(ctx, application)


def _walk(application: Application, stage: Stage, *, by) -> None:
    line = Stage.main_line()
    last = line.index(stage) if stage in line else 1 + application.pk % 2  # closed after screening/qualified
    for step in line[1 : last + 1]:
        services.application_move(application=application, to_stage=step, by=by, note="")
    if stage not in line:
        services.application_move(application=application, to_stage=stage, by=by, note="演示数据")


def _date_back(application: Application, *, start, ctx) -> None:
    """Spread the recorded moves over the days after submission (a few days per stage)."""
    changes = list(application.stage_changes.order_by("changed_at", "pk"))
    moment = start
    for change in changes:
        change.changed_at = moment
        moment += dt.timedelta(days=ctx.rng.randint(1, 5), hours=ctx.rng.randint(0, 12))
    StageChange.objects.bulk_update(changes, ["changed_at"])
    Application.objects.filter(pk=application.pk).update(stage_entered_at=changes[-1].changed_at)


def _demo_login(ctx, application: Application) -> None:
    """The onboarded partners' admins get the demo password, so the printed logins work at once."""
    user = PartnerMembership.objects.select_related("user").get(partner__application=application).user
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    ctx.logins.append((user.username, f"Partner admin of {application.company_name} (recruited, onboarding)"))
