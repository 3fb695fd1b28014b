import importlib
from decimal import Decimal

import pytest

from evaluations.models import KPI, GradeBand, ScorecardTemplate

_migration = importlib.import_module("evaluations.migrations.0002_roles_and_default_template")


@pytest.fixture
def default_template():
    """The default template the data migration creates; a transactional test after another one's
    flush finds it gone, so it is put back from the migration's own definition."""
    template = ScorecardTemplate.objects.filter(is_default=True).first()
    if template is not None:
        return template
    template = ScorecardTemplate.objects.create(name="标准评分卡", is_default=True)
    for position, (kind, weight, zero_at, full_at, ceiling) in enumerate(_migration.DEFAULT_KPIS):
        KPI.objects.create(
            template=template,
            kind=kind,
            weight=Decimal(weight),
            zero_at=Decimal(zero_at),
            full_at=Decimal(full_at),
            ceiling=Decimal(ceiling),
            position=position,
        )
    for grade, minimum in _migration.DEFAULT_BANDS:
        GradeBand.objects.create(template=template, grade=grade, min_total=Decimal(minimum))
    return template
