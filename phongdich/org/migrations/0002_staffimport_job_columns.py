"""``StaffImport`` becomes a ``core.models.Job``: its columns take the Job's names.

Renamed (data kept): ``created_by`` → ``started_by``, ``processed_rows`` →
``progress_done``, ``total_rows`` → ``progress_total``, ``file_error`` → ``error``.
Added: ``started_at`` (empty for earlier imports). The waiting status is stored as
the Job's ``"queued"`` (was ``"pending"``).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def pending_to_queued(apps, schema_editor):
    StaffImport = apps.get_model("org", "StaffImport")
    StaffImport.objects.filter(status="pending").update(status="queued")


def queued_to_pending(apps, schema_editor):
    StaffImport = apps.get_model("org", "StaffImport")
    StaffImport.objects.filter(status="queued").update(status="pending")


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("staffimport", "created_by", "started_by"),
        migrations.RenameField("staffimport", "processed_rows", "progress_done"),
        migrations.RenameField("staffimport", "total_rows", "progress_total"),
        migrations.RenameField("staffimport", "file_error", "error"),
        migrations.AlterField(
            model_name="staffimport",
            name="started_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người thực hiện",
            ),
        ),
        migrations.AlterField(
            model_name="staffimport",
            name="progress_done",
            field=models.PositiveIntegerField(default=0, verbose_name="đã xử lý"),
        ),
        migrations.AlterField(
            model_name="staffimport",
            name="progress_total",
            field=models.PositiveIntegerField(default=0, verbose_name="tổng số"),
        ),
        migrations.AlterField(
            model_name="staffimport",
            name="error",
            field=models.TextField(blank=True, default="", verbose_name="lỗi"),
        ),
        migrations.AddField(
            model_name="staffimport",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bắt đầu lúc"),
        ),
        migrations.AlterField(
            model_name="staffimport",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc"),
        ),
        migrations.AlterField(
            model_name="staffimport",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="kết thúc lúc"),
        ),
        migrations.AlterField(
            model_name="staffimport",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Đang chờ xử lý"),
                    ("running", "Đang nhập"),
                    ("rejected", "Bị từ chối: tệp có dòng lỗi"),
                    ("done", "Hoàn tất"),
                    ("failed", "Lỗi hệ thống"),
                ],
                default="queued",
                max_length=16,
                verbose_name="trạng thái",
            ),
        ),
        migrations.RunPython(pending_to_queued, queued_to_pending, elidable=False),
    ]
