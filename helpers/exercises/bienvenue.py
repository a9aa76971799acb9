"""Exercises of 00_bienvenue."""

import socket

from .framework import Exercise, expect_equal, checker_server
from ..core.servers import start_tcp_server


def demander(adresse, texte):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(texte.encode("utf-8"))
        reponse = client.recv(1024)
    return reponse.decode("utf-8")


def _answer_with(transform):
    def handle(conn, address):
        conn.settimeout(5)
        question = conn.recv(1024).decode("utf-8")
        conn.sendall(transform(question).encode("utf-8"))
    return handle


def _case_upper(call):
    with checker_server(start_tcp_server, _answer_with(str.upper)) as address:
        expect_equal(call(address, "bonjour"), "BONJOUR")


def _case_other_server(call):
    with checker_server(start_tcp_server, _answer_with(lambda q: q[::-1])) as address:
        expect_equal(call(address, "Salut à toi"), "iot à tulaS")


ex1 = Exercise(
    number="1",
    function_name="demander",
    cases=[
        ("un serveur qui répond en majuscules", _case_upper),
        ("un autre serveur, qui renverse le texte (avec un « à »)", _case_other_server),
    ],
    hints=[
        "socket.create_connection(adresse, timeout=5) ouvre la connexion ; "
        "utilisez-la dans un bloc with pour qu'elle se ferme toute seule.",
        "Une socket transporte des octets : texte.encode(\"utf-8\") pour envoyer "
        "avec sendall(), puis .decode(\"utf-8\") sur ce que renvoie recv(1024).",
    ],
    reference=demander,
)
