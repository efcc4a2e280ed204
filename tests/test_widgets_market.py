"""Part 3 explorers and charts: the browser's price equals climatelab.market's."""

from __future__ import annotations

import types

import pytest
from conftest import scene_texts, spec_params

from climatelab import charts, compliance, kyoto, market, widgets

CASES = [
    {},  # the explorer's defaults
    {"required_a": 100.0},  # the first slider at its max (what the browser test does)
    {"required_a": 0.0, "required_b": 80.0, "slope_a": 0.3, "slope_b": 4.0},
    {"required_a": 40.0, "required_b": 40.0, "slope_a": 1.0, "slope_b": 1.0},  # no trade
    {"required_a": 0.0, "required_b": 0.0},  # nothing to abate: price 0
    {"required_a": 5.0, "required_b": 95.0, "slope_a": 5.0, "slope_b": 0.1},
]


def _case_id(values: dict) -> str:
    return ",".join(f"{k}={x}" for k, x in values.items()) or "defaults"


def test_static_two_party_chart_binds_the_sliders_first_one_moves_the_price():
    spec = widgets.two_party_static_chart().to_dict()
    params = spec_params(spec)
    for name, (label, lo, hi, step) in charts.TWO_PARTY_PARAMS.items():
        assert params[name]["bind"] == {
            "input": "range",
            "min": lo,
            "max": hi,
            "step": step,
            "name": label,
        }
        assert params[name]["value"] == market.TWO_PARTY_DEFAULTS[name]
    # the browser test moves the first range slider: it must be an input of the price
    first = next(iter(charts.TWO_PARTY_PARAMS))
    assert first == "required_a"
    assert spec["description"] and spec["title"]["subtitle"][-1] == charts.SOURCE_TWO_PARTY


