"""A server's TCP sockets as the operating system sees them (LISTEN, ESTABLISHED, TIME_WAIT …).

`StateTable(port)` takes snapshots at chosen moments and shows them side by side. Only
the sockets whose local port is the server's port are kept (the listening socket and the
connections it accepted since the table was made); the table shows states, never port
numbers, so it is the same on every run. psutil reads the system's table (on Linux,
/proc/net/tcp); on macOS, where that needs root, netstat does.
"""

import subprocess

import psutil

from ..core.messages import text
from ..core.theme import html_table

TITLE, LISTENING = text("states_title"), text("states_listening")


def server_sockets(port):
    """[(remote port or None, state)] for the TCP sockets whose local port is `port`."""
    try:
        found = [((c.raddr.port if c.raddr else None), c.status)
                 for c in psutil.net_connections(kind="tcp") if c.laddr and c.laddr.port == port]
    except psutil.AccessDenied:  # macOS lists every socket to root only: ask netstat
        found = _netstat(port)
    return sorted(found, key=lambda s: (s[0] is not None, s[0] or 0))


def _netstat(port):
    """The same list from `netstat -an -p tcp` (macOS, BSD): '127.0.0.1.8000' style addresses."""
    output = subprocess.run(["netstat", "-an", "-p", "tcp"], capture_output=True, text=True,
                            timeout=5).stdout
    found = []
    for line in output.splitlines():
        fields = line.split()
        if len(fields) < 6 or not fields[0].startswith("tcp"):
            continue
        local, remote, state = fields[3], fields[4], fields[5]
        if local.rsplit(".", 1)[-1] != str(port):
            continue
        remote_port = remote.rsplit(".", 1)[-1]
        found.append((int(remote_port) if remote_port.isdigit() else None,
                      state.replace("FIN_WAIT_", "FIN_WAIT")))
    return found


class StateTable:
    """Snapshots of one server's sockets; shown as an HTML table (rows: sockets, columns: moments)."""

    def __init__(self, port):
        self.port = port
        self.moments = []  # (label, {row name: state})
        self._names = {None: LISTENING}  # remote port -> row name
        # connections older than the table belong to another demonstration: left out
        self._older = {remote for remote, _ in server_sockets(port) if remote is not None}

    def snapshot(self, label):
        """Note the state of every socket of the server now, under the column `label`."""
        states = {}
        for remote, state in server_sockets(self.port):
            if remote in self._older:
                continue
            if remote not in self._names:
                self._names[remote] = text("states_connection", number=len(self._names))
            states[self._names[remote]] = state
        self.moments.append((label, states))
        return self

    def rows(self):
        names = [LISTENING] + [n for r, n in self._names.items() if r is not None]
        return [(name, [states.get(name, "—") for _, states in self.moments]) for name in names]

    def _repr_html_(self):
        headers = [TITLE] + [label for label, _ in self.moments]
        rows = [[name, *states] for name, states in self.rows()]
        return html_table(headers, rows, code=range(1, len(headers)))

    def __repr__(self):
        width = max(len(n) for n, _ in self.rows())
        lines = [" " * width + " | " + " | ".join(label for label, _ in self.moments)]
        lines += [name.ljust(width) + " | " + " | ".join(states) for name, states in self.rows()]
        return "\n".join(lines)
