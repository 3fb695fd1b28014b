"""The review page's scorecard rows come from a tag (`scorecard_row`): the same HTML as the template's row
it replaced, whatever the card holds, in either language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from evaluations.models import Scorecard
from partners.models import ChannelType, Partner

# The row as cycle_detail.html wrote it before the tag.
TEMPLATE_ROW = """{% load common_tags evaluations_tags %}<tr>
      <td><a href="{% url 'evaluations:scorecard' pk=card.pk %}">{{ card.partner.name }}</a> <span class="text-muted small">{{ card.partner.code }}</span></td>
      <td>{{ card.get_channel_type_display }}</td>
      <td class="text-end">{{ card.total }}</td>
      <td>{{ card.grade|grade_badge }}</td>
      <td class="text-end">{{ card.rank }} / {{ card.ranked_among }}</td>
      <td class="text-end">{% if card.previous_total is not None %}{{ card.previous_total|floatformat:2 }} {{ card.previous_grade }}{% else %}—{% endif %}</td>
      <td class="text-end">{{ card.sales|money }}</td>
      <td class="text-end">{{ card.target|money|default:"—" }}</td>
      <td class="small">{{ card.note|truncatechars:60 }}</td>
    </tr>"""


def card(**changes):
    partner = Partner(pk=7, name="Huanan <Trading> & Co", code="P-0007", channel_type=ChannelType.DISTRIBUTOR)
    values = {
        "pk": 31,
        "partner": partner,
        "channel_type": ChannelType.DISTRIBUTOR,
        "total": Decimal("81.50"),
        "grade": "B",
        "rank": 3,
        "ranked_among": 1250,
        "sales": Decimal("1234567.80"),
        "target": Decimal("1500000.00"),
        "note": "",
    }
    previous = {
        "previous_total": changes.pop("previous_total", None),
        "previous_grade": changes.pop("previous_grade", None),
    }
    scorecard = Scorecard(**{**values, **changes})
    for name, value in previous.items():  # as selectors.with_previous annotates them
        setattr(scorecard, name, value)
    return scorecard


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"previous_total": Decimal("79.255"), "previous_grade": "C"},
        {"previous_total": Decimal("0"), "previous_grade": "D", "grade": "D", "total": Decimal("0.00")},
        {"target": None, "sales": Decimal("-12.5")},
        {"target": Decimal("0"), "grade": ""},
        {"note": "Checked with the <b>regional</b> manager & the partner's owner; the figures hold for now, yes."},
        {"channel_type": ChannelType.ECOMMERCE, "rank": 12345, "ranked_among": 12345, "pk": 987654},
        {"channel_type": "gone"},
    ],
)
def test_scorecard_row_is_the_templates_row(changes, language):
    context = Context({"card": card(**changes)})
    with translation.override(language):
        expected = Template(TEMPLATE_ROW).render(context)
        assert Template("{% load evaluations_tags %}{% scorecard_row card %}").render(context) == expected
