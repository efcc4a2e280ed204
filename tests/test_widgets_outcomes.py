"""Part 5 (outcomes) charts, explorer, evidence cards and treaty waits: static and live, speed."""

from __future__ import annotations

import statistics
import time

import pandas as pd
import pytest
from conftest import scene_texts, spec_params

from climatelab import charts, outcomes, widgets

G = widgets.OUTCOME_GROUPS
US = "United States of America"


def _label(result: outcomes.GroupOutcome) -> str:
    # the chart's label, as Vega formats it (typographic minus sign)
    text = f"{result.change_pct:+.1f} % (target {result.target_pct:+.1f} %)"
    return text.replace("-", "−")


@pytest.fixture(scope="module")
def table():
    return outcomes.target_vs_outcome()


# --- model ----------------------------------------------------------------------------------


def test_groups_match_the_static_menu():
    assert G == tuple(charts.OUTCOME_GROUPS)
    assert G[-1] == "Economies in transition only"  # the option the browser test picks


@pytest.mark.parametrize(
    ("group", "parties", "change_pct"),
    [(G[0], 37, -7.27), (G[1], 35, -17.86), (G[2], 24, 4.99), (G[3], 13, -37.26)],
)
def test_outcomes_model_groups(group, parties, change_pct):
    table, result = widgets.outcomes_model(group=group)
    assert len(table) == parties == len(result.parties)
    assert result.change_pct == pytest.approx(change_pct, abs=0.01)


def test_outcomes_model_matches_eit_split(table):
    split = outcomes.eit_split().set_index("part")
    _, rest = widgets.outcomes_model(group=G[2])
    _, eit = widgets.outcomes_model(group=G[3])
    assert rest.change_mt == pytest.approx(split.loc["Other Annex B", "change_mt"])
    assert eit.change_mt == pytest.approx(split.loc["Economies in transition", "change_mt"])


def test_outcomes_model_parties_period_and_targets():
    table, result = widgets.outcomes_model(("Germany", "Spain", "Russian Federation"), G[2])
    assert list(table["party"]) == ["Germany", "Spain"]
    bs, _ = widgets.outcomes_model(("Germany",), target="EU burden sharing (Art. 4 bubble)")
    assert bs["target_pct"].iloc[0] == pytest.approx(-21.0)
    later, _ = widgets.outcomes_model(period=(2013, 2020))
    assert not later["period_co2_mt"].equals(table["period_co2_mt"])
    with pytest.raises(ValueError, match="Atlantis"):
        widgets.outcomes_model(("Atlantis",))
    with pytest.raises(ValueError, match="keeps none"):
        widgets.outcomes_model(("Germany",), G[3])
    with pytest.raises(ValueError, match="group="):
        widgets.outcomes_model(group="OECD")
    with pytest.raises(TypeError, match="string"):
        widgets.outcomes_model("Germany")
    with pytest.raises(ValueError, match="empty"):
        widgets.outcomes_model(())


def test_cached_table_is_not_mutated_by_the_model():
    before = widgets._outcome_table((2008, 2012), "annex_b").copy()
    widgets.outcomes_model(("Spain", "Germany"), G[2])
    pd.testing.assert_frame_equal(widgets._outcome_table((2008, 2012), "annex_b"), before)


# --- charts ---------------------------------------------------------------------------------


def test_static_outcomes_chart_binds_a_group_menu(table):
    spec = charts.outcomes_chart(table).to_dict()
    params = spec_params(spec)
    assert params["group_choice"]["bind"]["input"] == "select"
    assert params["group_choice"]["bind"]["options"] == list(G)
    text = str(spec)
    assert "joinaggregate" in text and "flatten" in text
    assert len(spec["layer"]) == 3, "keep the chart to few layers"


def test_live_outcomes_view_has_no_bound_inputs():
    spec = widgets.outcomes_view(group=G[3]).to_dict()
    assert all("bind" not in p for p in spec_params(spec).values())
    _, result = widgets.outcomes_model(group=G[3])
    assert widgets.outcomes_status_text(result, (2008, 2012)) in str(spec)


