"""Exercises: check() runs the learner's function for real, hint() and solution() help.

An exercise is a list of cases. A case is a function `case(call)`: it prepares real
sockets, runs the learner's function through `call(*args)` (bounded in time), and raises
`Fail` when the result is wrong. It returns nothing when the result is right.
"""

import inspect
import ipaddress
import re
import socket
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..core.messages import text
from ..core.servers import ServerError, start_server
from ..core.threads import Overrun, clear_pending_interrupt, describe, interrupt, run_bounded
from ..teaching import exam, progress

CALL_TIMEOUT = 3.0
_watched = []  # the _Sockets of the learner's calls in the current case
_abandoned = []  # learners' threads that overran: joined once their case has cleaned up


class Fail(Exception):
    """A case saw a wrong result; the message says what was expected and what came."""


class Silent(Fail):
    """A failure every case would repeat: no answer at all from the learner's code (each case
    would wait as long), or a mistake seen in every reply or in the code itself. Raised by the
    first case, it stops the check (the others: not tried, never passed)."""


class Skip(Exception):
    """A case that cannot run on this machine (no IPv6 loopback, say): reported as such,
    never as passed; the message says why."""


def expect_equal(got, expected):
    """Raise Fail unless got == expected (and of the same type)."""
    if type(got) is not type(expected) or got != expected:
        raise Fail(text("expected_got", expected=_show(expected), got=_show(got)))


@contextmanager
def checker_server(start, *args):
    """A checker's own background server, started with any `start_*` helper of the course
    (`checker_server(start_tcp_server, handle)`, `checker_server(start_smtp_server, box)` …):
    yields its address, and stops it at the end, whatever happened."""
    with start("vérification", *args, show=False) as server:
        yield server.address


class LearnersServer:
    """The learner's server function, run as a background server for one case: its address,
    and what it reported raised as Fail (`explain` may add a word to a report)."""

    def __init__(self, server, explain=None):
        self.server, self._explain = server, explain or (lambda report: report)
        self.host, self.port = server.address

    @property
    def address(self):
        """Where the checker's clients connect; Fail once the learner's server has ended."""
        if not self.server.running:
            self.raise_if_ended()
        return self.host, self.port

    def raise_reports(self, settle=0.5):
        self.server.settle(settle)
        reports = self.server.take_reports()
        if reports:
            report = explain_report(_first_line(reports[0]))
            raise Fail(text("server_said", report=self._explain(report)))

    def raise_if_ended(self):
        """Fail when the learner's server has ended: its error if it raised one, else the word
        that its function returned while clients were still to come."""
        self.raise_reports()
        if not self.server.running:
            raise Fail(text("learners_server_ended"))


def explain_report(report):
    """A report of a learner's server, with the way out of the mistakes every server
    exercise sees (text given to sendall(), the listening socket closed in the loop)."""
    if "bytes-like object" in report:
        return report + text("clue_bytes")
    if "Bad file descriptor" in report and ".accept()" in report:
        return report + text("clue_listener_closed")
    return report


def _first_line(report):
    """A server's report without its second line, which tells to re-run the server's own
    cell: under check() the cell to re-run is the check's."""
    return report.split("\n", 1)[0]


PRINTED_LINES = 3  # a failure quotes at most this many of the last lines the server printed
_WARNING = re.compile(r"^(\S+:\d+: )?\w*Warning: ")


def with_what_it_printed(failure, server):
    """`failure` (a Fail) with the last lines the learner's server printed, its reports left
    out: what an `except` printed is often the cause."""
    lines, aside = [], False
    for line in server.terminal.text().splitlines():
        # the server's reports, and Python's warnings (a coroutine never awaited, collected
        # in this thread, may come from an earlier check): each with its indented lines
        aside = line.startswith("⚠ ") or bool(_WARNING.search(line)) \
            or (aside and line.startswith("  "))
        if line.strip() and not aside:
            lines.append(f"« {line.strip()} »")
    if not lines:
        return failure
    last = list(dict.fromkeys(reversed(lines)))[:PRINTED_LINES]  # the same line once
    shown = " ".join(reversed(last))
    if len(shown) > SHOWN_CHARS:
        shown = shown[:SHOWN_CHARS] + " …"
    return type(failure)(str(failure) + text("server_printed", lines=shown))


