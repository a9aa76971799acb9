"""Accessibility of the course's own outputs, in JupyterLab's dark theme (used by test_lab,
on each notebook it has just run, so that every notebook runs once in the browser).

Inject axe-core (tests/browser/package.json) and check the output areas only (JupyterLab's own
chrome is not ours to fix): no serious or critical violation. Then the course's tables and
panels must take their colours from the theme: their computed colours change when the theme
goes from dark to light. Dark screenshots go to build/screenshots/.
"""

import json
import pathlib

from notebook_tools import ROOT

SHOTS = ROOT / "build" / "screenshots"

AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
DARK, LIGHT = "JupyterLab Dark", "JupyterLab Light"

# The outputs of the course: every output area of the open notebook.
OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
AXE_RUN = """async selector => {
  const nodes = [...document.querySelectorAll(selector)];
  if (!nodes.length) return [];
  const result = await axe.run({include: nodes}, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => n.html.slice(0, 160))}));
}"""
# Colours of the course's own HTML (class 'cours-sockets' on its tables and panels).
COLOURS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .cours-sockets, ' +
    '.jp-NotebookPanel:not(.lm-mod-hidden) .cours-sockets th, ' +
    '.jp-NotebookPanel:not(.lm-mod-hidden) .cours-sockets td')]
  .map(e => { const s = getComputedStyle(e);
              return [s.color, s.backgroundColor, s.borderTopColor].join(' '); })"""


def set_theme(page, theme):
    page.evaluate("t => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})",
                  theme)
    page.wait_for_function("t => document.body.dataset.jpThemeName === t", arg=theme,
                           timeout=20_000)


def violations(page):
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_RUN, OUTPUTS)
    return [v for v in found if v["impact"] in SERIOUS]


def check_outputs(page, path: pathlib.Path):
    """The notebook open in `page` has run: its outputs are accessible and follow the theme."""
    set_theme(page, DARK)
    found = violations(page)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path.stem}-sombre.png"))
    dark = page.evaluate(COLOURS)
    set_theme(page, LIGHT)
    light = page.evaluate(COLOURS)
    stored = path.read_text(encoding="utf-8")
    if "<table" in stored or "Terminal du serveur" in stored:
        assert dark, "the course's tables and panels carry the class 'cours-sockets'"
    assert len(dark) == len(light)
    same = [d for d, li in zip(dark, light) if d == li]
    assert not same, f"{len(same)} course elements keep their colours across themes: {same[:3]}"
