"""Helpers for the sockets course, grouped by role:

- ``core``: background servers (where a server thread starts), the server terminal (where its
  output goes), thread tools, every learner-facing sentence (``messages``), the set-up check;
- ``protocols``: library servers run the same way (socketserver, asyncio, Twisted, mail, FTP,
  Telnet) and the wire relay that shows the bytes;
- ``pictures``: SVG drawings and HTML tables (where a picture is drawn);
- ``widgets``: the client console, the getaddrinfo explorer, two terminals side by side;
- ``exercises``: ``framework`` (where an exercise is checked) and one module per notebook;
- ``teaching``: the learner's progress (``bilan()``) and the switch for graded sessions.

Notebooks import what they use from here: ``from helpers import start_server, ClientConsole``.
Names load lazily, so importing the package does not import Twisted or ipywidgets.

Process-wide changes the package makes, and why:
- ``threading.Thread.__init__`` is wrapped (core.servers): a thread that a server thread starts
  (one per client) belongs to that server, so it is stopped and reported with it;
- ``sys.unraisablehook`` is wrapped (core.servers): a stop that lands in a finalizer, where
  Python would swallow it with "Exception ignored", is noted silently and sent again;
- ``sys.stdout`` and ``sys.stderr`` are wrapped once (core.terminal): a server thread's
  ``print`` goes to its own terminal instead of whichever cell runs at that moment;
- ``sys.setprofile`` is set inside server threads only (core.servers, protocols.reactor): it
  tells when a server waits for a client;
- ``socket.socket``'s methods are wrapped only inside ``with Recorder():`` (pictures.sequence),
  to draw the calls the cell really made.
"""

import importlib

_PUBLIC = {
    "core.servers": ["ServerError", "start_server", "start_tcp_server", "start_udp_server",
                     "stop_all"],
    "core.setup_check": ["check_setup"],
    "protocols.services": ["start_socketserver", "start_service", "start_asyncio_server"],
    "protocols.ftp": ["start_ftp_server"],
    "protocols.mail": ["Mailbox", "start_smtp_server", "start_pop3_server", "start_imap_server"],
    "protocols.telnet": ["start_telnet_server", "describe"],
    "protocols.wire": ["start_relay"],
    "protocols.tls": ["course_authority", "CourseAuthority", "start_capture"],
    "protocols.designs": ["DESIGNS", "start_design"],
    "protocols.load": ["measure_load"],
    "protocols.proxy": ["proxy_link", "proxy_url", "jupyter_base"],
    "teaching.progress": ["bilan", "exporter"],
    "pictures.svg": ["Drawing"],
    "pictures.five_terms": ["connection_picture"],
    "pictures.sequence": ["Recorder"],
    "pictures.socket_states": ["StateTable"],
    "pictures.method_table": ["method_table"],
    "pictures.protocols_table": ["ProtocolsTable", "unknown_here"],
    "pictures.mail_route": ["mail_route"],
    "pictures.gopher_exchange": ["gopher_exchange"],
    "pictures.relay_picture": ["relay_picture"],
    "pictures.ftp_connections": ["ftp_connections"],
    "pictures.tls_handshake": ["tls_handshake"],
    "pictures.tls_defaults": ["library_defaults"],
    "pictures.load_chart": ["load_chart"],
    "widgets.console": ["ClientConsole"],
    "widgets.explorer": ["Explorer", "addrinfo_table"],
    "widgets.two_terminals": ["side_by_side"],
    "core.processes": ["ProcessError", "programs_folder", "start_process_server", "run_client"],
}
_WHERE = {name: module for module, names in _PUBLIC.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name not in _WHERE:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
