"""common/field_render.py writes a filter form's field as crispy-forms renders it (the same HTML, whitespace
and attribute order aside), and leaves to crispy the fields it does not handle."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.test.html import parse_html

from common.field_render import field_html, handled


class Filters(forms.Form):
    q = forms.CharField(label="Search <all>", required=False)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "---------"), ("a", "A & B"), ("b", "B")])
    grouped = forms.ChoiceField(
        label="Grouped", required=False, choices=[("", "—"), ("North", [("n1", "N1"), ("n2", "N2")]), ("x", "X")]
    )
    number = forms.IntegerField(label="Number", required=False)
    on = forms.DateField(label="On", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    styled = forms.CharField(label="Styled", required=False, widget=forms.TextInput(attrs={"class": "wide"}))
    nolabel = forms.CharField(label="", required=False)
    # Left to crispy:
    needed = forms.CharField(label="Needed")
    helped = forms.CharField(label="Helped", required=False, help_text="Some help")
    flag = forms.BooleanField(label="Flag", required=False)
    many = forms.MultipleChoiceField(label="Many", required=False, choices=[("a", "A")])


HANDLED = ("q", "kind", "grouped", "number", "on", "styled", "nolabel")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": 'x"<y>', "kind": "a", "grouped": "n2", "number": "7", "on": "2026-01-02", "styled": "s"},
        {"kind": "bogus", "grouped": "nope", "number": "seven", "on": "not a date"},
    ],
)
def test_each_handled_field_renders_as_crispy_renders_it(data):
    for name in HANDLED:
        # A fresh form each time: crispy writes its classes into the widget's attrs.
        ours = field_html(Filters(data)[name])
        theirs = as_crispy_field(Filters(data)[name])
        assert parse_html(ours) == parse_html(theirs), name


def test_the_other_fields_go_to_crispy():
    form = Filters({})
    assert [name for name in form.fields if handled(form[name])] == list(HANDLED)
    for name in ("needed", "helped", "flag", "many"):
        assert parse_html(field_html(Filters({})[name])) == parse_html(as_crispy_field(Filters({})[name]))
