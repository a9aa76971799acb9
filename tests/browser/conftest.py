"""What every browser test shares: one JupyterLab, one Chromium and one JupyterLab page per
test worker.

JupyterLab starts as `make lab` starts it (its own port, a token, no browser window), on a copy
of the notebooks (autosave must not touch the repository); Chromium runs headless.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import threading

import pytest

from lab_page import TOKEN, open_lab
from notebook_tools import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """The base URL of a JupyterLab serving a copy of notebooks/fr."""
    home = tmp_path_factory.mktemp("lab")
    course = home / "fr"
    shutil.copytree(ROOT / "notebooks" / "fr", course)
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


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (the system's package), driven by Playwright."""
    playwright = pytest.importorskip("playwright.sync_api")
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


@pytest.fixture(scope="session")
def lab_page(lab, browser):
    """A page where JupyterLab has started, the same for every notebook (see lab_page.py)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield open_lab(context, lab)
    context.close()
