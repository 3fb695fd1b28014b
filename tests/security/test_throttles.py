"""Limits that hold under concurrency and across usernames: /apply/ (5 an hour per address), the public
customer survey and the API's rate per token counted atomically in a shared Redis cache, and failed logins counted per address whatever the
username."""

import datetime as dt
import threading
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from common import clock
from common.throttles import Limit
from config.settings.base import cache_config
from recruitment.models import Application
from surveys.models import Response
from surveys.services import form_token_issue
from tests.api.factories import ApiTokenFactory, bearer
from tests.common.factories import PASSWORD, ManagerFactory
from tests.partners.factories import PartnerFactory
from tests.recruitment.test_public_form import form_data
from tests.services import redis_url, require_postgres
from tests.surveys.factories import CustomerRoundFactory, standard_version


@pytest.fixture
def redis_cache(settings):
    """The default cache on the test Redis, under a prefix of its own (never cleared: clear() flushes the db)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    return cache


def _post_concurrently(count: int, url: str, payloads: list[dict], address: str) -> list[int]:
    barrier = threading.Barrier(count)
    statuses = [None] * count

    def post(index):
        try:
            client = Client(REMOTE_ADDR=address)
            barrier.wait()
            statuses[index] = client.post(url, payloads[index]).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.postgres
@pytest.mark.redis
def test_fifteen_concurrent_applications_from_one_address_store_exactly_five(transactional_db, redis_cache):
    require_postgres()
    assert django_settings.RECRUITMENT_APPLY_LIMIT == 5
    payloads = [form_data(100 + n) for n in range(15)]

    statuses = _post_concurrently(15, reverse("apply:form"), payloads, "203.0.113.7")

    assert sorted(statuses) == [302] * 5 + [429] * 10
    assert Application.objects.count() == 5
    # the next address still gets its own five
    assert Client(REMOTE_ADDR="203.0.113.8").post(reverse("apply:form"), form_data(200)).status_code == 302


@pytest.mark.postgres
@pytest.mark.redis
def test_fifteen_concurrent_public_survey_answers_from_one_address_store_exactly_five(
    transactional_db, redis_cache, settings
):
    require_postgres()
    settings.SURVEYS_PUBLIC_LIMIT = 5
    today = clock.today()
    survey_round = CustomerRoundFactory(
        version=standard_version(audience="customer"),
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
    )
    questions = list(survey_round.version.questions.all())
    answers = {f"q{questions[0].pk}": "9", f"q{questions[1].pk}": "5", f"q{questions[2].pk}": "Service"}
    payloads = [answers | {"form_token": form_token_issue(survey_round)} for _ in range(15)]
    url = reverse("surveys_public:answer", kwargs={"token": survey_round.public_token})

    statuses = _post_concurrently(15, url, payloads, "203.0.113.9")

    assert sorted(statuses) == [200] * 5 + [429] * 10
    assert Response.objects.count() == 5


@pytest.mark.postgres
@pytest.mark.redis
def test_fifteen_concurrent_api_calls_with_one_token_pass_exactly_its_rate(transactional_db, redis_cache, settings):
    require_postgres()
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"api_read": "5/min", "api_write": "5/min"}
    }
    headers = bearer(ApiTokenFactory(partner=PartnerFactory()))
    barrier = threading.Barrier(15)
    statuses = []

    def call():
        try:
            barrier.wait()
            statuses.append(Client().get("/api/v1/sales/", **headers).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(statuses) == [200] * 5 + [429] * 10


@pytest.mark.redis
def test_a_counter_never_outlives_its_window(redis_cache):
    limit = Limit("window-test", count=2, window=30)
    assert [limit.hit("192.0.2.1") for _ in range(3)] == [True, True, False]
    client = cache._cache.get_client(write=True)
    ttl = client.ttl(cache.make_and_validate_key("throttle:window-test:192.0.2.1"))
    assert 0 < ttl <= 30


def test_the_cache_is_redis_when_a_redis_broker_or_cache_url_is_configured():
    redis_broker = cache_config(cache_url=None, broker_url="redis://10.0.0.5:6379/0")
    assert redis_broker["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis_broker["LOCATION"] == "redis://10.0.0.5:6379/0"
    explicit = cache_config(cache_url="rediscache://10.0.0.6:6379/3", broker_url="redis://10.0.0.5:6379/0")
    assert explicit["LOCATION"] == "redis://10.0.0.6:6379/3"
    embedded = cache_config(cache_url=None, broker_url="filesystem://")
    assert embedded["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def _login(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_one_password_sprayed_over_many_usernames_blocks_the_address(client, db):
    cache.clear()
    ManagerFactory(username="mgr")
    sprayer = "198.51.100.23"
    for n in range(django_settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        assert _login(client, f"user{n}", "Spring2026!", sprayer).status_code == 200  # the form, with its error

    # the address is now refused, even with a right password, at the login page and the admin's
    refused = _login(client, "mgr", PASSWORD, sprayer)
    assert refused.status_code == 429
    assert b"too many failed logins from your network" in refused.content
    admin = client.post(
        reverse("admin:login"), {"username": "mgr", "password": PASSWORD, "next": "/admin/"}, REMOTE_ADDR=sprayer
    )
    assert admin.status_code == 200  # the admin's form again
    assert "_auth_user_id" not in client.session
    # another address is not affected
    assert _login(Client(), "mgr", PASSWORD, "198.51.100.24").status_code == 302


def test_a_few_typos_from_one_office_do_not_block_it(client, db):
    cache.clear()
    ManagerFactory(username="mgr")
    for n in range(3):
        _login(client, f"colleague{n}", "typo", "198.51.100.30")
    assert _login(client, "mgr", PASSWORD, "198.51.100.30").status_code == 302
