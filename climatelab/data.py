"""The dataset registry: curated CSVs described by a Frictionless Data Package.

``datasets/datapackage.json`` lists every resource with a Table Schema (field names,
types, units, primary key), its sources and its license. :func:`load` reads a resource,
checks it against its schema and returns a typed :class:`pandas.DataFrame` (``date``
fields become ``datetime64``). Nothing here ever writes to ``datasets/``.

The folder is found in an installed wheel (``climatelab/datasets``, shipped by the build)
or, in a source checkout, at the repository root (``datasets/``). Set the environment
variable ``CLIMATELAB_DATASETS`` to use another copy (the tests do, to check that a
corrupted copy gives a clear error).
"""

from __future__ import annotations

import json
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["DatasetError", "catalog", "datasets_dir", "describe", "load", "names"]

_PACKAGE = "datapackage.json"
_TYPES = {"string", "integer", "number", "boolean", "date"}


class DatasetError(ValueError):
    """A dataset is missing, unknown or does not match its schema."""


def datasets_dir() -> Path:
    """Return the folder holding ``datapackage.json`` and the CSV files."""
    override = os.environ.get("CLIMATELAB_DATASETS")
    if override:
        path = Path(override)
        if not (path / _PACKAGE).is_file():
            raise DatasetError(f"CLIMATELAB_DATASETS={override!r}: no {_PACKAGE} in that folder")
        return path
    here = Path(__file__).resolve().parent
    for candidate in (here / "datasets", here.parent / "datasets"):
        if (candidate / _PACKAGE).is_file():
            return candidate
    raise DatasetError(
        f"cannot find {_PACKAGE}: looked in {here / 'datasets'} and {here.parent / 'datasets'}"
    )


@lru_cache(maxsize=8)
def _package(folder: Path, _mtime_ns: int) -> dict[str, Any]:
    path = folder / _PACKAGE
    try:
        with path.open(encoding="utf-8") as fh:
            package = json.load(fh)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(package.get("resources"), list):
        raise DatasetError(f"{path}: field 'resources' must be a list")
    return package


def _resources() -> dict[str, dict[str, Any]]:
    folder = datasets_dir()
    package = _package(folder, (folder / _PACKAGE).stat().st_mtime_ns)
    return {r["name"]: r for r in package["resources"]}


def names() -> list[str]:
    """Names of every dataset in the package, sorted."""
    return sorted(_resources())


def describe(name: str) -> dict[str, Any]:
    """The package entry (title, description, schema, sources, license) for ``name``."""
    resources = _resources()
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}: {name!r}")
    if name not in resources:
        raise DatasetError(
            f"unknown dataset name={name!r}; available: {', '.join(sorted(resources))}"
        )
    return resources[name]


def load(name: str) -> pd.DataFrame:
    """Load dataset ``name`` as a typed DataFrame, checked against its Table Schema.

    Raises :class:`DatasetError` (a ``ValueError``) naming the dataset, the field and
    the bad value when a column is missing, a value does not parse as its declared type,
    a required value is empty, an enum constraint is broken, or the primary key repeats.
    The result is a fresh copy: changing it never changes the file or later loads.
    """
    resource = describe(name)
    folder = datasets_dir()
    return _load_cached(str(folder), name, (folder / resource["path"]).stat().st_mtime_ns).copy()


@lru_cache(maxsize=64)
def _load_cached(folder: str, name: str, _mtime: int) -> pd.DataFrame:
    resource = _resources()[name]
    path = Path(folder) / resource["path"]
    try:
        with warnings.catch_warnings():
            # a row with more fields than the header is an error, never a silent index
            warnings.simplefilter("error", pd.errors.ParserWarning)
            raw = pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding="utf-8", index_col=False
            )
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.ParserWarning) as exc:
        raise DatasetError(f"dataset {name!r}: cannot read {path}: {exc}") from exc
    return _apply_schema(name, raw, resource["schema"])


def _apply_schema(name: str, raw: pd.DataFrame, schema: dict[str, Any]) -> pd.DataFrame:
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        raise DatasetError(
            f"dataset {name!r}: columns do not match the schema (missing: {missing}, "
            f"unexpected: {extra})"
        )
    out = {}
    for field in fields:
        col = field["name"]
        ftype = field.get("type", "string")
        if ftype not in _TYPES:
            raise DatasetError(f"dataset {name!r}: field {col!r} has unsupported type {ftype!r}")
        text = raw[col].str.strip()
        empty = text == ""
        constraints = field.get("constraints", {})
        if constraints.get("required") and empty.any():
            row = int(empty.to_numpy().nonzero()[0][0])
            raise DatasetError(
                f"dataset {name!r}: field {col!r} is required but empty in data row {row + 1}"
            )
        out[col] = _convert(name, col, ftype, text, empty)
        allowed = constraints.get("enum")
        if allowed is not None:
            bad = ~empty & ~text.isin([str(a) for a in allowed])
            if bad.any():
                value = text[bad].iloc[0]
                raise DatasetError(
                    f"dataset {name!r}: field {col!r} has value {value!r}, not one of {allowed}"
                )
    frame = pd.DataFrame(out)
    key = schema.get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else list(key)
        dup = frame.duplicated(subset=key, keep=False)
        if dup.any():
            value = frame.loc[dup, key].iloc[0].tolist()
            raise DatasetError(f"dataset {name!r}: primary key {key} repeats value {value}")
    return frame


def _convert(name: str, col: str, ftype: str, text: pd.Series, empty: pd.Series) -> pd.Series:
    if ftype == "string":
        return text.where(~empty, None).astype(object)
    if ftype == "boolean":
        lowered = text.str.lower()
        ok = lowered.isin(["true", "false"]) | empty
        _check(name, col, ftype, text, ok)
        values = lowered.map({"true": True, "false": False})
        return values.astype("boolean")
    if ftype == "date":
        parsed = pd.to_datetime(text.where(~empty, None), format="%Y-%m-%d", errors="coerce")
        _check(name, col, ftype, text, parsed.notna() | empty)
        return parsed.astype("datetime64[ns]")
    parsed = pd.to_numeric(text.where(~empty, None), errors="coerce")
    _check(name, col, ftype, text, parsed.notna() | empty)
    if ftype == "integer":
        whole = parsed.dropna()
        _check(name, col, ftype, text, (parsed.isna()) | (parsed == parsed.round()))
        if empty.any():
            return parsed.astype("Int64")
        return whole.astype("int64").reindex(parsed.index)
    return parsed.astype("float64")


def _check(name: str, col: str, ftype: str, text: pd.Series, ok: pd.Series) -> None:
    if not ok.all():
        bad = text[~ok.to_numpy()]
        row = int(bad.index[0])
        raise DatasetError(
            f"dataset {name!r}: field {col!r} has value {bad.iloc[0]!r} in data row {row + 1}, "
            f"which is not a valid {ftype}"
        )


def catalog() -> pd.DataFrame:
    """One row per dataset: name, title, rows, source, license."""
    rows = []
    for name, resource in sorted(_resources().items()):
        sources = "; ".join(s.get("title", "") for s in resource.get("sources", []))
        licenses = "; ".join(
            lic.get("name", lic.get("title", "")) for lic in resource.get("licenses", [])
        )
        rows.append(
            {
                "name": name,
                "title": resource.get("title", ""),
                "rows": len(load(name)),
                "source": sources,
                "license": licenses,
            }
        )
    return pd.DataFrame(rows, columns=["name", "title", "rows", "source", "license"])
