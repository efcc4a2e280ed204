"""Fossil CO2 emissions: the world, the largest emitters and the Annex I split.

Backed by the ``fossil_co2`` dataset: annual territorial CO2 from fossil fuels and industry
(cement etc.; land-use change excluded), Global Carbon Budget (2024) with processing by Our
World in Data, CC BY 4.0. Values are stored in Mt CO2 per year; this module also reports
Gt CO2 (1 Gt = 1 000 Mt).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from climatelab import data
from climatelab._validate import finite_number

__all__ = [
    "ClaimCheck",
    "GROUP_CODES",
    "WORLD",
    "check_claim",
    "fossil_co2",
    "group_split",
    "largest_emitters",
    "ratio",
    "value_gt",
]

WORLD = "OWID_WRL"
ANNEX_I = "ANNEX_I"
NON_ANNEX_I = "NON_ANNEX_I"
BUNKERS = "INTL_TRANSPORT"
GROUP_CODES = (ANNEX_I, NON_ANNEX_I, BUNKERS)


def fossil_co2(
    codes: list[str] | None = None, start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """Annual fossil CO2 in long form.

    Columns: ``entity``, ``code``, ``year``, ``co2_mt`` (Mt CO2), ``co2_gt`` (Gt CO2), ``kind``.

    ``codes`` selects entities by code (ISO3, or ``OWID_WRL``, ``ANNEX_I``, ``NON_ANNEX_I``,
    ``INTL_TRANSPORT``, ``OWID_EU27``); ``start``/``end`` bound the years (inclusive).
    """
    table = data.load("fossil_co2")
    if codes is not None:
        if isinstance(codes, str):
            raise TypeError(f"codes must be a list of codes, got the string {codes!r}")
        known = set(table["code"])
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValueError(f"unknown code(s) {unknown}; available: {', '.join(sorted(known))}")
        table = table[table["code"].isin(codes)]
    years = table["year"]
    first, last = int(years.min()), int(years.max())
    for field, value in (("start", start), ("end", end)):
        if value is not None and not (first <= int(value) <= last):
            raise ValueError(f"{field}={value!r} is outside the data's years {first}..{last}")
    if start is not None and end is not None and end < start:
        raise ValueError(f"end={end!r} is before start={start!r}")
    if start is not None:
        table = table[table["year"] >= start]
    if end is not None:
        table = table[table["year"] <= end]
    table = table.assign(co2_gt=table["co2_mt"] / 1000.0)
    return table.reset_index(drop=True)


def value_gt(year: int, code: str = WORLD) -> float:
    """Emissions of one entity in one year, Gt CO2."""
    rows = fossil_co2([code])
    hit = rows[rows["year"] == year]
    if hit.empty:
        raise ValueError(
            f"year={year!r} not in the data for code={code!r} "
            f"({int(rows['year'].min())}..{int(rows['year'].max())})"
        )
    return float(hit["co2_gt"].iloc[0])


def ratio(from_year: int, to_year: int, code: str = WORLD) -> float:
    """Emissions in ``to_year`` divided by emissions in ``from_year`` (2.0 = doubled)."""
    return value_gt(to_year, code) / value_gt(from_year, code)


@dataclass(frozen=True)
class ClaimCheck:
    """A claimed emissions figure set against the dataset."""

    year: int
    claimed_gt: float
    dataset_gt: float

    @property
    def difference_gt(self) -> float:
        """Claimed minus dataset, Gt CO2."""
        return self.claimed_gt - self.dataset_gt

    @property
    def difference_pct(self) -> float:
        """Claimed minus dataset, as a percentage of the dataset value."""
        return 100.0 * self.difference_gt / self.dataset_gt


def check_claim(year: int, claimed_gt: float, code: str = WORLD) -> ClaimCheck:
    """Compare a claimed annual figure (Gt CO2) with the dataset."""
    claimed = finite_number(claimed_gt, "claimed_gt")
    if claimed < 0:
        raise ValueError(f"claimed_gt must be >= 0, got {claimed_gt!r}")
    return ClaimCheck(year=int(year), claimed_gt=claimed, dataset_gt=value_gt(year, code))


def group_split(year: int) -> pd.DataFrame:
    """World emissions in ``year`` split into Annex I, non-Annex I, bunkers and a residual.

    The residual (World minus the three parts) is the statistical difference and the few
    emissions not attributed to a country in the source; the parts sum to the world total
    by construction. Columns: ``part``, ``co2_gt``, ``share_pct``.
    """
    rows = fossil_co2([WORLD, *GROUP_CODES], start=year, end=year).set_index("code")
    world = float(rows.loc[WORLD, "co2_gt"])
    parts = {
        "Annex I": float(rows.loc[ANNEX_I, "co2_gt"]),
        "Non-Annex I": float(rows.loc[NON_ANNEX_I, "co2_gt"]),
        "International transport (bunkers)": float(rows.loc[BUNKERS, "co2_gt"]),
    }
    parts["Residual (not attributed)"] = world - sum(parts.values())
    out = pd.DataFrame({"part": list(parts), "co2_gt": list(parts.values())})
    out["share_pct"] = 100.0 * out["co2_gt"] / world
    return out


def largest_emitters(year: int, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest single-country emitters in ``year``: ``entity``, ``code``, ``co2_gt``."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    rows = fossil_co2(start=year, end=year)
    rows = rows[rows["kind"] == "country"]
    top = rows.nlargest(n, "co2_gt")[["entity", "code", "co2_gt"]]
    return top.reset_index(drop=True)
