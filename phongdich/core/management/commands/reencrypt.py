"""manage.py reencrypt: every encrypted column under the newest key, after a key rotation.

Key rotation (settings.py, FIELD_ENCRYPTION_KEYS): put the new key in front, keep the
old ones behind it, restart, then run ``python manage.py reencrypt``. Every
``EncryptedTextField`` of every model is read in primary-key order, in batches
(``--batch-size``, one transaction each); a value the newest key already opens is
left alone, any other is re-encrypted under the newest key (``MultiFernet.rotate``:
the token's timestamp is kept). Blind indexes are HMACs of the plain text under
BLIND_INDEX_KEY: they do not change.

Resumable and idempotent: re-running skips what is already done; after each batch
the command prints the ``--model … --start-after PK`` that resumes where it stopped.
A row the application rewrites meanwhile is not overwritten (the update is made only
if the column still holds the token that was read; the application writes under
the newest key anyway). Once it ends with no unreadable value, the old keys can be
removed from FIELD_ENCRYPTION_KEYS.

Exit codes: 0 done; 1 some values open with no configured key (listed; nothing lost,
they are left as they are); 2 bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value

from phongdich.core.crypto import encrypted_models, reencrypt_token, token_is_current

UNREADABLE_SHOWN = 20


@dataclass
class Tally:
    rows: int = 0
    rotated: int = 0
    current: int = 0
    changed_meanwhile: int = 0
    unreadable: list[str] = field(default_factory=list)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise CommandError(
            f"--batch-size phải là số nguyên dương (nhận được “{value}”).", returncode=2
        )
    return number


class Command(BaseCommand):
    help = (
        "Mã hoá lại mọi cột dữ liệu cá nhân bằng khoá mới nhất của FIELD_ENCRYPTION_KEYS "
        "(sau khi thêm khoá mới), theo lô, chạy lại được."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", default="500", help="số dòng mỗi lô (mặc định 500)")
        parser.add_argument(
            "--model",
            action="append",
            default=[],
            metavar="APP.MODEL",
            help="chỉ xử lý bảng này (lặp lại được), ví dụ checkin.Person",
        )
        parser.add_argument(
            "--start-after",
            metavar="PK",
            help="tiếp tục sau khoá chính này (cần đúng một --model)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ đếm, không ghi gì vào cơ sở dữ liệu"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = _positive(str(options["batch_size"]))
        try:
            available = encrypted_models()
            if not available:
                self.stdout.write("Không có cột mã hoá nào.")
                return
            token_is_current("")  # fails early when FIELD_ENCRYPTION_KEYS is empty
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc), returncode=2) from None
        selected = self._select(available, options["model"])
        start_after: Any = None
        if options["start_after"] is not None:
            if len(selected) != 1:
                raise CommandError("--start-after cần đúng một --model.", returncode=2)
            pk_field = selected[0][0]._meta.pk
            assert pk_field is not None
            try:
                start_after = pk_field.to_python(options["start_after"])
            except ValidationError:
                raise CommandError(
                    f"--start-after: “{options['start_after']}” không phải khoá chính "
                    f"hợp lệ của {selected[0][0]._meta.label}.",
                    returncode=2,
                ) from None

        dry_run = options["dry_run"]
        unreadable: list[str] = []
        grand = Tally()
        for model, columns in selected:
            tally = self._model(model, columns, batch_size, start_after, dry_run)
            unreadable += tally.unreadable
            grand.rows += tally.rows
            grand.rotated += tally.rotated
            grand.current += tally.current
            grand.changed_meanwhile += tally.changed_meanwhile
        verb = "cần mã hoá lại" if dry_run else "đã mã hoá lại"
        self.stdout.write(
            f"Xong: {grand.rows} dòng, {grand.rotated} giá trị {verb}, {grand.current} giá trị "
            f"đã dùng khoá mới nhất, {grand.changed_meanwhile} giá trị đã đổi trong lúc chạy."
        )
        if unreadable:
            shown = ", ".join(unreadable[:UNREADABLE_SHOWN])
            more = len(unreadable) - UNREADABLE_SHOWN
            raise CommandError(
                f"{len(unreadable)} giá trị không mở được bằng khoá nào trong "
                f"FIELD_ENCRYPTION_KEYS (để nguyên): {shown}"
                + (f" và {more} giá trị khác" if more > 0 else "")
                + ". Đừng bỏ khoá cũ trước khi tìm lại khoá của chúng.",
                returncode=1,
            )

    def _select(
        self, available: list[tuple[type[models.Model], list[Any]]], names: list[str]
    ) -> list[tuple[type[models.Model], list[Any]]]:
        if not names:
            return available
        by_label = {model._meta.label_lower: (model, cols) for model, cols in available}
        selected = []
        for name in names:
            try:
                model = apps.get_model(name)
            except (LookupError, ValueError):
                raise CommandError(
                    f"--model: không có bảng “{name}” (dạng app.Model, ví dụ checkin.Person).",
                    returncode=2,
                ) from None
            if model._meta.label_lower not in by_label:
                known = ", ".join(m._meta.label for m, _ in available)
                raise CommandError(
                    f"--model: {model._meta.label} không có cột mã hoá (các bảng có: {known}).",
                    returncode=2,
                )
            selected.append(by_label[model._meta.label_lower])
        return selected

    def _model(
        self,
        model: type[models.Model],
        columns: list[Any],
        batch_size: int,
        start_after: Any,
        dry_run: bool,
    ) -> Tally:
        label = model._meta.label
        manager = model._base_manager
        # Each column read as plain text: the token itself, not its decryption.
        raw = {
            f"_raw_{col.attname}": ExpressionWrapper(
                F(col.attname), output_field=models.TextField()
            )
            for col in columns
        }
        queryset = manager.order_by("pk")
        if start_after is not None:
            queryset = queryset.filter(pk__gt=start_after)
        total = queryset.count()
        tally = Tally()
        self.stdout.write(f"{label}: {total} dòng, cột {', '.join(col.attname for col in columns)}")
        after = start_after
        while True:
            page = queryset if after is None else manager.order_by("pk").filter(pk__gt=after)
            rows = list(page.annotate(**raw).values_list("pk", *raw)[:batch_size])
            if not rows:
                break
            with transaction.atomic():
                for pk, *tokens in rows:
                    self._row(manager, pk, columns, list(raw), tokens, tally, dry_run, label)
            tally.rows += len(rows)
            after = rows[-1][0]
            self.stdout.write(
                f"  {label}: {tally.rows}/{total} dòng, {tally.rotated} giá trị mã hoá lại "
                f"(tiếp tục: --model {label} --start-after {after})"
            )
        return tally

    def _row(
        self,
        manager: Any,
        pk: Any,
        columns: list[Any],
        aliases: list[str],
        tokens: list[str | None],
        tally: Tally,
        dry_run: bool,
        label: str,
    ) -> None:
        for col, alias, token in zip(columns, aliases, tokens, strict=True):
            if not token:
                continue
            if token_is_current(token):
                tally.current += 1
                continue
            try:
                fresh = reencrypt_token(token)
            except InvalidToken:
                tally.unreadable.append(f"{label} {pk} {col.attname}")
                continue
            tally.rotated += 1
            if dry_run:
                continue
            # Only if the column still holds what was read (compare-and-swap).
            updated = (
                manager.filter(pk=pk)
                .alias(
                    **{alias: ExpressionWrapper(F(col.attname), output_field=models.TextField())}
                )
                .filter(**{alias: token})
                .update(**{col.attname: Value(fresh, output_field=models.TextField())})
            )
            if not updated:
                tally.rotated -= 1
                tally.changed_meanwhile += 1
