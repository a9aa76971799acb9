"""Exercises of 05_modules_internet: a JSON field with urllib.request, an HTTP GET by hand."""

import http.server
import json
import socket
import threading
import urllib.request
from contextlib import contextmanager

from .framework import Exercise, Fail, expect_equal, checker_server
from ..core.servers import start_tcp_server
from ..protocols.services import start_socketserver

PIECE_GAP = 0.05  # seconds between two pieces of an answer: the client must read them all


# -- exercise 1: a field of a JSON resource -----------------------------------------------

def lire_champ(url, champ):
    with urllib.request.urlopen(url, timeout=5) as reponse:
        document = json.loads(reponse.read().decode("utf-8"))
    return document[champ]


def _json_handler(documents):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in documents:
                self.send_error(404)
                return
            body = json.dumps(documents[self.path], ensure_ascii=False).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    return Handler


@contextmanager
def json_server(documents):
    """A checker's HTTP server that serves `documents` ({path: object}) as JSON."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _json_handler(documents))
    with checker_server(start_socketserver, httpd) as (host, port):
        yield f"http://{host}:{port}"


def _case_text_field(call):
    with json_server({"/meteo": {"ville": "Lyon", "ciel": "nuageux"}}) as base:
        expect_equal(call(f"{base}/meteo", "ville"), "Lyon")


def _case_number_field(call):
    with json_server({"/api/v1/capteur": {"nom": "salle 12", "temperature": 21}}) as base:
        expect_equal(call(f"{base}/api/v1/capteur", "temperature"), 21)


def _case_accents(call):
    with json_server({"/annonce": {"message": "Réunion à 14 h, salle Éole"}}) as base:
        expect_equal(call(f"{base}/annonce", "message"), "Réunion à 14 h, salle Éole")


ex1 = Exercise(
    number="1",
    function_name="lire_champ",
    cases=[
        ("un champ texte", _case_text_field),
        ("un champ nombre (un int, pas un str)", _case_number_field),
        ("un texte avec des accents (UTF-8)", _case_accents),
    ],
    hints=[
        "urllib.request.urlopen(url, timeout=5) renvoie la réponse ; "
        "utilisez-la dans un bloc with, et .read() donne le corps en octets.",
        "json.loads(...) transforme le texte JSON (décodé en UTF-8) en dictionnaire : "
        "renvoyez la valeur de ce dictionnaire pour la clé champ.",
    ],
    reference=lire_champ,
)


# -- exercise 2: HTTP GET by hand over a socket -------------------------------------------

def get_http(adresse, chemin):
    hote, port = adresse
    requete = (f"GET {chemin} HTTP/1.1\r\n"
               f"Host: {hote}:{port}\r\n"
               "Connection: close\r\n"
               "\r\n")
    morceaux = []
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(requete.encode("ascii"))
        while morceau := client.recv(4096):
            morceaux.append(morceau)
    reponse = b"".join(morceaux)
    entete, _, corps = reponse.partition(b"\r\n\r\n")
    return corps.decode("utf-8")


def _read_request(conn):
    """The request's head (up to the blank line), or what came before the client stopped."""
    conn.settimeout(1.0)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            piece = conn.recv(4096)
            if not piece:
                break
            data += piece
    except socket.timeout:
        pass
    return data


def _problem(head, path, host):
    """What is wrong with the request head, in French (None when it is right)."""
    if b"\r\n\r\n" not in head:
        return ("la requête ne s'est pas terminée par une ligne vide : "
                "le serveur attend encore la fin des en-têtes (\\r\\n\\r\\n)")
    lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    wanted = (f"GET {path} HTTP/1.1", f"GET {path} HTTP/1.0")
    if lines[0] not in wanted:
        return f"ligne de requête attendue « {wanted[0]} », reçue « {lines[0]} »"
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("host") not in (host, host.split(":")[0]):
        got = headers.get("host")
        return (f"en-tête attendu « Host: {host} », "
                + ("absent de la requête" if got is None else f"reçu « Host: {got} »"))
    if headers.get("connection", "").lower() != "close":
        return ("en-tête « Connection: close » absent : en HTTP/1.1 la connexion reste "
                "ouverte après la réponse (keep-alive), et une boucle recv() qui attend b\"\" "
                "attendrait jusqu'à son délai")
    return None


def _request_is_right(conn, seen):
    """Read the learner's request; note what is wrong with it in `seen`, and answer 400 then."""
    seen["problem"] = _problem(_read_request(conn), seen["path"], seen["host"])
    if seen["problem"]:
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                     b"Connection: close\r\n\r\n")
    return not seen["problem"]


