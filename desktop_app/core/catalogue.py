"""Load and validate stretch and routine files.

A file that does not validate is skipped as a whole and each of its problems is reported as
`FILE:LINE: message`; the other files still load. Nothing here raises on bad input.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.core import fields as f
from desktop_app.core.figure import (
    JOINTS,
    POSE_KEYS,
    Arrow,
    FigureSpec,
    Marker,
    Muscle,
    Point,
    Prop,
    Vec,
    complete_poses,
)
from desktop_app.core.figure_body import LANDMARKS
from desktop_app.core.model import (
    Answer,
    Kind,
    Position,
    Routine,
    RoutineStep,
    Side,
    Sides,
    StepKind,
    Stretch,
    Timing,
)
from desktop_app.core.regular_file import FileRefused, read_regular_file
from desktop_app.core.toml_lines import KeyLines, Where

T = TypeVar("T")

MAX_FILE_BYTES = 1024 * 1024
MAX_STEPS = 200
MAX_PROBLEMS = 20  # said for one file; a file with more is not read to its end

ROUTINE_KEYS = ("id", "name", "description", "hold", "prepare", "switch", "rest", "step", "stretch")
STEP_KEYS = ("stretch", "hold", "reps", "sides", "repeat")
STRETCH_KEYS = (
    "id",
    "name",
    "kind",
    "sided",
    "position",
    "summary",
    "targets",
    "setup",
    "left",
    "right",
    "change_sides",
    "instructions",
    "deepen",
    "feel",
    "mistakes",
    "safety",
    "hold",
    "reps",
    "tempo",
    "alternate",
    "rep_return",
    "question",
    "answers",
    "source",
    "figure",
)
ANSWER_KEYS = ("id", "label")
INSTRUCTION_KEYS = ("text", "kind", "seconds", "again")
REPS_KEYS = ("reps", "tempo", "alternate", "rep_return")  # a [[stretch]]'s, for repetitions only
MAX_STEP_SECONDS = 60
FIGURE_KEYS = ("view", "anchor", "props", "muscles", "ghost", "marker", "arrow", "pose")
MARKER_KEYS = ("at", "offset")
ARROW_KEYS = ("at", "from", "to", "offset", "grow", "around")
PLACES = JOINTS | frozenset(LANDMARKS)  # what an arrow or a marker may name
MAX_POSES = 6
_TOML_POSITION = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$", re.DOTALL)
_AT_END = " (at end of document)"
NO_TEXTS: tuple[str, ...] = ()
_name = partial(f.text, limit=f.MAX_NAME)


@dataclass(frozen=True)
class _Steps:
    texts: tuple[str, ...] = ()
    seconds: tuple[float, ...] = ()
    again: tuple[int, ...] = ()


def _instructions(value: Any, key: str) -> _Steps:
    """The steps, the seconds each takes to do, and those said again at a switch of sides. A
    step is a string (an adjustment), or a table: { text = "...", kind = "move" } or
    { text = "...", seconds = 8 }, either with again = true."""
    if not isinstance(value, list) or not value:
        raise f.FieldError(key, f"{key} must be a list of one or more steps, not {f.show(value)}")
    texts: list[str] = []
    seconds: list[float] = []
    again: list[int] = []
    for number, item in enumerate(value, start=1):
        label = f"{key}[{number}]"
        if not isinstance(item, dict):
            texts.append(f.text(item, key, label=label))
            seconds.append(StepKind.ADJUST.seconds)
            continue
        for error in f.unknown_keys(item, INSTRUCTION_KEYS, label):
            raise f.FieldError(key, str(error))
        if "text" not in item:
            raise f.FieldError(key, f"{label} is missing its 'text'")
        if "kind" in item and "seconds" in item:
            raise f.FieldError(key, f"{label} gives a kind or seconds, not both")
        texts.append(f.text(item["text"], key, label=f"{label}.text"))
        kind = f.choice(item.get("kind", StepKind.ADJUST.value), f"{label}.kind", StepKind)
        took = item.get("seconds", kind.seconds)
        if not (f.is_number(took) and 0 <= took <= MAX_STEP_SECONDS):
            raise f.FieldError(
                key,
                f"{label}.seconds must be a number from 0 to {MAX_STEP_SECONDS}, "
                f"not {f.show(took)}",
            )
        seconds.append(float(took))
        if f.flag(item.get("again", False), f"{label}.again"):
            again.append(number - 1)
    return _Steps(tuple(texts), tuple(seconds), tuple(again))


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int | None  # None for a problem with the file as a whole (missing, unreadable)
    message: str

    def __str__(self) -> str:
        path = f.show_path(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class ContentFile:
    """What one file holds once it has validated, or why it did not."""

    path: Path
    stretches: dict[str, Stretch] = field(default_factory=dict)
    routine: Routine | None = None
    errors: list[ContentError] = field(default_factory=list)
    lines: KeyLines = field(default_factory=lambda: KeyLines(""))
    id_from_name: bool = False  # the routine's id is its file's name


def _place(path: Path) -> Path:
    """The file a path leads to. Unlike Path.resolve, never fails: a symlink loop stays as it is."""
    return Path(os.path.realpath(path))


@dataclass
class Catalogue:
    stretches: dict[str, Stretch] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)
    stretch_files: dict[str, Path] = field(default_factory=dict)  # where each stretch is defined
    routine_files: dict[str, Path] = field(default_factory=dict)  # and each routine

    def stretches_besides(self, path: Path) -> dict[str, Stretch]:
        """The stretches that other files define: a built-in file read again is read against
        the rest, not against itself."""
        here = _place(path)
        return {key: s for key, s in self.stretches.items() if self.stretch_files[key] != here}

    def admit(self, loaded: ContentFile, routine: Routine) -> ContentError | None:
        """Adds a file's routine, or says why not: its id is another file's routine's. The rule
        of the routines folder, which `supple check` applies too."""
        here = _place(loaded.path)
        taken = self.routines.get(routine.id)
        if taken is not None and self.routine_files[routine.id] != here:
            named, fix = ", from the file's name,", 'rename the file or add id = "..."'
            if not loaded.id_from_name:
                named, fix = "", "choose another"
            return ContentError(
                str(loaded.path),
                loaded.lines.line(("id",)),
                f"routine id '{routine.id}'{named} is already used by "
                f"{f.show_path(taken.source)}; {fix}",
            )
        self.routines[routine.id] = routine
        self.routine_files[routine.id] = here
        return None


@dataclass(frozen=True)
class Notice:
    title: str
    paragraphs: tuple[str, ...]


class _TooMany(Exception):
    """A file has more problems than are worth saying."""


class _Reader:
    """Reads one parsed file and collects its problems with their lines, up to MAX_PROBLEMS."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.lines = KeyLines(source)
        self.errors: list[ContentError] = []

    def fail(self, where: Where, message: str) -> None:
        if len(self.errors) == MAX_PROBLEMS:
            raise _TooMany  # so that 90,000 wrong keys cost what 20 do
        self.errors.append(ContentError(str(self.path), self.lines.line(where), message))

    def get(
        self,
        table: Mapping[str, Any],
        where: Where,
        label: str,
        key: str,
        read: Callable[[Any, str], T],
        default: T,
    ) -> T:
        """table[key] read with `read`, or `default` when absent or invalid (the error is kept).
        `where` is the table's own place, e.g. ("stretch", 0, "figure")."""
        if key not in table:
            return default
        try:
            return read(table[key], key)
        except f.FieldError as error:
            self.fail((*where, key), f"{label}{error}")
            return default

    def require(self, table: Mapping[str, Any], where: Where, label: str, key: str) -> bool:
        if key in table:
            return True
        self.fail(where, f"{label}missing required key '{key}'")
        return False

    def unknown(
        self,
        table: Mapping[str, Any],
        where: Where,
        label: str,
        allowed: Iterable[str],
        what: str,
    ) -> None:
        for error in f.unknown_keys(table, allowed, what):
            self.fail((*where, error.key), f"{label}{error}")

    def tables(self, doc: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
        """The `[[key]]` tables of the document, or [] with an error for any other shape."""
        value = doc.get(key, [])
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return value
        self.fail((key,), f"'{key}' must be written as [[{key}]] tables, not {f.show(value)}")
        return []


def _read_source(path: Path) -> tuple[str | None, ContentError | None]:
    def error(line: int | None, message: str) -> tuple[None, ContentError]:
        return None, ContentError(str(path), line, message)

    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return error(None, "no such file")
    except FileRefused as exc:
        return error(None, f"is {exc.strerror}")
    except OSError as exc:
        return error(None, f"cannot be read: {exc.strerror or exc}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return error(
            line, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
    if (nul := data.find(b"\x00")) >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return error(line, f"is not a text file (a NUL byte at offset {nul})")
    return text.removeprefix("\ufeff"), None


def _parse_toml(path: Path, text: str) -> tuple[dict[str, Any] | None, ContentError | None]:
    try:
        return tomllib.loads(text), None
    except RecursionError:
        return None, ContentError(str(path), 1, "invalid TOML: nested too deeply")
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        if match := _TOML_POSITION.match(message):
            what, line, column = match.group(1), int(match.group(2)), match.group(3)
            return None, ContentError(str(path), line, f"invalid TOML: {what} (column {column})")
        if message.endswith(_AT_END):
            last_line = text.rstrip("\n").count("\n") + 1
            return None, ContentError(
                str(path), last_line, f"invalid TOML: {message.removesuffix(_AT_END)}"
            )
        return None, ContentError(str(path), 1, f"invalid TOML: {message}")
    except ValueError:  # tomllib's int() of more digits than Python converts
        return None, ContentError(str(path), 1, "invalid TOML: a number far too long")


def _answers(r: _Reader, value: Any, where: Where, label: str) -> tuple[Answer, ...]:
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(a, dict) for a in value):
        r.fail(
            (*where, "answers"),
            f"{label}answers must be a list of two or more {{ id = ..., label = ... }} tables",
        )
        return ()
    answers: list[Answer] = []
    ids: set[str] = set()  # a list's `in` made a long list of answers take quadratic time
    for number, item in enumerate(value, start=1):
        item_label = f"{label}answer {number}: "
        place: Where = (*where, "answers", number - 1)
        r.unknown(item, place, item_label, ANSWER_KEYS, "an answer")
        if not (
            r.require(item, place, item_label, "id") and r.require(item, place, item_label, "label")
        ):
            continue
        answer_id = r.get(item, place, item_label, "id", f.identifier, "")
        answer_label = r.get(item, place, item_label, "label", f.text, "")
        if answer_id in ids:
            r.fail((*place, "id"), f"{item_label}the id '{answer_id}' is used twice")
        elif answer_id and answer_label:
            ids.add(answer_id)
            answers.append(Answer(answer_id, answer_label))
    return tuple(answers)


def _direction(value: Any, key: str) -> Vec:
    ok = (
        isinstance(value, list)
        and len(value) == 3
        and all(f.is_number(n) for n in value)
        and any(abs(n) > 1e-6 for n in value)
    )
    if not ok:
        raise f.FieldError(
            key, f"{key} must be a direction [forward, up, right], not {f.show(value)}"
        )
    return (float(value[0]), float(value[1]), float(value[2]))


def _bearing(value: Any, key: str) -> float:
    if not (f.is_number(value) and -180 <= value <= 180):
        raise f.FieldError(key, f"{key} must be a bearing in degrees from -180 to 180")
    return float(value)


def _name_in(names: frozenset[str], what: str, value: Any, key: str) -> str:
    if not isinstance(value, str) or value not in names:
        hint = f.suggest(value, sorted(names)) if isinstance(value, str) else ""
        raise f.FieldError(key, f"{key} must be {what}, not {f.show(value)}{hint}")
    return value


def _props(value: Any, key: str) -> frozenset[Prop]:
    if not isinstance(value, list):
        raise f.FieldError(key, f"{key} must be a list of props, not {f.show(value)}")
    return frozenset(f.choice(item, key, Prop) for item in value)


def _muscles(value: Any, key: str) -> tuple[Muscle, ...]:
    if not isinstance(value, list):
        raise f.FieldError(key, f"{key} must be a list of muscles, not {f.show(value)}")
    return tuple(f.choice(item, key, Muscle) for item in value)


def _offset(value: Any, key: str) -> Point:
    if not (isinstance(value, list) and len(value) == 2 and all(f.is_number(n) for n in value)):
        raise f.FieldError(key, f"{key} must be [across, up] in body units, not {f.show(value)}")
    return (float(value[0]), float(value[1]))


def _grow(value: Any, key: str) -> float:
    if not (f.is_number(value) and 1 <= value <= 10):
        raise f.FieldError(key, f"{key} must be a number from 1 to 10, not {f.show(value)}")
    return float(value)


def _marker(value: Any, key: str) -> Marker:
    if not isinstance(value, dict):
        raise f.FieldError(key, f"{key} must be a {{ at = ..., offset = [...] }} table")
    for error in f.unknown_keys(value, MARKER_KEYS, "a marker"):
        raise f.FieldError(key, f"{key}: {error}")
    at = _name_in(PLACES, "a joint or a landmark", value.get("at"), f"{key} at")
    return Marker(at, _offset(value.get("offset", [0, 0]), f"{key} offset"))


def _new_name(seen: list[str], value: Any, key: str) -> str:
    name = f.identifier(value, key)
    if name in seen:
        raise f.FieldError(key, f"the pose name '{name}' is used twice")
    return name


def _figure(r: _Reader, value: Any, where: Where, label: str) -> FigureSpec | None:
    """A stretch's [stretch.figure] table and its [[stretch.figure.pose]] tables."""
    here: Where = (*where, "figure")
    label += "figure: "
    if not isinstance(value, dict):
        r.fail(here, f"{label}must be a [stretch.figure] table, not {f.show(value)}")
        return None
    errors_before = len(r.errors)
    r.unknown(value, here, label, FIGURE_KEYS, "a figure")

    def read(key: str, reader: Callable[[Any, str], T], default: T) -> T:
        return r.get(value, here, label, key, reader, default)

    view = read("view", _bearing, 0.0)
    anchor = read("anchor", partial(_name_in, JOINTS, "a joint"), "hip")
    no_props: frozenset[Prop] = frozenset()
    props = read("props", _props, no_props)
    no_muscles: tuple[Muscle, ...] = ()
    muscles = read("muscles", _muscles, no_muscles)
    marker = read("marker", _marker, None)
    tables = value.get("pose")
    if (
        not isinstance(tables, list)
        or not all(isinstance(t, dict) for t in tables)
        or not 2 <= len(tables) <= MAX_POSES
    ):
        r.fail(here, f"{label}needs 2 to {MAX_POSES} [[stretch.figure.pose]] tables")
        return None
    named: list[tuple[str, dict[str, Vec]]] = []
    for number, table in enumerate(tables):
        pose_label = f"{label}pose {number + 1}: "
        pose: Where = (*here, "pose", number)
        r.unknown(table, pose, pose_label, ("name", *POSE_KEYS), "a pose")
        if "name" not in table:
            r.fail(pose, f"{pose_label}missing required key 'name'")
        seen = [name for name, _ in named]
        name = r.get(table, pose, pose_label, "name", partial(_new_name, seen), "")
        given = {
            key: r.get(table, pose, pose_label, key, _direction, (0.0, 0.0, 0.0))
            for key in POSE_KEYS
            if key in table
        }
        named.append((name, given))
    names = frozenset(name for name, _ in named)
    ghost = read("ghost", partial(_name_in, names, "one of the figure's poses"), None)
    arrows = _arrows(r, value.get("arrow", []), here, label, names)
    if len(r.errors) != errors_before:
        return None
    return FigureSpec(complete_poses(named), view, anchor, props, muscles, arrows, ghost, marker)


def _arrows(
    r: _Reader, tables: Any, where: Where, label: str, poses: frozenset[str]
) -> tuple[Arrow, ...]:
    """The [[stretch.figure.arrow]] tables (`where` is the figure's place): each names a place
    and two of the poses."""
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        r.fail((*where, "arrow"), f"{label}arrow must be [[stretch.figure.arrow]] tables")
        return ()
    arrows = []
    for number, table in enumerate(tables):
        arrow_label = f"{label}arrow {number + 1}: "
        place: Where = (*where, "arrow", number)
        r.unknown(table, place, arrow_label, ARROW_KEYS, "an arrow")
        for key in ("at", "from", "to"):
            if key not in table:
                r.fail(place, f"{arrow_label}missing required key '{key}'")

        def read(key: str, reader: Callable[[Any, str], T], default: T) -> T:
            return r.get(table, place, arrow_label, key, reader, default)  # noqa: B023

        pose = partial(_name_in, poses, "one of the figure's poses")
        at = read("at", partial(_name_in, PLACES, "a joint or a landmark"), "")
        start, end = read("from", pose, ""), read("to", pose, "")
        offset, grow = read("offset", _offset, (0.0, 0.0)), read("grow", _grow, 1.0)
        around = read("around", partial(_name_in, PLACES, "a joint or a landmark"), None)
        if at and start and end:
            arrows.append(Arrow(at, start, end, offset, grow, around))
    return tuple(arrows)


def _stretch(r: _Reader, table: dict[str, Any], index: int) -> Stretch | None:
    where: Where = ("stretch", index)
    raw_id = table.get("id")
    label = f"stretch {f.show(raw_id)}: " if isinstance(raw_id, str) else f"stretch {index + 1}: "
    errors_before = len(r.errors)
    r.unknown(table, where, label, STRETCH_KEYS, "a [[stretch]] table")
    for key in ("id", "name", "position", "instructions"):
        r.require(table, where, label, key)

    stretch_id = r.get(table, where, label, "id", f.identifier, "")
    name = r.get(table, where, label, "name", _name, "")
    position = r.get(
        table, where, label, "position", lambda v, k: f.choice(v, k, Position), Position.STANDING
    )
    steps = r.get(table, where, label, "instructions", _instructions, _Steps())
    sided = r.get(table, where, label, "sided", f.flag, False)
    # A key only repetitions have makes a stretch one: `kind = "reps"` need not be said too.
    default_kind = Kind.REPS if any(key in table for key in REPS_KEYS) else Kind.HOLD
    kind = r.get(table, where, label, "kind", lambda v, k: f.choice(v, k, Kind), default_kind)
    alternate = r.get(table, where, label, "alternate", f.flag, False)

    def only_for(keys: Iterable[str], allowed: bool, why: str) -> None:
        for key in keys:
            if key in table and not allowed:
                r.fail((*where, key), f"{label}'{key}' {why}")

    only_for(REPS_KEYS, kind is Kind.REPS, 'is for repetition exercises (kind = "reps")')
    only_for(("hold",), kind is not Kind.REPS, 'does not go with kind = "reps": use reps')
    only_for(("question", "answers"), kind is Kind.CHECK, 'is for self-checks (kind = "check")')
    only_for(
        ("left", "right"),
        sided or alternate,
        "is for sided stretches (sided = true) or alternating repetitions",
    )
    if sided and alternate:
        r.fail((*where, "alternate"), f"{label}a stretch is either sided or alternate, not both")
    if kind is Kind.CHECK:
        r.require(table, where, label, "question")
        r.require(table, where, label, "answers")

    side_words: dict[Side, str] = {}
    for side in Side:
        words = r.get(table, where, label, side.value, f.text, "")
        if words:
            side_words[side] = words
    answers = _answers(r, table["answers"], where, label) if "answers" in table else ()
    stretch = Stretch(
        id=stretch_id,
        name=name,
        sided=sided,
        position=position,
        instructions=steps.texts,
        kind=kind,
        step_seconds=steps.seconds,
        again=steps.again,
        summary=r.get(table, where, label, "summary", f.text, ""),
        targets=r.get(table, where, label, "targets", f.texts, NO_TEXTS),
        setup=r.get(table, where, label, "setup", f.text, ""),
        side_words=side_words,
        change_sides=r.get(table, where, label, "change_sides", f.text, ""),
        deepen=r.get(table, where, label, "deepen", f.text, ""),
        feel=r.get(table, where, label, "feel", f.texts, NO_TEXTS),
        mistakes=r.get(table, where, label, "mistakes", f.texts, NO_TEXTS),
        safety=r.get(table, where, label, "safety", f.texts, NO_TEXTS),
        hold=r.get(table, where, label, "hold", f.seconds, None),
        reps=r.get(table, where, label, "reps", f.count, None),
        tempo=r.get(table, where, label, "tempo", f.seconds, None),
        alternate=alternate,
        rep_return=r.get(table, where, label, "rep_return", f.text, ""),
        question=r.get(table, where, label, "question", f.text, ""),
        answers=answers,
        source=r.get(table, where, label, "source", f.text, ""),
        figure=_figure(r, table["figure"], where, label) if "figure" in table else None,
    )
    return stretch if len(r.errors) == errors_before else None


def _stretches(
    r: _Reader, doc: Mapping[str, Any], builtin: Mapping[str, Stretch], broken: set[str]
) -> dict[str, Stretch]:
    """The file's own valid stretches; the ids of invalid ones go into `broken`."""
    found: dict[str, Stretch] = {}
    for index, table in enumerate(r.tables(doc, "stretch")):
        stretch = _stretch(r, table, index)
        if stretch is None:
            if isinstance(table.get("id"), str):
                broken.add(table["id"])
            continue
        where = ("stretch", index, "id")
        if stretch.id in builtin:
            r.fail(
                where, f"stretch id '{stretch.id}' is already a built-in stretch; choose another"
            )
        elif stretch.id in found:
            r.fail(where, f"stretch id '{stretch.id}' is defined twice in this file")
        else:
            found[stretch.id] = stretch
    return found


def _step(
    r: _Reader, table: dict[str, Any], index: int, known: Mapping[str, Stretch], broken: set[str]
) -> RoutineStep | None:
    where: Where = ("step", index)
    label = f"step {index + 1}: "
    errors_before = len(r.errors)
    r.unknown(table, where, label, STEP_KEYS, "a [[step]] table")
    if not r.require(table, where, label, "stretch"):
        return None
    stretch_id = r.get(table, where, label, "stretch", f.identifier, "")
    hold = r.get(table, where, label, "hold", f.seconds, None)
    reps = r.get(table, where, label, "reps", f.count, None)
    repeat = r.get(table, where, label, "repeat", f.count, 1)
    sides = r.get(table, where, label, "sides", lambda v, k: f.choice(v, k, Sides), Sides.BOTH)
    if not stretch_id:
        return None
    stretch = known.get(stretch_id)
    if stretch is None and stretch_id in broken:
        return None  # its own errors are reported already
    if stretch is None:
        r.fail(
            (*where, "stretch"),
            f"{label}unknown stretch '{stretch_id}'{f.suggest(stretch_id, known)}",
        )
        return None
    if hold is not None and reps is not None:
        r.fail((*where, "reps"), f"{label}give hold or reps, never both")
    elif reps is not None and (stretch.kind is Kind.CHECK or stretch.hold is not None):
        r.fail((*where, "reps"), f"{label}'{stretch_id}' is held, not counted: use hold")
    elif hold is not None and stretch.kind is Kind.REPS:
        r.fail((*where, "hold"), f"{label}'{stretch_id}' is counted in reps: use reps")
    if "sides" in table and not stretch.sided:
        r.fail((*where, "sides"), f"{label}'{stretch_id}' is not a sided stretch: remove sides")
    if len(r.errors) != errors_before:
        return None
    return RoutineStep(stretch=stretch, hold=hold, reps=reps, sides=sides, repeat=repeat)


def _routine(
    r: _Reader, doc: Mapping[str, Any], known: Mapping[str, Stretch], broken: set[str], source: str
) -> Routine | None:
    errors_before = len(r.errors)
    r.unknown(doc, (), "", ROUTINE_KEYS, "a routine file")
    if "id" in doc:
        routine_id = r.get(doc, (), "", "id", f.identifier, "")
    else:
        routine_id = f.slug(r.path.stem)
        if not routine_id:
            stem = f.show_path(r.path.stem)
            r.fail((), f"cannot make an id from the file name '{stem}': add id = \"...\"")
    r.require(doc, (), "", "name")
    name = r.get(doc, (), "", "name", _name, "")
    description = r.get(doc, (), "", "description", partial(f.text, multiline=True), "")
    zero_ok = partial(f.seconds, allow_zero=True)
    timing = Timing(
        hold=r.get(doc, (), "", "hold", f.seconds, None),
        prepare=r.get(doc, (), "", "prepare", zero_ok, None),
        switch=r.get(doc, (), "", "switch", zero_ok, None),
        rest=r.get(doc, (), "", "rest", zero_ok, None),
    )
    step_tables = r.tables(doc, "step")  # a wrong shape is reported there
    if not step_tables and isinstance(doc.get("step", []), list):
        r.fail(("step",), "a routine needs at least one [[step]] table")
    elif len(step_tables) > MAX_STEPS:
        r.fail(("step", MAX_STEPS), f"a routine may have at most {MAX_STEPS} steps")
    steps = [_step(r, table, index, known, broken) for index, table in enumerate(step_tables)]
    if len(r.errors) != errors_before:
        return None
    return Routine(
        id=routine_id,
        name=name,
        steps=tuple(step for step in steps if step is not None),
        timing=timing,
        description=description,
        source=source,
    )


def read_content_file(
    path: Path, builtin: Mapping[str, Stretch], *, source: str | None = None
) -> ContentFile:
    """Read a routine file, or a file of `[[stretch]]` tables, against the built-in stretches."""
    result = ContentFile(path)
    text, error = _read_source(path)
    if error is not None or text is None:
        result.errors = [error] if error else []
        return result
    doc, error = _parse_toml(path, text)
    if error is not None or doc is None:
        result.errors = [error] if error else []
        return result
    r = _Reader(path, text)
    result.lines, result.id_from_name = r.lines, "id" not in doc
    more: list[ContentError] = []
    try:
        own, routine = _content(r, doc, builtin, source or str(path))
    except _TooMany:
        more = [
            ContentError(str(path), None, f"more than {MAX_PROBLEMS} problems: fix these first")
        ]
    if r.errors:
        result.errors = sorted(r.errors, key=lambda e: e.line or 0) + more
    else:
        result.stretches, result.routine = own, routine
    return result


def _content(
    r: _Reader, doc: Mapping[str, Any], builtin: Mapping[str, Stretch], source: str
) -> tuple[dict[str, Stretch], Routine | None]:
    """The file's own stretches and its routine, if it is a routine file."""
    broken: set[str] = set()
    own = _stretches(r, doc, builtin, broken)
    # Anything besides [[stretch]] tables (or nothing at all) makes it a routine file.
    if bool(set(doc) - {"stretch"}) or "stretch" not in doc:
        return own, _routine(r, doc, {**builtin, **own}, broken, source)
    if not own and not r.errors:
        r.fail(("stretch",), "no [[stretch]] tables: a stretch file needs at least one")
    return own, None


def _toml_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".toml")
    except OSError:
        return []


