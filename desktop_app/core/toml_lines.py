"""Find the line of a key in TOML source text.

tomllib returns plain dicts without positions, so after a file parses we look the offending key
up in the text to report `FILE:LINE`. A key is addressed by the array-of-tables it sits in and
its index there, e.g. ("step", 2, "hold") is `hold` in the third `[[step]]` table.
"""

from __future__ import annotations

import re

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"""^\s*["']?([A-Za-z0-9_-]+)["']?\s*[=.]""")

Where = tuple[str | int, ...]


class KeyLines:
    def __init__(self, text: str) -> None:
        # (table name, index) or None for the top level, then {key: first line}, 1-based lines.
        self._headers: dict[tuple[str, int], int] = {}
        self._keys: dict[tuple[str, int] | None, dict[str, int]] = {None: {}}
        counts: dict[str, int] = {}
        context: tuple[str, int] | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if match := _ARRAY_HEADER.match(line):
                name = match.group(1)
                context = (name, counts.get(name, 0))
                counts[name] = context[1] + 1
                self._headers[context] = number
                self._keys[context] = {}
            elif _TABLE_HEADER.match(line):
                context = ("", -1)  # a table we do not address; its keys are not top-level
                self._keys.setdefault(context, {})
            elif match := _KEY.match(line):
                self._keys[context].setdefault(match.group(1), number)

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
