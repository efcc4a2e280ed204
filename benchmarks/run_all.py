"""Course speed figures: import time, explorer callbacks, notebooks, book builds.

    python benchmarks/run_all.py            # everything (a few minutes on 2 cores)
    python benchmarks/run_all.py --quick    # skip the book builds

Figures are printed, not asserted: timing belongs in a benchmark, not in the tests.
Targets (issue 2): ``import climatelab`` < 0.3 s; all notebooks together < 60 s; a cached
book rebuild < 15 s; explorer callbacks far under 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _run(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    return time.perf_counter() - start


def import_time(repeats: int = 7) -> None:
    code = "import time; t=time.perf_counter(); import climatelab; print(time.perf_counter()-t)"
    times = [
        float(subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(repeats)
    ]
    data_code = (
        "import time; t=time.perf_counter(); import climatelab.data as d; d.load('cops');"
        "print(time.perf_counter()-t)"
    )
    first_load = float(
        subprocess.run([PY, "-c", data_code], check=True, capture_output=True, text=True).stdout
    )
    print(
        f"import climatelab: median {statistics.median(times) * 1000:.1f} ms "
        f"(worst {max(times) * 1000:.1f} ms; target < 300 ms)"
    )
    print(f"import climatelab.data + first load('cops') (pandas): {first_load * 1000:.0f} ms")


EXPLORERS = [
    "timeline_explorer",
    "emissions_explorer",
    "allocation_explorer",
    "entry_into_force_explorer",
    "two_party_explorer",
    "kyoto_market_explorer",
    "intensity_explorer",
    "peak_explorer",
    "outcomes_explorer",
]


def _moves(widget, n: int) -> list:
    """n values to step a control through: along a slider, round a menu, on/off a box."""
    if isinstance(widget.value, bool):
        return [bool(i % 2 == 0) for i in range(n)]
    if isinstance(widget.value, dt.date):  # a date picker: a deposit moved by whole months
        return [widget.value + dt.timedelta(days=30 * ((i * 7) % 12)) for i in range(n)]
    if isinstance(widget.value, int | float) and getattr(widget, "max", None) is not None:
        lo, hi = widget.min, widget.max
        return [type(widget.value)(lo + (hi - lo) * ((i * 7) % 10) / 10) for i in range(n)]
    if hasattr(widget, "options") and not isinstance(widget.value, tuple):
        opts = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return [opts[i % len(opts)] for i in range(n)]
    if hasattr(widget, "options"):  # a multiple selection: one to three entries
        opts = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return [tuple(opts[(i + k) % len(opts)] for k in range(1 + i % 3)) for i in range(n)]
    return []


def callbacks(moves: int = 200) -> None:
    """Simulated slider moves through each live explorer (as in JupyterLab, minus the
    browser): the time from setting a control to the chart widget holding its new state."""
    os.environ["CLIMATELAB_STATIC"] = "0"
    sys.path.insert(0, str(ROOT))
    from climatelab import charts, widgets

    charts.use_renderer()
    for name in EXPLORERS:
        box = getattr(widgets, name)()
        controls = box.children[0].children
        times = []
        for control in controls:
            initial = control.value
            for value in _moves(control, moves // max(1, len(controls))):
                start = time.perf_counter()
                control.value = value
                times.append(time.perf_counter() - start)
            control.value = initial  # one control at a time, the others at their defaults
        times.sort()
        print(
            f"{name}: median {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {times[int(0.95 * (len(times) - 1))] * 1000:.1f} ms, "
            f"worst {times[-1] * 1000:.1f} ms over {len(times)} moves"
        )
    os.environ["CLIMATELAB_STATIC"] = "1"


def notebooks() -> None:
    import nbformat
    from nbclient import NotebookClient

    os.environ["CLIMATELAB_STATIC"] = "1"
    total = 0.0
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        took = time.perf_counter() - start
        total += took
        print(f"  {path.relative_to(ROOT)}: {took:.1f} s")
    print(f"all notebooks: {total:.1f} s (target < 60 s)")


def book_builds() -> None:
    """A clean build in a fresh copy of the tracked files, then cached rebuilds there."""
    jb = str(Path(PY).parent / "jupyter-book")
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True)
        .stdout.decode()
        .split("\0")
    )
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "course"
        for name in filter(None, files):
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        cmd = [jb, "build", str(copy), "--builder", "html", "-n", "-W", "--keep-going"]
        # run inside the copy: _config.yml's cache path is relative to the working folder
        clean = _run(cmd, cwd=copy)
        cached = _run(cmd, cwd=copy)
        shutil.rmtree(copy / "_build" / "html")
        html_only = _run(cmd, cwd=copy)
    print(
        f"book build: clean {clean:.1f} s, cached (no change) {cached:.1f} s, "
        f"cached notebooks + fresh HTML {html_only:.1f} s (target cached < 15 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip notebooks and builds")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    import_time()
    callbacks()
    if not args.quick:
        notebooks()
        book_builds()


if __name__ == "__main__":
    main()
