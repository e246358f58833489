"""The document model: number, date and symbol formatting, and the messages for bad input."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from phongdich.documents import (
    Document,
    DocumentError,
    DocumentKind,
    Header,
    Paragraph,
    Recipients,
    ResultsTable,
    Signature,
    TaskStatus,
    format_date_line,
    format_short_date,
    heading,
)
from phongdich.documents.samples import SAMPLE_ROWS, sample_report, sample_urging_letter

D = dt.date(2021, 2, 5)


def header(**kw: object) -> Header:
    return Header(**{"date": D, "symbol": "BC-SLĐTBXH", "number": 5, **kw})  # type: ignore[arg-type]


def report(**kw: object) -> Document:
    args: dict[str, object] = {
        "kind": DocumentKind.BAO_CAO,
        "header": header(),
        "subject": "Kết quả thực hiện",
        "body": (Paragraph.of("Nội dung báo cáo."),),
        "signature": Signature(title="GIÁM ĐỐC", name="Vũ Thị Hương"),
    }
    args.update(kw)
    return Document(**args)  # type: ignore[arg-type]


def messages(excinfo: pytest.ExceptionInfo[DocumentError]) -> str:
    return " | ".join(excinfo.value.messages)


def test_a_number_below_ten_gets_a_leading_zero() -> None:
    assert header(number=5).number_line == "Số: 05/BC-SLĐTBXH"


def test_a_three_digit_number_is_shown_as_is() -> None:
    assert header(number=125).number_line == "Số: 125/BC-SLĐTBXH"


def test_a_draft_has_a_blank_number_before_the_slash() -> None:
    assert header(number=None).number_line == "Số:      /BC-SLĐTBXH"


def test_the_date_line_pads_days_below_ten_and_months_one_and_two() -> None:
    assert format_date_line("Thanh Hóa", dt.date(2021, 2, 5)) == (
        "Thanh Hóa, ngày 05 tháng 02 năm 2021"
    )
    assert format_date_line("Thanh Hóa", dt.date(2021, 1, 9)) == (
        "Thanh Hóa, ngày 09 tháng 01 năm 2021"
    )


def test_the_date_line_leaves_months_three_to_twelve_unpadded() -> None:
    assert format_date_line("Thanh Hóa", dt.date(2021, 8, 31)) == (
        "Thanh Hóa, ngày 31 tháng 8 năm 2021"
    )
    assert format_date_line("Thanh Hóa", dt.date(2021, 12, 1)) == (
        "Thanh Hóa, ngày 01 tháng 12 năm 2021"
    )


def test_short_dates_follow_the_same_padding_as_the_seed_letter() -> None:
    assert format_short_date(dt.date(2021, 8, 8)) == "08/8/2021"
    assert format_short_date(dt.date(2021, 2, 5)) == "05/02/2021"


@pytest.mark.parametrize("number", [0, -3])
def test_it_rejects_a_number_below_one(number: int) -> None:
    with pytest.raises(DocumentError, match="Số văn bản: phải từ 1 trở lên"):
        header(number=number)


def test_it_rejects_a_boolean_number() -> None:
    with pytest.raises(DocumentError, match="Số văn bản: phải là số nguyên"):
        header(number=True)


def test_it_rejects_a_symbol_with_spaces() -> None:
    with pytest.raises(DocumentError, match="không được chứa dấu cách"):
        header(symbol="BC - SLĐTBXH")


def test_it_rejects_a_symbol_that_includes_the_slash() -> None:
    with pytest.raises(DocumentError, match="chỉ ghi phần sau dấu “/”"):
        header(symbol="05/BC-SLĐTBXH")


def test_it_rejects_a_date_before_decree_30_took_effect() -> None:
    with pytest.raises(DocumentError, match="trước ngày Nghị định"):
        header(date=dt.date(2019, 12, 31))


def test_it_rejects_a_date_in_the_far_future() -> None:
    with pytest.raises(DocumentError, match="cách hôm nay hơn một năm"):
        header(date=dt.date(2999, 1, 1))


def test_it_rejects_a_datetime_for_the_date() -> None:
    with pytest.raises(DocumentError, match="Ngày ban hành: phải là một ngày"):
        header(date=dt.datetime(2021, 2, 5, 8, 0, tzinfo=dt.UTC))


def test_it_reports_every_bad_header_field_at_once() -> None:
    with pytest.raises(DocumentError) as excinfo:
        header(number=0, symbol="B C", issuing_body="  ")
    assert len(excinfo.value.messages) == 3


def test_it_normalises_text_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Thanh Hóa")
    assert header(place=decomposed).place == "Thanh Hóa"


def test_it_rejects_an_empty_subject_for_a_bao_cao() -> None:
    with pytest.raises(DocumentError, match="Trích yếu nội dung của BÁO CÁO: không được"):
        report(subject="   ")


def test_it_rejects_a_bao_cao_whose_symbol_lacks_the_bc_code() -> None:
    with pytest.raises(DocumentError, match="bắt đầu bằng “BC-”"):
        report(header=header(symbol="SLĐTBXH-VP"))


def test_it_rejects_a_cong_van_with_a_type_code_in_its_symbol() -> None:
    letter = sample_urging_letter()
    with pytest.raises(DocumentError, match="công văn không có mã loại"):
        Document(
            kind=DocumentKind.CONG_VAN,
            header=header(symbol="TB-SLĐTBXH", subject_line="V/v đôn đốc"),
            kinh_gui=letter.kinh_gui,
            body=letter.body,
            signature=letter.signature,
        )


def test_a_cong_van_needs_a_subject_line_and_kinh_gui() -> None:
    with pytest.raises(DocumentError) as excinfo:
        Document(
            kind=DocumentKind.CONG_VAN,
            header=header(symbol="SLĐTBXH-VP"),
            body=(Paragraph.of("Nội dung."),),
            signature=Signature(title="GIÁM ĐỐC", name="Vũ Thị Hương"),
        )
    text = messages(excinfo)
    assert "Trích yếu (V/v)" in text
    assert "Kính gửi" in text


def test_a_cong_van_subject_line_gets_v_v_when_missing() -> None:
    assert header(symbol="SLĐTBXH-VP", subject_line="đôn đốc").subject_line == "V/v đôn đốc"


def test_it_rejects_a_missing_signer_name() -> None:
    with pytest.raises(DocumentError, match="Họ tên người ký: không được để trống"):
        Signature(title="GIÁM ĐỐC", name=" ")


def test_it_rejects_an_unknown_signing_authority() -> None:
    with pytest.raises(DocumentError, match="phải bắt đầu bằng KT., TM., TL., TUQ."):
        Signature(title="PHÓ GIÁM ĐỐC", name="Nguyễn Văn An", authority="THAY GIÁM ĐỐC")


def test_signature_lines_are_in_capitals() -> None:
    sign = Signature(title="Phó Giám đốc", name="Nguyễn Văn An", authority="kt. giám đốc")
    assert sign.lines() == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_the_last_sentence_gets_the_closing_mark() -> None:
    doc = report(body=(Paragraph.of("Kính báo cáo"),))
    assert doc.body[-1].text == "Kính báo cáo./."  # type: ignore[union-attr]
    doc = report(body=(Paragraph.of("Kính báo cáo."),))
    assert doc.body[-1].text == "Kính báo cáo./."  # type: ignore[union-attr]
    doc = report(body=(Paragraph.of("Kính báo cáo./."),))
    assert doc.body[-1].text == "Kính báo cáo./."  # type: ignore[union-attr]


def test_it_rejects_a_body_ending_in_a_colon_a_heading_or_a_table() -> None:
    with pytest.raises(DocumentError, match="câu cuối kết thúc bằng “:”"):
        report(body=(Paragraph.of("như sau:"),))
    with pytest.raises(DocumentError, match="kết thúc bằng một đề mục"):
        report(body=(heading("I. KẾT QUẢ"),))
    with pytest.raises(DocumentError, match="không phải bảng"):
        report(body=(Paragraph.of("Biểu:"), ResultsTable(SAMPLE_ROWS)))


def test_it_rejects_an_empty_results_table() -> None:
    with pytest.raises(DocumentError, match="chưa có nhiệm vụ nào"):
        ResultsTable(())


def test_recipients_end_with_the_archive_line() -> None:
    recipients = Recipients(items=("- Như trên;", "Giám đốc Sở (để báo cáo)"))
    assert recipients.lines() == ["- Như trên;", "- Giám đốc Sở (để báo cáo);", "- Lưu: VT, VP."]


def test_recipients_refuse_the_archive_among_the_items() -> None:
    with pytest.raises(DocumentError, match="ghi nơi lưu vào trường archive"):
        Recipients(items=("Như trên", "Lưu: VT"))


def test_status_counts_cover_every_category() -> None:
    counts = ResultsTable(SAMPLE_ROWS).status_counts()
    assert set(counts) == set(TaskStatus)
    assert sum(counts.values()) == len(SAMPLE_ROWS)


def test_the_samples_are_valid_documents() -> None:
    assert sample_report().kind is DocumentKind.BAO_CAO
    assert sample_urging_letter().header.number_line == "Số: 2987/SLĐTBXH-VP"
