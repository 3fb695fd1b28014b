import pytest

from evaluations.models import ScorecardTemplate


@pytest.fixture
def default_template():
    """The default template the data migration creates (tests/conftest.py restores it after a flush)."""
    return ScorecardTemplate.objects.get(is_default=True)
