"""One-line messages: a path or a typed value cut to fit, and the sentence for a file
that could not be written (the fix depends on why)."""

import errno
from pathlib import Path

FIXES = {errno.ENOSPC: "free some space on that disk, then run the command again",
         errno.EDQUOT: "free some space within your quota, then run the command again",
         errno.EACCES: "make it writable, or pass another folder with --out",
         errno.EPERM: "make it writable, or pass another folder with --out",
         errno.EROFS: "pass a folder on a writable disk with --out",
         errno.EISDIR: "it must be a file: remove that folder",
         errno.ENOTDIR: "a part of that path is a file: remove it or pass another folder with --out"}


def os_problem(error: OSError) -> str:
    """One sentence for a file the render could not write or use."""
    where = f" '{shown(Path(str(error.filename)))}'" if error.filename else ""
    fix = FIXES.get(error.errno, "fix it, or pass another folder with --out")
    return f"cannot write{where} ({error.strerror or error}); {fix}."


def cut_long_words(message: str, longest: int = 60) -> str:
    """A message quoting what the user typed, with any word longer than `longest` cut
    in the middle: `--set t=<5000 digits>` is answered in one line."""
    return " ".join(w if len(w) <= longest else f"{w[:longest // 2 - 2]}…{w[-(longest // 2 - 2):]}"
                    for w in message.split(" "))


def shown(path: Path) -> str:
    """A path short enough for a one-line message."""
    text = str(path)
    return text if len(text) <= 80 else f"{text[:38]}…{text[-38:]}"
