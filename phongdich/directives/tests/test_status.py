"""The four status categories as the government counts them, around the deadline."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.test import SimpleTestCase

from phongdich.directives.models import Report, ReportVersion, Task, TaskAssignment
from phongdich.directives.selectors.status import (
    TZ,
    Period,
    TaskStatus,
    assignment_status,
    period_containing,
    periods_for,
    status_counts,
    status_facts,
    status_of,
    status_rows,
)
from phongdich.directives.tests.helpers import DirectiveTestCase
from phongdich.org.models import Unit

DUE = date(2026, 3, 31)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def report(
    state: str = Report.State.ACCEPTED,
    progress: str = ReportVersion.Progress.DONE,
    completed_on: date | None = date(2026, 3, 30),
    first_sent: date | None = date(2026, 3, 30),
) -> Report:
    version = ReportVersion(version=1, progress=progress, completed_on=completed_on)
    r = Report(state=state, due_on=DUE, current_version=version)
    r.first_submitted_at = at(first_sent) if first_sent else None
    r.submitted_at = r.first_submitted_at
    return r


class StatusRuleTests(SimpleTestCase):
    def check(self, expected: TaskStatus, days: int, r: Report | None, today: date) -> None:
        self.assertEqual(status_of(due_on=DUE, report=r, today=today), (expected, days))

    def test_no_report_is_in_progress_up_to_and_on_the_due_day(self) -> None:
        self.check(TaskStatus.IN_PROGRESS, 0, None, DUE - timedelta(days=1))
        self.check(TaskStatus.IN_PROGRESS, 0, None, DUE)

    def test_no_report_is_overdue_from_the_next_day(self) -> None:
        self.check(TaskStatus.OVERDUE, 1, None, DUE + timedelta(days=1))
        self.check(TaskStatus.OVERDUE, 10, None, DUE + timedelta(days=10))

    def test_done_on_the_due_day_is_on_time(self) -> None:
        r = report(completed_on=DUE, first_sent=DUE)
        self.check(TaskStatus.DONE_ON_TIME, 0, r, DUE + timedelta(days=30))

    def test_done_a_day_after_is_late(self) -> None:
        day_after = DUE + timedelta(days=1)
        r = report(completed_on=day_after, first_sent=day_after)
        self.check(TaskStatus.DONE_LATE, 1, r, DUE + timedelta(days=30))

    def test_a_completion_reported_after_the_deadline_is_late(self) -> None:
        # Completed on time by the unit's word, but the Department heard of it 3 days late.
        r = report(completed_on=DUE - timedelta(days=5), first_sent=DUE + timedelta(days=3))
        self.check(TaskStatus.DONE_LATE, 3, r, DUE + timedelta(days=30))

    def test_a_submitted_report_not_yet_accepted_is_not_done(self) -> None:
        r = report(state=Report.State.SUBMITTED)
        self.check(TaskStatus.IN_PROGRESS, 0, r, DUE)
        self.check(TaskStatus.OVERDUE, 2, r, DUE + timedelta(days=2))

    def test_a_returned_or_draft_report_is_not_done(self) -> None:
        for state in (Report.State.RETURNED, Report.State.DRAFT):
            self.check(TaskStatus.OVERDUE, 1, report(state=state), DUE + timedelta(days=1))

    def test_an_accepted_in_progress_report_is_in_progress_then_overdue(self) -> None:
        r = report(progress=ReportVersion.Progress.IN_PROGRESS, completed_on=None)
        self.check(TaskStatus.IN_PROGRESS, 0, r, DUE)
        self.check(TaskStatus.OVERDUE, 1, r, DUE + timedelta(days=1))
        r = report(progress=ReportVersion.Progress.NOT_STARTED, completed_on=None)
        self.check(TaskStatus.OVERDUE, 5, r, DUE + timedelta(days=5))

    def test_the_submission_date_is_taken_in_vietnam_time(self) -> None:
        # 23:30 on the due day in Hà Nội is 16:30 UTC: still on time.
        r = report(completed_on=DUE, first_sent=None)
        r.first_submitted_at = datetime(2026, 3, 31, 23, 30, tzinfo=TZ)
        self.check(TaskStatus.DONE_ON_TIME, 0, r, DUE + timedelta(days=3))
        # 00:30 on the next day in Hà Nội (17:30 UTC on the due day): late.
        r.first_submitted_at = datetime(2026, 4, 1, 0, 30, tzinfo=TZ)
        self.check(TaskStatus.DONE_LATE, 1, r, DUE + timedelta(days=3))

    def test_done_without_a_completion_date_uses_the_first_submission(self) -> None:
        r = report(completed_on=None, first_sent=DUE + timedelta(days=2))
        self.check(TaskStatus.DONE_LATE, 2, r, DUE + timedelta(days=3))


class PeriodTests(DirectiveTestCase):
    def task(self, recurrence: str, deadline: date | None) -> Task:
        task = self.issued.tasks.get(number="1")
        task.recurrence = recurrence
        task.deadline = deadline
        return task

    def test_a_once_task_has_one_period_from_the_directive_date_to_the_deadline(self) -> None:
        task = self.task(Task.Recurrence.ONCE, date(2026, 3, 31))
        self.assertEqual(
            periods_for(task), [Period(date(2026, 3, 3), date(2026, 3, 31), date(2026, 3, 31))]
        )

    def test_weekly_periods_are_calendar_weeks_the_last_one_due_on_the_deadline(self) -> None:
        # Directive of Tuesday 03/03/2026, deadline Wednesday 25/03/2026.
        task = self.task(Task.Recurrence.WEEKLY, date(2026, 3, 25))
        periods = periods_for(task)
        self.assertEqual(
            [(p.start, p.end, p.due_on) for p in periods],
            [
                (date(2026, 3, 2), date(2026, 3, 8), date(2026, 3, 8)),
                (date(2026, 3, 9), date(2026, 3, 15), date(2026, 3, 15)),
                (date(2026, 3, 16), date(2026, 3, 22), date(2026, 3, 22)),
                (date(2026, 3, 23), date(2026, 3, 29), date(2026, 3, 25)),
            ],
        )
        self.assertEqual(len(periods_for(task, start=date(2026, 3, 10), end=date(2026, 3, 17))), 2)

    def test_monthly_periods_are_calendar_months(self) -> None:
        task = self.task(Task.Recurrence.MONTHLY, date(2026, 5, 15))
        self.assertEqual(
            [(p.start, p.due_on) for p in periods_for(task)],
            [
                (date(2026, 3, 1), date(2026, 3, 31)),
                (date(2026, 4, 1), date(2026, 4, 30)),
                (date(2026, 5, 1), date(2026, 5, 15)),
            ],
        )
        # February of a leap year and December → January.
        self.assertEqual(period_containing(task, date(2028, 2, 10)).end, date(2028, 2, 29))
        task.deadline = None
        periods = periods_for(task, start=date(2026, 11, 1), end=date(2027, 1, 5))
        self.assertEqual(
            [p.start for p in periods], [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)]
        )


class StatusRowsTests(DirectiveTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.task1 = cls.issued.tasks.get(number="1")
        cls.task2 = cls.issued.tasks.get(number="2")

    def accept(self, task: Task, unit: object, completed_on: date, sent: date) -> Report:
        r = Report.objects.create(
            task=task,
            unit=unit,
            period_start=date(2026, 3, 3),
            period_end=task.deadline,
            due_on=task.deadline,
            state=Report.State.ACCEPTED,
            first_submitted_at=at(sent),
            submitted_at=at(sent),
        )
        version = ReportVersion.objects.create(
            report=r, progress=ReportVersion.Progress.DONE, completed_on=completed_on
        )
        r.current_version = version
        r.save()
        return r

    def test_one_row_per_unit_that_must_report_in_three_queries(self) -> None:
        self.accept(self.task1, self.unit_a, date(2026, 3, 20), date(2026, 3, 21))
        with self.assertNumQueries(3):
            rows = status_rows(directive=self.issued, today=date(2026, 4, 2))
        self.assertEqual(
            [(r.task.number, r.unit, r.status) for r in rows],
            [
                ("1", self.unit_a, TaskStatus.DONE_ON_TIME),
                ("2", self.unit_b, TaskStatus.OVERDUE),
            ],
        )
        self.assertEqual(rows[1].days_overdue, 2)
        self.assertIsNotNone(rows[0].accepted_version)
        self.assertIsNone(rows[1].report)
        counts = status_counts(rows)
        self.assertEqual(counts[TaskStatus.DONE_ON_TIME], 1)
        self.assertEqual(counts[TaskStatus.OVERDUE], 1)
        self.assertEqual(counts[TaskStatus.DONE_LATE], 0)

    def test_lean_rows_have_the_same_statuses_and_read_without_a_query(self) -> None:
        self.accept(self.task1, self.unit_a, date(2026, 3, 20), date(2026, 3, 21))
        full = status_rows(directive=self.issued, today=date(2026, 4, 2))
        with self.assertNumQueries(3):
            lean = status_rows(directive=self.issued, today=date(2026, 4, 2), lean=True)
            for row in lean:  # what the dashboard and the report list read
                if row.report is not None:
                    _ = (row.report.pk, row.report_state_label, row.report.first_submitted_at)
                if row.accepted_version is not None:
                    _ = (row.accepted_version.progress, row.accepted_version.completed_on)
                _ = (row.task.label, row.task.directive.reference, row.unit.name)
        self.assertEqual(
            [(r.task.pk, r.unit.pk, r.status, r.days_overdue) for r in lean],
            [(r.task.pk, r.unit.pk, r.status, r.days_overdue) for r in full],
        )

    def test_units_that_need_not_report_are_left_out_and_units_narrow(self) -> None:
        TaskAssignment.objects.filter(task=self.task2).update(must_report=False)
        rows = status_rows(directive=self.issued, today=date(2026, 3, 10))
        self.assertEqual([r.unit for r in rows], [self.unit_a])
        rows = status_rows(directive=self.issued, units=[self.unit_b], today=date(2026, 3, 10))
        self.assertEqual(rows, [])

    def test_recurring_rows_per_period_up_to_today(self) -> None:
        Task.objects.filter(pk=self.task2.pk).update(recurrence=Task.Recurrence.WEEKLY)
        rows = status_rows(directive=self.issued, units=[self.unit_b], today=date(2026, 3, 17))
        self.assertEqual(
            [(r.period.start, r.status) for r in rows],
            [
                (date(2026, 3, 2), TaskStatus.OVERDUE),
                (date(2026, 3, 9), TaskStatus.OVERDUE),
                (date(2026, 3, 16), TaskStatus.IN_PROGRESS),
            ],
        )

    def test_assignment_status(self) -> None:
        assignment = TaskAssignment.objects.get(task=self.task1, unit=self.unit_a)
        self.assertEqual(
            assignment_status(assignment, today=date(2026, 3, 31)), TaskStatus.IN_PROGRESS
        )
        self.assertEqual(assignment_status(assignment, today=date(2026, 4, 1)), TaskStatus.OVERDUE)
        self.accept(self.task1, self.unit_a, date(2026, 4, 1), date(2026, 4, 1))
        self.assertEqual(
            assignment_status(assignment, today=date(2026, 4, 5)), TaskStatus.DONE_LATE
        )
        self.assertEqual(
            assignment_status(assignment, period_start=date(2026, 3, 3), today=date(2026, 4, 5)),
            TaskStatus.DONE_LATE,
        )

    def test_a_cancelled_task_and_a_draft_directive_have_no_rows(self) -> None:
        Task.objects.filter(pk=self.task1.pk).update(state=Task.State.CANCELLED)
        rows = status_rows(directive=self.issued, today=date(2026, 3, 10))
        self.assertEqual([r.task.number for r in rows], ["2"])
        self.assertEqual(status_rows(directive=self.draft), [])


class StatusFactsTests(DirectiveTestCase):
    """``status_facts`` (the pages' plain tuples) says what ``status_rows`` says, row for
    row and in the same order, in a query count that does not grow with the rows."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.task1 = cls.issued.tasks.get(number="1")
        cls.task2 = cls.issued.tasks.get(number="2")
        # Task 2 weekly, reported on by unit B (lead) and unit A (support).
        Task.objects.filter(pk=cls.task2.pk).update(recurrence=Task.Recurrence.WEEKLY)
        TaskAssignment.objects.create(task=cls.task2, unit=cls.unit_a, role="support")
        weeks = [date(2026, 3, 2) + timedelta(days=7 * n) for n in range(5)]
        done, in_progress = ReportVersion.Progress.DONE, ReportVersion.Progress.IN_PROGRESS
        accepted, submitted = Report.State.ACCEPTED, Report.State.SUBMITTED
        cases = [
            # (task, unit, period start, state, progress, completed on, first sent, sent)
            (cls.task1, cls.unit_a, date(2026, 3, 3), accepted, done, date(2026, 3, 20), 21, 21),
            (cls.task2, cls.unit_b, weeks[0], accepted, done, date(2026, 3, 6), 10, 10),  # late
            (cls.task2, cls.unit_b, weeks[1], accepted, done, None, 14, 14),  # no completion
            (cls.task2, cls.unit_b, weeks[2], accepted, in_progress, None, 20, 20),
            (cls.task2, cls.unit_b, weeks[3], submitted, done, date(2026, 3, 25), 26, 26),
            (cls.task2, cls.unit_a, weeks[0], Report.State.RETURNED, done, None, 12, 13),
            (cls.task2, cls.unit_a, weeks[1], accepted, done, date(2026, 3, 12), None, 15),
            (cls.task2, cls.unit_a, weeks[2], Report.State.DRAFT, done, None, None, None),
        ]
        for task, unit, start, state, progress, completed_on, first, sent in cases:
            r = Report.objects.create(
                task=task,
                unit=unit,
                period_start=start,
                period_end=start + timedelta(days=6),
                due_on=start + timedelta(days=6),
                state=state,
                first_submitted_at=at(date(2026, 3, first), hour=23) if first else None,
                submitted_at=at(date(2026, 3, sent)) if sent else None,
            )
            version = ReportVersion.objects.create(
                report=r, progress=progress, completed_on=completed_on
            )
            r.current_version = version
            r.save()

    @staticmethod
    def said(rows: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
        return [
            (
                r.task.pk,
                r.unit.pk,
                r.role,
                r.period,
                r.due_on,
                r.status,
                r.days_overdue,
                r.report_state_label,
                r.submitted_late,
                r.role_label,
                r.css,
            )
            for r in rows
        ]

    def test_the_same_rows_in_the_same_order_on_every_day_and_window(self) -> None:
        windows = [(None, None), (date(2026, 3, 9), date(2026, 3, 22)), (date(2026, 3, 20), None)]
        seen: set[TaskStatus] = set()
        for today in (date(2026, 3, 1), date(2026, 3, 8), date(2026, 3, 17), date(2026, 4, 20)):
            for start, end in windows:
                for units in (None, [self.unit_a], Unit.objects.filter(pk=self.unit_b.pk)):
                    with self.subTest(today=today, start=start, end=end, units=units):
                        kwargs = {"period_start": start, "period_end": end, "units": units}
                        rows = status_rows(today=today, **kwargs)  # type: ignore[arg-type]
                        facts = status_facts(today=today, **kwargs)  # type: ignore[arg-type]
                        self.assertEqual(self.said(facts), self.said(rows))
                        self.assertEqual(
                            [f.report_id for f in facts],
                            [r.report.pk if r.report else None for r in rows],
                        )
                        seen.update(f.status for f in facts)
        self.assertEqual(seen, set(TaskStatus))  # every category was compared

    def test_five_queries_whatever_the_rows_four_with_a_list_of_units(self) -> None:
        """Units, tasks, their directives, the reports and the counted pairs: a constant
        number of statements however many rows; the units are not read when given."""
        with self.assertNumQueries(5):
            few = status_facts(today=date(2026, 3, 10))
        with self.assertNumQueries(4):
            status_facts(units=[self.unit_b], today=date(2026, 3, 10))
        with self.assertNumQueries(5):
            many = status_facts(today=date(2026, 6, 30))
        self.assertGreater(len(many), len(few))
        with self.assertNumQueries(0):  # what the pages read is already there
            for fact in many:
                _ = (fact.task.display_label, fact.task.directive.reference, fact.unit.name)
