"""The (location, effective_end) index of 0002 becomes a covering index.

``SqlStore.records_at`` scans (location_id, effective_end) from each window's
start and keeps the rows with ``check_in < end``. With only those two columns in
the index, every entry scanned costs a lookup of its table row (on SQLite a
B-tree descent, on PostgreSQL a heap page), although most are then dropped by
the ``check_in`` filter (province benchmark: 766,000 entries scanned for 80,000
rows). With check_in, check_out and person_id in the index the filter runs on
the index entries alone and the answer needs no table row at all (PostgreSQL:
an index-only scan, once VACUUM — or autovacuum — has set the visibility map).

It replaces 0002's index rather than adding one, so the import still maintains
the same number of indexes on the visit table (each entry is wider).
"""

from django.db import migrations

OLD = "tracing_visit_loc_end"
OLD_COLUMNS = "location_id, effective_end"
NEW = "tracing_visit_loc_cover"
NEW_COLUMNS = "location_id, effective_end, check_in, check_out, person_id"


class Migration(migrations.Migration):
    dependencies = [
        ("tracing", "0002_visit_end_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {NEW} ON checkin_visit ({NEW_COLUMNS})",
            reverse_sql=f"DROP INDEX IF EXISTS {NEW}",
        ),
        migrations.RunSQL(
            sql=f"DROP INDEX IF EXISTS {OLD}",
            reverse_sql=f"CREATE INDEX IF NOT EXISTS {OLD} ON checkin_visit ({OLD_COLUMNS})",
        ),
    ]
