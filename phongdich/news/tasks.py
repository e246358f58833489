"""Background tasks of the news module: notifications, scheduled publishing, reminders."""

from __future__ import annotations

import datetime as dt

from django.tasks import default_task_backend, task


@task()
def notify_article(article_id: int, action: str) -> int:
    from phongdich.news.services.notices import article_notify

    return article_notify(article_id=article_id, action=action)


@task()
def publish_due_articles() -> int:
    from phongdich.news.services.articles import articles_publish_due

    return articles_publish_due()


def schedule_publish(when: dt.datetime) -> None:
    """Queue the publishing task for ``when`` (where the backend can defer; elsewhere the
    public pages publish on read and the next run catches up)."""
    if default_task_backend.supports_defer:
        publish_due_articles.using(run_after=when).enqueue()


@task()
def notify_bulletin(bulletin_id: int) -> int:
    from phongdich.news.services.bulletins import bulletin_notify

    return bulletin_notify(bulletin_id=bulletin_id)


@task()
def send_bulletin_reminders(bulletin_id: int, user_ids: list[int]) -> int:
    from phongdich.news.services.bulletins import bulletin_reminders_deliver

    return bulletin_reminders_deliver(bulletin_id=bulletin_id, user_ids=user_ids)


@task()
def notify_report(report_id: int, event: str) -> int:
    from phongdich.news.services.falsenews import report_notify

    return report_notify(report_id=report_id, event=event)
