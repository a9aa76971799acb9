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


def html_table(headers, rows, code=(), caption=None, small=False):
    """A table of the course: header cells with a scope, the first cell of each row a row
    header, theme colours, class 'cours-sockets'. `code`: indexes of the columns whose cells
    are shown as code. Everything is text, escaped here."""
    from html import escape

    def content(index, value):
        shown = escape(str(value))
        return f"<code>{shown}</code>" if index in code else shown

    head = "".join(f"<th scope='col' style='{CELL}'>{escape(str(h))}</th>" for h in headers)
    body = "".join(
        f"<tr><th scope='row' style='{CELL}'>{content(0, row[0])}</th>"
        + "".join(f"<td style='{CELL}'>{content(i, v)}</td>" for i, v in enumerate(row[1:], 1))
        + "</tr>" for row in rows)
    size = ";font-size:90%" if small else ""
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f"<table class='cours-sockets' style='border-collapse:collapse{size}'>{title}"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
