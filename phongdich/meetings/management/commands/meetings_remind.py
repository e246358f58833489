from typing import Any

from django.core.management.base import BaseCommand

from phongdich.meetings.services.notify import reminders_send_due


class Command(BaseCommand):
    help = "Send the meeting reminders that are due (1 day and 30 minutes before), each once."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reminders_send_due()
        self.stdout.write(f"day: {counts['day']}, soon: {counts['soon']}")
