"""Browsing and editing plans through the web pages, as alice (operator of Kaligondang) does it."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.core.plan import Plan as CorePlan
from renaksi.web.plans import selectors, services
from renaksi.web.plans.models import Indicator, Node, Plan, Target

from .conftest import login
from .test_store import big_document


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The cast's passwords hashed cheaply: these tests are about pages, not password storage."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def node_named(plan, text: str) -> Node:
    return Node.objects.get(plan=plan, name__startswith=text)


def indicator_named(plan, text: str) -> Indicator:
    return Indicator.objects.get(node__plan=plan, name__startswith=text)


def findings_of(plan, indicator: Indicator) -> list[str]:
    doc = selectors.load_document(plan)
    return [
        p.finding.code
        for p in selectors.check_document(doc)
        if p.indicator is not None and p.indicator.pk == indicator.pk
    ]


def indicator_form(indicator_fields: dict, **targets) -> dict:
    data = {
        "objective": "",
        "name": "",
        "unit": "",
        "annual_target": "",
        "target_mode": "cumulative",
        "aggregation": "",
        "polarity": "",
        "weight": "1",
    }
    data.update(indicator_fields)
    data.update({f"target_{p}": v for p, v in targets.items()})
    return data


# ---------------------------------------------------------------------------------------------
# Browsing


def test_home_redirects_to_the_units_and_anonymous_to_login(client, alice):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    login(client, alice)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("unit_list")


def test_unit_list_shows_own_unit_and_its_current_plan(client, alice, plan, other_plan):
    html = page(login(client, alice).get(reverse("unit_list")))
    assert "Kecamatan Kaligondang" in html
    assert "Kecamatan Bukateja" not in html
    assert reverse("plan_detail", args=[plan.pk]) in html


def test_unit_list_runs_a_constant_number_of_queries(
    client, erin, kabupaten, sample_document, django_assert_max_num_queries
):
    from renaksi.web.accounts.models import Unit

    units = [
        Unit.objects.create(name=f"Kecamatan {i}", kind=Unit.Kind.KECAMATAN, parent=kabupaten)
        for i in range(5)
    ]
    for unit in units:
        services.import_plan(unit=unit, year=2022, version="murni", document=CorePlan(periods=[]))
    login(client, erin)
    with CaptureQueriesContext(connection) as few:
        html = page(client.get(reverse("unit_list")))
    assert all(u.name in html for u in units)
    for unit in units:
        services.import_plan(unit=unit, year=2023, version="murni", document=CorePlan(periods=[]))
    with django_assert_max_num_queries(len(few)):
        page(client.get(reverse("unit_list")))


def test_unit_detail_lists_every_revision_and_offers_import_to_operators(
    client, alice, dave, plan, kaligondang, sample_document
):
    second = services.import_plan(
        unit=kaligondang, year=2022, version="murni", document=sample_document
    )
    url = reverse("unit_detail", args=[kaligondang.pk])
    html = page(login(client, alice).get(url))
    assert reverse("plan_detail", args=[plan.pk]) in html
    assert reverse("plan_detail", args=[second.pk]) in html
    assert f'id="plan-{second.pk}" class="current"' in html
    assert reverse("import_upload", args=[kaligondang.pk]) in html
    html = page(login(client, dave).get(url))  # the head reads, does not import
    assert reverse("import_upload", args=[kaligondang.pk]) not in html


def test_plan_page_shows_the_document_with_findings_beside_their_rows(client, alice, plan):
    html = page(login(client, alice).get(reverse("plan_detail", args=[plan.pk])))
    assert "Penyusunan Dokumen Perencanaan Perangkat Daerah" in html
    assert "Tersusunnya Dokumen Perencanaan Tepat Waktu" in html  # a sasaran (objective)
    assert html.count('class="num period') >= 4 * 51
    # The indicator of line 84 misses TW3 and TW4: the finding is in that indicator's row.
    missing = indicator_named(plan, "Jumlah Dokumen Koordinasi dan Pelaksanaan Akuntansi")
    row = html.split(f'id="indicator-{missing.pk}"')[1].split("</tr>")[0]
    assert "missing-target" in row and "sev-warning" in row
    # The importer's conflicting TW3 (line 13) beside the row of line 13; headers above the table.
    assert "conflicting-target" in html and "header-level-mismatch" in html
    loose = html.split('class="loose-findings"')[1].split("</details>")[0]
    assert "header-level-mismatch" in loose and "duplicate-target" not in loose
    # A TW2 given twice on line 81 is about the indicator whose target rows start on line 80.
    twice = indicator_named(plan, "Jumlah Dokumen Hasil Penyediaan Administrasi")
    row = html.split(f'id="indicator-{twice.pk}"')[1].split("</tr>")[0]
    assert row.count("duplicate-target") == 3
    # Editing controls for alice.
    assert reverse("indicator_edit", args=[missing.pk]) in html


def test_plan_page_without_edit_rights_has_no_controls(client, dave, plan):
    html = page(login(client, dave).get(reverse("plan_detail", args=[plan.pk])))
    assert "Penyusunan Dokumen Perencanaan Perangkat Daerah" in html
    assert "/edit/" not in html and "/delete/" not in html and "/move/" not in html


def test_imported_names_are_escaped(client, alice, plan):
    node = node_named(plan, "Penyusunan Dokumen Perencanaan")
    services.update_node(node=node, name="<script>alert(1)</script> & co")
    html = page(login(client, alice).get(reverse("plan_detail", args=[plan.pk])))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_bob_cannot_reach_alices_plan(client, bob, plan):
    login(client, bob)
    node = node_named(plan, "Penyusunan Dokumen Perencanaan")
    assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plan_json", args=[plan.pk])).status_code == 404
    assert client.get(reverse("node_edit", args=[node.pk])).status_code == 404
    assert client.post(reverse("node_delete", args=[node.pk])).status_code == 404
    assert Node.objects.filter(pk=node.pk).exists()


# ---------------------------------------------------------------------------------------------
# The page's cost does not grow with the plan


def _plan_page_queries(client, unit, size: int) -> tuple[int, Plan]:
    stored = services.import_plan(
        unit=unit, year=2024, version="murni", document=big_document(size)
    )
    with CaptureQueriesContext(connection) as queries:
        html = page(client.get(reverse("plan_detail", args=[stored.pk])))
    assert html.count('id="indicator-') == size
    return len(queries), stored


def test_plan_page_runs_the_same_queries_for_10_and_1000_indicators(
    client, alice, kaligondang, bukateja, django_assert_num_queries
):
    login(client, alice)
    client.get(reverse("unit_list"))  # session established
    small, _ = _plan_page_queries(client, kaligondang, 10)
    big_plan = services.import_plan(
        unit=kaligondang, year=2025, version="murni", document=big_document(1000)
    )
    with django_assert_num_queries(small):
        html = page(client.get(reverse("plan_detail", args=[big_plan.pk])))
    assert html.count('id="indicator-') == 1000


def test_sample_plan_page_renders_quickly(client, alice, plan):
    login(client, alice)
    page(client.get(reverse("plan_detail", args=[plan.pk])))  # warm: nomenclature, templates
    started = time.perf_counter()
    page(client.get(reverse("plan_detail", args=[plan.pk])))
    assert time.perf_counter() - started < 1.0


# ---------------------------------------------------------------------------------------------
# The JSON download


def test_json_download_is_the_plan_with_its_findings(client, alice, plan):
    response = login(client, alice).get(reverse("plan_json", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == (
        'attachment; filename="renaksi-kecamatan-kaligondang-2022-murni-r1.json"'
    )
    document = CorePlan.from_json(response.content.decode())
    assert document.count("subkegiatan") == 25
    assert document.year == 2022 and document.periods == ["TW1", "TW2", "TW3", "TW4"]
    codes = {f.code for f in document.findings}
    assert {"missing-target", "conflicting-target", "header-level-mismatch"} <= codes
    # The validator's findings are today's, not a copy of the import's: no duplicates.
    missing = [f for f in document.findings if f.code == "missing-target"]
    assert len(missing) == len({(f.line, f.message) for f in missing}) == 3


# ---------------------------------------------------------------------------------------------
# Editing nodes


def test_add_a_sub_kegiatan_under_a_kegiatan(client, alice, plan):
    kegiatan = node_named(plan, "Kegiatan Perencanaan, Penganggaran")
    login(client, alice)
    url = reverse("node_add", args=[plan.pk]) + f"?parent={kegiatan.pk}"
    html = page(client.get(url))
    assert 'value="subkegiatan"' in html and 'value="program"' not in html
    response = client.post(
        url,
        {
            "level": "subkegiatan",
            "number": "3",
            "code": "7.01.01.2.01.0007",
            "name": "Koordinasi dan Penyusunan Laporan Capaian Kinerja",
            "budget": "Rp12.500.000,00",
        },
    )
    added = Node.objects.get(plan=plan, name="Koordinasi dan Penyusunan Laporan Capaian Kinerja")
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[plan.pk]) + f"#node-{added.pk}"
    assert (added.parent_id, added.level, added.position) == (kegiatan.pk, "subkegiatan", 2)
    assert added.budget == 12500000
    html = page(client.get(response["Location"]))
    assert "Koordinasi dan Penyusunan Laporan Capaian Kinerja" in html
    assert "12.500.000" in html
    assert selectors.load_document(plan).core.count("subkegiatan") == 26


def test_add_a_top_level_node(client, alice, plan):
    login(client, alice)
    html = page(client.get(reverse("node_add", args=[plan.pk])))
    assert 'value="tujuan"' in html
    response = client.post(
        reverse("node_add", args=[plan.pk]), {"level": "program", "name": "Program Baru"}
    )
    assert response.status_code == 302
    node = Node.objects.get(plan=plan, name="Program Baru")
    assert node.parent_id is None


def test_a_level_that_does_not_fit_is_a_form_error_and_changes_nothing(client, alice, plan):
    kegiatan = node_named(plan, "Kegiatan Perencanaan, Penganggaran")
    before = Node.objects.count()
    login(client, alice)
    url = reverse("node_add", args=[plan.pk]) + f"?parent={kegiatan.pk}"
    response = client.post(url, {"level": "program", "name": "Program di bawah kegiatan"})
    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    response = client.post(url, {"level": "subkegiatan", "name": "  ", "budget": "banyak"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "budget"}
    assert Node.objects.count() == before


def test_edit_a_node(client, alice, plan):
    node = node_named(plan, "Fasilitas Kunjungan Tamu")
    login(client, alice)
    html = page(client.get(reverse("node_edit", args=[node.pk])))
    assert "Fasilitas Kunjungan Tamu" in html
    assert 'value="kegiatan"' not in html  # its parent is a kegiatan
    response = client.post(
        reverse("node_edit", args=[node.pk]),
        {
            "level": "subkegiatan",
            "number": "3",
            "code": "7.01.01.2.06.0008",
            "name": "Fasilitasi Kunjungan Tamu",
            "budget": "1.250.000",
            "version": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#node-{node.pk}")
    node.refresh_from_db()
    assert (node.name, node.code, node.budget) == (
        "Fasilitasi Kunjungan Tamu",
        "7.01.01.2.06.0008",
        1250000,
    )
    html = page(client.get(response["Location"]))
    assert "Fasilitasi Kunjungan Tamu" in html and "7.01.01.2.06.0008" in html


def test_reorder_nodes(client, alice, plan):
    first = node_named(plan, "Penyusunan Dokumen Perencanaan")
    second = node_named(plan, "Evaluasi Kinerja Perangkat Daerah")
    login(client, alice)
    response = client.post(reverse("node_move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#node-{second.pk}")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (0, 1)
    html = page(client.get(reverse("plan_detail", args=[plan.pk])))
    assert html.index(f'id="node-{second.pk}"') < html.index(f'id="node-{first.pk}"')
    assert (
        client.post(reverse("node_move", args=[second.pk]), {"direction": "x"}).status_code == 400
    )


def test_delete_a_node_with_everything_under_it(client, alice, plan):
    kegiatan = node_named(plan, "Kegiatan Perencanaan, Penganggaran")
    login(client, alice)
    response = client.post(reverse("node_delete", args=[kegiatan.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#node-{kegiatan.parent_id}")
    assert not Node.objects.filter(pk=kegiatan.pk).exists()
    assert selectors.load_document(plan).core.count("subkegiatan") == 23
    html = page(client.get(response["Location"]))
    assert "Penyusunan Dokumen Perencanaan Perangkat Daerah" not in html


@pytest.mark.parametrize("name", ["node_delete", "node_move", "indicator_delete", "indicator_move"])
def test_post_only_views_refuse_get(client, alice, plan, name):
    indicator = indicator_named(plan, "Jumlah Dokumen Koordinasi dan Pelaksanaan Akuntansi")
    target = indicator.node_id if name.startswith("node") else indicator.pk
    response = login(client, alice).get(reverse(name, args=[target]))
    assert response.status_code == 405
    assert Node.objects.filter(pk=indicator.node_id).exists()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


# ---------------------------------------------------------------------------------------------
# Editing indicators and targets


def test_setting_the_missing_targets_clears_the_finding(client, alice, plan):
    indicator = indicator_named(plan, "Jumlah Laporan Peningkatan Efektifitas Kegiatan")
    assert "missing-target" in findings_of(plan, indicator)
    login(client, alice)
    html = page(client.get(reverse("indicator_edit", args=[indicator.pk])))
    assert 'name="target_TW4"' in html and 'value="75"' in html
    response = client.post(
        reverse("indicator_edit", args=[indicator.pk]),
        indicator_form(
            {
                "objective": indicator.objective,
                "name": indicator.name,
                "unit": "Laporan",
                "annual_target": "4",
                "version": "0",
            },
            TW1="1",
            TW2="2",
            TW3="3",
            TW4="4",
        ),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#indicator-{indicator.pk}")
    assert "missing-target" not in findings_of(plan, indicator)
    assert "unit-stem-mismatch" not in findings_of(plan, indicator)  # Jumlah … in Laporan now
    html = page(client.get(response["Location"]))
    row = html.split(f'id="indicator-{indicator.pk}"')[1].split("</tr>")[0]
    assert "missing-target" not in row and "Laporan" in row


def test_add_an_indicator_with_indonesian_numbers_and_a_text_target(client, alice, plan):
    node = node_named(plan, "Penyusunan Dokumen Perencanaan")
    login(client, alice)
    html = page(client.get(reverse("indicator_add", args=[node.pk])))
    assert 'name="target_TW1"' in html
    response = client.post(
        reverse("indicator_add", args=[node.pk]),
        indicator_form(
            {
                "objective": "Tersusunnya laporan keuangan",
                "name": "Opini BPK atas laporan",
                "unit": "Opini",
                "annual_target": "WTP",
                "aggregation": "last",
                "weight": "0,5",
            },
            TW1="0,9",
            TW2="1.250",
            TW3="25%",
            TW4="WTP",
        ),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(node=node, name="Opini BPK atas laporan")
    assert response["Location"].endswith(f"#indicator-{indicator.pk}")
    assert (indicator.annual_text, indicator.aggregation, float(indicator.weight)) == (
        "WTP",
        "last",
        0.5,
    )
    assert indicator.position == 1
    stored = {t.period: selectors.db_value(t) for t in Target.objects.filter(indicator=indicator)}
    assert stored == {"TW1": 0.9, "TW2": 1250, "TW3": 25, "TW4": "WTP"}
    html = page(client.get(response["Location"]))
    row = html.split(f'id="indicator-{indicator.pk}"')[1].split("</tr>")[0]
    assert "0,9" in row and "1.250" in row and "WTP" in row
    # The edit form shows the values back as they were typed.
    html = page(client.get(reverse("indicator_edit", args=[indicator.pk])))
    assert 'value="0,9"' in html and 'value="1.250"' in html and 'value="WTP"' in html


def test_invalid_indicator_input_is_a_form_error_and_changes_nothing(client, alice, plan):
    indicator = indicator_named(plan, "Jumlah Dokumen Koordinasi dan Pelaksanaan Akuntansi")
    before = {t.period: selectors.db_value(t) for t in Target.objects.filter(indicator=indicator)}
    login(client, alice)
    response = client.post(
        reverse("indicator_edit", args=[indicator.pk]),
        indicator_form(
            {"name": "", "unit": "%", "weight": "0", "polarity": "upside-down", "version": "0"},
            TW1="1",
            TW2="2",
            TW3="x" * 101,
            TW4="1" + "0" * 30,
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "weight", "polarity", "target_TW3", "target_TW4"}
    indicator.refresh_from_db()
    assert indicator.name.startswith("Jumlah Dokumen Koordinasi")
    after = {t.period: selectors.db_value(t) for t in Target.objects.filter(indicator=indicator)}
    assert after == before


def test_reorder_and_delete_indicators(client, alice, plan):
    program = node_named(plan, "Program Penunjang Urusan")
    first, second = Indicator.objects.filter(node=program).order_by("position")[:2]
    login(client, alice)
    response = client.post(reverse("indicator_move", args=[first.pk]), {"direction": "down"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#indicator-{first.pk}")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (0, 1)
    html = page(client.get(reverse("plan_detail", args=[plan.pk])))
    assert html.index(f'id="indicator-{second.pk}"') < html.index(f'id="indicator-{first.pk}"')

    response = client.post(reverse("indicator_delete", args=[second.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#node-{program.pk}")
    assert not Indicator.objects.filter(pk=second.pk).exists()
    first.refresh_from_db()
    assert first.position == 0
    html = page(client.get(reverse("plan_detail", args=[plan.pk])))
    assert f'id="indicator-{second.pk}"' not in html
