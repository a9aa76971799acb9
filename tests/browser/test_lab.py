"""The course in a real browser: JupyterLab as `make lab` starts it, driven by headless Chromium.

For each notebook, run once: open it, clear it, run all cells, wait for the kernel, then check
that no cell shows an unexpected error, that the server terminal panels show the servers'
output and the pictures are drawn; then, on that same run, what only a browser shows: the
client console answering (notebooks with a ClientConsole), the web server through the proxy
(notebook 11), accessibility and the dark theme (every notebook).
Screenshots go to build/screenshots/ (look at them: they are what a learner sees).
Run with `make test-browser`.
"""

import nbformat
import pytest

from accessibility import check_outputs
from lab_page import SHOTS, cell_index, close_all, run_all, run_cell
from notebook_tools import NOTEBOOKS
from proxy import check_proxy

playwright = pytest.importorskip("playwright.sync_api")


def expected_errors(path):
    nb = nbformat.read(path, as_version=4)
    return sum("NBVAL_RAISES_EXCEPTION" in c.source for c in nb.cells if c.cell_type == "code")


def terminal_panels(notebook):
    """Text of each server terminal panel (the widget under the cell that started a server)."""
    return notebook.evaluate("""panel => [...panel.querySelectorAll('.widget-vbox')]
        .filter(box => box.textContent.includes('Terminal du serveur'))
        .map(box => (box.querySelector('.widget-output') || box).innerText)""")


def check_console(page, lab, path):
    """Start the echo server and its console again (the last cell stopped them), then type."""
    run_cell(page, cell_index(path, 'start_tcp_server("écho"'))
    run_cell(page, cell_index(path, "ClientConsole("))
    notebook = page.locator(".jp-NotebookPanel:visible")
    console = notebook.locator(".widget-vbox", has=page.locator("button", has_text="Envoyer"))
    console = console.last
    console.scroll_into_view_if_needed()
    console.locator("input").fill("un mot du navigateur")
    console.locator("button", has_text="Envoyer").click()
    transcript = console.locator("pre").first
    playwright.expect(transcript).to_contain_text("← un mot du navigateur", timeout=10_000)
    playwright.expect(console.locator("pre").nth(1)).to_contain_text(
        "Reçu : un mot du navigateur", timeout=10_000)
    page.screenshot(path=str(SHOTS / f"{path.stem}-console.png"))


def browser_only_checks(path):
    """What else to check in the page where `path` has just run."""
    checks = []
    if "ClientConsole(" in path.read_text(encoding="utf-8"):
        checks.append(check_console)
    if path.name == "11_projet_serveur_web.ipynb":
        checks.append(check_proxy)
    return checks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_jupyterlab(lab, lab_page, path):
    page = lab_page
    try:
        run_all(page, path.name)
        notebook = page.locator(".jp-NotebookPanel:visible")
        playwright.expect(notebook).to_have_count(1)
        errors = notebook.locator(".jp-OutputArea-output[data-mime-type="
                                  "'application/vnd.jupyter.stderr']")
        assert errors.count() == expected_errors(path), errors.all_inner_texts()
        panels = terminal_panels(notebook)
        if panels:
            assert any(text.strip() for text in panels), panels
        if path.name == "00_bienvenue.ipynb":
            assert any("Reçu de ('127.0.0.1'" in text for text in panels), panels
        drawn = path.read_text(encoding="utf-8").count("cours-sockets-dessin")
        shown = notebook.locator("figure.cours-sockets-dessin svg[role='img'] title")
        assert shown.count() >= min(drawn, 1), "the notebook's pictures are rendered"
        SHOTS.mkdir(parents=True, exist_ok=True)
        notebook.locator(".jp-Cell").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{path.stem}-debut.png"))
        if panels:
            notebook.locator(".widget-vbox", has_text="Terminal du serveur").first \
                .scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"{path.stem}-terminal.png"))
        for check in browser_only_checks(path):
            check(page, lab, path)
        check_outputs(page, path)  # accessibility, dark theme: on the same run
        assert close_all(page) == 0, "a kernel is left running after its notebook closed"
    finally:
        close_all(page)
