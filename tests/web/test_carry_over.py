"""Carry-over: a new revision keeps the year's work of the one it replaces (services)."""

from __future__ import annotations

import copy
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from renaksi.web.monitoring import carry_over
from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import BudgetSpent, Evidence, History, Realisation, Report
from renaksi.web.plans import services
from renaksi.web.plans.models import ImportSession, Indicator, Node, Plan

PDF = b"%PDF-1.4 bukti dukung\n"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def sub_indicators(plan, n=3):
    return list(
        Indicator.objects.filter(node__plan=plan, node__level="subkegiatan").order_by(
            "node__id", "position", "id"
        )[:n]
    )


def verified_tw1(plan, alice, dave):
    """TW I entered (values, narrative, evidence, budget spent), submitted and verified."""
    first, second, third = sub_indicators(plan)
    monitoring.save_realisation_with_evidence(
        indicator=first,
        period="TW1",
        value=3,
        obstacles="Hujan",
        follow_up="Dijadwal ulang",
        expected_version=None,
        user=alice,
        upload=SimpleUploadedFile("laporan.pdf", PDF, content_type="application/pdf"),
        link="https://example.org/foto",
    )
    monitoring.save_realisation(
        indicator=second, period="TW1", value="WTP", expected_version=None, user=alice
    )
    monitoring.save_budget_spent(
        node=third.node, period="TW1", amount=1_500_000, expected_version=None, user=alice
    )
    report = monitoring.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    monitoring.verify_report(report=report, user=dave, note="Sudah sesuai")
    return first, second, third


def reimport(plan, document, user, **kwargs):
    return services.import_plan(
        unit=plan.unit,
        year=plan.year,
        version=plan.version,
        document=document,
        user=user,
        source_name="revisi.txt",
        **kwargs,
    )


def test_a_new_revision_keeps_the_verified_quarter(plan, alice, dave, erin, sample_document):
    first, second, third = verified_tw1(plan, alice, dave)
    new = reimport(plan, copy.deepcopy(sample_document), alice)
    plan.refresh_from_db()
    assert (new.revision, new.is_current, plan.is_current) == (2, True, False)
    assert new.carried_from_id == plan.pk

    report = Report.objects.get(plan=new, period="TW1")
    assert report.state == Report.State.VERIFIED
    assert (report.submitted_by, report.reviewed_by, report.reviewer_note) == (
        alice,
        dave,
        "Sudah sesuai",
    )
    moved = {
        r.indicator.origin: r
        for r in Realisation.objects.filter(indicator__node__plan=new).select_related("indicator")
    }
    assert set(moved) == {first.pk, second.pk}
    assert (moved[first.pk].value, moved[first.pk].obstacles, moved[first.pk].follow_up) == (
        3,
        "Hujan",
        "Dijadwal ulang",
    )
    assert moved[first.pk].indicator.name == first.name
    assert (moved[second.pk].value, moved[second.pk].text) == (None, "WTP")
    evidence = Evidence.objects.filter(plan=new).order_by("link")
    assert [(e.original_name, e.link) for e in evidence] == [
        ("laporan.pdf", ""),
        ("", "https://example.org/foto"),
    ]
    copied = evidence[0]
    original = Evidence.objects.get(plan=plan, original_name="laporan.pdf")
    assert copied.file.name != original.file.name  # each revision its own file
    with copied.file.open("rb") as f:
        assert f.read() == PDF
    spent = BudgetSpent.objects.get(node__plan=new)
    assert (spent.amount, spent.node.origin) == (1_500_000, third.node_id)

    # The old revision is kept as it was, and refuses changes.
    assert Realisation.objects.filter(indicator__node__plan=plan).count() == 2
    assert Report.objects.get(plan=plan, period="TW1").state == Report.State.VERIFIED
    with pytest.raises(monitoring.MonitoringError, match="replaced by a newer revision"):
        monitoring.save_realisation(
            indicator=first, period="TW2", value=1, expected_version=None, user=alice
        )
    # Removing the evidence from the new revision leaves the old one's file.
    monitoring.unlock_report(report=report, user=erin, reason="Koreksi bukti")
    monitoring.delete_evidence(evidence=copied, user=alice)
    with original.file.open("rb") as f:
        assert f.read() == PDF
    assert History.objects.filter(plan=new, field="carried_over").exists()


def test_a_slightly_renamed_indicator_keeps_its_realisasi(plan, alice, dave, sample_document):
    first, _second, _third = verified_tw1(plan, alice, dave)
    document = copy.deepcopy(sample_document)
    for _node, indicator in document.indicators():
        if indicator.name == first.name:
            indicator.name = indicator.name + " (dokumen)"
    new = reimport(plan, document, alice)
    carried = Indicator.objects.get(node__plan=new, origin=first.pk)
    assert carried.name == first.name + " (dokumen)"
    assert Realisation.objects.get(indicator=carried, period="TW1").value == 3


