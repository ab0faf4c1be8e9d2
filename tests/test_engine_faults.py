"""Faults 1-10 of the engine issue, each tried as a user would and ending well.
(Fault 11, markers left in a built page, is in test_engine_markers.py.)"""

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gdfig import cache, registry, render
from gdfig.figures.spec import MAX_VARIANT_NAME, variant
from tests.conftest import ctrl_c_live, run_gdfig

FEW = ["surrogate_eta0125_t0[0-1]"]  # two figures: a render of a few seconds
FEW_NAMES = [f"surrogate_eta0125_t0{t}" for t in range(2)]
MANY = ["surrogate_eta0500_*"]  # twelve: still rendering when a signal comes


@pytest.fixture(scope="module")
def few_once(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("few") / "few"
    result = run_gdfig("render", *FEW, "--formats", "svg", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def few(few_once, tmp_path) -> Path:
    """Two figures rendered as SVG into a fresh folder: a copy of one render, which
    each test may damage as it likes."""
    return Path(shutil.copytree(few_once, tmp_path / "few"))


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def one_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and "Traceback" not in stderr


# 1. A damaged record re-renders its figure.
@pytest.mark.parametrize("damage", [os.urandom(64), b"[]", b'{"figure": 1, "outputs": []}', b'{"figure": {}}'],
                         ids=["random bytes", "a list", "wrong types", "missing fields"])
def test_a_damaged_record_re_renders_its_figure(few, damage):
    cache.record_path(few, FEW_NAMES[1]).write_bytes(damage)
    check = run_gdfig("render", *FEW, "--formats", "svg", "--check", "--out", str(few))
    assert check.returncode == 1 and one_line(check.stderr + "\n")
    result = run_gdfig("render", *FEW, "--formats", "svg", "--out", str(few))
    assert result.returncode == 0 and result.stderr == ""
    assert f"rendered  {FEW_NAMES[1]}" in result.stdout and "1 rendered, 1 cached" in result.stdout
    assert run_gdfig("render", *FEW, "--formats", "svg", "--check", "--out", str(few)).returncode == 0


# 2. No ambient matplotlib setting changes a byte.
@pytest.mark.parametrize("where", ["matplotlibrc in the working folder", "MATPLOTLIBRC"])
def test_ambient_matplotlib_settings_change_no_byte(rendered, tmp_path, where):
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "matplotlibrc").write_text("lines.linewidth: 6\naxes.facecolor: red\nfont.size: 21\n"
                                           "svg.fonttype: none\nsavefig.transparent: True\n")
    environment = {**os.environ, "MATPLOTLIBRC": str(settings)} if where == "MATPLOTLIBRC" else None
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "gdfig", "render", "logistic_vs_lda", "surface",
                             "--out", str(out)], capture_output=True, text=True, env=environment,
                            cwd=settings if environment is None else tmp_path)
    assert result.returncode == 0, result.stderr
    for path in out.iterdir():
        if path.is_file() and path.name != "manifest.json":
            assert path.read_bytes() == (rendered / path.name).read_bytes(), path.name


# 3. Records of figures no longer registered are removed, never published; variants stay.
def test_stale_records_and_their_files_are_removed_but_variants_stay(few):
    record = json.loads(cache.record_path(few, FEW_NAMES[0]).read_text())
    record["figure"]["name"] = "renamed_figure"
    cache.record_path(few, "renamed_figure").write_text(json.dumps(record))
    for suffix in record["outputs"]:
        (few / f"renamed_figure.{suffix}").write_bytes((few / f"{FEW_NAMES[0]}.{suffix}").read_bytes())
    check = run_gdfig("render", *FEW, "--formats", "svg", "--check", "--out", str(few))
    assert check.returncode == 1 and "renamed_figure" in check.stdout
    keep = run_gdfig("render", FEW_NAMES[0], "--set", "eta=0.3", "--formats", "svg", "--out", str(few))
    assert keep.returncode == 0  # any render removes what is stale
    assert not list(few.glob("renamed_figure*")) and not cache.record_path(few, "renamed_figure").exists()
    names = [entry["name"] for entry in manifest(few)["figures"]]
    assert names == [*FEW_NAMES, f"{FEW_NAMES[0]}--eta-0.3"]


