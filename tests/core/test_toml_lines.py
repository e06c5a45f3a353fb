"""The line of each key and list item of a TOML file, whatever the strings in it hold.

Random documents are written out as TOML in varied styles (quoted keys, strings of every kind
holding quotes, brackets and key-like lines, lists over several lines with comments, inline
tables, tables and arrays of tables inside arrays of tables), noting the line where each place
begins; KeyLines must find every one of them.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.toml_lines import KeyLines, Where

KEYS = st.text(alphabet="ab-_9 .#=\"'[", min_size=1, max_size=5)
TEXTS = st.text(alphabet="ab #=[]{},.\"'\\\n", max_size=12)
SCALARS = st.one_of(
    st.integers(-5, 5), st.booleans(), st.floats(allow_nan=False, allow_infinity=False), TEXTS
)


def _values(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return SCALARS
    inner = _values(depth - 1)
    return st.one_of(
        SCALARS,
        st.lists(inner, max_size=3),
        st.dictionaries(KEYS, inner, max_size=3),
    )


TABLES = st.dictionaries(KEYS, _values(2), max_size=4)
DOCUMENTS = st.fixed_dictionaries(
    {
        "plain": TABLES,
        "tables": st.dictionaries(KEYS, TABLES, max_size=2),
        # [[name]] tables, each with a [name.sub] table and [[name.sub]] tables of its own
        "arrays": st.dictionaries(
            KEYS,
            st.lists(
                st.tuples(TABLES, st.dictionaries(KEYS, TABLES, max_size=1)),
                min_size=1,
                max_size=3,
            ),
            max_size=2,
        ),
    }
)


class Writer:
    """TOML text, and the line where each place begins."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.lines: list[str] = []
        self.expected: dict[Where, int] = {}

    def key(self, key: str) -> str:
        if re.fullmatch(r"[A-Za-z0-9_-]+", key):
            return key
        if "'" in key or self.draw(st.booleans()):
            return json.dumps(key)
        return f"'{key}'"

    def string(self, text: str) -> str:
        style = self.draw(st.sampled_from(["basic", "literal", "multi", "multi-literal"]))
        if style == "literal" and not re.search(r"['\n]", text):
            return f"'{text}'"
        if style == "multi-literal" and "'" not in text:
            return f"'''\n{text}'''"  # the line end after the quotes is not part of it
        if style == "multi":
            return '"""\n' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'
        return json.dumps(text)

    def put(self, text: str) -> None:
        first, *more = text.split("\n")
        self.lines[-1] += first
        self.lines.extend(more)

    def value(self, value: Any, where: Where) -> None:
        """`value` as TOML from the end of the current line, noting the places in it."""
        if isinstance(value, str):
            self.put(self.string(value))
        elif isinstance(value, bool):
            self.put("true" if value else "false")
        elif isinstance(value, int | float):
            self.put(repr(value))
        elif isinstance(value, dict):
            self.put("{ ")
            for number, (key, item) in enumerate(value.items()):
                self.put(", " if number else "")
                self.expected[(*where, key)] = len(self.lines)
                self.put(f"{self.key(key)} = ")
                self.value(item, (*where, key))
            self.put(" }")
        elif self.draw(st.booleans()):  # a list on one line, as far as its items allow
            self.put("[")
            for index, item in enumerate(value):
                self.put(", " if index else "")
                self.expected[(*where, index)] = len(self.lines)
                self.value(item, (*where, index))
            self.put("]")
        else:  # one item a line, with comments
            self.put("[  # the list begins")
            for index, item in enumerate(value):
                self.lines.append("  ")
                self.expected[(*where, index)] = len(self.lines)
                self.value(item, (*where, index))
                self.put(",  # an item")
            self.lines.extend(["  # the end", "]"])

    def pairs(self, table: dict[str, Any], where: Where) -> None:
        for key, value in table.items():
            self.lines.append(f"{self.key(key)} = ")
            self.expected[(*where, key)] = len(self.lines)
            self.value(value, (*where, key))

    def header(self, names: list[str], where: Where, *, array: bool = False) -> None:
        dotted = ".".join(self.key(name) for name in names)
        self.lines.append(f"[[{dotted}]]" if array else f"[{dotted}]  # a table")
        self.expected.setdefault(where, len(self.lines))


def _write(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[str, dict[str, Any], Writer]:
    w = Writer(draw)
    parsed: dict[str, Any] = dict(doc["plain"])
    w.pairs(doc["plain"], ())
    for name, table in doc["tables"].items():
        if name in parsed:
            continue
        parsed[name] = table
        w.header([name], (name,))
        w.pairs(table, (name,))
    for name, entries in doc["arrays"].items():
        if name in parsed:
            continue
        parsed[name] = []
        for index, (table, subs) in enumerate(entries):
            entry = dict(table)
            parsed[name].append(entry)
            w.expected.setdefault((name,), len(w.lines) + 1)
            w.header([name], (name, index), array=True)
            w.pairs(table, (name, index))
            for sub, inner in subs.items():
                if sub in entry:
                    continue
                entry[sub] = [inner, inner]
                for number in range(2):
                    w.expected.setdefault((name, index, sub), len(w.lines) + 1)
                    w.header([name, sub], (name, index, sub, number), array=True)
                    w.pairs(inner, (name, index, sub, number))
    return "\n".join(w.lines) + "\n", parsed, w


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, Any], dict[Where, int]]:
    text, parsed, writer = _write(draw, draw(DOCUMENTS))
    return text, parsed, writer.expected


@settings(max_examples=300)
@given(documents())
def test_every_key_and_item_is_found_on_its_line(document):
    text, parsed, expected = document
    assert tomllib.loads(text) == parsed  # the writer wrote what it meant to
    lines = KeyLines(text)
    found = {where: lines.line(where) for where in expected}
    assert found == expected, text


def test_a_place_that_is_not_there_is_found_at_what_holds_it():
    lines = KeyLines('name = "x"\n\n[[step]]\nstretch = "a"\n[[step]]\nhold = 3\n')
    assert lines.line(("step", 1, "reps")) == 5  # the header of the table it would be in
    assert lines.line(("step",)) == 3  # the first [[step]]
    assert lines.line(("nothing",)) == 1
    assert lines.line(()) == 1


def test_text_that_is_not_toml_still_ends():
    for text in ["a = [1, 2", "[[x", "= = =", "a = {b = ", "]]]]", 'a = """', "a.b.", "{}"]:
        assert KeyLines(text).line(("x", 0, "y")) >= 1
