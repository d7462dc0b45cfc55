"""More layouts offices use for a Rencana Aksi and its companions, built as real files.

Where ``office_layouts`` lays out the sample in one table shape, this module writes the other
shapes that kecamatan, dinas and badan use, each from a core ``Plan`` (the truth the document must
read back to), never from a document's text:

- outline forms: one URAIAN column for every level, the level said by a prefix ("Program :"), by
  outline numbers (1 / 1.1 / 1.1.1) or only by bold and indentation;
- Excel with nomenclature codes and PAGU, one sheet per program or per level, a monitoring form
  (T | R | % per quarter, KENDALA, TINDAK LANJUT), the Renja evaluation Tabel 2.1 (a code split
  over five columns, years relative to the plan year, value and unit in separate cells);
- a Perjanjian Kinerja (statement, parties, signatures, sasaran and program tables);
- a schedule of months (JADWAL) beside the quarterly targets, indicators stacked in one cell;
- the PDF LibreOffice prints of an Excel sheet and of a landscape Word table whose rows break
  over pages, and the web page Excel saves ("Save as Web Page").

Three parts:

1. **Plans** (``kecamatan_plan``, ``renja_plan``, ``coded_plan``) and views of a plan
   (``only_levels``, ``annual_only``, ``pk_truth``, ``monitoring_truth``), with outline
   numbers, codes and budgets.
2. **Documents**: a ``Doc`` is paragraphs (``Para``) and tables (``Table``: rows of ``Cell``,
   merges, header rows); a ``Book`` is sheets of the same blocks. ``band`` builds a header band
   from a nested caption spec (group captions over sub captions, a caption over two cells), with
   its merges. Writers: ``write_docx``, ``write_xlsx``, ``write_excel_html`` (Excel's "Save as Web
   Page" markup) and ``to_pdf`` (LibreOffice).
3. **Comparing**: ``plan_diff`` says, one line per node or indicator, what a plan read from a
   document gets wrong against the truth — tree (``office_layouts.tree_diff``), indicators with
   unit and period targets (``office_layouts.indicator_diff``), and what those do not compare
   (``field_diff``): annual targets, realisasi, budgets and codes; ``stray_texts`` finds texts
   that must not be read as part of the plan (signatures, notes, schedule marks, totals).

Run ``python -m tests.importers.more_layouts DIR`` to write every layout to DIR.
"""

from __future__ import annotations

import copy
import html
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renaksi.core.plan import Indicator, Node, Plan

from . import office_layouts as ol

Merge = tuple[int, int, int, int]  # (row, col, rowspan, colspan), 0-based in the table
QUARTERS = ("TW1", "TW2", "TW3", "TW4")
ROMAN = {"TW1": "I", "TW2": "II", "TW3": "III", "TW4": "IV"}
MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")


# --------------------------------------------------------------------------------------------
# Plans


def ind(
    name: str,
    unit: str | None,
    annual: Any,
    targets: Sequence[Any] = (),
    actuals: Sequence[Any] | None = None,
    periods: Sequence[str] = QUARTERS,
) -> Indicator:
    """An indicator with its annual target and one target (and realisasi) per period."""
    out = Indicator(
        name=name,
        unit=unit,
        annual_target=annual,
        targets=dict(zip(periods, targets, strict=True)) if targets else {},
    )
    if actuals is not None:
        out.actuals = dict(zip(periods, actuals, strict=True))
    return out


def node(
    level: str,
    name: str,
    code: str | None = None,
    budget: int | None = None,
    indicators: Sequence[Indicator] = (),
    children: Sequence[Node] = (),
) -> Node:
    return Node(level, name, code=code, budget=budget, indicators=list(indicators),
                children=list(children))  # fmt: skip


def _sum_budgets(nodes: list[Node]) -> int | None:
    """Each node's budget as the sum of its children's where it has none (programs, kegiatan)."""
    total = 0
    seen = False
    for n in nodes:
        below = _sum_budgets(n.children)
        if n.budget is None and below is not None:
            n.budget = below
        if n.budget is not None:
            total += n.budget
            seen = True
    return total if seen else None


def kecamatan_plan() -> Plan:
    """A kecamatan's Rencana Aksi 2023 with the national codes, budgets on every program,
    kegiatan and sub kegiatan (programs and kegiatan: the sum below them), annual and quarterly
    targets, and the realisasi of TW I–III for the sasaran's indicators (a monitoring at the end
    of TW III). Two sasaran with two or three indicators each; programs with one or two;
    kegiatan and sub kegiatan with one."""
    pct = "%"
    p_pelayanan = node(
        "program",
        "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
        "7.01.02",
        indicators=[
            ind("Persentase layanan administrasi kecamatan yang diselesaikan tepat waktu", pct,
                95, (95, 95, 95, 95)),
        ],
        children=[
            node("kegiatan", "Pelaksanaan Urusan Pemerintahan yang Dilimpahkan kepada Camat",
                 "7.01.02.2.04",
                 indicators=[ind("Jumlah dokumen pelayanan perizinan dan non perizinan yang "
                                 "diterbitkan", "Dokumen", 600, (150, 300, 450, 600))],
                 children=[
                     node("subkegiatan", "Pelaksanaan Urusan Pemerintahan yang Terkait dengan "
                          "Pelayanan Perizinan Non Usaha", "7.01.02.2.04.0001", 45_750_000,
                          [ind("Jumlah Dokumen Non Perizinan Usaha yang Dilaksanakan",
                               "Dokumen", 480, (120, 240, 360, 480))]),
                     node("subkegiatan", "Pelaksanaan Urusan Pemerintahan yang terkait dengan "
                          "Nonperizinan", "7.01.02.2.04.0002", 18_500_000,
                          [ind("Jumlah Laporan Pelaksanaan Nonperizinan pada Urusan "
                               "Pemerintahan", "Laporan", 4, (1, 2, 3, 4))]),
                 ]),
            node("kegiatan", "Penyelenggaraan Urusan Pemerintahan yang Tidak Dilaksanakan oleh "
                 "Unit Kerja Perangkat Daerah yang Ada di Kecamatan", "7.01.02.2.02",
                 indicators=[ind("Persentase urusan pemerintahan di wilayah kecamatan yang "
                                 "terkoordinasi", pct, 100, (25, 50, 75, 100))],
                 children=[
                     node("subkegiatan", "Peningkatan Efektifitas Pelaksanaan Pelayanan kepada "
                          "Masyarakat di Wilayah Kecamatan", "7.01.02.2.02.0003", 32_400_000,
                          [ind("Jumlah Laporan Peningkatan Efektifitas Pelaksanaan Pelayanan "
                               "kepada Masyarakat di Wilayah Kecamatan", "Laporan", 4,
                               (1, 2, 3, 4))]),
                 ]),
        ],
    )  # fmt: skip
    p_pemberdayaan = node(
        "program",
        "Program Pemberdayaan Masyarakat Desa dan Kelurahan",
        "7.01.03",
        indicators=[ind("Persentase lembaga kemasyarakatan desa yang aktif", pct, 90,
                        (60, 70, 80, 90))],
        children=[
            node("kegiatan", "Koordinasi Kegiatan Pemberdayaan Desa", "7.01.03.2.01",
                 indicators=[ind("Jumlah desa yang difasilitasi dalam pemberdayaan masyarakat",
                                 "Desa", 18, (5, 10, 15, 18))],
                 children=[
                     node("subkegiatan", "Peningkatan Partisipasi Masyarakat dalam Forum "
                          "Musyawarah Perencanaan Pembangunan di Desa", "7.01.03.2.01.0001",
                          27_000_000,
                          [ind("Jumlah Lembaga Kemasyarakatan yang Berpartisipasi dalam Forum "
                               "Musyawarah Perencanaan Pembangunan di Desa", "Lembaga", 18,
                               (6, 12, 18, 18))]),
                     node("subkegiatan", "Peningkatan Efektifitas Kegiatan Pemberdayaan "
                          "Masyarakat di Wilayah Kecamatan", "7.01.03.2.01.0003", 21_600_000,
                          [ind("Jumlah Laporan Peningkatan Efektivitas Kegiatan Pemberdayaan "
                               "Masyarakat di Wilayah Kecamatan", "Laporan", 4, (1, 2, 3, 4))]),
                 ]),
        ],
    )  # fmt: skip
    p_penunjang = node(
        "program",
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        "7.01.01",
        indicators=[
            ind("Persentase dokumen perencanaan, penganggaran dan pelaporan yang disusun tepat "
                "waktu", pct, 100, (25, 50, 75, 100)),
            ind("Persentase pemenuhan kebutuhan administrasi perkantoran", pct, 100,
                (25, 50, 75, 100)),
        ],
        children=[
            node("kegiatan", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                 "7.01.01.2.01",
                 indicators=[ind("Jumlah dokumen perencanaan dan evaluasi kinerja yang disusun",
                                 "Dokumen", 7, (2, 4, 5, 7))],
                 children=[
                     node("subkegiatan", "Penyusunan Dokumen Perencanaan Perangkat Daerah",
                          "7.01.01.2.01.0001", 15_000_000,
                          [ind("Jumlah Dokumen Perencanaan Perangkat Daerah", "Dokumen", 3,
                               (1, 2, 2, 3))]),
                     node("subkegiatan", "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan "
                          "Ikhtisar Realisasi Kinerja SKPD", "7.01.01.2.01.0006", 12_500_000,
                          [ind("Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja "
                               "SKPD", "Laporan", 4, (1, 2, 3, 4))]),
                 ]),
            node("kegiatan", "Administrasi Keuangan Perangkat Daerah", "7.01.01.2.02",
                 indicators=[ind("Persentase dokumen administrasi keuangan yang disusun sesuai "
                                 "ketentuan", pct, 100, (25, 50, 75, 100))],
                 children=[
                     node("subkegiatan", "Penyediaan Gaji dan Tunjangan ASN",
                          "7.01.01.2.02.0001", 2_457_840_000,
                          [ind("Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", "Orang", 31,
                               (31, 31, 31, 31))]),
                 ]),
            node("kegiatan", "Administrasi Umum Perangkat Daerah", "7.01.01.2.06",
                 indicators=[ind("Persentase terpenuhinya kebutuhan administrasi umum kantor",
                                 pct, 100, (25, 50, 75, 100))],
                 children=[
                     node("subkegiatan", "Penyediaan Bahan Logistik Kantor", "7.01.01.2.06.0004",
                          38_250_000,
                          [ind("Jumlah Paket Bahan Logistik Kantor yang Disediakan", "Paket", 12,
                               (3, 6, 9, 12))]),
                     node("subkegiatan", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
                          "7.01.01.2.06.0009", 54_000_000,
                          [ind("Jumlah Laporan Penyelenggaraan Rapat Koordinasi dan Konsultasi "
                               "SKPD", "Laporan", 12, (3, 6, 9, 12))]),
                 ]),
        ],
    )  # fmt: skip
    s1 = node(
        "sasaran",
        "Meningkatnya kualitas pelayanan publik di Kecamatan Kaligondang",
        indicators=[
            ind("Indeks Kepuasan Masyarakat (IKM) Kecamatan", "Nilai", 82, (80, 81, 81.5, 82),
                (80.4, 81.2, 81.9, None)),
            ind("Persentase pengaduan masyarakat yang ditindaklanjuti", pct, 100,
                (100, 100, 100, 100), (100, 95, 100, None)),
            ind("Persentase pelayanan administrasi terpadu kecamatan (PATEN) yang selesai tepat "
                "waktu", pct, 95, (95, 95, 95, 95), (96, 94, 97, None)),
        ],
        children=[p_pelayanan, p_pemberdayaan],
    )  # fmt: skip
    s2 = node(
        "sasaran",
        "Meningkatnya akuntabilitas kinerja Kecamatan Kaligondang",
        indicators=[
            ind("Nilai SAKIP Kecamatan", "Nilai", 70, (None, None, None, 70),
                (None, None, None, None)),
            ind("Persentase dokumen perencanaan dan pelaporan kinerja yang tepat waktu", pct,
                100, (25, 50, 75, 100), (25, 50, 75, None)),
        ],
        children=[p_penunjang],
    )  # fmt: skip
    plan = Plan(unit="Kecamatan Kaligondang", year=2023, periods=list(QUARTERS), nodes=[s1, s2])
    _sum_budgets(plan.nodes)
    return plan


