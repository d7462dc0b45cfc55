"""Text that enters through the web: every limit at its edge (exactly the limit passes, one more
is refused with the field's error), a NUL refused, other control characters removed, in the
plan editor, the realisasi sheet, the workflow and the report settings, by the forms and by the
services behind them. A document holding a NUL imports, and every report of it downloads; the
kabupaten workbook of units named like formulas holds no formula (docs/security.md)."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from renaksi.core import text as T
from renaksi.core.plan import Indicator as CoreIndicator
from renaksi.core.plan import Node as CoreNode
from renaksi.core.plan import Plan as CorePlan
from renaksi.web.accounts.models import Unit
from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import Realisation, Report
from renaksi.web.plans import services
from renaksi.web.plans.models import ImportSession, Indicator, Node, Plan, Target
from renaksi.web.reportjobs import services as reports

from .conftest import login

NUL = "\x00"


def english(client):
    client.cookies["django_language"] = "en"
    return client


def words(length: int) -> str:
    """A text of exactly ``length`` characters, in words, ending on a letter."""
    return ("Penyusunan Dokumen " * (length // 19 + 1))[: length - 1] + "Z"


def first_node(plan, level="subkegiatan") -> Node:
    return Node.objects.filter(plan=plan, level=level).order_by("id").first()


def first_indicator(plan) -> Indicator:
    return Indicator.objects.filter(node__plan=plan).order_by("id").first()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------------------------------------
# The plan editor: node and indicator forms

NODE_FIELDS = [
    pytest.param("name", T.NAME_LENGTH, id="name"),
    pytest.param("code", T.CODE_LENGTH, id="code"),
    pytest.param("number", T.NUMBER_LENGTH, id="number"),
]


def node_post(client, node, **fields):
    data = {"level": node.level, "number": node.number, "code": node.code, "name": node.name}
    data["version"] = type(node).objects.get(pk=node.pk).version  # a form opened just now
    data.update(fields)
    return client.post(reverse("node_edit", args=[node.pk]), data)


@pytest.mark.parametrize("field, limit", NODE_FIELDS)
def test_node_form_takes_a_text_of_its_limit_and_refuses_one_more(
    client, alice, plan, field, limit
):
    node = first_node(plan)
    login(english(client), alice)
    text = words(limit)
    assert node_post(client, node, **{field: text}).status_code == 302
    node.refresh_from_db()
    assert getattr(node, field) == text
    response = node_post(client, node, **{field: words(limit + 1)})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    ]
    node.refresh_from_db()
    assert getattr(node, field) == text


INDICATOR_FIELDS = [
    pytest.param("name", T.INDICATOR_LENGTH, id="indicator"),
    pytest.param("objective", T.OBJECTIVE_LENGTH, id="objective"),
    pytest.param("unit", T.UNIT_LENGTH, id="unit"),
]


def indicator_post(client, indicator, **fields):
    data = {
        "objective": indicator.objective,
        "name": indicator.name,
        "unit": indicator.unit,
        "annual_target": "",
        "target_mode": "cumulative",
        "aggregation": "",
        "polarity": "",
        "weight": "1",
        "version": type(indicator).objects.get(pk=indicator.pk).version,  # opened just now
    }
    data.update(fields)
    return client.post(reverse("indicator_edit", args=[indicator.pk]), data)


@pytest.mark.parametrize("field, limit", INDICATOR_FIELDS)
def test_indicator_form_takes_a_text_of_its_limit_and_refuses_one_more(
    client, alice, plan, field, limit
):
    indicator = first_indicator(plan)
    login(english(client), alice)
    text = words(limit)
    assert indicator_post(client, indicator, **{field: text}).status_code == 302
    indicator.refresh_from_db()
    assert getattr(indicator, field) == text
    response = indicator_post(client, indicator, **{field: words(limit + 1)})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    ]


def test_a_text_target_of_100_passes_and_101_is_refused(client, alice, plan):
    indicator = first_indicator(plan)
    login(english(client), alice)
    assert indicator_post(client, indicator, annual_target="W" * 100).status_code == 302
    indicator.refresh_from_db()
    assert indicator.annual_text == "W" * 100
    response = indicator_post(client, indicator, annual_target="W" * 101)
    assert response.context["form"].errors["annual_target"] == [
        "A text target can have at most 100 characters."
    ]


@pytest.mark.parametrize(
    "post, field",
    [
        pytest.param(lambda c, p: node_post(c, first_node(p), name="Sub\x00 Kegiatan"), "name",
                     id="node-name"),
        pytest.param(lambda c, p: node_post(c, first_node(p), code="7.01\x00"), "code",
                     id="node-code"),
        pytest.param(lambda c, p: indicator_post(c, first_indicator(p), name="Persentase\x00"),
                     "name", id="indicator-name"),
        pytest.param(lambda c, p: indicator_post(c, first_indicator(p), objective="Ter\x00"),
                     "objective", id="objective"),
        pytest.param(lambda c, p: indicator_post(c, first_indicator(p), unit="%\x00"), "unit",
                     id="unit"),
        pytest.param(lambda c, p: indicator_post(c, first_indicator(p), annual_target="WTP\x00"),
                     "annual_target", id="text-target"),
    ],
)  # fmt: skip
def test_a_nul_is_refused_with_the_fields_error(client, alice, plan, post, field):
    login(english(client), alice)
    before = (list(Node.objects.values_list("name", "code")), list(Indicator.objects.values()))
    response = post(client, plan)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Null characters are not allowed."]
    after = (list(Node.objects.values_list("name", "code")), list(Indicator.objects.values()))
    assert after == before


def test_other_control_characters_are_removed(client, alice, plan):
    node = first_node(plan)
    login(client, alice)
    assert node_post(client, node, name="Sub\x01 Kegiatan\x1b[31m\r\nBaru").status_code == 302
    node.refresh_from_db()
    assert node.name == "Sub Kegiatan[31m\nBaru"


SERVICE_CASES = [
    pytest.param(lambda n, i: services.update_node(node=n, name=words(T.NAME_LENGTH + 1)),
                 "The name can have at most 2.000 characters (it has 2.001).", id="node-name"),
    pytest.param(lambda n, i: services.create_node(plan=n.plan, parent=n.parent, level=n.level,
                                                   name="Baru", code="7" * 41),
                 "The code can have at most 40 characters (it has 41).", id="node-code"),
    pytest.param(lambda n, i: services.update_node(node=n, name="Baru", number="1" * 21),
                 "The numbering can have at most 20 characters (it has 21).", id="node-number"),
    pytest.param(lambda n, i: services.create_indicator(node=n, name=words(2001)),
                 "The indicator can have at most 2.000 characters (it has 2.001).",
                 id="indicator"),
    pytest.param(lambda n, i: services.update_indicator(indicator=i, name=i.name,
                                                        objective=words(2001)),
                 "The result statement can have at most 2.000 characters (it has 2.001).",
                 id="objective"),
    pytest.param(lambda n, i: services.update_indicator(indicator=i, name=i.name, unit="u" * 101),
                 "The unit can have at most 100 characters (it has 101).", id="unit"),
    pytest.param(lambda n, i: services.set_targets(indicator=i, values={"TW1": "W" * 101}),
                 "A text value can have at most 100 characters (it has 101).", id="target"),
    pytest.param(lambda n, i: services.update_node(node=n, name="Sub\x00Kegiatan"),
                 "The name holds a NUL character, which is not allowed.", id="node-nul"),
    pytest.param(lambda n, i: services.update_indicator(indicator=i, name=i.name, unit="%\x00"),
                 "The unit holds a NUL character, which is not allowed.", id="unit-nul"),
    pytest.param(lambda n, i: services.set_targets(indicator=i, values={"TW1": "WTP\x00"}),
                 "A text value holds a NUL character, which is not allowed.", id="target-nul"),
]  # fmt: skip


@pytest.mark.parametrize("call, message", SERVICE_CASES)
def test_the_services_refuse_what_the_forms_refuse(plan, call, message):
    from django.utils import translation

    node, indicator = first_node(plan), first_indicator(plan)
    before = (list(Node.objects.values()), list(Indicator.objects.values()), Target.objects.count())
    with translation.override("en"), pytest.raises(services.ServiceError) as refused:
        call(node, indicator)
    assert str(refused.value) == message
    after = (list(Node.objects.values()), list(Indicator.objects.values()), Target.objects.count())
    assert after == before


def test_the_services_take_texts_at_their_limits(plan):
    node, indicator = first_node(plan), first_indicator(plan)
    services.update_node(node=node, name=words(2000), code="7" * 40, number="1" * 20)
    services.update_indicator(
        indicator=indicator, name=words(2000), objective=words(2000), unit="u" * 100
    )
    services.set_targets(indicator=indicator, values={"TW1": "W" * 100})
    node.refresh_from_db()
    indicator.refresh_from_db()
    assert (len(node.name), node.code, node.number) == (2000, "7" * 40, "1" * 20)
    assert (len(indicator.name), len(indicator.objective), indicator.unit) == (
        2000,
        2000,
        "u" * 100,
    )
    assert Target.objects.get(indicator=indicator, period="TW1").text == "W" * 100


# ---------------------------------------------------------------------------------------------
# Quarterly monitoring: the sheet, the workflow, evidence


def sheet_url(plan, period="TW1"):
    return reverse("monitoring_sheet", args=[plan.pk, period])


def sheet_post(client, plan, indicator, **fields):
    data = {f"value-{indicator.pk}": "", f"version-{indicator.pk}": ""}
    data.update({f"{name}-{indicator.pk}": value for name, value in fields.items()})
    return client.post(sheet_url(plan), data)


@pytest.mark.parametrize("field", ["obstacles", "factors", "followup"])
def test_a_narrative_of_5000_is_saved_and_5001_refused_on_its_row(client, alice, plan, field):
    indicator = first_indicator(plan)
    login(english(client), alice)
    assert sheet_post(client, plan, indicator, **{field: words(5000)}).status_code == 302
    saved = Realisation.objects.get(indicator=indicator)
    stored = {"obstacles": saved.obstacles, "factors": saved.supporting_factors,
              "followup": saved.follow_up}[field]  # fmt: skip
    assert stored == words(5000)
    data = {f"value-{indicator.pk}": "", f"version-{indicator.pk}": str(saved.version),
            f"{field}-{indicator.pk}": words(5001)}  # fmt: skip
    html = client.post(sheet_url(plan), data).content.decode()
    assert "A text can have at most 5000 characters." in html
    assert Realisation.objects.get(indicator=indicator).version == saved.version


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"obstacles": "Hujan\x00"}, id="kendala"),
        pytest.param({"factors": "\x00"}, id="faktor-pendukung"),
        pytest.param({"followup": "Rapat\x00 ulang"}, id="tindak-lanjut"),
        pytest.param({"value": "WTP\x00"}, id="realisasi-text"),
    ],
)
def test_a_nul_on_the_sheet_is_refused_on_its_row(client, alice, plan, fields):
    indicator = first_indicator(plan)
    login(english(client), alice)
    response = sheet_post(client, plan, indicator, **fields)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not Realisation.objects.filter(indicator=indicator).exists()


def test_other_control_characters_on_the_sheet_are_removed(client, alice, plan):
    indicator = first_indicator(plan)
    login(client, alice)
    response = sheet_post(client, plan, indicator, obstacles="Hujan\x01 deras\x1b", value="W\x02TP")
    assert response.status_code == 302
    saved = Realisation.objects.get(indicator=indicator)
    assert (saved.obstacles, saved.text) == ("Hujan deras", "WTP")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        pytest.param({"obstacles": "a\x00"}, "The text holds a NUL character", id="nul"),
        pytest.param({"follow_up": words(5001)}, "The text can have at most 5.000 characters",
                     id="too-long"),
        pytest.param({"value": "WTP\x00"}, "A text value holds a NUL character", id="value-nul"),
    ],
)  # fmt: skip
def test_save_realisation_refuses_what_the_sheet_refuses(plan, alice, kwargs, message):
    from django.utils import translation

    fields = {"value": None, **kwargs}
    with translation.override("en"), pytest.raises(monitoring.MonitoringError) as refused:
        monitoring.save_realisation(
            indicator=first_indicator(plan), period="TW1", expected_version=None, user=alice,
            **fields,
        )  # fmt: skip
    assert str(refused.value).startswith(message)
    assert not Realisation.objects.exists()


@pytest.fixture
def submitted(plan, alice):
    return monitoring.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)


@pytest.mark.parametrize(
    "note, refused",
    [
        pytest.param(words(5000), None, id="5000-passes"),
        pytest.param(words(5001), "Ensure this value has at most 5000 characters (it has 5001).",
                     id="5001-refused"),
        pytest.param("Perbaiki\x00", "Null characters are not allowed.", id="nul-refused"),
    ],
)  # fmt: skip
def test_a_returned_reports_note_at_its_limit(client, dave, submitted, note, refused):
    login(english(client), dave)
    response = client.post(
        reverse("monitoring_review", args=[submitted.pk]), {"decision": "return", "note": note}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    if refused:
        assert submitted.state == Report.State.SUBMITTED
        assert refused in messages_of(response)
    else:
        assert (submitted.state, submitted.reviewer_note) == (Report.State.RETURNED, note)


@pytest.mark.parametrize(
    "reason, refused",
    [
        pytest.param(words(5000), None, id="5000-passes"),
        pytest.param(words(5001), "Ensure this value has at most 5000 characters (it has 5001).",
                     id="5001-refused"),
        pytest.param("Salah\x00", "Null characters are not allowed.", id="nul-refused"),
    ],
)  # fmt: skip
def test_an_unlock_reason_at_its_limit(client, dave, erin, submitted, reason, refused):
    monitoring.verify_report(report=submitted, user=dave)
    login(english(client), erin)
    response = client.post(reverse("monitoring_unlock", args=[submitted.pk]), {"reason": reason})
    assert response.status_code == 302
    submitted.refresh_from_db()
    if refused:
        assert submitted.state == Report.State.VERIFIED
        assert refused in messages_of(response)
    else:
        assert submitted.state == Report.State.RETURNED


@pytest.mark.parametrize("call", ["return", "verify", "unlock"])
def test_the_workflow_services_refuse_a_nul(plan, alice, dave, submitted, call):
    if call == "unlock":
        monitoring.verify_report(report=submitted, user=dave)
    act = {
        "return": lambda: monitoring.return_report(report=submitted, user=dave, note="a\x00"),
        "verify": lambda: monitoring.verify_report(report=submitted, user=dave, note="a\x00"),
        "unlock": lambda: monitoring.unlock_report(report=submitted, user=dave, reason="a\x00"),
    }[call]
    state = Report.objects.get(pk=submitted.pk).state
    with pytest.raises(monitoring.MonitoringError):
        act()
    assert Report.objects.get(pk=submitted.pk).state == state


@pytest.mark.parametrize("link", ["https://example.go.id/bukti\x00.pdf", "https://a.id/\x01x"])
def test_an_evidence_link_with_control_characters_is_refused(plan, alice, link):
    with pytest.raises(monitoring.EvidenceError):
        monitoring.save_realisation_with_evidence(
            indicator=first_indicator(plan),
            period="TW1",
            value=5,
            expected_version=None,
            user=alice,
            link=link,
        )
    assert not Realisation.objects.exists()


# ---------------------------------------------------------------------------------------------
# Report settings

SETTINGS = {
    "signature_place": 100,
    "head_position": 200,
    "head_name": 200,
    "head_nip": 30,
}


def settings_post(client, unit, **fields):
    data = {"signature_place": "", "head_position": "", "head_name": "", "head_nip": "",
            "paper": "A4"}  # fmt: skip
    data["version"] = type(unit).objects.get(pk=unit.pk).settings_version  # opened just now
    data.update(fields)
    return client.post(reverse("report_settings", args=[unit.pk]), data)


@pytest.mark.parametrize("field, limit", SETTINGS.items())
def test_report_settings_at_their_limits(client, alice, kaligondang, field, limit):
    login(english(client), alice)
    assert settings_post(client, kaligondang, **{field: "K" * limit}).status_code == 302
    kaligondang.refresh_from_db()
    assert getattr(kaligondang, field) == "K" * limit
    response = settings_post(client, kaligondang, **{field: "K" * (limit + 1)})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    ]
    response = settings_post(client, kaligondang, **{field: "Kali\x00gondang"})
    assert response.context["form"].errors[field] == ["Null characters are not allowed."]
    kaligondang.refresh_from_db()
    assert getattr(kaligondang, field) == "K" * limit


@pytest.mark.parametrize("field, limit", SETTINGS.items())
def test_update_report_settings_refuses_too_long_and_nul(kaligondang, field, limit):
    texts = dict.fromkeys(SETTINGS, "")
    for bad in ("K" * (limit + 1), "K\x00"):
        with pytest.raises(services.ServiceError):
            reports.update_report_settings(unit=kaligondang, paper="A4", **{**texts, field: bad})
    kaligondang.refresh_from_db()
    assert getattr(kaligondang, field) == ""


# ---------------------------------------------------------------------------------------------
# A document holding a NUL, imported and reported; formulas in the kabupaten workbook


def nul_document() -> bytes:
    """A CSV plan whose names hold a NUL after the first 4 KB (the text readers look for binary
    data there) and other control characters."""
    padding = "".join(f"Catatan {i},,,,,,,\n" for i in range(300))
    rows = (
        "No,Uraian,Indikator Kinerja,Satuan,TW I,TW II,TW III,TW IV\n"
        "1,Program Penunjang\x00 Urusan Pemerintahan,Persentase\x01 laporan\x00 tersusun,"
        "%,25,50,75,100\n"
    )
    return ("RENCANA AKSI TAHUN 2022\n" + padding + "\n" + rows).encode("utf-8")


def test_a_document_with_a_nul_imports_and_every_report_downloads(client, alice, kaligondang):
    data = nul_document()
    assert b"\x00" in data[4096:]
    login(client, alice)
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {"file": SimpleUploadedFile("rencana.csv", data), "year": 2022, "version": "murni"},
    )
    assert response.status_code == 302
    session = ImportSession.objects.get()
    assert client.post(reverse("import_confirm", args=[session.pk])).status_code == 302
    plan = Plan.objects.get()
    assert list(Node.objects.filter(plan=plan).values_list("name", flat=True)) == [
        "Program Penunjang Urusan Pemerintahan"
    ]
    assert Indicator.objects.get(node__plan=plan).name == "Persentase laporan tersusun"
    for kind in reports.available_reports():
        for fmt in reports.available_formats():
            url = reverse("report_download", args=[plan.pk, kind, fmt])
            assert client.get(url).status_code == 200, (kind, fmt)
    url = reverse("report_download", args=[plan.pk, "pemantauan", "xlsx"]) + "?period=TW1"
    assert client.get(url).status_code == 200


def test_a_plan_json_with_nul_and_long_texts_is_stored_clean(client, alice, kaligondang):
    document = CorePlan(
        unit="Kecamatan\x00 Kaligondang",
        year=2022,
        periods=["TW1"],
        nodes=[
            CoreNode(
                "program",
                "Program\x00 " + words(2500),
                indicators=[CoreIndicator("Persentase\x00", unit="u" * 150, targets={"TW1": 5})],
            )
        ],
    )
    document.findings = []
    payload = document.to_json().encode("utf-8")
    assert b"\\u0000" in payload
    login(client, alice)
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {"file": SimpleUploadedFile("rencana.json", payload), "year": 2022, "version": "murni"},
    )
    assert response.status_code == 302
    session = ImportSession.objects.get()
    assert client.post(reverse("import_confirm", args=[session.pk])).status_code == 302
    plan = Plan.objects.get()
    node = Node.objects.get(plan=plan)
    assert NUL not in node.name and len(node.name) == T.NAME_LENGTH
    assert Indicator.objects.get(node=node).unit == "u" * 100
    assert plan.document_unit == "Kecamatan Kaligondang"
    cut = sorted(f["params"]["variant"] for f in plan.import_findings if f["code"] == "text-cut")
    assert cut == ["name", "unit"]


def test_import_plan_holds_any_document_to_the_limits(kaligondang, alice):
    """The service itself, for a plan that did not come through the importer."""
    document = CorePlan(
        unit="K",
        year=2022,
        periods=["TW1"],
        nodes=[CoreNode("program", "P\x00" + "x" * 2000, code="1" * 41, number="2" * 21)],
    )
    plan = services.import_plan(
        unit=kaligondang, year=2022, version="murni", document=document, user=alice
    )
    node = Node.objects.get(plan=plan)
    assert (node.name, node.code, node.number) == ("P" + "x" * 1999, "1" * 40, "2" * 20)
    assert sorted(f["params"]["variant"] for f in plan.import_findings) == [
        "code",
        "name",
        "number",
    ]


FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","x")', "+1+1", "@SUM(1)"]


def test_the_kabupaten_workbook_of_formula_names_holds_no_formula(kabupaten, alice):
    for i, name in enumerate(FORMULAS):
        unit = Unit.objects.create(name=name, kind=Unit.Kind.DINAS, parent=kabupaten)
        unit.signature_place = "-" + name
        unit.save()
        document = CorePlan(
            unit=name,
            year=2022,
            periods=["TW1"],
            nodes=[
                CoreNode(
                    "program",
                    FORMULAS[i - 1],
                    indicators=[CoreIndicator(FORMULAS[i - 2], unit="=%", targets={"TW1": "=1"})],
                )
            ],
        )
        services.import_plan(unit=unit, year=2022, version="murni", document=document, user=alice)
    data = reports.build_kabupaten_workbook(kabupaten, 2022)
    with __import__("zipfile").ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        )
    assert re.search(r"<(\w+:)?f[ >]", xml) is None
    cells = [
        c
        for ws in load_workbook(io.BytesIO(data)).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert set(FORMULAS) <= values and "=%" in values and "=1" in values
    assert all(c.quotePrefix for c in cells if c.value in FORMULAS)
