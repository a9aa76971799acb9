"""A getaddrinfo explorer: host, port, family, type in; the tuples it returns, as a table."""

import socket
from html import escape

from ..core import theme
from ..core.messages import text
from ..core.threads import Overrun, run_bounded
from .keyboard import on_enter

LOOKUP_TIMEOUT = 3.0
FAMILIES = [("toutes (0)", 0), ("AF_INET", socket.AF_INET), ("AF_INET6", socket.AF_INET6)]
TYPES = [("tous (0)", 0), ("SOCK_STREAM", socket.SOCK_STREAM), ("SOCK_DGRAM", socket.SOCK_DGRAM)]
COLUMNS = ["famille", "type", "proto", "canonname", "sockaddr"]



class AddressError(Exception):
    """A lookup that cannot give a result; the message says why, in French."""


def _port_value(port):
    """The port as getaddrinfo takes it: None, an int, or a service name."""
    if port is None:
        return None
    port = str(port).strip()
    if not port:
        return None
    if port.isascii() and port.isdecimal():
        number = int(port)
        if not 0 <= number <= 65535:
            raise AddressError(text("explorer_bad_port", port=port))
        return number
    if not (port.isascii() and port.replace("-", "").isalnum() and port[0].isalpha()):
        raise AddressError(text("explorer_bad_port", port=port))  # '²', '--5', '-1', 'a b'
    return port


def _explain(error, host, port):
    if isinstance(error, UnicodeError):  # the name cannot even be written as a DNS name
        return text("explorer_bad_host", host=host[:60] + ("…" if len(host) > 60 else ""))
    if isinstance(error, socket.gaierror):
        code = error.errno
        if code == getattr(socket, "EAI_SERVICE", None):
            return text("explorer_unknown_service", port=port)
        if code in (getattr(socket, "EAI_ADDRFAMILY", None), getattr(socket, "EAI_FAMILY", None)):
            return text("explorer_no_family", host=host)
        if code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None)):
            if isinstance(port, str):
                return text("explorer_unknown_either", host=host, port=port)
            return text("explorer_unknown_host", host=host)
        if code == getattr(socket, "EAI_AGAIN", None):
            return text("explorer_no_dns", host=host)
    return text("explorer_failed", error=error)


def lookup(host, port=None, family=0, type=0):
    """getaddrinfo(host, port, family, type) as rows of text; AddressError in French on bad input.

    None is getaddrinfo's own "no host" (the loopback, or with AI_PASSIVE every interface): it
    passes through; an empty text field is a forgotten host.
    """
    if host is not None:
        host = str(host).strip()
        if not host:
            raise AddressError(text("explorer_no_host"))
    port = _port_value(port)
    try:
        rows = run_bounded(socket.getaddrinfo, host, port, family, type,
                           timeout=LOOKUP_TIMEOUT, name="getaddrinfo")
    except Overrun:
        raise AddressError(text("explorer_slow", host=host, seconds=LOOKUP_TIMEOUT))
    except (OSError, UnicodeError) as error:
        raise AddressError(_explain(error, host, port))
    return [(_name(fam), _name(kind), str(proto), repr(canon), repr(addr))
            for fam, kind, proto, canon, addr in rows]


def _name(constant):
    return getattr(constant, "name", str(constant))


class Table:
    """getaddrinfo's answer shown as an HTML table; its text form is the same table, plain."""

    def __init__(self, rows=None, message=None):
        self.rows, self.message = rows or [], message

    def __repr__(self):
        if self.message:
            return self.message
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(COLUMNS)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)).rstrip()]
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in self.rows]
        return "\n".join(lines + [text("explorer_count", count=len(self.rows))])

    def _repr_html_(self):
        if self.message:
            return (f"<p class='cours-sockets' role='alert' style='color:{theme.ERROR}'>"
                    f"⚠ {escape(self.message)}</p>")
        count = escape(text("explorer_count", count=len(self.rows)))
        return theme.html_table(COLUMNS, self.rows, code=range(len(COLUMNS))) + f"<p>{count}</p>"


def addrinfo_table(host, port=None, family=0, type=0):
    """The table for one lookup; bad input gives a table holding a French message."""
    try:
        return Table(lookup(host, port, family, type))
    except AddressError as problem:
        return Table(message=str(problem))


class Explorer:
    """The widget: fields for host, port, family and type, a button, the table of results."""

    def __init__(self, host="localhost", port="80"):
        import ipywidgets as w
        self.host = w.Text(value=host, description="hôte")
        self.port = w.Text(value=port, description="port")
        self.family = w.Dropdown(options=FAMILIES, value=0, description="famille")
        self.type = w.Dropdown(options=TYPES, value=socket.SOCK_STREAM, description="type")
        self.button = w.Button(description=text("explorer_button"), button_style="primary")
        self.result = w.HTML()
        self.table = None
        self.button.on_click(lambda _: self.run())
        for field in (self.host, self.port):
            on_enter(field, lambda _: self.run())
        self.box = w.VBox([w.HTML(f"<b>{text('explorer_title')}</b>"),
                           w.HBox([self.host, self.port]), w.HBox([self.family, self.type]),
                           self.button, self.result])
        self.run()

    def run(self):
        """Look up what the fields say and show the table (what the button does)."""
        self.table = addrinfo_table(self.host.value, self.port.value,
                                    self.family.value, self.type.value)
        self.result.value = f"<div role='status'>{self.table._repr_html_()}</div>"
        return self.table

    def result_text(self):
        return repr(self.table)

    def __repr__(self):  # the stored text/plain: stable, nbval compares it
        return f"<{text('explorer_title')}>"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle
