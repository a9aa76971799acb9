"""Exercises of 03_serveur: the learner writes the accept loop, the checker sends real clients."""

import datetime
import re
import socket
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


def donner_heure(ecoute, combien):
    for _ in range(combien):
        connexion, adresse = ecoute.accept()
        heure = datetime.datetime.now().strftime("%H:%M:%S")
        connexion.sendall((heure + "\n").encode("ascii"))
        connexion.close()


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


def serve_clients(call, count):
    """Run the learner's server on a fresh listening socket with `count` real clients.

    Returns what each client received (bytes), None for a client that never saw the end.
    """
    answers = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(ACCEPT_TIMEOUT)
        clients = threading.Thread(target=_clients, name="clients-vérification",
                                   args=(listener.getsockname(), count, answers), daemon=True)
        clients.start()
        try:
            call(listener, count)
        except Fail as problem:
            if "TimeoutError" in str(problem) and "accept()" in str(problem):
                raise Fail(f"après les {count} client(s) prévus, votre fonction attend "
                           "encore un client qui ne viendra pas : la boucle doit faire "
                           "exactement « combien » tours") from None
            raise
        finally:
            clients.join((READ_TIMEOUT + 1) * count)
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
        "Le message est du texte : f\"Bienvenue, client n°{numero} !\\n\", encodé en UTF-8 "
        "et envoyé avec connexion.sendall(...), puis connexion.close() pour que le client "
        "voie la fin.",
    ],
    reference=accueillir,
)

_CLOCK = re.compile(r"\d\d:\d\d:\d\d\n")


def _case_clock(call):
    before = datetime.datetime.now()
    answers = serve_clients(call, 2)
    after = datetime.datetime.now()
    for number, answer in enumerate(answers, start=1):
        text = _decode(answer, number)
        if not _CLOCK.fullmatch(text):
            raise Fail(f"le client n°{number} attendait l'heure au format 'HH:MM:SS\\n' "
                       f"(par exemple '09:05:03\\n'), il a reçu {text!r}")
        moment = datetime.datetime.combine(before.date(), datetime.time.fromisoformat(text[:8]))
        if not (before.replace(microsecond=0) - datetime.timedelta(seconds=1) <= moment
                <= after + datetime.timedelta(seconds=1)
                or before.date() != after.date()):
            raise Fail(f"le client n°{number} a reçu {text[:8]}, mais il est "
                       f"{after:%H:%M:%S} : est-ce bien l'heure de maintenant ?")


ex2 = Exercise(
    number="2",
    function_name="donner_heure",
    cases=[("deux clients reçoivent l'heure, au format HH:MM:SS", _case_clock)],
    hints=[
        "datetime.datetime.now().strftime(\"%H:%M:%S\") donne l'heure avec deux chiffres "
        "pour chaque nombre, par exemple '09:05:03'.",
        "Pour chaque client : accept(), sendall((heure + \"\\n\").encode(\"ascii\")), close().",
    ],
    reference=donner_heure,
)
