"""Explorers and charts: static and live versions, and valid Vega-Lite specifications."""

from __future__ import annotations

import pytest
from conftest import scene_texts, spec_params

from climatelab import charts, emissions, targets, timeline, widgets


def test_static_mode_is_on_under_tests():
    assert charts.is_static()
    assert charts.use_renderer() == "html"


def test_html_renderer_never_points_at_a_cdn():
    import altair as alt

    charts.use_renderer()
    chart = widgets.timeline_view(timeline.events())
    html = alt.renderers.get()(chart.to_dict())["text/html"]
    assert "cdn.jsdelivr" not in html and "unpkg" not in html
    assert "vegaEmbed" in html


def test_live_mode_picks_the_offline_jupyter_renderer(monkeypatch):
    pytest.importorskip("anywidget")
    import altair as alt

    monkeypatch.setenv("CLIMATELAB_STATIC", "0")
    try:
        assert charts.use_renderer() == "jupyter"
        assert alt.renderers.active == "jupyter"
        assert alt.renderers.options.get("offline") is True
    finally:
        monkeypatch.setenv("CLIMATELAB_STATIC", "1")
        charts.use_renderer()


def test_static_timeline_has_bound_controls():
    spec = charts.timeline_chart(timeline.events()).to_dict()
    params = spec_params(spec)
    assert params["category"]["bind"]["input"] == "select"
    assert params["from_year"]["bind"]["input"] == "range"
    assert spec["description"]


def test_live_views_have_no_bound_inputs_and_filter_in_python():
    events = timeline.events()
    spec = widgets.timeline_view(events, category="treaty", years=(1990, 2000)).to_dict()
    assert all("bind" not in p for p in spec_params(spec).values())
    rows = next(iter(spec["datasets"].values()))
    assert rows and all(r["category"] == "treaty" and 1990 <= r["year"] <= 2000 for r in rows)


def test_emissions_view_index_and_codes():
    spec = widgets.emissions_view(("CHN", "USA"), start=2000, index=True).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["entity"] for r in rows} == {"China", "United States of America"}
    assert min(r["year"] for r in rows) == 2000
    assert spec_params(spec)["view"]["value"].startswith("index")


def test_bad_explorer_inputs():
    with pytest.raises(ValueError, match="category='x'"):
        widgets.timeline_view(timeline.events(), category="x")
    with pytest.raises(ValueError, match="years="):
        widgets.timeline_view(timeline.events(), years=(2000, 1990))
    with pytest.raises(ValueError, match="unknown code"):
        widgets.emissions_view(("ZZZ",))


def test_explorer_shows_static_chart_and_hint_in_a_build(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()
    assert widgets.timeline_explorer() is None  # displayed, not returned


def test_markers_come_from_the_milestones():
    markers = widgets.emissions_markers()
    assert dict(zip(markers["label"], markers["year"], strict=True))["Kyoto in force"] == 2005
    assert emissions.WORLD == "OWID_WRL"


def test_live_explorers_update_one_chart_widget(live):
    """In a kernel a move updates the one chart widget: parameters (emissions), spec (timeline)."""
    box = widgets.emissions_explorer()
    controls, chart_widget, _text = box.children
    codes, start, index = controls.children
    start.value = 2005
    codes.value = ("CHN", "USA")
    index.value = True
    assert chart_widget.params.start == 2005
    assert chart_widget.params.codes == ["CHN", "USA"]
    assert chart_widget.params.view.startswith("index")
    assert all("bind" not in p for p in chart_widget.spec["params"])

    timeline_box = widgets.timeline_explorer()
    category = timeline_box.children[0].children[0]
    category.value = "treaty"
    rows = next(iter(timeline_box.children[1].spec["datasets"].values()))  # the chart
    assert rows and {r["category"] for r in rows} == {"treaty"}


def test_param_explorers_set_chart_parameters_and_python_readout(live):
    """Live peak explorer: a slider sets the chart's parameter; the readout is the model's."""
    box = widgets.peak_explorer()
    controls, chart_widget, text = box.children
    assert all("bind" not in p for p in chart_widget.spec["params"])
    growth = controls.children[0]
    growth.value = 3.0
    assert chart_widget.params.gdp_growth_pct == 3.0
    values = {
        c_name: c.value
        for c_name, c in zip(
            [
                "gdp_growth_pct",
                "gdp_growth_change_pct",
                "intensity_decline_pct",
                "decline_change_pct",
            ],
            controls.children,
            strict=True,
        )
    }
    scenario = targets.peak_model(**values)
    assert f"{scenario.peak_year}" in text.value or "still rising" in text.value


def test_static_emissions_chart_draws_only_the_picked_entities():
    vlc = pytest.importorskip("vl_convert")
    table = emissions.fossil_co2()
    spec = charts.emissions_chart(table, codes=["CHN", "USA"], start=2000).to_dict()
    texts = set(scene_texts(vlc.vegalite_to_scenegraph(spec)))
    assert {"China", "United States of America"} <= texts
    assert "World" not in texts and "India" not in texts
