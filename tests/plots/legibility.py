"""Is a figure legible where a reader sees it: in JupyterLab's output area?

JupyterLab shows an inline figure at its natural size (the tight bounding box at the figure's
dpi, 100 in the shared style) but never wider than the output area, :data:`DISPLAY_PX` CSS
pixels at a 1280-px browser window (measured in JupyterLab 4 in Chromium: notebook 950 px,
output area 848 px; tests/browser checks the output area is at least this wide). A wider
figure is scaled down by ``DISPLAY_PX / natural width``, and its text with it.

:func:`figure_problems` draws the figure once (Agg) and reports, with the renderer's boxes:

* text below :data:`MIN_PT` points once scaled to the display width (a size on a figure shown
  at its natural size: 100 dpi, so 1 pt = 1.39 CSS px, slightly more than CSS's 1.33);
* two drawn texts whose boxes overlap by more than :data:`OVERLAP_PX` pixels each way (titles,
  axis and tick labels, legend entries, annotations, source notes; the "SYNTHETIC DATA" stamp,
  gid ``synthetic-stamp``, is meant to lie across everything and is left out);
* an axis formatted in percent (``PercentFormatter``) whose limits run past [0, 100%] by more
  than :data:`PERCENT_MARGIN`;
* interval bars (errorbar containers) cut by the Axes' limits;
* a legend drawn inside an Axes that covers its data: a marker, or a point of a line or of an
  interval bar (sampled every :data:`LINE_STEP_PX` pixels along it), more than :data:`LEGEND_INSET_PX` pixels inside
  the legend's frame when the frame is drawn (it hides what is under it), or inside an entry
  (handle and text) or the title when it is not (the shared style draws no frame, so data in
  the blank part of the legend's box stays visible); shaded bands and the synthetic stamp may
  lie under a legend.

Used on every figure the notebooks save (tests/test_notebooks.py runs each notebook with
``save_figure`` wrapped by :func:`audit_saves`) and tested on planted figures in
tests/plots/test_legibility.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from matplotlib.container import ErrorbarContainer
from matplotlib.text import Text
from matplotlib.ticker import PercentFormatter

#: CSS px: JupyterLab 4's output area at a 1280-px window (inline figures are scaled to fit it)
DISPLAY_PX = 848
#: the smallest text, in points at the displayed size
MIN_PT = 8.0
#: boxes of two texts may touch by this many pixels (at the figure's dpi) in x and y
OVERLAP_PX = 1.0
#: how far a percent axis may run past 0% or 100% (a fraction: 0.05 = 5 percentage points)
PERCENT_MARGIN = 0.05
#: ``bbox_inches="tight"`` pads the figure by this many inches on each side (matplotlib's default)
PAD_INCHES = 0.1
#: data this many pixels inside a legend's frame counts as covered (touching the edge does not)
LEGEND_INSET_PX = 2.0
#: lines are sampled this often (pixels along the line) for the legend check
LINE_STEP_PX = 2.0


def _drawn_texts(fig) -> tuple[list[tuple[Text, object]], object]:
    """Every Text the figure actually draws (visible, non-empty, inside the drawn view: tick labels
    outside the limits are not drawn), with its window extent, and the renderer."""
    drawn: list[tuple[Text, object]] = []
    original = Text.draw

    def record(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip() and self.get_gid() != "synthetic-stamp":
            drawn.append((self, Text.get_window_extent(self, renderer)))  # the text alone, not an arrow

    Text.draw = record
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    return drawn, fig.canvas.get_renderer()


def display_scale(fig, *, display_px: float = DISPLAY_PX) -> float:
    """How much JupyterLab scales the figure: min(1, display width / natural width in px), the
    natural width being the saved tight bounding box (drawn first: the layout runs at draw)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width_in = fig.get_tightbbox(renderer).width + 2 * PAD_INCHES
    return min(1.0, display_px / (width_in * fig.dpi))


