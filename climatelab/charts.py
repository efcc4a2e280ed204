"""Altair chart builders (one per figure kind) and the renderer switch.

Call :func:`use_renderer` once at the top of a notebook. It picks

* ``html`` (deterministic, no network) when the book is being built or a notebook is
  executed by nbval: the variable ``CLIMATELAB_STATIC`` is set by the Sphinx extension
  :mod:`climatelab.sphinxext` and by the test suite; the built site serves Vega itself;
* ``jupyter`` in offline mode (anywidget, JavaScript shipped with the Python package) in a
  live JupyterLab kernel, so charts draw without internet.

Every chart carries a title, axis titles with units, a source line, an accessible
description and the colour-blind-safe Okabe-Ito palette. Altair is imported lazily so that
``import climatelab`` stays cheap.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    import altair as alt

__all__ = [
    "OKABE_ITO",
    "SOURCE_GCB",
    "emissions_chart",
    "is_static",
    "timeline_chart",
    "use_renderer",
    "without_bindings",
]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
OKABE_ITO = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
]
SOURCE_GCB = "Source: Global Carbon Budget (2024) via Our World in Data (CC BY 4.0)"
_EMBED_OPTIONS = {"renderer": "svg", "actions": False}
_LOCAL_BASE = "_static/climatelab"
_state: dict[str, str] = {}


def is_static() -> bool:
    """True while the book is built or notebooks run under nbval (no live kernel UI)."""
    return os.environ.get("CLIMATELAB_STATIC", "") not in ("", "0", "false")


def use_renderer() -> str:
    """Enable the right Altair renderer for where the code runs; return its name.

    ``html`` during book builds and nbval runs, ``jupyter`` (offline) in a live kernel.
    """
    import altair as alt

    if "theme" not in _state:
        alt.theme.register("climatelab", enable=True)(_theme)
        _state["theme"] = "climatelab"
    if is_static():
        # The built site serves Vega itself (climatelab.sphinxext); base_url only matters if
        # that script were missing, and then points inside the site, never at a CDN.
        alt.renderers.enable("html", embed_options=_EMBED_OPTIONS, base_url=_LOCAL_BASE)
        name = "html"
    else:
        alt.renderers.enable("jupyter", offline=True)
        name = "jupyter"
    _state["renderer"] = name
    return name


def _theme() -> dict[str, Any]:
    return {
        "config": {
            "range": {"category": OKABE_ITO},
            "font": "Helvetica, Arial, sans-serif",
            "title": {"anchor": "start", "fontSize": 15, "subtitleColor": "#555"},
            "axis": {"labelFontSize": 11, "titleFontSize": 12},
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
            "view": {"stroke": None},
        }
    }


def _title(text: str, subtitle: str | list[str] | None = None) -> alt.TitleParams:
    import altair as alt

    if subtitle is None:
        return alt.TitleParams(text)
    return alt.TitleParams(text, subtitle=subtitle)


def _with_source(chart: alt.TopLevelMixin, source: str, description: str, width: int) -> Any:
    """Attach the source line (last line under the title) and the accessible description.

    The source goes into the title block rather than a concatenated footer chart: a
    concatenation costs Altair several deep copies per chart, which would slow every
    explorer callback (see ``benchmarks/run_all.py``). ``width`` is kept for callers.
    """
    import altair as alt

    title = chart.title
    if isinstance(title, alt.TitleParams):
        text = title.text
        sub = title.subtitle
        lines = [] if sub is alt.Undefined else [sub] if isinstance(sub, str) else list(sub)
    else:
        text = "" if title is alt.Undefined else title
        lines = []
    chart = chart.properties(
        title=alt.TitleParams(text, subtitle=[*lines, source], subtitleFontSize=11),
        description=description,
    )
    return chart.configure_view(stroke=None)


def _range_params(
    ranges: dict[str, tuple], values: dict[str, float], *, controls: bool = True
) -> list[Any]:
    """Vega-Lite parameters for ``values``, bound to sliders when ``controls``.

    ``ranges[name]`` is ``(label, min, max, step)``; a value outside its slider's range is
    an error naming the parameter.
    """
    import altair as alt

    params = []
    for name, (label, lo, hi, step) in ranges.items():
        if not lo <= values[name] <= hi:
            raise ValueError(f"{name}={values[name]!r} is outside the slider range [{lo}, {hi}]")
        bind = {"bind": alt.binding_range(min=lo, max=hi, step=step, name=label)}
        params.append(alt.param(name=name, value=values[name], **(bind if controls else {})))
    return params


def without_bindings(chart: Any) -> Any:
    """A copy of ``chart`` whose parameters keep their values but lose their input bindings.

    The live explorers use it: ipywidgets set the parameters, so the chart's own HTML inputs
    would be a second, conflicting set of controls.
    """
    import altair as alt

    live = chart.copy(deep=True)
    for param in getattr(live, "params", None) or []:
        if getattr(param, "bind", alt.Undefined) is not alt.Undefined:
            param.bind = alt.Undefined
    return live


def timeline_chart(events: pd.DataFrame, *, controls: bool = True, width: int = 680) -> Any:
    """An interactive timeline of milestones and COP sessions, one lane per category.

    ``events`` is :func:`climatelab.timeline.events` (``date``, ``category``,
    ``title_en``, ``title_zh``, ``description_en``, ``place``, ``source``). Two Vega-Lite
    parameters bound to inputs keep it interactive without a kernel: a category menu and
    a first-year slider (``controls=False`` leaves them out, for the live explorer whose
    ipywidgets filter the data in Python). Hover a point for details.
    """
    import altair as alt

    from climatelab.timeline import CATEGORIES

    frame = events.copy()
    frame["year"] = frame["date"].dt.year
    frame["date_label"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame = frame[
        [
            "date",
            "year",
            "date_label",
            "category",
            "title_en",
            "title_zh",
            "description_en",
            "place",
            "source",
        ]
    ]
    options = ["all", *CATEGORIES]
    category = alt.param(
        name="category",
        value="all",
        bind=alt.binding_select(options=options, name="Category "),
    )
    first = int(frame["year"].min())
    last = int(frame["year"].max())
    from_year = alt.param(
        name="from_year",
        value=first,
        bind=alt.binding_range(min=first, max=last, step=1, name="From year "),
    )
    base = alt.Chart(frame)
    if controls:
        base = base.transform_filter(
            "(category == 'all' || datum.category == category) && datum.year >= from_year"
        )
    points = base.mark_point(filled=True, size=70, opacity=0.85).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%Y")),
        y=alt.Y("category:N", title=None, sort=list(CATEGORIES)),
        color=alt.Color("category:N", legend=None, sort=list(CATEGORIES)),
        shape=alt.Shape("category:N", legend=None, sort=list(CATEGORIES)),
        tooltip=[
            alt.Tooltip("date_label:N", title="Date"),
            alt.Tooltip("title_en:N", title="Event"),
            alt.Tooltip("title_zh:N", title="中文"),
            alt.Tooltip("place:N", title="Place"),
            alt.Tooltip("description_en:N", title="What happened"),
        ],
    )
    if controls:
        points = points.add_params(category, from_year)
    chart = points.properties(
        width=width,
        height=220,
        title=_title(
            "From Stockholm to Paris: milestones and COP sessions",
            "Pick a category or a first year; hover a point for details"
            if controls
            else "Hover a point for details",
        ),
    )
    return _with_source(
        chart,
        "Sources: UNFCCC session reports (FCCC/CP/yyyy/n); UN, IPCC and WMO records; "
        "see the milestones dataset",
        "Timeline of climate diplomacy with one lane per category of event.",
        width,
    )


def emissions_chart(
    series: pd.DataFrame,
    *,
    markers: pd.DataFrame | None = None,
    title: str = "Fossil CO₂ emissions",
    subtitle: str | None = None,
    controls: bool = True,
    index: bool = False,
    codes: list[str] | None = None,
    start: int | None = None,
    width: int = 620,
) -> Any:
    """Annual emissions lines (Gt CO₂/yr) with optional vertical milestone rules.

    ``series`` has columns ``year``, ``entity``, ``co2_gt``; ``markers`` has ``year``
    and ``label``. A checkbox bound to a parameter switches the milestone rules on and
    off, and a radio switches between absolute values and an index (first year = 100).
    With ``controls=False`` (the live explorer) there are no bound inputs: ``index``
    chooses the view and the rules are always drawn.

    ``codes`` and ``start`` (with a ``code`` column in ``series``) add two unbound
    parameters that pick the entities and the first year in the browser; the live explorer
    sets them from its ipywidgets, so a move never rebuilds the chart.
    """
    import altair as alt

    picking = codes is not None
    frame = series[["year", "entity", "co2_gt", *(["code"] if picking else [])]].copy()
    entities = list(dict.fromkeys(frame["entity"]))
    absolute = "Gt CO₂ per year"
    view_bind = {}
    show_bind = {}
    if controls:
        view_bind["bind"] = alt.binding_radio(
            options=[absolute, "index (first year = 100)"], name="Show "
        )
        show_bind["bind"] = alt.binding_checkbox(name="Treaty events ")
    view = alt.param(
        name="view", value="index (first year = 100)" if index else absolute, **view_bind
    )
    show = alt.param(name="show_events", value=True, **show_bind)
    params = [view, show]
    base = alt.Chart(frame)
    if picking:
        first_year = int(frame["year"].min()) if start is None else int(start)
        params += [
            alt.param(name="codes", value=list(codes)),
            alt.param(name="start", value=first_year),
        ]
        base = base.transform_filter("indexof(codes, datum.code) >= 0 && datum.year >= start")
    lines = (
        base.transform_joinaggregate(first="argmin(year)", groupby=["entity"])
        .transform_calculate(
            value=f"view == '{absolute}' ? datum.co2_gt : 100 * datum.co2_gt / datum.first.co2_gt"
        )
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
            y=alt.Y(
                "value:Q",
                title="Index (first year = 100)"
                if index and not controls
                else "Gt CO₂ per year"
                if not controls
                else "Gt CO₂ per year, or index",
            ),
            color=alt.Color("entity:N", title=None, sort=entities),
            strokeDash=alt.StrokeDash("entity:N", legend=None, sort=entities),
            tooltip=[
                alt.Tooltip("entity:N", title="Entity"),
                alt.Tooltip("year:Q", title="Year"),
                alt.Tooltip("co2_gt:Q", title="Gt CO₂", format=".2f"),
            ],
        )
    )
    layers = [lines]
    if markers is not None and len(markers):
        marks = markers[["year", "label"]].copy()
        rule = (
            alt.Chart(marks)
            .mark_rule(color="#777", strokeDash=[3, 3])
            .encode(x="year:Q", tooltip=[alt.Tooltip("label:N", title="Event")])
            .transform_filter("show_events" + (" && datum.year >= start" if picking else ""))
        )
        text = (
            alt.Chart(marks)
            .mark_text(
                angle=270, align="right", baseline="bottom", dy=-2, dx=-4, fontSize=10, color="#444"
            )
            .encode(x="year:Q", y=alt.value(0), text="label:N")
            .transform_filter("show_events" + (" && datum.year >= start" if picking else ""))
        )
        layers += [rule, text]
    chart = (
        alt.layer(*layers)
        .add_params(*params)
        .properties(width=width, height=320, title=_title(title, subtitle))
    )
    return _with_source(chart, SOURCE_GCB, f"{title}: line chart by year.", width)


# --- Part 4: China's Action Plan ---------------------------------------------------------

SOURCE_PEAK = (
    "Sources: Global Carbon Budget 2024 via OWID (CC BY 4.0); MEE 2021; "
    "model: climatelab.targets.peak_scenario"
)

#: Vega-Lite parameters of the static peak explorer: name -> (label, min, max, step). Rates are
#: in percent per year (changes in percentage points per year) so the sliders read naturally.
PEAK_PARAMS = {
    "gdp_growth_pct": ("GDP growth, % per year ", 0.0, 8.0, 0.1),
    "gdp_growth_change_pct": ("its change, points per year ", -0.5, 0.5, 0.05),
    "intensity_decline_pct": ("CO₂-intensity decline, % per year ", 0.0, 8.0, 0.1),
    "decline_change_pct": ("its change, points per year ", -0.5, 0.5, 0.05),
}

#: The path of targets.PEAK_PATH_FORMULA as Vega expressions, applied in order by ``calculate``
#: before a running ``window`` sum. They use only arithmetic, comparisons, ``log`` and ``exp``, so
#: the same strings are valid Python over numpy arrays (the tests evaluate them that way).
#: ``{start_year}`` is filled in; ``(datum.k > 0)`` makes year 0 contribute nothing.
PEAK_PATH_EXPRESSIONS = (
    ("k", "datum.year - {start_year}"),
    ("g_k", "gdp_growth_pct / 100 + gdp_growth_change_pct / 100 * (datum.k - 1)"),
    ("d_k", "intensity_decline_pct / 100 + decline_change_pct / 100 * (datum.k - 1)"),
    ("log_step", "(datum.k > 0) * (log(1 + datum.g_k) + log(1 - datum.d_k))"),
    ("log_step_intensity", "(datum.k > 0) * log(1 - datum.d_k)"),
)
#: After the running sums (``cum_log``, ``cum_log_intensity``): E_t = E_0 * exp(sum).
PEAK_EMISSIONS_EXPRESSION = "{start_emissions_gt} * exp(datum.cum_log)"
PEAK_INTENSITY_EXPRESSION = "exp(datum.cum_log_intensity)"
#: Same relative tolerance as targets.peak_scenario: the first year within it of the maximum.
_PEAK_RTOL_EXPR = "1e-9"


def _peak_status_text(
    peak_year: int,
    peak_gt: float,
    by_2030: str,
    reduction_2030_pct: float | None,
    met: str,
) -> tuple[str, str]:
    line1 = f"Peak: {peak_year} at {peak_gt:.2f} Gt CO₂ — peaks by 2030: {by_2030}"
    if reduction_2030_pct is None:
        return line1, "CO₂ intensity in 2030: not on this path"
    line2 = (
        f"CO₂ intensity in 2030: {reduction_2030_pct:.1f} % below 2005 "
        f"(target: at least 65 %) — met: {met}"
    )
    return line1, line2


def _peak_layers(
    path: alt.Chart,
    peak: alt.Chart,
    observed: pd.DataFrame | None,
    start_year: int,
    end_year: int,
) -> list[Any]:
    """Shared marks: path line, 2030 rule, peak point and label, status lines, reported dots.

    ``path`` yields ``year`` and ``emissions_gt``; ``peak`` yields one row with ``year``,
    ``emissions_gt``, ``peak_label``, ``status1`` and ``status2``.
    """
    import altair as alt

    x = alt.X(
        "year:Q",
        title="Year",
        scale=alt.Scale(domain=[start_year, end_year]),
        axis=alt.Axis(format="d", tickCount=8),
    )
    y_title = "Fossil CO₂ emissions, Gt CO₂ per year"
    line = path.mark_line(point=alt.OverlayMarkDef(size=18), color=OKABE_ITO[0]).encode(
        x=x,
        y=alt.Y("emissions_gt:Q", title=y_title, scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("year:Q", title="Year"),
            alt.Tooltip("emissions_gt:Q", title="Scenario, Gt CO₂", format=".2f"),
        ],
    )
    deadline = (
        alt.Chart(pd.DataFrame({"year": [2030], "label": ["2030: peak deadline"]}))
        .mark_rule(color="#777", strokeDash=[4, 3])
        .encode(x=x, tooltip=alt.Tooltip("label:N", title="Plan"))
    )
    deadline_text = (
        alt.Chart(pd.DataFrame({"year": [2030], "label": ["2030 deadline"]}))
        .mark_text(align="left", baseline="bottom", dx=3, fontSize=10, color="#555")
        .encode(x=x, y=alt.value(318), text="label:N")
    )
    point = peak.mark_point(filled=True, size=120, color=OKABE_ITO[3], shape="diamond").encode(
        x=x, y="emissions_gt:Q"
    )
    label = peak.mark_text(
        align="center", baseline="bottom", dy=-9, fontSize=12, fontWeight="bold", color="#000"
    ).encode(x=x, y="emissions_gt:Q", text="peak_label:N")
    layers: list[Any] = [deadline, deadline_text, line]
    if observed is not None and len(observed):
        obs = observed[["year", "emissions_gt"]].copy()
        obs = obs[(obs["year"] >= start_year) & (obs["year"] <= end_year)]
        layers.append(
            alt.Chart(obs)
            .mark_point(shape="square", size=40, filled=True, color=OKABE_ITO[7])
            .encode(
                x=x,
                y="emissions_gt:Q",
                tooltip=[
                    alt.Tooltip("year:Q", title="Year"),
                    alt.Tooltip("emissions_gt:Q", title="Reported, Gt CO₂", format=".2f"),
                ],
            )
        )
    layers += [point, label]
    return layers


def _peak_status(peak: alt.Chart, width: int) -> Any:
    """The peak year and the plan's 2030 checks as two lines of text under the plot."""
    import altair as alt

    lines = [
        peak.mark_text(align="left", baseline="top", fontSize=12, color="#000").encode(
            x=alt.value(0), y=alt.value(y), text=f"{field}:N"
        )
        for field, y in (("status1", 2), ("status2", 19))
    ]
    return alt.layer(*lines).properties(width=width, height=34)


