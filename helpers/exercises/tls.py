"""Exercises of 10_tls: a client that verifies, a diagnosis of a server's certificate, and a
TLS server made from a plain one.

For the first two, each case runs the learner's function against the checker's own TLS
servers: one whose certificate is right, one from another authority (an impostor), one for
another name, one expired. The server notes what it received and whether the client closed
its connection. For the third, the learner's server runs as a background server and the
checker is the client: it verifies the certificate against the course's authority.
"""

import ast
import datetime
import functools
import inspect
import re
import socket
import ssl
import textwrap
import threading

from .framework import (Exercise, Fail, Silent, call_bounded, checker_server, expect_equal,
                        explain_report, learners_server)
from ..core.servers import start_tcp_server
from ..core.threads import describe
from ..core.messages import text
from ..protocols.tls import CourseAuthority, course_authority

SERVER_TIMEOUT = 2.0  # the checker's server gives up on a silent client
EOF_WAIT = 1.0  # how long the server waits for the client to close, once it has answered
DONE_WAIT = 3.0  # how long a case waits for the server to finish with the client
CONNECT_WAIT = 0.5  # once the function has returned, its connection is accepted within this
PAST = {"not_before": datetime.datetime(2020, 1, 1), "not_after": datetime.datetime(2021, 1, 1)}


