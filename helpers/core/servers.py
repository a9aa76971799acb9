"""Background servers: a learner's server function runs in a daemon thread.

The function keeps its real socket(), bind(), listen(), accept() loop and plain print().
The helper watches the thread's socket calls (sys.setprofile) to know when the server
waits for a client: that is readiness, and "the exchange is over" for the terminal.
"""

import atexit
import contextlib
import ipaddress
import os
import select
import socket
import sys
import threading
import time

from . import terminal as _terminal
from .messages import text
from .threads import clear_pending_interrupt, describe, interrupt

READY_TIMEOUT = 5.0
STOP_TIMEOUT = 2.0
SETTLE_TIMEOUT = 3.0
_LISTEN_CALLS = frozenset({"_accept", "recvfrom", "recvfrom_into"})
_POLL_CALLS = frozenset({"poll", "control", "select"})  # waiting on many sockets at once
_WAIT_CALLS = _LISTEN_CALLS | _POLL_CALLS | {"recv", "recv_into"}
_WATCHED_CALLS = _WAIT_CALLS | {"listen"}
# The objects a thread waits on when it watches many sockets at once (selectors use them).
POLLERS = tuple(getattr(select, n) for n in ("epoll", "kqueue", "devpoll") if hasattr(select, n))
POLLERS += (type(select.poll()),) if hasattr(select, "poll") else ()

_servers = {}  # name -> Server
_owner = {}  # thread ident -> Server


class ServerError(Exception):
    """A background server could not do its job; the message says what to do."""

    def _render_traceback_(self):  # IPython shows this instead of the helpers' frames
        return [f"ServerError: {self}"]


class Guard(threading.Condition):
    """The condition of a server's state, whose lock is waited for STOP_TIMEOUT at most.

    A server thread is stopped by an exception raised wherever it is: if it lands just after
    the thread took this lock, the lock stays taken. Whoever waits for it then gets a French
    ServerError instead of waiting for ever."""

    def __enter__(self):
        if not self.acquire(timeout=STOP_TIMEOUT):
            raise ServerError(text("state_locked", seconds=STOP_TIMEOUT))
        return True


class _Stop(BaseException):
    """Raised inside a server thread to end it (not an Exception: `except Exception` lets it pass)."""