def renja_plan() -> Plan:
    """An Evaluasi Renja (Tabel 2.1) of a badan for the plan year 2016: programs and kegiatan
    with old-style codes (urusan 1, bidang 20, SKPD 03, program, kegiatan), each indicator with
    the target and realisasi of 2014 (n-2) and the target of 2015 (n-1)."""
    periods = ["2014", "2015"]

    def ev(name: str, unit: str, t14: Any, r14: Any, t15: Any) -> Indicator:
        return ind(name, unit, None, (t14, t15), (r14, None), periods)

    plan = Plan(
        unit="Badan Kepegawaian Daerah",
        year=2016,
        periods=periods,
        nodes=[
            node("program", "Program Pelayanan Administrasi Perkantoran", "1.20.03.01",
                 indicators=[ev("Persentase pemenuhan pelayanan administrasi perkantoran", "%",
                                100, 100, 100)],
                 children=[
                     node("kegiatan", "Penyediaan Jasa Surat Menyurat", "1.20.03.01.01",
                          indicators=[ev("Jumlah surat yang terkirim", "Surat", 1200, 1150,
                                         1300)]),
                     node("kegiatan", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
                          "1.20.03.01.02",
                          indicators=[ev("Jumlah bulan layanan jasa komunikasi, air dan listrik",
                                         "Bulan", 12, 12, 12)]),
                 ]),
            node("program", "Program Peningkatan Kapasitas Sumber Daya Aparatur", "1.20.03.05",
                 indicators=[ev("Persentase aparatur yang mengikuti diklat teknis", "%", 60, 55,
                                70)],
                 children=[
                     node("kegiatan", "Pendidikan dan Pelatihan Teknis Fungsional",
                          "1.20.03.05.04",
                          indicators=[ev("Jumlah peserta diklat teknis fungsional", "Orang", 120,
                                         112, 150)]),
                 ]),
            node("program", "Program Pembinaan dan Pengembangan Aparatur", "1.20.03.15",
                 indicators=[ev("Persentase PNS yang memenuhi standar kompetensi jabatan", "%",
                                75, 72, 80)],
                 children=[
                     node("kegiatan", "Penyelenggaraan Ujian Dinas dan Ujian Penyesuaian Ijazah",
                          "1.20.03.15.03",
                          indicators=[ev("Jumlah peserta ujian dinas", "Orang", 250, 238, 260)]),
                     node("kegiatan", "Pengelolaan Data dan Sistem Informasi Kepegawaian",
                          "1.20.03.15.07",
                          indicators=[ev("Persentase data kepegawaian yang mutakhir", "%", 85,
                                         85, 90)]),
                 ]),
        ],
    )  # fmt: skip
    return plan


def coded_plan(
    programs: int = 4,
    subs_per_kegiatan: int = 3,
    year: int = 2023,
    bidang: Sequence[str] = ("2.16", "2.21", "2.17"),
) -> Plan:
    """A longer plan from the national nomenclature (2022 list): the first ``programs``
    programs of the ``bidang`` that have kegiatan, each with its kegiatan and up to
    ``subs_per_kegiatan`` sub kegiatan, codes, a budget per sub kegiatan (summed above) and one
    indicator per node (the standard one for sub kegiatan where the list has it). Deterministic."""
    from renaksi.core import nomenclature

    entries = [e for e in nomenclature.load("2022") if e.jenis == "KABKOT"]
    children: dict[str, list] = {}
    for e in entries:
        parent = e.code.rsplit(".", 2 if e.level == "kegiatan" else 1)[0]
        children.setdefault(parent, []).append(e)
    plan = Plan(unit="Dinas Komunikasi dan Informatika", year=year, periods=list(QUARTERS))
    chosen = [
        e for e in entries if e.level == "program" and e.code[:4] in bidang and children.get(e.code)
    ][:programs]
    for p_index, program in enumerate(chosen):
        p = node(
            "program",
            _title(program.name),
            program.code,
            indicators=[ind(f"Persentase capaian kinerja {_title(program.name).lower()}", "%",
                            100, (25, 50, 75, 100))],
        )  # fmt: skip
        plan.nodes.append(p)
        for k_index, k in enumerate(children[program.code]):
            kegiatan = node(
                "kegiatan",
                _clean(k.name),
                k.code,
                indicators=[ind(f"Persentase terlaksananya {_clean(k.name).lower()}", "%", 100,
                                (25, 50, 75, 100))],
            )  # fmt: skip
            p.children.append(kegiatan)
            subs = [s for s in children.get(k.code, []) if s.level == "subkegiatan"]
            for s_index, s in enumerate(subs[:subs_per_kegiatan]):
                total = 4 + (p_index + k_index + s_index) % 9
                steps = tuple(math.ceil(total * q / 4) for q in (1, 2, 3, 4))
                kegiatan.children.append(
                    node(
                        "subkegiatan",
                        _clean(s.name),
                        s.code,
                        (17 + 13 * ((p_index * 7 + k_index * 3 + s_index) % 11)) * 1_250_000,
                        [ind(_clean(s.indikator or f"Jumlah Dokumen {s.name}"),
                             _clean(s.satuan or "Dokumen"), total, steps)],
                    )
                )  # fmt: skip
    _sum_budgets(plan.nodes)
    return plan


# The bidang of the longer plan that the PDF printed from Excel shows (three pages and more).
LONGER_BIDANG = ("2.16", "2.21", "2.17", "2.18")


def _clean(text: str) -> str:
    return " ".join(text.split())


_SMALL_WORDS = {"dan", "di", "yang", "atau", "dari", "ke", "pada", "untuk", "serta"}
_ACRONYMS = {"umkm", "(umkm)", "ksp", "usp", "spbe", "asn", "skpd", "tik", "ikm", "paten"}


def _title(name: str) -> str:
    """An upper-case official program name as documents write it ("Program Penunjang …",
    acronyms kept: "UMKM", "KSP/USP")."""

    def word(w: str) -> str:
        return "/".join(
            part.upper() if part in _ACRONYMS else part[:1].upper() + part[1:]
            for part in w.split("/")
        )

    words = _clean(name).lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else word(w) for i, w in enumerate(words))


def only_levels(plan: Plan, levels: Iterable[str]) -> Plan:
    """The plan with only ``levels``: a node of another level is dropped and its children take
    its place (programs at the top when the sasaran are left out)."""
    keep = set(levels)
    out = copy.deepcopy(plan)

    def lift(nodes: list[Node]) -> list[Node]:
        result = []
        for n in nodes:
            n.children = lift(n.children)
            result += [n] if n.level in keep else n.children
        return result

    out.nodes = lift(out.nodes)
    return out


def annual_only(plan: Plan) -> Plan:
    """The plan as a layout with one TARGET column for the year shows it: no period targets, no
    realisasi (the annual target stays)."""
    out = copy.deepcopy(plan)
    out.periods = []
    for _node, i in out.indicators():
        i.targets = {}
        i.actuals = None
    return out


def outline_numbers(plan: Plan) -> dict[int, str]:
    """Each node's outline number ("1", "1.2", "1.2.1") by id, from its place in the tree."""
    out: dict[int, str] = {}

    def visit(nodes: list[Node], prefix: str) -> None:
        for i, n in enumerate(nodes, start=1):
            out[id(n)] = f"{prefix}{i}"
            visit(n.children, f"{prefix}{i}.")

    visit(plan.nodes, "")
    return out


# --------------------------------------------------------------------------------------------
# Numbers as documents write them


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def num(value: Any) -> str:
    """25, 81,5 (decimal comma), "" for None."""
    return ol.number_text(value)


def rupiah(value: Any, prefix: str = "") -> str:
    """1.250.000.000 (thousands dots), with a prefix ("Rp ", "Rp. ") when given."""
    if value is None:
        return ""
    return prefix + f"{int(value):,}".replace(",", ".")


# --------------------------------------------------------------------------------------------
# Documents: paragraphs and tables, in Word and in Excel


@dataclass
class Cell:
    """One cell. ``value``: text or a number. In Word a "\\n" starts a new paragraph of the
    cell; in Excel it is a line break (Alt+Enter). ``fmt``: Excel's number format ("0%",
    "#,##0"; a percentage is stored as a fraction). ``header``: a caption (bold, centred)."""

    value: Any = None
    bold: bool = False
    indent: int = 0
    header: bool = False
    center: bool = False
    fmt: str | None = None

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if not is_number(self.value):
            return str(self.value)
        return display(self.value, self.fmt)


def display(value: float, fmt: str | None) -> str:
    """A number as Excel (Indonesian locale) shows it under ``fmt``."""
    if fmt and fmt.endswith("%"):
        return num(round(value * 100, 6)) + "%"
    if fmt and "#,##0" in fmt:
        decimals = len(fmt.split(".")[1]) if "." in fmt else 0
        whole = f"{value:,.{decimals}f}"
        return whole.replace(",", "_").replace(".", ",").replace("_", ".")
    if fmt == "0.00":
        return f"{value:.2f}".replace(".", ",")
    return num(value)


def C(value: Any = None, **style: Any) -> Cell:
    return Cell(value, **style)


def H(value: Any = None) -> Cell:
    return Cell(value, header=True)


