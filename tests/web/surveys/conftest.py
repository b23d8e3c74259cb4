import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """django-ratelimit counts in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def in_english():
    """Messages raised by services, in English (the msgids), whatever the translation says."""
    with translation.override("en"):
        yield
