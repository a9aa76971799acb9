"""The server terminal: a server's prints go to it, never elsewhere, the same on every run."""

import socket
import threading

from helpers import start_server, start_tcp_server


def chatty(tag):
    def serve():
        listener = socket.create_server(("127.0.0.1", 0))
        while True:
            conn, _ = listener.accept()
            data = conn.recv(100)
            print(tag, "a reçu", data.decode())
            conn.sendall(b"ok")
            conn.recv(100)  # returns b"" once the client has closed
            conn.close()
            print(tag, "a fermé")
    return serve


def talk(server, text):
    with socket.create_connection(server.address, timeout=2) as client:
        client.sendall(text.encode())
        assert client.recv(10) == b"ok"


def test_two_servers_never_mix_and_main_prints_are_untouched(no_leak, capsys):
    red = start_server("rouge", chatty("R"), show=False)
    blue = start_server("bleu", chatty("B"), show=False)
    for i in range(5):
        print("principal", i)
        talk(red, f"r{i}")
        talk(blue, f"b{i}")
    assert red.terminal_text() == "".join(f"R a reçu r{i}\nR a fermé\n" for i in range(5))
    assert blue.terminal_text() == "".join(f"B a reçu b{i}\nB a fermé\n" for i in range(5))
    assert capsys.readouterr().out == "".join(f"principal {i}\n" for i in range(5))
    red.stop()
    blue.stop()


def test_terminal_text_waits_for_the_end_of_the_exchange(no_leak):
    # "a fermé" is printed after the client got its reply: it must be there anyway.
    for _ in range(30):
        server = start_server("fin", chatty("S"), show=False)
        talk(server, "x")
        assert server.terminal_text() == "S a reçu x\nS a fermé\n"
    server.stop()


def test_a_connection_just_made_is_not_missed(no_leak):
    # The client does not wait for the server at all: the terminal must still show the accept.
    def counter():
        listener = socket.create_server(("127.0.0.1", 0))
        while True:
            listener.accept()[0].close()
            print("connexion")

    server = start_server("compteur", counter, show=False)
    for _ in range(50):
        socket.create_connection(server.address, timeout=2).close()
        assert server.terminal_text() == "connexion\n"
    server.stop()


def test_show_terminal_is_the_same_on_every_run(no_leak, capsys):
    shown = []
    for _ in range(3):
        server = start_server("pareil", chatty("S"), show=False)
        talk(server, "salut")
        server.show_terminal()
        server.show_terminal()
        shown.append(capsys.readouterr().out)
    server.stop()
    assert shown[0] == shown[1] == shown[2]
    assert shown[0] == ("── terminal du serveur « pareil » ──\nS a reçu salut\nS a fermé\n"
                        "── terminal du serveur « pareil » ──\n(rien de nouveau)\n")


def test_threads_started_by_a_server_print_to_its_terminal(no_leak, capsys):
    def per_client():
        listener = socket.create_server(("127.0.0.1", 0))
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=lambda c=conn: (print("fil"), c.sendall(b"ok"), c.close()),
                             daemon=True).start()

    server = start_server("fils", per_client, show=False)
    for _ in range(3):
        with socket.create_connection(server.address, timeout=2) as client:
            assert client.recv(10) == b"ok"
    assert server.terminal_text() == "fil\n" * 3
    assert capsys.readouterr().out == ""
    server.stop()


def test_handler_servers_have_terminals_too(no_leak):
    server = start_tcp_server("écho", lambda conn, a: (print("écho"), conn.sendall(conn.recv(9))),
                              show=False)
    with socket.create_connection(server.address, timeout=2) as client:
        client.sendall(b"abc")
        assert client.recv(9) == b"abc"
    assert server.terminal_text() == "écho\n"
    server.stop()


class FakePanel:
    """Stands for the ipywidgets.Output of a live panel: keeps what it was last given."""
    outputs = ()


def test_the_live_panel_keeps_a_bounded_tail_and_says_how_much_is_above():
    from helpers.core.terminal import LIVE_LINES, Terminal
    terminal = Terminal("bavard")
    for number in range(10_000):
        terminal.write(f"ligne {number}\n")
    shown = terminal.live_text()
    assert shown.startswith(f"… {10_000 - LIVE_LINES} lignes plus haut")
    assert shown.splitlines()[1] == f"ligne {10_000 - LIVE_LINES}"
    assert shown.endswith("ligne 9999\n")
    assert terminal.text().count("\n") == 10_000, "show_terminal() still has everything"


def test_panel_updates_go_through_one_writer_thread_whatever_thread_prints():
    import threading

    from helpers.core import terminal as module
    terminal = module.Terminal("fils")
    panel = FakePanel()
    module._PanelWriter.start()
    terminal._panel = panel
    done = threading.Event()
    terminal.write("")  # nothing shown yet: queue a first redraw

    def printer(number):
        terminal.write(f"fil {number}\n")

    threads = [threading.Thread(target=printer, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(2)
    module._PanelWriter.queue(type("Mark", (), {"_refresh_panel": staticmethod(done.set)}))
    assert done.wait(2), "the writer thread drains its queue"
    assert panel.outputs[0]["text"].count("fil ") == 20
    assert len(panel.outputs) == 1, "one output, redrawn: constant cost per update"
    writers = [t for t in threading.enumerate() if t.name == "panneaux"]
    assert len(writers) == 1
