import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The public form's rate limit lives in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()
