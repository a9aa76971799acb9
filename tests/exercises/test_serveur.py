"""Exercises of 03_serveur: the checkers send real clients to the learner's accept loop."""

import datetime

from helpers.exercises.serveur import ex1, ex2


def placeholder(ecoute, combien):
    ...  # à vous de jouer


def test_placeholders_get_not_done_yet(no_leak):
    for ex in (ex1, ex2):
        report = ex.verify(placeholder)
        assert not report.done and "pas encore fait" in str(report)


def test_references_are_accepted(no_leak):
    for ex in (ex1, ex2):
        report = ex.verify(ex.reference)
        assert report.passed, report


def counts_from_zero(ecoute, combien):
    for numero in range(combien):
        connexion, adresse = ecoute.accept()
        connexion.sendall(f"Bienvenue, client n°{numero} !\n".encode("utf-8"))
        connexion.close()


def forgets_to_close(ecoute, combien):
    gardees = []
    for numero in range(1, combien + 1):
        connexion, adresse = ecoute.accept()
        connexion.sendall(f"Bienvenue, client n°{numero} !\n".encode("utf-8"))
        gardees.append(connexion)


def never_returns(ecoute, combien):
    numero = 0
    while True:
        connexion, adresse = ecoute.accept()
        numero += 1
        connexion.sendall(f"Bienvenue, client n°{numero} !\n".encode("utf-8"))
        connexion.close()


def test_ex1_rejects_typical_mistakes(no_leak):
    report = ex1.verify(counts_from_zero)
    assert not report.passed
    assert "obtenu ['Bienvenue, client n°0 !\\n'" in str(report)
    report = ex1.verify(forgets_to_close)
    assert not report.passed
    assert "le client n°1 attend toujours la fin de la connexion" in str(report)
    report = ex1.verify(never_returns)
    assert not report.passed
    assert "attend encore un client qui ne viendra pas" in str(report)


def default_format(ecoute, combien):
    for _ in range(combien):
        connexion, adresse = ecoute.accept()
        connexion.sendall(str(datetime.datetime.now()).encode("ascii"))
        connexion.close()


def no_padding(ecoute, combien):
    for _ in range(combien):
        connexion, adresse = ecoute.accept()
        t = datetime.datetime.now() - datetime.timedelta(hours=3)
        connexion.sendall(f"{t:%H:%M:%S}\n".encode("ascii"))
        connexion.close()


def test_ex2_rejects_typical_mistakes(no_leak):
    report = ex2.verify(default_format)
    assert not report.passed
    assert "attendait l'heure au format 'HH:MM:SS\\n'" in str(report)
    report = ex2.verify(no_padding)
    assert not report.passed
    assert "est-ce bien l'heure de maintenant ?" in str(report)


def test_hints_and_solutions_are_in_french(capsys):
    for ex in (ex1, ex2):
        ex.hint()
        ex.hint(2)
        ex.solution()
    out = capsys.readouterr().out
    assert "Indice 2/2" in out and "def accueillir(ecoute, combien):" in out
    assert "def donner_heure(ecoute, combien):" in out
