"""The world the access matrix and the hostile-input battery request every URL in: two partners (A owns
every object a URL names, B is the intruder), one user per kind, and each app's objects
(`tests/<app>/access_rows.py: populate`)."""

import importlib
from types import SimpleNamespace

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, TRAINER
from tests.access import ANON, DIRECTOR, MANAGER, PARTNER_A, PARTNER_B
from tests.access import FINANCE as FINANCE_USER
from tests.access import TRAINER as TRAINER_USER
from tests.common.factories import UserFactory
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory

APPS = (
    "common",
    "partners",
    "recruitment",
    "training",
    "surveys",
    "deals",
    "channelrules",
    "evaluations",
    "incentives",
    "api",
    "plans",
)
MODULES = [importlib.import_module(f"tests.{app}.access_rows") for app in APPS]
ROWS = [row for module in MODULES for row in module.ROWS]


def build_world() -> SimpleNamespace:
    partner_a = PartnerFactory(name="Partner A")
    partner_b = PartnerFactory(name="Partner B")
    w = SimpleNamespace(
        partner_a=partner_a,
        partner_b=partner_b,
        contact_a=ContactFactory(partner=partner_a, is_primary=True),
        contact_b=ContactFactory(partner=partner_b, is_primary=True),
        users={
            ANON: None,
            PARTNER_A: PartnerUserFactory(username="partner-a", partner=partner_a),
            PARTNER_B: PartnerUserFactory(username="partner-b", partner=partner_b),
            DIRECTOR: UserFactory(username="director", role=CHANNEL_DIRECTOR),
            MANAGER: UserFactory(username="manager", role=CHANNEL_MANAGER),
            FINANCE_USER: UserFactory(username="finance", role=FINANCE),
            TRAINER_USER: UserFactory(username="trainer", role=TRAINER),
        },
    )
    for module in MODULES:
        module.populate(w)
    return w


def world_per_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for a whole test module, built once in an outer transaction rolled back at the end; each
    test's own transaction nests in it, so what one test changes the next never sees. Use it as

        world = pytest.fixture(scope="module")(world_per_module)
        _media_root = pytest.fixture(autouse=True)(media_of_world)

    (the second keeps the world's uploaded files where every test of the module reads them)."""
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.media_root = media
        yield world
        transaction.set_rollback(True)


def media_of_world(settings, world, db):
    """Also marks every test of the module as a database test, so pytest-django runs them all before the
    transactional tests that empty the tables the world was built on."""
    settings.MEDIA_ROOT = world.media_root


class _Recorder:
    """Stands in for the world to see whether a row's kwargs use any of its objects."""

    def __init__(self):
        self.used = False

    def __getattr__(self, name):
        self.used = True
        return self

    pk = id = 1


def names_an_object(row) -> bool:
    recorder = _Recorder()
    row.kwargs(recorder)
    return recorder.used
