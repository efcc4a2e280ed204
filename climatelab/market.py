"""Emissions trading among Annex B Parties: abatement-cost curves and market clearing.

The Kyoto Protocol lets Annex B Parties meet their caps (assigned amounts, Art. 3.7) with
units bought from others: international emissions trading of AAUs (Art. 17), emission
reduction units from joint implementation projects between Annex I Parties (ERUs, Art. 6),
and certified emission reductions from clean development mechanism projects in non-Annex I
countries (CERs, Art. 12), of which a share of proceeds goes to the Adaptation Fund
(Art. 12.8). Unused units may be banked for the next period (Art. 3.13).

The model is the textbook one. Each Party ``i`` has business-as-usual emissions ``bau``, a
``cap`` and a linear marginal abatement cost ``MAC(a) = mac_slope * a``, optionally made
vertical at ``max_abatement`` (the Party cannot abate more in the period). A Party can never
abate more than its BAU emissions (no negative emissions), so ``max_abatement`` is capped at
``bau``. Facing a permit price ``p`` each Party abates ``a_i = clip(p / slope_i, 0, max_i)``;
the market clears where total abatement equals the required abatement
``R = sum(bau_i - cap_i)``.

Units, everywhere in this module:

* emissions, caps, abatement, permits: **Mt CO2e per year** (1 Mt = 10^6 t);
* prices and marginal costs: **USD per t CO2e**;
* ``mac_slope``: **USD per t CO2e per Mt abated** (so ``slope * a`` is in USD/t);
* costs and payments: **million USD per year** (USD/t x Mt = 10^6 USD).

The solver does not call a general root-finder: aggregate abatement supply ``S(p)`` is
piecewise linear and nondecreasing in ``p``, so sorting its breakpoints and taking a
cumulative sum finds the clearing price exactly in O(n log n) (see :func:`clearing_price`).
Supplementarity limits, transaction costs, hot air and the CDM keep the problem
one-dimensional and monotone in the price, so the same solver handles all of them.

Simplifications for teaching (stated, not hidden): one period, one homogeneous unit (an AAU,
ERU and CER are perfect substitutes), price-taking Parties (no market power, e.g. no Russian
monopoly on hot air), linear MACs, and the lowest clearing price is reported when a range of
prices clears (e.g. within a transaction-cost band).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from climatelab import kyoto
from climatelab._validate import (
    finite_number,
    in_range,
    nonnegative,
    numeric_column,
    positive,
    require_columns,
    unique_column,
)

__all__ = [
    "CDMSupply",
    "MarketResult",
    "abatement_at_price",
    "abatement_cost",
    "abatement_supply",
    "clear_market",
    "clearing_price",
    "ji_transfer",
    "marginal_abatement_cost",
    "parties_from_parameters",
    "two_party_price",
]

HotAir = Literal["sell", "bank", "hold"]

#: Art. 12.8 and decision 17/CP.7: 2 % of the CERs issued for a CDM project activity go to
#: the Adaptation Fund.
SHARE_OF_PROCEEDS = 0.02

_REQUIRED = ("party", "bau", "cap", "mac_slope")
_TOL = 1e-9


# --------------------------------------------------------------------------- small helpers


def abatement_cost(abatement_mt: float | np.ndarray, mac_slope: float | np.ndarray):
    """Total abatement cost ``slope * a**2 / 2`` (million USD/yr) of abating ``a`` Mt/yr.

    The area under the linear marginal abatement cost curve ``MAC(a) = slope * a``.
    ``mac_slope`` is in USD/t per Mt. Works on numbers and on numpy arrays.
    """
    a = np.asarray(abatement_mt, dtype=float)
    s = np.asarray(mac_slope, dtype=float)
    _check_arrays(a, "abatement_mt", s, "mac_slope")
    out = s * a * a / 2.0
    return float(out) if out.ndim == 0 else out


def marginal_abatement_cost(abatement_mt: float | np.ndarray, mac_slope: float | np.ndarray):
    """Marginal abatement cost ``slope * a`` (USD/t) at abatement ``a`` (Mt/yr)."""
    a = np.asarray(abatement_mt, dtype=float)
    s = np.asarray(mac_slope, dtype=float)
    _check_arrays(a, "abatement_mt", s, "mac_slope")
    out = s * a
    return float(out) if out.ndim == 0 else out


def abatement_at_price(
    price_usd_per_t: float, mac_slope: float | np.ndarray, max_abatement_mt=math.inf
):
    """Cost-minimising abatement at a permit price: ``clip(p / slope, 0, max)`` (Mt/yr).

    A Party abates until its marginal cost equals the price, unless its MAC turns vertical
    at ``max_abatement_mt`` first.
    """
    p = nonnegative(price_usd_per_t, "price_usd_per_t")
    s = np.asarray(mac_slope, dtype=float)
    m = np.asarray(max_abatement_mt, dtype=float)
    if s.size and (not np.all(np.isfinite(s)) or np.any(s <= 0)):
        raise ValueError(f"mac_slope must be finite and > 0, got {mac_slope!r}")
    if m.size and (np.any(np.isnan(m)) or np.any(m < 0)):
        raise ValueError(f"max_abatement_mt must be >= 0, got {max_abatement_mt!r}")
    out = np.minimum(p / s, m)
    return float(out) if out.ndim == 0 else out


def abatement_supply(
    price_usd_per_t: float, mac_slope: Iterable[float], max_abatement_mt=None
) -> float:
    """Aggregate abatement supply ``S(p) = sum clip(p / slope_i, 0, max_i)`` (Mt/yr)."""
    s, m = _slopes_and_max(mac_slope, max_abatement_mt)
    p = nonnegative(price_usd_per_t, "price_usd_per_t")
    return float(np.minimum(p / s, m).sum())


def two_party_price(required_abatement_mt: float, mac_slope_a: float, mac_slope_b: float) -> float:
    """Closed-form clearing price (USD/t) for two Parties with linear MACs and no corners.

    Each Party abates ``a_i = p / s_i``; the market clears when ``a_a + a_b = R``, so
    ``p = R / (1/s_a + 1/s_b) = R * s_a * s_b / (s_a + s_b)``. ``R`` is the total required
    abatement ``(bau_a - cap_a) + (bau_b - cap_b)`` in Mt/yr; slopes in USD/t per Mt.
    Valid while neither Party hits its ``max_abatement`` (use :func:`clear_market` for that).
    """
    r = nonnegative(required_abatement_mt, "required_abatement_mt")
    sa = positive(mac_slope_a, "mac_slope_a")
    sb = positive(mac_slope_b, "mac_slope_b")
    return r / (1.0 / sa + 1.0 / sb)


# --------------------------------------------------------------------------- fast solver


def _solve_ramps(
    constant: float,
    start: np.ndarray,
    gain: np.ndarray,
    length: np.ndarray,
    demand: float,
) -> float | None:
    """Smallest ``p >= 0`` with ``S(p) >= demand``, or ``None`` if no price reaches it.

    ``S(p) = constant + sum_k gain_k * clip(p - start_k, 0, length_k)`` is continuous,
    piecewise linear and nondecreasing. Its slope changes by ``+gain_k`` at ``start_k`` and
    by ``-gain_k`` at ``start_k + length_k``: sort these events, accumulate the slope, and
    integrate it to get ``S`` at every event (O(n log n), no root-finder).
    """
    keep = (gain > 0) & (length > 0)
    if not keep.all():
        start, gain, length = start[keep], gain[keep], length[keep]
    s_at_zero = constant + float(np.sum(gain * np.clip(-start, 0.0, length)))
    if s_at_zero >= demand - _TOL * max(1.0, abs(demand)):
        return 0.0
    end = start + length
    finite_end = np.isfinite(end)
    cap_total = constant + float(np.sum(gain[finite_end] * length[finite_end]))
    if finite_end.all() and cap_total < demand - _TOL * max(1.0, abs(demand)):
        return None
    # Only events at p > 0 matter: start the walk at p = 0 with the slope already active.
    active = (start <= 0.0) & (end > 0.0)
    slope0 = float(gain[active].sum())
    ev_x = np.concatenate([start[start > 0.0], end[finite_end & (end > 0.0)]])
    ev_d = np.concatenate([gain[start > 0.0], -gain[finite_end & (end > 0.0)]])
    order = np.argsort(ev_x)  # ties need no order: they add zero width
    ev_x, ev_d = ev_x[order], ev_d[order]
    xs = np.concatenate([[0.0], ev_x])
    slopes = slope0 + np.concatenate([[0.0], np.cumsum(ev_d)])  # slope right of xs[j]
    values = s_at_zero + np.concatenate([[0.0], np.cumsum(slopes[:-1] * np.diff(xs))])
    j = int(np.searchsorted(values, demand, side="left"))
    if j < len(values) and values[j] == demand:
        return float(xs[j])
    j -= 1  # S(xs[j]) < demand; the crossing lies right of xs[j]
    if slopes[j] <= 0:  # only possible through rounding at the very top
        return None
    return float(xs[j] + (demand - values[j]) / slopes[j])


def clearing_price(
    mac_slope: Iterable[float], required_abatement_mt: float, max_abatement_mt=None
) -> float | None:
    """Lowest price (USD/t) at which ``sum clip(p / slope_i, 0, max_i) = R``.

    The fast core of :func:`clear_market`, on plain arrays: breakpoints
    ``p_i^max = slope_i * max_i`` are sorted and the piecewise-linear supply is integrated
    with a cumulative sum, O(n log n). Returns ``0.0`` when ``R <= 0`` and ``None`` when
    ``R`` exceeds the total possible abatement (the market is infeasible).
    """
    s, m = _slopes_and_max(mac_slope, max_abatement_mt)
    r = finite_number(required_abatement_mt, "required_abatement_mt")
    if r <= 0:
        return 0.0
    # Every curve starts at p = 0, so only the kinks p_i^max = s_i * m_i matter. Sorted,
    # S(kink_k) = (sum of m_j below kink_k) + kink_k * (sum of 1/s_j at or above it).
    kink = s * m
    order = np.argsort(kink)
    kink, m_sorted, inv_s = kink[order], m[order], 1.0 / s[order]
    done_before = np.concatenate([[0.0], np.cumsum(m_sorted[:-1])])
    slope_from = np.cumsum(inv_s[::-1])[::-1]  # total 1/s of curves still rising at kink_k
    values = done_before + kink * slope_from  # inf * 0 cannot occur: 1/s > 0
    k = int(np.searchsorted(values, r, side="left"))
    if k == kink.size:
        return None  # r exceeds total possible abatement (finite maxima)
    # S is linear on [kink_{k-1}, kink_k] with slope slope_from[k].
    return float((r - done_before[k]) / slope_from[k])


def _slopes_and_max(mac_slope, max_abatement_mt) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(mac_slope, dtype=float).ravel()
    if s.size == 0:
        raise ValueError("mac_slope must hold at least one value")
    if not np.all(np.isfinite(s)) or np.any(s <= 0):
        bad = s[~(np.isfinite(s) & (s > 0))][0]
        raise ValueError(f"mac_slope must be finite and > 0, got {bad!r}")
    if max_abatement_mt is None:
        m = np.full(s.size, np.inf)
    else:
        m = np.broadcast_to(np.asarray(max_abatement_mt, dtype=float).ravel(), s.shape)
        if np.any(np.isnan(m)) or np.any(m < 0):
            bad = m[np.isnan(m) | (m < 0)][0]
            raise ValueError(f"max_abatement_mt must be >= 0, got {bad!r}")
    return s, m


def _check_arrays(a: np.ndarray, a_name: str, s: np.ndarray, s_name: str) -> None:
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ValueError(f"{a_name} must be finite and >= 0, got {a.tolist()!r}")
    if not np.all(np.isfinite(s)) or np.any(s < 0):
        raise ValueError(f"{s_name} must be finite and >= 0, got {s.tolist()!r}")


# --------------------------------------------------------------------------- the market


@dataclass(frozen=True)
class CDMSupply:
    """Supply of CERs from CDM projects in non-Annex I countries (Art. 12).

    ``mac_slope`` (USD/t per Mt) and ``max_abatement`` (Mt/yr) describe the host countries'
    linear project cost curve. ``share_of_proceeds`` (fraction, default 0.02) is the Art. 12.8
    share of CERs issued that goes to the Adaptation Fund (decision 17/CP.7): of ``q`` CERs
    issued only ``(1 - share) * q`` reach buyers, so hosts abate until
    ``slope * q = (1 - share) * price``.
    """

    mac_slope: float
    max_abatement: float = math.inf
    share_of_proceeds: float = SHARE_OF_PROCEEDS

    def __post_init__(self) -> None:
        positive(self.mac_slope, "cdm.mac_slope")
        if not (isinstance(self.max_abatement, float) and math.isinf(self.max_abatement)):
            nonnegative(self.max_abatement, "cdm.max_abatement")
        elif self.max_abatement < 0:
            raise ValueError(f"cdm.max_abatement must be >= 0, got {self.max_abatement!r}")
        in_range(self.share_of_proceeds, "cdm.share_of_proceeds", 0.0, 1.0, high_open=True)


@dataclass(frozen=True, eq=False)
class MarketResult:
    """Outcome of :func:`clear_market`.

    ``price`` is the permit price received by sellers (USD/t); buyers pay ``buyer_price`` =
    ``price + transaction_cost``. ``gains_from_trade`` (million USD/yr) is
    ``sum(total_cost_no_trade) - sum(total_cost)`` over participating Parties; it is
    ``math.inf`` when some participant could not meet its cap alone (then trade is what makes
    compliance possible; see ``table.feasible_no_trade``).

    When ``feasible`` is ``False`` no price clears the market (required abatement exceeds
    what the participants and the CDM can abate, or a supplementarity limit cannot be met):
    ``price``, ``buyer_price`` and ``gains_from_trade`` are ``None``, ``message`` says why,
    and ``table`` holds only the capacity columns (party, participant, required_abatement,
    max_abatement).

    ``table`` (one row per Party, Mt/yr, USD/t, million USD/yr):

    ========================  ==============================================================
    party                     Party name
    participant               takes part in the market (bool)
    bau, cap                  inputs (cap before JI transfers)
    cap_after_ji              cap after ERU issuance/AAU cancellation (Art. 6)
    required_abatement        ``bau - cap``; negative = hot air
    abatement                 abatement in the market outcome
    emissions                 ``bau - abatement``
    permits_bought            AAUs/CERs bought (negative = sold), excluding ERUs
    erus_acquired             ERUs received (+) or issued to others (-) through JI
    hot_air_withheld          surplus AAUs (cap > bau) not offered (``hot_air`` bank/hold)
    unsold                    units offered but not sold (only when the price is 0)
    marginal_cost             ``mac_slope * abatement`` (USD/t)
    abatement_cost            ``mac_slope * abatement**2 / 2``
    trade_payment             paid for units (negative = received), incl. ERUs at ``price``
    total_cost                ``abatement_cost + trade_payment``
    total_cost_no_trade       cost of meeting its own cap alone; ``inf`` if it cannot
    feasible_no_trade         can meet its own cap alone (bool)
    shortfall                 emissions above holdings (0 for participants)
    ========================  ==============================================================
    """

    price: float | None
    gains_from_trade: float | None
    table: pd.DataFrame
    feasible: bool = True
    message: str = ""
    buyer_price: float | None = None
    transaction_cost: float = 0.0
    required_abatement: float = 0.0
    surplus: float = 0.0
    hot_air: HotAir = "sell"
    hot_air_banked: float = 0.0
    cers_issued: float = 0.0
    cers_delivered: float = 0.0
    adaptation_fund_cers: float = 0.0
    cdm_host_abatement_cost: float = 0.0
    cdm_host_revenue: float = 0.0
    transaction_costs_paid: float = 0.0
    cap_total: float = 0.0
    cap_total_after_ji: float = 0.0
    units: Mapping[str, str] = field(
        default_factory=lambda: {
            "emissions": "Mt CO2e/yr",
            "price": "USD/t CO2e",
            "mac_slope": "USD/t CO2e per Mt",
            "cost": "million USD/yr",
        }
    )


def ji_transfer(caps: pd.Series, host: str, buyer: str, erus_mt: float) -> pd.Series:
    """Joint implementation (Art. 6) as an accounting transfer between Annex I Parties.

    The host converts ``erus_mt`` of its AAUs into ERUs and transfers them to the buyer
    (decision 9/CMP.1 and 13/CMP.1): the host's assigned amount falls and the buyer's rises by
    the same amount, so the total of the caps is unchanged. ``caps`` is a Series party -> cap
    (Mt/yr); a new Series is returned.
    """
    if not isinstance(caps, pd.Series):
        raise TypeError(f"caps must be a pandas Series, got {type(caps).__name__}")
    q = nonnegative(erus_mt, "erus_mt")
    for role, name in (("host", host), ("buyer", buyer)):
        if name not in caps.index:
            raise ValueError(f"JI {role} {name!r} is not among the Parties")
    if host == buyer:
        raise ValueError(f"JI host and buyer must differ, got {host!r} twice")
    if q > float(caps[host]) + _TOL:
        raise ValueError(f"JI erus_mt={q!r} exceeds the host {host!r}'s cap {float(caps[host])!r}")
    out = caps.astype(float).copy()
    out[host] -= q
    out[buyer] += q
    return out


def clear_market(
    parties: pd.DataFrame,
    *,
    participants: Iterable[str] | None = None,
    non_participants: Literal["own_cap", "drop"] = "own_cap",
    hot_air: HotAir = "sell",
    cdm: CDMSupply | None = None,
    transaction_cost: float = 0.0,
    ji: pd.DataFrame | None = None,
    supplementarity: float | Mapping[str, float] | None = None,
) -> MarketResult:
    """Clear an emissions-trading market among Annex B Parties (Art. 17, Art. 6, Art. 12).

    Parameters
    ----------
    parties
        One row per Party: ``party``, ``bau`` (Mt CO2e/yr), ``cap`` (Mt CO2e/yr, e.g. the
        assigned amount divided by 5), ``mac_slope`` (USD/t per Mt, > 0) and optionally
        ``max_abatement`` (Mt/yr; empty/NaN means no limit other than ``bau``).
    participants
        Parties that trade (default: all). Others are handled by ``non_participants``:
        ``"own_cap"`` keeps them in the table, meeting their own cap alone (as far as they
        can; any excess shows in ``shortfall``); ``"drop"`` leaves them out entirely (e.g. the
        United States, which never ratified and so had no cap).
    hot_air
        What Parties whose cap exceeds BAU do with the surplus AAUs ("hot air"):
        ``"sell"`` offers them on the market (Art. 17 sets no limit); ``"bank"`` carries them
        over to the next period (Art. 3.13; reported in ``hot_air_banked``); ``"hold"`` keeps
        them off the market without banking. Either way the Party can still sell what it
        abates below BAU.
    cdm
        Optional :class:`CDMSupply`: CERs from non-Annex I hosts (Art. 12), net of the
        Art. 12.8 share of proceeds.
    transaction_cost
        USD per t acquired, paid by buyers on top of ``price`` (brokerage, registry and
        verification fees); a deadweight wedge, so buyers abate until MAC = price + cost.
    ji
        Optional DataFrame ``host, buyer, erus`` (Mt/yr) of JI transfers between
        participants (Art. 6), applied with :func:`ji_transfer` before clearing. ERUs are paid
        for at ``price``. The totals of the caps are conserved (``cap_total_after_ji``).
    supplementarity
        Art. 6.1(d), 17 and decision 2/CMP.1 ask that acquisitions be "supplemental to
        domestic action". Given as a fraction in [0, 1] (all participants) or a mapping
        party -> fraction: the largest share of a Party's effort ``bau - cap`` it may meet by
        net acquisitions (AAUs, ERUs, CERs). The Party must then abate at least
        ``(1 - fraction) * (bau - cap)`` at home, at its own (higher) marginal cost. The
        numeric limit is a teaching device: the Marrakesh Accords set none.

    Returns
    -------
    MarketResult
        See :class:`MarketResult` for fields, columns and units. Infeasible markets are
        reported (``feasible=False``, ``price=None``), not raised.

    Raises
    ------
    TypeError, ValueError
        Bad input, naming the field and value: missing columns, non-numeric or negative
        ``bau``/``cap``/``max_abatement``, ``mac_slope <= 0``, repeated Parties, unknown
        participants, bad options.
    """
    table, slope, max_eff = _validated_parties(parties)
    names = table["party"].tolist()
    index = {name: i for i, name in enumerate(names)}
    part = _participants(participants, index)
    if non_participants not in ("own_cap", "drop"):
        raise ValueError(f"non_participants must be 'own_cap' or 'drop', got {non_participants!r}")
    if hot_air not in ("sell", "bank", "hold"):
        raise ValueError(f"hot_air must be 'sell', 'bank' or 'hold', got {hot_air!r}")
    if cdm is not None and not isinstance(cdm, CDMSupply):
        raise TypeError(f"cdm must be a CDMSupply or None, got {type(cdm).__name__}")
    tc = nonnegative(transaction_cost, "transaction_cost")
    frac = _supplementarity(supplementarity, index, part)

    bau = table["bau"].to_numpy(dtype=float)
    cap = table["cap"].to_numpy(dtype=float)
    cap_ji = cap.copy()
    eru = np.zeros(len(names))
    if ji is not None:
        cap_ji, eru = _apply_ji(ji, pd.Series(cap, index=names), part, index)

    if non_participants == "drop":
        keep = part
        table, slope, max_eff = table[keep].reset_index(drop=True), slope[keep], max_eff[keep]
        bau, cap, cap_ji, eru, frac = bau[keep], cap[keep], cap_ji[keep], eru[keep], frac[keep]
        part = part[keep]
        if not part.any():
            raise ValueError("participants is empty: no Party takes part in the market")

    r_orig = bau - cap  # the Party's effort under its own cap
    r_eff = bau - cap_ji
    hot = np.maximum(-r_eff, 0.0)  # surplus AAUs: cap above BAU
    withheld = hot if hot_air != "sell" else np.zeros_like(hot)
    r_pos = np.maximum(r_eff, 0.0)
    floor = np.maximum((1.0 - frac) * r_orig, 0.0)

    # Columns are collected in a dict and made into one DataFrame at the end (cheaper).
    out = {
        "party": table["party"].to_numpy(),
        "participant": part,
        "bau": bau,
        "cap": cap,
        "cap_after_ji": cap_ji,
        "required_abatement": r_orig,
    }

    # No-trade benchmark: each Party meets its own (pre-JI) cap alone.
    feasible_alone = np.maximum(r_orig, 0.0) <= max_eff + _TOL
    cost_alone = np.where(feasible_alone, slope * np.maximum(r_orig, 0.0) ** 2 / 2.0, math.inf)

    p_idx = np.flatnonzero(part)
    too_low = floor[p_idx] > max_eff[p_idx] + _TOL
    demand = float(r_pos[p_idx].sum())
    sellable_hot = float(hot[p_idx].sum()) if hot_air == "sell" else 0.0
    price = None
    message = ""
    if too_low.any():
        i = p_idx[np.flatnonzero(too_low)[0]]
        message = (
            f"infeasible: supplementarity requires {names[i]!r} to abate at least "
            f"{floor[i]:.6g} Mt/yr at home but its max_abatement is {max_eff[i]:.6g} Mt/yr"
        )
    else:
        const, start, gain, length = _ramps(
            slope[p_idx], floor[p_idx], r_pos[p_idx], max_eff[p_idx], tc
        )
        const += sellable_hot
        if cdm is not None:
            f = 1.0 - cdm.share_of_proceeds
            start = np.append(start, 0.0)
            gain = np.append(gain, f * f / cdm.mac_slope)
            length = np.append(length, cdm.mac_slope * cdm.max_abatement / f)
        price = _solve_ramps(const, start, gain, length, demand)
        if price is None:
            most = const + float(np.sum(gain * length))
            message = (
                f"infeasible: participants must abate {demand:.6g} Mt/yr net of hot air "
                f"sold but can abate at most {most:.6g} Mt/yr (max_abatement, capped at "
                f"bau{', plus CDM' if cdm is not None else ''}); no price clears the market"
            )

    if price is None:
        cap_table = pd.DataFrame(
            {
                "party": out["party"],
                "participant": part,
                "required_abatement": r_orig,
                "max_abatement": max_eff,
            }
        )
        return MarketResult(
            price=None,
            gains_from_trade=None,
            table=cap_table,
            feasible=False,
            message=message,
            transaction_cost=tc,
            required_abatement=demand,
            hot_air=hot_air,
            cap_total=float(cap.sum()),
            cap_total_after_ji=float(cap_ji.sum()),
        )

    # Abatement: participants respond to the price; others meet their own cap alone.
    free = np.minimum((price + tc) / slope, r_pos) + np.maximum(price / slope - r_pos, 0.0)
    abate = np.where(
        part, np.clip(free, floor, max_eff), np.minimum(np.maximum(r_orig, 0), max_eff)
    )
    abate = np.minimum(np.maximum(abate, 0.0), max_eff)

    cers_issued = cers_delivered = 0.0
    if cdm is not None:
        f = 1.0 - cdm.share_of_proceeds
        cers_issued = min(f * price / cdm.mac_slope, cdm.max_abatement)
        cers_delivered = f * cers_issued

    # Net position of each participant: + needs units, - offers units (incl. sellable hot air).
    offer_hot = np.where(part, hot - withheld, 0.0)
    need = np.where(part, r_pos - abate - offer_hot, 0.0)
    buy = np.maximum(need, 0.0)
    sell = np.maximum(-need, 0.0)
    total_buy = float(buy.sum())
    total_sell = float(sell.sum()) + cers_delivered
    unsold = np.zeros(part.size)
    surplus = 0.0
    if total_sell > total_buy and price == 0.0:
        # Price 0: more units on offer than wanted; every seller sells the same fraction.
        surplus = total_sell - total_buy
        ratio = total_buy / total_sell if total_sell > 0 else 0.0
        unsold = sell * (1.0 - ratio)
        sell = sell * ratio
        cers_delivered *= ratio
        cers_issued *= ratio
    bought = buy - sell

    buyer_price = price + tc
    pay = np.where(bought > 0, buyer_price * bought, price * bought) + price * eru
    cost = slope * abate**2 / 2.0
    total = cost + pay
    emissions = bau - abate
    # Participants hold cap_after_ji + permits_bought >= emissions by construction; a
    # non-participant that cannot meet its cap alone emits above it.
    shortfall = np.where(part, 0.0, np.maximum(emissions - cap, 0.0))

    out["abatement"] = abate
    out["emissions"] = emissions
    out["permits_bought"] = bought
    out["erus_acquired"] = eru
    out["hot_air_withheld"] = np.where(part, withheld, 0.0)
    out["unsold"] = unsold
    out["marginal_cost"] = slope * abate
    out["abatement_cost"] = cost
    out["trade_payment"] = pay
    out["total_cost"] = total
    out["total_cost_no_trade"] = np.where(
        part, cost_alone, np.where(feasible_alone, total, math.inf)
    )
    out["feasible_no_trade"] = feasible_alone
    out["shortfall"] = shortfall
    out = pd.DataFrame(out)

    p_alone = cost_alone[part]
    if np.all(np.isfinite(p_alone)):
        gains = float(p_alone.sum() - total[part].sum())
    else:
        gains = math.inf
    tc_paid = tc * float(np.maximum(bought, 0.0).sum())
    return MarketResult(
        price=float(price),
        gains_from_trade=gains,
        table=out,
        feasible=True,
        message="price 0: supply exceeds demand at any price" if surplus > 0 else "",
        buyer_price=float(buyer_price),
        transaction_cost=tc,
        required_abatement=demand,
        surplus=surplus,
        hot_air=hot_air,
        hot_air_banked=float(withheld[part].sum()) if hot_air == "bank" else 0.0,
        cers_issued=cers_issued,
        cers_delivered=cers_delivered,
        adaptation_fund_cers=cers_issued - cers_delivered,
        cdm_host_abatement_cost=(cdm.mac_slope * cers_issued**2 / 2.0) if cdm else 0.0,
        cdm_host_revenue=price * cers_delivered,
        transaction_costs_paid=tc_paid,
        cap_total=float(cap.sum()),
        cap_total_after_ji=float(cap_ji.sum()),
    )


def parties_from_parameters(parameters: pd.DataFrame) -> pd.DataFrame:
    """The ``parties`` frame for :func:`clear_market` from the ``market_parameters`` dataset.

    Renames ``bau_mt``, ``cap_mt``, ``mac_slope_usd_per_t_per_mt`` and ``max_abatement_mt``
    to ``bau``, ``cap``, ``mac_slope`` and ``max_abatement`` (units unchanged). Pure: the
    caller loads the data, e.g. ``parties_from_parameters(climatelab.data.load(
    "market_parameters"))``.
    """
    columns = {
        "party": "party",
        "bau_mt": "bau",
        "cap_mt": "cap",
        "mac_slope_usd_per_t_per_mt": "mac_slope",
        "max_abatement_mt": "max_abatement",
    }
    frame = require_columns(parameters, list(columns), "parameters")
    return frame[list(columns)].rename(columns=columns).reset_index(drop=True)


def _ramps(slope, floor, r_pos, max_eff, tc):
    """Decompose each participant's abatement response into at most two linear ramps.

    A participant's cost-minimising abatement at seller price ``p`` is
    ``clip(free(p), floor, max)`` with ``free(p) = min((p + tc)/s, r) + max(p/s - r, 0)``:
    as a buyer it abates until MAC = p + tc, as a seller until MAC = p, and in between it
    just meets its own cap. ``floor`` is the supplementarity minimum.
    """
    lo1 = floor
    hi1 = np.maximum(floor, np.minimum(r_pos, max_eff))
    lo2 = np.minimum(np.maximum(r_pos, floor), max_eff)
    start = np.concatenate([slope * lo1 - tc, slope * lo2])
    gain = np.concatenate([1.0 / slope, 1.0 / slope])
    length = np.concatenate([slope * (hi1 - lo1), slope * (max_eff - lo2)])
    return float(floor.sum()), start, gain, length


def _validated_parties(parties: object) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    frame = require_columns(parties, _REQUIRED, "parties")
    if len(frame) == 0:
        raise ValueError("parties is empty: give at least one Party")
    names = frame["party"]
    bad = names.map(lambda v: not isinstance(v, str) or not v.strip())
    if bad.any():
        raise TypeError(
            f"parties: column 'party' must hold non-empty names; row "
            f"{int(np.flatnonzero(bad.to_numpy())[0])} has {names[bad].iloc[0]!r}"
        )
    unique_column(frame, "party", "parties")
    bau = numeric_column(frame, "bau", "parties", minimum=0.0)
    cap = numeric_column(frame, "cap", "parties", minimum=0.0)
    slope = numeric_column(frame, "mac_slope", "parties")
    if (slope <= 0).any():
        i = int(np.flatnonzero(slope <= 0)[0])
        raise ValueError(f"parties: column 'mac_slope' must be > 0; row {i} has {slope[i]!r}")
    max_eff = bau.copy()
    if "max_abatement" in frame.columns:
        raw = frame["max_abatement"]
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        text_bad = np.isnan(values) & raw.notna().to_numpy() & (raw.astype(str).str.strip() != "")
        if text_bad.any() or np.any(values < 0):
            i = int(np.flatnonzero(text_bad | (values < 0))[0])
            raise ValueError(
                f"parties: column 'max_abatement' must be a number >= 0 or empty; row {i} "
                f"has {raw.iloc[i]!r}"
            )
        # A missing or infinite max means "no limit but BAU": emissions cannot go negative.
        max_eff = np.where(np.isnan(values), bau, np.minimum(values, bau))
    out = pd.DataFrame({"party": names.to_numpy(), "bau": bau, "cap": cap})
    return out, slope, max_eff


def _participants(participants, index: Mapping[str, int]) -> np.ndarray:
    mask = np.ones(len(index), dtype=bool)
    if participants is None:
        return mask
    if isinstance(participants, str):
        raise TypeError(
            f"participants must be a list of Party names, not a single string: {participants!r}"
        )
    mask[:] = False
    for name in participants:
        if name not in index:
            raise ValueError(f"participants: {name!r} is not among parties['party']")
        mask[index[name]] = True
    return mask


def _supplementarity(value, index: Mapping[str, int], part: np.ndarray) -> np.ndarray:
    frac = np.ones(len(index))  # 1 = no limit: all of the effort may be bought
    if value is None:
        return frac
    if isinstance(value, Mapping):
        for name, share in value.items():
            if name not in index:
                raise ValueError(f"supplementarity: {name!r} is not among parties['party']")
            frac[index[name]] = in_range(share, f"supplementarity[{name!r}]", 0.0, 1.0)
        return frac
    frac[:] = in_range(value, "supplementarity", 0.0, 1.0)
    return frac


def _apply_ji(ji, caps: pd.Series, part: np.ndarray, index: Mapping[str, int]):
    frame = require_columns(ji, ("host", "buyer", "erus"), "ji")
    amounts = numeric_column(frame, "erus", "ji", minimum=0.0)
    eru = np.zeros(len(caps))
    out = caps.astype(float)
    for host, buyer, q in zip(frame["host"], frame["buyer"], amounts, strict=True):
        for role, name in (("host", host), ("buyer", buyer)):
            if name in index and not part[index[name]]:
                raise ValueError(f"ji: {role} {name!r} does not take part in the market")
        out = ji_transfer(out, host, buyer, q)
        eru[index[host]] -= q
        eru[index[buyer]] += q
    return out.to_numpy(dtype=float), eru


# --- used by the course's explorers and chapters ----------------------------------------


#: Default state of the two-Party explorer: required abatement (Mt CO2e/yr) and MAC slopes
#: (USD/t per Mt). Party A is the high-cost Party: without trade its marginal cost is 60 USD/t,
#: B's 25 USD/t.
TWO_PARTY_DEFAULTS = {"required_a": 30.0, "required_b": 50.0, "slope_a": 2.0, "slope_b": 0.5}


#: BAU emissions of each of the two Parties (Mt CO2e/yr). Large enough that no Party reaches
#: its BAU within the slider ranges, so the closed form of two_party_price holds.
TWO_PARTY_BAU_MT = 200.0


def two_party_parties(
    required_a: float = TWO_PARTY_DEFAULTS["required_a"],
    required_b: float = TWO_PARTY_DEFAULTS["required_b"],
    slope_a: float = TWO_PARTY_DEFAULTS["slope_a"],
    slope_b: float = TWO_PARTY_DEFAULTS["slope_b"],
    bau_mt: float = TWO_PARTY_BAU_MT,
) -> pd.DataFrame:
    """Parties A and B for :func:`climatelab.clear_market`: cap = BAU - required."""
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
) -> MarketResult:
    """Clear the two-Party market with :func:`climatelab.clear_market`."""
    return clear_market(two_party_parties(required_a, required_b, slope_a, slope_b))


US_OPTIONS = ("with the United States (hypothetical cap)", "without the United States")


HOT_AIR_OPTIONS = {"sold": "sell", "banked": "bank"}


#: Parties of market_parameters that are economies in transition (Annex I, 经济转型国家).
EIT_PARTIES = ("Russian Federation", "Ukraine", "Central and Eastern European EIT")


def kyoto_market_parties() -> pd.DataFrame:
    """The ``parties`` frame of the course's Kyoto market (dataset ``market_parameters``)."""
    from climatelab import data

    return parties_from_parameters(data.load("market_parameters"))


def kyoto_market(
    parties: pd.DataFrame,
    us: bool = True,
    hot_air: str = "sell",
    **options: Any,
) -> MarketResult:
    """Clear the Kyoto market with or without the United States (left out: it had no cap).

    ``hot_air`` and ``options`` (``cdm``, ``transaction_cost``, ``ji``, ...) go to
    :func:`climatelab.clear_market`.
    """
    if us:
        return clear_market(parties, hot_air=hot_air, **options)
    if kyoto.US not in set(parties["party"]):
        raise ValueError(f"parties has no row {kyoto.US!r} to leave out")
    others = [p for p in parties["party"] if p != kyoto.US]
    return clear_market(
        parties, participants=others, non_participants="drop", hot_air=hot_air, **options
    )


def _role(bought: float) -> str:
    return "buyer" if bought > 1e-9 else "seller" if bought < -1e-9 else "no trade"


def market_status_text(result: MarketResult) -> tuple[str, str]:
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
