"""Keyboard use of the course's widgets: Enter in a text field does what its button does."""

import warnings


def on_enter(field, action):
    """Call `action(field)` when Enter is pressed in the text `field` (not when it loses focus).

    ipywidgets 8 marks `on_submit` as deprecated in favour of `continuous_update=False`, which
    also fires when the field merely loses focus; only `on_submit` means "Enter was pressed".
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        field.on_submit(action)