class Server:
    """One background server: its thread(s), its listening socket, its terminal.

    What client cells use (the public surface):
        name, terminal       the server's name and its Terminal (core.terminal)
        address, port        where clients reach it; ServerError (French) once it is down
        running              True until it stops or its code ends
        waits                how many times its threads have begun to wait on a socket or a
                             selector (a server that polls in a loop counts thousands a second)
        settle(timeout)      wait until it is idle: every thread waits with nothing to read
        terminal_text(new)   its terminal's text once idle; show_terminal(new) prints it
        report(exc)          record an error from a server thread (shown in the next client call)
        take_reports()       the recorded errors, as French sentences, now forgotten
        stop()               stop it, bounded in time (re-running its cell does it too)
        with ... as server:  a server is a context manager: it stops at the end of the block

    What a kind of server redefines (as socketserver.BaseServer's subclasses do):
        activate()           start serving, return once clients can connect (the default runs
                             `target(*args)` in a new thread and waits until that thread blocks
                             in accept(), recvfrom() or a selector, READY_TIMEOUT at most)
        shutdown()           from another thread, make the serving code return (the default
                             interrupts the server's threads and wakes their blocked calls)
        is_idle()            True when nothing is being served (called holding `condition`)
    and the calls those use: mark_ready(listener), add_thread(thread), `condition` (notify it
    when the idle state may have changed), `listener`, `stopping`, `threads`.
    """

    def __init__(self, name, target=None, args=(), condition=None):
        self.name = name
        self.terminal = _terminal.Terminal(name)
        self.condition = condition or Guard()
        self.listener = None  # the listening socket
        self.stopping = False
        self.threads = []
        self._interrupted = set()  # threads shutdown() has interrupted or woken
        self.waits = 0
        self._target, self._args = target, args
        self._waiting = {}  # thread ident -> socket (or selector) it is blocked on
        self._reports = []
        self._done = set()  # idents of threads that have finished the server's code
        self._deferring = set()  # idents of threads inside stop_deferred()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"serveur-{name}", daemon=True)

    # -- override points and the calls they use ---------------------------------------------

    def mark_ready(self, listener):
        """Clients can connect: `listener` is the socket they reach."""
        with self.condition:
            self.listener = listener
            self._ready.set()
            self.condition.notify_all()

    def add_thread(self, thread):
        """`thread` serves for this server: stop() joins it, settle() watches it."""
        self.threads.append(thread)

    def activate(self):
        """Start serving; return once clients can connect (see the class docstring)."""
        self._run_in_thread()

    def shutdown(self):
        """Make the serving code return: interrupt its threads, wake their blocked calls."""
        self._interrupt(self.threads)

    def _interrupt(self, threads):
        try:
            with self.condition:
                deferring, blocked = set(self._deferring), list(self._waiting.values())
        except ServerError:  # the state is locked: interrupt everyone, wake the listener
            deferring, blocked = set(), [self.listener]
            print(text("state_locked", seconds=STOP_TIMEOUT))
        for thread in threads:
            self._interrupted.add(thread)
            if thread.is_alive() and thread.ident not in deferring:
                interrupt(thread, _Stop)
        for sock in blocked:
            if isinstance(sock, socket.socket):
                _wake(sock, listening=sock is self.listener)
            elif self.listener is not None:  # a selector: waking the listener wakes it
                _wake(self.listener, listening=True)

    def is_idle(self):
        """Every thread has finished, or waits on a socket with nothing to read."""
        for thread in self.threads:
            if not thread.is_alive() or thread.ident in self._done:
                continue
            sock = self._waiting.get(thread.ident)
            if sock is None or _has_pending(sock, self.listener):
                return False
        return True

    # -- life cycle -------------------------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def _run_in_thread(self):
        self.add_thread(self._thread)
        self._thread.start()
        deadline = time.monotonic() + READY_TIMEOUT
        try:
            with self.condition:
                self.condition.wait_for(
                    lambda: self._ready.is_set() or not self._thread.is_alive(),
                    timeout=max(0.0, deadline - time.monotonic()))
        except KeyboardInterrupt:  # ■ while waiting: the half-started server goes too
            self.stop()
            raise
        if not self._ready.is_set():
            reports = self.take_reports()
            key = "never_ready" if self._thread.is_alive() else "ended_before_ready"  # before stop()
            self.stop()
            if reports:
                raise ServerError("\n".join(reports))
            raise ServerError(text(key, name=self.name, seconds=READY_TIMEOUT))

    def _check_loopback(self):
        host = self.listener.getsockname()
        if isinstance(host, tuple) and not ipaddress.ip_address(host[0].split("%")[0]).is_loopback:
            self.stop()
            raise ServerError(text("not_loopback", name=self.name, host=host[0]))

    def _run(self):
        self._enter_thread()
        try:
            self._target(*self._args)
        except _Stop:
            pass
        except BaseException as exc:  # the thread never dies silently
            try:
                if not self.stopping:
                    self.report(exc, fatal=True)
            except _Stop:  # stop() landed while reporting: the server is going anyway
                pass
        finally:
            self._leave_thread()

    def _enter_thread(self):
        _swallowed.discard(threading.get_ident())  # an ident is reused: a note is per thread
        _owner[threading.get_ident()] = self
        _terminal.attach(self.terminal)
        sys.setprofile(self._watch)

    def _leave_thread(self):
        sys.setprofile(None)
        _terminal.detach()
        _owner.pop(threading.get_ident(), None)
        _swallowed.discard(threading.get_ident())
        self._done.add(threading.get_ident())  # (a set: safe without the lock)
        try:
            with self.condition:
                self._waiting.pop(threading.get_ident(), None)
                self.condition.notify_all()
        except ServerError:  # the state is locked: this thread has nothing more to say
            pass

    def _watch(self, frame, event, arg):
        """Profile hook: notes when a server thread blocks on, or leaves, a socket call."""
        name = getattr(arg, "__name__", None)
        if event[0] != "c" or name not in _WATCHED_CALLS:
            return
        sock = getattr(arg, "__self__", None)
        if not isinstance(sock, (socket.socket, *POLLERS)) and sock is not select:
            return
        with self.condition:
            if name == "listen":  # a listening socket: the one clients will reach
                if event == "c_call" and self.listener is None:
                    self.listener = sock
                return
            if event == "c_call":
                if self.listener is None and name in _LISTEN_CALLS:
                    self.listener = sock
                if self.listener is not None and (name in _LISTEN_CALLS or name in _POLL_CALLS):
                    self._ready.set()  # waits for clients: in accept(), or in a selector
                self._waiting[threading.get_ident()] = sock
                self.waits += 1
            else:
                self._waiting.pop(threading.get_ident(), None)
            self.condition.notify_all()

    def stop(self):
        """Stop the server: forget it, shut it down, join its threads (bounded). Idempotent."""
        if self.stopping:
            return
        self.stopping = True
        forget(self)
        me = threading.current_thread()
        alive = [t for t in self.threads if t.is_alive() and t is not me]
        self.shutdown()
        deadline = time.monotonic() + STOP_TIMEOUT
        while alive:
            for thread in alive:
                _join(thread, deadline)
            # A thread started as the stop began (one per client, say) missed the interrupt.
            alive = [t for t in self.threads if t.is_alive() and t is not me
                     and t not in self._interrupted and time.monotonic() < deadline]
            self._interrupt(alive)
        if not any(t.is_alive() for t in self.threads if t is not me):
            if self.listener is not None:
                self.listener.close()
            return
        clear_pending_interrupt()  # the interrupt waits on a blocked thread (Python 3.11)
        parked = self.listener is not None and _park(self.listener)
        print(text("stop_timeout", name=self.name, seconds=STOP_TIMEOUT)
              + (text("stop_parked") if parked else ""))

    @property
    def running(self):
        return self._thread.ident not in self._done and not self.stopping

    # -- what client cells use ------------------------------------------------------------

    @property
    def address(self):
        """(host, port) where clients reach the server."""
        self._print_reports()
        if not self.running:
            raise ServerError(text("server_down", name=self.name))
        return self.listener.getsockname()[:2]

    @property
    def port(self):
        return self.address[1]

    def settle(self, timeout=SETTLE_TIMEOUT):
        """Wait until every server thread has finished or waits on a socket with nothing to read."""
        with self.condition:
            if not self.condition.wait_for(self.is_idle, timeout=timeout):
                return False
            # A thread whose accept() or recv() has just returned may still be waiting for
            # the GIL: release it once so that such a thread records it, then check again.
            self.condition.wait(0.01)
            return self.condition.wait_for(self.is_idle, timeout=timeout)

    def terminal_text(self, new=True):
        """The terminal's text once the server is idle (only what is new, by default)."""
        settled = self.settle()
        body = self.terminal.new_text() if new else self.terminal.text()
        if not settled:
            body += text("terminal_unsettled", seconds=SETTLE_TIMEOUT) + "\n"
        return body

    def show_terminal(self, new=True):
        """Print the server terminal, once the exchange is over."""
        self._print_reports()
        body = self.terminal_text(new=new)
        print(text("terminal_header", name=self.name))
        print(body.rstrip("\n") or text("terminal_nothing_new"))

    # -- errors ------------------------------------------------------------------------------

    def report(self, exc, fatal=False):
        """Record an error from a server thread; it is shown in the next client-side call."""
        error, where = describe(exc)
        message = text("server_crashed" if fatal else "handler_failed",
                       name=self.name, error=error, where=where)
        self.terminal.write(message + "\n")
        with self.condition:
            self._reports.append(message)

    def take_reports(self):
        """The errors recorded by report(), as French sentences; they are forgotten here."""
        with self.condition:
            reports, self._reports = self._reports, []
        return reports

    def _print_reports(self):
        for message in self.take_reports():
            print(message)

    def __repr__(self):
        if self.running and self.listener is not None:
            host, port = self.listener.getsockname()[:2]
            state = text("state_listening", address=f"{host}:{port}")
        else:
            state = text("state_stopped")
        return text("server_repr", name=self.name, state=state)


