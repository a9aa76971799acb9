"""Benchmark (not a test): the cost of one print of a server with its live panel displayed,
when 10, 1,000 and 10,000 lines are already shown. Run: .venv/bin/python tests/bench_panel.py

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


if __name__ == "__main__":
    for already in (10, 1_000, 10_000):
        print(f"{already:>6} lignes déjà affichées : {per_line_cost(already) * 1e6:8.1f} µs par ligne")
