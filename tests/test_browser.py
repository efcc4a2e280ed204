"""The built site in a real browser: charts draw, controls work, nothing leaves the site.

Serves ``_build/html`` on 127.0.0.1 and opens it in headless Chromium (Debian's
``chromium``, driven by Playwright through its executable path; no browser download).
``make test`` builds the site first; run ``make book`` before running this file alone.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from urllib.parse import urlparse

import pytest
from conftest import ROOT

SITE = ROOT / "_build" / "html"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _pages_calling(pattern: str) -> set[str]:
    """Pages of notebooks whose code matches ``pattern``."""
    pages = set()
    for nb in (ROOT / "book").rglob("*.ipynb"):
        if ".ipynb_checkpoints" in nb.parts:
            continue
        cells = json.loads(nb.read_text("utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        if re.search(pattern, code):
            pages.add(str(nb.relative_to(ROOT).with_suffix(".html")))
    return pages


# Pages that draw a chart (an explorer or a chart builder) must get the offline bundle;
# pages with an explorer must have at least one chart whose control changes the drawing.
EXPECTED_CHART_PAGES = _pages_calling(r"\b(widgets|charts)\.\w+_(explorer|chart|browser)\(")
EXPLORER_PAGES = _pages_calling(r"\bwidgets\.\w+_explorer\(")

pytestmark = pytest.mark.browser


def _chromium() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail("Debian's chromium is needed for the browser tests (.ci/run installs it)")
    return path


@pytest.fixture(scope="module")
def site():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site in {SITE}: run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _pages() -> list[str]:
    return sorted(
        str(p.relative_to(SITE))
        for p in SITE.rglob("*.html")
        if not {"_static", "_sources", ".ipynb_checkpoints"} & set(p.parts)
    )


def _chart_pages() -> list[str]:
    return [p for p in _pages() if "climatelab/vega-bundle.js" in (SITE / p).read_text("utf-8")]


class _Visit:
    """Open a page, recording every request host and every console error."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until="load")

    def outside(self) -> list[str]:
        bad = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname != "127.0.0.1":
                bad.append(url)
        return bad


def test_chart_pages_are_the_expected_ones():
    assert {"book/part1/timeline.html", "book/part1/emissions.html"} <= EXPECTED_CHART_PAGES
    pages = set(_chart_pages())
    missing = EXPECTED_CHART_PAGES - pages
    assert not missing, f"pages without the offline Vega bundle: {sorted(missing)}"
    assert "book/intro.html" not in pages, "the bundle must be added only to pages with charts"


def test_every_page_stays_on_the_site(site, browser):
    for page in _pages():
        visit = _Visit(browser, f"{site}/{page}")
        visit.page.wait_for_timeout(100)
        assert visit.outside() == [], f"{page} requested {visit.outside()}"
        visit.page.close()


@pytest.mark.parametrize("page", sorted(EXPECTED_CHART_PAGES))
def test_charts_draw_and_respond(site, browser, page):
    visit = _Visit(browser, f"{site}/{page}")
    containers = visit.page.locator("div[id^='altair-viz-']")
    count = containers.count()
    assert count >= 1, f"{page}: no chart container"
    for i in range(count):
        containers.nth(i).locator("svg, canvas").first.wait_for(state="attached", timeout=15000)
    assert visit.outside() == [], f"{page} requested {visit.outside()}"
    assert visit.errors == [], f"{page} console errors: {visit.errors}"

    # Move the first bound control of each chart and check that the drawing changes.
    moved = 0
    for i in range(count):
        chart = containers.nth(i)
        bindings = chart.locator(".vega-bindings")
        if bindings.count() == 0 or bindings.first.locator("input, select").count() == 0:
            continue
        before = chart.locator("svg").first.inner_html()
        _move_first_control(bindings.first)
        visit.page.wait_for_timeout(250)
        after = chart.locator("svg").first.inner_html()
        assert after != before, f"{page}: chart {i} did not change when its control moved"
        moved += 1
    if page in EXPLORER_PAGES:
        assert moved >= 1, f"{page}: an explorer page without a chart control that works"
    assert visit.errors == [], f"{page} console errors after moving controls: {visit.errors}"
    visit.page.close()


def _move_first_control(bindings) -> None:
    select = bindings.locator("select")
    if select.count():
        options = select.first.locator("option").all_inner_texts()
        select.first.select_option(options[-1])
        return
    rng = bindings.locator("input[type=range]")
    if rng.count():
        rng.first.evaluate(
            "el => { el.value = el.max; el.dispatchEvent(new Event('input', {bubbles: true})); }"
        )
        return
    radio = bindings.locator("input[type=radio]")
    if radio.count():
        radio.last.check()
        return
    bindings.locator("input[type=checkbox]").first.click()
