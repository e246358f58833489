from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phongdich.accounts import two_factor


class Command(BaseCommand):
    help = "Print the current TOTP code of an account (development and demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("totp_code chỉ dùng khi DEBUG=1 (môi trường phát triển, demo).")
        from django.contrib.auth import get_user_model

        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {username!r}.")
        device = two_factor.device_of(user)
        if device is None:
            raise CommandError(f"Tài khoản {username!r} chưa đăng ký ứng dụng xác thực.")
        self.stdout.write(two_factor.code_at(device.key))