@dataclass
class Para:
    """A paragraph outside tables (a title line, a statement, a signature line). In Excel it is
    a row with the text in column ``col`` merged over ``span`` columns (None: the table's width
    when centred)."""

    text: str = ""
    bold: bool = False
    center: bool = False
    indent_cm: float = 0.0
    size: float | None = None
    page_break: bool = False  # Word: a page break before this paragraph
    col: int = 0
    span: int | None = None


@dataclass
class Table:
    rows: list[list[Cell]]
    merges: list[Merge] = field(default_factory=list)
    header_rows: int = 0  # repeated on every page
    widths: list[float] | None = None  # relative
    borders: bool = True

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)


Block = Para | Table


@dataclass
class Doc:
    """A Word document: blocks in order on one page size (cm, width × height)."""

    blocks: list[Block]
    page: tuple[float, float] = (33.0, 21.5)  # F4 landscape
    font_size: float = 8
    margins: float = 1.5


@dataclass
class Sheet:
    name: str
    blocks: list[Block]
    landscape: bool = True


Book = list[Sheet]


# -- header bands ---------------------------------------------------------------------------

# A caption spec: "NO" (one column, the band's full height), ("PAGU", 2) (one caption over two
# columns: value and unit), or ("TARGET", ["TW I", "TW II", …]) (a group caption over its own).
Spec = str | tuple[str, int] | tuple[str, list]


def _spec_width(spec: Spec) -> int:
    if isinstance(spec, str):
        return 1
    _caption, below = spec
    return below if isinstance(below, int) else sum(_spec_width(s) for s in below)


def _spec_depth(spec: Spec) -> int:
    if isinstance(spec, str) or isinstance(spec[1], int):
        return 1
    return 1 + max(_spec_depth(s) for s in spec[1])


def band(specs: Sequence[Spec], numbers: bool = False) -> tuple[list[list[Cell]], list[Merge]]:
    """The header rows a caption spec gives, with their merges; a row of column numbers under
    them ("1", "2", …, one per leaf caption, merged over a caption's cells) when ``numbers``."""
    depth = max(_spec_depth(s) for s in specs)
    width = sum(_spec_width(s) for s in specs)
    rows = [[H() for _ in range(width)] for _ in range(depth)]
    merges: list[Merge] = []
    leaves: list[tuple[int, int]] = []  # (col, width) of each leaf caption

    def place(spec: Spec, row: int, col: int) -> None:
        w = _spec_width(spec)
        if isinstance(spec, str) or isinstance(spec[1], int):
            caption = spec if isinstance(spec, str) else spec[0]
            rows[row][col].value = caption
            if depth - row > 1 or w > 1:
                merges.append((row, col, depth - row, w))
            leaves.append((col, w))
            return
        rows[row][col].value = spec[0]
        if w > 1:
            merges.append((row, col, 1, w))
        x = col
        for sub in spec[1]:
            place(sub, row + 1, x)
            x += _spec_width(sub)

    col = 0
    for spec in specs:
        place(spec, 0, col)
        col += _spec_width(spec)
    if numbers:
        row = [H() for _ in range(width)]
        for n, (c, w) in enumerate(sorted(leaves), start=1):
            row[c].value = str(n)
            if w > 1:
                merges.append((len(rows), c, 1, w))
        rows.append(row)
    return rows, merges


