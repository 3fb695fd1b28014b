import pytest

from tests.common.factories import DirectorFactory, ManagerFactory


@pytest.fixture
def director(db):
    return DirectorFactory(username="director")


@pytest.fixture
def manager(db):
    return ManagerFactory(username="manager")
