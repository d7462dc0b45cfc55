"""PENANGGUNG JAWAB read from a document: kept on each indicator (``extra["person_in_charge"]``),
written in the plan JSON and read back from it."""

from __future__ import annotations

from renaksi.core.plan import Plan
from renaksi.importers import read_plan_text

HEADER = [
    "NO",
    "SASARAN STRATEGIS",
    "INDIKATOR KINERJA",
    "SATUAN",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "PENANGGUNG JAWAB",
]


def _read(*rows: list[str]) -> Plan:
    return read_plan_text("\n".join("\t".join(r) for r in rows))


def _owners(plan: Plan) -> list[tuple[str, str | None]]:
    return [
        (i.name, i.extra.get("person_in_charge"))
        for root in plan.nodes
        for node, _ in root.walk()
        for i in node.indicators
    ]


def test_each_indicator_keeps_its_person_in_charge():
    plan = _read(
        ["RENCANA AKSI"],
        ["DINAS PENDIDIKAN KABUPATEN BANYUMAS TAHUN 2022"],
        [""],
        HEADER,
        ["1", "Meningkatnya akses pendidikan", "APM SD", "%", "25", "50", "75", "100", "Bidang SD"],
        ["", "", "APM SMP", "%", "25", "50", "75", "100", "Bidang SMP"],
        # Written once per node and merged down: the next indicator of the node takes it.
        ["", "", "Angka Putus Sekolah", "%", "25", "50", "75", "100", ""],
    )
    assert _owners(plan) == [
        ("APM SD", "Bidang SD"),
        ("APM SMP", "Bidang SMP"),
        ("Angka Putus Sekolah", "Bidang SMP"),
    ]


def test_the_plan_json_carries_it_as_an_optional_key():
    plan = _read(
        ["RENCANA AKSI"],
        ["DINAS PENDIDIKAN KABUPATEN BANYUMAS TAHUN 2022"],
        [""],
        HEADER,
        ["1", "Meningkatnya akses pendidikan", "APM SD", "%", "25", "50", "75", "100", "Bidang SD"],
    )
    data = plan.to_dict()
    indicator = data["nodes"][0]["indicators"][0]
    assert indicator["person_in_charge"] == "Bidang SD"
    assert _owners(Plan.from_dict(data)) == [("APM SD", "Bidang SD")]
    del indicator["person_in_charge"]  # optional: a plan without it reads as before
    assert _owners(Plan.from_dict(data)) == [("APM SD", None)]
