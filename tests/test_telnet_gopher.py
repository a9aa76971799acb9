"""Telnet (telnetlib3 server, raw and telnetlib3 clients) and the Gopher exercise's checker."""

import gc
import socket
import time

import telnetlib3

from helpers.exercises.telnet_gopher import ex2
from helpers.protocols.telnet import describe, start_telnet_server

IAC, DO, WONT, TTYPE = 255, 253, 252, 24


async def shell(reader, writer):
    writer.write("Bienvenue.\r\n> ")
    while True:
        raw = await reader.readline()
        if raw == "":  # end of the stream: the client closed
            break
        line = raw.strip()
        print("commande reçue :", repr(line))
        if line == "quitter":
            break
        writer.write(line.upper() + "\r\n> ")
    writer.write("Au revoir.\r\n")
    writer.close()


def read_until(sock, end):
    data = b""
    while not data.endswith(end):
        piece = sock.recv(1024)
        if not piece:
            break
        data += piece
    return data


def test_raw_client_sees_the_negotiation_then_the_shell(no_leak):
    server = start_telnet_server("telnet", shell, show=False)
    with socket.create_connection(server.address, timeout=2) as client:
        first = client.recv(1024)
        assert first == bytes([IAC, DO, TTYPE]) and describe(first) == "IAC DO TTYPE"
        started = time.perf_counter()
        client.sendall(bytes([IAC, WONT, TTYPE]))
        assert read_until(client, b"> ") == b"Bienvenue.\r\n> "
        assert time.perf_counter() - started < 0.5  # refusing ends the negotiation at once
        client.sendall(b"salut\r\n")
        assert read_until(client, b"> ") == b"SALUT\r\n> "
        client.sendall(b"\r\n")  # an empty line does not end the session
        assert read_until(client, b"> ") == b"\r\n> "
        client.sendall(b"quitter\r\n")
        assert read_until(client, b"\n") == b"Au revoir.\r\n"
        assert client.recv(10) == b""
    assert server.terminal_text() == ("commande reçue : 'salut'\ncommande reçue : ''\n"
                                      "commande reçue : 'quitter'\n")
    server.stop()


def test_telnetlib3_classic_client(no_leak):
    server = start_telnet_server("telnet", shell, show=False)
    client = telnetlib3.Telnet(*server.address, timeout=2)
    assert client.read_until(b"> ", timeout=2) == b"Bienvenue.\r\n> "
    client.write(b"bonjour\r\n")
    assert client.read_until(b"> ", timeout=2) == b"BONJOUR\r\n> "
    client.close()
    server.settle()
    assert server.terminal_text().splitlines() == ["commande reçue : 'bonjour'"]
    server.stop()


def test_stop_closes_a_connected_client_and_rerun_replaces(no_leak):
    first = start_telnet_server("telnet", shell, show=False)
    second = start_telnet_server("telnet", shell, show=False)
    assert not first.running
    client = socket.create_connection(second.address, timeout=2)
    client.recv(10)
    second.settle()
    second.stop()
    assert read_until(client, b"never") in (b"", b"Au revoir.\r\n")
    client.close()


def test_describe_reads_verbs_options_commands_and_text():
    assert describe(b"\xff\xfb\x01\xff\xfe\x1fok\r\n\xff\xf9") == \
        "IAC WILL ECHO · IAC DONT NAWS · 'ok\\r\\n' · IAC GA"


def test_describe_reads_sub_negotiations():
    assert describe(b"\xff\xfa\x18\x01\xff\xf0\xff\xfb\x03") == \
        "IAC SB TTYPE SEND IAC SE · IAC WILL SGA"
    assert describe(b"\xff\xfa\x18\x00xterm\xff\xf0") == "IAC SB TTYPE IS 'xterm' IAC SE"
    assert describe(b"\xff\xfa\x1f\x00\x50\x00\x18\xff\xf0") == "IAC SB NAWS 0 80 0 24 IAC SE"
    assert describe(b"\xff\xfa\x18") == "IAC SB · '\\x18'"  # cut short: shown as it is


def test_client_accepting_ttype_gets_asked_its_name(no_leak):
    server = start_telnet_server("telnet", shell, show=False)
    with socket.create_connection(server.address, timeout=2) as client:
        assert client.recv(1024) == bytes([IAC, DO, TTYPE])
        client.sendall(bytes([IAC, 251, TTYPE]))
        first = describe(read_until(client, b"> "))
        assert first.startswith("IAC SB TTYPE SEND IAC SE · IAC WILL SGA"), first
        assert first.endswith(r"'Bienvenue.\r\n> '"), first
    server.stop()


def test_gopher_reference_is_accepted(no_leak):
    report = ex2.verify(ex2.reference)
    assert report.passed, report


def single_recv(adresse, selecteur):
    with socket.create_connection(adresse, timeout=5) as sock:
        sock.sendall(selecteur.encode() + b"\r\n")
        recu = sock.recv(1024).decode()
    lignes = recu.split("\r\n")
    return [(line[0], *line[1:].split("\t")[:2], line.split("\t")[2], int(line.split("\t")[3]))
            for line in lignes if line and line != "."]


def port_as_text(adresse, selecteur):
    return [entry[:4] + (str(entry[4]),) for entry in ex2.reference(adresse, selecteur)]


def keeps_the_dot(adresse, selecteur):
    with socket.create_connection(adresse, timeout=5) as sock:
        sock.sendall(selecteur.encode() + b"\r\n")
        recu = b""
        while morceau := sock.recv(4096):
            recu += morceau
    return [tuple(line.split("\t")) for line in recu.decode().split("\r\n") if line]


def test_gopher_checker_rejects_typical_mistakes(no_leak):
    report = str(ex2.verify(single_recv))
    assert "1 vérification(s) sur 3 échouent" in report
    assert "✘ un menu de 300 entrées, qui arrive en plusieurs morceaux" in report
    report = str(ex2.verify(port_as_text))
    assert "entrée 1 : attendu ('i', 'Bienvenue', '', '127.0.0.1', " in report
    assert "'127.0.0.1', '" in report
    report = str(ex2.verify(keeps_the_dot))
    assert "entrée 1 : attendu ('i', 'Bienvenue'" in report and "obtenu ('iBienvenue'" in report
    gc.collect()
