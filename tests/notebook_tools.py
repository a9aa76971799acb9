"""Shared by the notebook tests: list notebooks, run one in a live kernel, normalise outputs."""

import configparser
import ipaddress
import json
import pathlib
import re

import nbformat
from nbclient import NotebookClient
from nbval.plugin import find_comment_markers

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("**/*.ipynb"))
NOTEBOOKS = [nb for nb in NOTEBOOKS if ".ipynb_checkpoints" not in nb.parts]
# The chapter's notebooks, run by every learner on the hub at once (tests/classroom).
HUB_NOTEBOOKS = [nb for nb in NOTEBOOKS if nb.name[:2] in ("00", "01", "02", "03", "04")]

_sanitizer = configparser.ConfigParser()
_sanitizer.read(ROOT / "tests" / "sanitize.cfg")
_RULES = [(re.compile(s["regex"]), s["replace"]) for s in _sanitizer.values() if "regex" in s]

# Run in the kernel after the notebook: what it holds open (threads, sockets, listeners).
# gc.collect() first: a socket kept only by a reference cycle (a traceback's frames, say) goes
# when the collector happens to run, so without it the count would vary from run to run.
PROBE = """
import gc as _g, json as _j, os as _o, threading as _t, psutil as _p
_g.collect()
_c = _p.Process().net_connections(kind="inet")
_f = len(_o.listdir("/proc/self/fd")) if _o.path.isdir("/proc/self/fd") else 0
print(_j.dumps({"threads": _t.active_count(), "sockets": len(_c), "fds": _f,
                "listening": sorted({c.laddr.ip for c in _c if c.status == "LISTEN"})}))
"""


def read_probe(printed):
    """PROBE's output (one JSON line, maybe in several stream chunks) as a dict."""
    return json.loads(printed)


def leftovers(after_first, after_second):
    """How the kernel after the second Run All differs from after the first (a list of
    problems, empty when none): other counts of threads or sockets, more fds, or a listener
    beyond loopback."""
    problems = [f"{key}: {after_first[key]} after run 1, {after_second[key]} after run 2"
                for key in ("threads", "sockets", "fds")
                if after_second[key] != after_first[key]
                and (key != "fds" or after_second[key] > after_first[key])]
    problems += [f"listens on {ip}" for ip in after_second["listening"]
                 if not ipaddress.ip_address(ip).is_loopback]
    return problems


def sanitize(text):
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def visible_outputs(cell):
    """What nbval compares in a cell's outputs, normalised (nothing for a cell it does not
    compare: one marked NBVAL_IGNORE_OUTPUT, whose output varies)."""
    if dict(find_comment_markers(cell.get("source", ""))).get("check") is False:
        return []
    shown = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            if shown and shown[-1][0] == out["name"]:  # one print may arrive in several chunks
                shown[-1] = (out["name"], shown[-1][1] + out["text"])
            else:
                shown.append((out["name"], out["text"]))
        elif out["output_type"] == "error":
            shown.append(("error", out["ename"]))
        else:
            for mime in ("text/plain", "text/html", "image/svg+xml"):
                if mime in out.get("data", {}):
                    shown.append((mime, str(out["data"][mime])))
    return [(kind, sanitize(text)) for kind, text in shown]


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


class LiveNotebook:
    """One kernel in which a notebook's cells can be run again and again."""

    def __init__(self, path, timeout=60):
        self.nb = nbformat.read(path, as_version=4)
        self.client = NotebookClient(self.nb, timeout=timeout, kernel_name="python3",
                                     allow_errors=True,
                                     resources={"metadata": {"path": str(path.parent)}})

    def __enter__(self):
        for attempt in (1, 2):  # jupyter_client's port race: a kernel may die at birth, once
            self._kernel = self.client.setup_kernel()
            try:
                self._kernel.__enter__()
                return self
            except RuntimeError:  # "Kernel died before replying to kernel_info"
                self.client.km = None
                if attempt == 2:
                    raise

    def __exit__(self, *exc):
        return self._kernel.__exit__(*exc)

    def run_all(self):
        """Run every code cell in order; return their normalised outputs."""
        results = []
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code":
                self.client.execute_cell(cell, index)
                results.append(visible_outputs(cell))
        return results

    def run(self, source):
        cell = nbformat.v4.new_code_cell(source)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        self.nb.cells.pop()
        return cell.outputs

    def probe(self):
        outputs = self.run(PROBE)
        return read_probe("".join(o.get("text", "") for o in outputs))
