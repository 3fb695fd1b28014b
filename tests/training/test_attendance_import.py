"""The attendance import on the shared pipeline: GB18030 and XLSX files, row errors, all or nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.common.factories import TrainerFactory
from tests.partners.factories import ContactFactory
from tests.partners.sales_files import xlsx_bytes
from tests.training.factories import CourseFactory, EnrollmentFactory, SessionFactory
from training.attendance_import import attendance_import
from training.models import Certification

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster():
    start = timezone.now() - dt.timedelta(hours=2)
    session = SessionFactory(
        course=CourseFactory(pass_score=Decimal("60")), starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    anna = EnrollmentFactory(session=session, contact=ContactFactory(name="李安娜", email="anna@p.example.com"))
    bo = EnrollmentFactory(session=session, contact=ContactFactory(name="王波", email=""))
    return session, anna, bo


def run(session, data: bytes, name="attendance.csv"):
    return attendance_import(session=session, file=io.BytesIO(data), file_name=name, by=TrainerFactory())


def test_a_gb18030_file_with_a_bad_row_is_rejected_and_writes_nothing(roster):
    session, anna, _bo = roster
    text = "学员,状态,score\n李安娜,已出勤,90\n王波,迟到了,70\n"

    result = run(session, text.encode("gb18030"))

    assert [line for line, _message in result.errors] == [3]
    assert "Unknown status “迟到了”." in result.errors[0][1]
    anna.refresh_from_db()
    assert anna.status == "registered" and not Certification.objects.exists()


def test_an_xlsx_roster_is_recorded(roster):
    session, anna, bo = roster
    data = xlsx_bytes(
        [["anna@p.example.com", "", "attended", 88], ["", "王波", "no_show", None]],
        header=["email", "contact", "status", "score"],
    )

    result = run(session, data, name="attendance.xlsx")

    assert result.ok, result.errors
    anna.refresh_from_db()
    bo.refresh_from_db()
    assert (anna.status, anna.score, bo.status) == ("attended", Decimal("88.00"), "no_show")
