"""The table of socket methods of 02_module_socket, read from the socket module itself."""

import inspect
import socket

from ..core.theme import html_table

# (name, category in the chapter, what it does, who calls it, does it wait?)
METHODS = [
    ("bind", "serveur", "lie la socket à une adresse (hôte, port)", "le serveur", "non"),
    ("listen", "serveur", "met la socket TCP à l'écoute", "le serveur", "non"),
    ("accept", "serveur", "prend le client suivant : (connexion, adresse)", "le serveur",
     "oui, jusqu'à ce qu'un client arrive"),
    ("connect", "client", "ouvre la connexion TCP vers le serveur", "le client",
     "oui, le temps d'établir la connexion"),
    ("recv", "générale", "reçoit des octets (TCP)", "les deux",
     "oui, jusqu'à ce que des octets arrivent"),
    ("send", "générale", "envoie des octets, peut-être une partie seulement (TCP)", "les deux",
     "oui, si le tampon d'envoi est plein"),
    ("sendall", "générale", "envoie tous les octets (TCP)", "les deux",
     "oui, jusqu'à ce que tout soit parti"),
    ("recvfrom", "générale", "reçoit un datagramme et l'adresse de l'expéditeur (UDP)",
     "les deux", "oui, jusqu'à ce qu'un datagramme arrive"),
    ("sendto", "générale", "envoie un datagramme à une adresse (UDP)", "les deux",
     "presque jamais"),
    ("close", "générale", "ferme la socket", "les deux", "non"),
    ("gethostname", "module", "renvoie le nom de la machine", "n'importe qui", "non"),
]
COLUMNS = ["appel", "signature (docstring)", "catégorie", "rôle", "qui l'appelle", "bloque ?"]


def _call(name):
    """How the module offers `name`: a socket method, or a function of the module."""
    return f"s.{name}()" if hasattr(socket.socket, name) else f"socket.{name}()"


def _signature(name):
    """The signature line the module's own docstring gives (or inspect, when it has none)."""
    function = getattr(socket.socket, name, None) or getattr(socket, name)
    first = (function.__doc__ or "").strip().splitlines()[:1]
    if first and first[0].startswith(name + "("):
        return first[0]
    params = list(inspect.signature(function).parameters)[1:]
    return f"{name}({', '.join(params)})"


def rows():
    return [(_call(name), _signature(name), family, role, who, blocks)
            for name, family, role, who, blocks in METHODS]


class MethodTable:
    """Shown as an HTML table in the notebook; as plain text elsewhere."""

    def _repr_html_(self):
        return html_table(COLUMNS, rows(), code=(0, 1))

    def __repr__(self):
        return "\n".join(" | ".join(row) for row in [tuple(COLUMNS)] + rows())


def method_table():
    return MethodTable()
