"""A learner's progress: each check() result, kept in a small file on this computer only.

One JSON file per notebook in the data folder (`COURS_SOCKETS_DATA`, or the user's data folder):
a damaged file loses nothing of the other notebooks. `bilan()` shows the table; `exporter()`
writes everything into one file to hand in.
"""

import datetime
import html
import importlib
import json
import os
import pathlib
import pkgutil

import platformdirs

from ..core.messages import text
from ..core import theme

DONE, TRIED = "réussi", "essayé"


def folder():
    """Where progress files live (created on first write)."""
    return pathlib.Path(os.environ.get("COURS_SOCKETS_DATA")
                        or platformdirs.user_data_dir("cours-sockets")) / "progression"


def notebook_of(exercise):
    """The exercises module an exercise belongs to ('serveur', 'client' …)."""
    return exercise.reference.__module__.rsplit(".", 1)[-1]


def _read(notebook):
    """(entries, problem): a missing file is empty; a damaged one is reported, not trusted."""
    path = folder() / f"{notebook}.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(entries, dict):
            raise ValueError("not an object")
        return entries, None
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError, UnicodeDecodeError):
        return {}, text("progress_damaged", path=path)


def record(exercise, passed):
    """Note one check() of `exercise`: passed, or tried. Never raises (progress is a bonus)."""
    notebook = notebook_of(exercise)
    entries, problem = _read(notebook)
    if problem:
        print(problem)
    entry = entries.get(exercise.number, {"tentatives": 0})
    entry["tentatives"] = entry.get("tentatives", 0) + 1
    if passed or entry.get("etat") == DONE:
        entry["etat"] = DONE
    else:
        entry["etat"] = TRIED
    entry["le"] = datetime.date.today().isoformat()
    entries[exercise.number] = entry
    try:
        folder().mkdir(parents=True, exist_ok=True)
        temporary = folder() / f"{notebook}.json.tmp"
        temporary.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(folder() / f"{notebook}.json")  # never half a file
    except OSError as exc:
        print(text("progress_unwritable", error=exc))


def all_exercises():
    """[(notebook, exercise)] for every exercise of the course, in the notebooks' order."""
    exercises = importlib.import_module("..exercises", __package__)  # the layer above
    found = []
    for info in pkgutil.iter_modules(exercises.__path__):
        if info.name == "framework":
            continue
        module = importlib.import_module(f"{exercises.__name__}.{info.name}")
        for value in vars(module).values():
            reference = getattr(value, "reference", None)
            if hasattr(value, "verify") and getattr(reference, "__module__", "") == module.__name__:
                found.append((info.name, value))
    order = list(NOTEBOOKS)
    return sorted(found, key=lambda pair: (order.index(pair[0]) if pair[0] in order
                                           else len(order), pair[0], pair[1].number))


# Each exercises module, and its notebook, in the course's order (one missing here goes last).
NOTEBOOKS = {
    "bienvenue": "00_bienvenue", "vocabulaire": "01_vocabulaire",
    "module_socket": "02_module_socket", "serveur": "03_serveur", "client": "04_client",
    "modules_internet": "05_modules_internet", "nntp_ftp": "06_nntp_ftp",
    "courrier": "07_courrier", "telnet_gopher": "08_telnet_gopher",
    "plusieurs_clients": "09_plusieurs_clients", "tls": "10_tls",
    "projet_serveur_web": "11_projet_serveur_web",
}


def rows():
    """[(notebook, number, state, tries)], 'pas commencé' where nothing was recorded."""
    cache, table = {}, []
    for notebook, exercise in all_exercises():
        if notebook not in cache:
            cache[notebook] = _read(notebook)[0]
        entry = cache[notebook].get(exercise.number, {})
        table.append((NOTEBOOKS.get(notebook, notebook), exercise.number, entry.get("etat", text("progress_not_started")),
                      entry.get("tentatives", 0)))
    return table


class Bilan:
    """The progress table: HTML in JupyterLab, text elsewhere (same data)."""

    def __init__(self):
        self.rows = rows()
        self.problems = sorted({p for n, _ in all_exercises() if (p := _read(n)[1])})

    def __repr__(self):
        lines = [text("progress_title")] + self.problems
        for notebook, number, state, tries in self.rows:
            lines.append(f"  {notebook:<20} ex. {number:<3} {state} ({tries})")
        return "\n".join(lines)

    def _repr_html_(self):
        cell = f"style='{theme.CELL}'"
        head = "".join(f"<th scope='col' {cell}>{html.escape(text(k))}</th>" for k in
                       ("progress_notebook", "progress_exercise", "progress_state",
                        "progress_tries"))
        body = "".join(
            f"<tr><th scope='row' {cell}>{html.escape(n)}</th><td {cell}>{html.escape(x)}</td>"
            f"<td {cell}>{html.escape(s)}</td><td {cell}>{t}</td></tr>"
            for n, x, s, t in self.rows)
        notes = "".join(f"<p>{html.escape(p)}</p>" for p in self.problems)
        return (f"{notes}<table class='cours-sockets' style='border-collapse:collapse'>"
                f"<caption>{html.escape(text('progress_title'))}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def bilan():
    """Show, per notebook and exercise: done, tried or not started."""
    return Bilan()


def exporter(path="bilan-cours-sockets.json"):
    """Write the whole progress into one file (to hand in); return its path."""
    data = [{"carnet": n, "exercice": x, "etat": s, "tentatives": t} for n, x, s, t in rows()]
    target = pathlib.Path(path)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(text("progress_exported", path=target.resolve(), count=len(data)))
    return target
