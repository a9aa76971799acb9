"""Exercise of 08_telnet_gopher: a Gopher client that reads a menu into tuples."""

import socket

from .framework import Fail, Exercise, checker_server
from ..core.servers import start_tcp_server


def lire_menu(adresse, selecteur):
    with socket.create_connection(adresse, timeout=5) as sock:
        sock.sendall(selecteur.encode("utf-8") + b"\r\n")
        recu = b""
        while morceau := sock.recv(4096):
            recu += morceau
    entrees = []
    for ligne in recu.decode("utf-8").split("\r\n"):
        if ligne == ".":
            break
        type_et_libelle, cible, hote, port = ligne.split("\t")
        entrees.append((type_et_libelle[0], type_et_libelle[1:], cible, hote, int(port)))
    return entrees


_MENUS = {
    "": [("i", "Bienvenue", ""), ("0", "Lisez-moi", "/lisez-moi"), ("1", "Archives", "/archives")],
    "/archives": [("0", "Année 1991", "/archives/1991"), ("0", "Année 1992", "/archives/1992")],
    "/long": [("0", f"Document numéro {n}", f"/long/{n}") for n in range(1, 301)],
}
PIECE = 512  # the long menu leaves the server in pieces of this many bytes


def _serve_menus(conn, address):
    conn.settimeout(5)
    with conn.makefile("rb") as request:
        selector = request.readline().decode("utf-8").rstrip("\r\n")
    host, port = conn.getsockname()[:2]
    lines = [f"{kind}{label}\t{target}\t{host}\t{port}" for kind, label, target in
             _MENUS.get(selector, [("3", f"Sélecteur inconnu : {selector!r}", "")])]
    reply = ("\r\n".join(lines) + "\r\n.\r\n").encode("utf-8")
    for start in range(0, len(reply), PIECE):
        conn.sendall(reply[start:start + PIECE])


def _expected(selector, address):
    return [(kind, label, target, address[0], address[1]) for kind, label, target in
            _MENUS[selector]]


def _expect_menu(got, expected):
    if not isinstance(got, list):
        raise Fail(f"attendu une liste de tuples, obtenu {type(got).__name__} : {got!r:.120}")
    for number, (entry, wanted) in enumerate(zip(got, expected), start=1):
        if type(entry) is not tuple or entry != wanted:
            raise Fail(f"entrée {number} : attendu {wanted!r}, obtenu {entry!r}")
    if len(got) != len(expected):
        raise Fail(f"attendu {len(expected)} entrées, obtenu {len(got)}"
                   + (f" (la dernière : {got[-1]!r})" if got else ""))


def _case(selector):
    def case(call):
        with checker_server(start_tcp_server, _serve_menus) as address:
            _expect_menu(call(address, selector), _expected(selector, address))
    return case


ex1 = Exercise(
    number="1",
    function_name="lire_menu",
    cases=[
        ("le menu principal (sélecteur vide)", _case("")),
        ("le sous-menu « /archives »", _case("/archives")),
        ("un menu de 300 entrées, qui arrive en plusieurs morceaux", _case("/long")),
    ],
    hints=[
        "La requête tient en une ligne : selecteur.encode(\"utf-8\") + b\"\\r\\n\". "
        "Puis appelez recv() en boucle jusqu'à recevoir b\"\" : le serveur ferme quand il a fini.",
        "Découpez le texte reçu en lignes avec split(\"\\r\\n\") et arrêtez-vous à la ligne \".\". "
        "Chaque ligne se coupe en quatre avec split(\"\\t\") ; le premier caractère est le type, "
        "et le port devient un int.",
    ],
    reference=lire_menu,
)
