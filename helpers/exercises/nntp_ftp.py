"""Exercises of 06_nntp_ftp: download a file with ftplib; the subjects of a newsgroup."""

import ftplib
import pathlib
import socket
import tempfile
from contextlib import contextmanager

from .framework import Exercise, Fail, checker_server, expect_equal
from ..core.folders import kernel_folder
from ..core.servers import start_tcp_server
from ..protocols.ftp import start_ftp_server
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler


def telecharger(adresse, nom):
    hote, port = adresse
    morceaux = []
    with ftplib.FTP() as ftp:
        ftp.connect(hote, port, timeout=5)
        ftp.login()
        ftp.retrbinary(f"RETR {nom}", morceaux.append)
        ftp.quit()
    return b"".join(morceaux)


@contextmanager
def ftp_server(files):
    """A checker's FTP server: anonymous, read-only, serving `files` ({path: bytes})."""
    with tempfile.TemporaryDirectory(dir=kernel_folder("ftp")) as folder:
        root = pathlib.Path(folder)
        for path, data in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        authorizer = DummyAuthorizer()
        authorizer.add_anonymous(folder, perm="elr")
        handler = type("Verification", (FTPHandler,), {"authorizer": authorizer})
        with checker_server(start_ftp_server, handler) as address:
            yield address


def _case(files, name):
    def case(call):
        with ftp_server(files) as address:
            expect_equal(call(address, name), files[name])
    return case


_TEXT = "Programme de la journée :\r\n- 9 h : accueil\r\n- 10 h : FTP\r\n".encode("utf-8")
_BINARY = bytes(range(256)) * 40  # every byte value, 10 240 bytes

ex1 = Exercise(
    number="1",
    function_name="telecharger",
    cases=[
        ("un fichier texte (fins de ligne \\r\\n, accents)", _case({"programme.txt": _TEXT},
                                                                   "programme.txt")),
        ("un fichier binaire de 10 240 octets, dans un dossier",
         _case({"images/motif.bin": _BINARY, "autre.txt": b"non"}, "images/motif.bin")),
    ],
    hints=[
        "ftplib.FTP() crée le client ; .connect(hote, port, timeout=5) le connecte "
        "(sans le port, il essaierait le port 21), puis .login() sans argument "
        "ouvre une session anonyme.",
        "retrbinary(\"RETR \" + nom, fonction) appelle fonction(morceau) pour chaque morceau "
        "d'octets reçu : passez-lui la méthode append d'une liste, puis joignez la liste "
        "avec b\"\".join(...). retrlines(), lui, perd les fins de ligne.",
    ],
    reference=telecharger,
)


# -- Exercise 2: the subjects of a newsgroup, from its numbers (GROUP), skipping a 423 --------

def sujets(adresse, groupe):
    with socket.create_connection(adresse, timeout=5) as sock, sock.makefile("rb") as entree:
        def demander(commande):
            sock.sendall((commande + "\r\n").encode("utf-8"))
            return entree.readline().decode("utf-8").rstrip("\r\n")

        entree.readline()                                  # l'accueil
        _, _, premier, dernier, _ = demander(f"GROUP {groupe}").split(" ", 4)
        trouves = []
        for numero in range(int(premier), int(dernier) + 1):
            if not demander(f"HEAD {numero}").startswith("221"):
                continue                                   # 423 : pas d'article ici
            while (ligne := entree.readline().decode("utf-8").rstrip("\r\n")) != ".":
                nom, _, valeur = ligne.partition(": ")
                if nom.lower() == "subject":
                    trouves.append(valeur)
        demander("QUIT")
    return trouves


def _article(number, sender, subject, body):
    return [f"From: {sender}", f"Subject: {subject}",
            f"Message-ID: <{number}@nouvelles.test>"], body


_GROUPS = {
    "fr.test.simple": {
        1: _article(1, "alice@exemple.test", "Bienvenue", ["Bonjour !"]),
        2: _article(2, "bob@exemple.test", "Re: Bienvenue", [".plan : un point devant."]),
        3: _article(3, "chloe@exemple.test", "Le port 119", ["NNTP écoute sur le port 119."]),
    },
    "fr.test.trous": {  # numbers 3 to 7; 5 was removed (the server answers 423)
        3: _article(3, "alice@exemple.test", "Premier de la liste", ["Un."]),
        4: _article(4, "bob@exemple.test", "Été à Paris", ["Deux."]),
        6: _article(6, "chloe@exemple.test", "Sujet : « .plan » et les points", ["Trois."]),
        7: _article(7, "david@exemple.test", "Dernier", ["Quatre."]),
    },
}
_NNTP_PIECE = 5  # with pieces=True, every reply leaves the server 5 bytes at a time


