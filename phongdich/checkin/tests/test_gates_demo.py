from django.test import TestCase

from phongdich.checkin.demo import GATES, load_gates
from phongdich.checkin.models import Location
from phongdich.org.demo import UNITS
from phongdich.org.models import Unit


class DemoGatesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        by_code: dict[str, Unit] = {}
        for code, name, short, kind, parent in UNITS:
            by_code[code] = Unit.objects.create(
                code=code, name=name, short_name=short, kind=kind, parent=by_code.get(parent)
            )

    def test_it_creates_the_office_gates_and_one_gate_per_centre_and_school(self) -> None:
        load_gates()
        office = set(Location.objects.filter(unit__code="VP").values_list("code", flat=True))
        self.assertEqual(office, {"SO-CONG-CHINH", "SO-CONG-PHU", "SO-HOI-TRUONG"})
        self.assertEqual(Location.objects.get(code="SO-CONG-CHINH").name, "Cổng chính Sở")
        for unit in Unit.objects.filter(kind__in=[Unit.Kind.CENTRE, Unit.Kind.SCHOOL]):
            with self.subTest(unit=unit.code):
                self.assertEqual(Location.objects.filter(unit=unit).count(), 1)
        self.assertEqual(Location.objects.get(code="TR-CDN-CONG").unit.code, "TR-CDN")

    def test_it_creates_nothing_twice_and_keeps_the_printed_tokens(self) -> None:
        first = {g.code: g.poster_token for g in load_gates()}
        second = {g.code: g.poster_token for g in load_gates()}
        self.assertEqual(first, second)
        self.assertEqual(Location.objects.count(), len(GATES))

    def test_it_gives_valid_gates_that_accept_check_ins(self) -> None:
        for gate in load_gates():
            with self.subTest(gate=gate.code):
                self.assertTrue(gate.accepts_checkins)
                if gate.opens_at:
                    self.assertLess(gate.opens_at, gate.closes_at)

    def test_it_explains_when_the_demo_units_are_missing(self) -> None:
        Unit.objects.filter(code="TR-TCN").delete()
        with self.assertRaisesMessage(LookupError, "TR-TCN"):
            load_gates()
