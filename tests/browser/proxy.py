"""Notebook 11, after test_lab has run it: the course's web server, started in the kernel, opened
through jupyter-server-proxy (`<lab>/proxy/<port>/`) in a second tab; its terminal shows the
browser's request. Screenshots: build/screenshots/11_projet_serveur_web-*.png."""

import re

import pytest

from lab_page import SHOTS, cell_index, cell_text, run_cell

expect = pytest.importorskip("playwright.sync_api").expect


def check_proxy(page, lab, path):
    """The last cell stopped the servers: start the web server again, open it, read its log."""
    run_cell(page, cell_index(path, 'start_server("web"'))
    link_cell = cell_index(path, "proxy_link(web.port)")
    run_cell(page, link_cell)
    printed = cell_text(page, link_cell)
    match = re.search(r"Ouvrez : (\S+/proxy/(\d+)/)", printed)
    assert match, printed
    assert match.group(1).startswith(lab), (match.group(1), lab)  # this Jupyter's own base

    proxied = page.context.new_page()  # same context: it shares the session cookie
    try:
        proxied.goto(match.group(1))
        expect(proxied.locator("h1")).to_have_text("Bonjour depuis mon serveur à moi",
                                                   timeout=10_000)
        assert "sans http.server" in proxied.locator("body").inner_text()
        proxied.screenshot(path=str(SHOTS / f"{path.stem}-navigateur.png"))
    finally:
        proxied.close()

    terminal_cell = cell_index(path, "web.show_terminal()", after=link_cell)
    run_cell(page, terminal_cell)
    shown = cell_text(page, terminal_cell)
    assert "GET / HTTP/1.1" in shown, shown
    assert re.search(r"user-agent: Mozilla/5\.0 .*Chrome", shown), shown
    notebook = page.locator(".jp-NotebookPanel:visible")
    panel = notebook.locator(".widget-vbox", has_text="Terminal du serveur « web »").first
    panel.scroll_into_view_if_needed()
    expect(panel).to_contain_text("user-agent: Mozilla", timeout=10_000)
    notebook.locator(".jp-Cell").nth(terminal_cell).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"{path.stem}-terminal-navigateur.png"))
