"""Exercises of 09_plusieurs_clients: a line server for many clients at once, with selectors
(exercise 1) and with asyncio streams (exercise 2).

The protocol: each complete line a client sends comes back numbered for that client
("1 bonjour\\n", "2 salut\\n" …); when the client has finished sending, the server closes.
The checker drives many real clients from one thread, some slow, one that leaves mid-line.
"""

import asyncio
import selectors
import socket
import threading
import time

import psutil

from ..core.servers import ServerError
from ..core.threads import describe
from ..protocols.services import start_asyncio_server
from ..core.messages import text
from .framework import Exercise, Fail, explain_report, learners_server, with_what_it_printed

DEADLINE = 2.5  # seconds for every client of a case to be served
CLIENTS = 60
SLOW_EVERY = 6  # one client in six sends half a line, and the rest once the others are done
CLOSE_WAIT = 0.5  # once every reply has come, seconds the server has to close
IDLE_WINDOW = 0.3  # seconds during which idle clients are connected: the server must sleep
MAX_POLLS = 20  # waits begun in that window: a sleeping server needs two or three
BLOCKING = 0.03  # seconds a step of a coroutine may keep the loop (the reference: < 1 ms)


def serveur_lignes():
    with socket.create_server(("127.0.0.1", 0)) as ecoute, \
            selectors.DefaultSelector() as selecteur:
        selecteur.register(ecoute, selectors.EVENT_READ)
        clients = {}  # connexion -> [octets reçus pas encore traités, lignes déjà numérotées]
        while True:
            for cle, _ in selecteur.select():
                if cle.fileobj is ecoute:
                    connexion, _ = ecoute.accept()
                    selecteur.register(connexion, selectors.EVENT_READ)
                    clients[connexion] = [b"", 0]
                    continue
                connexion = cle.fileobj
                morceau = connexion.recv(1024)
                if not morceau:
                    selecteur.unregister(connexion)
                    connexion.close()
                    del clients[connexion]
                    continue
                etat = clients[connexion]
                etat[0] += morceau
                while b"\n" in etat[0]:
                    ligne, etat[0] = etat[0].split(b"\n", 1)
                    etat[1] += 1
                    connexion.sendall(f"{etat[1]} ".encode() + ligne + b"\n")


async def servir_lignes(lecteur, ecrivain):
    numero = 0
    while ligne := await lecteur.readline():
        if not ligne.endswith(b"\n"):  # le client est parti au milieu d'une ligne
            break
        numero += 1
        ecrivain.write(f"{numero} ".encode() + ligne)
        await ecrivain.drain()
    ecrivain.close()
    await ecrivain.wait_closed()


# -- real clients, driven from the checker's thread --------------------------------------

class _Client:
    """One scripted client. Steps: ("send", b"…"), ("wait", seconds), ("mark",) notes what
    came so far, ("after_fast",) waits until every client without it has its replies,
    ("end",) says it has finished sending (SHUT_WR), ("leave",) closes the connection."""

    def __init__(self, address, number, steps, expected):
        self.number, self.steps, self.expected = number, list(steps), expected
        self.fast = ("after_fast",) not in steps
        self.sock = socket.create_connection(address, timeout=1)
        self.sock.setblocking(False)
        self.received, self.marks = b"", []
        self.eof = self.left = False
        self.due = 0.0

    @property
    def over(self):
        return self.eof or self.left

    @property
    def answered(self):
        return self.over or self.received == self.expected

    def advance(self, now, fast_done):
        """Do the steps that are due."""
        while self.steps and self.due <= now and not self.left:
            step = self.steps[0]
            if step[0] == "after_fast" and not fast_done:
                return
            self.steps.pop(0)
            try:
                self._do(step, now)
            except OSError:  # the server has closed or reset the connection
                self.eof = True

    def _do(self, step, now):
        if step[0] == "send":
            self.sock.sendall(step[1])  # a few bytes: the kernel takes them at once
        elif step[0] == "wait":
            self.due = now + step[1]
        elif step[0] == "mark":
            self.marks.append(self.received)
        elif step[0] == "end":
            self.sock.shutdown(socket.SHUT_WR)
        elif step[0] == "leave":
            self.left = True
            self.sock.close()

    def read(self):
        try:
            chunk = self.sock.recv(4096)
        except OSError:
            chunk = b""
        self.received += chunk
        self.eof = not chunk


