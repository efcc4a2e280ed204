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
) -> Any:
    """Wire ipywidgets ``controls`` to ``view`` in a kernel; show ``static_chart()`` in a build.

    ``controls`` maps the keyword arguments of ``view`` to widget factories (called only in
    a live kernel, so no widget is created during a build).
    """
    from IPython.display import Markdown, display

    if charts.is_static():
        chart = static_chart()
        display(chart)
        display(Markdown(LIVE_HINT))
        return None

    import ipywidgets as w

    made = {name: make() for name, make in controls.items()}
    out = w.Output()

    def refresh(_change: object = None) -> None:
        chart = view(**{name: widget.value for name, widget in made.items()})
        with out:
            out.clear_output(wait=True)
            display(chart)

    for widget in made.values():
        widget.observe(refresh, names="value")
    refresh()
    return w.VBox([w.HBox(list(made.values())), out])


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
