"""The chapter's table of Internet protocols and Python modules, brought up to date.

Each row says what the chapter said and what holds today. Two columns are computed on the
running machine: the port (socket.getservbyname, with the IANA registry as fallback) and a
check that each module is present, or absent, as the status column says for this Python.
Both give the same text on every machine and every Python the course supports (3.10+).
"""

import importlib.util
import socket
import sys
from dataclasses import dataclass

from ..core.theme import html_table

PEP_594 = "PEP 594"


@dataclass(frozen=True)
class Row:
    protocol: str
    use: str
    services: tuple  # names to look up, each as (name, aliases, IANA port)
    chapter: str  # the chapter's port and modules ("" for a row added here)
    modules: tuple  # Python 3 modules that speak the protocol
    status: str
    removed: tuple = ()  # (module, Python version that removed it)


ROWS = (
    Row("HTTP", "pages web", (("http", ("www",), 80),), "80 · httplib, urllib, xmlrpclib",
        ("http.client", "urllib.request", "xmlrpc.client"),
        "standard ; renommés en Python 3 : httplib → http.client, xmlrpclib → xmlrpc.client"),
    Row("HTTPS", "pages web chiffrées (TLS)", (("https", (), 443),), "",
        ("http.client", "urllib.request", "ssl"),
        "standard : HTTPSConnection, ou une URL https:// pour urllib.request"),
    Row("NNTP", "nouvelles Usenet", (("nntp", ("readnews",), 119),), "119 · nntplib",
        (), f"nntplib : déprécié en 3.11, retiré en 3.13 ({PEP_594}) ; "
            "le paquet standard-nntplib le redonne", (("nntplib", (3, 13)),)),
    Row("FTP", "transfert de fichiers",
        (("ftp", (), 21), ("ftp-data", (), 20)), "20 · ftplib, urllib",
        ("ftplib", "urllib.request"),
        "standard ; 21 = connexion de commandes, 20 = données en mode actif"),
    Row("SMTP", "envoi d'un e-mail (entre serveurs)", (("smtp", ("mail",), 25),),
        "25 · smtplib", ("smtplib",), "standard"),
    Row("Submission", "dépôt d'un e-mail par le client, puis STARTTLS",
        (("submission", (), 587),), "", ("smtplib",), "standard : SMTP(…).starttls()"),
    Row("SMTPS", "dépôt d'un e-mail, chiffré dès la connexion",
        (("submissions", ("smtps", "ssmtp", "urd"), 465),), "", ("smtplib",),
        "standard : SMTP_SSL"),
    Row("POP3", "récupération d'un e-mail", (("pop3", ("pop-3",), 110),), "110 · poplib",
        ("poplib",), "standard"),
    Row("POP3S", "POP3 chiffré (TLS)", (("pop3s", (), 995),), "", ("poplib",),
        "standard : POP3_SSL"),
    Row("IMAP4", "consultation d'une boîte aux lettres", (("imap", ("imap2", "imap4"), 143),),
        "143 · imaplib", ("imaplib",), "standard"),
    Row("IMAPS", "IMAP4 chiffré (TLS)", (("imaps", (), 993),), "", ("imaplib",),
        "standard : IMAP4_SSL"),
    Row("Telnet", "ligne de commande à distance (en clair)", (("telnet", (), 23),),
        "23 · telnetlib", (), f"telnetlib : déprécié en 3.11, retiré en 3.13 ({PEP_594}) ; "
        "le paquet standard-telnetlib le redonne, telnetlib3 le remplace",
        (("telnetlib", (3, 13)),)),
    Row("Gopher", "documents en menus (avant le Web)", (("gopher", (), 70),),
        "70 · gopherlib, urllib", (), "gopherlib retiré en Python 2.6, avec le support "
        "gopher d'urllib : aucun module aujourd'hui", (("gopherlib", (2, 6)),)),
)

HEADERS = ("Protocole", "Usage", "Port TCP", "Dans le chapitre", "Modules Python 3", "Statut",
           "Vérifié ici")


def port(name, aliases, iana):
    """The port of a TCP service: the machine's services database, else the IANA registry."""
    for candidate in (name, *aliases):
        try:
            found = socket.getservbyname(candidate, "tcp")
        except OSError:
            continue
        return found if found == iana else iana  # the registry wins over a local oddity
    return iana


def unknown_here():
    """The service names this machine's services database does not know."""
    missing = []
    for row in ROWS:
        for name, aliases, _ in row.services:
            if all(_lookup(n) is None for n in (name, *aliases)):
                missing.append(name)
    return missing


def _lookup(name):
    try:
        return socket.getservbyname(name, "tcp")
    except OSError:
        return None


def present(module):
    """True when `module` can be imported here (found without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def as_documented(row, version=None):
    """True when this Python has the row's modules, and lacks those removed by now."""
    version = tuple(version or sys.version_info[:2])
    if not all(present(m) for m in row.modules):
        return False
    for module, removed_in in row.removed:
        if version < removed_in and not present(module):
            return False
        # From its removal on, the module is absent, unless a package brings it back.
    return True


class ProtocolsTable:
    """The table, shown as HTML in a notebook."""

    def cells(self, row):
        ports = " · ".join(str(port(*service)) for service in row.services)
        check = "✔" if as_documented(row) else "✘ différent"
        modules = ", ".join(row.modules) or "—"
        return (row.protocol, row.use, ports, row.chapter or "(ajout)", modules, row.status,
                check)

    def _repr_html_(self):
        return html_table(HEADERS, [self.cells(row) for row in ROWS], small=True)

    def __repr__(self):  # the text/plain beside the HTML: stable, nbval compares it
        return f"<tableau des protocoles : {len(ROWS)} lignes>"
