"""Realisasi from a spreadsheet (docs/realisasi-spreadsheet.md): the quarter's sheet downloaded as
xlsx, filled in offline, uploaded back through a preview; the round trip changes only what was
edited.

alice (operator of Kaligondang) downloads, edits two cells with openpyxl and uploads; the preview
lists exactly those; confirming saves exactly those, with their history. A workbook of another
plan or period is refused, a row changed on the page since the download is a conflict (nothing
saved), a stale preview is refused, text starting with "=" stays text, oversized cells and hostile
files are refused with a message, and the gatekeeper's rules hold.
"""

from __future__ import annotations

import io
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from renaksi.web.monitoring import services, workbook
from renaksi.web.monitoring.models import (
    BudgetSpent,
    History,
    Realisation,
    RealisationUpload,
    Report,
)
from renaksi.web.monitoring.workbook_views import sheet_workbook
from renaksi.web.plans.models import Indicator, Node

from .conftest import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def english(client):
    client.cookies["django_language"] = "en"
    return client


def download(client, plan, period="TW1") -> bytes:
    response = client.get(reverse("monitoring_sheet_xlsx", args=[plan.pk, period]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="realisasi-2022-')
    return response.content


def rows_by_indicator(book, sheet=workbook.REALISATION_SHEET) -> dict[int, int]:
    """indicator (or node) id → its row number in the workbook."""
    found = {}
    for row in book[sheet].iter_rows(min_row=1):
        key = row[0].value
        if isinstance(key, str) and key[:2] in ("i:", "n:"):
            found[int(key.split(":")[1])] = row[0].row
    return found


COLUMN = {c.key: i for i, c in enumerate(workbook.REALISATION_COLUMNS, start=1)}


def edit(data: bytes, changes: dict[tuple[int, str], object], sheet=workbook.REALISATION_SHEET):
    """The workbook with cells changed as a person would: (indicator id, column key) → value
    (a text is set as a text, never read as a formula)."""
    book = load_workbook(io.BytesIO(data))
    rows = rows_by_indicator(book, sheet)
    columns = {
        c.key: i
        for i, c in enumerate(
            workbook.REALISATION_COLUMNS
            if sheet == workbook.REALISATION_SHEET
            else workbook.SPENT_COLUMNS,
            start=1,
        )
    }
    for (pk, column), value in changes.items():
        cell = book[sheet].cell(row=rows[pk], column=columns[column])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, plan, data: bytes, period="TW1", name="realisasi.xlsx"):
    return client.post(
        reverse("monitoring_sheet_upload", args=[plan.pk, period]),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def staged(response) -> RealisationUpload:
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = RealisationUpload.objects.latest("created_at")
    assert response["Location"] == reverse("realisation_upload", args=[upload.pk])
    return upload


def first_indicators(plan, count=3) -> list[Indicator]:
    return list(Indicator.objects.filter(node__plan=plan).order_by("node__position", "id")[:count])


def state(plan) -> list[dict]:
    return list(
        Realisation.objects.filter(indicator__node__plan=plan)
        .order_by("pk")
        .values("indicator_id", "period", "value", "text", "obstacles", "version")
    )


@pytest.fixture
def filled(plan, alice):
    """Two indicators with a realisasi of TW I already (one a number, one a text)."""
    a, b, c = first_indicators(plan)
    services.save_realisation(
        indicator=a,
        period="TW1",
        value=12.5,
        obstacles="Cuaca",
        expected_version=None,
        user=alice,
    )
    services.save_realisation(
        indicator=b, period="TW1", value="WTP", expected_version=None, user=alice
    )
    return a, b, c


# ---------------------------------------------------------------------------------------------
# The round trip


def test_the_round_trip_changes_only_what_was_edited(client, plan, alice, filled):
    a, _b, c = filled
    login(english(client), alice)
    data = download(client, plan)
    book = load_workbook(io.BytesIO(data))
    sheet = book[workbook.REALISATION_SHEET]
    rows = rows_by_indicator(book)
    # One row per indicator, in the sheet's order; numbers as numbers; the key hidden.
    assert len(rows) == Indicator.objects.filter(node__plan=plan).count()
    assert sheet.cell(row=rows[a.pk], column=COLUMN["value"]).value == 12.5
    assert sheet.column_dimensions["A"].hidden and sheet.protection.sheet
    assert not sheet.cell(row=rows[a.pk], column=COLUMN["value"]).protection.locked
    assert sheet.cell(row=rows[a.pk], column=COLUMN["indicator"]).protection.locked
    assert book[workbook.MARKER_SHEET].sheet_state == "veryHidden"

    before, history = state(plan), History.objects.count()
    edited = edit(data, {(a.pk, "value"): 14, (c.pk, "obstacles"): "Anggaran terlambat"})
    response = upload(client, plan, edited)
    pending = staged(response)
    assert [ch["indicator"] for ch in pending.changes] == [a.pk, c.pk]
    assert pending.changes[0]["fields"] == {"value": {"number": "14"}}
    assert pending.changes[1]["fields"] == {"obstacles": "Anggaran terlambat"}
    assert pending.errors == [] and pending.spent_changes == []
    assert state(plan) == before  # nothing saved before the confirmation

    page = client.get(response["Location"]).content.decode()
    assert page.count('class="upload-change"') == 2
    assert "12,5" in page and "Anggaran terlambat" in page
    assert 'id="confirm-upload"' in page

    done = client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert done.status_code == 302
    assert done["Location"] == reverse("monitoring_sheet", args=[plan.pk, "TW1"])
    assert "Saved 2 rows of Q1 from the workbook." in messages_of(done)
    after = {(r["indicator_id"], r["period"]): r for r in state(plan)}
    assert after[(a.pk, "TW1")]["value"] == Decimal(14)
    assert after[(a.pk, "TW1")]["obstacles"] == "Cuaca"  # not edited: kept
    assert after[(c.pk, "TW1")]["obstacles"] == "Anggaran terlambat"
    assert after[(c.pk, "TW1")]["value"] is None
    untouched = [r for r in before if r["indicator_id"] != a.pk]
    assert all(after[(r["indicator_id"], r["period"])] == r for r in untouched)
    entries = list(History.objects.order_by("id")[history:].values_list("indicator", "field"))
    assert sorted(entries) == sorted([(a.pk, "value"), (c.pk, "obstacles")])
    # The value is on the sheet; the upload cannot be saved twice.
    sheet_page = client.get(done["Location"]).content.decode()
    assert 'value="14"' in sheet_page
    again = client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert again.status_code == 409
    assert History.objects.count() == history + 2


def test_a_workbook_uploaded_as_downloaded_changes_nothing(client, plan, alice, filled):
    login(english(client), alice)
    services.save_budget_spent(
        node=Node.objects.filter(plan=plan, level="subkegiatan").first(),
        period="TW1",
        amount=Decimal("1234567.89"),
        expected_version=None,
        user=alice,
    )
    pending = staged(upload(client, plan, download(client, plan)))
    assert (pending.changes, pending.spent_changes, pending.errors) == ([], [], [])
    page = client.get(reverse("realisation_upload", args=[pending.pk])).content.decode()
    assert 'id="no-changes"' in page and 'id="confirm-upload"' not in page


def test_budget_spent_round_trip(client, plan, alice):
    login(english(client), alice)
    node = Node.objects.filter(plan=plan, level="subkegiatan").order_by("id").first()
    data = download(client, plan)
    book = load_workbook(io.BytesIO(data))
    assert node.pk in rows_by_indicator(book, workbook.SPENT_SHEET)
    edited = edit(data, {(node.pk, "spent"): 1500000}, sheet=workbook.SPENT_SHEET)
    pending = staged(upload(client, plan, edited))
    assert pending.spent_changes == [
        {
            "row": pending.spent_changes[0]["row"],
            "node": node.pk,
            "version": None,
            "amount": "1500000",
        }
    ]
    page = client.get(reverse("realisation_upload", args=[pending.pk])).content.decode()
    assert "1.500.000" in page
    client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert BudgetSpent.objects.get(node=node, period="TW1").amount == Decimal(1500000)
    assert History.objects.filter(node=node, kind="budget", field="spent").count() == 1


def test_numbers_and_texts_as_the_page_reads_them(client, plan, alice):
    login(english(client), alice)
    a, b, c = first_indicators(plan)
    data = download(client, plan)
    book = load_workbook(io.BytesIO(data))
    rows = rows_by_indicator(book)
    sheet = book[workbook.REALISATION_SHEET]
    sheet.cell(row=rows[a.pk], column=COLUMN["value"]).value = "0,9"  # typed as a text
    sheet.cell(row=rows[b.pk], column=COLUMN["value"]).value = 0.25  # a percentage cell
    sheet.cell(row=rows[b.pk], column=COLUMN["value"]).number_format = "0%"
    sheet.cell(row=rows[c.pk], column=COLUMN["value"]).value = "dua belas"  # a text, as the page
    out = io.BytesIO()
    book.save(out)
    pending = staged(upload(client, plan, out.getvalue()))
    values = {ch["indicator"]: ch["fields"]["value"] for ch in pending.changes}
    assert values == {
        a.pk: {"number": "0.9"},
        b.pk: {"number": "25"},
        c.pk: {"text": "dua belas"},
    }


# ---------------------------------------------------------------------------------------------
# Another plan's or period's workbook; tampered keys


def test_a_workbook_of_another_period_is_refused(client, plan, alice):
    login(english(client), alice)
    response = upload(client, plan, download(client, plan, "TW2"), period="TW1")
    assert response.status_code == 302
    assert response["Location"].endswith("#sheet-upload")
    assert "is the sheet of Kecamatan Kaligondang, 2022, Q2, not of" in messages_of(response)
    assert not RealisationUpload.objects.exists()


def test_a_workbook_of_another_plan_is_refused(client, plan, other_plan, alice):
    login(english(client), alice)
    response = upload(client, plan, sheet_workbook(other_plan, "TW1"))
    assert "is the sheet of Kecamatan Bukateja, 2022, Q1" in messages_of(response)
    assert not RealisationUpload.objects.exists()


def test_a_forged_marker_or_key_is_refused(client, plan, alice):
    login(english(client), alice)
    data = download(client, plan)
    book = load_workbook(io.BytesIO(data))
    book[workbook.MARKER_SHEET]["A5"].value = "0" * 20
    out = io.BytesIO()
    book.save(out)
    assert "hidden marks were changed" in messages_of(upload(client, plan, out.getvalue()))

    a = first_indicators(plan, 1)[0]
    book = load_workbook(io.BytesIO(data))
    row = rows_by_indicator(book)[a.pk]
    key = book[workbook.REALISATION_SHEET].cell(row=row, column=1)
    key.value = key.value.replace(f"i:{a.pk}::", f"i:{a.pk}:7:")  # a version typed by hand
    book[workbook.REALISATION_SHEET].cell(row=row, column=COLUMN["value"]).value = 3
    out = io.BytesIO()
    book.save(out)
    pending = staged(upload(client, plan, out.getvalue()))
    assert pending.changes == []
    assert pending.errors == [
        {
            "row": row,
            "column": "",
            "message": "this row's hidden key was changed; the row was not read",
        }
    ]


def test_rows_added_copied_or_unreadable_are_errors_with_their_row_and_column(client, plan, alice):
    login(english(client), alice)
    a, b, _c = first_indicators(plan)
    data = download(client, plan)
    book = load_workbook(io.BytesIO(data))
    sheet = book[workbook.REALISATION_SHEET]
    rows = rows_by_indicator(book)
    last = sheet.max_row
    sheet.cell(row=last + 1, column=COLUMN["value"]).value = 5  # a row added by hand
    for column in range(1, len(workbook.REALISATION_COLUMNS) + 1):  # a row copied
        sheet.cell(row=last + 2, column=column).value = sheet.cell(
            row=rows[a.pk], column=column
        ).value
    sheet.cell(row=rows[b.pk], column=COLUMN["value"]).value = "=1+1"  # a formula
    import datetime as dt

    sheet.cell(row=rows[a.pk], column=COLUMN["value"]).value = dt.date(2022, 1, 2)
    out = io.BytesIO()
    book.save(out)
    pending = staged(upload(client, plan, out.getvalue()))
    errors = {(e["row"], e["column"]): e["message"] for e in pending.errors}
    assert errors == {
        (rows[b.pk], "Realisasi"): "a formula: type the value itself (or paste it as a value)",
        (rows[a.pk], "Realisasi"): (
            "a date (the spreadsheet may have turned what was typed into one): type the value "
            "as text or a number"
        ),
        (last + 1, ""): (
            "a row added to the sheet cannot be read (it belongs to no indicator); enter it on the "
            "page"
        ),
        (last + 2, ""): "this row appears twice in the sheet (copied?); keep one",
    }
    page = client.get(reverse("realisation_upload", args=[pending.pk])).content.decode()
    assert f"row {rows[b.pk]}, column Realisasi: a formula" in page
    assert 'id="confirm-upload"' not in page
    response = client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert response.status_code == 409
    assert not Realisation.objects.exists()


# ---------------------------------------------------------------------------------------------
# Conflicts: a row changed on the page since the download; a stale preview


def test_a_row_changed_on_the_page_since_the_download_is_a_conflict(client, plan, alice, filled):
    a, _b, c = filled
    login(english(client), alice)
    data = download(client, plan)
    services.save_realisation(  # someone saves row a on the page meanwhile
        indicator=a, period="TW1", value=13, obstacles="Cuaca", expected_version=1, user=alice
    )
    before, history = state(plan), History.objects.count()
    edited = edit(data, {(a.pk, "value"): 14, (c.pk, "value"): 2})
    pending = staged(upload(client, plan, edited))
    page = client.get(reverse("realisation_upload", args=[pending.pk])).content.decode()
    assert "1 row was changed on the page after the download" in page
    assert 'id="confirm-upload"' not in page
    response = client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert response.status_code == 409
    assert "Nothing was saved" in response.content.decode()
    assert state(plan) == before and History.objects.count() == history  # c not saved either


def test_a_row_changed_on_the_page_but_not_in_the_workbook_is_no_conflict(
    client, plan, alice, filled
):
    a, b, c = filled
    login(english(client), alice)
    data = download(client, plan)
    services.save_realisation(  # someone saves row b on the page meanwhile
        indicator=b, period="TW1", value="WDP", expected_version=1, user=alice
    )
    edited = edit(data, {(a.pk, "followup"): "Rapat", (c.pk, "value"): 2})
    pending = staged(upload(client, plan, edited))
    assert [ch["indicator"] for ch in pending.changes] == [a.pk, c.pk]
    response = client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert response.status_code == 302
    assert Realisation.objects.get(indicator=b, period="TW1").text == "WDP"  # the page's kept
    assert Realisation.objects.get(indicator=a, period="TW1").follow_up == "Rapat"


def test_a_cell_edited_back_to_what_is_stored_changes_nothing(client, plan, alice, filled):
    a, _b, _c = filled
    login(english(client), alice)
    pending = staged(upload(client, plan, edit(download(client, plan), {(a.pk, "value"): "12,5"})))
    assert pending.changes == []


def test_a_stale_preview_is_refused_and_nothing_is_saved(client, plan, alice, filled):
    a, _b, c = filled
    login(english(client), alice)
    edited = edit(download(client, plan), {(a.pk, "value"): 14, (c.pk, "value"): 2})
    pending = staged(upload(client, plan, edited))
    assert (
        'id="confirm-upload"'
        in client.get(reverse("realisation_upload", args=[pending.pk])).content.decode()
    )
    services.save_realisation(  # the page changes row a after the preview was shown
        indicator=a, period="TW1", value=13, obstacles="Cuaca", expected_version=1, user=alice
    )
    before, history = state(plan), History.objects.count()
    response = client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nothing was saved" in html and "was changed after the download" in html
    assert state(plan) == before and History.objects.count() == history
    assert RealisationUpload.objects.get(pk=pending.pk).status == "pending"


def test_a_locked_period_refuses_the_upload_and_the_confirmation(client, plan, alice):
    login(english(client), alice)
    a = first_indicators(plan, 1)[0]
    data = edit(download(client, plan), {(a.pk, "value"): 3})
    pending = staged(upload(client, plan, data))
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    response = upload(client, plan, data)
    assert "is submitted and waiting for verification" in messages_of(response)
    assert RealisationUpload.objects.count() == 1
    page = client.get(reverse("realisation_upload", args=[pending.pk])).content.decode()
    assert 'id="upload-locked"' in page and 'id="confirm-upload"' not in page
    response = client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert response.status_code == 409
    assert not Realisation.objects.exists()


# ---------------------------------------------------------------------------------------------
# Text stays text; limits


def test_text_starting_like_a_formula_stays_text_both_ways(client, plan, alice):
    login(english(client), alice)
    a, b, _c = first_indicators(plan)
    services.save_realisation(
        indicator=a,
        period="TW1",
        value="=HYPERLINK(1)",
        follow_up="+62 812 tindak lanjut",
        expected_version=None,
        user=alice,
    )
    data = download(client, plan)
    book = load_workbook(io.BytesIO(data))
    rows = rows_by_indicator(book)
    sheet = book[workbook.REALISATION_SHEET]
    cell = sheet.cell(row=rows[a.pk], column=COLUMN["value"])
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=HYPERLINK(1)", "s", True)
    assert sheet.cell(row=rows[a.pk], column=COLUMN["followup"]).data_type == "s"
    # Uploaded as downloaded: nothing changes; a text typed with "=" or "@" is kept as text.
    assert staged(upload(client, plan, data)).changes == []
    edited = edit(data, {(b.pk, "obstacles"): "@SUM(A1)", (b.pk, "value"): "-=x"})
    pending = staged(upload(client, plan, edited))
    client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    stored = Realisation.objects.get(indicator=b, period="TW1")
    assert (stored.obstacles, stored.text) == ("@SUM(A1)", "-=x")
    again = load_workbook(io.BytesIO(download(client, plan)))[workbook.REALISATION_SHEET]
    cell = again.cell(row=rows[b.pk], column=COLUMN["obstacles"])
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("@SUM(A1)", "s", True)


def test_a_cell_beyond_the_fields_limits_is_an_error(client, plan, alice):
    login(english(client), alice)
    a, b, _c = first_indicators(plan)
    edited = edit(
        download(client, plan),
        {
            (a.pk, "obstacles"): "x" * 100_000,
            (b.pk, "value"): "y" * 100_000,
            (b.pk, "followup"): "ok",
        },
    )
    pending = staged(upload(client, plan, edited))
    rows = rows_by_indicator(load_workbook(io.BytesIO(edited)))
    errors = {(e["row"], e["column"]): e["message"] for e in pending.errors}
    # An Excel cell holds at most 32,767 characters: what is read is refused, whatever its length.
    assert errors.keys() == {(rows[a.pk], "Obstacles"), (rows[b.pk], "Realisasi")}
    assert errors[rows[a.pk], "Obstacles"].startswith(
        "Obstacles can have at most 5.000 characters (it has "
    )
    assert errors[rows[b.pk], "Realisasi"] == "A text target can have at most 100 characters."
    # The readable cell of the same row is listed, but nothing can be confirmed.
    assert [c["fields"] for c in pending.changes] == [{"follow_up": "ok"}]
    response = client.post(reverse("realisation_upload_confirm", args=[pending.pk]))
    assert response.status_code == 409 and not Realisation.objects.exists()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"bukan excel", "The file is not an Excel workbook (.xlsx), or it is damaged."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "password-protected or in the old Excel format (.xls)",
        ),
        (_zip_bomb(), "The file inflates to more than 50 MB: it is not a realisasi sheet."),
        (
            b"PK\x03\x04" + b"\0" * (workbook.MAX_BYTES + 1),
            "The file is larger than 5.0\xa0MB: it is not a realisasi sheet",
        ),
    ],
    ids=["text", "ole", "zip-bomb", "too-large"],
)
def test_hostile_or_wrong_files_are_refused_quickly(client, plan, alice, data, message):
    login(english(client), alice)
    started = time.monotonic()
    response = upload(client, plan, data)
    assert time.monotonic() - started < 5
    assert response.status_code == 302
    assert message in messages_of(response), messages_of(response)
    assert not RealisationUpload.objects.exists()


