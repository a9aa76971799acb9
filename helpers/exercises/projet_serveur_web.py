"""Exercises of 11_projet_serveur_web: an HTTP/1.1 server from socket() up.

Exercise 1: `lire_requete(flux)` reads one request from a binary stream (the request line,
the headers up to the blank line, the body by Content-Length). Exercise 2: `serveur_web()`,
the whole server, run as a background server and put through a small conformance suite:
real clients that send byte by byte, in two packets, badly, twenty at once, or leave.
"""

import email.utils
import json
import socket
import threading
import time
from contextlib import contextmanager
from http import HTTPStatus

import psutil

from ..core.messages import text
from .framework import Exercise, Fail, LearnersServer, Silent, call_bounded, learners_server

PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Mon serveur web</title></head>
<body>
<h1>Bonjour depuis mon serveur à moi</h1>
<p>Écrit avec socket(), bind(), listen() et accept(), sans http.server.</p>
</body>
</html>
"""


# -- the reference solutions -------------------------------------------------------------

def lire_requete(flux):
    ligne = flux.readline(8193)
    if not ligne.endswith(b"\n"):
        if len(ligne) > 8192:
            raise ValueError("ligne de requête trop longue")
        return None  # le client est parti avant la fin de la ligne
    morceaux = ligne.decode("latin-1").split()
    if len(morceaux) != 3 or not morceaux[2].startswith("HTTP/"):
        raise ValueError(f"ligne de requête mal formée : {ligne!r}")
    methode, chemin, version = morceaux
    entetes = {}
    while (ligne := flux.readline(8193)) not in (b"\r\n", b"\n"):
        if not ligne.endswith(b"\n"):
            if len(ligne) > 8192:
                raise ValueError("en-tête trop long")
            return None  # parti au milieu des en-têtes
        nom, deux_points, valeur = ligne.decode("latin-1").partition(":")
        if not deux_points or not nom.strip():
            raise ValueError(f"en-tête sans « : » : {ligne!r}")
        entetes[nom.strip().lower()] = valeur.strip()
    longueur = entetes.get("content-length", "0")
    if not (longueur.isascii() and longueur.isdigit()) or int(longueur) > 1_000_000:
        raise ValueError(f"Content-Length invalide : {longueur!r}")
    corps = flux.read(int(longueur))
    if len(corps) < int(longueur):
        return None  # parti au milieu du corps
    return methode, chemin, version, entetes, corps


def repondre(code, type_contenu, corps, tete_seule=False, fermer=False, autres=()):
    lignes = [f"HTTP/1.1 {code} {HTTPStatus(code).phrase}",
              f"Date: {email.utils.formatdate(usegmt=True)}",
              f"Content-Type: {type_contenu}",
              f"Content-Length: {len(corps)}", *autres]
    if fermer:
        lignes.append("Connection: close")
    tete = ("\r\n".join(lignes) + "\r\n\r\n").encode("latin-1")
    return tete if tete_seule else tete + corps


def router(methode, chemin, corps):
    """(code, type, corps en octets, en-têtes en plus) pour une requête."""
    if chemin == "/":
        if methode not in ("GET", "HEAD"):
            return 405, "text/plain; charset=utf-8", b"GET ou HEAD", ["Allow: GET, HEAD"]
        return 200, "text/html; charset=utf-8", PAGE.encode("utf-8"), []
    if chemin == "/api/echo":
        if methode != "POST":
            return 405, "text/plain; charset=utf-8", b"POST", ["Allow: POST"]
        reponse = {"recu": corps.decode("utf-8", "replace"), "octets": len(corps)}
        return 200, "application/json", json.dumps(reponse).encode("utf-8"), []
    return 404, "text/plain; charset=utf-8", "Page introuvable".encode("utf-8"), []


def serveur_web():
    def servir_client(connexion):
        with connexion, connexion.makefile("rb") as flux:
            connexion.settimeout(30)  # un client muet ne garde pas son thread pour toujours
            while True:
                try:
                    requete = lire_requete(flux)
                except ValueError as erreur:
                    connexion.sendall(repondre(400, "text/plain; charset=utf-8",
                                               str(erreur).encode("utf-8"), fermer=True))
                    return
                except OSError:  # délai dépassé, connexion réinitialisée
                    return
                if requete is None:  # le client est parti
                    return
                methode, chemin, version, entetes, corps = requete
                print(methode, chemin, version)
                for nom, valeur in entetes.items():  # un cookie est une clé : on le masque
                    print(f"  {nom}: {'(masqué)' if nom == 'cookie' else valeur}")
                fermer = (entetes.get("connection", "").lower() == "close"
                          or version == "HTTP/1.0")
                code, type_contenu, contenu, autres = router(methode, chemin, corps)
                connexion.sendall(repondre(code, type_contenu, contenu, methode == "HEAD",
                                           fermer, autres))
                if fermer:
                    return

    with socket.create_server(("127.0.0.1", 0)) as ecoute:
        while True:
            connexion, _ = ecoute.accept()
            threading.Thread(target=servir_client, args=(connexion,), daemon=True).start()


# -- exercise 1: lire_requete ---------------------------------------------------------------

@contextmanager
def _stream(*pieces, end=False):
    """A real connection: the pieces are sent, then (end=True) the writing side is shut."""
    writer, reader = socket.socketpair()
    reader.settimeout(2)
    flux = reader.makefile("rb")
    try:
        for piece in pieces:
            writer.sendall(piece)
        if end:
            writer.shutdown(socket.SHUT_WR)
        yield flux
    finally:
        flux.close()
        reader.close()
        writer.close()


GET = (b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: essai\r\n"
       b"Accept: */*\r\n\r\n")
BODY = "café crème".encode("utf-8")
POST = (b"POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)


def _read(call, flux):
    """call(flux), with a clear word when it waited for more than the client sent."""
    try:
        return call(flux)
    except Fail as problem:
        if "TimeoutError" in str(problem):
            raise Fail(WAITED) from None
        raise


def _expect_request(got, expected, what):
    if got != expected:
        raise Fail(WRONG_REQUEST.format(what=what, expected=expected, got=got))


def _case_get(call):
    with _stream(GET) as flux:
        got = _read(call, flux)
    _expect_request(got, ("GET", "/index.html", "HTTP/1.1",
                          {"host": "127.0.0.1", "user-agent": "essai", "accept": "*/*"}, b""),
                    "un GET sans corps (noms d'en-têtes en minuscules)")


def _case_two_requests(call):
    with _stream(POST + GET) as flux:
        first = _read(call, flux)
        _expect_request(first, ("POST", "/api/echo", "HTTP/1.1",
                                {"host": "127.0.0.1", "content-type": "text/plain",
                                 "content-length": str(len(BODY))}, BODY),
                        "un POST dont le corps fait Content-Length octets")
        second = _read(call, flux)
    if not (isinstance(second, tuple) and second[:2] == ("GET", "/index.html")):
        raise Fail(SECOND_LOST.format(got=second))


class _Raised:
    """What a call that raised ValueError gives back to _case_bad."""


def _case_bad(call):
    def catching(flux):
        try:
            return call.function(flux)
        except ValueError:
            return _Raised
    for data, what in [(b"BONJOUR\r\n\r\n", "une ligne de requête sans méthode ni version"),
                       (b"GET /\r\n\r\n", "une ligne de requête à deux morceaux"),
                       (b"GET / FOO\r\n\r\n", "une version qui ne commence pas par HTTP/"),
                       (b"GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n", "un en-tête sans « : »"),
                       (b"POST / HTTP/1.1\r\nContent-Length: beaucoup\r\n\r\n",
                        "un Content-Length qui n'est pas fait de chiffres (« beaucoup »)"),
                       (b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                        "un Content-Length qui n'est pas fait de chiffres (« -1 »)")]:
        # the client ends after "-1": a read(-1) returns at once, not after a 2 s wait
        with _stream(data, end=data.endswith(b"-1\r\n\r\n")) as flux:
            try:
                got = _read(lambda f: call_bounded(catching, f), flux)
            except Fail as problem:
                raise Fail(NOT_VALUE_ERROR.format(what=what, problem=problem)) from None
        if got is not _Raised:
            raise Fail(NO_ERROR.format(what=what, got=got))


RAISED = text("raised", error="", where="").strip()  # "votre fonction a levé"
TIMED_OUT = text("timed_out", seconds=0).split(" 0 s")[0]  # "votre fonction n'a pas rendu…"


def _case_gone(call):
    for pieces, what in [((), "un client qui ferme sans rien envoyer : readline() a rendu b''"),
                         ((b"GET / HT",), "un client parti au milieu de la ligne de requête : "
                                         "readline() a rendu b'GET / HT', sans b'\\n'"),
                         ((b"GET / HTTP/1.1\r\nHost: 127",), "un client parti au milieu des "
                          "en-têtes : readline() a rendu b'Host: 127', sans b'\\n'"),
                         ((POST[:-3],), "un client parti au milieu du corps : read(longueur) a "
                                        "rendu moins de longueur octets")]:
        with _stream(*pieces, end=True) as flux:
            try:
                got = _read(call, flux)
            except Fail as problem:
                if str(problem).startswith(RAISED):
                    raise Fail(GONE_RAISED.format(what=what, problem=problem)) from None
                if str(problem).startswith(TIMED_OUT):
                    raise Fail(ENDLESS.format(what=what)) from None
                raise
        if got is not None:
            raise Fail(NOT_NONE.format(what=what, got=got))


ex1 = Exercise(
    number="1",
    function_name="lire_requete",
    cases=[
        ("un GET : la ligne de requête et les en-têtes jusqu'à la ligne vide", _case_get),
        ("un POST et son corps, puis une seconde requête sur la même connexion",
         _case_two_requests),
        ("une requête mal formée lève ValueError", _case_bad),
        ("un client parti avant la fin : None", _case_gone),
    ],
    hints=[
        "flux.readline() lit jusqu'à b'\\n', en autant de recv() qu'il faut. Une ligne qui ne "
        "finit pas par b'\\n' veut dire que le client est parti : rendez None. La ligne de "
        "requête, décodée (latin-1) puis coupée par split(), doit donner trois morceaux, le "
        "dernier commençant par 'HTTP/' ; sinon, raise ValueError(...).",
        "Lisez ensuite les en-têtes, une ligne à la fois, jusqu'à la ligne vide (b'\\r\\n'). "
        "Chaque ligne se coupe au premier ':' (partition) ; rangez le nom en minuscules "
        "(.strip().lower()) et la valeur sans espaces autour.",
        "Le corps : int(entetes.get('content-length', '0')) octets, lus avec "
        "flux.read(longueur), jamais flux.read() tout court (il attendrait la fin de la "
        "connexion). Un Content-Length qui n'est pas fait de chiffres : ValueError.",
    ],
    reference=lire_requete,
)


# -- exercise 2: the conformance suite ---------------------------------------------------------

TIMEOUT = 2.0  # seconds a checker client waits for a reply
CLOSE_WAIT = 1.0  # seconds the server has to close once it should
CLIENTS = 20
PREFIX = 4  # bytes each waiting client sends first: b"GET ", not yet a request line


class _Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


class _Client:
    """One checker client: real socket, bounded reads, a strict reader of responses."""

    def __init__(self, learners):
        self.learners = learners
        try:
            self.sock = socket.create_connection(learners.address, timeout=TIMEOUT)
        except OSError as error:
            learners.raise_if_ended()
            raise Fail(NO_CONNECTION.format(error=error)) from None
        self.buffer = b""
        self.received = 0  # bytes that came on this connection, all responses together
        self.closed = False  # the server closed its side (or reset the connection)

    def send(self, data, settle=False, if_closed=None):
        try:
            self.sock.sendall(data)
        except OSError as error:
            self.learners.raise_reports()
            raise Fail(if_closed or SEND_FAILED.format(error=error)) from None
        if settle:  # wait until the server has read what came and waits for more
            self.learners.server.settle(0.5)

    def send_byte_by_byte(self, data):
        for byte in data:
            self.send(bytes([byte]), settle=True)

    def _fill(self, what):
        try:
            chunk = self.sock.recv(65536)
        except TimeoutError:
            self.learners.raise_reports()
            silence = Silent if not self.received else Fail  # not one byte: stops the check
            raise silence(NO_REPLY.format(what=what, seconds=TIMEOUT)) from None
        except OSError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.buffer += chunk
        self.received += len(chunk)
        return True

    def response(self, what, head=False, if_closed=None):
        while b"\r\n\r\n" not in self.buffer:
            if b"\n\n" in self.buffer:
                raise Silent(LF_ONLY.format(what=what, got=self.buffer[:120]))  # in every reply
            if not self._fill(what):
                self.learners.raise_reports()
                if self.buffer:
                    raise Fail(CUT_HEAD.format(what=what, got=self.buffer[:200]))
                raise Fail(if_closed or CLOSED_NO_REPLY.format(what=what))
            if len(self.buffer) > 65536:
                raise Fail(NO_BLANK_LINE.format(what=what))
        head_bytes, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head_bytes.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise Fail(BAD_STATUS_LINE.format(what=what, line=lines[0]))
        headers = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon:
                raise Fail(BAD_HEADER.format(what=what, line=line))
            headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers:
            raise Fail(NO_LENGTH.format(what=what))
        length = headers["content-length"]
        if not length.isdigit():
            raise Fail(BAD_LENGTH.format(what=what, value=length))
        if head:
            return _Response(int(parts[1]), headers, b"")
        while len(self.buffer) < int(length):
            if not self._fill(what):
                raise Fail(SHORT_BODY.format(what=what, announced=length, got=len(self.buffer)))
        body, self.buffer = self.buffer[:int(length)], self.buffer[int(length):]
        return _Response(int(parts[1]), headers, body)

    def expect_close(self, what, head=False):
        """After a response with Connection: close: nothing more, and the server closes."""
        self.sock.settimeout(CLOSE_WAIT)
        try:
            while self._fill(what):
                pass
        except Fail:
            raise Fail(NOT_CLOSED.format(what=what, seconds=CLOSE_WAIT)) from None
        if self.buffer:
            raise Fail((HEAD_BODY if head else EXTRA_BYTES).format(
                what=what, count=len(self.buffer), got=self.buffer[:80]))

    def close(self):
        self.sock.close()


def _request(method, path, body=b"", close=True, extra=""):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "User-Agent: verification"]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    if close:
        lines.append("Connection: close")
    if extra:
        lines.append(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _expect_page(response, what):
    if response.status != 200:
        raise Fail(WRONG_STATUS.format(what=what, expected=200, got=response.status))
    if not response.headers.get("content-type", "").startswith("text/html"):
        raise Fail(WRONG_TYPE.format(what=what, expected="text/html; charset=utf-8",
                                     got=response.headers.get("content-type")))
    date = response.headers.get("date", "")
    try:
        parsed = email.utils.parsedate_to_datetime(date)
    except (TypeError, ValueError):
        parsed = None
    if parsed is None or not date.endswith("GMT"):
        raise Fail(BAD_DATE.format(what=what, got=date or None))
    if response.body != PAGE.encode("utf-8"):
        raise Fail(WRONG_BODY.format(what=what, got=response.body[:120]))


class _LearnersServer(LearnersServer):
    """The learner's web server, and the connections it still holds open."""

    def open_connections(self):
        """The server's side of its client connections still open in this process."""
        return [c for c in psutil.Process().net_connections(kind="tcp")
                if c.laddr and c.laddr.port == self.port and c.status != psutil.CONN_LISTEN]


