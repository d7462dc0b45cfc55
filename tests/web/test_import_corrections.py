"""A person corrects what the importer cannot tell: the preview's summary and verdict, the
correction panel (header row, column roles, row levels, exclusions), the layout templates kept on
confirm and applied to the next upload, and the checks before saving (unit and year).

The documents are those of tests/layouts.py: a header with the caption "KETERANGAN" over the indicators, which the
importer does not know.
"""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from renaksi.core import plan as core
from renaksi.importers import Mapping, UnreadableDocument, interpret_grid
from renaksi.importers.text import grid_from_text
from renaksi.web.plans import import_review, services
from renaksi.web.plans.models import ImportSession, LayoutTemplate, Plan

from ..layouts import (
    EXPECTED_2021,
    EXPECTED_2022,
    HEADER_LINE,
    HEADER_TEXT,
    KEGIATAN_LINE,
    MAPPING,
    cascade,
    document_2021,
    document_2022,
    header_fingerprint,
)
from .conftest import SAMPLE, login, read_failure


@pytest.fixture(autouse=True)
def english(settings):
    """The messages asserted here are the English source strings."""
    settings.LANGUAGE_CODE = "en"


def upload(client, unit, text: str, name="rencana-aksi.txt", year=2021):
    response = client.post(
        reverse("import_upload", args=[unit.pk]),
        {
            "file": SimpleUploadedFile(name, text.encode(), content_type="text/plain"),
            "year": year,
            "version": "murni",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportSession.objects.latest("created_at")


def document(session: ImportSession) -> core.Plan:
    session.refresh_from_db()
    return core.Plan.from_dict(session.plan_json)


def correct(client, session, edits=None, part=None, **fields):
    """POST the correction form as the page would, for the rows given (lines) and with fields."""
    data = {"edits": session.edits if edits is None else edits}
    data.update(fields)
    url = reverse("import_correct", args=[session.pk]) + (f"?part={part}" if part else "")
    return client.post(url, data)


def corrected_2021(client, unit) -> ImportSession:
    """The 2021 document uploaded and corrected through the form, step by step as a person does."""
    session = upload(client, unit, document_2021())
    lines = list(range(1, 9))
    # 1. Mark the header row: the table appears.
    response = correct(client, session, row=lines, header=[HEADER_LINE])
    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    # 2. The KETERANGAN column holds the indicators; 3. the row without a level names a kegiatan.
    response = correct(
        client,
        session,
        row=lines,
        header=[HEADER_LINE],
        table=[HEADER_LINE],
        **{f"role-{HEADER_LINE}-3": "indicator", f"level-{KEGIATAN_LINE}": "kegiatan"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    return session


# ---------------------------------------------------------------------------------------------
# The documents: misread without the correction, read right with it


def test_the_layout_is_misread_without_a_correction_and_read_right_with_it():
    for text, expected in ((document_2021(), EXPECTED_2021), (document_2022(), EXPECTED_2022)):
        grid = grid_from_text(text, "rencana-aksi.txt")
        try:
            alone = cascade(interpret_grid(grid).plan)
        except UnreadableDocument:
            alone = None
        assert alone != expected
    grid = grid_from_text(document_2021(), "rencana-aksi.txt")
    assert cascade(interpret_grid(grid, Mapping.from_dict(MAPPING)).plan) == EXPECTED_2021


# ---------------------------------------------------------------------------------------------
# Upload: the document is kept, read or not


def test_a_document_without_a_plan_table_opens_the_preview_to_mark_its_header(
    client, alice, kaligondang
):
    login(client, alice)
    session = upload(client, kaligondang, document_2021())
    assert session.grid is not None and len(session.grid["rows"]) == 8
    assert "no Rencana Aksi table found" in session.read_error
    assert "rencana-aksi.txt" in session.read_error and "upload.txt" not in session.read_error
    response = client.get(reverse("import_preview", args=[session.pk]))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.looks_wrong
    assert summary.reasons[0].startswith("No plan table was found")
    html = response.content.decode()
    assert 'name="header" value="3"' in html  # the panel, with a header box per row
    assert "<details open>" in html
    # Nothing to confirm yet.
    response = client.post(reverse("import_confirm", args=[session.pk]), {"edits": 0})
    assert response.status_code == 400
    assert "no plan was read from this document" in response.content.decode()
    assert Plan.objects.count() == 0


def test_prose_without_table_rows_is_still_refused_at_upload(client, alice, kaligondang):
    login(client, alice)
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {
            "file": SimpleUploadedFile("notes.txt", b"a line of prose\nanother one\n"),
            "year": 2022,
            "version": "murni",
        },
    )
    assert read_failure(client, response).startswith("notes.txt: ")


def test_a_plan_json_file_is_previewed_without_the_panel(client, alice, kaligondang, tmp_path):
    from renaksi.importers import read_plan

    login(client, alice)
    text = read_plan(SAMPLE).to_json()
    session = upload(client, kaligondang, text, name="plan.json", year=2022)
    assert session.grid is None
    response = client.get(reverse("import_preview", args=[session.pk]))
    assert response.context["panel"] is None
    assert "cannot be corrected here" in response.content.decode()


def test_a_document_too_large_to_keep_is_previewed_without_the_panel(
    client, alice, kaligondang, monkeypatch
):
    monkeypatch.setattr(services, "MAX_GRID_ROWS", 50)
    login(client, alice)
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {
            "file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()),
            "year": 2022,
            "version": "murni",
        },
    )
    assert response.status_code == 302
    session = ImportSession.objects.get()
    assert session.grid is None and session.plan_json["nodes"]
    assert client.get(reverse("import_preview", args=[session.pk])).context["panel"] is None
    # A document too large to keep, in which no table was found, is refused as before.
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {
            "file": SimpleUploadedFile("x.txt", ("a\tb\tc\n" * 60).encode()),
            "year": 2022,
            "version": "murni",
        },
    )
    assert read_failure(client, response).startswith("x.txt: ")


# ---------------------------------------------------------------------------------------------
# Correcting


def test_correcting_step_by_step_recomputes_the_tree(client, alice, kaligondang):
    login(client, alice)
    session = upload(client, kaligondang, document_2021())
    lines = list(range(1, 9))
    response = correct(client, session, row=lines, header=[HEADER_LINE])
    assert response.status_code == 302
    assert response["Location"] == reverse("import_preview", args=[session.pk]) + "#correct"
    session.refresh_from_db()
    assert (session.edits, session.read_error, session.corrected) == (1, "", True)
    assert session.mapping == {"tables": [{"header": 3, "columns": {}}], "rows": []}
    # Read, but KETERANGAN is not an indicator column yet: the panel offers its role.
    preview = client.get(reverse("import_preview", args=[session.pk]))
    html = preview.content.decode()
    assert f'name="role-{HEADER_LINE}-3"' in html and 'name="table" value="3"' in html

    response = correct(
        client,
        session,
        row=lines,
        header=[HEADER_LINE],
        table=[HEADER_LINE],
        focus=str(KEGIATAN_LINE),
        **{f"role-{HEADER_LINE}-3": "indicator", f"level-{KEGIATAN_LINE}": "kegiatan"},
    )
    assert response["Location"].endswith(f"#row-{KEGIATAN_LINE}")
    plan = document(session)
    assert cascade(plan) == EXPECTED_2021
    assert [i.name for _n, i in plan.indicators()][:2] == [
        "Indeks Kepuasan Masyarakat",
        "Persentase Laporan Kinerja yang Tersusun",
    ]
    assert Mapping.from_dict(session.mapping).to_dict() == {
        "tables": [
            {"header": 3, "columns": {"3": "indicator"}},
            {
                "fingerprint": session.reading["tables"][0]["fingerprint"],
                "columns": {"3": "indicator"},
            },
        ],
        "rows": [{"line": KEGIATAN_LINE, "level": "kegiatan"}],
    }
    assert session.edits == 2
    preview = client.get(reverse("import_preview", args=[session.pk]))
    assert not preview.context["summary"].looks_wrong
    counts = {level: count for level, _label, count in preview.context["counts"]}
    assert counts == {"sasaran": 1, "program": 1, "kegiatan": 1, "subkegiatan": 2}


def test_a_row_left_out_and_back(client, alice, kaligondang):
    login(client, alice)
    session = corrected_2021(client, kaligondang)
    lines = list(range(1, 9))
    last = 8
    base = {"row": lines, "header": [HEADER_LINE], "table": [HEADER_LINE]}
    correct(client, session, exclude=[last], **base)
    session.refresh_from_db()
    assert last in session.reading["excluded"]
    assert sum(1 for n in cascade(document(session)) if n[1] == "subkegiatan") == 1
    assert {"line": last, "exclude": True} in session.mapping["rows"]
    correct(client, session, **base)
    session.refresh_from_db()
    assert cascade(document(session)) == EXPECTED_2021
    assert all(r.get("line") != last for r in session.mapping["rows"])


def test_a_stale_form_does_not_overwrite_a_newer_correction(client, alice, kaligondang):
    login(client, alice)
    session = corrected_2021(client, kaligondang)
    before = (session.edits, session.mapping, session.plan_json)
    # A form rendered before the last correction (edits 1) asks to mark nothing as a header.
    response = correct(client, session, edits=1, row=list(range(1, 9)))
    assert response.status_code == 409
    assert "changed since this page was opened" in response.content.decode()
    session.refresh_from_db()
    assert (session.edits, session.mapping, session.plan_json) == before
    # The same for a stale confirmation: nothing saved.
    response = client.post(reverse("import_confirm", args=[session.pk]), {"edits": 1})
    assert response.status_code == 409
    assert Plan.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role-3-3": "bogus"}, "unknown role 'bogus'"),
        ({"role-3-3": "target:TW9"}, "needs a period"),
        ({"level-6": "kelurahan"}, "unknown level 'kelurahan'"),
    ],
)
def test_a_bad_correction_is_shown_and_changes_nothing(client, alice, kaligondang, fields, message):
    login(client, alice)
    session = corrected_2021(client, kaligondang)
    before = (session.edits, session.mapping, session.plan_json)
    response = correct(client, session, row=list(range(1, 9)), header=[3], table=[3], **fields)
    assert response.status_code == 400
    assert message in htmllib.unescape(response.content.decode())
    session.refresh_from_db()
    assert (session.edits, session.mapping, session.plan_json) == before


