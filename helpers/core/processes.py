"""The chapter's `serveur.py &`: a learner's program run as a separate Python process.

Its output streams into a Terminal; `stop()` sends what Ctrl+C sends (SIGINT; on Windows
CTRL_BREAK_EVENT, else terminate); the child watches its stdin and exits when the kernel dies.
"""

import atexit
import os
import re
import signal
import subprocess
import sys
import threading
import time

import psutil

from .folders import kernel_folder
from .messages import text
from .terminal import Terminal

# Runs the learner's file as __main__; a thread ends the process when stdin closes (parent gone).
# Ctrl+C raises KeyboardInterrupt as in a terminal, even if the kernel was started ignoring it
# (`jupyter lab &`, nohup: the child would inherit that). It is shown as Python would, with only
# the frames of the learner's file.
_LAUNCHER = r"""
import os, signal, sys, threading, traceback
signal.signal(signal.SIGINT, signal.default_int_handler)
def _watch():
    while sys.stdin.buffer.read(1024):
        pass
    os._exit(1)
threading.Thread(target=_watch, daemon=True).start()
path = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
code = compile(open(path, encoding="utf-8").read(), os.path.basename(path), "exec")
try:
    exec(code, {"__name__": "__main__", "__file__": path})
except BaseException as error:
    if isinstance(error, SystemExit):
        raise
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if f.filename == os.path.basename(path)]
    print("Traceback (most recent call last):", file=sys.stderr)
    lines = "".join(traceback.format_list(frames)).splitlines()
    for line in lines:
        if line.strip(" ^~"):  # carets differ between Python versions
            print(line, file=sys.stderr)
    print("".join(traceback.format_exception_only(type(error), error)), end="", file=sys.stderr)
    sys.stderr.flush()
    os._exit(130 if isinstance(error, KeyboardInterrupt) else 1)
"""

_PORT = re.compile(r"127\.0\.0\.1'?,?\s*:?\s*(\d{1,5})")
_running = {}  # name -> ProcessServer


class ProcessError(Exception):
    """A process server could not start or stop; the message says what to do."""

    def _render_traceback_(self):
        return [f"ProcessError: {self}"]


def programs_folder():
    """A folder for the learner's files, private to this kernel and removed when it ends."""
    return kernel_folder("programmes")


def _waits_in_accept(pid):
    try:
        with open(f"/proc/{pid}/wchan") as wchan:
            where = wchan.read().strip()
    except OSError:
        where = ""
    if where not in ("", "0"):  # Linux names the kernel function the process waits in
        return where == "inet_csk_accept"
    try:  # elsewhere: no connection open but the listening one will do
        busy = [c for c in psutil.Process(pid).net_connections("inet") if c.status != "LISTEN"]
    except psutil.Error:
        return False
    return not busy


class ProcessServer:
    """A running `python serveur.py`: its terminal, its port, and Ctrl+C."""

    def __init__(self, name, path, args=(), timeout=5.0):
        self.name = name
        self.terminal = Terminal(name)
        self.port = None
        self._ready = threading.Event()
        flags = {}
        if os.name == "nt":
            flags["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            flags["start_new_session"] = True  # Ctrl+C in the notebook does not reach it
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-c", _LAUNCHER, os.path.basename(path), *map(str, args)],
            cwd=os.path.dirname(os.path.abspath(path)), env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **flags)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(timeout) or self.port is None:
            self._end(0.5)
            raise ProcessError(text("process_no_port", name=name, seconds=timeout,
                                    output=self.terminal.text().rstrip() or "—"))

    @property
    def address(self):
        return ("127.0.0.1", self.port)

    def _read(self):
        for raw in iter(self.process.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").replace("\r\n", "\n")
            self.terminal.write(line)
            found = _PORT.search(line)
            if found and self.port is None:
                self.port = int(found.group(1))
                self._ready.set()
        self._ready.set()  # the process ended: nobody waits for a port any more

    def running(self):
        return self.process.poll() is None

    def settle(self, timeout=1.0):
        """Wait (bounded) until the program is back waiting for a client: in accept() (Linux
        says so in /proc), or at least with no connection left open. True if it is."""
        end = time.monotonic() + timeout
        while self.running() and time.monotonic() < end:
            if _waits_in_accept(self.process.pid):
                return True
            threading.Event().wait(0.005)  # a short, bounded pause between two looks
        return False

    def stop(self, timeout=3.0):
        """What Ctrl+C does in the server's terminal (once it waits for a client: its last
        words are then always the same); then wait (bounded) for them."""
        self.settle()
        if self.running():
            if os.name == "nt":
                self.process.send_signal(signal.CTRL_BREAK_EVENT)
            else:
                self.process.send_signal(signal.SIGINT)
        self._end(timeout)
        return self.process.returncode

    def _end(self, timeout):
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)
        self._reader.join(timeout)
        self.process.stdin.close()
        self.process.stdout.close()
        if _running.get(self.name) is self:
            del _running[self.name]

    def output(self):
        """What the server printed since the previous call."""
        return self.terminal.new_text()


def start_process_server(path, name="serveur", args=(), show=True, timeout=5.0):
    """Run `python path` as a separate process; return once it printed its port (127.0.0.1:N)."""
    old = _running.pop(name, None)
    if old is not None:
        old.stop()
    server = ProcessServer(name, str(path), args, timeout)
    _running[name] = server
    if show:
        server.terminal.display()
    return server


def run_client(path, args=(), timeout=5.0):
    """Run `python path args` to its end (bounded) and return what it printed."""
    try:
        done = subprocess.run([sys.executable, "-u", os.path.basename(str(path)), *map(str, args)],
                              cwd=os.path.dirname(os.path.abspath(str(path))),
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                              env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    except subprocess.TimeoutExpired:
        raise ProcessError(text("process_client_timeout", seconds=timeout)) from None
    return (done.stdout + done.stderr).decode("utf-8", "replace").replace("\r\n", "\n")


def stop_processes():
    for server in list(_running.values()):
        server.stop()


atexit.register(stop_processes)