def load_catalogue(builtin_dir: Path, user_dir: Path | None) -> Catalogue:
    """The built-in stretches and routines, then the user's routines. The user's own stretches
    stay within the file that defines them."""
    catalogue = Catalogue()
    for path in _toml_files(builtin_dir / "stretches"):
        loaded = read_content_file(path, catalogue.stretches, source="built-in")
        catalogue.errors += loaded.errors
        catalogue.stretches.update(loaded.stretches)
        catalogue.stretch_files.update(dict.fromkeys(loaded.stretches, _place(path)))

    builtin_routines = [
        read_content_file(p, catalogue.stretches, source="built-in")
        for p in _toml_files(builtin_dir / "routines")
    ]
    user_routines = (
        [read_content_file(p, catalogue.stretches) for p in _toml_files(user_dir)]
        if user_dir is not None
        else []
    )
    for loaded in builtin_routines + user_routines:
        catalogue.errors += loaded.errors
        routine = loaded.routine
        if routine is None:
            if not loaded.errors:
                catalogue.errors.append(
                    ContentError(
                        str(loaded.path),
                        1,
                        "holds only [[stretch]] tables: a routine needs a name and [[step]] tables",
                    )
                )
            continue
        if (taken := catalogue.admit(loaded, routine)) is not None:
            catalogue.errors.append(taken)
    return catalogue


def load_notice(builtin_dir: Path) -> Notice:
    """The general-guidance notice shipped with the content."""
    data = tomllib.loads((builtin_dir / "notice.toml").read_text(encoding="utf-8"))
    return Notice(title=data["title"], paragraphs=tuple(data["paragraphs"]))
