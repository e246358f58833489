"""The notification of a personal data incident, in the Decree 30 format
(``phongdich.documents``): a công văn to the specialised agency stating what happened,
when it was found, which data, how many people, the likely consequences and the
measures taken. Always in Vietnamese, whatever the UI language.

The form of this notification laid down by Decree 356/2025/NĐ-CP (its annexed form, if
any) must be checked by the department: docs/operations.md, "Breach register".
"""

from __future__ import annotations

from django.utils import timezone, translation

from phongdich.documents import (
    Document,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    Run,
    Signature,
    heading,
    render_docx,
    render_pdf,
)
from phongdich.privacy.models import Incident

ISSUER = "Sở Lao động - Thương binh và Xã hội"
SUBJECT = "V/v thông báo vi phạm quy định về bảo vệ dữ liệu cá nhân"
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _moment(value: object) -> str:
    local = timezone.localtime(value)  # type: ignore[arg-type]
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _text(value: str) -> list[Paragraph]:
    """Free text as paragraphs, one per non-empty line (the renderer takes no line
    breaks inside a paragraph)."""
    return [Paragraph.of(line.strip()) for line in value.splitlines() if line.strip()]


def document(incident: Incident) -> Document:
    with translation.override("vi"):
        return _document(incident)


def _document(incident: Incident) -> Document:
    header = Header(
        number=incident.number,
        symbol=incident.symbol,
        date=timezone.localdate(),
        subject_line=SUBJECT,
    )
    kinds = ", ".join(label[:1].lower() + label[1:] for label in incident.data_kind_labels())
    occurred = (
        f" Sự cố xảy ra vào khoảng {_moment(incident.occurred_at)}."
        if incident.occurred_at
        else " Thời điểm xảy ra sự cố đang được xác định."
    )
    body: list[Paragraph] = [
        Paragraph.of(
            "Thực hiện ",
            Run("Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15", italic=True),
            " và ",
            Run("Nghị định số 356/2025/NĐ-CP", italic=True),
            f" của Chính phủ, {ISSUER} thông báo sự cố vi phạm quy định về bảo vệ dữ liệu "
            "cá nhân như sau:",
        ),
        heading("1. Mô tả sự cố"),
        Paragraph.of(
            f"{incident.title}. Sự cố được phát hiện lúc {_moment(incident.discovered_at)}."
            + occurred
        ),
        *_text(incident.description),
        heading("2. Dữ liệu cá nhân và chủ thể dữ liệu bị ảnh hưởng"),
        Paragraph.of(f"Loại dữ liệu cá nhân bị ảnh hưởng: {kinds}."),
        Paragraph.of(
            f"Số chủ thể dữ liệu bị ảnh hưởng (ước tính): {incident.affected_count:,}".replace(
                ",", "."
            )
            + " người"
            + (" (danh sách kèm theo)." if incident.scope_from else ".")
        ),
        heading("3. Hậu quả có thể xảy ra"),
        *(_text(incident.consequences) or [Paragraph.of("Đang được đánh giá.")]),
        heading("4. Biện pháp đã và sẽ thực hiện"),
        *(_text(incident.measures) or [Paragraph.of("Đang được triển khai.")]),
        Paragraph.of(
            f"{ISSUER} kính thông báo để cơ quan chuyên trách bảo vệ dữ liệu cá nhân biết, "
            "hướng dẫn"
        ),
    ]
    return Document(
        kind=DocumentKind.CONG_VAN,
        header=header,
        kinh_gui=(incident.addressee,),
        body=tuple(body),
        recipients=Recipients(items=("Như trên", "Giám đốc Sở (để báo cáo)"), archive="VT, VP"),
        signature=Signature(
            title=incident.signer_title,
            name=incident.signer_name,
            authority=incident.signer_authority or None,
        ),
    )


def render(incident: Incident, fmt: str) -> bytes:
    letter = document(incident)
    return render_docx(letter) if fmt == "docx" else render_pdf(letter)


def filename(incident: Incident, fmt: str) -> str:
    number = f"{incident.number:02d}-" if incident.number else ""
    return f"{number}thong-bao-su-co-du-lieu-ca-nhan-{incident.pk}.{fmt}"