# 6. --check exits 1 on a missing, truncated or garbage manifest.
@pytest.mark.parametrize("damage", ["missing", "truncated", "garbage", "another figure's"])
def test_check_fails_on_a_bad_manifest(few, damage):
    path = few / "manifest.json"
    assert run_gdfig("render", *FEW, "--formats", "svg", "--check", "--out", str(few)).returncode == 0
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:200])
    elif damage == "garbage":
        path.write_bytes(os.urandom(300))
    else:
        document = manifest(few)
        document["figures"] = document["figures"][1:]
        path.write_text(json.dumps(document, indent=1))
    result = run_gdfig("render", *FEW, "--formats", "svg", "--check", "--out", str(few))
    assert result.returncode == 1 and "manifest.json" in result.stdout


# 7. Two renders into one folder take turns; nothing is lost.
def test_concurrent_renders_into_one_folder_lose_nothing(tmp_path):
    command = [sys.executable, "-m", "gdfig", "render", *FEW, "--out", str(tmp_path)]
    first = subprocess.Popen([*command, "--formats", "svg"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen([*command, "--formats", "png"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    errors = [first.communicate(timeout=300)[1], second.communicate(timeout=300)[1]]
    assert first.returncode == second.returncode == 0, errors
    assert sum("waiting for it to finish" in e for e in errors) <= 1
    listed = {f["path"] for entry in manifest(tmp_path)["figures"] for f in entry["files"].values()}
    on_disk = {p.name for p in tmp_path.iterdir() if p.is_file() and p.name != "manifest.json"}
    assert listed == on_disk and len(on_disk) == 2 * 7  # json, svg, dark svg, 2 narrow svg, png, dark png


def test_a_render_that_finds_the_folder_locked_says_it_waits(tmp_path):
    import fcntl

    (tmp_path / cache.RECORD_DIR).mkdir()
    with open(tmp_path / cache.RECORD_DIR / cache.LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        process = subprocess.Popen([sys.executable, "-m", "gdfig", "render", "explore_1d", "--out", str(tmp_path)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = select.select([process.stderr], [], [], 60)[0] and process.stderr.readline()  # it says so, then waits
        assert "another render is writing to" in said
        time.sleep(0.5)
        assert process.poll() is None and not (tmp_path / "explore_1d.json").exists()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, said + stderr
    assert (tmp_path / "explore_1d.json").exists()


# 8. Bad paths and values: exit 2 with one sentence.
def test_bad_output_paths_are_one_sentence_and_exit_2(tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("keep me")
    records_as_file = tmp_path / "records_as_file"
    records_as_file.mkdir()
    (records_as_file / cache.RECORD_DIR).write_text("not a folder")
    cases = [(["--out", ""], "--out is empty"),
             (["--out", str(taken), "--check"], "is a file"),
             (["--out", str(tmp_path / ("x" * 300))], "File name too long"),
             (["--out", str(records_as_file)], "record folder"),
             (["--jobs", "many"], "invalid int value")]
    for extra, message in cases:
        result = run_gdfig("render", "surface", *extra, cwd=tmp_path)
        assert result.returncode == 2 and message in result.stderr and one_line(result.stderr), (extra, result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records_as_file", "taken"]


def test_many_points_make_a_short_variant_name(tmp_path):
    points = ";".join(f"0.{i:02d},0.5" for i in range(20))  # the most --set takes
    result = run_gdfig("render", "contour_starts", "--set", f"starts={points}", "--set", "steps=3",
                       "--formats", "svg", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (entry,) = manifest(tmp_path)["figures"]
    assert len(entry["name"]) <= MAX_VARIANT_NAME and entry["variant_of"] == "contour_starts"
    assert len(json.loads((tmp_path / f"{entry['name']}.json").read_text())["paths"]) == 20


# 10. Variant names stay unambiguous; a --set that changes nothing names the stable figure.
def test_variant_names_are_unambiguous_and_a_no_op_set_is_the_stable_figure():
    frame = registry.get("surrogate_eta0125_t03")
    assert variant(frame, {"w0": -0.5}).name == "surrogate_eta0125_t03--w0-m0.5"
    assert variant(frame, {"w0": 0.5}).name != variant(frame, {"w0": -0.5}).name
    assert variant(frame, {"eta": 0.125, "t": 3}) is frame
    assert variant(registry.get("surface"), {"grid": 41}) is registry.get("surface")
    both = variant(frame, {"w0": -0.5, "eta": 0.3}).name
    pairs = both.split("--")[1:]
    assert [p.split("-", 1)[0] for p in pairs] == ["eta", "w0"]  # '-' after the key, never inside a value


def test_a_no_op_set_renders_the_stable_figure(tmp_path):
    result = run_gdfig("render", "surface", "--set", "grid=41", "--formats", "svg", "--out", str(tmp_path))
    assert result.returncode == 0
    assert [e["name"] for e in manifest(tmp_path)["figures"]] == ["surface"]


def test_jobs_are_capped_by_the_work_and_the_cores(monkeypatch, tmp_path):
    from gdfig import pool

    asked = []
    monkeypatch.setattr(pool, "run_jobs", lambda jobs, out, workers: asked.append(workers) or [])
    monkeypatch.setattr(cache, "cores", lambda: 2)
    jobs = render.plan(registry.select(["surface", "contour_starts", "least_squares"]),
                       render.outputs_for(("svg",)), tmp_path, True)
    list(render._results(render.runs(jobs), tmp_path, 10_000))
    list(render._results(render.runs(jobs[:1]) * 5, tmp_path, 10_000))
    monkeypatch.setattr(cache, "cores", lambda: 64)
    list(render._results(render.runs(jobs), tmp_path, 10_000))
    assert asked == [2, 2, 3]


# 4, 5, 9. Signals, kills and dead workers.
def start(out: Path, *names: str) -> subprocess.Popen:
    """A render of several figures in its own process group, as a terminal would start it
    (as SVG: what a signal or a kill meets is the same in every format, and the PNGs
    would only make the run longer)."""
    return subprocess.Popen([sys.executable, "-m", "gdfig", "render", *(names or MANY), "--jobs", "2",
                             "--formats", "svg", "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=ctrl_c_live)


def group(pgid: int) -> list[int]:
    """Live processes of a process group (from /proc; zombies excluded)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def wait_until_writing(out: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not list(out.glob("*.svg")):
        assert process.poll() is None and time.monotonic() < deadline, "the render never wrote a file"
        time.sleep(0.02)


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """Every finished file (not a worker's temporary one, which a write the kill cut
    short may still grow) by its modification time and size."""
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in out.rglob("*")
            if p.is_file() and cache.TMP_MARK not in p.name}


def assert_quiet_after_exit(out: Path, pgid: int) -> None:
    """Once the render has exited, its workers go without finishing another file (a
    worker left to finish its figure would). The deadline only stops a test that would
    otherwise hang; how fast they go is not what is checked."""
    before = snapshot(out)
    deadline = time.monotonic() + 60
    while group(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group(pgid) == []
    assert snapshot(out) == before


@pytest.mark.parametrize("how, code", [("SIGINT to the group (Ctrl-C)", 130), ("SIGTERM", 143)])
def test_a_signal_ends_the_render_cleanly(tmp_path, how, code):
    process = start(tmp_path)
    wait_until_writing(tmp_path, process)
    if how == "SIGTERM":
        os.kill(process.pid, signal.SIGTERM)
    else:
        os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)  # a guard against a hang, not a speed target
    assert process.returncode == code and one_line(stderr), stderr
    # It stopped there: the signal came as the first file was written, long before the
    # last of the twelve figures (a render that finished its run first lists them all).
    assert len(manifest(tmp_path)["figures"]) < len(registry.select(MANY))
    assert_quiet_after_exit(tmp_path, process.pid)
    assert not list(tmp_path.rglob(f"*{cache.TMP_MARK}*"))
    for entry in manifest(tmp_path)["figures"]:  # the manifest lists what is complete, truly
        for file in entry["files"].values():
            assert cache.sha256_file(tmp_path / file["path"]) == file["sha256"]


def test_sigkill_of_the_render_takes_its_workers_with_it(tmp_path):
    process = start(tmp_path)
    wait_until_writing(tmp_path, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert_quiet_after_exit(tmp_path, process.pid)
    result = run_gdfig("render", *MANY, "--formats", "svg", "--out", str(tmp_path))
    assert result.returncode == 0 and not list(tmp_path.rglob(f"*{cache.TMP_MARK}*"))


def test_a_dead_worker_fails_only_its_figure(tmp_path):
    process = start(tmp_path)
    wait_until_writing(tmp_path, process)
    workers = [pid for pid in group(process.pid) if pid != process.pid]
    assert workers, "no worker process found"
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 1 and "Traceback" not in stderr
    failed = [line for line in stdout.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and "SIGKILL" in failed[0], stdout
    assert "11 rendered, 0 cached, 1 failed" in stdout
    dead = failed[0].split()[1].rstrip(":")
    complete = {e["name"] for e in manifest(tmp_path)["figures"] if len(e["files"]) == 5}  # json and 4 svg
    assert complete >= {s.name for s in registry.select(["surrogate_eta0500_*"])} - {dead}
