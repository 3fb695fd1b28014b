"""The OpenAPI schema: valid by openapi-spec-validator, describes every endpoint, and a property-based run of it
(schemathesis) against the live test server finds no server error."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import given as hypothesis_given
from openapi_spec_validator import validate

from common.roles import CHANNEL_DIRECTOR
from tests.api.factories import ApiTokenFactory, bearer
from tests.common.factories import UserFactory


def schema_of(api, token) -> dict:
    response = api.get("/api/schema/?format=json", **bearer(token))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.django_db
def test_the_schema_is_valid_openapi_and_names_every_endpoint(api):
    schema = schema_of(api, ApiTokenFactory(user=UserFactory(role=CHANNEL_DIRECTOR)))
    validate(schema)
    paths = set(schema["paths"])
    for endpoint in ("partners", "sales", "targets", "scorecards", "statements", "payouts", "certifications"):
        assert f"/api/v1/{endpoint}/" in paths
    sales_post = schema["paths"]["/api/v1/sales/"]["post"]
    assert "Idempotency-Key" in {parameter["name"] for parameter in sales_post["parameters"]}
    assert "销售" in sales_post["description"] and "5,000" in sales_post["description"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"


def test_the_schema_needs_a_login(client, db):
    assert client.get("/api/schema/").status_code == 401


EXAMPLES = 15


@pytest.mark.django_db(transaction=True)
def test_no_operation_answers_a_server_error(live_server, api):
    """Every operation of the schema with generated input, as a director (who may write) — a 4xx is an answer,
    a 5xx is a bug."""
    import schemathesis

    from tests.api import world as api_world

    api_world.build()
    token = ApiTokenFactory(user=UserFactory(role=CHANNEL_DIRECTOR), expires_at=timezone.now() + dt.timedelta(days=1))
    raw = schema_of(api, token)
    schema = schemathesis.openapi.from_dict(raw)
    headers = {"Authorization": f"Bearer {token.secret}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis_given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(base_url=live_server.url, headers=headers)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query} {case.body!r} → {response.status_code}"
                )

        run()
    assert operations >= 14
    assert not failures, failures[:5]
