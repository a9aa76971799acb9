"""The course as a static site (Sphinx + MyST-NB), from the stored, executed notebooks."""

import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import course_site  # noqa: E402

project = "Les sockets en Python"
language = "fr"
extensions = ["myst_nb"]
nb_execution_mode = "off"  # the stored outputs are the truth (nbval checks them)
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "course_site.py", "guide/notes"]
html_theme = "sphinx_book_theme"
html_title = project
html_theme_options = {"show_toc_level": 2}
suppress_warnings = ["mystnb.unknown_mime_type"]  # widget views: shown live in JupyterLab only

# On GitHub Actions the repository is known; elsewhere the banner names only `make lab`.
_repository = os.environ.get("COURSE_REPOSITORY") or os.environ.get("GITHUB_REPOSITORY")
course_site.prepare(pathlib.Path(__file__).parent, _repository)


def _inline_pictures(app, exception):
    if exception is None and app.builder.format == "html":
        for page in pathlib.Path(app.outdir, "cours").glob("*.html"):
            course_site.inline_svgs(page)


def setup(app):
    app.connect("build-finished", _inline_pictures)
