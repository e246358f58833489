"""PostgreSQL: the visits, declarations and person check-ins partitioned by local day.

Nothing changes in Django's model state (the ORM keeps ``id`` as the key it uses);
the database's primary keys grow to hold the partition column (see
``phongdich.checkin.partitions``). SQLite keeps one table each: nothing runs there.
Every row is kept. Reversing leaves the tables partitioned (a no-op).
"""

from django.db import migrations


def _partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from phongdich.checkin.partitions import partition_existing

    partition_existing(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0004_keys_for_partitioning"),
        ("tracing", "0006_restore_visit_indexes_after_keys"),
    ]

    operations = [migrations.RunPython(_partition, migrations.RunPython.noop)]
