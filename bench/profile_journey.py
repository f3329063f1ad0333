"""Where a survey's server time goes: the journey through Flask's test client, under pyinstrument.

    python -m bench.profile_journey --surveys 200            # the last commit
    python -m bench.profile_journey --surveys 200 --tree     # the working tree

Runs in one process against a fresh SQLite file, without gunicorn or sockets, so the profile
shows only the application's own work per request. Writes bench/out/profile.html as well.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

from werkzeug.datastructures import MultiDict

from bench.serve import OUT, SECRET, _python_env, snapshot

#: Production cookies are Secure, so the test client speaks "https" to keep them (and sends the
#: Referer that Flask-WTF asks for over HTTPS).
BASE = "https://127.0.0.1"


def _reply(response):
    from bench.client import Reply

    return Reply(response.status_code, {k.lower(): v for k, v in response.headers.items()},
                 response.get_data(), 0.0)


def play(client, landing: str, rng: random.Random, timings: dict | None = None) -> int:
    """One whole journey; returns the number of requests made."""
    from bench.journey import Policy, Respondent, Tally, main_form

    def timed(method: str, path: str, **kwargs):
        started = time.perf_counter()
        response = client.open(path, method=method, base_url=BASE, **kwargs)
        if timings is not None:
            label = f"{method} {path.split('/', 3)[-1]}"
            timings.setdefault(label, []).append(time.perf_counter() - started)
        return response

    respondent = Respondent(None, Tally(), Policy(), rng, str)
    requests = 1
    path = landing
    response = timed("GET", landing, headers={"Accept-Language": "en"})
    while True:
        form = main_form(_reply(response), path)
        submit = bool(respondent.submission.answers) and form.questions == 0
        sent = respondent.fill(form)
        response = timed("POST", form.action, data=MultiDict(sent),
                         headers={"Referer": f"{BASE}{path}"})
        requests += 1
        while response.status_code in (303, 307):
            # A 307 carries the open answers: the browser posts the same form again.
            path = response.headers["Location"]
            if response.status_code == 307:
                response = timed("POST", path, data=MultiDict(sent),
                                 headers={"Referer": f"{BASE}{path}"})
            else:
                response = timed("GET", path)
            requests += 1
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        if submit:
            return requests


def profile(surveys: int, interval: float, cpu_only: bool = False) -> None:
    from pyinstrument import Profiler

    from bench.serve import create_assessment
    from readiness import create_app, migrate

    workdir = tempfile.mkdtemp(prefix="bench-profile-", dir=OUT)
    url = f"sqlite:///{workdir}/readiness.sqlite"
    migrate.upgrade(url)
    landing = create_assessment(url)["landing"]
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "ENV": "production"})
    rng = random.Random(7)
    for _ in range(5):  # warm caches and templates
        play(app.test_client(), landing, rng)
    timings: dict[str, list[float]] = {}
    started = time.process_time()
    for _ in range(surveys):
        play(app.test_client(), landing, rng, timings)
    cpu = time.process_time() - started
    print(f"Without the profiler: {1000 * cpu / surveys:.1f} ms CPU per survey "
          "(test client and HTML parsing included). Median wall ms per request:")
    for label, values in sorted(timings.items(), key=lambda kv: -sorted(kv[1])[len(kv[1]) // 2]):
        print(f"  {label:36} {1000 * sorted(values)[len(values) // 2]:7.2f}")
    if cpu_only:
        return
    profiler = Profiler(interval=interval)
    requests = 0
    started = time.perf_counter()
    with profiler:
        for _ in range(surveys):
            requests += play(app.test_client(), landing, rng)
    seconds = time.perf_counter() - started
    print(f"{surveys} surveys, {requests} requests in {seconds:.2f} s: "
          f"{1000 * seconds / surveys:.1f} ms per survey, {1000 * seconds / requests:.2f} ms "
          "per request (one process, profiler on)")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    (OUT / "profile-all.txt").write_text(profiler.output_text(unicode=True, show_all=True))
    (OUT / "profile.html").write_text(profiler.output_html())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--surveys", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.0002)
    parser.add_argument("--tree", action="store_true")
    parser.add_argument("--cpu-only", action="store_true", help="skip the profiled run")
    args = parser.parse_args(argv)
    args.surveys = min(args.surveys, 5000)
    if os.environ.get("BENCH_PROFILE_CHILD") or args.tree:
        profile(args.surveys, args.interval, args.cpu_only)
        return 0
    source, _ = snapshot()
    env = _python_env(source, {"BENCH_PROFILE_CHILD": "1"})
    command = [sys.executable, "-m", "bench.profile_journey", "--surveys", str(args.surveys),
               "--interval", str(args.interval), *(["--cpu-only"] if args.cpu_only else [])]
    return subprocess.run(command, cwd=source, env=env, timeout=600).returncode


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    sys.exit(main())
