"""The revision diff page (plans/<id>/diff/, imports/<uuid>/diff/) and its download.

The sample is imported as revision 1, a changed copy (tests/revision_copies.py) as revision 2 or
as a pending import; the page, the download and the count per kind list exactly the changes made.
Who may see it, a plan of another unit as ``against``, escaping, the default comparison and the
number of queries are here too.
"""

from __future__ import annotations

import copy
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from renaksi.core.plan import Node as CoreNode
from renaksi.web.plans import services
from renaksi.web.plans.models import ImportSession, Plan
from renaksi.web.plans.selectors import default_against, unit_plans
from tests.revision_copies import CHANGES, RENAMED_FROM, RENAMED_TO, changed_copy, shown

from .conftest import login, make_user
from .test_store import big_document

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS_ID = ["dihapus", "diganti nama", "dipindah", "target berubah", "anggaran berubah"]


@pytest.fixture
def revised(plan, kaligondang, alice, sample_document):
    """The changed copy saved as revision 2 of the same plan."""
    return services.import_plan(
        unit=kaligondang,
        year=2022,
        version="murni",
        document=changed_copy(sample_document),
        user=alice,
        source_name="rencana-aksi-2022-r2.json",
    )


def diff_url(plan: Plan, against: Plan | None = None, **query) -> str:
    url = reverse("plan_diff", args=[plan.pk])
    params = {**({"against": against.pk} if against else {}), **query}
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def page_rows(response):
    return [row for row, _label in response.context["rows"]]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------------------------------------
# What it lists


def test_the_page_lists_exactly_the_changes_made(client, alice, plan, revised):
    login(client, alice)
    response = client.get(diff_url(revised))  # by default: against the revision it replaced
    assert response.status_code == 200
    assert response.context["old"] == plan and response.context["new"] == revised
    assert shown(page_rows(response)) == CHANGES
    html = response.content.decode()
    text = text_of(html)
    assert "5 perubahan" in text
    for label in KINDS_ID:
        assert f"1 {label}" in text  # the count per kind at the top
        assert f'<span class="change">{label}</span>' in html
    assert "Sebelum: 2022 Murni, revisi 1 → Sesudah: 2022 Murni, revisi 2" in text
    assert "perlu dipastikan" not in text  # every pair is certain
    assert f"{RENAMED_FROM}" in text and f"{RENAMED_TO}" in text
    assert "125.000.000" in text
    # The chooser offers the unit's other plans, the one compared with selected.
    assert f'<option value="{plan.pk}" selected>' in html


def test_either_way_round_the_older_plan_is_before(client, alice, plan, revised):
    login(client, alice)
    response = client.get(diff_url(plan, revised))
    assert response.context["old"] == plan and response.context["new"] == revised
    assert shown(page_rows(response)) == CHANGES


def test_a_plan_against_itself_has_no_differences(client, alice, plan):
    login(client, alice)
    response = client.get(diff_url(plan, plan))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Tidak ada perbedaan." in response.content.decode()


def test_a_first_plan_has_nothing_to_compare_with(client, alice, plan):
    login(client, alice)
    response = client.get(diff_url(plan))
    assert response.status_code == 200
    assert "Unit ini tidak punya rencana lain untuk dibandingkan." in response.content.decode()


def test_a_first_plan_with_later_ones_asks_for_a_choice(client, alice, plan, revised):
    login(client, alice)
    html = client.get(diff_url(plan)).content.decode()
    assert "Pilih rencana yang akan dibandingkan." in html
    assert f'<option value="{revised.pk}">' in html


def test_the_plan_page_links_to_the_diff(client, alice, plan):
    login(client, alice)
    html = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert f'href="{reverse("plan_diff", args=[plan.pk])}"' in html
    assert "Bandingkan dengan revisi lain" in html


def test_uncertain_pairs_are_marked(client, alice, plan, kaligondang, sample_document):
    # A name changed much more than a word, at the same place: paired, but to be confirmed.
    document = copy.deepcopy(sample_document)
    indicator = document.nodes[0].children[0].indicators[0]
    assert indicator.name == "Nilai SAKIP Kecamatan Kaligondang"
    indicator.name = "Nilai SAKIP Kec. Kaligondang tahun berjalan"
    revised = services.import_plan(unit=kaligondang, year=2022, version="murni", document=document)
    login(client, alice)
    response = client.get(diff_url(revised))
    rows = page_rows(response)
    assert [(r.kind, r.certain) for r in rows] == [("renamed", False)]
    html = response.content.decode()
    assert "1 pasangan perlu dipastikan" in text_of(html)
    assert 'class="to-confirm"' in html and "? perlu dipastikan" in html


# ---------------------------------------------------------------------------------------------
# The default comparison


def _plans(kaligondang, *specs):
    """Plans of Kaligondang from (year, version) pairs: each a new revision, in order."""
    document = big_document(10)
    for year, version in specs:
        services.import_plan(unit=kaligondang, year=year, version=version, document=document)
    return unit_plans(kaligondang.pk)


