"""Tests for climatelab.compliance: one hand-computed example per rule, and bad input."""

from __future__ import annotations

import math

import pytest

from climatelab import compliance as cp
from climatelab.compliance import compliance


def test_complied_when_holdings_cover_emissions():
    # Art. 3.1: 900 AAU + 100 CER = 1000 >= 1000 emissions.
    res = compliance({"AAU": 900.0, "CER": 100.0}, 1000.0, 1000.0)
    assert res.complied
    assert res.holdings_total_t == pytest.approx(1000.0)
    assert res.excess_emissions_t == 0.0
    assert res.next_period_deduction_t == 0.0
    assert res.consequences == ()
    assert sum(res.retired_t.values()) == pytest.approx(1000.0)


def test_shortfall_and_enforcement_consequences():
    # 900 held, 1000 emitted: excess 100; decision 27/CMP.1 XV.5(a): deduct 1.3 x 100 = 130
    # from the next assigned amount (1000 -> 870), plus action plan and Art. 17 suspension.
    res = compliance({"AAU": 900.0}, 1000.0, 1000.0, next_assigned_amount_t=1000.0)
    assert not res.complied
    assert res.excess_emissions_t == pytest.approx(100.0)
    assert res.next_period_deduction_t == pytest.approx(130.0)
    assert res.next_period_assigned_amount_t == pytest.approx(870.0)
    assert len(res.consequences) == 3
    text = " ".join(res.consequences)
    assert "1.3" in text and "action plan" in text and "Article 17" in text
    assert sum(res.banked_t.values()) == 0.0  # nothing is banked by a Party that fell short


def test_enforcement_deduction_helper():
    assert cp.enforcement_deduction(50.0) == pytest.approx(65.0)
    assert cp.enforcement_deduction(50.0, rate=1.0) == pytest.approx(50.0)


def test_commitment_period_reserve_lower_of_two_rules():
    # Decision 11/CMP.1: min(90 % x 1000, 5 x 150) = min(900, 750) = 750.
    assert cp.commitment_period_reserve(1000.0, 150.0) == pytest.approx(750.0)
    # min(900, 5 x 200 = 1000) = 900.
    assert cp.commitment_period_reserve(1000.0, 200.0) == pytest.approx(900.0)
    # No reviewed inventory: 90 % rule alone.
    assert cp.commitment_period_reserve(1000.0) == pytest.approx(900.0)


def test_reserve_in_result_and_transferable():
    # Holdings 1010, reserve 750 -> at most 260 could be transferred.
    res = compliance({"AAU": 1010.0}, 950.0, 1000.0, latest_inventory_t=150.0)
    assert res.reserve_t == pytest.approx(750.0)
    assert res.reserve_met
    assert res.transferable_t == pytest.approx(260.0)
    low = compliance({"AAU": 700.0}, 600.0, 1000.0, latest_inventory_t=150.0)
    assert not low.reserve_met and low.transferable_t == 0.0


def test_carry_over_limits():
    # Decision 13/CMP.1 para. 15: 2.5 % of AA 1000 = 25 each for ERUs and CERs.
    limits = cp.carry_over_limits(1000.0)
    assert limits["ERU"] == pytest.approx(25.0) and limits["CER"] == pytest.approx(25.0)
    assert limits["RMU"] == 0.0
    assert math.isinf(limits["AAU"])


def test_banking_by_unit_type():
    # AA 1000, emissions 950; holdings AAU 900, ERU 50, CER 40, RMU 20 (total 1010).
    # Retire RMUs (20, unbankable) and ERUs/CERs above 25 (25 + 15) first, then 890 AAU.
    # Left: AAU 10, ERU 25, CER 25, all within limits -> all banked (Art. 3.13).
    res = compliance(
        {"AAU": 900.0, "ERU": 50.0, "CER": 40.0, "RMU": 20.0},
        950.0,
        1000.0,
        next_assigned_amount_t=1000.0,
    )
    assert res.complied
    assert dict(res.retired_t) == pytest.approx({"AAU": 890.0, "ERU": 25.0, "CER": 15.0, "RMU": 20})
    assert dict(res.banked_t) == pytest.approx({"AAU": 10.0, "ERU": 25.0, "CER": 25.0, "RMU": 0})
    # Art. 3.13: banked units are added to the next assigned amount: 1000 + 60.
    assert res.next_period_assigned_amount_t == pytest.approx(1060.0)


def test_units_above_limits_are_not_carried_over():
    # Emissions 100 against holdings AAU 50, ERU 100, CER 10, RMU 30 and AA 1000:
    # retire RMU 30, ERU 70 (the part above the 25 limit) -> 100 retired.
    # Left: AAU 50 (banked), ERU 30 (25 banked, 5 lost), CER 10 (banked).
    res = compliance({"AAU": 50.0, "ERU": 100.0, "CER": 10.0, "RMU": 30.0}, 100.0, 1000.0)
    assert dict(res.retired_t) == pytest.approx({"AAU": 0.0, "ERU": 70.0, "CER": 0.0, "RMU": 30})
    assert dict(res.banked_t) == pytest.approx({"AAU": 50.0, "ERU": 25.0, "CER": 10.0, "RMU": 0})
    assert res.not_carried_over_t["ERU"] == pytest.approx(5.0)
    assert any("2.5 %" in note for note in res.notes)


def test_rmus_cannot_be_banked():
    # More RMUs than emissions: the surplus RMUs lapse (decision 13/CMP.1 para. 16).
    res = compliance({"RMU": 120.0}, 100.0, 1000.0)
    assert res.complied
    assert res.banked_t["RMU"] == 0.0
    assert res.not_carried_over_t["RMU"] == pytest.approx(20.0)


def test_accounting_identity():
    res = compliance({"AAU": 300.0, "ERU": 80.0, "CER": 60.0, "RMU": 10.0}, 200.0, 400.0)
    for unit in cp.UNIT_TYPES:
        parts = res.retired_t[unit] + res.banked_t[unit] + res.not_carried_over_t[unit]
        assert parts == pytest.approx(res.holdings_t[unit])


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (({"XYZ": 1.0}, 1.0, 1.0), {}, ValueError, "unit type 'XYZ'"),
        (({"AAU": -1.0}, 1.0, 1.0), {}, ValueError, "holdings\\['AAU'\\]"),
        (({"AAU": "10"}, 1.0, 1.0), {}, TypeError, "holdings\\['AAU'\\]"),
        (({"AAU": math.nan}, 1.0, 1.0), {}, ValueError, "holdings\\['AAU'\\]"),
        (([("AAU", 1.0)], 1.0, 1.0), {}, TypeError, "holdings"),
        (({"AAU": 1.0}, -1.0, 1.0), {}, ValueError, "emissions_t"),
        (({"AAU": 1.0}, 1.0, "big"), {}, TypeError, "assigned_amount_t"),
        (({"AAU": 1.0}, 1.0, 1.0), {"latest_inventory_t": -5.0}, ValueError, "latest_inventory"),
        (({"AAU": 1.0}, 1.0, 1.0), {"party": 3}, TypeError, "party"),
    ],
)
def test_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        compliance(*args, **kwargs)
