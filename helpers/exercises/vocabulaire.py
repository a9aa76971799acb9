"""Exercises of 01_vocabulaire: a dotted address turned into its integer, one server reached in every
form, every address getaddrinfo gives tried in turn."""

import socket
import struct
from contextlib import ExitStack, contextmanager

from .framework import Exercise, Fail, Skip, expect_equal, checker_server
from ..core.messages import text
from ..core.servers import start_server, start_tcp_server
from ..core.setup_check import ipv6_loopback


def entier_depuis_adresse(texte):
    return struct.unpack("!I", socket.inet_aton(texte))[0]


def joindre(hote, port):
    if isinstance(hote, int):
        hote = socket.inet_ntoa(struct.pack("!I", hote))
    morceaux = []
    with socket.create_connection((hote, port), timeout=5) as client:
        while morceau := client.recv(1024):   # b"" : le serveur a fini
            morceaux.append(morceau)
    return b"".join(morceaux).decode("utf-8")


def essayer_tout(hote, port):
    resultats = []
    for famille, sorte, proto, _, adresse in socket.getaddrinfo(
            hote, port, type=socket.SOCK_STREAM):
        nom = "IPv6" if famille == socket.AF_INET6 else "IPv4"
        with socket.socket(famille, sorte, proto) as client:
            client.settimeout(1)
            try:
                client.connect(adresse)
                resultats.append((nom, client.recv(1024).decode("utf-8")))
            except ConnectionRefusedError:
                resultats.append((nom, "refusée"))
            except TimeoutError:
                resultats.append((nom, "muet"))
    return resultats


# -- the checkers' servers ----------------------------------------------------------------

