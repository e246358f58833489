"""Forms of the directives app, one module per area; shared fields in ``fields``."""
