"""The chapter's table of Internet protocols and Python modules, brought up to date.

Each row says what the chapter said and what holds today. The IANA port is a fact written
here; two columns are asked of the running machine and show its answer as it is: the port
socket.getservbyname gives (marked where it differs from IANA, or unknown), and which of the
modules this Python can import.
"""

import importlib.util
import socket
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

HEADERS = ("Protocole", "Usage", "Port TCP (registre IANA)", "Port selon cette machine",
           "Dans le chapitre", "Modules Python 3", "Statut", "Modules ici")


def lookup(name, aliases=()):
    """The port this machine's services database gives for a name or an alias, else None."""
    for candidate in (name, *aliases):
        try:
            return socket.getservbyname(candidate, "tcp")
        except OSError:
            continue
    return None


def machine_says(name, aliases, iana):
    """What socket.getservbyname answers here, compared with the IANA registry."""
    found = lookup(name, aliases)
    if found is None:
        return "inconnu ici"
    return f"{found} ✔" if found == iana else f"{found} ✘ ≠ IANA {iana}"


def unknown_here():
    """The service names this machine's services database does not know."""
    return [name for row in ROWS for name, aliases, _ in row.services
            if lookup(name, aliases) is None]


def present(module):
    """True when `module` can be imported here (found without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def modules_here(row):
    """What this Python really has: the row's modules, and the removed ones."""
    missing = [m for m in row.modules if not present(m)]
    parts = [f"✘ absent : {', '.join(missing)}" if missing else "✔ tous importables"] \
        if row.modules else []
    for module, _ in row.removed:
        parts.append(f"{module} : {'importable' if present(module) else 'absent'}")
    return " ; ".join(parts)


class ProtocolsTable:
    """The table, shown as HTML in a notebook."""

    def cells(self, row):
        iana = " · ".join(str(service[2]) for service in row.services)
        here = " · ".join(machine_says(*service) for service in row.services)
        modules = ", ".join(row.modules) or "—"
        return (row.protocol, row.use, iana, here, row.chapter or "(ajout)", modules,
                row.status, modules_here(row))

    def _repr_html_(self):
        return html_table(HEADERS, [self.cells(row) for row in ROWS], small=True)

    def __repr__(self):  # the text/plain beside the HTML: stable, nbval compares it
        return f"<tableau des protocoles : {len(ROWS)} lignes>"
