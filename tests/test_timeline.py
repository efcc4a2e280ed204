"""climatelab.timeline: COP sessions and milestones."""

from __future__ import annotations

import pandas as pd
import pytest

from climatelab import timeline


def test_cops_cover_cop1_to_cop31_with_the_resumed_cop6():
    table = timeline.cops()
    numbers = sorted(set(table["number"]))
    assert numbers == list(range(1, 32))
    assert table["resumed"].sum() == 1
    assert len(table) == 32
    assert table["start"].is_monotonic_increasing
    for col in ("start", "end", "scheduled_end"):
        assert table[col].dtype == "datetime64[ns]"


def test_every_held_session_ends_on_or_after_it_starts():
    table = timeline.cops().dropna(subset=["end"])
    assert (table["end"] >= table["start"]).all()
    assert (table["end"] >= table["scheduled_end"]).all()


def test_cop3_met_in_kyoto_not_tokyo():
    cop3 = timeline.cop(3)
    assert (cop3.city, cop3.country) == ("Kyoto", "Japan")
    assert cop3.start == pd.Timestamp("1997-12-01")
    assert cop3.end == pd.Timestamp("1997-12-11")
    assert cop3.days == 11
    assert cop3.overrun_days == 1


def test_first_and_recent_cops():
    assert timeline.cop(1).city == "Berlin"
    assert timeline.cop(21).city == "Paris"
    assert timeline.cop(30).city == "Belém"
    assert timeline.cop(6, resumed=True).city == "Bonn"


def test_overrun_matches_dates():
    table = timeline.cops()
    over = timeline.overrun_days(table)
    cop25 = table.set_index("session").loc["COP25"]
    assert over["COP25"] == (cop25["end"] - cop25["scheduled_end"]).days
    assert over["COP25"] >= 2  # Madrid 2019 closed two days late


@pytest.mark.parametrize("bad", [0, 32, 99, -1])
def test_unknown_cop_number_is_a_clear_error(bad):
    with pytest.raises(ValueError, match=f"n={bad}"):
        timeline.cop(bad)


@pytest.mark.parametrize("bad", ["3", 3.0, None, True])
def test_non_int_cop_number_is_a_type_error(bad):
    with pytest.raises(TypeError, match="n must be an int"):
        timeline.cop(bad)


def test_milestones_sorted_and_categorised():
    ms = timeline.milestones()
    assert ms["date"].is_monotonic_increasing
    assert set(ms["category"]) <= set(timeline.CATEGORIES)
    by_id = ms.set_index("id")["date"]
    assert by_id["kyoto-adopted"] == pd.Timestamp("1997-12-11")
    assert by_id["kyoto-eif"] == pd.Timestamp("2005-02-16")
    assert by_id["unfccc-eif"] == pd.Timestamp("1994-03-21")
    assert by_id["paris-eif"] == pd.Timestamp("2016-11-04")
    assert by_id["stockholm-declaration"] == pd.Timestamp("1972-06-16")


def test_milestones_filter_and_bad_category():
    science = timeline.milestones("science")
    assert len(science) > 0 and set(science["category"]) == {"science"}
    with pytest.raises(ValueError, match="category='politics'"):
        timeline.milestones("politics")


def test_events_merge_milestones_and_cops():
    ev = timeline.events()
    assert len(ev) == len(timeline.milestones()) + len(timeline.cops())
    assert ev["date"].is_monotonic_increasing
    assert ev["title_en"].str.contains("COP3, Kyoto").any()
