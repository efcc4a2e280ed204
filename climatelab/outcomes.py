"""Outcomes: did Kyoto's Parties meet their targets, where did the CO2 go, and how Paris began.

Part 5 of the course tests the seed's verdict ("thirty years of diplomacy, emissions almost
doubled, so solving the environment through UN politics has completely failed") with data:

* Annex B targets against what happened (Kyoto Art. 3.1, Annex B): :func:`target_vs_outcome`
  per Party, :func:`group_outcome` for a group, :func:`decompose_change` to split a group's
  change into parts (e.g. economies in transition vs the rest), :func:`co2_share_of_basket`
  to see how far fossil CO2 stands in for the six-gas basket;
* territorial vs consumption-based CO2 (carbon embodied in trade): :func:`carbon_in_trade`;
* the Paris Agreement's entry into force (Art. 21.1: 55 Parties with at least an estimated
  55 % of global GHG, then 30 days), computed with the same
  :func:`climatelab.kyoto.entry_into_force` as Kyoto's Art. 25: :func:`paris_entry_into_force`;
  who is a Party on a given day (Art. 28 withdrawals): :func:`paris_parties_on`;
* amendments that need a fraction of the Parties (Kyoto Art. 20.4 / 21.7: three fourths, then
  90 days): :func:`amendment_status`, applied to the Doha Amendment by :func:`doha_status`.

Caveat on coverage: Kyoto targets cover six gases (CO2, CH4, N2O, HFCs, PFCs, SF6) and some
land use (Art. 3.3-3.4), from a base year that is 1990 for most Parties but earlier for some
economies in transition (Bulgaria 1988, Hungary 1985-87, Poland 1988, Romania 1989, Slovenia
1986). The outcome tables here use fossil CO2 only (Global Carbon Budget 2024 via Our World in
Data, dataset ``fossil_co2``) from 1990: a proxy, about four fifths of the basket (see
:func:`co2_share_of_basket`), not a compliance assessment. Official compliance used the
Parties' inventories and counted units bought, sold and from sinks.

Units: Mt CO2 (``_mt``), Mt CO2 per year for annual values; percent where a name ends in
``_pct``; percentage points where it ends in ``_pp``; shares of a reference total are fractions
(0-1); dates are ``pd.Timestamp``. Data comes only through :func:`climatelab.data.load`;
the functions that take frames as arguments are pure.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral
from typing import Literal

import numpy as np
import pandas as pd

from climatelab import data, kyoto
from climatelab._validate import as_date, in_range, numeric_column, require_columns, whole_number

__all__ = [
    "ARTICLE21_TOTAL_GHG_GG",
    "PARIS_DELAY_DAYS",
    "PARIS_MIN_PARTIES",
    "PARIS_MIN_SHARE",
    "AmendmentStatus",
    "GroupOutcome",
    "amendment_status",
    "annex_b_co2",
    "carbon_in_trade",
    "co2_share_of_basket",
    "compare_with_targets",
    "consumption_co2",
    "decompose_change",
    "doha_acceptances",
    "doha_status",
    "eit_split",
    "group_outcome",
    "kyoto_parties_on",
    "paris_entry_into_force",
    "paris_instruments",
    "paris_parties_on",
    "paris_shares",
    "target_vs_outcome",
]

#: Official total of the Paris Agreement Art. 21 table (Gg CO2e); the EU row is not added.
ARTICLE21_TOTAL_GHG_GG = 37_168_339
#: Paris Agreement Art. 21.1: 55 Parties, 55 % of total global GHG, then 30 days.
PARIS_MIN_PARTIES = 55
PARIS_MIN_SHARE = 0.55
PARIS_DELAY_DAYS = 30

_EPS = 1e-9


# --------------------------------------------------------------------------- helpers
def _year(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral | np.integer):
        raise TypeError(f"{field} must be an integer year, got {type(value).__name__}: {value!r}")
    return int(value)


def _period(period: object, first: int, last: int) -> tuple[int, int]:
    """Check a (start, end) pair of years inside the data's ``first..last``."""
    if isinstance(period, str) or not isinstance(period, tuple | list):
        raise TypeError(f"period must be a (start, end) pair of years, got {period!r}")
    if len(period) != 2:
        raise ValueError(f"period must be a (start, end) pair of years, got {period!r} (empty?)")
    start = _year(period[0], "period start")
    end = _year(period[1], "period end")
    if end < start:
        raise ValueError(f"period end={end} is before start={start}")
    if start < first or end > last:
        raise ValueError(f"period={period!r} is outside the data's years {first}..{last}")
    return start, end


def _names(values: object, field: str) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{field} must be a list of names, got {values!r}")
    out = []
    for v in values:
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{field} must hold non-empty names, got {v!r}")
        out.append(v.strip())
    if not out:
        raise ValueError(f"{field} must name at least one entry, got an empty list")
    dup = pd.Series(out)[pd.Series(out).duplicated()]
    if not dup.empty:
        raise ValueError(f"{field} repeats {dup.iloc[0]!r}")
    return out


def _chosen(parties: object, available: list[str], why: str) -> list[str]:
    """``parties`` checked against ``available`` (all of them when ``parties`` is None)."""
    chosen = available if parties is None else _names(parties, "parties")
    unknown = [p for p in chosen if p not in available]
    if unknown:
        raise ValueError(f"unknown party={unknown[0]!r}: {why}; available: {', '.join(available)}")
    return chosen


# --------------------------------------------------------------------------- Annex B outcome
def annex_b_co2() -> pd.DataFrame:
    """Annual fossil CO2 of every Annex B country with a series, long form.

    Columns: ``party`` (as in ``annex_b``), ``code`` (ISO3), ``year``, ``co2_mt`` (Mt CO2).
    37 Parties: Annex B less the European Community (its members are listed) and Monaco
    (the Global Carbon Budget counts it with France). Source: ``fossil_co2`` (GCB 2024 via
    OWID, CC BY 4.0).
    """
    parties = data.load("annex_i_parties")
    parties = parties[parties["annex_b"].astype(bool) & (parties["iso3"] != "EUU")]
    fossil = data.load("fossil_co2")
    fossil = fossil[fossil["kind"] == "country"]
    out = fossil.merge(parties[["party", "iso3"]], left_on="code", right_on="iso3")
    return out[["party", "code", "year", "co2_mt"]].reset_index(drop=True)