def _drive(server, scripts, deadline=DEADLINE):
    """Run every (steps, expected) script at once against `server`; return the clients once
    all are done or at `deadline`. What the server reported is raised (Fail) before the
    clients close: a server that errs once they have gone is not to blame."""
    clients = []
    try:
        for number, (steps, expected) in enumerate(scripts, start=1):
            clients.append(_Client(server.address, number, steps, expected))
    except OSError as error:
        for client in clients:
            client.sock.close()
        server.raise_if_ended()
        raise Fail(NO_CONNECTION.format(error=error)) from None
    end = time.monotonic() + deadline
    try:
        while time.monotonic() < end and not all(c.over for c in clients):
            now = time.monotonic()
            fast_done = all(c.answered for c in clients if c.fast)
            for client in clients:
                client.advance(now, fast_done)
            waiting = [c for c in clients if not c.over]
            if not waiting:
                break
            if all(c.received == c.expected for c in waiting) and not any(c.steps for c in waiting):
                end = min(end, now + CLOSE_WAIT)  # all answered: the server only has to close
            due = min((c.due for c in waiting if c.due > now), default=end)
            with selectors.DefaultSelector() as selector:
                for client in waiting:
                    selector.register(client.sock, selectors.EVENT_READ, client)
                for key, _ in selector.select(max(0.0, min(due, end) - time.monotonic())):
                    key.data.read()
        server.raise_if_ended()  # what it reported, or that its function returned
    finally:
        for client in clients:
            client.sock.close()
    return clients


def _numbered(*lines):
    return "".join(f"{n} {line}\n" for n, line in enumerate(lines, start=1)).encode()


# -- the cases, the same for both exercises -----------------------------------------------

def _case_one_client(serve):
    with serve() as server:  # a Fail raised inside quotes what the server printed
        steps = [("send", b"bon"), ("wait", 0.15), ("mark",), ("send", b"jour\nsal"),
                 ("send", b"ut\nau revoir\n"), ("end",)]
        client, = _drive(server, [(steps, _numbered("bonjour", "salut", "au revoir"))])
        if client.marks and client.marks[0]:
            raise Fail(EARLY.format(got=client.marks[0]))
        _compare(client, _blocking(server))
        if not client.eof:
            raise Fail(_no_close(server))


def _scripts():
    scripts = []
    for number in range(1, CLIENTS + 1):
        lines = [f"client {number} ligne {k}" for k in (1, 2, 3)]
        if number == CLIENTS:  # leaves in the middle of a line, and is not waited for
            scripts.append(([("send", b"je pars au mil"), ("leave",)], b""))
            continue
        if number == CLIENTS - 1:  # ends without a final b"\n": no reply, then the close
            scripts.append(([("send", b"sans fin de ligne"), ("end",)], b""))
            continue
        first = lines[0].encode()
        if number % SLOW_EVERY == 0:
            steps = [("send", first[:5]), ("after_fast",), ("send", first[5:] + b"\n")]
        else:
            steps = [("send", first + b"\n")]
        steps += [("send", f"{lines[1]}\n{lines[2]}\n".encode()), ("end",)]
        scripts.append((steps, _numbered(*lines)))
    return scripts


