"""Manual check: an explorer works live in JupyterLab (offline), end to end.

Starts JupyterLab on 127.0.0.1, opens a notebook in headless Chromium (Debian's
``chromium``), runs all cells, checks that the explorer's chart drew and that moving its
first slider changes the Python readout under it, and saves screenshots.

    make lab-check                      # or:
    .venv/bin/python scripts/check_lab.py part4/peak.ipynb

Needs the ``[lab,test]`` extras. Not part of ``make test``: JupyterLab is not installed
there, and a full Lab session is slow on a 2-core machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8899


def main(notebook: str = "part4/peak.ipynb") -> int:
    from playwright.sync_api import sync_playwright

    # a copy, so that Lab's autosave and checkpoints never touch the committed notebooks
    work = Path(tempfile.mkdtemp(prefix="climatelab-lab-check-"))
    shutil.copytree(ROOT / "book", work / "book")
    lab = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            f"--port={PORT}",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.token=",
            "--ServerApp.password=",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        cwd=ROOT / "book",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/lab", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"http://127.0.0.1:{PORT}/lab/tree/{notebook}")
            page.wait_for_selector(".jp-Notebook", timeout=60000)
            page.locator(".jp-Notebook").click()
            page.get_by_role("menuitem", name="Run").click()
            page.get_by_text("Run All Cells", exact=True).click()
            page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=120000)
            readout = page.locator(".widget-html-content").filter(has_text="Python model")
            readout.first.wait_for(timeout=60000)
            before = readout.first.inner_text()
            page.locator(
                ".widget-slider .ui-slider-handle, .widget-hslider .noUi-handle"
            ).first.click()
            for _ in range(30):
                page.keyboard.press("ArrowRight")
            time.sleep(3)
            after = readout.first.inner_text()
            page.screenshot(path="lab-check.png")
            browser.close()
        print(f"readout before: {before}\nreadout after:  {after}\npage errors: {errors}")
        ok = before != after and not errors
        print("OK: the live explorer responds" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        lab.terminate()
        lab.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
