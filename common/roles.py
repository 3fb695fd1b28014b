"""Internal roles are Django groups; a partner user is any user with a PartnerMembership.

Each app grants its own permissions to these groups in a data migration through `grant()`,
so the role definitions stay next to the models they protect.
"""

from django.utils.translation import gettext_lazy as _

CHANNEL_DIRECTOR = "Channel director"
CHANNEL_MANAGER = "Channel manager"
FINANCE = "Finance"
TRAINER = "Trainer"

INTERNAL_ROLES = (CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, TRAINER)

# Group names are data (stable across languages); these labels are what the UI shows.
ROLE_LABELS = {
    CHANNEL_DIRECTOR: _("Channel director"),
    CHANNEL_MANAGER: _("Channel manager"),
    FINANCE: _("Finance"),
    TRAINER: _("Trainer"),
}


def grant(apps, grants: dict[str, dict[str, list[str]]]) -> None:
    """Give groups model permissions from inside a data migration.

    `grants` maps a group name to {"app_label.model": ["view", "add", ...]}. Permissions are
    created first, because Django normally creates them only after all migrations ran.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    for group_name, models in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for model_label, actions in models.items():
            app_label, model = model_label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            missing = set(codenames) - set(permissions.values_list("codename", flat=True))
            if missing:
                raise LookupError(f"Unknown permissions for {model_label}: {sorted(missing)}")
            group.permissions.add(*permissions)


def grant_custom(apps, grants: dict[str, list[str]]) -> None:
    """Like `grant()`, for custom permissions given as "app_label.codename"."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    for group_name, perms in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
