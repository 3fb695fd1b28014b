"""The tier recommendations' rows come from a tag (`tier_recommendation_row`): the same HTML as the template's
row it replaced, with or without the checkbox, in either language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from evaluations.selectors import TierRecommendation
from partners.models import Partner, Tier

# The row as _tier_recommendations.html wrote it before the tag.
TEMPLATE_ROW = """{% load i18n common_tags %}<tr>{% if can_apply %}<td><input class="form-check-input" type="checkbox" name="partner" value="{{ rec.partner.pk }}" id="tier-change-{{ rec.partner.pk }}" aria-label="{% blocktranslate with partner=rec.partner.name %}Apply the recommended tier to {{ partner }}{% endblocktranslate %}"></td>{% endif %}
      <td><a href="{% url 'partners:detail' pk=rec.partner.pk %}">{{ rec.partner.name }}</a></td><td>{{ rec.partner.tier|default:"—" }}</td>
      <td>{% if rec.direction == "up" %}<span class="text-success">↑</span>{% else %}<span class="text-danger">↓</span>{% endif %} {{ rec.tier }}</td>
      <td class="text-end">{{ rec.sales_12m|money }}</td></tr>"""

SILVER, GOLD = Tier(pk=2, name="Silver", rank=2), Tier(pk=3, name="Gold & <Co>", rank=1)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("can_apply", [True, False])
@pytest.mark.parametrize(
    "partner, direction, tier, sales",
    [
        (Partner(pk=7, name="Huanan <Trading> & Co", tier=SILVER), "up", GOLD, Decimal("1234567.80")),
        (Partner(pk=123456, name="Plain", tier=GOLD), "down", SILVER, Decimal("0")),
        (Partner(pk=9, name="No tier yet"), "up", SILVER, Decimal("-5.5")),
    ],
)
def test_tier_recommendation_row_is_the_templates_row(partner, direction, tier, sales, can_apply, language):
    context = Context({"rec": TierRecommendation(partner, direction, tier, sales), "can_apply": can_apply})
    with translation.override(language):
        expected = Template(TEMPLATE_ROW).render(context)
        tag = "{% load evaluations_tags %}{% tier_recommendation_row rec can_apply %}"
        assert Template(tag).render(context) == expected
