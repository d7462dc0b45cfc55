"""The Pemantauan of a period an administrator reopened: who reopened it, when and why, and no
longer the verifier or the note of the verification it undid (docs/lifecycle.md, "Unlocking")."""

from __future__ import annotations

import datetime as dt

import pytest

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.reports import REPORTS
from renaksi.reports.data import IndicatorData, Monitoring, PeriodState

PLAN = Plan(
    unit="Kecamatan Kaligondang",
    year=2022,
    periods=["TW1", "TW2", "TW3", "TW4"],
    nodes=[
        Node(
            "sasaran",
            "Meningkatnya Tata Kelola",
            number="1",
            indicators=[Indicator("Jumlah Dokumen", unit="Dokumen", targets={"TW1": 1})],
        )
    ],
)


def notes(state: PeriodState) -> list[str]:
    monitoring = Monitoring(
        indicators={"1/1": IndicatorData(actuals={"TW1": 1})}, periods={"TW1": state}
    )
    return REPORTS["pemantauan"].build(PLAN, monitoring, period="TW1").notes[1:]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        pytest.param(
            PeriodState(
                "returned",
                reopened_by="Erin Admin",
                reopened_on=dt.date(2022, 5, 3),
                reopen_reason="Koreksi data realisasi anggaran",
            ),
            [
                "Status laporan: Dikembalikan",
                "Dibuka kembali oleh Erin Admin (3 Mei 2022): Koreksi data realisasi anggaran",
            ],
            id="reopened",
        ),
        pytest.param(
            PeriodState("submitted", reopened_by="Erin Admin", reopen_reason="Koreksi"),
            ["Status laporan: Diajukan", "Dibuka kembali oleh Erin Admin: Koreksi"],
            id="reopened-and-resubmitted-no-date",
        ),
        pytest.param(
            PeriodState("returned", verifier="Dewi", note="Lengkapi bukti dukung"),
            [
                "Status laporan: Dikembalikan",
                "Verifikator: Dewi",
                "Catatan verifikator: Lengkapi bukti dukung",
            ],
            id="returned-by-the-reviewer",
        ),
        pytest.param(
            PeriodState("verified", verifier="Dewi", note="Sudah sesuai."),
            [
                "Status laporan: Terverifikasi",
                "Verifikator: Dewi",
                "Catatan verifikator: Sudah sesuai.",
            ],
            id="verified",
        ),
    ],
)
def test_the_notes_tell_the_current_decision(state, expected):
    assert notes(state) == expected