def _case_many_clients(serve):
    with serve() as server:  # a Fail raised inside quotes what the server printed
        clients = _drive(server, _scripts())
        staying = [c for c in clients if not c.left]
        late = [c for c in staying if not c.received.startswith(c.expected)
                and c.expected.startswith(c.received)]
        wrong = [c for c in staying if c not in late and c.received != c.expected]
        if wrong:
            _compare(wrong[0])
        if late and all(c.received for c in late):  # each answered in part: lines left behind
            client = late[0]
            raise Fail(LINES_LEFT.format(number=client.number, got=client.received,
                                         expected=client.expected))
        closed = [c for c in late if c.eof]
        if closed:  # not late: the server closed them without a reply
            client = closed[0]
            raise Fail(CLOSED_EARLY.format(number=client.number, expected=client.expected,
                                           got=client.received, count=len(closed)))
        if late:
            raise Fail(ONE_AT_A_TIME.format(late=len(late), count=len(staying), seconds=DEADLINE)
                       + _blocking(server))
        unclosed = [c for c in staying if not c.eof]
        if unclosed:
            raise Fail(_no_close(server))


def _read_to_end(sock):
    """What comes on `sock` until the server closes it (or one second of silence)."""
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except OSError:  # silence, or a reset
        pass
    return received


def _case_next_client(serve):
    """A client leaves, the next one comes: it gets the descriptor number the first one had,
    which a selector still holds if the server closed without unregister(). Both checker
    sockets are made first and `first` stays open: no number of ours takes the freed one."""
    with serve() as server, socket.socket() as later, socket.socket() as first:
        first.settimeout(1)
        try:
            first.connect(server.address)
        except OSError as error:
            server.raise_if_ended()
            raise Fail(NO_CONNECTION.format(error=error)) from None
        try:
            first.sendall(b"un\n")
            first.shutdown(socket.SHUT_WR)
        except OSError:  # reset at once: what the server reported says why
            pass
        got = _read_to_end(first)  # b"" at the end: the server has closed its side
        if got != b"1 un\n":
            server.raise_if_ended()
            raise Fail(WRONG_LINES.format(number=1, expected=b"1 un\n", got=got))
        later.settimeout(1)
        try:
            later.connect(server.address)
            later.sendall(b"deux\n")
            later.shutdown(socket.SHUT_WR)
            got = _read_to_end(later)
        except OSError:  # refused or reset: the server has fallen, its report says why
            got = b""
        if got != b"1 deux\n":
            server.raise_if_ended()
            renumbered = _unnumbered(got) == _unnumbered(b"1 deux\n")
            raise Fail((WRONG_LINES.format(number=2, expected=b"1 deux\n", got=got) + RENUMBERED)
                       if renumbered else NEXT_CLIENT.format(got=got))


def _compare(client, clue=""):
    """Fail unless the client got what it expected; `clue` is added to a reply cut short
    (by default: the server closed without a word, when it did)."""
    if client.received != client.expected:
        renumbered = _unnumbered(client.received) == _unnumbered(client.expected)
        cut_short = client.expected.startswith(client.received)
        if renumbered:
            clue = RENUMBERED
        elif not cut_short:
            clue = ""
        elif not clue and client.eof and not client.received:
            clue = CUT_BY_CLOSE
        raise Fail(WRONG_LINES.format(number=client.number, expected=client.expected,
                                      got=client.received) + clue)


def _no_close(server):
    return NO_CLOSE + (NO_CLOSE_ASYNCIO if isinstance(server, _AsyncioServer) else "")


def _blocking(server):
    """What the asyncio exercise adds when replies come late: a step that kept the loop."""
    return server.explain_late() if isinstance(server, _AsyncioServer) else ""


def _unnumbered(replies):
    """The replies without their numbers: b"3 salut\n" -> b"salut"."""
    return [line.partition(b" ")[2] for line in replies.split(b"\n")]


# -- exercise 1: selectors -----------------------------------------------------------------

def _selectors_server(function):
    return learners_server(function, "vérification-lignes", explain=_selectors_report)