def test_default_against(kaligondang):
    plans = _plans(
        kaligondang,
        (2022, "murni"),
        (2022, "murni"),
        (2022, "perubahan"),
        (2023, "murni"),
        (2023, "murni"),
        (2023, "murni"),
    )

    def find(year, version, revision):
        return next(
            p for p in plans if (p.year, p.version, p.revision) == (year, version, revision)
        )

    def default(plan, below=True):
        return default_against(
            plans, year=plan.year, version=plan.version, below=plan.revision if below else None
        )

    # The revision it replaced.
    assert default(find(2023, "murni", 3)) == find(2023, "murni", 2)
    assert default(find(2022, "murni", 2)) == find(2022, "murni", 1)
    # A first perubahan: the year's murni (current revision).
    assert default(find(2022, "perubahan", 1)) == find(2022, "murni", 2)
    # A first murni: last year's current plan, the perubahan before the murni.
    assert default(find(2023, "murni", 1)) == find(2022, "perubahan", 1)
    # A first plan ever: nothing.
    assert default(find(2022, "murni", 1)) is None
    # A pending import of 2023 murni: the latest revision of 2023 murni; of 2024: 2023's plan.
    assert default_against(plans, year=2023, version="murni") == find(2023, "murni", 3)
    assert default_against(plans, year=2024, version="murni") == find(2023, "murni", 3)


# ---------------------------------------------------------------------------------------------
# Who sees it


