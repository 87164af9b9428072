"""Shared checks for the plot tests."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from analysis.plots.style import RC  # noqa: E402


def _check_mixture_path(line, vx, vy, *, max_px_error: float = 0.25, ax=None) -> None:
    """``line`` (a Line2D) draws the hull through vertices (vx, vy) as mixtures: every drawn vertex
    is (p*t1 + (1-p)*t2, p*a1 + (1-p)*a2) for the edge's ends and a p in [0, 1]; the hull's own
    vertices are on it, in order; and the polyline is dense enough that, in display pixels on
    the Axes' own scale (``ax``, default the line's), no chord strays more than ``max_px_error``
    from the true curve."""
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    vx, vy = np.asarray(vx, float), np.asarray(vy, float)
    assert x[0] == vx[0] and y[0] == vy[0] and x[-1] == vx[-1] and y[-1] == vy[-1]
    for t, a in zip(vx, vy):  # each hull vertex is drawn
        assert np.any(np.isclose(x, t, rtol=1e-12) & np.isclose(y, a, rtol=1e-12))
    # each drawn vertex on its edge's mixture formula
    edge = np.clip(np.searchsorted(vx, x, side="right") - 1, 0, len(vx) - 2)
    t1, t2, a1, a2 = vx[edge], vx[edge + 1], vy[edge], vy[edge + 1]
    p = (x - t2) / (t1 - t2)
    assert ((p >= -1e-12) & (p <= 1 + 1e-12)).all()
    np.testing.assert_allclose(y, p * a1 + (1 - p) * a2, rtol=0, atol=1e-12)
    # dense enough: the chord's midpoint (in display space) against the curve at that display x
    ax = ax if ax is not None else line.axes
    ax.figure.canvas.draw()
    disp = ax.transData.transform(np.column_stack([x, y]))
    mid = (disp[:-1] + disp[1:]) / 2
    mx = ax.transData.inverted().transform(mid)[:, 0]
    e = np.clip(np.searchsorted(vx, mx, side="right") - 1, 0, len(vx) - 2)
    q = (mx - vx[e + 1]) / (vx[e] - vx[e + 1])
    true = ax.transData.transform(np.column_stack([mx, q * vy[e] + (1 - q) * vy[e + 1]]))
    assert np.abs(true[:, 1] - mid[:, 1]).max() < max_px_error


@pytest.fixture
def check_mixture_path():
    return _check_mixture_path


@pytest.fixture
def figure():
    """Make figures in the shared style (``figure(width=6, height=4)``, or ``plt.subplots``'s
    arguments with ``figsize=``); each is closed after the test. Returns ``(fig, ax)``."""
    figs = []

    def make(*args, width: float = 6.0, height: float = 4.0, **kwargs):
        kwargs.setdefault("figsize", (width, height))
        with matplotlib.rc_context(RC):
            fig, ax = plt.subplots(*args, **kwargs)
        figs.append(fig)
        return fig, ax

    yield make
    for fig in figs:
        plt.close(fig)
