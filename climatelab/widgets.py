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

from collections.abc import Callable
from typing import Any

import pandas as pd

from climatelab import charts, emissions, timeline

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
      under the chart. A move costs the model call, not a chart rebuild.
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
        chart_widget = alt.JupyterChart(charts.without_bindings(static_chart()))

        def refresh(_change: object = None) -> None:
            for name, value in params(**values()).items():
                setattr(chart_widget.params, name, value)
            if readout is not None:
                text.value = readout(**values())
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

    return explorer(
        {"codes": pick, "start": start, "index": index},
        lambda **kw: emissions_view(markers=markers, **kw),
        lambda: charts.emissions_chart(
            emissions.fossil_co2(list(default)),
            markers=markers,
            subtitle=f"Gt CO₂ per year, {first}–{last}",
        ),
    )


# --- Part 4: China's Action Plan --------------------------------------------------------

#: Default assumptions of the peak explorer (percent per year; changes in points per year).
PEAK_DEFAULTS = {
    "gdp_growth_pct": 5.0,
    "gdp_growth_change_pct": -0.2,
    "intensity_decline_pct": 4.0,
    "decline_change_pct": 0.0,
}


def china_emissions_gt() -> pd.DataFrame:
    """China's reported fossil CO₂ by year (``year``, ``emissions_gt``), from ``china_kaya``."""
    from climatelab import targets

    kaya = targets.china_kaya()
    frame = kaya[["year", "co2_mt"]].dropna()
    return pd.DataFrame(
        {"year": frame["year"].astype(int).to_numpy(), "emissions_gt": frame["co2_mt"] / 1000.0}
    ).reset_index(drop=True)


def china_start_emissions_gt(year: int = 2020) -> float:
    """China's reported fossil CO₂ in ``year`` (Gt), the start of the peak scenarios."""
    frame = china_emissions_gt()
    match = frame[frame["year"] == year]
    if len(match) != 1:
        raise ValueError(
            f"year={year!r} is not in china_kaya's co2_mt "
            f"({frame['year'].min()}-{frame['year'].max()})"
        )
    return float(match["emissions_gt"].iloc[0])


def peak_model(
    gdp_growth_pct: float = PEAK_DEFAULTS["gdp_growth_pct"],
    gdp_growth_change_pct: float = PEAK_DEFAULTS["gdp_growth_change_pct"],
    intensity_decline_pct: float = PEAK_DEFAULTS["intensity_decline_pct"],
    decline_change_pct: float = PEAK_DEFAULTS["decline_change_pct"],
    *,
    start_year: int = 2020,
    end_year: int = 2035,
) -> Any:
    """:func:`climatelab.targets.peak_scenario` from China's reported emissions in ``start_year``
    (Gt), with the explorer's percent inputs."""
    from climatelab import targets

    return targets.peak_scenario(
        start_year,
        china_start_emissions_gt(start_year),
        gdp_growth_pct / 100.0,
        intensity_decline_pct / 100.0,
        gdp_growth_change_pct / 100.0,
        decline_change_pct / 100.0,
        end_year=end_year,
    )


def peak_view(
    gdp_growth_pct: float = PEAK_DEFAULTS["gdp_growth_pct"],
    gdp_growth_change_pct: float = PEAK_DEFAULTS["gdp_growth_change_pct"],
    intensity_decline_pct: float = PEAK_DEFAULTS["intensity_decline_pct"],
    decline_change_pct: float = PEAK_DEFAULTS["decline_change_pct"],
    observed: pd.DataFrame | None = None,
) -> Any:
    """Live view: the scenario computed in Python by :func:`peak_model`, drawn without inputs."""
    scenario = peak_model(
        gdp_growth_pct, gdp_growth_change_pct, intensity_decline_pct, decline_change_pct
    )
    return charts.peak_scenario_chart(scenario, observed=observed)


def peak_static_chart(**values: float) -> Any:
    """Static view: the same figure with the path computed in the browser from bound sliders."""
    return charts.peak_chart(
        china_start_emissions_gt(2020),
        observed=china_emissions_gt(),
        **{**PEAK_DEFAULTS, **values},
    )


