"""Notebook hygiene: outputs stripped except pinned cells, one skeleton for every chapter.

The notebooks themselves are executed by nbval (``pytest`` collects ``book/**/*.ipynb``
with ``--nbval-lax``: only cells marked ``# NBVAL_CHECK_OUTPUT`` are compared, so a
changed key result fails the run).
"""

from __future__ import annotations

import json
import re
import sys

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import nbtool  # noqa: E402

NOTEBOOKS = sorted(
    p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
CHAPTERS = [p for p in NOTEBOOKS if p.parent.name.startswith("part")]


def _toc_files() -> set[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8"))
    files = {toc["root"]}
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            files.add(chapter["file"])
    return files


def test_there_are_notebooks():
    assert len(CHAPTERS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_outputs_stripped_except_pinned_cells(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    assert nbtool.problems(path, nb) == []
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.outputs:
                assert out.get("output_type") != "error", f"{path}: a stored error"
                assert "application/vnd.jupyter.widget-view+json" not in out.get("data", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_downloads_or_installs_in_notebooks(path):
    text = path.read_text("utf-8")
    source = "\n".join(
        "".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "code"
    )
    assert not re.search(r"pip install|!pip|%pip|conda install", source)
    assert not re.search(r"https?://", source), "code cells must not read from URLs"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_chapter_follows_the_skeleton(path):
    nb = json.loads(path.read_text("utf-8"))
    headings = [
        line.strip()
        for c in nb["cells"]
        if c["cell_type"] == "markdown"
        for line in "".join(c["source"]).splitlines()
        if line.startswith("#")
    ]
    assert headings[0].startswith("# "), "first cell is the title"
    for required in (
        "## Overview",
        "## Prerequisites",
        "## Imports",
        "## Exercises",
        "## Summary",
        "## What's next",
    ):
        assert required in headings, f"{path.name}: missing '{required}'"
    numbered = [h for h in headings if re.match(r"## \d+\. ", h)]
    assert len(numbered) >= 2, f"{path.name}: needs numbered sections"
    text = path.read_text("utf-8")
    assert "Time to learn" in text
    assert "exercise-start" in text and "solution-start" in text


def test_every_book_page_is_in_the_toc():
    pages = {
        str(p.relative_to(ROOT).with_suffix(""))
        for p in (ROOT / "book").rglob("*")
        if p.suffix in (".md", ".ipynb") and ".ipynb_checkpoints" not in p.parts
    }
    assert pages == _toc_files()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_math_markup(path):
    """Math would make Sphinx load MathJax from a CDN: the course writes formulas in text."""
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not re.search(r"\$[^$\n]+\$|\{math\}|```\{math", text), text[:200]
