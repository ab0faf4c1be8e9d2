"""Put a freshly built folder in the place of another in one step.

Linux swaps two directories atomically (renameat2 with RENAME_EXCHANGE): a reader
of the site sees the old tree or the new one, never a mix.  Elsewhere, or on a file
system without it, two renames leave the target missing for an instant only.
"""

import ctypes
import errno
import os
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def swap_in(fresh: Path, target: Path) -> None:
    """`target` becomes `fresh`'s tree; `fresh` then holds the previous `target` (or
    nothing) for the caller to remove."""
    if not target.exists() and not target.is_symlink():
        os.rename(fresh, target)
        fresh.mkdir()  # so that the caller's clean-up finds what it expects
        return
    if _exchange(fresh, target):
        return
    aside = fresh.with_name(fresh.name + ".old")
    os.rename(target, aside)
    os.rename(fresh, target)
    os.rename(aside, fresh)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