def peak_explorer() -> Any:
    """When does China's CO₂ peak? Sliders for GDP growth and CO₂-intensity decline."""
    observed = china_emissions_gt()

    def slider(name: str, description: str) -> Callable[[], Any]:
        label, lo, hi, step = charts.PEAK_PARAMS[name]

        def make() -> Any:
            import ipywidgets as w

            return w.FloatSlider(
                value=PEAK_DEFAULTS[name],
                min=lo,
                max=hi,
                step=step,
                description=description,
                continuous_update=False,
                readout_format=".2f" if "change" in name else ".1f",
                style={"description_width": "initial"},
            )

        return make

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
    """The scenario's key numbers, from :func:`peak_model` (the library's model, in Python)."""
    s = peak_model(**values)
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
        china_emissions_gt(), gdp_growth_pct=gdp_growth_pct, target_pct=target_pct, controls=False
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
        lambda: charts.intensity_chart(china_emissions_gt()),
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
    from climatelab import targets

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
    from climatelab import targets

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


#: Reported indicator (dataset ``china_progress``) -> the plan target it is measured against.
PROGRESS_TARGETS = {
    "wind_solar_capacity": "wind_solar_capacity_2030",
    "non_fossil_share_primary_energy": "nonfossil_share_2025",
    "co2_intensity_reduction_vs_2005": "co2_intensity_2030",
    "forest_coverage": "forest_coverage_2030",
    "forest_stock": "forest_stock_2030",
}
PROGRESS_LABELS = {
    "wind_solar_capacity": "Wind + solar capacity",
    "non_fossil_share_primary_energy": "Non-fossil share of energy",
    "co2_intensity_reduction_vs_2005": "CO₂ intensity cut vs 2005",
    "forest_coverage": "Forest coverage",
    "forest_stock": "Forest stock",
}


def progress_vs_plan() -> pd.DataFrame:
    """Every reported value of the tracked indicators beside its plan target.

    One row per report: ``indicator``, ``label``, ``period``, ``year``, ``value``, ``unit``,
    ``target_id``, ``target_value``, ``target_year``, ``pct_of_target`` (value / target x 100)
    and ``met`` (value >= target; every tracked target is a floor).
    """
    from climatelab import targets

    plan = targets.action_plan_targets().set_index("id")
    progress = targets.china_progress()
    rows = progress[progress["indicator"].isin(list(PROGRESS_TARGETS))].copy()
    rows["target_id"] = rows["indicator"].map(PROGRESS_TARGETS)
    missing = set(rows["target_id"]) - set(plan.index)
    if missing:
        raise ValueError(f"action_plan_targets lacks target id(s) {sorted(missing)}")
    rows["target_value"] = rows["target_id"].map(plan["value"]).astype(float)
    rows["target_year"] = rows["target_id"].map(plan["target_year"]).astype(int)
    units = rows["target_id"].map(plan["unit"])
    bad = rows["unit"] != units
    if bad.any():
        i = rows.index[bad][0]
        raise ValueError(
            f"unit mismatch for {rows.at[i, 'indicator']}: {rows.at[i, 'unit']!r} reported, "
            f"{units[i]!r} in the plan"
        )
    rows["label"] = rows["indicator"].map(PROGRESS_LABELS)
    rows["pct_of_target"] = 100.0 * rows["value"] / rows["target_value"]
    rows["met"] = rows["value"] >= rows["target_value"]
    cols = ["indicator", "label", "period", "year", "value", "unit", "target_id"]
    cols += ["target_value", "target_year", "pct_of_target", "met"]
    return rows[cols].reset_index(drop=True)


def progress_chart() -> Any:
    """Reported values as a percentage of their plan target (a menu picks one indicator)."""
    return charts.progress_chart(progress_vs_plan())


#: Periods for the Kaya decomposition (years with all four inputs: 1990-2016).
KAYA_PERIODS = ((1990, 2000), (2000, 2010), (2010, 2016), (2005, 2016))


