"""Every page of the module answers for the Office, with the demo loaded."""

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
