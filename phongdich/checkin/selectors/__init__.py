"""Reads of the check-in app, one module per area, each scoped to what the user may see."""
