"""A server's own terminal: what its threads print goes there, not into a random cell."""

import collections
import logging
import queue
import sys
import threading

from . import theme
from .messages import text

_routes = {}  # thread ident -> Terminal
_routes_lock = threading.Lock()


LIVE_LINES = 200  # lines the live panel keeps; show_terminal() always gives everything


class Terminal:
    """Collects one server's output; mirrors it live in a panel when shown in JupyterLab.

    The panel shows the last LIVE_LINES lines, under a "… N lignes plus haut" marker, and is
    updated by one long-lived thread (_PanelWriter): a write costs the same whatever was
    printed before, and no server thread talks to the widget itself."""

    def __init__(self, name):
        self.name = name
        self._chunks = []
        self._shown = 0  # characters already given by new_text()
        self._lock = threading.Lock()
        self._panel = None
        self._tail = collections.deque(maxlen=LIVE_LINES)  # last complete lines
        self._partial = ""  # the line being written
        self._lines = 0  # complete lines so far
        self._pending = False  # queued for the panel writer

    def write(self, data):
        with self._lock:
            self._chunks.append(data)
            *complete, self._partial = (self._partial + data).split("\n")
            self._tail.extend(complete)
            self._lines += len(complete)
            notify = self._panel is not None and not self._pending
            self._pending = self._pending or notify
        if notify:
            _PanelWriter.queue(self)
        return len(data)

    def text(self):
        """Everything printed so far."""
        with self._lock:
            whole = "".join(self._chunks)
            self._chunks = [whole] if whole else []
            return whole

    def new_text(self):
        """What was printed since the previous call."""
        whole = self.text()
        with self._lock:
            fresh, self._shown = whole[self._shown:], len(whole)
        return fresh

    def live_text(self):
        """What the live panel shows: the last lines, and how many are above them."""
        with self._lock:
            self._pending = False
            hidden = self._lines - len(self._tail)
            body = "\n".join(self._tail) + ("\n" if self._tail else "") + self._partial
        return (text("terminal_hidden_lines", count=hidden) + "\n" if hidden else "") + body

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
        _PanelWriter.start()
        with self._lock:
            self._panel = panel
            self._pending = True
        _PanelWriter.queue(self)
        # A fixed text/plain keeps the stored output stable (nbval compares it).
        bundle = box._repr_mimebundle_()
        bundle["text/plain"] = title
        display(bundle, raw=True)

    def _refresh_panel(self):
        shown = self.live_text()
        self._panel.outputs = ({"output_type": "stream", "name": "stdout", "text": shown},)


class _PanelWriter:
    """The one thread that updates live panels: terminals queue themselves, it redraws each
    (once, however many writes came meanwhile). A thread per write would cost a file
    descriptor per short-lived thread in ipykernel."""

    _queue = queue.SimpleQueue()
    _thread = None
    _lock = threading.Lock()

    @classmethod
    def start(cls):
        """Start the writer (from the main thread: a server thread would adopt it)."""
        with cls._lock:
            if cls._thread is None:
                cls._thread = threading.Thread(target=cls._run, name="panneaux", daemon=True)
                cls._thread.start()

    @classmethod
    def queue(cls, terminal):
        cls._queue.put(terminal)

    @classmethod
    def _run(cls):
        while True:
            terminal = cls._queue.get()
            try:
                terminal._refresh_panel()
            except Exception:  # a closed widget or a kernel going away: nothing to show
                pass


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