def _learners_report(report):
    """A server's report, with the way out for the errors learners' servers make."""
    for clue, way_out in REPORT_CLUES.items():
        if clue in report:
            return report + way_out
    return report


@contextmanager
def _learners(function):
    with learners_server(function, "vérification-web", explain=_learners_report) as started:
        learners = _LearnersServer(started.server, _learners_report)
        yield learners
        learners.raise_reports()
        _expect_no_leak(learners)


def _expect_no_leak(learners):
    """Once every client has gone, the server has closed its side of each connection."""
    end = time.monotonic() + CLOSE_WAIT
    while (left := learners.open_connections()) and time.monotonic() < end:
        learners.server.settle(0.2)
        threading.Event().wait(0.02)  # the kernel updates the states on its own
    if left:
        raise Fail(LEAK.format(count=len(left)))


def _server_case(case):
    def run(call):
        with _learners(call.function) as learners:
            case(learners)
    return run


def _case_page(learners):
    what = "GET / (avec Connection: close)"
    client = _Client(learners)
    try:
        client.send(_request("GET", "/"))
        response = client.response(what)
        client.expect_close(what)
    finally:
        client.close()
    _expect_page(response, what)


def _case_byte_by_byte(learners):
    _case_page(learners)  # a whole request first: if it fails, pieces are not the reason
    what = "GET / envoyé octet par octet"
    client = _Client(learners)
    try:
        client.send_byte_by_byte(_request("GET", "/"))
        response = client.response(what)
        _expect_page(response, what)
    except Fail as problem:
        raise Fail(PIECES.format(problem=problem)) from None
    finally:
        client.close()