class TableBuilder:
    """A table grown row by row under a header band."""

    def __init__(self, specs: Sequence[Spec], numbers: bool = False, widths=None) -> None:
        self.rows, self.merges = band(specs, numbers)
        self.header_rows = len(self.rows)
        self.width = len(self.rows[0])
        self.widths = widths

    def add(self, cells: dict[int, Cell] | Sequence[Cell]) -> int:
        row = [Cell() for _ in range(self.width)]
        items = cells.items() if isinstance(cells, dict) else enumerate(cells)
        for c, cell in items:
            row[c] = cell
        self.rows.append(row)
        return len(self.rows) - 1

    def merge(self, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> None:
        if rowspan > 1 or colspan > 1:
            self.merges.append((row, col, rowspan, colspan))

    def table(self, header_rows: int | None = None) -> Table:
        return Table(
            self.rows,
            self.merges,
            self.header_rows if header_rows is None else header_rows,
            self.widths,
        )


# -- Word -----------------------------------------------------------------------------------


def write_docx(doc: Doc, path: Path) -> Path:
    """The document in Word: paragraphs and tables in order, real merges (w:vMerge,
    w:gridSpan), header rows repeated on every page, rows free to break across pages (Word's
    default), a cell's "\\n" as a new paragraph."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    width, height = doc.page
    section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(doc.margins))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(doc.font_size)
    normal.paragraph_format.space_after = Pt(0)
    usable = width - 2 * doc.margins

    for block in doc.blocks:
        if isinstance(block, Para):
            paragraph = document.add_paragraph()
            if block.page_break:
                paragraph.add_run().add_break(WD_BREAK.PAGE)
            if block.center:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if block.indent_cm:
                paragraph.paragraph_format.left_indent = Cm(block.indent_cm)
            if block.text:
                run = paragraph.add_run(block.text)
                run.bold = block.bold
                if block.size:
                    run.font.size = Pt(block.size)
            continue
        table = document.add_table(rows=len(block.rows), cols=block.width)
        if block.borders:
            table.style = "Table Grid"
        table.autofit = False
        weights = block.widths or [1.0] * block.width
        widths = [Cm(usable * w / sum(weights)) for w in weights]
        for column, w in zip(table.columns, widths, strict=True):
            column.width = w
        cells = [row.cells for row in table.rows]
        for r, row in enumerate(block.rows):
            if r < block.header_rows:
                ol._repeat_as_header(table.rows[r])
            for c, cell in enumerate(row):
                target = cells[r][c]
                target.width = widths[c]
                if cell.header:
                    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for i, line in enumerate(cell.text.split("\n") if cell.text else []):
                    paragraph = target.paragraphs[0] if i == 0 else target.add_paragraph()
                    if cell.header or cell.center:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    if cell.indent:
                        paragraph.paragraph_format.left_indent = Cm(0.5 * cell.indent)
                    run = paragraph.add_run(line)
                    run.bold = cell.bold or cell.header
        for r, c, rowspan, colspan in block.merges:
            cells[r][c].merge(cells[r + rowspan - 1][c + colspan - 1])
    document.save(path)
    return path


# -- Excel ----------------------------------------------------------------------------------


def _layout_sheet(sheet: Sheet) -> tuple[list[tuple[int, Block]], int, list[float] | None]:
    """Where each block of a sheet starts (0-based row), the sheet's width and column widths
    (of its widest table): a paragraph takes one row, a table its rows, an empty row between a
    table and what follows."""
    placed = []
    row = 0
    tables = [b for b in sheet.blocks if isinstance(b, Table)]
    widest = max(tables, key=lambda t: t.width) if tables else None
    for block in sheet.blocks:
        placed.append((row, block))
        if isinstance(block, Table):
            row += len(block.rows) + 1
        else:
            row += 1
    return placed, widest.width if widest else 1, widest.widths if widest else None


def write_xlsx(book: Book, path: Path) -> Path:
    """The book as an .xlsx: each sheet's paragraphs as rows (centred ones merged over the
    table's width), tables with merged ranges and thin borders, numbers with their formats,
    header rows as print titles, landscape pages fitted to the width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for sheet in book:
        ws = wb.create_sheet(sheet.name[:31])
        placed, width, widths = _layout_sheet(sheet)
        titles = None
        for top, block in placed:
            if isinstance(block, Para):
                if not block.text:
                    continue
                out = ws.cell(row=top + 1, column=block.col + 1, value=block.text)
                out.font = Font(bold=block.bold, size=block.size or 10)
                span = block.span or (width - block.col if block.center else 1)
                if block.center:
                    out.alignment = Alignment(horizontal="center")
                if span > 1:
                    ws.merge_cells(
                        start_row=top + 1,
                        start_column=block.col + 1,
                        end_row=top + 1,
                        end_column=block.col + span,
                    )
                continue
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    out = ws.cell(row=top + r + 1, column=c + 1)
                    if block.borders:
                        out.border = border
                    if cell.value not in (None, ""):
                        out.value = cell.value
                    if cell.fmt:
                        out.number_format = cell.fmt
                    out.font = Font(bold=cell.bold or cell.header, size=9)
                    out.alignment = Alignment(
                        wrap_text=True,
                        vertical="center" if cell.header else "top",
                        horizontal="center" if cell.header or cell.center else None,
                        indent=cell.indent,
                    )
            for r, c, rowspan, colspan in block.merges:
                ws.merge_cells(
                    start_row=top + r + 1,
                    start_column=c + 1,
                    end_row=top + r + rowspan,
                    end_column=c + colspan,
                )
            if block.header_rows and titles is None:
                titles = f"{top + 1}:{top + block.header_rows}"
        chars = _column_chars(widths or [1.0] * width)
        for c, w in enumerate(chars, start=1):
            ws.column_dimensions[get_column_letter(c)].width = w
        for top, block in placed:
            if isinstance(block, Table):
                _row_heights(ws, top, block, chars)
        if titles:
            ws.print_title_rows = titles
        ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    wb.save(path)
    return path


def _column_chars(weights: Sequence[float], total: float = 150) -> list[float]:
    """Column widths in characters, ``total`` over the sheet (an A4 landscape page at 9 pt)."""
    return [round(total * w / sum(weights), 1) for w in weights]


def _row_heights(ws, top: int, table: Table, chars: Sequence[float]) -> None:
    """Row heights that show every line of wrapped text (openpyxl writes none, and LibreOffice
    does not grow a row to its text when printing): lines at 12 pt, one per "\n" and per
    column width of text."""
    spans = {(r, c): cs for r, c, _rs, cs in table.merges}
    for r, row in enumerate(table.rows):
        lines = 1
        for c, cell in enumerate(row):
            width = sum(chars[c : c + spans.get((r, c), 1)]) * 1.15
            for part in cell.text.split("\n"):
                lines = max(lines, math.ceil(len(part) / max(width, 1)) or 1)
            lines = max(lines, cell.text.count("\n") + 1)
        ws.row_dimensions[top + r + 1].height = 12 * lines + 2


# -- Excel's "Save as Web Page" ---------------------------------------------------------------

_EXCEL_HTML_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<meta name=ProgId content=Excel.Sheet>
<meta name=Generator content="Microsoft Excel 15">
<link rel=File-List href="{stem}_files/filelist.xml">
<style id="{stem}_Styles">
<!--table
	{{mso-displayed-decimal-separator:"\\,";
	mso-displayed-thousand-separator:"\\.";}}
.xl65
	{{mso-style-parent:style0;
	font-weight:700;
	font-family:Arial, sans-serif;
	text-align:center;
	vertical-align:middle;
	border:.5pt solid windowtext;
	white-space:normal;}}
.xl66
	{{mso-style-parent:style0;
	font-weight:700;
	font-family:Arial, sans-serif;}}
.xl67
	{{mso-style-parent:style0;
	vertical-align:top;
	border:.5pt solid windowtext;
	white-space:normal;}}
.xl68
	{{mso-style-parent:style0;
	font-weight:700;
	vertical-align:top;
	border:.5pt solid windowtext;
	white-space:normal;}}
.xl69
	{{mso-style-parent:style0;
	mso-number-format:"\\#\\,\\#\\#0";
	vertical-align:top;
	border:.5pt solid windowtext;}}
.xl70
	{{mso-style-parent:style0;
	mso-number-format:0%;
	text-align:center;
	vertical-align:top;
	border:.5pt solid windowtext;}}
.xl71
	{{mso-style-parent:style0;
	text-align:center;
	vertical-align:top;
	border:.5pt solid windowtext;}}
-->
</style>
<!--[if gte mso 9]><xml>
 <x:ExcelWorkbook>
  <x:ExcelWorksheets>
   <x:ExcelWorksheet>
    <x:Name>{sheet}</x:Name>
    <x:WorksheetOptions>
     <x:Print><x:ValidPrinterInfo/><x:PaperSizeIndex>9</x:PaperSizeIndex></x:Print>
     <x:Selected/>
     <x:ProtectContents>False</x:ProtectContents>
    </x:WorksheetOptions>
   </x:ExcelWorksheet>
  </x:ExcelWorksheets>
  <x:WindowHeight>8010</x:WindowHeight>
 </x:ExcelWorkbook>
 <x:ExcelName>
  <x:Name>Print_Titles</x:Name>
  <x:SheetIndex>1</x:SheetIndex>
  <x:Formula>={print_titles}</x:Formula>
 </x:ExcelName>
</xml><![endif]-->
</head>

<body link="#0563C1" vlink="#954F72">
<!--[if !excel]>&nbsp;&nbsp;<![endif]-->
<!--The following information was generated by Microsoft Excel's Publish as Web
Page wizard.-->
<!----------------------------->
<!--START OF OUTPUT FROM EXCEL PUBLISH AS WEB PAGE WIZARD -->
<!----------------------------->

<div id="{stem}_1" align=center x:publishsource="Excel">

"""

_EXCEL_HTML_FOOT = """</table>

</div>


<!----------------------------->
<!--END OF OUTPUT FROM EXCEL PUBLISH AS WEB PAGE WIZARD-->
<!----------------------------->
</body>

</html>
"""


def _html_text(text: str) -> str:
    """Cell text as Excel writes it: escaped, a line break inside the cell as <br> with
    mso-data-placement, long lines wrapped in the source."""
    parts = [html.escape(p, quote=False) for p in text.split("\n")]
    return "<br style='mso-data-placement:same-cell'>".join(parts)


def write_excel_html(sheet: Sheet, path: Path) -> Path:
    """One sheet as Excel 2013 saves it "as Web Page" (single sheet): the XML island in a
    conditional comment, styles as classes in a commented style sheet, ``<col>`` widths, rows
    with heights, rowspan/colspan merges, numbers as ``x:num`` with the text Excel shows, codes
    as ``x:str``, text spilling over empty cells (``mso-ignore:colspan``) and the
    ``supportMisc`` spacer row."""
    placed, width, widths = _layout_sheet(sheet)
    px = [int(40 * w) for w in (widths or [1.0] * width)]
    stem = path.stem.replace(" ", "_")
    titles = next(
        (f"'{sheet.name}'!${top + 1}:${top + b.header_rows}")
        for top, b in placed
        if isinstance(b, Table) and b.header_rows
    )
    out = [_EXCEL_HTML_HEAD.format(stem=stem, sheet=sheet.name, print_titles=titles)]
    out.append(
        f"<table border=0 cellpadding=0 cellspacing=0 width={sum(px)} "
        f"style='border-collapse:collapse;table-layout:fixed;width:{sum(px) * 3 // 4}pt'>\n"
    )
    for w in px:
        out.append(f" <col width={w} style='mso-width-source:userset;width:{w * 3 // 4}pt'>\n")
    row_at = 0

    def blank_row() -> None:
        out.append(" <tr height=20 style='height:15.0pt'>\n")
        out.append(f"  <td height=20 colspan={width} style='height:15.0pt;mso-ignore:colspan'>")
        out.append("</td>\n </tr>\n")

    for top, block in placed:
        while row_at < top:
            blank_row()
            row_at += 1
        if isinstance(block, Para):
            out.append(" <tr height=20 style='height:15.0pt'>\n")
            before = block.col
            if before:
                out.append(f"  <td height=20 colspan={before} style='mso-ignore:colspan'></td>\n")
            span = block.span or (width - block.col if block.center else 1)
            cls = "xl66" if block.bold else ""
            if block.center:
                out.append(
                    f"  <td colspan={span} height=20 class={cls or 'xl66'} "
                    f"style='height:15.0pt;text-align:center'>{_html_text(block.text)}</td>\n"
                )
            else:
                # Excel lets text run over the empty cells to its right (mso-ignore:colspan).
                out.append(
                    f"  <td height=20 class={cls or 'xl66'} colspan={span} "
                    f"style='height:15.0pt;mso-ignore:colspan'>{_html_text(block.text)}</td>\n"
                )
            rest = width - before - span
            if rest > 0:
                out.append(f"  <td colspan={rest} style='mso-ignore:colspan'></td>\n")
            out.append(" </tr>\n")
            row_at += 1
            continue
        starts = {(r, c): (rs, cs) for r, c, rs, cs in block.merges}
        covered = {
            (r + i, c + j)
            for r, c, rs, cs in block.merges
            for i in range(rs)
            for j in range(cs)
            if i or j
        }
        for r, row in enumerate(block.rows):
            lines = max((cell.text.count("\n") + 1 for cell in row), default=1)
            height = 15 * lines
            out.append(f" <tr height={height * 4 // 3} style='height:{height}.0pt'>\n")
            for c, cell in enumerate(row):
                if (r, c) in covered:
                    continue
                attrs = []
                rs, cs = starts.get((r, c), (1, 1))
                if rs > 1:
                    attrs.append(f"rowspan={rs}")
                if cs > 1:
                    attrs.append(f"colspan={cs}")
                if cell.header:
                    cls = "xl65"
                elif is_number(cell.value) and cell.fmt and cell.fmt.endswith("%"):
                    cls = "xl70"
                elif is_number(cell.value) and cell.fmt:
                    cls = "xl69"
                elif cell.center:
                    cls = "xl71"
                else:
                    cls = "xl68" if cell.bold else "xl67"
                attrs.append(f"class={cls}")
                style = []
                if cell.indent:
                    style.append(f"padding-left:{12 * cell.indent}px")
                    style.append(f"mso-char-indent-count:{cell.indent}")
                if style:
                    attrs.append("style='" + ";".join(style) + "'")
                text = _html_text(cell.text)
                if is_number(cell.value):
                    attrs.append(f'align=right x:num="{cell.value!r}"')
                elif isinstance(cell.value, str) and _looks_numeric(cell.value):
                    attrs.append(f'x:str="\'{html.escape(cell.value)}"')
                out.append(f"  <td {' '.join(attrs)}>{text}</td>\n")
            out.append(" </tr>\n")
        row_at += len(block.rows)
    out.append(" <![if supportMisc]>\n <tr height=0 style='display:none'>\n")
    for w in px:
        out.append(f"  <td width={w} style='width:{w * 3 // 4}pt'></td>\n")
    out.append(" </tr>\n <![endif]>\n")
    out.append(_EXCEL_HTML_FOOT)
    path.write_bytes("".join(out).encode("cp1252", errors="xmlcharrefreplace"))
    return path


def _looks_numeric(text: str) -> bool:
    """A text Excel would take for a number or a date unless stored as text: codes such as
    "7.01.01" (a date in some locales) or "1.20"."""
    return bool(text) and all(ch.isdigit() or ch == "." for ch in text)


# -- PDF -------------------------------------------------------------------------------------


def to_pdf(path: Path, outdir: Path) -> Path:
    """The Word or Excel file as LibreOffice prints it to PDF (a fresh profile each time)."""
    return ol.docx_to_pdf(path, outdir)


# --------------------------------------------------------------------------------------------
# Comparing a plan read back with the truth


def _same(a: Any, b: Any) -> bool:
    if is_number(a) and is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(b, str):
        return ol.normal(a) == ol.normal(b)
    return a == b


def field_diff(
    got: Plan,
    want: Plan,
    *,
    annual: bool = False,
    actuals: bool = False,
    budgets: bool = False,
    codes: bool = False,
) -> list[str]:
    """What ``tree_diff`` and ``indicator_diff`` do not compare, one line per field that
    differs: a node's budget and code; an indicator's annual target and realisasi per period.
    Nodes are matched by level and name (else name) in document order, indicators by name
    within their node; what is not matched is left to the other diffs."""
    by_key: dict[tuple[str, str], list[Node]] = {}
    by_name: dict[str, list[Node]] = {}
    for n, _parent in got.walk():
        by_key.setdefault((n.level, ol.normal(n.name) or ""), []).append(n)
        by_name.setdefault(ol.normal(n.name) or "", []).append(n)
    used: set[int] = set()
    out = []
    for n, _parent in want.walk():
        name = ol.normal(n.name) or ""
        candidates = by_key.get((n.level, name), []) + by_name.get(name, [])
        read = next((x for x in candidates if id(x) not in used), None)
        if read is None:
            continue
        used.add(id(read))
        where = f"{n.level} {ol._short(name, 50)}"
        if budgets and not _same(read.budget, n.budget):
            out.append(f"{where}: budget {read.budget!r}, truth {n.budget!r}")
        if codes and not _same(read.code, n.code):
            out.append(f"{where}: code {read.code!r}, truth {n.code!r}")
        taken: set[int] = set()
        for i in n.indicators:
            match = next(
                (
                    j
                    for j in read.indicators
                    if id(j) not in taken and ol.normal(j.name) == ol.normal(i.name)
                ),
                None,
            )
            if match is None:
                continue
            taken.add(id(match))
            label = f"{where}: indicator {ol._short(i.name, 50)}"
            if annual and not _same(match.annual_target, i.annual_target):
                out.append(
                    f"{label}: annual target {match.annual_target!r}, truth {i.annual_target!r}"
                )
            if actuals:
                for period in want.periods:
                    a = (i.actuals or {}).get(period)
                    b = (match.actuals or {}).get(period)
                    if not _same(a, b):
                        out.append(f"{label}: realisasi {period} {b!r}, truth {a!r}")
    return out


def plan_diff(
    got: Plan,
    want: Plan,
    *,
    units: bool = True,
    annual: bool = False,
    actuals: bool = False,
    budgets: bool = False,
    codes: bool = False,
) -> dict[str, list[str]]:
    """Everything that differs, by kind: "tree", "indicators" (unit and period targets),
    "fields" (annual, realisasi, budgets, codes as asked)."""
    return {
        "tree": ol.tree_diff(got, want),
        "indicators": ol.indicator_diff(got, want, objectives=False, units=units),
        "fields": field_diff(
            got, want, annual=annual, actuals=actuals, budgets=budgets, codes=codes
        ),
    }


def stray_texts(plan: Plan, texts: Iterable[str]) -> list[str]:
    """The texts (signature lines, notes, schedule marks) found in the plan as a node, an
    indicator, a unit or a target, or in the message of a warning or error, each with where.
    A text written "=JUMLAH" is found only as a whole text (a total row read as a node), not
    inside one ("Jumlah Dokumen …")."""
    texts = [t for t in texts if t and t.strip()]
    whole = [t[1:] for t in texts if t.startswith("=")]
    out = ol.signature_in_plan(plan, [t for t in texts if not t.startswith("=")])
    for text in whole:
        out += [
            f"{text!r} is the {what}"
            for what, value in ol.texts_of(plan)
            if ol.normal(value).casefold() == text.casefold()
        ]
    return out


def unit_matches(read: str | None, truth: str) -> bool:
    """The unit read names the truth's unit: the same words, or the truth's words followed by
    more (the kabupaten: "Kecamatan Kaligondang Kabupaten Purbalingga")."""
    a = " ".join((read or "").lower().split())
    b = " ".join(truth.lower().split())
    return a == b or a.startswith(b + " ")


# --------------------------------------------------------------------------------------------
# Layouts. Each takes a plan (the truth) and gives a Doc or a Book.

SIGNATURE_CAMAT = (
    "Kaligondang, 2 Januari 2023",
    "CAMAT KALIGONDANG",
    "",
    "",
    "Drs. AHMAD SUBAGYO, M.Si",
    "Pembina Tingkat I",
    "NIP. 19680512 199303 1 007",
)


def signature_for(plan: Plan) -> tuple[str, ...]:
    """The head of the unit signs: the camat for a kecamatan, else the kepala dinas."""
    return SIGNATURE_CAMAT if (plan.unit or "").startswith("Kecamatan") else SIGNATURE_DINAS


def title_paras(lines: Sequence[str], size: float = 12) -> list[Block]:
    return [Para(line, bold=True, center=True, size=size) for line in lines] + [Para()]


def signature_paras(lines: Sequence[str], indent_cm: float = 19, col: int = 0) -> list[Block]:
    """The signature block as centred paragraphs on the right (Word: indented; Excel: from
    column ``col``)."""
    return [Para()] + [
        Para(line, bold=line.isupper(), center=False, indent_cm=indent_cm, col=col)
        for line in lines
    ]


def _roman_or_label(period: str, roman: bool) -> str:
    return ROMAN[period] if roman else ol.PERIOD_LABELS[period]


# (1) One URAIAN column of every level, the level said by a prefix or by outline numbers.

PREFIX = {
    "tujuan": "Tujuan",
    "sasaran": "Sasaran",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "subkegiatan": "Sub Kegiatan",
}


def outline_table(
    plan: Plan,
    *,
    prefixes: bool,
    numbers: bool,
    annual: bool,
    roman: bool,
    notes: dict[str, str],
    percent_in_unit: bool = True,
) -> Table:
    """NO | URAIAN | INDIKATOR KINERJA | SATUAN | [TARGET TAHUNAN] | TARGET TRIWULAN (TW I–IV) |
    KET. Every node on its own rows (one per indicator) with its name cell merged down over
    them; ``prefixes``: "Program : …"; ``numbers``: outline numbers in NO (else NO numbers the
    top level only); ``notes``: the KET of a level's rows."""
    periods = list(plan.periods)
    specs: list[Spec] = ["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN"]
    if annual:
        specs.append("TARGET TAHUNAN")
    specs += [("TARGET TRIWULAN", [_roman_or_label(p, roman) for p in periods]), "KET"]
    widths = [1.2, 9, 8, 2] + ([2] if annual else []) + [1.6] * len(periods) + [3]
    tb = TableBuilder(specs, numbers=True, widths=widths)
    outline = outline_numbers(plan)
    first_period = 5 if annual else 4
    top = 0
    for n, _parent in plan.walk():
        name = n.name
        if prefixes:
            name = f"{PREFIX[n.level]} : {n.name}"
        if _parent is None:
            top += 1
        number = outline[id(n)] if numbers else (str(top) if _parent is None else "")
        start = len(tb.rows)
        for i in n.indicators or [None]:
            cells = {0: C(number if len(tb.rows) == start else None, center=True)}
            cells[1] = C(name if len(tb.rows) == start else None, bold=n.level != "subkegiatan")
            if i is not None:
                cells[2] = C(i.name)
                cells[3] = C(i.unit, center=True)
                if annual:
                    cells[4] = C(_target_text(i.annual_target, i.unit, percent_in_unit),
                                 center=True)  # fmt: skip
                for k, p in enumerate(periods):
                    cells[first_period + k] = C(
                        _target_text(i.targets.get(p), i.unit, percent_in_unit), center=True
                    )
            cells[tb.width - 1] = C(notes.get(n.level) if len(tb.rows) == start else None)
            tb.add(cells)
        rows = len(tb.rows) - start
        for col in (0, 1, tb.width - 1):
            tb.merge(start, col, rows)
    return tb.table()


def _target_text(value: Any, unit: str | None, percent_in_unit: bool) -> str:
    text = num(value)
    if text and unit == "%" and not percent_in_unit:
        text += "%"
    return text


OUTLINE_NOTES = {"sasaran": "IKU", "program": "Renstra", "tujuan": "Renstra"}


def word_outline_prefixed(plan: Plan) -> Doc:
    """(1a) The sample as one Word table: "Tujuan : …", "Sasaran : …", "Program : …",
    "Kegiatan : …", "Sub Kegiatan : …" in URAIAN, outline numbers in NO, TW I–IV as roman
    numerals under TARGET TRIWULAN, targets without "%" (SATUAN says it), remarks in KET."""
    table = outline_table(
        plan, prefixes=True, numbers=True, annual=False, roman=True, notes=OUTLINE_NOTES
    )
    title = [
        "RENCANA AKSI PENCAPAIAN KINERJA",
        f"{(plan.unit or '').upper()} KABUPATEN PURBALINGGA",
        f"TAHUN {plan.year}",
    ]
    return Doc([*title_paras(title), table, *signature_paras(SIGNATURE_KALIGONDANG_2022)])


SIGNATURE_KALIGONDANG_2022 = tuple(line.replace("2023", "2022") for line in SIGNATURE_CAMAT)


def word_outline_numbered(plan: Plan) -> Doc:
    """(1b) No level words: outline numbers 1 / 1.1 / 1.1.1 / 1.1.1.1 in NO, the names as they
    are, TARGET TAHUNAN beside TARGET TRIWULAN (TW I–IV), "100%" written with its sign."""
    table = outline_table(
        plan,
        prefixes=False,
        numbers=True,
        annual=True,
        roman=False,
        notes=OUTLINE_NOTES,
        percent_in_unit=False,
    )
    title = ["RENCANA AKSI", (plan.unit or "").upper(), f"TAHUN ANGGARAN {plan.year}"]
    return Doc([*title_paras(title), table, *signature_paras(SIGNATURE_CAMAT)])


# (2) Level by bold and indentation only.


def word_bold_indent(
    plan: Plan, strip_level_words: bool = True, typed_indent: str | None = None
) -> Doc:
    """(2) PROGRAM / KEGIATAN / SUB KEGIATAN in one column with no prefix and no number: the
    program bold, kegiatan indented once, sub kegiatan twice; INDIKATOR KINERJA | SATUAN |
    TARGET over TW I–IV | ANGGARAN (Rp). ``strip_level_words``: program names without the word
    "Program" (as many PKs and Renja annexes write them). ``typed_indent``: the indentation
    typed into the text instead (spaces or tabs before the name, once per step: what many
    people do in Word) and no paragraph indent."""
    specs: list[Spec] = [
        "PROGRAM / KEGIATAN / SUB KEGIATAN",
        "INDIKATOR KINERJA",
        "SATUAN",
        ("TARGET", [ol.PERIOD_LABELS[p] for p in plan.periods]),
        "ANGGARAN (Rp)",
    ]
    tb = TableBuilder(specs, widths=[10, 9, 2, 1.6, 1.6, 1.6, 1.6, 3.5])
    indent = {"program": 0, "kegiatan": 1, "subkegiatan": 2}
    for n, _parent in plan.walk():
        start = len(tb.rows)
        for i in n.indicators or [None]:
            cells: dict[int, Cell] = {}
            if len(tb.rows) == start:
                name = _strip_level_word(n.name) if strip_level_words else n.name
                if typed_indent is None:
                    cells[0] = C(name, bold=n.level == "program", indent=indent[n.level])
                else:
                    name = typed_indent * indent[n.level] + name
                    cells[0] = C(name, bold=n.level == "program")
                cells[7] = C(rupiah(n.budget))
            if i is not None:
                cells[1] = C(i.name)
                cells[2] = C(i.unit, center=True)
                for k, p in enumerate(plan.periods):
                    cells[3 + k] = C(num(i.targets.get(p)), center=True)
            tb.add(cells)
        tb.merge(start, 0, len(tb.rows) - start)
        tb.merge(start, 7, len(tb.rows) - start)
    title = [f"RENCANA AKSI {(plan.unit or '').upper()} TAHUN {plan.year}"]
    return Doc([*title_paras(title), tb.table(), *signature_paras(SIGNATURE_CAMAT)])


def _strip_level_word(name: str) -> str:
    for word in ("Program ", "Kegiatan "):
        if name.startswith(word):
            return name[len(word) :]
    return name


def strip_program_words(plan: Plan) -> Plan:
    out = copy.deepcopy(plan)
    for n, _parent in out.walk():
        if n.level == "program":
            n.name = _strip_level_word(n.name)
    return out


# (3) Excel with codes and PAGU.


def codes_table(plan: Plan, *, total: bool = True) -> Table:
    """KODE | PROGRAM/KEGIATAN/SUB KEGIATAN | KINERJA (INDIKATOR | SATUAN | TARGET) | PAGU (Rp),
    merged header cells, a row of column numbers; a node's code, name and pagu merged down over
    its indicator rows; programs bold; a JUMLAH row adding up the programs' pagu."""
    specs: list[Spec] = [
        "KODE",
        "PROGRAM/KEGIATAN/SUB KEGIATAN",
        ("KINERJA", ["INDIKATOR", "SATUAN", "TARGET"]),
        "PAGU (Rp)",
    ]
    tb = TableBuilder(specs, numbers=True, widths=[4, 12, 12, 3, 2.5, 4.5])
    for n, _parent in plan.walk():
        start = len(tb.rows)
        for i in n.indicators or [None]:
            cells: dict[int, Cell] = {}
            if len(tb.rows) == start:
                bold = n.level == "program"
                cells[0] = C(n.code, bold=bold)
                cells[1] = C(n.name, bold=bold)
                cells[5] = C(n.budget, bold=bold, fmt="#,##0")
            if i is not None:
                cells[2] = C(i.name)
                cells[3] = C(i.unit, center=True)
                cells[4] = C(i.annual_target, center=True)
            tb.add(cells)
        for col in (0, 1, 5):
            tb.merge(start, col, len(tb.rows) - start)
    if total:
        programs = sum(n.budget or 0 for n in plan.nodes)
        row = tb.add({0: C("JUMLAH", bold=True, center=True), 5: C(programs, bold=True,
                                                                      fmt="#,##0")})  # fmt: skip
        tb.merge(row, 0, 1, 5)
    return tb.table()


def code_in_name_table(plan: Plan) -> Table:
    """NO | URAIAN | INDIKATOR KINERJA | SATUAN | TARGET | ANGGARAN (Rp): no KODE column, the
    code written before the name in its cell ("7.01.01 Program Penunjang …"), the number of the
    top level only in NO, the budget as text ("Rp 45.750.000,00")."""
    specs: list[Spec] = ["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN", "TARGET", "ANGGARAN (Rp)"]
    tb = TableBuilder(specs, numbers=True, widths=[1.2, 13, 12, 3, 2.5, 5])
    top = 0
    for n, parent in plan.walk():
        start = len(tb.rows)
        if parent is None:
            top += 1
        for i in n.indicators or [None]:
            cells: dict[int, Cell] = {}
            if len(tb.rows) == start:
                cells[0] = C(str(top) if parent is None else None, center=True)
                cells[1] = C(f"{n.code} {n.name}", bold=n.level == "program")
                cells[5] = C(rupiah(n.budget, "Rp ") + ",00")
            if i is not None:
                cells[2] = C(i.name)
                cells[3] = C(i.unit, center=True)
                cells[4] = C(i.annual_target, center=True)
            tb.add(cells)
        for col in (0, 1, 5):
            tb.merge(start, col, len(tb.rows) - start)
    return tb.table()


def excel_code_in_name(plan: Plan) -> Book:
    """(3b) The codes table as many offices type it: the code inside the URAIAN cell."""
    title = [f"RENCANA AKSI TAHUN {plan.year}", (plan.unit or "").upper()]
    signature = signature_paras(signature_for(plan), col=3)
    return [Sheet("Sheet1", [*title_paras(title), code_in_name_table(plan), *signature])]


def excel_codes(plan: Plan) -> Book:
    """(3) One sheet: title rows, the codes table, the signature under its right columns."""
    title = [
        f"RENCANA AKSI {(plan.unit or '').upper()}",
        "KABUPATEN PURBALINGGA",
        f"TAHUN {plan.year}",
    ]
    signature = signature_paras(signature_for(plan), col=4)
    blocks = [*title_paras(title), codes_table(plan), *signature]
    return [Sheet("Renaksi", blocks)]


# (4) Excel, one sheet per program or per level.


def per_program_table(plan: Plan, program: Node, index: int) -> Table:
    """NO | PROGRAM / KEGIATAN / SUB KEGIATAN | INDIKATOR KINERJA | SATUAN | TARGET (TW I–IV) |
    ANGGARAN (Rp): one program and what is under it, numbered 1 / 1.1 / 1.1.1, program bold."""
    specs: list[Spec] = [
        "NO",
        "PROGRAM / KEGIATAN / SUB KEGIATAN",
        "INDIKATOR KINERJA",
        "SATUAN",
        ("TARGET", [ol.PERIOD_LABELS[p] for p in plan.periods]),
        "ANGGARAN (Rp)",
    ]
    tb = TableBuilder(specs, widths=[1.5, 11, 11, 2.5, 2, 2, 2, 2, 4.5])
    sub = Plan(nodes=[program])
    outline = {k: f"{index}{v[1:]}" for k, v in outline_numbers(sub).items()}
    for n, _parent in sub.walk():
        start = len(tb.rows)
        for i in n.indicators or [None]:
            cells: dict[int, Cell] = {}
            if len(tb.rows) == start:
                cells[0] = C(outline[id(n)], center=True)
                cells[1] = C(n.name, bold=n.level == "program")
                cells[8] = C(n.budget, fmt="#,##0")
            if i is not None:
                cells[2] = C(i.name)
                cells[3] = C(i.unit, center=True)
                for k, p in enumerate(plan.periods):
                    value = i.targets.get(p)
                    if i.unit == "%" and is_number(value):
                        cells[4 + k] = C(value / 100, fmt="0%", center=True)
                    else:
                        cells[4 + k] = C(value, center=True)
            tb.add(cells)
        for col in (0, 1, 8):
            tb.merge(start, col, len(tb.rows) - start)
    return tb.table()


def excel_sheet_per_program(plan: Plan) -> Book:
    """(4a) One sheet per program ("Prog 1", "Prog 2", …), each with the same title and header:
    what offices send when each bidang fills in its own program."""
    book = []
    for index, program in enumerate(plan.nodes, start=1):
        title = [f"RENCANA AKSI TAHUN {plan.year}", (plan.unit or "").upper()]
        blocks = [*title_paras(title), per_program_table(plan, program, index)]
        book.append(Sheet(f"Prog {index}", blocks))
    return book


LEVEL_CAPTION = {"program": "PROGRAM", "kegiatan": "KEGIATAN", "subkegiatan": "SUB KEGIATAN"}


def excel_sheet_per_level(plan: Plan) -> Book:
    """(4b) One sheet per level (Program, Kegiatan, Sub Kegiatan) in the same columns — KODE |
    <level> | INDIKATOR | SATUAN | TARGET | PAGU (Rp) — the parent known only by the code."""
    book = []
    for level, caption in LEVEL_CAPTION.items():
        tb = TableBuilder(
            ["KODE", caption, "INDIKATOR", "SATUAN", "TARGET", "PAGU (Rp)"],
            numbers=True,
            widths=[4, 12, 12, 3, 2.5, 4.5],
        )
        for n, _parent in plan.walk():
            if n.level != level:
                continue
            start = len(tb.rows)
            for i in n.indicators or [None]:
                cells: dict[int, Cell] = {}
                if len(tb.rows) == start:
                    cells = {0: C(n.code), 1: C(n.name), 5: C(n.budget, fmt="#,##0")}
                if i is not None:
                    cells[2] = C(i.name)
                    cells[3] = C(i.unit, center=True)
                    cells[4] = C(i.annual_target, center=True)
                tb.add(cells)
            for col in (0, 1, 5):
                tb.merge(start, col, len(tb.rows) - start)
        title = [f"{caption} {(plan.unit or '').upper()} TAHUN {plan.year}"]
        book.append(Sheet(caption.title(), [*title_paras(title), tb.table()]))
    return book


# (5) Perjanjian Kinerja in Word.

PK_PARTIES = (
    ("Drs. AHMAD SUBAGYO, M.Si", "Camat Kaligondang"),
    ("Hj. DYAH HAYUNING PRATIWI, S.E., B.Econ., M.M.", "Bupati Purbalingga"),
)
PK_SIGNATURES = [
    ["", "Kaligondang, 2 Januari 2023"],
    ["PIHAK KEDUA,", "PIHAK PERTAMA,"],
    ["BUPATI PURBALINGGA", "CAMAT KALIGONDANG"],
    ["", ""],
    ["", ""],
    ["Hj. DYAH HAYUNING PRATIWI, S.E., B.Econ., M.M.", "Drs. AHMAD SUBAGYO, M.Si"],
    ["", "NIP. 19680512 199303 1 007"],
]


def _pk_target(i: Indicator) -> str:
    """The PK's TARGET cell: the value with its unit ("100%", "82 Nilai", "4 Laporan")."""
    text = num(i.annual_target)
    if i.unit == "%":
        return text + "%"
    return f"{text} {i.unit}" if i.unit else text


def pk_truth(plan: Plan) -> Plan:
    """What a PK of the plan holds: each sasaran at the top with its indicators' annual targets
    (no quarters), then each program at the top with its budget (a PK does not link programs to
    sasaran)."""
    out = Plan(unit=plan.unit, year=plan.year, periods=[])
    for n, _parent in plan.walk():
        if n.level == "sasaran":
            out.nodes.append(
                Node("sasaran", n.name, indicators=[
                    Indicator(i.name, unit=i.unit, annual_target=i.annual_target)
                    for i in n.indicators
                ])
            )  # fmt: skip
    for n, _parent in plan.walk():
        if n.level == "program":
            out.nodes.append(Node("program", n.name, budget=n.budget))
    return out


def word_pk(plan: Plan) -> Doc:
    """(5) A Perjanjian Kinerja: heading, the statement with the two parties ("Nama : …",
    "Jabatan : …"), the promise, a borderless signature table; on the next page the annex title,
    NO | SASARAN STRATEGIS | INDIKATOR KINERJA | TARGET (sasaran merged down, a row of column
    numbers), NO | PROGRAM | ANGGARAN | KETERANGAN with a JUMLAH row, and the signatures again."""
    unit = (plan.unit or "").upper()
    (first_name, first_job), (second_name, second_job) = PK_PARTIES
    blocks: list[Block] = [
        Para("PERJANJIAN KINERJA TAHUN " + str(plan.year), bold=True, center=True, size=12),
        Para(f"{unit} KABUPATEN PURBALINGGA", bold=True, center=True, size=12),
        Para(),
        Para(
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan "
            "akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
        ),
        Para(f"Nama\t\t: {first_name}", indent_cm=1),
        Para(f"Jabatan\t\t: {first_job}", indent_cm=1),
        Para("selanjutnya disebut pihak pertama"),
        Para(f"Nama\t\t: {second_name}", indent_cm=1),
        Para(f"Jabatan\t\t: {second_job}", indent_cm=1),
        Para("selaku atasan pihak pertama, selanjutnya disebut pihak kedua"),
        Para(
            "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai "
            "lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah "
            "seperti yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan "
            "pencapaian target kinerja tersebut menjadi tanggung jawab kami."
        ),
        Para(
            "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
            "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan "
            "dalam rangka pemberian penghargaan dan sanksi."
        ),
        Para(),
        _signature_table(PK_SIGNATURES),
        Para(page_break=True),
        Para(f"PERJANJIAN KINERJA TAHUN {plan.year}", bold=True, center=True, size=11),
        Para(unit, bold=True, center=True, size=11),
        Para(),
    ]
    tb = TableBuilder(["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"], numbers=True,
                      widths=[1, 8, 9, 3])  # fmt: skip
    number = 0
    for n, _parent in plan.walk():
        if n.level != "sasaran":
            continue
        number += 1
        start = len(tb.rows)
        for k, i in enumerate(n.indicators):
            tb.add({0: C(f"{number}." if not k else None, center=True),
                    1: C(n.name if not k else None), 2: C(i.name),
                    3: C(_pk_target(i), center=True)})  # fmt: skip
        tb.merge(start, 0, len(tb.rows) - start)
        tb.merge(start, 1, len(tb.rows) - start)
    blocks += [tb.table(), Para()]
    programs = [n for n, _parent in plan.walk() if n.level == "program"]
    tb = TableBuilder(["NO", "PROGRAM", "ANGGARAN", "KETERANGAN"], widths=[1, 11, 5, 4])
    for k, p in enumerate(programs, start=1):
        tb.add([C(f"{k}.", center=True), C(p.name), C(rupiah(p.budget, "Rp. ")), C("APBD")])
    row = tb.add({1: C("JUMLAH", bold=True),
                  2: C(rupiah(sum(p.budget or 0 for p in programs), "Rp. "), bold=True)})  # fmt: skip
    del row
    blocks += [tb.table(), Para(), _signature_table(PK_SIGNATURES)]
    return Doc(blocks, page=(21.5, 33.0), font_size=10, margins=2.0)


def _signature_table(lines: Sequence[Sequence[str]]) -> Table:
    rows = [[C(text, center=True, bold=text.isupper() and bool(text)) for text in row]
            for row in lines]  # fmt: skip
    return Table(rows, borders=False, widths=[1, 1])


# (6) Monitoring form (Pengukuran / Monev).


def monitoring_table(
    plan: Plan, levels: Sequence[str] = ("sasaran",), spelled: bool = False
) -> Table:
    """NO | SASARAN | INDIKATOR KINERJA | SATUAN | TARGET TAHUN n | TW I (T | R | %) … TW IV |
    KENDALA | TINDAK LANJUT, capaian as R/T×100 with two decimals, the sasaran merged down over
    its indicators; quarters without realisasi left empty. ``spelled``: the captions written
    out — "SASARAN STRATEGIS", "TARGET KINERJA TAHUNAN", "TRIWULAN I" over "Target | Realisasi |
    Capaian" — and capaian as a fraction formatted "0%" (105%)."""
    periods = list(plan.periods)
    specs: list[Spec] = [
        "NO",
        "SASARAN STRATEGIS" if spelled else "SASARAN",
        "INDIKATOR KINERJA",
        "SATUAN",
        "TARGET KINERJA TAHUNAN" if spelled else f"TARGET TAHUN {plan.year}",
    ]
    if spelled:
        specs += [(f"TRIWULAN {ROMAN[p]}", ["Target", "Realisasi", "Capaian"]) for p in periods]
    else:
        specs += [(ol.PERIOD_LABELS[p], ["T", "R", "%"]) for p in periods]
    specs += ["KENDALA", "TINDAK LANJUT"]
    widths = [1, 7, 8, 2, 2] + [1.3] * (3 * len(periods)) + [5, 5]
    tb = TableBuilder(specs, numbers=True, widths=widths)
    number = 0
    for n, _parent in plan.walk():
        if n.level not in levels:
            continue
        number += 1
        start = len(tb.rows)
        for k, i in enumerate(n.indicators):
            cells: dict[int, Cell] = {2: C(i.name), 3: C(i.unit, center=True),
                                      4: C(i.annual_target, center=True)}  # fmt: skip
            if not k:
                cells[0] = C(number, center=True)
                cells[1] = C(n.name)
            for q, p in enumerate(periods):
                t = i.targets.get(p)
                r = (i.actuals or {}).get(p)
                cells[5 + 3 * q] = C(t, center=True)
                cells[6 + 3 * q] = C(r, center=True)
                if is_number(t) and is_number(r) and t and spelled:
                    cells[7 + 3 * q] = C(round(r / t, 4), fmt="0%", center=True)
                elif is_number(t) and is_number(r) and t:
                    cells[7 + 3 * q] = C(round(100 * r / t, 2), fmt="0.00", center=True)
            base = 5 + 3 * len(periods)
            kendala, lanjut = MONEV_NOTES[(number + k) % len(MONEV_NOTES)]
            cells[base] = C(kendala)
            cells[base + 1] = C(lanjut)
            tb.add(cells)
        tb.merge(start, 0, len(tb.rows) - start)
        tb.merge(start, 1, len(tb.rows) - start)
    return tb.table()


MONEV_NOTES = (
    ("Keterbatasan jumlah petugas pelayanan", "Penambahan petugas dari staf seksi lain"),
    ("-", "-"),
    ("Jaringan internet sering terputus", "Koordinasi dengan Dinkominfo"),
)


def excel_monitoring(plan: Plan, spelled: bool = False) -> Book:
    """(6) The monitoring form of the sasaran at the end of TW III (``spelled``: see
    ``monitoring_table``)."""
    title = [
        "LAPORAN MONITORING DAN EVALUASI RENCANA AKSI",
        (plan.unit or "").upper(),
        f"TRIWULAN III TAHUN {plan.year}",
    ]
    signature = signature_paras(SIGNATURE_CAMAT, col=14)
    blocks = [*title_paras(title), monitoring_table(plan, spelled=spelled), *signature]
    return [Sheet("Monev TW III", blocks)]


def monitoring_truth(plan: Plan) -> Plan:
    out = only_levels(plan, ["sasaran"])
    for n in out.nodes:
        n.children = []
        n.budget = None
    return out


# (7) Evaluasi Renja, Tabel 2.1.


def renja_table(plan: Plan) -> Table:
    """The Permendagri 54/2010 Tabel 2.1 form for plan year n: Kode over five columns (urusan |
    bidang | SKPD | program | kegiatan), the urusan, bidang and SKPD rows above the programs,
    each value column split in value | unit under one merged caption, "(n-2)"/"(n-1)" captions,
    tingkat realisasi, the Renstra end target and a Catatan column."""
    n = plan.year or 0
    v2 = 2  # a value column and its unit column
    specs: list[Spec] = [
        ("Kode", 5),
        "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
        "Indikator Kinerja Program (outcomes)/ Kegiatan (output)",
        (f"Target Kinerja Capaian Program (Renstra SKPD) Tahun {n + 2}", v2),
        (f"Realisasi Target Kinerja Hasil Program dan Keluaran Kegiatan s/d tahun {n - 3}", v2),
        (
            "Target dan Realisasi Kinerja Program dan Kegiatan Tahun Lalu",
            [
                ("Target Renja SKPD tahun (n-2)", v2),
                ("Realisasi Renja SKPD tahun (n-2)", v2),
                ("Tingkat Realisasi (%)", 1),
            ],
        ),
        ("Target Program dan Kegiatan (Renja SKPD tahun n-1)", v2),
        (
            "Perkiraan Realisasi Capaian Target Renstra SKPD s/d tahun berjalan",
            [
                ("Realisasi Capaian Program dan Kegiatan s/d tahun berjalan", v2),
                ("Tingkat Capaian Realisasi Target Renstra (%)", 1),
            ],
        ),
        "Catatan",
    ]
    widths = [0.8] * 5 + [9, 9] + [1.6, 1.2] * 4 + [1.8] + [1.6, 1.2] * 2 + [1.8, 4]
    tb = TableBuilder(specs, numbers=True, widths=widths)
    t2, r2, t1 = str(n - 2), str(n - 2), str(n - 1)
    context = [
        (["1", "", "", "", ""], "URUSAN WAJIB"),
        (["1", "20", "", "", ""], "Otonomi Daerah, Pemerintahan Umum, Administrasi Keuangan "
                                  "Daerah, Perangkat Daerah, Kepegawaian dan Persandian"),
        (["1", "20", "03", "", ""], (plan.unit or "").upper()),
    ]  # fmt: skip
    for code, text in context:
        tb.add([*(C(c, center=True, bold=True) for c in code), C(text, bold=True)])
    for node_, _parent in plan.walk():
        parts = (node_.code or "").split(".")
        code = parts + [""] * (5 - len(parts))
        for k, i in enumerate(node_.indicators):
            t_n2 = i.targets.get(t2)
            r_n2 = (i.actuals or {}).get(r2)
            t_n1 = i.targets.get(t1)
            unit = i.unit or ""
            cells: list[Cell] = [C(c, center=True) for c in code] if not k else [C()] * 5
            cells += [C(node_.name if not k else None, bold=node_.level == "program"),
                      C(i.name)]  # fmt: skip
            end = t_n1 * 1.1 if is_number(t_n1) else None
            cells += [C(_round(end), center=True), C(unit)]
            cells += [C(_round(r_n2 * 0.9) if is_number(r_n2) else None, center=True), C(unit)]
            cells += [C(t_n2, center=True), C(unit), C(r_n2, center=True), C(unit)]
            rate = round(100 * r_n2 / t_n2, 2) if is_number(r_n2) and t_n2 else None
            cells += [C(rate, fmt="0.00", center=True)]
            cells += [C(t_n1, center=True), C(unit), C(None), C(None), C(None)]
            cells += [C("Tercapai" if rate and rate >= 100 else None)]
            tb.add(cells)
    return tb.table()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 0)


