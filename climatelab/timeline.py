"""COP sessions and the milestones of climate diplomacy.

Backed by the curated datasets ``cops`` (UNFCCC session reports, FCCC/CP/yyyy/n) and
``milestones``; see ``climatelab.data.catalog()`` for their sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from climatelab import data

__all__ = ["CATEGORIES", "Cop", "cop", "cops", "events", "milestones", "overrun_days"]

CATEGORIES: tuple[str, ...] = ("science", "conference", "treaty", "entry into force")


@dataclass(frozen=True)
class Cop:
    """One session of the Conference of the Parties (COP) to the UNFCCC."""

    session: str
    number: int
    city: str
    country: str
    start: pd.Timestamp
    end: pd.Timestamp
    scheduled_end: pd.Timestamp
    outcome: str

    @property
    def days(self) -> int:
        """Length of the session in days, first and last day included."""
        return int((self.end - self.start).days) + 1

    @property
    def overrun_days(self) -> int:
        """Days the session ran past its scheduled closing date (0 if on time)."""
        return max(0, int((self.end - self.scheduled_end).days))


def cops() -> pd.DataFrame:
    """One row per COP session, COP1 (Berlin, 1995) onwards, including the resumed COP6.

    Columns include ``session``, ``number``, ``resumed``, ``city``, ``country``,
    ``start``, ``scheduled_end``, ``end`` (``datetime64``), ``outcome``, ``source``.
    Sorted by start date.
    """
    return data.load("cops").sort_values("start", kind="stable").reset_index(drop=True)


def cop(n: int, *, resumed: bool = False) -> Cop:
    """The COP session with number ``n`` (``resumed=True`` for COP6's resumed part in Bonn).

    Raises ``ValueError`` for a number that is not a COP in the dataset.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int (the COP number), got {type(n).__name__}: {n!r}")
    table = cops()
    rows = table[(table["number"] == n) & (table["resumed"] == resumed)]
    if rows.empty:
        known = sorted(set(table["number"]))
        raise ValueError(
            f"no COP with number n={n!r} (resumed={resumed}); known: {known[0]}..{known[-1]}"
        )
    row = rows.iloc[0]
    return Cop(
        session=row["session"],
        number=int(row["number"]),
        city=row["city"],
        country=row["country"],
        start=row["start"],
        end=row["end"],
        scheduled_end=row["scheduled_end"],
        outcome=row["outcome"],
    )


def overrun_days(table: pd.DataFrame | None = None) -> pd.Series:
    """Days each session ran past its scheduled close, indexed by session."""
    table = cops() if table is None else table
    days = (table["end"] - table["scheduled_end"]).dt.days.clip(lower=0)
    return pd.Series(days.to_numpy(), index=table["session"], name="overrun_days")


def milestones(category: str | None = None) -> pd.DataFrame:
    """Milestones of climate science and diplomacy, sorted by date.

    ``category`` filters to one of :data:`CATEGORIES`.
    """
    table = data.load("milestones").sort_values("date", kind="stable").reset_index(drop=True)
    if category is None:
        return table
    if category not in CATEGORIES:
        raise ValueError(f"category={category!r} is not one of {CATEGORIES}")
    return table[table["category"] == category].reset_index(drop=True)


def events() -> pd.DataFrame:
    """Milestones and COP sessions in one table for a timeline chart.

    Columns: ``date``, ``end``, ``category``, ``title_en``, ``title_zh``,
    ``description_en``, ``place``, ``source``. COP sessions are category ``conference``.
    """
    ms = milestones()
    ms = ms.assign(end=ms["date"])[
        ["date", "end", "category", "title_en", "title_zh", "description_en", "place", "source"]
    ]
    cp = cops()
    label = cp["session"].str.replace("-bis", " (resumed)", regex=False)
    cop_rows = pd.DataFrame(
        {
            "date": cp["start"],
            "end": cp["end"],
            "category": "conference",
            "title_en": label + ", " + cp["city"],
            "title_zh": "第" + cp["number"].astype(str) + "次缔约方大会（" + cp["city"] + "）",
            "description_en": cp["outcome"],
            "place": cp["city"] + ", " + cp["country"],
            "source": cp["source"],
        }
    )
    out = pd.concat([ms, cop_rows], ignore_index=True)
    return out.sort_values("date", kind="stable").reset_index(drop=True)
