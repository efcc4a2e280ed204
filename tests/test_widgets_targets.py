"""Part 4 explorers and charts: the browser's peak path equals targets.peak_scenario."""

from __future__ import annotations

import types

import numpy as np
import pytest
from conftest import scene_texts, spec_params, walk

from climatelab import charts, targets, widgets

CASES = [
    {},  # the explorer's defaults
    {"gdp_growth_pct": 8.0, "decline_change_pct": 0.5},
    {"gdp_growth_pct": 6.0, "gdp_growth_change_pct": 0.3, "intensity_decline_pct": 2.0},
    {"gdp_growth_pct": 0.0, "intensity_decline_pct": 0.0},  # flat: the peak is the start year
    {"gdp_growth_pct": 2.0, "gdp_growth_change_pct": -0.5, "intensity_decline_pct": 8.0},
]


def _path_transforms(spec: dict) -> list[dict]:
    """The transform list of the layer that draws the path (the one with the window sum)."""
    for node in walk(spec):
        transforms = node.get("transform", [])
        if any("window" in t for t in transforms) and not any(
            "joinaggregate" in t for t in transforms
        ):
            return transforms
    raise AssertionError("no path layer with a window transform")


def _evaluate(spec: dict, years: np.ndarray) -> dict[str, np.ndarray]:
    """Run the spec's own calculate/window transforms over numpy arrays (Vega expr = Python)."""
    env = {"log": np.log, "exp": np.exp}
    env.update({name: p["value"] for name, p in spec_params(spec).items()})
    datum = types.SimpleNamespace(year=years.astype(float))
    for t in _path_transforms(spec):
        if "calculate" in t:
            setattr(datum, t["as"], eval(t["calculate"], env, {"datum": datum}))  # noqa: S307
        elif "window" in t:
            assert t["frame"] == [None, 0] and t["sort"] == [{"field": "year"}]
            for op in t["window"]:
                assert op["op"] == "sum"
                setattr(datum, op["as"], np.cumsum(getattr(datum, op["field"])))
        else:
            raise AssertionError(f"unexpected transform {t}")
    return vars(datum)


def test_static_peak_chart_has_bound_sliders_and_the_closed_form_transforms():
    spec = widgets.peak_static_chart().to_dict()
    params = spec_params(spec)
    for name, (_, lo, hi, step) in charts.PEAK_PARAMS.items():
        assert params[name]["bind"] == {
            "input": "range",
            "min": lo,
            "max": hi,
            "step": step,
            "name": charts.PEAK_PARAMS[name][0],
        }
        assert params[name]["value"] == targets.PEAK_DEFAULTS[name]
    # the first slider (the one the browser test moves) is GDP growth
    assert next(iter(charts.PEAK_PARAMS)) == "gdp_growth_pct"
    transforms = _path_transforms(spec)
    calcs = [t["as"] for t in transforms if "calculate" in t]
    assert calcs[:5] == ["k", "g_k", "d_k", "log_step", "log_step_intensity"]
    window = next(t for t in transforms if "window" in t)
    assert window["frame"] == [None, 0]
    assert {op["as"] for op in window["window"]} == {"cum_log", "cum_log_intensity"}
    assert (
        "exp(datum.cum_log)"
        in next(t for t in transforms if t.get("as") == "emissions_gt")["calculate"]
    )
    seqs = [n["sequence"] for n in walk(spec) if "sequence" in n]
    assert seqs and all(s == {"start": 2020, "stop": 2036, "as": "year"} for s in seqs)
    assert spec["description"]


@pytest.mark.parametrize("values", CASES, ids=lambda v: ",".join(f"{k}={x}" for k, x in v.items()))
def test_vega_lite_path_equals_peak_scenario(values):
    spec = widgets.peak_static_chart(**values).to_dict()
    scenario = targets.peak_model(**{**targets.PEAK_DEFAULTS, **values})
    got = _evaluate(spec, scenario.path["year"].to_numpy())
    np.testing.assert_allclose(got["emissions_gt"], scenario.path["emissions"], rtol=1e-12)
    np.testing.assert_allclose(got["intensity_index"], scenario.path["intensity_index"], rtol=1e-12)


@pytest.mark.parametrize("values", CASES, ids=lambda v: ",".join(f"{k}={x}" for k, x in v.items()))
def test_browser_computes_the_same_peak_and_checks(values):
    """Compile and run the spec in Vega (vl-convert) and read the text marks it draws."""
    vlc = pytest.importorskip("vl_convert")
    static = scene_texts(vlc.vegalite_to_scenegraph(widgets.peak_static_chart(**values).to_dict()))
    inputs = {**targets.PEAK_DEFAULTS, **values}
    live = scene_texts(vlc.vegalite_to_scenegraph(widgets.peak_view(**inputs).to_dict()))
    scenario = targets.peak_model(**inputs)
    label = f"Peak {scenario.peak_year}"
    assert label in static and label in live
    status = [t for t in static if t.startswith(("Peak:", "CO₂ intensity in 2030"))]
    assert len(status) == 2
    assert status == [t for t in live if t.startswith(("Peak:", "CO₂ intensity in 2030"))]
    assert f"{scenario.peak_emissions:.2f} Gt" in status[0]
    assert f"{100 * scenario.intensity_reduction_2030_vs_2005:.1f} % below 2005" in status[1]


