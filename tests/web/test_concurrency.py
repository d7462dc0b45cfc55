"""Two people save the same realisasi at the same moment: one wins, the other is told, nothing is lost.

Real parallelism: two threads, each with its own database connection (as two requests of the
production server have), released together by a barrier; first against the service, then over
HTTP against a live server with two logged-in browsers' worth of cookies. Runs on SQLite and on
PostgreSQL (``DATABASE_URL=postgres://… pytest tests/web/test_concurrency.py``).

On SQLite the test database is normally in memory, and pytest-django's live server then hands its
one connection to every request thread, which would make "concurrent" requests share one
transaction. So, on SQLite, these tests copy the database to a file for their duration and serve
it with a live server whose request threads each open their own connection, as in production.
"""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from html import unescape

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread
from django.urls import reverse
from django.utils import translation

from renaksi.web.monitoring import services
from renaksi.web.monitoring.models import History, Realisation
from renaksi.web.plans.models import Indicator

from .conftest import PASSWORD

ROUNDS = 4
PERIOD = "TW1"


@pytest.fixture
def own_connections(request, transactional_db, plan, alice, erin, tmp_path):
    """Every thread its own database connection; on an in-memory SQLite, a file copy of it."""
    conn = connections["default"]
    if conn.vendor != "sqlite" or not conn.is_in_memory_db():
        yield "one connection per thread"
        return
    conn.ensure_connection()
    memory = conn.connection  # kept open: the in-memory database lives as long as it does
    memory_name = conn.settings_dict["NAME"]
    path = tmp_path / "race.sqlite3"
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    # Every connection wrapper shares this settings dict: threads now open the file.
    conn.settings_dict["NAME"] = str(path)
    conn.connection = None
    try:
        yield "one connection per thread, to a file copy of the test database"
    finally:
        conn.close()
        conn.settings_dict["NAME"] = memory_name
        conn.connection = memory


def indicators_for_rounds(plan) -> list[Indicator]:
    return list(
        Indicator.objects.filter(node__plan=plan)
        .select_related("node__plan__unit__parent")
        .order_by("node__position", "id")[:ROUNDS]
    )


OVERLAPS: list[bool] = []


