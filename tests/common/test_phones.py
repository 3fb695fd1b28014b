"""Phone numbers are checked as Chinese users write them (China as the default region)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from common.phones import validate_phone
from deals.forms import LeadForm
from partners.forms import ContactForm
from recruitment.forms import ApplicationForm
from tests.recruitment.factories import application_data


@pytest.mark.parametrize(
    "phone", ["13812345678", "138 1234 5678", "010-6552 9988", "+86 138 1234 5678", "+852 2123 4567"]
)
def test_real_numbers_are_accepted_as_typed(phone):
    assert validate_phone(f" {phone} ") == phone


@pytest.mark.parametrize("phone", ["123", "1381234567", "abc", ""])
def test_numbers_that_cannot_be_dialled_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_a_partner_contact_with_phone_123_is_refused_in_chinese():
    with translation.override("zh-hans"):
        form = ContactForm(data={"name": "张三", "phone": "123", "language": "zh-hans"})
        assert not form.is_valid()
        assert "请输入有效的电话号码" in form.errors["phone"][0]


def test_a_partner_contact_may_leave_the_phone_blank():
    form = ContactForm(data={"name": "张三", "phone": "", "language": "zh-hans"})
    assert "phone" not in form.errors


@pytest.mark.django_db
def test_the_public_application_form_refuses_phone_123():
    form = ApplicationForm(data=application_data(phone="123"))
    assert not form.is_valid()
    assert "phone" in form.errors


@pytest.mark.django_db
def test_a_lead_with_contact_phone_123_is_refused():
    form = LeadForm(data={"customer_name": "客户", "contact_phone": "123"})
    assert not form.is_valid()
    assert "contact_phone" in form.errors
