"""Exercises of 08_telnet_gopher: 1, a Telnet client that accepts one option and refuses the
others; 2, a Gopher client that reads a menu into tuples."""

import socket

from telnetlib3 import telopt

from .framework import Fail, Exercise, checker_server, expect_equal
from ..core.servers import start_tcp_server
from ..protocols.telnet import describe


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


ex2 = Exercise(
    number="2",
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


# -- Exercise 1: a Telnet client that accepts one option (TTYPE) and refuses the others ------

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
TTYPE, IS, SEND = 24, 0, 1


def accueil(adresse, terminal):
    with socket.create_connection(adresse, timeout=5) as sock:
        recu, texte = b"", b""
        while not texte.endswith(b"> "):
            morceau = sock.recv(1024)
            if not morceau:
                break
            recu += morceau
            while recu and (recu[0] != IAC or len(recu) >= 3):
                if recu[0] != IAC:                       # du texte
                    texte, recu = texte + recu[:1], recu[1:]
                elif recu[1] == SB:                      # IAC SB … IAC SE
                    fin = recu.find(bytes([IAC, SE]))
                    if fin < 0:
                        break                            # la suite n'est pas encore là
                    if recu[2:4] == bytes([TTYPE, SEND]):
                        sock.sendall(bytes([IAC, SB, TTYPE, IS]) + terminal.encode("ascii")
                                     + bytes([IAC, SE]))
                    recu = recu[fin + 2:]
                else:                                    # IAC verbe option
                    verbe, option = recu[1], recu[2]
                    if verbe == DO:
                        sock.sendall(bytes([IAC, WILL if option == TTYPE else WONT, option]))
                    elif verbe == WILL:
                        sock.sendall(bytes([IAC, DONT, option]))
                    recu = recu[3:]
    return texte.decode("utf-8")


def _read_until(conn, wanted_size=None, end=None):
    """What the client sends, up to wanted_size bytes or up to `end`; b"" … on silence."""
    data = b""
    try:
        while (wanted_size is None or len(data) < wanted_size) and \
                (end is None or not data.endswith(end)):
            piece = conn.recv(1 if wanted_size is None and end is None else 1024)
            if not piece:
                break
            data += piece
    except OSError:  # the client is silent (timeout) or gone
        pass
    return data


_ASKED = [(DO, TTYPE), (WILL, telopt.ECHO[0]), (DO, telopt.NAWS[0])]
_ANSWERS = {(DO, TTYPE): (WILL, TTYPE), (WILL, telopt.ECHO[0]): (DONT, telopt.ECHO[0]),
            (DO, telopt.NAWS[0]): (WONT, telopt.NAWS[0])}
_SB_SEND = bytes([IAC, SB, TTYPE, SEND, IAC, SE])


def _telnet_server(record, terminal, one_by_one, option_in_text):
    """A checker's Telnet server: asks three options, then the terminal type, then greets;
    record["problem"] says in French what the client got wrong (what it sent, in words)."""
    def refuse(conn, problem):
        record["problem"] = problem
        conn.sendall(b"Refus.\r\n")

    def serve(conn, address):
        conn.settimeout(1.0)
        asked = [bytes([IAC, verb, option]) for verb, option in _ASKED]
        for number, question in enumerate(asked if one_by_one else [b"".join(asked)]):
            conn.sendall(question)
            size = 3 if one_by_one else 9
            got = _read_until(conn, size)
            wanted = [bytes([IAC, *_ANSWERS[_ASKED[i]]]) for i in
                      ([number] if one_by_one else range(3))]
            if sorted(got[i:i + 3] for i in range(0, len(got), 3)) != sorted(wanted):
                return refuse(conn, f"à {describe(question)}, le serveur attendait "
                              f"{describe(b''.join(wanted))} ; il a reçu "
                              f"{describe(got) if got else 'rien'}")
        conn.sendall(_SB_SEND)
        wanted = bytes([IAC, SB, TTYPE, IS]) + terminal.encode() + bytes([IAC, SE])
        got = _read_until(conn, end=bytes([IAC, SE]))
        if got != wanted:
            return refuse(conn, f"à {describe(_SB_SEND)}, le serveur attendait "
                          f"{describe(wanted)} ; il a reçu {describe(got) if got else 'rien'}")
        greeting = f"Bienvenue, {terminal} !\r\n> ".encode()
        if not option_in_text:
            return conn.sendall(greeting)
        middle = greeting.index(b",") + 1
        conn.sendall(greeting[:middle] + bytes([IAC, WILL, telopt.SGA[0]]) + greeting[middle:])
        after = _read_until(conn, end=bytes([IAC, DONT, telopt.SGA[0]]))
        if not after.endswith(bytes([IAC, DONT, telopt.SGA[0]])):
            record["problem"] = (f"à IAC WILL SGA (au milieu du texte), le serveur attendait "
                                 f"IAC DONT SGA ; il a reçu {describe(after) if after else 'rien'}")
    return serve


def _telnet_case(terminal, one_by_one=False, option_in_text=False):
    def case(call):
        record = {}
        serve = _telnet_server(record, terminal, one_by_one, option_in_text)
        with start_tcp_server("vérification", serve, show=False) as server:
            try:
                got = call(server.address, terminal)
            except Fail:
                server.settle()
                if "problem" in record:
                    raise Fail(record["problem"]) from None
                raise
            server.settle()
        if "problem" in record:
            raise Fail(record["problem"])
        expect_equal(got, f"Bienvenue, {terminal} !\r\n> ")
    return case


ex1 = Exercise(
    number="1",
    function_name="accueil",
    cases=[
        ("trois options demandées d'un coup, terminal « xterm »", _telnet_case("xterm")),
        ("les options demandées une à une (chaque question attend sa réponse), « vt100 »",
         _telnet_case("vt100", one_by_one=True)),
        ("une option au milieu du texte d'accueil, terminal « ansi »",
         _telnet_case("ansi", option_in_text=True)),
    ],
    hints=[
        "Lisez en boucle jusqu'à ce que le texte (sans les commandes) finisse par b\"> \". "
        "Gardez les octets reçus dans un tampon : une commande IAC peut arriver en deux fois.",
        "Un octet 255 (IAC) ouvre une commande de 3 octets : IAC verbe option. "
        "À DO TTYPE répondez WILL TTYPE ; à tout autre DO, WONT ; à tout WILL, DONT.",
        "IAC SB TTYPE SEND IAC SE demande le nom du terminal : répondez "
        "IAC SB TTYPE IS, le nom en octets, IAC SE (bytes([255, 250, 24, 0]) + …). "
        "Ce qui n'est pas une commande est du texte : ajoutez-le au texte rendu.",
    ],
    reference=accueil,
)
