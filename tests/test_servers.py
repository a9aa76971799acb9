"""Background servers: readiness, replacement, bounded stop, errors in French, TCP and UDP."""

import os
import socket
import subprocess
import sys
import threading
import time

import psutil
import pytest

from helpers import ServerError, start_server, start_tcp_server, start_udp_server
from helpers.core.servers import Server, launch, stop_deferred
from conftest import assert_closed, learner_greeter


def greeter(reply=b"bonjour\n"):
    return learner_greeter(reply, note="client 127.0.0.1")


def ask(address, data=b""):
    with socket.create_connection(address, timeout=2) as client:
        if data:
            client.sendall(data)
        return client.recv(1024)


def test_ready_when_it_returns(no_leak):
    for _ in range(20):  # a client right after start never races the server
        server = start_server("prêt", greeter(), show=False)
        assert ask(server.address) == b"bonjour\n"
    server.stop()


def test_rerun_replaces_the_server_of_that_name(no_leak):
    first = start_server("même-nom", greeter(b"un\n"), show=False)
    first_port = first.port
    second = start_server("même-nom", greeter(b"deux\n"), show=False)
    assert not first.running and second.running
    assert ask(second.address) == b"deux\n"
    assert_closed(first_port)
    assert sum(t.name == "serveur-même-nom" for t in threading.enumerate()) == 1
    second.stop()


@pytest.mark.parametrize("make", [
    lambda: start_server("bloqué", greeter(), show=False),
    lambda: start_udp_server("udp-bloqué", lambda data, address: data, show=False),
    lambda: start_tcp_server("fils", lambda conn, address: conn.recv(10),
                             one_thread_per_client=True, show=False),
])
@pytest.mark.timing
def test_stop_wakes_a_blocked_call_within_100_ms(no_leak, make):
    server = make()
    extra = []
    if server.name == "fils":  # one handler thread blocked in recv() too
        extra.append(socket.create_connection(server.address, timeout=2))
        server.settle()
    started = time.perf_counter()
    server.stop()
    elapsed = time.perf_counter() - started
    for sock in extra:
        sock.close()
    assert not any(t.is_alive() for t in server.threads)
    assert elapsed < 0.1, f"stop took {elapsed * 1000:.1f} ms"


def test_fatal_error_is_reported_in_french_at_the_next_client_call(no_leak, capsys):
    def broken():
        listener = socket.create_server(("127.0.0.1", 0))
        conn, _ = listener.accept()
        conn.close()
        return 1 / 0

    server = start_server("cassé", broken, show=False)
    address = server.address
    socket.create_connection(address, timeout=2).close()
    server.settle()
    with pytest.raises(ServerError, match="ne tourne plus"):
        server.address
    out = capsys.readouterr().out
    assert "s'est arrêté sur une erreur : ZeroDivisionError: division by zero" in out
    assert "return 1 / 0" in out
    assert "ZeroDivisionError" in server.terminal.text()


def test_error_in_one_connection_keeps_the_server_serving(no_leak, capsys):
    def handle(conn, address):
        data = conn.recv(100)
        if data == b"boom":
            raise ValueError("message refusé")
        conn.sendall(data.upper())

    server = start_tcp_server("robuste", handle, show=False)
    assert ask(server.address, b"boom") == b""
    assert ask(server.address, b"encore") == b"ENCORE"
    out = capsys.readouterr().out
    assert "a rencontré une erreur en servant un client : ValueError: message refusé" in out
    assert "continue" in out
    server.stop()


def test_udp_server(no_leak):
    server = start_udp_server("écho-udp", lambda data, address: data[::-1], show=False)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
        client.settimeout(2)
        client.sendto(b"abc", server.address)
        assert client.recvfrom(100)[0] == b"cba"
    server.stop()


def test_refuses_to_listen_beyond_loopback(no_leak):
    def everywhere():
        listener = socket.create_server(("", 0))
        listener.accept()

    with pytest.raises(ServerError, match="127.0.0.1"):
        start_server("partout", everywhere, show=False)


def test_a_server_without_accept_is_explained(no_leak):
    def no_loop():
        socket.create_server(("127.0.0.1", 0)).close()

    with pytest.raises(ServerError, match="accept"):
        start_server("sans-boucle", no_loop, show=False)


