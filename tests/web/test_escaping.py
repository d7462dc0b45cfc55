"""Markup in a document stays text: what an imported document says is never run by the browser.

A plan whose names, objectives and targets carry ``<script>`` and attribute-breaking markup is
imported (saved directly, and staged through the upload as a person would), then every page that
shows it is read: the raw markup must never appear, its escaped form must. Each field carries its
own number (``alert(1)`` … ``alert(8)``) so a failure names the field that leaked.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renaksi.core.plan import Finding, Indicator, Node, Plan
from renaksi.importers import read_plan_text
from renaksi.web.accounts.models import Unit
from renaksi.web.plans import services
from renaksi.web.plans.models import Node as StoredNode


def script(n: int) -> str:
    return f"<script>alert({n})</script>"


def image(n: int) -> str:
    return f'"><img src=x onerror=alert({n})>'


def escaped_script(n: int) -> str:
    return f"&lt;script&gt;alert({n})&lt;/script&gt;"


def escaped_image(n: int) -> str:
    return f"&lt;img src=x onerror=alert({n})&gt;"


# Field → its number in the payloads.
NODE, INDICATOR, OBJECTIVE, TARGET, DOC_UNIT, FINDING, UNIT, FILE = range(1, 9)
PARAMS = 10  # the values of a finding's message, worded in the reader's language

NODE_NAME = f"Sub kegiatan {script(NODE)} {image(NODE)}"
INDICATOR_NAME = f"Jumlah dokumen {script(INDICATOR)} {image(INDICATOR)}"
OBJECTIVE_TEXT = f"Tersedianya {script(OBJECTIVE)} {image(OBJECTIVE)}"
TEXT_TARGET = script(TARGET)  # a text target ("WTP", "Tersedia") is kept as it stands
ANNUAL_TARGET = image(TARGET)
FILE_NAME = f"rencana aksi {image(FILE)}.json"  # no slash: it stays a file name

RAW = [
    "<script>",
    "<img src=x",
    *(script(n) for n in (*range(1, 9), PARAMS)),
    *(image(n) for n in (*range(1, 9), PARAMS)),
]


def hostile_document() -> Plan:
    sub = Node(
        level="subkegiatan",
        name=NODE_NAME,
        code="7.01.01.2.01.0001",
        number="1",
        indicators=[
            Indicator(
                name=INDICATOR_NAME,
                objective=OBJECTIVE_TEXT,
                unit="Dokumen",
                annual_target=ANNUAL_TARGET,
                targets={"TW1": TEXT_TARGET, "TW2": 2, "TW3": 3, "TW4": 4},
                line=3,
            )
        ],
        line=3,
    )
    kegiatan = Node(level="kegiatan", name="Kegiatan Perencanaan", children=[sub], line=2)
    program = Node(level="program", name="Program Penunjang", children=[kegiatan], line=1)
    return Plan(
        unit=f"Kecamatan {script(DOC_UNIT)}",
        year=2022,
        periods=["TW1", "TW2", "TW3", "TW4"],
        nodes=[program],
        findings=[
            Finding("warning", "stray-number", f"found {script(FINDING)} here", line=3),
            # A finding with params: its message is worded from them in the reader's language.
            Finding(
                "error",
                "conflicting-target",
                "TW2 target given twice",
                line=3,
                field="TW2",
                params={
                    "variant": "target",
                    "period": "TW2",
                    "indicator": f"Jumlah {script(PARAMS)}",
                    "first": image(PARAMS),
                    "first_line": 3,
                    "second": 2,
                    "second_line": 3,
                },
            ),
        ],
    )


@pytest.fixture
def hostile_unit(kabupaten):
    return Unit.objects.create(
        name=f"Kecamatan {script(UNIT)}", kind=Unit.Kind.KECAMATAN, parent=kabupaten
    )


@pytest.fixture
def hostile_plan(hostile_unit, erin):
    return services.import_plan(
        unit=hostile_unit,
        year=2022,
        version="murni",
        document=hostile_document(),
        user=erin,
        source_name=FILE_NAME,
    )


@pytest.fixture
def erin_client(erin):
    client = Client()
    client.force_login(erin)
    return client


def assert_escaped(response, must_show: list[int]):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, f"unescaped markup in the page: {raw!r}"
    for n in must_show:
        assert escaped_script(n) in html or escaped_image(n) in html, (
            f"field alert({n}) is not shown escaped"
        )
    return html


def test_plan_page(erin_client, hostile_plan):
    response = erin_client.get(reverse("plan_detail", args=[hostile_plan.pk]))
    assert_escaped(response, [NODE, INDICATOR, OBJECTIVE, TARGET, UNIT])


def test_plan_page_for_a_reader(hostile_plan, charlie):
    # The read-only page (no edit links) is escaped the same way.
    client = Client()
    client.force_login(charlie)
    response = client.get(reverse("plan_detail", args=[hostile_plan.pk]))
    assert_escaped(response, [NODE, INDICATOR, OBJECTIVE, TARGET])


def test_unit_page_and_unit_list(erin_client, hostile_plan, hostile_unit):
    assert_escaped(erin_client.get(reverse("unit_detail", args=[hostile_unit.pk])), [UNIT])
    assert_escaped(erin_client.get(reverse("unit_list")), [UNIT])


@pytest.mark.parametrize(
    ("name", "obj"),
    [("node_edit", "node"), ("indicator_add", "node"), ("indicator_edit", "indicator")],
)
def test_edit_forms(erin_client, hostile_plan, name, obj):
    node = StoredNode.objects.get(plan=hostile_plan, level="subkegiatan")
    target = node if obj == "node" else node.indicators.get()
    html = assert_escaped(erin_client.get(reverse(name, args=[target.pk])), [])
    if name != "indicator_add":
        # The form's fields hold the stored text, escaped, ready to be saved back unchanged.
        assert "&lt;script&gt;" in html


def test_json_download(erin_client, hostile_plan):
    response = erin_client.get(reverse("plan_json", args=[hostile_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content.decode("utf-8"))
    sub = data["nodes"][0]["children"][0]["children"][0]
    indicator = sub["indicators"][0]
    assert sub["name"] == NODE_NAME
    assert indicator["name"] == INDICATOR_NAME
    assert indicator["objective"] == OBJECTIVE_TEXT
    assert indicator["targets"]["TW1"] == TEXT_TARGET
    assert indicator["annual_target"] == ANNUAL_TARGET
    assert any(f["message"] == f"found {script(FINDING)} here" for f in data["findings"])


def test_import_preview_of_a_json_upload(hostile_unit, erin_client, erin):
    upload = SimpleUploadedFile(
        FILE_NAME, hostile_document().to_json().encode(), content_type="application/json"
    )
    session = services.stage_import(
        unit=hostile_unit, year=2022, version="murni", upload=upload, user=erin, max_bytes=10**6
    )
    response = erin_client.get(reverse("import_preview", args=[session.pk]))
    assert_escaped(response, [NODE, INDICATOR, OBJECTIVE, TARGET, FINDING, UNIT, FILE])


def test_import_preview_of_a_text_document(hostile_unit, erin_client, erin):
    # The same markup typed into the cells of a document copied as text: the importer reads it
    # as names like any other, and the preview shows it as text.
    lines = [
        "PROGRAM\tINDIKATOR KINERJA\tTARGET\t",
        "\t\tTW I\tTW II\tTW III\tTW IV",
        f"1. Program Penunjang {script(NODE)}\t{INDICATOR_NAME}\t25%\t50%\t75%\t100%",
    ]
    document = read_plan_text("\n".join(lines))
    text = "\n".join(lines).encode()
    upload = SimpleUploadedFile(f"rencana {image(FILE)}.txt", text, content_type="text/plain")
    session = services.stage_import(
        unit=hostile_unit, year=2022, version="murni", upload=upload, user=erin, max_bytes=10**6
    )
    response = erin_client.get(reverse("import_preview", args=[session.pk]))
    # The importer keeps the markup in the names (and quotes them in its findings).
    assert [n.name for n, _ in document.walk()] == [f"Program Penunjang {script(NODE)}"]
    assert any(script(NODE) in f.message for f in document.findings)
    assert_escaped(response, [FILE, UNIT, NODE, INDICATOR])


def test_upload_through_the_form_and_follow_to_the_plan(hostile_unit, erin_client):
    # The whole way a person goes: upload form → preview → confirm → plan page; every page escaped.
    upload = SimpleUploadedFile(
        FILE_NAME, hostile_document().to_json().encode(), content_type="application/json"
    )
    response = erin_client.post(
        reverse("import_upload", args=[hostile_unit.pk]),
        {"file": upload, "year": "2022", "version": "murni"},
        follow=True,
    )
    assert_escaped(response, [NODE, INDICATOR, FILE])
    session_id = response.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    # The document names another unit: the refusal names both, escaped.
    response = erin_client.post(reverse("import_confirm", args=[session_id]))
    assert response.status_code == 400
    response.status_code = 200  # the page itself, checked as the others
    assert_escaped(response, [DOC_UNIT, UNIT, NODE])
    response = erin_client.post(
        reverse("import_confirm", args=[session_id]), {"mismatch_confirmed": "1"}, follow=True
    )
    html = assert_escaped(response, [NODE, INDICATOR, OBJECTIVE, TARGET])
    assert escaped_script(UNIT) in html  # the success message names the unit


def test_an_edit_with_markup_is_shown_escaped_in_the_message_and_the_page(
    erin_client, hostile_plan
):
    node = StoredNode.objects.get(plan=hostile_plan, level="subkegiatan")
    response = erin_client.post(
        reverse("node_edit", args=[node.pk]),
        {
            "level": node.level,
            "number": "1",
            "code": "",
            "name": script(9),
            "budget": "",
            "version": node.version,
        },
        follow=True,
    )
    assert response.redirect_chain  # saved: the message names it
    html = assert_escaped(response, [])
    assert script(9) not in html
    assert escaped_script(9) in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_values_of_a_finding_message_are_escaped_in_each_language(
    erin_client, hostile_plan, hostile_unit, erin, language
):
    # The values a finding's message is made of are imported text: escaped on the plan page and
    # in the import preview, whichever language words the message.
    erin_client.post(reverse("set_language"), {"language": language, "next": "/"})
    words = {"id": "pada baris 3", "en": "on line 3"}[language]
    html = assert_escaped(erin_client.get(reverse("plan_detail", args=[hostile_plan.pk])), [PARAMS])
    assert words in html
    assert escaped_script(PARAMS) in html and escaped_image(PARAMS) in html
    upload = SimpleUploadedFile(
        FILE_NAME, hostile_document().to_json().encode(), content_type="application/json"
    )
    session = services.stage_import(
        unit=hostile_unit, year=2022, version="murni", upload=upload, user=erin, max_bytes=10**6
    )
    html = assert_escaped(erin_client.get(reverse("import_preview", args=[session.pk])), [PARAMS])
    assert words in html
    assert escaped_script(PARAMS) in html and escaped_image(PARAMS) in html