def compare_with_targets(
    emissions: pd.DataFrame,
    targets: pd.DataFrame,
    period: tuple[int, int] = (2008, 2012),
    base_year: int = 1990,
) -> pd.DataFrame:
    """Each Party's emissions over a period against its target (pure; Kyoto Art. 3.1).

    ``emissions``: long frame ``party``, ``year``, ``co2_mt`` (any non-negative annual
    quantity; one row per Party and year). ``targets``: ``party``, ``target_pct`` (allowed
    change on the base year, percent: -8 for the EC's 92 %) and optionally any further
    columns, which are carried over (e.g. ``economy_in_transition``).
    ``period``: (first, last) year, inclusive -- (2008, 2012) is the first commitment
    period; ``base_year``: the reference year (1990; Art. 3.5 allowed some economies in
    transition an earlier one, which this proxy does not have).

    Returns one row per Party in ``targets`` order: ``party``, ``base_co2_mt`` (base year),
    ``period_co2_mt`` (mean over the period, per year), ``change_pct`` (100 x (period /
    base - 1)), ``target_pct``, ``allowed_co2_mt`` (base x (1 + target / 100)), ``gap_pp``
    (change - target, percentage points; > 0 = above target), ``met`` (change <= target),
    then the extra ``targets`` columns. Raises ``ValueError`` for an unknown Party, a
    missing year, a zero base year, a period outside the data or ending before it starts.
    """
    require_columns(emissions, ["party", "year", "co2_mt"], "emissions")
    require_columns(targets, ["party", "target_pct"], "targets")
    if emissions.empty:
        raise ValueError("emissions must have at least one row")
    if targets.empty:
        raise ValueError("targets must have at least one row (party, target_pct)")
    parties = _names(targets["party"], "targets party")
    years = pd.to_numeric(emissions["year"], errors="coerce")
    if years.isna().any():
        raise ValueError(f"emissions: column 'year' must hold years, got {emissions['year']!r}")
    first, last = int(years.min()), int(years.max())
    start, end = _period(period, first, last)
    base = _year(base_year, "base_year")
    if not first <= base <= last:
        raise ValueError(f"base_year={base} is outside the data's years {first}..{last}")
    values = numeric_column(emissions, "co2_mt", "emissions", minimum=0.0)
    target = numeric_column(targets, "target_pct", "targets", minimum=-100.0)
    frame = pd.DataFrame(
        {"party": emissions["party"].to_numpy(), "year": years.astype(int), "v": values}
    )
    if frame.duplicated(["party", "year"]).any():
        dup = frame[frame.duplicated(["party", "year"])].iloc[0]
        raise ValueError(f"emissions: party={dup['party']!r} year={dup['year']} appears twice")
    known = set(frame["party"])
    unknown = [p for p in parties if p not in known]
    if unknown:
        raise ValueError(
            f"unknown party={unknown[0]!r}: no emissions for it; available: "
            f"{', '.join(sorted(known))}"
        )
    table = frame.set_index(["party", "year"])["v"]
    need = [base, *range(start, end + 1)]
    rows = []
    for p in parties:
        series = table.loc[p]
        missing = [y for y in need if y not in series.index]
        if missing:
            raise ValueError(f"emissions: party={p!r} has no value for year={missing[0]}")
        b = float(series.loc[base])
        if b <= 0:
            raise ValueError(f"emissions: party={p!r} has base_year={base} emissions of 0")
        rows.append((b, float(series.loc[start:end].mean())))
    base_mt = np.array([r[0] for r in rows])
    period_mt = np.array([r[1] for r in rows])
    change = 100.0 * (period_mt / base_mt - 1.0)
    out = pd.DataFrame(
        {
            "party": parties,
            "base_co2_mt": base_mt,
            "period_co2_mt": period_mt,
            "change_pct": change,
            "target_pct": target,
            "allowed_co2_mt": base_mt * (1.0 + target / 100.0),
            "gap_pp": change - target,
            "met": change <= target + _EPS,
        }
    )
    extra = [c for c in targets.columns if c not in ("party", "target_pct") and c not in out]
    for c in extra:
        out[c] = targets[c].to_numpy()
    return out


