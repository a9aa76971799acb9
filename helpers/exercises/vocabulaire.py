"""Exercises of 01_vocabulaire: an address given as an integer, one server reached in every form."""

import socket
import struct

from .framework import Exercise, Skip, expect_equal, checker_server
from ..core.servers import start_server, start_tcp_server
from ..core.messages import text
from ..core.setup_check import ipv6_loopback


def adresse_depuis_entier(n):
    return socket.inet_ntoa(struct.pack("!I", n))


def joindre(hote, port):
    if isinstance(hote, int):
        hote = socket.inet_ntoa(struct.pack("!I", hote))
    with socket.create_connection((hote, port), timeout=5) as client:
        return client.recv(1024).decode("utf-8")


# -- exercise 1 ---------------------------------------------------------------------------

def _reply(message):
    def handle(conn, address):
        conn.sendall(message.encode("utf-8"))
    return handle


def _case_loopback(call):
    got = call(0x7F000001)
    expect_equal(got, "127.0.0.1")
    with checker_server(start_tcp_server, _reply("ok")) as (host, port):
        with socket.create_connection((got, port), timeout=5) as client:
            expect_equal(client.recv(16).decode(), "ok")


def _case_value(n, expected):
    def case(call):
        expect_equal(call(n), expected)
    return case


ex1 = Exercise(
    number="1",
    function_name="adresse_depuis_entier",
    cases=[
        ("0x7F000001 donne 127.0.0.1, où un vrai serveur répond", _case_loopback),
        ("0xC0000201, une adresse réservée aux exemples", _case_value(0xC0000201, "192.0.2.1")),
        ("INADDR_BROADCAST", _case_value(socket.INADDR_BROADCAST, "255.255.255.255")),
        ("0x0A010203 : l'octet de poids fort vient en premier", _case_value(0x0A010203,
                                                                             "10.1.2.3")),
    ],
    hints=[
        "Deux étapes : l'entier devient 4 octets (struct.pack), puis les 4 octets "
        "deviennent le texte pointé (socket.inet_ntoa).",
        "Une adresse voyage dans l'ordre du réseau, octet de poids fort d'abord : "
        "le format de struct est \"!I\" (et non \"I\" ou \"<I\", l'ordre de votre machine).",
    ],
    reference=adresse_depuis_entier,
)


# -- exercise 2 ---------------------------------------------------------------------------

def _ipv6_server(message):
    listener = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    listener.bind(("::1", 0))
    listener.listen()
    with listener:
        while True:
            conn, _ = listener.accept()
            with conn:
                conn.sendall(message.encode("utf-8"))


def _case_form(make_host, make_port=lambda port: port):
    def case(call):
        with checker_server(start_tcp_server, _reply("bonjour en IPv4")) as (host, port):
            expect_equal(call(make_host(host), make_port(port)), "bonjour en IPv4")
    return case


def _case_ipv6(call):
    if not ipv6_loopback():
        raise Skip(text("skip_no_ipv6"))
    with checker_server(start_server, _ipv6_server, "bonjour en IPv6") as (host, port):
        expect_equal(call("::1", port), "bonjour en IPv6")


ex2 = Exercise(
    number="2",
    function_name="joindre",
    cases=[
        ("hôte 'localhost' (un nom)", _case_form(lambda host: "localhost")),
        ("hôte '127.0.0.1', port en chaîne de chiffres", _case_form(lambda host: host, str)),
        ("hôte '::1' (IPv6, notation deux-points)", _case_ipv6),
        ("hôte 0x7F000001 (un entier)", _case_form(lambda host: 0x7F000001)),
    ],
    hints=[
        "socket.create_connection((hote, port), timeout=5) accepte un nom, une adresse IPv4 "
        "ou IPv6, et un port en nombre ou en chaîne : elle choisit la famille pour vous.",
        "Seul l'entier ne passe pas : convertissez-le d'abord en texte pointé, comme dans "
        "l'exercice 1 (isinstance(hote, int) vous dit quand).",
        "Le serveur parle le premier : un seul recv(1024), puis .decode(\"utf-8\").",
    ],
    reference=joindre,
)
