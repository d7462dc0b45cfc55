"""The ``renaksi`` command: parse, parse --json, check; exit status 0/1/2; one-line refusals.

Most tests call ``renaksi.cli.main`` in-process and read what it printed with capsys; one runs the
installed command in a real process, as a user would.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from renaksi.cli import main
from renaksi.importers import read_plan

SAMPLE = (
    Path(__file__).parents[1]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)
PROGRAMS = [
    "Program Penunjang Urusan Pemerintah Daerah Kabupaten/Kota",
    "Program Penyelenggaraan Pemerintahan Dan Pelayanan Publik",
    "Program Pemberdayaan Masyarakat Desa Dan Kelurahan",
    "Program Koordinasi Ketentraman Dan Ketertiban Umum",
    "Program Penyelenggaraan Urusan Pemerintahan Umum",
    "Program Pembinaan Dan Pengawasan Pemerintahan Desa",
]
FINDING_LINE = re.compile(
    r"^(?P<file>.+?):(?:(?P<line>\d+):)? (?P<severity>error|warning|info): .+ \[(?P<code>[a-z0-9]+(?:-[a-z0-9]+)*)\]$"
)

CLEAN = "\n".join(
    "\t".join(row)
    for row in [
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
        ["", "", "TW III", "75%", "", "", "", "TW III", "75%"],
        ["", "", "TW IV", "100%", "", "", "", "TW IV", "100%"],
    ]
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "rencana-aksi-bersih.txt"
    path.write_text(CLEAN + "\n", encoding="utf-8")
    return path


# -- parse ---------------------------------------------------------------------------------------


def test_parse_prints_the_outline_with_the_six_programs(capsys) -> None:
    code, out, err = run(capsys, "parse", str(SAMPLE))
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Kecamatan Kaligondang 2022"
    program_lines = [line.strip() for line in lines if line.lstrip().startswith("Program ")]
    assert len(program_lines) == 6
    for line, name in zip(program_lines, PROGRAMS, strict=True):
        assert name in line
        assert re.search(r"\(line \d+\)$", line)
    assert any(line.strip().startswith("• Nilai SAKIP Kecamatan Kaligondang") for line in lines)
    assert "TW I: 25  TW II: 50  TW III: 75  TW IV: 100" in out
    assert lines[-1].startswith(
        "1 tujuan, 3 sasaran, 6 program, 12 kegiatan, 25 sub kegiatan; 51 indicators;"
    )


def test_parse_prints_findings_like_a_linter(capsys) -> None:
    code, out, _ = run(capsys, "parse", str(SAMPLE))
    assert code == 0
    lines = out.splitlines()
    blank = lines.index("")
    findings = lines[blank + 1 : -1]
    assert findings
    for line in findings:
        m = FINDING_LINE.match(line)
        assert m, line
        assert m["file"] == str(SAMPLE)
    conflict = [line for line in findings if line.endswith("[conflicting-target]")]
    assert conflict
    assert conflict[0].startswith(f"{SAMPLE}:13: error: ")
    # Findings come in line order.
    numbers = [int(FINDING_LINE.match(line)["line"] or 0) for line in findings]
    assert numbers == sorted(numbers)
    summary = lines[-1]
    n_errors = sum(1 for line in findings if ": error: " in line)
    assert f"{n_errors} error" in summary


def test_parse_json_is_the_plan(capsys) -> None:
    code, out, err = run(capsys, "parse", "--json", str(SAMPLE))
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert data["format"] == "renaksi-plan"
    assert data["version"] == 1
    assert data["unit"] == "Kecamatan Kaligondang"
    assert data["year"] == 2022
    assert data["periods"] == ["TW1", "TW2", "TW3", "TW4"]
    assert data == read_plan(SAMPLE).to_dict()
    assert any(
        f["code"] == "conflicting-target" and f["line"] == 13 and f["severity"] == "error"
        for f in data["findings"]
    )


def test_parse_of_a_clean_document_has_no_findings(capsys, clean: Path) -> None:
    code, out, err = run(capsys, "parse", str(clean))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Kecamatan Contoh 2024"
    assert lines[-2] == ""  # no finding lines between the outline and the summary
    assert lines[-1] == "1 sasaran, 1 program; 2 indicators; 0 errors, 0 warnings, 0 infos"


# -- check ---------------------------------------------------------------------------------------


def test_check_exits_1_on_the_sample(capsys) -> None:
    code, out, err = run(capsys, "check", str(SAMPLE))
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    for line in lines[:-1]:
        assert FINDING_LINE.match(line), line
    assert f"{SAMPLE}:13: error: " in out
    assert "[conflicting-target]" in out
    outline = ("Tujuan ", "Sasaran ", "Program ", "Kegiatan ", "Sub Kegiatan ", "•")
    assert not any(line.lstrip().startswith(outline) for line in lines)  # findings only
    assert lines[-1].startswith("1 tujuan, 3 sasaran, 6 program")


def test_check_exits_0_on_a_clean_document(capsys, clean: Path) -> None:
    code, out, err = run(capsys, "check", str(clean))
    assert (code, err) == (0, "")
    assert out.splitlines() == ["1 sasaran, 1 program; 2 indicators; 0 errors, 0 warnings, 0 infos"]


def test_check_exits_0_with_warnings_only(capsys, tmp_path: Path) -> None:
    path = tmp_path / "warnings.txt"
    # A program name cut short at a page edge: a warning, not an error.
    cut = "1. Program Penunjang Urusan Pemerintahan Daerah di"
    path.write_text(
        CLEAN.replace("1. Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", cut)
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert ": warning: " in out
    assert ": error: " not in out


# -- unreadable inputs: exit 2, one line on stderr, no traceback ----------------------------------


def _corrupt_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    return path


def _xlsx_without_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "kosong.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets>")
    return path


def _write(name: str, data: bytes | str):
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    return make


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "folder.txt"
    path.mkdir()
    return path


UNREADABLE = {
    "unknown-extension": _write("rencana.xyz", "URAIAN\tINDIKATOR\tTARGET\n"),
    "no-extension": _write("rencana", "URAIAN\tINDIKATOR\tTARGET\n"),
    "empty-file": _write("kosong.txt", b""),
    "directory": _directory,
    "missing-file": lambda tmp_path: tmp_path / "tidak-ada.txt",
    "binary-garbage-txt": _write("sampah.txt", bytes(range(256)) * 8),
    "text-without-table": _write(
        "surat.txt", "Kepada Yth. Camat Kaligondang\n\nDengan hormat,\nterlampir laporan.\n"
    ),
    "whitespace-only-txt": _write("spasi.txt", " \t \n\t\n"),
    "corrupt-xlsx": _corrupt_xlsx,
    "xlsx-without-sheets": _xlsx_without_workbook,
    "text-renamed-xlsx": _write("teks.xlsx", "URAIAN\tTARGET\n"),
    "corrupt-docx": _write("rusak.docx", b"PK\x03\x04" + b"\x00" * 100),
    "text-renamed-pdf": _write("teks.pdf", "URAIAN\tTARGET\n"),
    "old-binary-xls-as-xlsx": _write(
        "lama.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    ),
    "invalid-json": _write("rencana.json", '{"format": "renaksi-plan", "version": 1,'),
    "json-wrong-format": _write("rencana.json", '{"format": "something-else", "version": 1}'),
    "json-wrong-version": _write("rencana.json", '{"format": "renaksi-plan", "version": 99}'),
    "json-not-an-object": _write("rencana.json", "[1, 2, 3]"),
    "json-malformed-nodes": _write(
        "rencana.json", '{"format": "renaksi-plan", "version": 1, "nodes": [{"name": "x"}]}'
    ),
    "json-unknown-level": _write(
        "rencana.json",
        '{"format": "renaksi-plan", "version": 1, "nodes": [{"level": "bidang", "name": "x"}]}',
    ),
}


@pytest.mark.parametrize("command", [["parse"], ["parse", "--json"], ["check"]], ids=" ".join)
@pytest.mark.parametrize("make", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_input_exits_2_with_one_line(capsys, tmp_path: Path, make, command) -> None:
    path = make(tmp_path)
    code, out, err = run(capsys, *command, str(path))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.endswith("\n")
    assert err.startswith("renaksi: error: ")
    assert path.name in err or str(path) in err


# -- the installed command, in a real process ---------------------------------------------------


def test_the_installed_command_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "renaksi"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "renaksi.cli"]
    assert shutil.which(command[0]) or Path(command[0]).exists()
    done = subprocess.run(
        [*command, "parse", str(SAMPLE)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert sum(1 for line in done.stdout.splitlines() if line.lstrip().startswith("Program ")) == 6
    assert f"{SAMPLE}:13: error: " in done.stdout