def client_tls(adresse, texte, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    with socket.create_connection(adresse, timeout=5) as brute:
        with contexte.wrap_socket(brute, server_hostname=adresse[0]) as tls:
            tls.sendall(texte.encode("utf-8") + b"\n")
            recu = b""
            while not recu.endswith(b"\n"):
                morceau = tls.recv(1024)
                if not morceau:
                    break
                recu += morceau
    return recu.decode("utf-8").rstrip("\n")


def diagnostic(adresse, cafile):
    contexte = ssl.create_default_context(cafile=cafile)
    try:
        with socket.create_connection(adresse, timeout=5) as brute:
            with contexte.wrap_socket(brute, server_hostname=adresse[0]):
                return "valide"
    except ssl.SSLCertVerificationError as erreur:
        if erreur.verify_code == 62:   # X509_V_ERR_HOSTNAME_MISMATCH
            return "nom incorrect"
        if erreur.verify_code == 10:   # X509_V_ERR_CERT_HAS_EXPIRED
            return "expiré"
        return "autorité inconnue"


@functools.cache
def _impostor():
    return CourseAuthority("Autorité de Mallory")


class _Echo:
    """The checker's TLS server: after the handshake it reads one line and sends it back in
    two records (a single recv() gets only the first), cut inside the first accented letter
    if there is one; then it waits for the client to close."""

    def __init__(self, context, echo=True):
        self.context, self.echo = context, echo
        self.connected, self.done = threading.Event(), threading.Event()
        self.handshake = False
        self.received = None  # the line the server read (bytes), once the handshake is done
        self.closed = None  # True once the client closed its connection, False if it stayed open

    def __call__(self, conn, address):
        self.connected.set()
        conn.settimeout(SERVER_TIMEOUT)
        try:
            with self.context.wrap_socket(conn, server_side=True) as tls:
                self.handshake = True
                if self.echo:
                    self._answer(tls)
                tls.settimeout(EOF_WAIT)
                try:
                    self.closed = tls.recv(1) == b""
                except TimeoutError:
                    self.closed = False
                except OSError:  # reset: the client closed with data unread
                    self.closed = True
        except OSError:  # the client refused the handshake, or went away
            pass
        finally:
            self.done.set()

    def _answer(self, tls):
        line = b""
        try:
            while not line.endswith(b"\n"):
                piece = tls.recv(1024)
                if not piece:
                    break
                line += piece
        finally:
            self.received = line  # what came, even when the line never ended
        if not line.endswith(b"\n"):
            return
        cut = next((i for i, byte in enumerate(line) if byte & 0xC0 == 0x80), len(line) // 2)
        tls.sendall(line[:cut])
        tls.sendall(line[cut:])


def _run(call, server, *args):
    """Run the learner's function against `server` (an _Echo): ('ok', value) or ('raised', exc)."""
    def outcome(*args):
        try:
            return "ok", call.function(*args)
        except Exception as exc:  # the case decides whether this error was the right answer
            return "raised", exc
    with checker_server(start_tcp_server, server) as address:
        host = args[0]
        result = call_bounded(outcome, (host, address[1]), *args[1:])
        if server.connected.wait(CONNECT_WAIT):  # it returned: a connection is accepted by now
            server.done.wait(DONE_WAIT)
    return result


def _no_connection():
    return Fail("votre fonction ne s'est pas connectée au serveur (socket.create_connection)")


def _raised(exc):
    error, where = describe(exc)
    return Fail(text("raised", error=error, where=where) + _clue(exc))


def _clue(exc):
    """The way out of a mistake learners make, recognised by its exception ("" if none)."""
    return next((" — " + way_out for kind, words, way_out in RAISED_CLUES
                 if isinstance(exc, kind) and words in str(exc)), "")


RAISED_CLUES = [  # (exception, words in its message, the way out)
    (TypeError, ".pem", "le premier argument de create_default_context est purpose : écrivez "
                        "cafile=cafile"),
    (ValueError, "server_hostname", "passez server_hostname=adresse[0] à wrap_socket"),
    (UnicodeDecodeError, "", "un caractère peut être coupé entre deux recv() : décodez une "
                             "seule fois, quand toute la ligne est arrivée"),
]


def _not_closed(after="l'échange"):
    return Fail(f"la connexion est restée ouverte après {after} : fermez-la "
                "(un bloc with autour de la socket TLS, ou tls.close())")


ONE_RECORD = ("un seul recv() n'a lu que le premier enregistrement : lisez jusqu'à b'\\n'")


def _echo_case(text, host="localhost", hosts=()):
    def case(call):
        server = _Echo(course_authority().server_context(*hosts))
        status, value = _run(call, server, host, text, course_authority().cafile)
        if status == "raised":
            if isinstance(value, ssl.SSLCertVerificationError):
                if value.verify_code == 62:
                    raise Fail(f"votre fonction a refusé un certificat valide pour {host!r} : "
                               f"le nom à vérifier (server_hostname) est celui de l'adresse, "
                               f"adresse[0]")
                raise Fail("votre fonction n'a pas reconnu l'autorité du cours "
                           f"({value.verify_message}) : donnez cafile= à "
                           "ssl.create_default_context")
            raise _raised(value)
        if not server.connected.is_set():
            raise _no_connection()
        expected = text.encode("utf-8") + b"\n"
        if server.received is not None and server.received != expected:
            raise Fail(f"le serveur devait recevoir {expected!r} (le texte en UTF-8, suivi de "
                       f"\"\\n\"), il a reçu {server.received!r}")
        try:
            expect_equal(value, text)
        except Fail as fail:
            if isinstance(value, str) and value and text.startswith(value):
                raise Fail(f"{fail} : {ONE_RECORD}") from None
            raise
        if not server.closed:
            raise _not_closed()
    return case


def _refused_case(context, what):
    def case(call):
        server = _Echo(context())
        status, value = _run(call, server, "localhost", "mon secret", course_authority().cafile)
        if status == "raised" and not isinstance(value, ssl.SSLError) \
                and (_clue(value) or not server.connected.is_set()):  # a known mistake
            raise _raised(value)
        if not server.connected.is_set():
            raise _no_connection()
        if server.received:
            raise Fail(f"votre fonction a accepté {what} et lui a envoyé {server.received!r} : "
                       "un imposteur l'aurait lu. Gardez la vérification de "
                       "ssl.create_default_context (ni CERT_NONE, ni check_hostname=False)")
        if status == "ok":
            raise Fail(f"votre fonction a renvoyé {value!r} alors que le serveur présentait "
                       f"{what} : elle doit "
                       "laisser remonter ssl.SSLCertVerificationError (ne l'attrapez pas)")
        if not isinstance(value, ssl.SSLCertVerificationError):
            raise Fail(f"attendu ssl.SSLCertVerificationError, obtenu "
                       f"{type(value).__name__} : {value}")
    return case


ex1 = Exercise(
    number="1",
    function_name="client_tls",
    cases=[
        ("un écho chiffré, certificat de l'autorité du cours", _echo_case("Bonjour")),
        ("un texte accentué, renvoyé en deux enregistrements TLS (coupé au milieu du « é »)",
         _echo_case("Chiffré, déchiffré : ça marche !")),
        ("un serveur nommé par son adresse IP (certificat pour 127.0.0.1 seulement)",
         _echo_case("Par l'adresse", host="127.0.0.1", hosts=("127.0.0.1",))),
        ("un imposteur : certificat signé par une autre autorité",
         _refused_case(lambda: _impostor().server_context(),
                       "le certificat d'une autre autorité")),
        ("un certificat valide, mais pour un autre nom (ailleurs.test)",
         _refused_case(lambda: course_authority().server_context("ailleurs.test"),
                       "un certificat fait pour ailleurs.test")),
    ],
    hints=[
        "Le contexte : ssl.create_default_context(cafile=cafile) vérifie le certificat et le "
        "nom. Ouvrez la socket avec socket.create_connection(adresse, timeout=5), puis "
        "contexte.wrap_socket(brute, server_hostname=adresse[0]), chacune dans un bloc with.",
        "Envoyez texte.encode(\"utf-8\") + b\"\\n\" avec sendall ; la réponse peut arriver en "
        "plusieurs morceaux : accumulez les octets de recv() jusqu'à b\"\\n\", puis décodez "
        "le tout une seule fois.",
    ],
    reference=client_tls,
)


def _diagnosis_case(context, expected, authority=course_authority, host="localhost"):
    def case(call):
        server = _Echo(context(), echo=False)
        status, value = _run(call, server, host, authority().cafile)
        if not server.connected.is_set():
            raise _no_connection()
        if status == "raised":
            raise _raised(value)
        expect_equal(value, expected)
        if server.handshake and not server.closed:
            raise _not_closed("la poignée de main")
    return case


ex2 = Exercise(
    number="2",
    function_name="diagnostic",
    cases=[
        ("un certificat de l'autorité du cours, pour localhost",
         _diagnosis_case(lambda: course_authority().server_context(), "valide")),
        ("un certificat signé par une autre autorité",
         _diagnosis_case(lambda: _impostor().server_context(), "autorité inconnue")),
        ("un certificat de l'autorité du cours, pour ailleurs.test",
         _diagnosis_case(lambda: course_authority().server_context("ailleurs.test"),
                         "nom incorrect")),
        ("un serveur nommé par son adresse IP (certificat pour 127.0.0.1 seulement)",
         _diagnosis_case(lambda: course_authority().server_context("127.0.0.1"), "valide",
                         host="127.0.0.1")),
        ("un certificat expiré depuis 2021",
         _diagnosis_case(lambda: course_authority().server_context(**PAST), "expiré")),
        ("le même serveur que le premier, avec l'autre autorité dans cafile",
         _diagnosis_case(lambda: course_authority().server_context(), "autorité inconnue",
                         authority=_impostor)),
    ],
    hints=[
        "Faites la poignée de main comme à l'exercice 1 (create_default_context(cafile=…), "
        "wrap_socket(…, server_hostname=adresse[0])) dans un try ; si elle réussit, c'est "
        "\"valide\".",
        "except ssl.SSLCertVerificationError as erreur : erreur.verify_code (un nombre) ou "
        "erreur.verify_message (un texte) dit la raison. Le nom qui ne correspond pas vaut 62, "
        "le certificat expiré 10 ; le reste, ici, est une autorité inconnue.",
    ],
    reference=diagnostic,
)


# -- exercise 3: a TLS server from a plain server ---------------------------------------------

def serveur_en_clair():
    ecoute = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ecoute.bind(("127.0.0.1", 0))
    ecoute.listen()
    while True:
        connexion, adresse = ecoute.accept()
        with connexion:
            donnees = connexion.recv(1024)
            connexion.sendall(donnees)


def serveur_tls(certfile, keyfile):
    contexte = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    contexte.load_cert_chain(certfile, keyfile)
    ecoute = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ecoute.bind(("127.0.0.1", 0))
    ecoute.listen()
    while True:
        connexion, adresse = ecoute.accept()
        connexion.settimeout(5)
        try:
            with contexte.wrap_socket(connexion, server_side=True) as tls:
                donnees = tls.recv(1024)
                tls.sendall(donnees)
        except ssl.SSLError as erreur:
            print("poignée de main refusée :", erreur.reason)


READ_WAIT = 2.0  # the checker's client waits this long for the reply, then for the end
PLAIN = ("votre serveur a répondu en clair : il a renvoyé {got!r} à un client sans TLS. "
         "Enveloppez la connexion acceptée : contexte.wrap_socket(connexion, server_side=True)")
SERVER_SIDE = ("votre serveur s'est arrêté sur {error} : côté serveur, la poignée de main "
               "se fait avec wrap_socket(connexion, server_side=True)")
CLIENT_PURPOSE = ("votre serveur s'est arrêté sur {error} : un contexte de serveur se crée avec "
                  "ssl.create_default_context(ssl.Purpose.CLIENT_AUTH) (sans argument, "
                  "c'est un contexte de client)")
WRONG_NAME = ("le client a refusé le certificat présenté, fait pour un autre nom "
              "({message}) : chargez les fichiers reçus en arguments, "
              "contexte.load_cert_chain(certfile, keyfile)")
WRONG_AUTHORITY = ("le client a refusé le certificat présenté : il n'est pas signé par "
                   "l'autorité du cours ({message}). Chargez les fichiers reçus en "
                   "arguments, contexte.load_cert_chain(certfile, keyfile)")
NO_SERVER_SIDE = ("votre serveur appelle wrap_socket sans server_side=True : il joue alors le "
                  "client de la poignée de main, et wrap_socket lève ssl.SSLError (« Cannot "
                  "create a client socket… »), que votre except ssl.SSLError cache peut-être. "
                  "Côté serveur : contexte.wrap_socket(connexion, server_side=True)")
NO_HANDSHAKE = ("la poignée de main TLS a échoué ({error}) : le serveur doit envelopper "
                "chaque connexion acceptée avec contexte.wrap_socket(connexion, "
                "server_side=True), le contexte portant certfile et keyfile")
STAYED_OPEN = ("l'écho est venu, chiffré, mais votre serveur n'a pas fermé la connexion en "
               "2 s : le client attend encore. Fermez la socket TLS (un bloc with autour de "
               "wrap_socket) : fermer la connexion d'origine ne suffit pas, wrap_socket la "
               "remplace")
NO_REPLY = ("la poignée de main a réussi, mais votre serveur n'a rien renvoyé en 2 s : "
            "lisez avec tls.recv(1024), puis renvoyez avec tls.sendall(donnees)")
DETACHED = ("votre serveur s'est arrêté sur {error} : lisez et écrivez avec la socket TLS : "
            "wrap_socket a détaché la connexion d'origine")
STOPPED = ("votre serveur s'est arrêté sur {error}, après un client sans TLS : une poignée "
           "de main ratée ne doit pas arrêter le serveur (attrapez ssl.SSLError)")
SAID = "votre serveur a signalé : {report}"
OLD_WRAP = ("votre serveur appelle l'ancienne fonction ssl.wrap_socket : elle n'existe plus "
            "depuis Python 3.12. Enveloppez avec la méthode du contexte : "
            "contexte.wrap_socket(connexion, server_side=True), le contexte portant le "
            "certificat et sa clé (load_cert_chain)")
PEM = ("\n  load_cert_chain(certfile, keyfile) n'a pas pu lire ces fichiers : le certificat "
       "d'abord, la clé ensuite")


def _explain(report):
    """A report of the learner's server, with the way out when it is a known mistake."""
    return report + PEM if "PEM lib" in report else report


def _tls_server(function, certfile, keyfile):
    return learners_server(function, "vérification-tls", certfile, keyfile, explain=_explain)


def _server_reports(learners):
    learners.server.settle()
    return learners.server.take_reports()


def _fail_from_reports(server, reports=None):
    """The learner's server raised: say which mistake that is, in French."""
    reports = _server_reports(server) if reports is None else reports
    if not reports:
        return None
    report = reports[0]
    found = re.search(r"(\w+(?:Error|Exception): .*?)(?:, ligne \d+|\.?\n|$)", report)
    error = found.group(1) if found else report
    if "Bad file descriptor" in report and ".accept()" not in report:  # the detached connexion
        return Fail(DETACHED.format(error=error))
    if "client socket" in report:  # a server context, wrapped without server_side=True
        return Fail(SERVER_SIDE.format(error=error))
    if re.search(r"(has no attribute|cannot import name) 'wrap_socket'", report):  # 3.12+
        return Fail(OLD_WRAP)
    if "server_hostname" in report or "server socket" in report:  # a client's context
        return Fail(CLIENT_PURPOSE.format(error=error))
    return Fail(SAID.format(report=_explain(explain_report(report.split("\n", 1)[0]))))


def _plain_reply(server):
    """What the server sends back to a client without TLS (b"" when it sends nothing)."""
    try:
        with socket.create_connection(server.address, timeout=READ_WAIT) as plain:
            plain.sendall(b"bonjour\n")
            return plain.recv(1024)
    except OSError:
        return b""


def _tls_exchange(server, data):
    """The checker's client: verifies the certificate (course's authority, localhost), sends
    `data`, reads until the server closes. Fail with the reason when something is wrong."""
    context = course_authority().client_context()
    try:
        with socket.create_connection(server.address, timeout=READ_WAIT) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(data)
                received = b""
                try:
                    while chunk := tls.recv(1024):
                        received += chunk
                except TimeoutError:
                    problem = _fail_from_reports(server)
                    # not one byte back: the first case stops the check (Silent)
                    raise problem or (Fail(STAYED_OPEN) if received else Silent(NO_REPLY)) \
                        from None
    except ssl.SSLCertVerificationError as error:
        message = error.verify_message
        _server_reports(server)  # the server hears the refusal: let it finish with it
        raise Fail((WRONG_NAME if error.verify_code == 62 else WRONG_AUTHORITY)
                   .format(message=message)) from None
    except (ssl.SSLError, ConnectionError, TimeoutError) as error:
        problem = _fail_from_reports(server)
        if problem:
            raise problem from None
        plain = _plain_reply(server)
        _server_reports(server)  # the probe's own trouble is not the learner's
        if plain == b"bonjour\n":
            raise Fail(PLAIN.format(got=plain)) from None
        raise Fail(NO_HANDSHAKE.format(error=f"{type(error).__name__} : {error}")) from None
    problem = _fail_from_reports(server)
    if problem:
        raise problem
    return received


def _files(*hosts):
    return course_authority().cert_files(*hosts)


def _code_mistake(function):
    """What the code of `function` shows at once (None when its code cannot be read): the old
    ssl.wrap_socket (on 3.12+ it raises AttributeError anyway), or wrap_socket calls that all
    lack server_side=True (an `except ssl.SSLError` would hide the error they raise)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return None
    wraps = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "wrap_socket" \
                and isinstance(node.value, ast.Name) and node.value.id == "ssl":
            return OLD_WRAP
        if isinstance(node, ast.ImportFrom) and node.module == "ssl" \
                and any(alias.name == "wrap_socket" for alias in node.names):
            return OLD_WRAP
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "wrap_socket":
            wraps.append(node)
    if wraps and not any(_server_side(call) for call in wraps):
        return NO_SERVER_SIDE
    return None


def _server_side(call):
    """Is server_side given to this wrap_socket call, and not as False?"""
    given = [k.value for k in call.keywords if k.arg == "server_side"] + call.args[1:2]
    return any(not (isinstance(value, ast.Constant) and not value.value) for value in given)


def _case_tls_echo(call):
    mistake = _code_mistake(call.function)
    if mistake:  # every case would fail on it: the check stops here
        raise Silent(mistake)
    with _tls_server(call.function, *_files("localhost")) as server:
        expect_equal(_tls_exchange(server, "Salut à toi".encode("utf-8")),
                     "Salut à toi".encode("utf-8"))


def _case_tls_two_clients(call):
    with _tls_server(call.function, *_files("localhost")) as server:
        _tls_exchange(server, b"un")
        expect_equal(_tls_exchange(server, b"deux"), b"deux")


def _case_given_files(call):
    certfile, keyfile = _files("localhost", "serveur-tls.test")
    with _tls_server(call.function, certfile, keyfile) as server:
        context = course_authority().client_context()
        try:
            with socket.create_connection(server.address, timeout=READ_WAIT) as raw, \
                    context.wrap_socket(raw, server_hostname="serveur-tls.test") as tls:
                tls.sendall(b"ok")
                names = [value for _, value in tls.getpeercert()["subjectAltName"]]
                try:
                    tls.recv(1024)
                except TimeoutError:  # the handshake went well: the server did not answer
                    raise _fail_from_reports(server) or Silent(NO_REPLY) from None
        except ssl.SSLCertVerificationError as error:
            _server_reports(server)  # the server hears the refusal: let it finish with it
            raise Fail((WRONG_NAME if error.verify_code == 62 else WRONG_AUTHORITY)
                       .format(message=error.verify_message)) from None
        except (ssl.SSLError, OSError) as error:
            raise _fail_from_reports(server) or Fail(NO_HANDSHAKE.format(
                error=f"{type(error).__name__} : {error}")) from None
        problem = _fail_from_reports(server)
        if problem:
            raise problem
        expect_equal(names, ["localhost", "serveur-tls.test"])


def _case_survives_a_plain_client(call):
    with _tls_server(call.function, *_files("localhost")) as server:
        _plain_reply(server)  # bytes without TLS: the server's handshake fails
        reports = _server_reports(server)
        if reports and "SSLError" in reports[0] and "socket with a" not in reports[0]:
            found = re.search(r"(\w*SSLError: .*?)(?:, ligne \d+|\.?\n|$)", reports[0])
            raise Fail(STOPPED.format(error=found.group(1) if found else reports[0]))
        if reports:
            raise _fail_from_reports(server, reports)
        expect_equal(_tls_exchange(server, b"encore"), b"encore")


ex3 = Exercise(
    number="3",
    function_name="serveur_tls",
    cases=[
        ("un client qui vérifie (autorité du cours, nom localhost) : l'écho chiffré, "
         "accents compris, puis la fin de la connexion", _case_tls_echo),
        ("sert un client, puis le suivant", _case_tls_two_clients),
        ("présente le certificat des fichiers reçus (ici fait pour localhost et "
         "serveur-tls.test)", _case_given_files),
        ("un client sans TLS (des octets en clair), puis un client qui vérifie : le serveur "
         "tient bon", _case_survives_a_plain_client),
    ],
    hints=[
        "Partez de serveur_en_clair : la socket, bind, listen et la boucle sur accept ne "
        "changent pas. Avant la boucle, créez un contexte de serveur, "
        "ssl.create_default_context(ssl.Purpose.CLIENT_AUTH), et chargez-y certfile et "
        "keyfile avec load_cert_chain.",
        "Après accept(), enveloppez la connexion : contexte.wrap_socket(connexion, "
        "server_side=True), dans un bloc with ; lisez et renvoyez avec la socket TLS, "
        "pas avec la connexion d'origine. Une poignée de main ratée lève ssl.SSLError : "
        "attrapez-la dans la boucle, pour que le serveur continue.",
    ],
    reference=serveur_tls,
)
