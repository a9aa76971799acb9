"""A load generator: N real clients at once against a line-echo server, from one thread.

Each client connects, sends one line and waits for it to come back. One client in
`slow_every` is slow: it connects, then waits `slow_delay` seconds before sending (it thinks,
or its network is slow). What is measured is what the *other* clients live: the run ends when
each of them has its reply, or at `deadline`. The waits are the selector's own timeouts,
never a sleep.
"""

import errno
import selectors
import socket
import statistics
import threading
import time
from dataclasses import dataclass

import psutil

WAITED = 0.8  # a fast client whose reply took 80 % of a slow client's delay waited for it


@dataclass
class Load:
    """What one run measured."""
    design: str
    clients: int
    fast: int            # clients that were not slow: those measured
    served: int          # fast clients whose line came back in time
    seconds: float       # wall time of the run
    median_ms: float     # latency of the served fast clients, from connect() to the reply
    p99_ms: float
    waited: int          # fast clients served no sooner than a slow client could be
    threads: int         # most threads alive at once in the kernel, beyond those before
    memory_mib: float    # growth of the kernel's memory during the run

    @property
    def per_second(self):
        return self.served / self.seconds if self.seconds else 0.0


class _Client:
    def __init__(self, address, number, slow_delay, now):
        self.sock = socket.socket()
        self.sock.setblocking(False)
        self.line = f"client {number}\n".encode()
        self.start, self.due = now, now + slow_delay
        self.slow = slow_delay > 0
        self.sent = False
        self.reply = b""
        self.done_at = None
        code = self.sock.connect_ex(address)
        if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK):
            raise OSError(code, "connexion impossible")


def measure_load(server, clients, slow_every=10, slow_delay=0.5, deadline=2.0, design=""):
    """Run `clients` clients at once against `server`; return a Load."""
    process = psutil.Process()
    threads_before, memory_before = threading.active_count(), process.memory_info().rss
    most_threads, most_memory = threads_before, memory_before
    start = time.monotonic()
    end = start + deadline
    selector = selectors.DefaultSelector()
    waiting = []  # slow clients, connected, not yet sending
    everyone = []
    try:
        for number in range(clients):
            slow = slow_every and number % slow_every == slow_every - 1
            client = _Client(server.address, number, slow_delay if slow else 0.0, start)
            everyone.append(client)
            selector.register(client.sock, selectors.EVENT_WRITE, client)
        pending = sum(1 for c in everyone if not c.slow)
        while pending and time.monotonic() < end:
            now = time.monotonic()
            for client in [c for c in waiting if c.due <= now]:
                waiting.remove(client)
                selector.register(client.sock, selectors.EVENT_WRITE, client)
            next_due = min((c.due for c in waiting), default=end)
            for key, events in selector.select(max(0.0, min(next_due, end) - now)):
                client = key.data
                if events & selectors.EVENT_WRITE:
                    if client.due > time.monotonic():  # connected; a slow client waits first
                        selector.unregister(client.sock)
                        waiting.append(client)
                        continue
                    try:
                        client.sock.send(client.line)  # a short line: sent in one go
                    except OSError:
                        selector.unregister(client.sock)
                        pending -= not client.slow
                        continue
                    client.sent = True
                    selector.modify(client.sock, selectors.EVENT_READ, client)
                    continue
                try:
                    chunk = client.sock.recv(4096)
                except OSError:
                    chunk = b""
                client.reply += chunk
                if not chunk or client.reply.endswith(b"\n"):
                    if client.sent and client.reply == client.line:
                        client.done_at = time.monotonic()
                    selector.unregister(client.sock)
                    pending -= not client.slow
            most_threads = max(most_threads, threading.active_count())
            most_memory = max(most_memory, process.memory_info().rss)
    finally:
        seconds = time.monotonic() - start
        for client in everyone:
            client.sock.close()
        selector.close()
    fast = [c for c in everyone if not c.slow]
    latencies = sorted((c.done_at - c.start) * 1000 for c in fast if c.done_at)
    waited = sum(1 for c in fast if c.done_at is None or c.done_at - c.start >= WAITED * slow_delay)
    return Load(design, clients, len(fast), len(latencies), seconds,
                statistics.median(latencies) if latencies else 0.0,
                latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
                if latencies else 0.0, waited,
                most_threads - threads_before, (most_memory - memory_before) / 2**20)
