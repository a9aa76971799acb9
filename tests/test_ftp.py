"""pyftpdlib as a background server: serves, logs to its terminal only, stops, no leak."""

import ftplib
import io
import time

import pytest

from helpers.protocols.ftp import start_ftp_server  # first: it imports pyftpdlib without warnings
from conftest import assert_closed
from notebook_tools import sanitize
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler


def make_handler(folder):
    (folder / "lisez-moi.txt").write_bytes(b"bonjour\n")
    authorizer = DummyAuthorizer()
    authorizer.add_anonymous(str(folder), perm="elr")
    authorizer.add_user("alice", "secret", str(folder), perm="elradfmw")

    class Handler(FTPHandler):
        pass
    Handler.authorizer = authorizer
    Handler.banner = "Serveur de test"
    return Handler


def download(address, name, user=("anonymous", "")):
    with ftplib.FTP() as ftp:
        ftp.connect(*address, timeout=5)
        ftp.login(*user)
        chunks = []
        ftp.retrbinary(f"RETR {name}", chunks.append)
        ftp.quit()
    return b"".join(chunks)


def test_anonymous_reads_user_writes_and_the_terminal_is_stable(no_leak, tmp_path, capfd):
    server = start_ftp_server("ftp", make_handler(tmp_path), show=False)
    assert download(server.address, "lisez-moi.txt") == b"bonjour\n"
    with ftplib.FTP() as ftp:
        ftp.connect(*server.address, timeout=5)
        assert ftp.getwelcome() == "220 Serveur de test"
        ftp.login()
        with pytest.raises(ftplib.error_perm, match="550"):
            ftp.storbinary("STOR x.txt", io.BytesIO(b"x"))
        ftp.quit()
    with ftplib.FTP() as ftp:
        ftp.connect(*server.address, timeout=5)
        ftp.login("alice", "secret")
        ftp.storbinary("STOR notes.txt", io.BytesIO(b"abc"))
        ftp.quit()
    assert (tmp_path / "notes.txt").read_bytes() == b"abc"
    assert not (tmp_path / "x.txt").exists()
    lines = sanitize(server.terminal_text()).splitlines()
    assert lines == [
        "127.0.0.1:PORT-[] FTP session opened (connect)",
        "127.0.0.1:PORT-[anonymous] USER 'anonymous' logged in.",
        "127.0.0.1:PORT-[anonymous] RETR /lisez-moi.txt : 8 octets",
        "127.0.0.1:PORT-[anonymous] FTP session closed (disconnect).",
        "127.0.0.1:PORT-[] FTP session opened (connect)",
        "127.0.0.1:PORT-[anonymous] USER 'anonymous' logged in.",
        "127.0.0.1:PORT-[anonymous] FTP session closed (disconnect).",
        "127.0.0.1:PORT-[] FTP session opened (connect)",
        "127.0.0.1:PORT-[alice] USER 'alice' logged in.",
        "127.0.0.1:PORT-[alice] STOR /notes.txt : 3 octets",
        "127.0.0.1:PORT-[alice] FTP session closed (disconnect).",
    ]
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # nothing outside the server's terminal
    server.stop()


def test_two_servers_at_once_have_their_own_loop(no_leak, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = start_ftp_server("ftp-a", make_handler(tmp_path / "a"), show=False)
    second = start_ftp_server("ftp-b", make_handler(tmp_path / "b"), show=False)
    first.stop()
    assert download(second.address, "lisez-moi.txt") == b"bonjour\n"
    assert "RETR" not in first.terminal_text() and "RETR" in second.terminal_text()
    second.stop()


def test_rerun_replaces_and_stop_is_prompt_with_a_client_connected(no_leak, tmp_path):
    first = start_ftp_server("ftp", make_handler(tmp_path), show=False)
    old = first.address
    second = start_ftp_server("ftp", make_handler(tmp_path), show=False)
    assert not first.running
    assert_closed(old[1])
    client = ftplib.FTP()
    client.connect(*second.address, timeout=5)
    client.login()
    started = time.perf_counter()
    second.stop()
    assert time.perf_counter() - started < 1.0
    assert not any(t.is_alive() for t in second.threads)
    with pytest.raises((EOFError, OSError)):
        client.voidcmd("NOOP")  # the server closed the connection
    client.close()


def test_sanitizer_hides_what_varies_in_an_ftp_dialogue():
    assert sanitize("*resp* '227 Entering passive mode (127,0,0,1,206,135).'") == \
        "*resp* '227 Entering passive mode (127,0,0,1,P1,P2).'"
    assert sanitize("*resp* '125 Data connection already open. Transfer starting.'") == \
        sanitize("*resp* '150 File status okay. About to open data connection.'")
    assert sanitize("*resp* '226 Transfer complete.'") == "*resp* '226 Transfer complete.'"
