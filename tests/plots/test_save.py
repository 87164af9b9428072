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


def test_save_figure_result_shows_as_one_line_in_a_notebook(tmp_path):
    """The returned list of paths is displayed by IPython as one short line, not as Path reprs."""
    from IPython.lib.pretty import pretty

    fig = _draw()
    paths = analysis.save_figure(fig, "demo", folder=tmp_path / "figures")
    plt.close(fig)
    assert list(paths) == [tmp_path / "figures" / "demo.png", tmp_path / "figures" / "demo.svg"]
    assert pretty(paths) == "saved figures/demo.png, .svg"
    assert "PosixPath" in repr(paths)  # repr() itself stays the list's (full paths for debugging)
