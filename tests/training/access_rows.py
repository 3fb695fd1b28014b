import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.access import DIRECTOR, MANAGER, TRAINER, internal, portal
from tests.training.factories import CertificationFactory, CourseFactory, EnrollmentFactory, SessionFactory
from training.models import CourseMaterial

OWNERS = (DIRECTOR, TRAINER)  # trainers own training; directors may do everything
READERS = (DIRECTOR, MANAGER, TRAINER)
PDF = b"%PDF-1.4\n%test\n"


def populate(world):
    """A course with a material, an upcoming and a past session with partner A's contact enrolled, and
    partner A's certificate."""
    world.course_a = CourseFactory(code="ACCESS-1")
    world.material_a = CourseMaterial.objects.create(
        course=world.course_a, title="Slides", file=SimpleUploadedFile("slides.pdf", PDF)
    )
    world.session_a = SessionFactory(course=world.course_a)
    world.enrollment_a = EnrollmentFactory(session=world.session_a, contact=world.contact_a)
    past = timezone.now() - dt.timedelta(days=3)
    world.past_session_a = SessionFactory(course=world.course_a, starts_at=past, ends_at=past + dt.timedelta(hours=2))
    # Withdrawing from a session that has started is refused, so the row can be requested by everyone.
    world.past_enrollment_a = EnrollmentFactory(session=world.past_session_a, contact=world.contact_a)
    world.certification_a = CertificationFactory(contact=world.contact_a, course=world.course_a)


def _course(w):
    return {"pk": w.course_a.pk}


def _session(w):
    return {"pk": w.session_a.pk}


ROWS = [
    internal("training:courses", roles=READERS),
    internal("training:course-create", roles=OWNERS),
    internal("training:course-detail", roles=READERS, kwargs=_course),
    internal("training:course-edit", roles=OWNERS, kwargs=_course),
    internal("training:material-add", roles=OWNERS, kwargs=_course, method="post", ok=400),
    internal("training:material-download", roles=READERS, kwargs=lambda w: {"pk": w.material_a.pk}),
    internal("training:sessions", roles=READERS),
    internal("training:session-create", roles=OWNERS),
    internal("training:session-detail", roles=READERS, kwargs=_session),
    internal("training:session-edit", roles=OWNERS, kwargs=_session),
    internal("training:session-register", roles=READERS, kwargs=_session, method="post", ok=400),
    internal("training:attendance", roles=OWNERS, kwargs=_session),
    # The world's session has not started: closing is refused with a message, then back to the session.
    internal("training:attendance-close", roles=OWNERS, kwargs=_session, method="post", ok=302),
    internal("training:attendance-import", roles=OWNERS, kwargs=_session, method="post", ok=400),
    internal("training:roster", roles=READERS, kwargs=_session),
    internal("training:certifications", roles=READERS),
    internal("training:certificate-pdf", roles=READERS, kwargs=lambda w: {"pk": w.certification_a.pk}),
    internal("training:status", roles=READERS),
    portal("training_portal:home"),
    portal("training_portal:certificates"),
    portal("training_portal:certificate-pdf", kwargs=lambda w: {"pk": w.certification_a.pk}),
    portal("training_portal:sessions"),
    # Sessions are shared; an empty form is refused for both partners alike.
    portal("training_portal:register", kwargs=_session, method="post", ok=400, other=400),
    portal("training_portal:cancel", kwargs=lambda w: {"pk": w.past_enrollment_a.pk}, method="post", ok=302),
]
