"""``renaksi export --unit --year``: the unit's current plan from the database; ``renaksi jobs``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from renaksi.cli import main
from renaksi.importers import read_plan
from renaksi.web.accounts.models import Unit
from renaksi.web.plans import services
from renaksi.web.reportjobs.models import ReportJob

SAMPLE = (
    Path(__file__).parents[1]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)


@pytest.fixture
def kaligondang(db):
    kabupaten = Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)
    unit = Unit.objects.create(
        name="Kecamatan Kaligondang",
        kind=Unit.Kind.KECAMATAN,
        parent=kabupaten,
        signature_place="Kaligondang",
        head_position="Camat Kaligondang",
        head_name="Drs. Sugeng Widodo",
        head_nip="19700101 199003 1 001",
    )
    services.import_plan(unit=unit, year=2022, version="murni", document=read_plan(SAMPLE))
    return unit


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_export_the_units_plan(kaligondang, tmp_path, capsys, fmt, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["export", "--unit", "kecamatan kaligondang", "--year", "2022", "--format", fmt]
    assert main(args) == 0
    out = capsys.readouterr().out
    path = tmp_path / f"renaksi-kecamatan-kaligondang-2022-rencana-aksi.{fmt}"
    assert out.startswith(f"{path.name}: rencana-aksi {fmt} of Kecamatan Kaligondang 2022")
    data = path.read_bytes()
    if fmt == "xlsx":
        from openpyxl import load_workbook

        text = [c.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
    else:
        from docx import Document

        text = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "RENCANA AKSI TAHUN 2022" in text
    assert "Drs. Sugeng Widodo" in text and "NIP. 19700101 199003 1 001" in text


def test_export_by_id_to_a_named_output(kaligondang, tmp_path, capsys):
    out = tmp_path / "ra.docx"
    assert main(["export", "--unit", str(kaligondang.pk), "--year", "2022", "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_export_refusals(kaligondang, tmp_path, capsys):
    assert main(["export", "--unit", "Kecamatan Kaligondang", "--year", "2023"]) == 2
    assert "has no plan for 2023" in capsys.readouterr().err
    assert main(["export", "--unit", "Kecamatan Entah", "--year", "2022"]) == 2
    assert "no unit named" in capsys.readouterr().err
    assert main(["export", "--unit", "Kecamatan Kaligondang"]) == 2
    assert main(["export", str(SAMPLE), "--unit", "Kecamatan Kaligondang", "--year", "2022"]) == 2
    assert main(["export"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_jobs_runs_the_waiting_ones(kaligondang, capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    job = ReportJob.objects.create(kabupaten=kaligondang.parent, year=2022)
    assert main(["jobs"]) == 0
    assert f"job {job.pk} Kabupaten Purbalingga 2022: done" in capsys.readouterr().out
    job.refresh_from_db()
    assert job.status == "done" and job.file
    assert main(["jobs"]) == 0
    assert "no job is waiting" in capsys.readouterr().out


def test_export_a_periods_report(kaligondang, tmp_path, capsys):
    out = tmp_path / "pemantauan.xlsx"
    base = ["export", "--unit", "Kecamatan Kaligondang", "--year", "2022", "--report", "pemantauan"]
    assert main([*base, "-o", str(out)]) == 2
    assert "give --period" in capsys.readouterr().err
    assert main([*base, "--period", "TW2", "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("setting", "flag", "code"), [("F4", [], 14), ("F4", ["--paper", "A4"], 9)]
)
def test_export_on_the_units_paper_unless_told(kaligondang, tmp_path, capsys, setting, flag, code):
    from openpyxl import load_workbook

    kaligondang.paper = setting
    kaligondang.save()
    out = tmp_path / "ra.xlsx"
    args = ["export", "--unit", str(kaligondang.pk), "--year", "2022", *flag, "-o", str(out)]
    assert main(args) == 0
    assert int(load_workbook(out).active.page_setup.paperSize) == code
