"""Queue 50,000 invitations and deliver them to a local SMTP sink, with 1 and then 2 workers.

Run: .venv/bin/python bench/bench_mail.py [--messages 50000] [--upload-lines 100000]

Everything on this machine: SQLite database and SQLite queue in a temporary folder, the sink
(aiosmtpd, ``python -m readiness.mail.sink``) on 127.0.0.1 in a process of its own recording
each recipient and Message-ID, workers as real ``flask --app wsgi worker`` processes.
Reports: the time to upload a 100,000-line list (parse, one code each, sealed), the time to
queue a round of invitations (render en/de/fr, seal, insert, wake the queue), messages per
second with 1 worker (the invitations) and 2 workers (a reminder round of the same size), peak
memory of this process and of each worker, duplicates and losses counted at the sink.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
print = functools.partial(print, flush=True)  # noqa: A001 - progress shows as it happens

from sqlalchemy import func, select  # noqa: E402

from readiness import create_app, db  # noqa: E402
from readiness.assessments import AssessmentSpec, create  # noqa: E402
from readiness.lifecycle import open_  # noqa: E402
from readiness.mail import recipients, rounds  # noqa: E402
from readiness.mail.sink import free_port  # noqa: E402
from readiness.models import Base, MailMessage  # noqa: E402
from readiness.models.mail import SENT  # noqa: E402


def _csv(n: int, prefix: str) -> bytes:
    languages = ("en", "de", "fr")
    lines = ["email,language,name"]
    lines += [f"{prefix}{i}@example.org,{languages[i % 3]},Person {i}" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def _survey(app, title: str) -> int:
    with app.app_context(), db.writing():
        assessment = create(AssessmentSpec(title=title, organisation="Bench Ltd",
                                           languages=("en", "de", "fr"), distribution="both"))
        open_(assessment)
        return assessment.id


def _peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _start_workers(count: int, env: dict) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for _ in range(count)]


def _deliver(app, env: dict, workers: int, expected: int, done_before: int):
    processes = _start_workers(workers, env)
    started = time.perf_counter()
    peaks = []
    try:
        while True:
            with app.app_context():
                sent = db.session().scalar(select(func.count()).select_from(MailMessage)
                                           .where(MailMessage.state == SENT))
                db.session().commit()
            if sent - done_before >= expected:
                break
            if time.perf_counter() - started > 3600:
                raise SystemExit("gave up after an hour")
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        peaks = [_peak_kb(process.pid) for process in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    return elapsed, peaks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--upload-lines", type=int, default=100_000)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    port = free_port()
    record = folder / "received.tsv"
    sink = subprocess.Popen([sys.executable, "-m", "readiness.mail.sink", "--port", str(port),
                             "--directory", "", "--record", str(record)], cwd=ROOT,
                            stdout=subprocess.DEVNULL)
    time.sleep(1.5)
    settings = {
        "DATABASE_URL": f"sqlite:///{folder / 'readiness.sqlite'}",
        "SECRET_KEY": "bench-secret",
        "QUEUE_FILE": str(folder / "queue.sqlite"),
        "PUBLIC_BASE_URL": "https://readiness.example.org",
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_SECURITY": "none",
        "LOG_LEVEL": "WARNING",
    }
    app = create_app(settings)
    with app.app_context():
        Base.metadata.create_all(db.engine())
    env = {**os.environ, **{f"READINESS_{k}": str(v) for k, v in settings.items()}}

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}")

    big = _survey(app, "Upload bench")
    started = time.perf_counter()
    with app.app_context(), db.writing() as session:
        from readiness.models import Assessment

        upload = recipients.add(session.get(Assessment, big), _csv(arguments.upload_lines, "u"))
    upload_seconds = time.perf_counter() - started
    print(f"Upload of {arguments.upload_lines:,} lines: {upload_seconds:.1f} s "
          f"({upload.added:,} added)")

    survey = _survey(app, "Delivery bench")
    with app.app_context(), db.writing() as session:
        from readiness.models import Assessment

        recipients.add(session.get(Assessment, survey), _csv(arguments.messages, "p"))
        recipients.settings_for(session.get(Assessment, survey)).link_base = settings[
            "PUBLIC_BASE_URL"]

    results = []
    done = 0
    for workers, job, round_key in ((1, rounds.INVITE, rounds.INVITATION_ROUND),
                                    (2, rounds.REMIND, "reminder-1")):
        started = time.perf_counter()
        with app.app_context():
            queued = rounds.run(job, survey, round_key)
        enqueue_seconds = time.perf_counter() - started
        elapsed, peaks = _deliver(app, env, workers, queued, done)
        done += queued
        results.append((workers, queued, enqueue_seconds, elapsed, peaks))
        print(f"{round_key}: queued {queued:,} in {enqueue_seconds:.1f} s "
              f"({queued / enqueue_seconds:,.0f}/s); delivered with {workers} worker(s) in "
              f"{elapsed:.1f} s = {queued / elapsed:,.0f} messages/s; worker peak RSS "
              f"{', '.join(f'{kb / 1024:.0f} MB' for kb in peaks)}")

    sink_peak_mb = _peak_kb(sink.pid) / 1024
    sink.terminate()
    sink.wait()
    received = [tuple(line.split("\t")) for line in record.read_text().splitlines()]
    per_message = Counter(received)
    addresses = Counter(to for to, _ in received)
    expected = {f"p{i}@example.org" for i in range(arguments.messages)}
    duplicates = sum(count - 1 for count in per_message.values() if count > 1)
    losses = sum(1 for address in expected if addresses[address] < 2)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Received {len(received):,} messages; duplicates {duplicates}, losses {losses}; "
          f"peak RSS: bench process {peak_mb:.0f} MB (upload, rendering), sink "
          f"{sink_peak_mb:.0f} MB")
    if duplicates or losses:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
