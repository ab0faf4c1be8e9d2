"""`make bench`: the speed budgets of the figures issue, measured and printed.

Budgets (2-core machine): cold render of all 34 figures in every format <= 10 s;
a no-op render <= 0.5 s; the 10^4-step logistic run <= 0.3 s.  Prints, never fails.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_render(out: Path, *extra: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "gdfig", "render", "--all", "--out", str(out), *extra],
                            capture_output=True, text=True, check=True)
    return time.perf_counter() - started, result.stdout


def logistic_seconds() -> float:
    import torch

    from gdfig.numerics import logistic

    gen = torch.Generator().manual_seed(0)
    x, y = logistic.make_points(100, gen)
    started = time.perf_counter()
    logistic.train(x, y, 0.1, (0, 10, 100, 1000, 10000), gen)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cold, lines = timed_render(out)
        noop, _ = timed_render(out)
        serial, serial_lines = timed_render(out, "--force", "--jobs", "1")
    rows = sorted(((float(line.split("(")[1].split(" s")[0]), line.split()[1])
                   for line in serial_lines.splitlines() if line.startswith("rendered")), reverse=True)
    print("per figure, one process (all formats and themes):")
    for seconds, name in rows:
        print(f"  {name:<24} {seconds:6.2f} s")
    print(f"cold make figures (34 figures + 3 exports): {cold:6.2f} s   (budget 10 s)")
    print(f"same, one process                         : {serial:6.2f} s")
    print(f"no-op make figures (all cached)           : {noop:6.2f} s   (budget 0.5 s)")
    print(f"logistic regression, 10^4 steps           : {logistic_seconds():6.2f} s   (budget 0.3 s)")


if __name__ == "__main__":
    main()
