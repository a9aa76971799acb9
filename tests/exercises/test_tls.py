"""Exercises of 10_tls: the checkers accept the references and reject typical mistakes."""

import linecache
import socket
import ssl

import pytest

from helpers.exercises.tls import ex1, ex2, ex3


def test_references_are_accepted(no_leak):
    for exercise in (ex1, ex2, ex3):
        report = exercise.verify(exercise.reference)
        assert report.passed, report


def test_placeholders_are_not_done_yet(no_leak):
    def client_tls(adresse, texte, cafile):
        ...

    def diagnostic(adresse, cafile):
        ...

    def serveur_tls(certfile, keyfile):
        ...

    assert str(ex3.verify(serveur_tls)).startswith("Exercice 3 — pas encore fait")
    assert str(ex1.verify(client_tls)).startswith("Exercice 1 — pas encore fait")
    assert str(ex2.verify(diagnostic)).startswith("Exercice 2 — pas encore fait")


def read_line(tls):
    recu = b""
    while not recu.endswith(b"\n"):
        morceau = tls.recv(1024)
        if not morceau:
            break
        recu += morceau
    return recu


def echo_with(contexte, adresse, texte, hostname=None):
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=hostname or adresse[0]) as tls:
            tls.sendall(texte.encode("utf-8") + b"\n")
            return read_line(tls).decode("utf-8").rstrip("\n")


def no_cafile(adresse, texte, cafile):
    return echo_with(ssl.create_default_context(), adresse, texte)


