"""The apps the 2021 letter names and the national public-service portal, and the
three unions of item 7. Data: edit or add rows in the admin, not code."""

import datetime as dt

from django.db import migrations

APPS = [
    {
        "code": "bluezone",
        "name": "Bluezone",
        "purpose": "Cảnh báo tiếp xúc gần với người nhiễm COVID-19 (Bộ Thông tin và Truyền thông).",
        "android_url": "https://play.google.com/store/apps/details?id=com.mic.bluezone",
        "ios_url": "https://apps.apple.com/vn/app/bluezone/id1508062685",
        "required_since": dt.date(2020, 4, 18),
        "audience": "all",
        "aliases": "blue zone; bluezon",
        "sort_order": 1,
    },
    {
        "code": "pc-covid",
        "name": "PC-Covid",
        "purpose": "Quét mã QR, khai báo y tế điện tử, thẻ COVID (Ban Chỉ đạo quốc gia).",
        "android_url": "https://play.google.com/store/apps/details?id=com.bkav.ncovi",
        "ios_url": "https://apps.apple.com/vn/app/pc-covid/id1575434695",
        "required_since": dt.date(2021, 9, 2),
        "audience": "all",
        "aliases": "pc covid; pccovid; pc-covid quốc gia",
        "sort_order": 2,
    },
    {
        "code": "smart-thanh-hoa",
        "name": "Smart Thanh Hóa",
        "purpose": (
            "Ứng dụng chính quyền số của tỉnh: theo dõi văn bản chỉ đạo, phản ánh hiện trường, "
            "khai báo y tế."
        ),
        "android_url": "https://play.google.com/store/apps/details?id=vn.vnpt.smartthanhhoa",
        "ios_url": "https://apps.apple.com/vn/app/smart-thanh-hoa/id1498183298",
        "required_since": dt.date(2020, 12, 1),
        "audience": "all",
        "aliases": "smart thanh hoá; smartthanhhoa; smart th",
        "sort_order": 3,
    },
    {
        "code": "dvc-quoc-gia",
        "name": "Cổng Dịch vụ công quốc gia",
        "purpose": "Nộp hồ sơ, thanh toán trực tuyến thủ tục hành chính (mức độ 3, 4).",
        "android_url": "https://play.google.com/store/apps/details?id=vn.gov.dichvucong",
        "ios_url": "https://apps.apple.com/vn/app/dich-vu-cong-quoc-gia/id1519838498",
        "web_url": "https://dichvucong.gov.vn",
        "required_since": dt.date(2019, 12, 9),
        "audience": "all",
        "aliases": (
            "dịch vụ công quốc gia; cổng dvc quốc gia; dvc quốc gia; dvcqg; "
            "cổng dịch vụ công; dịch vụ công"
        ),
        "sort_order": 4,
    },
]

UNIONS = [
    ("cong-doan", "Công đoàn", "Công đoàn", "công đoàn sở; công đoàn cơ sở; cđ", 1),
    (
        "doan-thanh-nien",
        "Đoàn TNCS Hồ Chí Minh",
        "Đoàn Thanh niên",
        "đoàn thanh niên; đoàn tncs; chi đoàn; đtn",
        2,
    ),
    ("cuu-chien-binh", "Hội Cựu chiến binh", "Hội CCB", "hội ccb; cựu chiến binh; ccb", 3),
]


def seed(apps, schema_editor):
    RequiredApp = apps.get_model("adoption", "RequiredApp")
    Union = apps.get_model("adoption", "Union")
    for row in APPS:
        RequiredApp.objects.update_or_create(code=row["code"], defaults=row)
    for code, name, short, aliases, order in UNIONS:
        Union.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "aliases": aliases, "sort_order": order},
        )


def unseed(apps, schema_editor):
    apps.get_model("adoption", "RequiredApp").objects.filter(
        code__in=[a["code"] for a in APPS]
    ).delete()
    apps.get_model("adoption", "Union").objects.filter(code__in=[u[0] for u in UNIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("adoption", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
