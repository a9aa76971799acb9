"""Exercises of 04_client: the checkers run the learner's client against their own servers."""

import struct

import pytest

from helpers.exercises.client import ex1, ex2


def placeholder(sock):
    ...  # à vous de jouer


@pytest.mark.parametrize("ex", [ex1, ex2], ids=["ex1", "ex2"])
def test_reference_is_accepted_and_placeholder_is_not_done(no_leak, ex):
    assert ex.verify(ex.reference).passed, ex.verify(ex.reference)
    assert not ex.verify(placeholder).done


def ask_once(sock, question):
    sock.sendall(question.encode("utf-8") + b"\n")
    return sock.recv(1024).decode("utf-8").rstrip("\n")


def decodes_each_piece(sock, question):
    sock.sendall(question.encode("utf-8") + b"\n")
    text = ""
    while not text.endswith("\n"):
        piece = sock.recv(1024)
        if not piece:
            break
        text += piece.decode("utf-8")
    return text.rstrip("\n")


def forgets_end_of_stream(sock, question):
    sock.sendall(question.encode("utf-8") + b"\n")
    data = b""
    while not data.endswith(b"\n"):
        data += sock.recv(1024)
    return data.decode("utf-8").rstrip("\n")


def reads_to_the_end(sock, question):
    sock.sendall(question.encode("utf-8") + b"\n")
    data = b""
    while chunk := sock.recv(1024):
        data += chunk
    return data.decode("utf-8").rstrip("\n")


def test_ex1_rejects_the_single_recv_client_every_time(no_leak):
    for _ in range(5):  # no luck involved: the byte-by-byte server defeats it each time
        report = ex1.verify(ask_once)
        assert not report.passed
        assert "attendu 'Voilà : éfac' (str), obtenu 'V' (str)" in str(report)
        assert "réponse coupé' (str), obtenu 'r' (str)" in str(report)


def test_ex1_rejects_typical_mistakes(no_leak):
    report = str(ex1.verify(decodes_each_piece))
    assert "UnicodeDecodeError" in report
    report = str(ex1.verify(forgets_end_of_stream))
    assert "ferme avant la fin de la ligne : votre fonction n'a pas rendu la main" in report
    report = str(ex1.verify(reads_to_the_end))
    assert "attendait encore des octets qui ne viendront pas" in report


def reads_too_much(sock):
    data = sock.recv(1024)
    (size,) = struct.unpack("!I", data[:4])
    return data[4:4 + size]


def header_in_one_recv(sock):
    (size,) = struct.unpack("!I", sock.recv(4))
    data = b""
    while len(data) < size:
        data += sock.recv(size - len(data))
    return data


def test_ex2_rejects_typical_mistakes(no_leak):
    report = str(ex2.verify(reads_too_much))
    assert ("collés l'un à l'autre, lus un par un : votre fonction attendait encore des octets"
            in report)
    report = str(ex2.verify(header_in_one_recv))
    assert "en-tête compris) : votre fonction a levé error: unpack requires" in report


def returns_partial_data(sock):
    def exactly(n):
        data = b""
        while len(data) < n:
            piece = sock.recv(n - len(data))
            if not piece:
                break
            data += piece
        return data
    (size,) = struct.unpack("!I", exactly(4))
    return exactly(size)


def loops_forever_on_close(sock):
    def exactly(n):
        data = b""
        while len(data) < n:
            data += sock.recv(n - len(data))
        return data
    (size,) = struct.unpack("!I", exactly(4))
    return exactly(size)


def raises_the_wrong_error(sock):
    def exactly(n):
        data = b""
        while len(data) < n:
            piece = sock.recv(n - len(data))
            if not piece:
                raise ValueError("fermé")
            data += piece
        return data
    (size,) = struct.unpack("!I", exactly(4))
    return exactly(size)


def test_ex2_requires_connection_error_when_the_server_closes_mid_message(no_leak):
    report = str(ex2.verify(returns_partial_data))
    assert "demande de lever ConnectionError, votre fonction a rendu b'messa'" in report
    report = str(ex2.verify(loops_forever_on_close))
    assert "ferme au milieu d'un message" in report and "n'a pas rendu la main" in report
    report = str(ex2.verify(raises_the_wrong_error))
    assert "ferme au milieu d'un message" in report and "ValueError" in report


def test_hints_and_solutions(capsys):
    for ex in (ex1, ex2):
        ex.hint()
        ex.solution()
    out = capsys.readouterr().out
    assert "def demander_ligne(sock, question):" in out and "def lire_exactement(n):" in out
