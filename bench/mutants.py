"""`make mutants`: do the fast tests catch plausible one-line mistakes?

Each mutant below is a mistake someone could make in the numerics, the figures,
the answers or the cache, written as (file, exact old text, new text).  They are
applied one at a time to a copy of the tree (never to the tree itself), and the
fast tests (not the browser tests) run against each with -x; a mutant is caught
when a test fails that does not fail on the unmutated copy.  Prints each verdict,
the catch rate against the 90 % goal and the survivors.  An old text no longer in
its file stops the script (exit 1): update the mutant along with the code.
Two copies run side by side (one per core); MUTANTS_JOBS=1 for one, and
MUTANTS_ONLY=WORDS runs only the mutants whose description contains WORDS.
"""

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL, BUDGET = 0.90, 600.0
TIMEOUT = 900  # a mutant whose tests run longer is undecided: it counts as not caught, and says so
# The fast tests, cheapest and likeliest to catch first (-x stops at the first failure); every engine test file.
TESTS = ("test_numerics", "test_registry", "test_figures", "test_drawn", "test_words", "test_one_dataset",
         "test_questions", "test_claims", "test_render",
         *sorted(p.stem for p in (ROOT / "tests").glob("test_engine_*.py")))
TOP_LEVEL_LEFT_OUT = {".git", ".venv", "node_modules", "site", ".cache", "figures"}  # venv, outputs, caches


def left_out(folder: str, names: list[str]) -> set[str]:
    """What copy_tree skips: the top level's venv, outputs and caches; node packages
    (bench/ has Lighthouse's) and bytecode anywhere."""
    top = Path(folder) == ROOT
    return {n for n in names if (top and n in TOP_LEVEL_LEFT_OUT) or n in ("node_modules", "__pycache__", ".pytest_cache")}


@dataclass(frozen=True)
class Mutant:
    what: str
    file: str
    old: str
    new: str
    first: tuple[str, ...] = ()  # test files likely to catch it, run first (only saves time)


