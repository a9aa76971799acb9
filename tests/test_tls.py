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
