"""Exercises of 03_serveur: the checkers send real clients to the learner's accept loop."""

from helpers.exercises.serveur import ex1, ex2


def placeholder(ecoute, combien):
    ...  # à vous de jouer


def test_placeholders_get_not_done_yet(no_leak):
    for ex in (ex1, ex2):
        report = ex.verify(placeholder)
        assert not report.done and "pas encore fait" in str(report)


def test_references_are_accepted(no_leak):
    for ex in (ex1, ex2):
        report = ex.verify(ex.reference)
        assert report.passed, report


def counts_from_zero(ecoute, combien):
    for numero in range(combien):
        connexion, adresse = ecoute.accept()
        connexion.sendall(f"Bienvenue, client n°{numero} !\n".encode("utf-8"))
        connexion.close()


def forgets_to_close(ecoute, combien):
    gardees = []
    for numero in range(1, combien + 1):
        connexion, adresse = ecoute.accept()
        connexion.sendall(f"Bienvenue, client n°{numero} !\n".encode("utf-8"))
        gardees.append(connexion)


def never_returns(ecoute, combien):
    numero = 0
    while True:
        connexion, adresse = ecoute.accept()
        numero += 1
        connexion.sendall(f"Bienvenue, client n°{numero} !\n".encode("utf-8"))
        connexion.close()


def test_ex1_rejects_typical_mistakes(no_leak):
    report = ex1.verify(counts_from_zero)
    assert not report.passed
    assert "obtenu ['Bienvenue, client n°0 !\\n'" in str(report)
    report = ex1.verify(forgets_to_close)
    assert not report.passed
    assert "le client n°1 attend toujours la fin de la connexion" in str(report)
    report = ex1.verify(never_returns)
    assert not report.passed
    assert "attend encore un client qui ne viendra pas" in str(report)


def closes_by_garbage_collection(ecoute, combien):
    for numero in range(1, combien + 1):
        connexion, adresse = ecoute.accept()   # the previous one is collected here
        connexion.sendall(f"Bienvenue, client n°{numero} !\n".encode("utf-8"))


def sends_str(ecoute, combien):
    for numero in range(1, combien + 1):
        connexion, adresse = ecoute.accept()
        connexion.sendall(f"Bienvenue, client n°{numero} !\n")
        connexion.close()


def test_ex1_rejects_no_close_even_when_garbage_collection_would_close(no_leak):
    report = ex1.verify(closes_by_garbage_collection)
    assert not report.passed
    assert "fermez-la avec connexion.close()" in str(report)
    report = ex1.verify(sends_str)
    assert not report.passed and "TypeError" in str(report)


def one_recv(ecoute, combien):
    for _ in range(combien):
        connexion, adresse = ecoute.accept()
        with connexion:
            prenom = connexion.recv(1024).decode("utf-8").rstrip("\n")
            connexion.sendall(f"Bonjour, {prenom} !\n".encode("utf-8"))


def loops_forever_on_empty(ecoute, combien):
    for _ in range(combien):
        connexion, adresse = ecoute.accept()
        with connexion:
            recu = b""
            while not recu.endswith(b"\n"):
                recu += connexion.recv(1024)
            connexion.sendall(f"Bonjour, {recu.decode().rstrip()} !\n".encode("utf-8"))


def crashes_on_reset(ecoute, combien):
    for _ in range(combien):
        connexion, adresse = ecoute.accept()
        with connexion:
            recu = b""
            while not recu.endswith(b"\n"):
                morceau = connexion.recv(1024)
                if not morceau:
                    break
                recu += morceau
            if recu:
                connexion.sendall(f"Bonjour, {recu.decode().rstrip()} !\n".encode("utf-8"))


def never_closes(ecoute, combien):
    for _ in range(combien):
        connexion, adresse = ecoute.accept()
        try:
            recu = b""
            while not recu.endswith(b"\n"):
                morceau = connexion.recv(1024)
                if not morceau:
                    break
                recu += morceau
        except ConnectionResetError:
            continue
        if recu:
            connexion.sendall(f"Bonjour, {recu.decode().rstrip()} !\n".encode("utf-8"))


def test_ex2_rejects_typical_mistakes(no_leak):
    report = ex2.verify(one_recv)
    assert not report.passed and "un seul recv() ne lit pas" in str(report)
    report = ex2.verify(loops_forever_on_empty)
    assert not report.passed and "n'a pas rendu la main" in str(report)
    report = ex2.verify(crashes_on_reset)
    assert not report.passed and "ConnectionResetError" in str(report)
    report = ex2.verify(never_closes)
    assert not report.passed and "attend toujours la réponse ou la fin" in str(report)


def test_hints_and_solutions_are_in_french(capsys):
    for ex in (ex1, ex2):
        ex.hint()
        ex.hint(2)
        ex.hint(3)
        ex.solution()
    out = capsys.readouterr().out
    assert "Indice 3/3" in out and "def accueillir(ecoute, combien):" in out
    assert "def saluer(ecoute, combien):" in out
