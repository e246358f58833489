"""Seed the four service levels and the public holidays of 2026 and 2027.

Holidays follow the Labour Code 2019 (art. 112) and the days off the Government
announces each year (Tết and the compensatory days when a holiday falls on a weekend);
the IT team corrects the list in the app when the year's announcement differs.
"""

import datetime as dt

from django.db import migrations

LEVELS = [
    # urgency, take (working minutes), resolve, remind before
    ("critical", 30, 240, 10),
    ("high", 60, 480, 20),
    ("normal", 240, 960, 30),
    ("low", 480, 2400, 60),
]

HOLIDAYS = [
    (dt.date(2026, 1, 1), "Tết Dương lịch"),
    (dt.date(2026, 2, 16), "Tết Nguyên đán (28 tháng Chạp)"),
    (dt.date(2026, 2, 17), "Tết Nguyên đán (Mùng 1)"),
    (dt.date(2026, 2, 18), "Tết Nguyên đán (Mùng 2)"),
    (dt.date(2026, 2, 19), "Tết Nguyên đán (Mùng 3)"),
    (dt.date(2026, 2, 20), "Tết Nguyên đán (Mùng 4)"),
    (dt.date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch là Chủ nhật 26/4)"),
    (dt.date(2026, 4, 30), "Ngày Chiến thắng 30/4"),
    (dt.date(2026, 5, 1), "Ngày Quốc tế Lao động 1/5"),
    (dt.date(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
    (dt.date(2026, 9, 2), "Quốc khánh 2/9"),
    (dt.date(2027, 1, 1), "Tết Dương lịch"),
    (dt.date(2027, 2, 4), "Tết Nguyên đán (28 tháng Chạp)"),
    (dt.date(2027, 2, 5), "Tết Nguyên đán (29 tháng Chạp)"),
    (dt.date(2027, 2, 8), "Tết Nguyên đán (Mùng 3, nghỉ bù)"),
    (dt.date(2027, 2, 9), "Tết Nguyên đán (Mùng 4, nghỉ bù)"),
    (dt.date(2027, 2, 10), "Tết Nguyên đán (Mùng 5, nghỉ bù)"),
    (dt.date(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (dt.date(2027, 4, 30), "Ngày Chiến thắng 30/4"),
    (dt.date(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy)"),
    (dt.date(2027, 9, 2), "Quốc khánh 2/9"),
    (dt.date(2027, 9, 3), "Quốc khánh (ngày liền kề)"),
]


def seed(apps, schema_editor):
    ServiceLevel = apps.get_model("support", "ServiceLevel")
    Holiday = apps.get_model("support", "Holiday")
    for urgency, take, resolve, remind in LEVELS:
        ServiceLevel.objects.get_or_create(
            urgency=urgency,
            defaults={
                "take_minutes": take,
                "resolve_minutes": resolve,
                "remind_before_minutes": remind,
            },
        )
    for date, name in HOLIDAYS:
        Holiday.objects.get_or_create(date=date, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