def _case_post_split(learners):
    what = "POST /api/echo, coupé en deux paquets (au milieu du corps)"
    body = "café crème, s'il vous plaît".encode("utf-8")
    data = _request("POST", "/api/echo", body, extra="Content-Type: text/plain; charset=utf-8")
    client = _Client(learners)
    try:
        client.send(data[:-10], settle=True)
        client.send(data[-10:])
        response = client.response(what)
        client.expect_close(what)
    finally:
        client.close()
    if response.status != 200:
        raise Fail(WRONG_STATUS.format(what=what, expected=200, got=response.status))
    if not response.headers.get("content-type", "").startswith("application/json"):
        raise Fail(WRONG_TYPE.format(what=what, expected="application/json",
                                     got=response.headers.get("content-type")))
    expected = {"recu": body.decode("utf-8"), "octets": len(body)}
    try:
        got = json.loads(response.body)
    except ValueError:
        raise Fail(NOT_JSON.format(what=what, got=response.body[:120])) from None
    if got != expected:
        raise Fail(WRONG_JSON.format(what=what, expected=expected, got=got))


def _case_keep_alive(learners):
    first = "un GET sans Content-Length ni Connection (HTTP/1.1 : la connexion reste ouverte)"
    second = "un second GET sur la même connexion, avec Connection: close"
    client = _Client(learners)
    try:
        client.send(_request("GET", "/", close=False))
        _expect_page(client.response(first), first)
        try:
            client.send(_request("GET", "/"), if_closed=CLOSED_AFTER_FIRST.format(what=second))
            response = client.response(second, if_closed=CLOSED_AFTER_FIRST.format(what=second))
        except Fail as problem:
            raise Fail(KEEP_ALIVE.format(problem=problem)) from None
        _expect_page(response, second)
        client.expect_close(second)
    finally:
        client.close()


