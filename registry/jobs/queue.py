"""The queue behind the jobs: Huey, on Redis when REGISTRY_REDIS_URL is set, else on a SQLite file beside the
database (embedded: nothing else to install or run but the worker, which `make run` starts with the app).

A message only says "run job N": what the job is and how far it got are in the database (registry/services/
jobs.py), so a message lost with a killed worker costs nothing but time: a worker starting up takes up every
unfinished job, and every minute one takes up jobs whose lease ran out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper

from registry.extensions import db
from registry.models import Job
from registry.models.types import utcnow
from registry.services import jobs

LOST_AFTER = timedelta(minutes=1)


@dataclass
class Queue:
    huey: Huey
    run_job: TaskWrapper  # the Huey task: run_job(job_id) enqueues

    def enqueue(self, job_id: int) -> None:
        self.run_job(job_id)


def make_queue(app: Flask) -> Queue:
    config = app.config
    name = str(config.get("QUEUE_NAME", "registry"))
    huey: Huey
    if config["REDIS_URL"]:
        huey = RedisHuey(name, url=config["REDIS_URL"], results=False, immediate=config["QUEUE_IMMEDIATE"])
    else:
        huey = SqliteHuey(name, filename=config["QUEUE_PATH"], results=False, immediate=config["QUEUE_IMMEDIATE"])

    @huey.task(name="registry.run_job")
    def run_job(job_id: int) -> None:
        from registry.jobs.runner import run_job as run

        with app.app_context(), app.test_request_context(base_url=config["PUBLIC_BASE_URL"]):
            wait = run(db.session(), job_id)
            db.session.remove()
        if wait is not None:  # another worker holds it: look again when its lease runs out
            run_job.schedule(args=(job_id,), delay=wait)

    def take_up(leased_too: bool) -> None:
        with app.app_context():
            found = jobs.to_take_up(db.session(), now=utcnow(), queued_for=timedelta(0) if leased_too else LOST_AFTER,
                                    leased_too=leased_too)
            db.session.remove()
        for job_id in found:
            run_job(job_id)

    @huey.on_startup()
    def take_up_unfinished() -> None:
        take_up(leased_too=True)

    @huey.periodic_task(crontab(minute="*"), name="registry.take_up_lost_jobs")
    def take_up_lost() -> None:
        take_up(leased_too=False)

    @huey.periodic_task(crontab(minute="*"), name="registry.count_reports")
    def count_reports() -> None:
        """The programme reports' months changed since the last count, counted ahead of the next report (a
        request counts only a few itself: services/report_tallies.refresh)."""
        from registry.jobs.report_counting import count_reports_now

        with app.app_context():
            count_reports_now(db.session())
            db.session.remove()

    @huey.periodic_task(crontab(hour="2", minute="17"), name="registry.retention")
    def retention() -> None:
        from registry.jobs.retention import run_retention

        with app.app_context():
            run_retention(db.session())
            db.session.remove()

    return Queue(huey, run_job)


def init_queue(app: Flask) -> None:
    app.extensions["registry_queue"] = make_queue(app)


def queue() -> Queue:
    return current_app.extensions["registry_queue"]  # type: ignore[no-any-return]


def start_job(job: Job) -> None:
    """Commit the job, then queue it: a worker (or, in immediate mode, this very call) must find it written."""
    job_id = job.id
    db.session.commit()
    if current_app.config["QUEUE_IMMEDIATE"]:
        queue().enqueue(job_id)
        return
    try:
        queue().enqueue(job_id)
    except Exception as error:  # noqa: BLE001 (Redis or the queue's file away: the job is safe in the database)
        # Written and committed, the job is not lost: a worker takes up jobs queued longer than LOST_AFTER
        # that no message brought it (take_up_lost, every minute), so it starts late rather than never.
        current_app.logger.warning("job %s kept in the database, to be taken up within %s: the queue failed (%s)",
                                   job_id, LOST_AFTER, error)
