"""Exercises of 00_bienvenue: each checker accepts the reference and rejects typical mistakes."""

import socket

from helpers.exercises.bienvenue import ex1, ex2


def _client(encoding="utf-8", decode=True, encode=True):
    def demander(adresse, texte):
        with socket.create_connection(adresse, timeout=2) as client:
            client.sendall(texte.encode(encoding) if encode else texte)
            data = client.recv(1024)
        return data.decode(encoding) if decode else data
    return demander


def test_ex1_accepts_the_reference(no_leak):
    assert ex1.verify(ex1.reference).passed


def test_ex1_rejects_latin1_with_a_french_message(no_leak):
    report = ex1.verify(_client("latin-1"))
    assert not report.passed
    assert "le serveur a reçu b'Salut \\xe0 toi', qui n'est pas du texte UTF-8" in str(report)


def test_ex1_rejects_bytes_str_and_a_hard_coded_answer(no_leak):
    assert "attendu 'BONJOUR' (str), obtenu b'BONJOUR' (bytes)" in str(ex1.verify(
        _client(decode=False)))
    assert "votre fonction a levé TypeError" in str(ex1.verify(_client(encode=False)))
    report = ex1.verify(lambda adresse, texte: "BONJOUR")
    assert not report.passed and "attendu 'iot à tulaS' (str), obtenu 'BONJOUR' (str)" in str(report)


def _server(bind=("127.0.0.1", 0), loop=True, close=True, upper=False):
    def serveur():
        ecoute = socket.socket()
        ecoute.bind(bind)
        ecoute.listen()
        gardees = []
        while True:
            connexion, _ = ecoute.accept()
            data = connexion.recv(1024)
            connexion.sendall(data.upper() if upper else data)
            connexion.close() if close else gardees.append(connexion)
            if not loop:
                return
    return serveur


def test_ex2_accepts_the_reference(no_leak):
    report = ex2.verify(ex2.reference)
    assert report.passed, report


def test_ex2_rejects_typical_mistakes(no_leak):
    no_loop = str(ex2.verify(_server(loop=False)))
    assert "votre serveur s'est arrêté" in no_loop
    assert "Gardez la boucle while True autour d'accept()" in no_loop
    no_close = str(ex2.verify(_server(close=False)))
    assert "n'a pas fermé la connexion en 2 s" in no_close
    wide = str(ex2.verify(_server(bind=("0.0.0.0", 0))))
    assert "écoute sur 0.0.0.0" in wide
    upper = str(ex2.verify(_server(upper=True)))
    assert "obtenu b'DEUX' (bytes)" in upper
    with socket.socket() as holder:  # a fixed port: the second server at once cannot bind it
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
    fixed = str(ex2.verify(_server(bind=("127.0.0.1", port))))
    assert "Address already in use" in fixed
