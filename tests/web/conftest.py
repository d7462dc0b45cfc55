"""The cast of the web tests, as in healthchecks: a few people, each with a reason to exist.

- alice: operator of Kecamatan Kaligondang (edits and imports her unit's plans)
- dave: head of Kecamatan Kaligondang (reads his unit)
- bob: operator of Kecamatan Bukateja (another unit: must be refused Kaligondang)
- charlie: the inspectorate (reads every unit, changes nothing)
- erin: the kabupaten administrator (everything in the kabupaten)
- an anonymous visitor (the client without login)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from renaksi.importers import read_plan
from renaksi.web.accounts.models import Profile, Role, Unit
from renaksi.web.plans import services

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)
PASSWORD = "a-long-test-password-123"


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """The translations compiled (.po → .mo, scripts/compile_messages.py) before any page renders."""
    script = Path(__file__).parents[2] / "scripts" / "compile_messages.py"
    spec = importlib.util.spec_from_file_location("compile_messages", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.compile_messages()
    # Catalogues a test may have loaded before the .mo files existed are dropped.
    from django.utils.translation import reloader

    reloader.translation_file_changed(sender=None, file_path=Path("django.mo"))


@pytest.fixture(scope="session")
def sample_document():
    """The sample read once per test session (the importer is tested elsewhere)."""
    return read_plan(SAMPLE)


@pytest.fixture
def kabupaten(db):
    return Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)


@pytest.fixture
def kaligondang(kabupaten):
    return Unit.objects.create(
        name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=kabupaten, bidang_code="7.01"
    )


@pytest.fixture
def bukateja(kabupaten):
    return Unit.objects.create(
        name="Kecamatan Bukateja", kind=Unit.Kind.KECAMATAN, parent=kabupaten, bidang_code="7.01"
    )


def make_user(username: str, role: str, unit: Unit):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Profile.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def alice(kaligondang):
    return make_user("alice", Role.OPERATOR, kaligondang)


@pytest.fixture
def dave(kaligondang):
    return make_user("dave", Role.HEAD, kaligondang)


@pytest.fixture
def bob(bukateja):
    return make_user("bob", Role.OPERATOR, bukateja)


@pytest.fixture
def charlie(kabupaten):
    return make_user("charlie", Role.INSPECTOR, kabupaten)


@pytest.fixture
def erin(kabupaten):
    return make_user("erin", Role.ADMIN, kabupaten)


@pytest.fixture
def cast(alice, dave, bob, charlie, erin):
    return {"alice": alice, "dave": dave, "bob": bob, "charlie": charlie, "erin": erin}


@pytest.fixture
def plan(kaligondang, alice, sample_document):
    """The sample plan imported into Kecamatan Kaligondang for 2022."""
    return services.import_plan(
        unit=kaligondang,
        year=2022,
        version="murni",
        document=sample_document,
        user=alice,
        source_name=SAMPLE.name,
    )


@pytest.fixture
def other_plan(bukateja, bob, sample_document):
    """A plan of another unit (Bukateja), which Kaligondang's people must not reach."""
    return services.import_plan(
        unit=bukateja, year=2022, version="murni", document=sample_document, user=bob
    )


def login(client, user):
    client.force_login(user)
    return client


def read_failure(client, response) -> str:
    """The one line an upload that could not be read ends with: the upload is kept and read by
    the worker (at once in the tests), and its page says why it could not be read."""
    from django.utils.html import escape

    from renaksi.web.plans.models import ImportSession

    assert response.status_code == 302, response.content.decode()[:2000]
    session = ImportSession.objects.latest("created_at")
    assert response["Location"].endswith(f"/imports/{session.pk}/")
    assert session.status == ImportSession.Status.FAILED, session.status
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert escape(session.read_error) in page.content.decode()
    assert session.read_error and "\n" not in session.read_error
    assert not session.file and not session.grid and not session.plan_json
    return session.read_error
