"""Grant the incentives permissions to the internal roles. Finance approves and settles payouts and
keeps the rebate account; it never edits policies. Managers and directors own the rest."""

from django.db import migrations

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, grant, grant_custom

ALL = ["view", "add", "change", "delete"]
EDIT = ["view", "add", "change"]
VIEW = ["view"]


def grant_roles(apps, schema_editor):
    owners = {
        "incentives.incentivepolicy": EDIT, "incentives.policyversion": EDIT, "incentives.accrual": VIEW,
        "incentives.adjustment": EDIT, "incentives.statement": VIEW, "incentives.payout": VIEW,
        "incentives.calculationrun": VIEW, "incentives.rebateaccountentry": VIEW, "incentives.fund": EDIT,
        "incentives.fundrequest": EDIT, "incentives.fundclaim": EDIT, "incentives.claimproof": VIEW,
    }
    grant(
        apps,
        {
            CHANNEL_DIRECTOR: owners,
            CHANNEL_MANAGER: owners,
            FINANCE: {
                "incentives.incentivepolicy": VIEW, "incentives.policyversion": VIEW, "incentives.accrual": VIEW,
                "incentives.adjustment": VIEW, "incentives.statement": VIEW, "incentives.payout": VIEW,
                "incentives.calculationrun": VIEW, "incentives.rebateaccountentry": ["view", "add"],
                "incentives.fund": VIEW, "incentives.fundrequest": VIEW, "incentives.fundclaim": VIEW,
                "incentives.claimproof": VIEW,
            },
        },
    )
    grant_custom(
        apps,
        {
            CHANNEL_DIRECTOR: ["incentives.calculate_rewards", "incentives.decide_fundrequest"],
            CHANNEL_MANAGER: ["incentives.calculate_rewards", "incentives.decide_fundrequest"],
            FINANCE: ["incentives.approve_payout", "incentives.settle_payout"],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incentives", "0001_initial"),
        ("partners", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
