"""Sales pushed through the API: the sales import's rules (one rule set), all or nothing with each bad item
named, idempotent on external_ref and on Idempotency-Key, a partner token confined to its partner."""

import io

import pytest
from django.test import override_settings

from api.serializers import MAX_ITEMS
from partners.imports.columns import COLUMNS
from partners.imports.services import sales_import_run
from partners.models import SalesImport, SalesRecord
from tests.api.factories import ApiTokenFactory, bearer
from tests.common.factories import UserFactory
from tests.partners.factories import PartnerFactory, ProductCategoryFactory, SalesRecordFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/sales/"


@pytest.fixture
def world(db):
    from common.roles import CHANNEL_MANAGER

    ProductCategoryFactory(code="HW", name="Hardware")
    a, b = PartnerFactory(code="PA"), PartnerFactory(code="PB")
    manager = UserFactory(role=CHANNEL_MANAGER)
    return type(
        "World",
        (),
        {
            "a": a,
            "b": b,
            "token_a": ApiTokenFactory(partner=a, name="ERP of A"),
            "internal": ApiTokenFactory(user=manager),
        },
    )


def item(n, partner="PA", **changes):
    row = {
        "partner_code": partner,
        "date": "2026-10-08",
        "amount": "100.50",
        "quantity": 2,
        "category": "HW",
        "new_customers": 0,
        "external_ref": f"INV-{n}",
    }
    return row | changes


def push(api, token, items, **headers):
    return api.post(URL, {"items": items}, format="json", **bearer(token), **headers)


def test_a_batch_is_written_and_counted(api, world):
    response = push(api, world.token_a, [item(1), item(2)])
    assert response.status_code == 201, response.json()
    assert response.json() | {"import_id": 0} == {
        "import_id": 0,
        "received": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    records = SalesRecord.objects.filter(partner=world.a)
    assert records.count() == 2 and {r.source for r in records} == {SalesRecord.Source.API}


def test_items_may_carry_the_channel_rules_columns(api, world):
    # the sales file's optional product code, unit price and customer region (channelrules' violation report)
    line = item(1, product_code="HW-100", unit_price="99.50", customer_region="广东省")
    response = push(api, world.token_a, [line, item(2)])
    assert response.status_code == 201, response.json()
    first, second = SalesRecord.objects.filter(partner=world.a).order_by("external_ref")
    assert (first.product_code, str(first.unit_price), first.customer_region.code) == ("HW-100", "99.50", "440000")
    assert (second.product_code, second.unit_price, second.customer_region) == ("", None, None)
    wrong = push(api, world.token_a, [item(3, unit_price="-1", customer_region="Atlantis")]).json()
    assert {(e["field"], e["code"]) for e in wrong["errors"]} == {
        ("unit_price", "negative_amount"),
        ("customer_region", "unknown_region"),
    }


def test_sending_the_batch_again_creates_no_duplicates_and_a_change_updates(api, world):
    push(api, world.token_a, [item(1), item(2)])
    again = push(api, world.token_a, [item(1), item(2, amount="999.00")]).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 1)
    assert SalesRecord.objects.filter(partner=world.a).count() == 2
    assert str(SalesRecord.objects.get(external_ref="INV-2").amount) == "999.00"


def test_one_bad_item_writes_nothing_and_is_named(api, world):
    response = push(api, world.token_a, [item(1), item(2, amount="12.345"), item(3), item(4, date="2026-13-01")])
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rejected"
    assert [(e["item"], e["field"], e["code"]) for e in body["errors"]] == [
        (2, "amount", "amount_decimals"),
        (4, "date", "bad_date"),
    ]
    assert "12.345" in body["errors"][0]["message"]
    assert not SalesRecord.objects.exists()
    assert SalesImport.objects.get().status == SalesImport.Status.REJECTED


def test_items_meet_the_same_rules_as_the_file_import(api, world):
    """The same rows, once as a CSV file and once as API items, get the same error codes."""
    rows = [
        item(1, amount="-5"),
        item(2, category="nope"),
        item(3, partner="PZ"),
        item(4, quantity="1.5"),
        item(5),
        item(5),
        {"partner_code": "PA"},
    ]
    csv = io.StringIO()
    csv.write(",".join(COLUMNS) + "\n")
    for row in rows:
        csv.write(",".join(str(row.get(name, "")) for name in COLUMNS) + "\n")
    from_file = sales_import_run(file=io.BytesIO(csv.getvalue().encode()), file_name="s.csv", dry_run=True)
    from_api = api.post(URL, {"items": rows}, format="json", **bearer(world.internal)).json()

    def codes(errors, first_row):
        return sorted((e["row"] - first_row if "row" in e else e["item"] - 1, e["code"]) for e in errors)

    assert codes(from_file.errors, 2) == codes(from_api["errors"], 1)
    assert {code for _n, code in codes(from_api["errors"], 1)} >= {
        "negative_amount",
        "unknown_category",
        "unknown_partner",
        "bad_integer",
        "duplicate_ref",
        "required",
    }


def test_a_partner_token_cannot_write_another_partners_sales(api, world):
    response = push(api, world.token_a, [item(1, partner="PB")])
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "other_partner"
    assert not SalesRecord.objects.exists()


