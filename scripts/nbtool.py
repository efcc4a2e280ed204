"""Maintain the course notebooks: strip outputs, or re-run and re-pin key results.

    python scripts/nbtool.py strip   book/**/*.ipynb   # drop outputs except pinned cells
    python scripts/nbtool.py refresh book/part1/*.ipynb  # execute, keep only pinned outputs
    python scripts/nbtool.py check   book/**/*.ipynb   # exit 1 if a notebook breaks the rules

A *pinned* cell starts with the line ``# NBVAL_CHECK_OUTPUT``: nbval compares its stored
output with a fresh run, so its output is committed; every other output is stripped.
``refresh`` executes with ``CLIMATELAB_STATIC=1`` (the book-build renderer) so that what is
pinned is what the book shows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

MARK = "# NBVAL_CHECK_OUTPUT"


def is_pinned(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and cell.source.lstrip().startswith(MARK)


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if not is_pinned(cell):
            # nbval treats a cell without an execution count as unrun: pinned cells keep theirs
            cell.execution_count = None
            cell.outputs = []
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def problems(path: Path, nb: nbformat.NotebookNode) -> list[str]:
    found = []
    pinned = [c for c in nb.cells if is_pinned(c)]
    if not pinned:
        found.append(f"{path}: no '{MARK}' cell")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.get("outputs") and not is_pinned(cell):
            found.append(f"{path}: cell {i} stores output but is not pinned")
        if is_pinned(cell) and not cell.get("outputs"):
            found.append(f"{path}: pinned cell {i} has no stored output")
        if cell.cell_type == "code" and not is_pinned(cell) and cell.execution_count is not None:
            found.append(f"{path}: cell {i} stores an execution count")
    if "widgets" in nb.metadata:
        found.append(f"{path}: saved widget state in metadata")
    return found


def refresh(path: Path) -> None:
    from nbclient import NotebookClient

    os.environ["CLIMATELAB_STATIC"] = "1"
    nb = nbformat.read(path, as_version=4)
    strip(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(strip(nb), path)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"strip", "refresh", "check"}:
        print(__doc__)
        return 2
    command, paths = argv[0], [Path(p) for p in argv[1:]]
    bad: list[str] = []
    for path in paths:
        if command == "refresh":
            refresh(path)
            print(f"refreshed {path}")
        elif command == "strip":
            nb = nbformat.read(path, as_version=4)
            nbformat.write(strip(nb), path)
        else:
            bad += problems(path, nbformat.read(path, as_version=4))
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
