"""Explorers: controls wired to a model call and a chart.

Each explorer works in two places:

* in a live kernel (JupyterLab, Binder, JupyterHub) it returns ipywidgets controls above an
  output area; every change calls a *view* function (model + chart specification) and
  redraws;
* during a book build or an nbval run (:func:`climatelab.charts.is_static`) it returns the
  same figure as a Vega-Lite chart whose controls are parameters bound to inputs, computed in
  the reader's browser, with one line saying how to open the live version. A saved ipywidget
  would show up "disconnected" on a static page, so none is ever saved.

The view functions (``*_view``) are pure: they take control values and return an Altair
chart; the benchmark times them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd

from climatelab import charts, emissions, kyoto, market, outcomes, targets, timeline

__all__ = [
    "LIVE_HINT",
    "emissions_explorer",
    "emissions_view",
    "explorer",
    "timeline_explorer",
    "timeline_view",
]

LIVE_HINT = (
    "*The chart above is interactive in your browser. For the live explorer (sliders that "
    "re-run the model in Python), open this notebook in JupyterLab (`make lab`) or launch it "
    "on Binder with the rocket button at the top of the page.*"
)


def explorer(
    controls: dict[str, Any],
    view: Callable[..., Any],
    static_chart: Callable[[], Any],
    *,
    params: Callable[..., dict[str, Any]] | None = None,
    readout: Callable[..., str] | None = None,
) -> Any:
    """Wire ipywidgets ``controls`` to a chart in a kernel; show ``static_chart()`` in a build.

    ``controls`` maps keyword arguments to widget factories (called only in a live kernel,
    so no widget is created during a build). Two live modes:

    * ``params`` given (for figures whose model Vega-Lite computes, tested against the
      library): the static chart is drawn once with its input bindings removed, and a move
      only sets its parameters, ``params(**values) -> {name: value}``; the chart updates in
      place. ``readout(**values)`` (the library's model, in Python) writes the key numbers
      under the chart. A move costs the model call, not a chart rebuild. Where ``params``
      returns ``None`` (a choice the parameters cannot express), that move rebuilds the
      chart with ``view`` instead.
    * otherwise each move calls ``view(**values)`` (model + chart) and replaces the chart
      widget's specification.
    """
    from IPython.display import Markdown, display

    if charts.is_static():
        chart = static_chart()
        display(chart)
        display(Markdown(LIVE_HINT))
        return None

    import altair as alt
    import ipywidgets as w

    made = {name: make() for name, make in controls.items()}

    def values() -> dict[str, Any]:
        return {name: widget.value for name, widget in made.items()}

    # One chart widget for the explorer's life (offline: the JavaScript ships with Altair).
    alt.JupyterChart.enable_offline(offline=True)
    text = w.HTML()
    if params is not None:
        live = charts.without_bindings(static_chart())
        static_spec = live.to_dict(validate=False)
        chart_widget = alt.JupyterChart(live)
        rebuilt = [False]

        def refresh(_change: object = None) -> None:
            now = values()
            settings = params(**now)
            if settings is None:
                # a choice the chart's parameters cannot express: model + chart rebuilt
                chart_widget.spec = view(**now).to_dict(validate=False)
                rebuilt[0] = True
            else:
                if rebuilt[0]:  # back to the parameter-driven chart, at the current values
                    chart_widget.spec = {
                        **static_spec,
                        "params": [
                            {**p, "value": settings.get(p["name"], p.get("value"))}
                            for p in static_spec.get("params", [])
                        ],
                    }
                    rebuilt[0] = False
                for name, value in settings.items():
                    setattr(chart_widget.params, name, value)
            if readout is not None:
                text.value = readout(**now)
    else:
        chart_widget = alt.JupyterChart(view(**values()))

        def refresh(_change: object = None) -> None:
            # the view's specification is validated by the tests; skipping it here is faster
            chart_widget.spec = view(**values()).to_dict(validate=False)
            if readout is not None:
                text.value = readout(**values())

    for widget in made.values():
        widget.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox(list(made.values())), chart_widget, text])


def _float_slider(
    ranges: dict[str, tuple],
    defaults: dict[str, float],
    name: str,
    description: str,
    fmt: str = ".1f",
) -> Callable[[], Any]:
    """A factory for a FloatSlider over the range a static chart's parameter uses.

    ``ranges[name]`` is ``(label, min, max, step)``, as in :data:`charts.PEAK_PARAMS`.
    """
    _, lo, hi, step = ranges[name]

    def make() -> Any:
        import ipywidgets as w

        return w.FloatSlider(
            value=defaults[name],
            min=lo,
            max=hi,
            step=step,
            description=description,
            continuous_update=False,
            readout_format=fmt,
            style={"description_width": "initial"},
        )

    return make


def _same_names(**values: Any) -> dict[str, Any]:
    """``params`` for explorers whose controls carry the chart parameters' names."""
    return values


# --- Part 1: the timeline ---------------------------------------------------------------


def timeline_view(
    events: pd.DataFrame, category: str = "all", years: tuple[int, int] = (1945, 2030)
) -> Any:
    """The timeline filtered in Python (live version): ``category`` and a ``years`` range."""
    if category != "all" and category not in timeline.CATEGORIES:
        raise ValueError(f"category={category!r} is not 'all' or one of {timeline.CATEGORIES}")
    first, last = years
    if last < first:
        raise ValueError(f"years={years!r}: the last year is before the first")
    frame = events
    if category != "all":
        frame = frame[frame["category"] == category]
    year = frame["date"].dt.year
    frame = frame[(year >= first) & (year <= last)]
    return charts.timeline_chart(frame, controls=False)


def timeline_explorer() -> Any:
    """Milestones and COP sessions on one timeline, filtered by category and years."""
    events = timeline.events()
    first = int(events["date"].dt.year.min())
    last = int(events["date"].dt.year.max())

    def category() -> Any:
        import ipywidgets as w

        return w.Dropdown(
            options=["all", *timeline.CATEGORIES], value="all", description="Category"
        )

    def years() -> Any:
        import ipywidgets as w

        return w.IntRangeSlider(
            value=(first, last),
            min=first,
            max=last,
            step=1,
            description="Years",
            continuous_update=False,
        )

    return explorer(
        {"category": category, "years": years},
        lambda **kw: timeline_view(events, **kw),
        lambda: charts.timeline_chart(events),
    )


# --- Part 1: emissions ------------------------------------------------------------------


def emissions_markers() -> pd.DataFrame:
    """Treaty milestones to draw on emissions charts: ``year`` and ``label``."""
    ms = timeline.milestones()
    wanted = {
        "kyoto-adopted": "Kyoto adopted",
        "kyoto-eif": "Kyoto in force",
        "paris-adopted": "Paris adopted",
        "unfccc-eif": "UNFCCC in force",
    }
    rows = ms[ms["id"].isin(list(wanted))]
    missing = set(wanted) - set(rows["id"])
    if missing:
        raise ValueError(f"milestones dataset lacks id(s) {sorted(missing)}")
    return pd.DataFrame(
        {"year": rows["date"].dt.year.to_numpy(), "label": rows["id"].map(wanted).to_numpy()}
    )


def emissions_view(
    codes: tuple[str, ...] = (emissions.WORLD,),
    start: int = 1990,
    index: bool = False,
    markers: pd.DataFrame | None = None,
) -> Any:
    """Lines for the chosen entities from ``start``; ``index=True`` rebases to start = 100."""
    series = emissions.fossil_co2(list(codes), start=start)
    return charts.emissions_chart(
        series,
        markers=markers,
        title="Fossil CO₂ emissions",
        subtitle=f"From {start}; Gt CO₂ per year" + (" (index, first year = 100)" if index else ""),
        controls=False,
        index=index,
    )


def emissions_explorer(codes: tuple[str, ...] | None = None) -> Any:
    """Emissions of chosen entities, with treaty milestones, live or in the browser."""
    table = emissions.fossil_co2()
    names = dict(zip(table["code"], table["entity"], strict=False))
    default = tuple(codes or (emissions.WORLD, emissions.ANNEX_I, emissions.NON_ANNEX_I))
    markers = emissions_markers()
    first = int(table["year"].min())
    last = int(table["year"].max())

    def pick() -> Any:
        import ipywidgets as w

        return w.SelectMultiple(
            options=[(v, k) for k, v in sorted(names.items(), key=lambda kv: kv[1])],
            value=default,
            rows=8,
            description="Entities",
        )

    def start() -> Any:
        import ipywidgets as w

        return w.IntSlider(
            value=first, min=first, max=last - 1, description="From", continuous_update=False
        )

    def index() -> Any:
        import ipywidgets as w

        return w.Checkbox(value=False, description="Index (first year = 100)")

    def params(codes: tuple[str, ...], start: int, index: bool) -> dict[str, Any]:
        view = "index (first year = 100)" if index else "Gt CO₂ per year"
        return {"codes": list(codes), "start": start, "view": view}

    return explorer(
        {"codes": pick, "start": start, "index": index},
        lambda **kw: emissions_view(markers=markers, **kw),
        # every entity is in the chart; its `codes` and `start` parameters pick what is drawn
        lambda: charts.emissions_chart(
            table,
            markers=markers,
            subtitle=f"Gt CO₂ per year, {first}–{last}",
            codes=list(default),
            start=first,
        ),
        params=params,
    )


# --- Part 4: China's Action Plan --------------------------------------------------------


def peak_view(
    gdp_growth_pct: float = targets.PEAK_DEFAULTS["gdp_growth_pct"],
    gdp_growth_change_pct: float = targets.PEAK_DEFAULTS["gdp_growth_change_pct"],
    intensity_decline_pct: float = targets.PEAK_DEFAULTS["intensity_decline_pct"],
    decline_change_pct: float = targets.PEAK_DEFAULTS["decline_change_pct"],
    observed: pd.DataFrame | None = None,
) -> Any:
    """Live view: the scenario computed by :func:`climatelab.targets.peak_model`, no inputs."""
    scenario = targets.peak_model(
        gdp_growth_pct, gdp_growth_change_pct, intensity_decline_pct, decline_change_pct
    )
    return charts.peak_scenario_chart(scenario, observed=observed)


def peak_static_chart(**values: float) -> Any:
    """Static view: the same figure with the path computed in the browser from bound sliders."""
    return charts.peak_chart(
        targets.china_start_emissions_gt(2020),
        observed=targets.china_emissions_gt(),
        **{**targets.PEAK_DEFAULTS, **values},
    )


def peak_explorer() -> Any:
    """When does China's CO₂ peak? Sliders for GDP growth and CO₂-intensity decline."""
    observed = targets.china_emissions_gt()

    def slider(name: str, description: str) -> Callable[[], Any]:
        fmt = ".2f" if "change" in name else ".1f"
        return _float_slider(charts.PEAK_PARAMS, targets.PEAK_DEFAULTS, name, description, fmt)

    return explorer(
        {
            "gdp_growth_pct": slider("gdp_growth_pct", "GDP growth %/yr"),
            "gdp_growth_change_pct": slider("gdp_growth_change_pct", "change, pts/yr"),
            "intensity_decline_pct": slider("intensity_decline_pct", "Intensity decline %/yr"),
            "decline_change_pct": slider("decline_change_pct", "change, pts/yr"),
        },
        lambda **kw: peak_view(observed=observed, **kw),
        peak_static_chart,
        params=_same_names,
        readout=peak_readout,
    )


def peak_readout(**values: float) -> str:
    """The scenario's key numbers, from :func:`climatelab.targets.peak_model` (in Python)."""
    s = targets.peak_model(**values)
    peak = (
        f"peaks in {s.peak_year} at {s.peak_emissions:.2f} Gt CO₂"
        if s.peaks_within_horizon
        else f"still rising in {s.end_year}"
    )
    target = {True: "met", False: "missed", None: "not decided"}[s.meets_2030_intensity_target]
    return f"<b>Python model:</b> emissions {peak}; 2030 intensity target (−65 % vs 2005) {target}."


def intensity_view(gdp_growth_pct: float = 5.0, target_pct: float = 65.0) -> Any:
    """Live view of the intensity chart: GDP growth 2021-2030 and the 2030 intensity cut fixed
    by the ipywidgets (no bound inputs)."""
    return charts.intensity_chart(
        targets.china_emissions_gt(),
        gdp_growth_pct=gdp_growth_pct,
        target_pct=target_pct,
        controls=False,
    )


def intensity_explorer() -> Any:
    """GDP, CO₂ intensity and emissions, 2005-2030: how fast may GDP grow for emissions to fall?"""

    def growth() -> Any:
        import ipywidgets as w

        return w.FloatSlider(
            value=5.0,
            min=0.0,
            max=10.0,
            step=0.1,
            description="GDP growth 2021-2030, %/yr",
            continuous_update=False,
            style={"description_width": "initial"},
        )

    def target() -> Any:
        import ipywidgets as w

        return w.IntSlider(
            value=65,
            min=50,
            max=80,
            description="2030 intensity cut vs 2005, %",
            continuous_update=False,
            style={"description_width": "initial"},
        )

    return explorer(
        {"gdp_growth_pct": growth, "target_pct": target},
        lambda **kw: intensity_view(**kw),
        lambda: charts.intensity_chart(targets.china_emissions_gt()),
        params=_same_names,
    )


#: The headline goals (0) and the ten actions of plan section 三 (English, Chinese).
PLAN_ACTIONS = pd.DataFrame(
    [
        (0, "Main objectives", "主要目标"),
        (1, "Green and low-carbon energy transition", "能源绿色低碳转型行动"),
        (2, "Energy saving, carbon reduction and efficiency", "节能降碳增效行动"),
        (3, "Carbon peaking in industry", "工业领域碳达峰行动"),
        (4, "Carbon peaking in urban and rural construction", "城乡建设碳达峰行动"),
        (5, "Green and low-carbon transport", "交通运输绿色低碳行动"),
        (6, "Circular economy for carbon reduction", "循环经济助力降碳行动"),
        (7, "Green and low-carbon technology innovation", "绿色低碳科技创新行动"),
        (8, "Consolidating and enhancing carbon sinks", "碳汇能力巩固提升行动"),
        (9, "Green and low-carbon action by all", "绿色低碳全民行动"),
        (10, "Orderly peaking region by region", "各地区梯次有序碳达峰行动"),
    ],
    columns=["action", "action_en", "action_zh"],
)
PLAN_ACTIONS["label"] = [
    "Headline goals" if a == 0 else f"{a}. {en}"
    for a, en in zip(PLAN_ACTIONS["action"], PLAN_ACTIONS["action_en"], strict=True)
]


def plan_table(action: int | None = None) -> pd.DataFrame:
    """The plan's targets to read: Chinese original beside the English, one row per target.

    Columns: ``action``, ``paragraph``, ``中文`` (the plan's words), ``English``,
    ``target year``. ``action`` (0-10) keeps one action.
    """

    frame = targets.action_plan_targets(action)
    year = frame["target_year"].astype("string").fillna("–")
    return pd.DataFrame(
        {
            "action": frame["action"].map(
                dict(zip(PLAN_ACTIONS["action"], PLAN_ACTIONS["label"], strict=True))
            ),
            "paragraph": frame["paragraph"],
            "中文": frame["text_zh"],
            "English": frame["text_en"],
            "target year": year,
        }
    )


def plan_chart() -> Any:
    """Targets per action, stacked by target year (a menu filters the year)."""

    return charts.plan_chart(targets.action_plan_targets(), PLAN_ACTIONS)


def plan_browser() -> Any:
    """Browse the targets by action: a menu in a kernel; the whole table on a static page."""
    from IPython.display import display

    if charts.is_static():
        display(plan_table().style.hide(axis="index"))
        return None

    import ipywidgets as w

    menu = w.Dropdown(
        options=[("all actions", -1)]
        + [
            (f"{lab} {zh}", a)
            for a, lab, zh in PLAN_ACTIONS[["action", "label", "action_zh"]].itertuples(index=False)
        ],
        value=-1,
        description="Action",
    )
    out = w.Output()

    def refresh(_change: object = None) -> None:
        with out:
            out.clear_output(wait=True)
            table = plan_table(None if menu.value < 0 else menu.value)
            if table.empty:
                print("This action sets no quantitative target.")
            else:
                display(table.style.hide(axis="index"))

    menu.observe(refresh, names="value")
    refresh()
    return w.VBox([menu, out])


def progress_chart() -> Any:
    """Reported values as a percentage of their plan target (a menu picks one indicator)."""
    return charts.progress_chart(targets.progress_vs_plan())


def kaya_chart() -> Any:
    """Kaya contributions per period (a menu picks the period)."""
    return charts.kaya_chart(targets.kaya_periods())


# --- Part 2: Kyoto ----------------------------------------------------------------------


def allocation_view(
    parties: pd.DataFrame,
    party: str = "Japan",
    commitment_delta: float = 0.0,
    base_year_change_pct: float = 0.0,
) -> Any:
    """Live allocation chart: the model in Python, the chart without bound inputs."""
    frame, agg = kyoto.allocation_model(parties, party, commitment_delta, base_year_change_pct)
    return charts.allocation_chart(
        frame, controls=False, selected=party, reduction_pct=agg.reduction_pct
    )


def allocation_explorer() -> Any:
    """Annex B allocation: change a Party's commitment or base year, see the aggregate."""
    parties = kyoto.allocation_parties()

    def party() -> Any:
        import ipywidgets as w

        return w.Dropdown(options=sorted(parties["party"]), value="Japan", description="Party")

    def commitment_delta() -> Any:
        import ipywidgets as w

        return w.IntSlider(
            value=0, min=-20, max=20, description="Commit. ±", continuous_update=False
        )

    def base_year_change_pct() -> Any:
        import ipywidgets as w

        return w.IntSlider(
            value=0, min=-20, max=20, description="Base yr ± %", continuous_update=False
        )

    return explorer(
        {
            "party": party,
            "commitment_delta": commitment_delta,
            "base_year_change_pct": base_year_change_pct,
        },
        lambda **kw: allocation_view(parties, **kw),
        lambda: charts.allocation_chart(parties),
        # the chart recomputes the edited Party and the aggregate in the browser
        params=lambda party, commitment_delta, base_year_change_pct: {
            "party_pick": party,
            "commit_delta": commitment_delta,
            "base_adj": base_year_change_pct,
        },
        readout=lambda **kw: allocation_readout(parties, **kw),
    )


def allocation_readout(parties: pd.DataFrame, **values: Any) -> str:
    """The aggregate reduction from :func:`climatelab.kyoto.allocation_model` (Python)."""
    frame, agg = kyoto.allocation_model(parties, **values)
    party = values.get("party", "Japan")
    amount = float(frame.loc[frame["party"] == party, "assigned_amount"].iloc[0])
    return (
        f"<b>Python model:</b> {party}'s assigned amount {amount / 1e9:,.3f} Gt CO₂e over "
        f"2008–2012; aggregate reduction {agg.reduction_pct:.2f} % below base year."
    )


def eif_view(instruments: pd.DataFrame, shares: pd.Series, **choices: Any) -> Any:
    """Live entry-into-force chart: :func:`climatelab.kyoto.eif_model`, no bound inputs."""
    progress, result = kyoto.eif_model(instruments, shares, **choices)
    return charts.ratification_chart(
        progress,
        controls=False,
        result=result,
        min_parties=result.min_parties,
        min_share=result.min_share,
        delay_days=result.delay_days,
    )


def eif_static_chart(us_date: object = kyoto.US_HYPOTHETICAL_DATE) -> Any:
    """The static-book chart: shipped instruments plus a hypothetical United States row."""
    instruments = kyoto.instruments()
    shares = kyoto.article25_fractions()
    progress = kyoto.ratification_progress(instruments[["party", "date"]], shares)
    us = pd.DataFrame(
        {
            "date": [pd.Timestamp(us_date)],
            "party": [kyoto.US],
            "party_share": [float(shares[kyoto.US])],
        }
    )
    return charts.ratification_chart(progress, hypothetical=us)


def entry_into_force_explorer(us_date: object = kyoto.US_HYPOTHETICAL_DATE) -> Any:
    """Entry into force (Art. 25): choose who ratifies and when, move the thresholds."""
    import datetime as dt

    instruments = kyoto.instruments()[["party", "date"]]
    shares = kyoto.article25_fractions()

    def make(kind: str, **kw: Any) -> Callable[[], Any]:
        def factory() -> Any:
            import ipywidgets as w

            return getattr(w, kind)(**kw)

        return factory

    return explorer(
        {
            "us": make("Checkbox", value=False, description="United States ratifies"),
            "us_date": make(
                "DatePicker", value=dt.date.fromisoformat(str(us_date)), description="US deposit"
            ),
            "russia": make("Checkbox", value=True, description="Russia ratifies"),
            "russia_date": make(
                "DatePicker", value=dt.date(2004, 11, 18), description="Russia deposit"
            ),
            "min_share_pct": make(
                "IntSlider",
                value=55,
                min=30,
                max=80,
                description="Share %",
                continuous_update=False,
            ),
            "min_parties": make(
                "IntSlider",
                value=55,
                min=10,
                max=150,
                description="Parties",
                continuous_update=False,
            ),
            "delay_days": make(
                "IntSlider",
                value=90,
                min=0,
                max=365,
                description="Delay (d)",
                continuous_update=False,
            ),
        },
        lambda **kw: eif_view(instruments, shares, **kw),
        lambda: eif_static_chart(us_date),
        params=lambda **kw: _eif_params(us_date, **kw),
        readout=lambda **kw: (
            "<b>Python model:</b> " + kyoto.eif_model(instruments, shares, **kw)[1].message
        ),
    )


def _eif_params(static_us_date: object, **choice: Any) -> dict[str, Any] | None:
    """The static chart's parameters for a choice, or None if they cannot express it.

    The static chart knows one hypothetical US deposit date, Russia's real one and the
    90-day delay; other dates or delays need the chart rebuilt from the model.
    """
    import datetime as dt

    if (
        choice["us_date"] != dt.date.fromisoformat(str(static_us_date))
        or choice["russia_date"] != dt.date(2004, 11, 18)
        or choice["delay_days"] != 90
    ):
        return None
    us = f"ratifies on {static_us_date}" if choice["us"] else "stays out (actual)"
    return {
        "us_choice": us,
        "russia": bool(choice["russia"]),
        "min_share_pct": choice["min_share_pct"],
        "min_parties": choice["min_parties"],
    }


__all__ += [
    "allocation_explorer",
    "allocation_view",
    "eif_static_chart",
    "eif_view",
    "entry_into_force_explorer",
]


# --- Part 3: markets --------------------------------------------------------------------


def two_party_view(**values: float) -> Any:
    """Live view: the market cleared in Python, the diagram without bound inputs."""
    inputs = {**market.TWO_PARTY_DEFAULTS, **values}
    return charts.two_party_chart(**inputs, controls=False, result=market.two_party_model(**inputs))


def two_party_static_chart(**values: float) -> Any:
    """Static view: the same diagram, the price computed in the browser from bound sliders."""
    return charts.two_party_chart(**{**market.TWO_PARTY_DEFAULTS, **values})


def two_party_explorer() -> Any:
    """Why trade? Sliders for the two Parties' required abatements and cost slopes."""

    def slider(name: str, description: str) -> Callable[[], Any]:
        return _float_slider(charts.TWO_PARTY_PARAMS, market.TWO_PARTY_DEFAULTS, name, description)

    return explorer(
        {
            "required_a": slider("required_a", "A: required, Mt"),
            "required_b": slider("required_b", "B: required, Mt"),
            "slope_a": slider("slope_a", "A: MAC slope"),
            "slope_b": slider("slope_b", "B: MAC slope"),
        },
        lambda **kw: two_party_view(**kw),
        two_party_static_chart,
        params=_same_names,
        readout=two_party_readout,
    )


def two_party_readout(**values: float) -> str:
    """Price and gains from :func:`climatelab.market.clear_market` (Python)."""
    result = market.two_party_model(**values)
    return (
        f"<b>Python model:</b> price USD {result.price:.2f}/t; gains from trade "
        f"USD {result.gains_from_trade:,.2f} million a year."
    )


def kyoto_market_static_chart() -> Any:
    """Static view: the four scenarios computed in Python, two menus pick one in the browser."""
    table, summary = market.kyoto_scenarios(market.kyoto_market_parties())
    return charts.permits_chart(table, summary)


def kyoto_market_view(
    parties: pd.DataFrame, us: str = market.US_OPTIONS[0], hot_air: str = "sold"
) -> Any:
    """Live view: one scenario cleared in Python, the bars without bound inputs."""
    table, summary = market.kyoto_scenarios(parties, (us,), (hot_air,))
    return charts.permits_chart(table, summary, controls=False)


def kyoto_market_explorer() -> Any:
    """The Kyoto market: with or without the United States, hot air sold or banked."""
    parties = market.kyoto_market_parties()

    def us() -> Any:
        import ipywidgets as w

        return w.Dropdown(
            options=list(market.US_OPTIONS), value=market.US_OPTIONS[0], description="US"
        )

    def hot_air() -> Any:
        import ipywidgets as w

        return w.Dropdown(options=list(market.HOT_AIR_OPTIONS), value="sold", description="Hot air")

    return explorer(
        {"us": us, "hot_air": hot_air},
        lambda **kw: kyoto_market_view(parties, **kw),
        kyoto_market_static_chart,
        params=lambda us, hot_air: {"us_choice": us, "hot_air_choice": hot_air},
        readout=lambda us, hot_air: (
            "<b>Python model:</b> "
            + "; ".join(
                market.market_status_text(
                    market.kyoto_market(
                        parties,
                        us=us == market.US_OPTIONS[0],
                        hot_air=market.HOT_AIR_OPTIONS[hot_air],
                    )
                )
            )
        ),
    )


__all__ += [
    "kyoto_market_explorer",
    "kyoto_market_static_chart",
    "kyoto_market_view",
    "two_party_explorer",
    "two_party_static_chart",
    "two_party_view",
]


# --- Part 5: outcomes ---------------------------------------------------------------------


#: Groups of the outcomes explorer (the same menu as the static chart's).
OUTCOME_GROUPS = tuple(charts.OUTCOME_GROUPS)
#: Target bases of :func:`climatelab.outcomes.target_vs_outcome`: menu label -> ``target``.
OUTCOME_TARGETS = {
    "Annex B (EU-15 members 92 % each)": "annex_b",
    "EU burden sharing (Art. 4 bubble)": "burden_sharing",
}


@functools.lru_cache(maxsize=64)
def _outcome_table(period: tuple[int, int], target: str) -> pd.DataFrame:
    # a slider move re-reads nothing: the 37-Party table is kept per (period, target)
    return outcomes.target_vs_outcome(period=period, target=target)


def outcomes_model(
    parties: tuple[str, ...] | None = None,
    group: str = OUTCOME_GROUPS[0],
    period: tuple[int, int] = (2008, 2012),
    target: str = "annex_b",
) -> tuple[pd.DataFrame, outcomes.GroupOutcome]:
    """The Parties of ``group`` (among ``parties``, default all 37) against their targets.

    ``group``: one of :data:`OUTCOME_GROUPS`; ``period``: first and last year (inclusive);
    ``target``: ``"annex_b"`` or ``"burden_sharing"`` (or a label of :data:`OUTCOME_TARGETS`).
    Returns the :func:`climatelab.outcomes.target_vs_outcome` rows kept and their
    :func:`climatelab.outcomes.group_outcome`. Raises ``ValueError`` if no Party is left.
    """
    if group not in OUTCOME_GROUPS:
        raise ValueError(f"group={group!r} is not one of {OUTCOME_GROUPS}")
    target = OUTCOME_TARGETS.get(target, target)
    table = _outcome_table(tuple(period), target)
    if parties is not None:
        if isinstance(parties, str):
            raise TypeError(f"parties must be a list of names, got the string {parties!r}")
        chosen = list(dict.fromkeys(parties))
        if not chosen:
            raise ValueError("parties is empty: choose at least one Party")
        unknown = [p for p in chosen if p not in set(table["party"])]
        if unknown:
            raise ValueError(
                f"unknown party={unknown[0]!r}; available: {', '.join(table['party'])}"
            )
        table = table.set_index("party").loc[chosen].reset_index()
    eit = table["economy_in_transition"].astype(bool)
    keep = {
        OUTCOME_GROUPS[0]: pd.Series(True, index=table.index),
        OUTCOME_GROUPS[1]: table["bound_cp1"].astype(bool),
        OUTCOME_GROUPS[2]: ~eit,
        OUTCOME_GROUPS[3]: eit,
    }[group]
    table = table[keep].reset_index(drop=True)
    if table.empty:
        raise ValueError(f"group={group!r} keeps none of the chosen parties")
    return table, outcomes.group_outcome(table)


def outcomes_status_text(result: outcomes.GroupOutcome, period: tuple[int, int]) -> str:
    """One line for the live chart: the group's change, target and whether it met it."""
    first, last = period
    when = f"{first}" if first == last else f"{first}–{last}"
    verdict = "met" if result.met else "missed"
    return (
        f"{len(result.parties)} Parties, 1990 → {when}: {result.change_pct:+.1f} % against a "
        f"combined target of {result.target_pct:+.1f} % ({verdict}, {result.gap_pp:+.1f} points)"
    )


def outcomes_view(
    parties: tuple[str, ...] | None = None,
    group: str = OUTCOME_GROUPS[0],
    period: tuple[int, int] = (2008, 2012),
    target: str = "annex_b",
) -> Any:
    """Live view: :func:`outcomes_model` in Python, the chart without bound inputs."""
    table, result = outcomes_model(parties, group, period, target)
    return charts.outcomes_chart(
        table,
        controls=False,
        period=tuple(period),
        status=outcomes_status_text(result, tuple(period)),
    )


def outcomes_static_chart() -> Any:
    """Static view: all 37 Parties, 2008-2012; a menu picks the group in the browser."""
    return charts.outcomes_chart(outcomes.target_vs_outcome())


def outcomes_explorer() -> Any:
    """Did Kyoto's Parties meet their targets? Pick Parties, a group, the years, the targets."""
    names = tuple(outcomes.target_vs_outcome()["party"])

    def parties() -> Any:
        import ipywidgets as w

        return w.SelectMultiple(options=sorted(names), value=names, rows=8, description="Parties")

    def group() -> Any:
        import ipywidgets as w

        return w.Dropdown(
            options=list(OUTCOME_GROUPS), value=OUTCOME_GROUPS[0], description="Group"
        )

    def period() -> Any:
        import ipywidgets as w

        return w.IntRangeSlider(
            value=(2008, 2012),
            min=1991,
            max=2023,
            description="Years",
            continuous_update=False,
        )

    def target() -> Any:
        import ipywidgets as w

        return w.Dropdown(
            options=list(OUTCOME_TARGETS.items()), value="annex_b", description="Targets"
        )

    return explorer(
        {"parties": parties, "group": group, "period": period, "target": target},
        outcomes_view,
        outcomes_static_chart,
    )


def trade_view(entity: str = "China") -> Any:
    """Territorial vs consumption-based CO₂ of one entity (live view, no bound inputs)."""
    series = outcomes.consumption_co2()
    names = list(dict.fromkeys(series["entity"]))
    if entity not in names:
        raise ValueError(f"entity={entity!r} is not one of {names}")
    return charts.trade_chart(series[series["entity"] == entity], controls=False, entity=entity)


__all__ += [
    "OUTCOME_GROUPS",
    "OUTCOME_TARGETS",
    "outcomes_explorer",
    "outcomes_model",
    "outcomes_static_chart",
    "outcomes_status_text",
    "outcomes_view",
    "trade_view",
]