def test_nothing_left_running_at_exit():
    # The first exit handler registered runs last: after the helpers' own, it sees what they
    # left. (Probing the port once the process has gone proves nothing: the system closes
    # every socket of a process that ends, and another test's server may take the port.)
    code = (
        "import atexit, socket\n"
        "atexit.register(lambda: print('écoute fermée' if srv.listener.fileno() == -1 else\n"
        "    'écoute ouverte', 'threads finis' if not any(t.is_alive() for t in srv.threads)\n"
        "    else 'threads vivants'))\n"
        "from helpers import start_server\n"
        "def s():\n"
        "    l = socket.create_server(('127.0.0.1', 0))\n"
        "    while True: l.accept()[0].close()\n"
        "srv = start_server('fin', s, show=False)\n"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert time.perf_counter() - started < 10
    assert done.stdout == "écoute fermée threads finis\n", done.stdout


def test_repr_is_stable(no_leak):
    server = start_server("repr", greeter(), show=False)
    assert repr(server) == f"<serveur « repr » en écoute sur 127.0.0.1:{server.port}>"
    server.stop()
    assert repr(server) == "<serveur « repr » arrêté>"
    assert isinstance(server, Server)


def selectors_echo():
    """A learner's one-thread server: a selector over the listener and its clients."""
    import selectors
    with selectors.DefaultSelector() as sel, socket.create_server(("127.0.0.1", 0)) as listener:
        sel.register(listener, selectors.EVENT_READ)
        while True:
            for key, _ in sel.select():
                if key.fileobj is listener:
                    sel.register(listener.accept()[0], selectors.EVENT_READ)
                elif data := key.fileobj.recv(100):
                    key.fileobj.sendall(data)
                else:
                    sel.unregister(key.fileobj)
                    key.fileobj.close()


def select_echo():
    """The same with select.select() and a list of sockets."""
    import select
    listener = socket.create_server(("127.0.0.1", 0))
    sockets = [listener]
    while True:
        for sock in select.select(sockets, [], [])[0]:
            if sock is listener:
                sockets.append(listener.accept()[0])
            elif data := sock.recv(100):
                sock.sendall(data)
            else:
                sockets.remove(sock)
                sock.close()


def socketserver_echo():
    """The standard library's ready-made loop (a selector inside serve_forever)."""
    import socketserver

    class Echo(socketserver.StreamRequestHandler):
        def handle(self):
            self.wfile.write(self.rfile.readline())

    with socketserver.TCPServer(("127.0.0.1", 0), Echo) as server:
        server.serve_forever()


@pytest.mark.parametrize("serve", [selectors_echo, select_echo, socketserver_echo])
def test_a_learners_selector_server_is_ready_serves_and_stops(no_leak, serve):
    server = start_server("sélecteur", serve, show=False)
    with socket.create_connection(server.address, timeout=2) as client:
        client.sendall(b"salut\n")
        assert client.recv(100) == b"salut\n"
    assert server.settle(), "a server waiting in its selector counts as idle"
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 0.5
    assert not server.running


def test_a_server_is_a_context_manager(no_leak):
    with start_server("bloc", greeter(), show=False) as server:
        assert ask(server.address) == b"bonjour\n"
        port = server.port
    assert not server.running
    assert_closed(port)


def test_the_never_ready_message_is_chosen_before_the_thread_is_stopped(monkeypatch, capsys):
    from helpers.core import servers
    monkeypatch.setattr(servers, "READY_TIMEOUT", 0.2)
    wake = threading.Event()

    def waits_instead_of_accepting():
        while not wake.wait(0.01):  # Python code runs between waits: stop() ends it
            pass

    with pytest.raises(ServerError, match="n'attend toujours pas"):
        start_server("endormi", waits_instead_of_accepting, show=False)
    wake.set()


def test_an_interrupt_while_waiting_for_readiness_leaves_no_thread(no_leak, monkeypatch):
    from helpers.core import servers
    release = threading.Event()

    def slow_to_accept():
        release.wait(1)  # the learner's server sleeps before accept()
        socket.create_server(("127.0.0.1", 0)).accept()

    class Interrupted(servers.Guard):
        def wait_for(self, predicate, timeout=None):
            raise KeyboardInterrupt  # what ■ does to the waiting cell

    monkeypatch.setattr(servers, "Guard", Interrupted)
    with pytest.raises(KeyboardInterrupt):
        start_server("lent", slow_to_accept, show=False)
    monkeypatch.undo()
    release.set()
    assert not servers.running_servers()
    for thread in threading.enumerate():
        if thread.name == "serveur-lent":
            thread.join(3)


def test_a_stop_just_after_accept_loses_no_file_descriptor(no_leak):
    # Each stop lands while accept() hands over a new connection; an interrupt there used to
    # lose the connection's descriptor about two times in three.
    for _ in range(100):
        with start_tcp_server("course", lambda conn, address: conn.recv(10),
                                      show=False) as server:
            socket.create_connection(server.address).close()


def test_a_stop_that_gives_up_does_not_slow_down_the_next_server(no_leak, capsys):
    # Python 3.11: the interrupt left pending on a thread blocked in C used to make every
    # other thread crawl, and the next server was never ready (5 s, then a wrong message).
    blocked = threading.Event()

    def sleeper():
        listener = socket.create_server(("127.0.0.1", 0))
        conn, _ = listener.accept()
        blocked.wait(8)  # longer than STOP_TIMEOUT: stop() gives up on it
        conn.close()

    server = start_server("dort", sleeper, show=False)
    client = socket.create_connection(server.address)
    server.settle(0.5)
    server.stop()
    assert "n'a pas rendu la main" in capsys.readouterr().out
    started = time.monotonic()
    with start_tcp_server("suivant", lambda conn, address: conn.sendall(b"ok"), show=False) as nxt:
        assert ask(nxt.address) == b"ok"
    assert time.monotonic() - started < 1.0
    blocked.set()
    for thread in server.threads:
        thread.join(2)
    client.close()


def test_a_server_that_swallows_the_stop_stops_burning_the_processor(capsys):
    def greedy():  # a bare except around accept(): the stop request is swallowed
        listener = socket.create_server(("127.0.0.1", 0))
        while True:
            try:
                listener.accept()[0].close()
            except:  # noqa: E722 — the learner's mistake
                pass

    server = start_server("glouton", greedy, show=False)
    server.stop()
    said = capsys.readouterr().out
    assert "attrape toutes les exceptions" in said and "sans consommer de processeur" in said
    thread = next(t for t in server.threads if t.is_alive())
    process = psutil.Process()
    busy = lambda: next(t for t in process.threads() if t.id == thread.native_id)  # noqa: E731
    before, started = busy(), time.monotonic()
    threading.Event().wait(0.3)
    after = busy()
    used = (after.user_time + after.system_time) - (before.user_time + before.system_time)
    assert used < 0.3 * (time.monotonic() - started), "the parked thread sleeps"


def test_a_state_lock_left_taken_ends_in_french_not_in_a_hang(no_leak, capsys, monkeypatch):
    monkeypatch.setattr("helpers.core.servers.STOP_TIMEOUT", 0.2)
    server = start_tcp_server("verrou", lambda conn, address: None, show=False)
    taker = threading.Thread(target=server.condition.acquire)  # and never releases it
    taker.start()
    taker.join()
    started = time.monotonic()
    with pytest.raises(ServerError, match="resté verrouillé"):
        server.settle(1)
    server.stop()
    assert "resté verrouillé" in capsys.readouterr().out
    assert time.monotonic() - started < 3
    for thread in server.threads:
        thread.join(2)  # it ends once its own wait for the lock gives up


FINALIZING = """
import socket, threading, time
from helpers import start_server

in_finalizer = threading.Event()

class Slow:
    def __del__(self):  # a finalizer still running when stop() comes (a socket's, a WeakSet's)
        in_finalizer.set()
        end = time.monotonic() + 5
        while time.monotonic() < end:
            pass

def finalizing():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.accept()[0].close()
        Slow()
        while True:
            pass

server = start_server("finaliseur", finalizing, show=False)
socket.create_connection(server.address).close()
assert in_finalizer.wait(2)
started = time.monotonic()
server.stop()
print("stopped in", round(time.monotonic() - started, 2), "alive:", server.threads[0].is_alive())
print(server.terminal.text())
"""


def test_a_stop_that_lands_in_a_finalizer_is_not_lost():
    # Python swallows an exception raised in a __del__ or a weakref callback and prints
    # "Exception ignored in ..." instead: a stop landing there would be lost, and the thread
    # would go on. It is raised again in that thread, without the message.
    run = subprocess.run([sys.executable, "-c", FINALIZING], capture_output=True, text=True,
                         timeout=30)
    assert run.returncode == 0, run.stderr
    assert "alive: False" in run.stdout, run.stdout
    assert "Exception ignored" not in run.stdout + run.stderr, run.stdout + run.stderr


def test_a_stop_that_lands_while_the_error_is_reported_ends_quietly(no_leak, monkeypatch):
    # The learner's server failed (a client left: BrokenPipeError) and the report is being
    # written when stop() comes: no "Exception in thread" traceback, the thread just ends.
    reporting, unhandled = threading.Event(), []

    def slow_report(self, exc, fatal=False):
        reporting.set()
        end = time.monotonic() + 5
        while time.monotonic() < end:  # Python code: the stop lands here
            pass

    def fails():
        with socket.create_server(("127.0.0.1", 0)) as listener:
            listener.accept()[0].close()
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(Server, "report", slow_report)
    monkeypatch.setattr(threading, "excepthook", unhandled.append)
    server = start_server("rapport", fails, show=False)
    socket.create_connection(server.address).close()
    assert reporting.wait(2)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1
    assert unhandled == [], [u.exc_type for u in unhandled]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="elsewhere a poke is needed")
