"""Notebook 11 in a real browser: the course's web server, started in a kernel, opened through
jupyter-server-proxy (`<lab>/proxy/<port>/`) in Chromium; its terminal shows the request.
Screenshots go to build/screenshots/. Run with `make test-browser`.
"""

import re

import pytest

from test_lab import SHOTS, browser, cell_index, lab, run_all, run_cell  # noqa: F401 (fixtures)
from notebook_tools import ROOT

playwright = pytest.importorskip("playwright.sync_api")
pytest.importorskip("jupyter_server_proxy")

NOTEBOOK = ROOT / "notebooks" / "fr" / "11_projet_serveur_web.ipynb"
CELL_TEXT = """index => window.jupyterapp.shell.currentWidget.content.widgets[index]
    .outputArea.node.innerText"""


def next_code_cell(path, start, needle):
    """Index of the first code cell after `start` whose source contains `needle`."""
    import nbformat
    nb = nbformat.read(path, as_version=4)
    return next(i for i, c in enumerate(nb.cells)
                if i > start and c.cell_type == "code" and needle in c.source)


def test_the_course_server_in_the_browser_through_the_proxy(lab, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()  # the proxied page shares its session cookie
    try:
        run_all(page, lab, NOTEBOOK.name)  # the last cell stops the servers: start web again
        run_cell(page, cell_index(NOTEBOOK, 'start_server("web"'))
        link_cell = cell_index(NOTEBOOK, "proxy_link(web.port)")
        run_cell(page, link_cell)
        printed = page.evaluate(CELL_TEXT, link_cell)
        match = re.search(r"Ouvrez : (\S+/proxy/(\d+)/)", printed)
        assert match, printed
        assert match.group(1).startswith(lab), (match.group(1), lab)  # this Jupyter's own base

        proxied = context.new_page()
        proxied.goto(match.group(1))
        playwright.expect(proxied.locator("h1")).to_have_text(
            "Bonjour depuis mon serveur à moi", timeout=10_000)
        assert "sans http.server" in proxied.locator("body").inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        proxied.screenshot(path=str(SHOTS / "11_projet_serveur_web-navigateur.png"))
        proxied.close()

        terminal_cell = next_code_cell(NOTEBOOK, link_cell, "web.show_terminal()")
        run_cell(page, terminal_cell)
        shown = page.evaluate(CELL_TEXT, terminal_cell)
        assert "GET / HTTP/1.1" in shown, shown
        assert re.search(r"user-agent: Mozilla/5\.0 .*Chrome", shown), shown
        notebook = page.locator(".jp-NotebookPanel:visible")
        panel = notebook.locator(".widget-vbox", has_text="Terminal du serveur « web »").first
        panel.scroll_into_view_if_needed()
        playwright.expect(panel).to_contain_text("user-agent: Mozilla", timeout=10_000)
        notebook.locator(".jp-Cell").nth(terminal_cell).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "11_projet_serveur_web-terminal-navigateur.png"))
    finally:
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        page.close()
        context.close()
