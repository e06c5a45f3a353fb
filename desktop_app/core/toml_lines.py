"""Find the line of a key in TOML source text.

tomllib returns plain dicts without positions, so after a file parses we look the offending key
up in the text to report `FILE:LINE`. A key is addressed by the array-of-tables it sits in and
its index there, e.g. ("step", 2, "hold") is `hold` in the third `[[step]]` table.
"""

from __future__ import annotations

import json
import re

_NAME = r"""(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))"""
_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*" + _NAME)
_TABLE_HEADER = re.compile(r"^\s*\[\s*" + _NAME)
_KEY = re.compile(r"^\s*" + _NAME + r"\s*[=.]")
_TRIPLE = re.compile(r'"""|\'\'\'')


def _name(match: re.Match[str]) -> str:
    basic, literal, bare = match.groups()
    if basic is not None:
        try:  # a "basic" TOML key may hold escapes, as JSON strings do
            return str(json.loads(f'"{basic}"'))
        except ValueError:
            return basic
    return literal if literal is not None else bare


Where = tuple[str | int, ...]
_DOTTED_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_-]+)\s*\.\s*([A-Za-z0-9_.\s-]+?)\s*\]")


def _inner(line: str, counts: dict[str, int]) -> tuple[str, str, bool] | None:
    """(array, dotted rest, is an array) for the header of a table inside an array entry that
    has been seen, such as [stretch.figure] or [[stretch.figure.pose]]; else None."""
    match = _DOTTED_HEADER.match(line)
    if match is None or match.group(2) not in counts:
        return None
    rest = ".".join(part.strip() for part in match.group(3).split("."))
    return match.group(2), rest, match.group(1) == "[["


class KeyLines:
    def __init__(self, text: str) -> None:
        # (table name, index) or None for the top level, then {key: first line}, 1-based lines.
        self._headers: dict[tuple[str, int], int] = {}
        self._keys: dict[tuple[str, int] | None, dict[str, int]] = {None: {}}
        counts: dict[str, int] = {}
        context: tuple[str, int] | None = None
        in_string = False  # inside a multi-line string, where nothing is a key
        inner_counts: dict[tuple[tuple[str, int], str], int] = {}
        prefix = ""  # keys inside a table within an array entry: "figure.pose#0.pelvis"
        # TOML ends lines at \n only (str.splitlines would also split at U+2028 and others).
        for number, line in enumerate(text.split("\n"), start=1):
            starts_inside = in_string
            if len(_TRIPLE.findall(line)) % 2 == 1:
                in_string = not in_string
            if starts_inside:
                continue
            if (inner_table := _inner(line, counts)) is not None:
                # [stretch.figure] or [[stretch.figure.pose]]: part of the current [[stretch]].
                head, sub, is_array = inner_table
                context = (head, counts[head] - 1)
                if is_array:
                    number_in = inner_counts.get((context, sub), -1) + 1
                    inner_counts[(context, sub)] = number_in
                    sub = f"{sub}#{number_in}"
                self._keys[context].setdefault(sub.split(".")[0], number)
                self._keys[context].setdefault(sub, number)
                prefix = sub + "."
            elif match := _ARRAY_HEADER.match(line):
                name = _name(match)
                context = (name, counts.get(name, 0))
                counts[name] = context[1] + 1
                self._headers[context] = number
                self._keys[context] = {}
                prefix = ""
            elif match := _TABLE_HEADER.match(line):
                # A [table] we do not address: its header stands for the top-level key.
                self._keys[None].setdefault(_name(match), number)
                context = ("", -1)
                self._keys.setdefault(context, {})
                prefix = ""
            elif match := _KEY.match(line):
                self._keys[context].setdefault(prefix + _name(match), number)

    def line(self, where: Where) -> int:
        """The best line for `where`: the key's own line, else its table's header, else 1."""
        if not where:
            return 1
        if isinstance(where[0], str) and len(where) >= 2 and isinstance(where[1], int):
            table = (where[0], where[1])
            header = self._headers.get(table)
            if len(where) >= 3 and isinstance(where[2], str):
                found = self._keys.get(table, {}).get(where[2])
                if found is not None:
                    return found
            if header is not None:
                return header
        return self._keys[None].get(str(where[0]), 1)