MUTANTS = (
    # numerics
    Mutant("descent: gradient taken at the start, not at w_t", "gdfig/numerics/descent.py",
           "w = iterates[-1] - eta * gradient(loss, iterates[-1])", "w = iterates[-1] - eta * gradient(loss, iterates[0])"),
    Mutant("logistic: the update applied twice", "gdfig/numerics/logistic.py",
           "        w, b = w - eta * grad_w, b - eta * grad_b\n",
           "        w, b = w - eta * grad_w, b - eta * grad_b\n        grad_w, grad_b = gradient(x, y, w, b)\n"
           "        w, b = w - eta * grad_w, b - eta * grad_b\n"),
    Mutant("logistic: snapshots taken after the update", "gdfig/numerics/logistic.py",
           "        if n in snapshots:\n            kept.append(Snapshot(n, w.clone(), b.clone(), loss(x, y, w, b).item()))\n"
           "        grad_w, grad_b = gradient(x, y, w, b)\n        w, b = w - eta * grad_w, b - eta * grad_b\n",
           "        grad_w, grad_b = gradient(x, y, w, b)\n        w, b = w - eta * grad_w, b - eta * grad_b\n"
           "        if n in snapshots:\n            kept.append(Snapshot(n, w.clone(), b.clone(), loss(x, y, w, b).item()))\n"),
    Mutant("logistic: gradient with the margin's sign flipped", "gdfig/numerics/logistic.py",
           "u = -y * torch.sigmoid(-y * (x @ w + b))", "u = -y * torch.sigmoid(y * (x @ w + b))"),
    Mutant("logistic: noise drawn in float32", "gdfig/numerics/logistic.py",
           "noise = torch.randn(count, 2, generator=generator, dtype=torch.float64)",
           "noise = torch.randn(count, 2, generator=generator)"),
    Mutant("LDA: covariance not inverted", "gdfig/numerics/lda.py",
           "w = torch.linalg.solve(sigma, mu_pos - mu_neg)", "w = sigma @ (mu_pos - mu_neg)"),
    Mutant("2D loss: the long valley's centre moved", "gdfig/numerics/losses.py",
           "(-0.40, 0.72, 0.68, 0.30, 0.09)", "(-0.40, 0.72, 0.70, 0.30, 0.09)"),
    Mutant("1D loss: another ripple amplitude", "gdfig/numerics/losses.py",
           "RIPPLE_1D = 0.85", "RIPPLE_1D = 0.8"),
    Mutant("surrogate: curvature 1/(2 eta) instead of 1/eta", "gdfig/numerics/surrogate.py",
           "(delta**2).sum(-1) / (2 * eta)", "(delta**2).sum(-1) / (4 * eta)"),
    Mutant("boundary: the intercept's sign flipped on two edges", "gdfig/numerics/boundary.py",
           "hits += [(x, -(w1 * x + c) / w2) for x in (x0, x1)]", "hits += [(x, -(w1 * x - c) / w2) for x in (x0, x1)]"),
    # figures: numbers and drawings
    Mutant("surrogate figure: the parabola at w_0, not at w_t", "gdfig/figures/surrogate.py",
           '"surrogate": surrogate.surrogate(losses.loss_1d, w_t, params.eta, grid).tolist()',
           '"surrogate": surrogate.surrogate(losses.loss_1d, path.iterates[0], params.eta, grid).tolist()',
           ("test_drawn",)),
    Mutant("surrogate figure: the next-iterate marker at the current iterate", "gdfig/figures/surrogate.py",
           'step.next_step.set_data([data["next_w"]], [data["next_surrogate"]])',
           'step.next_step.set_data([data["iterates"][-1]], [data["next_surrogate"]])', ("test_drawn",)),
    Mutant("iterates: one earlier iterate left out", "gdfig/draw/curves.py",
           "faint.set_data(iterates[:-1], values[:-1])", "faint.set_data(iterates[:-2], values[:-2])", ("test_drawn",)),
    Mutant("paths: the end star on the iterate before the last", "gdfig/draw/landscape.py",
           'end = ax.plot(xs[-1:], ys[-1:], "*"', 'end = ax.plot(xs[-2:-1], ys[-2:-1], "*"', ("test_drawn",)),
    Mutant("contour figures: paths started in float32", "gdfig/figures/landscape.py",
           "torch.tensor(start, dtype=torch.float64)", "torch.tensor(start)", ("test_figures",)),
    Mutant("contour figures: the loss grid transposed", "gdfig/figures/landscape.py",
           '"w2": y[:, 0].tolist(), "loss": z.tolist(),', '"w2": y[:, 0].tolist(), "loss": z.T.tolist(),',
           ("test_drawn",)),
    Mutant("LDA figure: the dashed line from the logistic weights", "gdfig/figures/logistic.py",
           '"lda_boundary": boundary.clip_line(lda_w, lda_b, box)', '"lda_boundary": boundary.clip_line(snap.w, snap.b, box)',
           ("test_drawn",)),
    Mutant("gradient field: arrows of +grad", "gdfig/figures/gradients.py",
           "minus_grad = -fields.gradient_field(losses.loss_2d, points)",
           "minus_grad = fields.gradient_field(losses.loss_2d, points)", ("test_drawn",)),
    Mutant("least squares: the line drawn without its intercept", "gdfig/figures/risk.py",
           '"fitted": (w * x + b).tolist()', '"fitted": (w * x).tolist()', ("test_drawn",)),
    Mutant("overview: two steps in the one-step panel", "gdfig/figures/overview.py",
           "surrogate.compute(surrogate.Params(eta=0.5, t=1))", "surrogate.compute(surrogate.Params(eta=0.5, t=2))",
           ("test_words",)),
    Mutant("logistic explorer: trained on another seed", "gdfig/figures/explorers.py",
           "logistic.train_run(figures.points, figures.seed, figures.eta, ns)",
           "logistic.train_run(figures.points, figures.seed + 1, figures.eta, ns)", ("test_one_dataset",)),
    Mutant("surrogate alt text: the next iterate's side read from the frame itself", "gdfig/figures/surrogate.py",
           "side, nxt = _SIDES[eta][t], _SIDES[eta][t + 1]", "side, nxt = _SIDES[eta][t], _SIDES[eta][t]",
           ("test_words",)),
    # answers
    Mutant("answers: misclassified counted with -b", "gdfig/figures/questions.py",
           '"wrong_n10000": str(int(((x @ w + b).sign() != y).sum()))',
           '"wrong_n10000": str(int(((x @ w - b).sign() != y).sum()))', ("test_questions",)),
    Mutant("answers: the limit 1/a instead of 2/a", "gdfig/figures/questions.py",
           '"eta_limit": f"{2 / a:.3f}"', '"eta_limit": f"{1 / a:.3f}"', ("test_questions",)),
    Mutant("answers: the loss after 100 steps quoted as 10^4's", "gdfig/figures/questions.py",
           '"logistic_loss_n10000": f"{snaps[10000].loss:.1f}"', '"logistic_loss_n10000": f"{snaps[100].loss:.1f}"',
           ("test_questions",)),
    # the cache
    Mutant("cache: a record without image sizes accepted as fresh", "gdfig/cache.py",
           '    return suffix.endswith(".json") or suffix == "json" or all(\n'
           '        type(entry.get(side)) is int and entry[side] > 0 for side in ("width", "height"))\n',
           "    return True\n", ("test_engine_robust",)),
    Mutant("cache: the key ignores the drawing code", "gdfig/cache.py",
           "roots = [family.compute, family.params_type] + ([family.draw] if family.draw else [])",
           "roots = [family.compute, family.params_type]", ("test_engine_keys",)),
    Mutant("cache: the key ignores the library versions", "gdfig/cache.py",
           '"saving_code": sources.saving_code(), "libraries": library_versions()}',
           '"saving_code": sources.saving_code()}', ("test_engine_keys",)),
    Mutant("cache: a record of another figure accepted", "gdfig/cache.py",
           'return (FIGURE_FIELDS <= set(figure) and figure["name"] == name', "return (FIGURE_FIELDS <= set(figure)",
           ("test_engine_robust",)),
)


