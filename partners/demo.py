"""Demo partners with their portal users. Later work fills in sales, agreements and more."""

import datetime as dt

from partners.credit_code import with_check_character
from partners.models import ChannelType, Contact, Partner, PartnerMembership, Region, Tier

TIERS = [
    ("金牌", 1, "5000000.00", "专属渠道经理、最高返利档位、优先供货"),
    ("银牌", 2, "2000000.00", "季度返利、联合市场活动"),
    ("铜牌", 3, "500000.00", "基础返利、线上培训"),
]

# code, name, city code, channel type, tier name, status
PARTNERS = [
    ("P0001", "华南智联科技", "440100", ChannelType.DISTRIBUTOR, "金牌", Partner.Status.ACTIVE),
    ("P0002", "浙商云途贸易", "330100", ChannelType.AGENT, "银牌", Partner.Status.ACTIVE),
]


def credit_code_for(code: str) -> str:
    digits = "".join(char for char in code if char.isdigit()).rjust(6, "0")
    return with_check_character(f"91440101MA5{digits}")


def seed(ctx) -> None:
    tiers = {}
    for name, rank, threshold, benefits in TIERS:
        tiers[name], _ = Tier.objects.get_or_create(
            name=name, defaults={"rank": rank, "annual_sales_threshold": threshold, "benefits": benefits}
        )
    manager = ctx.users["manager"]
    for code, name, city, channel_type, tier, status in PARTNERS:
        partner, _ = Partner.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "legal_name": f"{name}有限公司",
                "credit_code": credit_code_for(code),
                "channel_type": channel_type,
                "tier": tiers[tier],
                "region": Region.objects.get(code=city),
                "manager": manager,
                "status": status,
                "joined_on": dt.date(ctx.today.year - 2, 3, 1),
            },
        )
        username = f"partner-{code.lower()}"
        user = ctx.login(
            username, description=f"Partner admin of {code} {name}", email=f"{username}@partner.example.com"
        )
        PartnerMembership.objects.get_or_create(
            user=user, defaults={"partner": partner, "role": PartnerMembership.Role.ADMIN}
        )
        Contact.objects.get_or_create(
            partner=partner,
            is_primary=True,
            defaults={"name": f"{name}联系人", "email": user.email, "phone": "13800000000", "title": "总经理"},
        )
