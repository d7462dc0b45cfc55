"""Removing evidence (bukti dukung) and due dates: by those who may add them, never in a locked
period, recorded, and the file gone from the storage once the removal is committed.

The HTTP matrix (test_permissions.py) asks every member of the cast; here: what the removal does,
what refuses it, and the buttons the pages show.
"""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from renaksi.web.accounts.models import Unit
from renaksi.web.monitoring import services
from renaksi.web.monitoring.models import Deadline, Evidence, History, Report
from renaksi.web.monitoring.services import MonitoringError
from renaksi.web.plans.models import Indicator

from .conftest import login

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def indicator(plan):
    return (
        Indicator.objects.filter(node__plan=plan, node__level="subkegiatan").order_by("id").first()
    )


@pytest.fixture
def realisation(indicator, alice):
    return services.save_realisation(
        indicator=indicator, period="TW1", value=20, expected_version=None, user=alice
    )


@pytest.fixture
def evidence(realisation, alice):
    return services.add_evidence(
        realisation=realisation,
        upload=SimpleUploadedFile("laporan TW1.pdf", PDF, content_type="application/pdf"),
        user=alice,
    )


@pytest.fixture
def link(realisation, alice):
    return services.add_evidence(
        realisation=realisation, link="https://drive.example.go.id/bukti", user=alice
    )


@pytest.fixture
def deadline(kabupaten):
    return services.set_deadline(
        kabupaten=kabupaten, year=2022, period="TW1", due=dt.date(2022, 4, 10)
    )


def stored(evidence, media):
    return media / evidence.file.name


def removals() -> list[History]:
    return list(History.objects.filter(kind=History.Kind.EVIDENCE, new="").exclude(old=""))


def page_text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


# ---------------------------------------------------------------------------------------------
# The services


def test_deleting_a_file_removes_the_row_records_history_and_removes_the_file_after_commit(
    evidence, alice, media, django_capture_on_commit_callbacks
):
    path = stored(evidence, media)
    assert path.read_bytes() == PDF
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_evidence(evidence=evidence, user=alice)
        # Not yet committed: the file is still there (a rollback would need it).
        assert path.exists()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert not path.exists()
    (entry,) = removals()
    assert (entry.plan_id, entry.indicator_id, entry.period) == (
        evidence.plan_id,
        evidence.realisation.indicator_id,
        "TW1",
    )
    assert (entry.field, entry.old, entry.new, entry.user) == (
        "evidence",
        "laporan TW1.pdf",
        "",
        alice,
    )


def test_deleting_a_link_records_it(link, erin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.delete_evidence(evidence=link, user=erin)
    assert callbacks == []  # no file to remove
    assert not Evidence.objects.exists()
    (entry,) = removals()
    assert (entry.old, entry.user) == ("https://drive.example.go.id/bukti", erin)


def test_a_rolled_back_removal_keeps_the_file(
    evidence, alice, media, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.delete_evidence(evidence=evidence, user=alice)
        raise RuntimeError("something later in the same transaction failed")
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert stored(evidence, media).read_bytes() == PDF
    assert removals() == []


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("submitted", "TW1 is submitted and waiting for verification"),
        ("verified", "TW1 is verified and locked"),
    ],
)
def test_no_removal_in_a_submitted_or_verified_period(
    plan, evidence, alice, dave, media, state, message, django_capture_on_commit_callbacks
):
    report = services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    if state == "verified":
        services.verify_report(report=report, user=dave)
    history = History.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        translation.override("en"),
        pytest.raises(MonitoringError, match=message),
    ):
        services.delete_evidence(evidence=evidence, user=alice)
    assert callbacks == []
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert stored(evidence, media).read_bytes() == PDF
    assert History.objects.count() == history
    # The same refusal as adding evidence, in the person's language.
    with translation.override("id"), pytest.raises(MonitoringError) as refused:
        services.delete_evidence(evidence=evidence, user=alice)
    assert "TW1" in str(refused.value) and message not in str(refused.value)


def test_removal_is_allowed_again_once_returned(plan, evidence, alice, dave):
    report = services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    services.return_report(report=report, user=dave, note="Bukti salah")
    services.delete_evidence(evidence=evidence, user=alice)
    assert not Evidence.objects.exists()
    assert Report.objects.get(pk=report.pk).state == Report.State.RETURNED


def test_evidence_already_removed(evidence, alice):
    services.delete_evidence(evidence=evidence, user=alice)
    with translation.override("en"), pytest.raises(MonitoringError, match="already removed"):
        services.delete_evidence(evidence=evidence, user=alice)
    assert len(removals()) == 1


def test_deleting_a_deadline(deadline, erin, kabupaten):
    other = services.set_deadline(
        kabupaten=kabupaten, year=2022, period="TW2", due=dt.date(2022, 7, 10)
    )
    services.delete_deadline(deadline=deadline, user=erin)
    assert list(Deadline.objects.all()) == [other]
    with translation.override("en"), pytest.raises(MonitoringError, match="already removed"):
        services.delete_deadline(deadline=deadline, user=erin)
    # The period has no due date any more: nobody is late for it.
    from renaksi.web.monitoring.selectors import unit_statuses

    assert all(s.due is None for s in unit_statuses(kabupaten, 2022, "TW1"))


