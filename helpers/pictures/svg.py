"""Small SVG drawings for the notebooks: boxes, lines, arrows, text; byte-for-byte stable.

nbval compares SVG outputs as text: nothing here depends on time or floating-point noise, and
the ids a picture needs are drawn from its own content. Every picture says in words what it
shows (`title` and `desc`: read by screen readers), and brings its own light background so that
it stays readable in a dark theme.
"""

import hashlib
from html import escape

FONT = "font-family='DejaVu Sans, Arial, sans-serif'"


class Drawing:
    """An SVG picture built shape by shape; display it in a notebook like any object."""

    def __init__(self, width, height, title="", desc=""):
        self.width, self.height = width, height
        self.title, self.desc = title, desc
        self._shapes = []

    def describe(self, title, desc):
        """Say in words what the picture shows: a short title, then what a reader should see."""
        self.title, self.desc = title, desc

    def box(self, x, y, w, h, fill="#eef3fb", stroke="#35587a"):
        self._shapes.append(f"<rect x='{x}' y='{y}' width='{w}' height='{h}' rx='6' "
                            f"fill='{fill}' stroke='{stroke}'/>")

    def line(self, x1, y1, x2, y2, color="#555", dashed=False, arrow=False, width=1.5):
        dash = " stroke-dasharray='5 4'" if dashed else ""
        head = " marker-end='url(#ARROW)'" if arrow else ""
        self._shapes.append(f"<line x1='{x1}' y1='{y1}' x2='{x2}' y2='{y2}' stroke='{color}' "
                            f"stroke-width='{width}'{dash}{head}/>")

    def arrow(self, x1, y1, x2, y2, color="#555", dashed=False):
        self.line(x1, y1, x2, y2, color=color, dashed=dashed, arrow=True)

    def text(self, x, y, content, size=13, anchor="middle", color="#222", bold=False):
        weight = " font-weight='bold'" if bold else ""
        self._shapes.append(f"<text x='{x}' y='{y}' font-size='{size}' text-anchor='{anchor}' "
                            f"fill='{color}' {FONT}{weight}>{escape(str(content))}</text>")

    def to_svg(self):
        body = "".join(self._shapes)
        # Ids unique on a page that shows several pictures, yet stable from run to run.
        key = hashlib.sha1(f"{self.title}|{self.desc}|{body}".encode()).hexdigest()[:8]
        arrow, title, desc = f"fleche-{key}", f"titre-{key}", f"desc-{key}"
        marker = (f"<defs><marker id='{arrow}' viewBox='0 0 10 10' refX='9' refY='5' "
                  "markerWidth='7' markerHeight='7' orient='auto-start-reverse'>"
                  "<path d='M0,0 L10,5 L0,10 z' fill='#555'/></marker></defs>")
        words = (f"<title id='{title}'>{escape(self.title)}</title>"
                 f"<desc id='{desc}'>{escape(self.desc)}</desc>")
        background = (f"<rect width='{self.width}' height='{self.height}' rx='8' "
                      "fill='#ffffff'/>")
        return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{self.width}' "
                f"height='{self.height}' viewBox='0 0 {self.width} {self.height}' "
                f"role='img' aria-labelledby='{title} {desc}'>"
                + words + marker + background + body.replace("#ARROW", f"#{arrow}") + "</svg>")

    def __repr__(self):  # the text/plain beside the SVG: stable, nbval compares it
        return f"<dessin {self.width}×{self.height}>"

    def _repr_svg_(self):
        return self.to_svg()

    def _repr_html_(self):
        # JupyterLab shows an SVG output as an <img> without alternative text; the same SVG
        # inline (preferred by JupyterLab and by the site) keeps its <title> and <desc>.
        return f"<figure class='cours-sockets-dessin' style='margin:0'>{self.to_svg()}</figure>"
