"""The `supple` command: argument parsing and the commands that need no window.

Exit codes: 0 success, 2 bad usage or invalid input (one line per problem on stderr), 1 any
other failure (one clear line; the traceback goes to the log file).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import io
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop_app import __version__, routine_finder
from desktop_app.core import fields
from desktop_app.core.catalogue import load_catalogue, read_content_file
from desktop_app.core.cues import Verbosity
from desktop_app.core.model import Routine, Timing
from desktop_app.core.overview import count_text, length_text, overview, stretch_count
from desktop_app.core.plan import build_plan
from desktop_app.display import display_problem
from desktop_app.exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from desktop_app.handover import hand_over_to_running
from desktop_app.log import setup_logging
from desktop_app.paths import AppPaths, RuntimeDirError
from desktop_app.resources import assets_dir
from desktop_app.services.settings import load_settings

if TYPE_CHECKING:
    from desktop_app.core.overview import Fitted
    from desktop_app.core.records import SessionInfo
    from desktop_app.core.script import Lengths, Script
    from desktop_app.services.history import HistoryStore
    from desktop_app.services.settings import Settings
    from desktop_app.services.speech import VoiceSettings

log = logging.getLogger(__name__)


def _folder(value: str) -> str:
    # `--data-dir "$DIR"` with DIR unset must not fall through to the user's real history.
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty folder name (is a shell variable unset?)")
    return value


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # The same options on the main parser and on every subcommand, so that they work before or
    # after it; on subcommands they default to SUPPRESS so as not to undo a value given before.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=_folder,
        default=default,
        help="keep all of Supple's files in DIR (also: SUPPLE_DATA_DIR)",
    )
    parser.add_argument(
        "--no-voice",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="no spoken cues for this run",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="supple", description="Guided stretch sessions for a stiff lower back."
    )
    parser.add_argument("--version", action="version", version=f"supple {__version__}")
    parser.add_argument(
        "--tray",
        action="store_true",
        help="start in the tray without opening the window (how Supple starts at login)",
    )
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    routines = commands.add_parser("routines", help="list the routines that would load")
    routines.add_argument("--json", action="store_true", help="print JSON")
    _global_options(routines, top=False)

    start = commands.add_parser("start", help="open straight into a session")
    start.add_argument("routine", metavar="ROUTINE", help="a routine id or a .toml file")
    start.add_argument(
        "--quit-when-done", action="store_true", help="close Supple when the session ends"
    )
    _global_options(start, top=False)

    history = commands.add_parser("history", help="print past sessions, newest first")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON (also a backup)")
    form.add_argument("--csv", action="store_true", help="print CSV, a row per step")
    form.add_argument(
        "--import",
        dest="restore",
        metavar="FILE",
        type=Path,
        help="add the sessions in a JSON backup; those already here are left alone",
    )
    form.add_argument(
        "--delete",
        metavar="ID",
        help="delete one session for good (its id, or the start of it, as the list shows)",
    )
    history.add_argument("--routine", metavar="ID", help="only this routine's sessions")
    _global_options(history, top=False)

    voices = commands.add_parser("voices", help="list the speech voices")
    _global_options(voices, top=False)

    figure = commands.add_parser("figure", help="draw a stretch's figure into an SVG or PNG file")
    figure.add_argument("stretch", metavar="ID", help="a built-in stretch id")
    figure.add_argument("--side", choices=("left", "right"), help="for a sided stretch (left)")
    figure.add_argument("--pose", metavar="NAME", help="one of its key poses (the stretch itself)")
    figure.add_argument(
        "--out", required=True, metavar="FILE", type=Path, help="FILE.svg or FILE.png"
    )
    figure.add_argument("--size", type=int, default=600, metavar="PX", help="square size (600)")
    figure.add_argument("--dark", action="store_true", help="the dark palette")
    _global_options(figure, top=False)

    script = commands.add_parser(
        "script", help="print what a session says and when, without running it"
    )
    script.add_argument("routine", metavar="ROUTINE", help="a routine id or a .toml file")
    script.add_argument(
        "--level",
        choices=[level.value for level in Verbosity],
        help="how much is said (the settings' choice)",
    )
    script.add_argument(
        "--hold", metavar="S", help=f"every hold lasts S seconds (1 to {fields.MAX_SECONDS})"
    )
    _global_options(script, top=False)

    check = commands.add_parser("check", help="validate stretch and routine files")
    check.add_argument("files", nargs="+", metavar="FILE", type=Path)
    _global_options(check, top=False)
    return parser


def routine_summary(routine: Routine, defaults: Timing, fitted: Fitted) -> dict[str, Any]:
    seen = overview(routine, defaults, fitted)
    return {
        "id": routine.id,
        "name": routine.name,
        "description": routine.description,
        "source": routine.source,
        "seconds": seen.seconds,
        "estimated": seen.estimated,
        "stretches": seen.stretches,
        "positions": [position.value for position in seen.positions],
        "steps": [
            {
                "stretch": step.stretch.id,
                "name": step.stretch.name,
                "kind": step.kind.value,
                "sides": step.sides.value if step.stretch.sided else None,
                "repeat": step.repeat,
            }
            for step in routine.steps
        ],
    }


def _settings(paths: AppPaths, err: TextIO) -> Settings:
    """The user's settings, each value that could not be used said on `err`."""
    loaded = load_settings(paths.settings_file)
    for warning in loaded.warnings:
        print(f"supple: {warning}", file=err)
    return loaded.settings


