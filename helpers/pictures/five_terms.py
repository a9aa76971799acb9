"""The picture of 01_vocabulaire: the five terms placed on one real connection."""

import socket

from .svg import Drawing

FAMILY_WORDS = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6"}
TYPE_WORDS = {socket.SOCK_STREAM: "flux, orienté connexion", socket.SOCK_DGRAM: "datagrammes"}
PROTO_NAMES = {socket.IPPROTO_TCP: "IPPROTO_TCP", socket.IPPROTO_UDP: "IPPROTO_UDP"}


def _tag(d, x, y, number, term, value, note):
    d.box(x, y, 250, 58, fill="#fff8e6", stroke="#b7862b")
    d.text(x + 12, y + 20, f"{number}. {term}", anchor="start", bold=True, color="#7a5511")
    d.text(x + 12, y + 38, value, anchor="start")
    d.text(x + 12, y + 52, note, size=11, anchor="start", color="#666")


def connection_picture(client):
    """Draw `client`, a connected socket: its family, type, protocol, and the server's host.

    The port is not written as a number (it changes at every run): the picture says where it
    comes from instead.
    """
    family, kind, proto = client.family, client.type, client.proto
    host = client.getpeername()[0]
    d = Drawing(820, 330)
    d.describe(
        "Les cinq termes du vocabulaire sur une vraie connexion",
        f"Un client se connecte à un serveur. Ce que la socket est : 1. famille {family.name} "
        f"({FAMILY_WORDS.get(family, '')}), 2. type {kind.name}, 3. protocole {proto}. "
        f"Où elle se connecte : 4. hôte {host!r}, 5. le port du serveur, choisi par le système.")
    d.box(40, 20, 200, 70)
    d.text(140, 50, "client", bold=True)
    d.text(140, 72, "socket.socket(…)", size=12)
    d.box(580, 20, 200, 70)
    d.text(680, 50, "serveur", bold=True)
    d.text(680, 72, "bind(), listen(), accept()", size=12)
    d.arrow(240, 55, 578, 55)
    d.text(410, 45, "connect((hôte, port))", size=12)
    # what the socket is made of: under the client
    d.line(140, 90, 140, 120, dashed=True)
    _tag(d, 15, 120, 1, "famille (domaine)", family.name, FAMILY_WORDS.get(family, ""))
    d.line(140, 178, 140, 190, dashed=True)
    _tag(d, 15, 190, 2, "type", kind.name, TYPE_WORDS.get(kind, ""))
    d.line(140, 248, 140, 260, dashed=True)
    proto_note = "0 = le choix par défaut" if proto == 0 else PROTO_NAMES.get(proto, "")
    _tag(d, 15, 260, 3, "protocole", str(proto), proto_note)
    # where it goes: under the server
    d.line(680, 90, 680, 120, dashed=True)
    _tag(d, 555, 120, 4, "hôte (hostname)", repr(host), "l'interface du serveur")
    d.line(680, 178, 680, 190, dashed=True)
    _tag(d, 555, 190, 5, "port", "serveur.port", "choisi par le système (bind port 0)")
    d.text(410, 150, "socket(famille, type, protocole)", size=12, color="#35587a")
    d.text(410, 170, "← ce que la socket est", size=12, color="#35587a")
    d.text(410, 220, "(hôte, port)", size=12, color="#35587a")
    d.text(410, 240, "où elle se connecte →", size=12, color="#35587a")
    return d
