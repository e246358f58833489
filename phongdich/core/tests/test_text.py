"""Phone numbers (tracing.md, Identities) and text at the boundary."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from phongdich.core.text import clean_name, fold, mask_phone, nfc, phone_or_error
from tracing_engine.identity import (
    InvalidPhone,
    looks_like_phone,
    normalize_identity,
    normalize_phone,
)

SAME_MOBILE = [
    # The formats of tracing.md, Identities.
    "0912345678",
    "84912345678",
    "+84 912 345 678",
    "0912.345.678",
    "0912-345-678",
    # And what people type or paste besides.
    "+84912345678",
    "0084912345678",
    "0084 912 345 678",
    "(091) 234-5678",
    "0912/345/678",
    " 0912 345 678 ",
    "\t0912345678\n",
    "0912\u00a0345\u00a0678",  # no-break spaces
    "0912\u2013345\u2013678",  # en dashes from a word processor
    "0912345678\u200b",  # a zero-width space copied from a web page
    "\ufeff0912345678",  # a byte-order mark from a CSV file
    "０９１２３４５６７８",  # full-width digits
    "+８４ ９１２ ３４５ ６７８",
    "+84 (0) 912 345 678",  # the domestic 0 after the country code
    "+840912345678",
    "912345678",  # the 0 forgotten
]


@pytest.mark.parametrize("raw", SAME_MOBILE)
def test_every_spelling_of_a_mobile_number_gives_the_same_identity(raw: str) -> None:
    assert normalize_phone(raw) == "+84912345678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0321234567", "+84321234567"),  # Viettel 03x
        ("0561234567", "+84561234567"),  # 05x
        ("0701234567", "+84701234567"),  # 07x
        ("0861234567", "+84861234567"),  # 08x
        ("0981234567", "+84981234567"),  # 09x
        ("849123456", "+84849123456"),  # 084 9123456 without its 0
    ],
)
def test_every_mobile_prefix_is_accepted(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "02438253456",  # Hà Nội: 024 + 8 digits
        "024 3825 3456",
        "(024) 3825.3456",
        "+84 24 3825 3456",
        "+84 (0) 24 3825 3456",
        "842438253456",
    ],
)
def test_a_hanoi_landline_is_normalised(raw: str) -> None:
    assert normalize_phone(raw) == "+842438253456"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("02838292192", "+842838292192"),  # TP. Hồ Chí Minh, 028
        ("0203 3825 123", "+842033825123"),  # Quảng Ninh, 0203
        ("0236 3822 123", "+842363822123"),  # Đà Nẵng, 0236
    ],
)
def test_landlines_of_other_provinces_are_normalised(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\u200b",
        "091234567",  # one digit short
        "12345",
        "0912",
        "09123456789",  # one digit too many
        "091234567890",
        "0912abc678",
        "O912345678",  # a letter O for the zero
        "0912345678x",
        "phone",
        "+1 202 555 0143",  # the United States
        "+12025550143",
        "+44 20 7946 0958",
        "0012025550143",
        "0112345678",  # no mobile range starts 01 any more
        "01234567890",  # the old 11-digit 012x numbers
        "0412345678",
        "0612345678",
        "0212345678",  # a landline needs 10 digits after the 0
        "+84",
        "+84 +912345678",
        "++84912345678",
        "0912345678,0987654321",  # two numbers in one cell
        "+84 0 0912345678",
        "٠٩١٢٣٤٥٦٧٨",  # Arabic-Indic digits are not digits of a phone here
    ],
)
def test_an_invalid_number_is_refused(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)
    assert not looks_like_phone(raw)


def test_the_normalised_form_is_stable() -> None:
    for raw in SAME_MOBILE:
        once = normalize_phone(raw)
        assert normalize_phone(once) == once


def test_an_identity_is_a_phone_or_an_upper_case_staff_code() -> None:
    assert normalize_identity("0912 345 678") == "+84912345678"
    assert normalize_identity("  sa01 ") == "SA01"
    assert normalize_identity("cb-đ01") == "CB-Đ01"
    with pytest.raises(ValueError, match="empty"):
        normalize_identity("  ")


# phongdich.core.text


def test_nfc_composes_vietnamese_and_strips() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh"
    assert nfc(f"  {decomposed}\n") == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))
    assert nfc(None) == ""


def test_clean_name_folds_inner_white_space() -> None:
    assert clean_name("  Trần \t Văn\u00a0\u00a0Bình ") == "Trần Văn Bình"
    assert clean_name(unicodedata.normalize("NFD", "Lê  Thị Hồng")) == "Lê Thị Hồng"


def test_fold_drops_diacritics_and_case_including_d_stroke() -> None:
    assert fold("Đặng Thị Hoà") == "dang thi hoa"
    assert fold(unicodedata.normalize("NFD", "  SỐ   ĐIỆN THOẠI ")) == "so dien thoai"
    assert fold("đơn vị") == fold("Don Vi")


def test_phone_or_error_gives_the_normalised_number() -> None:
    assert phone_or_error(" 0912.345.678 ") == "+84912345678"


def test_phone_or_error_asks_for_a_missing_number_in_vietnamese() -> None:
    with pytest.raises(ValidationError) as caught:
        phone_or_error("   ")
    assert caught.value.code == "required"
    assert "Vui lòng nhập số điện thoại" in caught.value.messages[0]


@pytest.mark.parametrize("raw", ["0912", "+1 202 555 0143", "abc"])
def test_phone_or_error_explains_a_bad_number_in_vietnamese(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        phone_or_error(raw)
    assert caught.value.code == "invalid_phone"
    message = caught.value.messages[0]
    assert raw in message
    assert "không hợp lệ" in message
    assert "0912345678" in message


def test_phone_or_error_shortens_a_pasted_essay() -> None:
    with pytest.raises(ValidationError) as caught:
        phone_or_error("x" * 500)
    assert "x" * 41 not in caught.value.messages[0]


def test_mask_phone_keeps_only_the_ends() -> None:
    assert mask_phone("+84912345678") == "+8491****678"
    assert mask_phone("+842438253456") == "+8424*****456"
    assert mask_phone("123") == "***"
    assert "2345" not in mask_phone("+84912345678")
