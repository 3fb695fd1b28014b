"""The shared clock and the form ↔ service helper every app's views use."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from common.clock import today
from common.forms import apply_service


def test_today_is_the_local_date_of_shanghai():
    assert today(dt.datetime(2026, 10, 31, 16, 30, tzinfo=dt.UTC)) == dt.date(2026, 11, 1)


class _NameForm(forms.Form):
    name = forms.CharField()


def _failing(errors):
    def call():
        raise ValidationError(errors)

    return call


def test_a_service_error_on_a_shown_field_sits_under_that_field():
    form = _NameForm(data={"name": "x"})
    assert form.is_valid()
    assert apply_service(form, _failing({"name": "Taken."})) is None
    assert form.errors == {"name": ["Taken."]}


def test_a_service_error_on_a_field_the_form_lacks_is_shown_above_the_form():
    form = _NameForm(data={"name": "x"})
    assert form.is_valid()
    assert apply_service(form, _failing({"status": "Cannot move."})) is None
    assert form.non_field_errors() == ["Cannot move."]


def test_the_service_result_is_returned_when_it_succeeds():
    form = _NameForm(data={"name": "x"})
    assert form.is_valid()
    assert apply_service(form, lambda: 42) == 42
