"""Thread tools: interrupt a thread from outside, find the learner's line in a traceback."""

import ctypes
import os
import traceback

_HELPERS_DIR = os.path.dirname(os.path.abspath(__file__))


def interrupt(thread, exc_type):
    """Raise `exc_type` in `thread` as soon as it runs Python code again."""
    if thread.ident is not None and thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                   ctypes.py_object(exc_type))


def learner_line(exc):
    """(line number, code) of the last traceback frame written by the learner, or None."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith(_HELPERS_DIR)
              and "lib" + os.sep + "python" not in f.filename and f.line]
    if not frames:
        return None
    return frames[-1].lineno, frames[-1].line.strip()
