"""The user guide inside the app: rendered, sanitised, anchored, its images guarded."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from phongdich.core.tests.base import make_cast
from phongdich.guide import rendering
from phongdich.guide.rendering import book, build, slug

SOURCE = """# Tiêu đề

Giới thiệu.

## 1. Đăng nhập
<!-- help: accounts:* -->
<!-- public -->

Mở trang.

![Ảnh công khai](img/cong-khai-phone.png)

## 2. Bàn bảo vệ
<!-- help: checkin:guard_index checkin:guard_* core:home@guard -->

![Ảnh nội bộ](img/noi-bo-desktop.png)

### Bàn bảo vệ

<script>alert(1)</script>
<img src="x" onerror="alert(2)">
<a href="/" onclick="alert(3)">trang chủ</a> <a href="javascript:alert(5)">năm</a>

[mở](javascript:alert(4))
![ngoài](https://evil.example/x.png)
![lạ](../settings.py)

## 3. Truy vết
<!-- help: tracing:* tracing:case_detail -->

Chỉ tổ truy vết.

### Người dân
<!-- public -->

Ai cũng đọc được.
"""


def test_a_heading_becomes_an_anchor_without_its_number_and_marks() -> None:
    assert slug("6. Bàn bảo vệ") == "ban-bao-ve"
    assert slug("16. Dữ liệu cá nhân: yêu cầu của người dân") == (
        "du-lieu-ca-nhan-yeu-cau-cua-nguoi-dan"
    )
    assert slug("Đề xuất nhu cầu") == "de-xuat-nhu-cau"
    assert slug("17. Nút ?") == "nut"


def test_the_help_map_comes_from_the_markers_under_each_heading() -> None:
    found = build(SOURCE)
    assert found.anchor_for("accounts:login") == "dang-nhap"
    assert found.anchor_for("checkin:guard_index") == "ban-bao-ve"
    assert found.anchor_for("checkin:guard_live") == "ban-bao-ve"  # the prefix
    assert found.anchor_for("tracing:case_detail") == "truy-vet"
    assert found.anchor_for("core:home", ["guard"]) == "ban-bao-ve"
    assert found.anchor_for("core:home", ["staff"]) is None
    assert found.anchor_for("news:index") is None  # no marker: no section
    assert found.anchor_for(None) is None


def test_a_repeated_heading_gets_its_own_anchor() -> None:
    anchors = [section.anchor for section in build(SOURCE).full.sections]
    assert anchors.count("ban-bao-ve") == 1 and "ban-bao-ve-2" in anchors


def test_the_html_is_sanitised_although_the_source_is_ours() -> None:
    html = build(SOURCE).full.html
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "onclick" not in html
    assert 'href="javascript' not in html and '<a rel="noopener noreferrer">năm</a>' in html
    assert '<a href="/" rel="noopener noreferrer">trang chủ</a>' in html
    assert "evil.example" not in html and "settings.py" not in html
    assert '<h2 id="ban-bao-ve">2. Bàn bảo vệ</h2>' in html
    assert "<!--" not in html  # the markers are not sent
    url = reverse("guide:image", kwargs={"name": "noi-bo-desktop.png"})
    assert f'<a href="{url}" rel="noopener noreferrer"><img src="{url}"' in html  # full size


def test_the_visitors_guide_holds_the_public_sections_only() -> None:
    found = build(SOURCE)
    assert [s.anchor for s in found.public.sections] == [
        "tieu-de",
        "dang-nhap",
        "truy-vet",  # the title only, above its public subsection
        "nguoi-dan",
    ]
    assert "Giới thiệu" in found.public.html and "Bàn bảo vệ" not in found.public.html
    assert "Ai cũng đọc được." in found.public.html
    assert "Chỉ tổ truy vết." not in found.public.html
    assert found.public.images == {"cong-khai-phone.png"}
    assert found.full.images == {"cong-khai-phone.png", "noi-bo-desktop.png"}


def test_the_guide_is_read_once_per_change_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "guide.md"
    source.write_text(SOURCE, encoding="utf-8")
    monkeypatch.setattr(rendering, "guide_path", lambda: source)
    first = book()
    assert book() is first
    source.write_text(SOURCE + "\n## 4. Mục mới\n", encoding="utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    second = book()
    assert second is not first and "muc-moi" in second.full.anchors


def test_every_image_the_guide_shows_is_in_docs_img() -> None:
    guide = book().full
    assert guide.images, "the guide shows no screenshot"
    missing = sorted(name for name in guide.images if not (rendering.image_dir() / name).is_file())
    assert missing == [], f"run make screenshots: {missing}"


def test_every_role_has_a_section_with_its_desktop_and_phone_screenshot() -> None:
    from phongdich.core.roles import Role

    text = rendering.guide_path().read_text(encoding="utf-8")
    for role in Role.values:
        marker = f"core:home@{role}"
        assert marker in text, f"no section for {role}"
        section = text.split(marker, 1)[1].split("\n### ", 1)[0]
        shots = re.findall(r"!\[[^\]]*\]\(img/([a-z0-9-]+)-(desktop|phone)\.png\)", section)
        assert {size for _, size in shots} == {"desktop", "phone"}, role


class GuidePageTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)

    def test_a_signed_in_member_reads_the_whole_guide_with_its_contents(self) -> None:
        client = Client()
        client.force_login(self.staff_user)
        response = client.get(reverse("guide:index"))
        assert response.status_code == 200
        html = response.content.decode()
        anchors = set(re.findall(r'<h[23] id="([a-z0-9-]+)"', html))
        toc = re.findall(r'<li><a href="#([a-z0-9-]+)">', html)
        assert {"dang-nhap", "ban-bao-ve", "truy-vet-to-truy-vet", "bao-ve"} <= anchors
        assert toc and set(toc) <= anchors
        assert "<script" not in html.split("<main", 1)[1]
        assert "<!-- help" not in html
        assert 'src="/huong-dan/anh/trang-chu-bao-ve-phone.png"' in html

    def test_a_visitor_reads_the_public_sections_and_is_offered_the_log_in(self) -> None:
        response = Client().get(reverse("guide:index"))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="check-in-bang-dien-thoai-khach-va-can-bo"' in html
        assert 'id="du-lieu-ca-nhan-yeu-cau-cua-nguoi-dan-nhat-ky-truy-cap-so-su-co"' in html
        assert "Sổ sự cố dữ liệu cá nhân" not in html  # that section's Admin part
        assert 'id="nguoi-dan-du-lieu-cua-toi"' in html
        assert 'id="ban-bao-ve"' not in html and 'id="truy-vet-to-truy-vet"' not in html
        assert "Đăng nhập để xem toàn bộ hướng dẫn." in html

    def test_in_english_the_guide_says_it_is_in_vietnamese(self) -> None:
        client = Client(headers={"accept-language": "en"})
        client.force_login(self.staff_user)
        client.cookies["django_language"] = "en"
        html = client.get(reverse("guide:index")).content.decode()
        assert "The user guide is available in Vietnamese only." in html
        assert '<article class="guide" lang="vi">' in html


class GuideImageTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_cast(cls)

    def setUp(self) -> None:
        self.signed_in = Client()
        self.signed_in.force_login(self.staff_user)

    def url(self, name: str) -> str:
        return reverse("guide:image", kwargs={"name": name})

    def test_a_screenshot_of_the_guide_is_served_as_an_image(self) -> None:
        response = self.signed_in.get(self.url("trang-chu-bao-ve-phone.png"))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    def test_a_visitor_gets_the_public_sections_images_only(self) -> None:
        visitor = Client()
        assert visitor.get(self.url("check-in-dien-thoai-phone.png")).status_code == 200
        assert visitor.get(self.url("trang-chu-giam-doc-desktop.png")).status_code == 404

    def test_a_bad_image_path_is_not_found(self) -> None:
        for name in (
            "..%2Fsettings.py",
            "..%2F..%2Fphongdich%2Fsettings.py",
            "%2Fetc%2Fpasswd",
            "..",
            "trang-chu-bao-ve-phone.png.py",
            "Trang-chu-bao-ve-phone.png",
            "khong-co-trong-huong-dan.png",
            "huong-dan-su-dung.md",
        ):
            response = self.signed_in.get(reverse("guide:index") + "anh/" + name)
            assert response.status_code == 404, name

    def test_an_image_the_guide_names_but_docs_img_lacks_is_not_found(self) -> None:
        from unittest import mock

        from phongdich.guide import views

        with mock.patch.object(views, "image_dir", lambda: Path("/nonexistent")):
            response = self.signed_in.get(self.url("trang-chu-bao-ve-phone.png"))
        assert response.status_code == 404


def test_the_guide_shows_exactly_the_screenshots_the_test_makes() -> None:
    from phongdich.guide.screenshots import SHOTS

    made = {name for shot in SHOTS for name in shot.files()}
    assert book().full.images == made
    assert len({shot.name for shot in SHOTS}) == len(SHOTS)


@pytest.mark.django_db
def test_a_server_without_the_guide_file_still_draws_its_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    monkeypatch.setattr(rendering, "guide_path", lambda: tmp_path / "missing.md")
    assert book().full.sections == [] and book().anchor_for("core:home") is None
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<a class="help-link" href="/huong-dan/"' in response.content.decode()
