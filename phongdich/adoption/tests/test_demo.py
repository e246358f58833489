"""The demo loads (idempotently) and every page of the module answers for the Office."""

from django.urls import reverse

from phongdich.adoption import demo
from phongdich.adoption.models import Campaign, DigitalIndicator
from phongdich.adoption.tests.helpers import AdoptionTestCase


class PagesTests(AdoptionTestCase):
    def test_every_page_renders_for_the_office_with_demo_data(self) -> None:
        counts = demo.load()
        self.assertGreater(counts["declarations"], 0)
        self.login(self.office)
        campaign = Campaign.objects.get()
        for name, kwargs in [
            ("adoption:mine", {}),
            ("adoption:rates", {}),
            ("adoption:rates_export", {}),
            ("adoption:unit_detail", {"pk": self.unit_a.pk}),
            ("adoption:unit_export", {"pk": self.unit_a.pk}),
            ("adoption:union_detail", {"pk": self.union_cd.pk}),
            ("adoption:import", {}),
            ("adoption:campaign_list", {}),
            ("adoption:campaign_create", {}),
            ("adoption:campaign_detail", {"pk": campaign.pk}),
            ("adoption:indicator_list", {}),
            ("adoption:indicator_edit", {}),
            ("adoption:report", {}),
            ("adoption:report_file", {"fmt": "docx"}),
        ]:
            response = self.client.get(reverse(name, kwargs=kwargs))
            self.assertEqual(response.status_code, 200, name)
        self.assertTrue(DigitalIndicator.objects.exists())

    def test_the_demo_is_idempotent_and_has_a_campaign_half_way(self) -> None:
        from phongdich.adoption.models import UnionMembership
        from phongdich.org import demo as org_demo

        org_demo.load()
        first = demo.load()
        self.assertGreater(first["indicators"], 0)
        self.assertTrue(first["campaign"])
        campaign = Campaign.objects.get()
        self.assertTrue(campaign.starts_on < campaign.deadline)
        self.assertTrue(UnionMembership.objects.filter(is_leader=True).exists())
        again = demo.load()
        self.assertEqual(
            again, {"declarations": 0, "union_rows": 0, "campaign": False, "indicators": 0}
        )
