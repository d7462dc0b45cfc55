"""Quarterly monitoring through the web pages, as the cast does it.

alice (operator of Kaligondang) enters realisasi and narrative and sees capaian, saves, meets a
conflict, attaches evidence and submits; dave (head) returns and verifies; erin (administrator)
unlocks with a reason and sets due dates; charlie (inspectorate) reads; bob (Bukateja) is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.web.monitoring import services
from renaksi.web.monitoring.models import (
    BudgetSpent,
    Deadline,
    Evidence,
    History,
    Realisation,
    Report,
)
from renaksi.web.plans import services as plan_services
from renaksi.web.plans.models import Indicator, Node

from .conftest import login
from .test_store import big_document

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files land in a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def english(client):
    """The page in English: the messages asserted are the source texts."""
    client.cookies["django_language"] = "en"
    return client


def sheet_url(plan, period="TW1") -> str:
    return reverse("monitoring_sheet", args=[plan.pk, period])


def indicator(plan, name: str) -> Indicator:
    return Indicator.objects.filter(node__plan=plan, name__startswith=name).order_by("id")[0]


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class _SheetForm(HTMLParser):
    """The fields the sheet's form would send, as a browser collects them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.inside = False
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == "sheet-form"
        elif not self.inside or "form" in a:
            return
        elif tag == "input" and a.get("name") and a.get("type") != "file":
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def form_of(html: str) -> dict[str, str]:
    parser = _SheetForm()
    parser.feed(html)
    return parser.fields


def open_sheet(client, plan, period="TW1") -> dict[str, str]:
    return form_of(page(client.get(sheet_url(plan, period))))


def row(html: str, pk: int, kind: str = "indicator") -> str:
    """The table row of an indicator, a node or a unit, its opening tag included."""
    match = re.search(rf'<tr[^>]* id="{kind}-{pk}"[^>]*>.*?</tr>', html, re.S)
    assert match, f"no row {kind}-{pk}"
    return match.group(0)


def capaian_cell(html: str, pk: int) -> tuple[str, str]:
    """(capaian shown, category shown) of an indicator's row."""
    text = row(html, pk)
    capaian = re.search(r"<td class=\"num capaian\" data-capaian[^>]*>(.*?)</td>", text, re.S)
    category = re.search(r"data-category>(.*?)</span>", text, re.S)
    return capaian.group(1).strip(), category.group(1).strip()


# ---------------------------------------------------------------------------------------------
# Entering realisasi


def test_alice_enters_realisasi_in_indonesian_formats_and_sees_capaian(client, alice, plan):
    login(client, alice)
    report = indicator(plan, "Presentase Ketersediaan Laporan")  # target TW I 25 (%)
    mcp = indicator(plan, "Nilai MCP Korsupgah")  # 25
    ikm = indicator(plan, "Hasil Pengukuran Indeks Kepuasan")  # 30
    sakip = indicator(plan, "Nilai SAKIP")
    plan_services.set_targets(indicator=sakip, values={"TW1": "BB"})  # a text (ordinal) target
    data = open_sheet(client, plan)
    assert data[f"value-{report.pk}"] == "" and data[f"version-{report.pk}"] == ""
    data[f"value-{report.pk}"] = "20"
    data[f"obstacles-{report.pk}"] = "Anggaran terlambat cair"
    data[f"factors-{report.pk}"] = "Staf berpengalaman"
    data[f"followup-{report.pk}"] = "Percepat pencairan\nTW II"
    data[f"value-{mcp.pk}"] = "22,5"
    data[f"value-{ikm.pk}"] = "27,3%"
    data[f"value-{sakip.pk}"] = "b"

    response = client.post(sheet_url(plan), data)
    assert response.status_code == 302 and response["Location"] == sheet_url(plan)

    stored = {r.indicator_id: r for r in Realisation.objects.filter(indicator__node__plan=plan)}
    assert stored[report.pk].value == 20 and stored[report.pk].version == 1
    assert stored[report.pk].obstacles == "Anggaran terlambat cair"
    assert stored[report.pk].supporting_factors == "Staf berpengalaman"
    assert stored[report.pk].follow_up == "Percepat pencairan\nTW II"
    assert stored[mcp.pk].value == Decimal("22.5")
    assert stored[ikm.pk].value == Decimal("27.3")
    assert (stored[sakip.pk].value, stored[sakip.pk].text) == (None, "b")

    html = page(client.get(sheet_url(plan)))
    assert "4 perubahan" in html  # the message after saving, in Indonesian
    assert capaian_cell(html, report.pk) == ("80", "Tinggi")
    assert capaian_cell(html, mcp.pk) == ("90", "Tinggi")
    assert capaian_cell(html, ikm.pk) == ("91", "Sangat Tinggi")
    assert capaian_cell(html, sakip.pk) == ("80", "Tinggi")  # BB → B: one rank below
    again = form_of(html)
    assert again[f"value-{mcp.pk}"] == "22,5"  # shown as typed, the Indonesian way
    assert again[f"value-{ikm.pk}"] == "27,3"
    assert again[f"version-{report.pk}"] == "1"
    assert again[f"followup-{report.pk}"] == "Percepat pencairan\nTW II"
    # Not measurable: a dash with the reason as a tooltip, never 0.
    other = indicator(plan, "Persentase Keaktifan Lembaga Desa")
    cell = row(html, other.pk)
    assert 'data-capaian title="Belum ada realisasi' in cell
    assert capaian_cell(html, other.pk) == ("—", "")
    # The plan's capaian: mean of the capped values (80, 90, 91, 80).
    assert "85,25" in html


