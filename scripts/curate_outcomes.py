#!/usr/bin/env python3
"""Derive the Part 5 ("Outcomes") datasets from reference copies of upstream files.

A one-off, reproducible curation script. It is NOT run at build or test time; its outputs
are committed in ``datasets/``. It reads only files in ``datasets/`` and the reference
folders given as arguments, and writes:

* ``consumption_co2.csv`` -- territorial vs consumption-based fossil CO2, 1990-2017, for
  the world, Kyoto Annex B, the EU (28, as GCB 2019 defines it), EU-15, the Annex I
  economies in transition and China, the United States, India, Japan and Russia, from the
  Global Carbon Budget 2019 (openclimatedata/global-carbon-budget). MtC x 3.664 = MtCO2
  (44.009 / 12.011, the GCB convention). EU-15 and EIT are sums of their members.
* ``paris_instruments.csv`` -- one row per Party that deposited an instrument to the
  Paris Agreement (UNTC XXVII-7-d via openclimatedata/paris-agreement-entry-into-force),
  with the ORIGINAL United States acceptance (2016-09-03), its 2019-2020 withdrawal, its
  2021 re-acceptance and its second withdrawal (notified 2025-01-27, effective 2026-01-27)
  written in by hand (the source file holds only the 2021 re-acceptance date).
* ``paris_article21_shares.csv`` -- the Art. 21 table (Gg CO2e and published percent);
  the European Union row is kept and flagged ``regional_organisation=true``.
* ``doha_acceptances.csv`` -- Doha Amendment acceptances (UNTC XXVII-7-c via
  openclimatedata/doha-amendment-entry-into-force).

With ``--register`` it also adds/replaces these four resources, by name, in
``datasets/datapackage.json`` (read-modify-write; other entries are left as they are).

Usage (from the project root)::

    python scripts/curate_outcomes.py \\
        --gcb ../shared/reference/openclimatedata-global-carbon-budget-2019 \\
        --paris ../shared/reference/openclimatedata-paris-agreement-entry-into-force \\
        --doha ../shared/reference/openclimatedata-doha-amendment-entry-into-force \\
        [--register]

Party names follow ``datasets/kyoto_instruments.csv`` (matched on ISO3) where the Party is
there; the EU is "European Union" (the Kyoto file's "European Community" is its
predecessor, replaced by the Union on 2009-12-01).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
REF = ROOT.parent / "shared" / "reference"

MTC_TO_MTCO2 = 3.664  # 44.009 / 12.011, as the Global Carbon Budget converts C to CO2
YEARS = range(1990, 2018)
ARTICLE21_TOTAL_GG = 37_168_339  # last row of the UNFCCC Art. 21 table
PARIS_THRESHOLD_DATE = "2016-10-05"

GCB_SOURCE = (
    "GCB 2019 (Friedlingstein et al. 2019) via openclimatedata/global-carbon-budget@122c763"
)
PARIS_SOURCE = (
    "UN Treaty Collection XXVII-7-d, via openclimatedata/paris-agreement-entry-into-force"
    "@b4258e3 (data/paris-agreement-entry-into-force.csv)"
)
ART21_SOURCE = (
    "UNFCCC Paris Agreement Art. 21 table (emissions reported as of 12 Dec 2015), via "
    "openclimatedata/paris-agreement-entry-into-force@b4258e3; total 37 168 339 Gg from "
    "archive/tabula-table.csv"
)
DOHA_SOURCE = (
    "UN Treaty Collection XXVII-7-c, via openclimatedata/doha-amendment-entry-into-force"
    "@86528cd (data/doha-amendment.csv)"
)
US_SOURCE = (
    "UN Treaty Collection XXVII-7-d (acceptance 2016-09-03; withdrawal notified "
    "2019-11-04, effective 2020-11-04; acceptance 2021-01-20, effective 2021-02-19); "
    "second withdrawal: UN Spokesperson, daily briefing 28 Jan 2025 (notification received "
    "2025-01-27, effective 2026-01-27 under Art. 28.2), as reported by Xinhua/AFP"
)

# GCB 2019 codes of the shipped single entities -> (code, entity, kind)
GCB_ENTITIES = {
    "World": ("WORLD", "World", "world"),
    "KP Annex B": ("KP_ANNEX_B", "Kyoto Annex B (GCB group, incl. USA)", "group"),
    "EUU": ("EU28", "European Union (28, GCB 2019 definition)", "group"),
    "CHN": ("CHN", "China", "country"),
    "USA": ("USA", "United States of America", "country"),
    "IND": ("IND", "India", "country"),
    "JPN": ("JPN", "Japan", "country"),
    "RUS": ("RUS", "Russian Federation", "country"),
}


def _kyoto_names() -> dict[str, str]:
    table = pd.read_csv(DATASETS / "kyoto_instruments.csv", dtype=str, keep_default_na=False)
    names = dict(zip(table["iso3"], table["party"], strict=True))
    names["EUU"] = "European Union"
    names["USA"] = "United States of America"
    return names


def _party(code: str, name: str, names: dict[str, str]) -> str:
    return names.get(code, name.strip())


# --------------------------------------------------------------------------- consumption
def consumption(gcb: Path) -> pd.DataFrame:
    terr = pd.read_csv(gcb / "territorial-emissions.csv")
    cons = pd.read_csv(gcb / "consumption-emissions.csv")
    xfer = pd.read_csv(gcb / "emissions-transfers.csv")
    merged = terr.merge(cons, on=["Code", "Year"]).merge(xfer, on=["Code", "Year"])
    merged = merged[merged["Year"].isin(YEARS)]
    merged = merged.rename(
        columns={
            "Emissions": "terr_mtc",
            "Consumption-Emissions": "cons_mtc",
            "Emissions-Transfers": "xfer_mtc",
        }
    )
    annex = pd.read_csv(DATASETS / "annex_i_parties.csv", dtype=str)
    groups = {
        "EU15": (
            "EU-15 (sum of the 15 member States)",
            sorted(annex.loc[annex["eu15"] == "true", "iso3"]),
        ),
        "EIT": (
            "Annex I economies in transition (sum of 14)",
            sorted(annex.loc[annex["economy_in_transition"] == "true", "iso3"]),
        ),
    }
    rows: list[dict] = []

    def add(code: str, entity: str, kind: str, frame: pd.DataFrame, src: str) -> None:
        by_year = frame.groupby("Year")[["terr_mtc", "cons_mtc"]].sum(min_count=1)
        by_year = by_year.reindex(YEARS)
        if by_year.isna().any().any():
            raise SystemExit(f"missing values for {code}")
        for year, r in by_year.iterrows():
            terr_t = round(float(r["terr_mtc"]) * MTC_TO_MTCO2, 3)
            cons_t = round(float(r["cons_mtc"]) * MTC_TO_MTCO2, 3)
            rows.append(
                {
                    "entity": entity,
                    "code": code,
                    "year": int(year),
                    "kind": kind,
                    "territorial_mtco2": terr_t,
                    "consumption_mtco2": cons_t,
                    "transfer_mtco2": round(cons_t - terr_t, 3),
                    "source": src,
                }
            )

    for gcb_code, (code, entity, kind) in GCB_ENTITIES.items():
        part = merged[merged["Code"] == gcb_code]
        # GCB's own transfer series is territorial - consumption (net exports > 0)
        err = (part["cons_mtc"] - part["terr_mtc"] + part["xfer_mtc"]).abs().max()
        if err > 0.002:
            raise SystemExit(f"{gcb_code}: transfers disagree with consumption - territorial")
        add(code, entity, kind, part, GCB_SOURCE)
    for code, (entity, members) in groups.items():
        part = merged[merged["Code"].isin(members)]
        missing = sorted(set(members) - set(part["Code"]))
        if missing:
            raise SystemExit(f"{code}: no GCB series for {missing}")
        src = GCB_SOURCE + "; sum of " + " ".join(members)
        add(code, entity, "group", part, src)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- Paris
def paris(folder: Path, names: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    src = pd.read_csv(
        folder / "paris-agreement-entry-into-force.csv", dtype=str, keep_default_na=False
    )
    threshold = pd.Timestamp(PARIS_THRESHOLD_DATE)
    inst_rows = []
    for _, r in src[src["Ratification"] != ""].iterrows():
        code = r["Code"]
        row = {
            "party": _party(code, r["Name"], names),
            "iso3": code,
            "instrument": r["Kind"].strip().lower(),
            "deposit_date": r["Ratification"],
            "date_of_effect": r["Date-Of-Effect"],
            "withdrawal_notice": "",
            "withdrawal_effective": "",
            "second_deposit_date": "",
            "second_date_of_effect": "",
            "second_withdrawal_notice": "",
            "second_withdrawal_effective": "",
            "regional_organisation": "true" if code == "EUU" else "false",
            "source": PARIS_SOURCE,
            "confidence": "high",
            "note": "",
        }
        if code == "USA":
            row.update(
                deposit_date="2016-09-03",
                date_of_effect="2016-11-04",
                withdrawal_notice="2019-11-04",
                withdrawal_effective="2020-11-04",
                second_deposit_date="2021-01-20",
                second_date_of_effect="2021-02-19",
                second_withdrawal_notice="2025-01-27",
                second_withdrawal_effective="2026-01-27",
                source=US_SOURCE,
                confidence="medium",
                note=(
                    "the source file holds only the 2021 re-acceptance; original acceptance "
                    "and both withdrawals written in by hand; 2025 notice from UN "
                    "Spokesperson statements, depositary notification not read"
                ),
            )
        else:
            # Art. 21.1/21.3: in force 2016-11-04 for early Parties, else deposit + 30 days
            deposit = pd.Timestamp(row["deposit_date"])
            expected = (
                pd.Timestamp("2016-11-04")
                if deposit <= threshold
                else deposit + pd.Timedelta(days=30)
            )
            if pd.Timestamp(row["date_of_effect"]) != expected:
                raise SystemExit(f"{code}: date of effect breaks Art. 21: {row}")
        if code == "EUU":
            row["note"] = (
                "regional economic integration organisation: counts once as a Party, "
                "adds no emissions share (its members' emissions are theirs, Art. 21.4)"
            )
        inst_rows.append(row)
    instruments = pd.DataFrame(inst_rows).sort_values(["deposit_date", "party"], kind="stable")

    share_rows = []
    for _, r in src[src["Emissions"] != ""].iterrows():
        code = r["Code"]
        share_rows.append(
            {
                "party": _party(code, r["Name"], names),
                "iso3": code,
                "emissions_gg": int(r["Emissions"]),
                "percent_published": float(r["Percentage"]),
                "data_year": int(r["Year"]),
                "regional_organisation": "true" if code == "EUU" else "false",
                "source": ART21_SOURCE,
            }
        )
    shares = pd.DataFrame(share_rows).sort_values("party", kind="stable")
    states = shares[shares["regional_organisation"] == "false"]
    tabula = list(csv.reader((folder / "tabula-table.csv").open(encoding="utf-8")))
    total = int(tabula[-1][1].replace(" ", ""))
    if total != ARTICLE21_TOTAL_GG:
        raise SystemExit(f"Art. 21 total in tabula-table.csv is {total}")
    print(
        f"Art. 21: {len(states)} Parties sum to {states['emissions_gg'].sum()} Gg "
        f"vs printed total {total} Gg",
        file=sys.stderr,
    )
    return instruments, shares


def doha(folder: Path, names: dict[str, str]) -> pd.DataFrame:
    src = pd.read_csv(folder / "doha-amendment.csv", dtype=str, keep_default_na=False)
    rows = [
        {
            "party": _party(r["Code"], r["Name"], names),
            "iso3": r["Code"],
            "acceptance_date": r["Acceptance"],
            "regional_organisation": "true" if r["Code"] == "EUU" else "false",
            "source": DOHA_SOURCE,
        }
        for _, r in src.iterrows()
    ]
    return pd.DataFrame(rows).sort_values(["acceptance_date", "party"], kind="stable")


# --------------------------------------------------------------------------- package
def _field(name, ftype, title, description, unit=None, required=False, enum=None):
    field = {"name": name, "type": ftype, "title": title, "description": description}
    if unit:
        field["unit"] = unit
    constraints: dict = {}
    if required:
        constraints["required"] = True
    if enum:
        constraints["enum"] = enum
    field["constraints"] = constraints
    return field


_CC_BY = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (this compilation); facts from public official "
    "documents",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
_CONF = ["high", "medium", "low"]


def resources() -> list[dict]:
    party = _field("party", "string", "Party", "Party name as in kyoto_instruments", None, True)
    iso3 = _field("iso3", "string", "ISO3", "ISO 3166-1 alpha-3 code (EUU = EU)", None, True)
    regional = _field(
        "regional_organisation",
        "boolean",
        "Regional organisation",
        "true for the European Union: counted once as a Party, never adds a share",
        None,
        True,
    )
    source = _field("source", "string", "Source", "Where the row comes from", None, True)
    consumption_res = {
        "name": "consumption_co2",
        "path": "consumption_co2.csv",
        "title": "Territorial vs consumption-based fossil CO2, 1990-2017: Kyoto groups and "
        "the largest emitters",
        "description": (
            "Fossil-fuel and cement CO2 by where it is emitted (territorial) and by where the "
            "goods and services are consumed (consumption-based: territorial minus CO2 "
            "embodied in exports plus CO2 embodied in imports), 1990-2017, from the Global "
            "Carbon Budget 2019 (consumption estimates after Peters et al. 2011, from "
            "multi-region input-output tables). Upstream values are in MtC; converted here "
            "to MtCO2 by x 3.664 (44.009/12.011, the GCB factor) and rounded to 3 decimals. "
            "transfer_mtco2 = consumption - territorial: positive = net importer of embodied "
            "CO2 (GCB's own 'emissions transfers' series has the opposite sign). Entities: "
            "World; KP_ANNEX_B (GCB's Kyoto Annex B group, which includes the United "
            "States); EU28 (GCB 2019 'EU', the 28 member States of 2019, UK included); "
            "EU15 and EIT (the 14 Annex I economies in transition, Belarus included), "
            "computed here as sums of their members; China, USA, India, Japan, Russian "
            "Federation. GCB 2019 territorial figures differ slightly from the GCB 2024 "
            "values in fossil_co2 (revisions); do not mix the two in one comparison. "
            "Derived by scripts/curate_outcomes.py (not run at build time). Terms of the "
            "upstream data: use is conditional on citing the original sources "
            "(Friedlingstein et al. 2019)."
        ),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [
                _field("entity", "string", "Entity", "Country or group name", None, True),
                _field("code", "string", "Code", "ISO3 or group code", None, True),
                _field("year", "integer", "Year", "Calendar year", "year", True),
                _field(
                    "kind",
                    "string",
                    "Kind",
                    "world, group or country",
                    None,
                    True,
                    ["world", "group", "country"],
                ),
                _field(
                    "territorial_mtco2",
                    "number",
                    "Territorial CO2",
                    "Fossil fuel and cement CO2 emitted on the territory",
                    "Mt CO2",
                    True,
                ),
                _field(
                    "consumption_mtco2",
                    "number",
                    "Consumption-based CO2",
                    "Territorial - embodied in exports + embodied in imports",
                    "Mt CO2",
                    True,
                ),
                _field(
                    "transfer_mtco2",
                    "number",
                    "Net CO2 transfer",
                    "consumption - territorial; > 0 = net importer of embodied CO2",
                    "Mt CO2",
                    True,
                ),
                source,
            ],
            "primaryKey": ["code", "year"],
        },
        "sources": [
            {
                "title": "Friedlingstein, P. et al. (2019) Global Carbon Budget 2019, Earth "
                "System Science Data 11, 1783-1838",
                "path": "https://doi.org/10.5194/essd-11-1783-2019",
            },
            {
                "title": "Global Carbon Project (2019) Global Carbon Budget 2019 data",
                "path": "https://doi.org/10.18160/gcp-2019",
            },
            {
                "title": "Local copy: openclimatedata/global-carbon-budget@122c763 "
                "(territorial-emissions.csv, consumption-emissions.csv, "
                "emissions-transfers.csv)",
                "path": "../shared/reference/openclimatedata-global-carbon-budget-2019/",
            },
        ],
        "licenses": [
            {
                "name": "GCP-citation",
                "title": "Global Carbon Project terms: use of the data is conditional on citing "
                "the original data sources (Friedlingstein et al. 2019); package metadata "
                "CC0 (openclimatedata)",
                "path": "https://www.globalcarbonproject.org/carbonbudget/",
            }
        ],
    }

    date = "date"
    instruments_res = {
        "name": "paris_instruments",
        "path": "paris_instruments.csv",
        "title": "Paris Agreement instruments of ratification, acceptance, approval and accession",
        "description": (
            "One row per Party that deposited an instrument (status of the source, "
            "2023-02-13: 195 Parties incl. the European Union; Iran, Libya and Yemen had "
            "signed but not ratified). deposit_date is the ORIGINAL deposit: for the United "
            "States 2016-09-03 (the source lists only its 2021 re-acceptance), so that the "
            "2016 entry into force can be recomputed. The United States withdrew (notice "
            "2019-11-04, effective 2020-11-04, Art. 28), accepted again on 2021-01-20 "
            "(effective 2021-02-19, Art. 21.3) and withdrew a second time (notice "
            "2025-01-27, effective 2026-01-27). date_of_effect follows Art. 21.1 and 21.3: "
            "2016-11-04 for instruments deposited by 2016-10-05, otherwise 30 days after "
            "deposit (checked by the curation script). Instruments deposited after "
            "2023-02-13 are not included. Derived by scripts/curate_outcomes.py."
        ),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [
                party,
                iso3,
                _field(
                    "instrument",
                    "string",
                    "Instrument",
                    "Kind of instrument deposited",
                    None,
                    True,
                    ["ratification", "acceptance", "approval", "accession"],
                ),
                _field("deposit_date", date, "Deposit date", "Original deposit", None, True),
                _field(
                    "date_of_effect",
                    date,
                    "Date of effect",
                    "Agreement in force for the Party (Art. 21.1, 21.3)",
                    None,
                    True,
                ),
                _field("withdrawal_notice", date, "Withdrawal notice", "Art. 28.1 notice"),
                _field(
                    "withdrawal_effective",
                    date,
                    "Withdrawal effective",
                    "One year after the notice (Art. 28.2)",
                ),
                _field(
                    "second_deposit_date",
                    date,
                    "Second deposit",
                    "New instrument after a withdrawal",
                ),
                _field(
                    "second_date_of_effect",
                    date,
                    "Second date of effect",
                    "30 days after the second deposit (Art. 21.3)",
                ),
                _field(
                    "second_withdrawal_notice",
                    date,
                    "Second withdrawal notice",
                    "Art. 28.1 notice after the second deposit",
                ),
                _field(
                    "second_withdrawal_effective",
                    date,
                    "Second withdrawal effective",
                    "One year after the second notice (Art. 28.2)",
                ),
                regional,
                source,
                _field("confidence", "string", "Confidence", "Reliability", None, True, _CONF),
                _field("note", "string", "Note", "Caveats"),
            ],
            "primaryKey": ["party"],
        },
        "sources": [
            {
                "title": "UN Treaty Collection, Chapter XXVII-7-d (Paris Agreement status)",
                "path": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&"
                "mtdsg_no=XXVII-7-d&chapter=27",
            },
            {
                "title": "Local copy: openclimatedata/paris-agreement-entry-into-force@b4258e3 "
                "(data/paris-agreement-entry-into-force.csv)",
                "path": "../shared/reference/openclimatedata-paris-agreement-entry-into-force/",
            },
            {
                "title": "UN Spokesperson, noon briefing 28 Jan 2025: US withdrawal notified "
                "27 Jan 2025, effective 27 Jan 2026 (as reported by Xinhua and AFP)",
                "path": "https://press.un.org/en/content/noon-briefing",
            },
        ],
        "licenses": [_CC_BY],
    }

    shares_res = {
        "name": "paris_article21_shares",
        "path": "paris_article21_shares.csv",
        "title": "Paris Agreement Article 21 table: emissions of each Party for entry into force",
        "description": (
            "The UNFCCC's table of 'the most up-to-date amount communicated' of each "
            "Convention Party's total greenhouse-gas emissions, for Art. 21.1 (55 Parties "
            "with at least an estimated 55 % of total global GHG). Gg CO2e and the published "
            "percent of the official total, 37 168 339 Gg. The European Union row "
            "(4 488 404 Gg, 12.10 %) repeats its member States' emissions: it is kept but "
            "flagged regional_organisation=true, and climatelab.outcomes counts the EU once "
            "as a Party and adds no share for it. Without it the Parties sum to "
            "37 168 344 Gg (5 Gg above the printed total: rounding in the table). Brunei "
            "Darussalam, Equatorial Guinea, Libya, Somalia and South Sudan show n/a and are "
            "left out (share 0); the Holy See and the State of Palestine are not in the "
            "table. Data years differ by Party (1990-2013). Derived by "
            "scripts/curate_outcomes.py."
        ),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [
                party,
                iso3,
                _field(
                    "emissions_gg",
                    "integer",
                    "Emissions",
                    "Total GHG emissions communicated (Art. 21 table)",
                    "Gg CO2e",
                    True,
                ),
                _field(
                    "percent_published",
                    "number",
                    "Percent (published)",
                    "Share of 37 168 339 Gg as printed, 2 decimals",
                    "%",
                    True,
                ),
                _field(
                    "data_year",
                    "integer",
                    "Data year",
                    "Year of the emissions figure",
                    "year",
                    True,
                ),
                regional,
                source,
            ],
            "primaryKey": ["party"],
        },
        "sources": [
            {
                "title": "UNFCCC, Paris Agreement - Status of Ratification: Art. 21 table "
                "('10e.pdf', emissions as of 12 Dec 2015)",
                "path": "https://unfccc.int/process/the-paris-agreement/status-of-ratification",
            },
            {
                "title": "Local copy: openclimatedata/paris-agreement-entry-into-force@b4258e3 "
                "(data/paris-agreement-entry-into-force.csv, archive/tabula-table.csv)",
                "path": "../shared/reference/openclimatedata-paris-agreement-entry-into-force/",
            },
        ],
        "licenses": [_CC_BY],
    }

    doha_res = {
        "name": "doha_acceptances",
        "path": "doha_acceptances.csv",
        "title": "Doha Amendment to the Kyoto Protocol: instruments of acceptance",
        "description": (
            "One row per Party that deposited an instrument of acceptance of the Doha "
            "Amendment (second commitment period 2013-2020, decision 1/CMP.8), 147 "
            "acceptances to the source's date (2021-11-14), the European Union included. "
            "Rule (Kyoto Protocol Art. 21.7 with Art. 20.4): an amendment to Annex B enters "
            "into force on the ninetieth day after the Depositary receives instruments of "
            "acceptance from at least three fourths of the Parties to the Protocol: "
            "ceil(0.75 x 192) = 144. The depositary records entry into force on 2020-12-31, "
            "the last day of the period the amendment governed, i.e. the 144th acceptance "
            "received on 2020-10-02 (Nigeria). Counting every instrument in this list, the "
            "144th is Jamaica's, dated 2020-10-01; not counting the EU's instrument as "
            "additional to its member States' (as Kyoto Art. 25.4 does for entry into force) "
            "reproduces the official date; see climatelab.outcomes.doha_status. Cabo Verde "
            "(2022-06-15) and any later acceptances are not in the source. Derived by "
            "scripts/curate_outcomes.py."
        ),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [
                party,
                iso3,
                _field(
                    "acceptance_date",
                    date,
                    "Acceptance",
                    "Date the instrument of acceptance was deposited",
                    None,
                    True,
                ),
                regional,
                source,
            ],
            "primaryKey": ["party"],
        },
        "sources": [
            {
                "title": "UN Treaty Collection, Chapter XXVII-7-c (Doha Amendment status)",
                "path": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&"
                "mtdsg_no=XXVII-7-c&chapter=27",
            },
            {
                "title": "Local copy: openclimatedata/doha-amendment-entry-into-force@86528cd "
                "(data/doha-amendment.csv)",
                "path": "../shared/reference/openclimatedata-doha-amendment-entry-into-force/",
            },
        ],
        "licenses": [_CC_BY],
    }
    return [consumption_res, instruments_res, shares_res, doha_res]


def register(path: Path) -> None:
    """Add or replace this script's resources, by name; leave every other entry alone."""
    with path.open(encoding="utf-8") as fh:
        package = json.load(fh)
    entries = package["resources"]
    for new in resources():
        hits = [i for i, r in enumerate(entries) if r.get("name") == new["name"]]
        if hits:
            entries[hits[0]] = new
        else:
            entries.append(new)
    with path.open("w", encoding="utf-8") as fh:
        json.dump(package, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    print(f"wrote {len(frame)} rows to {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gcb", default=str(REF / "openclimatedata-global-carbon-budget-2019"))
    ap.add_argument(
        "--paris", default=str(REF / "openclimatedata-paris-agreement-entry-into-force")
    )
    ap.add_argument("--doha", default=str(REF / "openclimatedata-doha-amendment-entry-into-force"))
    ap.add_argument("--out", default=str(DATASETS))
    ap.add_argument("--register", action="store_true", help="update datapackage.json")
    args = ap.parse_args(argv)
    out = Path(args.out)
    names = _kyoto_names()
    table = consumption(Path(args.gcb))
    table["territorial_mtco2"] = table["territorial_mtco2"].map(lambda v: f"{v:.3f}")
    table["consumption_mtco2"] = table["consumption_mtco2"].map(lambda v: f"{v:.3f}")
    table["transfer_mtco2"] = table["transfer_mtco2"].map(lambda v: f"{v:.3f}")
    _write(table, out / "consumption_co2.csv")
    instruments, shares = paris(Path(args.paris), names)
    _write(instruments, out / "paris_instruments.csv")
    _write(shares, out / "paris_article21_shares.csv")
    _write(doha(Path(args.doha), names), out / "doha_acceptances.csv")
    if args.register:
        register(out / "datapackage.json")
        print(f"registered {len(resources())} resources in {out / 'datapackage.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
