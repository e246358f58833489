import secrets
from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print fresh SECRET_KEY, FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY values."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"SECRET_KEY={secrets.token_urlsafe(50)}")
        self.stdout.write(f"FIELD_ENCRYPTION_KEYS={Fernet.generate_key().decode()}")
        self.stdout.write(f"BLIND_INDEX_KEY={secrets.token_urlsafe(32)}")
