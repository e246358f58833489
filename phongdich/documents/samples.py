"""Sample documents: a báo cáo of a directive's results and a công văn đôn đốc.

Used by the tests and by ``python -m phongdich.documents.samples OUT_DIR`` to look at
the output by eye.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from phongdich.documents.nd30 import (
    Align,
    Annex,
    Column,
    Document,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    ResultRow,
    ResultsTable,
    RowKind,
    Run,
    Signature,
    Table,
    TableRow,
    TaskStatus,
    annex_note,
    heading,
)

SAMPLE_ROWS = (
    ResultRow(
        task="Triển khai quét mã QR tại cổng Cơ quan Sở",
        lead_unit="Văn phòng Sở",
        partner_units="Tổ CNTT Sở",
        deadline=dt.date(2021, 9, 10),
        result="Đã lắp đặt 03 điểm quét mã QR; 100% người ra vào được kiểm soát",
        status=TaskStatus.DONE_ON_TIME,
    ),
    ResultRow(
        task="Rà soát trang thiết bị CNTT phục vụ làm việc trực tuyến",
        lead_unit="Văn phòng Sở",
        partner_units="Các phòng nghiệp vụ",
        deadline=dt.date(2021, 9, 15),
        result="Đã rà soát 45/45 máy tính; đề xuất bổ sung 06 máy",
        status=TaskStatus.DONE_LATE,
        issues="Thiếu kinh phí mua sắm; đề nghị bổ sung dự toán",
    ),
    ResultRow(
        task="Hướng dẫn cơ sở giáo dục nghề nghiệp đào tạo trực tuyến",
        lead_unit="Phòng Giáo dục nghề nghiệp",
        deadline=dt.date(2021, 10, 30),
        result="Đã ban hành hướng dẫn; 12/20 cơ sở triển khai",
        status=TaskStatus.IN_PROGRESS,
    ),
    ResultRow(
        task="Báo cáo kết quả cài đặt ứng dụng Bluezone, Smart Thanh Hóa",
        lead_unit="Công đoàn cơ quan",
        partner_units="Đoàn TNCS Hồ Chí Minh, Hội Cựu chiến binh Sở",
        deadline=dt.date(2021, 9, 5),
        status=TaskStatus.OVERDUE,
        issues="=1+1 chưa có số liệu",
    ),
)


def sample_report(
    *, number: int | None = 5, extra_paragraphs: int = 0, landscape: bool = False
) -> Document:
    table = ResultsTable(
        SAMPLE_ROWS,
        caption="Biểu tổng hợp kết quả thực hiện Công văn số 2987/SLĐTBXH-VP",
        landscape=landscape,
    )
    counts = table.status_counts()
    filler = tuple(
        Paragraph.of(
            f"{i}. Nội dung bổ sung để kiểm tra ngắt trang: các phòng nghiệp vụ và đơn vị "
            "trực thuộc Sở tiếp tục theo dõi, đôn đốc, cập nhật tiến độ thực hiện nhiệm vụ, "
            "bảo đảm hoàn thành đúng thời hạn được giao."
        )
        for i in range(1, extra_paragraphs + 1)
    )
    return Document(
        kind=DocumentKind.BAO_CAO,
        header=Header(number=number, symbol="BC-SLĐTBXH", date=dt.date(2021, 2, 5)),
        subject=(
            "Kết quả thực hiện Công văn số 2987/SLĐTBXH-VP về đẩy mạnh ứng dụng "
            "công nghệ thông tin trong phòng, chống dịch COVID-19"
        ),
        kinh_gui=("Ủy ban nhân dân tỉnh Thanh Hóa",),
        body=(
            Paragraph.of(
                "Thực hiện ",
                Run("Công văn số 13341/UBND-CNTT ngày 30/8/2021", italic=True),
                " của Chủ tịch UBND tỉnh về việc đẩy mạnh ứng dụng công nghệ thông tin "
                "trong phòng, chống dịch COVID-19, Sở Lao động - Thương binh và Xã hội báo "
                "cáo kết quả thực hiện như sau:",
            ),
            heading("I. KẾT QUẢ THỰC HIỆN"),
            Paragraph.of(
                f"Tổng số nhiệm vụ: {len(table.rows)}; đã hoàn thành đúng hạn: "
                f"{counts[TaskStatus.DONE_ON_TIME]}; đã hoàn thành quá hạn: "
                f"{counts[TaskStatus.DONE_LATE]}; đang thực hiện trong hạn: "
                f"{counts[TaskStatus.IN_PROGRESS]}; quá hạn chưa hoàn thành: "
                f"{counts[TaskStatus.OVERDUE]} (chi tiết tại biểu dưới đây)."
            ),
            table,
            *filler,
            heading("II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT"),
            Paragraph.of(
                "Một số đơn vị chưa bố trí được kinh phí mua sắm trang thiết bị; đề nghị "
                "Ủy ban nhân dân tỉnh xem xét, bổ sung dự toán năm 2021 cho Sở."
            ),
            Paragraph.of(
                "Sở Lao động - Thương binh và Xã hội kính báo cáo Ủy ban nhân dân tỉnh "
                "xem xét, chỉ đạo"
            ),
        ),
        recipients=Recipients(
            items=("Như trên", "Giám đốc Sở (để báo cáo)", "Các phòng, đơn vị thuộc Sở")
        ),
        signature=Signature(title="PHÓ GIÁM ĐỐC", name="Nguyễn Văn An", authority="KT. GIÁM ĐỐC"),
    )


def sample_urging_letter() -> Document:
    return Document(
        kind=DocumentKind.CONG_VAN,
        header=Header(
            number=2987,
            symbol="SLĐTBXH-VP",
            date=dt.date(2021, 8, 31),
            subject_line=(
                "V/v đôn đốc báo cáo kết quả ứng dụng CNTT trong phòng, chống dịch COVID-19"
            ),
        ),
        kinh_gui=("Trưởng các phòng nghiệp vụ thuộc Sở", "Thủ trưởng các đơn vị trực thuộc Sở"),
        body=(
            Paragraph.of(
                "Đến ngày 31/8/2021, Văn phòng Sở chưa nhận được báo cáo kết quả thực hiện "
                "Công văn số 2615/SLĐTBXH-VP ngày 11/8/2021 của một số đơn vị."
            ),
            Paragraph.of(
                "Giám đốc Sở yêu cầu các đơn vị khẩn trương báo cáo trước ngày 05/9/2021 "
                "(qua Văn phòng Sở) để tổng hợp, báo cáo Chủ tịch UBND tỉnh."
            ),
        ),
        recipients=Recipients(items=("Như trên (để thực hiện)", "Giám đốc Sở (để báo cáo)")),
        signature=Signature(title="GIÁM ĐỐC", name="Vũ Thị Hương"),
    )


SAMPLE_LATE = (
    ("Phòng Người có công", "Nhiệm vụ 1: Quét mã QR kiểm soát người ra vào", "26/9/2021", "7"),
    ("Phòng Người có công", "Nhiệm vụ 3: Rà soát trang thiết bị CNTT", "10/9/2021", "23"),
    (
        "Trung tâm Bảo trợ xã hội tỉnh",
        "Nhiệm vụ 6: Tuyên truyền phòng, chống dịch",
        "30/9/2021",
        "3",
    ),
)


def sample_annex_letter(*, rows: int = 3, landscape: bool = False) -> Document:
    """A công văn đôn đốc to "các đơn vị có tên tại danh sách kèm theo", with its annex:
    one row per unit and task, the unit merged down its rows, a group row and a total."""
    header = Header(
        number=3012,
        symbol="SLĐTBXH-VP",
        date=dt.date(2021, 10, 3),
        subject_line="V/v đôn đốc thực hiện Công văn số 2987/SLĐTBXH-VP ngày 31/8/2021",
    )
    late = [SAMPLE_LATE[i % len(SAMPLE_LATE)] for i in range(rows)]
    extra = (Column("Ghi chú", 120),) if landscape else ()
    table = Table(
        columns=(
            Column("STT", 10, Align.CENTER),
            Column("Đơn vị", 40, merge_repeats=True),
            Column("Nhiệm vụ", 55),
            Column("Thời hạn", 20, Align.CENTER),
            Column("Số ngày quá hạn", 18, Align.CENTER),
            Column("Tình trạng", 22),
            *extra,
        ),
        rows=(
            TableRow(("Các đơn vị quá hạn",), RowKind.GROUP),
            *(
                TableRow((str(i), unit, task, due, days, "Chưa báo cáo", *("" for _ in extra)))
                for i, (unit, task, due, days) in enumerate(late, start=1)
            ),
            TableRow(
                ("", "Tổng cộng", f"{rows} nhiệm vụ", "", "", "", *("" for _ in extra)),
                RowKind.TOTAL,
            ),
        ),
    )
    return Document(
        kind=DocumentKind.CONG_VAN,
        header=header,
        kinh_gui=("các đơn vị có tên tại danh sách kèm theo",),
        body=(
            Paragraph.of(
                "Đến ngày 03/10/2021, các đơn vị có tên tại danh sách kèm theo chưa hoàn thành "
                "các nhiệm vụ được giao tại Công văn số 2987/SLĐTBXH-VP ngày 31/8/2021."
            ),
            Paragraph.of("Đề nghị các đơn vị báo cáo trước ngày 08/10/2021."),
        ),
        recipients=Recipients(items=("Như trên", "Giám đốc Sở (để báo cáo)")),
        signature=Signature(title="GIÁM ĐỐC", name="Vũ Thị Hương"),
        annexes=(
            Annex(
                title="Danh sách các đơn vị chậm thực hiện nhiệm vụ",
                note=annex_note("Công văn", header, "Sở Lao động - Thương binh và Xã hội"),
                body=(table,),
            ),
        ),
    )


def main(argv: list[str]) -> None:
    from phongdich.documents.docx_renderer import render_docx
    from phongdich.documents.pdf_renderer import render_pdf
    from phongdich.documents.xlsx_renderer import render_xlsx

    out = Path(argv[1] if len(argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    report = sample_report()
    (out / "nd30-sample.docx").write_bytes(render_docx(report))
    (out / "nd30-sample.pdf").write_bytes(render_pdf(report))
    (out / "nd30-sample.xlsx").write_bytes(render_xlsx(report.tables()[0]))
    letter = sample_urging_letter()
    (out / "nd30-sample-cong-van.docx").write_bytes(render_docx(letter))
    (out / "nd30-sample-cong-van.pdf").write_bytes(render_pdf(letter))
    annexed = sample_annex_letter(rows=30)
    (out / "nd30-sample-phu-luc.docx").write_bytes(render_docx(annexed))
    (out / "nd30-sample-phu-luc.pdf").write_bytes(render_pdf(annexed))


if __name__ == "__main__":
    main(sys.argv)
