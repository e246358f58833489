"""Background work of the tracing module (django.tasks)."""

from __future__ import annotations

from django.tasks import task


@task()
def run_trace(run_id: str) -> str:
    """Run a queued trace (``services.trace_run_execute``); the run's final status."""
    from phongdich.tracing.services import trace_run_execute

    run = trace_run_execute(run_id=run_id)
    return str(run.status)