def kaya_periods(periods: tuple[tuple[int, int], ...] = KAYA_PERIODS) -> pd.DataFrame:
    """LMDI contributions of the four Kaya factors to China's CO₂ change, for several periods.

    One row per period and factor: ``period`` ("1990–2000"), ``factor``, ``contribution_mt``
    (Mt CO₂) and ``total_change_mt`` (the period's change in CO₂, Mt).
    """
    from climatelab import targets

    kaya = targets.china_kaya(complete=True)
    parts = []
    for start, end in periods:
        dec = targets.kaya_decomposition(kaya, start, end)
        part = dec.contributions[["factor", "contribution"]].rename(
            columns={"contribution": "contribution_mt"}
        )
        part.insert(0, "period", f"{start}–{end}")
        part["total_change_mt"] = dec.total_change
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def kaya_chart() -> Any:
    """Kaya contributions per period (a menu picks the period)."""
    return charts.kaya_chart(kaya_periods())


# --- Part 2: Kyoto ----------------------------------------------------------------------

from climatelab import kyoto  # noqa: E402  (kept in this section: parts append their own)

US = "United States of America"
RUSSIA = "Russian Federation"
#: A hypothetical United States deposit for the what-ifs: the day the EU and its members
#: deposited (2002-05-31). The United States signed in 1998 but never ratified.
US_HYPOTHETICAL_DATE = "2002-05-31"


def allocation_parties() -> pd.DataFrame:
    """Annex B Parties with an assigned amount, the EC counted once (its bubble as a whole).

    Columns ``party``, ``base_year_emissions`` (t CO2e per year), ``commitment_pct``
    (percent of base year). 23 rows: the United States has no assigned amount.
    """
    table = kyoto.assigned_amounts()
    rows = table[(table["group"] != "EU-15") & table["base_year_emissions_t"].notna()]
    return pd.DataFrame(
        {
            "party": rows["party"].to_numpy(),
            "base_year_emissions": rows["base_year_emissions_t"].to_numpy(dtype=float),
            "commitment_pct": rows["target_pct_of_base"].to_numpy(dtype=float),
        }
    )


def allocation_model(
    parties: pd.DataFrame,
    party: str = "Japan",
    commitment_delta: float = 0.0,
    base_year_change_pct: float = 0.0,
    years: int = 5,
) -> tuple[pd.DataFrame, kyoto.AggregateResult]:
    """Change one Party's commitment (points) and base year (%); recompute Art. 3.7 / 3.1.

    Returns the edited table (with ``assigned_amount``, t CO2e over ``years``) and
    :func:`climatelab.kyoto.aggregate_reduction` for it.
    """
    if party not in set(parties["party"]):
        raise ValueError(f"party={party!r} is not one of the {len(parties)} Parties")
    frame = parties[["party", "base_year_emissions", "commitment_pct"]].copy()
    mask = frame["party"] == party
    frame.loc[mask, "commitment_pct"] += float(commitment_delta)
    frame.loc[mask, "base_year_emissions"] *= 1.0 + float(base_year_change_pct) / 100.0
    frame["assigned_amount"] = [
        kyoto.assigned_amount(b, c, years)
        for b, c in zip(frame["base_year_emissions"], frame["commitment_pct"], strict=True)
    ]
    return frame, kyoto.aggregate_reduction(frame)


def allocation_view(
    parties: pd.DataFrame,
    party: str = "Japan",
    commitment_delta: float = 0.0,
    base_year_change_pct: float = 0.0,
) -> Any:
    """Live allocation chart: the model in Python, the chart without bound inputs."""
    frame, agg = allocation_model(parties, party, commitment_delta, base_year_change_pct)
    return charts.allocation_chart(
        frame, controls=False, selected=party, reduction_pct=agg.reduction_pct
    )


def allocation_explorer() -> Any:
    """Annex B allocation: change a Party's commitment or base year, see the aggregate."""
    parties = allocation_parties()

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
    )