@pytest.mark.parametrize("group", G)
def test_browser_group_total_equals_group_outcome(table, group):
    """Vega-Lite's total for each menu choice is the Python group_outcome."""
    vlc = pytest.importorskip("vl_convert")
    spec = charts.outcomes_chart(table).to_dict()
    spec["params"][0]["value"] = group
    texts = scene_texts(vlc.vegalite_to_scenegraph(spec))
    _, result = widgets.outcomes_model(group=group)
    assert _label(result) in texts
    assert f"Group total ({len(result.parties)} Parties)" in texts
    live = scene_texts(vlc.vegalite_to_scenegraph(widgets.outcomes_view(group=group).to_dict()))
    assert _label(result) in live


def test_trade_chart_static_and_live():
    series = outcomes.consumption_co2()
    params = spec_params(charts.trade_chart(series, entity="China").to_dict())
    assert params["trade_entity"]["bind"]["input"] == "select"
    assert params["trade_entity"]["value"] == "China"
    live = widgets.trade_view("China").to_dict()
    assert all("bind" not in p for p in spec_params(live).values())
    with pytest.raises(ValueError, match="Atlantis"):
        widgets.trade_view("Atlantis")
    with pytest.raises(ValueError, match="Atlantis"):
        charts.trade_chart(series, entity="Atlantis")


def test_charts_carry_title_source_and_description(table):
    for chart in (
        charts.outcomes_chart(table),
        widgets.outcomes_view(),
        charts.trade_chart(outcomes.consumption_co2()),
        charts.waits_chart(outcomes.treaty_waits()),
    ):
        spec = chart.to_dict()
        assert spec["title"]["text"]
        assert "Source" in spec["title"]["subtitle"][-1]
        assert len(spec["description"]) > 40


def test_outcomes_view_is_fast():
    widgets.outcomes_view().to_dict()
    times = []
    for group in G * 5:
        t = time.perf_counter()
        widgets.outcomes_view(group=group).to_dict(validate=False)
        times.append(time.perf_counter() - t)
    assert 1000 * statistics.median(times) < 150


# --- treaty waits and evidence cards -------------------------------------------------------


def test_treaty_waits_are_computed_and_match_the_record():
    waits = outcomes.treaty_waits().set_index("instrument")
    assert (waits["entry_into_force"] == waits["recorded_entry_into_force"]).all()
    assert waits.loc["Paris Agreement", "entry_into_force"] == pd.Timestamp("2016-11-04")
    assert waits.loc["Paris Agreement", "wait_days"] == 328
    assert waits.loc["Kyoto Protocol", "wait_days"] == 2624
    assert waits.loc["Kyoto Protocol", "wait_years"] > 7
    assert waits.loc["Doha Amendment", "entry_into_force"] == pd.Timestamp("2020-12-31")


def test_evidence_cards_come_from_the_library():
    cards = outcomes.evidence_cards().set_index("card")
    assert set(cards["side"]) <= set(outcomes.EVIDENCE_SIDES)
    assert {"supports the verdict", "challenges the verdict"} <= set(cards["side"])
    assert cards["value"].notna().all()
    from climatelab import emissions

    assert cards.loc["world_2019", "value"] == pytest.approx(emissions.ratio(1990, 2019))
    whole = outcomes.group_outcome(outcomes.target_vs_outcome())
    assert cards.loc["annex_b_cp1", "value"] == pytest.approx(whole.change_pct)
    split = outcomes.eit_split().set_index("part")
    assert cards.loc["eit_contribution", "value"] == pytest.approx(
        split.loc["Economies in transition", "contribution_pp"]
    )
    trade = outcomes.carbon_in_trade(["KP_ANNEX_B"]).iloc[0]
    assert cards.loc["trade_annex_b", "value"] == pytest.approx(trade["transfer_mtco2"])
    # every card states its own number
    for cid, row in cards.iterrows():
        assert row["statement"].endswith("."), cid
        assert any(ch.isdigit() for ch in row["statement"]), cid
