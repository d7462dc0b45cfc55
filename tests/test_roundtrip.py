"""A parsed plan survives its JSON form: export, read back, export again gives the same thing.

The JSON form is what ``renaksi parse --json`` prints, what ``renaksi import`` and the web
application read: so a plan read from a document, written as JSON and read back through
``read_plan`` of the .json file, must be the same plan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renaksi.cli import main
from renaksi.core.plan import Finding, Indicator, Node, Plan
from renaksi.importers import read_plan, read_plan_text

SAMPLE = (
    Path(__file__).parents[1]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)


def _tsv(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(row) for row in rows) + "\n"


# A tall table: sasaran and program, quarterly targets as label/value rows.
TALL = _tsv(
    [
        ["RENCANA AKSI TAHUN 2024"],
        ["KECAMATAN CONTOH"],
        [""],
        ["SASARAN", "", "", "", "PROGRAM"],
        [
            "URAIAN",
            "INDIKATOR KINERJA",
            "TARGET",
            "",
            "URAIAN",
            "SASARAN",
            "INDIKATOR KINERJA",
            "TARGET",
        ],
        [
            "1. Meningkatnya Kualitas Pelayanan Publik",
            "1. Indeks Kepuasan Masyarakat",
            "TW I",
            "25%",
            "1. Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
            "1. Tersedianya Laporan Capaian Kinerja",
            "1. Persentase Laporan Kinerja yang Tersusun",
            "TW I",
            "25%",
        ],
        ["", "", "TW II", "50%", "", "", "", "TW II", "50%"],
        ["", "", "TW III", "75%", "", "", "", "TW III", "70%"],
        ["", "", "TW IV", "100%", "", "", "", "TW IV", "100%"],
    ]
)

# A wide table: codes, one column per quarter, annual targets, units, budgets, a text target.
WIDE = _tsv(
    [
        ["RENCANA AKSI DINAS CONTOH TAHUN 2023"],
        [""],
        [
            "NO",
            "KODE",
            "PROGRAM/KEGIATAN/SUB KEGIATAN",
            "INDIKATOR KINERJA",
            "SATUAN",
            "TARGET TAHUNAN",
            "TW I",
            "TW II",
            "TW III",
            "TW IV",
            "ANGGARAN (Rp)",
        ],
        [
            "1",
            "7.01.01",
            "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
            "Nilai SAKIP",
            "Angka",
            "0,9",
            "0,2",
            "0,4",
            "0,6",
            "0,9",
            "1.250.000.000",
        ],
        [
            "2",
            "7.01.01.2.01",
            "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
            "Opini BPK",
            "Predikat",
            "WTP",
            "-",
            "-",
            "-",
            "WTP",
            "125.000.000",
        ],
        [
            "3",
            "7.01.01.2.01.0001",
            "Penyusunan Dokumen Perencanaan Perangkat Daerah – “Renja”",
            "Jumlah Dokumen Perencanaan",
            "Dokumen",
            "1.250",
            "100",
            "500",
            "1.000",
            "1.250",
            "25.000.000,50",
        ],
    ]
)

# Targets and realisasi side by side: the plan carries actuals.
ACTUALS = _tsv(
    [
        ["RENCANA AKSI TAHUN 2022"],
        [""],
        ["SASARAN", "", "", "", "PROGRAM"],
        [
            "URAIAN",
            "INDIKATOR KINERJA",
            "TARGET",
            "REALISASI",
            "URAIAN",
            "INDIKATOR KINERJA",
            "TARGET",
            "REALISASI",
        ],
        [
            "1. Meningkatnya Akuntabilitas Kinerja",
            "1. Nilai SAKIP",
            "TW I",
            "25%",
            "20%",
            "1. Program Penunjang Urusan Pemerintahan Daerah",
            "1. Persentase Dokumen",
            "TW I",
            "25%",
            "30%",
        ],
        ["", "", "TW II", "50%", "45%", "", "", "TW II", "50%", "55%"],
    ]
)

DOCUMENTS = {"tall": TALL, "wide": WIDE, "actuals": ACTUALS}


def _documents(tmp_path: Path) -> dict[str, Path]:
    paths = {"sample": SAMPLE}
    for name, text in DOCUMENTS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def assert_round_trips(plan: Plan) -> None:
    data = plan.to_dict()
    text = plan.to_json()
    again = Plan.from_json(text)
    assert again.to_dict() == data
    assert again.to_json() == text
    assert Plan.from_dict(json.loads(json.dumps(data))).to_dict() == data
    assert Plan.from_json(plan.to_json(indent=None)).to_dict() == data


@pytest.mark.parametrize("name", ["sample", *DOCUMENTS])
def test_parsed_plan_round_trips_through_json(name: str, tmp_path: Path) -> None:
    plan = read_plan(_documents(tmp_path)[name])
    assert plan.nodes
    assert_round_trips(plan)


def test_the_documents_say_what_the_round_trip_must_keep() -> None:
    """The hand-made documents really carry codes, budgets, units, text targets and actuals."""
    tall = read_plan_text(TALL)
    assert (tall.unit, tall.year) == ("Kecamatan Contoh", 2024)
    assert [f.code for f in tall.findings] == []
    wide = read_plan_text(WIDE)
    codes = [node.code for node, _ in wide.walk()]
    assert codes == ["7.01.01", "7.01.01.2.01", "7.01.01.2.01.0001"]
    assert [node.budget for node, _ in wide.walk()][:2] == [1250000000, 125000000]
    targets = [i.targets for _n, i in wide.indicators()]
    assert targets[0] == {"TW1": 0.2, "TW2": 0.4, "TW3": 0.6, "TW4": 0.9}
    assert targets[1]["TW4"] == "WTP"
    opini = [i for _n, i in wide.indicators()][1]
    assert (opini.annual_target, opini.objective) == ("WTP", None)  # a text target, not a sasaran
    assert targets[2] == {"TW1": 100, "TW2": 500, "TW3": 1000, "TW4": 1250}
    actuals = read_plan_text(ACTUALS)
    assert [i.actuals for _n, i in actuals.indicators()] == [
        {"TW1": 20, "TW2": 45, "TW3": None, "TW4": None},
        {"TW1": 30, "TW2": 55, "TW3": None, "TW4": None},
    ]


def test_hand_built_plan_round_trips() -> None:
    """Everything the format allows: extra indicator fields, actuals, text targets, findings
    with a field, nodes without a line, floats and ints, non-ASCII text."""
    indicator = Indicator(
        name="Opini BPK “WTP”",
        objective="Terwujudnya akuntabilitas keuangan",
        unit="Predikat",
        annual_target="WTP",
        targets={"TW1": None, "TW2": 0.5, "TW3": 75, "TW4": "WTP"},
        actuals={"TW1": 1250},
        line=7,
        extra={"weight": 0.25, "note": "catatan – penting"},
    )
    plan = Plan(
        unit="Kecamatan Kaligondang",
        year=2022,
        periods=["TW1", "TW2", "TW3", "TW4"],
        nodes=[
            Node(
                level="sasaran",
                name="Meningkatnya Kualitas Pelayanan",
                number="A",
                children=[
                    Node(
                        level="program",
                        code="7.01.01",
                        name="Program Penunjang",
                        number="1.2",
                        budget=1250000000.5,
                        indicators=[indicator],
                        line=9,
                    )
                ],
            )
        ],
        findings=[
            Finding("error", "conflicting-target", "TW3 is 50 and 70", 13, "TW3"),
            Finding("info", "no-line", "a finding without a line"),
        ],
    )
    assert_round_trips(plan)
    assert plan.to_dict()["nodes"][0]["children"][0]["indicators"][0]["weight"] == 0.25


@pytest.mark.parametrize("name", ["sample", *DOCUMENTS])
def test_parse_json_read_back_through_read_plan(name: str, tmp_path: Path, capsys) -> None:
    """``renaksi parse --json`` output, saved as a .json file and read with ``read_plan``, is the
    same plan; reading that file with ``renaksi parse --json`` prints the same JSON again."""
    source = _documents(tmp_path)[name]
    assert main(["parse", "--json", str(source)]) == 0
    printed, err = capsys.readouterr()
    assert err == ""
    exported = tmp_path / f"{name}.json"
    exported.write_text(printed, encoding="utf-8")

    back = read_plan(exported)
    assert back.to_dict() == json.loads(printed)
    assert back.to_dict() == read_plan(source).to_dict()

    assert main(["parse", "--json", str(exported)]) == 0
    again, err = capsys.readouterr()
    assert err == ""
    assert again == printed


def test_parse_outline_of_the_json_is_the_outline_of_the_document(tmp_path: Path, capsys) -> None:
    exported = tmp_path / "sample.json"
    assert main(["parse", "--json", str(SAMPLE)]) == 0
    exported.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["parse", str(SAMPLE)]) == 0
    from_document = capsys.readouterr().out
    assert main(["parse", str(exported)]) == 0
    from_json = capsys.readouterr().out
    # Only the file name in the finding lines differs.
    assert from_json.replace(str(exported), "FILE") == from_document.replace(str(SAMPLE), "FILE")
