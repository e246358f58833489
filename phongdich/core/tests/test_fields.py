"""core.fields: unit choice fields in tree order, scoped by the caller."""

from __future__ import annotations

from django import forms

from phongdich.core.fields import INDENT, UnitChoiceField, UnitMultipleChoiceField, unit_depth
from phongdich.core.forms import NFCForm
from phongdich.core.permissions import visible_units
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Unit


class PickForm(NFCForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), required=False, empty_label="Tất cả")
    units = UnitMultipleChoiceField(queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: object, user: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("unit", "units"):
            self.fields[name].queryset = visible_units(user)  # type: ignore[attr-defined]


class UnitFieldTests(BaseTestCase):
    def labels(self, field: forms.ChoiceField) -> list[str]:
        return [str(label) for _, label in field.choices]

    def test_units_are_listed_in_tree_order_indented_by_depth(self) -> None:
        field = UnitChoiceField(queryset=Unit.objects.order_by("-name"), empty_label=None)
        labels = self.labels(field)
        self.assertEqual(labels[0], self.dept.name)
        self.assertEqual(
            labels[labels.index(INDENT + self.unit_a.name) + 1], INDENT * 2 + self.unit_a_team.name
        )
        self.assertIn(INDENT + self.unit_a.name, labels)
        self.assertIn(INDENT + self.unit_b.name, labels)
        paths = [Unit.objects.get(pk=value.value).path for value, _ in field.choices]
        self.assertEqual(paths, sorted(paths))

    def test_indentation_starts_at_the_shallowest_visible_unit(self) -> None:
        form = PickForm(user=self.head_a)
        self.assertEqual(
            self.labels(form.fields["unit"]),  # type: ignore[arg-type]
            ["Tất cả", self.unit_a.name, INDENT + self.unit_a_team.name],
        )

    def test_a_unit_outside_the_queryset_is_refused(self) -> None:
        form = PickForm(data={"unit": str(self.unit_b.pk)}, user=self.head_a)
        self.assertFalse(form.is_valid())
        self.assertIn("unit", form.errors)
        form = PickForm(
            data={"units": [str(self.unit_a.pk), str(self.unit_b.pk)]}, user=self.head_a
        )
        self.assertFalse(form.is_valid())
        self.assertIn("units", form.errors)

    def test_visible_units_are_accepted(self) -> None:
        form = PickForm(
            data={"unit": str(self.unit_a_team.pk), "units": [str(self.unit_a.pk)]},
            user=self.head_a,
        )
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["unit"], self.unit_a_team)
        self.assertEqual(list(form.cleaned_data["units"]), [self.unit_a])

    def test_labels_are_names_or_names_with_codes_and_flat_on_request(self) -> None:
        plain = UnitChoiceField(queryset=Unit.objects.all(), indent=False, empty_label=None)
        self.assertNotIn(INDENT, "".join(self.labels(plain)))
        self.assertEqual(plain.label_from_instance(self.unit_a), self.unit_a.name)
        coded = UnitMultipleChoiceField(queryset=Unit.objects.all(), with_code=True)
        self.assertIn(INDENT * 2 + f"{self.unit_a_team.name} (P-A-1)", self.labels(coded))
        self.assertEqual(coded.label_from_instance(self.unit_b), f"{self.unit_b.name} (TT-B)")

    def test_the_queryset_is_required(self) -> None:
        with self.assertRaises(TypeError):
            UnitChoiceField()  # type: ignore[call-arg]
        with self.assertRaises(TypeError):
            UnitMultipleChoiceField()  # type: ignore[call-arg]

    def test_the_choices_take_one_query(self) -> None:
        field = UnitChoiceField(queryset=Unit.objects.all())
        count = Unit.objects.count()
        with self.assertNumQueries(1):
            choices = [choice for choice in field.choices]  # list() would ask len(): a COUNT
        self.assertEqual(len(choices), count + 1)

    def test_the_depth_comes_from_depth_or_path(self) -> None:
        class Node:
            path = "/1/4/9/"

        self.assertEqual(unit_depth(Node()), 2)
        self.assertEqual(unit_depth(object()), 0)
        self.assertEqual(unit_depth(self.unit_a_team), 2)
