"""An FTP server from pyftpdlib as a background server of the course.

The notebook configures pyftpdlib itself (who may log in, with which rights, the handler
class); this module runs the server on loopback, port 0, on its own I/O loop, stops it
from the client side, and sends pyftpdlib's log lines to the server's terminal, without
timestamps and with what varies left out (transfer durations, the folder on disk).
"""

import os
import threading
import warnings

with warnings.catch_warnings():  # on 3.10-3.11 pyftpdlib imports asyncore, deprecated there
    warnings.simplefilter("ignore", DeprecationWarning)
    from pyftpdlib.ioloop import IOLoop
    from pyftpdlib.servers import FTPServer
    import pyftpdlib.handlers  # noqa: F401  (the notebooks import it next)

from .services import SERVE_POLL, start_service
from ..core.messages import text
from ..core.terminal import route_logger


def _stable_logs(handler):
    """The notebook's handler class, with log lines that do not vary from run to run."""

    class Handler(handler):
        def _shown(self, path):
            return self.fs.fs2ftp(path) if os.path.isabs(path) and self.fs else path

        def log_cmd(self, cmd, arg, respcode, respstr):
            super().log_cmd(cmd, self._shown(arg), respcode, respstr)

        def log_transfer(self, cmd, filename, receive, completed, elapsed, bytes):
            key = "ftp_transfer" if completed else "ftp_transfer_cut"
            self.log(text(key, command=cmd, name=self._shown(filename), size=bytes))

    Handler.__name__ = Handler.__qualname__ = handler.__name__
    return Handler


def start_ftp_server(name, handler, show=True):
    """Serve FTP with pyftpdlib's `handler` class (its authorizer says who may do what)."""
    route_logger("pyftpdlib")  # pyftpdlib then leaves logging alone: no stderr, no timestamps
    server = FTPServer(("127.0.0.1", 0), _stable_logs(handler), ioloop=IOLoop())
    stop_request = threading.Event()

    def serve():
        # One poll at a time, on the server's own loop, so that a stop request is seen
        # within SERVE_POLL; the loop is closed in the thread that runs it.
        try:
            while not stop_request.is_set():
                server.ioloop.loop(SERVE_POLL, blocking=False)
        finally:
            server.close_all()

    return start_service(name, server.socket, serve, stop_request.set, show=show)
