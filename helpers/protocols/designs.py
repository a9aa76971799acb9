"""The four designs of 09_plusieurs_clients, doing the same job: read one line, send it back.

Each is a background server of the course (started, stopped and replaced like the others):
    "itératif"             one client at a time (03's first server)
    "un thread par client" 03's second server
    "selectors"            one thread, many sockets, a selector says which one is ready
    "asyncio"              one thread, one event loop, a coroutine per client
"""

import asyncio
import selectors
import socket

from ..core.servers import start_server, start_tcp_server
from .services import start_asyncio_server

DESIGNS = ("itératif", "un thread par client", "selectors", "asyncio")
LINE_LIMIT = 4096  # a line longer than this ends its connection
BACKLOG = 1024  # connections waiting to be accepted (listen()'s default, 128, fills at once)


def _echo_one_line(conn, address):
    conn.settimeout(5)
    data = b""
    while not data.endswith(b"\n") and len(data) < LINE_LIMIT:
        chunk = conn.recv(1024)
        if not chunk:
            return
        data += chunk
    conn.sendall(data)


def _selectors_loop():
    with socket.create_server(("127.0.0.1", 0), backlog=BACKLOG) as listener, \
            selectors.DefaultSelector() as selector:
        listener.setblocking(False)
        selector.register(listener, selectors.EVENT_READ)
        received = {}  # connection -> bytes read so far
        try:
            while True:
                for key, _ in selector.select():
                    if key.fileobj is listener:
                        conn, _ = listener.accept()
                        conn.setblocking(False)
                        selector.register(conn, selectors.EVENT_READ)
                        received[conn] = b""
                        continue
                    conn = key.fileobj
                    chunk = conn.recv(1024)
                    received[conn] += chunk
                    if chunk.endswith(b"\n") or not chunk or len(received[conn]) > LINE_LIMIT:
                        if chunk.endswith(b"\n"):
                            conn.setblocking(True)  # one short line: sendall will not wait
                            conn.sendall(received[conn])
                        selector.unregister(conn)
                        conn.close()
                        del received[conn]
        finally:
            for conn in received:
                conn.close()


async def _echo_stream(reader, writer):
    try:
        line = await reader.readline()
        writer.write(line)
        await writer.drain()
    finally:
        writer.close()


def start_design(design, show=False):
    """Start the server of `design` (one of DESIGNS) under that name."""
    if design == "itératif":
        return start_tcp_server(design, _echo_one_line, show=show, backlog=BACKLOG)
    if design == "un thread par client":
        return start_tcp_server(design, _echo_one_line, one_thread_per_client=True, show=show,
                                backlog=BACKLOG)
    if design == "selectors":
        return start_server(design, _selectors_loop, show=show)
    if design == "asyncio":
        return start_asyncio_server(
            design, lambda sock: asyncio.start_server(_echo_stream, sock=sock, backlog=BACKLOG), show=show)
    raise ValueError(f"design inconnu : {design!r} (choisir parmi {', '.join(DESIGNS)})")
