"""The trail of the kabupaten's due dates: setting, moving and removing one is recorded (who, when,
year and period, old → new) and shown on the due dates page to those who may read it (the
administrator and the inspectorate); a refused change records nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from renaksi.web.accounts.models import Unit
from renaksi.web.monitoring import services
from renaksi.web.monitoring.models import Deadline, DeadlineChange
from renaksi.web.monitoring.services import MonitoringError

from .conftest import login

APRIL_10, APRIL_15 = dt.date(2022, 4, 10), dt.date(2022, 4, 15)


def trail(kabupaten) -> list[tuple]:
    """The kabupaten's changes, oldest first: (year, period, old, new, username)."""
    return [
        (c.year, c.period, c.old, c.new, c.user.username if c.user else None)
        for c in DeadlineChange.objects.filter(kabupaten=kabupaten).order_by("id")
    ]


# ---------------------------------------------------------------------------------------------
# The services


def test_set_move_and_remove_are_recorded(kabupaten, erin):
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=APRIL_10, user=erin)
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=APRIL_15, user=erin)
    deadline = Deadline.objects.get()
    services.delete_deadline(deadline=deadline, user=erin)
    assert trail(kabupaten) == [
        (2022, "TW1", None, APRIL_10, "erin"),
        (2022, "TW1", APRIL_10, APRIL_15, "erin"),
        (2022, "TW1", APRIL_15, None, "erin"),
    ]
    changes = list(DeadlineChange.objects.all())
    assert all(c.at is not None for c in changes)
    assert changes[0].at >= changes[-1].at  # newest first by default


def test_setting_the_same_date_again_records_nothing(kabupaten, erin):
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=APRIL_10, user=erin)
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=APRIL_10, user=erin)
    assert len(trail(kabupaten)) == 1


def test_a_change_without_a_person_is_recorded_without_one(kabupaten):
    # A script or the demo set-up: no person, still recorded.
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW2", due=APRIL_10)
    assert trail(kabupaten) == [(2022, "TW2", None, APRIL_10, None)]


def test_refused_changes_record_nothing(kabupaten, kaligondang, erin):
    with pytest.raises(MonitoringError):
        services.set_deadline(
            kabupaten=kaligondang, year=2022, period="TW1", due=APRIL_10, user=erin
        )
    deadline = services.set_deadline(
        kabupaten=kabupaten, year=2022, period="TW1", due=APRIL_10, user=erin
    )
    services.delete_deadline(deadline=deadline, user=erin)
    with pytest.raises(MonitoringError):
        services.delete_deadline(deadline=deadline, user=erin)  # already removed
    assert len(trail(kabupaten)) == 2
    assert not DeadlineChange.objects.filter(kabupaten=kaligondang).exists()


def test_the_trail_outlives_the_person(kabupaten, erin):
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=APRIL_10, user=erin)
    erin.delete()
    assert trail(kabupaten) == [(2022, "TW1", None, APRIL_10, None)]


# ---------------------------------------------------------------------------------------------
# The due dates page


def history_rows(html: str) -> list[list[str]]:
    """The cells of the page's history table, newest first, as text."""
    table = re.search(r'<table class="list history deadline-history">.*?</table>', html, re.S)
    if table is None:
        return []
    rows = re.findall(r'<tr class="deadline-change">(.*?)</tr>', table.group(0), re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        ]
        for r in rows
    ]


def test_the_administrator_sees_who_changed_what(client, erin, kabupaten):
    login(client, erin)
    url = reverse("deadline_list")
    assert "Belum ada perubahan yang tercatat." in client.get(url).content.decode()
    client.post(url, {"year": "2022", "period": "TW1", "due": "2022-04-10"})
    client.post(url, {"year": "2022", "period": "TW1", "due": "15/04/2022"})
    client.post(reverse("deadline_delete", args=[Deadline.objects.get().pk]))
    assert trail(kabupaten) == [
        (2022, "TW1", None, APRIL_10, "erin"),
        (2022, "TW1", APRIL_10, APRIL_15, "erin"),
        (2022, "TW1", APRIL_15, None, "erin"),
    ]
    html = unescape(client.get(url).content.decode())
    assert '<h2 id="deadline-history">Riwayat</h2>' in html
    rows = history_rows(html)
    assert [row[1:] for row in rows] == [
        ["erin", "TW I 2022", "15 April 2022", "dihapus"],
        ["erin", "TW I 2022", "10 April 2022", "15 April 2022"],
        ["erin", "TW I 2022", "belum ditetapkan", "10 April 2022"],
    ]
    assert all(row[0] for row in rows)  # when


def test_the_inspectorate_reads_the_trail(client, erin, charlie, kabupaten):
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW2", due=APRIL_10, user=erin)
    login(client, charlie)
    client.cookies["django_language"] = "en"
    html = unescape(client.get(reverse("deadline_list")).content.decode())
    assert history_rows(html)[0][1:] == ["erin", "Q2 2022", "not set", "April 10, 2022"]
    assert 'name="due"' not in html  # reads, sets nothing


@pytest.mark.parametrize("person", ["alice", "dave", "bob"])
def test_units_do_not_read_the_trail(client, cast, erin, kabupaten, person):
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=APRIL_10, user=erin)
    login(client, cast[person])
    assert client.get(reverse("deadline_list")).status_code == 403


def test_another_kabupatens_trail_is_not_shown(client, erin, kabupaten):
    elsewhere = Unit.objects.create(name="Kabupaten Banyumas", kind=Unit.Kind.KABUPATEN)
    services.set_deadline(kabupaten=elsewhere, year=2023, period="TW3", due=APRIL_10)
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=APRIL_10, user=erin)
    login(client, erin)
    rows = history_rows(unescape(client.get(reverse("deadline_list")).content.decode()))
    assert [row[2] for row in rows] == ["TW I 2022"]


def test_only_the_latest_changes_are_listed(client, erin, kabupaten, monkeypatch):
    from renaksi.web.monitoring import views

    monkeypatch.setattr(views, "DEADLINE_HISTORY_LIMIT", 3)
    for day in range(1, 6):
        services.set_deadline(
            kabupaten=kabupaten, year=2022, period="TW1", due=dt.date(2022, 4, day), user=erin
        )
    login(client, erin)
    client.cookies["django_language"] = "en"
    html = unescape(client.get(reverse("deadline_list")).content.decode())
    rows = history_rows(html)
    assert [row[4] for row in rows] == ["April 5, 2022", "April 4, 2022", "April 3, 2022"]
    assert "Only the latest 3 changes are shown." in html


# ---------------------------------------------------------------------------------------------
# The migration


def test_the_migration_keeps_the_due_dates_there_are(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("monitoring", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        loader = MigrationExecutor(connection).loader
        others = [node for node in loader.graph.leaf_nodes() if node[0] != "monitoring"]
        old = loader.project_state([*others, *before]).apps
        kabupaten = old.get_model("accounts", "Unit").objects.create(
            name="Kabupaten Lama", kind="kabupaten"
        )
        old.get_model("monitoring", "Deadline").objects.create(
            kabupaten=kabupaten, year=2021, period="TW4", due=dt.date(2022, 1, 10)
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    kept = Deadline.objects.get()
    assert (kept.kabupaten.name, kept.year, kept.period, kept.due) == (
        "Kabupaten Lama",
        2021,
        "TW4",
        dt.date(2022, 1, 10),
    )
    assert not DeadlineChange.objects.exists()  # what happened before is not known
    services.delete_deadline(deadline=kept, user=None)
    assert trail(kept.kabupaten) == [(2021, "TW4", dt.date(2022, 1, 10), None, None)]
