"""The course in a real browser: JupyterLab as `make lab` starts it, driven by headless Chromium.

For each notebook: open it, clear it, run all cells, wait for the kernel, then check that no
cell shows an unexpected error and that the server terminal panel shows the server's output.
Screenshots go to build/screenshots/ (look at them: they are what a learner sees).
Run with `make test-browser`.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import threading

import nbformat
import pytest

from accessibility import check_outputs
from notebook_tools import NOTEBOOKS, ROOT

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = ROOT / "build" / "screenshots"
TOKEN = "cours-sockets-test"
ALL_NUMBERED = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
  return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
}"""
KERNEL_IDLE = """() => {
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session
                 && widget.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on its own port (0: the OS picks), with a token and no browser window."""
    home = tmp_path_factory.mktemp("lab")
    course = home / "fr"
    shutil.copytree(ROOT / "notebooks" / "fr", course)  # autosave must not touch the repo
    for plugin, values in {"notebook-extension/tracker": {"windowingMode": "none"},
                           "apputils-extension/notification": {"fetchNews": "false"}}.items():
        settings = home / "settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps(values))
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               "--ServerApp.port=0", f"--IdentityProvider.token={TOKEN}",
               f"--ServerApp.root_dir={course}", "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    found, url = threading.Event(), {}

    def watch():
        for line in server.stderr:
            match = re.search(r"(http://127\.0\.0\.1:\d+/)lab", line)
            if match and not found.is_set():
                url["base"] = match.group(1)
                found.set()

    threading.Thread(target=watch, daemon=True).start()
    assert found.wait(60), "JupyterLab did not start within 60 s"
    yield url["base"]
    server.terminate()
    server.wait(20)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield chromium
        chromium.close()


def expected_errors(path):
    nb = nbformat.read(path, as_version=4)
    return sum("NBVAL_RAISES_EXCEPTION" in c.source for c in nb.cells if c.cell_type == "code")


def cell_index(path, needle):
    """Index (among all cells) of the first code cell whose source contains `needle`."""
    nb = nbformat.read(path, as_version=4)
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and needle in c.source)


def run_all(page, base, name):
    # ?reset: a fresh workspace, so that only this notebook is open in the page
    page.goto(f"{base}lab/tree/{name}?reset&token={TOKEN}")
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(f"() => !({ALL_NUMBERED})()", timeout=10_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_NUMBERED, timeout=120_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)


def run_cell(page, index):
    page.evaluate("""index => {
        const notebook = window.jupyterapp.shell.currentWidget.content;
        notebook.activeCellIndex = index;
        return window.jupyterapp.commands.execute('notebook:run-cell');
    }""", index)
    page.wait_for_function(KERNEL_IDLE, timeout=30_000)


def terminal_panels(notebook):
    """Text of each server terminal panel (the widget under the cell that started a server)."""
    return notebook.evaluate("""panel => [...panel.querySelectorAll('.widget-vbox')]
        .filter(box => box.textContent.includes('Terminal du serveur'))
        .map(box => (box.querySelector('.widget-output') || box).innerText)""")


def check_console(page, notebook, path):
    """Start the echo server and its console again (the last cell stopped them), then type."""
    run_cell(page, cell_index(path, 'start_tcp_server("écho"'))
    run_cell(page, cell_index(path, "ClientConsole("))
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_jupyterlab(lab, browser, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        run_all(page, lab, path.name)
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
        if "ClientConsole(" in path.read_text(encoding="utf-8"):
            check_console(page, notebook, path)
        check_outputs(page, path)  # accessibility, dark theme: on the same run
    finally:  # the kernel goes with the page: no servers left running for the next notebook
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        page.close()
