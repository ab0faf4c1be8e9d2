"""The renderer: deterministic bytes, a cache keyed on all that matters, the
manifest, and bad input refused before anything is written."""

import dataclasses
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_gdfig
from gdfig import cache, registry, render
from gdfig.figures.spec import variant
from gdfig.outputs import Output, outputs_for

SAMPLE = ["surrogate_eta0500_t03", "surface", "contour_eta_large", "logistic_vs_lda"]


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_two_processes_write_identical_bytes(rendered, tmp_path):
    result = run_gdfig("render", *SAMPLE, "--out", str(tmp_path), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    again = files(tmp_path)
    assert len(again) == len(SAMPLE) * 8 + 1  # json, svg, pdf, png, dark svg, dark png, 2 narrow svg; manifest
    for name, payload in again.items():
        if name != "manifest.json":
            assert payload == (rendered / name).read_bytes(), name


def test_manifest_lists_every_figure_with_true_hashes(rendered):
    manifest = json.loads((rendered / "manifest.json").read_text())
    assert [f["name"] for f in manifest["figures"]] == [s.name for s in registry.EVERYTHING]
    for entry in manifest["figures"]:
        spec = registry.get(entry["name"])
        assert (entry["title"], entry["caption"], entry["alt"]) == (spec.title, spec.caption, spec.alt)
        assert (entry["sequence"], entry["frame"]) == (spec.sequence, spec.frame)
        images = ({"svg", "pdf", "png", "dark.svg", "dark.png", "narrow.svg", "narrow.dark.svg"}
                  if entry["kind"] == "figure" else set())
        assert set(entry["files"]) == {"json"} | images
        assert entry["kind"] == ("data" if spec in registry.EXPORTS else "figure")
        for file in entry["files"].values():
            assert hashlib.sha256((rendered / file["path"]).read_bytes()).hexdigest() == file["sha256"]


def test_png_is_twice_the_nominal_resolution(rendered):
    import struct

    header = (rendered / "surface.png").read_bytes()[16:24]
    width, _ = struct.unpack(">II", header)
    assert width == 6.4 * 100 * 2


def test_check_is_clean_after_a_render_and_a_second_render_is_all_cached(rendered):
    check = run_gdfig("render", "--all", "--check", "--out", str(rendered))
    assert check.returncode == 0, check.stdout
    again = run_gdfig("render", "--all", "--out", str(rendered))
    assert f"0 rendered, {len(registry.EVERYTHING)} cached, 0 failed" in again.stdout


def test_a_cached_run_imports_neither_torch_nor_matplotlib(rendered):
    code = ("import sys; from gdfig.cli import main; code = main(['render', '--all', '--out', sys.argv[1]]);"
            "heavy = {'torch', 'matplotlib'} & set(sys.modules); print(sorted(heavy)); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, str(rendered)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip().endswith("[]"), result.stdout + result.stderr


@pytest.fixture
def one_figure(tmp_path):
    """surrogate_eta0500_t03 rendered as SVG alone, in this process."""
    spec = registry.get("surrogate_eta0500_t03")
    outputs = outputs_for(("svg",))
    render.run(render.plan([spec], outputs, tmp_path, force=False), tmp_path, 1, lambda *a: None)
    return spec, outputs, tmp_path


def stale(spec, outputs, out):
    return [o.suffix for job in render.plan([spec], outputs, out, force=False) for o in job.stale]


def test_cache_is_fresh_when_nothing_changed(one_figure):
    assert stale(*one_figure) == []


def test_cache_sees_a_parameter_change(one_figure):
    spec, outputs, out = one_figure
    changed = dataclasses.replace(spec, params=type(spec.params)(eta=0.3, t=3))
    assert stale(changed, outputs, out) == ["json", "svg", "dark.svg", "narrow.svg", "narrow.dark.svg"]


def test_cache_sees_a_format_change(one_figure):
    spec, _, out = one_figure
    assert stale(spec, outputs_for(("svg", "pdf")), out) == ["pdf"]


def test_a_damaged_record_means_a_re_render_not_a_crash(one_figure):
    spec, outputs, out = one_figure
    cache.record_path(out, spec.name).write_text("{ not json")
    assert stale(spec, outputs, out) == ["json", "svg", "dark.svg", "narrow.svg", "narrow.dark.svg"]
    render.write_manifest(out)
    assert json.loads((out / "manifest.json").read_text())["figures"] == []


def test_cache_sees_an_edited_output(one_figure):
    spec, outputs, out = one_figure
    (out / "surrogate_eta0500_t03.svg").write_text("<svg/>")
    assert stale(spec, outputs, out) == ["svg"]


def test_a_variant_never_takes_a_stable_name(tmp_path):
    result = run_gdfig("render", "surrogate_eta0125_t03", "--set", "eta=0.3", "--formats", "svg", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    name = "surrogate_eta0125_t03--eta-0.3"
    assert json.loads((tmp_path / f"{name}.json").read_text())["eta"] == 0.3
    assert not (tmp_path / "surrogate_eta0125_t03.json").exists()
    entry = json.loads((tmp_path / "manifest.json").read_text())["figures"][0]
    assert entry["name"] == name and entry["variant_of"] == "surrogate_eta0125_t03"
    assert not registry.NAME_PATTERN.match(name)


BAD_INPUTS = [
    (["render", "surogate_eta0125_t03"], "did you mean 'surrogate_eta0125_t03'"),
    (["render", "surface", "--set", "gird=20"], "did you mean 'grid'"),
    (["render", "surrogate_eta0125_t00", "--set", "eta=0"], "out of range"),
    (["render", "surrogate_eta0125_t00", "--set", "eta=-1"], "out of range"),
    (["render", "surrogate_eta0125_t00", "--set", "eta=nan"], "not a finite number"),
    (["render", "surrogate_eta0125_t00", "--set", "eta=inf"], "not a finite number"),
    (["render", "surrogate_eta0125_t00", "--set", "eta=fast"], "not a number"),
    (["render", "surrogate_eta0125_t00", "--set", "t=-1"], "out of range"),
    (["render", "logistic_n10", "--set", "n=1000000000"], "out of range"),
    (["render", "surface", "--formats", "svg,gif"], "unknown format 'gif'"),
    (["render"], "pass --all"),
    (["render", "surface", "--jobs", "0"], "must be at least 1"),
    (["render", "contour_starts", "--set", "starts=0.1;0.2"], "not a list of points"),
]


@pytest.mark.parametrize("args, message", BAD_INPUTS, ids=[" ".join(a[1:]) for a, _ in BAD_INPUTS])
def test_bad_input_is_one_sentence_exit_2_and_no_file(tmp_path, args, message):
    out = tmp_path / "out"
    result = run_gdfig(*args, "--out", str(out))
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "taken"
    target.write_text("keep me")
    result = run_gdfig("render", "surface", "--out", str(target))
    assert result.returncode == 2 and "is a file" in result.stderr and target.read_text() == "keep me"


def test_an_unwritable_output_path_is_refused():
    result = run_gdfig("render", "surface", "--out", "/proc/gdfig-cannot-write-here")
    assert result.returncode == 2 and "cannot write to output folder" in result.stderr
    assert result.stderr.count("\n") == 1


SEQUENCE = ["surrogate_eta0500_*"]
SVG = ["--formats", "svg"]


def test_a_killed_render_leaves_no_partial_file_and_the_next_run_completes(rendered, tmp_path):
    # Twelve figures, one at a time: long enough for the kill to land inside one of
    # them.  SVG only: the atomic writes are the same for every format.
    process = subprocess.Popen([sys.executable, "-m", "gdfig", "render", *SEQUENCE, *SVG, "--jobs", "1",
                                "--out", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.4)  # well inside the render of some figure
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finals = [p for p in tmp_path.iterdir() if p.is_file() and cache.TMP_MARK not in p.name]
    assert finals, "the kill came before anything was written; the test proved nothing"
    for path in finals:  # every file under a final name is complete: it equals a clean render's
        assert path.read_bytes() == (rendered / path.name).read_bytes(), path.name
    for record in (tmp_path / cache.RECORD_DIR).glob("*.json"):
        for suffix, entry in json.loads(record.read_text())["outputs"].items():
            assert cache.sha256_file(tmp_path / f"{record.stem}.{suffix}") == entry["sha256"]
    result = run_gdfig("render", *SEQUENCE, *SVG, "--out", str(tmp_path))
    assert result.returncode == 0 and " 0 failed" in result.stdout
    assert run_gdfig("render", *SEQUENCE, *SVG, "--check", "--out", str(tmp_path)).returncode == 0
    assert not [p for p in tmp_path.rglob(f"*{cache.TMP_MARK}*")]


def test_a_diverging_variant_renders_with_its_divergence_recorded(tmp_path):
    result = run_gdfig("render", "surrogate_eta0125_t11", "--set", "eta=5", "--formats", "png", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    numbers = json.loads((tmp_path / "surrogate_eta0125_t11--eta-5.0.json").read_text())
    # From w0 = 0.9, |w| grows about 1.6x a step: w6 = 86.0, w7 = -137 is past the bound of 100.
    assert numbers["diverged_at"] == 7 and len(numbers["iterates"]) == 7
    assert all(abs(w) <= 100 for w in numbers["iterates"])
    assert (tmp_path / "surrogate_eta0125_t11--eta-5.0.png").stat().st_size > 10_000


def test_check_reports_missing_outputs(tmp_path):
    result = run_gdfig("render", "surface", "--check", "--out", str(tmp_path))
    assert result.returncode == 1 and "stale or missing" in result.stdout
    assert not any(tmp_path.iterdir())


def test_list_prints_every_name_in_order():
    result = run_gdfig("list")
    assert [line.split()[0] for line in result.stdout.splitlines()] == [s.name for s in registry.EVERYTHING]


def test_output_names():
    assert [o.filename("x") for o in outputs_for(("svg", "pdf", "png"))] == [
        "x.json", "x.svg", "x.pdf", "x.png", "x.dark.svg", "x.dark.png", "x.narrow.svg", "x.narrow.dark.svg"]
    assert Output("png", "dark").suffix == "dark.png"
