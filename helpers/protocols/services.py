"""Servers from libraries (http.server, xmlrpc.server, pyftpdlib, asyncio …) as background servers.

They start, stop, show their terminal and replace a previous server of the same name exactly
like a learner's server (see servers.py): one mechanism for every server of the course.
"""

import asyncio
import socket

from ..core.servers import STOP_TIMEOUT, Server, launch

SERVE_POLL = 0.05  # seconds between two checks for a stop request in socketserver's loop


class Service(Server):
    """A library's server whose socket already listens: `serve()` runs in the server thread
    until `shutdown()`, called from the client side, makes it return."""

    def __init__(self, name, listener, serve, shutdown):
        super().__init__(name, serve)
        self._given_listener = listener
        self._library_shutdown = shutdown

    def activate(self):
        self.mark_ready(self._given_listener)  # connections wait in the listen backlog now
        super().activate()

    def shutdown(self):
        self._library_shutdown()
        for thread in self.threads:
            thread.join(STOP_TIMEOUT / 2)
        super().shutdown()  # whatever still runs (a handler stuck in a call) is interrupted


def start_service(name, listener, serve, shutdown, show=True):
    """Run a library's server `name` in the background (it listens on `listener` already)."""
    return launch(name, lambda: Service(name, listener, serve, shutdown), show=show)


def start_socketserver(name, server, show=True):
    """A socketserver-based server (http.server, xmlrpc.server …), built on ("127.0.0.1", 0)."""
    return start_service(name, server.socket,
                         lambda: server.serve_forever(poll_interval=SERVE_POLL),
                         server.shutdown, show=show)


def start_asyncio_server(name, serve_on, show=True):
    """An asyncio server on its own event loop, in its own thread (the kernel's loop is busy).

    `serve_on(sock)` is a coroutine function that starts serving on the listening socket
    `sock` (e.g. `loop.create_server(factory, sock=sock)`) and returns the asyncio server.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    loop = asyncio.SelectorEventLoop()  # the same kind of loop on every system
    stop_request = loop.create_future()

    async def main():
        server = await serve_on(listener)
        try:
            await stop_request
        finally:
            server.close()
            if hasattr(server, "close_clients"):  # Python 3.13+
                server.close_clients()
            else:  # before 3.13: the loop's own record of its connections
                for transport in list(getattr(loop, "_transports", {}).values()):
                    transport.close()
            clients = asyncio.all_tasks() - {asyncio.current_task()}
            for task in clients:  # a client's handler, cancelled, closes its connection
                task.cancel()
            await asyncio.wait([*clients, asyncio.ensure_future(server.wait_closed())],
                               timeout=STOP_TIMEOUT / 2)

    def serve():
        try:
            loop.run_until_complete(main())
        finally:
            loop.close()

    def shutdown():
        loop.call_soon_threadsafe(lambda: stop_request.done() or stop_request.set_result(None))

    return start_service(name, listener, serve, shutdown, show=show)
