"""Thread tools: interrupt a thread from outside, find the learner's line in a traceback."""

import ctypes
import os
import sys
import threading
import time
import traceback

_HELPERS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # helpers/


def interrupt(thread, exc_type):
    """Raise `exc_type` in `thread` as soon as it runs Python code again."""
    if thread.ident is not None and thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                   ctypes.py_object(exc_type))


class _Absorbed(BaseException):
    """Raised in a short-lived thread of our own, to clear the interpreter's flag."""


def clear_pending_interrupt():
    """Python 3.11 only: an interrupt still pending on a thread blocked in C (a long sleep)
    keeps the interpreter's "asynchronous exception" flag up, and every *other* thread then
    crawls (a new server is never ready). A thread of ours takes an interrupt of its own,
    which lowers the flag; the blocked thread still gets its interrupt when it wakes."""
    if sys.version_info[:2] != (3, 11):
        return
    running = threading.Event()

    def absorb():
        try:
            running.set()
            end = time.monotonic() + 1.0
            while time.monotonic() < end:  # Python code: the interrupt lands here
                pass
        except _Absorbed:
            pass

    absorber = threading.Thread(target=absorb, name="absorbeur", daemon=True)
    absorber.start()
    running.wait(1.0)
    interrupt(absorber, _Absorbed)
    absorber.join(1.0)


def learner_line(exc):
    """(line number, code) of the last traceback frame written by the learner, or None."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith(_HELPERS_DIR)
              and "lib" + os.sep + "python" not in f.filename and f.line]
    if not frames:
        return None
    return frames[-1].lineno, frames[-1].line.strip()


class Overrun(Exception):
    """A bounded call did not return in time; `thread` still runs it (interrupt() it if need be)."""

    def __init__(self, thread):
        super().__init__(thread.name)
        self.thread = thread


def run_bounded(function, *args, timeout, name="appel"):
    """Run function(*args) in a daemon thread: its value, or its exception raised here, or
    Overrun after `timeout` seconds. The one way the helpers bound a call they do not control."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # raised again below, in the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise Overrun(worker)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def describe(exc):
    """'TypeError: message' and, when the learner wrote the line, where (French)."""
    from .messages import text
    line = learner_line(exc)
    where = text("where", line=line[0], code=line[1]) if line else ""
    error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return error, where
