"""``TraceRun`` becomes a ``core.models.Job``: its columns take the Job's names.

Renamed (data kept): ``created_by`` → ``started_by``, ``progress`` (a percent) →
``progress_done``. Added: ``progress_total`` (100 for every run: progress stays a
percent) and ``started_at`` (empty for earlier runs). ``status`` gets the Job's
length (16).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracing", "0004_restore_visit_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("tracerun", "created_by", "started_by"),
        migrations.RenameField("tracerun", "progress", "progress_done"),
        migrations.AlterField(
            model_name="tracerun",
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
            model_name="tracerun",
            name="progress_done",
            field=models.PositiveIntegerField(default=0, verbose_name="đã xử lý"),
        ),
        migrations.AddField(
            model_name="tracerun",
            name="progress_total",
            field=models.PositiveIntegerField(default=100, verbose_name="tổng số"),
        ),
        migrations.AddField(
            model_name="tracerun",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="bắt đầu lúc"),
        ),
        migrations.AlterField(
            model_name="tracerun",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc"),
        ),
        migrations.AlterField(
            model_name="tracerun",
            name="error",
            field=models.TextField(blank=True, default="", verbose_name="lỗi"),
        ),
        migrations.AlterField(
            model_name="tracerun",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="kết thúc lúc"),
        ),
        migrations.AlterField(
            model_name="tracerun",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Đang chờ"),
                    ("running", "Đang truy vết"),
                    ("done", "Hoàn tất"),
                    ("failed", "Lỗi"),
                ],
                default="queued",
                max_length=16,
                verbose_name="trạng thái",
            ),
        ),
    ]
