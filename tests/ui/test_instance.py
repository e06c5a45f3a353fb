"""One Supple at a time: the runtime folder, the protocol, the running Supple's server and the
client a later `supple` uses, in one process. The client blocks until the reply, which this
thread's event loop makes, so it runs in a thread while the test waits on Qt."""

from __future__ import annotations

import io
import logging
import os
import shutil
import socket
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.app import answer_request
from desktop_app.core.model import Routine
from desktop_app.handover import (
    MAX_LINE,
    ProtocolError,
    Reply,
    Request,
    answers,
    hand_over,
    hand_over_to_running,
    routine_reference,
)
from desktop_app.paths import AppPaths, RuntimeDirError, runtime_dir
from desktop_app.ui.shell import instance
from desktop_app.ui.shell.instance import InstanceServer
from desktop_app.ui.shell.window import MainWindow


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Not under tmp_path: pytest's folders can be too deep for a socket's path (~100 bytes).
    folder = Path(tempfile.mkdtemp(prefix="supple-test-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def path(runtime: Path, paths: AppPaths) -> Path:
    return paths.instance_socket()


@pytest.fixture
def asked() -> list[Request]:
    return []


@pytest.fixture
def server(qtbot, asked: list[Request]) -> Iterator[InstanceServer]:
    def handler(request: Request) -> Reply:
        asked.append(request)
        return Reply(True, f"did {request.start or 'show'}")

    made = InstanceServer(handler)
    yield made
    made.close()


def in_thread(qtbot, work: Callable[[], object]) -> object:
    """Run a blocking client while this thread's event loop serves it."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(work()))
    thread.start()
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    thread.join()
    return result[0]


def raw(path: Path, data: bytes) -> bytes:
    """Send bytes as they are; all that comes back until the server closes."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(5)
        conn.connect(str(path))
        try:
            conn.sendall(data)
            received = b""
            while chunk := conn.recv(4096):
                received += chunk
        except (ConnectionResetError, BrokenPipeError):
            return b"(reset)"
        return received


# -- the runtime folder and the socket's name --------------------------------------------------


def test_the_runtime_folder_is_supple_in_xdg_runtime_dir(runtime):
    folder = runtime_dir()
    assert folder == runtime / "Supple"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert runtime_dir() == folder  # again: found, checked, fine


def test_without_xdg_runtime_dir_a_private_folder_in_the_temporary_folder(
    runtime, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setattr(tempfile, "tempdir", str(runtime))
    folder = runtime_dir()
    assert folder == runtime / f"supple-runtime-{os.getuid()}"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # The XDG spec: a relative XDG_RUNTIME_DIR is ignored.
    assert runtime_dir({"XDG_RUNTIME_DIR": "relative/run"}) == folder


def test_a_folder_others_may_reach_is_refused(runtime):
    (runtime / "Supple").mkdir(mode=0o755)
    os.chmod(runtime / "Supple", 0o755)
    with pytest.raises(RuntimeDirError, match=r"mode 755, not 700.*chmod 700"):
        runtime_dir()


def test_a_folder_of_another_user_is_refused(runtime, monkeypatch: pytest.MonkeyPatch):
    (runtime / "Supple").mkdir(mode=0o700)
    someone_else = os.getuid() + 1
    monkeypatch.setattr(os, "getuid", lambda: someone_else)
    with pytest.raises(RuntimeDirError, match=r"belongs to another user \(uid \d+\)"):
        runtime_dir()


def test_a_link_in_place_of_the_folder_is_refused(runtime, tmp_path):
    (runtime / "Supple").symlink_to(tmp_path)
    with pytest.raises(RuntimeDirError, match="is not a folder"):
        runtime_dir()


def test_each_data_folder_has_its_own_socket_name(runtime, tmp_path, monkeypatch):
    one, other = AppPaths.under(tmp_path / "one"), AppPaths.under(tmp_path / "other")
    assert one.instance_name.startswith("instance-") and one.instance_name.endswith(".sock")
    assert one.instance_name != other.instance_name
    monkeypatch.chdir(tmp_path)
    assert AppPaths.under(Path("one")).instance_name == one.instance_name
    (tmp_path / "link").symlink_to(tmp_path / "one")
    assert AppPaths.under(tmp_path / "link").instance_name == one.instance_name
    assert AppPaths.platform().instance_name == "instance.sock"
    assert one.instance_socket() == runtime / "Supple" / one.instance_name


def test_the_command_line_says_why_it_cannot_look_and_goes_on(runtime, paths):
    (runtime / "Supple").mkdir(mode=0o700)
    os.chmod(runtime / "Supple", 0o750)
    out, err = io.StringIO(), io.StringIO()
    assert hand_over_to_running(paths, None, out, err) is None  # this one opens its window
    assert out.getvalue() == ""
    assert err.getvalue() == (
        f"supple: {runtime / 'Supple'} has mode 750, not 700, so others may reach it; Supple "
        f"will not put its socket there (chmod 700 {runtime / 'Supple'} if it is yours); "
        "not looking for a running Supple\n"
    )


def test_a_socket_path_too_long_is_refused(tmp_path, monkeypatch):
    deep = tmp_path / ("x" * 90)
    deep.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    with pytest.raises(RuntimeDirError, match="too long for a socket"):
        AppPaths.under(tmp_path).instance_socket()


# -- the protocol ------------------------------------------------------------------------------


def test_requests_and_replies_are_one_line_of_json():
    assert Request().encode() == b'{"show": true}\n'
    assert Request("/tmp/my routine.toml").encode() == b'{"start": "/tmp/my routine.toml"}\n'
    assert Request.decode(b'{"show": true}') == Request()
    assert Request.decode(b'{"start": "desk-break", "later": 1}') == Request("desk-break")
    assert Reply.decode(Reply(False, "no «way»").encode().rstrip()) == Reply(False, "no «way»")
    for bad in (b"", b"show", b"[1]", b'{"show": 1}', b'{"start": ""}', b"\xff{}"):
        with pytest.raises(ProtocolError):
            Request.decode(bad)
    with pytest.raises(ProtocolError, match="longer than"):
        Request.decode(b" " * (MAX_LINE + 1))


def test_a_routine_is_named_by_id_or_by_its_absolute_file(catalogue, tmp_path, monkeypatch):
    built_in = catalogue.routines["desk-break"]
    assert routine_reference(built_in) == "desk-break"
    monkeypatch.chdir(tmp_path)
    mine = Routine("mine", "Mine", built_in.steps, source="mine.toml")
    assert routine_reference(mine) == str(tmp_path / "mine.toml")


def test_no_socket_or_a_dead_one_means_no_instance(path):
    assert hand_over(path, Request()) is None
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()  # a crash leaves the file behind
    assert path.exists() and not answers(path)
    assert hand_over(path, Request()) is None


# -- the server ----------------------------------------------------------------------------------


def test_a_request_reaches_the_handler_and_its_reply_comes_back(qtbot, server, path, asked):
    assert server.listen(path)
    assert in_thread(qtbot, lambda: hand_over(path, Request())) == Reply(True, "did show")
    start = Request("/tmp/x.toml")
    assert in_thread(qtbot, lambda: hand_over(path, start)) == Reply(True, "did /tmp/x.toml")
    assert asked == [Request(), start]


def test_the_socket_is_for_the_user_alone(server, path):
    assert server.listen(path)
    mode = path.stat().st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) & 0o077 == 0  # nobody else may connect
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_second_server_finds_the_first_and_leaves_its_socket_alone(qtbot, server, path):
    assert server.listen(path)
    before = path.stat().st_ino
    late = InstanceServer()
    try:
        assert not late.listen(path)  # hand over instead
    finally:
        late.close()
    assert path.stat().st_ino == before  # not replaced: Qt renames over the path when it listens
    assert in_thread(qtbot, lambda: hand_over(path, Request())) == Reply(True, "did show")


def test_a_socket_left_by_a_crash_is_removed_and_listened_on(qtbot, server, path, caplog):
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()
    with caplog.at_level(logging.INFO, logger="desktop_app.ui.shell.instance"):
        assert server.listen(path)
    assert f"removed {path}, left by a Supple that did not close" in caplog.text
    assert in_thread(qtbot, lambda: hand_over(path, Request())) == Reply(True, "did show")


def test_closing_removes_the_socket(server, path):
    assert server.listen(path)
    server.close()
    assert not path.exists()
    assert hand_over(path, Request()) is None


def test_garbage_is_refused_with_a_log_line_and_the_server_goes_on(
    qtbot, server, path, asked, caplog
):
    assert server.listen(path)
    with caplog.at_level(logging.WARNING, logger="desktop_app.ui.shell.instance"):
        said = in_thread(qtbot, lambda: raw(path, b"hello there\n"))
        assert Reply.decode(said.rstrip()) == Reply(
            False, "not a request Supple understands: not JSON (Expecting value at character 0)"
        )
        said = in_thread(qtbot, lambda: raw(path, b'{"start": 7}\n'))
        assert not Reply.decode(said.rstrip()).ok
        # A line with no end is cut off at MAX_LINE bytes, unanswered.
        said = in_thread(qtbot, lambda: raw(path, b"x" * (MAX_LINE + 100)))
        assert said in (b"", b"(reset)")
    assert asked == []
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert messages == [
        "instance: ignored a request that is not JSON (Expecting value at character 0)",
        'instance: ignored a request that is neither {"show": true} nor {"start": "<routine>"}',
        f"instance: dropped a request longer than {MAX_LINE} bytes",
    ]
    assert not any(r.exc_info for r in caplog.records)  # a line each, never a traceback
    assert in_thread(qtbot, lambda: hand_over(path, Request())) == Reply(True, "did show")


def test_a_client_that_says_nothing_is_dropped(qtbot, server, path, monkeypatch, caplog):
    monkeypatch.setattr(instance, "IDLE_MS", 50)
    assert server.listen(path)
    with caplog.at_level(logging.WARNING, logger="desktop_app.ui.shell.instance"):
        assert in_thread(qtbot, lambda: raw(path, b"")) in (b"", b"(reset)")
    assert "dropped a connection that sent no request in 50 ms" in caplog.text


def test_a_failing_handler_is_logged_and_told(qtbot, path, caplog):
    def broken(_request: Request) -> Reply:
        raise ValueError("no such thing")

    server = InstanceServer(broken)
    try:
        assert server.listen(path)
        with caplog.at_level(logging.ERROR, logger="desktop_app.ui.shell.instance"):
            reply = in_thread(qtbot, lambda: hand_over(path, Request()))
    finally:
        server.close()
    assert reply == Reply(False, "the running Supple could not do it: no such thing")
    assert "instance: the request Request(start=None) failed" in caplog.text


# -- the running window's answers ---------------------------------------------------------------


def test_show_brings_a_minimised_or_hidden_window_forward(qtbot, window: MainWindow):
    window.showMinimized()
    assert answer_request(window, window.paths, Request()) == Reply(True, "brought forward")
    assert window.isVisible() and not window.isMinimized()
    window.hide()
    window.bring_forward()
    assert window.isVisible()


def test_start_runs_the_routine_unless_a_session_runs(window: MainWindow, tmp_path):
    reply = answer_request(window, window.paths, Request("desk-break"))
    assert reply == Reply(True, "started 'Desk break'")
    assert window.host.driver.running
    refused = answer_request(window, window.paths, Request("big-three"))
    assert refused == Reply(
        False, "Supple is in a session (Desk break); stop it there first, or let it end"
    )
    window.host.driver.stop()
    unknown = answer_request(window, window.paths, Request("big-thre"))
    assert not unknown.ok
    assert unknown.message.startswith("no routine 'big-thre' (did you mean 'big-three'?)")
    missing = answer_request(window, window.paths, Request(str(tmp_path / "gone.toml")))
    assert missing == Reply(False, f"{tmp_path / 'gone.toml'}: no such file")
