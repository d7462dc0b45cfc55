"""``renaksi export``: a document or plan JSON file written as a report, without Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from renaksi.cli import main
from renaksi.importers import read_plan

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_export_writes_a_report_that_reads_back(tmp_path: Path, capsys, fmt: str) -> None:
    out = tmp_path / f"ra.{fmt}"
    code = main(
        [
            "export",
            str(SAMPLE),
            "--report",
            "rencana-aksi",
            "--format",
            fmt,
            "-o",
            str(out),
            "--place",
            "Kaligondang",
            "--date",
            "2022-01-03",
            "--position",
            "Camat Kaligondang",
            "--name",
            "Drs. BUDI SANTOSO, M.Si",
            "--nip",
            "19700101 199003 1 005",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"{out}: rencana-aksi {fmt}, 47 nodes, 51 indicators, ")
    again = read_plan(out)
    assert (again.unit, again.year) == ("Kecamatan Kaligondang", 2022)
    assert sum(1 for _ in again.indicators()) == 51
    if fmt == "docx":
        from docx import Document

        texts = [p.text for p in Document(str(out)).paragraphs]
        assert "Kaligondang, 3 Januari 2022" in texts and "NIP. 19700101 199003 1 005" in texts
    else:
        from openpyxl import load_workbook

        ws = load_workbook(out).active
        assert "Kaligondang, 3 Januari 2022" in [c.value for c in ws["A"]]


def test_export_from_plan_json_with_format_from_the_name(tmp_path: Path, capsys) -> None:
    plan_json = tmp_path / "plan.json"
    plan_json.write_text(read_plan(SAMPLE).to_json(), encoding="utf-8")
    out = tmp_path / "laporan.docx"
    assert main(["export", str(plan_json), "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert sum(1 for _ in read_plan(out).indicators()) == 51


def test_export_refusals(tmp_path: Path, capsys) -> None:
    assert main(["export", str(SAMPLE), "--format", "xlsx", "-o", str(tmp_path / "a.docx")]) == 2
    assert "--format xlsx but the output is named .docx" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "a.xlsx")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["export", str(SAMPLE), "-o", str(tmp_path / "no" / "dir" / "a.xlsx")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert not (tmp_path / "a.docx").exists()


def test_export_loads_no_django(tmp_path: Path) -> None:
    out = tmp_path / "ra.xlsx"
    code = (
        "import sys; from renaksi.cli import main;"
        f"assert main(['export', {str(SAMPLE)!r}, '-o', {str(out)!r}]) == 0;"
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    assert out.stat().st_size > 0


@pytest.mark.parametrize(
    ("report", "extra", "title", "row"),
    [
        ("pengukuran", [], "PENGUKURAN KINERJA", "Nilai SAKIP Kecamatan Kaligondang"),
        ("evaluasi-renja", [], "EVALUASI", "Presentase Ketersediaan Laporan Capaian Kinerja"),
        ("perjanjian-kinerja", [], "PERJANJIAN KINERJA", "Nilai SAKIP Kecamatan Kaligondang"),
        ("pemantauan", ["--period", "TW2"], "PEMANTAUAN", "Persentase Potensi Konflik"),
    ],
)
def test_export_every_report_of_a_file(tmp_path: Path, capsys, report, extra, title, row) -> None:
    """Every report of the registry from a document: realisasi, where a report shows it, is the
    document's own (none in the sample), so those columns are empty."""
    from openpyxl import load_workbook

    out = tmp_path / f"{report}.xlsx"
    assert main(["export", str(SAMPLE), "--report", report, *extra, "-o", str(out)]) == 0
    ws = load_workbook(out).active
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(title in t.upper() for t in texts[:3]), texts[:3]
    assert row in texts


def test_export_period_report_needs_a_period_of_the_plan(tmp_path: Path, capsys) -> None:
    out = tmp_path / "p.xlsx"
    assert main(["export", str(SAMPLE), "--report", "pemantauan", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "pemantauan is a period's report: give --period, one of TW1, TW2, TW3, TW4" in err
    assert main(["export", str(SAMPLE), "--report", "no-such", "-o", str(out)]) == 2
    assert "no report 'no-such': rencana-aksi, pemantauan" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(("paper", "code"), [("A4", 9), ("F4", 14)])
def test_export_on_paper(tmp_path: Path, capsys, paper: str, code: int) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "ra.xlsx"
    assert main(["export", str(SAMPLE), "--paper", paper, "-o", str(out)]) == 0
    assert int(load_workbook(out).active.page_setup.paperSize) == code