def _case_errors(learners):
    cases = [(_request("GET", "/nulle-part"), "GET /nulle-part", 404, False),
             (_request("DELETE", "/"), "DELETE /", 405, False),
             (_request("HEAD", "/"), "HEAD /", 200, True)]
    for data, what, status, head in cases:
        client = _Client(learners)
        try:
            client.send(data)
            response = client.response(what, head=head)
            client.expect_close(what, head=head)
        finally:
            client.close()
        if response.status != status:
            raise Fail(WRONG_STATUS.format(what=what, expected=status, got=response.status))
        if status == 405 and "allow" not in response.headers:
            raise Fail(NO_ALLOW)
        if head and response.headers["content-length"] != str(len(PAGE.encode("utf-8"))):
            raise Fail(HEAD_LENGTH.format(expected=len(PAGE.encode("utf-8")),
                                          got=response.headers["content-length"]))


def _case_bad_request(learners):
    for data, what in [(b"BONJOUR\r\n\r\n", "la ligne de requête « BONJOUR »"),
                       (b"GET /\r\n\r\n", "la ligne de requête « GET / » (sans version)"),
                       (b"POST /api/echo HTTP/1.1\r\nContent-Length: beaucoup\r\n\r\n",
                        "Content-Length: beaucoup")]:
        client = _Client(learners)
        try:
            client.send(data)
            response = client.response(what)
        except Silent:  # not one byte back: the ValueError was swallowed, or never raised
            learners.raise_reports()
            raise Fail(NO_400.format(what=what)) from None
        finally:
            client.close()
        if response.status != 400:
            raise Fail(WRONG_STATUS.format(what=what, expected=400, got=response.status))
    _case_page(learners)  # and the server still serves


