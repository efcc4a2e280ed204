"""Tests for climatelab.gases: Annex A gases and CO2-equivalents (Kyoto Art. 5.3)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelab import gases


# --------------------------------------------------------------------------- known values
@pytest.mark.parametrize(
    ("gas", "expected"),
    # IPCC SAR 100-year GWPs (decision 2/CP.3), the values every CP1 inventory used
    [("CH4", 21.0), ("N2O", 310.0), ("SF6", 23900.0), ("HFC-134a", 1300.0), ("CF4", 6500.0)],
)
def test_sar_gwps(gas, expected):
    assert gases.gwp(gas) == expected
    assert gases.gwp(gas, "SAR") == expected


def test_co2_is_the_reference_in_every_set():
    for name in gases.GWP_SETS:
        assert gases.gwp("CO2", name) == 1.0


def test_later_sets_differ_from_sar():
    # AR4 (used 2013-2020) and AR5 values for methane
    assert gases.gwp("CH4", "AR4") == 25.0
    assert gases.gwp("CH4", "AR5") == 28.0
    assert gases.gwp("ch4", "ar6") == 27.9
    # a raw column name of the globalwarmingpotentials package works too
    assert gases.gwp("CH4", "AR6GWP20") == 81.2


def test_species_spellings_are_equivalent():
    assert gases.resolve_species("HFC-134a") == "HFC134a"
    assert gases.gwp("hfc 134a") == gases.gwp("HFC134a") == gases.gwp("HFC-134a")


def test_groups_need_a_named_species():
    with pytest.raises(ValueError, match="group"):
        gases.gwp("HFCs")
    with pytest.raises(ValueError, match="group"):
        gases.gwp("PFCs", "AR5")
    assert gases.annex_a_group("HFC-23") == "HFCs"
    assert gases.annex_a_group("C2F6") == "PFCs"
    assert gases.annex_a_group("CFC-11") is None  # Montreal Protocol gas, not Annex A


def test_co2_equivalent_mapping_hand_computed():
    # 2 t CO2 + 10 t CH4 x 21 + 1 t N2O x 310 = 2 + 210 + 310 = 522 t CO2e (SAR)
    assert gases.co2_equivalent({"CO2": 2, "CH4": 10, "N2O": 1}) == pytest.approx(522.0)
    # same gases under AR4: 2 + 250 + 298 = 550
    assert gases.co2_equivalent({"CO2": 2, "CH4": 10, "N2O": 1}, "AR4") == pytest.approx(550.0)


def test_co2_equivalent_frame():
    frame = pd.DataFrame({"gas": ["SF6", "HFC-23"], "amount": [0.5, 0.001]})
    out = gases.co2_equivalent(frame)
    assert list(out.columns) == ["gas", "amount", "species", "gwp", "co2e"]
    # 0.5 x 23 900 = 11 950; 0.001 x 11 700 = 11.7
    assert out["co2e"].tolist() == pytest.approx([11950.0, 11.7])
    assert list(frame.columns) == ["gas", "amount"]  # input not modified


def test_gwp_table_shape_and_values():
    table = gases.gwp_table(gases=["CH4", "SF6"], sets=["SAR", "AR5"])
    assert list(table.columns) == ["gas", "annex_a", "SAR", "AR5"]
    assert table.set_index("gas").loc["SF6", "SAR"] == 23900.0
    assert table.set_index("gas").loc["SF6", "AR5"] == 23500.0
    assert not table.isna().any().any()


def test_annex_a_gases_dataset_matches_module():
    table = gases.annex_a_gases()
    assert tuple(table["gas"]) == gases.ANNEX_A_GASES
    assert table.set_index("gas").loc["CH4", "name_zh"] == "甲烷"
    assert table["is_group"].sum() == 2
    for gas in table.loc[~table["is_group"].astype(bool), "gas"]:
        assert gases.gwp(gas) >= 1.0


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: gases.gwp("Unobtainium"), ValueError, "unknown gas='Unobtainium'"),
        (lambda: gases.gwp("CH4", "AR9"), ValueError, "unknown gwp_set='AR9'"),
        (lambda: gases.gwp(21), TypeError, "gas must be a str"),
        (lambda: gases.gwp("CH4", 4), TypeError, "gwp_set must be a str"),
        (lambda: gases.gwp("NF3", "SAR"), ValueError, "has no GWP"),
        (lambda: gases.co2_equivalent({"CH4": -1}), ValueError, r"amounts\['CH4'\]"),
        (lambda: gases.co2_equivalent({"CH4": math.nan}), ValueError, "finite"),
        (lambda: gases.co2_equivalent({"CH4": "5"}), TypeError, "must be a number"),
        (
            lambda: gases.co2_equivalent({"HFC-134a": 1, "HFC134a": 1}),
            ValueError,
            "same species twice",
        ),
        (lambda: gases.co2_equivalent([("CH4", 1)]), TypeError, "mapping"),
        (
            lambda: gases.co2_equivalent(pd.DataFrame({"gas": ["CH4"]})),
            ValueError,
            "amount",
        ),
        (lambda: gases.gwp_table(gases=[]), ValueError, "at least one gas"),
        (lambda: gases.gwp_table(gases="CH4"), TypeError, "lists of names"),
    ],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --------------------------------------------------------------------------- properties
_AMOUNT = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(ch4=_AMOUNT, n2o=_AMOUNT, k=st.floats(min_value=0, max_value=1e3))
def test_co2_equivalent_is_linear(ch4, n2o, k):
    one = gases.co2_equivalent({"CH4": ch4, "N2O": n2o})
    scaled = gases.co2_equivalent({"CH4": k * ch4, "N2O": k * n2o})
    assert scaled == pytest.approx(k * one, rel=1e-9, abs=1e-6)
    parts = gases.co2_equivalent({"CH4": ch4}) + gases.co2_equivalent({"N2O": n2o})
    assert one == pytest.approx(parts, rel=1e-12, abs=1e-6)
