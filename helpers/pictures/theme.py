"""Colours of the course's HTML (tables, panels, terminals), taken from JupyterLab's theme.

Each is a CSS variable of JupyterLab with a fallback for pages outside it (the site, a plain
notebook viewer): light and dark themes then both stay readable. Meaning never rests on colour
alone: a ✔ or ✘, a word, or a header cell says it too.
"""

BORDER = "var(--jp-border-color1, #bdbdbd)"
TEXT = "var(--jp-content-font-color1, #212121)"
MUTED = "var(--jp-content-font-color2, #616161)"
BACKGROUND = "var(--jp-layout-color0, #ffffff)"
HEADER_BACKGROUND = "var(--jp-layout-color2, #eeeeee)"
CODE_BACKGROUND = "var(--jp-cell-editor-background, #f5f5f5)"
ERROR = "var(--jp-error-color1, #d32f2f)"
CELL = f"border:1px solid {BORDER};padding:0.2em 0.6em;text-align:left;vertical-align:top"
PANEL = (f"border:1px solid {BORDER};padding:0.3em 0.5em;margin:0.2em 0;"
         f"background:{CODE_BACKGROUND};color:{TEXT}")
