"""Course speed figures: import time, explorer callbacks, notebooks, book builds.

    python benchmarks/run_all.py            # everything (a few minutes on 2 cores)
    python benchmarks/run_all.py --quick    # skip the book builds

Figures are printed, not asserted: timing belongs in a benchmark, not in the tests.
Targets (issue 2): ``import climatelab`` < 0.3 s; all notebooks together < 60 s; a cached
book rebuild < 15 s; explorer callbacks far under 100 ms.
"""

from __future__ import annotations

import argparse
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


def callbacks(moves: int = 300) -> None:
    os.environ["CLIMATELAB_STATIC"] = "1"
    sys.path.insert(0, str(ROOT))
    from climatelab import timeline, widgets

    events = timeline.events()
    markers = widgets.emissions_markers()
    cases = {
        "timeline_view": [
            lambda i=i: widgets.timeline_view(
                events,
                category=("all", "science", "treaty", "conference")[i % 4],
                years=(1945 + i % 40, 2026),
            )
            for i in range(moves)
        ],
        "emissions_view": [
            lambda i=i: widgets.emissions_view(
                ("OWID_WRL", "CHN", "USA")[: 1 + i % 3],
                start=1990 + i % 30,
                index=bool(i % 2),
                markers=markers,
            )
            for i in range(moves)
        ],
    }
    for name, calls in cases.items():
        calls[0]().to_dict()  # warm-up
        times = []
        for call in calls:
            start = time.perf_counter()
            call().to_dict(validate=False)  # model + specification, as the live callback does
            times.append(time.perf_counter() - start)
        print(
            f"{name}: median {statistics.median(times) * 1000:.1f} ms, "
            f"worst {max(times) * 1000:.1f} ms over {len(times)} simulated moves"
        )


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
    jb = str(Path(PY).parent / "jupyter-book")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cmd = [
            jb,
            "build",
            str(ROOT),
            "--path-output",
            str(out),
            "--builder",
            "html",
            "-n",
            "-W",
            "--keep-going",
        ]
        clean = _run(cmd)
        cached = _run(cmd)
        shutil.rmtree(out / "_build" / "html")
        html_only = _run(cmd)
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
