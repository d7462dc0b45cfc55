"""``renaksi diff A B``: two files, or two stored plans (plan:ID, unit:NAME:YEAR[:VERSION][:rN])."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from renaksi.cli import CommandError, main, parse_stored
from renaksi.importers import read_plan
from renaksi.web.accounts.models import Unit
from renaksi.web.plans import services
from tests.revision_copies import (
    BUDGETED,
    CHANGES,
    MOVED,
    REMOVED,
    RENAMED_FROM,
    RENAMED_TO,
    RETARGETED,
    changed_copy,
)

SAMPLE = (
    Path(__file__).parents[1]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)


@pytest.fixture(scope="module")
def sample():
    return read_plan(SAMPLE)


@pytest.fixture
def files(tmp_path, sample):
    old, new = tmp_path / "r1.json", tmp_path / "r2.json"
    old.write_text(sample.to_json(), encoding="utf-8")
    new.write_text(changed_copy(sample).to_json(), encoding="utf-8")
    return old, new


def test_two_files_list_exactly_the_changes_made_grouped_by_kind(files, capsys):
    old, new = files
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "--- r1.json",
        "+++ r2.json",
        "5 changes: 1 removed, 1 renamed, 1 moved, 1 target changed, 1 budget changed",
    ]
    assert out[3:] == [
        "",
        "removed (1)",
        f"  1.1.1.1 Kegiatan, indicator “{REMOVED}”",
        "",
        "renamed (1)",
        f"  1.1.1.1 Kegiatan, indicator “{RENAMED_TO}”: {RENAMED_FROM} → {RENAMED_TO}",
        "",
        "moved (1)",
        f"  1.1.1.2.4 Sub Kegiatan “{MOVED}”: 1.1.1.1.2 → 1.1.1.2.4",
        "",
        "target changed (1)",
        f"  1.1.1.2 Kegiatan, indicator “{RETARGETED}” TW II: 50 → 60",
        "",
        "budget changed (1)",
        f"  1.1.1.2 Kegiatan “{BUDGETED}”: — → 125.000.000",
    ]


def test_the_same_plan_twice_is_exit_0(files, capsys):
    old, _new = files
    assert main(["diff", str(old), str(SAMPLE)]) == 0  # the JSON and the document it came from
    assert capsys.readouterr().out.splitlines()[-1] == "no differences"


def test_json_output(files, capsys):
    old, new = files
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["old"] == "r1.json" and data["new"] == "r2.json" and not data["identical"]
    assert data["counts"] == {"removed": 1, "renamed": 1, "moved": 1, "target": 1, "budget": 1}
    got = {
        (c["change"], c["what"], c["where"], c["name"], c["field"], c["shown_old"], c["shown_new"])
        for c in data["changes"]
    }
    assert got == CHANGES
    budget = next(c for c in data["changes"] if c["change"] == "budget")
    assert budget["new"] == "125000000" and budget["new_path"] == "0.0.0.1"


def test_a_workbook(files, tmp_path, capsys):
    old, new = files
    out = tmp_path / "beda.xlsx"
    assert main(["diff", str(old), str(new), "-o", str(out)]) == 1
    assert capsys.readouterr().out == f"{out}: 5 changes\n"
    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row if c.value]
    assert "PERBANDINGAN REVISI RENCANA AKSI" in values and "r1.json → r2.json" in values
    assert {"dihapus", "diganti nama", "dipindah", "target berubah", "anggaran berubah"} <= set(
        values
    )
    assert f"Indikator: {RENAMED_TO}" in values and "125.000.000" in values


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/r1.json", "B"], "no such file"),
        (["A.json", "plan:x"], "plan:ID takes a plan's number"),
        (["A.json", "plan:²"], "plan:ID takes a plan's number"),
        (["A.json", "unit:7:٢٠٢٢"], "give unit:NAME_OR_ID:YEAR"),
        (["A.json", "unit:Kecamatan Kaligondang"], "give unit:NAME_OR_ID:YEAR"),
        (["A.json", "unit::2022"], "give unit:NAME_OR_ID:YEAR"),
        (["A.json", "unit:Kaligondang:1999"], "give unit:NAME_OR_ID:YEAR"),
        (["A.json", "B.json", "-o", "out.csv"], "name it .xlsx"),
        (["A.json", "B.json", "-o", "o.xlsx", "--format", "json"], "give one"),
    ],
)
def test_refusals_are_one_line_and_exit_2(args, message, capsys):
    assert main(["diff", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "unit", "year", "version", "revision"),
    [
        ("unit:Kecamatan Kaligondang:2022", "Kecamatan Kaligondang", 2022, None, None),
        ("unit:7:2022:perubahan", "7", 2022, "perubahan", None),
        ("unit:7:2022:r2", "7", 2022, None, 2),
        ("unit:7:2022:Murni:R3", "7", 2022, "murni", 3),
        ("unit:Kecamatan A: Barat:2023", "Kecamatan A: Barat", 2023, None, None),
    ],
)
def test_stored_operands(text, unit, year, version, revision):
    operand = parse_stored(text)
    assert (operand.unit, operand.year, operand.version, operand.revision) == (
        unit,
        year,
        version,
        revision,
    )
    assert parse_stored("plan:12").plan_id == 12
    with pytest.raises(CommandError):
        parse_stored("unit:2022")


# -- stored plans ------------------------------------------------------------------------------


@pytest.fixture
def stored(db, sample):
    kabupaten = Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)
    unit = Unit.objects.create(
        name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=kabupaten
    )
    first = services.import_plan(unit=unit, year=2022, version="murni", document=sample)
    second = services.import_plan(
        unit=unit, year=2022, version="murni", document=changed_copy(sample)
    )
    return unit, first, second


def test_two_stored_plans_by_id(stored, capsys):
    _unit, first, second = stored
    assert main(["diff", f"plan:{first.pk}", f"plan:{second.pk}", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["old"] == f"Kecamatan Kaligondang 2022 murni r1 (plan {first.pk})"
    got = {
        (c["change"], c["what"], c["where"], c["name"], c["field"], c["shown_old"], c["shown_new"])
        for c in data["changes"]
    }
    assert got == CHANGES


def test_a_units_revisions_by_name_and_a_file_against_the_current_one(stored, files, capsys):
    unit, _first, _second = stored
    args = ["diff", "unit:kecamatan kaligondang:2022:r1", f"unit:{unit.pk}:2022:murni"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert out.startswith("--- Kecamatan Kaligondang 2022 murni r1 (plan ")
    assert "5 changes" in out
    _old, new = files
    assert main(["diff", str(new), "unit:Kecamatan Kaligondang:2022"]) == 0  # r2 is current
    assert capsys.readouterr().out.endswith("no differences\n")


def test_stored_refusals(stored, capsys):
    for args, message in [
        (["plan:999999", "plan:1"], "no plan with id 999999"),
        (["unit:Kecamatan Entah:2022", "plan:1"], "no unit named 'Kecamatan Entah'"),
        (["unit:²:2022", "plan:1"], "no unit named '²'"),
        (["unit:Kecamatan Kaligondang:2021", "plan:1"], "Kecamatan Kaligondang has no plan 2021"),
        (["unit:Kecamatan Kaligondang:2022:r9", "plan:1"], "has no plan 2022 r9"),
    ]:
        assert main(["diff", *args]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err, err


def test_the_workbook_of_stored_plans(stored, tmp_path):
    _unit, _first, second = stored
    out = tmp_path / "beda.xlsx"
    assert main(["diff", f"plan:{second.pk}", f"plan:{second.pk}", "-o", str(out)]) == 0
    book = load_workbook(io.BytesIO(out.read_bytes())).active
    assert "Tidak ada perbedaan." in [c.value for row in book.iter_rows() for c in row]
