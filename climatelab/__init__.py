"""climatelab: the library behind an open course on international climate policy.

Submodules are imported on first use (``climatelab.kyoto`` etc.), so that
``import climatelab`` is cheap; Altair and ipywidgets load only when a chart or an
explorer is made.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = frozenset(
    {
        "charts",
        "compliance",
        "data",
        "emissions",
        "gases",
        "i18n",
        "kyoto",
        "market",
        "outcomes",
        "targets",
        "timeline",
        "widgets",
    }
)

__all__ = sorted(_SUBMODULES)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f"climatelab.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'climatelab' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_SUBMODULES])
