"""The Kyoto Protocol's architecture as functions a student can run, check and change.

Each rule names the article it implements:

* Annex B commitments and assigned amounts (Art. 3.1, 3.7);
* the aggregate reduction Annex B implies for a set of Parties (Art. 3.1: "at least 5 per
  cent below 1990 levels"; the familiar "5.2 %");
* the Art. 4 "bubble": a joint assigned amount shared out by an agreement, and each member's
  liability if the group falls short (Art. 4.5-4.6);
* entry into force (Art. 25): 55 Parties including Annex I Parties with 55 % of Annex I 1990
  CO2, then 90 days -- written for any treaty with such a double threshold (the Paris
  Agreement: 55 Parties, 55 % of global GHG, 30 days);
* entry into force for a late Party (Art. 25.3) and withdrawal (Art. 27).

Units: emissions in t CO2e unless a name says otherwise (``_gg`` = Gg = kt); shares are
fractions (0-1) unless a name ends in ``_pct``; dates are ``pd.Timestamp``.

Data comes only through :func:`climatelab.data.load`; the functions that take data as
arguments are pure.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from numbers import Integral
from typing import Literal

import numpy as np
import pandas as pd

from climatelab._validate import (
    as_date,
    finite_number,
    in_range,
    nonnegative,
    numeric_column,
    require_columns,
    unique_column,
    whole_number,
)

__all__ = [
    "ARTICLE25_TOTAL_CO2_1990_GG",
    "REGIONAL_ORGANISATIONS",
    "AggregateResult",
    "BubbleResult",
    "BubbleShortfall",
    "EntryIntoForce",
    "Withdrawal",
    "aggregate_reduction",
    "annex_b",
    "article25_fractions",
    "article25_shares",
    "assigned_amount",
    "assigned_amounts",
    "bubble",
    "bubble_shortfall",
    "commitment_pct",
    "entry_into_force",
    "entry_into_force_for_party",
    "eu15_bubble_members",
    "instruments",
    "kyoto_entry_into_force",
    "ratification_progress",
    "withdrawal",
]

#: Art. 25.2 / decision 1/CP.3: total 1990 CO2 of the Annex I Parties in the Art. 25 table.
ARTICLE25_TOTAL_CO2_1990_GG = 13_728_306

#: Regional economic integration organisations (Art. 24, Art. 25.4): counted once toward the
#: number of Parties; their emissions are their member States', so they carry no share.
REGIONAL_ORGANISATIONS: tuple[str, ...] = ("European Community", "European Union")

_SHARE_SUM_SLACK = 0.005  # rounded published percents may add up to a little over 100 %
_EPS = 1e-12


# --------------------------------------------------------------------------- helpers
def _party_name(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field} must be a non-empty party name, got {value!r}")
    return value.strip()


# --------------------------------------------------------------------------- Annex B, Art. 3
def annex_b() -> pd.DataFrame:
    """Annex B: one row per Party with a quantified commitment for 2008-2012.

    Columns: ``party``, ``name_zh``, ``commitment_pct`` (percent of base year or period,
    int), ``economy_in_transition`` (marked * in Annex B; boolean), ``source``,
    ``confidence``. 39 rows, including the European Community and the United States (which
    never ratified).
    """
    from climatelab import data

    return data.load("annex_b")


def commitment_pct(party: str) -> float:
    """A Party's Annex B commitment in percent of its base year (Art. 3.1, Annex B).

    Raises ``ValueError`` naming the Party if it is not in Annex B.
    """
    name = _party_name(party, "party")
    table = annex_b().set_index("party")["commitment_pct"]
    if name not in table.index:
        raise ValueError(f"unknown party={party!r}: not in Annex B ({len(table)} Parties)")
    return float(table[name])


def assigned_amount(base_year_emissions: float, commitment_pct: float, years: int = 5) -> float:
    """Assigned amount for a commitment period (Art. 3.7), in the unit of the base year.

    Art. 3.7: the assigned amount "shall be equal to the percentage inscribed for it in
    Annex B of its aggregate anthropogenic carbon dioxide equivalent emissions ... in 1990,
    or the base year or period ..., multiplied by five":
    ``base_year_emissions x commitment_pct / 100 x years``.

    ``base_year_emissions``: emissions in the base year (t CO2e per year, >= 0);
    ``commitment_pct``: Annex B percentage (e.g. 94 for Japan; 0-1000);
    ``years``: length of the commitment period (5 for 2008-2012).
    Returns t CO2e over the period.
    """
    base = nonnegative(base_year_emissions, "base_year_emissions")
    pct = in_range(commitment_pct, "commitment_pct", 0.0, 1000.0)
    n = whole_number(years, "years", 1, 100)
    # Art. 3.7: assigned amount = base year x Annex B % x 5
    return base * pct / 100.0 * n


def assigned_amounts() -> pd.DataFrame:
    """First-commitment-period assigned amounts (dataset ``assigned_amounts``).

    Columns: ``party``, ``group``, ``annex_b_pct``, ``burden_sharing_change_pct`` (EU-15
    only), ``target_pct_of_base``, ``base_year`` (text), ``base_year_emissions_t``,
    ``base_year_emissions_method``, ``assigned_amount_t`` (t CO2e, 2008-2012), ``source``,
    ``confidence``, ``note``. The United States row has no assigned amount (never ratified).
    """
    from climatelab import data

    return data.load("assigned_amounts")


@dataclass(frozen=True, eq=False)
class AggregateResult:
    """Aggregate effect of Annex B commitments for a set of Parties (Art. 3.1).

    ``base_year_total``: sum of the weights (e.g. base-year emissions), in their unit;
    ``allowed_total``: sum of weight x commitment_pct / 100 (same unit, per year);
    ``reduction_pct``: ``100 x (1 - allowed_total / base_year_total)``;
    ``target_pct``: the Art. 3.1 benchmark ("at least 5 per cent");
    ``meets_target``: ``reduction_pct >= target_pct``;
    ``table``: one row per Party (party, weight, commitment_pct, allowed).
    """

    base_year_total: float
    allowed_total: float
    reduction_pct: float
    target_pct: float
    meets_target: bool
    parties: int
    table: pd.DataFrame


def aggregate_reduction(
    parties: pd.DataFrame,
    *,
    weight: str = "base_year_emissions",
    target_pct: float = 5.0,
) -> AggregateResult:
    """Reduction below base-year levels that Annex B implies for a set of Parties (Art. 3.1).

    ``parties``: DataFrame with columns ``party`` and ``weight`` (default column name
    ``base_year_emissions``: any non-negative quantity, e.g. six-gas base-year emissions in
    t CO2e, or 1990 CO2 in Gg from the Art. 25 table) and optionally ``commitment_pct``; if
    that column is absent each Party's Annex B percentage is looked up (an unknown Party
    raises ``ValueError``).

    The reduction is the weighted mean of ``100 - commitment_pct``. With six-gas base-year
    emissions of all Annex B Parties (the United States included) it is the familiar
    "5.2 %"; with the Art. 25 table's 1990 CO2 as weights it is about 5.56 % (the weights
    differ: CO2 only, and four Annex B Parties are absent from that table). Art. 3.1 itself
    only says "at least 5 per cent" -- compare ``reduction_pct`` with ``target_pct``.
    """
    require_columns(parties, ["party", weight], "parties")
    if parties.empty:
        raise ValueError("parties must have at least one row")
    names = [_party_name(p, f"parties row {i} party") for i, p in enumerate(parties["party"])]
    unique_column(parties, "party", "parties")
    w = numeric_column(parties, weight, "parties", minimum=0.0)
    if "commitment_pct" in parties.columns:
        pct = numeric_column(parties, "commitment_pct", "parties", minimum=0.0)
    else:
        pct = np.array([commitment_pct(p) for p in names], dtype=float)
    base = float(w.sum())
    if base <= 0:
        raise ValueError(f"parties: column {weight!r} must not add up to 0")
    allowed_each = w * pct / 100.0
    allowed = float(allowed_each.sum())
    reduction = 100.0 * (1.0 - allowed / base)
    target = finite_number(target_pct, "target_pct")
    table = pd.DataFrame(
        {"party": names, "weight": w, "commitment_pct": pct, "allowed": allowed_each}
    )
    return AggregateResult(
        base_year_total=base,
        allowed_total=allowed,
        reduction_pct=reduction,
        target_pct=target,
        meets_target=bool(reduction >= target - _EPS),
        parties=len(names),
        table=table,
    )


# --------------------------------------------------------------------------- Art. 4 bubble
@dataclass(frozen=True, eq=False)
class BubbleResult:
    """A joint commitment under Art. 4 and its burden-sharing agreement.

    ``joint_assigned_amount``: the group's assigned amount, sum of members' base-year
    emissions x ``joint_pct`` / 100 x ``years`` (Art. 4.1 with Art. 3.7), t CO2e;
    ``allocated_total``: sum of the members' own levels set out in the agreement;
    ``unallocated``: ``joint_assigned_amount - allocated_total`` (negative = the agreement
    hands out more than the group may emit);
    ``table``: one row per member: party, base_year_emissions, target_pct, change_pct
    (target - 100), assigned_amount (t CO2e over the period), share (of ``allocated_total``;
    shares add up to 1).
    """

    joint_pct: float
    years: int
    joint_assigned_amount: float
    allocated_total: float
    unallocated: float
    table: pd.DataFrame


def bubble(members: pd.DataFrame, joint_pct: float = 92.0, years: int = 5) -> BubbleResult:
    """Joint assigned amount of an Art. 4 group and each member's level under its agreement.

    Art. 4.1: Parties that fulfil their commitments jointly comply if their combined
    emissions do not exceed their combined assigned amounts; "the respective emission level
    allocated to each of the Parties to the agreement shall be set out in that agreement".

    ``members``: DataFrame with ``party``, ``base_year_emissions`` (t CO2e per year, >= 0)
    and ``target_pct`` (percent of base year the agreement allows the member, e.g. 72 for
    Luxembourg's -28 %, 127 for Portugal's +27 %). If ``target_pct`` is absent every member
    gets ``joint_pct`` (a uniform allocation).
    ``joint_pct``: the group's Annex B percentage (92 for the EC); ``years``: period length.

    See :func:`eu15_bubble_members` for the EU-15 agreement (Council Decision 2002/358/EC).
    """
    require_columns(members, ["party", "base_year_emissions"], "members")
    if members.empty:
        raise ValueError("members must have at least one row")
    names = [_party_name(p, f"members row {i} party") for i, p in enumerate(members["party"])]
    unique_column(members, "party", "members")
    base = numeric_column(members, "base_year_emissions", "members", minimum=0.0)
    jp = in_range(joint_pct, "joint_pct", 0.0, 1000.0)
    n = whole_number(years, "years", 1, 100)
    if "target_pct" in members.columns:
        target = numeric_column(members, "target_pct", "members", minimum=0.0)
    else:
        target = np.full(len(names), jp)
    levels = np.array([assigned_amount(b, t, n) for b, t in zip(base, target, strict=True)])
    joint = assigned_amount(float(base.sum()), jp, n)
    allocated = float(levels.sum())
    share = levels / allocated if allocated > 0 else np.full(len(names), 1.0 / len(names))
    table = pd.DataFrame(
        {
            "party": names,
            "base_year_emissions": base,
            "target_pct": target,
            "change_pct": target - 100.0,
            "assigned_amount": levels,
            "share": share,
        }
    )
    return BubbleResult(
        joint_pct=jp,
        years=n,
        joint_assigned_amount=joint,
        allocated_total=allocated,
        unallocated=joint - allocated,
        table=table,
    )


@dataclass(frozen=True, eq=False)
class BubbleShortfall:
    """Who answers for what when an Art. 4 group misses its joint level (Art. 4.5-4.6).

    ``group_emissions``: members' total emissions over the period (t CO2e);
    ``group_compliant``: ``group_emissions <= joint_assigned_amount``;
    ``group_shortfall``: emissions above the joint amount (0 if compliant);
    ``table``: per member: party, emissions, assigned_amount (its level in the agreement),
    excess (emissions - assigned_amount; negative = under its level), liable (group missed
    its level and this member exceeded its own), liability (its excess if liable, else 0).
    The liabilities can add up to more than ``group_shortfall``: members under their level
    do not make up for others (Art. 4.5).
    """

    group_emissions: float
    joint_assigned_amount: float
    group_compliant: bool
    group_shortfall: float
    table: pd.DataFrame


def bubble_shortfall(
    result: BubbleResult, emissions: Mapping[str, float] | pd.Series
) -> BubbleShortfall:
    """Each member's liability if the group fails (Art. 4.5, Art. 4.6).

    Art. 4.5: "In the event of failure by the Parties to such an agreement to achieve their
    total combined level of emission reductions, each Party to that agreement shall be
    responsible for its own level of emissions set out in the agreement." Art. 4.6 adds that
    inside a regional organisation that is itself a Party (the EC), each member State is
    responsible "individually and together with the regional economic integration
    organization" -- the organisation's own share is not modelled here.

    ``result``: from :func:`bubble`; ``emissions``: member -> actual emissions over the
    whole period (t CO2e, >= 0), one entry for every member and no others.
    """
    if not isinstance(result, BubbleResult):
        raise TypeError(f"result must be a BubbleResult, got {type(result).__name__}")
    if not isinstance(emissions, Mapping | pd.Series):
        raise TypeError(
            f"emissions must be a mapping or Series party -> t CO2e, got {type(emissions).__name__}"
        )
    given = dict(emissions.items())
    members = list(result.table["party"])
    unknown = [p for p in given if p not in members]
    if unknown:
        raise ValueError(f"emissions names unknown party={unknown[0]!r}; members are {members}")
    missing = [p for p in members if p not in given]
    if missing:
        raise ValueError(f"emissions has no value for member party={missing[0]!r}")
    em = np.array([nonnegative(given[p], f"emissions[{p!r}]") for p in members])
    levels = result.table["assigned_amount"].to_numpy(dtype=float)
    total = float(em.sum())
    compliant = bool(total <= result.joint_assigned_amount)
    excess = em - levels
    liable = (~np.full(len(members), compliant)) & (excess > 0)
    table = pd.DataFrame(
        {
            "party": members,
            "emissions": em,
            "assigned_amount": levels,
            "excess": excess,
            "liable": liable,
            "liability": np.where(liable, excess, 0.0),
        }
    )
    return BubbleShortfall(
        group_emissions=total,
        joint_assigned_amount=result.joint_assigned_amount,
        group_compliant=compliant,
        group_shortfall=max(0.0, total - result.joint_assigned_amount),
        table=table,
    )


def eu15_bubble_members() -> pd.DataFrame:
    """The EU-15 burden-sharing agreement as input for :func:`bubble`.

    Columns ``party``, ``base_year_emissions`` (t CO2e, as fixed after the initial review,
    Commission Decision 2006/944/EC as amended), ``target_pct`` (100 + the Council Decision
    2002/358/EC Annex II change: Luxembourg 72 ... Portugal 127), ``change_pct``,
    ``assigned_amount_t`` (the official figure, to compare with :func:`bubble`).
    """
    table = assigned_amounts()
    eu = table[table["group"] == "EU-15"]
    return pd.DataFrame(
        {
            "party": eu["party"].to_numpy(),
            "base_year_emissions": eu["base_year_emissions_t"].to_numpy(dtype=float),
            "target_pct": eu["target_pct_of_base"].to_numpy(dtype=float),
            "change_pct": eu["burden_sharing_change_pct"].to_numpy(dtype=float),
            "assigned_amount_t": eu["assigned_amount_t"].to_numpy(dtype=float),
        }
    )


# --------------------------------------------------------------------------- Art. 25 data
def instruments() -> pd.DataFrame:
    """Every deposited Kyoto instrument: one row per Party (193 rows).

    Columns: ``party``, ``date`` (deposit date, datetime64), ``instrument`` (ratification /
    acceptance / approval / accession), ``annex_i`` (boolean, at entry into force),
    ``iso3``, ``withdrawal_notice`` and ``withdrawal_effective`` (datetime64, NaT unless
    the Party withdrew: Canada), ``confidence``, ``source``, ``note``.
    """
    from climatelab import data

    table = data.load("kyoto_instruments").rename(columns={"deposit_date": "date"})
    first = ["party", "date", "instrument", "annex_i", "iso3"]
    return table[first + [c for c in table.columns if c not in first]]


def article25_shares() -> pd.Series:
    """The Art. 25 table: party -> 1990 CO2 emissions in Gg (34 Annex I Parties).

    Sums to :data:`ARTICLE25_TOTAL_CO2_1990_GG` (13 728 306 Gg). Divide by that total for
    fractions, or use :func:`article25_fractions`.
    """
    from climatelab import data

    table = data.load("article25_shares")
    return pd.Series(
        table["co2_1990_gg"].to_numpy(dtype="int64"),
        index=pd.Index(table["party"], name="party"),
        name="co2_1990_gg",
    )


def article25_fractions(basis: Literal["exact", "published"] = "exact") -> pd.Series:
    """Art. 25 shares as fractions of the Annex I total: party -> fraction (0-1).

    ``basis="exact"``: 1990 CO2 in Gg / 13 728 306 Gg. ``basis="published"``: the table's
    percentages, rounded to one decimal, / 100 (they add up to 99.8 %, and Iceland,
    Liechtenstein and Monaco show 0.0). The UNFCCC reported 61.6 % after Russia's deposit;
    exact tonnes give 61.79 % and the rounded percentages 61.6 %.
    """
    if basis == "exact":
        gg = article25_shares()
        return (gg / ARTICLE25_TOTAL_CO2_1990_GG).rename("share")
    if basis == "published":
        from climatelab import data

        table = data.load("article25_shares")
        return pd.Series(
            table["percent_published"].to_numpy(dtype=float) / 100.0,
            index=pd.Index(table["party"], name="party"),
            name="share",
        )
    raise ValueError(f"basis must be 'exact' or 'published', got {basis!r}")


# --------------------------------------------------------------------------- Art. 25 rule
@dataclass(frozen=True)
class EntryIntoForce:
    """When a "N Parties and X % of emissions" treaty enters into force (Kyoto Art. 25.1).

    ``met``: both conditions met by the last instrument given;
    ``date``: entry into force (``trigger_date + delay_days``), None if never met;
    ``trigger_date``: the date on which both conditions were first met (None if never);
    ``trigger_party``: the Party whose deposit on ``trigger_date`` met the last condition --
    if several deposited that day, the one with the largest share (then the first listed);
    ``trigger_parties``: every Party that deposited on ``trigger_date``;
    ``parties``: Parties counted on ``trigger_date`` (or in all, if never met);
    ``share``: share of the reference total held by them (fraction 0-1), same timing;
    ``parties_met_date`` / ``share_met_date``: when each condition alone was first met;
    ``message``: one sentence a notebook can print.
    """

    met: bool
    date: pd.Timestamp | None
    trigger_date: pd.Timestamp | None
    trigger_party: str | None
    trigger_parties: tuple[str, ...]
    parties: int
    share: float
    parties_met_date: pd.Timestamp | None
    share_met_date: pd.Timestamp | None
    min_parties: int
    min_share: float
    delay_days: int
    message: str


def _check_instruments(frame: object) -> pd.DataFrame:
    require_columns(frame, ["party", "date"], "instruments")
    assert isinstance(frame, pd.DataFrame)
    if frame.empty:
        raise ValueError("instruments must have at least one row (party, date)")
    names = [_party_name(p, f"instruments row {i} party") for i, p in enumerate(frame["party"])]
    dates = [
        as_date(d, f"instruments row {i} date ({names[i]})") for i, d in enumerate(frame["date"])
    ]
    out = pd.DataFrame({"party": names, "date": pd.to_datetime(pd.Series(dates))})
    dup = out["party"].duplicated()
    if dup.any():
        party = out.loc[dup, "party"].iloc[0]
        raise ValueError(
            f"instruments: duplicate deposit for party={party!r} (one instrument per Party)"
        )
    return out


def _check_shares(
    shares: object, share_unit: str, regional_organisations: Collection[str]
) -> pd.Series:
    if isinstance(shares, Mapping) and not isinstance(shares, pd.Series):
        shares = pd.Series(dict(shares), dtype=object)
    if not isinstance(shares, pd.Series):
        raise TypeError(
            f"shares must be a pandas Series party -> share, got {type(shares).__name__}"
        )
    if share_unit not in ("fraction", "percent"):
        raise ValueError(f"share_unit must be 'fraction' or 'percent', got {share_unit!r}")
    for p in shares.index:
        _party_name(p, "shares index (party)")
    if shares.index.duplicated().any():
        party = shares.index[shares.index.duplicated()][0]
        raise ValueError(f"shares: party={party!r} appears twice")
    values = {p: nonnegative(v, f"shares[{p!r}]") for p, v in shares.items()}
    scale = 100.0 if share_unit == "percent" else 1.0
    out = pd.Series({p: v / scale for p, v in values.items()}, dtype="float64")
    over = out[out > 1.0 + _EPS]
    if not over.empty:
        p = over.index[0]
        hint = (
            " (values look like percent: pass share_unit='percent')"
            if share_unit == "fraction"
            else ""
        )
        raise ValueError(f"shares[{p!r}]={values[p]!r} is above 100 %{hint}")
    out = out.drop([p for p in out.index if p in set(regional_organisations)])
    total = float(out.sum())
    if total > 1.0 + _SHARE_SUM_SLACK:
        raise ValueError(
            f"shares add up to {100 * total:.3f} % of the reference total, above 100 %: "
            f"a Party counted twice, or the wrong unit (share_unit={share_unit!r})"
        )
    return out


def _thresholds(min_parties: object, min_share: object, delay_days: object) -> tuple:
    n = whole_number(min_parties, "min_parties", 1)
    if isinstance(min_share, Integral | float) and not isinstance(min_share, bool):
        if 1.0 < float(min_share) <= 100.0:
            raise ValueError(
                f"min_share is a fraction in (0, 1], got {min_share!r} (did you mean "
                f"{float(min_share) / 100:g}?)"
            )
    s = in_range(min_share, "min_share", 0.0, 1.0, low_open=True)
    d = whole_number(delay_days, "delay_days", 0, 3650)
    return n, s, d


def ratification_progress(
    instruments: pd.DataFrame,
    shares: pd.Series,
    *,
    share_unit: Literal["fraction", "percent"] = "fraction",
    regional_organisations: Collection[str] = REGIONAL_ORGANISATIONS,
) -> pd.DataFrame:
    """Cumulative count of Parties and share of the reference total, instrument by instrument.

    One row per instrument, in deposit order (same-day deposits: larger share first, then as
    given). Columns: ``date`` (datetime64), ``party``, ``party_share`` (its own share,
    fraction; 0 for a Party not in ``shares`` or a regional organisation), ``parties``
    (cumulative count), ``share`` (cumulative share, fraction 0-1). Inputs as for
    :func:`entry_into_force`. Use the last row of each date for end-of-day totals.
    """
    frame = _check_instruments(instruments)
    fractions = _check_shares(shares, share_unit, regional_organisations)
    frame["party_share"] = frame["party"].map(fractions).fillna(0.0).astype("float64")
    frame["_order"] = np.arange(len(frame))
    frame = frame.sort_values(
        ["date", "party_share", "_order"], ascending=[True, False, True], kind="stable"
    ).drop(columns="_order")
    frame["parties"] = np.arange(1, len(frame) + 1, dtype="int64")
    frame["share"] = frame["party_share"].cumsum()
    return frame.reset_index(drop=True)[["date", "party", "party_share", "parties", "share"]]


def entry_into_force(
    instruments: pd.DataFrame,
    shares: pd.Series,
    min_parties: int = 55,
    min_share: float = 0.55,
    delay_days: int = 90,
    *,
    share_unit: Literal["fraction", "percent"] = "fraction",
    regional_organisations: Collection[str] = REGIONAL_ORGANISATIONS,
) -> EntryIntoForce:
    """Entry into force under a double threshold of Parties and emissions (Art. 25.1).

    Art. 25.1: the Protocol "shall enter into force on the ninetieth day after the date on
    which not less than 55 Parties to the Convention, incorporating Parties included in
    Annex I which accounted in total for at least 55 per cent of the total carbon dioxide
    emissions for 1990 of the Parties included in Annex I, have deposited their
    instruments". The same rule with other numbers serves e.g. the Paris Agreement (Art.
    21.1: 55 Parties, 55 % of global GHG, 30 days).

    ``instruments``: DataFrame with ``party`` and ``date`` (deposit date: date, Timestamp or
    ISO string), one row per Party. Every row counts toward ``min_parties``.
    ``shares``: Series party -> share of the treaty's reference total (Kyoto: 1990 CO2 of
    Annex I; callers divide absolute emissions by the treaty's total, see
    :func:`article25_fractions`). Only Parties in ``shares`` count toward ``min_share``;
    Parties missing from it count with share 0.
    ``share_unit``: ``"fraction"`` (0-1, default) or ``"percent"`` (0-100). ``min_share``
    is always a fraction (0.55).
    ``regional_organisations``: names of regional economic integration organisations (EC,
    EU). Their instrument counts once toward ``min_parties`` (as the depositary counted
    the EU among the Paris Agreement's first 55 Parties); any share they have in ``shares``
    is ignored, because their emissions are their member States' (the Paris Art. 21 table
    lists the EU's 12.10 % on top of its members'; Art. 25.4 forbids counting an
    organisation's instrument "as additional").
    ``delay_days``: days from the date both conditions are met to entry into force.

    A treaty whose conditions are never met gives ``met=False`` and ``date=None``.
    Raises ``ValueError``/``TypeError`` for a duplicate deposit, a date that is not a date,
    a share above 100 % or below 0, shares adding up to more than 100 %, or thresholds out
    of range (``min_parties >= 1``, ``0 < min_share <= 1``, ``0 <= delay_days <= 3650``).
    """
    n, s, d = _thresholds(min_parties, min_share, delay_days)
    progress = ratification_progress(
        instruments, shares, share_unit=share_unit, regional_organisations=regional_organisations
    )
    daily = progress.groupby("date", sort=True).agg(
        parties=("parties", "last"), share=("share", "last")
    )
    count_ok = daily["parties"] >= n
    share_ok = daily["share"] >= s - _EPS
    parties_met = daily.index[count_ok][0] if count_ok.any() else None
    share_met = daily.index[share_ok][0] if share_ok.any() else None
    both = count_ok & share_ok
    if not both.any():
        last = daily.iloc[-1]
        why = []
        if parties_met is None:
            why.append(f"{int(last['parties'])} of {n} Parties")
        if share_met is None:
            why.append(f"{100 * float(last['share']):.2f} % of {100 * s:g} % share")
        return EntryIntoForce(
            met=False,
            date=None,
            trigger_date=None,
            trigger_party=None,
            trigger_parties=(),
            parties=int(last["parties"]),
            share=float(last["share"]),
            parties_met_date=parties_met,
            share_met_date=share_met,
            min_parties=n,
            min_share=s,
            delay_days=d,
            message="not in force: only " + " and ".join(why) + " by the last deposit",
        )
    trigger = daily.index[both][0]
    that_day = progress[progress["date"] == trigger]
    # ratification_progress put the largest share first within a day
    trigger_party = str(that_day["party"].iloc[0])
    row = daily.loc[trigger]
    date = trigger + pd.Timedelta(days=d)
    return EntryIntoForce(
        met=True,
        date=date,
        trigger_date=trigger,
        trigger_party=trigger_party,
        trigger_parties=tuple(that_day["party"]),
        parties=int(row["parties"]),
        share=float(row["share"]),
        parties_met_date=parties_met,
        share_met_date=share_met,
        min_parties=n,
        min_share=s,
        delay_days=d,
        message=(
            f"in force on {date.date().isoformat()}: {d} days after {trigger_party}'s deposit "
            f"on {trigger.date().isoformat()} brought {int(row['parties'])} Parties and "
            f"{100 * float(row['share']):.1f} %"
        ),
    )


def kyoto_entry_into_force(basis: Literal["exact", "published"] = "exact") -> EntryIntoForce:
    """Art. 25 applied to the shipped data: :func:`instruments` and the Art. 25 table.

    ``basis``: add shares from exact 1990 tonnes (``"exact"``) or from the published
    rounded percentages (``"published"``); see :func:`article25_fractions`.
    """
    return entry_into_force(instruments(), article25_fractions(basis))


def entry_into_force_for_party(
    deposit_date: object, treaty: EntryIntoForce, delay_days: int | None = None
) -> pd.Timestamp:
    """Date the treaty enters into force for one Party (Art. 25.1 and 25.3).

    A Party that deposited on or before the day both conditions were met is bound from the
    treaty's entry into force (Art. 25.1). For a Party depositing later, Art. 25.3: "on the
    ninetieth day following the date of deposit of its instrument" (Liechtenstein,
    2004-12-03 -> 2005-03-03, after the Protocol itself on 2005-02-16).
    ``delay_days`` defaults to the treaty's ``delay_days``.
    """
    if not isinstance(treaty, EntryIntoForce):
        raise TypeError(f"treaty must be an EntryIntoForce, got {type(treaty).__name__}")
    deposit = as_date(deposit_date, "deposit_date")
    d = treaty.delay_days if delay_days is None else whole_number(delay_days, "delay_days", 0, 3650)
    if not treaty.met or treaty.trigger_date is None or treaty.date is None:
        raise ValueError("treaty is not in force (its conditions were never met)")
    if deposit <= treaty.trigger_date:
        return treaty.date
    # Art. 25.3: ninetieth day after deposit
    return deposit + pd.Timedelta(days=d)


# --------------------------------------------------------------------------- Art. 27
@dataclass(frozen=True)
class Withdrawal:
    """Withdrawal dates under Art. 27.

    ``entry_into_force``: when the treaty entered into force for the Party;
    ``earliest_notice``: three years later (Art. 27.1);
    ``earliest_effective``: one year after ``earliest_notice`` (Art. 27.2);
    ``notice_date`` / ``effective_date``: for an actual notice (None if none given).
    """

    entry_into_force: pd.Timestamp
    earliest_notice: pd.Timestamp
    earliest_effective: pd.Timestamp
    notice_date: pd.Timestamp | None
    effective_date: pd.Timestamp | None


def withdrawal(
    entry_into_force_for_party: object,
    notice_date: object = None,
    effective_after: object = None,
) -> Withdrawal:
    """When a Party may withdraw and when its withdrawal takes effect (Art. 27).

    Art. 27.1: "At any time after three years from the date on which this Protocol has
    entered into force for a Party, that Party may withdraw ... by giving written
    notification to the Depositary" -- the earliest notice is taken as the third
    anniversary. Art. 27.2: withdrawal "shall take effect upon expiry of one year from the
    date of receipt by the Depositary of the notification of withdrawal, or on such later
    date as may be specified in the notification of withdrawal".

    ``notice_date``: date the depositary received the notice (optional);
    ``effective_after``: a later date named in the notice (optional; needs ``notice_date``
    and must not be earlier than one year after it). Canada: in force 2005-02-16, notice
    2011-12-15, effective 2012-12-15. (Art. 27.3: leaving the Convention also means
    leaving the Protocol.)
    """
    eif = as_date(entry_into_force_for_party, "entry_into_force_for_party")
    earliest = eif + pd.DateOffset(years=3)
    one_year = pd.DateOffset(years=1)
    notice = None if notice_date is None else as_date(notice_date, "notice_date")
    effective = None
    if notice is not None:
        if notice < earliest:
            raise ValueError(
                f"notice_date={notice.date().isoformat()} is before the earliest allowed "
                f"{earliest.date().isoformat()} (three years after entry into force, Art. 27.1)"
            )
        effective = notice + one_year
    if effective_after is not None:
        if notice is None:
            raise ValueError("effective_after needs a notice_date")
        later = as_date(effective_after, "effective_after")
        assert effective is not None
        if later < effective:
            raise ValueError(
                f"effective_after={later.date().isoformat()} is earlier than one year after "
                f"the notice ({effective.date().isoformat()}, Art. 27.2)"
            )
        effective = later
    return Withdrawal(
        entry_into_force=eif,
        earliest_notice=earliest,
        earliest_effective=earliest + one_year,
        notice_date=notice,
        effective_date=effective,
    )


# --------------------------------------------------------------------------- what-ifs
def scenario_instruments(instruments: pd.DataFrame, deposits: Mapping[str, object]) -> pd.DataFrame:
    """A copy of ``instruments`` (``party``, ``date``) with some deposits changed: a what-if.

    ``deposits``: party -> deposit date (date, Timestamp or ISO string) to add a Party or
    move its deposit, or ``None`` to take its instrument out (the Party never ratifies).
    E.g. ``{"United States of America": "2002-05-31", "Russian Federation": None}``.
    Returns only ``party`` and ``date``, in the order given, new Parties last.
    """
    require_columns(instruments, ["party", "date"], "instruments")
    if not isinstance(deposits, Mapping):
        raise TypeError(f"deposits must be a mapping party -> date, got {type(deposits).__name__}")
    out = instruments[["party", "date"]].copy()
    known = set(out["party"])
    for party, when in deposits.items():
        name = _party_name(party, "deposits key (party)")
        if when is None:
            if name not in known:
                raise ValueError(f"deposits: party={name!r} has no instrument to take out")
            out = out[out["party"] != name]
            continue
        date = as_date(when, f"deposits[{name!r}]")
        if name in known:
            out.loc[out["party"] == name, "date"] = date
        else:
            out = pd.concat([out, pd.DataFrame({"party": [name], "date": [date]})])
    return out.reset_index(drop=True)


__all__ += ["scenario_instruments"]


# --- used by the course's explorers and chapters ----------------------------------------


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
    table = assigned_amounts()
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
) -> tuple[pd.DataFrame, AggregateResult]:
    """Change one Party's commitment (points) and base year (%); recompute Art. 3.7 / 3.1.

    Returns the edited table (with ``assigned_amount``, t CO2e over ``years``) and
    :func:`climatelab.aggregate_reduction` for it.
    """
    if party not in set(parties["party"]):
        raise ValueError(f"party={party!r} is not one of the {len(parties)} Parties")
    frame = parties[["party", "base_year_emissions", "commitment_pct"]].copy()
    mask = frame["party"] == party
    frame.loc[mask, "commitment_pct"] += float(commitment_delta)
    frame.loc[mask, "base_year_emissions"] *= 1.0 + float(base_year_change_pct) / 100.0
    frame["assigned_amount"] = [
        assigned_amount(b, c, years)
        for b, c in zip(frame["base_year_emissions"], frame["commitment_pct"], strict=True)
    ]
    return frame, aggregate_reduction(frame)


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
) -> tuple[pd.DataFrame, EntryIntoForce]:
    """A what-if of Art. 25: who ratifies when, and the thresholds; progress and result."""
    deposits: dict[str, object] = {RUSSIA: russia_date if russia else None}
    if us:
        deposits[US] = us_date
    chosen = scenario_instruments(instruments, deposits)
    progress = ratification_progress(chosen, shares)
    result = entry_into_force(
        chosen,
        shares,
        min_parties=min_parties,
        min_share=min_share_pct / 100,
        delay_days=delay_days,
    )
    return progress, result