def eif_model(
    instruments: pd.DataFrame,
    shares: pd.Series,
    us: bool = False,
    us_date: object = US_HYPOTHETICAL_DATE,
    russia: bool = True,
    russia_date: object = "2004-11-18",
    min_share_pct: float = 55,
    min_parties: int = 55,
    delay_days: int = 90,
) -> tuple[pd.DataFrame, kyoto.EntryIntoForce]:
    """A what-if of Art. 25: who ratifies when, and the thresholds; progress and result."""
    deposits: dict[str, object] = {RUSSIA: russia_date if russia else None}
    if us:
        deposits[US] = us_date
    chosen = kyoto.scenario_instruments(instruments, deposits)
    progress = kyoto.ratification_progress(chosen, shares)
    result = kyoto.entry_into_force(
        chosen,
        shares,
        min_parties=min_parties,
        min_share=min_share_pct / 100,
        delay_days=delay_days,
    )
    return progress, result


def eif_view(instruments: pd.DataFrame, shares: pd.Series, **choices: Any) -> Any:
    """Live entry-into-force chart: :func:`eif_model` in Python, no bound inputs."""
    progress, result = eif_model(instruments, shares, **choices)
    return charts.ratification_chart(
        progress,
        controls=False,
        result=result,
        min_parties=result.min_parties,
        min_share=result.min_share,
        delay_days=result.delay_days,
    )


def eif_static_chart(us_date: object = US_HYPOTHETICAL_DATE) -> Any:
    """The static-book chart: shipped instruments plus a hypothetical United States row."""
    instruments = kyoto.instruments()
    shares = kyoto.article25_fractions()
    progress = kyoto.ratification_progress(instruments[["party", "date"]], shares)
    us = pd.DataFrame(
        {"date": [pd.Timestamp(us_date)], "party": [US], "party_share": [float(shares[US])]}
    )
    return charts.ratification_chart(progress, hypothetical=us)


def entry_into_force_explorer(us_date: object = US_HYPOTHETICAL_DATE) -> Any:
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
    )


__all__ += [
    "allocation_explorer",
    "allocation_model",
    "allocation_parties",
    "allocation_view",
    "eif_model",
    "eif_static_chart",
    "eif_view",
    "entry_into_force_explorer",
]


# --- Part 3: markets --------------------------------------------------------------------

from climatelab import market  # noqa: E402  (kept in this section: parts append their own)

#: Default state of the two-Party explorer: required abatement (Mt CO2e/yr) and MAC slopes
#: (USD/t per Mt). Party A is the high-cost Party: without trade its marginal cost is 60 USD/t,
#: B's 25 USD/t.
TWO_PARTY_DEFAULTS = {"required_a": 30.0, "required_b": 50.0, "slope_a": 2.0, "slope_b": 0.5}
#: BAU emissions of each of the two Parties (Mt CO2e/yr). Large enough that no Party reaches
#: its BAU within the slider ranges, so the closed form of market.two_party_price holds.
TWO_PARTY_BAU_MT = 200.0


def two_party_parties(
    required_a: float = TWO_PARTY_DEFAULTS["required_a"],
    required_b: float = TWO_PARTY_DEFAULTS["required_b"],
    slope_a: float = TWO_PARTY_DEFAULTS["slope_a"],
    slope_b: float = TWO_PARTY_DEFAULTS["slope_b"],
    bau_mt: float = TWO_PARTY_BAU_MT,
) -> pd.DataFrame:
    """Parties A and B for :func:`climatelab.market.clear_market`: cap = BAU - required."""
    for name, value in (("required_a", required_a), ("required_b", required_b)):
        if not 0 <= value <= bau_mt:
            raise ValueError(f"{name}={value!r} must be between 0 and bau_mt={bau_mt!r}")
    return pd.DataFrame(
        {
            "party": ["Party A", "Party B"],
            "bau": [bau_mt, bau_mt],
            "cap": [bau_mt - required_a, bau_mt - required_b],
            "mac_slope": [slope_a, slope_b],
        }
    )