def _has_pending(waiting_on, listener):
    """True when what a thread waits on has something to read.

    epoll and kqueue can be asked directly (level-triggered: looking does not consume);
    a poll() object or a select.select() call cannot: the listening socket stands for them.
    """
    try:
        if isinstance(waiting_on, getattr(select, "epoll", ())):
            return bool(waiting_on.poll(0))
        if hasattr(waiting_on, "control"):  # kqueue
            return bool(waiting_on.control(None, 1, 0))
        if not isinstance(waiting_on, socket.socket):
            if listener is None:
                return False
            waiting_on = listener
        return bool(select.select([waiting_on], [], [], 0)[0])
    except (OSError, ValueError, RuntimeError):  # closed meanwhile
        return False


def _wake(sock, listening):
    """Make a call blocked on `sock` return (close() alone does not). On Linux shutdown() does
    it, for accept(), recv() and select() alike. Elsewhere a datagram or a connection to it
    does; it is sent while the socket still holds its port, never to whoever gets it next."""
    try:
        address = sock.getsockname()
    except OSError:
        return
    if listening and not sys.platform.startswith("linux"):
        try:
            if sock.type == socket.SOCK_DGRAM:
                sock.sendto(b"", address)  # to itself
            else:
                socket.create_connection(address[:2], timeout=0.2).close()
        except OSError:
            pass
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _park(listener):
    """A thread that swallows every exception around accept() spins on the shut listener:
    give its descriptor a listening socket that no one knows, so that accept() sleeps."""
    if os.name != "posix" or listener.fileno() == -1:
        listener.close()
        return False
    with socket.create_server(("127.0.0.1", 0)) as hole:
        try:
            os.dup2(hole.fileno(), listener.fileno())  # the thread's next accept() waits forever
        except OSError:  # its own thread closed it meanwhile: it no longer spins on it
            return False
    return True


