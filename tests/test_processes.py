"""A learner's server run as a separate process: its port, Ctrl+C, nothing left behind."""

import os
import socket
import time

import pytest

from helpers import ProcessError, run_client, start_process_server

SERVER = '''import socket
ecoute = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ecoute.bind(("127.0.0.1", 0))
ecoute.listen(5)
print("Le serveur écoute sur", ecoute.getsockname())
while True:
    connexion, adresse = ecoute.accept()
    connexion.sendall(b"merci")
    connexion.close()
'''
CLIENT = '''import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as c:
    print(c.recv(100).decode())
'''


def refused(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def gone(pid, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/status") as status:
                if "State:\tZ" in status.read():
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def files(tmp_path):
    (tmp_path / "serveur.py").write_text(SERVER, encoding="utf-8")
    (tmp_path / "client.py").write_text(CLIENT, encoding="utf-8")
    return tmp_path


def test_serves_a_client_process_and_ctrl_c_shows_keyboard_interrupt(files):
    server = start_process_server(files / "serveur.py", "p1", show=False)
    assert run_client(files / "client.py", [server.port]) == "merci\n"
    assert server.stop() == 130
    out = server.terminal.text()
    assert out.startswith("Le serveur écoute sur ('127.0.0.1', ")
    assert 'File "serveur.py", line 7, in <module>' in out
    assert out.endswith("KeyboardInterrupt\n") and "^" not in out
    assert refused(server.port)


def test_rerun_replaces_the_previous_process(files):
    first = start_process_server(files / "serveur.py", "p2", show=False)
    second = start_process_server(files / "serveur.py", "p2", show=False)
    assert not first.running() and refused(first.port)
    assert second.running()
    second.stop()


def test_a_program_that_never_says_its_port_is_stopped_with_a_french_message(tmp_path):
    path = tmp_path / "muet.py"
    path.write_text("import time\nprint('bonjour')\ntime.sleep(60)\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ProcessError, match="(?s)n'a pas affiché son port.*bonjour"):
        start_process_server(path, "p3", show=False, timeout=1)
    assert time.monotonic() - started < 3


def test_a_client_that_hangs_is_stopped(tmp_path):
    path = tmp_path / "lent.py"
    path.write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    with pytest.raises(ProcessError, match="n'a pas fini en 1 s"):
        run_client(path, timeout=1)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_kernel_restart_leaves_no_process_and_no_port(files):
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        code = ("from helpers import start_process_server\n"
                f"s = start_process_server(r'{files / 'serveur.py'}', show=False)\n"
                "print(s.process.pid, s.port)")
        found = []

        def keep(message):
            if message["msg_type"] == "stream":
                found.append(message["content"]["text"])

        client.execute_interactive(code, timeout=20, output_hook=keep)
        pid, port = map(int, "".join(found).split())
        assert not refused(port)
        manager.restart_kernel(now=True)
        assert gone(pid), "the server process survived the kernel restart"
        assert refused(port)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


SLOW_TO_CLOSE = '''import socket
ecoute = socket.create_server(("127.0.0.1", 0))
print("Le serveur écoute sur", ecoute.getsockname())
while True:
    connexion, adresse = ecoute.accept()
    with connexion:
        connexion.sendall(b"merci")
        sum(range(3_000_000))  # work after the reply: the client is already done
'''


def test_ctrl_c_lands_in_accept_so_the_last_words_are_always_the_same(no_leak, tmp_path):
    (tmp_path / "lent.py").write_text(SLOW_TO_CLOSE, encoding="utf-8")
    (tmp_path / "client.py").write_text(CLIENT, encoding="utf-8")
    server = start_process_server(str(tmp_path / "lent.py"), "lent.py")
    assert run_client(str(tmp_path / "client.py"), [server.port]) == "merci\n"
    server.stop()  # the server is still adding up: stop() waits until it is back in accept()
    assert server.terminal.text().rstrip().splitlines()[-2:] == [
        "    connexion, adresse = ecoute.accept()", "KeyboardInterrupt"]


@pytest.mark.skipif(os.name == "nt", reason="Windows sends CTRL_BREAK_EVENT, not SIGINT")
def test_ctrl_c_works_even_when_the_kernel_was_started_ignoring_it(files):
    # A kernel started by `jupyter lab &`, `nohup` or a background job inherits SIGINT
    # ignored, and so would the learner's program: Ctrl+C would do nothing, then a kill.
    import signal
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        server = start_process_server(files / "serveur.py", "p4", show=False)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert run_client(files / "client.py", [server.port]) == "merci\n"
    assert server.stop() == 130
    assert server.terminal.text().endswith("KeyboardInterrupt\n")
