"""Exercises of 06_nntp_ftp: download a file with ftplib."""

import ftplib
import pathlib
import tempfile
from contextlib import contextmanager

from .framework import Exercise, checker_server, expect_equal
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
    with tempfile.TemporaryDirectory() as folder:
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