def _fitter(paths: AppPaths, settings: Settings, args: argparse.Namespace) -> Fitted:
    """A routine's length as a session with these settings will take it, as the home page
    gives it: its spoken words measured where this voice rendered them, else estimated;
    without them under --no-voice or with the voice off."""
    from desktop_app.services.speech_cache import fitter  # noqa: PLC0415

    voice = settings.voice
    if args.no_voice:
        voice = dataclasses.replace(voice, enabled=False)
    return fitter(paths.speech_cache, voice)


def _lenient(*streams: TextIO) -> None:
    """Has each stream write what its encoding cannot hold (a name in a file, under
    PYTHONIOENCODING=ascii) as \\x escapes rather than fail: a listing is read, not parsed."""
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def cmd_routines(args: argparse.Namespace, paths: AppPaths, out: TextIO, err: TextIO) -> int:
    _lenient(out, err)
    settings = _settings(paths, err)
    fitted = _fitter(paths, settings, args)
    catalogue = load_catalogue(assets_dir(), paths.routines_dir)
    for error in catalogue.errors:
        print(error, file=err)
    summaries = [routine_summary(r, settings.timing, fitted) for r in catalogue.routines.values()]
    if args.json:
        # ASCII, so that JSON is whole whatever the output's encoding; a file name that is not
        # UTF-8 stays as Python reads it (surrogate escapes), so it names the same file.
        json.dump(summaries, out, indent=2, ensure_ascii=True)
        out.write("\n")
        return EXIT_OK
    width = max((len(s["id"]) for s in summaries), default=0)
    lengths = [length_text(s["seconds"], estimated=s["estimated"]) for s in summaries]
    length_width = max(map(len, lengths), default=0)
    for s, length in zip(summaries, lengths, strict=True):
        where = "" if s["source"] == "built-in" else f"  ({fields.show_path(s['source'])})"
        count = stretch_count(s["stretches"])
        positions = ", ".join(s["positions"])
        print(
            f"{s['id']:<{width}}  {length:>{length_width}}  {count:<12}  {positions:<34}  "
            f"{s['name']}{where}",
            file=out,
        )
    return EXIT_OK


def cmd_check(args: argparse.Namespace, paths: AppPaths, out: TextIO, err: TextIO) -> int:
    """Each file as the routines folder would take it: against the built-in content and the
    files given before it (a built-in file given again stands in for itself)."""
    _lenient(out, err)
    settings = _settings(paths, err)
    fitted = _fitter(paths, settings, args)
    catalogue = load_catalogue(assets_dir(), None)
    failed = False
    for path in args.files:
        loaded = read_content_file(path, catalogue.stretches_besides(path))
        routine = loaded.routine
        errors = loaded.errors
        if routine is not None and (taken := catalogue.admit(loaded, routine)) is not None:
            errors = [taken]
        for error in errors:
            print(error, file=err)
        shown = fields.show_path(path)
        if errors:
            failed = True
        elif routine is not None:
            length = overview(routine, settings.timing, fitted).length
            steps = count_text(len(routine.steps), "step")
            print(f"{shown}: ok: routine '{routine.id}', {steps}, {length}", file=out)
        else:
            print(f"{shown}: ok: {stretch_count(len(loaded.stretches))}", file=out)
    return EXIT_USAGE if failed else EXIT_OK