def test_a_correction_with_which_no_table_is_found_changes_nothing(client, alice, kaligondang):
    login(client, alice)
    session = corrected_2021(client, kaligondang)
    before = (session.edits, session.mapping, session.plan_json)
    # Unticking the header row the person marked: no table any more.
    response = correct(client, session, row=list(range(1, 9)))
    assert response.status_code == 400
    assert "The correction was not applied: " in response.content.decode()
    assert "no Rencana Aksi table found" in response.content.decode()
    session.refresh_from_db()
    assert (session.edits, session.mapping, session.plan_json) == before


@pytest.mark.parametrize(
    "fields",
    [{}, {"edits": "x"}, {"edits": 0, "row": ["abc"]}, {"edits": 0, "header": ["-1"]}],
    ids=["no-edits", "edits-not-a-number", "row-not-a-line", "header-not-a-line"],
)
def test_a_form_not_made_by_the_page_is_refused(client, alice, kaligondang, fields):
    login(client, alice)
    session = upload(client, kaligondang, document_2021())
    response = client.post(reverse("import_correct", args=[session.pk]), fields)
    assert response.status_code == 400
    session.refresh_from_db()
    assert (session.edits, session.mapping) == (0, {"tables": [], "rows": []})


@pytest.mark.parametrize(
    ("who", "status"), [("bob", 404), ("erin", 404), ("charlie", 403), ("dave", 403)]
)
def test_only_the_uploader_corrects(request, client, alice, kaligondang, who, status):
    login(client, alice)
    session = upload(client, kaligondang, document_2021())
    client.logout()
    login(client, request.getfixturevalue(who))
    response = correct(client, session, row=list(range(1, 9)), header=[HEADER_LINE])
    assert response.status_code == status
    assert (
        client.post(reverse("import_reset", args=[session.pk]), {"edits": 0}).status_code == status
    )
    assert client.get(reverse("import_mapping", args=[session.pk])).status_code == status
    session.refresh_from_db()
    assert (session.edits, session.mapping["tables"]) == (0, [])


