"""Exercises: check() runs the learner's function for real, hint() and solution() help.

An exercise is a list of cases. A case is a function `case(call)`: it prepares real
sockets, runs the learner's function through `call(*args)` (bounded in time), and raises
`Fail` when the result is wrong. It returns nothing when the result is right.
"""

import inspect
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..core.messages import text
from ..core.servers import start_tcp_server, start_udp_server
from ..core.threads import interrupt, learner_line

CALL_TIMEOUT = 3.0
_abandoned = []  # learners' threads that overran: joined once their case has cleaned up


class Fail(Exception):
    """A case saw a wrong result; the message says what was expected and what came."""


class Skip(Exception):
    """A case cannot run on this machine (no ::1, …); the message says why. Never a pass."""


def expect_equal(got, expected):
    """Raise Fail unless got == expected (and of the same type)."""
    if type(got) is not type(expected) or got != expected:
        raise Fail(text("expected_got", expected=_show(expected), got=_show(got)))


@contextmanager
def fixture_server(handle, udp=False):
    """A checker's own background server (TCP, or UDP); yields its address, then stops it."""
    server = (start_udp_server if udp else start_tcp_server)("vérification", handle, show=False)
    try:
        yield server.address
    finally:
        server.stop()


def _show(value):
    return f"{value!r} ({type(value).__name__})"


class _Abandoned(BaseException):
    """Raised in a learner's thread that overran its time."""


def call_bounded(function, *args, timeout=CALL_TIMEOUT):
    """Run function(*args) in a thread; Fail with a clear message if it raises or hangs."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # reported below, in the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="exercice", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        interrupt(worker, _Abandoned)
        _abandoned.append(worker)
        raise Fail(text("timed_out", seconds=timeout))
    if "error" in outcome:
        exc = outcome["error"]
        line = learner_line(exc)
        where = text("where", line=line[0], code=line[1]) if line else ""
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise Fail(text("raised", error=error, where=where))
    return outcome["value"]


def is_placeholder(function):
    """True when the function's body does nothing yet (only `...` or `pass`)."""
    def empty():
        pass
    return function.__code__.co_code == empty.__code__.co_code


@dataclass
class Report:
    """The outcome of check(): one line per case, and a verdict."""

    lines: list = field(default_factory=list)
    passed: bool = False
    done: bool = True

    def __str__(self):
        return "\n".join(self.lines)


@dataclass
class Exercise:
    number: str
    function_name: str
    cases: list  # of (label, case)
    hints: list
    reference: object  # the reference solution, a function

    def verify(self, function):
        """Run every case against `function`; return a Report."""
        if not callable(function):
            return Report([text("not_callable", number=self.number, expected=self.function_name)],
                          done=False)
        if is_placeholder(function):
            return Report([text("not_done", number=self.number)], done=False)
        report = Report()
        failed = skipped = 0
        for label, case in self.cases:
            call = lambda *args: call_bounded(function, *args)  # noqa: E731
            call.function = function  # a server exercise runs it as a background server
            try:
                case(call)
                report.lines.append(text("case_ok", label=label))
            except Fail as problem:
                failed += 1
                report.lines.append(text("case_failed", label=label, detail=problem))
            except Skip as reason:
                skipped += 1
                report.lines.append(text("case_skipped", label=label, reason=reason))
            while _abandoned:  # the case closed its sockets: an overrunning call now ends
                _abandoned.pop().join(CALL_TIMEOUT)
        count = len(self.cases)
        verdict = (text("all_passed", number=self.number, count=count) if not failed else
                   text("some_failed", number=self.number, failed=failed, count=count))
        if skipped:
            verdict += text("skipped_count", skipped=skipped)
        report.lines.insert(0, verdict)
        report.passed = not failed
        return report

    def check(self, function):
        """Check the learner's function and print the feedback."""
        print(self.verify(function))

    def hint(self, step=1):
        """Print hint number `step` (1, 2, ...)."""
        if not 1 <= step <= len(self.hints):
            print(text("no_more_hints", number=self.number))
            return
        print(text("hint", step=step, total=len(self.hints), text=self.hints[step - 1]))

    def solution(self):
        """Print a reference solution."""
        print(text("solution_intro", number=self.number))
        print(inspect.getsource(self.reference).rstrip())