def peak_chart(
    start_emissions_gt: float,
    *,
    start_year: int = 2020,
    end_year: int = 2035,
    gdp_growth_pct: float = 5.0,
    gdp_growth_change_pct: float = -0.2,
    intensity_decline_pct: float = 4.0,
    decline_change_pct: float = 0.0,
    intensity_reduction_2005_to_start: float = 0.484,
    observed: pd.DataFrame | None = None,
    width: int = 620,
) -> Any:
    """The peak-year explorer for a static page: the path is computed in the browser.

    Four Vega-Lite parameters bound to sliders (:data:`PEAK_PARAMS`, initial values from the
    arguments) drive the closed-form path of :data:`climatelab.targets.PEAK_PATH_FORMULA`: a
    sequence of years, ``calculate`` g_k, d_k and ``log(1+g_k)+log(1-d_k)``
    (:data:`PEAK_PATH_EXPRESSIONS`), a running ``window`` sum (``frame: [null, 0]``), then
    ``E_0 * exp(sum)``. The peak (first year within 1e-9 of the maximum, as in
    :func:`climatelab.targets.peak_scenario`) and the 2030 checks of plan section 二 are computed
    in the browser too. ``observed`` (``year``, ``emissions_gt``) adds reported emissions as dots.
    """
    import altair as alt

    if end_year <= start_year:
        raise ValueError(f"end_year must be after start_year={start_year}, got {end_year!r}")
    if not start_emissions_gt > 0:
        raise ValueError(f"start_emissions_gt must be > 0, got {start_emissions_gt!r}")
    values = {
        "gdp_growth_pct": gdp_growth_pct,
        "gdp_growth_change_pct": gdp_growth_change_pct,
        "intensity_decline_pct": intensity_decline_pct,
        "decline_change_pct": decline_change_pct,
    }
    params = _range_params(PEAK_PARAMS, values)
    remaining = 1.0 - intensity_reduction_2005_to_start
    path = alt.Chart(alt.sequence(start_year, end_year + 1, as_="year"))
    for name, expr in PEAK_PATH_EXPRESSIONS:
        path = path.transform_calculate(**{name: expr.format(start_year=start_year)})
    path = path.transform_window(
        cum_log="sum(log_step)",
        cum_log_intensity="sum(log_step_intensity)",
        sort=[alt.SortField("year")],
        frame=[None, 0],
    ).transform_calculate(
        emissions_gt=PEAK_EMISSIONS_EXPRESSION.format(start_emissions_gt=repr(start_emissions_gt)),
        intensity_index=PEAK_INTENSITY_EXPRESSION,
    )
    has_2030 = start_year <= 2030 <= end_year
    peak = (
        path.transform_calculate(at_2030="(datum.year == 2030) * datum.intensity_index")
        .transform_joinaggregate(
            max_e="max(emissions_gt)", last="argmax(year)", intensity_2030="sum(at_2030)"
        )
        .transform_filter(f"datum.emissions_gt >= datum.max_e * (1 - {_PEAK_RTOL_EXPR})")
        .transform_window(rank="row_number()", sort=[alt.SortField("year")])
        .transform_filter("datum.rank == 1")
        .transform_calculate(
            within=f"datum.last.emissions_gt < datum.max_e * (1 - {_PEAK_RTOL_EXPR})",
            reduction_2030=f"100 * (1 - {remaining!r} * datum.intensity_2030)",
        )
        .transform_calculate(
            by_2030="datum.year > 2030 ? 'no' : (datum.within ? 'yes' : 'cannot tell')",
            peak_label="'Peak ' + datum.year",
            status1="'Peak: ' + datum.year + ' at ' + format(datum.emissions_gt, '.2f') + "
            "' Gt CO₂ — peaks by 2030: ' + datum.by_2030",
            status2=(
                "'CO₂ intensity in 2030: ' + format(datum.reduction_2030, '.1f') + "
                "' % below 2005 (target: at least 65 %) — met: ' + "
                "(datum.reduction_2030 >= 65 - 1e-7 ? 'yes' : 'no')"
            )
            if has_2030
            else "'CO₂ intensity in 2030: not on this path'",
        )
    )
    layers = _peak_layers(path, peak, observed, start_year, end_year)
    plot = alt.layer(*layers).add_params(*params).properties(width=width, height=320)
    chart = alt.vconcat(plot, _peak_status(peak, width), spacing=6).properties(
        title=_title(
            "When does the peak come? China's fossil CO₂ under your assumptions",
            "Line: emissions = 2020 level × (1 + GDP growth) × (1 − intensity decline), year "
            "by year; squares: reported. Move the sliders",
        )
    )
    return _with_source(
        chart,
        SOURCE_PEAK,
        "Line chart of a projected path of China's fossil CO2 emissions from "
        f"{start_year} to {end_year}, with the peak year marked and the plan's 2030 checks "
        "stated as text; sliders set GDP growth and the decline of CO2 intensity.",
        width,
    )