@pytest.mark.parametrize("values", CASES, ids=_case_id)
def test_vega_expressions_are_the_closed_form_and_match_clear_market(values):
    inputs = {**market.TWO_PARTY_DEFAULTS, **values}
    datum = types.SimpleNamespace()
    for name, expr in charts.TWO_PARTY_EXPRESSIONS:
        setattr(datum, name, eval(expr, {"abs": abs}, {"datum": datum, **inputs}))  # noqa: S307
    result = market.two_party_model(**inputs)
    table = result.table.set_index("party")
    r = inputs["required_a"] + inputs["required_b"]
    assert datum.price == pytest.approx(
        market.two_party_price(r, inputs["slope_a"], inputs["slope_b"]), abs=1e-12
    )
    assert datum.price == pytest.approx(result.price, rel=1e-9, abs=1e-9)
    assert datum.abate_a == pytest.approx(table.at["Party A", "abatement"], abs=1e-9)
    assert datum.abate_b == pytest.approx(table.at["Party B", "abatement"], abs=1e-9)
    assert datum.bought_a == pytest.approx(table.at["Party A", "permits_bought"], abs=1e-9)
    assert datum.gains == pytest.approx(result.gains_from_trade, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("values", CASES, ids=_case_id)
def test_browser_writes_the_same_status_as_the_live_view(values):
    """Compile and run both specs in Vega (vl-convert) and read the text marks they draw."""
    vlc = pytest.importorskip("vl_convert")
    inputs = {**market.TWO_PARTY_DEFAULTS, **values}
    static = scene_texts(
        vlc.vegalite_to_scenegraph(widgets.two_party_static_chart(**values).to_dict())
    )
    live = scene_texts(vlc.vegalite_to_scenegraph(widgets.two_party_view(**values).to_dict()))
    result = market.two_party_model(**inputs)
    table = result.table.set_index("party")
    expected = charts.two_party_status_text(
        result.price,
        table.at["Party A", "abatement"],
        table.at["Party B", "abatement"],
        table.at["Party A", "permits_bought"],
        result.gains_from_trade,
    )
    for line in expected:
        assert line in static
        assert line in live
    assert f"Price: USD {result.price:.2f} per t" in expected[0]


def test_moving_the_first_slider_changes_the_price_text():
    vlc = pytest.importorskip("vl_convert")
    _, _, hi, _ = charts.TWO_PARTY_PARAMS["required_a"]
    before = scene_texts(vlc.vegalite_to_scenegraph(widgets.two_party_static_chart().to_dict()))
    after = scene_texts(
        vlc.vegalite_to_scenegraph(widgets.two_party_static_chart(required_a=hi).to_dict())
    )
    price = [t for t in before if t.startswith("Price:")]
    assert price and price != [t for t in after if t.startswith("Price:")]


def test_live_views_have_no_bound_inputs():
    for chart in (
        widgets.two_party_view(slope_b=1.0),
        widgets.kyoto_market_view(market.kyoto_market_parties()),
    ):
        spec = chart.to_dict()
        assert all("bind" not in p for p in spec_params(spec).values())


def test_two_party_inputs_are_checked():
    with pytest.raises(ValueError, match="slope_a=9"):
        widgets.two_party_static_chart(slope_a=9.0)
    with pytest.raises(ValueError, match="required_a=-1"):
        market.two_party_parties(required_a=-1)
    with pytest.raises(ValueError, match="result"):
        charts.two_party_chart(controls=False)


def test_kyoto_scenarios_and_roles():
    table, summary = market.kyoto_scenarios(market.kyoto_market_parties())
    assert len(summary) == 4
    assert list(summary["us"].unique()) == list(market.US_OPTIONS)
    full = summary.iloc[0]
    assert full["price"] == pytest.approx(16.99311847905537)
    no_us_sold = summary[(summary["us"] == market.US_OPTIONS[1]) & (summary["hot_air"] == "sold")]
    assert float(no_us_sold["price"].iloc[0]) < full["price"]
    banked = summary[summary["hot_air"] == "banked"]
    assert (banked["hot_air_banked"] > 0).all()
    # the economies in transition sell in every scenario; the United States only where it trades
    sellers = table[table["role"] == "seller"]
    for _, group in sellers.groupby(["us", "hot_air"]):
        assert set(market.EIT_PARTIES) <= set(group["party"])
    no_us_rows = table[table["us"] == market.US_OPTIONS[1]]
    assert kyoto.US not in set(no_us_rows["party"])
    with pytest.raises(ValueError, match="hot_air option"):
        market.kyoto_scenarios(market.kyoto_market_parties(), hot_air_options=("burnt",))


def test_static_permits_chart_picks_scenarios_with_menus():
    vlc = pytest.importorskip("vl_convert")
    spec = widgets.kyoto_market_static_chart().to_dict()
    params = spec_params(spec)
    assert params["us_choice"]["bind"]["input"] == "select"
    assert params["us_choice"]["bind"]["options"] == list(market.US_OPTIONS)
    assert params["hot_air_choice"]["bind"]["options"] == ["sold", "banked"]
    texts = scene_texts(vlc.vegalite_to_scenegraph(spec))
    full = market.kyoto_market(market.kyoto_market_parties())
    assert market.market_status_text(full)[0] in texts


def test_compliance_chart_shows_every_unit():
    result = compliance.compliance(
        {"AAU": 990e6, "ERU": 40e6, "CER": 60e6, "RMU": 50e6}, 1_080e6, 1_000e6, party="X"
    )
    spec = charts.compliance_chart(result).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["unit"] for r in rows} == set(compliance.UNIT_TYPES)
    assert sum(r["mt"] for r in rows) == pytest.approx(1_140)
    assert "X complied" in spec["title"]["subtitle"][0]


def test_explorers_show_the_static_chart_in_a_build(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    assert widgets.two_party_explorer() is None
    assert widgets.kyoto_market_explorer() is None
    charts_shown = [o for o in shown if hasattr(o, "to_dict")]
    assert len(charts_shown) == 2


def test_live_explorers_set_parameters_and_read_out_the_model(live):
    """Live: a slider sets the chart's parameter in place; the readout is clear_market's."""
    box = widgets.two_party_explorer()
    controls, chart_widget, text = box.children
    required_a = controls.children[0]
    required_a.value = 60.0
    assert chart_widget.params.required_a == 60.0
    price = market.two_party_price(110.0, 2.0, 0.5)
    assert f"price USD {price:.2f}/t" in text.value

    kbox = widgets.kyoto_market_explorer()
    kcontrols, kchart, ktext = kbox.children
    kcontrols.children[0].value = market.US_OPTIONS[1]
    assert kchart.params.us_choice == market.US_OPTIONS[1]
    without_us = market.kyoto_market(market.kyoto_market_parties(), us=False)
    assert f"USD {without_us.price:.2f}" in ktext.value