def find_routine(reference: str, paths: AppPaths, err: TextIO) -> Routine | None:
    """A routine by id, or from a file; None after saying on `err` what is wrong."""
    found = routine_finder.find_routine(reference, paths)
    for line in found.lines(prefix="supple: "):
        print(line, file=err)
    return found.routine


def open_window(args: argparse.Namespace, paths: AppPaths, out: TextIO, err: TextIO) -> int:
    routine = None
    if args.command == "start":
        routine = find_routine(args.routine, paths, err)
        if routine is None:
            return EXIT_USAGE
    in_tray = args.tray and routine is None
    if in_tray:
        if _running(paths):
            return EXIT_OK  # started at login, and Supple runs already: nothing to bring forward
    elif (handed := hand_over_to_running(paths, routine, out, err)) is not None:
        return handed
    problem = display_problem()
    if problem is not None:
        print(f"supple: {problem}", file=err)
        return EXIT_FAILURE
    from desktop_app import app  # noqa: PLC0415 (Qt loads only when a window is wanted)

    quit_when_done = getattr(args, "quit_when_done", False)
    return app.run(
        paths, routine, quit_when_done=quit_when_done, voice=not args.no_voice, in_tray=in_tray
    )


def _open_folders(paths: AppPaths, err: TextIO) -> bool | None:
    """Make the folders and start the log: True with a log, False without one, None when
    there is no data folder to work in (said on `err`)."""
    try:
        problems = paths.ensure()
    except FileExistsError:
        print(f"supple: cannot use {paths.data_dir}: it is not a folder", file=err)
        return None
    except OSError as exc:
        print(f"supple: cannot use the folder {paths.data_dir}: {_reason(exc)}", file=err)
        return None
    try:
        setup_logging(paths.log_file)
        logged = True
    except OSError as exc:
        # A folder that went read-only (a failing disk) can still be read, and backed up.
        problems.append(exc)
        logging.getLogger().addHandler(logging.NullHandler())  # nor tracebacks on stderr
        logged = False
    if problems:  # one line: the others have the same cause, as a rule
        first, tail = problems[0], "" if logged else "; no log this time"
        print(f"supple: cannot write {first.filename}: {_reason(first)}{tail}", file=err)
    return logged


class Nowhere(io.StringIO):
    """Where output goes when there is none to write to."""

    def write(self, text: str) -> int:
        return len(text)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _running(paths: AppPaths) -> bool:
    from desktop_app.handover import answers  # noqa: PLC0415

    try:
        return answers(paths.instance_socket())
    except RuntimeDirError:
        return False


def cmd_voices(args: argparse.Namespace, paths: AppPaths, out: TextIO, err: TextIO) -> int:
    from desktop_app.services import speech  # noqa: PLC0415 (pyttsx3 only for this command)

    try:
        renderer, problems = speech.open_renderer()
        voices = renderer.voices()
    except speech.SpeechError as exc:
        print(f"supple: no speech engine: {exc}", file=err)
        return EXIT_FAILURE
    for problem in problems:
        print(f"supple: {problem}; listing {renderer.name}'s voices", file=err)
    chosen = load_settings(paths.settings_file).settings.voice.voice
    from desktop_app.core.cues import LANGUAGE  # noqa: PLC0415

    # The cues' language first, then the engine's other voices as it lists them.
    for voice in sorted(voices, key=lambda voice: not speech.speaks(voice, LANGUAGE)):
        mark = "*" if voice.id == chosen else " "
        languages = ", ".join(voice.languages)
        print(
            f"{mark} {voice.id:<24} {voice.name}" + (f" ({languages})" if languages else ""),
            file=out,
        )
    if not chosen:  # nothing to mark: say what sessions use
        print("supple: no voice chosen in the settings: the speech engine's own is used", file=err)
    elif not any(voice.id == chosen for voice in voices):
        print(f"supple: the voice chosen in the settings, {chosen!r}, is not among these", file=err)
    return EXIT_OK