def _selectors_report(report):
    """A report of the learner's selectors server, with the way out of a known mistake."""
    return report + NOT_UNREGISTERED if "is already registered" in report else report


def _cpu_seconds(thread):
    """The processor time the thread has used, or None where the system does not say."""
    for entry in psutil.Process().threads():
        if entry.id == thread.native_id:
            return entry.user_time + entry.system_time
    return None


def _case_one_thread_asleep(call):
    with _selectors_server(call.function) as learners:
        server = learners.server
        idle = []
        try:
            for _ in range(5):
                idle.append(socket.create_connection(learners.address, timeout=1))
        except OSError as error:
            for sock in idle:
                sock.close()
            learners.raise_if_ended()
            raise Fail(NO_CONNECTION.format(error=error)) from None
        try:
            server.settle(0.5)
            learners.raise_if_ended()
            before, waits = _cpu_seconds(server.threads[0]), server.waits
            start = time.monotonic()
            _drive(learners, [([("wait", IDLE_WINDOW), ("leave",)], b"")])
            after, polls = _cpu_seconds(server.threads[0]), server.waits - waits
            window = time.monotonic() - start
        finally:
            for sock in idle:
                sock.close()
        threads = len(server.threads)
    # Asleep in select(), a server wakes once, for the client that leaves, and uses well under
    # 1 % of the window. A loop that polls calls select() (or recv()) thousands of times, even
    # when a busy machine gives it little processor; a loop that calls nothing uses all the
    # processor it is given.
    if polls > MAX_POLLS:
        raise Fail(POLLING.format(polls=polls, ms=round(1000 * window)))
    if None not in (before, after) and after - before > window / 5:
        raise Fail(BUSY_LOOP.format(percent=round(100 * (after - before) / window)))
    if threads > 1:
        raise Fail(THREADS.format(count=threads - 1))


# The two protocol cases, the same for both exercises.
ONE_CLIENT = "numérote les lignes d'un client, même coupées en morceaux, puis ferme"
MANY_CLIENTS = f"{CLIENTS} clients à la fois, dont des lents et un qui part au milieu d'une ligne"


def _selectors_case(case):
    return lambda call: case(lambda: _selectors_server(call.function))


ex1 = Exercise(
    number="1",
    function_name="serveur_lignes",
    cases=[
        (ONE_CLIENT, _selectors_case(_case_one_client)),
        (MANY_CLIENTS, _selectors_case(_case_many_clients)),
        ("un client part, le suivant arrive", _selectors_case(_case_next_client)),
        ("un seul thread, qui dort tant que personne n'écrit", _case_one_thread_asleep),
    ],
    hints=[
        "Enregistrez la socket d'écoute dans un selectors.DefaultSelector(), puis bouclez sur "
        "select() : si la clé est la socket d'écoute, acceptez et enregistrez la connexion ; "
        "sinon, un recv() ne bloquera pas.",
        "Gardez, pour chaque connexion, les octets reçus qui ne font pas encore une ligne et le "
        "numéro de sa dernière ligne (un dictionnaire connexion -> état). N'utilisez pas "
        "makefile() ici : select() ne voit pas ce que son tampon a déjà lu.",
        "Après chaque recv(), tant que le tampon contient b'\\n', coupez-le avec "
        "split(b'\\n', 1) et répondez. Un recv() qui rend b'' : désinscrivez (unregister) la "
        "connexion et fermez-la.",
    ],
    reference=serveur_lignes,
)


# -- exercise 2: asyncio -------------------------------------------------------------------

class _WatchedWriter:
    """The StreamWriter the learner's coroutine gets: it notes write() and drain()."""

    def __init__(self, writer, notes):
        self._writer, self._notes = writer, notes

    def write(self, data):
        self._writer.write(data)  # counted once it has succeeded: text raises here
        self._notes["written"] += 1

    async def drain(self):
        self._notes["drained"] += 1
        await self._writer.drain()

    def __getattr__(self, name):
        return getattr(self._writer, name)


