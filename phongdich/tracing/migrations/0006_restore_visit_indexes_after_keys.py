"""Re-create the tracing indexes on the visit table after ``checkin`` 0004.

``checkin`` 0004 (the keys for partitioning: foreign keys without database
constraints, no unique submission id) alters columns of ``checkin.Visit``; on
SQLite that rebuilds the table and drops the plain-SQL tracing indexes (see
0004_restore_visit_indexes). ``IF NOT EXISTS``: a no-op where they survived.
"""

from django.db import migrations

INDEXES = {
    "tracing_visit_loc_cover": "location_id, effective_end, check_in, check_out, person_id",
    "tracing_visit_person_end": "person_id, effective_end",
}


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0004_keys_for_partitioning"),
        ("tracing", "0005_tracerun_job_columns"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON checkin_visit ({columns})",
            reverse_sql=migrations.RunSQL.noop,
        )
        for name, columns in INDEXES.items()
    ]
