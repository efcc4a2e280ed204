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

os.environ["CLIMATELAB_STATIC"] = "1"
os.environ.setdefault("HYPOTHESIS_PROFILE", "ci")

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
