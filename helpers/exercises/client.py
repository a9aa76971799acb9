"""Exercises of 04_client: the learner's client reads from the checker's own servers.

The learner's function gets a connected socket. Some servers send their bytes one at a
time, each only once the client's previous recv() has returned: a client that reads
once gets exactly one byte, every time (no luck involved).
"""

import select
import socket
import struct
import threading

from .framework import Exercise, Fail, expect_equal, checker_server
from ..core.servers import start_tcp_server

SOCKET_TIMEOUT = 2.0  # the learner's recv() gives up before the checker's 3 s
STEP_TIMEOUT = 1.0


def demander_ligne(sock, question):
    sock.sendall(question.encode("utf-8") + b"\n")
    recu = b""
    while not recu.endswith(b"\n"):
        morceau = sock.recv(1024)
        if not morceau:
            break
        recu += morceau
    return recu.decode("utf-8").rstrip("\n")


def lire_message(sock):
    def lire_exactement(n):
        recu = b""
        while len(recu) < n:
            morceau = sock.recv(n - len(recu))
            if not morceau:
                raise ConnectionError("connexion fermée au milieu d'un message")
            recu += morceau
        return recu

    (taille,) = struct.unpack("!I", lire_exactement(4))
    return lire_exactement(taille)


class _WatchedSocket(socket.socket):
    """A client socket that tells the checker's server each time a read has returned."""

    session = None  # the _Session told after each recv / recv_into

    def recv(self, *args, **kwargs):
        try:
            return super().recv(*args, **kwargs)
        finally:
            self.session.read_returned()

    def recv_into(self, *args, **kwargs):
        try:
            return super().recv_into(*args, **kwargs)
        finally:
            self.session.read_returned()


class _Session:
    """What a checker's server needs to pace itself on the learner's reads.

    The learner's thread may be interrupted anywhere (when it overruns its time): it only
    ever writes one byte to a socket pair, never takes a lock that an interrupt could leave
    taken (a threading.Event would: the checker's server then waited on it for ever)."""

    def __init__(self):
        self._told, self._listen = socket.socketpair()
        self._told.setblocking(False)
        self._listen.setblocking(False)
        self.finished = threading.Event()  # set by the checker's own thread only

    def read_returned(self):
        try:
            self._told.send(b"r")
        except OSError:  # full (the server is not listening) or closed: nothing to tell
            pass

    def _forget_reads(self):
        try:
            while self._listen.recv(4096):
                pass
        except OSError:
            pass

    def send_bytewise(self, conn, data):
        """Send one byte, wait until the client's read returned, send the next one."""
        for i in range(len(data)):
            if self.finished.is_set():
                return
            self._forget_reads()
            conn.sendall(data[i:i + 1])
            select.select([self._listen], [], [], STEP_TIMEOUT)

    def close(self):
        self._told.close()
        self._listen.close()


def run_client(call, serve, *args):
    """Start the checker's server `serve(conn, session)`, connect, and call the learner's
    function with the connected socket (and `args`); returns what the function returned."""
    session = _Session()

    def handle(conn, address):
        conn.settimeout(SOCKET_TIMEOUT + 1)
        serve(conn, session)

    try:
        with checker_server(start_tcp_server, handle) as address:
            return _call_connected(call, address, session, *args)
    finally:
        session.close()  # the server has stopped: nobody waits on the session any more


def _call_connected(call, address, session, *args):
    sock = _WatchedSocket(socket.AF_INET, socket.SOCK_STREAM)
    sock.session = session
    try:
        sock.settimeout(SOCKET_TIMEOUT)
        sock.connect(address)
        try:
            return call(sock, *args)
        except Fail as problem:
            if "TimeoutError" in str(problem):
                raise Fail("votre fonction attendait encore des octets qui ne viendront "
                           "pas (au bout de 2 s, recv() a abandonné) : arrêtez-vous dès "
                           "que vous avez tout ce qu'il faut, ou quand recv() rend b''") \
                    from None
            raise
    finally:
        session.finished.set()
        session.read_returned()  # wakes a server waiting for a read
        sock.close()


# -- exercise 1: a client for a line protocol -----------------------------------------------