def test_an_indicator_removed_with_realisasi_needs_confirmation(plan, alice, erin, sample_document):
    first, *_ = sub_indicators(plan)
    monitoring.save_realisation(
        indicator=first, period="TW1", value=3, expected_version=None, user=alice
    )
    document = copy.deepcopy(sample_document)
    for node, _parent in document.walk():
        node.indicators = [i for i in node.indicators if i.name != first.name]
    before = Plan.objects.count()
    found = carry_over.preview(plan, document)
    assert [(line.name, line.realisations, line.periods) for line in found.left_behind] == [
        (first.name, 1, ["TW1"])
    ]
    with pytest.raises(services.CarryOverNotConfirmed, match="would stay on revision 1"):
        reimport(plan, document, alice)
    assert Plan.objects.count() == before  # nothing saved
    plan.refresh_from_db()
    assert plan.is_current
    new = reimport(plan, document, alice, leave_behind=True)
    assert not Realisation.objects.filter(indicator__node__plan=new).exists()
    assert Realisation.objects.filter(indicator=first).exists()  # still on revision 1


def test_a_changed_target_of_a_verified_quarter_needs_a_reason(plan, alice, dave, sample_document):
    first, *_ = verified_tw1(plan, alice, dave)
    document = copy.deepcopy(sample_document)
    for _node, indicator in document.indicators():
        if indicator.name == first.name:
            indicator.targets["TW1"] = 99
    found = carry_over.preview(plan, document)
    assert [(c.period, c.what, c.new) for c in found.verified_changes] == [("TW1", "target", "99")]
    with pytest.raises(services.CarryOverNotConfirmed, match="TW1, which is verified"):
        reimport(plan, document, alice)
    new = reimport(plan, document, alice, unlock_reason="Target TW I dikoreksi Bappeda")
    report = Report.objects.get(plan=new, period="TW1")
    assert (report.state, report.unlock_reason, report.unlocked_by, report.reviewer_note) == (
        Report.State.RETURNED,
        "Target TW I dikoreksi Bappeda",
        alice,
        "Sudah sesuai",  # the verification's note, kept; the unlock is the latest decision
    )
    assert report.reopened
    entry = History.objects.get(plan=new, kind=History.Kind.STATE)
    assert (entry.old, entry.new, entry.reason) == ("verified", "returned", report.unlock_reason)