def test_a_workbook_not_from_renaksi_is_refused(client, plan, alice):
    from openpyxl import Workbook

    login(english(client), alice)
    out = io.BytesIO()
    Workbook().save(out)
    response = upload(client, plan, out.getvalue())
    assert "not a realisasi sheet downloaded from Renaksi" in messages_of(response)


def test_too_many_cells_are_refused_before_reading(client, plan, alice, monkeypatch):
    login(english(client), alice)
    monkeypatch.setattr(workbook, "MAX_CELLS", 100)
    response = upload(client, plan, download(client, plan))
    assert "more than 100 cells" in messages_of(response)


def test_no_file_is_refused(client, plan, alice):
    login(english(client), alice)
    response = client.post(reverse("monitoring_sheet_upload", args=[plan.pk, "TW1"]))
    assert "Choose the filled-in workbook" in messages_of(response)


# ---------------------------------------------------------------------------------------------
# Who may


@pytest.fixture
def pending(client, plan, alice):
    a = first_indicators(plan, 1)[0]
    login(client, alice)
    data = edit(download(client, plan), {(a.pk, "value"): 3})
    upload_ = staged(upload(client, plan, data))
    client.logout()
    return upload_, data


@pytest.mark.parametrize(
    ("person", "download_status", "upload_status", "preview_status"),
    [
        ("bob", 404, 404, 404),  # operator of another unit
        ("dave", 200, 403, 403),  # the unit's head
        ("charlie", 200, 403, 403),  # the inspectorate
        ("erin", 200, 302, 404),  # the administrator: not the uploader of this one
    ],
)
def test_who_may(
    client, cast, plan, pending, person, download_status, upload_status, preview_status
):
    upload_, data = pending
    login(client, cast[person])
    before = state(plan)
    assert client.get(reverse("monitoring_sheet_xlsx", args=[plan.pk, "TW1"])).status_code == (
        download_status
    )
    assert upload(client, plan, data).status_code == upload_status
    assert client.get(reverse("realisation_upload", args=[upload_.pk])).status_code == (
        preview_status
    )
    assert (
        client.post(reverse("realisation_upload_confirm", args=[upload_.pk])).status_code
        == preview_status
    )
    assert state(plan) == before
    assert RealisationUpload.objects.get(pk=upload_.pk).status == "pending"