def test_default_scenario():
    s = targets.peak_model()
    assert s.start_emissions == pytest.approx(10.905693)
    assert (s.peak_year, s.peaks_by_2030, s.meets_2030_intensity_target) == (2025, True, True)


def test_live_peak_view_has_no_bound_inputs():
    spec = widgets.peak_view(gdp_growth_pct=6.0).to_dict()
    assert all("bind" not in p for p in spec_params(spec).values())
    assert not [n for n in walk(spec) if "sequence" in n]


def test_peak_inputs_are_checked():
    with pytest.raises(ValueError, match="gdp_growth_pct=9"):
        widgets.peak_static_chart(gdp_growth_pct=9.0)
    with pytest.raises(ValueError, match="year=1900"):
        targets.china_start_emissions_gt(1900)
    with pytest.raises(ValueError, match="end_year"):
        charts.peak_chart(10.0, start_year=2020, end_year=2020)
    with pytest.raises(ValueError, match="start_emissions_gt"):
        charts.peak_chart(0.0)


def test_peak_explorer_shows_the_static_chart_in_a_build():
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()
    assert widgets.peak_explorer() is None


def test_peak_view_is_fast():
    import timeit

    times = timeit.repeat(lambda: widgets.peak_view().to_dict(), number=1, repeat=20)
    assert float(np.median(times)) < 0.5
    assert targets.PEAK_PATH_FORMULA  # the formula the recipe implements


# --- intensity is not emissions ------------------------------------------------------------


def test_static_intensity_chart_has_bound_sliders():
    spec = charts.intensity_chart(targets.china_emissions_gt()).to_dict()
    params = spec_params(spec)
    assert params["gdp_growth_pct"]["bind"]["input"] == "range"
    assert params["target_pct"]["bind"]["input"] == "range"
    assert spec["description"]
    live = widgets.intensity_view(gdp_growth_pct=3.0).to_dict()
    assert all("bind" not in p for p in spec_params(live).values())
    assert spec_params(live)["gdp_growth_pct"]["value"] == 3.0


@pytest.mark.parametrize(("growth", "target"), [(5.0, 65), (3.0, 70), (8.0, 60)])
def test_intensity_chart_arithmetic_matches_targets(growth, target):
    vlc = pytest.importorskip("vl_convert")
    spec = widgets.intensity_view(gdp_growth_pct=growth, target_pct=target).to_dict()
    texts = scene_texts(vlc.vegalite_to_scenegraph(spec))
    rebased = targets.rebase_reduction(target / 100, targets.CO2_INTENSITY_2020_VS_2005_REPORTED)
    change = (1 + growth / 100) ** 10 * (1 - rebased) - 1
    breakeven = 1 / (1 - targets.required_annual_decline(rebased, 10)) - 1
    expected = f"CO₂ emissions {change:+.1%}".replace("-", "−")  # d3-format's minus sign
    assert any(expected in t for t in texts), texts
    assert any(f"less than {100 * breakeven:.2f} % a year" in t for t in texts), texts


def test_intensity_inputs_are_checked():
    with pytest.raises(ValueError, match="target_pct=90"):
        widgets.intensity_view(target_pct=90)
    with pytest.raises(ValueError, match="gdp_growth_pct=-1"):
        widgets.intensity_view(gdp_growth_pct=-1)


# --- what the plan promises ----------------------------------------------------------------


def test_plan_chart_has_a_year_menu_and_every_action():
    spec = widgets.plan_chart().to_dict()
    menu = spec_params(spec)["target_year"]["bind"]
    assert menu["input"] == "select" and menu["options"][-1] == "no year"
    assert len(widgets.PLAN_ACTIONS) == 11
    domains = [n["domain"] for n in walk(spec) if "domain" in n and len(n["domain"]) == 11]
    assert domains, "every action (0-10) is on the axis"


def test_plan_table_puts_chinese_beside_english():
    table = widgets.plan_table(1)
    assert list(table.columns) == ["action", "paragraph", "中文", "English", "target year"]
    row = table[table["中文"].str.contains("12亿千瓦")].iloc[0]
    assert "1.2 billion kW" in row["English"] and row["target year"] == "2030"
    assert len(widgets.plan_table()) == len(targets.action_plan_targets())


# --- progress so far -----------------------------------------------------------------------


def test_progress_vs_plan_wind_and_solar_six_years_early():
    progress = targets.progress_vs_plan()
    first_met = progress[(progress["indicator"] == "wind_solar_capacity") & progress["met"]].iloc[0]
    assert (first_met["period"], first_met["value"], first_met["target_value"]) == (
        "2024-07",
        1206.0,
        1200.0,
    )
    assert first_met["target_year"] - first_met["year"] == 6
    assert set(progress["indicator"]) == set(targets.PROGRESS_TARGETS)


def test_progress_and_kaya_charts_have_menus():
    for chart, name in ((widgets.progress_chart(), "indicator"), (widgets.kaya_chart(), "period")):
        spec = chart.to_dict()
        assert spec_params(spec)[name]["bind"]["input"] == "select"
        assert spec["description"]


def test_kaya_periods_add_up():
    table = targets.kaya_periods()
    sums = table.groupby("period")["contribution_mt"].sum()
    totals = table.groupby("period")["total_change_mt"].first()
    np.testing.assert_allclose(sums, totals, rtol=1e-9)
    assert list(dict.fromkeys(table["period"])) == [
        "1990–2000",
        "2000–2010",
        "2010–2016",
        "2005–2016",
    ]
