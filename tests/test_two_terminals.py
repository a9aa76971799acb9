"""The two terminals side by side: the server's prints and the client's, never mixed."""

import socket

import pytest

from conftest import learner_greeter
from helpers import start_server
from helpers.widgets.two_terminals import side_by_side


greeter = learner_greeter(b"bonjour", note="serveur: client <arrivé>")


def test_each_print_lands_in_its_own_terminal(no_leak, capsys):
    server = start_server("deux", greeter, show=False)
    with side_by_side(server):
        with socket.create_connection(server.address, timeout=5) as client:
            print("client:", client.recv(100).decode())
    out = capsys.readouterr().out
    assert out == ("── terminal du serveur « deux » ──\nserveur: client <arrivé>\n"
                   "── terminal du client ──\nclient: bonjour\n")
    server.stop()


def test_html_escapes_and_an_error_keeps_the_client_text(no_leak, capsys):
    from helpers.widgets.two_terminals import TwoTerminals
    html = TwoTerminals("x", "a <b>", "('127.0.0.1', 5)")._repr_html_()
    assert "a &lt;b&gt;" in html and "('127.0.0.1', 5)" in html
    server = start_server("deux", greeter, show=False)
    with pytest.raises(ZeroDivisionError):
        with side_by_side(server):
            print("avant l'erreur")
            1 / 0
    assert capsys.readouterr().out == "avant l'erreur\n"
    server.stop()
