"""Views of the check-in app, one module per area: thin (parse, check, call, render)."""
