"""Input checks shared by the model modules.

Every public model function validates its input with these helpers so that bad input
raises ``TypeError``/``ValueError`` with a message naming the field and the value,
and nothing returns NaN silently.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from numbers import Integral, Real

import numpy as np
import pandas as pd

__all__ = [
    "as_date",
    "whole_number",
    "finite_number",
    "in_range",
    "nonnegative",
    "positive",
    "require_columns",
    "numeric_column",
    "unique_column",
]


def finite_number(value: object, field: str) -> float:
    """Return ``value`` as a float; raise if it is not a real, finite number."""
    if isinstance(value, bool) or not isinstance(value, Real | np.number):
        raise TypeError(f"{field} must be a number, got {type(value).__name__}: {value!r}")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{field} must be a finite number, got {value!r}")
    return out


def whole_number(value: object, field: str, low: int, high: int | None = None) -> int:
    """Return ``value`` as an int in ``[low, high]``; raise if it is not a whole number."""
    if isinstance(value, bool) or not isinstance(value, Integral | np.integer):
        raise TypeError(f"{field} must be an integer, got {type(value).__name__}: {value!r}")
    out = int(value)
    if out < low or (high is not None and out > high):
        bound = f"[{low}, {high}]" if high is not None else f">= {low}"
        raise ValueError(f"{field} must be {bound}, got {value!r}")
    return out


def nonnegative(value: object, field: str) -> float:
    out = finite_number(value, field)
    if out < 0:
        raise ValueError(f"{field} must be >= 0, got {value!r}")
    return out


def positive(value: object, field: str) -> float:
    out = finite_number(value, field)
    if out <= 0:
        raise ValueError(f"{field} must be > 0, got {value!r}")
    return out


def in_range(
    value: object,
    field: str,
    low: float,
    high: float,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` if ``low <= value <= high`` (bounds optionally open)."""
    out = finite_number(value, field)
    too_low = out <= low if low_open else out < low
    too_high = out >= high if high_open else out > high
    if too_low or too_high:
        lb = "(" if low_open else "["
        hb = ")" if high_open else "]"
        raise ValueError(f"{field} must be in {lb}{low}, {high}{hb}, got {value!r}")
    return out


def as_date(value: object, field: str) -> pd.Timestamp:
    """Return ``value`` as a normalised ``pd.Timestamp``; raise if it is not a date."""
    if isinstance(value, pd.Timestamp | dt.date | np.datetime64):
        out = pd.Timestamp(value)
    elif isinstance(value, str):
        try:
            out = pd.Timestamp(dt.date.fromisoformat(value))
        except ValueError:
            raise ValueError(f"{field} must be an ISO date (YYYY-MM-DD), got {value!r}") from None
    else:
        raise TypeError(f"{field} must be a date, got {type(value).__name__}: {value!r}")
    if pd.isna(out):
        raise ValueError(f"{field} must be a date, got {value!r}")
    return out.normalize()


def require_columns(frame: object, columns: Iterable[str], name: str) -> pd.DataFrame:
    """Check that ``frame`` is a DataFrame with ``columns``; return it."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")
    return frame


def numeric_column(
    frame: pd.DataFrame, column: str, name: str, *, minimum: float | None = None
) -> np.ndarray:
    """Return ``frame[column]`` as a float array; raise on text, NaN, inf or values < minimum."""
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name}: column {column!r} must hold finite numbers; row {i} has "
            f"{frame[column].iloc[i]!r}"
        )
    if minimum is not None and (values < minimum).any():
        i = int(np.flatnonzero(values < minimum)[0])
        raise ValueError(
            f"{name}: column {column!r} must be >= {minimum}; row {i} has {values[i]!r}"
        )
    return values


def unique_column(frame: pd.DataFrame, column: str, name: str) -> None:
    """Raise if ``frame[column]`` repeats a value."""
    dup = frame[column].duplicated()
    if dup.any():
        raise ValueError(
            f"{name}: column {column!r} repeats value {frame.loc[dup, column].iloc[0]!r}"
        )
