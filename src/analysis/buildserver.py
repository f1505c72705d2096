"""A warm build server: `make serve` keeps the imports loaded so that `make report` starts at once.

A single build spends about 3 s importing pandas, scipy, statsmodels, matplotlib and papermill
before any analysis starts. `make serve` starts one background process per checkout that does
those imports once (`analysis.engine.warm_up`) and then waits on a Unix socket. `make report`
(``python -m analysis.buildserver build ...``) asks it first: the server forks a child that runs
exactly the command-line build (`analysis.pipeline.main`) with the caller's arguments, working
folder, environment, umask and terminal (its standard streams are passed over the socket), and
the caller exits with the child's exit code. With no server, or one that cannot serve this
request, the caller builds by itself as before: the server only saves time, it never changes a
result.

The server declines, and the caller builds by itself, when:
- the package's source files changed since the server started (it then exits: its imported code
  is stale), or the virtual environment was reinstalled;
- the caller's Python, or an environment variable read when modules are imported
  (``IMPORT_TIME_VARIABLES``), differs from the server's.

Safety: the socket lives in a folder only the user can open (mode 0700, checked), the server
accepts only connections from processes of its own user (``SO_PEERCRED``), and a request carries
only the command-line arguments (parsed and validated by the pipeline as usual) and the caller's
environment. Ctrl-C or a SIGTERM of the caller is passed on to the build, which then removes its
staging folder as a local build does. The server stops by itself after ``--idle-minutes`` without
requests (30 by default) and with `make serve-stop`.

No maintained library runs a warm, forking Python build server of this kind (it is the pattern of
Gradle's daemon or Emacs' server), so this module writes one with the standard library only: the
client side must not import anything heavy, or the point is lost.
"""

from __future__ import annotations

import argparse
import array
import contextlib
import hashlib
import json
import os
import select
import signal
import socket
import stat
import struct
import sys
import tempfile
import time
from pathlib import Path

from analysis import paths

# Variables read when a module is imported (not when a build runs): a server started with other
# values would build with the wrong data or settings, so it declines.
IMPORT_TIME_VARIABLES = (
    "TKPK_DATA_RAW",
    "PYTHONPATH",
    "PYTHONHASHSEED",
    "MPLBACKEND",
    "MPLCONFIGDIR",
)
SOCKET_VARIABLE = "TKPK_SERVER_SOCKET"
DEFAULT_IDLE_MINUTES = 30.0
MAX_REQUEST_BYTES = 1 << 20
STREAMS = 3  # standard input, output and error of the caller
CONNECT_TIMEOUT_SECONDS = 2.0


