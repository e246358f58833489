"""Each role's home page answers "what must I do, and how are we doing": the blocks of
core.mine, with their counts, their first rows, their links and their empty states."""

from __future__ import annotations

from typing import Any

from django.test import TestCase
from django.urls import reverse

from phongdich.core import mine
from phongdich.core.mine import MineBlock, MineProvider, blocks_for
from phongdich.core.tests.base import BaseTestCase
from phongdich.core.tests.homes import make_home_data


class HomeBlocksTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_home_data(cls)

    def home(self, user: Any) -> str:
        self.login(user)
        response = self.client.get(reverse("core:home"))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def block(self, user: Any, key: str) -> MineBlock:
        found = {block.key: block for block in blocks_for(user=user)}
        self.assertIn(key, found, f"{key} not on the home of {user}")
        return found[key]

    def test_a_staff_member_sees_what_they_must_do(self) -> None:
        html = self.home(self.staff_user)
        for text in (
            "Nhiệm vụ 1: Rà soát trang thiết bị CNTT",  # the open task of their unit
            "1234/UBND-VX",  # the bulletin to acknowledge
            "TS-A-01",  # the laptop they hold
            "Máy in tầng 3 không in được",  # their open support request
            "Giao ban trực tuyến",  # their meeting
            "Cổng chính Sở",  # their own check-in
        ):
            self.assertIn(text, html)
        self.assertIn(reverse("news:bulletin_detail", args=[self.bulletin.pk]), html)
        self.assertIn(reverse("meetings:detail", args=[self.meeting.pk]), html)

    def test_a_staff_member_sees_only_their_own_check_ins(self) -> None:
        block = self.block(self.staff_user, "checkin.mine")
        self.assertEqual(block.count, 1)
        self.assertEqual([row.text for row in block.rows], ["Cổng chính Sở"])
        self.assertNotIn("Cổng Trung tâm B", self.home(self.staff_user))

    def test_the_unit_task_of_another_unit_is_not_listed(self) -> None:
        block = self.block(self.staff_user, "directives.tasks")
        self.assertEqual(block.count, 1)
        self.assertNotIn("PC-Covid", " ".join(str(row.text) for row in block.rows))
        self.assertEqual(block.rows[0].tone, "late")  # the deadline was two days ago
        self.assertEqual(block.url, "")  # a plain staff member has no report page

    def test_a_unit_head_sees_the_status_of_the_unit(self) -> None:
        html = self.home(self.head_a)
        status = self.block(self.head_a, "directives.status")
        self.assertEqual(status.count, 1)  # one task overdue
        self.assertIn(reverse("directives:dashboard"), html)
        self.assertIn("Sẵn sàng làm việc từ xa", html)
        tasks = self.block(self.head_a, "directives.tasks")
        self.assertTrue(tasks.rows[0].url.startswith(reverse("directives:report_list")))

    def test_a_staff_member_does_not_see_the_unit_status(self) -> None:
        keys = {block.key for block in blocks_for(user=self.staff_user)}
        self.assertNotIn("directives.status", keys)
        self.assertNotIn("equipment.readiness", keys)
        self.assertNotIn("checkin.gates", keys)

    def test_a_guard_sees_their_gates_with_a_link_to_each_console(self) -> None:
        html = self.home(self.guard)
        block = self.block(self.guard, "checkin.gates")
        self.assertEqual([row.text for row in block.rows], ["Cổng chính Sở"])  # not unit B's
        console = reverse("checkin:guard_index")
        self.assertEqual(block.rows[0].url, f"{console}?cong={self.gate_a.pk}")
        self.assertIn(f"{console}?cong={self.gate_a.pk}", html)
        self.assertIn("1 người đang ở trong", html)

    def test_an_acknowledged_bulletin_leaves_the_block(self) -> None:
        from phongdich.news.services.bulletins import bulletin_acknowledge

        bulletin_acknowledge(bulletin=self.bulletin, user=self.staff_user, ip=None)
        block = self.block(self.staff_user, "news.acknowledge")
        self.assertEqual(block.count, 0)
        self.assertIn("Không có văn bản nào cần xác nhận.", self.home(self.staff_user))

    def test_the_home_of_each_role_takes_a_fixed_number_of_queries(self) -> None:
        # Constant per role (blocks of every module, the menu, the notifications badge);
        # a block that reads per row shows here. The staff record is read once for the
        # roles, the blocks and the header (core.mine.my_staff), the review campaign once.
        for user, queries in ((self.staff_user, 21), (self.head_a, 40), (self.guard, 19)):
            self.login(user)
            with self.subTest(user=user.username), self.assertNumQueries(queries):
                self.client.get(reverse("core:home"))


class EmptyHomeTests(BaseTestCase):
    def test_empty_blocks_say_so_in_vietnamese(self) -> None:
        self.login(self.staff_user)
        html = self.client.get(reverse("core:home")).content.decode()
        self.assertIn("Không có việc cần làm.", html)
        self.assertIn("Không có lượt check-in nào trong 14 ngày qua.", html)
        self.assertIn("Không có cuộc họp nào sắp tới.", html)

    def test_a_user_without_a_staff_record_gets_no_personal_blocks(self) -> None:
        from django.contrib.auth import get_user_model

        loner = get_user_model().objects.create_user(username="loner", password="x" * 12)
        keys = {block.key for block in blocks_for(user=loner)}
        self.assertFalse(keys & {"checkin.mine", "directives.tasks", "equipment.mine"})


class RegistryTests(TestCase):
    def setUp(self) -> None:
        from django.contrib.auth import get_user_model

        self.user = get_user_model().objects.create_user(username="someone", password="x" * 12)

    def test_a_provider_that_raises_is_left_out_and_logged(self) -> None:
        def broken(viewer: Any) -> MineBlock:
            raise RuntimeError("boom")

        mine.register(MineProvider("test.broken", build=broken, order=0))
        try:
            with self.assertLogs("phongdich.core.mine", level="ERROR"):
                blocks = blocks_for(user=self.user, only={"test.broken"})
        finally:
            mine._PROVIDERS.pop("test.broken")
        self.assertEqual(blocks, [])
