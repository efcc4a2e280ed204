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
    """Attach the source line (as a footer) and the accessible description."""
    import altair as alt

    footer = (
        alt.Chart(pd.DataFrame({"s": [source]}))
        .mark_text(align="left", baseline="top", fontSize=10, color="#555", dx=0)
        .encode(text="s:N")
        .properties(height=14, width=width)
    )
    out = alt.vconcat(chart, footer, spacing=4).properties(description=description)
    return out.configure_view(stroke=None)


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
    width: int = 620,
) -> Any:
    """Annual emissions lines (Gt CO₂/yr) with optional vertical milestone rules.

    ``series`` has columns ``year``, ``entity``, ``co2_gt``; ``markers`` has ``year``
    and ``label``. A checkbox bound to a parameter switches the milestone rules on and
    off, and a radio switches between absolute values and an index (first year = 100).
    With ``controls=False`` (the live explorer) there are no bound inputs: ``index``
    chooses the view and the rules are always drawn.
    """
    import altair as alt

    frame = series[["year", "entity", "co2_gt"]].copy()
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
    lines = (
        alt.Chart(frame)
        .transform_joinaggregate(first="argmin(year)", groupby=["entity"])
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
            .transform_filter("show_events")
        )
        text = (
            alt.Chart(marks)
            .mark_text(
                angle=270, align="right", baseline="bottom", dy=-2, dx=-4, fontSize=10, color="#444"
            )
            .encode(x="year:Q", y=alt.value(0), text="label:N")
            .transform_filter("show_events")
        )
        layers += [rule, text]
    chart = (
        alt.layer(*layers)
        .add_params(view, show)
        .properties(width=width, height=320, title=_title(title, subtitle))
    )
    return _with_source(chart, SOURCE_GCB, f"{title}: line chart by year.", width)