def peak_scenario_chart(
    scenario: Any, *, observed: pd.DataFrame | None = None, width: int = 620
) -> Any:
    """The live peak explorer's figure: a :class:`climatelab.targets.PeakScenario` as computed
    in Python (emissions in Gt CO₂), with the same marks as :func:`peak_chart`, no bound inputs."""
    import altair as alt

    frame = scenario.path[["year", "emissions"]].rename(columns={"emissions": "emissions_gt"})
    by_2030 = {True: "yes", False: "no", None: "cannot tell"}[scenario.peaks_by_2030]
    red = scenario.intensity_reduction_2030_vs_2005
    line1, line2 = _peak_status_text(
        scenario.peak_year,
        scenario.peak_emissions,
        by_2030,
        None if red is None else 100 * red,
        {True: "yes", False: "no", None: "cannot tell"}[scenario.meets_2030_intensity_target],
    )
    peak = alt.Chart(
        pd.DataFrame(
            {
                "year": [scenario.peak_year],
                "emissions_gt": [scenario.peak_emissions],
                "peak_label": [f"Peak {scenario.peak_year}"],
                "status1": [line1],
                "status2": [line2],
            }
        )
    )
    layers = _peak_layers(alt.Chart(frame), peak, observed, scenario.start_year, scenario.end_year)
    g = 100 * scenario.gdp_growth
    d = 100 * scenario.intensity_decline
    plot = alt.layer(*layers).properties(width=width, height=320)
    chart = alt.vconcat(plot, _peak_status(peak, width), spacing=6).properties(
        title=_title(
            "When does the peak come? China's fossil CO₂ under your assumptions",
            f"GDP growth {g:.1f} % a year ({100 * scenario.gdp_growth_change:+.2f} points a "
            f"year), CO₂-intensity decline {d:.1f} % a year "
            f"({100 * scenario.decline_change:+.2f} points a year)",
        ),
    )
    return _with_source(
        chart,
        SOURCE_PEAK,
        "Line chart of a projected path of China's fossil CO2 emissions with the peak year "
        "marked and the plan's 2030 checks stated as text.",
        width,
    )


#: Vega expressions of the intensity chart (index 2005 = 100). Intensity falls geometrically to the
#: reported 2020 value, then to the 2030 target; GDP follows its implied 2005-2020 growth, then
#: ``gdp_growth_pct`` a year; emissions = GDP x intensity.
INTENSITY_EXPRESSIONS = (
    (
        "intensity",
        "datum.year <= 2020 ? 100 * pow({r2020}, (datum.year - 2005) / 15) : "
        "100 * {r2020} * pow((1 - target_pct / 100) / {r2020}, (datum.year - 2020) / 10)",
    ),
    (
        "gdp",
        "datum.year <= 2020 ? 100 * pow({gdp_ratio}, (datum.year - 2005) / 15) : "
        "100 * {gdp_ratio} * pow(1 + gdp_growth_pct / 100, datum.year - 2020)",
    ),
    ("emissions", "datum.gdp * datum.intensity / 100"),
)
INTENSITY_SERIES = ("GDP", "CO₂ emissions", "CO₂ intensity (CO₂ per unit of GDP)")


def intensity_chart(
    reported: pd.DataFrame,
    *,
    reduction_2020_vs_2005: float = 0.484,
    gdp_growth_pct: float = 5.0,
    target_pct: float = 65.0,
    controls: bool = True,
    width: int = 620,
) -> Any:
    """GDP, CO₂ intensity and CO₂ emissions as indices (2005 = 100, log scale), 2005-2030.

    ``reported`` (``year``, ``emissions_gt``, covering 2005 and 2020) anchors the path: GDP's
    2005-2020 growth is implied by reported emissions and the reported intensity cut
    (``reduction_2020_vs_2005``); reported emissions are drawn as squares. Two parameters set
    2021-2030: ``gdp_growth_pct`` (% a year) and ``target_pct`` (2030 intensity cut below 2005,
    %). With ``controls=True`` they are bound to sliders (static page); with ``controls=False``
    (live explorer) they are fixed values set by the ipywidgets.
    """
    import altair as alt

    rep = reported.set_index("year")["emissions_gt"]
    for y in (2005, 2020):
        if y not in rep.index:
            raise ValueError(f"reported lacks year {y}")
    if not 0 < reduction_2020_vs_2005 < 1:
        raise ValueError(
            f"reduction_2020_vs_2005 must be a fraction in (0, 1), got {reduction_2020_vs_2005!r}"
        )
    if not 0 <= gdp_growth_pct <= 10:
        raise ValueError(f"gdp_growth_pct={gdp_growth_pct!r} is outside [0, 10]")
    if not 50 <= target_pct <= 80:
        raise ValueError(f"target_pct={target_pct!r} is outside [50, 80]")
    r2020 = 1.0 - reduction_2020_vs_2005
    gdp_ratio = float(rep[2020] / rep[2005]) / r2020
    bind_g: dict[str, Any] = {}
    bind_t: dict[str, Any] = {}
    if controls:
        bind_g["bind"] = alt.binding_range(
            min=0, max=10, step=0.1, name="GDP growth 2021–2030, % per year "
        )
        bind_t["bind"] = alt.binding_range(
            min=50, max=80, step=1, name="2030 intensity cut below 2005, % "
        )
    growth = alt.param(name="gdp_growth_pct", value=gdp_growth_pct, **bind_g)
    target = alt.param(name="target_pct", value=target_pct, **bind_t)
    base = alt.Chart(alt.sequence(2005, 2031, as_="year"))
    for name, expr in INTENSITY_EXPRESSIONS:
        base = base.transform_calculate(
            **{name: expr.format(r2020=repr(r2020), gdp_ratio=repr(gdp_ratio))}
        )
    names = dict(zip(("gdp", "emissions", "intensity"), INTENSITY_SERIES, strict=True))
    x = alt.X(
        "year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(domain=[2005, 2030])
    )
    y = alt.Y(
        "index:Q",
        title="Index, 2005 = 100 (log scale)",
        scale=alt.Scale(type="log", domain=[20, 1000]),
    )
    colour = alt.Color(
        "series:N",
        title=None,
        sort=list(INTENSITY_SERIES),
        scale=alt.Scale(domain=list(INTENSITY_SERIES), range=OKABE_ITO[:3]),
        legend=alt.Legend(orient="top-left", labelLimit=320),
    )
    lines = (
        base.transform_fold(["gdp", "emissions", "intensity"], as_=["key", "index"])
        .transform_calculate(
            series=" : ".join(
                [f"datum.key == '{k}' ? '{v}'" for k, v in list(names.items())[:2]]
                + [f"'{names['intensity']}'"]
            )
        )
        .mark_line()
        .encode(
            x=x,
            y=y,
            color=colour,
            strokeDash=alt.StrokeDash("series:N", sort=list(INTENSITY_SERIES), legend=None),
            tooltip=[
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("year:Q", title="Year"),
                alt.Tooltip("index:Q", title="Index (2005 = 100)", format=".1f"),
            ],
        )
    )
    obs = pd.DataFrame({"year": rep.index.astype(int), "index": 100 * rep.to_numpy() / rep[2005]})
    obs = obs[(obs["year"] >= 2005) & (obs["year"] <= 2030)]
    dots = (
        alt.Chart(obs)
        .mark_point(shape="square", size=30, filled=True, color=OKABE_ITO[7])
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("year:Q", title="Year"),
                alt.Tooltip("index:Q", title="Reported emissions (2005 = 100)", format=".1f"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"year": [2020]}))
        .mark_rule(color="#777", strokeDash=[4, 3])
        .encode(x=x)
    )
    status = (
        base.transform_filter("datum.year == 2020 || datum.year == 2030")
        .transform_pivot("year", value="emissions")
        .transform_calculate(
            breakeven=f"100 * (pow({r2020!r} / (1 - target_pct / 100), 1 / 10) - 1)",
            line1="'2030 vs 2020: CO₂ emissions ' + format(datum['2030'] / datum['2020'] - 1, "
            "'+.1%') + ' with GDP growth of ' + format(gdp_growth_pct, '.1f') + ' % a year'",
            line2="'Emissions fall from 2020 only if GDP grows less than ' + "
            "format(datum.breakeven, '.2f') + ' % a year'",
        )
    )
    text = [
        status.mark_text(align="left", baseline="top", fontSize=12, color="#000").encode(
            x=alt.value(0), y=alt.value(y0), text=f"{field}:N"
        )
        for field, y0 in (("line1", 2), ("line2", 19))
    ]
    plot = (
        alt.layer(rule, lines, dots).add_params(growth, target).properties(width=width, height=320)
    )
    chart = alt.vconcat(
        plot, alt.layer(*text).properties(width=width, height=34), spacing=6
    ).properties(
        title=_title(
            "Intensity is not emissions: China's CO₂ intensity, GDP and emissions",
            "Index 2005 = 100; lines: the plan's arithmetic; squares: reported emissions"
            + (". Move the sliders" if controls else ""),
        )
    )
    return _with_source(
        chart,
        "Sources: Global Carbon Budget 2024 via OWID (CC BY 4.0); MEE 2021 (48.4 % by 2020); "
        "Action Plan, section II",
        "Line chart on a log scale of GDP, CO2 intensity and CO2 emissions of China as indices "
        "(2005 = 100) from 2005 to 2030, with reported emissions as squares; text states the "
        "change in emissions from 2020 to 2030 and the break-even GDP growth.",
        width,
    )