@pytest.mark.parametrize("start", [start_udp_server, start_tcp_server])
def test_stop_sends_nothing_to_a_port_that_may_be_free_already(no_leak, monkeypatch, start):
    # shutdown() wakes a blocked accept(), recv() or select() on Linux: a datagram or a
    # connection sent afterwards could reach whoever has just been given the freed port.
    pokes, sendto, connect = [], socket.socket.sendto, socket.create_connection
    monkeypatch.setattr(socket.socket, "sendto",
                        lambda self, data, *a: pokes.append(a[-1]) or sendto(self, data, *a))
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: pokes.append(address) or connect(address, *a, **k))
    server = start("pointe", lambda *args: None, show=False)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 0.5 and not server.running
    assert pokes == []


@pytest.mark.skipif(os.name != "posix", reason="parking a listener is for POSIX systems")
def test_parking_a_listener_that_its_thread_closes_meanwhile_is_not_an_error():
    from helpers.core.servers import _park

    class ClosedUnderfoot:  # the server thread closes it between the check and dup2()
        seen = 0

        def fileno(self):
            self.seen += 1
            return 3 if self.seen == 1 else -1

        def close(self):
            pass
    assert _park(ClosedUnderfoot()) is False


def test_a_thread_started_as_the_stop_begins_is_stopped_too(no_leak, capsys):
    # A one-thread-per-client server may start a client's thread just after stop() has listed
    # the threads to interrupt: that thread, serving on, used to outlive the server.
    entered, go, served, done = (threading.Event() for _ in range(4))

    def serve_client():
        served.set()
        for _ in range(500):  # Python code: an interrupt lands here
            if done.wait(0.01):
                break

    def accept_loop():
        with socket.create_server(("127.0.0.1", 0)) as listener:
            conn, _ = listener.accept()
            with conn, stop_deferred():  # like _tcp_loop between accept() and start()
                entered.set()
                go.wait(5)
                threading.Thread(target=serve_client, daemon=True).start()

    class LateStart(Server):
        def shutdown(self):
            super().shutdown()
            go.set()  # the client's thread starts after the threads were listed

    server = launch("tardif", lambda: LateStart("tardif", accept_loop), show=False)
    client = socket.create_connection(server.address)
    assert entered.wait(2)
    started = time.monotonic()
    server.stop()
    client.close()
    assert served.is_set()
    assert not any(t.is_alive() for t in server.threads), server.threads
    done.set()
    assert time.monotonic() - started < 1.0
    assert "n'a pas rendu la main" not in capsys.readouterr().out
