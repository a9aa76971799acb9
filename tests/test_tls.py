"""The course's certificate authority: trusted where asked, and only there."""

import socket
import ssl
import threading

import pytest

from helpers.protocols.tls import CourseAuthority


def handshake(server_context, client_context, host="localhost"):
    """One TLS handshake over loopback; returns the client's negotiated version or raises."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        def serve():
            conn, _ = listener.accept()
            try:
                with server_context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except (ssl.SSLError, OSError):
                pass
        thread = threading.Thread(target=serve)
        thread.start()
        try:
            with socket.create_connection(listener.getsockname(), timeout=2) as raw:
                with client_context.wrap_socket(raw, server_hostname=host) as tls:
                    return tls.version()
        finally:
            thread.join(2)


def test_a_client_that_trusts_the_authority_connects():
    ca = CourseAuthority()
    assert handshake(ca.server_context(), ca.client_context()).startswith("TLS")


def test_the_default_trust_store_refuses_it():
    ca = CourseAuthority()
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(ca.server_context(), ssl.create_default_context())


def test_a_wrong_host_name_is_refused():
    ca = CourseAuthority()
    with pytest.raises(ssl.SSLCertVerificationError):
        handshake(ca.server_context("localhost"), ca.client_context(), host="example.org")


def test_cert_files_load_into_a_context():
    ca = CourseAuthority()
    certfile, keyfile = ca.cert_files()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    assert handshake(context, ca.client_context())


def test_the_capture_keeps_every_byte_each_way(no_leak):
    from helpers.core.servers import start_tcp_server
    from helpers.protocols.tls import start_capture

    def echo(conn, address):
        while data := conn.recv(1024):
            conn.sendall(data.upper())

    with start_tcp_server("écho", echo, show=False) as server, \
            start_capture("capture", server.address) as relay:
        for word in (b"un ", b"deux"):
            with socket.create_connection(relay.address, timeout=2) as client:
                client.sendall(word)
                client.shutdown(socket.SHUT_WR)
                assert client.recv(1024) == word.upper()
        assert relay.capture.client == b"un deux"
        assert relay.capture.server == b"UN DEUX"
        relay.capture.clear()
        assert relay.capture.client == relay.capture.server == b""


def test_the_handshake_picture_is_stable_and_says_what_it_shows():
    from helpers.pictures.tls_handshake import tls_handshake
    first, second = tls_handshake().to_svg(), tls_handshake().to_svg()
    assert first == second
    assert "<title" in first and "SNI" in first and "ServerHello" in first
    assert repr(tls_handshake()) == "<dessin 640×300>"


@pytest.mark.filterwarnings("error:Requiring AUTH")
def test_implicit_tls_mail_servers_speak_tls_from_the_first_byte(reactor_running, no_leak):
    import imaplib
    import poplib
    import smtplib

    from helpers.protocols.mail import (Mailbox, start_imap_server, start_pop3_server,
                                        start_smtp_server)
    ca = CourseAuthority()
    box, files = Mailbox(), ca.cert_files()
    with start_smtp_server("smtps", box, show=False, tls_context=ca.server_context(),
                           implicit_tls=True, user="alice", password="pw") as smtps, \
            start_pop3_server("pop3s", box, "bob", "pw", show=False, tls_files=files) as pop, \
            start_imap_server("imaps", box, "bob", "pw", show=False, tls_files=files) as imap:
        with smtplib.SMTP_SSL("localhost", smtps.port, context=ca.client_context(),
                              timeout=5) as client:
            client.login("alice", "pw")
            client.sendmail("a@x.test", ["b@x.test"], "Subject: s\r\n\r\nbonjour\r\n")
        reader = poplib.POP3_SSL("localhost", pop.port, context=ca.client_context(), timeout=5)
        reader.user("bob")
        reader.pass_("pw")
        assert reader.stat()[0] == 1
        reader.quit()
        with imaplib.IMAP4_SSL("localhost", imap.port, ssl_context=ca.client_context(),
                               timeout=5) as client:
            assert client.login("bob", "pw")[0] == "OK"
        with pytest.raises(ssl.SSLCertVerificationError):  # another authority: refused
            poplib.POP3_SSL("localhost", pop.port, timeout=5,
                            context=CourseAuthority().client_context())
        # aiosmtpd, which only knows STARTTLS, would warn of AUTH in clear: it is TLS throughout.
        assert "auth_require_tls" not in smtps.terminal_text(new=False)


def test_the_defaults_table_is_measured(reactor_running, no_leak):
    from helpers.pictures.tls_defaults import library_defaults
    table = library_defaults()
    verdicts = table.verdicts()
    assert verdicts["urllib.request.urlopen(url)"] == "vérifie"
    assert verdicts["http.client.HTTPSConnection(…)"] == "vérifie"
    assert set(list(verdicts.values())[2:]) == {"ne vérifie pas"}, verdicts
    html = table._repr_html_()
    assert "<th scope='col'" in html and "<th scope='row'" in html
    assert html == library_defaults()._repr_html_()  # stable: nbval compares it


def test_the_defaults_column_can_fail(reactor_running, no_leak, monkeypatch):
    """If the libraries changed their defaults, the rows would change: simulate both ways."""
    from helpers.pictures.tls_defaults import library_defaults
    monkeypatch.setattr(ssl, "_create_stdlib_context",  # what smtplib & co. take by default
                        lambda *args, **kwargs: ssl.create_default_context())
    monkeypatch.setattr(ssl, "_create_default_https_context", ssl._create_unverified_context)
    import urllib.request
    monkeypatch.setattr(urllib.request, "_opener", None)  # 3.12+: its context is made once
    verdicts = library_defaults().verdicts()
    assert verdicts["urllib.request.urlopen(url)"] == "ne vérifie pas"
    assert verdicts["http.client.HTTPSConnection(…)"] == "ne vérifie pas"
    assert set(list(verdicts.values())[2:]) == {"vérifie"}, verdicts


def test_an_attempt_that_neither_accepts_nor_refuses_says_so():
    from helpers.pictures.tls_defaults import outcome

    def refused(port):
        raise ConnectionRefusedError("connexion refusée")
    assert outcome(refused, 1) == ("erreur", "ConnectionRefusedError : connexion refusée")
