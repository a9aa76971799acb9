"""Benchmark (not a test): the cost of one print of a server with its live panel displayed,
when 10, 1,000 and 10,000 lines are already shown; then the memory a server that streams
without a newline costs under the client console. Run: .venv/bin/python tests/bench_panel.py

It uses a real ipywidgets.Output as the panel (no browser needed) and the course's terminal."""

import threading
import time

import ipywidgets

from helpers.core import terminal as module


def per_line_cost(already, lines=500):
    terminal = module.Terminal("banc")
    module._PanelWriter.start()
    terminal._panel = ipywidgets.Output()
    for number in range(already):
        terminal.write(f"déjà {number}\n")
    drained = threading.Event()
    started = time.perf_counter()
    for number in range(lines):
        terminal.write(f"nouvelle ligne {number}\n")
    module._PanelWriter.queue(type("Fin", (), {"_refresh_panel": staticmethod(drained.set)}))
    drained.wait(30)
    return (time.perf_counter() - started) / lines


def streaming_under_console(exchanges=20):
    """(seconds, MiB of resident memory gained) for `exchanges` lines sent to a server that
    answers each with an endless stream of bytes and no newline."""
    import psutil

    from helpers import start_tcp_server
    from helpers.widgets.console import ClientConsole

    def flood(conn, address):
        try:
            while conn.recv(100):
                for _ in range(100_000):  # far more than the console keeps
                    conn.sendall(b"x" * 1000)
        except OSError:  # the console gave up and closed: that exchange is over
            pass

    process = psutil.Process()
    before = process.memory_info().rss
    server = start_tcp_server("déluge", flood, show=False)
    started = time.perf_counter()
    for number in range(exchanges):
        console = ClientConsole(server)
        console.line.value = f"ligne {number}"
        console.send.click()
    elapsed = time.perf_counter() - started
    server.stop()
    return elapsed, (process.memory_info().rss - before) / 2**20


if __name__ == "__main__":
    for already in (10, 1_000, 10_000):
        print(f"{already:>6} lignes déjà affichées : {per_line_cost(already) * 1e6:8.1f} µs par ligne")
    seconds, gained = streaming_under_console()
    print(f"un serveur qui envoie sans fin de ligne, 20 échanges dans la console : {seconds:.1f} s,"
          f" mémoire {gained:+.1f} Mio")
