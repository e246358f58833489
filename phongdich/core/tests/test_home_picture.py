"""The Director's and the Office's live picture on the demo data: every tile shows a
figure and links to a page its reader may open; the page's query count is pinned and does
not grow with the data (rows added, same count); other roles' homes have no picture."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from phongdich.accounts.models import User
from phongdich.core.tiles import PICTURE_ROLES, tiles

# The home page of the Director on the demo data: session, user, roles and staff record
# (2, the record shared by the whole request: core.mine.my_staff), the tiles' reads, and
# the Director's own home blocks (core.mine: his tasks, bulletins, equipment, meetings,
# requests, check-ins). Pinned: a tile or a block that adds a query per row shows here.
HOME_QUERIES = 46
TILE_RE = re.compile(r'<li class="tile light-(\w+)[^"]*" id="tile-(\w+)">(.*?)</details>', re.S)


class DemoPictureTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def home(self, username: str) -> str:
        self.client.force_login(User.objects.get(username=username))
        response = self.client.get(reverse("core:home"))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_every_tile_shows_a_figure_to_the_director_and_the_office(self) -> None:
        for username in ("giamdoc", "phogiamdoc", "vanphong"):
            with self.subTest(username):
                found = {key: body for _, key, body in TILE_RE.findall(self.home(username))}
                self.assertEqual(sorted(found), sorted(t.key for t in tiles()))
                for key, body in found.items():
                    figure = re.search(r'<p class="figure"><strong>(.*?)</strong>', body)
                    assert figure is not None, key
                    self.assertRegex(figure.group(1), r"\d", key)

    def test_each_tile_links_to_a_page_its_reader_opens(self) -> None:
        html = self.home("giamdoc")
        links = re.findall(r'<h3><a href="([^"]+)">', html)
        self.assertEqual(len(links), len(tiles()))
        for link in {*links, *re.findall(r'<li class="light-\w+">.*?<a href="([^"]+)"', html)}:
            with self.subTest(link):
                self.assertEqual(self.client.get(link.replace("&amp;", "&")).status_code, 200)

    def test_the_query_count_is_pinned_and_does_not_grow_with_the_data(self) -> None:
        self.home("giamdoc")
        user = User.objects.get(username="giamdoc")
        self.client.force_login(user)
        with self.assertNumQueries(HOME_QUERIES):
            self.client.get(reverse("core:home"))
        more_rows()
        with self.assertNumQueries(HOME_QUERIES):
            self.client.get(reverse("core:home"))

    def test_other_roles_have_no_picture(self) -> None:
        for username in ("canbo", "baove", "truongphong.gdnn", "truyvet", "bientap", "cntt"):
            with self.subTest(username):
                self.assertNotIn('class="picture"', self.home(username))
        self.assertEqual(PICTURE_ROLES, {"director", "office"})


def more_rows() -> None:
    """More of everything each tile reads: visits and risky declarations, contacts,
    another issued directive's assignments, equipment, bulletins, meetings, requests."""
    from phongdich.checkin.models import Declaration, DiseaseProfile, Location, Person, Visit
    from phongdich.directives.models import Directive, Task, TaskAssignment
    from phongdich.equipment.models import Equipment
    from phongdich.meetings.models import Meeting
    from phongdich.news.models import Bulletin
    from phongdich.support.models import SupportRequest
    from phongdich.tracing.models import Contact

    now = timezone.now()
    gate = Location.objects.filter(is_active=True).first()
    person = Person.objects.create(identity="+84969009999")
    declaration = Declaration.objects.create(
        person=person,
        profile=DiseaseProfile.objects.first(),
        valid_until=now + timedelta(hours=12),
        answers="{}",
        is_risky=True,
        consent_version="1",
        consented_at=now,
    )
    for hours in range(1, 30):
        Visit.objects.create(
            person=person,
            location=gate,
            unit_id_snapshot=gate.unit_id,
            check_in=now - timedelta(hours=hours * 5),
            effective_end=now - timedelta(hours=hours * 5 - 1),
            declaration=declaration,
            status=Visit.Status.PENDING,
        )
    contact = Contact.objects.first()
    for n in range(5):
        other = Person.objects.create(identity=f"+8496900{n:04d}")
        Contact.objects.create(
            case=contact.case,
            person=other,
            level=2,
            exposed_at=now - timedelta(days=3),
            via=contact.person,
            location=contact.location,
            overlap_minutes=30,
            status=Contact.Status.CONTACTED,
            follow_up_until=timezone.localdate() + timedelta(days=5),
        )
    directive = Directive.objects.filter(state=Directive.State.ISSUED).first()
    task = directive.tasks.exclude(assignments=None).first()
    clone = Directive.objects.create(
        subject="V/v thử thêm dữ liệu",
        state=Directive.State.ISSUED,
        issued_on=timezone.localdate() - timedelta(days=20),
    )
    for number in range(1, 4):
        new = Task.objects.create(
            directive=clone,
            number=str(number),
            order=number,
            content=task.content,
            deadline=timezone.localdate() - timedelta(days=number),
        )
        for assignment in task.assignments.all():
            TaskAssignment.objects.create(
                task=new, unit=assignment.unit, role=assignment.role, must_report=True
            )
    sample = Equipment.objects.first()
    for n in range(10):
        Equipment.objects.create(
            kind=sample.kind, unit=sample.unit, asset_code=f"THEM-{n}", holder=sample.holder
        )
    bulletin = Bulletin.objects.first()
    bulletin.pk = None
    bulletin.number = f"{bulletin.number}-2"
    bulletin.published_at = now
    bulletin.save()
    meeting = Meeting.objects.filter(start__lt=now).first()
    for n in range(3):
        meeting.pk = None
        meeting.uid = uuid.uuid4()
        meeting.series = None
        meeting.original_start = None
        meeting.start = now - timedelta(days=n + 1)
        meeting.end = meeting.start + timedelta(hours=1)
        meeting.save()
    sample_request = SupportRequest.objects.first()
    for _ in range(3):
        sample_request.pk = None
        sample_request.save()
