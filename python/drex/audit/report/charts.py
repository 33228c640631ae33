"""Inline SVG charts for the audit report, written as strings: no chart library, no script, no URL.

A chart library (matplotlib is a dev dependency only) would either need a runtime dependency or emit SVG
with an ``xmlns`` URL and font metadata that varies between versions; the report must be byte for byte
reproducible and self-contained, and it needs three simple charts: step lines (supply over time), horizontal
bars (operations by type) and vertical bars (settlement values). Every number is formatted with a fixed
precision so the output depends only on the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

#: Series colours (colour-blind-safe palette, Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 110, 20, 20, 40


@dataclass(frozen=True)
class Line:
    label: str
    points: Sequence[tuple[int, int]]
    """(x, y) in increasing x; drawn as steps (the value holds until the next point)."""


def _f(v: float) -> str:
    return f"{v:.1f}"


def _svg(body: list[str], title: str, height: int = HEIGHT) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _ticks(top: int, n: int = 4) -> list[int]:
    if top <= 0:
        return [0]
    return [top * i // n for i in range(n + 1)]


def _legend(labels: Sequence[str], y: int) -> list[str]:
    """Legend entries left to right under the plot, each as wide as its label (about 6.5 px a character)."""
    out: list[str] = []
    x = float(LEFT)
    for i, label in enumerate(labels):
        out.append(
            f'<rect x="{_f(x)}" y="{y - 9}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        out.append(f'<text x="{_f(x + 14)}" y="{y}" class="legend">{escape(label)}</text>')
        x += 14 + 6.5 * len(label) + 18
    return out


def step_chart(title: str, lines: Sequence[Line], y_label: Callable[[int], str], x_last: int) -> str:
    """Step lines of integer series over block numbers, with the y axis labelled by ``y_label``."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    xs = [x for line in lines for x, _ in line.points] or [0]
    ys = [y for line in lines for _, y in line.points] or [0]
    x0, x1 = min(xs), max(max(xs), x_last)
    y1 = max(max(ys), 1)
    span = max(x1 - x0, 1)

    def px(x: int) -> float:
        return LEFT + (x - x0) * plot_w / span

    def py(y: int) -> float:
        return TOP + plot_h - y * plot_h / y1

    body = [f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="plot"/>']
    for t in _ticks(y1):
        body.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{_f(py(t))}" y2="{_f(py(t))}" class="grid"/>'
        )
        body.append(f'<text x="{LEFT - 6}" y="{_f(py(t) + 4)}" class="ylab">{escape(y_label(t))}</text>')
    for x, anchor in ((x0, "start"), ((x0 + x1) // 2, "middle"), (x1, "end")):
        body.append(
            f'<text x="{_f(px(x))}" y="{HEIGHT - BOTTOM + 16}" class="xlab" text-anchor="{anchor}">'
            f"block {x}</text>"
        )
    for i, line in enumerate(lines):
        colour = PALETTE[i % len(PALETTE)]
        pts: list[str] = []
        prev: int | None = None
        for x, y in line.points:
            if prev is not None:
                pts.append(f"{_f(px(x))},{_f(py(prev))}")
            pts.append(f"{_f(px(x))},{_f(py(y))}")
            prev = y
        if prev is not None:
            pts.append(f"{_f(px(x1))},{_f(py(prev))}")
        body.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{colour}" stroke-width="2"/>')
    body += _legend([line.label for line in lines], HEIGHT - 8)
    return _svg(body, title)


def hbar_chart(title: str, bars: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars with their label on the left and their value at the end."""
    row = 22
    height = TOP + len(bars) * row + 20
    top = max((v for _, v in bars), default=1) or 1
    plot_w = WIDTH - 220 - 60
    body: list[str] = []
    for i, (label, value) in enumerate(bars):
        y = TOP + i * row
        w = max(value * plot_w / top, 1.0)
        body.append(f'<text x="212" y="{y + 14}" class="ylab">{escape(label)}</text>')
        body.append(f'<rect x="220" y="{y + 3}" width="{_f(w)}" height="{row - 6}" fill="{PALETTE[0]}"/>')
        body.append(f'<text x="{_f(220 + w + 6)}" y="{y + 14}" class="legend">{value}</text>')
    return _svg(body, title, height)


def vbar_chart(
    title: str, bars: Sequence[tuple[str, int, int]], kinds: Sequence[str], y_label: Callable[[int], str]
) -> str:
    """Vertical bars in order, ``(kind, value, block)``, coloured by kind (legend: ``kinds``)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max((v for _, v, _ in bars), default=1) or 1
    n = max(len(bars), 1)
    slot = plot_w / n
    body = [f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="plot"/>']
    for t in _ticks(top):
        y = TOP + plot_h - t * plot_h / top
        body.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{_f(y)}" y2="{_f(y)}" class="grid"/>')
        body.append(f'<text x="{LEFT - 6}" y="{_f(y + 4)}" class="ylab">{escape(y_label(t))}</text>')
    for i, (kind, value, block) in enumerate(bars):
        h = max(value * plot_h / top, 1.0)
        colour = PALETTE[kinds.index(kind) % len(PALETTE)] if kind in kinds else PALETTE[-1]
        body.append(
            f'<rect x="{_f(LEFT + i * slot + slot * 0.15)}" y="{_f(TOP + plot_h - h)}" '
            f'width="{_f(slot * 0.7)}" '
            f'height="{_f(h)}" fill="{colour}"><title>{escape(kind)}, block {block}: {escape(y_label(value))}'
            "</title></rect>"
        )
    body += _legend(list(kinds), HEIGHT - 8)
    return _svg(body, title)


__all__ = ["PALETTE", "Line", "hbar_chart", "step_chart", "vbar_chart"]