def excel_renja(plan: Plan) -> Book:
    n = plan.year or 0
    title = [
        "Tabel 2.1",
        "Rekapitulasi Evaluasi Hasil Pelaksanaan Renja Perangkat Daerah dan Pencapaian Renstra "
        f"Perangkat Daerah s/d Tahun {n - 1}",
        "Kabupaten Purbalingga",
    ]
    blocks: list[Block] = [Para(line, bold=True, center=True, size=11) for line in title]
    blocks += [Para(f"Nama Perangkat Daerah : {plan.unit}", bold=True), Para()]
    blocks += [renja_table(plan)]
    return [Sheet("Tabel 2.1", blocks)]


# (8) Rencana Aksi with a schedule of months.


def schedule_months(n: Node, index: int) -> set[int]:
    """The months (1–12) a node's activity runs: deterministic, varied."""
    if n.level == "program":
        return set(range(1, 13))
    start = 1 + (index * 2) % 6
    return set(range(start, min(12, start + 3 + index % 6) + 1))


def word_schedule(plan: Plan, mark: str = "√", idle: str = "x", month_numbers: bool = False) -> Doc:
    """(8) NO | PROGRAM/KEGIATAN/SUB KEGIATAN | INDIKATOR | SATUAN | TARGET (TW I–IV) |
    JADWAL PELAKSANAAN KEGIATAN (BULAN) over Jan … Des, each month marked ``mark`` when the
    activity runs and ``idle`` when not | ANGGARAN (Rp) | PENANGGUNG JAWAB. Programs and
    kegiatan bold, numbers 1 / 1.1 / 1.1.1. ``month_numbers``: the months captioned 1 … 12
    under "BULAN KE-" (a row of numbers that is not a row of column numbers)."""
    months_caption = (
        ("JADWAL PELAKSANAAN (BULAN KE-)", [str(m) for m in range(1, 13)])
        if month_numbers
        else ("JADWAL PELAKSANAAN KEGIATAN (BULAN)", list(MONTHS_ID))
    )
    specs: list[Spec] = [
        "NO",
        "PROGRAM/KEGIATAN/SUB KEGIATAN",
        "INDIKATOR",
        "SATUAN",
        ("TARGET", [ol.PERIOD_LABELS[p] for p in plan.periods]),
        months_caption,
        "ANGGARAN (Rp)",
        "PENANGGUNG JAWAB",
    ]
    widths = [1.2, 7, 7, 1.8] + [1.3] * 4 + [0.75] * 12 + [3, 3]
    tb = TableBuilder(specs, widths=widths)
    outline = outline_numbers(plan)
    month0 = 4 + len(plan.periods)
    for index, (n, _parent) in enumerate(plan.walk()):
        start = len(tb.rows)
        months = schedule_months(n, index)
        for i in n.indicators or [None]:
            cells: dict[int, Cell] = {}
            if len(tb.rows) == start:
                cells[0] = C(outline[id(n)], center=True)
                cells[1] = C(n.name, bold=n.level != "subkegiatan")
                for m in range(12):
                    cells[month0 + m] = C(mark if m + 1 in months else idle, center=True)
                cells[month0 + 12] = C(rupiah(n.budget))
                cells[month0 + 13] = C(RESPONSIBLE_BY_LEVEL[n.level])
            if i is not None:
                cells[2] = C(i.name)
                cells[3] = C(i.unit, center=True)
                for k, p in enumerate(plan.periods):
                    cells[4 + k] = C(num(i.targets.get(p)), center=True)
            tb.add(cells)
        rows = len(tb.rows) - start
        for col in (0, 1, *range(month0, month0 + 14)):
            tb.merge(start, col, rows)
    title = [f"RENCANA AKSI TAHUN {plan.year}", (plan.unit or "").upper()]
    return Doc([*title_paras(title), tb.table(), *signature_paras(SIGNATURE_CAMAT)], font_size=7)


