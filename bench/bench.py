"""`make bench`: the engine's speed budgets, measured and printed with PASS/FAIL.

Each value is the median of several runs:
  cold render   `gdfig render --all --force` into an empty folder: every figure and
                export, every format, theme and layout          <= 10 s
  no-op render  the same with everything cached                  <= 0.5 s
  logistic      10^4 gradient steps on 100 points                <= 0.3 s
  warm site     `make site` again with nothing changed           <= 2 s
  cold site     `make site` in a fresh copy (venv, node_modules present) <= 30 s
  torch index   what asking PyTorch's CPU wheel index for torch adds to the set-up
                (tools/venv.py: one quick try; unreachable here)  <= 10 s
Warm `make site` is also shown without the handout (properdocs alone).
Prints, never fails: budgets are for people, not for the test suite.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the project root holds tools/
RUNS = int(os.environ.get("BENCH_RUNS", "3"))  # BENCH_RUNS=1 for a quick look


def seconds(command: list[str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def render(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "gdfig", "render", "--all", "--out", str(out), *extra]


def cold_and_noop_render(scratch: Path) -> tuple[float, float]:
    colds = []
    for run in range(RUNS):
        out = scratch / f"cold{run}"
        colds.append(seconds(render(out, "--force")))
    noops = [seconds(render(scratch / "cold0")) for _ in range(RUNS + 2)]
    return statistics.median(colds), statistics.median(noops)


def logistic_seconds() -> float:
    import torch

    from gdfig.numerics import logistic

    times = []
    for _ in range(RUNS + 2):
        generator = torch.Generator().manual_seed(0)
        x, y = logistic.make_points(100, generator)
        started = time.perf_counter()
        logistic.train(x, y, 0.1, (0, 10, 100, 1000, 10000), generator)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def project_copy(dest: Path) -> Path:
    """The tracked files (mtimes kept, so make sees the venv as up to date), with the
    venv and node_modules linked in: what `make site` finds after a fresh clone and set-up."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, files.decode().split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    for name in (".venv", "node_modules"):
        (dest / name).symlink_to(ROOT / name)
    return dest


# -o: never remake the set-up from the copy, which would point the shared venv's
# editable install of gdfig at the temporary copy.
MAKE_SITE = ["make", "-s", "-o", "node_modules/.installed-build", "site"]


def site_builds(scratch: Path) -> tuple[float, float, float]:
    """(cold make site, warm make site, warm properdocs build alone), medians."""
    colds, warms, alone = [], [], []
    mkdocs = [str(ROOT / ".venv" / "bin" / "properdocs"), "build", "-q", "-f", "mkdocs.yml"]
    for run in range(RUNS):
        project = project_copy(scratch / f"site{run}")
        colds.append(seconds(MAKE_SITE, cwd=project))
        warms.append(seconds(MAKE_SITE, cwd=project))
        alone.append(seconds(mkdocs, cwd=project))
    return statistics.median(colds), statistics.median(warms), statistics.median(alone)


def torch_index_cost() -> float:
    """Median extra seconds that tools/venv.py's torch look-up spends on the CPU index
    (pip's look-up of torch with and without it, nothing installed)."""
    from tools import venv

    lookup = [sys.executable, *venv.PIP, "index", "versions", "torch", *venv.QUICK]
    with_index = lookup + ["--extra-index-url", venv.TORCH_CPU_INDEX]
    costs = []
    for _ in range(RUNS):
        costs.append(seconds(with_index) - seconds(lookup))
    return max(0.0, statistics.median(costs))


def line(label: str, value: float, budget: float | None) -> str:
    verdict = "" if budget is None else f"budget {budget:>4g} s  {'PASS' if value <= budget else 'FAIL'}"
    return f"{label:<52} {value:7.2f} s   {verdict}"


def main() -> None:
    print(f"cores: {os.cpu_count()}, load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())} "
          f"(medians of {RUNS}+ runs)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        cold, noop = cold_and_noop_render(Path(folder))
        print(line("cold render --all --force, empty folder", cold, 10), flush=True)
        print(line("no-op render --all (everything cached)", noop, 0.5), flush=True)
        print(line("logistic regression, 10^4 steps", logistic_seconds(), 0.3), flush=True)
        site_cold, site_warm, mkdocs_warm = site_builds(Path(folder))
    print(line("cold make site (venv and node_modules present)", site_cold, 30))
    print(line("warm make site, nothing changed (with the handout)", site_warm, 2))
    print(line("warm properdocs build alone (make site without the handout)", mkdocs_warm, None))
    print(line("set-up: torch's CPU index, one quick try (unreachable here)", torch_index_cost(), 10))


if __name__ == "__main__":
    main()
