"""Exercises of 01_vocabulaire: each checker accepts the reference and rejects typical mistakes."""

import socket
import struct

from helpers.core.setup_check import ipv6_loopback
from helpers.exercises.vocabulaire import ex1, ex2, ex3
from helpers.pictures.five_terms import connection_picture


def test_ex1_accepts_the_reference(no_leak):
    report = ex1.verify(ex1.reference)
    assert report.passed, report


def test_ex1_accepts_ipaddress_too(no_leak):
    import ipaddress
    report = ex1.verify(lambda texte: int(ipaddress.IPv4Address(texte)))
    assert report.passed, report


def test_ex1_rejects_the_hosts_byte_order(no_leak):
    def host_order(texte):
        return struct.unpack("<I", socket.inet_aton(texte))[0]
    report = ex1.verify(host_order)
    assert not report.passed
    assert "attendu 0x7f000001, obtenu 0x100007f : les octets ont été lus dans l'ordre de la machine" in str(report)
    assert "obtenu 0x302010a : les octets ont été lus dans l'ordre de la machine" in str(report)


def test_ex1_rejects_text_instead_of_an_integer(no_leak):
    def as_text(texte):
        return str(struct.unpack("!I", socket.inet_aton(texte))[0])
    report = ex1.verify(as_text)
    assert not report.passed
    assert "attendu 2130706433 (int), obtenu '2130706433' (str)" in str(report)


def test_ex1_rejects_inet_aton_without_unpack(no_leak):
    report = ex1.verify(lambda texte: socket.inet_aton(texte))
    assert not report.passed
    assert ("obtenu b'\\x7f\\x00\\x00\\x01' : ce sont bien les 4 octets de l'adresse, "
            "mais pas encore un entier") in str(report)


def test_ex1_rejects_the_unpacked_tuple_and_joined_digits(no_leak):
    report = ex1.verify(lambda texte: struct.unpack("!I", socket.inet_aton(texte)))
    assert "attendu 2130706433 (int), obtenu (2130706433,) (tuple)" in str(report)
    digits = ex1.verify(lambda texte: int(texte.replace(".", "")))
    assert not digits.passed
    assert "attendu 2130706433 (int), obtenu 127001 (int)" in str(digits)


def test_ex2_accepts_the_reference(no_leak):
    report = ex2.verify(ex2.reference)
    assert report.passed, report
    assert report.lines[0] == "Exercice 2 — réussi ! (5 vérifications)"


def test_ex2_rejects_an_ipv4_only_client_that_ignores_the_forms(no_leak):
    def ipv4_only(hote, port):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.settimeout(2)
            client.connect((hote, port))
            return client.recv(1024).decode()
    report = ex2.verify(ipv4_only)
    assert "ce n'est que le premier morceau" in str(report)
    text = str(report)
    assert not report.passed
    assert "✔ hôte 'localhost' (un nom)" in text
    assert "port en chaîne de chiffres : votre fonction a levé TypeError" in text
    assert "(un entier) : votre fonction a levé TypeError" in text
    if ipv6_loopback():
        assert "(IPv6, notation deux-points) : votre fonction a levé" in text


def test_ex2_rejects_bytes_and_a_hard_coded_answer(no_leak):
    def no_decode(hote, port):
        if isinstance(hote, int):
            hote = socket.inet_ntoa(struct.pack("!I", hote))
        with socket.create_connection((hote, port), timeout=2) as client:
            return client.recv(1024)
    assert "attendu 'bonjour en IPv4' (str), obtenu b'bonjour en IPv4' (bytes)" in str(
        ex2.verify(no_decode))
    report = ex2.verify(lambda hote, port: "bonjour en IPv4")
    if ipv6_loopback():
        assert "attendu 'bonjour en IPv6' (str), obtenu 'bonjour en IPv4' (str)" in str(report)
        assert not report.passed


def test_picture_names_the_five_terms_and_is_stable(no_leak):
    pictures = []
    for _ in range(2):
        with socket.create_server(("127.0.0.1", 0)) as listener:
            with socket.create_connection(listener.getsockname(), timeout=2) as client:
                pictures.append(connection_picture(client).to_svg())
                port = str(listener.getsockname()[1])
    assert pictures[0] == pictures[1]
    for term in ("famille", "type", "protocole", "hôte", "port", "AF_INET", "SOCK_STREAM",
                 "&#x27;127.0.0.1&#x27;"):
        assert term in pictures[0], term
    assert port not in pictures[0]


def test_ex2_rejects_a_single_recv(no_leak):
    def single_recv(hote, port):
        if isinstance(hote, int):
            hote = socket.inet_ntoa(struct.pack("!I", hote))
        with socket.create_connection((hote, port), timeout=2) as client:
            return client.recv(1024).decode()
    report = ex2.verify(single_recv)
    assert not report.passed
    assert "obtenu 'bonjour, en ' : ce n'est que le premier morceau" in str(report)


def _attempts(hote, port, stream=True, timeout=1, catch_timeout=True, loop=True):
    out = []
    infos = socket.getaddrinfo(hote, port, type=socket.SOCK_STREAM if stream else 0)
    for family, kind, proto, _, address in (infos if loop else infos[:1]):
        name = "IPv6" if family == socket.AF_INET6 else "IPv4"
        with socket.socket(family, socket.SOCK_STREAM) as client:
            client.settimeout(timeout)
            try:
                client.connect(address)
                out.append((name, client.recv(1024).decode()))
            except ConnectionRefusedError:
                out.append((name, "refusée"))
            except TimeoutError:
                if not catch_timeout:
                    raise
                out.append((name, "muet"))
    return out


def test_ex3_accepts_the_reference(no_leak):
    report = ex3.verify(ex3.reference)
    assert report.passed, report
    if not ipv6_loopback():
        assert "ignorée" in str(report)


def test_ex3_rejects_typical_mistakes(no_leak):
    no_timeout = ex3.verify(lambda h, p: _attempts(h, p, timeout=None))
    assert "n'a pas rendu la main en 3 s" in str(no_timeout)
    uncaught = ex3.verify(lambda h, p: _attempts(h, p, catch_timeout=False))
    assert "votre fonction a levé TimeoutError" in str(uncaught)
    if ipv6_loopback():
        every_type = ex3.verify(lambda h, p: _attempts(h, p, stream=False))
        assert "trop d'essais. Sans type=socket.SOCK_STREAM" in str(every_type)
        first_only = ex3.verify(lambda h, p: _attempts(h, p, loop=False))
        assert "attendu [('IPv6', 'refusée'), ('IPv4', 'bonjour')] (list), " \
            "obtenu [('IPv6', 'refusée')] (list)" in str(first_only)
    for wrong in (no_timeout, uncaught):
        assert not wrong.passed
