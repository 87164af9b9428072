"""Where a legend goes: inside the Axes where it covers no data, else under the Axes.

matplotlib's ``loc="best"`` takes the least bad place even when every place covers data, and a
fixed ``loc`` does not look at all; a big legend then sits on the curves it explains.
:func:`place_legend` tries the corners and edges in a fixed order (the caller's preferred place
first), in one column and then two, for a box that holds no marker and no point of a line
(sampled every few pixels); the choice among the places is made again at each draw
(:class:`ClearLegend`), so a later layout change does not leave the legend on the data. When
no place is free it puts the legend under the Axes, below the x label, in two columns, and
:func:`~._common.source_note` goes under it. Deterministic: the same figure always gets the
same place. Drawing only.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.legend import Legend
from matplotlib.transforms import Bbox

#: inside places tried, in this order, after the caller's preferred one
PLACES = ("upper left", "upper right", "lower right", "lower left", "center left", "center right",
          "upper center", "lower center")
#: points along a line are taken this many pixels apart
STEP_PX = 2.0
#: gap between the x label (or tick labels) and a legend put under the Axes, in points
GAP_PT = 4.0


def _along(xy: np.ndarray) -> np.ndarray:
    """Points every :data:`STEP_PX` pixels along the polyline ``xy`` (display coordinates; a
    non-finite vertex ends a piece, as matplotlib leaves a gap there)."""
    xy = np.asarray(xy, float).reshape(-1, 2)
    if len(xy) < 2:
        return xy
    seg = np.diff(xy, axis=0)
    ok = np.isfinite(seg).all(axis=1)
    steps = np.where(ok, np.clip(np.ceil(np.hypot(*np.where(ok[:, None], seg, 0.0).T) / STEP_PX), 1, 2000), 1)
    steps = steps.astype(int)
    first = np.repeat(np.cumsum(steps) - steps, steps)  # index of each point's segment start
    frac = ((np.arange(steps.sum()) - first) / np.repeat(steps, steps))[:, None]
    return np.vstack([np.repeat(xy[:-1], steps, axis=0) + np.repeat(seg, steps, axis=0) * frac, xy[-1:]])


def data_points_px(ax: Axes) -> np.ndarray:
    """``n x 2`` display coordinates (pixels) of what ``ax`` draws as data: the centres of its
    scatter markers, the markers of its lines, and points every :data:`STEP_PX` pixels along its
    lines and its segment collections (interval bars); only those inside the Axes' box (what
    lies outside is not drawn). Shaded bands and bars of bar charts are not counted."""
    parts = []
    for line in ax.get_lines():
        if not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), float))
        if line.get_linestyle() not in ("None", "none", "", " "):
            xy = _along(xy)
        elif line.get_marker() in ("None", "none", "", " ", None):
            continue
        parts.append(xy[np.isfinite(xy).all(axis=1)])
    for collection in ax.collections:
        if not collection.get_visible():
            continue
        if isinstance(collection, PathCollection):
            offsets = np.asarray(collection.get_offsets(), float)
            if offsets.ndim == 2 and len(offsets):
                xy = collection.get_offset_transform().transform(offsets)
                parts.append(xy[np.isfinite(xy).all(axis=1)])
        elif isinstance(collection, LineCollection):  # interval bars (errorbar) and other segments
            for seg in collection.get_segments():
                parts.append(_along(collection.get_transform().transform(np.asarray(seg, float))))
    if not parts:
        return np.zeros((0, 2))
    pts = np.vstack(parts)
    box = ax.get_window_extent()
    keep = (pts[:, 0] >= box.x0) & (pts[:, 0] <= box.x1) & (pts[:, 1] >= box.y0) & (pts[:, 1] <= box.y1)
    return pts[keep]


class ClearLegend(Legend):
    """A legend that, each time it is drawn, takes the first of ``places`` (inside the Axes) whose
    box covers none of the Axes' data (:func:`data_points_px`); when none is free, the place under
    the Axes (below its x label) if no other Axes of the figure lies there, else the inside place
    covering least. Deciding at draw time means a later change of layout (``tight_layout``, new
    limits) moves the legend rather than leaves it on the data. It stands in for matplotlib's
    ``loc="best"`` search (the same hook)."""

    def __init__(self, parent: Axes, handles: Sequence, labels: Sequence[str], *, places: Sequence[str], **kwargs):
        super().__init__(parent, handles, labels, loc="best", **kwargs)
        self.places = tuple(places)

    def covered(self, width: float, height: float, renderer) -> list[tuple[int, float, float]]:
        """(data points covered, x0, y0) of the legend's box (``width`` x ``height`` px) at each
        of its places, in their order; a box larger than the Axes counts as covering all."""
        pts = data_points_px(self.axes)
        frame = self.axes.get_window_extent(renderer)
        fits = width <= frame.width and height <= frame.height
        out = []
        for place in self.places:
            x0, y0 = self._get_anchored_bbox(self.codes[place], Bbox.from_bounds(0, 0, width, height),
                                             self.get_bbox_to_anchor(), renderer)
            inside = ((pts[:, 0] > x0) & (pts[:, 0] < x0 + width) & (pts[:, 1] > y0) & (pts[:, 1] < y0 + height)).sum()
            out.append((int(inside) if fits else len(pts) + 1, x0, y0))
        return out

    def below(self, width: float, height: float, renderer) -> tuple[float, float] | None:
        """(x0, y0) of the box centred under the Axes, :data:`GAP_PT` below its x label and tick
        labels; None when another Axes of the figure lies below this one."""
        ax = self.axes
        frame = ax.get_window_extent(renderer)
        for other in ax.figure.axes:
            if other is ax or not other.get_visible():
                continue
            box = other.get_window_extent(renderer)
            if box.y1 <= frame.y0 + 1 and box.x0 < frame.x1 and box.x1 > frame.x0:
                return None
        bottom = min(frame.y0, ax.xaxis.get_tightbbox(renderer).y0) - GAP_PT * ax.figure.dpi / 72
        return (frame.x0 + frame.x1 - width) / 2, bottom - height

    def _find_best_position(self, width, height, renderer, *args, **kwargs):  # matplotlib's hook for loc="best"
        try:
            placed = self.covered(width, height, renderer)
        except AttributeError:  # a matplotlib without the private helper used: its own "best"
            return super()._find_best_position(width, height, renderer, *args, **kwargs)
        free = [p for p in placed if p[0] == 0]
        if free:
            return free[0][1:]
        under = self.below(width, height, renderer)
        if under is not None:
            return under
        return min(placed, key=lambda p: p[0])[1:]


def place_legend(ax: Axes, handles: Sequence | None = None, *, labels: Sequence[str] | None = None,
                 prefer: str | None = None, **kwargs) -> Legend:
    """Draw ``ax``'s legend (of ``handles`` and ``labels``, default: the labelled artists) where it
    covers no data (see the module docstring): a :class:`ClearLegend` in one column, or in two
    where no inside place is free for one; ``prefer``: the inside place tried first (a ``loc``
    name); other keywords go to :class:`~matplotlib.legend.Legend`. Returns the Legend."""
    if handles is None:
        handles, found = ax.get_legend_handles_labels()
        labels = found if labels is None else labels
    if labels is None:
        labels = [h.get_label() for h in handles]
    renderer = ax.figure.canvas.get_renderer()
    places = ([prefer] if prefer else []) + [p for p in PLACES if p != prefer]
    legend = ClearLegend(ax, handles, labels, places=places, **kwargs)
    box = legend.get_window_extent(renderer)
    if not any(n == 0 for n, _x, _y in legend.covered(box.width, box.height, renderer)):
        legend = ClearLegend(ax, handles, labels, places=places, ncols=2, **kwargs)
    ax.legend_ = legend  # as Axes.legend does
    legend._remove_method = ax._remove_legend
    return legend


def legend_below(ax: Axes, renderer=None) -> Legend | None:
    """``ax``'s legend when it is drawn under the Axes, else None."""
    legend = ax.get_legend()
    if legend is None or not legend.get_visible():
        return None
    renderer = renderer or ax.figure.canvas.get_renderer()
    return legend if legend.get_window_extent(renderer).y1 <= ax.get_window_extent(renderer).y0 + 1e-6 else None


def shared_legend(axes: Sequence[Axes], **kwargs) -> Legend | None:
    """One legend for stacked panels that draw the same groups alike: the entries of the panels'
    own legends (which are removed) or, for a panel drawn with ``legend=False``, its labelled
    artists; each label once, in the order first met, placed on the bottom panel by
    :func:`place_legend` (inside where it covers no data, else under it). Keywords go to
    :func:`place_legend`; the title defaults to the first panel legend's. Returns the Legend, or
    None when nothing is labelled."""
    handles: dict = {}
    for ax in axes:
        legend = ax.get_legend()
        if legend is not None:
            pairs = zip(legend.legend_handles, [t.get_text() for t in legend.get_texts()])
            if legend.get_title().get_text():
                kwargs.setdefault("title", legend.get_title().get_text())
            legend.remove()
        else:
            pairs = zip(*ax.get_legend_handles_labels())
        for handle, label in pairs:
            handles.setdefault(label, handle)
    if not handles:
        return None
    return place_legend(axes[-1], list(handles.values()), labels=list(handles), **kwargs)