def _greeter(host, message, pause=False, silent=False):
    """Greets each client with `message`, then hangs up.

    pause: the second half comes 0.3 s after the first; silent: says nothing, waits 5 s.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as listener:
        listener.bind((host, 0))
        listener.listen()
        while True:
            conn, _ = listener.accept()
            with conn:
                half = len(message) // 2 if pause else len(message)
                conn.sendall(message[:half].encode("utf-8"))
                if pause or silent:
                    conn.settimeout(5 if silent else 0.3)
                    try:
                        conn.recv(1)  # the client says nothing: a bounded wait, not a sleep
                    except OSError:
                        pass
                conn.sendall(message[half:].encode("utf-8"))


@contextmanager
def _serving(host, message, pause=False, silent=False):
    """A greeter on `host` (a loopback address); yields its port."""
    with checker_server(start_server, _greeter, host, message, pause, silent) as address:
        yield address[1]


# Sentences of these exercises' feedback.
ONLY_FIRST_PIECE = ("obtenu {got} : ce n'est que le premier morceau. Un seul recv() ne suffit "
                    "pas : lisez jusqu'à ce que le serveur raccroche (recv() rend alors b\"\")")
TOO_MANY = ("obtenu {got} : trop d'essais. Sans type=socket.SOCK_STREAM, getaddrinfo donne "
            "chaque adresse plusieurs fois (flux, datagrammes, brut)")
FOUR_BYTES = ("obtenu {got} : ce sont bien les 4 octets de l'adresse, mais pas encore un "
              "entier. struct.unpack les lit comme un nombre")
HOST_ORDER = ("attendu {expected}, obtenu {got} : les octets ont été lus dans l'ordre de la machine (poids faible "
              "d'abord). L'adresse est rangée dans l'ordre du réseau : format « !I »")
NO_TWIN = "aucun port libre à la fois en IPv4 et en IPv6 sur cette machine"


# -- exercise 1 ---------------------------------------------------------------------------

def _reply(message):
    def handle(conn, address):
        conn.sendall(message.encode("utf-8"))
    return handle


def _case_loopback(call):
    got = call("127.0.0.1")
    _expect_integer(got, "127.0.0.1")
    with checker_server(start_tcp_server, _reply("ok")) as (host, port):
        back = socket.inet_ntoa(struct.pack("!I", got))   # the integer, back to text
        with socket.create_connection((back, port), timeout=5) as client:
            expect_equal(client.recv(16).decode(), "ok")


def _expect_integer(got, dotted):
    four = socket.inet_aton(dotted)
    if isinstance(got, (bytes, bytearray)) and bytes(got) == four:
        raise Fail(FOUR_BYTES.format(got=repr(got)))
    if isinstance(got, int) and got == struct.unpack("<I", four)[0] != struct.unpack("!I", four)[0]:
        raise Fail(HOST_ORDER.format(got=hex(got), expected=hex(struct.unpack("!I", four)[0])))
    expect_equal(got, struct.unpack("!I", four)[0])


def _case_value(dotted):
    def case(call):
        _expect_integer(call(dotted), dotted)
    return case


ex1 = Exercise(
    number="1",
    function_name="entier_depuis_adresse",
    cases=[
        ("'127.0.0.1' donne 0x7F000001 ; reconverti, il joint un vrai serveur", _case_loopback),
        ("'192.0.2.1', une adresse réservée aux exemples", _case_value("192.0.2.1")),
        ("'255.255.255.255' (INADDR_BROADCAST)", _case_value("255.255.255.255")),
        ("'10.1.2.3' : l'octet de poids fort vient en premier", _case_value("10.1.2.3")),
    ],
    hints=[
        "C'est le chemin de la cellule sur l'ordre des octets, parcouru à l'envers : le texte "
        "devient 4 octets, puis les 4 octets deviennent un entier. Pour la première étape, "
        "une fonction du module socket déjà vue (son nom finit par « aton » : ASCII to "
        "network).",
        "Pour la seconde étape, struct.unpack(format, octets) est l'inverse de struct.pack : "
        "même format que plus haut (« ! » pour l'ordre du réseau). Il rend un tuple.",
    ],
    reference=entier_depuis_adresse,
)


# -- exercise 2 ---------------------------------------------------------------------------

def _case_form(make_host, make_port=lambda port: port):
    def case(call):
        with checker_server(start_tcp_server, _reply("bonjour en IPv4")) as (host, port):
            expect_equal(call(make_host(host), make_port(port)), "bonjour en IPv4")
    return case


def _case_pieces(call):
    with _serving("127.0.0.1", "bonjour, en deux morceaux", pause=True) as port:
        got = call("127.0.0.1", port)
        if got == "bonjour, en ":
            raise Fail(ONLY_FIRST_PIECE.format(got=repr(got)))
        expect_equal(got, "bonjour, en deux morceaux")


def _case_ipv6(call):
    if not ipv6_loopback():
        raise Skip(text("no_ipv6_loopback"))
    with _serving("::1", "bonjour en IPv6") as port:
        expect_equal(call("::1", port), "bonjour en IPv6")


ex2 = Exercise(
    number="2",
    function_name="joindre",
    cases=[
        ("hôte 'localhost' (un nom)", _case_form(lambda host: "localhost")),
        ("hôte '127.0.0.1', port en chaîne de chiffres", _case_form(lambda host: host, str)),
        ("hôte '::1' (IPv6, notation deux-points)", _case_ipv6),
        ("hôte 0x7F000001 (un entier)", _case_form(lambda host: 0x7F000001)),
        ("un serveur qui envoie sa phrase en deux morceaux", _case_pieces),
    ],
    hints=[
        "socket.create_connection((hote, port), timeout=5) accepte un nom, une adresse IPv4 "
        "ou IPv6, et un port en nombre ou en chaîne : elle choisit la famille pour vous.",
        "Seul l'entier ne passe pas : convertissez-le d'abord en texte pointé, comme dans la "
        "cellule sur l'ordre des octets (isinstance(hote, int) vous dit quand).",
        "Un recv() rend ce qui est déjà arrivé, pas forcément toute la phrase : appelez-le en "
        "boucle jusqu'à ce qu'il rende b\"\" (le serveur a raccroché), puis décodez le tout.",
    ],
    reference=joindre,
)


# -- exercise 3 ---------------------------------------------------------------------------

@contextmanager
def _one_family(listening, silent_twin, message="bonjour"):
    """A greeter on `listening`; the same port on `silent_twin` is bound, not listening."""
    for _ in range(5):  # another program may hold the twin port: try another port
        with ExitStack() as stack:
            port = stack.enter_context(_serving(listening, message))
            twin = stack.enter_context(socket.socket(
                socket.AF_INET6 if ":" in silent_twin else socket.AF_INET))
            try:
                twin.bind((silent_twin, port))
            except OSError:
                continue
            yield port
            return
    raise Skip(NO_TWIN)


def _expect_attempts(got, expected):
    if isinstance(got, list) and len(got) > len(expected):
        raise Fail(TOO_MANY.format(got=repr(got)))
    expect_equal(got, expected)


def _case_both(listening, expected):
    def case(call):
        if not ipv6_loopback():
            raise Skip(text("no_ipv6_loopback"))
        twin = "127.0.0.1" if listening == "::1" else "::1"
        with _one_family(listening, twin) as port:
            _expect_attempts(call(None, port), expected)
    return case


def _case_ipv4_only(call):
    with _serving("127.0.0.1", "bonjour") as port:
        _expect_attempts(call("127.0.0.1", port), [("IPv4", "bonjour")])


def _case_silent(call):
    with _serving("127.0.0.1", "", silent=True) as port:
        _expect_attempts(call("127.0.0.1", port), [("IPv4", "muet")])


ex3 = Exercise(
    number="3",
    function_name="essayer_tout",
    cases=[
        ("hôte '127.0.0.1' : une seule adresse, qui répond", _case_ipv4_only),
        ("hôte None, serveur en IPv4 seulement : ::1 refuse, 127.0.0.1 répond",
         _case_both("127.0.0.1", [("IPv6", "refusée"), ("IPv4", "bonjour")])),
        ("hôte None, serveur en IPv6 seulement : ::1 répond, 127.0.0.1 refuse",
         _case_both("::1", [("IPv6", "bonjour"), ("IPv4", "refusée")])),
        ("un serveur qui accepte mais ne dit rien : « muet » en 1 s au plus", _case_silent),
    ],
    hints=[
        "socket.getaddrinfo(hote, port, type=socket.SOCK_STREAM) donne une liste de "
        "(famille, type, protocole, nom, adresse) : une boucle for sur cette liste, et pour "
        "chaque élément une socket neuve, socket.socket(famille, type, protocole).",
        "Dans la boucle : settimeout(1), puis connect(adresse) et recv() dans un try. "
        "Deux except différents : ConnectionRefusedError donne « refusée », "
        "TimeoutError donne « muet ».",
        "La famille en mot : comparez famille à socket.AF_INET6. Fermez chaque socket "
        "(with), sinon chaque essai laisse une socket ouverte.",
    ],
    reference=essayer_tout,
)
