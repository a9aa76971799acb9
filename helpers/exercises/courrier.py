"""Exercises of 07_courrier: send a message with smtplib, count messages with poplib."""

import email
import inspect
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


# -- exercise 3: the server's side, a handler of your own ----------------------------------

def fabriquer_boite():
    class Boite:
        def __init__(self):
            self.recus = []

        async def handle_DATA(self, server, session, envelope):
            self.recus.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
            return "250 OK"

    return Boite()


def _new_box(call):
    """The learner's handler, checked before any server runs with it."""
    box = call()
    if isinstance(box, type):
        raise Fail(f"fabriquer_boite() a renvoyé la classe {box.__name__} elle-même : "
                   f"renvoyez une boîte, {box.__name__}()")
    if not isinstance(getattr(box, "recus", None), list):
        raise Fail("la boîte renvoyée n'a pas d'attribut recus qui soit une liste "
                   "(créez self.recus = [] dans __init__)")
    if not inspect.iscoroutinefunction(getattr(box, "handle_DATA", None)):
        raise Fail("la boîte n'a pas de méthode async def handle_DATA(self, server, session, "
                   "envelope) : aiosmtpd attend une coroutine (async def)")
    return box


def _deliver(box, messages):
    """Start an SMTP server with the learner's box; send `messages` [(from, [to], text)]."""
    with start_smtp_server("vérification", None, show=False, handler=box) as server:
        address = server.address
        for sender, recipients, body in messages:
            try:
                with smtplib.SMTP(*address, timeout=5) as client:
                    client.sendmail(sender, recipients, body)
            except smtplib.SMTPResponseException as answer:
                said = answer.smtp_error.decode("utf-8", "replace")
                raise Fail(f"le serveur a répondu « {answer.smtp_code} {said} » à la fin du "
                           "message : handle_DATA doit renvoyer « 250 OK »") from None


def _expect_kept(box, messages):
    if len(box.recus) != len(messages):
        raise Fail(f"la boîte devait garder {len(messages)} message(s), recus en contient "
                   f"{len(box.recus)}")
    for kept, (sender, recipients, body) in zip(box.recus, messages):
        if not isinstance(kept, tuple) or len(kept) != 3:
            raise Fail(f"chaque élément de recus doit être un triplet (expéditeur, "
                       f"destinataires, contenu) ; reçu {_cut(kept)}")
        expect_equal(kept[0], sender)
        expect_equal(kept[1], recipients)
        expect_equal(kept[2], body.replace("\n", "\r\n").encode())


def _cut(value):
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:80] + "…"


_RDV = ("alice@exemple.test", ["bob@exemple.test"], "Subject: Rendez-vous\n\nMidi ?\n")
_TWO = ("chloe@exemple.test", ["bob@exemple.test", "dede@exemple.test"],
        "Subject: Reunion\n\nSalle 12, 14 h.\n")


def _case_one(call):
    box = _new_box(call)
    _deliver(box, [_RDV])
    _expect_kept(box, [_RDV])


def _case_two(call):
    box = _new_box(call)
    _deliver(box, [_RDV, _TWO])
    _expect_kept(box, [_RDV, _TWO])


def _case_own_list(call):
    first, second = _new_box(call), _new_box(call)
    if first.recus is second.recus:
        raise Fail("deux boîtes partagent la même liste recus : une liste écrite dans le "
                   "corps de la classe est commune à toutes ses boîtes ; créez-la dans "
                   "__init__ (self.recus = [])")
    _deliver(second, [_TWO])
    _expect_kept(first, [])


ex3 = Exercise(
    number="3",
    function_name="fabriquer_boite",
    cases=[
        ("un message, un destinataire, gardé dans recus", _case_one),
        ("deux messages, dont un pour deux destinataires, dans l'ordre", _case_two),
        ("deux boîtes : chacune a sa propre liste", _case_own_list),
    ],
    hints=[
        "Le gestionnaire du serveur de la section SMTP, plus haut, est le modèle : une classe "
        "dont aiosmtpd appelle la méthode async def handle_DATA(self, server, session, "
        "envelope) pour chaque message ; fabriquer_boite() renvoie Boite(), une boîte neuve.",
        "Dans __init__, créez self.recus = [] ; dans handle_DATA, ajoutez-y le triplet "
        "(envelope.mail_from, envelope.rcpt_tos, envelope.content), puis renvoyez la "
        "réponse SMTP, une chaîne qui commence par le code 250.",
    ],
    reference=fabriquer_boite,
)
