"""Twisted's reactor in one background thread for the whole kernel, and Twisted servers on it.

The reactor runs once per process and cannot be restarted: its thread starts with the first
Twisted server and lives until the kernel exits. Each server is only a listener added to it,
and behaves like every other server of the course (servers.py): name, address, terminal,
stop(), re-running replaces it. Twisted's log goes to the terminal of the server it is about.
"""

import atexit
import concurrent.futures
import select
import sys
import threading
import types

from ..core import terminal as _terminal
from ..core.servers import POLLERS, STOP_TIMEOUT, Guard, Server, launch, running_servers

_lock = threading.Lock()
_thread = None
_cond = Guard()  # shared by every Twisted server: one thread, one state
_state = {"waiting": False}  # True while the reactor thread waits for events
_current = [None]  # the server whose code the reactor runs at this moment


def _watch(frame, event, arg):
    """Profile hook of the reactor thread: notes when it waits for events, and when not."""
    if event[0] != "c" or getattr(arg, "__name__", None) not in ("poll", "control", "select"):
        return
    if not isinstance(getattr(arg, "__self__", None), (*POLLERS, types.ModuleType)):
        return  # epoll / poll / kqueue objects, or select.select: the reactor's wait
    with _cond:
        _state["waiting"] = event == "c_call"
        _cond.notify_all()


def _idle():
    """True when the reactor waits for events and none is there: nothing to read or write."""
    from twisted.internet import reactor as twisted_reactor
    if not _state["waiting"] or twisted_reactor.getWriters():
        return False
    try:
        return not select.select(twisted_reactor.getReaders(), [], [], 0)[0]
    except (OSError, ValueError):  # a connection closed meanwhile: look again
        return False


def _observe(event):
    """Twisted's log observer: each event goes to the terminal of the server it concerns."""
    server = _current[0]
    if server is None or threading.current_thread() is not _thread:
        return
    failure = event.get("log_failure")
    if failure is not None:
        server.report(failure.value)
        return
    from twisted.logger import formatEvent
    server.terminal.write(formatEvent(event) + "\n")


def _run(reactor):
    sys.setprofile(_watch)
    try:
        reactor.run(installSignalHandlers=False)
    finally:
        sys.setprofile(None)


def reactor():
    """Twisted's reactor, running in its background thread (started on first use)."""
    global _thread
    from twisted.internet import reactor as twisted_reactor
    with _lock:
        if _thread is None:
            from twisted.logger import globalLogBeginner
            globalLogBeginner.beginLoggingTo([_observe], redirectStandardIO=False)
            _thread = threading.Thread(target=_run, args=(twisted_reactor,),
                                       name="réacteur-twisted", daemon=True)
            _thread.start()
            atexit.register(_stop_reactor)
    return twisted_reactor


def _stop_reactor():
    """At exit: stop the Twisted servers (their clients are told), then the reactor."""
    for server in running_servers():
        if isinstance(server, ReactorServer):
            server.stop()
    twisted_reactor = reactor()
    if _thread.is_alive():
        twisted_reactor.callFromThread(twisted_reactor.stop)
        _thread.join(STOP_TIMEOUT)


def call(function, *args, timeout=STOP_TIMEOUT, **kwargs):
    """Run function(*args) in the reactor thread and return its result (waits for a Deferred)."""
    from twisted.internet import defer
    twisted_reactor = reactor()
    future = concurrent.futures.Future()

    def run():
        result = defer.maybeDeferred(function, *args, **kwargs)
        result.addCallbacks(future.set_result, lambda f: future.set_exception(f.value))

    twisted_reactor.callFromThread(run)
    return future.result(timeout)


class _Routed:
    """While a server's code runs in the reactor thread, its prints and logs go to its terminal."""

    def __init__(self, server):
        self.server = server

    def __enter__(self):
        _current[0] = self.server
        _terminal.attach(self.server.terminal)

    def __exit__(self, kind, exc, tb):
        if isinstance(exc, Exception):  # reported in the server's terminal and client cell
            self.server.report(exc)
        _terminal.detach()
        _current[0] = None
        return isinstance(exc, Exception)


