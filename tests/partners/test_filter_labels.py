# ruff: noqa: RUF001 -- the Chinese label uses full-width parentheses, as Chinese text does
"""django-filter's labels (the yes/no choices, the sort order) read in the page's language, both ways."""

from django.utils import translation

from partners.filters import AgreementFilter, PartnerFilter


def labels(filterset, name):
    return [str(label) for _value, label in filterset.form.fields[name].widget.choices]


def test_yes_no_choices_follow_the_language_of_the_page(db):
    with translation.override("en"):
        assert labels(AgreementFilter(today=None), "expiring") == ["Unknown", "Yes", "No"]
    with translation.override("zh-hans"):
        assert labels(AgreementFilter(today=None), "expiring") == ["未知", "是", "否"]


def test_descending_sort_labels_are_translated(db):
    with translation.override("en"):
        assert "Name (descending)" in labels(PartnerFilter(), "sort")
    with translation.override("zh-hans"):
        sort = labels(PartnerFilter(), "sort")
    assert "名称（降序）" in sort
    assert not any("descending" in label for label in sort)
