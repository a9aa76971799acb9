"""Notebooks in one JupyterLab page, driven from Python: open one and run all its cells, run one
cell, read a cell's output, close it with its kernel. Screenshots go to build/screenshots/.

The page is loaded once per test worker (JupyterLab takes seconds of CPU to start in a page);
each notebook is opened in it, then closed, so that only one is open at a time."""

import nbformat

from notebook_tools import ROOT

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
CELL_TEXT = """index => window.jupyterapp.shell.currentWidget.content.widgets[index]
    .outputArea.node.innerText"""


def cell_index(path, needle, after=-1):
    """Index (among all cells) of the first code cell after `after` containing `needle`."""
    nb = nbformat.read(path, as_version=4)
    return next(i for i, c in enumerate(nb.cells)
                if i > after and c.cell_type == "code" and needle in c.source)


OPENED = """name => {
  const widget = window.jupyterapp.shell.currentWidget;
  return !!widget && !!widget.context && widget.context.path === name;
}"""
CLOSE_ALL = """async () => {
  for (const widget of [...window.jupyterapp.shell.widgets('main')]) {
    if (widget.sessionContext) await widget.sessionContext.shutdown();
    if (widget.context) widget.context.model.dirty = false;  // no "save?" dialog
    widget.dispose();
  }
  const kernels = window.jupyterapp.serviceManager.kernels;
  await kernels.refreshRunning();
  return [...kernels.running()].length;
}"""


def open_lab(context, base):
    """A page with JupyterLab started in it (?reset: a fresh workspace, no notebook open)."""
    page = context.new_page()
    page.goto(f"{base}lab?reset&token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.restored",
                           timeout=60_000)
    page.evaluate("() => window.jupyterapp.restored.then(() => true)")
    return page


def run_all(page, name):
    page.evaluate("""name => window.jupyterapp.commands.execute('docmanager:open', {path: name})
                         .then(() => true)""", name)
    page.wait_for_function(OPENED, arg=name, timeout=30_000)
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


def cell_text(page, index):
    """What the output area of cell `index` shows."""
    return page.evaluate(CELL_TEXT, index)


def close_all(page):
    """Every open notebook closed, its kernel shut down: no server left for the next one.
    Returns how many kernels this JupyterLab still runs."""
    for extra in page.context.pages:  # a tab the test opened (notebook 11's web page)
        if extra is not page:
            extra.close()
    return page.evaluate(CLOSE_ALL)
