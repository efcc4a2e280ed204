"""Sphinx extension: serve Vega, Vega-Lite and Vega-Embed from the built site.

Altair's ``html`` renderer writes a small script per chart that loads the three
libraries from a CDN unless they are already on the page. This extension

* marks the build as static (``CLIMATELAB_STATIC=1``) before notebooks execute, so
  :func:`climatelab.charts.use_renderer` picks the deterministic ``html`` renderer and the
  explorers show their Vega-Lite (browser-computed) versions instead of ipywidgets;
* writes the JavaScript bundle that ``vl-convert-python`` ships (the Vega-Lite version
  matching the installed Altair) once into ``_static/climatelab/``;
* adds that script, with a ``VEGA_DEBUG`` record of the versions it holds, only to pages
  that contain a chart, so Altair's embed code finds the libraries and never reaches for
  the network.

Enable it in ``_config.yml``::

    sphinx:
      extra_extensions: [climatelab.sphinxext]
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from docutils import nodes

BUNDLE = "climatelab/vega-bundle.js"
_MARKER = "vegaEmbed"
_PAGES_KEY = "climatelab_chart_pages"


def _versions() -> dict[str, str]:
    import altair as alt

    return {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }


def _vl_convert_version(vegalite_version: str) -> str:
    """The newest Vega-Lite version bundled by vl-convert matching Altair's major.minor."""
    import vl_convert as vlc

    wanted = ".".join(vegalite_version.split(".")[:2])
    available = vlc.get_vegalite_versions()
    if wanted in available:
        return wanted
    raise RuntimeError(
        f"vl-convert-python {vlc.__version__} bundles Vega-Lite {available}, "
        f"not {wanted} (used by the installed Altair); upgrade vl-convert-python"
    )


def bundle_text() -> str:
    """The script: versions record, then the libraries wrapped in a function scope."""
    import vl_convert as vlc

    versions = _versions()
    vl_version = _vl_convert_version(versions["vegalite_version"])
    snippet = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
    body = vlc.javascript_bundle(snippet, vl_version=vl_version)
    header = (
        f"/* Vega, Vega-Lite {vl_version} and Vega-Embed, bundled by vl-convert-python "
        f"{vlc.__version__} for climatelab. Licenses: BSD-3-Clause (Vega projects). */\n"
        f"var VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {{}}, {json.dumps(versions)});\n"
    )
    return header + "(function () {\n" + body + "\n})();\n"


def _write_bundle(app: Any) -> None:
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / BUNDLE
    stamp = target.with_suffix(".version")
    import vl_convert as vlc

    key = json.dumps({"vlc": vlc.__version__, **_versions()}, sort_keys=True)
    if target.is_file() and stamp.is_file() and stamp.read_text() == key:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(bundle_text(), encoding="utf-8")
    stamp.write_text(key)


def _has_chart(doctree: nodes.document) -> bool:
    for node in doctree.findall(nodes.raw):
        if "html" in node.get("format", "") and _MARKER in node.astext():
            return True
    return False


def _record_charts(app: Any, doctree: nodes.document, docname: str) -> None:
    pages = getattr(app.env, _PAGES_KEY, set())
    if _has_chart(doctree):
        pages.add(docname)
    else:
        pages.discard(docname)
    setattr(app.env, _PAGES_KEY, pages)


def _add_script(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename in getattr(app.env, _PAGES_KEY, set()):
        # priority < 500 puts it before the page body's inline chart scripts run
        app.add_js_file(BUNDLE, priority=200)


def _drop_thebe(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Remove sphinx-thebe's page scripts when the book does not use Thebe.

    Jupyter Book 1 always loads sphinx-thebe, whose inline configuration script is added
    twice to notebook pages (a JavaScript error: ``THEBE_JS_URL`` declared twice) and names
    a CDN. This course launches live notebooks through Binder/JupyterHub instead, so the
    scripts are dropped when ``launch_buttons.thebe`` is off.
    """
    if app.config.climatelab_keep_thebe:
        return

    def keep(asset: Any) -> bool:
        name = str(getattr(asset, "filename", asset) or "")
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return "thebe" not in name and "THEBE_JS_URL" not in body

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if keep(a)]


def setup(app: Any) -> dict[str, Any]:
    # Notebooks execute in kernels started by this process: they inherit this variable.
    os.environ["CLIMATELAB_STATIC"] = "1"
    app.connect("builder-inited", _write_bundle)
    app.connect("doctree-resolved", _record_charts)
    app.connect("html-page-context", _add_script)
    app.add_config_value("climatelab_keep_thebe", False, "html")
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": False}
