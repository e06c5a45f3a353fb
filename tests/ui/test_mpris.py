"""Supple as an MPRIS player, on a private session bus, with real clients: `playerctl` (what
desktops and scripts use), a strict client that checks every D-Bus type against the MPRIS 2.2
specification, and another player that a session pauses and resumes.

The session runs on the fake clock (ticked by the tests), the service on the Qt event loop;
the clients run as processes or on a thread of their own while the test waits on the loop, so
nothing blocks the service they talk to."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress, HeaderFields, MatchRule, MessageType, message_bus
from jeepney import new_method_call as call
from jeepney.io.blocking import open_dbus_connection

from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.model import Timing
from desktop_app.core.plan import Phase
from desktop_app.resources import assets_dir
from desktop_app.ui.media.art import FigureArt
from desktop_app.ui.media.bus import SessionBus, connect_first
from desktop_app.ui.media.controls import MediaLink, has_mpris
from desktop_app.ui.media.mpris import BUS_NAME, PATH, PLAYER, ROOT, MprisPlayer
from desktop_app.ui.media.other_players import PREFIX, OtherMprisPlayers
from tests.dbus_bus import private_bus, read_line
from tests.ui.conftest import run_for

PROPERTIES = "org.freedesktop.DBus.Properties"

# The specification's types, as a strict client expects them.
ROOT_TYPES = {
    "CanQuit": "b",
    "CanRaise": "b",
    "HasTrackList": "b",
    "Identity": "s",
    "DesktopEntry": "s",
    "SupportedUriSchemes": "as",
    "SupportedMimeTypes": "as",
}
PLAYER_TYPES = {
    "PlaybackStatus": "s",
    "Rate": "d",
    "Metadata": "a{sv}",
    "Volume": "d",
    "Position": "x",
    "MinimumRate": "d",
    "MaximumRate": "d",
    "CanGoNext": "b",
    "CanGoPrevious": "b",
    "CanPlay": "b",
    "CanPause": "b",
    "CanSeek": "b",
    "CanControl": "b",
}
METADATA_TYPES = {
    "mpris:trackid": "o",
    "mpris:length": "x",
    "xesam:title": "s",
    "xesam:artist": "as",
    "xesam:album": "s",
    "mpris:artUrl": "s",
}


@pytest.fixture
def address(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "bus"
    folder.mkdir()
    with private_bus(folder) as bus_address:
        yield bus_address


@dataclass
class Media:
    link: MediaLink
    raised: list[bool] = field(default_factory=list)  # the window was brought forward
    pause_others: bool = False  # the setting

    @property
    def player(self) -> MprisPlayer:
        assert isinstance(self.link.controls, MprisPlayer)
        return self.link.controls


def media_link(host, paths, addresses: list[str], *, warm: bool = True) -> Media:
    media = Media(link=None)  # type: ignore[arg-type]

    def controls(commands):
        return MprisPlayer(commands, FigureArt(paths.cache_dir), SessionBus(addresses), host)

    def others():
        return OtherMprisPlayers(SessionBus(addresses), host)

    media.link = MediaLink(
        host, controls, lambda: media.raised.append(True), others, lambda: media.pause_others
    )
    if warm:
        media.link.warm_up()  # as the window's first paint does
    return media


@pytest.fixture
def media(host, address, paths) -> Iterator[Media]:
    made = media_link(host, paths, [address])
    yield made
    host.stop()
    made.link.close()


def routine(paths, routine_id="big-three"):
    return load_catalogue(assets_dir(), paths.routines_dir).routines[routine_id]


def started(host, media, qtbot, paths) -> MprisPlayer:
    host.start(routine(paths), Timing())
    qtbot.waitUntil(lambda: media.player.owns_name, timeout=10_000)
    return media.player


def in_thread(qtbot, work: Callable[[], Any]) -> Any:
    """Run a blocking client while the Qt loop serves it."""
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(work)
        qtbot.waitUntil(future.done, timeout=15_000)
        return future.result()


def playerctl(qtbot, address: str, *args: str, player: str | None = "supple") -> str:
    """What `playerctl -p PLAYER ARGS` prints, run while the Qt loop serves it."""
    tool = shutil.which("playerctl")
    if tool is None:
        pytest.skip("playerctl is not installed")
    environ = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    chosen = ["-p", player] if player else []
    process = subprocess.Popen(
        [tool, *chosen, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=15_000)
    out, err = process.communicate()
    assert process.returncode == 0, err
    return out.strip()


FORMAT = "{{status}}|{{title}}|{{artist}}|{{album}}|{{mpris:length}}|{{mpris:artUrl}}"


def test_playerctl_drives_a_session_and_reads_each_step(
    host, media, address, qtbot, paths, clock, speech
):
    started(host, media, qtbot, paths)
    first = host.snapshot()
    assert first.step.phase is Phase.PREPARE
    shown = playerctl(qtbot, address, "metadata", "--format", FORMAT)
    status, title, artist, album, length, art = shown.split("|")
    assert (status, title, album) == ("Playing", first.step.stretch.name, "The Big 3")
    assert artist.startswith("Get into position")
    assert int(length) == round(first.step.duration * 1_000_000)
    png = Path(art.removeprefix("file://"))
    assert png.parent == paths.cache_dir / "media-art" and png.read_bytes()[:4] == b"\x89PNG"

    playerctl(qtbot, address, "pause")
    assert host.snapshot().paused and speech.said[-1].text == "Paused."  # as Space says it
    assert playerctl(qtbot, address, "status") == "Paused"
    playerctl(qtbot, address, "play-pause")
    assert not host.snapshot().paused and speech.said[-1].text.startswith("Carry on.")

    # Previous while getting into position: that instruction again, the step stays.
    run_for(host, clock, 3)
    said = len(speech.said)
    playerctl(qtbot, address, "previous")
    assert host.snapshot().step.index == first.step.index and len(speech.said) > said

    playerctl(qtbot, address, "next")  # "I'm ready"
    hold = host.snapshot()
    assert hold.step.phase is Phase.HOLD
    shown = playerctl(qtbot, address, "metadata", "--format", "{{artist}}|{{mpris:length}}")
    assert shown == f"Hold · left side|{round(hold.step.duration * 1_000_000)}"

    run_for(host, clock, 5)
    playerctl(qtbot, address, "previous")  # Back: the hold from its start
    assert host.snapshot().step.index == hold.step.index and host.snapshot().elapsed == 0

    playerctl(qtbot, address, "stop")
    assert not host.running
    assert not media.player.owns_name
    # The name is given up with the session: no player is left.
    assert "supple" not in playerctl(qtbot, address, "-l", player=None)


def ask(address: str, *calls: Any) -> list[Any]:
    """Each call's reply (or error) as a strict client gets it: (kind, signature, body)."""
    bus = open_dbus_connection(address)
    try:
        answers = []
        for message in calls:
            reply = bus.send_and_get_reply(message, timeout=5)
            kind = reply.header.message_type
            fields = reply.header.fields
            name = fields.get(HeaderFields.error_name) if kind is MessageType.error else None
            answers.append((name, fields.get(HeaderFields.signature, ""), reply.body))
        return answers
    finally:
        bus.close()


