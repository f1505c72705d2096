"""Tests of the warm build server: delegation, refusals, signals and its private socket folder."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import buildserver, paths


def _start_server(socket_file: Path) -> subprocess.Popen:
    """Start ``python -m analysis.buildserver serve`` on a socket of the test; wait until ready."""
    environment = {**os.environ, buildserver.SOCKET_VARIABLE: str(socket_file)}
    server = subprocess.Popen(
        [sys.executable, "-m", "analysis.buildserver", "serve", "--idle-minutes", "5"],
        cwd=paths.ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if socket_file.exists() and _answers(socket_file):
            return server
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode())
        time.sleep(0.1)
    server.kill()
    raise AssertionError("the build server did not start within 60 s")


def _answers(socket_file: Path) -> bool:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(socket_file))
        return True
    except OSError:
        return False
    finally:
        connection.close()


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A build server of the test on a temporary socket (module-wide: it takes ~3 s to warm)."""
    socket_file = tmp_path_factory.mktemp("server") / "build.sock"
    process = _start_server(socket_file)
    yield socket_file, process
    _stop(process)


@pytest.mark.slow
def test_build_is_run_by_the_server_with_the_callers_streams_and_folder(
    server, reports_dir, monkeypatch, capfd
):
    """A build asked of a running server is done by it, prints to the caller and writes its PDF."""
    socket_file, _ = server
    monkeypatch.setenv(buildserver.SOCKET_VARIABLE, str(socket_file))
    code = buildserver.request_build(["build", "klaten", "--lang", "id"])
    output = capfd.readouterr().out
    assert code == 0  # None would mean the caller had to build by itself
    assert (reports_dir / "klaten" / "brief.pdf").is_file()
    assert str(reports_dir / "klaten" / "brief.pdf") in output
    assert not list((reports_dir / "klaten").glob(".staging-*"))


