"""Command line: `gdfig list` and `gdfig render`.  main(argv) -> exit status:
0 done, 1 a figure failed, (with --check) something is stale or a file could not
be written, 2 bad input, 141 standard output closed (gdfig.helptext lists them).
Every fault ends in one sentence on stderr, never a traceback."""

import argparse
import os
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import gdfig
from gdfig import cache, helptext, registry, render, sources
from gdfig.figures.params import BadInput, parse_overrides
from gdfig.figures.spec import FigureSpec, variant
from gdfig.outputs import FORMATS, outputs_for
from gdfig.messages import cut_long_words, os_problem, shown
from gdfig.stdout import CLOSED_PIPE, detach, say


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so the same clean-up runs."""


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, epilog_of=None, **kwargs):
        super().__init__(*args, formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)
        self.epilog_of = epilog_of

    def format_help(self) -> str:  # the epilog reads every family's Params: only when shown
        if self.epilog_of:
            self.epilog = self.epilog_of()
        return super().format_help()

    def error(self, message: str):  # one sentence, not argparse's usage block
        raise BadInput(f"{message}; {self.prog} --help shows the options.")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="gdfig", description=__doc__.split(".")[0] + ".", epilog_of=helptext.top_epilog)
    parser.add_argument("--version", action="version", version=f"gdfig {gdfig.__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print every figure's name and title in lecture order, then the data exports")
    r = commands.add_parser("render", help="render figures (only what is missing or stale)",
                            epilog_of=helptext.render_epilog)
    r.add_argument("names", nargs="*", metavar="NAME", help="figure names or shell globs")
    r.add_argument("--all", action="store_true", help="every figure of the lecture and the explorers' data")
    r.add_argument("--out", default="figures", help="output folder (default: figures)")
    r.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, from svg,pdf,png")
    r.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                   help="render a variant with another parameter value, e.g. --set eta=0.3 (keys below)")
    r.add_argument("--force", action="store_true", help="re-render even what is fresh")
    r.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything is missing or stale")
    r.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel processes (default: cores)")
    return parser


def main(argv: list[str] | None = None) -> int:
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        args = build_parser().parse_args(argv)
        if args.command == "list":
            return list_figures()
        return render_command(args)
    except BadInput as problem:
        print(f"gdfig: {cut_long_words(str(problem))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # --help into a closed pipe
        detach()
        return CLOSED_PIPE
    except OSError as error:
        print(f"gdfig: {os_problem(error)}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Terminated) as stop:
        how = "interrupted" if isinstance(stop, KeyboardInterrupt) else "terminated"
        print(f"gdfig: {how}; the figures finished so far are kept, run the command again to finish.",
              file=sys.stderr)
        return 130 if isinstance(stop, KeyboardInterrupt) else 143
    finally:
        signal.signal(signal.SIGTERM, previous)


def _raise_terminated(signum, frame):
    raise Terminated


def list_figures() -> int:
    width = max(len(spec.name) for spec in registry.EVERYTHING)
    for spec in registry.EVERYTHING:
        say(f"{spec.name:<{width}}  {spec.title}")
    return say.finish(0)


def render_command(args: argparse.Namespace) -> int:
    specs = choose_figures(args.names, args.all, args.settings)
    outputs = outputs_for(parse_formats(args.formats))
    if args.jobs < 1:
        raise BadInput(f"--jobs {args.jobs} must be at least 1; pass --jobs 1 for no parallelism.")
    out = output_folder(args.out, create=not args.check)
    memo = out / cache.RECORD_DIR / cache.SOURCES_MEMO
    sources.load_memo(memo)
    if args.check:
        return check(specs, outputs, out)
    waiting = f"gdfig: another render is writing to {shown(out)}; waiting for it to finish."
    with cache.locked(out, lambda: print(waiting, file=sys.stderr, flush=True)):
        jobs = render.plan(specs, outputs, out, args.force)
        cache.fingerprint()  # parses every module now, so the memo spares the next run all parsing
        sources.save_memo(memo, cache.write_atomic)
        with progress_reporter(len(jobs)) as report:
            summary = render.run(jobs, out, args.jobs, report)
    say(f"{len(jobs)} figures: {len(summary.rendered)} rendered, {len(summary.cached)} cached, "
        f"{len(summary.failed)} failed in {summary.elapsed:.2f} s")
    return say.finish(1 if summary.failed else 0)


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


def output_folder(text: str, create: bool) -> Path:
    """The --out folder, checked (and with `create`, created and proven writable), or BadInput."""
    if not text.strip():
        raise BadInput("--out is empty; pass a folder, e.g. --out figures.")
    out = Path(text)
    try:
        for path, what in ((out, "output path"), (out / cache.RECORD_DIR, "gdfig's record folder")):
            if path.is_symlink() and not path.exists():
                raise BadInput(f"{what} '{shown(path)}' is a link to '{shown(Path(os.readlink(path)))}', "
                               f"which does not exist; remove the link or create its target.")
            if path.exists() and not path.is_dir():
                raise BadInput(f"{what} '{shown(path)}' is a file; remove it or pass another folder with --out.")
        if create:
            out.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=out):
                pass
    except OSError as error:
        raise BadInput(f"cannot write to output folder '{shown(out)}' ({error.strerror}); "
                       f"pass a writable folder, by a shorter path if it is too long, with --out.") from None
    return out


def check(specs: list[FigureSpec], outputs, out: Path) -> int:
    problems = render.check(specs, outputs, out)
    for problem in problems:
        say(problem)
    say(f"{len(specs)} figures checked: {len(problems)} problems")
    return say.finish(1 if problems else 0)


def progress_reporter(total: int):
    """A rich progress bar on a terminal, one plain line per figure otherwise."""
    return _progress_bar(total) if sys.stdout.isatty() else _plain_lines()


@contextmanager
def _plain_lines():
    def report(name: str, status: str, seconds: float) -> None:
        if status.startswith("failed"):
            say(f"failed    {name}: {status.removeprefix('failed: ')}")
        else:
            say(f"{status:<9} {name} ({seconds:.2f} s)")

    yield report


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