def race(*contenders):
    """Run the callables at the same moment, each in its own thread with its own connection.

    Whether they were in flight at the same time is noted in OVERLAPS (printed by the tests).
    """
    barrier = threading.Barrier(len(contenders))
    results = [None] * len(contenders)
    spans = [(0.0, 0.0)] * len(contenders)

    def run(i, func):
        try:
            barrier.wait(timeout=30)
            start = time.perf_counter()
            results[i] = func()
            spans[i] = (start, time.perf_counter())
        except Exception as exc:  # reported by the test, never swallowed
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(contenders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a contender never finished"
    OVERLAPS.append(max(a for a, _b in spans) < min(b for _a, b in spans))
    return results


def report(kind, how, outcomes):
    overlapped = OVERLAPS[-len(outcomes) :].count(True)
    print(
        f"{kind} race on {connections['default'].vendor} ({how}): "
        f"{len(outcomes)} rounds won by {outcomes}; both in flight at once in {overlapped}"
    )


def assert_one_value_kept(indicator, values, winner_value):
    realisation = Realisation.objects.get(indicator=indicator, period=PERIOD)
    assert realisation.value == winner_value and winner_value in values
    assert realisation.version == 1
    changes = History.objects.filter(
        indicator=indicator, period=PERIOD, kind=History.Kind.REALISATION, field="value"
    )
    assert list(changes.values_list("old", "new")) == [("", str(winner_value))]


# ---------------------------------------------------------------------------------------------
# The service, two threads


def test_two_saves_at_once_one_wins_the_other_gets_a_conflict(own_connections, plan, alice, erin):
    outcomes = []
    for indicator, values in zip(
        indicators_for_rounds(plan), [(11, 22), (33, 44), (55, 66), (77, 88)], strict=True
    ):

        def save(user, value, indicator=indicator):
            with translation.override("en"):
                try:
                    services.save_realisation(
                        indicator=indicator,
                        period=PERIOD,
                        value=value,
                        expected_version=None,  # both opened the form before anyone saved
                        user=user,
                    )
                    return ("saved", value)
                except services.Conflict as exc:
                    return ("conflict", str(exc))

        results = race(partial(save, alice, values[0]), partial(save, erin, values[1]))
        assert not [r for r in results if isinstance(r, Exception)], results
        kinds = sorted(r[0] for r in results)
        assert kinds == ["conflict", "saved"], results
        winner = next(r[1] for r in results if r[0] == "saved")
        loser = next(r[1] for r in results if r[0] == "conflict")
        assert "Someone else saved" in loser and "yours was not saved" in loser
        assert_one_value_kept(indicator, values, winner)
        outcomes.append("alice" if winner == values[0] else "erin")
    report("service", own_connections, outcomes)


# ---------------------------------------------------------------------------------------------
# Over HTTP: two people, two sessions, the same sheet, the same moment


@pytest.fixture
def server(request, own_connections):
    """The live server: pytest-django's, or on SQLite one whose request threads own connections."""
    if own_connections == "one connection per thread":
        return request.getfixturevalue("live_server").url
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    thread = LiveServerThread("localhost", StaticFilesHandler, connections_override={})
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    request.addfinalizer(thread.terminate)
    return f"http://localhost:{thread.port}"


class Browser:
    """One person's cookies and the form fields a page gave them (urllib: no extra dependency)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def log_in(self, username: str) -> None:
        status, html = self.get(reverse("login"))
        assert status == 200
        status, html = self.post(
            reverse("login"),
            {
                "csrfmiddlewaretoken": csrf_token(html),
                "username": username,
                "password": PASSWORD,
            },
        )
        assert status == 200 and 'name="username"' not in html, "login failed"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def form_fields(html: str) -> dict[str, str]:
    """The named inputs of the sheet's form with their values (enough for this test)."""
    fields = {}
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        if not name or re.search(r'\btype="(?:submit|button|file|checkbox)"', tag):
            continue
        value = re.search(r'\bvalue="([^"]*)"', tag)
        fields[unescape(name.group(1))] = unescape(value.group(1)) if value else ""
    return fields


def test_two_people_save_the_same_sheet_at_once(server, own_connections, plan, alice, erin):
    alice_browser, erin_browser = Browser(server), Browser(server)
    alice_browser.log_in("alice")
    erin_browser.log_in("erin")
    sheet = reverse("monitoring_sheet", args=[plan.pk, PERIOD])
    outcomes = []
    for indicator, values in zip(
        indicators_for_rounds(plan),
        [("11", "22"), ("33", "44"), ("55", "66"), ("77", "88")],
        strict=True,
    ):
        forms = []
        for browser in (alice_browser, erin_browser):
            status, html = browser.get(sheet)
            assert status == 200
            fields = form_fields(html)
            assert fields[f"version-{indicator.pk}"] == ""  # both loaded "no realisasi yet"
            forms.append(fields)
        forms[0][f"value-{indicator.pk}"] = values[0]
        forms[1][f"value-{indicator.pk}"] = values[1]

        results = race(
            partial(alice_browser.post, sheet, forms[0]),
            partial(erin_browser.post, sheet, forms[1]),
        )
        assert not [r for r in results if isinstance(r, Exception)], results
        assert [status for status, _html in results] == [200, 200], [r[0] for r in results]
        told = [conflict_message(html) for _status, html in results]
        assert sorted(bool(t) for t in told) == [False, True], told
        loser = told.index(next(t for t in told if t))
        winner = 1 - loser
        stored = Realisation.objects.get(indicator=indicator, period=PERIOD)
        assert str(stored.value.normalize()) == values[winner]
        assert_one_value_kept(indicator, [int(v) for v in values], int(values[winner]))
        outcomes.append(("alice", "erin")[winner])
    report("HTTP", own_connections, outcomes)


def conflict_message(html: str) -> str:
    """The conflict message on a page (Indonesian or English), '' when there is none."""
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    text = " ".join(text.split())
    for marker in ("Someone else saved", "Pengguna lain menyimpan"):
        if marker in text:
            return marker
    return ""
