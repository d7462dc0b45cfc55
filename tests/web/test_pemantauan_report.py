"""The Pemantauan of a stored plan as an official signs it (issue 12): a realisasi given as a
``Decimal`` is a number; Penanggung Jawab, annual target, the quarter's own realisasi,
upaya/solusi, evidence links and the verifier by name and position, in every format."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from renaksi.web.monitoring import services as monitoring
from renaksi.web.plans.models import Indicator
from renaksi.web.reportjobs import services

SAKIP = "Nilai SAKIP Kecamatan Kaligondang"  # targets TW1 25, TW2 50, TW3 75, TW4 100 (%)


@pytest.fixture
def sakip(plan):
    return Indicator.objects.get(node__plan=plan, name=SAKIP)


def xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


def row_of(rows: list[list], text: str) -> list:
    return next(row for row in rows if text in row)


def test_a_decimal_realisasi_is_stored_as_a_number(sakip, alice):
    saved = monitoring.save_realisation(
        indicator=sakip, period="TW1", value=Decimal("22.50"), expected_version=None, user=alice
    )
    saved.refresh_from_db()
    assert (saved.value, saved.text) == (Decimal("22.5"), "")


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_a_decimal_that_is_no_quantity_is_not_a_number(sakip, alice, value):
    saved = monitoring.save_realisation(
        indicator=sakip, period="TW1", value=value, expected_version=None, user=alice
    )
    assert saved.value is None


def test_a_decimal_realisasi_gives_a_capaian_in_the_report(plan, sakip, alice):
    monitoring.save_realisation(
        indicator=sakip, period="TW1", value=Decimal("22.50"), expected_version=None, user=alice
    )
    rendered = services.render_plan_report(plan, "pemantauan", "xlsx", period="TW1")
    row = row_of(xlsx_rows(rendered.data), SAKIP)
    assert 22.5 in row and "22.50" not in row
    assert 90 in row  # capaian 22,5 / 25 × 100
