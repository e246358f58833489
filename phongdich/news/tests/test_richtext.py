"""The rich text of an article never carries script: the usual XSS payloads are
removed on save, whatever form they take."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.test import SimpleTestCase

from phongdich.news.richtext import image_ids, plain_text, sanitise

OWN = "/tin-tuc/anh/0f0e0d0c-0b0a-4909-8807-060504030201/"

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p onclick=alert(1) style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src=x.swf>',
    "<body onload=alert(1)>",
    "<div><style>*{background:url(//evil)}</style></div>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<p>ok</p><form action=//evil><input name=x></form>",
    '<a href="https://example.vn" onmouseover="alert(1)">x</a>',
    f'<img src="{OWN}" alt="&quot; onerror=&quot;alert(1)">',
    f'<img src="{OWN}" alt="<script>alert(1)</script>">',
    f'<img src="{OWN}x.svg" alt="x">',
    '<img src="/media/&quot;onerror=alert(1)&quot;.jpg">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:/"><link rel=stylesheet href=//evil>',
]

ALLOWED = {
    "p": set(),
    "h2": set(),
    "h3": set(),
    "ul": set(),
    "ol": set(),
    "li": set(),
    "strong": set(),
    "em": set(),
    "b": set(),
    "i": set(),
    "br": set(),
    "a": {"href", "rel"},
    "img": {"src", "alt"},
}


class _Check(HTMLParser):
    """What a browser would build from the output: every element and attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"tag {tag}")
            return
        for name, value in attrs:
            if name not in ALLOWED[tag]:
                self.problems.append(f"{tag}[{name}]")
            text = (value or "").strip().lower()
            if name == "href" and not text.startswith(("http://", "https://", "mailto:")):
                self.problems.append(f"href {text}")
            if name == "src" and not re.fullmatch(r"/tin-tuc/anh/[0-9a-f-]{36}/", text):
                self.problems.append(f"src {text}")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")


class SanitiserTests(SimpleTestCase):
    def test_no_payload_survives(self) -> None:
        for payload in PAYLOADS:
            with self.subTest(payload=payload):
                check = _Check()
                check.feed(sanitise(payload))
                self.assertEqual(check.problems, [])

    def test_no_script_text_is_left_as_markup(self) -> None:
        for payload in PAYLOADS:
            cleaned = sanitise(payload).lower()
            markup = re.sub(r'"[^"]*"', '""', cleaned)  # attribute values are text
            for bad in ("<script", "<svg", "<style", "<iframe", "javascript:", "onerror="):
                self.assertNotIn(bad, markup, payload)

    def test_the_allowed_subset_is_kept(self) -> None:
        html = (
            "<h2>Tiêu đề</h2><h3>Mục</h3><p><strong>Đậm</strong> <em>nghiêng</em> <b>b</b> "
            "<i>i</i><br>dòng</p><ul><li>một</li></ul><ol><li>hai</li></ol>"
        )
        self.assertEqual(sanitise(html), html)

    def test_links_keep_http_https_and_mailto_with_noopener(self) -> None:
        cleaned = sanitise(
            '<a href="https://soldtbxh.thanhhoa.gov.vn">a</a><a href="mailto:vp@so.vn">b</a>'
            '<a href="/tuong-doi">c</a>'
        )
        self.assertIn('href="https://soldtbxh.thanhhoa.gov.vn"', cleaned)
        self.assertIn('href="mailto:vp@so.vn"', cleaned)
        self.assertNotIn("tuong-doi", cleaned)
        self.assertEqual(cleaned.count('rel="noopener noreferrer"'), 3)

    def test_images_only_from_our_own_uploads(self) -> None:
        cleaned = sanitise(
            f'<p><img src="{OWN}" alt="Ảnh &lt;b&gt;"><img src="https://evil.example/a.png"></p>'
        )
        self.assertEqual(cleaned, f'<p><img src="{OWN}" alt="Ảnh &lt;b&gt;"></p>')
        self.assertEqual(image_ids(cleaned), ["0f0e0d0c-0b0a-4909-8807-060504030201"])

    def test_plain_text_becomes_paragraphs_escaped(self) -> None:
        cleaned = sanitise("Đoạn một\ndòng hai\n\nĐoạn & <hai>")
        self.assertEqual(cleaned, "<p>Đoạn một<br>dòng hai</p><p>Đoạn &amp; &lt;hai&gt;</p>")

    def test_text_is_nfc(self) -> None:
        decomposed = "Nguye\u0302\u0303n"
        self.assertEqual(sanitise(f"<p>{decomposed}</p>"), "<p>Nguyễn</p>")

    def test_plain_text_of_a_body(self) -> None:
        self.assertEqual(plain_text("<p>a &amp; b</p><ul><li>c</li></ul>"), "a & b\nc")
