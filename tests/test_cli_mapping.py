"""``renaksi parse/check/import --mapping``: a person's correction from a file, and ``--reading``
to see what to correct (header lines, column indexes, levels). A bad mapping file exits 2 with one
line naming the file and what is wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renaksi.cli import main

from .layouts import EXPECTED_2021, MAPPING, document_2021


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "rencana-aksi-2021.txt"
    path.write_text(document_2021(), encoding="utf-8")
    return path


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    path = tmp_path / "koreksi.json"
    path.write_text(json.dumps(MAPPING), encoding="utf-8")
    return path


def test_parse_with_a_mapping_reads_the_cascade(capsys, doc, mapping):
    code, out, err = run(capsys, "parse", str(doc))
    assert code == 2 and "no Rencana Aksi table found" in err  # without the correction
    code, out, err = run(capsys, "parse", str(doc), "--mapping", str(mapping))
    assert (code, err) == (0, "")
    names = [line.strip() for line in out.splitlines()]
    for _depth, _level, name in EXPECTED_2021:
        assert any(name in line for line in names), name
    assert "  Program 1. Program Penunjang" in out and "    Kegiatan Koordinasi Perencanaan" in out
    assert out.splitlines()[-1].startswith("1 sasaran, 1 program, 1 kegiatan, 2 sub kegiatan;")


def test_parse_json_and_check_take_the_mapping(capsys, doc, mapping):
    code, out, _ = run(capsys, "parse", str(doc), "--json", "--mapping", str(mapping))
    assert code == 0
    data = json.loads(out)
    assert data["unit"] == "Kecamatan Kaligondang" and data["year"] == 2021
    assert [n["level"] for n in data["nodes"]] == ["sasaran"]
    code, out, _ = run(capsys, "check", str(doc), "--mapping", str(mapping))
    assert code == 0 and "5 indicators" in out


def test_reading_shows_what_a_mapping_corrects(capsys, doc, mapping):
    code, out, err = run(capsys, "parse", str(doc), "--reading", "--mapping", str(mapping))
    assert (code, err) == (0, "")
    reading = json.loads(out)
    [table] = reading["tables"]
    assert table["header_lines"] == [3]
    assert table["columns"][3] == {
        "col": 3,
        "label": "KETERANGAN",
        "role": "indicator",
        "source": "mapping",
    }
    assert reading["levels"]["6"] == "kegiatan"
    assert reading["rows"][1] == {"line": 3, "cells": document_2021().splitlines()[2].split("\t")}
    # One line per column and per row, to read in a terminal.
    assert '    {"line": 3, "cells": ["NO", "TINGKAT", "URAIAN", "KETERANGAN",' in out


def test_reading_of_a_document_without_a_plan_table_still_lists_its_rows(capsys, doc):
    code, out, err = run(capsys, "parse", str(doc), "--reading")
    assert code == 2
    assert err.startswith("renaksi: error: rencana-aksi-2021.txt: no Rencana Aksi table found")
    reading = json.loads(out)
    assert reading["tables"] == [] and "no Rencana Aksi table" in reading["error"]
    assert [r["line"] for r in reading["rows"]] == [1, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", ": line 1: invalid JSON (Expecting property name"),
        ("[]", ": a mapping is a JSON object with 'tables' and 'rows'"),
        (
            json.dumps({"tables": [{"header": 3, "columns": {"3": "ukuran"}}]}),
            ": tables[0].columns.3: unknown role 'ukuran'; known: name,",
        ),
        (
            json.dumps({"rows": [{"line": 6, "level": "kelurahan"}]}),
            ": rows[0]: 'level' is one of tujuan, sasaran",
        ),
        (json.dumps({"rows": [{"line": 0, "exclude": True}]}), ": rows[0].line: a line number"),
    ],
    ids=["not-json", "not-an-object", "unknown-role", "unknown-level", "line-zero"],
)
@pytest.mark.parametrize("command", ["parse", "check"])
def test_a_bad_mapping_file_exits_2_with_one_line(capsys, doc, tmp_path, content, message, command):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, command, str(doc), "--mapping", str(bad))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"renaksi: error: {bad}{message}")


def test_a_missing_mapping_file_exits_2(capsys, doc, tmp_path):
    code, _out, err = run(capsys, "parse", str(doc), "--mapping", str(tmp_path / "none.json"))
    assert code == 2
    assert (
        err
        == f"renaksi: error: {tmp_path / 'none.json'}: cannot be read (No such file or directory)\n"
    )


def test_a_plan_json_file_takes_no_mapping(capsys, tmp_path, doc, mapping):
    code, out, _ = run(capsys, "parse", str(doc), "--json", "--mapping", str(mapping))
    plan = tmp_path / "plan.json"
    plan.write_text(out, encoding="utf-8")
    code, _out, err = run(capsys, "parse", str(plan), "--mapping", str(mapping))
    assert code == 2 and "a plan JSON file has no grid" in err


def test_import_with_a_mapping(capsys, doc, mapping, db):
    from renaksi.web.accounts.models import Unit
    from renaksi.web.plans.models import Node, Plan

    kabupaten = Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)
    Unit.objects.create(name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=kabupaten)
    args = ["import", str(doc), "--unit", "Kecamatan Kaligondang", "--year", "2021"]
    code, _out, err = run(capsys, *args)
    assert code == 2 and "no Rencana Aksi table found" in err
    code, out, err = run(capsys, *args, "--mapping", str(mapping))
    assert (code, err) == (0, "")
    assert "1 sasaran, 1 program, 1 kegiatan, 2 sub kegiatan" in out
    plan = Plan.objects.get()
    assert [n.level for n in Node.objects.filter(plan=plan).order_by("id")] == [
        "sasaran",
        "program",
        "kegiatan",
        "subkegiatan",
        "subkegiatan",
    ]