def _answer_line(reply, bytewise=False, close=False):
    def serve(conn, session):
        question = conn.makefile("rb").readline()
        data = reply(question.decode("utf-8").rstrip("\n")).encode("utf-8")
        if bytewise:
            session.send_bytewise(conn, data)
        else:
            conn.sendall(data)
        if not close:
            conn.recv(1)  # the connection stays open until the client closes it
    return serve


def _case_line(call):
    got = run_client(call, _answer_line(lambda q: q.upper() + "\n"), "bonjour")
    expect_equal(got, "BONJOUR")


def _case_line_bytewise(call):
    got = run_client(call, _answer_line(lambda q: f"Voilà : {q[::-1]}\n", bytewise=True),
                     "café")
    expect_equal(got, "Voilà : éfac")


def _case_line_closed_early(call):
    got = run_client(call, _answer_line(lambda q: "réponse coupé", bytewise=True, close=True),
                     "allô ?")
    expect_equal(got, "réponse coupé")


ex1 = Exercise(
    number="1",
    function_name="demander_ligne",
    cases=[
        ("une réponse d'un coup, connexion laissée ouverte", _case_line),
        ("une réponse octet par octet, avec des accents", _case_line_bytewise),
        ("un serveur qui ferme avant la fin de la ligne", _case_line_closed_early),
    ],
    hints=[
        "Envoyez (question + \"\\n\").encode(\"utf-8\") avec sendall(). Puis lisez dans "
        "une boucle tant que ce qui est reçu ne se termine pas par b\"\\n\".",
        "Accumulez des octets (recu += morceau) et décodez une seule fois à la fin : un "
        "« é » fait deux octets, qui peuvent arriver séparément. Sortez aussi de la boucle "
        "si recv() rend b'' (le serveur a fermé).",
        "À la fin : recu.decode(\"utf-8\").rstrip(\"\\n\").",
    ],
    reference=demander_ligne,
)


# -- exercise 2: length-prefixed messages ----------------------------------------------------

def _framed(*messages):
    return b"".join(struct.pack("!I", len(m)) + m for m in messages)


def _case_two_messages(call):
    first, second = "premier message".encode("utf-8"), "et le second, collé".encode("utf-8")

    def serve(conn, session):
        conn.sendall(_framed(first, second))
        conn.recv(1)

    def both(sock):
        return [call(sock), call(sock)]

    expect_equal(run_client(both, serve), [first, second])


def _case_framed_bytewise(call):
    message = "octet par octet, même l'en-tête".encode("utf-8")

    def serve(conn, session):
        session.send_bytewise(conn, _framed(message))
        conn.recv(1)

    expect_equal(run_client(call, serve), message)


def _case_empty_message(call):
    def serve(conn, session):
        conn.sendall(_framed(b"", b"fin"))
        conn.recv(1)

    expect_equal(run_client(call, serve), b"")


def _case_closed_mid_message(call):
    def serve(conn, session):
        conn.sendall(_framed(b"message complet")[:9])  # header + 5 bytes, then FIN

    try:
        got = run_client(call, serve)
    except Fail as problem:
        if "ConnectionError" in str(problem) or "ConnectionResetError" in str(problem):
            return
        raise
    raise Fail("le serveur a fermé au milieu du message (5 octets sur 15) : la consigne "
               f"demande de lever ConnectionError, votre fonction a rendu {got!r}")


ex2 = Exercise(
    number="2",
    function_name="lire_message",
    cases=[
        ("deux messages collés l'un à l'autre, lus un par un", _case_two_messages),
        ("un message envoyé octet par octet (en-tête compris)", _case_framed_bytewise),
        ("un message vide (taille 0)", _case_empty_message),
        ("le serveur ferme au milieu d'un message : ConnectionError", _case_closed_mid_message),
    ],
    hints=[
        "Écrivez d'abord une petite fonction lire_exactement(n) : une boucle qui appelle "
        "sock.recv(n - len(recu)) jusqu'à avoir n octets (et qui lève ConnectionError si "
        "recv() rend b'').",
        "Puis lisez l'en-tête : 4 octets, que struct.unpack(\"!I\", ...) transforme en "
        "entier (il rend un tuple d'un élément).",
        "Ce nombre dit combien d'octets lire ensuite, ni plus ni moins : le message "
        "suivant attend derrière.",
    ],
    reference=lire_message,
)