def test_anonymous_is_sent_to_the_login(client, plan, pending):
    upload_, data = pending
    for response in (
        client.get(reverse("monitoring_sheet_xlsx", args=[plan.pk, "TW1"])),
        upload(client, plan, data),
        client.get(reverse("realisation_upload", args=[upload_.pk])),
        client.post(reverse("realisation_upload_confirm", args=[upload_.pk])),
    ):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_period_not_of_the_plan_is_404(client, plan, alice):
    login(client, alice)
    assert client.get(reverse("monitoring_sheet_xlsx", args=[plan.pk, "TW9"])).status_code == 404


def test_the_sheet_offers_the_download_and_the_upload_to_those_who_may(client, cast, plan):
    url = reverse("monitoring_sheet", args=[plan.pk, "TW1"])
    alice_page = login(client, cast["alice"]).get(url).content.decode()
    assert 'id="sheet-download"' in alice_page and 'id="sheet-upload-button"' in alice_page
    dave_page = login(client, cast["dave"]).get(url).content.decode()
    assert 'id="sheet-download"' in dave_page and 'id="sheet-upload-button"' not in dave_page


# ---------------------------------------------------------------------------------------------
# The services


def test_save_realisations_is_all_or_nothing(plan, alice, filled):
    a, b, c = filled
    before, history = state(plan), History.objects.count()
    with pytest.raises(services.Conflict):
        services.save_realisations(
            plan=plan,
            period="TW1",
            rows=[
                services.RealisationChange(c.pk, None, {"value": 4}),
                services.RealisationChange(a.pk, 99, {"value": 5}),  # a stale version
            ],
            user=alice,
        )
    assert state(plan) == before and History.objects.count() == history
    saved = services.save_realisations(
        plan=plan,
        period="TW1",
        rows=[
            services.RealisationChange(c.pk, None, {"value": 4}),
            services.RealisationChange(b.pk, 1, {"follow_up": "Rapat"}),
        ],
        user=alice,
    )
    assert saved == 2
    b_now = Realisation.objects.get(indicator=b, period="TW1")
    assert (b_now.text, b_now.follow_up, b_now.version) == ("WTP", "Rapat", 2)
    assert History.objects.count() == history + 2


