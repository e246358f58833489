"""Helpers for the news tests."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from phongdich.news.models import Article, Topic
from phongdich.news.services import articles as services


def fields(unit: Any, **kw: Any) -> services.ArticleFields:
    values: dict[str, Any] = {
        "title": "Ứng dụng công nghệ trong phòng dịch",
        "summary": "Công đoàn Sở hướng dẫn cài đặt PC-Covid.",
        "body": "<p>Đoạn một.</p><p>Đoạn hai.</p>",
        "topic": Topic.TECHNOLOGY,
        "unit": unit,
        "directive_item": "7",
    }
    values.update(kw)
    return services.ArticleFields(**values)


def article(author: Any, unit: Any, **kw: Any) -> Article:
    return services.article_create(fields=fields(unit, **kw), actor=author, ip=None)


def move(article: Article, action: str, actor: Any, **kw: Any) -> Article:
    return services.article_transition(article=article, action=action, actor=actor, ip=None, **kw)


def published(author: Any, editor: Any, unit: Any, **kw: Any) -> Article:
    item = article(author, unit, **kw)
    move(item, "submit", author)
    move(item, "approve", editor)
    return move(item, "publish", editor)


def jpeg_with_exif(name: str = "anh.jpg", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x0131] = "GPS-LEAK"  # Software
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name: str = "anh.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf(name: str = "cong-van.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")


def bulletin(actor: Any, **kw: Any) -> Any:
    import datetime as dt

    from django.utils import timezone

    from phongdich.news.services.bulletins import bulletin_publish

    values: dict[str, Any] = {
        "number": "1234/UBND-VX",
        "issued_on": dt.date(2026, 11, 20),
        "issuer": "UBND tỉnh Thanh Hóa",
        "summary": "V/v tăng cường phòng, chống dịch COVID-19",
        "upload": pdf(),
        "deadline": timezone.localdate() + dt.timedelta(days=3),
        "audience_all": True,
        "units": [],
        "roles": [],
    }
    values.update(kw)
    return bulletin_publish(actor=actor, ip=None, **values)
