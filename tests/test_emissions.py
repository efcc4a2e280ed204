"""climatelab.emissions against the dataset, with conservation checks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from climatelab import data, emissions


def test_world_values_match_the_source_spot_checks():
    # SOURCES.md spot checks of GCB 2024: 22 728 989 000 t (1990), 37 791 570 000 t (2023)
    assert emissions.value_gt(1990) == pytest.approx(22.728989, abs=1e-6)
    assert emissions.value_gt(2023) == pytest.approx(37.79157, abs=1e-6)


@pytest.mark.parametrize("year", [1990, 2000, 2008, 2019, 2023])
def test_group_split_adds_up_to_the_world(year):
    split = emissions.group_split(year)
    assert split["co2_gt"].sum() == pytest.approx(emissions.value_gt(year), rel=1e-12)
    assert split["share_pct"].sum() == pytest.approx(100.0)
    residual = split.set_index("part").loc["Residual (not attributed)", "co2_gt"]
    assert abs(residual) < 0.01  # the residual is rounding, not missing countries


def test_annex_i_aggregate_covers_its_country_rows():
    table = data.load("fossil_co2")
    members = set(data.load("annex_i_parties")["iso3"]) - {"EUU"}
    year = table[table["year"] == 2010]
    shipped = year[year["code"].isin(members)]["co2_mt"].sum()
    annex = year.loc[year["code"] == "ANNEX_I", "co2_mt"].iloc[0]
    # Belarus and Turkey (Annex I, not Annex B) are in the aggregate but not shipped as rows
    assert 0 < annex - shipped < 0.05 * annex


REFERENCE = ROOT.parent / "shared" / "reference" / "owid-grapher-annual-co2_gcb2024"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside the project")
def test_fossil_co2_is_reproduced_by_its_curation_script(tmp_path):
    out = tmp_path / "fossil_co2.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "curate_fossil_co2.py"),
            str(REFERENCE / "annual-co2-emissions-per-country.csv"),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_text("utf-8") == (ROOT / "datasets" / "fossil_co2.csv").read_text("utf-8")


def test_claim_check_difference():
    check = emissions.check_claim(1990, 20.1)
    assert check.dataset_gt == pytest.approx(22.728989)
    assert check.difference_gt == pytest.approx(20.1 - 22.728989)
    assert check.difference_pct == pytest.approx(100 * (20.1 - 22.728989) / 22.728989)


def test_ratio_is_not_a_doubling():
    r = emissions.ratio(1990, 2019)
    assert r == pytest.approx(37.104275 / 22.728989)
    assert 1.5 < r < 1.8


def test_largest_emitters_2023_are_led_by_china():
    top = emissions.largest_emitters(2023, n=3)
    assert list(top["code"]) == ["CHN", "USA", "IND"]
    assert top["co2_gt"].is_monotonic_decreasing


def test_seed_claim_verdicts_agree_with_the_computation():
    claims = data.load("seed_claims")
    figures = claims[claims["unit"].fillna("").str.contains("Gt") & claims["claimed_value"].notna()]
    assert len(figures) >= 3
    for _, row in figures.iterrows():
        year = int(row["id"].removeprefix("co2-"))  # ids are co2-1990, co2-2008, ...
        diff = abs(emissions.check_claim(year, row["claimed_value"]).difference_pct)
        expected = "correct" if diff <= 1 else "imprecise" if diff <= 5 else "incorrect"
        assert row["verdict"] == expected, (row["id"], diff)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"codes": ["XXX"]}, "unknown code"),
        ({"codes": "CHN"}, "list of codes"),
        ({"start": 1850}, "start=1850"),
        ({"start": 2000, "end": 1995}, "before start"),
    ],
)
def test_bad_selection_is_a_clear_error(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        emissions.fossil_co2(**kwargs)


def test_bad_claim_inputs():
    with pytest.raises(TypeError, match="claimed_gt"):
        emissions.check_claim(1990, "20.1")
    with pytest.raises(ValueError, match="claimed_gt"):
        emissions.check_claim(1990, float("nan"))
    with pytest.raises(ValueError, match="year=1900"):
        emissions.value_gt(1900)
    with pytest.raises(ValueError, match="n must be"):
        emissions.largest_emitters(2023, n=0)
