"""The static site in a real browser: its index and one notebook page render, pictures drawn.

Screenshots: build/screenshots/site-*.png.
"""

import subprocess
import sys

import pytest

from lab_page import SHOTS
from notebook_tools import ROOT

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(ROOT / "site"),
                    str(out)], check=True, timeout=300)
    return out


def test_index_and_a_notebook_page(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.goto((site / "index.html").as_uri())
        playwright.expect(page.locator("h1").first).to_contain_text("Les sockets en Python")
        links = page.locator("nav a[href*='cours/']")
        assert links.count() >= 9
        page.screenshot(path=str(SHOTS / "site-accueil.png"))
        page.goto((site / "cours" / "03_serveur.html").as_uri())
        playwright.expect(page.locator(".admonition").first).to_contain_text("lecture seule")
        picture = page.locator("article svg[role='img']").first
        picture.scroll_into_view_if_needed()
        assert picture.bounding_box()["width"] > 200, "the picture is drawn"
        page.screenshot(path=str(SHOTS / "site-03_serveur.png"))
    finally:
        page.close()
