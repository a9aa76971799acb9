"""Library servers run through the same mechanism as a learner's server."""

import asyncio
import http.server
import socket
import time
import urllib.request

import pytest

from helpers.protocols.services import start_asyncio_server, start_socketserver
from conftest import assert_closed


class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"bonjour {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        print("requête", self.requestline)


def start_http(name="web"):
    return start_socketserver(name, http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hello),
                              show=False)


def get(server, path):
    host, port = server.address
    with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=2) as answer:
        return answer.read().decode()


def test_socketserver_serves_and_its_terminal_is_complete(no_leak):
    server = start_http()
    for path in ("/a", "/b", "/c"):
        assert get(server, path) == f"bonjour {path}"
        assert server.terminal_text() == f"requête GET {path} HTTP/1.1\n"
    server.stop()


def test_socketserver_rerun_replaces_and_stops_promptly(no_leak):
    first = start_http("même")
    old_port = first.port
    second = start_http("même")
    assert not first.running
    assert_closed(old_port)
    assert get(second, "/x") == "bonjour /x"
    started = time.perf_counter()
    second.stop()
    assert time.perf_counter() - started < 0.5
    assert not any(t.is_alive() for t in second.threads)


async def _serve_upper(sock):
    async def handle(reader, writer):
        line = await reader.readline()
        print("reçu", line)
        writer.write(line.upper())
        await writer.drain()
        writer.close()
    return await asyncio.start_server(handle, sock=sock)


def test_asyncio_server_on_its_own_loop(no_leak):
    server = start_asyncio_server("asyncio", _serve_upper, show=False)
    for word in (b"un\n", b"deux\n"):
        with socket.create_connection(server.address, timeout=2) as client:
            client.sendall(word)
            assert client.recv(100) == word.upper()
        assert server.terminal_text() == f"reçu {word!r}\n"
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 0.5
    assert not any(t.is_alive() for t in server.threads)


def test_asyncio_server_stops_with_a_client_still_connected(no_leak):
    server = start_asyncio_server("asyncio-ouvert", _serve_upper, show=False)
    client = socket.create_connection(server.address, timeout=2)
    server.settle()
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 2
    assert client.recv(10) == b""  # the server closed its side
    client.close()


@pytest.mark.parametrize("selector", ["PollSelector", "SelectSelector"])
def test_terminal_complete_whatever_the_selector(no_leak, monkeypatch, selector):
    """socketserver waits in poll() on Linux and macOS, in select.select() on Windows."""
    import selectors
    import socketserver
    monkeypatch.setattr(socketserver, "_ServerSelector", getattr(selectors, selector))
    server = start_http(selector)
    started = time.perf_counter()
    assert get(server, "/s") == "bonjour /s"
    assert server.terminal_text() == "requête GET /s HTTP/1.1\n"
    assert time.perf_counter() - started < 1  # settled at once, not after the 3 s bound
    server.stop()
