"""Typed, validated parameters: `--set key=value` strings become dataclass fields.

Each field declares its bounds with `bounded(...)`; parse_overrides checks the
key exists (suggesting the closest one), converts the text to the field's type
and checks the bounds, raising BadInput with one sentence otherwise.
"""

import dataclasses
import difflib
import math
import typing
from typing import Any


class BadInput(ValueError):
    """A user mistake; its message is one sentence naming the problem and the fix."""


def bounded(default: Any, low: float, high: float, *, low_open: bool = False) -> Any:
    """A dataclass field whose value must lie in [low, high] (or (low, high])."""
    return dataclasses.field(default=default, metadata={"low": low, "high": high, "low_open": low_open})


def parse_overrides(params_type: type, settings: list[str]) -> dict[str, Any]:
    """Turn ["eta=0.3", ...] into {"eta": 0.3, ...} for params_type, or raise BadInput."""
    fields = {f.name: f for f in dataclasses.fields(params_type)}
    types = typing.get_type_hints(params_type)
    overrides = {}
    for setting in settings:
        key, sep, text = setting.partition("=")
        key = key.strip()
        if not sep:
            raise BadInput(f"--set expects key=value, got '{setting}'; write for example --set eta=0.3.")
        if key not in fields:
            raise BadInput(_unknown_key(key, params_type.__name__, sorted(fields)))
        if key in overrides:
            raise BadInput(f"--set {key} is given twice; keep one --set {key}=VALUE.")
        value = _convert(key, text.strip(), types[key])
        _check_bounds(key, value, fields[key].metadata)
        overrides[key] = value
    return overrides


def _unknown_key(key: str, owner: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown --set key '{key}' for {owner}; {hint}(valid keys: {', '.join(known)})."


def _convert(key: str, text: str, kind: Any) -> Any:
    if kind is bool:
        if text.lower() in ("true", "yes", "1", "false", "no", "0"):
            return text.lower() in ("true", "yes", "1")
        raise BadInput(f"--set {key}={text} is not a boolean; use {key}=true or {key}=false.")
    if kind is int:
        try:
            return int(text)
        except ValueError:
            raise BadInput(f"--set {key}={text} is not a whole number; give an integer such as {key}=10.") from None
    if kind is float:
        try:
            value = float(text)
        except ValueError:
            raise BadInput(f"--set {key}={text} is not a number; give a decimal such as {key}=0.25.") from None
        if not math.isfinite(value):
            raise BadInput(f"--set {key}={text} is not a finite number; give a finite decimal such as {key}=0.25.")
        return value
    return _convert_points(key, text)


MAX_POINTS = 20  # each point is a whole descent to draw: more would take minutes


def _convert_points(key: str, text: str) -> tuple[tuple[float, float], ...]:
    """Points written as 'x,y;x,y', e.g. starts=0.1,0.9;0.8,0.2."""
    try:
        points = tuple(tuple(float(v) for v in pair.split(",")) for pair in text.split(";"))
    except ValueError:
        points = ()
    if not points or any(len(p) != 2 or not all(map(math.isfinite, p)) for p in points):
        raise BadInput(f"--set {key}={text} is not a list of points; write x,y pairs separated by ';', "
                       f"e.g. {key}=0.1,0.9;0.8,0.2.")
    if len(points) > MAX_POINTS:
        raise BadInput(f"--set {key} gives {len(points)} points; give at most {MAX_POINTS}.")
    return points


def _check_bounds(key: str, value: Any, meta: typing.Mapping[str, Any]) -> None:
    if "low" not in meta:
        return
    low, high = meta["low"], meta["high"]
    numbers = [c for point in value for c in point] if isinstance(value, tuple) else [value]
    below = any(v <= low if meta["low_open"] else v < low for v in numbers)
    if below or any(v > high for v in numbers):
        side = "(" if meta["low_open"] else "["
        raise BadInput(f"--set {key}={value} is out of range; choose {key} in {side}{low}, {high}].")
