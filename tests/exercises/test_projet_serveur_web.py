"""Exercises of 11_projet_serveur_web: the references pass, the usual wrong answers do not."""

import json
import socket
import threading
import time

from helpers.exercises import projet_serveur_web as web
from helpers.exercises.projet_serveur_web import ex1, ex2


def test_the_references_pass(no_leak):
    assert ex1.verify(ex1.reference).passed, ex1.verify(ex1.reference)
    assert ex2.verify(ex2.reference).passed, ex2.verify(ex2.reference)


def test_templates_are_not_done_yet(no_leak):
    def lire_requete(flux):
        ...

    def serveur_web():
        ...
    assert "pas encore fait" in str(ex1.verify(lire_requete))
    assert "pas encore fait" in str(ex2.verify(serveur_web))


# -- exercise 1: lire_requete ------------------------------------------------------------------

def reads_to_the_end(flux):
    """Reads the body with read() alone: waits for the end of the connection."""
    line = flux.readline()
    if not line.endswith(b"\n"):
        return None
    method, path, version = line.decode().split()
    headers = {}
    while (line := flux.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    return method, path, version, headers, flux.read()


def no_body(flux):
    """Stops at the blank line: the body is left in the stream."""
    line = flux.readline()
    if not line.endswith(b"\n"):
        return None
    method, path, version = line.decode().split()
    headers = {}
    while (line := flux.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    return method, path, version, headers, b""


def names_as_sent(flux):
    """Keeps the header names as sent (Host, User-Agent …), and leaves the request line
    unchecked: a bad one raises whatever split() gives."""
    request = web.lire_requete(flux)
    if request is None:
        return None
    method, path, version, headers, body = request
    return method, path, version, {k.title(): v for k, v in headers.items()}, body


def unpacks_blindly(flux):
    line = flux.readline()
    if not line:
        return None
    parts = line.decode().split()
    method, path, version = parts[0], parts[1], parts[2]  # IndexError, not ValueError
    headers = {}
    while (line := flux.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", 0))
    return method, path, version, headers, flux.read(length)


def partial_is_a_request(flux):
    """A client that left is not noticed: what came is returned as if it were complete."""
    line = flux.readline()
    if not line:
        return None
    parts = line.decode().split()
    if len(parts) != 3:
        if not line.endswith(b"\n"):
            return tuple(parts)
        raise ValueError("ligne mal formée")
    headers = {}
    while (line := flux.readline()) not in (b"\r\n", b"\n", b""):
        name, colon, value = line.decode().partition(":")
        if not colon:
            raise ValueError("en-tête mal formé")
        headers[name.strip().lower()] = value.strip()
    length = headers.get("content-length", "0")
    if not length.isdigit():
        raise ValueError("Content-Length")
    return (*parts, headers, flux.read(int(length)))


def test_ex1_rejects_read_without_a_size(no_leak):
    report = str(ex1.verify(reads_to_the_end))
    assert "✘ un POST et son corps" in report
    assert "flux.read() sans taille attend la fin de la connexion" in report, report


def test_ex1_rejects_a_body_left_unread(no_leak):
    report = str(ex1.verify(no_body))
    assert "un POST dont le corps fait Content-Length octets" in report, report


def test_ex1_rejects_header_names_not_lowercased(no_leak):
    report = str(ex1.verify(names_as_sent))
    assert "noms d'en-têtes en minuscules" in report, report


def test_ex1_rejects_a_line_taken_without_checking(no_leak):
    report = str(ex1.verify(unpacks_blindly))
    assert "la fonction devait lever ValueError" in report and "IndexError" in report, report
    assert "✘ une requête mal formée" in report, report


def lenient(flux, check_version=True, digits_only=True):
    """A careful reader, but for one check: the version (HTTP/…) or the sign of the length."""
    line = flux.readline()
    if not line.endswith(b"\n"):
        return None
    parts = line.decode("latin-1").split()
    if len(parts) != 3 or (check_version and not parts[2].startswith("HTTP/")):
        raise ValueError("ligne de requête mal formée")
    headers = {}
    while (line := flux.readline()) not in (b"\r\n", b"\n"):
        if not line.endswith(b"\n"):
            return None
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon:
            raise ValueError("en-tête sans « : »")
        headers[name.strip().lower()] = value.strip()
    length = headers.get("content-length", "0")
    if digits_only and not length.isdigit():
        raise ValueError("Content-Length")
    body = flux.read(int(length))  # int("-1") passes: read(-1) reads to the end
    return None if len(body) < int(length) else (*parts, headers, body)


def only_three_words(flux):
    return lenient(flux, check_version=False)


def int_for_the_length(flux):
    return lenient(flux, digits_only=False)


def raises_when_gone(flux):
    """A client that left is an exception, not None."""
    if not flux.peek(1):
        raise ConnectionError("le client est parti")
    return web.lire_requete(flux)


def test_ex1_rejects_a_version_that_is_not_http(no_leak):
    report = str(ex1.verify(only_three_words))
    assert "✘ une requête mal formée" in report, report
    assert "une version qui ne commence pas par HTTP/" in report, report


def test_ex1_rejects_a_negative_content_length(no_leak):
    report = str(ex1.verify(int_for_the_length))
    assert "✘ une requête mal formée" in report, report
    assert "(« -1 »)" in report, report


def test_ex1_names_the_client_that_left_and_the_exception(no_leak):
    report = str(ex1.verify(raises_when_gone))
    assert "✘ un client parti avant la fin" in report, report
    assert "un client qui ferme sans rien envoyer : readline() a rendu b''" in report, report
    assert "attendu None, pas une exception" in report and "ConnectionError" in report, report


def test_ex1_rejects_a_partial_request(no_leak):
    report = str(ex1.verify(partial_is_a_request))
    assert "attendu None (le client est parti)" in report, report


# -- exercise 2: broken servers ------------------------------------------------------------------

def threaded(serve):
    """A thread-per-client server around `serve(connexion)`."""
    def serveur_web():
        with socket.create_server(("127.0.0.1", 0)) as listener:
            while True:
                conn, _ = listener.accept()
                threading.Thread(target=serve, args=(conn,), daemon=True).start()
    return serveur_web


def single_recv(conn):
    """One recv() taken for the whole request."""
    with conn:
        data = conn.recv(65536)
        method, path, _ = data.split(b"\r\n")[0].decode().split()
        code, ctype, body, extra = web.router(method, path, data.split(b"\r\n\r\n", 1)[-1])
        conn.sendall(web.repondre(code, ctype, body, fermer=True, autres=extra))


def wants_a_content_length(conn):
    """Reads the body by Content-Length, but a request without one is a KeyError."""
    with conn, conn.makefile("rb") as flux:
        line = flux.readline()
        method, path, _ = line.decode().split()
        headers = {}
        while (line := flux.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        body = flux.read(int(headers["content-length"]))
        code, ctype, content, extra = web.router(method, path, body)
        conn.sendall(web.repondre(code, ctype, content, fermer=True, autres=extra))


def serve_with(respond=web.repondre, on_bad=None, close_when_asked=True, head_body=False,
               swallow_bad=False):
    """The reference's client loop, with one thing changed."""
    def serve(conn):
        with conn, conn.makefile("rb") as flux:
            conn.settimeout(30)
            while True:
                try:
                    request = web.lire_requete(flux)
                except ValueError as error:
                    if swallow_bad:  # no 400: the client waits
                        continue
                    if on_bad is not None:
                        on_bad(error)
                    conn.sendall(respond(400, "text/plain", b"mauvaise requete", fermer=True))
                    return
                if request is None:
                    return
                method, path, version, headers, body = request
                close = headers.get("connection", "").lower() == "close"
                code, ctype, content, extra = web.router(method, path, body)
                head_only = method == "HEAD" and not head_body
                conn.sendall(respond(code, ctype, content, head_only, close, extra))
                if close and close_when_asked:
                    return
    return serve


def crash(error):
    raise error


def chars_not_bytes(code, ctype, body, head_only=False, close=False, extra=()):
    """Content-Length counted in characters of the decoded text."""
    reply = web.repondre(code, ctype, body, head_only, close, extra)
    head, _, rest = reply.partition(b"\r\n\r\n")
    wrong = head.replace(f"Content-Length: {len(body)}".encode(),
                         f"Content-Length: {len(body.decode('utf-8'))}".encode())
    return wrong + b"\r\n\r\n" + rest


def no_date(code, ctype, body, head_only=False, close=False, extra=()):
    reply = web.repondre(code, ctype, body, head_only, close, extra)
    head, _, rest = reply.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if not line.startswith(b"Date:")]
    return b"\r\n".join(lines) + b"\r\n\r\n" + rest


def iterative():
    """Serves one client at a time (no thread per client)."""
    serve = serve_with()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        while True:
            conn, _ = listener.accept()
            serve(conn)


def keeps_every_connection():
    """A selectors-free 'keep them all' server: leaves never noticed, connections kept."""
    kept = []

    def serve(conn):
        kept.append(conn)  # never closed
        flux = conn.makefile("rb")
        while True:
            try:
                request = web.lire_requete(flux)
            except ValueError:
                conn.sendall(web.repondre(400, "text/plain", b"non", fermer=True))
                return
            if request is None:
                return
            method, path, version, headers, body = request
            code, ctype, content, extra = web.router(method, path, body)
            conn.sendall(web.repondre(code, ctype, content, method == "HEAD",
                                      headers.get("connection") == "close", extra))
    return threaded(serve)()


def test_ex2_rejects_a_single_recv(no_leak):
    report = str(ex2.verify(threaded(single_recv)))
    assert "✘ une requête envoyée octet par octet" in report, report
    assert "un seul recv() ne suffit pas" in report, report
    assert "✘ un POST coupé en deux paquets" in report, report


def test_ex2_rejects_a_server_that_wants_content_length(no_leak):
    report = str(ex2.verify(threaded(wants_a_content_length)))
    assert "✘ GET / : la page" in report and "KeyError" in report, report


def test_ex2_rejects_a_crash_on_a_bad_request_line(no_leak):
    report = str(ex2.verify(threaded(serve_with(on_bad=crash))))
    assert "✘ des requêtes mal formées" in report, report
    assert "sans répondre" in report or "le serveur a signalé" in report, report


def test_ex2_rejects_one_client_at_a_time(no_leak):
    report = str(ex2.verify(iterative))
    assert "le serveur sert-il un client à la fois ?" in report, report


def test_ex2_rejects_a_server_that_ignores_connection_close(no_leak):
    report = str(ex2.verify(threaded(serve_with(close_when_asked=False))))
    assert "n'a pas fermé la connexion" in report and "Connection: close" in report, report


def test_ex2_rejects_content_length_in_characters(no_leak):
    report = str(ex2.verify(threaded(serve_with(respond=chars_not_bytes))))
    assert "octet(s) de plus que Content-Length" in report, report


def test_ex2_rejects_a_missing_date(no_leak):
    report = str(ex2.verify(threaded(serve_with(respond=no_date))))
    assert "en-tête Date None" in report, report


def test_ex2_rejects_a_body_after_head(no_leak):
    """The HEAD case names HEAD and tete_seule, not Content-Length's encoded bytes."""
    report = str(ex2.verify(threaded(serve_with(head_body=True))))
    line = next(line for line in report.splitlines() if line.startswith("  ✘ 404, 405"))
    assert "HEAD : pas de corps, seulement les en-têtes (tete_seule=True)" in line, report
    assert "octets encodés" not in line, report


def test_ex2_rejects_a_server_that_leaks_connections(no_leak):
    report = str(ex2.verify(keeps_every_connection))
    assert "restent ouvertes côté serveur" in report, report


def test_ex2_rejects_a_server_that_crashes_at_once(no_leak):
    def serveur_web():
        with socket.create_server(("127.0.0.1", 0)) as listener:
            listener.accept()
            raise RuntimeError("oups")
    report = str(ex2.verify(serveur_web))
    assert not ex2.verify(serveur_web).passed
    assert "RuntimeError" in report, report


def test_the_reference_server_answers_json():
    _, _, body, _ = web.router("POST", "/api/echo", "été".encode())
    assert json.loads(body) == {"recu": "été", "octets": 5}


def test_ex2_rejects_a_server_that_closes_after_each_response(no_leak):
    def one_and_close(conn):
        with conn, conn.makefile("rb") as flux:
            request = web.lire_requete(flux)
            if request is None:
                return
            method, path, _, _, body = request
            code, ctype, content, extra = web.router(method, path, body)
            conn.sendall(web.repondre(code, ctype, content, method == "HEAD", True, extra))
    report = str(ex2.verify(threaded(one_and_close)))
    assert "la connexion devait rester ouverte après la première réponse" in report, report
    assert "le serveur a fermé après la première réponse : bouclez sur lire_requete" in report
    assert "une exception dans son code" not in report, report


def test_ex2_rejects_a_server_without_404(no_leak):
    original = web.router

    def everything_is_the_page(method, path, body):
        return original(method, "/" if path != "/api/echo" else path, body)
    web.router = everything_is_the_page  # serve_with's loop looks it up at call time
    try:
        report = str(ex2.verify(threaded(serve_with())))
    finally:
        web.router = original
    assert "GET /nulle-part : code 404 attendu, reçu 200" in report, report


def test_ex2_rejects_a_server_that_never_answers_in_bounded_time(no_leak):
    def mute(conn):
        with conn:
            while conn.recv(1024):
                pass
    start = time.monotonic()
    report = str(ex2.verify(threaded(mute)))
    assert "aucune réponse complète en 2 s" in report, report
    assert "Les 7 suivantes ne sont pas essayées" in report, report  # each would wait 2 s too
    assert time.monotonic() - start < 8


def lets_value_error_out(conn):
    """The course's lire_requete, its ValueError not caught."""
    with conn, conn.makefile("rb") as flux:
        while (request := web.lire_requete(flux)) is not None:
            method, path, version, headers, body = request
            close = headers.get("connection", "").lower() == "close"
            code, ctype, content, extra = web.router(method, path, body)
            conn.sendall(web.repondre(code, ctype, content, method == "HEAD", close, extra))
            if close:
                return


def test_ex2_says_catch_value_error_and_shows_no_helpers_line(no_leak):
    report = str(ex2.verify(threaded(lets_value_error_out)))
    assert "✘ des requêtes mal formées" in report, report
    assert "attrapez ValueError et répondez 400 (fermer=True)" in report, report
    assert "ligne de requête mal formée : b'BONJOUR\\r\\n'" in report, report
    # the line shown is the learner's own call, never the line of the helpers that raised
    assert "raise ValueError" not in report and "web.lire_requete(flux)" in report, report


def one_recv_each():
    """No thread, one recv() per client: answers whatever the first packet says."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        while True:
            conn, _ = listener.accept()
            with conn:
                words = conn.recv(1024).split(b"\r\n")[0].decode().split() + ["?", "?"]
                code, ctype, body, extra = web.router(words[0], words[1], b"")
                conn.sendall(web.repondre(code, ctype, body, fermer=True, autres=extra))


def test_ex2_twenty_clients_are_not_answered_from_a_prefix(no_leak):
    report = str(ex2.verify(one_recv_each))
    assert "✘ 20 clients à la fois" in report, report
    assert "n'avaient d'abord envoyé que b'GET '" in report, report


# -- what each message says, and only when it applies ------------------------------------------

def test_ex1_says_an_endless_loop_when_the_client_has_gone(no_leak):
    def loops_on_empty_lines(flux):
        line = flux.readline()
        if not line.endswith(b"\n"):
            return None
        method, path, version = line.decode("latin-1").split()
        headers = {}
        while (line := flux.readline()) != b"\r\n":  # the mistake: b"" never ends the loop
            if not line.endswith(b"\n"):
                continue
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        return method, path, version, headers, b""
    report = str(ex1.verify(loops_on_empty_lines))
    assert "readline() rend b'' quand le client est parti, et une boucle qui relit alors " \
           "tourne sans fin ; rendez None" in report, report


def test_ex1_names_read_with_a_size_too(no_leak):
    def reads_1024(flux):
        data = flux.read(1024)
        head, _, body = data.partition(b"\r\n\r\n")
        method, path, version = head.split(b"\r\n")[0].decode().split()
        return method, path, version, {}, body
    report = str(ex1.verify(reads_1024))
    assert "flux.read(1024) attend 1024 octets" in report, report


def test_ex2_a_server_that_returns_after_one_client_is_told_so(no_leak):
    def serveur_web():
        with socket.create_server(("127.0.0.1", 0)) as listener:
            conn, _ = listener.accept()  # the mistake: no loop
            serve_with()(conn)
    report = str(ex2.verify(serveur_web))
    assert "Traceback" not in report and "Bad file descriptor" not in report, report
    assert "votre serveur s'est arrêté : sa fonction a rendu la main alors que d'autres " \
           "clients allaient venir" in report, report


def test_ex2_a_broken_response_is_not_blamed_on_pieces_or_on_threads(no_leak):
    def no_length(code, ctype, body, head_only=False, close=False, extra=()):
        reply = web.repondre(code, ctype, body, head_only, close, extra)
        head, _, rest = reply.partition(b"\r\n\r\n")
        lines = [line for line in head.split(b"\r\n") if not line.startswith(b"Content-Length")]
        return b"\r\n".join(lines) + b"\r\n\r\n" + rest
    report = str(ex2.verify(threaded(serve_with(respond=no_length))))
    assert "la réponse n'a pas d'en-tête Content-Length" in report, report
    assert "un seul recv() ne suffit pas" not in report, report
    assert "un client à la fois" not in report, report


def test_ex2_names_lines_ended_by_a_bare_newline(no_leak):
    def bare_newlines(code, ctype, body, head_only=False, close=False, extra=()):
        return web.repondre(code, ctype, body, head_only, close, extra).replace(b"\r\n", b"\n")
    report = str(ex2.verify(threaded(serve_with(respond=bare_newlines))))
    assert "les lignes de la réponse finissent par \\n" in report, report
    assert "au milieu des en-têtes" not in report and "aucune réponse complète" not in report
    assert report.count("✘") == 1 and "pas essayée" in report, report  # said once, not 8 times


def test_ex2_says_sendall_takes_bytes(no_leak):
    def text_not_bytes(code, ctype, body, head_only=False, close=False, extra=()):
        return web.repondre(code, ctype, body, head_only, close, extra).decode("latin-1")
    report = str(ex2.verify(threaded(serve_with(respond=text_not_bytes))))
    assert "sendall() et write() envoient des octets, pas du texte" in report, report


def test_ex2_a_swallowed_value_error_is_told_to_answer_400(no_leak):
    report = str(ex2.verify(threaded(serve_with(swallow_bad=True))))
    assert "une requête mal formée reçoit 400" in report, report
    assert "un seul recv()" not in report, report