def _data_points(ax) -> list[tuple[str, np.ndarray]]:
    """(label, display-coordinate points) of each visible line and marker set drawn in ``ax``:
    markers at their centres, lines sampled every ``LINE_STEP_PX`` pixels between vertices,
    clipped to the Axes' box (what is outside the view is not drawn)."""
    out = []
    box = ax.get_window_extent()
    for line in ax.get_lines():
        if not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), float))
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) == 0:
            continue
        if line.get_linestyle() not in ("None", "none", " ", "") and len(xy) > 1:
            seg = np.diff(xy, axis=0)
            steps = np.maximum(1, np.ceil(np.hypot(*seg.T) / LINE_STEP_PX)).astype(int)
            steps = np.minimum(steps, 2000)
            starts = np.repeat(xy[:-1], steps, axis=0)
            frac = np.concatenate([np.arange(n) / n for n in steps])[:, None]
            xy = np.vstack([starts + np.repeat(seg, steps, axis=0) * frac, xy[-1:]])
        elif line.get_marker() in ("None", "none", " ", "", None):
            continue
        out.append((line.get_label(), xy))
    for collection in ax.collections:
        if type(collection).__name__ == "LineCollection" and collection.get_visible():  # interval bars
            for seg in collection.get_segments():
                seg = collection.get_transform().transform(np.asarray(seg, float))
                if len(seg) == 2 and np.isfinite(seg).all():
                    n = int(max(1, np.ceil(np.hypot(*(seg[1] - seg[0])) / LINE_STEP_PX)))
                    out.append((collection.get_label(), seg[0] + np.linspace(0, 1, n + 1)[:, None] * (seg[1] - seg[0])))
            continue
        offsets = np.asarray(collection.get_offsets(), float)
        if not collection.get_visible() or offsets.ndim != 2 or len(offsets) == 0 or len(collection.get_paths()) == 0:
            continue
        if type(collection).__name__ != "PathCollection":  # scatter markers; bands and bars are not data points
            continue
        xy = collection.get_offset_transform().transform(offsets)
        out.append((collection.get_label(), xy[np.isfinite(xy).all(axis=1)]))
    inside = [(label, xy[(xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)])
              for label, xy in out]
    return [(label, xy) for label, xy in inside if len(xy)]


def _legend_problems(fig, renderer) -> list[str]:
    problems = []
    for ax in fig.axes:
        legend = ax.get_legend()
        if not ax.get_visible() or legend is None or not legend.get_visible():
            continue
        frame = legend.get_window_extent(renderer)
        box = ax.get_window_extent(renderer)
        if not (box.x0 <= frame.x0 and frame.x1 <= box.x1 and box.y0 <= frame.y0 and frame.y1 <= box.y1):
            continue  # a legend outside the Axes cannot cover its data
        covers = np.array([[frame.x0, frame.y0, frame.x1, frame.y1]])
        patch = legend.get_frame()
        if not (legend.get_frame_on() and patch.get_visible() and patch.get_facecolor()[3] > 0):
            px = legend.prop.get_size_in_points() * fig.dpi / 72  # the legend's font size in pixels
            pad = (legend.handlelength + legend.handletextpad) * px
            entries = [t.get_window_extent(renderer) for t in legend.get_texts() if t.get_visible() and t.get_text()]
            covers = np.array([[b.x0 - pad, b.y0, b.x1, b.y1] for b in entries]
                              + [[b.x0, b.y0, b.x1, b.y1] for b in [legend.get_title().get_window_extent(renderer)]
                                 if legend.get_title().get_text()]).reshape(-1, 4)
        covers = covers + np.array([LEGEND_INSET_PX, LEGEND_INSET_PX, -LEGEND_INSET_PX, -LEGEND_INSET_PX])
        for label, xy in _data_points(ax):
            x, y = xy[:, :1], xy[:, 1:]
            covered = ((x > covers[:, 0]) & (x < covers[:, 2]) & (y > covers[:, 1]) & (y < covers[:, 3])).any(axis=1)
            if covered.any():
                where = _label(ax.title) if ax.get_title() else "an Axes"
                name = label if label and not label.startswith("_") else "unlabelled data"
                problems.append(f"the legend of {where} covers data: {name!r} ({int(covered.sum())} points under it)")
    return problems


def _label(text: Text) -> str:
    s = " ".join(text.get_text().split())
    return repr(s if len(s) <= 40 else s[:37] + "...")