def socket_path() -> Path:
    """Return the server socket of this checkout.

    ``TKPK_SERVER_SOCKET`` overrides it (the tests use a temporary one). By default it lies in a
    folder of the user's own under the temporary directory, named by a hash of the checkout's
    root, so that two checkouts never share a server and the path stays short (a Unix socket
    path may not exceed about 100 bytes).
    """
    override = os.environ.get(SOCKET_VARIABLE)
    if override:
        return Path(override)
    digest = hashlib.sha256(str(paths.ROOT).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"tkpk-{os.getuid()}" / f"build-{digest}.sock"


def code_stamp() -> str:
    """A fingerprint of the code a server has imported: the package's source files and the venv.

    Names, sizes and modification times (not contents: this runs before every build and must take
    milliseconds), plus the Python executable and the virtual environment's install stamp.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(sys.executable.encode())
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}".encode())
    installed = Path(sys.prefix) / ".installed"
    if installed.exists():
        digest.update(f"venv:{installed.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


def import_time_settings(environment: dict | os._Environ) -> dict[str, str]:
    """The values of ``IMPORT_TIME_VARIABLES`` in an environment ('' when unset)."""
    return {name: environment.get(name, "") for name in IMPORT_TIME_VARIABLES}


def _text(key: str, /, **fields) -> str:
    """A catalogue text in both languages (imported only when a message is printed)."""
    from analysis.labels import both

    return both(key, **fields).replace("\n", " ")


# ---- the caller's side ------------------------------------------------------------------------


def request_build(argv: list[str]) -> int | None:
    """Have a running server build; return the build's exit code, or None to build here.

    Parameters
    ----------
    argv : list of str
        The arguments of ``python -m analysis.pipeline`` ("build", the regency, options).
    """
    connection = _connect()
    if connection is None:
        return None  # no server listening (no socket, or a stale socket file): build here
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        umask = os.umask(0o022)
        os.umask(umask)
        request = {
            "argv": list(argv),
            "cwd": os.getcwd(),
            "environment": dict(os.environ),
            "umask": umask,
            "stamp": code_stamp(),
            "import_time": import_time_settings(os.environ),
            "executable": sys.executable,
        }
        payload = json.dumps(request).encode()
        descriptors = array.array("i", range(STREAMS))
        connection.sendmsg(
            [struct.pack("!I", len(payload)), payload],
            [(socket.SOL_SOCKET, socket.SCM_RIGHTS, descriptors)],
        )
        connection.settimeout(None)
        return _follow(connection)
    except OSError:
        return None  # the server went away before taking the build: build here
    finally:
        connection.close()


def _connect() -> socket.socket | None:
    """A connection to this checkout's server, or None when none listens."""
    path = socket_path()
    if not path.exists():
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(CONNECT_TIMEOUT_SECONDS)
    try:
        connection.connect(str(path))
    except OSError:
        connection.close()
        return None
    return connection


def _follow(connection: socket.socket) -> int | None:
    """Read the server's replies; pass the caller's signals on to the build until it exits."""
    reader = connection.makefile("r", encoding="utf-8")
    child: list[int] = []
    previous = {}

    def forward(signum, frame):
        if child:
            with contextlib.suppress(ProcessLookupError):  # the build just ended
                os.kill(child[0], signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        previous[signum] = signal.signal(signum, forward)
    try:
        for line in reader:
            reply = json.loads(line)
            if "declined" in reply:
                return None
            if "pid" in reply:
                child.append(int(reply["pid"]))
            if "exit" in reply:
                return int(reply["exit"])
        # The build process ended without a word (killed): the pipeline's own rule applies, the
        # published brief is unchanged because publishing is one rename.
        print(f"error: {_text('server_child_died')}", file=sys.stderr)
        return 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


# ---- the server's side ------------------------------------------------------------------------


def _private_folder(path: Path) -> None:
    """Create the socket's folder (mode 0700) and refuse one that others could open."""
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise SystemExit(f"error: {_text('server_folder_open', folder=folder)}")


def _peer(connection: socket.socket) -> tuple[int, int, int]:
    """(pid, uid, gid) of the process at the other end of a Unix socket."""
    credentials = connection.getsockopt(
        socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
    )
    return struct.unpack("3i", credentials)


def _receive(connection: socket.socket) -> tuple[dict, list[int]]:
    """Read one request: a length-prefixed JSON object and the caller's standard streams."""
    header, descriptors = _receive_part(connection, 4, STREAMS)
    if len(header) != 4:  # a status check connects and hangs up without a request
        raise ValueError("no request")
    (length,) = struct.unpack("!I", header)
    if length > MAX_REQUEST_BYTES:
        raise ValueError("request too large")
    body = b""
    while len(body) < length:
        part = connection.recv(length - len(body))
        if not part:
            raise ValueError("request cut short")
        body += part
    return json.loads(body), descriptors


def _receive_part(connection: socket.socket, size: int, streams: int) -> tuple[bytes, list[int]]:
    message, ancillary, _, _ = connection.recvmsg(
        size, socket.CMSG_LEN(streams * array.array("i").itemsize)
    )
    descriptors = array.array("i")
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            descriptors.frombytes(data[: len(data) - len(data) % descriptors.itemsize])
    while len(message) < size:
        part = connection.recv(size - len(message))
        if not part:
            break
        message += part
    return message, list(descriptors)


def _refusal(request: dict, stamp: str, settings: dict) -> str | None:
    """Why the server cannot build this request ('' / None when it can)."""
    if request.get("stamp") != stamp:
        return "code"
    if request.get("executable") != sys.executable:
        return "python"
    if request.get("import_time") != settings:
        return "environment"
    return None


def _reply(connection: socket.socket, **fields) -> None:
    connection.sendall((json.dumps(fields) + "\n").encode())


def _run_build(connection: socket.socket, request: dict, descriptors: list[int]) -> None:
    """In the forked child: become the caller's build process, run the build, report, exit."""
    code = 1
    try:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(signum, signal.SIG_DFL)
        sys.stdout.flush()
        sys.stderr.flush()
        for target, descriptor in enumerate(descriptors[:STREAMS]):
            os.dup2(descriptor, target)
        for descriptor in descriptors:
            os.close(descriptor)
        os.chdir(request["cwd"])
        os.umask(int(request["umask"]))
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in request["environment"].items()})
        _reply(connection, pid=os.getpid())
        from analysis import pipeline

        code = pipeline.main([str(argument) for argument in request["argv"]])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # shown to the caller as a local build would show it
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            _reply(connection, exit=code)
        finally:
            os._exit(code)


