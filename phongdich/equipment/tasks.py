from django.tasks import task


@task()
def run_equipment_import(job_id: str) -> str:
    from phongdich.equipment.services.imports import equipment_import_run

    job = equipment_import_run(job_id=job_id)
    return str(job.status)


@task()
def send_review_reminders(campaign_id: int, staff_ids: list[int], url: str) -> int:
    from phongdich.equipment.services.reviews import review_reminders_deliver

    return review_reminders_deliver(campaign_id=campaign_id, staff_ids=staff_ids, url=url)


@task()
def notify_proposal_step(proposal_id: int, action: str) -> int:
    from phongdich.equipment.services.proposals import proposal_step_notify

    return proposal_step_notify(proposal_id=proposal_id, action=action)