def test_an_indicator_of_another_plan_is_refused(plan, other_plan, alice):
    foreign = Indicator.objects.filter(node__plan=other_plan).first()
    with pytest.raises(services.Conflict):
        services.save_realisations(
            plan=plan,
            period="TW1",
            rows=[services.RealisationChange(foreign.pk, None, {"value": 1})],
            user=alice,
        )
    assert not Realisation.objects.exists()


def test_a_new_upload_replaces_the_earlier_one_of_the_same_sheet(client, plan, alice):
    login(client, alice)
    data = download(client, plan)
    first = staged(upload(client, plan, data))
    second = staged(upload(client, plan, data))
    assert list(RealisationUpload.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.pk != second.pk
    assert Report.objects.filter(plan=plan, period="TW1", state="draft").exists()


def test_budget_errors_name_their_sheet_and_many_errors_are_cut(client, plan, alice, monkeypatch):
    login(english(client), alice)
    monkeypatch.setattr(services, "MAX_UPLOAD_ERRORS", 2)
    nodes = list(Node.objects.filter(plan=plan, level="subkegiatan").order_by("id")[:4])
    data = download(client, plan)
    edited = edit(
        data, {(n.pk, "spent"): "banyak sekali" for n in nodes}, sheet=workbook.SPENT_SHEET
    )
    pending = staged(upload(client, plan, edited))
    rows = rows_by_indicator(load_workbook(io.BytesIO(edited)), workbook.SPENT_SHEET)
    assert pending.errors == [
        {
            "row": rows[nodes[0].pk],
            "column": "Budget spent (Rp)",
            "message": "Enter an amount in rupiah, for example 125.000.000.",
            "sheet": "Anggaran",
        },
        {
            "row": rows[nodes[1].pk],
            "column": "Budget spent (Rp)",
            "message": "Enter an amount in rupiah, for example 125.000.000.",
            "sheet": "Anggaran",
        },
        {"row": 0, "column": "", "message": "and 2 more cells or rows that cannot be read"},
    ]
    page = client.get(reverse("realisation_upload", args=[pending.pk])).content.decode()
    assert f"Anggaran · row {rows[nodes[0].pk]}, column Budget spent (Rp)" in page
    assert "and 2 more cells or rows that cannot be read" in page


def test_a_zip_that_is_no_workbook_is_refused(client, plan, alice):
    login(english(client), alice)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "halo")
    response = upload(client, plan, out.getvalue())
    assert "The file is not an Excel workbook (.xlsx), or it is damaged." in messages_of(response)
