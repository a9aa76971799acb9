"""The teacher's switch for a graded session: solution() (and, if asked, the last hint) hidden.

Set `COURS_SOCKETS_EXAMEN` in the learners' environment (JupyterHub: `c.Spawner.environment`),
or place a file named `examen` in the course's data folder (see progress.folder()), containing:
- `solutions`: solution() is hidden;
- `indices`: solution() and the last hint of each exercise are hidden.
"""

import os

from .progress import folder

MODES = ("solutions", "indices")


def mode():
    """'solutions', 'indices', or None (nothing hidden)."""
    value = os.environ.get("COURS_SOCKETS_EXAMEN")
    if value is None:
        try:
            value = (folder().parent / "examen").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    value = value.strip().lower()
    if value in ("", "0", "non"):
        return None
    return value if value in MODES else "solutions"  # anything else: the safe side


def solutions_hidden():
    return mode() is not None


def last_hint_hidden():
    return mode() == "indices"
