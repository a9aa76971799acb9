"""The set-up check of the first notebook: what the course needs, each answered yes or no."""

import importlib.util
import socket
import sys

from .messages import text


def _loopback_works():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        with socket.create_connection(listener.getsockname(), timeout=2) as client:
            conn, _ = listener.accept()
            with conn:
                client.sendall(b"ping")
                return conn.recv(4) == b"ping"


def check_setup():
    """Print each requirement with ✔ or ✘, then a verdict."""
    checks = [
        (text("setup_python"), sys.version_info >= (3, 10)),
        (text("setup_loopback"), _safe(_loopback_works)),
        (text("setup_widgets"), importlib.util.find_spec("ipywidgets") is not None),
    ]
    for label, ok in checks:
        print(("✔ " if ok else "✘ ") + label)
    print(("✔ " + text("setup_ipv6")) if ipv6_loopback() else ("– " + text("setup_no_ipv6")))
    print(text("setup_ok" if all(ok for _, ok in checks) else "setup_bad"))


def _safe(probe):
    try:
        return probe()
    except OSError:
        return False


def ipv6_loopback():
    """True when this machine can listen on ::1 and connect to it (optional for the course)."""
    def probe():
        with socket.create_server(("::1", 0), family=socket.AF_INET6) as listener:
            with socket.create_connection(listener.getsockname()[:2], timeout=2):
                return True
    return _safe(probe)
