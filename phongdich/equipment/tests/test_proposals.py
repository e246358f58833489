"""Needs proposals: every step of the chain, every step out of order, the pages of each
role and their query counts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from phongdich.core.models import AuditEvent
from phongdich.equipment.models import NeedsProposal, ProposalBatch, ProposalStep
from phongdich.equipment.services import proposals as services
from phongdich.equipment.tests.helpers import EquipmentTestCase, kind
from phongdich.notifications.models import Notification

Status = NeedsProposal.Status


def propose(unit: Any, actor: Any, **values: Any) -> NeedsProposal:
    values.setdefault("kind", kind("laptop"))
    values.setdefault("quantity", 3)
    values.setdefault("for_whom", "Chuyên viên bộ phận một cửa")
    values.setdefault("justification", "Máy cũ đã dùng 9 năm, hỏng thường xuyên.")
    values.setdefault("priority", NeedsProposal.Priority.HIGH)
    return services.proposal_create(unit=unit, actor=actor, ip=None, **values)


def approve(proposal: NeedsProposal, actor: Any) -> NeedsProposal:
    return services.proposal_head_decide(
        proposal=proposal, approve=True, reason="", actor=actor, ip=None
    )


def accept(proposal: NeedsProposal, actor: Any, quantity: int | None = None) -> NeedsProposal:
    return services.proposal_review(
        proposal=proposal,
        accept=True,
        quantity=quantity,
        reason="Điều chỉnh theo định mức." if quantity else "",
        actor=actor,
        ip=None,
    )


def consolidate(proposals: list[NeedsProposal], actor: Any) -> ProposalBatch:
    return services.batch_create(
        proposals=proposals,
        subject="V/v đề xuất nhu cầu trang thiết bị CNTT",
        issued_on=timezone.localdate(),
        number=None,
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="Phó Giám đốc",
        signer_name="Nguyễn Văn An",
        actor=actor,
        ip=None,
    )


class ChainTests(EquipmentTestCase):
    def test_a_proposal_goes_from_the_unit_to_the_office_every_step_recorded_and_audited(
        self,
    ) -> None:
        proposal = propose(self.unit_a, self.staff_user)
        self.assertEqual(proposal.status, Status.SUBMITTED)
        approve(proposal, self.head_a)
        self.assertEqual(proposal.status, Status.APPROVED)
        accept(proposal, self.it, quantity=2)
        self.assertEqual((proposal.status, proposal.approved_quantity), (Status.ACCEPTED, 2))
        batch = consolidate([proposal], self.office)
        proposal.refresh_from_db()
        self.assertEqual((proposal.status, proposal.batch), (Status.CONSOLIDATED, batch))
        self.assertEqual(batch.signer_title, "PHÓ GIÁM ĐỐC")
        steps = list(proposal.steps.values_list("action", "actor__username", "quantity"))
        self.assertEqual(
            steps,
            [
                ("submitted", "staff", 3),
                ("approved", "head_a", None),
                ("changed", "it", 2),
                ("consolidated", "office", 2),
            ],
        )
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        for action in ("submit", "approve", "accept"):
            self.assertIn(f"equipment.proposal.{action}", actions)
        self.assertIn("equipment.batch.create", actions)

    def test_each_step_tells_whoever_acts_next_through_a_task(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            proposal = propose(self.unit_a, self.staff_user)
        self.assertTrue(Notification.objects.filter(user=self.head_a).exists())
        self.assertFalse(Notification.objects.filter(user=self.head_b).exists())
        with self.captureOnCommitCallbacks(execute=True):
            approve(proposal, self.head_a)
        self.assertTrue(Notification.objects.filter(user=self.it).exists())
        with self.captureOnCommitCallbacks(execute=True):
            services.proposal_review(
                proposal=proposal,
                accept=False,
                quantity=None,
                reason="Đơn vị đã được cấp năm 2025.",
                actor=self.it,
                ip=None,
            )
        note = Notification.objects.filter(user=self.staff_user).get()
        self.assertIn("Bị từ chối", note.title)
        self.assertEqual(note.body, "Đơn vị đã được cấp năm 2025.")

    def test_text_is_nfc_normalised(self) -> None:
        proposal = propose(
            self.unit_a, self.head_a, for_whom=unicodedata.normalize("NFD", " Kế toán trưởng ")
        )
        self.assertEqual(proposal.for_whom, "Kế toán trưởng")


class IllegalStepTests(EquipmentTestCase):
    def setUp(self) -> None:
        self.proposal = propose(self.unit_a, self.staff_user)

    def assertRefused(self, message: str, call: Any, **kwargs: Any) -> None:
        with self.assertRaises(ValidationError) as caught:
            call(**kwargs)
        self.assertIn(message, " ".join(caught.exception.messages))

    def test_approving_twice_is_refused(self) -> None:
        approve(self.proposal, self.head_a)
        self.assertRefused(
            "Không thể duyệt đề xuất",
            approve,
            proposal=self.proposal,
            actor=self.head_a,
        )
        self.assertEqual(self.proposal.steps.filter(action="approved").count(), 1)

    def test_reviewing_before_the_heads_approval_is_refused(self) -> None:
        self.assertRefused(
            "chưa được trưởng đơn vị duyệt", accept, proposal=self.proposal, actor=self.it
        )
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, Status.SUBMITTED)

    def test_reviewing_twice_is_refused(self) -> None:
        approve(self.proposal, self.head_a)
        accept(self.proposal, self.it)
        self.assertRefused("Tổ CNTT đã thẩm định", accept, proposal=self.proposal, actor=self.it)

    def test_approving_a_rejected_proposal_is_refused(self) -> None:
        services.proposal_head_decide(
            proposal=self.proposal, approve=False, reason="Chưa cần.", actor=self.head_a, ip=None
        )
        self.assertRefused(
            "đề xuất đã bị từ chối", approve, proposal=self.proposal, actor=self.head_a
        )

    def test_consolidating_a_rejected_proposal_is_refused(self) -> None:
        approve(self.proposal, self.head_a)
        services.proposal_review(
            proposal=self.proposal,
            accept=False,
            quantity=None,
            reason="Trùng.",
            actor=self.it,
            ip=None,
        )
        self.assertRefused(
            "đã bị từ chối: không đưa vào công văn được",
            consolidate,
            proposals=[self.proposal],
            actor=self.office,
        )
        self.assertFalse(ProposalBatch.objects.exists())

    def test_consolidating_one_not_yet_reviewed_is_refused(self) -> None:
        approve(self.proposal, self.head_a)
        self.assertRefused(
            "đang chờ Tổ CNTT thẩm định",
            consolidate,
            proposals=[self.proposal],
            actor=self.office,
        )

    def test_consolidating_twice_is_refused(self) -> None:
        approve(self.proposal, self.head_a)
        accept(self.proposal, self.it)
        consolidate([self.proposal], self.office)
        self.assertRefused(
            "Văn phòng đã đưa đề xuất vào công văn",
            consolidate,
            proposals=[self.proposal],
            actor=self.office,
        )
        self.assertEqual(ProposalBatch.objects.count(), 1)

    def test_a_rejection_needs_a_reason(self) -> None:
        self.assertRefused(
            "Hãy ghi lý do từ chối.",
            services.proposal_head_decide,
            proposal=self.proposal,
            approve=False,
            reason="  ",
            actor=self.head_a,
            ip=None,
        )
        approve(self.proposal, self.head_a)
        self.assertRefused(
            "Hãy ghi lý do từ chối.",
            services.proposal_review,
            proposal=self.proposal,
            accept=False,
            quantity=None,
            reason="",
            actor=self.it,
            ip=None,
        )

    def test_a_changed_quantity_needs_a_reason_and_a_positive_number(self) -> None:
        approve(self.proposal, self.head_a)
        for quantity, message in ((2, "lý do điều chỉnh"), (0, "từ 1 trở lên"), (5000, "tối đa")):
            self.assertRefused(
                message,
                services.proposal_review,
                proposal=self.proposal,
                accept=True,
                quantity=quantity,
                reason="",
                actor=self.it,
                ip=None,
            )
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, Status.APPROVED)

    def test_bad_proposals_are_refused_field_by_field(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            propose(self.unit_a, self.staff_user, quantity=0, for_whom=" ", justification="")
        errors = caught.exception.message_dict
        self.assertEqual(set(errors), {"quantity", "for_whom", "justification"})

    def test_an_empty_batch_and_a_bad_signature_are_refused(self) -> None:
        self.assertRefused(
            "Hãy chọn ít nhất một đề xuất", consolidate, proposals=[], actor=self.office
        )
        approve(self.proposal, self.head_a)
        accept(self.proposal, self.it)
        with self.assertRaises(ValidationError) as caught:
            services.batch_create(
                proposals=[self.proposal],
                subject="V/v đề xuất",
                issued_on=dt.date(2019, 1, 1),
                number=None,
                signer_authority="THAY MẶT",
                signer_title="Giám đốc",
                signer_name="Nguyễn Văn An",
                actor=self.office,
                ip=None,
            )
        self.assertEqual(set(caught.exception.message_dict), {"signer_authority", "issued_on"})


class PageTests(EquipmentTestCase):
    def test_staff_propose_from_the_form_and_bad_input_is_explained(self) -> None:
        self.login(self.staff_user)
        url = reverse("equipment:proposal_create")
        data = {
            "unit": self.unit_a.pk,
            "kind": kind("laptop").pk,
            "quantity": "0",
            "for_whom": "",
            "justification": "",
            "priority": "1",
        }
        response = self.client.post(url, data)
        self.assertContains(response, "Số lượng phải từ 1 trở lên.")
        self.assertContains(response, "Hãy ghi thiết bị dành cho ai hoặc cho vị trí nào.")
        self.assertContains(response, "Hãy ghi lý do cần thiết bị.")
        data.update(quantity="2", for_whom="Văn thư", justification="Máy hỏng.")
        response = self.client.post(url, {**data, "unit": self.unit_b.pk})
        self.assertEqual(response.status_code, 200)  # not a unit of theirs
        self.assertFalse(NeedsProposal.objects.exists())
        response = self.client.post(url, data)
        proposal = NeedsProposal.objects.get()
        self.assertRedirects(response, reverse("equipment:proposal_detail", args=[proposal.pk]))

    def test_the_head_approves_from_the_page_and_twice_is_a_vietnamese_message(self) -> None:
        proposal = propose(self.unit_a_team, self.staff_user)
        self.login(self.head_a)
        detail = reverse("equipment:proposal_detail", args=[proposal.pk])
        self.assertContains(self.client.get(detail), "Trưởng đơn vị duyệt")
        url = reverse("equipment:proposal_decide", args=[proposal.pk])
        self.assertRedirects(self.client.post(url, {"decision": "approve"}), detail)
        response = self.client.post(url, {"decision": "approve"})
        self.assertContains(response, "Không thể duyệt đề xuất", status_code=400)
        response = self.client.post(url, {"decision": "maybe"})
        self.assertContains(response, "Hãy chọn một lựa chọn hợp lệ", status_code=400)

    def test_another_units_head_gets_a_404_and_the_it_team_reviews(self) -> None:
        proposal = propose(self.unit_a, self.staff_user)
        self.login(self.head_b)
        for name in ("proposal_detail", "proposal_decide"):
            url = reverse(f"equipment:{name}", args=[proposal.pk])
            response = (
                self.client.post(url, {}) if name.endswith("decide") else self.client.get(url)
            )
            self.assertEqual(response.status_code, 404)
        self.login(self.it)
        url = reverse("equipment:proposal_review", args=[proposal.pk])
        response = self.client.post(url, {"decision": "accept"})
        self.assertContains(response, "chưa được trưởng đơn vị duyệt", status_code=400)
        approve(proposal, self.head_a)
        response = self.client.post(url, {"decision": "change", "approved_quantity": ""})
        self.assertContains(response, "Hãy nhập số lượng chấp thuận.", status_code=400)
        response = self.client.post(url, {"decision": "reject", "reason": ""})
        self.assertContains(response, "Hãy ghi lý do từ chối.", status_code=400)
        response = self.client.post(
            url, {"decision": "change", "approved_quantity": "1", "reason": "Theo định mức."}
        )
        self.assertRedirects(response, reverse("equipment:proposal_detail", args=[proposal.pk]))
        proposal.refresh_from_db()
        self.assertEqual(proposal.final_quantity, 1)

    def test_only_the_office_consolidates(self) -> None:
        proposal = propose(self.unit_a, self.staff_user)
        approve(proposal, self.head_a)
        accept(proposal, self.it)
        url = reverse("equipment:batch_create")
        for user in (self.head_a, self.it, self.staff_user):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.office)
        response = self.client.get(url)
        self.assertContains(response, f"#{proposal.pk} · {self.unit_a.name}")
        data = {
            "subject": "V/v đề xuất nhu cầu thiết bị",
            "issued_on": timezone.localdate().strftime("%d/%m/%Y"),
            "number": "",
            "signer_authority": "KT. GIÁM ĐỐC",
            "signer_title": "PHÓ GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn An",
        }
        response = self.client.post(url, data)
        self.assertContains(response, "Hãy chọn ít nhất một đề xuất")
        response = self.client.post(url, {**data, "proposals": [proposal.pk]})
        batch = ProposalBatch.objects.get()
        self.assertRedirects(response, reverse("equipment:batch_detail", args=[batch.pk]))
        response = self.client.post(url, {**data, "proposals": [proposal.pk]})
        self.assertContains(response, "không còn chờ tổng hợp")

    def test_the_batch_is_signed_by_the_director_or_a_deputy_from_the_directory(self) -> None:
        from phongdich.org.models import Staff

        url = reverse("equipment:batch_create")
        self.login(self.office)
        form = self.client.get(url).context["form"]
        self.assertEqual(
            [form.initial[k] for k in ("signer_authority", "signer_title", "signer_name")],
            ["", "GIÁM ĐỐC", "Giám Đốc"],
        )
        Staff.objects.filter(user=self.director).update(position="Phó Giám đốc Sở")
        form = self.client.get(url).context["form"]
        self.assertEqual(
            [form.initial[k] for k in ("signer_authority", "signer_title", "signer_name")],
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Giám Đốc"],
        )

    def test_the_list_query_count_is_pinned(self) -> None:
        for _ in range(2):
            propose(self.unit_a, self.staff_user)
        url = reverse("equipment:proposal_list")
        counts = {}
        for user in (self.staff_user, self.head_a, self.it, self.office):
            self.login(user)
            self.client.get(url)
            with self.assertNumQueries(QUERIES[user.username]) as ctx:
                self.client.get(url)
            counts[user.username] = len(ctx.captured_queries)
        for _ in range(20):
            p = propose(self.unit_b, self.head_b)
            approve(p, self.head_b)
        for user in (self.staff_user, self.head_a, self.it, self.office):
            self.login(user)
            with self.assertNumQueries(counts[user.username]):
                response = self.client.get(url)
        self.assertContains(response, self.unit_b.name)

    def test_the_detail_and_batch_pages_query_counts_are_pinned(self) -> None:
        proposals = [propose(self.unit_a, self.staff_user) for _ in range(3)]
        for p in proposals:
            approve(p, self.head_a)
            accept(p, self.it)
        batch = consolidate(proposals, self.office)
        self.login(self.office)
        for name, args, queries in (
            ("proposal_detail", [proposals[0].pk], 10),
            ("batch_list", [], 10),
            ("batch_detail", [batch.pk], 10),
            ("batch_create", [], 11),  # + the default signer from the staff directory
        ):
            url = reverse(f"equipment:{name}", args=args)
            self.client.get(url)
            with self.assertNumQueries(queries):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_batch_list_shows_needs_and_devices(self) -> None:
        a, b = propose(self.unit_a, self.staff_user), propose(self.unit_b, self.head_b, quantity=5)
        for p in (a, b):
            approve(p, self.head_a if p.unit == self.unit_a else self.head_b)
        accept(a, self.it)
        accept(b, self.it, quantity=4)
        consolidate([a, b], self.office)
        self.login(self.director)
        response = self.client.get(reverse("equipment:batch_list"))
        self.assertContains(response, "2 đề xuất, 7 thiết bị")

    def test_a_step_out_of_order_writes_nothing(self) -> None:
        proposal = propose(self.unit_a, self.staff_user)
        before = (ProposalStep.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError):
            accept(proposal, self.it)
        self.assertEqual((ProposalStep.objects.count(), AuditEvent.objects.count()), before)


QUERIES = {"staff": 10, "head_a": 13, "it": 13, "office": 11}
