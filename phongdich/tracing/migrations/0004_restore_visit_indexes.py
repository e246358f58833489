"""Re-create the tracing indexes on the visit table where a table rebuild dropped them.

The tracing indexes are plain SQL (migrations 0002 and 0003), so Django does not
know them. On SQLite, a migration of ``checkin.Visit`` that alters a column
rebuilds the table (create new, copy, drop old, rename) and re-creates only
the indexes the model declares: ``checkin`` 0002 (``AlterField`` of the foreign
keys) dropped ``tracing_visit_person_end`` and ``tracing_visit_loc_cover``
wherever it ran after them, and tracing then falls back to the (location,
check_in) index: ~8× slower at province scale. This migration runs after
``checkin`` 0002 and re-creates whatever is missing (``IF NOT EXISTS``; a no-op
on PostgreSQL, whose ``ALTER TABLE`` keeps indexes).

A later ``checkin`` migration that rebuilds the visit table on SQLite will drop
them again: it needs a tracing migration like this one after it.
"""

from django.db import migrations

INDEXES = {
    "tracing_visit_loc_cover": "location_id, effective_end, check_in, check_out, person_id",
    "tracing_visit_person_end": "person_id, effective_end",
}


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0002_visit_fewer_indexes"),
        ("tracing", "0003_visit_location_covering_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON checkin_visit ({columns})",
            reverse_sql=migrations.RunSQL.noop,
        )
        for name, columns in INDEXES.items()
    ]
