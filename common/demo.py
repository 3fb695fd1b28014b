"""Demo data shared by every app: the internal users of each role.

`manage.py seed_demo` calls `seed(ctx)` in every installed app that has a `demo` module, in
INSTALLED_APPS order (dependencies first). Each must be safe to run twice: get-or-create by a
natural key, never blind inserts.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, TRAINER

DEMO_PASSWORD = "channelwork"


@dataclass
class DemoContext:
    today: dt.date
    rng: random.Random = field(default_factory=lambda: random.Random(20261126))
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, what it is)
    users: dict[str, object] = field(default_factory=dict)  # username → user, for later apps
    # The superuser gets the published demo password only on a developer's machine (`make run`); anywhere else
    # a random one, printed once by seed_demo.
    admin_gets_demo_password: bool = False

    def login(
        self,
        username: str,
        *,
        description: str,
        email: str,
        first_name="",
        last_name="",
        password=DEMO_PASSWORD,
        **extra,
    ):
        """Get or create a demo user (with `password` when created) and remember it for the printed list."""
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": email, "first_name": first_name, "last_name": last_name, **extra},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        self.logins.append((username, description))
        self.users[username] = user
        return user


INTERNAL_USERS = [
    ("director", CHANNEL_DIRECTOR, "王", "总监"),
    ("manager", CHANNEL_MANAGER, "李", "经理"),
    ("manager2", CHANNEL_MANAGER, "张", "经理"),
    ("finance", FINANCE, "陈", "财务"),
    ("trainer", TRAINER, "刘", "培训师"),
]


def seed(ctx: DemoContext) -> None:
    for username, role, last_name, first_name in INTERNAL_USERS:
        user = ctx.login(
            username,
            description=role,
            email=f"{username}@channelwork.local",
            first_name=first_name,
            last_name=last_name,
        )
        user.groups.add(Group.objects.get(name=role))
    if ctx.admin_gets_demo_password:
        password, description = DEMO_PASSWORD, "Superuser (Django admin)"
    else:
        password = secrets.token_urlsafe(16)
        description = f"Superuser (Django admin); password if created now, shown once: {password}"
    admin = ctx.login(
        "admin", description=description, email="admin@channelwork.local", is_staff=True, password=password
    )
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.save(update_fields=["is_superuser"])
