"""NFCForm / NFCModelForm: text is NFC-normalised and stripped before validation."""

from __future__ import annotations

import unicodedata

from django import forms
from django.test import SimpleTestCase, TestCase

from phongdich.core.forms import NFCForm, NFCModelForm, normalise_value
from phongdich.org.models import Unit

NAME_NFC = "Nguyễn Thị Ánh"
NAME_NFD = unicodedata.normalize("NFD", NAME_NFC)


class PersonForm(NFCForm):
    name = forms.CharField(max_length=len(NAME_NFC))
    email = forms.EmailField(required=False)
    site = forms.URLField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    raw = forms.CharField(required=False, strip=False)
    kind = forms.ChoiceField(choices=[(NAME_NFC, NAME_NFC), ("khac", "Khác")], required=False)
    tags = forms.MultipleChoiceField(choices=[("Hà Nội", "Hà Nội"), ("Huế", "Huế")], required=False)


class SplitNameField(forms.MultiValueField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            fields=[forms.CharField(max_length=5), forms.IntegerField()],
            widget=forms.MultiWidget(widgets=[forms.TextInput(), forms.NumberInput()]),
            **kwargs,
        )

    def compress(self, data_list: list[object]) -> object:
        return tuple(data_list)


class SplitForm(NFCForm):
    pair = SplitNameField()


class LateFieldForm(NFCForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["added"] = forms.CharField(max_length=3)


class ExcludingForm(NFCForm):
    nfc_exclude = ("kept",)
    kept = forms.CharField(required=False)


class UnitForm(NFCModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "short_name"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


class NFCFormTests(SimpleTestCase):
    def test_a_decomposed_name_is_stored_composed(self) -> None:
        self.assertNotEqual(NAME_NFD, NAME_NFC)
        form = PersonForm(data={"name": NAME_NFD})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["name"], NAME_NFC)

    def test_max_length_counts_the_normalised_value(self) -> None:
        # NFD "Nguyễn Thị Ánh" is longer than max_length; NFC is exactly max_length.
        self.assertGreater(len(NAME_NFD), len(NAME_NFC))
        form = PersonForm(data={"name": f"  {NAME_NFD}\t\n"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["name"], NAME_NFC)

    def test_max_length_still_refuses_a_long_value(self) -> None:
        form = PersonForm(data={"name": NAME_NFC + "x"})
        self.assertFalse(form.is_valid())
        self.assertIn("name", form.errors)

    def test_white_space_only_is_missing(self) -> None:
        form = PersonForm(data={"name": " \u00a0\t\n "})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["name"][0], forms.Field.default_error_messages["required"])

    def test_email_url_and_textarea_are_normalised(self) -> None:
        form = PersonForm(
            data={
                "name": "An",
                "email": "  an@example.vn ",
                "site": " example.vn/" + nfd("tin-tức") + " ",
                "note": "  " + nfd("Dòng một\nDòng hai") + "  ",
            }
        )
        self.assertTrue(form.is_valid(), form.errors)
        data = form.cleaned_data
        self.assertEqual(data["email"], "an@example.vn")
        self.assertTrue(is_nfc(data["site"]))
        self.assertEqual(data["note"], "Dòng một\nDòng hai")  # inner lines kept

    def test_strip_false_fields_are_normalised_but_keep_their_edges(self) -> None:
        form = PersonForm(data={"name": "An", "raw": "  " + nfd("Ánh") + " "})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["raw"], "  Ánh ")

    def test_passwords_are_left_byte_for_byte(self) -> None:
        secret = nfd("mật khẩu")
        form = PersonForm(data={"name": "An", "secret": secret})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["secret"], secret)

    def test_a_decomposed_choice_matches_its_composed_value(self) -> None:
        form = PersonForm(data={"name": "An", "kind": NAME_NFD, "tags": [nfd("Hà Nội"), "Huế"]})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["kind"], NAME_NFC)
        self.assertEqual(form.cleaned_data["tags"], ["Hà Nội", "Huế"])

    def test_each_text_part_of_a_multi_value_field_is_normalised(self) -> None:
        form = SplitForm(data={"pair_0": " " + nfd("Ánh ") + " ", "pair_1": "7"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["pair"], ("Ánh", 7))

    def test_fields_added_in_a_subclass_init_are_covered(self) -> None:
        form = LateFieldForm(data={"added": " " + nfd("Ánh") + " "})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["added"], "Ánh")

    def test_excluded_fields_are_left_alone(self) -> None:
        form = ExcludingForm(data={"kept": nfd("Ánh")})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["kept"], nfd("Ánh"))  # Django strips; no NFC

    def test_the_class_fields_are_not_changed(self) -> None:
        PersonForm(data={"name": "An"}).is_valid()
        self.assertNotIn("clean", vars(PersonForm.base_fields["name"]))

    def test_normalise_value_leaves_non_text_alone(self) -> None:
        self.assertIsNone(normalise_value(None))
        self.assertEqual(normalise_value(3), 3)
        self.assertEqual(normalise_value((nfd("Ánh "),)), ("Ánh",))


class NFCModelFormTests(TestCase):
    def test_the_saved_unit_has_composed_stripped_text(self) -> None:
        form = UnitForm(
            data={"code": " X1 ", "name": "  " + nfd("Phòng Kế hoạch – Tài chính") + " "}
        )
        self.assertTrue(form.is_valid(), form.errors)
        unit = form.save()
        unit.refresh_from_db()
        self.assertEqual(unit.code, "X1")
        self.assertEqual(unit.name, "Phòng Kế hoạch – Tài chính")

    def test_the_model_max_length_applies_to_the_normalised_value(self) -> None:
        # 80 composed letters fit short_name (max 80); decomposed they are 160 code points.
        text = "ễ" * 80
        form = UnitForm(data={"code": "X2", "name": "A", "short_name": nfd(text)})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["short_name"], text)
