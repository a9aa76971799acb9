"""The chapter's protocol table: same text on every machine and every supported Python."""

import socket

import pytest

from helpers.pictures import protocols_table
from helpers.pictures.protocols_table import ROWS, ProtocolsTable, as_documented, port, unknown_here
from notebook_tools import sanitize

IANA = {"HTTP": "80", "HTTPS": "443", "NNTP": "119", "FTP": "21 · 20", "SMTP": "25",
        "Submission": "587", "SMTPS": "465", "POP3": "110", "POP3S": "995", "IMAP4": "143",
        "IMAPS": "993", "Telnet": "23", "Gopher": "70"}


def row(protocol):
    return next(r for r in ROWS if r.protocol == protocol)


def test_keeps_the_chapters_rows_and_adds_the_secure_ones():
    chapter = [r.protocol for r in ROWS if r.chapter]
    assert chapter == ["HTTP", "NNTP", "FTP", "SMTP", "POP3", "IMAP4", "Telnet", "Gopher"]
    assert {"HTTPS", "Submission", "SMTPS", "POP3S", "IMAPS"} <= {r.protocol for r in ROWS}


def test_ports_are_the_iana_ones_here():
    table = ProtocolsTable()
    assert {r.protocol: table.cells(r)[2] for r in ROWS} == IANA


@pytest.mark.parametrize("lookup", ["unknown", "odd"])
def test_ports_do_not_depend_on_the_machines_services_file(monkeypatch, lookup):
    def getservbyname(name, proto):
        if lookup == "unknown":
            raise OSError("service/proto not found")
        return 12345
    monkeypatch.setattr(socket, "getservbyname", getservbyname)
    table = ProtocolsTable()
    assert {r.protocol: table.cells(r)[2] for r in ROWS} == IANA
    if lookup == "unknown":
        assert "gopher" in unknown_here() and "http" in unknown_here()


def test_port_uses_an_alias_when_the_name_is_unknown(monkeypatch):
    asked = []

    def getservbyname(name, proto):
        asked.append(name)
        if name != "imap2":
            raise OSError
        return 143
    monkeypatch.setattr(socket, "getservbyname", getservbyname)
    assert port("imap", ("imap2", "imap4"), 143) == 143
    assert asked == ["imap", "imap2"]


@pytest.mark.parametrize("version, has_telnetlib, expected", [
    ((3, 12), True, True),     # still there before 3.13
    ((3, 12), False, False),   # missing too early: reported
    ((3, 13), False, True),    # removed in 3.13
    ((3, 13), True, True),     # brought back by the standard-telnetlib package
])
def test_removed_modules_are_checked_against_the_running_version(monkeypatch, version,
                                                                  has_telnetlib, expected):
    real = protocols_table.present
    monkeypatch.setattr(protocols_table, "present",
                        lambda m: has_telnetlib if m == "telnetlib" else real(m))
    assert as_documented(row("Telnet"), version) is expected


def test_a_missing_standard_module_is_reported(monkeypatch):
    monkeypatch.setattr(protocols_table, "present", lambda m: m != "ftplib")
    assert not as_documented(row("FTP"))
    assert ProtocolsTable().cells(row("FTP"))[-1] == "✘ différent"
    assert ProtocolsTable().cells(row("HTTP"))[-1] == "✔"


def test_everything_is_as_documented_on_this_python():
    assert all(as_documented(r) for r in ROWS)
    assert not protocols_table.present("gopherlib")


def test_html_is_stable_and_complete():
    html = ProtocolsTable()._repr_html_()
    assert html == ProtocolsTable()._repr_html_()
    assert html.count("<tr>") == len(ROWS) + 1
    for needle in ("http.client", "xmlrpc.client", "retiré en 3.13 (PEP 594)",
                   "gopherlib retiré en Python 2.6", "standard-nntplib", "IMAP4_SSL"):
        assert needle in html
    assert repr(ProtocolsTable()) == "<tableau des protocoles : 13 lignes>"


def test_sanitizer_hides_the_http_date_and_the_python_version():
    assert sanitize("S: Date: Wed, 25 Nov 2026 08:36:19 GMT") == "S: Date: DATE"
    assert sanitize("S: Server: BaseHTTP/0.6 Python/3.11.7") == "S: Server: BaseHTTP/0.6 Python/3.X"
    assert sanitize("C: User-Agent: Python-xmlrpc/3.13") == "C: User-Agent: Python-xmlrpc/3.X"
    assert sanitize("Python 3.11") == "Python 3.11"
