"""The validator: every rule with cases that must fire and cases that must not (table-driven).

Plans are built in code; names marked "sample" are written as in the sample Rencana Aksi of
Kecamatan Kaligondang (src/renaksi/data/samples/).
"""

from __future__ import annotations

import copy
import re

import pytest

from renaksi.core.nomenclature import load
from renaksi.core.plan import SEVERITIES, Indicator, Node, Plan
from renaksi.core.rules import (
    LOWER_IS_BETTER_TERMS,
    RULES,
    lower_is_better_term,
    plan_bidang,
    rules_table,
    suggest_codes,
    validate,
)

Q = ["TW1", "TW2", "TW3", "TW4"]
PROGRESS = (25, 50, 75, 100)
NM = load()


def P(*args, id):
    return pytest.param(*args, id=id)


def ind(
    name: str = "Persentase Dokumen Perencanaan yang Tepat Waktu",
    targets=PROGRESS,
    unit: str | None = "%",
    annual="last",
    objective: str | None = None,
    line: int = 10,
    periods=Q,
    **extra,
) -> Indicator:
    """An indicator; ``targets`` in period order (a dict for gaps), annual = last by default."""
    if not isinstance(targets, dict):
        targets = dict(zip(periods, targets, strict=False))
    if annual == "last":
        annual = targets.get(periods[-1])
    return Indicator(
        name=name,
        objective=objective,
        unit=unit,
        annual_target=annual,
        targets=dict(targets),
        line=line,
        extra=dict(extra),
    )


def plan_with(*indicators: Indicator, periods=Q) -> Plan:
    node = Node(
        level="sasaran", name="Meningkatnya Kualitas Pelayanan", indicators=list(indicators)
    )
    return Plan(unit="Kecamatan Uji", year=2022, periods=list(periods), nodes=[node])


def run(plan: Plan, code: str, nomenclature=None):
    return validate(plan, nomenclature=nomenclature, codes=[code])


# ---------------------------------------------------------------------------------------------
# The table


def test_rule_table_is_stable_api():
    codes = [r.code for r in RULES]
    assert codes == [
        "missing-target",
        "target-decreasing",
        "target-not-annual",
        "unit-stem-mismatch",
        "objective-equals-indicator",
        "polarity-unset",
        "text-target",
        "duplicate-node",
        "nomenclature-code-unknown",
        "nomenclature-code-mismatch",
        "nomenclature-level",
        "nomenclature-differs",
        "nomenclature-unknown",
    ]
    for r in RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.code)
        assert r.severity in SEVERITIES
        assert r.summary and f"`{r.code}`" in rules_table()


def test_unknown_rule_code_is_an_error():
    with pytest.raises(ValueError, match="unknown rule codes"):
        validate(Plan(), codes=["no-such-rule"])


# ---------------------------------------------------------------------------------------------
# missing-target


@pytest.mark.parametrize(
    "targets, periods, message",
    [
        P(
            {"TW1": 25, "TW2": None, "TW3": 75, "TW4": None},
            Q,
            "TW2 and TW4 targets missing for 'X'",
            id="two-gaps",
        ),
        P({"TW1": 25, "TW2": 50, "TW3": 75}, Q, "TW4 target missing for 'X'", id="key-absent"),
        P({}, Q, "TW1, TW2, TW3 and TW4 targets missing for 'X'", id="none-at-all"),
        P(
            {"TW1": 25, "TW2": "  ", "TW3": 75, "TW4": 100},
            Q,
            "TW2 target missing for 'X'",
            id="blank-text",
        ),
        P({"M01": 1}, ["M01", "M02"], "M02 target missing for 'X'", id="months"),
    ],
)
def test_missing_target_fires(targets, periods, message):
    plan = plan_with(ind("X", targets=targets, periods=periods, line=84), periods=periods)
    (finding,) = run(plan, "missing-target")
    assert (finding.severity, finding.message, finding.line) == ("warning", message, 84)