@contextmanager
def learners_server(function, name, *args, explain=None):
    """Start the learner's server function (a French Fail if it cannot), yield it as a
    LearnersServer, stop it at the end whatever happened. A server that cannot start fails
    the same way in every case: the first one stops the check (Silent)."""
    explain = explain or (lambda report: report)
    try:
        server = start_server(name, function, *args, show=False)
    except ServerError as error:
        raise Silent(explain(explain_report(_first_line(str(error))))) from None
    try:
        yield LearnersServer(server, explain)
    except Fail as failure:
        raise with_what_it_printed(failure, server) from None
    finally:
        server.stop()


SHOWN_CHARS = 300  # feedback shows at most this much of a value


def _show(value):
    shown = repr(value)
    if len(shown) > SHOWN_CHARS:
        shown = shown[:SHOWN_CHARS] + text("shown_cut", count=len(shown))
    return f"{shown} ({type(value).__name__})"


class _Abandoned(BaseException):
    """Raised in a learner's thread that overran its time."""


class _Sockets:
    """The sockets the learner's function opens, watched from its own thread: one bound
    beyond loopback is closed at once (the course's rule), and all are closed after the call,
    even when it overran its time."""

    def __init__(self):
        self.opened, self.outside = [], None

    def watch(self, frame, event, arg):
        if event == "return" and frame.f_code.co_name == "__init__":
            sock = frame.f_locals.get("self")
            if isinstance(sock, socket.socket):
                self.opened.append(sock)
        elif event == "c_return" and getattr(arg, "__name__", None) == "bind":
            sock = getattr(arg, "__self__", None)
            if isinstance(sock, socket.socket) and sock.family in (socket.AF_INET,
                                                                   socket.AF_INET6):
                host = sock.getsockname()[0]
                if not ipaddress.ip_address(host.split("%")[0]).is_loopback:
                    self.outside = host
                    sock.close()  # never listening beyond loopback, not even for a moment

    def run(self, function, *args):
        sys.setprofile(self.watch)
        try:
            return function(*args)
        finally:
            sys.setprofile(None)

    def close_all(self):
        for sock in self.opened:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a call still blocked on it (Linux)
            except OSError:
                pass
            sock.close()


def call_bounded(function, *args, timeout=CALL_TIMEOUT):
    """Run function(*args) in a thread; Fail with a clear message if it raises, hangs or
    listens beyond loopback. The sockets it opened are closed when the case ends (verify),
    at once if it overran."""
    sockets = _Sockets()
    _watched.append(sockets)  # closed once the case is over (verify), or now if it overran
    try:
        result = run_bounded(sockets.run, function, *args, timeout=timeout, name="exercice")
    except Overrun as overrun:
        sockets.close_all()  # wakes the call still blocked on them
        interrupt(overrun.thread, _Abandoned)
        _abandoned.append(overrun.thread)
        raise Fail(text("timed_out", seconds=timeout))
    except Fail:
        raise
    except BaseException as exc:
        if sockets.outside:
            raise Fail(text("check_not_loopback", host=sockets.outside))
        error, where = describe(exc)
        raise Fail(text("raised", error=error, where=where))
    if sockets.outside:
        raise Fail(text("check_not_loopback", host=sockets.outside))
    return result


def is_placeholder(function):
    """True when the function's body does nothing yet (only `...` or `pass`)."""
    def empty():
        pass

    async def empty_async():
        pass
    code = getattr(function, "__code__", None)
    return code is not None and code.co_code in (empty.__code__.co_code,
                                                 empty_async.__code__.co_code)