def _routing_factory(server, factory):
    """Wraps a Twisted factory: each connection's callbacks run routed to `server`."""
    from twisted.internet import defer
    from twisted.protocols.policies import ProtocolWrapper, WrappingFactory

    class Routed(ProtocolWrapper):
        def __init__(self, factory, wrapped):
            super().__init__(factory, wrapped)
            self.lost = defer.Deferred()

        def makeConnection(self, transport):
            with _Routed(server):
                super().makeConnection(transport)

        def dataReceived(self, data):
            with _Routed(server):
                try:
                    super().dataReceived(data)
                except Exception:
                    self.transport.loseConnection()
                    raise

        def connectionLost(self, reason):
            with _Routed(server):
                super().connectionLost(reason)
            self.lost.callback(None)

    wrapping = WrappingFactory(factory)
    wrapping.protocol = Routed
    wrapping.noisy = factory.noisy = False
    return wrapping


class ReactorServer(Server):
    """A Twisted server factory listening on loopback, port 0, in the shared reactor.

    It has no thread of its own: it listens in the reactor's thread, and shares its state
    (one condition for every Twisted server)."""

    def __init__(self, name, factory, tls_files=None):
        super().__init__(name, condition=_cond)
        self._factory = _routing_factory(self, factory)
        self._tls_files = tls_files  # (certfile, keyfile): TLS from the first byte
        self._port = None

    def activate(self):
        twisted_reactor = reactor()
        factory = self._factory if self._tls_files is None else \
            _over_tls(self._factory, *self._tls_files)
        self._port = call(twisted_reactor.listenTCP, 0, factory, interface="127.0.0.1")
        self.mark_ready(self._port.socket)

    def shutdown(self):
        def close():
            from twisted.internet import defer
            connections = list(self._factory.protocols)
            with _Routed(self):
                for connection in connections:
                    connection.transport.loseConnection()
            return defer.gatherResults([self._port.stopListening()]
                                       + [c.lost for c in connections])

        if self._port is not None and _thread.is_alive():
            try:
                call(close)
            except concurrent.futures.TimeoutError:
                print(_stop_timeout(self.name))

    @property
    def running(self):
        return not self.stopping and self._port is not None

    def is_idle(self):
        return _idle()


def _over_tls(factory, certfile, keyfile):
    """`factory`'s connections, over TLS from the first byte (pyOpenSSL's context).

    twisted.internet.ssl would need one more package (service_identity): the TLS layer
    itself, twisted.protocols.tls, needs only pyOpenSSL."""
    from OpenSSL import SSL
    from twisted.internet.interfaces import IOpenSSLServerConnectionCreator
    from twisted.protocols.tls import TLSMemoryBIOFactory
    from zope.interface import implementer

    context = SSL.Context(SSL.TLS_SERVER_METHOD)
    context.set_min_proto_version(SSL.TLS1_2_VERSION)
    context.use_certificate_chain_file(certfile)
    context.use_privatekey_file(keyfile)

    @implementer(IOpenSSLServerConnectionCreator)
    class Settings:  # what TLSMemoryBIOFactory asks: one OpenSSL connection per client
        def serverConnectionForTLS(self, protocol):
            return SSL.Connection(context, None)

    tls = TLSMemoryBIOFactory(Settings(), False, factory)
    tls.noisy = False
    return tls


def _stop_timeout(name):
    from ..core.messages import text
    return text("stop_timeout", name=name, seconds=STOP_TIMEOUT)


def start_reactor_server(name, factory, show=True, tls_files=None):
    """Serve Twisted's `factory` as the background server `name` (loopback, port 0); with
    `tls_files` (certfile, keyfile), over TLS from the first byte (implicit TLS)."""
    return launch(name, lambda: ReactorServer(name, factory, tls_files), show=show)