def plan_chart(targets_table: pd.DataFrame, actions: pd.DataFrame, *, width: int = 380) -> Any:
    """The plan's quantitative targets counted per action, stacked by target year.

    ``targets_table`` is :func:`climatelab.targets.action_plan_targets`; ``actions`` lists every
    action (``action``, ``label``), so the actions without a quantitative target still get a row.
    A menu bound to a parameter keeps only targets for 2025, 2030 or without a year. Hover a bar
    for the number of targets.
    """
    import altair as alt

    frame = targets_table[["id", "action", "target_year", "indicator"]].copy()
    frame["year_group"] = frame["target_year"].map(
        lambda y: "no year" if pd.isna(y) else str(int(y))
    )
    labels = dict(zip(actions["action"], actions["label"], strict=True))
    unknown = set(frame["action"]) - set(labels)
    if unknown:
        raise ValueError(f"actions lacks action number(s) {sorted(unknown)}")
    frame["action_label"] = frame["action"].map(labels)
    frame = frame[["id", "action_label", "year_group", "indicator"]]
    order = list(actions["label"])
    groups = ["2025", "2030", "no year"]
    pick = alt.param(
        name="target_year",
        value="all",
        bind=alt.binding_select(options=["all", *groups], name="Target year "),
    )
    bars = (
        alt.Chart(frame)
        .transform_filter("target_year == 'all' || datum.year_group == target_year")
        .mark_bar()
        .encode(
            x=alt.X(
                "count():Q", title="Quantitative targets (count)", axis=alt.Axis(tickMinStep=1)
            ),
            y=alt.Y(
                "action_label:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order),
                axis=alt.Axis(labelLimit=320),
            ),
            color=alt.Color(
                "year_group:N",
                title="Target year",
                sort=groups,
                scale=alt.Scale(domain=groups, range=[OKABE_ITO[1], OKABE_ITO[0], "#999999"]),
            ),
            order=alt.Order("year_group:N"),
            tooltip=[
                alt.Tooltip("action_label:N", title="Action"),
                alt.Tooltip("year_group:N", title="Target year"),
                alt.Tooltip("count():Q", title="Targets"),
            ],
        )
        .add_params(pick)
        .properties(
            width=width,
            height=300,
            title=_title(
                "What the plan promises: quantitative targets by action",
                "Headline goals and the ten actions of the 2030 Carbon Peak Action Plan; "
                "pick a target year",
            ),
        )
    )
    return _with_source(
        bars,
        "Source: State Council, Action Plan for CO2 Peaking Before 2030 (Guo Fa [2021] No. 23); "
        "climatelab dataset action_plan_targets",
        "Horizontal bar chart: number of quantitative targets for the headline goals and each of "
        "the ten actions of China's Action Plan, coloured by target year (2025, 2030, none).",
        width,
    )


