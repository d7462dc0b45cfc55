"""Settings every test shares."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives a real headless Chromium through Playwright (tests/browser)"
    )
    # WhiteNoise warns on every request when the static root does not exist yet (collectstatic
    # creates it in a deployment); give the tests an empty one.
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Uploads are read by tasks: in the tests, at once, inside the request that queues them
    # (django-tasks' immediate backend), so that a test sees the preview right after its upload.
    # tests/web/test_import_worker.py runs them through the database queue and a real worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    """Creating the cast hashes passwords: MD5 in tests instead of 1,000,000 rounds of PBKDF2."""
    if "django_db_setup" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
