"""A course's history names who changed it and when as people read it, not a login and a raw timestamp."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from common import display
from common.history import changed_by
from tests.common.factories import ManagerFactory, TrainerFactory
from tests.training.factories import CourseFactory


def test_course_history_shows_the_persons_name_and_the_local_moment(client, db):
    trainer = TrainerFactory(username="trainer7", first_name="Wei", last_name="Wang")
    course = CourseFactory()
    changed_by(course, trainer)
    course.title = "Renamed"
    course.save()
    record = course.history.latest()
    record.history_date = dt.datetime(2026, 11, 28, 8, 40, 39, 862141, tzinfo=dt.UTC)
    record.save()
    client.force_login(ManagerFactory())
    with translation.override("en"):
        text = client.get(reverse("training:course-detail", args=[course.pk]), HTTP_ACCEPT_LANGUAGE="en").content
        expected = display.moment(record.history_date)
    text = text.decode()
    assert "Wei Wang" in text and "trainer7" not in text
    assert expected in text and "08:40:39" not in text
    assert timezone.localtime(record.history_date).hour == 16  # the installation's zone (Asia/Shanghai), not UTC
