"""Exercise of 06_nntp_ftp: the checker accepts the reference and rejects typical mistakes."""

import ftplib

from helpers.exercises.nntp_ftp import ex1


def test_reference_is_accepted(no_leak):
    report = ex1.verify(ex1.reference)
    assert report.passed, report


def with_retrlines(adresse, nom):
    lignes = []
    with ftplib.FTP() as ftp:
        ftp.connect(*adresse, timeout=5)
        ftp.login()
        ftp.retrlines(f"RETR {nom}", lignes.append)
    return "\n".join(lignes)


def forgets_the_port(adresse, nom):
    morceaux = []
    with ftplib.FTP(adresse[0], timeout=2) as ftp:
        ftp.login()
        ftp.retrbinary(f"RETR {nom}", morceaux.append)
    return b"".join(morceaux)


def returns_the_pieces(adresse, nom):
    morceaux = []
    with ftplib.FTP() as ftp:
        ftp.connect(*adresse, timeout=5)
        ftp.login()
        ftp.retrbinary(f"RETR {nom}", morceaux.append)
    return morceaux


def test_typical_mistakes_are_rejected(no_leak):
    report = ex1.verify(with_retrlines)
    assert not report.passed
    assert "attendu b'Programme de la journ\\xc3\\xa9e :\\r\\n" in str(report), report
    assert "obtenu 'Programme de la journée :\\n- 9 h" in str(report), report
    report = ex1.verify(forgets_the_port)
    assert "votre fonction a levé ConnectionRefusedError" in str(report), report
    report = ex1.verify(returns_the_pieces)
    assert "(list)" in str(report) and not report.passed, report


# -- Exercise 2: the subjects of a newsgroup ------------------------------------------------

import socket  # noqa: E402
import warnings  # noqa: E402

from helpers.exercises.nntp_ftp import ex2  # noqa: E402

with warnings.catch_warnings():  # 3.11-3.12 warn; 3.13+ has the standard-nntplib backport
    warnings.simplefilter("ignore", DeprecationWarning)
    import nntplib  # noqa: E402


def ex2_session(adresse, numbers_from, keep_prefix=False, quit=True):
    """A hand-written client; numbers_from(count, first, last) gives the numbers it asks."""
    with socket.create_connection(adresse, timeout=5) as sock, sock.makefile("rb") as entree:
        def demander(commande):
            sock.sendall((commande + "\r\n").encode())
            return entree.readline().decode().rstrip("\r\n")
        entree.readline()
        return_groupe = demander("GROUP " + ex2_session.groupe)
        _, nombre, premier, dernier, _ = return_groupe.split(" ", 4)
        trouves = []
        for n in numbers_from(int(nombre), int(premier), int(dernier)):
            if not demander(f"HEAD {n}").startswith("221"):
                continue
            while (ligne := entree.readline().decode().rstrip("\r\n")) != ".":
                if ligne.startswith("Subject: "):
                    trouves.append(ligne if keep_prefix else ligne[len("Subject: "):])
        if quit:
            demander("QUIT")
    return trouves


def from_one_to_count(adresse, groupe):
    ex2_session.groupe = groupe
    return ex2_session(adresse, lambda count, first, last: range(1, count + 1))


def keeps_the_header_name(adresse, groupe):
    ex2_session.groupe = groupe
    return ex2_session(adresse, lambda count, first, last: range(first, last + 1),
                       keep_prefix=True)


def never_quits(adresse, groupe):
    ex2_session.groupe = groupe
    return ex2_session(adresse, lambda count, first, last: range(first, last + 1), quit=False)


def one_recv_per_reply(adresse, groupe):
    with socket.create_connection(adresse, timeout=5) as sock:
        sock.recv(1024)
        sock.sendall(f"GROUP {groupe}\r\n".encode())
        _, _, premier, dernier, _ = sock.recv(1024).decode().split(" ", 4)
        trouves = []
        for n in range(int(premier), int(dernier) + 1):
            sock.sendall(f"HEAD {n}\r\n".encode())
            for ligne in sock.recv(4096).decode().split("\r\n"):
                if ligne.startswith("Subject: "):
                    trouves.append(ligne[len("Subject: "):])
        sock.sendall(b"QUIT\r\n")
    return trouves


def with_nntplib(adresse, groupe, skip_423=True):
    trouves = []
    with nntplib.NNTP(*adresse, timeout=5) as lecteur:
        _, _, premier, dernier, _ = lecteur.group(groupe)
        for n in range(premier, dernier + 1):
            try:
                _, info = lecteur.head(n)
            except nntplib.NNTPTemporaryError:
                if not skip_423:
                    raise
                continue
            for ligne in info.lines:
                nom, _, valeur = ligne.decode().partition(": ")
                if nom == "Subject":
                    trouves.append(valeur)
    return trouves


def nntplib_without_try(adresse, groupe):
    return with_nntplib(adresse, groupe, skip_423=False)


def test_ex2_reference_and_nntplib_are_accepted(no_leak):
    report = ex2.verify(ex2.reference)
    assert report.passed, report
    report = ex2.verify(with_nntplib)
    assert report.passed, report


def test_ex2_placeholder_is_not_done():
    def sujets(adresse, groupe):
        ...
    report = ex2.verify(sujets)
    assert not report.done and "pas encore fait" in str(report)


def test_ex2_typical_mistakes_are_rejected(no_leak):
    report = str(ex2.verify(from_one_to_count))
    assert "1 vérification(s) sur 3 échouent" not in report and "✘" in report, report
    assert "les articles de ce groupe vont du numéro 3 au numéro 7" in report, report
    report = str(ex2.verify(keeps_the_header_name))
    assert "sans « Subject: »" in report and "3 vérification(s) sur 3 échouent" in report, report
    report = str(ex2.verify(never_quits))
    assert "le serveur n'a pas reçu QUIT" in report and "3 vérification(s) sur 3" in report, report
    report = str(ex2.verify(one_recv_per_reply))
    assert "✘ le même groupe, chaque réponse arrivant par morceaux" in report, report
    report = str(ex2.verify(nntplib_without_try))
    assert "votre fonction a levé NNTPTemporaryError" in report and "423" in report, report
