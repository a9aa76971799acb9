"""Exercises of 05_modules_internet: each checker accepts the reference, rejects typical mistakes."""

import json
import socket
import urllib.request

from helpers.exercises.modules_internet import ex1, ex2


def test_json_reference_is_accepted(no_leak):
    report = ex1.verify(ex1.reference)
    assert report.passed, report


def whole_document(url, champ):
    with urllib.request.urlopen(url, timeout=5) as reponse:
        return json.loads(reponse.read())


def text_not_json(url, champ):
    with urllib.request.urlopen(url, timeout=5) as reponse:
        return str(json.loads(reponse.read())[champ])


def wrong_charset(url, champ):
    with urllib.request.urlopen(url, timeout=5) as reponse:
        return json.loads(reponse.read().decode("latin-1"))[champ]


def test_json_typical_mistakes_are_rejected(no_leak):
    report = ex1.verify(whole_document)
    assert not report.passed
    assert "attendu 'Lyon' (str), obtenu {'ville': 'Lyon', 'ciel': 'nuageux'} (dict)" in str(report)
    report = ex1.verify(text_not_json)
    assert "✘ un champ nombre (un int, pas un str) : attendu 21 (int), obtenu '21' (str)" \
        in str(report)
    assert "pas encore : 1 vérification(s) sur 3" in str(report)
    report = ex1.verify(wrong_charset)
    assert "obtenu 'RÃ©union" in str(report)


def test_get_reference_is_accepted(no_leak):
    report = ex2.verify(ex2.reference)
    assert report.passed, report


def one_recv(adresse, chemin):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(f"GET {chemin} HTTP/1.1\r\nHost: {adresse[0]}:{adresse[1]}\r\n"
                       "Connection: close\r\n\r\n".encode())
        reponse = client.recv(4096)
    return reponse.partition(b"\r\n\r\n")[2].decode()


def no_host(adresse, chemin):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(f"GET {chemin} HTTP/1.1\r\n\r\n".encode())
        morceaux = []
        while morceau := client.recv(4096):
            morceaux.append(morceau)
    return b"".join(morceaux).partition(b"\r\n\r\n")[2].decode()


def no_blank_line(adresse, chemin):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(f"GET {chemin} HTTP/1.1\r\nHost: {adresse[0]}:{adresse[1]}\r\n".encode())
        morceaux = []
        while morceau := client.recv(4096):
            morceaux.append(morceau)
    return b"".join(morceaux).partition(b"\r\n\r\n")[2].decode()


def decodes_each_piece(adresse, chemin):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(f"GET {chemin} HTTP/1.1\r\nHost: {adresse[0]}:{adresse[1]}\r\n"
                       "Connection: close\r\n\r\n".encode())
        texte = ""
        while morceau := client.recv(1000):
            texte += morceau.decode()
    return texte.partition("\r\n\r\n")[2]


def with_headers(adresse, chemin):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(f"GET {chemin} HTTP/1.1\r\nHost: {adresse[0]}:{adresse[1]}\r\n"
                       "Connection: close\r\n\r\n".encode())
        morceaux = []
        while morceau := client.recv(4096):
            morceaux.append(morceau)
    return b"".join(morceaux).decode()


def test_get_typical_mistakes_are_rejected(no_leak):
    report = ex2.verify(one_recv)
    assert not report.passed
    assert "✘ une page courte, en trois morceaux : attendu 'Bonjour, le Web !\\n' (str), " \
           "obtenu '' (str)" in str(report), report
    report = ex2.verify(no_host)
    assert "en-tête attendu « Host: 127.0.0.1:" in str(report) and "absent de la requête" \
        in str(report), report
    report = ex2.verify(no_blank_line)
    assert "ne s'est pas terminée par une ligne vide" in str(report), report
    report = ex2.verify(with_headers)
    assert "obtenu 'HTTP/1.1 200 OK\\r\\n" in str(report), report
    report = ex2.verify(decodes_each_piece)
    assert "UnicodeDecodeError" in str(report) and "texte += morceau.decode()" in str(report), \
        report


def no_connection_close(adresse, chemin):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(f"GET {chemin} HTTP/1.1\r\nHost: {adresse[0]}:{adresse[1]}\r\n\r\n"
                       .encode())
        morceaux = []
        while morceau := client.recv(4096):
            morceaux.append(morceau)
    return b"".join(morceaux).partition(b"\r\n\r\n")[2].decode()


def test_get_without_connection_close_is_rejected(no_leak):
    report = ex2.verify(no_connection_close)
    assert not report.passed
    assert "en-tête « Connection: close » absent" in str(report), report


