"""Monitoring services: realisasi and its version check, evidence checks, the workflow, history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from renaksi.web.monitoring import services
from renaksi.web.monitoring.models import Evidence, History, Realisation, Report
from renaksi.web.monitoring.services import Conflict, MonitoringError
from renaksi.web.plans.models import Indicator, Node


@pytest.fixture(autouse=True)
def english():
    """The messages asserted below are the English source texts (the default language is id)."""
    with translation.override("en"):
        yield


@pytest.fixture
def indicator(plan):
    return (
        Indicator.objects.filter(node__plan=plan, node__level="subkegiatan").order_by("id").first()
    )


def save(indicator, user, value, version=None, period="TW1", **narrative):
    return services.save_realisation(
        indicator=indicator,
        period=period,
        value=value,
        expected_version=version,
        user=user,
        **narrative,
    )


def test_realisation_saved_with_history(indicator, alice):
    first = save(indicator, alice, 20, obstacles="Anggaran terlambat cair")
    assert (first.value, first.version, first.obstacles) == (20, 1, "Anggaran terlambat cair")
    second = save(indicator, alice, 25, version=1, obstacles="Anggaran terlambat cair")
    assert second.version == 2
    changes = list(
        History.objects.filter(indicator=indicator)
        .order_by("id")
        .values_list("field", "old", "new")
    )
    assert changes == [
        ("value", "", "20"),
        ("obstacles", "", "Anggaran terlambat cair"),
        ("value", "20", "25"),
    ]


def test_second_save_from_a_stale_form_is_refused_and_nothing_is_lost(indicator, alice, erin):
    save(indicator, alice, 20)  # both opened the form at "no realisation yet"
    with pytest.raises(Conflict):
        save(indicator, erin, 30, version=None)
    realisation = Realisation.objects.get(indicator=indicator, period="TW1")
    assert (realisation.value, realisation.version) == (20, 1)
    with pytest.raises(Conflict):
        save(indicator, erin, 30, version=0)


def test_workflow_and_locks(plan, indicator, alice, dave, erin):
    save(indicator, alice, 20)
    report = services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    assert report.state == Report.State.SUBMITTED
    with pytest.raises(MonitoringError, match="submitted"):
        save(indicator, alice, 21, version=1)  # waiting for verification: no changes
    with pytest.raises(MonitoringError, match="needs a note"):
        services.return_report(report=report, user=dave, note="  ")
    report = services.return_report(report=report, user=dave, note="Lengkapi bukti dukung")
    assert (report.state, report.reviewer_note) == (Report.State.RETURNED, "Lengkapi bukti dukung")
    save(indicator, alice, 22, version=1)
    report = services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    report = services.verify_report(report=report, user=dave)
    assert report.locked
    with pytest.raises(MonitoringError, match="locked"):
        save(indicator, alice, 23, version=2)
    with pytest.raises(MonitoringError, match="reason"):
        services.unlock_report(report=report, user=erin, reason="")
    report = services.unlock_report(report=report, user=erin, reason="Koreksi angka TW I")
    assert report.state == Report.State.RETURNED
    states = list(
        History.objects.filter(plan=plan, kind=History.Kind.STATE)
        .order_by("id")
        .values_list("old", "new", "reason")
    )
    # A submission's reason is the findings it was confirmed with (rows still empty), in the
    # site's language.
    assert [(old, new, reason if new != "submitted" else "") for old, new, reason in states] == [
        ("draft", "submitted", ""),
        ("submitted", "returned", "Lengkapi bukti dukung"),
        ("returned", "submitted", ""),
        ("submitted", "verified", ""),
        ("verified", "returned", "Koreksi angka TW I"),
    ]
    assert [r for _o, n, r in states if n == "submitted"] == [
        "dikonfirmasi sebelum diajukan: 50 kosong, 1 tanpa bukti dukung, 0 teks untuk angka, "
        "0 jauh dari target"
    ] * 2


def test_nobody_verifies_what_they_submitted(plan, erin):
    report = services.submit_report(plan=plan, period="TW2", user=erin, confirmed=True)
    with pytest.raises(MonitoringError, match="someone else"):
        services.verify_report(report=report, user=erin)
    with pytest.raises(MonitoringError, match="someone else"):
        services.return_report(report=report, user=erin, note="x")
    assert Report.objects.get(pk=report.pk).state == Report.State.SUBMITTED


def test_transitions_out_of_order_are_refused(plan, alice, dave, erin):
    report = services.submit_report(plan=plan, period="TW3", user=alice, confirmed=True)
    with pytest.raises(MonitoringError):
        services.submit_report(plan=plan, period="TW3", user=alice, confirmed=True)
    with pytest.raises(MonitoringError):
        services.unlock_report(report=report, user=erin, reason="x")
    with pytest.raises(MonitoringError):
        services.submit_report(plan=plan, period="M13", user=alice, confirmed=True)


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        pytest.param(
            "laporan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60, "not an accepted", id="exe-as-pdf"
        ),
        pytest.param(
            "laporan.pdf", b"#!/bin/sh\nrm -rf /\n", "not an accepted", id="script-as-pdf"
        ),
        pytest.param("foto.jpg", PDF, "not what its name says", id="pdf-named-jpg"),
        pytest.param(
            "laporan.html", b"<html><script>alert(1)</script>", "not an accepted", id="html"
        ),
    ],
)
def test_evidence_refused_by_content(indicator, alice, name, content, error):
    realisation = save(indicator, alice, 20)
    with pytest.raises(MonitoringError, match=error):
        services.add_evidence(
            realisation=realisation, upload=SimpleUploadedFile(name, content), user=alice
        )
    assert not Evidence.objects.exists()


def test_evidence_size_limit(indicator, alice, settings):
    settings.RENAKSI_MAX_EVIDENCE_BYTES = 1024
    realisation = save(indicator, alice, 20)
    with pytest.raises(MonitoringError, match="larger than"):
        services.add_evidence(
            realisation=realisation,
            upload=SimpleUploadedFile("a.pdf", PDF + b"0" * 2048),
            user=alice,
        )


def test_evidence_stored_under_a_generated_name(indicator, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    realisation = save(indicator, alice, 20)
    evidence = services.add_evidence(
        realisation=realisation,
        upload=SimpleUploadedFile("../../etc/passwd\x00 laporan.pdf", PDF),
        user=alice,
    )
    assert evidence.original_name == "passwd laporan.pdf"
    assert evidence.content_type == "application/pdf"
    stored = tmp_path / evidence.file.name
    assert stored.read_bytes() == PDF
    assert evidence.file.name == f"evidence/{evidence.plan_id}/{evidence.id.hex}"
    link = services.add_evidence(
        realisation=realisation, link="https://drive.example.go.id/x", user=alice
    )
    assert link.link.startswith("https://")
    with pytest.raises(MonitoringError):
        services.add_evidence(realisation=realisation, link="javascript:alert(1)", user=alice)


def test_budget_spent_and_its_version(plan, alice):
    node = Node.objects.filter(plan=plan, level="subkegiatan").first()
    spent = services.save_budget_spent(
        node=node, period="TW1", amount=1500000, expected_version=None, user=alice
    )
    assert spent.version == 1
    with pytest.raises(Conflict):
        services.save_budget_spent(
            node=node, period="TW1", amount=2, expected_version=None, user=alice
        )
    with pytest.raises(MonitoringError):
        services.save_budget_spent(
            node=node, period="TW1", amount=-1, expected_version=1, user=alice
        )


def test_quarter_sheet_computes_capaian_in_constant_queries(
    plan, indicator, alice, django_assert_num_queries
):
    from renaksi.web.monitoring import selectors

    save(indicator, alice, 20)  # a "Jumlah Dokumen …" indicator with target 25 for TW1
    indicator.aggregation = "last"
    indicator.save()
    with django_assert_num_queries(8):
        sheet = selectors.quarter_sheet(plan, "TW1")
    row = next(r for r in sheet.rows if r.indicator.pk == indicator.pk)
    assert (row.target, row.value) == (25, 20)
    assert row.achievement.raw == 80 and row.achievement.category.key == "tinggi"
    assert len(sheet.rows) == 51
    assert sheet.roll_up.measured == 1 and sheet.roll_up.value == 80
    live = selectors.live_achievement(indicator, "TW1", 25)
    assert live.raw == 100


def test_late_units(plan, kabupaten, kaligondang, bukateja, alice, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from renaksi.web.monitoring import selectors

    submitted_at = dt.datetime(2022, 4, 9, 10, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: submitted_at)
    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=dt.date(2022, 4, 10))
    statuses = {s.unit.name: s for s in selectors.unit_statuses(kabupaten, 2022, "TW1")}
    assert statuses["Kecamatan Kaligondang"].late(dt.date(2022, 4, 11))
    assert statuses["Kecamatan Bukateja"].state == "no-plan"
    assert not statuses["Kecamatan Kaligondang"].late(dt.date(2022, 4, 10))
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    statuses = {s.unit.name: s for s in selectors.unit_statuses(kabupaten, 2022, "TW1")}
    assert not statuses["Kecamatan Kaligondang"].late(dt.date(2022, 5, 1))


def test_target_and_setting_changes_are_kept_in_history(indicator, alice):
    from renaksi.web.plans import services as plan_services

    plan_services.set_targets(indicator=indicator, values={"TW1": 30, "TW2": 50}, user=alice)
    plan_services.update_indicator(
        indicator=indicator,
        name=indicator.name,
        objective=indicator.objective,
        unit="Dokumen",
        aggregation="sum",
        user=alice,
    )
    rows = list(
        History.objects.filter(indicator=indicator)
        .order_by("id")
        .values_list("kind", "field", "period", "old", "new")
    )
    assert rows[0] == ("target", "target", "TW1", "25", "30")  # TW2 was 50 already: not a change
    assert ("setting", "unit", "", "%", "Dokumen") in rows
    assert ("setting", "aggregation", "", "sum", "sum") not in rows


def test_targets_of_a_verified_quarter_are_locked(plan, indicator, alice, dave, erin):
    from renaksi.web.plans import services as plan_services
    from renaksi.web.plans.services import ServiceError

    report = services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    services.verify_report(report=report, user=dave)
    with pytest.raises(ServiceError):
        plan_services.set_targets(indicator=indicator, values={"TW1": 99}, user=alice)
    assert indicator.targets.get(period="TW1").value == 25
    plan_services.set_targets(
        indicator=indicator, values={"TW2": 60}, user=alice
    )  # other quarters open
    services.unlock_report(
        report=Report.objects.get(pk=report.pk), user=erin, reason="Salah ketik target"
    )
    plan_services.set_targets(indicator=indicator, values={"TW1": 99}, user=alice)
    assert indicator.targets.get(period="TW1").value == 99


def test_a_small_evidence_limit_is_said_in_kilobytes(indicator, alice, settings):
    settings.RENAKSI_MAX_EVIDENCE_BYTES = 500 * 1024
    realisation = save(indicator, alice, 20)
    with pytest.raises(MonitoringError, match=r"500[.,]0\s?KB"):
        services.add_evidence(
            realisation=realisation,
            upload=SimpleUploadedFile("a.pdf", PDF + b"0" * 600 * 1024),
            user=alice,
        )
