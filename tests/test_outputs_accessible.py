"""The course's stored outputs, read as a screen reader and a dark theme would.

Every picture says in words what it shows (an inline SVG with role='img', a <title> and a
<desc> that are not empty); every table has header cells with a scope; the course's HTML takes
its colours from JupyterLab's theme (no hard-coded colour outside the pictures, which bring
their own light background).
"""

import re

import nbformat
import pytest

from notebook_tools import NOTEBOOKS, code_cells

HARD_COLOUR = re.compile(r"(?:color|background|border)[^;'\"]*#[0-9a-fA-F]{3,6}")


def html_outputs(path):
    for index, cell in enumerate(code_cells(nbformat.read(path, as_version=4)), start=1):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            yield index, data.get("text/html", ""), data.get("image/svg+xml", "")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_pictures_tables_and_colours(path):
    problems = []
    for index, page, svg in html_outputs(path):
        page = "".join(page) if isinstance(page, list) else page
        for picture in re.findall(r"<svg.*?</svg>", page + ("" if page else svg), re.S):
            title = re.search(r"<title[^>]*>([^<]+)</title>", picture)
            desc = re.search(r"<desc[^>]*>([^<]+)</desc>", picture)
            if "role='img'" not in picture or not title or not desc:
                problems.append(f"cell {index}: a picture without role='img', title and desc")
        if svg and not page:
            problems.append(f"cell {index}: an SVG without its inline HTML form")
        outside = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
        themed = re.sub(r"var\(--jp-[\w-]+, #[0-9a-fA-F]{3,6}\)", "var()", outside)
        if "<table" in outside and not re.search(r"<th[^>]* scope=", outside):
            problems.append(f"cell {index}: a table without <th scope=…>")
        if HARD_COLOUR.search(themed):
            problems.append(f"cell {index}: a hard-coded colour: "
                            f"{HARD_COLOUR.search(themed).group(0)}")
    assert not problems, problems
