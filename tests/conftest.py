"""Shared test set-up.

Notebooks run by nbval execute in kernels started from this process: setting
``CLIMATELAB_STATIC`` here makes them use the deterministic ``html`` renderer and the
static (Vega-Lite) versions of the explorers, exactly as the book build does.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

os.environ["CLIMATELAB_STATIC"] = "1"

# Property tests: no wall-clock deadline (a loaded 2-core CI machine is slow), and in CI a
# derandomized run so that a submission's result does not depend on the draw.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
SEED = ROOT.parent / "shared" / "seed" / "magazine-issue.md"


@pytest.fixture
def datasets_copy(tmp_path, monkeypatch):
    """A private copy of datasets/ that a test may corrupt; climatelab reads it instead."""
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS, copy)
    monkeypatch.setenv("CLIMATELAB_DATASETS", str(copy))
    return copy


def walk(node, found=None) -> list:
    """Every dict inside a nested Vega-Lite spec or scenegraph, depth first."""
    found = [] if found is None else found
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            walk(value, found)
    elif isinstance(node, list):
        for value in node:
            walk(value, found)
    return found


def spec_params(spec: dict) -> dict:
    """Every parameter of a chart specification, by name."""
    return {p["name"]: p for node in walk(spec) for p in node.get("params", [])}


def scene_texts(scenegraph: dict) -> list[str]:
    """The text marks drawn in a Vega scenegraph (from vl_convert.vegalite_to_scenegraph)."""
    return [n["text"] for n in walk(scenegraph) if isinstance(n.get("text"), str)]


@pytest.fixture
def live(monkeypatch):
    """Run a test as in a live kernel (ipywidgets + the offline jupyter renderer)."""
    pytest.importorskip("anywidget")
    from climatelab import charts

    monkeypatch.setenv("CLIMATELAB_STATIC", "0")
    charts.use_renderer()
    yield
    monkeypatch.setenv("CLIMATELAB_STATIC", "1")
    charts.use_renderer()
