"""The course's rules, checked on every notebook and on the helpers' code."""

import re

import nbformat
import pytest
from nbval.plugin import find_comment_markers

from notebook_tools import NOTEBOOKS, ROOT, code_cells

HELPERS = sorted((ROOT / "helpers").glob("**/*.py"))
REMOVED_IN_313 = ("aifc asynchat asyncore audioop cgi cgitb chunk crypt distutils imghdr imp "
                  "lib2to3 mailcap msilib nis nntplib ossaudiodev pipes smtpd sndhdr spwd sunau "
                  "telnetlib uu xdrlib").split()
# Removed in 3.13 but given back by a backport the course installs there (pyproject.toml):
# the notebooks may show them, since the seed's chapter uses them (06, 08).
BACKPORTED = {"nntplib": "standard-nntplib", "telnetlib": "standard-telnetlib"}
SLEEP = re.compile(r"\btime\.sleep\(|\bfrom time import [^\n]*\bsleep\b|\bsleep\(")
REMOVED = re.compile(r"^\s*(?:import|from)\s+(" + "|".join(REMOVED_IN_313) + r")\b", re.M)
REMOVED_NO_BACKPORT = re.compile(r"^\s*(?:import|from)\s+("
                                 + "|".join(m for m in REMOVED_IN_313 if m not in BACKPORTED)
                                 + r")\b", re.M)
# bind(("", …)), bind(("0.0.0.0", …)), create_server(("", …)), bind((socket.gethostname(), …))
WIDE_BIND = re.compile(r"(?:bind|create_server)\(\(\s*(?:''|\"\"|['\"]0\.0\.0\.0['\"]"
                       r"|['\"]::['\"]|socket\.gethostname\(\))\s*,")
FIXED_PORT = re.compile(r"(?:bind|create_server)\(\(\s*[^,()]+,\s*[1-9]\d*\s*\)")


def sources(notebooks=True, helpers=True):
    """(where, code) for every code cell of every notebook and every helpers module."""
    for path in NOTEBOOKS if notebooks else ():
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(code_cells(nb)):
            yield f"{path.relative_to(ROOT)} cellule {i + 1}", cell.source
    for path in HELPERS if helpers else ():
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_there_are_notebooks():
    assert any(p.name == "00_bienvenue.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_executed_in_order_with_outputs(path):
    nb = nbformat.read(path, as_version=4)
    cells = code_cells(nb)
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    assert any(c.outputs for c in cells), "no stored output"
    for cell in cells:
        for out in cell.outputs:
            assert not (out.output_type == "stream" and out.name == "stderr"), cell.source
            if out.output_type == "error":
                assert "NBVAL_RAISES_EXCEPTION" in cell.source, cell.source
        for marker in ("NBVAL_IGNORE_OUTPUT", "NBVAL_RAISES_EXCEPTION"):
            if marker in cell.source:  # nbval sees a marker only alone on its comment line
                assert dict(find_comment_markers(cell.source)), f"{marker} not seen by nbval"
        if "NBVAL_IGNORE_OUTPUT" in cell.source:
            assert re.search(r"^# NBVAL_IGNORE_OUTPUT\n# \(\w.*\)$", cell.source, re.M), \
                "NBVAL_IGNORE_OUTPUT needs its reason on the next line: # (raison)"


@pytest.mark.parametrize("rule, pattern", [
    ("time.sleep", SLEEP),
    ("a module removed in Python 3.13", REMOVED),
    ("a listening address beyond loopback", WIDE_BIND),
    ("a hard-coded port for a listening socket", FIXED_PORT),
])
def test_rule(rule, pattern):
    if pattern is REMOVED:  # the helpers never; the notebooks only those with a backport
        offenders = [where for where, code in sources(notebooks=False) if pattern.search(code)]
        offenders += [where for where, code in sources(helpers=False)
                      if REMOVED_NO_BACKPORT.search(code)]
    else:
        offenders = [where for where, code in sources() if pattern.search(code)]
    assert not offenders, f"{rule} in: {offenders}"


def test_backported_modules_are_installed_where_python_lacks_them():
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for package in BACKPORTED.values():
        assert f'"{package}; python_version >= \\"3.13\\""' in project, package
    assert not REMOVED_NO_BACKPORT.search("import nntplib")
    assert REMOVED_NO_BACKPORT.search("import asyncore")


def test_rules_catch_what_they_are_meant_to_catch():
    assert SLEEP.search("import time\ntime.sleep(1)")
    assert REMOVED.search("import telnetlib") and REMOVED.search("from nntplib import NNTP")
    assert not REMOVED.search("import telnetlib3")
    assert WIDE_BIND.search('s.bind(("", 0))') and WIDE_BIND.search("s.bind(('0.0.0.0', 0))")
    assert WIDE_BIND.search("s.bind((socket.gethostname(), 0))")
    assert not WIDE_BIND.search('s.bind(("127.0.0.1", 0))')
    assert FIXED_PORT.search('s.bind(("127.0.0.1", 9999))')
    assert not FIXED_PORT.search('s.bind(("127.0.0.1", 0))')
    assert not FIXED_PORT.search('s.bind(("127.0.0.1", port))')


def test_the_readme_gives_each_notebook_its_own_duration():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(\d\d_\w+)` \|.*\| (\d+) min \|$", readme, re.M))
    for path in NOTEBOOKS:
        first = nbformat.read(path, as_version=4).cells[0].source
        minutes = re.search(r"⏱ Durée : environ (\d+) minutes", first).group(1)
        assert table.get(path.stem) == minutes, f"README and {path.name} disagree on its duration"
