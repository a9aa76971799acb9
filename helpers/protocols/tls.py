"""The course's own certificate authority: certificates for localhost, trusted only where asked.

It is made in memory by trustme (a library made for exactly this); files, when a library wants
paths, go to a folder of this kernel's, removed at exit (core.folders). Nothing is trusted system-wide: a client trusts
the course's authority only through `client_context()` (or `cafile=`).

`start_capture` is a relay that keeps the raw bytes each way, where `wire.start_relay` prints
lines: ciphertext has none.
"""

import functools
import selectors
import socket
import ssl
import tempfile

import trustme

from ..core.folders import kernel_folder
from ..core.servers import start_tcp_server
from .wire import WAKE_EVERY

HOSTS = ("localhost", "127.0.0.1", "::1")


class CourseAuthority:
    """A certificate authority for the course, and certificates it issues."""

    def __init__(self, name="Autorité du cours de sockets"):
        self.ca = trustme.CA(organization_name=name)
        self._folder = tempfile.mkdtemp(dir=kernel_folder("tls"))
        self.cafile = f"{self._folder}/autorite.pem"
        self.ca.cert_pem.write_to_path(self.cafile)

    def issue(self, *hosts, **dates):
        """A certificate (trustme LeafCert) for `hosts` (default: localhost and loopback)."""
        return self.ca.issue_cert(*(hosts or HOSTS), **dates)

    def server_context(self, *hosts, **dates):
        """A server-side SSLContext holding a certificate for `hosts`."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.issue(*hosts, **dates).configure_cert(context)
        return context

    def client_context(self):
        """A client-side SSLContext that verifies certificates and trusts this authority."""
        return ssl.create_default_context(cafile=self.cafile)

    def cert_files(self, *hosts, **dates):
        """(certfile, keyfile) paths, for libraries that want files (pyftpdlib, for one)."""
        cert = self.issue(*hosts, **dates)
        certfile = f"{self._folder}/{'-'.join(hosts or HOSTS[:1])}.pem"
        keyfile = certfile.replace(".pem", ".key")
        cert.cert_chain_pems[0].write_to_path(certfile)
        cert.private_key_pem.write_to_path(keyfile)
        return certfile, keyfile


@functools.cache
def course_authority():
    """The one authority of this kernel (made on first use)."""
    return CourseAuthority()


class Capture:
    """The raw bytes a capturing relay saw: `client` (client → server) and `server` (back).

    Reading either waits until the relay is idle (every byte relayed so far is recorded)."""

    def __init__(self):
        self.relay = None
        self._seen = {"client": bytearray(), "server": bytearray()}

    def _bytes(self, side):
        if self.relay is not None:
            self.relay.settle()
        return bytes(self._seen[side])

    @property
    def client(self):
        return self._bytes("client")

    @property
    def server(self):
        return self._bytes("server")

    def clear(self):
        """Forget what was seen (before a new exchange)."""
        if self.relay is not None:
            self.relay.settle()
        for seen in self._seen.values():
            seen.clear()


def _capture_to(target, capture):
    def handle(conn, address):
        with socket.create_connection(target, timeout=5) as server, \
                selectors.DefaultSelector() as selector:
            ends = {conn: (server, capture._seen["client"]),
                    server: (conn, capture._seen["server"])}
            for sock in ends:
                selector.register(sock, selectors.EVENT_READ)
            while selector.get_map():  # until both sides have closed
                for key, _ in selector.select(WAKE_EVERY):
                    sock = key.fileobj
                    other, seen = ends[sock]
                    try:
                        data = sock.recv(65536)
                    except ConnectionResetError:  # a side closed with data unread: it ends
                        data = b""
                    seen += data
                    if data:
                        other.sendall(data)
                        continue
                    selector.unregister(sock)
                    try:
                        other.shutdown(socket.SHUT_WR)
                    except OSError:  # that side is gone already
                        pass
    return handle


def start_capture(name, target, show=False):
    """A relay on loopback, port 0, to `target`, that keeps every byte: `relay.capture`."""
    capture = Capture()
    relay = start_tcp_server(name, _capture_to(target, capture), show=show)
    capture.relay = relay
    relay.capture = capture
    return relay
