"""Faults of the robust-build issue, engine side: a closed or full standard output,
a full disk, an unusable lock or record folder end in one sentence (never a
traceback); records missing a field, or edited together with their file, are
rendered again; captions come from the registry at every render."""

import dataclasses
import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gdfig import cache, cli, registry, render, seal
from gdfig.figures.params import MAX_POINTS
from tests.conftest import run_gdfig

DATA = "answers"  # a data export: no drawing, a render of a second or two
DRAWN = "surrogate_eta0125_t00"


def one_sentence(stderr: str) -> bool:
    return stderr.count("\n") == 1 and "Traceback" not in stderr and stderr.startswith("gdfig: ")


@pytest.fixture(scope="module")
def drawn_once(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("drawn") / "out"
    assert run_gdfig("render", DRAWN, DATA, "--formats", "svg", "--out", str(out)).returncode == 0
    return out


@pytest.fixture
def drawn(drawn_once, tmp_path) -> Path:
    return Path(shutil.copytree(drawn_once, tmp_path / "out"))


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """gdfig ARGS with its standard output a pipe nobody reads (`| head -0`)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "gdfig", *args], stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=300)
    finally:
        os.close(write)


def test_a_closed_pipe_ends_list_quietly():
    result = run_into_closed_pipe("list")
    assert result.returncode == 141 and result.stderr == ""


def test_a_closed_pipe_does_not_stop_a_render(tmp_path):
    result = run_into_closed_pipe("render", DRAWN, DATA, "--formats", "svg", "--out", str(tmp_path), "--jobs", "1")
    assert result.returncode == 141 and result.stderr == ""
    assert run_gdfig("render", DRAWN, DATA, "--formats", "svg", "--out", str(tmp_path), "--check").returncode == 0


def test_a_full_standard_output_is_one_sentence():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "gdfig", "list"], stdout=full, stderr=subprocess.PIPE,
                                text=True)
    assert result.returncode == 1 and one_sentence(result.stderr) and "No space left" in result.stderr


@pytest.mark.parametrize("victim", [cache.SOURCES_MEMO, render.MANIFEST])
def test_a_full_disk_is_one_sentence(tmp_path, monkeypatch, capsys, victim):
    real = cache.write_atomic

    def full_disk(path: Path, payload: bytes) -> None:
        if path.name == victim:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, payload)

    monkeypatch.setattr(cache, "write_atomic", full_disk)
    monkeypatch.setattr(cli.sources, "_memo_grew", True)  # an earlier test may have parsed everything
    code = cli.main(["render", DATA, "--out", str(tmp_path), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1 and one_sentence(err) and "No space left on device" in err and victim in err
    assert not list(tmp_path.rglob(f"*{cache.TMP_MARK}*"))  # no half-written file


def test_a_lock_that_is_a_folder_is_one_sentence(tmp_path):
    (tmp_path / cache.RECORD_DIR / cache.LOCK_FILE).mkdir(parents=True)
    result = run_gdfig("render", DATA, "--out", str(tmp_path))
    assert result.returncode == 1 and one_sentence(result.stderr) and "lock' (Is a directory)" in result.stderr


def test_an_unwritable_lock_is_one_sentence(tmp_path, monkeypatch, capsys):
    def refused(path):  # tests run as root here, where chmod refuses nothing
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(cache, "open_lock", refused)
    assert cli.main(["render", DATA, "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert one_sentence(err) and "lock' (Permission denied); make it writable" in err


def test_a_dangling_record_folder_link_is_one_sentence(tmp_path):
    (tmp_path / cache.RECORD_DIR).symlink_to(tmp_path / "gone")
    for extra in ([], ["--check"]):
        result = run_gdfig("render", DATA, "--out", str(tmp_path), *extra)
        assert result.returncode == 2 and one_sentence(result.stderr) and "does not exist" in result.stderr


SETTINGS = [
    (["--set", "t=1", "--set", "t=2"], "--set t is given twice"),
    (["--set", "t=" + "7" * 5000], "…"),
    (["--set", "starts=" + ";".join(["0.5,0.5"] * (MAX_POINTS + 1))], f"give at most {MAX_POINTS}"),
]


@pytest.mark.parametrize("args, message", SETTINGS, ids=["repeated key", "5000 digits", "too many points"])
def test_bad_settings_are_one_short_sentence(tmp_path, args, message):
    name = "contour_starts" if "starts" in args[1] else DRAWN
    result = run_gdfig("render", name, *args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and one_sentence(result.stderr) and message in result.stderr
    assert len(result.stderr) < 200 and not (tmp_path / "out").exists()


def test_version_and_help():
    import gdfig

    assert run_gdfig("--version").stdout.strip() == f"gdfig {gdfig.__version__}"
    text = run_gdfig("render", "--help").stdout
    assert "examples:" in text and "exit status:" in text and "141" in text
    for spec in registry.EVERYTHING:  # every family, every key its Params declares
        assert f"  {spec.family.name} (" in text
        for field in dataclasses.fields(spec.family.params_type):
            assert f"    {field.name}: " in text


def manifest_entry(out: Path, name: str) -> dict:
    return next(e for e in json.loads((out / "manifest.json").read_text())["figures"] if e["name"] == name)


def test_an_edited_caption_reaches_the_manifest_and_reverting_reverts(drawn, monkeypatch, capsys):
    original = registry.BY_NAME[DRAWN]
    edited = dataclasses.replace(original, caption="An edited caption.", title="An edited title")
    args = ["render", DRAWN, DATA, "--formats", "svg", "--out", str(drawn), "--jobs", "1"]
    monkeypatch.setitem(registry.BY_NAME, DRAWN, edited)
    monkeypatch.setattr(registry, "EVERYTHING", tuple(edited if s is original else s for s in registry.EVERYTHING))
    assert cli.main([*args, "--check"]) == 1
    assert "title, caption or alt text differ from the registry" in capsys.readouterr().out
    assert cli.main(args) == 0
    assert "0 rendered, 2 cached" in capsys.readouterr().out  # no image depends on a caption
    assert manifest_entry(drawn, DRAWN)["caption"] == "An edited caption."
    assert manifest_entry(drawn, DRAWN)["title"] == "An edited title"
    monkeypatch.undo()
    assert cli.main([*args, "--check"]) == 1 and cli.main(args) == 0
    assert manifest_entry(drawn, DRAWN)["caption"] == original.caption
    assert cli.main([*args, "--check"]) == 0


def edit_record(out: Path, name: str, edit, reseal: bool) -> None:
    """Edit a record by hand; `reseal`: sealed again, as only gdfig can."""
    path = cache.record_path(out, name)
    record = json.loads(path.read_text())
    edit(record)
    path.write_text(json.dumps(seal.sealed(record) if reseal else record))


@pytest.mark.parametrize("field", ["width", "height", "sha256"])
def test_a_record_missing_a_field_the_site_needs_is_rendered_again(drawn, field):
    edit_record(drawn, DRAWN, lambda record: record["outputs"]["svg"].pop(field), reseal=True)
    assert run_gdfig("render", DRAWN, "--formats", "svg", "--out", str(drawn), "--check").returncode == 1
    result = run_gdfig("render", DRAWN, "--formats", "svg", "--out", str(drawn))
    assert result.returncode == 0 and f"rendered  {DRAWN}" in result.stdout
    entry = manifest_entry(drawn, DRAWN)["files"]["svg"]
    assert entry["width"] > 0 and entry["height"] > 0 and len(entry["sha256"]) == 64


def test_a_record_copied_over_another_figures_is_not_taken_for_it(drawn):
    """DATA's own (sealed) record copied to DRAWN's place: the manifest never lists
    DATA twice or DRAWN with DATA's files, and DRAWN is rendered again."""
    shutil.copy(cache.record_path(drawn, DATA), cache.record_path(drawn, DRAWN))
    assert run_gdfig("render", DATA, "--out", str(drawn)).returncode == 0
    names = [entry["name"] for entry in json.loads((drawn / "manifest.json").read_text())["figures"]]
    assert names.count(DATA) == 1 and DRAWN not in names
    result = run_gdfig("render", DRAWN, "--formats", "svg", "--out", str(drawn))
    assert result.returncode == 0 and f"rendered  {DRAWN}" in result.stdout
    assert manifest_entry(drawn, DRAWN)["files"]["svg"]["width"] > 0


def test_a_file_and_its_recorded_hash_edited_together_are_rendered_again(drawn):
    original = (drawn / f"{DRAWN}.svg").read_bytes()
    forged = original.replace(b"</svg>", b"<text>forged</text></svg>")
    (drawn / f"{DRAWN}.svg").write_bytes(forged)
    edit_record(drawn, DRAWN, lambda record: record["outputs"]["svg"].update(
        sha256=hashlib.sha256(forged).hexdigest()), reseal=False)
    check = run_gdfig("render", DRAWN, "--formats", "svg", "--out", str(drawn), "--check")
    assert check.returncode == 1 and f"{DRAWN}.svg" in check.stdout
    assert run_gdfig("render", DRAWN, "--formats", "svg", "--out", str(drawn)).returncode == 0
    assert (drawn / f"{DRAWN}.svg").read_bytes() == original