def test_get_checks_the_request_line(no_leak):
    def wrong_path(adresse, chemin):
        return ex2.reference(adresse, "/")

    report = ex2.verify(wrong_path)
    assert "ligne de requête attendue « GET /bonjour.txt HTTP/1.1 », reçue « GET / HTTP/1.1 »" \
        in str(report), report


# -- exercise 3: a chunked answer -----------------------------------------------------------

from helpers.exercises.modules_internet import ex3  # noqa: E402


def _whole_answer(adresse, chemin):
    with socket.create_connection(adresse, timeout=5) as client:
        client.sendall(f"GET {chemin} HTTP/1.1\r\nHost: {adresse[0]}:{adresse[1]}\r\n"
                       "Connection: close\r\n\r\n".encode())
        morceaux = []
        while morceau := client.recv(4096):
            morceaux.append(morceau)
    return b"".join(morceaux).partition(b"\r\n\r\n")[2]


def decimal_sizes(adresse, chemin):
    reste, corps = _whole_answer(adresse, chemin), b""
    while True:
        ligne, _, reste = reste.partition(b"\r\n")
        taille = int(ligne)
        if taille == 0:
            return corps.decode()
        corps, reste = corps + reste[:taille], reste[taille + 2:]


def decodes_each_chunk(adresse, chemin):
    reste, corps = _whole_answer(adresse, chemin), ""
    while True:
        ligne, _, reste = reste.partition(b"\r\n")
        taille = int(ligne, 16)
        if taille == 0:
            return corps
        corps, reste = corps + reste[:taille].decode(), reste[taille + 2:]


def first_chunk_only(adresse, chemin):
    ligne, _, reste = _whole_answer(adresse, chemin).partition(b"\r\n")
    return reste[:int(ligne, 16)].decode()


def keeps_the_crlf(adresse, chemin):
    reste, corps = _whole_answer(adresse, chemin), b""
    while True:
        ligne, _, reste = reste.partition(b"\r\n")
        taille = int(ligne, 16)
        if taille == 0:
            return corps.decode()
        corps, reste = corps + reste[:taille + 2], reste[taille + 2:]


def returns_bytes(adresse, chemin):
    return ex3.reference(adresse, chemin).encode()


def test_chunked_reference_is_accepted(no_leak):
    report = ex3.verify(ex3.reference)
    assert report.passed, report


def test_chunked_placeholder_is_not_done_yet():
    def get_morceaux(adresse, chemin):
        ...   # à vous de jouer

    assert str(ex3.verify(get_morceaux)).startswith("Exercice 3 — pas encore fait")


def test_chunked_typical_mistakes_are_rejected(no_leak):
    report = str(ex3.verify(ex2.reference))  # exercise 2's answer: the chunks left coded
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "le corps renvoyé contient encore les tailles des morceaux" in report, report
    report = str(ex3.verify(decimal_sizes))
    assert "1 vérification(s) sur 3 échouent" in report, report
    assert "✘ des tailles en hexadécimal" in report and "ValueError" in report, report
    report = str(ex3.verify(decodes_each_chunk))
    assert "1 vérification(s) sur 3 échouent" in report, report
    assert "✘ un « é » coupé entre deux morceaux (UTF-8)" in report, report
    assert "UnicodeDecodeError" in report, report
    report = str(ex3.verify(first_chunk_only))
    assert "corps incomplet : 9 caractère(s) sur 18" in report, report
    report = str(ex3.verify(keeps_the_crlf))
    assert "attendu 'Bonjour, le Web !\\n' (str), obtenu 'Bonjour, \\r\\nle Web" in report, report
    report = str(ex3.verify(returns_bytes))
    assert "(bytes)" in report and "3 vérification(s) sur 3 échouent" in report, report


def test_chunked_checks_the_request(no_leak):
    def no_connection_close(adresse, chemin):
        with socket.create_connection(adresse, timeout=5) as client:
            client.sendall(f"GET {chemin} HTTP/1.1\r\nHost: {adresse[0]}:{adresse[1]}\r\n\r\n"
                           .encode())
            reponse = b""
            while morceau := client.recv(4096):
                reponse += morceau
        return reponse.decode()

    report = str(ex3.verify(no_connection_close))
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "en-tête « Connection: close » absent" in report, report


def test_chunked_hints(capsys):
    ex3.hint(2)
    out = capsys.readouterr().out
    assert out.startswith("Indice 2/2 : ") and "int(ligne, 16)" in out