def _adopt_child_threads():
    """Threads a server thread starts (one per client, say) belong to that server too."""
    original_init = threading.Thread.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        server = _owner.get(threading.get_ident())
        if server is None:
            return
        run = self.run

        def run_in_server():
            server._enter_thread()
            try:
                run()
            except _Stop:
                pass
            except Exception as exc:
                try:
                    server.report(exc)
                except _Stop:  # stop() landed while reporting: the server is going anyway
                    pass
            finally:
                server._leave_thread()

        self.run = run_in_server
        server.add_thread(self)

    threading.Thread.__init__ = init


_adopt_child_threads()


_swallowed = set()  # threads where a stop landed in a finalizer and was lost: stop() resends


def _note_swallowed_stops():
    """A stop that lands in a finalizer (a __del__, a weakref callback) is swallowed by Python,
    which prints "Exception ignored in …": noted instead, for stop() to send it again."""
    previous = sys.unraisablehook

    def hook(unraisable):
        if unraisable.exc_type is _Stop:
            _swallowed.add(threading.get_ident())
        else:
            previous(unraisable)

    sys.unraisablehook = hook


_note_swallowed_stops()


def _join(thread, deadline):
    """Wait for `thread` until `deadline`, sending again a stop it swallowed in a finalizer."""
    while thread.is_alive() and time.monotonic() < deadline:
        thread.join(min(0.05, max(0.0, deadline - time.monotonic())))
        if thread.ident in _swallowed:
            _swallowed.discard(thread.ident)
            interrupt(thread, _Stop)


def launch(name, make_server, show=True):
    """Stop any previous server called `name`, then start `make_server()` in its place."""
    previous = _servers.get(name)
    if previous is not None:
        previous.stop()
    server = make_server()
    server.activate()
    if server.listener is not None:
        server._check_loopback()
    _servers[name] = server
    if show:
        server.terminal.display()
    return server


def start_server(name, target, *args, show=True):
    """Run `target(*args)` as the background server `name`, replacing any previous one."""
    return launch(name, lambda: Server(name, target, args), show=show)


def forget(server):
    """The one way a server leaves the registry (stop() calls it)."""
    if _servers.get(server.name) is server:
        del _servers[server.name]


def running_servers():
    """The servers started and not stopped, oldest first."""
    return list(_servers.values())


def server_of_thread(ident=None):
    """The server whose code the thread `ident` (default: the calling one) runs, or None."""
    return _owner.get(threading.get_ident() if ident is None else ident)


def stop_all():
    """Stop every background server (also run when the kernel exits)."""
    for server in list(_servers.values()):
        server.stop()


atexit.register(stop_all)


@contextlib.contextmanager
def stop_deferred():
    """In a server thread: stop() does not interrupt the block, it raises _Stop at its end.

    An interrupt that lands just after accept() returned would lose the new connection's
    file descriptor (it is not yet a socket object); stop() wakes the blocked call instead.
    """
    server, ident = _owner[threading.get_ident()], threading.get_ident()
    with server.condition:
        if server.stopping:
            raise _Stop
        server._deferring.add(ident)
    try:
        yield
    finally:
        with server.condition:
            server._deferring.discard(ident)
            stopping = server.stopping
        if stopping:
            raise _Stop


def _serve_connection(handle, conn, address):
    with conn:
        try:
            handle(conn, address)
        except Exception as exc:
            _owner[threading.get_ident()].report(exc)


def _tcp_loop(handle, one_thread_per_client, backlog=None):
    with socket.create_server(("127.0.0.1", 0), backlog=backlog) as listener:
        while True:
            with stop_deferred():
                conn, address = listener.accept()
                if one_thread_per_client:  # Thread.start() takes locks an interrupt could keep
                    threading.Thread(target=_serve_connection, args=(handle, conn, address),
                                     daemon=True).start()
                    conn = None
            if conn is not None:
                _serve_connection(handle, conn, address)


def _udp_loop(handle):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        while True:
            data, address = sock.recvfrom(65535)
            try:
                reply = handle(data, address)
            except Exception as exc:
                _owner[threading.get_ident()].report(exc)
                continue
            if reply is not None:
                sock.sendto(reply, address)


def start_tcp_server(name, handle, one_thread_per_client=False, show=True, backlog=None):
    """A TCP server on loopback, port 0, that calls `handle(conn, address)` for each client
    (`backlog`: how many connections may wait to be accepted, as for listen())."""
    return start_server(name, _tcp_loop, handle, one_thread_per_client, backlog, show=show)


def start_udp_server(name, handle, show=True):
    """A UDP server on loopback, port 0: `handle(data, address)` returns the reply (or None)."""
    return start_server(name, _udp_loop, handle, show=show)
