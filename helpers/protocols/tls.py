"""The course's own certificate authority: certificates for localhost, trusted only where asked.

It is made in memory by trustme (a library made for exactly this); files, when a library wants
paths, go to a temporary folder removed at exit. Nothing is trusted system-wide: a client trusts
the course's authority only through `client_context()`.
"""

import atexit
import functools
import ssl
import tempfile

import trustme

HOSTS = ("localhost", "127.0.0.1", "::1")


class CourseAuthority:
    """A certificate authority for the course, and certificates it issues."""

    def __init__(self, name="Autorité du cours de sockets"):
        self.ca = trustme.CA(organization_name=name)
        self._folder = tempfile.TemporaryDirectory(prefix="cours-tls-")
        atexit.register(self._folder.cleanup)
        self.cafile = f"{self._folder.name}/autorite.pem"
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
        certfile = f"{self._folder.name}/{'-'.join(hosts or HOSTS[:1])}.pem"
        keyfile = certfile.replace(".pem", ".key")
        cert.cert_chain_pems[0].write_to_path(certfile)
        cert.private_key_pem.write_to_path(keyfile)
        return certfile, keyfile


@functools.cache
def course_authority():
    """The one authority of this kernel (made on first use)."""
    return CourseAuthority()
