import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from phongdich.equipment.models import ReviewCampaign, StaffReview
from phongdich.equipment.services.reviews import campaign_create, review_submit
from phongdich.equipment.tests.helpers import EquipmentTestCase
from phongdich.notifications.models import Notification

ANSWERS = {
    "has_home_device": "yes",
    "has_home_internet": "yes",
    "has_signature": "no",
    "can_use_eoffice": "yes",
    "comment": "",
}


class SelfReviewTests(EquipmentTestCase):
    def test_staff_confirm_or_report_broken_and_answer_the_questionnaire(self) -> None:
        self.login(self.staff_user)
        url = reverse("equipment:my_review")
        response = self.client.get(url)
        self.assertContains(response, "TS-A-01")
        response = self.client.post(url, {f"item_{self.laptop_a.pk}": "broken", **ANSWERS})
        self.assertRedirects(response, url)
        review = StaffReview.objects.get(staff=self.own_staff)
        self.assertTrue(review.has_home_internet)
        self.assertFalse(review.has_signature)
        self.assertEqual(review.items.get().status, "broken")
        self.laptop_a.refresh_from_db()
        self.assertEqual(self.laptop_a.condition, "broken")
        self.assertEqual(self.laptop_a.events.first().action, "reviewed")

    def test_every_item_and_question_needs_an_answer(self) -> None:
        self.login(self.staff_user)
        response = self.client.post(reverse("equipment:my_review"), {"comment": ""})
        self.assertContains(response, "Hãy chọn tình trạng của thiết bị này.")
        self.assertContains(response, "Hãy trả lời câu hỏi này.")
        self.assertFalse(StaffReview.objects.exists())

    def test_a_review_answered_after_its_deadline_is_refused(self) -> None:
        campaign = ReviewCampaign.objects.create(
            title="Rà soát quý I", deadline=timezone.localdate() - dt.timedelta(days=1)
        )
        self.login(self.staff_user)
        response = self.client.post(
            reverse("equipment:my_review"), {f"item_{self.laptop_a.pk}": "confirmed", **ANSWERS}
        )
        self.assertContains(response, "Đợt rà soát “Rà soát quý I” đã hết hạn trả lời ngày")
        self.assertFalse(StaffReview.objects.filter(campaign=campaign).exists())

    def test_an_item_someone_else_holds_cannot_be_answered(self) -> None:
        with self.assertRaises(ValidationError):
            review_submit(
                staff=self.own_staff,
                campaign=None,
                items={self.laptop_a.pk: "confirmed", self.laptop_b.pk: "missing"},
                has_home_device=True,
                has_home_internet=True,
                has_signature=True,
                can_use_eoffice=True,
                comment="",
                actor=self.staff_user,
                ip=None,
            )

    def test_the_page_query_count_is_pinned(self) -> None:
        self.login(self.staff_user)
        self.client.get(reverse("equipment:my_review"))
        with self.assertNumQueries(11):
            self.client.get(reverse("equipment:my_review"))


class CampaignTests(EquipmentTestCase):
    def test_the_office_opens_a_campaign_and_unit_heads_are_notified(self) -> None:
        self.login(self.office)
        deadline = (timezone.localdate() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("equipment:campaign_create"),
                {
                    "title": "Rà soát thiết bị tháng 9",
                    "deadline": deadline,
                    "units": [self.unit_a.pk],
                },
            )
        campaign = ReviewCampaign.objects.get()
        self.assertRedirects(response, reverse("equipment:campaign_detail", args=[campaign.pk]))
        self.assertTrue(Notification.objects.filter(user=self.head_a).exists())
        self.assertFalse(Notification.objects.filter(user=self.head_b).exists())

    def test_a_deadline_in_the_past_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Hạn trả lời không được trước hôm nay."):
            campaign_create(
                title="X",
                deadline=timezone.localdate() - dt.timedelta(days=1),
                units=[],
                actor=self.office,
                ip=None,
            )

    def test_the_unit_head_sees_who_has_not_answered_and_reminds_in_one_click(self) -> None:
        campaign = campaign_create(
            title="Rà soát", deadline=timezone.localdate(), units=[], actor=self.office, ip=None
        )
        self.login(self.head_a)
        url = reverse("equipment:campaign_detail", args=[campaign.pk])
        response = self.client.get(url)
        self.assertContains(response, "Cán Bộ")
        self.assertContains(response, "Nguyễn Văn Ạ")
        self.assertNotContains(response, "Trần Thị Bê")  # unit B's staff
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("equipment:campaign_remind", args=[campaign.pk]))
        self.assertRedirects(response, url)
        self.assertTrue(
            Notification.objects.filter(user=self.staff_user, title__startswith="Nhắc").exists()
        )
        self.assertFalse(
            Notification.objects.filter(user=self.head_b, title__startswith="Nhắc").exists()
        )

    def test_a_campaign_of_another_unit_is_a_404(self) -> None:
        campaign = campaign_create(
            title="B",
            deadline=timezone.localdate(),
            units=[self.unit_b],
            actor=self.office,
            ip=None,
        )
        self.login(self.head_a)
        response = self.client.get(reverse("equipment:campaign_detail", args=[campaign.pk]))
        self.assertEqual(response.status_code, 404)

    def test_the_campaign_page_query_count_is_pinned(self) -> None:
        campaign = campaign_create(
            title="R", deadline=timezone.localdate(), units=[], actor=self.office, ip=None
        )
        self.login(self.head_a)
        url = reverse("equipment:campaign_detail", args=[campaign.pk])
        self.client.get(url)
        with self.assertNumQueries(14):
            self.client.get(url)
