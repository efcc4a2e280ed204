#!/usr/bin/env python3
"""Derive ``datasets/fossil_co2.csv`` from the Our World in Data grapher export
"Annual CO2 emissions" (Global Carbon Budget 2024).

This is a one-off, reproducible curation script. It is NOT run at build or
test time; its output is committed as ``datasets/fossil_co2.csv``.

Usage (from the project root)::

    python scripts/curate_fossil_co2.py [SOURCE_CSV] [--out datasets/fossil_co2.csv]

SOURCE_CSV defaults to
``../shared/reference/owid-grapher-annual-co2_gcb2024/annual-co2-emissions-per-country.csv``.

Input columns: ``Entity,Code,Year,Annual CO₂ emissions`` (tonnes CO2, fossil
fuels and industry, excluding land-use change).

Output (long format, primary key ``code, year``)::

    entity, code, year, co2_mt, kind

* ``co2_mt``: million tonnes CO2, rounded to 3 decimals (aggregates are summed
  in tonnes first, then rounded).
* ``kind``: ``world`` (World, OWID_WRL), ``country`` or ``aggregate``.
* rows, 1990-2023: World; the largest emitters; the Kyoto Annex B countries
  (from ``datasets/annex_i_parties.csv``, ``annex_b == true``; Monaco has no
  series of its own: GCB includes it with France); the European Union (27) as
  published by OWID (code ``OWID_EU27``); and three aggregates:

  - ``ANNEX_I``: sum of every Annex I country listed in
    ``datasets/annex_i_parties.csv`` (the European Community row is skipped,
    its member states are counted individually);
  - ``NON_ANNEX_I``: sum of every other entity that has a country code
    (ISO3, plus ``OWID_KOS`` = Kosovo), excluding OWID/GCP aggregates
    (no code or ``OWID_WRL``) and international transport;
  - ``INTL_TRANSPORT``: "International aviation" + "International shipping"
    (bunker fuels, not allocated to countries).

  World - ANNEX_I - NON_ANNEX_I - INTL_TRANSPORT leaves a small residual
  (GCB entries without a country code such as "Kuwaiti Oil Fires (GCP)" in
  1991, and the difference between the GCB global total and the sum of the
  national inventories). The script prints it.
* Country names follow the project's Party names (as in
  ``facts/kyoto_ratifications_all.csv``); OWID names are kept for aggregates.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = (
    ROOT.parent
    / "shared/reference/owid-grapher-annual-co2_gcb2024/annual-co2-emissions-per-country.csv"
)
ANNEX_I_TABLE = ROOT / "datasets" / "annex_i_parties.csv"
DEFAULT_OUT = ROOT / "datasets" / "fossil_co2.csv"

YEARS = range(1990, 2024)

# Largest emitters shipped as country rows (ISO3 -> project name).
LARGEST_EMITTERS = {
    "CHN": "China",
    "USA": "United States of America",
    "IND": "India",
    "RUS": "Russian Federation",
    "JPN": "Japan",
    "DEU": "Germany",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "IDN": "Indonesia",
    "SAU": "Saudi Arabia",
    "CAN": "Canada",
    "BRA": "Brazil",
    "GBR": "United Kingdom",
}
# Source entities without a code that are shipped or summed.
EU27_ENTITY, EU27_CODE = "European Union (27)", "OWID_EU27"
TRANSPORT_ENTITIES = ("International aviation", "International shipping")
WORLD_CODE = "OWID_WRL"
# OWID codes that denote a country rather than an aggregate.
OWID_COUNTRY_CODES = {"OWID_KOS"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE))
    ap.add_argument("--annex-i", default=str(ANNEX_I_TABLE))
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args(argv)

    src = pd.read_csv(args.source)
    value_col = [c for c in src.columns if c not in ("Entity", "Code", "Year")]
    if len(value_col) != 1:
        raise SystemExit(f"unexpected columns: {list(src.columns)}")
    src = src.rename(
        columns={"Entity": "entity", "Code": "code", "Year": "year", value_col[0]: "t"}
    )
    src = src[src["year"].isin(YEARS)].copy()
    if src.duplicated(["entity", "year"]).any():
        raise SystemExit("duplicate entity/year rows in source")

    annex = pd.read_csv(args.annex_i, dtype=str)
    annex = annex[annex["iso3"] != "EUU"]
    annex_i_codes = set(annex["iso3"])
    annex_b = annex[annex["annex_b"] == "true"]
    names = dict(zip(annex["iso3"], annex["party"], strict=True))
    names.update(LARGEST_EMITTERS)

    coded = src[src["code"].notna()]
    is_country = ~coded["code"].str.startswith("OWID_") | coded["code"].isin(OWID_COUNTRY_CODES)
    countries = coded[is_country]
    missing = sorted(annex_i_codes - set(countries["code"]))
    print(
        "Annex I codes without a series (expected: MCO, included with France):",
        missing,
        file=sys.stderr,
    )

    def series(df: pd.DataFrame) -> pd.Series:
        return df.groupby("year")["t"].sum(min_count=1).reindex(YEARS)

    out: list[dict] = []

    def add(entity: str, code: str, kind: str, s: pd.Series) -> None:
        for year, t in s.items():
            if pd.isna(t):
                raise SystemExit(f"missing value for {code} {year}")
            out.append(
                {
                    "entity": entity,
                    "code": code,
                    "year": int(year),
                    "co2_mt": round(float(t) / 1e6, 3),
                    "kind": kind,
                }
            )

    world = series(src[src["code"] == WORLD_CODE])
    add("World", WORLD_CODE, "world", world)

    ship = sorted(set(LARGEST_EMITTERS) | (set(annex_b["iso3"]) - set(missing)))
    for code in ship:
        add(names[code], code, "country", series(countries[countries["code"] == code]))

    add(EU27_ENTITY, EU27_CODE, "aggregate", series(src[src["entity"] == EU27_ENTITY]))

    annex_i = series(countries[countries["code"].isin(annex_i_codes)])
    non_annex_i = series(countries[~countries["code"].isin(annex_i_codes)])
    transport = series(src[src["entity"].isin(TRANSPORT_ENTITIES)])
    add("Annex I", "ANNEX_I", "aggregate", annex_i)
    add("Non-Annex I", "NON_ANNEX_I", "aggregate", non_annex_i)
    add("International transport", "INTL_TRANSPORT", "aggregate", transport)

    resid = (world - annex_i - non_annex_i - transport) / 1e6
    print("Residual World - Annex I - Non-Annex I - transport (Mt CO2):", file=sys.stderr)
    print(resid.round(3).to_string(), file=sys.stderr)
    print(
        f"max |residual| = {resid.abs().max():.3f} Mt "
        f"({(resid.abs() / (world / 1e6)).max() * 100:.3f} % of World)",
        file=sys.stderr,
    )

    df = pd.DataFrame(out).sort_values(["code", "year"], kind="stable")
    order = {"world": 0, "aggregate": 1, "country": 2}
    df = df.sort_values(
        ["kind", "code", "year"], key=lambda c: c.map(order) if c.name == "kind" else c
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(
        args.out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL, float_format="%.3f"
    )
    print(f"wrote {len(df)} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
