"""Annex A greenhouse gases and their CO2-equivalents.

Kyoto Protocol Art. 5.3: the global warming potentials (GWPs) used to convert the Annex A
gases into CO2-equivalents are those "accepted by the IPCC and agreed upon by the COP at its
third session" -- the 100-year GWPs of the IPCC Second Assessment Report (SAR) for the first
commitment period (decision 2/CP.3). Later periods use later sets (AR4 for 2013-2020, AR5
under the Paris Agreement's transparency framework, AR6 in newer work), so every function
here takes a ``gwp_set``.

The GWP values come from the ``globalwarmingpotentials`` package (openclimatedata, CC0),
imported lazily. CO2 is the reference gas: its GWP is 1 by definition in every set.

HFCs and PFCs in Annex A are *groups* of species with very different GWPs (HFC-152a: 140,
HFC-23: 11 700 under SAR). A GWP needs a named species (``"HFC-134a"``, ``"CF4"``); asking
for ``"HFCs"`` raises a ``ValueError`` that says so.

Species names are matched ignoring case, hyphens and spaces: ``"HFC-134a"``, ``"hfc134a"``
and ``"HFC 134a"`` are the same species.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

from climatelab._validate import finite_number, nonnegative, require_columns

__all__ = [
    "ANNEX_A_GASES",
    "GWP_SETS",
    "annex_a_gases",
    "annex_a_group",
    "co2_equivalent",
    "gwp",
    "gwp_table",
    "resolve_species",
]

#: Short names for GWP sets -> column names in ``globalwarmingpotentials``.
#: Any column name of the package (e.g. ``"AR6GWP20"``) is accepted as well.
GWP_SETS: dict[str, str] = {
    "SAR": "SARGWP100",
    "TAR": "TARGWP100",
    "AR4": "AR4GWP100",
    "AR5": "AR5GWP100",
    "AR6": "AR6GWP100",
}

#: The six gases or groups of gases listed in Annex A (ids as in ``datasets/annex_a_gases.csv``).
ANNEX_A_GASES: tuple[str, ...] = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6")

# Annex A groups: which package species belong to each (by name prefix / membership).
_GROUPS = {"HFCS": "HFCs", "PFCS": "PFCs"}
_PFC_SPECIES = {
    "CF4",
    "C2F6",
    "C3F8",
    "cC3F6",
    "cC4F8",
    "C4F10",
    "C5F12",
    "C6F14",
    "C7F16",
    "C8F18",
    "C10F18",
}


def _key(name: str) -> str:
    return name.replace("-", "").replace(" ", "").replace("_", "").upper()


@lru_cache(maxsize=1)
def _data() -> dict[str, dict[str, float]]:
    # Imported lazily: the table is only needed when a GWP is asked for.
    import globalwarmingpotentials

    return globalwarmingpotentials.data


def _set_column(gwp_set: str) -> str:
    if not isinstance(gwp_set, str):
        raise TypeError(f"gwp_set must be a str, got {type(gwp_set).__name__}: {gwp_set!r}")
    column = GWP_SETS.get(gwp_set.upper(), gwp_set)
    if column not in _data():
        known = sorted(GWP_SETS) + sorted(_data())
        raise ValueError(f"unknown gwp_set={gwp_set!r}; choose one of {known}")
    return column


@lru_cache(maxsize=1)
def _species_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for table in _data().values():
        for species in table:
            index.setdefault(_key(species), species)
    return index


def resolve_species(gas: str) -> str:
    """Return the package's spelling of ``gas`` (e.g. ``"HFC-134a"`` -> ``"HFC134a"``).

    Raises ``ValueError`` for an Annex A group (``"HFCs"``, ``"PFCs"``) or an unknown name,
    and ``TypeError`` if ``gas`` is not a string.
    """
    if not isinstance(gas, str):
        raise TypeError(f"gas must be a str, got {type(gas).__name__}: {gas!r}")
    key = _key(gas)
    if key == "CO2":
        return "CO2"
    if key in _GROUPS:
        examples = _group_members(_GROUPS[key])
        raise ValueError(
            f"gas={gas!r} is a group of Annex A, not one species; name a species, "
            f"e.g. one of {examples[:8]}"
        )
    species = _species_index().get(key)
    if species is None:
        raise ValueError(
            f"unknown gas={gas!r}; use a species name such as 'CH4', 'N2O', 'SF6', "
            f"'HFC-134a' or 'CF4'"
        )
    return species


def _group_members(group: str) -> list[str]:
    names = _species_index().values()
    if group == "HFCs":
        return sorted(n for n in names if n.upper().startswith("HFC"))
    return sorted(n for n in names if n in _PFC_SPECIES)


def annex_a_group(gas: str) -> str | None:
    """Annex A gas or group a species belongs to (``"HFC-134a"`` -> ``"HFCs"``), or None.

    None means the species is not an Annex A gas (e.g. CFC-11, controlled by the Montreal
    Protocol, or NF3, added to the list only for the second commitment period).
    """
    species = resolve_species(gas)
    if species in ("CO2", "CH4", "N2O", "SF6"):
        return species
    if species.upper().startswith("HFC"):
        return "HFCs"
    if species in _PFC_SPECIES:
        return "PFCs"
    return None


def gwp(gas: str, gwp_set: str = "SAR") -> float:
    """Global warming potential of one species (t CO2e per t of gas).

    Implements Kyoto Protocol Art. 5.3 (GWPs accepted by the IPCC; SAR 100-year values for
    the first commitment period). ``gwp_set`` is ``"SAR"`` (default), ``"TAR"``, ``"AR4"``,
    ``"AR5"``, ``"AR6"`` or any column of the ``globalwarmingpotentials`` package such as
    ``"AR6GWP20"``. CO2 is 1 in every set (the reference gas).

    Raises ``ValueError`` for a group (``"HFCs"``), an unknown species or set, or a species
    the chosen set has no value for.
    """
    column = _set_column(gwp_set)
    species = resolve_species(gas)
    if species == "CO2":
        return 1.0
    value = _data()[column].get(species)
    if value is None:
        raise ValueError(f"gwp_set={gwp_set!r} ({column}) has no GWP for gas={gas!r}")
    return float(value)


def co2_equivalent(
    amounts: Mapping[str, float] | pd.DataFrame,
    gwp_set: str = "SAR",
) -> float | pd.DataFrame:
    """Convert emissions of individual gases into CO2-equivalents (Art. 5.3, Art. 3.1).

    ``amounts`` is either

    * a mapping ``species -> mass`` (any mass unit, e.g. t): returns the total in the same
      unit of CO2e (``sum(mass x GWP)``), a ``float``; or
    * a DataFrame with columns ``gas`` and ``amount``: returns a copy with added columns
      ``species`` (resolved name), ``gwp`` and ``co2e`` (= amount x gwp, same unit as
      ``amount``, in CO2e).

    Amounts must be finite and >= 0 (emissions, not removals). Groups (HFCs, PFCs) must be
    broken down into species first.
    """
    if isinstance(amounts, pd.DataFrame):
        require_columns(amounts, ["gas", "amount"], "amounts")
        out = amounts.copy()
        species, factors, co2e = [], [], []
        for i, (gas, amount) in enumerate(zip(out["gas"], out["amount"], strict=True)):
            value = nonnegative(amount, f"amounts row {i} amount")
            factor = gwp(gas, gwp_set)
            species.append(resolve_species(gas))
            factors.append(factor)
            co2e.append(value * factor)
        out["species"] = species
        out["gwp"] = pd.Series(factors, index=out.index, dtype="float64")
        out["co2e"] = pd.Series(co2e, index=out.index, dtype="float64")
        return out
    if not isinstance(amounts, Mapping):
        raise TypeError(
            f"amounts must be a mapping gas -> amount or a DataFrame, got {type(amounts).__name__}"
        )
    total = 0.0
    seen: dict[str, str] = {}
    for gas, amount in amounts.items():
        value = nonnegative(amount, f"amounts[{gas!r}]")
        species = resolve_species(gas)
        if species in seen:
            raise ValueError(f"amounts names the same species twice: {seen[species]!r} and {gas!r}")
        seen[species] = gas
        total += value * gwp(gas, gwp_set)
    return finite_number(total, "CO2-equivalent total")


def gwp_table(
    gases: Iterable[str] = ("CO2", "CH4", "N2O", "HFC-23", "HFC-134a", "CF4", "C2F6", "SF6"),
    sets: Iterable[str] = ("SAR", "AR4", "AR5", "AR6"),
) -> pd.DataFrame:
    """GWPs of ``gases`` under each of ``sets``: one row per gas, one column per set.

    Columns: ``gas`` (as asked), ``annex_a`` (Annex A gas/group, e.g. ``"HFCs"``; empty if
    not an Annex A gas), then one float column per set (t CO2e per t). A species a set has
    no value for raises ``ValueError`` (no NaN is returned).
    """
    if isinstance(gases, str) or isinstance(sets, str):
        raise TypeError("gases and sets must be lists of names, not a single str")
    gases = list(gases)
    sets = list(sets)
    if not gases:
        raise ValueError("gases must name at least one gas")
    if not sets:
        raise ValueError("sets must name at least one GWP set")
    rows = []
    for gas in gases:
        row: dict[str, object] = {"gas": gas, "annex_a": annex_a_group(gas) or ""}
        for s in sets:
            row[s] = gwp(gas, s)
        rows.append(row)
    return pd.DataFrame(rows, columns=["gas", "annex_a", *sets])


def annex_a_gases() -> pd.DataFrame:
    """The six Annex A gases (dataset ``annex_a_gases``): gas, name_en, name_zh, formula,
    is_group, source, confidence, note."""
    from climatelab import data

    return data.load("annex_a_gases")
