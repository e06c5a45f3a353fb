"""Find the line of a key or a list item in TOML source text.

tomllib returns plain dicts without positions, so when a file has a problem we read its text
(which has parsed, so it is valid TOML) for where each key and each list item begins. A place is
its path in the parsed document: ("step", 2, "hold") is `hold` in the third `[[step]]` table, or
in the third inline table of `step = [...]`; ("stretch", 0, "answers", 4, "id") is the id of the
first stretch's fifth answer. The text is read once, left to right, and only as far as a line is
asked for: a file without a problem costs nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

Where = tuple[str | int, ...]

_STRING = "|".join(
    (
        r'"""(?:[^"\\]|\\.|"(?!""))*"{3,5}',  # the closing quotes may follow one or two of its own
        r"'''[\s\S]*?'{3,5}",
        r'"(?:[^"\\\n]|\\.)*"',
        r"'[^'\n]*'",
    )
)
# One token after any spaces, line ends and comments: a string, a mark, or a word (a bare key,
# or a number, date or boolean; a date and a time apart by a space are one word).
_TOKEN = re.compile(
    r"(?:\s|#[^\n]*)*(?:"
    rf"(?P<text>{_STRING})"
    r"|(?P<open>\[)|(?P<close>\])|(?P<brace>\{)|(?P<unbrace>\})|(?P<comma>,)|(?P<equals>=)"
    r"""|(?P<word>\d{4}-\d\d-\d\d \d\d:[^\s\[\]{},=#"']*|[^\s\[\]{},=#"']+))""",
    re.DOTALL,
)
_KEY, _HEADER, _VALUE, _AFTER = range(4)  # what the walk expects next


def _key(token: str) -> str:
    """A quoted key's text."""
    if token.startswith("'"):
        return token[1:-1]
    try:  # a "basic" TOML key may hold escapes, as JSON strings do
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]


class KeyLines:
    """The line of each place in one file's text, found as they are asked for."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: dict[Where, int] = {}  # where each place begins in the text
        self._walk: Iterator[None] | None = None

    def line(self, where: Where) -> int:
        """The line of `where`, else of the nearest place that holds it (a key's table, a list
        item's list), else 1."""
        if self._walk is None:
            self._walk = _walk(self._text, self._starts)
        while where not in self._starts and next(self._walk, True) is None:
            pass
        for end in range(len(where), 0, -1):
            if (start := self._starts.get(where[:end])) is not None:
                return self._text.count("\n", 0, start) + 1
        return 1


@dataclass(slots=True)
class _Open:
    """A list or an inline table that has begun and not ended."""

    place: Where
    is_list: bool
    items: int = 0


def _walk(text: str, starts: dict[Where, int]) -> Iterator[None]:
    """Notes in `starts` where each place begins, a statement of the top level (a header, or a
    key and its value however many lines it takes) at a time. The text is valid TOML; were it
    not, the places would be wrong but the walk would still end."""
    tables: dict[Where, int] = {}  # arrays of tables: how many so far
    table: Where = ()  # the place of the last header
    stack: list[_Open] = []
    parts: list[str] = []  # the key read so far
    state, is_array, first, place = _KEY, False, 0, table
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        if state == _VALUE:
            in_list = bool(stack) and stack[-1].is_list
            if kind == "close" and in_list:  # [ ], or a comma before the end
                stack.pop()
            else:
                if in_list:
                    starts.setdefault(place, match.start(kind))  # an item of a list
                if kind == "open":
                    stack.append(_Open(place, is_list=True))
                    place = (*place, 0)
                    continue
                if kind == "brace":
                    stack.append(_Open(place, is_list=False))
                    state = _KEY
                    continue
            state = _AFTER
        elif state == _AFTER:  # a value in a list or an inline table has ended
            if kind == "comma":
                top = stack[-1]
                if top.is_list:
                    top.items += 1
                    state, place = _VALUE, (*top.place, top.items)
                else:
                    state = _KEY
                continue
            if kind in ("close", "unbrace"):
                stack.pop()
        elif kind in ("word", "text"):
            if not parts:
                first = match.start(kind)
            token = match.group(kind)
            if kind == "text":
                parts.append(_key(token))
            elif "." in token:  # a dotted key, with or without spaces around the dots
                parts.extend(part for part in token.split(".") if part)
            else:
                parts.append(token)
            continue
        elif kind == "equals" and state == _KEY:
            base = stack[-1].place if stack else table
            place = (*base, *parts)
            if len(parts) == 1:  # as most are: no tables on the way to note
                starts.setdefault(place, first)
            else:
                _note_all(starts, place, len(base), first)
            state, parts = _VALUE, []
            continue
        elif kind == "open" and state == _KEY and not stack and not parts:
            first = match.start(kind)
            state, is_array = _HEADER, text.startswith("[[", first)
            continue
        elif kind == "close" and state == _HEADER and parts:
            table = _header(tables, parts, is_array)
            _note_all(starts, table, 0, first)
            state, parts = _KEY, []
            yield None
            continue
        elif kind == "unbrace" and stack:  # { }
            stack.pop()
            state = _AFTER
        else:
            continue  # the second [ or ] of a [[header]]
        if not stack:  # the statement is over
            state = _KEY
            yield None


def _header(tables: dict[Where, int], parts: list[str], is_array: bool) -> Where:
    """The place a [table] or [[table]] header opens: inside the last table of each array of
    tables it names on the way."""
    where: Where = ()
    for number, part in enumerate(parts, start=1):
        where = (*where, part)
        if is_array and number == len(parts):
            count = tables.get(where, 0)
            tables[where] = count + 1
            where = (*where, count)
        elif where in tables:
            where = (*where, tables[where] - 1)
    return where


def _note_all(starts: dict[Where, int], where: Where, known: int, at: int) -> None:
    """`where`, and the tables on the way to it after its first `known` parts, all at `at`."""
    for end in range(known + 1, len(where) + 1):
        starts.setdefault(where[:end], at)