def _answer_in_pieces(body, seen):
    """A checker's server: checks the request, then answers in several pieces."""
    def handle(conn, address):
        if not _request_is_right(conn, seen):
            return
        data = body.encode("utf-8")
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                     b"Content-Length: " + str(len(data)).encode() +
                     b"\r\nConnection: close\r\n\r\n")
        cuts = [0, len(data) // 3 + 1, 2 * len(data) // 3 + 1, len(data)]
        for start, end in zip(cuts, cuts[1:]):
            threading.Event().wait(PIECE_GAP)  # pacing: each piece leaves on its own
            conn.sendall(data[start:end])
    return handle


def _get_case(path, body):
    def case(call):
        seen = {"path": path}
        with checker_server(start_tcp_server, _answer_in_pieces(body, seen)) as address:
            seen["host"] = f"{address[0]}:{address[1]}"
            got = call(address, path)
        if seen.get("problem"):
            raise Fail(seen["problem"])
        expect_equal(got, body)
    return case


_LONG = "".join(f"ligne {i:04d} : déjà vu, été comme hiver\n" for i in range(300))

ex2 = Exercise(
    number="2",
    function_name="get_http",
    cases=[
        ("une page courte, en trois morceaux", _get_case("/bonjour.txt", "Bonjour, le Web !\n")),
        ("une page longue (plus de 10 000 octets), avec des accents",
         _get_case("/archives/2024/liste.txt", _LONG)),
    ],
    hints=[
        "La requête est du texte : « GET chemin HTTP/1.1 », puis « Host: hote:port », "
        "puis « Connection: close », chaque ligne terminée par \\r\\n, et une ligne vide "
        "à la fin. Envoyez-la avec sendall().",
        "La réponse arrive en plusieurs morceaux : appelez recv() en boucle jusqu'à ce qu'il "
        "renvoie b\"\" (le serveur a fermé), en gardant chaque morceau dans une liste.",
        "Joignez les morceaux (b\"\".join), coupez au premier b\"\\r\\n\\r\\n\" "
        "(.partition) : ce qui suit est le corps ; décodez-le en UTF-8 à la fin, "
        "pas morceau par morceau.",
    ],
    reference=get_http,
)


# -- exercise 3: a chunked answer (Transfer-Encoding: chunked) ----------------------------

def get_morceaux(adresse, chemin):
    hote, port = adresse
    requete = (f"GET {chemin} HTTP/1.1\r\nHost: {hote}:{port}\r\n"
               "Connection: close\r\n\r\n")
    morceaux = []
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(requete.encode("ascii"))
        while morceau := client.recv(4096):
            morceaux.append(morceau)
    entete, _, reste = b"".join(morceaux).partition(b"\r\n\r\n")
    corps = b""
    while True:
        ligne, _, reste = reste.partition(b"\r\n")
        taille = int(ligne.split(b";")[0], 16)
        if taille == 0:
            return corps.decode("utf-8")
        corps += reste[:taille]
        reste = reste[taille + 2:]  # the data, then its \r\n


def _chunked(chunks):
    """The body coded as chunks: each one after its size in hexadecimal, then a last 0."""
    return b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"


def _answer_chunked(chunks, seen):
    """A checker's server: checks the request, answers in chunks, sent in packets cut
    anywhere (inside a size line, inside a chunk), then closes."""
    def handle(conn, address):
        if not _request_is_right(conn, seen):
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        data = _chunked(chunks)
        cuts = [0, 1, len(data) // 2 + 1, len(data) - 3, len(data)]
        for start, end in zip(cuts, cuts[1:]):
            threading.Event().wait(PIECE_GAP)  # pacing: each packet leaves on its own
            conn.sendall(data[start:end])
    return handle


def _chunked_case(path, chunks):
    body = b"".join(chunks).decode("utf-8")

    def case(call):
        seen = {"path": path}
        with checker_server(start_tcp_server, _answer_chunked(chunks, seen)) as address:
            seen["host"] = f"{address[0]}:{address[1]}"
            got = call(address, path)
        if seen.get("problem"):
            raise Fail(seen["problem"])
        if isinstance(got, str) and got.startswith(f"{len(chunks[0]):x}\r\n"):
            raise Fail("le corps renvoyé contient encore les tailles des morceaux "
                       f"(il commence par {got[:12]!r}) : décodez le format chunked, "
                       "ne gardez que les données de chaque morceau")
        if isinstance(got, str) and len(got) < len(body) and body.startswith(got):
            raise Fail(f"corps incomplet : {len(got)} caractère(s) sur {len(body)} ; "
                       "lisez tous les morceaux, jusqu'au morceau de taille 0")
        expect_equal(got, body)
    return case


ex3 = Exercise(
    number="3",
    function_name="get_morceaux",
    cases=[
        ("trois petits morceaux, arrivés en plusieurs paquets",
         _chunked_case("/bonjour.txt", [b"Bonjour, ", b"le Web", b" !\n"])),
        ("des tailles en hexadécimal (1a = 26 octets, 1000 = 4 096 octets)",
         _chunked_case("/journal.txt", [b"a" * 25 + b"\n", b"b" * 4096, b"c" * 300])),
        ("un « é » coupé entre deux morceaux (UTF-8)",
         _chunked_case("/cafe.txt", [b"Un caf\xc3", b"\xa9, \xc3", b"\xa9t\xc3", b"\xa9 !\n"])),
    ],
    hints=[
        "Envoyez la même requête qu'à l'exercice 2 et lisez tout jusqu'à b\"\". "
        "Après la ligne vide, le corps est une suite de morceaux : une ligne avec la taille "
        "du morceau en hexadécimal, \\r\\n, les données, \\r\\n ; un morceau de taille 0 "
        "termine le corps.",
        "int(ligne, 16) lit une taille hexadécimale (int(b\"1a\", 16) vaut 26). "
        "Avec reste.partition(b\"\\r\\n\"), prenez la ligne de taille, puis les taille "
        "premiers octets du reste, sautez les 2 octets \\r\\n qui suivent, et recommencez. "
        "Décodez en UTF-8 le corps entier, à la fin.",
    ],
    reference=get_morceaux,
)