def test_saving_twice_and_a_stale_form_is_a_conflict_on_its_row_only(client, alice, erin, plan):
    a = indicator(plan, "Presentase Ketersediaan Laporan")
    b = indicator(plan, "Nilai MCP Korsupgah")
    login(client, alice)
    first = open_sheet(client, plan)
    first[f"value-{a.pk}"] = "20"
    assert client.post(sheet_url(plan), first).status_code == 302
    second = open_sheet(client, plan)
    assert second[f"version-{a.pk}"] == "1"
    second[f"value-{a.pk}"] = "21"
    assert client.post(sheet_url(plan), second).status_code == 302
    assert Realisation.objects.get(indicator=a, period="TW1").version == 2

    # erin had opened the sheet at version 1 of row a: her change of it is refused, her other
    # row is saved.
    other = english(login(type(client)(), erin))
    stale = dict(second)  # version-a is "1"
    stale[f"value-{a.pk}"] = "30"
    stale[f"value-{b.pk}"] = "24"
    response = other.post(sheet_url(plan), stale)
    html = page(response)
    a_row = row(html, a.pk)
    assert "row-error" in html and "Someone else saved the realisasi" in a_row
    assert "Your entry was not saved" in a_row and "“30”" in a_row
    assert form_of(html)[f"value-{a.pk}"] == "21"  # what is saved now, with its version
    assert form_of(html)[f"version-{a.pk}"] == "2"
    assert "1 row was not saved" in html
    assert Realisation.objects.get(indicator=a, period="TW1").value == 21
    assert Realisation.objects.get(indicator=b, period="TW1").value == 24


def test_two_people_who_opened_an_empty_row_the_first_save_wins(client, alice, erin, plan):
    a = indicator(plan, "Presentase Ketersediaan Laporan")
    login(client, alice)
    other = english(login(type(client)(), erin))
    mine, theirs = open_sheet(client, plan), open_sheet(other, plan)
    mine[f"value-{a.pk}"] = "20"
    theirs[f"value-{a.pk}"] = "30"
    assert client.post(sheet_url(plan), mine).status_code == 302
    html = page(other.post(sheet_url(plan), theirs))
    assert "Someone else saved" in row(html, a.pk)
    assert Realisation.objects.get(indicator=a, period="TW1").value == 20


