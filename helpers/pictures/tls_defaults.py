"""The standard library's TLS clients without a context, measured here: which verify.

`library_defaults()` starts one server per protocol (HTTPS, SMTP with STARTTLS, SMTPS, POP3S,
IMAPS, FTPS), each with a certificate from the course's authority, which no system trusts;
it tries each client **without** `context=` and writes down what really happened. Nothing
here says "vérifie" by itself: a row says it only when the handshake was refused, so a
library that changed its default would change its row.
"""

import contextlib
import ftplib
import http.client
import http.server
import imaplib
import poplib
import smtplib
import ssl
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass

from ..core.folders import kernel_folder
from ..core.theme import html_table
from ..protocols.tls import course_authority

TIMEOUT = 5
USER, PASSWORD = "alice", "motdepasse"
HEADERS = ("Client, sans context=", "Protocole", "Mesuré ici", "Ce qui s'est passé",
           "Le contexte à lui passer")


@dataclass(frozen=True)
class Client:
    call: str  # the call, as a learner writes it
    protocol: str
    server: str  # which of the servers it tries
    run: object  # run(port): the call itself, without a context
    fix: str


def _https(port):
    urllib.request.urlopen(f"https://localhost:{port}/", timeout=TIMEOUT).close()


def _http_client(port):
    connection = http.client.HTTPSConnection("localhost", port, timeout=TIMEOUT)
    with contextlib.closing(connection):
        connection.request("GET", "/")
        connection.getresponse().read()


def _starttls(port):
    with smtplib.SMTP("localhost", port, timeout=TIMEOUT) as client:
        client.starttls()


def _smtp_ssl(port):
    with smtplib.SMTP_SSL("localhost", port, timeout=TIMEOUT):
        pass


def _pop3_ssl(port):
    poplib.POP3_SSL("localhost", port, timeout=TIMEOUT).quit()


def _imap4_ssl(port):
    with imaplib.IMAP4_SSL("localhost", port, timeout=TIMEOUT):
        pass


def _ftp_tls(port):
    with ftplib.FTP_TLS(timeout=TIMEOUT) as client:
        client.connect("localhost", port)
        client.login(USER, PASSWORD)  # AUTH TLS and the handshake first, then USER, PASS


CLIENTS = (
    Client("urllib.request.urlopen(url)", "HTTPS", "https", _https,
           "urlopen(url, context=…)"),
    Client("http.client.HTTPSConnection(…)", "HTTPS", "https", _http_client,
           "HTTPSConnection(…, context=…)"),
    Client("smtplib.SMTP(…).starttls()", "SMTP + STARTTLS", "smtp", _starttls,
           "starttls(context=…)"),
    Client("smtplib.SMTP_SSL(…)", "SMTPS", "smtps", _smtp_ssl, "SMTP_SSL(…, context=…)"),
    Client("poplib.POP3_SSL(…)", "POP3S", "pop3s", _pop3_ssl, "POP3_SSL(…, context=…)"),
    Client("imaplib.IMAP4_SSL(…)", "IMAPS", "imaps", _imap4_ssl,
           "IMAP4_SSL(…, ssl_context=…)"),
    Client("ftplib.FTP_TLS(…).login()", "FTPS (AUTH TLS)", "ftps", _ftp_tls,
           "FTP_TLS(…, context=…)"),
)


def outcome(run, port):
    """('vérifie' | 'ne vérifie pas' | 'erreur', what happened), from a real attempt."""
    try:
        run(port)
    except urllib.error.URLError as error:
        if isinstance(error.reason, ssl.SSLCertVerificationError):
            return "vérifie", f"refusé : {error.reason.verify_message}"
        return "erreur", f"{type(error).__name__} : {error}"
    except ssl.SSLCertVerificationError as error:
        return "vérifie", f"refusé : {error.verify_message}"
    except Exception as error:  # neither an acceptance nor a refusal: say it as it is
        return "erreur", f"{type(error).__name__} : {error}"
    return "ne vérifie pas", "accepté : certificat d'une autorité inconnue"


class _Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(204)
        self.end_headers()

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def _servers():
    """The servers the clients try, each with a certificate of the course's authority."""
    from ..protocols.ftp import start_ftp_server  # first: it imports pyftpdlib quietly
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import TLS_FTPHandler

    from ..protocols.mail import (Mailbox, start_imap_server, start_pop3_server,
                                  start_smtp_server)
    from ..protocols.services import start_socketserver

    authority = course_authority()
    context, files = authority.server_context(), authority.cert_files()

    class Site(http.server.ThreadingHTTPServer):
        def get_request(self):
            conn, address = self.socket.accept()
            conn.settimeout(TIMEOUT)
            try:
                return context.wrap_socket(conn, server_side=True), address
            except OSError:  # the client refused the certificate: this connection ends here
                conn.close()
                raise

    folder = tempfile.TemporaryDirectory(dir=kernel_folder("ftps"))
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, folder.name)

    class FTPS(TLS_FTPHandler):
        certfile, keyfile = files
    FTPS.authorizer = authorizer

    box = Mailbox()
    with contextlib.ExitStack() as stack:
        stack.callback(folder.cleanup)
        start = {
            "https": lambda: start_socketserver("défauts-https",
                                                Site(("127.0.0.1", 0), _Hello), show=False),
            "smtp": lambda: start_smtp_server("défauts-smtp", box, show=False,
                                              tls_context=context),
            "smtps": lambda: start_smtp_server("défauts-smtps", box, show=False,
                                               tls_context=context, implicit_tls=True),
            "pop3s": lambda: start_pop3_server("défauts-pop3s", box, USER, PASSWORD,
                                               show=False, tls_files=files),
            "imaps": lambda: start_imap_server("défauts-imaps", box, USER, PASSWORD,
                                               show=False, tls_files=files),
            "ftps": lambda: start_ftp_server("défauts-ftps", FTPS, show=False),
        }
        yield {name: stack.enter_context(begin()).port for name, begin in start.items()}


class DefaultsTable:
    """The measured table: one row per client, shown as HTML; `rows` for tests."""

    def __init__(self, rows):
        self.rows = rows  # (client, verdict, detail)

    def verdicts(self):
        return {client.call: verdict for client, verdict, _ in self.rows}

    def _repr_html_(self):
        cells = [(c.call, c.protocol, verdict, detail, c.fix) for c, verdict, detail in self.rows]
        return html_table(HEADERS, cells, code=(0, 4),
                          caption="Mesuré sur cette machine, sans context= : un refus "
                                  "prouve la vérification")

    def __repr__(self):  # text/plain beside the HTML: the verdicts themselves
        return "\n".join(f"{c.call:32} {verdict}" for c, verdict, _ in self.rows)


def library_defaults(clients=CLIENTS):
    """Try each client without a context against its server; the table of what happened."""
    with _servers() as ports:
        return DefaultsTable([(c, *outcome(c.run, ports[c.server])) for c in clients])
