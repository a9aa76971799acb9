"""Exercises of 03_serveur: the learner writes the accept loop, the checker sends real clients."""

import socket
import struct
import threading

from .framework import Exercise, Fail, expect_equal

ACCEPT_TIMEOUT = 2.0  # the learner's accept() gives up before the checker's 3 s
READ_TIMEOUT = 1.0


def accueillir(ecoute, combien):
    for numero in range(1, combien + 1):
        connexion, adresse = ecoute.accept()
        message = f"Bienvenue, client n°{numero} !\n"
        connexion.sendall(message.encode("utf-8"))
        connexion.close()


def saluer(ecoute, combien):
    for _ in range(combien):
        connexion, adresse = ecoute.accept()
        with connexion:
            recu = b""
            try:
                while not recu.endswith(b"\n"):
                    morceau = connexion.recv(1024)
                    if not morceau:
                        break
                    recu += morceau
            except ConnectionResetError:
                continue
            if recu.endswith(b"\n"):
                prenom = recu.decode("utf-8").rstrip("\n")
                connexion.sendall(f"Bonjour, {prenom} !\n".encode("utf-8"))


def _read_to_end(conn):
    chunks = []
    while True:
        data = conn.recv(1024)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


def _clients(address, count, answers):
    """Real clients, one after the other: each reads until the server closes."""
    for _ in range(count):
        try:
            with socket.create_connection(address, timeout=READ_TIMEOUT) as conn:
                answers.append(_read_to_end(conn))
        except socket.timeout:
            answers.append(None)
        except OSError as problem:
            answers.append(problem)


class _Listener:
    """The listening socket as the learner sees it; keeps each accepted socket alive, so
    that only the learner's close() ends a connection (not garbage collection)."""

    def __init__(self, real):
        self._real = real
        self.kept = []

    def accept(self):
        connexion, adresse = self._real.accept()
        self.kept.append(connexion)
        return connexion, adresse

    def __getattr__(self, name):
        return getattr(self._real, name)


def _with_clients(call, count, clients, *args):
    """Run the learner's `call(listener, count)` on a fresh listening socket while
    `clients(address, *args, answers)` plays the clients in a thread; return the answers."""
    answers = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(ACCEPT_TIMEOUT)
        players = threading.Thread(target=clients, name="clients-vérification",
                                   args=(listener.getsockname(), *args, answers), daemon=True)
        players.start()
        seen = _Listener(listener)
        try:
            call(seen, count)
        finally:
            players.join((READ_TIMEOUT + 1) * count)
            for connexion in seen.kept:
                connexion.close()
    return answers


def serve_clients(call, count):
    """Run the learner's server on a fresh listening socket with `count` real clients.

    Returns what each client received (bytes), None for a client that never saw the end.
    """
    try:
        answers = _with_clients(call, count, _clients, count)
    except Fail as problem:
        if "TimeoutError" in str(problem) and "accept()" in str(problem):
            raise Fail(f"après les {count} client(s) prévus, votre fonction attend "
                       "encore un client qui ne viendra pas : la boucle doit faire "
                       "exactement « combien » tours") from None
        raise
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            raise Fail(f"le client n°{number} attend toujours la fin de la connexion : "
                       "fermez-la avec connexion.close() après l'envoi")
        if isinstance(answer, OSError):
            raise Fail(f"le client n°{number} n'a pas pu échanger avec le serveur ({answer})")
    return answers


def _decode(answer, number):
    try:
        return answer.decode("utf-8")
    except UnicodeDecodeError:
        raise Fail(f"le client n°{number} a reçu des octets qui ne sont pas de l'UTF-8 : "
                   f"{answer!r}") from None


def _case_numbers(call):
    answers = serve_clients(call, 3)
    got = [_decode(a, n) for n, a in enumerate(answers, start=1)]
    expect_equal(got, [f"Bienvenue, client n°{n} !\n" for n in (1, 2, 3)])


def _case_one_then_return(call):
    answers = serve_clients(call, 1)
    expect_equal(_decode(answers[0], 1), "Bienvenue, client n°1 !\n")