def test_invalid_input_stays_on_its_row_and_the_rest_is_saved(client, alice, plan):
    a = indicator(plan, "Presentase Ketersediaan Laporan")
    b = indicator(plan, "Nilai MCP Korsupgah")
    sub = Node.objects.filter(plan=plan, level="subkegiatan").order_by("id").first()
    login(english(client), alice)
    data = open_sheet(client, plan)
    data[f"value-{a.pk}"] = "x" * 101  # a text realisasi of more than 100 characters
    data[f"value-{b.pk}"] = "1.250"
    data[f"spent-{sub.pk}"] = "banyak sekali"
    html = page(client.post(sheet_url(plan), data))
    assert "at most 100 characters" in row(html, a.pk)
    assert form_of(html)[f"value-{a.pk}"] == "x" * 101  # kept for correction
    assert "Enter an amount in rupiah" in row(html, sub.pk, "node")
    assert not Realisation.objects.filter(indicator=a).exists()
    assert Realisation.objects.get(indicator=b).value == 1250
    assert not BudgetSpent.objects.exists()


def test_budget_spent_per_sub_kegiatan(client, alice, plan):
    sub = Node.objects.filter(plan=plan, level="subkegiatan", budget__isnull=False).first()
    sub = sub or Node.objects.filter(plan=plan, level="subkegiatan").first()
    Node.objects.filter(pk=sub.pk).update(budget=Decimal("4000000"))
    login(client, alice)
    data = open_sheet(client, plan)
    assert data[f"spent-{sub.pk}"] == "" and data[f"spent-version-{sub.pk}"] == ""
    data[f"spent-{sub.pk}"] = "Rp1.500.000,00"
    assert client.post(sheet_url(plan), data).status_code == 302
    spent = BudgetSpent.objects.get(node=sub, period="TW1")
    assert (spent.amount, spent.version) == (Decimal("1500000"), 1)
    html = page(client.get(sheet_url(plan)))
    heading = row(html, sub.pk, "node")
    assert 'value="1.500.000"' in heading and "37,5 %" in heading
    # A stale version of the amount is a conflict, like realisasi.
    stale = form_of(html)
    stale[f"spent-version-{sub.pk}"] = ""
    stale[f"spent-{sub.pk}"] = "2.000.000"
    assert "row-error" in row(page(client.post(sheet_url(plan), stale)), sub.pk, "node")
    assert BudgetSpent.objects.get(node=sub).amount == Decimal("1500000")


def test_nothing_changed_saves_nothing(client, alice, plan):
    login(client, alice)
    response = client.post(sheet_url(plan), open_sheet(client, plan), follow=True)
    assert "Tidak ada yang berubah" in page(response)
    assert not Realisation.objects.exists()
    # The audit log holds the plan's import and the login, no change.
    assert not History.objects.exclude(kind__in=["import", "login"]).exists()


def test_a_period_the_plan_does_not_have_is_404(client, alice, plan):
    login(client, alice)
    assert client.get(sheet_url(plan, "TW5")).status_code == 404
    assert client.post(sheet_url(plan, "M01"), {}).status_code == 404
    a = indicator(plan, "Nilai MCP")
    assert client.get(reverse("monitoring_capaian", args=[a.pk, "TW9"])).status_code == 404


# ---------------------------------------------------------------------------------------------
# Live capaian


def test_live_capaian_is_the_servers_engine(client, alice, bob, plan):
    a = indicator(plan, "Presentase Ketersediaan Laporan")  # TW I target 25
    url = reverse("monitoring_capaian", args=[a.pk, "TW1"])
    login(client, alice)
    answer = client.get(url, {"value": "20"}).json()
    assert answer == {
        "raw": 80.0,
        "capped": 80.0,
        "category_key": "tinggi",
        "category_label": "Tinggi",
        "reason": None,
        "reason_label": "",
        "text": "80",
    }
    over = client.get(url, {"value": "37,5%"}).json()
    assert (over["raw"], over["capped"], over["category_key"], over["text"]) == (
        150.0,
        100.0,
        "sangat-tinggi",
        "150",
    )
    empty = client.get(url, {"value": ""}).json()
    assert empty["raw"] is None and empty["category_key"] is None
    assert empty["reason"] == "no realisation for this period" and empty["text"] == "—"
    assert client.get(url, {"value": "9" * 30}).status_code == 400
    assert not Realisation.objects.exists()  # asking saves nothing
    # A negative indicator (lower is better): the engine's formula, not the page's.
    conflict = indicator(plan, "Persentase Potensi Konflik")
    negative = client.get(
        reverse("monitoring_capaian", args=[conflict.pk, "TW1"]), {"value": "20"}
    ).json()
    assert negative["raw"] == 120.0
    login(client, bob)
    assert client.get(url, {"value": "20"}).status_code == 404