def target_vs_outcome(
    parties: Collection[str] | None = None,
    period: tuple[int, int] = (2008, 2012),
    base_year: int = 1990,
    *,
    target: Literal["annex_b", "burden_sharing"] = "annex_b",
) -> pd.DataFrame:
    """Annex B Parties' fossil CO2 over a period against their Kyoto target (Art. 3.1).

    ``parties``: Party names as in ``annex_b`` (default: the 37 with a CO2 series, see
    :func:`annex_b_co2`). ``period``: first and last year, inclusive (default the first
    commitment period 2008-2012); ``base_year``: 1990 by default.
    ``target``: ``"annex_b"`` -- the Annex B percentage (EU-15 members each 92 %);
    ``"burden_sharing"`` -- the level each EU-15 member accepted under the Art. 4 bubble
    (Council Decision 2002/358/EC: Germany 79 %, Portugal 127 % ...); other Parties keep
    their Annex B figure.

    Columns as :func:`compare_with_targets` (``base_co2_mt``, ``period_co2_mt`` in Mt CO2 per
    year; ``change_pct``, ``target_pct`` = Annex B % - 100; ``gap_pp``; ``met``) plus
    ``code``, ``economy_in_transition``, ``eu15`` and ``bound_cp1`` (False for the United
    States, which never ratified, and Canada, which withdrew with effect from 2012-12-15).
    Fossil CO2 only, from 1990: a proxy for the six-gas basket (see the module docstring).
    """
    if target not in ("annex_b", "burden_sharing"):
        raise ValueError(f"target must be 'annex_b' or 'burden_sharing', got {target!r}")
    emissions = annex_b_co2()
    available = list(dict.fromkeys(emissions["party"]))
    chosen = _chosen(parties, available, "not an Annex B Party with a fossil CO2 series")
    info = data.load("annex_i_parties").set_index("party")
    pct = kyoto.annex_b().set_index("party")["commitment_pct"].astype(float)
    if target == "burden_sharing":
        amounts = kyoto.assigned_amounts().set_index("party")
        eu = amounts[amounts["group"] == "EU-15"]["target_pct_of_base"].astype(float)
        pct = pct.copy()
        pct.loc[eu.index] = eu
    instruments = kyoto.instruments().set_index("party")
    cp1_end = pd.Timestamp("2012-12-31")

    def bound(p: str) -> bool:
        if p not in instruments.index:
            return False
        gone = instruments.loc[p, "withdrawal_effective"]
        return bool(pd.isna(gone) or gone > cp1_end)

    targets = pd.DataFrame(
        {
            "party": chosen,
            "target_pct": [pct[p] - 100.0 for p in chosen],
            "code": [info.loc[p, "iso3"] for p in chosen],
            "economy_in_transition": [bool(info.loc[p, "economy_in_transition"]) for p in chosen],
            "eu15": [bool(info.loc[p, "eu15"]) for p in chosen],
            "bound_cp1": [bound(p) for p in chosen],
        }
    )
    return compare_with_targets(emissions, targets, period, base_year)


@dataclass(frozen=True)
class GroupOutcome:
    """A group of Parties' emissions against their combined target.

    ``base_co2_mt`` / ``period_co2_mt`` / ``allowed_co2_mt``: sums of the Parties' values
    (Mt CO2 per year); ``change_mt`` = period - base; ``change_pct`` = 100 x change / base;
    ``target_pct`` = 100 x (allowed / base - 1), the base-weighted mean of the Parties'
    targets; ``gap_pp`` = change - target (also the base-weighted mean of the Parties'
    gaps); ``met``: period <= allowed; ``parties``: the Parties, in input order.
    """

    parties: tuple[str, ...]
    base_co2_mt: float
    period_co2_mt: float
    allowed_co2_mt: float
    change_mt: float
    change_pct: float
    target_pct: float
    gap_pp: float
    met: bool


