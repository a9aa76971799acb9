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


def ipv6_loopback():
    """True when this machine can listen on ::1."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def check_setup():
    """Print each requirement with ✔ or ✘, then a verdict."""
    checks = [
        (text("setup_python"), sys.version_info >= (3, 10)),
        (text("setup_loopback"), _safe(_loopback_works)),
        (text("setup_widgets"), importlib.util.find_spec("ipywidgets") is not None),
    ]
    for label, ok in checks:
        print(("✔ " if ok else "✘ ") + label)
    print(text("setup_ipv6" if _safe(ipv6_loopback) else "setup_no_ipv6"))  # useful, not needed
    print(text("setup_ok" if all(ok for _, ok in checks) else "setup_bad"))


def _safe(probe):
    try:
        return probe()
    except OSError:
        return False