def figure_problems(fig, *, display_px: float = DISPLAY_PX, min_pt: float = MIN_PT,
                    overlap_px: float = OVERLAP_PX, percent_margin: float = PERCENT_MARGIN) -> list[str]:
    """What makes ``fig`` hard to read at ``display_px`` CSS px wide (see the module docstring);
    an empty list when nothing does."""
    drawn, renderer = _drawn_texts(fig)
    scale = display_scale(fig, display_px=display_px)
    problems = _legend_problems(fig, renderer)
    for text, _box in drawn:
        shown = text.get_fontsize() * scale
        if shown < min_pt - 1e-9:
            problems.append(f"text {_label(text)}: {text.get_fontsize():g} pt shown at {scale:.0%} = {shown:.1f} pt "
                            f"(below {min_pt:g})")
    boxes = np.array([[b.x0, b.y0, b.x1, b.y1] for _, b in drawn]) if drawn else np.zeros((0, 4))
    for i in range(len(drawn)):
        w = np.minimum(boxes[i, 2], boxes[i + 1:, 2]) - np.maximum(boxes[i, 0], boxes[i + 1:, 0])
        h = np.minimum(boxes[i, 3], boxes[i + 1:, 3]) - np.maximum(boxes[i, 1], boxes[i + 1:, 1])
        for j in np.flatnonzero((w > overlap_px) & (h > overlap_px)):
            other = drawn[i + 1 + j][0]
            problems.append(f"texts overlap: {_label(drawn[i][0])} and {_label(other)} "
                            f"({w[j]:.0f} x {h[j]:.0f} px)")
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for name, axis, lim in (("x", ax.xaxis, ax.get_xlim()), ("y", ax.yaxis, ax.get_ylim())):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, PercentFormatter):
                lo, hi = sorted(np.asarray(lim, float) / fmt.xmax)
                if lo < -percent_margin - 1e-9 or hi > 1 + percent_margin + 1e-9:
                    problems.append(f"percent {name} axis of {_label(ax.title) if ax.get_title() else 'an Axes'} "
                                    f"runs from {lo:.0%} to {hi:.0%} (beyond [0, 100%] by more than "
                                    f"{percent_margin:.0%})")
        x0, x1 = sorted(ax.get_xlim())
        y0, y1 = sorted(ax.get_ylim())
        for container in ax.containers:
            if not isinstance(container, ErrorbarContainer):
                continue
            for collection in container.lines[2]:
                for seg in collection.get_segments():
                    seg = np.asarray(seg, float)
                    if len(seg) == 0 or not np.isfinite(seg).all():
                        continue
                    if (seg[:, 1].min() < y0 - 1e-9 * max(1, abs(y0)) or seg[:, 1].max() > y1 + 1e-9 * max(1, abs(y1))
                            or seg[:, 0].min() < x0 - 1e-9 * max(1, abs(x0)) or seg[:, 0].max() > x1 + 1e-9 * max(1, abs(x1))):
                        problems.append(f"an interval bar of {_label(ax.title) if ax.get_title() else 'an Axes'} "
                                        f"is cut by the axis limits ({seg[:, 0].min():.3g}..{seg[:, 0].max():.3g}, "
                                        f"{seg[:, 1].min():.3g}..{seg[:, 1].max():.3g})")
                        break
    return problems


def audit_saves(module, folder: str | Path) -> None:
    """Wrap ``module.save_figure`` (the ``analysis`` package in a notebook's kernel) so every figure
    it saves is checked first: ``<folder>/<name>.json`` holds :func:`figure_problems` and the
    display scale."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    save = module.save_figure

    def checked(fig, name, *args, **kwargs):
        problems = figure_problems(fig)
        report = {"problems": problems, "scale": display_scale(fig)}
        (folder / f"{name}.json").write_text(json.dumps(report, indent=1))
        return save(fig, name, *args, **kwargs)

    module.save_figure = checked


#: code put first into a notebook's first code cell to audit every figure it saves (``{folder}``,
#: ``{module}``: the audit folder and this file)
SETUP = (
    "import importlib.util as __ilu, analysis as __analysis\n"
    "__spec = __ilu.spec_from_file_location('rte_legibility', {module!r})\n"
    "__leg = __ilu.module_from_spec(__spec); __spec.loader.exec_module(__leg)\n"
    "__leg.audit_saves(__analysis, {folder!r})\n"
    "del __ilu, __spec, __leg, __analysis\n"
)


def setup_code(folder: str | Path) -> str:
    """The notebook code that makes :func:`audit_saves` write its reports to ``folder``."""
    return SETUP.format(module=str(Path(__file__).resolve()), folder=str(folder))
