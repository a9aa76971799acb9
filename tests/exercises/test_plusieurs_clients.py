"""Exercises of 09_plusieurs_clients: the references pass, the usual wrong servers do not."""

import asyncio
import selectors
import socket
import threading
import time

import pytest

from helpers.exercises.plusieurs_clients import ex1, ex2


def test_the_references_pass(no_leak):
    assert ex1.verify(ex1.reference).passed, ex1.verify(ex1.reference)
    assert ex2.verify(ex2.reference).passed, ex2.verify(ex2.reference)


def test_templates_are_not_done_yet(no_leak):
    def serveur_lignes():
        ...

    async def servir_lignes(lecteur, ecrivain):
        ...
    assert "pas encore fait" in str(ex1.verify(serveur_lignes))
    assert "pas encore fait" in str(ex2.verify(servir_lignes))


# -- exercise 1: selectors ----------------------------------------------------------------

def _numbered_lines(conn, state, chunk):
    """The right line logic; the wrong servers below differ elsewhere."""
    state[0] += chunk
    while b"\n" in state[0]:
        line, state[0] = state[0].split(b"\n", 1)
        state[1] += 1
        conn.sendall(f"{state[1]} ".encode() + line + b"\n")


def iterative():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        while True:
            conn, _ = listener.accept()
            with conn:
                state = [b"", 0]
                while chunk := conn.recv(1024):
                    _numbered_lines(conn, state, chunk)


def thread_per_client():
    def serve(conn):
        with conn:
            state = [b"", 0]
            while chunk := conn.recv(1024):
                _numbered_lines(conn, state, chunk)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()


def selectors_server(on_chunk, timeout=None, shared=False, close=True, unregister=True):
    """A selectors server whose per-chunk logic, select() timeout, state and close vary."""
    def server():
        with socket.create_server(("127.0.0.1", 0)) as listener, \
                selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            states, common = {}, [b"", 0]
            while True:
                for key, _ in selector.select(timeout):
                    if key.fileobj is listener:
                        conn, _ = listener.accept()
                        selector.register(conn, selectors.EVENT_READ)
                        states[conn] = common if shared else [b"", 0]
                        continue
                    conn = key.fileobj
                    chunk = conn.recv(1024)
                    if not chunk:
                        if close:
                            if unregister:
                                selector.unregister(conn)
                            conn.close()
                        continue
                    on_chunk(conn, states[conn], chunk)
    return server


def each_chunk_is_a_line(conn, state, chunk):
    state[1] += 1
    conn.sendall(f"{state[1]} ".encode() + chunk)


def test_ex1_rejects_a_server_that_serves_one_client_at_a_time(no_leak):
    report = str(ex1.verify(iterative))
    assert "le serveur sert-il un client à la fois ?" in report, report


def test_ex1_rejects_a_thread_per_client(no_leak):
    report = str(ex1.verify(thread_per_client))
    assert "l'exercice demande un seul thread" in report, report


@pytest.mark.timing  # a busy loop's share of the processor: measured with no neighbour
def test_ex1_rejects_a_busy_loop(no_leak):
    report = str(ex1.verify(selectors_server(_numbered_lines, timeout=0)))
    assert "une boucle active ?" in report, report


def test_ex1_rejects_a_polling_loop_even_when_it_gets_little_processor(no_leak, monkeypatch):
    # A crowded classroom machine gives a busy loop a small share of the processor: the
    # number of waits it begins still gives it away.
    from helpers.exercises import plusieurs_clients
    monkeypatch.setattr(plusieurs_clients, "_cpu_seconds", lambda thread: None)
    report = str(ex1.verify(selectors_server(_numbered_lines, timeout=0)))
    assert "✘ un seul thread, qui dort" in report, report
    assert "attentes en" in report and "une boucle active ?" in report, report
    sleeping = str(ex1.verify(selectors_server(_numbered_lines)))
    assert "réussi" in sleeping, sleeping


def test_ex1_rejects_a_chunk_taken_for_a_line(no_leak):
    report = str(ex1.verify(selectors_server(each_chunk_is_a_line)))
    assert "avant la fin de la ligne" in report, report


def test_ex1_rejects_one_counter_for_everyone(no_leak):
    report = str(ex1.verify(selectors_server(_numbered_lines, shared=True)))
    assert "attendait b'1 client" in report, report
    assert "chaque client a son propre compteur" in report, report


