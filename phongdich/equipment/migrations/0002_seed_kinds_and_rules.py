"""Seed the configurable lists: the kinds of equipment and the default readiness rules."""

from django.db import migrations

KINDS = [
    # code, name, aliases, work device, signature
    ("desktop", "Máy tính để bàn", "Máy bàn; PC; Máy tính bàn; Máy vi tính; Desktop", True, False),
    ("laptop", "Máy tính xách tay", "Laptop; Máy xách tay; Notebook", True, False),
    ("tablet", "Máy tính bảng", "Tablet; iPad", True, False),
    ("smartphone", "Điện thoại thông minh", "Smartphone; Điện thoại; Di động", True, False),
    (
        "signature",
        "Chữ ký số (USB token / ký số từ xa)",
        "Chữ ký số; Token; USB token; Ký số; Mobile CA; SmartCA; Chứng thư số",
        False,
        True,
    ),
    ("scanner", "Máy quét", "Scanner; Máy scan", False, False),
    ("printer", "Máy in", "Printer; Máy in laser", False, False),
    ("webcam", "Webcam / tai nghe", "Webcam; Tai nghe; Headset; Camera", False, False),
    ("network", "Thiết bị mạng", "Modem; Router; Bộ phát Wi-Fi; Switch; Wifi", False, False),
]

RULES = [
    ("Có thiết bị làm việc còn dùng được", "working_device", "everyone", 10),
    ("Có kết nối Internet", "internet", "everyone", 20),
    ("Người ký văn bản có chữ ký số còn hạn", "signature", "signers", 30),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("equipment", "EquipmentKind")
    Rule = apps.get_model("equipment", "ReadinessRule")
    for order, (code, name, aliases, work, signature) in enumerate(KINDS, start=1):
        Kind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "aliases": aliases,
                "is_work_device": work,
                "is_signature": signature,
                "sort_order": order * 10,
            },
        )
    if not Rule.objects.exists():
        for name, requirement, applies_to, order in RULES:
            Rule.objects.create(
                name=name, requirement=requirement, applies_to=applies_to, sort_order=order
            )


def unseed(apps, schema_editor):
    apps.get_model("equipment", "ReadinessRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("equipment", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
