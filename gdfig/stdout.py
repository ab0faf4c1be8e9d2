"""Standard output that may go away: `gdfig list | head -1`, `| true`, `> /dev/full`.

say(text) prints a line; once a write fails, the rest is dropped (and fd 1 points at
/dev/null, so Python's own flush at exit has nothing to complain about), while the
command goes on: a render still finishes its figures.  say.finish(status) then
turns the loss into the exit status: a closed pipe ends quietly with 141 (what a
shell reports for SIGPIPE), any other failure (a full disk) in one sentence with 1.
"""

import errno
import os
import sys

CLOSED_PIPE = 141  # 128 + SIGPIPE


class _Say:
    def __init__(self) -> None:
        self.lost: OSError | None = None

    def __call__(self, text: str) -> None:
        if self.lost is not None:
            return
        try:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        except OSError as error:
            self.lost = error
            detach()

    def finish(self, status: int) -> int:
        """`status`, or what a lost standard output makes of it."""
        lost, self.lost = self.lost, None
        if lost is None:
            return status
        if lost.errno == errno.EPIPE:
            return CLOSED_PIPE
        print(f"gdfig: cannot write to standard output ({lost.strerror}); "
              f"send it to a file on a disk with room, or to /dev/null.", file=sys.stderr)
        return 1


def detach() -> None:
    """Point fd 1 at /dev/null: what is still buffered goes nowhere, without an error."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no real stdout (a test's capture): nothing to protect
        pass


say = _Say()
