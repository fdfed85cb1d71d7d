"""Geometry of the dashboard's SVG charts, drawn by templates (charter/charts/*.svg.html):
no script, no inline style, so they pass the Content-Security-Policy; the numbers are in
charter.reports, here only where they go on the page."""

from __future__ import annotations

from dataclasses import dataclass

from .reports import Point, Series

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 40, 6, 10, 26
WIDE = 640  # the daily bars: wider, the same height


@dataclass
class Mark:
    x: float
    y: float
    point: Point
    value: float | int | None


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span * index / (count - 1) if count > 1 else span / 2), 1)


def _y(value: float, top: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return round(HEIGHT - BOTTOM - span * (value / top if top else 0), 1)


def rate_lines(series: Series) -> dict:
    """One small multiple: the section's weekly rate (0–100 %), a path broken where a week
    has no settled obligation, a mark per week that has one."""
    count = len(series.points)
    marks, path, pen_down = [], [], False
    for index, point in enumerate(series.points):
        percent = point.tally.percent
        if percent is None:
            pen_down = False
            continue
        mark = Mark(_x(index, count), _y(percent, 100), point, percent)
        marks.append(mark)
        path.append(f"{'L' if pen_down else 'M'}{mark.x},{mark.y}")
        pen_down = True
    return {
        "series": series,
        "marks": marks,
        "path": " ".join(path),
        "grid": [(value, _y(value, 100)) for value in (0, 50, 100)],
        "ticks": _ticks(series.points),
        **_frame(WIDTH),
    }


def breach_bars(points: list[Point]) -> dict:
    """Breaches per day as bars (a day with none has no bar; its number is in the table)."""
    top = max((point.tally.breached for point in points), default=0)
    top = max(top, 1)
    span = WIDE - LEFT - RIGHT
    step = span / max(len(points), 1)
    width = round(max(step * 0.7, 1), 2)
    bars = []
    for index, point in enumerate(points):
        if point.tally.breached:
            y = _y(point.tally.breached, top)
            bars.append(
                {
                    "x": round(LEFT + step * index + (step - width) / 2, 2),
                    "y": y,
                    "height": round(HEIGHT - BOTTOM - y, 1),
                    "point": point,
                }
            )
    return {
        "bars": bars,
        "width": width,
        "grid": [(value, _y(value, top)) for value in sorted({0, (top + 1) // 2, top})],
        "ticks": _ticks(points, bars=True),
        **_frame(WIDE),
    }


def _ticks(points: list[Point], bars: bool = False) -> list[tuple[float, object, str]]:
    """Three date labels under the x axis: first, middle, last (x, day, text-anchor)."""
    count = len(points)
    if not count:
        return []
    chosen = sorted({0, count // 2, count - 1})
    anchor = {0: "start", count - 1: "end"}
    if bars:
        step = (WIDE - LEFT - RIGHT) / count
        return [
            (round(LEFT + step * (i + 0.5), 1), points[i].day, anchor.get(i, "middle"))
            for i in chosen
        ]
    return [(_x(i, count), points[i].day, anchor.get(i, "middle")) for i in chosen]


def _frame(width: int) -> dict:
    return {
        "view": f"0 0 {width} {HEIGHT}",
        "left": LEFT,
        "right": width - RIGHT,
        "baseline": HEIGHT - BOTTOM,
        "label_y": HEIGHT - 8,
    }
