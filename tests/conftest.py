import os
import pathlib
import socket
import threading

import psutil
import pytest

from helpers.core import servers


def open_files():
    """What this process's file descriptors point to (Linux: /proc), one entry per fd.

    /dev/null is left out: a library opens it once, on first use (Twisted does), not a leak."""
    folder = pathlib.Path("/proc/self/fd")
    if not folder.exists():
        return set()
    found = set()
    for fd in folder.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # the fd that listed the folder, closed meanwhile
            continue
        if target != "/dev/null":
            found.add(f"{fd.name} → {target}")
    return found


@pytest.fixture
def no_leak():
    """Fails the test if it leaves a thread, an inet socket or a file descriptor open."""
    servers.stop_all()
    process = psutil.Process()
    threads_before = threading.active_count()
    sockets_before = len(process.net_connections(kind="inet"))
    fds_before = open_files()
    yield
    servers.stop_all()
    assert threading.active_count() == threads_before, threading.enumerate()
    leftover = process.net_connections(kind="inet")
    assert len(leftover) == sockets_before, leftover
    grown = open_files() - fds_before
    assert not grown, f"file descriptors left open: {sorted(grown)}"


def assert_closed(port):
    """Nothing in this process listens on `port` any more: a client is refused, or, when
    another test's server has been given the freed port meanwhile, that server is not ours."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return
    listening = [c for c in psutil.Process().net_connections(kind="tcp")
                 if c.status == "LISTEN" and c.laddr.port == port]
    assert not listening, f"port {port} still listened to: {listening}"


def learner_greeter(reply=b"bonjour\n", note="client", read_first=False):
    """A learner-style server function: real socket, bind, listen, accept loop, plain print."""
    def serve():
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        while True:
            conn, address = listener.accept()
            if read_first:
                conn.recv(100)
            if note:
                print(note)
            conn.sendall(reply)
            conn.close()
    return serve


@pytest.fixture(scope="module")
def reactor_running():
    """Twisted's reactor thread lives as long as the process: start it before no_leak counts."""
    from helpers.protocols import reactor
    reactor.reactor()


# The browser test has its own command (`make test-browser`): it needs Chromium.
collect_ignore = [] if os.environ.get("COURSE_BROWSER_TEST") else ["browser"]
