"""Telnet in the course: telnetlib3's server as a background server, and IAC bytes made readable."""

import asyncio

from telnetlib3 import telopt
from telnetlib3.server import TelnetServer

from .services import start_asyncio_server

NEGOTIATION_WAIT = 1.0  # seconds the server waits for a client that never answers its options
_VERBS = {telopt.DO, telopt.DONT, telopt.WILL, telopt.WONT}


def start_telnet_server(name, shell, show=True):
    """A Telnet server (telnetlib3) on loopback, port 0: `shell(reader, writer)` serves each
    client once the options are negotiated (a coroutine function: asyncio)."""

    async def serve_on(sock):
        loop = asyncio.get_running_loop()
        return await loop.create_server(
            lambda: TelnetServer(shell=shell, connect_maxwait=NEGOTIATION_WAIT), sock=sock)

    return start_asyncio_server(name, serve_on, show=show)


_SB_CODES = {0: "IS", 1: "SEND"}  # RFC 1091 (TTYPE) and the options built like it


def _subnegotiation(data, i):
    """The words of IAC SB <option> … IAC SE starting at data[i], and where it ends."""
    end = data.find(telopt.IAC + telopt.SE, i + 3)
    if end < 0 or i + 2 >= len(data):
        return None, i
    option, body = data[i + 2:i + 3], data[i + 3:end]
    words = ["IAC SB", telopt.name_option(option)]
    if option in (telopt.TTYPE, telopt.TSPEED, telopt.XDISPLOC, telopt.NEW_ENVIRON) and body:
        words.append(_SB_CODES.get(body[0], str(body[0])))
        body = body[1:]
    if body:
        words.append(repr(body.decode("utf-8", "replace")) if body.isascii() and
                     body.decode().isprintable() else " ".join(str(b) for b in body))
    return " ".join(words + ["IAC SE"]), end + 2


def describe(data):
    """Telnet bytes in words: b"\\xff\\xfd\\x18" → "IAC DO TTYPE"; plain text stays as it is;
    a sub-negotiation reads "IAC SB TTYPE SEND IAC SE", "IAC SB TTYPE IS 'xterm' IAC SE"."""
    words, text, i = [], b"", 0
    while i < len(data):
        if data[i:i + 1] != telopt.IAC:
            text += data[i:i + 1]
            i += 1
            continue
        if text:
            words.append(repr(text.decode("utf-8", "replace")))
            text = b""
        command = data[i + 1:i + 2]
        if command == telopt.SB:
            sub, after = _subnegotiation(data, i)
            if sub:
                words.append(sub)
                i = after
                continue
        if command in _VERBS and i + 2 < len(data):
            option = data[i + 2:i + 3]
            words.append(f"IAC {telopt.name_command(command)} {telopt.name_option(option)}")
            i += 3
        else:
            words.append(f"IAC {telopt.name_command(command)}" if command else "IAC")
            i += 2
    if text:
        words.append(repr(text.decode("utf-8", "replace")))
    return " · ".join(words)
