"""A server's own terminal: what its threads print goes there, not into a random cell."""

import logging
import sys
import threading

from . import theme
from .messages import text

_routes = {}  # thread ident -> Terminal
_routes_lock = threading.Lock()


class Terminal:
    """Collects one server's output; mirrors it live in a panel when shown in JupyterLab."""

    def __init__(self, name):
        self.name = name
        self._chunks = []
        self._shown = 0  # characters already given by new_text()
        self._lock = threading.Lock()
        self._panel = None

    def write(self, data):
        with self._lock:
            self._chunks.append(data)
            panel = self._panel
        if panel is not None:
            panel.append_stdout(data)
        return len(data)

    def text(self):
        """Everything printed so far."""
        with self._lock:
            return "".join(self._chunks)

    def new_text(self):
        """What was printed since the previous call."""
        with self._lock:
            whole = "".join(self._chunks)
            fresh, self._shown = whole[self._shown:], len(whole)
        return fresh

    def display(self):
        """Show the live panel under the current cell (JupyterLab only; no-op elsewhere)."""
        try:
            import ipywidgets
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        if get_ipython() is None or getattr(get_ipython(), "kernel", None) is None:
            return
        title = text("terminal_title", name=self.name)
        panel = ipywidgets.Output(layout={"border": f"1px solid {theme.BORDER}",
                                          "padding": "0 0.5em"})
        panel.add_class("cours-sockets")
        box = ipywidgets.VBox([ipywidgets.HTML(f"<b>{title}</b>"), panel])
        with self._lock:
            self._panel = panel
            already = "".join(self._chunks)
        if already:
            panel.append_stdout(already)
        # A fixed text/plain keeps the stored output stable (nbval compares it).
        bundle = box._repr_mimebundle_()
        bundle["text/plain"] = title
        display(bundle, raw=True)


class _Router:
    """Stands in for sys.stdout / sys.stderr: sends a routed thread's text to its terminal."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, data):
        terminal = _routes.get(threading.get_ident())
        if terminal is None:
            return self._stream.write(data)
        return terminal.write(data)

    def flush(self):
        if threading.get_ident() not in _routes:
            self._stream.flush()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _install():
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, _Router):
            setattr(sys, name, _Router(stream))


def attach(terminal):
    """From now on, what the calling thread prints goes to `terminal`."""
    _install()
    with _routes_lock:
        _routes[threading.get_ident()] = terminal


def detach():
    """The calling thread prints normally again."""
    with _routes_lock:
        _routes.pop(threading.get_ident(), None)


class _PrintHandler(logging.Handler):
    """Prints each log record: from a server thread, print() lands in that server's terminal."""

    def emit(self, record):
        print(self.format(record))


def route_logger(name, level=logging.INFO):
    """A library's log lines go to the terminal of the server thread that logs them (never stderr)."""
    logger = logging.getLogger(name)
    if not any(isinstance(h, _PrintHandler) for h in logger.handlers):
        handler = _PrintHandler(level)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