def progress_chart(progress: pd.DataFrame, *, width: int = 470) -> Any:
    """Reported indicators as a percentage of their plan target, by year (100 % = target).

    ``progress`` is :func:`climatelab.widgets.progress_vs_plan`. A menu bound to a parameter
    shows one indicator or all; hover a point for the value, unit and target.
    """
    import altair as alt

    frame = progress[
        ["label", "period", "year", "value", "unit", "target_value", "target_year", "pct_of_target"]
    ].copy()
    # A month-end report ("2024-07") sits inside its year; a period ("2014-2018") at its end year.
    month = frame["period"].astype(str).str.extract(r"^(\d{4})-(\d{2})$")
    frame["when"] = frame["year"].astype(float)
    has_month = month[0].notna()
    frame.loc[has_month, "when"] = (
        month.loc[has_month, 0].astype(float) + (month.loc[has_month, 1].astype(float) - 0.5) / 12
    )
    labels = list(dict.fromkeys(frame["label"]))
    pick = alt.param(
        name="indicator",
        value="all",
        bind=alt.binding_select(options=["all", *labels], name="Indicator "),
    )
    x = alt.X("when:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    y = alt.Y("pct_of_target:Q", title="Reported value, % of the plan's target")
    lines = (
        alt.Chart(frame)
        .transform_filter("indicator == 'all' || datum.label == indicator")
        .mark_line(point=alt.OverlayMarkDef(size=50, filled=True))
        .encode(
            x=x,
            y=y,
            color=alt.Color("label:N", title=None, sort=labels),
            strokeDash=alt.StrokeDash("label:N", legend=None, sort=labels),
            tooltip=[
                alt.Tooltip("label:N", title="Indicator"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("value:Q", title="Reported"),
                alt.Tooltip("unit:N", title="Unit"),
                alt.Tooltip("target_value:Q", title="Target"),
                alt.Tooltip("target_year:Q", title="Target year"),
                alt.Tooltip("pct_of_target:Q", title="% of target", format=".1f"),
            ],
        )
    )
    target = (
        alt.Chart(pd.DataFrame({"pct": [100.0], "label": ["plan target"]}))
        .mark_rule(color="#777", strokeDash=[4, 3])
        .encode(y="pct:Q", tooltip=alt.Tooltip("label:N", title=""))
    )
    chart = (
        alt.layer(target, lines)
        .add_params(pick)
        .properties(
            width=width,
            height=300,
            title=_title(
                "Progress so far: reported indicators against the Action Plan",
                "100 % = the plan's target (2030; non-fossil share: 2025); pick an indicator",
            ),
        )
    )
    return _with_source(
        chart,
        "Sources: climatelab dataset china_progress (NEA, MEE, NBS, NFGA reports); Action Plan",
        "Line chart of China's reported values for five indicators of the Action Plan, each as a "
        "percentage of its target, by year; a dashed line marks 100 %.",
        width,
    )


def kaya_chart(contributions: pd.DataFrame, *, width: int = 520) -> Any:
    """Kaya (LMDI) contributions to the change in CO₂, one bar per factor (Mt CO₂).

    ``contributions`` is :func:`climatelab.widgets.kaya_periods` (``period``, ``factor``,
    ``contribution_mt``, ``total_change_mt``). A menu bound to a parameter picks the period.
    """
    import altair as alt

    from climatelab.targets import KAYA_FACTORS

    names = {
        "population": "Population",
        "gdp_per_capita": "GDP per person",
        "energy_intensity": "Energy per unit of GDP",
        "carbon_intensity": "CO₂ per unit of energy",
    }
    frame = contributions[["period", "factor", "contribution_mt", "total_change_mt"]].copy()
    frame["factor_label"] = frame["factor"].map(names)
    order = [names[f] for f in KAYA_FACTORS]
    periods = list(dict.fromkeys(frame["period"]))
    pick = alt.param(
        name="period",
        value=periods[0],
        bind=alt.binding_select(options=periods, name="Period "),
    )
    base = alt.Chart(frame).transform_filter("datum.period == period")
    bars = base.mark_bar().encode(
        x=alt.X("contribution_mt:Q", title="Contribution to the change in CO₂, Mt CO₂"),
        y=alt.Y("factor_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=200)),
        color=alt.condition(
            "datum.contribution_mt > 0", alt.value(OKABE_ITO[3]), alt.value(OKABE_ITO[0])
        ),
        tooltip=[
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("factor_label:N", title="Factor"),
            alt.Tooltip("contribution_mt:Q", title="Mt CO₂", format=",.0f"),
        ],
    )
    total = (
        base.transform_aggregate(total="mean(total_change_mt)", groupby=["period"])
        .transform_calculate(
            text="'Total change ' + datum.period + ': ' + format(datum.total, '+,.0f') + ' Mt CO₂'"
        )
        .mark_text(align="left", baseline="top", fontSize=12)
        .encode(x=alt.value(0), y=alt.value(-18), text="text:N")
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    chart = (
        alt.layer(bars, zero, total)
        .add_params(pick)
        .properties(
            width=width,
            height=180,
            title=_title(
                "What drove China's CO₂: the Kaya identity",
                [
                    "CO₂ = population × GDP per person × energy per GDP × CO₂ per energy; "
                    "LMDI split",
                    "red: pushed emissions up; blue: pulled them down. Pick a period",
                ],
            ),
        )
    )
    return _with_source(
        chart,
        "Sources: GCB 2024 via OWID (CO₂); OWID co2-data: population (Gapminder, UN), "
        "GDP (Maddison Project), primary energy (BP)",
        "Horizontal bar chart of the contributions of population, GDP per person, energy "
        "intensity and carbon intensity to the change in China's CO2 emissions over a period.",
        width,
    )


# --- Part 2: Kyoto ----------------------------------------------------------------------

SOURCE_ANNEX_B = (
    "Sources: Kyoto Protocol Annex B; Council Decision 2002/358/EC; UNFCCC initial review "
    "reports (see the assigned_amounts dataset)"
)
SOURCE_ART25 = (
    "Sources: UN Treaty Collection, status of the Kyoto Protocol; Art. 25 table of 1990 CO₂ "
    "(FCCC/CP/1997/7/Add.1); see the kyoto_instruments and article25_shares datasets"
)


def annex_b_chart(table: pd.DataFrame, *, width: int = 560) -> Any:
    """Annex B commitments as change from the base year (%), one bar per Party.

    ``table`` is :func:`climatelab.kyoto.annex_b` (``party``, ``commitment_pct``,
    ``economy_in_transition``). No bound controls: hover a bar for the Party's figures.
    """
    import altair as alt

    frame = table[["party", "name_zh", "commitment_pct", "economy_in_transition"]].copy()
    frame["change_pct"] = frame["commitment_pct"] - 100
    frame["kind"] = frame["economy_in_transition"].map(
        {True: "economy in transition", False: "other Annex B Party"}
    )
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("change_pct:Q", title="Commitment, change from base year (%)"),
            y=alt.Y("party:N", title=None, sort=alt.EncodingSortField("change_pct")),
            color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("party:N", title="Party"),
                alt.Tooltip("name_zh:N", title="中文"),
                alt.Tooltip("commitment_pct:Q", title="Annex B (% of base year)"),
                alt.Tooltip("change_pct:Q", title="Change (%)", format="+d"),
            ],
        )
        .properties(
            width=width,
            height=alt.Step(13),
            title=_title(
                "Annex B: quantified commitments for 2008–2012",
                "Percent change from base-year emissions; negative = reduction",
            ),
        )
    )
    return _with_source(
        bars,
        "Source: Kyoto Protocol Annex B (FCCC/CP/1997/7/Add.1)",
        "Bar chart of each Annex B Party's commitment as a change from its base year, "
        "from -8 % (EU and others) to +10 % (Iceland).",
        width,
    )


def allocation_chart(
    parties: pd.DataFrame,
    *,
    controls: bool = True,
    selected: str | None = None,
    reduction_pct: float | None = None,
    benchmark_pct: float = 5.0,
    benchmark_label: str = "Art. 3.1: at least 5 %",
    years: int = 5,
    width: int = 560,
) -> Any:
    """Assigned amounts (Art. 3.7) per Party and the aggregate reduction (Art. 3.1).

    ``parties``: ``party``, ``base_year_emissions`` (t CO2e per year), ``commitment_pct``.
    With ``controls=True`` (static book) three bound parameters change one Party in the
    browser: a Party menu, a change of its commitment (percentage points) and of its
    base-year emissions (%); assigned amounts and the aggregate are recomputed in Vega-Lite.
    With ``controls=False`` (live explorer) the figures are drawn as given: ``selected``
    is highlighted and ``reduction_pct`` (from :func:`climatelab.kyoto.aggregate_reduction`)
    is printed. The headline compares the aggregate with ``benchmark_pct`` (a reduction in
    percent), described by ``benchmark_label`` (no quotes in it).
    """
    import altair as alt

    if "'" in benchmark_label or "\\" in benchmark_label:
        raise ValueError(f"benchmark_label={benchmark_label!r} must not contain quotes")
    frame = parties[["party", "base_year_emissions", "commitment_pct"]].copy()
    frame["base_mt"] = frame["base_year_emissions"] / 1e6
    names = sorted(frame["party"])
    order = list(frame.sort_values("base_mt", ascending=False)["party"])
    pick = selected if selected is not None else ("Japan" if "Japan" in names else names[0])
    if controls:
        party = alt.param(
            name="party_pick", value=pick, bind=alt.binding_select(options=names, name="Party ")
        )
        delta = alt.param(
            name="commit_delta",
            value=0,
            bind=alt.binding_range(min=-20, max=20, step=1, name="Its commitment ± (points) "),
        )
        base_adj = alt.param(
            name="base_adj",
            value=0,
            bind=alt.binding_range(min=-20, max=20, step=1, name="Its base year ± (%) "),
        )
    else:
        party = alt.param(name="party_pick", value=pick)
        delta = alt.param(name="commit_delta", value=0)
        base_adj = alt.param(name="base_adj", value=0)
    # Art. 3.7: assigned amount = base year x Annex B % x 5 (years)
    base = (
        alt.Chart(frame)
        .transform_calculate(
            sel="datum.party == party_pick",
            pct="datum.party == party_pick ? datum.commitment_pct + commit_delta"
            " : datum.commitment_pct",
            base="datum.party == party_pick ? datum.base_mt * (1 + base_adj / 100) : datum.base_mt",
        )
        .transform_calculate(
            allowed="datum.base * datum.pct / 100", aa=f"datum.base * datum.pct / 100 * {years}"
        )
    )
    bars = base.mark_bar().encode(
        x=alt.X("aa:Q", title=f"Assigned amount, Mt CO₂e over {years} years"),
        y=alt.Y("party:N", title=None, sort=order),
        color=alt.Color(
            "sel:N",
            legend=None,
            scale=alt.Scale(domain=[False, True], range=[OKABE_ITO[0], OKABE_ITO[3]]),
        ),
        tooltip=[
            alt.Tooltip("party:N", title="Party"),
            alt.Tooltip("base:Q", title="Base year (Mt CO₂e/yr)", format=",.1f"),
            alt.Tooltip("pct:Q", title="Commitment (% of base year)", format=".1f"),
            alt.Tooltip("aa:Q", title="Assigned amount (Mt CO₂e)", format=",.0f"),
        ],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=9, color="#333").encode(
        x=alt.X("aa:Q"),
        y=alt.Y("party:N", sort=order),
        text=alt.Text("aa:Q", format=",.0f"),
    )
    if reduction_pct is None:
        total = base.transform_aggregate(
            total_base="sum(base)", total_allowed="sum(allowed)"
        ).transform_calculate(reduction="100 * (1 - datum.total_allowed / datum.total_base)")
    else:
        total = alt.Chart(pd.DataFrame({"reduction": [float(reduction_pct)]}))
    n = len(frame)
    headline = (
        total.transform_calculate(
            label="'Aggregate of these "
            + str(n)
            + " Parties: ' + format(datum.reduction, '.2f') + ' % below base year'"
            f" + (datum.reduction >= {float(benchmark_pct)!r} - 1e-9 ? ' (meets' : ' (misses')"
            f" + ' {benchmark_label})'"
        )
        .mark_text(align="right", baseline="bottom", fontSize=12, fontWeight="bold")
        .encode(x=alt.XValue(width), y=alt.YValue(13 * n), text=alt.Text("label:N"))
    )
    chart = (
        alt.layer(bars, labels, headline)
        .add_params(party, delta, base_adj)
        .properties(
            width=width,
            height=alt.Step(13),
            title=_title(
                "Assigned amounts for 2008–2012 (Art. 3.7)",
                "Pick a Party and change its commitment or base year; highlighted in orange"
                if controls
                else f"{pick} highlighted; base year × commitment × {years}",
            ),
        )
    )
    return _with_source(
        chart,
        SOURCE_ANNEX_B,
        "Bar chart of each Party's assigned amount in Mt CO2e for 2008-2012 with the "
        "aggregate reduction below base-year emissions.",
        width,
    )


def ratification_chart(
    instruments: pd.DataFrame,
    *,
    controls: bool = True,
    result: Any = None,
    min_parties: int = 55,
    min_share: float = 0.55,
    delay_days: int = 90,
    hypothetical: pd.DataFrame | None = None,
    width: int = 620,
) -> Any:
    """Cumulative share of Annex I 1990 CO₂ over time, with both Art. 25 thresholds.

    One step line (the share), a horizontal rule at the share threshold, a dashed vertical
    rule on the day the Parties threshold was met, and an orange rule at entry into force
    (the first day both hold, plus ``delay_days``), with a headline naming the date.

    Static book (``controls=True``): ``instruments`` has ``date``, ``party`` and
    ``party_share`` (fraction; from :func:`climatelab.kyoto.ratification_progress`), and
    ``hypothetical`` optional extra rows (e.g. a United States deposit). Bound parameters
    -- a United States menu, a "Russia ratifies" checkbox, the share and Parties thresholds
    -- filter the instruments; Vega-Lite computes the cumulative count and share with a
    window sum over them.

    Live explorer (``controls=False``): ``instruments`` is the output of
    ``ratification_progress`` (``parties`` and ``share`` already cumulative) and ``result``
    the matching :class:`climatelab.kyoto.EntryIntoForce`; nothing is recomputed here.
    """
    import altair as alt

    d = int(delay_days)
    if controls:
        frame = instruments[["date", "party", "party_share"]].copy()
        frame["hypothetical"] = False
        us_options = ["stays out (actual)"]
        if hypothetical is not None and len(hypothetical):
            extra = hypothetical[["date", "party", "party_share"]].copy()
            extra["hypothetical"] = True
            frame = pd.concat([frame, extra], ignore_index=True)
            when = pd.Timestamp(extra["date"].iloc[0]).date().isoformat()
            us_options.append(f"ratifies on {when}")
        frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
        params = [
            alt.param(
                name="us_choice",
                value=us_options[0],
                bind=alt.binding_select(options=us_options, name="United States "),
            ),
            alt.param(
                name="russia", value=True, bind=alt.binding_checkbox(name="Russia ratifies ")
            ),
            alt.param(
                name="min_share_pct",
                value=round(100 * min_share),
                bind=alt.binding_range(min=30, max=80, step=1, name="Share threshold (%) "),
            ),
            alt.param(
                name="min_parties",
                value=min_parties,
                bind=alt.binding_range(min=10, max=150, step=1, name="Parties threshold "),
            ),
        ]
        base = (
            alt.Chart(frame)
            .transform_filter(
                "(!datum.hypothetical || us_choice != 'stays out (actual)')"
                " && (russia || datum.party != 'Russian Federation')"
            )
            .transform_window(
                parties="count()",
                share="sum(party_share)",
                sort=[
                    alt.SortField("date", order="ascending"),
                    alt.SortField("party_share", order="descending"),
                ],
                frame=[None, 0],
            )
            .transform_calculate(day="toDate(datum.date)", share_pct="100 * datum.share")
        )
        # Art. 25.1: the first day on which both conditions hold at the end of the day; its
        # trigger is that day's largest deposit (as kyoto.entry_into_force); then + 90 days
        crossing = (
            base.transform_joinaggregate(
                day_parties="max(parties)", day_share="max(share)", groupby=["date"]
            )
            .transform_window(
                rank="row_number()",
                groupby=["date"],
                sort=[alt.SortField("party_share", order="descending")],
            )
            .transform_calculate(
                ok_parties="datum.rank == 1 && 100 * datum.day_share >= min_share_pct - 1e-9"
                " && datum.day_parties >= min_parties ? datum.parties : 1e9"
            )
            .transform_joinaggregate(first_ok="min(ok_parties)", total="max(parties)")
            # one row always survives: the trigger deposit, or the last one if never met
            .transform_filter(
                "datum.parties == (datum.first_ok < 1e9 ? datum.first_ok : datum.total)"
            )
            .transform_calculate(
                met="datum.first_ok < 1e9",
                trigger="toDate(datum.date)",
                eif=f"datetime(year(toDate(datum.date)), month(toDate(datum.date)),"
                f" date(toDate(datum.date)) + {d})",
            )
        )
        count_met = (
            base.transform_filter("datum.parties >= min_parties")
            .transform_aggregate(first="argmin(parties)")
            .transform_calculate(met="toDate(datum.first.date)")
        )
    else:
        frame = instruments[["date", "party", "parties", "share"]].copy()
        frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
        frame["share_pct"] = 100 * frame["share"]
        params = [
            alt.param(name="min_share_pct", value=100 * min_share),
            alt.param(name="min_parties", value=min_parties),
        ]
        base = alt.Chart(frame).transform_calculate(day="toDate(datum.date)")
        rows, met = [{"met": False, "trigger": None, "eif": None, "party": ""}], []
        if result is not None and result.met:
            rows = [
                {
                    "met": True,
                    "trigger": result.trigger_date.date().isoformat(),
                    "eif": result.date.date().isoformat(),
                    "party": result.trigger_party,
                }
            ]
        if result is not None and result.parties_met_date is not None:
            met.append(result.parties_met_date.date().isoformat())
        crossing = alt.Chart(
            pd.DataFrame(rows, columns=["met", "trigger", "eif", "party"])
        ).transform_calculate(trigger="toDate(datum.trigger)", eif="toDate(datum.eif)")
        count_met = alt.Chart(pd.DataFrame({"met": met}, dtype=object)).transform_calculate(
            met="toDate(datum.met)"
        )
    x = alt.X("day:T", title="Deposit date", axis=alt.Axis(format="%Y"))
    line = base.mark_line(interpolate="step-after", color=OKABE_ITO[0]).encode(
        x=x,
        y=alt.Y(
            "share_pct:Q",
            title="Share of Annex I 1990 CO₂ (%)",
            scale=alt.Scale(domain=[0, 100]),
        ),
        tooltip=[
            alt.Tooltip("party:N", title="Party"),
            alt.Tooltip("day:T", title="Deposit", format="%Y-%m-%d"),
            alt.Tooltip("parties:Q", title="Parties so far"),
            alt.Tooltip("share_pct:Q", title="Share so far (%)", format=".1f"),
        ],
    )
    share_rule = (
        alt.Chart(pd.DataFrame({"k": [0]}))
        .transform_calculate(v="min_share_pct", label="'share threshold ' + min_share_pct + ' %'")
        .mark_rule(color=OKABE_ITO[2], strokeDash=[6, 3])
        .encode(y=alt.Y("v:Q"), tooltip=alt.Tooltip("label:N", title="Art. 25"))
    )
    count_rule = count_met.mark_rule(color="#777", strokeDash=[3, 3]).encode(
        x=alt.X("met:T"),
        tooltip=alt.Tooltip("met:T", title="Parties threshold met", format="%Y-%m-%d"),
    )
    count_text = (
        count_met.transform_calculate(label="min_parties + ' Parties'")
        .mark_text(
            angle=270, align="left", baseline="bottom", dx=4, dy=-3, fontSize=10, color="#444"
        )
        .encode(x=alt.X("met:T"), y=alt.YValue(295), text=alt.Text("label:N"))
    )
    eif_rule = (
        crossing.transform_filter("datum.met")
        .mark_rule(color=OKABE_ITO[3], strokeWidth=2)
        .encode(x=alt.X("eif:T"), tooltip=alt.Tooltip("eif:T", title="In force", format="%Y-%m-%d"))
    )
    headline = (
        crossing.transform_calculate(
            label="datum.met ? 'In force ' + timeFormat(datum.eif, '%Y-%m-%d') + ', "
            + str(d)
            + " days after the deposit of ' + datum.party + ' on ' + "
            "timeFormat(datum.trigger, '%Y-%m-%d') : 'Not in force with these choices'"
        )
        .mark_text(align="right", baseline="bottom", fontSize=12, fontWeight="bold")
        .encode(x=alt.XValue(width - 4), y=alt.YValue(250), text=alt.Text("label:N"))
    )
    chart = alt.LayerChart(
        layer=[line, share_rule, count_rule, count_text, eif_rule, headline],
        params=[p.param for p in params],
        width=width,
        height=300,
        title=_title(
            "Entry into force: 55 Parties and 55 % of Annex I 1990 CO₂ (Art. 25)",
            "Green: share threshold; grey: Parties threshold met; orange: entry into force, "
            f"{d} days after both hold",
        ),
    )
    out = _with_source(
        chart,
        SOURCE_ART25,
        "Step line of the cumulative share of Annex I 1990 CO2 held by Parties that had "
        "deposited their instruments, with the Art. 25 thresholds and the entry-into-force date.",
        width,
    )
    return out


__all__ += ["allocation_chart", "annex_b_chart", "ratification_chart"]


# --- Part 3: markets ----------------------------------------------------------------------

SOURCE_MARKET = (
    "Source: climatelab dataset market_parameters (illustrative stylised assumptions, not "
    "forecasts; slopes scaled to EMF-16, Weyant & Hill 1999); model: climatelab.market"
)
SOURCE_TWO_PARTY = (
    "Model: climatelab.market.two_party_price (linear marginal abatement costs); "
    "illustrative numbers, not data"
)

#: Vega-Lite parameters of the static two-Party diagram: name -> (label, min, max, step).
#: Required abatement = BAU - cap (Mt CO2e/yr); slopes of MAC(a) = slope x a (USD/t per Mt).
#: The first one is the slider the browser test moves: it changes the price.
TWO_PARTY_PARAMS = {
    "required_a": ("A: required abatement (BAU − cap), Mt CO₂e/yr ", 0.0, 100.0, 1.0),
    "required_b": ("B: required abatement (BAU − cap), Mt CO₂e/yr ", 0.0, 100.0, 1.0),
    "slope_a": ("A: slope of its MAC, USD/t per Mt ", 0.1, 5.0, 0.1),
    "slope_b": ("B: slope of its MAC, USD/t per Mt ", 0.1, 5.0, 0.1),
}

#: The closed form of market.two_party_price as Vega expressions over the parameters, applied
#: in order by ``calculate`` on one datum. Arithmetic and ``abs`` only: the same strings are
#: valid Python (the tests evaluate them that way).
TWO_PARTY_EXPRESSIONS = (
    ("total", "required_a + required_b"),
    # p = R sA sB / (sA + sB): where A's and B's marginal costs meet
    ("price", "datum.total * slope_a * slope_b / (slope_a + slope_b)"),
    ("abate_a", "datum.price / slope_a"),
    ("abate_b", "datum.price / slope_b"),
    ("mac_a_alone", "slope_a * required_a"),
    ("mac_b_alone", "slope_b * required_b"),
    ("bought_a", "required_a - datum.abate_a"),
    # the triangle between the MAC lines from the no-trade split to the market split
    ("gains", "abs(datum.mac_a_alone - datum.mac_b_alone) * abs(datum.bought_a) / 2"),
)


def two_party_status_text(
    price: float, abate_a: float, abate_b: float, bought_a: float, gains: float
) -> tuple[str, str]:
    """The two status lines under the two-Party diagram, as the browser writes them."""
    line1 = (
        f"Price: USD {price:.2f} per t CO₂e — A abates {abate_a:.1f} Mt, "
        f"B abates {abate_b:.1f} Mt a year"
    )
    if bought_a > 1e-9:
        who = f"A buys {bought_a:.1f} Mt from B"
    elif bought_a < -1e-9:
        who = f"B buys {-bought_a:.1f} Mt from A"
    else:
        who = "no trade"
    return line1, f"{who}; gains from trade: USD {gains:,.1f} million a year"


def _status_block(source: alt.Chart, fields: tuple[str, ...], width: int) -> Any:
    """Lines of text under a plot, one per field of the single datum of ``source``."""
    import altair as alt

    lines = [
        source.mark_text(align="left", baseline="top", fontSize=12, color="#000").encode(
            x=alt.value(0), y=alt.value(2 + 17 * i), text=f"{field}:N"
        )
        for i, field in enumerate(fields)
    ]
    return alt.layer(*lines).properties(width=width, height=17 * len(fields))


def two_party_chart(
    required_a: float = 30.0,
    required_b: float = 50.0,
    slope_a: float = 2.0,
    slope_b: float = 0.5,
    *,
    controls: bool = True,
    result: Any = None,
    width: int = 560,
) -> Any:
    """Why trade? The textbook diagram of two Parties sharing a total required abatement.

    The x axis spans the total required abatement ``R = required_a + required_b`` (Mt CO₂e/yr):
    A's marginal abatement cost ``slope_a * x`` rises from the left, B's ``slope_b * (R - x)``
    from the right. Without trade each meets its own cap (x = ``required_a``); with trade they
    abate until the marginal costs are equal, where the lines cross at the price
    ``p = R sA sB / (sA + sB)``. The shaded triangle between the lines is the cost saved, the
    gains from trade.

    With ``controls=True`` (static book) the four inputs are Vega-Lite parameters bound to
    sliders (:data:`TWO_PARTY_PARAMS`) and everything, the price text included, is computed in
    the browser (:data:`TWO_PARTY_EXPRESSIONS`). With ``controls=False`` (live explorer) there
    are no bound inputs and the status lines come from ``result``, the
    :class:`climatelab.market.MarketResult` of the same two Parties (Party A first).
    """
    import altair as alt

    values = {
        "required_a": required_a,
        "required_b": required_b,
        "slope_a": slope_a,
        "slope_b": slope_b,
    }
    params = _range_params(TWO_PARTY_PARAMS, values, controls=controls)
    if not controls and result is None:
        raise ValueError("controls=False needs result, the MarketResult of the two Parties")

    one = alt.Chart(pd.DataFrame({"k": [0]}))
    for name, expr in TWO_PARTY_EXPRESSIONS:
        one = one.transform_calculate(**{name: expr})
    names = ["A's marginal cost (from the left)", "B's marginal cost (from the right)"]
    # no "nice" rounding: the axis must end where B's abatement starts (x = R)
    x = alt.X(
        "x:Q",
        title="Abatement by A, Mt CO₂e/yr (B abates the rest, from the right)",
        scale=alt.Scale(nice=False),
    )
    y_title = "Marginal abatement cost, USD per t CO₂e"
    lines = (
        alt.Chart(alt.sequence(0, 2, as_="t"))
        .transform_calculate(total="required_a + required_b")
        .transform_calculate(x="datum.t * datum.total")
        .transform_calculate(mac_a="slope_a * datum.x", mac_b="slope_b * (datum.total - datum.x)")
        .transform_fold(["mac_a", "mac_b"], as_=["key", "mac"])
        .transform_calculate(series=f'datum.key == \'mac_a\' ? "{names[0]}" : "{names[1]}"')
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("mac:Q", title=y_title),
            color=alt.Color(
                "series:N",
                title=None,
                sort=names,
                scale=alt.Scale(domain=names, range=[OKABE_ITO[0], OKABE_ITO[1]]),
                legend=alt.Legend(orient="top", labelLimit=300),
            ),
            strokeDash=alt.StrokeDash("series:N", sort=names, legend=None),
        )
    )
    triangle = (
        alt.Chart(alt.sequence(0, 2, as_="s"))
        .transform_calculate(total="required_a + required_b")
        .transform_calculate(
            x="required_a + datum.s * (datum.total * slope_b / (slope_a + slope_b) - required_a)"
        )
        .transform_calculate(y1="slope_a * datum.x", y2="slope_b * (datum.total - datum.x)")
        .mark_area(color=OKABE_ITO[2], opacity=0.35)
        .encode(x=alt.X("x:Q"), y=alt.Y("y1:Q"), y2=alt.Y2("y2:Q"))
    )
    no_trade = one.mark_rule(color="#777", strokeDash=[4, 3]).encode(
        x=alt.X("required_a:Q"),
        tooltip=alt.Tooltip("required_a:Q", title="No trade: A abates (Mt)", format=".1f"),
    )
    no_trade_text = one.mark_text(
        align="left", baseline="top", dx=4, fontSize=10, color="#444"
    ).encode(x=alt.X("required_a:Q"), y=alt.value(4), text=alt.value("each on its own cap"))
    price_rule = one.mark_rule(color=OKABE_ITO[3], strokeDash=[6, 3]).encode(y=alt.Y("price:Q"))
    cross = one.mark_point(filled=True, size=90, color=OKABE_ITO[3]).encode(
        x=alt.X("abate_a:Q"),
        y=alt.Y("price:Q"),
        tooltip=[
            alt.Tooltip("price:Q", title="Price (USD/t)", format=".2f"),
            alt.Tooltip("abate_a:Q", title="A abates (Mt)", format=".1f"),
            alt.Tooltip("abate_b:Q", title="B abates (Mt)", format=".1f"),
            alt.Tooltip("gains:Q", title="Gains from trade (million USD)", format=",.1f"),
        ],
    )
    price_label = (
        one.mark_text(align="left", baseline="bottom", dx=6, dy=-6, fontSize=12, fontWeight="bold")
        .encode(
            x=alt.X("abate_a:Q"),
            y=alt.Y("price:Q"),
            text=alt.Text("label:N"),
        )
        .transform_calculate(label="'p = ' + format(datum.price, '.2f')")
    )

    if controls:
        status = one.transform_calculate(
            status1="'Price: USD ' + format(datum.price, '.2f') + ' per t CO₂e — A abates ' "
            "+ format(datum.abate_a, '.1f') + ' Mt, B abates ' + format(datum.abate_b, '.1f') "
            "+ ' Mt a year'",
            status2="(datum.bought_a > 1e-9 ? 'A buys ' + format(datum.bought_a, '.1f') "
            "+ ' Mt from B' : datum.bought_a < -1e-9 ? 'B buys ' + "
            "format(-datum.bought_a, '.1f') + ' Mt from A' : 'no trade') + "
            "'; gains from trade: USD ' + format(datum.gains, ',.1f') + ' million a year'",
        )
    else:
        table = result.table.set_index("party")
        a, b = table.index[:2]
        line1, line2 = two_party_status_text(
            float(result.price),
            float(table.at[a, "abatement"]),
            float(table.at[b, "abatement"]),
            float(table.at[a, "permits_bought"]),
            float(result.gains_from_trade),
        )
        status = alt.Chart(pd.DataFrame({"status1": [line1], "status2": [line2]}))
    # Built with the constructors, not alt.layer(...).add_params(...): the helpers deep-copy
    # every layer, which would triple the time of each live move.
    plot = alt.LayerChart(
        layer=[triangle, lines, no_trade, no_trade_text, price_rule, cross, price_label],
        params=[p.param for p in params],
        width=width,
        height=300,
    )
    chart = alt.VConcatChart(
        vconcat=[plot, _status_block(status, ("status1", "status2"), width)],
        spacing=6,
        title=_title(
            "Why trade? Two Parties, one total effort",
            "The lines cross at the permit price; green: the cost saved by trading"
            + (". Move the sliders" if controls else ""),
        ),
    )
    return _with_source(
        chart,
        SOURCE_TWO_PARTY,
        "Diagram of two straight marginal abatement cost lines across the total required "
        "abatement, A's rising from the left and B's from the right; they cross at the permit "
        "price; a shaded triangle between them, from the no-trade split to the crossing, is "
        "the gains from trade. Text states the price, each Party's abatement, who buys and "
        "the gains from trade.",
        width,
    )


