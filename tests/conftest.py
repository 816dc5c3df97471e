import pytest

from tests.factories import UserFactory


@pytest.fixture
def author(db):
    """The worker who owns the review under test."""
    return UserFactory(pseudonym="owner")


@pytest.fixture
def other_worker(db):
    return UserFactory(pseudonym="other")


@pytest.fixture
def stranger(client):
    """Nobody logged in: the anonymous client."""
    return client
