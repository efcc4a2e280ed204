"""Kyoto compliance accounting for one Party and one commitment period.

At the end of the first commitment period (2008-2012) each Annex B Party retired Kyoto units
equal to its emissions over the period; it complied if it could (Art. 3.1). The units, held in
its national registry (decision 13/CMP.1, "modalities for the accounting of assigned
amounts"):

* **AAU**: assigned amount unit, issued from the Party's assigned amount (Art. 3.7, 3.8);
* **ERU**: emission reduction unit, from joint implementation projects (Art. 6);
* **CER**: certified emission reduction, from CDM projects (Art. 12);
* **RMU**: removal unit, from land use, land-use change and forestry (Art. 3.3, 3.4).

This module computes whether a Party complied, its commitment period reserve (decision
11/CMP.1), what it may bank for the next period (Art. 3.13, decision 13/CMP.1) and, if it fell
short, the consequences applied by the enforcement branch (decision 27/CMP.1). All quantities
are in **t CO2e** over the whole commitment period (not per year).

Simplifications for teaching, stated here once:

* the additional 100-day "true-up" period (decision 27/CMP.1, section XIII), in which a Party
  may still acquire units, is assumed to be over: the holdings given are final;
* units are retired in the order that maximises what can be banked (RMUs first, since they
  cannot be carried over, then ERUs/CERs above the carry-over limits, then AAUs, then the
  remaining ERUs and CERs); in practice each Party chose which units to retire;
* ERUs converted from RMUs (which cannot be carried over) and temporary/long-term CERs
  (tCERs, lCERs) are not distinguished;
* the Doha Amendment's later limits on carried-over AAUs (the previous period surplus reserve,
  decision 1/CMP.8) are not applied.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from climatelab._validate import nonnegative, positive

__all__ = [
    "CARRY_OVER_LIMIT_SHARE",
    "CPR_ASSIGNED_AMOUNT_SHARE",
    "CPR_INVENTORY_YEARS",
    "ENFORCEMENT_DEDUCTION_RATE",
    "UNIT_TYPES",
    "ComplianceResult",
    "carry_over_limits",
    "commitment_period_reserve",
    "compliance",
    "enforcement_deduction",
]

UNIT_TYPES = ("AAU", "ERU", "CER", "RMU")

#: Decision 11/CMP.1, annex, para. 6: the reserve is the lower of 90 % of the assigned amount
#: and 100 % of five times the most recently reviewed annual inventory.
CPR_ASSIGNED_AMOUNT_SHARE = 0.90
CPR_INVENTORY_YEARS = 5

#: Decision 13/CMP.1, annex, para. 15: ERUs and CERs may each be carried over up to 2.5 % of
#: the assigned amount; RMUs may not be carried over; AAUs without limit.
CARRY_OVER_LIMIT_SHARE = 0.025

#: Decision 27/CMP.1, annex, section XV, para. 5(a): deduction from the next period's assigned
#: amount of 1.3 times the excess emissions.
ENFORCEMENT_DEDUCTION_RATE = 1.3

_ENFORCEMENT_CONSEQUENCES = (
    "deduction from the assigned amount of the next commitment period of 1.3 times the "
    "excess emissions (decision 27/CMP.1, annex, XV.5(a))",
    "a compliance action plan to be submitted within three months (decision 27/CMP.1, "
    "annex, XV.5(b) and XV.6)",
    "suspension of eligibility to make transfers under Article 17 (decision 27/CMP.1, "
    "annex, XV.5(c))",
)


def commitment_period_reserve(
    assigned_amount_t: float, latest_inventory_t: float | None = None
) -> float:
    """Commitment period reserve (t CO2e), decision 11/CMP.1, annex, para. 6.

    The lower of 90 % of the assigned amount and 100 % of five times the most recently
    reviewed annual inventory (``latest_inventory_t``, t CO2e per year). The reserve is what
    a Party must keep in its registry: it cannot transfer units that would take its holdings
    below it (a guard against overselling). If no inventory is given, the 90 % rule alone is
    used.

    >>> commitment_period_reserve(1000.0, 150.0)   # min(900, 750)
    750.0
    """
    aa = nonnegative(assigned_amount_t, "assigned_amount_t")
    by_aa = CPR_ASSIGNED_AMOUNT_SHARE * aa
    if latest_inventory_t is None:
        return by_aa
    inv = nonnegative(latest_inventory_t, "latest_inventory_t")
    return min(by_aa, CPR_INVENTORY_YEARS * inv)


def carry_over_limits(assigned_amount_t: float) -> dict[str, float]:
    """Largest carry-over to the next period by unit type (t CO2e), decision 13/CMP.1 para. 15.

    Art. 3.13 lets a Party whose emissions are below its assigned amount add the difference to
    the next period; decision 13/CMP.1 limits this: AAUs without limit, ERUs and CERs each up
    to 2.5 % of the assigned amount, RMUs not at all.
    """
    aa = nonnegative(assigned_amount_t, "assigned_amount_t")
    return {
        "AAU": math.inf,
        "ERU": CARRY_OVER_LIMIT_SHARE * aa,
        "CER": CARRY_OVER_LIMIT_SHARE * aa,
        "RMU": 0.0,
    }


def enforcement_deduction(
    excess_emissions_t: float, rate: float = ENFORCEMENT_DEDUCTION_RATE
) -> float:
    """Tonnes deducted from the next period's assigned amount (decision 27/CMP.1, XV.5(a)).

    ``rate`` times the excess emissions (default 1.3: the 30 % "penalty" on top of
    restoring the tonnes).
    """
    excess = nonnegative(excess_emissions_t, "excess_emissions_t")
    r = positive(rate, "rate")
    return r * excess


@dataclass(frozen=True)
class ComplianceResult:
    """Outcome of :func:`compliance` (all quantities in t CO2e over the commitment period).

    ``complied`` is ``holdings_total_t >= emissions_t``. ``retired_t``, ``banked_t`` and
    ``not_carried_over_t`` split the holdings by unit type; they sum to ``holdings_t``.
    ``reserve_t`` is the commitment period reserve and ``transferable_t`` what the Party could
    still transfer without going below it. If the Party fell short, ``excess_emissions_t`` is
    positive, ``next_period_deduction_t`` is 1.3 times it and ``consequences`` lists what the
    enforcement branch applies. ``next_period_assigned_amount_t`` (if the next assigned
    amount was given) is that amount plus the units banked (Art. 3.13: "added to the assigned
    amount for subsequent commitment periods") minus the deduction.
    """

    party: str | None
    emissions_t: float
    assigned_amount_t: float
    holdings_t: Mapping[str, float]
    holdings_total_t: float
    complied: bool
    excess_emissions_t: float
    retired_t: Mapping[str, float]
    banked_t: Mapping[str, float]
    not_carried_over_t: Mapping[str, float]
    reserve_t: float
    reserve_met: bool
    transferable_t: float
    next_period_deduction_t: float
    next_period_assigned_amount_t: float | None
    consequences: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


def compliance(
    holdings: Mapping[str, float],
    emissions_t: float,
    assigned_amount_t: float,
    *,
    latest_inventory_t: float | None = None,
    next_assigned_amount_t: float | None = None,
    party: str | None = None,
) -> ComplianceResult:
    """Assess a Party's compliance with its Art. 3.1 commitment at the end of a period.

    Parameters
    ----------
    holdings
        Units in the Party's registry by type, t CO2e: keys among ``AAU``, ``ERU``, ``CER``,
        ``RMU`` (missing keys count as 0). The AAUs are the assigned amount (Art. 3.7) plus
        AAUs bought, minus AAUs sold or converted to ERUs for JI.
    emissions_t
        Emissions of the Annex A gases over the whole commitment period (t CO2e).
    assigned_amount_t
        The Party's assigned amount for the period (Art. 3.7), t CO2e; sets the carry-over
        limits (decision 13/CMP.1) and the commitment period reserve (decision 11/CMP.1).
    latest_inventory_t
        Most recently reviewed annual inventory (t CO2e per year), for the reserve.
    next_assigned_amount_t
        The next period's assigned amount, if known; the result then shows it after any
        enforcement deduction (plus the banked units, Art. 3.13).
    party
        Name, for display only.

    Rules (each cited where applied): compliance (Art. 3.1; decision 13/CMP.1 para. 13-14:
    retirement of units equal to emissions); reserve (decision 11/CMP.1 annex para. 6);
    banking (Art. 3.13; decision 13/CMP.1 annex para. 15-16); enforcement (decision
    27/CMP.1 annex XV.5). See the module docstring for the simplifications.
    """
    held = _holdings(holdings)
    emissions = nonnegative(emissions_t, "emissions_t")
    aa = nonnegative(assigned_amount_t, "assigned_amount_t")
    if party is not None and not isinstance(party, str):
        raise TypeError(f"party must be a str or None, got {type(party).__name__}: {party!r}")
    total = sum(held.values())
    notes: list[str] = []

    # Decision 13/CMP.1: retire units equal to emissions; pick the order that keeps the most
    # bankable units (see module docstring: a teaching simplification).
    limits = carry_over_limits(aa)
    excess_over_limit = {k: max(held[k] - limits[k], 0.0) for k in ("ERU", "CER")}
    order: list[tuple[str, float]] = [
        ("RMU", held["RMU"]),
        ("ERU", excess_over_limit["ERU"]),
        ("CER", excess_over_limit["CER"]),
        ("AAU", held["AAU"]),
        ("ERU", held["ERU"] - excess_over_limit["ERU"]),
        ("CER", held["CER"] - excess_over_limit["CER"]),
    ]
    retired = dict.fromkeys(UNIT_TYPES, 0.0)
    to_retire = min(emissions, total)
    for unit, available in order:
        take = min(available, to_retire)
        retired[unit] += take
        to_retire -= take
    left = {k: held[k] - retired[k] for k in UNIT_TYPES}

    complied = total >= emissions
    excess = max(emissions - total, 0.0)
    if complied:
        # Art. 3.13, decision 13/CMP.1 para. 15-16: carry over within the limits.
        banked = {k: min(left[k], limits[k]) for k in UNIT_TYPES}
    else:
        banked = dict.fromkeys(UNIT_TYPES, 0.0)
    not_carried = {k: left[k] - banked[k] for k in UNIT_TYPES}
    if not_carried["RMU"] > 0:
        notes.append("RMUs cannot be carried over (decision 13/CMP.1, annex, para. 16)")
    if not_carried["ERU"] > 0 or not_carried["CER"] > 0:
        notes.append(
            "ERUs and CERs above 2.5 % of the assigned amount each cannot be carried over "
            "(decision 13/CMP.1, annex, para. 15)"
        )

    reserve = commitment_period_reserve(aa, latest_inventory_t)
    if latest_inventory_t is None:
        notes.append("no reviewed inventory given: reserve taken as 90 % of the assigned amount")

    deduction = enforcement_deduction(excess) if excess > 0 else 0.0
    next_aa = None
    if next_assigned_amount_t is not None:
        nxt = nonnegative(next_assigned_amount_t, "next_assigned_amount_t")
        next_aa = nxt + banked["AAU"] + banked["ERU"] + banked["CER"] - deduction
        if next_aa < 0:
            notes.append("deduction exceeds the next assigned amount; shown as negative")

    return ComplianceResult(
        party=party,
        emissions_t=emissions,
        assigned_amount_t=aa,
        holdings_t=MappingProxyType(held),
        holdings_total_t=total,
        complied=complied,
        excess_emissions_t=excess,
        retired_t=MappingProxyType(retired),
        banked_t=MappingProxyType(banked),
        not_carried_over_t=MappingProxyType(not_carried),
        reserve_t=reserve,
        reserve_met=total >= reserve,
        transferable_t=max(total - reserve, 0.0),
        next_period_deduction_t=deduction,
        next_period_assigned_amount_t=next_aa,
        consequences=_ENFORCEMENT_CONSEQUENCES if excess > 0 else (),
        notes=tuple(notes),
    )


def _holdings(holdings: object) -> dict[str, float]:
    if not isinstance(holdings, Mapping):
        raise TypeError(
            f"holdings must be a mapping of unit type to tonnes, got {type(holdings).__name__}"
        )
    out = dict.fromkeys(UNIT_TYPES, 0.0)
    for key, value in holdings.items():
        if key not in out:
            raise ValueError(f"holdings: unknown unit type {key!r}; expected one of {UNIT_TYPES}")
        out[key] = nonnegative(value, f"holdings[{key!r}]")
    return out
