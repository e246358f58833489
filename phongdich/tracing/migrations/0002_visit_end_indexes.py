"""Indexes on the check-in table that bound tracing's range scans from below.

``SqlStore`` asks for visits with ``effective_end > start AND check_in < end``
per location and per person; these indexes let both databases start the scan at
``start`` instead of at the beginning of the location's (person's) history.
They are plain SQL (not in ``checkin.Visit.Meta``) because the tracing app owns
this access path; the names are prefixed so that they never collide with an
index the checkin app declares itself.
"""

from django.db import migrations

INDEXES = {
    "tracing_visit_loc_end": "location_id, effective_end",
    "tracing_visit_person_end": "person_id, effective_end",
}


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0001_initial"),
        ("tracing", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON checkin_visit ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
