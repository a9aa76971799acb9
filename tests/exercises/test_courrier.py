"""Exercises of 07_courrier: the checkers accept the references and reject typical mistakes."""

import gc
import poplib
import smtplib

import pytest

from helpers.exercises.courrier import ex1, ex2


pytestmark = pytest.mark.usefixtures("reactor_running")


def test_references_are_accepted(no_leak):
    for exercise in (ex1, ex2):
        report = exercise.verify(exercise.reference)
        assert report.passed, report


def test_placeholders_are_not_done_yet(no_leak):
    def envoyer(adresse, expediteur, destinataire, sujet, texte):
        ...

    def compter(adresse, utilisateur, mot_de_passe):
        ...

    assert str(ex1.verify(envoyer)).startswith("Exercice 1 — pas encore fait")
    assert str(ex2.verify(compter)).startswith("Exercice 2 — pas encore fait")


def without_headers(adresse, expediteur, destinataire, sujet, texte):
    with smtplib.SMTP(*adresse, timeout=5) as client:
        client.sendmail(expediteur, [destinataire], texte.encode())


def raw_string(adresse, expediteur, destinataire, sujet, texte):
    message = f"From: {expediteur}\nTo: {destinataire}\nSubject: {sujet}\n\n{texte}"
    with smtplib.SMTP(*adresse, timeout=5) as client:
        client.sendmail(expediteur, [destinataire], message)


def swapped(adresse, expediteur, destinataire, sujet, texte):
    ex1.reference(adresse, destinataire, expediteur, sujet, texte)


def test_ex1_rejects_typical_mistakes(no_leak):
    report = str(ex1.verify(without_headers))
    assert "2 vérification(s) sur 2 échouent" in report
    assert "le message reçu n'a pas d'en-tête From (attendu 'alice@exemple.test')" in report
    report = str(ex1.verify(raw_string))
    assert "votre fonction a levé UnicodeEncodeError" in report
    report = str(ex1.verify(swapped))
    assert ("attendu 'From: alice@exemple.test' (str), obtenu 'From: bob@exemple.test' (str)"
            in report)


def length_of_list(adresse, utilisateur, mot_de_passe):
    client = poplib.POP3(*adresse, timeout=5)
    client.user(utilisateur)
    client.pass_(mot_de_passe)
    nombre = len(client.list())
    client.quit()
    return nombre


def whole_stat(adresse, utilisateur, mot_de_passe):
    client = poplib.POP3(*adresse, timeout=5)
    client.user(utilisateur)
    client.pass_(mot_de_passe)
    resultat = client.stat()
    client.quit()
    return resultat


def no_login(adresse, utilisateur, mot_de_passe):
    client = poplib.POP3(*adresse, timeout=5)
    nombre = client.stat()[0]
    client.quit()
    return nombre


def no_quit(adresse, utilisateur, mot_de_passe):
    client = poplib.POP3(*adresse, timeout=5)
    client.user(utilisateur)
    client.pass_(mot_de_passe)
    nombre = client.stat()[0]
    client.close()  # closes the socket, never says QUIT
    return nombre


def test_ex2_rejects_a_session_without_quit(no_leak):
    report = str(ex2.verify(no_quit))
    assert "la session n'est pas terminée : le serveur n'a pas reçu QUIT" in report, report
    assert "✔" not in report.split("\n", 1)[1], report


def test_ex2_rejects_typical_mistakes(no_leak):
    report = str(ex2.verify(length_of_list))
    assert "attendu 2 (int), obtenu 3 (int)" in report
    report = str(ex2.verify(whole_stat))
    assert "attendu 2 (int), obtenu (2, " in report and "(tuple)" in report
    report = str(ex2.verify(no_login))
    assert "votre fonction a levé error_proto" in report
    gc.collect()  # the wrong answer left its socket to the garbage collector


def test_hints_and_solutions(capsys):
    ex1.hint(2)
    ex2.solution()
    out = capsys.readouterr().out
    assert out.startswith("Indice 2/2 : ") and "send_message" in out
    assert "def compter(adresse, utilisateur, mot_de_passe):" in out
