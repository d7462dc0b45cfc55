"""Removing what was added by mistake, in a real browser.

- alice types a TW I realisasi and attaches evidence in the same save: first a file that is not
  a PDF (refused on its row: nothing of the row saved, her value and link given back), then a small
  PDF and a link with the value, in one click of "Simpan sebagai draf"; she removes the PDF with
  "Hapus" (cancelling the confirmation first, then accepting it): it leaves the sheet, the
  database and the media directory, the link stays, and the indicator's history shows the removal.
- erin sets a due date on the due dates page (both units are then late for TW I 2022) and removes
  it with "Hapus": gone from the page and the database, nobody is late any more, and the page's
  history shows both changes.

Screenshots: evidence-refused.png, evidence-attached.png, evidence-removed.png, evidence-history.png,
deadline-set.png, deadline-removed.png.
"""

from __future__ import annotations

import re

import pytest

from renaksi.web.monitoring.models import Deadline, Evidence, History, Realisation
from renaksi.web.plans.models import Indicator

from .conftest import log_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
INDICATOR = "Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan"
LINK = "https://drive.example.go.id/bukti/ikm-tw1"


def accept_dialogs(page, answers: list[bool] | None = None) -> list[str]:
    """Answer every confirm() the page asks (``answers`` in turn, then yes); return the questions
    asked, in order."""
    asked: list[str] = []
    answers = list(answers or [])

    def answer(dialog):
        asked.append(dialog.message)
        if answers and not answers.pop(0):
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    return asked


def test_operator_removes_wrong_evidence(live_server, page, cast, sample_plan, media, artifacts):
    indicator = Indicator.objects.filter(node__plan=sample_plan, name=INDICATOR).earliest("id")
    pdf = media.parent / "laporan-ikm-tw1.pdf"
    pdf.write_bytes(PDF)
    fake = media.parent / "bukan-pdf.pdf"  # a program with a PDF's name
    fake.write_bytes(b"MZ\x90\x00\x03" + b"\x00" * 60)
    asked = accept_dialogs(page, [False])  # the first "Hapus" is thought better of

    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/plans/{sample_plan.pk}/monitoring/TW1/")
    row = page.locator(f"tr#indicator-{indicator.pk}")
    # The value and the evidence in one go, on a row with nothing saved yet; the file chosen
    # first is not a PDF: the row is refused as a whole, the error on it.
    row.locator("input.realisasi").press_sequentially("24", delay=30)
    row.locator("input[type=file]").set_input_files(str(fake))
    row.locator("input[type=url]").fill(LINK)
    page.locator("#save-draft").click()
    page.wait_for_load_state()
    error = row.locator("p.error")
    assert "bukan-pdf.pdf" in error.inner_text()
    assert "; tidak ada isi baris ini yang disimpan." in error.inner_text()
    assert row.locator("input.realisasi").input_value() == "24"  # given back, as typed
    assert row.locator("input[type=url]").input_value() == LINK
    assert not Realisation.objects.filter(indicator=indicator).exists()
    assert not Evidence.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "evidence-refused.png"))

    # The right file this time; one click saves the value, the file and the link together.
    row.locator("input[type=file]").set_input_files(str(pdf))
    # What the form sends (building its FormData fires the same "formdata" event as a submit):
    # the page's script leaves the empty file inputs of the other rows out.
    sent_files = page.evaluate(
        """() => Array.from(new FormData(document.getElementById("sheet-form")).entries())
            .filter(([name, value]) => value instanceof File).map(([name, value]) => value.name)"""
    )
    assert sent_files == ["laporan-ikm-tw1.pdf"]
    assert page.locator("#sheet-form input[type=file]").count() == 51
    page.locator("#save-draft").click()
    page.wait_for_load_state()
    realisation = Realisation.objects.get(indicator=indicator, period="TW1")
    assert (realisation.value, realisation.version) == (24, 1)
    assert row.locator("input.realisasi").input_value() == "24"
    assert row.locator("td.capaian").inner_text().strip() == "80"  # 24 of the target 30
    messages = page.locator("main p.message").all_inner_texts()
    assert "Bukti dukung “laporan-ikm-tw1.pdf” ditambahkan." in messages
    evidence = row.locator("ul.evidence li")
    assert evidence.count() == 2
    assert "laporan-ikm-tw1.pdf" in evidence.nth(0).inner_text()
    stored = Evidence.objects.get(realisation=realisation, link="")
    path = media / stored.file.name
    assert path.read_bytes() == PDF
    assert Evidence.objects.filter(realisation=realisation, link=LINK).count() == 1
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "evidence-attached.png"))

    # "Hapus" beside the PDF: cancelled, nothing happens; confirmed, it is removed.
    item = evidence.filter(has_text="laporan-ikm-tw1.pdf")
    button = item.locator("button", has_text="Hapus")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    button.click()
    assert posts == []  # the form was not sent
    assert evidence.count() == 2 and Evidence.objects.filter(realisation=realisation).count() == 2
    assert path.exists()
    button.click()
    page.wait_for_url(re.compile(rf".*/monitoring/TW1/.*#indicator-{indicator.pk}$"))
    page.wait_for_load_state()
    assert asked == ["Hapus bukti dukung ini? Berkasnya ikut dihapus."] * 2
    assert [url.removeprefix(live_server.url) for url in posts] == [
        f"/evidence/{stored.pk}/delete/"
    ]

    # Gone from the page (the link stays), from the database and from the media directory.
    assert (
        "Bukti dukung “laporan-ikm-tw1.pdf” dihapus."
        in page.locator("main p.message").all_inner_texts()
    )
    evidence = row.locator("ul.evidence li")
    assert evidence.count() == 1
    assert "drive.example.go.id" in evidence.first.inner_text()
    assert "laporan-ikm-tw1.pdf" not in row.inner_text()
    assert list(
        Evidence.objects.filter(realisation=realisation).values_list("link", flat=True)
    ) == [LINK]
    assert not path.exists()
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "evidence-removed.png"))

    # The indicator's history: added by alice, then removed by alice.
    row.locator("a.history").click()
    page.wait_for_url(re.compile(rf".*/indicators/{indicator.pk}/history/$"))
    entries = [
        [cell.strip() for cell in tr.locator("td").all_inner_texts()]
        for tr in page.locator("table.history tbody tr").all()
    ]
    evidence_rows = [e for e in entries if e[3] == "Bukti dukung"]
    # newest first: the removal (before: the file, after: nothing), then the two additions
    assert evidence_rows[0][1:] == ["alice", "TW I", "Bukti dukung", "laporan-ikm-tw1.pdf", "", ""]
    assert sorted(e[5] for e in evidence_rows[1:]) == sorted([LINK, "laporan-ikm-tw1.pdf"])
    page.screenshot(path=str(artifacts / "evidence-history.png"), full_page=True)
    removal = History.objects.filter(indicator=indicator, kind=History.Kind.EVIDENCE, new="").get()
    assert (removal.old, removal.period, removal.user.username) == (
        "laporan-ikm-tw1.pdf",
        "TW1",
        "alice",
    )