class _Stepped:
    """Awaits `coro` step by step: notes the longest step (the loop is blocked while a step
    runs) and, once `stopping` is set, cancels the coroutine at its next step."""

    def __init__(self, coro, notes, stopping):
        self._coro, self._notes, self._stopping = coro, notes, stopping

    def __await__(self):
        value, error = None, None
        while True:
            if self._stopping.is_set():
                value, error = None, asyncio.CancelledError()
            start = self._notes["step_began"] = time.monotonic()
            try:
                waited = self._coro.send(value) if error is None else self._coro.throw(error)
            except StopIteration as end:
                return end.value
            finally:
                self._notes["step_began"] = None
                self._notes["longest_step"] = max(self._notes["longest_step"],
                                                  time.monotonic() - start)
            value, error = None, None
            try:
                value = yield waited
            except BaseException as exc:  # a cancellation: the coroutine gets it
                error = exc


class _AsyncioServer:
    def __init__(self, coroutine):
        self.errors = []
        self.notes = {"written": 0, "drained": 0, "longest_step": 0.0, "step_began": None}
        self._stopping = threading.Event()

        async def handle(reader, writer):
            try:
                await _Stepped(coroutine(reader, _WatchedWriter(writer, self.notes)),
                               self.notes, self._stopping)
            except asyncio.CancelledError:  # the check is over (3.11 would log the cancel)
                writer.close()
            except Exception as exc:  # reported to the learner, in French
                self.errors.append(exc)
                writer.close()

        try:
            self.server = start_asyncio_server(
                "vérification-lignes-asyncio",
                lambda sock: asyncio.start_server(handle, sock=sock), show=False)
        except ServerError as error:
            raise Fail(str(error)) from None

    @property
    def address(self):
        return self.server.address

    def raise_reports(self):
        if self.errors:
            error, where = describe(self.errors[0])
            clue = NOT_AWAITED if "coroutine" in error else ""
            raise Fail(text("server_said", report=explain_report(error + where) + clue))

    raise_if_ended = raise_reports  # the course's loop runs until the check stops it

    def __enter__(self):
        return self

    def explain_late(self):
        """Why clients waited: a step of the coroutine that kept the loop to itself."""
        began = self.notes["step_began"]  # a step still running counts too
        longest = max(self.notes["longest_step"], time.monotonic() - began if began else 0)
        return BLOCKED_LOOP.format(ms=round(1000 * longest)) if longest >= BLOCKING else ""

    def __exit__(self, kind, error, traceback):
        self._stopping.set()  # steps still queued end at once: no blocking call delays the stop
        self.server.stop()
        if isinstance(error, Fail):
            raise with_what_it_printed(error, self.server) from None


def _asyncio_case(case):
    return lambda call: case(lambda: _AsyncioServer(call.function))


def _case_drain(call):
    with _AsyncioServer(call.function) as server:
        steps = [("send", b"un\ndeux\n"), ("end",)]
        client, = _drive(server, [(steps, _numbered("un", "deux"))])
        if not server.notes["written"]:  # without a write, there is no drain() to check
            _compare(client)
        if server.notes["written"] and not server.notes["drained"]:
            raise Fail(NO_DRAIN)


ex2 = Exercise(
    number="2",
    function_name="servir_lignes",
    cases=[
        (ONE_CLIENT, _asyncio_case(_case_one_client)),
        (MANY_CLIENTS, _asyncio_case(_case_many_clients)),
        ("attend drain() après write()", _case_drain),
    ],
    hints=[
        "await lecteur.readline() rend une ligne entière, b'\\n' compris, même si elle arrive "
        "en plusieurs morceaux. Quand le client a fini, elle rend d'abord ce qui reste sans "
        "b'\\n' final (s'il en reste), puis b''.",
        "Numérotez dans une variable locale de la coroutine : chaque client a sa propre "
        "coroutine, donc son propre compteur.",
        "ecrivain.write(...) range les octets dans un tampon ; await ecrivain.drain() attend "
        "qu'il se vide. À la fin : ecrivain.close(), puis await ecrivain.wait_closed().",
    ],
    reference=servir_lignes,
    asynchronous=True,
)


