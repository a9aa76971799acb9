"""Exercises of 00_bienvenue: a first client, then a first server (an echo) written by the learner."""

import socket

from .framework import (Exercise, Fail, LearnersServer, checker_server, expect_equal,
                        learners_server)
from ..core.servers import ServerError, start_server, start_tcp_server


def demander(adresse, texte):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(texte.encode("utf-8"))
        reponse = client.recv(1024)   # assez ici : une réponse courte (voir le carnet 04)
    return reponse.decode("utf-8")


def serveur_echo():
    ecoute = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ecoute.bind(("127.0.0.1", 0))
    ecoute.listen()
    while True:
        connexion, adresse = ecoute.accept()
        donnees = connexion.recv(1024)
        connexion.sendall(donnees)
        connexion.close()


# Sentences of these exercises' feedback.
NOT_UTF8 = ("le serveur a reçu {data!r}, qui n'est pas du texte UTF-8 : encodez le texte avec "
            "texte.encode(\"utf-8\") (pas \"latin-1\" ni un autre encodage)")
NO_CLOSE = ("la réponse est venue, mais le serveur n'a pas fermé la connexion en 2 s : "
            "le client attend encore. Ajoutez connexion.close() après sendall()")
SECOND_REFUSED = ("le second client n'a pas pu se connecter ({error}) : le serveur ne sert "
                  "qu'un client. Mettez accept() dans une boucle while True")
TWO_AT_ONCE = ("un second serveur lancé en même temps n'a pas démarré : {error}. "
               "Un port fixe ne sert qu'une fois ; donnez le port 0 à bind()")


# -- exercise 1 ---------------------------------------------------------------------------

def _answer_with(transform, not_utf8):
    def handle(conn, address):
        conn.settimeout(5)
        data = conn.recv(1024)
        try:
            question = data.decode("utf-8")
        except UnicodeDecodeError:
            not_utf8.append(data)  # the case explains it, whatever the client does next
            return
        conn.sendall(transform(question).encode("utf-8"))
    return handle


def _case(transform, question, expected):
    def case(call):
        not_utf8 = []
        with checker_server(start_tcp_server, _answer_with(transform, not_utf8)) as address:
            try:
                got = call(address, question)
            except Fail:
                if not not_utf8:
                    raise
        if not_utf8:
            raise Fail(NOT_UTF8.format(data=not_utf8[0]))
        expect_equal(got, expected)
    return case


ex1 = Exercise(
    number="1",
    function_name="demander",
    cases=[
        ("un serveur qui répond en majuscules", _case(str.upper, "bonjour", "BONJOUR")),
        ("un autre serveur, qui renverse le texte (avec un « à »)",
         _case(lambda q: q[::-1], "Salut à toi", "iot à tulaS")),
    ],
    hints=[
        "socket.create_connection(adresse, timeout=5) ouvre la connexion ; "
        "utilisez-la dans un bloc with pour qu'elle se ferme toute seule.",
        "Une socket transporte des octets : encodez le texte en UTF-8 avant sendall(), "
        "et décodez ce que rend recv(1024) avant de le renvoyer.",
    ],
    reference=demander,
)


# -- exercise 2 ---------------------------------------------------------------------------

def _exchange(server, data):
    """Send `data`, read until the server hangs up (2 s at most); Fail with what went wrong."""
    try:
        with socket.create_connection(server.address, timeout=2) as client:
            client.sendall(data)
            received = b""
            while chunk := client.recv(1024):
                received += chunk
    except TimeoutError:
        server.raise_reports(settle=3.0)
        raise Fail(NO_CLOSE) from None
    server.raise_reports(settle=3.0)
    return received


def _case_echo(call):
    with learners_server(call.function, "vérification-écho") as server:
        expect_equal(_exchange(server, "Salut à toi".encode("utf-8")),
                     "Salut à toi".encode("utf-8"))


def _case_two_clients(call):
    with learners_server(call.function, "vérification-écho") as server:
        _exchange(server, b"un")
        try:
            got = _exchange(server, b"deux")
        except ConnectionError as error:  # (a server that has ended: the framework says so)
            raise Fail(SECOND_REFUSED.format(error=error)) from None
        expect_equal(got, b"deux")


def _case_port_zero(call):
    with learners_server(call.function, "vérification-écho") as first:
        try:
            second = start_server("vérification-écho-2", call.function, show=False)
        except ServerError as error:
            raise Fail(TWO_AT_ONCE.format(error=error)) from None
        try:
            expect_equal(_exchange(LearnersServer(second), b"ok"), b"ok")
        finally:
            second.stop()
        expect_equal(_exchange(first, b"ok"), b"ok")


ex2 = Exercise(
    number="2",
    function_name="serveur_echo",
    cases=[
        ("renvoie les octets reçus, accents compris, puis raccroche", _case_echo),
        ("sert un client, puis le suivant", _case_two_clients),
        ("deux serveurs à la fois, chacun sur son port (port 0)", _case_port_zero),
    ],
    hints=[
        "Partez de serveur_bonjour, plus haut : la même forme (socket, bind, listen, boucle "
        "sur accept) convient. Seule la réponse change.",
        "Un écho n'a pas besoin de décoder : les octets reçus par recv() peuvent repartir "
        "tels quels avec sendall().",
        "Après la réponse, fermez la connexion du client (pas la socket d'écoute) : c'est "
        "ainsi que le client sait que la réponse est complète.",
    ],
    reference=serveur_echo,
)
