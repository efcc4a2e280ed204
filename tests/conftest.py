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
