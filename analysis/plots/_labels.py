"""Point labels that do not collide: a small deterministic placement in display coordinates.

Each label tries a fixed list of offsets around its point (right, left, above, below, the
diagonals, then the same farther out) and takes the first whose box stays inside the Axes and
overlaps neither an already placed label nor any marker. Labels are placed in a fixed order
(the caller's), so the same data always gives the same figure. Where no candidate is free the
one with the least overlap is used. Far offsets get a thin leader line to their point.
Drawing only: no data is computed here.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Text

from .style import SMALL_TEXT

# Offset directions (unit vectors in points); tried at each radius in this order.
_DIRECTIONS = [(1, 0.35), (1, -0.35), (-1, 0.35), (-1, -0.35), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1),
               (0.5, 1), (-0.5, 1), (0.5, -1), (-0.5, -1)]
_RADII = (6.0, 14.0, 24.0, 36.0, 50.0)
_MARKER_HALF = 4.0  # half-size of a marker's keep-out box, in points


def _overlap(a: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Overlap area of box ``a`` (x0, y0, x1, y1) with each row of ``boxes``."""
    if len(boxes) == 0:
        return np.zeros(0)
    w = np.minimum(a[2], boxes[:, 2]) - np.maximum(a[0], boxes[:, 0])
    h = np.minimum(a[3], boxes[:, 3]) - np.maximum(a[1], boxes[:, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


#: how much more overlapping a text costs than overlapping a marker (per unit of area)
TEXT_WEIGHT = 10.0


def _drawn_text_boxes(ax: Axes, renderer, frame) -> np.ndarray:
    """Boxes (x0, y0, x1, y1, display px) of the text on ``ax`` a label must not cover: title,
    axis labels, the tick labels inside the view, annotations already placed, the legend."""
    texts = [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
    ticks = [(t, 0) for t in ax.get_xticklabels()] + [(t, 1) for t in ax.get_yticklabels()]
    boxes = []
    for t in texts:
        if t.get_visible() and t.get_text().strip() and t.get_gid() != "synthetic-stamp":
            boxes.append(Text.get_window_extent(t, renderer))  # the text, not an annotation's arrow
    for t, axis in ticks:  # labels of ticks outside the limits are not drawn
        if not (t.get_visible() and t.get_text().strip()):
            continue
        b = t.get_window_extent(renderer)
        mid = (b.x0 + b.x1) / 2 if axis == 0 else (b.y0 + b.y1) / 2
        lo, hi = (frame.x0, frame.x1) if axis == 0 else (frame.y0, frame.y1)
        if lo - 1 <= mid <= hi + 1:
            boxes.append(b)
    legend = ax.get_legend()
    if legend is not None and legend.get_visible():
        boxes.append(legend.get_window_extent(renderer))
    return np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes]) if boxes else np.zeros((0, 4))


def place_labels(
    ax: Axes,
    xs: Sequence[float],
    ys: Sequence[float],
    texts: Sequence[str],
    *,
    fontsize: float = SMALL_TEXT,
    color: str | Sequence[str] = "0.15",
    avoid: tuple[Sequence[float], Sequence[float]] | None = None,
    lines: Sequence[tuple[Sequence[float], Sequence[float]]] = (),
) -> list:
    """Annotate each (x, y) in data coordinates with its text, avoiding collisions.

    ``avoid``: further data points (x, y) whose markers labels must not cover; ``lines``: polylines
    (x, y) in data coordinates, vertex by vertex, that labels should not sit on. The Axes' legend,
    where it has one already, is kept clear too. Returns the
    Annotation artists, in the order given. Call after the axes limits and scales are final.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_px = fig.dpi / 72.0
    xs = np.asarray(xs, float)
    ys = np.asarray(ys, float)
    colors = [color] * len(xs) if isinstance(color, str) else list(color)
    pts = ax.transData.transform(np.column_stack([xs, ys])) if len(xs) else np.zeros((0, 2))
    markers = [pts]
    if avoid is not None and len(avoid[0]):
        markers.append(ax.transData.transform(np.column_stack([np.asarray(avoid[0], float), np.asarray(avoid[1], float)])))
    line_pts = []
    for lx, ly in lines:
        v = ax.transData.transform(np.column_stack([np.asarray(lx, float), np.asarray(ly, float)]))
        v = v[np.isfinite(v).all(axis=1)]  # gaps (missing values) are not drawn
        if len(v) >= 2:  # points every ~3 px along each segment
            seg = []
            for a, b in zip(v[:-1], v[1:]):
                n = max(int(np.hypot(*(b - a)) / (3 * to_px)), 1)
                t = np.linspace(0, 1, n + 1)[:, None]
                seg.append(a + t * (b - a))
            line_pts.append(np.concatenate(seg))
    mk = np.concatenate(markers)
    lp = np.concatenate(line_pts) if line_pts else np.zeros((0, 2))
    half = np.concatenate([np.full(len(mk), _MARKER_HALF), np.full(len(lp), 1.5)]) * to_px
    mk = np.concatenate([mk, lp])
    taken = np.column_stack([mk[:, 0] - half, mk[:, 1] - half, mk[:, 0] + half, mk[:, 1] + half])
    frame = ax.get_window_extent(renderer)
    # text already drawn (title, axis and tick labels, earlier annotations, the legend): kept clear,
    # and overlapping it costs TEXT_WEIGHT times an overlap with a marker
    words = _drawn_text_boxes(ax, renderer, frame)
    weight = np.r_[np.ones(len(taken)), np.full(len(words), TEXT_WEIGHT)]
    taken = np.vstack([taken, words]) if len(words) else taken
    out = []
    for i, text in enumerate(texts):
        probe = ax.text(0, 0, text, fontsize=fontsize, transform=None)
        ext = probe.get_window_extent(renderer)
        probe.remove()
        w, h = ext.width, ext.height
        best = None
        for r in _RADII:
            for dx, dy in _DIRECTIONS:
                ox, oy = dx * r * to_px, dy * r * to_px
                cx, cy = pts[i, 0] + ox, pts[i, 1] + oy
                x0 = cx if dx > 0 else (cx - w if dx < 0 else cx - w / 2)
                y0 = cy if dy > 0.5 else (cy - h if dy < -0.5 else cy - h / 2)
                box = np.array([x0, y0, x0 + w, y0 + h])
                outside = max(frame.x0 - box[0], 0) + max(box[2] - frame.x1, 0) + max(frame.y0 - box[1], 0) + max(box[3] - frame.y1, 0)
                cost = (_overlap(box, taken) * weight).sum() + outside * h * 4
                if r > _RADII[0]:  # a leader line crossing markers or labels counts against it
                    t = np.linspace(0.2, 0.9, 8)[:, None]
                    lead = pts[i] + t * np.array([ox, oy])
                    inside = ((lead[:, None, 0] > taken[None, :, 0]) & (lead[:, None, 0] < taken[None, :, 2])
                              & (lead[:, None, 1] > taken[None, :, 1]) & (lead[:, None, 1] < taken[None, :, 3]))
                    cost += inside.any(axis=0).sum() * 4 * to_px * to_px
                if best is None or cost < best[0]:
                    best = (cost, dx, dy, r, box)
                if cost == 0:
                    break
            if best[0] == 0:
                break
        _, dx, dy, r, box = best
        taken = np.vstack([taken, box])
        weight = np.r_[weight, TEXT_WEIGHT]
        if r > _RADII[0]:  # keep later labels off this label's leader line
            t = np.linspace(0.15, 0.85, 12)[:, None]
            lead = pts[i] + t * np.array([dx * r * to_px, dy * r * to_px])
            hl = 1.5 * to_px
            taken = np.vstack([taken, np.column_stack([lead[:, 0] - hl, lead[:, 1] - hl, lead[:, 0] + hl, lead[:, 1] + hl])])
            weight = np.r_[weight, np.ones(len(lead))]
        ha = "left" if dx > 0 else ("right" if dx < 0 else "center")
        va = "bottom" if dy > 0.5 else ("top" if dy < -0.5 else "center")
        arrow = dict(arrowstyle="-", color="0.6", lw=0.5, shrinkA=0, shrinkB=2) if r > _RADII[0] else None
        ann = ax.annotate(text, xy=(xs[i], ys[i]), xytext=(dx * r, dy * r), textcoords="offset points",
                          ha=ha, va=va, fontsize=fontsize, color=colors[i], arrowprops=arrow, zorder=5)
        ann.set_in_layout(False)  # placed for the final axes; tight/constrained layout ignores it
        out.append(ann)
    return out
