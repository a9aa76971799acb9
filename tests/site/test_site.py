"""The static site: built from the stored notebooks, every page there, pictures inline,
every link between pages resolving, the generated pages gathered from the notebooks."""

import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "site"))
import course_site  # noqa: E402

NOTEBOOKS = course_site.notebooks()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going",
                            "-b", "html", str(ROOT / "site"), str(out)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-3000:]
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_follows_the_conventions_the_site_reads(path):
    title, minutes, keep = course_site.summary(path)
    assert title and not title.startswith("#"), "first line: '# Title'"
    assert minutes, "a line '⏱ Durée : environ N minutes'"
    assert keep, "a section '## À retenir' with some text"


def test_every_notebook_has_its_page_with_the_read_only_banner(site):
    for path in NOTEBOOKS:
        page = (site / "cours" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert "lecture seule" in page, path.name
        first_words = re.findall(r"\w{4,}", course_site.summary(path)[0])[:2]
        assert all(w in page for w in first_words), path.name


def test_pictures_are_inline(site):
    for path in NOTEBOOKS:
        pictures = path.read_text(encoding="utf-8").count('"image/svg+xml"')
        page = (site / "cours" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert page.count("<svg") >= pictures, path.name
        assert not re.search(r'<img[^>]+\.svg"', page), f"{path.name}: an SVG left as <img>"


def test_links_between_pages_resolve(site):
    broken = []
    for page in site.rglob("*.html"):
        if "_static" in page.parts:  # the theme's own template fragments
            continue
        for target in re.findall(r'href="([^"#:?]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8")):
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(site)} → {target}")
    assert not broken, broken[:20]


def test_map_and_cheat_sheet_are_gathered_from_every_notebook(site):
    course_map = (site / "carte.html").read_text(encoding="utf-8")
    cheat = (site / "aide-memoire.html").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"cours/{path.stem}.html" in course_map, path.name
        assert f"cours/{path.stem}.html" in cheat, path.name
    first_keep = course_site.summary(NOTEBOOKS[0])[2].splitlines()[0]
    words = re.findall(r"\w{6,}", first_keep)[:3]
    assert all(w in cheat for w in words), "the cheat sheet holds the notebooks' own words"


def test_glossary_and_teachers_guide_are_there(site):
    assert "backlog" in (site / "glossaire.html").read_text(encoding="utf-8")
    assert (site / "guide" / "index.html").exists()


def test_every_notebook_has_its_teachers_page_with_notes(site):
    for path in NOTEBOOKS:
        notes = ROOT / "site" / "guide" / "notes" / f"{path.stem}.md"
        assert notes.exists(), f"write the teacher's notes of {path.name}: {notes}"
        page = (site / "guide" / f"carnet-{path.stem}.html").read_text(encoding="utf-8")
        assert "Plan de séance" in page and "Objectifs" in page, path.name
