"""The mail servers (SMTP, POP3, IMAP4) share one mailbox; the relay shows the wire."""

import email
import imaplib
import poplib
import smtplib
import socket
from email.message import EmailMessage

import pytest

from helpers.protocols.mail import Mailbox, start_imap_server, start_pop3_server, start_smtp_server
from helpers.protocols.wire import start_relay


pytestmark = pytest.mark.usefixtures("reactor_running")


def message(subject="Rendez-vous", body="On se voit à midi ?\n"):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "alice@exemple.test", "bob@exemple.test", subject
    msg.set_content(body)
    return msg


def send(address, msg):
    with smtplib.SMTP(*address, local_hostname="client.test", timeout=5) as client:
        client.send_message(msg)


def test_smtp_delivers_into_the_mailbox_with_lf_endings(no_leak):
    box = Mailbox()
    server = start_smtp_server("smtp", box, show=False)
    send(server.address, message())
    send(server.address, message("Deuxième"))
    assert len(box) == 2
    first = box.messages()[0]
    assert b"\r\n" not in first and first.endswith("midi ?\n".encode())
    assert server.terminal_text().splitlines() == [
        f"message de <alice@exemple.test> pour bob@exemple.test : {n} octets, rangé dans la boîte"
        for n in (len(box.messages()[0].replace(b"\n", b"\r\n")),
                  len(box.messages()[1].replace(b"\n", b"\r\n")))]
    server.stop()


def test_pop3_reads_what_smtp_delivered_without_stray_cr(no_leak):
    box = Mailbox()
    smtp = start_smtp_server("smtp", box, show=False)
    send(smtp.address, message())
    pop = start_pop3_server("pop3", box, "bob", "secret", show=False)
    client = poplib.POP3(*pop.address, timeout=5)
    assert client.getwelcome() == b"+OK <bienvenue@courrier.test>"
    client.user("bob")
    client.pass_("secret")
    count, size = client.stat()
    lines = client.retr(1)[1]
    client.quit()
    assert count == 1 and size == len(box.messages()[0]) + box.messages()[0].count(b"\n")
    assert b"Subject: Rendez-vous" in lines and not any(line.endswith(b"\r") for line in lines)
    assert pop.terminal_text().splitlines() == [
        "commande reçue : USER bob", "commande reçue : PASS ****", "commande reçue : STAT",
        "commande reçue : RETR 1", "commande reçue : QUIT"]
    smtp.stop()
    pop.stop()


def test_pop3_refuses_a_wrong_password_and_dele_empties_the_box(no_leak):
    box = Mailbox()
    box.deliver("Subject: a\n\nA\n")
    pop = start_pop3_server("pop3", box, "bob", "secret", show=False)
    client = poplib.POP3(*pop.address, timeout=5)
    client.user("bob")
    with pytest.raises(poplib.error_proto):
        client.pass_("faux")
    client.quit()
    client = poplib.POP3(*pop.address, timeout=5)
    client.user("bob")
    client.pass_("secret")
    client.dele(1)
    client.quit()
    assert len(box) == 0
    pop.stop()


def test_imap_sees_the_same_mailbox(no_leak):
    box = Mailbox()
    box.deliver(message().as_bytes())
    imap = start_imap_server("imap", box, "bob", "secret", show=False)
    with imaplib.IMAP4(*imap.address, timeout=5) as client:
        client.login("bob", "secret")
        assert client.select("INBOX") == ("OK", [b"1"])
        assert client.search(None, "ALL") == ("OK", [b"1"])
        status, data = client.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        assert data[0][1].rstrip() == b"Subject: Rendez-vous"
        status, data = client.fetch("1", "(BODY[])")
        parsed = email.message_from_bytes(data[0][1], policy=email.policy.default)
        assert parsed["Subject"] == "Rendez-vous"
        assert parsed.get_content() == "On se voit à midi ?\r\n"  # IMAP sends CRLF lines
        client.logout()
    assert imap.terminal_text().splitlines() == [
        "commande reçue : CAPABILITY", "commande reçue : LOGIN ****",
        "commande reçue : SELECT INBOX", "commande reçue : SEARCH ALL",
        "commande reçue : FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])",
        "commande reçue : FETCH 1 (BODY[])", "commande reçue : LOGOUT"]
    imap.stop()


def test_relay_shows_both_sides_line_by_line(no_leak):
    box = Mailbox()
    smtp = start_smtp_server("smtp", box, show=False)
    relay = start_relay("fil", smtp.address, show=False)
    send(relay.address, message())
    lines = relay.terminal_text().splitlines()
    assert lines[:3] == ["S: 220 courrier.test aiosmtpd", "C: ehlo client.test",
                         "S: 250-courrier.test"]
    assert "C: Subject: Rendez-vous" in lines and "C: ." in lines
    assert lines[-2:] == ["C: QUIT", "S: 221 Bye"]
    assert len(box) == 1
    relay.stop()
    smtp.stop()


def test_relay_prints_a_last_line_without_end_and_stops_when_idle(no_leak):
    def serve(conn, address):
        conn.sendall(b"sans fin")

    from helpers import start_tcp_server
    target = start_tcp_server("cible", serve, show=False)
    relay = start_relay("fil", target.address, show=False)
    with socket.create_connection(relay.address, timeout=2) as client:
        assert client.recv(100) == b"sans fin"
    assert relay.terminal_text() == "S: sans fin\n"
    idle = socket.create_connection(relay.address, timeout=2)
    relay.settle()
    relay.stop()
    assert idle.recv(100) in (b"sans fin", b"")
    assert idle.recv(100) == b""
    idle.close()
    target.stop()


def test_smtp_stop_closes_a_connected_client(no_leak):
    server = start_smtp_server("smtp", Mailbox(), show=False)
    client = socket.create_connection(server.address, timeout=2)
    assert client.recv(100) == b"220 courrier.test aiosmtpd\r\n"
    server.settle()
    server.stop()
    assert client.recv(100) == b""
    client.close()


def test_relay_raw_view_shows_each_line_end(no_leak):
    def serve(conn, address):
        conn.settimeout(2)
        with conn.makefile("rb") as lines:
            lines.readline()
        conn.sendall(b"220 pr\xc3\xaat\r\nun \\n seul\n\tsans fin")

    from helpers import start_tcp_server
    target = start_tcp_server("cible", serve, show=False)
    plain = start_relay("fil", target.address, show=False)
    raw = start_relay("fil-brut", target.address, show=False, raw=True)
    for relay in (plain, raw):
        with socket.create_connection(relay.address, timeout=2) as client:
            client.sendall(b"USER alice\r\n")
            while client.recv(100):
                pass
    assert plain.terminal_text().splitlines() == [
        "C: USER alice", "S: 220 prêt", "S: un \\n seul", "S: \tsans fin"]
    assert raw.terminal_text().splitlines() == [
        "C: USER alice\\r\\n", "S: 220 prêt\\r\\n", "S: un \\n seul\\n", "S: \\tsans fin"]
    for server in (plain, raw, target):
        server.stop()