def props(interface: str, member: str = "GetAll", *names: str) -> Any:
    address = DBusAddress(PATH, bus_name=BUS_NAME, interface=PROPERTIES)
    if member == "GetAll":
        return call(address, "GetAll", "s", (interface,))
    return call(address, "Get", "ss", (interface, *names))


def test_a_session_begun_before_the_first_paint_is_joined_once_warm(host, address, qtbot, paths):
    media = media_link(host, paths, [address], warm=False)
    host.start(routine(paths), Timing())  # `supple start`: the session comes first
    assert media.link.controls is None  # nothing of D-Bus loaded yet
    media.link.warm_up()
    qtbot.waitUntil(lambda: media.player.owns_name, timeout=10_000)
    assert playerctl(qtbot, address, "status") == "Playing"
    host.stop()
    assert not media.player.owns_name
    media.link.close()


def test_every_type_is_the_specifications(host, media, address, qtbot, paths, clock):
    started(host, media, qtbot, paths)
    introspect = call(
        DBusAddress(PATH, BUS_NAME, "org.freedesktop.DBus.Introspectable"), "Introspect"
    )
    (_, root_sig, (root,)), (_, player_sig, (player,)), (_, _, (xml,)) = in_thread(
        qtbot, lambda: ask(address, props(ROOT), props(PLAYER), introspect)
    )
    assert root_sig == player_sig == "a{sv}"
    assert {name: kind for name, (kind, _value) in root.items()} == ROOT_TYPES
    assert {name: kind for name, (kind, _value) in player.items()} == PLAYER_TYPES
    metadata = player["Metadata"][1]
    assert {name: kind for name, (kind, _value) in metadata.items()} == METADATA_TYPES
    assert metadata["mpris:trackid"][1].startswith("/") and not metadata["mpris:trackid"][
        1
    ].startswith("/org/mpris")
    # The description says the same types.
    described = {
        (interface.get("name"), prop.get("name")): prop.get("type")
        for interface in ET.fromstring(xml.split("\n", 2)[2])
        for prop in interface.findall("property")
    }
    expected = {(ROOT, n): t for n, t in ROOT_TYPES.items()}
    expected |= {(PLAYER, n): t for n, t in PLAYER_TYPES.items()}
    assert described == expected
    assert (root["CanQuit"], player["CanSeek"], player["CanControl"]) == (
        ("b", False),
        ("b", False),
        ("b", True),
    )