def test_anonymous_is_sent_to_login(client, alice, kaligondang):
    login(client, alice)
    session = upload(client, kaligondang, document_2021())
    client.logout()
    response = correct(client, session, row=[3], header=[3])
    assert response.status_code == 302 and reverse("login") in response["Location"]
    session.refresh_from_db()
    assert session.edits == 0


def test_the_correction_downloads_as_a_mapping_file(client, alice, kaligondang):
    login(client, alice)
    session = corrected_2021(client, kaligondang)
    response = client.get(reverse("import_mapping", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 'filename="rencana-aksi-mapping.json"' in response["Content-Disposition"]
    assert Mapping.from_dict(json.loads(response.content)).to_dict() == session.mapping


def test_imported_text_is_escaped_in_the_panel(client, alice, kaligondang):
    login(client, alice)
    text = document_2021().replace("Indeks Kepuasan Masyarakat", "<script>alert(1)</script>")
    session = upload(client, kaligondang, text)
    html = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # A header caption with markup, in the column selects' labels once the header is marked.
    text = document_2021().replace("KETERANGAN", '<img src=x onerror="alert(2)">')
    session = upload(client, kaligondang, text)
    correct(client, session, row=list(range(1, 9)), header=[HEADER_LINE])
    html = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def test_the_panel_is_paged_and_a_form_changes_only_its_rows(client, alice, kaligondang):
    login(client, alice)
    rows = document_2021().splitlines()
    body = rows[3:]
    text = "\n".join(rows[:3] + body * 60) + "\n"  # 3 + 300 rows
    session = upload(client, kaligondang, text)
    correct(client, session, row=list(range(1, 101)), header=[HEADER_LINE])
    session.refresh_from_db()
    page = client.get(reverse("import_preview", args=[session.pk]) + "?part=2")
    panel = page.context["panel"]
    assert (panel.page, panel.pages, panel.total) == (2, 4, 302)
    assert panel.rows[0].line == 102
    assert len(panel.rows) == 100
    # A form of part 2 leaves out one of its rows; the header marked on part 1 stays.
    response = correct(client, session, part=2, row=[r.line for r in panel.rows], exclude=[150])
    assert response["Location"].endswith("?part=2#correct")
    session.refresh_from_db()
    assert session.mapping["tables"] == [{"header": 3, "columns": {}}]
    assert session.mapping["rows"] == [{"line": 150, "exclude": True}]


# ---------------------------------------------------------------------------------------------
# Templates: kept on confirm, applied to the next document of the layout


def test_confirming_a_corrected_import_keeps_the_layout_as_a_template(client, alice, kaligondang):
    login(client, alice)
    session = corrected_2021(client, kaligondang)
    response = client.post(
        reverse("import_confirm", args=[session.pk]),
        {"edits": session.edits, "mismatch_confirmed": "1"},
    )
    assert response.status_code == 302
    [template] = LayoutTemplate.objects.all()
    assert (template.kabupaten, template.unit, template.created_by) == (
        kaligondang.parent,
        kaligondang,
        alice,
    )
    assert template.fingerprint == session.reading["tables"][0]["fingerprint"]
    assert template.header_text == HEADER_TEXT
    assert template.source_name == "rencana-aksi.txt" and template.created_at
    assert template.mapping == {
        "tables": [{"fingerprint": template.fingerprint, "columns": {"3": "indicator"}}],
        "rows": [
            {
                "text": "Koordinasi Perencanaan Internal Kecamatan "
                "Jumlah Dokumen Perencanaan Dokumen 1 1 1 1",
                "level": "kegiatan",
            }
        ],
    }
    session.refresh_from_db()
    assert session.grid is None  # the document is not kept once saved


def test_an_import_without_correction_keeps_no_template(client, alice, kaligondang):
    login(client, alice)
    session = upload(client, kaligondang, SAMPLE.read_text(), name=SAMPLE.name, year=2022)
    client.post(reverse("import_confirm", args=[session.pk]), {"edits": session.edits})
    assert Plan.objects.count() == 1
    assert LayoutTemplate.objects.count() == 0


def confirmed_2021(client, unit):
    session = corrected_2021(client, unit)
    client.post(
        reverse("import_confirm", args=[session.pk]),
        {"edits": session.edits, "mismatch_confirmed": "1"},
    )
    return LayoutTemplate.objects.get()


def test_the_next_document_of_the_layout_is_read_with_the_template(client, alice, kaligondang):
    login(client, alice)
    template = confirmed_2021(client, kaligondang)
    session = upload(client, kaligondang, document_2022(), name="renaksi-2022.txt", year=2022)
    assert list(session.templates.all()) == [template]
    assert session.read_error == "" and not session.corrected
    assert cascade(document(session)) == EXPECTED_2022
    response = client.get(reverse("import_preview", args=[session.pk]))
    html = response.content.decode()
    saved = timezone.localtime(template.created_at).strftime("%-d %B %Y")
    assert f"Read with the layout correction saved on {saved} by alice." in html
    assert not response.context["summary"].looks_wrong
    # Confirmed as it is: no new template (nothing was corrected).
    client.post(reverse("import_confirm", args=[session.pk]), {"edits": session.edits})
    assert Plan.objects.filter(year=2022).count() == 1
    assert LayoutTemplate.objects.count() == 1


def test_reading_without_the_template(client, alice, kaligondang):
    login(client, alice)
    confirmed_2021(client, kaligondang)
    session = upload(client, kaligondang, document_2022(), year=2022)
    html = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert reverse("import_reset", args=[session.pk]) in html
    response = client.post(reverse("import_reset", args=[session.pk]), {"edits": session.edits})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.templates.count() == 0
    assert session.mapping == {"tables": [], "rows": []}
    assert "no Rencana Aksi table found" in session.read_error
    assert session.edits == 1
    html = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert "Read with the layout correction" not in html
    # A stale reset changes nothing.
    assert client.post(reverse("import_reset", args=[session.pk]), {"edits": 0}).status_code == 409


def test_another_unit_of_the_kabupaten_gets_the_template(client, alice, bob, kaligondang, bukateja):
    login(client, alice)
    template = confirmed_2021(client, kaligondang)
    client.logout()
    login(client, bob)
    session = upload(client, bukateja, document_2022("BUKATEJA"), year=2022)
    assert list(session.templates.all()) == [template]
    assert cascade(document(session)) == EXPECTED_2022
    html = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert "(Kecamatan Kaligondang)" in html


def test_the_units_own_template_comes_before_the_kabupatens(alice, bob, kaligondang, bukateja):
    fingerprint = header_fingerprint()
    header = HEADER_TEXT

    def make(unit, role):
        return LayoutTemplate.objects.create(
            kabupaten=kaligondang.parent,
            unit=unit,
            fingerprint=fingerprint,
            header_text=header,
            mapping={"tables": [{"fingerprint": fingerprint, "columns": {"3": role}}]},
            created_by=alice,
        )

    own = make(bukateja, "indicator")
    make(None, "note")  # the kabupaten's, newer
    make(kaligondang, "note")  # another unit's, newest
    session = services.stage_import(
        unit=bukateja,
        year=2022,
        version="murni",
        upload=SimpleUploadedFile("b.txt", document_2022("BUKATEJA").encode()),
        user=bob,
        max_bytes=10**6,
    )
    assert list(session.templates.all()) == [own]
    assert cascade(core.Plan.from_dict(session.plan_json)) == EXPECTED_2022
    # Without one of its own, the newest of the kabupaten's.
    own.delete()
    session = services.stage_import(
        unit=bukateja,
        year=2022,
        version="murni",
        upload=SimpleUploadedFile("b.txt", document_2022("BUKATEJA").encode()),
        user=bob,
        max_bytes=10**6,
    )
    assert [t.unit for t in session.templates.all()] == [kaligondang]


def test_another_kabupatens_template_is_not_applied(alice, kaligondang):
    from renaksi.web.accounts.models import Unit

    other = Unit.objects.create(name="Kabupaten Banyumas", kind=Unit.Kind.KABUPATEN)
    LayoutTemplate.objects.create(
        kabupaten=other,
        fingerprint=header_fingerprint(),
        header_text=HEADER_TEXT,
        mapping={"tables": [{"fingerprint": header_fingerprint(), "columns": {"3": "indicator"}}]},
    )
    session = services.stage_import(
        unit=kaligondang,
        year=2022,
        version="murni",
        upload=SimpleUploadedFile("b.txt", document_2022().encode()),
        user=alice,
        max_bytes=10**6,
    )
    assert session.templates.count() == 0 and session.read_error


def test_a_broken_template_is_passed_over(alice, kaligondang):
    LayoutTemplate.objects.create(
        kabupaten=kaligondang.parent,
        unit=kaligondang,
        fingerprint=header_fingerprint(),
        header_text=HEADER_TEXT,
        mapping={"tables": [{"fingerprint": header_fingerprint(), "columns": {"3": "bogus"}}]},
    )
    session = services.stage_import(
        unit=kaligondang,
        year=2022,
        version="murni",
        upload=SimpleUploadedFile("b.txt", document_2022().encode()),
        user=alice,
        max_bytes=10**6,
    )
    assert session.templates.count() == 0 and session.read_error


# ---------------------------------------------------------------------------------------------
# Checks before saving: the document's unit and year


def test_a_document_of_another_year_needs_an_explicit_confirmation(client, alice, kaligondang):
    login(client, alice)
    session = upload(client, kaligondang, SAMPLE.read_text(), name=SAMPLE.name, year=2023)
    html = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    statement = (
        "I am sure: this document names Kecamatan Kaligondang year 2022, and is saved for "
        "Kecamatan Kaligondang year 2023."
    )
    assert statement in html and 'name="mismatch_confirmed"' in html
    response = client.post(reverse("import_confirm", args=[session.pk]), {"edits": session.edits})
    assert response.status_code == 400
    assert f'<p class="message error" role="alert">{statement}</p>' in response.content.decode()
    assert Plan.objects.count() == 0
    response = client.post(
        reverse("import_confirm", args=[session.pk]),
        {"edits": session.edits, "mismatch_confirmed": "1"},
    )
    assert response.status_code == 302
    assert Plan.objects.get().year == 2023


def test_a_document_of_another_unit_needs_an_explicit_confirmation(client, erin, bukateja):
    login(client, erin)
    session = upload(client, bukateja, SAMPLE.read_text(), name=SAMPLE.name, year=2022)
    response = client.get(reverse("import_preview", args=[session.pk]))
    assert response.context["mismatch"].statement() == (
        "I am sure: this document names Kecamatan Kaligondang year 2022, and is saved for "
        "Kecamatan Bukateja year 2022."
    )
    assert client.post(reverse("import_confirm", args=[session.pk])).status_code == 400
    assert Plan.objects.count() == 0


def test_the_same_unit_and_year_need_no_confirmation(client, alice, kaligondang):
    login(client, alice)
    session = upload(client, kaligondang, SAMPLE.read_text(), name=SAMPLE.name, year=2022)
    response = client.get(reverse("import_preview", args=[session.pk]))
    assert response.context["mismatch"] is None
    assert 'name="mismatch_confirmed"' not in response.content.decode()


@pytest.mark.parametrize(
    ("document_unit", "unit", "same"),
    [
        ("Kecamatan Kaligondang", "Kecamatan Kaligondang", True),
        ("KECAMATAN  KALIGONDANG", "Kecamatan Kaligondang", True),
        ("Kec. Kaligondang", "Kecamatan Kaligondang", True),
        ("Kaligondang", "Kecamatan Kaligondang", True),
        ("Kec Kali gondang", "Kecamatan Kaligondang", True),
        ("Kecamatan Kaligondang Kabupaten Purbalingga", "Kecamatan Kaligondang", True),
        ("Kecamatan Bukateja", "Kecamatan Kaligondang", False),
        ("Dinas Kesehatan", "Dinas Pendidikan", False),
    ],
)
def test_unit_names_are_compared_loosely(document_unit, unit, same):
    assert import_review.same_unit(document_unit, unit) is same


# ---------------------------------------------------------------------------------------------
# The summary first, and its verdict


def test_the_preview_shows_the_summary_then_the_findings_then_the_tree(client, alice, kaligondang):
    login(client, alice)
    session = upload(client, kaligondang, SAMPLE.read_text(), name=SAMPLE.name, year=2022)
    response = client.get(reverse("import_preview", args=[session.pk]))
    html = response.content.decode()
    order = [
        html.index('id="summary-title"'),
        html.index('id="confirm"'),
        html.index('id="findings"'),
        html.index('id="tree"'),
        html.index('id="correct"'),
    ]
    assert order == sorted(order)
    summary = response.context["summary"]
    assert (summary.errors, summary.warnings) == (1, 37)
    assert not summary.looks_wrong
    assert "The reading looks sound" in html
    assert re.search(r"Errors: <span class=\"count\">1</span>", html)
    # The panel is there, closed: the reading looks sound and nobody corrected it.
    assert "<details>" in html


def plan_of(*nodes: core.Node, findings: int = 0) -> core.Plan:
    return core.Plan(
        periods=["TW1"],
        nodes=list(nodes),
        findings=[core.Finding("warning", "stray-value", "x", line=1) for _ in range(findings)],
    )


def node(level, *children, indicators=1, targets=True):
    return core.Node(
        level=level,
        name=f"{level} {id(children)}",
        children=list(children),
        indicators=[
            core.Indicator(name="i", targets={"TW1": 1} if targets else {})
            for _ in range(indicators)
        ],
    )


@pytest.mark.parametrize(
    ("plan", "reason"),
    [
        (plan_of(), "No plan rows were read."),
        (plan_of(node("program", indicators=0)), "No indicators were read."),
        (
            plan_of(
                node(
                    "program",
                    node("kegiatan", indicators=0),
                    node("kegiatan", indicators=0),
                    node("kegiatan"),
                )
            ),
            "2 of the 3 lowest rows of the cascade have no indicator.",
        ),
        (
            plan_of(node("program", targets=False), node("program", targets=False)),
            "2 of the 2 indicators have no target.",
        ),
        (
            plan_of(node("sasaran", node("kegiatan"))),
            "No Program was read between Sasaran and Kegiatan.",
        ),
        (
            plan_of(node("program"), findings=2),
            "More problems were found (2) than cascade rows read (1).",
        ),
    ],
    ids=["no-nodes", "no-indicators", "bare-nodes", "no-targets", "level-gap", "more-findings"],
)
def test_the_verdict_says_why_a_reading_looks_wrong(plan, reason):
    summary = import_review.summarize(plan)
    assert summary.looks_wrong
    assert reason in summary.reasons


def test_most_rows_unread_is_a_reason():
    grid = grid_from_text(document_2021(), "x.txt")
    reading = interpret_grid(grid, Mapping.from_dict(MAPPING)).reading
    reading.tables[0].body_lines = reading.tables[0].body_lines[:1]
    summary = import_review.summarize(plan_of(node("program")), reading, grid)
    assert "4 of the document's 6 table rows were not read." in summary.reasons


def test_a_sound_reading_has_no_reason(sample_document):
    assert import_review.summarize(sample_document).reasons == []


def test_the_upload_form_shows_progress_while_reading(client, alice, kaligondang):
    login(client, alice)
    html = client.get(reverse("import_upload", args=[kaligondang.pk])).content.decode()
    assert "data-progress" in html and 'class="progress" role="status" hidden' in html
    assert "Reading the document…" in html and "renaksi/import.js" in html


def test_an_invalid_plan_json_file_is_refused_with_its_reason(client, alice, kaligondang):
    login(client, alice)
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {
            "file": SimpleUploadedFile("plan.json", b'{"format": "something else"}'),
            "year": 2022,
            "version": "murni",
        },
    )
    error = read_failure(client, response)
    assert error.startswith("plan.json: ") and "renaksi-plan" in error
