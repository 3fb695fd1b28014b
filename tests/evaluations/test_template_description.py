"""The scorecard templates the installation seeds describe themselves in the reader's language; a
description someone typed is shown as typed (issue 18)."""

import pytest
from django.urls import reverse

from evaluations import demo
from evaluations.models import ScorecardTemplate
from tests.common.factories import DirectorFactory


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("zh-hans", "适用于所有渠道类型的默认评分卡。", "Default scorecard for every channel type."),
        ("en", "Default scorecard for every channel type.", "适用于所有渠道类型的默认评分卡。"),
    ],
)
def test_the_seeded_default_template_is_described_in_the_readers_language(
    client, db, default_template, language, shown, not_shown
):
    client.force_login(DirectorFactory())
    page = client.get(reverse("evaluations:template-list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in page
    assert not_shown not in page


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("zh-hans", "电商与社交电商伙伴更看重增长与新客户。"),
        ("en", "E-commerce and social commerce partners: growth and new customers weigh more."),
    ],
)
def test_the_demos_online_template_too(client, db, language, shown):
    demo._online_template()
    client.force_login(DirectorFactory())
    page = client.get(reverse("evaluations:template-list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in page


def test_a_typed_description_is_shown_as_typed(client, db, default_template):
    default_template.description = "Default scorecard for every channel type, used by our team."
    default_template.save()
    ScorecardTemplate.objects.create(name="Typed", description="我们自己的说明。")
    client.force_login(DirectorFactory())
    page = client.get(reverse("evaluations:template-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Default scorecard for every channel type, used by our team." in page
    assert "我们自己的说明。" in page