def _outcome_columns(outcome: object, name: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    require_columns(outcome, ["party", "base_co2_mt", "period_co2_mt"], name)
    assert isinstance(outcome, pd.DataFrame)
    if outcome.empty:
        raise ValueError(f"{name} must have at least one row")
    parties = _names(outcome["party"], f"{name} party")
    base = numeric_column(outcome, "base_co2_mt", name, minimum=0.0)
    period = numeric_column(outcome, "period_co2_mt", name, minimum=0.0)
    if base.sum() <= 0:
        raise ValueError(f"{name}: column 'base_co2_mt' adds up to 0")
    return parties, base, period


def group_outcome(outcome: pd.DataFrame) -> GroupOutcome:
    """Add up a :func:`target_vs_outcome` / :func:`compare_with_targets` table (pure).

    ``outcome``: one row per Party with ``party``, ``base_co2_mt``, ``period_co2_mt`` and
    ``target_pct`` (or ``allowed_co2_mt``). The group's values are the sums of the Parties'
    (Kyoto counts a group's emissions this way, e.g. the Art. 4 bubble), so the Party values
    always add up to the group's. E.g. ``group_outcome(t[~t.economy_in_transition])`` for
    Annex B without the economies in transition.
    """
    parties, base, period = _outcome_columns(outcome, "outcome")
    if "allowed_co2_mt" in outcome.columns:
        allowed = numeric_column(outcome, "allowed_co2_mt", "outcome", minimum=0.0)
    elif "target_pct" in outcome.columns:
        target = numeric_column(outcome, "target_pct", "outcome", minimum=-100.0)
        allowed = base * (1.0 + target / 100.0)
    else:
        raise ValueError("outcome needs a 'target_pct' or an 'allowed_co2_mt' column")
    b, p, a = math.fsum(base), math.fsum(period), math.fsum(allowed)
    change_pct = 100.0 * (p - b) / b
    target_pct = 100.0 * (a - b) / b
    return GroupOutcome(
        parties=tuple(parties),
        base_co2_mt=b,
        period_co2_mt=p,
        allowed_co2_mt=a,
        change_mt=p - b,
        change_pct=change_pct,
        target_pct=target_pct,
        gap_pp=change_pct - target_pct,
        met=bool(p <= a + _EPS * max(1.0, abs(a))),
    )


def decompose_change(outcome: pd.DataFrame, groups: Mapping[str, str] | str) -> pd.DataFrame:
    """Split a group's change between base year and period into parts that add up (pure).

    ``outcome``: one row per Party with ``party``, ``base_co2_mt``, ``period_co2_mt`` (e.g.
    from :func:`target_vs_outcome`). ``groups``: either a mapping party -> part label that
    names every Party in ``outcome`` (and no other), or the name of a column of ``outcome``
    whose values are the labels (a boolean column gives the labels ``<column>`` and
    ``not <column>``).

    Returns one row per part, in order of first appearance: ``part``, ``parties`` (count),
    ``base_co2_mt``, ``period_co2_mt``, ``change_mt`` (period - base), ``change_pct`` (the
    part's own change, percent of its base; NaN never: a part with zero base raises),
    ``contribution_pp`` (100 x change_mt / the whole group's base: percentage points of
    the group's change). ``change_mt`` and ``contribution_pp`` add up to the group's
    :class:`GroupOutcome` ``change_mt`` and ``change_pct``.
    """
    parties, base, period = _outcome_columns(outcome, "outcome")
    if isinstance(groups, str):
        if groups not in outcome.columns:
            raise ValueError(
                f"groups={groups!r} is not a column of outcome; it has {list(outcome.columns)}"
            )
        col = outcome[groups]
        if pd.api.types.is_bool_dtype(col):
            labels = [groups if bool(v) else f"not {groups}" for v in col]
        else:
            if col.isna().any():
                i = int(np.flatnonzero(col.isna().to_numpy())[0])
                raise ValueError(f"outcome: column {groups!r} is empty for party={parties[i]!r}")
            labels = [str(v) for v in col]
    elif isinstance(groups, Mapping):
        extra = [p for p in groups if p not in set(parties)]
        if extra:
            raise ValueError(f"groups names unknown party={extra[0]!r} (not in outcome)")
        missing = [p for p in parties if p not in groups]
        if missing:
            raise ValueError(f"groups has no part for party={missing[0]!r}")
        labels = []
        for p in parties:
            label = groups[p]
            if not isinstance(label, str) or not label.strip():
                raise ValueError(f"groups[{p!r}] must be a non-empty label, got {label!r}")
            labels.append(label.strip())
    else:
        raise TypeError(
            f"groups must be a mapping party -> part or a column name, got {type(groups).__name__}"
        )
    whole = math.fsum(base)
    frame = pd.DataFrame({"part": labels, "base": base, "period": period})
    rows = []
    for label, part in frame.groupby("part", sort=False):
        b, p = math.fsum(part["base"]), math.fsum(part["period"])
        if b <= 0:
            raise ValueError(f"part={label!r} has base-year emissions of 0: no percent change")
        rows.append(
            {
                "part": label,
                "parties": len(part),
                "base_co2_mt": b,
                "period_co2_mt": p,
                "change_mt": p - b,
                "change_pct": 100.0 * (p - b) / b,
                "contribution_pp": 100.0 * (p - b) / whole,
            }
        )
    return pd.DataFrame(rows)


def eit_split(period: tuple[int, int] = (2008, 2012), base_year: int = 1990) -> pd.DataFrame:
    """Annex B's change in fossil CO2 split into economies in transition and the rest.

    :func:`decompose_change` on :func:`target_vs_outcome` (all 37 Parties, the United States
    included) with parts "Economies in transition" and "Other Annex B".
    """
    table = target_vs_outcome(period=period, base_year=base_year)
    labels = {
        p: "Economies in transition" if eit else "Other Annex B"
        for p, eit in zip(table["party"], table["economy_in_transition"], strict=True)
    }
    return decompose_change(table, labels)


def co2_share_of_basket(parties: Collection[str] | None = None) -> pd.DataFrame:
    """How much of a Party's Kyoto base-year basket fossil CO2 in 1990 stands for.

    Kyoto targets cover six gases and land use (Annex A, Art. 3.3); the outcome tables use
    fossil CO2 only. This sets the base-year six-gas emissions behind each assigned amount
    (``assigned_amounts``, Art. 3.7: "aggregate anthropogenic carbon dioxide equivalent
    emissions", SAR GWPs) against fossil CO2 in 1990 (``fossil_co2``).

    Columns: ``party``, ``base_year`` (the Kyoto base year, text: not always 1990),
    ``base_year_ghg_mt`` (Mt CO2e), ``fossil_co2_1990_mt`` (Mt CO2), ``co2_share_pct``
    (100 x fossil CO2 / basket). Default Parties: every one with both figures (not the EC
    bubble, the United States -- no assigned amount -- or Monaco -- no CO2 series). Two
    sources and two methods: read the share as "about", not to the decimal.
    """
    amounts = kyoto.assigned_amounts()
    amounts = amounts[
        ~amounts["group"].str.contains("bubble") & amounts["base_year_emissions_t"].notna()
    ]
    co2 = annex_b_co2()
    co2 = co2[co2["year"] == 1990].set_index("party")["co2_mt"]
    available = [p for p in amounts["party"] if p in co2.index]
    chosen = _chosen(parties, available, "needs a base-year figure and a CO2 series")
    info = amounts.set_index("party")
    ghg = np.array([float(info.loc[p, "base_year_emissions_t"]) / 1e6 for p in chosen])
    fossil = np.array([float(co2[p]) for p in chosen])
    return pd.DataFrame(
        {
            "party": chosen,
            "base_year": [str(info.loc[p, "base_year"]) for p in chosen],
            "base_year_ghg_mt": ghg,
            "fossil_co2_1990_mt": fossil,
            "co2_share_pct": 100.0 * fossil / ghg,
        }
    )


# --------------------------------------------------------------------------- trade
def consumption_co2() -> pd.DataFrame:
    """The ``consumption_co2`` dataset (GCB 2019): territorial vs consumption CO2, 1990-2017.

    Columns: ``entity``, ``code``, ``year``, ``kind``, ``territorial_mtco2``,
    ``consumption_mtco2``, ``transfer_mtco2`` (consumption - territorial; > 0 = net
    importer of embodied CO2), ``source``. Mt CO2 (MtC x 3.664).
    """
    return data.load("consumption_co2")


def carbon_in_trade(entities: Collection[str] | None = None, year: int = 2017) -> pd.DataFrame:
    """Territorial vs consumption-based CO2 in one year: how much CO2 trade moves.

    Territorial emissions are what a country emits at home (what the UNFCCC inventories and
    Kyoto's targets count); consumption-based emissions add the CO2 embodied in imports and
    subtract that embodied in exports. ``entities``: codes (``CHN``, ``USA``, ``EU28``,
    ``EU15``, ``EIT``, ``KP_ANNEX_B``, ``WORLD`` ...) or entity names; default all.
    ``year``: 1990-2017.

    Columns: ``entity``, ``code``, ``kind``, ``territorial_mtco2``, ``consumption_mtco2``,
    ``transfer_mtco2`` (Mt CO2; > 0 = net importer), ``transfer_pct`` (100 x transfer /
    territorial). Global Carbon Budget 2019 (Friedlingstein et al. 2019).
    """
    table = consumption_co2()
    y = _year(year, "year")
    first, last = int(table["year"].min()), int(table["year"].max())
    if not first <= y <= last:
        raise ValueError(f"year={y} is outside the data's years {first}..{last}")
    rows = table[table["year"] == y]
    if entities is None:
        chosen = rows
    else:
        wanted = _names(entities, "entities")
        by_code = dict(zip(rows["code"], rows.index, strict=True))
        by_name = dict(zip(rows["entity"], rows.index, strict=True))
        idx = []
        for e in wanted:
            if e in by_code:
                idx.append(by_code[e])
            elif e in by_name:
                idx.append(by_name[e])
            else:
                raise ValueError(
                    f"unknown entity={e!r}; available codes: {', '.join(rows['code'])}"
                )
        chosen = rows.loc[idx]
    out = chosen[
        ["entity", "code", "kind", "territorial_mtco2", "consumption_mtco2", "transfer_mtco2"]
    ].reset_index(drop=True)
    out["transfer_pct"] = 100.0 * out["transfer_mtco2"] / out["territorial_mtco2"]
    return out


# --------------------------------------------------------------------------- Paris
def paris_instruments() -> pd.DataFrame:
    """Every Party's Paris Agreement instrument, ORIGINAL deposit dates (195 rows).

    Columns: ``party``, ``date`` (original deposit, datetime64: the United States
    2016-09-03), ``instrument``, ``iso3``, ``date_of_effect`` (Art. 21.1 / 21.3), the
    withdrawal and second-deposit columns (``withdrawal_notice``, ``withdrawal_effective``,
    ``second_deposit_date``, ``second_date_of_effect``, ``second_withdrawal_notice``,
    ``second_withdrawal_effective``; NaT unless used -- only the United States),
    ``regional_organisation`` (True for the EU), ``source``, ``confidence``, ``note``.
    """
    table = data.load("paris_instruments").rename(columns={"deposit_date": "date"})
    first = ["party", "date", "instrument", "iso3"]
    return table[first + [c for c in table.columns if c not in first]]


def paris_shares(
    basis: Literal["exact", "published"] = "exact", *, include_regional: bool = True
) -> pd.Series:
    """Art. 21 table as fractions of the official total: party -> share (0-1).

    ``basis="exact"``: Gg CO2e / 37 168 339 Gg (:data:`ARTICLE21_TOTAL_GHG_GG`);
    ``"published"``: the printed percentages (2 decimals) / 100.
    ``include_regional``: keep the European Union row (its 12.10 % repeats its members'
    emissions; :func:`climatelab.kyoto.entry_into_force` ignores the share of a regional
    organisation). With it left out the shares add up to 1.0000001 (exact basis).
    """
    if basis not in ("exact", "published"):
        raise ValueError(f"basis must be 'exact' or 'published', got {basis!r}")
    table = data.load("paris_article21_shares")
    if not include_regional:
        table = table[~table["regional_organisation"].astype(bool)]
    if basis == "exact":
        values = table["emissions_gg"].to_numpy(dtype=float) / ARTICLE21_TOTAL_GHG_GG
    else:
        values = table["percent_published"].to_numpy(dtype=float) / 100.0
    return pd.Series(values, index=pd.Index(table["party"], name="party"), name="share")


def paris_entry_into_force(
    basis: Literal["exact", "published"] = "exact",
) -> kyoto.EntryIntoForce:
    """Paris Agreement Art. 21.1 applied to the shipped data: in force 2016-11-04.

    Art. 21.1: the Agreement "shall enter into force on the thirtieth day after the date on
    which at least 55 Parties to the Convention accounting in total for at least an
    estimated 55 per cent of the total global greenhouse gas emissions have deposited their
    instruments". Calls :func:`climatelab.kyoto.entry_into_force` unchanged with
    ``min_parties=55, min_share=0.55, delay_days=30`` on :func:`paris_instruments` (original
    deposit dates: the United States' 2016-09-03 acceptance, not its 2021 re-acceptance)
    and :func:`paris_shares`; the European Union counts once as a Party and adds no share
    (Art. 21.4). Both conditions were met on 2016-10-05 (the EU and seven member States,
    Canada, Bolivia and Nepal deposited that day). End-of-day totals from the treaty record
    are 74 Parties and 58.8 %; the UNFCCC's announcement that day spoke of 72 Parties and
    about 56.9 %, apparently before Canada's (1.95 %) and one other instrument were counted.
    """
    instruments = paris_instruments()
    regional = tuple(instruments.loc[instruments["regional_organisation"].astype(bool), "party"])
    return kyoto.entry_into_force(
        instruments[["party", "date"]],
        paris_shares(basis),
        min_parties=PARIS_MIN_PARTIES,
        min_share=PARIS_MIN_SHARE,
        delay_days=PARIS_DELAY_DAYS,
        regional_organisations=regional,
    )


def paris_parties_on(date: object) -> pd.DataFrame:
    """Parties for which the Paris Agreement is in force on ``date`` (Art. 21.3, Art. 28).

    A Party counts from its date of effect (2016-11-04, or 30 days after a later deposit)
    until a withdrawal takes effect (one year after the notice, Art. 28.2), and again from
    the date of effect of a new instrument. The United States: a Party 2016-11-04 to
    2020-11-03 and 2021-02-19 to 2026-01-26. Columns: ``party``, ``iso3``,
    ``regional_organisation``. Instruments deposited after the data's date (2023-02-13) are
    not known.
    """
    day = as_date(date, "date")
    t = paris_instruments()

    def before(col: str) -> pd.Series:
        return t[col].notna() & (t[col] <= day)

    first_spell = before("date_of_effect") & ~before("withdrawal_effective")
    second_spell = before("second_date_of_effect") & ~before("second_withdrawal_effective")
    keep = first_spell | second_spell
    return t.loc[keep, ["party", "iso3", "regional_organisation"]].reset_index(drop=True)


# --------------------------------------------------------------------------- amendments
@dataclass(frozen=True, eq=False)
class AmendmentStatus:
    """Acceptances of an amendment counted against a "fraction of the Parties" threshold.

    ``parties_total``: Parties to the treaty; ``fraction``: share of them needed (0.75);
    ``threshold``: ceil(fraction x parties_total) acceptances (144 of 192 for Doha);
    ``acceptances``: acceptances counted (instruments in ``not_counted`` excluded);
    ``met``: threshold reached; ``threshold_date`` / ``threshold_party``: when and with
    whose acceptance (None if not met); ``entry_into_force``: ``threshold_date +
    delay_days`` (None if not met); ``not_counted``: Parties whose instruments were listed
    but not counted; ``progress``: one row per instrument in date order (same day: as
    given), columns ``date``, ``party``, ``counted`` (bool), ``count`` (cumulative count of
    counted instruments), ``needed`` (threshold - count, >= 0); ``message``: one sentence.
    """

    parties_total: int
    fraction: float
    threshold: int
    delay_days: int
    acceptances: int
    met: bool
    threshold_date: pd.Timestamp | None
    threshold_party: str | None
    entry_into_force: pd.Timestamp | None
    not_counted: tuple[str, ...]
    progress: pd.DataFrame
    message: str

    def count_on(self, date: object) -> int:
        """Counted acceptances deposited on or before ``date``."""
        day = as_date(date, "date")
        return int((self.progress["counted"] & (self.progress["date"] <= day)).sum())


def amendment_status(
    acceptances: pd.DataFrame,
    parties_total: int,
    fraction: float = 0.75,
    delay_days: int = 90,
    *,
    not_counted: Collection[str] = (),
) -> AmendmentStatus:
    """When an amendment needing ``fraction`` of the Parties enters into force (pure).

    Kyoto Protocol Art. 20.4 (applied to amendments of Annex B by Art. 21.7): an amendment
    "shall enter into force for those Parties having accepted it on the ninetieth day after
    the date of receipt by the Depositary of an instrument of acceptance by at least three
    fourths of the Parties to this Protocol". The threshold is ``ceil(fraction x
    parties_total)``: 144 of 192 for the Doha Amendment.

    ``acceptances``: DataFrame with ``party`` and ``date`` (date, Timestamp or ISO string),
    one row per Party; ``parties_total``: Parties to the treaty (>= the number of
    acceptances); ``fraction``: in (0, 1]; ``delay_days``: 0-3650.
    ``not_counted``: Parties whose instrument is listed but does not count toward the
    threshold -- e.g. a regional organisation whose instrument is "not counted as
    additional" to its member States' (the rule Kyoto Art. 25.4 and Paris Art. 21.4 state
    for entry into force; Art. 20.4 itself is silent). Must name Parties in
    ``acceptances``. Raises ``ValueError``/``TypeError`` naming the bad field and value.
    """
    require_columns(acceptances, ["party", "date"], "acceptances")
    n = whole_number(parties_total, "parties_total", 1)
    if isinstance(fraction, bool):
        raise TypeError(f"fraction must be a number in (0, 1], got {fraction!r}")
    f = in_range(fraction, "fraction", 0.0, 1.0, low_open=True)
    d = whole_number(delay_days, "delay_days", 0, 3650)
    parties = _names(acceptances["party"], "acceptances party") if len(acceptances) else []
    dates = [
        as_date(v, f"acceptances row {i} date ({parties[i]})")
        for i, v in enumerate(acceptances["date"])
    ]
    if len(parties) > n:
        raise ValueError(
            f"acceptances: {len(parties)} acceptances but parties_total={n}: a Party counted "
            "twice, or the wrong total"
        )
    if isinstance(not_counted, str):
        raise TypeError(
            f"not_counted must be a collection of names, got the string {not_counted!r}"
        )
    skip = tuple(not_counted)
    unknown = [p for p in skip if p not in set(parties)]
    if unknown:
        raise ValueError(f"not_counted names party={unknown[0]!r}, which has no acceptance")
    # round first: 0.7 x 10 is 7.000000000000001 in floating point
    threshold = max(1, math.ceil(round(f * n, 9)))
    progress = pd.DataFrame(
        {"date": pd.to_datetime(pd.Series(dates, dtype=object)), "party": parties}
    )
    progress = progress.sort_values("date", kind="stable").reset_index(drop=True)
    progress["counted"] = ~progress["party"].isin(skip)
    progress["count"] = progress["counted"].cumsum().astype("int64")
    progress["needed"] = np.maximum(threshold - progress["count"], 0)
    counted = int(progress["counted"].sum())
    if counted >= threshold:
        hit = progress[progress["counted"] & (progress["count"] == threshold)].iloc[0]
        when = pd.Timestamp(hit["date"])
        eif = when + pd.Timedelta(days=d)
        message = (
            f"in force on {eif.date().isoformat()}: {d} days after acceptance number "
            f"{threshold} of {n} Parties ({hit['party']}, {when.date().isoformat()})"
        )
        return AmendmentStatus(
            parties_total=n,
            fraction=f,
            threshold=threshold,
            delay_days=d,
            acceptances=counted,
            met=True,
            threshold_date=when,
            threshold_party=str(hit["party"]),
            entry_into_force=eif,
            not_counted=skip,
            progress=progress,
            message=message,
        )
    return AmendmentStatus(
        parties_total=n,
        fraction=f,
        threshold=threshold,
        delay_days=d,
        acceptances=counted,
        met=False,
        threshold_date=None,
        threshold_party=None,
        entry_into_force=None,
        not_counted=skip,
        progress=progress,
        message=f"not in force: {counted} of the {threshold} acceptances needed ({n} Parties)",
    )


def kyoto_parties_on(date: object) -> int:
    """Number of Parties to the Kyoto Protocol on ``date``: instruments deposited, not withdrawn.

    Counts every deposited instrument (the European Community/Union included) whose Party
    had not left by ``date`` (Canada: withdrawal effective 2012-12-15, Art. 27). 192 from
    Afghanistan's accession (2013-03-25) on.
    """
    day = as_date(date, "date")
    t = kyoto.instruments()
    gone = t["withdrawal_effective"].notna() & (t["withdrawal_effective"] <= day)
    return int(((t["date"] <= day) & ~gone).sum())


def doha_acceptances() -> pd.DataFrame:
    """Doha Amendment acceptances (147 rows): ``party``, ``date``, ``iso3``,
    ``regional_organisation``, ``source``."""
    table = data.load("doha_acceptances").rename(columns={"acceptance_date": "date"})
    first = ["party", "date", "iso3"]
    return table[first + [c for c in table.columns if c not in first]]


def doha_status(
    parties_total: int | None = None, *, count_regional: bool = False
) -> AmendmentStatus:
    """The Doha Amendment (second commitment period 2013-2020) under Art. 20.4 / 21.7.

    ``parties_total`` defaults to :func:`kyoto_parties_on` the date of the last acceptance
    in the data (192): threshold ceil(0.75 x 192) = 144.

    ``count_regional``: count the European Union's instrument (2017-12-21) toward the 144.
    By default it is not counted as additional to its member States' (the rule of Art. 25.4;
    Art. 20.4 is silent), which reproduces the depositary's record: 144th acceptance
    Nigeria's on 2020-10-02, in force 2020-12-31 -- the last day of the period it governed.
    Counting it makes Jamaica's acceptance, dated 2020-10-01 in the UNTC list, the 144th and
    gives 2020-12-30, one day before the official date: either the EU was not counted, or
    Jamaica's instrument was received on 2020-10-02. The running totals the UNFCCC published
    (e.g. 109 on 2018-02-13) included the EU.
    """
    acceptances = doha_acceptances()
    if parties_total is None:
        parties_total = kyoto_parties_on(acceptances["date"].max())
    regional = acceptances.loc[acceptances["regional_organisation"].astype(bool), "party"]
    return amendment_status(
        acceptances[["party", "date"]],
        parties_total,
        0.75,
        90,
        not_counted=() if count_regional else tuple(regional),
    )


# --------------------------------------------------------------------------- Part 5 verdict
#: Milestone ids (dataset ``milestones``) of each instrument's adoption and entry into force.
_WAITS = (
    ("Kyoto Protocol", "kyoto-adopted", "kyoto-eif", "Art. 25: 55 Parties, 55 % of Annex I CO2"),
    ("Paris Agreement", "paris-adopted", "paris-eif", "Art. 21: 55 Parties, 55 % of global GHG"),
    (
        "Doha Amendment",
        "doha-amendment-adopted",
        "doha-amendment-eif",
        "Art. 20.4: three fourths of the Parties",
    ),
)


def treaty_waits() -> pd.DataFrame:
    """How long each instrument waited between adoption and entry into force.

    Adoption dates come from the ``milestones`` dataset; entry into force is COMPUTED from
    the deposit records (:func:`climatelab.kyoto.kyoto_entry_into_force`,
    :func:`paris_entry_into_force`, :func:`doha_status`) and set beside the date the
    milestones dataset records, so that a drift in either shows up.

    Columns: ``instrument``, ``rule`` (the threshold, text), ``adopted``,
    ``entry_into_force`` (computed), ``recorded_entry_into_force`` (milestones dataset),
    ``wait_days`` (entry into force - adoption), ``wait_years`` (days / 365.25).
    """
    from climatelab import timeline

    ms = timeline.milestones().set_index("id")["date"]
    computed = {
        "Kyoto Protocol": kyoto.kyoto_entry_into_force().date,
        "Paris Agreement": paris_entry_into_force().date,
        "Doha Amendment": doha_status().entry_into_force,
    }
    rows = []
    for name, adopted_id, eif_id, rule in _WAITS:
        for mid in (adopted_id, eif_id):
            if mid not in ms.index:
                raise ValueError(f"milestones dataset lacks id={mid!r}")
        adopted = pd.Timestamp(ms[adopted_id])
        eif = pd.Timestamp(computed[name])
        days = int((eif - adopted).days)
        rows.append(
            {
                "instrument": name,
                "rule": rule,
                "adopted": adopted,
                "entry_into_force": eif,
                "recorded_entry_into_force": pd.Timestamp(ms[eif_id]),
                "wait_days": days,
                "wait_years": days / 365.25,
            }
        )
    return pd.DataFrame(rows)


#: What an evidence card may say about the seed's verdict.
EVIDENCE_SIDES = ("supports the verdict", "challenges the verdict", "context")


def evidence_cards() -> pd.DataFrame:
    """Evidence cards for the debate "has the political route failed?" (Part 5).

    Each card is one number the course computes elsewhere, with the call that computes it,
    so students argue from the same figures. Columns: ``card`` (short id), ``statement``
    (one sentence with the number), ``value``, ``unit``, ``side`` (one of
    :data:`EVIDENCE_SIDES`: how the card is usually read -- a starting point for the debate,
    not a verdict), ``source`` (the library call). Fossil CO2 only (GCB 2024; trade cards:
    GCB 2019); the Annex B figures compare the 2008-2012 mean with 1990.
    """
    from climatelab import emissions, targets

    cards: list[dict[str, object]] = []

    def card(cid: str, statement: str, value: float, unit: str, side: str, source: str) -> None:
        if side not in EVIDENCE_SIDES:  # pragma: no cover - programming error
            raise ValueError(f"side={side!r} is not one of {EVIDENCE_SIDES}")
        cards.append(
            {
                "card": cid,
                "statement": statement,
                "value": float(value),
                "unit": unit,
                "side": side,
                "source": source,
            }
        )

    world19 = emissions.ratio(1990, 2019)
    world23 = emissions.ratio(1990, 2023)
    card(
        "world_2019",
        f"World fossil CO2 in 2019 was {world19:.2f} times its 1990 level "
        f"({100 * (world19 - 1):+.0f} %): it grew by about two thirds, not 'almost doubled'.",
        world19,
        "ratio to 1990",
        "supports the verdict",
        "emissions.ratio(1990, 2019)",
    )
    card(
        "world_2023",
        f"By 2023 it was {world23:.2f} times the 1990 level: still rising.",
        world23,
        "ratio to 1990",
        "supports the verdict",
        "emissions.ratio(1990, 2023)",
    )
    non_annex = emissions.ratio(1990, 2019, emissions.NON_ANNEX_I)
    card(
        "non_annex_i",
        f"Non-Annex I emissions (no Kyoto targets) were {non_annex:.2f} times their 1990 "
        "level in 2019.",
        non_annex,
        "ratio to 1990",
        "context",
        "emissions.ratio(1990, 2019, emissions.NON_ANNEX_I)",
    )
    annex = emissions.ratio(1990, 2019, emissions.ANNEX_I)
    card(
        "annex_i",
        f"Annex I emissions in 2019 were {annex:.2f} times their 1990 level "
        f"({100 * (annex - 1):+.0f} %).",
        annex,
        "ratio to 1990",
        "challenges the verdict",
        "emissions.ratio(1990, 2019, emissions.ANNEX_I)",
    )
    table = target_vs_outcome()
    whole = group_outcome(table)
    card(
        "annex_b_cp1",
        f"Annex B fossil CO2 (37 Parties) in 2008-2012 was {whole.change_pct:+.1f} % on 1990, "
        f"below the combined target of {whole.target_pct:+.1f} %.",
        whole.change_pct,
        "% change on 1990",
        "challenges the verdict",
        "group_outcome(target_vs_outcome())",
    )
    rest = group_outcome(table[~table["economy_in_transition"]])
    card(
        "annex_b_without_eit",
        f"Without the economies in transition, Annex B CO2 was {rest.change_pct:+.1f} % on 1990 "
        f"against a target of {rest.target_pct:+.1f} %.",
        rest.change_pct,
        "% change on 1990",
        "supports the verdict",
        "group_outcome(t[~t.economy_in_transition])",
    )
    split = decompose_change(table, "economy_in_transition").set_index("part")
    eit_pp = float(split.loc["economy_in_transition", "contribution_pp"])
    card(
        "eit_contribution",
        f"The economies in transition alone contributed {eit_pp:+.1f} points of Annex B's "
        f"{whole.change_pct:+.1f} %: mostly the economic collapse after 1990 ('hot air'), not "
        "climate policy.",
        eit_pp,
        "percentage points",
        "supports the verdict",
        "decompose_change(t, 'economy_in_transition')",
    )
    bound = group_outcome(table[table["bound_cp1"]])
    card(
        "bound_cp1",
        f"The {len(bound.parties)} Parties bound in 2008-2012 (not the United States or Canada) "
        f"were at {bound.change_pct:+.1f} % against a combined target of "
        f"{bound.target_pct:+.1f} %.",
        bound.change_pct,
        "% change on 1990",
        "challenges the verdict",
        "group_outcome(t[t.bound_cp1])",
    )
    out = table[~table["bound_cp1"]]
    out_pct = 100.0 * math.fsum(out["base_co2_mt"]) / whole.base_co2_mt
    card(
        "not_bound",
        f"The United States (never ratified) and Canada (withdrew) emitted {out_pct:.1f} % of "
        "Annex B's 1990 CO2.",
        out_pct,
        "% of Annex B 1990 CO2",
        "supports the verdict",
        "target_vs_outcome(): bound_cp1",
    )
    trade = carbon_in_trade(["KP_ANNEX_B", "CHN"], 2017).set_index("code")
    kp = trade.loc["KP_ANNEX_B"]
    card(
        "trade_annex_b",
        f"In 2017 Annex B consumed {kp['transfer_mtco2']:,.0f} Mt CO2 more than it emitted at "
        f"home ({kp['transfer_pct']:+.0f} % of its territorial emissions; GCB 2019).",
        float(kp["transfer_mtco2"]),
        "Mt CO2",
        "supports the verdict",
        "carbon_in_trade(['KP_ANNEX_B'], 2017)",
    )
    chn = trade.loc["CHN"]
    card(
        "trade_china",
        f"China's territorial CO2 exceeded its consumption-based CO2 by "
        f"{-chn['transfer_mtco2']:,.0f} Mt in 2017 ({chn['transfer_pct']:+.0f} %).",
        float(chn["transfer_mtco2"]),
        "Mt CO2",
        "context",
        "carbon_in_trade(['CHN'], 2017)",
    )
    kaya = targets.china_kaya(complete=True)
    first, last = kaya.iloc[0], kaya.iloc[-1]
    intensity = (last["co2_mt"] / last["gdp_bn_intl_usd_2011"]) / (
        first["co2_mt"] / first["gdp_bn_intl_usd_2011"]
    )
    card(
        "china_intensity",
        f"China's CO2 per unit of GDP fell {100 * (1 - intensity):.0f} % from "
        f"{int(first['year'])} to {int(last['year'])}, while its CO2 grew "
        f"{last['co2_mt'] / first['co2_mt']:.1f}-fold.",
        100.0 * (intensity - 1.0),
        f"% change {int(first['year'])}-{int(last['year'])}",
        "context",
        "targets.china_kaya(complete=True)",
    )
    waits = treaty_waits().set_index("instrument")
    kyoto_days = int(waits.loc["Kyoto Protocol", "wait_days"])
    paris_days = int(waits.loc["Paris Agreement", "wait_days"])
    card(
        "paris_speed",
        f"The Paris Agreement entered into force {paris_days} days after adoption; the Kyoto "
        f"Protocol took {kyoto_days} days.",
        paris_days,
        "days",
        "challenges the verdict",
        "treaty_waits()",
    )
    doha = waits.loc["Doha Amendment"]
    card(
        "doha_late",
        f"The Doha Amendment (targets for 2013-2020) entered into force on "
        f"{doha['entry_into_force'].date().isoformat()}, {int(doha['wait_days'])} days after "
        "adoption: the last day of the period it covered.",
        int(doha["wait_days"]),
        "days",
        "supports the verdict",
        "treaty_waits(); doha_status()",
    )
    return pd.DataFrame(cards)


__all__ += ["EVIDENCE_SIDES", "evidence_cards", "treaty_waits"]
