"""Views of the directives app, one module per area: they parse, check the role, call one
selector or one service, and render."""
