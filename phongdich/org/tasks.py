from django.tasks import task


@task()
def run_staff_import(job_id: str) -> str:
    from phongdich.org.services import staff_import_run

    job = staff_import_run(job_id=job_id)
    return str(job.status)
