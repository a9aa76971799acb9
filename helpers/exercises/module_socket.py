"""Exercises of 02_module_socket: a socket described in words, a UDP client that survives a lost reply."""

import socket
from contextlib import ExitStack

from .framework import Exercise, Fail, Skip, expect_equal, checker_server
from ..core.messages import text
from ..core.servers import start_udp_server
from ..core.setup_check import ipv6_loopback


def decrire(s):
    familles = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6"}
    if hasattr(socket, "AF_UNIX"):
        familles[socket.AF_UNIX] = "Unix"
    types = {socket.SOCK_STREAM: "flux", socket.SOCK_DGRAM: "datagrammes"}
    protocoles = {0: "par défaut", socket.IPPROTO_TCP: "TCP", socket.IPPROTO_UDP: "UDP"}
    return (familles.get(s.family, "autre"), types.get(s.type, "autre"),
            protocoles.get(s.proto, "autre"))


def echo_udp(adresse, messages):
    reponses = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(1)
        for message in messages:
            sock.sendto(message.encode("utf-8"), adresse)
            try:
                donnees, _ = sock.recvfrom(65535)
                reponses.append(donnees.decode("utf-8"))
            except TimeoutError:
                reponses.append(None)
    return reponses


# -- exercise 1 ---------------------------------------------------------------------------

def _case_socket(make, expected):
    def case(call):
        with ExitStack() as stack:
            try:
                sock = make(stack)
            except OSError as error:  # this family or type is not offered here
                raise Skip(str(error)) from None
            expect_equal(call(sock), expected)
    return case


def _plain(family, kind, proto=0):
    return lambda stack: stack.enter_context(socket.socket(family, kind, proto))


def _connected_ipv6(stack):
    listener = stack.enter_context(socket.create_server(("::1", 0), family=socket.AF_INET6))
    return stack.enter_context(socket.create_connection(listener.getsockname()[:2], timeout=5))


def _pair(stack):
    a, b = socket.socketpair()
    stack.enter_context(a), stack.enter_context(b)
    return a


def _case_ipv6(call):
    if not ipv6_loopback():
        raise Skip(text("no_ipv6_loopback"))
    _case_socket(_connected_ipv6, ("IPv6", "flux", "TCP"))(call)


def _case_pair(call):
    expected = ("Unix" if hasattr(socket, "AF_UNIX") else "IPv4", "flux", "par défaut")
    _case_socket(_pair, expected)(call)


ex1 = Exercise(
    number="1",
    function_name="decrire",
    cases=[
        ("socket(AF_INET, SOCK_STREAM)", _case_socket(
            _plain(socket.AF_INET, socket.SOCK_STREAM), ("IPv4", "flux", "par défaut"))),
        ("socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)", _case_socket(
            _plain(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP),
            ("IPv4", "datagrammes", "UDP"))),
        ("une vraie connexion TCP vers ::1", _case_ipv6),
        ("une socket de socketpair()", _case_pair),
        ("socket(AF_INET6, SOCK_DGRAM), non connectée", _case_socket(
            _plain(socket.AF_INET6, socket.SOCK_DGRAM), ("IPv6", "datagrammes", "par défaut"))),
    ],
    hints=[
        "Une socket connaît ses paramètres : s.family, s.type et s.proto. Comparez-les aux "
        "constantes du module (socket.AF_INET…), pas à des chaînes.",
        "Un dictionnaire par mot fait l'affaire, par exemple "
        "{socket.AF_INET: \"IPv4\", …} pour la famille ; faites de même pour le type.",
        "Pour le protocole, 0 veut dire « par défaut » : ce n'est pas TCP, même sur une socket "
        "de flux. Les constantes socket.IPPROTO_TCP (6) et socket.IPPROTO_UDP (17) donnent "
        "les deux autres.",
    ],
    reference=decrire,
)


# -- exercise 2 ---------------------------------------------------------------------------

def _case_udp(transform, messages):
    def case(call):
        with checker_server(start_udp_server, lambda data, address: transform(data)) as address:
            expect_equal(call(address, messages), [transform(m.encode()).decode()
                                                   for m in messages])
    return case


def _reverse(data):
    return data.decode("utf-8")[::-1].encode("utf-8")


def _case_lost_reply(call):
    def handle(data, address):
        return None if data == b"deux" else data.upper()  # "deux" gets no reply
    with checker_server(start_udp_server, handle) as address:
        # A recvfrom() without a timeout that still waits is woken by call_bounded, which
        # shuts the learner's sockets when the time is up.
        got = call(address, ["un", "deux", "trois"])
        if isinstance(got, list) and got[:2] == ["UN", "TROIS"]:
            raise Fail(_lost_message(got))
        expect_equal(got, ["UN", None, "TROIS"])


def _lost_message(got):
    return (f"obtenu {got!r} : la réponse à « deux » n'est jamais venue, sa place doit "
            "contenir None, et « trois » doit encore recevoir la sienne")


ex2 = Exercise(
    number="2",
    function_name="echo_udp",
    cases=[
        ("trois messages, trois réponses en majuscules",
         _case_udp(bytes.upper, ["un", "deux", "trois"])),
        ("un serveur qui renverse, avec des accents",
         _case_udp(_reverse, ["été", "à l'aube"])),
        ("un message qui contient une fin de ligne reste un seul message",
         _case_udp(bytes.upper, ["ligne 1\nligne 2"])),
        ("un message de 3000 caractères revient entier", _case_udp(bytes.upper, ["a" * 3000])),
        ("aucun message : aucune réponse", _case_udp(bytes.upper, [])),
        ("le serveur ne répond pas à « deux » : None à sa place, en 1 s au plus",
         _case_lost_reply),
    ],
    hints=[
        "Une socket UDP : socket.socket(socket.AF_INET, socket.SOCK_DGRAM) ; pas besoin de "
        "connect(), sendto() porte l'adresse. Pour chaque message : sendto(), puis recvfrom().",
        "recvfrom(n) coupe un datagramme plus long que n : prenez large (65535, la taille "
        "maximale d'un datagramme UDP). Gardez données.decode(\"utf-8\").",
        "Sans délai, recvfrom() attend pour toujours la réponse perdue : settimeout(1) sur la "
        "socket, puis un try/except TimeoutError autour de recvfrom() qui ajoute None.",
    ],
    reference=echo_udp,
)
