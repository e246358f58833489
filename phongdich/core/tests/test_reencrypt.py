"""manage.py reencrypt: after a new key is put in front, every encrypted column moves to it."""

from __future__ import annotations

from io import StringIO
from typing import Any
from unittest import mock

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from phongdich.checkin.models import Person
from phongdich.core import crypto
from phongdich.core.tests.base import BaseTestCase
from phongdich.org.models import Staff

NEW = Fernet.generate_key().decode()


def raw(model: Any, pk: Any, *columns: str) -> tuple[Any, ...]:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return tuple(cursor.fetchone())


def opens_with(key: str, token: str) -> str:
    return Fernet(key.encode()).decrypt(token.encode()).decode()


def reencrypt(*args: str) -> str:
    out = StringIO()
    call_command("reencrypt", *args, stdout=out)
    return out.getvalue()


class ReencryptTests(BaseTestCase):
    """The cast and a check-in person are written under the old key (the test settings'
    key); the new key is then put in front."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.old = list(settings.FIELD_ENCRYPTION_KEYS)
        cls.person = Person.objects.create(
            identity="+84912345678", full_name="Nguyễn Văn An", cccd="001090012345"
        )

    def rotated(self) -> Any:
        return override_settings(FIELD_ENCRYPTION_KEYS=[NEW, *self.old])

    def person_raw(self) -> tuple[Any, ...]:
        return raw(
            Person, self.person.pk, "identity", "full_name", "cccd", "identity_index", "cccd_index"
        )

    def test_values_under_the_old_key_move_to_the_new_key_and_read_back(self) -> None:
        before = self.person_raw()
        staff_before = raw(Staff, self.staff_a.pk, "phone", "phone_index")
        with self.assertRaises(InvalidToken):
            opens_with(NEW, before[0])
        with self.rotated():
            output = reencrypt("--batch-size", "3")
        after = self.person_raw()
        for token in after[:3]:
            opens_with(NEW, token)  # the new key alone opens them
        self.assertEqual(
            [opens_with(NEW, t) for t in after[:3]],
            ["+84912345678", "Nguyễn Văn An", "001090012345"],
        )
        self.assertEqual(after[3:], before[3:])  # blind indexes unchanged
        phone, index = raw(Staff, self.staff_a.pk, "phone", "phone_index")
        self.assertEqual(opens_with(NEW, phone), "+84912000001")
        self.assertEqual(index, staff_before[1])
        # The application, with the new key only, reads everything and still finds by index.
        with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
            self.assertEqual(Person.objects.get(pk=self.person.pk).full_name, "Nguyễn Văn An")
            self.assertEqual(
                Person.objects.get(identity_index=Person.index_of("+84912345678")), self.person
            )
            self.assertEqual(
                Staff.objects.get(phone_index=crypto.blind_index("+84912000002", purpose="phone")),
                self.staff_b,
            )
            phones = sorted(Staff.objects.values_list("phone", flat=True))
        self.assertEqual(len(phones), Staff.objects.count())
        self.assertIn("org.Staff:", output)
        self.assertIn("checkin.Person:", output)
        self.assertIn("--start-after", output)  # the progress says how to resume
        self.assertIn("Xong:", output)

    def test_a_second_run_changes_nothing(self) -> None:
        with self.rotated():
            reencrypt()
            first = self.person_raw()
            output = reencrypt()
        self.assertEqual(self.person_raw(), first)
        self.assertIn(" 0 giá trị đã mã hoá lại", output)

    def test_start_after_resumes_one_model_after_a_primary_key(self) -> None:
        staff = list(Staff.objects.order_by("pk"))
        middle = staff[len(staff) // 2]
        with self.rotated():
            reencrypt("--model", "org.Staff", "--start-after", str(middle.pk))
        for member in staff:
            phone = raw(Staff, member.pk, "phone")[0]
            if not phone:
                continue
            if member.pk > middle.pk:
                opens_with(NEW, phone)
            else:
                with self.assertRaises(InvalidToken):
                    opens_with(NEW, phone)
        with self.assertRaises(InvalidToken):  # other models untouched
            opens_with(NEW, self.person_raw()[0])

    def test_a_dry_run_counts_and_writes_nothing(self) -> None:
        before = self.person_raw()
        with self.rotated():
            output = reencrypt("--dry-run", "--model", "checkin.Person")
        self.assertEqual(self.person_raw(), before)
        self.assertIn("3 giá trị cần mã hoá lại", output)

    def test_a_row_the_application_rewrites_meanwhile_is_not_overwritten(self) -> None:
        real = crypto.reencrypt_token
        calls: list[str] = []

        def rewrite_then_rotate(token: str) -> str:
            if not calls:  # identity, the first column: the application rewrites it now
                Person.objects.filter(pk=self.person.pk).update(identity="+84987654321")
            calls.append(token)
            return real(token)

        with self.rotated():
            with mock.patch(
                "phongdich.core.management.commands.reencrypt.reencrypt_token",
                rewrite_then_rotate,
            ):
                output = reencrypt("--model", "checkin.Person")
            person = Person.objects.get(pk=self.person.pk)
        self.assertEqual(person.identity, "+84987654321")  # the application's write stands
        self.assertEqual(person.full_name, "Nguyễn Văn An")
        self.assertIn("2 giá trị đã mã hoá lại", output)
        self.assertIn("1 giá trị đã đổi trong lúc chạy", output)

    def test_values_no_key_opens_are_listed_left_alone_and_exit_1(self) -> None:
        lost = Fernet(Fernet.generate_key()).encrypt(b"+84900000000").decode()
        table = connection.ops.quote_name(Person._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET cccd = %s WHERE id = %s", [lost, self.person.pk])  # noqa: S608
        with self.rotated():
            with self.assertRaises(CommandError) as ctx:
                reencrypt("--model", "checkin.Person")
        self.assertEqual(ctx.exception.returncode, 1)
        self.assertIn(f"checkin.Person {self.person.pk} cccd", str(ctx.exception))
        identity, _, cccd = self.person_raw()[:3]
        self.assertEqual(cccd, lost)
        opens_with(NEW, identity)  # the readable columns of the row were done

    def test_bad_input_exits_with_code_2_and_a_vietnamese_message(self) -> None:
        cases = [
            (["--batch-size", "0"], "--batch-size phải là số nguyên dương"),
            (["--batch-size", "nhiều"], "--batch-size phải là số nguyên dương"),
            (["--model", "khong.Co"], "không có bảng"),
            (["--model", "org"], "không có bảng"),
            (["--model", "org.Unit"], "không có cột mã hoá"),
            (["--start-after", "3"], "cần đúng một --model"),
            (["--model", "org.Staff", "--start-after", "ba"], "không phải khoá chính hợp lệ"),
            (
                ["--model", "tracing.TraceRun", "--start-after", "not-a-uuid"],
                "không phải khoá chính hợp lệ",
            ),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                with self.assertRaises(CommandError) as ctx:
                    reencrypt(*args)
                self.assertEqual(ctx.exception.returncode, 2)
                self.assertIn(message, str(ctx.exception))

    def test_no_key_at_all_is_bad_input(self) -> None:
        with override_settings(FIELD_ENCRYPTION_KEYS=[]):
            with self.assertRaises(CommandError) as ctx:
                reencrypt()
        self.assertEqual(ctx.exception.returncode, 2)

    def test_every_encrypted_column_of_the_project_is_found(self) -> None:
        found = {
            model._meta.label: [c.attname for c in cols]
            for model, cols in crypto.encrypted_models()
        }
        self.assertEqual(found["org.Staff"], ["phone"])
        self.assertEqual(found["checkin.Person"], ["identity", "full_name", "cccd"])
        self.assertIn("tracing.TraceRun", found)
        self.assertIn("checkin.Declaration", found)

    def test_the_settings_name_the_command(self) -> None:
        text = (settings.BASE_DIR / "phongdich" / "settings.py").read_text(encoding="utf-8")
        self.assertIn("reencrypt", text)
