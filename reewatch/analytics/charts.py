"""One look for every reewatch chart: a title, axis labels with units, and the sources.

A chart must be readable without the data beside it, so `chart_figure` always takes a
title and `save_chart` always writes the sources (and any assumption, such as an exchange
rate) under the plot. matplotlib is imported here, lazily, with the Agg backend: charts
are files (PNG or SVG), never windows.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reewatch.errors import InputError

CHART_SUFFIXES = (".png", ".svg")

# CJK fonts Debian may have; the first one present draws Chinese labels instead of boxes.
_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    plt.rcParams["font.sans-serif"] = [f for f in _CJK_FONTS if f in installed] + ["DejaVu Sans"]
    return plt


def chart_figure(title: str, ylabel: str, xlabel: str = "", size: tuple[float, float] = (9.0, 5.0)) -> tuple[Any, Any]:
    """A new figure and axes with the title and axis labels set; the caller draws on the axes."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=size)
    ax.set_title(title, fontsize=12, loc="left")
    ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.grid(True, alpha=0.3)
    return fig, ax


def save_chart(fig: Any, path: str | Path, sources: Sequence[str], notes: Sequence[str] = ()) -> Path:
    """Write the figure to .png or .svg with "Sources: ..." and the notes under the plot."""
    path = Path(path)
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise InputError(str(path), None, "a chart is written as .png or .svg")
    lines = [*notes]
    if sources:
        lines.append("Sources: " + "; ".join(dict.fromkeys(sources)))
    footer = "\n".join(textwrap.fill(line, 140) for line in lines)
    if footer:
        fig.text(0.01, 0.01, footer, fontsize=7, va="bottom", ha="left", color="#444444")
        # room for the footer (7 pt lines, ~1.25 spacing) plus the x tick labels and axis label
        footer_inches = (footer.count("\n") + 1) * 7 * 1.25 / 72
        fig.subplots_adjust(bottom=min(0.6, (footer_inches + 0.85) / fig.get_figheight()))
    path.parent.mkdir(parents=True, exist_ok=True)
    import warnings

    with warnings.catch_warnings():  # without a CJK font Chinese names are boxes: callers add ids beside them
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(path, dpi=120)
    _pyplot().close(fig)
    return path
