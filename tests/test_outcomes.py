"""climatelab.outcomes: Part 5 -- targets vs outcomes, carbon in trade, Paris and Doha."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelab import data, kyoto, outcomes

US = "United States of America"


# --------------------------------------------------------------------------- Paris
def test_paris_enters_into_force_2016_11_04_with_the_shared_rule():
    result = outcomes.paris_entry_into_force()
    assert result.met
    assert result.date == pd.Timestamp("2016-11-04")
    assert result.trigger_date == pd.Timestamp("2016-10-05")
    assert result.parties_met_date == pd.Timestamp("2016-09-21")
    assert "European Union" in result.trigger_parties
    assert 0.55 <= result.share < 0.60


def test_paris_result_is_the_kyoto_function_on_the_shipped_data():
    instruments = outcomes.paris_instruments()
    direct = kyoto.entry_into_force(
        instruments[["party", "date"]],
        outcomes.paris_shares(),
        min_parties=55,
        min_share=0.55,
        delay_days=30,
    )
    assert direct == outcomes.paris_entry_into_force()


def test_paris_eu_counts_once_and_adds_no_share():
    progress = kyoto.ratification_progress(
        outcomes.paris_instruments()[["party", "date"]], outcomes.paris_shares()
    )
    eu = progress[progress["party"] == "European Union"]
    assert len(eu) == 1
    assert eu["party_share"].iloc[0] == 0.0
    assert progress["share"].iloc[-1] <= 1.0


def test_paris_needs_the_original_us_date():
    instruments = outcomes.paris_instruments()
    assert instruments.set_index("party").loc[US, "date"] == pd.Timestamp("2016-09-03")
    # with the 2021 re-acceptance date the 2016 threshold would have been met only later
    moved = instruments.copy()
    moved.loc[moved["party"] == US, "date"] = pd.Timestamp("2021-01-20")
    result = kyoto.entry_into_force(moved[["party", "date"]], outcomes.paris_shares(), 55, 0.55, 30)
    assert result.date > pd.Timestamp("2016-11-04")


def test_paris_article21_shares_match_the_official_total():
    shares = data.load("paris_article21_shares")
    states = shares[~shares["regional_organisation"].astype(bool)]
    assert abs(int(states["emissions_gg"].sum()) - outcomes.ARTICLE21_TOTAL_GHG_GG) <= 5
    eu = shares[shares["regional_organisation"].astype(bool)]
    assert list(eu["party"]) == ["European Union"]
    assert eu["emissions_gg"].iloc[0] == 4_488_404
    assert outcomes.paris_shares(include_regional=False).sum() == pytest.approx(1.0, abs=1e-6)


def test_paris_dates_of_effect_follow_article_21_3():
    treaty = outcomes.paris_entry_into_force()
    for _, row in outcomes.paris_instruments().iterrows():
        expected = kyoto.entry_into_force_for_party(row["date"], treaty)
        assert row["date_of_effect"] == expected, row["party"]


def test_us_is_a_party_only_between_its_withdrawals():
    def member(day):
        return US in set(outcomes.paris_parties_on(day)["party"])

    assert member("2017-01-01")
    assert not member("2020-11-04")
    assert not member("2021-02-18")
    assert member("2021-02-19")
    assert member("2026-01-26")
    assert not member("2026-01-27")
    assert len(outcomes.paris_parties_on("2023-03-09")) == 195
    assert len(outcomes.paris_parties_on("2026-06-01")) == 194


# --------------------------------------------------------------------------- Doha
def test_doha_enters_into_force_on_the_last_day_of_its_period():
    status = outcomes.doha_status()
    assert status.parties_total == 192
    assert status.threshold == 144
    assert status.threshold_date == pd.Timestamp("2020-10-02")
    assert status.threshold_party == "Nigeria"
    assert status.entry_into_force == pd.Timestamp("2020-12-31")
    assert status.not_counted == ("European Union",)


def test_doha_counting_every_instrument_is_one_day_early():
    status = outcomes.doha_status(count_regional=True)
    assert status.acceptances == 147
    assert status.threshold_date == pd.Timestamp("2020-10-01")
    assert status.entry_into_force == pd.Timestamp("2020-12-30")
    # the UNFCCC's published running total of 13 Feb 2018 included the EU
    assert status.count_on("2018-02-13") == 109


def test_kyoto_parties_count():
    assert outcomes.kyoto_parties_on("2020-10-02") == 192
    assert outcomes.kyoto_parties_on("2012-12-14") - outcomes.kyoto_parties_on("2012-12-15") == 1


@settings(deadline=None)
@given(
    n=st.integers(min_value=1, max_value=400),
    fraction=st.floats(min_value=0.01, max_value=1.0, allow_nan=False),
)
def test_threshold_is_the_smallest_count_reaching_the_fraction(n, fraction):
    acceptances = pd.DataFrame({"party": [f"P{i}" for i in range(n)], "date": ["2020-01-01"] * n})
    status = outcomes.amendment_status(acceptances, n, fraction, 0)
    k = status.threshold
    assert 1 <= k <= n
    assert k >= fraction * n - 1e-9
    assert k - 1 < fraction * n - 1e-9 or k == 1
    assert status.met and status.entry_into_force == pd.Timestamp("2020-01-01")


def test_amendment_not_met_and_same_day_order():
    acceptances = pd.DataFrame(
        {"party": ["A", "B", "C"], "date": ["2001-01-02", "2001-01-01", "2001-01-02"]}
    )
    status = outcomes.amendment_status(acceptances, 4, 0.75, 90)
    assert status.threshold == 3
    assert status.threshold_party == "C"
    assert status.entry_into_force == pd.Timestamp("2001-04-02")
    short = outcomes.amendment_status(acceptances, 10, 0.75)
    assert not short.met and short.entry_into_force is None
    assert "3 of the 8" in short.message


@pytest.mark.parametrize("fraction", [0, 0.0, -0.1, 1.01, 75, float("nan")])
def test_fraction_outside_0_1_is_rejected(fraction):
    acceptances = pd.DataFrame({"party": ["A"], "date": ["2001-01-01"]})
    with pytest.raises(ValueError, match="fraction"):
        outcomes.amendment_status(acceptances, 4, fraction)


def test_amendment_bad_inputs_name_the_field():
    acceptances = pd.DataFrame({"party": ["A", "A"], "date": ["2001-01-01", "2001-01-02"]})
    with pytest.raises(ValueError, match="repeats 'A'"):
        outcomes.amendment_status(acceptances, 4)
    with pytest.raises(ValueError, match="parties_total=1"):
        outcomes.amendment_status(
            pd.DataFrame({"party": ["A", "B"], "date": ["2001-01-01"] * 2}), 1
        )
    with pytest.raises(ValueError, match="ISO date"):
        outcomes.amendment_status(pd.DataFrame({"party": ["A"], "date": ["2001-13-01"]}), 4)
    with pytest.raises(TypeError, match="fraction"):
        outcomes.amendment_status(pd.DataFrame({"party": ["A"], "date": ["2001-01-01"]}), 4, True)
    with pytest.raises(ValueError, match="not_counted names party='Z'"):
        outcomes.amendment_status(
            pd.DataFrame({"party": ["A"], "date": ["2001-01-01"]}), 4, not_counted=["Z"]
        )


# --------------------------------------------------------------------------- targets vs outcome
@pytest.fixture(scope="module")
def annex_b_outcome():
    return outcomes.target_vs_outcome()


def test_target_vs_outcome_on_the_real_data(annex_b_outcome):
    t = annex_b_outcome.set_index("party")
    assert len(t) == 37
    assert t.loc["Russian Federation", "target_pct"] == 0
    assert t.loc["Germany", "target_pct"] == -8
    assert bool(t.loc["Russian Federation", "met"]) and not bool(t.loc[US, "met"])
    assert not t.loc[US, "bound_cp1"] and not t.loc["Canada", "bound_cp1"]
    assert t.loc["Japan", "bound_cp1"]
    row = t.loc["Germany"]
    assert row["change_pct"] == pytest.approx(100 * (row["period_co2_mt"] / row["base_co2_mt"] - 1))
    assert row["gap_pp"] == pytest.approx(row["change_pct"] - row["target_pct"])
    fossil = data.load("fossil_co2")
    deu = fossil[fossil["code"] == "DEU"].set_index("year")["co2_mt"]
    assert row["base_co2_mt"] == pytest.approx(deu[1990])
    assert row["period_co2_mt"] == pytest.approx(deu.loc[2008:2012].mean())


def test_burden_sharing_targets_for_the_eu15():
    t = outcomes.target_vs_outcome(["Germany", "Portugal", "Japan"], target="burden_sharing")
    assert list(t["target_pct"]) == [-21.0, 27.0, -6.0]


def test_group_totals_add_up_on_the_real_data(annex_b_outcome):
    t = annex_b_outcome
    whole = outcomes.group_outcome(t)
    assert whole.base_co2_mt == pytest.approx(t["base_co2_mt"].sum())
    assert whole.period_co2_mt == pytest.approx(t["period_co2_mt"].sum())
    eit = outcomes.group_outcome(t[t["economy_in_transition"]])
    rest = outcomes.group_outcome(t[~t["economy_in_transition"]])
    assert eit.change_mt + rest.change_mt == pytest.approx(whole.change_mt)
    # Annex B as a whole was below 1990 only because of the economies in transition
    assert whole.change_pct < 0 < rest.change_pct
    split = outcomes.eit_split().set_index("part")
    assert split["contribution_pp"].sum() == pytest.approx(whole.change_pct, abs=1e-9)
    assert split.loc["Economies in transition", "change_mt"] == pytest.approx(eit.change_mt)


def test_period_can_move(annex_b_outcome):
    later = outcomes.target_vs_outcome(["Japan"], period=(2013, 2020))
    assert (
        later["period_co2_mt"].iloc[0]
        != annex_b_outcome.set_index("party").loc["Japan", "period_co2_mt"]
    )


def test_co2_share_of_basket_is_a_plausible_fraction():
    shares = outcomes.co2_share_of_basket()
    assert len(shares) == 36
    assert shares["co2_share_pct"].between(30, 100).all()
    total = 100 * shares["fossil_co2_1990_mt"].sum() / shares["base_year_ghg_mt"].sum()
    assert 70 < total < 85
    with pytest.raises(ValueError, match=r"unknown party='United States of America'"):
        outcomes.co2_share_of_basket([US])


# frames of random Parties for the property tests
_party_rows = st.lists(
    st.tuples(
        st.floats(min_value=0.001, max_value=1e5, allow_nan=False),
        st.floats(min_value=0.0, max_value=1e5, allow_nan=False),
        st.floats(min_value=-100.0, max_value=100.0, allow_nan=False),
        st.sampled_from(["a", "b", "c"]),
    ),
    min_size=1,
    max_size=30,
)


def _frame(rows):
    return pd.DataFrame(
        {
            "party": [f"P{i}" for i in range(len(rows))],
            "base_co2_mt": [r[0] for r in rows],
            "period_co2_mt": [r[1] for r in rows],
            "target_pct": [r[2] for r in rows],
            "part": [r[3] for r in rows],
        }
    )


@settings(deadline=None)
@given(_party_rows)
def test_party_values_sum_to_the_group(rows):
    frame = _frame(rows)
    group = outcomes.group_outcome(frame)
    assert group.base_co2_mt == pytest.approx(frame["base_co2_mt"].sum(), rel=1e-12)
    assert group.period_co2_mt == pytest.approx(frame["period_co2_mt"].sum(), rel=1e-12, abs=1e-9)
    weights = frame["base_co2_mt"] / frame["base_co2_mt"].sum()
    gaps = 100 * (frame["period_co2_mt"] / frame["base_co2_mt"] - 1) - frame["target_pct"]
    assert group.gap_pp == pytest.approx(float((weights * gaps).sum()), rel=1e-9, abs=1e-6)
    assert group.met == (
        group.period_co2_mt <= group.allowed_co2_mt + 1e-9 * max(1, group.allowed_co2_mt)
    )
    assert not any(math.isnan(v) for v in (group.change_pct, group.target_pct, group.gap_pp))


@settings(deadline=None)
@given(_party_rows)
def test_decomposition_parts_sum_to_the_whole(rows):
    frame = _frame(rows)
    whole = outcomes.group_outcome(frame)
    for groups in ("part", dict(zip(frame["party"], frame["part"], strict=True))):
        parts = outcomes.decompose_change(frame, groups)
        assert parts["parties"].sum() == len(frame)
        assert parts["change_mt"].sum() == pytest.approx(whole.change_mt, rel=1e-9, abs=1e-6)
        assert parts["contribution_pp"].sum() == pytest.approx(whole.change_pct, rel=1e-9, abs=1e-9)
        assert parts["base_co2_mt"].sum() == pytest.approx(whole.base_co2_mt, rel=1e-12)
        assert not parts.isna().any().any()


def test_decompose_by_boolean_column(annex_b_outcome):
    parts = outcomes.decompose_change(annex_b_outcome, "economy_in_transition")
    assert set(parts["part"]) == {"economy_in_transition", "not economy_in_transition"}


# --------------------------------------------------------------------------- bad input
def test_unknown_party_is_named():
    with pytest.raises(ValueError, match=r"unknown party='Atlantis'"):
        outcomes.target_vs_outcome(["Germany", "Atlantis"])
    with pytest.raises(ValueError, match=r"unknown party='Monaco'"):
        outcomes.target_vs_outcome(["Monaco"])


@pytest.mark.parametrize("period", [(), (2008,), [], (2008, 2010, 2012)])
def test_empty_or_malformed_period_is_rejected(period):
    with pytest.raises(ValueError, match="period"):
        outcomes.target_vs_outcome(["Japan"], period=period)


def test_period_end_before_start_and_outside_data():
    with pytest.raises(ValueError, match="end=2008 is before start=2012"):
        outcomes.target_vs_outcome(["Japan"], period=(2012, 2008))
    with pytest.raises(ValueError, match="outside the data"):
        outcomes.target_vs_outcome(["Japan"], period=(2020, 2030))
    with pytest.raises(ValueError, match="base_year=1980"):
        outcomes.target_vs_outcome(["Japan"], base_year=1980)
    with pytest.raises(TypeError, match="period start"):
        outcomes.target_vs_outcome(["Japan"], period=("2008", 2012))
    with pytest.raises(ValueError, match="target must be"):
        outcomes.target_vs_outcome(["Japan"], target="paris")


def test_group_and_decompose_bad_input():
    frame = _frame([(10.0, 12.0, -8.0, "a"), (5.0, 4.0, 0.0, "b")])
    with pytest.raises(ValueError, match="at least one row"):
        outcomes.group_outcome(frame.iloc[0:0])
    with pytest.raises(ValueError, match=r"no part for party='P1'"):
        outcomes.decompose_change(frame, {"P0": "a"})
    with pytest.raises(ValueError, match=r"unknown party='P9'"):
        outcomes.decompose_change(frame, {"P0": "a", "P1": "b", "P9": "c"})
    with pytest.raises(ValueError, match="not a column"):
        outcomes.decompose_change(frame, "region")
    bad = frame.assign(period_co2_mt=[float("nan"), 1.0])
    with pytest.raises(ValueError, match="period_co2_mt"):
        outcomes.group_outcome(bad)


# --------------------------------------------------------------------------- carbon in trade
def test_carbon_in_trade_2017():
    t = outcomes.carbon_in_trade(["CHN", "USA", "EU28", "WORLD"], 2017).set_index("code")
    assert (
        t["consumption_mtco2"] - t["territorial_mtco2"] - t["transfer_mtco2"]
    ).abs().max() < 2e-3
    assert t.loc["CHN", "transfer_mtco2"] < 0 < t.loc["USA", "transfer_mtco2"]
    assert t.loc["EU28", "transfer_mtco2"] > 0
    assert t.loc["WORLD", "transfer_mtco2"] == 0
    # GCB 2019: China 2 685.249 MtC territorial in 2017, x 3.664
    assert t.loc["CHN", "territorial_mtco2"] == pytest.approx(2685.249 * 3.664, abs=1e-3)


def test_carbon_in_trade_groups_are_sums_of_members():
    table = outcomes.consumption_co2()
    assert set(table["code"]) >= {"KP_ANNEX_B", "EU15", "EIT", "CHN", "USA", "IND", "JPN", "RUS"}
    assert table["year"].min() == 1990 and table["year"].max() == 2017
    by_name = outcomes.carbon_in_trade(["China"], 1990)
    assert by_name["code"].tolist() == ["CHN"]


def test_carbon_in_trade_bad_input():
    with pytest.raises(ValueError, match="unknown entity='Mars'"):
        outcomes.carbon_in_trade(["Mars"])
    with pytest.raises(ValueError, match="year=2018"):
        outcomes.carbon_in_trade(["CHN"], 2018)
    with pytest.raises(TypeError, match="entities"):
        outcomes.carbon_in_trade("CHN")