def _case_many(learners):
    _case_page(learners)  # one client first: if it fails, many clients are not the reason
    what = f"{CLIENTS} clients à la fois"
    clients = []
    try:
        for _ in range(CLIENTS):
            clients.append(_Client(learners))
        data = _request("GET", "/")
        for client in clients[:-1]:  # each has begun, none has sent a whole request line
            client.send(data[:PREFIX])
        clients[-1].send(data)  # the last one asks a whole request: it must not wait
        try:
            _expect_page(clients[-1].response(what), what)
        except Fail as problem:
            raise Fail(ONE_AT_A_TIME.format(count=CLIENTS - 1, problem=problem)) from None
        try:
            for client in clients[:-1]:
                client.send(data[PREFIX:])
            for client in clients[:-1]:
                _expect_page(client.response(what), what)
        except Fail as problem:
            raise Fail(PREFIX_ANSWERED.format(problem=problem, prefix=data[:PREFIX])) from None
    finally:
        for client in clients:
            client.close()


def _case_leaves(learners):
    for data in (b"GET / HTTP/1.1\r\nHost: 12", _request("POST", "/api/echo", b"x" * 40)[:-20]):
        client = _Client(learners)
        client.send(data, settle=True)
        client.close()  # leaves mid-request
    learners.raise_reports()
    _expect_no_leak(learners)
    _case_page(learners)  # and the server still serves