# ---------------------------------------------------------------------------------------------
# The workflow


def post_change(client, plan, pk, value, period="TW1"):
    data = open_sheet(client, plan, period)
    data[f"value-{pk}"] = value
    return client.post(sheet_url(plan, period), data)


def submit(client, plan, period="TW1"):
    """Submit as the page does: the first POST shows the findings, the second confirms them."""
    url = reverse("monitoring_submit", args=[plan.pk, period])
    shown = client.post(url)
    if shown.status_code != 200:
        return shown
    fingerprint = re.search(r'name="confirm" value="([0-9a-f]+)"', page(shown)).group(1)
    return client.post(url, {"confirm": fingerprint})


def test_submit_return_verify_unlock_and_the_history(client, alice, dave, erin, plan):
    a = indicator(plan, "Presentase Ketersediaan Laporan")
    alice_client = english(login(client, alice))
    assert post_change(alice_client, plan, a.pk, "20").status_code == 302

    response = submit(alice_client, plan)
    assert response.status_code == 302 and response["Location"] == sheet_url(plan)
    report = Report.objects.get(plan=plan, period="TW1")
    assert report.state == Report.State.SUBMITTED and report.submitted_by == alice

    # Submitted: read-only for alice, and a save is refused.
    html = page(alice_client.get(sheet_url(plan)))
    assert 'data-state="submitted"' in html
    assert f'name="value-{a.pk}" value="20" autocomplete="off" aria-label' in html
    assert "readonly" in row(html, a.pk) and 'id="save-draft"' not in html
    stale = form_of(html)
    stale[f"value-{a.pk}"] = "99"
    refused = alice_client.post(sheet_url(plan), stale, follow=True)
    assert "waiting for verification" in page(refused)
    assert Realisation.objects.get(indicator=a).value == 20
    # alice may not review her own unit's report; dave may.
    review = reverse("monitoring_review", args=[report.pk])
    assert alice_client.post(review, {"decision": "verify"}).status_code == 403

    dave_client = english(login(type(client)(), dave))
    html = page(dave_client.get(sheet_url(plan)))
    assert f'action="{review}"' in html and 'id="save-draft"' not in html
    returned = dave_client.post(review, {"decision": "return", "note": ""}, follow=True)
    assert "needs a note" in page(returned)
    dave_client.post(review, {"decision": "return", "note": "Lengkapi bukti dukung"})
    report.refresh_from_db()
    assert (report.state, report.reviewer_note) == ("returned", "Lengkapi bukti dukung")
    html = page(alice_client.get(sheet_url(plan)))
    assert "Lengkapi bukti dukung" in html and 'id="save-draft"' in html

    assert post_change(alice_client, plan, a.pk, "22").status_code == 302
    submit(alice_client, plan)
    response = dave_client.post(review, {"decision": "verify", "note": "Sesuai"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.VERIFIED and report.reviewed_by == dave

    # Verified: locked. Read-only, a save refused, no evidence form.
    html = page(alice_client.get(sheet_url(plan)))
    assert 'data-state="verified"' in html and 'id="save-draft"' not in html
    assert 'type="file"' not in html
    refused = post_change(alice_client, plan, a.pk, "23")
    assert refused.status_code == 302
    assert "locked" in page(alice_client.get(sheet_url(plan)))
    assert Realisation.objects.get(indicator=a).value == 22

    # Only the administrator unlocks, and only with a reason.
    unlock = reverse("monitoring_unlock", args=[report.pk])
    assert dave_client.post(unlock, {"reason": "x"}).status_code == 403
    assert alice_client.post(unlock, {"reason": "x"}).status_code == 403
    erin_client = english(login(type(client)(), erin))
    assert f'action="{unlock}"' in page(erin_client.get(sheet_url(plan)))
    assert "needs a reason" in page(erin_client.post(unlock, {"reason": " "}, follow=True))
    erin_client.post(unlock, {"reason": "Koreksi angka TW I"})
    report.refresh_from_db()
    assert report.state == Report.State.RETURNED
    assert post_change(alice_client, plan, a.pk, "23").status_code == 302
    assert Realisation.objects.get(indicator=a).value == 23

    # The history: every change, newest first, who and why; the plan's state changes too.
    html = page(alice_client.get(reverse("indicator_history", args=[a.pk])))
    body = html[html.index("<tbody>") :]
    assert body.index("Koreksi angka TW I") < body.index("Lengkapi bukti dukung")
    for text in ("alice", "dave", "erin", "Sesuai", "Verified", "Returned", "Submitted"):
        assert text in body, text
    values = re.findall(r'<td class="old">(.*?)</td>\s*<td class="new">(.*?)</td>', body, re.S)
    assert ("22", "23") in values and ("", "20") in values and ("20", "22") in values
    assert body.index('>22</td>\n      <td class="new">23<') < body.index('<td class="new">20</td>')


def test_nobody_verifies_their_own_submission(client, erin, plan):
    login(english(client), erin)
    submit(client, plan, "TW2")
    report = Report.objects.get(plan=plan, period="TW2")
    html = page(client.get(sheet_url(plan, "TW2")))
    assert "someone else must verify it" in html
    response = client.post(
        reverse("monitoring_review", args=[report.pk]), {"decision": "verify"}, follow=True
    )
    assert "someone else must verify it" in page(response)
    assert Report.objects.get(pk=report.pk).state == Report.State.SUBMITTED


def test_a_review_without_a_decision_is_a_bad_request(client, alice, dave, plan):
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    report = Report.objects.get(plan=plan, period="TW1")
    login(client, dave)
    url = reverse("monitoring_review", args=[report.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 400
    assert Report.objects.get(pk=report.pk).state == Report.State.SUBMITTED


@pytest.mark.parametrize(
    "name", ["monitoring_submit", "monitoring_review", "monitoring_unlock", "evidence_upload"]
)
def test_post_only_views_refuse_get(client, alice, plan, name):
    realisation = services.save_realisation(
        indicator=indicator(plan, "Nilai MCP"),
        period="TW1",
        value=20,
        expected_version=None,
        user=alice,
    )
    report = services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    args = {
        "monitoring_submit": [plan.pk, "TW1"],
        "monitoring_review": [report.pk],
        "monitoring_unlock": [report.pk],
        "evidence_upload": [realisation.pk],
    }[name]
    login(client, alice)
    assert client.get(reverse(name, args=args)).status_code == 405
    assert Report.objects.get(pk=report.pk).state == Report.State.SUBMITTED


# ---------------------------------------------------------------------------------------------
# Evidence


def saved_realisation(client, plan, name="Presentase Ketersediaan Laporan") -> Realisation:
    a = indicator(plan, name)
    assert post_change(client, plan, a.pk, "20").status_code == 302
    return Realisation.objects.get(indicator=a, period="TW1")


def test_evidence_upload_and_download(client, alice, bob, dave, plan, media):
    # The separate upload address (one realisation's evidence, without the sheet) still works.
    login(client, alice)
    a = indicator(plan, "Presentase Ketersediaan Laporan")
    realisation = saved_realisation(client, plan)
    upload = reverse("evidence_upload", args=[realisation.pk])

    response = client.post(
        upload, {"file": SimpleUploadedFile("Laporan TW I.pdf", PDF, "application/pdf")}
    )
    assert response.status_code == 302
    assert response["Location"] == sheet_url(plan) + f"#indicator-{a.pk}"
    client.post(upload, {"link": "https://drive.example.go.id/bukti"})
    evidence = Evidence.objects.get(realisation=realisation, link="")
    link = Evidence.objects.get(realisation=realisation, link__startswith="https://")
    assert evidence.file.path.startswith(str(media))  # under a generated name
    assert evidence.original_name not in evidence.file.name

    html = page(client.get(sheet_url(plan)))
    cell = row(html, a.pk)
    download = reverse("evidence_download", args=[evidence.pk])
    assert f'href="{download}" download>Laporan TW I.pdf</a>' in cell
    assert reverse("evidence_download", args=[link.pk]) in cell

    got = client.get(download)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    assert got["Content-Type"] == "application/pdf"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Disposition"] == 'attachment; filename="Laporan TW I.pdf"'
    redirect = client.get(reverse("evidence_download", args=[link.pk]))
    assert redirect.status_code == 302
    assert redirect["Location"] == "https://drive.example.go.id/bukti"

    # dave reads his unit's evidence but may not add any; bob sees none of it.
    login(client, dave)
    assert client.get(download).status_code == 200
    assert client.post(upload, {"link": "https://example.org/x"}).status_code == 403
    login(client, bob)
    assert client.get(download).status_code == 404
    assert client.post(upload, {"link": "https://example.org/x"}).status_code == 404
    assert Evidence.objects.count() == 2


def test_evidence_refused_by_content_or_scheme(client, alice, plan):
    login(english(client), alice)
    realisation = saved_realisation(client, plan)
    upload = reverse("evidence_upload", args=[realisation.pk])
    exe = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60)
    assert "not an accepted evidence file" in page(client.post(upload, {"file": exe}, follow=True))
    bad = client.post(upload, {"link": "javascript:alert(1)"}, follow=True)
    assert "must start with https://" in page(bad)
    assert "give a file or a link" in page(client.post(upload, {}, follow=True))
    assert not Evidence.objects.exists()


def test_a_stored_link_that_is_not_http_is_never_followed(client, alice, plan):
    login(client, alice)
    realisation = saved_realisation(client, plan)
    evidence = Evidence.objects.create(
        plan=plan, realisation=realisation, link="javascript:alert(1)"
    )
    assert client.get(reverse("evidence_download", args=[evidence.pk])).status_code == 404


def test_evidence_of_another_unit_is_404(client, alice, bob, plan, other_plan):
    login(client, bob)
    mine = saved_realisation(client, other_plan)
    evidence = services.add_evidence(
        realisation=mine, upload=SimpleUploadedFile("b.pdf", PDF), user=bob
    )
    login(client, alice)
    assert client.get(reverse("evidence_download", args=[evidence.pk])).status_code == 404
    assert (
        client.post(
            reverse("evidence_upload", args=[mine.pk]), {"link": "https://example.org"}
        ).status_code
        == 404
    )


# ---------------------------------------------------------------------------------------------
# Overview, history links, deadlines, late units


def test_the_unit_overview_shows_plans_by_period_with_capaian(client, alice, plan):
    login(client, alice)
    saved_realisation(client, plan)  # 20 of 25: 80 %
    url = reverse("monitoring_overview", args=[plan.unit_id])
    assert url in page(client.get(reverse("unit_detail", args=[plan.unit_id])))
    html = page(client.get(url))
    for period in ("TW1", "TW2", "TW3", "TW4"):
        assert f'href="{sheet_url(plan, period)}"' in html
    assert "80 %" in html and "1/51" in html


def test_plan_page_links_the_sheets_and_the_history(client, alice, plan):
    login(client, alice)
    html = page(client.get(reverse("plan_detail", args=[plan.pk])))
    assert sheet_url(plan, "TW3") in html
    a = indicator(plan, "Nilai MCP")
    assert reverse("indicator_history", args=[a.pk]) in html
    assert reverse("indicator_history", args=[a.pk]) in page(client.get(sheet_url(plan)))


def test_deadlines_are_set_by_the_administrator(client, erin, charlie, alice, kabupaten):
    url = reverse("deadline_list")
    login(client, erin)
    assert 'name="due"' in page(client.get(url))
    response = client.post(url, {"year": "2022", "period": "TW1", "due": "2022-04-10"})
    assert response.status_code == 302
    client.post(url, {"year": "2022", "period": "TW1", "due": "15/04/2022"})  # moved
    deadline = Deadline.objects.get()
    assert (deadline.kabupaten, deadline.year, deadline.period) == (kabupaten, 2022, "TW1")
    assert deadline.due == dt.date(2022, 4, 15)
    assert "TW I" in page(client.get(url))
    invalid = client.post(url, {"year": "2022", "period": "TW9", "due": "kemarin"})
    assert invalid.status_code == 200 and Deadline.objects.count() == 1

    login(client, charlie)  # reads them, sets none
    html = page(client.get(url))
    assert "TW I" in html and 'name="due"' not in html
    assert (
        client.post(url, {"year": "2022", "period": "TW2", "due": "2022-07-10"}).status_code == 403
    )
    login(client, alice)
    assert client.get(url).status_code == 403
    assert Deadline.objects.count() == 1


def test_late_units(client, erin, charlie, alice, dave, plan, kabupaten, bukateja, monkeypatch):
    from django.utils import timezone

    services.set_deadline(kabupaten=kabupaten, year=2022, period="TW1", due=dt.date(2022, 4, 10))
    url = reverse("late_units") + "?year=2022&period=TW1"
    login(client, erin)
    html = page(client.get(url))
    kaligondang = row(html, plan.unit_id, "unit")
    assert "late" in kaligondang and sheet_url(plan) in kaligondang
    assert f'id="unit-{bukateja.pk}" class="late"' in html  # no plan at all
    assert "2 unit terlambat" in html
    # Submitted on time (the day before the due date): not late.
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2022, 4, 9, 3, tzinfo=dt.UTC))
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    monkeypatch.setattr(timezone, "now", real_now)
    html = page(client.get(url))
    assert f'id="unit-{plan.unit_id}" class="late"' not in html
    assert "1 unit terlambat" in html
    login(client, charlie)
    assert page(client.get(url))
    for person in (alice, dave):
        login(client, person)
        assert client.get(url).status_code == 403


def test_late_units_without_a_choice_shows_the_current_quarter(client, erin, kabupaten):
    login(client, erin)
    assert page(client.get(reverse("late_units")))
    assert page(client.get(reverse("late_units") + "?year=abc&period=TW9"))


def test_navigation_offers_the_kabupaten_pages_to_those_who_oversee(client, erin, alice):
    login(client, erin)
    assert reverse("late_units") in page(client.get(reverse("unit_list")))
    login(client, alice)
    assert reverse("late_units") not in page(client.get(reverse("unit_list")))


# ---------------------------------------------------------------------------------------------
# The sheet's cost does not grow with the plan


def _with_realisasi(unit, size: int, user):
    stored = plan_services.import_plan(
        unit=unit, year=2024 + size // 1000, version="murni", document=big_document(size)
    )
    for ind in Indicator.objects.filter(node__plan=stored).order_by("id")[:3]:
        realisation = services.save_realisation(
            indicator=ind, period="TW1", value=1, expected_version=None, user=user
        )
        services.add_evidence(realisation=realisation, link="https://example.org/a", user=user)
    node = Node.objects.filter(plan=stored, level="subkegiatan").first()
    services.save_budget_spent(
        node=node, period="TW1", amount=Decimal(5), expected_version=None, user=user
    )
    return stored


def test_sheet_runs_the_same_queries_for_10_and_1000_indicators(
    client, alice, kaligondang, django_assert_num_queries
):
    login(client, alice)
    client.get(reverse("unit_list"))  # session established
    small = _with_realisasi(kaligondang, 10, alice)
    services.submit_report(plan=small, period="TW1", user=alice, confirmed=True)
    big = _with_realisasi(kaligondang, 1000, alice)
    services.submit_report(plan=big, period="TW1", user=alice, confirmed=True)
    with CaptureQueriesContext(connection) as queries:
        html = page(client.get(sheet_url(small)))
    assert html.count('<tr class="indicator') == 10
    with django_assert_num_queries(len(queries)):
        html = page(client.get(sheet_url(big)))
    assert html.count('<tr class="indicator') == 1000
    assert len(queries) <= 20