# ---------------------------------------------------------------------------------------------
# Over HTTP


def sheet(plan, period="TW1") -> str:
    return reverse("monitoring_sheet", args=[plan.pk, period])


def test_the_operator_removes_evidence_from_the_sheet(
    client, plan, evidence, link, alice, media, django_capture_on_commit_callbacks
):
    login(client, alice)
    html = page_text(client.get(sheet(plan)))
    delete_url = reverse("evidence_delete", args=[evidence.pk])
    assert f'action="{delete_url}"' in html
    assert f'form="evidence-delete-{evidence.pk.hex}"' in html
    assert reverse("evidence_delete", args=[link.pk]) in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url)
    assert response.status_code == 302
    assert response["Location"] == sheet(plan) + f"#indicator-{evidence.realisation.indicator_id}"
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not stored(evidence, media).exists()
    assert Evidence.objects.filter(pk=link.pk).exists()
    html = page_text(client.get(response["Location"]))
    assert "Bukti dukung “laporan TW1.pdf” dihapus." in html
    # The history page says who removed what.
    history = page_text(
        client.get(reverse("indicator_history", args=[evidence.realisation.indicator_id]))
    )
    assert "laporan TW1.pdf" in history


@pytest.mark.parametrize(("person", "status"), [("dave", 403), ("charlie", 403), ("bob", 404)])
def test_others_cannot_remove_evidence(
    client, cast, plan, evidence, media, person, status, django_capture_on_commit_callbacks
):
    login(client, cast[person])
    if status == 403:  # they see the sheet, without the button
        html = client.get(sheet(plan)).content.decode()
        assert reverse("evidence_delete", args=[evidence.pk]) not in html
        assert f"evidence-delete-{evidence.pk.hex}" not in html
    history = History.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("evidence_delete", args=[evidence.pk]))
    assert response.status_code == status
    assert callbacks == []
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert stored(evidence, media).read_bytes() == PDF
    assert History.objects.count() == history


def test_a_submitted_period_offers_no_removal_and_refuses_one(
    client, plan, evidence, alice, media, django_capture_on_commit_callbacks
):
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    login(client, alice)
    delete_url = reverse("evidence_delete", args=[evidence.pk])
    assert delete_url not in client.get(sheet(plan)).content.decode()
    history = History.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url, follow=True)
    assert response.status_code == 200
    assert "TW1 sudah diajukan dan menunggu verifikasi" in page_text(response)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert stored(evidence, media).read_bytes() == PDF
    assert History.objects.count() == history


def test_removing_evidence_needs_a_post(client, evidence, alice):
    login(client, alice)
    assert client.get(reverse("evidence_delete", args=[evidence.pk])).status_code == 405
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_that_does_not_exist_is_404(client, alice, db):
    import uuid

    login(client, alice)
    assert client.post(reverse("evidence_delete", args=[uuid.uuid4()])).status_code == 404


def test_the_administrator_removes_a_due_date(client, erin, deadline, kabupaten):
    keep = services.set_deadline(
        kabupaten=kabupaten, year=2022, period="TW2", due=dt.date(2022, 7, 10)
    )
    login(client, erin)
    html = client.get(reverse("deadline_list")).content.decode()
    url = reverse("deadline_delete", args=[deadline.pk])
    assert f'action="{url}"' in html
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("deadline_list")
    assert list(Deadline.objects.all()) == [keep]
    assert "Batas waktu TW I 2022 dihapus." in page_text(client.get(response["Location"]))


@pytest.mark.parametrize("person", ["charlie", "alice", "dave", "bob"])
def test_others_cannot_remove_a_due_date(client, cast, deadline, person):
    login(client, cast[person])
    if person == "charlie":  # the inspectorate reads the page, without the button
        html = client.get(reverse("deadline_list")).content.decode()
        assert "2022" in html
        assert reverse("deadline_delete", args=[deadline.pk]) not in html
    response = client.post(reverse("deadline_delete", args=[deadline.pk]))
    assert response.status_code == 403
    assert Deadline.objects.filter(pk=deadline.pk, due=deadline.due).exists()


def test_another_kabupatens_due_date_is_404(client, erin, db):
    elsewhere = Unit.objects.create(name="Kabupaten Banyumas", kind=Unit.Kind.KABUPATEN)
    theirs = services.set_deadline(
        kabupaten=elsewhere, year=2022, period="TW1", due=dt.date(2022, 4, 10)
    )
    login(client, erin)
    assert client.post(reverse("deadline_delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("deadline_delete", args=[999999])).status_code == 404
    assert Deadline.objects.filter(pk=theirs.pk).exists()


def test_removing_a_due_date_needs_a_post(client, erin, deadline):
    login(client, erin)
    assert client.get(reverse("deadline_delete", args=[deadline.pk])).status_code == 405
    assert Deadline.objects.filter(pk=deadline.pk).exists()
