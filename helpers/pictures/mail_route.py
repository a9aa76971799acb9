"""The picture of 07_courrier: a message's route from sender to reader, one protocol per leg."""

from .svg import Drawing


def mail_route():
    """Alice's client → SMTP server → mailbox ← POP3 / IMAP4 servers ← Bob's client."""
    d = Drawing(720, 230)
    d.describe("Le trajet d'un courriel, un protocole par étape",
               "Alice envoie avec smtplib au serveur SMTP (aiosmtpd, ports 25 et 587), qui "
               "dépose le message dans la boîte de Bob. Bob le lit avec poplib par le serveur "
               "POP3 (port 110) ou avec imaplib par le serveur IMAP4 (port 143), tous deux "
               "servis par Twisted. C'est toujours le client qui ouvre la connexion.")
    d.box(10, 85, 120, 50)
    d.text(70, 107, "Alice", bold=True)
    d.text(70, 124, "smtplib", size=12)
    d.box(200, 85, 120, 50, fill="#fdf3e1", stroke="#a0701c")
    d.text(260, 107, "serveur SMTP", bold=True)
    d.text(260, 124, "aiosmtpd", size=12)
    d.arrow(130, 110, 198, 110)
    d.text(165, 100, "SMTP", size=11)
    d.text(165, 150, "port 25, 587", size=11)
    d.box(370, 85, 110, 50, fill="#e8f5e9", stroke="#2e7d32")
    d.text(425, 107, "boîte de Bob", bold=True)
    d.text(425, 124, "Mailbox()", size=12)
    d.arrow(320, 110, 368, 110)
    for y, name, port, module in ((20, "POP3", "port 110", "poplib"),
                                  (150, "IMAP4", "port 143", "imaplib")):
        d.box(530, y, 120, 50, fill="#fdf3e1", stroke="#a0701c")
        d.text(590, y + 22, f"serveur {name}", bold=True)
        d.text(590, y + 39, f"Twisted, {port}", size=12)
        d.line(530, y + 25, 480, 110)
        d.text(698, y + 22, "Bob", bold=True)
        d.text(698, y + 39, module, size=12)
        d.arrow(672, y + 25, 652, y + 25)
    d.text(360, 222, "Les flèches vont du client vers le serveur : c'est toujours le client "
           "qui ouvre la connexion.", size=12, color="#555")
    return d
