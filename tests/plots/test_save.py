"""save_figure writes byte-identical PNG and SVG files."""

import hashlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import analysis


def _draw():
    analysis.use_style()
    fig, ax = plt.subplots()
    ax.plot([1, 10, 100], [0.2, 0.5, 0.6], marker="o", label="a")
    ax.set_xscale("log")
    ax.legend()
    return fig


def test_save_figure_is_byte_identical(tmp_path):
    digests = []
    for run in range(2):
        fig = _draw()
        paths = analysis.save_figure(fig, "demo", folder=tmp_path / str(run))
        plt.close(fig)
        assert [p.suffix for p in paths] == [".png", ".svg"]
        digests.append([hashlib.sha256(p.read_bytes()).hexdigest() for p in paths])
    assert digests[0] == digests[1]
    svg = (tmp_path / "0" / "demo.svg").read_text()
    assert "<dc:date>" not in svg
    assert not list((tmp_path / "0").glob(".*tmp*"))
