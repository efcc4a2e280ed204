"""Tests for climatelab.targets and the action_plan_targets, china_progress, china_kaya data."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from climatelab import targets

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "magazine-issue.md"
REFERENCE = ROOT.parent / "shared" / "reference"

needs_seed = pytest.mark.skipif(
    not SEED.is_file(), reason=f"seed document not available at {SEED} (outside the course CI)"
)
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason=f"reference data not available at {REFERENCE}"
)


# --------------------------------------------------------------------------- intensity arithmetic


def test_chain_reduction_2020_outcome_then_2025_target():
    # 48.4 % below 2005 in 2020 leaves 0.516 of the 2005 intensity; -18 % by 2025 leaves
    # 0.516 * 0.82 = 0.42312, i.e. 1 - 0.42312 = 0.57688 -> about 57.7 % below 2005.
    assert targets.chain_reduction(0.484, 0.18) == pytest.approx(0.57688, abs=1e-12)


def test_chain_reduction_with_a_rise_and_single_value():
    # -10 % then +10 %: 0.9 * 1.1 = 0.99 -> 1 % below the start, not zero.
    assert targets.chain_reduction(0.1, -0.1) == pytest.approx(0.01, abs=1e-12)
    assert targets.chain_reduction(0.3) == pytest.approx(0.3)


def test_required_annual_decline_for_2025_target():
    # 18 % in 5 years: 0.82 ** (1/5) = exp(ln 0.82 / 5) = exp(-0.198451 / 5) = 0.961087,
    # so about 3.89 % a year (not 18 / 5 = 3.6 %).
    assert targets.required_annual_decline(0.18, 5) == pytest.approx(0.038913, abs=1e-6)


def test_cumulative_reduction_hand_case():
    # 4 % a year for 10 years: 0.96 ** 10 = 0.664833 -> 33.5 % in total.
    assert targets.cumulative_reduction(0.04, 10) == pytest.approx(0.335167, abs=1e-6)


def test_2030_target_rebased_to_2020():
    # 65 % below 2005 leaves 0.35; 2020 was at 0.516 of 2005; 0.35 / 0.516 = 0.678295,
    # so 2030 must be 32.17 % below 2020, i.e. 1 - 0.678295 ** (1/10) = 3.81 % a year.
    assert targets.target_2030_vs_2020() == pytest.approx(0.321705, abs=1e-6)
    assert targets.required_annual_decline(targets.target_2030_vs_2020(), 10) == pytest.approx(
        0.038074, abs=1e-6
    )


def test_rebase_reduction_negative_when_target_already_met():
    # achieved 70 % below base, target 65 %: 1 - 0.35 / 0.30 = -0.1667 (may rise 16.7 %).
    assert targets.rebase_reduction(0.65, 0.70) == pytest.approx(-1 / 6, abs=1e-12)


def test_meets_target_just_below_and_just_above():
    # 2020 at 0.516 of 2005. 0.6783 of 2020 in 2030 -> 0.516 * 0.6783 = 0.3500028 of 2005,
    # i.e. 64.99972 % below: a (narrow) miss. 0.6782 -> 0.3499512: 65.005 % below: met.
    miss = pd.Series({2020: 1.0, 2030: 0.6783})
    hit = pd.Series({2020: 1.0, 2030: 0.6782})
    assert not targets.meets_target(miss, 2020, 2030, 0.65, reduction_to_base=0.484)
    assert targets.meets_target(hit, 2020, 2030, 0.65, reduction_to_base=0.484)


def test_meets_target_exactly_on_target_counts():
    assert targets.meets_target({2005: 100.0, 2030: 35.0}, 2005, 2030, 0.65)


def test_reduction_between():
    assert targets.reduction_between({2005: 2.0, 2020: 1.032}, 2005, 2020) == pytest.approx(0.484)


# --------------------------------------------------------------------------- peak scenarios


def test_peak_scenario_rising_path_has_no_peak():
    # 1.05 * 0.96 = 1.008 > 1: emissions rise every year, the maximum is the last year.
    s = targets.peak_scenario(2020, 100.0, 0.05, 0.04, end_year=2035)
    assert s.path["emissions"].iloc[1] == pytest.approx(100.8)
    assert s.peak_year == 2035
    assert not s.peaks_within_horizon
    assert s.peaks_by_2030 is False
    assert list(s.path.columns) == ["year", "emissions", "gdp_index", "intensity_index"]
    assert s.path["year"].tolist() == list(range(2020, 2036))


def test_peak_scenario_falling_path_peaks_at_start():
    # 1.03 * 0.95 = 0.9785 < 1: emissions fall from the start.
    s = targets.peak_scenario(2020, 100.0, 0.03, 0.05)
    assert s.peak_year == 2020
    assert s.peaks_within_horizon
    assert s.peaks_by_2030 is True


def test_peak_scenario_linear_growth_change_hand_case():
    # g_k = 0.05, 0.04, 0.03, 0.02, ...; d_k = 0.02 each year.
    # yearly factors (1 + g_k)(1 - d_k): 1.029, 1.0192, 1.0094, 0.9996, ...: the peak is 2023,
    # at 100 * 1.029 * 1.0192 * 1.0094 = 105.86...
    s = targets.peak_scenario(2020, 100.0, 0.05, 0.02, gdp_growth_change=-0.01, end_year=2030)
    assert s.peak_year == 2023
    assert s.peak_emissions == pytest.approx(100 * 1.029 * 1.0192 * 1.0094, rel=1e-12)
    assert s.peaks_by_2030 is True
    assert s.cumulative_emissions == pytest.approx(s.path["emissions"].sum())


def test_peak_scenario_2030_intensity_check():
    # 4 %/yr for 10 years: 0.96 ** 10 = 0.664833 of 2020; 0.516 * 0.664833 = 0.343054 of 2005
    # -> 65.69 % below 2005: met. 3.5 %/yr: 0.965 ** 10 = 0.700281 -> 0.361345 -> 63.87 %: missed.
    met = targets.peak_scenario(2020, 100.0, 0.05, 0.04)
    assert met.intensity_reduction_2030_vs_2005 == pytest.approx(0.656946, abs=1e-6)
    assert met.meets_2030_intensity_target is True
    missed = targets.peak_scenario(2020, 100.0, 0.05, 0.035)
    assert missed.intensity_reduction_2030_vs_2005 == pytest.approx(0.638655, abs=1e-6)
    assert missed.meets_2030_intensity_target is False
    assert missed.meets_2030_targets is False


def test_peak_scenario_2025_intensity_check():
    # 4 %/yr: 1 - 0.96 ** 5 = 18.46 % >= 18 %; 3.8 %/yr: 1 - 0.962 ** 5 = 17.61 % < 18 %.
    assert targets.peak_scenario(2020, 1.0, 0.05, 0.04).meets_2025_intensity_target is True
    assert targets.peak_scenario(2020, 1.0, 0.05, 0.038).meets_2025_intensity_target is False


def test_peak_scenario_other_start_year_needs_the_2005_outcome():
    s = targets.peak_scenario(2023, 100.0, 0.05, 0.04)
    assert s.intensity_reduction_2030_vs_2005 is None
    assert s.meets_2030_intensity_target is None
    given_prior = targets.peak_scenario(
        2023, 100.0, 0.05, 0.04, intensity_reduction_2005_to_start=0.5
    )
    # 0.5 * 0.96 ** 7 = 0.5 * 0.751447 = 0.375724 -> 62.43 % below 2005.
    assert given_prior.intensity_reduction_2030_vs_2005 == pytest.approx(0.624276, abs=1e-6)


def test_peak_scenario_still_rising_before_2030_is_undecided():
    s = targets.peak_scenario(2020, 1.0, 0.05, 0.0, end_year=2025)
    assert s.peaks_by_2030 is None


def test_path_formula_matches_the_browser_recipe():
    # The static book computes exp(cumulative sum of log factors); it must equal the product.
    s = targets.peak_scenario(2020, 11000.0, 0.06, 0.03, -0.002, 0.001, end_year=2040)
    k = np.arange(1, 21)
    g = 0.06 - 0.002 * (k - 1)
    d = 0.03 + 0.001 * (k - 1)
    browser = 11000.0 * np.exp(np.cumsum(np.log(1 + g) + np.log(1 - d)))
    np.testing.assert_allclose(s.path["emissions"].to_numpy()[1:], browser, rtol=1e-12)


# --------------------------------------------------------------------------- properties

rates = st.floats(-0.1, 0.15, allow_nan=False)
changes = st.floats(-0.005, 0.005, allow_nan=False)


@settings(max_examples=200, deadline=None, database=None)
@given(
    g=rates,
    d=st.floats(-0.05, 0.2, allow_nan=False),
    dg=changes,
    dd=changes,
    extra=st.floats(0.0, 0.1, allow_nan=False),
    end=st.integers(2021, 2070),
)
def test_faster_decline_never_raises_path_or_delays_peak(g, d, dg, dd, extra, end):
    try:
        slow = targets.peak_scenario(2020, 100.0, g, d, dg, dd, end_year=end)
        fast = targets.peak_scenario(2020, 100.0, g, d + extra, dg, dd, end_year=end)
    except ValueError:
        assume(False)
    assert (fast.path["emissions"].to_numpy() <= slow.path["emissions"].to_numpy()).all()
    assert fast.peak_year <= slow.peak_year
    assert fast.cumulative_emissions <= slow.cumulative_emissions


positive = st.floats(1e-3, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(positive, positive, positive, positive), min_size=1, max_size=8))
def test_kaya_factors_multiply_back_to_emissions(rows):
    frame = pd.DataFrame(rows, columns=["population", "gdp", "energy", "co2"])
    frame.insert(0, "year", range(2000, 2000 + len(rows)))
    f = targets.kaya_factors(frame, gdp="gdp", energy="energy", co2="co2")
    product = f["population"] * f["gdp_per_capita"] * f["energy_intensity"] * f["carbon_intensity"]
    np.testing.assert_allclose(product.to_numpy(), frame["co2"].to_numpy(), rtol=1e-12)


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.tuples(positive, positive, positive, positive),
    st.tuples(positive, positive, positive, positive),
)
def test_lmdi_terms_add_up_to_total_change(start, end):
    frame = pd.DataFrame([start, end], columns=["population", "gdp", "energy", "co2"])
    frame.insert(0, "year", [2000, 2010])
    dec = targets.kaya_decomposition(frame, 2000, 2010, gdp="gdp", energy="energy", co2="co2")
    total = dec.contributions["contribution"].sum()
    assert dec.total_change == pytest.approx(end[3] - start[3])
    assert total == pytest.approx(dec.total_change, rel=1e-9, abs=1e-9 * max(start[3], end[3]))


@settings(database=None)
@given(
    st.floats(-0.5, 0.95, allow_nan=False),
    st.floats(-0.5, 0.95, allow_nan=False),
    st.floats(-0.5, 0.95, allow_nan=False),
)
def test_chain_reduction_is_associative(a, b, c):
    left = targets.chain_reduction(targets.chain_reduction(a, b), c)
    assert left == pytest.approx(targets.chain_reduction(a, b, c), abs=1e-12)


@settings(database=None)
@given(st.floats(-0.9, 0.99, allow_nan=False), st.floats(0.5, 50, allow_nan=False))
def test_annual_decline_round_trip(total, years):
    annual = targets.required_annual_decline(total, years)
    assert targets.cumulative_reduction(annual, years) == pytest.approx(total, abs=1e-9)


# --------------------------------------------------------------------------- Kaya on the data


def test_china_kaya_decomposition_1990_2016():
    frame = targets.china_kaya(complete=True)
    assert frame["year"].tolist() == list(range(1990, 2017))
    dec = targets.kaya_decomposition(frame, 1990, 2016)
    contrib = dec.as_dict()
    # Richer people drove the rise; energy intensity pulled it down.
    assert contrib["gdp_per_capita"] > dec.total_change > 0
    assert contrib["energy_intensity"] < 0
    assert sum(contrib.values()) == pytest.approx(dec.total_change, rel=1e-12)


def test_logarithmic_mean():
    assert targets.logarithmic_mean(5.0, 5.0) == 5.0
    # L(e, 1) = (e - 1) / (1 - 0) = 1.718281...
    assert targets.logarithmic_mean(math.e, 1.0) == pytest.approx(math.e - 1)


# --------------------------------------------------------------------------- datasets


def test_action_plan_targets_shape_and_rules():
    df = targets.action_plan_targets()
    assert df["id"].is_unique
    assert set(df["action"]) == {0, 1, 2, 3, 4, 5, 6, 8, 10}  # actions 7 and 9 set no number
    reductions = df[df["direction"].str.startswith("reduce by")]
    assert reductions["baseline_year"].notna().all()
    assert (df["target_year"].dropna() >= 2021).all()
    assert (df["target_year"].dropna() <= 2030).all()
    assert df["source"].str.contains("Guo Fa \\[2021\\] No. 23").all()
    assert len(targets.action_plan_targets(0)) == 6


def test_module_constants_match_datasets():
    df = targets.action_plan_targets().set_index("id")
    assert df.loc["co2_intensity_2030", "value"] / 100 == targets.CO2_INTENSITY_TARGET_2030_VS_2005
    assert df.loc["co2_intensity_2025", "value"] / 100 == targets.CO2_INTENSITY_TARGET_2025_VS_2020
    progress = targets.china_progress("co2_intensity_reduction_vs_2005").set_index("year")
    assert progress.loc[2020, "value"] / 100 == targets.CO2_INTENSITY_2020_VS_2005_REPORTED


def test_china_progress_rows_have_sources():
    df = targets.china_progress()
    assert df["source"].str.len().gt(0).all()
    assert set(df["confidence"]) <= {"high", "medium", "low"}


# Plan wording -> factor to the dataset's unit (亿 = 1e8, 万 = 1e4).
_UNITS = {
    "亿千瓦": ("GW", 1e8 / 1e6),
    "万千瓦": ("GW", 1e4 / 1e6),
    "亿吨": ("Mt per year", 100.0),
    "亿立方米": ("billion m3", 0.1),
}


def _number_in(text: str) -> tuple[float, str] | None:
    m = re.search(r"(\d+(?:\.\d+)?)\s*(亿千瓦|万千瓦|亿吨|亿立方米)", text)
    if m:
        unit, factor = _UNITS[m.group(2)]
        return float(m.group(1)) * factor, unit
    m = re.search(r"(\d+(?:\.\d+)?)\s*%", text)
    if m:
        return float(m.group(1)), "percent"
    m = re.search(r"(\d{4})\s*年前", text)
    if m:
        return float(m.group(1)), "year"
    if re.search(r"全部|全面|全覆盖", text):
        return 100.0, "percent"
    m = re.search(r"(\d+)\s*个", text)
    if m:
        return float(m.group(1)), "count"
    return None


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@needs_seed
def test_every_quote_is_in_the_seed(seed_text):
    df = targets.action_plan_targets()
    missing = [row.id for row in df.itertuples() if row.text_zh not in seed_text]
    assert missing == []


@needs_seed
def test_every_value_matches_its_quote():
    df = targets.action_plan_targets()
    for row in df.itertuples():
        parsed = _number_in(row.text_zh)
        assert parsed is not None, f"{row.id}: no number found in {row.text_zh!r}"
        value, unit = parsed
        assert value == pytest.approx(row.value), f"{row.id}: {row.text_zh!r} vs {row.value}"
        if unit != "percent":
            assert row.unit == unit, row.id
        else:
            assert row.unit.startswith("percent"), row.id


@needs_seed
@pytest.mark.parametrize(
    ("pattern", "target_id", "factor"),
    [
        (
            r"风电、太阳能发电总装机容量达到\s*([\d.]+)\s*亿千瓦以上",
            "wind_solar_capacity_2030",
            100,
        ),
        (r"二氧化碳排放比\s*2005\s*年下降\s*([\d.]+)\s*%以上", "co2_intensity_2030", 1),
        (r"到\s*2030\s*年，非化石能源消费比重达到\s*([\d.]+)\s*%左右", "nonfossil_share_2030", 1),
        (r"能源消耗比\s*2020\s*年下降\s*([\d.]+)\s*%", "energy_intensity_2025", 1),
        (r"二氧化碳排放比\s*2020\s*年下降\s*([\d.]+)\s*%", "co2_intensity_2025", 1),
        (r"森林覆盖率达到\s*([\d.]+)\s*%左右", "forest_coverage_2030", 1),
        (r"新型储能装机容量达到\s*([\d.]+)\s*万千瓦以上", "new_storage_capacity_2025", 0.01),
        (r"抽水蓄能电站装机容量达到\s*([\d.]+)\s*亿千瓦左右", "pumped_hydro_capacity_2030", 100),
    ],
    ids=[
        "wind_solar",
        "co2_int_2030",
        "nonfossil_2030",
        "energy_int_2025",
        "co2_int_2025",
        "forest",
        "storage",
        "pumped_hydro",
    ],
)
def test_seed_numbers_match_dataset(seed_text, pattern, target_id, factor):
    # Read the number straight from the seed (whitespace and page breaks collapsed), not
    # through the dataset's own quote.
    flat = re.sub(r"\s+", "", seed_text)
    match = re.search(re.sub(r"\\s\*", "", pattern), flat)
    assert match, f"pattern {pattern!r} not found in the seed"
    row = targets.action_plan_targets().set_index("id").loc[target_id]
    assert float(match.group(1)) * factor == pytest.approx(row["value"])


@needs_reference
def test_china_kaya_matches_reference_files():
    kaya = targets.china_kaya().set_index("year")
    gcb = pd.read_csv(
        REFERENCE / "owid-grapher-annual-co2_gcb2024" / "annual-co2-emissions-per-country.csv"
    )
    gcb = gcb[gcb["Entity"] == "China"].set_index("Year").iloc[:, -1]
    for year in (1990, 2005, 2020, 2023):
        assert kaya.loc[year, "co2_mt"] == pytest.approx(gcb[year] / 1e6, abs=1e-3)
    owid = pd.read_csv(REFERENCE / "owid-co2-data" / "2020-12-09_2a6c4a2" / "owid-co2-data.csv")
    owid = owid[owid["country"] == "China"].set_index("year")
    for year in (1990, 2016):
        assert kaya.loc[year, "gdp_bn_intl_usd_2011"] == pytest.approx(owid.loc[year, "gdp"] / 1e9)
        assert kaya.loc[year, "primary_energy_twh"] == pytest.approx(
            owid.loc[year, "primary_energy_consumption"]
        )
        assert kaya.loc[year, "population"] == round(owid.loc[year, "population"])
    assert kaya.index.tolist() == list(range(1990, 2024))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: targets.chain_reduction(48.4), ValueError, r"reductions\[0\].*fraction"),
        (lambda: targets.chain_reduction(0.2, 1.0), ValueError, r"reductions\[1\]"),
        (lambda: targets.chain_reduction(), ValueError, "at least one"),
        (lambda: targets.chain_reduction("0.2"), TypeError, r"reductions\[0\]"),
        (lambda: targets.required_annual_decline(1.0, 5), ValueError, "total_reduction"),
        (lambda: targets.required_annual_decline(0.2, 0), ValueError, "years"),
        (lambda: targets.cumulative_reduction(float("nan"), 5), ValueError, "annual_decline"),
        (lambda: targets.rebase_reduction(0.65, 1.2), ValueError, "achieved_reduction"),
        (lambda: targets.reduction_between({2020: 1.0}, 2020, 2030), ValueError, "year=2030"),
        (lambda: targets.reduction_between({2020: 1.0, 2030: -1}, 2020, 2030), ValueError, "2030"),
        (lambda: targets.meets_target([1, 2], 2020, 2030, 0.5), TypeError, "path"),
        (lambda: targets.peak_scenario(2020, 100, 0.05, 1.0), ValueError, "intensity_decline"),
        (lambda: targets.peak_scenario(2020, 100, -1.0, 0.02), ValueError, "gdp_growth"),
        (
            lambda: targets.peak_scenario(2020, 100, 0.05, 0.02, end_year=2019),
            ValueError,
            "end_year",
        ),
        (
            lambda: targets.peak_scenario(2020, 100, 0.05, 0.02, end_year=2020),
            ValueError,
            "end_year",
        ),
        (lambda: targets.peak_scenario(2020, -5, 0.05, 0.02), ValueError, "start_emissions"),
        (lambda: targets.peak_scenario(2020.0, 100, 0.05, 0.02), TypeError, "start_year"),
        (lambda: targets.peak_scenario(2020, 100, 5, 0.02), ValueError, "gdp_growth"),
        (
            lambda: targets.peak_scenario(2020, 100, 0.05, 0.5, decline_change=0.1),
            ValueError,
            r"decline_change.*2026",
        ),
        (
            lambda: targets.peak_scenario(2020, 100, 0.05, 0.02, gdp_growth_change=-0.2),
            ValueError,
            r"gdp_growth_change.*2027",
        ),
        (lambda: targets.action_plan_targets(11), ValueError, "action"),
        (lambda: targets.china_progress("gdp"), ValueError, "indicator='gdp'"),
    ],
)
def test_bad_input_raises_clear_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_kaya_bad_frames():
    good = pd.DataFrame(
        {
            "year": [2000, 2010],
            "population": [1.0, 2.0],
            "gdp": [1.0, 3.0],
            "energy": [1.0, 2.0],
            "co2": [1.0, 1.5],
        }
    )
    kw = {"gdp": "gdp", "energy": "energy", "co2": "co2"}
    with pytest.raises(ValueError, match="missing column"):
        targets.kaya_factors(good.drop(columns="energy"), **kw)
    with pytest.raises(ValueError, match=r"'co2' is missing in year"):
        targets.kaya_factors(good.assign(co2=[1.0, None]), **kw)
    with pytest.raises(ValueError, match=r"'population' must be > 0"):
        targets.kaya_factors(good.assign(population=[0.0, 1.0]), **kw)
    with pytest.raises(TypeError, match="DataFrame"):
        targets.kaya_factors(good.to_dict(), **kw)
    with pytest.raises(ValueError, match="end_year=2005 must appear"):
        targets.kaya_decomposition(good, 2000, 2005, **kw)
    with pytest.raises(ValueError, match="end_year must be after"):
        targets.kaya_decomposition(good, 2010, 2000, **kw)
    with pytest.raises(ValueError, match="select complete rows"):
        targets.kaya_decomposition(targets.china_kaya(), 1990, 2020)
