"""The exchange between a client and a server, drawn from the socket calls of a real run.

While a `Recorder` is active, every socket() / bind() / listen() / accept() / connect() /
send() / recv() / close() call made by the notebook (the client) or by a background
server thread (the server) is noted. The drawing places each side's calls in their order
and links the calls that go together (connect and accept, a send and the recv that gets
its bytes, a close and the recv that returns b''): the same run always gives the same picture.
"""

import socket
import threading

from ..core import servers
from ..core.messages import text as _sentence
from .svg import Drawing

CLIENT, SERVER = _sentence("sequence_client"), _sentence("sequence_server")
END = _sentence("sequence_end")  # the link of a recv() that gets b"": the other side closed
_METHODS = ("bind", "listen", "accept", "connect", "send", "sendall", "recv", "close",
            "shutdown")


class Recorder:
    """`with Recorder() as run:` notes the socket calls; `run.drawing()` draws them."""

    def __init__(self):
        self.calls = []  # (side, method, size) in the order each side made them
        self._saved = {}

    def _side(self):
        if servers.server_of_thread() is not None:
            return SERVER
        if threading.current_thread() is threading.main_thread():
            return CLIENT
        return None

    def _note(self, method, size=None):
        side = self._side()
        if side is not None:
            self.calls.append((side, method, size))

    def _wrap(self, method):
        original = getattr(socket.socket, method)
        recorder = self

        def wrapper(sock, *args, **kwargs):
            if method == "close" and sock.fileno() == -1:
                return original(sock, *args, **kwargs)
            # bound, so that the servers' profile hook still sees the socket it waits on
            result = original.__get__(sock)(*args, **kwargs)
            size = None
            if method in ("send", "recv"):
                size = result if method == "send" else len(result)
            elif method == "sendall":
                size = len(args[0])
            recorder._note(method, size)
            return result

        return wrapper

    def __enter__(self):
        init = socket.socket.__init__
        recorder = self

        def init_wrapper(sock, family=-1, type=-1, proto=-1, fileno=None):
            init(sock, family, type, proto, fileno)
            if fileno is None:  # accept() builds its new socket from a file descriptor
                recorder._note("socket")

        self._saved = {name: socket.socket.__dict__.get(name) for name in _METHODS + ("__init__",)}
        for method in _METHODS:
            setattr(socket.socket, method, self._wrap(method))
        socket.socket.__init__ = init_wrapper
        return self

    def __exit__(self, *exc):
        for name, value in self._saved.items():
            if value is None:
                delattr(socket.socket, name)
            else:
                setattr(socket.socket, name, value)
        return False

    def steps(self):
        """The calls placed on rows: [(row, side, label, row of the linked call or None, link)]."""
        return _layout(self.calls)

    def drawing(self):
        return _draw(self.steps())

    def __repr__(self):
        return _sentence("sequence_repr", count=len(self.calls))


def _label(method, size):
    if method == "recv":
        return _sentence("sequence_recv_end") if size == 0 else _sentence("sequence_recv", size=size)
    if method in ("send", "sendall"):
        return _sentence("sequence_send", method=method, size=size)
    return f"{method}()"


def _links(calls):
    """For each call, the call of the other side it waits for: (index, same row?, link label)."""
    index = {CLIENT: [], SERVER: []}
    for i, (side, method, size) in enumerate(calls):
        index[side].append(i)
    other = {CLIENT: SERVER, SERVER: CLIENT}
    waits = {}
    sent = {CLIENT: [], SERVER: []}  # (end offset, index) of each send, per side
    for side in (CLIENT, SERVER):
        total = 0
        for i in index[side]:
            method, size = calls[i][1], calls[i][2]
            if method in ("send", "sendall"):
                total += size
                sent[side].append((total, i))
    listens = [i for i in index[SERVER] if calls[i][1] == "listen"]
    connects = [i for i in index[CLIENT] if calls[i][1] == "connect"]
    accepts = [i for i in index[SERVER] if calls[i][1] == "accept"]
    for connect in connects:
        if listens:
            waits[connect] = (listens[0], False, None)
    for connect, accept in zip(connects, accepts):
        waits[accept] = (connect, True, "connexion")
    for side in (CLIENT, SERVER):
        got = 0
        closes = [i for i in index[other[side]] if calls[i][1] in ("close", "shutdown")]
        for i in index[side]:
            method, size = calls[i][1], calls[i][2]
            if method != "recv":
                continue
            if size == 0:
                if closes:
                    waits[i] = (closes[0], True, END)
                continue
            got += size
            for end, send in sent[other[side]]:
                if end >= got:
                    waits[i] = (send, True, _sentence("sequence_bytes", size=size))
                    break
    return waits


def _layout(calls):
    waits = _links(calls)
    order = {CLIENT: [], SERVER: []}
    for i, call in enumerate(calls):
        order[call[0]].append(i)
    row_of, next_row, pos = {}, {CLIENT: 0, SERVER: 0}, {CLIENT: 0, SERVER: 0}
    while pos[CLIENT] < len(order[CLIENT]) or pos[SERVER] < len(order[SERVER]):
        moved = False
        for side in (SERVER, CLIENT):
            while pos[side] < len(order[side]):
                i = order[side][pos[side]]
                row = next_row[side]
                if i in waits:
                    partner, same_row, _ = waits[i]
                    if partner not in row_of:
                        break
                    row = max(row, row_of[partner] + (0 if same_row else 1))
                row_of[i] = row
                next_row[side] = row + 1
                pos[side] += 1
                moved = True
        if not moved:  # calls that wait on each other: place the rest in order
            waits = {}
    steps = []
    for i, (side, method, size) in enumerate(calls):
        partner, same_row, link = waits.get(i, (None, False, None))
        steps.append((row_of[i], side, _label(method, size),
                      row_of[partner] if same_row else None, link))
    return sorted(steps, key=lambda s: (s[0], s[1] != CLIENT))


def _describe_steps(steps):
    """The same exchange in words, row by row: what each side calls, and what it waits for."""
    words = []
    for row, side, label, partner_row, link in steps:
        wait = _sentence("sequence_waits", link=link) if link else ""
        words.append(_sentence("sequence_step", row=row + 1, side=side, call=label, wait=wait))
    return " ".join(words)


def _draw(steps):
    rows = 1 + max((s[0] for s in steps), default=0)
    top, step = 70, 32
    x = {CLIENT: 230, SERVER: 450}
    picture = Drawing(680, top + rows * step + 10)
    picture.describe(_sentence("sequence_title"), _describe_steps(steps))
    for side in (CLIENT, SERVER):
        picture.box(x[side] - 55, 10, 110, 32)
        picture.text(x[side], 31, side, bold=True)
        picture.line(x[side], 42, x[side], top + rows * step, dashed=True, color="#999")
    for row, side, label, _, _ in steps:
        y = top + row * step
        if side == CLIENT:
            picture.text(x[side] - 12, y + 4, label, anchor="end")
        else:
            picture.text(x[side] + 12, y + 4, label, anchor="start")
    for row, side, _, partner_row, link in steps:
        if partner_row is None:
            continue
        y_from, y_to = top + partner_row * step, top + row * step
        start, end = (x[CLIENT], x[SERVER]) if side == SERVER else (x[SERVER], x[CLIENT])
        picture.arrow(start, y_from, end + (-6 if end > start else 6), y_to,
                      color="#35587a", dashed=link == END)
        picture.text((start + end) // 2, (y_from + y_to) // 2 - 6, link, size=11,
                     color="#35587a")
    return picture