def check_mutants() -> None:
    """Every old text is in its file exactly once: else stop, naming the mutant."""
    for m in MUTANTS:
        count = (ROOT / m.file).read_text().count(m.old)
        if count != 1:
            sys.exit(f"mutant '{m.what}': its old text is found {count} times in {m.file} (once expected); "
                     f"update it in bench/mutants.py to match the code.")


def copy_tree(scratch: Path, name: str) -> Path:
    """The tree as it is (uncommitted edits included), without its venv, caches and outputs."""
    tree = scratch / name
    shutil.copytree(ROOT, tree, ignore=left_out)
    (tree / "figures").mkdir()
    for kept in ROOT.glob("figures/*.md"):  # the folder's own notes, not its outputs
        shutil.copy(kept, tree / "figures")
    return tree


def pytest(tree: Path, tests: list[str], extra: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}  # no stale .pyc after a revert
    command = [sys.executable, "-m", "pytest", *(f"tests/{t}.py" for t in tests), "-q", "-p", "no:cacheprovider",
               "-n", "0", f"--basetemp={tree / '.pytest-tmp'}", *extra]
    return subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def failures(result: subprocess.CompletedProcess) -> list[str]:
    return re.findall(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.MULTILINE)


def compile_imports() -> None:
    """The venv's bytecode for what the fast tests import, written once from the checkout:
    pip installs none, and the runs below write none (PYTHONDONTWRITEBYTECODE), so torch
    would otherwise be compiled anew in every run."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                    *(f"tests/{t}.py" for t in TESTS)], cwd=ROOT, env=env, capture_output=True)


def baseline(tree: Path) -> list[str]:
    """The tests that fail on the unmutated tree: left out of every mutant's run."""
    imported = subprocess.run([sys.executable, "-c", "import gdfig; print(gdfig.__file__)"], cwd=tree,
                              env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True)
    if not imported.stdout.startswith(str(tree)):
        sys.exit(f"the copy imports gdfig from {imported.stdout.strip() or imported.stderr}, not from {tree}")
    result = pytest(tree, list(TESTS), ["-n", "2"])
    if result.returncode not in (0, 1):
        sys.exit(f"the fast tests do not run on the unmutated tree:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return failures(result)


def verdict(tree: Path, mutant: Mutant, known: list[str]) -> tuple[str, float]:
    """Run the fast tests on `tree` with `mutant` applied; put the file back after."""
    path = tree / mutant.file
    original = path.read_text()
    path.write_text(original.replace(mutant.old, mutant.new))
    started = time.perf_counter()
    try:
        order = [*mutant.first, *(t for t in TESTS if t not in mutant.first)]
        result = pytest(tree, order, ["-x", *(f"--deselect={test}" for test in known)])
        caught = failures(result)
        found = f"caught by {caught[0]}" if caught else (
            "caught (the tests did not run)" if result.returncode not in (0, 5) else "SURVIVED")
    except subprocess.TimeoutExpired:
        found = f"UNDECIDED (the tests ran over {TIMEOUT} s)"
    finally:
        path.write_text(original)
    return found, time.perf_counter() - started


def main() -> int:
    check_mutants()
    chosen = [m for m in MUTANTS if os.environ.get("MUTANTS_ONLY", "") in m.what]  # e.g. MUTANTS_ONLY=cache
    started = time.perf_counter()
    jobs = int(os.environ.get("MUTANTS_JOBS", "2"))
    with tempfile.TemporaryDirectory(prefix="gdfig-mutants-") as scratch:
        trees = [copy_tree(Path(scratch), f"tree{i}") for i in range(jobs)]
        compile_imports()
        known = baseline(trees[0])
        print(f"{len(chosen)} mutants, {jobs} at a time; failing on the unmutated tree, left out: "
              f"{', '.join(known) or 'none'}", flush=True)
        free = list(trees)

        def run(mutant: Mutant) -> tuple[str, float]:
            tree = free.pop()
            try:
                return verdict(tree, mutant, known)
            finally:
                free.append(tree)

        survivors = []
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for mutant, (found, took) in zip(chosen, pool.map(run, chosen)):
                print(f"{took:6.1f} s  {mutant.what}: {found}", flush=True)
                if not found.startswith("caught"):
                    survivors.append(mutant)
    caught, elapsed = len(chosen) - len(survivors), time.perf_counter() - started
    rate = caught / max(len(chosen), 1)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)  # on a shared machine, the CPU time says more than the clock
    print(f"\ncaught {caught} of {len(chosen)}: {rate:.0%} (goal {GOAL:.0%}) {'PASS' if rate >= GOAL else 'FAIL'}; "
          f"{elapsed:.0f} s (budget {BUDGET:.0f} s) {'PASS' if elapsed <= BUDGET else 'FAIL'}, "
          f"CPU {used.ru_utime + used.ru_stime:.0f} s, load {os.getloadavg()[1]:.1f}")
    for mutant in survivors:
        print(f"  survived: {mutant.what} ({mutant.file}: {mutant.old.strip()!r} -> {mutant.new.strip()!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