def test_the_position_moves_with_the_clock_and_is_an_int64(
    host, media, address, qtbot, paths, clock
):
    started(host, media, qtbot, paths)
    position = props(PLAYER, "Get", "Position")
    [(_, sig, [first])] = in_thread(qtbot, lambda: ask(address, position))
    clock.advance(1.5)  # no tick: the position is read from the clock when asked
    [(_, _, [later])] = in_thread(qtbot, lambda: ask(address, position))
    assert sig == "v" and first[0] == later[0] == "x"
    assert later[1] - first[1] == 1_500_000


def test_quit_is_refused_raise_brings_the_window_and_wrong_calls_fail(
    host, media, address, qtbot, paths
):
    started(host, media, qtbot, paths)
    root = DBusAddress(PATH, BUS_NAME, ROOT)
    player = DBusAddress(PATH, BUS_NAME, PLAYER)
    volume = ("d", 0.5)
    answers = in_thread(
        qtbot,
        lambda: ask(
            address,
            call(root, "Quit"),
            call(root, "Raise"),
            call(player, "Seek", "x", (5_000_000,)),
            call(
                DBusAddress(PATH, BUS_NAME, PROPERTIES),
                "Set",
                "ssv",
                (PLAYER, "Volume", volume),
            ),
            props(PLAYER, "Get", "Nothing"),
            call(player, "Jump"),
        ),
    )
    errors = [name for name, _sig, _body in answers]
    assert errors == [
        "io.github.supple.Supple.Error.SessionRunning",
        None,
        None,  # CanSeek is false: no effect, as the specification says
        "org.freedesktop.DBus.Error.NotSupported",
        "org.freedesktop.DBus.Error.UnknownProperty",
        "org.freedesktop.DBus.Error.UnknownMethod",
    ]
    assert media.raised == [True] and host.running
    assert host.snapshot().elapsed < 5  # the seek moved nothing


