"""Typed readers for the values of content files, with messages a person can act on.

Each reader takes the raw value tomllib produced and the key's name, and returns the value in
its proper type or raises `FieldError`. TOML booleans are Python ints and TOML allows nan and
inf, so numbers are checked for all three explicitly.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # fullmatch: "$" lets a final "\n" by
MAX_ID = 64
MAX_NAME = 100
MAX_TEXT = 600
MAX_SECONDS = 3600
MAX_COUNT = 100


class FieldError(ValueError):
    """A value that does not fit; `key` names it for the line lookup."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def show(value: Any) -> str:
    """A value as the user wrote it in TOML, on one line and short."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = repr(value)  # escapes newlines and other control characters
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "a list" if value else "an empty list"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_number(value: Any) -> bool:
    """A finite int or float (TOML and JSON's true and false are not numbers); an int too
    large for a float is none either."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def seconds(value: Any, key: str, *, allow_zero: bool = False) -> float:
    low = 0 if allow_zero else 1
    if not (is_number(value) and low <= value <= MAX_SECONDS):
        raise FieldError(
            key, f"{key} must be a number of seconds from {low} to {MAX_SECONDS}, not {show(value)}"
        )
    return float(value)


def count(value: Any, key: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_COUNT:
        raise FieldError(
            key, f"{key} must be a whole number from 1 to {MAX_COUNT}, not {show(value)}"
        )
    return value


def flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise FieldError(key, f"{key} must be true or false, not {show(value)}")
    return value


# Control characters (C0 and C1, newlines included: Unicode's Cc), the line and paragraph
# separators (Zl, Zp) and halves of a UTF-16 pair (Cs, which no file can store): a name or an
# instruction is one line, and escape codes must not reach a terminal through `supple routines`.
NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def text(
    value: Any,
    key: str,
    *,
    limit: int = MAX_TEXT,
    label: str | None = None,
    multiline: bool = False,
) -> str:
    label = label or key
    if not isinstance(value, str):
        raise FieldError(key, f"{label} must be a string, not {show(value)}")
    stripped = value.strip()
    if not stripped:
        raise FieldError(key, f"{label} must not be empty")
    if len(stripped) > limit:
        raise FieldError(key, f"{label} is {len(stripped)} characters long; the most is {limit}")
    if any(not (multiline and char == "\n") for char in NOT_ONE_LINE.findall(stripped)):
        raise FieldError(key, f"{label} contains a line break or control character")
    return stripped


def texts(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise FieldError(key, f"{key} must be a list of one or more strings, not {show(value)}")
    return tuple(text(item, key, label=f"{key}[{i + 1}]") for i, item in enumerate(value))


def identifier(value: Any, key: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_ID or not ID_PATTERN.fullmatch(value):
        raise FieldError(
            key,
            f"{key} must be lowercase letters, digits and single '-' (at most {MAX_ID}), "
            f"not {show(value)}",
        )
    return value


def choice(value: Any, key: str, enum: type[E]) -> E:
    names = [member.value for member in enum]
    if not isinstance(value, str) or value not in names:
        raise FieldError(key, f"{key} must be one of {', '.join(names)}, not {show(value)}")
    return enum(value)


def suggest(word: str, options: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else ''."""
    import difflib  # noqa: PLC0415 (only after a mistake; every start would pay for it)

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown_keys(
    table: Mapping[str, Any], allowed: Iterable[str], what: str
) -> Iterator[FieldError]:
    """Unknown keys are errors: they are usually typos. One at a time, since each costs a
    search for a near miss and a caller may stop at the first few."""
    allowed = list(allowed)
    for key in table:
        if key not in allowed:
            yield FieldError(key, f"unknown key {show(key)} in {what}{suggest(key, allowed)}")


def show_path(path: str | os.PathLike[str]) -> str:
    """A file's name as it can always be printed, on one line: bytes that are not UTF-8 as \\xNN
    (a name on Linux is bytes, not text), control characters escaped."""
    name = os.fsencode(path).decode("utf-8", "backslashreplace")
    return NOT_ONE_LINE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)


def slug(stem: str) -> str:
    """A file name turned into an id: 'My Evening' -> 'my-evening'."""
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:MAX_ID].strip("-")
