"""The exchange picture is drawn from the socket calls of a real run, and is byte-stable."""

import socket

from conftest import learner_greeter
from helpers import start_server
from helpers.pictures.sequence import Recorder


greeter = learner_greeter(b"bonjour\r\n", note=None)


def asker():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    while True:
        conn, address = listener.accept()
        question = conn.recv(100)
        conn.sendall(question.upper())
        conn.close()


def record(serve, question=None):
    with Recorder() as run:
        server = start_server("séquence", serve, show=False)
        with socket.create_connection(server.address, timeout=5) as client:
            if question:
                client.sendall(question)
            while client.recv(1024):
                pass
        server.settle()
    server.stop()
    return run


def test_calls_of_both_sides_are_recorded_in_order(no_leak):
    run = record(greeter)
    server = [c[1] for c in run.calls if c[0] == "serveur"]
    client = [c[1] for c in run.calls if c[0] == "client"]
    assert server == ["socket", "bind", "listen", "accept", "sendall", "close"]
    assert client == ["socket", "connect", "recv", "recv", "close"]
    assert ("client", "recv", 9) in run.calls and ("client", "recv", 0) in run.calls


def test_socket_class_is_restored_after_recording(no_leak):
    before = dict(vars(socket.socket))
    record(greeter)
    assert dict(vars(socket.socket)) == before


def test_linked_calls_share_a_row():
    run = record(asker, b"abc")
    rows = {(side, label): (row, partner) for row, side, label, partner, _ in run.steps()}
    connect_row = rows[("client", "connect()")][0]
    assert rows[("serveur", "accept()")] == (connect_row, connect_row)
    assert rows[("serveur", "recv() → 3 octets")][1] == rows[("client", "sendall(3 octets)")][0]
    assert rows[("client", "recv() → b''")][1] == rows[("serveur", "close()")][0]
    assert connect_row > rows[("serveur", "listen()")][0]


def test_same_run_gives_the_same_svg_without_ports(no_leak):
    first = record(greeter).drawing().to_svg()
    for _ in range(5):
        assert record(greeter).drawing().to_svg() == first
    assert "connect()" in first and "sendall(9 octets)" in first and "127.0.0.1" not in first
    assert repr(record(greeter).drawing()).startswith("<dessin ")