@pytest.mark.parametrize(
    "targets, periods",
    [
        P(PROGRESS, Q, id="complete"),
        P(("Tersedia",) * 4, Q, id="text-targets-count"),
        P((0, 0, 0, 0), Q, id="zero-is-a-target"),
        P({"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4, "M01": None}, Q, id="other-keys-ignored"),
        P((1,), [], id="no-periods"),
    ],
)
def test_missing_target_silent(targets, periods):
    assert (
        run(
            plan_with(ind("X", targets=targets, periods=periods or Q), periods=periods),
            "missing-target",
        )
        == []
    )


# ---------------------------------------------------------------------------------------------
# target-decreasing


@pytest.mark.parametrize(
    "targets, extra, message",
    [
        P((25, 50, 30, 100), {}, "TW3 target 30 is lower than TW2 target 50 for 'X'", id="dip"),
        P(
            {"TW1": 25, "TW2": None, "TW3": 20, "TW4": 100},
            {},
            "TW3 target 20 is lower than TW1 target 25 for 'X'",
            id="across-a-gap",
        ),
        P(
            (0.9, 0.8, 0.9, 1),
            {},
            "TW2 target 0,8 is lower than TW1 target 0,9 for 'X'",
            id="decimals-indonesian",
        ),
        P(
            (25, 50, 75, 70),
            {"polarity": "positive"},
            "TW4 target 70 is lower than TW3",
            id="positive-polarity",
        ),
        P(
            (25, "Tersedia", 20, 100),
            {},
            "TW3 target 20 is lower than TW1 target 25",
            id="numbers-around-a-text-target",
        ),
    ],
)
def test_target_decreasing_fires(targets, extra, message):
    plan = plan_with(ind("X", targets=targets, **extra))
    findings = run(plan, "target-decreasing")
    assert len(findings) == 1  # one per indicator, at the first decrease
    assert findings[0].message.startswith(message)
    assert findings[0].severity == "warning"


@pytest.mark.parametrize(
    "targets, extra, periods",
    [
        P(PROGRESS, {}, Q, id="rising"),
        P((25, 50, 50, 100), {}, Q, id="flat-step"),
        P((100, 100, 100, 100), {}, Q, id="constant"),
        P((10, 5, 8, 7), {"target_mode": "per_period"}, Q, id="per-period"),
        P((12, 11, 10, 9), {"polarity": "negative"}, Q, id="negative-polarity"),
        P((10, 9, 8, 7, 6), {}, ["2025", "2026", "2027", "2028", "2029"], id="renstra-years"),
    ],
)
def test_target_decreasing_silent(targets, extra, periods):
    plan = plan_with(ind("X", targets=targets, periods=periods, **extra), periods=periods)
    assert run(plan, "target-decreasing") == []


# ---------------------------------------------------------------------------------------------
# target-not-annual


@pytest.mark.parametrize(
    "targets, annual, message",
    [
        P(
            (25, 50, 75, 90),
            100,
            "TW4 target 90 differs from the annual target 100 for 'X'",
            id="short-of-annual",
        ),
        P(
            (25, 50, 75, 100),
            80,
            "TW4 target 100 differs from the annual target 80 for 'X'",
            id="beyond-annual",
        ),
        P(
            (0.25, 0.5, 0.75, 0.9),
            1,
            "TW4 target 0,9 differs from the annual target 1",
            id="decimals",
        ),
    ],
)
def test_target_not_annual_fires(targets, annual, message):
    (finding,) = run(plan_with(ind("X", targets=targets, annual=annual)), "target-not-annual")
    assert finding.message.startswith(message)
    assert finding.field == "annual_target"


@pytest.mark.parametrize(
    "targets, annual, extra",
    [
        P(PROGRESS, 100, {}, id="equal"),
        P(PROGRESS, 100.0, {}, id="equal-float"),
        P((0.1, 0.2, 0.30000000000000004, 0.3), 0.3, {}, id="float-noise"),
        P(PROGRESS, None, {}, id="no-annual"),
        P(PROGRESS, "WTP", {}, id="text-annual"),
        P({"TW1": 25, "TW2": 50, "TW3": 75, "TW4": None}, 100, {}, id="last-missing"),
        P((10, 20, 30, 40), 100, {"target_mode": "per_period"}, id="per-period"),
    ],
)
def test_target_not_annual_silent(targets, annual, extra):
    assert (
        run(plan_with(ind("X", targets=targets, annual=annual, **extra)), "target-not-annual") == []
    )


# ---------------------------------------------------------------------------------------------
# unit-stem-mismatch


@pytest.mark.parametrize(
    "name, unit, targets, message",
    [
        P(
            "Persentase Laporan Keuangan Tepat Waktu",
            "Dokumen",
            (1, 2, 3, 4),
            "is a percentage but its unit is 'Dokumen'",
            id="persentase-dokumen",
        ),
        P(
            "Presentase Ketersediaan Laporan Capaian Kinerja",
            "Laporan",
            PROGRESS,
            "is a percentage but its unit is 'Laporan'",
            id="sample-presentase",
        ),
        P(
            "2 Prosentase Temuan Pengelolaan Anggaran yang ditindaklanjuti",
            "Temuan",
            PROGRESS,
            "is a percentage but its unit is 'Temuan'",
            id="sample-prosentase",
        ),
        P(
            "1. Jumlah Dokumen Perencanaan Inspektorat Daerah",
            "%",
            PROGRESS,
            "is a count but its unit is '%' (targets 25, 50, 75, 100)",
            id="sample-jumlah-with-percent-targets",
        ),
        P(
            "Jumlah Laporan Evaluasi Kinerja Perangkat Daerah",
            None,
            PROGRESS,
            "is a count but its targets look like percentages (25, 50, 75, 100)",
            id="jumlah-progress-without-unit",
        ),
        P(
            "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN",
            "Persen",
            (100,) * 4,
            "is a count but its unit is 'Persen'",
            id="jumlah-persen",
        ),
        P(
            "Banyaknya Desa Tertib Administrasi",
            None,
            (30, 50, 70, 100),
            "is a count but its targets look like percentages",
            id="banyaknya",
        ),
    ],
)
def test_unit_stem_mismatch_fires(name, unit, targets, message):
    (finding,) = run(plan_with(ind(name, targets=targets, unit=unit)), "unit-stem-mismatch")
    assert message in finding.message
    assert finding.severity == "warning" and finding.field == "unit"


@pytest.mark.parametrize(
    "name, unit, targets",
    [
        P("Jumlah Dokumen Perencanaan", "Dokumen", (1, 2, 3, 4), id="jumlah-dokumen-counts"),
        P("Jumlah Dokumen Perencanaan", "Dokumen", PROGRESS, id="jumlah-with-count-unit"),
        P("Jumlah Orang yang Menerima Gaji", None, (100, 100, 100, 100), id="flat-100"),
        P("Jumlah Orang yang Dilatih", None, (10, 20, 30, 40), id="small-counts"),
        P("Jumlah Peserta", None, (50, 100, 150, 200), id="beyond-100"),
        P("Persentase Keaktifan Lembaga Desa", "%", PROGRESS, id="persentase-percent"),
        P("Persentase Keaktifan Lembaga Desa", "persen", PROGRESS, id="persentase-persen"),
        P("Persentase Keaktifan Lembaga Desa", None, PROGRESS, id="persentase-no-unit"),
        P("Nilai SAKIP Kecamatan Kaligondang", "%", PROGRESS, id="sample-nilai"),
        P("Indeks Kepuasan Masyarakat", "Indeks", (80, 81, 82, 83), id="indeks"),
        P("Rasio Jumlah Guru", "%", PROGRESS, id="jumlah-not-first-word"),
    ],
)
def test_unit_stem_mismatch_silent(name, unit, targets):
    assert run(plan_with(ind(name, targets=targets, unit=unit)), "unit-stem-mismatch") == []


# ---------------------------------------------------------------------------------------------
# objective-equals-indicator


@pytest.mark.parametrize(
    "objective, name, fires",
    [
        P(
            "Tersusunnya Laporan Penatausahaan Barang Milik Daerah",
            "Tersusunnya Laporan Penatausahaan Barang Milik Daerah",
            True,
            id="sample-identical",
        ),
        P(
            "1. Terlaksananya Administrasi Umum penunjang operasional kantor",
            "1. Terlaksananya Administrasi Umum Penunjang Operasional Kantor.",
            True,
            id="case-numbering-punctuation",
        ),
        P(
            "Tersedianya Jasa Penunjang Urusan Pemerintahan Daerah",
            "Tersedianya jasa penunjang urusan pemerintah daerah",
            False,
            id="sample-one-word-differs",
        ),
        P("Tersusunnya Dokumen Perencanaan", "Jumlah Dokumen Perencanaan", False, id="different"),
        P(None, "Jumlah Dokumen Perencanaan", False, id="no-objective"),
    ],
)
def test_objective_equals_indicator(objective, name, fires):
    findings = run(plan_with(ind(name, objective=objective, line=86)), "objective-equals-indicator")
    assert len(findings) == int(fires)
    if fires:
        assert findings[0].severity == "info" and findings[0].line == 86


# ---------------------------------------------------------------------------------------------
# polarity-unset


@pytest.mark.parametrize(
    "name, term",
    [
        P("1. Persentase Potensi Konflik", "konflik", id="sample-konflik"),
        P(
            "Jumlah Laporan Kejadian Gangguan Ketenteraman dan Ketertiban Umum",
            "gangguan",
            id="sample-gangguan",
        ),
        P("Angka Kemiskinan", "kemiskinan", id="kemiskinan"),
        P("Persentase Penduduk  Miskin", "penduduk miskin", id="two-words-any-spacing"),
        P("Prevalensi Stunting pada Balita", "prevalensi", id="stunting"),
        P("Tingkat Pengangguran Terbuka", "pengangguran", id="pengangguran"),
        P("Angka Kesakitan DBD", "angka kesakitan", id="angka-kesakitan"),
        P("Jumlah Kasus DBD", "kasus", id="kasus"),
        P("Angka Kematian Ibu", "kematian", id="kematian"),
        P("Jumlah Pelanggaran Perda", "pelanggaran", id="pelanggaran"),
        P("Angka Putus Sekolah", "putus sekolah", id="putus-sekolah"),
        P("KONFLIK SOSIAL", "konflik", id="upper-case"),
    ],
)
def test_polarity_unset_fires(name, term):
    (finding,) = run(plan_with(ind(name, line=174)), "polarity-unset")
    assert f"('{term}')" in finding.message
    assert (finding.severity, finding.line, finding.field) == ("warning", 174, "polarity")


@pytest.mark.parametrize(
    "name, extra",
    [
        P("Persentase Potensi Konflik", {"polarity": "negative"}, id="polarity-set"),
        P("Persentase Potensi Konflik", {"polarity": "positive"}, id="polarity-set-positive"),
        P("Persentase Kasus yang Ditangani", {}, id="handled-cases-higher-is-better"),
        P("Persentase Penurunan Angka Kemiskinan", {}, id="decrease-of"),
        P("Persentase Desa Bebas Stunting", {}, id="bebas"),
        P("Indeks Kepuasan Masyarakat", {}, id="unrelated"),
        P("Jumlah Pelanggan Air Minum", {}, id="pelanggan-is-not-pelanggaran"),
        P("Nilai Konfliktualitas", {}, id="word-boundary-after"),
        P("Jumlah Prakasus", {}, id="word-boundary-before"),
        P("Jumlah Dokumen Perencanaan", {}, id="plain-count"),
    ],
)
def test_polarity_unset_silent(name, extra):
    assert run(plan_with(ind(name, **extra)), "polarity-unset") == []


def test_lower_is_better_terms_are_data_in_one_place():
    assert {"kasus", "konflik", "kemiskinan", "stunting"} <= set(LOWER_IS_BETTER_TERMS)
    assert lower_is_better_term("Persentase Potensi Konflik") == "konflik"
    assert lower_is_better_term(None) is None


# ---------------------------------------------------------------------------------------------
# text-target


@pytest.mark.parametrize(
    "targets, message",
    [
        P(
            (25, 50, "Tersedia", 100),
            "TW3 'Tersedia' target is text while the other targets are numbers for 'X'",
            id="one",
        ),
        P(("WTP", 1, 1, "WTP"), "TW1 'WTP' and TW4 'WTP' targets are text", id="two"),
    ],
)
def test_text_target_fires(targets, message):
    (finding,) = run(plan_with(ind("X", targets=targets)), "text-target")
    assert finding.message.startswith(message)
    assert finding.severity == "info"


@pytest.mark.parametrize(
    "targets",
    [
        P(("WTP",) * 4, id="all-text"),
        P(PROGRESS, id="all-numbers"),
        P({"TW1": 25, "TW2": "", "TW3": 75, "TW4": 100}, id="blank-is-missing-not-text"),
        P({"TW1": "Tersedia"}, id="text-and-gaps"),
    ],
)
def test_text_target_silent(targets):
    assert run(plan_with(ind("X", targets=targets)), "text-target") == []


# ---------------------------------------------------------------------------------------------
# duplicate-node


def kegiatan(name: str, line: int, *children: Node) -> Node:
    return Node(level="kegiatan", name=name, line=line, children=list(children))


def program(name: str, line: int, *children: Node, code: str | None = None) -> Node:
    return Node(level="program", name=name, line=line, code=code, children=list(children))


def sub(name: str, line: int, code: str | None = None, *indicators: Indicator) -> Node:
    return Node(level="subkegiatan", name=name, line=line, code=code, indicators=list(indicators))


@pytest.mark.parametrize(
    "nodes, expected",
    [
        P(
            [
                program(
                    "Program Penunjang",
                    5,
                    kegiatan("Administrasi Umum Perangkat Daerah", 10),
                    kegiatan("4 Kegiatan Administrasi Umum Perangkat Daerah", 40),
                )
            ],
            [
                (
                    40,
                    "Kegiatan '4 Kegiatan Administrasi Umum Perangkat Daerah' appears twice "
                    "under 'Program Penunjang' (also line 10)",
                )
            ],
            id="kegiatan-word-and-numbering",
        ),
        P(
            [program("Program A", 5), program("PROGRAM A", 50)],
            [(50, "Program 'PROGRAM A' appears twice at the top level (also line 5)")],
            id="top-level",
        ),
        P(
            [program("Program A", 5, kegiatan("K", 6), kegiatan("K", 7), kegiatan("K", 8))],
            [(7, None), (8, None)],
            id="three-times",
        ),
        P(
            [program("Program A", 5, kegiatan("K", 6)), program("Program B", 9, kegiatan("K", 10))],
            [],
            id="same-name-other-parent",
        ),
        P(
            [program("Program A", 5, kegiatan("A", 6, sub("A", 7)))],
            [],
            id="same-name-other-level",
        ),
    ],
)
def test_duplicate_node(nodes, expected):
    findings = validate(Plan(periods=Q, nodes=nodes), nomenclature=None, codes=["duplicate-node"])
    assert [f.line for f in findings] == [line for line, _ in expected]
    for finding, (_line, message) in zip(findings, expected, strict=True):
        assert finding.severity == "warning"
        if message:
            assert finding.message == message


# ---------------------------------------------------------------------------------------------
# Nomenclature rules

PENUNJANG = "Program Penunjang Urusan Pemerintah Daerah Kabupaten/ Kota"  # sample spelling
PEMERINTAHAN_PROGRAM = "Program Penyelenggaraan Pemerintahan Dan Pelayanan Publik"
OFFICIAL_PENUNJANG = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"


def nomenclature_plan(*nodes: Node) -> Plan:
    """A kecamatan plan: the sample's program B (unique to bidang 7.01) and the nodes given."""
    return Plan(periods=Q, nodes=[program(PEMERINTAHAN_PROGRAM, 1), *nodes])


NOMENCLATURE_CODES = [r.code for r in RULES if r.code.startswith("nomenclature-")]


@pytest.mark.parametrize(
    "node, code, message",
    [
        P(
            program(PENUNJANG, 21),
            "nomenclature-differs",
            f"Program '{PENUNJANG}' differs from the official 7.01.01 "
            "'PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA'",
            id="sample-program-pemerintah",
        ),
        P(
            program(
                OFFICIAL_PENUNJANG,
                20,
                kegiatan(
                    "Administrasi Umum Perangkat Daerah", 90, sub("3 Fasilitas Kunjungan Tamu", 102)
                ),
            ),
            "nomenclature-differs",
            "Sub kegiatan '3 Fasilitas Kunjungan Tamu' differs from the official "
            "7.01.01.2.06.0008 'Fasilitasi Kunjungan Tamu'",
            id="sample-fasilitas-suggests-code",
        ),
        P(
            kegiatan("Koordinasi Penyelenggaraan Kegiatan Pemerintahan", 144),
            "nomenclature-differs",
            "Kegiatan 'Koordinasi Penyelenggaraan Kegiatan Pemerintahan' is cut short from the "
            "official 7.01.02.2.01 'Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat "
            "Kecamatan'",
            id="sample-cut-short",
        ),
        P(
            sub("Penatausahaan Barang Miik Daerah pada SKPD", 86),
            "nomenclature-differs",
            "Sub kegiatan 'Penatausahaan Barang Miik Daerah pada SKPD' differs from the official "
            "7.01.01.2.03.0006 'Penatausahaan Barang Milik Daerah pada SKPD'",
            id="sample-miik",
        ),
        P(
            kegiatan("Kegiatan Rapat Koordinasi Tingkat RT Pada Bulan Purnama", 30),
            "nomenclature-unknown",
            "Kegiatan 'Kegiatan Rapat Koordinasi Tingkat RT Pada Bulan Purnama' is not in the "
            "nomenclature",
            id="unknown",
        ),
        P(
            kegiatan("Penyediaan Gaji dan Tunjangan ASN", 30),
            "nomenclature-level",
            "Kegiatan 'Penyediaan Gaji dan Tunjangan ASN' matches the sub kegiatan "
            "7.01.01.2.02.0001 'Penyediaan Gaji dan Tunjangan ASN', not a kegiatan",
            id="kegiatan-named-like-sub",
        ),
        P(
            sub("Administrasi Keuangan Perangkat Daerah", 30),
            "nomenclature-level",
            "Sub kegiatan 'Administrasi Keuangan Perangkat Daerah' matches the kegiatan "
            "7.01.01.2.02 'Administrasi Keuangan Perangkat Daerah', not a sub kegiatan",
            id="sub-named-like-kegiatan",
        ),
        P(
            program("Program Penunjang", 5, code="7.01.01.2.01"),
            "nomenclature-level",
            "Code 7.01.01.2.01 of program 'Program Penunjang' is a kegiatan code "
            "('Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah')",
            id="code-of-another-level",
        ),
        P(
            sub("Penyediaan Gaji dan Tunjangan ASN", 30, "7.01.01.2.01.0001"),
            "nomenclature-code-mismatch",
            "Code 7.01.01.2.01.0001 is 'Penyusunan Dokumen Perencanaan Perangkat Daerah', but the "
            "sub kegiatan is named 'Penyediaan Gaji dan Tunjangan ASN'; that name is "
            "7.01.01.2.02.0001 'Penyediaan Gaji dan Tunjangan ASN'",
            id="code-names-another-item",
        ),
        P(
            sub("Penyusunan Dokumen Perencanaan Perangkat Daerah", 30, "7.01.01.2.01.9999"),
            "nomenclature-code-unknown",
            "Code 7.01.01.2.01.9999 of sub kegiatan 'Penyusunan Dokumen Perencanaan Perangkat "
            "Daerah' is unknown; the name matches 7.01.01.2.01.0001 'Penyusunan Dokumen "
            "Perencanaan Perangkat Daerah'",
            id="unknown-code",
        ),
        P(
            sub("Penyusunan Dokumen", 30, "7-01-01"),
            "nomenclature-code-unknown",
            "Code 7-01-01 of sub kegiatan 'Penyusunan Dokumen' is not a nomenclature code",
            id="not-a-code",
        ),
        P(
            sub("Fasilitas Kunjungan Tamu", 30, "7.01.01.2.06.0008"),
            "nomenclature-differs",
            "Sub kegiatan 'Fasilitas Kunjungan Tamu' differs from the official name "
            "'Fasilitasi Kunjungan Tamu' of code 7.01.01.2.06.0008",
            id="code-and-typo",
        ),
    ],
)
def test_nomenclature_fires(node, code, message):
    findings = validate(nomenclature_plan(node), codes=NOMENCLATURE_CODES)
    assert [(f.code, f.message) for f in findings] == [(code, message)]
    severity = {r.code: r.severity for r in RULES}[code]
    assert findings[0].severity == severity
    assert findings[0].line == max(n.line for n, _ in Plan(nodes=[node]).walk())


@pytest.mark.parametrize(
    "node",
    [
        P(program(PEMERINTAHAN_PROGRAM.upper(), 2), id="program-exact-other-case"),
        P(
            kegiatan("2. Kegiatan Administrasi Keuangan Perangkat Daerah", 74),
            id="sample-kegiatan-word",
        ),
        P(
            sub("Peningkatan Efektifitas Kegiatan Pemerintahan di Tingkat Kecamatan", 144),
            id="official-efektifitas",
        ),
        P(
            kegiatan("Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah", 50),
            id="official-pemerintah",
        ),
        P(
            kegiatan("Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", 50),
            id="official-pemerintahan",
        ),
        P(
            sub("1. Penyediaan Komponen Instalasi Listrik/ Penerangan Bangunan Kantor", 90),
            id="sample-slash-space",
        ),
        P(
            sub("Penyusunan Dokumen Perencanaan Perangkat Daerah", 64, "7.01.01.2.01.0001"),
            id="code-agrees",
        ),
        P(
            sub("Penyusunan Dokumen Perencanaan Perangkat Daerah", 64, "7.1.1.2.1.1"),
            id="code-agrees-unpadded",
        ),
        P(sub("", 64, "7.01.01.2.01.0001"), id="code-without-name"),
        P(
            Node(level="sasaran", name="Meningkatnya Kualitas Pelayanan", line=3),
            id="sasaran-not-checked",
        ),
    ],
)
def test_nomenclature_silent(node):
    assert validate(nomenclature_plan(node), codes=NOMENCLATURE_CODES) == []


def test_nomenclature_skipped_without_a_list():
    plan = nomenclature_plan(kegiatan("Kegiatan Rapat Koordinasi Tingkat RT", 30))
    assert validate(plan, nomenclature=None) == []
    assert [f.code for f in validate(plan, nomenclature="sipd")] == ["nomenclature-unknown"]


def test_nomenclature_version_by_name():
    # "Fasilitasi Kunjungan Tamu" is in the 2022 list only under bidang 4.01.
    plan = Plan(periods=Q, nodes=[sub("Fasilitas Kunjungan Tamu", 5)])
    (finding,) = validate(plan, nomenclature="2022")
    assert "4.01.01.2.06.0008" in finding.message


# ---------------------------------------------------------------------------------------------
# Codes and the bidang


def sample_like_plan() -> Plan:
    """Program A of the sample with two kegiatan and three sub kegiatan, as the document has them."""
    gaji = ind(
        "1. Jumlah Orang yang Menerima Gaji dan Tunjangan ASN",
        objective=("1. Tersedianya Gaji dan Tunjangan ASN"),
        line=76,
    )
    return Plan(
        unit="Kecamatan Kaligondang",
        year=2022,
        periods=Q,
        nodes=[
            program(
                "A. " + PENUNJANG,
                60,
                kegiatan(
                    "2. Kegiatan Administrasi Keuangan Perangkat Daerah",
                    76,
                    sub("1. Penyediaan Gaji dan Tunjangan ASN", 76, None, gaji),
                ),
                kegiatan(
                    "4 Kegiatan Administrasi Umum Perangkat Daerah",
                    90,
                    sub("2 Penyediaan Bahan Logistik Kantor", 94),
                    sub("3 Fasilitas Kunjungan Tamu", 102),
                ),
            ),
            program("C. Program Pemberdayaan Masyarakat Desa Dan Kelurahan", 151),
        ],
    )


def test_plan_bidang():
    assert plan_bidang(sample_like_plan()) == "7.01"
    assert plan_bidang(Plan(nodes=[sub("Penyediaan Gaji dan Tunjangan ASN", 1)])) is None
    assert plan_bidang(Plan(nodes=[sub("X", 1, "1.02.01.2.02.0001")])) == "1.02"


def test_suggest_codes_follows_parents_and_bidang():
    plan = sample_like_plan()
    suggested = suggest_codes(plan)
    by_name = {node.name: suggested.get(id(node)) for node, _ in plan.walk()}
    assert by_name["A. " + PENUNJANG].entry.code == "7.01.01"
    assert by_name["2. Kegiatan Administrasi Keuangan Perangkat Daerah"].entry.code == (
        "7.01.01.2.02"
    )
    assert by_name["1. Penyediaan Gaji dan Tunjangan ASN"].entry.code == "7.01.01.2.02.0001"
    assert by_name["2 Penyediaan Bahan Logistik Kantor"].entry.code == "7.01.01.2.06.0004"
    assert by_name["3 Fasilitas Kunjungan Tamu"].kind == "fuzzy"
    assert by_name["3 Fasilitas Kunjungan Tamu"].entry.code == "X.XX.01.2.06.0008"
    assert by_name["C. Program Pemberdayaan Masyarakat Desa Dan Kelurahan"].entry.code == "7.01.03"
    assert all(node.code is None for node, _ in plan.walk())  # suggestions only


# ---------------------------------------------------------------------------------------------
# The whole validator


def test_sample_like_plan_findings_in_document_order():
    plan = sample_like_plan()
    findings = validate(plan)
    assert [(f.line, f.code) for f in findings] == [
        (60, "nomenclature-differs"),
        (76, "unit-stem-mismatch"),
        (102, "nomenclature-differs"),
    ]
    lines = [f.line for f in findings]
    assert lines == sorted(lines)


def test_findings_sorted_by_line_with_lineless_last():
    plan = plan_with(
        ind("Jumlah Kasus DBD", targets=(1, None, 3, 4), unit="Kasus", line=30),
        ind("Persentase X", targets=(25, 50, 75, 100), unit="Dokumen", line=None),
        ind("Angka Kemiskinan", targets=(10, 9, None, 8), unit="%", line=12),
    )
    findings = validate(plan, nomenclature=None)
    assert [(f.line, f.code) for f in findings] == [
        (12, "missing-target"),
        (12, "target-decreasing"),  # polarity unset: read as cumulative, higher is better
        (12, "polarity-unset"),
        (30, "missing-target"),
        (30, "polarity-unset"),
        (None, "unit-stem-mismatch"),
    ]


def test_validator_never_changes_the_plan():
    plan = sample_like_plan()
    plan.nodes[0].indicators.append(ind("Persentase Potensi Konflik", targets=(25, 20, None, 90)))
    before = copy.deepcopy(plan.to_dict())
    assert validate(plan)
    suggest_codes(plan)
    assert plan.to_dict() == before


def test_every_rule_fires_somewhere():
    plan = Plan(
        periods=Q,
        nodes=[
            program(PEMERINTAHAN_PROGRAM, 1),
            program(
                "Program X",
                2,
                kegiatan("Penyediaan Gaji dan Tunjangan ASN", 3),
                kegiatan("Kegiatan Rapat RT Bulan Purnama Raya", 4),
                kegiatan("Kegiatan Rapat RT Bulan Purnama Raya", 5),
                kegiatan(
                    "Administrasi Umum Perangkat Daerah",
                    6,
                    sub("Fasilitas Kunjungan Tamu", 7),
                    sub("Penyediaan Gaji dan Tunjangan ASN", 8, "7.01.01.2.01.0001"),
                    sub("Penyediaan Gaji dan Tunjangan ASN", 9, "7.01.01.2.01.9999"),
                ),
            ),
        ],
    )
    plan.nodes[0].indicators = [
        ind("Jumlah Dokumen", targets=(25, None, 75, 100), unit="%", line=10),
        ind(
            "Persentase Konflik",
            targets=(25, 20, "Ada", 90),
            annual=100,
            unit="Kasus",
            line=11,
            objective="Persentase Konflik",
        ),
    ]
    fired = {f.code for f in validate(plan)}
    assert fired == {r.code for r in RULES}
