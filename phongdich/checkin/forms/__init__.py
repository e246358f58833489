"""Forms of the check-in app, one module per area; shared fields in fields.py and
person.py."""