def excel_schedule(plan: Plan) -> Book:
    """(8b) The schedule layout in Excel: months captioned 1 … 12 under "JADWAL PELAKSANAAN
    (BULAN KE-)", the months the activity runs marked "x" and the others left empty."""
    doc = word_schedule(plan, mark="x", idle="", month_numbers=True)
    return [Sheet("Renaksi", doc.blocks)]


RESPONSIBLE_BY_LEVEL = {
    "sasaran": "Camat",
    "program": "Sekretaris Camat",
    "kegiatan": "Kasi Pemerintahan",
    "subkegiatan": "Kasubag Umum",
}


# (10) A landscape Word table whose rows break over pages.


def word_broken_rows(plan: Plan) -> Doc:
    """(10) NO | PROGRAM / KEGIATAN / SUB KEGIATAN | INDIKATOR KINERJA | SATUAN | TARGET TAHUN n
    | TW I–IV (under TARGET TRIWULAN) | ANGGARAN (Rp) on A4 landscape with narrow name columns,
    so that names wrap over several lines and rows run over page ends (Word lets a row break
    across pages unless told not to); the header rows repeat on every page."""
    specs: list[Spec] = [
        "NO",
        "PROGRAM / KEGIATAN / SUB KEGIATAN",
        "INDIKATOR KINERJA",
        "SATUAN",
        f"TARGET TAHUN {plan.year}",
        ("TARGET TRIWULAN", [ol.PERIOD_LABELS[p] for p in plan.periods]),
        "ANGGARAN (Rp)",
    ]
    tb = TableBuilder(specs, numbers=True, widths=[1.4, 4, 4, 2, 1.6, 1.3, 1.3, 1.3, 1.3, 2.6])
    outline = outline_numbers(plan)
    for n, _parent in plan.walk():
        start = len(tb.rows)
        for i in n.indicators or [None]:
            cells: dict[int, Cell] = {}
            if len(tb.rows) == start:
                cells[0] = C(outline[id(n)], center=True)
                cells[1] = C(n.name, bold=n.level != "subkegiatan")
                cells[9] = C(rupiah(n.budget))
            if i is not None:
                cells[2] = C(i.name)
                cells[3] = C(i.unit, center=True)
                cells[4] = C(num(i.annual_target), center=True)
                for k, p in enumerate(plan.periods):
                    cells[5 + k] = C(num(i.targets.get(p)), center=True)
            tb.add(cells)
        for col in (0, 1, 9):
            tb.merge(start, col, len(tb.rows) - start)
    title = [f"RENCANA AKSI TAHUN {plan.year}", (plan.unit or "").upper()]
    return Doc(
        [*title_paras(title), tb.table(), *signature_paras(signature_for(plan), indent_cm=16)],
        page=(29.7, 21.0),
        font_size=10,
        margins=2.0,
    )