def two_party_model(
    required_a: float = TWO_PARTY_DEFAULTS["required_a"],
    required_b: float = TWO_PARTY_DEFAULTS["required_b"],
    slope_a: float = TWO_PARTY_DEFAULTS["slope_a"],
    slope_b: float = TWO_PARTY_DEFAULTS["slope_b"],
) -> market.MarketResult:
    """Clear the two-Party market with :func:`climatelab.market.clear_market`."""
    return market.clear_market(two_party_parties(required_a, required_b, slope_a, slope_b))


def two_party_view(**values: float) -> Any:
    """Live view: the market cleared in Python, the diagram without bound inputs."""
    inputs = {**TWO_PARTY_DEFAULTS, **values}
    return charts.two_party_chart(**inputs, controls=False, result=two_party_model(**inputs))


def two_party_static_chart(**values: float) -> Any:
    """Static view: the same diagram, the price computed in the browser from bound sliders."""
    return charts.two_party_chart(**{**TWO_PARTY_DEFAULTS, **values})


def two_party_explorer() -> Any:
    """Why trade? Sliders for the two Parties' required abatements and cost slopes."""

    def slider(name: str, description: str) -> Callable[[], Any]:
        _, lo, hi, step = charts.TWO_PARTY_PARAMS[name]

        def make() -> Any:
            import ipywidgets as w

            return w.FloatSlider(
                value=TWO_PARTY_DEFAULTS[name],
                min=lo,
                max=hi,
                step=step,
                description=description,
                continuous_update=False,
                readout_format=".1f",
                style={"description_width": "initial"},
            )

        return make

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
    result = two_party_model(**values)
    return (
        f"<b>Python model:</b> price USD {result.price:.2f}/t; gains from trade "
        f"USD {result.gains_from_trade:,.2f} million a year."
    )


US_OPTIONS = ("with the United States (hypothetical cap)", "without the United States")
HOT_AIR_OPTIONS = {"sold": "sell", "banked": "bank"}
#: Parties of market_parameters that are economies in transition (Annex I, 经济转型国家).
EIT_PARTIES = ("Russian Federation", "Ukraine", "Central and Eastern European EIT")


def kyoto_market_parties() -> pd.DataFrame:
    """The ``parties`` frame of the course's Kyoto market (dataset ``market_parameters``)."""
    from climatelab import data

    return market.parties_from_parameters(data.load("market_parameters"))


def kyoto_market(
    parties: pd.DataFrame,
    us: bool = True,
    hot_air: str = "sell",
    **options: Any,
) -> market.MarketResult:
    """Clear the Kyoto market with or without the United States (left out: it had no cap).

    ``hot_air`` and ``options`` (``cdm``, ``transaction_cost``, ``ji``, ...) go to
    :func:`climatelab.market.clear_market`.
    """
    if us:
        return market.clear_market(parties, hot_air=hot_air, **options)
    if US not in set(parties["party"]):
        raise ValueError(f"parties has no row {US!r} to leave out")
    others = [p for p in parties["party"] if p != US]
    return market.clear_market(
        parties, participants=others, non_participants="drop", hot_air=hot_air, **options
    )


def _role(bought: float) -> str:
    return "buyer" if bought > 1e-9 else "seller" if bought < -1e-9 else "no trade"


def market_status_text(result: market.MarketResult) -> tuple[str, str]:
    """Two text lines for a market outcome: price and gains; units traded and hot air."""
    bought = result.table["permits_bought"]
    line1 = (
        f"Price: USD {result.price:.2f} per t CO₂e; gains from trade: "
        f"USD {result.gains_from_trade:,.0f} million a year"
    )
    line2 = f"Traded: {bought.clip(lower=0).sum():,.0f} Mt CO₂e a year"
    if result.hot_air_banked > 0:
        line2 += f"; hot air banked: {result.hot_air_banked:,.0f} Mt a year"
    return line1, line2


