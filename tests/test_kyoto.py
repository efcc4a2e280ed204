"""Tests for climatelab.kyoto: Annex B, Art. 3.7, the Art. 4 bubble, Art. 25 and Art. 27."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from climatelab import kyoto

TS = pd.Timestamp


# --------------------------------------------------------------------------- data
def test_annex_b_matches_treaty_text():
    table = kyoto.annex_b().set_index("party")
    assert len(table) == 39
    # Annex B marks 13 economies in transition with *
    assert int(table["economy_in_transition"].sum()) == 13
    assert table.loc["Russian Federation", "economy_in_transition"]
    assert not table.loc["Japan", "economy_in_transition"]
    assert table.loc["European Community", "commitment_pct"] == 92
    assert table.loc["United States of America", "commitment_pct"] == 93
    assert table.loc["Iceland", "commitment_pct"] == 110
    assert table.loc["Australia", "name_zh"] == "澳大利亚"
    assert set(table["commitment_pct"]) == {92, 93, 94, 95, 100, 101, 108, 110}


def test_article25_table_totals():
    gg = kyoto.article25_shares()
    assert len(gg) == 34
    assert int(gg.sum()) == kyoto.ARTICLE25_TOTAL_CO2_1990_GG == 13_728_306
    assert kyoto.article25_fractions().sum() == pytest.approx(1.0)
    # the published percentages are rounded to 0.1 and add up to 99.8
    assert kyoto.article25_fractions("published").sum() == pytest.approx(0.998)


def test_instruments_table():
    table = kyoto.instruments()
    assert len(table) == 193
    assert list(table.columns[:5]) == ["party", "date", "instrument", "annex_i", "iso3"]
    assert str(table["date"].dtype).startswith("datetime64")
    assert table["party"].is_unique
    canada = table.set_index("party").loc["Canada"]
    assert canada["withdrawal_effective"] == TS("2012-12-15")
    assert table["withdrawal_effective"].notna().sum() == 1


# --------------------------------------------------------------------------- Art. 3.7
def test_japan_assigned_amount():
    aa = kyoto.assigned_amounts().set_index("party")
    base = aa.loc["Japan", "base_year_emissions_t"]
    official = aa.loc["Japan", "assigned_amount_t"]
    # Art. 3.7: base year x 94 % x 5 = base x 4.7
    computed = kyoto.assigned_amount(base, kyoto.commitment_pct("Japan"))
    assert computed == pytest.approx(base * 4.7)
    # the official figure (5 928 257 666 t) comes from an unrounded base year
    assert computed == pytest.approx(official, abs=5)


def test_assigned_amount_hand_example():
    # 100 Mt base year, 92 %, five years: 100 x 0.92 x 5 = 460 Mt
    assert kyoto.assigned_amount(100e6, 92) == pytest.approx(460e6)
    assert kyoto.assigned_amount(100e6, 92, years=8) == pytest.approx(736e6)


@given(
    base=st.floats(min_value=0, max_value=1e10),
    pct=st.floats(min_value=0, max_value=200),
    k=st.floats(min_value=0, max_value=1e3),
    other=st.floats(min_value=0, max_value=1e10),
)
def test_assigned_amount_is_linear(base, pct, k, other):
    one = kyoto.assigned_amount(base, pct)
    assert kyoto.assigned_amount(k * base, pct) == pytest.approx(k * one, rel=1e-9, abs=1e-6)
    both = kyoto.assigned_amount(base + other, pct)
    assert both == pytest.approx(one + kyoto.assigned_amount(other, pct), rel=1e-9, abs=1e-6)


# --------------------------------------------------------------------------- Art. 3.1
def test_aggregate_reduction_hand_example():
    # A: 100 at 92 %, B: 300 at 100 %  -> allowed 92 + 300 = 392 of 400 -> 2 % reduction
    parties = pd.DataFrame(
        {"party": ["A", "B"], "base_year_emissions": [100.0, 300.0], "commitment_pct": [92, 100]}
    )
    result = kyoto.aggregate_reduction(parties)
    assert result.reduction_pct == pytest.approx(2.0)
    assert result.allowed_total == pytest.approx(392.0)
    assert not result.meets_target  # Art. 3.1: at least 5 %


def test_aggregate_reduction_with_article25_weights():
    """What we compute: the 1990-CO2-weighted mean of (100 - Annex B %) over the 34 Parties
    of the Art. 25 table. This is 5.56 %, not the familiar 5.2 % (which weights by six-gas
    base-year emissions of all Annex B Parties)."""
    gg = kyoto.article25_shares()
    parties = pd.DataFrame({"party": gg.index, "base_year_emissions": gg.to_numpy()})
    result = kyoto.aggregate_reduction(parties)
    # independent derivation: sum of Gg x (100 - %) over the table, by plain iteration
    pct = kyoto.annex_b().set_index("party")["commitment_pct"]
    expected = sum(g * (100 - pct[p]) for p, g in gg.items()) / sum(gg)
    assert result.reduction_pct == pytest.approx(expected)
    assert 5.5 < result.reduction_pct < 5.6
    assert result.meets_target
    assert result.parties == 34


# --------------------------------------------------------------------------- Art. 4
def test_eu15_bubble_reproduces_official_amounts():
    members = kyoto.eu15_bubble_members()
    assert len(members) == 15
    by_party = members.set_index("party")["change_pct"]
    assert by_party.min() == by_party["Luxembourg"] == -28
    assert by_party.max() == by_party["Portugal"] == 27
    result = kyoto.bubble(members, joint_pct=kyoto.commitment_pct("European Community"))
    # each member: base x target x 5 equals its official assigned amount (to a few tonnes,
    # since base years in the table are derived from the official amounts)
    computed = result.table.set_index("party")["assigned_amount"]
    official = members.set_index("party")["assigned_amount_t"]
    assert (computed - official).abs().max() < 5
    # joint amount: sum of members' base years x 92 % x 5; the EC's official 19 621 381 509 t
    ec = kyoto.assigned_amounts().set_index("party").loc["European Community"]
    assert result.joint_assigned_amount == pytest.approx(ec["assigned_amount_t"], abs=5)
    # the agreement hands out ~19.36 Mt less than the joint amount (see facts note)
    assert result.unallocated == pytest.approx(19_357_532, abs=10)
    assert result.table["share"].sum() == pytest.approx(1.0)


def test_bubble_shortfall_hand_example():
    # group at 100 % joint: A base 100 target 80 (level 400), B base 100 target 120 (600)
    members = pd.DataFrame(
        {"party": ["A", "B"], "base_year_emissions": [100.0, 100.0], "target_pct": [80, 120]}
    )
    result = kyoto.bubble(members, joint_pct=100)
    assert result.joint_assigned_amount == pytest.approx(1000.0)
    # A emits 500 (100 over), B 550 (50 under): group 1050 > 1000, shortfall 50,
    # but Art. 4.5 makes A answer for its own 100, and B for nothing
    out = kyoto.bubble_shortfall(result, {"A": 500.0, "B": 550.0})
    assert not out.group_compliant
    assert out.group_shortfall == pytest.approx(50.0)
    table = out.table.set_index("party")
    assert table.loc["A", "liability"] == pytest.approx(100.0)
    assert table.loc["B", "liability"] == 0.0
    # if the group as a whole complies nobody is liable, though A is over its level
    ok = kyoto.bubble_shortfall(result, {"A": 450.0, "B": 500.0})
    assert ok.group_compliant and ok.table["liability"].sum() == 0.0


_member_rows = st.lists(
    st.tuples(st.floats(min_value=0, max_value=1e9), st.floats(min_value=50, max_value=150)),
    min_size=1,
    max_size=12,
)


@given(rows=_member_rows, joint=st.floats(min_value=50, max_value=150))
def test_bubble_shares_add_up(rows, joint):
    members = pd.DataFrame(
        {
            "party": [f"P{i}" for i in range(len(rows))],
            "base_year_emissions": [b for b, _ in rows],
            "target_pct": [t for _, t in rows],
        }
    )
    result = kyoto.bubble(members, joint_pct=joint)
    assert result.table["assigned_amount"].sum() == pytest.approx(
        result.allocated_total, rel=1e-12, abs=1e-6
    )
    assert result.table["share"].sum() == pytest.approx(1.0)
    assert result.joint_assigned_amount == pytest.approx(
        result.allocated_total + result.unallocated, rel=1e-12, abs=1e-6
    )
    # a uniform allocation (everyone at the joint %) shares out exactly the joint amount
    uniform = kyoto.bubble(members.drop(columns="target_pct"), joint_pct=joint)
    assert uniform.allocated_total == pytest.approx(
        uniform.joint_assigned_amount, rel=1e-12, abs=1e-6
    )


# --------------------------------------------------------------------------- Art. 25
def test_kyoto_entry_into_force_from_shipped_data():
    result = kyoto.kyoto_entry_into_force()
    assert result.met
    assert result.date == TS("2005-02-16")
    assert result.trigger_date == TS("2004-11-18")
    assert result.trigger_party == "Russian Federation"
    # Iceland's accession was the 55th instrument: the number condition was met first
    assert result.parties_met_date == TS("2002-05-23")
    # independent share: all Art. 25 Parties except those depositing after Russia
    later = ["United States of America", "Australia", "Monaco", "Liechtenstein"]
    gg = kyoto.article25_shares()
    assert result.share == pytest.approx(1 - gg[later].sum() / 13_728_306)
    assert result.share == pytest.approx(0.6179, abs=5e-5)


def test_published_percentages_give_the_reported_61_6():
    result = kyoto.kyoto_entry_into_force("published")
    assert result.date == TS("2005-02-16")
    # 99.8 - 36.1 (USA) - 2.1 (Australia) - 0.0 - 0.0 = 61.6
    assert result.share == pytest.approx(0.616)


def test_without_russia_kyoto_never_enters_into_force():
    inst = kyoto.instruments()
    inst = inst[inst["party"] != "Russian Federation"]
    result = kyoto.entry_into_force(inst, kyoto.article25_fractions())
    assert not result.met and result.date is None and result.trigger_party is None
    assert "not in force" in result.message
    assert result.share < 0.55


def _frame(rows):
    return pd.DataFrame(rows, columns=["party", "date"])


def test_synthetic_treaty_hand_computed():
    # 3 Parties and 50 %, 30 days. A 30 % (Jan 10), B none (Feb 1), C 15 % (Mar 1):
    # 3 Parties on Mar 1 but 45 %; D 10 % on Apr 15 -> 55 %: both met on 2000-04-15.
    # 30 days later: 15 days to Apr 30, 15 more -> 2000-05-15.
    inst = _frame(
        [("A", "2000-01-10"), ("B", "2000-02-01"), ("C", "2000-03-01"), ("D", "2000-04-15")]
    )
    shares = pd.Series({"A": 0.30, "C": 0.15, "D": 0.10, "E": 0.45})
    result = kyoto.entry_into_force(inst, shares, min_parties=3, min_share=0.5, delay_days=30)
    assert result.trigger_date == TS("2000-04-15")
    assert result.trigger_party == "D"
    assert result.date == TS("2000-05-15")
    assert result.parties == 4 and result.share == pytest.approx(0.55)
    assert result.parties_met_date == TS("2000-03-01")
    # the same in percent
    pct = kyoto.entry_into_force(inst, shares * 100, 3, 0.5, 30, share_unit="percent")
    assert pct.date == result.date


def test_count_condition_met_last():
    # a big emitter goes first; the treaty waits for the 4th Party (no share)
    inst = _frame(
        [
            ("Big", dt.date(2010, 1, 1)),
            ("x", dt.date(2010, 6, 1)),
            ("y", dt.date(2011, 1, 1)),
            ("z", dt.date(2011, 12, 31)),
        ]
    )
    result = kyoto.entry_into_force(inst, pd.Series({"Big": 0.9}), 4, 0.55, 90)
    assert result.share_met_date == TS("2010-01-01")
    assert result.trigger_party == "z"
    # 2011-12-31 + 90 days: Jan 31 + Feb 29 (2012) + 30 -> 2012-03-30
    assert result.date == TS("2012-03-30")


def test_regional_organisation_counts_once_without_share():
    # the EU's instrument adds one Party but none of its (double-counted) share
    inst = _frame([("France", "2016-10-05"), ("European Union", "2016-10-05")])
    shares = pd.Series({"France": 0.30, "Germany": 0.30, "European Union": 0.60})
    result = kyoto.entry_into_force(inst, shares, 2, 0.3, 30)
    assert result.parties == 2
    assert result.share == pytest.approx(0.30)
    assert result.trigger_party == "France"
    assert set(result.trigger_parties) == {"France", "European Union"}


_PARIS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "reference"
    / ("openclimatedata-paris-agreement-entry-into-force/paris-agreement-entry-into-force.csv")
)


@pytest.mark.skipif(not _PARIS.is_file(), reason="shared reference data not available")
def test_paris_agreement_2016_11_04():
    paris = pd.read_csv(_PARIS)
    # the file holds current instruments; the US first accepted on 2016-09-03
    paris.loc[paris["Code"] == "USA", "Ratification"] = "2016-09-03"
    paris = paris.dropna(subset=["Ratification"])
    inst = pd.DataFrame({"party": paris["Name"], "date": paris["Ratification"]})
    # Art. 21 total 37 168 339 Gg CO2e (the EU row double-counts its members)
    listed = paris.dropna(subset=["Emissions"])  # Parties absent from the Art. 21 table
    shares = pd.Series(listed["Emissions"].to_numpy() / 37_168_339, index=listed["Name"])
    result = kyoto.entry_into_force(inst, shares, 55, 0.55, 30)
    assert result.trigger_date == TS("2016-10-05")
    assert result.date == TS("2016-11-04")


def test_ratification_progress_columns_and_monotone():
    progress = kyoto.ratification_progress(kyoto.instruments(), kyoto.article25_fractions())
    assert list(progress.columns) == ["date", "party", "party_share", "parties", "share"]
    assert len(progress) == 193
    assert progress["date"].is_monotonic_increasing
    assert progress["parties"].tolist() == list(range(1, 194))
    assert progress["share"].is_monotonic_increasing
    # everything but the United States (36.1 %) eventually ratified
    gg = kyoto.article25_shares()
    assert progress["share"].iloc[-1] == pytest.approx(
        1 - gg["United States of America"] / 13_728_306
    )


def test_entry_into_force_for_late_parties():
    treaty = kyoto.kyoto_entry_into_force()
    # Art. 25.1: bound from the treaty's own date if deposited by the trigger date
    assert kyoto.entry_into_force_for_party("2002-05-31", treaty) == TS("2005-02-16")
    assert kyoto.entry_into_force_for_party("2004-11-18", treaty) == TS("2005-02-16")
    # Art. 25.3: 90 days after deposit. Liechtenstein 2004-12-03: 28 (Dec) + 31 (Jan)
    # + 28 (Feb) + 3 = 90 -> 2005-03-03, after the Protocol itself
    assert kyoto.entry_into_force_for_party("2004-12-03", treaty) == TS("2005-03-03")
    # Australia 2007-12-12: 19 + 31 + 29 (leap year) + 11 = 90 -> 2008-03-11
    assert kyoto.entry_into_force_for_party(dt.date(2007, 12, 12), treaty) == TS("2008-03-11")


# --------------------------------------------------------------------------- Art. 27
def test_canada_withdrawal():
    w = kyoto.withdrawal("2005-02-16", notice_date="2011-12-15")
    assert w.earliest_notice == TS("2008-02-16")
    assert w.earliest_effective == TS("2009-02-16")
    assert w.effective_date == TS("2012-12-15")
    canada = kyoto.instruments().set_index("party").loc["Canada"]
    assert w.notice_date == canada["withdrawal_notice"]
    assert w.effective_date == canada["withdrawal_effective"]


def test_withdrawal_later_date_in_notice_and_no_notice():
    w = kyoto.withdrawal("2005-02-16", "2011-12-15", effective_after="2013-06-30")
    assert w.effective_date == TS("2013-06-30")
    none = kyoto.withdrawal("2005-02-16")
    assert none.notice_date is None and none.effective_date is None


# --------------------------------------------------------------------------- bad input
_OK_INST = _frame([("A", "2000-01-01"), ("B", "2000-01-02")])
_OK_SHARES = pd.Series({"A": 0.6})


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: kyoto.commitment_pct("Atlantis"), ValueError, "unknown party='Atlantis'"),
        (
            lambda: kyoto.aggregate_reduction(
                pd.DataFrame({"party": ["Atlantis"], "base_year_emissions": [1.0]})
            ),
            ValueError,
            "Atlantis",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, pd.Series({"A": 1.2})),
            ValueError,
            r"above 100 %.*share_unit='percent'",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, pd.Series({"A": 120.0}), share_unit="percent"),
            ValueError,
            "above 100 %",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, pd.Series({"A": -0.1})),
            ValueError,
            r"shares\['A'\] must be >= 0",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, pd.Series({"A": 0.7, "B": 0.6})),
            ValueError,
            "add up to 130",
        ),
        (
            lambda: kyoto.entry_into_force(
                _frame([("A", "2000-01-01"), ("A", "2001-01-01")]), _OK_SHARES
            ),
            ValueError,
            "duplicate deposit for party='A'",
        ),
        (
            lambda: kyoto.entry_into_force(_frame([("A", "2000-13-01")]), _OK_SHARES),
            ValueError,
            r"row 0 date \(A\) must be an ISO date",
        ),
        (
            lambda: kyoto.entry_into_force(_frame([("A", 20000101)]), _OK_SHARES),
            TypeError,
            "must be a date",
        ),
        (
            lambda: kyoto.entry_into_force(_frame([("A", None)]), _OK_SHARES),
            TypeError,
            "must be a date",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, _OK_SHARES, min_parties=0),
            ValueError,
            "min_parties",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, _OK_SHARES, min_parties=2.5),
            TypeError,
            "min_parties",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, _OK_SHARES, min_share=55),
            ValueError,
            "did you mean 0.55",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, _OK_SHARES, min_share=0),
            ValueError,
            "min_share",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, _OK_SHARES, min_share=250),
            ValueError,
            "min_share",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, _OK_SHARES, delay_days=-1),
            ValueError,
            "delay_days",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, _OK_SHARES, share_unit="ppm"),
            ValueError,
            "share_unit",
        ),
        (
            lambda: kyoto.entry_into_force(_OK_INST, [0.6]),
            TypeError,
            "shares must be a pandas Series",
        ),
        (
            lambda: kyoto.entry_into_force(pd.DataFrame({"party": ["A"]}), _OK_SHARES),
            ValueError,
            "missing column",
        ),
        (lambda: kyoto.assigned_amount(-1, 92), ValueError, "base_year_emissions"),
        (lambda: kyoto.assigned_amount(1, 92, years=0), ValueError, "years"),
        (lambda: kyoto.assigned_amount(1, "92"), TypeError, "commitment_pct"),
        (lambda: kyoto.withdrawal("2005-02-16", "2007-01-01"), ValueError, "Art. 27.1"),
        (
            lambda: kyoto.withdrawal("2005-02-16", "2011-12-15", "2012-06-01"),
            ValueError,
            "Art. 27.2",
        ),
        (lambda: kyoto.withdrawal("16/02/2005"), ValueError, "entry_into_force_for_party"),
        (lambda: kyoto.article25_fractions("rounded"), ValueError, "basis"),
    ],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_bubble_shortfall_unknown_and_missing_member():
    result = kyoto.bubble(
        pd.DataFrame({"party": ["A", "B"], "base_year_emissions": [1.0, 1.0]}), 100
    )
    with pytest.raises(ValueError, match="unknown party='Z'"):
        kyoto.bubble_shortfall(result, {"A": 1.0, "B": 1.0, "Z": 1.0})
    with pytest.raises(ValueError, match="member party='B'"):
        kyoto.bubble_shortfall(result, {"A": 1.0})


# --------------------------------------------------------------------------- properties
_DAY0 = dt.date(2000, 1, 1)


@st.composite
def _treaties(draw):
    """A treaty: n Parties with distinct deposit days and shares adding up to <= 1."""
    n = draw(st.integers(min_value=2, max_value=25))
    days = draw(st.lists(st.integers(0, 3000), min_size=n, max_size=n, unique=True))
    weights = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    total = max(sum(weights), 1)
    parties = [f"P{i}" for i in range(n)]
    shares = pd.Series({p: w / total for p, w in zip(parties, weights, strict=True)})
    inst = _frame([(p, _DAY0 + dt.timedelta(days=d)) for p, d in zip(parties, days, strict=True)])
    min_parties = draw(st.integers(1, n))
    min_share = draw(st.sampled_from([0.1, 0.3, 0.5, 0.55, 0.8, 1.0]))
    return inst, shares, min_parties, min_share


@settings(max_examples=150, deadline=None)
@given(treaty=_treaties(), extra_day=st.integers(0, 3000))
def test_adding_a_ratification_never_delays(treaty, extra_day):
    inst, shares, n, s = treaty
    # hold one Party back, then let it deposit on any day
    held = inst["party"].iloc[-1]
    before = kyoto.entry_into_force(inst.iloc[:-1], shares, n, s, 90)
    added = inst.iloc[:-1].copy()
    added.loc[len(added)] = (held, _DAY0 + dt.timedelta(days=extra_day))
    after = kyoto.entry_into_force(added, shares, n, s, 90)
    if before.met:
        assert after.met and after.date <= before.date


@settings(max_examples=150, deadline=None)
@given(treaty=_treaties())
def test_removing_the_pivotal_party_delays_or_prevents(treaty):
    inst, shares, n, s = treaty
    result = kyoto.entry_into_force(inst, shares, n, s, 90)
    assume(result.met)
    without = inst[inst["party"] != result.trigger_party]
    assume(len(without) > 0)
    later = kyoto.entry_into_force(without, shares, n, s, 90)
    # deposit days are distinct, so the trigger day loses its only deposit
    assert (not later.met) or later.date > result.date


@settings(max_examples=100, deadline=None)
@given(treaty=_treaties(), bump=st.sampled_from([0.05, 0.1, 0.2]))
def test_stricter_threshold_never_earlier(treaty, bump):
    inst, shares, n, s = treaty
    easy = kyoto.entry_into_force(inst, shares, n, s - 0.05 if s > 0.05 else s, 90)
    hard = kyoto.entry_into_force(inst, shares, n, min(1.0, s + bump), 90)
    if hard.met:
        assert easy.met and easy.date <= hard.date
