"""The chapter's protocol table: IANA facts beside what this machine really answers."""

import socket

import pytest

from helpers.pictures import protocols_table
from helpers.pictures.protocols_table import (
    ROWS, ProtocolsTable, machine_says, modules_here, unknown_here)
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


def test_iana_column_is_the_registry():
    table = ProtocolsTable()
    assert {r.protocol: table.cells(r)[2] for r in ROWS} == IANA


def test_this_machine_agrees_with_iana_here():
    table = ProtocolsTable()
    for r in ROWS:
        assert "≠" not in table.cells(r)[3], r.protocol


def test_a_wrong_getservbyname_shows_in_the_table(monkeypatch):
    monkeypatch.setattr(socket, "getservbyname", lambda name, proto: 9999)
    table = ProtocolsTable()
    assert table.cells(row("HTTP"))[3] == "9999 ✘ ≠ IANA 80"
    assert table.cells(row("FTP"))[3] == "9999 ✘ ≠ IANA 21 · 9999 ✘ ≠ IANA 20"
    assert "9999 ✘ ≠ IANA 80" in table._repr_html_()


def test_a_failing_getservbyname_shows_in_the_table(monkeypatch):
    def getservbyname(name, proto):
        raise OSError("service/proto not found")
    monkeypatch.setattr(socket, "getservbyname", getservbyname)
    assert ProtocolsTable().cells(row("Gopher"))[3] == "inconnu ici"
    assert "gopher" in unknown_here() and "http" in unknown_here()
    assert ProtocolsTable().cells(row("HTTP"))[2] == "80"  # the registry column stays a fact


def test_lookup_uses_an_alias_when_the_name_is_unknown(monkeypatch):
    asked = []

    def getservbyname(name, proto):
        asked.append(name)
        if name != "imap2":
            raise OSError
        return 143
    monkeypatch.setattr(socket, "getservbyname", getservbyname)
    assert machine_says("imap", ("imap2", "imap4"), 143) == "143 ✔"
    assert asked == ["imap", "imap2"]


@pytest.mark.parametrize("has_telnetlib, expected", [
    (True, "telnetlib : importable"), (False, "telnetlib : absent")])
def test_removed_modules_show_what_this_python_has(monkeypatch, has_telnetlib, expected):
    real = protocols_table.present
    monkeypatch.setattr(protocols_table, "present",
                        lambda m: has_telnetlib if m == "telnetlib" else real(m))
    assert modules_here(row("Telnet")) == expected


def test_a_missing_standard_module_is_reported(monkeypatch):
    monkeypatch.setattr(protocols_table, "present", lambda m: m != "ftplib")
    assert ProtocolsTable().cells(row("FTP"))[-1] == "✘ absent : ftplib"
    assert ProtocolsTable().cells(row("HTTP"))[-1] == "✔ tous importables"


def test_gopherlib_is_absent_on_this_python():
    assert modules_here(row("Gopher")) == "gopherlib : absent"


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
