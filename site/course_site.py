"""Pages of the site gathered from the stored notebooks by code: the map, the cheat sheet.

Conventions every notebook follows (tests/test_site.py checks them): its first line is its
`# Title`, one line says `⏱ Durée : environ N minutes`, and one section is `## À retenir`.
"""

import json
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks" / "fr"
DURATION = re.compile(r"⏱ Durée : environ (\d+) minutes")


def notebooks():
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb"))


def markdown_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def summary(path):
    """(title, minutes, 'À retenir' text) of one notebook."""
    cells = markdown_cells(path)
    title = cells[0].splitlines()[0].lstrip("# ").strip()
    found = DURATION.search("\n".join(cells))
    keep = next((c for c in cells if c.startswith("## À retenir")), "")
    keep = keep.split("\n", 1)[1].strip() if "\n" in keep else ""
    return title, int(found.group(1)) if found else None, keep


def relink(markdown, prefix):
    """Links between notebooks, for a page that is not beside them."""
    return re.sub(r"\]\((\d\d_[\w-]+\.ipynb)", lambda m: f"]({prefix}{m.group(1)}", markdown)


def course_map():
    lines = ["# La carte du cours", "",
             "| Carnet | Sujet | Durée |", "|---|---|---|"]
    total = 0
    for path in notebooks():
        title, minutes, _ = summary(path)
        total += minutes or 0
        lines.append(f"| [{path.stem}](cours/{path.stem}.ipynb) | {title} | "
                     f"{minutes} min |" if minutes else "|")
    lines += ["", f"En tout, environ {total // 60} h {total % 60:02d} de travail, "
              "exercices compris.", ""]
    return "\n".join(lines)


def cheat_sheet():
    """Every notebook's 'À retenir', in order, on one page."""
    lines = ["# Aide-mémoire", "",
             "Les sections « À retenir » de tous les carnets, réunies sur une page.", ""]
    for path in notebooks():
        title, _, keep = summary(path)
        keep = re.sub(r"^(#+) ", r"\1## ", keep, flags=re.M)  # headings one level down
        keep = relink(keep, "cours/")
        lines += [f"## [{title}](cours/{path.stem}.ipynb)", "", keep, ""]
    return "\n".join(lines)


def read_only_banner(repository):
    """The first cell of each notebook's page: a read-only view, and how to run it."""
    run = "`make lab` depuis le dossier du cours (voir la page d'accueil)"
    if repository:
        binder = f"https://mybinder.org/v2/gh/{repository}/HEAD?urlpath=lab/tree/notebooks/fr"
        run += f", ou [sur Binder]({binder})"
    return (f"```{{note}}\nCeci est une **vue en lecture seule** du carnet, avec les sorties "
            f"enregistrées. Pour l'exécuter et faire les exercices : {run}.\n```")


def prepare(source_dir, repository=None):
    """Write the generated pages and the notebooks' copies (with the banner) into source_dir."""
    source_dir = pathlib.Path(source_dir)
    copies = source_dir / "cours"
    shutil.rmtree(copies, ignore_errors=True)
    copies.mkdir()
    for path in notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "id": "lecture-seule",
                               "source": read_only_banner(repository)})
        (copies / path.name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    (source_dir / "carte.md").write_text(course_map(), encoding="utf-8")
    (source_dir / "aide-memoire.md").write_text(cheat_sheet(), encoding="utf-8")
    (source_dir / "guide" / "solutions.md").write_text(solutions_page(), encoding="utf-8")
    for path in notebooks():
        (source_dir / "guide" / f"carnet-{path.stem}.md").write_text(
            guide_page(path, source_dir / "guide" / "notes"), encoding="utf-8")


_SVG_IMG = re.compile(r'<img alt="[^"]*" src="((?:\.\./)*_images/[0-9a-f]+\.svg)" />')


def inline_svgs(page):
    """Put each SVG picture of a built page inline, so that its <title> and <desc> are read."""
    page = pathlib.Path(page)
    html = page.read_text(encoding="utf-8")

    def inline(match):
        svg = (page.parent / match.group(1)).read_text(encoding="utf-8")
        return re.sub(r"^<\?xml[^>]*>\s*", "", svg)

    page.write_text(_SVG_IMG.sub(inline, html), encoding="utf-8")


def solutions_page():
    """Every exercise: what its checker verifies, its hints, its reference solution."""
    import inspect
    sys_path = str(ROOT)
    import sys
    if sys_path not in sys.path:
        sys.path.insert(0, sys_path)
    from helpers.teaching.progress import NOTEBOOKS as BY_MODULE, all_exercises
    lines = ["# Les solutions de référence", "",
             "Chaque exercice, avec ce que son correcteur vérifie, ses indices et la solution de "
             "référence, tirés du code des correcteurs quand le site est construit : ils ne "
             "peuvent pas diverger.", ""]
    for module, exercise in all_exercises():
        lines += [f"## {BY_MODULE.get(module, module)}, exercice {exercise.number} : "
                  f"`{exercise.function_name}`", "", "Ce que vérifie `check()` :", ""]
        lines += [f"- {label}" for label, _ in exercise.cases]
        lines += ["", "Les indices, dans l'ordre :", ""]
        lines += [f"{i}. {hint}" for i, hint in enumerate(exercise.hints, 1)]
        source = inspect.getsource(exercise.reference).rstrip()
        lines += ["", "```python", source, "```", ""]
    return "\n".join(lines)


def objectives(path):
    """The bullet list of the notebook's first cell: what the learner will be able to do."""
    return [line[2:].strip() for line in markdown_cells(path)[0].splitlines()
            if line.startswith("- ")]


def guide_page(path, notes_dir):
    """The teacher's page of one notebook: facts gathered from it, then the teacher's notes."""
    title, minutes, keep = summary(path)
    lines = [f"# {path.stem[:2]} — {title}", "",
             f"Carnet : [{path.stem}](../cours/{path.stem}.ipynb) · durée pour un apprenant "
             f"seul : environ {minutes} min (prévoyez {round(minutes * 1.2)} min en classe).",
             "", "## Objectifs", ""]
    lines += [f"- {goal}" for goal in objectives(path)]
    lines += ["", "## Ce que l'apprenant doit retenir", "", relink(keep, "../cours/"), ""]
    notes = pathlib.Path(notes_dir) / f"{path.stem}.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8").strip(), ""]
    lines += ["## Les exercices", "",
              "Les vérifications, les indices et la solution de référence de chaque exercice de "
              "ce carnet sont dans [les solutions de référence](solutions.md).", ""]
    return "\n".join(lines)