ex2 = Exercise(
    number="2",
    function_name="serveur_web",
    cases=[
        ("GET / : la page, avec Content-Type, Content-Length (en octets) et Date, puis la "
         "fermeture demandée", _server_case(_case_page)),
        ("une requête envoyée octet par octet", _server_case(_case_byte_by_byte)),
        ("un POST coupé en deux paquets : le corps lu selon Content-Length, réponse JSON",
         _server_case(_case_post_split)),
        ("un GET sans Content-Length, puis un autre sur la même connexion (keep-alive, puis "
         "Connection: close)", _server_case(_case_keep_alive)),
        ("404, 405 (avec Allow) et HEAD", _server_case(_case_errors)),
        ("des requêtes mal formées : 400, et le serveur continue", _server_case(_case_bad_request)),
        (f"{CLIENTS} clients à la fois", _server_case(_case_many)),
        ("des clients qui partent au milieu d'une requête", _server_case(_case_leaves)),
    ],
    hints=[
        "Réutilisez lire_requete (exercice 1) et repondre (plus haut) : serveur_web() crée la "
        "socket d'écoute sur ('127.0.0.1', 0), puis, pour chaque accept(), lance un thread qui "
        "sert ce client (threading.Thread(target=..., args=(connexion,), daemon=True)).",
        "Le thread d'un client boucle : lire une requête, répondre, recommencer, tant que le "
        "client ne demande pas Connection: close. lire_requete rend None (le client est parti) : "
        "fermez et sortez. ValueError : répondez 400 avec Connection: close, puis fermez.",
        "Pour HEAD : repondre(..., tete_seule=True), les mêmes en-têtes que GET, sans le corps. "
        "Content-Length compte des octets : len(corps.encode('utf-8')), pas len(texte). Un "
        "chemin inconnu : 404 ; une méthode que le chemin ne sert pas : 405 et un en-tête Allow.",
    ],
    reference=serveur_web,
)


WRONG_REQUEST = "pour {what}, attendu {expected!r}, reçu {got!r}"
WAITED = ("la fonction a attendu des octets que le client n'a jamais envoyés (2 s) : "
          "flux.read() sans taille attend la fin de la connexion, flux.read(1024) attend "
          "1024 octets ; lisez les lignes avec readline() jusqu'à la ligne vide, puis le corps "
          "avec flux.read(longueur)")
ENDLESS = ("pour {what}, la fonction n'a pas rendu la main : readline() rend b'' quand le "
           "client est parti, et une boucle qui relit alors tourne sans fin ; rendez None")
SECOND_LOST = ("la seconde requête de la connexion est perdue (reçu {got!r}) : lisez le corps "
               "avec flux.read(longueur), pas davantage")
NOT_VALUE_ERROR = "pour {what}, la fonction devait lever ValueError : {problem}"
NO_ERROR = ("pour {what}, la fonction a rendu {got!r} : une requête mal formée doit lever "
            "ValueError (le serveur répondra 400)")
NOT_NONE = ("pour {what}, attendu None (le client est parti), reçu {got!r} : une ligne sans "
            "b'\\n' final ou un corps trop court veut dire que la connexion s'est fermée")
GONE_RAISED = "pour {what}, attendu None, pas une exception : {problem}"
NO_CONNECTION = "le client n'a pas pu se connecter ({error}) : le serveur écoute-t-il encore ?"
PIECES = ("{problem} — une requête peut arriver en morceaux : un seul recv() ne suffit pas, "
          "lisez jusqu'à la ligne vide (makefile('rb').readline())")
SEND_FAILED = "l'envoi a échoué ({error}) : le serveur a-t-il fermé la connexion trop tôt ?"
NO_REPLY = ("{what} : aucune réponse complète en {seconds:g} s. Le serveur attend-il un corps "
            "qui ne viendra pas, ou un seul recv() a-t-il pris une requête encore incomplète ?")
CLOSED_NO_REPLY = ("{what} : le serveur a fermé la connexion sans répondre (une exception dans "
                   "son code, ou lire_requete qui a rendu None pour une requête complète ?)")
