"""Twisted servers in the kernel's one reactor thread behave like every other server."""

import pathlib
import socket
import threading
import time

import pytest
from twisted.internet import protocol

from helpers.protocols import reactor as course_reactor
from helpers.protocols.reactor import start_reactor_server
from conftest import assert_closed


pytestmark = pytest.mark.usefixtures("reactor_running")


class Upper(protocol.Protocol):
    def connectionMade(self):
        print("connexion")

    def dataReceived(self, data):
        print("reçu", data)
        if data == b"boum":
            raise ValueError("boum")
        self.transport.write(data.upper())

    def connectionLost(self, reason):
        print("fin")


def start(name="majuscules"):
    return start_reactor_server(name, protocol.ServerFactory.forProtocol(Upper), show=False)


def exchange(server, data):
    with socket.create_connection(server.address, timeout=2) as client:
        client.sendall(data)
        return client.recv(100)


def test_serves_and_terminal_is_complete_after_each_exchange(no_leak):
    server = start()
    assert repr(server).startswith("<serveur « majuscules » en écoute sur 127.0.0.1:")
    for word in (b"un", b"deux", b"trois"):
        assert exchange(server, word) == word.upper()
        assert server.terminal_text() == f"connexion\nreçu {word!r}\nfin\n"
    server.stop()
    assert repr(server) == "<serveur « majuscules » arrêté>"


def test_rerun_replaces_and_stop_closes_clients(no_leak):
    first = start("même")
    old_port = first.port
    second = start("même")
    assert not first.running
    assert_closed(old_port)
    client = socket.create_connection(second.address, timeout=2)
    second.settle()
    started = time.perf_counter()
    second.stop()
    assert time.perf_counter() - started < 1
    assert client.recv(10) == b""  # closed cleanly, not reset
    client.close()


def test_an_error_in_a_handler_is_reported_not_printed(no_leak, capsys):
    server = start("erreur")
    with socket.create_connection(server.address, timeout=2) as client:
        client.sendall(b"boum")
        assert client.recv(10) == b""  # Twisted drops the connection
    server.settle()
    server.show_terminal()
    out = capsys.readouterr()
    assert "ValueError: boum" in out.out and "continue d'attendre" in out.out
    assert out.err == ""
    server.stop()


def test_one_reactor_thread_however_many_servers(no_leak):
    names = {t.name for t in threading.enumerate()}
    assert "réacteur-twisted" in names
    before = threading.active_count()
    servers = [start(f"s{i}") for i in range(3)]
    assert threading.active_count() == before
    for server in servers:
        server.stop()


def test_call_returns_the_result_of_a_deferred():
    from twisted.internet import defer
    assert course_reactor.call(lambda: defer.succeed(42)) == 42
    assert course_reactor.call(threading.current_thread).name == "réacteur-twisted"


def test_process_exit_stops_servers_and_reactor_quietly(tmp_path):
    import os
    import subprocess
    import sys
    script = tmp_path / "exit.py"
    script.write_text(
        "import poplib\n"
        "from helpers.protocols.mail import Mailbox, start_pop3_server\n"
        "server = start_pop3_server('p', Mailbox(), 'bob', 'x', show=False)\n"
        "client = poplib.POP3(*server.address, timeout=5)  # still connected at exit\n"
        "print('fin')\n")
    root = pathlib.Path(course_reactor.__file__).resolve().parents[1]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-W", "default", str(script)], capture_output=True,
                          text=True, timeout=20, cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root)})
    assert (done.returncode, done.stdout, done.stderr) == (0, "fin\n", "")
    assert time.perf_counter() - started < 10