def cmd_history(args: argparse.Namespace, paths: AppPaths, out: TextIO, err: TextIO) -> int:
    # The history's modules (and sqlite3) load only for this command.
    from desktop_app.services import history_export  # noqa: PLC0415
    from desktop_app.services.history import HistoryError  # noqa: PLC0415
    from desktop_app.services.history_keeper import waiting_files  # noqa: PLC0415

    waiting = waiting_files(paths.history_db, paths.waiting_places())
    if args.restore is None and waiting:  # said first: the history may not open at all
        print(
            f"supple: the latest sessions may wait in {', '.join(map(str, waiting))} and be "
            "missing here; Supple stores them when it next starts",
            file=err,
        )
    if args.delete is not None and (problem := _id_problem(args.delete)):
        print(f"supple: {problem}", file=err)
        return EXIT_USAGE
    writes = args.restore is not None or args.delete is not None
    try:
        store = _open_history(paths, to_read=not writes, err=err)
    except HistoryError as exc:
        print(f"supple: {exc}", file=err)
        return EXIT_FAILURE
    try:
        if args.restore is not None:
            return _restore(args.restore, store, out, err)
        if args.delete is not None:
            return _delete(args.delete, store, out, err)
        if args.json:
            written = history_export.write_json(store, args.routine, out)
            if left_out := written.left_out():
                print(f"supple: {left_out}", file=err)
            return EXIT_OK
        if args.csv:
            history_export.write_csv(store.csv_rows(args.routine), out)
            return EXIT_OK
        _print_sessions(store.sessions(args.routine), args.routine, out)
        return EXIT_OK
    except HistoryError as exc:
        print(f"supple: {exc}", file=err)
        return EXIT_FAILURE
    finally:
        store.close()


def _open_history(paths: AppPaths, *, to_read: bool, err: TextIO) -> HistoryStore:
    """The history, with any notice said on `err`; `to_read`: where the folder cannot be
    written, opened only to read it. Raises HistoryError."""
    from desktop_app.core.clock import MonotonicClock  # noqa: PLC0415
    from desktop_app.services.history import open_history, open_history_anyhow  # noqa: PLC0415

    opening = open_history_anyhow if to_read else open_history
    opened = opening(paths.history_db, MonotonicClock().wall)
    for notice in opened.notices:
        print(f"supple: {notice}", file=err)
    return opened.store


def _restore(path: Path, store: HistoryStore, out: TextIO, err: TextIO) -> int:
    from desktop_app.core.history_stats import sessions_text  # noqa: PLC0415
    from desktop_app.core.records import RecordError  # noqa: PLC0415
    from desktop_app.services.history_export import read_backup  # noqa: PLC0415

    try:
        backup = read_backup(path)
    except RecordError as exc:
        print(exc, file=err)
        return EXIT_USAGE
    added = store.add(backup.sessions)
    # Said only for a backup that holds them, as the line always was for one that does not.
    answers = ""
    if backup.reminders:
        new = store.add_reminders(backup.reminders)
        answers = f"; {len(backup.reminders)} reminders' answers, {new} added"
    print(
        f"{path}: {sessions_text(len(backup.sessions))}, {added} added, "
        f"{len(backup.sessions) - added} already in the history{answers}",
        file=out,
    )
    return EXIT_OK


SHORT_ID = 8  # characters of a session's id the list shows, enough to tell one from another
LONGEST_ID = 200


def _shown_id(given: str) -> str:
    """`given` as an error line shows it: quoted, escaped, cut to one line."""
    return repr(given if len(given) <= 40 else given[:40] + "...")


def _id_problem(given: str) -> str | None:
    """What is wrong with `given` as a session id, before the history is opened."""
    if not given.strip():
        return "--delete needs a session id: `supple history` lists them"
    if len(given) > LONGEST_ID or not given.isprintable():
        return f"--delete: {_shown_id(given)} is not a session id"
    return None


