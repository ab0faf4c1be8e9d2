"""Command line: `gdfig list` and `gdfig render`.  main(argv) -> exit status:
0 done, 1 a figure failed or (with --check) something is stale, 2 bad input."""

import argparse
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from gdfig import registry, render
from gdfig.figures.params import BadInput, parse_overrides
from gdfig.figures.spec import FigureSpec, variant
from gdfig.outputs import FORMATS, outputs_for


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gdfig", description=__doc__.split(".")[0] + ".")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print every figure's name and title in lecture order, then the data exports")
    r = commands.add_parser("render", help="render figures (only what is missing or stale)")
    r.add_argument("names", nargs="*", metavar="NAME", help="figure names or shell globs")
    r.add_argument("--all", action="store_true", help="every figure of the lecture and the explorers' data")
    r.add_argument("--out", type=Path, default=Path("figures"), help="output folder (default: figures)")
    r.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, from svg,pdf,png")
    r.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                   help="render a variant with another parameter value, e.g. --set eta=0.3")
    r.add_argument("--force", action="store_true", help="re-render even what is fresh")
    r.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything is missing or stale")
    r.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel processes (default: cores)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "list":
            return list_figures()
        return render_command(args)
    except BadInput as problem:
        print(f"gdfig: {problem}", file=sys.stderr)
        return 2


def list_figures() -> int:
    width = max(len(spec.name) for spec in registry.EVERYTHING)
    for spec in registry.EVERYTHING:
        print(f"{spec.name:<{width}}  {spec.title}")
    return 0


def render_command(args: argparse.Namespace) -> int:
    specs = choose_figures(args.names, args.all, args.settings)
    outputs = outputs_for(parse_formats(args.formats))
    if args.jobs < 1:
        raise BadInput(f"--jobs {args.jobs} must be at least 1; pass --jobs 1 for no parallelism.")
    if args.check:
        return check(specs, outputs, args.out)
    out = prepare_output(args.out)
    jobs = render.plan(specs, outputs, out, args.force)
    with progress_reporter(len(jobs)) as report:
        summary = render.run(jobs, out, args.jobs, report)
    print(f"{len(jobs)} figures: {len(summary.rendered)} rendered, {len(summary.cached)} cached, "
          f"{len(summary.failed)} failed in {summary.elapsed:.2f} s")
    return 1 if summary.failed else 0


def choose_figures(names: list[str], everything: bool, settings: list[str]) -> list[FigureSpec]:
    if not names and not everything:
        raise BadInput("name the figures to render, or pass --all; gdfig list shows the names.")
    specs = list(registry.EVERYTHING) if everything else registry.select(names)
    return [variant(spec, parse_overrides(spec.family.params_type, settings)) for spec in specs]


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise BadInput(f"unknown format '{','.join(unknown) or text}'; choose from {', '.join(FORMATS)}.")
    return formats


def prepare_output(out: Path) -> Path:
    """The output folder, created and proven writable, or BadInput."""
    if out.exists() and not out.is_dir():
        raise BadInput(f"output path '{out}' is a file; pass a folder with --out.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        raise BadInput(f"cannot write to output folder '{out}' ({error.strerror}); "
                       f"pass a writable folder with --out.") from None
    return out


def check(specs: list[FigureSpec], outputs, out: Path) -> int:
    stale = [o.filename(job.spec.name) for job in render.plan(specs, outputs, out, force=False)
             for o in job.stale]
    for name in stale:
        print(f"stale or missing: {out / name}")
    print(f"{len(specs)} figures checked: {len(stale)} outputs stale or missing")
    return 1 if stale else 0


def progress_reporter(total: int):
    """A rich progress bar on a terminal, one plain line per figure otherwise."""
    return _progress_bar(total) if sys.stdout.isatty() else _plain_lines()


@contextmanager
def _plain_lines():
    yield lambda name, status, seconds: print(f"{status:<9} {name} ({seconds:.2f} s)", flush=True)


@contextmanager
def _progress_bar(total: int):
    from rich.progress import Progress  # only on a terminal: imports cost time

    with Progress(transient=True) as progress:
        task = progress.add_task("rendering", total=total)

        def report(name: str, status: str, seconds: float) -> None:
            if status.startswith("failed"):
                progress.console.print(f"{name}: {status}")
            progress.update(task, advance=1, description=name)

        yield report
