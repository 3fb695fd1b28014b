"""The pages: grid and CSV import, portal self-registration, partner tab, uploads and query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.common.factories import DirectorFactory, ManagerFactory, TrainerFactory
from tests.partners.factories import ContactFactory, PartnerFactory, PartnerUserFactory, TierFactory
from tests.training.factories import CertificationFactory, CourseFactory, EnrollmentFactory, SessionFactory
from training.models import Certification, CourseMaterial, Enrollment


@pytest.fixture
def trainer_client(client, db):
    client.force_login(TrainerFactory())
    return client


def _started_session(**kwargs):
    start = timezone.now() - dt.timedelta(hours=2)
    return SessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1), **kwargs)


# --- attendance grid ----------------------------------------------------------------------------------


def test_grid_records_the_whole_session_and_issues_certificates(trainer_client):
    session = _started_session(course=CourseFactory(pass_score=Decimal("70")))
    passing, failing, absent = EnrollmentFactory.create_batch(3, session=session)
    url = reverse("training:attendance", kwargs={"pk": session.pk})
    assert trainer_client.get(url).status_code == 200

    response = trainer_client.post(
        url,
        {
            f"status_{passing.pk}": "attended",
            f"score_{passing.pk}": "70",
            f"status_{failing.pk}": "attended",
            f"score_{failing.pk}": "69.99",
            f"status_{absent.pk}": "no_show",
        },
    )

    assert response.status_code == 302
    statuses = {e.pk: (e.status, e.passed) for e in Enrollment.objects.all()}
    assert statuses == {passing.pk: ("attended", True), failing.pk: ("attended", False), absent.pk: ("no_show", False)}
    assert list(Certification.objects.values_list("contact_id", flat=True)) == [passing.contact_id]


def test_grid_errors_keep_everything_unsaved(trainer_client):
    session = _started_session()
    good, bad = EnrollmentFactory.create_batch(2, session=session)
    response = trainer_client.post(
        reverse("training:attendance", kwargs={"pk": session.pk}),
        {
            f"status_{good.pk}": "attended",
            f"score_{good.pk}": "90",
            f"status_{bad.pk}": "no_show",
            f"score_{bad.pk}": "50",
        },
    )
    assert response.status_code == 400
    assert "Only people who attended get a score." in response.content.decode()
    assert not Enrollment.objects.filter(status="attended").exists()


def test_grid_rejects_a_score_above_100(trainer_client):
    session = _started_session()
    enrollment = EnrollmentFactory(session=session)
    response = trainer_client.post(
        reverse("training:attendance", kwargs={"pk": session.pk}),
        {f"status_{enrollment.pk}": "attended", f"score_{enrollment.pk}": "101"},
    )
    assert response.status_code == 400
    assert Enrollment.objects.get().score is None


# --- CSV import ---------------------------------------------------------------------------------------


def _upload(client, session, text, encoding="utf-8"):
    file = SimpleUploadedFile("attendance.csv", text.encode(encoding), content_type="text/csv")
    return client.post(reverse("training:attendance-import", kwargs={"pk": session.pk}), {"file": file})


@pytest.fixture
def roster(db):
    session = _started_session(course=CourseFactory(pass_score=Decimal("60")))
    anna = EnrollmentFactory(session=session, contact=ContactFactory(name="李安娜", email="anna@p.example.com"))
    bo = EnrollmentFactory(session=session, contact=ContactFactory(name="王波", email="bo@p.example.com"))
    return session, anna, bo


def test_import_records_every_row(trainer_client, roster):
    session, anna, bo = roster
    response = _upload(
        trainer_client, session, "email,contact,status,score\nanna@p.example.com,,attended,88\n,王波,缺勤,\n"
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    bo.refresh_from_db()
    assert (anna.status, anna.score, anna.passed) == ("attended", Decimal("88.00"), True)
    assert bo.status == "no_show"
    assert Certification.objects.filter(contact=anna.contact).exists()


def test_import_reads_gb18030_from_excel(trainer_client, roster):
    session, _anna, bo = roster
    response = _upload(trainer_client, session, "contact,status,score\n王波,已出勤,61\n", encoding="gb18030")
    assert response.status_code == 302
    bo.refresh_from_db()
    assert bo.passed


def test_import_reports_row_errors_and_writes_nothing(trainer_client, roster):
    session, anna, _bo = roster
    text = (
        "email,status,score\n"
        "anna@p.example.com,attended,90\n"
        "nobody@p.example.com,attended,90\n"
        "bo@p.example.com,maybe,\n"
        "anna@p.example.com,attended,80\n"
        "bo@p.example.com,attended,ninety\n"
    )
    response = _upload(trainer_client, session, text)

    assert response.status_code == 400
    errors = [str(line) for line, _msg in response.context["import_errors"]]
    assert errors == ["3", "4", "5", "6"]  # unknown person, bad status, anna twice, bo twice
    content = response.content.decode()
    assert "nobody@p.example.com is not enrolled in this session." in content
    assert "Unknown status" in content
    anna.refresh_from_db()
    assert anna.status == "registered" and not Certification.objects.exists()


def test_import_maps_service_errors_to_lines(trainer_client, roster):
    session, _anna, _bo = roster
    response = _upload(
        trainer_client, session, "email,status,score\nanna@p.example.com,attended,50\nbo@p.example.com,no_show,40\n"
    )
    assert response.status_code == 400
    assert [line for line, _msg in response.context["import_errors"]] == [3]
    assert not Enrollment.objects.filter(status="attended").exists()


def test_import_needs_the_columns(trainer_client, roster):
    session, _anna, _bo = roster
    response = _upload(trainer_client, session, "name,result\nx,y\n")
    assert response.status_code == 400
    assert [line for line, _msg in response.context["import_errors"]] == [1]


def test_roster_download_is_the_import_shape(trainer_client, roster):
    session, _anna, _bo = roster
    response = trainer_client.get(reverse("training:roster", kwargs={"pk": session.pk}))
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0] == "email,contact,status,score"
    assert "anna@p.example.com,李安娜,registered," in lines


# --- internal registration, materials ---------------------------------------------------------------


def test_manager_registers_a_contact_and_capacity_is_shown(client, db):
    client.force_login(ManagerFactory())
    session = SessionFactory(capacity=1)
    contact, other = ContactFactory.create_batch(2)
    url = reverse("training:session-register", kwargs={"pk": session.pk})

    assert client.post(url, {"contact": contact.pk}).status_code == 302
    response = client.post(url, {"contact": other.pk})

    assert response.status_code == 400
    assert "This session is full." in response.content.decode()


def test_material_upload_is_checked_by_type_and_size(client, db):
    client.force_login(TrainerFactory())
    course = CourseFactory()
    url = reverse("training:material-add", kwargs={"pk": course.pk})

    fake = SimpleUploadedFile("slides.pdf", b"MZ not a pdf", content_type="application/pdf")
    assert client.post(url, {"title": "Slides", "file": fake}).status_code == 400
    big = SimpleUploadedFile("slides.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
    assert client.post(url, {"title": "Slides", "file": big}).status_code == 400
    pdf = SimpleUploadedFile("slides.pdf", b"%PDF-1.4\nhello", content_type="application/pdf")
    assert client.post(url, {"title": "Slides", "file": pdf}).status_code == 302

    material = CourseMaterial.objects.get()
    response = client.get(reverse("training:material-download", kwargs={"pk": material.pk}))
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_trainer_creates_a_course_and_a_session(client, db):
    trainer = TrainerFactory()
    client.force_login(trainer)
    gold = TierFactory(name="金牌")
    response = client.post(
        reverse("training:course-create"),
        {
            "code": "PK-101",
            "title": "产品知识入门",
            "category": "product",
            "mode": "classroom",
            "duration_hours": "6",
            "pass_score": "60",
            "validity_months": "12",
            "required_for_tiers": [gold.pk],
            "required_channel_types": ["distributor"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    course = gold.required_courses.get()
    assert course.required_channel_types == ["distributor"]

    start = timezone.localtime() + dt.timedelta(days=3)
    response = client.post(
        reverse("training:session-create"),
        {
            "course": course.pk,
            "starts_at": start.strftime("%Y-%m-%dT09:00"),
            "ends_at": start.strftime("%Y-%m-%dT08:00"),
            "trainer": trainer.pk,
            "capacity": "10",
        },
    )
    assert response.status_code == 200 and "A session ends after it starts." in response.content.decode()


# --- portal --------------------------------------------------------------------------------------------


@pytest.fixture
def partner_user(db):
    return PartnerUserFactory(username="pa")


def test_portal_registers_only_own_contacts_for_open_sessions(client, partner_user):
    partner = partner_user.partner_membership.partner
    own, foreign = ContactFactory(partner=partner), ContactFactory()
    session, closed = SessionFactory(), SessionFactory(registration_open=False)
    client.force_login(partner_user)

    page = client.get(reverse("training_portal:sessions")).content.decode()
    assert f"session-{session.pk}" in page and f"session-{closed.pk}" not in page
    assert foreign.name not in page

    url = reverse("training_portal:register", kwargs={"pk": session.pk})
    assert client.post(url, {"contact": foreign.pk}).status_code == 400
    assert (
        client.post(reverse("training_portal:register", kwargs={"pk": closed.pk}), {"contact": own.pk}).status_code
        == 404
    )
    assert client.post(url, {"contact": own.pk}).status_code == 302
    assert list(Enrollment.objects.values_list("contact_id", "status")) == [(own.pk, "registered")]


def test_portal_shows_only_own_people_and_certificates(client, partner_user):
    partner = partner_user.partner_membership.partner
    mine = CertificationFactory(contact=ContactFactory(partner=partner), number="CW-MINE")
    CertificationFactory(number="CW-OTHER")
    client.force_login(partner_user)
    for name in ("training_portal:home", "training_portal:certificates"):
        page = client.get(reverse(name)).content.decode()
        assert "CW-MINE" in page and "CW-OTHER" not in page
    assert mine.contact.name in client.get(reverse("training_portal:home")).content.decode()


def test_portal_withdraws_own_registration_only(client, partner_user):
    partner = partner_user.partner_membership.partner
    mine = EnrollmentFactory(contact=ContactFactory(partner=partner))
    theirs = EnrollmentFactory()
    client.force_login(partner_user)
    assert client.post(reverse("training_portal:cancel", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("training_portal:cancel", kwargs={"pk": mine.pk})).status_code == 302
    assert list(Enrollment.objects.values_list("pk", flat=True)) == [theirs.pk]


# --- partner tab and query counts --------------------------------------------------------------------


def test_training_tab_on_the_partner_page(client, db):
    gold, silver = TierFactory(name="金牌", rank=1), TierFactory(name="银牌", rank=2)
    required = CourseFactory(title="金牌必修课", tiers=[gold])
    silver_course = CourseFactory(title="银牌必修课", tiers=[silver])
    partner = PartnerFactory(tier=silver)
    CertificationFactory(
        contact=ContactFactory(partner=partner),
        course=silver_course,
        issued_on=timezone.localdate(),
        expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    client.force_login(DirectorFactory())

    response = client.get(reverse("partners:detail", kwargs={"pk": partner.pk}) + "?tab=training")

    assert response.status_code == 200
    content = response.content.decode()
    assert "100.00%" in content
    assert required.title in content  # the gap to gold


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("training:courses", lambda n: CourseFactory.create_batch(n, tiers=[TierFactory()])),
        ("training:sessions", lambda n: [EnrollmentFactory(session=SessionFactory()) for _ in range(n)]),
        ("training:certifications", lambda n: CertificationFactory.create_batch(n)),
        (
            "training:status",
            lambda n: [CertificationFactory(contact=ContactFactory(partner=PartnerFactory())) for _ in range(n)],
        ),
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, db, name, make):
    client.force_login(DirectorFactory())
    url = reverse(name)
    make(2)
    few = _query_count(client, url)
    make(8)
    assert _query_count(client, url) == few


def test_session_detail_query_count_does_not_grow(client, db):
    client.force_login(DirectorFactory())
    session = SessionFactory()
    EnrollmentFactory.create_batch(2, session=session)
    url = reverse("training:session-detail", kwargs={"pk": session.pk})
    few = _query_count(client, url)
    EnrollmentFactory.create_batch(8, session=session)
    assert _query_count(client, url) == few


def test_dashboard_and_portal_panels(client, partner_user):
    partner = partner_user.partner_membership.partner
    CertificationFactory(
        contact=ContactFactory(partner=partner),
        issued_on=timezone.localdate() - dt.timedelta(days=300),
        expires_on=timezone.localdate() + dt.timedelta(days=20),
    )
    session = SessionFactory(course=CourseFactory(title="Coming course"))
    client.force_login(TrainerFactory())
    home = client.get(reverse("home")).content.decode()
    assert "1 certificate expiring within 60 days" in home and session.course.title in home

    client.force_login(partner_user)
    portal = client.get(reverse("portal-home")).content.decode()
    assert 'id="training-portal-panel"' in portal and "100.00%" in portal
