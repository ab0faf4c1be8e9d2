"""What decides whether an output must be re-rendered, and safe writes.

An output's key hashes everything that can change its bytes: the figure's name,
family and parameters, its theme, layout and format, the parsed code its
family can run and the renderer's saving code (gdfig.sources), and the
versions of the libraries that compute, draw and encode.
A per-figure record <out>/.gdfig/<name>.json keeps each output's key, sha256
and image size, and the figure's description (title, caption, alt text...: what
the manifest says, as the registry says it now); it is rewritten only after the
output itself has been atomically saved, so a render killed at any point leaves
either the old state or the new one.  A record that cannot be read, has the
wrong shape, lacks a field the site needs or is not sealed by this user's key
(gdfig.seal: a file and its recorded hash edited together) counts as missing:
its figure re-renders.
"""

import fcntl
import hashlib
import json
import os
import platform
import sys
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from gdfig import seal, sources

# Those whose version can change a byte: numbers, drawing, layout, contours, fonts, PNG.
LIBRARIES = ("torch", "numpy", "matplotlib", "contourpy", "kiwisolver", "fonttools", "pillow")
RECORD_DIR = ".gdfig"
LOCK_FILE = "lock"
SOURCES_MEMO = "sources.memo"  # what parsing gdfig's modules gave (gdfig.sources), by their bytes
TMP_MARK = ".tmp-"
FIGURE_FIELDS = {"name", "kind", "title", "caption", "alt", "family", "params", "sequence",
                 "frame", "label", "variant_of"}


@lru_cache(maxsize=1)
def library_versions() -> str:
    """Read from the installed dist-info folders' names: importing the libraries, or
    importlib.metadata, would cost more than the rest of a cached render."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            entries = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for entry in entries:
            name, _, version = entry.removesuffix(".dist-info").partition("-")
            if entry.endswith(".dist-info") and name.lower() in LIBRARIES:
                found.setdefault(name.lower(), version)
    versions = [f"python=={platform.python_version()}"]
    return ",".join(versions + [f"{library}=={found.get(library, 'unknown')}" for library in LIBRARIES])


def fingerprint() -> str:
    """The whole package as parsed code, and the library versions: what the site
    uses to know when its notebook must run again."""
    return hashlib.sha256((sources.digest_modules(sources.all_modules()) + library_versions()).encode()).hexdigest()


def family_code(family) -> str:
    """The hash of the code a family's compute, draw and Params can run."""
    roots = [family.compute, family.params_type] + ([family.draw] if family.draw else [])
    return sources.code_of(roots)


def output_key(spec, output) -> str:
    """The key of one output (e.g. suffix 'narrow.dark.svg') of one figure."""
    parts = {"name": spec.name, "family": spec.family.name, "params": spec.params_dict(),
             "output": output.suffix, "family_code": family_code(spec.family),
             "saving_code": sources.saving_code(), "libraries": library_versions()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=list).encode()).hexdigest()


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # missing, a folder, unreadable: not the recorded bytes
        return None


def write_atomic(path: Path, payload: bytes) -> None:
    """Write to a temporary file beside `path`, then rename over it: a reader sees the
    old file or the new one, never half of one.  No fsync: a file damaged by a power
    cut fails its sha256 check at the next plan and is rendered again."""
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}")
    try:
        tmp.write_bytes(payload)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def remove_orphans(out: Path) -> None:
    """Delete temporary files left by renders that were killed (their process is gone)."""
    for folder in (out, out / RECORD_DIR):
        for tmp in folder.glob(f".*{TMP_MARK}*"):
            pid = tmp.name.rpartition(TMP_MARK)[2]
            if not pid.isdigit() or not _alive(int(pid)):
                tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return True


def record_path(out: Path, name: str) -> Path:
    return out / RECORD_DIR / f"{name}.json"


def read_record(out: Path, name: str) -> dict[str, Any]:
    """The record of `name`, or {} when it is missing, unreadable, of the wrong shape
    or not sealed by us."""
    try:
        record = json.loads(record_path(out, name).read_bytes())
    except (OSError, ValueError):  # ValueError covers bad UTF-8 and bad JSON
        return {}
    return record if is_valid_record(record, name) and seal.is_sealed(record) else {}


def is_valid_record(record: Any, name: str) -> bool:
    if not (isinstance(record, dict) and isinstance(record.get("figure"), dict)
            and isinstance(record.get("outputs"), dict)):
        return False
    figure, outputs = record["figure"], record["outputs"]
    return (FIGURE_FIELDS <= set(figure) and figure["name"] == name
            and all(isinstance(suffix, str) and is_complete_entry(suffix, entry)
                    for suffix, entry in outputs.items()))


def is_complete_entry(suffix: str, entry: Any) -> bool:
    """Every field the site reads: key and sha256, and for an image its size in px."""
    if not (isinstance(entry, dict) and isinstance(entry.get("key"), str)
            and isinstance(entry.get("sha256"), str) and len(entry["sha256"]) == 64):
        return False
    return suffix.endswith(".json") or suffix == "json" or all(
        type(entry.get(side)) is int and entry[side] > 0 for side in ("width", "height"))


def describe(spec) -> dict[str, Any]:
    """What the manifest says about a figure besides its files: read from the registry
    at every render, so an edited caption reaches the site (and reverting reverts)."""
    return json.loads(json.dumps(
        {"name": spec.name, "kind": spec.family.kind, "title": spec.title, "caption": spec.caption,
         "alt": spec.alt, "family": spec.family.name, "params": spec.params_dict(),
         "sequence": spec.sequence, "frame": spec.frame, "label": spec.label,
         "variant_of": spec.variant_of}, default=list))  # as read back from JSON: tuples are lists


def record_names(out: Path) -> list[str]:
    return sorted(p.stem for p in (out / RECORD_DIR).glob("*.json"))


def write_record(out: Path, name: str, record: dict[str, Any]) -> None:
    path = record_path(out, name)
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, json.dumps(seal.sealed(record), indent=1, sort_keys=True).encode())


@contextmanager
def locked(out: Path, on_wait) -> Iterator[None]:
    """Hold <out>/.gdfig/lock: renders into one folder take turns.  `on_wait` is
    called once if another render holds it."""
    (out / RECORD_DIR).mkdir(exist_ok=True)
    with open_lock(out / RECORD_DIR / LOCK_FILE) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def open_lock(path: Path):
    """The lock file, created if missing (an OSError naming it if it cannot be: a folder
    in its place, no permission)."""
    return open(path, "a")


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

