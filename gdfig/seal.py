"""A seal on each record, so that a figure file and the sha256 recorded beside it,
edited together, are not taken for a render's output.

The seal is an HMAC-SHA256 of the record under a key kept apart from every output
folder: a random key made once per user in $XDG_CACHE_HOME/gdfig/record-key
(~/.cache/gdfig; GDFIG_RECORD_KEY names another file).  A record whose seal does
not match (edited, made by an older gdfig or on another machine) counts as
missing: its figure is rendered again.  Copies of a folder on this machine stay
valid, and the site never sees the seal (it is not in the manifest).
"""

import hashlib
import hmac
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path

FIELD = "seal"
FALLBACK_KEY = b"gdfig: no private key could be kept"  # still catches a hand edit of the record


def key_path() -> Path:
    if named := os.environ.get("GDFIG_RECORD_KEY"):
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gdfig" / "record-key"


@lru_cache(maxsize=1)
def key() -> bytes:
    """This user's key, made on first use: written whole beside its place, then linked
    into it, so renders starting together all read the one that won."""
    path = key_path()
    try:
        return _read(path)
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_bytes(secrets.token_hex(32).encode())
        try:
            os.link(tmp, path)  # fails if another render made it first: then theirs is read
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return _read(path)
    except OSError:  # no writable home: the seal still tells an edited record
        return FALLBACK_KEY


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    if len(data) < 32:
        raise OSError(f"record key {path} is too short")
    return data


def sign(record: dict) -> str:
    body = json.dumps({k: v for k, v in record.items() if k != FIELD}, sort_keys=True).encode()
    return hmac.new(key(), body, hashlib.sha256).hexdigest()


def sealed(record: dict) -> dict:
    return {**record, FIELD: sign(record)}


def is_sealed(record: dict) -> bool:
    return isinstance(record.get(FIELD), str) and hmac.compare_digest(record[FIELD], sign(record))
