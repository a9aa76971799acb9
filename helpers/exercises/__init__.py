"""One module per notebook: its exercises, their cases, hints and reference solutions."""
