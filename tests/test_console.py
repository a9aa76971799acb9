"""The client console widget, driven headless: set the text, click, read the transcript."""


import threading

import pytest

from helpers import start_tcp_server
from helpers.widgets.console import ClientConsole


def echo(conn, address):
    for line in conn.makefile("rb"):
        print("reçu :", line.decode("utf-8").rstrip("\n"))
        conn.sendall(line)


def silent(conn, address):
    conn.recv(1024)
    conn.recv(1024)  # never answers; returns when the client closes


def hangs_up(conn, address):
    conn.recv(1024)


def send(console, line):
    console.line.value = line
    console.send.click()


def test_a_line_goes_to_the_server_and_back(no_leak):
    server = start_tcp_server("écho", echo, one_thread_per_client=True, show=False)
    console = ClientConsole(server)
    send(console, "bonjour")
    send(console, "ça va ?")
    assert console.transcript() == "→ bonjour\n← bonjour\n→ ça va ?\n← ça va ?"
    assert console.line.value == ""
    assert "reçu : ça va ?" in console.server_view.value  # the server's terminal, beside
    assert "← ça va ?" in console.view.value
    assert repr(console) == "Console du client → serveur « écho »"
    assert console._repr_mimebundle_()["text/plain"] == repr(console)
    console.close()
    server.stop()


def test_problems_are_explained_in_french(no_leak):
    server = start_tcp_server("écho", echo, one_thread_per_client=True, show=False)
    console = ClientConsole(server)
    send(console, "   ")
    assert console.transcript() == "⚠ Rien à envoyer : tapez d'abord une ligne dans la case."
    server.stop()
    send(console, "encore là ?")
    assert "ne tourne plus. Ré-exécutez la cellule qui le lance." in console.transcript()
    mute = start_tcp_server("muet", silent, show=False)
    console = ClientConsole(mute)
    send(console, "allô")
    assert "⚠ Pas de réponse en 2 s" in console.transcript()
    console.close()
    mute.stop()
    rude = start_tcp_server("raccroche", hangs_up, show=False)
    console = ClientConsole(rude)
    send(console, "allô")
    assert "⚠ Le serveur a fermé la connexion sans répondre." in console.transcript()
    console.close()
    rude.stop()


def test_a_new_console_closes_the_previous_connection(no_leak):
    server = start_tcp_server("écho", echo, one_thread_per_client=True, show=False)
    first = ClientConsole(server)
    send(first, "un")
    second = ClientConsole(server)
    assert first._conn is None
    send(second, "deux")
    assert second.transcript() == "→ deux\n← deux"
    second.close()
    server.stop()


def test_enter_in_the_text_box_sends_the_line_and_the_field_has_a_label(no_leak):
    from helpers import start_tcp_server
    from helpers.widgets.console import ClientConsole
    server = start_tcp_server("écho-clavier", lambda conn, address: conn.sendall(conn.recv(100)),
                              show=False)
    console = ClientConsole(server)
    console.line.value = "au clavier"
    console.line._submission_callbacks(console.line)  # what the browser sends on Enter
    assert console.transcript().splitlines() == ["→ au clavier", "← au clavier"]
    assert console.line.description, "the field has a label a screen reader reads"
    assert "aria-live='polite'" in console.view.value
    console.close()
    server.stop()


def _console_on(handle, name):
    from helpers import start_tcp_server
    from helpers.widgets.console import ClientConsole
    server = start_tcp_server(name, handle, show=False)
    return server, ClientConsole(server)


def test_a_server_that_streams_without_newline_is_cut_at_the_maximum(no_leak):
    import tracemalloc

    def flood(conn, address):
        conn.recv(100)
        while True:
            conn.sendall(b"x" * 1000)  # forgot to read again: streams forever

    server, console = _console_on(flood, "déluge")
    tracemalloc.start()
    console.line.value = "bonjour"
    console.send.click()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "sans fin de ligne" in console.transcript()
    assert peak < 5 * 1024 * 1024, f"{peak} bytes held for one exchange"
    server.stop()


def test_a_server_that_drips_one_byte_at_a_time_meets_the_overall_deadline(no_leak):
    import time
    stop = threading.Event()

    def drip(conn, address):
        conn.recv(100)
        while not stop.wait(0.3):
            conn.sendall(b".")

    server, console = _console_on(drip, "goutte")
    started = time.monotonic()
    console.line.value = "bonjour"
    console.send.click()
    assert time.monotonic() - started < 3, "the whole reply is bounded, not each recv"
    assert "Pas de réponse en 2 s" in console.transcript()
    stop.set()
    server.stop()


def test_an_interrupt_during_an_exchange_closes_it(no_leak, monkeypatch):
    from helpers.widgets.console import ClientConsole

    def interrupted(self, deadline):
        raise KeyboardInterrupt

    server, console = _console_on(lambda conn, address: conn.recv(100), "interrompu")
    monkeypatch.setattr(ClientConsole, "_read_line", interrupted)
    console.line.value = "bonjour"
    with pytest.raises(KeyboardInterrupt):
        console.submit()
    assert console._conn is None, "no half-read connection is kept"
    server.stop()  # and the server stops at once: nothing holds it
    assert not server.running
