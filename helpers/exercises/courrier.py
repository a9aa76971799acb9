"""Exercises of 07_courrier: send a message with smtplib, count messages with poplib."""

import email
import email.policy
import poplib
import smtplib
from email.message import EmailMessage

from .framework import Exercise, Fail, checker_server, expect_equal
from ..protocols.mail import Mailbox, start_pop3_server, start_smtp_server


def envoyer(adresse, expediteur, destinataire, sujet, texte):
    message = EmailMessage()
    message["From"] = expediteur
    message["To"] = destinataire
    message["Subject"] = sujet
    message.set_content(texte)
    with smtplib.SMTP(*adresse, timeout=5) as client:
        client.send_message(message)


def compter(adresse, utilisateur, mot_de_passe):
    client = poplib.POP3(*adresse, timeout=5)
    try:
        client.user(utilisateur)
        client.pass_(mot_de_passe)
        nombre, taille = client.stat()
    finally:
        client.quit()
    return nombre


def _sent(call, sender, recipient, subject, body):
    """Run the learner's function against a fresh SMTP server; return the parsed message."""
    mailbox = Mailbox()
    with checker_server(start_smtp_server, mailbox) as address:
        call(address, sender, recipient, subject, body)
    messages = mailbox.messages()
    if len(messages) != 1:
        raise Fail(f"le serveur devait recevoir 1 message, il en a reçu {len(messages)}")
    return email.message_from_bytes(messages[0], policy=email.policy.default)


def _expect_message(message, sender, recipient, subject, body):
    for header, expected in (("From", sender), ("To", recipient), ("Subject", subject)):
        got = message[header]
        if got is None:
            raise Fail(f"le message reçu n'a pas d'en-tête {header} (attendu {expected!r})")
        expect_equal(f"{header}: {got}", f"{header}: {expected}")
    expect_equal(message.get_content().strip(), body.strip())


def _case_plain(call):
    args = ("alice@exemple.test", "bob@exemple.test", "Rendez-vous", "On se voit à midi ?\n")
    _expect_message(_sent(call, *args), *args)


def _case_accents(call):
    args = ("chloe@exemple.test", "dede@exemple.test", "Café à 16 h ?", "Ça vous dit ? Chloé\n")
    _expect_message(_sent(call, *args), *args)


ex1 = Exercise(
    number="1",
    function_name="envoyer",
    cases=[
        ("un message simple, lu dans la boîte du serveur de vérification", _case_plain),
        ("un sujet et un texte accentués", _case_accents),
    ],
    hints=[
        "Construisez le message avec email.message.EmailMessage : message[\"From\"] = …, "
        "message[\"To\"] = …, message[\"Subject\"] = …, puis message.set_content(texte).",
        "Ouvrez la connexion avec smtplib.SMTP(*adresse, timeout=5) dans un bloc with, "
        "puis envoyez avec client.send_message(message) : il s'occupe des accents.",
    ],
    reference=envoyer,
)


def _messages(count):
    box = Mailbox()
    for number in range(1, count + 1):
        box.deliver(f"From: a@exemple.test\nSubject: message {number}\n\nTexte {number}\n")
    return box


def _case_count(count, user, password):
    def case(call):
        with start_pop3_server("vérification", _messages(count), user, password,
                               show=False) as server:  # the checker reads its terminal too
            got = call(server.address, user, password)
            received = server.terminal.text()
        expect_equal(got, count)
        if "commande reçue : QUIT" not in received:
            raise Fail("la session n'est pas terminée : le serveur n'a pas reçu QUIT "
                       "(client.quit()). Sans QUIT, un serveur POP3 n'applique pas les "
                       "effacements (RFC 1939) et la connexion reste ouverte")
    return case


ex2 = Exercise(
    number="2",
    function_name="compter",
    cases=[
        ("une boîte de 2 messages", _case_count(2, "bob", "secret")),
        ("une boîte de 5 messages, un autre compte", _case_count(5, "chloe", "m0t2passe")),
        ("une boîte vide", _case_count(0, "bob", "secret")),
    ],
    hints=[
        "poplib.POP3(*adresse, timeout=5) se connecte ; user(…) puis pass_(…) vous identifient.",
        "stat() renvoie un couple (nombre de messages, taille totale) ; "
        "terminez la session par quit().",
    ],
    reference=compter,
)
