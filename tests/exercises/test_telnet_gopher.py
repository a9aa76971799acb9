"""Exercise 1 of 08_telnet_gopher (a Telnet client that answers one option): the checker
accepts the reference and rejects typical mistakes. Exercise 2 (Gopher): tests/test_telnet_gopher.py."""

import socket

from helpers.exercises.telnet_gopher import ex1

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
TTYPE, IS, SEND = 24, 0, 1


def client(answer, strip=True, answer_sb=True, loop=True):
    """A learner's client; answer(verb, option) gives the verb to send back (or None)."""
    def accueil(adresse, terminal):
        with socket.create_connection(adresse, timeout=5) as sock:
            recu, texte = b"", b""
            while not texte.endswith(b"> "):
                morceau = sock.recv(1024)
                if not morceau:
                    break
                recu += morceau
                while recu and (recu[0] != IAC or len(recu) >= 3):
                    if recu[0] != IAC:
                        texte, recu = texte + recu[:1], recu[1:]
                    elif recu[1] == SB:
                        fin = recu.find(bytes([IAC, SE]))
                        if answer_sb:
                            sock.sendall(bytes([IAC, SB, TTYPE, IS]) + terminal.encode()
                                         + bytes([IAC, SE]))
                        if not strip:
                            texte += recu[:fin + 2]
                        recu = recu[fin + 2:]
                    else:
                        verbe = answer(recu[1], recu[2])
                        if verbe:
                            sock.sendall(bytes([IAC, verbe, recu[2]]))
                        if not strip:
                            texte += recu[:3]
                        recu = recu[3:]
                if not loop:
                    break
        return texte.decode("utf-8", "replace")
    return accueil


def right(verb, option):
    return {DO: WILL if option == TTYPE else WONT, WILL: DONT}.get(verb)


def test_reference_and_an_equivalent_client_are_accepted(no_leak):
    assert ex1.verify(ex1.reference).passed, ex1.verify(ex1.reference)
    report = ex1.verify(client(right))
    assert report.passed, report


def test_placeholder_is_not_done():
    def accueil(adresse, terminal):
        ...
    report = ex1.verify(accueil)
    assert not report.done and "pas encore fait" in str(report)


def test_typical_mistakes_are_rejected(no_leak):
    refuses_all = client(lambda verb, option: {DO: WONT, WILL: DONT}.get(verb))
    report = str(ex1.verify(refuses_all))
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "le serveur attendait IAC WILL TTYPE · IAC DONT ECHO · IAC WONT NAWS ; " \
           "il a reçu IAC WONT TTYPE · IAC DONT ECHO · IAC WONT NAWS" in report, report

    accepts_all = client(lambda verb, option: {DO: WILL, WILL: DO}.get(verb))
    report = str(ex1.verify(accepts_all))
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "il a reçu IAC WILL TTYPE · IAC DO ECHO · IAC WILL NAWS" in report, report
    assert "à IAC WILL ECHO, le serveur attendait IAC DONT ECHO ; il a reçu IAC DO ECHO" \
        in report, report

    keeps_the_commands = client(right, strip=False)
    report = str(ex1.verify(keeps_the_commands))
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "attendu 'Bienvenue, xterm !\\r\\n> ' (str), obtenu '" in report, report

    no_terminal_name = client(right, answer_sb=False)
    report = str(ex1.verify(no_terminal_name))
    assert "3 vérification(s) sur 3 échouent" in report, report
    assert "à IAC SB TTYPE SEND IAC SE, le serveur attendait " \
           "IAC SB TTYPE IS 'xterm' IAC SE ; il a reçu rien" in report, report

    one_recv = client(right, loop=False)
    report = str(ex1.verify(one_recv))
    assert "✘ trois options demandées d'un coup" in report, report
    assert "✘ les options demandées une à une" in report, report

    ignores_the_option_in_text = client(lambda verb, option: right(verb, option)
                                        if option != 3 else None)
    report = str(ex1.verify(ignores_the_option_in_text))
    assert "1 vérification(s) sur 3 échouent" in report, report
    assert "à IAC WILL SGA (au milieu du texte), le serveur attendait IAC DONT SGA" \
        in report, report