def test_ex2_rejects_one_counter_for_everyone(no_leak):
    count = [0]

    async def one_counter(reader, writer):
        while (line := await reader.readline()).endswith(b"\n"):
            count[0] += 1  # the mistake: shared by every client
            writer.write(f"{count[0]} ".encode() + line)
            await writer.drain()
        writer.close()
        await writer.wait_closed()
    report = str(ex2.verify(one_counter))
    assert "chaque client a son propre compteur" in report, report
    assert "✔ attend drain() après write()" in report, report  # numbers are not drain's case


def test_the_counter_clue_is_only_for_wrong_numbers(no_leak):
    report = str(ex2.verify(answers_an_unfinished_line))
    assert "propre compteur" not in report, report


def test_ex1_rejects_a_server_that_never_closes(no_leak):
    report = str(ex1.verify(selectors_server(_numbered_lines, close=False)))
    assert "le serveur n'a pas fermé la connexion" in report, report
    assert "asyncio" not in report, report  # a selectors server: the asyncio way is noise


def test_ex1_reports_the_learners_error_in_french(no_leak):
    def broken(conn, state, chunk):
        raise ValueError("oups")
    report = str(ex1.verify(selectors_server(broken)))
    assert "le serveur a signalé" in report and "ValueError" in report, report


# -- exercise 2: asyncio ------------------------------------------------------------------

def test_ex2_wants_a_coroutine():
    def servir_lignes(lecteur, ecrivain):
        return None
    assert "écrivez-la avec async def" in str(ex2.verify(servir_lignes))


async def read_not_readline(reader, writer):
    number = 0
    while data := await reader.read(1024):
        number += 1
        writer.write(f"{number} ".encode() + data)
        await writer.drain()
    writer.close()


async def no_drain(reader, writer):
    number = 0
    while (line := await reader.readline()).endswith(b"\n"):
        number += 1
        writer.write(f"{number} ".encode() + line)
    writer.close()


async def no_close(reader, writer):
    number = 0
    while (line := await reader.readline()).endswith(b"\n"):
        number += 1
        writer.write(f"{number} ".encode() + line)
        await writer.drain()
    await asyncio.Event().wait()  # keeps the connection open: the checker stops it


async def blocks_the_loop(reader, writer):
    number = 0
    while (line := await reader.readline()).endswith(b"\n"):
        number += 1
        writer.write(f"{number} ".encode() + line)
        await writer.drain()
        if line.startswith(b"client 6"):  # a blocking call: every other client waits
            here, there = socket.socketpair()
            with here, there:
                here.settimeout(3)
                here.recv(1)
    writer.close()


@pytest.mark.parametrize("wrong, says", [
    (read_not_readline, "avant la fin de la ligne"),
    (no_drain, "write() sans await drain()"),
    (no_close, "le serveur n'a pas fermé la connexion"),
    (blocks_the_loop, "le serveur sert-il un client à la fois ?"),
])
def test_ex2_rejects_typical_mistakes(no_leak, wrong, says):
    report = ex2.verify(wrong)
    assert not report.passed
    assert says in str(report), report