def permits_chart(
    scenarios: pd.DataFrame,
    summary: pd.DataFrame,
    *,
    controls: bool = True,
    width: int = 520,
) -> Any:
    """Permits bought (+) or sold (−) per Party in one or more market scenarios (Mt CO₂e/yr).

    ``scenarios``: one row per scenario and Party: ``us``, ``hot_air`` (scenario labels),
    ``party``, ``permits_bought`` (negative = sold) and ``role`` ("buyer", "seller",
    "no trade"); ``summary``: one row per scenario: ``us``, ``hot_air``, ``status1``,
    ``status2`` (text lines: price, gains from trade, hot air). With ``controls=True`` two menus
    bound to parameters pick the scenario (the first one, the United States, is listed in the
    order of ``scenarios``); with ``controls=False`` (live explorer) the frames hold one
    scenario and no input is bound.
    """
    import altair as alt

    us_options = list(dict.fromkeys(scenarios["us"]))
    hot_options = list(dict.fromkeys(scenarios["hot_air"]))
    bind_us: dict[str, Any] = {}
    bind_hot: dict[str, Any] = {}
    if controls:
        bind_us["bind"] = alt.binding_select(options=us_options, name="United States ")
        bind_hot["bind"] = alt.binding_select(options=hot_options, name="Hot air ")
    us = alt.param(name="us_choice", value=us_options[0], **bind_us)
    hot = alt.param(name="hot_air_choice", value=hot_options[0], **bind_hot)
    pick = "datum.us == us_choice && datum.hot_air == hot_air_choice"
    frame = scenarios[["us", "hot_air", "party", "permits_bought", "role"]]
    order = list(dict.fromkeys(frame["party"]))
    roles = ["buyer", "seller", "no trade"]
    bars = (
        alt.Chart(frame)
        .transform_filter(pick)
        .mark_bar()
        .encode(
            x=alt.X(
                "permits_bought:Q",
                title="Permits bought (+) or sold (−), Mt CO₂e per year",
            ),
            y=alt.Y("party:N", title=None, sort=order, scale=alt.Scale(domain=order)),
            color=alt.Color(
                "role:N",
                title=None,
                sort=roles,
                scale=alt.Scale(domain=roles, range=[OKABE_ITO[3], OKABE_ITO[0], "#999999"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("party:N", title="Party"),
                alt.Tooltip("role:N", title="Role"),
                alt.Tooltip("permits_bought:Q", title="Bought (Mt/yr)", format=",.1f"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    plot = alt.layer(bars, zero).add_params(us, hot).properties(width=width, height=alt.Step(22))
    status = alt.Chart(summary[["us", "hot_air", "status1", "status2"]]).transform_filter(pick)
    chart = alt.vconcat(plot, _status_block(status, ("status1", "status2"), width), spacing=8)
    chart = chart.properties(
        title=_title(
            "Who buys, who sells: the Kyoto market",
            "Red: buyers; blue: sellers (the economies in transition)"
            + ("; pick a scenario" if controls else ""),
        )
    )
    return _with_source(
        chart,
        SOURCE_MARKET,
        "Horizontal bar chart of the permits each Annex B Party buys (positive) or sells "
        "(negative) in the course's Kyoto market, with the price and the gains from trade "
        "stated as text.",
        width,
    )


COMPLIANCE_STATUS = ("retired", "banked", "not carried over")


def compliance_chart(result: Any, *, width: int = 520) -> Any:
    """A Party's units at the end of the period, by type: retired, banked, lost (Mt CO₂e).

    ``result`` is a :class:`climatelab.compliance.ComplianceResult`. One stacked bar per unit
    type (AAU, ERU, CER, RMU); the retired units together match the period's emissions (the
    subtitle states them and the verdict). No bound controls: hover a bar for the tonnes.
    """
    import altair as alt

    from climatelab.compliance import UNIT_TYPES

    rows = []
    for status, held in zip(
        COMPLIANCE_STATUS,
        (result.retired_t, result.banked_t, result.not_carried_over_t),
        strict=True,
    ):
        for unit in UNIT_TYPES:
            rows.append({"unit": unit, "status": status, "mt": held[unit] / 1e6})
    frame = pd.DataFrame(rows)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("sum(mt):Q", title="Units held at the end of the period, Mt CO₂e"),
            y=alt.Y("unit:N", title=None, sort=list(UNIT_TYPES)),
            color=alt.Color(
                "status:N",
                title=None,
                sort=list(COMPLIANCE_STATUS),
                scale=alt.Scale(
                    domain=list(COMPLIANCE_STATUS), range=[OKABE_ITO[0], OKABE_ITO[2], "#999999"]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("unit:N", title="Unit"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("mt:Q", title="Mt CO₂e", format=",.1f"),
            ],
        )
        .transform_calculate(
            order="datum.status == 'retired' ? 0 : datum.status == 'banked' ? 1 : 2"
        )
    )
    who = result.party or "The Party"
    verdict = (
        "complied"
        if result.complied
        else f"fell short by {result.excess_emissions_t / 1e6:,.1f} Mt CO₂e"
    )
    chart = bars.properties(
        width=width,
        height=alt.Step(26),
        title=_title(
            f"Did {who} comply? Units retired, banked and lost",
            f"Emissions {result.emissions_t / 1e6:,.1f} Mt CO₂e over the period; {who} {verdict}",
        ),
    )
    return _with_source(
        chart,
        "Rules: Kyoto Protocol Art. 3.1, 3.13; decisions 11/CMP.1, 13/CMP.1, 27/CMP.1; "
        "model: climatelab.compliance (illustrative holdings)",
        "Stacked horizontal bar chart of a Party's Kyoto units by type (AAU, ERU, CER, RMU), "
        "split into units retired against emissions, units banked for the next period and "
        "units that cannot be carried over.",
        width,
    )


__all__ += [
    "TWO_PARTY_PARAMS",
    "compliance_chart",
    "permits_chart",
    "two_party_chart",
    "two_party_status_text",
]


# --- Part 5: outcomes ---------------------------------------------------------------------

SOURCE_OUTCOMES = (
    "Sources: Global Carbon Budget 2024 via OWID (CC BY 4.0), fossil CO₂ only; Kyoto Protocol "
    "Annex B; model: climatelab.outcomes.target_vs_outcome"
)
SOURCE_TRADE = (
    "Source: Global Carbon Budget 2019 (Friedlingstein et al. 2019), consumption-based "
    "estimates after Peters et al. (2011); MtC × 3.664"
)
SOURCE_WAITS = (
    "Sources: UN Treaty Collection (XXVII-7-a, 7-c, 7-d); entry into force computed by "
    "climatelab.kyoto and climatelab.outcomes"
)

#: Groups of the outcomes chart: menu label -> Vega expression over a Party row (``eit``:
#: economy in transition, ``bound``: bound by a target in 2008-2012). The last is the one
#: the browser test picks.
OUTCOME_GROUPS = {
    "All Annex B": "true",
    "Bound in 2008–2012 (not USA, Canada)": "datum.bound",
    "Without economies in transition": "!datum.eit",
    "Economies in transition only": "datum.eit",
}
OUTCOME_KINDS = ("other Annex B Party", "economy in transition", "group total")


def outcomes_chart(
    table: pd.DataFrame,
    *,
    controls: bool = True,
    period: tuple[int, int] = (2008, 2012),
    status: str | None = None,
    width: int = 460,
) -> Any:
    """Each Party's change in fossil CO₂ against its Kyoto target, and the group's total.

    ``table``: :func:`climatelab.outcomes.target_vs_outcome` (``party``, ``base_co2_mt``,
    ``period_co2_mt``, ``change_pct``, ``target_pct``, ``economy_in_transition``,
    ``bound_cp1``; ``allowed_co2_mt`` optional). Bars: change from the base year to the
    period mean (%); black ticks: the targets; the top bar ("Group total") sums the shown
    Parties (Σ period / Σ base − 1, and Σ allowed / Σ base − 1 for its target), computed in
    Vega-Lite with a joinaggregate so that it follows the filter. ``controls=True``: a menu
    bound to a parameter picks a group (:data:`OUTCOME_GROUPS`); ``controls=False`` (live
    view): the Parties in ``table`` are shown as given, ``status`` is an extra subtitle line.
    """
    import altair as alt

    allowed = (
        table["allowed_co2_mt"]
        if "allowed_co2_mt" in table
        else table["base_co2_mt"] * (1 + table["target_pct"] / 100)
    )
    frame = pd.DataFrame(
        {
            "party": table["party"].to_numpy(),
            "base": table["base_co2_mt"].to_numpy(),
            "period": table["period_co2_mt"].to_numpy(),
            "allowed": allowed.to_numpy(),
            "change_pct": table["change_pct"].to_numpy(),
            "target_pct": table["target_pct"].to_numpy(),
            "eit": table["economy_in_transition"].astype(bool).to_numpy(),
            "bound": table["bound_cp1"].astype(bool).to_numpy(),
        }
    )
    # every row twice: as itself and as a contribution to the group total (flatten)
    frame["kind"] = [["party", "total"]] * len(frame)
    first, last = period
    when = f"{first}" if first == last else f"{first}–{last} mean"
    # Built from plain dicts in one constructor call: chaining .transform_*() on a layer
    # copies the whole chart each time, which made the live view several times slower.
    # Layers union their y domains: only min/max/count sorts survive the union.
    y = {
        "field": "label",
        "type": "nominal",
        "title": None,
        "sort": {"field": "order", "op": "min"},
    }
    tooltip = [
        {"field": "label", "type": "nominal", "title": "Party"},
        {
            "field": "value",
            "type": "quantitative",
            "title": f"Change 1990 → {when} (%)",
            "format": "+.1f",
        },
        {"field": "target", "type": "quantitative", "title": "Kyoto target (%)", "format": "+.1f"},
        {"field": "base_shown", "type": "quantitative", "title": "1990 (Mt CO₂)", "format": ",.1f"},
        {
            "field": "period_shown",
            "type": "quantitative",
            "title": f"{when} (Mt CO₂/yr)",
            "format": ",.1f",
        },
    ]
    colour = {
        "field": "colour",
        "type": "nominal",
        "title": None,
        "scale": {"domain": list(OUTCOME_KINDS), "range": OKABE_ITO[:3]},
        "legend": {"orient": "bottom"},
    }
    x_title = f"Change in fossil CO₂, 1990 → {when} (%)"
    bars = alt.Chart(
        mark={"type": "bar"},
        encoding=alt.FacetedEncoding(
            x={"field": "value", "type": "quantitative", "title": x_title},
            y=y,
            color=colour,
            tooltip=tooltip,
        ),
    )
    ticks = alt.Chart(
        mark={"type": "tick", "color": "#000000", "thickness": 2.5, "size": 12},
        encoding=alt.FacetedEncoding(
            x={"field": "target", "type": "quantitative"}, y=y, tooltip=tooltip
        ),
    )
    label = alt.Chart(
        mark={"type": "text", "align": "left", "dx": 6, "fontWeight": "bold", "fontSize": 11},
        encoding=alt.FacetedEncoding(
            x={"field": "text_x", "type": "quantitative"},
            y=y,
            text={"field": "text", "type": "nominal"},
        ),
        transform=[
            {"filter": "datum.kind == 'total'"},
            {
                "calculate": "format(datum.value, '+.1f') + ' % (target ' + "
                "format(datum.target, '+.1f') + ' %)'",
                "as": "text",
            },
            {"calculate": "max(datum.value, datum.target, 0)", "as": "text_x"},
        ],
    )
    transform: list[dict[str, Any]] = [{"flatten": ["kind"]}]
    params = []
    if controls:
        names = list(OUTCOME_GROUPS)
        params.append(
            alt.param(
                name="group_choice",
                value=names[0],
                bind=alt.binding_select(options=names, name="Group "),
            ).param
        )
        test = " || ".join(
            f"(group_choice == '{name}' && ({expr}))" for name, expr in OUTCOME_GROUPS.items()
        )
        transform.append({"filter": test})
    total = "datum.kind == 'total'"
    calculations = {
        "value": f"{total} ? 100 * (datum.sum_period / datum.sum_base - 1) : datum.change_pct",
        "target": f"{total} ? 100 * (datum.sum_allowed / datum.sum_base - 1) : datum.target_pct",
        "label": f"{total} ? 'Group total (' + datum.n + ' Parties)' : datum.party",
        "colour": f"{total} ? 'group total' : datum.eit ? 'economy in transition' "
        ": 'other Annex B Party'",
        "order": f"{total} ? -1e9 : datum.change_pct",
        "base_shown": f"{total} ? datum.sum_base : datum.base",
        "period_shown": f"{total} ? datum.sum_period : datum.period",
    }
    transform += [
        {
            "joinaggregate": [
                {"op": "sum", "field": "base", "as": "sum_base"},
                {"op": "sum", "field": "period", "as": "sum_period"},
                {"op": "sum", "field": "allowed", "as": "sum_allowed"},
                {"op": "count", "as": "n"},
            ],
            "groupby": ["kind"],
        },
        {"window": [{"op": "row_number", "as": "row"}], "groupby": ["kind"]},
        {"filter": "datum.kind == 'party' || datum.row == 1"},
        *({"calculate": expr, "as": name} for name, expr in calculations.items()),
    ]
    subtitle = [
        "Bars: change in fossil CO₂ from 1990; black ticks: Kyoto target (change from base year); "
        "top bar: the group's total",
        "Pick a group in the menu" if controls else status or "",
    ]
    chart = alt.LayerChart(
        layer=[bars, ticks, label],
        data=alt.Data(values=frame.to_dict("records")),
        transform=transform,
        params=params or alt.Undefined,
        width=width,
        height={"step": 14},
        title=_title("Kyoto targets vs fossil CO₂, Party by Party", [s for s in subtitle if s]),
    )
    return _with_source(
        chart,
        SOURCE_OUTCOMES,
        "Horizontal bar chart: for each Annex B Party the percent change in fossil CO2 from "
        f"1990 to {when}, coloured by whether it is an economy in transition, with a black tick "
        "at its Kyoto target; the top bar is the group total (sum over the Parties shown), "
        "labelled with its change and its combined target.",
        width,
    )


def trade_chart(
    series: pd.DataFrame, *, controls: bool = True, entity: str | None = None, width: int = 560
) -> Any:
    """Territorial vs consumption-based CO₂ by year for one entity (Mt CO₂ per year).

    ``series``: :func:`climatelab.outcomes.consumption_co2` rows (``entity``, ``year``,
    ``territorial_mtco2``, ``consumption_mtco2``). ``controls=True``: a menu bound to a
    parameter picks the entity (default ``entity`` or the first one); ``controls=False``:
    ``series`` holds one entity and nothing is bound. The gap between the lines is the CO₂
    embodied in trade (consumption above territorial: a net importer).
    """
    import altair as alt

    frame = series[["entity", "year", "territorial_mtco2", "consumption_mtco2"]].rename(
        columns={"territorial_mtco2": "territorial", "consumption_mtco2": "consumption"}
    )
    names = list(dict.fromkeys(frame["entity"]))
    chosen = entity if entity is not None else names[0]
    if chosen not in names:
        raise ValueError(f"entity={entity!r} is not in series; it has {names}")
    measures = ["territorial", "consumption"]
    lines = (
        alt.Chart(frame)
        .transform_fold(measures, as_=["measure", "mt"])
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(nice=False)),
            y=alt.Y("mt:Q", title="Fossil CO₂, Mt per year", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "measure:N",
                title=None,
                sort=measures,
                scale=alt.Scale(domain=measures, range=[OKABE_ITO[0], OKABE_ITO[3]]),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash("measure:N", sort=measures, legend=None),
            tooltip=[
                alt.Tooltip("entity:N", title="Entity"),
                alt.Tooltip("year:Q", title="Year"),
                alt.Tooltip("measure:N", title="Accounting"),
                alt.Tooltip("mt:Q", title="Mt CO₂", format=",.0f"),
            ],
        )
    )
    if controls:
        pick = alt.param(
            name="trade_entity",
            value=chosen,
            bind=alt.binding_select(options=names, name="Entity "),
        )
        lines = lines.add_params(pick).transform_filter("datum.entity == trade_entity")
        subtitle = "Pick an entity in the menu; the gap between the lines is CO₂ embodied in trade"
    else:
        subtitle = f"{chosen}; the gap between the lines is CO₂ embodied in trade"
    chart = lines.properties(
        width=width,
        height=300,
        title=_title("Territorial vs consumption-based CO₂", subtitle),
    )
    return _with_source(
        chart,
        SOURCE_TRADE,
        "Line chart by year of one entity's territorial fossil CO2 (emitted at home) and its "
        "consumption-based CO2 (embodied in what it consumes), Mt CO2 per year.",
        width,
    )


def waits_chart(waits: pd.DataFrame, *, width: int = 460) -> Any:
    """Years from adoption to entry into force, one bar per instrument.

    ``waits``: :func:`climatelab.outcomes.treaty_waits` (``instrument``, ``rule``,
    ``adopted``, ``entry_into_force``, ``wait_days``, ``wait_years``). No bound controls.
    """
    import altair as alt

    frame = waits[["instrument", "rule", "wait_days", "wait_years"]].copy()
    frame["adopted"] = waits["adopted"].dt.strftime("%Y-%m-%d")
    frame["in_force"] = waits["entry_into_force"].dt.strftime("%Y-%m-%d")
    frame["label"] = [
        f"{d:,} days ({a} → {e})"
        for d, a, e in zip(frame["wait_days"], frame["adopted"], frame["in_force"], strict=True)
    ]
    order = list(frame["instrument"])
    base = alt.Chart(frame).encode(y=alt.Y("instrument:N", title=None, sort=order))
    bars = base.mark_bar(color=OKABE_ITO[0]).encode(
        x=alt.X("wait_years:Q", title="Years from adoption to entry into force"),
        tooltip=[
            alt.Tooltip("instrument:N", title="Instrument"),
            alt.Tooltip("rule:N", title="Rule"),
            alt.Tooltip("adopted:N", title="Adopted"),
            alt.Tooltip("in_force:N", title="In force"),
            alt.Tooltip("wait_days:Q", title="Days", format=","),
        ],
    )
    text = base.mark_text(align="left", dx=5, fontSize=11).encode(x="wait_years:Q", text="label:N")
    chart = alt.layer(bars, text).properties(
        width=width,
        height=alt.Step(34),
        title=_title(
            "How long each instrument waited for entry into force",
            "Entry into force computed from the deposit records",
        ),
    )
    return _with_source(
        chart,
        SOURCE_WAITS,
        "Horizontal bar chart of the years from adoption to entry into force of the Kyoto "
        "Protocol, the Paris Agreement and the Doha Amendment, each labelled with the days "
        "and dates.",
        width,
    )


__all__ += [
    "OUTCOME_GROUPS",
    "outcomes_chart",
    "trade_chart",
    "waits_chart",
]