LF_ONLY = ("{what} : les lignes de la réponse finissent par \\n ({got!r}) : HTTP les veut "
           "terminées par \\r\\n, et la tête finie par une ligne vide, \\r\\n\\r\\n "
           "(repondre() le fait)")
CUT_HEAD = "{what} : la connexion s'est fermée au milieu des en-têtes de la réponse : {got!r}"
NO_BLANK_LINE = "{what} : plus de 64 Kio d'en-têtes sans la ligne vide b'\\r\\n\\r\\n'"
BAD_STATUS_LINE = ("{what} : la ligne d'état {line!r} n'a pas la forme "
                   "« HTTP/1.1 200 OK »")
BAD_HEADER = "{what} : l'en-tête {line!r} n'a pas de « : »"
NO_LENGTH = ("{what} : la réponse n'a pas d'en-tête Content-Length : en keep-alive, le client "
             "ne peut pas savoir où finit le corps")
BAD_LENGTH = "{what} : Content-Length vaut {value!r}, ce n'est pas un nombre d'octets"
SHORT_BODY = ("{what} : Content-Length annonce {announced} octets, la connexion s'est fermée "
              "après {got}")
NOT_CLOSED = ("{what} : la réponse est arrivée, mais le serveur n'a pas fermé la connexion en "
              "{seconds:g} s, alors que le client a envoyé Connection: close")
EXTRA_BYTES = ("{what} : {count} octet(s) de plus que Content-Length ({got!r}…) : "
               "Content-Length compte les octets encodés, len(corps.encode('utf-8')), pas les "
               "caractères")
HEAD_BODY = ("{what} : {count} octet(s) après les en-têtes ({got!r}…) : HEAD : pas de corps, "
             "seulement les en-têtes (tete_seule=True)")
CLOSED_AFTER_FIRST = ("{what} : le serveur a fermé après la première réponse : bouclez sur "
                      "lire_requete")
REPORT_CLUES = {  # a clue in the server's report -> the way out
    "ValueError": "\n  lire_requete lève ValueError pour une requête mal formée : attrapez "
                  "ValueError et répondez 400 (fermer=True)",
    "ConnectionResetError": "\n  un client peut partir à tout moment : attrapez OSError "
                            "autour de la lecture et de l'envoi, puis fermez la connexion",
    "BrokenPipeError": "\n  un client peut partir à tout moment : attrapez OSError autour "
                       "de la lecture et de l'envoi, puis fermez la connexion",
}
PREFIX_ANSWERED = ("{problem} — ces clients n'avaient d'abord envoyé que {prefix!r}, pas encore "
                   "une ligne de requête : lisez la requête entière (lire_requete, un thread "
                   "par client) avant de répondre")
WRONG_STATUS = "{what} : code {expected} attendu, reçu {got}"
NO_400 = ("{what} : aucune réponse en 2 s, alors qu'une requête mal formée reçoit 400 : "
          "lire_requete lève ValueError ; attrapez-la, répondez 400 (fermer=True) et fermez")
WRONG_TYPE = "{what} : Content-Type {expected!r} attendu, reçu {got!r}"
BAD_DATE = ("{what} : en-tête Date {got!r} : il faut la date HTTP, par exemple "
            "email.utils.formatdate(usegmt=True)")
WRONG_BODY = "{what} : le corps devait être PAGE encodée en UTF-8, reçu {got!r}"
NOT_JSON = "{what} : le corps n'est pas du JSON : {got!r}"
WRONG_JSON = "{what} : attendu {expected!r}, reçu {got!r}"
KEEP_ALIVE = ("la connexion devait rester ouverte après la première réponse (HTTP/1.1, sans "
              "Connection: close) : {problem}")
NO_ALLOW = "DELETE / : une réponse 405 doit dire ce qui est permis, avec l'en-tête Allow"
HEAD_LENGTH = ("HEAD / : Content-Length doit être celui du GET ({expected}), reçu {got} ; le "
               "corps, lui, n'est pas envoyé")
ONE_AT_A_TIME = ("{count} clients ont commencé une requête sans la finir, et le dernier, "
                 "complet, n'a pas eu sa réponse : le serveur sert-il un client à la fois ? "
                 "({problem})")
LEAK = ("{count} connexion(s) restent ouvertes côté serveur alors que les clients sont partis : "
        "fermez la connexion quand lire_requete rend None (with connexion:)")