def kyoto_scenarios(
    parties: pd.DataFrame,
    us_options: tuple[str, ...] = US_OPTIONS,
    hot_air_options: tuple[str, ...] = tuple(HOT_AIR_OPTIONS),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Kyoto market in each scenario: with/without the United States, hot air sold/banked.

    Returns ``(table, summary)``. ``table``: one row per scenario and Party, columns ``us``,
    ``hot_air`` (scenario labels), ``party``, ``permits_bought`` (Mt CO2e/yr, negative = sold)
    and ``role``. ``summary``: one row per scenario, ``us``, ``hot_air``, ``price``
    (USD/t), ``gains_from_trade`` (million USD/yr), ``hot_air_banked`` (Mt/yr), ``status1``,
    ``status2`` (text for :func:`climatelab.charts.permits_chart`).
    """
    rows, summary = [], []
    for us_label in us_options:
        if us_label not in US_OPTIONS:
            raise ValueError(f"us option {us_label!r} is not one of {US_OPTIONS}")
        for hot_label in hot_air_options:
            if hot_label not in HOT_AIR_OPTIONS:
                raise ValueError(f"hot_air option {hot_label!r} is not one of {HOT_AIR_OPTIONS}")
            result = kyoto_market(
                parties, us=us_label == US_OPTIONS[0], hot_air=HOT_AIR_OPTIONS[hot_label]
            )
            table = result.table
            rows.append(
                pd.DataFrame(
                    {
                        "us": us_label,
                        "hot_air": hot_label,
                        "party": table["party"].to_numpy(),
                        "permits_bought": table["permits_bought"].to_numpy(),
                        "role": [_role(b) for b in table["permits_bought"]],
                    }
                )
            )
            line1, line2 = market_status_text(result)
            summary.append(
                {
                    "us": us_label,
                    "hot_air": hot_label,
                    "price": result.price,
                    "gains_from_trade": result.gains_from_trade,
                    "hot_air_banked": result.hot_air_banked,
                    "status1": line1,
                    "status2": line2,
                }
            )
    return pd.concat(rows, ignore_index=True), pd.DataFrame(summary)


def kyoto_market_static_chart() -> Any:
    """Static view: the four scenarios computed in Python, two menus pick one in the browser."""
    table, summary = kyoto_scenarios(kyoto_market_parties())
    return charts.permits_chart(table, summary)


def kyoto_market_view(parties: pd.DataFrame, us: str = US_OPTIONS[0], hot_air: str = "sold") -> Any:
    """Live view: one scenario cleared in Python, the bars without bound inputs."""
    table, summary = kyoto_scenarios(parties, (us,), (hot_air,))
    return charts.permits_chart(table, summary, controls=False)


def kyoto_market_explorer() -> Any:
    """The Kyoto market: with or without the United States, hot air sold or banked."""
    parties = kyoto_market_parties()

    def us() -> Any:
        import ipywidgets as w

        return w.Dropdown(options=list(US_OPTIONS), value=US_OPTIONS[0], description="US")

    def hot_air() -> Any:
        import ipywidgets as w

        return w.Dropdown(options=list(HOT_AIR_OPTIONS), value="sold", description="Hot air")

    return explorer(
        {"us": us, "hot_air": hot_air},
        lambda **kw: kyoto_market_view(parties, **kw),
        kyoto_market_static_chart,
        params=lambda us, hot_air: {"us_choice": us, "hot_air_choice": hot_air},
        readout=lambda us, hot_air: (
            "<b>Python model:</b> "
            + "; ".join(
                market_status_text(
                    kyoto_market(parties, us=us == US_OPTIONS[0], hot_air=HOT_AIR_OPTIONS[hot_air])
                )
            )
        ),
    )


__all__ += [
    "kyoto_market",
    "kyoto_market_explorer",
    "kyoto_market_parties",
    "kyoto_market_static_chart",
    "kyoto_market_view",
    "kyoto_scenarios",
    "market_status_text",
    "two_party_explorer",
    "two_party_model",
    "two_party_parties",
    "two_party_static_chart",
    "two_party_view",
]


# --- Part 5: outcomes ---------------------------------------------------------------------

import functools  # noqa: E402  (kept in this section: parts append their own)

from climatelab import outcomes  # noqa: E402  (kept in this section: parts append their own)

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