EARLY = ("le serveur a répondu {got!r} avant la fin de la ligne : attendez b'\\n' avant de "
         "répondre (gardez les morceaux de chaque client de côté)")
WRONG_LINES = "le client {number} attendait {expected!r}, il a reçu {got!r}"
NO_CLOSE = ("le client a fini d'envoyer (côté serveur, recv() ou readline() rend alors b''), "
            "mais le serveur n'a pas fermé la connexion : close()")
NO_CLOSE_ASYNCIO = " ; avec asyncio, ecrivain.close() puis await ecrivain.wait_closed()"
HIDDEN_ERROR = ("Une erreur attrapée sans être montrée ? Un « except: » qui l'avale la cache : "
                "laissez-la remonter, le correcteur vous la montrera")
CLOSED_EARLY = ("le serveur a fermé la connexion de {count} client(s) sans leur avoir tout "
                "répondu : le client {number} attendait {expected!r}, il a reçu {got!r}. "
                + HIDDEN_ERROR)
CUT_BY_CLOSE = "\n  le serveur a fermé la connexion sans rien répondre. " + HIDDEN_ERROR
RENUMBERED = ("\n  les lignes sont les bonnes, pas leurs numéros : chaque client a son propre "
              "compteur, qui part de 1 (gardez-le avec l'état de sa connexion, pas dans une "
              "variable commune à tous)")
NEXT_CLIENT = ("le client suivant attendait b'1 deux\\n', il a reçu {got!r} : une fois la "
               "connexion du premier fermée, le serveur doit servir le suivant")
NOT_UNREGISTERED = ("\n  une socket fermée sans selecteur.unregister() reste inscrite, et son "
                    "numéro resservira : désinscrivez-la avant close()")
NOT_AWAITED = (" — une coroutine là où il fallait son résultat : avez-vous oublié await devant "
               "readline() ou drain() ?")
LINES_LEFT = ("le client {number} attendait {expected!r}, il n'a reçu que {got!r} : des lignes "
              "complètes restent sans réponse dans le tampon ? Après chaque recv(), répondez à "
              "toutes les lignes complètes (while, pas if)")
ONE_AT_A_TIME = ("{late} client(s) sur {count} n'ont pas reçu toutes leurs réponses en "
                 "{seconds:g} s : le serveur sert-il un client à la fois ? Un client lent ne "
                 "doit pas faire attendre les autres")
BUSY_LOOP = ("le serveur a occupé le processeur {percent} % du temps alors que personne "
             "n'écrivait : une boucle active ? Laissez select() attendre (sans timeout=0)")
THREADS = ("le serveur a lancé {count} thread(s) : l'exercice demande un seul thread, qui "
           "surveille toutes les connexions avec un sélecteur")
BLOCKED_LOOP = ("\n  une étape de la coroutine (entre deux await) a gardé la boucle {ms} ms "
                "d'affilée : "
                "pendant ce temps, aucun autre client n'est servi. Un appel bloquant, comme "
                "time.sleep ou un recv() de socket, arrête toute la boucle : dans une "
                "coroutine, on attend avec await (asyncio.sleep au lieu de time.sleep, "
                "lecteur.readline() au lieu de recv() …)")
NO_DRAIN = ("write() sans await drain() : face à un client qui ne lit pas, le tampon "
            "d'écriture grossirait sans limite")
NO_CONNECTION = "un client n'a pas pu se connecter ({error}) : le serveur écoute-t-il encore ?"
POLLING = ("le serveur a commencé {polls} attentes en {ms} ms alors que personne n'écrivait : "
           "une boucle active ? Laissez select() attendre (sans timeout=0)")
