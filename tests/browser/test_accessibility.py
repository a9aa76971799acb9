"""The accessibility pass (accessibility.py, run on every notebook by test_lab) would catch a
picture without a text alternative."""

import pytest

from accessibility import OUTPUTS, violations
from notebook_tools import NOTEBOOKS
from test_lab import browser, lab, run_all  # noqa: F401 (fixtures)


@pytest.fixture
def page(browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    page.close()


def test_the_pass_catches_a_picture_without_text(lab, page):  # noqa: F811
    run_all(page, lab, NOTEBOOKS[0].name)
    page.evaluate("""selector => {
        const area = document.querySelector(selector);
        area.insertAdjacentHTML('beforeend',
          "<svg role='img' width='10' height='10'><rect width='10' height='10'/></svg>");
    }""", OUTPUTS)
    assert any(v["id"] == "svg-img-alt" for v in violations(page))
