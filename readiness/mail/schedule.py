"""Jobs the queue runs on a timetable or on request: making a round of survey mail, sending
scheduled reminders, deleting the lists of surveys that have ended."""

from __future__ import annotations


def run_job(job: str, assessment_id: int, round_key: str | None) -> int:
    """Run one long job for an assessment; how many messages it queued."""
    from . import rounds

    return rounds.run(job, assessment_id, round_key)


def tick() -> None:
    """The minute's housekeeping (see `queue`)."""
    from . import rounds

    rounds.housekeeping()
