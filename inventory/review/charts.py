"""Small SVG charts for the review app: lines over the years, stacked areas, a shaded range.

Plain SVG strings (no JavaScript bundle to load, so a view appears as soon as its widget
does); every point carries a ``<title>`` tooltip with its value and unit, and every series a
``data-values`` attribute (JSON) so tests read what is drawn. Gaps (None/NaN) break a line.
Stacked areas stack positive values above zero and negative ones (LULUCF removals) below.

    svg = line_chart([2005, 2006], [Series("CO2", [1.0, 2.0])], unit="kt CO2-eq")
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field

from inventory.review.fmt import fmt_number

__all__ = ["Series", "Band", "line_chart", "nice_ticks", "PALETTE", "SECTOR_COLORS"]

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf", "#7f7f7f", "#bcbd22")
SECTOR_COLORS = {"1": "#d95f02", "2": "#7570b3", "3": "#66a61e", "4": "#1b9e77",
                 "5": "#a6761d", "6": "#666666"}


@dataclass
class Series:
    name: str
    values: list
    color: str = ""
    dash: bool = False
    kind: str = "line"        # line | area (stacked) | markers
    symbol: str = "circle"    # markers: circle | x
    css: str = ""             # extra class on the series group


@dataclass
class Band:
    """A shaded range between two series (e.g. the IPCC 95 % range)."""

    name: str
    lower: list
    upper: list
    color: str = "rgba(44,160,44,0.18)"


@dataclass
class _Frame:
    x0: float
    x1: float
    y0: float
    y1: float
    left: int = 78
    right: int = 16
    top: int = 30
    bottom: int = 34
    width: int = 900
    height: int = 320
    ticks: list = field(default_factory=list)

    def px(self, x: float) -> float:
        span = (self.x1 - self.x0) or 1
        return self.left + (x - self.x0) / span * (self.width - self.left - self.right)

    def py(self, y: float) -> float:
        span = (self.y1 - self.y0) or 1
        return self.top + (self.y1 - y) / span * (self.height - self.top - self.bottom)


def _num(v) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5, 5 x 10^k steps)."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    ticks, v = [], first
    while v < hi + step * 0.5:
        ticks.append(round(v, 12))
        v += step
    return ticks


def _decimals(ticks: list[float]) -> int:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1
    return 0 if step >= 1 else min(6, int(math.ceil(-math.log10(step))) + 1)


def _path(points: list[tuple[float, float] | None]) -> str:
    out, pen = [], False
    for p in points:
        if p is None:
            pen = False
            continue
        out.append(f"{'L' if pen else 'M'}{p[0]:.1f},{p[1]:.1f}")
        pen = True
    return "".join(out)


def line_chart(x: list, series: list[Series], *, unit: str = "", title: str = "",
               band: Band | None = None, width: int = 900, height: int = 320,
               zero: bool = True, highlight: int | None = None, css: str = "") -> str:
    """An SVG line (or stacked area) chart over ``x`` (years) with a legend; see the module
    doc. ``zero`` keeps 0 on the y axis; ``highlight`` circles that x."""
    xs = [int(v) for v in x]
    if not xs:
        return f'<div class="ghgi-chart {css}"><p class="ghgi-note">no data</p></div>'
    stacked = [s for s in series if s.kind == "area"]
    pos = [0.0] * len(xs)
    neg = [0.0] * len(xs)
    stacks: list[tuple[Series, list, list]] = []
    for s in stacked:
        lo_, hi_ = [], []
        for i in range(len(xs)):
            v = _num(s.values[i]) or 0.0
            base = pos[i] if v >= 0 else neg[i]
            lo_.append(base)
            hi_.append(base + v)
            if v >= 0:
                pos[i] += v
            else:
                neg[i] += v
        stacks.append((s, lo_, hi_))
    values = [v for s in series if s.kind != "area" for v in map(_num, s.values) if v is not None]
    values += pos + neg if stacked else []
    if band is not None:
        values += [v for v in map(_num, band.lower + band.upper) if v is not None]
    if not values:
        values = [0.0]
    lo, hi = min(values), max(values)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    ticks = nice_ticks(lo, hi)
    f = _Frame(xs[0] - 0.5, xs[-1] + 0.5, ticks[0], ticks[-1], width=width, height=height)
    dec = _decimals(ticks)
    parts = [f'<svg class="ghgi-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img">']
    if title:
        parts.append(f'<text x="{f.left}" y="18" class="ghgi-chart-title">'
                     f"{html.escape(title)}</text>")
    for tv in ticks:  # grid and y labels
        y = f.py(tv)
        parts.append(f'<line x1="{f.left}" x2="{width - f.right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="grid{" zero" if tv == 0 else ""}"/>')
        parts.append(f'<text x="{f.left - 6}" y="{y + 4:.1f}" text-anchor="end" class="ytick">'
                     f"{html.escape(fmt_number(tv, dec))}</text>")
    if unit:
        parts.append(f'<text x="12" y="{f.top + (height - f.top - f.bottom) / 2:.0f}" '
                     f'class="yunit" transform="rotate(-90 12 '
                     f'{f.top + (height - f.top - f.bottom) / 2:.0f})" text-anchor="middle">'
                     f"{html.escape(unit)}</text>")
    step = 1 if len(xs) <= 12 else (2 if len(xs) <= 24 else 5)
    for xv in xs:
        if (xv - xs[0]) % step:
            continue
        parts.append(f'<text x="{f.px(xv):.1f}" y="{height - f.bottom + 16}" '
                     f'text-anchor="middle" class="xtick">{xv}</text>')
    if band is not None:
        up = [(f.px(xv), f.py(v)) for xv, v in zip(xs, map(_num, band.upper), strict=True)
              if v is not None]
        lw = [(f.px(xv), f.py(v)) for xv, v in zip(xs, map(_num, band.lower), strict=True)
              if v is not None]
        if up and lw:
            pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in up + lw[::-1])
            parts.append(f'<polygon class="band" points="{pts}" fill="{band.color}">'
                         f"<title>{html.escape(band.name)}</title></polygon>")
    legend = []
    for k, s in enumerate(series):
        color = s.color or PALETTE[k % len(PALETTE)]
        vals = [_num(v) for v in s.values]
        data = html.escape(json.dumps(vals))
        parts.append(f'<g class="series {s.css}" data-name="{html.escape(s.name)}" '
                     f'data-values="{data}">')
        if s.kind == "area":
            _, lo_, hi_ = next(t for t in stacks if t[0] is s)
            top = [(f.px(xv), f.py(h)) for xv, h in zip(xs, hi_, strict=True)]
            bot = [(f.px(xv), f.py(b)) for xv, b in zip(xs, lo_, strict=True)]
            pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in top + bot[::-1])
            parts.append(f'<polygon points="{pts}" fill="{color}" fill-opacity="0.75" '
                         f'stroke="{color}" stroke-width="0.5"/>')
            for xv, v, h in zip(xs, vals, hi_, strict=True):
                if v is not None:
                    parts.append(f'<circle cx="{f.px(xv):.1f}" cy="{f.py(h):.1f}" r="3" '
                                 f'class="pt" fill="{color}" fill-opacity="0">'
                                 f"<title>{html.escape(s.name)} {xv}: "
                                 f"{html.escape(fmt_number(v, 2))} {html.escape(unit)}"
                                 "</title></circle>")
        else:
            pts = [None if v is None else (f.px(xv), f.py(v)) for xv, v in zip(xs, vals,
                                                                              strict=True)]
            if s.kind == "line":
                dash = ' stroke-dasharray="6 4"' if s.dash else ""
                parts.append(f'<path d="{_path(pts)}" fill="none" stroke="{color}" '
                             f'stroke-width="2"{dash}/>')
            for xv, v, p in zip(xs, vals, pts, strict=True):
                if p is None:
                    continue
                tip = (f"<title>{html.escape(s.name)} {xv}: {html.escape(fmt_number(v, 3))} "
                       f"{html.escape(unit)}</title>")
                if s.kind == "markers" and s.symbol == "x":
                    a, b = p
                    parts.append(f'<path class="pt" d="M{a - 5:.1f},{b - 5:.1f}L{a + 5:.1f},'
                                 f'{b + 5:.1f}M{a - 5:.1f},{b + 5:.1f}L{a + 5:.1f},{b - 5:.1f}" '
                                 f'stroke="{color}" stroke-width="2.5">{tip}</path>')
                else:
                    r = 4 if s.kind == "markers" else 2.5
                    parts.append(f'<circle class="pt" cx="{p[0]:.1f}" cy="{p[1]:.1f}" r="{r}" '
                                 f'fill="{color}">{tip}</circle>')
        parts.append("</g>")
        swatch = (f'<span class="sw" style="background:{color}"></span>' if s.kind == "area"
                  else f'<span class="ln{" dash" if s.dash else ""}" '
                       f'style="border-color:{color}"></span>')
        legend.append(f'<span class="lg">{swatch}{html.escape(s.name)}</span>')
    if band is not None:
        legend.append(f'<span class="lg"><span class="sw" style="background:{band.color}">'
                      f"</span>{html.escape(band.name)}</span>")
    if highlight is not None and highlight in xs:
        hx = f.px(highlight)
        parts.append(f'<line class="highlight" x1="{hx:.1f}" x2="{hx:.1f}" y1="{f.top}" '
                     f'y2="{height - f.bottom}"/>')
    parts.append("</svg>")
    return (f'<div class="ghgi-chart {css}">{"".join(parts)}'
            f'<div class="ghgi-legend">{"".join(legend)}</div></div>')
