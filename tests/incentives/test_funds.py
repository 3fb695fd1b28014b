"""Market-support fund amounts at their smallest."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from incentives import services
from tests.common.factories import ManagerFactory
from tests.incentives.factories import FundFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def request_for(fund, amount):
    return services.fund_request_submit(
        fund=fund, activity="materials", title="Flyers", plan="Print a box of flyers", amount=amount, by=None
    )


def test_exactly_one_cent_can_be_requested_and_claimed(db):
    request = request_for(FundFactory(), D("0.01"))
    services.fund_request_decide(request=request, approve=True, by=ManagerFactory())
    request.refresh_from_db()
    claim = services.fund_claim_submit(
        request=request, amount=D("0.01"), report="Printed", files=[SimpleUploadedFile("a.png", PNG)], by=None
    )
    assert (request.amount, claim.amount) == (D("0.01"), D("0.01"))


def test_less_than_one_cent_is_refused(db):
    with pytest.raises(ValidationError) as error:
        request_for(FundFactory(), D("0.00"))
    assert "amount" in error.value.message_dict
