"""climatelab.data: the registry, schema checks on load, and the datasets themselves."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import DATASETS, ROOT

from climatelab import data

FACT_TABLES = [
    name
    for name in data.names()
    if "source" in [f["name"] for f in data.describe(name)["schema"]["fields"]]
]


def test_catalog_lists_every_resource_with_rows_source_and_license():
    catalog = data.catalog()
    assert list(catalog.columns) == ["name", "title", "rows", "source", "license"]
    package = json.loads((DATASETS / "datapackage.json").read_text("utf-8"))
    assert sorted(catalog["name"]) == sorted(r["name"] for r in package["resources"])
    for _, row in catalog.iterrows():
        assert row["rows"] > 0, row["name"]
        assert row["source"].strip(), f"{row['name']} has no source"
        assert row["license"].strip(), f"{row['name']} has no license"


def test_every_csv_in_datasets_is_described():
    described = {
        r["path"] for r in json.loads((DATASETS / "datapackage.json").read_text())["resources"]
    }
    on_disk = {p.name for p in DATASETS.glob("*.csv")}
    assert on_disk == described


def test_package_validates_with_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATASETS / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:10]


@pytest.mark.parametrize("name", data.names())
def test_load_applies_schema_types_and_unique_primary_key(name):
    resource = data.describe(name)
    frame = data.load(name)
    assert list(frame.columns) == [f["name"] for f in resource["schema"]["fields"]]
    for field in resource["schema"]["fields"]:
        col = frame[field["name"]]
        if field["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(col), field["name"]
        elif field["type"] in ("integer", "number"):
            assert pd.api.types.is_numeric_dtype(col), field["name"]
        elif field["type"] == "boolean":
            assert pd.api.types.is_bool_dtype(col), field["name"]
    key = resource["schema"].get("primaryKey")
    if key:
        assert not frame.duplicated(subset=key if isinstance(key, list) else [key]).any()


@pytest.mark.parametrize("name", FACT_TABLES)
def test_every_fact_row_has_a_source(name):
    frame = data.load(name)
    empty = frame["source"].isna() | (frame["source"].astype(str).str.strip() == "")
    assert not empty.any(), f"{name}: rows without a source: {frame.index[empty].tolist()[:5]}"


def test_confidence_values_are_from_the_enum():
    for name in FACT_TABLES:
        frame = data.load(name)
        if "confidence" in frame.columns:
            values = set(frame["confidence"].dropna())
            assert values <= {"high", "medium", "low"}, (name, values)


def test_dates_load_as_datetime64():
    cops = data.load("cops")
    assert cops["start"].dtype == "datetime64[ns]"
    assert cops.loc[cops["session"] == "COP3", "start"].iloc[0] == pd.Timestamp("1997-12-01")


def test_unknown_name_lists_the_available_names():
    with pytest.raises(data.DatasetError) as err:
        data.load("co2_emisions")
    message = str(err.value)
    assert "co2_emisions" in message
    for name in ("cops", "milestones", "fossil_co2"):
        assert name in message


def test_non_string_name_is_a_type_error():
    with pytest.raises(TypeError, match="name must be a str"):
        data.load(3)


def test_loaded_frame_is_a_copy():
    first = data.load("cops")
    first.loc[0, "city"] = "Tokyo"
    assert data.load("cops").loc[0, "city"] == "Berlin"


def _rewrite(path, old, new, count=1):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), "utf-8")


def test_corrupted_date_gives_a_clear_error_and_leaves_the_original(datasets_copy):
    original = (DATASETS / "cops.csv").read_bytes()
    _rewrite(datasets_copy / "cops.csv", "1997-12-01", "1997-13-01")
    with pytest.raises(data.DatasetError, match=r"'cops'.*'start'.*'1997-13-01'.*date"):
        data.load("cops")
    assert (DATASETS / "cops.csv").read_bytes() == original


def test_corrupted_number_names_field_and_value(datasets_copy):
    _rewrite(datasets_copy / "fossil_co2.csv", "22728.989", "22,728.989")
    with pytest.raises(data.DatasetError, match=r"'fossil_co2'"):
        data.load("fossil_co2")


def test_missing_column_is_reported(datasets_copy):
    path = datasets_copy / "milestones.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["category"])
    frame.to_csv(path, index=False)
    with pytest.raises(data.DatasetError, match=r"missing: \['category'\]"):
        data.load("milestones")


def test_duplicate_primary_key_is_reported(datasets_copy):
    path = datasets_copy / "cops.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), "utf-8")
    with pytest.raises(data.DatasetError, match=r"primary key.*COP1"):
        data.load("cops")


def test_enum_violation_is_reported(datasets_copy):
    _rewrite(datasets_copy / "milestones.csv", ",science,", ",astrology,")
    with pytest.raises(data.DatasetError, match=r"'category'.*'astrology'"):
        data.load("milestones")


def test_required_value_missing_is_reported(datasets_copy):
    _rewrite(datasets_copy / "cops.csv", ",Kyoto,", ",,")
    with pytest.raises(data.DatasetError, match=r"'city' is required"):
        data.load("cops")


def test_bad_override_folder_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIMATELAB_DATASETS", str(tmp_path))
    with pytest.raises(data.DatasetError, match="CLIMATELAB_DATASETS"):
        data.load("cops")


@pytest.mark.slow
def test_installed_wheel_ships_the_datasets(tmp_path):
    """A non-editable install works outside the checkout (datasets inside the wheel)."""
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(dist.glob("climatelab-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    code = (
        "import climatelab, climatelab.data as d;"
        "print(climatelab.__file__);"
        "print(d.datasets_dir());"
        "print(len(d.load('cops')), d.load('cops')['start'].dtype)"
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=outside,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(target)), out
    assert out[1] == str(target / "climatelab" / "datasets"), out
    assert out[2] == f"{len(data.load('cops'))} datetime64[ns]"
