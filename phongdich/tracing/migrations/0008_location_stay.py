"""The longest stay per location (``tracing.LocationStay``), kept by triggers on the visits.

Bounds a tracing window's scan on both sides (``sql.PG_AT``). Triggers, not
application code, so that every way a visit is written (the check-in, a
check-out, a guard's decision, the bulk import, a test's ``objects.create``) keeps
the bound true. Each trigger fires only for a stay longer than the floor
(``STAY_FLOOR_SECONDS``, 12 h; its ``WHEN`` is evaluated without calling the
function), so an ordinary check-in does no extra work. On PostgreSQL the
trigger is defined on the partitioned visit table and cloned to every
partition, present and future. Existing visits (and kept ones) are read once here.

The SQL texts live in ``phongdich.tracing.sql`` (``STAY_*``). A later ``checkin``
migration that rebuilds the visit table on SQLite drops the triggers (as it drops
the plain-SQL indexes): it must re-create them (``test_store.VisitIndexes``
checks that a migrated database has them).
"""

import django.db.models.deletion
from django.db import migrations, models


def _forwards(apps, schema_editor):
    from phongdich.tracing import sql

    with schema_editor.connection.cursor() as cursor:
        for text in sql.stay_triggers(schema_editor.connection.vendor):
            cursor.execute(text)


def _backwards(apps, schema_editor):
    from phongdich.tracing import sql

    with schema_editor.connection.cursor() as cursor:
        for text in sql.stay_triggers_drop(schema_editor.connection.vendor):
            cursor.execute(text)


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0005_partition_by_day"),
        ("tracing", "0007_kept_visits"),
    ]

    operations = [
        migrations.CreateModel(
            name="LocationStay",
            fields=[
                (
                    "location",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="checkin.location",
                    ),
                ),
                ("longest_seconds", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(_forwards, _backwards),
    ]
