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