def _nntp_server(commands, pieces):
    """A checker's NNTP server over _GROUPS; it records each command line it receives."""
    def send(conn, status, lines=None):
        data = status + "\r\n"
        if lines is not None:
            data += "".join(("." + line if line.startswith(".") else line) + "\r\n"
                            for line in lines) + ".\r\n"
        data = data.encode("utf-8")
        step = _NNTP_PIECE if pieces else len(data)
        for start in range(0, len(data), step):
            conn.sendall(data[start:start + step])

    def reply(conn, command, argument, session):
        group = _GROUPS.get(session.get("group"), {})
        if command == "CAPABILITIES":
            return send(conn, "101 Capacités", ["VERSION 2", "READER"])
        if command == "GROUP":
            if argument not in _GROUPS:
                return send(conn, "411 Groupe inconnu")
            session["group"] = argument
            numbers = sorted(_GROUPS[argument])
            return send(conn, f"211 {len(numbers)} {numbers[0]} {numbers[-1]} {argument}")
        if command in ("HEAD", "ARTICLE", "BODY"):
            if not group:
                return send(conn, "412 Aucun groupe choisi")
            if not argument.isdigit() or int(argument) not in group:
                return send(conn, "423 Pas d'article avec ce numéro")
            headers, body = group[int(argument)]
            code, lines = {"HEAD": (221, headers), "BODY": (222, body),
                           "ARTICLE": (220, headers + [""] + body)}[command]
            return send(conn, f"{code} {argument} <{argument}@nouvelles.test>", lines)
        if command == "QUIT":
            return send(conn, "205 Au revoir")
        send(conn, "500 Commande inconnue")

    def serve(conn, address):
        conn.settimeout(2)
        send(conn, "201 Serveur de vérification, lecture seule")
        session = {}
        with conn.makefile("rb") as lines:
            for raw in lines:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                commands.append(line)
                command, _, argument = line.partition(" ")
                reply(conn, command.upper(), argument, session)
                if command.upper() == "QUIT":
                    break
    return serve


def _expect_subjects(got, group):
    expected = [headers[1].partition(": ")[2] for _, (headers, _) in
                sorted(_GROUPS[group].items())]
    if got == expected and type(got) is list:
        return
    numbers = sorted(_GROUPS[group])
    if isinstance(got, list) and got and all(isinstance(s, str) and s.startswith("Subject: ")
                                             for s in got):
        raise Fail(f"gardez seulement la valeur de l'en-tête, sans « Subject: » : attendu "
                   f"{expected!r}, obtenu {got!r}")
    if isinstance(got, list) and len(got) < len(expected) and set(got) <= set(expected):
        missing = [s for s in expected if s not in got]
        raise Fail(f"il manque {missing!r} : les articles de ce groupe vont du numéro "
                   f"{numbers[0]} au numéro {numbers[-1]} (la réponse 211 de GROUP le dit), "
                   f"et un numéro sans article (423) n'arrête pas la liste ; obtenu {got!r}")
    expect_equal(got, expected)


def _nntp_case(group, pieces=False):
    def case(call):
        commands = []
        with start_tcp_server("vérification", _nntp_server(commands, pieces),
                              show=False) as server:
            got = call(server.address, group)
            server.settle()
        _expect_subjects(got, group)
        if not commands or commands[-1].upper() != "QUIT":
            last = repr(commands[-1]) if commands else "rien"
            raise Fail(f"le serveur n'a pas reçu QUIT à la fin (dernière commande reçue : "
                       f"{last}) : terminez la session par QUIT")
    return case


ex2 = Exercise(
    number="2",
    function_name="sujets",
    cases=[
        ("le groupe « fr.test.simple » (articles 1 à 3)", _nntp_case("fr.test.simple")),
        ("le groupe « fr.test.trous » (articles 3 à 7, le 5 manque)",
         _nntp_case("fr.test.trous")),
        ("le même groupe, chaque réponse arrivant par morceaux de 5 octets",
         _nntp_case("fr.test.trous", pieces=True)),
    ],
    hints=[
        "La réponse à GROUP est « 211 nombre premier dernier groupe » : découpez-la avec "
        "split() et parcourez les numéros de premier à dernier (compris), pas de 1 à nombre.",
        "Pour chaque numéro, HEAD n : si le statut ne commence pas par 221 (un 423), il n'y a "
        "pas de bloc à lire, passez au suivant ; sinon lisez les lignes jusqu'à « . » et gardez "
        "ce qui suit « Subject: ». Avec nntplib, head() lève NNTPTemporaryError sur un 423.",
        "Une ligne lue avec makefile(\"rb\").readline() est toujours entière, même si elle "
        "arrive en morceaux. N'oubliez pas d'envoyer QUIT avant de fermer.",
    ],
    reference=sujets,
)
