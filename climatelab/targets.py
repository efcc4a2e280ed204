"""China's 2030 Carbon Peak Action Plan: targets, intensity arithmetic, Kaya identity, peak paths.

The State Council's *Action Plan for Carbon Dioxide Peaking Before 2030* (2030年前碳达峰行动方案,
Guo Fa [2021] No. 23) sets its headline goals in section 二 (main objectives):

* by 2025: non-fossil share of energy consumption about 20 %, energy per unit of GDP 13.5 % and
  CO2 per unit of GDP 18 % below 2020;
* by 2030: non-fossil share about 25 %, CO2 per unit of GDP over 65 % below 2005, and CO2
  emissions peaking before 2030.

This module reads those targets (and the sector targets of the ten actions, section 三) from the
``action_plan_targets`` dataset and provides the arithmetic the course needs:

* **Intensity arithmetic.** Reductions are *fractions* (0.18 for 18 %), always "below" a base:
  ``reduction = 1 - value_target / value_base``. A negative reduction is a rise. Reductions over
  successive periods chain multiplicatively (:func:`chain_reduction`).
* **The Kaya identity.** ``CO2 = population x (GDP / population) x (energy / GDP) x (CO2 / energy)``
  (:func:`kaya_factors`) and its additive LMDI decomposition (:func:`kaya_decomposition`).
* **Peak scenarios.** A closed-form emissions path from GDP growth and CO2-intensity decline,
  both allowed to change linearly over time (:func:`peak_scenario`; the formula is in
  :data:`PEAK_PATH_FORMULA`).

All functions are pure: no file I/O except through :func:`climatelab.data.load`, no charts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd

from climatelab._validate import finite_number, in_range, numeric_column, positive, require_columns

__all__ = [
    "CO2_INTENSITY_2020_VS_2005_REPORTED",
    "CO2_INTENSITY_TARGET_2025_VS_2020",
    "CO2_INTENSITY_TARGET_2030_VS_2005",
    "KAYA_FACTORS",
    "PEAK_PATH_FORMULA",
    "KayaDecomposition",
    "PeakScenario",
    "action_plan_targets",
    "chain_reduction",
    "china_kaya",
    "china_progress",
    "cumulative_reduction",
    "kaya_decomposition",
    "kaya_factors",
    "logarithmic_mean",
    "meets_target",
    "peak_scenario",
    "rebase_reduction",
    "reduction_between",
    "required_annual_decline",
    "target_2030_vs_2020",
]

#: Plan section 二: CO2 per unit of GDP more than 65 % below 2005 by 2030 (fraction).
CO2_INTENSITY_TARGET_2030_VS_2005 = 0.65
#: Plan section 二: CO2 per unit of GDP 18 % below 2020 by 2025 (fraction).
CO2_INTENSITY_TARGET_2025_VS_2020 = 0.18
#: Reported outcome: CO2 per unit of GDP 48.4 % below 2005 in 2020 (MEE / State Council white
#: paper, Oct 2021; dataset ``china_progress``). Later GDP revisions imply about 48.9 %.
CO2_INTENSITY_2020_VS_2005_REPORTED = 0.484

#: Names of the four Kaya factors, in the order of the identity.
KAYA_FACTORS = ("population", "gdp_per_capita", "energy_intensity", "carbon_intensity")

#: Slack for comparing an achieved reduction with a target (fractions): floating-point rounding
#: must not turn "exactly on target" into a miss.
_TARGET_SLACK = 1e-9
#: Relative tolerance for the peak: the first year within this fraction of the maximum is the peak,
#: so a plateau (or rounding noise on one) resolves to its first year.
_PEAK_RTOL = 1e-9

PEAK_PATH_FORMULA = """\
t = year - start_year,  t = 0, 1, ..., N  with N = end_year - start_year
g_k = gdp_growth        + gdp_growth_change * (k - 1)    for k = 1, ..., N
d_k = intensity_decline + decline_change    * (k - 1)    for k = 1, ..., N
gdp_index_t       = prod_{k=1..t} (1 + g_k)              (= 1 at t = 0)
intensity_index_t = prod_{k=1..t} (1 - d_k)              (= 1 at t = 0)
E_t = E_0 * gdp_index_t * intensity_index_t
    = E_0 * exp( sum_{k=1..t} [ log(1 + g_k) + log(1 - d_k) ] )