@pytest.mark.parametrize("person", ["alice", "dave", "charlie", "erin"])
def test_the_units_people_and_the_kabupaten_see_it(client, cast, person, plan, revised):
    login(client, cast[person])
    assert client.get(diff_url(revised)).status_code == 200
    assert client.get(diff_url(plan, revised)).status_code == 200
    response = client.get(diff_url(revised, download="xlsx"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX


def test_another_units_operator_gets_404(client, bob, plan, revised):
    login(client, bob)
    assert client.get(diff_url(revised)).status_code == 404
    assert client.get(diff_url(revised, plan)).status_code == 404
    assert client.get(diff_url(revised, download="xlsx")).status_code == 404


def test_anonymous_is_sent_to_login(client, plan, revised):
    response = client.get(diff_url(revised))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("person", ["alice", "erin"])
def test_a_plan_of_another_unit_as_against_is_404(client, cast, person, revised, other_plan):
    # erin sees both units, yet two units' plans are not compared; alice does not see Bukateja.
    login(client, cast[person])
    assert client.get(diff_url(revised, other_plan)).status_code == 404
    assert client.get(diff_url(other_plan, revised)).status_code == 404
    assert client.get(diff_url(revised, other_plan, download="xlsx")).status_code == 404


@pytest.mark.parametrize(
    "value", ["abc", "-1", "1.5", "9" * 11, "99999999", "1%200", "%C2%B2", "%D9%A2"]
)
def test_a_malformed_or_unknown_against_is_404(client, alice, revised, value):
    login(client, alice)
    url = reverse("plan_diff", args=[revised.pk]) + f"?against={value}"
    assert client.get(url).status_code == 404


def test_post_is_refused(client, alice, revised):
    login(client, alice)
    assert client.post(diff_url(revised)).status_code == 405


# ---------------------------------------------------------------------------------------------
# The download, escaping


def workbook_values(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [c for row in sheet.iter_rows() for c in row if c.value is not None]


def test_the_download_is_the_same_table(client, alice, plan, revised):
    login(client, alice)
    response = client.get(diff_url(revised, download="xlsx"))
    assert response["Content-Type"] == XLSX
    disposition = response["Content-Disposition"]
    assert disposition == (
        'attachment; filename="renaksi-diff-kecamatan-kaligondang-2022-murni-r1-2022-murni-r2.xlsx"'
    )
    values = [c.value for c in workbook_values(response)]
    assert "PERBANDINGAN REVISI RENCANA AKSI" in values
    assert "2022 Murni, revisi 1 → 2022 Murni, revisi 2" in values
    for label in KINDS_ID:
        assert values.count(label) == 2  # its row, and its line in the summary
    assert f"Indikator: {RENAMED_TO}" in values and "125.000.000" in values
    assert "TW II" in values and "1.1.1.2.4" in values


def test_the_download_in_english(client, alice, plan, revised):
    login(client, alice)
    client.cookies["django_language"] = "en"
    values = [c.value for c in workbook_values(client.get(diff_url(revised, download="xlsx")))]
    assert "COMPARISON OF PLAN REVISIONS" in values
    assert {"removed", "renamed", "moved", "target changed", "budget changed"} <= set(values)


SCRIPT = "<script>alert('diff')</script>"
FORMULA = '=HYPERLINK("http://example.com","klik")'


@pytest.fixture
def hostile(plan, kaligondang, sample_document):
    """A revision 2 that adds a node named like a script and one named like a formula."""
    document = copy.deepcopy(sample_document)
    program = document.nodes[0].children[0].children[0]
    program.children.append(CoreNode("kegiatan", SCRIPT, number="9"))
    program.children.append(CoreNode("kegiatan", FORMULA, number="10"))
    return services.import_plan(unit=kaligondang, year=2022, version="murni", document=document)


def test_imported_names_are_shown_as_text(client, alice, hostile):
    login(client, alice)
    response = client.get(diff_url(hostile))
    html = response.content.decode()
    assert [(r.kind, r.name) for r in page_rows(response)] == [
        ("added", SCRIPT),
        ("added", FORMULA),
    ]
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;diff&#x27;)&lt;/script&gt;" in html
    cells = {c.value: c for c in workbook_values(client.get(diff_url(hostile, download="xlsx")))}
    assert cells[FORMULA].data_type == "s" and cells[FORMULA].quotePrefix
    assert cells[SCRIPT].data_type == "s"


# ---------------------------------------------------------------------------------------------
# Queries


def test_the_page_runs_a_constant_number_of_queries(
    client, kaligondang, alice, django_assert_num_queries
):
    login(client, alice)
    small = [
        services.import_plan(
            unit=kaligondang, year=2022, version="murni", document=big_document(10)
        )
        for _ in range(2)
    ]
    urls = [diff_url(small[1]), diff_url(small[1], small[0]), diff_url(small[1], download="xlsx")]
    counts = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # Bigger plans, more revisions, more years: the same number of queries.
    document = big_document(300)
    document.nodes[0].children[0].name = "Kegiatan pertama, dinamai lain"
    big = [
        services.import_plan(unit=kaligondang, year=year, version=version, document=document)
        for year, version in ((2021, "murni"), (2022, "perubahan"), (2022, "murni"))
    ]
    services.import_plan(unit=kaligondang, year=2022, version="murni", document=big_document(300))
    urls = [diff_url(big[2]), diff_url(big[2], big[0]), diff_url(big[2], download="xlsx")]
    for url, expected in zip(urls, counts, strict=True):
        client.get(url)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
    assert counts[0] <= 10, counts


# ---------------------------------------------------------------------------------------------
# A pending import compared before it is confirmed


def staged_copy(client, kaligondang, sample_document, year=2022, version="murni"):
    upload = SimpleUploadedFile(
        "rencana-aksi-2022-r2.json",
        changed_copy(sample_document).to_json().encode(),
        content_type="application/json",
    )
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {"file": upload, "year": year, "version": version},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = ImportSession.objects.latest("created_at")
    assert session.status == ImportSession.Status.PENDING
    return session


def test_a_pending_import_against_the_current_plan(
    client, alice, plan, kaligondang, sample_document
):
    login(client, alice)
    session = staged_copy(client, kaligondang, sample_document)
    preview = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    url = reverse("import_diff", args=[session.pk])
    assert f'href="{url}"' in preview
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["old"] == plan
    assert shown(page_rows(response)) == CHANGES
    text = text_of(response.content.decode())
    assert "impor rencana-aksi-2022-r2.json yang belum dikonfirmasi" in text
    download = client.get(url + "?download=xlsx")
    assert download["Content-Type"] == XLSX
    assert download["Content-Disposition"].endswith('2022-murni-r1-import.xlsx"')
    # Against a chosen plan of the unit; another unit's plan is a 404.
    assert client.get(url + f"?against={plan.pk}").status_code == 200


def test_a_pending_import_refused(client, cast, plan, kaligondang, other_plan, sample_document):
    login(client, cast["alice"])
    session = staged_copy(client, kaligondang, sample_document)
    url = reverse("import_diff", args=[session.pk])
    assert client.get(url + f"?against={other_plan.pk}").status_code == 404
    # Only its author: the head and the inspectorate may not import (403), bob does not see the
    # unit and erin is not the author (404).
    for person, status in (("dave", 403), ("charlie", 403), ("bob", 404), ("erin", 404)):
        login(client, cast[person])
        assert client.get(url).status_code == status, person
    client.logout()
    assert client.get(url).status_code == 302


def test_a_confirmed_import_goes_back_to_its_page(
    client, alice, plan, kaligondang, sample_document
):
    login(client, alice)
    session = staged_copy(client, kaligondang, sample_document)
    services.cancel_import(session=session, user=alice)
    response = client.get(reverse("import_diff", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("import_preview", args=[session.pk])


def test_a_first_import_has_nothing_to_compare_with(client, alice, kaligondang, sample_document):
    login(client, alice)
    session = staged_copy(client, kaligondang, sample_document)
    response = client.get(reverse("import_diff", args=[session.pk]))
    assert response.status_code == 200
    assert "Unit ini tidak punya rencana lain untuk dibandingkan." in response.content.decode()


def test_an_operator_of_the_unit_other_than_the_author_gets_404(
    client, alice, kaligondang, plan, sample_document
):
    login(client, alice)
    session = staged_copy(client, kaligondang, sample_document)
    login(client, make_user("alice2", "operator", kaligondang))
    assert client.get(reverse("import_diff", args=[session.pk])).status_code == 404
