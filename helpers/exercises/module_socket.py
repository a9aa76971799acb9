"""Exercises of 02_module_socket: a socket described in words, a UDP echo client."""

import socket
from contextlib import ExitStack

from .framework import Exercise, Skip, expect_equal, checker_server
from ..core.servers import start_udp_server
from ..core.messages import text
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
        sock.settimeout(5)
        for message in messages:
            sock.sendto(message.encode("utf-8"), adresse)
            donnees, _ = sock.recvfrom(65535)
            reponses.append(donnees.decode("utf-8"))
    return reponses


# -- exercise 1 ---------------------------------------------------------------------------

def _case_socket(make, expected):
    def case(call):
        with ExitStack() as stack:
            sock = make(stack)
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
        raise Skip(text("skip_no_ipv6"))
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
    ],
    hints=[
        "Une socket connaît ses paramètres : s.family, s.type et s.proto. Comparez-les aux "
        "constantes du module (socket.AF_INET…), pas à des chaînes.",
        "Un dictionnaire par mot fait l'affaire, par exemple "
        "{socket.AF_INET: \"IPv4\", socket.AF_INET6: \"IPv6\", socket.AF_UNIX: \"Unix\"} ; "
        "pour le protocole, 0 veut dire « par défaut », 6 TCP, 17 UDP.",
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
        ("aucun message : aucune réponse", _case_udp(bytes.upper, [])),
    ],
    hints=[
        "Une socket UDP : socket.socket(socket.AF_INET, socket.SOCK_DGRAM), sans connect(). "
        "Donnez-lui un timeout (settimeout(5)) : si rien ne revient, mieux vaut une erreur "
        "qu'une attente sans fin.",
        "Pour chaque message : sendto(message.encode(\"utf-8\"), adresse), puis "
        "recvfrom(65535) renvoie (données, expéditeur) ; gardez données.decode(\"utf-8\").",
    ],
    reference=echo_udp,
)