SIGNATURE_DINAS = (
    "Purbalingga, 2 Januari 2023",
    "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA",
    "",
    "",
    "Ir. BAMBANG WIDODO, M.T.",
    "Pembina Utama Muda",
    "NIP. 19700315 199503 1 002",
)


# (11) Indicators stacked in one cell.


def word_stacked(plan: Plan, missing: str = "-") -> Doc:
    """(11) NO | SASARAN / PROGRAM / KEGIATAN | INDIKATOR KINERJA | SATUAN | TARGET (TW I–IV) |
    ANGGARAN: one row per node; its indicators in one cell, one paragraph each ("1. …",
    "2. …"), and its units and each quarter's targets stacked in the same order; a quarter
    without target is ``missing`` in its stack ("-", or "" for an empty paragraph)."""
    specs: list[Spec] = [
        "NO",
        "SASARAN / PROGRAM / KEGIATAN",
        "INDIKATOR KINERJA",
        "SATUAN",
        ("TARGET", [ol.PERIOD_LABELS[p] for p in plan.periods]),
        "ANGGARAN (Rp)",
    ]
    tb = TableBuilder(specs, numbers=True, widths=[1.2, 9, 10, 2, 1.5, 1.5, 1.5, 1.5, 3.5])
    outline = outline_numbers(plan)
    for n, _parent in plan.walk():
        many = len(n.indicators) > 1
        names = [f"{k}. {i.name}" if many else i.name for k, i in enumerate(n.indicators, 1)]
        cells = {
            0: C(outline[id(n)], center=True),
            1: C(n.name, bold=n.level in ("sasaran", "program")),
            2: C("\n".join(names)),
            3: C("\n".join(i.unit or "" for i in n.indicators), center=True),
            8: C(rupiah(n.budget)),
        }
        for k, p in enumerate(plan.periods):
            stack = [num(i.targets.get(p)) or missing for i in n.indicators]
            cells[4 + k] = C("\n".join(stack), center=True)
        tb.add(cells)
    title = [f"RENCANA AKSI TAHUN {plan.year}", (plan.unit or "").upper()]
    return Doc([*title_paras(title), tb.table(), *signature_paras(SIGNATURE_CAMAT)])


