"""The table of a server's socket states, read from the operating system."""

import socket
import sys

import pytest

from conftest import learner_greeter
from helpers import start_server
from helpers.pictures.socket_states import StateTable, server_sockets


greeter = learner_greeter(b"bonjour", note=None, read_first=True)


def visit(server, table):
    """A client's visit, the table snapshotted before, during and after; its port."""
    table.snapshot("avant")
    with socket.create_connection(server.address, timeout=5) as client:
        client_port = client.getsockname()[1]
        server.settle()
        table.snapshot("pendant")
        client.sendall(b"x")
        while client.recv(100):
            pass
    server.settle()
    table.snapshot("après")
    return client_port


def test_before_during_after(no_leak):
    server = start_server("états", greeter, show=False)
    table = StateTable(server.port)
    client_port = visit(server, table)
    assert table.rows() == [("socket d'écoute", ["LISTEN", "LISTEN", "LISTEN"]),
                            ("connexion 1", ["—", "ESTABLISHED", "TIME_WAIT"])]
    html = table._repr_html_()
    assert ">pendant</th>" in html and "<code>TIME_WAIT</code>" in html
    assert str(server.port) not in html and str(server.port) not in repr(table)
    port = server.port
    server.stop()
    # The listener is closed; the connection waits in TIME_WAIT. (Another test's socket may
    # have been given the same port number meanwhile: only ours is looked at.)
    assert server.listener.fileno() == -1
    assert (client_port, "TIME_WAIT") in server_sockets(port)


def test_older_connections_are_left_out_and_output_is_stable(no_leak):
    server = start_server("états", greeter, show=False)
    visit(server, StateTable(server.port))
    texts = set()
    for _ in range(10):
        table = StateTable(server.port)
        visit(server, table)
        texts.add(table._repr_html_())
    assert len(texts) == 1 and "connexion 2" not in texts.pop()
    server.stop()


def test_netstat_lines_are_read_like_psutil(monkeypatch):
    from helpers.pictures import socket_states

    sample = (
        "Active Internet connections (including servers)\n"
        "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n"
        "tcp4       0      0  127.0.0.1.50007        127.0.0.1.61001        ESTABLISHED\n"
        "tcp4       0      0  127.0.0.1.61001        127.0.0.1.50007        ESTABLISHED\n"
        "tcp4       0      0  127.0.0.1.50007        127.0.0.1.60999        TIME_WAIT\n"
        "tcp4       0      0  127.0.0.1.50007        *.*                    LISTEN\n"
        "tcp6       0      0  ::1.50008              ::1.61002              FIN_WAIT_2\n"
    )

    class Done:
        stdout = sample

    def denied(kind):
        raise socket_states.psutil.AccessDenied()

    monkeypatch.setattr(socket_states.subprocess, "run", lambda *a, **k: Done)
    monkeypatch.setattr(socket_states.psutil, "net_connections", denied)
    assert socket_states.server_sockets(50007) == [(None, "LISTEN"), (60999, "TIME_WAIT"),
                                                   (61001, "ESTABLISHED")]
    assert socket_states.server_sockets(50008) == [(61002, "FIN_WAIT2")]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows does not hold the port in TIME_WAIT")
def test_time_wait_holds_the_port_unless_so_reuseaddr(no_leak):
    def reusing():
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        while True:
            conn, address = listener.accept()
            conn.recv(100)
            conn.sendall(b"bonjour")
            conn.close()

    server = start_server("états", reusing, show=False)
    visit(server, StateTable(server.port))
    port = server.port
    server.stop()
    for reuse, works in ((False, False), (True, True)):
        with socket.socket() as attempt:
            if reuse:
                attempt.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                attempt.bind(("127.0.0.1", port))
            except OSError:
                assert not works
            else:
                assert works