class Listener:
    """A client on a thread that keeps every signal the player sends: (member, signature,
    body)."""

    def __init__(self, address: str) -> None:
        self.signals: list[tuple[str, str, Any]] = []
        self._address = address
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Listener:
        self._thread.start()
        assert self._ready.wait(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        bus = open_dbus_connection(self._address)
        bus.send_and_get_reply(message_bus.AddMatch(MatchRule(type="signal", path=PATH)))
        self._ready.set()
        while not self._stop.is_set():
            try:
                message = bus.receive(timeout=0.05)
            except TimeoutError:
                continue
            if message.header.message_type is MessageType.signal:
                fields = message.header.fields
                self.signals.append(
                    (fields[HeaderFields.member], fields[HeaderFields.signature], message.body)
                )
        bus.close()

    def changed(self) -> list[dict[str, Any]]:
        return [body[1] for member, _sig, body in self.signals if member == "PropertiesChanged"]


def test_changes_are_signalled_and_the_running_position_is_not(
    host, media, address, qtbot, paths, clock
):
    started(host, media, qtbot, paths)
    with Listener(address) as listener:
        run_for(host, clock, 1.0)  # ten frames: the position runs, nothing else changes
        host.pause()
        qtbot.waitUntil(lambda: bool(listener.changed()), timeout=10_000)
        assert listener.changed() == [{"PlaybackStatus": ("s", "Paused")}]
        host.toggle_pause()
        host.skip()  # into the hold: a new track
        qtbot.waitUntil(lambda: len(listener.changed()) >= 3, timeout=10_000)
        track = listener.changed()[2]["Metadata"][1]
        assert track["xesam:artist"] == ("as", ["Hold · left side"])
        run_for(host, clock, 5.0)
        host.back()  # the hold from its start: the same track, its position jumped
        qtbot.waitUntil(lambda: any(m == "Seeked" for m, *_ in listener.signals), timeout=10_000)
    seeks = [body for member, _sig, body in listener.signals if member == "Seeked"]
    # Two true jumps: going on after the pause started the lead-in's part again (from 0 s,
    # `SessionEngine.resume`), and Back took the hold to its start.
    assert seeks == [(0,), (0,)]
    assert not any("Position" in changed for changed in listener.changed())
    # Each signal as the specification types it.
    assert {(member, sig) for member, sig, _body in listener.signals} == {
        ("PropertiesChanged", "sa{sv}as"),
        ("Seeked", "x"),
    }


def test_a_name_taken_elsewhere_leaves_the_session_as_it_was(
    host, address, qtbot, paths, clock, caplog
):
    other = open_dbus_connection(address)
    try:
        other.send_and_get_reply(message_bus.RequestName(BUS_NAME, 4))
        media = media_link(host, paths, [address])
        caplog.set_level(logging.INFO, "desktop_app.ui.media")
        for _ in range(2):
            with qtbot.waitSignal(
                media.player.off, timeout=10_000, check_params_cb=lambda why: "is taken" in why
            ):  # refused at each session, though the log says it once
                host.start(routine(paths), Timing())
            host.pause()  # the keys work as without a bus
            assert host.snapshot().paused and not media.player.owns_name
            host.stop()
        told = [r for r in caplog.records if "is taken" in r.getMessage()]
        assert len(told) == 1  # said once, not at every session
        media.link.close()
    finally:
        other.close()


def test_a_bus_that_refuses_the_name_leaves_the_session_as_it_was(
    host, paths, qtbot, tmp_path, caplog
):
    folder = tmp_path / "sandbox"
    folder.mkdir()
    with private_bus(folder, refused=(BUS_NAME,)) as sandbox:
        media = media_link(host, paths, [sandbox])
        caplog.set_level(logging.INFO, "desktop_app.ui.media")
        host.start(routine(paths), Timing())
        qtbot.waitUntil(lambda: "the bus refused" in caplog.text, timeout=10_000)
        assert "AccessDenied" in caplog.text
        host.skip()
        assert host.snapshot().step.phase is Phase.HOLD and not media.player.owns_name
        host.stop()
        media.link.close()


def test_without_a_bus_the_session_runs_and_the_log_says_why_once(
    host, paths, qtbot, tmp_path, caplog
):
    media = media_link(host, paths, [f"unix:path={tmp_path}/no-bus"])
    caplog.set_level(logging.INFO, "desktop_app.ui.media")
    host.start(routine(paths), Timing())
    qtbot.waitUntil(lambda: "no session bus" in caplog.text, timeout=10_000)
    host.skip()
    assert host.running and host.snapshot().step.phase is Phase.HOLD
    host.stop()
    with qtbot.waitSignal(media.player.bus.unavailable, timeout=10_000):  # tried again
        host.start(routine(paths), Timing())
    host.stop()
    assert sum("no session bus" in r.getMessage() for r in caplog.records) == 1
    media.link.close()


def test_other_players_are_paused_for_a_session_and_resumed_after_it(
    host, media, address, qtbot, paths
):
    heard: dict[str, list[str]] = {"music": [], "quiet": []}

    def listen(name: str, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            heard[name].append(line.strip())

    with ExitStack() as stack:
        for name, status in (("music", "Playing"), ("quiet", "Paused")):
            process = fake_player(address, name, status)
            stack.callback(end, process)
            threading.Thread(target=listen, args=(name, process), daemon=True).start()
        media.pause_others = True
        started(host, media, qtbot, paths)
        qtbot.waitUntil(lambda: heard["music"] == ["Pause"], timeout=10_000)
        host.stop()
        qtbot.waitUntil(lambda: heard["music"] == ["Pause", "Play"], timeout=10_000)
        assert heard["quiet"] == []  # it was not playing: left alone


def fake_player(address: str, name: str, status: str) -> subprocess.Popen[str]:
    """Another player on the bus at `address`, ready when this returns."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.fake_player", address, name, status],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # it says how its bus went away, when it does
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert process.stdout is not None
    assert read_line(process.stdout, name) == "ready"
    return process


def end(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
    process.wait(10)
    if process.stdout is not None:
        process.stdout.close()


def test_a_bus_that_goes_away_mid_session_is_noticed_and_had_again_later(
    host, paths, qtbot, tmp_path, caplog
):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    later = f"unix:path={second}/socket"  # where a new bus comes up after the first quits
    caplog.set_level(logging.INFO, "desktop_app.ui.media")
    with ExitStack() as stack:
        address = stack.enter_context(private_bus(first))
        media = media_link(host, paths, [address, later])
        told: list[str] = []
        media.player.off.connect(told.append)
        music = fake_player(address, "music", "Playing")
        stack.callback(end, music)  # it goes with the bus
        media.pause_others = True
        started(host, media, qtbot, paths)
        others = media.link.others
        assert isinstance(others, OtherMprisPlayers)
        qtbot.waitUntil(lambda: others.paused == [f"{PREFIX}music"], timeout=10_000)

        stack.close()  # the bus's daemon quits mid-session (the player with it)
        qtbot.waitUntil(lambda: any("no session bus" in why for why in told), timeout=10_000)
        assert "went away" in told[0] and not media.player.owns_name
        host.skip()  # the session goes on, from the window's keys
        assert host.running and host.snapshot().step.phase is Phase.HOLD

        with private_bus(second):
            # Asked for again once when lost, not in a loop: a bus back mid-session is taken
            # at the next session's start.
            assert "supple" not in playerctl(qtbot, later, "-l", player=None)
            assert sum("no session bus" in why for why in told) == 1
            host.stop()
            # The music's Play could not go out: it is kept, not said to be resumed.
            assert others.paused == [f"{PREFIX}music"] and "resumed" not in caplog.text
            assert f"{PREFIX}music left paused" in caplog.text
            media.pause_others = False
            started(host, media, qtbot, paths)
            assert playerctl(qtbot, later, "status") == "Playing"
            host.stop()
            media.link.close()
    assert (
        sum("off for now: the session bus went away" in r.getMessage() for r in caplog.records) == 1
    )


def test_a_bus_closed_while_it_opens_is_never_taken(address, qtbot):
    gate = threading.Event()
    made = []

    def held_back(addresses: list[str]):  # as a bus slow to authenticate
        gate.wait(10)
        made.append(connect_first(addresses))
        return made[-1]

    bus = SessionBus([address], opener=held_back)
    opened: list[bool] = []
    bus.opened.connect(lambda: opened.append(True))
    bus.open()
    bus.close()  # Supple quits meanwhile
    gate.set()
    qtbot.waitUntil(lambda: bool(made) and made[0].sock.fileno() == -1, timeout=10_000)
    assert not bus.is_open and opened == []
    with qtbot.waitSignal(bus.opened, timeout=10_000):  # a later open is a fresh one
        bus.open()
    assert bus.is_open and len(made) == 2
    bus.close()


def test_mpris_is_where_the_media_controls_are_on_a_session_bus():
    # The one place both the controls and the other players ask (app.py's `build_media`).
    assert has_mpris("linux") and has_mpris("freebsd14")
    assert not has_mpris("win32") and not has_mpris("darwin")
