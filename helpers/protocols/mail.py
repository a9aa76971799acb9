"""The course's mail servers: SMTP (aiosmtpd), POP3 and IMAP4 (Twisted), one shared mailbox.

Each one is a background server like every other (name, address, show_terminal(), stop()).
Their terminals print one line per command received (passwords hidden).
"""

import logging
import warnings

from aiosmtpd.smtp import SMTP
from twisted.cred.checkers import InMemoryUsernamePasswordDatabaseDontUse
from twisted.cred.portal import IRealm, Portal
from twisted.internet.protocol import ServerFactory
from twisted.mail import imap4, pop3
from zope.interface import implementer

from .mailbox import IMAPView, Mailbox, POP3View
from .reactor import start_reactor_server
from .services import start_asyncio_server
from ..core.messages import text
from ..core.terminal import route_logger

# aiosmtpd's notices that are not the learner's business: one to its developers, and the
# "AUTH without TLS" one, given here only to the SMTPS server, whose whole session is TLS.
_CLEAR_AUTH = "auth_required == True but auth_require_tls == False"
logging.getLogger("mail.log").addFilter(
    lambda record: not any(notice in record.getMessage()
                           for notice in ("login_data is deprecated", _CLEAR_AUTH)))

HOSTNAME = "courrier.test"  # the name the servers give themselves (fixed: stable outputs)
__all__ = ["Mailbox", "start_imap_server", "start_pop3_server", "start_smtp_server"]


class _Keep:
    """aiosmtpd handler: every accepted message goes into the mailbox."""

    def __init__(self, mailbox):
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope):
        self.mailbox.deliver(envelope.content)
        print(text("mail_delivered", sender=envelope.mail_from,
                   recipients=", ".join(envelope.rcpt_tos), size=len(envelope.content)))
        return "250 Message accepted for delivery"


def _password_checker(user, password):
    """aiosmtpd authenticator: accepts `user` with `password` only."""
    from aiosmtpd.smtp import AuthResult

    def check(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (user.encode(), password.encode())
        return AuthResult(success=ok)
    return check


def start_smtp_server(name, mailbox, show=True, tls_context=None, user=None, password=None,
                      implicit_tls=False, handler=None):
    """An SMTP server (aiosmtpd) on loopback, port 0: it delivers into `mailbox`.

    With `handler` (an aiosmtpd handler, a learner's one say), it is used instead, and
    `mailbox` is unused.

    With `tls_context`, it offers STARTTLS and requires it before AUTH (or, with
    `implicit_tls=True`, speaks TLS from the first byte, as SMTPS does); with `user` and
    `password`, it asks for AUTH (PLAIN or LOGIN) before accepting a message.
    """
    route_logger("mail.log", logging.WARNING)  # aiosmtpd's warnings, in its terminal
    handler = _Keep(mailbox) if handler is None else handler
    options = {}
    if tls_context is not None and not implicit_tls:
        options.update(tls_context=tls_context, require_starttls=True)
    if user is not None:
        options.update(authenticator=_password_checker(user, password), auth_required=True)
    if implicit_tls:  # aiosmtpd sees no STARTTLS: it is told that the whole session is TLS
        options.update(auth_require_tls=False)

    def session(loop):
        with warnings.catch_warnings():  # the same "AUTH without TLS" notice, as a warning
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            return SMTP(handler, hostname=HOSTNAME, ident="aiosmtpd", loop=loop, **options)

    async def serve_on(sock):
        import asyncio
        loop = asyncio.get_running_loop()
        return await loop.create_server(lambda: session(loop), sock=sock,
                                        ssl=tls_context if implicit_tls else None)

    return start_asyncio_server(name, serve_on, show=show)


def _command_line(command, args):
    words = [command.decode("ascii", "replace").upper()]
    words += ["****"] if words[0] == "PASS" else [a.decode("utf-8", "replace") for a in args]
    return text("mail_command", command=" ".join(words))


class _POP3(pop3.POP3):
    magic = f"<bienvenue@{HOSTNAME}>".encode()

    def processCommand(self, command, *args):
        print(_command_line(command, args))
        return super().processCommand(command, *args)


class _IMAP4(imap4.IMAP4Server):
    def dispatchCommand(self, tag, cmd, rest, uid=None):
        hidden = b"****" if cmd.upper() == b"LOGIN" else rest
        print(_command_line(cmd, [hidden] if hidden else []))  # no tag: imaplib draws it at random
        return super().dispatchCommand(tag, cmd, rest, uid)


@implementer(IRealm)
class _Realm:
    def __init__(self, mailbox):
        self.mailbox = mailbox

    def requestAvatar(self, avatar_id, mind, *interfaces):
        if pop3.IMailbox in interfaces:
            return pop3.IMailbox, POP3View(self.mailbox), lambda: None
        if imap4.IAccount in interfaces:
            account = imap4.MemoryAccount(avatar_id.decode())
            account.addMailbox("INBOX", IMAPView(self.mailbox))
            return imap4.IAccount, account, lambda: None
        raise NotImplementedError(interfaces)


def _factory(protocol, mailbox, user, password):
    checker = InMemoryUsernamePasswordDatabaseDontUse(**{user: password.encode()})
    portal = Portal(_Realm(mailbox), [checker])

    class Factory(ServerFactory):
        def buildProtocol(self, address):
            served = protocol()
            served.factory, served.portal = self, portal
            return served

    return Factory()


def start_pop3_server(name, mailbox, user, password, show=True, tls_files=None):
    """A POP3 server (Twisted) on loopback, port 0: `user` reads `mailbox`.

    With `tls_files` (certfile, keyfile): POP3S, TLS from the first byte."""
    return start_reactor_server(name, _factory(_POP3, mailbox, user, password), show=show,
                                tls_files=tls_files)


def start_imap_server(name, mailbox, user, password, show=True, tls_files=None):
    """An IMAP4 server (Twisted) on loopback, port 0: `user` sees `mailbox` as INBOX.

    With `tls_files` (certfile, keyfile): IMAPS, TLS from the first byte."""
    return start_reactor_server(name, _factory(_IMAP4, mailbox, user, password), show=show,
                                tls_files=tls_files)
