"""The exercise framework, and the exercise of 00_bienvenue."""

import io
import socket
import time
from types import SimpleNamespace

import pytest

from helpers.exercises.framework import (Exercise, Fail, Silent, call_bounded, expect_equal,
                                        is_placeholder, with_what_it_printed)
from helpers.exercises.bienvenue import ex1


def placeholder(adresse, texte):
    ...  # à vous de jouer


def test_placeholder_gets_not_done_yet(no_leak):
    assert is_placeholder(placeholder)
    report = ex1.verify(placeholder)
    assert not report.done and not report.passed
    assert str(report) == ("Exercice 1 — pas encore fait : complétez la fonction, "
                           "puis relancez cette cellule.")


def test_reference_is_accepted(no_leak):
    report = ex1.verify(ex1.reference)
    assert report.passed, report


def returns_bytes(adresse, texte):
    with socket.create_connection(adresse, timeout=2) as client:
        client.sendall(texte.encode())
        return client.recv(1024)


def hard_coded(adresse, texte):
    return "BONJOUR"


def forgets_to_send(adresse, texte):
    with socket.create_connection(adresse) as client:
        return client.recv(1024).decode()


def test_wrong_answers_are_rejected_with_what_was_expected(no_leak):
    report = ex1.verify(returns_bytes)
    assert not report.passed
    assert "attendu 'BONJOUR' (str), obtenu b'BONJOUR' (bytes)" in str(report)
    report = ex1.verify(hard_coded)
    assert not report.passed
    assert "attendu 'iot à tulaS' (str), obtenu 'BONJOUR' (str)" in str(report)


def test_a_hanging_answer_is_stopped_in_bounded_time(no_leak):
    started = time.perf_counter()
    report = ex1.verify(forgets_to_send)
    assert not report.passed
    assert "n'a pas rendu la main en 3 s" in str(report)
    assert time.perf_counter() - started < 2 * 3 + 2


def test_an_exception_is_explained_with_the_learners_line():
    def broken(x):
        return x.encodee()

    try:
        call_bounded(broken, "a")
    except Fail as problem:
        assert "AttributeError" in str(problem) and "return x.encodee()" in str(problem)
    else:
        raise AssertionError("no Fail")


def test_not_a_function(capsys):
    ex1.check("demander()")
    assert "check(demander) sans parenthèses" in capsys.readouterr().out


def test_hints_then_solution(capsys):
    ex1.hint()
    ex1.hint(2)
    ex1.hint(3)
    ex1.solution()
    out = capsys.readouterr().out
    assert out.startswith("Indice 1/2 : ")
    assert "Indice 2/2 : " in out and "Plus d'indice" in out
    assert "def demander(adresse, texte):" in out


def test_expect_equal_checks_type_too():
    expect_equal("a", "a")
    for got in (b"a", "b"):
        try:
            expect_equal(got, "a")
        except Fail:
            continue
        raise AssertionError(got)


def test_exercise_verdict_counts_cases():
    def ok(call):
        call()

    def ko(call):
        raise Fail("non")

    exercise = Exercise("9", "f", [("un", ok), ("deux", ko)], ["h"], reference=ok)
    report = exercise.verify(lambda: 1)
    assert report.lines == ["Exercice 9 — pas encore : 1 vérification(s) sur 2 échouent.",
                            "  ✔ un", "  ✘ deux : non"]


def test_no_answer_to_the_first_case_stops_the_check_the_others_not_tried():
    ran = []

    def silent(call):
        ran.append("silent")
        raise Silent("rien en 2 s")

    def ok(call):
        ran.append("ok")

    exercise = Exercise("9", "f", [("un", silent), ("deux", ok), ("trois", ok)], ["h"],
                        reference=ok)
    report = exercise.verify(lambda: 1)
    assert ran == ["silent"] and not report.passed
    assert report.lines[1:] == ["  ✘ un : rien en 2 s", "  · deux : pas essayée",
                                "  · trois : pas essayée"]
    assert "Les 2 suivantes ne sont pas essayées" in report.lines[0], report.lines[0]
    # Silent after a first case that got an answer: the others still run (it is one case's fault)
    ran.clear()
    exercise.cases = [("un", ok), ("deux", silent), ("trois", ok)]
    report = exercise.verify(lambda: 1)
    assert ran == ["ok", "silent", "ok"] and "pas essayée" not in str(report)


