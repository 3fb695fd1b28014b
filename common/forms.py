"""What every app's views need around a form and a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext

from common import display

T = TypeVar("T")


def apply_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Run a service for a valid form; its ValidationError becomes the form's errors and None is returned.

    The service is atomic, so nothing was written. An error about a field the form shows sits under that
    field; any other error (a field the form does not have, or no field) is shown above the form, rather
    than raising as Form.add_error would for an unknown field.
    """
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            form.add_error(None, error)
        return None


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of user shown by the one display rule for people, not by login name."""

    def label_from_instance(self, obj):
        return display.person(obj)


class PersonChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


def _descending(label) -> str:
    return gettext("%s (descending)") % label


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's sort choices, with the descending labels worded when the page is shown.

    django-filter words them once, in the language active when the filter set class is defined, so every
    page showed them in one language; and its Chinese comes as a zh_CN catalog, which Django never loads
    for zh-hans, so the msgid is translated in ours.
    """

    def build_choices(self, fields, labels):
        labels = dict(labels or {})
        for field, param in fields.items():
            labels.setdefault(f"-{param}", lazy(_descending, str)(labels.get(field, pretty_name(param))))
        return super().build_choices(fields, labels)
