"""Each rule of tests/sanitize.cfg: what it must replace, and what it must leave alone.

A rule that replaced too much would hide a real difference from nbval; one that replaced too
little would make a stored output fail on the next run. Every rule needs its examples here.
"""

import configparser
import pathlib
import re

import pytest

CFG = pathlib.Path(__file__).parent / "sanitize.cfg"

# rule -> (texts it must change, with the result; texts it must leave as they are)
EXAMPLES = {
    "loopback-port": (
        [("('127.0.0.1', 54321)", "('127.0.0.1', PORT)"), ("127.0.0.1:8080", "127.0.0.1:PORT"),
         ("('::1', 4242, 0, 0)", "('::1', PORT, 0, 0)"), ("localhost:631", "localhost:PORT")],
        ["192.168.1.2:8080", "port 9999", "('127.0.0.1', 'x')"],
    ),
    "socket-fd": (
        [("<socket.socket fd=57, family=2>", "<socket.socket fd=FD, family=2>")],
        ["fd=-1", "fileno() = 3"],
    ),
    "http-date": (
        [("Date: Wed, 02 Dec 2026 10:56:45 GMT", "Date: DATE")],
        ["Date: demain", "Last-Modified: Wed, 02 Dec 2026 10:56:45 GMT"],
    ),
    "python-version": (
        [("Server: BaseHTTP/0.6 Python/3.11.7", "Server: BaseHTTP/0.6 Python/3.X"),
         ("Python-urllib/3.13", "Python-urllib/3.X")],
        ["Python 3.11", "python/3.11"],
    ),
    "ftp-passive-port": (
        [("227 Entering passive mode (127,0,0,1,156,64).", "227 Entering passive mode (127,0,0,1,P1,P2).")],
        ["(10,0,0,1,156,64)"],
    ),
    "gopher-menu-port": (
        [("0À propos\t/apropos\t127.0.0.1\t40000", "0À propos\t/apropos\t127.0.0.1\tPORT")],
        ["127.0.0.1 40000"],
    ),
    "ftp-preliminary-reply": (
        [("125 Data connection already open. Transfer starting.", "1xx (connexion de données)"),
         ("150 File status okay. About to open data connection.", "1xx (connexion de données)")],
        ["226 Transfer complete."],
    ),
    "smtp-mail-from": (
        [("C: mail from:<alice@x.test>", "C: mail FROM:<alice@x.test>"),
         ("C: mail FROM:<alice@x.test>", "C: mail FROM:<alice@x.test>")],
        ["S: mail from here"],
    ),
    "writefile": (
        [("Writing /tmp/cours-abc123/serveur.py", "Writing serveur.py"),
         ("Overwriting /tmp/x/client.py", "Writing client.py")],
        ["Writing notes.txt"],
    ),
    "tls-version-suite": (
        [("version, suite : TLSv1.3 TLS_AES_256_GCM_SHA384", "version, suite : TLSv1.x TLS_SUITE"),
         ("version, suite : TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256",
          "version, suite : TLSv1.x TLS_SUITE")],
        ["TLSv1.3 TLS_AES_256_GCM_SHA384", "version, suite : SSLv3 RC4"],
    ),
    "smtp-rcpt-to": (
        [("C: rcpt to:<bob@x.test>", "C: rcpt TO:<bob@x.test>")],
        ["rcpt to: (sans C:)"],
    ),
}


def rules():
    parser = configparser.ConfigParser()
    parser.read(CFG)
    return {name: (re.compile(s["regex"]), s["replace"]) for name, s in parser.items()
            if "regex" in s}


def apply(rule, text):
    pattern, replacement = rule
    return pattern.sub(replacement, text)


def test_every_rule_has_examples():
    assert set(rules()) == set(EXAMPLES), "add (or remove) the examples of a sanitizer rule"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_rule_replaces_what_varies_and_nothing_else(name):
    rule = rules()[name]
    changed, kept = EXAMPLES[name]
    for text, expected in changed:
        assert apply(rule, text) == expected, (name, text)
    for text in kept:
        assert apply(rule, text) == text, (name, text)
