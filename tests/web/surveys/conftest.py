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


def pytest_generate_tests(metafunc):
    """Tests that use ``submission_path`` run once per way a submission is written:
    on PostgreSQL as one prepared statement and as plain statements (the setting
    off, e.g. behind a pooler); elsewhere only the latter exists."""
    if "submission_path" not in metafunc.fixturenames:
        return
    from django.conf import settings

    paths = ["statements"]
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        paths.insert(0, "one-statement")
    metafunc.parametrize("submission_path", paths, indirect=True)


@pytest.fixture
def submission_path(request, settings):
    settings.SURVEY_PREPARED_STATEMENT = request.param == "one-statement"
    return request.param