def test_a_bad_regency_gets_the_pipelines_error_and_exit_code(server, reports_dir, monkeypatch):
    """The server's build refuses an unknown regency exactly as a local build does (exit 2)."""
    socket_file, _ = server
    environment = {
        **os.environ,
        buildserver.SOCKET_VARIABLE: str(socket_file),
        "TKPK_REPORTS_DIR": str(reports_dir),
    }
    command = [sys.executable, "-m", "analysis.buildserver", "build", "atlantis"]
    served = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    local = subprocess.run(
        [sys.executable, "-m", "analysis.pipeline", "build", "atlantis"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode == local.returncode == 2
    assert served.stderr == local.stderr
    assert "atlantis" in served.stderr


def test_other_import_time_setting_is_declined_and_server_stays(server, monkeypatch):
    """A caller with another TKPK_DATA_RAW builds by itself; the server keeps serving others."""
    socket_file, process = server
    monkeypatch.setenv(buildserver.SOCKET_VARIABLE, str(socket_file))
    monkeypatch.setenv("TKPK_DATA_RAW", "/elsewhere/raw")
    assert buildserver.request_build(["build", "klaten"]) is None
    assert process.poll() is None and _answers(socket_file)


def test_broken_request_does_not_stop_the_server(server):
    """A connection that sends garbage or hangs up is dropped; the server still answers."""
    socket_file, process = server
    for payload in (b"", b"\x00\x00", b"\xff\xff\xff\xffjunk"):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.connect(str(socket_file))
        connection.sendall(payload)
        connection.close()
    time.sleep(0.3)
    assert process.poll() is None and _answers(socket_file)


@pytest.mark.slow
def test_stopping_the_caller_stops_the_build_and_publishes_nothing(server, reports_dir):
    """SIGTERM to the caller reaches the server's build: no staging left, nothing published."""
    socket_file, _ = server
    environment = {
        **os.environ,
        buildserver.SOCKET_VARIABLE: str(socket_file),
        "TKPK_REPORTS_DIR": str(reports_dir),
    }
    caller = subprocess.Popen(
        [sys.executable, "-m", "analysis.buildserver", "build", "boyolali"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    folder = reports_dir / "boyolali"
    deadline = time.monotonic() + 60
    while not list(folder.glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.glob(".staging-*")), "the build never started"
    caller.send_signal(signal.SIGTERM)
    caller.wait(timeout=60)
    assert caller.returncode != 0
    deadline = time.monotonic() + 30
    while list(folder.glob(".staging-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(folder.glob(".staging-*"))
    assert not (folder / "brief.pdf").exists()


def test_changed_code_is_declined_and_the_stale_server_exits(tmp_path, monkeypatch):
    """A caller whose code differs builds by itself, and the server, now stale, stops."""
    socket_file = tmp_path / "build.sock"
    process = _start_server(socket_file)
    try:
        monkeypatch.setenv(buildserver.SOCKET_VARIABLE, str(socket_file))
        monkeypatch.setattr(buildserver, "code_stamp", lambda: "edited since the server started")
        assert buildserver.request_build(["build", "klaten"]) is None
        process.wait(timeout=20)
        assert not socket_file.exists()
    finally:
        _stop(process)


def test_no_server_means_the_caller_builds_by_itself(tmp_path, monkeypatch):
    """Without a socket, or with a stale socket file nobody listens on, the caller builds."""
    monkeypatch.setenv(buildserver.SOCKET_VARIABLE, str(tmp_path / "none.sock"))
    assert buildserver.request_build(["build", "klaten"]) is None
    stale = tmp_path / "stale.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(stale))
    listener.close()  # the file stays, nobody listens
    monkeypatch.setenv(buildserver.SOCKET_VARIABLE, str(stale))
    assert buildserver.request_build(["build", "klaten"]) is None


def test_socket_folder_open_to_others_is_refused_in_both_languages(tmp_path):
    """The server refuses a socket folder that other users could open (mode 0755)."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with pytest.raises(SystemExit) as refused:
        buildserver._private_folder(folder / "build.sock")
    message = str(refused.value.code)
    assert "chmod 700" in message
    assert "milik Anda" in message and "your own" in message


def test_default_socket_differs_between_checkouts_and_stays_short(monkeypatch):
    """Two checkouts get different sockets, each short enough for a Unix socket path."""
    monkeypatch.delenv(buildserver.SOCKET_VARIABLE, raising=False)
    here = buildserver.socket_path()
    monkeypatch.setattr(paths, "ROOT", Path("/somewhere/else/tkpk"))
    other = buildserver.socket_path()
    assert here != other
    assert len(str(here).encode()) < 100


def _connection_from(uid: int | None) -> tuple[socket.socket, int]:
    """One end of a socket pair made by a child process running as ``uid`` (None: this user),
    and the child's pid; the kernel records the child's user as the peer of that end."""
    carrier, child_end = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        carrier.close()
        try:
            if uid is not None:
                os.setgid(uid)
                os.setuid(uid)
            ours, theirs = socket.socketpair()
            socket.send_fds(child_end, [b"x"], [ours.fileno()])
            ours.close()
            theirs.sendall(b"\0\0\0\2{}")  # a request, so that only the user check can stop it
            theirs.recv(1)  # wait until the server side has closed its end
        finally:
            os._exit(0)
    child_end.close()
    _, descriptors, _, _ = socket.recv_fds(carrier, 1, 1)
    carrier.close()
    return socket.socket(fileno=descriptors[0]), pid


@pytest.mark.skipif(os.geteuid() != 0, reason="making a process of another user needs root")
def test_a_connection_from_another_user_is_closed_unread(monkeypatch):
    """The server reads nothing from a peer of another user (SO_PEERCRED) and starts no build;
    a peer of its own user is read."""
    (nobody, first), (own, second) = _connection_from(65534), _connection_from(None)
    read = []
    monkeypatch.setattr(buildserver, "_receive", lambda connection: read.append(1) or ({}, []))
    monkeypatch.setattr(buildserver, "_refusal", lambda *args: "test")
    monkeypatch.setattr(buildserver, "_reply", lambda *args, **kwargs: None)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("a build was started"))
    assert buildserver._serve_one(nobody, "stamp", {}) is None
    assert read == []
    buildserver._serve_one(own, "stamp", {})
    assert read == [1]
    for pid in (first, second):
        os.waitpid(pid, 0)
