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


# -- exercise 3: a handler of the learner's own ---------------------------------------------

from helpers.exercises.courrier import ex3  # noqa: E402
from helpers.protocols.mail import start_smtp_server  # noqa: E402


def test_smtp_server_takes_a_handler(no_leak):
    seen = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            seen.append(envelope.mail_from)
            return "250 OK"

    with start_smtp_server("smtp", None, show=False, handler=Handler()) as server:
        with smtplib.SMTP(*server.address, timeout=5) as client:
            client.sendmail("a@exemple.test", ["b@exemple.test"], "Subject: x\n\ny\n")
    assert seen == ["a@exemple.test"]


def test_ex3_reference_and_placeholder(no_leak):
    report = ex3.verify(ex3.reference)
    assert report.passed, report

    def fabriquer_boite():
        ...   # à vous de jouer

    assert str(ex3.verify(fabriquer_boite)).startswith("Exercice 3 — pas encore fait")


class NoReturn:
    def __init__(self):
        self.recus = []

    async def handle_DATA(self, server, session, envelope):
        self.recus.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))


class Refuses(NoReturn):
    async def handle_DATA(self, server, session, envelope):
        await super().handle_DATA(server, session, envelope)
        return "550 Non"


class NotAsync(NoReturn):
    def handle_DATA(self, server, session, envelope):
        self.recus.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"


class SharedList:
    recus = []

    async def handle_DATA(self, server, session, envelope):
        self.recus.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"


class ContentOnly(NoReturn):
    async def handle_DATA(self, server, session, envelope):
        self.recus.append(envelope.content)
        return "250 OK"


class FirstRecipient(NoReturn):
    async def handle_DATA(self, server, session, envelope):
        self.recus.append((envelope.mail_from, envelope.rcpt_tos[0], envelope.content))
        return "250 OK"


class NoList:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def test_ex3_rejects_typical_mistakes(no_leak):
    def made_by(kind):
        def fabriquer_boite():
            return kind()
        return str(ex3.verify(fabriquer_boite))

    report = made_by(NoReturn)
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "le serveur a répondu « 500 Error: (AssertionError) » à la fin du message : " \
           "handle_DATA doit renvoyer « 250 OK »" in report, report
    report = made_by(Refuses)
    assert "le serveur a répondu « 550 Non »" in report, report
    report = made_by(NotAsync)
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "aiosmtpd attend une coroutine (async def)" in report, report
    SharedList.recus = []
    report = made_by(SharedList)
    assert "✘ deux boîtes : chacune a sa propre liste : deux boîtes partagent la même liste" \
        in report, report
    report = made_by(ContentOnly)
    assert "chaque élément de recus doit être un triplet (expéditeur, destinataires, contenu)" \
        in report, report
    report = made_by(FirstRecipient)
    assert "attendu ['bob@exemple.test'] (list), obtenu 'bob@exemple.test' (str)" in report, \
        report
    report = made_by(NoList)
    assert "n'a pas d'attribut recus qui soit une liste" in report, report

    def the_class():
        return NoReturn

    report = str(ex3.verify(the_class))
    assert "fabriquer_boite() a renvoyé la classe NoReturn elle-même" in report, report


def test_ex3_each_message_counts(no_leak):
    class KeepsOne(NoReturn):
        async def handle_DATA(self, server, session, envelope):
            self.recus[:] = [(envelope.mail_from, envelope.rcpt_tos, envelope.content)]
            return "250 OK"

    report = str(ex3.verify(lambda: KeepsOne()))
    assert "la boîte devait garder 2 message(s), recus en contient 1" in report, report


def test_ex3_hints(capsys):
    ex3.hint(2)
    out = capsys.readouterr().out
    assert out.startswith("Indice 2/2 : ") and "self.recus = []" in out
