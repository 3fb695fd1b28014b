import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from tests.common.factories import TrainerFactory
from tests.partners.factories import ContactFactory
from training import models


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Course
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"C{n:04d}")
    title = factory.Sequence(lambda n: f"产品知识 {n}")
    category = models.Course.Category.PRODUCT
    mode = models.Course.Mode.CLASSROOM
    duration_hours = Decimal("4.0")
    pass_score = Decimal("60.00")
    validity_months = 12

    @factory.post_generation
    def tiers(self, create, extracted, **kwargs):
        """`CourseFactory(tiers=[gold])` makes the course required for those tiers."""
        if create and extracted:
            self.required_for_tiers.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=4))
    location = "广州市天河区培训中心"
    trainer = factory.SubFactory(TrainerFactory)
    capacity = 20
    registration_open = True


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Enrollment

    session = factory.SubFactory(SessionFactory)
    contact = factory.SubFactory(ContactFactory)
    status = models.Enrollment.Status.REGISTERED


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Certification

    contact = factory.SubFactory(ContactFactory)
    course = factory.SubFactory(CourseFactory)
    number = factory.Sequence(lambda n: f"CERT-T-{n:06d}")
    issued_on = dt.date(2026, 1, 15)
    expires_on = dt.date(2027, 1, 15)
