"""See the bytes on the wire: a relay between a client and a server prints what each one sends.

The client connects to the relay instead of the server; the relay's terminal then reads like
the transcripts of the RFCs: "C: " for what the client sent, "S: " for what the server answered.
"""

import selectors
import socket

from ..core.servers import start_tcp_server

WAKE_EVERY = 0.2  # seconds: the relay looks for a stop request this often while idle


def _shown(line, ended, raw):
    """A line as the terminal shows it: without its end, or (raw) with \\r and \\n visible."""
    if not raw:
        return line.rstrip(b"\r").decode("utf-8", "replace")
    shown = line.decode("utf-8", "replace").replace("\r", "\\r").replace("\t", "\\t")
    return shown + ("\\n" if ended else "")


def _print_lines(prefix, pending, data, raw=False):
    """Print each complete line of pending + data; return the incomplete rest."""
    pending += data
    *lines, rest = pending.split(b"\n")
    ended = [True] * len(lines)
    if not data and rest:  # the sender closed: its last line has no end
        lines, ended, rest = lines + [rest], ended + [False], b""
    for line, end in zip(lines, ended):
        print(prefix + _shown(line, end, raw))
    return rest


def _relay_to(target, raw):
    def handle(conn, address):
        with socket.create_connection(target, timeout=5) as server, \
                selectors.DefaultSelector() as selector:
            ends = {conn: (server, "C: "), server: (conn, "S: ")}
            pending = {conn: b"", server: b""}
            for sock in ends:
                selector.register(sock, selectors.EVENT_READ)
            while selector.get_map():  # until both sides have closed
                for key, _ in selector.select(WAKE_EVERY):
                    sock = key.fileobj
                    other, prefix = ends[sock]
                    data = sock.recv(65536)
                    pending[sock] = _print_lines(prefix, pending[sock], data, raw)
                    if data:
                        other.sendall(data)
                    else:
                        selector.unregister(sock)
                        try:
                            other.shutdown(socket.SHUT_WR)
                        except OSError:  # that side is gone already
                            pass
    return handle


def start_relay(name, target, show=True, raw=False):
    """A relay on loopback, port 0, to the server at `target`; its terminal shows the exchange.

    raw=True shows each line's end as it travels: "USER alice\\r\\n" (and a tab as \\t),
    so that a lone \\n, or a missing end, can be seen."""
    return start_tcp_server(name, _relay_to(target, raw), show=show)
