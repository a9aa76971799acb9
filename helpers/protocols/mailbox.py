"""One in-memory mailbox, shared by the course's SMTP, POP3 and IMAP4 servers.

SMTP delivers into it; POP3 and IMAP4 read it through the views below (Twisted's interfaces).
Messages are kept with "\\n" line endings: each protocol puts its own "\\r\\n" on the wire.
"""

import io
import threading

from twisted.internet import defer
from twisted.mail import imap4, pop3
from zope.interface import implementer

INTERNAL_DATE = "Wed, 25 Nov 2026 09:00:00 +0000"  # fixed: the stored outputs do not vary


class Mailbox:
    """The messages of one user, in arrival order; safe to use from several threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._messages = []  # [uid, bytes, set of IMAP flags]
        self._next_uid = 1

    def deliver(self, message):
        """Add a message (bytes or str); its line endings become "\\n"."""
        if isinstance(message, str):
            message = message.encode("utf-8")
        message = message.replace(b"\r\n", b"\n")
        with self._lock:
            self._messages.append([self._next_uid, message, set()])
            self._next_uid += 1

    def messages(self):
        """The messages, as bytes."""
        with self._lock:
            return [m[1] for m in self._messages]

    def _records(self):
        with self._lock:
            return list(self._messages)

    def _remove(self, uids):
        with self._lock:
            self._messages = [m for m in self._messages if m[0] not in uids]

    def __len__(self):
        with self._lock:
            return len(self._messages)


def _wire_size(message):
    """Size in octets once each "\n" is sent as "\r\n" (what POP3 and IMAP4 announce)."""
    return len(message) + message.count(b"\n")


@implementer(pop3.IMailbox)
class POP3View:
    """What a POP3 session sees: the messages at login; deletions happen at QUIT."""

    def __init__(self, mailbox):
        self._mailbox = mailbox
        self._records = mailbox._records()
        self._deleted = set()

    def listMessages(self, index=None):
        if index is not None:
            return _wire_size(self._record(index)[1])
        return [0 if r[0] in self._deleted else _wire_size(r[1]) for r in self._records]

    def _record(self, index):
        if not 0 <= index < len(self._records) or self._records[index][0] in self._deleted:
            raise ValueError(index)
        return self._records[index]

    def getMessage(self, index):
        return io.BytesIO(self._record(index)[1])

    def getUidl(self, index):
        return str(self._record(index)[0]).encode()

    def deleteMessage(self, index):
        self._deleted.add(self._record(index)[0])

    def undeleteMessages(self):
        self._deleted.clear()

    def sync(self):
        self._mailbox._remove(self._deleted)


@implementer(imap4.IMessage)
class _IMAPMessage:
    def __init__(self, record):
        self.uid, self.data, self.flags = record
        head, _, body = self.data.partition(b"\n\n")
        self.body = body.replace(b"\n", b"\r\n")  # IMAP sends CRLF lines
        self.headers = {}
        for line in head.decode("utf-8", "replace").split("\n"):
            if line[:1] in (" ", "\t") and self.headers:
                key = list(self.headers)[-1]
                self.headers[key] += "\n" + line
            elif ":" in line:
                name, value = line.split(":", 1)
                self.headers[name.lower()] = value.strip()

    def getHeaders(self, negate, *names):
        names = {(n.decode() if isinstance(n, bytes) else n).lower() for n in names}
        return {k: v for k, v in self.headers.items() if not names or (k in names) != negate}

    def getBodyFile(self):
        return io.BytesIO(self.body)

    def getSize(self):
        return _wire_size(self.data)

    def isMultipart(self):
        return False

    def getSubPart(self, part):
        raise IndexError(part)

    def getUID(self):
        return self.uid

    def getFlags(self):
        return sorted(self.flags)

    def getInternalDate(self):
        return INTERNAL_DATE


@implementer(imap4.IMailbox)
class IMAPView:
    """The INBOX an IMAP4 session sees (sequence numbers 1, 2 …, UIDs from the mailbox)."""

    def __init__(self, mailbox):
        self._mailbox = mailbox
        self._listeners = []

    def getFlags(self):
        return ["\\Seen", "\\Deleted"]

    def getHierarchicalDelimiter(self):
        return "/"

    def getUIDValidity(self):
        return 1

    def getUIDNext(self):
        return self._mailbox._next_uid

    def getUID(self, index):
        return self._mailbox._records()[index - 1][0]

    def getMessageCount(self):
        return len(self._mailbox)

    def getRecentCount(self):
        return 0

    def getUnseenCount(self):
        return sum("\\Seen" not in r[2] for r in self._mailbox._records())

    def isWriteable(self):
        return True

    def destroy(self):
        pass

    def requestStatus(self, names):
        values = {"MESSAGES": self.getMessageCount, "RECENT": self.getRecentCount,
                  "UIDNEXT": self.getUIDNext, "UIDVALIDITY": self.getUIDValidity,
                  "UNSEEN": self.getUnseenCount}
        return defer.succeed({n: values[n]() for n in names if n in values})

    def addListener(self, listener):
        self._listeners.append(listener)

    def removeListener(self, listener):
        self._listeners.remove(listener)

    def addMessage(self, message, flags=(), date=None):
        self._mailbox.deliver(message.read())
        return defer.succeed(None)

    def expunge(self):
        records = self._mailbox._records()
        gone = [r[0] for r in records if "\\Deleted" in r[2]]
        self._mailbox._remove(set(gone))
        return gone

    def _selected(self, messages, uid):
        records = self._mailbox._records()
        if not records:
            return []
        numbered = list(enumerate(records, start=1))
        messages.last = records[-1][0] if uid else len(records)
        wanted = set(messages)
        return [(n, r) for n, r in numbered if (r[0] if uid else n) in wanted]

    def fetch(self, messages, uid):
        return [(n, _IMAPMessage(r)) for n, r in self._selected(messages, uid)]

    def store(self, messages, flags, mode, uid):
        result = {}
        for n, record in self._selected(messages, uid):
            if mode == 0:
                record[2].clear()
            (record[2].difference_update if mode == -1 else record[2].update)(flags)
            result[n] = sorted(record[2])
        return result
