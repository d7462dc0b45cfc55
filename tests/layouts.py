"""Documents of a layout the importer cannot read alone, for the correction tests (web, CLI, browser).

The header row ends with a note the form prints in it ("Diisi sesuai …", a sentence, not a
caption), and captions the indicator column "KETERANGAN" (remarks), as this office does: the
importer takes no row for a header, and finds no plan table at all; once the row is marked as
the header, it reads that column as notes. A person marks the header
row, gives the column its role (indicator) and the level of the row whose TINGKAT cell is empty
(a kegiatan); ``MAPPING`` is that correction. Next year's document of the same layout (other
names, every level given) is read right with the correction kept as a template.
"""

from __future__ import annotations

HEADER = [
    "NO",
    "TINGKAT",
    "URAIAN",
    "KETERANGAN",
    "SATUAN",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "Diisi sesuai dokumen perjanjian kinerja tahun berjalan",
]
HEADER_LINE = 3  # the header's line in both documents
KEGIATAN_LINE = 6  # the row of the 2021 document whose level is empty


def tsv(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(row) for row in rows) + "\n"


def document_2021() -> str:
    """Kecamatan Kaligondang's plan of 2021: 1 sasaran, 1 program, 1 kegiatan, 2 sub kegiatan.

    The kegiatan's row says nothing of its level: no TINGKAT, no number, a name neither in the
    national nomenclature nor starting with a level word."""
    return tsv(
        [
            ["RENCANA AKSI KECAMATAN KALIGONDANG TAHUN 2021"],
            [""],
            HEADER,
            [
                "1",
                "Sasaran",
                "Meningkatnya Kualitas Pelayanan Publik",
                "Indeks Kepuasan Masyarakat",
                "Indeks",
                "80",
                "81",
                "82",
                "83",
            ],
            [
                "1.1",
                "Program",
                "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
                "Persentase Laporan Kinerja yang Tersusun",
                "%",
                "25",
                "50",
                "75",
                "100",
            ],
            [
                "",
                "",
                "Koordinasi Perencanaan Internal Kecamatan",
                "Jumlah Dokumen Perencanaan",
                "Dokumen",
                "1",
                "1",
                "1",
                "1",
            ],
            [
                "",
                "Sub Kegiatan",
                "Penyusunan Dokumen Perencanaan Perangkat Daerah",
                "Jumlah Dokumen Renja",
                "Dokumen",
                "0",
                "1",
                "1",
                "1",
            ],
            [
                "",
                "Sub Kegiatan",
                "Evaluasi Kinerja Perangkat Daerah",
                "Jumlah Laporan Evaluasi",
                "Laporan",
                "1",
                "2",
                "3",
                "4",
            ],
        ]
    )


def document_2022(unit: str = "KALIGONDANG") -> str:
    """The next year's plan on the same form, with other names and every level given."""
    return tsv(
        [
            [f"RENCANA AKSI KECAMATAN {unit} TAHUN 2022"],
            [""],
            HEADER,
            [
                "1",
                "Sasaran",
                "Meningkatnya Tata Kelola Pemerintahan Kecamatan",
                "Nilai SAKIP Kecamatan",
                "Nilai",
                "60",
                "62",
                "64",
                "66",
            ],
            [
                "1.1",
                "Program",
                "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
                "Persentase Layanan Administrasi Tepat Waktu",
                "%",
                "70",
                "80",
                "90",
                "100",
            ],
            [
                "1.1.1",
                "Kegiatan",
                "Penyelenggaraan Urusan Pemerintahan Umum",
                "Jumlah Rapat Koordinasi",
                "Kali",
                "1",
                "2",
                "3",
                "4",
            ],
            [
                "1.1.1.1",
                "Sub Kegiatan",
                "Koordinasi Kegiatan Pemerintahan di Tingkat Kecamatan",
                "Jumlah Laporan Koordinasi",
                "Laporan",
                "1",
                "1",
                "1",
                "1",
            ],
        ]
    )


# The correction a person makes to the 2021 document (``renaksi parse --mapping`` takes it too).
MAPPING = {
    "tables": [{"header": HEADER_LINE, "columns": {"3": "indicator"}}],
    "rows": [{"line": KEGIATAN_LINE, "level": "kegiatan"}],
}

# The cascade as it must be read: (level, name) in document order, with each node's depth.
EXPECTED_2021 = [
    (0, "sasaran", "Meningkatnya Kualitas Pelayanan Publik"),
    (1, "program", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"),
    (2, "kegiatan", "Koordinasi Perencanaan Internal Kecamatan"),
    (3, "subkegiatan", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
    (3, "subkegiatan", "Evaluasi Kinerja Perangkat Daerah"),
]
EXPECTED_2022 = [
    (0, "sasaran", "Meningkatnya Tata Kelola Pemerintahan Kecamatan"),
    (1, "program", "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik"),
    (2, "kegiatan", "Penyelenggaraan Urusan Pemerintahan Umum"),
    (3, "subkegiatan", "Koordinasi Kegiatan Pemerintahan di Tingkat Kecamatan"),
]


def cascade(plan) -> list[tuple[int, str, str]]:
    """(depth, level, name) of every node of a core plan, in document order."""
    out = []

    def visit(node, depth):
        out.append((depth, node.level, node.name))
        for child in node.children:
            visit(child, depth + 1)

    for node in plan.nodes:
        visit(node, 0)
    return out


HEADER_TEXT = " ".join(HEADER)  # the header row's text, as templates keep it


def header_fingerprint() -> str:
    """The layout's fingerprint, as the importer gives it once the header row is marked."""
    from renaksi.importers import Mapping, interpret_grid
    from renaksi.importers.text import grid_from_text

    marked = Mapping.from_dict({"tables": [{"header": HEADER_LINE, "columns": {}}]})
    return interpret_grid(grid_from_text(document_2022()), marked).reading.tables[0].fingerprint
