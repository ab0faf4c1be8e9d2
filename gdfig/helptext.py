"""What `gdfig --help` and `gdfig render --help` add to argparse's options: examples,
exit statuses and each family's `--set` keys, read from its Params dataclass (so
the help never disagrees with what --set accepts)."""

import dataclasses
import typing

from gdfig import registry
from gdfig.figures.params import MAX_POINTS

EXAMPLES = """\
examples:
  gdfig list                                   every figure's name and title
  gdfig render --all                           every figure into figures/ (only what changed)
  gdfig render surrogate_eta0125_t03 --formats svg --out /tmp/f
  gdfig render 'surrogate_eta0500_*' --jobs 2  shell globs (quote them)
  gdfig render logistic_n100 --set eta=0.3     a variant, written as logistic_n100--eta-0.3
  gdfig render --all --check                   exit 1 if anything is missing or stale"""

EXIT_STATUSES = """\
exit status:
  0    done
  1    a figure failed, --check found something stale, or a file could not be written
  2    bad input (an unknown name, option or --set value); nothing was written
  130  interrupted (Ctrl-C), 143 terminated: finished figures are kept
  141  standard output was closed (e.g. `| head`): the render still finished"""

KIND_NAMES = {int: "integer", float: "number", bool: "true/false"}


def top_epilog() -> str:
    return f"{EXAMPLES}\n\n{EXIT_STATUSES}\n\ngdfig render --help lists each figure family's --set keys."


def render_epilog() -> str:
    return f"{EXAMPLES}\n\n{EXIT_STATUSES}\n\n{set_keys()}"


def set_keys() -> str:
    """Each family's --set keys with type, range and the figures that use it."""
    lines = ["--set keys, by figure family (the figures that use it):"]
    families: dict[str, tuple[typing.Any, list[str]]] = {}
    for spec in registry.EVERYTHING:
        families.setdefault(spec.family.name, (spec.family.params_type, []))[1].append(spec.name)
    for family, (params_type, names) in families.items():
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        lines.append(f"  {family} ({shown}):")
        keys = [describe_key(field, params_type) for field in dataclasses.fields(params_type)]
        lines += [f"    {key}" for key in keys] or ["    (none)"]
    return "\n".join(lines)


def describe_key(field: dataclasses.Field, params_type: type) -> str:
    kind = typing.get_type_hints(params_type)[field.name]
    meta = field.metadata
    what = KIND_NAMES.get(kind, f"up to {MAX_POINTS} points x,y;x,y, each coordinate")
    if "low" in meta:
        what += f" in {'(' if meta['low_open'] else '['}{meta['low']}, {meta['high']}]"
    return f"{field.name}: {what}"