def cert_none(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    contexte.check_hostname = False
    contexte.verify_mode = ssl.CERT_NONE
    return echo_with(contexte, adresse, texte)


def no_hostname_check(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    contexte.check_hostname = False
    return echo_with(contexte, adresse, texte)


def always_localhost(adresse, texte, cafile):
    return echo_with(ssl.create_default_context(cafile=cafile), adresse, texte, "localhost")


def one_recv(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=adresse[0]) as tls:
            tls.sendall(texte.encode("utf-8") + b"\n")
            return tls.recv(1024).decode("utf-8").rstrip("\n")


def returns_bytes(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=adresse[0]) as tls:
            tls.sendall(texte.encode("utf-8") + b"\n")
            return read_line(tls).rstrip(b"\n")


def decodes_each_piece(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=adresse[0]) as tls:
            tls.sendall(texte.encode("utf-8") + b"\n")
            recu = ""
            while not recu.endswith("\n"):
                recu += tls.recv(1024).decode("utf-8")
            return recu.rstrip("\n")


def never_closes(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    tls = contexte.wrap_socket(socket.create_connection(adresse, timeout=5),
                               server_hostname=adresse[0])
    tls.sendall(texte.encode("utf-8") + b"\n")
    return read_line(tls).decode("utf-8").rstrip("\n")


def no_server_hostname(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute) as tls:
            tls.sendall(texte.encode("utf-8") + b"\n")
            return read_line(tls).decode("utf-8").rstrip("\n")


def no_newline(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=adresse[0]) as tls:
            tls.sendall(texte.encode("utf-8"))
            return read_line(tls).decode("utf-8").rstrip("\n")


def latin1(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=adresse[0]) as tls:
            tls.sendall(texte.encode("latin-1") + b"\n")
            return read_line(tls).decode("latin-1").rstrip("\n")


def lines(report):
    """The failed lines of a report (its cases), as one text."""
    return "\n".join(line for line in str(report).splitlines() if "✘" in line)


def test_ex1_rejects_a_client_without_the_course_authority(no_leak):
    report = str(ex1.verify(no_cafile))
    assert "3 vérification(s) sur 5 échouent" in report, report
    assert "votre fonction n'a pas reconnu l'autorité du cours (unable to get local issuer " \
           "certificate) : donnez cafile= à ssl.create_default_context" in report, report


def test_ex1_rejects_cert_none(no_leak):
    report = ex1.verify(cert_none)
    failed = lines(report)
    assert "un imposteur" in failed and "ailleurs.test" in failed, report
    assert ("votre fonction a accepté le certificat d'une autre autorité et lui a envoyé "
            "b'mon secret\\n' : un imposteur l'aurait lu") in failed, report
    assert "ni CERT_NONE, ni check_hostname=False" in failed, report


def test_ex1_rejects_no_hostname_check(no_leak):
    report = ex1.verify(no_hostname_check)
    failed = lines(report)
    assert "1 vérification(s) sur 5 échouent" in str(report), report
    assert "un imposteur : certificat" not in failed, report
    assert "votre fonction a accepté un certificat fait pour ailleurs.test" in failed, report


def test_ex1_rejects_a_fixed_host_name(no_leak):
    report = lines(ex1.verify(always_localhost))
    assert "votre fonction a refusé un certificat valide pour '127.0.0.1' : le nom à vérifier " \
           "(server_hostname) est celui de l'adresse, adresse[0]" in report, report


def test_ex1_rejects_a_single_recv(no_leak):
    report = lines(ex1.verify(one_recv))
    assert "attendu 'Bonjour' (str), obtenu 'Bonj' (str)" in report, report


def test_ex1_rejects_bytes(no_leak):
    report = lines(ex1.verify(returns_bytes))
    assert "attendu 'Bonjour' (str), obtenu b'Bonjour' (bytes)" in report, report


def test_ex1_rejects_decoding_each_piece(no_leak):
    report = lines(ex1.verify(decodes_each_piece))
    assert "un texte accentué" in report and "UnicodeDecodeError" in report, report


def test_ex1_rejects_a_connection_left_open(no_leak):
    report = ex1.verify(never_closes)
    assert "3 vérification(s) sur 5 échouent" in str(report), report
    assert "la connexion est restée ouverte après l'échange : fermez-la" in lines(report)


def test_ex1_rejects_no_server_hostname(no_leak):
    report = lines(ex1.verify(no_server_hostname))
    assert "votre fonction a levé ValueError: check_hostname requires server_hostname, " \
           "ligne" in report, report
    assert "— passez server_hostname=adresse[0] à wrap_socket" in report, report
    assert "attendu ssl.SSLCertVerificationError" not in report, report


def test_ex1_names_a_positional_cafile(no_leak):
    def positional(adresse, texte, cafile):
        return echo_with(ssl.create_default_context(cafile), adresse, texte)
    report = lines(ex1.verify(positional))
    assert report.count("le premier argument de create_default_context est purpose : "
                        "écrivez cafile=cafile") == 5, report
    assert "ne s'est pas connectée" not in report, report


def test_ex1_says_decode_once_the_line_has_come(no_leak):
    report = lines(ex1.verify(decodes_each_piece))
    assert "UnicodeDecodeError" in report and "décodez une seule fois, quand toute la ligne " \
           "est arrivée" in report, report


def test_ex1_rejects_a_text_without_its_newline(no_leak):
    report = lines(ex1.verify(no_newline))
    assert "le serveur devait recevoir b'Bonjour\\n' (le texte en UTF-8, suivi de \"\\n\"), " \
           "il a reçu b'Bonjour'" in report, report


def test_ex1_rejects_another_encoding(no_leak):
    report = ex1.verify(latin1)
    assert "1 vérification(s) sur 5 échouent" in str(report), report
    assert "le serveur devait recevoir b'Chiffr\\xc3\\xa9" in lines(report), report
    assert "il a reçu b'Chiffr\\xe9" in lines(report), report


def handshake(contexte, adresse):
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=adresse[0]):
            pass


def diagnosis_cert_none(adresse, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    contexte.check_hostname = False
    contexte.verify_mode = ssl.CERT_NONE
    handshake(contexte, adresse)
    return "valide"


def diagnosis_without_cafile(adresse, cafile):
    try:
        handshake(ssl.create_default_context(), adresse)
    except ssl.SSLCertVerificationError as erreur:
        return {62: "nom incorrect", 10: "expiré"}.get(erreur.verify_code, "autorité inconnue")
    return "valide"


def diagnosis_no_hostname_check(adresse, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    contexte.check_hostname = False
    try:
        handshake(contexte, adresse)
    except ssl.SSLCertVerificationError as erreur:
        return {62: "nom incorrect", 10: "expiré"}.get(erreur.verify_code, "autorité inconnue")
    return "valide"


def diagnosis_by_reason(adresse, cafile):
    try:
        handshake(ssl.create_default_context(cafile=cafile), adresse)
    except ssl.SSLError as erreur:
        return {"CERTIFICATE_VERIFY_FAILED": "autorité inconnue"}.get(erreur.reason, "expiré")
    return "valide"


def diagnosis_message(adresse, cafile):
    try:
        handshake(ssl.create_default_context(cafile=cafile), adresse)
    except ssl.SSLCertVerificationError as erreur:
        return erreur.verify_message
    return "valide"


def diagnosis_left_open(adresse, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    try:
        contexte.wrap_socket(socket.create_connection(adresse, timeout=5),
                             server_hostname=adresse[0])
    except ssl.SSLCertVerificationError as erreur:
        return {62: "nom incorrect", 10: "expiré"}.get(erreur.verify_code, "autorité inconnue")
    return "valide"


def diagnosis_always_localhost(adresse, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    try:
        with socket.create_connection(adresse, timeout=5) as brute:
            with contexte.wrap_socket(brute, server_hostname="localhost"):
                return "valide"
    except ssl.SSLCertVerificationError as erreur:
        return {62: "nom incorrect", 10: "expiré"}.get(erreur.verify_code, "autorité inconnue")


def test_ex2_rejects_a_fixed_host_name(no_leak):
    report = ex2.verify(diagnosis_always_localhost)
    assert "1 vérification(s) sur 6 échouent" in str(report), report
    assert "adresse IP" in lines(report), report
    assert "attendu 'valide' (str), obtenu 'nom incorrect' (str)" in lines(report), report


def diagnosis_without_connecting(adresse, cafile):
    return "valide"


def test_ex2_rejects_cert_none(no_leak):
    report = ex2.verify(diagnosis_cert_none)
    assert "4 vérification(s) sur 6 échouent" in str(report), report
    assert "attendu 'autorité inconnue' (str), obtenu 'valide' (str)" in lines(report)


def test_ex2_rejects_the_system_authorities(no_leak):
    report = ex2.verify(diagnosis_without_cafile)
    assert "attendu 'valide' (str), obtenu 'autorité inconnue' (str)" in lines(report), report
    assert "attendu 'nom incorrect' (str), obtenu 'autorité inconnue' (str)" in lines(report)


def test_ex2_rejects_no_hostname_check(no_leak):
    report = ex2.verify(diagnosis_no_hostname_check)
    assert "1 vérification(s) sur 6 échouent" in str(report), report
    assert "attendu 'nom incorrect' (str), obtenu 'valide' (str)" in lines(report), report


def test_ex2_rejects_the_reason_alone(no_leak):
    report = ex2.verify(diagnosis_by_reason)
    assert "attendu 'nom incorrect' (str), obtenu 'autorité inconnue' (str)" in lines(report)
    assert "attendu 'expiré' (str), obtenu 'autorité inconnue' (str)" in lines(report), report


def test_ex2_rejects_openssl_messages(no_leak):
    report = ex2.verify(diagnosis_message)
    assert ("attendu 'expiré' (str), obtenu 'certificate has expired' (str)"
            in lines(report)), report


def test_ex2_rejects_a_connection_left_open(no_leak):
    report = ex2.verify(diagnosis_left_open)
    assert "2 vérification(s) sur 6 échouent" in str(report), report
    assert "la connexion est restée ouverte après la poignée de main : fermez-la" \
        in lines(report), report
    assert "après l'échange" not in lines(report), report


def test_ex2_rejects_an_answer_without_connecting(no_leak):
    report = ex2.verify(diagnosis_without_connecting)
    assert "votre fonction ne s'est pas connectée au serveur" in lines(report), report


def test_hints_and_solutions(capsys):
    ex1.hint(2)
    ex2.solution()
    out = capsys.readouterr().out
    assert out.startswith("Indice 2/2 : ") and "b\"\\n\"" in out
    assert "def diagnostic(adresse, cafile):" in out


def swallows_the_error(adresse, texte, cafile):
    try:
        return echo_with(ssl.create_default_context(cafile=cafile), adresse, texte)
    except ssl.SSLCertVerificationError:
        return ""


def keeps_the_newline(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=adresse[0]) as tls:
            tls.sendall(texte.encode("utf-8") + b"\n")
            return read_line(tls).decode("utf-8")


def test_ex1_rejects_a_refusal_that_does_not_reach_the_caller(no_leak):
    report = ex1.verify(swallows_the_error)
    assert "2 vérification(s) sur 5 échouent" in str(report), report
    assert ("votre fonction a renvoyé '' alors que le serveur présentait le certificat d'une "
            "autre autorité : "
            "elle doit laisser remonter ssl.SSLCertVerificationError (ne l'attrapez pas)") \
        in lines(report), report


def test_ex1_rejects_the_newline_left_in(no_leak):
    report = lines(ex1.verify(keeps_the_newline))
    assert "attendu 'Bonjour' (str), obtenu 'Bonjour\\n' (str)" in report, report


# -- exercise 3: a TLS server from a plain server ---------------------------------------------

def server_context(certfile, keyfile):
    contexte = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    contexte.load_cert_chain(certfile, keyfile)
    return contexte


def tls_server(make_context=None, wrap=None, close=True, files=None):
    """A learner-style TLS echo server, with one of the mistakes a learner makes."""
    make_context = make_context or (lambda: ssl.create_default_context(ssl.Purpose.CLIENT_AUTH))
    wrap = wrap or (lambda contexte, connexion: contexte.wrap_socket(connexion, server_side=True))

    def serveur_tls(certfile, keyfile):
        contexte = make_context()
        if contexte is not None:
            contexte.load_cert_chain(*(files() if files else (certfile, keyfile)))
        ecoute = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ecoute.bind(("127.0.0.1", 0))
        ecoute.listen()
        while True:
            connexion, adresse = ecoute.accept()
            with connexion:
                if contexte is None:  # the plain server, unchanged
                    connexion.sendall(connexion.recv(1024))
                    continue
                tls = wrap(contexte, connexion)
                tls.sendall(tls.recv(1024))
                if close:
                    tls.close()
    return serveur_tls


def test_ex3_the_plain_server_as_given_is_the_lesson_s_starting_point(no_leak):
    from helpers.exercises.tls import serveur_en_clair
    report = ex3.verify(lambda certfile, keyfile: serveur_en_clair())
    assert "4 vérification(s) sur 4 échouent" in str(report), report


def test_ex3_rejects_a_server_without_tls(no_leak):
    report = lines(ex3.verify(tls_server(make_context=lambda: None)))
    assert "votre serveur a répondu en clair : il a renvoyé b'bonjour\\n' à un client sans " \
           "TLS. Enveloppez la connexion acceptée : contexte.wrap_socket(connexion, " \
           "server_side=True)" in report, report


def test_ex3_rejects_a_certificate_for_another_name(no_leak):
    from helpers import course_authority
    report = lines(ex3.verify(tls_server(
        files=lambda: course_authority().cert_files("ailleurs.test"))))
    assert "le client a refusé le certificat présenté, fait pour un autre nom (Hostname " \
           "mismatch, certificate is not valid for 'localhost'.) : chargez les fichiers " \
           "reçus en arguments" in report, report


def test_ex3_rejects_a_certificate_from_another_authority(no_leak):
    from helpers import CourseAuthority
    other = CourseAuthority("Autorité de Mallory")
    report = ex3.verify(tls_server(files=other.cert_files))
    assert "4 vérification(s) sur 4 échouent" in str(report), report
    assert "il n'est pas signé par l'autorité du cours (unable to get local issuer " \
           "certificate)" in lines(report), report


def test_ex3_rejects_files_other_than_the_ones_given(no_leak):
    from helpers import course_authority
    report = ex3.verify(tls_server(files=course_authority().cert_files))
    assert "2 vérification(s) sur 4 échouent" in str(report), report
    assert "certificate is not valid for 'serveur-tls.test'" in lines(report), report


def test_ex3_rejects_forgetting_server_side(no_leak):
    report = lines(ex3.verify(tls_server(wrap=lambda contexte, connexion:
                                         contexte.wrap_socket(connexion))))
    assert "votre serveur s'est arrêté sur SSLError: Cannot create a client socket with a " \
           "PROTOCOL_TLS_SERVER context" in report, report
    assert "côté serveur, la poignée de main se fait avec wrap_socket(connexion, " \
           "server_side=True)" in report, report


def test_ex3_rejects_a_client_s_context(no_leak):
    report = lines(ex3.verify(tls_server(make_context=ssl.create_default_context)))
    assert "un contexte de serveur se crée avec " \
           "ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)" in report, report


def test_ex3_rejects_a_tls_connection_left_open(no_leak):
    report = ex3.verify(tls_server(close=False))
    assert "3 vérification(s) sur 4 échouent" in str(report), report
    assert "l'écho est venu, chiffré, mais votre serveur n'a pas fermé la connexion en 2 s" \
           in lines(report), report
    assert "fermer la connexion d'origine ne suffit pas, wrap_socket la remplace" \
           in lines(report), report


def test_ex3_rejects_a_server_that_reads_and_never_answers(no_leak):
    def serveur_tls(certfile, keyfile):
        contexte = server_context(certfile, keyfile)
        ecoute = socket.create_server(("127.0.0.1", 0))
        while True:
            connexion, adresse = ecoute.accept()
            tls = contexte.wrap_socket(connexion, server_side=True)
            tls.recv(1024)
    report = lines(ex3.verify(serveur_tls))
    assert "la poignée de main a réussi, mais votre serveur n'a rien renvoyé en 2 s" \
           in report, report


def test_ex3_hints_are_not_the_solution(capsys):
    for step in (1, 2):
        ex3.hint(step)
    out = capsys.readouterr().out
    assert "serveur_en_clair" in out and "server_side=True" in out
    assert "while True" not in out


def test_ex1_says_a_single_recv_read_only_the_first_record(no_leak):
    report = lines(ex1.verify(one_recv))
    assert "obtenu 'Bonj' (str) : un seul recv() n'a lu que le premier enregistrement : " \
           "lisez jusqu'à b'\\n'" in report, report


def test_ex3_rejects_a_server_that_dies_at_a_failed_handshake(no_leak):
    report = ex3.verify(tls_server())
    assert "1 vérification(s) sur 4 échouent" in str(report), report
    assert "votre serveur s'est arrêté sur SSLError: [SSL: WRONG_VERSION_NUMBER]" \
           in lines(report), report
    assert "une poignée de main ratée ne doit pas arrêter le serveur (attrapez " \
           "ssl.SSLError)" in lines(report), report


def serving_each_with(exchange, caught=ssl.SSLError):
    """A learner-style TLS server, right but for `exchange(connexion, tls)`: what it does with
    each client once the handshake is done (an error in `caught` is let go)."""
    def serveur_tls(certfile, keyfile):
        contexte = server_context(certfile, keyfile)
        ecoute = socket.create_server(("127.0.0.1", 0))
        while True:
            connexion, adresse = ecoute.accept()
            try:
                with contexte.wrap_socket(connexion, server_side=True) as tls:
                    exchange(connexion, tls)
            except caught:
                pass
    return serveur_tls


def test_ex3_rejects_reading_the_detached_connection(no_leak):
    def raw(connexion, tls):  # the mistake: tls is never used
        connexion.sendall(connexion.recv(1024))
    report = ex3.verify(serving_each_with(raw))
    assert "4 vérification(s) sur 4 échouent" in str(report), report
    failed = lines(report).splitlines()
    assert len(failed) == 4 and all(
        "lisez et écrivez avec la socket TLS : wrap_socket a détaché la connexion "
        "d'origine" in line for line in failed), report


def test_ex3_rejects_a_server_that_serves_one_client_and_returns(no_leak):
    def serveur_tls(certfile, keyfile):
        contexte = server_context(certfile, keyfile)
        ecoute = socket.create_server(("127.0.0.1", 0))
        connexion, adresse = ecoute.accept()  # the mistake: no loop
        with contexte.wrap_socket(connexion, server_side=True) as tls:
            tls.sendall(tls.recv(1024))
    report = ex3.verify(serveur_tls)
    assert "votre serveur s'est arrêté : sa fonction a rendu la main alors que d'autres " \
           "clients allaient venir. Gardez la boucle while True autour d'accept()" \
           in lines(report), report


def test_ex3_names_swapped_certificate_files_and_stops_at_once(no_leak):
    def serveur_tls(certfile, keyfile):
        contexte = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        contexte.load_cert_chain(keyfile, certfile)  # the mistake: swapped
        ecoute = socket.create_server(("127.0.0.1", 0))
        while True:
            ecoute.accept()[0].close()
    report = str(ex3.verify(serveur_tls))
    assert "load_cert_chain(certfile, keyfile) n'a pas pu lire ces fichiers : le certificat " \
           "d'abord, la clé ensuite" in report, report
    assert "ré-exécutez" not in report, report
    assert report.count(": pas essayée\n") + report.endswith(": pas essayée") == 3, report


def test_ex3_a_server_waiting_for_a_newline_is_told_no_reply(no_leak):
    def by_line(connexion, tls):
        tls.settimeout(5)
        tls.sendall(tls.makefile("rb").readline())  # waits for a b"\n" never sent
    report = lines(ex3.verify(serving_each_with(by_line, caught=(ssl.SSLError, OSError))))
    assert "poignée de main TLS a échoué" not in report, report
    assert "la poignée de main a réussi, mais votre serveur n'a rien renvoyé en 2 s" in report


def test_ex3_a_listening_socket_closed_in_the_loop_is_named(no_leak):
    def serveur_tls(certfile, keyfile):
        contexte = server_context(certfile, keyfile)
        ecoute = socket.create_server(("127.0.0.1", 0))
        while True:
            with ecoute:  # the mistake: the with closes the listening socket after one client
                connexion, adresse = ecoute.accept()
                with contexte.wrap_socket(connexion, server_side=True) as tls:
                    tls.sendall(tls.recv(1024))
    report = str(ex3.verify(serveur_tls))
    assert "la socket d'écoute est fermée" in report, report
    assert report.count("la socket d'écoute est fermée") <= report.count("✘"), report  # once
    assert "wrap_socket a détaché" not in report, report


def old_wrap_socket(certfile, keyfile):
    """The server of an old tutorial: ssl.wrap_socket, gone since Python 3.12."""
    ecoute = socket.create_server(("127.0.0.1", 0))
    while True:
        connexion, adresse = ecoute.accept()
        try:
            with ssl.wrap_socket(connexion, keyfile, certfile, server_side=True) as tls:
                tls.sendall(tls.recv(1024))
        except ssl.SSLError:
            pass


def test_ex3_rejects_the_old_ssl_wrap_socket_on_every_python(no_leak, recwarn):
    # Before 3.12 it still works (with a DeprecationWarning): only its name can be told.
    report = str(ex3.verify(old_wrap_socket))
    assert "✘ un client qui vérifie" in report and report.count(": pas essayée") == 3, report
    assert "votre serveur appelle l'ancienne fonction ssl.wrap_socket : elle n'existe plus " \
           "depuis Python 3.12. Enveloppez avec la méthode du contexte" in report, report


def test_ex3_a_comment_naming_ssl_wrap_socket_is_not_a_call(no_leak):
    def serveur_tls(certfile, keyfile):
        # pas ssl.wrap_socket : l'ancienne fonction
        from helpers.exercises.tls import serveur_tls as reference
        reference(certfile, keyfile)
    assert ex3.verify(serveur_tls).passed


def no_server_side_and_caught(certfile, keyfile):
    contexte = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    contexte.load_cert_chain(certfile, keyfile)
    ecoute = socket.create_server(("127.0.0.1", 0))
    while True:
        connexion, adresse = ecoute.accept()
        try:
            with contexte.wrap_socket(connexion) as tls:  # the mistake: no server_side=True
                tls.sendall(tls.recv(1024))
        except ssl.SSLError as erreur:  # as the task asks: it hides the mistake's error
            print("poignée ratée :", erreur)
        connexion.close()


def test_ex3_names_a_missing_server_side_that_the_except_hides(no_leak):
    report = str(ex3.verify(no_server_side_and_caught))
    assert "votre serveur appelle wrap_socket sans server_side=True" in report, report
    # every case would fail on it: the first one stops the check
    assert report.count(": pas essayée") == 3 and "la poignée de main TLS a échoué" not in report


@pytest.mark.parametrize("call, flagged", [
    ("contexte.wrap_socket(connexion)", True),
    ("contexte.wrap_socket(connexion, server_side=False)", True),
    ("contexte.wrap_socket(connexion, True)", False),
    ("contexte.wrap_socket(connexion, server_side=cote_serveur)", False),
])
def test_ex3_reads_server_side_from_the_code(call, flagged):
    from helpers.exercises import tls
    namespace = {}
    source = f"def serveur_tls(certfile, keyfile):\n    return {call}\n"
    path = f"<essai {call}>"  # a cell's code, as inspect.getsource finds it in a notebook
    linecache.cache[path] = (len(source), None, source.splitlines(True), path)
    exec(compile(source, path, "exec"), namespace)
    assert (tls._code_mistake(namespace["serveur_tls"]) == tls.NO_SERVER_SIDE) is flagged