def stacked_truth(plan: Plan) -> Plan:
    """The plan without sub kegiatan (the stacked layout lists sasaran, programs, kegiatan)."""
    return only_levels(plan, ["sasaran", "program", "kegiatan"])


# --------------------------------------------------------------------------------------------
# Every layout, for a person to look at: python -m tests.importers.more_layouts DIR


def build_all(outdir: Path, pdf: bool = True) -> list[Path]:
    """Write every layout to ``outdir`` (the PDFs only with LibreOffice and ``pdf``)."""
    outdir.mkdir(parents=True, exist_ok=True)
    sample = ol.sample_plan()
    kec = kecamatan_plan()
    programs = only_levels(kec, ["program", "kegiatan", "subkegiatan"])
    long = coded_plan(programs=8)
    longer = annual_only(coded_plan(programs=14, bidang=LONGER_BIDANG))
    written = [
        write_docx(word_outline_prefixed(sample), outdir / "01a-word-outline-prefixed.docx"),
        write_docx(word_outline_numbered(kec), outdir / "01b-word-outline-numbered.docx"),
        write_docx(word_bold_indent(programs), outdir / "02-word-bold-indent.docx"),
        write_docx(
            word_bold_indent(programs, typed_indent="    "), outdir / "02b-word-typed-indent.docx"
        ),
        write_xlsx(excel_codes(programs), outdir / "03-excel-codes.xlsx"),
        write_xlsx(excel_code_in_name(programs), outdir / "03b-excel-code-in-name.xlsx"),
        write_xlsx(excel_sheet_per_program(programs), outdir / "04a-excel-sheet-per-program.xlsx"),
        write_xlsx(excel_sheet_per_level(programs), outdir / "04b-excel-sheet-per-level.xlsx"),
        write_docx(word_pk(kec), outdir / "05-word-pk.docx"),
        write_xlsx(excel_monitoring(kec), outdir / "06-excel-monitoring.xlsx"),
        write_xlsx(
            excel_monitoring(kec, spelled=True), outdir / "06b-excel-monitoring-spelled.xlsx"
        ),
        write_xlsx(excel_renja(renja_plan()), outdir / "07-excel-renja-tabel-2-1.xlsx"),
        write_docx(word_schedule(programs), outdir / "08-word-schedule.docx"),
        write_xlsx(excel_schedule(programs), outdir / "08b-excel-schedule-month-numbers.xlsx"),
        write_xlsx(excel_codes(longer), outdir / "09-excel-codes-long.xlsx"),
        write_docx(word_broken_rows(long), outdir / "10-word-broken-rows.docx"),
        write_docx(word_stacked(stacked_truth(kec)), outdir / "11-word-stacked.docx"),
        write_docx(
            word_stacked(stacked_truth(kec), missing=""), outdir / "11b-word-stacked-blank.docx"
        ),
        write_excel_html(excel_codes(programs)[0], outdir / "12-excel-codes.htm"),
    ]
    if pdf and ol.soffice():
        for name in (
            "05-word-pk.docx",
            "06b-excel-monitoring-spelled.xlsx",
            "08-word-schedule.docx",
            "11-word-stacked.docx",
        ):
            written.append(to_pdf(outdir / name, outdir))
        written.append(to_pdf(outdir / "09-excel-codes-long.xlsx", outdir))
        written.append(to_pdf(outdir / "10-word-broken-rows.docx", outdir))
    return written


def _main(argv: list[str]) -> None:
    for path in build_all(Path(argv[1] if len(argv) > 1 else "/tmp/more-layouts")):
        print(path)


if __name__ == "__main__":
    _main(sys.argv)