ex1 = Exercise(
    number="1",
    function_name="accueillir",
    cases=[
        ("trois clients l'un après l'autre reçoivent leur numéro", _case_numbers),
        ("avec combien=1, un seul client, puis la fonction rend la main", _case_one_then_return),
    ],
    hints=[
        "Une boucle for numero in range(1, combien + 1) : à chaque tour, "
        "connexion, adresse = ecoute.accept().",
        "Le message est du texte : une f-string, à encoder en UTF-8 avant sendall().",
        "Le client lit jusqu'à la fin : sans connexion.close(), il attend toujours.",
    ],
    reference=accueillir,
)

def _greeting_clients(address, plan, answers):
    """Clients one after the other; plan item: list of pieces to send, "leave" or "reset"."""
    for pieces in plan:
        try:
            conn = socket.create_connection(address, timeout=READ_TIMEOUT)
        except OSError as problem:
            answers.append(problem)
            continue
        with conn:
            if pieces == "reset":  # leaves at once with RST: the server's recv() raises
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                answers.append("reset")
                continue
            if pieces == "leave":  # leaves at once, politely (FIN): the server's recv() gives b''
                answers.append("leave")
                continue
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                for piece in pieces:
                    conn.sendall(piece)
                    threading.Event().wait(0.05)  # the pieces arrive apart
                answers.append(_read_to_end(conn))
            except socket.timeout:
                answers.append(None)
            except OSError as problem:
                answers.append(problem)


def _greet(call, plan):
    return _with_clients(call, len(plan), _greeting_clients, plan)


def _expect_greeting(answer, name, why):
    if answer is None:
        raise Fail(f"{why} : le client attend toujours la réponse ou la fin de la connexion "
                   "(lisez jusqu'au \\n, répondez, puis fermez la connexion)")
    if isinstance(answer, OSError):
        raise Fail(f"{why} : le client n'a pas pu échanger avec le serveur ({answer})")
    expect_equal(answer, f"Bonjour, {name} !\n".encode("utf-8"))


def _case_pieces(call):
    answers = _greet(call, [[b"A", b"na\n"]])
    if answers and answers[0] == "Bonjour, A !\n".encode("utf-8"):
        raise Fail("le prénom est arrivé en deux morceaux (b'A' puis b'na\\n') et votre serveur "
                   "a répondu après le premier : un seul recv() ne lit pas « le message », "
                   "lisez jusqu'au \\n")
    _expect_greeting(answers[0], "Ana", "prénom envoyé en deux morceaux")


def _case_leaves(call):
    answers = _greet(call, ["leave", [b"Bob\n"]])
    _expect_greeting(answers[1], "Bob", "après un client parti sans rien envoyer (recv() rend "
                     "b'')")


def _case_reset(call):
    answers = _greet(call, ["reset", [b"Chlo\xc3\xa9\n"]])
    _expect_greeting(answers[1], "Chloé", "après un client parti brutalement "
                     "(ConnectionResetError dans votre recv())")


ex2 = Exercise(
    number="2",
    function_name="saluer",
    cases=[
        ("un prénom qui arrive en deux morceaux reçoit « Bonjour, Ana ! »", _case_pieces),
        ("un client qui part sans rien envoyer ne bloque pas le suivant", _case_leaves),
        ("un client qui part brutalement (RST) ne fait pas tomber le serveur", _case_reset),
    ],
    hints=[
        "Pour chaque client, accumulez dans recu = b\"\" ce que rend connexion.recv(1024), "
        "tant que recu ne finit pas par b\"\\n\".",
        "Si recv() rend b\"\", le client est parti : sortez de la boucle de lecture sans "
        "répondre. S'il est parti brutalement, recv() lève ConnectionResetError : "
        "attrapez-la avec try/except et passez au client suivant.",
        "Dans tous les cas, fermez la connexion (un bloc with connexion: le fait), "
        "puis retournez à accept().",
    ],
    reference=saluer,
)
