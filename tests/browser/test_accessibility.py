"""The accessibility pass (accessibility.py, run on every notebook by test_lab) would catch a
picture without a text alternative, and lets one with a title through.

No JupyterLab needed: a page with the same structure (an output area in a notebook panel)."""

from accessibility import violations

PICTURE = "<svg role='img' width='10' height='10'>{}<rect width='10' height='10'/></svg>"
PAGE = """<html lang="fr"><head><title>Sortie</title></head><body><main>
  <div class="jp-NotebookPanel"><div class="jp-OutputArea-output">{}</div></div>
</main></body></html>"""


def found_in(browser, picture):
    page = browser.new_page()
    try:
        page.set_content(PAGE.format(picture))
        return [v["id"] for v in violations(page)]
    finally:
        page.close()


def test_the_pass_catches_a_picture_without_text(browser):
    assert "svg-img-alt" in found_in(browser, PICTURE.format(""))


def test_the_pass_lets_a_picture_with_a_title_through(browser):
    assert found_in(browser, PICTURE.format("<title>Un carré</title>")) == []
