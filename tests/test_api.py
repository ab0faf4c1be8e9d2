"""The Python API (gdfig.figure, gdfig.data, gdfig.notebook.show): the same numbers and
drawings as `gdfig render`, the same checks on parameters, the caller's matplotlib
left alone."""

import json
import subprocess
import sys
import textwrap

import pytest

import gdfig
from tests.conftest import run_gdfig

NAME = "logistic_n100"


def test_data_is_what_render_writes_for_the_same_parameters(tmp_path):
    assert run_gdfig("render", NAME, "--set", "eta=0.3", "--formats", "svg", "--out", str(tmp_path)).returncode == 0
    written = json.loads((tmp_path / f"{NAME}--eta-0.3.json").read_text())
    numbers = gdfig.data(NAME, eta=0.3)
    assert json.loads(json.dumps(numbers)) == {k: v for k, v in written.items() if k not in ("figure", "params")}
    numbers["w"][0] = 1e9  # the caller's own copy: the next call is unchanged
    assert gdfig.data(NAME, eta=0.3)["w"] == written["w"]


def test_figure_draws_each_layout_and_theme():
    from matplotlib.figure import Figure

    wide, narrow = gdfig.figure(NAME), gdfig.figure(NAME, theme="dark", layout="narrow")
    assert isinstance(wide, Figure) and isinstance(narrow, Figure)
    assert narrow.get_size_inches()[0] < wide.get_size_inches()[0]
    assert len(narrow.axes) == len(wide.axes) > 0


@pytest.mark.parametrize("call, message", [
    (lambda: gdfig.figure(NAME, theme="sepia"), "unknown theme 'sepia'"),
    (lambda: gdfig.figure("answers"), "is a data export, not a figure"),
    (lambda: gdfig.figure("logistc_n100"), "did you mean 'logistic_n100'"),
    (lambda: gdfig.data(NAME, eta=-1.0), "out of range"),
    (lambda: gdfig.data(NAME, etta=0.3), "did you mean 'eta'"),
    (lambda: gdfig.figure("contour_starts", starts=[(0.5, 0.5)] * 21), "give at most 20"),
])
def test_bad_arguments_raise_one_sentence(call, message):
    with pytest.raises(gdfig.BadInput, match=message):
        call()


def test_show_leaves_the_callers_backend_and_figures_alone():
    script = textwrap.dedent("""
        import matplotlib
        matplotlib.use("pdf")
        import matplotlib.pyplot as plt
        mine = plt.figure()
        from gdfig.notebook import show
        page = show("logistic_vs_lda")._repr_html_()
        assert matplotlib.get_backend() == "pdf", matplotlib.get_backend()
        assert plt.fignum_exists(mine.number)
        assert page.count("data:image/svg+xml;base64,") == 2 and '<source media="(max-width: 480px)"' in page
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout == "ok\n", result.stderr


def test_importing_gdfig_loads_neither_torch_nor_matplotlib():
    script = "import sys, gdfig; gdfig.names(); print('torch' in sys.modules or 'matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True).stdout == "False\n"
