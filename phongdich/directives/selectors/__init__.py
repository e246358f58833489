"""Reads of the directives app, one module per area; every read that reaches an object by
id is scoped to the user (out of scope: not found)."""
