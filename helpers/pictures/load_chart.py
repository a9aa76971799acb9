"""The picture of 09_plusieurs_clients: how long fast clients waited, per design and load.

Drawn from the numbers of the run (protocols.load.Load), on a logarithmic scale: one group
of bars per number of clients, one bar per design, each bar labelled with its letter and
its value, so that nothing rests on colour alone.
"""

import math

from .svg import Drawing

COLOURS = ("#b5523b", "#d9a43b", "#3b7dd9", "#4c9a5b")
LEFT, TOP, HEIGHT, GROUP = 70, 40, 220, 140
LOW, HIGH = 0.1, 1000.0  # milliseconds at the bottom and top of the scale
LETTERS = {"itératif": "I", "un thread par client": "T", "selectors": "S", "asyncio": "A"}


def _letter(design):
    return LETTERS.get(design, design[:1].upper())


def _clients(count):
    return f"{count} client" + ("s" if count > 1 else "")


def _y(ms):
    ms = min(max(ms, LOW), HIGH)
    return TOP + HEIGHT * (1 - math.log10(ms / LOW) / math.log10(HIGH / LOW))


def load_chart(loads, designs):
    """Median latency of the fast clients, one bar per (number of clients, design)."""
    counts = sorted({load.clients for load in loads})
    width = LEFT + GROUP * len(counts) + 20
    d = Drawing(width, TOP + HEIGHT + 110)
    by_key = {(load.clients, load.design): load for load in loads}
    d.text(width / 2, 22, "Latence médiane des clients rapides (ms, échelle logarithmique)",
           bold=True)
    for ms in (0.1, 1, 10, 100, 1000):
        d.line(LEFT, _y(ms), width - 20, _y(ms), color="#ccc", width=1)
        d.text(LEFT - 8, _y(ms) + 4, f"{ms:g}", size=11, anchor="end")
    bar = (GROUP - 30) / len(designs)
    for g, count in enumerate(counts):
        x0 = LEFT + 15 + g * GROUP
        for k, design in enumerate(designs):
            load = by_key.get((count, design))
            if load is None:
                continue
            x, y = x0 + k * bar, _y(load.median_ms)
            d.box(x, y, bar - 4, TOP + HEIGHT - y, fill=COLOURS[k], stroke="#333")
            d.text(x + bar / 2 - 2, y - 4, f"{load.median_ms:.0f}" if load.median_ms >= 1
                   else "<1", size=10)
            d.text(x + bar / 2 - 2, TOP + HEIGHT + 14, _letter(design), size=11, bold=True)
        d.text(x0 + (GROUP - 30) / 2, TOP + HEIGHT + 34, _clients(count), size=12)
    for k, design in enumerate(designs):
        x = LEFT + (k % 2) * 240
        y = TOP + HEIGHT + 60 + (k // 2) * 20
        d.box(x, y - 11, 14, 14, fill=COLOURS[k], stroke="#333")
        d.text(x + 20, y, f"{_letter(design)} : {design}", size=12, anchor="start")
    d.describe("Latence des clients rapides selon la conception du serveur",
               "Latence médiane, en millisecondes, des clients qui ne sont pas lents. "
               + " ".join(_sentence(by_key, count, designs) for count in counts))
    return d


def _sentence(by_key, count, designs):
    values = [f"{design} {by_key[(count, design)].median_ms:.0f} ms" for design in designs
              if (count, design) in by_key]
    return f"Avec {_clients(count)} : " + ", ".join(values) + "."
