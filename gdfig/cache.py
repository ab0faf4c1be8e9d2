"""What decides whether an output must be re-rendered, and safe writes.

An output's key hashes everything that can change its bytes: the figure's name,
family and parameters, its theme and format, every source file of the package
(not only the figure's own module), and the torch/matplotlib/numpy versions.
A per-figure record <out>/.gdfig/<name>.json keeps each output's key and sha256;
it is rewritten only after the output itself has been atomically saved, so a
render killed at any point leaves either the old state or the new one.
"""

import hashlib
import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = ("torch", "matplotlib", "numpy")
RECORD_DIR = ".gdfig"
TMP_MARK = ".tmp-"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """sha256 over the package sources and the versions of the libraries that draw."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for library in LIBRARIES:  # read from metadata: importing them would cost seconds
        digest.update(f"{library}=={metadata.version(library)}\0".encode())
    return digest.hexdigest()


def output_key(spec, output) -> str:
    """The key of one output (e.g. suffix 'dark.svg') of one figure."""
    spec = {"name": spec.name, "family": spec.family.name, "params": spec.params_dict(),
            "output": output.suffix, "fingerprint": fingerprint()}
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def write_atomic(path: Path, payload: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename over it."""
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


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
    try:
        return json.loads(record_path(out, name).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def write_record(out: Path, name: str, record: dict[str, Any]) -> None:
    path = record_path(out, name)
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, json.dumps(record, indent=1, sort_keys=True).encode())
