"""Reminders: owners who are console users get one mail per action and day for open actions
due within a week or overdue; nothing for later, finished or dropped actions, or typed names."""

from __future__ import annotations

from datetime import date, timedelta

from readiness import access, db, plans
from readiness.models import Assessment, User
from tests.conftest import make_user
from tests.plan.helpers import closed_wave

OWNER = "owner@example.org"


def _plan(app) -> None:
    owner = make_user(app, OWNER, "a long enough secret", "viewer")
    wave = closed_wave(app, people=12)
    today = date.today()
    with app.app_context(), db.writing() as session:
        assessment = session.get(Assessment, wave)
        access.grant(assessment, session.get(User, owner))
        for title, days, status, user in [
            ("Due in three days", 3, "planned", owner),
            ("Overdue by two days", -2, "in_progress", owner),
            ("Due in three weeks", 21, "planned", owner),
            ("Done already", 1, "done", owner),
            ("Dropped", 1, "dropped", owner),
            ("Owned by a name", 1, "planned", None),
        ]:
            plans.add(assessment, {"title": title, "due_on": today + timedelta(days=days),
                                   "status": status, "owner_user_id": user,
                                   "owner_name": "" if user else "Sam"})


def test_owners_get_reminders_of_actions_due_within_a_week_and_overdue(app, runner,
                                                                        smtp_sink):
    _plan(app)
    result = runner.invoke(args=["plan-reminders"])
    assert result.exit_code == 0, result.output
    subjects = sorted(message["Subject"] for message in smtp_sink.to(OWNER))
    assert len(subjects) == 2
    assert subjects[0].startswith("Due on") and subjects[0].endswith("Due in three days")
    assert subjects[1] == "Overdue: Overdue by two days"
    assert len(smtp_sink.messages) == 2


def test_running_the_reminders_again_the_same_day_sends_nothing_more(app, runner, smtp_sink):
    _plan(app)
    runner.invoke(args=["plan-reminders"])
    result = runner.invoke(args=["plan-reminders"])
    assert result.exit_code == 0
    assert len(smtp_sink.messages) == 2


def test_the_next_day_brings_the_next_reminder(app, runner, smtp_sink):
    _plan(app)
    runner.invoke(args=["plan-reminders"])
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    runner.invoke(args=["plan-reminders", "--day", tomorrow])
    assert len(smtp_sink.messages) == 4


def test_the_queues_daily_task_sends_them_without_a_command(app, smtp_sink):
    from readiness.mail.queue import get_huey

    _plan(app)
    with app.app_context():
        get_huey(app).readiness_tasks["daily"]()
    assert sorted(message["Subject"] for message in smtp_sink.to(OWNER))[1] == (
        "Overdue: Overdue by two days")
    assert len(smtp_sink.messages) == 2