def _delete(given: str, store: HistoryStore, out: TextIO, err: TextIO) -> int:
    """Delete the finished session whose id is `given`, or the only one it begins with at
    least as many characters as the list shows: a slip of one or two letters must not name
    another session, which is gone for good."""
    from desktop_app.core.history_stats import sessions_text  # noqa: PLC0415
    from desktop_app.services.history import UnknownSessionError  # noqa: PLC0415

    ids = [s.id for s in store.sessions()]
    found = [given] if given in ids else [i for i in ids if i.startswith(given)]
    problem = None
    if given not in ids and store.is_running(given):
        problem = "is a session still under way; delete it once it has ended"
    elif given not in ids and len(given) < SHORT_ID:
        problem = f"is too short: give the id, or its first {SHORT_ID} characters at least"
    elif len(found) != 1:
        problem = (
            f"begins the ids of {sessions_text(len(found))}" if found else "is no session's id"
        )
    if problem:
        print(
            f"supple: --delete: {_shown_id(given)} {problem}; `supple history` lists them", file=err
        )
        return EXIT_USAGE
    try:
        info = store.delete(found[0])
    except UnknownSessionError:  # deleted by someone else in the meantime
        print(f"supple: --delete: {_shown_id(given)} is no session's id", file=err)
        return EXIT_USAGE
    print(
        f"Deleted session {info.id}: {info.routine_name}, {info.started_at:%Y-%m-%d %H:%M}",
        file=out,
    )
    return EXIT_OK


def _print_sessions(sessions: Sequence[SessionInfo], routine: str | None, out: TextIO) -> None:
    from desktop_app.core.clock import MonotonicClock  # noqa: PLC0415
    from desktop_app.core.history_stats import (  # noqa: PLC0415
        days_text,
        minutes_text,
        sessions_text,
        summarize_history,
    )

    if not sessions:
        print(f"No sessions of '{routine}'." if routine else "No sessions yet.", file=out)
        return
    seen = summarize_history(sessions, MonotonicClock().wall().date())
    print(
        f"Streak {days_text(seen.streak)}; this week {sessions_text(seen.week_sessions)}, "
        f"{minutes_text(seen.week_minutes)}; in all {sessions_text(seen.total_sessions)}, "
        f"{minutes_text(seen.total_minutes)}",
        file=out,
    )
    width = max(len(s.routine_name) for s in sessions)
    for s in sessions:
        status = s.status.value if s.status else ""
        print(
            f"{s.started_at:%Y-%m-%d %H:%M}  {s.routine_name:<{width}}  "
            f"{minutes_text(s.held_seconds / 60):>7}  {status:<11}  "
            f"{s.steps_completed} of {s.steps_planned} done  {s.id[:SHORT_ID]}",
            file=out,
        )


def spoken_script(routine: Routine, settings: Settings, lengths: Lengths) -> Script:
    """What a session of `routine` says with these settings, and when: the plan built with the
    user's timing and its lead-ins fitted to their words, as the session's speech does it; with
    the voice on even where it is off, so as to say what it would say."""
    from desktop_app.core.script import build_script  # noqa: PLC0415
    from desktop_app.services.speech import voiced  # noqa: PLC0415

    voice = dataclasses.replace(settings.voice, enabled=True)
    plan = voiced(build_plan(routine, settings.timing), voice, lambda text: lengths(text).seconds)
    return build_script(plan, voice.verbosity, lengths, ask_after=settings.checkins)


def voice_words(voice: VoiceSettings) -> str:
    """Which voice, in words: its id, or the engine's own, and its rate."""
    name = voice.voice or "the speech engine's own voice"
    return f"{name} at {voice.rate} words a minute"


def _hold(text: str) -> float:
    """--hold's seconds; FieldError with the line to say."""
    value: object
    try:
        value = float(text)
    except ValueError:
        value = text
    return fields.seconds(value, "--hold")


