"""The monitoring workflow over HTTP: each transition by those allowed, refused for everyone else.

draft → submitted (operator or administrator) → returned with a note / verified (head or
administrator, never the person who submitted) → unlocked with a reason (administrator). The
inspectorate reads and changes nothing (403); another unit's operator does not even see it (404);
an anonymous visitor is sent to log in. A verified quarter refuses edits. History keeps it all.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from renaksi.web.monitoring import services
from renaksi.web.monitoring.models import History, Realisation, Report
from renaksi.web.plans.models import Indicator

from .conftest import login

PERIOD = "TW1"


@pytest.fixture
def indicator(plan):
    return (
        Indicator.objects.filter(node__plan=plan, node__level="subkegiatan").order_by("id").first()
    )


@pytest.fixture
def as_user(client):
    def switch(user):
        client.logout()
        return login(client, user) if user is not None else client

    return switch


def text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


def state(plan) -> str:
    report = Report.objects.filter(plan=plan, period=PERIOD).first()
    return report.state if report else "draft"


def sheet_url(plan):
    return reverse("monitoring_sheet", args=[plan.pk, PERIOD])


def submit(client, plan):
    """Submit as the page does: the first POST shows the findings, the second confirms them."""
    url = reverse("monitoring_submit", args=[plan.pk, PERIOD])
    shown = client.post(url)
    if shown.status_code != 200:
        return shown
    fingerprint = re.search(r'name="confirm" value="([0-9a-f]+)"', shown.content.decode())
    return client.post(url, {"confirm": fingerprint.group(1)}, follow=True)


def review(client, report, decision, note=""):
    return client.post(
        reverse("monitoring_review", args=[report.pk]),
        {"decision": decision, "note": note},
        follow=True,
    )


def unlock(client, report, reason=""):
    return client.post(
        reverse("monitoring_unlock", args=[report.pk]), {"reason": reason}, follow=True
    )


def save_value(client, plan, indicator, value):
    realisation = Realisation.objects.filter(indicator=indicator, period=PERIOD).first()
    return client.post(
        sheet_url(plan),
        {
            f"value-{indicator.pk}": value,
            f"version-{indicator.pk}": str(realisation.version) if realisation else "",
        },
        follow=True,
    )


def stored_value(indicator):
    realisation = Realisation.objects.filter(indicator=indicator, period=PERIOD).first()
    return realisation.value.normalize() if realisation and realisation.value is not None else None


def states_in_history(plan):
    return list(
        History.objects.filter(plan=plan, period=PERIOD, kind=History.Kind.STATE)
        .order_by("id")
        .values_list("old", "new", "user__username", "reason")
    )


def test_the_whole_workflow_by_the_people_allowed(as_user, plan, indicator, alice, dave, erin):
    client = as_user(alice)
    response = save_value(client, plan, indicator, "20")
    assert response.status_code == 200 and stored_value(indicator) == 20
    assert submit(client, plan).status_code == 200
    assert state(plan) == "submitted"
    report = Report.objects.get(plan=plan, period=PERIOD)

    # Waiting for verification: the operator's edits are refused.
    response = save_value(client, plan, indicator, "21")
    assert "sudah diajukan dan menunggu verifikasi" in text(response)
    assert stored_value(indicator) == 20

    # The head returns it, with a note (without one: refused).
    client = as_user(dave)
    response = review(client, report, "return", "  ")
    assert "wajib diberi catatan" in text(response) and state(plan) == "submitted"
    review(client, report, "return", "Lengkapi bukti dukung")
    assert state(plan) == "returned"
    page = text(client.get(sheet_url(plan)))
    assert "Lengkapi bukti dukung" in page  # the note is shown on the sheet

    # The operator corrects and submits again; the head verifies.
    client = as_user(alice)
    save_value(client, plan, indicator, "22")
    submit(client, plan)
    client = as_user(dave)
    review(client, report, "verify", "Sesuai")
    assert state(plan) == "verified"

    # Locked: a POST to the sheet changes nothing.
    client = as_user(alice)
    response = save_value(client, plan, indicator, "99")
    assert "sudah diverifikasi dan dikunci" in text(response)
    assert stored_value(indicator) == 22

    # Unlocking needs a reason, and only the administrator may.
    client = as_user(erin)
    response = unlock(client, report, "   ")
    assert "memerlukan alasan" in text(response) and state(plan) == "verified"
    unlock(client, report, "Koreksi angka TW I")
    assert state(plan) == "returned"

    # A submission's reason is what the operator confirmed (the rows still empty).
    assert [s if s[1] != "submitted" else s[:3] for s in states_in_history(plan)] == [
        ("draft", "submitted", "alice"),
        ("submitted", "returned", "dave", "Lengkapi bukti dukung"),
        ("returned", "submitted", "alice"),
        ("submitted", "verified", "dave", "Sesuai"),
        ("verified", "returned", "erin", "Koreksi angka TW I"),
    ]
    reasons = [s[3] for s in states_in_history(plan) if s[1] == "submitted"]
    assert len(reasons) == 2
    assert all(r.startswith("dikonfirmasi sebelum diajukan: 50 kosong, 1 tanpa") for r in reasons)
    values = list(
        History.objects.filter(indicator=indicator, field="value")
        .order_by("id")
        .values_list("old", "new", "user__username")
    )
    assert values == [("", "20", "alice"), ("20", "22", "alice")]


def test_nobody_verifies_their_own_submission(as_user, plan, indicator, erin, dave):
    client = as_user(erin)
    submit(client, plan)
    report = Report.objects.get(plan=plan, period=PERIOD)
    response = review(client, report, "verify")
    assert "orang lain yang harus memverifikasinya" in text(response)
    response = review(client, report, "return", "Saya ingin mengubahnya")
    assert "orang lain yang harus memeriksanya" in text(response)
    assert state(plan) == "submitted"
    # Someone else can.
    review(as_user(dave), report, "verify")
    assert state(plan) == "verified"
    assert [s[:3] for s in states_in_history(plan)] == [
        ("draft", "submitted", "erin"),
        ("submitted", "verified", "dave"),
    ]


@pytest.fixture
def submitted(plan, alice):
    return services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)


@pytest.fixture
def verified(plan, alice, dave):
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    return services.verify_report(report=report, user=dave)


def test_the_head_cannot_submit_or_unlock(as_user, plan, dave, verified):
    client = as_user(dave)
    assert client.post(reverse("monitoring_submit", args=[plan.pk, "TW2"])).status_code == 403
    assert unlock(client, verified, "Koreksi").status_code == 403
    assert not Report.objects.filter(plan=plan, period="TW2").exists()
    assert state(plan) == "verified"


def test_the_head_cannot_enter_realisasi(as_user, plan, indicator, dave):
    response = as_user(dave).post(
        sheet_url(plan), {f"value-{indicator.pk}": "5", f"version-{indicator.pk}": ""}
    )
    assert response.status_code == 403
    assert not Realisation.objects.exists()


def test_the_operator_cannot_verify_return_or_unlock(as_user, plan, alice, dave, submitted):
    client = as_user(alice)
    assert review(client, submitted, "verify").status_code == 403
    assert review(client, submitted, "return", "x").status_code == 403
    assert state(plan) == "submitted"
    verified = services.verify_report(report=submitted, user=dave)
    assert verified.state == "verified"
    assert unlock(as_user(alice), verified, "Koreksi").status_code == 403
    assert state(plan) == "verified"


@pytest.mark.parametrize(("who", "status"), [("charlie", 403), ("bob", 404)])
def test_inspectorate_and_another_unit_change_nothing(
    as_user, cast, plan, indicator, submitted, who, status
):
    client = as_user(cast[who])
    assert client.get(sheet_url(plan)).status_code == (200 if who == "charlie" else 404)
    attempts = [
        client.post(sheet_url(plan), {f"value-{indicator.pk}": "5", f"version-{indicator.pk}": ""}),
        client.post(reverse("monitoring_submit", args=[plan.pk, "TW2"])),
        client.post(reverse("monitoring_review", args=[submitted.pk]), {"decision": "verify"}),
        client.post(
            reverse("monitoring_review", args=[submitted.pk]), {"decision": "return", "note": "x"}
        ),
    ]
    assert [r.status_code for r in attempts] == [status] * len(attempts)
    services.verify_report(report=submitted, user=cast["dave"])
    response = client.post(reverse("monitoring_unlock", args=[submitted.pk]), {"reason": "x"})
    assert response.status_code == status
    assert state(plan) == "verified"
    assert not Realisation.objects.exists()
    assert not Report.objects.filter(plan=plan, period="TW2").exists()
    assert [s[:2] for s in states_in_history(plan)] == [
        ("draft", "submitted"),
        ("submitted", "verified"),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, plan, indicator, submitted):
    login_url = reverse("login")
    for response in (
        client.get(sheet_url(plan)),
        client.post(sheet_url(plan), {f"value-{indicator.pk}": "5"}),
        client.post(reverse("monitoring_submit", args=[plan.pk, "TW2"])),
        client.post(reverse("monitoring_review", args=[submitted.pk]), {"decision": "verify"}),
        client.post(reverse("monitoring_unlock", args=[submitted.pk]), {"reason": "x"}),
    ):
        assert response.status_code == 302 and response["Location"].startswith(login_url)
    assert state(plan) == "submitted" and not Realisation.objects.exists()


def test_a_bad_decision_is_refused(as_user, plan, dave, submitted):
    response = as_user(dave).post(
        reverse("monitoring_review", args=[submitted.pk]), {"decision": "approve"}
    )
    assert response.status_code == 400
    assert state(plan) == "submitted"


def test_the_sheet_shows_a_verified_quarter_locked(as_user, plan, alice, verified):
    page = as_user(alice).get(sheet_url(plan)).content.decode()
    fields = re.findall(r'<input[^>]*name="value-\d+"[^>]*>', page)
    assert len(fields) == 51
    assert all(re.search(r"\b(readonly|disabled)\b", f) for f in fields)  # nothing to type into
    assert reverse("monitoring_submit", args=[plan.pk, PERIOD]) not in page


def test_the_sheet_of_a_draft_quarter_can_be_typed_into_by_the_operator_only(
    as_user, plan, alice, charlie
):
    pattern = r'<input[^>]*name="value-\d+"[^>]*>'
    fields = re.findall(pattern, as_user(alice).get(sheet_url(plan)).content.decode())
    assert len(fields) == 51
    assert not [f for f in fields if re.search(r"\b(readonly|disabled)\b", f)]
    fields = re.findall(pattern, as_user(charlie).get(sheet_url(plan)).content.decode())
    assert all(re.search(r"\b(readonly|disabled)\b", f) for f in fields)
