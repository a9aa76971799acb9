"""Exercises and method table of 02_module_socket."""

import socket

from helpers.exercises.module_socket import ex1, ex2
from helpers.core.setup_check import ipv6_loopback
from helpers.pictures.method_table import COLUMNS, METHODS, method_table


def test_ex1_accepts_the_reference(no_leak):
    report = ex1.verify(ex1.reference)
    assert report.passed, report


def test_ex1_rejects_comparing_with_strings(no_leak):
    def with_strings(s):
        famille = "IPv4" if s.family == "AF_INET" else "IPv6"
        return famille, "flux" if s.type == "SOCK_STREAM" else "datagrammes", "par défaut"
    report = ex1.verify(with_strings)
    assert not report.passed
    assert ("attendu ('IPv4', 'flux', 'par défaut') (tuple), "
            "obtenu ('IPv6', 'datagrammes', 'par défaut') (tuple)") in str(report)


def test_ex1_rejects_constant_names_and_a_forgotten_protocol(no_leak):
    report = ex1.verify(lambda s: (s.family.name, s.type.name, s.proto))
    assert "attendu ('IPv4', 'flux', 'par défaut') (tuple), obtenu ('AF_INET', 'SOCK_STREAM', 0)" \
        in str(report)

    def tcp_always(s):
        words = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6", socket.AF_UNIX: "Unix"}
        if s.type == socket.SOCK_STREAM:
            return words[s.family], "flux", "TCP"
        return words[s.family], "datagrammes", "UDP"
    report = ex1.verify(tcp_always)
    assert not report.passed
    assert "obtenu ('IPv4', 'flux', 'TCP') (tuple)" in str(report)
    if ipv6_loopback():
        assert "✔ une vraie connexion TCP vers ::1" in str(report)


def test_ex2_accepts_the_reference(no_leak):
    report = ex2.verify(ex2.reference)
    assert report.passed, report


def test_ex2_rejects_tcp(no_leak):
    def over_tcp(adresse, messages):
        with socket.create_connection(adresse, timeout=2) as client:
            return [client.sendall(m.encode()) or client.recv(1024).decode() for m in messages]
    report = ex2.verify(over_tcp)
    assert not report.passed
    assert "votre fonction a levé ConnectionRefusedError" in str(report)
    assert "✔ aucun message : aucune réponse" not in str(report)  # even [] connects first


def test_ex2_rejects_one_datagram_for_all_and_bytes(no_leak):
    def joined(adresse, messages):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(2)
            sock.sendto(" ".join(messages).encode(), adresse)
            return [sock.recvfrom(1024)[0].decode()]
    report = ex2.verify(joined)
    assert "attendu ['UN', 'DEUX', 'TROIS'] (list), obtenu ['UN DEUX TROIS'] (list)" in str(report)

    def no_decode(adresse, messages):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(2)
            out = []
            for m in messages:
                sock.sendto(m.encode(), adresse)
                out.append(sock.recvfrom(1024)[0])
            return out
    assert "obtenu [b'UN', b'DEUX', b'TROIS'] (list)" in str(ex2.verify(no_decode))


def test_method_table_reads_the_module():
    table = method_table()
    text = repr(table).splitlines()
    assert text[0].split(" | ") == COLUMNS
    assert len(text) == 1 + len(METHODS)
    assert text[1].startswith("s.bind() | bind(address) | serveur")
    assert text[-1].startswith("socket.gethostname() | gethostname() -> string | module")
    assert any(line.startswith("s.close() | close() |") for line in text)
    assert table._repr_html_().count("<tr>") == 1 + len(METHODS)
    assert repr(method_table()) == repr(table)


def _echo(adresse, messages, timeout=1, catch=True, size=65535):
    out = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        for m in messages:
            sock.sendto(m.encode(), adresse)
            try:
                out.append(sock.recvfrom(size)[0].decode())
            except TimeoutError:
                if not catch:
                    raise
                out.append(None)
    return out


def test_ex2_rejects_no_timeout_a_small_buffer_and_a_lost_reply_dropped(no_leak):
    no_timeout = ex2.verify(lambda a, m: _echo(a, m, timeout=None))
    assert not no_timeout.passed
    assert "le serveur ne répond pas à « deux »" in str(no_timeout)
    assert "n'a pas rendu la main en 3 s" in str(no_timeout)
    uncaught = ex2.verify(lambda a, m: _echo(a, m, catch=False))
    assert "votre fonction a levé TimeoutError" in str(uncaught)
    small = ex2.verify(lambda a, m: _echo(a, m, size=1024))
    assert not small.passed and "un message de 3000 caractères revient entier : attendu" in str(small)

    def dropped(adresse, messages):
        return [r for r in _echo(adresse, messages) if r is not None]
    report = ex2.verify(dropped)
    assert "sa place doit contenir None" in str(report)


def test_ex1_ipv6_case_is_skipped_not_passed_without_ipv6(no_leak, monkeypatch):
    import helpers.exercises.module_socket as module
    monkeypatch.setattr(module, "ipv6_loopback", lambda: False)
    report = ex1.verify(ex1.reference)
    assert report.passed
    assert "– une vraie connexion TCP vers ::1 : ignorée" in str(report)
    assert "ignorée(s)" in report.lines[0]


def test_a_learner_left_waiting_is_woken_without_a_datagram_to_a_freed_port(no_leak, monkeypatch):
    # The checker used to send an empty datagram to the learner's client once its socket was
    # closed: its port was free by then, and another program listening there (a classmate's
    # notebook, a parallel test) received it. Shutting the socket wakes recvfrom() instead.
    empty, sendto = [], socket.socket.sendto

    def recording(self, data, *args):
        if not data:
            empty.append(args[-1])
        return sendto(self, data, *args)

    monkeypatch.setattr(socket.socket, "sendto", recording)
    report = ex2.verify(lambda a, m: _echo(a, m, timeout=None))
    assert "n'a pas rendu la main en 3 s" in str(report)
    assert empty == [], f"empty datagrams sent to {empty}"
