"""Helpers for the sockets course: background servers, their terminals, exercises."""

from .servers import (ServerError, start_server, start_tcp_server, start_udp_server,
                      stop_all)
from .setup_check import check_setup

__all__ = ["ServerError", "check_setup", "start_server", "start_tcp_server",
           "start_udp_server", "stop_all"]