def _reap(signum=None, frame=None) -> None:
    """Collect finished build children so none stays a zombie."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(idle_minutes: float = DEFAULT_IDLE_MINUTES, ready=None) -> None:
    """Run the server in this process until it is idle for ``idle_minutes`` or the code changes.

    Parameters
    ----------
    idle_minutes : float
        Minutes without a request after which the server exits.
    ready : callable, optional
        Called once the socket accepts connections (`start` uses it to return).
    """
    settings = import_time_settings(os.environ)
    # One BLAS thread per build, as `analysis.pipeline.main` sets (builds run side by side).
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    from analysis import engine, pipeline  # noqa: F401 - imported once, inherited by builds

    engine.warm_up()
    stamp = code_stamp()
    path = socket_path()
    _private_folder(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    path.unlink(missing_ok=True)
    listener.bind(str(path))
    os.chmod(path, 0o600)
    listener.listen(8)
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    if ready is not None:
        ready()
    try:
        _accept_loop(listener, stamp, settings, idle_minutes * 60)
    finally:
        listener.close()
        path.unlink(missing_ok=True)


def _accept_loop(listener: socket.socket, stamp: str, settings: dict, idle_seconds: float) -> None:
    last = time.monotonic()
    while True:
        remaining = idle_seconds - (time.monotonic() - last)
        if remaining <= 0:
            return
        try:
            readable, _, _ = select.select([listener], [], [], remaining)
        except InterruptedError:
            continue
        if not readable:
            continue
        connection, _ = listener.accept()
        last = time.monotonic()
        if _serve_one(connection, stamp, settings) == "code":
            return  # the code changed: this server is stale for every later request too


def _serve_one(connection: socket.socket, stamp: str, settings: dict) -> str | None:
    descriptors: list[int] = []
    try:
        if _peer(connection)[1] != os.getuid():
            return None
        request, descriptors = _receive(connection)
        reason = _refusal(request, stamp, settings)
        if reason or len(descriptors) != STREAMS:
            _reply(connection, declined=reason or "streams")
            return reason
        if os.fork() == 0:
            _run_build(connection, request, descriptors)
        return None
    except (OSError, ValueError, struct.error):
        return None  # a broken request is dropped; the server keeps serving
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
        connection.close()


def start(idle_minutes: float = DEFAULT_IDLE_MINUTES) -> int:
    """Start a server in the background (unless one answers) and return once it is ready."""
    if _running_pid() is not None:
        print(_text("server_already", pid=_running_pid()))
        return 0
    read_end, write_end = os.pipe()
    if os.fork() == 0:  # the server: detached from the terminal and from make
        os.close(read_end)
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for target in range(STREAMS):
            os.dup2(null, target)
        try:
            serve(idle_minutes, ready=lambda: os.write(write_end, b"ok"))
        finally:
            os._exit(0)
    os.close(write_end)
    ready = os.read(read_end, 2) == b"ok"
    os.close(read_end)
    if not ready:
        print(f"error: {_text('server_not_started')}", file=sys.stderr)
        return 1
    print(_text("server_ready", minutes=f"{idle_minutes:g}"))
    return 0


def _running_pid() -> int | None:
    """The pid of the server answering on this checkout's socket, or None."""
    connection = _connect()
    if connection is None:
        return None
    try:
        return _peer(connection)[0]
    finally:
        connection.close()


def stop() -> int:
    """Stop this checkout's server, if one runs."""
    pid = _running_pid()
    if pid is None:
        print(_text("server_status_off"))
        return 0
    os.kill(pid, signal.SIGTERM)
    for _ in range(100):
        if _running_pid() is None:
            break
        time.sleep(0.05)
    print(_text("server_stopped"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line: ``start``, ``stop``, ``status``, or ``build ...`` (the pipeline's options)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "build":
        code = request_build(argv)
        if code is not None:
            return code
        from analysis import pipeline

        return pipeline.main(argv)
    parser = argparse.ArgumentParser(prog="python -m analysis.buildserver")
    parser.add_argument("command", choices=["start", "stop", "status", "serve"])
    parser.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES)
    arguments = parser.parse_args(argv)
    if arguments.command == "start":
        return start(arguments.idle_minutes)
    if arguments.command == "stop":
        return stop()
    if arguments.command == "serve":
        serve(arguments.idle_minutes)
        return 0
    pid = _running_pid()
    print(_text("server_status_on", pid=pid) if pid else _text("server_status_off"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
