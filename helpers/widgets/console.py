"""A client console (ipywidgets): type a line, send it to a background server, read the reply.

The console keeps one TCP connection to the server, sends each line followed by "\\n" and
reads the reply line. Every wait is bounded; a problem is written in French in the
transcript, and the next send opens a new connection. It works without a browser too:
set `console.line.value`, call `console.send.click()`, read `console.transcript()`.
"""

import socket
import time
from html import escape

import ipywidgets

from ..core import theme
from .keyboard import on_enter
from ..core.messages import text
from ..core.servers import ServerError

REPLY_TIMEOUT = 2.0  # seconds for the whole reply, however it arrives
MAX_REPLY = 64 * 1024  # bytes: a reply line longer than this is not a reply line
TERMINAL_LINES = 8


class ClientConsole:
    """Text box + send button + transcript, and the last lines of the server's terminal."""

    _current = None  # one console at a time: a new one closes the previous connection

    def __init__(self, server):
        if ClientConsole._current is not None:
            ClientConsole._current.close()
        ClientConsole._current = self
        self.server = server
        self._conn = None
        self._pending = b""
        self._lines = []
        self.line = ipywidgets.Text(placeholder=text("console_placeholder"),
                                    description=text("console_label"), layout={"width": "60%"})
        on_enter(self.line, lambda _: self.submit())
        self.send = ipywidgets.Button(description=text("console_send"), icon="paper-plane")
        self.view = ipywidgets.HTML(layout={"width": "50%"})
        self.server_view = ipywidgets.HTML(layout={"width": "50%"})
        self.send.on_click(lambda _: self.submit())
        self.box = ipywidgets.VBox([ipywidgets.HBox([self.line, self.send]),
                                    ipywidgets.HBox([self.view, self.server_view])])
        self._render()

    def submit(self):
        """Send the text box's line and write the exchange in the transcript."""
        line = self.line.value
        if not line.strip():
            self._lines.append(text("console_empty"))
        else:
            self._lines.append(f"→ {line}")
            self._lines.append(self._exchange(line))
            self.line.value = ""
        self._render()

    def _exchange(self, line):
        try:
            if self._conn is None:
                self._conn = socket.create_connection(self.server.address, timeout=REPLY_TIMEOUT)
                self._pending = b""
            self._conn.sendall(line.encode("utf-8") + b"\n")
            reply = self._read_line(time.monotonic() + REPLY_TIMEOUT)
        except BaseException as problem:  # ■ (KeyboardInterrupt) too: never keep half a reply
            self.close()
            if not isinstance(problem, Exception):
                raise
            return self._explain(problem)
        if reply is None:
            self.close()
            return text("console_too_long", size=MAX_REPLY // 1024)
        if not reply:
            self.close()
            return text("console_closed")
        return "← " + reply.decode("utf-8", errors="replace").rstrip("\r\n")

    def _read_line(self, deadline):
        """One line, within the deadline (TimeoutError) and MAX_REPLY bytes (else None)."""
        data = self._pending
        while b"\n" not in data:
            if len(data) > MAX_REPLY:
                return None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self._conn.settimeout(remaining)
            chunk = self._conn.recv(4096)
            if not chunk:
                return data
            data += chunk
        line, _, self._pending = data.partition(b"\n")
        return line + b"\n"

    @staticmethod
    def _explain(problem):
        """The transcript's French line for what went wrong."""
        if isinstance(problem, ServerError):
            return f"⚠ {problem}"
        if isinstance(problem, TimeoutError):
            return text("console_timeout", seconds=REPLY_TIMEOUT)
        if isinstance(problem, OSError):
            return text("console_error", error=type(problem).__name__)
        raise problem  # not a network problem: a bug, shown as it is

    def transcript(self):
        """The exchanges so far, one line each (→ sent, ← received, ⚠ problem)."""
        return "\n".join(self._lines)

    def _render(self):
        style = f"{theme.PANEL};min-height:4em;white-space:pre-wrap"
        self.view.value = (f"<b>{escape(text('client_terminal_title'))}</b>"
                           f"<pre class='cours-sockets' aria-live='polite' style='{style}'>"
                           f"{escape(self.transcript(), quote=False)}</pre>")
        if self._lines:
            self.server.settle()
        tail = self.server.terminal.live_text().splitlines()[-TERMINAL_LINES:]
        title = text("terminal_title", name=self.server.name)
        self.server_view.value = (f"<b>{escape(title)}</b><pre class='cours-sockets' "
                                  f"aria-live='polite' style='{style}'>"
                                  f"{escape(chr(10).join(tail), quote=False)}</pre>")

    def close(self):
        """Close the console's connection (the next send opens a new one)."""
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._pending = b""

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        if bundle is None:
            bundle = {}
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        # A fixed text/plain keeps the stored output stable (nbval compares it).
        bundle["text/plain"] = text("console_repr", name=self.server.name)
        return bundle

    def __repr__(self):
        return text("console_repr", name=self.server.name)