def test_a_case_that_cannot_run_here_is_skipped_never_passed(monkeypatch):
    from helpers.exercises import module_socket, vocabulaire
    monkeypatch.setattr(vocabulaire, "ipv6_loopback", lambda: False)
    monkeypatch.setattr(module_socket, "ipv6_loopback", lambda: False)
    for exercise in (vocabulaire.ex2, module_socket.ex1):
        report = exercise.verify(exercise.reference)
        skipped = [line for line in report.lines if ": ignorée" in line]
        assert skipped and all("IPv6" in line for line in skipped), report.lines
        assert not any("✔" in line and "::1" in line for line in report.lines)
        assert "non prouvée" in report.lines[0], "the verdict says what was not proven"


@pytest.mark.parametrize("given, words", [
    (print, "pas print"),
    (str.upper, "pas upper"),
    (socket.socket, "pas socket"),
    (42, "sans parenthèses"),
])
def test_check_of_something_else_than_the_learners_function_says_so(capsys, given, words):
    from helpers.exercises.serveur import ex1
    ex1.check(given)
    out = capsys.readouterr().out
    assert words in out and "Traceback" not in out, out


def test_async_and_generator_functions_are_explained(capsys):
    from helpers.exercises.serveur import ex1

    async def accueillir(ecoute, combien):
        return None

    def accueillir_gen(ecoute, combien):
        yield None

    ex1.check(accueillir)
    assert "async def" in capsys.readouterr().out
    ex1.check(accueillir_gen)
    assert "yield" in capsys.readouterr().out


@pytest.mark.parametrize("step", ["2", 1.5, None, True])
def test_hint_with_an_odd_number(capsys, step):
    from helpers.exercises.serveur import ex1
    ex1.hint(step)
    out = capsys.readouterr().out
    assert out.startswith("Indice 2/") if step == "2" else "hint() attend le numéro" in out


def test_feedback_shows_a_huge_value_in_a_few_hundred_characters():
    from helpers.exercises.framework import Fail, expect_equal
    with pytest.raises(Fail) as caught:
        expect_equal("x" * 1_000_000, "court")
    assert len(str(caught.value)) < 800 and "1000002 caractères en tout" in str(caught.value)


def _listening_everywhere():
    import psutil
    return [c for c in psutil.Process().net_connections("tcp")
            if c.status == "LISTEN" and not c.laddr.ip.startswith(("127.", "::1"))]


def test_learner_code_under_check_obeys_the_loopback_rule(no_leak):
    def opens_to_the_network():
        server = socket.socket()
        server.bind(("0.0.0.0", 0))
        server.listen()
        return "écoute"

    with pytest.raises(Fail, match="visible depuis le réseau"):
        call_bounded(opens_to_the_network)
    assert not _listening_everywhere()


def test_what_the_learner_opened_is_closed_even_after_a_timeout(no_leak):
    import threading
    started = threading.Event()

    def waits_forever():
        listener = socket.create_server(("127.0.0.1", 0))
        started.set()
        listener.accept()  # nobody comes

    with pytest.raises(Fail, match="pas rendu la main"):
        call_bounded(waits_forever, timeout=0.5)
    assert started.is_set()
    # no_leak checks that the socket is closed and the thread has ended
    from helpers.exercises import framework
    while framework._abandoned:
        framework._abandoned.pop().join(2)


def test_a_line_of_the_helpers_is_never_shown_as_the_learners():
    from helpers.core.threads import learner_line
    from helpers.exercises import projet_serveur_web

    try:
        projet_serveur_web.lire_requete(io.BytesIO(b"BONJOUR\r\n\r\n"))
    except ValueError as error:  # the last line outside helpers/ is this test's own call
        assert learner_line(error)[1].startswith("projet_serveur_web.lire_requete(")
    else:
        raise AssertionError("a malformed request line raises ValueError")


def test_a_failure_quotes_the_last_lines_the_server_printed_not_its_reports():
    printed = ("connexion 1\nconnexion 2\n"
               "⚠ Le serveur « x » a rencontré une erreur en servant un client : E.\n"
               "  Il continue d'attendre les clients suivants.\n"
               "erreur !\nconnexion 3\n"
               "/usr/lib/python3.11/asyncio/streams.py:655: RuntimeWarning: coroutine "
               "'StreamReader.readline' was never awaited\n  await self._wait_for_data()\n"
               "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n"
               "erreur !\n")
    server = SimpleNamespace(terminal=SimpleNamespace(text=lambda: printed))
    failure = with_what_it_printed(Silent("rien reçu"), server)
    assert isinstance(failure, Silent)  # a Silent stays a Silent: it still stops the check
    assert str(failure) == ("rien reçu\n  dernières lignes affichées par votre serveur : "
                            "« connexion 2 » « connexion 3 » « erreur ! »")
    quiet = SimpleNamespace(terminal=SimpleNamespace(text=lambda: "⚠ Le serveur…\n  Il…\n"))
    assert str(with_what_it_printed(Fail("non"), quiet)) == "non"
