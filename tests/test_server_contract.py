"""The contract every `start_*` server of the course meets, whatever runs inside it.

Ready when the call returns (clients can connect), on loopback; re-running with the same name
replaces the previous server (its port is refused afterwards); what the server prints lands in
its terminal; stop() is prompt; nothing is left behind (threads, inet sockets: `no_leak`).
"""

import asyncio
import http.server
import ipaddress
import socket
import time

import pytest

from helpers import (Mailbox, start_asyncio_server, start_ftp_server, start_imap_server,
                     start_capture, start_pop3_server, start_relay, start_server, start_smtp_server,
                     start_socketserver, start_tcp_server, start_telnet_server,
                     start_udp_server)
from conftest import assert_closed


def learner_server():
    listener = socket.create_server(("127.0.0.1", 0))
    while True:
        conn, _ = listener.accept()
        print("client reçu")
        conn.sendall(b"bonjour\r\n")
        conn.close()


class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args):
        print("requête reçue", self.requestline)


def asyncio_server(name):
    async def handle(reader, writer):
        print("client reçu")
        writer.write(b"bonjour\r\n")
        await writer.drain()
        writer.close()

    async def serve_on(sock):
        return await asyncio.start_server(handle, sock=sock)

    return start_asyncio_server(name, serve_on, show=False)


def ftp_server(name):
    from pyftpdlib.handlers import FTPHandler
    return start_ftp_server(name, FTPHandler, show=False)


async def telnet_shell(reader, writer):
    print("client reçu")
    writer.write("bonjour\r\n")
    writer.close()


def relay(name):
    # The relay's target: a server outside the contract's name space, stopped with stop_all.
    target = start_tcp_server(f"{name}-cible", lambda conn, address: conn.sendall(b"bonjour\r\n"),
                              show=False)
    return start_relay(name, target.address, show=False)


def capture(name):
    target = start_tcp_server(f"{name}-cible", lambda conn, address: conn.sendall(b"bonjour\r\n"),
                              show=False)
    return start_capture(name, target.address)


SERVERS = {
    "start_server": lambda name: start_server(name, learner_server, show=False),
    "start_tcp_server": lambda name: start_tcp_server(
        name, lambda conn, address: (print("client reçu"), conn.sendall(b"bonjour\r\n")),
        show=False),
    "start_udp_server": lambda name: start_udp_server(
        name, lambda data, address: (print("datagramme reçu"), b"bonjour")[1], show=False),
    "start_socketserver": lambda name: start_socketserver(
        name, http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hello), show=False),
    "start_asyncio_server": asyncio_server,
    "start_ftp_server": ftp_server,
    "start_smtp_server": lambda name: start_smtp_server(name, Mailbox(), show=False),
    "start_pop3_server": lambda name: start_pop3_server(name, Mailbox(), "bob", "mdp", show=False),
    "start_imap_server": lambda name: start_imap_server(name, Mailbox(), "bob", "mdp", show=False),
    "start_telnet_server": lambda name: start_telnet_server(name, telnet_shell, show=False),
    "start_relay": relay,
    "start_capture": capture,
}


# The servers whose code the test writes, and so prints from (library servers log what they log).
PRINTS = {"start_server", "start_tcp_server", "start_udp_server", "start_socketserver",
          "start_asyncio_server", "start_telnet_server"}


def exchange(server):
    """One client exchange (servers are named after their kind): connect, say something, read what comes until close or a pause."""
    host, port = server.address
    if server.name == "start_udp_server":
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
            client.settimeout(2)
            client.sendto(b"salut", (host, port))
            return client.recv(100)
    with socket.create_connection((host, port), timeout=2) as client:
        if server.name == "start_socketserver":
            client.sendall(b"GET / HTTP/1.0\r\n\r\n")
        data = b""
        while b"\n" not in data and (chunk := client.recv(100)):  # a greeting or an answer
            data += chunk
        if server.name == "start_telnet_server":
            while b"bonjour" not in data and (chunk := client.recv(100)):  # after the options
                data += chunk
        client.sendall(b"QUIT\r\n")
        return data



pytestmark = pytest.mark.usefixtures("reactor_running")


@pytest.mark.parametrize("kind", SERVERS)
def test_every_server_meets_the_contract(no_leak, kind):
    make = SERVERS[kind]
    first = make(kind)
    assert first.running
    assert ipaddress.ip_address(first.address[0]).is_loopback
    old_port = first.port
    assert exchange(first), "the server answers a client"

    second = make(kind)  # the learner re-runs the cell
    assert not first.running, "re-running replaces the previous server"
    if "udp" not in kind:
        assert_closed(old_port)
    assert exchange(second)
    if kind in PRINTS:
        assert "reçu" in second.terminal_text(new=False), "its print() is in its terminal"

    started = time.monotonic()
    second.stop()
    assert time.monotonic() - started < 2.5, "stop() is prompt"
    assert not second.running