def test_uncertain_pairs_carry_only_when_confirmed(plan, alice, sample_document):
    first, *_ = sub_indicators(plan)
    monitoring.save_realisation(
        indicator=first, period="TW1", value=3, expected_version=None, user=alice
    )
    document = copy.deepcopy(sample_document)
    reworded = None
    for _node, indicator in document.indicators():
        if indicator.name == first.name:
            words = indicator.name.split()
            indicator.name = " ".join([*words[: len(words) // 2 + 1], "yang", "baru", "sekali"])
            reworded = indicator.name
    found = carry_over.preview(plan, document)
    uncertain = [line for line in found.uncertain if line.name == reworded]
    assert uncertain and uncertain[0].realisations == 1
    assert found.left_behind and found.left_behind[0].name == first.name
    confirmed = carry_over.preview(plan, document, [uncertain[0].path])
    assert not confirmed.left_behind
    new = reimport(plan, document, alice, confirmed_pairs=[uncertain[0].path])
    assert Realisation.objects.get(indicator__node__plan=new).indicator.name == reworded


def test_a_stale_confirmation_is_refused(plan, alice, sample_document):
    signature = carry_over.preview(plan, sample_document).signature()
    first, *_ = sub_indicators(plan)
    document = copy.deepcopy(sample_document)
    for node, _parent in document.walk():
        node.indicators = [i for i in node.indicators if i.name != first.name]
    # Realisasi entered after the preview: the preview's confirmation does not cover it.
    monitoring.save_realisation(
        indicator=first, period="TW1", value=3, expected_version=None, user=alice
    )
    with pytest.raises(services.CarryOverNotConfirmed, match="changed since this preview"):
        reimport(plan, document, alice, leave_behind=True, expected_carry_over=signature)


def test_settings_a_person_set_are_carried(plan, alice, sample_document):
    first, *_ = sub_indicators(plan)
    # As the indicator's settings form leaves them: set by a person, nothing left to confirm.
    Indicator.objects.filter(pk=first.pk).update(
        polarity="negative", aggregation="last", to_confirm=[]
    )
    new = reimport(plan, copy.deepcopy(sample_document), alice)
    carried = Indicator.objects.get(node__plan=new, origin=first.pk)
    assert (carried.polarity, carried.aggregation, carried.to_confirm) == ("negative", "last", [])


def test_history_reads_across_revisions(plan, alice, dave, client, sample_document):
    first, *_ = verified_tw1(plan, alice, dave)
    new = reimport(plan, copy.deepcopy(sample_document), alice)
    carried = Indicator.objects.get(node__plan=new, origin=first.pk)
    client.force_login(alice)
    page = client.get(f"/indicators/{carried.pk}/history/").content.decode()
    assert "Hujan" in page  # the narrative entered on revision 1


def test_revision_of_revision_keeps_the_first_origin(plan, alice, dave, sample_document):
    first, *_ = verified_tw1(plan, alice, dave)
    second = reimport(plan, copy.deepcopy(sample_document), alice)
    third = reimport(second, copy.deepcopy(sample_document), alice)
    carried = Indicator.objects.get(node__plan=third, origin=first.pk)
    assert Realisation.objects.get(indicator=carried, period="TW1").value == 3
    assert Report.objects.get(plan=third, period="TW1").state == Report.State.VERIFIED
    assert Node.objects.filter(plan=third, origin__isnull=True).count() == 0


# ---------------------------------------------------------------------------------------------
# Through the import preview (HTTP)


def staged_json(client, plan, document, user):
    client.force_login(user)
    response = client.post(
        reverse("import_upload", args=[plan.unit_id]),
        {
            "file": SimpleUploadedFile(
                "revisi.json", document.to_json().encode(), content_type="application/json"
            ),
            "year": plan.year,
            "version": plan.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportSession.objects.latest("created_at")


def confirm(client, session, **fields):
    data = {"edits": session.edits, **fields}
    return client.post(reverse("import_confirm", args=[session.pk]), data)


def signature_of(page: str) -> str:
    return re.search(r'name="carry_over" value="([0-9a-f]{16})"', page).group(1)


def test_preview_lists_what_carries_over_and_confirm_keeps_tw1_verified(
    client, plan, alice, dave, sample_document
):
    verified_tw1(plan, alice, dave)
    session = staged_json(client, plan, copy.deepcopy(sample_document), alice)
    page = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert "What this revision takes over from revision 1" in page
    assert "its 2 realisasi" in page or "their 2 realisasi" in page
    assert "TW I Verified" in page
    assert "Realisasi left behind" not in page
    response = confirm(client, session, carry_over=signature_of(page))
    assert response.status_code == 302
    new = Plan.objects.get(unit=plan.unit, is_current=True)
    assert new.revision == 2
    assert Report.objects.get(plan=new, period="TW1").state == Report.State.VERIFIED
    sheet = client.get(reverse("monitoring_sheet", args=[new.pk, "TW1"])).content.decode()
    assert "Hujan" in sheet and "laporan.pdf" in sheet


def test_preview_lists_an_indicator_left_behind_and_confirm_needs_the_tick(
    client, plan, alice, sample_document
):
    first, *_ = sub_indicators(plan)
    monitoring.save_realisation(
        indicator=first, period="TW2", value=7, expected_version=None, user=alice
    )
    document = copy.deepcopy(sample_document)
    for node, _parent in document.walk():
        node.indicators = [i for i in node.indicators if i.name != first.name]
    session = staged_json(client, plan, document, alice)
    page = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    left = page[page.index("Realisasi left behind") :]
    assert html.escape(first.name) in left[: left.index("</table>")]
    before = Plan.objects.count()
    response = confirm(client, session, carry_over=signature_of(page))
    assert response.status_code == 409
    assert "would stay on revision 1" in response.content.decode()
    assert Plan.objects.count() == before
    response = confirm(client, session, carry_over=signature_of(page), leave_behind="1")
    assert response.status_code == 302
    assert Plan.objects.count() == before + 1


def test_only_someone_who_may_unlock_changes_a_verified_target(
    client, plan, alice, dave, erin, sample_document
):
    first, *_ = verified_tw1(plan, alice, dave)
    document = copy.deepcopy(sample_document)
    for _node, indicator in document.indicators():
        if indicator.name == first.name:
            indicator.targets["TW1"] = 99
    session = staged_json(client, plan, document, alice)
    page = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert "Verified periods this revision changes" in page
    assert 'name="unlock_reason"' not in page  # the operator may not unlock
    # A reason slipped into the form by hand is not heard from someone who may not unlock.
    response = confirm(client, session, carry_over=signature_of(page), unlock_reason="Saya mau")
    assert response.status_code == 409
    assert Plan.objects.filter(unit=plan.unit).count() == 1
    # The kabupaten's administrator imports it (an import is its author's).
    session = staged_json(client, plan, document, erin)
    page = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert 'name="unlock_reason"' in page
    response = confirm(
        client, session, carry_over=signature_of(page), unlock_reason="Target TW I dikoreksi"
    )
    assert response.status_code == 302
    new = Plan.objects.get(unit=plan.unit, is_current=True)
    assert Report.objects.get(plan=new, period="TW1").state == Report.State.RETURNED


def test_an_uncertain_pair_is_ticked_in_the_preview(client, plan, alice, sample_document):
    first, *_ = sub_indicators(plan)
    monitoring.save_realisation(
        indicator=first, period="TW1", value=3, expected_version=None, user=alice
    )
    document = copy.deepcopy(sample_document)
    for _node, indicator in document.indicators():
        if indicator.name == first.name:
            words = indicator.name.split()
            indicator.name = " ".join([*words[: len(words) // 2 + 1], "yang", "baru", "sekali"])
    session = staged_json(client, plan, document, alice)
    page = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    paths = re.findall(r'name="same" value="([^"]+)"', page)
    assert len(paths) >= 1
    response = confirm(client, session, carry_over=signature_of(page), same=paths)
    assert response.status_code == 302
    new = Plan.objects.get(unit=plan.unit, is_current=True)
    assert Realisation.objects.get(indicator__node__plan=new).value == 3


def test_a_preview_gone_stale_is_refused(client, plan, alice, sample_document):
    session = staged_json(client, plan, copy.deepcopy(sample_document), alice)
    page = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    first, *_ = sub_indicators(plan)
    monitoring.save_realisation(
        indicator=first, period="TW1", value=3, expected_version=None, user=alice
    )
    response = confirm(client, session, carry_over=signature_of(page))
    assert response.status_code == 409
    assert "changed since this preview" in response.content.decode()


@pytest.mark.parametrize("size", [10, 1000])
def test_carry_over_runs_a_bounded_number_of_statements(
    kaligondang, alice, size, django_assert_max_num_queries
):
    """No statement per row: the carry-over reads and writes in bulk, more statements only as
    the database's batch limit splits them."""
    from .test_store import big_document

    document = big_document(size)
    first = services.import_plan(unit=kaligondang, year=2024, version="murni", document=document)
    Realisation.objects.bulk_create(
        Realisation(indicator=i, period="TW1", value=1, obstacles="Hujan")
        for i in Indicator.objects.filter(node__plan=first)
    )
    rows = size * 9  # nodes, indicators, four targets and one realisasi per indicator, roughly
    with django_assert_max_num_queries(30 + rows // 100):
        second = services.import_plan(
            unit=kaligondang, year=2024, version="murni", document=copy.deepcopy(document)
        )
    assert Realisation.objects.filter(indicator__node__plan=second).count() == size


def test_the_command_line_asks_for_the_same_confirmations(
    plan, alice, sample_document, tmp_path, capsys
):
    from renaksi.cli import main

    first, *_ = sub_indicators(plan)
    monitoring.save_realisation(
        indicator=first, period="TW1", value=3, expected_version=None, user=alice
    )
    document = copy.deepcopy(sample_document)
    for node, _parent in document.walk():
        node.indicators = [i for i in node.indicators if i.name != first.name]
    path = tmp_path / "revisi.json"
    path.write_text(document.to_json(), encoding="utf-8")
    args = ["import", str(path), "--unit", str(plan.unit_id), "--year", "2022"]
    assert main(args) == 2
    assert "would stay on revision 1" in capsys.readouterr().err
    assert Plan.objects.filter(unit=plan.unit).count() == 1
    assert main([*args, "--leave-behind"]) == 0
    out = capsys.readouterr().out
    assert "revision 2 saved" in out and "revision 1 carried over" in out


def test_the_replaced_revision_is_shown_read_only_with_a_link_to_the_current(
    client, plan, alice, dave, erin, sample_document
):
    verified_tw1(plan, alice, dave)
    new = reimport(plan, copy.deepcopy(sample_document), alice)
    for person in (alice, erin):
        client.force_login(person)
        page = client.get(reverse("monitoring_sheet", args=[plan.pk, "TW2"])).content.decode()
        assert "replaced by a newer revision" in page
        assert reverse("monitoring_sheet", args=[new.pk, "TW2"]) in page
        assert 'class="sheet-actions' not in page and 'class="evidence-add' not in page
        assert "readonly" in page  # nothing to fill in or save
        page = client.get(reverse("monitoring_sheet", args=[plan.pk, "TW1"])).content.decode()
        assert reverse("monitoring_unlock", args=[_report(plan).pk]) not in page
    page = client.get(reverse("monitoring_sheet", args=[new.pk, "TW1"])).content.decode()
    assert "replaced by a newer revision" not in page
    assert reverse("monitoring_unlock", args=[_report(new).pk]) in page  # erin may unlock here


def _report(plan):
    return Report.objects.get(plan=plan, period="TW1")