async def sleeps_in_the_coroutine(reader, writer):
    number = 0
    while (line := await reader.readline()).endswith(b"\n"):
        time.sleep(0.05)  # the mistake: the whole loop sleeps, every client waits
        number += 1
        writer.write(f"{number} ".encode() + line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


def test_ex2_names_a_blocking_call_in_the_coroutine_and_stops_promptly(no_leak, capsys):
    started = time.monotonic()
    report = str(ex2.verify(sleeps_in_the_coroutine))
    assert "le serveur sert-il un client à la fois ?" in report, report
    assert "a gardé la boucle" in report and "au lieu de time.sleep" in report, report
    # Steps still queued when the check stops are cancelled, not run: no 2 s stop timeout,
    # and no advice to restart the kernel (each step used to sleep its 50 ms first).
    assert "n'a pas rendu la main" not in capsys.readouterr().out
    assert time.monotonic() - started < 5.5


def test_ex2_says_nothing_of_blocking_when_the_coroutine_does_not_block(no_leak):
    report = str(ex2.verify(no_close))
    assert "a gardé la boucle" not in report, report


def one_line_per_recv(conn, state, chunk):  # `if` where `while` is needed
    state[0] += chunk
    if b"\n" in state[0]:
        line, state[0] = state[0].split(b"\n", 1)
        state[1] += 1
        conn.sendall(f"{state[1]} ".encode() + line + b"\n")


def test_ex1_says_lines_are_left_in_the_buffer(no_leak):
    report = str(ex1.verify(selectors_server(one_line_per_recv)))
    assert "restent sans réponse dans le tampon" in report, report
    assert "un client à la fois" not in report, report
    assert "erreur attrapée" not in report, report  # it answered, in part: no hidden error


def test_ex1_a_server_that_never_closes_is_not_called_one_at_a_time(no_leak):
    report = str(ex1.verify(selectors_server(_numbered_lines, close=False)))
    assert "un client à la fois" not in report, report


async def answers_an_unfinished_line(reader, writer):
    number = 0
    while line := await reader.readline():
        number += 1
        writer.write(f"{number} ".encode() + line.rstrip(b"\n") + b"\n")
        await writer.drain()
    writer.close()


def test_ex2_rejects_an_answer_to_an_unfinished_line(no_leak):
    report = str(ex2.verify(answers_an_unfinished_line))
    assert "attendait b'', il a reçu b'1 sans fin de ligne\\n'" in report, report


def test_ex1_says_unregister_before_close(no_leak):
    server = selectors_server(_numbered_lines, unregister=False)
    report = str(ex1.verify(server))
    assert "is already registered" in report, report
    assert "une socket fermée sans selecteur.unregister() reste inscrite" in report, report


def test_ex1_a_server_without_its_loop_is_told_so(no_leak):
    def server():
        with socket.create_server(("127.0.0.1", 0)) as listener, \
                selectors.DefaultSelector() as selector:
            selector.register(listener, selectors.EVENT_READ)
            for key, _ in selector.select():  # the mistake: no `while True` around it
                conn, _ = listener.accept()
                selector.register(conn, selectors.EVENT_READ)
    report = str(ex1.verify(server))
    assert report.count("Gardez la boucle while True") == 4, report
    assert "un client à la fois" not in report and "ignorée" not in report, report


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited")  # the mistake itself
def test_ex2_says_await_was_forgotten(no_leak):
    async def no_await(reader, writer):
        number = 0
        line = b""
        while not line.endswith(b"\n"):
            line += reader.readline()  # the mistake: a coroutine, not bytes
        number += 1
        writer.write(f"{number} ".encode() + line)
    report = str(ex2.verify(no_await))
    assert "avez-vous oublié await" in report, report


def test_the_close_message_names_the_asyncio_way_too(no_leak):
    report = str(ex2.verify(no_close))
    assert "ecrivain.close() puis await ecrivain.wait_closed()" in report, report


def test_ex1_says_sendall_takes_bytes(no_leak):
    def as_text(conn, state, chunk):
        state[0] += chunk
        while b"\n" in state[0]:
            line, state[0] = state[0].split(b"\n", 1)
            state[1] += 1
            conn.sendall(f"{state[1]} {line.decode()}\n")  # the mistake: str
    report = str(ex1.verify(selectors_server(as_text)))
    assert "sendall() et write() envoient des octets, pas du texte" in report, report


async def swallows_its_error(reader, writer):
    number = 0
    try:
        while (line := await reader.readline()).endswith(b"\n"):
            number += 1
            writer.write(f"{number} {line.decode()}")  # str: raises, and the except hides it
            await writer.drain()
    except:  # noqa: E722 (the mistake)
        print("erreur !")
    writer.close()


def test_ex2_a_swallowed_error_is_not_called_slowness_nor_a_missing_drain(no_leak):
    report = str(ex2.verify(swallows_its_error))
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "sans leur avoir tout répondu" in report and "except: » qui l'avale" in report, report
    assert report.count("fermé la connexion sans rien répondre. Une erreur attrapée") == 2, report
    assert "un client à la fois" not in report and "sans await drain()" not in report, report
    assert report.count("dernières lignes affichées par votre serveur : « erreur ! »") == 3, report


async def sleeps_a_second_per_line(reader, writer):
    number = 0
    while (line := await reader.readline()).endswith(b"\n"):
        time.sleep(1)  # the mistake: one client alone is already late
        number += 1
        writer.write(f"{number} ".encode() + line)
        await writer.drain()
    writer.close()


def test_ex2_a_reply_cut_short_by_a_blocking_call_is_explained_for_one_client_too(no_leak):
    report = lines = str(ex2.verify(sleeps_a_second_per_line)).splitlines()
    first = next(i for i, line in enumerate(lines) if "numérote les lignes d'un client" in line)
    assert lines[first].startswith("  ✘") and "a gardé la boucle" in lines[first + 1], report


def test_ex1_a_shared_counter_is_named_when_the_next_client_comes(no_leak):
    report = str(ex1.verify(selectors_server(_numbered_lines, shared=True, unregister=True)))
    line = next(line for line in report.splitlines() if "il a reçu b'2 deux\\n'" in line)
    assert "le client 2 attendait b'1 deux\\n'" in line, report
    assert "le serveur doit servir le suivant" not in report, report