def test_administrator_removes_a_due_date(live_server, page, cast, artifacts):
    asked = accept_dialogs(page)
    log_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/monitoring/deadlines/")
    assert "Belum ada batas waktu yang ditetapkan." in page.locator("main").inner_text()

    page.fill("form.deadline-form input[name=year]", "2022")
    page.select_option("form.deadline-form select[name=period]", "TW1")
    page.fill("form.deadline-form input[name=due]", "2022-04-10")
    page.locator("form.deadline-form button[type=submit]").click()
    page.wait_for_load_state()
    rows = page.locator("table.deadlines tbody tr")
    assert rows.count() == 1
    cells = [c.strip() for c in rows.first.locator("td").all_inner_texts()]
    assert cells[:3] == ["2022", "TW I", "10 April 2022"]
    deadline = Deadline.objects.get()
    assert (deadline.kabupaten_id, deadline.year, deadline.period, str(deadline.due)) == (
        cast.kabupaten.pk,
        2022,
        "TW1",
        "2022-04-10",
    )
    page.screenshot(path=str(artifacts / "deadline-set.png"), full_page=True)

    # The units' state for TW I 2022: past the due date, nobody has submitted: both are late.
    rows.first.locator("a[href*='/monitoring/late/']").click()
    page.wait_for_url(re.compile(r".*/monitoring/late/\?.*"))
    assert "Batas waktu: 10 April 2022." in page.locator("p.late-summary").inner_text()
    late = page.locator("table.late-units tbody tr.late th").all_inner_texts()
    assert sorted(late) == ["Kecamatan Bukateja", "Kecamatan Kaligondang"]
    late_url = page.url
    page.go_back()

    rows.first.locator("button", has_text="Hapus").click()
    page.wait_for_load_state()
    assert asked == ["Hapus batas waktu ini?"]
    assert "Batas waktu TW I 2022 dihapus." in page.locator("main p.message").all_inner_texts()
    assert page.locator("table.deadlines").count() == 0
    assert "Belum ada batas waktu yang ditetapkan." in page.locator("main").inner_text()
    assert not Deadline.objects.exists()
    # The page's history keeps both changes, newest first: who, which period, before → after.
    history = [
        [c.strip() for c in tr.locator("td").all_inner_texts()]
        for tr in page.locator("table.deadline-history tbody tr").all()
    ]
    assert [h[1:] for h in history] == [
        ["erin", "TW I 2022", "10 April 2022", "dihapus"],
        ["erin", "TW I 2022", "belum ditetapkan", "10 April 2022"],
    ]
    page.screenshot(path=str(artifacts / "deadline-removed.png"), full_page=True)

    # Without a due date, nobody is late for the period.
    page.goto(late_url)
    assert "Belum ada batas waktu untuk periode ini." in page.locator("p.late-summary").inner_text()
    assert page.locator("table.late-units tbody tr.late").count() == 0