def _not_checkable(function, number, expected, asynchronous=False):
    """A French sentence when `function` cannot be checked as the learner's function, or None."""
    if not callable(function):
        return text("not_callable", number=number, expected=expected)
    if asynchronous and not inspect.iscoroutinefunction(function):
        return text("not_async", number=number, expected=expected)
    if inspect.iscoroutinefunction(function) and asynchronous:
        return None
    if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
        return text("is_async", number=number, expected=expected)
    if inspect.isgeneratorfunction(function):
        return text("is_generator", number=number, expected=expected)
    if not (inspect.isfunction(function) or inspect.ismethod(function)):
        return text("not_own_function", number=number, expected=expected,
                    given=getattr(function, "__name__", type(function).__name__))
    return None


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
    """One exercise of a notebook: what the learner's function must do, checked for real.

    number         its number in the notebook ("1", "2" …)
    function_name  the name the learner's function has in the notebook's cell
    cases          [(label, case)]: each case runs the function against real sockets, raises
                   Fail (wrong), Silent (no answer at all), Skip (cannot run here) or returns
                   (right)
    hints          the hints, in order: each says more; the last is never the whole solution
    reference      a reference solution (a function of the exercises module)
    asynchronous   True when the learner writes a coroutine function (async def)

    In the notebook: `ex1.check(fonction)`, `ex1.hint()`, `ex1.hint(2)`, `ex1.solution()`;
    in tests and graders: `ex1.verify(fonction)` returns the Report without printing.
    """

    number: str
    function_name: str
    cases: list  # of (label, case)
    hints: list
    reference: object  # the reference solution, a function
    asynchronous: bool = False

    def verify(self, function):
        """Run every case against `function`; return a Report."""
        problem = _not_checkable(function, self.number, self.function_name, self.asynchronous)
        if problem:
            return Report([problem], done=False)
        if is_placeholder(function):
            return Report([text("not_done", number=self.number)], done=False)
        report = Report()
        failed = skipped = not_tried = 0
        stopped = False  # the first case got no answer at all: the others would wait as long
        for label, case in self.cases:
            if stopped:
                not_tried += 1
                report.lines.append(text("case_not_tried", label=label))
                continue
            call = lambda *args: call_bounded(function, *args)  # noqa: E731
            call.function = function  # a server exercise runs it as a background server
            try:
                case(call)
                report.lines.append(text("case_ok", label=label))
            except Fail as problem:
                failed += 1
                stopped = isinstance(problem, Silent) and not report.lines
                report.lines.append(text("case_failed", label=label, detail=problem))
            except Skip as reason:
                skipped += 1
                report.lines.append(text("case_skipped", label=label, reason=reason))
            while _watched:  # what the learner's function opened ends with the case
                _watched.pop().close_all()
            while _abandoned:  # the case closed its sockets: an overrunning call now ends
                thread = _abandoned.pop()
                thread.join(CALL_TIMEOUT)
                if thread.is_alive():  # still blocked in C, its interrupt pending (3.11)
                    clear_pending_interrupt()
        count = len(self.cases) - skipped
        verdict = (text("all_passed", number=self.number, count=count) if not failed else
                   text("some_failed", number=self.number, failed=failed, count=count))
        if skipped:
            verdict += text("skipped_count", skipped=skipped)
        if not_tried:
            verdict += text("not_tried_count", not_tried=not_tried)
        report.lines.insert(0, verdict)
        report.passed = not failed
        return report

    def check(self, function):
        """Check the learner's function, print the feedback, note the result (progress)."""
        report = self.verify(function)
        print(report)
        if report.done:
            progress.record(self, report.passed)

    def hint(self, step=1):
        """Print hint number `step` (1, 2, ...)."""
        if isinstance(step, str) and step.strip().isdecimal():
            step = int(step)
        if isinstance(step, bool) or not isinstance(step, int):
            print(text("hint_number", number=self.number, total=len(self.hints)))
            return
        if not 1 <= step <= len(self.hints):
            print(text("no_more_hints", number=self.number))
            return
        if step == len(self.hints) and exam.last_hint_hidden():
            print(text("hint_hidden", step=step, total=len(self.hints)))
            return
        print(text("hint", step=step, total=len(self.hints), text=self.hints[step - 1]))

    def solution(self):
        """Print a reference solution (unless the teacher hid them for a graded session)."""
        if exam.solutions_hidden():
            print(text("solution_hidden", number=self.number))
            return
        print(text("solution_intro", number=self.number))
        print(inspect.getsource(self.reference).rstrip())
