import pytest

from tests.common.factories import DirectorFactory, ManagerFactory


@pytest.fixture
def director(db):
    return DirectorFactory(username="director")


@pytest.fixture
def manager(db):
    return ManagerFactory(username="manager")


@pytest.fixture(autouse=True)
def _figures_uncached(settings):
    """Exact figures: every request reads afresh (test_caching.py turns the cache on)."""
    settings.PLANS_FIGURES_CACHE_SECONDS = 0