Valid only while every 1 + g_k > 0 and 1 - d_k > 0."""


# --------------------------------------------------------------------------- datasets


def action_plan_targets(action: int | None = None) -> pd.DataFrame:
    """Every quantitative target of the Action Plan, one row per target.

    Columns (dataset ``action_plan_targets``): ``id``, ``action`` (0 = headline goals of section
    二, 1-10 = the ten actions of section 三), ``action_en``, ``action_zh``, ``paragraph`` (e.g.
    ``"三(一)2"``), ``indicator``, ``value`` (in ``unit``: percent, percent per year, GW,
    Mt per year, billion m3, year, count), ``direction`` (about / at least / at most / reach /
    reduce by / reduce by about / reduce by at least), ``baseline_year`` and ``target_year``
    (nullable ``Int64``), ``text_zh`` (quote as in the plan), ``text_en``, ``source``,
    ``confidence``, ``note``.

    ``action`` (0-10) keeps only that action's rows.
    """
    from climatelab import data

    frame = data.load("action_plan_targets")
    if action is not None:
        if isinstance(action, bool) or not isinstance(action, Integral):
            raise TypeError(
                f"action must be an integer 0-10, got {type(action).__name__}: {action!r}"
            )
        if not 0 <= int(action) <= 10:
            raise ValueError(f"action must be between 0 and 10, got {action!r}")
        frame = frame[frame["action"] == int(action)].reset_index(drop=True)
    return frame


def china_progress(indicator: str | None = None) -> pd.DataFrame:
    """Reported outcomes on the plan's indicators (dataset ``china_progress``).

    Columns: ``indicator``, ``period`` (year, month end or forest-inventory period), ``year``,
    ``value``, ``unit``, ``definition``, ``source``, ``confidence``, ``note``. ``indicator``
    keeps only one indicator (e.g. ``"co2_intensity_reduction_vs_2005"``, values in percent).
    """
    from climatelab import data

    frame = data.load("china_progress")
    if indicator is not None:
        known = sorted(frame["indicator"].unique())
        if indicator not in known:
            raise ValueError(f"indicator={indicator!r} is not in china_progress; known: {known}")
        frame = frame[frame["indicator"] == indicator].reset_index(drop=True)
    return frame


def china_kaya(complete: bool = False) -> pd.DataFrame:
    """China's Kaya inputs by year (dataset ``china_kaya``).

    Columns: ``year``, ``population`` (persons, 1990-2018), ``gdp_bn_intl_usd_2011`` (billion
    international-$ at 2011 prices, 1990-2016), ``primary_energy_twh`` (TWh, 1990-2016),
    ``co2_mt`` (fossil CO2, Mt, Global Carbon Budget 2024, 1990-2023). Missing values are
    ``NA``. With ``complete=True`` only years that have all four are returned (1990-2016).
    """
    from climatelab import data

    frame = data.load("china_kaya")
    if complete:
        frame = frame.dropna().reset_index(drop=True)
    return frame


# --------------------------------------------------------------------------- intensity arithmetic


def _reduction(value: object, field_name: str) -> float:
    """A reduction as a fraction below its base: finite and below 1 (a 100 % cut is impossible
    for an intensity that stays positive)."""
    out = finite_number(value, field_name)
    if out >= 1:
        raise ValueError(
            f"{field_name} must be a fraction below 1 (a reduction of 100 % or more is "
            f"impossible); got {value!r}. Give percentages as fractions: 0.18 for 18 %"
        )
    return out


def _years(value: object, field_name: str) -> float:
    return positive(value, field_name)


def chain_reduction(*reductions: float) -> float:
    """Total reduction after successive reductions, each measured from the previous end point.

    ``1 - prod(1 - r_i)``. Example (plan section 二): CO2 intensity 48.4 % below 2005 in 2020,
    then 18 % below 2020 by 2025, gives ``chain_reduction(0.484, 0.18) = 0.57688`` (57.7 % below
    2005). Fractions in, fraction out; a negative reduction is a rise.
    """
    if not reductions:
        raise ValueError("chain_reduction needs at least one reduction")
    remaining = 1.0
    for i, r in enumerate(reductions):
        remaining *= 1.0 - _reduction(r, f"reductions[{i}]")
    return 1.0 - remaining


def required_annual_decline(total_reduction: float, years: float) -> float:
    """Constant yearly decline (fraction per year) that adds up to ``total_reduction`` in ``years``.

    ``1 - (1 - total_reduction) ** (1 / years)``. Example: the 2025 target of plan section 二,
    CO2 intensity 18 % below 2020 in 5 years, needs 3.89 % a year.
    """
    total = _reduction(total_reduction, "total_reduction")
    n = _years(years, "years")
    return 1.0 - (1.0 - total) ** (1.0 / n)


def cumulative_reduction(annual_decline: float, years: float) -> float:
    """Total reduction (fraction) after ``years`` of a constant yearly decline (fraction per year).

    ``1 - (1 - annual_decline) ** years``; the inverse of :func:`required_annual_decline`.
    """
    d = _reduction(annual_decline, "annual_decline")
    n = _years(years, "years")
    return 1.0 - (1.0 - d) ** n


def rebase_reduction(target_reduction: float, achieved_reduction: float) -> float:
    """Reduction still needed from a new base, given what was achieved by then.

    A target of ``target_reduction`` below an old base, with ``achieved_reduction`` below that
    same base already reached in the new base year, needs ``1 - (1 - target) / (1 - achieved)``
    below the new base. A negative result means the target is already met with room to spare.
    """
    target = _reduction(target_reduction, "target_reduction")
    achieved = _reduction(achieved_reduction, "achieved_reduction")
    return 1.0 - (1.0 - target) / (1.0 - achieved)


def target_2030_vs_2020(
    reduction_2020_vs_2005: float = CO2_INTENSITY_2020_VS_2005_REPORTED,
    target_2030_vs_2005: float = CO2_INTENSITY_TARGET_2030_VS_2005,
) -> float:
    """The 2030 CO2-intensity target of plan section 二 re-expressed against 2020 (fraction).

    With the reported 48.4 % for 2020: ``1 - 0.35 / 0.516 = 0.3217``, i.e. 2030 intensity must be
    at least 32.2 % below 2020 (3.81 % a year over 2021-2030).
    """
    return rebase_reduction(target_2030_vs_2005, reduction_2020_vs_2005)


def _year(value: object, field_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(
            f"{field_name} must be an integer year, got {type(value).__name__}: {value!r}"
        )
    return int(value)


def _path_series(path: object, field_name: str) -> pd.Series:
    if isinstance(path, Mapping):
        path = pd.Series(dict(path), dtype=float)
    if not isinstance(path, pd.Series):
        raise TypeError(
            f"{field_name} must be a pandas Series (or mapping) indexed by year, "
            f"got {type(path).__name__}"
        )
    values = pd.to_numeric(path, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{field_name} must hold finite values > 0; year {path.index[i]!r} has {path.iloc[i]!r}"
        )
    return pd.Series(values, index=path.index)


def reduction_between(path: pd.Series | Mapping[int, float], base_year: int, year: int) -> float:
    """Reduction (fraction) of ``path`` from ``base_year`` to ``year``.

    ``1 - path[year] / path[base_year]``.

    ``path`` is any positive quantity indexed by year (an intensity, an index, emissions).
    """
    series = _path_series(path, "path")
    for name, y in (("base_year", base_year), ("year", year)):
        y = _year(y, name)
        if y not in series.index:
            raise ValueError(
                f"{name}={y} is not in path (years {series.index.min()}-{series.index.max()})"
            )
    return 1.0 - float(series[year]) / float(series[base_year])


def meets_target(
    path: pd.Series | Mapping[int, float],
    base_year: int,
    target_year: int,
    target_reduction: float,
    *,
    reduction_to_base: float = 0.0,
) -> bool:
    """Whether a path reaches a reduction target in ``target_year``.

    The target is a reduction of ``target_reduction`` (fraction) from a reference year R to
    ``target_year``. ``path`` (positive values indexed by year) starts in or before ``base_year``;
    ``reduction_to_base`` is what was already achieved from R to ``base_year`` (0 when
    ``base_year`` is R). The achieved total is ``chain_reduction(reduction_to_base,
    reduction_between(path, base_year, target_year))``; it meets the target when at least
    ``target_reduction`` (less 1e-9 of floating-point slack).

    Example, plan section 二, 2030: ``meets_target(intensity, 2020, 2030, 0.65,
    reduction_to_base=0.484)``.
    """
    target = _reduction(target_reduction, "target_reduction")
    prior = _reduction(reduction_to_base, "reduction_to_base")
    achieved = chain_reduction(prior, reduction_between(path, base_year, target_year))
    return bool(achieved >= target - _TARGET_SLACK)


# --------------------------------------------------------------------------- Kaya identity


def kaya_factors(
    frame: pd.DataFrame,
    *,
    year: str = "year",
    population: str = "population",
    gdp: str = "gdp_bn_intl_usd_2011",
    energy: str = "primary_energy_twh",
    co2: str = "co2_mt",
) -> pd.DataFrame:
    """The four Kaya factors for each row: ``co2 = population x gdp_per_capita x energy_intensity
    x carbon_intensity``.

    Column names default to those of :func:`china_kaya`. Returns a DataFrame with columns
    ``year``, ``co2``, ``population``, ``gdp_per_capita`` (gdp / population),
    ``energy_intensity`` (energy / gdp) and ``carbon_intensity`` (co2 / energy), each in the
    ratio of the input units (with the defaults: billion int-$ 2011 per person, TWh per billion
    int-$, Mt CO2 per TWh). Every value must be finite and > 0; rows with a missing value raise
    (select complete rows first, e.g. ``china_kaya(complete=True)``).
    """
    cols = {"year": year, "population": population, "gdp": gdp, "energy": energy, "co2": co2}
    require_columns(frame, list(cols.values()), "kaya_factors: frame")
    for col in (population, gdp, energy, co2):
        missing = frame[col].isna().to_numpy()
        if missing.any():
            years = frame.loc[missing, year].tolist()
            raise ValueError(
                f"kaya_factors: column {col!r} is missing in {year}(s) {years[:5]}"
                f"{' ...' if len(years) > 5 else ''}; select complete rows first"
            )
    values = {}
    for key in ("population", "gdp", "energy", "co2"):
        arr = numeric_column(frame, cols[key], "kaya_factors")
        if (arr <= 0).any():
            i = int(np.flatnonzero(arr <= 0)[0])
            raise ValueError(
                f"kaya_factors: column {cols[key]!r} must be > 0; {year} "
                f"{frame[year].iloc[i]!r} has {arr[i]!r}"
            )
        values[key] = arr
    return pd.DataFrame(
        {
            "year": frame[year].to_numpy(),
            "co2": values["co2"],
            "population": values["population"],
            "gdp_per_capita": values["gdp"] / values["population"],
            "energy_intensity": values["energy"] / values["gdp"],
            "carbon_intensity": values["co2"] / values["energy"],
        }
    )


def logarithmic_mean(a: float, b: float) -> float:
    """Logarithmic mean ``(a - b) / (ln a - ln b)``, equal to ``a`` when ``a == b``; a, b > 0."""
    x = positive(a, "a")
    y = positive(b, "b")
    if x == y:
        return x
    # log1p keeps precision when a and b are close; log of the ratio when they are far apart
    # (log1p of a value near -1 would amplify its rounding error).
    z = (x - y) / y
    log_ratio = math.log1p(z) if abs(z) < 0.5 else math.log(x / y)
    return (x - y) / log_ratio


@dataclass(frozen=True)
class KayaDecomposition:
    """Additive LMDI-I decomposition of a change in CO2 between two years.

    ``contributions`` has one row per Kaya factor (in :data:`KAYA_FACTORS` order): ``factor``,
    ``start`` and ``end`` (factor values), ``ratio`` (end / start) and ``contribution`` (CO2 units,
    ``L(co2_end, co2_start) x ln(ratio)``, L = :func:`logarithmic_mean`). The contributions sum to
    ``total_change = co2_end - co2_start`` exactly in exact arithmetic (to rounding in floats),
    because the logs of the four ratios sum to ``ln(co2_end / co2_start)``.
    """

    start_year: int
    end_year: int
    co2_start: float
    co2_end: float
    total_change: float
    contributions: pd.DataFrame = field(compare=False, repr=False)

    def as_dict(self) -> dict[str, float]:
        """``{factor: contribution}`` in CO2 units."""
        return dict(
            zip(self.contributions["factor"], self.contributions["contribution"], strict=True)
        )


def kaya_decomposition(
    frame: pd.DataFrame,
    start_year: int,
    end_year: int,
    *,
    year: str = "year",
    population: str = "population",
    gdp: str = "gdp_bn_intl_usd_2011",
    energy: str = "primary_energy_twh",
    co2: str = "co2_mt",
) -> KayaDecomposition:
    """Split the change in CO2 from ``start_year`` to ``end_year`` among the four Kaya factors.

    Logarithmic mean Divisia index (LMDI-I, additive; Ang 2004): the contribution of factor x is
    ``L(C_end, C_start) * ln(x_end / x_start)``; the four contributions add up to
    ``C_end - C_start``. Column names as in :func:`kaya_factors`; both years must be in the frame
    with complete, positive values.
    """
    y0 = _year(start_year, "start_year")
    y1 = _year(end_year, "end_year")
    if y1 <= y0:
        raise ValueError(f"end_year must be after start_year={y0}, got {end_year!r}")
    require_columns(frame, [year], "kaya_decomposition: frame")
    rows = {}
    for name, y in (("start_year", y0), ("end_year", y1)):
        match = frame[frame[year] == y]
        if len(match) != 1:
            raise ValueError(
                f"kaya_decomposition: {name}={y} must appear exactly once in column {year!r}, "
                f"found {len(match)} row(s)"
            )
        rows[name] = match
    factors = kaya_factors(
        pd.concat([rows["start_year"], rows["end_year"]]),
        year=year,
        population=population,
        gdp=gdp,
        energy=energy,
        co2=co2,
    )
    c0, c1 = float(factors["co2"].iloc[0]), float(factors["co2"].iloc[1])
    weight = logarithmic_mean(c1, c0)
    table = []
    for name in KAYA_FACTORS:
        x0, x1 = float(factors[name].iloc[0]), float(factors[name].iloc[1])
        table.append(
            {
                "factor": name,
                "start": x0,
                "end": x1,
                "ratio": x1 / x0,
                "contribution": weight * math.log(x1 / x0),
            }
        )
    return KayaDecomposition(
        start_year=y0,
        end_year=y1,
        co2_start=c0,
        co2_end=c1,
        total_change=c1 - c0,
        contributions=pd.DataFrame(table),
    )


# --------------------------------------------------------------------------- peak scenarios


@dataclass(frozen=True)
class PeakScenario:
    """An emissions path from assumed GDP growth and CO2-intensity decline (:func:`peak_scenario`).

    ``path``: one row per year from ``start_year`` to ``end_year`` with ``year``, ``emissions``
    (units of ``start_emissions``), ``gdp_index`` and ``intensity_index`` (CO2 per unit of GDP),
    both 1 in ``start_year``.

    ``peak_year``/``peak_emissions``: the first year whose emissions are within 1e-9 (relative) of
    the path's maximum. ``peaks_within_horizon``: emissions in ``end_year`` are below the peak.
    If ``peak_year == start_year`` the path never rises (the true peak is then ``start_year`` or
    earlier).

    ``peaks_by_2030``: the peak falls in 2030 or earlier and emissions then fall (plan: peak before
    2030); ``None`` if the path cannot tell (the path still rises at an ``end_year`` before 2030,
    or it starts after 2030).

    ``intensity_reduction_2030_vs_2005``: CO2 intensity in 2030, as a fraction below 2005, chained
    from ``intensity_reduction_2005_to_start``; ``meets_2030_intensity_target``: that is at least
    65 %. Both ``None`` when 2030 is outside the path or the 2005-to-start outcome is unknown.
    ``meets_2025_intensity_target``: intensity 2025 at least 18 % below 2020 (``None`` unless the
    path covers 2020 and 2025).

    ``cumulative_emissions``: sum of ``emissions`` over every year of the path, start and end
    year included (units of ``start_emissions`` x year).
    """

    start_year: int
    end_year: int
    start_emissions: float
    gdp_growth: float
    intensity_decline: float
    gdp_growth_change: float
    decline_change: float
    path: pd.DataFrame = field(compare=False, repr=False)
    peak_year: int
    peak_emissions: float
    peaks_within_horizon: bool
    peaks_by_2030: bool | None
    intensity_reduction_2030_vs_2005: float | None
    meets_2030_intensity_target: bool | None
    meets_2025_intensity_target: bool | None
    cumulative_emissions: float

    @property
    def meets_2030_targets(self) -> bool | None:
        """Both 2030 goals of plan section 二: peak by 2030 and intensity >= 65 % below 2005."""
        if self.peaks_by_2030 is None or self.meets_2030_intensity_target is None:
            return None
        return self.peaks_by_2030 and self.meets_2030_intensity_target


def peak_scenario(
    start_year: int,
    start_emissions: float,
    gdp_growth: float,
    intensity_decline: float,
    gdp_growth_change: float = 0.0,
    decline_change: float = 0.0,
    end_year: int = 2035,
    *,
    intensity_reduction_2005_to_start: float | None = None,
) -> PeakScenario:
    """Project emissions from GDP growth and CO2-intensity decline; find the peak; check the plan.

    Rates are fractions per year: ``gdp_growth`` (0.05 = 5 %/yr, in (-1, 1]),
    ``intensity_decline`` (fall of CO2 per unit of GDP, 0.04 = 4 %/yr, in (-1, 1)).
    ``gdp_growth_change`` and ``decline_change`` (fractions per year per year) make the rates
    change linearly: the rate applied in the k-th projected year is ``rate + change * (k - 1)``.
    The path is exactly (also in :data:`PEAK_PATH_FORMULA`)::

        E_t = E_0 * prod_{k=1..t} (1 + g_k) * (1 - d_k),   t = year - start_year
        g_k = gdp_growth + gdp_growth_change * (k - 1)
        d_k = intensity_decline + decline_change * (k - 1)

    A static page can reproduce it in Vega-Lite: a ``sequence`` of k, ``calculate``
    ``log(1 + g_k) + log(1 - d_k)``, a ``window`` ``sum`` with ``frame: [null, 0]``, then
    ``calculate`` ``E_0 * exp(cumsum)``.

    ``intensity_reduction_2005_to_start``: CO2 intensity reduction achieved from 2005 to
    ``start_year`` (fraction); with ``None``, 48.4 % is used when ``start_year`` is 2020 (the
    reported outcome) and the 2030 intensity check is skipped otherwise.

    Raises ``ValueError`` naming the field when a rate reaches -100 % growth or a 100 % decline
    in any year of the horizon, or when ``end_year`` is not after ``start_year``.
    """
    y0 = _year(start_year, "start_year")
    y1 = _year(end_year, "end_year")
    if y1 <= y0:
        raise ValueError(f"end_year must be after start_year={y0}, got {end_year!r}")
    e0 = positive(start_emissions, "start_emissions")
    g = in_range(gdp_growth, "gdp_growth", -1.0, 1.0, low_open=True)
    d = in_range(intensity_decline, "intensity_decline", -1.0, 1.0, low_open=True, high_open=True)
    dg = finite_number(gdp_growth_change, "gdp_growth_change")
    dd = finite_number(decline_change, "decline_change")
    n = y1 - y0
    k = np.arange(1, n + 1, dtype=float)
    g_k = g + dg * (k - 1)
    d_k = d + dd * (k - 1)
    bad_g = np.flatnonzero(g_k <= -1.0)
    if bad_g.size:
        i = int(bad_g[0])
        raise ValueError(
            f"gdp_growth_change={gdp_growth_change!r} takes GDP growth to {g_k[i]!r} in "
            f"{y0 + i + 1}; growth of -100 % or less is impossible"
        )
    bad_d = np.flatnonzero(d_k >= 1.0)
    if bad_d.size:
        i = int(bad_d[0])
        raise ValueError(
            f"decline_change={decline_change!r} takes the intensity decline to {d_k[i]!r} in "
            f"{y0 + i + 1}; a decline of 100 % or more is impossible"
        )
    prior: float | None
    if intensity_reduction_2005_to_start is None:
        prior = CO2_INTENSITY_2020_VS_2005_REPORTED if y0 == 2020 else None
    else:
        prior = _reduction(intensity_reduction_2005_to_start, "intensity_reduction_2005_to_start")

    gdp_index = np.concatenate([[1.0], np.cumprod(1.0 + g_k)])
    intensity_index = np.concatenate([[1.0], np.cumprod(1.0 - d_k)])
    emissions = e0 * gdp_index * intensity_index
    if not np.isfinite(emissions).all():
        raise ValueError(
            "peak_scenario: the path overflows; shorten the horizon (end_year) or lower gdp_growth"
        )
    years = np.arange(y0, y1 + 1)
    path = pd.DataFrame(
        {
            "year": years,
            "emissions": emissions,
            "gdp_index": gdp_index,
            "intensity_index": intensity_index,
        }
    )

    top = float(emissions.max())
    i_peak = int(np.flatnonzero(emissions >= top * (1.0 - _PEAK_RTOL))[0])
    peak_year = int(years[i_peak])
    within = bool(emissions[-1] < top * (1.0 - _PEAK_RTOL))
    peaks_by_2030: bool | None
    if y0 > 2030:
        peaks_by_2030 = None
    elif peak_year > 2030:
        peaks_by_2030 = False
    elif within:
        peaks_by_2030 = True
    else:
        peaks_by_2030 = None  # still rising at an end_year <= 2030

    red_2030: float | None = None
    meets_2030: bool | None = None
    if prior is not None and y0 <= 2030 <= y1:
        red_2030 = chain_reduction(prior, 1.0 - float(intensity_index[2030 - y0]))
        meets_2030 = bool(red_2030 >= CO2_INTENSITY_TARGET_2030_VS_2005 - _TARGET_SLACK)
    meets_2025: bool | None = None
    if y0 <= 2020 and y1 >= 2025:
        red_2025 = 1.0 - float(intensity_index[2025 - y0] / intensity_index[2020 - y0])
        meets_2025 = bool(red_2025 >= CO2_INTENSITY_TARGET_2025_VS_2020 - _TARGET_SLACK)

    return PeakScenario(
        start_year=y0,
        end_year=y1,
        start_emissions=e0,
        gdp_growth=g,
        intensity_decline=d,
        gdp_growth_change=dg,
        decline_change=dd,
        path=path,
        peak_year=peak_year,
        peak_emissions=float(emissions[i_peak]),
        peaks_within_horizon=within,
        peaks_by_2030=peaks_by_2030,
        intensity_reduction_2030_vs_2005=red_2030,
        meets_2030_intensity_target=meets_2030,
        meets_2025_intensity_target=meets_2025,
        cumulative_emissions=float(emissions.sum()),
    )


# --- used by the course's explorers and chapters ----------------------------------------


#: Default assumptions of the peak explorer (percent per year; changes in points per year).
PEAK_DEFAULTS = {
    "gdp_growth_pct": 5.0,
    "gdp_growth_change_pct": -0.2,
    "intensity_decline_pct": 4.0,
    "decline_change_pct": 0.0,
}


def china_emissions_gt() -> pd.DataFrame:
    """China's reported fossil CO₂ by year (``year``, ``emissions_gt``), from ``china_kaya``."""

    kaya = china_kaya()
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
    """:func:`climatelab.peak_scenario` from China's reported emissions in ``start_year``
    (Gt), with the explorer's percent inputs."""

    return peak_scenario(
        start_year,
        china_start_emissions_gt(start_year),
        gdp_growth_pct / 100.0,
        intensity_decline_pct / 100.0,
        gdp_growth_change_pct / 100.0,
        decline_change_pct / 100.0,
        end_year=end_year,
    )


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

    plan = action_plan_targets().set_index("id")
    progress = china_progress()
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


#: Periods for the Kaya decomposition (years with all four inputs: 1990-2016).
KAYA_PERIODS = ((1990, 2000), (2000, 2010), (2010, 2016), (2005, 2016))


def kaya_periods(periods: tuple[tuple[int, int], ...] = KAYA_PERIODS) -> pd.DataFrame:
    """LMDI contributions of the four Kaya factors to China's CO₂ change, for several periods.

    One row per period and factor: ``period`` ("1990–2000"), ``factor``, ``contribution_mt``
    (Mt CO₂) and ``total_change_mt`` (the period's change in CO₂, Mt).
    """

    kaya = china_kaya(complete=True)
    parts = []
    for start, end in periods:
        dec = kaya_decomposition(kaya, start, end)
        part = dec.contributions[["factor", "contribution"]].rename(
            columns={"contribution": "contribution_mt"}
        )
        part.insert(0, "period", f"{start}–{end}")
        part["total_change_mt"] = dec.total_change
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