def cmd_script(args: argparse.Namespace, paths: AppPaths, out: TextIO, err: TextIO) -> int:
    from desktop_app.core.plan import held_for  # noqa: PLC0415
    from desktop_app.core.script import format_script  # noqa: PLC0415
    from desktop_app.services.speech_cache import CachedLengths  # noqa: PLC0415

    try:
        hold = None if args.hold is None else _hold(args.hold)
    except fields.FieldError as exc:
        print(f"supple: {exc}", file=err)
        return EXIT_USAGE
    routine = find_routine(args.routine, paths, err)
    if routine is None:
        return EXIT_USAGE
    settings = _settings(paths, err)
    voice = settings.voice
    if args.level is not None:
        voice = dataclasses.replace(voice, verbosity=Verbosity(args.level))
    if hold is not None:
        routine = held_for(routine, hold)
    off = "--no-voice" if args.no_voice else None if voice.enabled else "in the settings"
    # Measured where this voice rendered the words before, else estimated.
    lengths = functools.partial(CachedLengths(paths.speech_cache).length_of, settings=voice)
    script = spoken_script(routine, dataclasses.replace(settings, voice=voice), lengths)
    for line in format_script(script, voice_words(voice), hold=hold, voice_off=off):
        print(line, file=out)
    return EXIT_OK


MIN_FIGURE_PX, MAX_FIGURE_PX = 64, 4096


def cmd_figure(args: argparse.Namespace, paths: AppPaths, out: TextIO, err: TextIO) -> int:
    from desktop_app.core.model import Side  # noqa: PLC0415
    from desktop_app.services.files import write_atomic_bytes  # noqa: PLC0415

    stretches = load_catalogue(assets_dir(), None).stretches
    stretch = stretches.get(args.stretch)
    suffix = args.out.suffix.lower()
    problem = None
    if stretch is None:
        hint = fields.suggest(args.stretch, stretches)
        problem = f"no built-in stretch '{args.stretch}'{hint}"
    elif stretch.figure is None:
        problem = f"'{args.stretch}' has no figure"
    elif args.side and not stretch.sided:
        problem = f"'{args.stretch}' is not a sided stretch: leave out --side"
    elif args.pose and args.pose not in (names := [p.name for p in stretch.figure.poses]):
        problem = f"--pose must be one of {', '.join(names)}, not '{args.pose}'"
    elif suffix not in (".svg", ".png"):
        problem = f"{args.out}: the file must end in .svg or .png"
    elif not MIN_FIGURE_PX <= args.size <= MAX_FIGURE_PX:
        problem = f"--size must be from {MIN_FIGURE_PX} to {MAX_FIGURE_PX} pixels, not {args.size}"
    if problem or stretch is None:
        print(f"supple: {problem}", file=err)
        return EXIT_USAGE
    from desktop_app.ui.look import theme  # noqa: PLC0415 (Qt only for this command)
    from desktop_app.ui.look.figure_export import render_figure  # noqa: PLC0415

    side = Side(args.side or "left") if stretch.sided else None
    colours = theme.DARK if args.dark else theme.LIGHT
    data = render_figure(stretch, side, suffix, args.size, colours, pose=args.pose)
    try:
        write_atomic_bytes(args.out, data)
    except OSError as exc:
        print(f"supple: cannot write {args.out}: {_reason(exc)}", file=err)
        return EXIT_FAILURE
    print(args.out, file=out)
    return EXIT_OK


COMMANDS = {
    "figure": cmd_figure,
    None: open_window,
    "start": open_window,
    "routines": cmd_routines,
    "check": cmd_check,
    "voices": cmd_voices,
    "history": cmd_history,
    "script": cmd_script,
}


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    # Python has no sys.stdout when Supple was started with it closed (`supple >&-`).
    out, err = out or sys.stdout or Nowhere(), err or sys.stderr or Nowhere()
    args = build_parser().parse_args(argv)
    paths = AppPaths.resolve(args.data_dir)
    logged = _open_folders(paths, err)
    if logged is None:
        return EXIT_FAILURE
    try:
        return COMMANDS[args.command](args, paths, out, err)
    except BrokenPipeError:  # `supple routines | head`: the reader left, nothing went wrong
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl+C on a long command (a large export): no traceback
        print(f"supple: {args.command or 'window'} stopped (Ctrl+C)", file=err)
        return EXIT_FAILURE
    except Exception as exc:  # the last line of defence: a clear line here, details in the log
        what = args.command or "window"
        log.exception("supple %s failed", what)
        details = f" (details in {paths.log_file})" if logged else ""
        print(f"supple: {what} failed: {exc}{details}", file=err)
        return EXIT_FAILURE