def test_a_partner_token_cannot_overwrite_another_partners_record(api, world):
    SalesRecordFactory(partner=world.b, external_ref="INV-1", amount="1.00")
    push(api, world.token_a, [item(1)])
    assert str(SalesRecord.objects.get(partner=world.b).amount) == "1.00"


def test_an_internal_token_writes_for_any_partner(api, world):
    assert push(api, world.internal, [item(1, partner="PA"), item(1, partner="PB")]).status_code == 201
    assert SalesRecord.objects.count() == 2


def test_the_write_is_recorded_with_the_tokens_name(api, world):
    push(api, world.token_a, [item(1)])
    record = SalesImport.objects.get()
    assert record.source == SalesRecord.Source.API and record.file_name == "API · ERP of A"
    assert record.partner == world.a and record.rows_new == 1


def test_more_than_the_limit_is_refused_whole(api, world):
    response = push(api, world.internal, [item(n) for n in range(MAX_ITEMS + 1)])
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "items"
    assert not SalesRecord.objects.exists()


def test_an_empty_batch_and_a_non_object_item_are_refused(api, world):
    assert push(api, world.internal, []).status_code == 400
    response = push(api, world.internal, [item(1), "text"])
    assert [(e["item"], e["code"]) for e in response.json()["errors"]] == [(2, "not_an_object")]


@override_settings(API_MAX_BODY_BYTES=1000)
def test_a_body_over_the_size_limit_gets_413(api, world):
    response = push(api, world.internal, [item(n) for n in range(20)])
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_idempotency_key_replays_the_first_answer(api, world):
    first = push(api, world.token_a, [item(1)], HTTP_IDEMPOTENCY_KEY="batch-42")
    again = push(api, world.token_a, [item(1)], HTTP_IDEMPOTENCY_KEY="batch-42")
    assert again.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert SalesImport.objects.count() == 1


def test_idempotency_key_reused_for_another_request_is_a_conflict(api, world):
    push(api, world.token_a, [item(1)], HTTP_IDEMPOTENCY_KEY="batch-42")
    response = push(api, world.token_a, [item(2)], HTTP_IDEMPOTENCY_KEY="batch-42")
    assert response.status_code == 409
    assert SalesRecord.objects.count() == 1


def test_a_rejected_batch_is_replayed_as_rejected(api, world):
    first = push(api, world.token_a, [item(1, amount="x")], HTTP_IDEMPOTENCY_KEY="k")
    again = push(api, world.token_a, [item(1, amount="x")], HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == again.status_code == 400 and first.json() == again.json()


def test_idempotency_keys_are_per_token(api, world):
    other = ApiTokenFactory(partner=world.a)
    push(api, world.token_a, [item(1)], HTTP_IDEMPOTENCY_KEY="k")
    assert push(api, other, [item(2)], HTTP_IDEMPOTENCY_KEY="k").status_code == 201


def test_each_token_has_its_own_rate_limit(api, world, settings):
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"api_read": "3/min", "api_write": "2/min"}
    }
    statuses = [push(api, world.token_a, [item(n)]).status_code for n in range(3)]
    assert statuses == [201, 201, 429]
    assert push(api, world.internal, [item(9)]).status_code == 201  # another token is not held back
    limited = push(api, world.token_a, [item(5)])
    assert limited.json()["code"] == "throttled" and "Retry-After" in limited
    # reads have their own budget
    assert api.get(URL, **bearer(world.token_a)).status_code == 200


def test_an_item_holding_nul_characters_is_refused_like_such_a_file_row(api, world):
    """Found by the schemathesis run: PostgreSQL keeps no NUL character, so such an item is refused, not a 500."""
    response = push(api, world.internal, [item(1), item(2, category="H\x00W")])
    assert response.status_code == 400
    assert [(e["item"], e["code"]) for e in response.json()["errors"]] == [(2, "row_nul")]


def test_the_same_batch_in_progress_elsewhere_gets_409_and_writes_nothing(api, world):
    """Two identical batches at the same moment: the second finds the first's claim (the file import's
    one-in-progress-per-content constraint) and is told to try again."""
    import hashlib
    import json

    from partners.models import SalesImport

    items = [item(1)]
    digest = hashlib.sha256(json.dumps(items, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    SalesImport.objects.create(
        file_name="API · other request", source="api", status=SalesImport.Status.RUNNING, file_sha256=digest
    )
    response = push(api, world.token_a, items)
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert not SalesRecord.objects.exists()


def test_a_key_whose_first_request_died_is_free_again_after_a_while(api, world):
    import datetime as dt

    from django.utils import timezone

    from api.models import IdempotentResponse

    running = IdempotentResponse.objects.create(owner=f"token:{world.token_a.pk}", key="k", request_digest="x")
    assert push(api, world.token_a, [item(1)], HTTP_IDEMPOTENCY_KEY="k").status_code == 409  # still running
    IdempotentResponse.objects.filter(pk=running.pk).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    assert push(api, world.token_a, [item(1)], HTTP_IDEMPOTENCY_KEY="k").status_code == 201
